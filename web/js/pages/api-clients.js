/*
 * api-clients.js - an account's API clients (/a/{id}/api-clients): the
 * programs that call Steward's API in the account's name, each with its
 * name, client id, role, the customers it is limited to (partner
 * accounts; a multi-tenant company console's: its sites), when it was
 * created and when it last called the API (to the minute).
 *
 * Admins over the whole account create clients (Create API client: a name,
 * Admin or Viewer, and in a partner account the whole account or chosen
 * customers, in a multi-tenant company console the whole company or
 * chosen sites); the client id and secret are then shown once, with Copy
 * buttons and a curl line that exchanges them for a token. Admins delete
 * a client after a confirmation that its tokens stop working at once.
 * Viewers see the list without these. A role limited to chosen customers
 * or sites may not list clients (403): the page says so.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card, emptyState, accountCrumb, listCard } from '../components/ui.js';
import { table } from '../components/table.js';
import { field, banner, showErrors, clearErrors, validators, check } from '../components/form.js';
import { icon } from '../components/icons.js';
import { confirmDialog, formDialog } from '../components/dialog.js';
import { toast } from '../components/toast.js';
import { copyField, onCopyClick, onCopyFocus } from '../components/copy-field.js';
import { customerChoice, wireAccess, serverFields, childrenOf } from '../components/people-dialogs.js';
import { relativeTime } from '../devices.js';
import { scopeText } from './users.js';
import { t, plural, formatDate, formatNumber, getLanguage } from '../i18n.js';

const NAME_MAX = 100;
let counter = 0;

/** The page for a role limited to chosen customers or sites, which may not see the clients. */
export function limitedPage(account, name, text) {
  return {
    title: t('nav.' + name),
    breadcrumbs: [accountCrumb(account), { label: t('nav.' + name) }],
    body: card({ body: emptyState({ icon: 'lock', title: t('integrations.limited.title'), text }) }),
  };
}

/** What load() answers, or null when the server refuses the signed-in role (403). */
export async function unlessForbidden(load) {
  try {
    return await load();
  } catch (e) {
    if (e.status === 403) return null;
    throw e;
  }
}

/** The customers (sites) a client is limited to, by name ("All customers" without a limit). */
function customersText(c, names, noun) {
  const ids = noun === 'sites' ? c.site_ids : c.customer_ids;
  if (ids) return scopeText(ids, names, noun === 'sites');
  return t(noun === 'sites' ? 'company.apiClients.allSites' : 'apiClients.allCustomers');
}

/** The client id and secret, shown once, and how to get a token with them. */
function showSecret(client) {
  const id = 'client-secret-' + ++counter;
  const origin = window.location.origin;
  const curl = `curl -u '${client.client_id}:${client.client_secret}' -d grant_type=client_credentials ${origin}/api/v1/oauth/token`;
  return formDialog({
    title: t('apiClients.created.title', { name: client.name }),
    confirm: '',
    backdrop: false,
    body: html`
      <div class="callout callout-warning secret-once" role="note">
        ${icon('warning', 'callout-icon')}
        <div class="callout-body"><p>${t('apiClients.created.once')}</p></div>
      </div>
      ${copyField({ id: id + '-id', name: 'client-id', label: t('apiClients.clientId'), value: client.client_id })}
      ${copyField({ id: id + '-secret', name: 'client-secret', label: t('apiClients.secret'), value: client.client_secret })}
      <h3 class="secret-heading">${t('apiClients.token.title')}</h3>
      <p class="small">${t('apiClients.token.text')}</p>
      <code class="code-line">POST /api/v1/oauth/token  grant_type=client_credentials</code>
      <p class="small">${t('apiClients.token.use')}</p>
      <code class="code-line">Authorization: Bearer &lt;${t('apiClients.token.token')}&gt;</code>
      ${copyField({ id: id + '-curl', name: 'curl', label: t('apiClients.token.example'), value: curl, multiline: true })}`,
    onOpen(box) {
      box.classList.add('dialog-secret');
      box.addEventListener('click', onCopyClick);
      box.addEventListener('focusin', onCopyFocus);
    },
  });
}

/** Create API client: resolves the new client (with its secret) or null. */
async function openCreate(account, customers) {
  const id = 'client-' + ++counter;
  const noun = childrenOf(account);
  let access = null;
  let created = null;
  const role = (value) => html`
    <div class="role-choice"><label class="check"><input type="radio" name="role" value="${value}" ?checked=${value === 'viewer'}
      aria-describedby="${id + '-' + value + '-hint'}"><span>${t('role.' + value)}</span></label>
    <p class="check-hint muted small" id="${id + '-' + value + '-hint'}">${t('apiClients.role.' + value)}</p></div>`;
  const ok = await formDialog({
    title: t('apiClients.create.title'),
    message: t('apiClients.create.text', { name: account.name }),
    confirm: t('apiClients.create.confirm'),
    body: html`<form class="people-form" novalidate>
      ${field({
        id: id + '-name', label: t('table.name'), hint: t('apiClients.name.hint'),
        input: html`<input class="input" id="${id + '-name'}" name="name" type="text" maxlength="200" autocomplete="off"
          aria-describedby="${id + '-name-hint'}">`,
      })}
      <fieldset class="field choice-set">
        <legend class="field-label">${t('table.role')}</legend>
        ${role('admin')}
        ${role('viewer')}
      </fieldset>
      ${noun ? customerChoice(id, false, noun) : ''}
    </form>`,
    onOpen(box) {
      access = wireAccess(box, { customers, chosen: [], noun });
      box.querySelector('form').addEventListener('submit', (e) => { e.preventDefault(); box.querySelector('[data-answer="yes"]').click(); });
    },
    async onConfirm(box) {
      const form = box.querySelector('form');
      clearErrors(form);
      const v = access.value();
      const name = form.elements.name.value;
      const errors = {};
      const e = check(name, validators.required, (x) => validators.text(x, NAME_MAX));
      if (e) errors.name = e;
      const ids = v.customer_ids || v.site_ids;
      if (ids && !ids.length) errors.customer_ids = t(noun === 'sites' ? 'company.people.access.required' : 'people.access.required');
      if (Object.keys(errors).length) { showErrors(form, errors); return false; }
      const body = { name: name.trim(), role: v.role };
      if (v.customer_ids) body.customer_ids = v.customer_ids;
      if (v.site_ids) body.site_ids = v.site_ids;
      try {
        created = await api.apiClients.create(account.id, body);
        return true;
      } catch (ex) {
        if (ex.status === 401) return false;
        if (serverFields(form, ex)) return false;
        return ex.message;
      }
    },
  });
  return ok ? created : null;
}

export default async function apiClients({ account, isAdmin, wholeAccount }) {
  const first = wholeAccount ? await unlessForbidden(() => api.apiClients.listAll(account.id)) : null;
  if (!first) return limitedPage(account, 'apiClients', t('apiClients.limited'));
  let items = first.items;
  const noun = childrenOf(account);
  const manager = isAdmin;
  const names = new Map();
  let customers = null;
  let root = null;
  let problem = null;

  /** The account's customers (a multi-tenant company console's sites), for names and the choice, loaded once. */
  async function accountCustomers() {
    if (!noun) return [];
    if (!customers) {
      const coll = new Intl.Collator(getLanguage());
      customers = (noun === 'sites' ? (await api.sites.listAll(account.id, null)).items.map((st) => ({ id: st.id, company: st.name }))
        : (await api.customers.listAll(account.id)).items.map((c) => ({ id: c.id, company: c.company })))
        .sort((a, b) => coll.compare(a.company, b.company));
      for (const c of customers) names.set(c.id, c.company);
    }
    return customers;
  }
  if (noun && items.some((c) => c.customer_ids || c.site_ids)) {
    try { await accountCustomers(); } catch { /* the cells still say how many customers */ }
  }

  async function reload() {
    try {
      items = (await api.apiClients.listAll(account.id)).items;
      problem = null;
    } catch (e) {
      if (e.status === 401) return;
      problem = e;
    }
    draw();
  }

  async function create() {
    let cs;
    try { cs = await accountCustomers(); } catch (e) { if (e.status !== 401) toast(e.message, { kind: 'error' }); return; }
    const client = await openCreate(account, cs);
    if (!client) return;
    await reload();
    await showSecret(client);
    toast(t('apiClients.created.toast', { name: client.name }), { kind: 'success' });
  }

  async function remove(c) {
    if (!(await confirmDialog({
      title: t('apiClients.delete.title', { name: c.name }),
      message: t('apiClients.delete.text'),
      confirm: t('apiClients.delete.confirm'), danger: true,
    }))) return;
    try {
      await api.apiClients.remove(account.id, c.id);
      toast(t('apiClients.delete.done', { name: c.name }), { kind: 'success' });
    } catch (e) {
      if (e.status !== 401) toast(e.message, { kind: 'error' });
      return;
    }
    await reload();
    // Its row is gone: focus goes on to the next row's Delete, else to Create.
    (root?.querySelector('[data-delete]') || document.querySelector('.page-actions [data-ref="create"]'))?.focus();
  }

  const columns = [
    { header: t('table.name'), rowHeader: true, cell: (c) => html`<span class="cell-text">${c.name}</span>` },
    { header: t('apiClients.clientId'), cell: (c) => html`<code class="break-code">${c.client_id}</code>` },
    { header: t('table.role'), cellClass: 'cell-nowrap', cell: (c) => html`<span class="${c.role === 'admin' ? 'badge badge-strong' : 'badge'}">${t('role.' + c.role)}</span>` },
  ];
  if (noun) {
    columns.push({
      header: t(noun === 'sites' ? 'company.apiClients.sites' : 'apiClients.customers'),
      cell: (c) => customersText(c, names, noun),
    });
  }
  columns.push(
    { header: t('table.created'), cellClass: 'cell-nowrap', cell: (c) => formatDate(c.created_at, 'medium') },
    { header: t('apiClients.lastUsed'), cellClass: 'cell-nowrap', cell: (c) => relativeTime(c.last_used_at, { never: t('apiClients.never') }) },
  );
  if (manager) {
    columns.push({
      header: html`<span class="visually-hidden">${t('people.actions')}</span>`, cellClass: 'cell-actions',
      cell: (c) => html`<button type="button" class="btn btn-secondary btn-sm btn-icon" data-delete="${c.id}"
        aria-label="${t('apiClients.delete.label', { name: c.name })}" title="${t('apiClients.delete.label', { name: c.name })}">${icon('trash')}</button>`,
    });
  }

  function rows() {
    if (problem) return html`<div class="card-pad">${banner('error', problem.message)}</div>`;
    return table({
      caption: t('nav.apiClients'), columns, rows: items, key: (c) => c.id,
      empty: emptyState({
        icon: 'key', title: t('apiClients.empty.title'), headingLevel: 3,
        text: t(manager ? 'apiClients.empty.text' : 'apiClients.empty.viewer'),
      }),
    });
  }

  function draw() {
    if (!root || !root.isConnected) return;
    render(root.querySelector('[data-ref="rows"]'), rows());
    root.querySelector('[data-ref="count"]').textContent = plural('apiClients.count', items.length, { n: formatNumber(items.length) });
  }

  return {
    title: t('nav.apiClients'),
    description: t('apiClients.description', { name: account.name }),
    breadcrumbs: [accountCrumb(account), { label: t('nav.apiClients') }],
    actions: manager ? html`<button type="button" class="btn btn-primary" data-ref="create">${icon('plus')}<span>${t('apiClients.create')}</span></button>` : '',
    body: html`
      ${manager ? '' : html`<div class="settings-note">${banner('info', t('apiClients.viewer'))}</div>`}
      ${listCard(t('apiClients.list'))}`,
    mounted(el) {
      root = el.querySelector('.page-body') || el;
      el.querySelector('[data-ref="create"]')?.addEventListener('click', create);
      root.addEventListener('click', (e) => {
        const b = e.target.closest('[data-delete]');
        const c = b && items.find((x) => x.id === b.dataset.delete);
        if (c) remove(c);
      });
      draw();
    },
  };
}

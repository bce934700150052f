/*
 * users.js - the people who work in an account (/a/{id}/users): the
 * signed-in user's own access, and the account's users from the server
 * with their role (Global admin / Global viewer, or Customer admin /
 * Customer viewer of the customers named), status and last sign-in.
 *
 * Only members with a role in the whole account may list the users; a role
 * limited to chosen customers (403) sees its own access and a sentence
 * saying so, never an empty table.
 *
 * Admins over the whole account invite people (Invite user) and manage
 * each other row with its "…" menu: change the role and access, suspend or
 * reactivate, remove; an invitation not accepted yet is withdrawn or sent
 * again. Nobody manages their own row here. The server's refusals
 * (last_admin, own_access, invitation_pending) are shown as it words them.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card, accountCrumb, initials } from '../components/ui.js';
import { table } from '../components/table.js';
import { pagedList, pager } from '../components/pagination.js';
import { banner } from '../components/form.js';
import { icon } from '../components/icons.js';
import { menuButton } from '../components/menu.js';
import { confirmDialog } from '../components/dialog.js';
import { toast } from '../components/toast.js';
import { openInvite, openChangeAccess } from '../components/people-dialogs.js';
import { t, plural, formatDate, formatNumber, getLanguage } from '../i18n.js';
import { isMultiTenant } from '../companies.js';

const PAGE = 50;

/**
 * A role as a person reads it: in a partner account "Global admin" or
 * "Customer viewer" (with the customers' names), in a company console
 * "Admin" or "Site admin", in the operator's console "Admin".
 */
function roleLabel(kind, role, customerIds) {
  const r = role === 'admin' ? 'admin' : 'viewer';
  if (kind === 'partner') return t(customerIds ? 'users.role.customer.' + r : 'users.role.global.' + r);
  if (kind === 'company' && customerIds) return t('users.role.site.' + r);
  return t('role.' + r);
}

/** The customers (sites: a company console's) a limited role covers, by name where the user may see them. */
export function scopeText(customerIds, names, sites = false) {
  if (!customerIds) return '';
  const key = (k) => (sites ? k.replace(/^users\./, 'company.users.') : k);
  const known = customerIds.map((id) => names.get(id)).filter(Boolean);
  const coll = new Intl.Collator(getLanguage());
  known.sort((a, b) => coll.compare(a, b));
  const others = customerIds.length - known.length;
  const sep = getLanguage() === 'ja' ? '、' : ', ';
  const parts = [...known];
  if (others) parts.push(plural(key(known.length ? 'users.scope.more' : 'users.scope.count'), others, { n: formatNumber(others) }));
  return parts.length ? parts.join(sep) : t(key('users.scope.none'));
}

/** The customers a user's role covers, or in a company console its sites (null: the whole account). */
const childrenIds = (kind, u) => (kind === 'company' ? u.site_ids : u.customer_ids) || null;

function roleCell(kind, u, names) {
  const ids = childrenIds(kind, u);
  const scope = scopeText(ids, names, kind === 'company');
  return html`<span class="${u.role === 'admin' ? 'badge badge-strong' : 'badge'}">${roleLabel(kind, u.role, ids)}</span>${scope
    ? html`<span class="cell-sub">${scope}</span>` : ''}`;
}

const STATUS_BADGE = { active: 'badge badge-ok', suspended: 'badge badge-warning', invited: 'badge badge-accent', expired: 'badge badge-danger' };

/** Active, Suspended, Invited (not accepted yet) or Invitation expired; an unknown status as it is. */
function statusCell(u) {
  const known = Object.prototype.hasOwnProperty.call(STATUS_BADGE, u.status);
  return html`<span class="${known ? STATUS_BADGE[u.status] : 'badge'}">${known ? t('users.status.' + u.status) : u.status}</span>`;
}

export default async function users({ account, user, wholeAccount }) {
  let root = null;
  let forbidden = !wholeAccount;
  const list = pagedList((cursor, signal) => api.users.list(account.id, { limit: PAGE, cursor, signal }), { onChange: draw });
  if (!forbidden) {
    try {
      await list.load({ rethrow: true });
    } catch (e) {
      if (e.status !== 403) throw e;
      forbidden = true;
    }
  }
  // Customer (or site) names for limited roles (a limited role sees just its own).
  const multi = isMultiTenant(account);
  const names = new Map();
  if (account.kind === 'partner' && (forbidden || list.items.some((u) => u.customer_ids))) {
    try {
      for (const c of (await api.customers.listAll(account.id)).items) names.set(c.id, c.company);
    } catch { /* the roles still say how many customers */ }
  }
  if (multi && (forbidden || list.items.some((u) => u.site_ids))) {
    try {
      for (const st of (await api.sites.listAll(account.id, null)).items) names.set(st.id, st.name);
    } catch { /* the roles still say how many sites */ }
  }
  const ownScope = forbidden ? [...names.keys()] : null;
  let me = list.items.find((u) => u.id === user.id || u.email === user.email);
  const manager = !forbidden && wholeAccount && account.role === 'admin';
  let customers = null;

  /** The account's customers (a multi-tenant company console's sites) for the access choice, loaded once. */
  async function accountCustomers() {
    if (account.kind !== 'partner' && !multi) return [];
    if (!customers) {
      const items = multi ? (await api.sites.listAll(account.id, null)).items.map((st) => ({ id: st.id, company: st.name }))
        : (await api.customers.listAll(account.id)).items;
      const coll = new Intl.Collator(getLanguage());
      customers = items.map((c) => ({ id: c.id, company: c.company })).sort((a, b) => coll.compare(a.company, b.company));
      for (const c of customers) names.set(c.id, c.company);
    }
    return customers;
  }

  async function reload() {
    await list.load();
    me = list.items.find((u) => u.id === user.id || u.email === user.email);
  }

  async function invite(prefill = {}) {
    let cs;
    try { cs = await accountCustomers(); } catch (e) { if (e.status !== 401) toast(e.message, { kind: 'error' }); return; }
    const inv = await openInvite({ account, customers: cs, ...prefill });
    if (!inv) return;
    toast(t('people.invite.sent', { email: inv.email }), { kind: 'success' });
    await reload();
  }

  async function act(u, what) {
    const who = u.name || u.email;
    try {
      if (what === 'change') {
        const cs = await accountCustomers();
        if (!(await openChangeAccess({ account, customers: cs, user: u }))) return;
        toast(t('people.change.done', { name: who }), { kind: 'success' });
      } else if (what === 'suspend' || what === 'reactivate') {
        if (what === 'suspend' && !(await confirmDialog({ title: t('people.suspend.title', { name: who }),
          message: t('people.suspend.text', { name: account.name }), confirm: t('people.act.suspend'), danger: true }))) return;
        await api.users.update(account.id, u.id, { status: what === 'suspend' ? 'suspended' : 'active' });
        toast(t(what === 'suspend' ? 'people.suspend.done' : 'people.reactivate.done', { name: who }), { kind: 'success' });
      } else if (what === 'remove') {
        if (!(await confirmDialog({ title: t('people.remove.title', { name: who }),
          message: t('people.remove.text', { name: account.name }), confirm: t('people.act.remove'), danger: true }))) return;
        await api.users.remove(account.id, u.id);
        toast(t('people.remove.done', { name: who }), { kind: 'success' });
      } else if (what === 'withdraw') {
        if (!(await confirmDialog({ title: t('people.withdraw.title'),
          message: t('people.withdraw.text', { email: u.email }), confirm: t('people.act.withdraw'), danger: true }))) return;
        await api.users.remove(account.id, u.id);
        toast(t('people.withdraw.done', { email: u.email }), { kind: 'success' });
      } else if (what === 'again') {
        await invite({ email: u.email, role: u.role, customerIds: childrenIds(account.kind, u) });
        return;
      }
    } catch (e) {
      if (e.status !== 401) toast(e.message, { kind: 'error', title: t('people.failed') });
      return;
    }
    await reload();
  }

  function rowMenu(u) {
    if (u.id === me?.id) return '';
    const pending = u.status === 'invited' || u.status === 'expired';
    const who = u.name || u.email;
    const item = (what, ic, label, danger = false) => html`<button type="button" class="${danger ? 'menu-item menu-item-danger' : 'menu-item'}"
      role="menuitem" data-user="${u.id}" data-act="${what}">${icon(ic)}<span>${label}</span></button>`;
    return html`<div class="row-menu">
      <button type="button" class="btn btn-secondary btn-sm btn-icon" data-menu="${u.id}" aria-label="${t('people.menu', { name: who })}"
              title="${t('people.menu', { name: who })}">${icon('more')}</button>
      <div class="menu menu-right" role="menu" aria-label="${t('people.menu', { name: who })}" hidden>
        ${pending ? html`
          ${item('again', 'mail', t('people.act.again'))}
          <div class="menu-separator" role="separator"></div>
          ${item('withdraw', 'undo', t('people.act.withdraw'), true)}` : html`
          ${item('change', 'edit', t('people.act.change'))}
          ${u.status === 'suspended' ? item('reactivate', 'check', t('people.act.reactivate')) : item('suspend', 'clock', t('people.act.suspend'))}
          <div class="menu-separator" role="separator"></div>
          ${item('remove', 'trash', t('people.act.remove'), true)}`}
      </div>
    </div>`;
  }

  /** Menus in a scrolling table are placed over the page so that no edge cuts them off. */
  function wireMenus(box) {
    for (const b of box.querySelectorAll('[data-menu]')) {
      const menu = b.parentElement.querySelector('[role="menu"]');
      menuButton(b, menu, {
        onOpen() {
          const r = b.getBoundingClientRect();
          menu.style.position = 'fixed';
          menu.style.right = Math.max(8, window.innerWidth - r.right) + 'px';
          menu.style.left = 'auto';
          const below = window.innerHeight - r.bottom;
          if (below < 200 && r.top > below) { menu.style.top = 'auto'; menu.style.bottom = (window.innerHeight - r.top + 6) + 'px'; }
          else { menu.style.bottom = 'auto'; menu.style.top = (r.bottom + 6) + 'px'; }
        },
      });
    }
  }

  const columns = [
    {
      header: t('table.name'), rowHeader: true,
      cell: (u) => html`<span class="cell-text">${u.name || u.email}</span>${u.id === me?.id
        ? html` <span class="badge badge-quiet">${t('users.you')}</span>` : ''}`,
    },
    { header: t('table.email'), cell: (u) => html`<a href="${'mailto:' + u.email}" data-native>${u.email}</a>` },
    { header: t('table.role'), cell: (u) => roleCell(account.kind, u, names) },
    { header: t('table.status'), cellClass: 'cell-nowrap', cell: statusCell },
    {
      header: t('table.lastSignIn'), cellClass: 'cell-nowrap',
      cell: (u) => (u.last_sign_in_at ? formatDate(u.last_sign_in_at, 'medium') : html`<span class="muted">${t('users.never')}</span>`),
    },
  ];
  if (manager) columns.push({ header: html`<span class="visually-hidden">${t('people.actions')}</span>`, cellClass: 'cell-actions', cell: rowMenu });

  function rows() {
    if (list.error) return html`<div class="card-pad">${banner('error', list.error.message)}</div>`;
    return html`
      ${table({ caption: t('users.team'), columns, rows: list.items, key: (u) => u.id })}
      ${pager(list, { onMore: () => list.more(root, { focus: 'a' }) })}`;
  }

  function draw() {
    if (!root || !root.isConnected) return;
    const box = root.querySelector('[data-ref="rows"]');
    if (!box) return;
    render(box, rows());
    if (manager) wireMenus(box);
    box.setAttribute('aria-busy', String(list.loading));
    const n = list.items.length;
    root.querySelector('[data-ref="count"]').textContent = list.next
      ? t('common.shown', { shown: formatNumber(n) }) : plural('users.count', n, { n: formatNumber(n) });
  }

  const scopeLine = ownScope ? scopeText(ownScope, names, account.kind === 'company') : '';
  const yourAccess = card({
    title: t('users.yourAccess'),
    body: html`
      <div class="person">
        <span class="avatar avatar-lg" aria-hidden="true">${initials(user)}</span>
        <div class="person-main">
          <span class="person-name">${user.name || user.email}</span>
          <span class="person-email">${user.email}</span>
        </div>
        <div class="person-role"><span class="${account.role === 'admin' ? 'badge badge-strong' : 'badge'}">${roleLabel(account.kind, account.role, ownScope)}</span></div>
      </div>
      ${scopeLine ? html`<p class="person-scope small">${t(account.kind === 'company' ? 'company.users.yourSites' : 'users.yourCustomers', { customers: scopeLine })}</p>` : ''}
      <p class="muted small">${t(wholeAccount ? 'users.roleExplain.' + (account.role === 'admin' ? 'admin' : 'viewer')
        : account.kind === 'company' ? 'company.users.roleExplain.scoped' : 'users.roleExplain.scoped')}</p>
      ${forbidden ? html`<p class="small" data-ref="notListed">${t('users.notListed', { name: account.name })}</p>` : ''}`,
  });

  return {
    title: t('nav.users'),
    description: t('users.description', { name: account.name }),
    breadcrumbs: [accountCrumb(account), { label: t('nav.users') }],
    actions: manager ? html`<button type="button" class="btn btn-primary" data-ref="invite">${icon('plus')}<span>${t('people.invite.button')}</span></button>` : '',
    body: html`
      ${yourAccess}
      ${forbidden ? '' : card({
        title: t('users.team'),
        subtitle: html`<span data-ref="count" aria-live="polite"></span>`,
        flush: true,
        body: html`<div data-ref="rows"></div>`,
      })}`,
    mounted(el) {
      root = el.querySelector('.page-body') || el;
      el.querySelector('[data-ref="invite"]')?.addEventListener('click', () => invite());
      root.addEventListener('click', (e) => {
        const b = e.target.closest('[data-act][data-user]');
        const u = b && list.items.find((x) => x.id === b.dataset.user);
        if (u) act(u, b.dataset.act);
      });
      draw();
    },
  };
}

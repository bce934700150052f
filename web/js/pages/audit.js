/*
 * audit.js - the audit log (/a/{id}/audit): every change and sign-in with
 * when (in the user's time zone), the customer, category, event, detail,
 * result, origin (UI, API, agent, system), who and from which IP address.
 *
 * Filters: a date range (the last 30 days unless changed), customer,
 * category, user (from the account's users, when the role may list them)
 * and IP address. Events come page by page (Load more); Download CSV asks
 * for the same filters as CSV. A filter the server refuses (422 naming it)
 * is shown under that filter.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card, emptyState, accountCrumb } from '../components/ui.js';
import { table } from '../components/table.js';
import { pagedList, pager } from '../components/pagination.js';
import { field, banner, setFieldError, clearErrors } from '../components/form.js';
import { icon } from '../components/icons.js';
import { t, hasText, formatDateTime, getLanguage, shownTimeZone } from '../i18n.js';

const PAGE = 50;
const WINDOW_DAYS = 30;

export const CATEGORIES = ['account', 'alert', 'api_client', 'auth', 'billing', 'catalogue', 'customer', 'device',
  'discount', 'installer', 'mail', 'oms', 'policy', 'site', 'subscription', 'user', 'webhook'];
const ORIGINS = ['ui', 'api', 'agent', 'system'];

/** A day as YYYY-MM-DD in the user's time zone. */
function dayOf(date) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: shownTimeZone(), year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(date);
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function categoryLabel(c) {
  return CATEGORIES.includes(c) ? t('audit.category.' + c) : c || '';
}

/** An event type as people read it ("policy" + "assign": "Assigned to customers"); else the raw value. */
export function eventLabel(category, type) {
  if (hasText(`audit.event.${category}.${type}`)) return t(`audit.event.${category}.${type}`);
  if (hasText('audit.event.' + type)) return t('audit.event.' + type);
  return type || '';
}

function originLabel(o) {
  return ORIGINS.includes(o) ? t('audit.origin.' + o) : o || '';
}

function actorCell(a) {
  if (!a) return '';
  const kind = ['login', 'client', 'device', 'operator', 'system', 'anonymous'].includes(a.kind) ? t('audit.actor.' + a.kind) : a.kind;
  return html`<span class="cell-text">${a.name || kind}</span><span class="cell-sub">${kind}</span>`;
}

export default async function audit({ account, wholeAccount }) {
  const today = dayOf(new Date());
  const defaults = { from: dayOf(new Date(Date.now() - WINDOW_DAYS * 86400000)), to: '', customerId: '', category: '', userId: '', ip: '' };
  let filters = { ...defaults };
  let root = null;

  const partner = account.kind === 'partner';
  const [customerList, userList] = await Promise.all([
    partner ? api.customers.listAll(account.id).then((r) => r.items, () => []) : Promise.resolve([]),
    wholeAccount ? api.users.listAll(account.id).then((r) => r.items, () => []) : Promise.resolve([]),
  ]);
  const coll = new Intl.Collator(getLanguage());
  const customers = customerList.slice().sort((a, b) => coll.compare(a.company, b.company));
  const people = userList.slice().sort((a, b) => coll.compare(a.name || a.email, b.name || b.email));

  const list = pagedList((cursor, signal) => api.audit.list(account.id, filters, { limit: PAGE, cursor, signal }), { onChange: draw });
  await list.load();

  // Seven columns keep the table within its card from 1280px up: the
  // category under the event, the origin under the result, what kind of
  // actor under who it was.
  const columns = [
    { header: t('table.time'), rowHeader: true, cell: (e) => html`<time datetime="${e.at}" tabindex="-1">${formatDateTime(e.at)}</time>` },
    ...(partner ? [{ header: t('table.customer'), className: 'audit-col-customer', cell: (e) => e.customer_name || html`<span class="muted">—</span>` }] : []),
    {
      header: t('table.event'), className: 'audit-col-event',
      cell: (e) => html`<span class="cell-text audit-event" data-type="${e.event_type}">${eventLabel(e.category, e.event_type)}</span><span class="cell-sub">${categoryLabel(e.category)}</span>`,
    },
    { header: t('table.detail'), cellClass: 'audit-detail', cell: (e) => e.detail || html`<span class="muted">—</span>` },
    {
      header: t('table.result'),
      cell: (e) => html`${e.result === 'failure'
        ? html`<span class="badge badge-danger">${t('audit.result.failure')}</span>`
        : html`<span class="badge badge-ok">${t('audit.result.success')}</span>`}<span class="cell-sub">${originLabel(e.origin)}</span>`,
    },
    { header: t('table.who'), className: 'audit-col-who', cell: (e) => actorCell(e.actor) },
    { header: t('table.ip'), className: 'audit-col-ip', cell: (e) => e.ip || html`<span class="muted">—</span>` },
  ];

  const filtered = () => Object.keys(defaults).some((k) => filters[k] !== defaults[k]);

  function rows() {
    if (list.error && list.error.status !== 422) return html`<div class="card-pad">${banner('error', list.error.message)}</div>`;
    if (!list.loaded) return html`<div class="page-loading" role="status"><span class="spinner"></span><span>${t('common.loading')}</span></div>`;
    const empty = emptyState({
      icon: 'audit', compact: true, headingLevel: 3,
      title: t('audit.empty.title'),
      text: filtered() ? t('audit.empty.filtered') : t('audit.empty.window', { days: WINDOW_DAYS }),
    });
    return html`
      ${table({ caption: t('audit.events'), columns, rows: list.error ? [] : list.items, key: (e) => e.id, empty, className: 'audit-table' })}
      ${pager(list, { onMore: () => list.more(root, { focus: 'time' }) })}`;
  }

  function draw() {
    if (!root || !root.isConnected) return;
    const form = root.querySelector('form.audit-filters');
    clearErrors(form);
    if (list.error && list.error.status === 422) {
      const name = { customer_id: 'customer_id', user_id: 'user_id' }[list.error.field] || list.error.field;
      const fieldMessages = list.error.fields && Object.keys(list.error.fields).length ? list.error.fields
        : name ? { [name]: list.error.message } : {};
      let shown = false;
      for (const [k, m] of Object.entries(fieldMessages)) shown = setFieldError(form, k, m) || shown;
      if (!shown) render(root.querySelector('[data-ref="filterError"]'), banner('error', list.error.message));
    } else {
      render(root.querySelector('[data-ref="filterError"]'), html``);
    }
    const box = root.querySelector('[data-ref="rows"]');
    render(box, rows());
    box.setAttribute('aria-busy', String(list.loading));
    const csv = root.querySelector('[data-ref="csv"]');
    csv.href = api.audit.csvHref(account.id, filters);
    csv.setAttribute('download', `audit-${filters.from || 'all'}-${filters.to || today}.csv`);
    root.querySelector('[data-ref="reset"]').hidden = !filtered();
  }

  function readForm(form) {
    const v = (n) => form.elements.namedItem(n)?.value.trim() ?? '';
    return { from: v('from'), to: v('to'), customerId: v('customer_id'), category: v('category'), userId: v('user_id'), ip: v('ip') };
  }

  function apply(form) {
    const next = readForm(form);
    if (Object.keys(next).every((k) => next[k] === filters[k]) && !list.error) return;
    filters = next;
    list.restart();
  }

  const select = (id, name, label, options, all) => field({
    id, label,
    input: html`<select class="input select" id="${id}" name="${name}">
      <option value="">${all}</option>
      ${options.map((o) => html`<option value="${o.value}">${o.label}</option>`)}
    </select>`,
  });

  const filterBar = html`
    <form class="audit-filters" novalidate role="search" aria-label="${t('audit.filters')}">
      <div class="audit-filter-grid">
        ${field({ id: 'audit-from', label: t('audit.from'), input: html`<input class="input" type="date" id="audit-from" name="from" value="${filters.from}" max="${today}">` })}
        ${field({ id: 'audit-to', label: t('audit.to'), input: html`<input class="input" type="date" id="audit-to" name="to" value="" max="${today}">` })}
        ${partner && customers.length ? select('audit-customer', 'customer_id', t('audit.customer'),
          customers.map((c) => ({ value: c.id, label: c.company })), t('audit.customer.all')) : ''}
        ${select('audit-category', 'category', t('audit.category'),
          CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c) })).sort((a, b) => coll.compare(a.label, b.label)), t('audit.category.all'))}
        ${people.length ? select('audit-user', 'user_id', t('audit.user'),
          people.map((u) => ({ value: u.id, label: u.name ? `${u.name} (${u.email})` : u.email })), t('audit.user.all')) : ''}
        ${field({
          id: 'audit-ip', label: t('audit.ip'),
          input: html`<input class="input" type="text" id="audit-ip" name="ip" inputmode="decimal" autocomplete="off" spellcheck="false" placeholder="203.0.113.7">`,
        })}
      </div>
      <div class="audit-filter-actions">
        <button type="submit" class="btn btn-secondary btn-sm">${t('audit.apply')}</button>
        <button type="button" class="btn btn-secondary btn-sm" data-ref="reset" hidden>${t('audit.reset')}</button>
        <a class="btn btn-secondary btn-sm audit-csv" data-ref="csv" href="${api.audit.csvHref(account.id, filters)}">${icon('download')}<span>${t('audit.csv')}</span></a>
      </div>
      <div data-ref="filterError"></div>
    </form>`;

  return {
    title: t('nav.audit'),
    description: t(wholeAccount ? 'audit.description' : account.kind === 'company' ? 'audit.description.sites' : 'audit.description.customers'),
    breadcrumbs: [accountCrumb(account), { label: t('nav.audit') }],
    body: html`${card({
      title: t('audit.events'),
      subtitle: t('audit.timeZone', { zone: shownTimeZone() }),
      flush: true,
      body: html`${filterBar}<div data-ref="rows"></div>`,
    })}`,
    mounted(el) {
      root = el.querySelector('.page-body') || el;
      const form = root.querySelector('form.audit-filters');
      form.addEventListener('submit', (e) => { e.preventDefault(); apply(form); });
      // Dates and lists apply as soon as they change; the IP address on Enter or when left.
      form.addEventListener('change', () => apply(form));
      root.querySelector('[data-ref="reset"]').addEventListener('click', () => {
        form.reset();
        form.elements.namedItem('from').value = defaults.from;
        apply(form);
        form.elements.namedItem('from').focus();
      });
      draw();
    },
  };
}

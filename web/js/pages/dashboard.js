/*
 * dashboard.js - the top-level dashboard of an account (/a/{id}).
 *
 * A partner's dashboard shows the figures of GET .../dashboard, exact at
 * the moment (a user limited to chosen customers gets theirs): cards for
 * customers, devices protected / at risk / offline, open alerts by
 * severity and subscriptions ending soon, each figure a link to the list
 * it counts (devices?status=at_risk, alerts?status=open&severity=critical,
 * subscriptions?ending_within=30); a chart of the alerts raised and
 * resolved on each of the last 30 days (inline SVG, with its figures in a
 * table for screen readers); and a row per customer (GET
 * .../dashboard/customers) with its devices by status, open alerts by
 * severity and subscriptions, riskiest first or by name, searchable, with
 * "Load more" (sort and search kept in the address: ?sort=name&q=).
 *
 * A card says what it will count only while its figure is zero (an honest
 * empty state), never beside real figures. An operator's dashboard
 * overviews its partners instead; a company console's is
 * company-dashboard.js.
 */
import { html } from '../html.js';
import * as api from '../api.js';
import { icon } from '../components/icons.js';
import { card, emptyState, accountCrumb } from '../components/ui.js';
import { table } from '../components/table.js';
import { pagedList, pager } from '../components/pagination.js';
import { banner } from '../components/form.js';
import { addCustomerButton } from '../components/create-customer.js';
import { t, plural, formatNumber, formatDate, getLanguage } from '../i18n.js';
import { pagePath, customerPath, partnerPath, pathTo } from '../paths.js';
import { statCard, deviceCard, alertCard, chartCard, rowDevices, rowAlerts, drawRows as drawRowsInto } from '../components/dashboard-bits.js';
import companyDashboard from './company-dashboard.js';
import { setLocation } from '../router.js';

const ROWS = 25;

/** A country's name in the console's language, from its code. */
function countryName(code) {
  try { return new Intl.DisplayNames([getLanguage()], { type: 'region' }).of(code) || code; } catch { return code; }
}

/** The operator's partners, one row each. */
function partnerTable(account, partners) {
  return table({
    caption: t('dashboard.table.partners'),
    rows: partners,
    key: (p) => p.id,
    columns: [
      { header: t('table.partner'), rowHeader: true,
        cell: (p) => html`<a class="cell-link" href="${partnerPath(account.id, p.id)}">${p.name}</a>` },
      { header: t('table.customers'), className: 'cell-num', cell: (p) => formatNumber(p.customers) },
      { header: t('table.pendingReviews'), className: 'cell-num', cell: (p) => formatNumber(p.pending_applications) },
      { header: t('table.flexibleBilling'), cell: (p) => (p.flexible_billing ? t('partners.flexible.on') : t('partners.flexible.off')) },
      { header: t('table.created'), className: 'hide-narrow', cellClass: 'cell-nowrap', cell: (p) => formatDate(p.created_at, 'medium') },
    ],
  });
}

/** The operator's page: its partners and the discount reviews waiting. */
async function operatorDashboard(ctx) {
  const { account } = ctx;
  const [partners, pending] = (await Promise.all([
    api.operator.partners.listAll(), api.operator.applications.listAll({ status: 'pending' }),
  ])).map((r) => r.items);
  const overdue = pending.filter((a) => a.overdue).length;
  const cards = [
    statCard({ iconName: 'customers', title: t('dashboard.card.partners'), value: partners.length, empty: t('dashboard.card.partners.note') }),
    statCard({
      iconName: 'audit',
      title: t('dashboard.card.reviews'),
      value: pending.length,
      caption: overdue ? plural('review.overdueCount', overdue, { n: formatNumber(overdue) }) : t('dashboard.card.reviews.note'),
      empty: t('dashboard.card.reviews.none'),
      tone: overdue ? 'stat-alert' : '',
    }),
  ];
  return {
    title: t('nav.dashboard'),
    description: t('dashboard.description.partners', { name: account.name }),
    breadcrumbs: [accountCrumb(account), { label: t('nav.dashboard') }],
    body: html`
      <div class="${'stats-grid stats-' + cards.length}">${cards}</div>
      ${card({
        title: t('dashboard.table.partners'),
        subtitle: t('dashboard.table.partners.subtitle'),
        flush: true,
        body: partners.length ? partnerTable(account, partners) : table({
          caption: t('dashboard.table.partners'),
          columns: ['table.partner', 'table.customers', 'table.flexibleBilling', 'table.created'].map((k) => t(k)),
          emptyInTable: true,
          empty: emptyState({
            icon: 'customers', title: t('empty.partners.title'), text: t('empty.partners.dashboard'), compact: true, headingLevel: 3,
          }),
        }),
      })}`,
  };
}

export default async function dashboard(ctx) {
  const { account } = ctx;
  if (account.kind === 'operator') return operatorDashboard(ctx);
  if (account.kind === 'company') return companyDashboard(ctx);
  const a = account.id;
  let sort = ctx.query.get('sort') === 'name' ? 'name' : 'risk';
  let q = (ctx.query.get('q') || '').trim();
  let root = null;

  const d = await api.dashboard.get(a);
  const rows = pagedList((cursor, signal) => api.dashboard.customers(a, { q, sort, limit: ROWS, cursor, signal }), { onChange: drawRows });
  await rows.load({ rethrow: true });
  const within = d.ending_within_days || 30;
  const admin = ctx.isAdmin && ctx.wholeAccount;

  const cards = [
    statCard({
      key: 'customers', iconName: 'customers', title: t('dashboard.card.customers'), value: d.customers,
      href: pagePath(a, 'customers'), empty: t('dashboard.card.customers.note'),
    }),
    deviceCard(a, d.devices),
    alertCard(a, d.alerts, t('dashboard.card.alerts.note.customers')),
    statCard({
      key: 'ending', iconName: 'clock', title: t('dashboard.card.ending'), value: d.subscriptions_ending,
      href: pathTo('subscriptions', { accountId: a }, { ending_within: String(within) }),
      caption: t('dashboard.card.ending.note', { days: formatNumber(within) }),
      empty: t('dashboard.card.ending.none', { days: formatNumber(within) }),
      tone: d.subscriptions_ending ? 'stat-warning' : '',
    }),
  ];

  // ---- the row per customer ------------------------------------------------
  const devicesCell = (c) => rowDevices(a, { customer_id: c.customer_id }, c.devices,
    (n, status) => t('dashboard.row.devicesOf', { n, status, company: c.company }));
  const alertsCell = (c) => rowAlerts(a, { customer_id: c.customer_id }, c.alerts,
    (n, severity) => t('dashboard.row.alertsOf', { n, severity, company: c.company }));
  const subsCell = (c) => {
    const s = c.subscriptions || {};
    if (!s.active) return html`<span class="muted">0</span>`;
    return html`<a class="cell-text" href="${customerPath(a, c.customer_id, { tab: 'subscriptions' })}">${formatNumber(s.active)}</a>${s.ending
      ? html`<span class="cell-sub ending-soon">${plural('dashboard.row.ending', s.ending, { n: formatNumber(s.ending) })}</span>` : ''}`;
  };
  const columns = [
    {
      header: t('table.customer'), rowHeader: true, sort: sort === 'name' ? 'ascending' : undefined,
      cell: (c) => html`<a class="cell-link" href="${customerPath(a, c.customer_id)}">${c.company}</a>${c.country ? html`<span class="cell-sub">${countryName(c.country)}</span>` : ''}`,
    },
    { header: t('table.devices'), cell: devicesCell },
    { header: t('table.openAlerts'), cell: alertsCell },
    { header: t('table.subscriptions'), className: 'cell-num', cell: subsCell },
  ];

  function rowsBody() {
    if (rows.error) return html`<div class="card-pad">${banner('error', rows.error.message)}</div>`;
    const empty = rows.loading ? '' : q ? emptyState({
      icon: 'search', title: t('dashboard.rows.noMatch.title'), text: t('dashboard.rows.noMatch.text', { q }), compact: true, headingLevel: 3,
    }) : emptyState({
      icon: 'customers', title: t('empty.customers.title'), text: t('empty.customers.dashboard'), compact: true, headingLevel: 3,
      action: admin ? addCustomerButton(account) : '',
    });
    return html`
      ${table({
        caption: t('dashboard.table.customers'), columns, rows: rows.items, key: (c) => c.customer_id, empty,
        emptyInTable: !q && !rows.items.length, className: 'table-hover dashboard-table',
      })}
      ${pager(rows, { onMore: () => rows.more(root) })}`;
  }

  function drawRows() {
    drawRowsInto(root, rows, rowsBody);
  }

  function syncAddress() {
    const query = {};
    if (sort !== 'risk') query.sort = sort;
    if (q) query.q = q;
    setLocation(pathTo('dashboard', { accountId: a }, Object.keys(query).length ? query : null), { replace: true });
  }

  const tools = html`
    <div class="table-tools dashboard-tools">
      <div class="segmented segmented-sm" role="radiogroup" aria-label="${t('dashboard.rows.sort')}">
        ${['risk', 'name'].map((k) => html`<label class="segment"><input type="radio" name="dash-sort" value="${k}" ?checked=${k === sort}><span>${t('dashboard.rows.sort.' + k)}</span></label>`)}
      </div>
      <div class="search-box table-search" role="search">
        ${icon('search', 'search-icon')}
        <input type="search" class="search-input" name="q" autocomplete="off" spellcheck="false" value="${q}"
               aria-label="${t('dashboard.rows.search')}" placeholder="${t('dashboard.rows.search.placeholder')}">
      </div>
    </div>`;

  return {
    title: t('nav.dashboard'),
    description: t('dashboard.description.customers', { name: account.name }),
    breadcrumbs: [accountCrumb(account), { label: t('nav.dashboard') }],
    actions: admin ? addCustomerButton(account) : '',
    body: html`
      <div class="stats-grid stats-4">${cards}</div>
      ${chartCard(a, d.alert_days)}
      ${card({
        title: t('dashboard.table.customers'),
        subtitle: t('dashboard.table.customers.subtitle'),
        flush: true,
        body: html`<div class="subs-toolbar">${tools}</div><div data-ref="rows"></div>`,
      })}`,
    mounted(el) {
      root = el.querySelector('.page-body');
      for (const r of root.querySelectorAll('input[name="dash-sort"]')) {
        r.addEventListener('change', () => { sort = r.value; syncAddress(); rows.restart(); });
      }
      const search = root.querySelector('input[name="q"]');
      let timer = null;
      const go = () => { const v = search.value.trim(); if (v === q) return; q = v; syncAddress(); rows.restart(); };
      search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(go, 300); });
      search.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') { e.preventDefault(); clearTimeout(timer); go(); }
        if (e.key === 'Escape' && search.value) { e.preventDefault(); search.value = ''; clearTimeout(timer); go(); }
      });
      drawRows();
    },
  };
}

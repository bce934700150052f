/*
 * dashboard.js - the top-level dashboard of an account (/a/{id}).
 *
 * Overview cards (customers or sites, devices protected / at risk / offline,
 * open alerts by severity, subscriptions ending soon) and the table with a
 * row per customer. A card says what it will count only while its figure is
 * zero (an honest empty state), never beside real figures. An operator's
 * dashboard overviews its partners instead.
 */
import { html } from '../html.js';
import * as api from '../api.js';
import { icon } from '../components/icons.js';
import { card, emptyState, statusDot, accountCrumb } from '../components/ui.js';
import { table } from '../components/table.js';
import { managementBadge, noneCell } from '../components/customer-bits.js';
import { addCustomerButton } from '../components/create-customer.js';
import { t, plural, formatNumber, formatDate } from '../i18n.js';
import { childNoun, pagePath, customerPath, partnerPath, devicesPath } from '../paths.js';

const ROWS = 25;

/** Trials and prepaid terms ending within this many days count as "ending soon". */
const ENDING_DAYS = 30;

/**
 * The overview's figures (alerts have none yet; devices are counted per
 * status by deviceCounts()): how many
 * subscriptions of all customers end soon, and for the customers shown the
 * number of running subscriptions and the soonest end.
 */
function overview(children, ending = [], shown = [], devices = null) {
  const perCustomer = new Map();
  for (const s of shown) {
    if (!['trial', 'prepaid', 'payg'].includes(s.state)) continue;
    const c = perCustomer.get(s.customer_id) || { running: 0, ending: null };
    c.running += 1;
    if (s.days_left !== null && s.days_left <= ENDING_DAYS && (c.ending === null || s.days_left < c.ending)) {
      c.ending = s.days_left;
    }
    perCustomer.set(s.customer_id, c);
  }
  return {
    children,
    devices: devices || { protected: 0, atRisk: 0, offline: 0 },
    alerts: { high: 0, medium: 0, low: 0 },
    endingSoon: ending.length,
    perCustomer,
  };
}

/** Devices counted per status, at most COUNT_MAX each (the figure then reads "500+"). */
const COUNT_MAX = 500;
async function deviceCounts(accountId) {
  const count = async (status) => {
    const p = await api.devices.list(accountId, { status, limit: COUNT_MAX });
    return { n: p.items.length, more: !!p.nextCursor };
  };
  try {
    const [p, r, o] = await Promise.all(['protected', 'at_risk', 'offline'].map(count));
    return { protected: p, atRisk: r, offline: o };
  } catch (e) {
    if (e.status === 401) throw e;
    return null;
  }
}

/** A customer's running subscriptions, with a warning when one ends soon. */
function subscriptionsCell(c) {
  if (!c) return html`<span class="muted">0</span>`;
  return html`${formatNumber(c.running)}${c.ending !== null ? html`<span class="cell-sub ending-soon">${plural('dashboard.endsIn', c.ending, { n: formatNumber(c.ending) })}</span>` : ''}`;
}

/** A count, or { n, more } for one that stopped at a cap ("500+"). */
const num = (v) => (typeof v === 'object' && v ? v.n : v);
const figure = (v) => (typeof v === 'object' && v ? formatNumber(v.n) + (v.more ? '+' : '') : formatNumber(v));

/**
 * A figure (value, or parts with their own values) under its title. caption
 * describes the figure and is always shown; empty, the sentence of what the
 * card will count, only while the figure is zero.
 */
function statCard({ iconName, title, value, caption = '', empty = '', parts = null, tone = '' }) {
  const zero = parts ? parts.every((p) => !num(p.value)) : !value;
  const note = zero && empty ? empty : caption;
  return html`
    <section class="${'stat-card ' + tone}">
      <header class="stat-header">
        <span class="stat-icon">${icon(iconName)}</span>
        <h2 class="stat-title">${title}</h2>
      </header>
      ${parts ? html`
        <ul class="stat-parts">
          ${parts.map((p) => html`<li class="stat-part">
            <span class="stat-part-value">${p.href ? html`<a href="${p.href}">${figure(p.value)}</a>` : figure(p.value)}</span>
            <span class="stat-part-label">${statusDot(p.dot)}${p.label}</span>
          </li>`)}
        </ul>` : html`<p class="stat-value">${formatNumber(value)}</p>`}
      ${note ? html`<p class="stat-note">${note}</p>` : ''}
    </section>`;
}

/** The partner's customers, one row each (the first ROWS in name order). */
function customerTable(account, list, perCustomer) {
  const none = {
    devices: t('dashboard.none.devices'),
    alerts: t('dashboard.none.alerts'),
  };
  return html`
    ${table({
      caption: t('dashboard.table.customers'),
      className: 'table-hover',
      rows: list.items,
      key: (c) => c.id,
      columns: [
        // The country under the name keeps the table within its card from 1280px up.
        { header: t('table.customer'), rowHeader: true, sort: 'ascending',
          cell: (c) => html`<a class="cell-link" href="${customerPath(account.id, c.id)}">${c.company}</a>
            <span class="cell-sub">${c.country_name || c.country}</span>` },
        { header: t('table.management'), cell: (c) => managementBadge(c.management) },
        { header: t('table.contact'), cell: (c) => html`<span class="cell-text">${c.contact_person}</span><span class="cell-sub">${c.email}</span>` },
        { header: t('table.devices'), className: 'cell-num', cell: (c) => (c.device_count === undefined ? noneCell(none.devices)
          : c.device_count ? html`<a href="${devicesPath(account.id, { customer_id: c.id })}">${formatNumber(c.device_count)}</a>` : html`<span class="muted">0</span>`) },
        { header: t('table.openAlerts'), className: 'cell-num', cell: () => noneCell(none.alerts) },
        { header: t('table.subscriptions'), className: 'cell-num', cell: (c) => subscriptionsCell(perCustomer.get(c.id)) },
        { header: t('table.created'), className: 'hide-narrow', cellClass: 'cell-nowrap', cell: (c) => formatDate(c.created_at, 'medium') },
      ],
    })}
    <footer class="table-footer">
      <p class="table-legend"><span class="legend-dash" aria-hidden="true">—</span><span>${t('dashboard.table.legendAlerts')}</span></p>
      ${list.total > list.items.length ? html`
        <a class="btn btn-secondary btn-sm" href="${pagePath(account.id, 'customers')}">${t('dashboard.viewAll', { n: formatNumber(list.total) })}</a>` : ''}
    </footer>`;
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

export default async function dashboard(ctx) {
  const { account } = ctx;
  const noun = childNoun(account.kind);
  const list = account.kind === 'partner' ? await api.customers.list(account.id, { limit: ROWS }) : null;
  // An operator overviews its partners and the reviews waiting.
  const [partners, pending] = account.kind === 'operator' ? (await Promise.all([
    api.operator.partners.listAll(), api.operator.applications.listAll({ status: 'pending' }),
  ])).map((r) => r.items) : [null, null];
  // Only what the page shows: the count of those ending soon, and the rows' own.
  const [ending, shown] = list && list.items.length ? (await Promise.all([
    api.subscriptions.listAll(account.id, { endingWithin: ENDING_DAYS }),
    api.subscriptions.listAll(account.id, { customerIds: list.items.map((c) => c.id) }),
  ])).map((r) => r.items) : [[], []];
  const devices = list ? await deviceCounts(account.id) : null;
  const data = overview(list ? list.total ?? list.items.length : partners ? partners.length : 0, ending, shown, devices);

  const cards = [
    statCard({
      iconName: noun === 'sites' ? 'sites' : 'customers',
      title: t('dashboard.card.' + noun),
      value: data.children,
      empty: t('dashboard.card.' + noun + '.note'),
    }),
  ];
  if (account.kind !== 'operator') {
    cards.push(
      statCard({
        iconName: 'devices',
        title: t('dashboard.card.devices'),
        parts: [
          { value: data.devices.protected, label: t('dashboard.devices.protected'), dot: 'ok', href: list ? devicesPath(account.id, { status: 'protected' }) : '' },
          { value: data.devices.atRisk, label: t('dashboard.devices.atRisk'), dot: 'danger', href: list ? devicesPath(account.id, { status: 'at_risk' }) : '' },
          { value: data.devices.offline, label: t('dashboard.devices.offline'), dot: 'muted', href: list ? devicesPath(account.id, { status: 'offline' }) : '' },
        ],
        empty: t('dashboard.card.devices.note'),
      }),
      statCard({
        iconName: 'alerts',
        title: t('dashboard.card.alerts'),
        parts: [
          { value: data.alerts.high, label: t('severity.high'), dot: 'danger' },
          { value: data.alerts.medium, label: t('severity.medium'), dot: 'warning' },
          { value: data.alerts.low, label: t('severity.low'), dot: 'info' },
        ],
        empty: t('dashboard.card.alerts.note.' + noun),
      }),
      statCard({
        iconName: 'clock',
        title: t('dashboard.card.ending'),
        value: data.endingSoon,
        caption: t('dashboard.card.ending.note'),
        empty: t('dashboard.card.ending.none'),
        tone: data.endingSoon ? 'stat-warning' : '',
      }),
    );
  } else {
    const overdue = pending.filter((a) => a.overdue).length;
    cards.push(statCard({
      iconName: 'audit',
      title: t('dashboard.card.reviews'),
      value: pending.length,
      caption: overdue ? plural('review.overdueCount', overdue, { n: formatNumber(overdue) }) : t('dashboard.card.reviews.note'),
      empty: t('dashboard.card.reviews.none'),
      tone: overdue ? 'stat-alert' : '',
    }));
  }

  const columns = {
    customers: ['table.customer', 'table.management', 'table.contact', 'table.devices', 'table.openAlerts',
      'table.subscriptions', 'table.created'],
    sites: ['table.site', 'table.devices', 'table.atRisk', 'table.openAlerts', 'table.installer'],
    partners: ['table.partner', 'table.customers', 'table.flexibleBilling', 'table.created'],
  }[noun].map((k) => t(k));

  return {
    title: t('nav.dashboard'),
    description: t('dashboard.description.' + noun, { name: account.name }),
    breadcrumbs: [accountCrumb(account), { label: t('nav.dashboard') }],
    actions: list && ctx.isAdmin && ctx.wholeAccount ? addCustomerButton(account) : '',
    body: html`
      <div class="${'stats-grid stats-' + cards.length}">${cards}</div>
      ${card({
        title: t('dashboard.table.' + noun),
        subtitle: t('dashboard.table.' + noun + '.subtitle'),
        flush: true,
        body: list && list.items.length ? customerTable(account, list, data.perCustomer)
          : partners && partners.length ? partnerTable(account, partners) : table({
          caption: t('dashboard.table.' + noun),
          columns,
          emptyInTable: true,
          empty: emptyState({
            icon: noun === 'sites' ? 'sites' : 'customers',
            title: t('empty.' + noun + '.title'),
            text: t('empty.' + noun + '.dashboard'),
            compact: true,
            headingLevel: 3,
            action: list && ctx.isAdmin && ctx.wholeAccount ? addCustomerButton(account) : '',
          }),
        }),
      })}`,
  };
}

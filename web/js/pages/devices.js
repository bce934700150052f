/*
 * devices.js - every device of a partner's customers, or of a company
 * console (/a/{id}/devices).
 *
 * A search box (host name) and filters for customer, site (once a customer
 * is chosen: its sites or "No site"), status and platform, all kept in the
 * address (?q=&customer_id=&site_id=&status=&platform=), so reloading,
 * Back and Forward show the same list. One row per device: host name
 * (linking to its page) with its OS, customer, site, platform, status,
 * last seen (relative, the exact time on hover), protection and open
 * threats; "Load more" for the next page (keyset pagination). Without any
 * device the page says how to enrol the first one (a customer's installer);
 * filters that match nothing say so, with a way to clear them. A company
 * console has no customers: a multi-tenant one filters by its sites, and
 * the first device is enrolled with an installer from its Sites page.
 *
 * deviceColumns() and deviceEmpty() are shared with the customer page's
 * Devices tab and a company console's Sites page.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card, emptyState, accountCrumb } from '../components/ui.js';
import { table } from '../components/table.js';
import { pagedList, pager } from '../components/pagination.js';
import { field, banner } from '../components/form.js';
import { icon } from '../components/icons.js';
import { t, formatNumber, getLanguage } from '../i18n.js';
import { platformLabel, PLATFORMS } from '../customers.js';
import { STATUSES, statusBadge, statusLabel, relativeTime, protectionCell } from '../devices.js';
import { pagePath, customerPath, devicePath, devicesPath } from '../paths.js';
import { setLocation } from '../router.js';
import { isMultiTenant } from '../companies.js';

const PAGE = 50;
const KEYS = ['q', 'customer_id', 'site_id', 'status', 'platform'];

/**
 * The columns of a list of devices. On a customer's own page (compact) the
 * customer is left out, the platform goes under the site and protection
 * under the status, so the table fits beside the details. A company
 * console has no customer column.
 */
export function deviceColumns(account, { compact = false } = {}) {
  const customer = account.kind === 'partner';
  // A single-tenant company console has no sites.
  const site = account.kind !== 'company' || isMultiTenant(account);
  if (compact) {
    return [
      {
        header: t('device.col.hostname'), rowHeader: true,
        cell: (d) => html`<a class="cell-link" href="${devicePath(account.id, d.id)}">${d.hostname}</a>
          ${d.os ? html`<span class="cell-sub">${d.os}</span>` : ''}`,
      },
      site ? {
        header: t('table.site'),
        cell: (d) => html`${d.site_name || html`<span class="muted">${t('device.noSite')}</span>`}<span class="cell-sub">${platformLabel(d.platform)}</span>`,
      } : { header: t('table.platform'), cellClass: 'cell-nowrap', cell: (d) => platformLabel(d.platform) },
      { header: t('device.col.status'), cellClass: 'cell-nowrap', cell: (d) => statusBadge(d.status) },
      { header: t('device.col.lastSeen'), cellClass: 'cell-nowrap', cell: (d) => relativeTime(d.last_seen) },
      {
        header: t('device.col.threats'), className: 'cell-num',
        cell: (d) => (d.open_threats ? html`<span class="threat-count">${formatNumber(d.open_threats)}</span>` : html`<span class="muted">0</span>`),
      },
    ];
  }
  return [
    {
      header: t('device.col.hostname'), rowHeader: true,
      cell: (d) => html`<a class="cell-link" href="${devicePath(account.id, d.id)}">${d.hostname}</a>
        ${d.os ? html`<span class="cell-sub">${d.os}</span>` : ''}`,
    },
    ...(customer ? [{
      header: t('table.customer'),
      cell: (d) => html`<a class="cell-text" href="${customerPath(account.id, d.customer_id)}">${d.customer_name}</a>`,
    }] : []),
    ...(site ? [{ header: t('table.site'), cell: (d) => d.site_name || html`<span class="muted">${t('device.noSite')}</span>` }] : []),
    { header: t('table.platform'), cellClass: 'cell-nowrap', cell: (d) => platformLabel(d.platform) },
    { header: t('device.col.status'), cellClass: 'cell-nowrap', cell: (d) => statusBadge(d.status) },
    { header: t('device.col.lastSeen'), cellClass: 'cell-nowrap', cell: (d) => relativeTime(d.last_seen) },
    { header: t('device.col.protection'), className: 'hide-narrow', cellClass: 'cell-nowrap', cell: (d) => protectionCell(d.protection) },
    {
      header: t('device.col.threats'), className: 'cell-num',
      cell: (d) => (d.open_threats ? html`<span class="threat-count">${formatNumber(d.open_threats)}</span>` : html`<span class="muted">0</span>`),
    },
  ];
}

/**
 * What a list without devices says: how the first one is enrolled (its
 * customer's installer, opened by an admin), with a link to where that is.
 */
export function deviceEmpty({ account, isAdmin, company = null, action = null }) {
  if (account.kind === 'company' && !company) {
    const multi = account.tenancy === 'multi';
    return emptyState({
      icon: 'devices', title: t('devices.empty.title'), headingLevel: 3,
      text: t(isAdmin ? (multi ? 'company.devices.empty.multi' : 'company.devices.empty.single') : 'company.devices.empty.viewer', { name: account.name }),
      action: action ?? (isAdmin ? html`<a class="btn btn-secondary" href="${pagePath(account.id, 'sites')}">${icon('sites')}<span>${t('company.toSites')}</span></a>` : ''),
    });
  }
  const text = company
    ? t(isAdmin ? 'devices.empty.customer.admin' : 'devices.empty.customer.viewer', { company })
    : t(isAdmin ? 'devices.empty.admin' : 'devices.empty.viewer');
  return emptyState({
    icon: 'devices', title: t('devices.empty.title'), text, headingLevel: 3,
    action: action ?? (company ? '' : html`<a class="btn btn-secondary" href="${pagePath(account.id, 'customers')}">${icon('customers')}<span>${t('devices.empty.toCustomers')}</span></a>`),
  });
}

function readQuery(query, company) {
  const f = {};
  for (const k of KEYS) f[k] = (query.get(k) || '').trim();
  if (!STATUSES.includes(f.status)) f.status = '';
  if (!PLATFORMS.includes(f.platform)) f.platform = '';
  if (company) f.customer_id = '';
  else if (!f.customer_id) f.site_id = '';
  return f;
}

export default async function devices(ctx) {
  const { account, isAdmin } = ctx;
  // A company console's sites need no customer chosen first.
  const company = account.kind === 'company';
  const multi = isMultiTenant(account);
  let filters = readQuery(ctx.query, company);
  let root = null;
  let sites = [];
  const coll = new Intl.Collator(getLanguage());
  const customers = company ? [] : (await api.customers.listAll(account.id)).items.slice().sort((a, b) => coll.compare(a.company, b.company));
  const loadSites = async () => {
    sites = filters.customer_id || multi ? (await api.sites.listAll(account.id, filters.customer_id || null).catch(() => ({ items: [] }))).items : [];
  };
  await loadSites();

  const list = pagedList((cursor, signal) => api.devices.list(account.id, {
    customerId: filters.customer_id, siteId: filters.site_id, status: filters.status, platform: filters.platform, q: filters.q,
    limit: PAGE, cursor, signal,
  }), { onChange: draw });
  await list.load({ rethrow: true });

  const filtered = () => KEYS.some((k) => filters[k]);
  const columns = deviceColumns(account);

  function rows() {
    if (list.error) return html`<div class="card-pad">${banner('error', list.error.message)}</div>`;
    const empty = list.loading ? '' : filtered() ? emptyState({
      icon: 'search', title: t('devices.noMatch.title'), text: t('devices.noMatch.text'), compact: true, headingLevel: 3,
      action: html`<button type="button" class="btn btn-secondary btn-sm" data-ref="clearEmpty">${t('devices.filters.clear')}</button>`,
    }) : deviceEmpty({ account, isAdmin });
    return html`
      ${table({
        caption: t('devices.all'), columns, rows: list.items, key: (d) => d.id, empty, className: 'table-hover devices-table',
        href: (d) => devicePath(account.id, d.id),
      })}
      ${pager(list, { onMore: () => list.more(root) })}`;
  }

  function count() {
    const n = list.items.length;
    if (!list.loaded) return '';
    return list.next ? t('devices.count.more', { n: formatNumber(n) }) : t('devices.count', { n: formatNumber(n) });
  }

  function draw() {
    if (!root || !root.isConnected) return;
    root.querySelector('[data-ref="count"]').textContent = count();
    const box = root.querySelector('[data-ref="rows"]');
    render(box, rows());
    box.setAttribute('aria-busy', String(list.loading));
    box.querySelector('[data-ref="clearEmpty"]')?.addEventListener('click', clearAll);
    const clear = root.querySelector('[data-ref="clear"]');
    if (clear) clear.hidden = !filtered();
  }

  const select = (id, name, label, options, all, value, { disabled = false, hint = '' } = {}) => field({
    id, label, hint,
    input: hint ? html`<select class="input select" id="${id}" name="${name}" ?disabled=${disabled} aria-describedby="${id + '-hint'}">
      <option value="">${all}</option>
    </select>` : html`<select class="input select" id="${id}" name="${name}" ?disabled=${disabled}>
      <option value="">${all}</option>
      ${options.map((o) => html`<option value="${o.value}" ?selected=${o.value === value}>${o.label}</option>`)}
    </select>`,
  });

  const siteOptions = () => [{ value: 'none', label: t('device.noSite') }, ...sites.map((s) => ({ value: s.id, label: s.name }))];

  function siteField() {
    if (company) {
      return multi ? select('devices-site', 'site_id', t('devices.filter.site'), siteOptions(), t('devices.filter.site.all'), filters.site_id) : '';
    }
    return select('devices-site', 'site_id', t('devices.filter.site'), filters.customer_id ? siteOptions() : [], t('devices.filter.site.all'),
      filters.site_id, { disabled: !filters.customer_id, hint: filters.customer_id ? '' : t('devices.filter.site.hint') });
  }

  const filterBar = () => html`
    <form class="device-filters" novalidate role="search" aria-label="${t('devices.filters')}">
      <div class="device-filter-grid">
        ${field({
          id: 'devices-q', label: t('devices.search'),
          input: html`<div class="search-box">${icon('search', 'search-icon')}<input type="search" class="search-input" id="devices-q" name="q"
            autocomplete="off" spellcheck="false" value="${filters.q}" placeholder="${t('devices.search.placeholder')}"></div>`,
        })}
        ${customers.length ? select('devices-customer', 'customer_id', t('devices.filter.customer'),
          customers.map((c) => ({ value: c.id, label: c.company })), t('devices.filter.customer.all'), filters.customer_id) : ''}
        <div data-ref="siteField">${siteField()}</div>
        ${select('devices-status', 'status', t('devices.filter.status'), STATUSES.map((s) => ({ value: s, label: statusLabel(s) })),
          t('devices.filter.status.all'), filters.status)}
        ${select('devices-platform', 'platform', t('devices.filter.platform'), PLATFORMS.map((p) => ({ value: p, label: platformLabel(p) })),
          t('devices.filter.platform.all'), filters.platform)}
      </div>
      <div class="device-filter-actions">
        <button type="button" class="btn btn-secondary btn-sm" data-ref="clear" ?hidden=${!filtered()}>${t('devices.filters.clear')}</button>
      </div>
    </form>`;

  /** Shows the list for next (a new history entry unless replace). */
  async function apply(next, { replace = false } = {}) {
    const customerChanged = next.customer_id !== filters.customer_id;
    if (customerChanged) next.site_id = '';
    if (KEYS.every((k) => next[k] === filters[k])) return;
    filters = next;
    setLocation(devicesPath(account.id, filters), { replace });
    if (customerChanged) {
      await loadSites();
      const holder = root.querySelector('[data-ref="siteField"]');
      if (holder) render(holder, siteField());
    }
    list.restart();
  }

  function readForm(form) {
    const v = (n) => form.elements.namedItem(n)?.value.trim() ?? '';
    return { q: v('q'), customer_id: v('customer_id'), site_id: v('site_id'), status: v('status'), platform: v('platform') };
  }

  function clearAll() {
    const form = root.querySelector('form.device-filters');
    form.reset();
    for (const s of form.querySelectorAll('select')) s.value = '';
    form.elements.namedItem('q').value = '';
    apply({ q: '', customer_id: '', site_id: '', status: '', platform: '' });
    form.elements.namedItem('q').focus();
  }

  return {
    title: t('nav.devices'),
    description: t(company ? 'company.devices.description' : 'devices.description', { name: account.name }),
    breadcrumbs: [accountCrumb(account), { label: t('nav.devices') }],
    body: html`${card({
      title: t('devices.all'),
      subtitle: html`<span data-ref="count" aria-live="polite"></span>`,
      flush: true,
      body: html`${filterBar()}<div data-ref="rows"></div>`,
    })}`,
    mounted(el) {
      root = el.querySelector('.page-body');
      const form = root.querySelector('form.device-filters');
      let timer = null;
      form.addEventListener('submit', (e) => { e.preventDefault(); clearTimeout(timer); apply(readForm(form)); });
      form.addEventListener('change', (e) => { if (e.target.name !== 'q') apply(readForm(form)); });
      // Typing searches after a pause; the address follows without a history entry per key.
      form.elements.namedItem('q').addEventListener('input', () => {
        clearTimeout(timer);
        const typed = filters.q;
        timer = setTimeout(() => apply(readForm(form), { replace: !!typed }), 300);
      });
      form.elements.namedItem('q').addEventListener('keydown', (e) => {
        if (e.key === 'Escape' && e.currentTarget.value) { e.preventDefault(); e.currentTarget.value = ''; clearTimeout(timer); apply(readForm(form)); }
      });
      root.querySelector('[data-ref="clear"]').addEventListener('click', clearAll);
      draw();
    },
  };
}

/*
 * operator-services.js - the service catalogue as the operator keeps it
 * (/a/{operator_id}/services): every service in catalogue order with its
 * key, trial terms, pay-as-you-go price per seat per day and position.
 * A price changed today applies from tomorrow (UTC), so such a service
 * shows its new price "from" that day and the price billed until then.
 * Operator admins add and change services in a dialog; everyone sees each
 * service's price history (newest day first) in a drawer.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card, emptyState, accountCrumb } from '../components/ui.js';
import { table } from '../components/table.js';
import { pagedList, pager } from '../components/pagination.js';
import { banner } from '../components/form.js';
import { toast } from '../components/toast.js';
import { openDrawer } from '../components/drawer.js';
import { money } from '../components/subscription-bits.js';
import { serviceDialog, utcDays } from '../components/service-dialog.js';
import { t, plural, formatDay, formatDateTime, formatNumber } from '../i18n.js';

const HISTORY_PAGE = 25;

export default async function operatorServices({ account, isAdmin }) {
  let root = null;
  // The two newest prices of each service (key -> [newest, before]), to tell a price still to come.
  const recent = new Map();
  const list = pagedList((cursor, signal) => api.services.listAll({ cursor, signal }), { onChange: draw });
  await list.load({ rethrow: true });
  await loadRecent(list.items.map((s) => s.key));

  async function loadRecent(keys) {
    await Promise.all(keys.map(async (k) => {
      try { recent.set(k, (await api.operator.services.prices(k, { limit: 2 })).items); } catch { recent.delete(k); }
    }));
  }

  /** The newest price when it applies from a day still to come (with the one before it), else null. */
  function upcoming(s) {
    const [next, before] = recent.get(s.key) || [];
    return next && next.effective_on > utcDays().today ? { next, before } : null;
  }

  function priceCell(s) {
    const u = upcoming(s);
    if (!u) return html`<span class="cell-nowrap">${money(s.price, s.currency)}</span>`;
    return html`
      <span class="cell-text">${t('opc.svc.priceFromShort', { price: money(u.next.price, u.next.currency), date: formatDay(u.next.effective_on, 'medium') })}</span>
      ${u.before ? html`<span class="cell-sub">${t('opc.svc.priceUntil', { price: money(u.before.price, u.before.currency) })}</span>` : ''}`;
  }

  const columns = [
    {
      header: t('table.service'), rowHeader: true, sort: 'ascending',
      cell: (s) => html`<span class="cell-text">${s.name}</span><code class="cell-sub mono">${s.key}</code>`,
    },
    { header: t('opc.col.trial'), cell: (s) => t('opc.svc.trial', { days: formatNumber(s.trial_days), seats: formatNumber(s.trial_seats) }) },
    { header: t('opc.col.price'), cell: priceCell },
    { header: t('opc.col.position'), className: 'cell-num', cell: (s) => formatNumber(s.position) },
    {
      header: html`<span class="visually-hidden">${t('table.actions')}</span>`, cellClass: 'cell-action',
      cell: (s) => html`<span class="row-actions">
        <button type="button" class="btn btn-secondary btn-sm" data-history="${s.key}"
                aria-label="${t('opc.svc.history.of', { name: s.name })}">${t('opc.svc.history')}</button>
        ${isAdmin ? html`<button type="button" class="btn btn-secondary btn-sm" data-edit="${s.key}"
                aria-label="${t('opc.svc.edit.of', { name: s.name })}">${t('opc.svc.edit')}</button>` : ''}
      </span>`,
    },
  ];

  const addButton = () => html`<button type="button" class="btn btn-primary" data-add-service>${t('opc.svc.add')}</button>`;

  function rows() {
    if (list.error) return html`<div class="card-pad">${banner('error', list.error.message)}</div>`;
    return html`
      ${table({
        caption: t('opc.svc.all'),
        columns,
        rows: list.items,
        key: (s) => s.key,
        className: 'services-table',
        empty: emptyState({
          icon: 'layers', title: t('opc.svc.empty.title'), headingLevel: 3,
          text: isAdmin ? t('opc.svc.empty.admin') : t('opc.svc.empty'), action: isAdmin ? addButton() : '',
        }),
      })}
      ${pager(list, { onMore: () => list.more(root) })}`;
  }

  function draw() {
    if (!root || !root.isConnected) return;
    render(root.querySelector('[data-ref="rows"]'), rows());
    const n = list.items.length;
    root.querySelector('[data-ref="count"]').textContent = plural('opc.svc.count', n, { n: formatNumber(n) });
  }

  async function reloadAll() {
    await list.load();
    await loadRecent(list.items.map((s) => s.key));
    draw();
  }

  async function add() {
    const last = list.items.reduce((m, s) => Math.max(m, s.position), -10);
    const s = await serviceDialog({ nextPosition: last + 10 });
    if (!s) return;
    await reloadAll();
    toast(t('opc.svc.added', { name: s.name }), { kind: 'success' });
    root.querySelector(`[data-edit="${CSS.escape(s.key)}"]`)?.focus();
  }

  async function edit(key) {
    const before = list.items.find((s) => s.key === key);
    if (!before) return;
    const s = await serviceDialog({ service: before });
    if (!s) return;
    await reloadAll();
    if (s === before) toast(t('opc.svc.unchanged'), { kind: 'info' });
    else {
      const u = upcoming(s);
      const repriced = s.price !== before.price || s.currency !== before.currency;
      toast(repriced && u
        ? t('opc.svc.savedPrice', { name: s.name, price: money(u.next.price, u.next.currency), date: formatDay(u.next.effective_on) })
        : t('opc.svc.saved', { name: s.name }), { kind: 'success' });
    }
    root.querySelector(`[data-edit="${CSS.escape(key)}"]`)?.focus();
  }

  function history(key) {
    const s = list.items.find((x) => x.key === key);
    if (!s) return;
    const prices = pagedList((cursor, signal) => api.operator.services.prices(key, { limit: HISTORY_PAGE, cursor, signal }),
      { onChange: drawHistory });
    const d = openDrawer({
      title: t('opc.svc.history.title', { name: s.name }),
      description: t('opc.svc.history.description'),
      body: html`<div data-ref="prices"><div class="loading-line" role="status"><span class="spinner"></span><span>${t('common.loading')}</span></div></div>`,
      footer: html`<button type="button" class="btn btn-secondary" data-close>${t('common.close')}</button>`,
      size: 'lg',
    });
    d.footer.querySelector('[data-close]').addEventListener('click', () => d.close());
    const { today } = utcDays();
    function when(p, current) {
      if (p.effective_on > today) return html`<span class="cell-text">${t('opc.svc.from', { date: formatDay(p.effective_on) })}</span> <span class="badge badge-warning">${t('opc.svc.scheduled')}</span>`;
      return html`<span class="cell-text">${formatDay(p.effective_on)}</span>${current ? html` <span class="badge badge-ok">${t('opc.svc.current')}</span>` : ''}`;
    }
    function drawHistory() {
      const box = d.body.querySelector('[data-ref="prices"]');
      if (!box || (!prices.loaded && !prices.error)) return;
      if (prices.error) { render(box, banner('error', prices.error.message)); return; }
      const current = prices.items.find((p) => p.effective_on <= today);
      render(box, html`
        <div class="card">
          ${table({
            caption: t('opc.svc.history.title', { name: s.name }),
            rows: prices.items,
            key: (p) => p.effective_on,
            className: 'price-table',
            columns: [
              { header: t('opc.col.effective'), rowHeader: true, cell: (p) => when(p, p === current) },
              { header: t('opc.col.price'), cellClass: 'cell-nowrap', cell: (p) => money(p.price, p.currency) },
              { header: t('opc.col.currency'), cell: (p) => html`<span class="mono">${p.currency}</span>` },
              { header: t('opc.col.setAt'), cellClass: 'cell-nowrap', cell: (p) => (p.set_at ? formatDateTime(p.set_at) : '—') },
            ],
            empty: emptyState({ icon: 'clock', title: t('opc.svc.history.empty'), text: t('opc.svc.history.empty.text'), compact: true, headingLevel: 3 }),
          })}
          ${pager(prices, { onMore: () => more(box) })}
        </div>`);
    }
    // The next page's first row takes focus (its rows hold no control).
    async function more(box) {
      const n = prices.items.length;
      if (!(await prices.load({ more: true }))) return;
      const row = box.querySelectorAll('tbody tr')[n];
      if (row) { row.tabIndex = -1; row.focus(); }
    }
    prices.load();
  }

  return {
    title: t('nav.services'),
    description: t('opc.svc.description'),
    breadcrumbs: [accountCrumb(account), { label: t('nav.services') }],
    actions: isAdmin ? addButton() : '',
    body: html`${card({
      title: t('opc.svc.all'),
      subtitle: html`<span data-ref="count" aria-live="polite"></span>`,
      flush: true,
      body: html`<div data-ref="rows"></div>`,
    })}`,
    mounted(el) {
      root = el.querySelector('.page-body');
      draw();
      el.addEventListener('click', (e) => {
        if (e.target.closest('[data-add-service]')) { add(); return; }
        const h = e.target.closest('[data-history]');
        if (h) { history(h.dataset.history); return; }
        const b = e.target.closest('[data-edit]');
        if (b) edit(b.dataset.edit);
      });
    },
  };
}

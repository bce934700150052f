/*
 * usage.js - a month of pay-as-you-go usage, the Usage view of the partner's
 * Subscriptions page: one row per customer and service with seat-days, the
 * price per seat per day, gross, discount and total, totals per currency,
 * the month chosen with previous/next (the current month first, none after
 * it), and Download CSV (the server's file for the same month).
 *
 *   const u = usageView({ account, month: 'YYYY-MM', onMonth(m) });
 *   container.replaceChildren(u.el); u.load();
 */
import { html, render, element } from '../html.js';
import * as api from '../api.js';
import { emptyState } from '../components/ui.js';
import { table, cellLabel } from '../components/table.js';
import { pagedList, pager } from '../components/pagination.js';
import { icon } from '../components/icons.js';
import { t, plural, formatNumber, getLanguage } from '../i18n.js';
import { customerPath } from '../paths.js';
import { money } from '../components/subscription-bits.js';

/** "YYYY-MM" of today (UTC, as the server counts days). */
export function currentMonth() {
  return new Date().toISOString().slice(0, 7);
}

export function validMonth(m) {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(m || '') ? m : null;
}

export function shiftMonth(m, delta) {
  const [y, mo] = m.split('-').map(Number);
  const d = new Date(Date.UTC(y, mo - 1 + delta, 1));
  return d.toISOString().slice(0, 7);
}

export function monthLabel(m) {
  const [y, mo] = m.split('-').map(Number);
  return new Intl.DateTimeFormat(getLanguage(), { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, mo - 1, 1)));
}

export function usageView({ account, month: initial, onMonth }) {
  let month = initial;
  const rows = pagedList((cursor, signal) => api.usage.month(account.id, month, { cursor, signal }), { onChange: drawBody });

  const el = element(html`<section class="card usage-card" aria-labelledby="usage-title"></section>`);

  function header() {
    const now = currentMonth();
    return html`
      <header class="card-header usage-header">
        <div>
          <h2 class="card-title" id="usage-title">${t('usage.title')}</h2>
          <p class="card-subtitle">${t('usage.subtitle')}</p>
        </div>
        <div class="usage-tools">
          <div class="month-picker" role="group" aria-label="${t('usage.month')}">
            <button type="button" class="icon-button month-step" data-month="-1" aria-label="${t('usage.prev')}" title="${t('usage.prev')}">${icon('chevronLeft')}</button>
            <span class="month-label" aria-live="polite">${icon('calendar', 'month-icon')}<span data-ref="monthLabel">${monthLabel(month)}</span></span>
            <button type="button" class="icon-button month-step" data-month="1" aria-label="${t('usage.next')}" title="${t('usage.next')}" ?disabled=${month >= now}>${icon('chevronRight')}</button>
          </div>
          ${month !== now ? html`<button type="button" class="btn btn-secondary btn-sm" data-month="now">${t('usage.thisMonth')}</button>` : ''}
          <a class="btn btn-secondary btn-sm" href="${api.usage.csvHref(account.id, month)}" download="${'usage-' + month + '.csv'}" data-ref="csv">${icon('download')}<span>${t('usage.csv')}</span></a>
        </div>
      </header>`;
  }

  // A row without a price (days before the service's first price) has no
  // amounts: a dash, and the server's reason under the seat-days.
  const unpriced = html`<span class="muted">—</span>`;
  const moneyOf = (field) => (r) => (r.priced ? money(r[field], r.currency) : unpriced);
  const columns = [
    { header: t('table.customer'), rowHeader: true, cell: (r) => html`<a class="cell-link" href="${customerPath(account.id, r.customer_id)}">${r.customer_name}</a>` },
    { header: t('table.service'), cell: (r) => r.service_name },
    {
      header: t('usage.col.seatDays'), className: 'cell-num', cellClass: 'tabular',
      cell: (r) => (r.priced ? formatNumber(r.seat_days)
        : html`<span class="unpriced-cell">${formatNumber(r.seat_days)}<span class="cell-sub" data-ref="unpricedNote">${r.note}</span></span>`),
    },
    { header: t('usage.col.price'), className: 'cell-num', cellClass: 'tabular', cell: moneyOf('price') },
    { header: t('usage.col.gross'), className: 'cell-num', cellClass: 'tabular', cell: moneyOf('gross') },
    {
      header: t('usage.col.discount'), className: 'cell-num', cellClass: 'tabular',
      cell: (r) => (r.priced && Number(r.discount) > 0
        ? html`<span class="discount-cell">−${money(r.discount, r.currency)}<span class="cell-sub">${t('usage.percent', { percent: formatNumber(r.discount_percent) })}</span></span>`
        : html`<span class="muted">—</span>`),
    },
    { header: t('usage.col.total'), className: 'cell-num', cellClass: 'tabular cell-strong', cell: moneyOf('total') },
  ];

  function totalsFoot(totals) {
    return totals.map((x) => html`
      <tr role="row" class="usage-total" data-currency="${x.currency}">
        <th scope="row" role="rowheader" colspan="4">${totals.length > 1 ? t('usage.totalIn', { currency: x.currency }) : t('usage.total')}</th>
        <td role="cell" class="cell-num tabular">${cellLabel(t('usage.col.gross'))}<div class="cell-value">${money(x.gross, x.currency)}</div></td>
        <td role="cell" class="cell-num tabular">${cellLabel(t('usage.col.discount'))}<div class="cell-value">${Number(x.discount) > 0 ? '−' + money(x.discount, x.currency) : html`<span class="muted">—</span>`}</div></td>
        <td role="cell" class="cell-num tabular cell-strong">${cellLabel(t('usage.col.total'))}<div class="cell-value">${money(x.total, x.currency)}</div></td>
      </tr>`);
  }

  function body() {
    if (rows.error) return emptyState({ icon: 'warning', title: t('usage.loadFailed'), text: rows.error.message, headingLevel: 3 });
    if (!rows.loaded) return html`<div class="page-loading" role="status"><span class="spinner"></span><span>${t('common.loading')}</span></div>`;
    if (!rows.items.length) {
      return emptyState({
        icon: 'activity', headingLevel: 3,
        title: t('usage.empty.title', { month: monthLabel(month) }),
        text: month === currentMonth() ? t('usage.empty.textNow') : t('usage.empty.text'),
      });
    }
    return html`
      ${table({
        caption: t('usage.caption', { month: monthLabel(month) }),
        columns,
        rows: rows.items,
        key: (r) => r.customer_id + '/' + r.service + '/' + (r.priced ? r.price : '-'),
        className: 'table-hover usage-table',
        foot: totalsFoot(rows.extras.totals || []),
      })}
      <p class="table-legend">${icon('info', 'hint-icon')}<span>${plural('usage.legend', rows.items.length, { n: formatNumber(rows.items.length) })}</span></p>
      ${pager(rows, { onMore: () => rows.more(el) })}`;
  }

  function draw(focusSel = '') {
    render(el, html`${header()}<div class="card-body card-body-flush" data-ref="usageBody">${body()}</div>`);
    if (focusSel) el.querySelector(focusSel)?.focus();
  }

  function drawBody() {
    const box = el.querySelector('[data-ref="usageBody"]');
    if (box) render(box, body());
  }

  /** Loads the month shown. */
  function load() {
    rows.restart();
  }

  function go(m, focusSel) {
    const now = currentMonth();
    month = m > now ? now : m;
    onMonth?.(month);
    draw(focusSel);
    load();
  }

  el.addEventListener('click', (e) => {
    const b = e.target.closest('[data-month]');
    if (!b || b.disabled) return;
    const v = b.dataset.month;
    if (v === 'now') go(currentMonth(), '[data-month="-1"]');
    else {
      const next = shiftMonth(month, Number(v));
      const sel = `[data-month="${v}"]`;
      go(next, next >= currentMonth() && v === '1' ? '[data-month="-1"]' : sel);
    }
  });

  draw();

  return { el, load, get month() { return month; } };
}

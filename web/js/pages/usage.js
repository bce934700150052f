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
import { emptyState } from '../components/ui.js';
import { icon } from '../components/icons.js';
import { t, plural, formatNumber, getLanguage } from '../i18n.js';
import { customerPath } from '../customers.js';
import { usage as fetchUsage, usageCsvHref, money } from '../components/subscription-data.js';

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
  let data = null;
  let failed = '';
  let seq = 0;

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
          <a class="btn btn-secondary btn-sm" href="${usageCsvHref(account.id, month)}" download="${'usage-' + month + '.csv'}" data-ref="csv">${icon('download')}<span>${t('usage.csv')}</span></a>
        </div>
      </header>`;
  }

  function table() {
    if (failed) return emptyState({ icon: 'warning', title: t('usage.loadFailed'), text: failed, headingLevel: 3 });
    if (!data) return html`<div class="page-loading" role="status"><span class="spinner"></span><span>${t('common.loading')}</span></div>`;
    const rows = data.rows || [];
    if (!rows.length) {
      return emptyState({
        icon: 'activity', headingLevel: 3,
        title: t('usage.empty.title', { month: monthLabel(month) }),
        text: month === currentMonth() ? t('usage.empty.textNow') : t('usage.empty.text'),
      });
    }
    const totals = data.totals || [];
    return html`
      <div class="table-wrap">
        <table class="table table-hover usage-table">
          <caption class="visually-hidden">${t('usage.caption', { month: monthLabel(month) })}</caption>
          <thead><tr>
            <th scope="col">${t('table.customer')}</th>
            <th scope="col">${t('table.service')}</th>
            <th scope="col" class="cell-num">${t('usage.col.seatDays')}</th>
            <th scope="col" class="cell-num">${t('usage.col.price')}</th>
            <th scope="col" class="cell-num">${t('usage.col.gross')}</th>
            <th scope="col" class="cell-num">${t('usage.col.discount')}</th>
            <th scope="col" class="cell-num">${t('usage.col.total')}</th>
          </tr></thead>
          <tbody>
            ${rows.map((r) => html`
              <tr data-customer="${r.customer_id}" data-service="${r.service}">
                <th scope="row" class="cell-main"><a class="cell-link" href="${customerPath(account.id, r.customer_id)}">${r.customer_name}</a></th>
                <td>${r.service_name}</td>
                <td class="cell-num tabular">${formatNumber(r.seat_days)}</td>
                <td class="cell-num tabular">${money(r.price, r.currency)}</td>
                <td class="cell-num tabular">${money(r.gross, r.currency)}</td>
                <td class="cell-num tabular">${Number(r.discount) > 0
                  ? html`<span class="discount-cell">−${money(r.discount, r.currency)}<span class="cell-sub">${t('usage.percent', { percent: formatNumber(r.discount_percent) })}</span></span>`
                  : html`<span class="muted">—</span>`}</td>
                <td class="cell-num tabular cell-strong">${money(r.total, r.currency)}</td>
              </tr>`)}
          </tbody>
          <tfoot>
            ${totals.map((x) => html`
              <tr class="usage-total" data-currency="${x.currency}">
                <th scope="row" colspan="4">${totals.length > 1 ? t('usage.totalIn', { currency: x.currency }) : t('usage.total')}</th>
                <td class="cell-num tabular">${money(x.gross, x.currency)}</td>
                <td class="cell-num tabular">${Number(x.discount) > 0 ? '−' + money(x.discount, x.currency) : html`<span class="muted">—</span>`}</td>
                <td class="cell-num tabular cell-strong">${money(x.total, x.currency)}</td>
              </tr>`)}
          </tfoot>
        </table>
      </div>
      <p class="table-legend">${icon('info', 'hint-icon')}<span>${plural('usage.legend', rows.length, { n: formatNumber(rows.length) })}</span></p>`;
  }

  function draw(focusSel = '') {
    render(el, html`${header()}<div class="card-body card-body-flush" data-ref="usageBody">${table()}</div>`);
    if (focusSel) el.querySelector(focusSel)?.focus();
  }

  async function load() {
    const my = ++seq;
    data = null;
    failed = '';
    render(el.querySelector('[data-ref="usageBody"]') || el, table());
    try {
      const r = await fetchUsage(account.id, month);
      if (my !== seq) return;
      data = r;
    } catch (e) {
      if (my !== seq || e.status === 401) return;
      failed = e.message;
    }
    const body = el.querySelector('[data-ref="usageBody"]');
    if (body) render(body, table());
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

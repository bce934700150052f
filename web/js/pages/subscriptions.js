/*
 * subscriptions.js - subscriptions (/a/{id}/subscriptions).
 *
 * For a partner, two views (tabs, ?view=usage keeps the second):
 *   Subscriptions  every customer's trials, prepaid terms, pay-as-you-go and
 *                  expired subscriptions: customer, service, type, seats
 *                  used of available, end date (days left, highlighted in
 *                  the last week) and state; filtered by state, searched by
 *                  customer or service; a row opens the customer.
 *   Usage          pay-as-you-go usage of a month (usage.js), with CSV.
 * A user whose role covers chosen customers sees their subscriptions only
 * and no usage (it is the whole account's bill). A company console's page
 * is its own record's services (trials and codes of its own OMS orders).
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card, emptyState, accountCrumb } from '../components/ui.js';
import { table } from '../components/table.js';
import { pagedList, pager } from '../components/pagination.js';
import { icon } from '../components/icons.js';
import { tabList, markTab, wireTabs } from '../components/tabs.js';
import { t, plural, formatNumber, formatDay, getLanguage } from '../i18n.js';
import { customerPath, pagePath } from '../paths.js';
import {
  stateBadge, stateLabel, typeLabel, endInfo, seatMeter, applyMeters,
} from '../components/subscription-bits.js';
import { usageView, currentMonth, validMonth } from './usage.js';
import { subscriptionPanel } from '../components/subscription-panel.js';
import { companyOwner } from '../companies.js';

const FILTERS = ['all', 'trial', 'prepaid', 'payg', 'expired'];

/** A company console's own subscriptions: its record's (components/subscription-panel.js). */
function companyPage({ account, isAdmin, wholeAccount }) {
  const owner = { ...companyOwner(account), id: account.customer_id };
  // A role limited to chosen sites reads them; only whole-console admins act.
  const panel = owner.id ? subscriptionPanel({ account, customer: owner, isAdmin: isAdmin && wholeAccount }) : null;
  return {
    title: t('nav.subscriptions'),
    description: t('subscriptions.description.company'),
    breadcrumbs: [accountCrumb(account), { label: t('nav.subscriptions') }],
    body: panel ? html`<div data-ref="subsHost"></div>`
      : card({ body: emptyState({ icon: 'subscriptions', title: t('empty.subscriptions.title'), text: t('empty.subscriptions.text.company'), headingLevel: 3 }) }),
    mounted(el) {
      if (!panel) return;
      el.querySelector('[data-ref="subsHost"]').replaceWith(panel.el);
      panel.load();
    },
  };
}

export default async function subscriptions(ctx) {
  const { account } = ctx;
  if (account.kind !== 'partner') return companyPage(ctx);
  const withUsage = ctx.wholeAccount;
  const views = withUsage ? ['list', 'usage'] : ['list'];
  let view = withUsage && ctx.query.get('view') === 'usage' ? 'usage' : 'list';
  let month = validMonth(ctx.query.get('month')) || currentMonth();
  let q = '';
  let filter = 'all';
  let root = null;
  let usage = null;
  // ?ending_within=30 (the dashboard's "Ending soon"): trials and prepaid terms ending within that many days.
  const within = Number(ctx.query.get('ending_within'));
  let endingWithin = Number.isInteger(within) && within > 0 && within <= 366 ? within : null;
  const list = pagedList((cursor, signal) => api.subscriptions.listAll(account.id, { endingWithin, cursor, signal }), { onChange: drawList });
  try {
    await list.load({ rethrow: true });
  } catch (e) {
    if (e.status === 401) throw e;
    list.error = e;
  }

  function count(state) {
    return state === 'all' ? list.items.length : list.items.filter((s) => s.state === state).length;
  }

  function shown() {
    const f = q.trim().toLocaleLowerCase(getLanguage());
    return list.items.filter((s) => (filter === 'all' || s.state === filter) &&
      (!f || s.customer_name.toLocaleLowerCase().includes(f) || s.service.name.toLocaleLowerCase().includes(f)));
  }

  function endsCell(s) {
    if (s.state === 'payg') return html`<span class="muted">${t('sub.billedMonthly')}</span>`;
    if (s.state === 'expired') return html`<span class="cell-text">${s.ends_on ? formatDay(s.ends_on) : '—'}</span><span class="cell-sub">${s.cancelled ? t('subs.cancelled') : t('subs.ended')}</span>`;
    const e = endInfo(s);
    if (!e) return html`<span class="muted">—</span>`;
    return html`<span class="${e.soon ? 'cell-text ends-soon' : 'cell-text'}">${e.soon ? icon('clock', 'soon-icon') : ''}${e.date}</span><span class="${e.soon ? 'cell-sub ends-soon' : 'cell-sub'}">${e.left}</span>`;
  }

  function seatsCell(s) {
    if (s.state === 'expired') return html`<span class="muted">—</span>`;
    return html`<span class="seats-cell"><span class="seats-cell-text">${t('subs.seatsOf', { used: formatNumber(s.seats_used), seats: formatNumber(s.seats) })}</span>${seatMeter(s.seats_used, s.seats)}</span>`;
  }

  const columns = [
    {
      header: t('table.customer'), rowHeader: true,
      cell: (s) => html`<a class="cell-link" href="${customerPath(account.id, s.customer_id)}">${s.customer_name}</a>`,
    },
    { header: t('table.service'), cell: (s) => s.service.name },
    { header: t('table.type'), cellClass: 'cell-nowrap', cell: typeLabel },
    { header: t('subs.col.seats'), cellClass: 'cell-nowrap', cell: seatsCell },
    { header: t('table.endsOn'), cellClass: 'cell-nowrap', cell: endsCell },
    { header: t('subs.col.state'), cellClass: 'cell-nowrap', cell: (s) => stateBadge(s.state) },
  ];

  function rows() {
    if (list.error) {
      return emptyState({ icon: 'warning', title: t('subs.loadFailed'), text: list.error.message, headingLevel: 3 });
    }
    if (!list.items.length) {
      return table({
        caption: t('subs.list'),
        columns: columns.map((c) => c.header),
        emptyInTable: true,
        empty: emptyState({
          icon: 'subscriptions', title: t('empty.subscriptions.title'), text: t('subs.empty.text'), headingLevel: 3,
          action: html`<a class="btn btn-secondary" href="${pagePath(account.id, 'customers')}">${icon('customers')}<span>${t('subs.empty.action')}</span></a>`,
        }),
      });
    }
    return html`
      ${table({
        caption: t('subs.list'),
        columns,
        rows: shown(),
        key: (s) => s.customer_id + '/' + s.service.key,
        href: (s) => customerPath(account.id, s.customer_id),
        className: 'table-hover subs-table',
        empty: emptyState({ icon: 'search', title: t('subs.noMatch.title'), text: t('subs.noMatch.text'), compact: true, headingLevel: 3 }),
      })}
      ${pager(list, { onMore: () => list.more(root) })}`;
  }

  function drawList() {
    const box = root?.querySelector('[data-ref="rows"]');
    if (!box) return;
    render(box, rows());
    applyMeters(box);
    const c = root.querySelector('[data-ref="count"]');
    if (c && !list.error) {
      const n = shown().length;
      const all = list.items.length;
      c.textContent = n === all ? plural('subs.count', all, { n: formatNumber(all) })
        : t('common.shownOf', { shown: formatNumber(n), total: formatNumber(all) });
    }
  }

  const toolbar = () => (list.items.length ? html`
    <div class="table-tools">
      <div class="segmented segmented-sm" role="radiogroup" aria-label="${t('subs.filter')}">
        ${FILTERS.map((k) => html`<label class="segment"><input type="radio" name="subs-state" value="${k}" ?checked=${k === filter}
          @change=${(e) => { filter = e.currentTarget.value; drawList(); }}><span>${k === 'all' ? t('subs.filter.all') : stateLabel(k)}
          <span class="segment-count">${formatNumber(count(k))}</span></span></label>`)}
      </div>
      <div class="search-box table-search">
        ${icon('search', 'search-icon')}
        <input type="search" class="search-input" autocomplete="off" spellcheck="false" aria-label="${t('subs.search')}"
               placeholder="${t('subs.search.placeholder')}"
               @input=${(e) => { q = e.currentTarget.value; drawList(); }}
               @keydown=${(e) => { if (e.key === 'Escape' && e.currentTarget.value) { e.preventDefault(); e.currentTarget.value = ''; q = ''; drawList(); } }}>
      </div>
    </div>` : '');

  const endingChip = () => (endingWithin ? html`<p class="filter-chip-row card-pad"><span class="filter-chip">${t('subs.endingWithin', { days: formatNumber(endingWithin) })}
    <button type="button" class="filter-chip-remove" data-ref="dropEnding" aria-label="${t('subs.endingWithin.drop', { days: formatNumber(endingWithin) })}">${icon('close')}</button></span></p>` : '');

  function listBody() {
    const tools = toolbar();
    return card({
      title: t('subs.list'),
      subtitle: html`<span data-ref="count" aria-live="polite"></span>`,
      flush: true,
      body: html`${endingChip()}${tools ? html`<div class="subs-toolbar">${tools}</div>` : ''}<div data-ref="rows"></div>`,
    });
  }

  async function dropEnding() {
    endingWithin = null;
    syncUrl();
    await list.restart();
    drawView(false);
    root.querySelector('#subs-panel input[type="search"], #subs-panel .segment input')?.focus();
  }

  function drawView(focusTab = false) {
    markTab(root, 'subs', view, focusTab);
    const panel = root.querySelector('#subs-panel');
    usage?.destroy?.();
    usage = null;
    if (view === 'usage') {
      usage = usageView({
        account,
        month,
        onMonth(m) { month = m; syncUrl(); },
      });
      panel.replaceChildren(usage.el);
      usage.load();
    } else {
      render(panel, listBody());
      panel.querySelector('[data-ref="dropEnding"]')?.addEventListener('click', dropEnding);
      drawList();
    }
    syncUrl();
  }

  function syncUrl() {
    const url = new URL(location.href);
    if (view === 'usage') {
      url.searchParams.set('view', 'usage');
      if (month === currentMonth()) url.searchParams.delete('month'); else url.searchParams.set('month', month);
    } else {
      url.searchParams.delete('view');
      url.searchParams.delete('month');
    }
    if (endingWithin && view !== 'usage') url.searchParams.set('ending_within', String(endingWithin));
    else url.searchParams.delete('ending_within');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }

  const tabs = withUsage ? tabList({
    id: 'subs',
    label: t('subs.views'),
    current: view,
    tabs: [
      { key: 'list', label: t('subs.view.list'), icon: 'subscriptions' },
      { key: 'usage', label: t('subs.view.usage'), icon: 'activity' },
    ],
  }) : '';

  return {
    title: t('nav.subscriptions'),
    description: t('subscriptions.description.partner'),
    breadcrumbs: [accountCrumb(account), { label: t('nav.subscriptions') }],
    body: html`
      ${ctx.isAdmin ? '' : html`<p class="view-only-note" role="status">${icon('eye', 'hint-icon')}<span>${t('subs.viewOnly')}</span></p>`}
      <div class="subs-page">
        ${tabs}
        ${withUsage
          ? html`<div id="subs-panel" class="subs-panel" role="tabpanel" tabindex="-1" aria-labelledby="${'subs-tab-' + view}"></div>`
          : html`<div id="subs-panel" class="subs-panel"></div>`}
      </div>`,
    mounted(el) {
      root = el.querySelector('.page-body');
      if (withUsage) {
        wireTabs(root, { id: 'subs', keys: views, current: () => view, select(key, focus) { if (key !== view) { view = key; drawView(focus); } else if (focus) markTab(root, 'subs', key, true); } });
      }
      drawView(false);
    },
  };
}

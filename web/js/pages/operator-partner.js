/*
 * operator-partner.js - one partner as the operator sees it
 * (/a/{operator_id}/partners/{partner_id}): its flexible billing (a switch
 * for operator admins, the state for viewers), how many customers it has
 * and how many of its discount applications wait, when it was created, and
 * its segment-discount history (every application, by due date as in the
 * review queue, a page at a time); each application opens its details in
 * the review queue.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card, emptyState, accountCrumb } from '../components/ui.js';
import { table } from '../components/table.js';
import { pagedList, pager } from '../components/pagination.js';
import { banner } from '../components/form.js';
import { toast } from '../components/toast.js';
import { applicationPath, statusBadge, decider, percentText, dueCell } from '../components/application-bits.js';
import { t, formatDate, formatDateTime, formatNumber } from '../i18n.js';
import { segmentLabel } from '../customers.js';
import { pagePath } from '../paths.js';
import notFound from './not-found.js';

const PAGE = 25;

export default async function operatorPartner(ctx) {
  const { account, isAdmin, partnerId } = ctx;
  let partner;
  try {
    partner = await api.operator.partners.get(partnerId);
  } catch (e) {
    if (e.status === 404) return notFound(ctx);
    throw e;
  }
  let root = null;
  const history = pagedList((cursor, signal) => api.operator.applications.ofPartner(partner.id, { limit: PAGE, cursor, signal }),
    { onChange: drawHistory });
  await history.load({ rethrow: true });

  function switchView() {
    return html`
      <label class="switch">
        <input type="checkbox" role="switch" data-ref="flexible" ?checked=${partner.flexible_billing} ?disabled=${!isAdmin}
               aria-label="${t('partners.flexible.label', { name: partner.name })}" aria-describedby="partner-flexible-hint">
        <span class="switch-track" aria-hidden="true"><span class="switch-thumb"></span></span>
        <span class="switch-text" aria-hidden="true">${partner.flexible_billing ? t('partners.flexible.on') : t('partners.flexible.off')}</span>
      </label>
      <p class="field-hint" id="partner-flexible-hint">${partner.flexible_billing ? t('opc.partner.flexible.onHint') : t('opc.partner.flexible.offHint')}</p>`;
  }

  function details() {
    const waiting = partner.pending_applications;
    return html`
      <dl class="details">
        <div><dt>${t('table.flexibleBilling')}</dt><dd data-ref="flexibleCell">${switchView()}</dd></div>
        <div><dt>${t('table.customers')}</dt><dd>${formatNumber(partner.customers)}</dd></div>
        <div><dt>${t('table.pendingReviews')}</dt><dd>${waiting
          ? html`${formatNumber(waiting)} · <a href="${pagePath(account.id, 'reviews')}">${t('opc.partner.openQueue')}</a>`
          : formatNumber(0)}</dd></div>
        <div><dt>${t('table.created')}</dt><dd>${formatDateTime(partner.created_at)}</dd></div>
      </dl>`;
  }

  const columns = [
    {
      header: t('table.customer'), rowHeader: true,
      cell: (a) => html`<a class="cell-link" href="${applicationPath(account.id, a.id)}">${a.customer.company}</a>`,
    },
    { header: t('table.segment'), cell: (a) => segmentLabel(a.segment) },
    { header: t('table.appliedOn'), cellClass: 'cell-nowrap', cell: (a) => formatDate(a.applied_at, 'medium') },
    { header: t('table.due'), cell: (a) => dueCell(a) },
    { header: t('table.status'), cellClass: 'cell-nowrap', cell: (a) => statusBadge(a) },
    {
      header: t('opc.col.decided'),
      cell: (a) => (a.status === 'pending' ? html`<span class="muted">${t('review.waiting')}</span>`
        : html`<span class="cell-text">${decider(a)}</span><span class="cell-sub cell-nowrap">${formatDate(a.decided_at, 'medium')}</span>`),
    },
    { header: t('rates.percent'), className: 'cell-num', cell: (a) => percentText(a) },
    { header: t('opc.col.note'), cell: (a) => (a.note ? html`<span class="cell-sub review-note">${a.note}</span>` : '') },
  ];

  function historyBody() {
    if (history.error) return html`<div class="card-pad">${banner('error', history.error.message)}</div>`;
    return html`
      ${table({
        caption: t('opc.partner.history'),
        columns,
        rows: history.items,
        key: (a) => a.id,
        href: (a) => applicationPath(account.id, a.id),
        rowClass: (a) => (a.overdue ? 'row-overdue' : ''),
        className: 'table-hover history-table',
        empty: emptyState({
          icon: 'audit', compact: true, headingLevel: 3,
          title: t('opc.partner.history.empty.title'), text: t('opc.partner.history.empty.text', { name: partner.name }),
        }),
      })}
      ${pager(history, { onMore: () => history.more(root) })}`;
  }

  function drawHistory() {
    if (!root || !root.isConnected) return;
    const box = root.querySelector('[data-ref="history"]');
    render(box, historyBody());
    box.setAttribute('aria-busy', String(history.loading));
  }

  function drawDetails() {
    if (!root || !root.isConnected) return;
    render(root.querySelector('[data-ref="details"]'), details());
  }

  async function toggle(input) {
    const on = input.checked;
    input.disabled = true;
    try {
      partner = await api.operator.partners.setFlexibleBilling(partner.id, on);
      toast(on ? t('partners.flexible.turnedOn', { name: partner.name }) : t('partners.flexible.turnedOff', { name: partner.name }), { kind: 'success' });
    } catch (e) {
      if (e.status === 401) return;
      input.checked = !on;
      toast(e.message, { kind: 'error' });
    }
    drawDetails();
    root.querySelector('[data-ref="flexible"]')?.focus();
  }

  return {
    title: partner.name,
    description: t('opc.partner.description'),
    breadcrumbs: [accountCrumb(account), { label: t('nav.partners'), href: pagePath(account.id, 'partners') }, { label: partner.name }],
    body: html`
      ${card({ title: t('opc.partner.details'), body: html`<div data-ref="details"></div>`, className: 'partner-details' })}
      ${card({
        title: t('opc.partner.history'),
        subtitle: t('opc.partner.history.subtitle'),
        flush: true,
        body: html`<div data-ref="history"></div>`,
      })}`,
    mounted(el) {
      root = el.querySelector('.page-body');
      drawDetails();
      drawHistory();
      root.addEventListener('change', (e) => {
        if (e.target.matches('[data-ref="flexible"]')) toggle(e.target);
      });
    },
  };
}

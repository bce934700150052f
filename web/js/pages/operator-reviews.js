/*
 * operator-reviews.js - the operator's segment-discount reviews
 * (/a/{operator_id}/discounts).
 *
 * The review queue: every partner's applications with partner, customer,
 * segment, application date and due date (5 business days, weekends
 * excluded), by due date; overdue ones are highlighted. Pending ones are
 * approved or rejected with a note in a dialog; decided ones stay listed
 * with who decided, when, the percentage granted and the note. Below it,
 * the discount percentage of each segment, which approvals from now on
 * grant. Operator viewers see everything and change nothing. An
 * application's company opens its details in a drawer (also opened by
 * ?application={id}, as a partner's page links to it), with the same
 * approve and reject for admins.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card, emptyState, accountCrumb } from '../components/ui.js';
import { table } from '../components/table.js';
import { pagedList, pager } from '../components/pagination.js';
import { discountBadge } from '../components/customer-bits.js';
import { formDialog } from '../components/dialog.js';
import { banner, field, setFieldError } from '../components/form.js';
import { toast } from '../components/toast.js';
import { t, plural, formatDate, formatDay, formatNumber } from '../i18n.js';
import { segmentLabel } from '../customers.js';
import { openApplicationDetails } from '../components/application-details.js';

const FILTERS = ['pending', 'decided', 'all'];

export default async function operatorReviews({ account, isAdmin, query }) {
  let filter = 'pending';
  let root = null;
  const queue = pagedList((cursor, signal) => api.operator.applications.listAll({ cursor, signal }), { onChange: draw });
  const [, firstRates] = await Promise.all([queue.load({ rethrow: true }), api.operator.rates.listAll()]);
  let rates = firstRates.items;

  const shown = () => queue.items.filter((a) =>
    filter === 'all' || (filter === 'pending' ? a.status === 'pending' : a.status !== 'pending'));
  const pendingCount = () => queue.items.filter((a) => a.status === 'pending').length;
  const overdueCount = () => queue.items.filter((a) => a.overdue).length;

  async function reload() {
    const [, r] = await Promise.allSettled([queue.load(), api.operator.rates.listAll()]);
    if (r.status === 'fulfilled') rates = r.value.items;
    draw();
  }

  async function decide(a, decision) {
    const approve = decision === 'approve';
    const rate = rates.find((r) => r.segment === a.segment)?.percent ?? 0;
    const id = 'decision-note';
    // A rejection needs a reason: the partner is e-mailed it. The dialog
    // says so before anything is sent, and checks it on Reject.
    const done = await formDialog({
      title: approve ? t('review.approve.title', { company: a.customer.company })
        : t('review.reject.title', { company: a.customer.company }),
      message: approve ? t('review.approve.message', { segment: segmentLabel(a.segment), percent: rate, partner: a.partner.name })
        : t('review.reject.message', { segment: segmentLabel(a.segment), partner: a.partner.name }),
      body: html`<form class="dialog-fields" novalidate @submit=${(e) => e.preventDefault()}>${field({
        id,
        label: approve ? t('review.note') : html`${t('review.note')}<span class="req" aria-hidden="true">*</span>`,
        optional: approve,
        hint: approve ? t('review.note.hint') : t('review.note.hintReject'),
        input: approve
          ? html`<textarea class="input textarea" id="${id}" name="note" rows="4" maxlength="1000" aria-describedby="${id + '-hint'}"></textarea>`
          : html`<textarea class="input textarea" id="${id}" name="note" rows="4" maxlength="1000" required aria-required="true"
              aria-describedby="${id + '-hint'}" @input=${(e) => setFieldError(e.currentTarget.form, 'note', '')}></textarea>`,
      })}</form>`,
      confirm: approve ? t('review.approve') : t('review.reject'),
      danger: !approve,
      onConfirm: async (box) => {
        const form = box.querySelector('form');
        const note = form.elements.namedItem('note');
        setFieldError(form, 'note', '');
        if (!approve && !note.value.trim()) {
          setFieldError(form, 'note', t('review.note.required'));
          note.focus();
          return false;
        }
        try {
          await api.operator.applications.decide(a.id, decision, note.value.trim());
          return true;
        } catch (e) {
          if (e.status === 409) { await reload(); return e.message; }
          const m = e.fields?.note || (e.field === 'note' ? e.message : '');
          if (m) {
            setFieldError(form, 'note', m);
            note.focus();
            return false;
          }
          return e.message;
        }
      },
    });
    if (!done) return;
    toast(approve ? t('review.approved.toast', { company: a.customer.company })
      : t('review.rejected.toast', { company: a.customer.company }), { kind: 'success' });
    await reload();
  }

  function decisionCell(a) {
    if (a.status === 'pending') {
      if (!isAdmin) return html`<span class="muted small">${t('review.waiting')}</span>`;
      return html`<span class="row-actions">
        <button type="button" class="btn btn-secondary btn-sm" data-decide="approve" data-id="${a.id}">${t('review.approve')}</button>
        <button type="button" class="btn btn-secondary btn-sm" data-decide="reject" data-id="${a.id}">${t('review.reject')}</button>
      </span>`;
    }
    const who = a.decided_by ? a.decided_by.name || a.decided_by.email : t('review.bySystem');
    return html`
      <span class="cell-text">${t('review.decidedBy', { who, date: formatDate(a.decided_at) })}</span>
      ${a.note ? html`<span class="cell-sub review-note">${a.note}</span>` : ''}`;
  }

  function statusCell(a) {
    const badge = discountBadge(a);
    if (a.status === 'approved') return html`${badge} <span class="muted small">${t('review.percent', { percent: a.percent })}</span>`;
    return badge;
  }

  const queueColumns = [
    {
      header: t('table.customer'), rowHeader: true,
      cell: (a) => html`<button type="button" class="cell-text cell-button" data-details="${a.id}" aria-haspopup="dialog">${a.customer.company}</button><span class="cell-sub">${a.partner.name}</span>`,
    },
    { header: t('table.segment'), cell: (a) => segmentLabel(a.segment) },
    { header: t('table.appliedOn'), className: 'hide-narrow', cellClass: 'cell-nowrap', cell: (a) => formatDate(a.applied_at, 'medium') },
    {
      header: t('table.due'), sort: 'ascending',
      cell: (a) => html`<span class="cell-nowrap">${formatDay(a.due_on, 'medium')}</span>${a.overdue ? html` <span class="badge badge-danger">${t('review.overdue')}</span>` : ''}`,
    },
    { header: t('table.status'), cellClass: 'cell-nowrap', cell: statusCell },
    { header: t('table.decision'), cell: decisionCell },
  ];

  function queueBody() {
    if (queue.error) return html`<div class="card-pad">${banner('error', queue.error.message)}</div>`;
    return html`
      ${table({
        caption: t('review.queue'),
        columns: queueColumns,
        rows: shown(),
        key: (a) => a.id,
        rowClass: (a) => (a.overdue ? 'row-overdue' : ''),
        className: 'review-table',
        empty: emptyState({
          icon: filter === 'pending' ? 'success' : 'audit', compact: true, headingLevel: 3,
          title: t('review.empty.' + filter + '.title'), text: t('review.empty.' + filter + '.text'),
        }),
      })}
      ${pager(queue, { onMore: () => queue.more(root) })}`;
  }

  function ratesBody() {
    return table({
      caption: t('rates.title'),
      rows: rates,
      key: (r) => r.segment,
      columns: [
        { header: t('table.segment'), rowHeader: true, cell: (r) => html`<label for="${'rate-' + r.segment}">${segmentLabel(r.segment)}</label>` },
        {
          header: t('rates.percent'),
          cell: (r) => (isAdmin ? html`
            <form class="rate-form" data-segment="${r.segment}" novalidate>
              <input class="input rate-input" type="number" min="0" max="100" step="1" inputmode="numeric"
                     id="${'rate-' + r.segment}" name="percent" value="${String(r.percent)}"
                     aria-describedby="${'rate-' + r.segment + '-error'}">
              <span class="rate-unit" aria-hidden="true">%</span>
              <button type="submit" class="btn btn-secondary btn-sm">${t('rates.save')}</button>
              <p class="field-error" id="${'rate-' + r.segment + '-error'}" hidden></p>
            </form>` : html`<span id="${'rate-' + r.segment}">${formatNumber(r.percent)}%</span>`),
        },
        { header: t('table.lastChanged'), className: 'hide-narrow', cellClass: 'cell-nowrap', cell: (r) => (r.updated_at ? formatDate(r.updated_at, 'medium') : t('rates.default')) },
      ],
    });
  }

  function draw() {
    if (!root || !root.isConnected) return;
    render(root.querySelector('[data-ref="queue"]'), queueBody());
    render(root.querySelector('[data-ref="rates"]'), ratesBody());
    root.querySelector('[data-ref="count"]').textContent = plural('review.count', pendingCount(), { n: formatNumber(pendingCount()) })
      + (overdueCount() ? ' · ' + plural('review.overdueCount', overdueCount(), { n: formatNumber(overdueCount()) }) : '');
  }

  async function saveRate(form) {
    const input = form.querySelector('input');
    const error = form.querySelector('.field-error');
    const n = Number(input.value);
    error.hidden = true;
    input.removeAttribute('aria-invalid');
    if (input.value.trim() === '' || !Number.isInteger(n) || n < 0 || n > 100) {
      error.textContent = t('rates.invalid');
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    try {
      rates = await api.operator.rates.set(form.dataset.segment, n);
      toast(t('rates.saved', { segment: segmentLabel(form.dataset.segment), percent: n }), { kind: 'success' });
      draw();
    } catch (e) {
      if (e.status === 401) return;
      error.textContent = e.fields?.percent || e.message;
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
    }
  }

  // The details drawer; one opened by the address drops ?application= when it closes.
  function details(id, fromAddress = false) {
    openApplicationDetails({
      id, account, isAdmin, decide,
      onClose() {
        if (fromAddress) history.replaceState(history.state, '', location.pathname);
        root?.querySelector(`[data-details="${CSS.escape(id)}"]`)?.focus();
      },
    });
  }

  const filters = html`
    <div class="segmented segmented-sm" role="radiogroup" aria-label="${t('review.filter')}">
      ${FILTERS.map((k) => html`<label class="segment"><input type="radio" name="review-filter" value="${k}" ?checked=${k === filter}
        @change=${(e) => { filter = e.currentTarget.value; draw(); }}><span>${t('review.filter.' + k)}</span></label>`)}
    </div>`;

  return {
    title: t('nav.reviews'),
    description: t('review.description'),
    breadcrumbs: [accountCrumb(account), { label: t('nav.reviews') }],
    body: html`
      ${card({
        title: t('review.queue'),
        subtitle: html`<span data-ref="count" aria-live="polite"></span>`,
        aside: filters,
        flush: true,
        body: html`<div data-ref="queue"></div>`,
      })}
      ${card({
        title: t('rates.title'),
        subtitle: t('rates.subtitle'),
        flush: true,
        body: html`<div data-ref="rates"></div>`,
      })}`,
    mounted(el) {
      root = el.querySelector('.page-body');
      draw();
      root.addEventListener('click', (e) => {
        const open = e.target.closest('[data-details]');
        if (open) { details(open.dataset.details); return; }
        const b = e.target.closest('[data-decide]');
        if (!b) return;
        const a = queue.items.find((x) => x.id === b.dataset.id);
        if (a) decide(a, b.dataset.decide);
      });
      if (query.get('application')) details(query.get('application'), true);
      root.addEventListener('submit', (e) => {
        const form = e.target.closest('.rate-form');
        if (!form) return;
        e.preventDefault();
        saveRate(form);
      });
    },
  };
}

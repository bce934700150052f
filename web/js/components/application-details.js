/*
 * application-details.js - one segment-discount application in a drawer,
 * opened from the review queue (GET /operator/discount-applications/{id}):
 * partner, customer, segment, when it was applied for, its due date (and
 * whether it is overdue), its status, who decided and when, the percentage
 * granted and the note. While it waits, operator admins approve or reject
 * it from here with the queue's own dialogs (decide), after which the
 * drawer shows the decision.
 *
 *   openApplicationDetails({ id, account, isAdmin, decide: async (application, 'approve' | 'reject') => {} })
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { openDrawer } from './drawer.js';
import { banner } from './form.js';
import { emptyState } from './ui.js';
import { statusBadge, decider, dueCell } from './application-bits.js';
import { t, formatDateTime } from '../i18n.js';
import { segmentLabel } from '../customers.js';
import { partnerPath } from '../paths.js';

export function openApplicationDetails({ id, account, isAdmin, decide, onClose }) {
  let app = null;
  const d = openDrawer({
    title: t('opc.app.title'),
    body: html`<div class="loading-line" role="status"><span class="spinner"></span><span>${t('common.loading')}</span></div>`,
    footer: html`<span></span>`,
    onClose,
  });
  d.el.classList.add('application-drawer');

  function row(label, value) {
    return html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
  }

  function body() {
    const a = app;
    return html`
      <dl class="details" data-ref="application">
        ${row(t('table.partner'), html`<a href="${partnerPath(account.id, a.partner.id)}">${a.partner.name}</a>`)}
        ${row(t('table.customer'), a.customer.company)}
        ${row(t('table.segment'), segmentLabel(a.segment))}
        ${row(t('opc.app.appliedAt'), formatDateTime(a.applied_at))}
        ${row(t('table.due'), dueCell(a, 'long'))}
        ${row(t('table.status'), statusBadge(a))}
        ${a.status === 'pending' ? '' : html`
          ${row(t('opc.app.decidedBy'), decider(a))}
          ${row(t('opc.app.decidedAt'), formatDateTime(a.decided_at))}`}
        ${a.status === 'approved' ? row(t('rates.percent'), t('review.percent', { percent: a.percent })) : ''}
        ${a.status === 'pending' ? '' : row(t('review.note'), a.note ? html`<span class="review-note">${a.note}</span>`
          : html`<span class="muted">${t('opc.app.noNote')}</span>`)}
      </dl>
      ${a.status === 'pending' && !isAdmin ? html`<p class="muted small drawer-note">${t('opc.app.viewerNote')}</p>` : ''}`;
  }

  function footer() {
    const close = html`<button type="button" class="btn btn-secondary" data-close>${t('common.close')}</button>`;
    if (!app || app.status !== 'pending' || !isAdmin) return close;
    return html`${close}
      <button type="button" class="btn btn-secondary" data-decide="reject">${t('review.reject')}</button>
      <button type="button" class="btn btn-primary" data-decide="approve">${t('review.approve')}</button>`;
  }

  function draw() {
    d.el.querySelector('.drawer-title').textContent = app ? t('opc.app.titleOf', { company: app.customer.company }) : t('opc.app.title');
    render(d.body, body());
    render(d.footer, footer());
  }

  async function load() {
    d.setBusy(true);
    try {
      app = await api.operator.applications.get(id);
      draw();
    } catch (e) {
      if (e.status === 401) { d.close({ force: true }); return; }
      render(d.body, e.status === 404
        ? emptyState({ icon: 'compass', title: t('opc.app.notFound.title'), text: t('opc.app.notFound.text'), compact: true })
        : banner('error', e.message));
      render(d.footer, footer());
    } finally {
      d.setBusy(false);
    }
  }

  d.el.addEventListener('click', async (e) => {
    if (e.target.closest('[data-close]')) { d.close(); return; }
    // A link (the partner's page) leaves the queue: the drawer goes too.
    if (e.target.closest('.drawer-body a[href]')) { d.close({ force: true }); return; }
    const b = e.target.closest('[data-decide]');
    if (!b || !app) return;
    await decide(app, b.dataset.decide);
    await load();
    d.footer.querySelector('[data-decide]')?.focus();
    if (!d.footer.querySelector('[data-decide]')) d.footer.querySelector('[data-close]')?.focus();
  });

  load();
  return d;
}

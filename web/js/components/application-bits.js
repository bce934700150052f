/*
 * application-bits.js - how a segment-discount application reads wherever
 * the operator sees one outside the review queue (a partner's discount
 * history, an application's details): its status badge, who decided and
 * when, the percentage granted, the due date with "Overdue", and the
 * address of its details (the review queue with the details open).
 */
import { html } from '../html.js';
import { discountBadge } from './customer-bits.js';
import { t, formatDay } from '../i18n.js';
import { pathTo } from '../paths.js';

/** The review queue of operator account accountId with application id's details open. */
export function applicationPath(accountId, id) {
  return pathTo('reviews', { accountId }, { application: id });
}

export function statusBadge(a) {
  return discountBadge(a);
}

/** Who decided ("the system" when nobody did by hand); '' while pending. */
export function decider(a) {
  if (a.status === 'pending') return '';
  return a.decided_by ? a.decided_by.name || a.decided_by.email : t('review.bySystem');
}

/** "25%" for an approval, "—" otherwise (with why, for screen readers). */
export function percentText(a) {
  return a.status === 'approved' && a.percent !== null && a.percent !== undefined ? `${a.percent}%` : '—';
}

export function dueCell(a, style = 'medium') {
  return html`<span class="cell-nowrap">${formatDay(a.due_on, style)}</span>${a.overdue
    ? html` <span class="badge badge-danger">${t('review.overdue')}</span>` : ''}`;
}

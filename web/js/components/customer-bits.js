/*
 * customer-bits.js - small pieces shown wherever customers are listed: the
 * management mode badge, the segment discount badge and the "—" of a figure
 * that nothing has been recorded for yet (with its explanation as a tooltip
 * and for screen readers); and the Workstation / Server tiles the drawers
 * choose a platform with.
 */
import { html } from '../html.js';
import { icon } from './icons.js';
import { t, formatDay } from '../i18n.js';
import { PLATFORMS, platformLabel } from '../customers.js';

export function managementBadge(management) {
  const mode = management && management.mode;
  if (mode !== 'global' && mode !== 'local') return html`<span class="muted">—</span>`;
  return html`<span class="${mode === 'global' ? 'badge badge-accent' : 'badge badge-teal'}">${icon(mode === 'global' ? 'globe' : 'customers', 'badge-icon')}${t('management.' + mode)}</span>`;
}

const DISCOUNT_TONE = { pending: 'badge-warning', approved: 'badge-ok', rejected: 'badge-danger' };

export function discountBadge(sd, { withDue = false } = {}) {
  if (!sd) return '';
  const label = sd.status === 'pending' && withDue && sd.due_on
    ? t('discount.pendingDue', { date: formatDay(sd.due_on) }) : t('discount.' + sd.status);
  return html`<span class="${'badge ' + (DISCOUNT_TONE[sd.status] || '')}">${label}</span>`;
}

/** "—" for a count nothing has been recorded for yet. */
export function noneCell(explanation) {
  return html`<span class="none-cell" title="${explanation}"><span aria-hidden="true">—</span><span class="visually-hidden">${explanation}</span></span>`;
}

/** A radio tile per platform (input name, the chosen platform checked), for a .tile-row. */
export function platformTiles(name, chosen) {
  return PLATFORMS.map((k) => html`
    <label class="${chosen === k ? 'tile is-checked' : 'tile'}">
      <input type="radio" name="${name}" value="${k}" ?checked=${chosen === k}>
      <span class="tile-icon" aria-hidden="true">${icon(k === 'server' ? 'server' : 'devices')}</span>
      <span class="tile-body">
        <span class="tile-title">${platformLabel(k)}</span>
        <span class="tile-text">${t('create.local.template.' + k)}</span>
      </span>
    </label>`);
}

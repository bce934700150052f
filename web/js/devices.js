/*
 * devices.js - devices as the console shows them: their status
 * (protected / at risk / offline) with the reasons behind it, when they
 * were last seen, what was done about a threat, and the fixed lists the
 * Devices filters offer. The API calls themselves are in api.js.
 *
 * The server decides the status: offline when a device has not checked in
 * for the partner's offline period, else at risk when protection is off,
 * its virus definitions are older than DEFINITIONS_MAX_DAYS days or a
 * threat is unresolved, else protected. reasons() says which of these
 * apply, from the same fields.
 */
import { html } from './html.js';
import { t, plural, formatNumber, formatDateTime, formatRelative } from './i18n.js';
import { icon } from './components/icons.js';

export const STATUSES = ['protected', 'at_risk', 'offline'];
export const THREAT_ACTIONS = ['quarantined', 'deleted', 'blocked', 'reported'];
/** Definitions older than this many days put a device at risk (the server's rule). */
export const DEFINITIONS_MAX_DAYS = 3;

const STATUS_CLASS = { protected: 'badge-ok', at_risk: 'badge-danger', offline: 'badge-quiet' };
const STATUS_ICON = { protected: 'success', at_risk: 'warning', offline: 'clock' };

export function statusLabel(status) {
  return STATUSES.includes(status) ? t('device.status.' + status) : status || '';
}

/** The status as a badge (its colour is never the only sign: the word is in it). */
export function statusBadge(status) {
  return html`<span class="${'badge device-status ' + (STATUS_CLASS[status] || '')}" data-status="${status}">${icon(STATUS_ICON[status] || 'info', 'badge-icon')}${statusLabel(status)}</span>`;
}

/** A time as "3 minutes ago", the exact time on hover (and for machines in datetime). */
export function relativeTime(value, { never = t('device.never') } = {}) {
  if (!value) return html`<span class="muted">${never}</span>`;
  const exact = formatDateTime(value);
  return html`<time class="rel-time" datetime="${value}" title="${exact}">${formatRelative(value)}</time>`;
}

/** Whole days since value (0 when in the future). */
export function daysSince(value, now = Date.now()) {
  const d = new Date(value).getTime();
  if (Number.isNaN(d)) return null;
  return Math.max(0, Math.floor((now - d) / 86400000));
}

/** Why a device has its status: a list of sentences (empty when protected). */
export function reasons(d, now = Date.now()) {
  if (d.status === 'offline') {
    return [d.last_seen ? t('device.reason.offline', { date: formatDateTime(d.last_seen) }) : t('device.reason.neverSeen')];
  }
  const out = [];
  if (d.protection === 'off') out.push(t('device.reason.protectionOff'));
  if (!d.definitions_updated_at) out.push(t('device.reason.noDefinitions'));
  else {
    const days = daysSince(d.definitions_updated_at, now);
    if (days !== null && days > DEFINITIONS_MAX_DAYS) out.push(plural('device.reason.definitions', days, { n: formatNumber(days) }));
  }
  if (d.open_threats > 0) out.push(plural('device.reason.threats', d.open_threats, { n: formatNumber(d.open_threats) }));
  return out;
}

/** Protection on or off, as a word with a dot. */
export function protectionCell(p) {
  if (p !== 'on' && p !== 'off') return html`<span class="muted">—</span>`;
  return html`<span class="${p === 'on' ? 'value-on' : 'value-off'}"><span class="${p === 'on' ? 'dot dot-ok' : 'dot dot-danger'}" aria-hidden="true"></span>${t('device.protection.' + p)}</span>`;
}

export function actionLabel(a) {
  return THREAT_ACTIONS.includes(a) ? t('device.threat.action.' + a) : a || '';
}

/** What was done about a threat; "reported" (nothing done) reads as unresolved. */
export function actionBadge(a) {
  const cls = a === 'reported' ? 'badge badge-danger' : 'badge badge-ok';
  return html`<span class="${cls}">${actionLabel(a)}</span>`;
}

/*
 * alerts.js - alerts as the console shows them: their types in words,
 * severity and status as badges, what happened (from each alert's
 * `details`, by type) as a line for lists and as facts for the detail
 * view, and the fixed lists the Alerts filters offer. The API calls
 * themselves are in api.js.
 *
 * The server decides everything here: severity is fixed per type
 * (critical threat_detected; high protection_off, subscription_ended;
 * medium definitions_outdated, device_offline, seats_exceeded,
 * trial_ended, subscription_ending; low trial_ending, discount_decided);
 * resolved and dismissed alerts are final; a muted alert can only be
 * dismissed or resolved.
 */
import { html } from './html.js';
import { t, hasText, formatNumber, formatDateTime, formatDay } from './i18n.js';
import { icon } from './components/icons.js';
import { actionLabel } from './devices.js';

export const TYPES = ['threat_detected', 'protection_off', 'definitions_outdated', 'device_offline', 'trial_ending',
  'trial_ended', 'subscription_ending', 'subscription_ended', 'seats_exceeded', 'discount_decided'];
export const SEVERITIES = ['critical', 'high', 'medium', 'low'];
export const STATUSES = ['open', 'acknowledged', 'muted', 'dismissed', 'resolved'];
/** What people may set by hand (muted comes from a mute). */
export const CHANGES = ['acknowledged', 'dismissed', 'resolved'];
/** The time filter: alerts last seen within this long. */
export const PERIODS = { '24h': 86400, '7d': 7 * 86400, '30d': 30 * 86400, '90d': 90 * 86400 };

const SEVERITY_CLASS = { critical: 'badge-critical', high: 'badge-danger', medium: 'badge-warning', low: 'badge-info' };
const SEVERITY_DOT = { critical: 'critical', high: 'danger', medium: 'warning', low: 'info' };
const STATUS_CLASS = { open: 'badge-open', acknowledged: 'badge-accent', muted: 'badge-quiet', dismissed: 'badge-quiet', resolved: 'badge-ok' };
const STATUS_ICON = { open: 'alerts', acknowledged: 'eye', muted: 'clock', dismissed: 'close', resolved: 'check' };

export function typeLabel(type) {
  return TYPES.includes(type) ? t('alert.type.' + type) : type || '';
}

export function severityLabel(s) {
  return SEVERITIES.includes(s) ? t('severity.' + s) : s || '';
}

export function severityDot(s) {
  return SEVERITY_DOT[s] || 'muted';
}

export function statusLabel(s) {
  return STATUSES.includes(s) ? t('alerts.status.' + s) : s || '';
}

/** The severity as a badge (the word is in it: colour is never the only sign). */
export function severityBadge(s) {
  return html`<span class="${'badge alert-severity ' + (SEVERITY_CLASS[s] || '')}" data-severity="${s}">${severityLabel(s)}</span>`;
}

export function statusBadge(s) {
  return html`<span class="${'badge alert-status ' + (STATUS_CLASS[s] || '')}" data-status="${s}">${icon(STATUS_ICON[s] || 'info', 'badge-icon')}${statusLabel(s)}</span>`;
}

/** Whether an alert can still be changed by hand (resolved and dismissed are final). */
export function isClosed(a) {
  return a.status === 'resolved' || a.status === 'dismissed';
}

/** Whether a person may set status on alert a. */
export function canSet(a, status) {
  if (isClosed(a) || a.status === status) return false;
  if (a.status === 'muted') return status === 'dismissed' || status === 'resolved';
  return true;
}

const d = (a) => a.details || {};

/** A service's name from the catalogue (a Map key -> name), else its key. */
function serviceName(services, key) {
  return (services && services.get(key)) || key || '';
}

function segmentLabel(s) {
  return hasText('segment.' + s) ? t('segment.' + s) : s || '';
}

/**
 * What happened, in one line, from the alert's details: the threat and
 * what was done, since when definitions are old, since when a device is
 * silent, which subscription ends or ended, seats used of bought, a
 * segment discount's decision.
 */
export function summary(a, services = null) {
  const x = d(a);
  switch (a.type) {
    case 'threat_detected':
      return t('alert.summary.threat', { name: x.name || '', action: actionLabel(x.action) });
    case 'protection_off':
      return t('alert.summary.protectionOff');
    case 'definitions_outdated':
      return x.definitions_updated_at ? t('alert.summary.definitions', { date: formatDateTime(x.definitions_updated_at) })
        : t('alert.summary.noDefinitions');
    case 'device_offline':
      return x.last_seen ? t('alert.summary.offline', { date: formatDateTime(x.last_seen) }) : t('alert.summary.offlineNever');
    case 'trial_ending':
    case 'trial_ended':
    case 'subscription_ending':
    case 'subscription_ended':
      return t('alert.summary.' + a.type, { service: serviceName(services, x.service_key), date: x.ends_on ? formatDay(x.ends_on) : '—' });
    case 'seats_exceeded':
      return t('alert.summary.seats', { service: serviceName(services, x.service_key), used: formatNumber(x.used ?? 0), seats: formatNumber(x.seats ?? 0) });
    case 'discount_decided':
      return t(x.decision === 'approved' ? 'alert.summary.discountApproved' : 'alert.summary.discountRejected',
        { segment: segmentLabel(x.segment), percent: formatNumber(x.percent ?? 0) });
    default:
      return a.subject || '';
  }
}

/** What happened as [label, value] facts for the detail view (values are text or markup). */
export function facts(a, services = null) {
  const x = d(a);
  const out = [];
  const time = (v) => (v ? html`<time datetime="${v}">${formatDateTime(v)}</time>` : '—');
  switch (a.type) {
    case 'threat_detected':
      out.push([t('alert.fact.threat'), x.name || '—'], [t('alert.fact.path'), html`<code class="break-code">${x.path || '—'}</code>`],
        [t('alert.fact.action'), actionLabel(x.action) || '—'], [t('alert.fact.detected'), time(x.detected_at)]);
      break;
    case 'definitions_outdated':
      out.push([t('alert.fact.definitions'), time(x.definitions_updated_at)]);
      break;
    case 'device_offline':
      out.push([t('alert.fact.lastSeen'), time(x.last_seen)]);
      if (x.offline_days) out.push([t('alert.fact.offlineAfter'), t('alert.fact.days', { n: formatNumber(x.offline_days) })]);
      break;
    case 'trial_ending':
    case 'trial_ended':
    case 'subscription_ending':
    case 'subscription_ended':
      out.push([t('alert.fact.service'), serviceName(services, x.service_key)],
        [t(a.type.endsWith('ended') ? 'alert.fact.endedOn' : 'alert.fact.endsOn'), x.ends_on ? formatDay(x.ends_on) : '—']);
      break;
    case 'seats_exceeded':
      out.push([t('alert.fact.service'), serviceName(services, x.service_key)],
        [t('alert.fact.seats'), formatNumber(x.seats ?? 0)], [t('alert.fact.used'), formatNumber(x.used ?? 0)]);
      break;
    case 'discount_decided':
      out.push([t('alert.fact.segment'), segmentLabel(x.segment)],
        [t('alert.fact.decision'), t(x.decision === 'approved' ? 'alert.decision.approved' : 'alert.decision.rejected')],
        [t('alert.fact.percent'), formatNumber(x.percent ?? 0) + '%']);
      if (x.note) out.push([t('alert.fact.reviewNote'), x.note]);
      break;
    default:
      break;
  }
  return out;
}

/** From an ISO time now - period, or '' (no bound). */
export function periodFrom(period, now = Date.now()) {
  const s = PERIODS[period];
  return s ? new Date(now - s * 1000).toISOString().replace(/\.\d+Z$/, 'Z') : '';
}

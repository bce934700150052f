/*
 * subscription-bits.js - the small pieces shown wherever a subscription is:
 * state badge and label, type, money (and exact arithmetic for previews),
 * the price after a discount, seat meter, "ends on" with days left.
 */
import { html } from '../html.js';
import { icon } from './icons.js';
import { t, plural, getLanguage, formatDay, formatNumber } from '../i18n.js';

export const STATES = ['trial', 'prepaid', 'payg', 'expired', 'none'];

const STATE_TONE = { trial: 'badge-violet', prepaid: 'badge-ok', payg: 'badge-accent', expired: 'badge-danger', none: 'badge-quiet' };
const STATE_ICON = { trial: 'clock', prepaid: 'success', payg: 'activity', expired: 'warning', none: 'subscriptions' };

export function stateLabel(state) {
  return t('sub.state.' + (STATES.includes(state) ? state : 'none'));
}

export function stateBadge(state) {
  const s = STATES.includes(state) ? state : 'none';
  return html`<span class="${'badge sub-badge ' + STATE_TONE[s]}" data-state="${s}">${icon(STATE_ICON[s], 'badge-icon')}${stateLabel(s)}</span>`;
}

/** "Trial" / "Prepaid" / "Pay-as-you-go" for the Type column (what it is or was). */
export function typeLabel(sub) {
  if (sub.state === 'expired') {
    if (sub.cancelled) return t('sub.type.payg');
    return t('sub.type.' + (sub.expired_kind === 'trial' ? 'trial' : 'prepaid'));
  }
  return sub.state === 'none' ? '—' : t('sub.type.' + sub.state);
}

/** A decimal string of money in currency, e.g. ("0.08", "EUR") -> "€0.08". */
export function money(amount, currency) {
  const n = Number(amount);
  if (!Number.isFinite(n)) return String(amount ?? '');
  const decimals = (String(amount).split('.')[1] || '').length;
  try {
    return new Intl.NumberFormat(getLanguage(), {
      style: 'currency', currency: currency || 'EUR',
      minimumFractionDigits: Math.min(Math.max(decimals, 2), 4), maximumFractionDigits: Math.max(decimals, 2),
    }).format(n);
  } catch {
    return `${amount} ${currency || ''}`.trim();
  }
}

/** Exact money arithmetic for previews: the amount in 1/10000ths. */
export function toUnits(amount) {
  const [i, f = ''] = String(amount || '0').split('.');
  return Number(i) * 10000 + Number((f + '0000').slice(0, 4)) * (i.startsWith('-') ? -1 : 1);
}

export function fromUnits(units) {
  const neg = units < 0;
  const u = Math.round(Math.abs(units));
  const s = `${Math.floor(u / 10000)}.${String(u % 10000).padStart(4, '0')}`.replace(/(\.\d\d\d?)0+$/, '$1').replace(/(\.\d\d)0$/, '$1');
  return (neg ? '-' : '') + s;
}

/** The pay-as-you-go price the partner pays per seat per day for sub (after an approved discount). */
export function netPrice(sub) {
  return sub.net_price ?? sub.service.price;
}

/** Whether the discount lowers the price (approved with a percent). */
export function discountApplies(discount) {
  return !!discount && discount.status === 'approved' && Number(discount.percent) > 0;
}

/** "Ends on 24 December 2026" pieces: { date, left, soon, past }. */
export function endInfo(sub) {
  if (!sub.ends_on) return null;
  const left = sub.days_left;
  return {
    date: formatDay(sub.ends_on),
    left: left === null || left === undefined ? '' : left <= 0 ? t('sub.endsToday') : plural('sub.daysLeft', left, { n: formatNumber(left) }),
    soon: left !== null && left !== undefined && left <= 7,
  };
}

/** A small bar of seats used out of seats available. */
export function seatMeter(used, seats, { label = '' } = {}) {
  const max = Math.max(seats || 0, 0);
  const pct = max ? Math.min(100, Math.round((used / max) * 100)) : 0;
  const tone = !max ? 'is-empty' : used > max ? 'is-over' : pct >= 90 ? 'is-high' : '';
  return html`<span class="${'meter ' + tone}" role="meter" aria-valuemin="0" aria-valuemax="${String(max)}" aria-valuenow="${String(Math.min(used, max))}"
    aria-label="${label || t('sub.seatsUsedOf', { used: formatNumber(used), seats: formatNumber(max) })}"><span class="meter-fill" data-pct="${String(pct)}"></span></span>`;
}

/** Sizes the meters under root (through the CSSOM: the CSP allows no style attributes). */
export function applyMeters(root) {
  for (const el of root.querySelectorAll('.meter-fill[data-pct]')) el.style.width = el.dataset.pct + '%';
}

/*
 * registry.js - the pages of an account and which kinds of account have them.
 *
 * Every account page lives at /a/{account_id}/{segment} (the dashboard at
 * /a/{account_id}). A partner's children are customers, a company console's
 * are sites, so the two pages stand in for each other when the user switches
 * accounts; every other page keeps its place.
 */
import dashboard from './dashboard.js';
import customers from './customers.js';
import sites from './sites.js';
import policies from './policies.js';
import subscriptions from './subscriptions.js';
import alerts from './alerts.js';
import users from './users.js';
import audit from './audit.js';
import settings from './settings.js';
import operatorReviews from './operator-reviews.js';
import operatorPartners from './operator-partners.js';
import operatorMail from './operator-mail.js';

const ALL = ['partner', 'company', 'operator'];
const TENANTS = ['partner', 'company'];

export const PAGES = [
  { key: 'dashboard', segment: '', icon: 'dashboard', kinds: ALL, render: dashboard },
  { key: 'reviews', segment: 'discounts', icon: 'check', kinds: ['operator'], render: operatorReviews },
  { key: 'partners', segment: 'partners', icon: 'customers', kinds: ['operator'], render: operatorPartners },
  { key: 'mail', segment: 'mail', icon: 'mail', kinds: ['operator'], render: operatorMail },
  { key: 'customers', segment: 'customers', icon: 'customers', kinds: ['partner'], render: customers },
  { key: 'sites', segment: 'sites', icon: 'sites', kinds: ['company'], render: sites },
  { key: 'policies', segment: 'policies', icon: 'policies', kinds: TENANTS, render: policies, wholeAccount: true },
  { key: 'subscriptions', segment: 'subscriptions', icon: 'subscriptions', kinds: TENANTS, render: subscriptions },
  { key: 'alerts', segment: 'alerts', icon: 'alerts', kinds: TENANTS, render: alerts },
  { key: 'users', segment: 'users', icon: 'users', kinds: ALL, render: users },
  { key: 'audit', segment: 'audit', icon: 'audit', kinds: ALL, render: audit },
  { key: 'settings', segment: 'settings', icon: 'settings', kinds: ALL, render: settings },
];

const STAND_INS = { customers: 'sites', sites: 'customers' };

/**
 * The pages of a kind of account; with an account, without those a role
 * limited to chosen customers cannot use (they stay reachable and explain).
 */
export function pagesFor(kind, account = null) {
  return PAGES.filter((p) => p.kinds.includes(kind) && !(p.wholeAccount && account && account.scope === 'customers' && kind === 'partner'));
}

/** The page at /a/{id}/{segment} for this kind of account, or null. */
export function pageAt(kind, segment) {
  return PAGES.find((p) => p.segment === segment && p.kinds.includes(kind)) || null;
}

export function pagePath(accountId, key) {
  const p = PAGES.find((x) => x.key === key);
  const base = '/a/' + encodeURIComponent(accountId);
  return p && p.segment ? base + '/' + p.segment : base;
}

/** Where to go in `account` when switching to it from page `key`. */
export function switchTarget(account, key) {
  const own = PAGES.find((p) => p.key === key && p.kinds.includes(account.kind));
  if (own) return pagePath(account.id, own.key);
  const alt = STAND_INS[key];
  if (alt && PAGES.find((p) => p.key === alt && p.kinds.includes(account.kind))) return pagePath(account.id, alt);
  return pagePath(account.id, 'dashboard');
}

/** What an account's children are called: customers, sites or partners. */
export function childNoun(kind) {
  return kind === 'company' ? 'sites' : kind === 'operator' ? 'partners' : 'customers';
}

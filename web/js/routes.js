/*
 * routes.js - the console's route table: every path (its pattern is in
 * paths.js) with the page that shows it and what the shell needs to know.
 *
 *   name          the pattern's name in PATHS
 *   page          the page module's function (signin: renderSignIn)
 *   public        shown without a session, outside the shell
 *   anyone        (public) shown whether signed in or not (an invitation link)
 *   kinds         under /a/{account_id}: the kinds of account that have it
 *                 (any other kind: not found)
 *   icon          an entry of the account's navigation, in this order
 *   nav           the navigation entry a page below another one marks
 *   wholeAccount  left out of the navigation of a role limited to chosen
 *                 customers (the page stays reachable and explains)
 *   wholeRole     ... of a role limited to chosen customers or sites, in
 *                 every kind of account
 *   wholeCompany  ... of a role limited to chosen sites of a company console
 *   admins        ... of viewers (the page stays reachable and explains)
 *   standIn       the page to open instead when switching to an account of
 *                 a kind without this one (a partner's customers are a
 *                 company console's sites)
 *
 * main.js routes with findRoute(); the shell draws the navigation with
 * navPages() and switches accounts with switchTarget().
 */
import { PATHS, pagePath } from './paths.js';
import { match } from './router.js';
import { renderSignIn } from './pages/signin.js';
import noAccounts from './pages/no-accounts.js';
import profile from './pages/profile.js';
import apiReference from './pages/api-reference.js';
import dashboard from './pages/dashboard.js';
import operatorReviews from './pages/operator-reviews.js';
import operatorPartners from './pages/operator-partners.js';
import operatorMail from './pages/operator-mail.js';
import operatorPartner from './pages/operator-partner.js';
import operatorServices from './pages/operator-services.js';
import { renderInvite } from './pages/invite.js';
import { renderForgot, renderReset } from './pages/password-reset.js';
import customers from './pages/customers.js';
import customer from './pages/customer.js';
import deletedCustomers from './pages/deleted-customers.js';
import effectivePolicy from './pages/effective-policy.js';
import sites from './pages/sites.js';
import devices from './pages/devices.js';
import device from './pages/device.js';
import policies from './pages/policies.js';
import policy from './pages/policy.js';
import subscriptions from './pages/subscriptions.js';
import alerts from './pages/alerts.js';
import users from './pages/users.js';
import audit from './pages/audit.js';
import settings from './pages/settings.js';
import apiClients from './pages/api-clients.js';
import webhooks from './pages/webhooks.js';
import webhook from './pages/webhook.js';

const ALL = ['partner', 'company', 'operator'];
const TENANTS = ['partner', 'company'];
const PARTNER = ['partner'];
const OPERATOR = ['operator'];

export const ROUTES = [
  { name: 'signin', page: renderSignIn, public: true },
  { name: 'invite', page: renderInvite, public: true, anyone: true },
  { name: 'forgot', page: renderForgot, public: true },
  { name: 'reset', page: renderReset, public: true, anyone: true },
  // The last used (else first) account's dashboard; this page only without any account.
  { name: 'home', page: noAccounts },
  { name: 'profile', page: profile },
  { name: 'apiReference', page: apiReference },
  { name: 'dashboard', page: dashboard, kinds: ALL, icon: 'dashboard' },
  { name: 'reviews', page: operatorReviews, kinds: OPERATOR, icon: 'check' },
  { name: 'partners', page: operatorPartners, kinds: OPERATOR, icon: 'customers' },
  { name: 'services', page: operatorServices, kinds: OPERATOR, icon: 'layers' },
  { name: 'mail', page: operatorMail, kinds: OPERATOR, icon: 'mail' },
  { name: 'customers', page: customers, kinds: PARTNER, icon: 'customers', standIn: 'sites' },
  { name: 'sites', page: sites, kinds: ['company'], icon: 'sites', standIn: 'customers' },
  { name: 'devices', page: devices, kinds: TENANTS, icon: 'devices' },
  { name: 'policies', page: policies, kinds: TENANTS, icon: 'policies', wholeAccount: true },
  { name: 'subscriptions', page: subscriptions, kinds: TENANTS, icon: 'subscriptions' },
  { name: 'alerts', page: alerts, kinds: TENANTS, icon: 'alerts' },
  { name: 'users', page: users, kinds: ALL, icon: 'users' },
  { name: 'audit', page: audit, kinds: ALL, icon: 'audit', wholeCompany: true },
  { name: 'apiClients', page: apiClients, kinds: ALL, icon: 'key', wholeRole: true },
  { name: 'webhooks', page: webhooks, kinds: PARTNER, icon: 'webhook', wholeRole: true, admins: true },
  { name: 'settings', page: settings, kinds: ALL, icon: 'settings' },
  { name: 'customer', page: customer, kinds: PARTNER, nav: 'customers' },
  { name: 'deletedCustomers', page: deletedCustomers, kinds: PARTNER, nav: 'customers' },
  { name: 'customerPolicy', page: policy, kinds: TENANTS, nav: 'customers' },
  { name: 'effectivePolicy', page: effectivePolicy, kinds: TENANTS, nav: 'customers' },
  { name: 'policy', page: policy, kinds: PARTNER, nav: 'policies' },
  { name: 'device', page: device, kinds: TENANTS, nav: 'devices' },
  { name: 'partner', page: operatorPartner, kinds: OPERATOR, nav: 'partners' },
  { name: 'webhook', page: webhook, kinds: PARTNER, nav: 'webhooks' },
].map((r) => ({ ...r, pattern: PATHS[r.name] }));

/** The route of path and its parameters ({ accountId, customerId, ... }), or null. */
export function findRoute(path) {
  for (const route of ROUTES) {
    const params = match(route.pattern, path);
    if (params) return { route, params };
  }
  return null;
}

/** The navigation entry a route marks (a company console's own policies are under Policies). */
export function navKey(route, account = null) {
  if (route.nav === 'customers' && account?.kind === 'company') return 'policies';
  return route.nav || route.name;
}

const inNav = (r, kind) => !!r.icon && r.kinds.includes(kind);

/** The navigation of an account, without what its role cannot use. */
export function navPages(account) {
  const limited = account.scope !== 'all';
  return ROUTES.filter((r) => inNav(r, account.kind) &&
    !(r.wholeAccount && account.kind === 'partner' && limited) &&
    !(r.wholeCompany && account.kind === 'company' && limited) &&
    !(r.wholeRole && limited) && !(r.admins && account.role !== 'admin'));
}

/** Where to go in account when switching to it from navigation entry key. */
export function switchTarget(account, key) {
  const own = ROUTES.find((r) => r.name === key && inNav(r, account.kind));
  if (own) return pagePath(account.id, own.name);
  const alt = ROUTES.find((r) => r.name === key)?.standIn;
  if (alt && ROUTES.some((r) => r.name === alt && inNav(r, account.kind))) return pagePath(account.id, alt);
  return pagePath(account.id, 'dashboard');
}

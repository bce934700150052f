/*
 * paths.js - where things are in the console: every path pattern by name,
 * and links to them.
 *
 *   PATHS.customer                     '/a/:accountId/customers/:customerId'
 *   pathTo('customer', { accountId, customerId }, { tab: 'policies' })
 *
 * The route table (routes.js) gives each of these patterns its page; pages
 * and components link with the helpers here, which know no page, so a page
 * never imports the table that imports it.
 */

export const PATHS = {
  signin: '/signin',
  invite: '/invite/:token',
  forgot: '/forgot',
  reset: '/reset/:token',
  home: '/',
  profile: '/profile',
  apiReference: '/api-reference',
  dashboard: '/a/:accountId',
  reviews: '/a/:accountId/discounts',
  partners: '/a/:accountId/partners',
  partner: '/a/:accountId/partners/:partnerId',
  services: '/a/:accountId/services',
  mail: '/a/:accountId/mail',
  customers: '/a/:accountId/customers',
  deletedCustomers: '/a/:accountId/deleted-customers',
  customer: '/a/:accountId/customers/:customerId',
  customerPolicy: '/a/:accountId/customers/:customerId/policies/:policyId',
  effectivePolicy: '/a/:accountId/customers/:customerId/effective-policy',
  sites: '/a/:accountId/sites',
  devices: '/a/:accountId/devices',
  device: '/a/:accountId/devices/:deviceId',
  policies: '/a/:accountId/policies',
  policy: '/a/:accountId/policies/:policyId',
  subscriptions: '/a/:accountId/subscriptions',
  alerts: '/a/:accountId/alerts',
  users: '/a/:accountId/users',
  audit: '/a/:accountId/audit',
  settings: '/a/:accountId/settings',
  apiClients: '/a/:accountId/api-clients',
  webhooks: '/a/:accountId/webhooks',
  webhook: '/a/:accountId/webhooks/:webhookId',
};

/** The path named name with its :parameters filled in, and an optional query ({ key: value }). */
export function pathTo(name, params = {}, query = null) {
  const path = PATHS[name].replace(/:([A-Za-z]+)/g, (_, k) => encodeURIComponent(params[k]));
  const q = query ? new URLSearchParams(query).toString() : '';
  return q ? `${path}?${q}` : path;
}

/** An account page (dashboard, customers, policies, ...) of accountId. */
export function pagePath(accountId, name) {
  return pathTo(name, { accountId });
}

export function customerPath(accountId, customerId, query = null) {
  return pathTo('customer', { accountId, customerId }, query);
}

export function partnerPath(accountId, partnerId) {
  return pathTo('partner', { accountId, partnerId });
}

export function policyPath(accountId, policyId, query = null) {
  return pathTo('policy', { accountId, policyId }, query);
}

export function customerPolicyPath(accountId, customerId, policyId, query = null) {
  return pathTo('customerPolicy', { accountId, customerId, policyId }, query);
}

export function effectivePath(accountId, customerId, platform = 'workstation') {
  return pathTo('effectivePolicy', { accountId, customerId }, { platform });
}

/** The Devices list, with its filters ({ customer_id, site_id, status, platform, q }) in the query. */
export function devicesPath(accountId, query = null) {
  const q = query ? Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '')) : null;
  return pathTo('devices', { accountId }, q && Object.keys(q).length ? q : null);
}

/** The Alerts list, with its filters ({ status, severity, type, customer_id, device_id, period }) in the query. */
export function alertsPath(accountId, query = null) {
  const q = query ? Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '')) : null;
  return pathTo('alerts', { accountId }, q && Object.keys(q).length ? q : null);
}

export function webhookPath(accountId, webhookId) {
  return pathTo('webhook', { accountId, webhookId });
}

export function devicePath(accountId, deviceId, query = null) {
  return pathTo('device', { accountId, deviceId }, query);
}

/** What an account's children are called: customers, sites or partners. */
export function childNoun(kind) {
  return kind === 'company' ? 'sites' : kind === 'operator' ? 'partners' : 'customers';
}

/*
 * api.js - the console's API client: every server endpoint the console
 * uses, named and grouped by resource, and the one place where /api/v1
 * addresses are written. Pages and components call these and never build
 * an API address themselves.
 *
 *   import * as api from './api.js';
 *   const page = await api.customers.list(accountId, { q, limit, cursor, signal });
 *   // page: { items, nextCursor, total }
 *   const { items } = await api.policies.listAll(accountId);
 *
 * Lists come as pages (api/lists.js): list() is one page, listAll() follows
 * next_cursor to the end. The transport (JSON, CSRF token, language, errors,
 * the 401 handler) is api/http.js; its ApiError, setCsrfToken and
 * onUnauthorized are re-exported here.
 */
import { request, withQuery } from './api/http.js';
import { toPage, page, listAll } from './api/lists.js';

export { ApiError, setCsrfToken, onUnauthorized, onTwoStepRequired } from './api/http.js';

const V1 = '/api/v1';
const OPERATOR = `${V1}/operator`;
const enc = encodeURIComponent;

const accountPath = (accountId) => `${V1}/accounts/${enc(accountId)}`;
const customerPath = (accountId, customerId) => `${accountPath(accountId)}/customers/${enc(customerId)}`;
const policyPath = (accountId, id) => `${accountPath(accountId)}/policies/${enc(id)}`;
const customerPolicyPath = (accountId, customerId, id) => `${customerPath(accountId, customerId)}/policies/${enc(id)}`;
const customerSubsPath = (accountId, customerId) => `${customerPath(accountId, customerId)}/subscriptions`;

const get = (path, opts) => request('GET', path, opts);
const send = (method, path, body, opts) => request(method, path, { ...opts, body });

// ---- the session and the signed-in user -------------------------------------

export const session = {
  /** Signs in: { user, csrf_token }. */
  create: (email, password, extra = {}) => send('POST', `${V1}/session`, { email, password, ...extra }, { handle401: false }),
  /** Ends the session. */
  remove: () => request('DELETE', `${V1}/session`, { handle401: false }),
};

export const me = {
  /** { user, session, csrf_token }; handle401: false where a 401 only means "not signed in". */
  get: ({ handle401 = true } = {}) => get(`${V1}/me`, { handle401 }),
  /** { user, csrf_token } after the change. */
  update: (changes) => send('PATCH', `${V1}/me`, changes),
  /** Changes the password (204); every other session of the user ends. */
  changePassword: (current, next) => send('POST', `${V1}/me/password`, { current_password: current, new_password: next }),
  /** The user's live sessions: { items }, each { id, created_at, last_seen_at, expires_at, ip, user_agent, current }. */
  sessions: () => listAll(`${V1}/me/sessions`, 'sessions'),
  /** Signs one of the user's other sessions out. */
  endSession: (id) => request('DELETE', `${V1}/me/sessions/${enc(id)}`),
  /** A new authenticator secret: { secret, otpauth_uri, qr_svg }; 409 totp_enabled when it is on. */
  startTotp: () => send('POST', `${V1}/me/totp`, {}),
  /** Turns two-step verification on with a first code: { recovery_codes }. */
  confirmTotp: (code) => send('POST', `${V1}/me/totp/confirm`, { code }),
  /** Whether two-step verification is on: { on, recovery_codes_left }. */
  totp: () => get(`${V1}/me/totp`),
  /** Turns it off (204), proven with an authenticator code or an unused recovery code. */
  disableTotp: (code) => send('POST', `${V1}/me/totp/disable`, { code }),
  /** Ten new recovery codes, the old ones void: { recovery_codes }. */
  newRecoveryCodes: (code) => send('POST', `${V1}/me/totp/recovery-codes`, { code }),
};

// ---- accounts and what every account shares -----------------------------------

export const accounts = {
  /** The accounts the user may act in. */
  listAll: () => listAll(`${V1}/accounts`, 'accounts'),
  get: async (accountId) => (await get(accountPath(accountId))).account,
  update: async (accountId, changes) => (await send('PATCH', accountPath(accountId), changes)).account,
  /** The signed-in person's alert e-mail in a partner account: { mode, min_severity, types, defaults, hourly_cap }. */
  alertMail: (accountId) => get(`${accountPath(accountId)}/alert-notifications`),
  /** Saves it: { mode, min_severity, types } ([] = every type); the new settings back. */
  setAlertMail: (accountId, body) => send('PUT', `${accountPath(accountId)}/alert-notifications`, body),
  /** Deletes a company console (confirmName: its name exactly); its admins can restore it for 30 days. */
  remove: (accountId, confirmName) => send('DELETE', accountPath(accountId), { confirm_name: confirmName }),
  /** The deleted accounts the signed-in person can restore: [{ id, name, kind, deleted_by, deleted_at, purge_at }]. */
  deleted: async () => (await get(`${V1}/me/deleted-accounts`)).accounts,
  restore: (accountId) => request('POST', `${V1}/me/deleted-accounts/${enc(accountId)}/restore`),
  /** Makes a company console { name, region, tenancy: 'single' | 'multi' } with the user as its admin: the account. */
  createCompany: async (body) => (await send('POST', `${V1}/companies`, body)).account,
};

export const users = {
  /**
   * One page of the account's users: { items, nextCursor }, each { id,
   * email, name, role, customer_ids (null: the whole account), status,
   * created_at, last_sign_in_at }. A role limited to chosen customers gets
   * 403.
   */
  list: (accountId, { limit, cursor, signal } = {}) =>
    page(`${accountPath(accountId)}/users`, 'users', { limit, cursor, signal }),
  listAll: (accountId, { signal } = {}) => listAll(`${accountPath(accountId)}/users`, 'users', { signal }),
  /** Invites { email, role, customer_ids, language }: { invitation } (201); 409 already_member. */
  invite: (accountId, body) => send('POST', `${accountPath(accountId)}/invitations`, body),
  /** Changes { role, customer_ids, status } of a user: { user }. */
  update: (accountId, userId, changes) => send('PATCH', `${accountPath(accountId)}/users/${enc(userId)}`, changes),
  /** Removes a user from the account, or withdraws an invitation (inv_...). */
  remove: (accountId, userId) => request('DELETE', `${accountPath(accountId)}/users/${enc(userId)}`),
};

// ---- integrations: API clients and webhooks -----------------------------------

export const apiClients = {
  /**
   * The account's API clients: { items }, each { id, client_id, name, role,
   * scope, customer_ids (null: the whole account), created_at, last_used_at }.
   * Roles limited to chosen customers get 403.
   */
  listAll: (accountId, { signal } = {}) => listAll(`${accountPath(accountId)}/api-clients`, 'api_clients', { signal }),
  /** Creates { name, role, customer_ids }: the client with its client_secret, shown this once. */
  create: (accountId, body) => send('POST', `${accountPath(accountId)}/api-clients`, body),
  /** Deletes a client; its tokens stop working at once. */
  remove: (accountId, id) => request('DELETE', `${accountPath(accountId)}/api-clients/${enc(id)}`),
};

const webhookPath = (accountId, id) => `${accountPath(accountId)}/webhooks/${enc(id)}`;

export const webhooks = {
  /**
   * A partner's webhooks (whole-account admins; others 403): { items },
   * each { id, url, events, enabled, created_by, created_at, updated_at,
   * last_delivery: { status, at } (absent before the first), failed_deliveries }.
   */
  listAll: (accountId, { signal } = {}) => listAll(`${accountPath(accountId)}/webhooks`, 'webhooks', { signal }),
  get: (accountId, id, { signal } = {}) => get(webhookPath(accountId, id), { signal }),
  /** Creates { url, events }: the webhook with its secret, shown this once. */
  create: (accountId, body) => send('POST', `${accountPath(accountId)}/webhooks`, body),
  /** Changes any of { url, events, enabled }: the webhook. */
  update: (accountId, id, changes) => send('PATCH', webhookPath(accountId, id), changes),
  remove: (accountId, id) => request('DELETE', webhookPath(accountId, id)),
  /** A new signing secret (the old one stops being used): the webhook with its secret. */
  rotate: (accountId, id) => send('POST', `${webhookPath(accountId, id)}/rotate-secret`, undefined),
  /**
   * One page of its deliveries, newest first: { items, nextCursor }, each
   * { id, event, event_id, status (waiting, sending, delivered, failed),
   * attempts, last_status, last_error, created_at, next_attempt_at, delivered_at }.
   */
  deliveries: (accountId, id, { limit, cursor, signal } = {}) =>
    page(`${webhookPath(accountId, id)}/deliveries`, 'deliveries', { limit, cursor, signal }),
  /** Sends a delivered or failed delivery again (202); 409 while it is pending. */
  redeliver: (accountId, id, deliveryId) =>
    send('POST', `${webhookPath(accountId, id)}/deliveries/${enc(deliveryId)}/redeliver`, undefined),
};

/*
 * The audit log's filters: from and to (YYYY-MM-DD or ISO-8601 times),
 * customer_id, category, user_id and ip; a filter the server refuses
 * answers 422 naming it (error.field).
 */
const auditParams = ({ from, to, customerId, category, userId, ip } = {}) =>
  ({ from, to, customer_id: customerId, category, user_id: userId, ip });

export const audit = {
  /** One page of events, newest first: { items, nextCursor }. */
  list: (accountId, filters, { limit, cursor, signal } = {}) =>
    page(`${accountPath(accountId)}/audit`, 'events', { params: auditParams(filters), limit, cursor, signal }),
  /** The address of the same events as CSV (a download link). */
  csvHref: (accountId, filters) => withQuery(`${accountPath(accountId)}/audit`, { ...auditParams(filters), format: 'csv' }),
};

/*
 * Checks contact details as the server does when a customer is saved:
 * any of { email, phone, website, postal_code, country } (phone and postal
 * code for country) -> { errors: [{ field, code, message }], normalized:
 * { phone, phone_display, website } }, messages in the user's language.
 */
export const contactCheck = (fields, { signal } = {}) => send('POST', `${V1}/contact-check`, fields, { signal });

export const countries = {
  /** [{ code, name, name_en }], names in the console's language. */
  listAll: () => listAll(`${V1}/countries`, 'countries'),
};

export const policySchema = {
  /** { schema, templates, additive }. */
  get: () => get(`${V1}/policy-schema`),
};

export const openapi = {
  /** The API's OpenAPI 3.1 document (needs no sign-in). */
  get: () => get(`${V1}/openapi.json`),
};

export const services = {
  /** The service catalogue, in catalogue order. */
  listAll: ({ cursor, signal } = {}) => listAll(`${V1}/services`, 'services', { cursor, signal }),
};

// ---- invitations (no session needed) --------------------------------------------

export const invitations = {
  /** What an invitation link is for: { email, account, role, scope, invited_by, expires_at, existing_login }. */
  get: async (token) => (await get(`${V1}/invitations/${enc(token)}`, { handle401: false })).invitation,
  /** Accepts it: { user, account, role }. */
  accept: (token, body) => send('POST', `${V1}/invitations/${enc(token)}/accept`, body, { handle401: false }),
};

export const passwordResets = {
  /** Asks for a link by e-mail; the same answer whether the address has a login or not. */
  request: (email) => send('POST', `${V1}/password-resets`, { email }, { handle401: false }),
  /** Whose password a link sets: { email } (410 when used or expired). */
  get: (token) => get(`${V1}/password-resets/${enc(token)}`, { handle401: false }),
  /** Sets the new password; every session of the login ends. */
  set: (token, password) => send('POST', `${V1}/password-resets/${enc(token)}`, { new_password: password }, { handle401: false }),
};

// ---- customers and the OMS ---------------------------------------------------------

export const customers = {
  /**
   * One page of a partner's customers: { items, nextCursor, total }; sort:
   * name (the default), -name, country, -country, created or -created.
   */
  list: (accountId, { q = '', sort, limit, cursor, signal } = {}) =>
    page(`${accountPath(accountId)}/customers`, 'customers', { params: { q: q.trim(), sort }, limit, cursor, signal }),
  /** Every customer the user may see (their names for role descriptions, filters). */
  listAll: (accountId, { signal } = {}) => listAll(`${accountPath(accountId)}/customers`, 'customers', { signal }),
  get: async (accountId, customerId) => (await get(customerPath(accountId, customerId))).customer,
  /** Creates a customer; the same idempotencyKey again is never applied twice. */
  create: async (accountId, body, idempotencyKey) => (await send('POST', `${accountPath(accountId)}/customers`, body,
    { headers: { 'idempotency-key': idempotencyKey } })).customer,
  update: async (accountId, customerId, changes) => (await send('PATCH', customerPath(accountId, customerId), changes)).customer,
  /**
   * Creates customers from CSV text (or a File): { rows, created, errors }.
   * dryRun checks and writes nothing. A file with problems throws an
   * ApiError 422 (code import_failed) whose body has the same three keys.
   */
  importCsv: (accountId, data, { dryRun = false } = {}) => request('POST',
    withQuery(`${accountPath(accountId)}/customers/import`, { dry_run: dryRun ? 'true' : null }),
    { raw: { type: 'text/csv', data } }),
  /** Deletes a customer (confirmName: its company name exactly); restorable for 30 days. */
  remove: (accountId, customerId, confirmName) => send('DELETE', customerPath(accountId, customerId), { confirm_name: confirmName }),
  /** Brings a deleted customer back before it is purged. */
  restore: (accountId, customerId) => request('POST', `${customerPath(accountId, customerId)}/restore`),
  /** One page of deleted customers: { items, nextCursor }, each { id, company, deleted_by, deleted_at, purge_at }. */
  deleted: (accountId, { limit, cursor, signal } = {}) =>
    page(`${accountPath(accountId)}/deleted-customers`, 'customers', { limit, cursor, signal }),
};

export const oms = {
  /** { status: free | own_record | unavailable, record }. */
  emailCheck: (accountId, email, { signal } = {}) =>
    get(withQuery(`${accountPath(accountId)}/oms/email-check`, { email }), { signal }),
  /** One page of the partner's eligible OMS records: { items, nextCursor, total }. */
  list: (accountId, { find = '', limit, cursor = null, signal } = {}) =>
    page(`${accountPath(accountId)}/oms/records`, 'records',
      { params: { find: find.trim() }, limit, cursor, signal }),
};

// ---- policies -----------------------------------------------------------------------

/*
 * The customer ids of an unassignment travel in the query string, and the
 * server refuses addresses longer than about 2 KB (414), so at most
 * UNASSIGN_CHUNK ids go in one request. Each request is all or nothing; a
 * larger selection is sent in several (the caller checks beforehand what
 * would make one fail).
 */
export const UNASSIGN_CHUNK = 80;
const ASSIGN_CHUNK = 1000;

export const policies = {
  /** A partner's global policies (scope 'local': every customer's local policies). */
  listAll: (accountId, { scope, cursor, signal } = {}) =>
    listAll(`${accountPath(accountId)}/policies`, 'policies', { params: { scope }, cursor, signal }),
  get: async (accountId, id) => (await get(policyPath(accountId, id))).policy,
  create: async (accountId, body) => (await send('POST', `${accountPath(accountId)}/policies`, body)).policy,
  update: async (accountId, id, body) => (await send('PATCH', policyPath(accountId, id), body)).policy,
  /** Deletes a global policy; replacement: the policy its customers get instead. */
  remove: (accountId, id, replacement = null) =>
    request('DELETE', withQuery(policyPath(accountId, id), { replacement_policy_id: replacement })),
  /** The customers a global policy is assigned to. */
  assignments: (accountId, id, { cursor, signal } = {}) =>
    listAll(`${policyPath(accountId, id)}/assignments`, 'assignments', { cursor, signal }),
  /** Assigns in requests of at most ASSIGN_CHUNK customers; answers how many were assigned. */
  async assign(accountId, id, customerIds, makeDefault) {
    let assigned = 0;
    for (let i = 0; i < customerIds.length; i += ASSIGN_CHUNK) {
      const r = await send('POST', `${policyPath(accountId, id)}/assignments`,
        { customer_ids: customerIds.slice(i, i + ASSIGN_CHUNK), default: !!makeDefault });
      assigned += r.assigned || 0;
    }
    return assigned;
  },
  /**
   * Unassigns in requests of at most UNASSIGN_CHUNK customers; answers how
   * many were unassigned. A failure carries field names indexing the whole
   * list (customer_ids[i]) and how many were done before it (e.done).
   */
  async unassign(accountId, id, customerIds) {
    let n = 0;
    for (let i = 0; i < customerIds.length; i += UNASSIGN_CHUNK) {
      const chunk = customerIds.slice(i, i + UNASSIGN_CHUNK);
      try {
        const r = await request('DELETE', `${policyPath(accountId, id)}/assignments?customer_ids=${chunk.map(enc).join(',')}`);
        n += r.unassigned || 0;
      } catch (e) {
        const fields = {};
        for (const [k, m] of Object.entries(e.fields || {})) {
          const x = /^customer_ids\[(\d+)\]$/.exec(k);
          fields[x ? `customer_ids[${i + Number(x[1])}]` : k] = m;
        }
        e.fields = fields;
        e.done = n;
        throw e;
      }
    }
    return n;
  },
};

export const customerPolicies = {
  /** A customer's local policies and the global ones assigned to it. */
  listAll: (accountId, customerId, { cursor, signal } = {}) =>
    listAll(`${customerPath(accountId, customerId)}/policies`, 'policies', { cursor, signal }),
  get: async (accountId, customerId, id) => (await get(customerPolicyPath(accountId, customerId, id))).policy,
  create: async (accountId, customerId, body) => (await send('POST', `${customerPath(accountId, customerId)}/policies`, body)).policy,
  update: async (accountId, customerId, id, body) => (await send('PATCH', customerPolicyPath(accountId, customerId, id), body)).policy,
  /** Deletes a local policy; replacement: the customer's new default for its platform. */
  remove: (accountId, customerId, id, replacement = null) =>
    request('DELETE', withQuery(customerPolicyPath(accountId, customerId, id), { replacement_policy_id: replacement })),
  /** Replaces the customer's overrides of a global policy. */
  putOverrides: (accountId, customerId, id, settings) =>
    send('PUT', `${customerPolicyPath(accountId, customerId, id)}/overrides`, { settings }),
  /** Makes policyId the customer's default for platform; answers the customer's policies. */
  makeDefault: async (accountId, customerId, platform, policyId) =>
    toPage(await send('PUT', `${customerPath(accountId, customerId)}/default-policies/${enc(platform)}`, { policy_id: policyId }), 'policies').items,
  /** What the customer's devices of platform get, layer by layer. */
  effective: (accountId, customerId, platform, policyId = null) =>
    get(withQuery(`${customerPath(accountId, customerId)}/effective-policy`, policyId ? { policy_id: policyId } : { platform })),
};

// ---- sites, installers and devices --------------------------------------------------

// A customer of a partner, or (customerId null) a company console itself: the
// owner of sites and installers.
const ownerPath = (accountId, customerId) => (customerId ? customerPath(accountId, customerId) : accountPath(accountId));
const sitePath = (accountId, customerId, siteId) => `${ownerPath(accountId, customerId)}/sites/${enc(siteId)}`;
const installerPath = (accountId, customerId, siteId) =>
  siteId ? `${sitePath(accountId, customerId, siteId)}/installer` : `${ownerPath(accountId, customerId)}/installer`;
const devicePath = (accountId, id) => `${accountPath(accountId)}/devices/${enc(id)}`;

/*
 * Sites and installers of a customer, or of a company console with
 * customerId null (a multi-tenant console's sites, a single-tenant
 * console's own installer).
 */
export const sites = {
  /** Every site of a customer (or company console), by name, each with device_count and exclusions. */
  listAll: (accountId, customerId, { cursor, signal } = {}) =>
    listAll(`${ownerPath(accountId, customerId)}/sites`, 'sites', { cursor, signal }),
  create: (accountId, customerId, name) => send('POST', `${ownerPath(accountId, customerId)}/sites`, { name }),
  /** changes: { name?, exclusions?: { paths, urls } }; answers the site. */
  update: (accountId, customerId, siteId, changes) => send('PATCH', sitePath(accountId, customerId, siteId), changes),
  /**
   * Deletes a site (confirmName: its name exactly). moveTo undefined:
   * refused (409 site_not_empty) while it holds devices; null: its devices
   * go to no site; an id: to that site.
   */
  remove: (accountId, customerId, siteId, confirmName, moveTo) => send('DELETE',
    withQuery(sitePath(accountId, customerId, siteId), { move_devices_to: moveTo === undefined ? undefined : moveTo ?? 'none' }),
    { confirm_name: confirmName }),
  /** The deleted sites not yet purged, newest first: [{ id, customer_id, name, deleted_by, deleted_at, purge_at }]. */
  deletedAll: (accountId, customerId, { signal } = {}) =>
    listAll(`${ownerPath(accountId, customerId)}/deleted-sites`, 'sites', { signal }),
  /** Brings a deleted site back (409 duplicate_name when a live site has its name now). */
  restore: (accountId, customerId, siteId) => request('POST', `${sitePath(accountId, customerId, siteId)}/restore`),
};

export const installers = {
  /** The installer of a customer (siteId null) or of one of its sites: { token, command, package_url, rotated_at, ... } (admins only). */
  get: (accountId, customerId, siteId = null) => get(installerPath(accountId, customerId, siteId)),
  /** A new token; the old one enrols nothing afterwards. */
  rotate: (accountId, customerId, siteId = null) => send('POST', `${installerPath(accountId, customerId, siteId)}/rotate`, undefined),
};

export const devices = {
  /** One page of the partner's devices; filters: customerId, siteId ('none': no site), status, platform, q. */
  list: (accountId, { customerId, siteId, status, platform, q = '', limit, cursor, signal } = {}) =>
    page(`${accountPath(accountId)}/devices`, 'devices', {
      params: { customer_id: customerId, site_id: siteId, status, platform, q: q.trim() }, limit, cursor, signal,
    }),
  /** A device with its facts, threats and pending commands. */
  get: (accountId, id, { signal } = {}) => get(devicePath(accountId, id), { signal }),
  /** changes: { site_id?: null | id, policy_id?: null | id }; answers the device. */
  update: (accountId, id, changes) => send('PATCH', devicePath(accountId, id), changes),
  /** Removes the device; its agent is told to uninstall at its next check-in. */
  remove: (accountId, id) => request('DELETE', devicePath(accountId, id)),
  /** type: scan_now | update_policy; answers { commands_pending }. */
  command: (accountId, id, type) => send('POST', `${devicePath(accountId, id)}/commands`, { type }),
  /** Its settings layer by layer (origins may be template, policy, customer, site or device). */
  effective: (accountId, id) => get(`${devicePath(accountId, id)}/effective-policy`),
  overrides: (accountId, id) => get(`${devicePath(accountId, id)}/overrides`),
  putOverrides: (accountId, id, settings) => send('PUT', `${devicePath(accountId, id)}/overrides`, { settings }),
};

// ---- alerts and the dashboard ------------------------------------------------------------

/*
 * The alerts list's filters: status, severity, type, customerId, siteId, deviceId,
 * from and to (a day or an ISO-8601 time in UTC, bounding last_seen);
 * raised and resolved: a day (UTC) the alerts were raised, or resolved, on.
 */
const alertParams = ({ status, severity, type, customerId, siteId, deviceId, from, to, raised, resolved } = {}) =>
  ({ status, severity, type, customer_id: customerId, site_id: siteId, device_id: deviceId, from, to,
    raised_from: raised, raised_to: raised, resolved_from: resolved, resolved_to: resolved });
const alertPath = (accountId, id) => `${accountPath(accountId)}/alerts/${enc(id)}`;

export const alerts = {
  /** One page of alerts, newest first: { items, nextCursor }. */
  list: (accountId, filters, { limit, cursor, signal } = {}) =>
    page(`${accountPath(accountId)}/alerts`, 'alerts', { params: alertParams(filters), limit, cursor, signal }),
  /** The address of every alert matching filters as CSV (a download link; cells never start a formula). */
  csvHref: (accountId, filters) => withQuery(`${accountPath(accountId)}/alerts`, { ...alertParams(filters), format: 'csv' }),
  get: (accountId, id, { signal } = {}) => get(alertPath(accountId, id), { signal }),
  /** status: open | acknowledged | dismissed | resolved; answers the alert as it is now. */
  update: (accountId, id, status, note) => send('PATCH', alertPath(accountId, id), note ? { status, note } : { status }),
  /** The same for many (at most 500 ids): { changed, skipped: [ids left as they were] }. */
  bulk: (accountId, ids, status, note) =>
    send('POST', `${accountPath(accountId)}/alerts/bulk`, note ? { ids, status, note } : { ids, status }),
};

export const alertMutes = {
  /** The mutes in force, ending soonest first. */
  listAll: (accountId, { signal } = {}) => listAll(`${accountPath(accountId)}/alert-mutes`, 'mutes', { signal }),
  /** Mutes type for a customer (null: a company console's own) until (ISO-8601); answers the mute. */
  create: (accountId, customerId, type, until) =>
    send('POST', `${accountPath(accountId)}/alert-mutes`, customerId ? { customer_id: customerId, type, until } : { type, until }),
  /** Ends a mute early; its muted alerts open again. */
  remove: (accountId, id) => request('DELETE', `${accountPath(accountId)}/alert-mutes/${enc(id)}`),
};

export const dashboard = {
  /**
   * The partner's figures now: { customers, devices: { total, protected,
   * at_risk, offline }, alerts: { critical, high, medium, low },
   * subscriptions_ending, ending_within_days, alert_days: [{ day, raised, resolved }] }.
   */
  get: (accountId, { signal } = {}) => get(`${accountPath(accountId)}/dashboard`, { signal }),
  /** One page of rows per customer (sort: risk | name; q: company contains). */
  customers: (accountId, { q = '', sort, limit, cursor, signal } = {}) =>
    page(`${accountPath(accountId)}/dashboard/customers`, 'customers', { params: { q: q.trim(), sort }, limit, cursor, signal }),
  /** A company console's rows: one page of its sites with { site_id, name, devices, alerts }. */
  sites: (accountId, { limit, cursor, signal } = {}) =>
    page(`${accountPath(accountId)}/dashboard/sites`, 'sites', { limit, cursor, signal }),
};

// ---- subscriptions ---------------------------------------------------------------------

export const subscriptions = {
  /**
   * Every customer's subscriptions that are not "none"; filters: state,
   * endingWithin (days), customerIds (at most 200).
   */
  listAll: (accountId, { state, endingWithin, customerIds, cursor, signal } = {}) =>
    listAll(`${accountPath(accountId)}/subscriptions`, 'subscriptions', {
      params: { state, ending_within: endingWithin, customer_ids: customerIds?.join(',') }, cursor, signal,
    }),
  /** A customer's entry per service: { items, customer_id, flexible_billing, discount }. */
  ofCustomer: (accountId, customerId) => listAll(customerSubsPath(accountId, customerId), 'subscriptions'),
  startTrial: async (accountId, customerId, service) =>
    (await send('POST', `${customerSubsPath(accountId, customerId)}/trials`, { service })).subscription,
  /** { subscription, code: { service, seats, months } }. */
  redeemCode: (accountId, customerId, code) =>
    send('POST', `${customerSubsPath(accountId, customerId)}/activation-codes`, { code }),
  subscribePayg: async (accountId, customerId, service, seats) =>
    (await send('POST', `${customerSubsPath(accountId, customerId)}/payg`, { service, seats })).subscription,
  changeSeats: async (accountId, customerId, service, seats) =>
    (await send('PATCH', `${customerSubsPath(accountId, customerId)}/${enc(service)}`, { seats })).subscription,
  cancelPayg: async (accountId, customerId, service) =>
    (await request('DELETE', `${customerSubsPath(accountId, customerId)}/${enc(service)}`)).subscription,
};

export const usage = {
  /** Pay-as-you-go usage of "YYYY-MM": { items (rows), month, totals }. */
  month: (accountId, month, { cursor, signal } = {}) =>
    listAll(`${accountPath(accountId)}/usage`, 'rows', { params: { month }, cursor, signal }),
  /** The address of the same month as CSV (a download link). */
  csvHref: (accountId, month) => withQuery(`${accountPath(accountId)}/usage`, { month, format: 'csv' }),
};

// ---- the operator ----------------------------------------------------------------------

export const operator = {
  applications: {
    /** Segment-discount applications: { items, today }; status: pending | approved | rejected | all. */
    listAll: ({ status = 'all', cursor, signal } = {}) =>
      listAll(`${OPERATOR}/discount-applications`, 'applications', { params: { status }, cursor, signal }),
    /** One page of one partner's applications (its discount history): { items, nextCursor, today }. */
    ofPartner: (partnerId, { status = 'all', limit, cursor, signal } = {}) =>
      page(`${OPERATOR}/discount-applications`, 'applications', { params: { status, partner_id: partnerId }, limit, cursor, signal }),
    get: async (id, { signal } = {}) => (await get(`${OPERATOR}/discount-applications/${enc(id)}`, { signal })).application,
    /** decision: approve | reject; answers the decided application. */
    decide: async (id, decision, note) =>
      (await send('POST', `${OPERATOR}/discount-applications/${enc(id)}/decision`, { decision, note })).application,
  },
  rates: {
    /** The discount percentage of each segment. */
    listAll: () => listAll(`${OPERATOR}/segment-rates`, 'rates'),
    /** Sets one; answers every segment's rate. */
    set: async (segment, percent) => (await send('PUT', `${OPERATOR}/segment-rates/${enc(segment)}`, { percent })).rates,
  },
  partners: {
    listAll: ({ cursor, signal } = {}) => listAll(`${OPERATOR}/partners`, 'partners', { cursor, signal }),
    get: async (partnerId) => (await get(`${OPERATOR}/partners/${enc(partnerId)}`)).partner,
    /** Adds a partner and invites its first admin: { partner, invitation }; the same idempotencyKey is applied once. */
    add: (body, idempotencyKey) => send('POST', `${OPERATOR}/partners`, body, { headers: { 'idempotency-key': idempotencyKey } }),
    setFlexibleBilling: async (partnerId, on) =>
      (await send('PATCH', `${OPERATOR}/partners/${enc(partnerId)}`, { flexible_billing: on })).partner,
  },
  services: {
    /** Adds a catalogue entry; answers the service. */
    add: (body) => send('POST', `${OPERATOR}/services`, body),
    /** Changes the fields in changes; answers the service. */
    update: (key, changes) => send('PATCH', `${OPERATOR}/services/${enc(key)}`, changes),
    /** One page of its prices, each with the day it applies from, newest day first: { items, nextCursor }. */
    prices: (key, { limit, cursor, signal } = {}) => page(`${OPERATOR}/services/${enc(key)}/prices`, 'prices', { limit, cursor, signal }),
  },
  outbox: {
    /** The messages not sent: { items, configured, counts: { waiting, sent, failed }, oldest_waiting_since }. */
    listAll: ({ cursor, signal } = {}) => listAll(`${OPERATOR}/outbox`, 'messages', { cursor, signal }),
    /** Queues a failed message again. */
    retry: (id) => request('POST', `${OPERATOR}/outbox/${enc(id)}/retry`),
  },
};

// Hostile input against every route the server registers (from
// `stewardctl routes`): each body-taking route gets malformed JSON
// (truncated, trailing garbage, NaN, duplicate keys, arrays 10,000 deep),
// an array or a string instead of an object, invalid UTF-8, an unknown
// field, and for every field its request schema in docs/openapi.yaml
// names: a wrong type, NUL, U+0007, U+202E and a 100 KB string. Every GET
// gets hostile query strings (bad cursors and limits, invalid UTF-8 and
// broken percent escapes, values near the 414 limit). Each answer must be a
// 4xx in the error shape, naming the field at fault, never a 5xx, and
// nothing may be stored: the audit logs and the resource lists read the
// same before and after. SQL and HTML metacharacters in free-text fields
// are stored and returned verbatim. Ids of another partner, in the path or
// in the body, answer 404 without a word about what they name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers, agentReq } from '../lib/server.mjs';
import { loadDoc, checkResponse } from '../lib/openapi.mjs';

let srv, admin, harbor, operator;
let acc, hacc, opacc;
const ids = {};		// path parameter -> an id of Northwind's (or the operator's)
const foreign = {};	// path parameter -> an id of Blue Harbor's
let installerToken, device;
const stats = { requests: 0, routes: 0, entries: new Set() };

const META = `O'Brien"; DROP TABLE customers;-- <script>alert(1)</script> & \\ %_`;
const KB100 = 'x'.repeat(100 * 1024);

const doc = loadDoc();
const deref = (n) => {
  while (n && n.$ref) n = n.$ref.slice(2).split('/').reduce((x, p) => x[p.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  return n;
};

// The properties a request schema names, merged over oneOf/anyOf/allOf.
function schemaFields(s, out = {}) {
  s = deref(s);
  if (!s) return out;
  for (const alt of [...(s.oneOf || []), ...(s.anyOf || []), ...(s.allOf || [])]) schemaFields(alt, out);
  for (const [k, v] of Object.entries(s.properties || {})) if (!out[k]) out[k] = deref(v);
  return out;
}

function typeOf(p) {
  if (p.const !== undefined) return typeof p.const;
  const t = Array.isArray(p.type) ? p.type.find((x) => x !== 'null') : p.type;
  if (t) return t;
  if (p.enum) return typeof p.enum[0];
  for (const alt of p.oneOf || p.anyOf || []) { const a = typeOf(deref(alt)); if (a) return a; }
  return null;
}

function requestFields(method, template) {
  const op = doc.paths[template]?.[method.toLowerCase()];
  const rb = deref(op?.requestBody);
  const schema = rb?.content?.['application/json']?.schema;
  if (!schema) return null;
  return schemaFields(schema);
}

const WRONG = { string: 12345, integer: 'twelve', number: 'twelve', boolean: 'yes', array: { a: 1 }, object: 'not an object' };

// A field the document leaves free text (no enum, format, pattern): SQL
// and HTML metacharacters are plain characters there.
const freeText = (p) => typeOf(p) === 'string' && !p.enum && !p.format && !p.pattern && p.const === undefined;

const CREDENTIAL = /password|totp|recovery_code|^code$|token|secret|^email$|^client_id$|^grant_type$/;

let seq = 0;
// Valid bodies for the routes whose hostile variants would otherwise stop
// at a missing required field: a variant differs from it in one field only.
const base = {
  'POST /api/v1/accounts/{account_id}/customers': () => ({
    source: 'new', email: `hostile${++seq}@base.example`, contact_person: 'Ada Base', phone: '+81 3-1234-5678',
    company: `Hostile Base ${seq}`, industry: 'retail', website: 'base.example', street: '1-2-3 Base',
    postal_code: '100-0001', city: 'Tokyo', country: 'JP', management: { mode: 'local', template: 'workstation' },
  }),
  'PATCH /api/v1/accounts/{account_id}/customers/{customer_id}': () => ({ contact_person: 'Ada Base' }),
  'POST /api/v1/accounts/{account_id}/customers/{customer_id}/sites': () => ({ name: `Site ${++seq}` }),
  'PATCH /api/v1/accounts/{account_id}/customers/{customer_id}/sites/{site_id}': () => ({ name: `Site ${++seq}` }),
  'POST /api/v1/accounts/{account_id}/policies': () => ({ name: `Policy ${++seq}`, platform: 'workstation' }),
  'PATCH /api/v1/accounts/{account_id}/policies/{policy_id}': () => ({ name: `Policy ${++seq}` }),
  'POST /api/v1/accounts/{account_id}/customers/{customer_id}/policies': () => ({ name: `Policy ${++seq}`, platform: 'workstation' }),
  'PATCH /api/v1/accounts/{account_id}/customers/{customer_id}/policies/{policy_id}': () => ({ name: `Policy ${++seq}` }),
  'POST /api/v1/accounts/{account_id}/api-clients': () => ({ name: `Client ${++seq}`, role: 'viewer' }),
  'POST /api/v1/accounts/{account_id}/invitations': () => ({ email: `inv${++seq}@base.example`, role: 'viewer' }),
  'POST /api/v1/accounts/{account_id}/webhooks': () => ({ url: 'https://hooks.base.example/in', events: ['customer.created'] }),
  'PATCH /api/v1/accounts/{account_id}': () => ({ name: 'Northwind IT Services' }),
  'PATCH /api/v1/me': () => ({ name: 'Alex Admin' }),
  'POST /api/v1/accounts/{account_id}/alert-mutes': () => ({
    customer_id: ids.customer_id, type: 'protection_off', until: new Date(Date.now() + 86400e3).toISOString(),
  }),
  'POST /api/v1/operator/partners': () => ({ name: `Partner ${++seq}`, admin_email: `p${seq}@partner.example` }),
  'POST /api/v1/companies': () => ({ name: `Company ${++seq}`, region: 'GB' }),
  'POST /api/v1/accounts/{account_id}/customers/{customer_id}/subscriptions/payg': () => ({ service: ids.service_key, seats: 5 }),
  'POST /api/v1/accounts/{account_id}/alerts/bulk': () => ({ ids: [ids.alert_id], status: 'acknowledged' }),
  'PATCH /api/v1/accounts/{account_id}/alerts/{alert_id}': () => ({ status: 'acknowledged' }),
  'POST /api/v1/session': () => ({ email: 'nobody@nowhere.example', password: 'not-the-password' }),
  'POST /api/v1/oauth/token': () => ({ grant_type: 'client_credentials', client_id: 'apc_nobody', client_secret: 'wrong' }),
  'POST /agent/v1/enroll': () => ({
    token: installerToken, hardware_id: `hw-hostile-${++seq}`, hostname: `host-${seq}`, platform: 'workstation',
  }),
  'POST /agent/v1/checkin': () => ({
    state: { protection: 'on', definitions_updated_at: new Date().toISOString(), threats: [] },
  }),
};

// Who calls a route: the agent protocol with the enrolled device's secret,
// operator routes as the operator, everything else as Northwind's admin.
function callerFor(route) {
  if (route.path.startsWith('/agent/')) {
    return {
      req: (method, path, body, opts = {}) => agentReq(srv.url, path, undefined,
        route.path === '/agent/v1/checkin' ? device.device_secret : null,
        opts.raw ? body : JSON.stringify(body)),
    };
  }
  if (route.path.startsWith('/api/v1/operator/')) return operator;
  return admin;
}

// The concrete path: own ids, or another partner's for the parameters in
// `swap`.
function fill(template, swap = new Set()) {
  return template.replace(/\{([^}]+)\}/g, (_, name) => {
    const v = swap.has(name) ? foreign[name] : ids[name];
    return encodeURIComponent(v ?? `zz_${name}_unknown`);
  });
}

// Requests run in parallel batches; each result is checked as it comes.
// An answer the document does not describe is one more problem found, so
// that one run lists them all.
const problems = [];
async function inBatches(jobs, size = 12) {
  const run = async (j) => {
    try { await j(); } catch (e) {
      if (e.code !== 'ERR_OPENAPI_CONTRACT') throw e;
      problems.push(e.message);
    }
  };
  for (let i = 0; i < jobs.length; i += size) await Promise.all(jobs.slice(i, i + size).map(run));
}

function expectRejected(label, r, field) {
  stats.requests++;
  const where = `${label} -> ${r.status} ${r.text.slice(0, 300)}`;
  // The contact check answers what is wrong with each value as its result.
  if (label.startsWith('POST /api/v1/contact-check') && r.status === 200 && field) {
    if (!r.json.errors.some((x) => x.field === field)) problems.push(`no finding for ${field}: ${where}`);
    return;
  }
  if (r.status >= 500 || r.status < 400) { problems.push(`not a 4xx: ${where}`); return; }
  const e = r.json?.error;
  if (!e || typeof e.code !== 'string' || typeof e.message !== 'string') { problems.push(`not the error shape: ${where}`); return; }
  // Credentials are not judged field by field (the answer must not say
  // which part was wrong).
  if (field && (r.status === 400 || r.status === 422) && e.code !== 'malformed_json' && !CREDENTIAL.test(field)) {
    const names = Object.keys(e.fields || {});
    if (!names.some((n) => n === field || n.startsWith(`${field}.`) || n.startsWith(`${field}[`))) {
      problems.push(`no field error for ${field}: ${where}`);
    }
  }
}

// What must not change: every audit log the callers can read, and the
// lists of the resources the catalogue aims at.
async function snapshot() {
  const lists = [
    [admin, `/api/v1/accounts/${acc}/audit?limit=500`],
    [harbor, `/api/v1/accounts/${hacc}/audit?limit=500`],
    [operator, `/api/v1/accounts/${opacc}/audit?limit=500`],
    [admin, `/api/v1/accounts/${acc}/customers?limit=100`],
    [admin, `/api/v1/accounts/${acc}/policies`],
    [admin, `/api/v1/accounts/${acc}/customers/${ids.customer_id}/policies`],
    [admin, `/api/v1/accounts/${acc}/customers/${ids.customer_id}/sites`],
    [admin, `/api/v1/accounts/${acc}/devices?limit=100`],
    [admin, `/api/v1/accounts/${acc}/alert-mutes`],
    [admin, `/api/v1/accounts/${acc}/webhooks`],
    [admin, `/api/v1/accounts/${acc}/api-clients`],
    [admin, `/api/v1/accounts/${acc}/users`],
    [admin, `/api/v1/accounts/${acc}`],
    [admin, '/api/v1/me'],
    [harbor, `/api/v1/accounts/${hacc}/customers?limit=100`],
    [operator, '/api/v1/operator/partners'],
    [operator, '/api/v1/services'],
    [operator, '/api/v1/operator/segment-rates'],
  ];
  const out = {};
  for (const [c, p] of lists) {
    const r = await c.req('GET', p);
    assert.equal(r.status, 200, `${p}: ${r.text}`);
    if (p.includes('/audit?')) {
      // Refused credentials are logged as failures, which is no stored
      // input (each checked on its own for what it keeps of the request);
      // the background's own work (trials ending) is not the catalogue's.
      out[p] = r.json.events.filter((e) => e.result !== 'failure' && e.origin !== 'system')
        .map((e) => `${e.id} ${e.event_type}: ${e.detail}`);
      out[`${p} failures`] = r.json.events.filter((e) => e.result === 'failure');
      continue;
    }
    // Times a device or a session moves on their own are not stored input.
    out[p] = JSON.stringify(r.json, (k, v) => (/last_seen|last_used|_at$|expires/.test(k) ? undefined : v));
  }
  return out;
}

function sameAsBefore(before, afterwards) {
  for (const k of Object.keys(before)) {
    if (k.endsWith(' failures')) {
      // What a refused caller typed is logged only within bounds.
      const long = afterwards[k].filter((e) => JSON.stringify(e).length > 1000);
      assert.deepEqual(long.map((e) => JSON.stringify(e).slice(0, 300)), [], `${k}: hostile text in the log`);
    } else if (Array.isArray(before[k])) {
      const known = new Set(before[k]);
      assert.deepEqual(afterwards[k].filter((id) => !known.has(id)), [], `${k}: new events`);
    } else assert.equal(afterwards[k], before[k], `${k} changed`);
  }
}

let routes = [];

before(async () => {
  srv = await startServer();
  [admin, harbor, operator] = [0, 1, 2].map(() => new Client(srv.url));
  await admin.signIn(demoUsers.admin);
  await harbor.signIn(demoUsers.harbor);
  await operator.signIn({ email: 'operator@steward.example', password: 'steward-demo-operator' });
  acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  hacc = (await harbor.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  opacc = (await operator.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'operator').id;

  const listed = await srv.ctl(['routes', '--rules']);
  assert.equal(listed.code, 0, listed.stderr);
  routes = listed.stdout.trim().split('\n').map((l) => {
    const [method, path, rules = ''] = l.trim().split(/\s+/);
    return { method, path, rules };
  });
  assert.ok(routes.length > 100, listed.stdout);

  // Own resources to aim at, some made for the purpose.
  const u = (p) => `/api/v1/accounts/${acc}${p}`;
  ids.account_id = acc;
  const custs = (await admin.req('GET', u('/customers?limit=100'))).json.customers;
  ids.customer_id = custs[0].id;
  ids.platform = 'workstation';
  ids.policy_id = (await admin.req('GET', u('/policies'))).json.policies[0].id;
  const cp = await admin.req('POST', u(`/customers/${ids.customer_id}/policies`), { name: 'Hostile target', platform: 'server' });
  assert.equal(cp.status, 201, cp.text);
  ids.local_policy_id = cp.json.policy?.id ?? cp.json.id;
  const site = await admin.req('POST', u(`/customers/${ids.customer_id}/sites`), { name: 'Hostile site' });
  assert.equal(site.status, 201, site.text);
  ids.site_id = site.json.site?.id ?? site.json.id;
  ids.service_key = (await admin.req('GET', '/api/v1/services')).json.services[0].key;
  const inst = await admin.req('GET', u(`/customers/${ids.customer_id}/installer`));
  installerToken = inst.json.token;
  const en = await agentReq(srv.url, '/agent/v1/enroll', {
    token: installerToken, hardware_id: 'hw-hostile-dev', hostname: 'hostile-dev', platform: 'workstation',
  });
  assert.equal(en.status, 201, en.text);
  device = en.json;
  ids.device_id = device.device_id;
  const ck = await agentReq(srv.url, '/agent/v1/checkin', {
    state: { protection: 'off', definitions_updated_at: new Date().toISOString(), threats: [] },
  }, device.device_secret);
  assert.equal(ck.status, 200, ck.text);
  ids.alert_id = (await admin.req('GET', u('/alerts?limit=1'))).json.alerts?.[0]?.id;
  const mute = await admin.req('POST', u('/alert-mutes'), base['POST /api/v1/accounts/{account_id}/alert-mutes']());
  assert.equal(mute.status, 201, mute.text);
  ids.mute_id = mute.json.mute?.id ?? mute.json.id;
  const hook = await admin.req('POST', u('/webhooks'), { url: 'https://hooks.base.example/in', events: ['customer.created'] });
  assert.equal(hook.status, 201, hook.text);
  ids.webhook_id = hook.json.webhook?.id ?? hook.json.id;
  const cl = await admin.req('POST', u('/api-clients'), { name: 'Hostile target', role: 'viewer' });
  assert.equal(cl.status, 201, cl.text);
  ids.client_id = cl.json.id;
  const users = (await admin.req('GET', u('/users'))).json.users;
  ids.user_id = users.find((x) => x.email === demoUsers.viewer.email)?.id ?? users[0].id;
  ids.session_id = (await admin.req('GET', '/api/v1/me/sessions')).json.sessions?.find((s) => !s.current)?.id;
  ids.application_id = (await operator.req('GET', '/api/v1/operator/discount-applications')).json.applications?.[0]?.id;
  ids.segment = (await operator.req('GET', '/api/v1/operator/segment-rates')).json.rates?.[0]?.segment;
  ids.partner_id = acc;
  ids.message_id = (await operator.req('GET', '/api/v1/operator/outbox')).json.messages?.[0]?.id;

  // Blue Harbor's, to aim at from Northwind's admin.
  const hu = (p) => `/api/v1/accounts/${hacc}${p}`;
  foreign.account_id = hacc;
  const hc = (await harbor.req('GET', hu('/customers?limit=100'))).json.customers;
  foreign.customer_id = hc[0]?.id;
  foreign.customer_name = hc[0]?.company;
  const hpol = await harbor.req('POST', hu('/policies'), { name: 'Harbor private policy', platform: 'workstation' });
  assert.equal(hpol.status, 201, hpol.text);
  foreign.policy_id = hpol.json.policy?.id ?? hpol.json.id;
  foreign.user_id = (await harbor.req('GET', hu('/users'))).json.users?.[0]?.id;
  const hsite = await harbor.req('POST', hu(`/customers/${foreign.customer_id}/sites`), { name: 'Harbor private site' });
  assert.equal(hsite.status, 201, hsite.text);
  foreign.site_id = hsite.json.site?.id ?? hsite.json.id;
  const hmute = await harbor.req('POST', hu('/alert-mutes'), {
    customer_id: foreign.customer_id, type: 'protection_off', until: new Date(Date.now() + 86400e3).toISOString(),
  });
  foreign.mute_id = hmute.json?.mute?.id ?? hmute.json?.id;
  const hhook = await harbor.req('POST', hu('/webhooks'), { url: 'https://hooks.harbor.example/in', events: ['customer.created'] });
  foreign.webhook_id = hhook.json?.webhook?.id ?? hhook.json?.id;
  const hcl = await harbor.req('POST', hu('/api-clients'), { name: 'Harbor private client', role: 'viewer' });
  foreign.client_id = hcl.json?.id;
  const hinst = await harbor.req('GET', hu(`/customers/${foreign.customer_id}/installer`));
  const hen = await agentReq(srv.url, '/agent/v1/enroll', {
    token: hinst.json.token, hardware_id: 'hw-harbor', hostname: 'harbor-private-host', platform: 'workstation',
  });
  foreign.device_id = hen.json?.device_id;
  foreign.session_id = (await harbor.req('GET', '/api/v1/me/sessions')).json.sessions?.[0]?.id;
});

after(async () => {
  await srv?.stop();
});

// The body-taking routes: those whose request the document describes.
function bodyRoutes() {
  return routes.filter((r) => r.method !== 'GET' && requestFields(r.method, r.path));
}

// One route's catalogue: [entry name, raw body or object, field at fault].
function catalogue(route) {
  const key = `${route.method} ${route.path}`;
  const fields = requestFields(route.method, route.path);
  const mk = base[key] || (() => ({}));
  const first = Object.keys(fields)[0] || 'name';
  const out = [
    ['truncated', '{"' + first + '": "ab', null],
    ['trailing garbage', JSON.stringify(mk()) + ' }{ x', null],
    ['NaN', `{"${first}": NaN}`, null],
    ['duplicate keys', `{"${first}": "a", "${first}": "b"}`, null],
    ['10,000 deep', `{"${first}": ${'['.repeat(10000)}${']'.repeat(10000)}}`, null],
    ['array body', '[]', null],
    ['string body', '"hello"', null],
    ['number body', '42', null],
    ['empty body', '', null],
    ['invalid UTF-8', Buffer.concat([Buffer.from(`{"${first}": "a`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]), null],
    ['overlong UTF-8', Buffer.concat([Buffer.from(`{"${first}": "`), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]), null],
    ['lone surrogate escape', `{"${first}": "\\ud800"}`, null],
    ['unknown field', { ...mk(), zz_unknown: 'x' }, 'zz_unknown'],
    ['not JSON by its media type', new Media('text/plain', JSON.stringify(mk())), null],
    ['form instead of JSON', new Media('application/x-www-form-urlencoded', `${first}=x`), null],
  ];
  // One level down: the members an object field's schema names.
  for (const [f, p] of Object.entries(fields)) {
    const inner = typeOf(p) === 'object' ? schemaFields(p) : {};
    for (const [g, q] of Object.entries(inner)) {
      const t = typeOf(q);
      const at = `${f}.${g}`;
      const nest = (v) => { const b = mk(); return { ...b, [f]: { ...(b[f] || {}), [g]: v } }; };
      if (t && WRONG[t] !== undefined) out.push([`wrong type ${t}, nested`, nest(WRONG[t]), at]);
      if (t !== 'string') continue;
      out.push(['NUL, nested', nest('a\u0000b'), at]);
      out.push(['U+0007, nested', nest('a\u0007b'), at]);
      // An id is looked up, not kept: when it is not the only problem,
      // the others may be all the answer names.
      out.push(['100 KB string, nested', nest(KB100), /_id$/.test(g) ? null : at]);
    }
    out.push(['unknown field, nested', (() => { const b = mk(); return { ...b, [f]: { ...(b[f] || {}), zz_unknown: 1 } }; })(),
      Object.keys(inner).length && typeOf(p) === 'object' ? `${f}.zz_unknown` : f]);
  }
  for (const [f, p] of Object.entries(fields)) {
    const t = typeOf(p);
    if (t && WRONG[t] !== undefined) out.push([`wrong type ${t}`, { ...mk(), [f]: WRONG[t] }, f]);
    out.push(['nested object', { ...mk(), [f]: { $gt: '' } }, f]);
    if (t !== 'string') continue;
    out.push(['NUL', { ...mk(), [f]: 'a\u0000b' }, f]);
    out.push(['U+0007', { ...mk(), [f]: 'a\u0007b' }, f]);
    if (/^(name|company|contact_person|city|street|hostname)$/.test(f)) out.push(['U+202E', { ...mk(), [f]: 'invoice\u202Etxt.exe' }, f]);
    out.push(['100 KB string', { ...mk(), [f]: KB100 }, f]);
    if (!freeText(p) || f === 'password' || /password|token|code|secret|key/.test(f)) {
      out.push(['SQL in a checked field', { ...mk(), [f]: "' OR 1=1;--" }, f]);
    }
  }
  return out;
}

// A body sent as another media type than JSON.
class Media {
  constructor(type, body) { this.type = type; this.body = body; }
}

async function send(route, body, path = fill(route.path)) {
  const c = callerFor(route);
  if (body instanceof Media) {
    if (route.path.startsWith('/agent/')) {
      const res = await fetch(srv.url + path, { method: 'POST', headers: { 'content-type': body.type }, body: body.body });
      const text = await res.text();
      let json = null;
      try { json = JSON.parse(text); } catch { /* not JSON */ }
      checkResponse({ method: 'POST', path, status: res.status, headers: res.headers, text, json });
      return { status: res.status, json, text };
    }
    return c.req(route.method, path, body.body, { raw: true, headers: { 'content-type': body.type } });
  }
  const raw = typeof body === 'string' || Buffer.isBuffer(body);
  return c.req(route.method, path, body, raw ? { raw: true } : {});
}

test('hostile bodies on every body-taking route: a 4xx naming the field, nothing stored', async () => {
  const before = await snapshot();
  const jobs = [];
  for (const route of bodyRoutes()) {
    stats.routes++;
    for (const [name, body, field] of catalogue(route)) {
      stats.entries.add(name);
      jobs.push(async () => {
        const r = await send(route, body);
        expectRejected(`${route.method} ${route.path} [${name}]`, r, field);
      });
    }
  }
  // The CSV import: the same kinds of text in a file (a 4xx naming the
  // row and column; no customer created).
  const HEADER = 'email,contact_person,phone,company,industry,website,street,postal_code,city,country';
  const csvRow = (company) => `csvhostile${++seq}@import.example,Ada Base,+44 20 7946 0958,${company},retail,`
    + `import${seq}.example,12 Marylebone Road,NW1 5LN,London,GB`;
  const importRoute = routes.find((r) => r.path.endsWith('/customers/import'));
  assert.ok(importRoute);
  const files = [
    ['NUL', `${HEADER}\r\n${csvRow('a\u0000b')}\r\n`],
    ['U+0007', `${HEADER}\r\n${csvRow('a\u0007b')}\r\n`],
    ['U+202E', `${HEADER}\r\n${csvRow('invoice\u202Etxt.exe')}\r\n`],
    ['100 KB string', `${HEADER}\r\n${csvRow(KB100)}\r\n`],
    ['invalid UTF-8', Buffer.concat([Buffer.from(`${HEADER}\r\n${csvRow('a')}`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('\r\n')])],
    ['unknown column', `${HEADER},zz_unknown\r\n${csvRow('Acme')},x\r\n`],
    ['unterminated quote', `${HEADER}\r\n${csvRow('"Acme')}\r\n`],
    ['header only', `${HEADER}\r\n`],
    ['empty body', ''],
  ];
  stats.routes++;
  for (const [name, body] of files) {
    stats.entries.add(`CSV ${name}`);
    jobs.push(async () => {
      const r = await admin.req('POST', fill(importRoute.path), body, { raw: true, headers: { 'content-type': 'text/csv' } });
      expectRejected(`POST ${importRoute.path} [CSV ${name}]`, r, null);
    });
  }
  stats.entries.add('JSON to the CSV import');
  jobs.push(async () => expectRejected(`POST ${importRoute.path} [JSON]`,
    await admin.req('POST', fill(importRoute.path), { rows: [] }), null));
  await inBatches(jobs);
  assert.equal(problems.length, 0, [...new Set(problems)].join('\n'));
  assert.equal((await fetch(`${srv.url}/healthz`)).status, 200);
  const afterwards = await snapshot();
  sameAsBefore(before, afterwards);
});

test('hostile query strings on every GET route: never a 5xx, bad values a 4xx naming the parameter', async () => {
  problems.length = 0;
  const jobs = [];
  const near414 = 'q'.repeat(1700);
  for (const route of routes.filter((r) => r.method === 'GET')) {
    const op = doc.paths[route.path]?.get;
    const params = (op?.parameters || []).map(deref).filter((p) => p.in === 'query');
    const path = fill(route.path);
    // [entry, query string, parameter at fault (must be refused naming
    // it) or null (any answer but a 5xx; a 4xx in the error shape)]
    const entries = [
      ['unknown parameter', `zz=${encodeURIComponent(META)}`, null],
      ['broken escape, unknown parameter', 'zz=%ZZ%', null],
      ['near the 414 limit', `zz=${near414}`, null],
    ];
    for (const p of params) {
      const t = typeOf(deref(p.schema) || {});
      entries.push([`invalid UTF-8 ${p.name}`, `${p.name}=%C3%28%FF`, p.name]);
      entries.push([`broken escape ${p.name}`, `${p.name}=%G1`, p.name]);
      entries.push([`control characters ${p.name}`, `${p.name}=a%00b%07`, p.name]);
      // A long search is a search; a long number is too big.
      entries.push([`huge ${p.name}`, `${p.name}=${'9'.repeat(1700)}`, t === 'integer' ? p.name : null]);
      if (t === 'integer') {
        for (const v of ['-1', 'abc', '1e3', '99999999999999999999999', '0x10', ' 5', '+5']) {
          entries.push([`bad integer ${p.name}`, `${p.name}=${encodeURIComponent(v)}`, p.name]);
        }
      }
      if (p.name === 'cursor') {
        for (const v of ['garbage', '!!!!', "' OR 1=1--", '%00']) entries.push(['bad cursor', `cursor=${v}`, 'cursor']);
        // Well-formed but naming no row: the page after that key.
        entries.push(['foreign cursor', 'cursor=eyJ4IjoxfQ', null]);
      }
    }
    const c = callerFor(route);
    for (const [name, qs, field] of entries) {
      stats.entries.add(`GET ${name.replace(/ [a-z_]+$/, '')}`);
      jobs.push(async () => {
        const r = await c.req('GET', `${path}?${qs}`);
        stats.requests++;
        const where = `GET ${route.path}?${qs.slice(0, 60)} [${name}] -> ${r.status} ${r.text.slice(0, 300)}`;
        if (r.status >= 500) problems.push(`5xx: ${where}`);
        else if (r.status >= 400 && !r.json?.error?.code) problems.push(`not the error shape: ${where}`);
        else if (field && r.status < 400) problems.push(`accepted: ${where}`);
        else if (field && (r.status === 400 || r.status === 422) && !Object.hasOwn(r.json.error.fields || {}, field)) {
          problems.push(`no field error for ${field}: ${where}`);
        }
      });
    }
  }
  await inBatches(jobs);
  assert.equal(problems.length, 0, [...new Set(problems)].join('\n'));
  assert.equal((await fetch(`${srv.url}/healthz`)).status, 200);
});

test('ids of another partner, in the path or in the body, answer 404 and name nothing', async () => {
  problems.length = 0;
  const before = await snapshot();
  const jobs = [];
  for (const route of routes) {
    const names = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    if (!names.length || route.path.startsWith('/agent/') || route.path.startsWith('/api/v1/operator/')) continue;
    const swappable = names.filter((n) => foreign[n] !== undefined && n !== 'platform');
    for (const n of swappable) {
      const swap = new Set([n]);
      const path = fill(route.path, swap);
      const mk = base[`${route.method} ${route.path}`];
      const body = route.method === 'GET' ? undefined : (mk ? mk() : {});
      stats.entries.add('foreign id in the path');
      jobs.push(async () => {
        const r = await admin.req(route.method, path, body);
        stats.requests++;
        const where = `${route.method} ${route.path} with Blue Harbor's ${n} -> ${r.status} ${r.text.slice(0, 300)}`;
        // A whole-account admin's request meets the body's checks before
        // the lookup of a customer it names: a 422 about the body says
        // nothing about the id either.
        const bodyOnly = r.status === 422 && body && Object.keys(r.json?.error?.fields || {}).length > 0;
        if (r.status !== 404 && !bodyOnly) problems.push(`not 404: ${where}`);
        if (foreign.customer_name && r.text.includes(foreign.customer_name)) problems.push(`leaks: ${where}`);
        if (r.text.includes(foreign[n])) problems.push(`echoes the id: ${where}`);
      });
    }
  }
  // References in bodies.
  const u = (p) => `/api/v1/accounts/${acc}${p}`;
  const refs = [
    ['POST', u(`/policies/${ids.policy_id}/assignments`), { customer_ids: [foreign.customer_id] }, 'customer_ids'],
    ['POST', u('/alert-mutes'), { ...base['POST /api/v1/accounts/{account_id}/alert-mutes'](), customer_id: foreign.customer_id }, 'customer_id'],
    ['PUT', u(`/customers/${ids.customer_id}/default-policies/workstation`), { policy_id: foreign.policy_id }, 'policy_id'],
    ['PATCH', u(`/devices/${ids.device_id}`), { site_id: foreign.site_id }, 'site_id'],
    ['PATCH', u(`/devices/${ids.device_id}`), { policy_id: foreign.policy_id }, 'policy_id'],
    ['POST', u('/api-clients'), { name: 'Foreign scope', role: 'viewer', customer_ids: [foreign.customer_id] }, 'customer_ids'],
    ['POST', u('/invitations'), { email: 'foreign-scope@base.example', role: 'viewer', customer_ids: [foreign.customer_id] }, 'customer_ids'],
    ['PATCH', u(`/users/${ids.user_id}`), { customer_ids: [foreign.customer_id] }, 'customer_ids'],
    ['POST', u('/customers'), { ...base['POST /api/v1/accounts/{account_id}/customers'](), management: { mode: 'global', global_policy_ids: [foreign.policy_id] } }, 'management'],
    ['POST', u('/customers'), { ...base['POST /api/v1/accounts/{account_id}/customers'](), management: { mode: 'local', copy_from: { customer_id: foreign.customer_id, policy_id: foreign.policy_id } } }, 'management'],
    ['POST', u(`/customers/${ids.customer_id}/policies`), { name: 'Copied', platform: 'workstation', source: 'copy', copy_from: { customer_id: foreign.customer_id, policy_id: foreign.policy_id } }, 'copy_from'],
  ];
  for (const [method, path, body, field] of refs) {
    stats.entries.add('foreign id in the body');
    jobs.push(async () => {
      const r = await admin.req(method, path, body);
      stats.requests++;
      const where = `${method} ${path} with Blue Harbor's id in ${field} -> ${r.status} ${r.text.slice(0, 300)}`;
      if (r.status !== 404 && r.status !== 422) problems.push(`not 404/422: ${where}`);
      if (foreign.customer_name && r.text.includes(foreign.customer_name)) problems.push(`leaks: ${where}`);
    });
  }
  await inBatches(jobs);
  assert.equal(problems.length, 0, [...new Set(problems)].join('\n'));
  const afterwards = await snapshot();
  sameAsBefore(before, afterwards);
});

test('hostile path segments in every parameter of every route: a 4xx in the error shape, nothing stored', async () => {
  problems.length = 0;
  const before = await snapshot();
  const segments = [
    ['SQL', encodeURIComponent("x' OR '1'='1")],
    ['invalid UTF-8', '%C3%28%FF'],
    ['NUL', 'a%00b'],
    ['dot segments', '..%2F..%2Fetc%2Fpasswd'],
    ['HTML', encodeURIComponent('<script>alert(1)</script>')],
    ['long', 'z'.repeat(1500)],
  ];
  const jobs = [];
  for (const route of routes) {
    const names = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const n of names) {
      for (const [name, seg] of segments) {
        stats.entries.add(`path segment: ${name}`);
        const path = fill(route.path).replace(encodeURIComponent(ids[n] ?? `zz_${n}_unknown`), seg);
        const mk = base[`${route.method} ${route.path}`];
        const body = route.method === 'GET' ? undefined : (mk ? mk() : {});
        jobs.push(async () => {
          const c = callerFor(route);
          const r = await c.req(route.method, path, body);
          stats.requests++;
          const where = `${route.method} ${route.path} with ${name} as ${n} -> ${r.status} ${r.text.slice(0, 300)}`;
          if (r.status < 400 || r.status >= 500) problems.push(`not a 4xx: ${where}`);
          else if (!r.json?.error?.code) problems.push(`not the error shape: ${where}`);
        });
      }
    }
  }
  await inBatches(jobs);
  assert.equal(problems.length, 0, [...new Set(problems)].join('\n'));
  assert.equal((await fetch(`${srv.url}/healthz`)).status, 200);
  sameAsBefore(before, await snapshot());
});

test('SQL and HTML metacharacters in free-text fields are stored and returned verbatim', async () => {
  problems.length = 0;
  const jobs = [];
  const verbatim = [
    'POST /api/v1/accounts/{account_id}/customers',
    'PATCH /api/v1/accounts/{account_id}/customers/{customer_id}',
    'POST /api/v1/accounts/{account_id}/customers/{customer_id}/sites',
    'POST /api/v1/accounts/{account_id}/policies',
    'POST /api/v1/accounts/{account_id}/customers/{customer_id}/policies',
    'POST /api/v1/accounts/{account_id}/api-clients',
    'PATCH /api/v1/me',
  ];
  for (const key of verbatim) {
    const [method, template] = key.split(' ');
    const fields = requestFields(method, template);
    for (const [f, p] of Object.entries(fields)) {
      if (!freeText(p) || /email|phone|website|postal|country|password|_id$/.test(f)) continue;
      stats.entries.add('SQL and HTML, stored verbatim');
      const value = `${META} ${++seq}`;
      jobs.push(async () => {
        const path = fill(template);
        const r = await admin.req(method, path, { ...base[key](), [f]: value });
        stats.requests++;
        const where = `${key} ${f} -> ${r.status} ${r.text.slice(0, 300)}`;
        if (r.status >= 300) { problems.push(`refused: ${where}`); return; }
        if (!JSON.stringify(r.json).includes(JSON.stringify(value))) problems.push(`not verbatim in the answer: ${where}`);
        // Read back as a list or the record itself.
        const back = method === 'PATCH' ? await admin.req('GET', path)
          : await admin.req('GET', `${path}${path.endsWith('/customers') ? '?limit=100' : ''}`);
        if (!JSON.stringify(back.json).includes(JSON.stringify(value))) problems.push(`not verbatim when read back: ${where}`);
      });
    }
  }
  await inBatches(jobs, 1);
  assert.equal(problems.length, 0, [...new Set(problems)].join('\n'));
  console.log(`hostile catalogue: ${stats.routes} body routes, ${routes.length} routes, `
    + `${stats.entries.size} kinds of entry, ${stats.requests} requests`);
});

// One request path for every caller: a console session (cookie + CSRF
// token) and an API client (bearer token, no CSRF) reach the same routes
// under the same rules; the route table's rules are enforced before any
// handler; idempotency keys belong to whoever sent them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, Client, ApiClient, demoUsers, ctlOk, backend } from '../lib/server.mjs';

let srv, admin, viewer, tech, harbor, acc, hacc, customers;

before(async () => {
  srv = await startServer();
  admin = new Client(srv.url);
  viewer = new Client(srv.url);
  tech = new Client(srv.url);
  harbor = new Client(srv.url);
  await admin.signIn(demoUsers.admin);
  await viewer.signIn(demoUsers.viewer);
  await tech.signIn(demoUsers.tech);
  await harbor.signIn(demoUsers.harbor);
  acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  hacc = (await harbor.req('GET', '/api/v1/accounts')).json.accounts[0].id;
  customers = (await admin.req('GET', `/api/v1/accounts/${acc}/customers?limit=200`)).json.customers;
});
after(async () => { await srv.stop(); });

const byName = (name) => customers.find((c) => c.company === name);

test('a cookie request that changes something needs its CSRF token; the same route with a bearer token needs none', async () => {
  const c = byName('Olivetta Finanza S.p.A.');
  const path = `/api/v1/accounts/${acc}/customers/${c.id}`;
  const noToken = await admin.req('PATCH', path, { city: 'Milano' }, { csrf: false });
  assert.equal(noToken.status, 403);
  assert.equal(noToken.json.error.code, 'csrf_failed');
  assert.equal((await admin.req('GET', path)).json.customer.city, 'Roma', 'nothing changed');

  const api = await ApiClient.create(admin, acc);
  const r = await api.req('PATCH', path, { city: 'Milano' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.customer.city, 'Milano');
  // A stray CSRF header changes nothing for a bearer caller.
  const r2 = await api.req('PATCH', path, { city: 'Roma' }, { headers: { 'x-csrf-token': 'nonsense' } });
  assert.equal(r2.status, 200, r2.text);
  // And the cookie caller with its token is let through as before.
  assert.equal((await admin.req('PATCH', path, { city: 'Roma' })).status, 200);
});

test('an API client secret is shown once; tokens come from form, JSON or Basic credentials', async () => {
  const made = await admin.req('POST', `/api/v1/accounts/${acc}/api-clients`, { name: 'PSA <sync>', role: 'viewer' });
  assert.equal(made.status, 201, made.text);
  assert.match(made.json.client_secret, /^stw_cs_[A-Za-z0-9_-]{43}$/);
  assert.equal(made.json.name, 'PSA <sync>');
  const list = await admin.req('GET', `/api/v1/accounts/${acc}/api-clients`);
  assert.equal(list.status, 200);
  assert.ok('next_cursor' in list.json);
  const listed = list.json.api_clients.find((x) => x.id === made.json.id);
  assert.equal(listed.name, 'PSA <sync>');
  assert.ok(!('client_secret' in listed), 'the secret is never listed');
  assert.ok(!list.text.includes(made.json.client_secret));

  const token = (body, headers = {}) => fetch(`${srv.url}/api/v1/oauth/token`, { method: 'POST', headers, body });
  const json = await token(JSON.stringify({ grant_type: 'client_credentials', client_id: made.json.client_id,
    client_secret: made.json.client_secret }), { 'content-type': 'application/json' });
  assert.equal(json.status, 200);
  const tj = await json.json();
  assert.equal(tj.token_type, 'Bearer');
  assert.equal(tj.expires_in, 3600);
  assert.match(json.headers.get('cache-control'), /no-store/);
  const basic = await token('grant_type=client_credentials', {
    'content-type': 'application/x-www-form-urlencoded',
    authorization: 'Basic ' + Buffer.from(`${made.json.client_id}:${made.json.client_secret}`).toString('base64'),
  });
  assert.equal(basic.status, 200);
  const wrong = await token(new URLSearchParams({ grant_type: 'client_credentials', client_id: made.json.client_id,
    client_secret: made.json.client_secret + 'x' }));
  assert.equal(wrong.status, 401);
  assert.equal((await wrong.json()).error.code, 'invalid_client');
  const grant = await token(new URLSearchParams({ grant_type: 'password', client_id: made.json.client_id,
    client_secret: made.json.client_secret }));
  assert.equal(grant.status, 400);
  assert.equal((await grant.json()).error.code, 'unsupported_grant_type');
  const missing = await token(JSON.stringify({ grant_type: 'client_credentials' }), { 'content-type': 'application/json' });
  assert.equal(missing.status, 422);
  assert.ok((await missing.json()).error.fields.client_id);
  const noGrant = await token(new URLSearchParams({ client_id: made.json.client_id, client_secret: 'x' }));
  assert.equal(noGrant.status, 422);
  assert.ok((await noGrant.json()).error.fields.grant_type);
  const badEncoding = await token('grant_type=client_credentials&client_id=%zz&client_secret=x',
    { 'content-type': 'application/x-www-form-urlencoded' });
  assert.equal(badEncoding.status, 422);
  assert.ok((await badEncoding.json()).error.fields.client_id);
  const badBasic = await token('grant_type=client_credentials', { 'content-type': 'application/x-www-form-urlencoded',
    authorization: 'Basic ' + Buffer.from(`${made.json.client_id}:wrong`).toString('base64') });
  assert.equal(badBasic.status, 401);
  assert.match(badBasic.headers.get('www-authenticate'), /^Basic/);
});

test('a bearer caller acts in its one account, with its role and its customers only', async () => {
  const api = await ApiClient.create(admin, acc);
  const accounts = await api.req('GET', '/api/v1/accounts');
  assert.deepEqual(accounts.json.accounts.map((a) => a.id), [acc]);
  assert.equal((await api.req('GET', `/api/v1/accounts/${hacc}`)).status, 404);
  assert.equal((await api.req('GET', `/api/v1/accounts/${hacc}/customers`)).status, 404);
  // Sessions are people's: a token has no /me and no operator pages.
  const me = await api.req('GET', '/api/v1/me');
  assert.equal(me.status, 401);
  assert.equal(me.json.error.code, 'session_required');
  assert.equal((await api.req('GET', '/api/v1/operator/partners')).status, 403);
  // Only people make and delete API clients.
  const more = await api.req('POST', `/api/v1/accounts/${acc}/api-clients`, { name: 'x', role: 'admin' });
  assert.equal(more.status, 403);

  const ro = await ApiClient.create(admin, acc, { role: 'viewer' });
  const c = byName('Olivetta Finanza S.p.A.');
  assert.equal((await ro.req('GET', `/api/v1/accounts/${acc}/customers/${c.id}`)).status, 200);
  const change = await ro.req('PATCH', `/api/v1/accounts/${acc}/customers/${c.id}`, { city: 'Milano' });
  assert.equal(change.status, 403);
  assert.equal((await ro.req('PATCH', `/api/v1/accounts/${acc}`, { name: 'Mine' })).status, 403);

  const sakura = byName('株式会社さくら精機');
  const limited = await ApiClient.create(admin, acc, { customer_ids: [sakura.id] });
  const shown = (await admin.req('GET', `/api/v1/accounts/${acc}/api-clients`)).json.api_clients;
  assert.deepEqual(shown.find((x) => x.id === limited.id).customer_ids, [sakura.id]);
  assert.equal(shown.find((x) => x.id === api.id).customer_ids, null);
  const list = await limited.req('GET', `/api/v1/accounts/${acc}/customers`);
  assert.deepEqual(list.json.customers.map((x) => x.id), [sakura.id]);
  assert.equal((await limited.req('GET', `/api/v1/accounts/${acc}/customers/${c.id}`)).status, 404);
  assert.equal((await limited.req('GET', `/api/v1/accounts/${acc}/customers/${sakura.id}`)).status, 200);
  assert.equal((await limited.req('GET', `/api/v1/accounts/${acc}/policies`)).status, 403);
  assert.equal((await limited.req('GET', `/api/v1/accounts/${acc}/oms/records`)).status, 403);
  // A limited client of another partner's customer is refused at creation.
  const foreign = (await harbor.req('GET', `/api/v1/accounts/${hacc}/customers`)).json.customers;
  const bad = await admin.req('POST', `/api/v1/accounts/${acc}/api-clients`,
    { name: 'x', role: 'admin', customer_ids: [foreign[0].id] });
  assert.equal(bad.status, 422);
  assert.ok(bad.json.error.fields.customer_ids);
});

test('deleting an API client ends its tokens at once', async () => {
  const api = await ApiClient.create(admin, acc);
  assert.equal((await api.req('GET', `/api/v1/accounts/${acc}/customers`)).status, 200);
  const del = await admin.req('DELETE', `/api/v1/accounts/${acc}/api-clients/${api.id}`);
  assert.equal(del.status, 204);
  const after = await api.req('GET', `/api/v1/accounts/${acc}/customers`);
  assert.equal(after.status, 401);
  assert.equal(after.json.error.code, 'invalid_token');
  assert.match(after.headers.get('www-authenticate'), /^Bearer/);
  // Its secret gets no new token either.
  const t = await fetch(`${srv.url}/api/v1/oauth/token`, { method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: api.id, client_secret: api.secret }) });
  assert.equal(t.status, 401);
  assert.equal((await admin.req('DELETE', `/api/v1/accounts/${acc}/api-clients/${api.id}`)).status, 404);
  const unknown = await new ApiClient(srv.url, 'stw_at_' + 'x'.repeat(43)).req('GET', '/api/v1/accounts');
  assert.equal(unknown.status, 401);
});

test('API client routes: other partners see nothing, viewers and limited users change nothing', async () => {
  const api = await ApiClient.create(admin, acc, { name: 'Kept' });
  const base = `/api/v1/accounts/${acc}/api-clients`;
  assert.equal((await harbor.req('GET', base)).status, 404);
  assert.equal((await harbor.req('POST', base, { name: 'x', role: 'admin' })).status, 404);
  assert.equal((await harbor.req('DELETE', `${base}/${api.id}`)).status, 404);
  assert.equal((await viewer.req('GET', base)).status, 200);
  assert.equal((await viewer.req('POST', base, { name: 'x', role: 'admin' })).status, 403);
  assert.equal((await viewer.req('DELETE', `${base}/${api.id}`)).status, 403);
  assert.equal((await tech.req('GET', base)).status, 403);
  assert.equal((await tech.req('POST', base, { name: 'x', role: 'admin' })).status, 403);
  // Bad input names its field and stores nothing.
  const before = (await admin.req('GET', base)).json.api_clients.length;
  for (const body of [{ name: '', role: 'admin' }, { name: 'x', role: 'owner' }, { name: 'x\u0007', role: 'admin' },
    { name: 'x'.repeat(101), role: 'admin' }, { name: 'x', role: 'admin', extra: 1 }, { name: 7, role: 'admin' }]) {
    const r = await admin.req('POST', base, body);
    assert.equal(r.status, 422, JSON.stringify(body));
  }
  assert.equal((await admin.req('POST', base, '{"name":', { raw: true })).status, 400);
  assert.equal((await admin.req('GET', base)).json.api_clients.length, before);
  assert.equal((await admin.req('GET', `${base}?limit=0`)).status, 422);
});

test('an Idempotency-Key belongs to whoever sent it; a retry gets the first answer again', async () => {
  const api = await ApiClient.create(admin, acc);
  const gtest = (await admin.req('GET', `/api/v1/accounts/${acc}/policies`)).json.policies
    .find((p) => p.name === 'Global Test Policy').id;
  const body = (n) => ({
    source: 'new', email: `ops${n}@idem${n}.example`, contact_person: 'Ada Lovelace', phone: '+44 20 7946 0958',
    company: `Idempotent ${n} Ltd`, industry: 'it_telecom', website: `idem${n}.example`, street: '12 Marylebone Road',
    postal_code: 'NW1 5LN', city: 'London', country: 'GB', management: { mode: 'global', global_policy_ids: [gtest] },
  });
  const key = { headers: { 'idempotency-key': 'same-key-for-both' } };
  const path = `/api/v1/accounts/${acc}/customers`;
  const a = await admin.req('POST', path, body(1), key);
  const b = await api.req('POST', path, body(2), key);
  assert.equal(a.status, 201, a.text);
  assert.equal(b.status, 201, b.text);
  assert.notEqual(a.json.customer.id, b.json.customer.id);
  const again = await api.req('POST', path, body(2), key);
  assert.equal(again.status, 201);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal(again.json.customer.id, b.json.customer.id);
  const other = await api.req('POST', path, body(3), key);
  assert.equal(other.status, 422);
  assert.equal(other.json.error.code, 'idempotency_key_reused');
});

test('every route declares who may call it, and every change asks cookie callers for the CSRF token', async () => {
  const rules = (await ctlOk(['routes', '--rules'])).split('\n').filter(Boolean);
  assert.ok(rules.length > 50);
  for (const line of rules) {
    const [method, path, ...r] = line.split(' ');
    assert.ok(r.some((x) => ['anyone', 'session', 'user', 'operator', 'agent'].includes(x)), `${line}: who may call?`);
    // Devices speak with their own secret and never carry a cookie.
    if (r.includes('agent')) assert.ok(path.startsWith('/agent/v1/'), `${line}: agent rule outside the agent protocol`);
    // Signing in, getting a token and accepting an invitation establish
    // who the caller is: they carry their own credentials, not a cookie.
    // A forgotten password's request and link are made without a session.
    if (method !== 'GET' && !r.includes('agent') && !['/api/v1/session', '/api/v1/oauth/token', '/api/v1/invitations/{token}/accept',
      '/api/v1/password-resets', '/api/v1/password-resets/{token}'].includes(path)) {
      assert.ok(r.includes('csrf'), `${line}: a change without CSRF`);
    }
    if (path.includes('{account_id}')) assert.ok(r.includes('member'), `${line}: no account rule`);
    if (path.startsWith('/api/v1/operator/')) assert.ok(r.includes('operator'), `${line}: not the operator's`);
  }
});

test('each API client has its own request budget, shown on every answer', async () => {
  const srv2 = await startServer({ env: { STEWARD_API_RATE_PER_MINUTE: '5' } });
  try {
    const a2 = new Client(srv2.url);
    await a2.signIn(demoUsers.admin);
    const acc2 = (await a2.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
    const one = await ApiClient.create(a2, acc2, { name: 'One' });
    const two = await ApiClient.create(a2, acc2, { name: 'Two' });
    const left = [];
    for (let i = 0; i < 5; i++) {
      const r = await one.req('GET', `/api/v1/accounts/${acc2}`);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('ratelimit-limit'), '5');
      left.push(Number(r.headers.get('ratelimit-remaining')));
      const reset = Number(r.headers.get('ratelimit-reset'));
      assert.ok(reset >= 1 && reset <= 60, `reset ${reset}`);
    }
    assert.deepEqual(left, [4, 3, 2, 1, 0]);
    const over = await one.req('GET', `/api/v1/accounts/${acc2}`);
    assert.equal(over.status, 429);
    assert.equal(over.json.error.code, 'rate_limited');
    assert.ok(Number(over.headers.get('retry-after')) >= 1);
    assert.equal(over.headers.get('ratelimit-remaining'), '0');
    // Another client, and people in the console, are not affected.
    assert.equal((await two.req('GET', `/api/v1/accounts/${acc2}`)).status, 200);
    const people = await a2.req('GET', `/api/v1/accounts/${acc2}`);
    assert.equal(people.status, 200);
    assert.equal(people.headers.get('ratelimit-limit'), null);
  } finally {
    await srv2.stop();
  }
});

// One number or text from the database, read beside the server.
function sqlValue(db, sql) {
  const out = backend === 'pg' ? execFileSync('psql', [db, '-Atc', sql]) : execFileSync('sqlite3', [db, sql]);
  return out.toString().trim();
}

test('an API client: its secret kept only as a hash, its changes audited as its own, its token good for an hour, its last use shown', async () => {
  const own = await startServer();
  try {
    const signIn = () => Client.signedIn(own.url, demoUsers.admin);
    let a = await signIn();
    const acc3 = (await a.req('GET', '/api/v1/accounts')).json.accounts.find((x) => x.kind === 'partner').id;
    const before = Math.floor(Date.now() / 1000);
    const api = await ApiClient.create(a, acc3, { name: 'PSA "nightly" <sync>' });
    const stored = sqlValue(own.db, `SELECT secret_hash FROM api_clients WHERE id = '${api.id}'`);
    assert.ok(stored.length >= 32 && !stored.includes(api.secret) && !api.secret.includes(stored),
      'the secret is stored as a hash, not as itself');
    const lastUsed = async () => {
      const r = await a.req('GET', `/api/v1/accounts/${acc3}/api-clients`);
      return Date.parse(r.json.api_clients.find((x) => x.id === api.id).last_used_at) / 1000;
    };
    const issued = await lastUsed();
    assert.ok(issued >= before - 1 && issued <= before + 60, `last use at the token exchange (${issued})`);

    // A change made with its token is the client's, from the API.
    const c = (await a.req('GET', `/api/v1/accounts/${acc3}/customers?limit=1`)).json.customers[0];
    assert.equal((await api.req('PATCH', `/api/v1/accounts/${acc3}/customers/${c.id}`, { city: 'Bergen' })).status, 200);
    const ev = (await a.req('GET', `/api/v1/accounts/${acc3}/audit?category=customer`)).json.events
      .find((e) => e.customer_id === c.id && e.event_type === 'update');
    assert.ok(ev, 'the change is audited');
    assert.equal(ev.origin, 'api');
    assert.deepEqual(ev.actor, { kind: 'client', id: api.id, name: 'PSA "nightly" <sync>' });

    // An hour and a bit later the token is refused; a new one works.
    await own.kill9();
    await own.restart({ STEWARD_CLOCK_OFFSET: '3700' });
    const late = await api.req('GET', `/api/v1/accounts/${acc3}`);
    assert.equal(late.status, 401);
    assert.equal(late.json.error.code, 'invalid_token');
    a = await signIn();
    const clientId = (await a.req('GET', `/api/v1/accounts/${acc3}/api-clients`)).json.api_clients
      .find((x) => x.id === api.id).client_id;
    const t = await fetch(`${own.url}/api/v1/oauth/token`, { method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: api.secret }) });
    assert.equal(t.status, 200);
    api.token = (await t.json()).access_token;

    // Twenty minutes on, a call with that token (no new exchange) is the
    // client's last use.
    await own.kill9();
    await own.restart({ STEWARD_CLOCK_OFFSET: '4900' });
    a = await signIn();
    assert.equal((await api.req('GET', `/api/v1/accounts/${acc3}`)).status, 200);
    const used = await lastUsed();
    const now = Math.floor(Date.now() / 1000) + 4900;
    assert.ok(used >= now - 60 && used <= now + 1, `last use ${used}, the call at ${now}`);
  } finally {
    await own.stop();
  }
});

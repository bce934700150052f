// GET .../audit (SPEC §10, §12): every change and sign-in of an account,
// narrowed by time (the last 30 days unless asked), customer, category,
// user and IP, as JSON pages or a CSV download; tenants and limited roles
// see only their own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers } from '../lib/server.mjs';

let srv, admin, viewer, tech, harbor, acc, hacc, created, users;
const day = (offsetDays) => new Date(Date.now() + offsetDays * 86400000).toISOString().slice(0, 10);

before(async () => {
  srv = await startServer();
  [admin, viewer, tech, harbor] = [0, 1, 2, 3].map(() => new Client(srv.url));
  await admin.signIn(demoUsers.admin);
  await viewer.signIn(demoUsers.viewer);
  await tech.signIn(demoUsers.tech);
  await harbor.signIn(demoUsers.harbor);
  acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  hacc = (await harbor.req('GET', '/api/v1/accounts')).json.accounts[0].id;
  users = (await admin.req('GET', `/api/v1/accounts/${acc}/users`)).json.users;
  const r = await admin.req('POST', `/api/v1/accounts/${acc}/customers`, {
    source: 'new', email: 'it@formula.example', contact_person: 'Eve <b>Formula</b>', phone: '+44 20 7946 0958',
    company: '=HYPERLINK("http://evil.example","Audit, Test & Co")', industry: 'it_telecom', website: 'formula.example',
    street: '1 Audit Way', postal_code: 'NW1 5LN', city: 'London', country: 'GB', segment_discount: null,
    management: { mode: 'local', template: 'workstation' },
  });
  assert.equal(r.status, 201, r.text);
  created = r.json.customer;
});
after(async () => { await srv.stop(); });

const log = (client, q = '', account = acc) => client.req('GET', `/api/v1/accounts/${account}/audit${q ? '?' + q : ''}`);
const idOf = (email) => users.find((u) => u.email === email).id;

test('newest first: a change names its customer, category, who, origin and IP; the people\'s sign-ins are there', async () => {
  const r = await log(admin);
  assert.equal(r.status, 200, r.text);
  const ev = r.json.events;
  const times = ev.map((e) => e.at);
  assert.deepEqual(times, [...times].sort().reverse());
  const create = ev.find((e) => e.category === 'customer' && e.event_type === 'create' && e.customer_id === created.id);
  assert.ok(create, 'the customer creation is logged');
  assert.equal(create.customer_name, created.company);
  assert.equal(create.result, 'success');
  assert.equal(create.origin, 'ui');
  assert.deepEqual(create.actor, { kind: 'login', id: idOf('admin@northwind.example'), name: 'admin@northwind.example' });
  assert.equal(create.ip, '127.0.0.1');
  const signIns = ev.filter((e) => e.category === 'auth' && e.event_type === 'sign_in').map((e) => e.actor.name);
  for (const e of ['admin@northwind.example', 'viewer@northwind.example', 'tech@northwind.example']) assert.ok(signIns.includes(e), e);
  // Another partner's sign-in is not Northwind's business, and the other way round.
  assert.ok(!signIns.includes('admin@blueharbor.example'));
  const h = await log(harbor, '', hacc);
  assert.equal(h.status, 200);
  assert.ok(h.json.events.length > 0);
  assert.ok(h.json.events.every((e) => e.customer_id !== created.id && e.actor.name !== 'admin@northwind.example'));
});

test('filters: category, customer, user, IP and the period', async () => {
  let r = await log(admin, 'category=customer');
  assert.ok(r.json.events.length >= 1);
  assert.ok(r.json.events.every((e) => e.category === 'customer'));
  r = await log(admin, `customer_id=${created.id}`);
  assert.ok(r.json.events.length >= 1);
  assert.ok(r.json.events.every((e) => e.customer_id === created.id));
  r = await log(admin, `user_id=${idOf('viewer@northwind.example')}`);
  assert.deepEqual([...new Set(r.json.events.map((e) => e.actor.name))], ['viewer@northwind.example']);
  r = await log(admin, 'ip=127.0.0.1&category=auth');
  assert.ok(r.json.events.length >= 3);
  r = await log(admin, 'ip=10.9.9.9');
  assert.deepEqual(r.json.events, []);
  r = await log(admin, `from=${day(1)}`);
  assert.deepEqual(r.json.events, []);
  r = await log(admin, `to=${day(-1)}`);
  assert.ok(r.json.events.length >= 1, 'the demo has history');
  assert.ok(r.json.events.every((e) => e.at < day(0)), 'to=a date ends with that day');
  assert.ok(!r.json.events.some((e) => e.customer_id === created.id));
  // A date as `to` counts in whole; a date-time is exact.
  r = await log(admin, `from=${day(0)}&to=${day(0)}&customer_id=${created.id}`);
  assert.ok(r.json.events.length >= 1);
  const at = (await log(admin, `customer_id=${created.id}`)).json.events.at(-1).at;
  r = await log(admin, `customer_id=${created.id}&to=${encodeURIComponent(at)}`);
  assert.deepEqual(r.json.events, [], 'to is exclusive');
  r = await log(admin, `customer_id=${created.id}&from=${encodeURIComponent(at)}`);
  assert.ok(r.json.events.length >= 1, 'from is inclusive');
});

test('without from, the log shows the last 30 days', async () => {
  const later = await startServer({ db: srv.db, env: { STEWARD_CLOCK_OFFSET: String(40 * 86400) } });
  try {
    const a = new Client(later.url);
    await a.signIn(demoUsers.admin);
    const r = await log(a);
    assert.equal(r.status, 200);
    // 40 days on, everything above is older than 30 days: only what that
    // server did itself (the sign-in, and what its daily job may record).
    const since = Date.now() + 10 * 86400000 - 120000;
    assert.ok(r.json.events.some((e) => e.event_type === 'sign_in'));
    assert.ok(r.json.events.every((e) => Date.parse(e.at) >= since), JSON.stringify(r.json.events.map((e) => e.at)));
    assert.ok(!r.json.events.some((e) => e.customer_id === created.id));
    const all = await log(a, 'from=2000-01-01');
    assert.ok(all.json.events.some((e) => e.customer_id === created.id));
  } finally {
    await later.stop();
  }
});

test('bad filters name the parameter; nothing of another tenant is found', async () => {
  for (const [q, field] of [['from=2026-13-01', 'from'], ['from=yesterday', 'from'], ['to=2026-01-01T25:00:00Z', 'to'],
    [`from=${day(0)}&to=${day(-3)}`, 'to'], ['category=payroll', 'category'], ['format=xml', 'format'],
    ['cursor=garbage', 'cursor'], ['limit=501', 'limit'], [`ip=${'9'.repeat(101)}`, 'ip']]) {
    const r = await log(admin, q);
    assert.equal(r.status, 422, `${q}: ${r.text}`);
    assert.ok(r.json.error.fields[field], `${q}: ${r.text}`);
  }
  const theirs = (await harbor.req('GET', `/api/v1/accounts/${hacc}/customers`)).json.customers[0].id;
  let r = await log(admin, `customer_id=${theirs}`);
  assert.equal(r.status, 404);
  r = await log(harbor);
  assert.equal(r.status, 404);
  assert.doesNotMatch(r.text, /northwind|formula/i);
  r = await log(new Client(srv.url));
  assert.equal(r.status, 401);
});

test('viewers read it; a role limited to chosen customers sees only their events', async () => {
  const v = await log(viewer);
  assert.equal(v.status, 200);
  assert.ok(v.json.events.some((e) => e.customer_id === created.id));
  const covered = new Set(users.find((u) => u.email === 'tech@northwind.example').customer_ids);
  const t = await log(tech, 'from=2000-01-01');
  assert.equal(t.status, 200, t.text);
  assert.ok(t.json.events.length >= 1, 'the covered customers have history');
  assert.ok(t.json.events.every((e) => covered.has(e.customer_id)), 'only covered customers');
  const r = await log(tech, `customer_id=${created.id}`);
  assert.equal(r.status, 404);
  // Changes are not possible here at all.
  for (const m of ['POST', 'DELETE', 'PATCH']) {
    const x = await admin.req(m, `/api/v1/accounts/${acc}/audit`, {});
    assert.equal(x.status, 405, m);
  }
});

test('CSV: the same events, one per line, spreadsheet-safe', async () => {
  const q = `customer_id=${created.id}`;
  const json = (await log(admin, q)).json.events;
  const res = await fetch(`${srv.url}/api/v1/accounts/${acc}/audit?${q}&format=csv`, { headers: { cookie: admin.cookieHeader() } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  assert.match(res.headers.get('content-disposition'), /attachment; filename="audit-\d{4}-\d\d-\d\d\.csv"/);
  const text = await res.text();
  const lines = text.split('\r\n').filter(Boolean);
  assert.equal(lines[0], 'at,customer_id,customer,category,event_type,detail,result,origin,actor,ip');
  assert.equal(lines.length - 1, json.length);
  assert.ok(lines[1].startsWith(json[0].at + ',' + created.id + ','));
  // The company looks like a formula: quoted and defused, never executed.
  assert.ok(lines[1].includes(`"'=HYPERLINK(""http://evil.example"",""Audit, Test & Co"")"`), lines[1]);
  const v = await fetch(`${srv.url}/api/v1/accounts/${acc}/audit?format=csv`, { headers: { cookie: viewer.cookieHeader() } });
  assert.equal(v.status, 200);
});

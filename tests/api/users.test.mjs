// GET .../users (SPEC §9, §12): the people of an account, their roles and
// the customers a limited role covers, for roles over the whole account.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers } from '../lib/server.mjs';

let srv, admin, viewer, tech, harbor, acc, hacc;

before(async () => {
  srv = await startServer();
  [admin, viewer, tech, harbor] = [0, 1, 2, 3].map(() => new Client(srv.url));
  await admin.signIn(demoUsers.admin);
  await viewer.signIn(demoUsers.viewer);
  await tech.signIn(demoUsers.tech);
  await harbor.signIn(demoUsers.harbor);
  acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  hacc = (await harbor.req('GET', '/api/v1/accounts')).json.accounts[0].id;
});
after(async () => { await srv.stop(); });

test('admins and viewers see every user of the account with role, coverage and last sign-in', async () => {
  const r = await admin.req('GET', `/api/v1/accounts/${acc}/users`);
  assert.equal(r.status, 200, r.text);
  const users = r.json.users;
  assert.deepEqual(users.map((u) => u.email), ['admin@northwind.example', 'j.okafor@northwind.example',
    'tanaka@northwind.example', 'tech@northwind.example', 'viewer@northwind.example']);
  assert.equal(r.json.next_cursor, null);
  const by = Object.fromEntries(users.map((u) => [u.email, u]));
  assert.equal(by['admin@northwind.example'].name, 'Alex Morgan');
  assert.equal(by['admin@northwind.example'].role, 'admin');
  assert.equal(by['admin@northwind.example'].customer_ids, null);
  assert.equal(by['viewer@northwind.example'].role, 'viewer');
  for (const u of users.filter((x) => x.email !== 'j.okafor@northwind.example')) {
    assert.equal(u.status, 'active');
    assert.equal(u.expires_at, null);
  }
  // Invited yesterday by Alex, not joined yet: listed with the link's expiry.
  const invited = by['j.okafor@northwind.example'];
  assert.equal(invited.status, 'invited');
  assert.equal(invited.role, 'viewer');
  assert.equal(invited.last_sign_in_at, null);
  assert.ok(Date.parse(invited.expires_at) > Date.now() && Date.parse(invited.expires_at) < Date.now() + 86400000 + 120000);
  // The technician covers two customers, named in the customers list.
  const customers = (await admin.req('GET', `/api/v1/accounts/${acc}/customers?limit=100`)).json.customers;
  const names = by['tech@northwind.example'].customer_ids.map((id) => customers.find((c) => c.id === id).company).sort();
  assert.equal(names.length, 2);
  assert.match(names[0], /Kookaburra/);
  assert.match(names[1], /さくら精機/);
  // Everyone signed in above, so each has a recent last sign-in.
  const now = Date.now();
  for (const e of ['admin@northwind.example', 'viewer@northwind.example', 'tech@northwind.example']) {
    assert.ok(Math.abs(Date.parse(by[e].last_sign_in_at) - now) < 120000, e);
  }
  assert.ok(Date.parse(by['tanaka@northwind.example'].last_sign_in_at) < now - 86400000, 'demo sign-in days ago');
  const v = await viewer.req('GET', `/api/v1/accounts/${acc}/users`);
  assert.equal(v.status, 200);
  assert.deepEqual(v.json.users.map((u) => u.id), users.map((u) => u.id));
});

test('signing in moves last_sign_in_at', async () => {
  const before = (await admin.req('GET', `/api/v1/accounts/${acc}/users`)).json.users
    .find((u) => u.email === 'tanaka@northwind.example').last_sign_in_at;
  const tanaka = new Client(srv.url);
  await tanaka.signIn(demoUsers.tanaka);
  const after = (await admin.req('GET', `/api/v1/accounts/${acc}/users`)).json.users
    .find((u) => u.email === 'tanaka@northwind.example').last_sign_in_at;
  assert.ok(Date.parse(after) > Date.parse(before), `${before} -> ${after}`);
  // A failed sign-in is not a sign-in.
  const bad = await new Client(srv.url).req('POST', '/api/v1/session', { email: demoUsers.tanaka.email, password: 'wrong password!' });
  assert.equal(bad.status, 401);
  const still = (await admin.req('GET', `/api/v1/accounts/${acc}/users`)).json.users
    .find((u) => u.email === 'tanaka@northwind.example').last_sign_in_at;
  assert.equal(still, after);
});

test('pages by e-mail; a bad cursor or limit names the field', async () => {
  const p1 = await admin.req('GET', `/api/v1/accounts/${acc}/users?limit=3`);
  assert.equal(p1.json.users.length, 3);
  assert.ok(p1.json.next_cursor);
  const p2 = await admin.req('GET', `/api/v1/accounts/${acc}/users?limit=3&cursor=${encodeURIComponent(p1.json.next_cursor)}`);
  assert.deepEqual(p2.json.users.map((u) => u.email), ['tech@northwind.example', 'viewer@northwind.example']);
  assert.equal(p2.json.next_cursor, null);
  let r = await admin.req('GET', `/api/v1/accounts/${acc}/users?cursor=nonsense`);
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.cursor);
  r = await admin.req('GET', `/api/v1/accounts/${acc}/users?limit=0`);
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.limit);
});

test('a role limited to chosen customers, another tenant and strangers see no list', async () => {
  let r = await tech.req('GET', `/api/v1/accounts/${acc}/users`);
  assert.equal(r.status, 403);
  r = await harbor.req('GET', `/api/v1/accounts/${acc}/users`);
  assert.equal(r.status, 404);
  assert.doesNotMatch(r.text, /northwind/i);
  r = await harbor.req('GET', `/api/v1/accounts/${hacc}/users`);
  assert.deepEqual(r.json.users.map((u) => u.email), ['admin@blueharbor.example']);
  r = await new Client(srv.url).req('GET', `/api/v1/accounts/${acc}/users`);
  assert.equal(r.status, 401);
});

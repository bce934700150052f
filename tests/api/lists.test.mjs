// Every list endpoint pages the same way: {"<things>": [...], "next_cursor"},
// ?limit= within bounds and ?cursor= from the page before, the same errors
// for a bad limit or cursor, and paging through a list a row at a time
// gives every row once, in the order of the whole list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ApiClient, demoUsers } from '../lib/server.mjs';

let srv, admin, operator, acc, sakura, gtest, lists;

before(async () => {
  srv = await startServer();
  admin = new Client(srv.url);
  operator = new Client(srv.url);
  await admin.signIn(demoUsers.admin);
  await operator.signIn({ email: 'operator@steward.example', password: 'steward-demo-operator' });
  acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  const cs = (await admin.req('GET', `/api/v1/accounts/${acc}/customers`)).json.customers;
  sakura = cs.find((c) => c.company === '株式会社さくら精機').id;
  gtest = (await admin.req('GET', `/api/v1/accounts/${acc}/policies`)).json.policies
    .find((p) => p.name === 'Global Test Policy').id;
  // The daily job records the demo's subscription events soon after start.
  for (const t0 = Date.now(); ;) {
    const ev = await admin.req('GET', `/api/v1/accounts/${acc}/subscription-events`);
    if (ev.json.events.length >= 2) break;
    if (Date.now() - t0 > 20000) throw new Error('no subscription events from the daily job');
    await new Promise((r) => setTimeout(r, 200));
  }
  await ApiClient.create(admin, acc, { name: 'PSA' });
  await ApiClient.create(admin, acc, { name: 'RMM', role: 'viewer' });
  const a = `/api/v1/accounts/${acc}`;
  // [who, path, key of the list, what identifies an item, page size]
  lists = [
    [admin, '/api/v1/accounts', 'accounts', (x) => x.id, 1],
    [admin, '/api/v1/countries', 'countries', (x) => x.code, 100],
    [admin, '/api/v1/services', 'services', (x) => x.key, 1],
    [admin, `${a}/customers`, 'customers', (x) => x.id, 1],
    [admin, `${a}/customers?q=a`, 'customers', (x) => x.id, 1],
    [admin, `${a}/customers?sort=-created`, 'customers', (x) => x.id, 1],
    [admin, `${a}/customers?sort=country`, 'customers', (x) => x.id, 1],
    [admin, `${a}/customers?sort=-name`, 'customers', (x) => x.id, 1],
    [admin, `${a}/oms/records`, 'records', (x) => x.id, 1],
    [admin, `${a}/oms/records?find=ex`, 'records', (x) => x.id, 1],
    [admin, `${a}/policies`, 'policies', (x) => x.id, 1],
    [admin, `${a}/policies?scope=local`, 'policies', (x) => x.id, 1],
    [admin, `${a}/customers/${sakura}/policies`, 'policies', (x) => x.id, 1],
    [admin, `${a}/policies/${gtest}/assignments`, 'assignments', (x) => x.customer_id, 1],
    [admin, `${a}/customers/${sakura}/subscriptions`, 'subscriptions', (x) => x.service.key, 1],
    [admin, `${a}/subscriptions`, 'subscriptions', (x) => `${x.customer_id}/${x.service.key}`, 1],
    [admin, `${a}/subscriptions?state=trial`, 'subscriptions', (x) => `${x.customer_id}/${x.service.key}`, 1],
    [admin, `${a}/subscription-events`, 'events', (x) => x.id, 1],
    [admin, `${a}/api-clients`, 'api_clients', (x) => x.id, 1],
    [admin, `${a}/users`, 'users', (x) => x.id, 1],
    [admin, `${a}/audit?from=2000-01-01`, 'events', (x) => x.id, 1],
    [operator, '/api/v1/operator/discount-applications', 'applications', (x) => x.id, 1],
    [operator, '/api/v1/operator/segment-rates', 'rates', (x) => x.segment, 1],
    [operator, '/api/v1/operator/partners', 'partners', (x) => x.id, 1],
    [operator, '/api/v1/operator/outbox', 'messages', (x) => x.id, 1],
    [operator, '/api/v1/operator/services/ultimate_business/prices', 'prices', (x) => x.effective_on, 1],
  ];
});
after(async () => { await srv.stop(); });

const join = (path, q) => path + (path.includes('?') ? '&' : '?') + q;

test('every list answers its items and next_cursor, and pages a row at a time without gaps or repeats', async () => {
  for (const [who, path, key, id, size] of lists) {
    const whole = await who.req('GET', join(path, 'limit=500'));
    assert.equal(whole.status, 200, `${path}: ${whole.text}`);
    assert.ok(Array.isArray(whole.json[key]), `${path}: no ${key}`);
    assert.equal(whole.json.next_cursor, null, `${path}: one page holds it all`);
    const all = whole.json[key].map(id);
    assert.ok(all.length >= 2, `${path}: the demo should list at least two (${all.length})`);
    const paged = [];
    let cursor = null, pages = 0;
    do {
      const r = await who.req('GET', join(path, `limit=${size}` + (cursor ? `&cursor=${cursor}` : '')));
      assert.equal(r.status, 200, `${path}: ${r.text}`);
      assert.ok(r.json[key].length <= size);
      paged.push(...r.json[key].map(id));
      cursor = r.json.next_cursor;
      pages += 1;
      assert.ok(pages <= all.length + 1, `${path}: endless`);
    } while (cursor !== null);
    assert.deepEqual(paged, all, `${path}: paging changed the list`);
  }
});

test('a bad limit or cursor is a field error, the same on every list', async () => {
  for (const [who, path] of lists) {
    for (const q of ['limit=0', 'limit=-3', 'limit=abc', 'limit=501', 'limit=%zz']) {
      const r = await who.req('GET', join(path, q));
      assert.equal(r.status, 422, `${path}?${q}: ${r.status}`);
      assert.ok(r.json.error.fields.limit, `${path}?${q}: ${r.text}`);
    }
    for (const q of ['cursor=not-a-cursor', 'cursor=' + 'A'.repeat(1100), 'cursor=%00', 'cursor=AQ', 'cursor=%zz']) {
      const r = await who.req('GET', join(path, q));
      assert.equal(r.status, 422, `${path}?${q}: ${r.status} ${r.text}`);
      assert.ok(r.json.error.fields.cursor, `${path}?${q}: ${r.text}`);
    }
  }
});

test('a cursor of one list is refused by another of a different shape', async () => {
  const page = await admin.req('GET', `/api/v1/accounts/${acc}/policies?scope=local&limit=1`);
  assert.ok(page.json.next_cursor);
  const r = await admin.req('GET', `/api/v1/accounts/${acc}/customers?cursor=${page.json.next_cursor}`);
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.cursor);
});

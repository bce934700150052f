// Creating customers (SPEC §3): validation, the OMS rules, management
// choices, discounts, concurrency, idempotency, isolation and viewers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers, rawExchange } from '../lib/server.mjs';
import { customerBody } from '../lib/customers.mjs';

let srv, admin, viewer, harbor, acc, hacc, gtest, gserver;

before(async () => {
  srv = await startServer();
  admin = new Client(srv.url);
  viewer = new Client(srv.url);
  harbor = new Client(srv.url);
  await admin.signIn(demoUsers.admin);
  await viewer.signIn(demoUsers.viewer);
  await harbor.signIn(demoUsers.harbor);
  acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  hacc = (await harbor.req('GET', '/api/v1/accounts')).json.accounts[0].id;
  const pols = (await admin.req('GET', `/api/v1/accounts/${acc}/policies`)).json.policies;
  gtest = pols.find((p) => p.name === 'Global Test Policy');
  gserver = pols.find((p) => p.name === 'Standard Servers');
});
after(async () => { await srv.stop(); });

let seq = 0;
function newCustomer(over = {}) {
  seq += 1;
  return customerBody(`Analytical Engines ${seq} Ltd`, `customer${seq}`,
    { email: `it${seq}@customer${seq}.example`, postal_code: 'nw1 5ln', ...over });
}

const url = (p) => `/api/v1/accounts/${acc}${p}`;

async function emailCheck(client, email, account = acc) {
  return client.req('GET', `/api/v1/accounts/${account}/oms/email-check?email=${encodeURIComponent(email)}`);
}

async function customerCount(client = admin) {
  return (await client.req('GET', url('/customers?limit=1'))).json.total;
}

test('a new customer is created with normalised details and appears everywhere', async () => {
  const body = newCustomer({ website: 'Example-Shop.CO.UK/Store?x=1', phone: '020 7946 0958' });
  const r = await admin.req('POST', url('/customers'), body);
  assert.equal(r.status, 201, r.text);
  const c = r.json.customer;
  assert.match(c.id, /^cus_[a-z2-9]{16}$/);
  assert.equal(r.headers.get('location'), url(`/customers/${c.id}`));
  assert.equal(c.phone, '+442079460958');	// local number read in GB
  assert.equal(c.website, 'https://example-shop.co.uk/Store?x=1');
  assert.equal(c.postal_code, 'NW1 5LN');
  assert.equal(c.country, 'GB');
  assert.equal(c.country_name, 'United Kingdom');
  assert.deepEqual(c.management, { mode: 'local' });
  assert.equal(c.segment_discount, null);
  assert.deepEqual(c.policies.map((p) => [p.name, p.platform, p.scope, p.default]),
    [['Default', 'workstation', 'local', true]]);
  // The OMS now has the record, linked to the hub customer.
  const chk = await emailCheck(admin, body.email.toUpperCase());
  assert.equal(chk.json.status, 'own_record');
  assert.equal(chk.json.record.hub_created, true);
  assert.equal(chk.json.record.customer_id, c.id);
  assert.equal(chk.json.record.first_name, 'Ada');
  assert.equal(chk.json.record.last_name, 'Lovelace');
  // In the list and readable by id.
  const list = await admin.req('GET', url(`/customers?q=${encodeURIComponent(body.company)}`));
  assert.deepEqual(list.json.customers.map((x) => x.id), [c.id]);
  const got = await admin.req('GET', url(`/customers/${c.id}`));
  assert.deepEqual(got.json.customer, c);
});

test('the three e-mail check outcomes, revealing nothing of other partners', async () => {
  const free = await emailCheck(admin, 'nobody-yet@fresh.example');
  assert.deepEqual(free.json, { status: 'free', record: null });
  const own = await emailCheck(admin, 'Nika.Vuk@TestCustomer.example');
  assert.equal(own.json.status, 'own_record');
  assert.equal(own.json.record.company, 'Test Customer');
  assert.equal(own.json.record.hub_created, false);
  assert.equal(own.json.record.customer_id, null);
  assert.equal(own.json.record.eligible, true);
  const consumer = await emailCheck(admin, 'jan.novak@mail.example');
  assert.equal(consumer.json.status, 'own_record');
  assert.equal(consumer.json.record.eligible, false);
  const hub = await emailCheck(admin, 's1@bossstg.example');
  assert.equal(hub.json.record.hub_created, true);
  assert.match(hub.json.record.customer_id, /^cus_/);
  const other = await emailCheck(admin, 'it@harbor-fisheries.example');
  assert.deepEqual(other.json, { status: 'unavailable', record: null });
  // Viewers may check; strangers cannot use another partner's account.
  assert.equal((await emailCheck(viewer, 'x@y.example')).status, 200);
  assert.equal((await emailCheck(harbor, 'x@y.example')).status, 404);
  const bad = await emailCheck(admin, 'not an address');
  assert.equal(bad.status, 422);
  assert.ok(bad.json.error.fields.email);
});

test('OMS search lists only eligible records, any case, any script', async () => {
  const all = await admin.req('GET', url('/oms/records'));
  assert.equal(all.status, 200);
  const emails = all.json.records.map((r) => r.email);
  assert.equal(all.json.total, all.json.records.length);
  assert.ok(emails.includes('nika.vuk@testcustomer.example'));
  assert.ok(!emails.includes('jan.novak@mail.example'), 'consumer record listed');
  assert.ok(!emails.includes('billing@halfdone.example'), 'incomplete record listed');
  assert.ok(!emails.includes('it@harbor-fisheries.example'), 'other partner listed');
  for (const r of all.json.records.filter((x) => x.phone)) {
    assert.match(r.phone, /^\+\d+$/, r.email);
    assert.match(r.phone_display, /^\+\d+[ -]\d/, r.email);	// grouped for its region
    assert.equal(r.phone_display.replace(/[ -]/g, ''), r.phone);
  }
  const companies = all.json.records.map((r) => r.company);
  assert.deepEqual(companies, [...companies].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

  const find = async (q) => (await admin.req('GET', url(`/oms/records?find=${encodeURIComponent(q)}`))).json;
  for (const q of ['test cust', 'TESTCUSTOMER.EX', 'nika', 'VUK', 'ＴＥＳＴ']) {
    const r = await find(q);
    assert.ok(r.records.some((x) => x.company === 'Test Customer'), `find ${q}`);
  }
  assert.deepEqual((await find('さくら')).records.map((r) => r.company), ['株式会社さくら精機']);
  assert.deepEqual((await find('精機')).records.map((r) => r.company), ['株式会社さくら精機']);
  assert.deepEqual((await find('佐藤')).records.map((r) => r.last_name), ['佐藤']);
  assert.equal((await find('%')).total, 0);	// LIKE characters are literal
  assert.equal((await find('_')).total, 0);
  assert.equal((await find('fisheries')).total, 0);	// Blue Harbor's
  // A page at a time: the next page starts after the last record shown.
  const first = await admin.req('GET', url('/oms/records?limit=2'));
  assert.equal(first.json.records.length, 2);
  assert.ok(first.json.next_cursor);
  const page = await admin.req('GET', url(`/oms/records?limit=2&cursor=${first.json.next_cursor}`));
  assert.equal(page.json.records.length, 2);
  assert.equal(page.json.records[0].id, all.json.records[2].id);
  assert.equal(page.json.total, all.json.total);
  const bad = await admin.req('GET', url('/oms/records?cursor=not-a-cursor'));
  assert.equal(bad.status, 422);
  assert.ok(bad.json.error.fields.cursor);
  assert.equal((await admin.req('GET', url('/oms/records?find=a%07b'))).status, 422);
  assert.equal((await admin.req('GET', url('/oms/records?limit=0'))).status, 422);
  assert.equal((await harbor.req('GET', url('/oms/records'))).status, 404);
  assert.equal((await viewer.req('GET', url('/oms/records'))).status, 200);
});

test('every field is validated, with one message per field, and nothing is stored', async () => {
  const before = await customerCount();
  const r = await admin.req('POST', url('/customers'), {
    source: 'new', email: 'a@b', contact_person: '   ', phone: '12', company: 'x'.repeat(201),
    industry: 'mining', website: 'ftp://files.example', street: '', postal_code: '12345',
    city: 'Tokyo', country: 'JP', segment_discount: 'charity', management: { mode: 'local' },
  });
  assert.equal(r.status, 422);
  assert.equal(r.json.error.code, 'validation_failed');
  const f = r.json.error.fields;
  for (const k of ['email', 'contact_person', 'phone', 'company', 'industry', 'website', 'street',
    'postal_code', 'segment_discount', 'management.template']) assert.ok(f[k], `no message for ${k}: ${r.text}`);
  assert.match(f.postal_code, /100-0005/);	// Japan's format, by example
  assert.equal(f.city, undefined);
  const missing = await admin.req('POST', url('/customers'), { source: 'new', management: { mode: 'global', global_policy_ids: [] } });
  assert.equal(missing.status, 422);
  for (const k of ['email', 'contact_person', 'phone', 'company', 'industry', 'website', 'street', 'postal_code', 'city', 'country',
    'management.global_policy_ids']) assert.ok(missing.json.error.fields[k], k);
  assert.equal(await customerCount(), before);
});

test('postal codes, phones and websites by country', async () => {
  const cases = [
    [{ country: 'JP', postal_code: '１０００００５', phone: '03-1234-5678' }, { postal_code: '100-0005', phone: '+81312345678' }],
    [{ country: 'US', postal_code: '94103-1234', phone: '(415) 555-0142' }, { postal_code: '94103-1234', phone: '+14155550142' }],
    [{ country: 'CA', postal_code: 'k1a0b1', phone: '+1 613 555 0188' }, { postal_code: 'K1A 0B1' }],
    [{ country: 'NL', postal_code: '1012ab', phone: '+31 20 555 0123' }, { postal_code: '1012 AB' }],
    [{ country: 'DE', postal_code: '10117', phone: '030 1234567', website: 'https://münchen.example/x' },
      { phone: '+49301234567', phone_display: '+49 30 1234567', website: 'https://münchen.example/x' }],
    // Shown grouped as the number's own country writes it (libphonenumber).
    [{ country: 'DE', postal_code: '80331', phone: '089 1234567' }, { phone: '+49891234567', phone_display: '+49 89 1234567' }],
    [{ country: 'JP', postal_code: '1000005', phone: '0312345678' }, { phone: '+81312345678', phone_display: '+81 3-1234-5678' }],
    [{ country: 'GB', phone: '+442079460958' }, { phone_display: '+44 20 7946 0958' }],
  ];
  for (const [input, expect] of cases) {
    const r = await admin.req('POST', url('/customers'), newCustomer(input));
    assert.equal(r.status, 201, `${JSON.stringify(input)} -> ${r.text}`);
    for (const [k, v] of Object.entries(expect)) assert.equal(r.json.customer[k], v, k);
    if (expect.phone_display) {
      const got = await admin.req('GET', url(`/customers/${r.json.customer.id}`));
      assert.equal(got.json.customer.phone_display, expect.phone_display);
      const list = await admin.req('GET', url(`/customers?q=${encodeURIComponent(r.json.customer.company)}`));
      assert.equal(list.json.customers.find((c) => c.id === r.json.customer.id).phone_display, expect.phone_display);
    }
  }
  const bad = [
    [{ country: 'US', postal_code: '9410' }, 'postal_code'],
    [{ country: 'GB', postal_code: '12345' }, 'postal_code'],
    [{ country: 'ES', postal_code: '99999' }, 'postal_code'],
    [{ country: 'FR', phone: '12345' }, 'phone'],
    [{ country: 'ZZ' }, 'country'],
    [{ website: 'localhost' }, 'website'],
    [{ website: 'http://user:pass@evil.example' }, 'website'],
    [{ website: 'javascript:alert(1)' }, 'website'],
    [{ website: 'http://192.168.0.1' }, 'website'],
    [{ email: 'a..b@example.com' }, 'email'],
  ];
  for (const [input, field] of bad) {
    const r = await admin.req('POST', url('/customers'), newCustomer(input));
    assert.equal(r.status, 422, JSON.stringify(input));
    assert.ok(r.json.error.fields[field], `${JSON.stringify(input)} -> ${r.text}`);
  }
  // An internationalised e-mail domain is fine.
  const idn = await admin.req('POST', url('/customers'), newCustomer({ email: 'info@例え.jp' }));
  assert.equal(idn.status, 201, idn.text);
  assert.equal(idn.json.customer.email, 'info@例え.jp');
});

test('hostile input is stored verbatim or refused clearly, never half-written', async () => {
  const hostile = `<script>alert("x")</script> O'Reilly & Sons; DROP TABLE customers;--`;
  const r = await admin.req('POST', url('/customers'), newCustomer({ company: hostile, street: "1 'Quote' <b>St</b>" }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.customer.company, hostile);
  assert.doesNotMatch(r.text, /<script>/);	// escaped in JSON
  const before = await customerCount();
  for (const [body, status, field] of [
    [newCustomer({ company: 'Bell\u0007Co' }), 422, 'company'],
    [newCustomer({ city: 'Line\nBreak' }), 422, 'city'],
    // A bidirectional override makes a name display as another.
    [newCustomer({ contact_person: 'a\u202e' }), 422, 'contact_person'],
    [newCustomer({ phone: 12345 }), 422, 'phone'],
    [newCustomer({ management: 'local' }), 422, 'management'],
    [newCustomer({ management: { mode: 'global', global_policy_ids: 'x' } }), 422, 'management.global_policy_ids'],
    [newCustomer({ management: { mode: 'global', global_policy_ids: [7] } }), 422, 'management.global_policy_ids[0]'],
    [newCustomer({ extra: 1 }), 422, 'extra'],
    [newCustomer({ management: { mode: 'local', template: 'workstation', colour: 'red' } }), 422, 'management.colour'],
  ]) {
    const res = await admin.req('POST', url('/customers'), body);
    assert.equal(res.status, status, `${JSON.stringify(body).slice(0, 80)} -> ${res.text}`);
    if (field) assert.ok(res.json.error.fields[field], res.text);
  }
  assert.equal(await customerCount(), before);
  // Invalid UTF-8 and malformed JSON: 400 and nothing stored.
  const raw = Buffer.concat([Buffer.from('{"source":"new","company":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
  const bad = await fetch(srv.url + url('/customers'), {
    method: 'POST', body: raw,
    headers: { 'content-type': 'application/json', cookie: admin.cookieHeader(), 'x-csrf-token': admin.csrf },
  });
  assert.equal(bad.status, 400);
  assert.equal((await admin.req('POST', url('/customers'), '{"source": "new",', { raw: true })).status, 400);
  assert.equal(await customerCount(), before);
});

test('an oversized create is refused with 413 before it is read', async () => {
  const line = (await rawExchange(srv.port, `POST ${url('/customers')} HTTP/1.1\r\nHost: x\r\n` +
    `Content-Type: application/json\r\nCookie: ${admin.cookieHeader()}\r\nX-CSRF-Token: ${admin.csrf}\r\n` +
    'Content-Length: 5000000\r\n\r\n')).split('\r\n')[0];
  assert.match(line, / 413 /);
});

test('an e-mail already in the OMS is a conflict', async () => {
  const own = await admin.req('POST', url('/customers'), newCustomer({ email: 'NIKA.VUK@testcustomer.example' }));
  assert.equal(own.status, 409);
  assert.equal(own.json.error.code, 'oms_record_exists');
  assert.ok(own.json.error.fields.email);
  const other = await admin.req('POST', url('/customers'), newCustomer({ email: 'it@harbor-fisheries.example' }));
  assert.equal(other.status, 409);
  assert.equal(other.json.error.code, 'email_unavailable');
  assert.doesNotMatch(other.text, /Harbor|Fisheries|MacLeod/i);
});

test('creating from an OMS record: eligible records only, one hub customer each', async () => {
  const rec = (await emailCheck(admin, 'office@meadowbrook-dental.example')).json.record;
  const r = await admin.req('POST', url('/customers'), {
    source: 'oms', oms_record_id: rec.id, management: { mode: 'global', global_policy_ids: [gserver.id, gtest.id] },
  });
  assert.equal(r.status, 201, r.text);
  const c = r.json.customer;
  assert.equal(c.company, 'Meadowbrook Dental Clinic');
  assert.equal(c.contact_person, 'Grace Okafor');
  assert.equal(c.oms_record_id, rec.id);
  assert.deepEqual(c.policies.map((p) => [p.name, p.scope, p.default]).sort(),
    [['Global Test Policy', 'global', true], ['Standard Servers', 'global', true]]);
  const again = await admin.req('POST', url('/customers'), { source: 'oms', oms_record_id: rec.id, management: { mode: 'local', template: 'server' } });
  assert.equal(again.status, 409);
  assert.equal(again.json.error.code, 'hub_customer_exists');
  // The record now says so in search.
  const found = (await admin.req('GET', url('/oms/records?find=meadowbrook'))).json.records[0];
  assert.equal(found.hub_created, true);
  assert.equal(found.customer_id, c.id);
  // Consumer and incomplete records cannot become hub customers.
  for (const email of ['jan.novak@mail.example', 'billing@halfdone.example']) {
    const id = (await emailCheck(admin, email)).json.record.id;
    const x = await admin.req('POST', url('/customers'), { source: 'oms', oms_record_id: id, management: { mode: 'local', template: 'server' } });
    assert.equal(x.status, 422, email);
    assert.ok(x.json.error.fields.oms_record_id);
  }
  // Another partner's record does not exist for us.
  const theirs = await harbor.req('GET', `/api/v1/accounts/${hacc}/oms/records?find=harbor`);
  const tid = theirs.json.records[0]?.id ?? 'oms_2222222222222222';
  const y = await admin.req('POST', url('/customers'), { source: 'oms', oms_record_id: tid, management: { mode: 'local', template: 'server' } });
  assert.equal(y.status, 404);
  const z = await admin.req('POST', url('/customers'), { source: 'oms', oms_record_id: 'oms_2222222222222222', management: { mode: 'local', template: 'server' } });
  assert.deepEqual(y.json, z.json);
  // Details belong to the record: they are not accepted alongside it.
  const mixed = await admin.req('POST', url('/customers'), { source: 'oms', oms_record_id: rec.id, company: 'X', management: { mode: 'local', template: 'server' } });
  assert.equal(mixed.status, 422);
  assert.ok(mixed.json.error.fields.company);
});

test('management: global assignment, template, and an independent copy', async () => {
  // Global: the first listed per platform is the default.
  const g = await admin.req('POST', url('/customers'), newCustomer({
    management: { mode: 'global', global_policy_ids: [gtest.id, gtest.id, gserver.id] } }));
  assert.equal(g.status, 201, g.text);
  assert.deepEqual(g.json.customer.management, { mode: 'global' });
  assert.equal(g.json.customer.policies.length, 2);
  const pols = (await admin.req('GET', url('/policies'))).json.policies;
  assert.ok(pols.find((p) => p.id === gtest.id).assigned_customers > gtest.assigned_customers);
  // Unknown ids, other partners' policies and local policies are refused.
  const hpol = (await harbor.req('GET', `/api/v1/accounts/${hacc}/policies?scope=local`)).json.policies[0];
  const boss = (await admin.req('GET', url('/customers?q=BOSS'))).json.customers[0];
  const bossLocal = (await admin.req('GET', url(`/customers/${boss.id}/policies`))).json.policies;
  const localTest = bossLocal.find((p) => p.name === 'Local Test Policy');
  for (const id of ['pol_2222222222222222', hpol.id, localTest.id]) {
    const r = await admin.req('POST', url('/customers'), newCustomer({ management: { mode: 'global', global_policy_ids: [gtest.id, id] } }));
    assert.equal(r.status, 422, id);
    assert.ok(r.json.error.fields['management.global_policy_ids[1]'], r.text);
  }
  // Template: a local "Default" from the Server template.
  const t = await admin.req('POST', url('/customers'), newCustomer({ management: { mode: 'local', template: 'server' } }));
  assert.deepEqual(t.json.customer.policies.map((p) => [p.name, p.platform, p.scope, p.default]), [['Default', 'server', 'local', true]]);
  // Copy: the source customer's policy, as a new independent policy.
  const cp = await admin.req('POST', url('/customers'), newCustomer({
    management: { mode: 'local', copy_from: { customer_id: boss.id, policy_id: localTest.id } } }));
  assert.equal(cp.status, 201, cp.text);
  const copy = cp.json.customer.policies[0];
  assert.equal(copy.name, 'Local Test Policy');
  assert.notEqual(copy.id, localTest.id);
  assert.equal(copy.scope, 'local');
  const bossAfter = (await admin.req('GET', url(`/customers/${boss.id}/policies`))).json.policies;
  assert.deepEqual(bossAfter.map((p) => p.id).sort(), bossLocal.map((p) => p.id).sort());
  const locals = (await admin.req('GET', url('/policies?scope=local'))).json.policies;
  assert.ok(locals.some((p) => p.id === copy.id && p.customer_id === cp.json.customer.id));
  // Copying needs the policy of that customer, of this partner.
  for (const from of [{ customer_id: boss.id, policy_id: copy.id }, { customer_id: boss.id, policy_id: hpol.id },
    { customer_id: boss.id }]) {
    const r = await admin.req('POST', url('/customers'), newCustomer({ management: { mode: 'local', copy_from: from } }));
    assert.equal(r.status, 422, JSON.stringify(from));
  }
  const both = await admin.req('POST', url('/customers'), newCustomer({
    management: { mode: 'local', template: 'server', copy_from: { customer_id: boss.id, policy_id: localTest.id } } }));
  assert.equal(both.status, 422);
});

function businessDaysAfter(date, n) {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  while (n > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) n -= 1;
  }
  return d.toISOString().slice(0, 10);
}

test('a segment discount application is filed with its due date', async () => {
  const r = await admin.req('POST', url('/customers'), newCustomer({ segment_discount: 'government' }));
  assert.equal(r.status, 201, r.text);
  const d = r.json.customer.segment_discount;
  assert.equal(d.segment, 'government');
  assert.equal(d.status, 'pending');
  const applied = new Date(d.applied_at);
  assert.equal(d.due_on, businessDaysAfter(applied, 5));
  const due = new Date(d.due_on + 'T00:00:00Z');
  assert.ok(due.getUTCDay() >= 1 && due.getUTCDay() <= 5, 'due on a weekday');
  // Whole days from the day it was filed (on a weekend that day is not
  // itself a business day, so the hours of the day do not count).
  const filedOn = Date.UTC(applied.getUTCFullYear(), applied.getUTCMonth(), applied.getUTCDate());
  assert.ok((due - filedOn) / 86400000 >= 5, 'at least 5 days');
  assert.equal(d.decided_at, null);
});

test('8 concurrent creates with one e-mail give one customer', async () => {
  const body = newCustomer();
  const results = await Promise.all(Array.from({ length: 8 }, () => {
    const c = new Client(srv.url);
    c.cookies = new Map(admin.cookies);
    c.csrf = admin.csrf;
    return c.req('POST', url('/customers'), body);
  }));
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409, 409, 409], results.map((r) => r.text).join('\n'));
  const list = await admin.req('GET', url(`/customers?q=${encodeURIComponent(body.email)}`));
  assert.equal(list.json.total, 1);
});

test('an Idempotency-Key replays the first answer', async () => {
  const body = newCustomer();
  const key = `retry-${Date.now()}`;
  const a = await admin.req('POST', url('/customers'), body, { headers: { 'idempotency-key': key } });
  assert.equal(a.status, 201);
  const b = await admin.req('POST', url('/customers'), body, { headers: { 'idempotency-key': key } });
  assert.equal(b.status, 201);
  assert.equal(b.headers.get('idempotent-replayed'), 'true');
  assert.equal(b.json.customer.id, a.json.customer.id);
  assert.equal((await admin.req('GET', url(`/customers?q=${encodeURIComponent(body.email)}`))).json.total, 1);
  // The same key with another request is refused...
  const c = await admin.req('POST', url('/customers'), newCustomer(), { headers: { 'idempotency-key': key } });
  assert.equal(c.status, 422);
  assert.equal(c.json.error.code, 'idempotency_key_reused');
  // ...keys belong to one user...
  const tanaka = new Client(srv.url);
  await tanaka.signIn(demoUsers.tanaka);
  const t = await tanaka.req('POST', url('/customers'), newCustomer(), { headers: { 'idempotency-key': key } });
  assert.equal(t.status, 201);
  // ...and concurrent retries with one key create one customer.
  const body2 = newCustomer();
  const key2 = `race-${Date.now()}`;
  const many = await Promise.all(Array.from({ length: 4 }, () =>
    admin.req('POST', url('/customers'), body2, { headers: { 'idempotency-key': key2 } })));
  assert.deepEqual(many.map((r) => r.status), [201, 201, 201, 201], many.map((r) => r.text).join('\n'));
  assert.equal(new Set(many.map((r) => r.json.customer.id)).size, 1);
  // A malformed key is refused.
  const bad = await admin.req('POST', url('/customers'), newCustomer(), { headers: { 'idempotency-key': 'a b' } });
  assert.equal(bad.status, 400);
});

test('viewers cannot create or edit; other partners see nothing', async () => {
  const boss = (await admin.req('GET', url('/customers?q=BOSS'))).json.customers[0];
  const before = await customerCount();
  const v1 = await viewer.req('POST', url('/customers'), newCustomer());
  assert.equal(v1.status, 403);
  const v2 = await viewer.req('PATCH', url(`/customers/${boss.id}`), { city: 'Leeds' });
  assert.equal(v2.status, 403);
  assert.equal((await viewer.req('GET', url(`/customers/${boss.id}`))).status, 200);
  assert.equal((await viewer.req('POST', url('/policies'), { name: 'V', platform: 'server' })).status, 403);
  assert.equal(await customerCount(), before);
  // Blue Harbor: 404 for everything of Northwind's, and its list holds only its own.
  for (const [m, p, b] of [['GET', url('/customers')], ['GET', url(`/customers/${boss.id}`)],
    ['PATCH', url(`/customers/${boss.id}`), { city: 'X' }], ['POST', url('/customers'), newCustomer()],
    ['GET', url(`/customers/${boss.id}/policies`)], ['GET', url('/policies')],
    ['POST', url('/policies'), { name: 'Evil', platform: 'server' }]]) {
    const r = await harbor.req(m, p, b);
    assert.equal(r.status, 404, `${m} ${p}`);
  }
  const theirs = await harbor.req('GET', `/api/v1/accounts/${hacc}/customers`);
  // (The demo's Blue Harbor also onboarded four customers from a CSV file.)
  assert.deepEqual(theirs.json.customers.map((c) => c.company), ['Clydeside Joinery, Ltd', 'Harbor Fisheries Ltd',
    'Leith Walk Dental Practice', 'Orkney Heritage Trust', '港マリンサービス株式会社']);
  // Their customer id under our account is just not found.
  const hid = theirs.json.customers.find((c) => c.company === 'Harbor Fisheries Ltd').id;
  assert.equal((await admin.req('GET', url(`/customers/${hid}`))).status, 404);
  assert.equal((await admin.req('GET', `/api/v1/accounts/${hacc}/customers/${hid}`)).status, 404);
});

test('the customer list pages with a stable cursor and searches', async () => {
  const total = await customerCount();
  const seen = [];
  let cursor = null;
  do {
    const r = await admin.req('GET', url(`/customers?limit=3${cursor ? `&cursor=${cursor}` : ''}`));
    assert.equal(r.status, 200);
    assert.equal(r.json.total, total);
    seen.push(...r.json.customers.map((c) => c.id));
    cursor = r.json.next_cursor;
  } while (cursor);
  assert.equal(seen.length, total);
  assert.equal(new Set(seen).size, total);
  const jp = await admin.req('GET', url(`/customers?q=${encodeURIComponent('さくら')}`));
  assert.deepEqual(jp.json.customers.map((c) => c.company), ['株式会社さくら精機']);
  const byContact = await admin.req('GET', url('/customers?q=okafor'));
  assert.equal(byContact.json.customers[0]?.company, 'Meadowbrook Dental Clinic');
  assert.equal((await admin.req('GET', url('/customers?cursor=not-a-cursor'))).status, 422);
  assert.equal((await admin.req('GET', url('/customers?limit=501'))).status, 422);
  assert.equal((await admin.req('GET', url('/customers?limit=abc'))).status, 422);
});

test('editing details re-validates them and updates the OMS record', async () => {
  const created = (await admin.req('POST', url('/customers'), newCustomer())).json.customer;
  const r = await admin.req('PATCH', url(`/customers/${created.id}`), {
    company: 'Renamed Engines Ltd', contact_person: 'Charles Babbage', country: 'JP', postal_code: '1500001', phone: '03 1234 5678',
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.customer.company, 'Renamed Engines Ltd');
  assert.equal(r.json.customer.postal_code, '150-0001');
  assert.equal(r.json.customer.phone, '+81312345678');
  const rec = (await emailCheck(admin, created.email)).json.record;
  assert.equal(rec.company, 'Renamed Engines Ltd');
  assert.equal(rec.first_name, 'Charles');
  assert.equal(rec.last_name, 'Babbage');
  assert.equal(rec.country, 'JP');
  // The whole is re-validated: a country change needs a matching postcode.
  const bad = await admin.req('PATCH', url(`/customers/${created.id}`), { country: 'US' });
  assert.equal(bad.status, 422);
  assert.ok(bad.json.error.fields.postal_code);
  const email = await admin.req('PATCH', url(`/customers/${created.id}`), { email: 'new@x.example' });
  assert.equal(email.status, 422);
  assert.ok(email.json.error.fields.email);
  const still = (await admin.req('GET', url(`/customers/${created.id}`))).json.customer;
  assert.equal(still.country, 'JP');
  assert.equal((await admin.req('PATCH', url('/customers/cus_2222222222222222'), { city: 'X' })).status, 404);
});

test('messages follow the signed-in user\'s language', async () => {
  const tanaka = new Client(srv.url);
  await tanaka.signIn(demoUsers.tanaka);
  const r = await tanaka.req('POST', url('/customers'), newCustomer({ country: 'JP', postal_code: '1234' }));
  assert.equal(r.status, 422);
  assert.match(r.json.error.fields.postal_code, /郵便番号/);
  const countries = (await tanaka.req('GET', '/api/v1/countries')).json.countries;
  assert.equal(countries.find((c) => c.code === 'JP').name, '日本');
  assert.equal(countries.find((c) => c.code === 'DE').name, 'ドイツ');
  const en = (await admin.req('GET', '/api/v1/countries')).json.countries;
  assert.equal(en.find((c) => c.code === 'DE').name, 'Germany');
  assert.ok(en.length >= 249);
});

test('the customer list sorts by name, country or creation either way, and finds phone numbers as typed', async () => {
  const all = async (q) => (await admin.req('GET', url(`/customers?limit=500${q ? '&' + q : ''}`))).json.customers;
  const byName = await all('');
  assert.deepEqual((await all('sort=name')).map((c) => c.id), byName.map((c) => c.id));
  assert.deepEqual((await all('sort=-name')).map((c) => c.id), byName.map((c) => c.id).reverse());
  const byCountry = await all('sort=country');
  const codes = byCountry.map((c) => c.country);
  assert.deepEqual(codes, [...codes].sort());
  assert.ok(new Set(codes).size >= 3, 'the demo spans countries');
  const desc = (await all('sort=-country')).map((c) => c.country);
  assert.deepEqual(desc, [...codes].sort().reverse());
  const created = (await all('sort=created')).map((c) => c.created_at);
  assert.deepEqual(created, [...created].sort());
  const newest = await all('sort=-created');
  assert.deepEqual(newest.map((c) => c.created_at), [...created].reverse());
  assert.equal(newest.length, byName.length);
  let r = await admin.req('GET', url('/customers?sort=devices'));
  assert.equal(r.status, 422);
  assert.match(r.json.error.fields.sort, /name, -name, country/);
  // A cursor belongs to its order.
  const p1 = await admin.req('GET', url('/customers?sort=country&limit=1'));
  r = await admin.req('GET', url(`/customers?sort=created&limit=1&cursor=${encodeURIComponent(p1.json.next_cursor)}`));
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.cursor);

  // Phone numbers: international or national, with any grouping.
  const munich = byName.find((c) => c.phone === '+49891234567');
  assert.ok(munich, 'the demo has a Munich number');
  for (const q of ['089 1234567', '+49 89 123', '(089) 12 34', '1234567', '+49-89-1234567']) {
    const found = await all(`q=${encodeURIComponent(q)}`);
    assert.ok(found.some((c) => c.id === munich.id), q);
    assert.ok(found.every((c) => c.phone.includes('123') || c.phone.includes('89')), q);
  }
  // A contact person's name finds the customer too, and the total says how many.
  const contact = await admin.req('GET', url(`/customers?q=${encodeURIComponent(munich.contact_person.split(' ')[0])}`));
  assert.ok(contact.json.customers.some((c) => c.id === munich.id));
  assert.equal(contact.json.total, contact.json.customers.length);
  // A name with digits is still found by its name.
  const digits = await admin.req('POST', url('/customers'), newCustomer({ company: '1-800 Flowers Ltd' }));
  assert.equal(digits.status, 201, digits.text);
  assert.ok((await all('q=1-800')).some((c) => c.id === digits.json.customer.id));
  // Another partner's customer is never found by its number.
  const theirs = (await harbor.req('GET', `/api/v1/accounts/${hacc}/customers`)).json.customers[0];
  assert.ok(!(await all(`q=${encodeURIComponent(theirs.phone)}`)).some((c) => c.id === theirs.id));
});

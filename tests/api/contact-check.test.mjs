// POST /api/v1/contact-check: the console checks each contact field as it
// is left, with the same rules and messages the server applies on create.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers } from '../lib/server.mjs';

let srv, admin, tanaka, acc;

before(async () => {
  srv = await startServer();
  admin = new Client(srv.url);
  tanaka = new Client(srv.url);
  await admin.signIn(demoUsers.admin);
  await tanaka.signIn(demoUsers.tanaka);
  acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
});
after(async () => { await srv.stop(); });

const check = (client, body, opts) => client.req('POST', '/api/v1/contact-check', body, opts);

test('good fields come back normalised, a phone grouped for its region', async () => {
  const r = await check(admin, { phone: '089 1234567', country: 'DE', postal_code: '80331', website: 'Example.DE/shop', email: 'IT@Example.DE' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.errors, []);
  assert.equal(r.json.normalized.phone, '+49891234567');
  assert.equal(r.json.normalized.phone_display, '+49 89 1234567');
  assert.equal(r.json.normalized.postal_code, '80331');
  assert.match(r.json.normalized.website, /^https:\/\/example\.de\/shop$/i);
  // Only the fields sent are checked: a lone e-mail is fine without the rest.
  const lone = await check(admin, { email: 'someone@example.com' });
  assert.deepEqual(lone.json.errors, []);
  assert.deepEqual(Object.keys(lone.json.normalized), ['email']);
});

test('each bad field is named with the message creating a customer would give', async () => {
  const bad = { phone: '12345', country: 'FR', postal_code: '9410', website: 'javascript:alert(1)', email: 'a..b@example.com' };
  const r = await check(admin, bad);
  assert.equal(r.status, 200, r.text);
  const got = Object.fromEntries(r.json.errors.map((e) => [e.field, e.message]));
  assert.deepEqual(Object.keys(got).sort(), ['email', 'phone', 'postal_code', 'website']);
  for (const e of r.json.errors) assert.equal(e.code, 'invalid');
  const create = await admin.req('POST', `/api/v1/accounts/${acc}/customers`, {
    source: 'new', contact_person: 'A', company: 'Check Ltd', industry: 'it_telecom', street: '1 Rue', city: 'Paris',
    segment_discount: null, management: { mode: 'local', template: 'workstation' }, ...bad,
  });
  assert.equal(create.status, 422);
  for (const f of Object.keys(got)) assert.equal(got[f], create.json.error.fields[f], f);
  // The same number is fine where it is a real number: the country decides.
  const us = await check(admin, { postal_code: '94103', country: 'US', phone: '(415) 555-0142' });
  assert.deepEqual(us.json.errors, []);
  assert.equal(us.json.normalized.phone_display, '+1 415-555-0142');
  const usBad = await check(admin, { postal_code: '9410', country: 'US' });
  assert.deepEqual(usBad.json.errors.map((e) => e.field), ['postal_code']);
});

test('messages are in the user\'s language', async () => {
  const r = await check(tanaka, { phone: '12', country: 'JP' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.errors[0].field, 'phone');
  assert.match(r.json.errors[0].message, /[\u3040-\u30ff\u4e00-\u9fff]/);
});

test('a malformed request is an error, not a check result; signed-in callers with CSRF only', async () => {
  let r = await check(admin, { phone: 12345 });
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.phone);
  r = await check(admin, { fax: '+44 20 7946 0958' });
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.fax);
  r = await check(admin, { phone: 'x\u0001' });
  assert.equal(r.status, 422);
  r = await check(admin, { phone: '+44 20 7946 0958' }, { csrf: false });
  assert.equal(r.status, 403);
  r = await check(new Client(srv.url), { phone: '+44 20 7946 0958' });
  assert.equal(r.status, 401);
});

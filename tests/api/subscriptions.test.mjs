// Subscriptions and billing: the catalogue, a customer's subscriptions,
// once-only trials, activation codes (format, check symbol, single use,
// another partner's codes, rate limit), pay-as-you-go (flexible billing,
// seats, cancel), the usage report with proration over a month boundary and
// a segment discount, the daily expiry job with several servers, and who
// may do what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers } from '../lib/server.mjs';
import { createCustomer } from '../lib/customers.mjs';
import { until } from '../lib/wait.mjs';

let srv, admin, viewer, harbor, tech, acc, hacc;
let boss, sakura, olivetta, kookaburra, westbrook, fisheries;

before(async () => {
  srv = await startServer();
  admin = new Client(srv.url);
  viewer = new Client(srv.url);
  harbor = new Client(srv.url);
  tech = new Client(srv.url);
  await admin.signIn(demoUsers.admin);
  await viewer.signIn(demoUsers.viewer);
  await harbor.signIn(demoUsers.harbor);
  await tech.signIn(demoUsers.tech);
  acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  hacc = (await harbor.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  const find = async (q) => (await admin.req('GET', url(`/customers?q=${encodeURIComponent(q)}`))).json.customers[0].id;
  boss = await find('BOSS STG');
  sakura = await find('さくら');
  olivetta = await find('Olivetta');
  kookaburra = await find('Kookaburra');
  westbrook = await find('Westbrook');
  fisheries = (await harbor.req('GET', `/api/v1/accounts/${hacc}/customers`)).json.customers[0].id;
});
after(async () => { await srv.stop(); });

const url = (p, a = acc) => `/api/v1/accounts/${a}${p}`;
const subs = (c, a = acc) => url(`/customers/${c}/subscriptions`, a);
const today = (offsetDays = 0) => new Date(Date.now() + offsetDays * 86400e3).toISOString().slice(0, 10);
const addMonths = (d, m) => {
  const [y, mo, da] = d.split('-').map(Number);
  const t = new Date(Date.UTC(y, mo - 1 + m, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(da, last));
  return t.toISOString().slice(0, 10);
};
const entry = (r, key) => r.json.subscriptions.find((s) => s.service.key === key);

// The check symbol, as the console computes it (Luhn mod 32).
const ALPHA = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function checkSymbol(body) {
  let sum = 0, factor = 2;
  for (let i = body.length - 1; i >= 0; i--) {
    let add = factor * ALPHA.indexOf(body[i]);
    add = Math.floor(add / 32) + (add % 32);
    sum += add;
    factor = factor === 2 ? 1 : 2;
  }
  return ALPHA[(32 - (sum % 32)) % 32];
}
const written = (s) => s.match(/.{5}/g).join('-');

async function order(partner, service, seats, months, count = 1) {
  const r = await srv.ctl(['oms', 'order', '--db', '$DB', '--partner', partner, '--service', service,
    '--seats', String(seats), '--months', String(months), '--count', String(count)]);
  assert.equal(r.code, 0, r.stderr);
  const codes = r.stdout.trim().split('\n');
  assert.equal(codes.length, count);
  for (const c of codes) assert.match(c, /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$/);
  return codes;
}

async function newCustomer(client, a, company, extra = {}) {
  const slug = company.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return (await createCustomer(client, url('/customers', a), company, slug, extra)).id;
}

test('the catalogue lists the six services with their trial terms and prices', async () => {
  const r = await admin.req('GET', '/api/v1/services');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.services.map((s) => s.name), ['Essential Business Security', 'Premium Business Security',
    'Ultimate Business Security', 'Patch Management', 'Cloud Backup', 'Premium Remote Control']);
  const ess = r.json.services[0];
  assert.equal(ess.trial_days, 30);
  assert.equal(ess.trial_seats, 25);
  assert.equal(ess.price, '0.06');
  assert.equal(ess.currency, 'EUR');
});

test('only the operator changes the catalogue; stewardctl validates and names the option', async () => {
  for (const c of [admin, viewer, harbor]) {
    const r = await c.req('POST', '/api/v1/operator/services', { key: 'x_service', name: 'X' });
    assert.equal(r.status, 403, r.text);
    const p = await c.req('PATCH', '/api/v1/operator/services/cloud_backup', { price: '0' });
    assert.equal(p.status, 403);
  }
  let r = await srv.ctl(['service', 'add', '--db', '$DB', '--key', 'email_security', '--name', 'Email Security',
    '--price', '0.035', '--currency', 'JPY']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /email_security\s+Email Security\s+30 days\s+25 seats\s+0\.035 JPY/);
  r = await srv.ctl(['service', 'add', '--db', '$DB', '--key', 'email_security', '--name', 'Again']);
  assert.notEqual(r.code, 0);
  r = await srv.ctl(['service', 'add', '--db', '$DB', '--key', 'Bad Key!', '--name', 'X', '--currency', 'EURO',
    '--price', '-1', '--trial-days', '0']);
  assert.equal(r.code, 2);
  for (const opt of ['--key', '--currency', '--price', '--trial-days']) assert.match(r.stderr, new RegExp(opt));
  r = await srv.ctl(['service', 'set', '--db', '$DB', '--key', 'email_security', '--price', '0.04',
    '--currency', 'EUR', '--trial-days', '14']);
  assert.equal(r.code, 0, r.stderr);
  const list = (await admin.req('GET', '/api/v1/services')).json.services;
  const es = list.find((s) => s.key === 'email_security');
  assert.deepEqual([es.name, es.price, es.currency, es.trial_days], ['Email Security', '0.04', 'EUR', 14]);
  const c = (await admin.req('GET', subs(westbrook))).json.subscriptions;
  assert.equal(c.length, 7, 'a new service shows up for every customer');
});

test('the operator API keeps the catalogue: 422 naming each bad field writes nothing, 409 on a duplicate key', async () => {
  const op = await srv.ctl(['operator', 'add', '--db', '$DB', '--email', 'catalogue@steward-test.example',
    '--password', 'Catalogue-Keeper-2026!']);
  assert.equal(op.code, 0, op.stderr);
  const ops = new Client(srv.url);
  await ops.signIn({ email: 'catalogue@steward-test.example', password: 'Catalogue-Keeper-2026!' });
  const before = (await admin.req('GET', '/api/v1/services')).json.services.length;
  // Wrong types and unknown members first, then every value in one answer.
  let r = await ops.req('POST', '/api/v1/operator/services', { key: 'ok_key', name: 'X', trial_seats: 'ten',
    colour: 'blue' });
  assert.equal(r.status, 422, r.text);
  assert.deepEqual(Object.keys(r.json.error.fields).sort(), ['colour', 'trial_seats']);
  r = await ops.req('POST', '/api/v1/operator/services', { key: 'Bad Key', name: ' ', trial_days: 0,
    trial_seats: 100001, price: '1e3', currency: 'EURO' });
  assert.equal(r.status, 422, r.text);
  for (const f of ['key', 'name', 'trial_days', 'trial_seats', 'price', 'currency']) {
    assert.ok(r.json.error.fields[f], f + ' ' + JSON.stringify(r.json.error.fields));
  }
  r = await ops.req('POST', '/api/v1/operator/services', { key: 'mobile_security', name: '<b>Mobile</b> Security',
    price: '0.02', currency: 'JPY', trial_days: 14 });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.name, r.json.price, r.json.currency, r.json.trial_days, r.json.trial_seats],
    ['<b>Mobile</b> Security', '0.02', 'JPY', 14, 25]);
  r = await ops.req('POST', '/api/v1/operator/services', { key: 'mobile_security', name: 'Again' });
  assert.equal(r.status, 409);
  r = await ops.req('PATCH', '/api/v1/operator/services/mobile_security', { price: '-1' });
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.price);
  r = await ops.req('PATCH', '/api/v1/operator/services/no_such_service', { price: '1' });
  assert.equal(r.status, 404);
  r = await ops.req('PATCH', '/api/v1/operator/services/mobile_security', { key: 'renamed' });
  assert.equal(r.status, 422, 'the key cannot change');
  const after = (await admin.req('GET', '/api/v1/services')).json.services;
  assert.equal(after.length, before + 1);
  assert.equal(after.find((x) => x.key === 'mobile_security').price, '0.02');

  // Its price history: the first price from the day it was added; a change
  // applies from tomorrow, and today keeps the old price.
  const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
  r = await ops.req('GET', '/api/v1/operator/services/mobile_security/prices');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.prices.map((p) => [p.effective_on, p.price, p.currency]), [[day(0), '0.02', 'JPY']]);
  r = await ops.req('PATCH', '/api/v1/operator/services/mobile_security', { price: '0.025' });
  assert.equal(r.status, 200, r.text);
  r = await ops.req('GET', '/api/v1/operator/services/mobile_security/prices');
  assert.deepEqual(r.json.prices.map((p) => [p.effective_on, p.price]), [[day(1), '0.025'], [day(0), '0.02']]);
  assert.ok(Date.parse(r.json.prices[0].set_at) > Date.now() - 120000);
  assert.equal(r.json.next_cursor, null);
  // Paged like every list; unknown services and non-operators are refused.
  const p1 = await ops.req('GET', '/api/v1/operator/services/mobile_security/prices?limit=1');
  assert.deepEqual(p1.json.prices.map((p) => p.effective_on), [day(1)]);
  const p2 = await ops.req('GET', `/api/v1/operator/services/mobile_security/prices?limit=1&cursor=${encodeURIComponent(p1.json.next_cursor)}`);
  assert.deepEqual(p2.json.prices.map((p) => p.effective_on), [day(0)]);
  assert.equal((await ops.req('GET', '/api/v1/operator/services/no_such_service/prices')).status, 404);
  for (const c of [admin, viewer, harbor]) {
    assert.equal((await c.req('GET', '/api/v1/operator/services/mobile_security/prices')).status, 403);
  }
});

test('a customer has one entry per service with its state, seats and dates', async () => {
  let r = await admin.req('GET', subs(sakura));
  assert.equal(r.status, 200);
  assert.equal(r.json.flexible_billing, true);
  const prem = entry(r, 'premium_business');
  assert.equal(prem.state, 'prepaid');
  assert.equal(prem.seats, 50);
  // Seats used are the customer's enrolled devices (the demo's two).
  const devices = (await admin.req('GET', `/api/v1/accounts/${acc}/devices?customer_id=${sakura}`)).json.devices;
  assert.equal(devices.length, 2);
  assert.equal(prem.seats_used, devices.length);
  assert.equal(entry(r, 'ultimate_business').seats_used, 0);	// none: no seats to use
  assert.ok(prem.days_left > 250);
  const backup = entry(r, 'cloud_backup');
  assert.equal(backup.state, 'trial');
  assert.equal(backup.ends_on, today(5));
  assert.equal(backup.days_left, 5);
  assert.equal(entry(r, 'ultimate_business').state, 'none');
  assert.equal(entry(r, 'ultimate_business').trial_available, true);

  r = await admin.req('GET', subs(kookaburra));
  const ess = entry(r, 'essential_business');
  assert.equal(ess.state, 'expired');
  assert.equal(ess.expired_kind, 'trial');
  assert.equal(ess.seats, 0);
  assert.equal(ess.trial_available, false);

  r = await admin.req('GET', subs(boss));
  assert.equal(entry(r, 'premium_business').state, 'payg');
  assert.equal(entry(r, 'premium_business').seats, 14);
  assert.equal(entry(r, 'premium_business').ends_on, null);

  r = await admin.req('GET', subs(westbrook));
  assert.deepEqual(r.json.discount, { segment: 'education', status: 'pending', percent: null, since: null });
  assert.ok(r.json.subscriptions.every((s) => s.state === 'none'));
});

test('a trial starts once per service, even after it ended, and a paid subscription ends it', async () => {
  const cid = await newCustomer(admin, acc, 'Trial Once Ltd');
  let r = await admin.req('POST', subs(cid) + '/trials', { service: 'premium_business' });
  assert.equal(r.status, 201, r.text);
  const s = r.json.subscription;
  assert.deepEqual([s.state, s.seats, s.starts_on, s.ends_on, s.days_left, s.trial_available],
    ['trial', 25, today(), today(30), 30, false]);
  r = await admin.req('POST', subs(cid) + '/trials', { service: 'premium_business' });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'trial_used');

  r = await admin.req('POST', subs(cid) + '/trials', { service: 'no_such_service' });
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.service);
  r = await admin.req('POST', subs(cid) + '/trials', { service: 42 });
  assert.equal(r.status, 422);
  r = await admin.req('POST', subs(cid) + '/trials', {});
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.service);

  // A code for the same service ends the trial; the trial stays used.
  const [code] = await order(acc, 'premium_business', 10, 12);
  r = await admin.req('POST', subs(cid) + '/activation-codes', { code });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.subscription.state, 'prepaid');
  r = await admin.req('POST', subs(cid) + '/trials', { service: 'premium_business' });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'trial_used');

  // Paid pay-as-you-go running: no trial of that service.
  r = await admin.req('POST', subs(cid) + '/payg', { service: 'cloud_backup', seats: 3 });
  assert.equal(r.status, 201, r.text);
  r = await admin.req('POST', subs(cid) + '/trials', { service: 'cloud_backup' });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'already_subscribed');
});

test('concurrent trial starts give one trial', async () => {
  const cid = await newCustomer(admin, acc, 'Race Condition GmbH');
  const rs = await Promise.all(Array.from({ length: 8 }, () =>
    admin.req('POST', subs(cid) + '/trials', { service: 'ultimate_business' })));
  assert.deepEqual(rs.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409, 409, 409]);
});

test('an activation code grants service, seats and term once; a typo is caught before any lookup', async () => {
  const cid = await newCustomer(admin, acc, 'Code Redeemers Ltd');
  const [code, second] = await order(acc, 'ultimate_business', 30, 12, 2);
  // Written any way a person might: lower case, spaces, O for 0, I or L for 1.
  const typed = code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
  let r = await admin.req('POST', subs(cid) + '/activation-codes', { code: typed });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.code, { service: 'ultimate_business', seats: 30, months: 12, hint: code.slice(-5) });
  const s = r.json.subscription;
  assert.deepEqual([s.service.key, s.state, s.seats, s.starts_on, s.ends_on], ['ultimate_business', 'prepaid', 30,
    today(), addMonths(today(), 12)]);

  r = await admin.req('POST', subs(cid) + '/activation-codes', { code });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'code_used');
  r = await admin.req('POST', subs(westbrook) + '/activation-codes', { code });
  assert.equal(r.status, 409, 'used means used, whoever tries');

  // Every single-symbol change of the second code is caught as a typo.
  const raw = second.replace(/-/g, '');
  for (const i of [0, 7, 12, 24]) {
    const other = ALPHA[(ALPHA.indexOf(raw[i]) + 1) % 32];
    const bad = raw.slice(0, i) + other + raw.slice(i + 1);
    r = await admin.req('POST', subs(cid) + '/activation-codes', { code: written(bad) });
    assert.equal(r.status, 422, bad);
    assert.match(r.json.error.fields.code, /typing mistake/);
  }
  // Swapping two neighbours too.
  const swapped = raw.slice(0, 3) + raw[4] + raw[3] + raw.slice(5);
  if (swapped !== raw && !/^(0Z|Z0)$/.test(raw[3] + raw[4])) {	// Luhn's blind spot
    r = await admin.req('POST', subs(cid) + '/activation-codes', { code: swapped });
    assert.equal(r.status, 422);
  }
  for (const bad of ['ABC', raw + 'X', 'U'.repeat(25), '<script>', '']) {
    r = await admin.req('POST', subs(cid) + '/activation-codes', { code: bad });
    assert.equal(r.status, 422, bad);
    assert.ok(r.json.error.fields.code);
  }

  // A second code on a running term extends it; seats become the larger.
  const [more] = await order(acc, 'ultimate_business', 40, 6);
  r = await admin.req('POST', subs(cid) + '/activation-codes', { code: more });
  assert.equal(r.status, 201);
  assert.equal(r.json.subscription.seats, 40);
  assert.equal(r.json.subscription.starts_on, today());
  assert.equal(r.json.subscription.ends_on, addMonths(addMonths(today(), 12), 6));
  // The second code still works elsewhere (each code is its own).
  r = await admin.req('POST', subs(westbrook) + '/activation-codes', { code: second });
  assert.equal(r.status, 201);
});

test('unknown codes and another partner\'s codes are "not found" alike', async () => {
  const body = Array.from({ length: 24 }, (_, i) => ALPHA[(i * 7 + 3) % 32]).join('');
  const unknown = written(body + checkSymbol(body));
  let r = await admin.req('POST', subs(westbrook) + '/activation-codes', { code: unknown });
  assert.equal(r.status, 404);
  assert.equal(r.json.error.code, 'code_not_found');
  const [theirs] = await order(hacc, 'premium_business', 5, 1);
  r = await admin.req('POST', subs(westbrook) + '/activation-codes', { code: theirs });
  assert.equal(r.status, 404);
  assert.equal(r.json.error.code, 'code_not_found');
  assert.equal(r.json.error.message, (await admin.req('POST', subs(westbrook) + '/activation-codes',
    { code: unknown })).json.error.message);
  // Blue Harbor can still use it.
  r = await harbor.req('POST', subs(fisheries, hacc) + '/activation-codes', { code: theirs });
  assert.equal(r.status, 201, r.text);
});

test('pay-as-you-go: needs flexible billing; subscribe, cover more devices, reduce, cancel', async () => {
  let r = await harbor.req('POST', subs(fisheries, hacc) + '/payg', { service: 'cloud_backup', seats: 5 });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'flexible_billing_off');
  assert.equal((await harbor.req('GET', subs(fisheries, hacc))).json.flexible_billing, false);

  const cid = await newCustomer(admin, acc, 'Metered Widgets plc');
  for (const [seats, field] of [[0, 'seats'], [100001, 'seats'], ['5', 'seats'], [undefined, 'seats']]) {
    r = await admin.req('POST', subs(cid) + '/payg', { service: 'cloud_backup', seats });
    assert.equal(r.status, 422, String(seats));
    assert.ok(r.json.error.fields[field]);
  }
  r = await admin.req('POST', subs(cid) + '/payg', { service: 'cloud_backup', seats: 5, extra: 1 });
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.extra);

  r = await admin.req('POST', subs(cid) + '/payg', { service: 'cloud_backup', seats: 5 });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.subscription.state, r.json.subscription.seats, r.json.subscription.ends_on,
    r.json.subscription.net_price], ['payg', 5, null, '0.08']);
  r = await admin.req('POST', subs(cid) + '/payg', { service: 'cloud_backup', seats: 9 });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'already_subscribed');

  r = await admin.req('PATCH', subs(cid) + '/cloud_backup', { seats: 12 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.subscription.seats, 12);
  r = await admin.req('PATCH', subs(cid) + '/cloud_backup', { seats: 7 });
  assert.equal(r.json.subscription.seats, 7);
  r = await admin.req('PATCH', subs(cid) + '/premium_business', { seats: 7 });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'not_payg');
  r = await admin.req('PATCH', subs(cid) + '/nothing_here', { seats: 7 });
  assert.equal(r.status, 404);

  r = await admin.req('DELETE', subs(cid) + '/cloud_backup');
  assert.equal(r.status, 200);
  assert.deepEqual([r.json.subscription.state, r.json.subscription.cancelled, r.json.subscription.seats],
    ['expired', true, 0]);
  r = await admin.req('DELETE', subs(cid) + '/cloud_backup');
  assert.equal(r.status, 409);
  // Subscribing again after cancelling is allowed.
  r = await admin.req('POST', subs(cid) + '/payg', { service: 'cloud_backup', seats: 2 });
  assert.equal(r.status, 201);

  // Today is charged at the most seats held: 12.
  const month = today().slice(0, 7);
  r = await admin.req('GET', url(`/usage?month=${month}`));
  const row = r.json.rows.find((x) => x.customer_id === cid);
  assert.equal(row.seat_days, 12);
  assert.equal(row.gross, '0.96');
});

test('viewers see subscriptions and change nothing; other partners and limited users see nothing else', async () => {
  assert.equal((await viewer.req('GET', subs(sakura))).status, 200);
  assert.equal((await viewer.req('GET', url('/usage?month=2026-01'))).status, 200);
  for (const [m, p, b] of [['POST', subs(westbrook) + '/trials', { service: 'cloud_backup' }],
    ['POST', subs(westbrook) + '/activation-codes', { code: 'AAAAA-AAAAA-AAAAA-AAAAA-AAAAA' }],
    ['POST', subs(westbrook) + '/payg', { service: 'cloud_backup', seats: 1 }],
    ['PATCH', subs(boss) + '/premium_business', { seats: 3 }],
    ['DELETE', subs(boss) + '/premium_business']]) {
    const r = await viewer.req(m, p, b);
    assert.equal(r.status, 403, `${m} ${p}`);
  }
  assert.equal(entry(await admin.req('GET', subs(boss)), 'premium_business').seats, 14);

  // Blue Harbor: Northwind's customers do not exist.
  for (const [m, p, b] of [['GET', subs(sakura)], ['POST', subs(sakura) + '/trials', { service: 'cloud_backup' }],
    ['POST', subs(sakura) + '/activation-codes', { code: 'AAAAA' }], ['DELETE', subs(boss) + '/premium_business'],
    ['GET', url('/usage?month=2026-11')], ['GET', url('/subscriptions')], ['GET', url('/subscription-events')]]) {
    const r = await harbor.req(m, p, b);
    assert.equal(r.status, 404, `${m} ${p}`);
  }
  assert.equal((await harbor.req('GET', subs(sakura, hacc))).status, 404);

  // A user limited to Sakura and Kookaburra.
  assert.equal((await tech.req('GET', subs(sakura))).status, 200);
  assert.equal((await tech.req('GET', subs(olivetta))).status, 404);
  assert.equal((await tech.req('POST', subs(olivetta) + '/trials', { service: 'cloud_backup' })).status, 404);
  const list = (await tech.req('GET', url('/subscriptions'))).json.subscriptions;
  assert.deepEqual([...new Set(list.map((s) => s.customer_name))].sort(), ['Kookaburra Legal', '株式会社さくら精機']);
  assert.equal((await tech.req('GET', url('/usage?month=2026-11'))).status, 403);
  // The demo's ended and ending trials, recorded by the first daily run.
  let ev = [];
  for (let i = 0; i < 50 && ev.length === 0; i++) {
    ev = (await tech.req('GET', url('/subscription-events'))).json.events;
    if (ev.length === 0) await new Promise((res) => setTimeout(res, 100));
  }
  assert.ok(ev.length > 0 && ev.every((e) => [sakura, kookaburra].includes(e.customer_id)));
});

test('the partner-wide list filters by state and the usage report checks its month', async () => {
  let r = await admin.req('GET', url('/subscriptions?state=payg'));
  assert.equal(r.status, 200);
  assert.ok(r.json.subscriptions.length >= 2 && r.json.subscriptions.every((s) => s.state === 'payg'));
  assert.ok(r.json.subscriptions.some((s) => s.customer_name === 'BOSS STG payg test A 4/4/2023 cs1'));
  r = await admin.req('GET', url('/subscriptions?state=bogus'));
  assert.equal(r.status, 422);

  // Ending soon: running trials and terms ending within N days.
  r = await admin.req('GET', url('/subscriptions?ending_within=30'));
  assert.equal(r.status, 200);
  const soon = r.json.subscriptions;
  assert.ok(soon.length >= 2);
  assert.ok(soon.every((x) => ['trial', 'prepaid'].includes(x.state) && x.days_left >= 1 && x.days_left <= 30));
  assert.ok(soon.some((x) => x.customer_id === sakura && x.service.key === 'cloud_backup'));
  assert.ok(soon.some((x) => x.customer_id === olivetta && x.service.key === 'patch_management'));
  r = await admin.req('GET', url('/subscriptions?ending_within=5'));
  assert.deepEqual(r.json.subscriptions.filter((x) => [sakura, olivetta].includes(x.customer_id))
    .map((x) => x.service.key), ['cloud_backup']);
  // Some customers only (the dashboard's rows).
  r = await admin.req('GET', url(`/subscriptions?customer_ids=${sakura},${kookaburra}`));
  assert.deepEqual([...new Set(r.json.subscriptions.map((x) => x.customer_id))].sort(), [sakura, kookaburra].sort());
  r = await tech.req('GET', url(`/subscriptions?customer_ids=${olivetta},${sakura}`));
  assert.deepEqual([...new Set(r.json.subscriptions.map((x) => x.customer_id))], [sakura], 'limited users stay limited');
  r = await harbor.req('GET', url(`/subscriptions?customer_ids=${sakura}`, hacc));
  assert.deepEqual(r.json.subscriptions, [], "another partner's customer ids match nothing");
  for (const q of ['ending_within=0', 'ending_within=367', 'ending_within=soon',
    'customer_ids=' + Array.from({ length: 201 }, (_, i) => 'cus_' + i).join(',')]) {
    r = await admin.req('GET', url('/subscriptions?' + q));
    assert.equal(r.status, 422, q);
  }
  for (const m of ['2026-13', '2026-1', '26-01', 'november', '']) {
    r = await admin.req('GET', url(`/usage?month=${m}`));
    assert.equal(r.status, 422, m);
    assert.ok(r.json.error.fields.month);
  }
  r = await admin.req('GET', url('/usage?month=2026-11&format=xml'));
  assert.equal(r.status, 422);
});

test('usage: proration over a month boundary, a price change, a discount from the day of approval, CSV', async () => {
  // A server of its own whose clock we set: 2027-01-30 12:00 UTC, then later.
  const at = (iso) => String(Math.round(Date.parse(iso) / 1000 - Date.now() / 1000));
  const servers = [];
  try {
    await usageScenario(at, servers);
  } finally {
    // The first server owns the database: stop the others first.
    for (const x of servers.reverse()) await x.stop().catch((e) => { throw e; });
  }
});

async function usageScenario(at, servers) {
  const first = await startServer({ env: { STEWARD_CLOCK_OFFSET: at('2027-01-30T12:00:00Z') } });
  servers.push(first);
  const db = first.db;
  let c = new Client(first.url);
  await c.signIn(demoUsers.admin);
  const a = (await c.req('GET', '/api/v1/accounts')).json.accounts.find((x) => x.kind === 'partner').id;
  const cid = await newCustomer(c, a, 'Lakeside School', { segment_discount: 'education', industry: 'education' });
  let r = await c.req('POST', subs(cid, a) + '/payg', { service: 'essential_business', seats: 10 });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.subscription.starts_on, '2027-01-30');
  const op = await first.ctl(['operator', 'add', '--db', '$DB', '--email', 'ops@steward-test.example',
    '--password', 'Operator-Pass-2027!']);
  assert.equal(op.code, 0, op.stderr);

  // 2 February: reduce to 4 seats (today still costs 10) and the operator
  // approves the education discount (20 %).
  const second = await startServer({ db, env: { STEWARD_CLOCK_OFFSET: at('2027-02-02T09:00:00Z') } });
  servers.push(second);
  c = new Client(second.url);
  await c.signIn(demoUsers.admin);
  r = await c.req('PATCH', subs(cid, a) + '/essential_business', { seats: 4 });
  assert.equal(r.status, 200);
  // The operator lowers the price to 0.05 that day: it applies from 3 February.
  const set = await first.ctl(['service', 'set', '--db', '$DB', '--key', 'essential_business', '--price', '0.05'],
    { STEWARD_CLOCK_OFFSET: at('2027-02-02T10:00:00Z') });
  assert.equal(set.code, 0, set.stderr);
  const ops = new Client(second.url);
  await ops.signIn({ email: 'ops@steward-test.example', password: 'Operator-Pass-2027!' });
  const apps = (await ops.req('GET', '/api/v1/operator/discount-applications?status=pending')).json;
  const app = apps.applications.find((x) => x.customer.id === cid);
  assert.ok(app, JSON.stringify(apps).slice(0, 400));
  r = await ops.req('POST', `/api/v1/operator/discount-applications/${app.id}/decision`,
    { decision: 'approve', note: 'Accredited school' });
  assert.equal(r.status, 200, r.text);
  r = await c.req('GET', subs(cid, a));
  assert.deepEqual(r.json.discount, { segment: 'education', status: 'approved', percent: 20, since: '2027-02-02' });
  assert.equal(entry(r, 'essential_business').net_price, '0.04', 'the new price, less 20 %');
  r = await c.req('GET', url(`/subscriptions?customer_ids=${cid}`, a));
  assert.deepEqual(r.json.subscriptions.map((x) => x.net_price), ['0.04'], 'the partner-wide list agrees');

  // 5 February: the bills.
  const third = await startServer({ db, env: { STEWARD_CLOCK_OFFSET: at('2027-02-05T18:00:00Z') } });
  servers.push(third);
  c = new Client(third.url);
  await c.signIn(demoUsers.admin);
  r = await c.req('GET', url('/usage?month=2027-01', a));
  let row = r.json.rows.find((x) => x.customer_id === cid);
  // 30 and 31 January, 10 seats each; no discount yet.
  assert.deepEqual([row.seat_days, row.price, row.gross, row.discount_percent, row.discount, row.total],
    [20, '0.06', '1.20', 0, '0.00', '1.20']);
  r = await c.req('GET', url('/usage?month=2027-02', a));
  const rows = r.json.rows.filter((x) => x.customer_id === cid);
  // 1-2 Feb at 10 seats (the 2nd is the day seats went down) and 0.06;
  // 3-5 Feb at 4 seats and the new 0.05. The discount (20 %) from 2 Feb:
  // 10 seat-days at 0.06 and 12 at 0.05.
  assert.deepEqual(rows.map((x) => [x.price, x.seat_days, x.gross, x.discount_percent, x.discount, x.total]),
    [['0.06', 20, '1.20', 20, '0.12', '1.08'], ['0.05', 12, '0.60', 20, '0.12', '0.48']]);
  const eur = r.json.totals.find((t) => t.currency === 'EUR');
  assert.ok(eur && Number(eur.total) >= 1.56);

  r = await c.req('GET', url('/usage?month=2027-02&format=csv', a));
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition'), /usage-2027-02\.csv/);
  const lines = r.text.trim().split('\r\n');
  assert.equal(lines[0], 'customer_id,customer,service,service_name,seat_days,price,gross,discount_percent,discount,total,currency,note');
  assert.ok(lines.includes(`${cid},Lakeside School,essential_business,Essential Business Security,20,0.06,1.20,20,0.12,1.08,EUR,`));
  assert.ok(lines.includes(`${cid},Lakeside School,essential_business,Essential Business Security,12,0.05,0.60,20,0.12,0.48,EUR,`));
}

test('usage: days before a service had any price are shown, not charged and not totalled; a month without use is empty', async () => {
  const at = (iso) => String(Math.round(Date.parse(iso) / 1000 - Date.now() / 1000));
  const servers = [];
  try {
    // 10 March 2027: the operator adds Site Audit at 0.10.
    const first = await startServer({ env: { STEWARD_CLOCK_OFFSET: at('2027-03-10T08:00:00Z') } });
    servers.push(first);
    const add = await first.ctl(['service', 'add', '--db', '$DB', '--key', 'site_audit', '--name', 'Site Audit',
      '--price', '0.10'], { STEWARD_CLOCK_OFFSET: at('2027-03-10T08:00:00Z') });
    assert.equal(add.code, 0, add.stderr);

    // A server whose clock is behind (25 February) starts 3 seats of it.
    const early = await startServer({ db: first.db, env: { STEWARD_CLOCK_OFFSET: at('2027-02-25T12:00:00Z') } });
    servers.push(early);
    let c = new Client(early.url);
    await c.signIn(demoUsers.admin);
    const a = (await c.req('GET', '/api/v1/accounts')).json.accounts.find((x) => x.kind === 'partner').id;
    const cid = await newCustomer(c, a, 'Early Bird GmbH');
    let r = await c.req('POST', subs(cid, a) + '/payg', { service: 'site_audit', seats: 3 });
    assert.equal(r.status, 201, r.text);

    // 12 March: the bills, read on the first server's clock.
    c = new Client(first.url);
    await c.signIn(demoUsers.admin);
    const before = (await c.req('GET', url('/usage?month=2027-01', a))).json;
    const eurJan = before.totals.find((t) => t.currency === 'EUR');
    const later = await startServer({ db: first.db, env: { STEWARD_CLOCK_OFFSET: at('2027-03-12T18:00:00Z') } });
    servers.push(later);
    c = new Client(later.url);
    await c.signIn(demoUsers.admin);

    // February: 25-28, 3 seats, no price yet.
    r = await c.req('GET', url('/usage?month=2027-02', a));
    assert.equal(r.status, 200, r.text);
    let rows = r.json.rows.filter((x) => x.customer_id === cid);
    assert.deepEqual(rows.map((x) => [x.service, x.seat_days, x.priced, x.price, x.gross, x.discount, x.total]),
      [['site_audit', 12, false, null, null, null, null]]);
    assert.match(rows[0].note, /No price was recorded/);
    const febOthers = r.json.rows.filter((x) => x.customer_id !== cid && x.priced && x.currency === 'EUR')
      .reduce((n, x) => n + Math.round(Number(x.total) * 100), 0);
    const febEur = r.json.totals.find((t) => t.currency === 'EUR');
    assert.equal(Math.round(Number(febEur ? febEur.total : 0) * 100), febOthers, 'unpriced days add nothing to the total');

    // March: 1-9 unpriced (27 seat-days), 10-12 at 0.10 (9 seat-days).
    r = await c.req('GET', url('/usage?month=2027-03', a));
    rows = r.json.rows.filter((x) => x.customer_id === cid);
    assert.deepEqual(rows.map((x) => [x.seat_days, x.priced, x.price, x.gross, x.total, x.note]),
      [[27, false, null, null, null, rows[0].note], [9, true, '0.10', '0.90', '0.90', null]]);
    assert.ok(rows[0].note);

    // The CSV says the same, with the reason in its note column.
    r = await c.req('GET', url('/usage?month=2027-03&format=csv', a));
    const lines = r.text.trim().split('\r\n');
    assert.ok(lines.some((l) => l.startsWith(`${cid},Early Bird GmbH,site_audit,Site Audit,27,,,,,,EUR,"No price was recorded`)), r.text);
    assert.ok(lines.includes(`${cid},Early Bird GmbH,site_audit,Site Audit,9,0.10,0.90,0,0.00,0.90,EUR,`), r.text);

    // For a user who reads Japanese, the reason is Japanese.
    assert.equal((await c.req('PATCH', '/api/v1/me', { language: 'ja' })).status, 200);
    r = await c.req('GET', url('/usage?month=2027-03', a));
    assert.match(r.json.rows.find((x) => x.customer_id === cid && !x.priced).note, /請求されません/);

    // January: the customer did not exist; no row for it, totals as before.
    r = await c.req('GET', url('/usage?month=2027-01', a));
    assert.deepEqual(r.json.rows.filter((x) => x.customer_id === cid), []);
    assert.deepEqual(r.json.totals.find((t) => t.currency === 'EUR'), eurJan);
  } finally {
    for (const x of servers.reverse()) await x.stop();
  }
});

test('CSV cells are quoted and cannot become spreadsheet formulas', async () => {
  const cid = await newCustomer(admin, acc, '=HYPERLINK("http://x.example","Pay, now")',
    { email: 'billing@formula-test.example', website: 'formula-test.example' });
  await admin.req('POST', subs(cid) + '/payg', { service: 'essential_business', seats: 1 });
  const r = await admin.req('GET', url(`/usage?month=${today().slice(0, 7)}&format=csv`));
  assert.ok(r.text.includes(`${cid},"'=HYPERLINK(""http://x.example"",""Pay, now"")",essential_business`), r.text);
});

test('the daily job expires ended trials once across servers and records events', async () => {
  const cid = await newCustomer(admin, acc, 'Short Trial Co');
  let r = await admin.req('POST', subs(cid) + '/trials', { service: 'premium_remote_control' });
  assert.equal(r.json.subscription.ends_on, today(14));
  const [code] = await order(acc, 'patch_management', 5, 1);
  await admin.req('POST', subs(cid) + '/activation-codes', { code });

  // Ten days on: the trial is ending (once), the term is not yet.
  const later = (d) => String(d * 86400);
  // The background process runs the daily job two seconds after it
  // starts, at a low priority: waited for, not slept on.
  const events = async (n) => until(async () => {
    const e = (await admin.req('GET', url(`/subscription-events?customer_id=${cid}`))).json.events;
    return e.length >= n && e;
  }, { what: `${n} subscription events`, timeout: 30000 });
  let s1 = await startServer({ db: srv.db, env: { STEWARD_CLOCK_OFFSET: later(10) } });
  let ev = await events(1);
  assert.deepEqual(ev.map((e) => [e.service, e.kind, e.on_date]), [['premium_remote_control', 'trial_ending', today(14)]]);
  await s1.stop();

  // Fifteen days on, two servers at once: one expiry, one event each.
  s1 = await startServer({ db: srv.db, env: { STEWARD_CLOCK_OFFSET: later(15) } });
  const s2 = await startServer({ db: srv.db, env: { STEWARD_CLOCK_OFFSET: later(15) } });
  await events(2);
  // Both servers' daily jobs have had their turn: still one of each.
  await new Promise((res) => setTimeout(res, 2500));
  ev = (await admin.req('GET', url(`/subscription-events?customer_id=${cid}`))).json.events;
  assert.deepEqual(ev.map((e) => [e.service, e.kind]), [['premium_remote_control', 'trial_ending'],
    ['premium_remote_control', 'trial_ended']]);
  const c15 = new Client(s1.url);
  await c15.signIn(demoUsers.admin);
  r = await c15.req('GET', subs(cid));
  assert.equal(entry(r, 'premium_remote_control').state, 'expired');
  assert.equal(entry(r, 'patch_management').state, 'prepaid');
  await s1.stop();
  await s2.stop();
});

test('failed code attempts are limited per partner across workers (429 with Retry-After)', async () => {
  const body = Array.from({ length: 24 }, (_, i) => ALPHA[(i * 11 + 5) % 32]).join('');
  const unknown = written(body + checkSymbol(body));
  const [good] = await order(hacc, 'cloud_backup', 5, 1);
  const statuses = [];
  for (let i = 0; i < 10; i++) {
    statuses.push((await harbor.req('POST', subs(fisheries, hacc) + '/activation-codes', { code: unknown })).status);
  }
  assert.deepEqual(statuses, Array(10).fill(404));
  const r = await harbor.req('POST', subs(fisheries, hacc) + '/activation-codes', { code: good });
  assert.equal(r.status, 429, 'even a good code waits');
  assert.ok(Number(r.headers.get('retry-after')) > 0);
  assert.equal(r.json.error.code, 'rate_limited');
  // Another partner is not affected.
  const [mine] = await order(acc, 'cloud_backup', 5, 1);
  const cid = await newCustomer(admin, acc, 'Unaffected Partner Customer');
  assert.equal((await admin.req('POST', subs(cid) + '/activation-codes', { code: mine })).status, 201);
});

// Segment discounts (SPEC §6): the operator's review queue with business-day
// due dates, one decision per application (also under concurrent requests),
// the rates in force written at approval, flexible billing, operator-only
// access, validation, and what the partner sees on the customer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers, ctlOk } from '../lib/server.mjs';

const operatorUser = { email: 'operator@steward.example', password: 'steward-demo-operator' };
// The server's clock: Friday 10 January 2025, 15:00 UTC.
const FRIDAY = Date.UTC(2025, 0, 10, 15, 0, 0) / 1000;

let srv, admin, viewer, tech, operator, acc, contoso, gtest;

before(async () => {
  const offset = FRIDAY - Math.floor(Date.now() / 1000);
  srv = await startServer({ env: { STEWARD_CLOCK_OFFSET: String(offset) } });
  admin = new Client(srv.url);
  viewer = new Client(srv.url);
  tech = new Client(srv.url);
  operator = new Client(srv.url);
  await admin.signIn(demoUsers.admin);
  await viewer.signIn(demoUsers.viewer);
  await tech.signIn(demoUsers.tech);
  await operator.signIn(operatorUser);
  const accounts = (await admin.req('GET', '/api/v1/accounts')).json.accounts;
  acc = accounts.find((a) => a.kind === 'partner').id;
  contoso = accounts.find((a) => a.kind === 'company').id;
  gtest = (await admin.req('GET', `/api/v1/accounts/${acc}/policies`)).json.policies
    .find((p) => p.name === 'Global Test Policy').id;
});
after(async () => { await srv.stop(); });

let seq = 0;
async function applyFor(segment, company) {
  seq += 1;
  const r = await admin.req('POST', `/api/v1/accounts/${acc}/customers`, {
    source: 'new', email: `it@disc${seq}.example`, contact_person: 'Grace Hopper', phone: '+44 20 7946 0958',
    company: company ?? `Discount Applicant ${seq}`, industry: 'education', website: `disc${seq}.example`,
    street: '12 Marylebone Road', postal_code: 'NW1 5LN', city: 'London', country: 'GB',
    segment_discount: segment, management: { mode: 'global', global_policy_ids: [gtest] },
  });
  assert.equal(r.status, 201, r.text);
  return r.json.customer;
}

const Q = '/api/v1/operator/discount-applications';

async function queue(status = '') {
  const r = await operator.req('GET', `${Q}${status ? `?status=${status}` : ''}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

async function applicationOf(customerId) {
  return (await queue()).applications.find((a) => a.customer.id === customerId);
}

const decide = (id, body, client = operator) => client.req('POST', `${Q}/${id}/decision`, body);

test('the operator login lists its operator account', async () => {
  const r = await operator.req('GET', '/api/v1/accounts');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.accounts.map((a) => [a.kind, a.role]), [['operator', 'admin']]);
});

test('an application filed on a Friday is due five business days later, the weekend excluded', async () => {
  const c = await applyFor('education', 'Weekend Academy');
  assert.equal(c.segment_discount.status, 'pending');
  assert.match(c.segment_discount.applied_at, /^2025-01-10T15:/);	// the clock runs on
  // Mon 13, Tue 14, Wed 15, Thu 16, Fri 17.
  assert.equal(c.segment_discount.due_on, '2025-01-17');
  const a = await applicationOf(c.id);
  assert.equal(a.status, 'pending');
  assert.equal(a.segment, 'education');
  assert.equal(a.due_on, '2025-01-17');
  assert.equal(a.overdue, false);
  assert.deepEqual(a.partner, { id: acc, name: 'Northwind IT Services' });
  assert.equal(a.customer.company, 'Weekend Academy');
  assert.equal(a.decided_at, null);
  assert.equal(a.decided_by, null);
  assert.equal(a.percent, null);
});

test('the queue is sorted by due date and filtered by status', async () => {
  const all = (await queue()).applications;
  const due = all.map((a) => a.due_on);
  assert.deepEqual(due, [...due].sort());
  const pending = (await queue('pending')).applications;
  assert.ok(pending.length >= 1);
  assert.equal(pending.every((a) => a.status === 'pending'), true);
  const approved = (await queue('approved')).applications;
  // The demo's Hope Harbour Foundation, decided by the demo operator.
  const hope = approved.find((a) => a.customer.company === 'Hope Harbour Foundation');
  assert.equal(hope.percent, 25);
  assert.equal(hope.decided_by.email, 'operator@steward.example');
  assert.match(hope.note, /charity/);
  const bad = await operator.req('GET', `${Q}?status=maybe`);
  assert.equal(bad.status, 422);
  assert.ok(bad.json.error.fields.status);
});

test('approval writes the rate in force; a later rate change leaves it alone', async () => {
  let r = await operator.req('PUT', '/api/v1/operator/segment-rates/government', { percent: 18 });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.rates.map((x) => [x.segment, x.percent]),
    [['education', 20], ['government', 18], ['nonprofit', 25]]);
  const c = await applyFor('government');
  const a = await applicationOf(c.id);
  r = await decide(a.id, { decision: 'approve', note: '  Ministry letter on file.  ' });
  assert.equal(r.status, 200, r.text);
  const d = r.json.application;
  assert.equal(d.status, 'approved');
  assert.equal(d.percent, 18);
  assert.equal(d.note, 'Ministry letter on file.');
  assert.match(d.decided_at, /^2025-01-10T15:/);
  assert.equal(d.decided_by.email, 'operator@steward.example');
  assert.equal(d.decided_by.name, 'Jordan Lee');
  await operator.req('PUT', '/api/v1/operator/segment-rates/government', { percent: 10 });
  assert.equal((await applicationOf(c.id)).percent, 18);
  // The partner sees the decision on the customer.
  const seen = (await admin.req('GET', `/api/v1/accounts/${acc}/customers/${c.id}`)).json.customer.segment_discount;
  assert.deepEqual({ ...seen, applied_at: seen.applied_at.slice(0, 10), decided_at: seen.decided_at.slice(0, 10) }, {
    segment: 'government', status: 'approved', applied_at: '2025-01-10', due_on: '2025-01-17',
    decided_at: '2025-01-10', note: 'Ministry letter on file.', percent: 18,
  });
  // Viewers see it too.
  const v = await viewer.req('GET', `/api/v1/accounts/${acc}/customers/${c.id}`);
  assert.equal(v.json.customer.segment_discount.status, 'approved');
  await operator.req('PUT', '/api/v1/operator/segment-rates/government', { percent: 15 });
});

test('a rejection is shown to the partner with the note and no percentage', async () => {
  const c = await applyFor('nonprofit');
  const a = await applicationOf(c.id);
  const r = await decide(a.id, { decision: 'reject', note: 'No charity registration number was given.' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.application.status, 'rejected');
  assert.equal(r.json.application.percent, null);
  const seen = (await admin.req('GET', `/api/v1/accounts/${acc}/customers/${c.id}`)).json.customer.segment_discount;
  assert.equal(seen.status, 'rejected');
  assert.equal(seen.note, 'No charity registration number was given.');
  assert.equal(seen.percent, null);
  // Decided applications stay in the queue's full list.
  assert.equal((await applicationOf(c.id)).status, 'rejected');
});

test('a rejection needs a note saying why: 422 naming note, and the application stays pending', async () => {
  const c = await applyFor('education');
  const a = await applicationOf(c.id);
  for (const body of [{ decision: 'reject' }, { decision: 'reject', note: '' }, { decision: 'reject', note: ' \n\t ' }]) {
    const r = await decide(a.id, body);
    assert.equal(r.status, 422, JSON.stringify(body) + ' ' + r.text);
    assert.match(r.json.error.fields.note, /why/);
  }
  assert.equal((await applicationOf(c.id)).status, 'pending');
  const seen = (await admin.req('GET', `/api/v1/accounts/${acc}/customers/${c.id}`)).json.customer.segment_discount;
  assert.equal(seen.status, 'pending');
  // An approval needs no note.
  const ok = await decide(a.id, { decision: 'approve' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.application.note, '');
});

test('a decision is made once: a second one is 409, and of concurrent ones exactly one wins', async () => {
  const c1 = await applyFor('education');
  const a1 = await applicationOf(c1.id);
  assert.equal((await decide(a1.id, { decision: 'approve' })).status, 200);
  const again = await decide(a1.id, { decision: 'reject', note: 'changed my mind' });
  assert.equal(again.status, 409);
  assert.equal(again.json.error.code, 'already_decided');
  assert.equal((await applicationOf(c1.id)).status, 'approved');

  const c2 = await applyFor('nonprofit');
  const a2 = await applicationOf(c2.id);
  const results = await Promise.all(Array.from({ length: 8 }, (_, i) =>
    decide(a2.id, { decision: i % 2 ? 'approve' : 'reject', note: `decider ${i}` })));
  const codes = results.map((r) => r.status).sort();
  assert.deepEqual(codes, [200, 409, 409, 409, 409, 409, 409, 409]);
  const winner = results.find((r) => r.status === 200).json.application;
  const now = await applicationOf(c2.id);
  assert.equal(now.status, winner.status);
  assert.equal(now.note, winner.note);
});

test('only the operator reaches the operator endpoints', async () => {
  const company = new Client(srv.url);
  await ctlOk(['user', 'add', '--db', srv.db, '--email', 'it@contoso.example', '--password',
    'Contoso-Admin-2024!', '--account', contoso, '--role', 'admin']);
  await company.signIn({ email: 'it@contoso.example', password: 'Contoso-Admin-2024!' });
  const c = await applyFor('education');
  const a = await applicationOf(c.id);
  const partners = (await operator.req('GET', '/api/v1/operator/partners')).json.partners;
  const nw = partners.find((p) => p.id === acc);
  const calls = [
    ['GET', Q], ['GET', `${Q}/${a.id}`], ['POST', `${Q}/${a.id}/decision`, { decision: 'approve' }],
    ['GET', '/api/v1/operator/segment-rates'], ['PUT', '/api/v1/operator/segment-rates/education', { percent: 50 }],
    ['GET', '/api/v1/operator/partners'], ['GET', `/api/v1/operator/partners/${nw.id}`],
    ['GET', `${Q}?partner_id=${nw.id}&status=all`],
    ['PATCH', `/api/v1/operator/partners/${nw.id}`, { flexible_billing: true }],
    ['GET', '/api/v1/operator/outbox'],
  ];
  for (const client of [admin, viewer, tech, company]) {
    for (const [m, p, b] of calls) {
      const r = await client.req(m, p, b);
      assert.equal(r.status, 403, `${m} ${p}: ${r.text}`);
      assert.equal(r.json.error.code, 'forbidden');
    }
  }
  const anon = new Client(srv.url);
  assert.equal((await anon.req('GET', Q)).status, 401);
  // Nothing changed.
  assert.equal((await applicationOf(c.id)).status, 'pending');
  const rates = (await operator.req('GET', '/api/v1/operator/segment-rates')).json.rates;
  assert.equal(rates.find((x) => x.segment === 'education').percent, 20);

  // An operator viewer looks but cannot decide.
  const id = await ctlOk(['operator', 'add', '--db', srv.db, '--email', 'auditor@steward.example',
    '--password', 'Operator-Viewer-2024!', '--role', 'viewer']);
  assert.match(id, /^usr_/);
  const ov = new Client(srv.url);
  await ov.signIn({ email: 'auditor@steward.example', password: 'Operator-Viewer-2024!' });
  assert.equal((await ov.req('GET', Q)).status, 200);
  assert.equal((await decide(a.id, { decision: 'approve' }, ov)).status, 403);
  assert.equal((await ov.req('PUT', '/api/v1/operator/segment-rates/education', { percent: 50 })).status, 403);
});

test('bad input is refused with the field named; unknown things are 404', async () => {
  const c = await applyFor('education');
  const a = await applicationOf(c.id);
  let r = await decide(a.id, {});
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.decision);
  r = await decide(a.id, { decision: 'maybe' });
  assert.equal(r.status, 422);
  assert.match(r.json.error.fields.decision, /approve, reject/);
  r = await decide(a.id, { decision: 'approve', note: 'x'.repeat(1001) });
  assert.equal(r.status, 422);
  assert.match(r.json.error.fields.note, /1000/);
  r = await decide(a.id, { decision: 'approve', note: 5 });
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.note);
  r = await decide(a.id, { decision: 'approve', percent: 90 });
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.percent);
  assert.equal((await applicationOf(c.id)).status, 'pending');
  r = await decide('dap_doesnotexist2345', { decision: 'approve' });
  assert.equal(r.status, 404);

  r = await operator.req('PUT', '/api/v1/operator/segment-rates/education', { percent: 101 });
  assert.equal(r.status, 422);
  assert.match(r.json.error.fields.percent, /100/);
  r = await operator.req('PUT', '/api/v1/operator/segment-rates/education', { percent: -1 });
  assert.equal(r.status, 422);
  r = await operator.req('PUT', '/api/v1/operator/segment-rates/education', { percent: '20' });
  assert.equal(r.status, 422);
  r = await operator.req('PUT', '/api/v1/operator/segment-rates/education', {});
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.percent);
  r = await operator.req('PUT', '/api/v1/operator/segment-rates/retail', { percent: 10 });
  assert.equal(r.status, 404);

  r = await operator.req('PATCH', `/api/v1/operator/partners/${acc}`, { flexible_billing: 'yes' });
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.flexible_billing);
  r = await operator.req('PATCH', `/api/v1/operator/partners/${contoso}`, { flexible_billing: true });
  assert.equal(r.status, 404);
});

test('a partner\'s page: its figures and its discount history, and nothing of other accounts', async () => {
  const c = await applyFor('nonprofit');
  const a = await applicationOf(c.id);
  let r = await operator.req('GET', `/api/v1/operator/partners/${acc}`);
  assert.equal(r.status, 200, r.text);
  const p = r.json.partner;
  assert.equal(p.id, acc);
  assert.equal(p.name, 'Northwind IT Services');
  assert.equal(typeof p.flexible_billing, 'boolean');
  const customers = (await admin.req('GET', `/api/v1/accounts/${acc}/customers?limit=1`)).json.total;
  assert.equal(p.customers, customers);
  assert.ok(p.pending_applications >= 1);
  // The history: every application of this partner, and only of this partner.
  r = await operator.req('GET', `${Q}?partner_id=${acc}&status=all&limit=500`);
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.applications.some((x) => x.id === a.id));
  assert.ok(r.json.applications.every((x) => x.partner.id === acc));
  const all = (await operator.req('GET', `${Q}?status=all&limit=500`)).json.applications;
  assert.ok(all.some((x) => x.partner.id !== acc), 'other partners have applications');
  assert.equal(r.json.applications.length, all.filter((x) => x.partner.id === acc).length);
  r = await operator.req('GET', `${Q}?partner_id=${acc}&status=pending`);
  assert.ok(r.json.applications.every((x) => x.status === 'pending'));
  // Not partners: a company console, an unknown id.
  assert.equal((await operator.req('GET', `/api/v1/operator/partners/${contoso}`)).status, 404);
  assert.equal((await operator.req('GET', '/api/v1/operator/partners/acc_nope')).status, 404);
  r = await operator.req('GET', `${Q}?partner_id=acc_nope`);
  assert.deepEqual(r.json.applications, []);
});

test('the operator turns flexible billing on and off for a partner', async () => {
  const harborAcc = (await operator.req('GET', '/api/v1/operator/partners')).json.partners
    .find((p) => p.name === 'Blue Harbor Managed Services');
  const start = harborAcc.flexible_billing;
  let r = await operator.req('PATCH', `/api/v1/operator/partners/${harborAcc.id}`, { flexible_billing: !start });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.partner.flexible_billing, !start);
  assert.equal(r.json.partner.name, 'Blue Harbor Managed Services');
  let list = (await operator.req('GET', '/api/v1/operator/partners')).json.partners;
  assert.equal(list.find((p) => p.id === harborAcc.id).flexible_billing, !start);
  r = await operator.req('PATCH', `/api/v1/operator/partners/${harborAcc.id}`, { flexible_billing: start });
  assert.equal(r.status, 200);
  list = (await operator.req('GET', '/api/v1/operator/partners')).json.partners;
  assert.equal(list.find((p) => p.id === harborAcc.id).flexible_billing, start);
  // Partners are listed with their customers and waiting applications.
  const nw = list.find((p) => p.id === acc);
  assert.ok(nw.customers >= 5);
  assert.ok(nw.pending_applications >= 1);
});

test('the demo has an overdue application, highlighted as such', async () => {
  // A server on today's clock: the demo filed Riverbend's two weeks ago.
  const live = await startServer();
  try {
    const op = new Client(live.url);
    await op.signIn(operatorUser);
    const r = await op.req('GET', `${Q}?status=pending`);
    const rb = r.json.applications.find((a) => a.customer.company === 'Riverbend County Council');
    assert.equal(rb.overdue, true);
    assert.ok(rb.due_on < r.json.today);
    assert.equal(r.json.applications[0].customer.company, 'Riverbend County Council');
    const fresh = r.json.applications.find((a) => a.customer.company === '北風学園');
    assert.equal(fresh.overdue, false);
  } finally {
    await live.stop();
  }
});

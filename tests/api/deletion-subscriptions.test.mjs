// Subscriptions that deleted records still run (SPEC §8): deletion cancels
// a customer's or a company console's running subscriptions, but older
// versions deleted company consoles without, and the daily job leaves
// deleted records alone, so such subscriptions would run on through the 30
// days and come back running with a restore. The background process
// cancels them as deletion does now: reason cancelled_with_customer or
// cancelled_with_company, one audit entry and one subscription.changed
// event a subscription (to the partner's webhooks; company consoles have
// none), a trial whose end has passed keeping its end.
//
// The records are made and deleted on a server without a background
// process (STEWARD_NO_JOBS), then put back as an old version would have
// left them, straight in the database (sqlite3 on the file, psql on
// PostgreSQL): subscriptions running, no cancellation audited or sent.
// A server with its background process on the same database then sweeps
// them; a second one, sweeping again, changes nothing of theirs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, Client, demoUsers, backend } from '../lib/server.mjs';
import { until } from '../lib/wait.mjs';
import { startReceiver } from '../lib/receiver.mjs';
import { createCustomer } from '../lib/customers.mjs';

let srv, admin, owner, acc;
const url = (p) => `/api/v1/accounts/${acc}${p}`;
const DAY = 86400e3;
const day = (ms) => new Date(ms).toISOString().slice(0, 10);

// The webhook receiver (every event it gets held to the API document).
let hooks;

// SQL straight on the test database: rows as arrays of strings.
function sql(text) {
  const out = backend === 'pg'
    ? execFileSync('psql', ['-XAtq', '-v', 'ON_ERROR_STOP=1', srv.db, '-c', text])
    : execFileSync('sqlite3', ['-cmd', '.timeout 10000', srv.db, text]);
  return out.toString().trim().split('\n').filter((l) => l !== '').map((l) => l.split('|'));
}
const q = (s) => `'${s.replace(/'/g, "''")}'`;

// Each subscription of a customer: service -> { status, kind, ends_on, updated_at }.
function subsOf(customerId) {
  return Object.fromEntries(sql(`SELECT service_key, status, kind, COALESCE(ends_on, ''), updated_at
    FROM subscriptions WHERE customer_id = ${q(customerId)} ORDER BY service_key`)
    .map(([k, status, kind, ends, updated]) => [k, { status, kind, ends_on: ends || null, updated_at: updated }]));
}

// What an old version left of a deleted record's subscriptions: running
// (ends_on as given, by service), with no cancellation audited or sent.
function asOldVersionLeftIt(customerId, ends) {
  for (const [service, end] of Object.entries(ends)) {
    sql(`UPDATE subscriptions SET status = 'active', ends_on = ${q(end)}
      WHERE customer_id = ${q(customerId)} AND service_key = ${q(service)}`);
  }
  sql(`DELETE FROM audit_events WHERE customer_id = ${q(customerId)} AND category = 'subscription'
    AND event_type LIKE 'cancelled_with_%'`);
  sql(`DELETE FROM webhook_deliveries WHERE event = 'subscription.changed' AND body LIKE ${q(`%${customerId}%`)}
    AND body LIKE '%cancelled_with_%'`);
}

// The audit entries of the record's cancellations.
const cancelAudits = (customerId) => sql(`SELECT event_type, origin, detail FROM audit_events
  WHERE customer_id = ${q(customerId)} AND category = 'subscription' AND event_type LIKE 'cancelled_with_%'
  ORDER BY detail`).map(([type, origin, detail]) => ({ type, origin, detail }));
// The subscription.changed deliveries of cancellations received for the
// record.
const sent = (customerId) => hooks.received.filter((r) => r.event === 'subscription.changed' &&
  r.json.data.customer_id === customerId && r.json.data.change.startsWith('cancelled_with_'));

let seq = 0;
async function newCustomer(company) {
  seq += 1;
  return createCustomer(admin, url('/customers'), company, `swept${seq}`);
}

async function trial(client, base, customerId, service) {
  const r = await client.req('POST', `${base}/customers/${customerId}/subscriptions/trials`, { service });
  assert.equal(r.status, 201, r.text);
}

// A server with its background process on srv's database, for as long as
// fn runs.
async function withJobs(fn) {
  const jobs = await startServer({ db: srv.db });
  try {
    return await fn(jobs);
  } finally {
    await jobs.stop();
  }
}

before(async () => {
  hooks = await startReceiver();
  srv = await startServer({ env: { STEWARD_NO_JOBS: '1' } });
  admin = await Client.signedIn(srv.url, demoUsers.admin);
  owner = await Client.signedIn(srv.url, demoUsers.tanaka);
  acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
});
after(async () => {
  await srv?.stop();
  await hooks?.close();
  assert.deepEqual(hooks?.problems, [], 'every event received is what the API document describes');
});

test('the background process cancels what deleted records still run, once, as deletion does', async () => {
  const hook = await admin.req('POST', url('/webhooks'), { url: `http://127.0.0.1:${hooks.port}/partner`,
    events: ['subscription.changed'] });
  assert.equal(hook.status, 201, hook.text);
  // A customer with two trials; a live customer with one; another, for
  // the second sweep, with one; and a company console with a trial.
  const gone = await newCustomer('Swept Away Ltd');
  await trial(admin, url(''), gone.id, 'premium_business');
  await trial(admin, url(''), gone.id, 'cloud_backup');
  const live = await newCustomer('Still Here Ltd');
  await trial(admin, url(''), live.id, 'premium_business');
  const later = await newCustomer('Swept Later Ltd');
  await trial(admin, url(''), later.id, 'premium_business');
  const cr = await owner.req('POST', '/api/v1/companies', { name: 'Swept Ceramics KK', region: 'JP' });
  assert.equal(cr.status, 201, cr.text);
  const co = cr.json.account.id;
  const self = cr.json.account.customer_id;
  const curl = `/api/v1/accounts/${co}`;
  await trial(owner, curl, self, 'premium_business');

  const ends = (id) => Object.fromEntries(Object.entries(subsOf(id)).map(([k, s]) => [k, s.ends_on]));
  const goneEnds = ends(gone.id), selfEnds = ends(self), laterEnds = ends(later.id), liveBefore = subsOf(live.id);
  assert.ok(Object.values(goneEnds).every((e) => e > day(Date.now())), 'trials end in the future');
  for (const c of [gone, later]) {
    assert.equal((await admin.req('DELETE', url(`/customers/${c.id}`), { confirm_name: c.company })).status, 204);
  }
  assert.equal((await owner.req('DELETE', curl, { confirm_name: 'Swept Ceramics KK' })).status, 204);

  // As an old version left them; cloud_backup's trial ended three days
  // ago while it was deleted (the daily job leaves deleted records alone).
  const ended = day(Date.now() - 3 * DAY);
  asOldVersionLeftIt(gone.id, { ...goneEnds, cloud_backup: ended });
  asOldVersionLeftIt(self, selfEnds);
  assert.deepEqual(Object.values(subsOf(gone.id)).map((s) => s.status), ['active', 'active']);
  assert.equal(subsOf(self).premium_business.status, 'active');
  assert.deepEqual(cancelAudits(gone.id), []);
  assert.deepEqual(cancelAudits(self), []);

  const today = day(Date.now());
  await withJobs(async () => {
    await until(() => Object.values(subsOf(gone.id)).every((s) => s.status === 'cancelled') &&
      subsOf(self).premium_business.status === 'cancelled', { what: 'the deleted records\' subscriptions cancelled' });
    await until(() => sent(gone.id).length >= 2 && sent(later.id).length >= 1,
      { what: 'subscription.changed delivered' });
  });

  // Cancelled as deletion cancels: today, or at the end that had passed.
  const g = subsOf(gone.id);
  assert.equal(g.premium_business.ends_on, today);
  assert.equal(g.cloud_backup.ends_on, ended, 'a trial that had ended keeps its end');
  assert.equal(subsOf(self).premium_business.ends_on, today);
  // One audit entry a subscription, by the system, with deletion's reason.
  const ga = cancelAudits(gone.id);
  assert.deepEqual(ga.map((a) => [a.type, a.origin]), [['cancelled_with_customer', 'system'],
    ['cancelled_with_customer', 'system']]);
  assert.match(ga[0].detail, /^cloud_backup \(trial, \d+ seats\) cancelled: the customer was deleted$/);
  assert.match(ga[1].detail, /^premium_business \(trial, \d+ seats\) cancelled: the customer was deleted$/);
  const sa = cancelAudits(self);
  assert.deepEqual(sa.map((a) => [a.type, a.origin]), [['cancelled_with_company', 'system']]);
  assert.match(sa[0].detail, /cancelled: the company console was deleted$/);
  // One subscription.changed a subscription, to the partner's webhook (a
  // company console has no webhooks).
  const gs = sent(gone.id).sort((a, b) => a.json.data.service_key.localeCompare(b.json.data.service_key));
  assert.deepEqual(gs.map((r) => [r.json.account_id, r.json.data.service_key, r.json.data.change, r.json.data.status,
    r.json.data.ends_on]), [[acc, 'cloud_backup', 'cancelled_with_customer', 'cancelled', ended],
    [acc, 'premium_business', 'cancelled_with_customer', 'cancelled', today]]);
  // The live customer's trial is untouched, and so is the record that
  // this version deleted (its one cancellation is its deletion's).
  assert.deepEqual(subsOf(live.id), liveBefore);
  assert.deepEqual(sent(live.id), []);
  assert.deepEqual(cancelAudits(live.id), []);
  assert.equal((await admin.req('GET', url(`/customers/${live.id}/subscriptions`))).json.subscriptions
    .find((s) => s.service.key === 'premium_business').state, 'trial');
  const laterAudits = cancelAudits(later.id);
  assert.equal(laterAudits.length, 1);
  assert.notEqual(laterAudits[0].origin, 'system');
  assert.equal(sent(later.id).length, 1);
  assert.deepEqual(Object.values(subsOf(later.id)).map((s) => s.status), ['cancelled']);

  // Sweeping again changes nothing of theirs: a second background process
  // (shown to have swept by the record put back running meanwhile).
  const swept = { gone: subsOf(gone.id), self: subsOf(self), live: subsOf(live.id) };
  asOldVersionLeftIt(later.id, laterEnds);
  await withJobs(async () => {
    await until(() => subsOf(later.id).premium_business.status === 'cancelled' && sent(later.id).length === 2,
      { what: 'the record put back running swept' });
  });
  assert.deepEqual({ gone: subsOf(gone.id), self: subsOf(self), live: subsOf(live.id) }, swept);
  assert.equal(cancelAudits(gone.id).length, 2);
  assert.equal(cancelAudits(self).length, 1);
  assert.deepEqual(cancelAudits(later.id).map((a) => [a.type, a.origin]), [['cancelled_with_customer', 'system']]);
  assert.equal(sent(gone.id).length, 2);
  assert.equal(sent(later.id).length, 2);

  // Restored, the console's trial stays cancelled, as after a deletion
  // by this version; its audit log shows the cancellation.
  assert.equal((await owner.req('POST', `/api/v1/me/deleted-accounts/${co}/restore`)).status, 204);
  const subs = (await owner.req('GET', `${curl}/customers/${self}/subscriptions`)).json.subscriptions;
  const mine = subs.find((s) => s.service.key === 'premium_business');
  assert.equal(mine.state, 'expired');
  assert.equal(mine.cancelled, true);
  const audit = (await owner.req('GET', `${curl}/audit?category=subscription&limit=100`)).json.events
    .filter((e) => e.event_type === 'cancelled_with_company');
  assert.equal(audit.length, 1);
  assert.equal(audit[0].origin, 'system');
});

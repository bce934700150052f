// Webhooks (SPEC §10): registration by whole-account admins, signed
// deliveries of every event type through an outbox written with the
// change (none for a change that was not written), retries across a
// receiver that fails and hangs, an outage that one server starts and
// another ends, once per endpoint across two servers, redelivery,
// rotation, disabling, deletion, isolation; then, on an installation of
// its own, HTTPS with a CA of the test's own and the back-off schedule
// with the clock moved forward up to the failed delivery and its
// redelivery.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHmac } from 'node:crypto';
import { startServer, Client, demoUsers, agentReq } from '../lib/server.mjs';
import { until } from '../lib/wait.mjs';
import { deliveryProblems } from '../lib/openapi.mjs';
import { createCustomer } from '../lib/customers.mjs';

let srv, srv2, admin, viewer, harbor, tech, acc, hacc, cust;
const url = (p) => `/api/v1/accounts/${acc}${p}`;
const env = { STEWARD_WEBHOOK_RETRY_SECONDS: '1', STEWARD_WEBHOOK_TIMEOUT_SECONDS: '3' };

// What every request a receiver got must be: an event as the API document
// describes it (docs/openapi.yaml, WebhookEvent), named in its headers.
const contract = [];
const holdToDocument = (headers, body) => contract.push(...deliveryProblems(headers, body));

// The receiver: records every request (ok: answered 2xx). It fails (500)
// or hangs on the next requests whose body holds plan.match (other
// events, such as the background jobs' alerts, are answered normally).
const received = [];
const plan = { fail: 0, hang: 0, match: null };
let receiver, rport;

function startReceiver() {
  return new Promise((resolve) => {
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        holdToDocument(req.headers, body);
        const mine = plan.match !== null && body.includes(plan.match);
        const r = { path: req.url, headers: req.headers, body, at: Date.now(), spoiled: false, ok: false };
        received.push(r);
        if (mine && plan.hang > 0) { plan.hang -= 1; r.spoiled = true; return; }	// never answers
        if (mine && plan.fail > 0) { plan.fail -= 1; r.spoiled = true; res.writeHead(500); res.end('down'); return; }
        r.ok = true;
        res.writeHead(204);
        res.end();
      });
    });
    receiver.listen(0, '127.0.0.1', () => { rport = receiver.address().port; resolve(); });
  });
}


const verify = (secret, r) => {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(r.headers['steward-signature'] || '');
  if (!m) return false;
  return createHmac('sha256', secret).update(`${m[1]}.${r.body}`).digest('hex') === m[2];
};

// The first request of event type whose data passes pred.
const eventAt = (type, pred) => until(() => received.find((x) => x.headers['steward-event'] === type &&
  pred(JSON.parse(x.body).data)), { what: `${type} at the receiver` });

// A webhook's recent deliveries (through client, in account a).
const deliveriesOf = async (client, a, id) => {
  const r = await client.req('GET', `/api/v1/accounts/${a}/webhooks/${id}/deliveries?limit=500`);
  assert.equal(r.status, 200, r.text);
  return r.json.deliveries;
};

const fresh = () => new Date(Date.now() - 3600 * 1000).toISOString();
const state = (extra = {}) => ({ protection: 'on', definitions_updated_at: fresh(), threats: [], ...extra });

let seq = 0;
const nextCompany = () => `Hooked Widgets ${seq + 1} Ltd`;
async function newCustomer(client = admin) {
  seq += 1;
  return createCustomer(client, url('/customers'), `Hooked Widgets ${seq} Ltd`, `hook${seq}`);
}

before(async () => {
  await startReceiver();
  srv = await startServer({ env });
  [admin, viewer, harbor, tech] = [0, 1, 2, 3].map(() => new Client(srv.url));
  await admin.signIn(demoUsers.admin);
  await viewer.signIn(demoUsers.viewer);
  await harbor.signIn(demoUsers.harbor);
  await tech.signIn(demoUsers.tech);
  acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  hacc = (await harbor.req('GET', '/api/v1/accounts')).json.accounts[0].id;
  cust = (await admin.req('GET', url('/customers?limit=1'))).json.customers[0].id;
});
after(async () => {
  await srv2?.stop();
  await srv?.stop();
  await iso?.stop();
  receiver?.close();
  for (const r of isoReceivers) r.close();
  if (tlsDir) rmSync(tlsDir, { recursive: true, force: true });
  assert.deepEqual(contract, [], 'every event received is what the API document describes');
});

let hook, secret;

test('registration: checked, whole-account admins only, the secret shown once', async () => {
  const target = `http://127.0.0.1:${rport}/steward`;
  for (const [body, field] of [
    [{ url: 'ftp://example.com/x', events: ['customer.created'] }, 'url'],
    [{ url: 'http://example.com/x', events: ['customer.created'] }, 'url'],
    [{ url: 'https://user:pw@example.com/x', events: ['customer.created'] }, 'url'],
    [{ url: 'https://exa mple.com/', events: ['customer.created'] }, 'url'],
    [{ url: target, events: ['customer.exploded'] }, 'events[0]'],
    [{ url: target, events: [] }, 'events'],
    [{ url: target }, 'events'],
    [{ url: target, events: ['customer.created'], extra: 1 }, 'extra'],
  ]) {
    const r = await admin.req('POST', url('/webhooks'), body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.ok(r.json.error.fields[field], r.text);
  }
  assert.equal((await viewer.req('POST', url('/webhooks'), { url: target, events: ['customer.created'] })).status, 403);
  assert.equal((await viewer.req('GET', url('/webhooks'))).status, 403);
  assert.equal((await tech.req('GET', url('/webhooks'))).status, 403);
  assert.equal((await harbor.req('GET', url('/webhooks'))).status, 404);
  const r = await admin.req('POST', url('/webhooks'), {
    url: target, events: ['customer.created', 'device.enrolled', 'alert.raised', 'alert.changed', 'device.removed',
      'subscription.changed'],
  });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.secret, /^stw_whs_/);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  hook = r.json;
  secret = r.json.secret;
  const got = await admin.req('GET', url(`/webhooks/${hook.id}`));
  assert.equal(got.json.secret, undefined);
  assert.deepEqual(got.json.events, hook.events);
  assert.ok((await admin.req('GET', url('/webhooks'))).json.webhooks.some((w) => w.id === hook.id));
  assert.equal((await harbor.req('GET', `/api/v1/accounts/${hacc}/webhooks/${hook.id}`)).status, 404);
  assert.equal((await harbor.req('DELETE', `/api/v1/accounts/${hacc}/webhooks/${hook.id}`)).status, 404);
  assert.equal((await viewer.req('DELETE', url(`/webhooks/${hook.id}`))).status, 403);
  // Every route is for whole-account admins (routes.h: PARTNER | R_WHOLE
  // | R_ADMIN): a viewer and an admin of chosen customers get 403, reads
  // included; another account's admin gets 404, under its own account or
  // this one.
  for (const [method, path, body] of [
    ['GET', `/webhooks/${hook.id}`],
    ['PATCH', `/webhooks/${hook.id}`, { enabled: false }],
    ['POST', `/webhooks/${hook.id}/rotate-secret`],
    ['GET', `/webhooks/${hook.id}/deliveries`],
  ]) {
    const what = `${method} ${path}`;
    assert.equal((await viewer.req(method, url(path), body)).status, 403, `viewer: ${what}`);
    assert.equal((await tech.req(method, url(path), body)).status, 403, `admin of chosen customers: ${what}`);
    assert.equal((await harbor.req(method, `/api/v1/accounts/${hacc}${path}`, body)).status, 404, `other account: ${what}`);
    assert.equal((await harbor.req(method, url(path), body)).status, 404, `not a member: ${what}`);
  }
  // None of them changed anything (the secret still signs: next test).
  const still = await admin.req('GET', url(`/webhooks/${hook.id}`));
  assert.equal(still.json.enabled, true);
  assert.deepEqual(still.json.events, hook.events);
});

test('a change is delivered once, signed, with its event; a failing receiver gets it when it recovers', async () => {
  plan.match = nextCompany();
  plan.fail = 2;
  const c = await newCustomer();
  const hits = await until(() => {
    const h = received.filter((x) => x.body.includes(c.id));
    return h.length >= 3 && h;
  });
  assert.equal(hits.length, 3, 'two failures, then delivered');
  const last = hits[2];
  assert.ok(verify(secret, last), 'signature verifies with the secret');
  assert.ok(!verify('stw_whs_wrong', last));
  assert.equal(last.headers['steward-event'], 'customer.created');
  assert.equal(last.headers['content-type'], 'application/json');
  assert.equal(new Set(hits.map((h) => h.headers['steward-event-id'])).size, 1, 'the same event each time');
  const ev = JSON.parse(last.body);
  assert.deepEqual([ev.type, ev.account_id, ev.data.customer_id, ev.data.company], ['customer.created', acc, c.id, c.company]);
  assert.equal(ev.id, last.headers['steward-event-id']);
  const d = (await admin.req('GET', url(`/webhooks/${hook.id}/deliveries`))).json.deliveries
    .find((x) => x.event_id === ev.id);
  await until(async () => (await admin.req('GET', url(`/webhooks/${hook.id}/deliveries`))).json.deliveries
    .find((x) => x.event_id === ev.id).status === 'delivered');
  assert.ok(d);
  const done = (await admin.req('GET', url(`/webhooks/${hook.id}/deliveries`))).json.deliveries.find((x) => x.event_id === ev.id);
  assert.deepEqual([done.status, done.attempts, done.last_status], ['delivered', 3, 204]);
  assert.equal(done.body.data.customer_id, c.id);
});

test('an import that writes nothing sends nothing; one that writes sends customer.created per customer', async () => {
  const header = 'email,contact_person,phone,company,industry,website,street,postal_code,city,country';
  const csv = (names, country = () => 'GB') => [header, ...names.map((n, i) => `it@${n.split(' ').join('-')}.example,` +
    `Ada Lovelace,+44 20 7946 0958,${n},retail,hooks-import${i}.example,1 Road,NW1 5LN,London,${country(i)}`)]
    .join('\r\n') + '\r\n';
  const post = (body) => admin.req('POST', url('/customers/import'), body, { raw: true, headers: { 'content-type': 'text/csv' } });
  // One bad row (its country): 422, nothing written, so no delivery.
  const refused = ['Refused Hooks One Ltd', 'Refused Hooks Two Ltd', 'Refused Hooks Three Ltd'];
  let r = await post(csv(refused, (i) => (i === 1 ? 'XX' : 'GB')));
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.created, 0);
  assert.deepEqual(r.json.errors.map((e) => `${e.line}:${e.field}`), ['3:country']);
  const names = ['Imported Hooks One Ltd', 'Imported Hooks Two Ltd'];
  r = await post(csv(names));
  assert.equal(r.status, 201, r.text);
  const hits = await until(() => {
    const h = names.map((n) => received.find((x) => x.body.includes(n)));
    return h.every(Boolean) && h;
  });
  for (const [i, h] of hits.entries()) {
    assert.ok(verify(secret, h));
    assert.equal(h.headers['steward-event'], 'customer.created');
    const ev = JSON.parse(h.body);
    assert.equal(ev.data.company, names[i]);
    assert.equal(ev.account_id, acc);
  }
  // The outbox holds one delivery per imported customer and none for the
  // refused file (it is written with the change, so none can come later).
  const list = await deliveriesOf(admin, acc, hook.id);
  for (const n of names) assert.equal(list.filter((d) => d.body.data.company === n).length, 1, n);
  assert.equal(list.filter((d) => d.body.data.company?.startsWith('Refused Hooks')).length, 0);
  assert.equal(received.filter((x) => x.body.includes('Refused Hooks')).length, 0);
});

test('alert, subscription and device changes are delivered, signed, with what changed', async () => {
  const c = await newCustomer();
  const token = (await admin.req('GET', url(`/customers/${c.id}/installer`))).json.token;
  let r = await agentReq(srv.url, '/agent/v1/enroll',
    { token, hardware_id: 'hook-events-hw', hostname: 'hook-events', platform: 'workstation' });
  assert.equal(r.status, 201, r.text);
  const dev = r.json;
  const checkin = (st) => agentReq(srv.url, '/agent/v1/checkin', { policy_version: null, state: st }, dev.device_secret);
  const check = (x, type) => {
    assert.ok(verify(secret, x), `${type} signed`);
    assert.equal(x.headers['steward-event'], type);
    const ev = JSON.parse(x.body);
    assert.deepEqual([ev.type, ev.account_id, ev.id], [type, acc, x.headers['steward-event-id']]);
    return ev.data;
  };
  const changed = (id, status) => eventAt('alert.changed', (d) => d.alert_id === id && d.status === status);

  // Raised, then acknowledged by hand.
  assert.equal((await checkin(state({ protection: 'off' }))).status, 200);
  const raised = check(await eventAt('alert.raised', (d) => d.device_id === dev.device_id &&
    d.type === 'protection_off'), 'alert.raised');
  r = await admin.req('PATCH', url(`/alerts/${raised.alert_id}`), { status: 'acknowledged', note: 'On it' });
  assert.equal(r.status, 200, r.text);
  let d = check(await changed(raised.alert_id, 'acknowledged'), 'alert.changed');
  assert.deepEqual([d.type, d.severity, d.customer_id, d.device_id, d.note],
    ['protection_off', 'high', c.id, dev.device_id, 'On it']);
  // Resolved by Steward when protection is on again.
  assert.equal((await checkin(state())).status, 200);
  d = check(await changed(raised.alert_id, 'resolved'), 'alert.changed');
  assert.deepEqual([d.customer_id, d.device_id], [c.id, dev.device_id]);
  assert.ok(d.note, 'says why');

  // Muted by a mute of its customer and type, open again when it ends.
  assert.equal((await checkin(state({ protection: 'off' }))).status, 200);
  const again = check(await eventAt('alert.raised', (x) => x.device_id === dev.device_id &&
    x.type === 'protection_off' && x.alert_id !== raised.alert_id), 'alert.raised');
  const mutedUntil = new Date(Date.now() + 86400 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  r = await admin.req('POST', url('/alert-mutes'), { customer_id: c.id, type: 'protection_off', until: mutedUntil });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.muted_alerts, 1);
  d = check(await changed(again.alert_id, 'muted'), 'alert.changed');
  assert.deepEqual([d.type, d.customer_id, d.device_id], ['protection_off', c.id, dev.device_id]);
  assert.equal((await admin.req('DELETE', url(`/alert-mutes/${r.json.id}`))).status, 204);
  check(await changed(again.alert_id, 'open'), 'alert.changed');

  // A subscription changed: a trial started.
  r = await admin.req('POST', url(`/customers/${c.id}/subscriptions/trials`), { service: 'premium_business' });
  assert.equal(r.status, 201, r.text);
  d = check(await eventAt('subscription.changed', (x) => x.customer_id === c.id), 'subscription.changed');
  assert.deepEqual([d.service_key, d.change, d.kind, d.seats, d.ends_on],
    ['premium_business', 'trial_started', 'trial', 25, r.json.subscription.ends_on]);

  // The device removed: device.removed, and its open alert resolved.
  assert.equal((await admin.req('DELETE', url(`/devices/${dev.device_id}`))).status, 204);
  d = check(await eventAt('device.removed', (x) => x.device_id === dev.device_id), 'device.removed');
  assert.deepEqual([d.customer_id, d.hostname], [c.id, 'hook-events']);
  d = check(await changed(again.alert_id, 'resolved'), 'alert.changed');
  assert.equal(d.note, 'the device was removed');

  // Each once, and recorded as delivered.
  check(await eventAt('device.enrolled', (x) => x.device_id === dev.device_id), 'device.enrolled');
  const mine = received.filter((x) => x.body.includes(c.id) && x.headers['steward-event'] !== 'customer.created');
  const types = {};
  for (const x of mine) types[x.headers['steward-event']] = (types[x.headers['steward-event']] ?? 0) + 1;
  assert.deepEqual(types, { 'device.enrolled': 1, 'alert.raised': 2, 'alert.changed': 5, 'subscription.changed': 1,
    'device.removed': 1 });
  assert.equal(new Set(mine.map((x) => x.headers['steward-event-id'])).size, mine.length);
  await until(async () => {
    const list = await deliveriesOf(admin, acc, hook.id);
    return mine.every((x) => list.find((y) => y.id === x.headers['steward-delivery'])?.status === 'delivered');
  }, { what: 'recorded as delivered' });
});

test('a receiver that hangs is given up on after the timeout and tried again', async () => {
  plan.match = nextCompany();
  plan.hang = 1;
  const c = await newCustomer();
  const hits = await until(() => {
    const h = received.filter((x) => x.body.includes(c.id));
    return h.length >= 2 && h;
  });
  assert.equal(hits.length, 2);
  // The 3 s timeout runs from the sender's start; the receiver notes the
  // first try a moment later, and with two servers the other one's lane may
  // send the retry at once (seen: 2,9xx ms). Well before the timeout would
  // mean the hanging try was not given up on.
  assert.ok(hits[1].at - hits[0].at >= 2500, `the second try came after the timeout (${hits[1].at - hits[0].at} ms)`);
  await until(async () => (await admin.req('GET', url(`/webhooks/${hook.id}/deliveries`))).json.deliveries
    .some((x) => x.body.data.customer_id === c.id && x.status === 'delivered'));
});

test('two servers deliver each event once; device and alert events come too', async () => {
  srv2 = await startServer({ db: srv.db, env });
  const token = (await admin.req('GET', url(`/customers/${cust}/installer`))).json.token;
  const devices = [];
  for (let i = 0; i < 6; i++) {
    const r = await agentReq(srv.url, '/agent/v1/enroll',
      { token, hardware_id: `hook-hw-${i}`, hostname: `hook-${i}`, platform: 'workstation' });
    assert.equal(r.status, 201);
    devices.push(r.json);
  }
  const off = await agentReq(srv2.url, '/agent/v1/checkin', { policy_version: null,
    state: { protection: 'off', definitions_updated_at: new Date().toISOString(), threats: [] } }, devices[0].device_secret);
  assert.equal(off.status, 200);
  const enrolled = await until(() => {
    const h = received.filter((x) => x.headers['steward-event'] === 'device.enrolled' && /hook-\d/.test(x.body));
    return h.length >= 6 && h;
  });
  const raised = await until(() => received.find((x) => x.headers['steward-event'] === 'alert.raised' &&
    JSON.parse(x.body).data.device_id === devices[0].device_id && JSON.parse(x.body).data.type === 'protection_off'));
  assert.ok(verify(secret, raised));
  assert.equal(enrolled.length, 6);
  assert.equal(new Set(enrolled.map((x) => x.headers['steward-event-id'])).size, 6);
});

test('an outage that one server starts and the other ends: each try once, in turn, delivered once', async () => {
  // The receiver hangs on the first try and fails the next three. srv
  // alone makes the first three (srv2 is stopped at a quiet moment); it
  // is stopped while the fourth is not yet due, and srv2, serving again,
  // makes the fourth and the fifth, which is delivered.
  await srv2.kill9();
  plan.match = nextCompany();
  plan.hang = 1;
  plan.fail = 3;
  const c = await newCustomer();
  const via = (base) => Object.assign(new Client(base), { cookies: admin.cookies, csrf: admin.csrf });
  const find = async (client) => (await deliveriesOf(client, acc, hook.id))
    .find((x) => x.event === 'customer.created' && x.body.data.customer_id === c.id);
  const third = await until(async () => {
    const d = await find(admin);
    return d?.attempts === 3 && d.status === 'waiting' && d;
  }, { what: 'three tries by srv', timeout: 30000 });
  assert.ok(Date.parse(third.next_attempt_at) - Date.now() > 1500, 'the fourth try is not due yet');
  assert.equal(third.last_status, 500);
  await srv.kill9();
  await srv2.restart();
  assert.equal(received.filter((x) => x.body.includes(c.id)).length, 3);
  const done = await until(async () => {
    const d = await find(via(srv2.url));
    return d?.status === 'delivered' && d;
  }, { what: 'delivered by srv2', timeout: 30000 });
  await srv.restart();
  assert.deepEqual([done.attempts, done.last_status], [5, 204]);
  const tries = received.filter((x) => x.body.includes(c.id));
  assert.equal(tries.length, 5);
  assert.deepEqual(tries.map((x) => x.ok), [false, false, false, false, true]);
  assert.equal(new Set(tries.map((x) => x.headers['steward-delivery'])).size, 1, 'one delivery, tried again');
  assert.ok(tries.every((x) => verify(secret, x)));
  // One at a time: each try after the one before had its answer (the
  // hung one: the 3 s timeout).
  assert.ok(tries[1].at - tries[0].at >= 2500, `${tries[1].at - tries[0].at} ms`);
});

test('across both servers no delivery was answered twice, those failed on purpose included', async () => {
  await new Promise((r) => setTimeout(r, 3000));	// a duplicate would show by now
  const answered = {};
  const byEvent = {};
  for (const x of received.filter((y) => y.ok)) {
    const d = x.headers['steward-delivery'], ev = `${x.path} ${x.headers['steward-event-id']}`;
    answered[d] = (answered[d] ?? 0) + 1;
    byEvent[ev] = (byEvent[ev] ?? 0) + 1;
  }
  assert.deepEqual(Object.entries(answered).filter(([, n]) => n > 1), [], 'no delivery answered twice');
  assert.deepEqual(Object.entries(byEvent).filter(([, n]) => n > 1), [], 'no event answered twice per endpoint');
  // Those failed or hung on purpose (the first test's, the hanging
  // receiver's, the outage's) were each answered once in the end.
  const spoiled = new Set(received.filter((x) => x.spoiled).map((x) => x.headers['steward-delivery']));
  assert.equal(spoiled.size, 3);
  for (const d of spoiled) assert.equal(answered[d], 1, d);
});

test('redeliver on request; rotate the secret; disable; delete', async () => {
  const list = (await admin.req('GET', url(`/webhooks/${hook.id}/deliveries`))).json.deliveries;
  const delivered = list.find((x) => x.status === 'delivered');
  const before = received.filter((x) => x.headers['steward-event-id'] === delivered.event_id).length;
  let r = await admin.req('POST', url(`/webhooks/${hook.id}/deliveries/${delivered.id}/redeliver`));
  assert.equal(r.status, 202, r.text);
  await until(() => received.filter((x) => x.headers['steward-event-id'] === delivered.event_id).length === before + 1);
  assert.equal((await viewer.req('POST', url(`/webhooks/${hook.id}/deliveries/${delivered.id}/redeliver`))).status, 403);
  assert.equal((await admin.req('POST', url(`/webhooks/${hook.id}/deliveries/dlv_nosuchdelivery/redeliver`))).status, 404);

  r = await admin.req('POST', url(`/webhooks/${hook.id}/rotate-secret`));
  assert.equal(r.status, 200);
  assert.notEqual(r.json.secret, secret);
  const fresh = r.json.secret;
  const c = await newCustomer();
  const hit = await until(() => received.find((x) => x.body.includes(c.id)));
  assert.ok(verify(fresh, hit));
  assert.ok(!verify(secret, hit));

  r = await admin.req('PATCH', url(`/webhooks/${hook.id}`), { enabled: false });
  assert.equal(r.status, 200);
  assert.equal(r.json.enabled, false);
  assert.equal((await admin.req('PATCH', url(`/webhooks/${hook.id}`), { url: 'http://10.0.0.1/x' })).status, 422);
  const quiet = await newCustomer();
  await new Promise((res) => setTimeout(res, 2500));
  assert.equal(received.filter((x) => x.body.includes(quiet.id)).length, 0);

  r = await admin.req('DELETE', url(`/webhooks/${hook.id}`));
  assert.equal(r.status, 204);
  assert.equal((await admin.req('GET', url(`/webhooks/${hook.id}`))).status, 404);
  const audit = (await admin.req('GET', url('/audit?category=webhook&limit=50'))).json.events.map((e) => e.event_type);
  for (const t of ['create', 'rotate', 'update', 'redeliver', 'delete']) assert.ok(audit.includes(t), t);
});

// ---- An installation of its own: HTTPS and the back-off schedule ----------
//
// Its server runs no background process (--no-jobs): deliveries go out
// only from the senders a test starts on its database, each a server with
// its own clock (STEWARD_CLOCK_OFFSET), so a retry's wait passes without
// being waited for. Started with the default retry delay (30 s).
let iso, isoAdmin, iacc, tlsDir;
const isoReceivers = [];
let isoEnv = { STEWARD_WEBHOOK_TIMEOUT_SECONDS: '3' };
const isoUrl = (p) => `/api/v1/accounts/${iacc}${p}`;

async function isoStart() {
  iso = await startServer({ args: ['--no-jobs'], env: isoEnv });
  isoAdmin = new Client(iso.url);
  await isoAdmin.signIn(demoUsers.admin);
  iacc = (await isoAdmin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
}

// A request as iso's admin; a sender whose clock is hours ahead may have
// ended the session as idle (housekeeping), so it signs in again then.
async function isoReq(method, path, body) {
  let r = await isoAdmin.req(method, path, body);
  if (r.status === 401) {
    await isoAdmin.signIn(demoUsers.admin);
    r = await isoAdmin.req(method, path, body);
  }
  return r;
}

const sender = (offset) => startServer({ db: iso.db, env: { ...isoEnv, STEWARD_CLOCK_OFFSET: String(offset) } });

// A receiver on loopback (https when tls holds a key and certificate):
// records requests and answers with answer.status.
function listen(tls) {
  const rec = { hits: [], tlsErrors: [], answer: { status: 204 } };
  const handler = (req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      holdToDocument(req.headers, body);
      rec.hits.push({ headers: req.headers, body });
      res.writeHead(rec.answer.status);
      res.end();
    });
  };
  const s = tls ? https.createServer(tls, handler) : http.createServer(handler);
  s.on('tlsClientError', (e) => rec.tlsErrors.push(e.message));
  isoReceivers.push(s);
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => { rec.port = s.address().port; resolve(rec); }));
}

async function isoCustomer(name) {
  const r = await isoReq('POST', isoUrl('/customers'), {
    source: 'new', email: `it@${name.split(' ').join('-').toLowerCase()}.example`, contact_person: 'Ada Lovelace',
    phone: '+44 20 7946 0958', company: name, industry: 'it_telecom', website: 'iso-hooks.example',
    street: '12 Marylebone Road', postal_code: 'NW1 5LN', city: 'London', country: 'GB', segment_discount: null,
    management: { mode: 'local', template: 'workstation' },
  });
  assert.equal(r.status, 201, r.text);
  return r.json.customer;
}

const isoDelivery = async (hookId) => {
  const r = await isoReq('GET', isoUrl(`/webhooks/${hookId}/deliveries`));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.deliveries.length, 1);
  return r.json.deliveries[0];
};

test('HTTPS: delivered when STEWARD_WEBHOOK_CA trusts the receiver; an untrusted certificate is a failed try with its reason', async () => {
  tlsDir = mkdtempSync(join(tmpdir(), 'steward-hook-tls-'));
  const cert = (name) => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout', join(tlsDir, `${name}.key`), '-out', join(tlsDir, `${name}.pem`)], { stdio: 'pipe' });
    return { key: readFileSync(join(tlsDir, `${name}.key`)), cert: readFileSync(join(tlsDir, `${name}.pem`)) };
  };
  const good = await listen(cert('trusted'));
  const bad = await listen(cert('untrusted'));
  isoEnv = { ...isoEnv, STEWARD_WEBHOOK_CA: join(tlsDir, 'trusted.pem') };
  await isoStart();
  const hooks = [];
  for (const rec of [good, bad]) {
    const r = await isoReq('POST', isoUrl('/webhooks'), { url: `https://127.0.0.1:${rec.port}/in`, events: ['customer.created'] });
    assert.equal(r.status, 201, r.text);
    hooks.push(r.json);
  }
  const c = await isoCustomer('Secure Hooks Ltd');
  const s0 = await sender(0);
  try {
    const ok = await until(async () => {
      const d = await isoDelivery(hooks[0].id);
      return d.status === 'delivered' && d;
    }, { what: 'delivered over HTTPS' });
    assert.deepEqual([ok.attempts, ok.last_status], [1, 204]);
    assert.equal(good.hits.length, 1);
    assert.ok(verify(hooks[0].secret, good.hits[0]));
    assert.equal(JSON.parse(good.hits[0].body).data.customer_id, c.id);
    const no = await until(async () => {
      const d = await isoDelivery(hooks[1].id);
      return d.attempts === 1 && d.status === 'waiting' && d;
    }, { what: 'the untrusted try recorded' });
    assert.equal(no.last_status, null);
    assert.match(no.last_error, /certificate/i);
    assert.ok(no.next_attempt_at, 'to be tried again');
    assert.equal(bad.hits.length, 0, 'nothing was posted to it');
    assert.ok(bad.tlsErrors.length >= 1, 'the handshake was refused');
    // The sender carries on.
    assert.equal((await fetch(`${s0.serverUrls[0]}/healthz`)).status, 200);
  } finally {
    await s0.stop();	// fails the test on a crash or a sanitizer report
  }
  for (const h of hooks) assert.equal((await isoReq('DELETE', isoUrl(`/webhooks/${h.id}`))).status, 204);
});

test('a receiver that keeps failing: waits of 30 s doubling to an hour, failed after 10 tries, then redelivered once', async () => {
  if (!iso) await isoStart();
  const rec = await listen(null);
  rec.answer.status = 500;
  let r = await isoReq('POST', isoUrl('/webhooks'), { url: `http://127.0.0.1:${rec.port}/flaky`, events: ['customer.created'] });
  assert.equal(r.status, 201, r.text);
  const w = r.json;
  const c = await isoCustomer('Flaky Hooks Ltd');
  const waits = [30, 60, 120, 240, 480, 960, 1920, 3600, 3600];
  let d = await isoDelivery(w.id);
  assert.deepEqual([d.status, d.attempts], ['waiting', 0]);
  let offset = 0;
  for (let k = 1; k <= 10; k++) {
    // A sender whose clock has just reached the next try.
    offset = Math.max(offset, Math.ceil(Date.parse(d.next_attempt_at) / 1000 - Date.now() / 1000) + 1);
    const t0 = Math.floor(Date.now() / 1000);
    const s = await sender(offset);
    try {
      d = await until(async () => {
        const x = await isoDelivery(w.id);
        return x.attempts === k && x.status !== 'sending' && x;
      }, { what: `try ${k}`, timeout: 30000 });
    } finally {
      await s.stop();
    }
    const t1 = Math.ceil(Date.now() / 1000);
    assert.equal(rec.hits.length, k, `one request per try (${k})`);
    assert.deepEqual([d.last_status, d.last_error], [500, 'HTTP 500']);
    if (k < 10) {
      assert.equal(d.status, 'waiting');
      // The try happened at a sender time in [t0, t1] + offset.
      const next = Date.parse(d.next_attempt_at) / 1000;
      assert.ok(waits[k - 1] >= next - t1 - offset && waits[k - 1] <= next - t0 - offset,
        `wait after try ${k}: ${waits[k - 1]} s expected, next try at ${d.next_attempt_at}, sender ${t0 + offset}..${t1 + offset}`);
    }
  }
  assert.equal(d.status, 'failed');
  assert.equal(d.next_attempt_at, null);
  assert.equal(new Set(rec.hits.map((x) => x.headers['steward-delivery'])).size, 1);
  assert.ok(rec.hits.every((x) => verify(w.secret, x) && JSON.parse(x.body).data.customer_id === c.id));
  const listed = (await isoReq('GET', isoUrl('/webhooks'))).json.webhooks.find((x) => x.id === w.id);
  assert.equal(listed.failed_deliveries, 1, JSON.stringify(listed));

  // Sent again on request, to a receiver that answers now: once.
  rec.answer.status = 204;
  r = await isoReq('POST', isoUrl(`/webhooks/${w.id}/deliveries/${d.id}/redeliver`));
  assert.equal(r.status, 202, r.text);
  d = await isoDelivery(w.id);
  assert.deepEqual([d.status, d.attempts], ['waiting', 0]);
  const s = await sender(offset);
  try {
    d = await until(async () => {
      const x = await isoDelivery(w.id);
      return x.status === 'delivered' && x;
    }, { what: 'redelivered' });
    await new Promise((res) => setTimeout(res, 1500));	// a second send would show by now
  } finally {
    await s.stop();
  }
  assert.deepEqual([d.attempts, d.last_status], [1, 204]);
  assert.equal(rec.hits.length, 11);
  assert.equal((await isoDelivery(w.id)).status, 'delivered');
});

// Deletion with retention (SPEC §8, §12): customers, sites, company
// consoles and partners are deleted by typing their name; a deleted
// customer disappears from every list at once, its subscriptions are
// cancelled and its devices told to uninstall; it is listed with its purge
// date and can be restored for 30 days, then the background process purges
// it. The DELETE body reaches the server from fetch and from curl, and the
// client's next request still works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { startServer, Client, demoUsers, backend } from '../lib/server.mjs';
import { until } from '../lib/wait.mjs';
import { startReceiver } from '../lib/receiver.mjs';
import { createCustomer } from '../lib/customers.mjs';

let srv, admin, viewer, harbor, tech, acc, hacc;
const url = (p) => `/api/v1/accounts/${acc}${p}`;
const DAY = 86400;

// The webhook receiver (every event it gets held to the API document).
let hooks;


async function agent(path, body, secret) {
  const headers = { 'content-type': 'application/json' };
  if (secret) headers.authorization = `Bearer ${secret}`;
  const res = await fetch(srv.url + path, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}
const state = (extra = {}) => ({ protection: 'on', definitions_updated_at: new Date(Date.now() - 3600e3).toISOString(),
  threats: [], ...extra });

let seq = 0;
async function newCustomer(company, client = admin) {
  seq += 1;
  return createCustomer(client, url('/customers'), company, `gone${seq}`);
}

async function enroll(customerId, hostname) {
  const token = (await admin.req('GET', url(`/customers/${customerId}/installer`))).json.token;
  const r = await agent('/agent/v1/enroll', { token, hardware_id: `hw-${hostname}`, hostname, platform: 'workstation',
    os: 'Debian GNU/Linux 12', agent_version: '1.0.0' });
  assert.equal(r.status, 201);
  return r.json;
}

// curl, as people and scripts send a DELETE with a body; several URLs in
// one run share one connection when the server keeps it open.
function curl(client, steps) {
  const args = ['-s', '-H', `cookie: ${client.cookieHeader()}`, '-H', `x-csrf-token: ${client.csrf}`];
  steps.forEach(([method, path, body], i) => {
    if (i > 0) args.push('--next', '-s', '-H', `cookie: ${client.cookieHeader()}`, '-H', `x-csrf-token: ${client.csrf}`);
    args.push('-X', method, '-o', '/dev/null', '-w', '%{http_code}\n');
    if (body !== undefined) args.push('-H', 'content-type: application/json', '--data-raw', JSON.stringify(body));
    args.push(srv.url + path);
  });
  const r = spawnSync('curl', args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').map(Number);
}

before(async () => {
  hooks = await startReceiver();
  srv = await startServer({ env: { STEWARD_WEBHOOK_RETRY_SECONDS: '1' } });
  [admin, viewer, harbor, tech] = [0, 1, 2, 3].map(() => new Client(srv.url));
  await admin.signIn(demoUsers.admin);
  await viewer.signIn(demoUsers.viewer);
  await harbor.signIn(demoUsers.harbor);
  await tech.signIn(demoUsers.tech);
  acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  hacc = (await harbor.req('GET', '/api/v1/accounts')).json.accounts[0].id;
});
after(async () => {
  await srv?.stop();
  await hooks?.close();
  assert.deepEqual(hooks?.problems, [], 'every event received is what the API document describes');
});

test('the DELETE body arrives from fetch and from curl; the next request on the connection still works', async () => {
  const c = await newCustomer('Body Check Ltd');
  // fetch: a wrong name is refused and nothing changes.
  let r = await admin.req('DELETE', url(`/customers/${c.id}`), { confirm_name: 'Body Check' });
  assert.equal(r.status, 422, r.text);
  assert.match(r.json.error.fields.confirm_name, /Body Check Ltd/);
  assert.equal((await admin.req('GET', url(`/customers/${c.id}`))).status, 200);
  // No body, or one that is not JSON: the error still names confirm_name.
  r = await admin.req('DELETE', url(`/customers/${c.id}`));
  assert.ok([400, 415, 422].includes(r.status), r.text);
  assert.ok(r.json.error.fields.confirm_name, r.text);
  r = await admin.req('DELETE', url(`/customers/${c.id}`), '{"confirm_name": ', { raw: true });
  assert.equal(r.status, 400, r.text);
  assert.ok(r.json.error.fields.confirm_name, r.text);
  assert.equal((await admin.req('GET', url(`/customers/${c.id}`))).status, 200);
  // curl: a wrong name, then a GET and the right name on the same run.
  assert.deepEqual(curl(admin, [
    ['DELETE', url(`/customers/${c.id}`), { confirm_name: 'body check ltd' }],
    ['GET', url(`/customers/${c.id}`)],
    ['DELETE', url(`/customers/${c.id}`), { confirm_name: 'Body Check Ltd' }],
    ['GET', url(`/customers/${c.id}`)],
  ]), [422, 200, 204, 404]);
  // The fetch client carries on (its pooled connection was closed cleanly).
  for (let i = 0; i < 3; i++) assert.equal((await admin.req('GET', url('/dashboard'))).status, 200);
  r = await admin.req('POST', url(`/customers/${c.id}/restore`));
  assert.equal(r.status, 204, r.text);
  assert.equal((await admin.req('GET', url(`/customers/${c.id}`))).status, 200);
});

test('a deleted customer is gone from lists, search, dashboard and alerts; subscriptions cancelled; devices uninstall; webhook', async () => {
  const hook = await admin.req('POST', url('/webhooks'), { url: `http://127.0.0.1:${hooks.port}/hook`,
    events: ['customer.deleted', 'device.removed', 'alert.changed'] });
  assert.equal(hook.status, 201, hook.text);
  const c = await newCustomer('Vanishing Widgets Ltd');
  assert.equal((await admin.req('POST', url(`/customers/${c.id}/subscriptions/trials`), { service: 'premium_business' })).status, 201);
  const dev = await enroll(c.id, 'vanishing-ws');
  await agent('/agent/v1/checkin', { policy_version: null, state: state({ protection: 'off' }) }, dev.device_secret);
  const openAlerts = (await admin.req('GET', url(`/alerts?status=open&customer_id=${c.id}`))).json.alerts;
  assert.ok(openAlerts.length >= 1, 'the device raised an alert');
  const before = (await admin.req('GET', url('/dashboard'))).json;

  // Viewers and customer-limited roles may not; other partners see nothing.
  assert.equal((await viewer.req('DELETE', url(`/customers/${c.id}`), { confirm_name: c.company })).status, 403);
  assert.equal((await tech.req('DELETE', url(`/customers/${c.id}`), { confirm_name: c.company })).status, 403);
  assert.equal((await harbor.req('DELETE', url(`/customers/${c.id}`), { confirm_name: c.company })).status, 404);
  assert.equal((await harbor.req('DELETE', `/api/v1/accounts/${hacc}/customers/${c.id}`, { confirm_name: c.company })).status, 404);

  const t0 = Date.now();
  const r = await admin.req('DELETE', url(`/customers/${c.id}`), { confirm_name: 'Vanishing Widgets Ltd' });
  assert.equal(r.status, 204, r.text);

  assert.equal((await admin.req('GET', url(`/customers/${c.id}`))).status, 404);
  assert.equal((await admin.req('GET', url(`/customers/${c.id}/subscriptions`))).status, 404);
  const list = (await admin.req('GET', url('/customers?q=Vanishing'))).json;
  assert.equal(list.customers.length, 0);
  assert.equal(list.total, 0);
  const after = (await admin.req('GET', url('/dashboard'))).json;
  assert.equal(after.customers, before.customers - 1);
  assert.equal(after.devices.total ?? (after.devices.protected + after.devices.at_risk + after.devices.offline),
    (before.devices.total ?? (before.devices.protected + before.devices.at_risk + before.devices.offline)) - 1);
  const rows = (await admin.req('GET', url('/dashboard/customers?q=Vanishing'))).json;
  assert.equal(rows.customers.length, 0);
  // The chart leaves its alerts out too: today's bars count what their
  // lists hold (compared again if the background process raised one
  // between the two reads).
  assert.ok(openAlerts.length >= 1);
  const day = new Date().toISOString().slice(0, 10);
  const listed = async (q) => {
    let n = 0, cursor = '';
    for (;;) {
      const l = (await admin.req('GET', url(`/alerts?${q}&limit=500${cursor}`))).json;
      n += l.alerts.length;
      if (!l.next_cursor) return n;
      cursor = `&cursor=${encodeURIComponent(l.next_cursor)}`;
    }
  };
  for (let attempt = 1; ; attempt++) {
    const bar = (await admin.req('GET', url('/dashboard'))).json.alert_days.find((x) => x.day === day);
    const raised = await listed(`raised_from=${day}&raised_to=${day}`);
    const resolved = await listed(`resolved_from=${day}&resolved_to=${day}`);
    if (bar.raised === raised && bar.resolved === resolved) break;
    assert.ok(attempt < 5, `today's bar ${JSON.stringify(bar)}, its lists: ${raised} raised, ${resolved} resolved`);
  }
  const byCustomer = await admin.req('GET', url(`/alerts?customer_id=${c.id}`));
  assert.ok(byCustomer.status === 404 || byCustomer.json.alerts.length === 0, byCustomer.text);
  assert.ok(!(await admin.req('GET', url('/alerts?limit=500'))).json.alerts.some((a) => a.customer_id === c.id));
  assert.equal((await admin.req('GET', url(`/alerts/${openAlerts[0].id}`))).status, 404, 'one alert by its id too');
  assert.ok(!(await admin.req('GET', url('/devices?limit=500'))).json.devices.some((d) => d.id === dev.device_id));

  // The device is told to uninstall at its next check-in.
  const ci = await agent('/agent/v1/checkin', { policy_version: null, state: state() }, dev.device_secret);
  assert.equal(ci.status, 200);
  assert.deepEqual(ci.json.commands, [{ type: 'uninstall' }]);

  // Listed as deleted, by whom, with its purge date 30 days on.
  const del = await admin.req('GET', url('/deleted-customers'));
  assert.equal(del.status, 200, del.text);
  const row = del.json.customers.find((x) => x.id === c.id);
  assert.equal(row.company, 'Vanishing Widgets Ltd');
  assert.equal(row.deleted_by, demoUsers.admin.email);
  const deletedAt = Date.parse(row.deleted_at);
  assert.ok(Math.abs(deletedAt - t0) < 60e3);
  assert.equal(Date.parse(row.purge_at) - deletedAt, 30 * DAY * 1000);
  // Its OMS record stays its until then, and says so (the console offers
  // the restore rather than a new customer).
  const rec = (await admin.req('GET', url(`/oms/email-check?email=${encodeURIComponent(c.email)}`))).json.record;
  assert.equal(rec.customer_id, c.id);
  assert.equal(rec.customer_purge_at, row.purge_at);
  assert.ok((await viewer.req('GET', url('/deleted-customers'))).json.customers.some((x) => x.id === c.id));
  assert.equal((await harbor.req('GET', url('/deleted-customers'))).status, 404);
  assert.ok(!(await harbor.req('GET', `/api/v1/accounts/${hacc}/deleted-customers`)).json.customers.some((x) => x.id === c.id));

  // customer.deleted reached the webhook.
  const got = await until(() => hooks.received.find((x) => x.headers['steward-event'] === 'customer.deleted' &&
    x.body.includes(c.id)), { what: 'customer.deleted delivered' });
  const ev = JSON.parse(got.body);
  assert.equal(ev.data.company, 'Vanishing Widgets Ltd');
  assert.equal(ev.data.subscriptions_cancelled, 1);
  assert.equal(ev.data.devices_uninstalled, 1);
  // Each device's device.removed and each open alert's alert.changed
  // (resolved), with the payloads of a removal and a resolution elsewhere.
  const removed = await until(() => hooks.received.find((x) => x.headers['steward-event'] === 'device.removed' &&
    x.body.includes(dev.device_id)), { what: 'device.removed delivered' });
  assert.deepEqual(JSON.parse(removed.body).data, { device_id: dev.device_id, customer_id: c.id, hostname: 'vanishing-ws' });
  for (const al of openAlerts) {
    const changed = await until(() => hooks.received.find((x) => x.headers['steward-event'] === 'alert.changed' &&
      x.body.includes(al.id)), { what: `alert.changed of ${al.type} delivered` });
    const data = JSON.parse(changed.body).data;
    assert.equal(data.alert_id, al.id);
    assert.equal(data.status, 'resolved');
    assert.equal(data.type, al.type);
    assert.equal(data.severity, al.severity);
    assert.equal(data.customer_id, c.id);
    assert.equal(data.device_id ?? null, al.device_id ?? null);
    assert.equal(data.note, 'the customer was deleted');
  }

  // Audited step by step.
  const audit = (await admin.req('GET', url('/audit?limit=500'))).json.events.filter((e) => e.customer_id === c.id);
  for (const [cat, type] of [['customer', 'delete'], ['subscription', 'cancelled_with_customer'], ['device', 'remove']]) {
    assert.ok(audit.some((e) => e.category === cat && e.event_type === type), `${cat}/${type} audited`);
  }

  // Restore: viewers 403, other partners 404; the record comes back, the
  // trial stays cancelled and the device stays removed.
  assert.equal((await viewer.req('POST', url(`/customers/${c.id}/restore`))).status, 403);
  assert.equal((await tech.req('POST', url(`/customers/${c.id}/restore`))).status, 403);
  assert.equal((await harbor.req('POST', url(`/customers/${c.id}/restore`))).status, 404);
  assert.equal((await harbor.req('POST', `/api/v1/accounts/${hacc}/customers/${c.id}/restore`)).status, 404);
  assert.equal((await admin.req('POST', url(`/customers/${c.id}/restore`))).status, 204);
  assert.equal((await admin.req('POST', url(`/customers/${c.id}/restore`))).status, 404, 'restored once');
  const back = await admin.req('GET', url(`/customers/${c.id}`));
  assert.equal(back.status, 200, back.text);
  assert.equal(back.json.customer.company, 'Vanishing Widgets Ltd');
  const restored = (await admin.req('GET', url('/audit?category=customer&limit=500'))).json.events
    .find((e) => e.customer_id === c.id && e.event_type === 'restore');
  assert.ok(restored, 'the restore is audited');
  assert.equal(restored.result, 'success');
  assert.match(restored.detail, /Vanishing Widgets Ltd/);
  assert.equal((await admin.req('GET', url('/customers?q=Vanishing'))).json.customers.length, 1);
  const subs = (await admin.req('GET', url(`/customers/${c.id}/subscriptions`))).json.subscriptions;
  assert.equal(subs.find((s) => s.service.key === 'premium_business').state, 'expired');
  assert.ok(!(await admin.req('GET', url('/deleted-customers'))).json.customers.some((x) => x.id === c.id));
  assert.equal((await admin.req('GET', url('/dashboard'))).json.customers, before.customers);
});

test('sites are deleted by typing their name, kept 30 days with their exclusions and installer, and restored', async () => {
  const c = await newCustomer('Site Name Check Ltd');
  const s = await admin.req('POST', url(`/customers/${c.id}/sites`), { name: 'Leeds depot' });
  assert.equal(s.status, 201);
  const site = url(`/customers/${c.id}/sites/${s.json.id}`);
  assert.equal((await admin.req('PATCH', site, { exclusions: { paths: ['/srv/cache'], urls: [] } })).status, 200);
  const token = (await admin.req('GET', `${site}/installer`)).json.token;
  const enrolWith = (hostname) => agent('/agent/v1/enroll', { token, hardware_id: `hw-${hostname}`, hostname,
    platform: 'workstation', os: 'Debian GNU/Linux 12', agent_version: '1.0.0' });
  let r = await admin.req('DELETE', site, { confirm_name: 'Leeds' });
  assert.equal(r.status, 422);
  assert.match(r.json.error.fields.confirm_name, /Leeds depot/);
  r = await admin.req('DELETE', site);
  assert.ok(r.json.error.fields.confirm_name);
  assert.equal((await admin.req('GET', url(`/customers/${c.id}/sites`))).json.sites.length, 1);
  // Viewers may not; a customer-limited role without the customer and
  // other partners do not see it.
  assert.equal((await viewer.req('DELETE', site, { confirm_name: 'Leeds depot' })).status, 403);
  assert.equal((await tech.req('DELETE', site, { confirm_name: 'Leeds depot' })).status, 404);
  assert.equal((await harbor.req('DELETE', site, { confirm_name: 'Leeds depot' })).status, 404);
  const t0 = Date.now();
  r = await admin.req('DELETE', site, { confirm_name: 'Leeds depot' });
  assert.equal(r.status, 204, r.text);

  // Gone from lists; its installer enrols nothing; nothing changes it.
  assert.equal((await admin.req('GET', url(`/customers/${c.id}/sites`))).json.sites.length, 0);
  assert.equal((await admin.req('GET', `${site}/installer`)).status, 404);
  assert.equal((await admin.req('PATCH', site, { name: 'Leeds' })).status, 404);
  assert.equal((await enrolWith('leeds-ws')).status, 401);

  // Listed as deleted, by whom, with its purge date 30 days on.
  const deleted = url(`/customers/${c.id}/deleted-sites`);
  const list = await admin.req('GET', deleted);
  assert.equal(list.status, 200, list.text);
  const row = list.json.sites.find((x) => x.id === s.json.id);
  assert.equal(row.name, 'Leeds depot');
  assert.equal(row.customer_id, c.id);
  assert.equal(row.deleted_by, demoUsers.admin.email);
  assert.ok(Math.abs(Date.parse(row.deleted_at) - t0) < 60e3);
  assert.equal(Date.parse(row.purge_at) - Date.parse(row.deleted_at), 30 * DAY * 1000);
  assert.ok((await viewer.req('GET', deleted)).json.sites.some((x) => x.id === s.json.id));
  assert.equal((await tech.req('GET', deleted)).status, 404);
  assert.equal((await harbor.req('GET', deleted)).status, 404);
  assert.equal((await harbor.req('GET', `/api/v1/accounts/${hacc}/customers/${c.id}/deleted-sites`)).status, 404);

  // Restore: viewers 403, others 404; a live site that took its name
  // meanwhile is named in a 409.
  assert.equal((await viewer.req('POST', `${site}/restore`)).status, 403);
  assert.equal((await tech.req('POST', `${site}/restore`)).status, 404);
  assert.equal((await harbor.req('POST', `${site}/restore`)).status, 404);
  const clash = await admin.req('POST', url(`/customers/${c.id}/sites`), { name: 'leeds DEPOT' });
  assert.equal(clash.status, 201, 'a deleted site\'s name is free for a new one');
  r = await admin.req('POST', `${site}/restore`);
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.code, 'duplicate_name');
  assert.match(r.json.error.fields.name, /Leeds depot/);
  assert.equal((await admin.req('DELETE', url(`/customers/${c.id}/sites/${clash.json.id}`),
    { confirm_name: 'leeds DEPOT' })).status, 204);
  assert.equal((await admin.req('POST', `${site}/restore`)).status, 204);
  assert.equal((await admin.req('POST', `${site}/restore`)).status, 404, 'restored once');
  const back = (await admin.req('GET', url(`/customers/${c.id}/sites`))).json.sites;
  assert.deepEqual(back.map((x) => [x.id, x.name]), [[s.json.id, 'Leeds depot']]);
  assert.deepEqual(back[0].exclusions.paths, ['/srv/cache']);
  assert.ok(!(await admin.req('GET', deleted)).json.sites.some((x) => x.id === s.json.id));
  assert.equal((await admin.req('GET', `${site}/installer`)).json.token, token, 'its installer came back');
  assert.equal((await enrolWith('leeds-ws')).status, 201);

  // Every step audited.
  const audit = (await admin.req('GET', url('/audit?category=site&limit=500'))).json.events
    .filter((e) => e.customer_id === c.id);
  for (const type of ['create', 'delete', 'restore']) {
    assert.ok(audit.some((e) => e.event_type === type && e.result === 'success' && e.detail.includes('Leeds depot')),
      `site/${type} audited`);
  }
  assert.match(audit.find((e) => e.event_type === 'delete' && e.detail.includes('Leeds depot')).detail,
    /restorable until \d{4}-\d\d-\d\d, then purged/);
});

// PostgreSQL runs an enrolment and a site's deletion side by side (SQLite
// has one writer): the enrolment reads the site FOR SHARE, so it waits for
// a deletion already under way and then finds the site gone, instead of
// putting a device into a site deleted beside it.
test('an enrolment racing a site\'s deletion waits for it and enrols nothing into the deleted site',
  { skip: backend !== 'pg' && 'SQLite has one writer: the two cannot run side by side' }, async () => {
    const c = await newCustomer('Race Condition Works Ltd');
    const s = await admin.req('POST', url(`/customers/${c.id}/sites`), { name: 'Dock 7' });
    assert.equal(s.status, 201);
    const token = (await admin.req('GET', url(`/customers/${c.id}/sites/${s.json.id}/installer`))).json.token;
    const psql = (sql) => execFileSync('psql', ['-XAtq', srv.db, '-c', sql]).toString().trim();
    // The deletion's first write, held open in another session.
    const del = spawn('psql', ['-qX', '-v', 'ON_ERROR_STOP=1', srv.db], { stdio: ['pipe', 'ignore', 'inherit'] });
    const gone = new Promise((res) => del.on('close', res));
    const now = Math.floor(Date.now() / 1000);
    del.stdin.write(`BEGIN; UPDATE sites SET deleted_at = ${now}, deleted_by = 'race test',
      purge_at = ${now + 30 * DAY}, updated_at = ${now} WHERE id = '${s.json.id}';\n`);
    await until(() => psql(`SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
      WHERE c.relname = 'sites' AND l.mode = 'RowExclusiveLock' AND l.granted
      AND l.pid <> pg_backend_pid()`) !== '0', { what: 'the deletion holds the site', timeout: 5000 });
    const enrolling = agent('/agent/v1/enroll', { token, hardware_id: 'hw-dock7-ws', hostname: 'dock7-ws',
      platform: 'workstation', os: 'Debian GNU/Linux 12', agent_version: '1.0.0' });
    // The enrolment waits on the site's row (not merely slow: a backend
    // is blocked by the deletion's session).
    await until(() => psql(`SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'
      AND datname = current_database()`) !== '0', { what: 'the enrolment waits for the deletion', timeout: 5000 });
    del.stdin.end('COMMIT;\n');
    await gone;
    const r = await enrolling;
    assert.equal(r.status, 401, JSON.stringify(r.json));
    assert.equal(r.json.error.code, 'invalid_token');
    assert.equal(psql(`SELECT count(*) FROM devices WHERE site_id = '${s.json.id}' OR hostname = 'dock7-ws'`), '0',
      'no device went into the deleted site');
  });

test('the demo data has a site Alex deleted five days ago, under Deleted sites of BOSS', async () => {
  const boss = (await admin.req('GET', url('/customers?q=BOSS'))).json.customers[0];
  const row = (await admin.req('GET', url(`/customers/${boss.id}/deleted-sites`))).json.sites.find((x) => x.name === 'Kobe showroom');
  assert.ok(row, 'Kobe showroom is listed');
  assert.equal(row.deleted_by, demoUsers.admin.email);
  const left = (Date.parse(row.purge_at) - Date.now()) / (DAY * 1000);
  assert.ok(left > 24 && left < 26, `purged in ${left} days`);
});

test('a customer-limited user sees and restores only its own customers\' deleted sites, and lists only their deleted customers', async () => {
  const mine = await newCustomer('Limited Mine Ltd');
  const other = await newCustomer('Limited Other Ltd');
  const added = await srv.ctl(['user', 'add', '--db', '$DB', '--email', 'limited@deletion-tests.example', '--password',
    'limited-pass-4242', '--account', acc, '--role', 'admin', '--customers', mine.id]);
  assert.equal(added.code, 0, added.stderr);
  const lim = new Client(srv.url);
  await lim.signIn({ email: 'limited@deletion-tests.example', password: 'limited-pass-4242' });
  const ms = (await admin.req('POST', url(`/customers/${mine.id}/sites`), { name: 'Mine annex' })).json;
  const os = (await admin.req('POST', url(`/customers/${other.id}/sites`), { name: 'Other annex' })).json;
  assert.equal((await lim.req('DELETE', url(`/customers/${other.id}/sites/${os.id}`), { confirm_name: 'Other annex' })).status, 404);
  assert.equal((await lim.req('DELETE', url(`/customers/${mine.id}/sites/${ms.id}`), { confirm_name: 'Mine annex' })).status, 204);
  assert.equal((await admin.req('DELETE', url(`/customers/${other.id}/sites/${os.id}`), { confirm_name: 'Other annex' })).status, 204);
  assert.ok((await lim.req('GET', url(`/customers/${mine.id}/deleted-sites`))).json.sites.some((x) => x.id === ms.id));
  assert.equal((await lim.req('GET', url(`/customers/${other.id}/deleted-sites`))).status, 404);
  assert.equal((await lim.req('POST', url(`/customers/${other.id}/sites/${os.id}/restore`))).status, 404);
  assert.equal((await lim.req('POST', url(`/customers/${mine.id}/sites/${ms.id}/restore`))).status, 204);
  assert.ok((await lim.req('GET', url(`/customers/${mine.id}/sites`))).json.sites.some((x) => x.id === ms.id));

  // Deleted customers: only its own are listed; restoring needs the whole account.
  for (const c of [mine, other]) {
    assert.equal((await admin.req('DELETE', url(`/customers/${c.id}`), { confirm_name: c.company })).status, 204);
  }
  const listed = await lim.req('GET', url('/deleted-customers?limit=100'));
  assert.equal(listed.status, 200, listed.text);
  assert.ok(listed.json.customers.some((x) => x.id === mine.id));
  assert.ok(!listed.json.customers.some((x) => x.id === other.id));
  assert.ok((await admin.req('GET', url('/deleted-customers?limit=100'))).json.customers.some((x) => x.id === other.id));
  assert.equal((await lim.req('POST', url(`/customers/${mine.id}/restore`))).status, 403);
});

test("a multi-tenant company console's sites: deleted and restored by whole-company admins; a site admin lists its own", async () => {
  const owner = new Client(srv.url);
  await owner.signIn(demoUsers.tech);
  const co = (await owner.req('POST', '/api/v1/companies', { name: 'Deletion Opticians', region: 'GB', tenancy: 'multi' })).json.account.id;
  const at = (p) => `/api/v1/accounts/${co}${p}`;
  const bath = (await owner.req('POST', at('/sites'), { name: 'Bath' })).json;
  const wells = (await owner.req('POST', at('/sites'), { name: 'Wells' })).json;
  for (const [email, role, more] of [['bath-admin@deletion-opticians.example', 'admin', ['--sites', bath.id]],
    ['viewer@deletion-opticians.example', 'viewer', []]]) {
    const added = await srv.ctl(['user', 'add', '--db', '$DB', '--email', email, '--password', 'opticians-pass-42',
      '--account', co, '--role', role, ...more]);
    assert.equal(added.code, 0, added.stderr);
  }
  const bathAdmin = new Client(srv.url);
  await bathAdmin.signIn({ email: 'bath-admin@deletion-opticians.example', password: 'opticians-pass-42' });
  const coViewer = new Client(srv.url);
  await coViewer.signIn({ email: 'viewer@deletion-opticians.example', password: 'opticians-pass-42' });

  assert.equal((await bathAdmin.req('DELETE', at(`/sites/${bath.id}`), { confirm_name: 'Bath' })).status, 403);
  assert.equal((await coViewer.req('DELETE', at(`/sites/${bath.id}`), { confirm_name: 'Bath' })).status, 403);
  assert.equal((await harbor.req('DELETE', at(`/sites/${bath.id}`), { confirm_name: 'Bath' })).status, 404);
  for (const [s, name] of [[bath, 'Bath'], [wells, 'Wells']]) {
    assert.equal((await owner.req('DELETE', at(`/sites/${s.id}`), { confirm_name: name })).status, 204);
  }
  assert.deepEqual((await owner.req('GET', at('/sites'))).json.sites, []);
  const all = (await owner.req('GET', at('/deleted-sites'))).json.sites;
  assert.deepEqual(all.map((x) => x.name).sort(), ['Bath', 'Wells']);
  assert.ok(all.every((x) => Date.parse(x.purge_at) - Date.parse(x.deleted_at) === 30 * DAY * 1000));
  assert.deepEqual((await bathAdmin.req('GET', at('/deleted-sites'))).json.sites.map((x) => x.id), [bath.id]);
  assert.equal((await coViewer.req('GET', at('/deleted-sites'))).json.sites.length, 2);
  assert.equal((await harbor.req('GET', at('/deleted-sites'))).status, 404);
  assert.equal((await coViewer.req('POST', at(`/sites/${bath.id}/restore`))).status, 403);
  assert.equal((await bathAdmin.req('POST', at(`/sites/${bath.id}/restore`))).status, 403);
  assert.equal((await harbor.req('POST', at(`/sites/${bath.id}/restore`))).status, 404);
  // While Bath is deleted its admin reaches nothing there, though the link
  // stays; the admin's sites are changed meanwhile (Wells, back first).
  assert.equal((await bathAdmin.req('GET', at(`/alerts?site_id=${bath.id}`))).status, 404);
  assert.equal((await owner.req('POST', at(`/sites/${wells.id}/restore`))).status, 204);
  const bathAdminId = (await owner.req('GET', at('/users'))).json.users
    .find((u) => u.email === 'bath-admin@deletion-opticians.example').id;
  const moved = await owner.req('PATCH', at(`/users/${bathAdminId}`), { site_ids: [wells.id] });
  assert.equal(moved.status, 200, moved.text);
  const gone = await owner.req('PATCH', at(`/users/${bathAdminId}`), { site_ids: [bath.id] });
  assert.equal(gone.status, 422, 'a deleted site cannot be chosen');
  assert.ok(gone.json.error.fields.site_ids, gone.text);
  assert.deepEqual((await bathAdmin.req('GET', at('/sites'))).json.sites.map((x) => x.name), ['Wells']);
  assert.equal((await owner.req('POST', at(`/sites/${bath.id}/restore`))).status, 204);
  assert.deepEqual((await owner.req('GET', at('/sites'))).json.sites.map((x) => x.name), ['Bath', 'Wells']);
  // Restored, Bath is its admin's again.
  assert.deepEqual((await bathAdmin.req('GET', at('/sites'))).json.sites.map((x) => x.name), ['Bath', 'Wells']);
  assert.equal((await bathAdmin.req('GET', at(`/alerts?site_id=${bath.id}`))).status, 200);
  const audit = (await owner.req('GET', at('/audit?category=site&limit=100'))).json.events;
  for (const type of ['delete', 'restore']) {
    assert.ok(audit.some((e) => e.event_type === type && e.site_id === bath.id), `site/${type} audited`);
  }
});

test('a partner account with customers cannot be deleted', async () => {
  const name = (await admin.req('GET', url(''))).json.account.name;
  const r = await admin.req('DELETE', url(''), { confirm_name: name });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.code, 'account_has_customers');
  assert.equal((await viewer.req('DELETE', url(''), { confirm_name: name })).status, 403);
  assert.equal((await tech.req('DELETE', url(''), { confirm_name: name })).status, 403);
  assert.equal((await harbor.req('DELETE', url(''), { confirm_name: name })).status, 404);
  assert.equal((await admin.req('GET', url(''))).status, 200);
});

let company;
test('a company console is deleted by its admin, listed for restore, and restored', async () => {
  const owner = new Client(srv.url);
  await owner.signIn(demoUsers.tanaka);
  const cr = await owner.req('POST', '/api/v1/companies', { name: 'Kyoto Ceramics KK', region: 'JP' });
  assert.equal(cr.status, 201, cr.text);
  company = cr.json.account?.id ?? cr.json.id;
  const curl = `/api/v1/accounts/${company}`;
  // A trial on its own record and a device of its own.
  const self = cr.json.account.customer_id;
  assert.equal((await owner.req('POST', `${curl}/customers/${self}/subscriptions/trials`, { service: 'premium_business' })).status, 201);
  const token = (await owner.req('GET', `${curl}/installer`)).json.token;
  const enrolled = await agent('/agent/v1/enroll', { token, hardware_id: 'hw-kyoto-ws', hostname: 'kyoto-ws',
    platform: 'workstation', os: 'Debian GNU/Linux 12', agent_version: '1.0.0' });
  assert.equal(enrolled.status, 201, JSON.stringify(enrolled.json));
  const dev = enrolled.json;
  assert.equal((await harbor.req('DELETE', curl, { confirm_name: 'Kyoto Ceramics KK' })).status, 404);
  let r = await owner.req('DELETE', curl, { confirm_name: 'Kyoto Ceramics' });
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.confirm_name);
  r = await owner.req('DELETE', curl, { confirm_name: 'Kyoto Ceramics KK' });
  assert.equal(r.status, 204, r.text);
  assert.ok(!(await owner.req('GET', '/api/v1/accounts')).json.accounts.some((a) => a.id === company));
  // Its device is told to uninstall and its installer enrols nothing.
  const ci = await agent('/agent/v1/checkin', { policy_version: null, state: state() }, dev.device_secret);
  assert.deepEqual(ci.json.commands, [{ type: 'uninstall' }]);
  assert.equal((await agent('/agent/v1/enroll', { token, hardware_id: 'hw-kyoto-2', hostname: 'kyoto-2',
    platform: 'workstation', os: 'Debian GNU/Linux 12', agent_version: '1.0.0' })).status, 401);
  assert.equal((await owner.req('GET', curl)).status, 404);
  const mine = await owner.req('GET', '/api/v1/me/deleted-accounts');
  const row = mine.json.accounts.find((a) => a.id === company);
  assert.equal(row.name, 'Kyoto Ceramics KK');
  assert.equal(row.kind, 'company');
  assert.equal(Date.parse(row.purge_at) - Date.parse(row.deleted_at), 30 * DAY * 1000);
  assert.ok(!(await harbor.req('GET', '/api/v1/me/deleted-accounts')).json.accounts.some((a) => a.id === company));
  // A viewer of the console neither deletes nor restores it.
  const added = await srv.ctl(['user', 'add', '--db', '$DB', '--email', 'viewer@kyoto-ceramics.example', '--password',
    'kyoto-viewer-pass-42', '--account', company, '--role', 'viewer']);
  assert.equal(added.code, 0, added.stderr);
  const kv = new Client(srv.url);
  await kv.signIn({ email: 'viewer@kyoto-ceramics.example', password: 'kyoto-viewer-pass-42' });
  assert.equal((await kv.req('POST', `/api/v1/me/deleted-accounts/${company}/restore`)).status, 403);
  assert.deepEqual((await kv.req('GET', '/api/v1/me/deleted-accounts')).json.accounts, []);
  assert.equal((await harbor.req('POST', `/api/v1/me/deleted-accounts/${company}/restore`)).status, 404);
  assert.equal((await owner.req('POST', `/api/v1/me/deleted-accounts/${company}/restore`)).status, 204);
  assert.ok((await owner.req('GET', '/api/v1/accounts')).json.accounts.some((a) => a.id === company));
  // Its trial was cancelled with it and stays cancelled, as a restored
  // customer's; the device stays removed.
  const subs = (await owner.req('GET', `${curl}/customers/${self}/subscriptions`)).json.subscriptions;
  assert.equal(subs.find((s) => s.service.key === 'premium_business').state, 'expired');
  assert.ok(!(await owner.req('GET', `${curl}/devices`)).json.devices.some((d) => d.id === dev.device_id));
  // Deletion and restore are in its audit log, step by step.
  const audit = (await owner.req('GET', `${curl}/audit?limit=500`)).json.events;
  for (const [cat, type] of [['account', 'delete'], ['account', 'restore'], ['subscription', 'cancelled_with_company'],
    ['device', 'remove']]) {
    assert.ok(audit.some((e) => e.category === cat && e.event_type === type && e.result === 'success'), `${cat}/${type} audited`);
  }
  assert.match(audit.find((e) => e.category === 'account' && e.event_type === 'delete').detail,
    /Kyoto Ceramics KK.*1 subscription\(s\) cancelled, 1 device\(s\) told to uninstall/);
  assert.equal((await kv.req('DELETE', curl, { confirm_name: 'Kyoto Ceramics KK' })).status, 403);
  // Deleted again, for the purge below.
  assert.equal((await owner.req('DELETE', curl, { confirm_name: 'Kyoto Ceramics KK' })).status, 204);
});

test('the purge comes after 30 days, not before: 29 days on a deleted customer is kept and restorable', async () => {
  // Deleted two days apart: 29.5 days after the second, the first (31.5
  // days old) is purged, which shows the sweep ran; the second is kept.
  const earlier = await startServer({ db: srv.db, env: { STEWARD_CLOCK_OFFSET: String(-2 * DAY) } });
  let old;
  try {
    const a = new Client(earlier.url);
    await a.signIn(demoUsers.admin);
    old = await newCustomer('Long Gone Ltd', a);
    assert.equal((await a.req('DELETE', url(`/customers/${old.id}`), { confirm_name: 'Long Gone Ltd' })).status, 204);
  } finally {
    await earlier.stop();
  }
  const kept = await newCustomer('Kept Ltd');
  const keptSite = (await admin.req('POST', url(`/customers/${kept.id}/sites`), { name: 'Kept annex' })).json;
  assert.equal((await admin.req('DELETE', url(`/customers/${kept.id}/sites/${keptSite.id}`), { confirm_name: 'Kept annex' })).status, 204);
  assert.equal((await admin.req('DELETE', url(`/customers/${kept.id}`), { confirm_name: 'Kept Ltd' })).status, 204);
  const later = await startServer({ db: srv.db, env: { STEWARD_CLOCK_OFFSET: String(29.5 * DAY) } });
  try {
    const a = new Client(later.url);
    await a.signIn(demoUsers.admin);
    await until(async () => !(await a.req('GET', url('/deleted-customers'))).json.customers.some((x) => x.id === old.id),
      { what: 'the 31-day-old customer purged' });
    const row = (await a.req('GET', url('/deleted-customers'))).json.customers.find((x) => x.id === kept.id);
    assert.ok(row, 'the 29-day-old customer is still listed');
    assert.equal((await a.req('POST', url(`/customers/${kept.id}/restore`))).status, 204);
    assert.equal((await a.req('GET', url(`/customers/${kept.id}`))).json.customer.company, 'Kept Ltd');
    // Its site deleted 29.5 days ago is still there to restore.
    assert.ok((await a.req('GET', url(`/customers/${kept.id}/deleted-sites`))).json.sites.some((x) => x.id === keptSite.id));
    assert.equal((await a.req('POST', url(`/customers/${kept.id}/sites/${keptSite.id}/restore`))).status, 204);
    assert.equal((await a.req('POST', url(`/customers/${old.id}/restore`))).status, 404);
    // The purged customer's address may be used for a new customer again.
    const chk = await a.req('GET', url(`/oms/email-check?email=${encodeURIComponent(old.email)}`));
    assert.equal(chk.status, 200);
    assert.equal(chk.json.status, 'own_record');
    assert.equal(chk.json.record.customer_id, null);
    assert.equal(chk.json.record.customer_purge_at, null);
    assert.equal(chk.json.record.hub_created, false);
    // The kept one's record is still its deleted customer's, with the date.
    const held = await a.req('GET', url(`/oms/email-check?email=${encodeURIComponent(kept.email)}`));
    assert.equal(held.json.record.customer_id, kept.id);
    assert.equal(held.json.record.customer_purge_at, null, 'restored: no purge date');
    // Deleted again for the 31-day test below.
    assert.equal((await a.req('DELETE', url(`/customers/${kept.id}`), { confirm_name: 'Kept Ltd' })).status, 204);
  } finally {
    await later.stop();
  }
});

let emptyPartner;
test('a partner without customers but with OMS records is deleted; the purge removes its records too', async () => {
  const p = await srv.ctl(['partner', 'add', '--db', '$DB', '--name', 'Short Lived MSP']);
  assert.equal(p.code, 0, p.stderr);
  emptyPartner = p.stdout.trim();
  const u = await srv.ctl(['user', 'add', '--db', '$DB', '--email', 'owner@short-lived.example', '--password',
    'short-lived-pass-42', '--account', emptyPartner, '--role', 'admin']);
  assert.equal(u.code, 0, u.stderr);
  const o = await srv.ctl(['oms', 'add', '--db', '$DB', '--partner', emptyPartner, '--email', 'it@short-lived-client.example',
    '--type', 'business', '--company', 'Short Lived Client']);
  assert.equal(o.code, 0, o.stderr);
  // Another partner cannot use that address while the record exists.
  let chk = await admin.req('GET', url(`/oms/email-check?email=${encodeURIComponent('it@short-lived-client.example')}`));
  assert.equal(chk.json.status, 'unavailable');
  const owner = new Client(srv.url);
  await owner.signIn({ email: 'owner@short-lived.example', password: 'short-lived-pass-42' });
  const r = await owner.req('DELETE', `/api/v1/accounts/${emptyPartner}`, { confirm_name: 'Short Lived MSP' });
  assert.equal(r.status, 204, r.text);
  assert.ok((await owner.req('GET', '/api/v1/me/deleted-accounts')).json.accounts.some((x) => x.id === emptyPartner));
  const later = await startServer({ db: srv.db, env: { STEWARD_CLOCK_OFFSET: String(31 * DAY) } });
  try {
    const a = new Client(later.url);
    await a.signIn(demoUsers.admin);
    await until(async () => (await a.req('GET',
      url(`/oms/email-check?email=${encodeURIComponent('it@short-lived-client.example')}`))).json.status === 'free',
    { what: 'the purged partner\'s OMS record is gone' });
    const gone = new Client(later.url);
    const s = await gone.req('POST', '/api/v1/session', { email: 'owner@short-lived.example', password: 'short-lived-pass-42' });
    assert.ok(s.status === 401 || (s.status === 200 && !(await gone.req('GET', '/api/v1/accounts')).json.accounts
      .some((x) => x.id === emptyPartner)), s.text);
  } finally {
    await later.stop();
  }
});

test('31 days on, the background process purges deleted customers and accounts; restoring is refused', async () => {
  const c = await newCustomer('Purged Soon Ltd');
  await enroll(c.id, 'purged-ws');
  assert.equal((await admin.req('POST', url(`/customers/${c.id}/sites`), { name: 'Annex' })).status, 201);
  assert.equal((await admin.req('DELETE', url(`/customers/${c.id}`), { confirm_name: 'Purged Soon Ltd' })).status, 204);
  // A site of a customer that stays: the site alone is purged.
  const stays = await newCustomer('Stays Ltd');
  const annex = (await admin.req('POST', url(`/customers/${stays.id}/sites`), { name: 'Old annex' })).json;
  const annexToken = (await admin.req('GET', url(`/customers/${stays.id}/sites/${annex.id}/installer`))).json.token;
  const moved = await agent('/agent/v1/enroll', { token: annexToken, hardware_id: 'hw-annex-ws', hostname: 'annex-ws',
    platform: 'workstation', os: 'Debian GNU/Linux 12', agent_version: '1.0.0' });
  assert.equal(moved.status, 201);
  assert.equal((await admin.req('DELETE', url(`/customers/${stays.id}/sites/${annex.id}?move_devices_to=none`),
    { confirm_name: 'Old annex' })).status, 204);
  const later = await startServer({ db: srv.db, env: { STEWARD_CLOCK_OFFSET: String(31 * DAY) } });
  try {
    const a = new Client(later.url);
    await a.signIn(demoUsers.admin);
    await until(async () => !(await a.req('GET', url('/deleted-customers'))).json.customers.some((x) => x.id === c.id),
      { what: 'customer purged' });
    assert.equal((await a.req('POST', url(`/customers/${c.id}/restore`))).status, 404);
    await until(async () => !(await a.req('GET', url(`/customers/${stays.id}/deleted-sites`))).json.sites
      .some((x) => x.id === annex.id), { what: 'site purged' });
    assert.equal((await a.req('POST', url(`/customers/${stays.id}/sites/${annex.id}/restore`))).status, 404);
    const dev = await a.req('GET', url(`/devices/${moved.json.device_id}`));
    assert.equal(dev.status, 200, dev.text);
    assert.equal(dev.json.site_id, null, 'its device stayed, in no site');
    const sitePurge = (await a.req('GET', url('/audit?category=site&limit=500'))).json.events
      .find((e) => e.event_type === 'purge' && e.site_id === annex.id);
    assert.ok(sitePurge, 'the site purge is audited');
    assert.equal(sitePurge.origin, 'system');
    assert.equal(sitePurge.customer_id, stays.id);
    const audit = await a.req('GET', url('/audit?category=customer&limit=500'));
    assert.equal(audit.status, 200, audit.text);
    const purge = audit.json.events.find((e) => e.event_type === 'purge' && e.customer_id === c.id);
    assert.ok(purge, 'the purge is audited');
    assert.equal(purge.origin, 'system');
    const owner = new Client(later.url);
    await owner.signIn(demoUsers.tanaka);
    await until(async () => !(await owner.req('GET', '/api/v1/me/deleted-accounts')).json.accounts.some((x) => x.id === company),
      { what: 'company purged' });
    assert.equal((await owner.req('POST', `/api/v1/me/deleted-accounts/${company}/restore`)).status, 404);
  } finally {
    await later.stop();
  }
});

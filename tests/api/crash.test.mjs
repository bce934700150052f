// Crash safety: every process of a server (stewardctl, Kore, its workers,
// the background process) is killed with SIGKILL at once while people
// create customers, devices report threats and alerts change status, in
// several rounds. After each kill the database passes `stewardctl doctor`
// (SQLite: integrity_check and foreign_key_check; PostgreSQL: no invalid
// index or constraint; the schema at the latest version), `stewardctl init`
// succeeds on it, and the server starts again on the same database and run
// directory (its stale kore.pid included). Requests whose answer was lost
// are sent again, as a client would: customers with the same Idempotency-Key, threats in the
// device's next check-in. At the end every acknowledged write is there
// exactly once, no write appears that was never sent, the dashboard's
// counters match the lists, and the webhook deliveries and e-mail the
// background process held under a lease when it was killed go out once the
// lease runs out (STEWARD_CLOCK_OFFSET moves past it).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, Client, demoUsers, agentReq, backend, freePort, scale } from '../lib/server.mjs';
import { startSmtp } from '../lib/smtp.mjs';
import { until } from '../lib/wait.mjs';

const ROUNDS = 3;
const CUSTOMER_WRITERS = 3;
const THREAT_DEVICES = 3;
const POOL = 100;		// alerts made for the status changers (a check-in's most)
const LEASE_PAST = 400;	// seconds past the leases of webhooks (120 s) and e-mail (300 s)

let srv, admin, acc, cust, runDir;
const url = (p) => `/api/v1/accounts/${acc}${p}`;

// The webhook receiver: hangs (never answers) until `hooks.answer`, so the
// background process is killed holding deliveries under a lease.
const hooks = { answer: false, hung: 0, created: new Map() };
let receiver, silent, smtp;

function startReceiver() {
  return new Promise((resolve) => {
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        if (!hooks.answer) {
          hooks.hung += 1;
          req.socket.on('error', () => {});
          return;
        }
        const ev = JSON.parse(body);
        if (ev.type === 'customer.created') {
          hooks.created.set(ev.data.customer_id, (hooks.created.get(ev.data.customer_id) ?? 0) + 1);
        }
        res.writeHead(204);
        res.end();
      });
    });
    receiver.listen(0, '127.0.0.1', () => resolve(receiver.address().port));
  });
}

after(async () => {
  receiver?.closeAllConnections();
  receiver?.close();
  silent?.close();
  await smtp?.stop();
  try {
    await srv?.stop();
  } finally {
    if (runDir) rmSync(runDir, { recursive: true, force: true });
  }
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const fresh = iso(Date.now() - 3600 * 1000);
const state = (threats) => ({ protection: 'on', definitions_updated_at: fresh, threats });


// One number from the database, read beside the server.
function sqlCount(db, sql) {
  const out = backend === 'pg' ? execFileSync('psql', [db, '-Atc', sql]) : execFileSync('sqlite3', [db, sql]);
  return Number(out.toString().trim());
}
const MAIL_UNSENT = "SELECT count(*) FROM mail_outbox WHERE status IN ('waiting', 'sending')";

// Every item of a list, page by page.
async function all(path, key) {
  const items = [];
  let cursor = '';
  for (;;) {
    const r = await admin.req('GET', url(`${path}${path.includes('?') ? '&' : '?'}limit=500${cursor}`));
    assert.equal(r.status, 200, r.text);
    items.push(...r.json[key]);
    if (!r.json.next_cursor) return items;
    cursor = `&cursor=${encodeURIComponent(r.json.next_cursor)}`;
  }
}

async function enroll(hostname) {
  const token = (await admin.req('GET', url(`/customers/${cust}/installer`))).json.token;
  const r = await agentReq(srv.url, '/agent/v1/enroll', {
    token, hardware_id: `crash-hw-${hostname}`, hostname, platform: 'workstation', os: 'Debian GNU/Linux 12',
    agent_version: '1.0.0',
  });
  assert.equal(r.status, 201, r.text);
  return { ...r.json, hostname, acked: new Set(), unsure: [], sent: 0 };
}

// ---- what the writers sent and what was acknowledged ---------------------

let seq = 0;
const customers = { acked: [], unsure: [], retried: 0, replayed: 0 };	// { key, body, id? }
const changes = new Map();	// alert id -> { acked: status, unsure: status|null }
const t0 = Date.now();
let devices, pool;

function customerBody(n) {
  return {
    source: 'new', email: `it@crash${n}.example`, contact_person: 'Ada Lovelace', phone: '+44 20 7946 0958',
    company: `Crash Test ${n} Ltd`, industry: 'it_telecom', website: `crash${n}.example`,
    street: '12 Marylebone Road', postal_code: 'NW1 5LN', city: 'London', country: 'GB', segment_discount: null,
    management: { mode: 'local', template: 'workstation' },
  };
}

const createCustomer = (c) => admin.req('POST', url('/customers'), c.body, { headers: { 'idempotency-key': c.key } });

async function customerWriter(round) {
  while (!round.killed) {
    seq += 1;
    const c = { key: `crash-${seq}`, body: customerBody(seq) };
    let r;
    try {
      r = await createCustomer(c);
    } catch {
      customers.unsure.push(c);	// no answer: the server died
      return;
    }
    assert.equal(r.status, 201, r.text);
    c.id = r.json.customer.id;
    customers.acked.push(c);
    round.customers += 1;
  }
}

// A device reports one new threat per check-in, with those whose check-in
// went unanswered (an agent resends them until acknowledged).
function threatCheckin(dev) {
  dev.sent += 1;
  const t = { name: 'Crash-Test-Signature', path: `/srv/crash/${dev.hostname}/${dev.sent}`, action: 'quarantined',
    detected_at: iso(t0 - 86400 * 1000 + dev.sent * 1000) };
  const threats = [...dev.unsure, t];
  dev.unsure = threats;
  return agentReq(srv.url, '/agent/v1/checkin', { policy_version: null, state: state(threats) }, dev.device_secret)
    .then((r) => {
      assert.equal(r.status, 200, r.text);
      for (const x of threats) dev.acked.add(x.path);
      dev.unsure = [];
    });
}

async function threatWriter(round, dev) {
  while (!round.killed) {
    try {
      await threatCheckin(dev);
    } catch (e) {
      if (e instanceof assert.AssertionError) throw e;
      return;
    }
    round.threats += 1;
  }
}

// Open -> acknowledged -> resolved, one alert after another.
async function alertChanger(round, ids) {
  while (!round.killed && ids.length > 0) {
    const id = ids[0];
    const ch = changes.get(id) ?? { acked: 'open', unsure: null };
    changes.set(id, ch);
    if (ch.unsure !== null) {
      // Its answer was lost to a kill: look, as a person would.
      const was = (await admin.req('GET', url(`/alerts/${id}`))).json.status;
      assert.ok([ch.acked, ch.unsure].includes(was), `${id}: ${was}, expected ${JSON.stringify(ch)}`);
      Object.assign(ch, { acked: was, unsure: null });
      if (was === 'resolved') ids.shift();
      continue;
    }
    const next = ch.acked === 'open' ? 'acknowledged' : 'resolved';
    ch.unsure = next;
    let r;
    try {
      r = await admin.req('PATCH', url(`/alerts/${id}`), { status: next, note: `crash round ${round.n}` });
    } catch {
      return;
    }
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, next);
    ch.acked = next;
    ch.unsure = null;
    if (next === 'resolved') ids.shift();
    round.changes += 1;
  }
}

// ---- the test -----------------------------------------------------------

// One server's processes, its run directory (a stale kore.pid) and its
// restart are what is under test: the two-server run has no single one.
const skip = scale === 1 ? false : 'one server is killed and restarted (its own --run-dir)';

test('SIGKILL of every server process mid-write loses no acknowledged write and duplicates none', { skip }, async () => {
  const started = Date.now();
  const hookPort = await startReceiver();
  // An SMTP server that accepts connections and never greets, until the
  // last restart: the background process is killed waiting for it, holding
  // the alert notices it claimed.
  const smtpPort = await freePort();
  silent = createServer((sock) => sock.on('error', () => {}));
  await new Promise((res) => silent.listen(smtpPort, '127.0.0.1', res));
  runDir = mkdtempSync(join(tmpdir(), 'steward-crash-run-'));
  srv = await startServer({
    args: ['--run-dir', runDir, '--smtp-url', `smtp://127.0.0.1:${smtpPort}`, '--mail-from', 'steward@hub.example'],
    env: { STEWARD_WEBHOOK_RETRY_SECONDS: '1', STEWARD_WEBHOOK_TIMEOUT_SECONDS: '60', STEWARD_SMTP_TIMEOUT: '60',
      STEWARD_MAIL_POLL_MS: '100' },
  });
  admin = new Client(srv.url);
  await admin.signIn(demoUsers.admin);
  acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  cust = (await admin.req('GET', url('/customers?limit=1'))).json.customers[0].id;
  const demoCompanies = new Set((await all('/customers', 'customers')).map((c) => c.company));
  const hook = await admin.req('POST', url('/webhooks'), {
    url: `http://127.0.0.1:${hookPort}/steward`, events: ['customer.created'],
  });
  assert.equal(hook.status, 201, hook.text);

  devices = [];
  for (let i = 0; i < THREAT_DEVICES; i++) devices.push(await enroll(`crash-ws-${i}`));
  // The changers' alerts: one check-in with as many threats as it may hold.
  const poolDev = await enroll('crash-pool');
  const poolThreats = Array.from({ length: POOL }, (_, i) => ({ name: 'Crash-Pool-Signature',
    path: `/srv/pool/${i}`, action: 'deleted', detected_at: iso(t0 - 7200 * 1000 + i * 1000) }));
  assert.equal((await agentReq(srv.url, '/agent/v1/checkin', { policy_version: null, state: state(poolThreats) },
    poolDev.device_secret)).status, 200);
  pool = (await all(`/alerts?device_id=${poolDev.device_id}&type=threat_detected`, 'alerts')).map((a) => a.id);
  assert.equal(pool.length, POOL);
  const lanes = [pool.filter((_, i) => i % 2 === 0), pool.filter((_, i) => i % 2 === 1)];
  // The background process is killed holding the e-mail notices of these
  // alerts in the first round, a webhook delivery in the second, each
  // waiting for an answer that does not come (it does one thing at a time).
  await until(() => sqlCount(srv.db, "SELECT count(*) FROM mail_outbox WHERE status = 'sending'") >= 1, { what: 'e-mail in flight', every: 50 });

  const tally = [];
  for (let n = 1; n <= ROUNDS; n++) {
    const round = { n, killed: false, customers: 0, threats: 0, changes: 0 };
    const writers = [
      ...Array.from({ length: CUSTOMER_WRITERS }, () => customerWriter(round)),
      ...devices.map((d) => threatWriter(round, d)),
      ...lanes.map((ids) => alertChanger(round, ids)),
    ];
    // Kill once every kind of write is flowing, at a different moment each
    // round.
    await until(() => round.customers >= 3 && round.threats >= 3 && round.changes >= 3, { what: `round ${n}: writes`, every: 50 });
    await sleep(100 + 150 * n);
    // The writers keep going: requests are in flight when the processes
    // stop, and those sent after meet a closed port.
    const pids = await srv.kill9();
    round.killed = true;
    // stewardctl, Kore, two workers and the background process at least.
    assert.ok(pids.length >= 5, `killed ${pids}`);
    await Promise.all(writers);
    tally.push(round);

    // As the crash left it: intact, at the latest schema, and restartable
    // although Kore's pid file is still there.
    const doc = await srv.ctl(['doctor', '--db', '$DB']);
    assert.match(doc.stdout, /^OK\s+database\s.*\(the latest\)$/m, doc.stdout + doc.stderr);
    assert.match(doc.stdout, /^OK\s+integrity\s/m, doc.stdout + doc.stderr);
    const init = await srv.ctl(['init', '--db', '$DB']);
    assert.equal(init.code, 0, init.stderr);
    // Kore's pid file outlives a SIGKILL; the next start must not mind it.
    // (Once in CI it was gone: then a stale one stands in for it.)
    if (!existsSync(join(runDir, 'kore.pid'))) {
      console.log(`crash test: round ${n}: no pid file after the kill; writing a stale one`);
      writeFileSync(join(runDir, 'kore.pid'), `${pids.at(-1)}\n`);
    }
    const last = n === ROUNDS;
    if (last) {
      hooks.answer = true;
      assert.ok(sqlCount(srv.db, "SELECT count(*) FROM mail_outbox WHERE status = 'sending'") >= 1,
        'e-mail leased by a killed background process');
      silent.close();
      await new Promise((res) => silent.on('close', res));
      silent = null;
      smtp = await startSmtp({ port: smtpPort });
    }
    // The last start is past the leases of the deliveries the killed
    // background processes held.
    await srv.restart(last ? { STEWARD_CLOCK_OFFSET: String(LEASE_PAST) } : {});

    // The writes whose answer was lost, again: a customer with the same
    // key is created once (or its first answer replayed).
    for (const c of customers.unsure.splice(0)) {
      const r = await createCustomer(c);
      assert.equal(r.status, 201, r.text);
      c.id = r.json.customer.id;
      customers.acked.push(c);
      customers.retried += 1;
      if (r.headers.get('idempotent-replayed') === 'true') customers.replayed += 1;
    }
    for (const d of devices) if (d.unsure.length > 0) await threatCheckin(d);
    if (n === 1) await until(() => hooks.hung >= 1, { what: 'a webhook delivery in flight', every: 50 });
  }

  // An acknowledged creation sent again replays its answer.
  for (const c of customers.acked.slice(0, 3)) {
    const r = await createCustomer(c);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('idempotent-replayed'), 'true');
    assert.equal(r.json.customer.id, c.id);
  }

  // Every acknowledged customer, once; none that was not sent.
  const listed = (await all('/customers', 'customers')).filter((c) => !demoCompanies.has(c.company));
  const byCompany = new Map();
  for (const c of listed) byCompany.set(c.company, [...(byCompany.get(c.company) ?? []), c.id]);
  for (const c of customers.acked) {
    assert.deepEqual(byCompany.get(c.body.company), [c.id], c.body.company);
  }
  assert.equal(listed.length, customers.acked.length, 'customers that were never acknowledged');

  // Every acknowledged threat: one alert, counted once.
  for (const d of devices) {
    const alerts = await all(`/alerts?device_id=${d.device_id}&type=threat_detected`, 'alerts');
    const paths = alerts.map((a) => a.details.path).sort();
    assert.deepEqual(paths, [...d.acked].sort(), d.hostname);
    for (const a of alerts) assert.equal(a.count, 1, JSON.stringify(a));
  }

  // Every acknowledged status change; an unanswered one either happened
  // or did not.
  const now = new Map((await all(`/alerts?device_id=${poolDev.device_id}`, 'alerts')).map((a) => [a.id, a.status]));
  for (const id of pool) {
    const ch = changes.get(id) ?? { acked: 'open', unsure: null };
    assert.ok([ch.acked, ch.unsure].includes(now.get(id)), `${id}: ${now.get(id)}, expected ${JSON.stringify(ch)}`);
  }

  // The counters kept by triggers agree with the rows they count (read
  // again when the background process changed something meanwhile).
  for (let tries = 1; ; tries++) {
    const figures = (d) => JSON.stringify([d.customers, d.alerts, d.devices]);
    const d = (await admin.req('GET', url('/dashboard'))).json;
    const counted = { customers: (await all('/customers', 'customers')).length, alerts: {}, devices: {} };
    for (const s of ['critical', 'high', 'medium', 'low']) {
      counted.alerts[s] = (await all(`/alerts?status=open&severity=${s}`, 'alerts')).length;
    }
    for (const s of ['protected', 'at_risk', 'offline']) {
      counted.devices[s] = (await all(`/devices?status=${s}`, 'devices')).length;
    }
    counted.devices.total = d.devices.total;
    const again = (await admin.req('GET', url('/dashboard'))).json;
    if (figures(again) !== figures(d) && tries < 5) continue;
    assert.equal(d.devices.total, d.devices.protected + d.devices.at_risk + d.devices.offline);
    assert.deepEqual([d.customers, d.alerts, d.devices], [counted.customers, counted.alerts, counted.devices]);
    break;
  }

  // Deliveries were held under a lease when the background process died;
  // past the lease every acknowledged customer's event arrives.
  await until(() => customers.acked.every((c) => hooks.created.has(c.id)), { what: 'webhook deliveries', every: 50 });
  await until(() => sqlCount(srv.db, MAIL_UNSENT) === 0, { what: 'e-mail', every: 50 });
  assert.ok(smtp.messages.length >= 1);

  const changed = tally.reduce((n, r) => n + r.changes, 0);
  console.log(`crash test (${backend}): ${ROUNDS} rounds, ${customers.acked.length} customers, `
    + `${devices.reduce((n, x) => n + x.acked.size, 0)} threats, ${changed} alert changes acknowledged `
    + `(per round: ${tally.map((r) => `${r.customers}/${r.threats}/${r.changes}`).join(', ')}; `
    + `${customers.retried} creations sent again, ${customers.replayed} of them replayed), `
    + `${((Date.now() - started) / 1000).toFixed(1)} s`);
});

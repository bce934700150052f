// The real agent (bin/steward-agent) against a real server: enrolment with
// the installer token, check-ins writing policy.json, a policy change
// rewriting it, scan_now quarantining an EICAR file found with a
// self-written hash signature, a scheduled scan at its local time with a
// moved clock, removal erasing the identity, and the exit statuses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, statSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, Client, demoUsers, out, freePort } from '../lib/server.mjs';

const agentBin = join(out, 'bin', 'steward-agent');
// The 68-byte EICAR test string and a ClamAV hash signature (MD5:size:name).
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
const HDB = '44d88612fea8a8f36de82e1278abb02f:68:Steward.Test.EICAR\n';

let srv, admin, acc, cust, gpol, dir, stateDir, scanDir, dbDir, deviceId;
const url = (p) => `/api/v1/accounts/${acc}${p}`;
const hostname = `agent-e2e-${process.pid}`;

function agent(args, env = {}) {
  return new Promise((res) => {
    const p = spawn(agentBin, args, {
      env: { ...process.env, TZ: 'UTC', STEWARD_AGENT_MACHINE_ID: join(dir, 'machine-id'), ...env },
    });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (code) => res({ code, stdout, stderr }));
  });
}

async function runOnce(env) {
  const r = await agent(['run', '--state-dir', stateDir, '--once'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /AddressSanitizer|runtime error:|LeakSanitizer/);
  return r;
}

const mode = (p) => statSync(p).mode & 0o777;
const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));
const quarantined = () => readdirSync(join(stateDir, 'quarantine')).filter((f) => f.endsWith('.bin'));

before(async () => {
  srv = await startServer();
  admin = new Client(srv.url);
  await admin.signIn(demoUsers.admin);
  acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  // A customer whose workstation default is a global policy.
  for (const c of (await admin.req('GET', url('/customers?limit=100'))).json.customers) {
    const ef = (await admin.req('GET', url(`/customers/${c.id}/effective-policy?platform=workstation`))).json;
    if (ef.policy_scope === 'global') { cust = c.id; gpol = ef.policy_id; break; }
  }
  assert.ok(cust && gpol);
  dir = mkdtempSync(join(tmpdir(), 'steward-agent-e2e-'));
  stateDir = join(dir, 'state');
  scanDir = join(dir, 'files');
  dbDir = join(dir, 'clamav');
  mkdirSync(join(scanDir, 'deep'), { recursive: true });
  mkdirSync(dbDir);
  writeFileSync(join(dbDir, 'steward-test.hdb'), HDB);
  writeFileSync(join(dir, 'machine-id'), `${process.pid}${Date.now()}${srv.port}\n`);
});

after(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await srv?.stop();
});

test('usage, a rejected token and an unreachable hub have their own exit statuses', async () => {
  const help = await agent(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /steward-agent enroll --server URL --token T --state-dir DIR/);
  assert.match(help.stdout, /Exit status/);
  const bad = await agent(['enroll', '--server', srv.url, '--state-dir', join(dir, 'x')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--token/);
  assert.equal((await agent(['frobnicate'])).code, 2);
  const rejected = await agent(['enroll', '--server', srv.url, '--token', 'stw_it_forged', '--state-dir', join(dir, 'rejected')]);
  assert.equal(rejected.code, 4, rejected.stderr);
  assert.match(rejected.stderr, /rejected the installer token/);
  const port = await freePort();
  const down = await agent(['enroll', '--server', `http://127.0.0.1:${port}`, '--token', 'stw_it_x', '--state-dir', join(dir, 'down')]);
  assert.equal(down.code, 3, down.stderr);
  assert.match(down.stderr, /cannot reach/);
  const none = await agent(['run', '--state-dir', join(dir, 'nothing-here'), '--once']);
  assert.equal(none.code, 1);
});

test('enrol, check in: the device is listed and policy.json holds its effective settings', async () => {
  const inst = await admin.req('GET', url(`/customers/${cust}/installer`));
  assert.equal(inst.status, 200, inst.text);
  const e = await agent(['enroll', '--server', srv.url, '--token', inst.json.token, '--state-dir', stateDir,
    '--hostname', hostname, '--clamav-db', dbDir, '--scan-path', scanDir]);
  assert.equal(e.code, 0, e.stderr);
  assert.match(e.stderr, /enrolled as device/);
  assert.equal(mode(stateDir), 0o700);
  assert.equal(mode(join(stateDir, 'identity.json')), 0o600);
  assert.equal(mode(join(stateDir, 'quarantine')), 0o700);
  const id = readJson(join(stateDir, 'identity.json'));
  assert.match(id.device_secret, /^stw_ds_/);
  deviceId = id.device_id;
  assert.equal(readJson(join(stateDir, 'config.json')).server, srv.url);

  await runOnce();
  const list = await admin.req('GET', url(`/devices?customer_id=${cust}&q=${hostname}`));
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.devices.map((d) => d.id), [deviceId]);
  const d = (await admin.req('GET', url(`/devices/${deviceId}`))).json;
  assert.equal(d.hostname, hostname);
  assert.equal(d.protection, 'on');
  assert.equal(d.status, 'protected');
  assert.ok(d.definitions_updated_at);
  assert.equal(d.agent_version, '1.0.0');
  assert.ok(d.kernel && d.os);
  assert.ok(Array.isArray(d.ip_addresses) && !d.ip_addresses.includes('127.0.0.1'));
  assert.ok(d.booted_at);
  const ef = (await admin.req('GET', url(`/devices/${deviceId}/effective-policy`))).json;
  const written = readJson(join(stateDir, 'policy.json'));
  assert.deepEqual(written, ef.settings);
  assert.equal(readJson(join(stateDir, 'status.json')).policy_version, ef.version);

  // A change of the global policy reaches policy.json at the next check-in.
  const g = await admin.req('PATCH', url(`/policies/${gpol}`), {
    settings: { antivirus: { scheduled_scan: { enabled: true, day: 'daily', time: '04:45', type: 'quick' } } },
  });
  assert.equal(g.status, 200, g.text);
  await runOnce();
  const after1 = readJson(join(stateDir, 'policy.json'));
  assert.equal(after1.antivirus.scheduled_scan.time, '04:45');
  assert.deepEqual(after1, (await admin.req('GET', url(`/devices/${deviceId}/effective-policy`))).json.settings);
});

test('scan_now quarantines the EICAR file and the hub lists the threat', async () => {
  assert.ok(deviceId, 'enrolled by the previous test');
  const bad = join(scanDir, 'deep', 'invoice.pdf.exe');
  const clean = join(scanDir, 'notes.txt');
  writeFileSync(bad, EICAR);
  writeFileSync(clean, 'quarterly notes\n');
  const cmd = await admin.req('POST', url(`/devices/${deviceId}/commands`), { type: 'scan_now' });
  assert.equal(cmd.status, 202, cmd.text);
  const r = await runOnce();
  assert.match(r.stderr, /requested quick scan done: 2 files, 1 detections/);
  assert.equal(existsSync(bad), false, 'gone from its place');
  assert.equal(existsSync(clean), true);
  const q = quarantined();
  assert.equal(q.length, 1);
  const qf = join(stateDir, 'quarantine', q[0]);
  assert.equal(mode(qf), 0o600);
  assert.equal(readFileSync(qf, 'utf8'), EICAR);
  assert.equal(readJson(`${qf.replace(/\.bin$/, '')}.bin.json`).original_path, bad);
  // The second check-in of the run reported it and the hub acknowledged it.
  assert.deepEqual(readJson(join(stateDir, 'threats.json')), []);
  const d = (await admin.req('GET', url(`/devices/${deviceId}`))).json;
  const t = d.threats.find((x) => x.path === bad);
  assert.ok(t, JSON.stringify(d.threats));
  assert.match(t.name, /^Steward\.Test\.EICAR/);
  assert.equal(t.action, 'quarantined');
  assert.equal(t.resolved, true);
  assert.deepEqual(d.commands_pending, []);
});

test('a scheduled scan runs at its local time once, with the agent clock moved', async () => {
  // Scheduling started at enrolment; a daily slot two hours from now.
  const now = new Date();
  const at = new Date(now.getTime() + 2 * 3600 * 1000);
  const hhmm = `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
  const g = await admin.req('PATCH', url(`/policies/${gpol}`), {
    settings: { antivirus: { scheduled_scan: { enabled: true, day: 'daily', time: hhmm, type: 'quick' } } },
  });
  assert.equal(g.status, 200, g.text);
  const bad = join(scanDir, 'later.com');
  writeFileSync(bad, EICAR);
  let r = await runOnce();
  assert.equal(readJson(join(stateDir, 'policy.json')).antivirus.scheduled_scan.time, hhmm);
  assert.doesNotMatch(r.stderr, /scheduled quick scan/);
  assert.equal(existsSync(bad), true, 'not due yet');
  // Three hours later (the agent's clock only): due, scanned, quarantined.
  const later = { STEWARD_CLOCK_OFFSET: String(3 * 3600) };
  r = await runOnce(later);
  assert.match(r.stderr, /scheduled quick scan done/);
  assert.equal(existsSync(bad), false);
  assert.equal(quarantined().length, 2);
  // Not again for the same slot, even after a restart.
  writeFileSync(bad, EICAR);
  r = await runOnce(later);
  assert.doesNotMatch(r.stderr, /scheduled quick scan/);
  assert.equal(existsSync(bad), true);
  const d = (await admin.req('GET', url(`/devices/${deviceId}`))).json;
  assert.ok(d.threats.some((x) => x.path === bad && x.action === 'quarantined'));
});

test('removal: the next check-in erases the identity and the agent exits 0', async () => {
  const del = await admin.req('DELETE', url(`/devices/${deviceId}`));
  assert.equal(del.status, 204, del.text);
  const r = await agent(['run', '--state-dir', stateDir, '--once']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /removed this device/);
  assert.equal(existsSync(join(stateDir, 'identity.json')), false);
  assert.match(readFileSync(join(stateDir, 'UNINSTALLED'), 'utf8'), /removed from its Steward hub/);
  const again = await agent(['run', '--state-dir', stateDir, '--once']);
  assert.equal(again.code, 4);
  assert.match(again.stderr, /removed from its hub/);
  const list = await admin.req('GET', url(`/devices?customer_id=${cust}&q=${hostname}`));
  assert.deepEqual(list.json.devices, []);
});

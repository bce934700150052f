// Sites, installers, the agent protocol and devices (SPEC §8, §12):
// enrolment, token rotation, re-enrolment, version-based policy delivery
// through every layer, removal, isolation and bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers, agentReq } from '../lib/server.mjs';
import { holdWrites } from '../lib/dblock.mjs';

let srv, admin, viewer, harbor, tech, acc, hacc, cust, other, gpol;

const url = (p) => `/api/v1/accounts/${acc}${p}`;
let seq = 0;

const agent = (path, body, secret, raw) => agentReq(srv.url, path, body, secret, raw);

const state = (extra = {}) => ({
  protection: 'on', definitions_updated_at: new Date().toISOString(), threats: [], ...extra,
});

async function enroll(token, hw = `hw-${++seq}`, hostname = `ws-${seq}`) {
  const r = await agent('/agent/v1/enroll', {
    token, hardware_id: hw, hostname, platform: 'workstation', os: 'Debian GNU/Linux 12', agent_version: '1.0.0',
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

// A new device of cust that has checked in once with state st: the
// device, its check-in body, and the last-seen time that check-in wrote.
async function checkedIn(st = state()) {
  const token = (await admin.req('GET', url(`/customers/${cust}/installer`))).json.token;
  const dev = await enroll(token);
  const body = { policy_version: null, state: st };
  assert.equal((await agent('/agent/v1/checkin', body, dev.device_secret)).status, 200);
  return { dev, body, seen0: await lastSeen(dev) };
}

const lastSeen = async (dev) => Date.parse((await admin.req('GET', url(`/devices/${dev.device_id}`))).json.last_seen);

// dev's last-seen time once it reaches at least ms (batches are written
// every few seconds), or as it is after ten.
async function seenReaches(dev, ms) {
  let seen = await lastSeen(dev);
  for (let i = 0; i < 100 && seen < ms; i++) {
    await new Promise((res) => setTimeout(res, 100));
    seen = await lastSeen(dev);
  }
  return seen;
}

before(async () => {
  srv = await startServer();
  [admin, viewer, harbor, tech] = [0, 1, 2, 3].map(() => new Client(srv.url));
  await admin.signIn(demoUsers.admin);
  await viewer.signIn(demoUsers.viewer);
  await harbor.signIn(demoUsers.harbor);
  await tech.signIn(demoUsers.tech);
  acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  hacc = (await harbor.req('GET', '/api/v1/accounts')).json.accounts[0].id;
  // A customer whose workstation default is a global policy.
  const customers = (await admin.req('GET', url('/customers?limit=100'))).json.customers;
  for (const c of customers) {
    const ef = (await admin.req('GET', url(`/customers/${c.id}/effective-policy?platform=workstation`))).json;
    if (ef.policy_scope === 'global' && !cust) { cust = c.id; gpol = ef.policy_id; }
  }
  const techIds = new Set((await tech.req('GET', url('/customers?limit=100'))).json.customers.map((c) => c.id));
  other = customers.find((c) => c.id !== cust && !techIds.has(c.id)).id;
  assert.ok(cust && gpol && other);
});
after(async () => { await srv.stop(); });

test('sites: create, list, rename, duplicate names, exclusions, delete with a move', async () => {
  const a = await admin.req('POST', url(`/customers/${cust}/sites`), { name: 'Osaka <branch>' });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.json.name, 'Osaka <branch>');
  assert.equal(a.json.device_count, 0);
  const dup = await admin.req('POST', url(`/customers/${cust}/sites`), { name: 'OSAKA <BRANCH>' });
  assert.equal(dup.status, 409);
  assert.equal(dup.json.error.code, 'duplicate_name');
  assert.ok(dup.json.error.fields.name);
  const empty = await admin.req('POST', url(`/customers/${cust}/sites`), { name: '  ' });
  assert.equal(empty.status, 422);
  assert.ok(empty.json.error.fields.name);
  const b = await admin.req('POST', url(`/customers/${cust}/sites`), { name: 'Kobe' });
  const list = await admin.req('GET', url(`/customers/${cust}/sites`));
  assert.deepEqual(list.json.sites.map((s) => s.name).filter((n) => /Osaka|Kobe/.test(n)), ['Kobe', 'Osaka <branch>']);
  const ren = await admin.req('PATCH', url(`/customers/${cust}/sites/${b.json.id}`), { name: 'Kobe port' });
  assert.equal(ren.json.name, 'Kobe port');
  const badEx = await admin.req('PATCH', url(`/customers/${cust}/sites/${b.json.id}`), { exclusions: { paths: ['relative'] } });
  assert.equal(badEx.status, 422, badEx.text);
  assert.ok(badEx.json.error.fields['exclusions.paths[0]']);
  // A site holding a device is deleted only with a destination for it.
  const inst = (await admin.req('GET', url(`/customers/${cust}/sites/${b.json.id}/installer`))).json;
  const dev = await enroll(inst.token);
  const held = await admin.req('DELETE', url(`/customers/${cust}/sites/${b.json.id}`), { confirm_name: 'Kobe port' });
  assert.equal(held.status, 409);
  assert.equal(held.json.error.code, 'site_not_empty');
  const badMove = await admin.req('DELETE', url(`/customers/${cust}/sites/${b.json.id}?move_devices_to=site_nosuchsite000000`), { confirm_name: 'Kobe port' });
  assert.equal(badMove.status, 422);
  assert.ok(badMove.json.error.fields.move_devices_to);
  const moved = await admin.req('DELETE', url(`/customers/${cust}/sites/${b.json.id}?move_devices_to=${a.json.id}`), { confirm_name: 'Kobe port' });
  assert.equal(moved.status, 204, moved.text);
  const d = await admin.req('GET', url(`/devices/${dev.device_id}`));
  assert.equal(d.json.site_id, a.json.id);
  assert.equal(d.json.site_name, 'Osaka <branch>');
  // The deleted site's installer token enrols nothing any more.
  const gone = await agent('/agent/v1/enroll', { token: inst.token, hardware_id: 'x', hostname: 'x', platform: 'workstation' });
  assert.equal(gone.status, 401);
});

test('installers: admins only, a paste-able command, rotation stops the old token', async () => {
  const i = await admin.req('GET', url(`/customers/${cust}/installer`));
  assert.equal(i.status, 200, i.text);
  assert.match(i.json.token, /^stw_it_/);
  assert.ok(i.json.command.includes(i.json.token));
  assert.ok(i.json.command.includes('steward-agent enroll'));
  assert.match(i.json.package_url, /\/downloads\/steward-agent_amd64\.deb$/);
  assert.equal(i.headers.get('cache-control'), 'no-store');
  // The same token every time until it is rotated.
  assert.equal((await admin.req('GET', url(`/customers/${cust}/installer`))).json.token, i.json.token);
  assert.equal((await viewer.req('GET', url(`/customers/${cust}/installer`))).status, 403);
  assert.equal((await viewer.req('POST', url(`/customers/${cust}/installer/rotate`))).status, 403);
  const first = await enroll(i.json.token, 'hw-rot');
  const r = await admin.req('POST', url(`/customers/${cust}/installer/rotate`));
  assert.equal(r.status, 200);
  assert.notEqual(r.json.token, i.json.token);
  const old = await agent('/agent/v1/enroll', { token: i.json.token, hardware_id: 'hw-rot', hostname: 'a', platform: 'workstation' });
  assert.equal(old.status, 401);
  assert.equal(old.json.error.code, 'invalid_token');
  // Re-enrolment with the new token: same device, new secret, old one dead.
  const again = await enroll(r.json.token, 'hw-rot');
  assert.equal(again.device_id, first.device_id);
  assert.notEqual(again.device_secret, first.device_secret);
  assert.equal((await agent('/agent/v1/checkin', { policy_version: null, state: state() }, first.device_secret)).status, 401);
  assert.equal((await agent('/agent/v1/checkin', { policy_version: null, state: state() }, again.device_secret)).status, 200);
  const audit = await admin.req('GET', url(`/audit?customer_id=${cust}`));
  assert.ok(audit.json.events.some((e) => e.event_type === 'rotate'), 'rotation audited');
  assert.ok(audit.json.events.some((e) => e.event_type === 'reenroll' && e.origin === 'agent'));
});

test('check-in delivers the policy only when its version changes, through every layer', async () => {
  const token = (await admin.req('GET', url(`/customers/${cust}/installer`))).json.token;
  const dev = await enroll(token);
  const s = dev.device_secret;
  let c = await agent('/agent/v1/checkin', { policy_version: null, state: state() }, s);
  assert.equal(c.status, 200, c.text);
  assert.ok(c.json.policy.antivirus, 'full settings the first time');
  assert.deepEqual(c.json.commands, []);
  assert.ok(c.json.checkin_seconds > 0);
  let v = c.json.policy_version;
  c = await agent('/agent/v1/checkin', { policy_version: v, state: state() }, s);
  assert.equal(c.json.policy_version, v);
  assert.equal(c.json.policy, undefined, 'nothing sent when unchanged');
  const next = async (why) => {
    const r = await agent('/agent/v1/checkin', { policy_version: v, state: state() }, s);
    assert.notEqual(r.json.policy_version, v, why);
    assert.ok(r.json.policy, why);
    v = r.json.policy_version;
    return r.json.policy;
  };
  // A global policy edit reaches the device without a write per device.
  const g = await admin.req('PATCH', url(`/policies/${gpol}`), { settings: { antivirus: { scheduled_scan: { time: '03:15' } } } });
  assert.equal(g.status, 200, g.text);
  assert.equal((await next('global edit')).antivirus.scheduled_scan.time, '03:15');
  const o = await admin.req('PUT', url(`/customers/${cust}/policies/${gpol}/overrides`), { settings: { firewall: { mode: 'strict' } } });
  assert.equal(o.status, 200, o.text);
  assert.equal((await next('customer override')).firewall.mode, 'strict');
  // A site exclusion: move the device into a site that excludes a path.
  const site = await admin.req('POST', url(`/customers/${cust}/sites`), { name: `Lab ${++seq}` });
  await admin.req('PATCH', url(`/customers/${cust}/sites/${site.json.id}`), { exclusions: { paths: ['/srv/scratch'] } });
  assert.equal((await admin.req('PATCH', url(`/devices/${dev.device_id}`), { site_id: site.json.id })).status, 200);
  assert.ok((await next('site exclusion')).exclusions.paths.includes('/srv/scratch'));
  const put = await admin.req('PUT', url(`/devices/${dev.device_id}/overrides`), { settings: { exclusions: { paths: ['/opt/build'] } } });
  assert.equal(put.status, 200, put.text);
  const p = await next('device override');
  assert.ok(p.exclusions.paths.includes('/opt/build') && p.exclusions.paths.includes('/srv/scratch'));
  const ef = await admin.req('GET', url(`/devices/${dev.device_id}/effective-policy`));
  assert.equal(ef.status, 200, ef.text);
  assert.equal(ef.json.version, v, 'the console shows the version the device has');
  assert.equal(ef.json.origin['firewall.mode'], 'customer');
  assert.deepEqual(ef.json.contributions['exclusions.paths'].site, ['/srv/scratch']);
  assert.deepEqual(ef.json.contributions['exclusions.paths'].device, ['/opt/build']);
  // update_policy sends the whole policy again, even at the same version.
  const cmd = await admin.req('POST', url(`/devices/${dev.device_id}/commands`), { type: 'update_policy' });
  assert.equal(cmd.status, 202, cmd.text);
  c = await agent('/agent/v1/checkin', { policy_version: v, state: state() }, s);
  assert.ok(c.json.policy);
  assert.deepEqual(c.json.commands.map((x) => x.type), ['update_policy']);
  c = await agent('/agent/v1/checkin', { policy_version: v, state: state() }, s);
  assert.equal(c.json.policy, undefined);
  assert.deepEqual(c.json.commands, []);
  // Assigning a policy of the wrong platform is refused.
  const servers = (await admin.req('GET', url('/policies'))).json.policies.find((x) => x.platform === 'server');
  const wrong = await admin.req('PATCH', url(`/devices/${dev.device_id}`), { policy_id: servers.id });
  assert.equal(wrong.status, 422);
  assert.ok(wrong.json.error.fields.policy_id);
});

test('state: threats and host facts make the device at risk; status filters; removal uninstalls', async () => {
  const token = (await admin.req('GET', url(`/customers/${cust}/installer`))).json.token;
  const dev = await enroll(token, `hw-${++seq}`, 'FINANCE-PC-07');
  const s = dev.device_secret;
  const threat = { name: 'Eicar-Signature', path: '/home/ana/eicar.com', action: 'reported', detected_at: '2026-12-04T08:00:00Z' };
  const host = { hostname: 'FINANCE-PC-07', os: 'Ubuntu 24.04 LTS', kernel: '6.8.0-45-generic', agent_version: '1.0.1', ip_addresses: ['10.0.4.17', 'fe80::1'], uptime_seconds: 3600 };
  let c = await agent('/agent/v1/checkin', { policy_version: null, state: state({ threats: [threat] }), host }, s);
  assert.equal(c.status, 200, c.text);
  // The same threat again (a retry) is stored once.
  await agent('/agent/v1/checkin', { policy_version: null, state: state({ threats: [threat] }), host }, s);
  let d = (await admin.req('GET', url(`/devices/${dev.device_id}`))).json;
  assert.equal(d.status, 'at_risk');
  assert.equal(d.threats.length, 1);
  assert.equal(d.threats[0].path, '/home/ana/eicar.com');
  assert.equal(d.threats[0].resolved, false);
  assert.equal(d.kernel, '6.8.0-45-generic');
  assert.deepEqual(d.ip_addresses, ['10.0.4.17', 'fe80::1']);
  assert.equal(d.os, 'Ubuntu 24.04 LTS');
  const risky = (await admin.req('GET', url(`/devices?status=at_risk&q=finance-pc`))).json.devices;
  assert.deepEqual(risky.map((x) => x.id), [dev.device_id]);
  // Quarantined on the next scan: resolved, protected again.
  await agent('/agent/v1/checkin', { policy_version: null, state: state({ threats: [{ ...threat, action: 'quarantined', detected_at: '2026-12-04T08:05:00Z' }] }), host }, s);
  d = (await admin.req('GET', url(`/devices/${dev.device_id}`))).json;
  assert.equal(d.threats.length, 2);
  // Protection off: at risk.
  await agent('/agent/v1/checkin', { policy_version: null, state: state({ protection: 'off' }), host }, s);
  assert.equal((await admin.req('GET', url(`/devices/${dev.device_id}`))).json.status, 'at_risk');
  // Removal: gone from lists, the agent is told to uninstall.
  assert.equal((await viewer.req('DELETE', url(`/devices/${dev.device_id}`))).status, 403);
  assert.equal((await admin.req('DELETE', url(`/devices/${dev.device_id}`))).status, 204);
  assert.equal((await admin.req('GET', url(`/devices/${dev.device_id}`))).status, 404);
  assert.ok(!(await admin.req('GET', url('/devices?limit=500'))).json.devices.some((x) => x.id === dev.device_id));
  c = await agent('/agent/v1/checkin', { policy_version: null, state: state() }, s);
  assert.equal(c.status, 200);
  assert.deepEqual(c.json.commands, [{ type: 'uninstall' }]);
  assert.equal(c.json.policy, undefined);
});

test('isolation: another partner sees nothing, viewers change nothing, limited users see their customers', async () => {
  const token = (await admin.req('GET', url(`/customers/${other}/installer`))).json.token;
  const dev = await enroll(token);
  const site = (await admin.req('POST', url(`/customers/${other}/sites`), { name: `Iso ${++seq}` })).json;
  const h = (p) => `/api/v1/accounts/${hacc}${p}`;
  // The other partner, in its own account and in ours: 404 everywhere.
  for (const [m, p, b] of [
    ['GET', url(`/devices/${dev.device_id}`)], ['GET', url('/devices')],
    ['PATCH', url(`/devices/${dev.device_id}`), { site_id: null }], ['DELETE', url(`/devices/${dev.device_id}`)],
    ['GET', url(`/customers/${other}/sites`)], ['POST', url(`/customers/${other}/sites`), { name: 'x' }],
    ['GET', url(`/customers/${other}/installer`)], ['PATCH', url(`/customers/${other}/sites/${site.id}`), { name: 'x' }],
    ['GET', h(`/devices/${dev.device_id}`)], ['PATCH', h(`/devices/${dev.device_id}`), { site_id: null }],
    ['DELETE', h(`/devices/${dev.device_id}`)], ['GET', h(`/devices/${dev.device_id}/effective-policy`)],
    ['POST', h(`/devices/${dev.device_id}/commands`), { type: 'scan_now' }],
    ['GET', h(`/customers/${other}/sites`)], ['DELETE', h(`/customers/${other}/sites/${site.id}`)],
    ['POST', url(`/customers/${other}/installer/rotate`)], ['GET', url(`/customers/${other}/sites/${site.id}/installer`)],
    ['POST', url(`/customers/${other}/sites/${site.id}/installer/rotate`)],
    ['GET', url(`/devices/${dev.device_id}/overrides`)], ['PUT', url(`/devices/${dev.device_id}/overrides`), { settings: {} }],
    ['GET', url(`/devices/${dev.device_id}/effective-policy`)],
  ]) {
    const r = await harbor.req(m, p, b);
    assert.equal(r.status, 404, `${m} ${p}: ${r.status}`);
  }
  assert.ok(!(await harbor.req('GET', h('/devices'))).json.devices.some((d) => d.id === dev.device_id));
  // Viewers read, and every change is 403.
  assert.equal((await viewer.req('GET', url(`/devices/${dev.device_id}`))).status, 200);
  for (const [m, p, b] of [
    ['PATCH', url(`/devices/${dev.device_id}`), { site_id: site.id }], ['DELETE', url(`/devices/${dev.device_id}`)],
    ['POST', url(`/devices/${dev.device_id}/commands`), { type: 'scan_now' }],
    ['PUT', url(`/devices/${dev.device_id}/overrides`), { settings: {} }],
    ['POST', url(`/customers/${other}/sites`), { name: 'v' }], ['PATCH', url(`/customers/${other}/sites/${site.id}`), { name: 'v' }],
    ['DELETE', url(`/customers/${other}/sites/${site.id}`)],
    ['GET', url(`/customers/${other}/sites/${site.id}/installer`)],
    ['POST', url(`/customers/${other}/sites/${site.id}/installer/rotate`)],
  ]) {
    assert.equal((await viewer.req(m, p, b)).status, 403, `${m} ${p}`);
  }
  const after = (await admin.req('GET', url(`/devices/${dev.device_id}`))).json;
  assert.equal(after.site_id, null);
  // A user limited to other customers: that customer's devices do not exist.
  assert.equal((await tech.req('GET', url(`/devices/${dev.device_id}`))).status, 404);
  assert.equal((await tech.req('GET', url(`/devices?customer_id=${other}`))).status, 404);
  assert.ok(!(await tech.req('GET', url('/devices?limit=500'))).json.devices.some((d) => d.id === dev.device_id));
  assert.equal((await tech.req('GET', url(`/customers/${other}/sites`))).status, 404);
});

test('bad input is refused and stores nothing', async () => {
  const token = (await admin.req('GET', url(`/customers/${cust}/installer`))).json.token;
  const before = (await admin.req('GET', url(`/devices?customer_id=${cust}&limit=500`))).json.devices.length;
  assert.equal((await agent('/agent/v1/enroll', null, null, '{"token": ')).status, 400);
  const types = await agent('/agent/v1/enroll', { token, hardware_id: 7, hostname: ['x'], platform: 'toaster' });
  assert.equal(types.status, 422, types.text);
  for (const f of ['hardware_id', 'hostname']) assert.ok(types.json.error.fields[f], f);
  const ctl = await agent('/agent/v1/enroll', { token, hardware_id: 'a\u0007b', hostname: 'h', platform: 'server' });
  assert.equal(ctl.status, 422);
  const huge = await agent('/agent/v1/enroll', null, null, JSON.stringify({ token, hardware_id: 'x'.repeat(300 * 1024), hostname: 'h', platform: 'server' }));
  assert.equal(huge.status, 413);
  assert.equal((await agent('/agent/v1/enroll', { token: 'stw_it_forged', hardware_id: 'h', hostname: 'h', platform: 'server' })).status, 401);
  assert.equal((await admin.req('GET', url(`/devices?customer_id=${cust}&limit=500`))).json.devices.length, before);
  const dev = await enroll(token);
  const unknown = await agent('/agent/v1/checkin', { policy_version: null, state: state() }, 'stw_ds_unknown');
  assert.equal(unknown.status, 401);
  assert.equal(unknown.json.error.code, 'invalid_device');
  assert.equal((await agent('/agent/v1/checkin', { policy_version: null, state: state() })).status, 401);
  assert.equal((await agent('/agent/v1/checkin', null, dev.device_secret, '[1,')).status, 400);
  const bad = await agent('/agent/v1/checkin', { policy_version: 5, state: { protection: 'maybe', definitions_updated_at: 'yesterday', threats: [{ name: 'x', path: '/p', action: 'ignored', detected_at: 'now' }] } }, dev.device_secret);
  assert.equal(bad.status, 422, bad.text);
  for (const f of ['policy_version', 'state.protection', 'state.definitions_updated_at', 'state.threats[0].action', 'state.threats[0].detected_at']) {
    assert.ok(bad.json.error.fields[f], f);
  }
  const d = (await admin.req('GET', url(`/devices/${dev.device_id}`))).json;
  assert.equal(d.threats.length, 0);
  assert.equal(d.protection, null);
  const cmd = await admin.req('POST', url(`/devices/${dev.device_id}/commands`), { type: 'format_disk' });
  assert.equal(cmd.status, 422);
  const patch = await admin.req('PATCH', url(`/devices/${dev.device_id}`), { site_id: 5, policy_id: ['x'], owner: 'me' });
  assert.equal(patch.status, 422, patch.text);
  for (const f of ['site_id', 'policy_id', 'owner']) assert.ok(patch.json.error.fields[f], f);
  const host = await agent('/agent/v1/checkin', { policy_version: null, state: state(),
    host: { hostname: 'h', uptime_seconds: -1, ip_addresses: ['10.0.0.1; rm -rf /'] } }, dev.device_secret);
  assert.equal(host.status, 422, host.text);
  for (const f of ['host.uptime_seconds', 'host.ip_addresses[0]']) assert.ok(host.json.error.fields[f], f);
  const after = (await admin.req('GET', url(`/devices/${dev.device_id}`))).json;
  assert.equal(after.site_id, dev.site_id ?? null);
  assert.deepEqual(after.ip_addresses, []);
});

test('an unchanged check-in writes its time a moment later; a device not seen for days is offline', async () => {
  const { dev, body, seen0 } = await checkedIn(state({ definitions_updated_at: '2026-12-01T00:00:00Z' }));
  // The same device an hour later (a server whose clock is an hour on),
  // reporting the same state: nothing is written at once, then the batch.
  const later = await startServer({ db: srv.db, env: { STEWARD_CLOCK_OFFSET: '3600' } });
  try {
    const r = await agentReq(later.url, '/agent/v1/checkin', body, dev.device_secret);
    assert.equal(r.status, 200);
    const seen = await seenReaches(dev, seen0 + 3500 * 1000);
    assert.ok(seen >= seen0 + 3500 * 1000, `last_seen written by the batch (${seen - seen0} ms later)`);
  } finally {
    await later.stop();
  }
  const week = await startServer({ db: srv.db, env: { STEWARD_CLOCK_OFFSET: String(9 * 86400) } });
  try {
    const c = new Client(week.url);
    await c.signIn(demoUsers.admin);
    const d = (await c.req('GET', url(`/devices/${dev.device_id}`))).json;
    assert.equal(d.status, 'offline');
    const off = (await c.req('GET', url(`/devices?status=offline&customer_id=${cust}&limit=500`))).json.devices;
    assert.ok(off.some((x) => x.id === dev.device_id));
  } finally {
    await week.stop();
  }
});

test('unchanged check-ins are answered at once while another process holds the database\'s write side, and their last-seen times are written once it lets go', async () => {
  const { dev, body, seen0 } = await checkedIn();
  const lock = await holdWrites(srv.db, 'devices');
  let slowest = 0, n = 0;
  try {
    // Longer than the workers' 2 s between last-seen writes: each worker's
    // writer meets the lock while its event loop goes on answering.
    const t0 = Date.now();
    while (Date.now() - t0 < 3500) {
      const s = Date.now();
      const r = await agent('/agent/v1/checkin', body, dev.device_secret);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json.commands, []);
      slowest = Math.max(slowest, Date.now() - s);
      n++;
      await new Promise((res) => setTimeout(res, 50));
    }
  } finally {
    await lock.release();
  }
  // The lock is held for seconds; a check-in that waited for it would too.
  assert.ok(slowest < 1000, `the slowest of ${n} check-ins took ${slowest} ms`);
  const seen = await seenReaches(dev, seen0 + 3000);
  assert.ok(seen >= seen0 + 3000, `last_seen written after the lock (${seen - seen0} ms later)`);
});

test('without a writer thread (the system refused it) a worker writes unchanged check-ins\' last-seen times itself', async () => {
  const { dev, body, seen0 } = await checkedIn();
  // Ten minutes on, a server whose workers get no writer thread.
  const lone = await startServer({ db: srv.db, env: { STEWARD_FAULT_THREAD: '1', STEWARD_CLOCK_OFFSET: '600' } });
  try {
    const r = await agentReq(lone.url, '/agent/v1/checkin', body, dev.device_secret);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.commands, []);
    const seen = await seenReaches(dev, seen0 + 590e3);
    assert.ok(seen >= seen0 + 590e3, `last_seen written in line (${seen - seen0} ms later)`);
  } finally {
    await lone.stop();
  }
  assert.match(lone.logs().stdout + lone.logs().stderr, /no writer thread: last-seen times are written by the event loop/);
});

test('the dashboard and the device list agree on offline devices whose last check-in was only batched, on both sides of the threshold', async () => {
  const { dev, body, seen0 } = await checkedIn(state({ definitions_updated_at: new Date(Date.now() + 30 * 86400e3).toISOString() }));
  // Half an hour later the same state: only the batched last-seen time
  // moves (the indexes keep an hourly mark of it, migration 0038).
  const later = await startServer({ db: srv.db, env: { STEWARD_CLOCK_OFFSET: '1800' } });
  try {
    assert.equal((await agentReq(later.url, '/agent/v1/checkin', body, dev.device_secret)).status, 200);
    const seen = await seenReaches(dev, seen0 + 1700e3);
    assert.ok(seen >= seen0 + 1700e3, `last_seen written by the batch (${seen - seen0} ms later)`);
  } finally {
    await later.stop();
  }
  // Seven days (the offline threshold) and a quarter of an hour after the
  // first check-in the device is still online; after 45 minutes it is not.
  for (const [extra, want] of [[900, false], [2700, true]]) {
    const s = await startServer({ db: srv.db, env: { STEWARD_CLOCK_OFFSET: String(7 * 86400 + extra) } });
    try {
      const c = new Client(s.url);
      await c.signIn(demoUsers.admin);
      const d = (await c.req('GET', url(`/devices/${dev.device_id}`))).json;
      assert.equal(d.status === 'offline', want, `${extra}: ${d.status}`);
      const listed = (await c.req('GET', url('/devices?status=offline&limit=500'))).json.devices;
      assert.equal(listed.some((x) => x.id === dev.device_id), want);
      const dash = (await c.req('GET', url('/dashboard'))).json;
      assert.equal(dash.devices.offline, listed.length, `${extra}: the dashboard counts what the list shows`);
      const mine = (await c.req('GET', url('/dashboard/customers?limit=500'))).json.customers
        .find((x) => x.customer_id === cust);
      assert.equal(mine.devices.offline, listed.filter((x) => x.customer_id === cust).length,
        `${extra}: the customer's row counts them too`);
    } finally {
      await s.stop();
    }
  }
});

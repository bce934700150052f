// Company consoles manage their own devices (SPEC §1, §2, §8): a single-
// tenant console has its own installer and devices; a multi-tenant one has
// sites, each with its installer, devices and exclusions, as the rows of
// its dashboard. Devices enrol with a company's installer and report
// alerts; viewers change nothing; nobody else sees any of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers, agentReq } from '../lib/server.mjs';
import { totp } from '../lib/totp.mjs';

let srv, owner, harbor, viewer, single, multi;
let seq = 0;

const agent = (path, body, secret) => agentReq(srv.url, path, body, secret);
const state = (extra = {}) => ({ protection: 'on', definitions_updated_at: new Date().toISOString(), threats: [], ...extra });
const at = (acc, p = '') => `/api/v1/accounts/${acc}${p}`;

async function enroll(token, hostname = `pc-${++seq}`) {
  const r = await agent('/agent/v1/enroll', {
    token, hardware_id: `hw-company-${seq}-${hostname}`, hostname, platform: 'workstation', os: 'Debian GNU/Linux 12', agent_version: '1.0.0',
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

before(async () => {
  srv = await startServer();
  [owner, harbor, viewer] = [0, 1, 2].map(() => new Client(srv.url));
  await owner.signIn(demoUsers.tech);
  await harbor.signIn(demoUsers.harbor);
  single = (await owner.req('POST', '/api/v1/companies', { name: 'Corner Dental', region: 'GB' })).json.account.id;
  multi = (await owner.req('POST', '/api/v1/companies', { name: 'Hale Opticians', region: 'GB', tenancy: 'multi' })).json.account.id;
  for (const acc of [single, multi]) {
    const added = await srv.ctl(['user', 'add', '--db', '$DB', '--email', `viewer-${acc}@opticians.example`, '--password',
      'company-viewer-pass-42', '--account', acc, '--role', 'viewer']);
    assert.equal(added.code, 0, added.stderr);
  }
  // One login, viewer of both consoles.
  await viewer.signIn({ email: `viewer-${multi}@opticians.example`, password: 'company-viewer-pass-42' });
  const s = await srv.ctl(['user', 'add', '--db', '$DB', '--email', `viewer-${multi}@opticians.example`, '--password',
    'company-viewer-pass-42', '--account', single, '--role', 'viewer']);
  assert.equal(s.code, 0, s.stderr);
});
after(async () => { await srv.stop(); });

test('a single-tenant console: its own installer enrols devices into the company; it has no sites', async () => {
  const inst = await owner.req('GET', at(single, '/installer'));
  assert.equal(inst.status, 200, inst.text);
  assert.match(inst.json.token, /^stw_it_/);
  assert.ok(inst.json.command.includes(inst.json.token));
  assert.equal(inst.json.site_id, null);
  assert.equal((await owner.req('GET', at(single, '/installer'))).json.token, inst.json.token, 'the same until rotated');
  const dev = await enroll(inst.json.token, 'reception-pc');
  const c = await agent('/agent/v1/checkin', { policy_version: null, state: state() }, dev.device_secret);
  assert.equal(c.status, 200, c.text);
  assert.ok(c.json.policy.antivirus, 'the company\'s workstation policy');
  const list = (await owner.req('GET', at(single, '/devices'))).json.devices;
  assert.deepEqual(list.map((d) => [d.hostname, d.status, d.site_id, d.customer_name]), [['reception-pc', 'protected', null, 'Corner Dental']]);
  const one = await owner.req('GET', at(single, `/devices/${dev.device_id}`));
  assert.equal(one.status, 200, one.text);
  const ef = await owner.req('GET', at(single, `/devices/${dev.device_id}/effective-policy`));
  assert.equal(ef.status, 200, ef.text);
  const dash = (await owner.req('GET', at(single, '/dashboard'))).json;
  assert.deepEqual([dash.customers, dash.sites, dash.devices.total, dash.devices.protected], [0, 0, 1, 1]);
  // No sites in a single-tenant console.
  assert.deepEqual((await owner.req('GET', at(single, '/sites'))).json.sites, []);
  const site = await owner.req('POST', at(single, '/sites'), { name: 'Annex' });
  assert.equal(site.status, 409, site.text);
  assert.equal(site.json.error.code, 'single_tenant');
  assert.deepEqual((await owner.req('GET', at(single, '/dashboard/sites'))).json.sites, []);
  // Rotating stops the old token.
  const rot = await owner.req('POST', at(single, '/installer/rotate'));
  assert.equal(rot.status, 200, rot.text);
  assert.notEqual(rot.json.token, inst.json.token);
  assert.equal((await agent('/agent/v1/enroll', { token: inst.json.token, hardware_id: 'x', hostname: 'x', platform: 'workstation' })).status, 401);
  const audit = (await owner.req('GET', at(single, '/audit'))).json.events.map((e) => `${e.category}/${e.event_type}`);
  assert.ok(audit.includes('device/enroll') && audit.includes('installer/rotate'), audit.join(' '));
});

let london, manchester, ldnDevice;
test('a multi-tenant console: sites with their own installers, devices, exclusions and dashboard rows', async () => {
  assert.deepEqual((await owner.req('GET', at(multi, '/sites'))).json.sites, []);
  const own = await owner.req('GET', at(multi, '/installer'));
  assert.equal(own.status, 409, own.text);
  assert.equal(own.json.error.code, 'multi_tenant');
  const l = await owner.req('POST', at(multi, '/sites'), { name: 'London office' });
  assert.equal(l.status, 201, l.text);
  assert.equal(l.headers.get('location'), at(multi, `/sites/${l.json.id}`));
  london = l.json.id;
  manchester = (await owner.req('POST', at(multi, '/sites'), { name: 'Manchester office' })).json.id;
  const dup = await owner.req('POST', at(multi, '/sites'), { name: 'LONDON OFFICE' });
  assert.equal(dup.status, 409);
  assert.equal(dup.json.error.code, 'duplicate_name');
  const blank = await owner.req('POST', at(multi, '/sites'), { name: ' ' });
  assert.equal(blank.status, 422);
  assert.ok(blank.json.error.fields.name);
  assert.deepEqual((await owner.req('GET', at(multi, '/sites'))).json.sites.map((s) => s.name), ['London office', 'Manchester office']);
  // Each site's installer enrols into that site.
  const li = (await owner.req('GET', at(multi, `/sites/${london}/installer`))).json;
  const mi = (await owner.req('GET', at(multi, `/sites/${manchester}/installer`))).json;
  assert.equal(li.site_id, london);
  assert.notEqual(li.token, mi.token);
  ldnDevice = await enroll(li.token, 'ldn-ws-01');
  const mcr = await enroll(mi.token, 'mcr-ws-01');
  await agent('/agent/v1/checkin', { policy_version: null, state: state() }, ldnDevice.device_secret);
  await agent('/agent/v1/checkin', { policy_version: null, state: state({ threats: [
    { name: 'EICAR-Test-File', path: '/home/ana/eicar.com', action: 'reported', detected_at: new Date().toISOString() }] }) }, mcr.device_secret);
  const devs = (await owner.req('GET', at(multi, '/devices'))).json.devices;
  assert.deepEqual(devs.map((d) => [d.hostname, d.site_name, d.status]), [['ldn-ws-01', 'London office', 'protected'], ['mcr-ws-01', 'Manchester office', 'at_risk']]);
  assert.deepEqual((await owner.req('GET', at(multi, `/devices?site_id=${london}`))).json.devices.map((d) => d.hostname), ['ldn-ws-01']);
  // The threat is an alert of the Manchester device, named with its site.
  const alerts = (await owner.req('GET', at(multi, '/alerts?status=open'))).json.alerts;
  assert.equal(alerts.length, 1);
  assert.deepEqual([alerts[0].type, alerts[0].site_id, alerts[0].site_name, alerts[0].device_hostname],
    ['threat_detected', manchester, 'Manchester office', 'mcr-ws-01']);
  assert.equal((await owner.req('GET', at(multi, `/alerts?site_id=${london}`))).json.alerts.length, 0);
  const csv = await owner.req('GET', at(multi, '/alerts?format=csv'));
  assert.match(csv.text.split('\r\n')[0], /,site_id,site$/);
  assert.match(csv.text, /Manchester office/);
  // The dashboard: figures of the whole company and a row per site.
  const dash = (await owner.req('GET', at(multi, '/dashboard'))).json;
  assert.deepEqual([dash.customers, dash.sites, dash.devices.total, dash.devices.protected, dash.devices.at_risk, dash.alerts.critical],
    [0, 2, 2, 1, 1, 1]);
  const rows = (await owner.req('GET', at(multi, '/dashboard/sites'))).json.sites;
  assert.deepEqual(rows.map((r) => [r.name, r.devices.total, r.devices.at_risk, r.alerts.critical]),
    [['London office', 1, 0, 0], ['Manchester office', 1, 1, 1]]);
  // Site-level exclusions reach the site's devices' policy.
  const ex = await owner.req('PATCH', at(multi, `/sites/${london}`), { exclusions: { paths: ['/srv/scans'], urls: [] } });
  assert.equal(ex.status, 200, ex.text);
  const c = await agent('/agent/v1/checkin', { policy_version: null, state: state() }, ldnDevice.device_secret);
  assert.ok(c.json.policy.exclusions.paths.includes('/srv/scans'), JSON.stringify(c.json.policy.exclusions));
  // Devices move between sites; a site with devices is deleted with a destination.
  const mv = await owner.req('PATCH', at(multi, `/devices/${mcr.device_id}`), { site_id: london });
  assert.equal(mv.status, 200, mv.text);
  const held = await owner.req('DELETE', at(multi, `/sites/${london}`), { confirm_name: 'London office' });
  assert.equal(held.status, 409, held.text);
  assert.equal(held.json.error.code, 'site_not_empty');
  const typo = await owner.req('DELETE', at(multi, `/sites/${manchester}`), { confirm_name: 'Manchester' });
  assert.equal(typo.status, 422);
  assert.ok(typo.json.error.fields.confirm_name);
  // Renamed.
  const ren = await owner.req('PATCH', at(multi, `/sites/${manchester}`), { name: 'Manchester (Deansgate)' });
  assert.equal(ren.json.name, 'Manchester (Deansgate)');
  const del = await owner.req('DELETE', at(multi, `/sites/${manchester}`), { confirm_name: 'Manchester (Deansgate)' });
  assert.equal(del.status, 204, del.text);
  assert.equal((await agent('/agent/v1/enroll', { token: mi.token, hardware_id: 'y', hostname: 'y', platform: 'workstation' })).status, 401);
  manchester = (await owner.req('POST', at(multi, '/sites'), { name: 'Manchester office' })).json.id;
});

test('a company console\'s policies are its own record\'s: listed, edited, made default; no other customer is reachable', async () => {
  const self = (await owner.req('GET', at(multi, `/devices/${ldnDevice.device_id}`))).json.customer_id;
  const pols = (await owner.req('GET', at(multi, `/customers/${self}/policies`))).json.policies;
  assert.deepEqual(pols.map((p) => [p.name, p.platform, p.default]).sort(), [['Servers', 'server', true], ['Workstations', 'workstation', true]]);
  const ws = pols.find((p) => p.platform === 'workstation');
  const ed = await owner.req('PATCH', at(multi, `/customers/${self}/policies/${ws.id}`), { settings: { antivirus: { scheduled_scan: { time: '04:30' } } } });
  assert.equal(ed.status, 200, ed.text);
  const c = await agent('/agent/v1/checkin', { policy_version: null, state: state() }, ldnDevice.device_secret);
  assert.equal(c.json.policy.antivirus.scheduled_scan.time, '04:30');
  const strict = await owner.req('POST', at(multi, `/customers/${self}/policies`), { name: 'Reception', platform: 'workstation' });
  assert.equal(strict.status, 201, strict.text);
  const def = await owner.req('PUT', at(multi, `/customers/${self}/default-policies/workstation`), { policy_id: strict.json.policy.id });
  assert.equal(def.status, 200, def.text);
  const ef = await owner.req('GET', at(multi, `/customers/${self}/effective-policy?platform=workstation`));
  assert.equal(ef.json.policy_id, strict.json.policy.id);
  // Viewers read, another account finds nothing, and a company has no other customer.
  assert.equal((await viewer.req('GET', at(multi, `/customers/${self}/policies`))).status, 200);
  assert.equal((await viewer.req('PATCH', at(multi, `/customers/${self}/policies/${ws.id}`), { name: 'X' })).status, 403);
  assert.equal((await harbor.req('GET', at(multi, `/customers/${self}/policies`))).status, 404);
  for (const p of [`/customers/${self}`, `/customers/${self}/sites`, `/customers/${self}/installer`]) {
    assert.equal((await owner.req('GET', at(multi, p))).status, 404, p);
  }
  // Its subscriptions are its own record's (companies.test.mjs).
  assert.equal((await owner.req('GET', at(multi, `/customers/${self}/subscriptions`))).status, 200);
  assert.equal((await owner.req('GET', at(multi, '/customers/cus_aaaaaaaaaaaaaaaa/policies'))).status, 404);
});

test('roles limited to chosen sites: granted, invited and changed with site_ids; they see and change their sites only', async () => {
  // A device at each office, and an alert at Manchester.
  const mi = (await owner.req('GET', at(multi, `/sites/${manchester}/installer`))).json;
  const mcr = await enroll(mi.token, 'mcr-ws-02');
  await agent('/agent/v1/checkin', { policy_version: null, state: state({ protection: 'off' }) }, mcr.device_secret);
  const mcrAlert = (await owner.req('GET', at(multi, `/alerts?site_id=${manchester}&status=open`))).json.alerts[0];
  assert.ok(mcrAlert, 'an open alert at Manchester');
  const added = await srv.ctl(['user', 'add', '--db', '$DB', '--email', 'london-admin@opticians.example', '--password',
    'london-admin-pass-42', '--account', multi, '--role', 'admin', '--sites', london]);
  assert.equal(added.code, 0, added.stderr);
  const wrong = await srv.ctl(['user', 'add', '--db', '$DB', '--email', 'x@opticians.example', '--password',
    'london-admin-pass-42', '--account', multi, '--role', 'admin', '--customers', london]);
  assert.notEqual(wrong.code, 0);
  const ldn = new Client(srv.url);
  await ldn.signIn({ email: 'london-admin@opticians.example', password: 'london-admin-pass-42' });
  const me = (await ldn.req('GET', at(multi))).json.account;
  assert.equal(me.scope, 'sites');
  // Lists are its sites' only.
  assert.deepEqual((await ldn.req('GET', at(multi, '/sites'))).json.sites.map((x) => x.name), ['London office']);
  assert.deepEqual((await ldn.req('GET', at(multi, '/dashboard/sites'))).json.sites.map((x) => x.name), ['London office']);
  const devs = (await ldn.req('GET', at(multi, '/devices'))).json.devices;
  assert.ok(devs.length >= 1 && devs.every((d) => d.site_id === london), JSON.stringify(devs.map((d) => d.site_name)));
  // London's alerts (the threat of the device moved there) and no other.
  const ldnAlerts = (await ldn.req('GET', at(multi, '/alerts'))).json.alerts;
  assert.ok(ldnAlerts.length >= 1 && ldnAlerts.every((a) => a.site_id === london), JSON.stringify(ldnAlerts.map((a) => a.site_name)));
  const csv = await ldn.req('GET', at(multi, '/alerts?format=csv'));
  assert.ok(csv.text.includes('London office') && !csv.text.includes('Manchester'), csv.text);
  const dash = (await ldn.req('GET', at(multi, '/dashboard'))).json;
  assert.equal(dash.sites, 1);
  assert.equal(dash.devices.total, devs.length);
  assert.equal(dash.alerts.high, 0, 'Manchester\'s alert is not counted');
  // The others' answer not found.
  for (const p of [`/devices/${mcr.device_id}`, `/alerts/${mcrAlert.id}`, `/sites/${manchester}/installer`,
    `/devices?site_id=${manchester}`, `/alerts?site_id=${manchester}`]) {
    assert.equal((await ldn.req('GET', at(multi, p))).status, 404, p);
  }
  for (const [m, p, body] of [['PATCH', `/sites/${manchester}`, { name: 'X' }], ['POST', `/sites/${manchester}/installer/rotate`],
    ['DELETE', `/devices/${mcr.device_id}`], ['PATCH', `/alerts/${mcrAlert.id}`, { status: 'acknowledged' }]]) {
    assert.equal((await ldn.req(m, at(multi, p), body)).status, 404, `${m} ${p}`);
  }
  // Its own site it manages; what belongs to the whole company it does not.
  assert.equal((await ldn.req('GET', at(multi, `/sites/${london}/installer`))).status, 200);
  const ren = await ldn.req('PATCH', at(multi, `/sites/${london}`), { name: 'London (Holborn)' });
  assert.equal(ren.status, 200, ren.text);
  // Its audit log holds the events about its sites (the site, its
  // installer, the devices in it and their alerts) and no other's; the
  // company's admins read them all.
  const log = await ldn.req('GET', at(multi, '/audit?limit=200'));
  assert.equal(log.status, 200, log.text);
  const what = (list) => JSON.stringify(list.map((e) => [e.category, e.event_type, e.site_id, e.detail]));
  const mine = log.json.events;
  for (const [category, type] of [['site', 'create'], ['site', 'update'], ['device', 'enroll'], ['device', 'update']]) {
    assert.ok(mine.some((e) => e.category === category && e.event_type === type), `${category} ${type}: ${what(mine)}`);
  }
  assert.ok(mine.every((e) => e.site_id === london), what(mine));
  const logCsv = await ldn.req('GET', at(multi, '/audit?format=csv'));
  assert.equal(logCsv.status, 200);
  assert.ok(logCsv.text.includes('London (Holborn)') && !logCsv.text.includes('Manchester'), logCsv.text);
  const all = (await owner.req('GET', at(multi, '/audit?limit=200'))).json.events;
  assert.ok(all.some((e) => e.site_id === manchester && e.category === 'device' && e.event_type === 'enroll'), what(all));
  assert.ok(all.some((e) => e.site_id === manchester && e.category === 'alert' && e.event_type === 'raise'), what(all));
  assert.ok(all.some((e) => e.site_id === null && e.category === 'user'), what(all));
  for (const [m, p, body] of [['POST', '/sites', { name: 'Leeds' }], ['DELETE', `/sites/${london}`, { confirm_name: 'London (Holborn)' }],
    ['GET', '/users'], ['POST', '/invitations', { email: 'x@opticians.example', role: 'viewer' }],
    ['POST', '/alert-mutes', { type: 'device_offline', until: new Date(Date.now() + 86400e3).toISOString() }]]) {
    const r = await ldn.req(m, at(multi, p), body);
    assert.equal(r.status, 403, `${m} ${p}: ${r.text}`);
    assert.match(r.json.error.message, /sites/);
  }
  // Moving a device out of its sites is refused.
  const mv = await ldn.req('PATCH', at(multi, `/devices/${devs[0].id}`), { site_id: manchester });
  assert.equal(mv.status, 422, mv.text);
  assert.ok(mv.json.error.fields.site_id);
  // It reads the company's policies (its devices get them) and changes none.
  const self = devs[0].customer_id;
  const pols = await ldn.req('GET', at(multi, `/customers/${self}/policies`));
  assert.equal(pols.status, 200, pols.text);
  assert.equal((await ldn.req('PATCH', at(multi, `/customers/${self}/policies/${pols.json.policies[0].id}`), { name: 'X' })).status, 403);
  await owner.req('PATCH', at(multi, `/sites/${london}`), { name: 'London office' });

  // Invitations and role changes take site_ids in a company console.
  const inv = await owner.req('POST', at(multi, '/invitations'), { email: 'mcr-viewer@opticians.example', role: 'viewer', site_ids: [manchester] });
  assert.equal(inv.status, 201, inv.text);
  assert.deepEqual([inv.json.invitation.customer_ids, inv.json.invitation.site_ids], [null, [manchester]]);
  for (const [body, field] of [[{ customer_ids: [manchester] }, 'customer_ids'], [{ site_ids: [] }, 'site_ids'],
    [{ site_ids: ['site_nosuchsite0000'] }, 'site_ids'], [{ site_ids: [london], customer_ids: [london] }, 'site_ids']]) {
    const r = await owner.req('POST', at(multi, '/invitations'), { email: 'y@opticians.example', role: 'viewer', ...body });
    assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
    assert.ok(r.json.error.fields[field], `${JSON.stringify(body)}: ${r.text}`);
  }
  const northwind = new Client(srv.url);
  await northwind.signIn(demoUsers.admin);
  const partner = (await northwind.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  const ps = await northwind.req('POST', at(partner, '/invitations'), { email: 'z@partner.example', role: 'viewer', site_ids: [london] });
  assert.equal(ps.status, 422, ps.text);
  assert.ok(ps.json.error.fields.site_ids);
  // A partner's roles have no sites, not even "all of them" (null).
  const tech = (await northwind.req('GET', at(partner, '/users'))).json.users.find((u) => u.email === 'tech@northwind.example');
  const pn = await northwind.req('PATCH', at(partner, `/users/${tech.id}`), { site_ids: null });
  assert.equal(pn.status, 422, pn.text);
  assert.ok(pn.json.error.fields.site_ids, pn.text);
  // A company console's whole-console invitation answers as its users list does.
  const allSites = await owner.req('POST', at(multi, '/invitations'), { email: 'all-sites@opticians.example', role: 'viewer' });
  assert.equal(allSites.status, 201, allSites.text);
  assert.deepEqual([allSites.json.invitation.customer_ids, allSites.json.invitation.site_ids], [null, null]);
  const users = (await owner.req('GET', at(multi, '/users'))).json.users;
  const la = users.find((u) => u.email === 'london-admin@opticians.example');
  assert.deepEqual([la.customer_ids, la.site_ids], [null, [london]]);
  assert.equal(users.find((u) => u.email === 'mcr-viewer@opticians.example').site_ids[0], manchester);
  assert.equal(users.find((u) => u.email === 'tech@northwind.example').site_ids, null);
  const both = await owner.req('PATCH', at(multi, `/users/${la.id}`), { site_ids: [london, manchester] });
  assert.equal(both.status, 200, both.text);
  assert.deepEqual(both.json.user.site_ids.sort(), [london, manchester].sort());
  assert.equal((await ldn.req('GET', at(multi, `/devices/${mcr.device_id}`))).status, 200, 'now covered');
  const whole = await owner.req('PATCH', at(multi, `/users/${la.id}`), { site_ids: null });
  assert.equal(whole.json.user.site_ids, null);
  assert.equal((await ldn.req('GET', at(multi, '/users'))).status, 200, 'the whole company now');
  await owner.req('PATCH', at(multi, `/users/${la.id}`), { site_ids: [london] });
  // A deleted site leaves the roles limited to it.
  const temp = (await owner.req('POST', at(multi, '/sites'), { name: 'Pop-up shop' })).json.id;
  assert.equal((await owner.req('PATCH', at(multi, `/users/${la.id}`), { site_ids: [london, temp] })).status, 200);
  assert.equal((await owner.req('DELETE', at(multi, `/sites/${temp}`), { confirm_name: 'Pop-up shop' })).status, 204);
  assert.deepEqual((await owner.req('GET', at(multi, '/users'))).json.users.find((u) => u.id === la.id).site_ids, [london]);
  // A site viewer changes nothing.
  const sv = await srv.ctl(['user', 'add', '--db', '$DB', '--email', 'mcr-ro@opticians.example', '--password',
    'manchester-viewer-42', '--account', multi, '--role', 'viewer', '--sites', manchester]);
  assert.equal(sv.code, 0, sv.stderr);
  const ro = new Client(srv.url);
  await ro.signIn({ email: 'mcr-ro@opticians.example', password: 'manchester-viewer-42' });
  assert.deepEqual((await ro.req('GET', at(multi, '/devices'))).json.devices.map((d) => d.hostname), ['mcr-ws-02']);
  assert.equal((await ro.req('PATCH', at(multi, `/alerts/${mcrAlert.id}`), { status: 'acknowledged' })).status, 403);
  assert.equal((await ro.req('GET', at(multi, `/sites/${manchester}/installer`))).status, 403);
});

test('a company mutes its own alerts (no customer to name)', async () => {
  const until = new Date(Date.now() + 2 * 86400e3).toISOString();
  const named = await owner.req('POST', at(multi, '/alert-mutes'), { customer_id: 'cus_x', type: 'device_offline', until });
  assert.equal(named.status, 422, named.text);
  assert.ok(named.json.error.fields.customer_id);
  const m = await owner.req('POST', at(multi, '/alert-mutes'), { type: 'device_offline', until });
  assert.equal(m.status, 201, m.text);
  assert.equal(m.json.customer_name, 'Hale Opticians');
  assert.equal((await owner.req('GET', at(multi, '/alert-mutes'))).json.mutes.length, 1);
  assert.equal((await viewer.req('DELETE', at(multi, `/alert-mutes/${m.json.id}`))).status, 403);
  assert.equal((await owner.req('DELETE', at(multi, `/alert-mutes/${m.json.id}`))).status, 204);
});

test('viewers read everything and change nothing; another account and a partner account find nothing', async () => {
  const dev = ldnDevice.device_id;
  const alert = (await owner.req('GET', at(multi, '/alerts'))).json.alerts[0].id;
  const reads = [
    [multi, '/sites'], [multi, '/dashboard'], [multi, '/dashboard/sites'], [multi, '/devices'], [multi, `/devices/${dev}`],
    [multi, `/devices/${dev}/effective-policy`], [multi, `/devices/${dev}/overrides`], [multi, '/alerts'], [multi, `/alerts/${alert}`],
    [multi, '/alert-mutes'],
  ];
  for (const [acc, p] of reads) {
    assert.equal((await viewer.req('GET', at(acc, p))).status, 200, `viewer GET ${p}`);
    assert.equal((await harbor.req('GET', at(acc, p))).status, 404, `another account GET ${p}`);
  }
  // The installer is a credential: admins only.
  for (const [acc, p] of [[single, '/installer'], [multi, `/sites/${london}/installer`]]) {
    assert.equal((await viewer.req('GET', at(acc, p))).status, 403, `viewer GET ${p}`);
    assert.equal((await harbor.req('GET', at(acc, p))).status, 404, `another account GET ${p}`);
  }
  const until = new Date(Date.now() + 86400e3).toISOString();
  const changes = [
    ['POST', multi, '/sites', { name: 'Leeds' }], ['PATCH', multi, `/sites/${london}`, { name: 'L' }],
    ['DELETE', multi, `/sites/${manchester}`, { confirm_name: 'Manchester office' }],
    ['POST', multi, `/sites/${london}/installer/rotate`], ['POST', single, '/installer/rotate'],
    ['PATCH', multi, `/devices/${dev}`, { site_id: manchester }], ['DELETE', multi, `/devices/${dev}`],
    ['POST', multi, `/devices/${dev}/commands`, { type: 'scan_now' }], ['PUT', multi, `/devices/${dev}/overrides`, { settings: {} }],
    ['PATCH', multi, `/alerts/${alert}`, { status: 'acknowledged' }], ['POST', multi, '/alerts/bulk', { ids: [alert], status: 'acknowledged' }],
    ['POST', multi, '/alert-mutes', { type: 'device_offline', until }],
  ];
  for (const [m, acc, p, body] of changes) {
    assert.equal((await viewer.req(m, at(acc, p), body)).status, 403, `viewer ${m} ${p}`);
    assert.equal((await harbor.req(m, at(acc, p), body)).status, 404, `another account ${m} ${p}`);
  }
  // A partner account has no company routes, and a company no customers.
  const northwind = new Client(srv.url);
  await northwind.signIn(demoUsers.admin);
  const partner = (await northwind.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  for (const p of ['/sites', '/installer', '/dashboard/sites']) assert.equal((await northwind.req('GET', at(partner, p))).status, 404, p);
  for (const p of ['/customers', '/dashboard/customers']) assert.equal((await owner.req('GET', at(multi, p))).status, 404, p);
  // Nothing changed.
  assert.deepEqual((await owner.req('GET', at(multi, '/sites'))).json.sites.map((s) => s.name), ['London office', 'Manchester office']);
});

test('deleting a company console tells its devices to uninstall', async () => {
  const inst = (await owner.req('GET', at(single, '/installer'))).json;
  const dev = await enroll(inst.token, 'leaving-pc');
  assert.equal((await owner.req('DELETE', at(single), { confirm_name: 'Corner Dental' })).status, 204);
  const c = await agent('/agent/v1/checkin', { policy_version: null, state: state() }, dev.device_secret);
  assert.equal(c.status, 200, c.text);
  assert.deepEqual(c.json.commands.map((x) => x.type), ['uninstall']);
  assert.equal((await agent('/agent/v1/enroll', { token: inst.token, hardware_id: 'z', hostname: 'z', platform: 'workstation' })).status, 401);
});

test('the demo: Fenwick & Hale is multi-tenant with a London and a Manchester office, their devices, an open threat and a Manchester-only admin', async () => {
  // The console requires two-step verification: each login sets it up first.
  const inside = async (email, password) => {
    const c = new Client(srv.url);
    await c.signIn({ email, password });
    const { secret } = (await c.req('POST', '/api/v1/me/totp', {})).json;
    const r = await c.req('POST', '/api/v1/me/totp/confirm', { code: totp(secret) });
    assert.equal(r.status, 200, r.text);
    return c;
  };
  const it = await inside('it@fenwickhale.example', 'steward-demo-fenwick');
  const fenwick = (await it.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.name === 'Fenwick & Hale Solicitors');
  assert.deepEqual([fenwick.kind, fenwick.tenancy, fenwick.require_two_step], ['company', 'multi', true]);
  const rows = (await it.req('GET', at(fenwick.id, '/dashboard/sites'))).json.sites;
  assert.deepEqual(rows.map((r) => [r.name, r.devices.total, r.alerts.critical]), [['London office', 3, 0], ['Manchester office', 2, 1]]);
  const tom = await inside('tom@fenwickhale.example', 'steward-demo-tom');
  const mine = (await tom.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.id === fenwick.id);
  assert.deepEqual([mine.role, mine.scope], ['admin', 'sites']);
  assert.deepEqual((await tom.req('GET', at(fenwick.id, '/devices'))).json.devices.map((d) => d.hostname).sort(), ['FH-MAN-WS-01', 'FH-MAN-WS-02']);
  const alerts = (await tom.req('GET', at(fenwick.id, '/alerts?status=open'))).json.alerts;
  assert.deepEqual(alerts.map((a) => [a.type, a.device_hostname]), [['threat_detected', 'FH-MAN-WS-01']]);
});

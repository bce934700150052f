// Alerts and the dashboard (SPEC §7, §12): raised by check-ins, the
// background sweep and subscriptions; deduplicated; resolved when their
// condition clears; acknowledged, dismissed, resolved and muted by people;
// counted exactly on the dashboard; isolated between partners and
// customers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers, agentReq } from '../lib/server.mjs';
import { until } from '../lib/wait.mjs';

let srv, admin, viewer, harbor, tech, acc, hacc, cust, techCust;
const url = (p) => `/api/v1/accounts/${acc}${p}`;
let seq = 0;

const agent = agentReq;

const fresh = () => new Date(Date.now() - 3600 * 1000).toISOString();
const state = (extra = {}) => ({ protection: 'on', definitions_updated_at: fresh(), threats: [], ...extra });
const checkin = (dev, st, base = srv.url) => agent(base, '/agent/v1/checkin', { policy_version: null, state: st }, dev.device_secret);

async function enroll(customer, hostname = `alert-ws-${++seq}`) {
  const token = (await admin.req('GET', url(`/customers/${customer}/installer`))).json.token;
  const r = await agent(srv.url, '/agent/v1/enroll', {
    token, hardware_id: `alert-hw-${++seq}`, hostname, platform: 'workstation', os: 'Debian GNU/Linux 12', agent_version: '1.0.0',
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function alertsOf(client, q) {
  const r = await client.req('GET', url(`/alerts?limit=500&${q}`));
  assert.equal(r.status, 200, r.text);
  return r.json.alerts;
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
  const customers = (await admin.req('GET', url('/customers?limit=100'))).json.customers;
  const techIds = new Set((await tech.req('GET', url('/customers?limit=100'))).json.customers.map((c) => c.id));
  cust = customers.find((c) => !techIds.has(c.id)).id;
  techCust = [...techIds][0];
  assert.ok(cust && techCust);
});
after(async () => { await srv.stop(); });

test('a threat raises one critical alert per threat; repeats count, also when check-ins race', async () => {
  const dev = await enroll(cust, 'eicar-host');
  assert.equal((await checkin(dev, state())).status, 200);
  const t0 = Date.now();
  const threat = (i) => ({ name: 'Eicar-Test-Signature', path: '/home/ada/eicar.com', action: 'quarantined',
    detected_at: new Date(t0 - (100 - i) * 1000).toISOString().replace(/\.\d+Z$/, 'Z') });
  const answers = await Promise.all([...Array(8).keys()].map((i) => checkin(dev, state({ threats: [threat(i)] }))));
  for (const a of answers) assert.equal(a.status, 200, a.text);
  const list = await alertsOf(admin, `device_id=${dev.device_id}&type=threat_detected`);
  assert.equal(list.length, 1, JSON.stringify(list));
  const [al] = list;
  assert.deepEqual([al.severity, al.status, al.count, al.customer_id, al.device_hostname],
    ['critical', 'open', 8, cust, 'eicar-host']);
  assert.equal(al.details.path, '/home/ada/eicar.com');
  assert.equal(al.details.name, 'Eicar-Test-Signature');
  assert.ok(Date.parse(al.last_seen) >= Date.parse(al.first_seen));
  // The same report again is the same detection: nothing new.
  assert.equal((await checkin(dev, state({ threats: [threat(7)] }))).status, 200);
  assert.equal((await alertsOf(admin, `device_id=${dev.device_id}&type=threat_detected`))[0].count, 8);
  const one = await admin.req('GET', url(`/alerts/${al.id}`));
  assert.equal(one.status, 200);
  assert.equal(one.json.id, al.id);
});

test('protection off and old definitions raise alerts that resolve themselves when fixed', async () => {
  const dev = await enroll(cust);
  assert.equal((await checkin(dev, state({ protection: 'off', definitions_updated_at: '2026-01-01T00:00:00Z' }))).status, 200);
  let list = await alertsOf(admin, `device_id=${dev.device_id}`);
  const byType = Object.fromEntries(list.map((a) => [a.type, a]));
  assert.equal(byType.protection_off.severity, 'high');
  assert.equal(byType.protection_off.status, 'open');
  assert.equal(byType.definitions_outdated.severity, 'medium');
  assert.equal(byType.definitions_outdated.details.definitions_updated_at, '2026-01-01T00:00:00Z');
  assert.equal((await admin.req('GET', url(`/devices/${dev.device_id}`))).json.status, 'at_risk');
  // Still off after another change: still one alert, not counted again.
  assert.equal((await checkin(dev, state({ protection: 'off', definitions_updated_at: '2026-01-02T00:00:00Z' }))).status, 200);
  list = await alertsOf(admin, `device_id=${dev.device_id}&type=protection_off`);
  assert.equal(list.length, 1);
  assert.equal(list[0].count, 1);
  // Fixed: both resolve, saying why.
  assert.equal((await checkin(dev, state())).status, 200);
  list = await alertsOf(admin, `device_id=${dev.device_id}`);
  for (const a of list) {
    assert.equal(a.status, 'resolved', a.type);
    assert.ok(a.note.length > 0);
    assert.ok(a.closed_at);
  }
  assert.match(list.find((a) => a.type === 'protection_off').note, /protection is on again/);
  assert.equal((await admin.req('GET', url(`/devices/${dev.device_id}`))).json.status, 'protected');
  // Off again: a new alert (the old one stays resolved).
  await checkin(dev, state({ protection: 'off' }));
  list = await alertsOf(admin, `device_id=${dev.device_id}&type=protection_off`);
  assert.deepEqual(list.map((a) => a.status), ['open', 'resolved']);
});

test('people acknowledge, dismiss and resolve; closed alerts stay closed; bulk changes say what they skipped', async () => {
  const dev = await enroll(cust);
  await checkin(dev, state({ protection: 'off', definitions_updated_at: '2026-01-01T00:00:00Z' }));
  // (The demo mutes old definitions at one customer: a2 may be muted.)
  const mine = await alertsOf(admin, `device_id=${dev.device_id}`);
  const a1 = mine.find((a) => a.type === 'protection_off');
  const a2 = mine.find((a) => a.type === 'definitions_outdated');
  assert.equal(a1.status, 'open');
  let r = await admin.req('PATCH', url(`/alerts/${a1.id}`), { status: 'acknowledged', note: 'Calling the site <today>' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'acknowledged');
  assert.equal(r.json.changed.by, demoUsers.admin.email);
  assert.equal(r.json.note, 'Calling the site <today>');
  r = await admin.req('PATCH', url(`/alerts/${a1.id}`), { status: 'muted' });
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.status);
  r = await admin.req('PATCH', url(`/alerts/${a1.id}`), { status: 'resolved', extra: 1 });
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.extra);
  r = await admin.req('PATCH', url(`/alerts/${a1.id}`), { status: 'resolved' });
  assert.equal(r.json.status, 'resolved');
  r = await admin.req('PATCH', url(`/alerts/${a1.id}`), { status: 'open' });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'alert_closed');
  r = await admin.req('POST', url('/alerts/bulk'), { ids: [a1.id, a2.id], status: 'dismissed' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { changed: 1, unchanged: 0, skipped: [a1.id] });
  // Named twice, or already so: unchanged.
  r = await admin.req('POST', url('/alerts/bulk'), { ids: [a2.id, a2.id], status: 'dismissed' });
  assert.deepEqual(r.json, { changed: 0, unchanged: 2, skipped: [] });
  assert.equal((await admin.req('GET', url(`/alerts/${a2.id}`))).json.status, 'dismissed');
  r = await admin.req('POST', url('/alerts/bulk'), { ids: [a2.id, 'alr_nosuchalert'], status: 'resolved' });
  assert.equal(r.status, 404);
  r = await admin.req('POST', url('/alerts/bulk'), { ids: 'x', status: 'resolved' });
  assert.equal(r.status, 422);
  r = await admin.req('POST', url('/alerts/bulk'), { ids: [], status: 'resolved' });
  assert.equal(r.status, 422);
  r = await admin.req('POST', url('/alerts/bulk'), { ids: Array(501).fill(a2.id), status: 'resolved' });
  assert.equal(r.status, 422);
  // Every change is in the audit log.
  const audit = (await admin.req('GET', url(`/audit?customer_id=${cust}&category=alert&limit=500`))).json.events;
  assert.ok(audit.some((e) => e.event_type === 'status' && e.detail.includes(a1.id) && e.detail.includes('acknowledged')));
  assert.ok(audit.some((e) => e.event_type === 'raise' && e.detail.includes(a2.id)));
});

test('a mute keeps counting but opens nothing until it ends', async () => {
  const dev = await enroll(cust);
  await checkin(dev, state({ protection: 'off' }));
  const [open] = await alertsOf(admin, `device_id=${dev.device_id}&type=protection_off`);
  const until = new Date(Date.now() + 86400 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  let r = await viewer.req('POST', url('/alert-mutes'), { customer_id: cust, type: 'protection_off', until });
  assert.equal(r.status, 403);
  for (const [body, field] of [
    [{ customer_id: cust, type: 'nonsense', until }, 'type'],
    [{ customer_id: cust, type: 'protection_off', until: '2020-01-01T00:00:00Z' }, 'until'],
    [{ customer_id: cust, type: 'protection_off', until: 'tomorrow' }, 'until'],
    [{ type: 'protection_off', until }, 'customer_id'],
  ]) {
    r = await admin.req('POST', url('/alert-mutes'), body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.ok(r.json.error.fields[field], JSON.stringify(r.json));
  }
  const openBefore = (await alertsOf(admin, `customer_id=${cust}&type=protection_off&status=open`)).length;
  r = await admin.req('POST', url('/alert-mutes'), { customer_id: cust, type: 'protection_off', until });
  assert.equal(r.status, 201, r.text);
  const mute = r.json;
  assert.equal(mute.muted_alerts, openBefore);
  assert.equal((await admin.req('GET', url(`/alerts/${open.id}`))).json.status, 'muted');
  // A muted alert cannot be opened by hand, but it can be dismissed.
  r = await admin.req('PATCH', url(`/alerts/${open.id}`), { status: 'open' });
  assert.equal(r.json.error.code, 'alert_muted');
  // Another device's protection goes off: raised as muted.
  const dev2 = await enroll(cust);
  await checkin(dev2, state({ protection: 'off' }));
  const [m2] = await alertsOf(admin, `device_id=${dev2.device_id}&type=protection_off`);
  assert.equal(m2.status, 'muted');
  const mutes = (await viewer.req('GET', url('/alert-mutes'))).json.mutes;
  assert.ok(mutes.some((m) => m.id === mute.id && m.type === 'protection_off' && m.until === until));
  assert.equal((await viewer.req('DELETE', url(`/alert-mutes/${mute.id}`))).status, 403);
  assert.equal((await harbor.req('DELETE', `/api/v1/accounts/${hacc}/alert-mutes/${mute.id}`)).status, 404);
  r = await admin.req('DELETE', url(`/alert-mutes/${mute.id}`));
  assert.equal(r.status, 204);
  assert.equal((await admin.req('GET', url(`/alerts/${open.id}`))).json.status, 'open');
  assert.equal((await admin.req('GET', url(`/alerts/${m2.id}`))).json.status, 'open');
  assert.equal((await admin.req('DELETE', url(`/alert-mutes/${mute.id}`))).status, 404);
});

test('the dashboard counts exactly what the lists hold', async () => {
  // The background process raises alerts of its own (its sweeps run at
  // start): the figures and the lists are compared again when the
  // dashboard moved while they were read, and must then agree.
  const compare = async (d) => {
    const all = async (q) => {
      let n = 0, cursor = '';
      for (;;) {
        const r = (await admin.req('GET', url(`/${q}&limit=500${cursor}`))).json;
        n += (r.devices ?? r.alerts ?? r.customers).length;
        if (!r.next_cursor) return n;
        cursor = `&cursor=${encodeURIComponent(r.next_cursor)}`;
      }
    };
    for (const s of ['protected', 'at_risk', 'offline'])
      assert.equal(d.json.devices[s], await all(`devices?status=${s}`), s);
    assert.equal(d.json.devices.total, d.json.devices.protected + d.json.devices.at_risk + d.json.devices.offline);
    for (const s of ['critical', 'high', 'medium', 'low'])
      assert.equal(d.json.alerts[s], await all(`alerts?status=open&severity=${s}`), s);
    assert.equal(d.json.customers, await all('customers?x=1'));
    assert.ok(d.json.alerts.critical >= 1);
    assert.equal(d.json.alert_days.length, 30);
    const today = d.json.alert_days[29];
    assert.equal(today.day, new Date().toISOString().slice(0, 10));
    assert.ok(today.raised >= 5 && today.resolved >= 2, JSON.stringify(today));
    // Each bar of the chart opens the list it counts: the alerts raised, or
    // resolved, that day (and none of another day).
    assert.equal(await all(`alerts?raised_from=${today.day}&raised_to=${today.day}`), today.raised);
    assert.equal(await all(`alerts?resolved_from=${today.day}&resolved_to=${today.day}`), today.resolved);
    const resolvedToday = (await admin.req('GET', url(`/alerts?resolved_from=${today.day}&limit=500`))).json.alerts;
    assert.ok(resolvedToday.every((a) => a.status === 'resolved'));
    const yesterday = d.json.alert_days[28];
    assert.equal(await all(`alerts?raised_from=${yesterday.day}&raised_to=${yesterday.day}`), yesterday.raised);
  };
  for (let attempt = 1; ; attempt++) {
    const d = await admin.req('GET', url('/dashboard'));
    assert.equal(d.status, 200, d.text);
    let failure = null;
    try { await compare(d); } catch (e) { failure = e; }
    const again = await admin.req('GET', url('/dashboard'));
    const moved = JSON.stringify(again.json) !== JSON.stringify(d.json);
    if (!failure) break;
    if (!moved || attempt >= 5) throw failure;
  }
  assert.equal((await admin.req('GET', url('/alerts?raised_from=4%20Dec'))).json.error.fields.raised_from !== undefined, true);
  // A row per customer, riskiest first; this test's customer has a critical alert.
  const rows = await admin.req('GET', url('/dashboard/customers?limit=5'));
  assert.equal(rows.status, 200, rows.text);
  assert.ok(rows.json.customers[0].alerts.critical >= 1);
  // The whole list is in order of risk: critical alerts, then high ones,
  // then devices at risk or offline, then the other open alerts; then name.
  const risk = (c) => [c.alerts.critical, c.alerts.high, c.devices.at_risk + c.devices.offline,
    c.alerts.medium + c.alerts.low];
  const byRisk = (await admin.req('GET', url('/dashboard/customers?limit=500'))).json.customers;
  for (let i = 1; i < byRisk.length; i++) {
    const [a, b] = [risk(byRisk[i - 1]), risk(byRisk[i])];
    const k = a.findIndex((x, j) => x !== b[j]);
    assert.ok(k === -1 ? byRisk[i - 1].company.localeCompare(byRisk[i].company, 'en', { sensitivity: 'base' }) <= 0
      : a[k] > b[k], `${byRisk[i - 1].company} ${a} before ${byRisk[i].company} ${b}`);
  }
  const mine = (await admin.req('GET', url('/dashboard/customers?limit=500'))).json.customers.find((c) => c.customer_id === cust);
  const devs = (await admin.req('GET', url(`/devices?customer_id=${cust}&limit=500`))).json.devices;
  assert.equal(mine.devices.total, devs.length);
  assert.ok(mine.country.length === 2 && mine.country_name.length > 2, JSON.stringify(mine));
  assert.equal(mine.devices.at_risk, devs.filter((x) => x.status === 'at_risk').length);
  const byName = (await admin.req('GET', url('/dashboard/customers?sort=name&limit=500'))).json.customers.map((c) => c.company);
  assert.deepEqual(byName, [...byName].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
  const q = mine.company.slice(0, 6);
  const found = (await admin.req('GET', url(`/dashboard/customers?q=${encodeURIComponent(q)}`))).json.customers;
  assert.ok(found.some((c) => c.customer_id === cust));
  assert.ok(found.every((c) => c.company.toLowerCase().includes(q.toLowerCase())));
  assert.equal((await admin.req('GET', url('/dashboard/customers?sort=worst'))).status, 422);
  // The customer's JSON carries its device count.
  assert.equal((await admin.req('GET', url(`/customers/${cust}`))).json.customer.device_count, devs.length);
});

test('isolation: another partner sees nothing; viewers change nothing; a limited user only its customers', async () => {
  const [al] = await alertsOf(admin, `customer_id=${cust}&status=open`);
  assert.ok(al);
  // Another partner: 404 on the alert, nothing in its lists.
  assert.equal((await harbor.req('GET', `/api/v1/accounts/${hacc}/alerts/${al.id}`)).status, 404);
  assert.equal((await harbor.req('PATCH', `/api/v1/accounts/${hacc}/alerts/${al.id}`, { status: 'dismissed' })).status, 404);
  assert.equal((await harbor.req('POST', `/api/v1/accounts/${hacc}/alerts/bulk`, { ids: [al.id], status: 'dismissed' })).status, 404);
  assert.equal((await harbor.req('GET', url('/alerts'))).status, 404);
  assert.equal((await harbor.req('GET', url('/dashboard'))).status, 404);
  const theirs = (await harbor.req('GET', `/api/v1/accounts/${hacc}/alerts?limit=500`)).json.alerts;
  assert.ok(theirs.every((a) => a.customer_id !== cust));
  // A viewer reads everything and changes nothing.
  assert.equal((await viewer.req('GET', url(`/alerts/${al.id}`))).status, 200);
  assert.equal((await viewer.req('PATCH', url(`/alerts/${al.id}`), { status: 'dismissed' })).status, 403);
  assert.equal((await viewer.req('POST', url('/alerts/bulk'), { ids: [al.id], status: 'dismissed' })).status, 403);
  assert.equal((await admin.req('GET', url(`/alerts/${al.id}`))).json.status, 'open');
  // A user limited to some customers: theirs only, in lists, counts and CSV.
  const tdev = await enroll(techCust);
  await checkin(tdev, state({ protection: 'off' }));
  const techIds = new Set((await tech.req('GET', url('/customers?limit=100'))).json.customers.map((c) => c.id));
  const tl = await alertsOf(tech, 'status=open');
  assert.ok(tl.some((a) => a.customer_id === techCust));
  assert.ok(tl.every((a) => techIds.has(a.customer_id)), JSON.stringify(tl.map((a) => a.customer_id)));
  assert.equal((await tech.req('GET', url(`/alerts/${al.id}`))).status, 404);
  assert.equal((await tech.req('GET', url(`/alerts?customer_id=${cust}`))).status, 404);
  const td = (await tech.req('GET', url('/dashboard'))).json;
  assert.equal(td.customers, techIds.size);
  assert.equal(td.alerts.high, tl.filter((a) => a.severity === 'high').length);
  const rows = (await tech.req('GET', url('/dashboard/customers'))).json.customers;
  assert.deepEqual(new Set(rows.map((r) => r.customer_id)), techIds);
  const csv = await tech.req('GET', url('/alerts?format=csv'));
  assert.ok(!csv.text.includes(cust));
  assert.equal((await tech.req('POST', url('/alert-mutes'), { customer_id: cust, type: 'protection_off',
    until: new Date(Date.now() + 3600e3).toISOString().replace(/\.\d+Z$/, 'Z') })).status, 404);
});

test('CSV export: every matching alert, cells safe from spreadsheet formulas; filters are checked', async () => {
  const dev = await enroll(cust, '=cmd|calc');
  await checkin(dev, state({ threats: [{ name: '=HYPERLINK("http://x")', path: '/tmp/@evil', action: 'reported',
    detected_at: '2026-12-01T10:00:00Z' }] }));
  const r = await admin.req('GET', url(`/alerts?format=csv&device_id=${dev.device_id}`));
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition'), /alerts-\d{4}-\d{2}-\d{2}\.csv/);
  const lines = r.text.trim().split('\r\n');
  assert.match(lines[0], /^id,type,severity,status,customer_id,customer,device_id,device,subject/);
  assert.equal(lines.length, 2, r.text);	// the subject's line break is quoted
  assert.ok(r.text.includes('"\'=HYPERLINK(""http://x"")\n/tmp/@evil"'), r.text);
  assert.ok(r.text.includes("'=cmd|calc"), r.text);
  assert.ok(!/(^|,)=/.test(r.text.replace(/'=/g, '')), r.text);
  for (const [q, field] of [['status=closed', 'status'], ['severity=urgent', 'severity'], ['type=x', 'type'],
    ['from=yesterday', 'from'], ['from=2026-12-02&to=2026-12-01', 'to'], ['format=xml', 'format'], ['cursor=%%%', 'cursor']]) {
    const bad = await admin.req('GET', url(`/alerts?${q}`));
    assert.equal(bad.status, 422, q);
    assert.ok(bad.json.error.fields[field], `${q}: ${bad.text}`);
  }
  const from = await alertsOf(admin, `from=2099-01-01`);
  assert.equal(from.length, 0);
});

test('seats: devices beyond the subscription raise seats_exceeded, which clears when they fit', async () => {
  let r = await admin.req('POST', url('/customers'), {
    source: 'new', email: 'it@metered-seats.example', contact_person: 'Grace Hopper', phone: '+44 20 7946 0958',
    company: 'Metered Seats Ltd', industry: 'it_telecom', website: 'metered-seats.example', street: '1 Main Street',
    postal_code: 'nw1 5ln', city: 'London', country: 'GB', segment_discount: null,
    management: { mode: 'local', template: 'workstation' },
  });
  assert.equal(r.status, 201, r.text);
  const cid = r.json.customer.id;
  r = await admin.req('POST', url(`/customers/${cid}/subscriptions/payg`), { service: 'cloud_backup', seats: 2 });
  assert.equal(r.status, 201, r.text);
  const devs = [await enroll(cid), await enroll(cid)];
  assert.equal((await alertsOf(admin, `customer_id=${cid}&type=seats_exceeded`)).length, 0);
  devs.push(await enroll(cid));
  let [se] = await alertsOf(admin, `customer_id=${cid}&type=seats_exceeded`);
  assert.ok(se, 'seats_exceeded raised');
  assert.deepEqual([se.status, se.severity, se.details.seats, se.details.used, se.subject], ['open', 'medium', 2, 3, 'cloud_backup']);
  // The device is enrolled and protected all the same.
  assert.equal((await checkin(devs[2], state())).status, 200);
  const subs = (await admin.req('GET', url(`/customers/${cid}/subscriptions`))).json.subscriptions;
  assert.equal(subs.find((s) => s.service.key === 'cloud_backup').seats_used, 3);
  assert.equal((await admin.req('GET', url(`/customers/${cid}`))).json.customer.device_count, 3);
  r = await admin.req('DELETE', url(`/devices/${devs[2].device_id}`));
  assert.equal(r.status, 204);
  [se] = await alertsOf(admin, `customer_id=${cid}&type=seats_exceeded`);
  assert.equal(se.status, 'resolved');
  assert.match(se.note, /fit the seats/);
  assert.equal((await admin.req('GET', url(`/customers/${cid}`))).json.customer.device_count, 2);
});

test('the sweep: a device not seen for the offline days gets device_offline, cleared when it returns', async () => {
  let r = await viewer.req('PATCH', url(''), { device_offline_days: 2 });
  assert.equal(r.status, 403);
  for (const days of [0, 366, '3']) {
    r = await admin.req('PATCH', url(''), { device_offline_days: days });
    assert.equal(r.status, 422, String(days));
    assert.ok(r.json.error.fields.device_offline_days);
  }
  r = await admin.req('PATCH', url(''), { device_offline_days: 2 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.account.device_offline_days, 2);
  const dev = await enroll(cust, 'gone-quiet');
  await checkin(dev, state());
  // Three days later on a server whose clock is on: the sweep finds it.
  const later = await startServer({ db: srv.db, env: { STEWARD_CLOCK_OFFSET: String(3 * 86400) } });
  try {
    const c = new Client(later.url);
    await c.signIn(demoUsers.admin);
    // The sweep runs two seconds after the background process starts,
    // at a low priority.
    let off = await until(async () => {
      const a = (await c.req('GET', url(`/alerts?device_id=${dev.device_id}&type=device_offline`))).json.alerts;
      return a.length > 0 && a;
    }, { what: 'device_offline raised by the sweep', timeout: 30000 });
    assert.equal(off.length, 1, 'device_offline raised by the sweep');
    assert.equal(off[0].details.hostname, 'gone-quiet');
    assert.equal(off[0].details.offline_days, 2);
    const d = (await c.req('GET', url('/dashboard'))).json;
    const offline = (await c.req('GET', url('/devices?status=offline&limit=500'))).json.devices.length;
    assert.equal(d.devices.offline, offline);
    // It checks in again: resolved at once.
    assert.equal((await checkin(dev, state(), later.url)).status, 200);
    off = (await c.req('GET', url(`/alerts?device_id=${dev.device_id}&type=device_offline`))).json.alerts;
    assert.equal(off[0].status, 'resolved');
    assert.match(off[0].note, /checked in again/);
  } finally {
    await later.stop();
  }
  await admin.req('PATCH', url(''), { device_offline_days: 7 });
});

test('resolved and dismissed alerts are kept 90 days after they closed, then purged', async () => {
  const dev = await enroll(cust, 'purge-ws');
  await checkin(dev, state({ protection: 'off' }));
  await checkin(dev, state());	// resolved by Steward
  const [closed] = await alertsOf(admin, `device_id=${dev.device_id}&type=protection_off`);
  assert.equal(closed.status, 'resolved');
  const open = (await alertsOf(admin, 'status=open'))[0];
  // 89 days on: still there. 91 days on: gone, while open ones stay.
  for (const [days, present] of [[89, true], [91, false]]) {
    const later = await startServer({ db: srv.db, env: { STEWARD_CLOCK_OFFSET: String(days * 86400) } });
    try {
      const c = new Client(later.url);
      await c.signIn(demoUsers.admin);
      const status = async () => (await c.req('GET', url(`/alerts/${closed.id}`))).status;
      if (present) {
        // Once the sweep has run (it raises nothing here, so give it
        // its two seconds and more), the alert is still there.
        await new Promise((r) => setTimeout(r, 3000));
        assert.equal(await status(), 200, `${days} days on`);
      } else {
        await until(async () => (await status()) === 404, { what: `purged ${days} days on`, timeout: 30000 });
      }
      if (open) assert.equal((await c.req('GET', url(`/alerts/${open.id}`))).status, 200);
    } finally {
      await later.stop();
    }
  }
});

test('a large CSV export (past the allocator\'s mmap threshold) is answered in full', async () => {
  const dev = await enroll(cust, 'csv-bulk');
  const long = '/srv/share/' + 'x'.repeat(100);
  for (let b = 0; b < 45; b++) {
    const threats = [...Array(100).keys()].map((i) => ({ name: `Bulk.Test-${b}-${i}`, path: `${long}/${b}/${i}`,
      action: 'quarantined', detected_at: '2026-12-01T10:00:00Z' }));
    assert.equal((await checkin(dev, state({ threats }))).status, 200);
  }
  const r = await admin.req('GET', url(`/alerts?format=csv&device_id=${dev.device_id}`));
  assert.equal(r.status, 200);
  assert.ok(r.text.length > 1000000, String(r.text.length));
  assert.equal((r.text.match(/Bulk\.Test-/g) || []).length, 4500);
  // The worker is still answering.
  assert.equal((await admin.req('GET', url('/dashboard'))).status, 200);
});

test('a muted alert whose mute has run out opens again when it happens again, and webhooks hear of it', async () => {
  // No background process: the sweep that ends run-out mutes does not get
  // there first, so the check-in itself must open the alert.
  const own = await startServer({ env: { STEWARD_NO_JOBS: '1' } });
  try {
    const signIn = () => Client.signedIn(own.url, demoUsers.admin);
    let a = await signIn();
    const acc2 = (await a.req('GET', '/api/v1/accounts')).json.accounts.find((x) => x.kind === 'partner').id;
    const at = (p) => `/api/v1/accounts/${acc2}${p}`;
    const hook = await a.req('POST', at('/webhooks'), { url: 'http://127.0.0.1:9/steward', events: ['alert.changed'] });
    assert.equal(hook.status, 201, hook.text);
    const c2 = (await a.req('GET', at('/customers?limit=1'))).json.customers[0].id;
    const token = (await a.req('GET', at(`/customers/${c2}/installer`))).json.token;
    const dev = (await agent(own.url, '/agent/v1/enroll', { token, hardware_id: 'mute-run-out-hw', hostname: 'mute-run-out',
      platform: 'workstation', os: 'Debian GNU/Linux 12', agent_version: '1.0.0' })).json;
    // Each check-in reports newer definitions, so each is a change the hub
    // looks at (an unchanged one only notes the time).
    let defs = Date.now() - 3600 * 1000;
    const off = () => agent(own.url, '/agent/v1/checkin', { policy_version: null, state: state({ protection: 'off',
      definitions_updated_at: new Date(defs += 60 * 1000).toISOString().replace(/\.\d+Z$/, 'Z') }) }, dev.device_secret);
    assert.equal((await off()).status, 200);
    const [al] = (await a.req('GET', at(`/alerts?device_id=${dev.device_id}&type=protection_off`))).json.alerts;
    assert.equal(al.status, 'open');
    const until = new Date(Date.now() + 60 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    assert.equal((await a.req('POST', at('/alert-mutes'), { customer_id: c2, type: 'protection_off', until })).status, 201);
    assert.equal((await a.req('GET', at(`/alerts/${al.id}`))).json.status, 'muted');

    // Two minutes on, the mute has run out and protection is still off.
    await own.kill9();
    await own.restart({ STEWARD_CLOCK_OFFSET: '120' });
    a = await signIn();
    assert.equal((await off()).status, 200);
    assert.equal((await a.req('GET', at(`/alerts/${al.id}`))).json.status, 'open');
    const events = (await a.req('GET', at(`/webhooks/${hook.json.id}/deliveries?limit=100`))).json.deliveries
      .map((d) => d.body).filter((b) => b.data.alert_id === al.id);
    assert.deepEqual(events.map((b) => [b.type, b.data.status]), [['alert.changed', 'open'], ['alert.changed', 'muted']],
      'muted, then open again: newest first');
  } finally {
    await own.stop();
  }
});

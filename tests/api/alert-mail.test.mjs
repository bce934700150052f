// E-mail notices of alerts (issue: alerts of every customer): each new open
// alert is announced once to each person who asked for it, in their
// language; a customer-limited user hears only of their customers; a flood
// of one kind is capped per hour and the rest summarised in the next
// message; digests come once a day; muted alerts say nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers, agentReq } from '../lib/server.mjs';
import { startSmtp, parseMessage } from '../lib/smtp.mjs';

let smtp, srv, admin, viewer, tech, acc, cust, techCust;
const url = (p) => `/api/v1/accounts/${acc}${p}`;
let seq = 0;

const mail = { '--smtp-url': null };
const subject = (m) => parseMessage(m.raw).subject;
const textOf = (m) => parseMessage(m.raw).parts.find((p) => p.type === 'text/plain').text;
const to = (who) => (m) => m.rcpt[0] === who;

const agent = agentReq;
const fresh = () => new Date(Date.now() - 3600e3).toISOString();
const state = (extra = {}) => ({ protection: 'on', definitions_updated_at: fresh(), threats: [], ...extra });

async function enroll(customer, hostname) {
  const token = (await admin.req('GET', url(`/customers/${customer}/installer`))).json.token;
  const r = await agent(srv.url, '/agent/v1/enroll', { token, hardware_id: `mail-hw-${++seq}`, hostname,
    platform: 'workstation', os: 'Debian GNU/Linux 12', agent_version: '1.0.0' });
  assert.equal(r.status, 201);
  return r.json;
}
const checkin = (dev, st, base = srv.url) =>
  agent(base, '/agent/v1/checkin', { policy_version: null, state: st }, dev.device_secret);

before(async () => {
  smtp = await startSmtp();
  mail['--smtp-url'] = `smtp://127.0.0.1:${smtp.port}`;
  srv = await startServer({
    args: ['--smtp-url', mail['--smtp-url'], '--mail-from', 'Steward Hub <steward@hub.example>',
      '--public-url', 'https://steward.example.com'],
    env: { STEWARD_MAIL_POLL_MS: '200' },
  });
  [admin, viewer, tech] = [0, 1, 2].map(() => new Client(srv.url));
  await admin.signIn(demoUsers.admin);
  await viewer.signIn(demoUsers.viewer);
  await tech.signIn(demoUsers.tech);
  acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  const customers = (await admin.req('GET', url('/customers?limit=100'))).json.customers;
  const techIds = new Set((await tech.req('GET', url('/customers?limit=100'))).json.customers.map((c) => c.id));
  // Not BOSS STG: the demo mutes its old-definition alerts.
  cust = customers.find((c) => !techIds.has(c.id) && !c.company.startsWith('BOSS')).id;
  techCust = [...techIds][0];
});
after(async () => {
  await srv?.stop();
  await smtp?.stop();
});

test('settings: each person their own, checked; defaults are high and critical at once', async () => {
  let r = await viewer.req('GET', url('/alert-notifications'));
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { mode: 'immediate', min_severity: 'high', types: [], defaults: true, hourly_cap: 5 });
  for (const [body, field] of [[{ mode: 'weekly', min_severity: 'high' }, 'mode'],
    [{ mode: 'digest', min_severity: 'urgent' }, 'min_severity'],
    [{ mode: 'digest', min_severity: 'high', types: ['nope'] }, 'types[0]'],
    [{ mode: 'digest', min_severity: 'high', extra: 1 }, 'extra']]) {
    r = await viewer.req('PUT', url('/alert-notifications'), body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.ok(r.json.error.fields[field], r.text);
  }
  // A viewer changes nothing of the account, but chooses its own e-mail.
  r = await viewer.req('PUT', url('/alert-notifications'), { mode: 'digest', min_severity: 'medium', types: [] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.mode, r.json.min_severity, r.json.defaults], ['digest', 'medium', false]);
  assert.equal((await admin.req('GET', url('/alert-notifications'))).json.defaults, true);
  // Another partner's account: not found.
  const harbor = new Client(srv.url);
  await harbor.signIn(demoUsers.harbor);
  assert.equal((await harbor.req('GET', url('/alert-notifications'))).status, 404);
});

test('a new alert goes once to each person who asked, in their language; limited users hear of their customers only', async () => {
  const dev = await enroll(cust, 'mail-ws-1');
  await checkin(dev, state({ protection: 'off' }));
  const want = (m) => subject(m).includes('mail-ws-1');
  const got = await smtp.waitFor(want, 2);
  await new Promise((r) => setTimeout(r, 3000));	// any duplicate would show by now
  const all = smtp.messages.filter(want);
  const rcpts = all.map((m) => m.rcpt[0]).sort();
  assert.deepEqual(rcpts, ['admin@northwind.example', 'tanaka@northwind.example'], rcpts.join());
  const en = all.find(to('admin@northwind.example'));
  assert.match(subject(en), /^\[High\] Protection turned off: .+, mail-ws-1$/);
  assert.match(textOf(en), /https:\/\/steward\.example\.com\/a\/.+\/alerts\?customer_id=/);
  const ja = all.find(to('tanaka@northwind.example'));
  assert.match(subject(ja), /^【高】保護が無効：.+、mail-ws-1$/);
  assert.ok(got.length >= 2);
  // The customer-limited technician hears of its own customer's alert.
  const tdev = await enroll(techCust, 'mail-ws-tech');
  await checkin(tdev, state({ protection: 'off' }));
  const tm = await smtp.waitFor((m) => subject(m).includes('mail-ws-tech') && m.rcpt[0] === 'tech@northwind.example', 1);
  assert.equal(tm.length, 1);
  assert.equal(smtp.messages.filter((m) => subject(m).includes('mail-ws-1') && m.rcpt[0] === 'tech@northwind.example').length, 0);
});

test('a flood of one kind: five an hour, the rest summarised in the next message', async () => {
  const dev = await enroll(cust, 'mail-flood');
  const base = Date.now();
  for (let i = 0; i < 8; i++) {
    await checkin(dev, state({ threats: [{ name: `Flood.Test-${i}`, path: `/tmp/f${i}`, action: 'reported',
      detected_at: new Date(base - (20 - i) * 1000).toISOString().replace(/\.\d+Z$/, 'Z') }] }));
  }
  const mine = (m) => m.rcpt[0] === 'admin@northwind.example' && subject(m).includes('mail-flood');
  await smtp.waitFor(mine, 5);
  await new Promise((r) => setTimeout(r, 3000));
  const threats = smtp.messages.filter((m) => mine(m) && /Threat detected/.test(subject(m)));
  assert.equal(threats.length, 5, threats.map(subject).join('\n'));
  // Another kind of alert: its message carries the three held back.
  await checkin(dev, state({ protection: 'off', threats: [] }));
  const [next] = await smtp.waitFor((m) => mine(m) && /Protection turned off/.test(subject(m)), 1);
  const text = textOf(next);
  assert.match(text, /held back/);
  assert.equal((text.match(/Flood\.Test|Threat detected/g) || []).length >= 3, true, text);
  assert.equal((text.match(/^- \[Critical\] Threat detected/gm) || []).length, 3, text);
});

test('muted alerts say nothing; a digest comes once a day with what was held', async () => {
  // The viewer chose a daily digest (medium and above) in the first test.
  const dev = await enroll(cust, 'mail-digest');
  await checkin(dev, state({ definitions_updated_at: '2026-01-01T00:00:00Z' }));	// medium
  const until = new Date(Date.now() + 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const m = await admin.req('POST', url('/alert-mutes'), { customer_id: cust, type: 'protection_off', until });
  assert.equal(m.status, 201);
  const dev2 = await enroll(cust, 'mail-muted');
  await checkin(dev2, state({ protection: 'off' }));
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal(smtp.messages.filter((x) => subject(x).includes('mail-muted')).length, 0);
  assert.equal(smtp.messages.filter((x) => x.rcpt[0] === 'viewer@northwind.example' && subject(x).includes('mail-digest')).length, 0);
  // Today's digest (if the day's was sent already) has it not: it waits
  // for tomorrow's, which a server whose clock is at 09:00 UTC tomorrow
  // sends, once.
  const digests = (x) => x.rcpt[0] === 'viewer@northwind.example' && /Daily alert digest/.test(subject(x));
  const withIt = (x) => digests(x) && textOf(x).includes('mail-digest');
  const sentToday = smtp.messages.filter(digests).length;
  assert.ok(sentToday <= 1);
  if (sentToday === 1) assert.equal(smtp.messages.filter(withIt).length, 0);
  const tomorrow = new Date();
  tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
  tomorrow.setUTCHours(9, 0, 0, 0);
  const later = await startServer({ db: srv.db, args: ['--smtp-url', mail['--smtp-url'], '--mail-from', 'steward@hub.example'],
    env: { STEWARD_CLOCK_OFFSET: String(Math.round((tomorrow - Date.now()) / 1000)), STEWARD_MAIL_POLL_MS: '200' } });
  try {
    const [digest] = await smtp.waitFor(withIt, 1, 20000);
    const text = textOf(digest);
    assert.match(text, /\[Medium\] Virus definitions out of date - .+, mail-digest/);
    assert.ok(!text.includes('mail-muted'));
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(smtp.messages.filter(withIt).length, 1);
    assert.equal(smtp.messages.filter(digests).length, sentToday + 1);
  } finally {
    await later.stop();
  }
  // Every message exactly once.
  const ids = smtp.messages.map((x) => parseMessage(x.raw).headers['message-id']);
  assert.equal(new Set(ids).size, ids.length);
});

test('a company console: its admins hear of every site, a role limited to chosen sites of its sites only', async () => {
  const owner = new Client(srv.url);
  await owner.signIn(demoUsers.tanaka);
  const co = (await owner.req('POST', '/api/v1/companies', { name: 'Mail Opticians', region: 'GB', tenancy: 'multi' })).json.account.id;
  const at = (p) => `/api/v1/accounts/${co}${p}`;
  const a = (await owner.req('POST', at('/sites'), { name: 'Leeds' })).json.id;
  const b = (await owner.req('POST', at('/sites'), { name: 'York' })).json.id;
  const added = await srv.ctl(['user', 'add', '--db', '$DB', '--email', 'leeds@opticians.example', '--password',
    'leeds-viewer-pass-42', '--account', co, '--role', 'viewer', '--sites', a]);
  assert.equal(added.code, 0, added.stderr);
  const siteDevice = async (site, hostname) => {
    const token = (await owner.req('GET', at(`/sites/${site}/installer`))).json.token;
    const r = await agent(srv.url, '/agent/v1/enroll', { token, hardware_id: `mail-hw-${++seq}`, hostname,
      platform: 'workstation', os: 'Debian GNU/Linux 12', agent_version: '1.0.0' });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  await checkin(await siteDevice(b, 'york-ws'), state({ protection: 'off' }));
  await checkin(await siteDevice(a, 'leeds-ws'), state({ protection: 'off' }));
  const [leeds] = await smtp.waitFor((m) => m.rcpt[0] === 'leeds@opticians.example' && subject(m).includes('leeds-ws'), 1);
  assert.match(subject(leeds), /^\[High\] Protection turned off: Mail Opticians, Leeds, leeds-ws$/);
  assert.match(textOf(leeds), new RegExp(`https://steward\\.example\\.com/a/${co}/alerts\\?site_id=${a}`));
  await smtp.waitFor((m) => m.rcpt[0] === 'tanaka@northwind.example' && subject(m).includes('york-ws'), 1);
  assert.equal(smtp.messages.filter((m) => m.rcpt[0] === 'leeds@opticians.example' && subject(m).includes('york-ws')).length, 0,
    'York is not one of its sites');
});

// Browser tests of alerts and the dashboard (issue 12): a threat reported
// through the agent protocol is followed from the dashboard's critical
// figure to the filtered Alerts list and the alert's detail drawer, is
// acknowledged with a note, and the dashboard's figures and the shell's
// open-alert badge go down by one; several alerts are dismissed at once,
// the answer saying how many changed and how many were skipped; a type of
// alert is muted for a customer and the mute ended; viewers see everything
// with the actions disabled; the Japanese pages. Screenshots go to
// tests/artifacts (alerts-*.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoUsers } from '../lib/server.mjs';
import { signIn, demoSuite, shot } from './support.mjs';
import { overflowProblems, japaneseBreakProblems } from './layout-checks.mjs';

const env = demoSuite();
const HOST = 'GLACIER-WS-07';
let made = null;
let seq = 0;

async function agent(path, body, secret) {
  const headers = { 'content-type': 'application/json' };
  if (secret) headers.authorization = `Bearer ${secret}`;
  const res = await fetch(env.server.url + path, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text };
}

const url = (p) => `/api/v1/accounts/${env.acc}${p}`;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const fresh = () => iso(Date.now() - 3600e3);

/** A customer of its own for these tests (once). */
async function customer() {
  if (made) return made;
  const r = await env.api.req('POST', url('/customers'), {
    source: 'new', email: 'it@glacierfreight.example', contact_person: 'Sigrun Dahl', phone: '+4722334466',
    company: 'Glacier Freight AS', industry: 'transportation', website: 'glacierfreight.example', street: 'Strandgata 5',
    postal_code: '5013', city: 'Bergen', country: 'NO', segment_discount: null, management: { mode: 'local', template: 'workstation' },
  });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  made = r.json.customer;
  return made;
}

/** A device of the customer enrolled with its installer token, as an agent does it. */
async function enroll(hostname) {
  const c = await customer();
  const token = (await env.api.req('GET', url(`/customers/${c.id}/installer`))).json.token;
  const r = await agent('/agent/v1/enroll', {
    token, hardware_id: `glacier-hw-${++seq}`, hostname, platform: 'workstation', os: 'Debian GNU/Linux 12', agent_version: '1.2.3',
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function checkin(dev, state) {
  const r = await agent('/agent/v1/checkin', {
    policy_version: null, state: { protection: 'on', definitions_updated_at: fresh(), threats: [], ...state },
  }, dev.device_secret);
  assert.equal(r.status, 200, r.text);
}

async function settle(page) {
  await page.waitForFunction(() => !document.querySelector('main .spinner, main .page-loading'));
}

const dashboard = async () => (await env.api.req('GET', url('/dashboard'))).json;
const openCount = (d) => d.alerts.critical + d.alerts.high + d.alerts.medium + d.alerts.low;
const badge = (page) => page.locator('.nav-item[data-page="alerts"] .nav-badge');

/** Waits until the shell's badge shows the server's count of open alerts; answers it. */
async function badgeIsOpenCount(page) {
  let shown = null, want = null;
  for (let i = 0; i < 50; i++) {
    shown = await badge(page).getAttribute('data-count');
    want = openCount(await dashboard());
    if (shown === String(want)) return want;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`the badge shows ${shown}, the server counts ${want} open alerts`);
}

test('a threat from an agent: dashboard critical figure → Alerts → the alert, acknowledged, and the counts go down', async () => {
  const dev = await enroll(HOST);
  await checkin(dev, {
    threats: [{ name: 'Win.Ransomware.Glacier-42', path: '/home/sigrun/Downloads/invoice.pdf.exe', action: 'reported', detected_at: fresh() }],
  });
  // The server's first sweep (two seconds after it starts) may still raise alerts: wait for still figures.
  let before = await dashboard();
  for (let still = 0; still < 4;) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await dashboard();
    still = openCount(now) === openCount(before) ? still + 1 : 0;
    before = now;
  }
  assert.ok(before.alerts.critical >= 1);

  const page = await signIn(env.browser, env.server, demoUsers.admin);
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await settle(page);
  // The shell's badge: every open alert.
  let open = await badgeIsOpenCount(page);
  assert.ok(open > 0);
  assert.equal(await badge(page).isVisible(), true);
  assert.match(await page.locator('#nav-alerts-count').textContent(), new RegExp(`^${open} open alerts$`));
  // The Alerts link is still called Alerts.
  assert.equal(await page.getByRole('navigation', { name: 'Account pages' }).getByRole('link', { name: 'Alerts', exact: true }).count(), 1);

  // The card's figures are the server's, and the chart says what it shows.
  const card = page.locator('.stat-card[data-card="alerts"]');
  assert.equal(await card.locator('[data-part="critical"] .stat-part-value').innerText(), String(before.alerts.critical));
  assert.equal(await card.locator('[data-part="high"] .stat-part-value').innerText(), String(before.alerts.high));
  const devices = page.locator('.stat-card[data-card="devices"]');
  assert.equal(await devices.locator('[data-part="at_risk"] .stat-part-value').innerText(), String(before.devices.at_risk));
  const raised = before.alert_days.reduce((n, x) => n + x.raised, 0);
  assert.match(await page.locator('#alert-chart-desc').textContent(), new RegExp(`${raised} alerts raised`));
  assert.equal(await page.locator('.alert-chart table tbody tr').count(), 30);
  // The customer is first among the riskiest (a critical alert), with its devices and alerts.
  const row = page.locator('main .dashboard-table tbody tr', { hasText: 'Glacier Freight AS' });
  await row.waitFor();
  assert.match(await row.innerText(), /1 device/);
  await row.getByRole('link', { name: /1 open Critical alerts at Glacier Freight AS/ }).waitFor();
  await shot(page, 'alerts-dashboard-en.png');

  // Critical → the open critical alerts.
  await card.getByRole('link', { name: `Open alerts: Critical ${before.alerts.critical}` }).click();
  await page.waitForURL(/\/alerts\?status=open&severity=critical$/);
  await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
  await settle(page);
  assert.equal(await page.getByLabel('Status').inputValue(), 'open');
  assert.equal(await page.getByLabel('Severity').inputValue(), 'critical');
  const line = page.locator('main .alerts-table tbody tr', { hasText: HOST });
  await line.waitFor();
  assert.equal(await page.locator('main .alerts-table tbody tr').count(), before.alerts.critical);
  const text = await line.innerText();
  assert.match(text, /Threat detected/);
  assert.match(text, /Win\.Ransomware\.Glacier-42 — Detected, not resolved/);
  assert.match(text, /Critical/);
  assert.match(text, /Open/);
  assert.match(text, /Glacier Freight AS/);
  // Customer and device are links; the time has its exact value on hover.
  assert.equal(await line.getByRole('link', { name: 'Glacier Freight AS' }).getAttribute('href'), `/a/${env.acc}/customers/${made.id}`);
  assert.equal(await line.getByRole('link', { name: HOST }).getAttribute('href'), `/a/${env.acc}/devices/${dev.device_id}`);
  assert.ok(await line.locator('time.rel-time').getAttribute('title'));

  // The alert: its details, then Acknowledge with a note.
  await line.getByRole('link', { name: 'Threat detected' }).click();
  const drawer = page.getByRole('dialog', { name: 'Threat detected' });
  await drawer.waitFor();
  assert.match(page.url(), /alert=alr_/);
  const details = await drawer.innerText();
  assert.match(details, /\/home\/sigrun\/Downloads\/invoice\.pdf\.exe/);
  assert.match(details, /No one has changed this alert yet\./);
  await drawer.getByLabel(/Note/).fill('Calling Sigrun <today>');
  await drawer.getByRole('button', { name: 'Acknowledge' }).click();
  await page.getByText(`Threat detected (${HOST}) is acknowledged.`).waitFor();
  await drawer.getByText(/Acknowledged by admin@northwind\.example on/).waitFor();
  assert.equal(await drawer.locator('.alert-note').innerText(), 'Calling Sigrun <today>');
  assert.equal(await drawer.getByRole('button', { name: 'Acknowledge' }).isDisabled(), true);
  await shot(page, 'alerts-detail-en.png');
  // The badge follows at once (a sweep or a subscription job of the server may raise others meanwhile).
  open = await badgeIsOpenCount(page);
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });
  assert.match(await line.innerText(), /Acknowledged/);
  assert.doesNotMatch(page.url(), /alert=/);

  // The counts change: one critical alert fewer on the dashboard.
  await page.getByRole('navigation', { name: 'Account pages' }).getByRole('link', { name: 'Dashboard' }).click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await settle(page);
  assert.equal(await page.locator('.stat-card[data-card="alerts"] [data-part="critical"] .stat-part-value').innerText(),
    String(before.alerts.critical - 1));
  assert.equal((await dashboard()).alerts.critical, before.alerts.critical - 1);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('select many and dismiss: the answer says what changed and what was skipped; CSV export of the filtered list', async () => {
  const c = await customer();
  const dev = await enroll('GLACIER-LT-11');
  await checkin(dev, { protection: 'off', definitions_updated_at: '2026-01-01T00:00:00Z' });
  const mine = (await env.api.req('GET', url(`/alerts?customer_id=${c.id}&limit=100`))).json.alerts;
  assert.ok(mine.length >= 3, JSON.stringify(mine.map((a) => a.type)));
  // One is resolved already: it stays as it is.
  const outdated = mine.find((a) => a.type === 'definitions_outdated');
  assert.equal((await env.api.req('PATCH', url(`/alerts/${outdated.id}`), { status: 'resolved' })).status, 200);

  const page = await signIn(env.browser, env.server, demoUsers.admin, { path: `/a/${env.acc}/alerts?customer_id=${c.id}` });
  await settle(page);
  const rows = page.locator('main .alerts-table tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), mine.length);
  // Nothing picked: the actions wait.
  const bar = page.locator('.alert-toolbar');
  assert.equal(await bar.getByRole('button', { name: 'Dismiss' }).isDisabled(), true);
  await page.getByRole('checkbox', { name: 'Select every alert shown' }).check();
  await bar.getByText(`${mine.length} alerts selected`).waitFor();
  await bar.getByRole('button', { name: 'Dismiss' }).click();
  const dialog = page.getByRole('dialog', { name: `Dismiss ${mine.length} alerts?` });
  await dialog.getByLabel(/Note/).fill('Test machines');
  await dialog.getByRole('button', { name: 'Dismiss' }).click();
  await page.getByText(`${mine.length - 1} changed, 1 skipped (already closed, or muted)`).waitFor();
  await page.waitForFunction((n) => document.querySelectorAll('main .alerts-table [data-status="dismissed"]').length === n, mine.length - 1);
  assert.equal(await page.locator('main .alerts-table [data-status="resolved"]').count(), 1);
  assert.equal(await bar.getByRole('button', { name: 'Dismiss' }).isDisabled(), true);
  const after = (await env.api.req('GET', url(`/alerts?customer_id=${c.id}&limit=100`))).json.alerts;
  assert.deepEqual(after.map((a) => a.status).sort(), [...Array(mine.length - 1).fill('dismissed'), 'resolved']);
  assert.equal(after.find((a) => a.status === 'dismissed').note, 'Test machines');

  // Filters are in the address; the CSV link follows them, and the server sends a spreadsheet-safe file.
  await page.getByLabel('Type').selectOption('protection_off');
  await page.waitForURL(new RegExp(`customer_id=${c.id}&type=protection_off|type=protection_off.*customer_id=${c.id}`));
  await page.waitForFunction(() => document.querySelectorAll('main .alerts-table tbody tr').length === 1);
  const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
  assert.match(href, /format=csv/);
  assert.match(href, /type=protection_off/);
  const csv = await page.evaluate(async (h) => { const r = await fetch(h); return { type: r.headers.get('content-type'), text: await r.text() }; }, href);
  assert.match(csv.type, /^text\/csv/);
  assert.equal(csv.text.trim().split('\r\n').length, 2, csv.text);
  await page.reload();
  await settle(page);
  assert.equal(await page.getByLabel('Type').inputValue(), 'protection_off');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.waitForURL(new RegExp(`/a/${env.acc}/alerts$`));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('mute a type of alert for a customer until a time, then end the mute', async () => {
  const c = await customer();
  const page = await signIn(env.browser, env.server, demoUsers.admin, { path: `/a/${env.acc}/alerts` });
  await settle(page);
  await page.locator('.alert-toolbar').getByRole('button', { name: 'Mutes' }).click();
  const drawer = page.getByRole('dialog', { name: 'Mute alerts' });
  // The demo mutes old definitions at BOSS STG while the Osaka branch is re-imaged.
  await drawer.locator('.mute-item', { hasText: 'BOSS STG' }).waitFor();
  // The default end: a week from now.
  const until = await drawer.getByLabel('Until').inputValue();
  const days = (new Date(until).getTime() - Date.now()) / 86400e3;
  assert.ok(days > 6.9 && days < 7.1, until);
  await drawer.getByRole('button', { name: 'Mute', exact: true }).click();
  await drawer.getByText('Choose a customer.').waitFor();
  await drawer.getByLabel('Customer').selectOption({ label: 'Glacier Freight AS' });
  await drawer.getByLabel('Type of alert').selectOption({ label: 'Protection turned off' });
  await drawer.getByRole('button', { name: 'Mute', exact: true }).click();
  await page.getByText(/Protection turned off alerts of Glacier Freight AS are muted until/).waitFor();
  const item = drawer.locator('.mute-item', { hasText: 'Protection turned off — Glacier Freight AS' });
  await item.waitFor();
  assert.match(await item.innerText(), /by Alex Morgan|by admin@northwind\.example/);
  await shot(page, 'alerts-mutes-en.png');
  // Another device's protection goes off: raised muted.
  const dev = await enroll('GLACIER-WS-12');
  await checkin(dev, { protection: 'off' });
  const raised = (await env.api.req('GET', url(`/alerts?device_id=${dev.device_id}&type=protection_off`))).json.alerts;
  assert.equal(raised[0].status, 'muted');
  // End mute: gone from the list, and the alert is open again.
  await item.getByRole('button', { name: 'End the mute of Protection turned off for Glacier Freight AS' }).click();
  await page.getByText('Protection turned off alerts of Glacier Freight AS are no longer muted.').waitFor();
  await item.waitFor({ state: 'detached' });
  assert.equal((await env.api.req('GET', url(`/alerts/${raised[0].id}`))).json.status, 'open');
  await drawer.getByRole('button', { name: 'Close' }).last().click();
  await drawer.waitFor({ state: 'detached' });
  assert.equal(c.company, 'Glacier Freight AS');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a customer's Alerts tab lists its alerts; one opens in the Alerts page's detail view", async () => {
  const c = await customer();
  const page = await signIn(env.browser, env.server, demoUsers.admin, { path: `/a/${env.acc}/customers/${c.id}?tab=alerts` });
  const panel = page.getByRole('tabpanel');
  const row = panel.locator('tbody tr', { hasText: HOST });
  await row.waitFor();
  assert.match(await row.innerText(), /Threat detected[\s\S]*Critical/);
  assert.equal(await panel.getByRole('link', { name: 'Filter in Alerts' }).getAttribute('href'), `/a/${env.acc}/alerts?customer_id=${c.id}`);
  await row.getByRole('link', { name: 'Threat detected' }).click();
  await page.getByRole('dialog', { name: 'Threat detected' }).getByText('/home/sigrun/Downloads/invoice.pdf.exe').waitFor();
  assert.match(page.url(), new RegExp(`/alerts\\?customer_id=${c.id}&alert=alr_`));
  assert.equal(await page.locator('#alerts-customer').inputValue(), c.id);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a viewer sees every alert with the actions disabled, saying why', async () => {
  const page = await signIn(env.browser, env.server, demoUsers.viewer, { path: `/a/${env.acc}/alerts?status=open` });
  await settle(page);
  await page.locator('main .alerts-table tbody tr').first().waitFor();
  const reason = 'Your role is viewer: you can see every alert but not change or mute them.';
  assert.equal(await page.getByText(reason).count(), 2);
  assert.equal(await page.locator('main .alerts-table input[type="checkbox"]').count(), 0);
  for (const name of ['Acknowledge', 'Dismiss', 'Resolve']) {
    const b = page.locator('.alert-toolbar').getByRole('button', { name });
    assert.equal(await b.isDisabled(), true, name);
    assert.match(await b.getAttribute('aria-describedby'), /alerts-view-only/);
  }
  // The CSV export and the mutes are there to read.
  assert.equal(await page.getByRole('link', { name: 'Export CSV' }).count(), 1);
  await page.locator('main a[data-open]').first().click();
  const drawer = page.locator('.drawer');
  await drawer.waitFor();
  for (const b of await drawer.locator('[data-set]').all()) assert.equal(await b.isDisabled(), true);
  assert.equal(await drawer.getByRole('textbox').count(), 0);
  await drawer.getByText(reason).waitFor();
  await page.keyboard.press('Escape');
  await page.locator('.alert-toolbar').getByRole('button', { name: 'Mutes' }).click();
  const mutes = page.getByRole('dialog', { name: 'Mute alerts' });
  await mutes.getByText('Your role is viewer: you can see the mutes but not add or end them.').waitFor();
  assert.equal(await mutes.getByRole('button', { name: 'Mute', exact: true }).isDisabled(), true);
  assert.equal(await mutes.getByLabel('Customer').isDisabled(), true);
  await shot(page, 'alerts-viewer-en.png');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the Japanese dashboard and Alerts page', async () => {
  const page = await signIn(env.browser, env.server, demoUsers.tanaka);
  await page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
  await settle(page);
  const card = page.locator('.stat-card[data-card="alerts"]');
  assert.match(await card.innerText(), /未対応のアラート[\s\S]*緊急[\s\S]*高[\s\S]*中[\s\S]*低/);
  await page.getByRole('heading', { name: '過去30日間のアラート' }).waitFor();
  await page.getByRole('radio', { name: '名前順' }).check();
  await page.waitForURL(/sort=name/);
  await shot(page, 'alerts-dashboard-ja.png');
  await page.getByRole('navigation', { name: 'アカウントのページ' }).getByRole('link', { name: 'アラート', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'アラート' }).waitFor();
  await settle(page);
  await page.locator('main .alerts-table tbody tr').first().waitFor();
  const table = await page.locator('main .alerts-table').innerText();
  assert.match(table, /脅威を検出/);
  assert.match(table, /緊急/);
  assert.doesNotMatch(table, /Threat detected|Critical|Acknowledged/);
  await page.getByRole('button', { name: 'ミュート' }).waitFor();
  await page.getByRole('link', { name: 'CSVをエクスポート' }).waitFor();
  assert.deepEqual([...await page.evaluate(japaneseBreakProblems, 'main'), ...await page.evaluate(overflowProblems)], []);
  await page.locator('main a[data-open]').first().click();
  await page.locator('.drawer').getByRole('button', { name: '確認済みにする' }).waitFor();
  await shot(page, 'alerts-detail-ja.png');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('whole-account admins set after how many days a device counts as offline', async () => {
  const page = await signIn(env.browser, env.server, demoUsers.admin, { path: `/a/${env.acc}/settings` });
  const days = page.getByLabel('Offline after (days without a check-in)');
  assert.equal(await days.inputValue(), '7');
  await days.fill('0');
  await page.locator('form', { has: days }).getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Enter a whole number of days from 1 to 365.').waitFor();
  await days.fill('10');
  await page.locator('form', { has: days }).getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Devices now count as offline after 10 days without a check-in.').waitFor();
  assert.equal((await env.api.req('GET', url(''))).json.account.device_offline_days, 10);
  await env.api.req('PATCH', url(''), { device_offline_days: 7 });
  assert.deepEqual(page.problems, []);
  await page.context().close();
  // A viewer reads it.
  const viewer = await signIn(env.browser, env.server, demoUsers.viewer, { path: `/a/${env.acc}/settings` });
  const field = viewer.getByLabel('Offline after (days without a check-in)');
  assert.equal(await field.getAttribute('readonly'), '');
  assert.equal(await viewer.locator('form', { has: field }).getByRole('button', { name: 'Save changes' }).count(), 0);
  await viewer.context().close();
});

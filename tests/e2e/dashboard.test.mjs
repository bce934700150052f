// Browser tests of the dashboard's overview cards: the figures are the
// server's (GET .../dashboard); the sentence saying what a card will count
// is an empty state, shown only while its figure is zero and never beside
// real figures (a partner with customers, in English and Japanese; an empty
// partner; the operator's partners and reviews).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoUsers } from '../lib/server.mjs';
import { signIn, demoSuite, until } from './support.mjs';

const env = demoSuite();

/** Each card as { title, value, note } (value: the figures, joined; note: '' when there is none). */
async function cards(page) {
  await page.locator('.stat-card').first().waitFor();
  return page.locator('.stat-card').evaluateAll((list) => list.map((c) => ({
    title: c.querySelector('.stat-title').textContent.trim(),
    value: [...c.querySelectorAll('.stat-value, .stat-part-value')].map((v) => v.textContent.trim()).join(' '),
    note: c.querySelector('.stat-note')?.textContent.trim() ?? '',
  })));
}

const byTitle = (list, title) => list.find((c) => c.title === title);

test('a partner with customers: card sentences only where the figure is zero', async () => {
  const total = (await env.api.req('GET', `/api/v1/accounts/${env.acc}/customers?limit=1`)).json.total;
  assert.ok(total > 0);
  const page = await signIn(env.browser, env.server, demoUsers.admin);
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  // The background process's first daily job may raise the demo's trial
  // alerts while the page loads: compare with the figures the server gave
  // as the page was drawn (reloading until both reads agree).
  let list, d;
  await until(async () => {
    const before = (await env.api.req('GET', `/api/v1/accounts/${env.acc}/dashboard`)).json;
    await page.reload();
    list = await cards(page);
    d = (await env.api.req('GET', `/api/v1/accounts/${env.acc}/dashboard`)).json;
    return JSON.stringify(before.alerts) === JSON.stringify(d.alerts);
  }, { what: 'the open alerts to stay put while the page loads' });
  const customers = byTitle(list, 'Customers');
  assert.equal(customers.value, String(total));
  assert.equal(customers.note, '', 'no "counted here" beside a real count');
  assert.equal(await page.getByText('Customers you add are counted here.').count(), 0);
  // Devices are counted per status (as the Devices list has them), open alerts per severity (as the Alerts list has them).
  const count = async (status) => (await env.api.req('GET', `/api/v1/accounts/${env.acc}/devices?status=${status}&limit=500`)).json.devices.length;
  const want = [await count('protected'), await count('at_risk'), await count('offline')];
  assert.ok(want.every((n) => n > 0), 'the demo has devices in every state');
  assert.equal(byTitle(list, 'Devices').value, want.join(' '));
  assert.equal(byTitle(list, 'Devices').note, '', 'no "none enrolled" beside real counts');
  assert.equal(byTitle(list, 'Open alerts').value, ['critical', 'high', 'medium', 'low'].map((s) => d.alerts[s]).join(' '));
  assert.ok(d.alerts.high > 0, 'the demo has a device with protection off');
  assert.equal(byTitle(list, 'Open alerts').note, '', 'no "none raised" beside real counts');
  // Ending soon has a figure: its caption, not the empty sentence.
  const ending = byTitle(list, 'Ending soon');
  assert.ok(Number(ending.value) > 0);
  assert.equal(ending.note, 'Trials and subscriptions ending in the next 30 days.');
  assert.deepEqual(page.problems, []);
  await page.context().close();

  const ja = await signIn(env.browser, env.server, demoUsers.tanaka);
  await ja.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
  const jaList = await cards(ja);
  assert.equal(byTitle(jaList, '顧客').value, String(total));
  assert.equal(byTitle(jaList, '顧客').note, '');
  assert.equal(byTitle(jaList, 'デバイス').value, want.join(' '));
  assert.deepEqual(ja.problems, []);
  await ja.context().close();
});

test("a day of the chart opens the alerts raised, or resolved, that day", async () => {
  const d = (await env.api.req('GET', `/api/v1/accounts/${env.acc}/dashboard`)).json;
  const day = [...d.alert_days].reverse().find((x) => x.raised > 0 && x.resolved > 0);
  assert.ok(day, 'the demo raised and resolved alerts on one day');
  const page = await signIn(env.browser, env.server, demoUsers.admin);
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  // The mouse: the day's raised bar.
  await page.locator(`a.chart-link[data-day="${day.day}"][data-kind="raised"]`).click();
  await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
  assert.match(page.url(), new RegExp(`raised=${day.day}`));
  const chip = page.locator('.filter-chip', { hasText: 'Raised on' });
  await chip.waitFor();
  await page.locator('main .alerts-table tbody tr').first().waitFor();
  assert.equal(await page.locator('main .alerts-table tbody tr').count(), day.raised);
  // Dropping the chip shows every day again.
  await chip.getByRole('button').click();
  await page.waitForURL((u) => !u.search.includes('raised='));
  assert.equal(await page.locator('.filter-chip', { hasText: 'Raised on' }).count(), 0);
  // The keyboard: the chart's figures are links too, shown while focused.
  await page.goBack();
  await page.goBack();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  const link = page.locator('.chart-table a').nth(d.alert_days.indexOf(day) * 2 + 1);
  await link.focus();
  assert.ok(await page.locator('.chart-table').isVisible(), 'the table shows while a figure has the focus');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
  await page.locator('.filter-chip', { hasText: 'Resolved on' }).waitFor();
  await page.locator('main .alerts-table tbody tr').first().waitFor();
  assert.equal(await page.locator('main .alerts-table tbody tr').count(), day.resolved);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an empty partner: every card says what it will count', async () => {
  const id = await env.server.ctl(['partner', 'add', '--db', '$DB', '--name', 'Blank Slate IT']);
  assert.equal(id.code, 0, id.stderr);
  const add = await env.server.ctl(['user', 'add', '--db', '$DB', '--email', 'owner@blankslate.example',
    '--password', 'blank-slate-owner-9', '--account', id.stdout.trim(), '--role', 'admin']);
  assert.equal(add.code, 0, add.stderr);
  const page = await signIn(env.browser, env.server, { email: 'owner@blankslate.example', password: 'blank-slate-owner-9' });
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  const list = await cards(page);
  assert.deepEqual(list.map((c) => [c.title, c.value, c.note]), [
    ['Customers', '0', 'Customers you add are counted here.'],
    ['Devices', '0 0 0', 'No devices are enrolled in this account yet.'],
    ['Open alerts', '0 0 0 0', 'No alert has been raised in this account.'],
    ['Ending soon', '0', 'No trial or subscription ends in the next 30 days.'],
  ]);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the operator: partners are counted without the empty sentence', async () => {
  const page = await signIn(env.browser, env.server, { email: 'operator@steward.example', password: 'steward-demo-operator' });
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  const list = await cards(page);
  const partners = byTitle(list, 'Partners');
  assert.ok(Number(partners.value) > 0);
  assert.equal(partners.note, '');
  const reviews = byTitle(list, 'Discount reviews');
  assert.ok(Number(reviews.value) > 0, 'the demo has an application waiting');
  assert.notEqual(reviews.note, 'No segment discount application is waiting for review.');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

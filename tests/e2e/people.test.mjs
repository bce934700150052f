// Browser tests of the account's people and its record: the Users page
// lists the account's users from the server with their roles (Global admin
// / viewer, Customer admin / viewer with the customers' names), status and
// last sign-in, and a role limited to chosen customers sees only its own
// access with a true sentence; the audit log filters, pages and downloads
// the account's events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoUsers } from '../lib/server.mjs';
import { signIn, demoSuite, shot } from './support.mjs';

const env = demoSuite();

test('the Users page lists the account\'s users with their roles, status and last sign-in', async () => {
  const { server, browser, api, acc } = env;
  const users = (await api.req('GET', `/api/v1/accounts/${acc}/users`)).json.users;
  assert.ok(users.length >= 4);
  const page = await signIn(browser, server, demoUsers.admin, { path: `/a/${acc}/users` });
  await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
  const table = page.getByRole('table', { name: 'Users' });
  await table.waitFor();
  assert.equal(await table.locator('tbody tr').count(), users.length);
  const row = (name) => table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name }) });
  assert.match(await row('Alex Morgan').innerText(), /admin@northwind\.example[\s\S]*Global admin[\s\S]*Active/);
  assert.match(await row('Sam Rivera').innerText(), /viewer@northwind\.example[\s\S]*Global viewer/);
  // A role limited to chosen customers names them.
  assert.match(await row('Priya Shah').innerText(), /Customer admin[\s\S]*Kookaburra Legal, 株式会社さくら精機/);
  await page.locator('.card-subtitle', { hasText: `${users.length} users` }).waitFor();
  // An admin over the whole account invites; no empty state.
  await page.getByRole('button', { name: 'Invite user' }).waitFor();
  // Nobody manages their own row.
  assert.equal(await row('Alex Morgan').getByRole('button', { name: /^Manage/ }).count(), 0);
  assert.doesNotMatch(await page.locator('main').innerText(), /No invited users|invitations/i);
  await shot(page, 'users-en.png');

  // Someone who never signed in reads "Never".
  await page.route(/\/api\/v1\/accounts\/[^/]+\/users(\?|$)/, async (route) => {
    const res = await route.fetch();
    const json = await res.json();
    json.users = json.users.map((u) => (u.email === 'viewer@northwind.example' ? { ...u, last_sign_in_at: null, status: 'suspended' } : u));
    json.users.push({ id: 'inv_test', email: 'new.hire@northwind.example', name: '', role: 'viewer', customer_ids: null,
      status: 'invited', created_at: new Date().toISOString(), last_sign_in_at: null });
    await route.fulfill({ response: res, json });
  });
  await page.reload();
  await table.waitFor();
  assert.match(await row('Sam Rivera').innerText(), /Suspended[\s\S]*Never/);
  // Someone invited and not signed up yet is not called active.
  assert.match(await row('new.hire@northwind.example').innerText(), /Global viewer[\s\S]*Invited[\s\S]*Never/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a customer admin sees their own access and a true sentence, not an empty table', async () => {
  const { server, browser, acc } = env;
  const page = await signIn(browser, server, demoUsers.tech, { path: `/a/${acc}/users` });
  await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
  const main = page.locator('main');
  await main.getByText('Your customers:').waitFor();
  const text = await main.innerText();
  assert.match(text, /Customer admin/);
  assert.match(text, /Your customers: Kookaburra Legal, 株式会社さくら精機/);
  assert.match(text, /Only members with a role in the whole of Northwind IT Services can see its list of users/);
  assert.equal(await main.locator('table').count(), 0);
  assert.doesNotMatch(text, /No invited users/);
  assert.equal(await page.getByRole('button', { name: 'Invite user' }).count(), 0);
  await shot(page, 'users-customer-admin-en.png');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the Users page in Japanese', async () => {
  const { server, browser, acc } = env;
  const page = await signIn(browser, server, demoUsers.tanaka, { path: `/a/${acc}/users` });
  await page.getByRole('heading', { level: 1, name: 'ユーザー' }).waitFor();
  const table = page.getByRole('table', { name: 'ユーザー' });
  await table.waitFor();
  const text = await table.innerText();
  for (const s of ['グローバル管理者', 'グローバル閲覧者', '顧客管理者', '有効']) assert.ok(text.includes(s), s);
  assert.match(text, /Kookaburra Legal、株式会社さくら精機/);
  await shot(page, 'users-ja.png');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the audit log: filters, paging with the shared Load more, CSV with the same filters, honest empty state', async () => {
  const { server, browser, acc } = env;
  const page = await signIn(browser, server, demoUsers.admin);
  const asked = [];
  // Small pages from the real server, to see Load more at work.
  await page.route(/\/api\/v1\/accounts\/[^/]+\/audit(\?|$)/, async (route) => {
    const u = new URL(route.request().url());
    asked.push(u.searchParams);
    if (u.searchParams.get('format') === 'csv') return route.fallback();
    u.searchParams.set('limit', '5');
    const res = await route.fetch({ url: u.toString() });
    await route.fulfill({ response: res });
  });
  await page.goto(`${server.url}/a/${acc}/audit`);
  await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
  const table = page.getByRole('table', { name: 'Events' });
  await table.locator('tbody tr').first().waitFor();
  assert.deepEqual(await table.locator('thead th').allInnerTexts(),
    ['Time', 'Customer', 'Event', 'Detail', 'Result', 'Who', 'IP address']);
  // The last 30 days unless changed, asked of the server as shown.
  const from = await page.getByLabel('From').inputValue();
  assert.match(from, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(asked[0].get('from'), from);
  const days = (Date.now() - Date.parse(from)) / 86400000;
  assert.ok(days > 29 && days < 32, String(days));
  assert.equal(await table.locator('tbody tr').count(), 5);
  await page.getByRole('button', { name: 'Load more' }).click();
  await page.waitForFunction(() => document.querySelectorAll('main tbody tr').length === 10);
  assert.ok(asked.some((q) => q.get('cursor')), 'the next page is asked with the cursor');
  // Sign-ins read as people say it.
  await page.getByRole('combobox', { name: 'Category', exact: true }).selectOption({ label: 'Sign-in' });
  await page.waitForFunction(() => [...document.querySelectorAll('main tbody tr')].length > 0 &&
    [...document.querySelectorAll('main tbody tr')].every((r) => /Sign-in/.test(r.innerText)));
  // Category under the event, origin under the result, the kind of actor under who.
  for (let i = 0; i < 100 && asked.at(-1).get('category') !== 'auth'; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(asked.at(-1).get('category'), 'auth');
  assert.match(await table.locator('tbody tr').first().innerText(), /Signed in\s+Sign-in[\s\S]*Succeeded\s+Console[\s\S]*User[\s\S]*127\.0\.0\.1/);
  await shot(page, 'audit-en.png');

  // The CSV link carries the same filters.
  const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
  const csvUrl = new URL(href, server.url);
  assert.equal(csvUrl.searchParams.get('format'), 'csv');
  assert.equal(csvUrl.searchParams.get('category'), 'auth');
  assert.equal(csvUrl.searchParams.get('from'), from);
  const csv = await page.evaluate(async (h) => { const r = await fetch(h); return { type: r.headers.get('content-type'), text: await r.text() }; }, href);
  assert.match(csv.type, /text\/csv/);
  assert.equal(csv.text.split(/\r?\n/)[0], 'at,customer_id,customer,category,event_type,detail,result,origin,actor,ip');

  // A customer and an IP address nobody used: the honest empty state.
  await page.getByRole('combobox', { name: 'Customer', exact: true }).selectOption({ label: 'Westbrook Academy' });
  await page.getByLabel('IP address').fill('203.0.113.99');
  await page.getByLabel('IP address').press('Enter');
  await page.getByText('No events match these filters.').waitFor();
  const last = asked.at(-1);
  assert.equal(last.get('ip'), '203.0.113.99');
  assert.match(last.get('customer_id'), /^cus_/);

  // A filter the server refuses is shown under that filter.
  await page.unroute(/\/api\/v1\/accounts\/[^/]+\/audit(\?|$)/);
  await page.route(/\/api\/v1\/accounts\/[^/]+\/audit(\?|$)/, (route) => route.fulfill({
    status: 422, contentType: 'application/json',
    json: { error: { code: 'validation_failed', message: 'Enter an IP address such as 203.0.113.7.', field: 'ip' } },
  }));
  await page.getByLabel('IP address').fill('not-an-ip');
  await page.getByLabel('IP address').press('Enter');
  await page.locator('#audit-ip-error').getByText('Enter an IP address such as 203.0.113.7.').waitFor();
  assert.equal(await page.getByLabel('IP address').getAttribute('aria-invalid'), 'true');
  await page.unroute(/\/api\/v1\/accounts\/[^/]+\/audit(\?|$)/);
  await page.getByRole('button', { name: 'Reset filters' }).click();
  await table.locator('tbody tr').first().waitFor();
  assert.equal(await page.locator('#audit-ip-error').isHidden(), true);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the audit log in Japanese', async () => {
  const { server, browser, acc } = env;
  const page = await signIn(browser, server, demoUsers.tanaka, { path: `/a/${acc}/audit` });
  await page.getByRole('heading', { level: 1, name: '監査ログ' }).waitFor();
  const table = page.getByRole('table', { name: 'イベント' });
  await table.locator('tbody tr').first().waitFor();
  const text = await page.locator('main').innerText();
  for (const s of ['開始日', 'すべてのカテゴリ', 'CSVをダウンロード', 'サインイン', '成功']) assert.ok(text.includes(s), s);
  await shot(page, 'audit-ja.png');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an admin invites someone for chosen customers, withdraws it, and manages another user', async () => {
  const { server, browser, acc } = env;
  const page = await signIn(browser, server, demoUsers.admin, { path: `/a/${acc}/users` });
  const table = page.getByRole('table', { name: 'Users' });
  await table.waitFor();
  const row = (name) => table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name }) });
  await page.getByRole('button', { name: 'Invite user' }).click();
  const dlg = page.getByRole('dialog', { name: 'Invite a user' });
  await dlg.waitFor();
  // Checked here first: an address, at least one customer.
  await dlg.getByRole('button', { name: 'Send invitation' }).click();
  await dlg.locator('[data-field$="-email"] .field-error:not([hidden])').waitFor();
  await dlg.getByLabel('E-mail', { exact: true }).fill('admin@northwind.example');
  await dlg.getByRole('button', { name: 'Send invitation' }).click();
  // The server's already_member under the e-mail field.
  await dlg.locator('[data-field$="-email"] .field-error:not([hidden])').waitFor();
  assert.equal(await dlg.getByLabel('E-mail', { exact: true }).getAttribute('aria-invalid'), 'true');
  await dlg.getByLabel('E-mail', { exact: true }).fill('new.tech@northwind.example');
  await dlg.getByLabel('Role').selectOption('admin');
  await dlg.getByLabel('Chosen customers').check();
  await dlg.getByRole('button', { name: 'Send invitation' }).click();
  await dlg.getByText('Choose at least one customer.').waitFor();
  await dlg.getByLabel('Find customers').fill('kooka');
  await dlg.getByRole('checkbox', { name: 'Kookaburra Legal' }).check();
  await dlg.getByText('1 customer chosen').waitFor();
  await dlg.getByLabel('Language of the e-mail').selectOption('ja');
  await shot(page, 'users-invite-en.png');
  await dlg.getByRole('button', { name: 'Send invitation' }).click();
  await page.getByText('An invitation is on its way to new.tech@northwind.example; it is valid for 48 hours.').waitFor();
  await dlg.waitFor({ state: 'detached' });
  await row('new.tech@northwind.example').waitFor();
  assert.match(await row('new.tech@northwind.example').innerText(), /Customer admin[\s\S]*Kookaburra Legal[\s\S]*Invited/);

  // Withdraw it.
  await row('new.tech@northwind.example').getByRole('button', { name: 'Manage new.tech@northwind.example' }).click();
  await page.getByRole('menuitem', { name: 'Withdraw invitation' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Withdraw invitation' }).click();
  await page.getByText('The invitation to new.tech@northwind.example has been withdrawn.').waitFor();
  await row('new.tech@northwind.example').waitFor({ state: 'detached' });

  // Suspend and reactivate Sam Rivera, with the keyboard.
  const manage = row('Sam Rivera').getByRole('button', { name: 'Manage Sam Rivera' });
  await manage.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('menuitem', { name: 'Suspend' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Change role or access');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Suspend' }).click();
  await page.getByText('Sam Rivera is suspended.').waitFor();
  await page.waitForFunction(() => /Suspended/.test([...document.querySelectorAll('main tbody tr')].find((r) => /Sam Rivera/.test(r.innerText))?.innerText || ''));
  await row('Sam Rivera').getByRole('button', { name: 'Manage Sam Rivera' }).click();
  await page.getByRole('menuitem', { name: 'Reactivate' }).click();
  await page.getByText('Sam Rivera is active again.').waitFor();
  // The list is drawn again after the change: act on the new row.
  await page.waitForFunction(() => !/Suspended/.test([...document.querySelectorAll('main tbody tr')].find((r) => /Sam Rivera/.test(r.innerText))?.innerText || 'Suspended'));

  // Change the role; a server refusal is shown as the server words it.
  await row('Sam Rivera').getByRole('button', { name: 'Manage Sam Rivera' }).click();
  await page.getByRole('menuitem', { name: 'Change role or access' }).click();
  const ch = page.getByRole('dialog', { name: 'Change role or access' });
  await page.route(/\/users\/[^/]+$/, (route) => (route.request().method() === 'PATCH'
    ? route.fulfill({ status: 409, contentType: 'application/json', json: { error: { code: 'last_admin', message: 'The account keeps at least one admin.' } } })
    : route.fallback()), { times: 1 });
  await ch.getByRole('button', { name: 'Save changes' }).click();
  await ch.getByText('The account keeps at least one admin.').waitFor();
  await ch.getByLabel('Role').selectOption('admin');
  await ch.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Sam Rivera\'s role has been changed.').waitFor();
  await page.waitForFunction(() => /Global admin/.test([...document.querySelectorAll('main tbody tr')].find((r) => /Sam Rivera/.test(r.innerText))?.innerText || ''));
  // And back.
  await row('Sam Rivera').getByRole('button', { name: 'Manage Sam Rivera' }).click();
  await page.getByRole('menuitem', { name: 'Change role or access' }).click();
  await ch.getByLabel('Role').selectOption('viewer');
  await ch.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForFunction(() => /Global viewer/.test([...document.querySelectorAll('main tbody tr')].find((r) => /Sam Rivera/.test(r.innerText))?.innerText || ''));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a viewer sees no invitation or row menus; the invite dialog on a phone', async () => {
  const { server, browser, acc } = env;
  const page = await signIn(browser, server, demoUsers.viewer, { path: `/a/${acc}/users` });
  await page.getByRole('table', { name: 'Users' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Invite user' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: /^Manage/ }).count(), 0);
  await page.context().close();
  const phone = await signIn(browser, server, demoUsers.admin, { path: `/a/${acc}/users`, width: 390, height: 844 });
  await phone.getByRole('button', { name: 'Invite user' }).click();
  const dlg = phone.getByRole('dialog', { name: 'Invite a user' });
  await dlg.getByLabel('Chosen customers').check();
  const w = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= 390, String(w));
  await shot(phone, 'users-invite-390.png');
  assert.deepEqual(phone.problems, []);
  await phone.context().close();
});

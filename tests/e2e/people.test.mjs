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
  assert.match(await page.getByText('4 users').innerText(), /4 users/);
  // Nothing that does not work yet: no invitation controls, no empty state.
  assert.equal(await page.getByRole('button', { name: /invite/i }).count(), 0);
  assert.doesNotMatch(await page.locator('main').innerText(), /No invited users|invitations/i);
  await shot(page, 'users-en.png');

  // Someone who never signed in reads "Never".
  await page.route(/\/api\/v1\/accounts\/[^/]+\/users(\?|$)/, async (route) => {
    const res = await route.fetch();
    const json = await res.json();
    json.users = json.users.map((u) => (u.email === 'viewer@northwind.example' ? { ...u, last_sign_in_at: null, status: 'suspended' } : u));
    await route.fulfill({ response: res, json });
  });
  await page.reload();
  await table.waitFor();
  assert.match(await row('Sam Rivera').innerText(), /Suspended[\s\S]*Never/);
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

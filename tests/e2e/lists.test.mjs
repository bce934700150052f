// Browser tests of the one list contract ({"<things>": [...], "next_cursor"}):
// with the server's answers cut into small pages, the console reads whole
// lists to the end (global policies, the partner's subscriptions), and the
// OMS search's Load more sends the cursor of the page before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoUsers } from '../lib/server.mjs';
import { signIn, demoSuite } from './support.mjs';

const env = demoSuite();

// Answers GETs of the list at path (a RegExp of the path) SIZE items at a
// time, with next_cursor "p<offset>"; returns the query strings asked for.
const SIZE = 2;
async function cutIntoPages(page, path, key) {
  const asked = [];
  await page.route((u) => path.test(u.pathname), async (route) => {
    if (route.request().method() !== 'GET') return route.fallback();
    const u = new URL(route.request().url());
    asked.push(u.search);
    const start = Number((u.searchParams.get('cursor') || 'p0').slice(1));
    u.searchParams.delete('cursor');
    const res = await route.fetch({ url: u.toString() });
    const json = await res.json();
    const all = json[key];
    json[key] = all.slice(start, start + SIZE);
    json.next_cursor = start + SIZE < all.length ? 'p' + (start + SIZE) : null;
    await route.fulfill({ response: res, json });
  });
  return asked;
}

test('whole lists are read page by page to the end', async () => {
  const { server, browser, api, acc } = env;
  const policies = (await api.req('GET', `/api/v1/accounts/${acc}/policies`)).json.policies;
  const subs = (await api.req('GET', `/api/v1/accounts/${acc}/subscriptions`)).json.subscriptions;
  assert.ok(policies.length > SIZE && subs.length > SIZE, 'the demo has more than one page of each');
  const page = await signIn(browser, server, demoUsers.admin);
  const askedPolicies = await cutIntoPages(page, /\/accounts\/[^/]+\/policies$/, 'policies');
  const askedSubs = await cutIntoPages(page, /\/accounts\/[^/]+\/subscriptions$/, 'subscriptions');

  await page.goto(`${server.url}/a/${acc}/policies`);
  await page.getByRole('heading', { level: 1, name: 'Policies' }).waitFor();
  await page.getByText(`${policies.length} policies`).waitFor();
  assert.equal(await page.locator('main tbody tr').count(), policies.length);
  assert.ok(askedPolicies.some((q) => q.includes(`cursor=p${SIZE}`)), askedPolicies.join(' '));
  assert.equal(await page.getByRole('button', { name: 'Load more' }).count(), 0);

  await page.goto(`${server.url}/a/${acc}/subscriptions`);
  await page.getByRole('heading', { level: 1, name: 'Subscriptions' }).waitFor();
  await page.getByText(`${subs.length} subscriptions`).waitFor();
  assert.equal(await page.locator('main tbody tr').count(), subs.length);
  assert.ok(askedSubs.length >= Math.ceil(subs.length / SIZE), askedSubs.join(' '));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the OMS search goes on with the cursor of the page before', async () => {
  const { server, browser, api, acc } = env;
  const eligible = (await api.req('GET', `/api/v1/accounts/${acc}/oms/records?limit=200`)).json.records.length;
  assert.ok(eligible > SIZE);
  const page = await signIn(browser, server, demoUsers.admin);
  // Small pages from the real server; note what was asked and answered.
  const asked = [], cursors = [];
  await page.route((u) => u.pathname.endsWith('/oms/records'), async (route) => {
    const u = new URL(route.request().url());
    u.searchParams.set('limit', String(SIZE));
    asked.push(u.search);
    const res = await route.fetch({ url: u.toString() });
    const json = await res.json();
    cursors.push(json.next_cursor);
    await route.fulfill({ response: res, json });
  });
  await page.getByRole('button', { name: '+ Customer' }).first().click();
  const drawer = page.getByRole('dialog', { name: 'Create Customer' });
  await drawer.getByRole('radio', { name: 'Create from OMS' }).check();
  await drawer.getByRole('button', { name: 'Select from OMS' }).click();
  const picker = page.getByRole('dialog', { name: 'Select from OMS' });
  await picker.getByText(`${eligible} results found`).waitFor();
  await picker.getByText(`${SIZE} of ${eligible} shown`).waitFor();
  await picker.getByRole('button', { name: 'Load more' }).click();
  await picker.getByText(`${2 * SIZE} of ${eligible} shown`).waitFor();
  assert.equal(await picker.locator('tbody tr').count(), 2 * SIZE);
  const first = cursors.find(Boolean);
  assert.ok(first, 'the server answered with a next_cursor');
  assert.ok(asked.some((q) => q.includes(`cursor=${first}`)), asked.join(' '));
  assert.ok(asked.every((q) => !q.includes('offset=')), asked.join(' '));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the customer list sorts by name, country and creation date from its headers, pages on, and opens a customer from anywhere on its row', async () => {
  const { server, browser, api, acc } = env;
  const all = (await api.req('GET', `/api/v1/accounts/${acc}/customers?limit=100&sort=-country`)).json.customers;
  const page = await signIn(browser, server, demoUsers.admin, { path: `/a/${acc}/customers` });
  const asked = [];
  await page.route(/\/api\/v1\/accounts\/[^/]+\/customers(\?|$)/, async (route) => {
    const u = new URL(route.request().url());
    if (!u.searchParams.get('limit') || Number(u.searchParams.get('limit')) > 100) return route.fallback();
    asked.push(u.searchParams);
    u.searchParams.set('limit', String(SIZE));
    await route.fulfill({ response: await route.fetch({ url: u.toString() }) });
  });
  await page.reload();
  const table = page.getByRole('table', { name: 'All customers' });
  await table.locator('tbody tr').first().waitFor();
  const header = (name) => table.getByRole('columnheader', { name });
  // The header turns at once; its request may reach the route a moment later.
  const askedFor = async (sort) => {
    for (let i = 0; i < 100 && asked.at(-1)?.get('sort') !== sort; i++) await new Promise((r) => setTimeout(r, 50));
  };
  assert.equal(await header('Customer').getAttribute('aria-sort'), 'ascending');
  assert.equal(await header('Country').getAttribute('aria-sort'), null);

  // With the keyboard: Country, then Country again for the other way.
  await header('Country').getByRole('button', { name: 'Country' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('th[aria-sort="ascending"]')?.textContent.includes('Country'));
  await askedFor('country');
  assert.equal(asked.at(-1).get('sort'), 'country');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.sort), 'country', 'focus stays on the header');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('th[aria-sort="descending"]')?.textContent.includes('Country'));
  await askedFor('-country');
  assert.equal(asked.at(-1).get('sort'), '-country');
  assert.equal(await header('Customer').getAttribute('aria-sort'), null);
  const names = async () => table.locator('tbody th .cell-link').allInnerTexts();
  // The header turns at once; the rows follow when the page arrives.
  await page.waitForFunction((want) => JSON.stringify([...document.querySelectorAll('main tbody th .cell-link')]
    .map((a) => a.textContent.trim())) === want, JSON.stringify(all.slice(0, SIZE).map((c) => c.company)));
  assert.deepEqual(await names(), all.slice(0, SIZE).map((c) => c.company));
  // The shared Load more goes on in the same order.
  await page.getByRole('button', { name: 'Load more' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('main tbody tr').length === n, 2 * SIZE);
  assert.deepEqual(await names(), all.slice(0, 2 * SIZE).map((c) => c.company));
  assert.equal(asked.at(-1).get('sort'), '-country');
  assert.ok(asked.at(-1).get('cursor'));
  await page.getByRole('button', { name: 'Created' }).click();
  await page.waitForFunction(() => document.querySelector('th[aria-sort="ascending"]')?.textContent.includes('Created'));
  await askedFor('created');
  assert.equal(asked.at(-1).get('sort'), 'created');

  // The search also finds phone numbers, and says so.
  const search = page.locator('#customer-search');
  assert.match(await search.getAttribute('placeholder'), /phone/);
  await search.fill('089 1234567');
  await page.waitForFunction(() => document.querySelectorAll('main tbody tr').length === 1);
  assert.deepEqual(await names(), ['Westbrook Academy']);
  assert.equal(asked.at(-1).get('q'), '089 1234567');

  // A click anywhere on the row opens the customer; the name stays a real link.
  const row = table.locator('tbody tr').first();
  assert.match(await row.getByRole('link', { name: 'Westbrook Academy' }).getAttribute('href'), /\/customers\/cus_/);
  await row.locator('td').nth(2).click();
  await page.getByRole('heading', { level: 1, name: 'Westbrook Academy' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

// Browser test of deletion with retention: an admin deletes a customer by
// typing its name (the button waits for the exact name), finds it under
// Deleted customers with its purge date, and restores it; a site deleted
// from the Sites tab is listed under it with its purge date and restored;
// the customers list in Japanese on a phone; a viewer sees neither Delete
// nor Restore.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoUsers } from '../lib/server.mjs';
import { launch, signIn, shot, apiAs, partnerId } from './support.mjs';

let server, browser, api, acc, cust;
const COMPANY = 'Harbourside Bakery Ltd';

before(async () => {
  server = await startServer();
  browser = await launch();
  api = await apiAs(server, demoUsers.admin);
  acc = await partnerId(api);
  const r = await api.req('POST', `/api/v1/accounts/${acc}/customers`, {
    source: 'new', email: 'owner@harbourside.example', contact_person: 'Grace Hopper', phone: '+44 20 7946 0321',
    company: COMPANY, industry: 'retail', website: 'harbourside.example', street: '1 Quay Street',
    postal_code: 'BS1 4DJ', city: 'Bristol', country: 'GB', segment_discount: null,
    management: { mode: 'local', template: 'workstation' },
  });
  assert.equal(r.status, 201, r.text);
  cust = r.json.customer;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('an admin deletes a customer by typing its name, sees it in Deleted customers and restores it', async () => {
  const page = await signIn(browser, server, demoUsers.admin, { path: `/a/${acc}/customers/${cust.id}` });
  await page.getByRole('heading', { level: 1, name: COMPANY }).waitFor();
  await page.getByRole('button', { name: 'Delete customer' }).click();
  const dialog = page.getByRole('dialog', { name: `Delete ${COMPANY}?` });
  await dialog.waitFor();
  const text = await dialog.innerText();
  assert.match(text, /subscriptions are cancelled/);
  assert.match(text, /told to uninstall/);
  const until = new Intl.DateTimeFormat('en-US', { dateStyle: 'long' }).format(new Date(Date.now() + 30 * 86400e3));
  assert.ok(text.includes(`restore it until ${until}`), text);
  const confirm = dialog.getByRole('button', { name: 'Delete customer' });
  const input = dialog.getByLabel(`Type the company name to confirm: ${COMPANY}`);
  assert.equal(await confirm.isDisabled(), true);
  await input.fill(COMPANY.toLowerCase());
  assert.equal(await confirm.isDisabled(), true, 'a name that is not exact keeps the button disabled');
  await input.fill(COMPANY);
  assert.equal(await confirm.isDisabled(), false);
  await shot(page, 'delete-customer-dialog.png');
  await confirm.click();

  // Deleted customers: the customer, who deleted it and its purge date.
  await page.getByRole('heading', { level: 1, name: 'Deleted customers' }).waitFor();
  const row = page.locator('tbody tr', { hasText: COMPANY });
  await row.waitFor();
  const purge = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' })
    .format(new Date(Date.now() + 30 * 86400e3));
  const rowText = await row.innerText();
  assert.ok(rowText.includes(demoUsers.admin.email), rowText);
  assert.ok(rowText.includes(purge) || rowText.includes(new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' })
    .format(new Date(Date.now() + 30 * 86400e3))), `${rowText} has ${purge}`);
  assert.match(await page.locator('main').innerText(), /Cancelled subscriptions stay cancelled/);
  await shot(page, 'deleted-customers.png');

  // Gone from the customers list.
  assert.equal((await api.req('GET', `/api/v1/accounts/${acc}/customers/${cust.id}`)).status, 404);

  // Restore it: it leaves the list and is a customer again.
  await row.getByRole('button', { name: `Restore ${COMPANY}` }).click();
  await page.getByText(`${COMPANY} is back in your customers.`).waitFor();
  await page.locator('tbody tr', { hasText: COMPANY }).waitFor({ state: 'detached' });
  assert.equal((await api.req('GET', `/api/v1/accounts/${acc}/customers/${cust.id}`)).status, 200);

  // The Customers page leads here, and the customer is listed again.
  await page.goto(`${server.url}/a/${acc}/customers`);
  await page.getByRole('link', { name: 'Deleted customers' }).waitFor();
  await page.locator('main').getByRole('link', { name: COMPANY }).waitFor();
  await page.close();
});

test('a site deleted from the Sites tab is listed under Deleted sites with its purge date and restored', async () => {
  const made = await api.req('POST', `/api/v1/accounts/${acc}/customers/${cust.id}/sites`, { name: 'Quay store' });
  assert.equal(made.status, 201, made.text);
  const page = await signIn(browser, server, demoUsers.admin, { path: `/a/${acc}/customers/${cust.id}?tab=sites` });
  await page.getByRole('rowheader', { name: 'Quay store' }).waitFor();
  await page.getByRole('button', { name: 'Actions for Quay store' }).click();
  await page.getByRole('menuitem', { name: 'Delete site' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete Quay store?' });
  assert.match(await dialog.innerText(), /restore the site for 30 days/);
  await dialog.getByLabel('Type Quay store to confirm').fill('Quay store');
  await dialog.getByRole('button', { name: 'Delete site' }).click();
  const gone = page.getByRole('table', { name: `Deleted sites of ${COMPANY}` });
  const row = gone.locator('tbody tr', { hasText: 'Quay store' });
  await row.waitFor();
  const purge = (tz) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', ...tz }).format(new Date(Date.now() + 30 * 86400e3));
  const rowText = await row.innerText();
  assert.ok(rowText.includes(purge({ timeZone: 'UTC' })) || rowText.includes(purge({})), `${rowText} has its purge date`);
  assert.ok(rowText.includes(demoUsers.admin.email), rowText);
  assert.equal(await page.getByRole('table', { name: `Sites of ${COMPANY}`, exact: true }).count(), 0, 'no live sites left');
  await shot(page, 'deleted-sites.png');
  await row.getByRole('button', { name: 'Restore Quay store' }).click();
  await page.getByText('The site Quay store is back, with its exclusions and installer.').waitFor();
  await page.getByRole('table', { name: `Sites of ${COMPANY}`, exact: true }).getByRole('rowheader', { name: 'Quay store' }).waitFor();
  assert.equal(await gone.count(), 0);
  assert.deepEqual(page.problems, []);
  await page.close();

  // A viewer sees deleted sites without Restore.
  assert.equal((await api.req('DELETE', `/api/v1/accounts/${acc}/customers/${cust.id}/sites/${made.json.id}`,
    { confirm_name: 'Quay store' })).status, 204);
  const viewer = await signIn(browser, server, demoUsers.viewer, { path: `/a/${acc}/customers/${cust.id}?tab=sites` });
  await viewer.getByRole('table', { name: `Deleted sites of ${COMPANY}` }).getByText('Quay store').waitFor();
  assert.equal(await viewer.getByRole('button', { name: 'Restore Quay store' }).count(), 0);
  await viewer.close();
});

test('Japanese on a phone: the deleted customers list; a viewer has no Delete and no Restore', async () => {
  const gone = (await api.req('POST', `/api/v1/accounts/${acc}/customers`, {
    source: 'new', email: 'it@kaigan.example', contact_person: '山田 花子', phone: '+81 3-1234-5678',
    company: '海岸ベーカリー株式会社', industry: 'retail', website: 'kaigan.example', street: '千代田1-1',
    postal_code: '100-0001', city: '千代田区', country: 'JP', segment_discount: null,
    management: { mode: 'local', template: 'workstation' },
  })).json.customer;
  assert.equal((await api.req('DELETE', `/api/v1/accounts/${acc}/customers/${gone.id}`,
    { confirm_name: '海岸ベーカリー株式会社' })).status, 204);

  const ja = await signIn(browser, server, demoUsers.tanaka, { path: `/a/${acc}/deleted-customers`, width: 390, height: 844 });
  await ja.getByRole('heading', { level: 1, name: '削除した顧客' }).waitFor();
  await ja.getByText('海岸ベーカリー株式会社').waitFor();
  assert.match(await ja.locator('main').innerText(), /解約したサブスクリプションは解約されたまま/);
  assert.equal(await ja.evaluate(() => document.documentElement.scrollWidth <= 390), true);
  await shot(ja, 'deleted-customers-ja-390.png');
  await ja.close();

  const viewer = await signIn(browser, server, demoUsers.viewer, { path: `/a/${acc}/deleted-customers` });
  await viewer.getByText('海岸ベーカリー株式会社').waitFor();
  assert.equal(await viewer.getByRole('button', { name: /Restore/ }).count(), 0);
  await viewer.goto(`${server.url}/a/${acc}/customers/${cust.id}`);
  await viewer.getByRole('heading', { level: 1, name: COMPANY }).waitFor();
  assert.equal(await viewer.getByRole('button', { name: 'Delete customer' }).count(), 0);
  await viewer.close();
});

test('creating a customer with a deleted customer\'s e-mail offers the restore, in the drawer and the OMS picker', async () => {
  // 海岸ベーカリー was deleted by the test above and is still restorable.
  const page = await signIn(browser, server, demoUsers.admin, { path: `/a/${acc}/customers` });
  await page.getByRole('button', { name: '+ Customer' }).click();
  const drawer = page.getByRole('dialog', { name: 'Create Customer' });
  await drawer.waitFor();
  await drawer.getByRole('textbox', { name: 'Email' }).fill('it@kaigan.example');
  const callout = drawer.locator('.callout', { hasText: 'This customer was deleted' });
  await callout.waitFor();
  const until = new Intl.DateTimeFormat('en-US', { dateStyle: 'long' }).format(new Date(Date.now() + 30 * 86400e3));
  const text = await callout.innerText();
  assert.ok(text.includes('海岸ベーカリー株式会社') && text.includes(until), text);
  await shot(page, 'create-email-deleted-en.png');
  await callout.getByRole('link', { name: 'Deleted customers' }).click();
  await page.getByRole('heading', { level: 1, name: 'Deleted customers' }).waitFor();
  await page.locator('tbody tr', { hasText: '海岸ベーカリー株式会社' }).waitFor();
  await page.close();
});

test('a company console is deleted from its Settings by typing its name and restored from the profile', async () => {
  const owner = await apiAs(server, demoUsers.admin);
  const made = await owner.req('POST', '/api/v1/companies', { name: 'Northwind Home Office', region: 'GB' });
  assert.equal(made.status, 201, made.text);
  const company = made.json.account.id;
  const page = await signIn(browser, server, demoUsers.admin, { path: `/a/${company}/settings` });
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  await page.getByRole('button', { name: 'Delete company console' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete Northwind Home Office?' });
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /Everyone loses access to this console at once/);
  const confirm = dialog.getByRole('button', { name: 'Delete company console' });
  assert.equal(await confirm.isDisabled(), true);
  await dialog.getByLabel('Type the console’s name to confirm: Northwind Home Office').fill('Northwind Home Office');
  await confirm.click();
  // The profile lists it with Restore.
  await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
  const card = page.locator('.account-row', { hasText: 'Northwind Home Office' });
  await card.getByRole('button', { name: 'Restore Northwind Home Office' }).waitFor();
  assert.equal((await owner.req('GET', `/api/v1/accounts/${company}`)).status, 404);
  await shot(page, 'deleted-company-profile.png');
  const seen = page.waitForFunction(() => [...document.querySelectorAll('.toast-message')]
    .some((p) => p.textContent === 'Northwind Home Office is restored.'), null, { polling: 50 });
  await card.getByRole('button', { name: 'Restore Northwind Home Office' }).click();
  await seen;
  await page.waitForURL(`**/a/${company}`);
  assert.equal((await owner.req('GET', `/api/v1/accounts/${company}`)).status, 200);
  assert.deepEqual(page.problems, []);
  await page.close();
});

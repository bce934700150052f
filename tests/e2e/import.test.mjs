// Browser tests of Import on the Customers page (SPEC §10 "Bulk
// onboarding"): the template, a file with a bad row whose problem is shown
// by line and column, the fixed file's dry run, the import itself with its
// toast and the new customers in the list; hidden for viewers; Japanese; a
// 390px phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { demoUsers } from '../lib/server.mjs';
import { signIn, shot, demoSuite } from './support.mjs';
import { overflowProblems } from './layout-checks.mjs';

const env = demoSuite();

const HEADER = 'email,contact_person,phone,company,industry,website,street,postal_code,city,country';
const file = (rows) => ({ name: 'new-customers.csv', mimeType: 'text/csv', buffer: Buffer.from([HEADER, ...rows].join('\r\n') + '\r\n') });
const fjord = 'it@fjord-shipping.example,Ingrid Berg,+47 22 12 34 56,"Fjord Shipping, AS",transportation,fjord-shipping.example,Karl Johans gate 1,0154,Oslo,NO';
const kita = 'soumu@kita-kogyo.example,北 一郎,011-234-5678,北工業株式会社,manufacturing,kita-kogyo.example,中央区北1条西2丁目,060-0001,札幌市,JP';

async function openImport(page) {
  await page.goto(`${env.server.url}/a/${env.acc}/customers`);
  await page.getByRole('table', { name: 'All customers' }).waitFor();
  await page.getByRole('button', { name: 'Import' }).click();
  const drawer = page.getByRole('dialog', { name: 'Import customers from CSV' });
  await drawer.waitFor();
  return drawer;
}

test('a bad row is shown by line and column, fixed, then imported; the list and a toast show the result', async () => {
  const page = await signIn(env.browser, env.server, demoUsers.admin);
  const drawer = await openImport(page);
  const before = (await env.api.req('GET', `/api/v1/accounts/${env.acc}/customers?limit=1`)).json.total;

  // The template holds the header row the server reads.
  const link = drawer.getByRole('button', { name: 'Download the template' });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.equal(download.suggestedFilename(), 'steward-customers.csv');
  const template = readFileSync(await download.path(), 'utf8');
  assert.match(template, /^\ufeff?email,contact_person,phone,company,industry,website,street,postal_code,city,country,segment_discount,policy_template\r\n$/);

  // A file whose second row has an unknown industry: nothing can be imported.
  await drawer.getByLabel('CSV file').setInputFiles(file([fjord, kita.replace('manufacturing', 'robots')]));
  const problems = drawer.getByRole('table', { name: 'Problems by line of the file' });
  await problems.waitFor();
  await drawer.getByText('1 problem in new-customers.csv').waitFor();
  const cells = await problems.locator('tbody tr').first().locator('th, td').allInnerTexts();
  assert.deepEqual(cells.slice(0, 2), ['3', 'industry']);
  assert.match(cells[2], /Must be one of/);
  assert.equal(await drawer.getByRole('button', { name: 'Import' }).isDisabled(), true);
  assert.equal((await env.api.req('GET', `/api/v1/accounts/${env.acc}/customers?limit=1`)).json.total, before);
  await shot(page, 'import-problems.png');

  // Fixed: the dry run says what will happen; Import does it.
  await drawer.getByLabel('CSV file').setInputFiles(file([fjord, kita]));
  await drawer.getByText('2 customers will be created.').waitFor();
  assert.equal(await problems.count(), 0);
  await drawer.getByRole('button', { name: 'Import 2 customers' }).click();
  await page.locator('.toast', { hasText: '2 customers created.' }).waitFor();
  await drawer.waitFor({ state: 'detached' });
  const table = page.getByRole('table', { name: 'All customers' });
  await table.getByRole('link', { name: 'Fjord Shipping, AS' }).waitFor();
  await table.getByRole('link', { name: '北工業株式会社' }).waitFor();
  assert.equal((await env.api.req('GET', `/api/v1/accounts/${env.acc}/customers?limit=1`)).json.total, before + 2);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the keyboard reaches everything; Escape closes', async () => {
  const page = await signIn(env.browser, env.server, demoUsers.admin);
  const drawer = await openImport(page);
  const focused = () => page.evaluate(() => document.activeElement?.textContent.trim() || document.activeElement?.getAttribute('aria-label'));
  assert.equal(await focused(), 'Download the template');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.type), 'file');
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });
  assert.equal(await focused(), 'Import');
  await page.context().close();
});

test('viewers and technicians limited to some customers have no Import', async () => {
  for (const user of [demoUsers.viewer, demoUsers.tech]) {
    const page = await signIn(env.browser, env.server, user);
    await page.goto(`${env.server.url}/a/${env.acc}/customers`);
    await page.locator('.page-title').waitFor();
    await page.getByRole('table', { name: 'All customers' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Import' }).count(), 0, user.email);
    await page.context().close();
  }
});

test('in Japanese, on a 390px phone', async () => {
  const page = await signIn(env.browser, env.server, demoUsers.tanaka, { width: 390, height: 844, locale: 'ja-JP' });
  await page.goto(`${env.server.url}/a/${env.acc}/customers`);
  await page.getByRole('table', { name: 'すべての顧客' }).waitFor();
  await page.getByRole('button', { name: 'インポート' }).click();
  const drawer = page.getByRole('dialog', { name: 'CSVから顧客をインポート' });
  await drawer.waitFor();
  await drawer.getByLabel('CSVファイル').setInputFiles(file([fjord.replace('it@', 'ops@'), 'x@y.example,Only,Three']));
  await drawer.getByText('new-customers.csvに1件の問題があります').waitFor();
  const row = await drawer.getByRole('table').locator('tbody tr').first().innerText();
  assert.match(row, /3/);
  assert.match(row, /行全体/);
  assert.match(row, /ヘッダーと同じ10列/);
  // Measured while the drawer may still be sliding in: the transform leaves
  // sub-pixel noise in the width, so a drawer wider than the phone is one at
  // least half a pixel over.
  const box = await drawer.boundingBox();
  assert.ok(box.width < 390.5, `drawer ${box.width}px wide`);
  assert.deepEqual(await page.evaluate(overflowProblems), []);
  await shot(page, 'import-phone-ja.png');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

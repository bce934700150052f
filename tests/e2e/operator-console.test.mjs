// Browser tests of the operator console's partners, service catalogue and
// application details: an operator admin adds a partner (its first admin
// invited by e-mail; the server's field messages under the fields), opens a
// partner's page by its row (mouse and keyboard) with its figures, flexible
// billing and paged discount history, keeps the service catalogue (adding,
// changing a price that applies from tomorrow, the price history), and
// opens an application's details in the review queue to approve it there.
// Operator viewers see all of it and change nothing. Also in Japanese.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoUsers } from '../lib/server.mjs';
import { launch, signIn, shot, apiAs, partnerId } from './support.mjs';
import { overflowProblems, japaneseBreakProblems } from './layout-checks.mjs';

const operatorUser = { email: 'operator@steward.example', password: 'steward-demo-operator' };
const opViewer = { email: 'night-desk@steward.example', password: 'night-desk-passphrase' };
let server, browser, op, opAcc, partners;

const partnerNamed = (name) => partners.find((p) => p.name === name);
const utcDay = (offset = 0) => new Date(Date.parse(new Date().toISOString().slice(0, 10)) + offset * 86400000).toISOString().slice(0, 10);
const longDay = (ymd, lang = 'en') => new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(ymd + 'T00:00:00Z'));

before(async () => {
  server = await startServer();
  browser = await launch();
  op = await apiAs(server, operatorUser);
  opAcc = (await op.req('GET', '/api/v1/accounts')).json.accounts[0].id;
  partners = (await op.req('GET', '/api/v1/operator/partners')).json.partners;
  const r = await server.ctl(['user', 'add', '--db', '$DB', '--email', opViewer.email, '--password', opViewer.password,
    '--account', opAcc, '--role', 'viewer']);
  assert.equal(r.code, 0, r.stderr);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('an operator admin adds a partner: field messages from the server, a true confirmation, the new row', async () => {
  const page = await signIn(browser, server, operatorUser, { path: `/a/${opAcc}/partners` });
  await page.getByRole('heading', { level: 1, name: 'Partners' }).waitFor();
  await page.locator('.page-actions').getByRole('button', { name: '+ Partner' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a partner' });
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /first admin is invited by e-mail with a link valid for 48 hours/);
  // Nothing typed: said beside the fields before anything is sent.
  await dialog.getByRole('button', { name: 'Add partner' }).click();
  assert.equal(await dialog.locator('#partner-name-error').innerText(), 'This field is required.');
  assert.equal(await dialog.locator('#partner-admin-email-error').innerText(), 'This field is required.');
  // An address only the server refuses: its message under the field.
  await dialog.getByLabel('Partner name').fill('Fjord Secure AS');
  await dialog.getByLabel('First admin’s e-mail').fill('boss@-fjord-.example');
  await dialog.getByLabel('Language of the invitation e-mail').selectOption('ja');
  await dialog.getByRole('button', { name: 'Add partner' }).click();
  await dialog.locator('#partner-admin-email-error:not([hidden])').waitFor();
  assert.equal(await dialog.locator('#partner-admin-email-error').innerText(), 'Enter a valid e-mail address, such as name@example.com.');
  assert.equal(await dialog.getByLabel('First admin’s e-mail').getAttribute('aria-invalid'), 'true');
  assert.equal((await op.req('GET', '/api/v1/operator/partners')).json.partners.length, partners.length, 'nothing was written');
  await shot(page, 'operator-add-partner-error-en.png');

  await dialog.getByLabel('First admin’s e-mail').fill('boss@fjord-secure.example');
  await dialog.getByRole('button', { name: 'Add partner' }).click();
  await dialog.waitFor({ state: 'detached' });
  const notice = page.locator('.page-notice');
  await notice.getByText('Fjord Secure AS added').waitFor();
  const text = await notice.innerText();
  assert.match(text, /An invitation is on its way to boss@fjord-secure\.example; it is valid for 48 hours, until /);
  const row = page.locator('main tbody tr', { hasText: 'Fjord Secure AS' });
  await row.waitFor();
  assert.match(await row.innerText(), /Fjord Secure AS\s+0\s+0\s+Off/);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Fjord Secure AS');
  await page.locator('.site-pane').getByRole('link', { name: 'Fjord Secure AS' }).waitFor();
  await shot(page, 'operator-partner-added-en.png');

  // The server has it, with its first admin invited in Japanese.
  const added = (await op.req('GET', '/api/v1/operator/partners')).json.partners.find((p) => p.name === 'Fjord Secure AS');
  assert.equal(added.flexible_billing, false);
  const outbox = (await op.req('GET', '/api/v1/operator/outbox')).json.messages;
  const mail = outbox.find((m) => m.recipient === 'boss@fjord-secure.example');
  assert.equal(mail.language, 'ja');
  assert.deepEqual(page.problems, []);
});

test('a partner\'s page: opened by its row or the keyboard, with its figures, billing switch and paged discount history', async () => {
  // Enough applications for Northwind to need a second page of its history.
  const admin = await apiAs(server, demoUsers.admin);
  const acc = await partnerId(admin);
  for (let i = 0; i < 26; i++) {
    const r = await admin.req('POST', `/api/v1/accounts/${acc}/customers`, {
      source: 'new', email: `office${i}@school-${i}.example`, contact_person: 'Ada Byron', phone: '+44 20 7946 0958',
      company: `School ${String(i).padStart(2, '0')}`, industry: 'education', website: `school-${i}.example`,
      street: '1 College Road', postal_code: 'SW1A 1AA', city: 'London', country: 'GB', segment_discount: 'education',
      management: { mode: 'local', template: 'workstation' },
    });
    assert.equal(r.status, 201, r.text);
  }
  const northwind = partnerNamed('Northwind IT Services');
  const all = (await op.req('GET', `/api/v1/operator/discount-applications?partner_id=${northwind.id}&status=all&limit=500`)).json.applications;
  assert.ok(all.length > 25);

  const page = await signIn(browser, server, operatorUser, { path: `/a/${opAcc}/partners` });
  await page.getByRole('heading', { level: 1, name: 'Partners' }).waitFor();
  // A click anywhere on the row (here: its customer count) opens the partner.
  await page.locator('main tbody tr', { hasText: 'Kestrel Public Sector IT' }).locator('td').first().click();
  await page.getByRole('heading', { level: 1, name: 'Kestrel Public Sector IT' }).waitFor();
  assert.equal(new URL(page.url()).pathname, `/a/${opAcc}/partners/${partnerNamed('Kestrel Public Sector IT').id}`);
  const details = await page.locator('.details').innerText();
  assert.match(details, /Flexible billing\s+Off[\s\S]*Customers\s+2\s+Waiting reviews\s+2 · Open the review queue\s+Created\s+\w+ \d+, \d{4}/);
  const history = page.locator('main table').last();
  assert.match(await history.innerText(), /Riverbend County Council\s+Government\s+\w+ \d+, \d{4}\s+\w+ \d+, \d{4} Overdue\s+Pending review\s+Waiting for a decision/);
  await shot(page, 'operator-partner-kestrel-en.png');

  // The keyboard: back to the list, Tab to Northwind's link, Enter.
  await page.goBack();
  await page.getByRole('heading', { level: 1, name: 'Partners' }).waitFor();
  const link = page.locator('main tbody').getByRole('link', { name: 'Northwind IT Services' });
  await link.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Northwind IT Services' }).waitFor();
  assert.match(await page.locator('.details').innerText(), /Flexible billing\s+On[\s\S]*Customers\s+\d+/);
  // 25 a page, then "Load more" with the rest; the first new row gets focus.
  const rows = page.locator('main table.history-table tbody tr');
  assert.equal(await rows.count(), 25);
  await page.getByRole('button', { name: 'Load more' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('main table.history-table tbody tr').length === n, all.length);
  assert.equal(await page.evaluate(() => document.activeElement.closest('tr') === document.querySelectorAll('main table.history-table tbody tr')[25]), true);
  assert.equal(await page.getByRole('button', { name: 'Load more' }).count(), 0);
  // The decided one reads with who, when, the percentage and the note.
  assert.match(await rows.filter({ hasText: 'Hope Harbour Foundation' }).innerText(), /Approved\s+\S+[\s\S]*\d{4}\s+25%/);

  // Flexible billing from the partner's page.
  await page.getByRole('switch', { name: 'Flexible billing for Northwind IT Services' }).click({ force: true });
  await page.getByText('Flexible billing is off for Northwind IT Services.').waitFor();
  assert.equal((await op.req('GET', `/api/v1/operator/partners/${northwind.id}`)).json.partner.flexible_billing, false);
  await page.getByRole('switch', { name: 'Flexible billing for Northwind IT Services' }).click({ force: true });
  await page.getByText('Flexible billing is on for Northwind IT Services.').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('role')), 'switch');
  assert.deepEqual(page.problems, []);
});

test('the service catalogue: add, change a price (from tomorrow), and the price history', async () => {
  const page = await signIn(browser, server, operatorUser, { path: `/a/${opAcc}` });
  await page.locator('.nav').getByRole('link', { name: 'Services' }).click();
  await page.getByRole('heading', { level: 1, name: 'Services' }).waitFor();
  const table = page.locator('main table');
  assert.match(await table.innerText(), /Premium Business Security\s+premium_business\s+30 days · 25 seats\s+€0\.09\s+10/);

  // Adding: the client's checks, then the server's (a key in use).
  await page.locator('.page-actions').getByRole('button', { name: '+ Service' }).click();
  let dialog = page.getByRole('dialog', { name: 'Add a service' });
  await dialog.getByLabel('Key').fill('Cloud Backup');
  await dialog.getByLabel('Name').fill('Mail Security');
  await dialog.getByLabel('Price per seat per day').fill('0,05');
  await dialog.getByRole('button', { name: 'Add service' }).click();
  assert.equal(await dialog.locator('#svc-key-error').innerText(), 'Use 2 to 40 lower-case letters, digits and underscores.');
  assert.equal(await dialog.locator('#svc-price-error').innerText(), 'Enter a price such as 0.10 (at most six decimals).');
  await dialog.getByLabel('Key').fill('cloud_backup');
  await dialog.getByLabel('Price per seat per day').fill('0.05');
  await dialog.getByRole('button', { name: 'Add service' }).click();
  await dialog.locator('#svc-key-error:not([hidden])').waitFor();
  assert.ok((await dialog.locator('#svc-key-error').innerText()).length > 0);
  await dialog.getByLabel('Key').fill('mail_security');
  await dialog.getByLabel('Trial length (days)').fill('14');
  await dialog.getByRole('button', { name: 'Add service' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByText('Mail Security added to the catalogue.').waitFor();
  assert.match(await table.locator('tr', { hasText: 'mail_security' }).innerText(), /Mail Security\s+mail_security\s+14 days · 25 seats\s+€0\.05\s+60/);
  const added = (await op.req('GET', '/api/v1/services')).json.services.find((s) => s.key === 'mail_security');
  assert.deepEqual({ ...added }, { key: 'mail_security', name: 'Mail Security', trial_days: 14, trial_seats: 25, price: '0.05', currency: 'EUR', position: 60 });

  // A new price: the dialog says it applies from tomorrow, today billed at the old one.
  await page.getByRole('button', { name: 'Edit Premium Business Security' }).click();
  dialog = page.getByRole('dialog', { name: 'Edit Premium Business Security' });
  await dialog.getByLabel('Price per seat per day').fill('0.11');
  const tomorrow = utcDay(1), today = utcDay(0);
  assert.equal(await dialog.locator('.price-note').innerText(),
    `The new price, €0.11, applies from tomorrow, ${longDay(tomorrow)} (UTC). Today, ${longDay(today)}, is still billed at €0.09.`);
  await shot(page, 'operator-service-edit-en.png');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByText(`Premium Business Security saved. The new price, €0.11, applies from ${longDay(tomorrow)} (UTC); until then the old price is billed.`).waitFor();
  assert.match(await table.locator('tr', { hasText: 'premium_business' }).innerText(), /€0\.11 from \w+ \d+, \d{4}\s+€0\.09 until then/);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.edit), 'premium_business');

  // The price history, newest first, the coming price "from" its day.
  await page.getByRole('button', { name: 'Price history of Premium Business Security' }).click();
  const drawer = page.getByRole('dialog', { name: 'Price history of Premium Business Security' });
  await drawer.locator('tbody tr').first().waitFor();
  const lines = await drawer.locator('tbody tr').allInnerTexts();
  assert.equal(lines.length, 2);
  assert.match(lines[0], new RegExp(`^From ${longDay(tomorrow)}\\s+Scheduled\\s+€0\\.11\\s+EUR\\s+\\w+ \\d+, \\d{4}`));
  assert.match(lines[1], /^\w+ \d+, \d{4}\s+Current\s+€0\.09\s+EUR/);
  const prices = (await op.req('GET', '/api/v1/operator/services/premium_business/prices')).json.prices;
  assert.deepEqual(prices.map((p) => [p.effective_on, p.price]), [[tomorrow, '0.11'], [prices[1].effective_on, '0.09']]);
  await shot(page, 'operator-price-history-en.png');
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });
  assert.deepEqual(page.problems, []);
});

test('an application\'s details in the review queue, approved from there; opened from a partner\'s history too', async () => {
  const page = await signIn(browser, server, operatorUser, { path: `/a/${opAcc}/discounts` });
  await page.getByRole('heading', { level: 1, name: 'Discount reviews' }).waitFor();
  await page.locator('.review-table').getByRole('button', { name: '北風学園' }).click();
  const drawer = page.getByRole('dialog', { name: 'Discount application of 北風学園' });
  await drawer.locator('.details').waitFor();
  assert.match(await drawer.locator('.details').innerText(),
    /Partner\s+Kestrel Public Sector IT\s+Customer\s+北風学園\s+Segment\s+Education\s+Applied at\s+.+\s+Due\s+\w+ \d+, \d{4}\s+Status\s+Pending review/);
  await shot(page, 'operator-application-details-en.png');
  await drawer.getByRole('button', { name: 'Approve' }).click();
  const confirm = page.getByRole('dialog', { name: 'Approve the discount for 北風学園?' });
  await confirm.getByLabel('Note to the partner').fill('School registry checked.');
  await confirm.getByRole('button', { name: 'Approve' }).click();
  await page.getByText('Discount for 北風学園 approved.').waitFor();
  await drawer.locator('.details', { hasText: 'Approved' }).waitFor();
  assert.match(await drawer.locator('.details').innerText(),
    /Status\s+Approved\s+Decided by\s+Jordan Lee\s+Decided at\s+.+\d{4}.+\s+Discount\s+20% off\s+Note to the partner\s+School registry checked\./);
  assert.equal(await drawer.getByRole('button', { name: 'Approve' }).count(), 0);
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });

  // From the partner's history: the queue opens with the details.
  const kestrel = partnerNamed('Kestrel Public Sector IT').id;
  await page.goto(`${server.url}/a/${opAcc}/partners/${kestrel}`);
  await page.locator('main tbody').getByRole('link', { name: 'Riverbend County Council' }).click();
  const other = page.getByRole('dialog', { name: 'Discount application of Riverbend County Council' });
  await other.locator('.details').waitFor();
  assert.match(await other.locator('.details').innerText(), /Due\s+\w+ \d+, \d{4} Overdue/);
  // Its partner link leaves the queue for the partner's page.
  await other.getByRole('link', { name: 'Kestrel Public Sector IT' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kestrel Public Sector IT' }).waitFor();
  // The drawer closes (it leaves the page after its 160 ms fade).
  await page.locator('.drawer-layer').waitFor({ state: 'detached' });
  assert.deepEqual(page.problems, []);
});

test('an operator viewer sees partners, services and applications but no way to change them', async () => {
  const page = await signIn(browser, server, opViewer, { path: `/a/${opAcc}/partners` });
  await page.getByRole('heading', { level: 1, name: 'Partners' }).waitFor();
  assert.equal(await page.getByRole('button', { name: '+ Partner' }).count(), 0);
  assert.equal(await page.getByRole('switch', { name: 'Flexible billing for Kestrel Public Sector IT' }).isDisabled(), true);
  await page.locator('.nav').getByRole('link', { name: 'Services' }).click();
  await page.getByRole('heading', { level: 1, name: 'Services' }).waitFor();
  assert.equal(await page.getByRole('button', { name: '+ Service' }).count(), 0);
  assert.equal(await page.locator('[data-edit]').count(), 0);
  assert.ok(await page.getByRole('button', { name: 'Price history of Cloud Backup' }).count());
  await page.locator('.nav').getByRole('link', { name: 'Discount reviews' }).click();
  await page.locator('.review-table').getByRole('button', { name: 'Riverbend County Council' }).click();
  const drawer = page.getByRole('dialog', { name: 'Discount application of Riverbend County Council' });
  await drawer.getByText('An operator admin approves or rejects this application.').waitFor();
  assert.equal(await drawer.getByRole('button', { name: /Approve|Reject/ }).count(), 0);
  assert.deepEqual(page.problems, []);
});

test('in Japanese: the services, the partner\'s page and the add dialog, laid out at 1280px and on a phone', async () => {
  await op.req('PATCH', '/api/v1/me', { language: 'ja' });
  try {
    for (const width of [1280, 390]) {
      const page = await signIn(browser, server, operatorUser, { path: `/a/${opAcc}/services`, width, height: width < 600 ? 844 : 900 });
      await page.getByRole('heading', { level: 1, name: 'サービス' }).waitFor();
      assert.match(await page.locator('main table').innerText(), /Premium Business Security[\s\S]*30日間・25シート/);
      assert.deepEqual([...await page.evaluate(overflowProblems), ...await page.evaluate(japaneseBreakProblems, '.main')], []);
      await shot(page, `operator-services-ja-${width}.png`);
      await page.goto(`${server.url}/a/${opAcc}/partners/${partnerNamed('Kestrel Public Sector IT').id}`);
      await page.getByRole('heading', { level: 2, name: '割引の履歴' }).waitFor();
      assert.match(await page.locator('.details').innerText(), /フレキシブル課金[\s\S]*審査キューを開く/);
      assert.deepEqual([...await page.evaluate(overflowProblems), ...await page.evaluate(japaneseBreakProblems, '.main')], []);
      await shot(page, `operator-partner-ja-${width}.png`);
      await page.goto(`${server.url}/a/${opAcc}/partners`);
      await page.locator('.page-actions').getByRole('button', { name: '+ パートナー' }).click();
      const dialog = page.getByRole('dialog', { name: 'パートナーの追加' });
      await dialog.getByLabel('パートナー名').waitFor();
      assert.equal(await dialog.getByLabel('招待メールの言語').inputValue(), 'ja');
      await shot(page, `operator-add-partner-ja-${width}.png`);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    }
  } finally {
    await op.req('PATCH', '/api/v1/me', { language: 'en' });
  }
});

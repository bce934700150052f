// Browser tests of the operator console: a partner applies for a segment
// discount in the Create Customer drawer, the operator approves it in the
// review queue (overdue ones highlighted, decided ones kept with who and
// when), and the partner sees "Approved" with the percentage and the note.
// Also: rates, flexible billing, the e-mail page, Japanese, and that
// partners have no operator pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoUsers } from '../lib/server.mjs';
import { launch, signIn, shot, apiAs, partnerId } from './support.mjs';

const operatorUser = { email: 'operator@steward.example', password: 'steward-demo-operator' };
let server, browser, api, op, acc, opAcc;

before(async () => {
  server = await startServer();
  browser = await launch();
  api = await apiAs(server, demoUsers.admin);
  acc = await partnerId(api);
  op = await apiAs(server, operatorUser);
  opAcc = (await op.req('GET', '/api/v1/accounts')).json.accounts[0].id;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('partner applies, the operator approves in the console, the partner sees "Approved"', async () => {
  // The partner: a new customer applying for the nonprofit discount.
  const partner = await signIn(browser, server, demoUsers.admin);
  await partner.getByRole('button', { name: '+ Customer' }).first().click();
  const drawer = partner.getByRole('dialog', { name: 'Create customer' });
  await drawer.getByRole('textbox', { name: 'Email' }).fill('office@seaside-foodbank.example');
  await drawer.getByText("There's no OMS record with this email, you can continue").waitFor();
  await drawer.getByRole('textbox', { name: 'Primary contact person', exact: true }).fill('Ruth Ellis');
  await drawer.getByRole('textbox', { name: 'Phone', exact: true }).fill('+44 20 7946 0958');
  await drawer.getByRole('textbox', { name: 'Company', exact: true }).fill('Seaside Food Bank');
  await drawer.getByRole('combobox', { name: 'Industry' }).selectOption('nonprofit');
  await drawer.getByRole('textbox', { name: 'Website', exact: true }).fill('seaside-foodbank.example');
  await drawer.getByRole('textbox', { name: 'Street', exact: true }).fill('4 Harbour Road');
  await drawer.getByRole('textbox', { name: 'Postal code', exact: true }).fill('BN1 1AA');
  await drawer.getByRole('textbox', { name: 'City', exact: true }).fill('Brighton');
  const country = drawer.getByRole('combobox', { name: 'Country' });
  await country.click();
  await partner.keyboard.type('united kingdom');
  await partner.keyboard.press('Enter');
  await drawer.getByLabel('Apply for segment discount').check();
  await drawer.getByRole('combobox', { name: 'Segment discount' }).selectOption('nonprofit');
  await drawer.getByLabel('Global Test Policy').check();
  await drawer.getByRole('button', { name: 'Create', exact: true }).click();
  await partner.getByRole('heading', { level: 1, name: 'Seaside Food Bank' }).waitFor();
  assert.match(await partner.locator('.header-badges').innerText(), /Pending review · due/);
  const customerUrl = partner.url();

  // The operator: its own console, the queue sorted by due date, overdue highlighted.
  const page = await signIn(browser, server, operatorUser);
  assert.match(await page.locator('#account-switcher').innerText(), /Operator/);
  const nav = await page.locator('.nav').innerText();
  for (const label of ['Dashboard', 'Discount reviews', 'Partners', 'E-mail']) assert.match(nav, new RegExp(label));
  assert.doesNotMatch(nav, /Customers|Policies/);
  await page.getByRole('link', { name: 'Discount reviews' }).click();
  await page.getByRole('heading', { level: 1, name: 'Discount reviews' }).waitFor();
  const rows = page.locator('.review-table tbody tr');
  const companies = await rows.locator('th .cell-text').allInnerTexts();
  assert.ok(companies.includes('Seaside Food Bank'));
  assert.equal(companies[0], 'Riverbend County Council', 'the overdue one first');
  const overdue = rows.filter({ hasText: 'Riverbend County Council' });
  assert.match(await overdue.getAttribute('class'), /row-overdue/);
  assert.match(await overdue.innerText(), /Overdue/);
  assert.match(await page.locator('.card-subtitle').first().innerText(), /waiting · 1 overdue/);
  const row = rows.filter({ hasText: 'Seaside Food Bank' });
  assert.match(await row.innerText(), /Northwind IT Services[\s\S]*Not for Profit/);
  await shot(page, 'operator-reviews-en.png');

  await row.getByRole('button', { name: 'Approve' }).click();
  const dialog = page.getByRole('dialog', { name: 'Approve the discount for Seaside Food Bank?' });
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /Not for Profit rate in force, 25%/);
  await dialog.getByLabel('Note to the partner').fill('Registered charity 1098765; welcome!');
  await shot(page, 'operator-approve-en.png');
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await page.getByText('Discount for Seaside Food Bank approved.').waitFor();
  await dialog.waitFor({ state: 'detached' });
  // It leaves the waiting list and stays among the decided, with who and when.
  await rows.filter({ hasText: 'Seaside Food Bank' }).waitFor({ state: 'detached' });
  await page.getByRole('radio', { name: 'Decided' }).check();
  const decided = page.locator('.review-table tbody tr').filter({ hasText: 'Seaside Food Bank' });
  assert.match(await decided.innerText(), /Approved[\s\S]*25% off[\s\S]*By Jordan Lee on[\s\S]*Registered charity 1098765/);
  await shot(page, 'operator-decided-en.png');

  // The partner sees the decision on the customer.
  await partner.goto(customerUrl);
  await partner.getByRole('heading', { level: 1, name: 'Seaside Food Bank' }).waitFor();
  assert.match(await partner.locator('.header-badges').innerText(), /Approved/);
  const card = await partner.locator('.discount-card').innerText();
  assert.match(card, /Approved on .*: 25% off this customer’s pay-as-you-go pricing/);
  assert.match(card, /Registered charity 1098765; welcome!/);
  await shot(partner, 'customer-discount-approved-en.png');
  assert.deepEqual(partner.problems, []);
  assert.deepEqual(page.problems, []);
});

test('rates, partners\' flexible billing and the e-mail outbox in the operator console', async () => {
  const page = await signIn(browser, server, operatorUser);
  await page.getByRole('link', { name: 'Discount reviews' }).click();
  const rate = page.getByRole('spinbutton', { name: 'Education' });
  await rate.fill('120');
  await rate.press('Enter');
  assert.equal(await page.locator('#rate-education-error').innerText(), 'Enter a whole number from 0 to 100.');
  await rate.fill('30');
  await rate.press('Enter');
  await page.getByText('Education discount set to 30%.').waitFor();
  const rates = (await op.req('GET', '/api/v1/operator/segment-rates')).json.rates;
  assert.equal(rates.find((r) => r.segment === 'education').percent, 30);

  await page.locator('.nav').getByRole('link', { name: 'Partners' }).click();
  await page.getByRole('heading', { level: 1, name: 'Partners' }).waitFor();
  const toggle = page.getByRole('switch', { name: 'Flexible billing for Blue Harbor Managed Services' });
  const before = await toggle.isChecked();
  await toggle.click({ force: true });
  await page.getByText(`Flexible billing is ${before ? 'off' : 'on'} for Blue Harbor Managed Services.`).waitFor();
  const partners = (await op.req('GET', '/api/v1/operator/partners')).json.partners;
  assert.equal(partners.find((p) => p.name === 'Blue Harbor Managed Services').flexible_billing, !before);
  await shot(page, 'operator-partners-en.png');

  // No SMTP server in this run: the messages wait, and the page says why.
  await page.getByRole('link', { name: 'E-mail' }).click();
  await page.getByRole('heading', { level: 1, name: 'E-mail' }).waitFor();
  await page.getByText('E-mail is not being sent').waitFor();
  assert.match(await page.locator('[data-stat="waiting"]').innerText(), /Waiting\s+\d+/);
  assert.match(await page.locator('tbody').innerText(), /admin@northwind\.example[\s\S]*Segment discount/);
  await shot(page, 'operator-mail-en.png');
  assert.deepEqual(page.problems, []);
});

test('Japanese operator console, and partners have no operator pages', async () => {
  await op.req('PATCH', '/api/v1/me', { language: 'ja' });
  try {
    const page = await signIn(browser, server, operatorUser);
    await page.getByRole('link', { name: '割引の審査' }).click();
    await page.getByRole('heading', { level: 1, name: '割引の審査' }).waitFor();
    const text = await page.locator('.page').innerText();
    for (const s of ['審査キュー', '期限切れ', '割引率', '教育']) assert.ok(text.includes(s), s);
    await page.getByRole('radio', { name: '決定済み' }).check();
    assert.match(await page.locator('.review-table').innerText(), /Hope Harbour Foundation[\s\S]*承認/);
    await shot(page, 'operator-reviews-ja.png');
    await page.getByRole('link', { name: 'メール' }).click();
    await page.getByText('メールは送信されていません').waitFor();
    await shot(page, 'operator-mail-ja.png');
    assert.deepEqual(page.problems, []);
  } finally {
    await op.req('PATCH', '/api/v1/me', { language: 'en' });
  }
  const partner = await signIn(browser, server, demoUsers.admin);
  assert.doesNotMatch(await partner.locator('.nav').innerText(), /Discount reviews|E-mail/);
  await partner.goto(`${server.url}/a/${acc}/discounts`);
  await partner.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  // The operator's own pages are not the partner's either.
  await partner.goto(`${server.url}/a/${opAcc}/discounts`);
  await partner.locator('.page-title').waitFor();
  assert.doesNotMatch(await partner.locator('.page').innerText(), /Review queue/);
});

test('rejecting a discount needs a note: the dialog says so, checks it before sending, and shows the server\'s 422', async () => {
  const page = await signIn(browser, server, operatorUser);
  await page.getByRole('link', { name: 'Discount reviews' }).click();
  const row = page.locator('.review-table tbody tr').filter({ hasText: 'Riverbend County Council' });
  await row.getByRole('button', { name: 'Reject' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reject the discount for Riverbend County Council?' });
  await dialog.waitFor();
  const note = dialog.getByRole('textbox', { name: 'Note to the partner' });
  // Said before sending: required, and why.
  assert.equal(await note.getAttribute('aria-required'), 'true');
  assert.match(await dialog.innerText(), /Required: say why\. The partner’s admins are e-mailed it/);
  assert.doesNotMatch(await dialog.innerText(), /\(optional\)/i);
  const sent = [];
  page.on('request', (r) => { if (r.url().includes('/decision')) sent.push(r.postData()); });
  await note.fill('   ');
  await dialog.getByRole('button', { name: 'Reject' }).click();
  const error = dialog.locator('#decision-note-error');
  await error.waitFor();
  assert.match(await error.innerText(), /Write why the application is rejected/);
  assert.equal(await note.getAttribute('aria-invalid'), 'true');
  assert.match(await note.getAttribute('aria-describedby'), /decision-note-error/);
  assert.deepEqual(sent, [], 'nothing is sent without a note');
  await note.fill('Not');
  assert.equal(await error.isHidden(), true, 'the message goes once the note is typed');

  // The server's own 422 naming the note lands under the field.
  await page.route('**/decision', (route) => route.fulfill({
    status: 422, contentType: 'application/json',
    json: { error: { code: 'validation_failed', message: 'A rejection needs a note.', field: 'note', fields: { note: 'A rejection needs a note for the partner.' } } },
  }));
  await dialog.getByRole('button', { name: 'Reject' }).click();
  await dialog.getByText('A rejection needs a note for the partner.').waitFor();
  assert.equal(await note.getAttribute('aria-invalid'), 'true');
  await page.unroute('**/decision');

  await note.fill('The council is not registered as a public body in our records.');
  await shot(page, 'operator-reject-note-en.png');
  await dialog.getByRole('button', { name: 'Reject' }).click();
  await page.getByText('Discount for Riverbend County Council rejected.').waitFor();
  const apps = (await op.req('GET', '/api/v1/operator/discount-applications?status=all')).json.applications;
  const decided = apps.find((x) => x.customer.company === 'Riverbend County Council');
  assert.equal(decided.status, 'rejected');
  assert.equal(decided.note, 'The council is not registered as a public body in our records.');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

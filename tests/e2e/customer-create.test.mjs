// Browser tests of the Create Customer drawer (SPEC §3): both creation modes,
// the three outcomes of the live e-mail check, client and server validation
// beside the fields, the country picker, the segment discount, Select from
// OMS with its search and table, all three management choices (global
// policies, a template, a copied local policy picked in the tree with the
// keyboard), the landing page, the site selection pane and the dashboard
// showing the new customer at once, and closing with unsaved input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoUsers } from '../lib/server.mjs';
import { launch, signIn, shot, apiAs, partnerId } from './support.mjs';

let server, browser, api, acc;

before(async () => {
  server = await startServer();
  browser = await launch();
  api = await apiAs(server, demoUsers.admin);
  acc = await partnerId(api);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function customerByCompany(company) {
  const r = await api.req('GET', `/api/v1/accounts/${acc}/customers?q=${encodeURIComponent(company)}`);
  return r.json.customers.find((c) => c.company === company);
}

async function openDrawer(page) {
  await page.getByRole('button', { name: '+ Customer' }).click();
  const drawer = page.getByRole('dialog', { name: 'Create Customer' });
  await drawer.waitFor();
  return drawer;
}

const inDrawer = (page) => page.evaluate(() => !!document.activeElement?.closest('[role="dialog"]'));

test('create new: the e-mail check opens the form, errors show beside fields, global policies, landing page', async () => {
  const page = await signIn(browser, server, demoUsers.admin);
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  assert.equal(await page.locator('.stat-card').first().locator('.stat-value').innerText(), '6');
  const drawer = await openDrawer(page);

  // The article's texts, and the form closed until the e-mail is checked
  // (the global policies' list arrives after the drawer opens).
  await drawer.getByText('Select which global policies to assign to this customer:').waitFor();
  const text = await drawer.innerText();
  for (const s of ['How would you like to create this customer?', 'Create new customer',
    'Customers created here will also be available in OMS.', "We'll check for duplicates in OMS records",
    'How would you like to manage this customer?',
    'Choose whether to use global or local policies to manage this customer',
    'Select which global policies to assign to this customer:',
    "Once you create this customer, you'll be able to subscribe to our services, redeem an activation code, or start a trial on this customer's Subscriptions page."]) {
    assert.ok(text.includes(s), s);
  }
  assert.equal(await drawer.getByRole('radio', { name: 'Create new' }).isChecked(), true);
  assert.equal(await drawer.getByRole('radio', { name: 'Create from OMS' }).isChecked(), false);
  assert.equal(await drawer.getByRole('radio', { name: 'Manage with global policies' }).isChecked(), true);
  assert.equal(await drawer.getByRole('textbox', { name: 'Primary contact person', exact: true }).isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'cc-email');
  await shot(page, 'create-drawer-en.png');

  await drawer.getByRole('textbox', { name: 'Email' }).fill('ada@lovelace-analytics.example');
  await drawer.getByText("There's no OMS record with this email, you can continue").waitFor();
  for (const label of ['Primary contact person', 'Phone', 'Company', 'Website', 'Street', 'Postal code', 'City']) {
    assert.equal(await drawer.getByRole('textbox', { name: label, exact: true }).isVisible(), true, label);
  }
  for (const label of ['Industry', 'Country']) {
    assert.equal(await drawer.getByRole('combobox', { name: label, exact: true }).isVisible(), true, label);
  }
  await shot(page, 'create-new-free-en.png');

  // Nothing filled in: every required field says so, without a request.
  await drawer.getByRole('button', { name: 'Create', exact: true }).click();
  assert.equal(await page.locator('#cc-contact_person-error').innerText(), 'This field is required.');
  assert.equal(await page.locator('#cc-industry-error').innerText(), 'This field is required.');
  assert.equal(await page.locator('#cc-country-error').innerText(), 'This field is required.');
  assert.equal(await page.locator('#cc-manage-error').innerText(), 'Select at least one global policy.');
  assert.equal(await drawer.getByRole('textbox', { name: 'Primary contact person', exact: true }).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'cc-contact_person');
  assert.equal((await customerByCompany('Lovelace Analytics')), undefined);

  await drawer.getByRole('textbox', { name: 'Primary contact person', exact: true }).fill('Ada Lovelace');
  assert.equal(await page.locator('#cc-contact_person-error').isVisible(), false, 'typing clears the message');
  await drawer.getByRole('textbox', { name: 'Phone', exact: true }).fill('12');
  await drawer.getByRole('textbox', { name: 'Company', exact: true }).fill('Lovelace Analytics');
  await drawer.getByRole('combobox', { name: 'Industry' }).selectOption({ label: 'IT and telecommunications' });
  await drawer.getByRole('textbox', { name: 'Website', exact: true }).fill('lovelace-analytics.example');
  await drawer.getByRole('textbox', { name: 'Street', exact: true }).fill('1-1-1 Marunouchi');
  await drawer.getByRole('textbox', { name: 'Postal code', exact: true }).fill('ABC');
  await drawer.getByRole('textbox', { name: 'City', exact: true }).fill('Chiyoda-ku, Tokyo');
  // The country picker is a combobox: type, arrow, Enter.
  const country = drawer.getByRole('combobox', { name: 'Country' });
  await country.click();
  await page.keyboard.type('japa');
  assert.equal(await country.getAttribute('aria-expanded'), 'true');
  assert.deepEqual(await page.getByRole('listbox', { name: 'Country' }).getByRole('option').allInnerTexts(), ['Japan']);
  await page.keyboard.press('Enter');
  assert.equal(await country.inputValue(), 'Japan');
  assert.equal(await country.getAttribute('aria-expanded'), 'false');

  // The segment discount: its select is required once the box is ticked.
  await drawer.getByLabel('Apply for segment discount').check();
  await drawer.getByText('can take up to 5 business days').waitFor();
  await drawer.getByLabel('Global Test Policy').check();
  await drawer.getByLabel('Standard Servers').check();
  assert.equal(await drawer.locator('.choice-card .badge-accent').count(), 2, 'one default per platform');
  await drawer.getByRole('button', { name: 'Create', exact: true }).click();
  assert.equal(await page.locator('#cc-segment-error').innerText(), 'Choose the segment to apply for.');
  await drawer.getByRole('combobox', { name: 'Segment discount' }).selectOption('education');

  // The server's answers land beside the phone and the postal code.
  await drawer.getByRole('button', { name: 'Create', exact: true }).click();
  await page.locator('#cc-phone-error').waitFor();
  assert.match(await page.locator('#cc-phone-error').innerText(), /valid phone number/);
  assert.match(await page.locator('#cc-postal_code-error').innerText(), /postal code in this country's format/);
  assert.equal(await drawer.getByRole('textbox', { name: 'Phone', exact: true }).getAttribute('aria-invalid'), 'true');
  assert.equal(await drawer.getByRole('textbox', { name: 'Postal code', exact: true }).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#cc-company-error').isVisible(), false);
  assert.equal(await customerByCompany('Lovelace Analytics'), undefined, 'nothing stored');
  await shot(page, 'create-validation-en.png');

  await drawer.getByRole('textbox', { name: 'Phone', exact: true }).fill('03-1234-5678');
  await drawer.getByRole('textbox', { name: 'Postal code', exact: true }).fill('100-0005');
  await drawer.getByRole('button', { name: 'Create', exact: true }).click();
  // The toast first: it lasts five seconds.
  await page.getByText('“Lovelace Analytics” has been created.').waitFor();

  // The landing page: the new customer, its Subscriptions tab, its details.
  await page.waitForURL(new RegExp(`/a/${acc}/customers/cus_[a-z0-9]+$`));
  await page.getByRole('heading', { level: 1, name: 'Lovelace Analytics' }).waitFor();
  await drawer.waitFor({ state: 'detached' });
  assert.equal(await page.getByRole('tab', { name: /Subscriptions/ }).getAttribute('aria-selected'), 'true');
  await page.getByRole('tabpanel').getByText('No subscriptions yet').waitFor();
  const details = await page.locator('.details-card').innerText();
  assert.match(details, /Ada Lovelace/);
  assert.match(details, /\+81 3-1234-5678/);
  assert.match(details, /Japan/);
  assert.match(details, /IT and telecommunications/);
  assert.match(details, /Global policies/);
  assert.match(await page.locator('.header-badges').innerText(), /Pending review · due/);
  const stored = await customerByCompany('Lovelace Analytics');
  assert.equal(stored.phone, '+81312345678');
  assert.equal(stored.website, 'https://lovelace-analytics.example');
  assert.equal(stored.management.mode, 'global');
  const full = (await api.req('GET', `/api/v1/accounts/${acc}/customers/${stored.id}`)).json.customer;
  assert.equal(full.segment_discount.status, 'pending');
  assert.equal(full.segment_discount.segment, 'education');

  // Policies tab: both global policies, each the default of its platform.
  await page.getByRole('tab', { name: /Policies/ }).click();
  const rows = page.getByRole('tabpanel').locator('tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 2);
  assert.match(await rows.nth(0).innerText(), /Global Test Policy[\s\S]*Workstation[\s\S]*Global[\s\S]*Default/);
  assert.match(await rows.nth(1).innerText(), /Standard Servers[\s\S]*Server[\s\S]*Global[\s\S]*Default/);
  await shot(page, 'customer-page-en.png');

  // The site selection pane lists it (highlighted, searchable) ...
  const pane = page.locator('.site-pane');
  const entry = pane.getByRole('link', { name: 'Lovelace Analytics' });
  assert.equal(await entry.getAttribute('aria-current'), 'page');
  assert.equal(await pane.locator('.count-pill').innerText(), '7');
  await pane.getByRole('searchbox').fill('lovel');
  assert.deepEqual((await pane.locator('.site-item').allInnerTexts()).map((s) => s.trim().split('\n').pop()), ['Lovelace Analytics']);
  await pane.getByRole('searchbox').fill('');
  // ... and so does the dashboard, with the count.
  await pane.getByRole('link', { name: 'All customers' }).click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  assert.equal(await page.locator('.stat-card').first().locator('.stat-value').innerText(), '7');
  const row = page.locator('main .dashboard-table tbody tr', { hasText: 'Lovelace Analytics' });
  // A new customer: no devices, no open alerts, no subscriptions yet (the server's figures).
  assert.match(await row.innerText(), /^Lovelace Analytics\nJapan\n?\t0\tNone\t0$/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the e-mail check: own record offers Create from OMS or Open Hub; another partner\'s is refused', async () => {
  const page = await signIn(browser, server, demoUsers.admin);
  let drawer = await openDrawer(page);
  const email = drawer.getByRole('textbox', { name: 'Email' });

  // Malformed: said beside the field when leaving it.
  await email.fill('nika.vuk@');
  await email.blur();
  assert.equal(await page.locator('#cc-email-error').innerText(), 'Enter a valid e-mail address, such as name@example.com.');

  // Another partner's address: refused, nothing about the record shown.
  await email.fill('it@harbor-fisheries.example');
  await page.locator('#cc-email-error').getByText("This email address can't be used for a new customer.").waitFor();
  const text = await drawer.innerText();
  assert.doesNotMatch(text, /Harbor Fisheries|Ewan|MacLeod|Edinburgh/);
  assert.equal(await drawer.getByRole('textbox', { name: 'Primary contact person', exact: true }).isVisible(), false);
  assert.equal(await email.getAttribute('aria-invalid'), 'true');
  await shot(page, 'create-email-unavailable-en.png');

  // An own record that is not eligible (a consumer): said, without an offer.
  await email.fill('jan.novak@mail.example');
  const notYet = drawer.locator('.callout', { hasText: 'Your OMS record with this email cannot become a Hub customer yet' });
  await notYet.waitFor();
  assert.match(await notYet.innerText(), /Only records whose customer type is Business/);
  assert.equal(await notYet.getByRole('button').count(), 0);

  // This partner's own OMS record: offered, and one click switches mode.
  await email.fill('nika.vuk@testcustomer.example');
  const offer = drawer.locator('.callout', { hasText: 'Your OMS already has a record with this email' });
  await offer.waitFor();
  assert.match(await offer.innerText(), /Test Customer \(Nika Vuk\)/);
  assert.equal(await drawer.getByRole('textbox', { name: 'Primary contact person', exact: true }).isVisible(), false);
  await shot(page, 'create-email-own-record-en.png');
  await offer.getByRole('button', { name: 'Create from OMS' }).click();
  assert.equal(await drawer.getByRole('radio', { name: 'Create from OMS' }).isChecked(), true);
  await drawer.getByText('Select Customer from OMS').waitFor();
  await drawer.getByText('Creates a customer in the Hub based on an existing OMS customer record.').waitFor();
  const card = drawer.locator('.record-card');
  assert.match(await card.innerText(), /Test Customer[\s\S]*nika\.vuk@testcustomer\.example[\s\S]*Nika Vuk[\s\S]*IT and telecommunications/);
  await card.getByText('Croatia').waitFor();
  assert.equal(await drawer.getByRole('textbox', { name: 'Email' }).isVisible(), false);

  // Create it from the record, managed by a global policy.
  await drawer.getByLabel('Global Test Policy').check();
  await drawer.getByRole('button', { name: 'Create', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Test Customer' }).waitFor();
  const created = await customerByCompany('Test Customer');
  assert.equal(created.email, 'nika.vuk@testcustomer.example');
  assert.equal(created.contact_person, 'Nika Vuk');

  // A record that already has a hub customer: Open Hub goes there.
  await page.locator('.site-pane').getByRole('link', { name: 'All customers' }).click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  drawer = await openDrawer(page);
  await drawer.getByRole('textbox', { name: 'Email' }).fill('s1@bossstg.example');
  const hub = drawer.locator('.callout', { hasText: 'This customer is already in the Hub' });
  await hub.waitFor();
  await shot(page, 'create-email-open-hub-en.png');
  await hub.getByRole('link', { name: 'Open Hub' }).click();
  await page.getByRole('heading', { level: 1, name: 'BOSS STG payg test A 4/4/2023 cs1' }).waitFor();
  await drawer.waitFor({ state: 'detached' });
  const boss = await customerByCompany('BOSS STG payg test A 4/4/2023 cs1');
  assert.ok(page.url().endsWith(`/a/${acc}/customers/${boss.id}`));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('create from OMS: the search lists only eligible records, Select, then a local template', async () => {
  const page = await signIn(browser, server, demoUsers.admin, { path: `/a/${acc}/customers` });
  await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
  const drawer = await openDrawer(page);
  await drawer.getByRole('radio', { name: 'Create from OMS' }).check();
  await drawer.getByRole('button', { name: 'Select from OMS' }).click();
  const picker = page.getByRole('dialog', { name: 'Select from OMS' });
  await picker.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'oms-find');
  assert.equal(await picker.getByLabel('Find customer:').count(), 1);

  const eligible = (await api.req('GET', `/api/v1/accounts/${acc}/oms/records?limit=200`)).json;
  const count = picker.getByRole('status').filter({ hasText: /results? found/ });
  await count.getByText(`${eligible.total} results found`).waitFor();
  assert.deepEqual(await picker.locator('thead th').allInnerTexts(), ['Company', 'Email', 'First name', 'Last name', 'Hub created', 'Action']);
  const all = await picker.locator('tbody').innerText();
  assert.match(all, /Meadowbrook Dental Clinic/);
  assert.match(all, /北海道ファーム株式会社/);
  assert.doesNotMatch(all, /jan\.novak|Novák|halfdone|Halfdone/i, 'consumer and incomplete records are not listed');
  assert.match(await picker.innerText(), /Only OMS records whose customer type is Business/);

  // Live filtering.
  await picker.getByLabel('Find customer:').fill('test');
  await count.getByText('2 results found').waitFor();
  const test1 = picker.locator('tbody tr', { hasText: 'nika.vuk@testcustomer.example' });
  const boss = picker.locator('tbody tr', { hasText: 'BOSS STG payg test A 4/4/2023 cs1' });
  assert.match(await boss.innerText(), /s1@bossstg\.example[\s\S]*Stan[\s\S]*De ladin[\s\S]*Yes/);
  assert.equal(await boss.getByRole('link', { name: 'Open Hub' }).count(), 1);
  assert.match(await test1.innerText(), /^Test Customer[\s\S]*Nika[\s\S]*Vuk/);
  await picker.getByLabel('Find customer:').fill('zzz-nothing');
  await count.getByText('0 results found').waitFor();
  await picker.getByText('No OMS records match “zzz-nothing”').waitFor();
  await picker.getByLabel('Find customer:').fill('lumi');
  await count.getByText('1 result found').waitFor();
  const row = picker.locator('tbody tr', { hasText: 'Lumière Hotels' });
  assert.match(await row.innerText(), /it@lumiere-hotels\.example[\s\S]*Camille[\s\S]*Durand[\s\S]*No/);
  await shot(page, 'oms-search-en.png');
  await row.getByRole('button', { name: 'Select' }).click();
  await picker.waitFor({ state: 'detached' });

  // The chosen record, read-only, with a way to change it.
  const card = drawer.locator('.record-card');
  assert.match(await card.innerText(), /Lumière Hotels[\s\S]*it@lumiere-hotels\.example[\s\S]*Camille Durand[\s\S]*Hospitality/);
  await card.getByText('12 rue de Rivoli, 75004 Paris, France').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Change');

  // Local policies from a template: required, then chosen.
  await drawer.getByRole('radio', { name: 'Manage with local policies' }).check();
  assert.equal(await drawer.getByRole('radio', { name: /Use a default policy template/ }).isChecked(), true);
  await drawer.getByText('Select which default policy template to use:').waitFor();
  await drawer.getByRole('button', { name: 'Create', exact: true }).click();
  assert.equal(await page.locator('#cc-manage-error').innerText(), 'Select a policy template.');
  await drawer.getByRole('radio', { name: /^Server/ }).check();
  await shot(page, 'create-oms-template-en.png');
  await drawer.getByRole('button', { name: 'Create', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Lumière Hotels' }).waitFor();
  await page.getByRole('tab', { name: /Policies/ }).click();
  const policy = page.getByRole('tabpanel').locator('tbody tr');
  await policy.first().waitFor();
  assert.equal(await policy.count(), 1);
  assert.match(await policy.innerText(), /Default[\s\S]*Server[\s\S]*Local[\s\S]*Default/);
  // The tab is kept in the address.
  assert.match(page.url(), /\?tab=policies$/);
  const stored = await customerByCompany('Lumière Hotels');
  assert.equal(stored.management.mode, 'local');
  // The Customers page behind the drawer shows it too.
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Customers' }).click();
  await page.locator('tbody tr', { hasText: 'Lumière Hotels' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('copy an existing local policy, picked in the customer tree with the keyboard', async () => {
  const page = await signIn(browser, server, demoUsers.admin);
  const drawer = await openDrawer(page);
  await drawer.getByRole('radio', { name: 'Create from OMS' }).check();
  await drawer.getByRole('button', { name: 'Select from OMS' }).click();
  const picker = page.getByRole('dialog', { name: 'Select from OMS' });
  await picker.getByLabel('Find customer:').fill('meadow');
  await picker.getByText('1 result found').waitFor();
  await picker.getByRole('button', { name: 'Select' }).click();
  await drawer.locator('.record-card', { hasText: 'Meadowbrook Dental Clinic' }).waitFor();

  await drawer.getByRole('radio', { name: 'Manage with local policies' }).check();
  await drawer.getByRole('radio', { name: /Copy an existing local policy/ }).check();
  await drawer.getByText('Select the customer and policy to copy:').waitFor();
  const tree = drawer.getByRole('tree');
  await tree.waitFor();
  const boss = tree.getByRole('treeitem', { name: 'BOSS STG payg test A 4/4/2023 cs1' });
  assert.equal(await boss.getAttribute('aria-expanded'), 'true');
  assert.deepEqual(await boss.getByRole('treeitem').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))), ['Default', 'Local Test Policy']);

  // Keyboard: Tab reaches the tree; arrows move, Left closes, Right opens, Enter picks.
  await drawer.getByRole('radio', { name: /Copy an existing local policy/ }).focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'BOSS STG payg test A 4/4/2023 cs1');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await boss.getAttribute('aria-expanded'), 'false');
  await page.keyboard.press('ArrowRight');
  assert.equal(await boss.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Default');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Local Test Policy');
  await page.keyboard.press('Enter');
  const picked = boss.getByRole('treeitem', { name: 'Local Test Policy' });
  assert.equal(await picked.getAttribute('aria-selected'), 'true');
  await drawer.getByText('Copying “Local Test Policy” of BOSS STG payg test A 4/4/2023 cs1.').waitFor();
  await shot(page, 'create-copy-tree-en.png');

  await drawer.getByRole('button', { name: 'Create', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Meadowbrook Dental Clinic' }).waitFor();
  await page.getByRole('tab', { name: /Policies/ }).click();
  const row = page.getByRole('tabpanel').locator('tbody tr');
  await row.first().waitFor();
  assert.match(await row.innerText(), /Local Test Policy[\s\S]*Local[\s\S]*Default/);

  // The copy is the customer's own policy, not the source.
  const stored = await customerByCompany('Meadowbrook Dental Clinic');
  const own = (await api.req('GET', `/api/v1/accounts/${acc}/customers/${stored.id}/policies`)).json.policies;
  const source = (await api.req('GET', `/api/v1/accounts/${acc}/policies?scope=local`)).json.policies
    .find((p) => p.name === 'Local Test Policy' && p.customer_name === 'BOSS STG payg test A 4/4/2023 cs1');
  assert.equal(own.length, 1);
  assert.notEqual(own[0].id, source.id);
  assert.equal(own[0].scope, 'local');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the drawer keeps focus, closes on Escape, and asks before dropping input', async () => {
  const page = await signIn(browser, server, demoUsers.admin);
  let drawer = await openDrawer(page);
  // Nothing entered: Escape just closes, focus goes back to + Customer.
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), '+ Customer');

  drawer = await openDrawer(page);
  await page.keyboard.type('someone@');
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    assert.equal(await inDrawer(page), true, 'focus stays in the drawer');
  }
  await page.keyboard.press('Escape');
  const ask = page.getByRole('alertdialog', { name: 'Discard this customer?' });
  await ask.waitFor();
  await shot(page, 'create-discard-en.png');
  await ask.getByRole('button', { name: 'Keep editing' }).click();
  await ask.waitFor({ state: 'detached' });
  assert.equal(await drawer.getByRole('textbox', { name: 'Email' }).inputValue(), 'someone@');
  // The close button asks too; this time the input is dropped.
  await drawer.getByRole('button', { name: 'Close' }).click();
  await ask.getByRole('button', { name: 'Discard' }).click();
  await drawer.waitFor({ state: 'detached' });

  // Escape inside the country list closes only the list.
  drawer = await openDrawer(page);
  await drawer.getByRole('textbox', { name: 'Email' }).fill('brand.new@escape-test.example');
  await drawer.getByText("There's no OMS record with this email, you can continue").waitFor();
  const country = drawer.getByRole('combobox', { name: 'Country' });
  await country.click();
  await page.keyboard.type('ger');
  await page.keyboard.press('Escape');
  assert.equal(await country.getAttribute('aria-expanded'), 'false');
  assert.equal(await drawer.isVisible(), true);
  // Leaving the field with one match keeps it.
  await page.keyboard.press('Tab');
  assert.equal(await country.inputValue(), 'Germany');
  // Enter in the OMS picker's search does not submit the drawer behind it.
  await drawer.getByRole('radio', { name: 'Create from OMS' }).check();
  await drawer.getByRole('button', { name: 'Select from OMS' }).click();
  const picker = page.getByRole('dialog', { name: 'Select from OMS' });
  await picker.getByLabel('Find customer:').press('Enter');
  await page.keyboard.press('Escape');
  await picker.waitFor({ state: 'detached' });
  assert.equal(await drawer.isVisible(), true, 'Escape closes only the top drawer');
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Select from OMS');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Create is disabled while sending; a retry after a lost answer reuses its Idempotency-Key', async () => {
  const page = await signIn(browser, server, demoUsers.admin);
  const drawer = await openDrawer(page);
  await drawer.getByRole('radio', { name: 'Create from OMS' }).check();
  await drawer.getByRole('button', { name: 'Select from OMS' }).click();
  const picker = page.getByRole('dialog', { name: 'Select from OMS' });
  await picker.getByLabel('Find customer:').fill('tulpen');
  await picker.getByText('1 result found').waitFor();
  await picker.getByRole('button', { name: 'Select' }).click();
  await drawer.getByRole('radio', { name: 'Manage with local policies' }).check();
  await drawer.getByRole('radio', { name: /^Workstation/ }).check();

  // The first answer is lost on the way back (the server did create it).
  // It is held until the button has been looked at, so a slow machine
  // cannot end the request before the test sees it in flight.
  const keys = [];
  let lose = true;
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route(`**/api/v1/accounts/${acc}/customers`, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    keys.push(route.request().headers()['idempotency-key']);
    if (lose) {
      lose = false;
      await route.fetch();
      await held;
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  const button = drawer.locator('button[type="submit"]');
  await button.click();
  assert.equal(await button.isDisabled(), true, 'disabled while sending');
  assert.equal(await button.innerText(), 'Creating…');
  assert.equal(await button.getAttribute('aria-busy'), 'true');
  release();
  await drawer.getByText('The customer could not be created').waitFor();
  assert.equal(await button.isDisabled(), false);
  assert.equal((await api.req('GET', `/api/v1/accounts/${acc}/customers?q=Tulpen`)).json.total, 1);

  await button.click();
  await page.getByRole('heading', { level: 1, name: 'Tulpen Bouw B.V.' }).waitFor();
  assert.equal(keys.length, 2);
  assert.match(keys[0], /^[0-9a-f]{32}$/);
  assert.equal(keys[1], keys[0], 'the same attempt keeps its key');
  assert.equal((await api.req('GET', `/api/v1/accounts/${acc}/customers?q=Tulpen`)).json.total, 1, 'still one customer');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('each field is checked by the server as it is left, phone and postal code for the chosen country', async () => {
  const page = await signIn(browser, server, demoUsers.admin);
  const checks = [];
  page.on('request', (r) => { if (r.url().endsWith('/api/v1/contact-check')) checks.push(r.postDataJSON()); });
  const drawer = await openDrawer(page);
  const email = drawer.getByRole('textbox', { name: 'Email' });
  const error = (name) => drawer.locator(`#cc-${name}-error`);
  const expectError = async (name, re) => {
    await error(name).waitFor();
    assert.match(await error(name).innerText(), re);
    const control = drawer.locator(`#cc-${name}`);
    assert.equal(await control.getAttribute('aria-invalid'), 'true');
    assert.match(await control.getAttribute('aria-describedby'), new RegExp(`cc-${name}-error`));
  };
  const expectClear = async (name) => {
    await error(name).waitFor({ state: 'hidden' });
    assert.equal(await drawer.locator(`#cc-${name}`).getAttribute('aria-invalid'), null);
  };

  // The server's own message, as the field is left.
  await email.fill('someone@');
  await email.press('Tab');
  await expectError('email', /Enter a valid e-mail address, such as name@example\.com\./);
  await email.fill('it@leftfield.example');
  await email.press('Tab');
  await expectClear('email');
  await drawer.getByText("There's no OMS record with this email, you can continue").waitFor();

  const country = drawer.getByRole('combobox', { name: 'Country' });
  await country.click();
  await page.keyboard.type('germany');
  await page.keyboard.press('Enter');
  const phone = drawer.getByRole('textbox', { name: 'Phone', exact: true });
  await phone.fill('12');
  await phone.press('Tab');
  await expectError('phone', /phone/i);
  // Typing is never blocked, and the message goes once the number is fixed;
  // a valid number is shown as the server writes it.
  await phone.fill('089 1234567');
  await phone.press('Tab');
  await expectClear('phone');
  await page.waitForFunction(() => document.querySelector('#cc-phone').value === '+49 89 1234567');
  assert.ok(checks.some((c) => c.phone === '089 1234567' && c.country === 'DE'), JSON.stringify(checks));

  const website = drawer.getByRole('textbox', { name: 'Website', exact: true });
  await website.fill('javascript:alert(1)');
  await website.press('Tab');
  await expectError('website', /web address/i);
  await website.fill('leftfield.example');
  await website.press('Tab');
  await expectClear('website');

  const postal = drawer.getByRole('textbox', { name: 'Postal code', exact: true });
  await postal.fill('1234');
  await postal.press('Tab');
  await expectError('postal_code', /postal code in this country's format, such as 10115/);
  await shot(page, 'create-live-validation-en.png');
  // Another country: the postal code is checked again for it.
  await country.fill('');
  await country.click();
  await page.keyboard.type('austria');
  await page.keyboard.press('Enter');
  await expectClear('postal_code');
  assert.ok(checks.some((c) => c.postal_code === '1234' && c.country === 'AT'), JSON.stringify(checks));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

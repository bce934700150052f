// Browser tests of subscriptions and billing: a customer created in the
// drawer lands on its Subscriptions tab, starts a trial and redeems an
// activation code (seats and end date change in place); codes checked as
// they are typed (grouping, a mistyped code, a character that is not used)
// and the server's answers beside the field (already used, not found, rate
// limited with the wait); pay-as-you-go subscribe, cover more devices and
// cancel with the price preview; a partner without flexible billing; what a
// viewer sees (and the Manage menu: closed until opened, none for a
// viewer); the partner's Subscriptions list (filter, search) and the
// month's usage with its CSV; and the trial and code flow in Japanese.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, demoUsers, ctlOk } from '../lib/server.mjs';
import { launch, signIn, shot as takeShot, apiAs, partnerId } from './support.mjs';
import { checkSymbol, ALPHABET, groupCode } from '../../web/js/components/activation-code.js';

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

const url = (p) => `/api/v1/accounts/${acc}${p}`;

// Screenshots without the toasts of earlier steps in front of the screen.
async function shot(page, name) {
  const v = page.viewportSize();
  if (v.height < 1200) await page.setViewportSize({ width: v.width, height: 1200 });
  await page.evaluate(() => { for (const el of document.querySelectorAll('.toast')) el.remove(); });
  return takeShot(page, name);
}

/** Unredeemed codes from an OMS order of this partner. */
async function order(partner, service, seats, months, count = 1) {
  const out = await ctlOk(['oms', 'order', '--db', server.db, '--partner', partner, '--service', service,
    '--seats', String(seats), '--months', String(months), '--count', String(count)]);
  return out.split('\n').map((s) => s.trim()).filter(Boolean);
}

/** A well-formed code (its check symbol right) that no order issued. */
function madeUpCode() {
  let s = '';
  for (let i = 0; i < 24; i++) s += ALPHABET[Math.floor(Math.random() * 32)];
  return groupCode(s + checkSymbol(s));
}

async function customerId(company) {
  const r = await api.req('GET', url(`/customers?q=${encodeURIComponent(company)}`));
  return r.json.customers.find((c) => c.company === company).id;
}

async function subsOf(id) {
  return (await api.req('GET', url(`/customers/${id}/subscriptions`))).json;
}

function addMonthsUTC(months) {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate()));
}

const box = (page, key) => page.locator(`.sub-box[data-service="${key}"]`);
const codeInput = (page, name = 'Activation code') => page.getByRole('textbox', { name });

test('a new customer lands on Subscriptions, starts a trial and redeems a code; seats and end date change', async () => {
  const page = await signIn(browser, server, demoUsers.admin);
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await page.getByRole('button', { name: '+ Customer' }).click();
  const drawer = page.getByRole('dialog', { name: 'Create Customer' });
  await drawer.waitFor();
  await drawer.getByRole('textbox', { name: 'Email' }).fill('it@babbage-works.example');
  await drawer.getByText("There's no OMS record with this email, you can continue").waitFor();
  await drawer.getByRole('textbox', { name: 'Primary contact person', exact: true }).fill('Charles Babbage');
  await drawer.getByRole('textbox', { name: 'Phone', exact: true }).fill('+44 20 7946 0958');
  await drawer.getByRole('textbox', { name: 'Company', exact: true }).fill('Babbage Works');
  await drawer.getByRole('combobox', { name: 'Industry' }).selectOption({ label: 'Manufacturing' });
  await drawer.getByRole('textbox', { name: 'Website', exact: true }).fill('babbage-works.example');
  await drawer.getByRole('textbox', { name: 'Street', exact: true }).fill('5 Dorset Street');
  await drawer.getByRole('textbox', { name: 'Postal code', exact: true }).fill('W1U 6QJ');
  await drawer.getByRole('textbox', { name: 'City', exact: true }).fill('London');
  await drawer.getByRole('combobox', { name: 'Country' }).click();
  await page.keyboard.type('united kingdom');
  await page.keyboard.press('Enter');
  await drawer.getByLabel('Global Test Policy').check();
  await drawer.getByRole('button', { name: 'Create', exact: true }).click();

  // The landing page is the Subscriptions tab, with what to do first.
  await page.getByRole('heading', { level: 1, name: 'Babbage Works' }).waitFor();
  assert.equal(await page.getByRole('tab', { name: /Subscriptions/ }).getAttribute('aria-selected'), 'true');
  const panel = page.getByRole('tabpanel');
  await panel.locator('.empty-title', { hasText: 'No subscriptions yet' }).waitFor();
  assert.match(await panel.innerText(), /Start a free trial of a service below, subscribe pay-as-you-go, or redeem an activation code/);
  assert.equal(await panel.locator('.sub-box').count(), 6, 'one box per catalogue service');
  const premium = box(page, 'premium_business');
  assert.match(await premium.innerText(), /Premium Business Security[\s\S]*Not subscribed[\s\S]*0[\s\S]*seats available[\s\S]*Free trial[\s\S]*30 days · 25 seats[\s\S]*Pay-as-you-go[\s\S]*€0\.09 per seat per day/);
  assert.equal(await page.getByRole('button', { name: 'Redeem' }).isDisabled(), true);
  await shot(page, 'subscriptions-customer-new-en.png');

  // Start trial: asked first, then the box changes in place and has focus.
  await premium.getByRole('button', { name: 'Start trial' }).click();
  const ask = page.getByRole('alertdialog', { name: 'Start a trial of Premium Business Security?' });
  await ask.waitFor();
  assert.match(await ask.innerText(), /Babbage Works gets 25 seats of Premium Business Security free for 30 days, until/);
  await shot(page, 'subscriptions-trial-confirm-en.png');
  await ask.getByRole('button', { name: 'Start trial' }).click();
  await page.getByText(/The trial of Premium Business Security for Babbage Works has started\. It ends on/).waitFor();
  await premium.locator('.sub-badge', { hasText: 'Trial' }).waitFor();
  assert.match(await premium.innerText(), /25[\s\S]*seats available[\s\S]*0 used · 25 free[\s\S]*Ends on[\s\S]*30 days left/);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Premium Business Security', 'focus on the updated box');
  assert.equal(await premium.getByRole('button', { name: 'Start trial' }).count(), 0, 'a trial starts once');
  await panel.locator('.empty-title', { hasText: 'No subscriptions yet' }).waitFor({ state: 'detached' });
  assert.match(await panel.locator('.subs-head').innerText(), /1 of 6 services active/);
  let id = await customerId('Babbage Works');
  let stored = (await subsOf(id)).subscriptions.find((s) => s.service.key === 'premium_business');
  assert.equal(stored.state, 'trial');
  await shot(page, 'subscriptions-trial-en.png');

  // Redeem a code typed in lower case without dashes: grouped as typed, then checked.
  const [code] = await order(acc, 'premium_business', 50, 12);
  const input = codeInput(page);
  await input.click();
  await page.keyboard.type(code.replace(/-/g, '').toLowerCase().slice(0, 12));
  assert.equal(await input.inputValue(), code.slice(0, 14));
  assert.match(await page.locator('#sub-code-status').innerText(), /12 of 25 characters/);
  await page.keyboard.type(code.replace(/-/g, '').toLowerCase().slice(12));
  assert.equal(await input.inputValue(), code);
  await page.locator('#sub-code-status', { hasText: 'The code is complete' }).waitFor();
  await shot(page, 'subscriptions-code-ok-en.png');
  await page.keyboard.press('Enter');
  await page.getByText('Activation code redeemed').waitFor();
  await page.getByText(/Premium Business Security for Babbage Works: 50 seats for 12 months, until/).waitFor();
  await premium.locator('.sub-badge', { hasText: 'Prepaid' }).waitFor();
  const ends = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(addMonthsUTC(12));
  stored = (await subsOf(id)).subscriptions.find((s) => s.service.key === 'premium_business');
  assert.equal(stored.state, 'prepaid');
  assert.equal(stored.seats, 50);
  const text = await premium.innerText();
  assert.match(text, /50[\s\S]*seats available[\s\S]*0 used · 50 free/);
  assert.ok(text.includes(new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(stored.ends_on + 'T00:00:00Z'))), text);
  assert.ok(Math.abs(new Date(stored.ends_on) - new Date(ends)) < 4 * 86400e3, `ends ${stored.ends_on} ≈ ${ends}`);
  assert.equal(await input.inputValue(), '', 'the field is emptied');
  assert.equal(await premium.getByRole('button', { name: 'Cover more devices' }).count(), 1);

  // Cover more devices on a prepaid term explains the code, then goes to the field.
  await premium.getByRole('button', { name: 'Cover more devices' }).click();
  const explain = page.getByRole('dialog', { name: 'Cover more devices with Premium Business Security' });
  await explain.getByText('Prepaid seats come with activation codes').waitFor();
  await explain.getByRole('button', { name: 'Enter a code' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'sub-code');
  await shot(page, 'subscriptions-prepaid-en.png');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('codes are checked as they are typed; the server\'s answers show beside the field', async () => {
  const id = await customerId('Westbrook Academy');
  const [code] = await order(acc, 'cloud_backup', 10, 6);
  // Used once already (on another customer).
  const kook = await customerId('Kookaburra Legal');
  assert.equal((await api.req('POST', url(`/customers/${kook}/subscriptions/activation-codes`), { code })).status, 201);

  const page = await signIn(browser, server, demoUsers.admin, { path: `/a/${acc}/customers/${id}` });
  await page.getByRole('heading', { level: 1, name: 'Westbrook Academy' }).waitFor();
  const input = codeInput(page);
  const status = page.locator('#sub-code-status');
  const redeem = page.getByRole('button', { name: 'Redeem' });
  await status.waitFor();
  assert.match(await status.innerText(), /25 letters and digits/);
  // The pending discount is shown with the tab.
  assert.match(await page.locator('.subs-discount').innerText(), /Pending review[\s\S]*Education discount under review/);

  // One character changed: the check symbol catches it, nothing is sent.
  const chars = code.split('');
  const i = 3;
  chars[i] = chars[i] === 'A' ? 'B' : 'A';
  let sent = 0;
  page.on('request', (r) => { if (r.url().includes('/activation-codes')) sent++; });
  await input.fill(chars.join(''));
  await status.getByText('This code looks mistyped — check the characters.').waitFor();
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  assert.equal(await redeem.isDisabled(), true);
  await input.press('Enter');
  assert.equal(sent, 0, 'a mistyped code is not sent');
  await shot(page, 'subscriptions-code-typo-en.png');

  // A character codes never use.
  await input.fill('7KQ2U');
  await status.getByText(/“U” is not used in activation codes/).waitFor();
  assert.equal(await redeem.isDisabled(), true);
  // Too long.
  await input.fill(code + '7');
  await status.getByText('Too many characters: an activation code has 25.').waitFor();
  // Letters read as digits: O as 0, I and L as 1.
  await input.fill('');
  await input.pressSequentially('oil');
  assert.equal(await input.inputValue(), '011');
  // Escape empties the field.
  await input.press('Escape');
  assert.equal(await input.inputValue(), '');

  // Already used: the server's message, beside the field.
  await input.fill(code);
  await status.getByText('The code is complete. Press Redeem to apply it.').waitFor();
  await redeem.click();
  const used = await api.req('POST', url(`/customers/${id}/subscriptions/activation-codes`), { code });
  assert.equal(used.json.error.code, 'code_used');
  await status.getByText(used.json.error.message).waitFor();
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'sub-code');
  await shot(page, 'subscriptions-code-used-en.png');

  // Not found (well-formed, but never issued).
  await input.fill(madeUpCode());
  await redeem.click();
  await status.locator('.code-status-icon').waitFor();
  await page.waitForFunction(() => /not|no /i.test(document.querySelector('#sub-code-status').textContent) &&
    !/complete/.test(document.querySelector('#sub-code-status').textContent));
  assert.equal((await subsOf(id)).subscriptions.find((s) => s.service.key === 'cloud_backup').state, 'none');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('too many wrong codes: the wait is shown and Redeem waits', async () => {
  const harbor = await apiAs(server, demoUsers.harbor);
  const hacc = await partnerId(harbor);
  const cs = (await harbor.req('GET', `/api/v1/accounts/${hacc}/customers`)).json.customers;
  const cid = cs[0].id;
  let last;
  for (let i = 0; i < 12; i++) {
    last = await harbor.req('POST', `/api/v1/accounts/${hacc}/customers/${cid}/subscriptions/activation-codes`, { code: madeUpCode() });
    if (last.status === 429) break;
  }
  assert.equal(last.status, 429, last.text);
  const page = await signIn(browser, server, demoUsers.harbor, { path: `/a/${hacc}/customers/${cid}` });
  const input = codeInput(page);
  await input.fill(madeUpCode());
  await page.getByRole('button', { name: 'Redeem' }).click();
  const status = page.locator('#sub-code-status');
  await status.getByText(/Too many codes were not accepted\. Try again in \d+ minutes?\./).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Redeem' }).isDisabled(), true);
  await shot(page, 'subscriptions-code-rate-limited-en.png');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('pay-as-you-go: subscribe with a price preview, cover more devices, change seats, cancel', async () => {
  const id = await customerId('Hope Harbour Foundation');
  const page = await signIn(browser, server, demoUsers.admin, { path: `/a/${acc}/customers/${id}` });
  await page.getByRole('heading', { level: 1, name: 'Hope Harbour Foundation' }).waitFor();
  const essential = box(page, 'essential_business');
  await essential.waitFor();
  // The approved discount: shown with the tab and in the price.
  assert.match(await page.locator('.subs-discount').innerText(), /Approved[\s\S]*Not for Profit discount: 25% off pay-as-you-go/);
  const before = (await subsOf(id)).subscriptions.find((s) => s.service.key === 'essential_business');
  const net = before.net_price;
  await essential.getByRole('button', { name: 'Subscribe' }).click();
  const dialog = page.getByRole('dialog', { name: 'Subscribe to Essential Business Security' });
  await dialog.waitFor();
  const seats = dialog.getByRole('textbox', { name: 'Seats' });
  await page.waitForFunction(() => document.activeElement?.name === 'seats');
  await seats.fill('0');
  await dialog.getByText('Enter from 1 to 100,000 seats.').waitFor();
  await seats.fill('12');
  const perDay = (Number(net) * 12).toFixed(2);
  await dialog.getByText('€' + perDay).waitFor();
  assert.match(await dialog.innerText(), new RegExp(`€${net.replace('.', '\\.')}[\\s\\S]*per seat per day[\\s\\S]*−25%[\\s\\S]*Per day[\\s\\S]*€${perDay.replace('.', '\\.')}[\\s\\S]*Per 30 days`));
  await seats.press('ArrowUp');
  assert.equal(await seats.inputValue(), '13');
  await seats.press('ArrowDown');
  await shot(page, 'subscriptions-payg-subscribe-en.png');
  await dialog.getByRole('button', { name: 'Subscribe' }).click();
  await page.getByText('Hope Harbour Foundation is now subscribed to Essential Business Security with 12 seats.').waitFor();
  await essential.locator('.sub-badge', { hasText: 'Pay-as-you-go' }).waitFor();
  assert.match(await essential.innerText(), /12[\s\S]*seats available[\s\S]*Billing[\s\S]*Billed monthly/);
  let stored = (await subsOf(id)).subscriptions.find((s) => s.service.key === 'essential_business');
  assert.equal(stored.state, 'payg');
  assert.equal(stored.seats, 12);

  // Cover more devices: seats to add, the new total and the difference per day.
  await essential.getByRole('button', { name: 'Cover more devices' }).click();
  const more = page.getByRole('dialog', { name: 'Cover more devices with Essential Business Security' });
  await more.waitFor();
  await more.getByRole('textbox', { name: 'Seats to add' }).fill('8');
  assert.match(await more.innerText(), /Seats[\s\S]*20 seats[\s\S]*now 12[\s\S]*Per day/);
  await shot(page, 'subscriptions-payg-more-en.png');
  await more.getByRole('button', { name: 'Add seats' }).click();
  await page.getByText('Essential Business Security now has 20 seats.').waitFor();
  assert.match(await essential.innerText(), /20[\s\S]*seats available/);
  assert.equal((await subsOf(id)).subscriptions.find((s) => s.service.key === 'essential_business').seats, 20);

  // Manage, with the keyboard: change seats.
  const manage = essential.getByRole('button', { name: 'Manage' });
  await manage.focus();
  await page.keyboard.press('ArrowDown');
  await page.getByRole('menuitem', { name: 'Change seats…' }).waitFor();
  await page.keyboard.press('Enter');
  const change = page.getByRole('dialog', { name: 'Change seats of Essential Business Security' });
  await change.getByRole('textbox', { name: 'Seats' }).fill('15');
  await page.keyboard.press('Enter');
  await page.getByText('Essential Business Security now has 15 seats.').waitFor();
  await shot(page, 'subscriptions-payg-en.png');

  // Cancel, confirmed.
  await essential.getByRole('button', { name: 'Manage' }).click();
  await page.getByRole('menuitem', { name: 'Cancel subscription…' }).click();
  const cancel = page.getByRole('alertdialog', { name: 'Cancel Essential Business Security?' });
  await cancel.getByText('stop being protected by Essential Business Security today').waitFor();
  await shot(page, 'subscriptions-payg-cancel-en.png');
  await cancel.getByRole('button', { name: 'Cancel subscription' }).click();
  await page.getByText('Pay-as-you-go for Essential Business Security has been cancelled for Hope Harbour Foundation.').waitFor();
  await essential.locator('.sub-badge', { hasText: 'Expired' }).waitFor();
  assert.match(await essential.innerText(), /Pay-as-you-go cancelled[\s\S]*Ended on/);
  stored = (await subsOf(id)).subscriptions.find((s) => s.service.key === 'essential_business');
  assert.equal(stored.state, 'expired');
  assert.equal(stored.cancelled, true);
  // What they can do now is said at the top.
  assert.match(await page.locator('.subs-notices').innerText(), /The services of Hope Harbour Foundation have expired[\s\S]*pay-as-you-go was cancelled on/);
  await shot(page, 'subscriptions-expired-en.png');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('without flexible billing there is no Subscribe, and the page says why', async () => {
  const harbor = await apiAs(server, demoUsers.harbor);
  const hacc = await partnerId(harbor);
  const cs = (await harbor.req('GET', `/api/v1/accounts/${hacc}/customers`)).json.customers;
  const cid = cs[cs.length - 1].id;
  const subs = (await harbor.req('GET', `/api/v1/accounts/${hacc}/customers/${cid}/subscriptions`)).json;
  const page = await signIn(browser, server, demoUsers.harbor, { path: `/a/${hacc}/customers/${cid}` });
  await page.locator('.sub-box').first().waitFor();
  if (subs.flexible_billing) {
    assert.ok(await page.getByRole('button', { name: 'Subscribe' }).count() > 0);
  } else {
    assert.equal(await page.getByRole('button', { name: 'Subscribe' }).count(), 0);
    await page.getByText('Pay-as-you-go is not available').waitFor();
    await shot(page, 'subscriptions-no-payg-en.png');
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a viewer sees subscriptions with every action disabled', async () => {
  const id = await customerId('株式会社さくら精機');
  const page = await signIn(browser, server, demoUsers.viewer, { path: `/a/${acc}/customers/${id}` });
  const panel = page.getByRole('tabpanel');
  await panel.locator('.sub-box').first().waitFor();
  await panel.getByText('View only: your role can see the subscriptions of this customer but not change them.').waitFor();
  const buttons = panel.locator('.sub-box button');
  assert.ok(await buttons.count() > 5);
  for (const b of await buttons.all()) assert.equal(await b.isDisabled(), true, await b.innerText());
  assert.equal(await codeInput(page).isDisabled(), true);
  assert.equal(await page.getByRole('button', { name: 'Redeem' }).isDisabled(), true);
  // The trial ending within a week is highlighted.
  assert.match(await box(page, 'cloud_backup').innerText(), /Trial[\s\S]*Ends on[\s\S]*days? left/);
  assert.equal(await box(page, 'cloud_backup').evaluate((el) => el.classList.contains('is-soon')), true);
  await page.getByText(/1 service ends within a week/).waitFor();
  await shot(page, 'subscriptions-viewer-en.png');
  // The partner page: rows, no actions.
  await page.goto(server.url + `/a/${acc}/subscriptions`);
  await page.locator('main tbody tr').first().waitFor();
  await page.getByText('View only: your role can see subscriptions and usage but not change them.').waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the Manage menu is closed until opened, works from the keyboard, and a viewer has none', async () => {
  const id = await customerId('BOSS STG payg test A 4/4/2023 cs1');
  const visibleMenus = (page) => page.locator('[role="menu"]:visible');
  // A viewer: the pay-as-you-go box has no Manage button and no menu, drawn or hidden.
  const viewer = await signIn(browser, server, demoUsers.viewer, { path: `/a/${acc}/customers/${id}` });
  const premium = box(viewer, 'premium_business');
  await premium.locator('.sub-badge', { hasText: 'Pay-as-you-go' }).waitFor();
  assert.equal(await premium.getByRole('button', { name: 'Manage' }).count(), 0);
  assert.equal(await premium.locator('[role="menu"], [role="menuitem"]').count(), 0);
  assert.equal(await viewer.getByText('Change seats…').count(), 0);
  assert.equal(await viewer.getByText('Cancel subscription…').count(), 0);
  assert.equal(await visibleMenus(viewer).count(), 0);
  assert.deepEqual(viewer.problems, []);
  await viewer.context().close();

  // An admin: closed at first; Enter opens it on its first item, Escape closes it
  // and returns to the button; a click opens it and a click elsewhere closes it.
  const page = await signIn(browser, server, demoUsers.admin, { path: `/a/${acc}/customers/${id}` });
  const admin = box(page, 'premium_business');
  await admin.locator('.sub-badge', { hasText: 'Pay-as-you-go' }).waitFor();
  const manage = admin.getByRole('button', { name: 'Manage' });
  assert.equal(await manage.getAttribute('aria-expanded'), 'false');
  assert.equal(await visibleMenus(page).count(), 0);
  assert.equal(await page.getByRole('menuitem', { name: 'Change seats…' }).isVisible(), false);
  await manage.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Manage Premium Business Security' });
  await menu.waitFor();
  assert.equal(await manage.getAttribute('aria-expanded'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Change seats…');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Cancel subscription…');
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Manage');
  await manage.click();
  await menu.waitFor();
  await page.locator('.page-title').click();
  await menu.waitFor({ state: 'hidden' });
  assert.equal(await visibleMenus(page).count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the partner\'s Subscriptions list filters and searches; rows open the customer', async () => {
  const page = await signIn(browser, server, demoUsers.admin, { path: `/a/${acc}/subscriptions` });
  await page.getByRole('heading', { level: 1, name: 'Subscriptions' }).waitFor();
  const table = page.locator('main table');
  await table.waitFor();
  assert.deepEqual((await table.locator('thead th').allInnerTexts()).map((s) => s.trim()),
    ['Customer', 'Service', 'Type', 'Seats used', 'Ends on', 'State']);
  const all = (await api.req('GET', url('/subscriptions'))).json.subscriptions;
  assert.equal(await table.locator('tbody tr').count(), all.length);
  const sakura = table.locator('tbody tr', { hasText: 'Cloud Backup' }).filter({ hasText: '株式会社さくら精機' });
  assert.match(await sakura.innerText(), /株式会社さくら精機[\s\S]*Cloud Backup[\s\S]*Trial[\s\S]*2 of 25[\s\S]*days? left[\s\S]*Trial/);
  await shot(page, 'subscriptions-partner-en.png');

  await page.getByRole('radio', { name: /^Pay-as-you-go/ }).check();
  const payg = all.filter((s) => s.state === 'payg').length;
  assert.equal(await table.locator('tbody tr').count(), payg);
  for (const s of await table.locator('tbody tr').all()) assert.equal(await s.locator('.sub-badge').getAttribute('data-state'), 'payg');
  await page.getByRole('radio', { name: /^All/ }).check();
  await page.getByRole('searchbox', { name: 'Search subscriptions' }).fill('olivetta');
  assert.equal(await table.locator('tbody tr').count(), all.filter((s) => /Olivetta/.test(s.customer_name)).length);
  await page.getByRole('searchbox', { name: 'Search subscriptions' }).fill('nothing like this');
  await page.getByText('No matching subscriptions').waitFor();
  await page.getByRole('searchbox', { name: 'Search subscriptions' }).fill('olivetta');
  // A click on a row opens the customer on its Subscriptions tab.
  await table.locator('tbody tr').first().locator('td').first().click();
  await page.getByRole('heading', { level: 1, name: 'Olivetta Finanza S.p.A.' }).waitFor();
  await page.locator('.sub-box').first().waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('usage of a month: rows, totals, other months, and the CSV download', async () => {
  const page = await signIn(browser, server, demoUsers.admin, { path: `/a/${acc}/subscriptions` });
  await page.getByRole('tab', { name: 'Usage' }).click();
  await page.waitForURL(/view=usage/);
  const month = new Date().toISOString().slice(0, 7);
  const usage = (await api.req('GET', url(`/usage?month=${month}`))).json;
  assert.ok(usage.rows.length > 0);
  const table = page.locator('.usage-table');
  await table.waitFor();
  assert.deepEqual((await table.locator('thead th').allInnerTexts()).map((s) => s.trim()),
    ['Customer', 'Service', 'Seat-days', 'Price per seat-day', 'Gross', 'Discount', 'Total']);
  assert.equal(await table.locator('tbody tr').count(), usage.rows.length);
  const r0 = usage.rows[0];
  const line = table.locator('tbody tr').first();
  assert.match(await line.innerText(), new RegExp(`${r0.customer_name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\s\\S]*${r0.service_name}[\\s\\S]*${r0.seat_days}`));
  assert.match(await table.locator('tfoot').innerText(), new RegExp('Total[\\s\\S]*€' + usage.totals[0].total.replace(/\B(?=(\d{3})+(?!\d))/g, ',').replace('.', '\\.')));
  assert.equal(await page.getByRole('button', { name: 'Next month' }).isDisabled(), true, 'no months after this one');
  await shot(page, 'subscriptions-usage-en.png');

  // The CSV of the month.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.match(csv.split('\n')[0], /^customer_id,customer,service,service_name,seat_days,price,gross,discount_percent,discount,total,currency/);
  assert.equal(csv.trim().split('\n').length, usage.rows.length + 1);
  assert.match(download.suggestedFilename(), /usage-\d{4}-\d{2}\.csv/);

  // Back a month, and back to this month; the month is kept in the address.
  await page.getByRole('button', { name: 'Previous month' }).click();
  await page.waitForURL(/month=\d{4}-\d{2}/);
  await page.locator('.usage-card .empty-title, .usage-table').first().waitFor();
  assert.equal(await page.getByRole('button', { name: 'Previous month' }).evaluate((el) => el === document.activeElement), true);
  await page.reload();
  await page.getByRole('tab', { name: 'Usage', selected: true }).waitFor();
  await page.getByRole('button', { name: 'This month' }).click();
  await table.waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('in Japanese: start a trial and redeem a code', async () => {
  const r = await api.req('POST', url('/customers'), {
    source: 'new', email: 'it@hokusai.example', contact_person: '葛飾 北斎', phone: '+81 3 1234 5678',
    company: '北斎デザイン株式会社', industry: 'media', website: 'hokusai.example', street: '丸の内1-1-1',
    postal_code: '100-0005', city: '千代田区', country: 'JP', segment_discount: null,
    management: { mode: 'local', template: 'workstation' },
  }, { headers: { 'idempotency-key': 'ja-sub-1' } });
  assert.equal(r.status, 201, r.text);
  const id = r.json.customer.id;
  const page = await signIn(browser, server, demoUsers.tanaka, { path: `/a/${acc}/customers/${id}` });
  await page.getByRole('heading', { level: 1, name: '北斎デザイン株式会社' }).waitFor();
  const panel = page.getByRole('tabpanel');
  await panel.locator('.empty-title', { hasText: 'サブスクリプションはまだありません' }).waitFor();
  const ultimate = box(page, 'ultimate_business');
  assert.match(await ultimate.innerText(), /Ultimate Business Security[\s\S]*未契約[\s\S]*利用可能シート[\s\S]*無料試用版[\s\S]*30日間 · 25シート/);
  await shot(page, 'subscriptions-customer-new-ja.png');
  await ultimate.getByRole('button', { name: '試用版を開始' }).click();
  const ask = page.getByRole('alertdialog', { name: 'Ultimate Business Securityの試用版を開始しますか？' });
  await ask.getByRole('button', { name: '試用版を開始' }).click();
  await page.getByText(/北斎デザイン株式会社のUltimate Business Securityの試用版を開始しました/).waitFor();
  await ultimate.locator('.sub-badge', { hasText: '試用版' }).waitFor();
  assert.match(await ultimate.innerText(), /終了日[\s\S]*\d{4}年\d{1,2}月\d{1,2}日[\s\S]*残り30日/);

  const input = codeInput(page, 'アクティベーションコード');
  const [code] = await order(acc, 'ultimate_business', 30, 6);
  const bad = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
  await input.fill(bad);
  await page.locator('#sub-code-status').getByText('コードの入力に誤りがあるようです。文字を確認してください。').waitFor();
  await shot(page, 'subscriptions-code-typo-ja.png');
  await input.fill(code);
  await page.getByRole('button', { name: '適用', exact: true }).click();
  await page.getByText('アクティベーションコードを適用しました').waitFor();
  await ultimate.locator('.sub-badge', { hasText: '前払い' }).waitFor();
  assert.match(await ultimate.innerText(), /30[\s\S]*利用可能シート[\s\S]*終了日/);
  await shot(page, 'subscriptions-prepaid-ja.png');

  await page.goto(server.url + `/a/${acc}/subscriptions?view=usage`);
  await page.locator('.usage-table').waitFor();
  await page.getByRole('link', { name: 'CSVをダウンロード' }).waitFor();
  await shot(page, 'subscriptions-usage-ja.png');
  await page.getByRole('tab', { name: 'サブスクリプション' }).click();
  await page.locator('main tbody tr').first().waitFor();
  await shot(page, 'subscriptions-partner-ja.png');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('usage: days before a service had a price show their seat-days and why nothing is charged', async () => {
  // The operator adds a service whose price starts in three days (its
  // clock ahead); a customer uses it today.
  await ctlOk(['service', 'add', '--db', server.db, '--key', 'site_audit', '--name', 'Site Audit', '--price', '0.10',
    '--position', '90'], { STEWARD_CLOCK_OFFSET: String(3 * 86400) });
  const r = await api.req('POST', url('/customers'), {
    source: 'new', email: 'it@early-bird.example', contact_person: 'Eva Vogel', phone: '+49 30 1234567',
    company: 'Early Bird GmbH', industry: 'retail', website: 'early-bird.example', street: 'Torstraße 1',
    postal_code: '10119', city: 'Berlin', country: 'DE', segment_discount: null,
    management: { mode: 'local', template: 'workstation' },
  }, { headers: { 'idempotency-key': 'early-bird-1' } });
  assert.equal(r.status, 201, r.text);
  const id = r.json.customer.id;
  const s = await api.req('POST', url(`/customers/${id}/subscriptions/payg`), { service: 'site_audit', seats: 3 });
  assert.equal(s.status, 201, s.text);

  const month = new Date().toISOString().slice(0, 7);
  const usage = (await api.req('GET', url(`/usage?month=${month}`))).json;
  const row = usage.rows.find((x) => x.customer_id === id);
  assert.equal(row.priced, false);
  const page = await signIn(browser, server, demoUsers.admin, { path: `/a/${acc}/subscriptions?view=usage` });
  const line = page.locator('.usage-table tbody tr', { hasText: 'Early Bird GmbH' });
  await line.waitFor();
  const cells = (await line.locator('td, th').allInnerTexts()).map((t) => t.trim());
  // Seat-days with the reason; a dash for each amount, not €0.00.
  assert.match(cells[2], new RegExp(`^${row.seat_days}\\s+No price was recorded for this service on these days, so they are not charged\\.$`));
  assert.deepEqual(cells.slice(3), ['—', '—', '—', '—']);
  assert.match(await page.locator('.usage-table tfoot').innerText(), new RegExp('€' +
    usage.totals.find((t) => t.currency === 'EUR').total.replace(/\B(?=(\d{3})+(?!\d))/g, ',').replace('.', '\\.')));
  await shot(page, 'subscriptions-usage-unpriced-en.png');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

// Browser tests of the customer pages: a full Create Customer flow in
// Japanese, the customer page (details, discount status, tabs, policies) and
// its Edit details drawer with the server's messages, what a viewer sees,
// the Customers page (search, total, Load more), the site selection pane with
// many customers (server search, Show more), the OMS search's Load more, the
// empty partner, a customer that is not there, and hostile names shown as
// text.
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

test('Japanese: a full Create Customer flow as tanaka, with Japanese texts and server messages', async () => {
  const page = await signIn(browser, server, demoUsers.tanaka);
  await page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
  await page.getByRole('button', { name: '+ 顧客を追加' }).click();
  const drawer = page.getByRole('dialog', { name: '顧客の作成' });
  await drawer.waitFor();
  const text = await drawer.innerText();
  for (const s of ['この顧客をどのように作成しますか？', '新しい顧客を作成', 'ここで作成した顧客はOMSでも利用できます。',
    'OMSレコードと重複していないか確認します', 'この顧客をどのように管理しますか？',
    'この顧客の管理にグローバルポリシーとローカルポリシーのどちらを使用するかを選択してください',
    'この顧客を作成すると、顧客の[サブスクリプション]ページで']) {
    assert.ok(text.includes(s), s);
  }
  assert.equal(await drawer.getByRole('radio', { name: '新規作成' }).isChecked(), true);
  assert.equal(await drawer.getByRole('radio', { name: 'OMSから作成' }).count(), 1);
  assert.equal(await drawer.getByRole('radio', { name: 'グローバルポリシーで管理' }).isChecked(), true);
  await shot(page, 'create-drawer-ja.png');

  // The OMS search speaks Japanese too.
  await drawer.getByRole('radio', { name: 'OMSから作成' }).check();
  await drawer.getByText('OMSから顧客を選択').waitFor();
  await drawer.getByRole('button', { name: 'OMSから選択' }).click();
  const picker = page.getByRole('dialog', { name: 'OMSから選択' });
  await picker.getByLabel('顧客を検索').fill('北海道');
  await picker.getByText('1件見つかりました').waitFor();
  assert.deepEqual(await picker.locator('thead th').allInnerTexts(), ['会社名', 'メールアドレス', '名', '姓', 'ハブ作成済み', '操作']);
  assert.match(await picker.locator('tbody tr').innerText(), /北海道ファーム株式会社[\s\S]*高橋[\s\S]*いいえ[\s\S]*選択/);
  assert.match(await picker.innerText(), /顧客タイプが「ビジネス」で/);
  await shot(page, 'oms-search-ja.png');
  await page.keyboard.press('Escape');
  await picker.waitFor({ state: 'detached' });

  // Back to Create new, with a Japanese address.
  await drawer.getByRole('radio', { name: '新規作成' }).check();
  await drawer.getByRole('textbox', { name: 'メールアドレス' }).fill('info@tesuto-kogyo.example');
  await drawer.getByText('このメールアドレスのOMSレコードはありません。続行できます').waitFor();
  const box = (name) => drawer.getByRole('textbox', { name, exact: true });
  await box('主担当者').fill('山田 花子');
  await box('電話番号').fill('03-1234-5678');
  await box('会社名').fill('株式会社テスト工業');
  await drawer.getByRole('combobox', { name: '業種' }).selectOption({ label: '製造' });
  await box('Webサイト').fill('tesuto-kogyo.example');
  await box('町名・番地').fill('千代田区丸の内1-1-1');
  await box('郵便番号').fill('12');
  await box('都道府県・市区町村').fill('東京都');
  const country = drawer.getByRole('combobox', { name: '国' });
  await country.click();
  await page.keyboard.type('日本');
  await page.keyboard.press('Enter');
  assert.equal(await country.inputValue(), '日本');
  await drawer.getByRole('radio', { name: 'ローカルポリシーで管理' }).check();
  await drawer.getByRole('radio', { name: /既定のポリシーテンプレートを使用/ }).check();
  await drawer.getByRole('radio', { name: /^ワークステーション/ }).check();
  await drawer.getByLabel('セグメント割引を申請する').check();
  await drawer.getByText('割引申請の審査には最大5営業日かかる場合があります。').waitFor();
  await drawer.getByRole('combobox', { name: 'セグメント割引' }).selectOption({ label: '非営利団体' });

  await drawer.getByRole('button', { name: '作成', exact: true }).click();
  await page.locator('#cc-postal_code-error').waitFor();
  assert.match(await page.locator('#cc-postal_code-error').innerText(), /この国の形式で郵便番号を入力してください/);
  await shot(page, 'create-validation-ja.png');
  await box('郵便番号').fill('100-0005');
  await drawer.getByRole('button', { name: '作成', exact: true }).click();

  await page.getByRole('heading', { level: 1, name: '株式会社テスト工業' }).waitFor();
  await page.getByText('「株式会社テスト工業」を作成しました。').waitFor();
  assert.equal(await page.getByRole('tab', { name: /サブスクリプション/ }).getAttribute('aria-selected'), 'true');
  await page.getByRole('tabpanel').getByText('サブスクリプションはまだありません').waitFor();
  const details = await page.locator('.details-card').innerText();
  assert.match(details, /山田 花子/);
  assert.match(details, /\+81 3-1234-5678/); // libphonenumber's international format
  // A Japanese address in Japanese order: 〒postal code, prefecture and city, street (Japan goes without saying).
  assert.match(details, /住所\n〒100-0005\n東京都千代田区丸の内1-1-1\n業種/);
  assert.match(await page.locator('.page-description').innerText(), /東京都（日本）/);
  assert.match(details, /製造/);
  assert.match(details, /ローカルポリシー/);
  assert.match(await page.locator('.header-badges').innerText(), /審査中 · 期限：\d{4}年\d{1,2}月\d{1,2}日/);
  assert.match(await page.locator('.discount-card').innerText(), /非営利団体[\s\S]*最大5営業日/);
  await page.locator('.site-pane').getByRole('link', { name: '株式会社テスト工業' }).waitFor();
  await shot(page, 'customer-page-ja.png');
  const stored = await customerByCompany('株式会社テスト工業');
  assert.equal(stored.country, 'JP');
  assert.equal(stored.management.mode, 'local');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the customer page: details, discount status, tabs with their empty states, edit details', async () => {
  const westbrook = await customerByCompany('Westbrook Academy');
  const page = await signIn(browser, server, demoUsers.admin, { path: `/a/${acc}/customers/${westbrook.id}` });
  await page.getByRole('heading', { level: 1, name: 'Westbrook Academy' }).waitFor();
  assert.deepEqual(await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('listitem').allInnerTexts(),
    ['Northwind IT Services', 'Customers', 'Westbrook Academy']);
  assert.equal(await page.locator('.site-pane').getByRole('link', { name: 'Westbrook Academy' }).getAttribute('aria-current'), 'page');
  assert.equal(await page.locator('.nav-item[data-page="customers"]').getAttribute('aria-current'), 'page');
  const details = await page.locator('.details-card').innerText();
  assert.match(details, /Hannah Schmidt[\s\S]*it@westbrook-academy\.example[\s\S]*\+49 89 1234567[\s\S]*westbrook-academy\.example[\s\S]*Leopoldstraße 20[\s\S]*80802 München[\s\S]*Germany[\s\S]*Education[\s\S]*Global policies/);
  // The phone as libphonenumber writes it for Munich (not grouped by hand), dialled as E.164.
  const tel = page.locator('.details-card a[href^="tel:"]');
  assert.equal(await tel.innerText(), '+49 89 1234567');
  assert.equal(await tel.getAttribute('href'), 'tel:+49891234567');
  const site = page.locator('.details-card a.external');
  assert.equal(await site.getAttribute('href'), 'https://westbrook-academy.example');
  assert.equal(await site.getAttribute('rel'), 'noopener noreferrer nofollow');
  const discount = page.locator('.discount-card');
  assert.match(await discount.innerText(), /Segment discount[\s\S]*Pending review[\s\S]*Education[\s\S]*up to 5 business days/);

  // Each tab says what it will hold, never "coming soon".
  const tabs = { Subscriptions: 'No subscriptions yet', Devices: 'No devices yet', Alerts: 'No alerts' };
  for (const [tab, heading] of Object.entries(tabs)) {
    await page.getByRole('tab', { name: new RegExp(tab) }).click();
    await page.getByRole('tabpanel').locator('.empty-title', { hasText: heading }).waitFor();
    assert.match(await page.getByRole('tabpanel').innerText(), /Westbrook Academy/);
  }
  assert.doesNotMatch(await page.locator('main').innerText(), /coming soon/i);
  await page.getByRole('tab', { name: /Devices/ }).click();
  assert.match(await page.getByRole('tabpanel').innerText(), /No device of Westbrook Academy is enrolled yet\./);
  await page.getByRole('tab', { name: /Alerts/ }).click();
  // Tabs follow the arrow keys.
  await page.getByRole('tab', { name: /Alerts/ }).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByRole('tab', { name: /Policies/ }).getAttribute('aria-selected'), 'true');
  await page.getByRole('tabpanel').locator('tbody tr', { hasText: 'Global Test Policy' }).waitFor();

  // Edit details: the server's message beside the field, then saved.
  await page.getByRole('button', { name: 'Edit details' }).click();
  const drawer = page.getByRole('dialog', { name: 'Edit details' });
  await drawer.waitFor();
  const email = drawer.getByRole('textbox', { name: 'Email' });
  assert.equal(await email.evaluate((el) => el.readOnly), true);
  assert.equal(await drawer.getByRole('combobox', { name: 'Country' }).inputValue(), 'Germany');
  assert.equal(await drawer.getByRole('textbox', { name: 'Phone' }).inputValue(), '+49 89 1234567');
  await drawer.getByRole('textbox', { name: 'Phone' }).fill('not a phone');
  // Checked by the server as the field is left, before anything is saved.
  await drawer.getByRole('textbox', { name: 'Phone' }).press('Tab');
  await page.locator('#ec-phone-error').waitFor();
  assert.equal(await drawer.getByRole('textbox', { name: 'Phone' }).getAttribute('aria-invalid'), 'true');
  await drawer.getByRole('textbox', { name: 'Website' }).fill('javascript:alert(1)');
  await drawer.getByRole('button', { name: 'Save changes' }).click();
  await page.locator('#ec-phone-error').waitFor();
  assert.match(await page.locator('#ec-phone-error').innerText(), /valid phone number/);
  assert.match(await page.locator('#ec-website-error').innerText(), /web address|website|URL/i);
  await shot(page, 'edit-validation-en.png');
  await drawer.getByRole('textbox', { name: 'Phone' }).fill('089 7654321');
  await drawer.getByRole('textbox', { name: 'Website' }).fill('www.westbrook-academy.example');
  await drawer.getByRole('textbox', { name: 'Primary contact person' }).fill('Jonas Weber');
  await drawer.getByRole('textbox', { name: 'Company' }).fill('Westbrook International Academy');
  await drawer.getByRole('button', { name: 'Save changes' }).click();
  await drawer.waitFor({ state: 'detached' });
  await page.getByText('The details of “Westbrook International Academy” have been saved.').waitFor();
  await page.getByRole('heading', { level: 1, name: 'Westbrook International Academy' }).waitFor();
  const after = await page.locator('.details-card').innerText();
  assert.match(after, /Jonas Weber/);
  assert.match(after, /\+49 89 7654321/);
  // The pane follows the new name.
  await page.locator('.site-pane').getByRole('link', { name: 'Westbrook International Academy' }).waitFor();
  const stored = (await api.req('GET', `/api/v1/accounts/${acc}/customers/${westbrook.id}`)).json.customer;
  assert.equal(stored.contact_person, 'Jonas Weber');
  assert.equal(stored.phone, '+49897654321');
  assert.equal(stored.email, 'it@westbrook-academy.example');

  // Closing Edit details with changes asks first.
  await page.getByRole('button', { name: 'Edit details' }).click();
  await drawer.getByRole('textbox', { name: 'City' }).fill('Berlin');
  await page.keyboard.press('Escape');
  await page.getByRole('alertdialog', { name: 'Discard your changes?' }).getByRole('button', { name: 'Discard' }).click();
  await drawer.waitFor({ state: 'detached' });
  assert.match(await page.locator('.details-card').innerText(), /München/);
  await shot(page, 'customer-page-edited-en.png');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a viewer sees customers but no + Customer and no Edit details', async () => {
  const kookaburra = await customerByCompany('Kookaburra Legal');
  const page = await signIn(browser, server, demoUsers.viewer);
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await page.locator('tbody tr', { hasText: 'Kookaburra Legal' }).waitFor();
  assert.equal(await page.getByRole('button', { name: /Customer/ }).count(), 0);
  await page.getByRole('navigation', { name: 'Account pages' }).getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
  await page.locator('tbody tr', { hasText: 'Kookaburra Legal' }).waitFor();
  // (The Customer column's header sorts the list; it adds nothing.)
  assert.equal(await page.getByRole('button', { name: /Customer/ }).and(page.locator(':not(.sort-button)')).count(), 0);
  await page.locator('tbody').getByRole('link', { name: 'Kookaburra Legal' }).click();
  await page.waitForURL(new RegExp(`/customers/${kookaburra.id}$`));
  await page.getByRole('heading', { level: 1, name: 'Kookaburra Legal' }).waitFor();
  assert.equal(await page.getByRole('button', { name: /Edit/ }).count(), 0);
  assert.match(await page.locator('.details-card').innerText(), /View only: your role can see this customer but not change it\./);
  await shot(page, 'customer-page-viewer-en.png');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('many customers: the Customers page searches and loads more, the pane searches the server and shows more', async () => {
  // 60 more customers, so neither the page (25) nor the pane (50) holds them all at once.
  for (let i = 0; i < 60; i++) {
    const n = String(i).padStart(2, '0');
    const r = await api.req('POST', `/api/v1/accounts/${acc}/customers`, {
      source: 'new', email: `it@zeta-${n}.example`, contact_person: `Contact ${n}`, phone: '+442079460000',
      company: `Zeta Branch ${n}`, industry: 'retail', website: `zeta-${n}.example`, street: `${i + 1} High Street`,
      postal_code: 'SW1A 1AA', city: 'London', country: 'GB', segment_discount: null,
      management: { mode: 'local', template: 'workstation' },
    }, { headers: { 'idempotency-key': 'bulk-' + n } });
    assert.equal(r.status, 201, r.text);
  }
  const total = (await api.req('GET', `/api/v1/accounts/${acc}/customers?limit=1`)).json.total;
  const page = await signIn(browser, server, demoUsers.admin, { path: `/a/${acc}/customers` });
  await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
  await page.getByText(`${total} customers`).waitFor();
  const rows = page.locator('main tbody tr');
  assert.equal(await rows.count(), 25);
  await shot(page, 'customers-page-en.png');
  await page.getByRole('button', { name: 'Load more' }).click();
  await page.getByText(`50 of ${total} shown`).waitFor();
  assert.equal(await rows.count(), 50);
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), (await rows.nth(25).locator('a').innerText()).trim(),
    'focus continues at the first new row');

  // Search (server q): company, e-mail or contact.
  const search = page.locator('main').getByRole('searchbox', { name: 'Search customers' });
  await search.fill('zeta branch 4');
  await page.getByText('10 customers').waitFor();
  assert.equal(await rows.count(), 10);
  await search.fill('Contact 07');
  await page.getByText('1 customer', { exact: true }).waitFor();
  assert.match(await rows.innerText(), /Zeta Branch 07/);
  await search.fill('no such customer');
  await page.getByText('No customers match “no such customer”').waitFor();
  await search.fill('');
  await page.getByText(`${total} customers`).waitFor();

  // The pane: the first 50, Show more, and search through the server.
  const pane = page.locator('.site-pane');
  assert.equal(await pane.locator('.count-pill').innerText(), String(total));
  assert.equal(await pane.locator('.site-item').count(), 50);
  await pane.getByRole('button', { name: 'Show more' }).click();
  await pane.locator('.site-item').nth(50).waitFor();
  assert.equal(await pane.locator('.site-item').count(), total);
  assert.equal(await pane.getByRole('button', { name: 'Show more' }).count(), 0);
  await page.reload();
  await pane.locator('.site-item').first().waitFor();
  await pane.getByRole('searchbox').fill('branch 59');
  await pane.getByRole('link', { name: 'Zeta Branch 59' }).waitFor();
  assert.equal(await pane.locator('.site-item').count(), 1);
  await pane.getByRole('link', { name: 'Zeta Branch 59' }).click();
  await page.getByRole('heading', { level: 1, name: 'Zeta Branch 59' }).waitFor();
  assert.equal(await pane.getByRole('link', { name: 'Zeta Branch 59' }).getAttribute('aria-current'), 'page');
  assert.equal(await pane.getByRole('searchbox').inputValue(), 'branch 59', 'the pane keeps its search across pages');
  await shot(page, 'pane-search-en.png');

  // The dashboard shows the first rows and loads more.
  await pane.getByRole('link', { name: 'All customers' }).click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  assert.equal(await page.locator('.stat-card').first().locator('.stat-value').innerText(), String(total));
  const dashRows = page.locator('main .dashboard-table tbody tr');
  await dashRows.first().waitFor();
  assert.equal(await dashRows.count(), 25);
  await page.getByRole('button', { name: 'Load more' }).click();
  await page.getByText('50 shown').waitFor();
  assert.equal(await dashRows.count(), 50);

  // The OMS search pages too: every customer made here is an OMS record.
  const eligible = (await api.req('GET', `/api/v1/accounts/${acc}/oms/records?limit=1`)).json.total;
  assert.ok(eligible > 40);
  await page.getByRole('button', { name: '+ Customer' }).click();
  const drawer = page.getByRole('dialog', { name: 'Create Customer' });
  await drawer.getByRole('radio', { name: 'Create from OMS' }).check();
  await drawer.getByRole('button', { name: 'Select from OMS' }).click();
  const picker = page.getByRole('dialog', { name: 'Select from OMS' });
  await picker.getByText(`${eligible} results found`).waitFor();
  const omsRows = picker.locator('tbody tr');
  assert.equal(await omsRows.count(), 20);
  await picker.getByText(`20 of ${eligible} shown`).waitFor();
  await picker.getByRole('button', { name: 'Load more' }).click();
  await picker.getByText(`40 of ${eligible} shown`).waitFor();
  assert.equal(await omsRows.count(), 40);
  assert.equal(await page.evaluate(() => document.activeElement.closest('tr')?.rowIndex), 21, 'focus continues at the first new row');
  await shot(page, 'oms-search-more-en.png');
  await page.keyboard.press('Escape');
  await picker.waitFor({ state: 'detached' });
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });

  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an empty partner and a missing customer', async () => {
  const id = await server.ctl(['partner', 'add', '--db', '$DB', '--name', 'Fresh Start IT']);
  assert.equal(id.code, 0, id.stderr);
  const fresh = id.stdout.trim();
  const add = await server.ctl(['user', 'add', '--db', '$DB', '--email', 'owner@freshstart.example',
    '--password', 'fresh-start-owner-9', '--account', fresh, '--role', 'admin']);
  assert.equal(add.code, 0, add.stderr);
  const page = await signIn(browser, server, { email: 'owner@freshstart.example', password: 'fresh-start-owner-9' });
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  const pane = page.locator('.site-pane');
  await pane.getByText('No customers yet').waitFor();
  assert.equal(await page.locator('.stat-card').first().locator('.stat-value').innerText(), '0');
  const empty = page.locator('.card .empty');
  assert.match(await empty.innerText(), /No customers yet/);
  // The empty state offers the first step, and so does the page header.
  assert.equal(await page.getByRole('button', { name: '+ Customer' }).count(), 2);
  await page.getByRole('navigation', { name: 'Account pages' }).getByRole('link', { name: 'Customers' }).click();
  await page.locator('main .empty-title', { hasText: 'No customers yet' }).waitFor();
  // Without global policies the drawer says how to go on.
  await page.getByRole('button', { name: '+ Customer' }).first().click();
  const drawer = page.getByRole('dialog', { name: 'Create Customer' });
  await drawer.waitFor();
  // With no global policy to choose, local policies are preselected.
  await drawer.locator('input[name="manage"][value="local"]:checked').waitFor();
  await drawer.getByRole('radio', { name: 'Manage with global policies' }).check();
  await drawer.getByText('You have no global policies yet').waitFor();
  await shot(page, 'create-no-global-policies-en.png');
  await drawer.getByRole('button', { name: 'Manage with local policies' }).click();
  assert.equal(await drawer.getByRole('radio', { name: 'Manage with local policies' }).isChecked(), true);
  await drawer.getByRole('radio', { name: /Copy an existing local policy/ }).check();
  await drawer.getByText('None of your customers has a local policy to copy yet.').waitFor();
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });

  // Another partner's customer, or none: not found, inside the shell.
  const c = await apiAs(server, demoUsers.harbor);
  const harborAcc = await partnerId(c);
  const harborCustomer = (await c.req('GET', `/api/v1/accounts/${harborAcc}/customers`)).json.customers
    .find((x) => x.company === 'Harbor Fisheries Ltd');
  await page.goto(server.url + `/a/${fresh}/customers/${harborCustomer.id}`);
  await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  assert.doesNotMatch(await page.locator('main').innerText(), /Harbor Fisheries/);
  await page.goto(server.url + `/a/${fresh}/customers/cus_nothinghere`);
  await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  await page.locator('#account-switcher').waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('hostile customer names and details are shown as text everywhere', async () => {
  const hostile = '<img src=x onerror=alert(1)> & Co';
  const contact = '"><svg onload=alert(2)>';
  const r = await api.req('POST', `/api/v1/accounts/${acc}/customers`, {
    source: 'new', email: 'it@hostile-names.example', contact_person: contact, phone: '+442079460000',
    company: hostile, industry: 'legal', website: 'hostile-names.example', street: '<b>1</b> Street',
    postal_code: 'SW1A 1AA', city: 'London', country: 'GB', segment_discount: null,
    management: { mode: 'local', template: 'workstation' },
  }, { headers: { 'idempotency-key': 'hostile-names' } });
  assert.equal(r.status, 201, r.text);
  const page = await signIn(browser, server, demoUsers.admin);
  const row = page.locator('main .dashboard-table tbody tr', { hasText: hostile });
  await row.waitFor();
  assert.equal(await row.locator('th a').innerText(), hostile);
  await page.goto(server.url + `/a/${acc}/customers`);
  const listed = page.locator('main tbody tr', { hasText: hostile });
  await listed.waitFor();
  assert.match(await listed.innerText(), new RegExp(contact.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await page.locator('.site-pane').getByRole('link', { name: hostile }).click();
  await page.getByRole('heading', { level: 1, name: hostile }).waitFor();
  assert.match(await page.locator('.details-card').innerText(), /<b>1<\/b> Street/);
  assert.equal(await page.locator('title').innerText(), `${hostile} · Northwind IT Services · Steward`);
  await page.getByRole('button', { name: 'Edit details' }).click();
  const drawer = page.getByRole('dialog', { name: 'Edit details' });
  assert.equal(await drawer.getByRole('textbox', { name: 'Company' }).inputValue(), hostile);
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });
  // In the OMS search too.
  await page.locator('.site-pane').getByRole('link', { name: 'All customers' }).click();
  await page.getByRole('button', { name: '+ Customer' }).click();
  const create = page.getByRole('dialog', { name: 'Create Customer' });
  await create.getByRole('radio', { name: 'Create from OMS' }).check();
  await create.getByRole('button', { name: 'Select from OMS' }).click();
  const picker = page.getByRole('dialog', { name: 'Select from OMS' });
  await picker.getByLabel('Find customer:').fill('hostile-names');
  await picker.locator('tbody tr', { hasText: hostile }).waitFor();
  assert.equal(await page.locator('img[src="x"], svg[onload]').count(), 0);
  assert.deepEqual(page.problems, [], 'no script ran');
  await page.context().close();
});

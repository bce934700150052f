// Browser tests of the console in Japanese: signing in in Japanese, the
// user's language from the server winning, switching language from the
// profile menu (persisted per user), Japanese addresses in Japanese order,
// the two dictionaries matching, and the Japanese texts following one
// writing style and one set of terms.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, demoUsers, Client } from '../lib/server.mjs';
import en from '../../web/js/i18n/en.js';
import ja from '../../web/js/i18n/ja.js';
import jaSchema from '../../web/js/i18n/schema-ja.js';
import { signIn } from './support.mjs';

const artifacts = resolve(new URL('../artifacts', import.meta.url).pathname);
let server, browser;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await startServer();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(locale = 'en-US') {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push('pageerror: ' + e.message));
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) page.problems.push('csp: ' + m.text());
  });
  return page;
}

test('signing in in Japanese shows the Japanese console', async () => {
  const page = await newPage('en-US');
  await page.goto(server.url + '/signin');
  await page.getByRole('button', { name: '日本語' }).click();
  await page.getByRole('heading', { name: 'サインイン' }).waitFor();
  await page.getByLabel('メールアドレス').fill(demoUsers.tanaka.email);
  await page.getByLabel('パスワード', { exact: true }).fill(demoUsers.tanaka.password);
  await page.getByRole('button', { name: 'サインイン', exact: true }).click();

  const nav = page.getByRole('navigation', { name: 'アカウントのページ' });
  await nav.waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  const labels = (await nav.getByRole('link').allInnerTexts()).map((s) => s.trim());
  assert.deepEqual(labels, ['ダッシュボード', '顧客', 'デバイス', 'ポリシー', 'サブスクリプション', 'アラート', 'ユーザー', '監査ログ', 'APIクライアント', 'Webhook', '設定']);
  await page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
  assert.match(await page.locator('#account-switcher').innerText(), /Northwind IT Services[\s\S]*パートナー · 管理者/);
  assert.match(await page.locator('#profile-button').innerText(), /田中 健/);
  assert.equal(await page.locator('#profile-button .avatar').innerText(), '田');
  await page.locator('.site-pane').getByRole('link', { name: '株式会社さくら精機' }).waitFor();
  assert.equal(await page.locator('.page-actions').getByRole('button', { name: '+ 顧客を追加' }).count(), 1);
  assert.equal(await page.getByRole('searchbox', { name: '顧客を検索' }).count(), 1);
  for (const title of ['顧客', 'デバイス', '未対応のアラート', 'まもなく終了']) {
    assert.equal(await page.locator('.stat-title', { hasText: new RegExp('^' + title + '$') }).count(), 1, title);
  }
  await page.screenshot({ path: resolve(artifacts, 'dashboard-ja.png'), animations: 'disabled' });

  // Every page speaks Japanese, with its data or its own empty state.
  const pages = [['顧客', '株式会社さくら精機', 'customers'], ['デバイス', 'SKR-NGY-CAD-03', 'devices'], ['ポリシー', 'Standard Servers', 'policies'],
    ['サブスクリプション', '株式会社さくら精機', 'subscriptions'], ['アラート', '脅威を検出', 'alerts'],
    ['ユーザー', '田中 健', 'users'], ['監査ログ', 'イベント', 'audit'], ['APIクライアント', 'クライアント', 'api-clients'],
    ['Webhook', 'エンドポイント', 'webhooks']];
  for (const [label, empty, segment] of pages) {
    await nav.getByRole('link', { name: label, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: label }).waitFor();
    await page.locator('main').locator('.empty-title, tbody th, .card-title', { hasText: empty }).first().waitFor();
    await page.screenshot({ path: resolve(artifacts, `page-${segment}-ja.png`), animations: 'disabled' });
  }
  await page.goto(server.url + '/nowhere');
  await page.getByRole('heading', { level: 1, name: 'ページが見つかりません' }).waitFor();
  await page.screenshot({ path: resolve(artifacts, 'not-found-ja.png'), animations: 'disabled' });

  // Dates follow the language too.
  await nav.getByRole('link', { name: '設定' }).click();
  await page.getByRole('heading', { level: 1, name: '設定' }).waitFor();
  const details = await page.locator('.details').innerText();
  assert.match(details, /作成日時\s+\d{4}\/\d{1,2}\/\d{1,2} \d{1,2}:\d{2}/);
  assert.doesNotMatch(details, /Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|AM|PM/);
  await page.screenshot({ path: resolve(artifacts, 'settings-ja.png'), animations: 'disabled' });

  await page.locator('#profile-button').click();
  const menu = page.getByRole('menu', { name: 'プロフィールメニュー' });
  await menu.waitFor();
  assert.equal(await menu.getByRole('menuitemradio', { name: '日本語' }).getAttribute('aria-checked'), 'true');
  await page.screenshot({ path: resolve(artifacts, 'profile-menu-ja.png'), animations: 'disabled' });
  await menu.getByRole('menuitem', { name: 'サインアウト' }).click();
  await page.getByText('サインアウトしました。').waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the user's own language wins over the sign-in page's", async () => {
  const page = await newPage('en-US');
  await page.goto(server.url + '/signin');
  await page.getByLabel('E-mail address').fill(demoUsers.tanaka.email);
  await page.getByLabel('Password', { exact: true }).fill(demoUsers.tanaka.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  await page.context().close();
});

test('switching language in the profile menu persists for the user', async () => {
  const page = await newPage('en-US');
  await page.goto(server.url + '/signin');
  await page.getByLabel('E-mail address').fill(demoUsers.viewer.email);
  await page.getByLabel('Password', { exact: true }).fill(demoUsers.viewer.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();

  await page.locator('#profile-button').click();
  await page.getByRole('menuitemradio', { name: '日本語' }).click();
  await page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
  await page.getByText('表示言語を日本語に変更しました。').waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  // Focus returns to the profile button after the console is redrawn.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'profile-button');

  // Reloading keeps Japanese, and so does the server for this user.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
  const c = new Client(server.url);
  await c.signIn(demoUsers.viewer);
  assert.equal((await c.req('GET', '/api/v1/me')).json.user.language, 'ja');

  // A fresh browser (no local memory) gets Japanese from the server too.
  const other = await newPage('en-US');
  await other.goto(server.url + '/signin');
  await other.getByLabel('E-mail address').fill(demoUsers.viewer.email);
  await other.getByLabel('Password', { exact: true }).fill(demoUsers.viewer.password);
  await other.getByRole('button', { name: 'Sign in' }).click();
  await other.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
  await other.context().close();

  // And back to English from the profile page's form.
  await page.locator('#profile-button').click();
  await page.getByRole('menuitem', { name: 'プロフィール' }).click();
  await page.getByRole('heading', { level: 1, name: 'プロフィール' }).waitFor();
  await page.screenshot({ path: resolve(artifacts, 'profile-ja.png'), animations: 'disabled' });
  await page.getByRole('combobox', { name: '言語' }).selectOption('en');
  await page.getByRole('button', { name: '変更を保存' }).click();
  await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
  assert.equal((await c.req('GET', '/api/v1/me')).json.user.language, 'en');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the English and Japanese dictionaries have the same keys and placeholders', () => {
  const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
  assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort());
  for (const k of Object.keys(en)) {
    assert.equal(placeholders(ja[k]), placeholders(en[k]), k);
    assert.ok(ja[k].trim() !== '', k);
  }
});

test('every policy setting, description and choice has Japanese text, and nothing stale is left', () => {
  const schema = JSON.parse(readFileSync(new URL('../../src/app/policy/schema.json', import.meta.url), 'utf8'));
  const wanted = new Set();
  const choices = new Set();
  const walk = (node, path) => {
    if (path) {
      assert.ok(node.title, `${path} has a title in the schema`);
      wanted.add(path);
      if (node.description) wanted.add(path + '#description');
    }
    for (const v of node.enum ?? node.items?.enum ?? []) choices.add(v);
    for (const [k, child] of Object.entries(node.properties ?? {})) walk(child, path ? path + '.' + k : k);
  };
  walk(schema, '');
  assert.ok(wanted.size > 30, 'the schema was read');
  const missing = [...wanted].filter((k) => !(k in jaSchema));
  assert.deepEqual(missing, [], 'settings without Japanese text');
  const stale = Object.keys(jaSchema).filter((k) => !wanted.has(k));
  assert.deepEqual(stale, [], 'Japanese text for settings the schema no longer has');
  for (const v of choices) {
    assert.ok(('policy.value.' + v) in en && ('policy.value.' + v) in ja, `choice "${v}" has a label in both languages`);
  }
});

test('a Japanese address reads in Japanese order wherever the Japanese console shows it', async () => {
  const admin = new Client(server.url);
  await admin.signIn(demoUsers.admin);
  const acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  const created = await admin.req('POST', `/api/v1/accounts/${acc}/customers`, {
    source: 'new', email: 'it@marunouchi-trading.example', contact_person: 'Ken Sato', phone: '+81352001234',
    company: 'Marunouchi Trading K.K.', industry: 'retail', website: 'marunouchi-trading.example',
    street: '1-1-1 Marunouchi', postal_code: '100-0005', city: 'Chiyoda-ku, Tokyo', country: 'JP',
    segment_discount: null, management: { mode: 'local', template: 'workstation' },
  });
  assert.equal(created.status, 201);
  const customers = (await admin.req('GET', `/api/v1/accounts/${acc}/customers?limit=100`)).json.customers;
  const id = (company) => customers.find((c) => c.company === company).id;
  const address = async (page, company) => {
    await page.goto(server.url + `/a/${acc}/customers/${id(company)}`);
    await page.getByRole('heading', { level: 1, name: company }).waitFor();
    return page.locator('.address-line').allInnerTexts();
  };

  // In Japanese: 〒postal code, then prefecture and city, then the street; Japan goes without saying.
  const ja = await signIn(browser, server, demoUsers.tanaka);
  assert.deepEqual(await address(ja, '株式会社さくら精機'), ['〒100-0005', '東京都千代田区丸の内1-1-1']);
  assert.match(await ja.locator('.page-description').innerText(), /東京都（日本）/);
  await ja.screenshot({ path: resolve(artifacts, 'customer-address-ja.png'), animations: 'disabled' });
  assert.deepEqual(await address(ja, 'Marunouchi Trading K.K.'), ['〒100-0005', 'Chiyoda-ku, Tokyo 1-1-1 Marunouchi']);
  // Another country's address keeps that country's order, with its name.
  assert.deepEqual(await address(ja, 'Olivetta Finanza S.p.A.'), ['Via del Corso 101', '00186 Roma', 'イタリア']);
  // An OMS record picked in the drawer, on one line.
  await ja.goto(server.url + `/a/${acc}`);
  await ja.locator('.page-actions').getByRole('button', { name: '+ 顧客を追加' }).click();
  const drawer = ja.getByRole('dialog', { name: '顧客の作成' });
  await drawer.getByRole('radio', { name: 'OMSから作成' }).check();
  await drawer.getByRole('button', { name: 'OMSから選択' }).click();
  const picker = ja.getByRole('dialog', { name: 'OMSから選択' });
  await picker.getByLabel('顧客を検索').fill('北海道');
  await picker.getByText('1件見つかりました').waitFor();
  await picker.getByRole('button', { name: /選択/ }).click();
  await ja.waitForFunction(() => document.querySelector('[data-ref="recordAddress"]')?.textContent.includes('札幌市'));
  assert.equal(await drawer.locator('[data-ref="recordAddress"]').innerText(), '〒060-0001 札幌市中央区北1条西2丁目');
  assert.deepEqual(ja.problems, []);
  await ja.context().close();

  // In English: an address written in Japanese keeps its order, one in Latin letters reads the Western way.
  const en = await signIn(browser, server, demoUsers.admin);
  assert.deepEqual(await address(en, '株式会社さくら精機'), ['〒100-0005', '東京都千代田区丸の内1-1-1', 'Japan']);
  assert.deepEqual(await address(en, 'Marunouchi Trading K.K.'), ['1-1-1 Marunouchi', '100-0005 Chiyoda-ku, Tokyo', 'Japan']);
  assert.match(await en.locator('.page-description').innerText(), /Chiyoda-ku, Tokyo, Japan/);
  assert.deepEqual(en.problems, []);
  await en.context().close();
});

test('the Japanese texts follow one writing style and one set of terms', () => {
  const JA = '[\\u3040-\\u30ff\\u3400-\\u9fff]';
  const rules = [
    // No space between Japanese and Latin letters, digits or placeholders (nor before の).
    [new RegExp(`${JA} [A-Za-z0-9{(+]|[A-Za-z0-9})%] ${JA}`), 'a space between Japanese and Latin text'],
    [/ の/, 'a space before の'],
    // Full-width question marks and brackets in Japanese sentences.
    [new RegExp(`(${JA}|\\})[?!]`), 'a half-width ? or ! in Japanese'],
    [new RegExp(`${JA} ?\\(|\\([^)]*${JA}[^)]*\\)`), 'half-width parentheses in Japanese'],
    [/[ァ-ヶー] [ァ-ヶー]/, 'a katakana word written in two parts'],
    // One term for one thing.
    [/トライアル/, 'トライアル (the console says 試用版)'],
    [/柔軟な請求/, '柔軟な請求 (the console says フレキシブル課金)'],
    [/お客様|あなたの|購読/, 'お客様, あなたの or 購読'],
    [/有効期限/, '有効期限 (an end date is 終了日)'],
  ];
  const problems = [];
  for (const [dict, name] of [[ja, 'ja.js'], [jaSchema, 'schema-ja.js']]) {
    for (const [key, text] of Object.entries(dict)) {
      for (const [re, what] of rules) if (re.test(text)) problems.push(`${name} ${key}: ${what}: ${text}`);
    }
  }
  assert.deepEqual(problems, []);
  // Natural labels where the first translation read oddly.
  assert.equal(ja['customer.field.company'], '会社名');
  assert.equal(ja['oms.col.company'], '会社名');
  assert.equal(ja['customer.field.contact'], '主担当者');
  assert.equal(ja['customer.field.phone.hint'], '市外局番から入力した番号は、下で選択した国の番号として国際形式で保存されます。');
  assert.equal(ja['sub.act.code'], 'コードを適用', 'a code is redeemed with 適用 everywhere');
});

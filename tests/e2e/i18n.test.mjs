// Browser tests of the console in Japanese: signing in in Japanese, the
// user's language from the server winning, switching language from the
// profile menu (persisted per user), and the two dictionaries matching.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, demoUsers, Client } from '../lib/server.mjs';
import en from '../../web/js/i18n/en.js';
import ja from '../../web/js/i18n/ja.js';
import jaSchema from '../../web/js/i18n/schema-ja.js';

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
  assert.deepEqual(labels, ['ダッシュボード', '顧客', 'ポリシー', 'サブスクリプション', 'アラート', 'ユーザー', '監査ログ', '設定']);
  await page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
  assert.match(await page.locator('#account-switcher').innerText(), /Northwind IT Services[\s\S]*パートナー · 管理者/);
  assert.match(await page.locator('#profile-button').innerText(), /田中 健/);
  assert.equal(await page.locator('#profile-button .avatar').innerText(), '田');
  await page.locator('.site-pane').getByRole('link', { name: '株式会社さくら精機' }).waitFor();
  assert.equal(await page.locator('.page-actions').getByRole('button', { name: '+ 顧客' }).count(), 1);
  assert.equal(await page.getByRole('searchbox', { name: '顧客を検索' }).count(), 1);
  for (const title of ['顧客', 'デバイス', '未対応のアラート', 'まもなく終了']) {
    assert.equal(await page.locator('.stat-title', { hasText: new RegExp('^' + title + '$') }).count(), 1, title);
  }
  await page.screenshot({ path: resolve(artifacts, 'dashboard-ja.png'), animations: 'disabled' });

  // Every page speaks Japanese, with its data or its own empty state.
  const pages = [['顧客', '株式会社さくら精機', 'customers'], ['ポリシー', 'Standard Servers', 'policies'],
    ['サブスクリプション', '株式会社さくら精機', 'subscriptions'], ['アラート', '未対応のアラートはありません', 'alerts'],
    ['ユーザー', '招待したユーザーはまだいません', 'users'], ['監査ログ', '監査イベントはここに表示されます', 'audit']];
  for (const [label, empty, segment] of pages) {
    await nav.getByRole('link', { name: label, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: label }).waitFor();
    await page.locator('main').locator('.empty-title, tbody th', { hasText: empty }).first().waitFor();
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

// Browser tests of the sign-in page: checks before sending, the server's
// answers (wrong password, rate limiting with the wait time), the busy
// button, and the language switch that works before signing in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, demoUsers } from '../lib/server.mjs';

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
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push('pageerror: ' + e.message));
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) page.problems.push('csp: ' + m.text());
  });
  page.sessionRequests = 0;
  page.on('request', (r) => { if (r.url().endsWith('/api/v1/session') && r.method() === 'POST') page.sessionRequests++; });
  return page;
}

test('a wrong password shows the server message and stays on the sign-in page', async () => {
  const page = await newPage();
  await page.goto(server.url + '/signin');
  await page.getByLabel('E-mail address').fill(demoUsers.admin.email);
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /The e-mail address or password is incorrect\./);
  assert.match(page.url(), /\/signin$/);
  // The password is cleared and focused for another try; the e-mail stays.
  assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'signin-password');
  assert.equal(await page.getByLabel('E-mail address').inputValue(), demoUsers.admin.email);
  await page.screenshot({ path: resolve(artifacts, 'signin-wrong-password-en.png'), animations: 'disabled' });

  // The right password then works.
  await page.getByLabel('Password', { exact: true }).fill(demoUsers.admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#account-switcher').waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('missing and malformed input is caught beside the fields before sending', async () => {
  const page = await newPage();
  await page.goto(server.url + '/signin');
  await page.getByLabel('E-mail address').waitFor();
  await page.getByRole('button', { name: 'Sign in' }).click();
  const email = page.getByLabel('E-mail address');
  const password = page.getByLabel('Password', { exact: true });
  assert.equal(await email.getAttribute('aria-invalid'), 'true');
  assert.equal(await password.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#signin-email-error').innerText(), 'This field is required.');
  assert.equal(await page.locator('#signin-password-error').innerText(), 'This field is required.');
  // The message is tied to the field for screen readers, and focus is on it.
  assert.match(await email.getAttribute('aria-describedby'), /signin-email-error/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'signin-email');

  await email.fill('alex.northwind.example');
  await password.fill('whatever-it-is');
  await page.getByRole('button', { name: 'Sign in' }).click();
  assert.match(await page.locator('#signin-email-error').innerText(), /valid e-mail address/);
  assert.equal(await page.locator('#signin-password-error').isVisible(), false);
  await page.screenshot({ path: resolve(artifacts, 'signin-validation-en.png'), animations: 'disabled' });
  assert.equal(page.sessionRequests, 0, 'nothing was sent');

  // Typing clears the message.
  await email.fill('alex@northwind.example');
  assert.equal(await page.locator('#signin-email-error').isVisible(), false);
  assert.equal(await email.getAttribute('aria-invalid'), null);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the button is disabled while signing in', async () => {
  const page = await newPage();
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/api/v1/session', async (route) => {
    if (route.request().method() === 'POST') await held;
    await route.continue();
  });
  await page.goto(server.url + '/signin');
  await page.getByLabel('E-mail address').fill(demoUsers.viewer.email);
  await page.getByLabel('Password', { exact: true }).fill(demoUsers.viewer.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const busy = page.getByRole('button', { name: 'Signing in…' });
  await busy.waitFor();
  assert.equal(await busy.isDisabled(), true);
  // A second press does nothing while the first is under way.
  await page.keyboard.press('Enter');
  release();
  await page.locator('#account-switcher').waitFor();
  assert.equal(page.sessionRequests, 1);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('repeated failures show the wait time from Retry-After and lock the button', async () => {
  const page = await newPage();
  await page.goto(server.url + '/signin');
  const email = page.getByLabel('E-mail address');
  const password = page.getByLabel('Password', { exact: true });
  await email.fill(demoUsers.harbor.email);
  let text = '';
  for (let i = 0; i < 8; i++) {
    await password.fill('wrong-password-' + i);
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/session'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    const r = await answer;
    if (r.status() === 429) {
      assert.ok(Number(r.headers()['retry-after']) > 0);
      break;
    }
    assert.equal(r.status(), 401);
    await page.getByRole('alert').waitFor();
  }
  await page.getByText('Too many attempts').waitFor();
  text = await page.getByRole('alert').innerText();
  assert.match(text, /sign-in is paused\. Try again in \d+ (minutes|seconds)\./);
  const button = page.locator('form button[type="submit"]');
  assert.equal(await button.isDisabled(), true);
  assert.match(await button.innerText(), /Try again in (\d+ s|\d+:\d\d)/);
  await page.screenshot({ path: resolve(artifacts, 'signin-rate-limited-en.png'), animations: 'disabled' });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the sign-in page speaks Japanese on request and remembers the choice', async () => {
  const page = await newPage('en-US');
  await page.goto(server.url + '/signin');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: '日本語' }).click();
  await page.getByRole('heading', { name: 'サインイン' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  assert.equal(await page.getByRole('button', { name: '日本語' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await page.getByLabel('メールアドレス').count(), 1);

  // Inline checks and server messages follow the language.
  await page.getByRole('button', { name: 'サインイン', exact: true }).click();
  assert.equal(await page.locator('#signin-email-error').innerText(), 'この項目は必須です。');
  await page.getByLabel('メールアドレス').fill(demoUsers.viewer.email);
  await page.getByLabel('パスワード', { exact: true }).fill('wrong-password');
  await page.getByRole('button', { name: 'サインイン', exact: true }).click();
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /メールアドレスまたはパスワードが正しくありません。/);
  await page.screenshot({ path: resolve(artifacts, 'signin-ja.png'), animations: 'disabled' });

  await page.reload();
  await page.getByRole('heading', { name: 'サインイン' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the browser language is the default before sign-in', async () => {
  const page = await newPage('ja-JP');
  await page.goto(server.url + '/signin');
  await page.getByRole('heading', { name: 'サインイン' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  await page.context().close();
});

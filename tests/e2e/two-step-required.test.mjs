// An account that requires two-step verification of every user (Settings),
// in the browser: the admin must have it first; a user without it who
// signs in is taken to the profile, sets it up there and continues; the
// same in Japanese for the words a user reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { totp } from '../lib/totp.mjs';
import { demoUsers } from '../lib/server.mjs';
import { signIn, demoSuite, newPage } from './support.mjs';

const env = demoSuite();

/** Sets two-step verification up on the profile page, reading the key off the page. */
async function setUp(page, { button, codeLabel, turnOn }) {
  await page.getByRole('button', { name: button }).click();
  const shown = await page.locator('.totp-secret').innerText();
  const secret = shown.replace(/ /g, '');
  await page.getByLabel(codeLabel).fill(totp(secret));
  await page.getByRole('button', { name: turnOn }).click();
  return secret;
}

test('the admin requires it; a user without it sets it up at sign-in, then reaches the account', async () => {
  const admin = await signIn(env.browser, env.server, demoUsers.admin, { path: `/a/${env.acc}/settings` });
  const card = admin.locator('.card', { hasText: 'Require two-step verification for every user' });
  await card.waitFor();
  await card.getByLabel('Require two-step verification for every user').check();
  await card.getByRole('button', { name: 'Save' }).click();
  // Not before the admin has it: the reason, with the way to the profile.
  await card.locator('#require-two-step-error').getByText('Turn on two-step verification for yourself first.').waitFor();
  await card.getByRole('link', { name: 'Set it up in your profile' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
  await setUp(admin, { button: 'Set up two-step verification', codeLabel: 'Code from the app', turnOn: 'Turn on' });
  await admin.getByText(/Store these recovery codes now/).waitFor();
  await admin.goto(`${env.server.url}/a/${env.acc}/settings`);
  await card.getByLabel('Require two-step verification for every user').check();
  await card.getByRole('button', { name: 'Save' }).click();
  await admin.getByText('Two-step verification is now required for every user.').waitFor();
  assert.equal((await env.api.req('GET', `/api/v1/accounts/${env.acc}`)).json.account.require_two_step, true);
  // A viewer sees whether it is required, and cannot change it.
  assert.deepEqual(admin.problems, []);
  await admin.context().close();

  // The viewer signs in: straight to the profile, told why.
  const page = await newPage(env.browser);
  await page.goto(env.server.url + '/');
  await page.locator('input[type="email"]').fill(demoUsers.viewer.email);
  await page.locator('input[type="password"]').fill(demoUsers.viewer.password);
  await page.locator('button[type="submit"]').click();
  await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
  assert.match(page.url(), /\/profile\?two_step=required$/);
  const notice = page.locator('[data-ref="twoStepNotice"]');
  await notice.getByText('Two-step verification is required').waitFor();
  assert.match(await notice.innerText(), /Northwind[^\n]* requires two-step verification\. Set it up below to continue\./);
  // Opening the account meanwhile leads back here.
  await page.goto(`${env.server.url}/a/${env.acc}/customers`);
  await page.waitForURL(/\/profile\?two_step=required$/);
  await setUp(page, { button: 'Set up two-step verification', codeLabel: 'Code from the app', turnOn: 'Turn on' });
  await notice.getByText('Two-step verification is on').waitFor();
  await notice.getByRole('link', { name: 'Continue' }).click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  // Settings: read-only for the viewer, saying it is required.
  await page.goto(`${env.server.url}/a/${env.acc}/settings`);
  await page.getByText('Every user of this account must use two-step verification.').waitFor();
  assert.equal(await page.getByLabel('Require two-step verification for every user').count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // In Japanese: tanaka, who has no two-step verification yet.
  const ja = await newPage(env.browser, { locale: 'ja-JP' });
  await ja.goto(env.server.url + '/');
  await ja.locator('input[type="email"]').fill(demoUsers.tanaka.email);
  await ja.locator('input[type="password"]').fill(demoUsers.tanaka.password);
  await ja.locator('button[type="submit"]').click();
  await ja.getByRole('heading', { level: 1, name: 'プロフィール' }).waitFor();
  await ja.locator('[data-ref="twoStepNotice"]').getByText('2段階認証が必要です').waitFor();
  assert.match(await ja.locator('[data-ref="twoStepNotice"]').innerText(), /では2段階認証が必須です。続けるには、下で設定してください。/);
  assert.deepEqual(ja.problems, []);
  await ja.context().close();
});

test('the demo\'s law firm requires it: its admin signs in and is taken to set it up', async () => {
  const page = await newPage(env.browser);
  await page.goto(env.server.url + '/');
  await page.locator('input[type="email"]').fill('it@fenwickhale.example');
  await page.locator('input[type="password"]').fill('steward-demo-fenwick');
  await page.locator('button[type="submit"]').click();
  await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
  assert.match(page.url(), /\/profile\?two_step=required$/);
  assert.match(await page.locator('[data-ref="twoStepNotice"]').innerText(),
    /Fenwick & Hale Solicitors requires two-step verification\. Set it up below to continue\./);
  await page.context().close();
});

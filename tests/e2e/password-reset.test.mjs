// Browser tests of a forgotten password, with e-mail through a real SMTP
// server on loopback: "Forgot your password?" on the sign-in page, the
// address typed, the link from the e-mail opened, the server's password
// policy under the field, the new password set, back to sign-in with a
// notice, and signing in with it. A used link says so and offers a new
// one. The Japanese texts and a phone's width on the way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoUsers } from '../lib/server.mjs';
import { startSmtp, parseMessage } from '../lib/smtp.mjs';
import { launch, newPage } from './support.mjs';
import { overflowProblems, japaneseBreakProblems } from './layout-checks.mjs';

let smtp, server, browser;

before(async () => {
  smtp = await startSmtp();
  server = await startServer({
    args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--mail-from', 'Steward <steward@hub.example>',
      '--public-url', 'https://steward.example.test/'],
    env: { STEWARD_MAIL_POLL_MS: '200' },
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.stop();
});

/** The path of the newest reset link e-mailed to `to` (its count-th). */
async function linkTo(to, count = 1) {
  const isReset = (m) => /\/reset\//.test(parseMessage(m.raw).parts.find((p) => p.type === 'text/plain').text);
  const msgs = await smtp.waitFor((m) => m.rcpt[0] === to && isReset(m), count);
  const text = parseMessage(msgs[count - 1].raw).parts.find((p) => p.type === 'text/plain').text;
  return text.match(/https:\/\/steward\.example\.test(\/reset\/[A-Za-z0-9_-]+)/)[1];
}

test('forgot the password: a link by e-mail, a new password, signed in with it', async () => {
  const user = demoUsers.tech;
  const page = await newPage(browser);
  await page.goto(server.url + '/signin');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByRole('heading', { level: 1, name: 'Forgotten password' }).waitFor();
  await page.getByLabel('E-mail address').fill('not an address');
  await page.getByRole('button', { name: 'Send the link' }).click();
  await page.locator('#forgot-email-error:not([hidden])').waitFor();
  await page.getByLabel('E-mail address').fill(user.email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await page.getByRole('heading', { level: 1, name: 'Check your e-mail' }).waitFor();
  assert.match(await page.locator('.auth-card').innerText(), new RegExp(`If ${user.email.replace('.', '\\.')} belongs to a Steward login`));

  const path = await linkTo(user.email);
  await page.goto(server.url + path);
  await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
  assert.match(await page.locator('.auth-subtitle').innerText(), new RegExp(user.email.replace('.', '\\.')));
  // The server's policy, under the field.
  await page.getByLabel('New password', { exact: true }).fill('password123');
  await page.getByLabel('Type the password again').fill('password123');
  await page.getByRole('button', { name: 'Set the password' }).click();
  await page.locator('#reset-password-error:not([hidden])').waitFor();
  const next = 'quarry-lantern-meadow-74';
  await page.getByLabel('New password', { exact: true }).fill(next);
  await page.getByLabel('Type the password again').fill(next + 'x');
  await page.getByRole('button', { name: 'Set the password' }).click();
  await page.locator('#reset-confirm-error:not([hidden])').waitFor();
  await page.getByLabel('Type the password again').fill(next);
  await page.getByRole('button', { name: 'Set the password' }).click();
  await page.getByText('Your new password is set and every session has ended. Sign in with it.').waitFor();
  // Signing in with the new password.
  await page.locator('input[type="email"]').fill(user.email);
  await page.locator('input[type="password"]').fill(next);
  await page.locator('button[type="submit"]').click();
  await page.locator('#account-switcher').waitFor();
  // The link works once: opened again, it says so and offers a new one.
  await page.goto(server.url + path);
  await page.getByRole('heading', { level: 1, name: 'This link no longer works' }).waitFor();
  await page.getByRole('link', { name: 'Ask for a new link' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('in Japanese, on a phone', async () => {
  const page = await newPage(browser, { locale: 'ja-JP', width: 390, height: 844 });
  await page.goto(server.url + '/signin');
  await page.getByRole('link', { name: 'パスワードをお忘れですか？' }).click();
  await page.getByRole('heading', { level: 1, name: 'パスワードの再設定' }).waitFor();
  await page.locator('#forgot-email').fill(demoUsers.tanaka.email);
  await page.getByRole('button', { name: 'リンクを送信' }).click();
  await page.getByRole('heading', { level: 1, name: 'メールをご確認ください' }).waitFor();
  await page.goto(server.url + await linkTo(demoUsers.tanaka.email));
  await page.getByRole('heading', { level: 1, name: '新しいパスワードの設定' }).waitFor();
  assert.deepEqual([...await page.evaluate(overflowProblems), ...await page.evaluate(japaneseBreakProblems, '.auth')], []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

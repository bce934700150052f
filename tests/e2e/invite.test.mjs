// Browser tests of the page behind an invitation link (/invite/{token}),
// with e-mail going through a real SMTP server on loopback: a visitor
// without a session reads who invited them to what, makes a login (the
// server's password policy under the field) or uses the one they have
// (a wrong password said so), is signed in and lands in the account. A
// used link and an unknown one say so. In Japanese from the browser's
// language, with the sign-in page's switch; on a phone. And the whole road
// from the operator adding a partner to its first admin in its console.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoUsers } from '../lib/server.mjs';
import { startSmtp, parseMessage } from '../lib/smtp.mjs';
import { launch, newPage, signIn, shot, apiAs, partnerId } from './support.mjs';
import { overflowProblems, japaneseBreakProblems } from './layout-checks.mjs';

const operatorUser = { email: 'operator@steward.example', password: 'steward-demo-operator' };
let smtp, server, browser, admin, acc;

before(async () => {
  smtp = await startSmtp();
  server = await startServer({
    args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--mail-from', 'Steward <steward@hub.example>',
      '--public-url', 'https://steward.example.test/'],
    env: { STEWARD_MAIL_POLL_MS: '200' },
  });
  browser = await launch();
  admin = await apiAs(server, demoUsers.admin);
  acc = await partnerId(admin);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.stop();
});

// The token of the newest invitation e-mailed to `to` (the link points at the public URL).
// Other mail to the same people (the demo's discount notices) is not an invitation.
async function tokenFor(to, count = 1) {
  const textOf = (raw) => parseMessage(raw).parts.find((p) => p.type === 'text/plain').text;
  const msgs = await smtp.waitFor((m) => m.rcpt[0] === to && /\/invite\//.test(textOf(m.raw)), count);
  const text = textOf(msgs[count - 1].raw);
  return text.match(/https:\/\/steward\.example\.test\/invite\/([A-Za-z0-9_-]+)/)[1];
}

async function invite(body) {
  const r = await admin.req('POST', `/api/v1/accounts/${acc}/invitations`, body);
  assert.equal(r.status, 201, r.text);
  return tokenFor(body.email);
}

test('a new login: who invited whom, the checks, the server\'s password policy, then the account opens', async () => {
  const token = await invite({ email: 'nia.person@example.com', role: 'viewer', language: 'en' });
  const page = await newPage(browser);
  await page.goto(`${server.url}/invite/${token}`);
  await page.getByRole('heading', { level: 1, name: 'Join Northwind IT Services' }).waitFor();
  const card = page.locator('.auth-card');
  const text = await card.innerText();
  assert.match(text, /Alex Morgan invited you to Northwind IT Services as a viewer of the whole account\./);
  assert.match(text, /This invitation is valid until \w+ \d+, \d{4}, \d+:\d\d [AP]M\./);
  assert.match(text, /Create your Steward login/);
  assert.equal(await page.getByLabel('E-mail').inputValue(), 'nia.person@example.com');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'invite-name');
  assert.equal(await page.title(), 'Join Northwind IT Services · Steward');

  // Checked before sending: required fields, the two passwords the same.
  await page.getByRole('button', { name: 'Create login and join' }).click();
  assert.equal(await page.locator('#invite-name-error').innerText(), 'This field is required.');
  assert.equal(await page.locator('#invite-password-error').innerText(), 'This field is required.');
  await page.getByLabel('Your name').fill('Nia Person');
  await page.getByLabel('New password').fill('Lantern-Orbit-Fjord-77');
  await page.getByLabel('Type the password again').fill('Lantern-Orbit-Fjord-78');
  await page.getByRole('button', { name: 'Create login and join' }).click();
  assert.equal(await page.locator('#invite-confirm-error').innerText(), 'The two passwords are not the same.');
  // The password policy is the server's: its message under the field.
  await page.getByLabel('New password').fill('short');
  await page.getByLabel('Type the password again').fill('short');
  await page.getByRole('button', { name: 'Create login and join' }).click();
  await page.locator('#invite-password-error:not([hidden])').waitFor();
  assert.match(await page.locator('#invite-password-error').innerText(), /10/);
  assert.equal(await page.getByLabel('New password').getAttribute('aria-invalid'), 'true');
  await shot(page, 'invite-new-error-en.png');

  await page.getByLabel('New password').fill('Lantern-Orbit-Fjord-77');
  await page.getByLabel('Type the password again').fill('Lantern-Orbit-Fjord-77');
  await page.getByRole('button', { name: 'Create login and join' }).click();
  // The toast first: it lasts five seconds, and the dashboard may take a
  // while to load on a busy machine.
  await page.getByText('You joined Northwind IT Services.').waitFor();
  await page.locator('#account-switcher').waitFor();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  assert.equal(new URL(page.url()).pathname, `/a/${acc}`);
  assert.match(await page.locator('#account-switcher').innerText(), /Northwind IT Services[\s\S]*Viewer/);
  assert.match(await page.locator('#profile-button').innerText(), /Nia Person/);
  const users = (await admin.req('GET', `/api/v1/accounts/${acc}/users?limit=500`)).json.users;
  assert.equal(users.find((u) => u.email === 'nia.person@example.com').status, 'active');

  // The link is used now: said so, in a fresh browser.
  const again = await newPage(browser);
  await again.goto(`${server.url}/invite/${token}`);
  await again.getByRole('heading', { level: 1, name: 'This invitation can no longer be used' }).waitFor();
  assert.match(await again.locator('.auth-card').innerText(),
    /This invitation has expired or was already used\. Ask the account’s admin for a new one\./);
  await again.getByRole('link', { name: 'Go to sign-in' }).waitFor();
  // An unknown one too.
  await again.goto(`${server.url}/invite/not-a-real-token`);
  await again.getByRole('heading', { level: 1, name: 'This link is not valid' }).waitFor();
  await shot(again, 'invite-invalid-en.png');
  assert.deepEqual(page.problems, []);
  assert.deepEqual(again.problems, []);
});

test('an existing login enters its password (a wrong one said so) and gets the new account beside its own', async () => {
  const token = await invite({ email: demoUsers.harbor.email, role: 'admin', customer_ids: null });
  const page = await newPage(browser);
  await page.goto(`${server.url}/invite/${token}`);
  await page.getByRole('heading', { level: 1, name: 'Join Northwind IT Services' }).waitFor();
  assert.match(await page.locator('.auth-card').innerText(),
    /as an admin of the whole account\.[\s\S]*You already have a Steward login: enter its password\./);
  assert.equal(await page.getByLabel('Your name').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'invite-password');
  await page.getByLabel('Password').fill('not-the-password-1');
  await page.getByRole('button', { name: 'Accept and sign in' }).click();
  await page.locator('#invite-password-error:not([hidden])').waitFor();
  assert.equal(await page.locator('#invite-password-error').innerText(),
    'This is not the password of the Steward login admin@blueharbor.example.');
  assert.equal(await page.getByLabel('Password').inputValue(), '');
  await page.getByLabel('Password').fill(demoUsers.harbor.password);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  assert.equal(new URL(page.url()).pathname, `/a/${acc}`);
  assert.match(await page.locator('#account-switcher').innerText(), /Northwind IT Services[\s\S]*Admin/);
  await page.locator('#account-switcher').click();
  assert.match(await page.getByRole('menu').innerText(), /Blue Harbor Managed Services[\s\S]*Northwind IT Services|Northwind IT Services[\s\S]*Blue Harbor Managed Services/);
  assert.deepEqual(page.problems, []);
});

test('in Japanese from the browser\'s language, with the switch; on a phone', async () => {
  const token = await invite({ email: 'yamada@example.jp', role: 'admin', customer_ids: null, language: 'ja' });
  const page = await newPage(browser, { locale: 'ja-JP', width: 390, height: 844 });
  await page.goto(`${server.url}/invite/${token}`);
  await page.getByRole('heading', { level: 1, name: '「Northwind IT Services」に参加' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  const text = await page.locator('.auth-card').innerText();
  assert.match(text, /Alex Morganさんから、「Northwind IT Services」に全体の管理者として招待されました。/);
  assert.match(text, /この招待は\d{4}\/\d{1,2}\/\d{1,2} \d{1,2}:\d{2}まで有効です。/);
  assert.deepEqual([...await page.evaluate(overflowProblems), ...await page.evaluate(japaneseBreakProblems, '.auth')], []);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= 390), true);
  await shot(page, 'invite-ja-390.png');

  // The switch, as on the sign-in page; what was typed stays.
  await page.getByLabel('名前').fill('山田 花子');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Join Northwind IT Services' }).waitFor();
  assert.equal(await page.getByLabel('Your name').inputValue(), '山田 花子');
  assert.equal(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed'), 'true');
  await page.getByRole('button', { name: '日本語' }).click();
  await page.getByRole('heading', { level: 1, name: '「Northwind IT Services」に参加' }).waitFor();

  await page.getByLabel('新しいパスワード').fill('Sakura-Harbor-Mosaic-41');
  await page.getByLabel('パスワード（確認）').fill('Sakura-Harbor-Mosaic-41');
  await page.getByRole('button', { name: 'ログインを作成して参加' }).click();
  await page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
  assert.equal(new URL(page.url()).pathname, `/a/${acc}`);
  const me = await page.evaluate(async () => (await (await fetch('/api/v1/me')).json()).user);
  assert.equal(me.language, 'ja');
  assert.equal(me.name, '山田 花子');
  assert.deepEqual(page.problems, []);
});

test('from the operator adding a partner to its first admin in the new partner console', async () => {
  const op = await signIn(browser, server, operatorUser);
  await op.locator('.nav').getByRole('link', { name: 'Partners' }).click();
  await op.locator('.page-actions').getByRole('button', { name: '+ Partner' }).click();
  const dialog = op.getByRole('dialog', { name: 'Add a partner' });
  await dialog.getByLabel('Partner name').fill('Fjord Secure AS');
  await dialog.getByLabel('First admin’s e-mail').fill('boss@fjord-secure.example');
  await dialog.getByRole('button', { name: 'Add partner' }).click();
  await op.locator('.page-notice').getByText(/An invitation is on its way to boss@fjord-secure\.example/).waitFor();

  const token = await tokenFor('boss@fjord-secure.example');
  const page = await newPage(browser);
  await page.goto(`${server.url}/invite/${token}`);
  await page.getByText('Jordan Lee invited you to Fjord Secure AS as an admin of the whole account.').waitFor();
  await page.getByLabel('Your name').fill('Ingrid Berg');
  await page.getByLabel('New password').fill('Fjord-Lantern-Compass-93');
  await page.getByLabel('Type the password again').fill('Fjord-Lantern-Compass-93');
  await page.getByRole('button', { name: 'Create login and join' }).click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  assert.match(await page.locator('#account-switcher').innerText(), /Fjord Secure AS[\s\S]*Partner · Admin/);
  assert.equal(await page.locator('.page-actions').getByRole('button', { name: '+ Customer' }).count(), 1);
  await shot(page, 'invite-partner-admin-en.png');
  assert.deepEqual(op.problems, []);
  assert.deepEqual(page.problems, []);
});

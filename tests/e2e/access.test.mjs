// Browser tests of what users may change and how their data is shown: the
// viewer's read-only settings, renaming an account and a user with inline
// validation, hostile names rendered as text everywhere, the escaping
// template itself, the reusable drawer, and an ended session sending the
// user back to sign in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { totp } from '../lib/totp.mjs';
import { chromium } from 'playwright-core';
import { startServer, demoUsers, Client } from '../lib/server.mjs';

const artifacts = resolve(new URL('../artifacts', import.meta.url).pathname);
let server, browser, ids;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await startServer();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
  });
  const c = new Client(server.url);
  await c.signIn(demoUsers.admin);
  ids = Object.fromEntries((await c.req('GET', '/api/v1/accounts')).json.accounts.map((a) => [a.name, a.id]));
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
  page.on('dialog', (d) => { page.problems.push('dialog: ' + d.message()); d.dismiss(); });
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) page.problems.push('csp: ' + m.text());
  });
  return page;
}

async function signedIn(user, path = '/') {
  const page = await newPage();
  await page.goto(server.url + path);
  await page.getByLabel('E-mail address').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#account-switcher').waitFor();
  await page.locator('.page-title').waitFor();
  return page;
}

test('a viewer sees the settings read-only, with a note', async () => {
  const nw = ids['Northwind IT Services'];
  const page = await signedIn(demoUsers.viewer, `/a/${nw}/settings`);
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  const name = page.getByRole('textbox', { name: 'Account name' });
  assert.equal(await name.inputValue(), 'Northwind IT Services');
  assert.equal(await name.evaluate((el) => el.readOnly), true);
  assert.equal(await page.getByRole('button', { name: 'Save changes' }).count(), 0);
  assert.match(await page.getByRole('status').filter({ hasText: 'View only' }).innerText(),
    /you can see its settings but not change them/);
  assert.match(await page.locator('#account-switcher').innerText(), /Partner · Viewer/);
  // Typing into it changes nothing.
  await name.click();
  await page.keyboard.type('Hacked');
  assert.equal(await name.inputValue(), 'Northwind IT Services');
  await page.screenshot({ path: resolve(artifacts, 'settings-viewer-en.png'), animations: 'disabled' });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an admin renames the account with inline validation, and the shell follows', async () => {
  const contoso = ids['Contoso Pharma'];
  const page = await signedIn(demoUsers.admin, `/a/${contoso}/settings`);
  const name = page.getByRole('textbox', { name: 'Account name' });
  // The general card's own button (two-step verification has another).
  const save = page.locator('form', { has: name }).getByRole('button', { name: 'Save changes' });
  assert.equal(await save.isDisabled(), true, 'nothing to save yet');

  await name.fill('   ');
  await save.click();
  assert.equal(await page.locator('#account-name-error').innerText(), 'This field cannot be blank.');
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  await name.fill('x'.repeat(101));
  await save.click();
  assert.equal(await page.locator('#account-name-error').innerText(), 'Must be at most 100 characters.');
  await page.screenshot({ path: resolve(artifacts, 'settings-validation-en.png'), animations: 'disabled' });

  await name.fill('Contoso Pharma Japan');
  await save.click();
  await page.getByText('The account is now called “Contoso Pharma Japan”.').waitFor();
  assert.match(await page.locator('#account-switcher').innerText(), /Contoso Pharma Japan/);
  assert.match(await page.locator('.breadcrumbs').innerText(), /Contoso Pharma Japan/);
  assert.match(await page.title(), /Contoso Pharma Japan/);
  assert.equal(await save.isDisabled(), true);

  // The server has it.
  const c = new Client(server.url);
  await c.signIn(demoUsers.admin);
  assert.equal((await c.req('GET', `/api/v1/accounts/${contoso}`)).json.account.name, 'Contoso Pharma Japan');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('hostile account and user names are shown as text everywhere', async () => {
  const hostile = '<img src=x onerror=alert(1)>';
  const nw = ids['Northwind IT Services'];
  const page = await signedIn(demoUsers.admin, `/a/${nw}/settings`);
  // Through the console's own form ...
  await page.getByRole('textbox', { name: 'Account name' }).fill(hostile);
  await page.getByRole('button', { name: 'Save changes' }).first().click();
  await page.getByText(`The account is now called “${hostile}”.`).waitFor();
  // ... and a user name through the API.
  const c = new Client(server.url);
  await c.signIn(demoUsers.admin);
  const me = await c.req('PATCH', '/api/v1/me', { name: '"><svg onload=alert(2)> Alex' });
  assert.equal(me.status, 200);

  await page.reload();
  await page.locator('#account-switcher').waitFor();
  assert.match(await page.locator('#account-switcher').innerText(), /<img src=x onerror=alert\(1\)>/);
  assert.match(await page.locator('.breadcrumbs').innerText(), /<img src=x onerror=alert\(1\)>/);
  assert.equal(await page.getByRole('textbox', { name: 'Account name' }).inputValue(), hostile);
  assert.match(await page.locator('#profile-button').innerText(), /"><svg onload=alert\(2\)> Alex/);
  await page.locator('#account-switcher').click();
  assert.match(await page.getByRole('menu', { name: 'Switch account' }).innerText(), /<img src=x onerror=alert\(1\)>/);
  await page.keyboard.press('Escape');
  await page.goto(server.url + `/a/${nw}`);
  await page.locator('.page-description', { hasText: hostile }).waitFor();
  await page.goto(server.url + '/profile');
  await page.locator('.account-row-name', { hasText: hostile }).waitFor();
  await page.screenshot({ path: resolve(artifacts, 'escaping-en.png'), animations: 'disabled' });

  // No element was made from the data, and no script ran.
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(await page.locator('svg[onload]').count(), 0);
  assert.equal(await page.evaluate(() => document.querySelectorAll('[onerror],[onload]').length), 0);
  await page.waitForTimeout(100);
  assert.deepEqual(page.problems, []);
  await c.req('PATCH', '/api/v1/me', { name: 'Alex Morgan' });
  await c.req('PATCH', `/api/v1/accounts/${nw}`, { name: 'Northwind IT Services' });
  await page.context().close();
});

test('the html template escapes by construction', async () => {
  const page = await newPage();
  await page.goto(server.url + '/signin');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  const r = await page.evaluate(async () => {
    const { html, render, element } = await import('/js/html.js');
    const out = {};
    const box = document.createElement('div');
    render(box, html`<p>${'<b>bold</b>'}</p>`);
    out.text = [box.querySelector('b') === null, box.textContent];
    render(box, html`<a title="${'" onmouseover="alert(1)'}" href="/x">t</a>`);
    const a = box.querySelector('a');
    out.quoted = [a.getAttribute('title'), a.hasAttribute('onmouseover')];
    render(box, html`<a title=${'x onclick=alert(1)'}>t</a>`);
    out.unquoted = [box.querySelector('a').getAttribute('title'), box.querySelector('a').hasAttribute('onclick')];
    out.hrefs = ['javascript:alert(1)', ' JaVa\nScRiPt:alert(1)', 'data:text/html,x', '/a/b', 'https://example.com/', 'mailto:x@example.com']
      .map((u) => element(html`<a href="${u}">x</a>`).getAttribute('href'));
    out.nested = element(html`<p>${html`<b>${'<i>'}</b>`}</p>`).innerHTML;
    out.list = element(html`<ul>${['<a>', '<b>'].map((x) => html`<li>${x}</li>`)}</ul>`).innerHTML;
    let clicked = 0;
    const b = element(html`<button type="button" @click=${() => { clicked++; }} ?disabled=${false}>go</button>`);
    b.click();
    out.bind = [clicked, b.attributes.length, b.disabled];
    out.bare = (() => { try { html`<div ${'onclick=x'}></div>`; element(html`<div ${'onclick=x'}></div>`); return 'rendered'; } catch (e) { return e.name; } })();
    out.comment = (() => { try { element(html`<!-- ${'--><img src=x>'} -->`); return 'rendered'; } catch (e) { return e.name; } })();
    return out;
  });
  assert.deepEqual(r.text, [true, '<b>bold</b>']);
  assert.deepEqual(r.quoted, ['" onmouseover="alert(1)', false]);
  assert.deepEqual(r.unquoted, ['x onclick=alert(1)', false]);
  assert.deepEqual(r.hrefs, ['about:invalid', 'about:invalid', 'about:invalid', '/a/b', 'https://example.com/', 'mailto:x@example.com']);
  assert.equal(r.nested, '<b>&lt;i&gt;</b>');
  assert.equal(r.list, '<li>&lt;a&gt;</li><li>&lt;b&gt;</li>');
  assert.deepEqual(r.bind, [1, 1, false]);
  assert.equal(r.bare, 'SyntaxError');
  assert.equal(r.comment, 'SyntaxError');
  await page.context().close();
});

test('the drawer keeps focus, closes with Escape and can ask before closing', async () => {
  const page = await signedIn(demoUsers.admin);
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await page.locator('#profile-button').focus();
  await page.evaluate(async () => {
    const { openDrawer } = await import('/js/components/drawer.js');
    const { confirmDialog } = await import('/js/components/dialog.js');
    const { html } = await import('/js/html.js');
    window.drawerClosed = 0;
    openDrawer({
      title: 'Example drawer',
      description: 'A form in a drawer',
      body: html`<label for="d-name">Name</label><input id="d-name"><label for="d-mail">Mail</label><input id="d-mail">`,
      footer: html`<button type="button">Create</button>`,
      canClose: () => (document.getElementById('d-name').value
        ? confirmDialog({ title: 'Discard changes?', confirm: 'Discard', danger: true }) : true),
      onClose: () => { window.drawerClosed++; },
    });
  });
  const drawer = page.getByRole('dialog', { name: 'Example drawer' });
  await drawer.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'd-name');
  await page.keyboard.type('Contoso');
  for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => !!document.activeElement.closest('.drawer')), true);

  // Escape with unsaved input asks first; Escape again keeps the drawer.
  await page.keyboard.press('Escape');
  const ask = page.getByRole('alertdialog', { name: 'Discard changes?' });
  await ask.waitFor();
  await page.keyboard.press('Escape');
  await ask.waitFor({ state: 'detached' });
  assert.equal(await drawer.isVisible(), true);
  assert.equal(await page.evaluate(() => window.drawerClosed), 0);

  // Confirming closes it and focus goes back where it was.
  await page.keyboard.press('Escape');
  await ask.waitFor();
  await ask.getByRole('button', { name: 'Discard' }).click();
  await drawer.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => window.drawerClosed), 1);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'profile-button');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the profile name is validated and saved', async () => {
  const page = await signedIn(demoUsers.tanaka, '/profile');
  await page.getByRole('heading', { level: 1, name: 'プロフィール' }).waitFor();
  const name = page.getByRole('textbox', { name: '名前' });
  assert.equal(await name.inputValue(), '田中 健');
  assert.equal(await page.getByRole('textbox', { name: 'メールアドレス' }).evaluate((el) => el.readOnly), true);
  await name.fill('');
  await page.getByRole('button', { name: '変更を保存' }).click();
  assert.equal(await page.locator('#profile-name-error').innerText(), 'この項目は必須です。');
  await name.fill('田中 健太');
  await page.getByRole('button', { name: '変更を保存' }).click();
  await page.getByText('プロフィールを保存しました。').waitFor();
  assert.match(await page.locator('#profile-button').innerText(), /田中 健太/);
  assert.match(await page.locator('.details').innerText(), /無操作時の期限/);
  await page.screenshot({ path: resolve(artifacts, 'profile-saved-ja.png'), animations: 'disabled' });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an ended session sends the user to sign in and back', async () => {
  const nw = ids['Northwind IT Services'];
  const page = await signedIn(demoUsers.admin, `/a/${nw}/settings`);
  await page.context().clearCookies();
  await page.getByRole('textbox', { name: 'Account name' }).fill('Northwind IT');
  await page.getByRole('button', { name: 'Save changes' }).first().click();
  await page.waitForURL(/\/signin\?next=/);
  assert.equal(new URL(page.url()).searchParams.get('next'), `/a/${nw}/settings`);
  await page.getByText('Sign in to continue.').waitFor();
  await page.getByLabel('E-mail address').fill(demoUsers.admin.email);
  await page.getByLabel('Password', { exact: true }).fill(demoUsers.admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(server.url + `/a/${nw}/settings`);
  assert.equal(await page.getByRole('textbox', { name: 'Account name' }).inputValue(), 'Northwind IT Services');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the profile: sessions listed and signed out, the password changed with the server\'s messages', async () => {
  const other = new Client(server.url);
  await other.signIn(demoUsers.tech);
  const page = await signedIn(demoUsers.tech, '/profile');
  const sessions = page.locator('.session-list');
  await sessions.locator('.session-row').first().waitFor();
  const current = sessions.locator('.session-row', { hasText: 'This device' });
  assert.equal(await current.count(), 1);
  assert.match(await current.innerText(), /Chrome on Linux/);
  assert.equal(await current.getByRole('button').count(), 0);
  const n = await sessions.locator('.session-row').count();
  assert.ok(n >= 2, String(n));
  // The API client's session: signed out from here.
  await sessions.getByRole('button', { name: /^Sign out / }).first().click();
  await page.getByText(/has been signed out\./).waitFor();
  await page.waitForFunction((k) => document.querySelectorAll('.session-row').length === k, n - 1);
  assert.equal((await other.req('GET', '/api/v1/me')).status, 401);

  // The password: checked here, then the server's policy under the field.
  const form = page.locator('[data-ref="passwordForm"]');
  await form.getByLabel('Current password').fill(demoUsers.tech.password);
  await form.getByLabel('New password', { exact: true }).fill('short');
  await form.getByLabel('Repeat the new password').fill('shorter');
  await form.getByRole('button', { name: 'Change password' }).click();
  await page.locator('#pw-confirm-error').getByText('The two new passwords differ.').waitFor();
  await form.getByLabel('Repeat the new password').fill('short');
  await form.getByRole('button', { name: 'Change password' }).click();
  await page.locator('#pw-new-error:not([hidden])').waitFor();
  assert.equal(await form.getByLabel('New password', { exact: true }).getAttribute('aria-invalid'), 'true');
  // Too many tries: the time to wait.
  await page.route('**/api/v1/me/password', (r) => r.fulfill({ status: 429, headers: { 'retry-after': '120' }, contentType: 'application/json',
    json: { error: { code: 'rate_limited', message: 'Too many attempts.' } } }), { times: 1 });
  await form.getByRole('button', { name: 'Change password' }).click();
  await form.getByText('Too many wrong passwords. Try again in 2 minutes.').waitFor();
  const next = 'a-new-tech-password-42';
  await form.getByLabel('New password', { exact: true }).fill(next);
  await form.getByLabel('Repeat the new password').fill(next);
  await form.getByRole('button', { name: 'Change password' }).click();
  await form.getByText('Your password has been changed. Your other sessions have been signed out; this one goes on.').waitFor();
  await page.screenshot({ path: resolve(artifacts, 'profile-security-en.png'), animations: 'disabled', fullPage: true });
  // And back, so the demo's password stays.
  const back = new Client(server.url);
  await back.signIn({ email: demoUsers.tech.email, password: next });
  const r = await back.req('POST', '/api/v1/me/password', { current_password: next, new_password: demoUsers.tech.password },
    { headers: { 'x-csrf-token': back.csrf } });
  assert.equal(r.status, 204, r.text);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('two-step verification: set up with the QR code and the key, recovery codes once, then signing in asks for a code', async () => {
  const page = await signedIn(demoUsers.viewer, '/profile');
  await page.getByRole('button', { name: 'Set up two-step verification' }).click();
  const qr = page.getByRole('img', { name: 'QR code for your authenticator app' });
  await qr.waitFor();
  assert.match(await qr.getAttribute('src'), /^data:image\/svg\+xml/);
  await page.waitForFunction(() => document.querySelector('.totp-qr').naturalWidth > 0);
  const shown = await page.locator('.totp-secret').innerText();
  assert.match(shown, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
  const secret = shown.replace(/ /g, '');
  await page.getByLabel('Code from the app').fill('12');
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.locator('#totp-code-error').getByText('Enter the 6 digits the app shows.').waitFor();
  const wrong = String((Number(totp(secret)) + 1) % 1000000).padStart(6, '0');
  await page.getByLabel('Code from the app').fill(wrong);
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.locator('#totp-code-error:not([hidden])').waitFor();
  await page.getByLabel('Code from the app').fill(totp(secret));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.getByText(/Store these recovery codes now/).waitFor();
  const codes = await page.getByRole('list', { name: 'Recovery codes' }).locator('li').allInnerTexts();
  assert.equal(codes.length, 10);
  for (const c of codes) assert.match(c, /^[a-z2-7]{5}-[a-z2-7]{5}$/);
  await page.screenshot({ path: resolve(artifacts, 'profile-totp-codes-en.png'), animations: 'disabled', fullPage: true });
  await page.getByRole('button', { name: 'I have stored them' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Yes, hide them' }).click();
  await page.locator('.totp-on').getByText('On', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Turn off' }).waitFor();
  // After a reload the server says it is on, with the codes left.
  await page.reload();
  await page.locator('.totp-on').getByText('10 recovery codes left').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Set up two-step verification' }).count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // Signing in now asks for the code; a wrong one is refused as the server words it.
  const p2 = await newPage();
  await p2.goto(server.url + '/');
  await p2.getByLabel('E-mail address').fill(demoUsers.viewer.email);
  await p2.getByLabel('Password', { exact: true }).fill(demoUsers.viewer.password);
  await p2.getByRole('button', { name: 'Sign in', exact: true }).click();
  await p2.getByRole('heading', { name: 'Two-step verification' }).waitFor();
  assert.equal(await p2.evaluate(() => document.activeElement.id), 'signin-code');
  await p2.getByLabel('Code from the app').fill('000000' === totp(secret) ? '111111' : '000000');
  await p2.getByRole('button', { name: 'Sign in', exact: true }).click();
  await p2.locator('#signin-code-error:not([hidden])').waitFor();
  assert.equal(await p2.getByLabel('Code from the app').getAttribute('aria-invalid'), 'true');
  // A recovery code instead.
  await p2.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await p2.getByLabel('Recovery code').fill(codes[0]);
  await p2.screenshot({ path: resolve(artifacts, 'signin-recovery-en.png'), animations: 'disabled' });
  await p2.getByRole('button', { name: 'Sign in', exact: true }).click();
  await p2.locator('#account-switcher').waitFor();
  assert.deepEqual(p2.problems, []);
  await p2.context().close();

  // And with the app's code (the next step's, as each code signs in once).
  const p3 = await newPage();
  await p3.goto(server.url + '/');
  await p3.getByLabel('E-mail address').fill(demoUsers.viewer.email);
  await p3.getByLabel('Password', { exact: true }).fill(demoUsers.viewer.password);
  await p3.getByRole('button', { name: 'Sign in', exact: true }).click();
  // The code that turned it on is used; wait for the app's next one.
  await new Promise((r) => setTimeout(r, 30000 - (Date.now() % 30000) + 500));
  await p3.getByLabel('Code from the app').fill(totp(secret));
  await p3.getByRole('button', { name: 'Sign in', exact: true }).click();
  await p3.locator('#account-switcher').waitFor();
  assert.deepEqual(p3.problems, []);
  await p3.context().close();
});

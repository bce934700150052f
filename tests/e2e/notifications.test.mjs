// The signed-in person's own settings: alert e-mail on a partner account's
// Settings page (read back through the API), and two-step verification's new
// recovery codes and turning it off on the profile page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { totp } from '../lib/totp.mjs';
import { demoUsers } from '../lib/server.mjs';
import { demoSuite, signIn, newPage, apiAs, shot } from './support.mjs';

const env = demoSuite();

test('alert e-mail: a viewer sets their own mode, severity and types on the Settings page', async () => {
  const { server, acc } = env;
  const page = await signIn(env.browser, server, demoUsers.viewer, { path: `/a/${acc}/settings` });
  const form = page.locator('[data-ref="alertMailForm"]');
  await form.waitFor();
  // The defaults: at once, high and above, every type.
  assert.equal(await form.getByRole('radio', { name: /^At once/ }).isChecked(), true);
  assert.equal(await form.getByLabel('Minimum severity').inputValue(), 'high');
  const boxes = form.locator('input[name="types"]');
  assert.equal(await boxes.count(), 10);
  for (let i = 0; i < 10; i++) assert.equal(await boxes.nth(i).isChecked(), true);
  await form.getByText('at most 5 of one kind an hour', { exact: false }).waitFor();

  // Nothing ticked is refused here.
  await form.getByRole('button', { name: 'Clear all' }).click();
  await form.getByRole('button', { name: 'Save alert e-mail' }).click();
  await page.locator('#alert-mail-types-error').getByText('Tick at least one type, or choose Off.').waitFor();

  // Daily digest, medium and above, two types; by keyboard for the radio.
  await form.getByRole('radio', { name: /^At once/ }).focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await form.getByRole('radio', { name: /^Daily digest/ }).isChecked(), true);
  await form.getByLabel('Minimum severity').selectOption('medium');
  await form.getByLabel('Threat detected').check();
  await form.getByLabel('Device offline').check();
  await form.getByRole('button', { name: 'Save alert e-mail' }).click();
  await page.getByText('Saved: alerts are e-mailed to you once a day.').waitFor();
  const viewer = await apiAs(server, demoUsers.viewer);
  let r = await viewer.req('GET', `/api/v1/accounts/${acc}/alert-notifications`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.mode, 'digest');
  assert.equal(r.json.min_severity, 'medium');
  assert.deepEqual([...r.json.types].sort(), ['device_offline', 'threat_detected']);
  assert.equal(r.json.defaults, false);
  // Someone else's settings are their own.
  assert.equal((await env.api.req('GET', `/api/v1/accounts/${acc}/alert-notifications`)).json.defaults, true);
  await shot(page, 'settings-alert-mail-en.png');

  // After a reload the form shows what was saved; every type again is [].
  await page.reload();
  await form.waitFor();
  assert.equal(await form.getByRole('radio', { name: /^Daily digest/ }).isChecked(), true);
  assert.equal(await form.getByLabel('Threat detected').isChecked(), true);
  assert.equal(await form.getByLabel('Trial ending').isChecked(), false);
  await form.getByRole('button', { name: 'Tick all' }).click();
  await form.getByRole('button', { name: 'Save alert e-mail' }).click();
  await page.getByText('Saved: alerts are e-mailed to you once a day.').waitFor();
  r = await viewer.req('GET', `/api/v1/accounts/${acc}/alert-notifications`);
  assert.deepEqual(r.json.types, []);

  // The server's field message under its field.
  await page.route('**/alert-notifications', (rt) => (rt.request().method() === 'PUT'
    ? rt.fulfill({ status: 422, contentType: 'application/json',
      json: { error: { code: 'invalid', message: 'Invalid.', fields: { min_severity: 'Choose a severity.' } } } })
    : rt.fallback()), { times: 1 });
  await form.getByRole('button', { name: 'Save alert e-mail' }).click();
  await page.locator('#alert-mail-severity-error').getByText('Choose a severity.').waitFor();
  assert.equal(await form.getByLabel('Minimum severity').getAttribute('aria-invalid'), 'true');

  // Off.
  await form.getByRole('radio', { name: /^Off/ }).check();
  assert.equal(await form.getByLabel('Minimum severity').isDisabled(), true);
  await form.getByRole('button', { name: 'Save alert e-mail' }).click();
  await page.getByText('Saved: you get no alert e-mail from this account.').waitFor();
  assert.equal((await viewer.req('GET', `/api/v1/accounts/${acc}/alert-notifications`)).json.mode, 'off');
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // On a phone.
  const phone = await signIn(env.browser, server, demoUsers.viewer, { path: `/a/${acc}/settings`, width: 390, height: 844 });
  await phone.locator('[data-ref="alertMailForm"]').waitFor();
  const wide = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert.equal(wide, false, 'no sideways scrolling at 390 px');
  await shot(phone, 'settings-alert-mail-390.png');
  assert.deepEqual(phone.problems, []);
  await phone.context().close();
});

test('two-step verification: codes left, new recovery codes and turning it off, each proven with a code', async () => {
  const { server } = env;
  // Turned on through the API first.
  const me = await apiAs(server, demoUsers.tech);
  let r = await me.req('POST', '/api/v1/me/totp', {});
  assert.equal(r.status, 200, r.text);
  const secret = r.json.secret;
  r = await me.req('POST', '/api/v1/me/totp/confirm', { code: totp(secret) });
  assert.equal(r.status, 200, r.text);
  const first = r.json.recovery_codes;

  // Signing in needs a code now: through the form with a recovery code.
  const p = await newPage(env.browser);
  await p.goto(server.url + '/');
  await p.locator('input[type="email"]').fill(demoUsers.tech.email);
  await p.locator('input[type="password"]').fill(demoUsers.tech.password);
  await p.locator('button[type="submit"]').click();
  await p.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await p.getByLabel('Recovery code').fill(first[0]);
  await p.getByRole('button', { name: 'Sign in', exact: true }).click();
  await p.locator('#account-switcher').waitFor();
  await p.goto(server.url + '/profile');
  const card = p.locator('[data-ref="totp"]');
  await card.getByText('9 recovery codes left').waitFor();
  await card.locator('.totp-on').getByText('On', { exact: true }).waitFor();

  // New recovery codes: a wrong code first, then the app's next code.
  await card.getByRole('button', { name: 'New recovery codes' }).click();
  const dlg = p.getByRole('dialog', { name: 'New recovery codes' });
  await dlg.waitFor();
  assert.equal(await p.evaluate(() => document.activeElement.id), 'totp-proof');
  await dlg.getByRole('button', { name: 'Get new codes' }).click();
  await dlg.getByText('Enter a code.').waitFor();
  const now = totp(secret);
  await dlg.getByLabel('Code from the app or a recovery code').fill(now === '000000' ? '111111' : '000000');
  await dlg.getByRole('button', { name: 'Get new codes' }).click();
  await p.locator('#totp-proof-error:not([hidden])').waitFor();
  assert.equal(await dlg.getByLabel('Code from the app or a recovery code').getAttribute('aria-invalid'), 'true');
  // Enter sends it.
  await dlg.getByLabel('Code from the app or a recovery code').fill(totp(secret, Date.now() + 30000));
  await p.keyboard.press('Enter');
  await dlg.waitFor({ state: 'detached' });
  await card.getByText('Here are your new recovery codes. The old ones no longer work.').waitFor();
  const codes = await card.getByRole('list', { name: 'Recovery codes' }).locator('li').allInnerTexts();
  assert.equal(codes.length, 10);
  for (const c of codes) assert.match(c, /^[a-z2-7]{5}-[a-z2-7]{5}$/);
  assert.ok(!codes.includes(first[1]));
  await card.getByRole('button', { name: 'Copy codes' }).waitFor();
  await shot(p, 'profile-totp-renewed-en.png');
  await card.getByRole('button', { name: 'I have stored them' }).click();
  await p.getByRole('alertdialog').getByRole('button', { name: 'Yes, hide them' }).click();
  await card.getByText('10 recovery codes left').waitFor();
  // The old codes no longer work.
  r = await me.req('POST', '/api/v1/me/totp/recovery-codes', { code: first[1] });
  assert.equal(r.status, 422, r.text);

  // Turning it off: cancel first, then with a new recovery code.
  await card.getByRole('button', { name: 'Turn off' }).click();
  let off = p.getByRole('dialog', { name: 'Turn off two-step verification?' });
  await p.keyboard.press('Escape');
  await off.waitFor({ state: 'detached' });
  assert.equal((await me.req('GET', '/api/v1/me/totp')).json.on, true);
  await card.getByRole('button', { name: 'Turn off' }).click();
  off = p.getByRole('dialog', { name: 'Turn off two-step verification?' });
  await off.getByLabel('Code from the app or a recovery code').fill(codes[0]);
  await off.getByRole('button', { name: 'Turn off' }).click();
  await p.getByText('Two-step verification is off.').waitFor();
  await card.getByRole('button', { name: 'Set up two-step verification' }).waitFor();
  r = await me.req('GET', '/api/v1/me/totp');
  assert.equal(r.json.on, false);
  // Signing in needs only the password again.
  const again = await apiAs(server, demoUsers.tech);
  assert.equal((await again.req('GET', '/api/v1/me')).status, 200);
  assert.deepEqual(p.problems, []);
  await p.context().close();
});

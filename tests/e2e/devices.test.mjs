// Browser tests of the device side of the console (issue 11): a site added
// on the customer page, its installer (command and token shown, Copy puts
// the command on the clipboard and says so, Rotate token asks first and
// shows a new token, after which the old one enrols nothing), a device
// enrolled with that token through the agent protocol found in the Devices
// list (filters in the address: reload, Back and Forward) and on its page
// (facts, status, the threat it reported, site and policy, commands,
// removal asking first); viewers see the same with no change controls; the
// Japanese pages. Screenshots go to tests/artifacts (devices-*.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoUsers } from '../lib/server.mjs';
import { signIn, demoSuite, shot } from './support.mjs';
import { overflowProblems, japaneseBreakProblems } from './layout-checks.mjs';

const env = demoSuite();
const HOST = 'FJORD-WS-042';
let made = null;

async function agent(path, body, secret) {
  const headers = { 'content-type': 'application/json' };
  if (secret) headers.authorization = `Bearer ${secret}`;
  const res = await fetch(env.server.url + path, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text };
}

/** A customer of its own for these tests (once). */
async function customer() {
  if (made) return made;
  const r = await env.api.req('POST', `/api/v1/accounts/${env.acc}/customers`, {
    source: 'new', email: 'it@fjordlogistikk.example', contact_person: 'Ingrid Solberg', phone: '+4722334455',
    company: 'Fjord Logistikk AS', industry: 'transportation', website: 'fjordlogistikk.example', street: 'Karl Johans gate 1',
    postal_code: '0154', city: 'Oslo', country: 'NO', segment_discount: null, management: { mode: 'local', template: 'workstation' },
  });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  made = r.json.customer;
  return made;
}

async function settle(page) {
  await page.waitForFunction(() => !document.querySelector('main .spinner, main .page-loading'));
}

test('an admin adds a site, opens its installer, copies and rotates; a device enrolled with it shows in Devices and on its page', async () => {
  const c = await customer();
  const page = await signIn(env.browser, env.server, demoUsers.admin, { path: `/a/${env.acc}/customers/${c.id}?tab=sites` });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
  await settle(page);
  const panel = page.getByRole('tabpanel');
  await panel.getByText('Fjord Logistikk AS has no sites.').waitFor();

  // Add site: a dialog asking for its name.
  await panel.getByRole('button', { name: 'Add site' }).click();
  const add = page.getByRole('dialog', { name: 'Add a site to Fjord Logistikk AS' });
  await add.getByLabel('Site name').fill('Oslo office');
  await add.getByRole('button', { name: 'Add site' }).click();
  await add.waitFor({ state: 'detached' });
  const row = panel.locator('tbody tr', { hasText: 'Oslo office' });
  await row.waitFor();
  assert.match(await row.innerText(), /Oslo office\s+0\s+None/);
  // The site is under its customer in the site selection pane.
  await page.locator('.site-pane .site-children').getByRole('link', { name: 'Oslo office' }).waitFor();

  // Its installer: the command (with the token in it) and the token, each with Copy.
  await row.getByRole('button', { name: 'Installer of Oslo office' }).click();
  const dialog = page.getByRole('dialog', { name: 'Installer: Oslo office (Fjord Logistikk AS)' });
  const command = dialog.getByLabel('Command');
  await command.waitFor();
  const token1 = await dialog.getByLabel('Enrolment token').inputValue();
  const command1 = await command.inputValue();
  assert.ok(token1.length > 20, token1);
  assert.ok(command1.includes(token1), 'the command carries the token');
  assert.match(command1, /steward-agent enroll/);
  assert.match(await dialog.getByRole('link', { name: /Download the agent package/ }).getAttribute('href'), /\/downloads\/steward-agent_amd64\.deb$/);
  await dialog.locator('[data-copy-button="command"]').click();
  await dialog.getByText('Copied', { exact: true }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), command1);
  await shot(page, 'devices-installer-en.png');

  // Rotate token: asked first (and Cancel keeps the token), then a new one.
  await dialog.getByRole('button', { name: 'Rotate token' }).click();
  await dialog.getByText(/will stop enrolling devices for Oslo office \(Fjord Logistikk AS\)/).waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await dialog.getByLabel('Enrolment token').inputValue(), token1);
  await dialog.getByRole('button', { name: 'Rotate token' }).click();
  await dialog.getByRole('group', { name: 'Rotate the token?' }).getByRole('button', { name: 'Rotate token' }).click();
  await page.waitForFunction((old) => {
    const el = document.querySelector('.dialog-installer input.copy-value');
    return el && el.value && el.value !== old;
  }, token1);
  const token2 = await dialog.getByLabel('Enrolment token').inputValue();
  assert.notEqual(token2, token1);
  assert.ok((await command.inputValue()).includes(token2));
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The agent protocol, as a device would speak it: the old token enrols nothing, the new one does.
  const facts = { hardware_id: 'fjord-hw-042', hostname: HOST, platform: 'workstation', os: 'Ubuntu 24.04 LTS', agent_version: '1.2.3' };
  assert.equal((await agent('/agent/v1/enroll', { token: token1, ...facts })).status, 401);
  const enrolled = await agent('/agent/v1/enroll', { token: token2, ...facts });
  assert.equal(enrolled.status, 201, enrolled.text);
  const detected = new Date(Date.now() - 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const checkin = await agent('/agent/v1/checkin', {
    policy_version: null,
    state: {
      protection: 'on', definitions_updated_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      threats: [{ name: 'Eicar-Test-Signature', path: '/home/ingrid/Downloads/eicar.com', action: 'quarantined', detected_at: detected }],
    },
    host: { hostname: HOST, os: 'Ubuntu 24.04 LTS', kernel: '6.8.0-45-generic', agent_version: '1.2.3', ip_addresses: ['10.42.0.7', 'fe80::42'], uptime_seconds: 7200 },
  }, enrolled.json.device_secret);
  assert.equal(checkin.status, 200, checkin.text);

  // The site now counts it.
  await page.reload();
  await settle(page);
  await panel.locator('tbody tr', { hasText: 'Oslo office' }).getByRole('link', { name: '1 device at Oslo office' }).waitFor();

  // The Devices list (in the main navigation), filtered by customer and then site, in the address.
  await page.locator('.nav').getByRole('link', { name: 'Devices' }).click();
  await page.getByRole('heading', { level: 1, name: 'Devices' }).waitFor();
  await settle(page);
  const devRow = page.locator('main tbody tr', { hasText: HOST });
  await devRow.waitFor();
  const text = await devRow.innerText();
  for (const want of ['Fjord Logistikk AS', 'Oslo office', 'Workstation', 'Protected', 'On']) assert.ok(text.includes(want), `${want} in ${text}`);
  assert.match(await devRow.locator('time').getAttribute('title'), /\d/, 'the exact time on hover');
  await page.getByLabel('Customer', { exact: true }).selectOption({ label: 'Fjord Logistikk AS' });
  await page.waitForURL(/customer_id=/);
  // The filtered list replaces the whole one when its answer comes.
  await page.waitForFunction(() => document.querySelectorAll('main tbody tr').length === 1);
  await settle(page);
  assert.equal(await page.locator('main tbody tr').count(), 1);
  await page.getByLabel('Site', { exact: true }).selectOption({ label: 'Oslo office' });
  await page.waitForURL(/site_id=/);
  await page.getByLabel('Status', { exact: true }).selectOption('at_risk');
  await page.waitForURL(/status=at_risk/);
  await page.getByText('No devices match these filters').waitFor();
  await shot(page, 'devices-no-match-en.png');
  await page.goBack();
  await page.waitForURL((u) => !u.search.includes('status='));
  await page.locator('main tbody tr', { hasText: HOST }).waitFor();
  assert.equal(await page.getByLabel('Site', { exact: true }).inputValue() !== '', true, 'the site filter is back');
  await page.reload();
  await page.locator('main tbody tr', { hasText: HOST }).waitFor();
  assert.equal(await page.getByLabel('Customer', { exact: true }).inputValue(), c.id);
  await page.goForward();
  await page.getByText('No devices match these filters').waitFor();
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await page.waitForURL((u) => u.pathname.endsWith('/devices') && !u.search);
  await page.locator('main tbody tr', { hasText: 'BOSS-WS-001' }).waitFor();
  await page.getByLabel('Host name', { exact: true }).fill('fjord');
  await page.waitForURL(/q=fjord/);
  await settle(page);
  assert.equal(await page.locator('main tbody tr').count(), 1);
  await shot(page, 'devices-list-en.png');

  // Its page: facts, status, the threat.
  await page.locator('main tbody tr', { hasText: HOST }).getByRole('link', { name: HOST }).click();
  await page.getByRole('heading', { level: 1, name: HOST }).waitFor();
  await settle(page);
  const factsCard = page.locator('.device-facts');
  const factsText = await factsCard.innerText();
  for (const want of ['Ubuntu 24.04 LTS', '6.8.0-45-generic', '1.2.3', '10.42.0.7', 'fe80::42', 'fjord-hw-042']) {
    assert.ok(factsText.includes(want), `${want} in the facts`);
  }
  assert.match(await page.locator('.device-status-strip').innerText(), /Protected[\s\S]*Protection is on/);
  const threat = page.getByRole('tabpanel').locator('tbody tr', { hasText: 'Eicar-Test-Signature' });
  assert.match(await threat.innerText(), /\/home\/ingrid\/Downloads\/eicar\.com[\s\S]*Quarantined/);
  await shot(page, 'devices-device-en.png');

  // Commands: a toast says when they happen.
  await page.getByRole('button', { name: 'Scan now' }).click();
  await page.getByText(`${HOST} will scan when its agent next checks in.`).waitFor();
  await page.locator('.device-pending').getByText('Scan now').waitFor();
  await page.getByRole('button', { name: 'Update policy' }).click();
  await page.getByText(`${HOST} will fetch its policy again when its agent next checks in.`).waitFor();

  // Site: moved to no site, then back.
  await page.getByLabel('Site', { exact: true }).selectOption({ label: 'No site' });
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText(`${HOST} is updated.`).waitFor();
  assert.equal((await env.api.req('GET', `/api/v1/accounts/${env.acc}/devices/${enrolled.json.device_id}`)).json.site_id, null);
  // Policy: the customer's workstation policies and Customer default.
  const options = await page.getByLabel('Policy', { exact: true }).locator('option').allInnerTexts();
  assert.match(options[0], /^Customer default/);

  // Effective policy, with the origin of every setting.
  await page.getByRole('tab', { name: 'Effective policy' }).click();
  await page.locator('.effective-table').first().waitFor();
  await page.locator('.origin-legend').getByText('Device', { exact: true }).waitFor();
  // An exclusion of the device's own, saved, then shown as coming from the device.
  await page.getByRole('tab', { name: 'Overrides' }).click();
  const addPath = page.locator('[data-add-input="exclusions.paths"]');
  await addPath.fill('/srv/fjord/cache');
  await addPath.press('Enter');
  await page.locator('.savebar').getByRole('button', { name: 'Save changes' }).click();
  await page.getByText(`1 change saved for ${HOST}.`).waitFor();
  await page.getByRole('tab', { name: 'Effective policy' }).click();
  const entry = page.locator('.effective-entry', { hasText: '/srv/fjord/cache' });
  assert.equal(await entry.locator('.origin-device').innerText(), 'Device');
  const own = (await env.api.req('GET', `/api/v1/accounts/${env.acc}/devices/${enrolled.json.device_id}/overrides`)).json;
  assert.deepEqual(own.settings, { exclusions: { paths: ['/srv/fjord/cache'] } });

  // Remove device: asked first, saying the agent will be told to uninstall.
  await page.getByRole('button', { name: 'Remove device' }).click();
  const confirm = page.getByRole('alertdialog', { name: `Remove ${HOST}?` });
  assert.match(await confirm.innerText(), /told to uninstall itself at its next check-in/);
  await confirm.getByRole('button', { name: 'Remove device' }).click();
  await page.getByRole('heading', { level: 1, name: 'Devices' }).waitFor();
  await settle(page);
  assert.equal(await page.locator('main tbody tr', { hasText: HOST }).count(), 0);
  const after = await agent('/agent/v1/checkin', { policy_version: null, state: { protection: 'on', definitions_updated_at: null, threats: [] } },
    enrolled.json.device_secret);
  assert.deepEqual(after.json.commands.map((x) => x.type), ['uninstall']);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('viewers see devices and sites with no change controls', async () => {
  const boss = (await env.api.req('GET', `/api/v1/accounts/${env.acc}/customers?q=BOSS`)).json.customers[0];
  const list = (await env.api.req('GET', `/api/v1/accounts/${env.acc}/devices?q=BOSS-WS-002`)).json.devices;
  const page = await signIn(env.browser, env.server, demoUsers.viewer, { path: `/a/${env.acc}/devices/${list[0].id}` });
  await settle(page);
  await page.getByRole('heading', { level: 1, name: 'BOSS-WS-002' }).waitFor();
  for (const name of ['Scan now', 'Update policy', 'Remove device', 'Save changes']) {
    assert.equal(await page.getByRole('button', { name }).count(), 0, name);
  }
  assert.equal(await page.locator('main select').count(), 0, 'no site or policy to choose');
  await page.getByText('You can view this device but not change it.').waitFor();
  await page.getByRole('tab', { name: 'Overrides' }).click();
  await page.locator('[data-ref="form"] .setting').first().waitFor();
  assert.equal(await page.locator('[data-ref="form"] input:not([disabled]), [data-ref="form"] select:not([disabled])').count(), 0);
  await shot(page, 'devices-device-viewer-en.png');

  await page.goto(`${env.server.url}/a/${env.acc}/customers/${boss.id}?tab=sites`);
  await settle(page);
  await page.getByRole('tabpanel').locator('tbody tr', { hasText: 'Head office' }).waitFor();
  for (const name of ['Add site', 'Installer']) assert.equal(await page.getByRole('button', { name, exact: true }).count(), 0, name);
  assert.equal(await page.getByRole('button', { name: /^Actions for/ }).count(), 0);
  await page.getByRole('button', { name: 'Exclusions of Head office' }).click();
  await page.getByRole('dialog', { name: 'Exclusions of Head office' }).getByRole('button', { name: 'OK' }).click();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the Devices page and a device page in Japanese, nothing scrolling sideways or breaking inside a word', async () => {
  const list = (await env.api.req('GET', `/api/v1/accounts/${env.acc}/devices?q=SKR-NGY`)).json.devices;
  const page = await signIn(env.browser, env.server, demoUsers.tanaka, { path: `/a/${env.acc}/devices` });
  await settle(page);
  await page.getByRole('heading', { level: 1, name: 'デバイス' }).waitFor();
  const row = page.locator('main tbody tr', { hasText: 'SKR-NGY-CAD-03' });
  assert.match(await row.innerText(), /リスクあり/);
  assert.ok(await page.locator('main tbody tr', { hasText: '保護されています' }).count() > 0);
  assert.deepEqual([...await page.evaluate(overflowProblems), ...await page.evaluate(japaneseBreakProblems)], []);
  await shot(page, 'devices-list-ja.png');
  await page.goto(`${env.server.url}/a/${env.acc}/devices/${list[0].id}`);
  await settle(page);
  await page.getByText('未解決の脅威が1件あります。').waitFor();
  await page.getByRole('tab', { name: '脅威' }).waitFor();
  assert.match(await page.locator('.device-facts').innerText(), /ホスト名[\s\S]*OS/);
  assert.deepEqual([...await page.evaluate(overflowProblems), ...await page.evaluate(japaneseBreakProblems)], []);
  await shot(page, 'devices-device-ja.png');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

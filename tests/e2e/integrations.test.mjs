// Browser tests of the integrations pages: API clients (create one limited
// to a customer, copy its secret, get a token with it and call the API,
// delete it and see the token refused; viewers see the list without
// Create or Delete; a role limited to chosen customers is told why it sees
// none) and webhooks (add one pointing at a receiver on loopback, see the
// signing secret once and check a delivery's signature with it, see the
// delivery arrive as delivered, redeliver it, turn it off, delete it;
// viewers are told only admins see webhooks).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { demoUsers } from '../lib/server.mjs';
import { signIn, demoSuite, shot, until } from './support.mjs';
import { startReceiver } from '../lib/receiver.mjs';

const env = demoSuite();

// The webhook receiver (every event it gets held to the API document).
let hooks;
before(async () => { hooks = await startReceiver(); });
after(async () => {
  await hooks?.close();
  assert.deepEqual(hooks?.problems, [], 'every event received is what the API document describes');
});

async function token(clientId, secret) {
  return fetch(`${env.server.url}/api/v1/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
  });
}

const nav = (page) => page.getByRole('navigation', { name: 'Account pages' });

test('an admin creates an API client, copies its secret once and deletes it; viewers only see the list', async () => {
  const { server, browser, acc } = env;
  const page = await signIn(browser, server, demoUsers.admin, { path: `/a/${acc}` });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await nav(page).getByRole('link', { name: 'API clients' }).click();
  await page.getByRole('heading', { level: 1, name: 'API clients' }).waitFor();
  await page.getByText('No API clients yet').waitFor();

  // From the keyboard: Enter opens the dialog on its first field, Escape closes it and focus returns.
  const create = page.getByRole('button', { name: 'Create API client' });
  await create.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Create API client' });
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.name), 'name');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Create API client');
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  // Nothing is sent without a name.
  await dialog.getByRole('button', { name: 'Create client' }).click();
  await dialog.getByText('This field is required.').waitFor();
  await dialog.getByLabel('Name').fill('Ticketing sync');
  await dialog.getByRole('radio', { name: 'Admin' }).check();
  assert.match(await dialog.innerText(), /Can read and change this account through the API\.[\s\S]*Can only read/);
  await dialog.getByRole('radio', { name: 'Chosen customers' }).check();
  await dialog.getByRole('checkbox', { name: 'Kookaburra Legal' }).check();
  await dialog.getByRole('button', { name: 'Create client' }).click();

  // The id and secret, shown once, with Copy and how to get a token.
  const shown = page.getByRole('dialog', { name: 'API client "Ticketing sync" created' });
  await shown.waitFor();
  assert.match(await shown.innerText(), /it is not shown again/);
  const clientId = await shown.getByLabel('Client ID').inputValue();
  const secret = await shown.getByLabel('Client secret').inputValue();
  assert.match(secret, /^stw_cs_/);
  const curl = await shown.getByLabel('Example with curl').inputValue();
  assert.equal(curl, `curl -u '${clientId}:${secret}' -d grant_type=client_credentials ${server.url}/api/v1/oauth/token`);
  await shown.locator('[data-copy-button="client-secret"]').click();
  await shown.locator('.copy-done', { hasText: 'Copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
  await shot(page, 'api-client-secret-en.png');
  // A click beside the dialog does not lose the secret; OK closes it.
  await page.mouse.click(5, 5);
  assert.equal(await shown.count(), 1);
  await shown.getByRole('button', { name: 'OK' }).click();
  await shown.waitFor({ state: 'detached' });

  const table = page.getByRole('table', { name: 'API clients' });
  const row = table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: 'Ticketing sync' }) });
  assert.match(await row.innerText(), new RegExp(`${clientId}[\\s\\S]*Admin[\\s\\S]*Kookaburra Legal[\\s\\S]*Not yet`));

  // The copied secret gets a token, and the token calls the API (limited to its customer).
  const tr = await token(clientId, secret);
  assert.equal(tr.status, 200);
  const { access_token: bearer } = await tr.json();
  const listed = await fetch(`${server.url}/api/v1/accounts/${acc}/customers`, { headers: { authorization: `Bearer ${bearer}` } });
  assert.equal(listed.status, 200);
  assert.deepEqual((await listed.json()).customers.map((c) => c.company), ['Kookaburra Legal']);
  await page.reload();
  await row.waitFor();
  assert.doesNotMatch(await row.innerText(), /Not yet/);
  assert.match(await row.locator('time').getAttribute('title'), /\d/);
  await shot(page, 'api-clients-en.png');

  // A viewer sees the list, without Create or Delete.
  const viewer = await signIn(browser, server, demoUsers.viewer, { path: `/a/${acc}/api-clients` });
  await viewer.getByRole('heading', { level: 1, name: 'API clients' }).waitFor();
  await viewer.getByRole('rowheader', { name: 'Ticketing sync' }).waitFor();
  assert.equal(await viewer.getByRole('button', { name: 'Create API client' }).count(), 0);
  assert.equal(await viewer.getByRole('button', { name: /^Delete/ }).count(), 0);
  await viewer.getByText('only admins create and delete them').waitFor();
  assert.equal(await nav(viewer).getByRole('link', { name: 'API clients' }).count(), 1);
  assert.equal(await nav(viewer).getByRole('link', { name: 'Webhooks' }).count(), 0);
  assert.deepEqual(viewer.problems, []);
  await viewer.context().close();

  // Delete, after a confirmation that says the tokens stop at once.
  await row.getByRole('button', { name: 'Delete Ticketing sync' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete API client "Ticketing sync"?' });
  assert.match(await confirm.innerText(), /Its tokens stop working at once/);
  await confirm.getByRole('button', { name: 'Delete client' }).click();
  await page.getByText('No API clients yet').waitFor();
  const after = await fetch(`${server.url}/api/v1/accounts/${acc}/customers`, { headers: { authorization: `Bearer ${bearer}` } });
  assert.equal(after.status, 401);
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // A role limited to chosen customers has neither page in its navigation, and is told why.
  const tech = await signIn(browser, server, demoUsers.tech, { path: `/a/${acc}/api-clients` });
  await tech.getByText('only people whose role covers the whole account can see them').waitFor();
  assert.equal(await nav(tech).getByRole('link', { name: 'API clients' }).count(), 0);
  assert.deepEqual(tech.problems, []);
  await tech.context().close();
});

test('an admin adds a webhook, sees its deliveries arrive, redelivers one, turns it off and deletes it', async () => {
  const { server, browser, api, acc } = env;
  const page = await signIn(browser, server, demoUsers.admin, { path: `/a/${acc}` });
  await nav(page).getByRole('link', { name: 'Webhooks' }).click();
  await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
  await page.getByText('No webhooks yet').waitFor();

  await page.getByRole('button', { name: 'Add webhook' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add webhook' });
  await dialog.waitFor();
  // The address is checked as the server checks it, and at least one event is needed.
  await dialog.getByLabel('Address').fill('http://example.com/steward');
  await dialog.getByRole('button', { name: 'Add webhook' }).click();
  await dialog.getByText('Use https://. Plain http:// is accepted only for 127.0.0.1, localhost and [::1].').waitFor();
  await dialog.getByText('Choose at least one event.').waitFor();
  const target = `http://127.0.0.1:${hooks.port}/steward`;
  await dialog.getByLabel('Address').fill(target);
  await dialog.getByRole('checkbox', { name: 'Customer created' }).check();
  await dialog.getByRole('button', { name: 'Add webhook' }).click();

  const shown = page.getByRole('dialog', { name: 'Webhook added' });
  await shown.waitFor();
  const secret = await shown.getByLabel('Signing secret').inputValue();
  assert.match(secret, /^stw_whs_/);
  assert.match(await shown.innerText(), /Steward-Signature: t=<Unix time>,v1=<signature>/);
  await shot(page, 'webhook-secret-en.png');
  await shown.getByRole('button', { name: 'OK' }).click();
  const host = `127.0.0.1:${hooks.port}`;
  await page.getByRole('heading', { level: 1, name: host }).waitFor();
  await page.getByText('No deliveries yet').waitFor();

  // An event: a customer created through the API reaches the receiver, signed as the page says.
  const company = 'Webhook Watchers Ltd';
  const r = await api.req('POST', `/api/v1/accounts/${acc}/customers`, {
    source: 'new', email: 'it@watchers.example', contact_person: 'Ada Lovelace', phone: '+44 20 7946 0958',
    company, industry: 'it_telecom', website: 'watchers.example', street: '12 Marylebone Road', postal_code: 'NW1 5LN',
    city: 'London', country: 'GB', segment_discount: null, management: { mode: 'local', template: 'workstation' },
  });
  assert.equal(r.status, 201, r.text);
  const first = await until(() => hooks.received.find((x) => x.body.includes(company)));
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(first.headers['steward-signature']);
  assert.ok(m, first.headers['steward-signature']);
  assert.equal(createHmac('sha256', secret).update(`${m[1]}.${first.body}`).digest('hex'), m[2]);
  assert.equal(first.headers['steward-event'], 'customer.created');

  // The page shows it delivered (Refresh reads the list again).
  const deliveries = page.getByRole('table', { name: 'Recent deliveries' });
  const row = deliveries.locator('tbody tr').first();
  await until(async () => {
    if (await deliveries.count() && /Delivered/.test(await row.innerText())) return true;
    await page.getByRole('button', { name: 'Refresh' }).click();
    return false;
  });
  assert.match(await row.innerText(), /Customer created[\s\S]*customer\.created[\s\S]*Delivered[\s\S]*1 attempt[\s\S]*HTTP 204/);
  await shot(page, 'webhook-en.png');

  // Redeliver: the receiver gets it a second time (the same event id), and the page follows it
  // on its own to Delivered again, with the new time.
  const deliveredAt = () => row.locator('[data-status="delivered"] + .cell-sub time').getAttribute('datetime');
  const firstAt = await deliveredAt();
  await until(() => Date.now() > Date.parse(firstAt) + 1100);
  await row.getByRole('button', { name: /^Redeliver Customer created/ }).click();
  await page.getByText('Customer created: queued to be sent again.').waitFor();
  const again = await until(() => {
    const hits = hooks.received.filter((x) => x.body.includes(company));
    return hits.length === 2 && hits;
  });
  assert.equal(again[1].headers['steward-event-id'], again[0].headers['steward-event-id']);
  await until(async () => (await row.locator('[data-status="delivered"]').count()) && (await deliveredAt()) !== firstAt);
  assert.match(await row.innerText(), /Delivered[\s\S]*1 attempt[\s\S]*HTTP 204/);
  assert.equal(await deliveries.locator('tbody tr').count(), 1);

  // Turn it off; the list says so with its last delivery.
  await page.getByRole('button', { name: 'Turn off' }).click();
  await page.getByRole('button', { name: 'Turn on' }).waitFor();
  await nav(page).getByRole('link', { name: 'Webhooks' }).click();
  const list = page.getByRole('table', { name: 'Webhooks' });
  const hookRow = list.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: target }) });
  assert.match(await hookRow.innerText(), /Customer created[\s\S]*Off[\s\S]*Delivered/);
  await shot(page, 'webhooks-en.png');

  // Edit: the events and on again.
  await hookRow.getByRole('link', { name: target }).click();
  await page.getByRole('heading', { level: 1, name: host }).waitFor();
  await page.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit webhook' });
  await edit.getByRole('checkbox', { name: 'Device enrolled' }).check();
  await edit.getByRole('checkbox', { name: 'Send events to this address' }).check();
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Webhook saved.').waitFor();
  assert.match(await page.locator('.details').innerText(), /Customer created[\s\S]*Device enrolled[\s\S]*On/);

  // Rotate: a new secret, shown once.
  await page.getByRole('button', { name: 'Rotate secret' }).click();
  await page.getByRole('alertdialog', { name: 'Rotate the signing secret?' }).getByRole('button', { name: 'Rotate secret' }).click();
  const rotated = page.getByRole('dialog', { name: 'New signing secret' });
  const secret2 = await rotated.getByLabel('Signing secret').inputValue();
  assert.match(secret2, /^stw_whs_/);
  assert.notEqual(secret2, secret);
  await rotated.getByRole('button', { name: 'OK' }).click();

  // Delete, back to the empty list.
  await page.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete this webhook?' });
  assert.match(await confirm.innerText(), new RegExp(`stops sending events to ${target.replace(/[.]/g, '\\.')}`));
  await confirm.getByRole('button', { name: 'Delete webhook' }).click();
  await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
  await page.getByText('No webhooks yet').waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // Viewers are told that only admins see webhooks.
  const viewer = await signIn(browser, server, demoUsers.viewer, { path: `/a/${acc}/webhooks` });
  await viewer.getByText('Only admins of the whole account can see webhooks').waitFor();
  assert.equal(await viewer.getByRole('button', { name: 'Add webhook' }).count(), 0);
  assert.deepEqual(viewer.problems, []);
  await viewer.context().close();
});

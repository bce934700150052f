// Browser tests of the API reference page (/api-reference): reached from the
// profile menu, every operation of the served document grouped by tag, the
// filter, an operation opened from the keyboard with its parameters, body
// and response schemas, anchors, and the page in Japanese on a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoSuite, signIn, shot } from './support.mjs';
import { demoUsers } from '../lib/server.mjs';
import { overflowProblems } from './layout-checks.mjs';

const env = demoSuite();

async function served() {
  const { status, json } = await env.api.req('GET', '/api/v1/openapi.json');
  assert.equal(status, 200);
  const ops = [];
  for (const [path, item] of Object.entries(json.paths))
    for (const m of ['get', 'post', 'put', 'patch', 'delete'])
      if (item[m]) ops.push({ method: m, path, id: item[m].operationId, summary: item[m].summary, tags: item[m].tags });
  // The events Steward sends to webhooks are listed too, by event name.
  for (const [name, item] of Object.entries(json.webhooks))
    ops.push({ method: 'post', path: name, id: item.post.operationId, summary: item.post.summary, tags: item.post.tags, event: true });
  return { doc: json, ops };
}

test('the profile menu opens the reference; filter, then open an operation from the keyboard', async () => {
  const { ops } = await served();
  const page = await signIn(env.browser, env.server, demoUsers.admin, { width: 1280, height: 900 });
  await page.locator('#profile-button').click();
  await page.getByRole('menuitem', { name: 'API reference' }).click();
  await page.waitForURL(/\/api-reference$/);
  await page.getByRole('heading', { level: 1, name: 'API reference' }).waitFor();
  assert.equal(await page.locator('#ref-count').textContent(), `${ops.length} operations`);
  assert.equal(await page.locator('details.ref-op').count(), ops.length);
  // Grouped by tag, each group headed by its tag.
  const sessionOps = ops.filter((o) => o.tags[0] === 'session').length;
  assert.equal(await page.locator('section#tag-session details.ref-op').count(), sessionOps);

  // The filter keeps operations that have every word typed, and says how many.
  const filter = page.getByRole('searchbox', { name: 'Filter operations' });
  await filter.fill('totp post');
  const expected = ops.filter((o) => o.method === 'post' && o.path.includes('totp'));
  assert.ok(expected.length >= 3);
  await page.locator('#ref-count').filter({ hasText: `${expected.length} of ${ops.length} operations` }).waitFor();
  const shown = await page.locator('details.ref-op:visible .ref-path').allTextContents();
  assert.deepEqual(shown.sort(), expected.map((o) => o.path).sort());
  assert.equal(await page.locator('section#tag-customers').isVisible(), false, 'a tag without matches is hidden');
  assert.match(page.url(), /\/api-reference\?q=totp\+post$/);

  // Nothing matches: says so; Escape clears the filter.
  await filter.fill('no-such-route-anywhere');
  await page.getByRole('heading', { name: 'No operation matches' }).waitFor();
  await filter.press('Escape');
  await page.locator('#ref-count').filter({ hasText: `${ops.length} operations` }).waitFor();

  // Open "Change your password" from the keyboard: its body, required members and responses.
  await filter.fill('/api/v1/me/password');
  const op = page.locator('details#changePassword');
  await op.locator('summary').focus();
  await page.keyboard.press('Enter');
  await op.locator('.ref-op-inner').waitFor();
  assert.equal(await op.getAttribute('open'), '');
  const body = op.locator('.ref-media').first();
  assert.match(await body.textContent(), /application\/json/);
  const member = op.locator('.ref-prop', { has: page.locator('code.ref-prop-name', { hasText: /^new_password$/ }) });
  assert.equal(await member.locator('.ref-type').textContent(), 'string');
  await member.locator('.ref-required', { hasText: 'required' }).waitFor();
  assert.match(await member.locator('.ref-facts').textContent(), /10–200 characters/);
  const statuses = await op.locator('.ref-response .ref-status').allTextContents();
  assert.deepEqual(statuses, ['204', '400', '401', '403', '415', '422', '429']);
  assert.match(await op.locator('.ref-meta').textContent(), /Who may call: a console session/);
  await shot(page, 'api-reference-en.png');

  // What Steward sends to webhooks: an event, who sends it, and its body.
  const events = ops.filter((o) => o.event);
  assert.equal(events.length, 7);
  assert.equal(await page.locator('section#tag-webhook-events details.ref-op').count(), events.length);
  await filter.fill('device.removed');
  const removed = page.locator('details#onDeviceRemoved');
  await removed.locator('summary').click();
  await removed.locator('.ref-op-inner').waitFor();
  assert.match(await removed.locator('.ref-path').textContent(), /^device\.removed$/);
  assert.match(await removed.locator('.ref-meta').textContent(), /Sent by Steward to each webhook that chose this event/);
  await removed.locator('.ref-params th', { hasText: 'Steward-Signature' }).waitFor();
  assert.match(await removed.locator('.ref-media').first().textContent(), /application\/json/);
  await removed.locator('.ref-media').first().scrollIntoViewIfNeeded();
  await shot(page, 'api-reference-event-en.png');

  // A nested schema: the customers list's rows, with enums and required members.
  await filter.fill('');
  await filter.fill('listCustomers');
  const list = page.locator('details#listCustomers');
  await list.locator('summary').click();
  const ok = list.locator('.ref-response', { has: page.locator('.ref-status', { hasText: /^200$/ }) });
  await ok.locator('code.ref-prop-name', { hasText: /^customers$/ }).waitFor();
  const rows = ok.locator('.ref-prop', { has: page.locator(':scope > .ref-prop-head code.ref-prop-name', { hasText: /^customers$/ }) });
  assert.equal(await rows.locator(':scope > .ref-prop-head .ref-type').textContent(), 'array of CustomerSummary');
  await ok.locator('.ref-props .ref-props code.ref-prop-name', { hasText: /^company$/ }).first().waitFor();
  await list.locator('.ref-params th', { hasText: 'limit' }).waitFor();
  await ok.scrollIntoViewIfNeeded();
  await shot(page, 'api-reference-schema-en.png');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an operation anchor opens it; Japanese chrome at 390 px fits the screen', async () => {
  const page = await signIn(env.browser, env.server, demoUsers.tanaka,
    { path: '/api-reference#createCustomer', width: 390, height: 844 });
  await page.getByRole('heading', { level: 1, name: 'APIリファレンス' }).waitFor();
  assert.match(page.url(), /\/api-reference#createCustomer$/, 'the anchor survives signing in');
  const op = page.locator('details#createCustomer');
  await op.locator('.ref-op-inner').waitFor();
  assert.equal(await op.getAttribute('open'), '');
  // The document's own text stays English; the words around it are Japanese.
  assert.match(await op.locator('.ref-path').textContent(), /^\/api\/v1\/accounts\/\{account_id\}\/customers$/);
  await op.getByRole('heading', { name: 'リクエスト本文' }).waitFor();
  await op.getByRole('heading', { name: 'レスポンス' }).waitFor();
  await op.locator('.ref-required', { hasText: '必須' }).first().waitFor();
  await page.getByRole('searchbox', { name: '操作を絞り込む' }).waitFor();
  assert.deepEqual(await page.evaluate(overflowProblems), []);
  await shot(page, 'api-reference-ja-390.png');

  // Going to another operation's anchor opens that one too.
  await page.evaluate(() => { location.hash = 'getMe'; });
  await page.locator('details#getMe .ref-op-inner').waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

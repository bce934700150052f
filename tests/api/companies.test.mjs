// Company consoles (SPEC §8, §12): anyone signed in makes one from their
// profile with a name and a region; they are its admin; it starts empty.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ApiClient, demoUsers } from '../lib/server.mjs';
import { until } from '../lib/wait.mjs';

let srv, tech;

before(async () => {
  srv = await startServer();
  tech = new Client(srv.url);
  await tech.signIn(demoUsers.tech);
});
after(async () => { await srv.stop(); });

test('a signed-in person makes a company console and is its admin; it starts empty', async () => {
  const r = await tech.req('POST', '/api/v1/companies', { name: '  Shah Family Dental  ', region: 'gb' });
  assert.equal(r.status, 201, r.text);
  const a = r.json.account;
  assert.deepEqual([a.kind, a.name, a.region, a.role, a.scope, a.tenancy],
    ['company', 'Shah Family Dental', 'GB', 'admin', 'all', 'single']);
  const mine = (await tech.req('GET', '/api/v1/accounts')).json.accounts;
  assert.ok(mine.some((x) => x.id === a.id && x.role === 'admin'));
  const users = (await tech.req('GET', `/api/v1/accounts/${a.id}/users`)).json.users;
  assert.deepEqual(users.map((u) => [u.email, u.role]), [['tech@northwind.example', 'admin']]);
  const events = (await tech.req('GET', `/api/v1/accounts/${a.id}/audit`)).json.events;
  // Its own history is its creation (its admin's sign-ins are listed too).
  assert.deepEqual(events.filter((e) => e.category !== 'auth').map((e) => `${e.category}/${e.event_type}`), ['account/create']);
  // Nobody else sees it.
  const harbor = new Client(srv.url);
  await harbor.signIn(demoUsers.harbor);
  assert.equal((await harbor.req('GET', `/api/v1/accounts/${a.id}`)).status, 404);
  assert.ok(!(await harbor.req('GET', '/api/v1/accounts')).json.accounts.some((x) => x.id === a.id));
});

test('bad input names the field and makes nothing; only people in a console session make companies', async () => {
  const before = (await tech.req('GET', '/api/v1/accounts')).json.accounts.length;
  for (const [body, field] of [[{ region: 'GB' }, 'name'], [{ name: '', region: 'GB' }, 'name'], [{ name: 'x'.repeat(101), region: 'GB' }, 'name'],
    [{ name: 'Ok Ltd' }, 'region'], [{ name: 'Ok Ltd', region: 'XX' }, 'region'], [{ name: 'Ok Ltd', region: 7 }, 'region'],
    [{ name: 'Ok Ltd', region: 'GB', kind: 'partner' }, 'kind'], [{ name: 'Ok Ltd', region: 'GB', tenancy: 'sites' }, 'tenancy'],
    [{ name: 'Ok Ltd', region: 'GB', tenancy: true }, 'tenancy']]) {
    const r = await tech.req('POST', '/api/v1/companies', body);
    assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
    assert.ok(r.json.error.fields[field], `${JSON.stringify(body)}: ${r.text}`);
  }
  assert.equal((await tech.req('GET', '/api/v1/accounts')).json.accounts.length, before);
  assert.equal((await tech.req('POST', '/api/v1/companies', { name: 'Ok Ltd', region: 'GB' }, { csrf: false })).status, 403);
  assert.equal((await new Client(srv.url).req('POST', '/api/v1/companies', { name: 'Ok Ltd', region: 'GB' })).status, 401);
  const admin = new Client(srv.url);
  await admin.signIn(demoUsers.admin);
  const acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((x) => x.kind === 'partner').id;
  const api = await ApiClient.create(admin, acc, { name: 'No companies' });
  assert.equal((await api.req('POST', '/api/v1/companies', { name: 'Ok Ltd', region: 'GB' })).status, 401);
});

test('a retry with the same Idempotency-Key makes one company', async () => {
  const key = { headers: { 'idempotency-key': 'company-retry-1' } };
  const a = await tech.req('POST', '/api/v1/companies', { name: 'Retry Dental', region: 'IE' }, key);
  const b = await tech.req('POST', '/api/v1/companies', { name: 'Retry Dental', region: 'IE' }, key);
  assert.equal(a.status, 201);
  assert.equal(b.status, 201);
  assert.equal(a.json.account.id, b.json.account.id);
  assert.equal((await tech.req('GET', '/api/v1/accounts')).json.accounts.filter((x) => x.name === 'Retry Dental').length, 1);
});

test('a company console is single-tenant unless made multi-tenant, and keeps what it was made as', async () => {
  const multi = await tech.req('POST', '/api/v1/companies', { name: 'Hale Opticians', region: 'GB', tenancy: 'multi' });
  assert.equal(multi.status, 201, multi.text);
  assert.equal(multi.json.account.tenancy, 'multi');
  const single = await tech.req('POST', '/api/v1/companies', { name: 'Corner Bakery', region: 'FR', tenancy: 'single' });
  assert.equal(single.json.account.tenancy, 'single');
  const listed = (await tech.req('GET', '/api/v1/accounts')).json.accounts;
  assert.equal(listed.find((x) => x.id === multi.json.account.id).tenancy, 'multi');
  assert.equal(listed.find((x) => x.kind === 'partner').tenancy, undefined, 'partner accounts have no tenancy');
  // Renaming does not change it, and PATCH does not take it.
  const url = `/api/v1/accounts/${multi.json.account.id}`;
  assert.equal((await tech.req('PATCH', url, { name: 'Hale & Sons Opticians' })).json.account.tenancy, 'multi');
  const patch = await tech.req('PATCH', url, { tenancy: 'single' });
  assert.equal(patch.status, 422, patch.text);
  assert.equal((await tech.req('GET', url)).json.account.tenancy, 'multi');
  // Its history says what was made.
  const events = (await tech.req('GET', `${url}/audit`)).json.events.filter((e) => e.event_type === 'create');
  assert.match(events[0].detail, /Multi-tenant company console "Hale Opticians"/);
});

test('a company console with its own record is deleted, restored and purged like any', async () => {
  const c = (await tech.req('POST', '/api/v1/companies', { name: 'Brief Ltd', region: 'GB' })).json.account;
  const url = `/api/v1/accounts/${c.id}`;
  assert.equal((await tech.req('DELETE', url, { confirm_name: 'Brief Ltd' })).status, 204);
  assert.equal((await tech.req('POST', `/api/v1/me/deleted-accounts/${c.id}/restore`)).status, 204);
  assert.equal((await tech.req('GET', url)).json.account.name, 'Brief Ltd');
  assert.equal((await tech.req('DELETE', url, { confirm_name: 'Brief Ltd' })).status, 204);
  const later = await startServer({ db: srv.db, env: { STEWARD_CLOCK_OFFSET: String(31 * 86400) } });
  try {
    const t = new Client(later.url);
    await t.signIn(demoUsers.tech);
    // The background process's work, waited for (time itself is moved).
    await until(async () => !(await t.req('GET', '/api/v1/me/deleted-accounts')).json.accounts.some((a) => a.id === c.id),
      { what: 'purged after 30 days' });
  } finally {
    await later.stop();
  }
});

test("a company console's own subscriptions: a trial, a code of its own OMS order; viewers read them; pay-as-you-go and others' codes are not its", async () => {
  const a = (await tech.req('POST', '/api/v1/companies', { name: 'Moorside Physio', region: 'GB' })).json.account;
  assert.ok(a.customer_id, JSON.stringify(a));
  const subs = `/api/v1/accounts/${a.id}/customers/${a.customer_id}/subscriptions`;
  let r = await tech.req('GET', subs);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.flexible_billing, false);
  assert.ok(r.json.subscriptions.length >= 6 && r.json.subscriptions.every((s) => s.state === 'none' && s.trial_available));
  r = await tech.req('POST', subs + '/trials', { service: 'essential_business' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.subscription.state, r.json.subscription.seats], ['trial', 25]);
  assert.equal((await tech.req('POST', subs + '/trials', { service: 'essential_business' })).json.error.code, 'trial_used');
  // Codes of the company's own order; a partner's codes are not its.
  const mine = await srv.ctl(['oms', 'order', '--db', '$DB', '--partner', a.id, '--service', 'premium_business', '--seats', '30', '--months', '12']);
  assert.equal(mine.code, 0, mine.stderr);
  const northwind = new Client(srv.url);
  await northwind.signIn(demoUsers.admin);
  const partner = (await northwind.req('GET', '/api/v1/accounts')).json.accounts.find((x) => x.kind === 'partner').id;
  const theirs = await srv.ctl(['oms', 'order', '--db', '$DB', '--partner', partner, '--service', 'cloud_backup', '--seats', '5', '--months', '12']);
  assert.equal(theirs.code, 0, theirs.stderr);
  r = await tech.req('POST', subs + '/activation-codes', { code: theirs.stdout.trim() });
  assert.ok(r.status === 404 || r.status === 422, r.text);
  r = await tech.req('POST', subs + '/activation-codes', { code: mine.stdout.trim() });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.subscription.state, r.json.subscription.seats], ['prepaid', 30]);
  // Pay-as-you-go is billed to partners only; another record is nobody's here.
  assert.equal((await tech.req('POST', subs + '/payg', { service: 'cloud_backup', seats: 3 })).status, 404);
  const other = (await northwind.req('GET', `/api/v1/accounts/${partner}/customers?limit=1`)).json.customers[0].id;
  assert.equal((await tech.req('GET', `/api/v1/accounts/${a.id}/customers/${other}/subscriptions`)).status, 404);
  assert.equal((await northwind.req('GET', subs)).status, 404);
  // A viewer reads them and starts nothing; the audit log has both.
  const added = await srv.ctl(['user', 'add', '--db', '$DB', '--email', 'viewer@moorside.example', '--password', 'moorside-viewer-42',
    '--account', a.id, '--role', 'viewer']);
  assert.equal(added.code, 0, added.stderr);
  const viewer = new Client(srv.url);
  await viewer.signIn({ email: 'viewer@moorside.example', password: 'moorside-viewer-42' });
  r = await viewer.req('GET', subs);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.subscriptions.filter((s) => s.state !== 'none').length, 2);
  assert.equal((await viewer.req('POST', subs + '/trials', { service: 'cloud_backup' })).status, 403);
  // Its audit log: the order, the trial, the code redeemed and the one refused.
  const events = (await tech.req('GET', `/api/v1/accounts/${a.id}/audit?category=subscription`)).json.events;
  assert.deepEqual(events.map((e) => `${e.event_type}/${e.result}`).sort(),
    ['code_redeem/failure', 'code_redeemed/success', 'order_created/success', 'trial_started/success']);
});

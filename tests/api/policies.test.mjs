// The minimal policy support customer creation needs: global policies from
// templates, local policies, a customer's policies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers } from '../lib/server.mjs';

let srv, admin, viewer, harbor, acc;

before(async () => {
  srv = await startServer();
  admin = new Client(srv.url);
  viewer = new Client(srv.url);
  harbor = new Client(srv.url);
  await admin.signIn(demoUsers.admin);
  await viewer.signIn(demoUsers.viewer);
  await harbor.signIn(demoUsers.harbor);
  acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
});
after(async () => { await srv.stop(); });

const url = (p) => `/api/v1/accounts/${acc}${p}`;

test('a global policy is created from its platform\'s template', async () => {
  const r = await admin.req('POST', url('/policies'), { name: 'Kiosks', platform: 'workstation', description: 'Shop-floor PCs' });
  assert.equal(r.status, 201, r.text);
  const p = r.json.policy;
  assert.match(p.id, /^pol_/);
  assert.equal(p.scope, 'global');
  assert.equal(p.assigned_customers, 0);
  assert.equal(p.revision, 1);
  assert.equal(p.settings.antivirus.file_shield, true);
  assert.equal(p.settings.antivirus.mail_shield, true);
  assert.deepEqual(p.locked, []);
  const srvp = await admin.req('POST', url('/policies'), { name: 'Database servers', platform: 'server' });
  assert.equal(srvp.status, 201);
  assert.equal(srvp.json.policy.settings.antivirus.mail_shield, false);	// the Server template
  assert.equal(srvp.json.policy.settings.patch_management.allow_reboot, false);
  const list = (await admin.req('GET', url('/policies'))).json.policies.map((x) => x.name);
  assert.deepEqual(list, ['Database servers', 'Global Test Policy', 'Kiosks', 'Standard Servers', 'Strict Workstations']);
});

test('names are unique per owner, ignoring case', async () => {
  const dup = await admin.req('POST', url('/policies'), { name: 'GLOBAL test policy', platform: 'server' });
  assert.equal(dup.status, 409);
  assert.equal(dup.json.error.code, 'policy_name_taken');
  // A customer may have a local policy of the same name as a global one.
  const boss = (await admin.req('GET', url('/customers?q=BOSS'))).json.customers[0];
  const local = await admin.req('POST', url(`/customers/${boss.id}/policies`), { name: 'Global Test Policy', platform: 'server' });
  assert.equal(local.status, 201, local.text);
  assert.equal(local.json.policy.scope, 'local');
  assert.equal(local.json.policy.customer_id, boss.id);
  const again = await admin.req('POST', url(`/customers/${boss.id}/policies`), { name: 'local test POLICY', platform: 'workstation' });
  assert.equal(again.status, 409);
});

test('bad input is refused by field', async () => {
  for (const [body, field] of [
    [{ platform: 'server' }, 'name'],
    [{ name: '  ', platform: 'server' }, 'name'],
    [{ name: 'X', platform: 'mainframe' }, 'platform'],
    [{ name: 'X' }, 'platform'],
    [{ name: 'X', platform: 'server', description: 'd'.repeat(501) }, 'description'],
    [{ name: 'X', platform: 'server', settings: [] }, 'settings'],
    [{ name: 'X', platform: 'server', settings: { firewall: { mode: 'loud' } } }, 'settings.firewall.mode'],
    [{ name: 42, platform: 'server' }, 'name'],
  ]) {
    const r = await admin.req('POST', url('/policies'), body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.ok(r.json.error.fields[field], r.text);
  }
});

test('a customer\'s policies: local first, then assigned, with defaults', async () => {
  const boss = (await admin.req('GET', url('/customers?q=BOSS'))).json.customers[0];
  const r = await admin.req('GET', url(`/customers/${boss.id}/policies`));
  const names = r.json.policies.map((p) => [p.name, p.scope, p.default]);
  assert.deepEqual(names.filter((n) => n[0] !== 'Global Test Policy'),
    [['Default', 'local', true], ['Local Test Policy', 'local', false]]);
  const sakura = (await admin.req('GET', url(`/customers?q=${encodeURIComponent('さくら')}`))).json.customers[0];
  const g = await admin.req('GET', url(`/customers/${sakura.id}/policies`));
  assert.deepEqual(g.json.policies.map((p) => [p.name, p.scope, p.default]),
    [['Global Test Policy', 'global', true], ['Standard Servers', 'global', true]]);
  const locals = (await admin.req('GET', url('/policies?scope=local'))).json.policies;
  assert.ok(locals.every((p) => p.scope === 'local' && p.customer_name));
  assert.ok(locals.some((p) => p.customer_name === 'BOSS STG payg test A 4/4/2023 cs1' && p.name === 'Local Test Policy'));
  assert.equal((await admin.req('GET', url('/policies?scope=all'))).status, 422);
});

test('viewers read, strangers see nothing', async () => {
  assert.equal((await viewer.req('GET', url('/policies'))).status, 200);
  assert.equal((await viewer.req('POST', url('/policies'), { name: 'V', platform: 'server' })).status, 403);
  const boss = (await admin.req('GET', url('/customers?q=BOSS'))).json.customers[0];
  assert.equal((await viewer.req('POST', url(`/customers/${boss.id}/policies`), { name: 'V', platform: 'server' })).status, 403);
  assert.equal((await harbor.req('GET', url('/policies?scope=local'))).status, 404);
  assert.equal((await harbor.req('POST', url(`/customers/${boss.id}/policies`), { name: 'X', platform: 'server' })).status, 404);
  const hacc = (await harbor.req('GET', '/api/v1/accounts')).json.accounts[0].id;
  const theirs = (await harbor.req('GET', `/api/v1/accounts/${hacc}/policies?scope=local`)).json.policies;
  const harborCustomers = new Set((await harbor.req('GET', `/api/v1/accounts/${hacc}/customers?limit=500`)).json.customers.map((c) => c.company));
  assert.ok(theirs.length > 0 && harborCustomers.has('Harbor Fisheries Ltd'));
  assert.ok(theirs.every((p) => harborCustomers.has(p.customer_name)), 'only Blue Harbor\'s own customers');
  // Customer ids of another partner are not found under ours.
  assert.equal((await admin.req('GET', url(`/customers/${theirs[0].customer_id}/policies`))).status, 404);
});

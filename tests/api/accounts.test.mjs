// Accounts: what each user sees, tenant isolation, viewers, input checks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers } from '../lib/server.mjs';

let srv, admin, viewer, harbor, northwind, contoso, blueharbor;
before(async () => {
  srv = await startServer();
  admin = new Client(srv.url);
  viewer = new Client(srv.url);
  harbor = new Client(srv.url);
  await admin.signIn(demoUsers.admin);
  await viewer.signIn(demoUsers.viewer);
  await harbor.signIn(demoUsers.harbor);
  const list = (await admin.req('GET', '/api/v1/accounts')).json.accounts;
  northwind = list.find((a) => a.name === 'Northwind IT Services');
  contoso = list.find((a) => a.name === 'Contoso Pharma');
  blueharbor = (await harbor.req('GET', '/api/v1/accounts')).json.accounts[0];
});
after(async () => { await srv.stop(); });

test('each user lists exactly the accounts they have a role in', async () => {
  const a = (await admin.req('GET', '/api/v1/accounts')).json.accounts;
  assert.deepEqual(a.map((x) => [x.kind, x.name, x.role]), [
    ['partner', 'Northwind IT Services', 'admin'],
    ['company', 'Contoso Pharma', 'admin'],
  ]);
  assert.match(a[0].id, /^acc_[a-z2-9]{16}$/);
  const v = (await viewer.req('GET', '/api/v1/accounts')).json.accounts;
  assert.deepEqual(v.map((x) => [x.name, x.role]), [['Northwind IT Services', 'viewer']]);
  const h = (await harbor.req('GET', '/api/v1/accounts')).json.accounts;
  assert.deepEqual(h.map((x) => x.name), ['Blue Harbor Managed Services']);
});

test('an account you have no role in is 404, like one that does not exist', async () => {
  const other = await harbor.req('GET', `/api/v1/accounts/${northwind.id}`);
  const none = await harbor.req('GET', '/api/v1/accounts/acc_2222222222222222');
  assert.equal(other.status, 404);
  assert.equal(none.status, 404);
  assert.deepEqual(other.json, none.json);
  const mine = await harbor.req('GET', `/api/v1/accounts/${blueharbor.id}`);
  assert.equal(mine.status, 200);
  assert.equal(mine.json.account.role, 'admin');
  // Another tenant can change nothing either, and learns nothing.
  const patch = await harbor.req('PATCH', `/api/v1/accounts/${northwind.id}`, { name: 'Hijacked' });
  assert.equal(patch.status, 404);
  const bad = await harbor.req('PATCH', `/api/v1/accounts/${northwind.id}`, { name: 12 });
  assert.equal(bad.status, 404);
  const still = await admin.req('GET', `/api/v1/accounts/${northwind.id}`);
  assert.equal(still.json.account.name, 'Northwind IT Services');
});

test('a viewer can read but not change the account', async () => {
  const r = await viewer.req('GET', `/api/v1/accounts/${northwind.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.account.role, 'viewer');
  const p = await viewer.req('PATCH', `/api/v1/accounts/${northwind.id}`, { name: 'Viewer was here' });
  assert.equal(p.status, 403);
  assert.equal(p.json.error.code, 'forbidden');
  const v = await viewer.req('GET', `/api/v1/accounts/${northwind.id}`);
  assert.equal(v.json.account.name, 'Northwind IT Services');
  // The viewer is not in Contoso at all.
  assert.equal((await viewer.req('GET', `/api/v1/accounts/${contoso.id}`)).status, 404);
});

test('an admin renames the account; the name is stored verbatim', async () => {
  const hostile = `<img src=x onerror=alert(1)> O'Brien & "Co"; DROP TABLE accounts;--`;
  const r = await admin.req('PATCH', `/api/v1/accounts/${contoso.id}`, { name: `  ${hostile}  ` });
  assert.equal(r.status, 200);
  assert.equal(r.json.account.name, hostile);
  assert.doesNotMatch(r.text, /<img/);	// escaped inside JSON
  const g = await admin.req('GET', '/api/v1/accounts');
  assert.equal(g.json.accounts.find((a) => a.id === contoso.id).name, hostile);
  const jp = await admin.req('PATCH', `/api/v1/accounts/${contoso.id}`, { name: 'コントソ製薬株式会社' });
  assert.equal(jp.json.account.name, 'コントソ製薬株式会社');
});

test('bad names are refused with a message naming the field, and nothing changes', async () => {
  const before = (await admin.req('GET', `/api/v1/accounts/${contoso.id}`)).json.account.name;
  const cases = [
    [{}, 'name'],
    [{ name: '   ' }, 'name'],
    [{ name: 42 }, 'name'],
    [{ name: null }, 'name'],
    [{ name: 'a\u0000b' }, null],	// NUL: refused by the parser
    [{ name: 'tab\there' }, 'name'],
    [{ name: 'line\u2028sep' }, 'name'],
    [{ name: 'x'.repeat(101) }, 'name'],
    [{ name: 'ok', owner: 'me' }, 'owner'],
  ];
  for (const [body, field] of cases) {
    const r = await admin.req('PATCH', `/api/v1/accounts/${contoso.id}`, body);
    if (field === null) {
      assert.equal(r.status, 400, JSON.stringify(body));
      continue;
    }
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.ok(r.json.error.fields[field], `${JSON.stringify(body)} -> ${r.text}`);
  }
  const after = (await admin.req('GET', `/api/v1/accounts/${contoso.id}`)).json.account.name;
  assert.equal(after, before);
});

test('no session, no accounts', async () => {
  const anon = new Client(srv.url);
  assert.equal((await anon.req('GET', `/api/v1/accounts/${northwind.id}`)).status, 401);
  assert.equal((await anon.req('PATCH', `/api/v1/accounts/${northwind.id}`, { name: 'x' })).status, 401);
});

// The policy engine: schema validation, global policies with locks,
// assignments, local policies, customer overrides, defaults, the effective
// policy, deletion rules, revisions, and who may do what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers } from '../lib/server.mjs';
import { createCustomer } from '../lib/customers.mjs';

let srv, admin, viewer, harbor, tech, acc, hacc;
let gtest, gserver, strict;	// the demo's global policies
let boss, sakura, olivetta, kookaburra, westbrook, fisheries;

before(async () => {
  srv = await startServer();
  admin = new Client(srv.url);
  viewer = new Client(srv.url);
  harbor = new Client(srv.url);
  tech = new Client(srv.url);
  await admin.signIn(demoUsers.admin);
  await viewer.signIn(demoUsers.viewer);
  await harbor.signIn(demoUsers.harbor);
  await tech.signIn(demoUsers.tech);
  acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  hacc = (await harbor.req('GET', '/api/v1/accounts')).json.accounts[0].id;
  const pols = (await admin.req('GET', url('/policies'))).json.policies;
  gtest = pols.find((p) => p.name === 'Global Test Policy').id;
  gserver = pols.find((p) => p.name === 'Standard Servers').id;
  strict = pols.find((p) => p.name === 'Strict Workstations').id;
  const find = async (q) => (await admin.req('GET', url(`/customers?q=${encodeURIComponent(q)}`))).json.customers[0].id;
  boss = await find('BOSS STG');
  sakura = await find('さくら');
  olivetta = await find('Olivetta');
  kookaburra = await find('Kookaburra');
  westbrook = await find('Westbrook');
  fisheries = (await harbor.req('GET', `/api/v1/accounts/${hacc}/customers`)).json.customers[0].id;
});
after(async () => { await srv.stop(); });

const url = (p) => `/api/v1/accounts/${acc}${p}`;
let seq = 0;
const uniq = (s) => `${s} ${++seq}`;

async function newCustomer(management = { mode: 'global', global_policy_ids: [gtest, gserver] }) {
  seq += 1;
  return (await createCustomer(admin, url('/customers'), `Engine Test ${seq} Ltd`, `engine${seq}`,
    { management })).id;
}

async function newGlobal(body = {}) {
  const r = await admin.req('POST', url('/policies'), { name: uniq('Engine policy'), platform: 'workstation', ...body });
  assert.equal(r.status, 201, r.text);
  return r.json.policy;
}

const effective = async (cid, platform = 'workstation', client = admin) =>
  client.req('GET', url(`/customers/${cid}/effective-policy?platform=${platform}`));

// ---- schema and validation -------------------------------------------

test('the schema and templates are served to the console', async () => {
  const r = await admin.req('GET', '/api/v1/policy-schema');
  assert.equal(r.status, 200);
  assert.equal(r.json.schema.properties.firewall.properties.mode.type, 'string');
  assert.deepEqual(r.json.schema.properties.firewall.properties.mode.enum, ['automatic', 'strict', 'permissive']);
  assert.equal(r.json.templates.workstation.version, 1);
  assert.equal(r.json.templates.server.settings.antivirus.mail_shield, false);
  assert.deepEqual(r.json.additive, ['exclusions.paths', 'exclusions.urls']);
  const anon = new Client(srv.url);
  assert.equal((await anon.req('GET', '/api/v1/policy-schema')).status, 401);
});

test('every write is validated against the schema, naming the setting', async () => {
  const p = await newGlobal();
  const cases = [
    [{ firewall: { colour: 'red' } }, 'settings.firewall.colour'],
    [{ firewall: { enabled: 'yes' } }, 'settings.firewall.enabled'],
    [{ firewall: 'on' }, 'settings.firewall'],
    [{ updates: { definitions_interval_hours: 0 } }, 'settings.updates.definitions_interval_hours'],
    [{ updates: { definitions_interval_hours: 25 } }, 'settings.updates.definitions_interval_hours'],
    [{ updates: { definitions_interval_hours: 2.5 } }, 'settings.updates.definitions_interval_hours'],
    [{ antivirus: { scheduled_scan: { time: '25:00' } } }, 'settings.antivirus.scheduled_scan.time'],
    [{ antivirus: { scheduled_scan: { day: 'someday' } } }, 'settings.antivirus.scheduled_scan.day'],
    [{ patch_management: { auto_install: ['critical', 'critical'] } }, 'settings.patch_management.auto_install[1]'],
    [{ patch_management: { auto_install: ['urgent'] } }, 'settings.patch_management.auto_install[0]'],
    [{ exclusions: { paths: ['relative\\path'] } }, 'settings.exclusions.paths[0]'],
    [{ exclusions: { paths: ['C:\\Temp\\\u0007bell'] } }, 'settings.exclusions.paths[0]'],
    [{ exclusions: { urls: ['not a url'] } }, 'settings.exclusions.urls[0]'],
    [{ exclusions: { paths: Array.from({ length: 201 }, (_, i) => `C:\\Data\\${i}`) } }, 'settings.exclusions.paths'],
    [{ exclusions: { paths: ['C:\\' + 'x'.repeat(300)] } }, 'settings.exclusions.paths[0]'],
    [{ web_control: { blocked_categories: ['malware', 7] } }, 'settings.web_control.blocked_categories[1]'],
    [JSON.parse('{"__proto__": {"x": 1}}'), 'settings.__proto__'],
  ];
  for (const [settings, field] of cases) {
    const r = await admin.req('PATCH', url(`/policies/${p.id}`), { settings });
    assert.equal(r.status, 422, `${JSON.stringify(settings)}: ${r.text}`);
    assert.ok(r.json.error.fields[field], `${field} in ${r.text}`);
  }
  // Several problems at once: each is named, nothing is written.
  const many = await admin.req('PATCH', url(`/policies/${p.id}`), {
    name: 'Renamed', settings: { firewall: { mode: 'loud' }, updates: { program_updates: 'never' } },
  });
  assert.equal(many.status, 422);
  assert.ok(many.json.error.fields['settings.firewall.mode'] && many.json.error.fields['settings.updates.program_updates']);
  const after = (await admin.req('GET', url(`/policies/${p.id}`))).json.policy;
  assert.equal(after.name, p.name);
  assert.equal(after.revision, 1);
  // Locks name settings that exist, once each; local policies have none.
  for (const [locked, field] of [[['firewall.nope'], 'locked[0]'], [['firewall', 'firewall'], 'locked[1]'], ['firewall', 'locked'], [[1], 'locked[0]']]) {
    const r = await admin.req('PATCH', url(`/policies/${p.id}`), { locked });
    assert.equal(r.status, 422, JSON.stringify(locked));
    assert.ok(r.json.error.fields[field], r.text);
  }
  const localLock = await admin.req('PATCH', url(`/customers/${boss}/policies/${(await localOf(boss, 'Default')).id}`), { locked: ['firewall'] });
  assert.equal(localLock.status, 422);
  assert.ok(localLock.json.error.fields.locked);
  // Malformed JSON and wrong body types.
  const bad = await admin.req('PATCH', url(`/policies/${p.id}`), '{"settings": {"firewall": ', { raw: true });
  assert.equal(bad.status, 400);
  const nul = await admin.req('PATCH', url(`/policies/${p.id}`), '{"settings": {"exclusions": {"urls": ["a\\u0000b"]}}}', { raw: true });
  assert.equal(nul.status, 400, nul.text);
});

test('exclusions keep HTML and SQL metacharacters verbatim', async () => {
  const p = await newGlobal({ settings: { exclusions: { paths: ["C:\\O'Brien\\<b>Reports</b>\\*"], urls: ['https://example.com/a?x=1&y=<2>'] } } });
  assert.deepEqual(p.settings.exclusions.paths, ["C:\\O'Brien\\<b>Reports</b>\\*"]);
  const again = (await admin.req('GET', url(`/policies/${p.id}`))).json.policy;
  assert.deepEqual(again.settings.exclusions.urls, ['https://example.com/a?x=1&y=<2>']);
});

async function localOf(cid, name) {
  return (await admin.req('GET', url(`/customers/${cid}/policies`))).json.policies.find((p) => p.name === name);
}

// ---- global policies ---------------------------------------------------

test('a global policy from a template with changes and locks stores only its changes', async () => {
  const p = await newGlobal({
    description: 'Front desks',
    settings: { firewall: { mode: 'strict' }, antivirus: { file_shield: true } },
    locked: ['firewall', 'antivirus.web_shield'],
  });
  assert.equal(p.settings.firewall.mode, 'strict');
  assert.deepEqual(p.changes, { firewall: { mode: 'strict' } });	// file_shield is the template's value
  assert.deepEqual(p.locked, ['firewall', 'antivirus.web_shield']);
  assert.equal(p.origin['firewall.mode'], 'policy');
  assert.equal(p.origin['antivirus.file_shield'], 'template');
  assert.equal(p.template, 'workstation');
  assert.equal(p.status, 'unused');
});

test('from scratch every setting must be chosen', async () => {
  const tpl = (await admin.req('GET', '/api/v1/policy-schema')).json.templates.server.settings;
  const partial = structuredClone(tpl);
  delete partial.firewall.mode;
  delete partial.remote_access;
  const r = await admin.req('POST', url('/policies'), { name: uniq('Scratch'), platform: 'server', source: 'scratch', settings: partial });
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields['settings.firewall.mode']);
  assert.ok(r.json.error.fields['settings.remote_access.enabled']);
  const full = structuredClone(tpl);
  full.firewall.mode = 'permissive';
  const ok = await admin.req('POST', url('/policies'), { name: uniq('Scratch'), platform: 'server', source: 'scratch', settings: full });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.policy.template, null);
  assert.deepEqual(ok.json.policy.changes, { firewall: { mode: 'permissive' } });
  const none = await admin.req('POST', url('/policies'), { name: uniq('Scratch'), platform: 'server', source: 'scratch' });
  assert.equal(none.status, 422);
  assert.ok(none.json.error.fields.settings);
});

test('duplicating a policy copies its settings and locks; the copy is independent', async () => {
  const src = await newGlobal({ settings: { updates: { definitions_interval_hours: 2 } }, locked: ['updates'] });
  const r = await admin.req('POST', url('/policies'), { name: uniq('Copy'), copy_from: { policy_id: src.id } });
  assert.equal(r.status, 201, r.text);
  const copy = r.json.policy;
  assert.equal(copy.platform, 'workstation');
  assert.equal(copy.settings.updates.definitions_interval_hours, 2);
  assert.deepEqual(copy.locked, ['updates']);
  await admin.req('PATCH', url(`/policies/${src.id}`), { settings: { updates: { definitions_interval_hours: 6 } } });
  assert.equal((await admin.req('GET', url(`/policies/${copy.id}`))).json.policy.settings.updates.definitions_interval_hours, 2);
  // Any policy of the partner, local ones included; never another partner's.
  const local = await localOf(boss, 'Local Test Policy');
  const fromLocal = await admin.req('POST', url('/policies'), { name: uniq('From local'), source: 'copy', copy_from: { policy_id: local.id } });
  assert.equal(fromLocal.status, 201);
  assert.deepEqual(fromLocal.json.policy.settings.web_control.blocked_categories, ['malware', 'phishing', 'adult', 'social_media', 'streaming']);
  const hpol = (await harbor.req('GET', `/api/v1/accounts/${hacc}/policies?scope=local`)).json.policies[0].id;
  const theirs = await admin.req('POST', url('/policies'), { name: uniq('Theirs'), copy_from: { policy_id: hpol } });
  assert.equal(theirs.status, 422);
  assert.ok(theirs.json.error.fields['copy_from.policy_id']);
  const wrongPlatform = await admin.req('POST', url('/policies'), { name: uniq('X'), platform: 'server', copy_from: { policy_id: src.id } });
  assert.equal(wrongPlatform.status, 422);
  assert.ok(wrongPlatform.json.error.fields.platform);
  const mixed = await admin.req('POST', url('/policies'), { name: uniq('X'), platform: 'server', source: 'template', copy_from: { policy_id: src.id } });
  assert.equal(mixed.status, 422);
});

test('edits merge into the policy; null goes back to the template; revisions follow effective changes', async () => {
  const p = await newGlobal();
  let r = await admin.req('PATCH', url(`/policies/${p.id}`), { settings: { firewall: { mode: 'strict' }, remote_access: { enabled: false } } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.policy.revision, 2);
  assert.deepEqual(r.json.policy.changes, { firewall: { mode: 'strict' }, remote_access: { enabled: false } });
  r = await admin.req('PATCH', url(`/policies/${p.id}`), { settings: { firewall: { enabled: false } } });
  assert.equal(r.json.policy.revision, 3);
  assert.equal(r.json.policy.settings.firewall.mode, 'strict');	// kept: a merge
  // A rename or description keeps the revision; so does a no-op.
  r = await admin.req('PATCH', url(`/policies/${p.id}`), { name: `${p.name} (renamed)`, description: 'Reception PCs' });
  assert.equal(r.json.policy.revision, 3);
  assert.equal(r.json.policy.name, `${p.name} (renamed)`);
  r = await admin.req('PATCH', url(`/policies/${p.id}`), { settings: { firewall: { mode: 'strict' } } });
  assert.equal(r.json.policy.revision, 3);
  // Setting the template's value, or null, removes the change.
  r = await admin.req('PATCH', url(`/policies/${p.id}`), { settings: { firewall: { mode: null, enabled: true }, remote_access: null } });
  assert.equal(r.json.policy.revision, 4);
  assert.deepEqual(r.json.policy.changes, {});
  assert.equal(r.json.policy.origin['firewall.mode'], 'template');
  // Rename onto another policy's name (any case) is a conflict.
  r = await admin.req('PATCH', url(`/policies/${p.id}`), { name: 'global TEST policy' });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'policy_name_taken');
});

test('concurrent edits of different settings are both kept', async () => {
  const p = await newGlobal();
  const keys = ['file_shield', 'web_shield', 'mail_shield', 'behavior_shield'];
  const rs = await Promise.all(keys.map((k) => admin.req('PATCH', url(`/policies/${p.id}`), { settings: { antivirus: { [k]: false } } })));
  assert.ok(rs.every((r) => r.status === 200), rs.map((r) => r.text).join('\n'));
  const after = (await admin.req('GET', url(`/policies/${p.id}`))).json.policy;
  for (const k of keys) assert.equal(after.settings.antivirus[k], false, k);
  assert.equal(after.revision, 5);
});

// ---- assignments ---------------------------------------------------------

test('assign to many customers at once, as their default, and see where it is used', async () => {
  const a = await newCustomer(), b = await newCustomer();
  const p = await newGlobal({ settings: { firewall: { mode: 'strict' } } });
  const r = await admin.req('POST', url(`/policies/${p.id}/assignments`), { customer_ids: [a, b, a], default: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.assigned, 2);
  const uses = (await admin.req('GET', url(`/policies/${p.id}/assignments`))).json.assignments;
  assert.deepEqual(uses.map((u) => [u.customer_id, u.default, u.overridden]).sort(), [[a, true, false], [b, true, false]].sort());
  const list = (await admin.req('GET', url('/policies'))).json.policies.find((x) => x.id === p.id);
  assert.equal(list.assigned_customers, 2);
  assert.equal(list.default_for, 2);
  assert.equal(list.status, 'in_use');
  const ef = await effective(a);
  assert.equal(ef.json.policy_id, p.id);
  assert.equal(ef.json.settings.firewall.mode, 'strict');
  // The old default stays assigned, no longer default.
  const mine = (await admin.req('GET', url(`/customers/${a}/policies`))).json.policies;
  assert.deepEqual(mine.filter((x) => x.platform === 'workstation').map((x) => [x.id, x.default]).sort(), [[gtest, false], [p.id, true]].sort());
  // Again: nothing new.
  assert.equal((await admin.req('POST', url(`/policies/${p.id}/assignments`), { customer_ids: [a, b] })).json.assigned, 0);
});

test('assignment is all or nothing; unknown and foreign customers are named', async () => {
  const a = await newCustomer();
  const p = await newGlobal();
  const r = await admin.req('POST', url(`/policies/${p.id}/assignments`), { customer_ids: [a, fisheries, 'cus_nope'] });
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields['customer_ids[1]'] && r.json.error.fields['customer_ids[2]']);
  assert.equal((await admin.req('GET', url(`/policies/${p.id}/assignments`))).json.assignments.length, 0);
  for (const body of [{}, { customer_ids: [] }, { customer_ids: 'x' }, { customer_ids: [1] }, { customer_ids: [a], default: 'yes' }, { customer_ids: [a], extra: 1 }]) {
    const x = await admin.req('POST', url(`/policies/${p.id}/assignments`), body);
    assert.equal(x.status, 422, JSON.stringify(body));
  }
  // Local policies are not assigned.
  const local = await localOf(boss, 'Default');
  assert.equal((await admin.req('POST', url(`/policies/${local.id}/assignments`), { customer_ids: [a] })).status, 404);
});

test('unassign: not from a customer whose default it is; the customer\'s overrides go with it', async () => {
  const a = await newCustomer();
  const p = await newGlobal();
  await admin.req('POST', url(`/policies/${p.id}/assignments`), { customer_ids: [a] });
  const o = await admin.req('PUT', url(`/customers/${a}/policies/${p.id}/overrides`), { settings: { firewall: { mode: 'permissive' } } });
  assert.equal(o.status, 200, o.text);
  // gtest is a's default: 409, naming the customer; nothing changes.
  const d = await admin.req('DELETE', url(`/policies/${gtest}/assignments?customer_ids=${a}`));
  assert.equal(d.status, 409);
  assert.equal(d.json.error.code, 'policy_is_default');
  assert.ok(d.json.error.fields['customer_ids[0]']);
  const both = await admin.req('DELETE', url(`/policies/${p.id}/assignments?customer_ids=${a},${westbrook}`));
  assert.equal(both.status, 422);	// westbrook does not have it
  assert.ok(both.json.error.fields['customer_ids[1]']);
  const ok = await admin.req('DELETE', url(`/policies/${p.id}/assignments?customer_ids=${a}`));
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await admin.req('GET', url(`/customers/${a}/policies/${p.id}`))).status, 404);
  // Assigned again, the old override is gone.
  await admin.req('POST', url(`/policies/${p.id}/assignments`), { customer_ids: [a] });
  assert.deepEqual((await admin.req('GET', url(`/customers/${a}/policies/${p.id}/overrides`))).json.settings, {});
  assert.equal((await admin.req('DELETE', url(`/policies/${p.id}/assignments`))).status, 422);
});

// ---- locks, overrides, effective --------------------------------------------

test('customers override unlocked settings only, and exclusions add to the policy\'s', async () => {
  const a = await newCustomer();
  const p = await newGlobal({
    settings: { exclusions: { paths: ['C:\\Tools\\*'], urls: ['*.rmm.example'] } },
    locked: ['firewall', 'antivirus.file_shield'],
  });
  await admin.req('POST', url(`/policies/${p.id}/assignments`), { customer_ids: [a], default: true });
  const locked = await admin.req('PUT', url(`/customers/${a}/policies/${p.id}/overrides`), {
    settings: { firewall: { mode: 'permissive', enabled: false }, antivirus: { file_shield: false, web_shield: false } },
  });
  assert.equal(locked.status, 422);
  assert.deepEqual(Object.keys(locked.json.error.fields).sort(), ['settings.antivirus.file_shield', 'settings.firewall.enabled', 'settings.firewall.mode']);
  const ok = await admin.req('PUT', url(`/customers/${a}/policies/${p.id}/overrides`), {
    settings: { antivirus: { web_shield: false }, exclusions: { paths: ['D:\\Scans\\*', 'C:\\Tools\\*'] } },
  });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.revision, 1);
  const ef = (await effective(a)).json;
  assert.equal(ef.policy_id, p.id);
  assert.equal(ef.settings.antivirus.web_shield, false);
  assert.equal(ef.origin['antivirus.web_shield'], 'customer');
  assert.equal(ef.origin['antivirus.file_shield'], 'template');
  assert.equal(ef.origin['exclusions.urls'], 'policy');
  assert.deepEqual(ef.settings.exclusions.paths, ['C:\\Tools\\*', 'D:\\Scans\\*']);
  assert.deepEqual(ef.contributions['exclusions.paths'], { policy: ['C:\\Tools\\*'], customer: ['D:\\Scans\\*'] });
  assert.deepEqual(ef.locked, ['firewall', 'antivirus.file_shield']);
  // Every leaf has an origin.
  assert.equal(Object.keys(ef.origin).length, 24);
  // The customer's view of the policy shows the same.
  const view = (await admin.req('GET', url(`/customers/${a}/policies/${p.id}`))).json.policy;
  assert.deepEqual(view.customer.overrides, { antivirus: { web_shield: false }, exclusions: { paths: ['D:\\Scans\\*', 'C:\\Tools\\*'] } });
  assert.equal(view.customer.origin['antivirus.web_shield'], 'customer');
  assert.equal(view.customer.default, true);
  // The policy's list shows the override.
  assert.equal((await admin.req('GET', url(`/customers/${a}/policies`))).json.policies.find((x) => x.id === p.id).overridden, true);
  // Reset everything.
  const reset = await admin.req('PUT', url(`/customers/${a}/policies/${p.id}/overrides`), { settings: {} });
  assert.equal(reset.status, 200);
  assert.equal((await effective(a)).json.origin['antivirus.web_shield'], 'template');
});

test('locking a setting removes it from customers\' overrides and changes the revision', async () => {
  const a = await newCustomer(), b = await newCustomer();
  const p = await newGlobal();
  await admin.req('POST', url(`/policies/${p.id}/assignments`), { customer_ids: [a, b], default: true });
  await admin.req('PUT', url(`/customers/${a}/policies/${p.id}/overrides`), { settings: { firewall: { mode: 'permissive' }, updates: { program_updates: 'manual' } } });
  const before = await effective(a);
  assert.equal(before.json.settings.firewall.mode, 'permissive');
  // Unrelated lock: nothing effective changes, revision stays.
  let r = await admin.req('PATCH', url(`/policies/${p.id}`), { locked: ['remote_access'] });
  assert.equal(r.json.policy.revision, 1);
  r = await admin.req('PATCH', url(`/policies/${p.id}`), { locked: ['remote_access', 'firewall.mode'] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.policy.revision, 2);
  const o = (await admin.req('GET', url(`/customers/${a}/policies/${p.id}/overrides`))).json;
  assert.deepEqual(o.settings, { updates: { program_updates: 'manual' } });
  assert.equal(o.revision, 2);
  const after = await effective(a);
  assert.equal(after.json.settings.firewall.mode, 'automatic');
  assert.equal(after.json.origin['firewall.mode'], 'template');
  assert.notEqual(after.headers.get('etag'), before.headers.get('etag'));
  // Unlocking does not bring the removed override back.
  await admin.req('PATCH', url(`/policies/${p.id}`), { locked: [] });
  assert.equal((await effective(a)).json.settings.firewall.mode, 'automatic');
});

test('the effective policy answers 304 while nothing changed, and follows every layer', async () => {
  const a = await newCustomer();
  const p = await newGlobal();
  await admin.req('POST', url(`/policies/${p.id}/assignments`), { customer_ids: [a], default: true });
  const first = await effective(a);
  const etag = first.headers.get('etag');
  assert.ok(etag);
  const same = await admin.req('GET', url(`/customers/${a}/effective-policy?platform=workstation`), undefined, { headers: { 'if-none-match': etag } });
  assert.equal(same.status, 304);
  await admin.req('PATCH', url(`/policies/${p.id}`), { settings: { firewall: { mode: 'strict' } } });
  const changed = await admin.req('GET', url(`/customers/${a}/effective-policy?platform=workstation`), undefined, { headers: { 'if-none-match': etag } });
  assert.equal(changed.status, 200);
  assert.equal(changed.json.revision, 2);
  assert.equal(changed.json.origin['firewall.mode'], 'policy');
  // Server platform: the Standard Servers default.
  const srvEf = (await effective(a, 'server')).json;
  assert.equal(srvEf.policy_id, gserver);
  assert.equal(srvEf.settings.antivirus.mail_shield, false);
  // A named policy of the customer instead of the default.
  const named = await admin.req('GET', url(`/customers/${a}/effective-policy?policy_id=${gtest}`));
  assert.equal(named.json.policy_id, gtest);
  assert.equal((await admin.req('GET', url(`/customers/${a}/effective-policy?policy_id=${strict}`))).status, 422);	// not its policy
  assert.equal((await admin.req('GET', url(`/customers/${a}/effective-policy?platform=server&policy_id=${gtest}`))).status, 422);
  assert.equal((await admin.req('GET', url(`/customers/${a}/effective-policy`))).status, 422);
  assert.equal((await admin.req('GET', url(`/customers/${a}/effective-policy?platform=mainframe`))).status, 422);
});

test('without a default for a platform the template applies', async () => {
  const c = await newCustomer({ mode: 'local', template: 'workstation' });
  const ef = (await effective(c, 'server')).json;
  assert.equal(ef.policy_id, null);
  assert.equal(ef.revision, 0);
  assert.ok(Object.values(ef.origin).every((o) => o === 'template'));
  assert.equal(ef.settings.patch_management.allow_reboot, false);
});

test('overrides are for assigned global policies only', async () => {
  const local = await localOf(boss, 'Default');
  const l = await admin.req('PUT', url(`/customers/${boss}/policies/${local.id}/overrides`), { settings: {} });
  assert.equal(l.status, 409);
  assert.equal(l.json.error.code, 'local_policy');
  const notMine = await admin.req('PUT', url(`/customers/${boss}/policies/${strict}/overrides`), { settings: {} });
  assert.equal(notMine.status, 409);
  assert.equal(notMine.json.error.code, 'not_assigned');
  const other = await localOf(kookaburra, 'Local Test Policy');
  assert.equal((await admin.req('PUT', url(`/customers/${boss}/policies/${other.id}/overrides`), { settings: {} })).status, 404);
  for (const body of [{}, { settings: [] }, { settings: { firewall: { mode: 'x' } } }, { settings: {}, extra: 1 }]) {
    assert.equal((await admin.req('PUT', url(`/customers/${sakura}/policies/${gtest}/overrides`), body)).status, 422, JSON.stringify(body));
  }
  // A global policy is edited at partner level, not through a customer.
  const g = await admin.req('PATCH', url(`/customers/${sakura}/policies/${gtest}`), { settings: { firewall: { mode: 'strict' } } });
  assert.equal(g.status, 409);
  assert.equal(g.json.error.code, 'global_policy');
});

// ---- local policies and defaults ----------------------------------------------

test('local policies: from a template, from scratch, as a copy of another customer\'s; edit; delete', async () => {
  const c = await newCustomer({ mode: 'local', template: 'workstation' });
  let r = await admin.req('POST', url(`/customers/${c}/policies`), { name: 'Servers', platform: 'server', settings: { firewall: { mode: 'strict' } } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.policy.scope, 'local');
  assert.equal(r.json.policy.customer_id, c);
  assert.match(r.headers.get('location'), new RegExp(`/customers/${c}/policies/${r.json.policy.id}$`));
  const src = await localOf(boss, 'Local Test Policy');
  r = await admin.req('POST', url(`/customers/${c}/policies`), { name: 'Copied', copy_from: { customer_id: boss, policy_id: src.id } });
  assert.equal(r.status, 201, r.text);
  const copied = r.json.policy;
  assert.deepEqual(copied.settings.web_control.blocked_categories, ['malware', 'phishing', 'adult', 'social_media', 'streaming']);
  // A global policy is not a local policy to copy.
  r = await admin.req('POST', url(`/customers/${c}/policies`), { name: 'Nope', copy_from: { policy_id: gtest } });
  assert.equal(r.status, 422);
  r = await admin.req('POST', url(`/customers/${c}/policies`), { name: 'Nope', copy_from: { customer_id: kookaburra, policy_id: src.id } });
  assert.equal(r.status, 422);
  // Edit through the customer.
  r = await admin.req('PATCH', url(`/customers/${c}/policies/${copied.id}`), { settings: { web_control: { blocked_categories: ['malware'] } } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.policy.revision, 2);
  assert.equal((await admin.req('GET', url(`/customers/${boss}/policies/${src.id}`))).json.policy.settings.web_control.blocked_categories.length, 5);
  // Another customer's local policy is not found under this one.
  assert.equal((await admin.req('PATCH', url(`/customers/${c}/policies/${src.id}`), { name: 'x' })).status, 404);
  assert.equal((await admin.req('GET', url(`/policies/${src.id}`))).status, 404);	// not a global policy
  // Not the default: deleted freely.
  r = await admin.req('DELETE', url(`/customers/${c}/policies/${copied.id}`));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.customers_moved, 0);
});

test('defaults: one per platform, changed in one request', async () => {
  const c = await newCustomer({ mode: 'local', template: 'workstation' });
  const def = await localOf(c, 'Default');
  const other = (await admin.req('POST', url(`/customers/${c}/policies`), { name: 'Other', platform: 'workstation' })).json.policy;
  let r = await admin.req('PUT', url(`/customers/${c}/default-policies/workstation`), { policy_id: other.id });
  assert.equal(r.status, 200, r.text);
  const ws = r.json.policies.filter((p) => p.platform === 'workstation');
  assert.deepEqual(ws.filter((p) => p.default).map((p) => p.id), [other.id]);
  assert.equal((await effective(c)).json.policy_id, other.id);
  // A global policy becomes assigned when it becomes the default.
  r = await admin.req('PUT', url(`/customers/${c}/default-policies/server`), { policy_id: gserver });
  assert.equal(r.status, 200);
  assert.ok(r.json.policies.some((p) => p.id === gserver && p.default && p.scope === 'global'));
  for (const [platform, body, field] of [
    ['server', { policy_id: def.id }, 'policy_id'],
    ['workstation', { policy_id: (await localOf(boss, 'Default')).id }, 'policy_id'],
    ['workstation', { policy_id: 'pol_nope' }, 'policy_id'],
    ['workstation', {}, 'policy_id'],
    ['mainframe', { policy_id: def.id }, 'platform'],
  ]) {
    const x = await admin.req('PUT', url(`/customers/${c}/default-policies/${platform}`), body);
    assert.equal(x.status, 422, `${platform} ${JSON.stringify(body)} ${x.text}`);
    assert.ok(x.json.error.fields[field], x.text);
  }
});

// ---- deletion rules ---------------------------------------------------------

test('a global policy in use is deleted only with a replacement, which every customer gets', async () => {
  const a = await newCustomer(), b = await newCustomer();
  const p = await newGlobal();
  const repl = await newGlobal({ settings: { firewall: { mode: 'strict' } } });
  await admin.req('POST', url(`/policies/${p.id}/assignments`), { customer_ids: [a], default: true });
  await admin.req('POST', url(`/policies/${p.id}/assignments`), { customer_ids: [b] });
  await admin.req('PUT', url(`/customers/${a}/policies/${p.id}/overrides`), { settings: { updates: { program_updates: 'manual' } } });
  let r = await admin.req('DELETE', url(`/policies/${p.id}`));
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'policy_in_use');
  assert.match(r.json.error.message, /2/);
  assert.ok(r.json.error.fields.replacement_policy_id);
  r = await admin.req('DELETE', url(`/policies/${p.id}?replacement_policy_id=${gserver}`));
  assert.equal(r.status, 422);	// another platform
  r = await admin.req('DELETE', url(`/policies/${p.id}?replacement_policy_id=${p.id}`));
  assert.equal(r.status, 422);
  r = await admin.req('DELETE', url(`/policies/${p.id}?replacement_policy_id=${(await localOf(boss, 'Default')).id}`));
  assert.equal(r.status, 422);	// a global policy's replacement is global
  assert.equal((await admin.req('GET', url(`/policies/${p.id}`))).status, 200);	// still there
  r = await admin.req('DELETE', url(`/policies/${p.id}?replacement_policy_id=${repl.id}`));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.customers_moved, 2);
  assert.equal((await admin.req('GET', url(`/policies/${p.id}`))).status, 404);
  const ea = (await effective(a)).json;
  assert.equal(ea.policy_id, repl.id);
  assert.equal(ea.settings.firewall.mode, 'strict');
  assert.equal(ea.settings.updates.program_updates, 'automatic');	// the override went with the policy
  const bl = (await admin.req('GET', url(`/customers/${b}/policies`))).json.policies;
  assert.ok(bl.some((x) => x.id === repl.id && !x.default));
  assert.ok(bl.some((x) => x.id === gtest && x.default));
  // Unused: no replacement needed.
  const unused = await newGlobal();
  assert.equal((await admin.req('DELETE', url(`/policies/${unused.id}`))).status, 200);
});

test('a local default needs a replacement; the only one cannot be deleted', async () => {
  const c = await newCustomer({ mode: 'local', template: 'workstation' });
  const def = await localOf(c, 'Default');
  let r = await admin.req('DELETE', url(`/customers/${c}/policies/${def.id}`));
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'last_policy');
  r = await admin.req('DELETE', url(`/customers/${c}/policies/${def.id}?replacement_policy_id=${gtest}`));
  assert.equal(r.status, 409);	// still the only policy the customer has
  const other = (await admin.req('POST', url(`/customers/${c}/policies`), { name: 'Other', platform: 'workstation' })).json.policy;
  r = await admin.req('DELETE', url(`/customers/${c}/policies/${def.id}`));
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'policy_in_use');
  r = await admin.req('DELETE', url(`/customers/${c}/policies/${def.id}?replacement_policy_id=${(await localOf(boss, 'Default')).id}`));
  assert.equal(r.status, 422);	// another customer's
  r = await admin.req('DELETE', url(`/customers/${c}/policies/${def.id}?replacement_policy_id=${other.id}`));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.customers_moved, 1);
  assert.equal((await effective(c)).json.policy_id, other.id);
  // A global policy deleted through a customer's path is not found there.
  assert.equal((await admin.req('DELETE', url(`/customers/${sakura}/policies/${gtest}`))).status, 409);
});

// ---- who may do what -----------------------------------------------------

function everyEndpoint(cid, pid, local) {
  return [
    ['GET', url('/policies')],
    ['GET', url('/policies?scope=local')],
    ['POST', url('/policies'), { name: 'Nope', platform: 'workstation' }],
    ['GET', url(`/policies/${pid}`)],
    ['PATCH', url(`/policies/${pid}`), { name: 'Nope' }],
    ['DELETE', url(`/policies/${pid}`)],
    ['GET', url(`/policies/${pid}/assignments`)],
    ['POST', url(`/policies/${pid}/assignments`), { customer_ids: [cid] }],
    ['DELETE', url(`/policies/${pid}/assignments?customer_ids=${cid}`)],
    ['GET', url(`/customers/${cid}/policies`)],
    ['POST', url(`/customers/${cid}/policies`), { name: 'Nope', platform: 'server' }],
    ['GET', url(`/customers/${cid}/policies/${local}`)],
    ['PATCH', url(`/customers/${cid}/policies/${local}`), { name: 'Nope' }],
    ['DELETE', url(`/customers/${cid}/policies/${local}`)],
    ['GET', url(`/customers/${cid}/policies/${pid}/overrides`)],
    ['PUT', url(`/customers/${cid}/policies/${pid}/overrides`), { settings: {} }],
    ['PUT', url(`/customers/${cid}/default-policies/workstation`), { policy_id: pid }],
    ['GET', url(`/customers/${cid}/effective-policy?platform=workstation`)],
  ];
}

test('another partner sees none of it: every endpoint answers 404', async () => {
  const local = (await localOf(boss, 'Local Test Policy')).id;
  for (const [m, path, body] of everyEndpoint(sakura, gtest, local).map(([m, p, b]) => [m, p.replace(`/cus_`, '/cus_'), b])) {
    const r = await harbor.req(m, path, body);
    assert.equal(r.status, 404, `${m} ${path}: ${r.text}`);
  }
  // Under their own account, our ids are not found either.
  const theirs = `/api/v1/accounts/${hacc}`;
  for (const [m, path] of [
    ['GET', `${theirs}/policies/${gtest}`],
    ['GET', `${theirs}/customers/${sakura}/effective-policy?platform=workstation`],
    ['PUT', `${theirs}/customers/${fisheries}/policies/${gtest}/overrides`],
    ['PUT', `${theirs}/customers/${fisheries}/default-policies/workstation`],
  ]) {
    const r = await harbor.req(m, path, m === 'PUT' ? (path.includes('default') ? { policy_id: gtest } : { settings: {} }) : undefined);
    assert.ok([404, 422].includes(r.status), `${m} ${path}: ${r.status}`);
    if (r.status === 422) assert.ok(r.json.error.fields.policy_id);
  }
  const mine = await harbor.req('POST', `${theirs}/customers/${fisheries}/policies`, { name: 'Stolen', copy_from: { policy_id: local } });
  assert.equal(mine.status, 422);
});

test('viewers read everything and change nothing', async () => {
  const local = (await localOf(boss, 'Local Test Policy')).id;
  const before = (await admin.req('GET', url(`/policies/${gtest}`))).json.policy;
  for (const [m, path, body] of everyEndpoint(sakura, gtest, local)) {
    const r = await viewer.req(m, path, body);
    if (m === 'GET') {
      assert.ok([200, 404].includes(r.status), `${m} ${path}: ${r.text}`);
      if (!path.includes(`/policies/${local}`)) assert.equal(r.status, 200, `${m} ${path}: ${r.text}`);
    } else
      assert.equal(r.status, 403, `${m} ${path}: ${r.text}`);
  }
  assert.deepEqual((await admin.req('GET', url(`/policies/${gtest}`))).json.policy, before);
});

test('a user limited to chosen customers works on them and cannot touch global policies', async () => {
  const accounts = (await tech.req('GET', '/api/v1/accounts')).json.accounts;
  assert.deepEqual(accounts.map((a) => [a.id, a.role, a.scope]), [[acc, 'admin', 'customers']]);
  // Global policies: 403, reading or writing.
  for (const [m, path, body] of everyEndpoint(sakura, gtest, 'x').filter(([, p]) => p.includes('/policies') && !p.includes('/customers/') && !p.includes('scope=local'))) {
    const r = await tech.req(m, path, body);
    assert.equal(r.status, 403, `${m} ${path}: ${r.text}`);
  }
  // Only their customers exist for them.
  const listed = (await tech.req('GET', url('/customers'))).json.customers.map((c) => c.company).sort();
  assert.deepEqual(listed, ['Kookaburra Legal', '株式会社さくら精機']);
  const bossLocal = (await localOf(boss, 'Local Test Policy')).id;
  for (const [m, path, body] of everyEndpoint(boss, gtest, bossLocal).filter(([, p]) => p.includes('/customers/'))) {
    const r = await tech.req(m, path, body);
    assert.equal(r.status, 404, `${m} ${path}: ${r.text}`);
  }
  assert.equal((await tech.req('GET', url(`/customers/${boss}`))).status, 404);
  // Local policies of their customers only, for copying.
  const locals = (await tech.req('GET', url('/policies?scope=local'))).json.policies;
  assert.ok(locals.length > 0 && locals.every((p) => p.customer_id === kookaburra), JSON.stringify(locals));
  // On their customers: overrides, local policies, defaults, the effective view.
  const o = await tech.req('PUT', url(`/customers/${sakura}/policies/${gtest}/overrides`), { settings: { antivirus: { scheduled_scan: { time: '04:00' } } } });
  assert.equal(o.status, 200, o.text);
  assert.equal((await tech.req('GET', url(`/customers/${sakura}/effective-policy?platform=workstation`))).json.settings.antivirus.scheduled_scan.time, '04:00');
  const kLocal = (await localOf(kookaburra, 'Local Test Policy')).id;
  const made = await tech.req('POST', url(`/customers/${kookaburra}/policies`), { name: 'Reception', copy_from: { policy_id: kLocal } });
  assert.equal(made.status, 201, made.text);
  const fromBoss = await tech.req('POST', url(`/customers/${kookaburra}/policies`), { name: 'Nope', copy_from: { policy_id: bossLocal } });
  assert.equal(fromBoss.status, 422);
  assert.equal((await tech.req('PUT', url(`/customers/${kookaburra}/default-policies/workstation`), { policy_id: made.json.policy.id })).status, 200);
  // A global policy cannot be edited through a customer either.
  assert.equal((await tech.req('PATCH', url(`/customers/${sakura}/policies/${gtest}`), { locked: [] })).status, 422);
  assert.equal((await tech.req('PATCH', url(`/customers/${sakura}/policies/${gtest}`), { name: 'Mine' })).status, 409);
  // Partner-level things: customers, OMS, renaming the account.
  assert.equal((await tech.req('POST', url('/customers'), { source: 'oms', oms_record_id: 'x', management: { mode: 'local', template: 'server' } })).status, 403);
  assert.equal((await tech.req('GET', url('/oms/records?find=a'))).status, 403);
  assert.equal((await tech.req('PATCH', url(''), { name: 'Mine now' })).status, 403);
});

test('stewardctl user add --customers limits a role to chosen customers', async () => {
  let r = await srv.ctl(['user', 'add', '--db', '$DB', '--email', 'night-shift@northwind.example', '--password', 'night-shift-passphrase',
    '--account', acc, '--role', 'viewer', '--customers', `${boss},${westbrook}`]);
  assert.equal(r.code, 0, r.stderr);
  const night = new Client(srv.url);
  await night.signIn({ email: 'night-shift@northwind.example', password: 'night-shift-passphrase' });
  assert.equal((await night.req('GET', '/api/v1/accounts')).json.accounts[0].scope, 'customers');
  const names = (await night.req('GET', url('/customers'))).json.customers.map((c) => c.company).sort();
  assert.deepEqual(names, ['BOSS STG payg test A 4/4/2023 cs1', 'Westbrook Academy']);
  assert.equal((await night.req('PUT', url(`/customers/${westbrook}/policies/${gtest}/overrides`), { settings: {} })).status, 403);
  // Another partner's customer is refused by name, and nothing changes.
  r = await srv.ctl(['user', 'add', '--db', '$DB', '--email', 'night-shift@northwind.example', '--password', 'x',
    '--account', acc, '--role', 'admin', '--customers', `${boss},${fisheries}`]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--customers: There is no such customer in this account/);
  assert.equal((await night.req('GET', url('/customers'))).json.customers.length, 2);
  assert.equal((await night.req('PUT', url(`/customers/${westbrook}/policies/${gtest}/overrides`), { settings: {} })).status, 403);
});

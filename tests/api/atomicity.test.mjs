// Creating a customer is all-or-nothing: a server whose database refuses
// one statement of the creation (STEWARD_FAULT_SQL) leaves no trace of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers } from '../lib/server.mjs';

const cases = [
  ['INSERT INTO discount_applications', { segment_discount: 'education' }],
  ['INSERT INTO customer_defaults', {}],
  ['INSERT INTO audit_events', {}],
  ['INSERT INTO policy_assignments', { management: 'global' }],
  // The router records the answer under the Idempotency-Key in the same
  // transaction as the work: a failure there undoes the customer too.
  ['UPDATE idempotency_keys', {}],
];

for (const [fault, extra] of cases) {
  test(`a failure at "${fault}" leaves nothing behind`, async () => {
    const srv = await startServer({ env: { STEWARD_FAULT_SQL: fault } });
    try {
      const admin = new Client(srv.url);
      await admin.signIn(demoUsers.admin);
      const acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts[0].id;
      const url = (p) => `/api/v1/accounts/${acc}${p}`;
      const gp = (await admin.req('GET', url('/policies'))).json.policies[0].id;
      const before = (await admin.req('GET', url('/customers?limit=1'))).json.total;
      const body = {
        source: 'new', email: 'atomic@fault.example', contact_person: 'Ada Lovelace', phone: '+44 20 7946 0958',
        company: 'Half Written Ltd', industry: 'retail', website: 'fault.example', street: '1 Road',
        postal_code: 'SW1A 1AA', city: 'London', country: 'GB', segment_discount: extra.segment_discount ?? null,
        management: extra.management === 'global' ? { mode: 'global', global_policy_ids: [gp] } : { mode: 'local', template: 'server' },
      };
      const r = await admin.req('POST', url('/customers'), body, { headers: { 'idempotency-key': 'atomic-1' } });
      assert.equal(r.status, 500, r.text);
      assert.equal(r.json.error.code, 'internal');
      assert.doesNotMatch(r.text, /INSERT|sqlite|postgres/i);	// no internals leak
      const chk = await admin.req('GET', url('/oms/email-check?email=atomic@fault.example'));
      assert.equal(chk.json.status, 'free');
      assert.equal((await admin.req('GET', url('/customers?limit=1'))).json.total, before);
      assert.equal((await admin.req('GET', url('/oms/records?find=half written'))).json.total, 0);
      // The idempotency key was not spent on the failure: a retry runs
      // again (and fails again here, the same way).
      const again = await admin.req('POST', url('/customers'), body, { headers: { 'idempotency-key': 'atomic-1' } });
      assert.equal(again.status, 500);
    } finally {
      const out = srv.logs().stderr;
      await srv.stop();
      assert.match(out, /injected failure/);
    }
  });
}

// Creations with an Idempotency-Key commit together, a worker's turn at a
// time (src/api/group.h): when that commit fails, each of them answers
// 503 and none is left; the keys are not spent.
test('a failed commit of a group of creations leaves none of them', async () => {
  const srv = await startServer({ env: { STEWARD_FAULT_SQL: 'COMMIT' } });
  try {
    const admin = new Client(srv.url);
    await admin.signIn(demoUsers.admin);
    const acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts[0].id;
    const url = (p) => `/api/v1/accounts/${acc}${p}`;
    const before = (await admin.req('GET', url('/customers?limit=1'))).json.total;
    const body = (i) => ({
      source: 'new', email: `group${i}@fault.example`, contact_person: 'Ada Lovelace', phone: '+44 20 7946 0958',
      company: `Group Fault ${i} Ltd`, industry: 'retail', website: 'fault.example', street: '1 Road',
      postal_code: 'SW1A 1AA', city: 'London', country: 'GB', management: { mode: 'local', template: 'server' },
    });
    const answers = await Promise.all([0, 1, 2].map((i) =>
      admin.req('POST', url('/customers'), body(i), { headers: { 'idempotency-key': `group-${i}` } })));
    for (const r of answers) {
      assert.equal(r.status, 503, r.text);
      assert.equal(r.json.error.code, 'unavailable');
    }
    assert.equal((await admin.req('GET', url('/customers?limit=1'))).json.total, before);
    for (const i of [0, 1, 2]) {
      const chk = await admin.req('GET', url(`/oms/email-check?email=group${i}@fault.example`));
      assert.equal(chk.json.status, 'free');
    }
    const again = await admin.req('POST', url('/customers'), body(0), { headers: { 'idempotency-key': 'group-0' } });
    assert.equal(again.status, 503);
  } finally {
    const out = srv.logs().stderr;
    await srv.stop();
    assert.match(out, /group\.commit/);
  }
});

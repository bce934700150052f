// --trusted-proxies: only requests from the listed addresses have the
// client's address taken from X-Forwarded-For (read from the right, past
// trusted proxies) and the scheme from X-Forwarded-Proto; the audit log,
// sign-in limits and GET /metrics see that address.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ctl, freshDatabase, Client, demoUsers } from '../lib/server.mjs';

let trusting, other;

before(async () => {
  trusting = await startServer({ workers: 1, args: ['--trusted-proxies', '127.0.0.0/8, ::1'] });
  // The same data, behind no proxy it knows: 192.0.2.1 is not the caller.
  other = await startServer({ db: trusting.db, workers: 1, args: ['--trusted-proxies', '192.0.2.1'] });
});
after(async () => {
  await other?.stop();
  await trusting?.stop();
});

// Signs in as the viewer with X-Forwarded-For xff (or none) and returns
// the address the audit log recorded for that sign-in.
async function signInFrom(srv, xff) {
  const c = new Client(srv.url);
  const headers = xff === null ? {} : { 'x-forwarded-for': xff };
  const r = await c.req('POST', '/api/v1/session', demoUsers.viewer, { headers });
  assert.equal(r.status, 200, r.text);
  const admin = new Client(srv.url);
  await admin.signIn(demoUsers.admin);
  const acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  const ev = (await admin.req('GET', `/api/v1/accounts/${acc}/audit?category=auth`)).json.events
    .filter((e) => e.event_type === 'sign_in' && e.actor.name === demoUsers.viewer.email);
  assert.ok(ev.length > 0);
  return ev[0].ip;	// newest first
}

test('behind a trusted proxy the client is the last address it did not add itself', async () => {
  assert.equal(await signInFrom(trusting, '198.51.100.23'), '198.51.100.23');
  // Whatever the client wrote on the left is not believed; trusted hops
  // on the right (another proxy of ours) are passed over.
  assert.equal(await signInFrom(trusting, '6.6.6.6, 198.51.100.24, 127.0.0.9'), '198.51.100.24');
  assert.equal(await signInFrom(trusting, '2001:db8::7'), '2001:db8::7');
  // Not an address: the last good one stands (here the proxy itself).
  assert.equal(await signInFrom(trusting, 'unknown'), '127.0.0.1');
  assert.equal(await signInFrom(trusting, null), '127.0.0.1');
});

test('from an address not listed, X-Forwarded-For is ignored', async () => {
  assert.equal(await signInFrom(other, '198.51.100.23'), '127.0.0.1');
  // Nor may such a caller pose as a loopback scraper of GET /metrics.
  const m = await fetch(trusting.url + '/metrics', { headers: { 'x-forwarded-for': '203.0.113.7' } });
  assert.equal(m.status, 403);
});

test('X-Forwarded-Proto https marks cookies Secure only from a trusted proxy', async () => {
  // Straight to a server: a proxy in front would set the header itself.
  const signIn = (srv) => fetch(srv.serverUrls[0] + '/api/v1/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
    body: JSON.stringify(demoUsers.viewer),
  });
  const secure = (await signIn(trusting)).headers.getSetCookie();
  assert.ok(secure.length > 0 && secure.every((c) => /;\s*Secure/i.test(c)), secure.join('\n'));
  const plain = (await signIn(other)).headers.getSetCookie();
  assert.ok(plain.length > 0 && plain.every((c) => !/;\s*Secure/i.test(c)), plain.join('\n'));
});

test('serve refuses a list that is not addresses', async () => {
  const db = freshDatabase();
  try {
    await ctl(['init', '--db', db.url]);
    const r = await ctl(['serve', '--db', db.url, '--listen', '127.0.0.1:1', '--trusted-proxies', '10.0.0.1,proxy.lan']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /--trusted-proxies: 'proxy.lan' is not an IP address or a range such as 10\.0\.0\.0\/8/);
  } finally {
    db.drop();
  }
});

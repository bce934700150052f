// A fresh installation's catalogue, health, readiness, static console files,
// security headers, routing errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer({ demo: false }); });
after(async () => { await srv.stop(); });

// Every answer: no sniffing, no framing, no cross-origin reads.
function assertCommonHeaders(h) {
  assert.match(h.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  assert.equal(h.get('x-content-type-options'), 'nosniff');
  assert.equal(h.get('referrer-policy'), 'same-origin');
  assert.equal(h.get('x-frame-options'), 'DENY');
  assert.equal(h.get('cross-origin-resource-policy'), 'same-origin');
}

// A console document: scripts and styles from this origin only, never inline.
function assertDocumentHeaders(h) {
  assertCommonHeaders(h);
  const csp = h.get('content-security-policy');
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.equal(h.get('cross-origin-opener-policy'), 'same-origin');
  assert.match(h.get('permissions-policy'), /camera=\(\)/);
}

// An API answer is never a document: it may load nothing and is not cached.
function assertApiHeaders(h) {
  assertCommonHeaders(h);
  assert.equal(h.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'");
  assert.equal(h.get('cache-control'), 'no-store');
}

test('a fresh installation lists the six services of the catalogue', async () => {
  const r = await srv.ctl(['operator', 'add', '--db', '$DB', '--email', 'ops@fresh.example',
    '--password', 'fresh-operator-pass-1']);
  assert.equal(r.code, 0, r.stderr);
  const ops = new Client(srv.url);
  await ops.signIn({ email: 'ops@fresh.example', password: 'fresh-operator-pass-1' });
  const list = await ops.req('GET', '/api/v1/services');
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.services.map((s) => [s.key, s.name, s.trial_days, s.trial_seats, s.currency]), [
    ['essential_business', 'Essential Business Security', 30, 25, 'EUR'],
    ['premium_business', 'Premium Business Security', 30, 25, 'EUR'],
    ['ultimate_business', 'Ultimate Business Security', 30, 25, 'EUR'],
    ['patch_management', 'Patch Management', 30, 25, 'EUR'],
    ['cloud_backup', 'Cloud Backup', 30, 25, 'EUR'],
    ['premium_remote_control', 'Premium Remote Control', 30, 25, 'EUR'],
  ]);
  // Running init again adds nothing.
  assert.equal((await srv.ctl(['init', '--db', '$DB'])).code, 0);
  assert.equal((await ops.req('GET', '/api/v1/services')).json.services.length, 6);
});

test('healthz answers ok', async () => {
  const r = await fetch(srv.url + '/healthz');
  assert.equal(r.status, 200);
  assert.deepEqual(await r.json(), { status: 'ok' });
  assertApiHeaders(r.headers);
});

test('readyz reports the database and schema', async () => {
  const r = await fetch(srv.url + '/readyz');
  assert.equal(r.status, 200);
  const j = await r.json();
  assert.equal(j.status, 'ready');
  assert.equal(j.database, process.env.STEWARD_TEST_DB === 'pg' ? 'postgresql' : 'sqlite');
  assert.equal(j.schema_version, j.schema_expected);
});

test('console files are served with type, ETag and revalidation', async () => {
  const r = await fetch(srv.url + '/');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8/);
  assert.equal(r.headers.get('cache-control'), 'no-cache');
  const etag = r.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]{32}"$/);
  assertDocumentHeaders(r.headers);
  const again = await fetch(srv.url + '/', { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  // A console route without an extension is the single page.
  const deep = await fetch(srv.url + '/a/acc_xxxxxxxxxxxxxxxx/dashboard');
  assert.equal(deep.status, 200);
  assert.equal(deep.headers.get('etag'), etag);
  const head = await fetch(srv.url + '/', { method: 'HEAD' });
  assert.equal(head.status, 200);
});

test('missing files and unknown API paths are JSON 404s', async () => {
  const f = await fetch(srv.url + '/nope.js');
  assert.equal(f.status, 404);
  const a = await fetch(srv.url + '/api/v1/nothing-here');
  assert.equal(a.status, 404);
  assert.match(a.headers.get('content-type'), /application\/json/);
  const j = await a.json();
  assert.equal(j.error.code, 'not_found');
  assert.equal(typeof j.error.message, 'string');
  assertApiHeaders(a.headers);
  assertApiHeaders(f.headers);
});

test('a known path with the wrong method is 405', async () => {
  const r = await fetch(srv.url + '/api/v1/accounts', { method: 'DELETE' });
  assert.equal(r.status, 405);
  assert.equal((await r.json()).error.code, 'method_not_allowed');
  const s = await fetch(srv.url + '/', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
  assert.equal(s.status, 405);
});

test('API answers are not cached and unauthenticated calls are 401', async () => {
  const c = new Client(srv.url);
  const r = await c.req('GET', '/api/v1/me');
  assert.equal(r.status, 401);
  assert.equal(r.json.error.code, 'unauthenticated');
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const acc = await c.req('GET', '/api/v1/accounts');
  assert.equal(acc.status, 401);
});

test('error messages follow Accept-Language', async () => {
  const r = await fetch(srv.url + '/api/v1/me', { headers: { 'accept-language': 'ja-JP,ja;q=0.9' } });
  const j = await r.json();
  assert.equal(j.error.message, '続行するにはサインインしてください。');
  const en = await fetch(srv.url + '/api/v1/me', { headers: { 'accept-language': 'en-GB' } });
  assert.equal((await en.json()).error.message, 'Sign in to continue.');
});

// Signing in and out, sessions across workers, CSRF, rate limits, body rules.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers, rawExchange } from '../lib/server.mjs';

let srv;
before(async () => {
  srv = await startServer({
    env: { STEWARD_SIGNIN_MAX_PER_EMAIL: '3', STEWARD_SIGNIN_MAX_PER_IP: '1000', STEWARD_LOG_LEVEL: 'info' },
  });
});
after(async () => { await srv.stop(); });

test('sign-in sets a protected session cookie and returns user and CSRF token', async () => {
  const c = new Client(srv.url);
  const r = await c.req('POST', '/api/v1/session', demoUsers.admin);
  assert.equal(r.status, 200);
  assert.equal(r.json.user.email, 'admin@northwind.example');
  assert.equal(r.json.user.name, 'Alex Morgan');
  assert.match(r.json.csrf_token, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(r.json.user.password_hash, undefined);
  const [cookie] = r.headers.getSetCookie();
  assert.match(cookie, /^steward_session=[A-Za-z0-9_-]{43};/);
  assert.match(cookie, /; HttpOnly/);
  assert.match(cookie, /; SameSite=Lax/);
  assert.match(cookie, /; Path=\//);
  assert.doesNotMatch(cookie, /Secure/);	// plain HTTP here
  const me = await c.req('GET', '/api/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.json.user.id, r.json.user.id);
  assert.equal(me.json.csrf_token, r.json.csrf_token);
  assert.ok(Date.parse(me.json.session.expires_at) > Date.now());
});

test('e-mail matching ignores case', async () => {
  const c = new Client(srv.url);
  const r = await c.req('POST', '/api/v1/session', { email: 'VIEWER@Northwind.EXAMPLE', password: demoUsers.viewer.password });
  assert.equal(r.status, 200);
});

test('wrong password and unknown e-mail give the same 401', async () => {
  const c = new Client(srv.url);
  const a = await c.req('POST', '/api/v1/session', { email: demoUsers.tanaka.email, password: 'not-the-password' });
  const b = await c.req('POST', '/api/v1/session', { email: 'nobody@northwind.example', password: 'not-the-password' });
  assert.equal(a.status, 401);
  assert.equal(b.status, 401);
  assert.deepEqual(a.json, b.json);
  assert.equal(a.json.error.code, 'bad_credentials');
  assert.equal(a.headers.getSetCookie().length, 0);
});

test('repeated failures are rate-limited with Retry-After, even with the right password', async () => {
  const c = new Client(srv.url);
  const who = { email: 'admin@blueharbor.example', password: 'wrong-password-xx' };
  for (let i = 0; i < 3; i++) {
    const r = await c.req('POST', '/api/v1/session', who);
    assert.equal(r.status, 401);
  }
  const limited = await c.req('POST', '/api/v1/session', who);
  assert.equal(limited.status, 429);
  assert.equal(limited.json.error.code, 'rate_limited');
  const ra = Number(limited.headers.get('retry-after'));
  assert.ok(ra > 0 && ra <= 900, `Retry-After ${ra}`);
  const right = await c.req('POST', '/api/v1/session', demoUsers.harbor);
  assert.equal(right.status, 429);
});

test('missing fields answer 422 naming each field', async () => {
  const c = new Client(srv.url);
  const r = await c.req('POST', '/api/v1/session', {});
  assert.equal(r.status, 422);
  assert.equal(r.json.error.code, 'validation_failed');
  assert.ok(r.json.error.fields.email);
  assert.ok(r.json.error.fields.password);
  const wrongType = await c.req('POST', '/api/v1/session', { email: 5, password: ['x'] });
  assert.equal(wrongType.status, 422);
  assert.match(wrongType.json.error.fields.email, /string/);
  assert.match(wrongType.json.error.fields.password, /string/);
  const extra = await c.req('POST', '/api/v1/session', { ...demoUsers.admin, remember: true });
  assert.equal(extra.status, 422);
  assert.ok(extra.json.error.fields.remember);
});

test('malformed JSON is 400 with the error shape', async () => {
  const c = new Client(srv.url);
  for (const body of ['{"email": "a@b.c",', '[1,2]', '"text"', '{"a":1}{"b":2}', '{"email":"a","email":"b"}']) {
    const r = await c.req('POST', '/api/v1/session', body, { raw: true });
    assert.equal(r.status, 400, body);
    assert.ok(['malformed_json', 'body_not_object'].includes(r.json.error.code), body);
    assert.equal(typeof r.json.error.message, 'string');
  }
  const bad = await fetch(srv.url + '/api/v1/session', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: Buffer.from([0x7b, 0x22, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), // invalid UTF-8
  });
  assert.equal(bad.status, 400);
  const empty = await fetch(srv.url + '/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' });
  assert.equal(empty.status, 400);
});

test('a body that is not JSON is 415', async () => {
  const r = await fetch(srv.url + '/api/v1/session', {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'email=a&password=b',
  });
  assert.equal(r.status, 415);
  assert.equal((await r.json()).error.code, 'unsupported_media_type');
});

test('an oversized body is refused with 413 from its headers alone', async () => {
  // Announce 2 MiB but send none of it: the answer must come anyway,
  // which shows the body is never buffered.
  const status = await rawExchange(srv.port, 'POST /api/v1/session HTTP/1.1\r\nHost: x\r\n' +
    `Content-Type: application/json\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\n`);
  const [head, answer] = status.split('\r\n\r\n');
  assert.equal(head.split('\r\n')[0], 'HTTP/1.1 413 Request Entity Too Large');
  assert.equal(JSON.parse(answer).error.code, 'body_too_large');
  // Just under the limit is read and judged on its content.
  const c = new Client(srv.url);
  const big = JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(1024 * 1024 - 100) });
  const r = await c.req('POST', '/api/v1/session', big, { raw: true });
  assert.notEqual(r.status, 413);
});

test('an overlong request target is answered 414 in the error shape, at any length', async () => {
  const c = new Client(srv.url);
  await c.signIn(demoUsers.admin);
  // Up to 1,998 bytes of target are served (here: a cursor the list refuses
  // on its merits), longer ones are 414 whether or not they fit Kore's buffer.
  const fits = '/api/v1/me?cursor=';
  const ok = await c.req('GET', fits + 'a'.repeat(1998 - fits.length));
  assert.equal(ok.status, 200);
  for (const n of [1999 - fits.length, 5000, 70000]) {
    const r = await c.req('GET', fits + 'a'.repeat(n));
    assert.equal(r.status, 414, `cursor of ${n}`);
    assert.equal(r.json.error.code, 'uri_too_long');
    assert.match(r.json.error.message, /longer than the server accepts/);
  }
  // The client's next request, on a new connection, is served as usual.
  assert.equal((await c.req('GET', '/api/v1/me')).status, 200);
});

test('a request head too large for the server is answered 431 in the error shape', async () => {
  const big = await rawExchange(srv.port, 'GET /api/v1/me HTTP/1.1\r\nHost: x\r\n' +
    `Cookie: a=${'b'.repeat(20000)}\r\n\r\n`);
  const [head, body] = big.split('\r\n\r\n');
  assert.match(head, /^HTTP\/1\.1 431 /);
  assert.equal(JSON.parse(body).error.code, 'headers_too_large');
  // A head that fits, even split over several writes, is served.
  const small = await rawExchange(srv.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(small, /^HTTP\/1\.1 200 /);
});

test('state-changing cookie requests need the CSRF token', async () => {
  const c = new Client(srv.url);
  await c.signIn(demoUsers.admin);
  const noToken = await c.req('PATCH', '/api/v1/me', { language: 'ja' }, { csrf: false });
  assert.equal(noToken.status, 403);
  assert.equal(noToken.json.error.code, 'csrf_failed');
  const wrong = await c.req('PATCH', '/api/v1/me', { language: 'ja' }, { csrf: false, headers: { 'x-csrf-token': 'x'.repeat(43) } });
  assert.equal(wrong.status, 403);
  const me = await c.req('GET', '/api/v1/me');
  assert.equal(me.json.user.language, 'en');	// nothing changed
  const signOut = await c.req('DELETE', '/api/v1/session', undefined, { csrf: false });
  assert.equal(signOut.status, 403);
  assert.equal((await c.req('GET', '/api/v1/me')).status, 200);	// still signed in
});

test('language preference persists and localises errors', async () => {
  const c = new Client(srv.url);
  await c.signIn(demoUsers.tanaka);
  let r = await c.req('PATCH', '/api/v1/me', { language: 'en' });
  assert.equal(r.status, 200);
  assert.equal(r.json.user.language, 'en');
  r = await c.req('PATCH', '/api/v1/me', { language: 'ja', name: '田中 健' });
  assert.equal(r.json.user.language, 'ja');
  const bad = await c.req('PATCH', '/api/v1/me', { language: 'fr' });
  assert.equal(bad.status, 422);
  assert.match(bad.json.error.message, /入力内容/);
  assert.match(bad.json.error.fields.language, /en, ja/);
  const again = new Client(srv.url);
  const s = await again.signIn(demoUsers.tanaka);
  assert.equal(s.user.language, 'ja');
});

test('sign-out ends the session everywhere', async () => {
  const c = new Client(srv.url);
  await c.signIn(demoUsers.viewer);
  const stolen = new Client(srv.url);
  stolen.cookies = new Map(c.cookies);
  assert.equal((await stolen.req('GET', '/api/v1/me')).status, 200);
  const out = await c.req('DELETE', '/api/v1/session');
  assert.equal(out.status, 204);
  assert.match(out.headers.getSetCookie()[0], /Max-Age=0/);
  assert.equal((await stolen.req('GET', '/api/v1/me')).status, 401);
  // Signing out again (no live session) is harmless.
  assert.equal((await stolen.req('DELETE', '/api/v1/session')).status, 204);
});

test('sessions and sign-in limits are shared by every server on the database', async () => {
  const second = await startServer({ db: srv.db, env: { STEWARD_SIGNIN_MAX_PER_EMAIL: '3' } });
  try {
    const c = new Client(srv.url);
    await c.signIn(demoUsers.admin);
    const onSecond = new Client(second.url);
    onSecond.cookies = new Map(c.cookies);
    onSecond.csrf = c.csrf;
    const me = await onSecond.req('GET', '/api/v1/me');
    assert.equal(me.status, 200);
    assert.equal(me.json.user.email, demoUsers.admin.email);
    // Signing out on one server ends the session on the other, where it
    // was used a moment ago.
    assert.equal((await c.req('GET', '/api/v1/me')).status, 200);
    assert.equal((await onSecond.req('DELETE', '/api/v1/session')).status, 204);
    assert.equal((await c.req('GET', '/api/v1/me')).status, 401);
    // Failures on one server count on the other.
    const who = { email: demoUsers.tanaka.email, password: 'wrong-password-yy' };
    for (const s of [srv, second, srv]) {
      assert.equal((await new Client(s.url).req('POST', '/api/v1/session', who)).status, 401);
    }
    assert.equal((await new Client(second.url).req('POST', '/api/v1/session', who)).status, 429);
  } finally {
    await second.stop();
  }
});

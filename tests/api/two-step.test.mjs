// Two-step verification (SPEC §9, §12): set up with an authenticator app
// (secret, otpauth URI, QR code), turned on by a first code, recovery codes
// shown once; then signing in needs a code (each used once) or a recovery
// code (each used once); wrong codes count like wrong passwords.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startServer, Client, demoUsers } from '../lib/server.mjs';

let srv;

before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

// RFC 6238 with SHA-1, 6 digits, 30-second steps, as authenticator apps do.
function base32(s) {
  const alpha = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of s.replace(/=+$/, '')) bits += alpha.indexOf(ch).toString(2).padStart(5, '0');
  const out = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) out.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(out);
}
function totp(secret, t = Date.now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(t / 1000 / 30)));
  const h = createHmac('sha1', base32(secret)).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}
const signIn = (body) => new Client(srv.url).req('POST', '/api/v1/session', body);

test('set up with an authenticator app, turned on by a first code, with recovery codes shown once', async () => {
  const c = new Client(srv.url);
  await c.signIn(demoUsers.tanaka);
  let r = await c.req('POST', '/api/v1/me/totp/confirm', { code: '123456' });
  assert.equal(r.status, 409, 'nothing started yet');
  r = await c.req('POST', '/api/v1/me/totp', {});
  assert.equal(r.status, 200, r.text);
  const { secret, otpauth_uri: uri, qr_svg: svg } = r.json;
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.equal(uri, `otpauth://totp/Steward:tanaka%40northwind.example?secret=${secret}&issuer=Steward&algorithm=SHA1&digits=6&period=30`);
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 \d+ \d+"/);
  // Signing in still needs only the password until it is confirmed.
  assert.equal((await signIn(demoUsers.tanaka)).status, 200);
  r = await c.req('POST', '/api/v1/me/totp/confirm', { code: '000000' === totp(secret) ? '111111' : '000000' });
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.code);
  r = await c.req('POST', '/api/v1/me/totp/confirm', { code: totp(secret) }, { csrf: false });
  assert.equal(r.status, 403);
  r = await c.req('POST', '/api/v1/me/totp/confirm', { code: totp(secret) });
  assert.equal(r.status, 200, r.text);
  const codes = r.json.recovery_codes;
  assert.equal(codes.length, 10);
  assert.equal(new Set(codes).size, 10);
  for (const x of codes) assert.match(x, /^[a-z2-7]{5}-[a-z2-7]{5}$/);
  assert.equal((await c.req('POST', '/api/v1/me/totp', {})).status, 409, 'already on');

  // Now the password alone is not enough.
  r = await signIn(demoUsers.tanaka);
  assert.equal(r.status, 401);
  assert.equal(r.json.error.code, 'totp_required');
  r = await signIn({ ...demoUsers.tanaka, totp: '12345' });
  assert.equal(r.status, 401);
  assert.equal(r.json.error.code, 'bad_totp');
  // The next step's code works (one step of drift), once.
  const next = totp(secret, Date.now() + 30000);
  r = await signIn({ ...demoUsers.tanaka, totp: next });
  assert.equal(r.status, 200, r.text);
  r = await signIn({ ...demoUsers.tanaka, totp: next });
  assert.equal(r.status, 401, 'a code counts once');
  // A recovery code, typed any case, works once.
  r = await signIn({ ...demoUsers.tanaka, recovery_code: codes[3].toUpperCase() });
  assert.equal(r.status, 200, r.text);
  r = await signIn({ ...demoUsers.tanaka, recovery_code: codes[3] });
  assert.equal(r.status, 401);
  // A wrong password is still a wrong password, code or not.
  r = await signIn({ email: demoUsers.tanaka.email, password: 'wrong password 1', totp: totp(secret) });
  assert.equal(r.status, 401);
  assert.equal(r.json.error.code, 'bad_credentials');
  // Others are not affected.
  assert.equal((await signIn(demoUsers.viewer)).status, 200);
});

test('wrong codes count against the sign-in limit', async () => {
  const c = new Client(srv.url);
  await c.signIn(demoUsers.tech);
  const { secret } = (await c.req('POST', '/api/v1/me/totp', {})).json;
  assert.equal((await c.req('POST', '/api/v1/me/totp/confirm', { code: totp(secret) })).status, 200);
  let r;
  for (let i = 0; i < 5; i++) {
    r = await signIn({ ...demoUsers.tech, totp: String(100000 + i) === totp(secret) ? '999999' : String(100000 + i) });
    assert.equal(r.status, 401);
  }
  r = await signIn({ ...demoUsers.tech, totp: totp(secret, Date.now() + 30000) });
  assert.equal(r.status, 429);
});

test('only people in a console session set it up', async () => {
  assert.equal((await new Client(srv.url).req('POST', '/api/v1/me/totp', {})).status, 401);
  const c = new Client(srv.url);
  await c.signIn(demoUsers.admin);
  assert.equal((await c.req('POST', '/api/v1/me/totp', {}, { csrf: false })).status, 403);
  const r = await c.req('POST', '/api/v1/me/totp/confirm', { code: 123456 });
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.code);
});

test('new recovery codes and turning it off need the second factor again; wrong codes are limited', async () => {
  const c = new Client(srv.url);
  await c.signIn(demoUsers.admin);
  let r = await c.req('GET', '/api/v1/me/totp');
  assert.deepEqual(r.json, { on: false, recovery_codes_left: 0 });
  assert.equal((await c.req('POST', '/api/v1/me/totp/disable', { code: '123456' })).json.error.code, 'totp_off');
  const { secret } = (await c.req('POST', '/api/v1/me/totp', {})).json;
  let codes = (await c.req('POST', '/api/v1/me/totp/confirm', { code: totp(secret) })).json.recovery_codes;
  assert.deepEqual((await c.req('GET', '/api/v1/me/totp')).json, { on: true, recovery_codes_left: 10 });
  // A recovery code signs in once: nine left.
  const s = await signIn({ ...demoUsers.admin, recovery_code: codes[0] });
  assert.equal(s.status, 200, s.text);
  assert.equal((await c.req('GET', '/api/v1/me/totp')).json.recovery_codes_left, 9);
  // New codes with a recovery code as proof: the old ones stop working.
  r = await c.req('POST', '/api/v1/me/totp/recovery-codes', { code: codes[1] });
  assert.equal(r.status, 200, r.text);
  const fresh = r.json.recovery_codes;
  assert.equal(fresh.length, 10);
  assert.equal(fresh.filter((x) => codes.includes(x)).length, 0);
  assert.equal((await signIn({ ...demoUsers.admin, recovery_code: codes[2] })).status, 401);
  assert.equal((await c.req('GET', '/api/v1/me/totp')).json.recovery_codes_left, 10);
  codes = fresh;
  // Bad input: missing, extra member, wrong code.
  r = await c.req('POST', '/api/v1/me/totp/disable', {});
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.code);
  r = await c.req('POST', '/api/v1/me/totp/disable', { code: codes[0], x: 1 });
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.x);
  assert.equal((await c.req('GET', '/api/v1/me/totp')).json.on, true);
  // Turned off with a current code (the next step's: the confirming code's
  // step was used, and each code works once); then the password alone.
  const now = totp(secret, Date.now() + 30000);
  r = await c.req('POST', '/api/v1/me/totp/disable', { code: now });
  assert.equal(r.status, 204, r.text);
  assert.deepEqual((await c.req('GET', '/api/v1/me/totp')).json, { on: false, recovery_codes_left: 0 });
  assert.equal((await signIn(demoUsers.admin)).status, 200);
  // Audited.
  const acc = (await c.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  const audit = (await c.req('GET', `/api/v1/accounts/${acc}/audit?category=auth&limit=100`)).json.events.map((e) => e.event_type);
  for (const t of ['two_step_off', 'recovery_codes_new']) assert.ok(audit.includes(t), t);
  // Wrong codes are limited like wrong passwords.
  const v = new Client(srv.url);
  await v.signIn(demoUsers.viewer);
  const vs = (await v.req('POST', '/api/v1/me/totp', {})).json.secret;
  await v.req('POST', '/api/v1/me/totp/confirm', { code: totp(vs) });
  let last;
  for (let i = 0; i < 12; i++) {
    last = await v.req('POST', '/api/v1/me/totp/disable', { code: 'zzzzz-zzzzz' });
    if (last.status === 429) break;
    assert.equal(last.status, 422);
  }
  assert.equal(last.status, 429);
  assert.ok(Number(last.headers.get('retry-after')) >= 1);
  assert.equal((await v.req('GET', '/api/v1/me/totp')).json.on, true);
});

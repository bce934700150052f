// Two-step verification (SPEC §9, §12): set up with an authenticator app
// (secret, otpauth URI, QR code), turned on by a first code, recovery codes
// shown once; then signing in needs a code (each used once) or a recovery
// code (each used once); wrong codes count like wrong passwords.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { totp } from '../lib/totp.mjs';
import { startServer, Client, demoUsers } from '../lib/server.mjs';

let srv;

before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

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

test('an account can require two-step verification of every user; until then they reach only their profile', async () => {
  const own = await startServer();
  try {
    const as = async (user) => { const c = new Client(own.url); const me = await c.signIn(user); c.me = me; return c; };
    const admin = await as(demoUsers.admin);
    const acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
    const url = `/api/v1/accounts/${acc}`;
    const viewer = await as(demoUsers.viewer);
    const harbor = await as(demoUsers.harbor);
    assert.equal((await admin.req("GET", url)).json.account.require_two_step, false);
    // Viewers change nothing; another account's admin does not see it.
    assert.equal((await viewer.req('PATCH', url, { require_two_step: true })).status, 403);
    assert.equal((await harbor.req('PATCH', url, { require_two_step: true })).status, 404);
    let r = await admin.req('PATCH', url, { require_two_step: 'yes' });
    assert.equal(r.status, 422);
    assert.ok(r.json.error.fields.require_two_step);
    // Requiring it needs it on for oneself first.
    r = await admin.req('PATCH', url, { require_two_step: true });
    assert.equal(r.status, 422, r.text);
    assert.match(r.json.error.fields.require_two_step, /yourself first/);
    const { secret } = (await admin.req('POST', '/api/v1/me/totp', {})).json;
    assert.equal((await admin.req('POST', '/api/v1/me/totp/confirm', { code: totp(secret) })).status, 200);
    r = await admin.req('PATCH', url, { require_two_step: true });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.account.require_two_step, true);

    // The viewer's live session: the account answers 403 until it is set up,
    // the profile (and setting it up) still work.
    r = await viewer.req('GET', `${url}/customers`);
    assert.equal(r.status, 403);
    assert.equal(r.json.error.code, 'two_step_setup_required');
    assert.match(r.json.error.message, /requires two-step verification/);
    assert.equal((await viewer.req('GET', '/api/v1/me')).status, 200);
    assert.equal((await viewer.req('GET', url)).json.error.code, 'two_step_setup_required');
    // Signing in says so at once; the admin, who has it, is not asked.
    const again = await as(demoUsers.viewer);
    assert.equal(again.me.two_step_setup_required, true);
    const adminIn = await new Client(own.url).req('POST', '/api/v1/session', { ...demoUsers.admin, totp: totp(secret, Date.now() + 30000) });
    assert.equal(adminIn.status, 200, adminIn.text);
    assert.equal(adminIn.json.two_step_setup_required, false);
    // Another account of the viewer's own is not held up: harbor's admin is not in this account.
    assert.equal((await harbor.req('GET', '/api/v1/me')).status, 200);
    // Setting it up opens the account, in the same session.
    const v = (await viewer.req('POST', '/api/v1/me/totp', {})).json;
    assert.equal((await viewer.req('POST', '/api/v1/me/totp/confirm', { code: totp(v.secret) })).status, 200);
    assert.equal((await viewer.req('GET', `${url}/customers`)).status, 200);
    // Another user without it (tanaka) waits until the admin lifts the requirement.
    const tanaka = await as(demoUsers.tanaka);
    assert.equal(tanaka.me.two_step_setup_required, true);
    assert.equal((await tanaka.req('GET', `${url}/customers`)).status, 403);
    r = await admin.req('PATCH', url, { require_two_step: false });
    assert.equal(r.status, 200);
    assert.equal(r.json.account.require_two_step, false);
    assert.equal((await tanaka.req('GET', `${url}/customers`)).status, 200);
    // Both changes are in the audit log.
    const audit = (await admin.req('GET', `${url}/audit?category=account`)).json;
    const details = audit.events.map((e) => e.detail);
    assert.ok(details.includes('two-step verification required of every user'), JSON.stringify(details));
    assert.ok(details.includes('two-step verification no longer required'));
  } finally {
    await own.stop();
  }
});

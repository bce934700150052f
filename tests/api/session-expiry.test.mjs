// Idle and absolute expiry: a session unused for STEWARD_SESSION_IDLE
// seconds ends, and every session ends STEWARD_SESSION_MAX seconds after
// sign-in however busy it is; both hold on a server that used the session
// a moment before (workers keep validated sessions, app/session_cache.h).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers } from '../lib/server.mjs';

let idle, lifetime;
before(async () => {
  // Whole seconds: a session may end up to a second before its limit, so
  // the limits leave room for a slow sign-in on a loaded machine.
  idle = await startServer({ env: { STEWARD_SESSION_IDLE: '4' } });
  lifetime = await startServer({ env: { STEWARD_SESSION_MAX: '4' } });
});
after(async () => {
  await lifetime?.stop();
  await idle?.stop();
});

test('an idle session and one past its lifetime expire and say so', async () => {
  const unused = new Client(idle.url);
  await unused.signIn(demoUsers.admin);
  assert.equal((await unused.req('GET', '/api/v1/me')).status, 200);
  const busy = new Client(lifetime.url);
  await busy.signIn(demoUsers.admin);
  for (const c of [busy, busy]) assert.equal((await c.req('GET', '/api/v1/me')).status, 200);
  await new Promise((r) => setTimeout(r, 5100));
  for (const c of [unused, busy]) {
    const r = await c.req('GET', '/api/v1/me');
    assert.equal(r.status, 401);
    assert.equal(r.json.error.code, 'session_expired');
  }
});

// Idle expiry: a session unused for STEWARD_SESSION_IDLE seconds ends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer({ env: { STEWARD_SESSION_IDLE: '2' } }); });
after(async () => { await srv.stop(); });

test('an idle session expires and says so', async () => {
  const c = new Client(srv.url);
  await c.signIn(demoUsers.admin);
  assert.equal((await c.req('GET', '/api/v1/me')).status, 200);
  await new Promise((r) => setTimeout(r, 3100));
  const r = await c.req('GET', '/api/v1/me');
  assert.equal(r.status, 401);
  assert.equal(r.json.error.code, 'session_expired');
});

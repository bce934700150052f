// Scale-out (STEWARD_TEST_SCALE=2): two servers on one PostgreSQL database
// behind nginx (deploy/nginx/steward-proxy.conf) take turns answering, and
// what one server stores the other serves (sessions, CSRF tokens, data).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers, scale } from '../lib/server.mjs';

const skip = scale === 1 ? 'only with several servers (STEWARD_TEST_SCALE=2)' : false;
let srv;

before(async () => { if (!skip) srv = await startServer({ workers: 1 }); });
after(async () => { await srv?.stop(); });

test('requests alternate between the servers', { skip }, async () => {
  const c = new Client(srv.url);
  await c.signIn(demoUsers.admin);
  const served = new Map();
  for (let i = 0; i < 20; i++) {
    const r = await c.req('GET', '/api/v1/me');
    assert.equal(r.status, 200, r.text);
    const by = r.headers.get('x-steward-upstream');
    served.set(by, (served.get(by) || 0) + 1);
  }
  const expected = srv.serverUrls.map((u) => new URL(u).host).sort();
  assert.deepEqual([...served.keys()].sort(), expected);
  // Round robin: each server answered half, give or take the sign-in.
  for (const n of served.values()) assert.ok(n >= 9 && n <= 11, `${[...served.entries()]}`);
});

test('a change made through one server is seen through the other at once', { skip }, async () => {
  const c = new Client(srv.url);
  await c.signIn(demoUsers.tanaka);
  const by = [];
  for (const language of ['en', 'ja', 'en', 'ja']) {
    const w = await c.req('PATCH', '/api/v1/me', { language });
    assert.equal(w.status, 200, w.text);
    const r = await c.req('GET', '/api/v1/me');
    assert.equal(r.json.user.language, language);
    by.push(w.headers.get('x-steward-upstream'), r.headers.get('x-steward-upstream'));
  }
  // The write and the read were answered by different servers.
  assert.equal(new Set(by).size, 2);
  const out = await c.req('DELETE', '/api/v1/session');
  assert.equal(out.status, 204);
  for (let i = 0; i < 2; i++) assert.equal((await c.req('GET', '/api/v1/me')).status, 401);
});

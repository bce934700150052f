// A session used a moment ago on one server (or worker) still ends there on
// the very next request when it is revoked elsewhere: sign-out, the end of
// one session from the sessions list, a password change; and a login's new
// name and language are what the next request sees.
// Request workers keep the sessions they have validated (app/session_cache.h)
// and use them only while the database's auth generation has not moved, so
// every check below first uses the session on the server that must notice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers } from '../lib/server.mjs';

let here, there;

before(async () => {
  here = await startServer({ env: { STEWARD_SIGNIN_MAX_PER_IP: '1000' } });
  there = await startServer({ db: here.db, env: { STEWARD_SIGNIN_MAX_PER_IP: '1000' } });
});
after(async () => {
  await there?.stop();
  await here?.stop();
});

const signedIn = async (srv, user) => { const c = new Client(srv.url); await c.signIn(user); return c; };
// The same session (cookie and CSRF token) through another server.
const through = (srv, c) => {
  const o = new Client(srv.url);
  o.cookies = new Map(c.cookies);
  o.csrf = c.csrf;
  return o;
};
// Used twice in a row where it must end, so that server has it in hand.
async function warm(c) {
  for (let i = 0; i < 2; i++) assert.equal((await c.req('GET', '/api/v1/me')).status, 200);
}

test('a sign-out or the end of one session elsewhere holds on the next request', async () => {
  const a = await signedIn(here, demoUsers.tanaka);
  await warm(a);
  assert.equal((await through(there, a).req('DELETE', '/api/v1/session')).status, 204);
  assert.equal((await a.req('GET', '/api/v1/me')).status, 401);

  const b = await signedIn(here, demoUsers.tanaka);
  const c = await signedIn(there, demoUsers.tanaka);
  await warm(b);
  const id = (await b.req('GET', '/api/v1/me/sessions')).json.sessions.find((s) => s.current).id;
  assert.equal((await c.req('DELETE', `/api/v1/me/sessions/${id}`)).status, 204);
  assert.equal((await b.req('GET', '/api/v1/me')).status, 401);
  assert.equal((await c.req('GET', '/api/v1/me')).status, 200);
});

test('a password change elsewhere ends the other sessions at once, and keeps its own', async () => {
  const user = { ...demoUsers.viewer };
  const other = await signedIn(here, user);
  const changer = await signedIn(there, user);
  await warm(other);
  await warm(through(here, changer));
  const next = 'Quartz-Meadow-Lantern-71';
  let r = await changer.req('POST', '/api/v1/me/password', { current_password: user.password, new_password: next });
  assert.equal(r.status, 204, r.text);
  assert.equal((await other.req('GET', '/api/v1/me')).status, 401);
  assert.equal((await through(here, changer).req('GET', '/api/v1/me')).status, 200);
  // Back to the demo's password, from the server that kept the session.
  r = await through(here, changer).req('POST', '/api/v1/me/password', { current_password: next, new_password: user.password });
  assert.equal(r.status, 204, r.text);
});

test('a new name and language are what the next request on any server sees', async () => {
  const a = await signedIn(here, demoUsers.tech);
  await warm(a);
  const before = (await a.req('GET', '/api/v1/me')).json.user;
  let r = await through(there, a).req('PATCH', '/api/v1/me', { name: 'Renamed Elsewhere', language: 'ja' });
  assert.equal(r.status, 200, r.text);
  r = await a.req('GET', '/api/v1/me');
  assert.equal(r.json.user.name, 'Renamed Elsewhere');
  assert.equal(r.json.user.language, 'ja');
  // The language is the session's at once: errors come in Japanese.
  r = await a.req('GET', '/api/v1/accounts/acc_nonexistent0000');
  assert.equal(r.status, 404);
  assert.match(r.json.error.message, /[\u3040-\u30ff\u4e00-\u9fff]/);
  r = await through(there, a).req('PATCH', '/api/v1/me', { name: before.name, language: before.language });
  assert.equal(r.status, 200, r.text);
  assert.equal((await a.req('GET', '/api/v1/me')).json.user.name, before.name);
});

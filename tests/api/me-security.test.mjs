// A person's own security (SPEC §9, §12): changing the password (the
// current one proves it, the policy applies, other sessions end) and the
// list of their sessions with sign-out of any of them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ApiClient, demoUsers } from '../lib/server.mjs';

let srv, acc;

before(async () => {
  srv = await startServer();
  const admin = new Client(srv.url);
  await admin.signIn(demoUsers.admin);
  acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
});
after(async () => { await srv.stop(); });

const signedIn = async (user) => { const c = new Client(srv.url); await c.signIn(user); return c; };

test('a password change needs the current password, follows the policy and ends the other sessions', async () => {
  const user = { ...demoUsers.viewer };
  const here = await signedIn(user);
  const elsewhere = await signedIn(user);
  assert.equal((await elsewhere.req('GET', '/api/v1/me')).status, 200);
  for (const [body, field] of [[{ new_password: 'Granite-Lupine-Vesper-12' }, 'current_password'],
    [{ current_password: user.password }, 'new_password'], [{ current_password: user.password, new_password: 'password123' }, 'new_password'],
    [{ current_password: user.password, new_password: 'short' }, 'new_password'],
    [{ current_password: user.password, new_password: user.password }, 'new_password'],
    [{ current_password: user.password, new_password: 12345678901 }, 'new_password'],
    [{ current_password: user.password, new_password: 'Granite-Lupine-Vesper-12', also: 1 }, 'also']]) {
    const r = await here.req('POST', '/api/v1/me/password', body);
    assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
    assert.ok(r.json.error.fields[field], `${JSON.stringify(body)}: ${r.text}`);
  }
  let r = await here.req('POST', '/api/v1/me/password', { current_password: 'not-my-password-1', new_password: 'Granite-Lupine-Vesper-12' });
  assert.equal(r.status, 422);
  assert.match(r.json.error.fields.current_password, /not your current password/);
  r = await here.req('POST', '/api/v1/me/password', { current_password: user.password, new_password: 'Granite-Lupine-Vesper-12' }, { csrf: false });
  assert.equal(r.status, 403);
  r = await here.req('POST', '/api/v1/me/password', { current_password: user.password, new_password: 'Granite-Lupine-Vesper-12' });
  assert.equal(r.status, 204, r.text);
  // This session goes on; the other one has ended; only the new password signs in.
  assert.equal((await here.req('GET', '/api/v1/me')).status, 200);
  assert.equal((await elsewhere.req('GET', '/api/v1/me')).status, 401);
  const old = await new Client(srv.url).req('POST', '/api/v1/session', user);
  assert.equal(old.status, 401);
  await signedIn({ email: user.email, password: 'Granite-Lupine-Vesper-12' });
  const audit = (await (await signedIn(demoUsers.admin)).req('GET', `/api/v1/accounts/${acc}/audit?category=auth&user_id=${(await here.req('GET', '/api/v1/me')).json.user.id}`)).json.events;
  assert.ok(audit.some((e) => e.event_type === 'password_change' && e.result === 'success'));
  assert.ok(audit.some((e) => e.event_type === 'password_change' && e.result === 'failure'));
});

test('every worker checks new passwords against the dictionary, also at the same moment', async () => {
  // The dictionary is opened before the workers start and shared by them,
  // one lookup at a time (src/app/password.c).
  const user = { ...demoUsers.tech };
  const words = ['helicopters', 'butterflies', 'caterpillars', 'Helicopters', 'Butterflies', 'Caterpillars',
    'submarines', 'Submarines', 'lighthouses', 'Lighthouses', 'strawberries', 'Strawberries'];
  const clients = await Promise.all(words.map(() => signedIn(user)));
  const answers = await Promise.all(words.map((w, i) =>
    clients[i].req('POST', '/api/v1/me/password', { current_password: user.password, new_password: w })));
  answers.forEach((r, i) => {
    assert.equal(r.status, 422, `${words[i]}: ${r.text}`);
    assert.match(r.json.error.fields.new_password, /dictionary word/, words[i]);
  });
  const { stderr } = srv.logs();
  assert.doesNotMatch(stderr, /another dictionary already open|password\.nodict/);
});

test('wrong current passwords are limited like sign-ins', async () => {
  const c = await signedIn(demoUsers.tech);
  let r;
  for (let i = 0; i < 5; i++) {
    r = await c.req('POST', '/api/v1/me/password', { current_password: `wrong-guess-${i}x`, new_password: 'Harbor-Quill-Nimbus-33' });
    assert.equal(r.status, 422);
  }
  r = await c.req('POST', '/api/v1/me/password', { current_password: demoUsers.tech.password, new_password: 'Harbor-Quill-Nimbus-33' });
  assert.equal(r.status, 429);
  assert.ok(Number(r.headers.get('retry-after')) > 0);
});

test('people see their own sessions, end any of them, and nobody else’s', async () => {
  const a = await signedIn(demoUsers.tanaka);
  const b = await signedIn(demoUsers.tanaka);
  let r = await a.req('GET', '/api/v1/me/sessions');
  assert.equal(r.status, 200, r.text);
  const list = r.json.sessions;
  assert.ok(list.length >= 2);
  assert.equal(list.filter((s) => s.current).length, 1);
  for (const s of list) {
    assert.match(s.id, /^[0-9a-f]{16}$/);
    assert.equal(s.ip, '127.0.0.1');
    assert.ok(Date.parse(s.expires_at) > Date.now());
  }
  assert.ok(!r.text.includes(a.cookies.get('steward_session') || 'no cookie'), 'the cookie is never shown');
  const times = list.map((s) => s.created_at);
  assert.deepEqual(times, [...times].sort().reverse());
  const other = (await b.req('GET', '/api/v1/me/sessions')).json.sessions.find((s) => s.current).id;
  // Another person cannot end it.
  const harbor = await signedIn(demoUsers.harbor);
  assert.equal((await harbor.req('DELETE', `/api/v1/me/sessions/${other}`)).status, 404);
  assert.equal((await b.req('GET', '/api/v1/me')).status, 200);
  r = await a.req('DELETE', `/api/v1/me/sessions/${other}`, undefined, { csrf: false });
  assert.equal(r.status, 403);
  r = await a.req('DELETE', `/api/v1/me/sessions/${other}`);
  assert.equal(r.status, 204);
  assert.equal((await b.req('GET', '/api/v1/me')).status, 401);
  assert.ok(!(await a.req('GET', '/api/v1/me/sessions')).json.sessions.some((s) => s.id === other));
  assert.equal((await a.req('DELETE', `/api/v1/me/sessions/${other}`)).status, 404);
  assert.equal((await a.req('DELETE', '/api/v1/me/sessions/0000000000000000')).status, 404);
  assert.equal((await a.req('DELETE', '/api/v1/me/sessions/x')).status, 404);
  // Only people in a console session have sessions.
  const api = await ApiClient.create(await signedIn(demoUsers.admin), acc, { name: 'Sessions probe' });
  assert.equal((await api.req('GET', '/api/v1/me/sessions')).status, 401);
  assert.equal((await new Client(srv.url).req('GET', '/api/v1/me/sessions')).status, 401);
});

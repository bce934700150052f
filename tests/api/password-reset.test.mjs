// Forgotten passwords (SPEC §9): a link by e-mail, valid one hour and once;
// the answer never says whether the address has a login; using the link
// sets a new password under the password policy and ends every session.
// Mail goes through a real SMTP server on loopback.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers } from '../lib/server.mjs';
import { startSmtp, parseMessage } from '../lib/smtp.mjs';

let smtp, srv;

before(async () => {
  smtp = await startSmtp();
  srv = await startServer({
    args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--mail-from', 'Steward <steward@hub.example>',
      '--public-url', 'https://steward.example.test/'],
    env: { STEWARD_MAIL_POLL_MS: '200', STEWARD_SIGNIN_MAX_PER_IP: '1000' },
  });
});
after(async () => {
  await srv?.stop();
  await smtp?.stop();
});

const anon = () => new Client(srv.url);
const ask = (email) => anon().req('POST', '/api/v1/password-resets', { email });
const text = (raw) => parseMessage(raw).parts.find((p) => p.type === 'text/plain').text;
const isReset = (m) => /\/reset\//.test(text(m.raw));

/** The count-th reset e-mail to `to`: { subject, text, token }. */
async function resetMail(to, count = 1) {
  const msgs = await smtp.waitFor((m) => m.rcpt[0] === to && isReset(m), count);
  const m = parseMessage(msgs[count - 1].raw);
  const body = m.parts.find((p) => p.type === 'text/plain').text;
  const link = body.match(/https:\/\/steward\.example\.test\/reset\/([A-Za-z0-9_-]+)/);
  assert.ok(link, body);
  return { subject: m.subject, text: body, token: link[1] };
}

test('a link by e-mail sets a new password once, and ends every session', async () => {
  const user = demoUsers.tech;
  const live = anon();
  await live.signIn(user);
  assert.equal((await live.req('GET', '/api/v1/me')).status, 200);
  let r = await ask(user.email.toUpperCase());
  assert.equal(r.status, 202, r.text);
  assert.deepEqual(r.json, {});
  const mail = await resetMail(user.email);
  assert.equal(mail.subject, 'Reset your Steward password');
  assert.match(mail.text, /it works once, until \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  // The link says whose it is; the password is still the old one.
  r = await anon().req('GET', `/api/v1/password-resets/${mail.token}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.email, user.email);
  // The policy applies; nothing is used up by a refused password.
  r = await anon().req('POST', `/api/v1/password-resets/${mail.token}`, { new_password: 'short' });
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.new_password);
  r = await anon().req('POST', `/api/v1/password-resets/${mail.token}`, { new_password: 12345678901 });
  assert.equal(r.status, 422);
  const next = 'ledger-harbour-quince-58';
  r = await anon().req('POST', `/api/v1/password-resets/${mail.token}`, { new_password: next });
  assert.equal(r.status, 204, r.text);
  // Every session ended; the old password no longer works, the new one does.
  assert.equal((await live.req('GET', '/api/v1/me')).status, 401);
  assert.equal((await anon().req('POST', '/api/v1/session', user)).status, 401);
  assert.equal((await anon().req('POST', '/api/v1/session', { email: user.email, password: next })).status, 200);
  // Once only.
  r = await anon().req('POST', `/api/v1/password-resets/${mail.token}`, { new_password: 'another-fine-passphrase-9' });
  assert.equal(r.status, 410);
  assert.equal(r.json.error.code, 'reset_link_gone');
  assert.equal((await anon().req('GET', `/api/v1/password-resets/${mail.token}`)).status, 410);
  // Back to the demo's password, through a second link.
  assert.equal((await ask(user.email)).status, 202);
  const again = await resetMail(user.email, 2);
  assert.equal((await anon().req('POST', `/api/v1/password-resets/${again.token}`, { new_password: user.password })).status, 204);
  // The audit log has both steps.
  const admin = anon();
  await admin.signIn(demoUsers.admin);
  const acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  const events = (await admin.req('GET', `/api/v1/accounts/${acc}/audit?category=auth&limit=500`)).json.events;
  const mine = events.filter((e) => e.event_type === 'password_reset' && e.actor.name === user.email);
  assert.equal(mine.length, 2, JSON.stringify(events.slice(0, 3)));
  assert.match(mine[0].detail, /set with a reset link; every session ended/);
});

test('the answer never says whether the address has a login; at most three links an hour', async () => {
  const before = smtp.messages.length;
  for (const email of ['nobody@nowhere.example', 'no-such-person@northwind.example']) {
    const r = await ask(email);
    assert.equal(r.status, 202);
    assert.deepEqual(r.json, {});
  }
  // A malformed address is a field error (it says nothing about logins).
  let r = await ask('not an address');
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.email);
  r = await anon().req('POST', '/api/v1/password-resets', { email: 'a@b.example', extra: 1 });
  assert.equal(r.status, 422);
  // Three links an hour for one login, then the same answer and no mail.
  const user = demoUsers.viewer;
  for (let i = 0; i < 4; i++) assert.equal((await ask(user.email)).status, 202);
  await resetMail(user.email, 3);
  await new Promise((res) => setTimeout(res, 1500));	// the sender polls every 200 ms: a fourth would be here
  const toViewer = smtp.messages.slice(before).filter((m) => m.rcpt[0] === user.email && isReset(m));
  assert.equal(toViewer.length, 3);
  assert.ok(!smtp.messages.slice(before).some((m) => /nowhere\.example|no-such-person/.test(m.rcpt[0])));
});

test('a link expires after an hour; a forged or malformed one is gone', async () => {
  const user = demoUsers.tanaka;
  assert.equal((await ask(user.email)).status, 202);
  const mail = await resetMail(user.email);
  // Tanaka's language: the message is in Japanese.
  assert.equal(mail.subject, 'Stewardのパスワードの再設定');
  assert.match(mail.text, /1回だけ使えます/);
  const later = await startServer({ db: srv.db, env: { STEWARD_CLOCK_OFFSET: String(3601) }, args: ['--public-url', 'https://steward.example.test/'] });
  try {
    const r = await new Client(later.url).req('POST', `/api/v1/password-resets/${mail.token}`, { new_password: 'a-long-enough-passphrase-7' });
    assert.equal(r.status, 410);
    assert.equal(r.json.error.code, 'reset_link_gone');
  } finally {
    await later.stop();
  }
  for (const t of ['x'.repeat(43), 'nope', 'a'.repeat(300)]) {
    const r = await anon().req('POST', `/api/v1/password-resets/${t}`, { new_password: 'a-long-enough-passphrase-7' });
    assert.equal(r.status, 410, t);
  }
  // The demo password still works: nothing changed.
  assert.equal((await anon().req('POST', '/api/v1/session', user)).status, 200);
});

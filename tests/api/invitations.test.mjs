// Invitations (SPEC §9, §12): an admin invites by e-mail with a role; the
// link works 48 hours, once; accepting makes the login (or uses the one
// the address already has) and the membership; the person is "invited"
// until then. Mail goes through a real SMTP server on loopback.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers } from '../lib/server.mjs';
import { startSmtp, parseMessage } from '../lib/smtp.mjs';

let smtp, srv, admin, viewer, tech, harbor, tanaka, acc, hacc, customers;

before(async () => {
  smtp = await startSmtp();
  srv = await startServer({
    args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--mail-from', 'Steward <steward@hub.example>',
      '--public-url', 'https://steward.example.test/'],
    env: { STEWARD_MAIL_POLL_MS: '200' },
  });
  [admin, viewer, tech, harbor, tanaka] = [0, 1, 2, 3, 4].map(() => new Client(srv.url));
  await admin.signIn(demoUsers.admin);
  await viewer.signIn(demoUsers.viewer);
  await tech.signIn(demoUsers.tech);
  await harbor.signIn(demoUsers.harbor);
  await tanaka.signIn(demoUsers.tanaka);
  acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  hacc = (await harbor.req('GET', '/api/v1/accounts')).json.accounts[0].id;
  customers = (await admin.req('GET', `/api/v1/accounts/${acc}/customers?limit=100`)).json.customers;
});
after(async () => {
  await srv?.stop();
  await smtp?.stop();
});

const invite = (client, body, opts) => client.req('POST', `/api/v1/accounts/${acc}/invitations`, body, opts);
const users = async () => (await admin.req('GET', `/api/v1/accounts/${acc}/users?limit=500`)).json.users;

// The newest invitation e-mail to `to`, parsed, with the token of its link
// (the demo's other mail to the same people, such as discount notices, is
// not an invitation).
const invitationText = (raw) => parseMessage(raw).parts.find((p) => p.type === 'text/plain')?.text ?? '';
async function mailTo(to, count = 1) {
  const msgs = await smtp.waitFor((m) => m.rcpt[0] === to && /\/invite\//.test(invitationText(m.raw)), count);
  const m = parseMessage(msgs[count - 1].raw);
  const text = m.parts.find((p) => p.type === 'text/plain').text;
  const link = text.match(/https:\/\/steward\.example\.test\/invite\/([A-Za-z0-9_-]+)/);
  assert.ok(link, text);
  return { subject: m.subject, text, html: m.parts.find((p) => p.type === 'text/html').text, token: link[1] };
}

test('invited, listed as invited, e-mailed a link; accepting makes the login and the role, once', async () => {
  let r = await invite(admin, { email: 'New.Person@Example.com', role: 'viewer' });
  assert.equal(r.status, 201, r.text);
  const inv = r.json.invitation;
  assert.equal(inv.email, 'New.Person@example.com');
  assert.equal(inv.role, 'viewer');
  assert.equal(inv.customer_ids, null);
  assert.equal(inv.status, 'invited');
  const hours = (Date.parse(inv.expires_at) - Date.parse(inv.created_at)) / 3600000;
  assert.equal(hours, 48);
  let listed = (await users()).find((u) => u.email === 'New.Person@example.com');
  assert.equal(listed.status, 'invited');
  assert.equal(listed.expires_at, inv.expires_at);
  assert.equal(listed.last_sign_in_at, null);

  const mail = await mailTo('New.Person@example.com');
  assert.equal(mail.subject, 'Alex Morgan invited you to Northwind IT Services on Steward');
  assert.match(mail.text, /as a viewer of the whole account/);
  assert.match(mail.html, /href="https:\/\/steward\.example\.test\/invite\//);
  r = await new Client(srv.url).req('GET', `/api/v1/invitations/${mail.token}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual({ ...r.json.invitation, expires_at: undefined }, {
    email: 'New.Person@example.com', account: { id: acc, name: 'Northwind IT Services' }, role: 'viewer',
    scope: 'all', invited_by: 'Alex Morgan', expires_at: undefined, existing_login: false,
  });

  const guest = new Client(srv.url);
  r = await guest.req('POST', `/api/v1/invitations/${mail.token}/accept`, { name: 'Nia Person', password: 'Lantern-Orbit-Fjord-77' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.account.id, acc);
  assert.equal(r.json.role, 'viewer');
  await guest.signIn({ email: 'new.person@example.com', password: 'Lantern-Orbit-Fjord-77' });
  const mine = (await guest.req('GET', '/api/v1/accounts')).json.accounts;
  assert.deepEqual(mine.map((a) => [a.id, a.role]), [[acc, 'viewer']]);
  listed = (await users()).find((u) => u.email === 'New.Person@example.com');
  assert.equal(listed.status, 'active');
  assert.equal(listed.name, 'Nia Person');
  assert.ok(listed.last_sign_in_at);

  // Once only.
  r = await new Client(srv.url).req('POST', `/api/v1/invitations/${mail.token}/accept`, { name: 'X', password: 'Lantern-Orbit-Fjord-78' });
  assert.equal(r.status, 410);
  assert.equal(r.json.error.code, 'invitation_gone');
  assert.equal((await new Client(srv.url).req('GET', `/api/v1/invitations/${mail.token}`)).status, 410);
  const audit = (await admin.req('GET', `/api/v1/accounts/${acc}/audit?category=user`)).json.events;
  assert.ok(audit.some((e) => e.event_type === 'invite' && e.detail.includes('New.Person@example.com')));
  assert.ok(audit.some((e) => e.event_type === 'join' && e.actor.name === 'New.Person@example.com'));
  // The token never reaches the logs.
  const { stdout, stderr } = srv.logs();
  assert.ok(!(stdout + stderr).includes(mail.token));
});

test('a role over chosen customers; customers of another partner are refused', async () => {
  const sakura = customers.find((c) => /さくら/.test(c.company));
  let r = await invite(admin, { email: 'field.tech@example.com', role: 'admin', customer_ids: [sakura.id] });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.invitation.customer_ids, [sakura.id]);
  assert.deepEqual((await users()).find((u) => u.email === 'field.tech@example.com').customer_ids, [sakura.id]);
  const mail = await mailTo('field.tech@example.com');
  assert.match(mail.text, /an admin of 1 chosen customer\b/);
  const guest = new Client(srv.url);
  r = await guest.req('POST', `/api/v1/invitations/${mail.token}/accept`, { name: 'Field Tech', password: 'Quartz-Harbor-Mosaic-41' });
  assert.equal(r.status, 201, r.text);
  await guest.signIn({ email: 'field.tech@example.com', password: 'Quartz-Harbor-Mosaic-41' });
  const seen = (await guest.req('GET', `/api/v1/accounts/${acc}/customers`)).json.customers;
  assert.deepEqual(seen.map((c) => c.id), [sakura.id]);
  assert.deepEqual((await users()).find((u) => u.email === 'field.tech@example.com').customer_ids, [sakura.id]);

  const theirs = (await harbor.req('GET', `/api/v1/accounts/${hacc}/customers`)).json.customers[0].id;
  r = await invite(admin, { email: 'nope@example.com', role: 'viewer', customer_ids: [theirs] });
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.customer_ids);
  r = await invite(admin, { email: 'nope@example.com', role: 'viewer', customer_ids: [] });
  assert.equal(r.status, 422);
  assert.ok(!(await users()).some((u) => u.email === 'nope@example.com'), 'nothing half written');
});

test('someone with a Steward login accepts with its password; a wrong one changes nothing', async () => {
  let r = await invite(admin, { email: demoUsers.harbor.email, role: 'viewer' });
  assert.equal(r.status, 201, r.text);
  const mail = await mailTo(demoUsers.harbor.email);
  r = await new Client(srv.url).req('GET', `/api/v1/invitations/${mail.token}`);
  assert.equal(r.json.invitation.existing_login, true);
  r = await new Client(srv.url).req('POST', `/api/v1/invitations/${mail.token}/accept`, { password: 'not-the-password-1' });
  assert.equal(r.status, 401);
  assert.match(r.json.error.message, /already has a Steward login/);
  assert.equal((await harbor.req('GET', '/api/v1/accounts')).json.accounts.length, 1);
  r = await new Client(srv.url).req('POST', `/api/v1/invitations/${mail.token}/accept`, { password: demoUsers.harbor.password });
  assert.equal(r.status, 201, r.text);
  const mine = (await harbor.req('GET', '/api/v1/accounts')).json.accounts.map((a) => a.id).sort();
  assert.deepEqual(mine, [acc, hacc].sort());
  // The existing login keeps its name and password.
  await new Client(srv.url).signIn(demoUsers.harbor);
});

test('inviting again replaces the link; members cannot be invited; the e-mail is in the chosen language', async () => {
  let r = await invite(admin, { email: 'twice@example.com', role: 'viewer' });
  assert.equal(r.status, 201);
  const first = await mailTo('twice@example.com');
  r = await invite(admin, { email: 'TWICE@example.com', role: 'admin', language: 'ja' });
  assert.equal(r.status, 201);
  const second = await mailTo('TWICE@example.com');
  assert.notEqual(first.token, second.token);
  assert.equal(second.subject, 'Alex Morganさんから「Northwind IT Services」のStewardへの招待が届いています');
  assert.match(second.text, /全体の管理者として招待されました/);
  assert.equal((await new Client(srv.url).req('GET', `/api/v1/invitations/${first.token}`)).status, 410);
  assert.equal((await new Client(srv.url).req('GET', `/api/v1/invitations/${second.token}`)).json.invitation.role, 'admin');
  assert.equal((await users()).filter((u) => u.email.toLowerCase() === 'twice@example.com').length, 1);
  // A Japanese admin's invitations are in Japanese unless asked otherwise.
  r = await invite(tanaka, { email: 'yamada@example.jp', role: 'viewer' });
  assert.equal(r.status, 201, r.text);
  assert.match((await mailTo('yamada@example.jp')).subject, /^田中 健さんから/);
  r = await invite(admin, { email: 'Viewer@Northwind.example', role: 'admin' });
  assert.equal(r.status, 409);
  assert.ok(r.json.error.fields.email);
});

test('a link expires after 48 hours', async () => {
  const r = await invite(admin, { email: 'late@example.com', role: 'viewer' });
  assert.equal(r.status, 201);
  const mail = await mailTo('late@example.com');
  const later = await startServer({ db: srv.db, env: { STEWARD_CLOCK_OFFSET: String(49 * 3600) } });
  try {
    const guest = new Client(later.url);
    let x = await guest.req('POST', `/api/v1/invitations/${mail.token}/accept`, { name: 'Late', password: 'Willow-Comet-Basalt-58' });
    assert.equal(x.status, 410);
    const a = new Client(later.url);
    await a.signIn(demoUsers.admin);
    x = await a.req('GET', `/api/v1/accounts/${acc}/users?limit=500`);
    assert.equal(x.json.users.find((u) => u.email === 'late@example.com').status, 'expired');
  } finally {
    await later.stop();
  }
  // Before the 48 hours are up it still works.
  const ok = await new Client(srv.url).req('POST', `/api/v1/invitations/${mail.token}/accept`, { name: 'Late', password: 'Willow-Comet-Basalt-58' });
  assert.equal(ok.status, 201, ok.text);
});

test('bad input names the field and keeps the link usable; concurrent accepts make one login', async () => {
  for (const [body, field] of [[{ role: 'viewer' }, 'email'], [{ email: 'x@', role: 'viewer' }, 'email'],
    [{ email: 'ok@example.com', role: 'owner' }, 'role'], [{ email: 'ok@example.com' }, 'role'],
    [{ email: 'ok@example.com', role: 'viewer', language: 'fr' }, 'language'],
    [{ email: 'ok@example.com', role: 'viewer', team: 'x' }, 'team'], [{ email: 7, role: 'viewer' }, 'email']]) {
    const r = await invite(admin, body);
    assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
    assert.ok(r.json.error.fields[field], `${JSON.stringify(body)}: ${r.text}`);
  }
  assert.equal((await invite(admin, { email: 'race@example.com', role: 'viewer' })).status, 201);
  const mail = await mailTo('race@example.com');
  const accept = (body) => new Client(srv.url).req('POST', `/api/v1/invitations/${mail.token}/accept`, body);
  let r = await accept({ name: 'Race', password: 'password123' });
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.password);
  r = await accept({ password: 'Cobalt-Meadow-Thistle-93' });
  assert.equal(r.status, 422);
  assert.ok(r.json.error.fields.name);
  r = await accept({ name: 'Race', password: 'Cobalt-Meadow-Thistle-93', admin: true });
  assert.equal(r.status, 422);
  const all = await Promise.all([0, 1, 2, 3, 4].map(() => accept({ name: 'Race', password: 'Cobalt-Meadow-Thistle-93' })));
  assert.deepEqual(all.map((x) => x.status).filter((s) => s === 201), [201]);
  for (const x of all.filter((y) => y.status !== 201)) assert.ok([409, 410].includes(x.status), x.text);
  assert.equal((await users()).filter((u) => u.email === 'race@example.com').length, 1);
});

test('only admins over the whole account invite; other tenants and strangers get nothing', async () => {
  const body = { email: 'blocked@example.com', role: 'viewer' };
  assert.equal((await invite(viewer, body)).status, 403);
  assert.equal((await invite(tech, body)).status, 403);
  // Kestrel has nothing to do with Northwind.
  const kestrel = new Client(srv.url);
  await kestrel.signIn({ email: 'admin@kestrel.example', password: 'steward-demo-kestrel' });
  const other = await invite(kestrel, body);
  assert.equal(other.status, 404);
  assert.doesNotMatch(other.text, /northwind/i);
  assert.equal((await invite(admin, body, { csrf: false })).status, 403);
  assert.equal((await invite(new Client(srv.url), body)).status, 401);
  assert.ok(!(await users()).some((u) => u.email === 'blocked@example.com'));
  assert.equal((await new Client(srv.url).req('GET', '/api/v1/invitations/not-a-real-token')).status, 404);
  assert.equal((await new Client(srv.url).req('POST', '/api/v1/invitations/not-a-real-token/accept', { name: 'x', password: 'Cobalt-Meadow-Thistle-93' })).status, 404);
});

test('the operator adds a partner and invites its first admin in one step', async () => {
  const operator = new Client(srv.url);
  await operator.signIn({ email: 'operator@steward.example', password: 'steward-demo-operator' });
  const count = async () => (await operator.req('GET', '/api/v1/operator/partners?limit=500')).json.partners.length;
  const before = await count();
  for (const [body, field] of [[{ admin_email: 'it@fjord.example' }, 'name'], [{ name: '  ', admin_email: 'it@fjord.example' }, 'name'],
    [{ name: 'Fjord Cyber AS' }, 'admin_email'], [{ name: 'Fjord Cyber AS', admin_email: 'not an address' }, 'admin_email'],
    [{ name: 'Fjord Cyber AS', admin_email: 'it@fjord.example', language: 'no' }, 'language'],
    [{ name: 'Fjord Cyber AS', admin_email: 'it@fjord.example', region: 'EU' }, 'region']]) {
    const r = await operator.req('POST', '/api/v1/operator/partners', body);
    assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
    assert.ok(r.json.error.fields[field], `${JSON.stringify(body)}: ${r.text}`);
  }
  assert.equal(await count(), before, 'nothing half written');
  for (const c of [admin, viewer]) {
    assert.equal((await c.req('POST', '/api/v1/operator/partners', { name: 'Sneaky', admin_email: 'x@example.com' })).status, 403);
  }
  let r = await operator.req('POST', '/api/v1/operator/partners', { name: 'Fjord Cyber AS', admin_email: 'it@fjord.example' });
  assert.equal(r.status, 201, r.text);
  const p = r.json.partner;
  assert.equal(p.name, 'Fjord Cyber AS');
  assert.equal(p.customers, 0);
  assert.equal(p.flexible_billing, false);
  assert.equal(r.json.invitation.role, 'admin');
  assert.equal(await count(), before + 1);
  const mail = await mailTo('it@fjord.example');
  assert.equal(mail.subject, 'Jordan Lee invited you to Fjord Cyber AS on Steward');
  const guest = new Client(srv.url);
  r = await guest.req('POST', `/api/v1/invitations/${mail.token}/accept`, { name: 'Ingrid Berg', password: 'Aurora-Skerry-Kelp-2026' });
  assert.equal(r.status, 201, r.text);
  await guest.signIn({ email: 'it@fjord.example', password: 'Aurora-Skerry-Kelp-2026' });
  const accounts = (await guest.req('GET', '/api/v1/accounts')).json.accounts;
  assert.deepEqual(accounts.map((a) => [a.id, a.kind, a.role]), [[p.id, 'partner', 'admin']]);
  assert.deepEqual((await guest.req('GET', `/api/v1/accounts/${p.id}/customers`)).json.customers, []);
  // Their new account's log starts with its creation and the invitation.
  const events = (await guest.req('GET', `/api/v1/accounts/${p.id}/audit`)).json.events.map((e) => `${e.category}/${e.event_type}`);
  for (const e of ['account/create', 'user/invite', 'user/join']) assert.ok(events.includes(e), e);
});

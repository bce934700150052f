// E-mail (SPEC §6): notices go through a real SMTP server (tests/lib/smtp.mjs
// on loopback), in each recipient's language, as correct MIME; a server that
// is down makes them wait and they go out once it is back, none twice;
// permanent refusals are shown to the operator; without --smtp-url they
// wait in the outbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers, ctlOk } from '../lib/server.mjs';
import { startSmtp, parseMessage } from '../lib/smtp.mjs';
import { until } from '../lib/wait.mjs';

const operatorUser = { email: 'operator@steward.example', password: 'steward-demo-operator' };
let smtp, srv, admin, operator, acc, gtest;

before(async () => {
  // Anything addressed to bounce@ is refused for good.
  smtp = await startSmtp({ reject: (to) => (to.startsWith('bounce@') ? '550 5.1.1 no such mailbox' : null) });
  srv = await startServer({
    args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--mail-from', 'Steward Hub <steward@hub.example>',
      '--seccomp-trace'],
    env: { STEWARD_MAIL_POLL_MS: '200', STEWARD_MAIL_RETRY_SECONDS: '1' },
  });
  admin = new Client(srv.url);
  operator = new Client(srv.url);
  await admin.signIn(demoUsers.admin);
  await operator.signIn(operatorUser);
  acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  gtest = (await admin.req('GET', `/api/v1/accounts/${acc}/policies`)).json.policies
    .find((p) => p.name === 'Global Test Policy').id;
});
after(async () => {
  await srv?.stop();
  await smtp?.stop();
});

let seq = 0;
async function applyFor(company, segment = 'education') {
  seq += 1;
  const r = await admin.req('POST', `/api/v1/accounts/${acc}/customers`, {
    source: 'new', email: `it@mail${seq}.example`, contact_person: 'Ada Lovelace', phone: '+44 20 7946 0958',
    company, industry: 'education', website: `mail${seq}.example`, street: '12 Marylebone Road',
    postal_code: 'NW1 5LN', city: 'London', country: 'GB', segment_discount: segment,
    management: { mode: 'global', global_policy_ids: [gtest] },
  });
  assert.equal(r.status, 201, r.text);
  return r.json.customer;
}

const about = (company) => (m) => parseMessage(m.raw).subject.endsWith(company);

async function outbox() {
  const r = await operator.req('GET', '/api/v1/operator/outbox');
  assert.equal(r.status, 200, r.text);
  return r.json;
}


test('the demo\'s waiting notices are delivered once the server runs', async () => {
  // Demo data: Northwind's two applications and one decision (2 admins each), Kestrel's two (1 admin).
  const demo = await smtp.waitFor((m) => /Westbrook Academy|Riverbend|Hope Harbour|北風学園/.test(parseMessage(m.raw).subject), 8);
  assert.equal(new Set(demo.map((m) => parseMessage(m.raw).headers['message-id'])).size, 8);
  assert.equal(demo.filter((m) => m.rcpt[0] === 'admin@kestrel.example').length, 2);
  const ob = await until(async () => { const o = await outbox(); return o.counts.waiting === 0 && o; });
  assert.equal(ob.configured, true);
  assert.ok(ob.counts.sent >= 8);
});

test('a discount application e-mails every partner admin in their language, as correct MIME', async () => {
  const company = 'Ærø Friskole & Søn <Academy>';
  await applyFor(company);
  const got = await smtp.waitFor(about(company), 2);
  const byRcpt = Object.fromEntries(got.map((m) => [m.rcpt[0], m]));
  assert.deepEqual(Object.keys(byRcpt).sort(), ['admin@northwind.example', 'tanaka@northwind.example']);
  assert.equal(got.every((m) => m.from === 'steward@hub.example'), true);

  const en = parseMessage(byRcpt['admin@northwind.example'].raw);
  assert.equal(en.subject, `Segment discount application received: ${company}`);
  assert.equal(en.from, 'Steward Hub <steward@hub.example>');
  assert.equal(en.to, 'Alex Morgan <admin@northwind.example>');
  assert.match(en.headers.date, /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d \+0000$/);
  assert.match(en.headers['message-id'], /^<[A-Za-z0-9_-]+@hub\.example>$/);
  assert.equal(en.headers['mime-version'], '1.0');
  assert.match(en.headers['content-type'], /^multipart\/alternative;\s*boundary="[^"]+"$/);
  assert.deepEqual(en.parts.map((p) => [p.type, p.charset, p.encoding]),
    [['text/plain', 'UTF-8', 'base64'], ['text/html', 'UTF-8', 'base64']]);
  assert.match(en.parts[0].text, /Ærø Friskole & Søn <Academy>/);
  assert.match(en.parts[0].text, /within 5 business days \(by \d{4}-\d\d-\d\d\)/);
  // The HTML part escapes what the partner typed.
  assert.match(en.parts[1].text, /Ærø Friskole &amp; Søn &lt;Academy&gt;/);
  assert.doesNotMatch(en.parts[1].text, /<Academy>/);

  const ja = parseMessage(byRcpt['tanaka@northwind.example'].raw);
  assert.equal(ja.subject, `セグメント割引の申請を受け付けました：${company}`);
  assert.equal(ja.to, '田中 健 <tanaka@northwind.example>');
  assert.match(ja.parts[0].text, /^田中 健様\n\n/);
  assert.match(ja.parts[0].text, /教育機関向けセグメント割引の申請を受け付けました/);
  assert.match(ja.parts[0].text, /5営業日以内（\d{4}年\d{1,2}月\d{1,2}日まで）/);
  assert.match(ja.parts[1].text, /<html lang="ja">/);
  // On the wire: 7-bit ASCII only, no line over 78 characters, encoded words for the Japanese subject.
  for (const m of got) {
    assert.match(m.raw, /^[\x00-\x7f]*$/);
    for (const line of m.raw.split('\r\n')) assert.ok(line.length <= 78, `long line: ${line}`);
  }
  assert.match(ja.headerBlock, /^Subject: =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/m);
});

test('the operator\'s decision reaches the partner\'s admins with the note', async () => {
  const c = await applyFor('Dunmore Parish Trust', 'nonprofit');
  const q = (await operator.req('GET', '/api/v1/operator/discount-applications?status=pending')).json.applications;
  const app = q.find((a) => a.customer.id === c.id);
  const note = 'Charity number 1234567 checked.\nWelcome aboard!';
  const r = await operator.req('POST', `/api/v1/operator/discount-applications/${app.id}/decision`,
    { decision: 'approve', note });
  assert.equal(r.status, 200, r.text);
  const got = await smtp.waitFor((m) => /approved|承認されました/.test(parseMessage(m.raw).subject) &&
    parseMessage(m.raw).subject.endsWith('Dunmore Parish Trust'), 2);
  const en = parseMessage(got.find((m) => m.rcpt[0] === 'admin@northwind.example').raw);
  assert.equal(en.subject, 'Segment discount approved: Dunmore Parish Trust');
  assert.match(en.parts[0].text, /pay-as-you-go prices are 25% lower from today/);
  assert.match(en.parts[0].text, /Note from the operator:\nCharity number 1234567 checked.\nWelcome aboard!/);
  assert.match(en.parts[1].text, /Charity number 1234567 checked.<br>Welcome aboard!/);
  const ja = parseMessage(got.find((m) => m.rcpt[0] === 'tanaka@northwind.example').raw);
  assert.equal(ja.subject, 'セグメント割引が承認されました：Dunmore Parish Trust');
  assert.match(ja.parts[0].text, /非営利団体向けセグメント割引が承認されました。本日から、この顧客の従量課金の料金が25%割引されます/);
  assert.match(ja.parts[0].text, /審査担当者からのメモ：\nCharity number 1234567 checked./);
});

test('while the SMTP server is down, messages wait; once it is back they go out, none twice', async () => {
  await smtp.stop();
  await applyFor('Lochside Primary School');
  // The sender tried and keeps the messages, with the reason, for the operator.
  const waiting = await until(async () => {
    const o = await outbox();
    const mine = o.messages.filter((m) => m.subject.endsWith('Lochside Primary School'));
    return mine.length === 2 && mine.every((m) => m.attempts >= 1 && m.last_error) && o;
  });
  assert.ok(waiting.counts.waiting >= 2);
  const mine = waiting.messages.filter((m) => m.subject.endsWith('Lochside Primary School'));
  assert.equal(mine.every((m) => m.status === 'waiting'), true);
  assert.match(mine[0].last_error, /connect|Couldn't|refused/i);
  assert.equal(smtp.messages.filter(about('Lochside Primary School')).length, 0);
  // A few more attempts while it is down.
  await new Promise((r) => setTimeout(r, 1500));
  await smtp.start();
  const got = await smtp.waitFor(about('Lochside Primary School'), 2, 20000);
  assert.deepEqual(got.map((m) => m.rcpt[0]).sort(), ['admin@northwind.example', 'tanaka@northwind.example']);
  await until(async () => (await outbox()).counts.waiting === 0);
  // Long enough for any duplicate to show up: every Message-ID exactly once.
  await new Promise((r) => setTimeout(r, 2000));
  const ids = smtp.messages.map((m) => parseMessage(m.raw).headers['message-id']);
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(smtp.messages.filter(about('Lochside Primary School')).length, 2);
});

test('several servers, each with its own sender, send each message once', async () => {
  // Another server on the same database (under STEWARD_TEST_SCALE=2, two
  // more behind their own nginx): every one's background process polls
  // the same outbox.
  const other = await startServer({ db: srv.db, args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`,
    '--mail-from', 'Steward Hub <steward@hub.example>'], env: { STEWARD_MAIL_POLL_MS: '100' } });
  try {
    const there = new Client(other.url);
    await there.signIn(demoUsers.admin);
    const names = ['Alder', 'Birch', 'Cedar', 'Damson', 'Elm', 'Fir'].map((n) => `${n} Grove School`);
    const made = [];
    for (const [i, company] of names.entries()) {
      seq += 1;
      const by = i % 2 ? admin : there;
      const r = await by.req('POST', `/api/v1/accounts/${acc}/customers`, {
        source: 'new', email: `it@grove${seq}.example`, contact_person: 'Ada Lovelace', phone: '+44 20 7946 0958',
        company, industry: 'education', website: `grove${seq}.example`, street: '12 Marylebone Road',
        postal_code: 'NW1 5LN', city: 'London', country: 'GB', segment_discount: 'education',
        management: { mode: 'global', global_policy_ids: [gtest] },
      });
      assert.equal(r.status, 201, r.text);
      made.push(r.json.customer.id);
    }
    const grove = (m) => / Grove School$/.test(parseMessage(m.raw).subject);
    // Two partner admins, one message each per application.
    await smtp.waitFor(grove, 12, 20000);
    await until(async () => (await outbox()).counts.waiting === 0);
    await new Promise((r) => setTimeout(r, 2000));	// any duplicate would show by now
    const got = smtp.messages.filter(grove);
    assert.equal(got.length, 12);
    assert.equal(new Set(got.map((m) => parseMessage(m.raw).headers['message-id'])).size, 12);
    for (const company of names) {
      assert.deepEqual(got.filter(about(company)).map((m) => m.rcpt[0]).sort(),
        ['admin@northwind.example', 'tanaka@northwind.example'], company);
    }
  } finally {
    await other.stop();
  }
});

test('a permanently refused message is shown to the operator as failed and can be queued again', async () => {
  await ctlOk(['user', 'add', '--db', srv.db, '--email', 'bounce@northwind.example', '--password',
    'Bounce-Admin-2024!', '--account', acc, '--role', 'admin', '--name', 'Bounce']);
  await applyFor('Glenmore Technical College');
  await smtp.waitFor(about('Glenmore Technical College'), 2);
  const failed = await until(async () => {
    const o = await outbox();
    return o.messages.find((m) => m.recipient === 'bounce@northwind.example' && m.status === 'failed');
  });
  assert.match(failed.last_error, /550/);
  assert.equal(failed.attempts, 1);
  assert.ok(failed.failed_at);
  const ob = await outbox();
  assert.ok(ob.counts.failed >= 1);
  // Queued again, it is tried again (and refused again).
  const r = await operator.req('POST', `/api/v1/operator/outbox/${failed.id}/retry`);
  assert.equal(r.status, 200, r.text);
  const again = await until(async () => {
    const o = await outbox();
    const m = o.messages.find((x) => x.id === failed.id);
    return m.status === 'failed' && m.attempts === 2 && m;
  });
  assert.match(again.last_error, /550/);
  // Only failed messages can be queued again.
  const sent = await operator.req('POST', `/api/v1/operator/outbox/msg_doesnotexist0000/retry`);
  assert.equal(sent.status, 404);
  // Partners cannot see or touch the outbox.
  assert.equal((await admin.req('GET', '/api/v1/operator/outbox')).status, 403);
  assert.equal((await admin.req('POST', `/api/v1/operator/outbox/${failed.id}/retry`)).status, 403);
});

test('without --smtp-url, messages wait in the outbox and the operator sees that', async () => {
  const plain = await startServer();
  try {
    const op = new Client(plain.url);
    await op.signIn(operatorUser);
    const r = await op.req('GET', '/api/v1/operator/outbox');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.configured, false);
    assert.equal(r.json.counts.sent, 0);
    // The demo's 9 discount notices and an invitation, and whatever alert
    // notices the background process has queued since the server started.
    const demo = r.json.messages.filter((m) => !m.kind.startsWith('alert'));
    assert.equal(demo.length, 10, JSON.stringify(r.json.messages.map((m) => m.kind)));
    assert.equal(r.json.counts.waiting, r.json.messages.length);
    assert.ok(r.json.oldest_waiting_since);
    assert.equal(r.json.messages.every((m) => m.status === 'waiting' && m.attempts === 0), true);
  } finally {
    await plain.stop();
  }
});

test('serve refuses a bad --smtp-url or a missing --mail-from, naming the option', async () => {
  let r = await srv.ctl(['serve', '--db', '$DB', '--listen', '127.0.0.1:1', '--smtp-url', 'http://x.example']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--smtp-url: .*smtp:\/\/ or smtps:\/\//);
  r = await srv.ctl(['serve', '--db', '$DB', '--listen', '127.0.0.1:1', '--smtp-url', 'smtp://127.0.0.1:25']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--mail-from: /);
  r = await srv.ctl(['serve', '--db', '$DB', '--listen', '127.0.0.1:1', '--smtp-url', 'smtp://127.0.0.1:25',
    '--mail-from', 'not an address']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--mail-from: 'not an address' is not an address/);
});

test('with a user and password in --smtp-url, Steward authenticates before sending', async () => {
  const authed = await startSmtp({ auth: { user: 'mailer', password: 'p@ss:word' } });
  const other = await startServer({
    args: ['--smtp-url', `smtp://mailer:${encodeURIComponent('p@ss:word')}@127.0.0.1:${authed.port}`,
      '--mail-from', 'steward@hub.example'],
    env: { STEWARD_MAIL_POLL_MS: '200', STEWARD_MAIL_RETRY_SECONDS: '1' },
  });
  try {
    // The demo's waiting notices go out through the authenticated session.
    await until(() => authed.messages.length >= 1).catch(async (e) => {
      const ob = await new Client(other.url);
      await ob.signIn(operatorUser);
      throw new Error(e.message + JSON.stringify((await ob.req('GET', '/api/v1/operator/outbox')).json).slice(0, 1500));
    });
    assert.ok(authed.messages.every((m) => m.auth === 'mailer'));
    assert.match(parseMessage(authed.messages[0].raw).headers.from ?? authed.messages[0].from, /steward@hub\.example/);
  } finally {
    await other.stop();
    await authed.stop();
  }
});

// A certificate for 127.0.0.1 made for the test, and the CA file that trusts it.
async function testCertificate() {
  const { mkdtempSync, readFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { execFileSync } = await import('node:child_process');
  const dir = mkdtempSync(join(tmpdir(), 'steward-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')),
    caFile: join(dir, 'cert.pem') };
}

test('STARTTLS is used when offered, and smtps:// speaks TLS from the start; both verify the certificate', async () => {
  const c = await testCertificate();
  const starttls = await startSmtp({ tls: { key: c.key, cert: c.cert }, auth: { user: 'mailer', password: 'pw-1' } });
  const implicit = await startSmtp({ tls: { key: c.key, cert: c.cert, implicit: true } });
  const untrusted = await startSmtp({ tls: { key: c.key, cert: c.cert } });
  const env = { STEWARD_MAIL_POLL_MS: '200', STEWARD_MAIL_RETRY_SECONDS: '1' };
  const servers = [];
  try {
    servers.push(await startServer({ args: ['--smtp-url', `smtp://mailer:pw-1@127.0.0.1:${starttls.port}`,
      '--mail-from', 'steward@hub.example', '--seccomp-trace'], env: { ...env, STEWARD_SMTP_CA_FILE: c.caFile } }));
    servers.push(await startServer({ args: ['--smtp-url', `smtps://127.0.0.1:${implicit.port}`,
      '--mail-from', 'steward@hub.example', '--seccomp-trace'], env: { ...env, STEWARD_SMTP_CA_FILE: c.caFile } }));
    // The system's CAs do not know the test certificate: nothing may go out.
    const third = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${untrusted.port}`,
      '--mail-from', 'steward@hub.example'], env });
    servers.push(third);

    await starttls.waitFor(() => true, 8);
    assert.ok(starttls.messages.every((m) => m.tls === true && m.auth === 'mailer'));
    await implicit.waitFor(() => true, 8);
    assert.ok(implicit.messages.every((m) => m.tls === true));

    const op = new Client(third.url);
    await op.signIn(operatorUser);
    const box = await until(async () => {
      const r = (await op.req('GET', '/api/v1/operator/outbox')).json;
      // Claimed (attempts counted) and its outcome recorded.
      return r.messages.some((m) => m.attempts > 0 && m.last_error) ? r : null;
    });
    assert.equal(untrusted.messages.length, 0);
    assert.equal(box.counts.sent, 0);
    assert.ok(box.messages.every((m) => m.status === 'waiting'), 'a certificate problem is retried, not dropped');
    assert.match(box.messages.find((m) => m.attempts > 0 && m.last_error).last_error, /certificate|SSL|TLS/i);
  } finally {
    for (const x of servers) await x.stop();
    await starttls.stop();
    await implicit.stop();
    await untrusted.stop();
  }
});

// stewardctl config (the effective configuration, secrets masked, with the
// source of every value) and stewardctl doctor (one line per check, OK,
// WARN or FAIL; exit status 1 on a failure).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { execFileSync } from 'node:child_process';
import { ctl, freshDatabase, freePort, backend } from '../lib/server.mjs';
import { startSmtp } from '../lib/smtp.mjs';

let db, smtp;
before(async () => {
  db = freshDatabase();
  assert.equal((await ctl(['init', '--db', db.url])).code, 0);
  smtp = await startSmtp();
});
after(async () => {
  db.drop();
  await smtp.stop();
});

const row = (out, name) => {
  const line = out.split('\n').find((l) => l.startsWith(name + ' '));
  assert.ok(line, `a line for ${name}:\n${out}`);
  const cells = line.slice(name.length).trim().split(/\s{2,}|\s(?=\S+$)/);
  return { value: cells[0], source: cells.at(-1) };
};

test('config prints every setting, its value with secrets masked, and where it came from', async () => {
  const r = await ctl(['config', '--db', db.url, '--listen', '127.0.0.1:9099',
    '--trusted-proxies', '127.0.0.1,10.0.0.0/8',
    '--smtp-url', 'smtp://mailer:hunter2-secret@127.0.0.1:2525', '--metrics-token', 'tok-very-secret'],
  { STEWARD_WORKERS: '3', STEWARD_SESSION_IDLE: '600', STEWARD_SESSION_MAX: '' });
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /hunter2|tok-very-secret/);
  assert.deepEqual(row(r.stdout, '--listen (STEWARD_LISTEN)'), { value: '127.0.0.1:9099', source: 'flag' });
  assert.deepEqual(row(r.stdout, '--workers (STEWARD_WORKERS)'), { value: '3', source: 'environment' });
  assert.deepEqual(row(r.stdout, '--body-max (STEWARD_BODY_MAX)'), { value: '1048576', source: 'default' });
  assert.deepEqual(row(r.stdout, '--trusted-proxies (STEWARD_TRUSTED_PROXIES)'),
    { value: '127.0.0.1,10.0.0.0/8', source: 'flag' });
  assert.deepEqual(row(r.stdout, '--secure-cookies (STEWARD_SECURE_COOKIES)'), { value: 'off', source: 'default' });
  assert.deepEqual(row(r.stdout, '--smtp-url (STEWARD_SMTP_URL)'),
    { value: 'smtp://mailer:****@127.0.0.1:2525', source: 'flag' });
  assert.deepEqual(row(r.stdout, '--metrics-token (STEWARD_METRICS_TOKEN)'), { value: '****', source: 'flag' });
  assert.deepEqual(row(r.stdout, 'STEWARD_SESSION_IDLE'), { value: '600', source: 'environment' });
  assert.deepEqual(row(r.stdout, 'STEWARD_SESSION_MAX'), { value: '43200', source: 'default' });
  assert.deepEqual(row(r.stdout, 'STEWARD_MAIL_POLL_MS'), { value: '5000', source: 'default' });
  // Every serve option is listed.
  const help = (await ctl(['serve', '--help'])).stdout;
  for (const m of help.matchAll(/^\s+--([a-z-]+)/gm)) {
    if (m[1] === 'help') continue;
    assert.match(r.stdout, new RegExp(`^--${m[1]} `, 'm'), m[1]);
  }
  // A PostgreSQL password in the URL is masked too.
  const pg = await ctl(['config', '--db', 'postgresql://steward:pg-pass-word@db.example:5432/steward']);
  assert.match(pg.stdout, /postgresql:\/\/steward:\*\*\*\*@db\.example:5432\/steward/);
  assert.doesNotMatch(pg.stdout, /pg-pass-word/);
});

test('doctor: a healthy installation with a reachable SMTP server passes every check', async () => {
  const r = await ctl(['doctor', '--db', db.url, '--smtp-url', `smtp://127.0.0.1:${smtp.port}`,
    '--mail-from', 'Steward <steward@hub.example>']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const lines = r.stdout.trim().split('\n');
  for (const l of lines) assert.match(l, /^(OK|WARN|FAIL)\s+\S/);
  assert.ok(!lines.some((l) => l.startsWith('FAIL')), r.stdout);
  assert.match(r.stdout, new RegExp(`^OK\\s+database\\s+${backend === 'pg' ? 'postgresql' : 'sqlite'} reachable, schema version \\d+ \\(the latest\\)`, 'm'));
  assert.match(r.stdout, backend === 'pg' ? /^OK\s+integrity\s+no invalid index or unvalidated constraint$/m
    : /^OK\s+integrity\s+integrity_check ok, no foreign key broken$/m);
  assert.match(r.stdout, /^OK\s+smtp\s+smtp:\/\/127\.0\.0\.1:\d+: answered EHLO/m);
  assert.match(r.stdout, /^OK\s+sandbox\s+seccomp: available/m);
  assert.match(r.stdout, /^OK\s+sandbox\s+kore: /m);
  assert.match(r.stdout, /^(OK|WARN)\s+disk\s+/m);
  // Without an SMTP server, a warning only.
  const w = await ctl(['doctor', '--db', db.url]);
  assert.equal(w.code, 0, w.stdout);
  assert.match(w.stdout, /^WARN\s+smtp\s+no --smtp-url: e-mail waits in the outbox/m);
});

test('doctor fails, and says why, for an SMTP server that does not answer and a missing database', async () => {
  // A port nobody listens on, and one that accepts but never greets.
  const closed = await freePort();
  let r = await ctl(['doctor', '--db', db.url, '--smtp-url', `smtp://127.0.0.1:${closed}`,
    '--mail-from', 'steward@hub.example']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^FAIL\s+smtp\s+cannot connect to 127\.0\.0\.1:\d+: Connection refused/m);
  const silent = createServer(() => {});
  await new Promise((res) => silent.listen(0, '127.0.0.1', res));
  try {
    r = await ctl(['doctor', '--db', db.url, '--smtp-url', `smtp://127.0.0.1:${silent.address().port}`,
      '--mail-from', 'steward@hub.example']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^FAIL\s+smtp\s+smtp:\/\/127\.0\.0\.1:\d+: no greeting within 5 s/m);
  } finally {
    silent.close();
  }
  if (backend === 'sqlite') {
    r = await ctl(['doctor', '--db', db.url + '.missing']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^FAIL\s+database\s+no database at .*stewardctl init/m);
  } else {
    r = await ctl(['doctor', '--db', db.url.replace(/\/steward_t_[0-9a-f]+/, '/steward_no_such_db')]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^FAIL\s+database\s+cannot connect: /m);
  }
});

test('doctor fails a damaged database: a broken foreign key (SQLite), a constraint left unvalidated (PostgreSQL)', async () => {
  const bad = freshDatabase();
  try {
    assert.equal((await ctl(['init', '--db', bad.url])).code, 0);
    if (backend === 'sqlite') {
      execFileSync('sqlite3', [bad.url, "PRAGMA foreign_keys = OFF; INSERT INTO memberships (account_id, login_id, role, created_at) VALUES ('acc_gone', 'lgn_gone', 'admin', 0)"]);
    } else {
      execFileSync('psql', [bad.url, '-qc', "ALTER TABLE memberships ADD CONSTRAINT doctor_probe CHECK (role <> '') NOT VALID"]);
    }
    const r = await ctl(['doctor', '--db', bad.url]);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, backend === 'sqlite'
      ? /^FAIL\s+integrity\s+damaged: memberships row \d+ refers to a missing \w+ row \(2 broken references\)/m
      : /^FAIL\s+integrity\s+damaged: constraint doctor_probe is not validated/m);
  } finally {
    bad.drop();
  }
});

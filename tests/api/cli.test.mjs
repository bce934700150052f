// stewardctl: every command's help, errors that name the option, and the
// commands that fill a database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ctl, freshDatabase } from '../lib/server.mjs';

let db;
before(async () => { db = freshDatabase(); });
after(() => db.drop());

const commands = ['init', 'serve', 'partner add', 'user add', 'oms add', 'oms import', 'customers import', 'demo', 'routes',
  'operator add', 'service add', 'service set', 'service list', 'oms order', 'partner billing', 'backup', 'restore',
  'config', 'doctor'];

test('every command has --help', async () => {
  for (const c of commands) {
    const r = await ctl([...c.split(' '), '--help']);
    assert.equal(r.code, 0, c);
    assert.match(r.stdout, new RegExp(`^usage: stewardctl ${c}`), c);
  }
  const top = await ctl(['--help']);
  assert.equal(top.code, 0);
  for (const c of commands) assert.match(top.stdout, new RegExp(c));
});

test('mistakes exit 2 and name the option', async () => {
  let r = await ctl(['init']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--db: is required/);
  r = await ctl(['init', '--db', db.url, '--colour']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown option --colour/);
  r = await ctl(['partner', 'add', '--db']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--db: needs a value/);
  r = await ctl(['frobnicate']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown command 'frobnicate'/);
  r = await ctl(['serve', '--db', db.url, '--listen', 'localhost']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--listen: 'localhost' is not HOST:PORT/);
  r = await ctl(['serve', '--db', db.url, '--listen', '127.0.0.1:99999']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--listen/);
  r = await ctl(['serve', '--db', db.url, '--workers', 'many']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--workers/);
});

test('init creates, then is silent and idempotent', async () => {
  let r = await ctl(['init', '--db', db.url]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  r = await ctl(['init', '--db', db.url]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '');
});

test('commands refuse a database that is not there', async () => {
  if (process.env.STEWARD_TEST_DB === 'pg') return;
  const r = await ctl(['partner', 'add', '--db', '/nonexistent/x.db', '--name', 'X']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no database at \/nonexistent\/x\.db/);
});

test('partner add, user add and oms add', async () => {
  const p = await ctl(['partner', 'add', '--db', db.url, '--name', 'Acme MSP']);
  assert.equal(p.code, 0, p.stderr);
  const partner = p.stdout.trim();
  assert.match(partner, /^acc_[a-z2-9]{16}$/);

  let r = await ctl(['user', 'add', '--db', db.url, '--email', 'ops@acme.example', '--password', 'acme-ops-passphrase',
    '--account', partner, '--role', 'admin']);
  assert.equal(r.code, 0, r.stderr);
  const user = r.stdout.trim();
  assert.match(user, /^usr_/);
  // Same e-mail again: the existing login gets the role, no duplicate.
  r = await ctl(['user', 'add', '--db', db.url, '--email', 'OPS@acme.example', '--password', 'whatever-else-123',
    '--account', partner, '--role', 'viewer']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), user);
  assert.match(r.stderr, /already exists/);

  r = await ctl(['user', 'add', '--db', db.url, '--email', 'not an email', '--password', 'acme-ops-passphrase',
    '--account', partner, '--role', 'admin']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--email: Enter a valid e-mail address/);
  r = await ctl(['user', 'add', '--db', db.url, '--email', 'b@acme.example', '--password', 'password123',
    '--account', partner, '--role', 'admin']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--password: Choose a stronger password/);
  r = await ctl(['user', 'add', '--db', db.url, '--email', 'c@acme.example', '--password', 'acme-ops-passphrase',
    '--account', partner, '--role', 'owner']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--role: Must be one of: admin, viewer/);
  r = await ctl(['user', 'add', '--db', db.url, '--email', 'c@acme.example', '--password', 'acme-ops-passphrase',
    '--account', 'acc_nope', '--role', 'admin']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--account: no account with id 'acc_nope'/);

  r = await ctl(['oms', 'add', '--db', db.url, '--partner', partner, '--email', 'it@customer.example',
    '--type', 'business', '--company', 'Customer & Sons', '--first-name', 'Ada', '--last-name', 'Lovelace',
    '--industry', 'finance', '--website', 'https://customer.example', '--phone', '+442071234567',
    '--street', '1 Main St', '--postal-code', 'SW1A 1AA', '--city', 'London', '--country', 'GB']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout.trim(), /^oms_/);
  r = await ctl(['oms', 'add', '--db', db.url, '--partner', partner, '--email', 'IT@Customer.example', '--type', 'business']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--email: An OMS record with this e-mail address already exists/);
  r = await ctl(['oms', 'add', '--db', db.url, '--partner', partner, '--email', 'x@customer.example', '--type', 'business',
    '--country', 'ZZ', '--industry', 'mining', '--first-name', 'bad\u0007name']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--country:/);
  assert.match(r.stderr, /--industry: Must be one of: agriculture/);
  assert.match(r.stderr, /--first-name: Must not contain control characters/);
  r = await ctl(['oms', 'add', '--db', db.url, '--partner', 'acc_2222222222222222', '--email', 'y@customer.example',
    '--type', 'consumer']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--partner: no partner account/);
});

test('oms import: dry run, per-row report, all or nothing', async () => {
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'steward-csv-'));
  const partner = (await ctl(['partner', 'add', '--db', db.url, '--name', 'Import MSP'])).stdout.trim();
  const header = 'type,email,first_name,last_name,company,industry,website,phone,street,postal_code,city,country\n';
  const good = join(dir, 'good.csv');
  writeFileSync(good, header +
    'business,it@imp1.example,Ann,Lee,"Imp, One",finance,imp1.example,+1 212 555 0100,1 Wall St,10005,New York,US\n' +
    'consumer,jo@imp2.example,Jo,Bloggs,,,,,,,,GB\n');
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, header +
    'business,it@imp3.example,A,B,C,retail,imp3.example,12,1 St,99999,Town,GB\n' +
    'business,IT@imp1.example,,,,,,,,,,\n');
  let r = await ctl(['oms', 'import', '--db', db.url, '--partner', partner, '--dry-run', good]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /2 rows checked, no problems; nothing written/);
  r = await ctl(['oms', 'import', '--db', db.url, '--partner', partner, good]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /2 records imported/);
  r = await ctl(['oms', 'import', '--db', db.url, '--partner', partner, bad]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bad\.csv:2: phone: /);
  assert.match(r.stderr, /bad\.csv:2: postal_code: .*SW1A 1AA/);
  assert.match(r.stderr, /bad\.csv:3: email: An OMS record with this e-mail address already exists/);
  assert.match(r.stderr, /nothing was imported/);
  r = await ctl(['oms', 'import', '--db', db.url, '--partner', partner]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /give exactly one CSV file/);
  r = await ctl(['oms', 'import', '--db', db.url, '--partner', 'acc_2222222222222222', good]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--partner: no partner account/);
});

test('customers import: dry run, line-by-line report, exit status, all or nothing', async () => {
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'steward-csv-'));
  const partner = (await ctl(['partner', 'add', '--db', db.url, '--name', 'Onboarding MSP'])).stdout.trim();
  const header = 'email,contact_person,phone,company,industry,website,street,postal_code,city,country\r\n';
  const good = join(dir, 'customers.csv');
  writeFileSync(good, '\ufeff' + header +
    'it@onb1.example,Ann Lee,+1 212 555 0100,"Onb, One",finance,onb1.example,1 Wall St,10005,New York,US\r\n' +
    'it@onb2.example,佐藤 陽子,03-1234-5678,株式会社オンボード,manufacturing,onb2.example,千代田区丸の内1-1-1,100-0005,東京都,JP\r\n');
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, header +
    'it@onb3.example,Ann Lee,+1 212 555 0100,=HYPERLINK(1),finance,onb3.example,1 Wall St,10005,New York,US\r\n' +
    'IT@onb1.example,Ann Lee,+1 212 555 0100,Again,finance,onb1.example,1 Wall St,10005,New York,US\r\n' +
    'it@onb4.example,Ann Lee\r\n');
  let r = await ctl(['customers', 'import', '--db', db.url, '--partner', partner, '--dry-run', good]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /2 rows checked, no problems; nothing written/);
  r = await ctl(['customers', 'import', '--db', db.url, '--partner', partner, good]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^2 customers imported$/m);
  // Imported again: every address is in the OMS now.
  r = await ctl(['customers', 'import', '--db', db.url, '--partner', partner, good]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^line 2: email: Your OMS already has a record/m);
  assert.match(r.stderr, /^line 3: email: Your OMS already has a record/m);
  r = await ctl(['customers', 'import', '--db', db.url, '--partner', partner, bad]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^line 2: company: .*formula/m);
  assert.match(r.stderr, /^line 3: email: Your OMS already has a record/m);
  assert.match(r.stderr, /^line 4: This row should have 10 columns/m);
  assert.match(r.stderr, /3 problems in 3 rows; nothing was imported/);
  // Nothing of bad.csv was written: its good first address is still free.
  const probe = join(dir, 'probe.csv');
  writeFileSync(probe, header + 'it@onb3.example,Ann Lee,+1 212 555 0100,Three,finance,onb3.example,1 Wall St,10005,New York,US\r\n');
  r = await ctl(['customers', 'import', '--db', db.url, '--partner', partner, '--dry-run', probe]);
  assert.equal(r.code, 0, r.stderr);
  r = await ctl(['customers', 'import', '--db', db.url, '--partner', 'acc_2222222222222222', good]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--partner: no partner account/);
});

test('demo fills the database once and lists its logins every time', async () => {
  const fresh = freshDatabase();
  try {
    const r1 = await ctl(['demo', '--db', fresh.url]);
    assert.equal(r1.code, 0, r1.stderr);
    assert.match(r1.stdout, /admin@northwind\.example\s+steward-demo-admin/);
    assert.match(r1.stdout, /viewer@northwind\.example/);
    const r2 = await ctl(['demo', '--db', fresh.url]);
    assert.equal(r2.code, 0, r2.stderr);
    assert.equal(r2.stdout, r1.stdout);
    // Loading twice did not duplicate anything: the partner id is stable.
    const dup = await ctl(['user', 'add', '--db', fresh.url, '--email', 'admin@northwind.example',
      '--password', 'irrelevant-pass-1', '--account', 'acc_2222222222222222', '--role', 'admin']);
    assert.equal(dup.code, 2);
  } finally {
    fresh.drop();
  }
});

test('a fresh installation: catalogue, flexible billing and an order, before any operator login exists', async () => {
  const fresh = freshDatabase();
  try {
    assert.equal((await ctl(['init', '--db', fresh.url])).code, 0);
    const partner = (await ctl(['partner', 'add', '--db', fresh.url, '--name', 'Acme MSP'])).stdout.trim();
    // init has put the six services of the catalogue in place.
    let r = await ctl(['service', 'list', '--db', fresh.url]);
    assert.equal(r.stdout.trim().split('\n').length, 6, r.stdout);
    assert.match(r.stdout, /essential_business\s+Essential Business Security\s+30 days\s+25 seats\s+0\.06 EUR/);
    assert.match(r.stdout, /premium_remote_control\s+Premium Remote Control\s+30 days\s+25 seats/);
    r = await ctl(['service', 'add', '--db', fresh.url, '--key', 'essential_business',
      '--name', 'Essential Business Security', '--price', '0.06']);
    assert.equal(r.code, 2, r.stderr);
    r = await ctl(['partner', 'billing', '--db', fresh.url, '--partner', partner, '--flexible', 'on']);
    assert.equal(r.code, 0, r.stderr);
    r = await ctl(['partner', 'billing', '--db', fresh.url, '--partner', partner, '--flexible', 'maybe']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--flexible: must be on or off/);
    r = await ctl(['partner', 'billing', '--db', fresh.url, '--partner', 'acc_aaaaaaaaaaaaaaaa', '--flexible', 'on']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--partner: no partner with id/);
    r = await ctl(['oms', 'order', '--db', fresh.url, '--partner', partner, '--service', 'essential_business',
      '--seats', '10', '--months', '12', '--count', '3']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, 3);
    r = await ctl(['oms', 'order', '--db', fresh.url, '--partner', partner, '--service', 'nope',
      '--seats', '0', '--months', '121']);
    assert.equal(r.code, 2);
    for (const opt of ['--service', '--seats', '--months']) assert.match(r.stderr, new RegExp(opt));
  } finally {
    fresh.drop();
  }
});

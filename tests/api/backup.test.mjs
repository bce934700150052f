// stewardctl backup and restore (SPEC §10, §12): an online, consistent copy
// taken while the server writes, restored into a fresh database that a new
// server then serves with every write acknowledged before the backup.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, Client, demoUsers, freshDatabase, ctl, backend } from '../lib/server.mjs';

const dir = mkdtempSync(join(tmpdir(), 'steward-backup-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let seq = 0;
const customer = () => {
  seq += 1;
  return {
    source: 'new', email: `b${seq}@backup${seq}.example`, contact_person: 'Grace Hopper', phone: '+44 20 7946 0958',
    company: `Backup Test ${seq} Ltd`, industry: 'it_telecom', website: `backup${seq}.example`, street: '1 High Street',
    postal_code: 'nw1 5ln', city: 'London', country: 'GB', segment_discount: null,
    management: { mode: 'local', template: 'workstation' },
  };
};

async function allCustomerIds(client, acc) {
  const ids = new Set();
  let cursor = null;
  do {
    const q = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const r = await client.req('GET', `/api/v1/accounts/${acc}/customers?limit=100${q}`);
    assert.equal(r.status, 200, r.text);
    for (const c of r.json.customers) ids.add(c.id);
    cursor = r.json.next_cursor;
  } while (cursor);
  return ids;
}

test('a backup taken during writes holds every write acknowledged before it; the restore serves it intact', async () => {
  const srv = await startServer({ workers: 2 });
  const file = join(dir, backend === 'pg' ? 'steward.dump' : 'steward.backup');
  const target = freshDatabase();
  let second = null;
  try {
    const admin = new Client(srv.url);
    await admin.signIn(demoUsers.admin);
    const acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;

    // Four writers create customers one after another; each answer's
    // arrival is noted.
    const acked = [];
    let stop = false;
    const writer = async () => {
      while (!stop) {
        const r = await admin.req('POST', `/api/v1/accounts/${acc}/customers`, customer());
        if (r.status === 201) acked.push({ id: r.json.customer.id, at: performance.now() });
        else assert.fail(`customer not created: ${r.status} ${r.text}`);
      }
    };
    const writers = [writer(), writer(), writer(), writer()];
    while (acked.length < 20) await new Promise((res) => setTimeout(res, 20));

    const started = performance.now();
    const before = acked.filter((a) => a.at < started).map((a) => a.id);
    const b = await ctl(['backup', '--db', srv.db, '--to', file]);
    const finished = performance.now();
    assert.equal(b.code, 0, b.stderr);
    assert.match(b.stdout, /Backed up the (SQLite|PostgreSQL) database to /);
    // Writing went on during the backup and goes on after it.
    const during = acked.filter((a) => a.at >= started && a.at < finished).length;
    const target2 = acked.length + 10;
    while (acked.length < target2) await new Promise((res) => setTimeout(res, 20));
    stop = true;
    await Promise.all(writers);
    assert.ok(existsSync(file));
    assert.ok(before.length >= 20);

    // Into a fresh database.
    const r = await ctl(['restore', '--db', target.url, '--from', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Restored /);
    if (backend === 'sqlite') {
      assert.equal(execFileSync('sqlite3', [target.url, 'PRAGMA integrity_check']).toString().trim(), 'ok');
    }

    // A server on the restored database finds every acknowledged write.
    second = await startServer({ db: target.url, workers: 1 });
    const again = new Client(second.url);
    await again.signIn(demoUsers.admin);
    const restored = await allCustomerIds(again, acc);
    const missing = before.filter((id) => !restored.has(id));
    assert.deepEqual(missing, [], `${missing.length} of ${before.length} acknowledged writes missing`);
    // Nothing the writers did not make appears, and the database works:
    // readiness, a new write.
    const original = await allCustomerIds(admin, acc);
    for (const id of restored) assert.ok(original.has(id), `restored ${id} exists in the original`);
    const ready = await (await fetch(second.url + '/readyz')).json();
    assert.equal(ready.status, 'ready');
    const w = await again.req('POST', `/api/v1/accounts/${acc}/customers`, customer());
    assert.equal(w.status, 201, w.text);
    console.log(`acknowledged before: ${before.length}, during: ${during}, restored: ${restored.size}`);
  } finally {
    if (second) await second.stop();
    target.drop();
    await srv.stop();
  }
});

test('restore refuses a database that is not empty unless --force, and says so', async () => {
  const a = freshDatabase();
  const b = freshDatabase();
  const file = join(dir, 'small.backup');
  try {
    assert.equal((await ctl(['init', '--db', a.url])).code, 0);
    let r = await ctl(['service', 'add', '--db', a.url, '--key', 'only_in_a', '--name', 'Only In A']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await ctl(['backup', '--db', a.url, '--to', file])).code, 0);
    assert.equal((await ctl(['init', '--db', b.url])).code, 0);
    r = await ctl(['restore', '--db', b.url, '--from', file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--db: the database is not empty .*add --force/);
    r = await ctl(['restore', '--db', b.url, '--from', file, '--force']);
    assert.equal(r.code, 0, r.stderr);
    // What was made in A is now in B.
    r = await ctl(['service', 'list', '--db', b.url]);
    assert.match(r.stdout, /only_in_a\s+Only In A/);
    r = await ctl(['restore', '--db', b.url, '--from', join(dir, 'no-such-file')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--from: cannot read/);
  } finally {
    a.drop();
    b.drop();
  }
});

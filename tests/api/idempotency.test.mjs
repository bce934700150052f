// Idempotency-Key when two servers race with one key: the router looks the
// key up before the handler runs and claims it only when the handler starts
// writing (so that checks run outside the write lock). A request that finds
// the key claimed by then gives the first request's answer, and only one
// customer exists. The race is made certain by holding the database's
// write side while both requests arrive: on SQLite the write lock itself
// (both requests then wait to begin writing), on PostgreSQL a lock on the
// keys (both wait at the claim, which the test sees in pg_stat_activity).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, Client, demoUsers, backend } from '../lib/server.mjs';
import { holdWrites } from '../lib/dblock.mjs';

let one, two;

before(async () => {
  one = await startServer();
  two = await startServer({ db: one.db });
});
after(async () => {
  await two?.stop();
  await one?.stop();
});

// Until n sessions wait for a lock (PostgreSQL), or a second (SQLite,
// where nothing shows a wait: a request reaches its write in milliseconds).
async function bothWaiting(db, n) {
  if (backend !== 'pg') return new Promise((r) => setTimeout(r, 1000));
  for (let i = 0; i < 200; i++) {
    const waiting = Number(execFileSync('psql', ['-XAtq', db, '-c',
      "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'" +
      ' AND datname = current_database()']).toString().trim());
    if (waiting >= n) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the requests never waited for the lock');
}

test('two servers racing with one key create one customer and give the same answer', async () => {
  const a = new Client(one.url);
  await a.signIn(demoUsers.admin);
  const b = new Client(two.url);
  b.cookies = new Map(a.cookies);
  b.csrf = a.csrf;
  const acc = (await a.req('GET', '/api/v1/accounts')).json.accounts.find((x) => x.kind === 'partner').id;
  const body = {
    source: 'new', email: 'race@idempotent.example', contact_person: 'Rae Condition', phone: '+44 20 7946 0000',
    company: 'Idempotent Race Ltd', industry: 'retail', website: 'idempotent.example', street: '1 Lane',
    postal_code: 'SW1A 1AA', city: 'London', country: 'GB', management: { mode: 'local', template: 'workstation' },
  };
  const path = `/api/v1/accounts/${acc}/customers`;
  const key = { headers: { 'idempotency-key': 'race-between-servers' } };
  const lock = await holdWrites(one.db, 'idempotency_keys');
  const answers = Promise.all([a.req('POST', path, body, key), b.req('POST', path, body, key)]);
  await bothWaiting(one.db, 2);
  await lock.release();
  const [x, y] = await answers;
  assert.deepEqual([x.status, y.status], [201, 201], `${x.text}\n${y.text}`);
  assert.equal(x.json.customer.id, y.json.customer.id);
  assert.deepEqual([x.headers.get('idempotent-replayed'), y.headers.get('idempotent-replayed')].sort(),
    ['true', null].sort());
  const found = await a.req('GET', `${path}?q=${encodeURIComponent(body.email)}`);
  assert.equal(found.json.total, 1);
});

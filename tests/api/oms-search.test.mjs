// Find customer at scale (GET .../oms/records?find=): the first page in
// display order whichever way the server reads it (a few matches sorted;
// many matches walked in display order; many matches from the partner's
// search blocks, built by `stewardctl oms index`, with records changed
// since merged in), "Load more" across a change of strategy, the count:
// exact up to 1,000, a stated lower bound past that, Japanese and e-mail
// fragments, and isolation between partners. The server runs without its
// background process, so the blocks exist exactly when the test built
// them. Its processes keep up to 2,000 records changed since the blocks
// began between searches (STEWARD_OMS_KEPT_MAX; past that, and always on
// a second server on the same database that keeps none, those records
// are asked of the database): every check is made on both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, Client, demoUsers } from '../lib/server.mjs';

let srv, admin, harbor, acc, hacc, dir;
// The second server, which keeps no changed records, and its admin.
let asking, askingAdmin;

const HEADER = 'type,email,first_name,last_name,company,industry,website,phone,street,postal_code,city,country';
const pad = (i) => String(i).padStart(4, '0');
const ALPHA = 2300;	// "Alpha Trading 0000".. at the start of the display order
const SAKURA = 2300;	// "株式会社さくら 0000".. at its end

function alphaRow(i, domain = 'alpha-trading.example') {
  return `business,alpha.${pad(i)}@${domain},Ada,Lovelace,Alpha Trading ${pad(i)},retail,alpha${i}.example,` +
    '+1 212 555 0100,1 Broadway,10005,New York,US';
}
function sakuraRow(i, domain = 'sakura.example') {
  return `business,sakura.${pad(i)}@${domain},陽子,佐藤,株式会社さくら ${pad(i)},manufacturing,sakura${i}.example,` +
    '+81 3-1234-5678,千代田区丸の内1-1,100-0005,東京都,JP';
}

async function importRows(account, name, rows) {
  const file = join(dir, name);
  writeFileSync(file, [HEADER, ...rows].join('\n') + '\n');
  const r = await srv.ctl(['oms', 'import', '--db', '$DB', '--partner', account, file]);
  assert.equal(r.code, 0, r.stderr);
}

async function index(account) {
  const r = await srv.ctl(['oms', 'index', '--db', '$DB', '--partner', account]);
  assert.equal(r.code, 0, r.stderr);
  return Number(/^(\d+) block/.exec(r.stdout)[1]);
}

before(async () => {
  srv = await startServer({ args: ['--no-jobs'], env: { STEWARD_OMS_KEPT_MAX: '2000' } });
  asking = await startServer({ args: ['--no-jobs'], env: { STEWARD_OMS_KEPT_MAX: '0' }, db: srv.db });
  askingAdmin = new Client(asking.url);
  await askingAdmin.signIn(demoUsers.admin);
  admin = new Client(srv.url);
  harbor = new Client(srv.url);
  await admin.signIn(demoUsers.admin);
  await harbor.signIn(demoUsers.harbor);
  acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  hacc = (await harbor.req('GET', '/api/v1/accounts')).json.accounts[0].id;
  dir = mkdtempSync(join(tmpdir(), 'steward-oms-search-'));
  const rows = [];
  for (let i = 0; i < ALPHA; i++) rows.push(alphaRow(i));
  for (let i = 0; i < SAKURA; i++) rows.push(sakuraRow(i));
  // Matching records that may not become customers are never listed.
  rows.push('consumer,さくら.consumer@sakura.example,花子,山田,株式会社さくら consumer,,,,,,,JP');
  rows.push('business,sakura.nocity@sakura.example,陽子,佐藤,株式会社さくら nocity,manufacturing,x.example,' +
    '+81 3-1234-5678,千代田区丸の内1-1,100-0005,,JP');
  await importRows(acc, 'northwind.csv', rows);
  // Another partner's records match the same searches (and come first in
  // the search index): they must never show, nor count.
  await importRows(hacc, 'harbor.csv', [
    ...Array.from({ length: 600 }, (_, i) => sakuraRow(i, 'harbor-sakura.example')),
    ...Array.from({ length: 600 }, (_, i) => alphaRow(i, 'harbor-alpha.example')),
  ]);
});

after(async () => {
  await asking?.stop();
  await srv?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const url = (account, p) => `/api/v1/accounts/${account}${p}`;

async function search(client, account, q, { limit = 50, cursor = null } = {}) {
  const r = await client.req('GET', url(account, `/oms/records?limit=${limit}&find=${encodeURIComponent(q)}` +
    (cursor ? `&cursor=${cursor}` : '')));
  assert.equal(r.status, 200, r.text);
  return r.json;
}

// Every page of a search, as one list of ids (failing on a repeat).
async function allPages(client, account, q, limit = 500, first = null) {
  const ids = first ? first.records.map((r) => r.id) : [];
  let cursor = first ? first.next_cursor : null;
  if (!first) {
    const p = await search(client, account, q, { limit });
    ids.push(...p.records.map((r) => r.id));
    cursor = p.next_cursor;
  }
  while (cursor) {
    const p = await search(client, account, q, { limit, cursor });
    assert.ok(p.records.length > 0, 'a page after a cursor has records');
    ids.push(...p.records.map((r) => r.id));
    cursor = p.next_cursor;
  }
  assert.equal(new Set(ids).size, ids.length, `no record twice for ${q}`);
  return ids;
}

// What a search must answer, from the whole eligible list (read with no
// search, in display order) filtered here.
const fold = (s) => (s || '').normalize('NFKC').toLowerCase();
async function expected(client, account, q) {
  const all = [];
  let cursor = null;
  do {
    const p = await search(client, account, '', { limit: 500, cursor });
    all.push(...p.records);
    cursor = p.next_cursor;
  } while (cursor);
  const f = fold(q);
  return all.filter((r) => [r.company, r.email, r.first_name, r.last_name].some((x) => fold(x).includes(f)));
}

const TERMS = ['さくら', 'さく', 'ら', '株式会社さくら 01', 'alpha', 'trading 00', 'trading 0', 'trading 1',
  '@sakura.exam', 'sakura.0042@', 'ALPHA.0007', '佐藤', 'zzz-nothing'];

// Page one of every term and every page of two, against the filtered
// list, on both servers (the one keeping changed records, the one asking).
async function checkAll(label) {
  const both = [[admin, `${label} (kept)`], [askingAdmin, `${label} (asked)`]];
  for (const q of TERMS) {
    const want = await expected(admin, acc, q);
    for (const [client, l] of both) {
      const p = await search(client, acc, q);
      assert.deepEqual(p.records.map((r) => r.id), want.slice(0, 50).map((r) => r.id), `${l}: page one of ${q}`);
      if (want.length > 1000) {
        assert.equal(p.total, 1000, `${l}: ${q}`);
        assert.equal(p.total_is_lower_bound, true, `${l}: ${q}`);
      } else {
        assert.equal(p.total, want.length, `${l}: ${q}`);
        assert.equal(p.total_is_lower_bound, false, `${l}: ${q}`);
      }
      assert.equal(p.next_cursor !== null, want.length > 50, `${l}: ${q}`);
    }
  }
  for (const q of ['さくら', 'alpha']) {
    const want = (await expected(admin, acc, q)).map((r) => r.id);
    for (const [client, l] of both) {
      assert.deepEqual(await allPages(client, acc, q), want, `${l}: every page of ${q}`);
      assert.deepEqual(await allPages(client, acc, q, 37), want, `${l}: every page of ${q}, 37 at a time`);
    }
  }
}

test('counts are exact up to 1,000 and a stated lower bound past that; fragments of names, Japanese and e-mail', async () => {
  const small = await search(admin, acc, 'trading 00');
  assert.equal(small.total, 100);	// 0000-0099, whatever Blue Harbor has
  assert.equal(small.total_is_lower_bound, false);
  assert.ok(small.records.every((r) => r.company.startsWith('Alpha Trading 00')));
  // Exactly a thousand: still a count, not "more than".
  const thousand = await search(admin, acc, 'trading 1');
  assert.deepEqual([thousand.total, thousand.total_is_lower_bound], [1000, false]);
  const one = await search(admin, acc, 'sakura.0042@');
  assert.deepEqual(one.records.map((r) => r.company), ['株式会社さくら 0042']);
  assert.equal(one.total, 1);
  const many = await search(admin, acc, 'さくら');
  assert.equal(many.total, 1000);
  assert.equal(many.total_is_lower_bound, true);
  assert.equal(many.records.length, 50);
  assert.ok(many.records.every((r) => r.company.includes('さくら')));
  const none = await search(admin, acc, 'zzz-nothing');
  assert.deepEqual([none.total, none.total_is_lower_bound, none.records.length], [0, false, 0]);
  const everything = await search(admin, acc, '');
  assert.deepEqual([everything.total, everything.total_is_lower_bound], [1000, true]);
  // The demo's own (few) records: counted exactly.
  const demo = await search(harbor, hacc, 'fisheries');
  assert.equal(demo.total_is_lower_bound, false);
  assert.equal(demo.total, demo.records.length);
});

test('every strategy gives the same pages: without blocks, across building them, with them, with records changed since', async () => {
  await checkAll('without blocks');

  // "Load more" begun before the blocks exist goes on after they do.
  const want = (await expected(admin, acc, 'さくら')).map((r) => r.id);
  const first = await search(admin, acc, 'さくら', { limit: 500 });
  const blocks = await index(acc);
  assert.ok(blocks >= Math.floor((ALPHA + SAKURA) / 256), `${blocks} blocks`);
  assert.deepEqual(await allPages(admin, acc, 'さくら', 500, first), want, 'paging across the switch');
  await checkAll('with blocks');

  // Records added and changed after the blocks began: a new one at the
  // front, a record renamed into the match set in the middle of the Alpha
  // records (whose blocks never held "さくら"), one renamed to the front,
  // and one renamed out of it (its block still holds the old name).
  const gp = (await admin.req('GET', url(acc, '/policies'))).json.policies[0].id;
  const mk = await admin.req('POST', url(acc, '/customers'), {
    source: 'new', email: 'front@aaa-sakura.example', contact_person: 'Aoi Sato', phone: '+81 3-1234-5678',
    company: 'AAA さくら Foods', industry: 'retail', website: 'aaa-sakura.example', street: '千代田区丸の内1-1',
    postal_code: '100-0005', city: '東京都', country: 'JP', management: { mode: 'global', global_policy_ids: [gp] },
  });
  assert.equal(mk.status, 201, mk.text);
  const rename = async (email, company) => {
    const rec = (await search(admin, acc, email)).records[0];
    const c = await admin.req('POST', url(acc, '/customers'), {
      source: 'oms', oms_record_id: rec.id, management: { mode: 'global', global_policy_ids: [gp] },
    });
    assert.equal(c.status, 201, c.text);
    const r = await admin.req('PATCH', url(acc, `/customers/${c.json.customer.id}`), { company });
    assert.equal(r.status, 200, r.text);
  };
  await rename('alpha.0007@', 'Alpha Trading 0007 さくら');
  await rename('sakura.1500@', 'Aardvark さくら Holdings');
  await rename('sakura.0100@', '株式会社ひかり 0100');
  const p = await search(admin, acc, 'さくら');
  assert.deepEqual(p.records.slice(0, 3).map((r) => r.company),
    ['AAA さくら Foods', 'Aardvark さくら Holdings', 'Alpha Trading 0007 さくら']);
  assert.ok(!p.records.some((r) => r.company === '株式会社ひかり 0100'));
  await checkAll('with records changed since the blocks');

  // More than 2,000 changed since (on SQLite the changed records that
  // match then come from the search index, and the blocks leave out the
  // changed ones by their seqs): 2,100 more records, spread through the
  // display order (Alpha, Beta, then after さくら), the renamed ones above
  // still among them.
  await importRows(acc, 'more.csv', [
    ...Array.from({ length: 700 }, (_, i) => alphaRow(5000 + i, 'alpha-more.example')),
    ...Array.from({ length: 700 }, (_, i) => alphaRow(6000 + i, 'beta-more.example').replace(/Alpha Trading/g, 'Beta さくら Trading')),
    ...Array.from({ length: 700 }, (_, i) => sakuraRow(5000 + i, 'sakura-more.example')),
  ]);
  const many = await search(admin, acc, 'さくら');
  assert.ok(!many.records.some((r) => r.company === '株式会社ひかり 0100'));
  await checkAll('with more than 2,000 records changed since the blocks');

  // A new generation takes the place of the old one.
  await index(acc);
  await checkAll('with new blocks');

  // Changed after it, then a generation that has seen that change: a
  // process that kept the change keeps only what the newest blocks lack.
  await rename('sakura.0200@', 'Aaron さくら Works');
  await checkAll('with a record changed since the new blocks');
  assert.equal((await search(admin, acc, 'aaron さくら')).total, 1);
  await index(acc);
  await rename('sakura.0201@', '株式会社ひかり 0201');
  await checkAll('with a third generation and a change since');
  assert.equal((await search(admin, acc, 'aaron さくら')).total, 1);
});

test("another partner's records never show, whichever way the search runs", async () => {
  await index(hacc);
  for (const q of ['さくら', 'alpha', 'sakura.0042@', '']) {
    const mine = await allPages(admin, acc, q);
    const theirs = await allPages(harbor, hacc, q);
    assert.equal(mine.filter((id) => theirs.includes(id)).length, 0, q);
    const p = await search(harbor, hacc, q, { limit: 500 });
    assert.ok(p.records.every((r) => !r.email.endsWith('@sakura.example') && !r.email.endsWith('@alpha-trading.example')), q);
  }
  const h = await search(harbor, hacc, 'さくら');
  assert.equal(h.total, 600);
  assert.equal(h.total_is_lower_bound, false);
  // Northwind cannot read Blue Harbor's list at all.
  assert.equal((await admin.req('GET', url(hacc, '/oms/records?find=a'))).status, 404);
});

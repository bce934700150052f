// The migrated schema against the scale-out plan in docs/scale-out.md: every
// table is classified there exactly once (distributed by the tenant key,
// reference, local, or SQLite-only index); every distributed table has its
// tenant key NOT NULL, every primary key and unique index of a distributed
// table includes the key, every foreign key between distributed tables
// includes the key on both sides, and every foreign key joins classes that
// Citus allows — except exactly the exceptions the document lists, so that a
// new table or a new constraint that breaks the plan fails here by name, and
// an exception that no longer occurs must be struck from the list.
//
// The schema is read from a database made by `stewardctl init` on the
// selected engine: sqlite_master and its pragmas on SQLite, pg_catalog
// through psql on PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ctlOk, freshDatabase, backend } from '../lib/server.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const doc = readFileSync(resolve(root, 'docs', 'scale-out.md'), 'utf8');

// The rows of a fenced block ```<name> ... ```: '|'-separated cells, with
// blank lines and '#' comments skipped.
function fenced(name) {
  const m = doc.match(new RegExp('```' + name + '\\n([\\s\\S]*?)```'));
  assert.ok(m, `docs/scale-out.md has a \`\`\`${name} block`);
  return m[1].split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('|').map((c) => c.trim()));
}

const CLASSES = new Set(['distributed', 'reference', 'local', 'sqlite-index']);
const RULES = new Set(['key-missing', 'key-nullable', 'key-name', 'pk', 'unique', 'fk', 'fk-class']);
const ENGINES = new Set(['both', 'sqlite', 'pg']);

function classification() {
  const tables = new Map();
  for (const row of fenced('scale-out-tables')) {
    assert.equal(row.length, 3, `three cells (table | class | key): ${row.join(' | ')}`);
    const [name, cls, key] = row;
    assert.ok(!tables.has(name), `${name} is classified more than once`);
    assert.ok(CLASSES.has(cls), `${name}: unknown class ${cls}`);
    assert.equal(key !== '-', cls === 'distributed', `${name}: a key exactly for distributed tables`);
    tables.set(name, { cls, key });
  }
  const exceptions = new Map();
  for (const row of fenced('scale-out-exceptions')) {
    assert.equal(row.length, 5, `five cells (table | rule | what | engine | plan): ${row.join(' | ')}`);
    const [table, rule, what, engine, plan] = row;
    assert.ok(tables.has(table), `exception for unclassified table ${table}`);
    assert.ok(RULES.has(rule), `${table}: unknown rule ${rule}`);
    assert.ok(ENGINES.has(engine), `${table}: unknown engine ${engine}`);
    assert.match(plan, /^[A-Z]\d+$/, `${table} ${rule} ${what}: a plan reference such as K1`);
    assert.ok(doc.includes(`**${plan}**`), `${table} ${rule} ${what}: plan ${plan} is described`);
    const id = `${table} | ${rule} | ${what}`;
    assert.ok(!exceptions.has(id), `exception listed twice: ${id}`);
    exceptions.set(id, engine);
  }
  return { tables, exceptions };
}

function sqliteJson(path, sql) {
  const out = execFileSync('sqlite3', ['-readonly', '-json', path, sql]).toString().trim();
  return out ? JSON.parse(out) : [];
}

function pgJson(url, sql) {
  const out = execFileSync('psql', [url, '-XAtq', '-v', 'ON_ERROR_STOP=1', '-c',
    `SELECT COALESCE(json_agg(x), '[]') FROM (${sql}) x`]).toString().trim();
  return JSON.parse(out);
}

// Real tables: pragmas on an FTS5 table need its tokenizer, which only the
// server registers.
const REAL = "m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL TABLE%'";

// readSqlite and readPg return the schema as Map(table -> { columns:
// Map(column -> not null), uniques: [{ primary, columns }], fks: [{ columns,
// parent, parentColumns }], virtual }).
function readSqlite(path) {
  const tables = new Map();
  const all = sqliteJson(path, "SELECT name, sql FROM sqlite_master WHERE type = 'table'" +
    " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
  // FTS5 keeps its index in shadow tables named after the virtual table.
  const virtual = all.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name);
  const shadow = (n) => virtual.some((v) => ['data', 'idx', 'content', 'docsize', 'config']
    .some((s) => n === `${v}_${s}`));
  for (const t of all) {
    if (shadow(t.name)) continue;
    tables.set(t.name, { columns: new Map(), uniques: [], fks: [], virtual: virtual.includes(t.name) });
  }
  for (const c of sqliteJson(path, "SELECT m.name AS t, c.name AS c, c.\"notnull\" AS nn, c.pk AS pk" +
    " FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE " + REAL + "")) {
    // A PRIMARY KEY column of a rowid table may hold NULL in SQLite, but
    // PostgreSQL (and the tables as written) make it NOT NULL.
    tables.get(c.t)?.columns.set(c.c, c.nn === 1 || c.pk > 0);
  }
  const idx = new Map();
  for (const r of sqliteJson(path, "SELECT m.name AS t, l.name AS i, l.origin AS origin, l.partial AS partial," +
    " x.seqno AS n, x.name AS c FROM sqlite_master m JOIN pragma_index_list(m.name) l" +
    " JOIN pragma_index_info(l.name) x WHERE " + REAL + " AND l.\"unique\" = 1 ORDER BY m.name, l.name, x.seqno")) {
    const k = `${r.t}\0${r.i}`;
    if (!idx.has(k)) idx.set(k, { t: r.t, primary: r.origin === 'pk', columns: [] });
    idx.get(k).columns.push(r.c);
  }
  for (const u of idx.values()) tables.get(u.t)?.uniques.push({ primary: u.primary, columns: u.columns });
  const fk = new Map();
  for (const r of sqliteJson(path, "SELECT m.name AS t, f.id AS id, f.seq AS n, f.\"table\" AS p, f.\"from\" AS c," +
    " f.\"to\" AS pc FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE " + REAL + "" +
    " ORDER BY m.name, f.id, f.seq")) {
    const k = `${r.t}\0${r.id}`;
    if (!fk.has(k)) fk.set(k, { t: r.t, parent: r.p, columns: [], parentColumns: [] });
    fk.get(k).columns.push(r.c);
    fk.get(k).parentColumns.push(r.pc);
  }
  for (const f of fk.values()) tables.get(f.t)?.fks.push(f);
  return tables;
}

function readPg(url) {
  const tables = new Map();
  for (const t of pgJson(url, "SELECT c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace" +
    " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')")) {
    tables.set(t.t, { columns: new Map(), uniques: [], fks: [], virtual: false });
  }
  for (const c of pgJson(url, "SELECT c.relname AS t, a.attname AS c, a.attnotnull AS nn FROM pg_attribute a" +
    " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace" +
    " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped")) {
    tables.get(c.t).columns.set(c.c, c.nn);
  }
  // Unique indexes (constraints or not), their key columns without INCLUDE
  // columns; an expression column reads as NULL, never as the key.
  for (const u of pgJson(url, "SELECT c.relname AS t, i.indisprimary AS primary, i.indnkeyatts AS nkey," +
    " (SELECT json_agg(a.attname ORDER BY k.n) FROM unnest(i.indkey) WITH ORDINALITY k(attnum, n)" +
    "  LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) AS columns" +
    " FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace" +
    " WHERE n.nspname = current_schema() AND i.indisunique")) {
    tables.get(u.t)?.uniques.push({ primary: u.primary, columns: u.columns.slice(0, u.nkey) });
  }
  for (const f of pgJson(url, "SELECT c.relname AS t, p.relname AS parent," +
    " (SELECT json_agg(a.attname ORDER BY k.n) FROM unnest(f.conkey) WITH ORDINALITY k(attnum, n)" +
    "  JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = k.attnum) AS columns," +
    " (SELECT json_agg(a.attname ORDER BY k.n) FROM unnest(f.confkey) WITH ORDINALITY k(attnum, n)" +
    "  JOIN pg_attribute a ON a.attrelid = f.confrelid AND a.attnum = k.attnum) AS \"parentColumns\"" +
    " FROM pg_constraint f JOIN pg_class c ON c.oid = f.conrelid JOIN pg_class p ON p.oid = f.confrelid" +
    " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND f.contype = 'f'")) {
    tables.get(f.t)?.fks.push(f);
  }
  return tables;
}

// Foreign keys Citus accepts, by the classes of the two tables (the
// distributed-to-distributed case further needs the key on both sides).
const FK_ALLOWED = new Set(['distributed>distributed', 'distributed>reference', 'reference>reference',
  'local>local', 'local>reference']);

// Every way the schema departs from the plan, as exception ids.
function violations(schema, plan) {
  const found = [];
  for (const [name, t] of schema) {
    const c = plan.get(name);
    if (!c || c.cls !== 'distributed') continue;
    const key = c.key;
    if (key !== 'partner_id') found.push(`${name} | key-name | ${key}`);
    if (!t.columns.has(key)) found.push(`${name} | key-missing | ${key}`);
    else if (!t.columns.get(key)) found.push(`${name} | key-nullable | ${key}`);
    for (const u of t.uniques) {
      if (!u.columns.includes(key)) found.push(`${name} | ${u.primary ? 'pk' : 'unique'} | ${u.columns.join(', ')}`);
    }
  }
  for (const [name, t] of schema) {
    const c = plan.get(name);
    if (!c) continue;
    for (const f of t.fks) {
      const p = plan.get(f.parent);
      const what = `${f.columns.join(', ')} -> ${f.parent}(${f.parentColumns.join(', ')})`;
      if (!p || !FK_ALLOWED.has(`${c.cls}>${p.cls}`)) { found.push(`${name} | fk-class | ${what}`); continue; }
      if (c.cls !== 'distributed' || p.cls !== 'distributed') continue;
      const i = f.columns.indexOf(c.key);
      if (i < 0 || f.parentColumns[i] !== p.key) found.push(`${name} | fk | ${what}`);
    }
  }
  return found;
}

let db, schema, plan;
before(async () => {
  plan = classification();
  db = freshDatabase();
  await ctlOk(['init', '--db', db.url]);
  schema = backend === 'pg' ? readPg(db.url) : readSqlite(db.url);
});
after(() => db?.drop());

test('the schema was read: tables with columns, keys and foreign keys', () => {
  // Guards the readers themselves: a query that silently matched nothing
  // would let every later check pass.
  assert.ok(schema.size >= 40, `${schema.size} tables`);
  const c = schema.get('customers');
  assert.equal(c.columns.get('partner_id'), true);
  assert.ok(c.uniques.some((u) => u.primary && u.columns.join() === 'id'));
  assert.ok(c.fks.some((f) => f.parent === 'oms_records' && f.columns.join() === 'oms_record_id'));
  const p = schema.get('policies');
  assert.ok(p.uniques.some((u) => !u.primary && u.columns.join() === 'partner_id,owner,name_key'));
});

test('every table is classified in docs/scale-out.md exactly once, and every classified table exists', () => {
  const unclassified = [...schema.keys()].filter((n) => !plan.tables.has(n)).sort();
  assert.deepEqual(unclassified, [],
    `tables not classified in docs/scale-out.md (add each to the scale-out-tables block): ${unclassified.join(', ')}`);
  const missing = [...plan.tables].filter(([n, c]) => !schema.has(n) && (c.cls !== 'sqlite-index' || backend === 'sqlite'))
    .map(([n]) => n);
  assert.deepEqual(missing, [], `classified in docs/scale-out.md but not in the ${backend} schema: ${missing.join(', ')}`);
  for (const [n, c] of plan.tables) {
    if (c.cls === 'sqlite-index') {
      assert.ok(backend === 'sqlite' || !schema.has(n), `${n} is classified SQLite-only but exists on ${backend}`);
      if (backend === 'sqlite') assert.ok(schema.get(n).virtual, `${n} is classified as a SQLite index but is a table`);
    } else if (schema.has(n)) {
      assert.ok(!schema.get(n).virtual, `${n} is a SQLite virtual table: class sqlite-index`);
    }
  }
});

test('distributed tables, their keys and foreign keys follow the plan, but for the listed exceptions', () => {
  const found = violations(schema, plan.tables);
  const listed = new Map([...plan.exceptions].filter(([, e]) => e === 'both' || e === backend));
  const unlisted = found.filter((v) => !listed.has(v));
  assert.deepEqual(unlisted, [], 'departures from the scale-out plan that docs/scale-out.md does not list ' +
    '(fix the schema, or add them to the scale-out-exceptions block with their plan):\n' + unlisted.join('\n'));
  const stale = [...listed.keys()].filter((v) => !found.includes(v));
  assert.deepEqual(stale, [], `exceptions listed in docs/scale-out.md that no longer occur on ${backend} ` +
    '(strike them, or narrow their engine):\n' + stale.join('\n'));
});

test('the document counts its classes as the block does', () => {
  // The summary sentence in the document is kept true by this check.
  const counts = {};
  for (const { cls } of plan.tables.values()) counts[cls] = (counts[cls] ?? 0) + 1;
  const m = doc.match(/(\d+) distributed,\s+(\d+) reference,\s+(\d+) local\s+and\s+(\d+) SQLite-only/);
  assert.ok(m, 'docs/scale-out.md states the counts of each class');
  assert.deepEqual([+m[1], +m[2], +m[3], +m[4]],
    [counts.distributed ?? 0, counts.reference ?? 0, counts.local ?? 0, counts['sqlite-index'] ?? 0]);
});

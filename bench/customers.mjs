// Customer onboarding at scale:
//   1. OMS search latency (GET .../oms/records?find=) with 100,000 OMS
//      records for one partner, for the searches a user types keystroke by
//      keystroke (Latin and Japanese, company and e-mail);
//   2. create-customer throughput (POST .../customers, new OMS record,
//      template policy, audit) with 8 clients in parallel.
//
//   node bench/customers.mjs                 # SQLite
//   STEWARD_TEST_DB=pg STEWARD_TEST_PG_URL=postgresql:///postgres?host=/path \
//     node bench/customers.mjs               # PostgreSQL
//
// BENCH_RECORDS (100000), BENCH_CREATES (400; 0 skips the creates),
// BENCH_CLIENTS (8), BENCH_RUNS (20 requests per search), BENCH_MODULE (another
// steward.so, to compare builds), BENCH_INDEX (1:
// build the partner's search blocks with `stewardctl oms index` before
// measuring, as the background process would within a minute; 0 for a
// build without them). BENCH_SEARCH=0 skips the searches.
// BENCH_DB names a database already loaded (the demo plus BENCH_RECORDS
// records imported for its first partner, see bench/README.md): the bench
// runs on a copy of it (SQLite: the file and its key; PostgreSQL: CREATE
// DATABASE ... TEMPLATE) instead of importing, which takes minutes at
// 1,000,000 records. BENCH_WRITE_CSV=FILE writes the CSV file of
// BENCH_RECORDS records the bench imports, for loading such a database,
// and stops.
import { copyFileSync, writeFileSync, mkdtempSync, rmSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { startServer, Client, demoUsers, ctlOk, backend, stewardctl } from '../tests/lib/server.mjs';

const RECORDS = Number(process.env.BENCH_RECORDS || 100000);
const CREATES = Number(process.env.BENCH_CREATES || 400);
const CLIENTS = Number(process.env.BENCH_CLIENTS || 8);
const RUNS = Number(process.env.BENCH_RUNS || 20);
const LOADED = process.env.BENCH_DB || '';
const INDEX = (process.env.BENCH_INDEX ?? '1') !== '0';

const first = ['Ada', 'Grace', 'Alan', 'Linus', 'Barbara', 'Ken', 'Radia', 'Dennis', 'Frances', 'Edsger', '陽子', '翔', '健', '美咲'];
const last = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Liskov', 'Thompson', 'Perlman', 'Ritchie', 'Allen', 'Dijkstra', '佐藤', '高橋', '田中', '鈴木'];
const words = ['Alpine', 'Harbor', 'Maple', 'Cedar', 'Summit', 'Delta', 'Orion', 'Atlas', 'Nova', 'Pioneer', 'Granite', 'Willow', 'Falcon', 'Beacon'];
const kinds = ['Dental', 'Logistics', 'Legal', 'Foods', 'Clinic', 'Traders', 'Motors', 'Labs', 'Partners', 'Studios'];
const jp = ['さくら', 'ふじ', 'みなと', 'ひかり', 'あおば', 'つばさ', 'やまと', 'こだま'];
const jpKinds = ['精機', '商事', '物流', '建設', '食品', '電機'];

function csv(n) {
  const rows = ['type,email,first_name,last_name,company,industry,website,phone,street,postal_code,city,country'];
  for (let i = 0; i < n; i++) {
    const japanese = i % 5 === 0;
    const company = japanese
      ? `株式会社${jp[i % jp.length]}${jpKinds[(i >> 3) % jpKinds.length]} ${i}`
      : `${words[i % words.length]} ${kinds[(i >> 4) % kinds.length]} ${i}`;
    const f = first[i % first.length], l = last[(i >> 2) % last.length];
    const incomplete = i % 10 === 9;
    if (japanese) {
      rows.push(`business,contact${i}@co${i}.example,${f},${l},${company},manufacturing,co${i}.example,` +
        `+81 3-1234-${String(1000 + (i % 9000)).padStart(4, '0')},千代田区丸の内1-${i % 9 + 1},100-0005,東京都,JP`);
    } else {
      rows.push(`business,contact${i}@co${i}.example,${f},${l},"${company}",retail,co${i}.example,` +
        `+1 212 555 01${String(i % 100).padStart(2, '0')},${i % 900 + 1} Broadway,10005,${incomplete ? '' : 'New York'},US`);
    }
  }
  return rows.join('\n') + '\n';
}

function stats(ms) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: s[s.length - 1] };
}

const fmt = (x) => `${x.toFixed(1)} ms`;

// CPU time (user + system, ms) of the request workers of the server on
// database db: the "kore [wrk N]" processes below its `stewardctl serve`.
function workersCpuMs(db) {
  const procs = new Map();
  for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(p, { ppid: f[1], ticks: Number(f[11]) + Number(f[12]),
        cmd: readFileSync(`/proc/${p}/cmdline`, 'utf8').replaceAll('\0', ' ') });
    } catch { /* gone */ }
  }
  const roots = [...procs].filter(([, v]) => v.cmd.includes(' serve ') && v.cmd.includes(db)).map(([k]) => k);
  const under = (p) => { for (let q = p; q && q !== '1'; q = procs.get(q)?.ppid) if (roots.includes(q)) return true; return false; };
  let ticks = 0;
  for (const [p, v] of procs) if (v.cmd.includes('[wrk') && under(p)) ticks += v.ticks;
  return ticks * 10;	// USER_HZ is 100 on Linux
}

// A copy of the loaded database BENCH_DB (migrated to this build), and
// how to drop it.
function loadedCopy(dir) {
  if (backend !== 'pg') {
    const db = join(dir, 'steward.db');
    copyFileSync(LOADED, db);
    copyFileSync(`${LOADED}.key`, `${db}.key`);
    execFileSync(stewardctl, ['init', '--db', db]);
    return { url: db, drop: () => {} };
  }
  const base = process.env.STEWARD_TEST_PG_URL;
  const name = 'steward_bench_' + process.pid;
  const from = new URL(LOADED).pathname.slice(1);
  execFileSync('psql', [base, '-qc', `CREATE DATABASE ${name} TEMPLATE ${from}`]);
  const u = new URL(base);
  u.pathname = '/' + name;
  execFileSync(stewardctl, ['init', '--db', u.toString()]);
  return {
    url: u.toString(),
    drop: () => execFileSync('psql', [base, '-qc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]),
  };
}

if (process.env.BENCH_WRITE_CSV) {
  writeFileSync(process.env.BENCH_WRITE_CSV, csv(RECORDS));
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'steward-bench-'));
const copy = LOADED ? loadedCopy(dir) : null;
const srv = await startServer({ ...(copy ? { db: copy.url } : {}),
  args: process.env.BENCH_MODULE ? ['--module', process.env.BENCH_MODULE] : [] });
try {
  const admin = new Client(srv.url);
  await admin.signIn(demoUsers.admin);
  const acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;

  let t = performance.now();
  if (!copy) {
    const file = join(dir, 'oms.csv');
    writeFileSync(file, csv(RECORDS));
    await ctlOk(['oms', 'import', '--db', srv.db, '--partner', acc, file]);
  }
  const importSecs = (performance.now() - t) / 1000;
  let indexSecs = 0;
  if (INDEX) {
    t = performance.now();
    await ctlOk(['oms', 'index', '--db', srv.db, '--partner', acc]);
    indexSecs = (performance.now() - t) / 1000;
  }
  if (backend === 'pg' && !copy) {
    // The steady state autovacuum reaches shortly after a bulk load
    // (visibility map set, so counts can use index-only scans).
    execFileSync('psql', [srv.db, '-qc', 'VACUUM (ANALYZE) oms_records']);
  }

  console.log(`Backend: ${backend}; ${RECORDS} OMS records for one partner ` + (copy
    ? `(a copy of ${LOADED})`
    : `(imported in ${importSecs.toFixed(1)} s, ${Math.round(RECORDS / importSecs)} rows/s)`) +
    (INDEX ? `; search blocks built in ${indexSecs.toFixed(1)} s` : ''));
  const SEARCH = process.env.BENCH_SEARCH !== '0';
  if (SEARCH) {
    console.log();
    console.log(`OMS search, GET .../oms/records?find= (one client, sequential; ${RUNS} runs each):`);
    console.log('| find | matches | p50 | p95 | max |');
    console.log('|---|---:|---:|---:|---:|');
  }
  const typing = !SEARCH ? [] : ['', 'h', 'ha', 'har', 'harb', 'harbor', 'harbor l', 'harbor logistics 1',
    'さ', 'さく', 'さくら', 'さくら精機', 'contact4242', '@co9999.', 'hopper', 'zzzz-no-match'];
  for (const q of typing) {
    const ms = [];
    let total = 0;
    for (let i = 0; i < RUNS; i++) {
      t = performance.now();
      const r = await admin.req('GET', `/api/v1/accounts/${acc}/oms/records?limit=50&find=${encodeURIComponent(q)}`);
      ms.push(performance.now() - t);
      if (r.status !== 200) throw new Error(`${r.status} ${r.text}\n${srv.logs().stdout.slice(-2000)}\n${srv.logs().stderr.slice(-2000)}`);
      total = `${r.json.total_is_lower_bound ? 'more than ' : ''}${r.json.total}`;
    }
    const st = stats(ms);
    console.log(`| \`${q || '(empty)'}\` | ${total} | ${fmt(st.p50)} | ${fmt(st.p95)} | ${fmt(st.max)} |`);
  }

  if (CREATES > 0) {
    // Where the records are, as the creations begin (bench/oms-churn.sh
    // searches it meanwhile).
    console.log(`Database: ${srv.db}`);
    const gp = (await admin.req('GET', `/api/v1/accounts/${acc}/policies`)).json.policies[0].id;
    let next = 0;
    const lat = [];
    // The creations go out through node's own HTTP client over kept-alive
    // connections, without the test harness's check of every answer
    // against the API document (Client.req), which took more of this
    // client's CPU than the server took a creation.
    const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
    const target = new URL(`/api/v1/accounts/${acc}/customers`, srv.url);
    const post = (payload, key) => new Promise((resolve, reject) => {
      const req = http.request(target, {
        method: 'POST', agent, headers: {
          cookie: admin.cookieHeader(), 'x-csrf-token': admin.csrf, 'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload), 'idempotency-key': key,
        },
      }, (res) => {
        const chunks = [];
        res.on('data', (b) => chunks.push(b));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      req.end(payload);
    });
    const worker = async (k) => {
      for (;;) {
        const i = next++;
        if (i >= CREATES) return;
        const body = {
          source: 'new', email: `bench${i}@new${i}.example`, contact_person: 'Bench Mark', phone: '+44 20 7946 0958',
          company: `Bench Customer ${i}`, industry: 'retail', website: `new${i}.example`, street: '1 Road',
          postal_code: 'SW1A 1AA', city: 'London', country: 'GB', segment_discount: i % 10 ? null : 'education',
          management: i % 2 ? { mode: 'local', template: 'workstation' } : { mode: 'global', global_policy_ids: [gp] },
        };
        const s = performance.now();
        const r = await post(JSON.stringify(body), `b-${k}-${i}`);
        lat.push(performance.now() - s);
        if (r.status !== 201) throw new Error(`${r.status} ${r.text}`);
      }
    };
    const cpu0 = workersCpuMs(srv.db);
    const client0 = process.cpuUsage();
    t = performance.now();
    await Promise.all(Array.from({ length: CLIENTS }, (_, k) => worker(k)));
    agent.destroy();
    const secs = (performance.now() - t) / 1000;
    const cpu = (workersCpuMs(srv.db) - cpu0) / CREATES;
    const used = process.cpuUsage(client0);
    const client = (used.user + used.system) / 1000 / CREATES;
    const st = stats(lat);
    console.log();
    console.log(`Create customer, POST .../customers (${CREATES} customers, ${CLIENTS} clients, Idempotency-Key, half global / half local):`);
    console.log(`  ${(CREATES / secs).toFixed(0)} customers/s; latency p50 ${fmt(st.p50)}, p95 ${fmt(st.p95)}, ` +
      `p99 ${fmt(st.p99)}, max ${fmt(st.max)}; CPU a customer: request workers ${cpu.toFixed(2)} ms, ` +
      `this client ${client.toFixed(2)} ms`);
  }
} finally {
  await srv.stop();
  copy?.drop();
  rmSync(dir, { recursive: true, force: true });
}

// The dashboard at scale: one partner with 10,000 customers, 1,000,000
// devices and 100,000 open alerts.
//
//   1. Generates the data with SQL in bulk (the OMS records through
//      `stewardctl oms import`, everything else INSERT ... SELECT over
//      generate_series in one transaction): devices spread unevenly over
//      the customers, a realistic status mix, and a few thousand devices
//      whose stored status lags behind time (seen just past the offline
//      threshold, definitions just past three days, back from offline),
//      so the dashboard's correction path is exercised.
//   2. Serves that database (without the background process, whose sweep
//      would write the lagging devices: the figures are those between two
//      sweeps) and measures, signed in as the demo admin, p50/p95/p99 of
//      the dashboard, its customer rows and the alert list, with one
//      client (sequential) and with several at once.
//   3. Checks that the figures are exact: device counts against a direct
//      count with the real status expression, alert counts against the
//      open alerts, the trigger-kept counters against a GROUP BY.
//
//   node bench/dashboard.mjs                 # SQLite
//   STEWARD_TEST_DB=pg STEWARD_TEST_PG_URL=postgresql:///postgres?host=/path \
//     node bench/dashboard.mjs               # PostgreSQL
//
// BENCH_CUSTOMERS (10000), BENCH_DEVICES (1000000), BENCH_REQUESTS (200
// per request, sequential), BENCH_CLIENTS (4, each BENCH_REQUESTS),
// BENCH_KEEP=1 keeps the database and prints its URL, BENCH_DB=<url>
// measures an existing one (kept by an earlier run; migrated first),
// BENCH_SERVE_ARGS adds arguments to `stewardctl serve`.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startServer, freshDatabase, Client, demoUsers, ctlOk, backend, stewardctl } from '../tests/lib/server.mjs';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS || 10000);
const DEVICES = Number(process.env.BENCH_DEVICES || 1000000);
const REQUESTS = Number(process.env.BENCH_REQUESTS || 200);
const CLIENTS = Number(process.env.BENCH_CLIENTS || 4);
const KEEP = process.env.BENCH_KEEP === '1';
const pg = backend === 'pg';
const DAY = 86400;

// ---- the database -----------------------------------------------------------

function sql(db, query) {
  const out = pg
    ? execFileSync('psql', [db, '-XAtq', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', query], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : execFileSync('sqlite3', ['-batch', '-separator', '\t', '-cmd', '.timeout 10000', db, query], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

function script(db, text) {
  if (pg) execFileSync('psql', [db, '-XAq', '-v', 'ON_ERROR_STOP=1', '-f', '-'], { input: text, stdio: ['pipe', 'ignore', 'inherit'], maxBuffer: 1 << 28 });
  else execFileSync('sqlite3', ['-batch', '-bail', db], { input: text, stdio: ['pipe', 'ignore', 'inherit'], maxBuffer: 1 << 28 });
}

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

// The few places the two dialects differ.
const D = pg ? {
  nl: 'chr(10)',
  hex: (e, w) => `lpad(to_hex(${e}), ${w}, '0')`,
  pad: (e, w) => `lpad((${e})::text, ${w}, '0')`,
  iso: (e) => `to_char(to_timestamp(${e}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
  series: (n, col) => `CROSS JOIN LATERAL generate_series(1, ${n}) AS ${col}(value)`,
  big: (e) => `(${e})::bigint`,
} : {
  nl: 'char(10)',
  hex: (e, w) => `printf('%0${w}x', ${e})`,
  pad: (e, w) => `printf('%0${w}d', ${e})`,
  iso: (e) => `strftime('%Y-%m-%dT%H:%M:%SZ', ${e}, 'unixepoch')`,
  series: (n, col) => `JOIN generate_series(1, ${n}) AS ${col}`,
  big: (e) => `(${e})`,
};

// Ids as Steward writes them: prefix_ and 16 symbols of its alphabet
// (alerts: 11 symbols of microseconds, so they sort by creation, and 8).
const ALPHA = '23456789abcdefghijkmnpqrstuvwxyz';
const sym = (e, k) => Array.from({ length: k }, (_, i) =>
  `substr('${ALPHA}', CAST(((${e}) >> ${5 * (k - 1 - i)}) % 32 + 1 AS INTEGER), 1)`).join(' || ');
const randomId = (prefix) => prefix + '_' + [...randomBytes(16)].map((b) => ALPHA[b & 31]).join('');
const orderedId = (prefix, us) => prefix + '_' +
  Array.from({ length: 11 }, (_, i) => ALPHA[Number((BigInt(us) >> BigInt(5 * (10 - i))) & 31n)]).join('') +
  [...randomBytes(8)].map((b) => ALPHA[b & 31]).join('');

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const day = (t) => new Date(t * 1000).toISOString().slice(0, 10);

// ---- customers --------------------------------------------------------------

const w1 = ['Alpine', 'Harbor', 'Maple', 'Cedar', 'Summit', 'Delta', 'Orion', 'Atlas', 'Nova', 'Pioneer',
  'Granite', 'Willow', 'Falcon', 'Beacon', 'Riverside', 'Northgate', 'Bluebird', 'Ironwood', 'Lakeside', 'Silverline'];
const places = ['Leeds', 'Boston', 'Austin', 'Bristol', 'Denver', 'York', 'Dover', 'Salem', 'Camden', 'Oxford', 'Tampa', 'Reno'];
const w2 = ['Dental', 'Logistics', 'Legal', 'Foods', 'Clinic', 'Traders', 'Motors', 'Labs', 'Partners', 'Studios',
  'Engineering', 'Architects', 'Pharmacy', 'Accounting'];
const forms = ['', ' Ltd', ' GmbH', ' Inc.', ' & Co.', ' LLC'];
const jpCity = ['東京', '大阪', '名古屋', '福岡', '札幌', '仙台', '広島', '横浜'];
const jp = ['さくら', 'ふじ', 'みなと', 'ひかり', 'あおば', 'つばさ', 'やまと', 'こだま', 'みどり', 'あさひ', 'はやて', 'かえで'];
const jpKinds = ['精機', '商事', '物流', '建設', '食品', '電機'];
const first = ['Ada', 'Grace', 'Alan', 'Linus', 'Barbara', 'Ken', 'Radia', 'Dennis', 'Frances', 'Edsger'];
const last = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Liskov', 'Thompson', 'Perlman', 'Ritchie', 'Allen', 'Dijkstra'];
const jpFirst = ['陽子', '翔', '健', '美咲', '大輔', '愛'];
const jpLast = ['佐藤', '高橋', '田中', '鈴木', '伊藤', '渡辺'];
const industries = ['retail', 'healthcare', 'professional_services', 'manufacturing', 'transportation', 'legal', 'finance'];

// Devices per customer: a few with thousands, some hundreds, most tens,
// one in two hundred none yet; exactly `total` in all.
function deviceCounts(n, total, rnd) {
  const c = [];
  for (let i = 0; i < n; i++) {
    const x = rnd();
    const r = rnd();
    if (i % 200 === 199) c.push(0);
    else if (x < 0.001) c.push(Math.round(8000 + r * 7000));
    else if (x < 0.01) c.push(Math.round(1000 + r * 3000));
    else if (x < 0.1) c.push(Math.round(100 + r * 400));
    else c.push(Math.round(10 + r * 70));
  }
  let sum = c.reduce((a, b) => a + b, 0);
  for (let i = 0; sum !== total; i = (i + 1) % n) {
    if (c[i] === 0) continue;
    const step = Math.max(1, Math.min(Math.abs(total - sum) / n | 0, c[i] >> 1));
    if (sum < total) { c[i] += step; sum += step; } else if (c[i] > step) { c[i] -= step; sum -= step; }
  }
  // Shuffle, so the large customers are anywhere in name order.
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [c[i], c[j]] = [c[j], c[i]];
  }
  return c;
}

function customerPlan(n, now) {
  const rnd = mulberry32(12);
  const counts = deviceCounts(n, DEVICES, rnd);
  const rows = [];
  let dev0 = 0;
  for (let i = 0; i < n; i++) {
    let company, email, csvRow;
    const slug = `c${i}`;
    if (i % 10 === 3) {
      const k = Math.floor(i / 10);
      const name = `${jp[k % jp.length]}${jpKinds[(k >> 2) % jpKinds.length]}`;
      company = (k >> 3) % 2 ? `株式会社${jpCity[(k >> 4) % jpCity.length]}${name}` : `${jpCity[(k >> 4) % jpCity.length]}${name}株式会社`;
      email = `it@${slug}.example.jp`;
      csvRow = `business,${email},${jpFirst[i % jpFirst.length]},${jpLast[(i >> 3) % jpLast.length]},${company},manufacturing,${slug}.example.jp,` +
        `+81 3-1234-${String(1000 + (i % 9000)).padStart(4, '0')},千代田区丸の内1-${i % 9 + 1},100-0005,東京都,JP`;
    } else {
      const k = i - Math.floor(i / 10);
      const a = w1[k % w1.length], b = w2[Math.floor(k / w1.length) % w2.length];
      const f = forms[Math.floor(k / (w1.length * w2.length)) % forms.length];
      const p = Math.floor(k / (w1.length * w2.length * forms.length));
      company = p === 0 ? `${a} ${b}${f}` : `${a} ${places[(p - 1) % places.length]} ${b}${f}`;
      email = `admin@${slug}.example`;
      const gb = i % 3 === 0;
      csvRow = `business,${email},${first[i % first.length]},${last[(i >> 2) % last.length]},"${company}",${industries[i % industries.length]},${slug}.example,` +
        (gb ? `+44 20 7946 0${String(i % 1000).padStart(3, '0')},${i % 200 + 1} Baker Street,NW1 6XE,London,GB`
          : `+1 212 555 01${String(i % 100).padStart(2, '0')},${i % 900 + 1} Broadway,10005,New York,US`);
    }
    rows.push({
      i, id: randomId('cus'), email, company, csvRow, ndev: counts[i], dev0,
      sortKey: company.normalize('NFKC').toLowerCase(),
      pfx: (company.replace(/[^A-Za-z]/g, '').slice(0, 3) || 'JP').toUpperCase() + i.toString(36).toUpperCase(),
      created: now - 30 * DAY - Math.floor(rnd() * 1000 * DAY),
    });
    dev0 += counts[i];
  }
  return rows;
}

// ---- generation -------------------------------------------------------------

// Device categories by r, a permutation of 0..DEVICES-1 (so the counts are
// exact): per million devices.
const CAT = [
  ['removed', 5000], ['threat', 8000], ['protection_off', 12000], ['defs_old', 30000], ['offline', 48000],
  ['lag_offline', 2000], ['lag_risk_offline', 500], ['lag_defs', 1000], ['lag_online', 500],
  ['awake', 40000], // protected and seen minutes ago (the rest: 3 % of them seen 1-2 days ago)
];

function generate(db, partner, loginId, now) {
  const t0 = performance.now();
  const plan = customerPlan(CUSTOMERS, now);
  const dir = mkdtempSync(join(tmpdir(), 'steward-bench-'));
  try {
    const file = join(dir, 'oms.csv');
    writeFileSync(file, ['type,email,first_name,last_name,company,industry,website,phone,street,postal_code,city,country',
      ...plan.map((c) => c.csvRow)].join('\n') + '\n');
    try {
      execFileSync(stewardctl, ['oms', 'import', '--db', db, '--partner', partner, file], { stdio: 'pipe', encoding: 'utf8' });
    } catch (e) {
      throw new Error(`stewardctl oms import: ${String(e.stderr).slice(0, 2000)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const tOms = performance.now();

  const pols = sql(db, `SELECT id, platform FROM policies WHERE partner_id = ${q(partner)} AND customer_id IS NULL ORDER BY created_at, id`);
  const polWs = pols.find((p) => p[1] === 'workstation')[0], polSrv = pols.find((p) => p[1] === 'server')[0];
  const scale = DEVICES / 1e6;
  const bounds = [];
  let acc = 0;
  for (const [name, per] of CAT) { bounds.push([name, acc, acc + Math.round(per * scale)]); acc += Math.round(per * scale); }
  const B = Object.fromEntries(bounds.map(([n, a, b]) => [n, [a, b]]));
  const inCat = (name) => `r >= ${B[name][0]} AND r < ${B[name][1]}`;
  const P = q(partner);
  const NOW = now;
  const out = [];
  const push = (s) => out.push(s);

  push(pg ? 'SET session_replication_role = replica;\nSET maintenance_work_mem = \'256MB\';\nSET work_mem = \'64MB\';\nBEGIN;'
    : 'PRAGMA cache_size = -400000;\nBEGIN;');
  push(`CREATE TABLE bench_c (i INTEGER PRIMARY KEY, id TEXT NOT NULL, email TEXT NOT NULL, sort_key TEXT NOT NULL,
    pfx TEXT NOT NULL, ndev INTEGER NOT NULL, dev0 INTEGER NOT NULL, created BIGINT NOT NULL);`);
  for (let k = 0; k < plan.length; k += 1000) {
    push('INSERT INTO bench_c VALUES ' + plan.slice(k, k + 1000).map((c) =>
      `(${c.i}, ${q(c.id)}, ${q(c.email)}, ${q(c.sortKey)}, ${q(c.pfx)}, ${c.ndev}, ${c.dev0}, ${c.created})`).join(',\n') + ';');
  }
  // Customers: the OMS record's details, managed with the partner's two
  // global policies (as `POST .../customers` with mode global writes).
  push(`INSERT INTO customers (id, partner_id, oms_record_id, company, email, contact_person, phone, industry, website,
      street, postal_code, city, country, management, sort_key, search_text, created_by, created_at, updated_at)
    SELECT b.id, o.partner_id, o.id, o.company, o.email, o.first_name || ' ' || o.last_name, o.phone, o.industry,
      o.website, o.street, o.postal_code, o.city, o.country, 'global', b.sort_key,
      b.sort_key || ${D.nl} || lower(o.email) || ${D.nl} || lower(o.first_name || ' ' || o.last_name) || ${D.nl} ||
      replace(o.phone, '+', ''), ${q(loginId)}, b.created, b.created
    FROM bench_c b JOIN oms_records o ON o.partner_id = ${P} AND o.email = b.email ORDER BY b.i;`);
  push(`INSERT INTO policy_assignments (partner_id, policy_id, customer_id, created_at)
    SELECT ${P}, p.id, b.id, b.created FROM bench_c b CROSS JOIN policies p WHERE p.id IN (${q(polWs)}, ${q(polSrv)});`);
  push(`INSERT INTO customer_defaults (partner_id, customer_id, platform, policy_id)
    SELECT ${P}, b.id, p.platform, p.id FROM bench_c b CROSS JOIN policies p WHERE p.id IN (${q(polWs)}, ${q(polSrv)});`);

  // Subscriptions: pay-as-you-go for every customer (seats: its devices),
  // a trial for every 8th, a prepaid year for every 6th, an expired one
  // for every 33rd.
  const subs = [], periods = [];
  const today = day(NOW);
  const svc = ['essential_business', 'premium_business', 'ultimate_business'];
  for (const c of plan) {
    const start = Math.max(c.created, NOW - 700 * DAY);
    subs.push(`(${q(c.id)}, ${q(svc[c.i % 3])}, ${P}, 'payg', 'active', ${Math.max(1, c.ndev)}, ${q(day(start))}, NULL, NULL, NULL, ${start}, ${start})`);
    periods.push(`(${q(orderedId('pgp', start * 1e6 + c.i))}, ${P}, ${q(c.id)}, ${q(svc[c.i % 3])}, ${Math.max(1, c.ndev)}, ${start}, NULL)`);
    if (c.i % 8 === 0) {
      const s = NOW - (c.i % 25) * DAY;
      subs.push(`(${q(c.id)}, 'patch_management', ${P}, 'trial', 'active', 25, ${q(day(s))}, ${q(day(s + 30 * DAY))}, ${q(day(s))}, ${q(day(s + 30 * DAY))}, ${s}, ${s})`);
    }
    if (c.i % 6 === 0) {
      const s = NOW - (365 - (c.i % 300)) * DAY;
      subs.push(`(${q(c.id)}, 'cloud_backup', ${P}, 'prepaid', 'active', ${10 + (c.i % 40)}, ${q(day(s))}, ${q(day(s + 365 * DAY))}, NULL, NULL, ${s}, ${s})`);
    }
    if (c.i % 33 === 0) {
      const s = NOW - (395 + (c.i % 30)) * DAY;
      subs.push(`(${q(c.id)}, 'premium_remote_control', ${P}, 'prepaid', 'expired', 5, ${q(day(s))}, ${q(day(s + 365 * DAY))}, NULL, NULL, ${s}, ${s + 365 * DAY})`);
    }
  }
  for (let k = 0; k < subs.length; k += 2000) {
    push(`INSERT INTO subscriptions (customer_id, service_key, partner_id, kind, status, seats, starts_on, ends_on,
      trial_started_on, trial_ends_on, created_at, updated_at) VALUES ${subs.slice(k, k + 2000).join(',\n')};`);
  }
  for (let k = 0; k < periods.length; k += 2000) {
    push(`INSERT INTO payg_periods (id, partner_id, customer_id, service_key, seats, start_at, end_at) VALUES ${periods.slice(k, k + 2000).join(',\n')};`);
  }

  // Devices. n numbers them 0..DEVICES-1 in customer order; r (a
  // permutation of n) picks the category, u spreads times.
  const u = (k) => `((n * ${2654435761 + k * 2}) % 1000003)`;
  const recent = `${NOW} - ${u(1)} % 1200`;
  const past7 = (spread) => `${NOW} - ${7 * DAY + 7200} - ${u(2)} % ${spread}`;
  push(`INSERT INTO devices (id, partner_id, customer_id, site_id, hardware_id, hostname, sort_key, platform, os, kernel,
      agent_version, ip_addresses, booted_at, secret_hash, policy_id, overrides, override_revision, protection,
      definitions_at, open_threats, state_hash, commands, policy_push, enrolled_at, last_seen, seen_mark, removed_at, status)
    SELECT 'dev_' || ${sym('n * 40503 + 12345', 8)} || ${sym(`(n * 2654435761) % 1099511627776`, 8)},
      ${P}, cid, NULL, 'hw-' || ${D.hex('n', 8)} || '-' || ${D.hex(u(3), 6)}, hostname, lower(hostname),
      CASE WHEN srv THEN 'server' ELSE 'workstation' END,
      CASE WHEN srv THEN (CASE WHEN n % 3 = 0 THEN 'Ubuntu 22.04 LTS' ELSE 'Windows Server 2022' END)
        ELSE (CASE n % 10 WHEN 0 THEN 'Ubuntu 24.04 LTS' WHEN 1 THEN 'Windows 10 Pro 22H2' WHEN 2 THEN 'macOS 14.6'
          ELSE 'Windows 11 Pro 23H2' END) END,
      CASE WHEN n % 10 = 0 OR (srv AND n % 3 = 0) THEN '6.8.0-45-generic' ELSE '' END,
      CASE WHEN n % 7 = 0 THEN '0.9.4' ELSE '1.0.0' END,
      '["10.' || ((n / 65536) % 256) || '.' || ((n / 256) % 256) || '.' || (n % 256) || '"]',
      last_seen - ${u(4)} % ${14 * DAY},
      ${D.hex('n', 8)} || ${D.hex(u(5), 6)} || ${D.hex(u(6), 6)} || ${D.hex(u(7), 6)} || ${D.hex(u(8), 6)} ||
        ${D.hex(u(9), 6)} || ${D.hex(u(10), 6)} || ${D.hex(u(11), 6)} || ${D.hex(u(12), 6)} || ${D.hex(u(13), 6)} || '00',
      NULL, '{}', 0, protection, defs, threats,
      ${D.hex(u(14), 6)} || ${D.hex(u(15), 6)} || ${D.hex(u(16), 6)} || ${D.hex(u(17), 6)} || ${D.hex(u(18), 6)} ||
        ${D.hex(u(19), 6)} || ${D.hex(u(20), 6)} || ${D.hex(u(21), 6)} || ${D.hex(u(22), 6)} || ${D.hex(u(23), 6)} || '0000',
      '', 0, ${NOW} - ${130 * DAY} - ${u(24)} % ${600 * DAY}, last_seen, last_seen, removed_at, status
    FROM (SELECT n, r, cid, srv, hostname, protection, threats, last_seen, removed_at, status,
        CASE WHEN defs_age IS NULL THEN NULL ELSE last_seen - defs_age END AS defs
      FROM (SELECT n, r, cid, srv,
          pfx || CASE WHEN srv THEN '-SRV-' ELSE '-WS-' END || ${D.pad('k', 4)} AS hostname,
          CASE WHEN ${inCat('protection_off')} OR ${inCat('lag_risk_offline')} THEN 'off' ELSE 'on' END AS protection,
          CASE WHEN ${inCat('threat')} THEN 1 ELSE 0 END AS threats,
          CASE
            WHEN ${inCat('removed')} THEN ${NOW} - ${u(25)} % ${90 * DAY} - ${DAY}
            WHEN ${inCat('offline')} THEN ${past7(113 * DAY)}
            WHEN ${inCat('lag_offline')} THEN ${past7(2 * DAY)}
            WHEN ${inCat('lag_risk_offline')} THEN ${past7(DAY)}
            WHEN r >= ${B.awake[1]} AND ${u(26)} % 100 < 3 THEN ${NOW} - ${DAY} - ${u(1)} % ${DAY}
            ELSE ${recent} END AS last_seen,
          CASE WHEN ${inCat('removed')} THEN ${NOW} - ${u(25)} % ${90 * DAY} END AS removed_at,
          CASE
            WHEN ${inCat('defs_old')} THEN ${3 * DAY + 7200} + ${u(27)} % ${17 * DAY}
            WHEN ${inCat('lag_defs')} THEN ${3 * DAY + 7200} + ${u(27)} % ${DAY}
            ELSE ${u(27)} % 43200 END AS defs_age,
          CASE
            WHEN ${inCat('removed')} THEN 'removed'
            WHEN ${inCat('offline')} OR ${inCat('lag_online')} THEN 'offline'
            WHEN ${inCat('threat')} OR ${inCat('protection_off')} OR ${inCat('defs_old')} OR ${inCat('lag_risk_offline')} THEN 'at_risk'
            ELSE 'protected' END AS status
        FROM (SELECT ${D.big('c.dev0 + s.value - 1')} AS n, (${D.big('c.dev0 + s.value - 1')} * 48271) % ${DEVICES} AS r,
            c.id AS cid, c.pfx, s.value AS k, (s.value % 12 = 0) AS srv
          FROM bench_c c ${D.series('c.ndev', 's')}) g) h) x;`);
  // Defs for the lagging "definitions" devices are measured from now, not
  // from last_seen (they were seen minutes ago): last_seen - age is within
  // 20 minutes of that, inside the two hours' margin.

  // Threats on the devices that have them (unresolved).
  push(`INSERT INTO device_threats (id, partner_id, customer_id, device_id, name, path, action, detected_at, reported_at, resolved)
    SELECT 'thr_' || substr(d.id, 5), d.partner_id, d.customer_id, d.id,
      CASE WHEN d.last_seen % 3 = 0 THEN 'Win.Trojan.Agent-1234' WHEN d.last_seen % 3 = 1 THEN 'Eicar-Signature' ELSE 'Win.Ransomware.Locky-9' END,
      CASE WHEN d.platform = 'server' THEN '/srv/share/setup_' ELSE 'C:\\Users\\Public\\Downloads\\invoice_' END || (d.last_seen % 1000) || '.exe',
      CASE WHEN d.last_seen % 2 = 0 THEN 'reported' ELSE 'quarantined' END,
      ${NOW} - (d.last_seen * 7919) % ${14 * DAY}, d.last_seen, 0
    FROM devices d JOIN bench_c b ON b.id = d.customer_id WHERE d.open_threats > 0;`);

  // Alerts: one open alert per at-risk or offline device for its reason
  // (not for the lagging ones: the sweep has not reached them), with the
  // times the sweep or check-in would have given them; non-device alerts
  // for trials and expired terms; resolved ones in the last two months.
  const alertCols = `id, partner_id, customer_id, device_id, type, severity, subject, data, status, count, first_seen,
      last_seen, open_key, changed_by, changed_by_name, changed_at, note, closed_at`;
  const aid = (fs, k) => `'alr_' || ${sym(`${fs} * 1000000 + (${k}) % 1000000`, 11)} || ${sym(`((${k}) * 2654435761) % 1099511627776`, 8)}`;
  const okey = (k, salt) => `${D.hex(`${k} + ${salt}`, 8)} || ${D.hex(`((${k}) * 2654435761) % 4294967296`, 8)} || ` +
    `${D.hex(`((${k}) * 40503 + ${salt}) % 4294967296`, 8)} || ${D.hex(`((${k}) * 48271) % 4294967296`, 8)} || ` +
    `'${'0'.repeat(32)}'`;
  push(`INSERT INTO alerts (${alertCols})
    SELECT ${aid('fs', 'k')}, partner_id, customer_id, id, type, severity, subject, data, 'open', 1, fs, fs,
      ${okey('k', 0)}, NULL, NULL, NULL, '', NULL
    FROM (SELECT row_number() OVER (ORDER BY d.id) AS k, d.*,
        CASE
          WHEN d.open_threats > 0 THEN 'threat_detected'
          WHEN d.status = 'offline' THEN 'device_offline'
          WHEN d.protection = 'off' THEN 'protection_off'
          ELSE 'definitions_outdated' END AS type,
        CASE
          WHEN d.open_threats > 0 THEN 'critical'
          WHEN d.protection = 'off' AND d.status = 'at_risk' THEN 'high'
          ELSE 'medium' END AS severity,
        CASE WHEN d.open_threats > 0 THEN t.name || ${D.nl} || t.path ELSE '' END AS subject,
        CASE
          WHEN d.open_threats > 0 THEN t.detected_at
          WHEN d.status = 'offline' AND d.last_seen < ${NOW - 7 * DAY} THEN d.last_seen + ${7 * DAY} + d.last_seen % 60
          WHEN d.status = 'offline' THEN ${NOW - DAY} - d.last_seen % ${5 * DAY}
          WHEN d.protection = 'off' THEN ${NOW} - d.last_seen % ${30 * DAY}
          ELSE d.definitions_at + ${3 * DAY} + d.last_seen % 60 END AS fs,
        CASE
          WHEN d.open_threats > 0 THEN '{"hostname":"' || d.hostname || '","name":"' || t.name || '","path":"' ||
            replace(t.path, '\\', '\\\\') || '","action":"' || t.action || '","detected_at":"' || ${D.iso('t.detected_at')} || '"}'
          WHEN d.status = 'offline' THEN '{"hostname":"' || d.hostname || '","last_seen":"' || ${D.iso('d.last_seen')} ||
            '","offline_days":7}'
          WHEN d.protection = 'off' THEN '{"hostname":"' || d.hostname || '"}'
          ELSE '{"hostname":"' || d.hostname || '","definitions_updated_at":"' || ${D.iso('d.definitions_at')} || '"}' END AS data
      FROM devices d JOIN bench_c b ON b.id = d.customer_id
      LEFT JOIN device_threats t ON t.device_id = d.id
      WHERE d.status IN ('at_risk', 'offline')) a;`);
  // The history: resolved alerts of devices protected now.
  push(`INSERT INTO alerts (${alertCols})
    SELECT ${aid('fs', 'k + 2000000')}, partner_id, customer_id, id, type, severity, subject,
      '{"hostname":"' || hostname || '"}', 'resolved', 1, fs, fs, NULL, NULL, NULL, fs + gap, note, fs + gap
    FROM (SELECT k, partner_id, customer_id, id, hostname, ${NOW - 3 * DAY - 7200} - (k * 104729) % ${57 * DAY} AS fs,
        600 + (k * 7919) % ${3 * DAY} AS gap,
        CASE k / 22 % 10 WHEN 9 THEN 'threat_detected' WHEN 8 THEN 'device_offline' WHEN 7 THEN 'device_offline'
          WHEN 6 THEN 'device_offline' ELSE 'definitions_outdated' END AS type,
        CASE k / 22 % 10 WHEN 9 THEN 'critical' ELSE 'medium' END AS severity,
        CASE k / 22 % 10 WHEN 9 THEN 'Eicar-Signature' || ${D.nl} || 'C:\\Users\\Public\\Downloads\\eicar.com' ELSE '' END AS subject,
        CASE k / 22 % 10 WHEN 9 THEN 'the threat was removed' WHEN 8 THEN 'the device checked in again'
          WHEN 7 THEN 'the device checked in again' WHEN 6 THEN 'the device checked in again'
          ELSE 'definitions are up to date' END AS note
      FROM (SELECT row_number() OVER (ORDER BY d.id) AS k, d.* FROM devices d JOIN bench_c b ON b.id = d.customer_id
        WHERE d.status = 'protected' AND d.last_seen >= ${NOW - 3 * DAY}) z
      WHERE k % 22 = 0) y;`);

  // Subscription alerts: trial ending (low) for 700 trial customers,
  // subscription ended (high) for 300 expired terms.
  const subAlerts = [];
  const trials = plan.filter((c) => c.i % 8 === 0).slice(0, Math.round(700 * scale));
  const ended = plan.filter((c) => c.i % 33 === 0).slice(0, Math.round(300 * scale));
  trials.forEach((c, k) => {
    const fs = NOW - 3600 - (k * 7919) % (6 * DAY);
    subAlerts.push(`(${q(orderedId('alr', fs * 1e6 + k))}, ${P}, ${q(c.id)}, NULL, 'trial_ending', 'low', 'patch_management', ` +
      `'{"service_key":"patch_management"}', 'open', 1, ${fs}, ${fs}, ${q(randomBytes(32).toString('hex'))}, NULL, NULL, NULL, '', NULL)`);
  });
  ended.forEach((c, k) => {
    const fs = NOW - 3600 - (k * 7919) % (25 * DAY);
    subAlerts.push(`(${q(orderedId('alr', fs * 1e6 + k + 5000))}, ${P}, ${q(c.id)}, NULL, 'subscription_ended', 'high', 'premium_remote_control', ` +
      `'{"service_key":"premium_remote_control"}', 'open', 1, ${fs}, ${fs}, ${q(randomBytes(32).toString('hex'))}, NULL, NULL, NULL, '', NULL)`);
  });
  if (subAlerts.length) push(`INSERT INTO alerts (${alertCols}) VALUES ${subAlerts.join(',\n')};`);

  if (pg) {
    // Triggers were off for the load (session_replication_role): the
    // counters they keep, from one GROUP BY each.
    push(`INSERT INTO device_stats (customer_id, partner_id, protected, at_risk, offline)
      SELECT customer_id, partner_id, count(*) FILTER (WHERE status = 'protected'),
        count(*) FILTER (WHERE status = 'at_risk'), count(*) FILTER (WHERE status = 'offline')
      FROM devices WHERE customer_id IN (SELECT id FROM bench_c) GROUP BY customer_id, partner_id;`);
    push(`INSERT INTO alert_stats (customer_id, partner_id, critical, high, medium, low)
      SELECT customer_id, partner_id, count(*) FILTER (WHERE severity = 'critical'),
        count(*) FILTER (WHERE severity = 'high'), count(*) FILTER (WHERE severity = 'medium'),
        count(*) FILTER (WHERE severity = 'low')
      FROM alerts WHERE status = 'open' AND customer_id IN (SELECT id FROM bench_c) GROUP BY customer_id, partner_id;`);
    // And each customer's risk, kept beside them (migration 0033).
    push(`INSERT INTO customer_risk (customer_id, partner_id, sort_key, risk)
      SELECT c.id, c.partner_id, c.sort_key, n.risk FROM customers c JOIN customer_risk_now n ON n.customer_id = c.id
      WHERE c.id IN (SELECT id FROM bench_c);`);
    // And the partner's days (migration 0037), counted again whole.
    push(`DELETE FROM alert_days WHERE partner_id = ${P};`);
    push(`INSERT INTO alert_days (partner_id, day, raised, resolved)
      SELECT partner_id, day, sum(r), sum(s) FROM (
        SELECT partner_id, first_seen / 86400 AS day, 1 AS r, 0 AS s FROM alerts WHERE partner_id = ${P}
        UNION ALL SELECT partner_id, closed_at / 86400, 0, 1 FROM alerts
        WHERE partner_id = ${P} AND status = 'resolved' AND closed_at IS NOT NULL) x
      GROUP BY partner_id, day;`);
  }
  push('DROP TABLE bench_c;');
  push('COMMIT;');
  push(pg ? 'SET session_replication_role = origin;' : 'PRAGMA wal_checkpoint(TRUNCATE);');
  script(db, out.join('\n'));
  const tLoad = performance.now();
  if (pg) {
    // The state autovacuum reaches shortly after a bulk load.
    execFileSync('psql', [db, '-XAq', '-c', 'VACUUM (ANALYZE)'], { stdio: 'pipe' });
  }
  const tVac = performance.now();
  return { oms: (tOms - t0) / 1000, load: (tLoad - tOms) / 1000, vacuum: (tVac - tLoad) / 1000 };
}

// ---- exactness --------------------------------------------------------------

// The device counts by real status, as DEVICE_STATUS_EXPR (store_int.h)
// decides it now, and the open alerts by severity: straight from the rows.
function truth(db, partner, customerId = null) {
  const now = Math.floor(Date.now() / 1000);
  const days = Number(sql(db, `SELECT device_offline_days FROM accounts WHERE id = ${q(partner)}`)[0][0]) || 7;
  // (One customer: by its id alone, which the devices_customer index serves.)
  const cust = customerId ? `d.customer_id = ${q(customerId)}` : `d.partner_id = ${q(partner)}`;
  const dev = { protected: 0, at_risk: 0, offline: 0 };
  for (const [s, n] of sql(db, `SELECT CASE WHEN d.last_seen < ${now - days * DAY} THEN 'offline'
      WHEN d.protection IS NULL OR d.protection = 'off' OR d.definitions_at IS NULL
        OR d.definitions_at < ${now - 3 * DAY} OR d.open_threats > 0 THEN 'at_risk' ELSE 'protected' END, count(*)
      FROM devices d WHERE ${cust} AND d.removed_at IS NULL GROUP BY 1`)) dev[s] = Number(n);
  const al = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const [s, n] of sql(db, `SELECT severity, count(*) FROM alerts a WHERE
      ${customerId ? `a.customer_id = ${q(customerId)}` : `a.partner_id = ${q(partner)}`} AND status = 'open' GROUP BY severity`)) al[s] = Number(n);
  return { dev, al };
}

// The trigger-kept counters equal the GROUP BY of the rows they count.
function countersMatch(db) {
  const dev = sql(db, `SELECT count(*) FROM (
      SELECT customer_id, protected, at_risk, offline FROM device_stats WHERE protected + at_risk + offline > 0
      EXCEPT SELECT customer_id, count(*) FILTER (WHERE status = 'protected'), count(*) FILTER (WHERE status = 'at_risk'),
        count(*) FILTER (WHERE status = 'offline') FROM devices WHERE status != 'removed' GROUP BY customer_id) x`)[0][0];
  const dev2 = sql(db, `SELECT count(*) FROM (
      SELECT customer_id, count(*) FILTER (WHERE status = 'protected'), count(*) FILTER (WHERE status = 'at_risk'),
        count(*) FILTER (WHERE status = 'offline') FROM devices WHERE status != 'removed' GROUP BY customer_id
      EXCEPT SELECT customer_id, protected, at_risk, offline FROM device_stats) x`)[0][0];
  const al = sql(db, `SELECT count(*) FROM (
      SELECT customer_id, critical, high, medium, low FROM alert_stats WHERE critical + high + medium + low > 0
      EXCEPT SELECT customer_id, count(*) FILTER (WHERE severity = 'critical'), count(*) FILTER (WHERE severity = 'high'),
        count(*) FILTER (WHERE severity = 'medium'), count(*) FILTER (WHERE severity = 'low')
      FROM alerts WHERE status = 'open' GROUP BY customer_id) x`)[0][0];
  const al2 = sql(db, `SELECT count(*) FROM (
      SELECT customer_id, count(*) FILTER (WHERE severity = 'critical'), count(*) FILTER (WHERE severity = 'high'),
        count(*) FILTER (WHERE severity = 'medium'), count(*) FILTER (WHERE severity = 'low')
      FROM alerts WHERE status = 'open' GROUP BY customer_id
      EXCEPT SELECT customer_id, critical, high, medium, low FROM alert_stats) x`)[0][0];
  // Every customer's kept risk equals the one its counters give.
  const risk = sql(db, `SELECT count(*) FROM customers c LEFT JOIN customer_risk k ON k.customer_id = c.id
      JOIN customer_risk_now n ON n.customer_id = c.id WHERE k.risk IS NULL OR k.risk != n.risk OR k.sort_key != c.sort_key`)[0][0];
  // Every partner's days equal those its alerts give (migration 0037).
  const days = `SELECT partner_id, day, sum(r) AS raised, sum(s) AS resolved FROM (
      SELECT partner_id, first_seen / 86400 AS day, 1 AS r, 0 AS s FROM alerts
      UNION ALL SELECT partner_id, closed_at / 86400, 0, 1 FROM alerts WHERE status = 'resolved' AND closed_at IS NOT NULL) x
      GROUP BY partner_id, day`;
  const ad = sql(db, `SELECT count(*) FROM (SELECT partner_id, day, raised, resolved FROM alert_days
      WHERE raised + resolved > 0 EXCEPT ${days}) x`)[0][0];
  const ad2 = sql(db, `SELECT count(*) FROM (${days} EXCEPT SELECT partner_id, day, raised, resolved FROM alert_days) x`)[0][0];
  return [dev, dev2, al, al2, risk, ad, ad2].every((x) => x === '0');
}

const same = (a, b) => Object.keys(b).every((k) => a[k] === b[k]);

async function checkExact(admin, db, partner) {
  const d = (await get(admin, `/api/v1/accounts/${partner}/dashboard`)).json;
  const t = truth(db, partner);
  const customers = Number(sql(db, `SELECT count(*) FROM customers WHERE partner_id = ${q(partner)} AND deleted_at IS NULL`)[0][0]);
  const problems = [];
  if (!same(d.devices, t.dev)) problems.push(`devices ${JSON.stringify(d.devices)} != ${JSON.stringify(t.dev)}`);
  if (!same(d.alerts, t.al)) problems.push(`alerts ${JSON.stringify(d.alerts)} != ${JSON.stringify(t.al)}`);
  if (d.customers !== customers) problems.push(`customers ${d.customers} != ${customers}`);
  // Rows: the first risk page, each customer against its own count.
  const rows = (await get(admin, `/api/v1/accounts/${partner}/dashboard/customers?limit=20`)).json.customers;
  for (const r of rows) {
    const c = truth(db, partner, r.customer_id);
    if (!same(r.devices, c.dev) || !same(r.alerts, c.al)) {
      problems.push(`row ${r.customer_id}: ${JSON.stringify([r.devices, r.alerts])} != ${JSON.stringify([c.dev, c.al])}`);
    }
  }
  // The chart: raised and resolved over the 30 days, against the rows.
  const since = Math.floor(Date.now() / 1000 / DAY - 29) * DAY;
  const [raised, resolved] = sql(db, `SELECT (SELECT count(*) FROM alerts WHERE partner_id = ${q(partner)}
      AND first_seen >= ${since}), (SELECT count(*) FROM alerts WHERE partner_id = ${q(partner)}
      AND status = 'resolved' AND closed_at >= ${since})`)[0].map(Number);
  const sum = (k) => d.alert_days.reduce((a, x) => a + x[k], 0);
  if (sum('raised') !== raised || sum('resolved') !== resolved) {
    problems.push(`chart ${sum('raised')}/${sum('resolved')} != ${raised}/${resolved}`);
  }
  // Pages: three of 40 through the cursor are the first 120 in one.
  for (const sort of ['risk', 'name']) {
    const one = (await get(admin, `/api/v1/accounts/${partner}/dashboard/customers?sort=${sort}&limit=120`)).json.customers;
    let paged = [], cursor = '';
    for (let i = 0; i < 3; i++) {
      const r = (await get(admin, `/api/v1/accounts/${partner}/dashboard/customers?sort=${sort}&limit=40${cursor}`)).json;
      paged = paged.concat(r.customers);
      cursor = `&cursor=${encodeURIComponent(r.next_cursor)}`;
    }
    if (JSON.stringify(one.map((c) => c.customer_id)) !== JSON.stringify(paged.map((c) => c.customer_id))) {
      problems.push(`sort=${sort}: pages through the cursor differ from one page`);
    }
  }
  return { d, t, problems };
}

// ---- measuring --------------------------------------------------------------

function stats(ms) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s[s.length - 1] };
}

// A GET; once more when the server had closed the idle connection the
// client reused (Kore's keep-alive timeout, after a long pause).
async function get(c, path) {
  try {
    return await c.req('GET', path);
  } catch (e) {
    if (!/fetch failed/.test(String(e))) throw e;
    return c.req('GET', path);
  }
}

async function timed(c, path) {
  let t = performance.now();
  let r;
  try {
    r = await c.req('GET', path);
  } catch (e) {
    if (!/fetch failed/.test(String(e))) throw e;
    t = performance.now();
    r = await c.req('GET', path);
  }
  const ms = performance.now() - t;
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.text}`);
  return ms;
}

async function measure(admin, path) {
  for (let i = 0; i < 5; i++) await timed(admin, path);
  const seq = [];
  for (let i = 0; i < REQUESTS; i++) seq.push(await timed(admin, path));
  const con = [];
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    const c = new Client(admin.base);
    c.cookies = new Map(admin.cookies);
    for (let i = 0; i < REQUESTS; i++) con.push(await timed(c, path));
  }));
  return { seq: stats(seq), con: stats(con) };
}

function busy() {
  try {
    const out = execFileSync('pgrep', ['-fa', 'agentsim|wrk |ci/run|run-node-tests|scripts/test.sh'], { encoding: 'utf8' });
    // Kore's own workers are named "kore [wrk N]": not a load generator.
    return out.split('\n').filter((l) => l && !/kore \[wrk/.test(l)).length > 0;
  } catch { return false; }
}

async function quiet(what) {
  if (process.env.BENCH_NO_WAIT === '1') return;
  while (busy()) {
    console.error(`(${what}: another benchmark or test run is going; waiting)`);
    await new Promise((r) => setTimeout(r, 60000));
  }
}

// ---- main -------------------------------------------------------------------

const fmt = (x) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
let db, drop = () => {};
if (process.env.BENCH_DB) {
  db = process.env.BENCH_DB;
  await ctlOk(['init', '--db', db]); // new migrations, if any
} else {
  ({ url: db, drop } = freshDatabase());
  await ctlOk(['init', '--db', db]);
  await ctlOk(['demo', '--db', db]);
}
let srv;
try {
  const partner = sql(db, `SELECT a.id FROM accounts a JOIN memberships m ON m.account_id = a.id
    JOIN logins l ON l.id = m.login_id WHERE l.email_norm = ${q(demoUsers.admin.email)} AND a.kind = 'partner'`)[0][0];
  if (!process.env.BENCH_DB) {
    const loginId = sql(db, `SELECT id FROM logins WHERE email_norm = ${q(demoUsers.admin.email)}`)[0][0];
    await quiet('data generation');
    const t = generate(db, partner, loginId, Math.floor(Date.now() / 1000));
    console.log(`Generated in ${(t.oms + t.load + t.vacuum).toFixed(0)} s (OMS import ${t.oms.toFixed(1)} s, ` +
      `SQL load ${t.load.toFixed(1)} s${pg ? `, VACUUM ANALYZE ${t.vacuum.toFixed(1)} s` : ''})`);
  }
  if (!countersMatch(db)) throw new Error('device_stats, alert_stats or customer_risk differ from what their rows give');
  const n = sql(db, `SELECT (SELECT count(*) FROM customers WHERE partner_id = ${q(partner)}),
    (SELECT count(*) FROM devices WHERE partner_id = ${q(partner)}),
    (SELECT count(*) FROM devices WHERE partner_id = ${q(partner)} AND removed_at IS NULL),
    (SELECT count(*) FROM alerts WHERE partner_id = ${q(partner)} AND status = 'open'),
    (SELECT count(*) FROM alerts WHERE partner_id = ${q(partner)} AND status = 'resolved'),
    (SELECT max(protected + at_risk + offline) FROM device_stats WHERE partner_id = ${q(partner)})`)[0].map(Number);
  console.log(`Backend: ${backend}; one partner: ${n[0]} customers, ${n[1]} devices (${n[2]} not removed; ` +
    `the largest customer ${n[5]}), ${n[3]} open alerts, ${n[4]} resolved`);

  const extra = (process.env.BENCH_SERVE_ARGS || '').split(' ').filter(Boolean);
  srv = await startServer({ db, args: ['--no-jobs', ...extra] });
  const admin = new Client(srv.url);
  await admin.signIn(demoUsers.admin);
  const base = `/api/v1/accounts/${partner}`;

  const ex = await checkExact(admin, db, partner);
  const lagging = truth(db, partner).dev.protected -
    Number(sql(db, `SELECT count(*) FROM devices WHERE partner_id = ${q(partner)} AND status = 'protected'`)[0][0]);
  console.log(`Dashboard: ${JSON.stringify(ex.d.devices)}, alerts ${JSON.stringify(ex.d.alerts)}`);
  console.log(`Stored 'protected' minus real protected: ${-lagging} (devices whose stored status lags)`);
  if (ex.problems.length) throw new Error(`figures are not exact:\n  ${ex.problems.join('\n  ')}`);
  console.log('Exact: devices by real status, open alerts by severity, customers and the chart equal direct counts; ' +
    'so do the first 20 rows; pages through the cursor equal one long page.');

  // A large customer (most critical alerts) and a page 20 pages on.
  const big = sql(db, `SELECT customer_id FROM alert_stats WHERE partner_id = ${q(partner)} ORDER BY critical DESC, customer_id LIMIT 1`)[0][0];
  const crit = `${base}/alerts?status=open&severity=critical`;
  let cursor = null;
  for (let i = 0; i < 20; i++) {
    const r = await get(admin, crit + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''));
    if (!r.json.next_cursor) break;
    cursor = r.json.next_cursor;
  }
  const word = 'harbor';
  const targets = [
    ['GET .../dashboard', `${base}/dashboard`],
    ['GET .../dashboard/customers (sort=risk, first page)', `${base}/dashboard/customers`],
    ['GET .../dashboard/customers?sort=name', `${base}/dashboard/customers?sort=name`],
    [`GET .../dashboard/customers?q=${word}`, `${base}/dashboard/customers?q=${word}`],
    ['GET .../alerts?status=open&severity=critical', crit],
    ['... &customer_id= (the customer with most critical)', `${crit}&customer_id=${big}`],
    ['... page 21 (cursor)', `${crit}&cursor=${encodeURIComponent(cursor)}`],
  ];
  await quiet('measurement');
  console.log();
  console.log(`${REQUESTS} sequential requests each (after 5 to warm up), then ${CLIENTS} clients x ${REQUESTS} at once; ms:`);
  console.log('| request | p50 | p95 | p99 | max | p50 | p95 | p99 | ' + `(${CLIENTS} clients)`);
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  const results = [];
  for (const [name, path] of targets) {
    const m = await measure(admin, path);
    results.push({ name, ...m });
    console.log(`| ${name} | ${fmt(m.seq.p50)} | ${fmt(m.seq.p95)} | ${fmt(m.seq.p99)} | ${fmt(m.seq.max)} | ` +
      `${fmt(m.con.p50)} | ${fmt(m.con.p95)} | ${fmt(m.con.p99)} |`);
  }
  const after = await checkExact(admin, db, partner);
  if (after.problems.length) throw new Error(`figures are not exact after the run:\n  ${after.problems.join('\n  ')}`);
  const missed = results.filter((r) => r.seq.p95 >= 50);
  console.log();
  console.log(missed.length ? `Missed (sequential p95 >= 50 ms): ${missed.map((r) => r.name).join('; ')}`
    : 'Every sequential p95 is under 50 ms.');
  if (KEEP) console.log(`Database kept: ${db}`);
} finally {
  if (srv) await srv.stop().catch((e) => console.error(String(e).slice(0, 2000)));
  if (!KEEP && !process.env.BENCH_DB) drop();
}

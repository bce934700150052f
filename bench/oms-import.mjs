// The OMS import at a distributor's scale: `stewardctl oms import` of a
// file of BENCH_RECORDS OMS records (the rows bench/customers.mjs loads: a
// fifth Japanese, every tenth incomplete) into a fresh database, first as
// a dry run (every row checked, nothing written), then for real. Each run
// is measured by /usr/bin/time -v: wall clock, CPU (user + system), rows
// per second and the largest resident set.
//
//   node bench/oms-import.mjs                # SQLite
//   STEWARD_TEST_DB=pg STEWARD_TEST_PG_URL=postgresql:///postgres?host=/path \
//     node bench/oms-import.mjs              # PostgreSQL
//
// BENCH_RECORDS (100000); BENCH_STDIN=1 pipes the file to standard input
// (`-`) instead of naming it.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ctlOk, freshDatabase, stewardctl, backend } from '../tests/lib/server.mjs';

const RECORDS = Number(process.env.BENCH_RECORDS || 100000);
const STDIN = process.env.BENCH_STDIN === '1';

const first = ['Ada', 'Grace', 'Alan', 'Linus', 'Barbara', 'Ken', 'Radia', 'Dennis', 'Frances', 'Edsger', '陽子', '翔', '健', '美咲'];
const last = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Liskov', 'Thompson', 'Perlman', 'Ritchie', 'Allen', 'Dijkstra', '佐藤', '高橋', '田中', '鈴木'];
const words = ['Alpine', 'Harbor', 'Maple', 'Cedar', 'Summit', 'Delta', 'Orion', 'Atlas', 'Nova', 'Pioneer', 'Granite', 'Willow', 'Falcon', 'Beacon'];
const kinds = ['Dental', 'Logistics', 'Legal', 'Foods', 'Clinic', 'Traders', 'Motors', 'Labs', 'Partners', 'Studios'];
const jp = ['さくら', 'ふじ', 'みなと', 'ひかり', 'あおば', 'つばさ', 'やまと', 'こだま'];
const jpKinds = ['精機', '商事', '物流', '建設', '食品', '電機'];

// Row i of bench/customers.mjs's file.
function row(i) {
  const japanese = i % 5 === 0;
  const company = japanese
    ? `株式会社${jp[i % jp.length]}${jpKinds[(i >> 3) % jpKinds.length]} ${i}`
    : `${words[i % words.length]} ${kinds[(i >> 4) % kinds.length]} ${i}`;
  const f = first[i % first.length], l = last[(i >> 2) % last.length];
  if (japanese) {
    return `business,contact${i}@co${i}.example,${f},${l},${company},manufacturing,co${i}.example,` +
      `+81 3-1234-${String(1000 + (i % 9000)).padStart(4, '0')},千代田区丸の内1-${i % 9 + 1},100-0005,東京都,JP\n`;
  }
  return `business,contact${i}@co${i}.example,${f},${l},"${company}",retail,co${i}.example,` +
    `+1 212 555 01${String(i % 100).padStart(2, '0')},${i % 900 + 1} Broadway,10005,${i % 10 === 9 ? '' : 'New York'},US\n`;
}

// The file, written a megabyte at a time.
function writeFile(path, n) {
  const fd = openSync(path, 'w');
  let s = 'type,email,first_name,last_name,company,industry,website,phone,street,postal_code,city,country\n';
  for (let i = 0; i < n; i++) {
    s += row(i);
    if (s.length > 1 << 20) {
      writeSync(fd, s);
      s = '';
    }
  }
  writeSync(fd, s);
  closeSync(fd);
}

// One run under /usr/bin/time -v: what it wrote to standard error.
function timed(args, file) {
  const cmd = `exec /usr/bin/time -v "$0" "$@"${STDIN ? ' < "$BENCH_FILE"' : ''}`;
  const r = spawnSync('sh', ['-c', cmd, stewardctl, ...args, STDIN ? '-' : file],
    { encoding: 'utf8', env: { ...process.env, BENCH_FILE: file } });
  if (r.status !== 0) throw new Error(`stewardctl ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return r.stderr;
}

function figures(text) {
  const num = (re) => Number((text.match(re) || [])[1]);
  const wall = (text.match(/Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)/) || [])[1].split(':').map(Number)
    .reduce((acc, x) => acc * 60 + x, 0);
  return {
    wall, cpu: num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/),
    rss: num(/Maximum resident set size \(kbytes\): (\d+)/),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'steward-bench-oms-'));
const db = freshDatabase();
try {
  const file = join(dir, 'oms.csv');
  writeFile(file, RECORDS);
  await ctlOk(['init', '--db', db.url]);
  const partner = await ctlOk(['partner', 'add', '--db', db.url, '--name', 'Distributor']);
  console.log(`${backend}: ${RECORDS} OMS records, ${(statSync(file).size / 1e6).toFixed(1)} MB` +
    `${STDIN ? ', from standard input' : ''}`);
  console.log('| run | wall | CPU (user + sys) | rows/s (wall) | max RSS |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, extra] of [['dry run', ['--dry-run']], ['import', []]]) {
    const f = figures(timed(['oms', 'import', '--db', db.url, '--partner', partner, ...extra], file));
    console.log(`| ${name} | ${f.wall.toFixed(1)} s | ${f.cpu.toFixed(1)} s | ${Math.round(RECORDS / f.wall)} | ` +
      `${(f.rss / 1024).toFixed(0)} MiB |`);
  }
} finally {
  db.drop();
  rmSync(dir, { recursive: true, force: true });
}

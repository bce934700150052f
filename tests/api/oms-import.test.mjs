// stewardctl oms import streams its file: a file larger than a memory
// limit allows to hold imports under that limit (from a path and from
// standard input), every row is checked before anything is written, a
// repeat far apart in the file or an address already in the OMS is found
// by line, and a terminal is shown the progress.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backend, ctl, ctlOk, freshDatabase, out, stewardctl } from '../lib/server.mjs';

// 128 MiB of address space. stewardctl itself maps 60 to 80 MiB (ICU's
// data, libphonenumber, the database libraries); the import needs about
// 25 more whatever the file's size. Holding a 10 MB file and its parsed
// rows in memory, as the import did before it streamed, does not fit.
const LIMIT_KIB = 128 * 1024;
// AddressSanitizer reserves terabytes of address space: no limit there.
const limited = !out.includes('build-san');

const header = 'type,email,first_name,last_name,company,industry,website,phone,street,postal_code,city,country\n';
const street = '丸の内一丁目'.repeat(33); // 198 characters, 594 bytes
const city = '千代田区'.repeat(25); // 100 characters, 300 bytes

// n rows of about 1 KB each (long street and city), e-mail user<i>@<tag>.
function fatRows(tag, n) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    rows.push(`business,user${i}@${tag}.example,Ann,Lee,${tag} ${i},retail,${tag}.example,+81 3-1234-5678,` +
      `${street},100-0005,${city},JP\n`);
  }
  return rows.join('');
}

// stewardctl under the memory limit, its standard input from a file.
function run(args, { input, limit = true, env = {} } = {}) {
  return new Promise((res) => {
    const cmd = limit && limited ? 'sh' : stewardctl;
    const argv = limit && limited ? ['-c', `ulimit -v ${LIMIT_KIB} && exec "$0" "$@"`, stewardctl, ...args] : args;
    const p = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (code) => res({ code, stdout, stderr }));
    if (input) {
      p.stdin.on('error', () => {});
      createReadStream(input).pipe(p.stdin);
    }
  });
}

let db, dir, partner;
before(async () => {
  db = freshDatabase();
  dir = mkdtempSync(join(tmpdir(), 'steward-oms-import-'));
  await ctlOk(['init', '--db', db.url]);
  partner = await ctlOk(['partner', 'add', '--db', db.url, '--name', 'Distributor']);
});
after(() => {
  db.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('a file larger than the memory limit allows to hold: imported from a path and from standard input', async () => {
  const big = join(dir, 'big.csv');
  writeFileSync(big, header + fatRows('big', 10000));
  let r = await run(['oms', 'import', '--db', db.url, '--partner', partner, big]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '10000 records imported\n');
  assert.equal(r.stderr, '', 'nothing but the result when standard error is not a terminal');

  // The same size again through a pipe, its last row bad: all or nothing.
  const piped = join(dir, 'piped.csv');
  writeFileSync(piped, header + fatRows('piped', 10000) +
    'business,last@piped.example,Ann,Lee,Last,retail,piped.example,12,1 St,100-0005,Tokyo,JP\n');
  r = await run(['oms', 'import', '--db', db.url, '--partner', partner, '-'], { input: piped });
  assert.equal(r.code, 2);
  assert.equal(r.stderr, '-:10002: phone: Enter a valid phone number, such as +44 20 7946 0123.\n' +
    'stewardctl oms import: 1 problem in 10001 rows; nothing was imported\n');
  // Nothing of it was written: without the bad row every record is new.
  writeFileSync(piped, header + fatRows('piped', 10000));
  r = await run(['oms', 'import', '--db', db.url, '--partner', partner, '-'], { input: piped });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '10000 records imported\n');

  // Importing the first file again: every address is in the OMS. The
  // first 1,000 problems are listed, all are counted.
  r = await run(['oms', 'import', '--db', db.url, '--partner', partner, '--dry-run', big]);
  assert.equal(r.code, 2);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1002);
  assert.equal(lines[0], `${big}:2: email: An OMS record with this e-mail address already exists.`);
  assert.equal(lines[999], `${big}:1001: email: An OMS record with this e-mail address already exists.`);
  assert.equal(lines[1000], 'stewardctl oms import: only the first 1000 problems are shown');
  assert.equal(lines[1001], 'stewardctl oms import: 10000 problems in 10000 rows; nothing was imported');
});

test('repeats in the file (any case, batches apart) and addresses of the OMS are reported by line and field', async () => {
  await ctlOk(['oms', 'add', '--db', db.url, '--partner', partner, '--email', 'taken@dup.example', '--type', 'consumer']);
  const rows = [];
  for (let i = 0; i < 700; i++) rows.push(`consumer,row${i}@dup.example,,,,,,,,,,\n`);
  rows[100] = 'consumer,Taken@DUP.example,,,,,,,,,,\n'; // line 102: in the OMS
  rows[600] = 'consumer,ROW3@dup.example,,,,,,,,,,\n'; // line 602: repeats line 5
  rows[601] = 'consumer,row3@dup.example,Ann\u0000e,,,,,,,,,\n'; // line 603: repeat, NUL
  rows[650] = 'consumer,row650@dup.example,,,,,,,,,\n'; // line 652: 11 cells
  const file = join(dir, 'dup.csv');
  // Line 682: a first name that is not UTF-8.
  const text = header + rows.join('');
  const at = text.indexOf('row680@dup.example,') + 'row680@dup.example,'.length;
  writeFileSync(file, Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0x41, 0xff]),
    Buffer.from(text.slice(at))]));
  const r = await run(['oms', 'import', '--db', db.url, '--partner', partner, file], { limit: false });
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, [
    `${file}:102: email: An OMS record with this e-mail address already exists.`,
    `${file}:602: email: This e-mail address appears earlier in the file.`,
    `${file}:603: email: This e-mail address appears earlier in the file.`,
    `${file}:603: first_name: Must not contain control characters.`,
    `${file}:652: This row should have 12 columns, like the header.`,
    `${file}:682: first_name: Must be valid UTF-8 text.`,
    'stewardctl oms import: 6 problems in 700 rows; nothing was imported',
    '',
  ].join('\n'));
  // Nothing was written: the same rows without their faults import.
  rows[100] = 'consumer,row100@dup.example,,,,,,,,,,\n';
  rows[600] = 'consumer,row600@dup.example,,,,,,,,,,\n';
  rows[601] = 'consumer,row601@dup.example,Ann,,,,,,,,,\n';
  rows[650] = 'consumer,row650@dup.example,,,,,,,,,,\n';
  writeFileSync(file, header + rows.join(''));
  assert.equal(await ctlOk(['oms', 'import', '--db', db.url, '--partner', partner, file]), '700 records imported');
});

test('a terminal is shown rows checked, rows written, the rate and the time left', async () => {
  const file = join(dir, 'tty.csv');
  writeFileSync(file, header + fatRows('tty', 600));
  const q = (s) => `'${s.replaceAll("'", "'\\''")}'`;
  const cmd = [stewardctl, 'oms', 'import', '--db', db.url, '--partner', partner, file].map(q).join(' ');
  // script(1) runs the command on a pseudo-terminal of its own.
  const r = await new Promise((res) => {
    const p = spawn('script', ['-qec', cmd, '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    p.stdout.on('data', (d) => { text += d; });
    p.on('close', (code) => res({ code, text }));
  });
  assert.equal(r.code, 0, r.text);
  assert.match(r.text, /256 rows checked \(\d+%\) \| 0 written \| \d+ rows\/s( \| about \d+:\d\d left)?/);
  assert.match(r.text, /600 rows checked \| 0 of 600 written \(0%\) \| 0 rows\/s/);
  // The progress line is cleared before the result is printed.
  assert.match(r.text, /\r\x1b\[K600 records imported\r?\n$/);
  // Not a terminal: the result only.
  const plainFile = join(dir, 'plain.csv');
  writeFileSync(plainFile, header + fatRows('plain', 600));
  const plain = await ctl(['oms', 'import', '--db', db.url, '--partner', partner, '--dry-run', plainFile]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal(plain.stdout, '600 rows checked, no problems; nothing written (dry run)\n');
  assert.equal(plain.stderr, '');
});

// SQLite: writers leave the records' search index segments unmerged (a
// commit each; migration 0039) and an import merges what it added before
// it returns, so creations after it do not. Twenty imports of one row
// would leave twenty segments without that; no background process runs
// here.
test('SQLite: imports leave the search index merged, and every record is found', { skip: backend !== 'sqlite' }, async () => {
  for (let i = 0; i < 20; i++) {
    const file = join(dir, `one${i}.csv`);
    writeFileSync(file, header + `business,one${i}@merged.example,Ann,Lee,Merged Trading ${i},retail,merged.example,` +
      '+81 3-1234-5678,1 St,100-0005,Tokyo,JP\n');
    const r = await run(['oms', 'import', '--db', db.url, '--partner', partner, file], { limit: false });
    assert.equal(r.code, 0, r.stderr);
  }
  const sql = (q) => execFileSync('sqlite3', [db.url, q]).toString().trim();
  const segments = Number(sql('SELECT count(DISTINCT segid) FROM oms_search_idx'));
  assert.ok(segments < 16, `${segments} segments in the search index`);
  assert.equal(sql(`SELECT count(*) FROM oms_search WHERE oms_search MATCH '"merged trading"'`), '20');
});

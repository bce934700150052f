// stewardctl serve: starts, forwards SIGTERM, and leaves no process behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stewardctl, freshDatabase, freePort, ctlOk } from '../lib/server.mjs';

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

function groupMembers(pgid) {
  try {
    return execFileSync('pgrep', ['-g', String(pgid)]).toString().trim().split(/\s+/).filter(Boolean);
  } catch { return []; }
}

for (const sig of ['SIGTERM', 'SIGINT']) {
  test(`${sig} stops the server and every process it started`, async () => {
    const db = freshDatabase();
    const runDir = mkdtempSync(join(tmpdir(), 'steward-run-'));
    let p;
    try {
      await ctlOk(['init', '--db', db.url]);
      const port = await freePort();
      p = spawn(stewardctl, ['serve', '--db', db.url, '--listen', `127.0.0.1:${port}`, '--workers', '3',
        '--run-dir', runDir]);
      let out = '';
      p.stdout.on('data', (d) => { out += d; });
      const done = new Promise((r) => p.on('close', (code) => r(code)));
      while (!out.includes('Steward is listening')) {
        if (p.exitCode !== null) throw new Error('server exited');
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.match(out, new RegExp(`http://127\\.0\\.0\\.1:${port}/`));
      const conf = readFileSync(join(runDir, 'kore.conf'), 'utf8');
      assert.match(conf, /workers 3/);
      // Kore reads up to the largest body a route takes: a CSV import's
      // 16 MiB (--import-max); other routes stop at --body-max (1 MiB).
      assert.match(conf, /http_body_max 16777216/);
      const korePid = Number(readFileSync(join(runDir, 'kore.pid'), 'utf8'));
      assert.ok(alive(korePid));
      // Kore's parent and its 3 workers.
      for (let i = 0; i < 100 && groupMembers(korePid).length < 4; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(groupMembers(korePid).length, 4);
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.equal(r.status, 200);
      p.kill(sig);
      assert.equal(await done, 0);
      assert.equal(alive(korePid), false);
      assert.deepEqual(groupMembers(korePid), []);
      await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`));
    } finally {
      if (p && p.exitCode === null) p.kill('SIGKILL');
      rmSync(runDir, { recursive: true, force: true });
      db.drop();
    }
  });
}

test('serve refuses a database whose schema is missing', async () => {
  if (process.env.STEWARD_TEST_DB === 'pg') return;
  const dir = mkdtempSync(join(tmpdir(), 'steward-empty-'));
  try {
    const r = await new Promise((res) => {
      const p = spawn(stewardctl, ['serve', '--db', join(dir, 'none.db')]);
      let err = '';
      p.stderr.on('data', (d) => { err += d; });
      p.on('close', (code) => res({ code, err }));
    });
    assert.equal(r.code, 1);
    assert.match(r.err, /stewardctl init/);
    assert.equal(existsSync(join(dir, 'none.db')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

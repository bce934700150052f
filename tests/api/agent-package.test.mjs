// The agent's Debian package (what `make agent-deb` builds into dist/ and
// the hub serves at /downloads/steward-agent_amd64.deb): built here into a
// temporary directory from the agent under test, then inspected with
// dpkg-deb -I (control fields, maintainer scripts) and -c (files, modes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { out } from '../lib/server.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);

test('the agent package installs the binary, the unit and a private state directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'steward-deb-'));
  try {
    const deb = join(dir, 'steward-agent_amd64.deb');
    execFileSync('sh', [join(root, 'scripts/agent-deb.sh'), join(out, 'bin', 'steward-agent'), deb], { cwd: root });
    const version = /#define AGENT_VERSION\s+"([^"]+)"/.exec(
      readFileSync(join(root, 'src/agent/agent_version.h'), 'utf8'))[1];
    const info = execFileSync('dpkg-deb', ['-I', deb], { encoding: 'utf8' });
    assert.match(info, /^ Package: steward-agent$/m);
    assert.match(info, new RegExp(`^ Version: ${version.replace(/\./g, '\\.')}$`, 'm'));
    assert.match(info, /^ Architecture: amd64$/m);
    const depends = /^ Depends: (.*)$/m.exec(info)[1].split(/,\s*/);
    for (const p of ['libclamav12', 'libcurl4', 'libjansson4', 'libsodium23']) assert.ok(depends.includes(p), p);
    for (const s of ['postinst', 'prerm', 'postrm']) assert.match(info, new RegExp(`\\s${s}\\s`));
    const files = execFileSync('dpkg-deb', ['-c', deb], { encoding: 'utf8' }).trim().split('\n')
      .map((l) => { const f = l.split(/\s+/); return { mode: f[0], owner: f[1], path: f[5] }; });
    const at = (p) => files.find((f) => f.path === p);
    assert.equal(at('./usr/bin/steward-agent')?.mode, '-rwxr-xr-x');
    assert.equal(at('./usr/bin/steward-agent')?.owner, 'root/root');
    assert.equal(at('./lib/systemd/system/steward-agent.service')?.mode, '-rw-r--r--');
    assert.equal(at('./var/lib/steward-agent/')?.mode, 'drwx------');
    const unit = execFileSync('dpkg-deb', ['--fsys-tarfile', deb]);
    assert.ok(unit.includes('ExecStart=/usr/bin/steward-agent run --state-dir /var/lib/steward-agent'));
    assert.ok(unit.includes('Restart=on-failure'));
    // The maintainer scripts never fail where systemd is absent.
    const postinst = execFileSync('dpkg-deb', ['--info', deb, 'postinst'], { encoding: 'utf8' });
    assert.match(postinst, /\[ -d \/run\/systemd\/system \]/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// deploy/nginx/steward.conf, the shipped site, is a configuration nginx
// accepts as it is (certificate, snippet and log paths pointed at a scratch
// directory); steward-proxy.conf, which it includes, is what the API suite
// runs through under STEWARD_TEST_SCALE=2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(new URL('../..', import.meta.url).pathname);

test('nginx accepts the shipped site with its proxy snippet', () => {
  const dir = mkdtempSync(join(tmpdir(), 'steward-nginx-site-'));
  try {
    mkdirSync(join(dir, 'logs'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
      '-subj', '/CN=steward.example.com', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
    { stdio: 'pipe' });
    const site = readFileSync(join(root, 'deploy/nginx/steward.conf'), 'utf8');
    for (const path of ['/etc/letsencrypt/live/steward.example.com/fullchain.pem',
      '/etc/letsencrypt/live/steward.example.com/privkey.pem', '/etc/nginx/snippets/steward-proxy.conf']) {
      assert.ok(site.includes(path), path);
    }
    writeFileSync(join(dir, 'site.conf'), site
      .replaceAll('/etc/letsencrypt/live/steward.example.com/fullchain.pem', join(dir, 'cert.pem'))
      .replaceAll('/etc/letsencrypt/live/steward.example.com/privkey.pem', join(dir, 'key.pem'))
      .replaceAll('/etc/nginx/snippets/steward-proxy.conf', join(root, 'deploy/nginx/steward-proxy.conf'))
      .replaceAll('/var/log/nginx/', join(dir, 'logs') + '/'));
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${join(dir, t)};`);
    writeFileSync(join(dir, 'nginx.conf'), `pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'logs/error.log')};
events {}
http {
${temp.join('\n')}
include ${join(dir, 'site.conf')};
}
`);
    const r = spawnSync('nginx', ['-t', '-p', dir, '-e', join(dir, 'logs/error.log'), '-c', join(dir, 'nginx.conf')],
      { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /test is successful/);
    assert.doesNotMatch(r.stderr, /\[warn\]|\[emerg\]/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

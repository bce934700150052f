// docs/openapi.yaml describes exactly the routes the server registers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ctlOk } from '../lib/server.mjs';

function documented() {
  const text = readFileSync(new URL('../../docs/openapi.yaml', import.meta.url), 'utf8');
  assert.match(text, /^openapi: 3\.1\.\d+$/m);
  const lines = text.split('\n');
  const start = lines.indexOf('paths:');
  assert.ok(start >= 0, 'paths section');
  const out = new Set();
  let path = null;
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;	// next top-level section
    let m = line.match(/^ {2}(\/\S*):\s*$/);
    if (m) { path = m[1]; continue; }
    m = line.match(/^ {4}(get|post|put|patch|delete):\s*$/);
    if (m && path) out.add(`${m[1].toUpperCase()} ${path}`);
  }
  return out;
}

test('every registered route is documented and nothing else is', async () => {
  const registered = new Set((await ctlOk(['routes'])).split('\n').filter(Boolean));
  const docs = documented();
  const missing = [...registered].filter((r) => !docs.has(r));
  const extra = [...docs].filter((r) => !registered.has(r));
  assert.deepEqual(missing, [], 'routes missing from docs/openapi.yaml');
  assert.deepEqual(extra, [], 'documented routes the server does not have');
  assert.ok(registered.size >= 9);
});

// docs/openapi.yaml describes exactly the routes the server registers, and
// every list endpoint documents the paging all lists share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ctlOk } from '../lib/server.mjs';

function readDoc() {
  return readFileSync(new URL('../../docs/openapi.yaml', import.meta.url), 'utf8');
}

function documented() {
  const text = readDoc();
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

/*
 * A reader for the part of YAML the document is written in: block mappings
 * and sequences (a sequence indented under its key), flow collections on
 * one line, plain, single- and double-quoted scalars, literal block scalars
 * (| and |-) and comments. Anything else throws, naming the line, rather
 * than being read wrongly.
 */
function parseYaml(text) {
  const raw = text.split('\n');
  let pos = 0;
  const fail = (msg) => { throw new Error(`docs/openapi.yaml line ${pos + 1}: ${msg}`); };
  const indentOf = (l) => l.length - l.trimStart().length;
  const insignificant = (l) => l.trim() === '' || l.trimStart().startsWith('#');
  const isItem = (l) => /^ *-( |$)/.test(l);

  function peek() {
    while (pos < raw.length && insignificant(raw[pos])) pos++;
    return pos < raw.length ? raw[pos] : null;
  }

  function plainValue(s) {
    if (s === '' || s === '~' || s === 'null') return null;
    if (s === 'true') return true;
    if (s === 'false') return false;
    if (/^[-+]?\d+$/.test(s)) return Number(s);
    if (/^[-+]?\d*\.\d+$/.test(s)) return Number(s);
    if (/^(yes|no|on|off|y|n)$/i.test(s)) fail(`ambiguous plain scalar "${s}": quote it`);
    if (/^[&*!|>%@`]/.test(s)) fail(`unsupported YAML syntax: ${s}`);
    return s;
  }

  // One-line flow values: {..}, [..], quoted and plain scalars.
  function flow(s) {
    let i = 0;
    const ws = () => { while (s[i] === ' ') i++; };
    function quoted() {
      if (s[i] === '"') {
        const m = s.slice(i).match(/^"(?:[^"\\]|\\.)*"/);
        if (!m) fail('unterminated double-quoted string');
        i += m[0].length;
        return JSON.parse(m[0]);
      }
      const m = s.slice(i).match(/^'(?:[^']|'')*'/);
      if (!m) fail('unterminated single-quoted string');
      i += m[0].length;
      return m[0].slice(1, -1).replace(/''/g, "'");
    }
    function plain(inFlow) {
      const start = i;
      while (i < s.length) {
        const c = s[i];
        if (inFlow && (c === ',' || c === ']' || c === '}')) break;
        if (c === ':' && (i + 1 === s.length || ' ,]}'.includes(s[i + 1]))) break;
        if (c === '#' && s[i - 1] === ' ') break;
        i++;
      }
      return plainValue(s.slice(start, i).trim());
    }
    function node(inFlow) {
      ws();
      if (s[i] === '{') {
        i++;
        const out = {};
        for (ws(); s[i] !== '}'; ws()) {
          const k = s[i] === '"' || s[i] === "'" ? quoted() : plain(true);
          ws();
          if (s[i] !== ':') fail(`expected ':' in flow mapping: ${s}`);
          i++;
          out[k] = node(true);
          ws();
          if (s[i] === ',') i++;
          else if (s[i] !== '}') fail(`expected ',' or '}': ${s}`);
        }
        i++;
        return out;
      }
      if (s[i] === '[') {
        i++;
        const out = [];
        for (ws(); s[i] !== ']'; ws()) {
          out.push(node(true));
          ws();
          if (s[i] === ',') i++;
          else if (s[i] !== ']') fail(`expected ',' or ']': ${s}`);
        }
        i++;
        return out;
      }
      if (s[i] === '"' || s[i] === "'") return quoted();
      return plain(inFlow);
    }
    const v = node(false);
    ws();
    if (i < s.length && s[i] !== '#') fail(`unexpected text after a value: ${s.slice(i)}`);
    return v;
  }

  // What follows "key:" (or "-") on a line at indentation ind.
  function value(rest, ind) {
    if (rest === '') {
      const l = peek();
      if (l === null || indentOf(l) <= ind) return null;
      return block(indentOf(l));
    }
    if (rest === '|' || rest === '|-') {
      const body = [];
      while (pos < raw.length && (raw[pos].trim() === '' || indentOf(raw[pos]) > ind)) body.push(raw[pos++]);
      while (body.length && body[body.length - 1].trim() === '') body.pop();
      if (!body.length) return '';
      const cut = indentOf(body[0]);
      const s = body.map((l) => l.slice(cut)).join('\n');
      return rest === '|' ? `${s}\n` : s;
    }
    if (/^[|>]/.test(rest)) fail(`unsupported block scalar: ${rest}`);
    return flow(rest);
  }

  function splitKey(s) {
    const m = s.match(/^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'{}[\],#&*!|>%@`-][^:]*?|-[^\s:][^:]*?)\s*:(?: +(.*))?$/);
    if (!m) return null;
    const key = m[1].startsWith('"') ? JSON.parse(m[1])
      : m[1].startsWith("'") ? m[1].slice(1, -1).replace(/''/g, "'") : m[1];
    return { key, rest: (m[2] ?? '').trim() };
  }

  function mapping(ind) {
    const out = {};
    for (let l; (l = peek()) !== null && indentOf(l) === ind;) {
      if (isItem(l)) fail('a sequence where a mapping key was expected');
      const kv = splitKey(l.slice(ind));
      if (!kv) fail(`not a "key: value" line: ${l.trim()}`);
      if (Object.hasOwn(out, kv.key)) fail(`duplicate key ${kv.key}`);
      pos++;
      out[kv.key] = value(kv.rest, ind);
    }
    return out;
  }

  function sequence(ind) {
    const out = [];
    for (let l; (l = peek()) !== null && indentOf(l) === ind && isItem(l);) {
      const item = l.slice(ind + 1).trim();
      if (item === '') {
        pos++;
        out.push(value('', ind));
      } else if (!/^[{["']/.test(item) && splitKey(item)) {
        // "- key: value" opens a mapping whose keys sit two columns in.
        raw[pos] = ' '.repeat(ind + 2) + l.slice(ind + 2);
        out.push(mapping(ind + 2));
      } else {
        pos++;
        out.push(flow(item));
      }
    }
    return out;
  }

  function block(ind) {
    return isItem(peek()) ? sequence(ind) : mapping(ind);
  }

  const doc = block(0);
  if (peek() !== null) fail('text left over after the document');
  return doc;
}

// The routes that answer {"<things>": [...], "next_cursor"} and take
// ?limit= and ?cursor= (src/api/list.h).
const LIST_ROUTES = [
  'GET /api/v1/accounts/{account_id}/customers/{customer_id}/sites',
  'GET /api/v1/accounts/{account_id}/devices',
  'GET /api/v1/accounts/{account_id}/alerts',
  'GET /api/v1/accounts/{account_id}/alert-mutes',
  'GET /api/v1/accounts/{account_id}/dashboard/customers',
  'GET /api/v1/accounts/{account_id}/deleted-customers',
  'GET /api/v1/accounts/{account_id}/webhooks',
  'GET /api/v1/accounts/{account_id}/webhooks/{webhook_id}/deliveries',
  'GET /api/v1/accounts',
  'GET /api/v1/countries',
  'GET /api/v1/services',
  'GET /api/v1/accounts/{account_id}/customers',
  'GET /api/v1/accounts/{account_id}/oms/records',
  'GET /api/v1/accounts/{account_id}/policies',
  'GET /api/v1/accounts/{account_id}/customers/{customer_id}/policies',
  'GET /api/v1/accounts/{account_id}/policies/{policy_id}/assignments',
  'GET /api/v1/accounts/{account_id}/customers/{customer_id}/subscriptions',
  'GET /api/v1/accounts/{account_id}/subscriptions',
  'GET /api/v1/accounts/{account_id}/subscription-events',
  'GET /api/v1/accounts/{account_id}/api-clients',
  'GET /api/v1/accounts/{account_id}/users',
  'GET /api/v1/accounts/{account_id}/audit',
  'GET /api/v1/me/sessions',
  'GET /api/v1/operator/discount-applications',
  'GET /api/v1/operator/segment-rates',
  'GET /api/v1/operator/partners',
  'GET /api/v1/operator/outbox',
  'GET /api/v1/operator/services/{service_key}/prices',
];

test('every registered route is documented and nothing else is', async () => {
  const registered = new Set((await ctlOk(['routes'])).split('\n').filter(Boolean));
  const docs = documented();
  const missing = [...registered].filter((r) => !docs.has(r));
  const extra = [...docs].filter((r) => !registered.has(r));
  assert.deepEqual(missing, [], 'routes missing from docs/openapi.yaml');
  assert.deepEqual(extra, [], 'documented routes the server does not have');
  assert.ok(registered.size >= 9);
});

test('every list documents limit and cursor, and the lists are exactly the routes that page', () => {
  const doc = parseYaml(readDoc());
  assert.equal(doc.openapi.startsWith('3.1.'), true);
  // The document's own routes, read both ways, must agree.
  const ops = new Set();
  for (const [path, item] of Object.entries(doc.paths))
    for (const m of ['get', 'post', 'put', 'patch', 'delete'])
      if (item[m]) ops.add(`${m.toUpperCase()} ${path}`);
  assert.deepEqual([...ops].sort(), [...documented()].sort(), 'the YAML reader and the route list disagree');

  const resolve = (x) => {
    for (let seen = 0; x && typeof x === 'object' && typeof x.$ref === 'string'; seen++) {
      assert.ok(seen < 10, `a $ref loop at ${x.$ref}`);
      assert.match(x.$ref, /^#\//, `only local references: ${x.$ref}`);
      let y = doc;
      for (const part of x.$ref.slice(2).split('/')) {
        y = y?.[part];
        assert.ok(y !== undefined, `${x.$ref} does not exist`);
      }
      x = y;
    }
    return x;
  };

  const lists = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const op = item.get;
    if (!op) continue;
    const route = `GET ${path}`;
    const ok = resolve(op.responses?.['200']);
    const schema = resolve(ok?.content?.['application/json']?.schema);
    if (!schema?.properties || !Object.hasOwn(schema.properties, 'next_cursor')) continue;
    lists.push(route);
    const cursor = resolve(schema.properties.next_cursor);
    assert.deepEqual(cursor.type, ['string', 'null'], `${route}: next_cursor is a string or null`);
    assert.ok(schema.required?.includes('next_cursor'), `${route}: next_cursor is not required`);
    const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(resolve);
    const param = (name) => params.find((p) => p.name === name && p.in === 'query');
    assert.ok(param('limit'), `${route}: no limit parameter`);
    assert.ok(param('cursor'), `${route}: no cursor parameter`);
    const limit = resolve(param('limit').schema);
    assert.equal(limit.type, 'integer', `${route}: limit is an integer`);
    assert.equal(limit.minimum, 1, `${route}: limit is at least 1`);
    assert.equal(limit.maximum, 500, `${route}: limit is at most 500`);
    assert.equal(resolve(param('cursor').schema).type, 'string', `${route}: cursor is a string`);
  }
  assert.deepEqual(lists.sort(), [...LIST_ROUTES].sort(),
    'the GET routes whose answer has next_cursor are not the list routes');
});

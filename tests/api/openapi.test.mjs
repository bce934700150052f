// docs/openapi.yaml describes exactly the routes the server registers,
// every list endpoint documents the paging all lists share, the server
// answers the document itself as JSON, and the contract check that every
// API test's answers go through catches what the document does not say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ctlOk, startServer } from '../lib/server.mjs';
import { parseYaml, readDoc, contractProblem, compileAll, eventProblem } from '../lib/openapi.mjs';

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

// The routes that answer {"<things>": [...], "next_cursor"} and take
// ?limit= and ?cursor= (src/api/list.h).
const LIST_ROUTES = [
  'GET /api/v1/accounts/{account_id}/customers/{customer_id}/sites',
  'GET /api/v1/accounts/{account_id}/devices',
  'GET /api/v1/accounts/{account_id}/alerts',
  'GET /api/v1/accounts/{account_id}/alert-mutes',
  'GET /api/v1/accounts/{account_id}/dashboard/customers',
  'GET /api/v1/accounts/{account_id}/dashboard/sites',
  'GET /api/v1/accounts/{account_id}/sites',
  'GET /api/v1/accounts/{account_id}/deleted-customers',
  'GET /api/v1/accounts/{account_id}/customers/{customer_id}/deleted-sites',
  'GET /api/v1/accounts/{account_id}/deleted-sites',
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

test('GET /api/v1/openapi.json answers docs/openapi.yaml as JSON, without sign-in', async (t) => {
  const srv = await startServer({ demo: false });
  t.after(() => srv.stop());
  const res = await fetch(`${srv.url}/api/v1/openapi.json`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json\b/);
  const served = await res.json();
  assert.deepEqual(served, parseYaml(readDoc()), 'the served document is not docs/openapi.yaml');
  assert.equal(served.openapi.startsWith('3.1.'), true);
  assert.ok(served.paths['/api/v1/openapi.json'].get, 'the document describes its own route');

  // The reader refuses ambiguous YAML, as the build's converter does.
  assert.throws(() => parseYaml('a: yes\n'), /ambiguous plain scalar/);
  assert.deepEqual(parseYaml('a: "yes"\nb: [1, 0.5, x]\nc: |\n  two\n  lines\n'),
    { a: 'yes', b: [1, 0.5, 'x'], c: 'two\nlines\n' });
});

test('the contract check names the route, status and field that do not match', () => {
  const json = (body) => ({ headers: new Headers({ 'content-type': 'application/json' }),
    text: JSON.stringify(body), json: body });
  const ok = contractProblem({ method: 'GET', path: '/healthz', status: 200, ...json({ status: 'ok' }) });
  assert.equal(ok, null);
  assert.match(contractProblem({ method: 'GET', path: '/healthz', status: 200, ...json({ status: 'fine' }) }),
    /GET \/healthz answered 200: the body does not match .*\n {2}body\/status must be equal to constant/);
  const error = { error: { code: 'not_found', message: 'Not found.' } };
  assert.equal(contractProblem({ method: 'GET', path: '/api/v1/nowhere', status: 404, ...json(error) }), null);
  assert.match(contractProblem({ method: 'GET', path: '/api/v1/nowhere', status: 200, ...json({}) }),
    /GET \/api\/v1\/nowhere answered 200: the route is not in docs\/openapi.yaml/);
  assert.equal(contractProblem({ method: 'PUT', path: '/healthz', status: 405, ...json(error) }), null);
  assert.match(contractProblem({ method: 'PUT', path: '/healthz', status: 405, ...json({ oops: 1 }) }),
    /PUT \/healthz answered 405: not the error shape/);
  assert.match(contractProblem({ method: 'GET', path: '/healthz', status: 418, ...json({}) }),
    /documents no 418 for GET \/healthz/);
  const me = { method: 'GET', path: '/api/v1/accounts/acc_x/customers?limit=2', status: 200 };
  assert.equal(contractProblem({ ...me, ...json({ customers: [], next_cursor: null, total: 0 }) }), null);
  assert.match(contractProblem({ ...me, ...json({ customers: [], next_cursor: null, total: 'none' }) }),
    /\/api\/v1\/accounts\/\{account_id\}\/customers 200:\n {2}body\/total must be integer/);
  assert.match(contractProblem({ ...me, ...json({ customers: [{ id: 7 }], next_cursor: null, total: 1 }) }),
    /\n {2}body\/customers\/0 must have required property 'company'/);
  assert.match(contractProblem({ ...me, headers: new Headers({ 'content-type': 'text/csv' }), text: 'a,b', json: null }),
    /Content-Type text\/csv, but the document's .* has application\/json/);
  // A field the document does not describe fails, at any depth, though
  // the schemas leave objects open.
  const who = { method: 'GET', path: '/api/v1/me', status: 200 };
  const mine = { user: { id: 'usr_x', email: 'a@b.example', name: 'A', language: 'en', time_zone: 'UTC' },
    csrf_token: 'x', session: { created_at: '2026-12-05T15:01:39Z', expires_at: '2026-12-05T17:01:39Z',
      absolute_expires_at: '2026-12-06T03:01:39Z' } };
  assert.equal(contractProblem({ ...who, ...json(mine) }), null);
  assert.match(contractProblem({ ...who, ...json({ ...mine, user: { ...mine.user, password_hash: 'x' } }) }),
    /GET \/api\/v1\/me answered 200: the body has fields the document's \/api\/v1\/me 200 does not describe: body.user.password_hash/);
  assert.match(contractProblem({ ...me, ...json({ customers: [], next_cursor: null, total: 0, debug: true }) }),
    /does not describe: body.debug/);
  // Webhook events: their data as the document describes it for their type.
  const removed = { id: 'evt_x', type: 'device.removed', created_at: '2026-12-05T15:01:39Z', account_id: 'acc_x',
    data: { device_id: 'dev_x', customer_id: 'cus_x', hostname: 'pc-01' } };
  assert.equal(eventProblem(removed), null);
  assert.match(eventProblem({ ...removed, data: { ...removed.data, platform: 'server' } }),
    /a device.removed event has fields WebhookEvent does not describe: body.data.platform/);
  assert.match(eventProblem({ ...removed, type: 'customer.created' }), /does not match WebhookEvent/);
  // Every response schema of the document compiles.
  assert.ok(compileAll() > 200);
  // Static files of the console are not the API's.
  assert.equal(contractProblem({ method: 'GET', path: '/js/app.js', status: 200,
    headers: new Headers({ 'content-type': 'text/javascript' }), text: 'x', json: null }), null);
});

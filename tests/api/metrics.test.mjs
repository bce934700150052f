// GET /metrics (SPEC §10, §12): Prometheus text format 0.0.4 whose counters
// add up across every worker and the background process; who may scrape.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, Client, demoUsers } from '../lib/server.mjs';
import { startSmtp } from '../lib/smtp.mjs';

let srv, smtp, admin, acc;

before(async () => {
  smtp = await startSmtp();
  srv = await startServer({
    workers: 3,
    args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--mail-from', 'Steward <steward@hub.example>'],
    env: { STEWARD_MAIL_POLL_MS: '200' },
  });
  admin = new Client(srv.url);
  await admin.signIn(demoUsers.admin);
  acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
});
after(async () => {
  await srv?.stop();
  await smtp?.stop();
});

// One request on a connection of its own (Kore hands each new connection
// to one of its workers), so a burst of them is spread across the workers.
function get(path, headers = {}, base = srv.url) {
  return new Promise((resolve, reject) => {
    const req = http.request(base + path, { agent: false, headers: { connection: 'close', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

// A parser of the text exposition format: every line is a comment (# HELP,
// # TYPE) or a sample `name{label="value",...} number`; a metric's samples
// follow its TYPE line; label values escape \\, \" and \n.
function parse(text) {
  assert.ok(text.endsWith('\n'), 'the exposition ends with a newline');
  const types = new Map();
  const samples = [];
  let current = null;
  for (const line of text.slice(0, -1).split('\n')) {
    let m;
    if ((m = line.match(/^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/))) continue;
    if ((m = line.match(/^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/))) {
      assert.ok(!types.has(m[1]), `one TYPE line for ${m[1]}`);
      types.set(m[1], m[2]);
      current = m[1];
      continue;
    }
    m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/);
    assert.ok(m, `a sample line: ${JSON.stringify(line)}`);
    const [, name, labelText = '', value] = m;
    const labels = {};
    const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/gy;
    let lm, at = 0;
    while (at < labelText.length && (lm = re.exec(labelText))) {
      labels[lm[1]] = lm[2].replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
      at = re.lastIndex;
    }
    assert.equal(at, labelText.length, `labels parse: ${labelText}`);
    const num = value === '+Inf' ? Infinity : Number(value);
    assert.ok(!Number.isNaN(num), `a number: ${value}`);
    const base = types.get(name) === undefined ? name.replace(/_(bucket|sum|count)$/, '') : name;
    assert.equal(base, current, `${name} follows its TYPE line`);
    samples.push({ name, labels, value: num });
  }
  return { types, samples };
}

// Every server's counters added up: one server, or under
// STEWARD_TEST_SCALE each server behind nginx scraped directly (each
// counts only its own requests, as the README says: scrape each and sum).
async function scrape() {
  const all = [];
  for (const base of srv.serverUrls) {
    const r = await get('/metrics', {}, base);
    assert.equal(r.status, 200, r.body);
    assert.equal(r.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
    all.push(parse(r.body));
  }
  const sum = new Map();
  for (const { samples } of all) {
    for (const x of samples) {
      const key = x.name + JSON.stringify(x.labels);
      if (sum.has(key)) sum.get(key).value += x.value;
      else sum.set(key, { ...x });
    }
  }
  return { types: all[0].types, samples: [...sum.values()] };
}

const value = (m, name, labels = {}) => m.samples
  .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
  .reduce((a, s) => a + s.value, 0);

test('requests through several workers add up, by route template and status, with histograms', async () => {
  const before0 = await scrape();
  const N = 60;
  const customers = (await admin.req('GET', `/api/v1/accounts/${acc}/customers?limit=3`)).json.customers;
  const cookie = admin.cookieHeader();
  const answers = await Promise.all([
    ...Array.from({ length: N }, () => get('/healthz')),
    ...Array.from({ length: N }, (_, i) => get(`/api/v1/accounts/${acc}/customers/${customers[i % 3].id}`, { cookie })),
    ...Array.from({ length: 10 }, () => get(`/api/v1/accounts/${acc}/customers/cus_nosuchcustomer00`, { cookie })),
  ]);
  assert.ok(answers.slice(0, 2 * N).every((r) => r.status === 200));
  assert.ok(answers.slice(2 * N).every((r) => r.status === 404));
  // Whichever worker answers a scrape, it reports every worker's requests.
  for (let i = 0; i < 6; i++) {
    const m = await scrape();
    assert.equal(m.types.get('steward_http_requests_total'), 'counter');
    assert.equal(m.types.get('steward_http_request_duration_seconds'), 'histogram');
    const delta = (name, labels) => value(m, name, labels) - value(before0, name, labels);
    assert.equal(delta('steward_http_requests_total', { route: '/healthz', method: 'GET', status: '200' }), N);
    const route = '/api/v1/accounts/{account_id}/customers/{customer_id}';
    assert.equal(delta('steward_http_requests_total', { route, method: 'GET', status: '200' }), N);
    assert.equal(delta('steward_http_requests_total', { route, method: 'GET', status: '404' }), 10);
    // No raw path is a label: only route templates (and "none").
    assert.ok(m.samples.every((s) => !('route' in s.labels) || s.labels.route === 'none' ||
      !/cus_|acc_/.test(s.labels.route)));
    // Histograms: cumulative buckets, +Inf equal to _count, which equals
    // the requests of the route.
    for (const r of ['/healthz', route]) {
      const buckets = m.samples.filter((s) => s.name === 'steward_http_request_duration_seconds_bucket' &&
        s.labels.route === r && s.labels.method === 'GET');
      const les = buckets.map((b) => (b.labels.le === '+Inf' ? Infinity : Number(b.labels.le)));
      assert.deepEqual(les, [...les].sort((a, b) => a - b));
      for (let k = 1; k < buckets.length; k++) assert.ok(buckets[k].value >= buckets[k - 1].value);
      const count = value(m, 'steward_http_request_duration_seconds_count', { route: r, method: 'GET' });
      assert.equal(buckets.at(-1).labels.le, '+Inf');
      assert.equal(buckets.at(-1).value, count);
      assert.equal(count, value(m, 'steward_http_requests_total', { route: r, method: 'GET' }));
      assert.ok(value(m, 'steward_http_request_duration_seconds_sum', { route: r, method: 'GET' }) > 0);
    }
  }
});

test('enrolments, check-ins and the alerts they raise are counted', async () => {
  const m0 = await scrape();
  const customers = (await admin.req('GET', `/api/v1/accounts/${acc}/customers?limit=1`)).json.customers;
  const inst = (await admin.req('GET', `/api/v1/accounts/${acc}/customers/${customers[0].id}/installer`)).json;
  const post = async (path, body, secret) => {
    const headers = { 'content-type': 'application/json' };
    if (secret) headers.authorization = `Bearer ${secret}`;
    const res = await fetch(srv.url + path, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: res.status, json: await res.json() };
  };
  const dev = await post('/agent/v1/enroll', { token: inst.token, hardware_id: 'hw-metrics', hostname: 'metrics-ws',
    platform: 'workstation', os: 'Debian GNU/Linux 12', agent_version: '1.0.0' });
  assert.equal(dev.status, 201);
  const state = { protection: 'on', definitions_updated_at: new Date().toISOString(), threats: [] };
  for (let i = 0; i < 3; i++) {
    assert.equal((await post('/agent/v1/checkin', { policy_version: null, state }, dev.json.device_secret)).status, 200);
  }
  // Protection off raises one alert; saying so again raises none.
  const off = { ...state, protection: 'off' };
  for (let i = 0; i < 2; i++) {
    assert.equal((await post('/agent/v1/checkin', { policy_version: null, state: off }, dev.json.device_secret)).status, 200);
  }
  const alerts = (await admin.req('GET', `/api/v1/accounts/${acc}/alerts?type=protection_off&limit=100`)).json.alerts
    .filter((a) => a.device_id === dev.json.device_id);
  assert.equal(alerts.length, 1);
  const m = await scrape();
  const delta = (name) => value(m, name) - value(m0, name);
  assert.equal(delta('steward_device_enrolments_total'), 1);
  assert.equal(delta('steward_device_checkins_total'), 5);
  // The background process may raise alerts of its own meanwhile.
  assert.ok(delta('steward_alerts_raised_total') >= 1);
  assert.equal(value(m, 'steward_http_requests_total', { route: '/agent/v1/checkin', status: '200' }), 5);
});

test('the background process adds its counters: e-mail sent, and the outbox drains', async () => {
  // The demo's messages (and an invitation) go out through the background
  // process; its counter must match what the SMTP server received.
  const r = await admin.req('POST', `/api/v1/accounts/${acc}/invitations`, { email: 'metrics.person@example.com', role: 'viewer' });
  assert.equal(r.status, 201, r.text);
  await smtp.waitFor((msg) => msg.rcpt[0] === 'metrics.person@example.com');
  let m;
  for (let i = 0; i < 100; i++) {
    m = await scrape();
    if (value(m, 'steward_mail_outbox_depth') === 0 && value(m, 'steward_mail_sent_total') === smtp.messages.length) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.equal(value(m, 'steward_mail_outbox_depth'), 0);
  assert.equal(value(m, 'steward_mail_sent_total'), smtp.messages.length);
  assert.equal(m.types.get('steward_mail_outbox_depth'), 'gauge');
  assert.equal(value(m, 'steward_mail_failures_total'), 0);
  assert.ok(value(m, 'steward_sessions_active') >= 1);
  for (const name of ['steward_webhook_queue_depth', 'steward_webhook_queue_failed', 'steward_webhook_failures_total',
    'steward_database_errors_total', 'steward_mail_outbox_failed']) {
    assert.ok(m.types.has(name), name);
  }
});

test('a bearer token, when configured, is required to scrape', async () => {
  const other = await startServer({ demo: false, workers: 1, args: ['--metrics-token', 'scrape-secret-1'] });
  try {
    const none = await fetch(other.url + '/metrics');
    assert.equal(none.status, 401);
    assert.equal((await none.json()).error.code, 'unauthenticated');
    assert.equal((await fetch(other.url + '/metrics', { headers: { authorization: 'Bearer wrong' } })).status, 401);
    const ok = await fetch(other.url + '/metrics', { headers: { authorization: 'Bearer scrape-secret-1' } });
    assert.equal(ok.status, 200);
    parse(await ok.text());
  } finally {
    await other.stop();
  }
});

test('without a token only loopback callers may scrape', async () => {
  // Behind a proxy the client's address is the forwarded one.
  const other = await startServer({ demo: false, workers: 1, args: ['--trusted-proxies', '127.0.0.1'] });
  try {
    const far = await fetch(other.url + '/metrics', { headers: { 'x-forwarded-for': '203.0.113.7' } });
    assert.equal(far.status, 403);
    assert.equal((await far.json()).error.code, 'forbidden');
    const near = await fetch(other.url + '/metrics', { headers: { 'x-forwarded-for': '127.0.0.1' } });
    assert.equal(near.status, 200);
  } finally {
    await other.stop();
  }
});

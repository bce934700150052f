// Test harness: starts the real server (bin/stewardctl serve) on a free port
// with a fresh database, SQLite by default or PostgreSQL when
// STEWARD_TEST_DB=pg (STEWARD_TEST_PG_URL names the cluster's maintenance
// database; every server gets a new database in it).
//
// With STEWARD_TEST_SCALE=2 (PostgreSQL only) every startServer() starts
// two servers on the same database, each with its own background
// process, behind an nginx that runs deploy/nginx/steward-proxy.conf on a
// free port, and url is nginx's: the tests then run as a scaled-out
// installation would. nginx names the server that answered in the
// X-Steward-Upstream header.
//
// stop() fails the test when the server's output shows a sanitizer report
// or a worker killed by the seccomp sandbox. kill9() kills every process of
// a server at once (SIGKILL, as the OOM killer would) and restart() starts
// it again on the same database and port. Every answer Client.req and
// ApiClient.req receive is checked against docs/openapi.yaml (openapi.mjs).
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { checkResponse } from './openapi.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
export const out = resolve(root, process.env.STEWARD_OUT || '.');
export const stewardctl = join(out, 'bin', 'stewardctl');
export const backend = process.env.STEWARD_TEST_DB === 'pg' ? 'pg' : 'sqlite';
// How many servers each startServer() runs behind nginx (1: no nginx).
export const scale = Number(process.env.STEWARD_TEST_SCALE || 1);
if (scale !== 1 && (scale !== 2 || backend !== 'pg')) {
  throw new Error('STEWARD_TEST_SCALE=2 needs STEWARD_TEST_DB=pg (several servers share one PostgreSQL database)');
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

function pgUrlFor(base, dbname) {
  const u = new URL(base);
  u.pathname = '/' + dbname;
  return u.toString();
}

// A fresh, empty database URL for the chosen backend.
export function freshDatabase() {
  if (backend === 'pg') {
    const base = process.env.STEWARD_TEST_PG_URL;
    if (!base) throw new Error('STEWARD_TEST_DB=pg needs STEWARD_TEST_PG_URL');
    const name = 'steward_t_' + randomBytes(6).toString('hex');
    execFileSync('psql', [base, '-qc', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
    return {
      url: pgUrlFor(base, name),
      drop: () => {
        try {
          execFileSync('psql', [base, '-qc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: 'pipe' });
        } catch { /* best effort */ }
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'steward-test-'));
  return { url: join(dir, 'steward.db'), drop: () => rmSync(dir, { recursive: true, force: true }) };
}

// Run stewardctl; returns { code, stdout, stderr } (never throws on status).
export function ctl(args, env = {}) {
  return new Promise((res) => {
    const p = spawn(stewardctl, args, { env: { ...process.env, ...env } });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (code) => res({ code, stdout, stderr }));
  });
}

export async function ctlOk(args, env = {}) {
  const r = await ctl(args, env);
  if (r.code !== 0) throw new Error(`stewardctl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout.trim();
}

// Sanitizer reports, workers killed by the sandbox, and (when serving with
// --seccomp-trace) any system call the sandbox would have refused.
const SAN_PATTERNS = [/ERROR: AddressSanitizer/, /runtime error:/, /ERROR: LeakSanitizer/, /sandbox violation/,
  /seccomp violation/];

// pid and every process descended from it (from /proc/PID/task/*/children,
// which the kernel keeps, so no scan of every process is needed).
function processTree(pid) {
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    let tasks = [];
    try { tasks = readdirSync(`/proc/${tree[i]}/task`); } catch { /* gone */ }
    for (const t of tasks) {
      let kids = '';
      try { kids = readFileSync(`/proc/${tree[i]}/task/${t}/children`, 'utf8'); } catch { /* gone */ }
      for (const k of kids.split(' ')) if (k && !tree.includes(Number(k))) tree.push(Number(k));
    }
  }
  return tree;
}

// Whether pid is still a process that has not ended (a zombie has).
function alive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

// SIGKILL pid and its descendants at once: every process is stopped first
// (SIGSTOP, until the tree holds no process that is not stopped, so none
// forks or sees another die), then all are killed; resolves when they are
// gone.
async function killTree(pid) {
  const stopped = new Set();
  for (;;) {
    const fresh = processTree(pid).filter((p) => !stopped.has(p));
    if (fresh.length === 0) break;
    for (const p of fresh) {
      try { process.kill(p, 'SIGSTOP'); } catch { /* already gone */ }
      stopped.add(p);
    }
  }
  // Children first: a process whose parent dies first is sent SIGTERM
  // (PR_SET_PDEATHSIG), which it could act on before its own SIGKILL.
  for (const p of [...stopped].reverse()) {
    try { process.kill(p, 'SIGKILL'); } catch { /* already gone */ }
  }
  const t0 = Date.now();
  for (;;) {
    if (![...stopped].some(alive)) return [...stopped];
    if (Date.now() - t0 > 10000) throw new Error(`processes ${[...stopped]} outlived SIGKILL`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Start `stewardctl serve` on db and port; resolves once it listens.
async function launch(dbUrl, port, workers, args, env) {
  const proc = spawn(stewardctl, ['serve', '--db', dbUrl, '--listen', `127.0.0.1:${port}`,
    '--workers', String(workers), ...args], {
    env: { ...process.env, STEWARD_LOG_LEVEL: 'warn', ...env },
  });
  const run = { proc, stdout: '', stderr: '' };
  proc.stdout.on('data', (d) => { run.stdout += d; });
  proc.stderr.on('data', (d) => { run.stderr += d; });
  run.exited = new Promise((res) => proc.on('close', (code, signal) => res({ code, signal })));
  const started = Date.now();
  while (!/Steward is listening on/.test(run.stdout)) {
    if (proc.exitCode !== null) throw new Error(`server exited early (${proc.exitCode}): ${run.stderr}${run.stdout}`);
    if (Date.now() - started > 30000) {
      proc.kill('SIGKILL');
      throw new Error(`server did not start: ${run.stderr}${run.stdout}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return run;
}

// Start a server. Options: demo (load demo data, default true), env (extra
// environment for the server), workers (default 2), args (extra serve args),
// db (the URL of another server's database, to run a second server on the
// same data; it is left for its owner to drop). Under STEWARD_TEST_SCALE=2
// this is two servers behind nginx (see the top of this file); logs() is
// then both servers' output, one after the other.
export async function startServer({ demo = true, env = {}, workers = 2, args = [], db: shared } = {}) {
  const db = shared ? { url: shared, drop: () => {} } : freshDatabase();
  let demoOut = '';
  try {
    if (!shared) {
      await ctlOk(['init', '--db', db.url]);
      if (demo) demoOut = await ctlOk(['demo', '--db', db.url]);
    }
    if (scale === 1) {
      const one = await startOne(db.url, { env, workers, args });
      return handle(one.url, one.port, db, demoOut, [one], null);
    }
    // nginx reaches the servers from 127.0.0.1: they believe its X-Forwarded-For.
    const proxied = args.includes('--trusted-proxies') ? args : ['--trusted-proxies', '127.0.0.1', ...args];
    // Started side by side; if one fails, the others are stopped.
    const started = await Promise.allSettled(Array.from({ length: scale },
      () => startOne(db.url, { env, workers, args: proxied })));
    const servers = started.filter((r) => r.status === 'fulfilled').map((r) => r.value);
    try {
      const failed = started.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
      const lb = await startNginx(servers, args);
      return handle(lb.url, lb.port, db, demoOut, servers, lb);
    } catch (e) {
      for (const s of servers) await s.stop().catch(() => {});
      throw e;
    }
  } catch (e) {
    db.drop();
    throw e;
  }
}

function handle(url, port, db, demoOut, servers, lb) {
  return {
    url,
    port,
    db: db.url,
    demoOut,
    // The servers' own addresses (one, or each behind nginx).
    serverUrls: servers.map((s) => s.url),
    logs: () => ({ stdout: servers.map((s) => s.logs().stdout).join(''),
      stderr: servers.map((s) => s.logs().stderr).join('') }),
    ctl: (a, e) => ctl(a.map((x) => (x === '$DB' ? db.url : x)), e),
    // SIGKILL every process of every server at once (stewardctl, Kore,
    // its workers, the background process); the database stays, and so
    // does nginx. Resolves to the pids killed.
    async kill9() {
      return (await Promise.all(servers.map((s) => s.kill9()))).flat();
    },
    // After kill9(): each server serves again on the same database and
    // port (moreEnv is added to the environment it was started with).
    async restart(moreEnv = {}) {
      await Promise.all(servers.map((s) => s.restart(moreEnv)));
    },
    async stop() {
      if (lb) await lb.stop();
      const problems = [];
      for (const s of servers) {
        try { await s.stop(); } catch (e) { problems.push(e.message); }
      }
      db.drop();
      if (problems.length) throw new Error(problems.join('\n'));
    },
  };
}

// One `stewardctl serve` on db; stop() checks its output and exit status.
// kill9() kills all its processes at once (the database stays) and
// restart() serves again on the same database and port.
async function startOne(dbUrl, { env, workers, args }) {
  const port = await freePort();
  let run = await launch(dbUrl, port, workers, args, env);
  let earlier = '';	// the output of runs ended by kill9()
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    logs: () => ({ stdout: earlier + run.stdout, stderr: earlier + run.stderr }),
    async kill9() {
      const pids = await killTree(run.proc.pid);
      await run.exited;
      return pids;
    },
    async restart(moreEnv = {}) {
      assert(run.proc.exitCode !== null || run.proc.signalCode !== null, 'restart() needs a stopped server');
      earlier += run.stdout + run.stderr;
      run = await launch(dbUrl, port, workers, args, { ...env, ...moreEnv });
    },
    async stop() {
      if (run.proc.exitCode === null && run.proc.signalCode === null) run.proc.kill('SIGTERM');
      const r = await run.exited;
      const all = earlier + run.stdout + run.stderr;
      for (const p of SAN_PATTERNS) {
        if (p.test(all)) throw new Error(`server reported a problem (${p}):\n${all.slice(-4000)}`);
      }
      if (r.code !== 0) throw new Error(`server exited with ${r.code ?? r.signal}:\n${run.stderr.slice(-4000)}`);
    },
  };
}

// nginx in front of servers, in a temporary prefix (its pid file, logs and
// buffers), as the user running the tests. The proxying is the shipped
// deploy/nginx/steward-proxy.conf, with client_max_body_size following
// the servers' --body-max.
async function startNginx(servers, args) {
  const dir = mkdtempSync(join(tmpdir(), 'steward-nginx-'));
  chmodSync(dir, 0o755);	// nginx's workers run as nobody when the tests run as root
  mkdirSync(join(dir, 'tmp'));
  const port = await freePort();
  const bodyMax = args.includes('--body-max') ? args[args.indexOf('--body-max') + 1] : '1048576';
  const snippet = readFileSync(join(root, 'deploy/nginx/steward-proxy.conf'), 'utf8')
    .replace(/^client_max_body_size .*$/m, `client_max_body_size ${bodyMax};`);
  writeFileSync(join(dir, 'steward-proxy.conf'), snippet);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((t) => `\t${t}_temp_path ${join(dir, 'tmp', t)};`).join('\n');
  writeFileSync(join(dir, 'nginx.conf'), `# Written by tests/lib/server.mjs.
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events {
\tworker_connections 1024;
}
http {
\taccess_log off;
${temp}
\tupstream steward {
${servers.map((s) => `\t\tserver 127.0.0.1:${s.port} max_fails=0;`).join('\n')}
\t\tkeepalive 16;
\t\tkeepalive_timeout 10s;
\t}
\tserver {
\t\tlisten 127.0.0.1:${port};
\t\tadd_header X-Steward-Upstream $upstream_addr always;
\t\tinclude ${join(dir, 'steward-proxy.conf')};
\t}
}
`);
  const proc = spawn('nginx', ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf'),
    '-g', 'daemon off; master_process on;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (d) => { output += d; });
  proc.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((res) => proc.on('close', (code, signal) => res({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`nginx exited (${proc.exitCode}): ${output}`);
    try {
      if ((await fetch(url + '/healthz')).status === 200) break;
    } catch { /* not listening yet */ }
    if (Date.now() - started > 15000) {
      proc.kill('SIGKILL');
      throw new Error(`nginx did not start: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    port,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGQUIT');
      const r = await exited;
      let log = '';
      try { log = readFileSync(join(dir, 'error.log'), 'utf8'); } catch { /* none */ }
      rmSync(dir, { recursive: true, force: true });
      if (r.code !== 0 && r.signal !== 'SIGQUIT') throw new Error(`nginx exited with ${r.code ?? r.signal}:\n${output}${log}`);
    },
  };
}

// Writes raw bytes (a string, or an array of strings written one after the
// other) on a new connection to port and resolves with what came back, once
// a whole answer (its head and Content-Length bytes of body) has arrived or
// the connection closed; rejects after timeout ms. A server may keep the
// connection open a while after answering (nginx reads what the client
// still sends before it closes), so the answer is judged as it is complete.
// Like every other answer, it is checked against the API description
// (rawChecked) when the bytes start with a request line.
export async function rawExchange(port, bytes, timeout = 5000) {
  const data = await rawBytes(port, bytes, timeout);
  rawChecked([].concat(bytes).join(''), data);
  return data;
}

// The first answer in data, to the request line that starts sent, checked
// against the document (a request without a request line, or an answer
// without a status line, is not the API's to judge).
function rawChecked(sent, data) {
  const line = /^([A-Z]+) (\/\S*) HTTP\/1\.[01]\r\n/.exec(sent);
  const end = data.indexOf('\r\n\r\n');
  const head = end < 0 ? null : /^HTTP\/1\.[01] (\d{3})[^\r]*\r\n/.exec(data);
  if (!line || !head) return;
  const headers = new Headers();
  for (const h of data.slice(head[0].length, end).split('\r\n')) {
    const i = h.indexOf(':');
    if (i > 0) headers.append(h.slice(0, i).trim(), h.slice(i + 1).trim());
  }
  const len = Number(headers.get('content-length') ?? 0);
  const text = Buffer.from(data.slice(end + 4)).subarray(0, len).toString();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  checkResponse({ method: line[1], path: line[2], status: Number(head[1]), headers, json, text });
}

function rawBytes(port, bytes, timeout) {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => {
      for (const b of [].concat(bytes)) s.write(b);
    });
    let data = '';
    const done = () => { clearTimeout(timer); s.destroy(); resolve(data); };
    s.on('data', (d) => {
      data += d;
      const end = data.indexOf('\r\n\r\n');
      const len = end < 0 ? null : /\r\ncontent-length: *(\d+)/i.exec(data.slice(0, end));
      if (len && Buffer.byteLength(data.slice(end + 4)) >= Number(len[1])) done();
    });
    s.on('close', done);
    s.on('error', (e) => { clearTimeout(timer); reject(e); });
    const timer = setTimeout(() => { s.destroy(); reject(new Error('no answer')); }, timeout);
  });
}

// The answer to a request: { status, headers, json (null unless JSON), text },
// checked against the API description first.
async function answer(method, path, res) {
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  const r = { status: res.status, headers: res.headers, json, text };
  checkResponse({ method, path, ...r });
  return r;
}

// Tests that call fetch() themselves (to look at raw headers, bodies or
// connection behaviour) are held to the same document: every answer from a
// server on loopback is checked too, from a copy of its body, before the
// test sees it. The harness's own clients use the unwrapped fetch (they
// check through answer()).
const rawFetch = globalThis.fetch;
globalThis.fetch = async function checkedFetch(input, init = {}) {
  const res = await rawFetch(input, init);
  const u = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  if (u.hostname === '127.0.0.1' || u.hostname === 'localhost') {
    const method = (init.method || (typeof input === 'object' && input.method) || 'GET').toUpperCase();
    const text = await res.clone().text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    checkResponse({ method, path: u.pathname + u.search, status: res.status, headers: res.headers, json, text });
  }
  return res;
};

// A device agent's request: POST path with a JSON body (or raw text) and
// the device secret as bearer token, answered like Client.req.
export async function agentReq(base, path, body, secret = null, raw = undefined) {
  const headers = { 'content-type': 'application/json' };
  if (secret) headers.authorization = `Bearer ${secret}`;
  const res = await rawFetch(base + path, { method: 'POST', headers, body: raw ?? JSON.stringify(body) });
  return answer('POST', path, res);
}

// The demo's logins.
export const demoUsers = {
  admin: { email: 'admin@northwind.example', password: 'steward-demo-admin' },
  viewer: { email: 'viewer@northwind.example', password: 'steward-demo-viewer' },
  tanaka: { email: 'tanaka@northwind.example', password: 'steward-demo-tanaka' },
  harbor: { email: 'admin@blueharbor.example', password: 'steward-demo-harbor' },
  tech: { email: 'tech@northwind.example', password: 'steward-demo-tech' },
};

// A cookie-keeping API client for one user.
export class Client {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
    this.csrf = null;
  }

  // A new client of base, signed in as user.
  static async signedIn(base, user) {
    const c = new Client(base);
    await c.signIn(user);
    return c;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keepCookies(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i), value = pair.slice(i + 1);
      if (/Max-Age=0/i.test(c) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  // opts: { csrf: send the token (default true), headers, raw: body as is }
  async req(method, path, body, opts = {}) {
    const headers = { ...(opts.headers || {}) };
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    if (body !== undefined && !('content-type' in headers)) headers['content-type'] = 'application/json';
    if (opts.csrf !== false && this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const res = await rawFetch(this.base + path, {
      method,
      headers,
      body: body === undefined ? undefined : (opts.raw ? body : JSON.stringify(body)),
    });
    this.keepCookies(res);
    return answer(method, path, res);
  }

  async signIn(user) {
    const r = await this.req('POST', '/api/v1/session', { email: user.email, password: user.password });
    if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${r.text}`);
    this.csrf = r.json.csrf_token;
    return r.json;
  }
}

// An API client's caller: a bearer token, no cookies, no CSRF token.
// ApiClient.create(admin, accountId, { role, customer_ids, name }) makes
// the client through admin's session and exchanges its secret.
export class ApiClient {
  constructor(base, token = null) {
    this.base = base;
    this.token = token;
  }

  async req(method, path, body, opts = {}) {
    const headers = { ...(opts.headers || {}) };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined && !('content-type' in headers)) headers['content-type'] = 'application/json';
    const res = await rawFetch(this.base + path, {
      method,
      headers,
      body: body === undefined ? undefined : (opts.raw ? body : JSON.stringify(body)),
    });
    return answer(method, path, res);
  }

  static async create(admin, accountId, { role = 'admin', customer_ids = null, name = 'Integration' } = {}) {
    const c = await admin.req('POST', `/api/v1/accounts/${accountId}/api-clients`, { name, role, customer_ids });
    if (c.status !== 201) throw new Error(`API client not created: ${c.status} ${c.text}`);
    const t = await rawFetch(admin.base + '/api/v1/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: c.json.client_id,
        client_secret: c.json.client_secret }),
    });
    const { status, json: tj, text } = await answer('POST', '/api/v1/oauth/token', t);
    if (status !== 200) throw new Error(`no token: ${status} ${text}`);
    const client = new ApiClient(admin.base, tj.access_token);
    client.id = c.json.id;
    client.secret = c.json.client_secret;
    return client;
  }
}

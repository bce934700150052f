// Slow work never holds up a request worker: e-mail goes out from the
// background process (an SMTP server that accepts a connection and never
// answers holds up that process only), and the Argon2id check of a
// sign-in runs on a task thread while the worker answers other requests.
// Every server here has one worker, so anything done on it would show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startServer, Client, demoUsers } from '../lib/server.mjs';

// An SMTP server that accepts connections and never says a word.
async function silentSmtp() {
  const sockets = [];
  const srv = createServer((s) => { sockets.push(s); s.on('error', () => {}); });
  await new Promise((res) => srv.listen(0, '127.0.0.1', res));
  return {
    port: srv.address().port,
    connections: () => sockets.length,
    open: () => sockets.filter((s) => !s.destroyed).length,
    stop: () => new Promise((res) => { for (const s of sockets) s.destroy(); srv.close(res); }),
  };
}

async function timed(fn) {
  const t0 = performance.now();
  const r = await fn();
  return { r, ms: performance.now() - t0 };
}

test('a worker keeps answering while the SMTP server accepts the connection and never answers', async () => {
  const smtp = await silentSmtp();
  const srv = await startServer({
    workers: 1,
    args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--mail-from', 'steward@hub.example'],
    // A delivery may wait a minute for the server: far longer than this test.
    env: { STEWARD_MAIL_POLL_MS: '100', STEWARD_SMTP_TIMEOUT: '60' },
  });
  try {
    const admin = new Client(srv.url);
    await admin.signIn(demoUsers.admin);
    // The demo's notices are waiting: the sender connects and hangs.
    const t0 = Date.now();
    while (smtp.connections() === 0) {
      assert.ok(Date.now() - t0 < 15000, 'the background process never connected to the SMTP server');
      await new Promise((r) => setTimeout(r, 50));
    }
    const slowest = [];
    for (let i = 0; i < 20; i++) {
      const { r, ms } = await timed(() => admin.req('GET', '/api/v1/me'));
      assert.equal(r.status, 200);
      slowest.push(ms);
      await new Promise((res) => setTimeout(res, 100));
    }
    // Still hanging at the end: the answers came while it was stuck.
    assert.ok(smtp.open() > 0, 'the SMTP connection is still open');
    slowest.sort((a, b) => b - a);
    // A worker held by the delivery would answer only when the SMTP
    // timeout (60 s) ends; a loaded machine may still take a second.
    assert.ok(slowest[0] < 5000, `GET /api/v1/me took ${slowest[0].toFixed(0)} ms while the SMTP server hung`);
    // Nothing was sent; the operator's outbox still has them waiting.
    const op = new Client(srv.url);
    await op.signIn({ email: 'operator@steward.example', password: 'steward-demo-operator' });
    const box = (await op.req('GET', '/api/v1/operator/outbox')).json;
    assert.equal(box.counts.sent, 0);
    assert.ok(box.counts.waiting >= 8);
  } finally {
    // A delivery in progress is given up at once when the server stops.
    const { ms } = await timed(() => srv.stop());
    await smtp.stop();
    assert.ok(ms < 10000, `stopping took ${ms.toFixed(0)} ms`);
  }
});

test('password checks of sign-ins do not hold up other requests of the worker', async () => {
  const srv = await startServer({ workers: 1 });
  try {
    const admin = new Client(srv.url);
    await admin.signIn(demoUsers.admin);
    // One sign-in on its own: mostly its Argon2id check.
    const alone = [];
    for (let i = 0; i < 3; i++) alone.push((await timed(() => new Client(srv.url).signIn(demoUsers.viewer))).ms);
    const signInMs = Math.min(...alone);
    // Many at once, and quick requests in the middle of them: with the
    // check on the worker's event loop, each quick request would wait for
    // the check under way (about signInMs).
    const n = 24;
    let done = 0;
    const signIns = [];
    for (let i = 0; i < n; i++) {
      signIns.push(new Client(srv.url).signIn(demoUsers.viewer).then(() => { done += 1; }));
    }
    const quick = [];
    await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 7; i++) {
      const { r, ms } = await timed(() => admin.req('GET', '/api/v1/me'));
      assert.equal(r.status, 200);
      quick.push(ms);
      await new Promise((res) => setTimeout(res, 30));
    }
    const doneMeanwhile = done;
    await Promise.all(signIns);
    assert.equal(done, n);
    assert.ok(doneMeanwhile < n, 'the sign-ins were still going on');
    quick.sort((a, b) => a - b);
    const median = quick[3];
    assert.ok(median < signInMs / 2, `GET /me took ${median.toFixed(0)} ms (median) during the sign-ins; ` +
      `one sign-in takes ${signInMs.toFixed(0)} ms`);
  } finally {
    await srv.stop();
  }
});

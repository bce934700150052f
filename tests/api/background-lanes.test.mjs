// The background process sends e-mail and webhook deliveries in lanes of
// their own (src/jobs/jobs.c): a webhook receiver that accepts a delivery
// and never answers must not hold up e-mail (a password reset, a critical
// alert's notice), and the process still stops promptly while it hangs.
// Mail goes through a real SMTP server on loopback; the receiver is a
// real HTTP server on loopback.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, Client, demoUsers } from '../lib/server.mjs';
import { startSmtp } from '../lib/smtp.mjs';
import { until } from '../lib/wait.mjs';
import { deliveryProblems } from '../lib/openapi.mjs';

let smtp, srv, receiver, rport, admin, acc;
const held = [];	// deliveries the receiver holds open: { at, closed }
const contract = [];	// what they were, against the API document

before(async () => {
  receiver = http.createServer((req, res) => {
    const h = { at: Date.now(), closed: false, res };
    held.push(h);
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => contract.push(...deliveryProblems(req.headers, body)));
    req.socket.on('close', () => { h.closed = true; });	// never answered
  });
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
  rport = receiver.address().port;
  smtp = await startSmtp();
  srv = await startServer({
    args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--mail-from', 'Steward <steward@hub.example>',
      '--public-url', 'https://steward.example.test/'],
    env: { STEWARD_MAIL_POLL_MS: '200', STEWARD_WEBHOOK_TIMEOUT_SECONDS: '60', STEWARD_SIGNIN_MAX_PER_IP: '1000' },
  });
  admin = new Client(srv.url);
  await admin.signIn(demoUsers.admin);
  acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
});
after(async () => {
  await srv?.stop();
  await smtp?.stop();
  for (const h of held) h.res.destroy();
  receiver?.close();
  assert.deepEqual(contract, [], 'every event received is what the API document describes');
});


test('e-mail goes out while a webhook receiver holds a delivery without answering', async () => {
  const url = (p) => `/api/v1/accounts/${acc}${p}`;
  let r = await admin.req('POST', url('/webhooks'), {
    url: `http://127.0.0.1:${rport}/hang`, events: ['customer.created'],
  });
  assert.equal(r.status, 201, r.text);
  r = await admin.req('POST', url('/customers'), {
    source: 'new', email: 'it@lanes.example', contact_person: 'Ada Lovelace', phone: '+44 20 7946 0958',
    company: 'Lanes Haulage Ltd', industry: 'it_telecom', website: 'lanes.example',
    street: '12 Marylebone Road', postal_code: 'NW1 5LN', city: 'London', country: 'GB', segment_discount: null,
    management: { mode: 'local', template: 'workstation' },
  });
  assert.equal(r.status, 201, r.text);
  // The delivery reaches the receiver, which keeps it open (for up to the
  // 60 s the server allows one delivery).
  const hung = await until(() => held[0]);
  r = await new Client(srv.url).req('POST', '/api/v1/password-resets', { email: demoUsers.tech.email });
  assert.equal(r.status, 202, r.text);
  const [mail] = await smtp.waitFor((m) => m.rcpt[0] === demoUsers.tech.email, 1);
  assert.ok(mail, 'the reset e-mail arrived');
  assert.equal(hung.closed, false, 'the e-mail went out while the webhook delivery was still held open');
  assert.equal(held.length, 1, 'the held delivery was not sent twice meanwhile');
});

test('the server stops without waiting out a delivery that is still held', async () => {
  assert.equal(held[0].closed, false);
  const s = srv;
  srv = null;
  await s.stop();
  const logs = s.logs ? s.logs().stderr + s.logs().stdout : '';
  if (s.logs) {
    assert.doesNotMatch(logs, /did not stop in \d+ seconds/);
    assert.match(logs, /the webhook lane is still sending; given up/);
  }
  await until(() => held[0].closed);
});

// A small SMTP server for the tests (RFC 5321 as libcurl speaks it):
// EHLO/HELO, optional STARTTLS (tls: { key, cert }; the session must then
// turn to TLS before MAIL) or TLS from the first byte (tls.implicit, as for
// smtps://), optional AUTH PLAIN, MAIL, RCPT, DATA, RSET,
// NOOP, QUIT.
// Every accepted message is kept with its envelope; replies to RCPT can be
// chosen per recipient (reject) to test temporary and permanent failures.
// stop() closes the port and drops every connection; start() opens the
// same port again. parseMessage() decodes what Steward sent: unfolded
// headers, RFC 2047 encoded words, multipart/alternative parts.
import { createServer } from 'node:net';
import { TLSSocket, createServer as createTlsServer } from 'node:tls';

export async function startSmtp({ port = 0, reject = () => null, auth = null, tls = null } = {}) {
  const messages = [];
  const sockets = new Set();
  let server = null;
  let boundPort = port;

  function handle(sock) {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    let conn = sock;
    let secure = Boolean(tls?.implicit);
    let buf = '';
    let inData = false;
    let env = { from: null, rcpt: [], auth: null };
    let authed = auth === null;
    let pendingAuth = false;
    const checkPlain = (b64) => {
      const parts = Buffer.from(b64, 'base64').toString('utf8').split('\0');
      if (parts[1] === auth.user && parts[2] === auth.password) {
        authed = true;
        env.auth = parts[1];
        reply('235 2.7.0 authenticated');
      } else reply('535 5.7.8 bad credentials');
    };
    const reply = (s) => { if (!conn.destroyed) conn.write(s + '\r\n'); };
    reply('220 test.example ESMTP ready');
    const onData = (d) => {
      buf += d.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const raw = buf.slice(0, end + 2).replace(/^\.\./gm, '.');
          buf = buf.slice(end + 5);
          inData = false;
          messages.push({ from: env.from, rcpt: [...env.rcpt], auth: env.auth, tls: secure,
            raw: Buffer.from(raw, 'latin1').toString('utf8'), at: Date.now() });
          env = { from: null, rcpt: [], auth: env.auth };
          reply('250 2.0.0 queued');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        if (pendingAuth) {
          // The credentials of "AUTH PLAIN" sent after the 334 prompt.
          pendingAuth = false;
          checkPlain(line);
          continue;
        }
        const verb = line.split(' ')[0].toUpperCase();
        if (verb === 'EHLO') {
          reply('250-test.example');
          if (tls && !secure) reply('250-STARTTLS');
          if (auth) reply('250-AUTH PLAIN');
          reply('250 8BITMIME');
        } else if (verb === 'HELO') reply('250 test.example');
        else if (verb === 'AUTH') {
          const [, mech, b64] = line.split(' ');
          if (mech?.toUpperCase() !== 'PLAIN' || !auth) reply('504 5.5.4 mechanism not supported');
          else if (b64 === undefined) { pendingAuth = true; reply('334 '); }
          else checkPlain(b64);
        } else if (verb === 'STARTTLS' && tls && !secure) {
          // Everything after the 220 is TLS: a fresh session on top of it.
          reply('220 2.0.0 ready to start TLS');
          sock.off('data', onData);
          conn = new TLSSocket(sock, { isServer: true, key: tls.key, cert: tls.cert });
          conn.on('error', () => {});
          conn.on('data', onData);
          secure = true;
          buf = '';
          env = { from: null, rcpt: [], auth: null };
          return;
        } else if (verb === 'MAIL') {
          if (tls && !secure) { reply('530 5.7.0 must issue a STARTTLS command first'); continue; }
          if (!authed) { reply('530 5.7.0 authentication required'); continue; }
          env.from = (line.match(/<([^>]*)>/) || [])[1] ?? null;
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          const to = (line.match(/<([^>]*)>/) || [])[1] ?? '';
          const r = reject(to);
          if (r) reply(r);
          else { env.rcpt.push(to); reply('250 2.1.5 ok'); }
        } else if (verb === 'DATA') {
          if (env.rcpt.length === 0) { reply('554 5.5.1 no valid recipients'); continue; }
          inData = true;
          reply('354 go ahead');
        } else if (verb === 'RSET') { env = { from: null, rcpt: [], auth: env.auth }; reply('250 ok'); }
        else if (verb === 'NOOP') reply('250 ok');
        else if (verb === 'QUIT') { reply('221 bye'); conn.end(); }
        else reply('502 5.5.2 not implemented');
      }
    };
    sock.on('data', onData);
  }

  async function start() {
    server = tls?.implicit ? createTlsServer({ key: tls.key, cert: tls.cert }, handle) : createServer(handle);
    await new Promise((res, rej) => {
      server.once('error', rej);
      server.listen(boundPort, '127.0.0.1', () => res());
    });
    boundPort = server.address().port;
  }

  async function stop() {
    if (!server) return;
    const s = server;
    server = null;
    for (const sock of sockets) sock.destroy();
    await new Promise((res) => s.close(() => res()));
  }

  // Resolves with the messages matching pred once there are at least n.
  async function waitFor(pred, n = 1, timeout = 15000) {
    const t0 = Date.now();
    for (;;) {
      const found = messages.filter(pred);
      if (found.length >= n) return found;
      if (Date.now() - t0 > timeout) {
        throw new Error(`waited ${timeout} ms for ${n} message(s), got ${found.length} ` +
          `(${messages.length} in all)`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  await start();
  return { get port() { return boundPort; }, messages, start, stop, waitFor };
}

function decodeWords(s) {
  // Adjacent encoded words separated by white space join without it.
  return s.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, cs, enc, text) => {
    if (enc.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
    return Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi,
      (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  });
}

function parseHeaders(block) {
  const headers = {};
  const raw = [];
  for (const line of block.split('\r\n')) {
    if (/^[ \t]/.test(line) && raw.length) raw[raw.length - 1] += line;
    else if (line) raw.push(line);
  }
  for (const h of raw) {
    const i = h.indexOf(':');
    headers[h.slice(0, i).toLowerCase()] = h.slice(i + 1).trim();
  }
  return headers;
}

// { headers (raw, unfolded), subject, from, to (decoded), parts: [{ type, charset, encoding, text }] }
export function parseMessage(raw) {
  const sep = raw.indexOf('\r\n\r\n');
  const headerBlock = raw.slice(0, sep);
  const body = raw.slice(sep + 4);
  const headers = parseHeaders(headerBlock);
  const ct = headers['content-type'] || '';
  const boundary = (ct.match(/boundary="([^"]+)"/) || [])[1];
  const parts = [];
  if (boundary) {
    const chunks = body.split('--' + boundary);
    for (const c of chunks.slice(1)) {
      if (c.startsWith('--')) break;
      const psep = c.indexOf('\r\n\r\n');
      const ph = parseHeaders(c.slice(2, psep));
      const pbody = c.slice(psep + 4);
      const type = (ph['content-type'] || '').split(';')[0].trim();
      const charset = ((ph['content-type'] || '').match(/charset=([^;\s]+)/i) || [])[1];
      const encoding = ph['content-transfer-encoding'];
      const text = encoding === 'base64' ? Buffer.from(pbody.replace(/\s+/g, ''), 'base64').toString('utf8') : pbody;
      parts.push({ type, charset, encoding, text });
    }
  }
  return {
    headerBlock,
    headers,
    subject: decodeWords(headers.subject || ''),
    from: decodeWords(headers.from || ''),
    to: decodeWords(headers.to || ''),
    parts,
  };
}

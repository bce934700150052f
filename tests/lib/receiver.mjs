// A webhook receiver on loopback, as an integration's endpoint would be:
// it reads each request whole, holds it to the API document's webhook
// section (deliveryProblems(), openapi.mjs), records it and answers 204.
// startReceiver() resolves to { port, received, problems, close() }:
// received lists { path, headers, event, body, json } in arrival order
// (body as sent, json parsed or null); problems is what the document
// refuses in them, which the test's after() asserts empty. Tests whose
// receiver fails, hangs or holds deliveries on purpose keep their own.
import http from 'node:http';
import { deliveryProblems } from './openapi.mjs';

export function startReceiver() {
  const rec = { port: 0, received: [], problems: [] };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      rec.problems.push(...deliveryProblems(req.headers, body));
      let json = null;
      try { json = JSON.parse(body); } catch { /* the problems say so */ }
      rec.received.push({ path: req.url, headers: req.headers, event: req.headers['steward-event'], body, json });
      res.writeHead(204);
      res.end();
    });
  });
  rec.close = () => new Promise((resolve) => server.close(resolve));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    rec.port = server.address().port;
    resolve(rec);
  }));
}

// Bulk onboarding at scale: POST .../customers/import with a CSV file of
// BENCH_ROWS customers (a fifth of them Japanese), first as a dry run
// (every row checked, nothing written), then for real (one transaction:
// OMS record, customer, local policy, audit entry and webhook event per
// row). Reports wall-clock time through HTTP and rows per second.
//
//   node bench/import.mjs                    # SQLite
//   STEWARD_TEST_DB=pg STEWARD_TEST_PG_URL=postgresql:///postgres?host=/path \
//     node bench/import.mjs                  # PostgreSQL
//
// BENCH_ROWS (10000). 10,000 rows are about 1.4 MB: within the import's
// own limit (--import-max, 16 MiB by default).
import { performance } from 'node:perf_hooks';
import { startServer, Client, demoUsers, backend } from '../tests/lib/server.mjs';

const ROWS = Number(process.env.BENCH_ROWS || 10000);
const words = ['Alpine', 'Harbor', 'Maple', 'Cedar', 'Summit', 'Delta', 'Orion', 'Atlas', 'Nova', 'Pioneer', 'Granite', 'Willow'];
const kinds = ['Dental', 'Logistics', 'Legal', 'Foods', 'Clinic', 'Traders', 'Motors', 'Labs', 'Partners', 'Studios'];
const jp = ['さくら', 'ふじ', 'みなと', 'ひかり', 'あおば', 'つばさ', 'やまと', 'こだま'];
const jpKinds = ['精機', '商事', '物流', '建設', '食品', '電機'];

function csv(n) {
  const rows = ['\ufeffemail,contact_person,phone,company,industry,website,street,postal_code,city,country'];
  for (let i = 0; i < n; i++) {
    if (i % 5 === 0) {
      rows.push(`soumu${i}@jp${i}.example,佐藤 陽子,03-1234-5678,株式会社${jp[i % jp.length]}${jpKinds[(i >> 3) % jpKinds.length]}${i},` +
        `manufacturing,jp${i}.example,千代田区丸の内1-1-${i % 50 + 1},100-0005,東京都,JP`);
    } else {
      rows.push(`it${i}@co${i}.example,Ada Lovelace,+44 20 7946 ${String(1000 + (i % 9000)).padStart(4, '0')},` +
        `"${words[i % words.length]} ${kinds[(i >> 4) % kinds.length]}, ${i} Ltd",retail,co${i}.example,` +
        `${i % 200 + 1} Marylebone Road,NW1 5LN,London,GB`);
    }
  }
  return rows.join('\r\n') + '\r\n';
}

const srv = await startServer();
try {
  const admin = new Client(srv.url);
  await admin.signIn(demoUsers.admin);
  const acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
  const body = csv(ROWS);
  const post = async (dry) => {
    const t0 = performance.now();
    const r = await admin.req('POST', `/api/v1/accounts/${acc}/customers/import${dry ? '?dry_run=true' : ''}`, body,
      { raw: true, headers: { 'content-type': 'text/csv' } });
    const ms = performance.now() - t0;
    if (r.status !== (dry ? 200 : 201)) throw new Error(`${r.status} ${r.text.slice(0, 400)}`);
    return ms;
  };
  console.log(`${backend}: ${ROWS} rows, ${(Buffer.byteLength(body) / 1e6).toFixed(2)} MB`);
  const dry = await post(true);
  console.log(`dry run: ${(dry / 1000).toFixed(2)} s (${Math.round(ROWS / (dry / 1000))} rows/s)`);
  // While the import runs (on a task thread), the same workers keep
  // answering: time a few /healthz requests made meanwhile.
  const during = [];
  let importing = true;
  const probe = (async () => {
    await new Promise((r) => setTimeout(r, 300));
    while (importing) {
      const t0 = performance.now();
      await fetch(`${srv.url}/healthz`);
      during.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const real = await post(false);
  importing = false;
  await probe;
  console.log(`import:  ${(real / 1000).toFixed(2)} s (${Math.round(ROWS / (real / 1000))} rows/s)`);
  if (during.length) {
    console.log(`/healthz meanwhile: ${during.length} requests, slowest ${Math.max(...during).toFixed(1)} ms`);
  }
  const total = (await admin.req('GET', `/api/v1/accounts/${acc}/customers?limit=1`)).json.total;
  console.log(`customers now: ${total}`);
} finally {
  await srv.stop();
}

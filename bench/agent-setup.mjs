// The installation bench/agent.sh checks devices into: the demo partner
// (Northwind) gets CUSTOMERS more customers through the API, half of them
// on a global workstation policy and half with a policy of their own, and
// every one's installer token is read through the API.
//
//   node bench/agent-setup.mjs URL CUSTOMERS OUTDIR
//
// Writes OUTDIR/customers.tsv (partner id, customer id: what
// `agentsim gen` spreads devices over) and OUTDIR/tokens.tsv (installer
// token, group: what `agentsim enroll` enrols with).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, demoUsers } from '../tests/lib/server.mjs';

const [url, count, outDir] = process.argv.slice(2);
const N = Number(count);
if (!url || !N || !outDir) {
  console.error('usage: node bench/agent-setup.mjs URL CUSTOMERS OUTDIR');
  process.exit(2);
}

const admin = new Client(url);
await admin.signIn(demoUsers.admin);
const acc = (await admin.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.kind === 'partner').id;
const gp = (await admin.req('GET', `/api/v1/accounts/${acc}/policies`)).json.policies[0].id;

const ids = new Array(N);
let next = 0;
const worker = async () => {
  for (;;) {
    const i = next++;
    if (i >= N) return;
    const body = {
      source: 'new', email: `it${i}@dev${i}.example`, contact_person: 'Bench Mark', phone: '+44 20 7946 0958',
      company: `Device Customer ${String(i).padStart(5, '0')}`, industry: 'retail', website: `dev${i}.example`,
      street: '1 Road', postal_code: 'SW1A 1AA', city: 'London', country: 'GB', segment_discount: null,
      management: i % 2 ? { mode: 'local', template: 'workstation' } : { mode: 'global', global_policy_ids: [gp] },
    };
    const r = await admin.req('POST', `/api/v1/accounts/${acc}/customers`, body);
    if (r.status !== 201) throw new Error(`customer ${i}: ${r.status} ${r.text}`);
    ids[i] = r.json.customer.id;
  }
};
await Promise.all(Array.from({ length: 8 }, worker));

const tokens = new Array(N);
next = 0;
const tokenWorker = async () => {
  for (;;) {
    const i = next++;
    if (i >= N) return;
    const r = await admin.req('GET', `/api/v1/accounts/${acc}/customers/${ids[i]}/installer`);
    if (r.status !== 200) throw new Error(`installer ${i}: ${r.status} ${r.text}`);
    tokens[i] = r.json.token;
  }
};
await Promise.all(Array.from({ length: 8 }, tokenWorker));

writeFileSync(join(outDir, 'customers.tsv'), ids.map((id) => `${acc}\t${id}\n`).join(''));
writeFileSync(join(outDir, 'tokens.tsv'), tokens.map((t, i) => `${t}\tc${i}-workstation\n`).join(''));
console.log(`partner ${acc}: ${N} customers, ${N} installer tokens`);

// Select from OMS against a large OMS (STEWARD_E2E_OMS_RECORDS records for
// the demo partner, 50,000 by default; or STEWARD_E2E_OMS_DB, a copy of a
// database already loaded the way bench/customers.mjs loads one): past
// 1,000 matches the drawer says "more than" and asks for a narrower
// search, in English and Japanese; typing a word key by key keeps every
// key, answers the last thing typed (an earlier, slower answer never
// replaces it) and narrows to an exact count; "Load more" then says how
// many of how many are shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, demoUsers, ctlOk } from '../lib/server.mjs';
import { launch, signIn, shot, apiAs, partnerId, until } from './support.mjs';

const RECORDS = Number(process.env.STEWARD_E2E_OMS_RECORDS || 50000);
const LOADED = process.env.STEWARD_E2E_OMS_DB || '';

let server, browser, api, acc, dir;

// The records bench/customers.mjs imports: Latin and Japanese companies,
// a tenth of the Latin ones incomplete (never listed).
const words = ['Alpine', 'Harbor', 'Maple', 'Cedar', 'Summit', 'Delta', 'Orion', 'Atlas', 'Nova', 'Pioneer', 'Granite', 'Willow', 'Falcon', 'Beacon'];
const kinds = ['Dental', 'Logistics', 'Legal', 'Foods', 'Clinic', 'Traders', 'Motors', 'Labs', 'Partners', 'Studios'];
const jp = ['さくら', 'ふじ', 'みなと', 'ひかり', 'あおば', 'つばさ', 'やまと', 'こだま'];
const jpKinds = ['精機', '商事', '物流', '建設', '食品', '電機'];
function record(i) {
  if (i % 5 === 0) {
    return { company: `株式会社${jp[i % jp.length]}${jpKinds[(i >> 3) % jpKinds.length]} ${i}`, eligible: true,
      row: `business,contact${i}@co${i}.example,陽子,佐藤,株式会社${jp[i % jp.length]}${jpKinds[(i >> 3) % jpKinds.length]} ${i},` +
        `manufacturing,co${i}.example,+81 3-1234-${String(1000 + (i % 9000)).padStart(4, '0')},千代田区丸の内1-1,100-0005,東京都,JP` };
  }
  const company = `${words[i % words.length]} ${kinds[(i >> 4) % kinds.length]} ${i}`;
  return { company, eligible: i % 10 !== 9,
    row: `business,contact${i}@co${i}.example,Ada,Lovelace,${company},retail,co${i}.example,` +
      `+1 212 555 01${String(i % 100).padStart(2, '0')},${i % 900 + 1} Broadway,10005,${i % 10 === 9 ? '' : 'New York'},US` };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steward-e2e-oms-'));
  if (LOADED) {
    const db = join(dir, 'steward.db');
    copyFileSync(LOADED, db);
    copyFileSync(`${LOADED}.key`, `${db}.key`);
    await ctlOk(['init', '--db', db]);
    server = await startServer({ db, args: ['--no-jobs'] });
  } else {
    server = await startServer({ args: ['--no-jobs'] });
  }
  api = await apiAs(server, demoUsers.admin);
  acc = await partnerId(api);
  if (!LOADED) {
    const file = join(dir, 'oms.csv');
    const rows = ['type,email,first_name,last_name,company,industry,website,phone,street,postal_code,city,country'];
    for (let i = 0; i < RECORDS; i++) rows.push(record(i).row);
    writeFileSync(file, rows.join('\n') + '\n');
    await ctlOk(['oms', 'import', '--db', server.db, '--partner', acc, file]);
  }
  // The search blocks, as the background process builds them.
  await ctlOk(['oms', 'index', '--db', server.db, '--partner', acc]);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openPicker(page, { create, fromOms, select, title }) {
  await page.getByRole('button', { name: create }).click();
  await page.getByRole('radio', { name: fromOms }).check();
  await page.getByRole('button', { name: select }).click();
  const picker = page.getByRole('dialog', { name: title });
  await picker.waitFor();
  return picker;
}

// The picker's requests for records, answered or not.
function watchSearches(page) {
  const w = { sent: 0, answered: 0 };
  page.on('request', (r) => { if (r.url().includes('/oms/records')) w.sent++; });
  const done = (r) => { if (r.url().includes('/oms/records')) w.answered++; };
  page.on('requestfinished', done);
  page.on('requestfailed', done);	// dropped for a newer search
  return w;
}

test('English: more than 1,000 asks for a narrower search; typing key by key narrows to an exact count', async () => {
  const page = await signIn(browser, server, demoUsers.admin);
  const searches = watchSearches(page);
  const picker = await openPicker(page, { create: '+ Customer', fromOms: 'Create from OMS', select: 'Select from OMS',
    title: 'Select from OMS' });
  const count = picker.locator('p.oms-count[role="status"]');
  await count.getByText('More than 1,000 results found — refine your search').waitFor();
  assert.equal(await picker.locator('tbody tr').count(), 20);
  // Shown without a total: the total is not known.
  assert.equal(await picker.locator('.load-more .muted').innerText(), '20 shown');
  await shot(page, 'oms-search-many-en.png');

  // Key by key, as a user types: every key stays in the field, and the
  // list answers what is typed last, not an earlier prefix.
  const input = picker.getByLabel('Find customer:');
  await input.click();
  const term = 'さくら精機 10';
  const sentBefore = searches.sent;
  // The answer to the whole term: an answer to a prefix may show a count
  // first when a loaded machine stretches a pause between keys.
  const last = page.waitForResponse((r) => r.url().includes('/oms/records') &&
    new URL(r.url()).searchParams.get('find') === term);
  await page.keyboard.type(term, { delay: 40 });
  assert.equal(await input.inputValue(), term);
  const want = [];
  if (!LOADED) {
    for (let i = 0; i < RECORDS; i++) {
      const r = record(i);
      if (r.eligible && r.company.includes(term)) want.push(r.company);
    }
    assert.ok(want.length > 0 && want.length <= 1000, `${want.length} matches`);
  }
  await last;
  await count.getByText(/^\d+ results? found$/).waitFor();
  await until(() => searches.sent === searches.answered);
  await until(async () => (await picker.locator('tbody tr th').allInnerTexts()).every((c) => c.includes(term)));
  assert.ok(searches.sent - sentBefore < term.length, `${searches.sent - sentBefore} searches for ${term.length} keys`);
  const text = await count.innerText();
  if (!LOADED) assert.equal(text, `${want.length} result${want.length === 1 ? '' : 's'} found`);
  const companies = await picker.locator('tbody tr th').allInnerTexts();
  assert.ok(companies.length > 0 && companies.every((c) => c.includes(term)), companies.join(', '));
  if (!LOADED) assert.deepEqual(companies, want.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))).slice(0, 20));
  const n = Number(/^\d+/.exec(text)[0]);
  if (n > 20) assert.equal(await picker.locator('.load-more .muted').innerText(), `20 of ${n} shown`);

  // Back to a broad term: the lower bound again, and Load more goes on in
  // display order.
  await input.fill('harbor');
  await count.getByText('More than 1,000 results found — refine your search').waitFor();
  const first = await picker.locator('tbody tr th').allInnerTexts();
  await picker.getByRole('button', { name: 'Load more' }).click();
  await picker.locator('tbody tr').nth(39).waitFor();
  const both = await picker.locator('tbody tr th').allInnerTexts();
  assert.deepEqual(both.slice(0, 20), first);
  assert.equal(new Set(both).size, 40);
  assert.ok(both.every((c) => c.toLowerCase().includes('harbor')));
  const bytes = both.map((c) => Buffer.from(c));
  assert.ok(bytes.every((b, i) => i === 0 || Buffer.compare(bytes[i - 1], b) <= 0), 'display order');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Japanese: 1,000件を超える結果 and a request to narrow the search', async () => {
  const page = await signIn(browser, server, demoUsers.tanaka);
  const picker = await openPicker(page, { create: '+ 顧客を追加', fromOms: 'OMSから作成', select: 'OMSから選択',
    title: 'OMSから選択' });
  const count = picker.locator('p.oms-count[role="status"]');
  const many = '1,000件を超える結果が見つかりました。検索語を絞り込んでください。';
  await count.getByText(many).waitFor();
  // The count is read once the search's own answer is shown (the one of
  // the whole list says the same).
  const answered = page.waitForResponse((r) => r.url().includes('/oms/records')
    && new URL(r.url()).searchParams.get('find') === 'さくら');
  await picker.getByLabel('顧客を検索').fill('さくら');
  assert.equal((await answered).status(), 200);
  await until(async () => {
    const names = await picker.locator('tbody tr th').allInnerTexts();
    return names.length > 0 && names.every((c) => c.includes('さくら'));
  }, { what: 'the rows of the search さくら' });
  assert.equal(await count.innerText(), many);
  await shot(page, 'oms-search-many-ja.png');
  await picker.getByLabel('顧客を検索').fill('さくら精機 10');
  await count.getByText(/^\d+件見つかりました$/).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

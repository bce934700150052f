// Browser tests of the layout of every page, with customers whose names are
// long: from 1280px up no table is wider than its card (in English and
// Japanese); on a 390px phone every table row is a card of "label: value"
// lines and nothing scrolls sideways; long names in the site selection pane
// end with an ellipsis and keep the full name; and in Japanese no label
// breaks inside a word. Screenshots of every page at 1440px and 390px, in
// English and Japanese, go to tests/artifacts (layout-<page>-<lang>-<width>.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoUsers } from '../lib/server.mjs';
import { signIn, demoSuite, shot } from './support.mjs';
import { overflowProblems, phoneCardProblems, japaneseBreakProblems } from './layout-checks.mjs';

const env = demoSuite();
const operator = { email: 'operator@steward.example', password: 'steward-demo-operator' };
const LONG = 'Internationale Gesellschaft für Datenschutz und Informationssicherheit mbH & Co. KG';
const LONG_JA = '長野精密機械工業株式会社 東日本営業本部 システム管理課';
let partnerPages = [];
let prepared = null;

async function addCustomer(fields) {
  const r = await env.api.req('POST', `/api/v1/accounts/${env.acc}/customers`, {
    source: 'new', industry: 'manufacturing', website: 'example.com', segment_discount: null,
    management: { mode: 'local', template: 'workstation' }, ...fields,
  });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json.customer.id;
}

/** Adds the customers with long names and lists the partner's pages (once, before the first test). */
async function prepare() {
  const longId = await addCustomer({
    email: 'it@datenschutz-gesellschaft.example', contact_person: 'Maximiliane Oberhuber-Schwarzenegger',
    phone: '+4988211800', company: LONG, street: 'Hauptstraße 123', postal_code: '82467', city: 'Garmisch-Partenkirchen', country: 'DE',
  });
  const longJa = await addCustomer({
    email: 'info@naganoseimitsu.example', contact_person: '高橋 一郎', phone: '+81262321111', company: LONG_JA,
    street: '大字南長野字幅下692-2', postal_code: '380-0837', city: '長野県長野市', country: 'JP',
  });
  const customers = (await env.api.req('GET', `/api/v1/accounts/${env.acc}/customers?limit=100`)).json.customers;
  const id = (name) => customers.find((c) => c.company.startsWith(name)).id;
  const policies = (await env.api.req('GET', `/api/v1/accounts/${env.acc}/policies`)).json.policies;
  const gtp = policies.find((p) => p.name === 'Global Test Policy').id;
  const devices = (await env.api.req('GET', `/api/v1/accounts/${env.acc}/devices?limit=100`)).json.devices;
  const device = (host) => devices.find((d) => d.hostname === host).id;
  const a = `/a/${env.acc}`;
  // An API client and a webhook whose receiver refuses (its delivery waits for a retry), for their pages.
  const client = await env.api.req('POST', `/api/v1/accounts/${env.acc}/api-clients`,
    { name: 'Ticketing sync for the service desk of the whole group', role: 'viewer', customer_ids: [longId, longJa] });
  assert.equal(client.status, 201, client.text);
  const hook = await env.api.req('POST', `/api/v1/accounts/${env.acc}/webhooks`,
    { url: 'http://127.0.0.1:9/steward/a-rather-long-path/that-goes-on-and-on?token=0123456789abcdef0123456789abcdef', events: ['customer.created', 'alert.raised'] });
  assert.equal(hook.status, 201, hook.text);
  await addCustomer({
    email: 'it@hooked.example', contact_person: 'Ada Lovelace', phone: '+442079460958', company: 'Hooked Widgets Ltd',
    street: '12 Marylebone Road', postal_code: 'NW1 5LN', city: 'London', country: 'GB',
  });
  partnerPages = [
    ['dashboard', a], ['customers', `${a}/customers`],
    ['customer-payg', `${a}/customers/${id('BOSS')}`], ['customer-policies', `${a}/customers/${id('Olivetta')}?tab=policies`],
    ['customer-long-name', `${a}/customers/${longId}?tab=policies`], ['customer-jp', `${a}/customers/${longJa}`],
    ['effective-policy', `${a}/customers/${id('株式会社さくら精機')}/effective-policy?platform=workstation`],
    ['policies', `${a}/policies`], ['policy-overview', `${a}/policies/${gtp}`], ['policy-settings', `${a}/policies/${gtp}?tab=settings`],
    ['policy-assignments', `${a}/policies/${gtp}?tab=assignments`], ['subscriptions', `${a}/subscriptions`],
    ['usage', `${a}/subscriptions?view=usage`], ['alerts', `${a}/alerts`], ['alerts-filtered', `${a}/alerts?status=open&customer_id=${id('BOSS')}`],
    ['subscriptions-ending', `${a}/subscriptions?ending_within=30`], ['dashboard-by-name', `${a}?sort=name`], ['users', `${a}/users`], ['audit', `${a}/audit`],
    ['settings', `${a}/settings`], ['profile', '/profile'],
    ['api-clients', `${a}/api-clients`], ['webhooks', `${a}/webhooks`], ['webhook', `${a}/webhooks/${hook.json.id}`],
    ['devices', `${a}/devices`], ['devices-filtered', `${a}/devices?customer_id=${id('BOSS')}&status=at_risk`],
    ['device', `${a}/devices/${device('SKR-NGY-CAD-03')}`], ['device-effective', `${a}/devices/${device('BOSS-WS-002')}?tab=effective`],
    ['device-overrides', `${a}/devices/${device('BOSS-OSK-LT-09')}?tab=overrides`],
    ['customer-devices', `${a}/customers/${id('BOSS')}?tab=devices`], ['customer-sites', `${a}/customers/${id('BOSS')}?tab=sites`],
    ['deleted-customers', `${a}/deleted-customers`],
  ];
}
const ready = () => (prepared ??= prepare());

async function operatorPages(page) {
  const accounts = await page.evaluate(async () => (await (await fetch('/api/v1/accounts')).json()).accounts);
  const a = `/a/${accounts.find((x) => x.kind === 'operator').id}`;
  const partners = await page.evaluate(async () => (await (await fetch('/api/v1/operator/partners')).json()).partners);
  const kestrel = partners.find((p) => p.name === 'Kestrel Public Sector IT').id;
  return [['operator-dashboard', a], ['operator-reviews', `${a}/discounts`], ['operator-partners', `${a}/partners`],
    ['operator-partner', `${a}/partners/${kestrel}`], ['operator-services', `${a}/services`], ['operator-mail', `${a}/mail`],
    ['operator-api-clients', `${a}/api-clients`]];
}

/** A screenshot of the whole page (the main area scrolls, so the window grows to hold it). */
async function fullShot(page, name) {
  const { width, height } = page.viewportSize();
  const needed = await page.evaluate(() => {
    const main = document.querySelector('.main');
    return main ? main.scrollHeight + main.getBoundingClientRect().top : document.documentElement.scrollHeight;
  });
  await page.setViewportSize({ width, height: Math.min(Math.max(height, Math.ceil(needed)), 6000) });
  await shot(page, name);
  await page.setViewportSize({ width, height });
}

/**
 * Signs user in at width and opens every page in turn; check(page) returns
 * the problems found there. Answers the problems of all pages, each with its page.
 */
async function everyPage(user, width, check, { shots = '', pages = null } = {}) {
  const page = await signIn(env.browser, env.server, user, { width, height: width <= 640 ? 844 : 900 });
  const list = pages || (user === operator ? await operatorPages(page) : partnerPages);
  const found = [];
  for (const [name, path] of list) {
    await page.goto(env.server.url + path);
    await page.locator('.page-title').waitFor();
    await page.waitForFunction(() => !document.querySelector('main .spinner, main .page-loading'));
    await page.evaluate(() => document.fonts.ready);
    for (const p of await check(page)) found.push(`${name} at ${width}px: ${p}`);
    if (shots) await fullShot(page, `layout-${name}-${shots}-${width}.png`);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
  return found;
}

test('from 1280px up no table is wider than its card, in English and Japanese', async () => {
  await ready();
  const check = (page) => page.evaluate(overflowProblems);
  const problems = [
    ...await everyPage(demoUsers.admin, 1440, check, { shots: 'en' }),
    ...await everyPage(demoUsers.admin, 1280, check),
    ...await everyPage(demoUsers.tanaka, 1280, check),
    ...await everyPage(operator, 1440, check, { shots: 'en' }),
    ...await everyPage(operator, 1280, check),
  ];
  assert.deepEqual(problems, []);
});

test('on a 390px phone every table row is a card of "label: value" lines, and nothing scrolls sideways', async () => {
  await ready();
  const check = async (page) => [...await page.evaluate(overflowProblems), ...await page.evaluate(phoneCardProblems)];
  const problems = [
    ...await everyPage(demoUsers.admin, 390, check, { shots: 'en' }),
    ...await everyPage(demoUsers.tanaka, 390, check),
    ...await everyPage(operator, 390, check, { shots: 'en' }),
  ];
  assert.deepEqual(problems, []);

  // What a card reads like: the customer as its title, then its details.
  const page = await signIn(env.browser, env.server, demoUsers.admin, { width: 390, height: 844, path: `/a/${env.acc}` });
  const row = page.locator('main .dashboard-table tbody tr', { hasText: 'Olivetta Finanza S.p.A.' });
  assert.match(await row.innerText(), /^Olivetta Finanza S\.p\.A\.\nItaly\nDevices\s+\S[\s\S]*\nOpen alerts\s+\S[\s\S]*\nSubscriptions\s+\d/);
  // Screen readers still meet a table with its headers.
  assert.equal(await page.getByRole('columnheader', { name: 'Open alerts' }).count(), 1);
  assert.equal(await row.getByRole('cell').first().evaluate((td) => td.querySelector('.cell-label').getAttribute('aria-hidden')), 'true');
  await page.context().close();
});

test('long names end with an ellipsis in the site selection pane, with the full name kept', async () => {
  await ready();
  const page = await signIn(env.browser, env.server, demoUsers.admin, { path: `/a/${env.acc}` });
  const pane = page.locator('.site-pane');
  for (const name of [LONG, LONG_JA]) {
    const link = pane.getByRole('link', { name });
    await link.waitFor();
    const box = await link.evaluate((a) => {
      const label = a.querySelector('.site-name');
      const list = a.closest('.site-pane-list').getBoundingClientRect();
      return {
        clipped: label.scrollWidth > label.clientWidth,
        ellipsis: getComputedStyle(label).textOverflow,
        inside: a.getBoundingClientRect().right <= list.right + 0.5,
        title: label.getAttribute('title'),
      };
    });
    assert.deepEqual(box, { clipped: true, ellipsis: 'ellipsis', inside: true, title: name }, name);
  }
  await shot(page, 'layout-pane-long-names-en.png');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Japanese labels never break inside a word, and no page scrolls sideways, at 1440, 1280 and 390px', async () => {
  await ready();
  const check = async (page) => [...await page.evaluate(japaneseBreakProblems), ...await page.evaluate(overflowProblems)];
  const page = await signIn(env.browser, env.server, demoUsers.tanaka);
  const style = await page.evaluate(() => {
    const cs = getComputedStyle(document.documentElement);
    const label = getComputedStyle(document.querySelector('.nav-item'));
    return { lang: document.documentElement.lang, lineBreak: cs.lineBreak, label: label.wordBreak };
  });
  assert.deepEqual(style, { lang: 'ja', lineBreak: 'strict', label: 'keep-all' });
  await page.context().close();
  const problems = [
    ...await everyPage(demoUsers.tanaka, 1440, check, { shots: 'ja' }),
    ...await everyPage(demoUsers.tanaka, 1280, check),
    ...await everyPage(demoUsers.tanaka, 390, check, { shots: 'ja' }),
  ];
  assert.deepEqual(problems, []);
});

/** The company console's pages (sites stand in for customers there; devices have no page of their own yet). */
async function companyPages() {
  const accounts = (await env.api.req('GET', '/api/v1/accounts')).json.accounts;
  const a = `/a/${accounts.find((x) => x.kind === 'company').id}`;
  return [['company-dashboard', a], ['company-sites', `${a}/sites`], ['company-policies', `${a}/policies`],
    ['company-subscriptions', `${a}/subscriptions`], ['company-alerts', `${a}/alerts`], ['company-users', `${a}/users`],
    ['company-audit', `${a}/audit`], ['company-settings', `${a}/settings`], ['company-api-clients', `${a}/api-clients`]];
}

test('screenshots of the company console and of the operator console at 1440px and 390×844, in English and Japanese, none scrolling sideways', async () => {
  await ready();
  const check = async (page) => [...await page.evaluate(overflowProblems)];
  const company = await companyPages();
  const problems = [];
  for (const width of [1440, 390]) {
    problems.push(...await everyPage(demoUsers.admin, width, check, { shots: 'en', pages: company }));
  }
  // The same people in Japanese.
  const op = new (env.api.constructor)(env.server.url);
  await op.signIn(operator);
  await env.api.req('PATCH', '/api/v1/me', { language: 'ja' });
  await op.req('PATCH', '/api/v1/me', { language: 'ja' });
  try {
    for (const width of [1440, 390]) {
      const jaCheck = async (page) => [...await check(page), ...await page.evaluate(japaneseBreakProblems)];
      problems.push(...await everyPage(demoUsers.admin, width, jaCheck, { shots: 'ja', pages: company }));
      problems.push(...await everyPage(operator, width, jaCheck, { shots: 'ja' }));
    }
  } finally {
    await env.api.req('PATCH', '/api/v1/me', { language: 'en' });
    await op.req('PATCH', '/api/v1/me', { language: 'en' });
  }
  assert.deepEqual(problems, []);
});

// Shared pieces of the customer browser tests: the browser, pages that
// record script errors and CSP violations, signing in, screenshots, an API
// client for setting up and checking data, and a file's demo server.
import { before, after } from 'node:test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { Client, startServer, demoUsers } from '../lib/server.mjs';

export const artifacts = resolve(new URL('../artifacts', import.meta.url).pathname);

export async function launch() {
  mkdirSync(artifacts, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
  });
}

// A fresh page that records script errors, CSP violations and native dialogs.
export async function newPage(browser, { locale = 'en-US', width = 1440, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push('pageerror: ' + e.message));
  page.on('dialog', (d) => { page.problems.push('dialog: ' + d.message()); d.dismiss(); });
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) page.problems.push('csp: ' + m.text());
  });
  return page;
}

// Signs in through the form (in whatever language the page shows) and waits for the shell.
export async function signIn(browser, server, user, { path = '/', locale, width, height } = {}) {
  const page = await newPage(browser, { locale, width, height });
  await page.goto(server.url + path);
  await page.locator('input[type="email"]').fill(user.email);
  await page.locator('input[type="password"]').fill(user.password);
  await page.locator('button[type="submit"]').click();
  await page.locator('#account-switcher').waitFor();
  await page.locator('.page-title').waitFor();
  return page;
}

export function shot(page, name) {
  return page.screenshot({ path: resolve(artifacts, name), animations: 'disabled' });
}

export async function apiAs(server, user) {
  const c = new Client(server.url);
  await c.signIn(user);
  return c;
}

// The id of the signed-in user's first partner account.
export async function partnerId(client) {
  const { json } = await client.req('GET', '/api/v1/accounts');
  return json.accounts.find((a) => a.kind === 'partner').id;
}

// A demo server, the browser and the demo admin's API client with its
// partner account, started before a file's tests and stopped after them:
// { server, browser, api, acc } (filled in once the tests run).
export function demoSuite() {
  const env = {};
  before(async () => {
    env.server = await startServer();
    env.browser = await launch();
    env.api = await apiAs(env.server, demoUsers.admin);
    env.acc = await partnerId(env.api);
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

// until(fn, { what, timeout, every }): poll fn until it answers something truthy.
export { until } from '../lib/wait.mjs';

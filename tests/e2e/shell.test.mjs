// Browser tests of the console shell: signing in, the top bar, the account
// switcher keeping the page, the site selection pane, keyboard use, the
// not-found page and signing out. Screenshots go to tests/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, demoUsers, Client } from '../lib/server.mjs';

const artifacts = resolve(new URL('../artifacts', import.meta.url).pathname);
let server, browser, ids;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await startServer();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
  });
  const c = new Client(server.url);
  await c.signIn(demoUsers.admin);
  const { json } = await c.req('GET', '/api/v1/accounts');
  ids = Object.fromEntries(json.accounts.map((a) => [a.name, a.id]));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// A fresh page that records script errors and CSP violations.
async function newPage(locale = 'en-US') {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push('pageerror: ' + e.message));
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) page.problems.push('csp: ' + m.text());
  });
  return page;
}

async function signIn(page, user) {
  await page.getByLabel('E-mail address').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('admin signs in, sees the shell, switches account and signs out', async () => {
  const page = await newPage();
  await page.goto(server.url + '/');
  await page.waitForURL(/\/signin$/);
  await assert.doesNotReject(page.getByRole('heading', { name: 'Sign in' }).waitFor());
  await page.screenshot({ path: resolve(artifacts, 'signin-en.png'), animations: 'disabled' });

  await signIn(page, demoUsers.admin);
  await page.waitForURL(new RegExp(`/a/${ids['Northwind IT Services']}$`));

  // Top bar: product name, account switcher, profile menu.
  const switcher = page.locator('#account-switcher');
  await switcher.waitFor();
  assert.match(await switcher.innerText(), /Northwind IT Services/);
  assert.match(await switcher.innerText(), /Partner/);
  assert.match(await page.locator('#profile-button').innerText(), /Alex Morgan/);
  assert.equal(await page.locator('.brand-name').first().innerText(), 'Steward');

  // Site selection pane with the partner's customers.
  const pane = page.locator('.site-pane');
  assert.equal(await pane.getByRole('heading', { level: 2 }).textContent(), 'Customers');
  await pane.getByRole('link', { name: 'Kookaburra Legal' }).waitFor();
  assert.equal(await pane.locator('.site-item').count(), 6);
  assert.equal(await pane.getByRole('searchbox', { name: 'Search customers' }).count(), 1);

  // Dashboard cards and the customer table's empty state.
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Dashboard');
  for (const title of ['Customers', 'Devices', 'Open alerts', 'Ending soon']) {
    assert.equal(await page.locator('.stat-card .stat-title', { hasText: title }).count(), 1, title);
  }
  const devices = page.locator('.stat-card').filter({ has: page.locator('.stat-title', { hasText: /^Devices$/ }) });
  assert.match(await devices.innerText(), /Protected[\s\S]*At risk[\s\S]*Offline/);
  await page.locator('main .dashboard-table tbody tr', { hasText: 'Olivetta Finanza S.p.A.' }).waitFor();
  assert.equal(await page.locator('main .dashboard-table tbody tr').count(), 6);
  // Subscriptions ending within 30 days: Sakura's Cloud Backup trial (5
  // days) and Olivetta's Patch Management trial (27 days).
  const ending = page.locator('.stat-card').filter({ has: page.locator('.stat-title', { hasText: /^Ending soon$/ }) });
  assert.equal(await ending.locator('.stat-value').innerText(), '2');
  assert.match(await page.locator('main .dashboard-table tbody tr', { hasText: '株式会社さくら精機' }).innerText(), /\b2\s*1 ending soon/);
  // Riskiest first: Sakura has a critical alert and two devices at risk.
  assert.match(await page.locator('main .dashboard-table tbody tr').first().innerText(), /株式会社さくら精機/);
  // An admin adds customers with "+ Customer" at the top right.
  assert.equal(await page.locator('.page-actions').getByRole('button', { name: '+ Customer' }).count(), 1);
  await page.screenshot({ path: resolve(artifacts, 'dashboard-en.png'), animations: 'disabled' });

  // Go to Policies, then switch to the company console: the page follows.
  await page.getByRole('navigation', { name: 'Account pages' }).getByRole('link', { name: 'Policies' }).click();
  await page.waitForURL(new RegExp(`/a/${ids['Northwind IT Services']}/policies$`));
  await switcher.click();
  const menu = page.getByRole('menu', { name: 'Switch account' });
  await menu.waitFor();
  const items = menu.getByRole('menuitemradio');
  assert.equal(await items.count(), 2);
  assert.match(await items.nth(0).innerText(), /Northwind IT Services[\s\S]*Admin[\s\S]*Partner/);
  assert.match(await items.nth(1).innerText(), /Contoso Pharma[\s\S]*Admin[\s\S]*Company/);
  assert.equal(await items.nth(0).getAttribute('aria-checked'), 'true');
  await page.screenshot({ path: resolve(artifacts, 'account-switcher-en.png'), animations: 'disabled' });
  await items.nth(1).click();
  await page.waitForURL(new RegExp(`/a/${ids['Contoso Pharma']}/policies$`));
  // Both accounts have a Policies page: wait for the company's to be drawn.
  await page.locator('#account-switcher', { hasText: 'Contoso Pharma' }).waitFor();
  await page.getByRole('heading', { level: 1, name: 'Policies' }).waitFor();
  assert.match(await switcher.innerText(), /Contoso Pharma/);
  assert.match(await switcher.innerText(), /Company/);
  // A company console has Sites, not Customers.
  const nav = page.getByRole('navigation', { name: 'Account pages' });
  assert.equal(await nav.getByRole('link', { name: 'Sites' }).count(), 1);
  assert.equal(await nav.getByRole('link', { name: 'Customers' }).count(), 0);
  assert.equal(await page.locator('.site-pane').getByRole('heading', { level: 2 }).textContent(), 'Sites');
  await page.locator('.site-pane').getByText('No sites yet').waitFor();

  // Customers and Sites stand in for each other when switching.
  await nav.getByRole('link', { name: 'Sites' }).click();
  await page.waitForURL(/\/sites$/);
  // Only what is true: a single-tenant console has no sites; its devices
  // are enrolled with its own installer, and there are none yet.
  await page.getByText('Contoso Pharma is single-tenant: it has no sites, and every device is enrolled into the company itself with its installer.').waitFor();
  await page.getByRole('heading', { name: 'No devices yet' }).waitFor();
  await page.screenshot({ path: resolve(artifacts, 'company-sites-en.png'), animations: 'disabled' });
  await switcher.click();
  await page.getByRole('menuitemradio', { name: /Northwind IT Services/ }).click();
  await page.waitForURL(new RegExp(`/a/${ids['Northwind IT Services']}/customers$`));
  await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();

  // Sign out from the profile menu.
  await page.locator('#profile-button').click();
  const profileMenu = page.getByRole('menu', { name: 'Profile menu' });
  assert.match(await profileMenu.innerText(), /admin@northwind\.example/);
  await page.screenshot({ path: resolve(artifacts, 'profile-menu-en.png'), animations: 'disabled' });
  await profileMenu.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.waitForURL(/\/signin$/);
  await page.getByText('You have signed out.').waitFor();

  // The session is really gone: a console page asks to sign in again.
  await page.goto(server.url + `/a/${ids['Northwind IT Services']}/alerts`);
  await page.waitForURL(/\/signin\?next=/);
  assert.equal(new URL(page.url()).searchParams.get('next'), `/a/${ids['Northwind IT Services']}/alerts`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('after sign-in the user lands on the page first asked for', async () => {
  const page = await newPage();
  const wanted = `/a/${ids['Contoso Pharma']}/audit`;
  await page.goto(server.url + wanted);
  await page.waitForURL(/\/signin\?next=/);
  await signIn(page, demoUsers.admin);
  await page.waitForURL(server.url + wanted);
  await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
  assert.match(await page.locator('#account-switcher').innerText(), /Contoso Pharma/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('every page of an account shows its data or its own empty state, never "coming soon"', async () => {
  const page = await newPage();
  await page.goto(server.url + '/signin');
  await signIn(page, demoUsers.admin);
  await page.locator('#account-switcher').waitFor();
  const nw = ids['Northwind IT Services'];
  const expected = {
    customers: 'Kookaburra Legal',
    policies: 'Global Test Policy',
    subscriptions: 'Kookaburra Legal',
    alerts: 'Threat detected',
    users: 'Alex Morgan',
    audit: 'Events',
    'api-clients': 'Clients',
    webhooks: 'Endpoints',
  };
  for (const [segment, heading] of Object.entries(expected)) {
    await page.getByRole('navigation', { name: 'Account pages' }).getByRole('link', { name: new RegExp('^' +
      { customers: 'Customers', policies: 'Policies', subscriptions: 'Subscriptions', alerts: 'Alerts',
        users: 'Users', audit: 'Audit log', 'api-clients': 'API clients', webhooks: 'Webhooks' }[segment] + '$') }).click();
    await page.waitForURL(`${server.url}/a/${nw}/${segment}`);
    await page.locator('main').locator('.empty-title, tbody th, .card-title', { hasText: heading }).first().waitFor();
    const link = page.locator(`.nav-item[data-page="${segment === 'api-clients' ? 'apiClients' : segment}"]`);
    assert.equal(await link.getAttribute('aria-current'), 'page');
    const text = await page.locator('main').innerText();
    assert.doesNotMatch(text, /coming soon/i);
    await page.screenshot({ path: resolve(artifacts, `page-${segment}-en.png`), animations: 'disabled' });
  }

  // Alerts list what was raised, with the actions that act on them.
  await page.getByRole('navigation', { name: 'Account pages' }).getByRole('link', { name: 'Alerts', exact: true }).click();
  await page.locator('main .alerts-table tbody tr', { hasText: 'SKR-NGY-CAD-03' }).waitFor();
  assert.equal(await page.locator('main').getByRole('button', { name: 'Acknowledge' }).count(), 1);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('unknown routes and foreign accounts show the not-found page inside the shell', async () => {
  const page = await newPage();
  await page.goto(server.url + '/signin');
  await signIn(page, demoUsers.admin);
  await page.locator('#account-switcher').waitFor();

  await page.goto(server.url + '/no/such/page');
  await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  assert.match(await page.locator('main').innerText(), /There is no page at \/no\/such\/page/);
  await page.locator('#account-switcher').waitFor(); // still inside the shell
  await page.screenshot({ path: resolve(artifacts, 'not-found-en.png'), animations: 'disabled' });

  // An account of another partner: the API answers 404, so does the console.
  const harbor = new Client(server.url);
  await harbor.signIn(demoUsers.harbor);
  const other = (await harbor.req('GET', '/api/v1/accounts')).json.accounts[0];
  await page.goto(server.url + `/a/${other.id}/settings`);
  await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  assert.doesNotMatch(await page.locator('body').innerText(), new RegExp(other.name));

  // A page that exists only for another kind of account is not found either.
  await page.goto(server.url + `/a/${ids['Contoso Pharma']}/customers`);
  await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();

  // The way back works.
  await page.getByRole('link', { name: 'Go to the dashboard' }).click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the shell works from the keyboard', async () => {
  const page = await newPage();
  await page.goto(server.url + '/signin');
  await signIn(page, demoUsers.admin);
  await page.locator('#account-switcher').waitFor();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();

  // On a freshly loaded page the first Tab reaches the skip link, which
  // moves focus to the content.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  assert.equal(await skip.evaluate((el) => el === document.activeElement), true);
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');

  // The account switcher opens with Enter, arrows move, Escape closes.
  await page.locator('#account-switcher').focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Switch account' });
  await menu.waitFor();
  assert.equal(await page.locator('#account-switcher').getAttribute('aria-expanded'), 'true');
  assert.match(await page.evaluate(() => document.activeElement.textContent), /Northwind IT Services/);
  await page.keyboard.press('ArrowDown');
  assert.match(await page.evaluate(() => document.activeElement.textContent), /Contoso Pharma/);
  await page.keyboard.press('Escape');
  assert.equal(await menu.isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'account-switcher');

  // Space opens the profile menu; Enter on an item follows it.
  await page.locator('#profile-button').focus();
  await page.keyboard.press(' ');
  await page.getByRole('menu', { name: 'Profile menu' }).waitFor();
  assert.match(await page.evaluate(() => document.activeElement.textContent), /Profile/);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/profile$/);
  await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();

  // "/" focuses the site search; "?" opens the shortcuts drawer, Escape closes it.
  await page.locator('main').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'site-search');
  await page.keyboard.type('zz');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#site-search').inputValue(), '');
  await page.locator('main').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  const drawer = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await drawer.waitFor();
  assert.equal(await drawer.getAttribute('aria-modal'), 'true');
  assert.equal(await page.evaluate(() => !!document.activeElement.closest('[role="dialog"]')), true);
  // Focus stays inside the drawer.
  for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => !!document.activeElement.closest('[role="dialog"]')), true);
  await page.screenshot({ path: resolve(artifacts, 'shortcuts-drawer-en.png'), animations: 'disabled' });
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a narrow window keeps the console usable', async () => {
  const page = await newPage();
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(server.url + '/signin');
  await signIn(page, demoUsers.admin);
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  // Nothing sticks out sideways at 1024px.
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
  assert.equal(await page.getByRole('navigation', { name: 'Account pages' }).isVisible(), true);
  await page.screenshot({ path: resolve(artifacts, 'dashboard-1024.png'), animations: 'disabled' });

  // Below tablet width the sidebar folds behind a menu button.
  await page.setViewportSize({ width: 760, height: 900 });
  const toggle = page.getByRole('button', { name: 'Show or hide navigation' });
  await toggle.waitFor();
  assert.equal(await page.getByRole('navigation', { name: 'Account pages' }).isVisible(), false);
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await page.getByRole('navigation', { name: 'Account pages' }).getByRole('link', { name: 'Alerts' }).click();
  await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await page.screenshot({ path: resolve(artifacts, 'alerts-760.png'), animations: 'disabled' });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

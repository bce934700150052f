// Browser tests of company consoles: making one from the profile, single-
// or multi-tenant; a multi-tenant console's Sites page (add, installer,
// rename, delete by typing the name), its site selection pane, devices,
// alerts, dashboard and an API client limited to a site; a single-tenant
// console's installer and devices; in English and Japanese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoSuite, signIn, shot, apiAs, until } from './support.mjs';
import { demoUsers, agentReq } from '../lib/server.mjs';

const env = demoSuite();
let multiId = null;

async function enroll(token, hostname, threats = []) {
  const e = await agentReq(env.server.url, '/agent/v1/enroll', {
    token, hardware_id: 'hw-' + hostname, hostname, platform: 'workstation', os: 'Debian GNU/Linux 12', agent_version: '1.0.0',
  });
  assert.equal(e.status, 201, e.text);
  const c = await agentReq(env.server.url, '/agent/v1/checkin', { policy_version: null, state: {
    protection: 'on', definitions_updated_at: new Date().toISOString(), threats,
  } }, e.json.device_secret);
  assert.equal(c.status, 200, c.text);
  return e.json;
}

test('a multi-tenant company console is made from the profile and opens (English)', async () => {
  const page = await signIn(env.browser, env.server, demoUsers.tech, { path: '/profile' });
  await page.getByRole('button', { name: 'New company console' }).click();
  const dialog = page.getByRole('dialog', { name: 'New company console' });
  await dialog.waitFor();
  // Each choice says what it means; single-tenant is the default.
  await assert.doesNotReject(dialog.getByText('every device is enrolled into the company itself').waitFor());
  assert.equal(await dialog.getByRole('radio', { name: /Single-tenant/ }).isChecked(), true);
  // Nothing is made without a name and a region.
  await dialog.getByRole('button', { name: 'Create company console' }).click();
  await assert.doesNotReject(dialog.getByText('This field is required.').first().waitFor());
  await dialog.getByLabel('Company name').fill('Harbour Opticians');
  await dialog.getByRole('combobox', { name: 'Region' }).fill('United King');
  await page.getByRole('option', { name: 'United Kingdom' }).click();
  await dialog.getByRole('radio', { name: /Multi-tenant/ }).check();
  await shot(page, 'company-create-en.png');
  // The toast is seen before the console opens: watched from inside the
  // page, from before the click, as the toast lasts 1.5 s on the profile.
  const seen = page.waitForFunction(() => location.pathname === '/profile' &&
    [...document.querySelectorAll('.toast-message')].some((p) => p.textContent === 'Harbour Opticians has been created.'),
  null, { polling: 50 });
  await dialog.getByRole('button', { name: 'Create company console' }).click();
  await seen;
  await page.waitForURL(/\/a\/acc_[a-z0-9]+$/);
  await page.locator('.page-title').waitFor();
  const api = await apiAs(env.server, demoUsers.tech);
  const made = (await api.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.name === 'Harbour Opticians');
  assert.deepEqual([made.kind, made.region, made.tenancy, made.role], ['company', 'GB', 'multi', 'admin']);
  assert.ok(page.url().endsWith(`/a/${made.id}`));
  multiId = made.id;

  // Sites: none yet; an admin adds two, each with its installer.
  await page.getByRole('link', { name: 'Sites', exact: true }).first().click();
  await page.getByRole('heading', { name: 'Sites', level: 1 }).waitFor();
  assert.equal(await page.getByText('cannot be added').count(), 0);
  await assert.doesNotReject(page.getByText('Harbour Opticians has no sites yet').waitFor());
  for (const name of ['London office', 'Manchester office']) {
    await page.getByRole('button', { name: 'Add site' }).first().click();
    const add = page.getByRole('dialog', { name: 'Add a site to Harbour Opticians' });
    await add.getByLabel('Site name').fill(name);
    await add.getByRole('button', { name: 'Add site' }).click();
    await page.getByRole('rowheader', { name }).waitFor();
  }
  // The site selection pane lists them.
  const pane = page.getByRole('region', { name: 'Sites' });
  await assert.doesNotReject(pane.getByRole('link', { name: 'London office' }).waitFor());
  await assert.doesNotReject(pane.getByRole('link', { name: 'Manchester office' }).waitFor());
  await page.getByRole('button', { name: 'Installer of London office' }).click();
  const inst = page.getByRole('dialog', { name: /Installer: London office/ });
  await inst.waitFor();
  await assert.doesNotReject(inst.getByText('enrolled in Harbour Opticians, at the site London office').waitFor());
  const command = await inst.getByLabel('Command').inputValue();
  assert.match(command, /steward-agent enroll --server .* --token 'stw_it_/);
  await shot(page, 'company-sites-installer-en.png');
  await inst.getByRole('button', { name: 'Close' }).click();
  const token = /--token '([^']+)'/.exec(command)[1];
  await enroll(token, 'ldn-ws-01', [{ name: 'EICAR-Test-File', path: '/home/ana/eicar.com', action: 'reported', detected_at: new Date().toISOString() }]);

  // Rename one; delete the other by typing its name.
  await page.getByRole('button', { name: 'Actions for Manchester office' }).click();
  await page.getByRole('menuitem', { name: 'Rename' }).click();
  const ren = page.getByRole('dialog', { name: 'Rename Manchester office' });
  await ren.getByLabel('Site name').fill('Manchester (Deansgate)');
  await ren.getByRole('button', { name: 'Rename' }).click();
  await page.getByRole('rowheader', { name: 'Manchester (Deansgate)' }).waitFor();
  await page.getByRole('button', { name: 'Actions for Manchester (Deansgate)' }).click();
  await page.getByRole('menuitem', { name: 'Delete site' }).click();
  const del = page.getByRole('dialog', { name: 'Delete Manchester (Deansgate)?' });
  await del.getByLabel('Type Manchester (Deansgate) to confirm').fill('Manchester (Deansgate)');
  await del.getByRole('button', { name: 'Delete site' }).click();
  // It leaves the sites for Deleted sites, restorable for 30 days.
  await page.getByRole('table', { name: 'Deleted sites of Harbour Opticians' })
    .getByRole('rowheader', { name: 'Manchester (Deansgate)' }).waitFor();
  await until(async () => (await page.getByRole('table', { name: 'Sites of Harbour Opticians', exact: true })
    .getByRole('rowheader', { name: 'Manchester (Deansgate)' }).count()) === 0);
  assert.equal(await page.getByRole('button', { name: 'Restore Manchester (Deansgate)' }).count(), 1);
  await shot(page, 'company-sites-multi-en.png');

  // The pane's site opens its devices; the device and its alert are there.
  await page.reload();
  await page.getByRole('region', { name: 'Sites' }).getByRole('link', { name: 'London office' }).click();
  await page.getByRole('link', { name: 'ldn-ws-01' }).waitFor();
  assert.match(page.url(), /\/devices\?site_id=site_/);
  await page.getByRole('link', { name: 'ldn-ws-01' }).click();
  await page.getByRole('heading', { name: 'ldn-ws-01', level: 1 }).waitFor();
  assert.equal(await page.getByRole('combobox', { name: 'Site', exact: true }).inputValue(), (await (await apiAs(env.server, demoUsers.tech)).req('GET', `/api/v1/accounts/${made.id}/sites`)).json.sites[0].id);
  await page.getByRole('link', { name: 'Alerts', exact: true }).first().click();
  await page.getByRole('link', { name: 'Threat detected' }).waitFor();
  assert.equal(await page.getByRole('cell', { name: 'London office', exact: true }).count(), 1);
  // A site viewer is invited with a choice of sites.
  await page.getByRole('link', { name: 'Users', exact: true }).first().click();
  await page.getByRole('button', { name: 'Invite user' }).click();
  const inv = page.getByRole('dialog', { name: 'Invite a user' });
  await inv.getByLabel('E-mail', { exact: true }).fill('ldn-viewer@harbour-opticians.example');
  await inv.getByRole('radio', { name: 'Chosen sites' }).check();
  await inv.getByRole('checkbox', { name: 'London office' }).check();
  await inv.getByRole('button', { name: 'Send invitation' }).click();
  await page.getByRole('rowheader', { name: 'ldn-viewer@harbour-opticians.example' }).waitFor();
  await assert.doesNotReject(page.getByText('Site viewer').waitFor());
  const invited = (await (await apiAs(env.server, demoUsers.tech)).req('GET', `/api/v1/accounts/${made.id}/users`)).json.users
    .find((u) => u.email === 'ldn-viewer@harbour-opticians.example');
  assert.equal(invited.site_ids.length, 1);
  // An API client limited to a site, its site named in the list.
  await page.getByRole('link', { name: 'API clients', exact: true }).first().click();
  await page.getByRole('button', { name: 'Create API client' }).click();
  const cl = page.getByRole('dialog', { name: 'Create API client' });
  await cl.getByLabel('Name').fill('Branch inventory');
  await cl.getByRole('radio', { name: 'Chosen sites' }).check();
  await cl.getByRole('button', { name: 'Create client' }).click();
  await assert.doesNotReject(cl.getByText('Choose at least one site.').waitFor());
  await cl.getByRole('checkbox', { name: 'London office' }).check();
  await cl.getByRole('button', { name: 'Create client' }).click();
  const shown = page.getByRole('dialog', { name: 'API client "Branch inventory" created' });
  await shown.getByRole('button', { name: 'OK' }).click();
  const clientRow = page.getByRole('table', { name: 'API clients' }).locator('tbody tr')
    .filter({ has: page.getByRole('rowheader', { name: 'Branch inventory' }) });
  assert.match(await clientRow.innerText(), /Viewer[\s\S]*London office/);
  assert.equal(await page.getByRole('columnheader', { name: 'Sites' }).count(), 1);
  const client = (await (await apiAs(env.server, demoUsers.tech)).req('GET', `/api/v1/accounts/${made.id}/api-clients`)).json.api_clients
    .find((c) => c.name === 'Branch inventory');
  assert.equal(client.site_ids.length, 1);
  // The dashboard: the company's figures and a row per site.
  await page.getByRole('link', { name: 'Dashboard', exact: true }).first().click();
  await page.getByRole('row', { name: /London office/ }).waitFor();
  await shot(page, 'company-dashboard-en.png');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('会社コンソールをプロフィールから作成する（日本語、スマートフォン幅）', async () => {
  const page = await signIn(env.browser, env.server, demoUsers.tanaka, { path: '/profile', locale: 'ja-JP', width: 390, height: 844 });
  await page.getByRole('button', { name: '会社コンソールを作成' }).click();
  const dialog = page.getByRole('dialog', { name: '新しい会社コンソール' });
  await dialog.waitFor();
  await assert.doesNotReject(dialog.getByText('あとから変更することはできません').waitFor());
  await dialog.getByLabel('会社名').fill('京都陶器株式会社');
  await dialog.getByRole('combobox', { name: '地域' }).fill('JP');
  await dialog.getByRole('button', { name: '会社コンソールを作成' }).click();
  await assert.doesNotReject(page.getByText('「京都陶器株式会社」を作成しました。').waitFor());
  await page.waitForURL(/\/a\/acc_[a-z0-9]+$/);
  // The dashboard's installer card names the button as the console does.
  await assert.doesNotReject(page.getByText('［インストーラー］を選び、表示されたコマンドをDebianまたはUbuntuのデバイスに貼り付けてください。').waitFor());
  const api = await apiAs(env.server, demoUsers.tanaka);
  const made = (await api.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.name === '京都陶器株式会社');
  assert.deepEqual([made.kind, made.region, made.tenancy], ['company', 'JP', 'single']);
  // A single-tenant console's Sites page: its installer and its devices.
  await page.goto(env.server.url + `/a/${made.id}/sites`);
  await page.getByRole('heading', { name: 'サイト', level: 1 }).waitFor();
  await assert.doesNotReject(page.getByText('京都陶器株式会社はシングルテナントのため、サイトはありません。').waitFor());
  await page.getByRole('button', { name: 'インストーラー' }).first().click();
  const inst = page.getByRole('dialog', { name: /インストーラー：京都陶器株式会社/ });
  await assert.doesNotReject(inst.getByText('このコマンドでインストールしたデバイスは、京都陶器株式会社に登録されます。').waitFor());
  const command = await inst.getByLabel('コマンド').inputValue();
  await inst.getByRole('button', { name: '閉じる' }).click();
  await enroll(/--token '([^']+)'/.exec(command)[1], 'kyoto-pc-01');
  await page.reload();
  await page.getByRole('link', { name: 'kyoto-pc-01' }).waitFor();
  await shot(page, 'company-sites-single-ja.png');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the site pane of a company console with more than 50 sites finds a site past the first 50', async () => {
  const api = await apiAs(env.server, demoUsers.tech);
  const made = await api.req('POST', '/api/v1/companies', { name: 'Quayside Pharmacies', region: 'GB', tenancy: 'multi' });
  assert.equal(made.status, 201, made.text);
  const id = made.json.account.id;
  for (let n = 1; n <= 60; n++) {
    const r = await api.req('POST', `/api/v1/accounts/${id}/sites`, { name: `Branch ${String(n).padStart(2, '0')}` });
    assert.equal(r.status, 201, r.text);
  }
  const page = await signIn(env.browser, env.server, demoUsers.tech, { path: `/a/${id}` });
  const pane = page.getByRole('region', { name: 'Sites' });
  await pane.getByRole('link', { name: 'Branch 01' }).waitFor();
  // Branch 58 would be on a second page of 50; the search finds it.
  await pane.getByRole('searchbox').fill('branch 58');
  await pane.getByRole('link', { name: 'Branch 58' }).waitFor({ timeout: 10000 });
  assert.equal(await pane.getByRole('link', { name: /^Branch / }).count(), 1);
  assert.equal(await pane.getByText('Nothing matches').count(), 0);
  // The pane counts every site.
  assert.equal(await pane.locator('[data-ref="count"]').innerText(), '60');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

// What each card at zero says, by data-card.
async function cardNotes(page) {
  await page.locator('.stat-card').first().waitFor();
  return Object.fromEntries(await page.locator('.stat-card').evaluateAll((list) => list.map((c) => [
    c.dataset.card, c.querySelector('.stat-note')?.textContent.trim() ?? ''])));
}

test('a company console says what is true for each role: its admin, a viewer and admins of chosen sites', async () => {
  const api = await apiAs(env.server, demoUsers.tech);
  const id = (await api.req('POST', '/api/v1/companies', { name: 'Lakeside Vets', region: 'GB', tenancy: 'multi' })).json.account.id;
  const user = async (email, role, sites = null) => {
    const r = await env.server.ctl(['user', 'add', '--db', '$DB', '--email', email, '--password', 'lakeside-vets-pass-42',
      '--account', id, '--role', role, ...(sites ? ['--sites', sites.join(',')] : [])]);
    assert.equal(r.code, 0, r.stderr);
    return { email, password: 'lakeside-vets-pass-42' };
  };
  // No sites yet: the viewer is not told to add one.
  const viewer = await user('viewer@lakeside-vets.example', 'viewer');
  let page = await signIn(env.browser, env.server, viewer, { path: `/a/${id}` });
  assert.deepEqual(await cardNotes(page), {
    sites: 'Sites are counted here once an admin adds them.',
    devices: 'No devices are enrolled in this account yet.',
    alerts: 'No alert is open in this account.',
  });
  await page.context().close();

  const site = async (name) => (await api.req('POST', `/api/v1/accounts/${id}/sites`, { name })).json.id;
  const north = await site('North clinic');
  const south = await site('South clinic');
  const token = (await api.req('GET', `/api/v1/accounts/${id}/sites/${north}/installer`)).json.token;
  const dev = await enroll(token, 'north-pc-01');

  // The company's admin: its policies, and how the default applies.
  page = await signIn(env.browser, env.server, demoUsers.tech, { path: `/a/${id}/policies` });
  await assert.doesNotReject(page.getByText('The default policy of each platform applies to the devices of Lakeside Vets unless they are given another.').waitFor());
  assert.equal(await page.getByText("applies to the customer's devices").count(), 0);
  await page.context().close();

  // An admin of the North clinic: its figures, no site to add, and its
  // device moves between its sites only (never to no site).
  const northAdmin = await user('north@lakeside-vets.example', 'admin', [north]);
  page = await signIn(env.browser, env.server, northAdmin, { path: `/a/${id}` });
  const notes = await cardNotes(page);
  assert.deepEqual([notes.sites, notes.alerts], ['', 'No alert is open at your sites.']);
  await page.goto(env.server.url + `/a/${id}/sites`);
  await page.getByRole('rowheader', { name: 'North clinic' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Add site' }).count(), 0);
  await page.goto(env.server.url + `/a/${id}/devices/${dev.device_id}`);
  await page.getByRole('heading', { name: 'north-pc-01', level: 1 }).waitFor();
  const siteChoice = page.getByRole('combobox', { name: 'Site', exact: true });
  assert.deepEqual(await siteChoice.locator('option').allInnerTexts(), ['North clinic']);
  // Its audit log: what happened at the North clinic (the site, its
  // device's enrolment), nothing of the South clinic's; filtered to devices.
  await page.goto(env.server.url + `/a/${id}/audit`);
  await assert.doesNotReject(page.getByText('Every change about the sites your role covers.').waitFor());
  const events = page.getByRole('table').locator('tbody');
  await assert.doesNotReject(events.getByText(/north-pc-01/).first().waitFor());
  await assert.doesNotReject(events.getByText(/North clinic/).first().waitFor());
  assert.equal(await events.getByText(/South clinic/).count(), 0);
  await page.getByLabel('Category').selectOption({ label: 'Devices' });
  await page.getByRole('button', { name: 'Apply' }).click();
  await until(async () => !(await events.innerText()).includes('North clinic" ('), { what: 'only device events' });
  await assert.doesNotReject(events.getByText(/north-pc-01/).first().waitFor());
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // An admin of the South clinic, which has no devices; then of no site at all.
  const southAdmin = await user('south@lakeside-vets.example', 'admin', [south]);
  page = await signIn(env.browser, env.server, southAdmin, { path: `/a/${id}` });
  assert.equal((await cardNotes(page)).devices, 'No devices are enrolled at your sites yet.');
  assert.equal((await api.req('DELETE', `/api/v1/accounts/${id}/sites/${south}`, { confirm_name: 'South clinic' })).status, 204);
  await page.goto(env.server.url + `/a/${id}/sites`);
  await assert.doesNotReject(page.getByText('Your role covers no sites.').waitFor());
  assert.equal(await page.getByText('Add one for each office').count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a company console's Subscriptions page is its own services: a trial starts there, and a viewer sees it without acting", async () => {
  const api = await apiAs(env.server, demoUsers.tech);
  const made = (await api.req('POST', '/api/v1/companies', { name: 'Quayside Architects', region: 'GB' })).json.account;
  const page = await signIn(env.browser, env.server, demoUsers.tech, { path: `/a/${made.id}/subscriptions` });
  await page.getByRole('heading', { level: 1, name: 'Subscriptions' }).waitFor();
  await page.locator('.sub-box').first().waitFor();
  const text = await page.locator('main').innerText();
  assert.match(text, /Services for Quayside Architects/);
  assert.match(text, /Start a free trial of a service below, or redeem an activation code from an OMS order/);
  assert.doesNotMatch(text, /Pay-as-you-go|flexible billing/i);
  assert.equal(await page.locator('.sub-box').count(), 6, 'one box per catalogue service');
  const box = page.locator('.sub-box').filter({ hasText: 'Essential Business Security' });
  await box.getByRole('button', { name: 'Start trial' }).click();
  const ask = page.getByRole('alertdialog', { name: 'Start a trial of Essential Business Security?' });
  await ask.getByRole('button', { name: 'Start trial' }).click();
  await page.getByText(/The trial of Essential Business Security for Quayside Architects has started\. It ends on/).waitFor();
  assert.equal(await box.getByRole('button', { name: 'Start trial' }).count(), 0, 'a trial starts once');
  const subs = (await api.req('GET', `/api/v1/accounts/${made.id}/customers/${made.customer_id}/subscriptions`)).json.subscriptions;
  assert.equal(subs.find((s) => s.service.key === 'essential_business').state, 'trial');
  await shot(page, 'company-subscriptions-en.png');
  assert.deepEqual(page.problems, []);
  await page.context().close();

  const added = await env.server.ctl(['user', 'add', '--db', '$DB', '--email', 'viewer@quayside.example', '--password', 'quayside-viewer-42',
    '--account', made.id, '--role', 'viewer']);
  assert.equal(added.code, 0, added.stderr);
  const seen = await signIn(env.browser, env.server, { email: 'viewer@quayside.example', password: 'quayside-viewer-42' }, { path: `/a/${made.id}/subscriptions` });
  const vbox = seen.locator('.sub-box').filter({ hasText: 'Essential Business Security' });
  await vbox.waitFor();
  assert.match(await vbox.innerText(), /Free trial|Trial/);
  for (const b of await seen.locator('.sub-box button').all()) assert.equal(await b.isDisabled(), true);
  assert.deepEqual(seen.problems, []);
  await seen.context().close();
});

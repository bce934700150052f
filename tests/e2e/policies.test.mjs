// Browser tests of the policy engine's console: a global policy created in
// the drawer, changed, locked (locks wait for Save with the values, count
// as unsaved changes and go with Discard), assigned to two customers from the
// multi-select and overridden on one (a locked setting read-only there),
// the effective view with the layer of each setting; inline validation
// (the server's message beside an exclusion entry, a number out of range,
// "choose a value" from scratch); unassigning a customer's default and
// deleting a policy in use, each explained; a customer's local policies
// (new, make default, delete with a replacement); what a viewer and a user
// limited to chosen customers see; and the same screens in Japanese.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoUsers } from '../lib/server.mjs';
import { launch, signIn, shot as takeShot, apiAs, partnerId } from './support.mjs';

let server, browser, api, acc;

before(async () => {
  server = await startServer();
  browser = await launch();
  api = await apiAs(server, demoUsers.admin);
  acc = await partnerId(api);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const url = (p) => `/api/v1/accounts/${acc}${p}`;

async function customerId(company) {
  const r = await api.req('GET', url(`/customers?q=${encodeURIComponent(company)}`));
  return r.json.customers.find((c) => c.company === company).id;
}

async function globalPolicy(name) {
  return (await api.req('GET', url('/policies'))).json.policies.find((p) => p.name === name);
}

// Screenshots without the toasts of earlier steps in front of the screen.
async function shot(page, name) {
  await page.evaluate(() => { for (const el of document.querySelectorAll('.toast')) el.remove(); });
  return takeShot(page, name);
}

const row = (page, path) => page.locator(`.setting[data-path="${path}"]`);

async function save(page) {
  const bar = page.getByRole('region', { name: 'Unsaved changes' });
  await bar.waitFor();
  await bar.getByRole('button', { name: 'Save changes' }).click();
}

test('a global policy: create in the drawer, change and lock settings, assign to two customers, override, effective view', async () => {
  const page = await signIn(browser, server, demoUsers.admin, { path: `/a/${acc}/policies` });
  await page.getByRole('heading', { level: 1, name: 'Policies' }).waitFor();
  const table = page.locator('main table');
  assert.deepEqual((await table.locator('thead th').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim()),
    ['Name', 'Status', 'Platform', 'Assigned customers', 'Overrides', 'Default', 'Last modified']);
  const gtp = table.locator('tbody tr', { hasText: 'Global Test Policy' });
  assert.match(await gtp.innerText(), /Global Test Policy[\s\S]*In use[\s\S]*Workstation[\s\S]*3[\s\S]*1[\s\S]*2 customers/);
  await shot(page, 'policies-list-en.png');

  // New policy: name, platform, start from the template.
  await page.getByRole('button', { name: 'New policy' }).click();
  const drawer = page.getByRole('dialog', { name: 'New global policy' });
  await drawer.waitFor();
  assert.equal(await drawer.getByRole('textbox', { name: 'Name' }).evaluate((el) => el === document.activeElement), true);
  await drawer.getByRole('button', { name: 'Create policy' }).click();
  assert.equal(await page.locator('#cp-name-error').innerText(), 'This field is required.');
  await drawer.getByRole('textbox', { name: 'Name' }).fill('Reception Desks');
  await drawer.getByRole('textbox', { name: /Description/ }).fill('Shared PCs at front desks.');
  assert.equal(await drawer.getByRole('radio', { name: /^Workstation Desktops/ }).isChecked(), true);
  assert.equal(await drawer.getByRole('radio', { name: /Workstation template/ }).isChecked(), true);
  // Duplicating lists global and local policies of the platform.
  await drawer.getByRole('radio', { name: /Duplicate an existing policy/ }).check();
  const tree = drawer.getByRole('tree');
  await tree.getByRole('treeitem', { name: 'Global policies' }).waitFor();
  assert.equal(await tree.getByRole('treeitem', { name: 'Standard Servers' }).count(), 0, 'a server policy is not offered for a workstation');
  await shot(page, 'policies-create-en.png');
  await drawer.getByRole('radio', { name: /Workstation template/ }).check();
  await drawer.getByRole('button', { name: 'Create policy' }).click();
  // The toast first: it lasts five seconds.
  await page.getByText('“Reception Desks” has been created.').waitFor();

  // The editor opens on its settings.
  await page.getByRole('heading', { level: 1, name: 'Reception Desks' }).waitFor();
  assert.equal(await page.getByRole('tab', { name: 'Settings' }).getAttribute('aria-selected'), 'true');
  assert.match(await page.locator('.meta-strip').innerText(), /Global policy[\s\S]*Workstation[\s\S]*Revision 1[\s\S]*Unused/);
  // Tabs follow the arrow keys.
  await page.getByRole('tab', { name: 'Settings' }).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByRole('tab', { name: 'Exclusions' }).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.getByRole('tab', { name: 'Settings' }).getAttribute('aria-selected'), 'true');

  // A change waits in the save bar, shows as changed from the template, and is saved with a new revision.
  await row(page, 'firewall.mode').locator('select').selectOption('strict');
  await row(page, 'firewall.mode').getByText('Changed from template').waitFor();
  await row(page, 'firewall.mode').getByText('Unsaved').waitFor();
  assert.match(await page.getByRole('region', { name: 'Unsaved changes' }).innerText(), /1 unsaved change/);
  await save(page);
  await page.getByText('1 change saved. The policy is now at revision 2.').waitFor();
  await row(page, 'firewall.mode').getByRole('button', { name: 'Reset to template' }).waitFor();
  assert.equal(await page.getByRole('region', { name: 'Unsaved changes' }).isHidden(), true);
  let stored = await globalPolicy('Reception Desks');
  const id = stored.id;
  let full = (await api.req('GET', url(`/policies/${id}`))).json.policy;
  assert.deepEqual(full.changes, { firewall: { mode: 'strict' } });
  assert.equal(full.revision, 2);

  // Lock one setting and a whole section, then save both.
  const lockMail = page.getByRole('button', { name: 'Lock “Mail Shield” for customers' });
  assert.equal(await lockMail.getAttribute('aria-pressed'), 'false');
  await lockMail.click();
  assert.equal(await lockMail.getAttribute('aria-pressed'), 'true');
  await page.locator('[data-section="remote_access"]').getByRole('button', { name: 'Lock “Remote access” for customers' }).click();
  // Settings in a locked section show it and cannot be locked on their own.
  const inherited = row(page, 'remote_access.enabled').locator('.lock-toggle');
  assert.equal(await inherited.isDisabled(), true);
  assert.match(await inherited.getAttribute('aria-label'), /locked with “Remote access”/);
  await shot(page, 'policies-settings-en.png');
  await save(page);
  await page.getByText('2 changes saved. The policy is now at revision 2.').waitFor();
  full = (await api.req('GET', url(`/policies/${id}`))).json.policy;
  assert.deepEqual(full.locked, ['antivirus.mail_shield', 'remote_access']);

  // Assign it to two customers from the searchable multi-select, as their default.
  await page.getByRole('tab', { name: /Assignments/ }).click();
  await page.getByText('Not assigned to any customer yet').waitFor();
  await page.locator('#policy-panel').getByRole('button', { name: 'Assign to customers' }).click();
  const assign = page.getByRole('dialog', { name: 'Assign to customers' });
  await assign.waitFor();
  await assign.getByText('6 customers').waitFor();
  const find = assign.getByRole('searchbox', { name: 'Find customers' });
  await find.fill('westbrook');
  await assign.getByText('1 customer', { exact: true }).waitFor();
  await assign.getByRole('checkbox', { name: /Westbrook Academy/ }).check();
  await find.fill('olivetta');
  await assign.getByRole('checkbox', { name: /Olivetta Finanza/ }).check();
  await find.fill('');
  await assign.getByText('6 customers').waitFor();
  assert.equal(await assign.getByRole('checkbox', { name: /Westbrook Academy/ }).isChecked(), true, 'the choice is kept across searches');
  assert.match(await assign.locator('.chosen').innerText(), /2 customers selected[\s\S]*Westbrook Academy[\s\S]*Olivetta Finanza/);
  await assign.getByRole('checkbox', { name: 'Make it their default Workstation policy' }).check();
  await shot(page, 'policies-assign-en.png');
  await assign.getByRole('button', { name: 'Assign to 2 customers' }).click();
  await page.getByText('“Reception Desks” is now the default of 2 customers.').waitFor();
  const assigned = page.locator('#policy-panel tbody tr');
  await assigned.first().waitFor();
  assert.equal(await assigned.count(), 2);
  for (let i = 0; i < 2; i++) assert.match(await assigned.nth(i).innerText(), /Default[\s\S]*Uses the policy as is/);
  assert.equal(await page.locator('[data-count="assignments"]').innerText(), '2');
  const westbrook = await customerId('Westbrook Academy');
  const olivetta = await customerId('Olivetta Finanza S.p.A.');
  const uses = (await api.req('GET', url(`/policies/${id}/assignments`))).json.assignments;
  assert.deepEqual(uses.map((u) => [u.customer_id, u.default]).sort(), [[olivetta, true], [westbrook, true]].sort());

  // On one customer: the locked setting is read-only, an unlocked one is overridden.
  await assigned.filter({ hasText: 'Westbrook Academy' }).getByRole('link').click();
  await page.getByRole('heading', { level: 1, name: 'Reception Desks' }).waitFor();
  assert.match(await page.locator('.page-description').innerText(), /As applied to Westbrook Academy/);
  await page.getByRole('tab', { name: 'Settings' }).click();
  const mail = page.getByRole('switch', { name: 'Mail Shield' });
  assert.equal(await mail.isDisabled(), true);
  await row(page, 'antivirus.mail_shield').getByText('Locked').first().waitFor();
  assert.equal(await page.getByRole('switch', { name: 'Allow remote access' }).isDisabled(), true, 'a locked section');
  assert.equal(await page.locator('[data-lock]').count(), 0, 'no lock toggles for a customer');
  await page.getByRole('switch', { name: 'Web Shield' }).click();
  await row(page, 'antivirus.scheduled_scan.time').locator('input').fill('04:30');
  await row(page, 'antivirus.web_shield').getByText('Overridden').waitFor();
  assert.match(await page.getByRole('region', { name: 'Unsaved changes' }).innerText(), /2 unsaved changes[\s\S]*apply to Westbrook Academy only/);
  await save(page);
  await page.getByText('2 changes saved for Westbrook Academy.').waitFor();
  await row(page, 'antivirus.web_shield').getByRole('button', { name: 'Reset to policy' }).waitFor();
  const o = (await api.req('GET', url(`/customers/${westbrook}/policies/${id}/overrides`))).json;
  assert.deepEqual(o.settings, { antivirus: { web_shield: false, scheduled_scan: { time: '04:30' } } });
  await shot(page, 'policies-customer-view-en.png');

  // The customer's Policies tab marks it, and leads to the effective view.
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Policies' }).click();
  const tab = page.getByRole('tabpanel');
  const line = tab.locator('tbody tr', { hasText: 'Reception Desks' });
  await line.waitFor();
  assert.match(await line.innerText(), /Reception Desks[\s\S]*Workstation[\s\S]*Global[\s\S]*Overridden[\s\S]*Default/);
  assert.doesNotMatch(await tab.locator('tbody tr', { hasText: 'Global Test Policy' }).innerText(), /Overridden/);
  await tab.getByRole('link', { name: 'Effective policy' }).click();
  await page.getByRole('heading', { level: 1, name: 'Effective policy' }).waitFor();
  assert.match(await page.locator('.source-strip').innerText(), /Reception Desks[\s\S]*Global/);
  const origin = async (path) => (await page.locator(`tr[data-path="${path}"] .effective-origin .origin-badge`).allInnerTexts()).join(' ');
  assert.equal(await origin('antivirus.mail_shield'), 'Template');
  assert.equal(await origin('firewall.mode'), 'Policy');
  assert.equal(await origin('antivirus.web_shield'), 'Customer');
  assert.equal(await origin('antivirus.scheduled_scan.time'), 'Customer');
  assert.match(await page.locator('tr[data-path="firewall.mode"]').innerText(), /Mode[\s\S]*Strict/);
  assert.match(await page.locator('tr[data-path="antivirus.web_shield"]').innerText(), /Off/);
  assert.match(await page.locator('tr[data-path="antivirus.mail_shield"]').innerText(), /Locked/);
  await shot(page, 'policies-effective-en.png');
  // The other platform: Westbrook has no server policy, so the template applies.
  await page.getByRole('radio', { name: 'Server' }).check();
  await page.getByText('No default Server policy').waitFor();
  assert.match(page.url(), /platform=server$/);
  assert.deepEqual([...new Set(await page.locator('.effective-origin .origin-badge').allInnerTexts())], ['Template']);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('locks are part of the edit: counted with the values, saved with Save, undone with Discard', async () => {
  const created = await api.req('POST', url('/policies'), { name: 'Lock Lab', platform: 'workstation', description: '' });
  assert.equal(created.status, 201);
  const id = created.json.policy?.id ?? created.json.id;
  const stored = async () => (await api.req('GET', url(`/policies/${id}`))).json.policy;
  const page = await signIn(browser, server, demoUsers.admin, { path: `/a/${acc}/policies/${id}?tab=settings` });
  await page.getByRole('heading', { level: 1, name: 'Lock Lab' }).waitFor();
  const bar = page.getByRole('region', { name: 'Unsaved changes' });
  const lockMail = page.getByRole('button', { name: 'Lock “Mail Shield” for customers' });
  const lockRemote = page.locator('[data-section="remote_access"]').getByRole('button', { name: 'Lock “Remote access” for customers' });

  // A value and two locks wait together; the count says three; nothing is stored yet.
  await row(page, 'firewall.mode').locator('select').selectOption('strict');
  await bar.getByText('1 unsaved change', { exact: true }).waitFor();
  await lockMail.click();
  assert.equal(await lockMail.getAttribute('aria-pressed'), 'true');
  await row(page, 'antivirus.mail_shield').getByText('Unsaved').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Lock “Mail Shield” for customers');
  await bar.getByText('2 unsaved changes').waitFor();
  await lockRemote.click();
  await bar.getByText('3 unsaved changes').waitFor();
  await bar.getByText(/Saving a new lock removes customers’ overrides/).waitFor();
  assert.deepEqual((await stored()).locked, [], 'a lock is not saved before Save');
  // Locking back what was unlocked is no change at all.
  await lockMail.click();
  await bar.getByText('2 unsaved changes').waitFor();
  assert.equal(await row(page, 'antivirus.mail_shield').getByText('Unsaved').count(), 0);

  // Discard undoes the value and the lock.
  await bar.getByRole('button', { name: 'Discard' }).click();
  await page.getByRole('alertdialog', { name: 'Discard your changes?' }).getByRole('button', { name: 'Discard' }).click();
  await bar.waitFor({ state: 'hidden' });
  assert.equal(await lockRemote.getAttribute('aria-pressed'), 'false');
  assert.equal(await row(page, 'firewall.mode').locator('select').inputValue(), 'automatic');
  let now = await stored();
  assert.deepEqual(now.locked, []);
  assert.deepEqual(now.changes, {});

  // Save sends the value and the lock in one request.
  await row(page, 'firewall.mode').locator('select').selectOption('strict');
  await lockMail.click();
  await bar.getByText('2 unsaved changes').waitFor();
  await save(page);
  await page.getByText(/^2 changes saved\. The policy is now at revision \d+\.$/).waitFor();
  await bar.waitFor({ state: 'hidden' });
  now = await stored();
  assert.deepEqual(now.locked, ['antivirus.mail_shield']);
  assert.deepEqual(now.changes, { firewall: { mode: 'strict' } });
  assert.equal(await lockMail.getAttribute('aria-pressed'), 'true');

  // An unsaved unlock counts when leaving, too.
  await lockMail.click();
  await bar.getByText('1 unsaved change', { exact: true }).waitFor();
  await page.getByRole('navigation', { name: 'Account pages' }).getByRole('link', { name: 'Dashboard' }).click();
  const leave = page.getByRole('alertdialog', { name: 'Leave without saving?' });
  await leave.getByText('You have 1 unsaved change to this policy.').waitFor();
  await leave.getByRole('button', { name: 'Keep editing' }).click();
  await save(page);
  await page.getByText(/^1 change saved\./).waitFor();
  assert.deepEqual((await stored()).locked, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
  assert.equal((await api.req('DELETE', url(`/policies/${id}`))).status, 200, 'the other tests count the workstation policies');
});

test('inline validation: the server\'s message beside an exclusion entry, numbers before sending, from scratch', async () => {
  const gtp = await globalPolicy('Global Test Policy');
  const page = await signIn(browser, server, demoUsers.admin, { path: `/a/${acc}/policies/${gtp.id}?tab=exclusions` });
  await page.getByRole('heading', { level: 1, name: 'Global Test Policy' }).waitFor();
  const paths = row(page, 'exclusions.paths');
  await paths.getByRole('textbox', { name: 'Add to File and folder paths' }).fill('relative\\path');
  await paths.getByRole('textbox', { name: 'Add to File and folder paths' }).press('Enter');
  await paths.getByRole('textbox', { name: 'File and folder paths, entry 2' }).waitFor();
  await save(page);
  const err = page.locator('[data-error-for="exclusions.paths[1]"]');
  await err.waitFor();
  assert.match(await err.innerText(), /\S/);
  const entry = paths.getByRole('textbox', { name: 'File and folder paths, entry 2' });
  assert.equal(await entry.getAttribute('aria-invalid'), 'true');
  assert.match(await entry.getAttribute('aria-describedby'), /-error/);
  assert.equal(await entry.evaluate((el) => el === document.activeElement), true, 'focus on the entry in error');
  assert.equal(await page.locator('[data-error-for="exclusions.paths[0]"]').isHidden(), true);
  await shot(page, 'policies-validation-en.png');
  // Nothing was written.
  assert.equal((await api.req('GET', url(`/policies/${gtp.id}`))).json.policy.settings.exclusions.paths.length, 1);
  // Corrected in place, it is saved.
  await entry.fill('D:\\Shared\\Scans\\*');
  assert.equal(await err.isHidden(), true);
  await save(page);
  await page.getByText(/1 change saved/).waitFor();
  assert.deepEqual((await api.req('GET', url(`/policies/${gtp.id}`))).json.policy.settings.exclusions.paths,
    ['C:\\Program Files\\Northwind RMM\\*', 'D:\\Shared\\Scans\\*']);

  // A number out of range is caught before anything is sent.
  await page.getByRole('tab', { name: 'Settings' }).click();
  const hours = row(page, 'updates.definitions_interval_hours').locator('input');
  await hours.fill('30');
  await hours.press('Tab');
  assert.equal(await page.locator('[data-error-for="updates.definitions_interval_hours"]').innerText(), 'Enter a number from 1 to 24.');
  await save(page);
  await page.getByRole('region', { name: 'Unsaved changes' }).getByText('Correct the settings marked in red first.').waitFor();
  assert.equal(await hours.evaluate((el) => el === document.activeElement), true);
  // Leaving with unsaved changes asks first.
  await page.getByRole('navigation', { name: 'Account pages' }).getByRole('link', { name: 'Customers' }).click();
  const leave = page.getByRole('alertdialog', { name: 'Leave without saving?' });
  await leave.waitFor();
  await leave.getByRole('button', { name: 'Keep editing' }).click();
  await hours.fill('6');
  await hours.press('Tab');
  await save(page);
  await page.getByRole('region', { name: 'Unsaved changes' }).waitFor({ state: 'hidden' });
  assert.equal((await api.req('GET', url(`/policies/${gtp.id}`))).json.policy.settings.updates.definitions_interval_hours, 6);

  // From scratch: nothing is preselected and every setting must be chosen.
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Policies' }).click();
  await page.getByRole('button', { name: 'New policy' }).click();
  const drawer = page.getByRole('dialog', { name: 'New global policy' });
  await drawer.getByRole('textbox', { name: 'Name' }).fill('Kiosks');
  await drawer.getByRole('radio', { name: /^Server File/ }).check();
  await drawer.getByRole('radio', { name: /From scratch/ }).check();
  await drawer.locator('[data-section="firewall"]').waitFor();
  assert.equal(await drawer.getByRole('switch').count(), 0, 'no switch is preset');
  assert.equal(await drawer.locator('.setting[data-path="firewall.mode"] select').inputValue(), '');
  await drawer.getByRole('button', { name: 'Create policy' }).click();
  const choose = drawer.locator('.setting-error:not([hidden])', { hasText: 'Choose a value.' });
  assert.ok(await choose.count() >= 18, 'every setting left out is marked');
  await drawer.locator('[data-error-for="firewall.mode"]').waitFor();
  await shot(page, 'policies-scratch-en.png');
  await page.keyboard.press('Escape');
  const discard = page.getByRole('alertdialog', { name: 'Discard this policy?' });
  await discard.waitFor();
  await discard.getByRole('button', { name: 'Discard' }).click();
  await drawer.waitFor({ state: 'detached' });
  assert.equal(await globalPolicy('Kiosks'), undefined);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('unassigning a customer\'s default is explained; deleting a policy in use asks for a replacement', async () => {
  const gtp = await globalPolicy('Global Test Policy');
  const page = await signIn(browser, server, demoUsers.admin, { path: `/a/${acc}/policies/${gtp.id}?tab=assignments` });
  const rows = page.locator('#policy-panel tbody tr');
  await rows.first().waitFor();
  const sakura = rows.filter({ hasText: '株式会社さくら精機' });
  assert.match(await sakura.innerText(), /Default[\s\S]*Overrides settings/);
  await sakura.getByRole('button', { name: 'Unassign from 株式会社さくら精機' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Unassign “Global Test Policy” from 株式会社さくら精機?' });
  await confirm.getByRole('button', { name: 'Unassign' }).click();
  const explain = page.locator('.assign-error');
  await explain.waitFor();
  assert.match(await explain.innerText(), /The policy was not unassigned[\s\S]*default Workstation policy of this customer[\s\S]*株式会社さくら精機/);
  assert.equal(await explain.getByRole('link', { name: '株式会社さくら精機' }).count(), 1);
  await shot(page, 'policies-unassign-default-en.png');
  assert.equal(await rows.count(), 3, 'nothing changed');
  // Westbrook's default is another policy now: selected and unassigned.
  await page.getByRole('checkbox', { name: 'Select Westbrook Academy' }).check();
  await page.getByRole('button', { name: 'Unassign from 1 customer' }).click();
  await page.getByRole('alertdialog', { name: 'Unassign “Global Test Policy” from Westbrook Academy?' }).getByRole('button', { name: 'Unassign' }).click();
  await page.getByText('“Global Test Policy” has been unassigned from 1 customer.').waitFor();
  await rows.filter({ hasText: 'Westbrook Academy' }).waitFor({ state: 'detached' });
  assert.equal(await rows.count(), 2);
  assert.equal(await page.locator('[data-count="assignments"]').innerText(), '2');
  const westbrook = await customerId('Westbrook Academy');
  assert.equal((await api.req('GET', url(`/customers/${westbrook}/policies/${gtp.id}`))).status, 404);

  // Strict Workstations is Olivetta's default: deleting it asks for another workstation policy.
  const strict = await globalPolicy('Strict Workstations');
  await page.goto(server.url + `/a/${acc}/policies/${strict.id}`);
  await page.getByRole('heading', { level: 1, name: 'Strict Workstations' }).waitFor();
  await page.getByRole('button', { name: 'Delete…' }).click();
  const dlg = page.getByRole('dialog', { name: 'Delete “Strict Workstations”?' });
  await dlg.waitFor();
  assert.match(await dlg.innerText(), /assigned to 1 customer[\s\S]*Workstation global policy/);
  const select = dlg.getByRole('combobox', { name: /Replacement policy/ });
  assert.deepEqual(await select.locator('option').allInnerTexts(), ['Choose a policy', 'Global Test Policy', 'Reception Desks']);
  await dlg.getByRole('button', { name: 'Delete policy' }).click();
  await dlg.getByText('Choose the policy that replaces it.').waitFor();
  await select.selectOption({ label: 'Global Test Policy' });
  await shot(page, 'policies-delete-en.png');
  await dlg.getByRole('button', { name: 'Delete policy' }).click();
  await page.getByRole('heading', { level: 1, name: 'Policies' }).waitFor();
  await page.getByText('“Strict Workstations” has been deleted; 1 customer now uses “Global Test Policy”.').waitFor();
  assert.equal(await globalPolicy('Strict Workstations'), undefined);
  const olivetta = await customerId('Olivetta Finanza S.p.A.');
  const left = (await api.req('GET', url(`/customers/${olivetta}/policies`))).json.policies.map((p) => p.name).sort();
  assert.deepEqual(left, ['Global Test Policy', 'Reception Desks', 'Standard Servers']);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a customer\'s local policies: new from a template, make default, delete with a replacement', async () => {
  const boss = await customerId('BOSS STG payg test A 4/4/2023 cs1');
  const page = await signIn(browser, server, demoUsers.admin, { path: `/a/${acc}/customers/${boss}?tab=policies` });
  const tab = page.getByRole('tabpanel');
  await tab.locator('tbody tr', { hasText: 'Local Test Policy' }).waitFor();
  await tab.getByRole('button', { name: 'New local policy' }).click();
  const drawer = page.getByRole('dialog', { name: 'New local policy' });
  await drawer.waitFor();
  assert.match(await drawer.innerText(), /A policy of BOSS STG payg test A 4\/4\/2023 cs1 only/);
  await drawer.getByRole('textbox', { name: 'Name' }).fill('Front Office');
  // Copy a local policy of another customer, picked in the tree.
  await drawer.getByRole('radio', { name: /Copy a local policy/ }).check();
  const kookaburra = drawer.getByRole('treeitem', { name: 'Kookaburra Legal' });
  await kookaburra.waitFor();
  if (await kookaburra.getAttribute('aria-expanded') !== 'true') await kookaburra.click();
  await kookaburra.getByRole('treeitem', { name: 'Local Test Policy' }).click();
  await drawer.getByText('Copying “Local Test Policy” of Kookaburra Legal.').waitFor();
  await drawer.getByRole('button', { name: 'Create policy' }).click();
  await page.getByRole('heading', { level: 1, name: 'Front Office' }).waitFor();
  assert.match(await page.locator('.meta-strip').innerText(), /Local policy/);
  assert.equal(await page.locator('[data-lock]').count(), 0, 'local policies have no locks');
  assert.equal(await page.getByRole('tab', { name: /Assignments/ }).count(), 0);
  await row(page, 'web_control.blocked_categories').getByText('Changed from template').waitFor();

  // Back on the tab: make it the default in one request.
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Policies' }).click();
  const front = tab.locator('tbody tr', { hasText: 'Front Office' });
  await front.waitFor();
  await front.getByRole('button', { name: 'Make “Front Office” the default Workstation policy' }).click();
  await page.getByText('“Front Office” is now the default Workstation policy of BOSS STG payg test A 4/4/2023 cs1.').waitFor();
  assert.match(await front.innerText(), /Default/);
  const old = tab.locator('tbody tr').filter({ has: page.getByRole('link', { name: 'Default', exact: true }) });
  assert.equal(await old.locator('.default-star').count(), 0, 'the old default lost its star');
  assert.equal(await front.locator('.default-star').count(), 1);
  const list = (await api.req('GET', url(`/customers/${boss}/policies`))).json.policies;
  assert.deepEqual(list.filter((p) => p.default).map((p) => p.name), ['Front Office']);

  // The default is deleted only with a replacement.
  await front.getByRole('button', { name: 'Delete “Front Office”' }).click();
  const dlg = page.getByRole('dialog', { name: 'Delete “Front Office”?' });
  await dlg.waitFor();
  assert.match(await dlg.innerText(), /default Workstation policy of BOSS STG/);
  await dlg.getByRole('combobox', { name: /New default policy/ }).selectOption({ label: 'Local Test Policy' });
  await dlg.getByRole('button', { name: 'Delete policy' }).click();
  await page.getByText('“Front Office” has been deleted; “Local Test Policy” is now the default.').waitFor();
  await tab.locator('tbody tr', { hasText: 'Front Office' }).waitFor({ state: 'detached' });
  assert.match(await tab.locator('tbody tr', { hasText: 'Local Test Policy' }).innerText(), /Default/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a viewer sees every policy screen with nothing to change', async () => {
  const gtp = await globalPolicy('Global Test Policy');
  const page = await signIn(browser, server, demoUsers.viewer, { path: `/a/${acc}/policies` });
  await page.locator('main tbody tr', { hasText: 'Global Test Policy' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'New policy' }).count(), 0);
  await page.getByRole('status').filter({ hasText: 'View only' }).waitFor();
  // A click on the row opens the policy.
  await page.locator('main tbody tr', { hasText: 'Global Test Policy' }).locator('td').first().click();
  await page.getByRole('heading', { level: 1, name: 'Global Test Policy' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Assign to customers' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Duplicate' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Delete…' }).count(), 0);
  assert.equal(await page.getByRole('textbox', { name: 'Name' }).evaluate((el) => el.readOnly), true);
  await page.getByRole('tab', { name: 'Settings' }).click();
  await row(page, 'firewall.mode').waitFor();
  const enabled = await page.locator('#policy-panel').locator('input:not([disabled]), select:not([disabled]), button:not([disabled])').count();
  assert.equal(enabled, 0, 'every control is disabled');
  assert.equal(await page.locator('[data-lock]').count(), 0);
  assert.ok(await page.locator('.lock-static').count() > 0, 'locks are shown');
  assert.equal(await page.getByRole('button', { name: /Reset to template/ }).count(), 0);
  await page.getByRole('tab', { name: 'Exclusions' }).click();
  assert.equal(await page.getByRole('button', { name: 'Add' }).count(), 0);
  await page.getByRole('tab', { name: /Assignments/ }).click();
  await page.locator('#policy-panel tbody tr').first().waitFor();
  assert.equal(await page.getByRole('button', { name: /Unassign/ }).count(), 0);
  assert.equal(await page.locator('#policy-panel input[type="checkbox"]').count(), 0);
  await shot(page, 'policies-viewer-en.png');

  // A customer's view: read-only too.
  const sakura = await customerId('株式会社さくら精機');
  await page.goto(server.url + `/a/${acc}/customers/${sakura}?tab=policies`);
  await page.getByRole('tabpanel').locator('tbody tr', { hasText: 'Global Test Policy' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'New local policy' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: /Make default|Make “/ }).count(), 0);
  await page.getByRole('tabpanel').getByRole('link', { name: 'Global Test Policy' }).click();
  await page.getByRole('tab', { name: 'Settings' }).click();
  await row(page, 'antivirus.web_shield').waitFor();
  assert.equal(await page.locator('#policy-panel').locator('input:not([disabled]), select:not([disabled])').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Reset to policy' }).count(), 0);
  await page.getByRole('tab', { name: 'Overview' }).click();
  assert.equal(await page.getByRole('button', { name: 'Reset all overrides' }).count(), 0);
  // The API refuses anyway.
  const v = await apiAs(server, demoUsers.viewer);
  assert.equal((await v.req('PATCH', url(`/policies/${gtp.id}`), { locked: [] })).status, 403);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a user limited to chosen customers gets no partner Policies page but works on their customers\' policies', async () => {
  const page = await signIn(browser, server, demoUsers.tech, { path: `/a/${acc}` });
  const nav = page.getByRole('navigation', { name: 'Account pages' });
  await nav.getByRole('link', { name: 'Dashboard' }).waitFor();
  assert.equal(await nav.getByRole('link', { name: 'Policies' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: '+ Customer' }).count(), 0, 'creating customers is not offered');
  await nav.getByRole('link', { name: 'Customers' }).click();
  await page.locator('main tbody tr', { hasText: 'Kookaburra Legal' }).waitFor();
  assert.equal(await page.getByRole('button', { name: '+ Customer' }).count(), 0);

  // Asked for anyway, the page explains and leads to their customers.
  await page.goto(server.url + `/a/${acc}/policies`);
  await page.getByRole('heading', { name: 'Global policies need access to the whole account' }).waitFor();
  const links = page.locator('main .link-list a');
  assert.deepEqual((await links.allInnerTexts()).map((s) => s.split('\n').filter(Boolean).find((x) => /Kookaburra|さくら/.test(x))).sort(),
    ['Kookaburra Legal', '株式会社さくら精機']);
  await shot(page, 'policies-scoped-en.png');
  const gtp = await globalPolicy('Global Test Policy');
  await page.goto(server.url + `/a/${acc}/policies/${gtp.id}`);
  await page.getByRole('heading', { name: 'Global policies need access to the whole account' }).waitFor();

  // On their customer: override an unlocked setting of the global policy.
  await page.goto(server.url + `/a/${acc}/policies`);
  await links.filter({ hasText: '株式会社さくら精機' }).click();
  await page.getByRole('tabpanel').getByRole('link', { name: 'Global Test Policy' }).click();
  await page.getByRole('heading', { level: 1, name: 'Global Test Policy' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Open global policy' }).count(), 0);
  await page.getByRole('tab', { name: 'Settings' }).click();
  assert.equal(await page.getByRole('switch', { name: 'File Shield' }).isDisabled(), true);
  await row(page, 'firewall.mode').locator('select').selectOption('permissive');
  await save(page);
  await page.getByText('1 change saved for 株式会社さくら精機.').waitFor();
  const sakura = await customerId('株式会社さくら精機');
  const ef = (await api.req('GET', url(`/customers/${sakura}/effective-policy?platform=workstation`))).json;
  assert.equal(ef.settings.firewall.mode, 'permissive');
  assert.equal(ef.origin['firewall.mode'], 'customer');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Japanese: the policies list, the editor, a customer\'s view and the effective view', async () => {
  const page = await signIn(browser, server, demoUsers.tanaka, { path: `/a/${acc}/policies` });
  await page.getByRole('heading', { level: 1, name: 'ポリシー' }).waitFor();
  assert.deepEqual((await page.locator('main thead th').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim()),
    ['名前', 'ステータス', 'プラットフォーム', '割り当て先の顧客', 'オーバーライド', '既定', '最終更新']);
  const gtp = page.locator('main tbody tr', { hasText: 'Global Test Policy' });
  assert.match(await gtp.innerText(), /使用中[\s\S]*ワークステーション/);
  await page.getByRole('button', { name: '新しいポリシー' }).waitFor();
  await shot(page, 'policies-list-ja.png');
  await page.getByRole('button', { name: '新しいポリシー' }).click();
  const drawer = page.getByRole('dialog', { name: '新しいグローバルポリシー' });
  await drawer.getByRole('textbox', { name: '名前' }).fill('受付端末');
  await drawer.getByRole('radio', { name: /新規に作成/ }).check();
  await drawer.getByRole('button', { name: 'ポリシーを作成' }).click();
  await drawer.locator('[data-error-for="antivirus.file_shield"]').waitFor();
  assert.equal(await drawer.locator('.setting[data-path="antivirus.file_shield"] input[type="radio"]').first()
    .evaluate((el) => el === document.activeElement), true, 'focus on the first setting to choose');
  await drawer.locator('.setting-error', { hasText: '値を選択してください。' }).first().waitFor();
  await shot(page, 'policies-scratch-ja.png');
  await page.keyboard.press('Escape');
  await page.getByRole('alertdialog').getByRole('button', { name: '破棄' }).click();
  await drawer.waitFor({ state: 'detached' });

  await gtp.getByRole('link').click();
  await page.getByRole('heading', { level: 1, name: 'Global Test Policy' }).waitFor();
  assert.deepEqual((await page.getByRole('tab').allInnerTexts()).map((s) => s.replace(/\s+\d+$/, '').trim()), ['概要', '設定', '除外', '割り当て']);
  await page.getByRole('tab', { name: '設定' }).click();
  await page.locator('[data-section="antivirus"]').getByRole('heading', { name: 'ウイルス対策' }).waitFor();
  await page.getByRole('switch', { name: 'ファイルシールド' }).waitFor();
  await page.getByRole('button', { name: '「メールシールド」を顧客に対してロック' }).waitFor();
  await row(page, 'web_control.blocked_categories').getByText('テンプレートから変更').waitFor();
  assert.equal(await row(page, 'firewall.mode').locator('select option:checked').innerText(), '自動');
  await row(page, 'antivirus.scheduled_scan.type').locator('select').selectOption('full');
  await page.getByRole('region', { name: '未保存の変更' }).getByText('未保存の変更が1件あります').waitFor();
  await shot(page, 'policies-settings-ja.png');
  await page.getByRole('region', { name: '未保存の変更' }).getByRole('button', { name: '変更を保存' }).click();
  await page.getByText(/1件の変更を保存しました。ポリシーはリビジョン\d+になりました。/).waitFor();

  // A customer's view and the effective view.
  const sakura = await customerId('株式会社さくら精機');
  await page.goto(server.url + `/a/${acc}/customers/${sakura}?tab=policies`);
  const tab = page.getByRole('tabpanel');
  assert.match(await tab.locator('tbody tr', { hasText: 'Global Test Policy' }).innerText(), /グローバル[\s\S]*オーバーライド済み[\s\S]*既定/);
  await tab.getByRole('link', { name: 'Global Test Policy' }).click();
  await page.getByText('割り当て先のすべての顧客で共有されるグローバルポリシーです').waitFor();
  await page.getByRole('tab', { name: '除外' }).click();
  await page.getByText('株式会社さくら精機専用に追加').first().waitFor();
  assert.match(await row(page, 'exclusions.paths').innerText(), /「Global Test Policy」の設定[\s\S]*C:\\Program Files\\Northwind RMM\\\*/);
  await shot(page, 'policies-customer-view-ja.png');
  await page.getByRole('link', { name: '適用されるポリシー' }).click();
  await page.getByRole('heading', { level: 1, name: '適用されるポリシー' }).waitFor();
  const origin = async (path) => (await page.locator(`tr[data-path="${path}"] .effective-origin .origin-badge`).allInnerTexts()).join(' ');
  assert.equal(await origin('antivirus.file_shield'), 'テンプレート');
  assert.equal(await origin('web_control.blocked_categories'), 'ポリシー');
  assert.equal(await origin('antivirus.scheduled_scan.time'), '顧客');
  assert.equal(await origin('exclusions.paths'), 'ポリシー 顧客');
  assert.match(await page.locator('tr[data-path="antivirus.scheduled_scan.day"]').innerText(), /曜日[\s\S]*日曜日/);
  await shot(page, 'policies-effective-ja.png');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

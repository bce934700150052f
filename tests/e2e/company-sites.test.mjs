// Browser tests of company consoles: making one from the profile, single-
// or multi-tenant, in English and Japanese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoSuite, signIn, shot, apiAs } from './support.mjs';
import { demoUsers } from '../lib/server.mjs';

const env = demoSuite();

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
  await dialog.getByRole('button', { name: 'Create company console' }).click();
  await page.waitForURL(/\/a\/acc_[a-z0-9]+$/);
  await page.locator('.page-title').waitFor();
  const api = await apiAs(env.server, demoUsers.tech);
  const made = (await api.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.name === 'Harbour Opticians');
  assert.deepEqual([made.kind, made.region, made.tenancy, made.role], ['company', 'GB', 'multi', 'admin']);
  assert.ok(page.url().endsWith(`/a/${made.id}`));
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
  await page.waitForURL(/\/a\/acc_[a-z0-9]+$/);
  const api = await apiAs(env.server, demoUsers.tanaka);
  const made = (await api.req('GET', '/api/v1/accounts')).json.accounts.find((a) => a.name === '京都陶器株式会社');
  assert.deepEqual([made.kind, made.region, made.tenancy], ['company', 'JP', 'single']);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

/*
 * sites.js - a company console's own devices (/a/{id}/sites).
 *
 * A multi-tenant console: its sites (components/sites-panel.js, as on a
 * customer's page): one row per site with its devices and exclusions;
 * admins add a site, open its installer, rename it, edit its exclusions
 * and delete it by typing its name, saying where its devices go. The site
 * selection pane follows every change.
 *
 * A single-tenant console has no sites: the page shows its installer (for
 * admins; the token enrols devices) and its devices, a page at a time.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card, accountCrumb } from '../components/ui.js';
import { table } from '../components/table.js';
import { pagedList, pager } from '../components/pagination.js';
import { icon } from '../components/icons.js';
import { sitesPanel } from '../components/sites-panel.js';
import { openInstaller } from '../components/installer-dialog.js';
import { t } from '../i18n.js';
import { devicePath, devicesPath } from '../paths.js';
import { companyOwner } from '../companies.js';
import { deviceColumns, deviceEmpty } from './devices.js';

const DEVICE_PAGE = 25;

function multiTenant(ctx, owner) {
  const { account, isAdmin, wholeAccount } = ctx;
  // An admin of chosen sites manages those, but adds and deletes none.
  const panel = sitesPanel({ account, customer: owner, isAdmin, whole: wholeAccount });
  return {
    title: t('nav.sites'),
    description: t('sites.description', { name: account.name }),
    breadcrumbs: [accountCrumb(account), { label: t('nav.sites') }],
    body: html`${card({ title: t('sites.all'), flush: true, body: html`<div data-ref="sitesHost"></div>` })}`,
    mounted(el) {
      el.querySelector('[data-ref="sitesHost"]').replaceWith(panel.el);
      panel.load();
    },
  };
}

async function singleTenant(ctx, owner) {
  const { account, isAdmin } = ctx;
  let root = null;
  const list = pagedList((cursor, signal) => api.devices.list(account.id, { limit: DEVICE_PAGE, cursor, signal }), { onChange: draw });
  await list.load({ rethrow: true });
  const installerButton = isAdmin
    ? html`<button type="button" class="btn btn-primary btn-sm" data-ref="installer">${icon('download')}<span>${t('installer.open')}</span></button>` : '';

  function devicesBody() {
    if (!list.items.length && !list.loading) return deviceEmpty({ account, isAdmin, company: account.name, action: installerButton });
    return html`
      ${table({
        caption: t('customer.devices.caption', { company: account.name }), columns: deviceColumns(account, { compact: true }), rows: list.items,
        key: (d) => d.id, className: 'table-hover devices-table', href: (d) => devicePath(account.id, d.id),
      })}
      ${pager(list, { onMore: () => list.more(root) })}`;
  }

  function draw() {
    const box = root?.querySelector('[data-ref="devices"]');
    if (box) render(box, devicesBody());
  }

  return {
    title: t('nav.sites'),
    description: t('company.single.description', { name: account.name }),
    breadcrumbs: [accountCrumb(account), { label: t('nav.sites') }],
    actions: installerButton,
    body: html`
      ${card({
        title: t('company.installer.title'),
        subtitle: t('company.installer.subtitle', { name: account.name }),
        body: html`<p>${t('company.single.text', { name: account.name })}</p>
          ${isAdmin ? html`<p class="muted small">${t('company.installer.text')}</p>` : html`<p class="muted small">${t('company.installer.viewer')}</p>`}`,
      })}
      ${card({
        title: t('nav.devices'),
        aside: html`<a class="btn btn-secondary btn-sm" href="${devicesPath(account.id)}">${icon('search')}<span>${t('customer.devices.filter')}</span></a>`,
        flush: true,
        body: html`<div data-ref="devices"></div>`,
      })}`,
    mounted(el) {
      root = el.querySelector('.page-body');
      draw();
      el.addEventListener('click', (e) => { if (e.target.closest('[data-ref="installer"]')) openInstaller({ account, customer: owner }); });
    },
  };
}

export default async function sites(ctx) {
  const owner = companyOwner(ctx.account);
  return owner.multi ? multiTenant(ctx, owner) : singleTenant(ctx, owner);
}

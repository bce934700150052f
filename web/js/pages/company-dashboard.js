/*
 * company-dashboard.js - the top-level dashboard of a company console
 * (/a/{id}).
 *
 * Cards from GET .../dashboard, the console's own figures, exact at the
 * moment (a role limited to chosen sites gets its sites'): its sites
 * (multi-tenant), devices protected / at risk / offline and open alerts by
 * severity, each figure a link to the list it counts; the chart of alerts
 * raised and resolved on each of the last 30 days; then, in a
 * multi-tenant console, a row per site (GET .../dashboard/sites) with its
 * devices by status and open alerts by severity, each a link to them, and
 * its installer for admins; in a single-tenant console, its installer.
 */
import { html } from '../html.js';
import * as api from '../api.js';
import { icon } from '../components/icons.js';
import { card, emptyState, accountCrumb } from '../components/ui.js';
import { table } from '../components/table.js';
import { pagedList, pager } from '../components/pagination.js';
import { banner } from '../components/form.js';
import { statCard, deviceCard, alertCard, chartCard, rowDevices, rowAlerts, drawRows as drawRowsInto } from '../components/dashboard-bits.js';
import { openInstaller } from '../components/installer-dialog.js';
import { t } from '../i18n.js';
import { pagePath, devicesPath } from '../paths.js';
import { companyOwner } from '../companies.js';

const ROWS = 25;

export default async function companyDashboard(ctx) {
  const { account, isAdmin, wholeAccount } = ctx;
  const a = account.id;
  const owner = companyOwner(account);
  let root = null;
  const d = await api.dashboard.get(a);
  const rows = owner.multi ? pagedList((cursor, signal) => api.dashboard.sites(a, { limit: ROWS, cursor, signal }), { onChange: drawRows }) : null;
  if (rows) await rows.load({ rethrow: true });

  // What the cards say at zero is about what the user sees: the whole
  // account, or the sites a limited role covers; only whole-account admins
  // add sites.
  const canAddSites = isAdmin && wholeAccount;
  const cards = [
    ...(owner.multi ? [statCard({
      key: 'sites', iconName: 'sites', title: t('dashboard.card.sites'), value: d.sites || 0,
      href: pagePath(a, 'sites'),
      empty: t(canAddSites ? 'company.dashboard.sites.none' : wholeAccount ? 'company.dashboard.sites.none.viewer' : 'company.sites.none.scoped'),
    })] : []),
    deviceCard(a, d.devices, t(wholeAccount ? 'dashboard.card.devices.note' : 'company.dashboard.devices.none.scoped')),
    alertCard(a, d.alerts, t(wholeAccount ? 'company.dashboard.alerts.none' : 'company.dashboard.alerts.none.scoped')),
  ];

  // ---- the row per site ------------------------------------------------------
  const devicesCell = (r) => rowDevices(a, { site_id: r.site_id }, r.devices,
    (n, status) => t('company.dashboard.devicesOf', { n, status, site: r.name }));
  const alertsCell = (r) => rowAlerts(a, { site_id: r.site_id }, r.alerts,
    (n, severity) => t('company.dashboard.alertsOf', { n, severity, site: r.name }));
  const columns = [
    { header: t('table.site'), rowHeader: true, cell: (r) => html`<a class="cell-link" href="${devicesPath(a, { site_id: r.site_id })}">${r.name}</a>` },
    { header: t('table.devices'), cell: devicesCell },
    { header: t('table.openAlerts'), cell: alertsCell },
    ...(isAdmin ? [{
      header: t('table.installer'), className: 'cell-action',
      cell: (r) => html`<button type="button" class="btn btn-secondary btn-sm" data-installer="${r.site_id}"
        aria-label="${t('sites.installerFor', { site: r.name })}">${icon('download')}<span>${t('installer.open')}</span></button>`,
    }] : []),
  ];

  function rowsBody() {
    if (rows.error) return html`<div class="card-pad">${banner('error', rows.error.message)}</div>`;
    const empty = rows.loading ? '' : emptyState({
      icon: 'sites', title: t('empty.sites.title'),
      text: t(canAddSites ? 'company.dashboard.noSites.admin' : wholeAccount ? 'company.dashboard.noSites.viewer' : 'company.sites.none.scoped'),
      compact: true, headingLevel: 3,
      action: canAddSites ? html`<a class="btn btn-secondary btn-sm" href="${pagePath(a, 'sites')}">${icon('sites')}<span>${t('company.toSites')}</span></a>` : '',
    });
    return html`
      ${table({
        caption: t('dashboard.table.sites'), columns, rows: rows.items, key: (r) => r.site_id, empty,
        emptyInTable: !rows.items.length, className: 'table-hover dashboard-table',
      })}
      ${pager(rows, { onMore: () => rows.more(root) })}`;
  }

  function drawRows() {
    drawRowsInto(root, rows, rowsBody);
  }

  const installerCard = () => card({
    title: t('company.installer.title'),
    subtitle: t('company.installer.subtitle', { name: account.name }),
    body: isAdmin ? html`<p>${t('company.installer.text')}</p>
      <div class="form-actions"><button type="button" class="btn btn-primary btn-sm" data-ref="ownInstaller">${icon('download')}<span>${t('installer.open')}</span></button></div>`
      : html`<p class="muted">${t('company.installer.viewer')}</p>`,
  });

  return {
    title: t('nav.dashboard'),
    description: t(owner.multi ? 'company.dashboard.description.multi' : 'company.dashboard.description.single', { name: account.name }),
    breadcrumbs: [accountCrumb(account), { label: t('nav.dashboard') }],
    body: html`
      <div class="${'stats-grid stats-' + cards.length}">${cards}</div>
      ${chartCard(a, d.alert_days)}
      ${owner.multi ? card({
        title: t('dashboard.table.sites'),
        subtitle: t('dashboard.table.sites.subtitle'),
        flush: true,
        body: html`<div data-ref="rows"></div>`,
      }) : installerCard()}`,
    mounted(el) {
      root = el.querySelector('.page-body');
      if (rows) drawRows();
      root.addEventListener('click', (e) => {
        const b = e.target.closest('[data-installer]');
        if (b) {
          const r = rows.items.find((x) => x.site_id === b.dataset.installer);
          if (r) openInstaller({ account, customer: owner, site: { id: r.site_id, name: r.name } });
        }
        if (e.target.closest('[data-ref="ownInstaller"]')) openInstaller({ account, customer: owner });
      });
    },
  };
}

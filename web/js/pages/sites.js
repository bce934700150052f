/*
 * sites.js - a company console's sites (/a/{id}/sites): locations or
 * branches, each with its own installer and devices.
 */
import { html } from '../html.js';
import { card, emptyState, accountCrumb } from '../components/ui.js';
import { table } from '../components/table.js';
import { t } from '../i18n.js';

export default function sites({ account }) {
  const columns = ['table.site', 'table.devices', 'table.atRisk', 'table.openAlerts', 'table.installer', 'table.created']
    .map((k) => t(k));
  return {
    title: t('nav.sites'),
    description: t('sites.description', { name: account.name }),
    breadcrumbs: [accountCrumb(account), { label: t('nav.sites') }],
    body: html`${card({
      title: t('sites.all'),
      flush: true,
      body: table({
        emptyInTable: true,
        caption: t('sites.all'),
        columns,
        empty: emptyState({ icon: 'sites', title: t('empty.sites.title'), text: t('empty.sites.page'), headingLevel: 3 }),
      }),
    })}`,
  };
}

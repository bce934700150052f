/*
 * sites.js - a company console's sites (/a/{id}/sites). Sites and devices
 * cannot be added yet, so the page says only what is true: there are none,
 * and no device is enrolled.
 */
import { html } from '../html.js';
import { card, emptyState, accountCrumb } from '../components/ui.js';
import { t } from '../i18n.js';

export default function sites({ account }) {
  return {
    title: t('nav.sites'),
    description: t('sites.description', { name: account.name }),
    breadcrumbs: [accountCrumb(account), { label: t('nav.sites') }],
    body: html`${card({
      title: t('sites.all'),
      body: emptyState({
        icon: 'sites', title: t('empty.sites.title'), text: t('empty.sites.page', { name: account.name }), headingLevel: 3,
      }),
    })}`,
  };
}

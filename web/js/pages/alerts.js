/*
 * alerts.js - alerts of every customer (/a/{id}/alerts). Steward raises no
 * alerts yet (they come with devices and their check-ins), so the page says
 * exactly that: no status tabs, filters or actions that would act on
 * nothing.
 */
import { html } from '../html.js';
import { card, emptyState, accountCrumb } from '../components/ui.js';
import { t } from '../i18n.js';

export default function alerts({ account }) {
  const partner = account.kind === 'partner';
  return {
    title: t('nav.alerts'),
    description: t('alerts.description.' + (partner ? 'partner' : 'company')),
    breadcrumbs: [accountCrumb(account), { label: t('nav.alerts') }],
    body: html`${card({
      title: t('alerts.all'),
      body: emptyState({
        icon: 'alerts',
        title: t('alerts.none.title'),
        text: t('alerts.none.text', { name: account.name }),
        headingLevel: 3,
      }),
    })}`,
  };
}

/*
 * customers.js - a partner's customers (/a/{id}/customers): one row per
 * customer with its devices, alerts, subscriptions and management mode.
 */
import { html } from '../html.js';
import { card, emptyState, emptyTable, accountCrumb } from '../components/ui.js';
import { t } from '../i18n.js';

export default function customers({ account }) {
  const columns = ['table.customer', 'table.contact', 'table.devices', 'table.openAlerts',
    'table.subscriptions', 'table.management', 'table.created'].map((k) => t(k));
  return {
    title: t('nav.customers'),
    description: t('customers.description', { name: account.name }),
    breadcrumbs: [accountCrumb(account), { label: t('nav.customers') }],
    body: html`${card({
      title: t('customers.all'),
      flush: true,
      body: emptyTable({
        caption: t('customers.all'),
        columns,
        empty: emptyState({
          icon: 'customers',
          title: t('empty.customers.title'),
          text: t('empty.customers.page'),
          headingLevel: 3,
        }),
      }),
    })}`,
  };
}

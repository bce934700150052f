/*
 * subscriptions.js - subscription usage (/a/{id}/subscriptions): every
 * service a customer (or the company) uses, its type, seats and end date.
 */
import { html } from '../html.js';
import { card, emptyState, emptyTable, accountCrumb } from '../components/ui.js';
import { t } from '../i18n.js';

export default function subscriptions({ account }) {
  const partner = account.kind === 'partner';
  const variant = partner ? 'partner' : 'company';
  const columns = [...(partner ? ['table.customer'] : []), 'table.service', 'table.type', 'table.seats', 'table.endsOn']
    .map((k) => t(k));
  return {
    title: t('nav.subscriptions'),
    description: t('subscriptions.description.' + variant),
    breadcrumbs: [accountCrumb(account), { label: t('nav.subscriptions') }],
    body: html`${card({
      title: t('subscriptions.usage'),
      flush: true,
      body: emptyTable({
        caption: t('subscriptions.usage'),
        columns,
        empty: emptyState({
          icon: 'subscriptions',
          title: t('empty.subscriptions.title'),
          text: t('empty.subscriptions.text.' + variant),
          headingLevel: 3,
        }),
      }),
    })}`,
  };
}

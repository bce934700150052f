/*
 * policies.js - security policies (/a/{id}/policies). A partner's global
 * policies are assigned to many customers at once; a company console's
 * policies apply to its own workstations and servers.
 */
import { html } from '../html.js';
import { card, emptyState, emptyTable, accountCrumb } from '../components/ui.js';
import { t } from '../i18n.js';

export default function policies({ account }) {
  const partner = account.kind === 'partner';
  const variant = partner ? 'partner' : 'company';
  const columns = (partner
    ? ['table.name', 'table.platform', 'table.assignedTo', 'table.defaultFor', 'table.lastChanged']
    : ['table.name', 'table.platform', 'table.appliesTo', 'table.lastChanged']).map((k) => t(k));
  return {
    title: t('nav.policies'),
    description: t('policies.description.' + variant),
    breadcrumbs: [accountCrumb(account), { label: t('nav.policies') }],
    body: html`${card({
      title: t('policies.list.' + variant),
      flush: true,
      body: emptyTable({
        caption: t('policies.list.' + variant),
        columns,
        empty: emptyState({
          icon: 'policies',
          title: t('empty.policies.title.' + variant),
          text: t('empty.policies.text.' + variant),
          headingLevel: 3,
        }),
      }),
    })}`,
  };
}

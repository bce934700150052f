/*
 * audit.js - the audit log (/a/{id}/audit): every change and sign-in with
 * who, what, when, the result and where it came from.
 */
import { html } from '../html.js';
import { card, emptyState, accountCrumb } from '../components/ui.js';
import { table } from '../components/table.js';
import { t } from '../i18n.js';

export default function audit({ account }) {
  const columns = ['table.time', 'table.customer', 'table.category', 'table.event', 'table.result',
    'table.origin', 'table.user', 'table.ip'].map((k) => t(k));
  return {
    title: t('nav.audit'),
    description: t('audit.description'),
    breadcrumbs: [accountCrumb(account), { label: t('nav.audit') }],
    body: html`${card({
      title: t('audit.events'),
      subtitle: t('audit.window'),
      flush: true,
      body: table({
        emptyInTable: true,
        caption: t('audit.events'),
        columns,
        empty: emptyState({ icon: 'audit', title: t('empty.audit.title'), text: t('empty.audit.text'), headingLevel: 3 }),
      }),
    })}`,
  };
}

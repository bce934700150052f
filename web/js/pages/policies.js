/*
 * policies.js - security policies (/a/{id}/policies). A partner's global
 * policies are assigned to many customers at once: each with its platform,
 * how many customers use it and when it last changed. A company console's
 * policies apply to its own workstations and servers.
 */
import { html } from '../html.js';
import { card, emptyState, emptyTable, accountCrumb } from '../components/ui.js';
import { t, plural, formatDateTime, formatNumber } from '../i18n.js';
import { globalPolicies, platformLabel } from '../customers.js';

export default async function policies({ account }) {
  const partner = account.kind === 'partner';
  const variant = partner ? 'partner' : 'company';
  const list = partner ? await globalPolicies(account.id) : [];
  const columns = (partner
    ? ['table.name', 'table.platform', 'table.assignedTo', 'table.lastChanged']
    : ['table.name', 'table.platform', 'table.appliesTo', 'table.lastChanged']).map((k) => t(k));
  const body = list.length ? html`
    <div class="table-wrap">
      <table class="table">
        <caption class="visually-hidden">${t('policies.list.' + variant)}</caption>
        <thead><tr>${columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
        <tbody>
          ${list.map((p) => html`
            <tr>
              <th scope="row" class="cell-main">
                <span class="cell-text">${p.name}</span>
                ${p.description ? html`<span class="cell-sub">${p.description}</span>` : ''}
              </th>
              <td>${platformLabel(p.platform)}</td>
              <td>${plural('policies.assigned', p.assigned_customers ?? 0, { n: formatNumber(p.assigned_customers ?? 0) })}</td>
              <td class="cell-nowrap">${formatDateTime(p.updated_at)}</td>
            </tr>`)}
        </tbody>
      </table>
    </div>` : emptyTable({
    caption: t('policies.list.' + variant),
    columns,
    empty: emptyState({
      icon: 'policies',
      title: t('empty.policies.title.' + variant),
      text: t('empty.policies.text.' + variant),
      headingLevel: 3,
    }),
  });
  return {
    title: t('nav.policies'),
    description: t('policies.description.' + variant),
    breadcrumbs: [accountCrumb(account), { label: t('nav.policies') }],
    body: html`${card({ title: t('policies.list.' + variant), flush: true, body })}`,
  };
}

/*
 * users.js - the people who work in an account (/a/{id}/users): the
 * signed-in user's own access, and the account's users and invitations.
 */
import { html } from '../html.js';
import { card, emptyState, roleBadge, accountCrumb, initials } from '../components/ui.js';
import { table } from '../components/table.js';
import { t } from '../i18n.js';

export default function users({ account, user, wholeAccount }) {
  const columns = ['table.name', 'table.email', 'table.role', 'table.status', 'table.lastSignIn'].map((k) => t(k));
  return {
    title: t('nav.users'),
    description: t('users.description', { name: account.name }),
    breadcrumbs: [accountCrumb(account), { label: t('nav.users') }],
    body: html`
      ${card({
        title: t('users.yourAccess'),
        body: html`
          <div class="person">
            <span class="avatar avatar-lg" aria-hidden="true">${initials(user)}</span>
            <div class="person-main">
              <span class="person-name">${user.name || user.email}</span>
              <span class="person-email">${user.email}</span>
            </div>
            <div class="person-role">${roleBadge(account.role)}</div>
          </div>
          <p class="muted small">${t(wholeAccount ? 'users.roleExplain.' + account.role : 'users.roleExplain.scoped')}</p>`,
      })}
      ${card({
        title: t('users.team'),
        flush: true,
        body: table({
          emptyInTable: true,
          caption: t('users.team'),
          columns,
          empty: emptyState({ icon: 'users', title: t('empty.users.title'), text: t('empty.users.text'), headingLevel: 3 }),
        }),
      })}`,
  };
}

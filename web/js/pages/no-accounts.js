/*
 * no-accounts.js - the home page of a login that has no role in any account.
 */
import { html } from '../html.js';
import { emptyState } from '../components/ui.js';
import { t } from '../i18n.js';

export default function noAccounts() {
  return {
    title: t('noAccounts.title'),
    body: html`<div class="card">${emptyState({
      icon: 'customers',
      title: t('noAccounts.heading'),
      text: t('noAccounts.text'),
      action: html`<a class="btn btn-secondary" href="/profile">${t('profile.link')}</a>`,
    })}</div>`,
  };
}

/*
 * not-found.js - shown inside the shell for a path that is no page, or an
 * account the user has no role in (the API answers 404 for both alike).
 */
import { html } from '../html.js';
import { emptyState } from '../components/ui.js';
import { t } from '../i18n.js';
import { pagePath, pathTo } from '../paths.js';

export default function notFound({ account, path }) {
  const home = account ? pagePath(account.id, 'dashboard') : pathTo('profile');
  return {
    title: t('notFound.title'),
    body: html`<div class="card">${emptyState({
      icon: 'compass',
      title: t('notFound.heading'),
      text: t('notFound.text', { path }),
      action: html`<a class="btn btn-primary" href="${home}">${t(account ? 'notFound.back' : 'notFound.profile')}</a>`,
    })}</div>`,
  };
}


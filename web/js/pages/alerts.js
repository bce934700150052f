/*
 * alerts.js - alerts of every customer (/a/{id}/alerts). Steward raises no
 * alerts yet, so the page says exactly that: no status tabs, filters or
 * actions that would act on nothing. Whether devices are enrolled is said
 * as it is (a partner's devices are on the Devices page).
 */
import { html } from '../html.js';
import * as api from '../api.js';
import { card, emptyState, accountCrumb } from '../components/ui.js';
import { t } from '../i18n.js';
import { pagePath } from '../paths.js';

export default async function alerts({ account }) {
  const partner = account.kind === 'partner';
  // A partner's devices: one is enough to know whether there are any.
  const anyDevice = partner ? await api.devices.list(account.id, { limit: 1 }).then((p) => p.items.length > 0, (e) => {
    if (e.status === 401) throw e;
    return false;
  }) : false;
  return {
    title: t('nav.alerts'),
    description: t('alerts.description.' + (partner ? 'partner' : 'company')),
    breadcrumbs: [accountCrumb(account), { label: t('nav.alerts') }],
    body: html`${card({
      title: t('alerts.all'),
      body: emptyState({
        icon: 'alerts',
        title: t('alerts.none.title'),
        text: anyDevice ? t('alerts.none.textDevices', { name: account.name }) : t('alerts.none.text', { name: account.name }),
        headingLevel: 3,
        action: anyDevice ? html`<a class="btn btn-secondary" href="${pagePath(account.id, 'devices')}">${t('alerts.none.toDevices')}</a>` : '',
      }),
    })}`,
  };
}

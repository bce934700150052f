/*
 * webhooks.js - a partner's webhooks (/a/{id}/webhooks): the addresses
 * Steward sends chosen events to, signed, each with its events, whether it
 * is on, and its latest delivery (status and time) and failed deliveries.
 * A row opens the webhook's page (webhook.js) with its recent deliveries.
 *
 * Only admins over the whole account see webhooks (their addresses may
 * carry a receiver's own token; the API answers others 403): the page says
 * so to anyone else. Add webhook asks for the address and the events, then
 * shows the signing secret once (webhook-dialogs.js).
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { emptyState, accountCrumb, listCard } from '../components/ui.js';
import { table } from '../components/table.js';
import { icon } from '../components/icons.js';
import { toast } from '../components/toast.js';
import { openWebhookForm, showWebhookSecret, eventName } from '../components/webhook-dialogs.js';
import { limitedPage, unlessForbidden } from './api-clients.js';
import { relativeTime } from '../devices.js';
import { t, plural, formatNumber, getLanguage } from '../i18n.js';
import { webhookPath } from '../paths.js';
import { navigate } from '../router.js';

const DELIVERY_BADGE = { waiting: 'badge badge-accent', sending: 'badge badge-accent', delivered: 'badge badge-ok', failed: 'badge badge-danger' };

/** A delivery's status as a badge: Pending, Sending, Delivered or Failed. */
export function deliveryBadge(status) {
  const known = Object.prototype.hasOwnProperty.call(DELIVERY_BADGE, status);
  return html`<span class="${known ? DELIVERY_BADGE[status] : 'badge'}" data-status="${status}">${known ? t('webhooks.delivery.' + status) : status}</span>`;
}

/** On or off, as a badge. */
export function enabledBadge(enabled) {
  return html`<span class="${enabled ? 'badge badge-ok' : 'badge badge-quiet'}">${t(enabled ? 'webhooks.on' : 'webhooks.off')}</span>`;
}

/** The events, by name. */
export function eventsText(events) {
  return events.map(eventName).join(getLanguage() === 'ja' ? '、' : ', ');
}

export default async function webhooks({ account, isAdmin, wholeAccount }) {
  const first = wholeAccount && isAdmin ? await unlessForbidden(() => api.webhooks.listAll(account.id)) : null;
  if (!first) return limitedPage(account, 'webhooks', t('webhooks.limited'));
  const { items } = first;
  let root = null;

  async function create() {
    const hook = await openWebhookForm({ account });
    if (!hook) return;
    await showWebhookSecret(hook);
    toast(t('webhooks.create.done'), { kind: 'success' });
    navigate(webhookPath(account.id, hook.id));
  }

  const columns = [
    {
      header: t('webhooks.url'), rowHeader: true,
      cell: (h) => html`<a class="cell-link break-code" href="${webhookPath(account.id, h.id)}">${h.url}</a>`,
    },
    { header: t('webhooks.events'), cell: (h) => eventsText(h.events) },
    { header: t('table.status'), cellClass: 'cell-nowrap', cell: (h) => enabledBadge(h.enabled) },
    {
      header: t('webhooks.lastDelivery'), cellClass: 'cell-nowrap',
      cell: (h) => (h.last_delivery
        ? html`${deliveryBadge(h.last_delivery.status)}<span class="cell-sub">${relativeTime(h.last_delivery.at)}</span>`
        : html`<span class="muted">${t('webhooks.noDeliveries')}</span>`),
    },
    {
      header: t('webhooks.failed'), className: 'cell-num',
      cell: (h) => (h.failed_deliveries ? html`<span class="badge badge-danger">${formatNumber(h.failed_deliveries)}</span>` : formatNumber(0)),
    },
  ];

  function draw() {
    if (!root || !root.isConnected) return;
    render(root.querySelector('[data-ref="rows"]'), table({
      caption: t('nav.webhooks'), columns, rows: items, key: (h) => h.id, href: (h) => webhookPath(account.id, h.id),
      empty: emptyState({ icon: 'webhook', title: t('webhooks.empty.title'), text: t('webhooks.empty.text'), headingLevel: 3 }),
    }));
    root.querySelector('[data-ref="count"]').textContent = plural('webhooks.count', items.length, { n: formatNumber(items.length) });
  }

  return {
    title: t('nav.webhooks'),
    description: t('webhooks.description'),
    breadcrumbs: [accountCrumb(account), { label: t('nav.webhooks') }],
    actions: html`<button type="button" class="btn btn-primary" data-ref="create">${icon('plus')}<span>${t('webhooks.create')}</span></button>`,
    body: listCard(t('webhooks.list')),
    mounted(el) {
      root = el.querySelector('.page-body') || el;
      el.querySelector('[data-ref="create"]')?.addEventListener('click', create);
      draw();
    },
  };
}

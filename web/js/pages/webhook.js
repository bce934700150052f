/*
 * webhook.js - one webhook (/a/{id}/webhooks/{webhook_id}): its address,
 * events and whether it is on (Edit, Turn off / Turn on, Delete), its
 * signing secret (Rotate secret shows a new one once, with how to check a
 * signature), and its recent deliveries, newest first: event, when it
 * happened, status (Pending, Sending, Delivered, Failed), attempts, the
 * receiver's HTTP status or the error, the next try of one that waits,
 * and Redeliver for a delivered or failed one. While a delivery is pending
 * the list follows it on its own every few seconds; Refresh reads it again.
 *
 * Whole-account admins only, like the list (webhooks.js).
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card, accountCrumb, emptyState } from '../components/ui.js';
import { table } from '../components/table.js';
import { pagedList, pager } from '../components/pagination.js';
import { banner } from '../components/form.js';
import { icon } from '../components/icons.js';
import { confirmDialog } from '../components/dialog.js';
import { toast } from '../components/toast.js';
import { openWebhookForm, showWebhookSecret, verifyNote, eventName } from '../components/webhook-dialogs.js';
import { limitedPage, unlessForbidden } from './api-clients.js';
import { deliveryBadge, enabledBadge } from './webhooks.js';
import { relativeTime } from '../devices.js';
import { t, plural, formatDateTime, formatNumber } from '../i18n.js';
import { pagePath } from '../paths.js';
import { navigate } from '../router.js';

const PAGE = 20;
const FOLLOW_MS = 2000;
const PENDING = ['waiting', 'sending'];

function hostOf(url) {
  try { return new URL(url).host || url; } catch { return url; }
}

export default async function webhook({ account, isAdmin, wholeAccount, webhookId }) {
  let hook = wholeAccount && isAdmin ? await unlessForbidden(() => api.webhooks.get(account.id, webhookId)) : null;
  if (!hook) return limitedPage(account, 'webhooks', t('webhooks.limited'));
  let root = null;
  let timer = null;
  let more = false;
  const list = pagedList((cursor, signal) => api.webhooks.deliveries(account.id, hook.id, { limit: PAGE, cursor, signal }),
    { onChange: drawDeliveries });
  await list.load();

  // A pending delivery is followed until it settles (not once more pages are shown: a reload would drop them).
  function follow() {
    clearTimeout(timer);
    if (more || !list.items.some((d) => PENDING.includes(d.status))) return;
    timer = setTimeout(async () => {
      if (!root || !root.isConnected) return;
      await list.load();
      follow();
    }, FOLLOW_MS);
  }

  async function refresh() {
    more = false;
    await list.load();
    follow();
  }

  async function edit() {
    const changed = await openWebhookForm({ account, hook });
    if (!changed) return;
    hook = changed;
    drawDetails();
    toast(t('webhooks.edit.done'), { kind: 'success' });
  }

  async function toggle() {
    try {
      hook = await api.webhooks.update(account.id, hook.id, { enabled: !hook.enabled });
    } catch (e) {
      if (e.status !== 401) toast(e.message, { kind: 'error' });
      return;
    }
    drawDetails();
    toast(t(hook.enabled ? 'webhooks.turnedOn' : 'webhooks.turnedOff'), { kind: 'success' });
    root.querySelector('[data-ref="toggle"]')?.focus();
  }

  async function rotate() {
    if (!(await confirmDialog({
      title: t('webhooks.rotate.title'), message: t('webhooks.rotate.text'), confirm: t('webhooks.rotate.confirm'), danger: true,
    }))) return;
    let rotated;
    try {
      rotated = await api.webhooks.rotate(account.id, hook.id);
    } catch (e) {
      if (e.status !== 401) toast(e.message, { kind: 'error' });
      return;
    }
    hook = { ...rotated, secret: undefined };
    await showWebhookSecret(rotated, { rotated: true });
    toast(t('webhooks.rotate.done'), { kind: 'success' });
  }

  async function remove() {
    if (!(await confirmDialog({
      title: t('webhooks.delete.title'), message: t('webhooks.delete.text', { url: hook.url }), confirm: t('webhooks.delete.confirm'), danger: true,
    }))) return;
    try {
      await api.webhooks.remove(account.id, hook.id);
    } catch (e) {
      if (e.status !== 401) toast(e.message, { kind: 'error' });
      return;
    }
    toast(t('webhooks.delete.done', { url: hook.url }), { kind: 'success' });
    navigate(pagePath(account.id, 'webhooks'));
  }

  async function redeliver(d) {
    try {
      await api.webhooks.redeliver(account.id, hook.id, d.id);
    } catch (e) {
      if (e.status !== 401) toast(e.message, { kind: 'error' });
      return;
    }
    toast(t('webhooks.redeliver.done', { event: eventName(d.event) }), { kind: 'success' });
    await refresh();
  }

  function details() {
    return html`
      <dl class="details">
        <div><dt>${t('webhooks.url')}</dt><dd><code class="break-code">${hook.url}</code></dd></div>
        <div><dt>${t('webhooks.events')}</dt><dd>
          <ul class="event-list">${hook.events.map((ev) => html`<li>${eventName(ev)} <code class="muted">${ev}</code></li>`)}</ul></dd></div>
        <div><dt>${t('table.status')}</dt><dd class="webhook-state">${enabledBadge(hook.enabled)}
          <button type="button" class="btn btn-secondary btn-sm" data-ref="toggle">${t(hook.enabled ? 'webhooks.turnOff' : 'webhooks.turnOn')}</button></dd></div>
        <div><dt>${t('table.created')}</dt><dd>${hook.created_by
          ? t('webhooks.createdBy', { date: formatDateTime(hook.created_at), name: hook.created_by }) : formatDateTime(hook.created_at)}</dd></div>
      </dl>`;
  }

  function drawDetails() {
    if (!root || !root.isConnected) return;
    render(root.querySelector('[data-ref="details"]'), details());
  }

  function attemptsText(d) {
    if (d.status === 'waiting' && d.next_attempt_at && d.attempts > 0) {
      return html`${plural('webhooks.attempts', d.attempts, { n: formatNumber(d.attempts) })}<span class="cell-sub">${t('webhooks.nextTry')} ${relativeTime(d.next_attempt_at)}</span>`;
    }
    return plural('webhooks.attempts', d.attempts, { n: formatNumber(d.attempts) });
  }

  const columns = [
    { header: t('webhooks.event'), rowHeader: true, cell: (d) => html`<span class="cell-text">${eventName(d.event)}</span><span class="cell-sub"><code>${d.event}</code></span>` },
    { header: t('webhooks.time'), cellClass: 'cell-nowrap', cell: (d) => relativeTime(d.created_at) },
    {
      header: t('table.status'), cellClass: 'cell-nowrap',
      cell: (d) => html`${deliveryBadge(d.status)}${d.status === 'delivered' && d.delivered_at
        ? html`<span class="cell-sub">${relativeTime(d.delivered_at)}</span>` : ''}`,
    },
    { header: t('webhooks.attemptsHeader'), cellClass: 'cell-nowrap', cell: attemptsText },
    {
      header: t('webhooks.answer'),
      cell: (d) => html`${d.last_status ? html`<span class="mono">HTTP ${d.last_status}</span>` : html`<span class="muted">—</span>`}${d.last_error && d.last_error !== `HTTP ${d.last_status}`
        ? html`<span class="cell-sub">${d.last_error}</span>` : ''}`,
    },
    {
      header: html`<span class="visually-hidden">${t('people.actions')}</span>`, label: '', cellClass: 'cell-actions',
      cell: (d) => (PENDING.includes(d.status) ? '' : html`<button type="button" class="btn btn-secondary btn-sm" data-redeliver="${d.id}"
        aria-label="${t('webhooks.redeliver.label', { event: eventName(d.event), time: formatDateTime(d.created_at) })}">${icon('undo')}<span>${t('webhooks.redeliver')}</span></button>`),
    },
  ];

  function drawDeliveries() {
    if (!root || !root.isConnected) return;
    const box = root.querySelector('[data-ref="deliveries"]');
    box.setAttribute('aria-busy', String(list.loading));
    render(box, list.error ? html`<div class="card-pad">${banner('error', list.error.message)}</div>` : html`
      ${table({
        caption: t('webhooks.deliveries'), columns, rows: list.items, key: (d) => d.id,
        empty: emptyState({ icon: 'clock', title: t('webhooks.deliveries.empty.title'), text: t('webhooks.deliveries.empty.text'), headingLevel: 3, compact: true }),
      })}
      ${pager(list, { onMore: () => { more = true; clearTimeout(timer); list.more(root.querySelector('[data-ref="deliveries"]'), { focus: 'button' }); } })}`);
  }

  const host = hostOf(hook.url);
  return {
    title: host,
    description: t('webhooks.detail.description'),
    breadcrumbs: [accountCrumb(account), { label: t('nav.webhooks'), href: pagePath(account.id, 'webhooks') }, { label: host }],
    actions: html`
      <button type="button" class="btn btn-secondary" data-ref="edit">${icon('edit')}<span>${t('webhooks.edit')}</span></button>
      <button type="button" class="btn btn-danger-outline" data-ref="delete">${icon('trash')}<span>${t('webhooks.delete')}</span></button>`,
    body: html`
      <div class="settings-grid">
        ${card({ title: t('webhooks.endpoint'), body: html`<div data-ref="details">${details()}</div>` })}
        ${card({
          title: t('webhooks.secret'),
          subtitle: t('webhooks.secret.subtitle'),
          body: html`
            ${verifyNote()}
            <div class="secret-actions">
              <button type="button" class="btn btn-secondary" data-ref="rotate">${icon('key')}<span>${t('webhooks.rotate')}</span></button>
            </div>`,
        })}
      </div>
      ${card({
        title: t('webhooks.deliveries'),
        subtitle: t('webhooks.deliveries.subtitle'),
        aside: html`<button type="button" class="btn btn-secondary btn-sm" data-ref="refresh">${icon('undo')}<span>${t('webhooks.refresh')}</span></button>`,
        flush: true,
        className: 'webhook-deliveries',
        body: html`<div data-ref="deliveries"></div>`,
      })}`,
    mounted(el) {
      root = el.querySelector('.page-body') || el;
      el.querySelector('[data-ref="edit"]').addEventListener('click', edit);
      el.querySelector('[data-ref="delete"]').addEventListener('click', remove);
      root.addEventListener('click', (e) => {
        if (e.target.closest('[data-ref="toggle"]')) { toggle(); return; }
        if (e.target.closest('[data-ref="rotate"]')) { rotate(); return; }
        if (e.target.closest('[data-ref="refresh"]')) { refresh(); return; }
        const b = e.target.closest('[data-redeliver]');
        const d = b && list.items.find((x) => x.id === b.dataset.redeliver);
        if (d) { b.disabled = true; redeliver(d); }
      });
      drawDeliveries();
      follow();
    },
  };
}

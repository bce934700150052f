/*
 * operator-mail.js - the e-mail outbox as the operator sees it
 * (/a/{operator_id}/mail): whether an SMTP server is configured, how many
 * messages wait, were sent or failed, and the messages that are not sent:
 * failed ones first (with the server's answer; an admin can queue them
 * again), then those waiting with their attempts, last error and next try.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card, emptyState, accountCrumb, statusDot } from '../components/ui.js';
import { table } from '../components/table.js';
import { pagedList, pager } from '../components/pagination.js';
import { icon } from '../components/icons.js';
import { banner } from '../components/form.js';
import { toast } from '../components/toast.js';
import { t, formatDateTime, formatNumber, formatRelative } from '../i18n.js';

export default async function operatorMail({ account, isAdmin }) {
  let root = null;
  const outbox = pagedList((cursor, signal) => api.operator.outbox.listAll({ cursor, signal }), { onChange: draw });
  await outbox.load({ rethrow: true });

  async function reload() {
    await outbox.load();
    if (outbox.error) toast(outbox.error.message, { kind: 'error' });
  }

  function stat(kind, dot, value) {
    return html`
      <section class="stat-card" data-stat="${kind}">
        <header class="stat-header">
          <span class="stat-icon">${icon('mail')}</span>
          <h2 class="stat-title">${t('mail.stat.' + kind)}</h2>
        </header>
        <p class="stat-value">${statusDot(dot)} ${formatNumber(value)}</p>
        <p class="stat-note">${t('mail.stat.' + kind + '.note')}</p>
      </section>`;
  }

  function state(m) {
    if (m.status === 'failed') return html`<span class="badge badge-danger">${t('mail.status.failed')}</span>`;
    return html`<span class="badge badge-warning">${t('mail.status.waiting')}</span>`;
  }

  const columns = [
    {
      header: t('table.recipient'), rowHeader: true,
      cell: (m) => html`<span class="cell-text">${m.recipient}</span>
        <span class="cell-sub">${formatDateTime(m.created_at)}</span>`,
    },
    { header: t('table.subject'), cell: (m) => html`<span class="cell-text">${m.subject}</span>` },
    {
      header: t('table.status'), cellClass: 'cell-nowrap',
      cell: (m) => html`${state(m)}
        ${m.status === 'waiting' && m.next_attempt_at && m.attempts
          ? html`<span class="cell-sub">${t('mail.nextTry', { when: formatRelative(m.next_attempt_at) })}</span>` : ''}`,
    },
    { header: t('table.attempts'), className: 'cell-num', cell: (m) => formatNumber(m.attempts) },
    {
      header: t('table.lastError'),
      cell: (m) => html`<span class="cell-sub mail-error">${m.last_error || (outbox.extras.configured ? '' : t('mail.notConfigured.short'))}</span>`,
    },
    {
      header: html`<span class="visually-hidden">${t('table.actions')}</span>`, cellClass: 'cell-nowrap',
      cell: (m) => (isAdmin && m.status === 'failed'
        ? html`<button type="button" class="btn btn-secondary btn-sm" data-retry="${m.id}">${t('mail.retry')}</button>` : ''),
    },
  ];

  function messages() {
    return html`
      ${table({
        caption: t('mail.problems'),
        columns,
        rows: outbox.items,
        key: (m) => m.id,
        empty: emptyState({ icon: 'success', title: t('mail.empty.title'), text: t('mail.empty.text'), compact: true, headingLevel: 3 }),
      })}
      ${pager(outbox, { onMore: () => outbox.more(root) })}`;
  }

  function draw() {
    if (!root || !root.isConnected) return;
    const data = outbox.extras;
    render(root.querySelector('[data-ref="state"]'), data.configured
      ? (data.counts.waiting && data.oldest_waiting_since
        ? banner('info', t('mail.waitingSince', { when: formatDateTime(data.oldest_waiting_since) }), t('mail.configured'))
        : banner('success', t('mail.allSent'), t('mail.configured')))
      : banner('warning', t('mail.notConfigured.text'), t('mail.notConfigured.title')));
    render(root.querySelector('[data-ref="stats"]'), html`
      ${stat('waiting', data.counts.waiting ? 'warning' : 'muted', data.counts.waiting)}
      ${stat('sent', 'ok', data.counts.sent)}
      ${stat('failed', data.counts.failed ? 'danger' : 'muted', data.counts.failed)}`);
    render(root.querySelector('[data-ref="rows"]'), messages());
  }

  return {
    title: t('nav.mail'),
    description: t('mail.description'),
    breadcrumbs: [accountCrumb(account), { label: t('nav.mail') }],
    actions: html`<button type="button" class="btn btn-secondary" data-ref="refresh">${t('mail.refresh')}</button>`,
    body: html`
      <div data-ref="state" class="mail-state"></div>
      <div class="stats-grid stats-3" data-ref="stats"></div>
      ${card({
        title: t('mail.problems'),
        subtitle: t('mail.problems.subtitle'),
        flush: true,
        body: html`<div data-ref="rows"></div>`,
      })}`,
    mounted(el) {
      root = el.querySelector('.page-body');
      draw();
      el.querySelector('[data-ref="refresh"]')?.addEventListener('click', reload);
      root.addEventListener('click', async (e) => {
        const b = e.target.closest('[data-retry]');
        if (!b) return;
        b.disabled = true;
        try {
          await api.operator.outbox.retry(b.dataset.retry);
          toast(t('mail.retried'), { kind: 'success' });
        } catch (err) {
          if (err.status !== 401) toast(err.message, { kind: 'error' });
        }
        await reload();
      });
    },
  };
}

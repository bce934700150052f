/*
 * deleted-customers.js - a partner's deleted customers
 * (/a/{id}/deleted-customers), reached from the Customers page: each with
 * the day it was deleted, who deleted it and the day it will be purged
 * (30 days later), most recently deleted first, a page at a time. Admins
 * of the whole account restore one with Restore: the customer comes back
 * with its policies, sites and people's access; cancelled subscriptions
 * stay cancelled and its devices enrol again with the installer (the page
 * says so). Viewers see the list without the button.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card, emptyState, accountCrumb } from '../components/ui.js';
import { table } from '../components/table.js';
import { pagedList, pager } from '../components/pagination.js';
import { banner } from '../components/form.js';
import { icon } from '../components/icons.js';
import { toast } from '../components/toast.js';
import { t, formatDate } from '../i18n.js';
import { pagePath } from '../paths.js';
import { customersChanged } from '../customers.js';

const PAGE = 25;

export default async function deletedCustomers({ account, isAdmin, wholeAccount }) {
  const canRestore = isAdmin && wholeAccount;
  let root = null;
  const list = pagedList((cursor, signal) => api.customers.deleted(account.id, { limit: PAGE, cursor, signal }),
    { onChange: draw });
  await list.load({ rethrow: true });

  const columns = () => [
    { header: t('table.customer'), rowHeader: true, cell: (c) => html`<span class="cell-text">${c.company}</span>` },
    { header: t('deletion.col.deletedOn'), cellClass: 'cell-nowrap', cell: (c) => formatDate(c.deleted_at, 'medium') },
    { header: t('deletion.col.deletedBy'), className: 'hide-narrow', cell: (c) => c.deleted_by },
    { header: t('deletion.col.purgeOn'), cellClass: 'cell-nowrap', cell: (c) => formatDate(c.purge_at, 'medium') },
    ...(canRestore ? [{
      header: html`<span class="visually-hidden">${t('deletion.col.actions')}</span>`, className: 'cell-action',
      cell: (c) => html`<button type="button" class="btn btn-secondary btn-sm" data-restore="${c.id}"
        aria-label="${t('deletion.restoreOne', { company: c.company })}">${icon('undo')}<span>${t('deletion.restore')}</span></button>`,
    }] : []),
  ];

  function rows() {
    if (list.error) return html`<div class="card-pad">${banner('error', list.error.message)}</div>`;
    const empty = list.loading ? '' : emptyState({
      icon: 'customers', title: t('deletion.empty.title'), text: t('deletion.empty.text'), headingLevel: 3,
    });
    return html`
      ${table({ caption: t('deletion.deleted.title'), columns: columns(), rows: list.items, key: (c) => c.id, empty })}
      ${pager(list, { onMore: () => list.more(root) })}`;
  }

  function draw() {
    if (!root || !root.isConnected) return;
    render(root.querySelector('[data-ref="rows"]'), rows());
  }

  async function restore(button) {
    const c = list.items.find((x) => x.id === button.dataset.restore);
    if (!c) return;
    button.disabled = true;
    try {
      await api.customers.restore(account.id, c.id);
    } catch (e) {
      button.disabled = false;
      if (e.status !== 401) toast(e.message, { kind: 'error' });
      return;
    }
    toast(t('deletion.restored', { company: c.company }), { kind: 'success' });
    customersChanged(account.id);
    await list.load();
    root.querySelector('[data-ref="rows"] button, h1')?.focus();
  }

  return {
    title: t('deletion.deleted.title'),
    description: t('deletion.deleted.description'),
    breadcrumbs: [accountCrumb(account), { label: t('nav.customers'), href: pagePath(account.id, 'customers') },
      { label: t('deletion.deleted.title') }],
    body: html`
      <div class="settings-note">${banner('info', t('deletion.restoreNote'))}</div>
      ${card({ title: t('deletion.deleted.title'), flush: true, body: html`<div data-ref="rows"></div>` })}`,
    mounted(el) {
      root = el.querySelector('.page-body');
      root.addEventListener('click', (e) => {
        const b = e.target.closest('[data-restore]');
        if (b) restore(b);
      });
      draw();
    },
  };
}

/*
 * operator-partners.js - the installation's partners as the operator sees
 * them (/a/{operator_id}/partners): customers, segment-discount
 * applications waiting, and flexible billing (pay-as-you-go), which the
 * operator turns on or off with a switch; the change is audited in the
 * partner's account. Operator viewers see the switches disabled.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card, emptyState, accountCrumb } from '../components/ui.js';
import { table } from '../components/table.js';
import { pagedList, pager } from '../components/pagination.js';
import { banner } from '../components/form.js';
import { toast } from '../components/toast.js';
import { t, plural, formatDate, formatNumber } from '../i18n.js';
import { pagePath } from '../paths.js';

export default async function operatorPartners({ account, isAdmin }) {
  let root = null;
  const list = pagedList((cursor, signal) => api.operator.partners.listAll({ cursor, signal }), { onChange: draw });
  await list.load({ rethrow: true });

  const columns = [
    { header: t('table.partner'), rowHeader: true, cell: (p) => html`<span class="cell-text" id="${'partner-' + p.id}">${p.name}</span>` },
    { header: t('table.customers'), className: 'cell-num', cell: (p) => formatNumber(p.customers) },
    {
      header: t('table.pendingReviews'), className: 'cell-num',
      cell: (p) => (p.pending_applications
        ? html`<a class="cell-link" href="${pagePath(account.id, 'reviews')}">${formatNumber(p.pending_applications)}</a>`
        : formatNumber(0)),
    },
    {
      header: t('table.flexibleBilling'),
      cell: (p) => html`
        <label class="switch">
          <input type="checkbox" role="switch" data-flexible="${p.id}" ?checked=${p.flexible_billing} ?disabled=${!isAdmin}
                 aria-label="${t('partners.flexible.label', { name: p.name })}">
          <span class="switch-track" aria-hidden="true"><span class="switch-thumb"></span></span>
          <span class="switch-text" aria-hidden="true">${p.flexible_billing ? t('partners.flexible.on') : t('partners.flexible.off')}</span>
        </label>`,
    },
    { header: t('table.created'), className: 'hide-narrow', cellClass: 'cell-nowrap', cell: (p) => formatDate(p.created_at, 'medium') },
  ];

  function rows() {
    if (list.error) return html`<div class="card-pad">${banner('error', list.error.message)}</div>`;
    return html`
      ${table({
        caption: t('partners.all'),
        columns,
        rows: list.items,
        key: (p) => p.id,
        empty: emptyState({ icon: 'customers', title: t('empty.partners.title'), text: t('empty.partners.page'), headingLevel: 3 }),
      })}
      ${pager(list, { onMore: () => list.more(root, { focus: 'a, input' }) })}`;
  }

  function draw() {
    if (!root || !root.isConnected) return;
    render(root.querySelector('[data-ref="rows"]'), rows());
    const n = list.items.length;
    root.querySelector('[data-ref="count"]').textContent = plural('partners.count', n, { n: formatNumber(n) });
  }

  async function toggle(input) {
    const p = list.items.find((x) => x.id === input.dataset.flexible);
    const on = input.checked;
    input.disabled = true;
    try {
      const updated = await api.operator.partners.setFlexibleBilling(p.id, on);
      list.items = list.items.map((x) => (x.id === p.id ? updated : x));
      toast(on ? t('partners.flexible.turnedOn', { name: p.name }) : t('partners.flexible.turnedOff', { name: p.name }), { kind: 'success' });
    } catch (e) {
      if (e.status === 401) return;
      input.checked = !on;
      toast(e.message, { kind: 'error' });
    }
    draw();
    root.querySelector(`[data-flexible="${p.id}"]`)?.focus();
  }

  return {
    title: t('nav.partners'),
    description: t('partners.description'),
    breadcrumbs: [accountCrumb(account), { label: t('nav.partners') }],
    body: html`${card({
      title: t('partners.all'),
      subtitle: html`<span data-ref="count" aria-live="polite"></span>`,
      flush: true,
      body: html`<div data-ref="rows"></div>`,
    })}`,
    mounted(el) {
      root = el.querySelector('.page-body');
      draw();
      root.addEventListener('change', (e) => {
        const input = e.target.closest('[data-flexible]');
        if (input) toggle(input);
      });
    },
  };
}

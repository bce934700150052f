/*
 * operator-partners.js - the installation's partners as the operator sees
 * them (/a/{operator_id}/partners): customers, segment-discount
 * applications waiting, and flexible billing (pay-as-you-go), which the
 * operator turns on or off with a switch; the change is audited in the
 * partner's account. Each row opens the partner's page (the name is the
 * link keyboards follow). Operator admins add partners with + Partner: the
 * account and an invitation of its first admin, e-mailed in the language
 * chosen. Operator viewers see the switches disabled and no + Partner.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card, emptyState, accountCrumb } from '../components/ui.js';
import { table } from '../components/table.js';
import { pagedList, pager } from '../components/pagination.js';
import { banner } from '../components/form.js';
import { toast } from '../components/toast.js';
import { addPartnerDialog } from '../components/add-partner.js';
import { t, plural, formatDate, formatDateTime, formatNumber } from '../i18n.js';
import { icon } from '../components/icons.js';
import { pagePath, partnerPath } from '../paths.js';
import { customersChanged } from '../customers.js';

export default async function operatorPartners({ account, isAdmin }) {
  let root = null;
  let notice = null;
  const list = pagedList((cursor, signal) => api.operator.partners.listAll({ cursor, signal }), { onChange: draw });
  await list.load({ rethrow: true });

  const columns = [
    {
      header: t('table.partner'), rowHeader: true, sort: 'ascending',
      cell: (p) => html`<a class="cell-link" id="${'partner-' + p.id}" href="${partnerPath(account.id, p.id)}">${p.name}</a>`,
    },
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

  const addButton = () => html`<button type="button" class="btn btn-primary" data-add-partner>${t('opc.partner.add')}</button>`;

  function rows() {
    if (list.error) return html`<div class="card-pad">${banner('error', list.error.message)}</div>`;
    return html`
      ${table({
        caption: t('partners.all'),
        columns,
        rows: list.items,
        key: (p) => p.id,
        href: (p) => partnerPath(account.id, p.id),
        className: 'table-hover',
        empty: emptyState({
          icon: 'customers', title: t('empty.partners.title'), headingLevel: 3,
          text: isAdmin ? t('opc.partners.empty.admin') : t('opc.partners.empty'),
          action: isAdmin ? addButton() : '',
        }),
      })}
      ${pager(list, { onMore: () => list.more(root, { focus: 'a, input' }) })}`;
  }

  function draw() {
    if (!root || !root.isConnected) return;
    render(root.querySelector('[data-ref="notice"]'), notice ? html`
      <div class="notice-row">
        ${banner('success', notice.text, notice.title)}
        <button type="button" class="icon-button notice-close" data-ref="dismiss" aria-label="${t('common.dismiss')}"
                @click=${() => { notice = null; draw(); root.closest('.page')?.querySelector('[data-add-partner]')?.focus(); }}>${icon('close')}</button>
      </div>` : '');
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

  async function add() {
    const r = await addPartnerDialog();
    if (!r) return;
    notice = {
      title: t('opc.partner.added.title', { name: r.partner.name }),
      text: t('opc.partner.added.text', { email: r.invitation.email, until: formatDateTime(r.invitation.expires_at) }),
    };
    // The site selection pane lists the operator's partners: it reloads too.
    customersChanged(account.id);
    await list.load();
    // The new partner's row gets focus, so the user sees where it went.
    root.querySelector(`#${CSS.escape('partner-' + r.partner.id)}`)?.focus();
  }

  return {
    title: t('nav.partners'),
    description: t('partners.description'),
    breadcrumbs: [accountCrumb(account), { label: t('nav.partners') }],
    actions: isAdmin ? addButton() : '',
    body: html`
      <div data-ref="notice" class="page-notice"></div>
      ${card({
        title: t('partners.all'),
        subtitle: html`<span data-ref="count" aria-live="polite"></span>`,
        flush: true,
        body: html`<div data-ref="rows"></div>`,
      })}`,
    mounted(el) {
      root = el.querySelector('.page-body');
      draw();
      el.addEventListener('click', (e) => {
        if (e.target.closest('[data-add-partner]')) add();
      });
      root.addEventListener('change', (e) => {
        const input = e.target.closest('[data-flexible]');
        if (input) toggle(input);
      });
    },
  };
}

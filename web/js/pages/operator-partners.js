/*
 * operator-partners.js - the installation's partners as the operator sees
 * them (/a/{operator_id}/partners): customers, segment-discount
 * applications waiting, and flexible billing (pay-as-you-go), which the
 * operator turns on or off with a switch; the change is audited in the
 * partner's account. Operator viewers see the switches disabled.
 */
import { html, render } from '../html.js';
import { card, emptyState, accountCrumb } from '../components/ui.js';
import { banner } from '../components/form.js';
import { toast } from '../components/toast.js';
import { t, plural, formatDate, formatNumber } from '../i18n.js';
import { listPartners, setFlexibleBilling } from '../operator.js';
import { pagePath } from './registry.js';

export default async function operatorPartners({ account, isAdmin }) {
  let partners = await listPartners();
  let failed = '';
  let root = null;

  function table() {
    if (failed) return html`<div class="card-pad">${banner('error', failed)}</div>`;
    if (!partners.length) {
      return emptyState({ icon: 'customers', title: t('empty.partners.title'), text: t('empty.partners.page'), headingLevel: 3 });
    }
    return html`
      <div class="table-wrap">
        <table class="table">
          <caption class="visually-hidden">${t('partners.all')}</caption>
          <thead><tr>
            <th scope="col">${t('table.partner')}</th>
            <th scope="col" class="cell-num">${t('table.customers')}</th>
            <th scope="col" class="cell-num">${t('table.pendingReviews')}</th>
            <th scope="col">${t('table.flexibleBilling')}</th>
            <th scope="col" class="hide-narrow">${t('table.created')}</th>
          </tr></thead>
          <tbody>
            ${partners.map((p) => html`
              <tr data-partner="${p.id}">
                <th scope="row" class="cell-main"><span class="cell-text" id="${'partner-' + p.id}">${p.name}</span></th>
                <td class="cell-num">${formatNumber(p.customers)}</td>
                <td class="cell-num">${p.pending_applications
                  ? html`<a class="cell-link" href="${pagePath(account.id, 'reviews')}">${formatNumber(p.pending_applications)}</a>`
                  : formatNumber(0)}</td>
                <td>
                  <label class="switch">
                    <input type="checkbox" role="switch" data-flexible="${p.id}" ?checked=${p.flexible_billing} ?disabled=${!isAdmin}
                           aria-label="${t('partners.flexible.label', { name: p.name })}">
                    <span class="switch-track" aria-hidden="true"><span class="switch-thumb"></span></span>
                    <span class="switch-text" aria-hidden="true">${p.flexible_billing ? t('partners.flexible.on') : t('partners.flexible.off')}</span>
                  </label>
                </td>
                <td class="cell-nowrap hide-narrow">${formatDate(p.created_at)}</td>
              </tr>`)}
          </tbody>
        </table>
      </div>`;
  }

  function draw() {
    if (!root || !root.isConnected) return;
    render(root.querySelector('[data-ref="rows"]'), table());
    root.querySelector('[data-ref="count"]').textContent = plural('partners.count', partners.length, { n: formatNumber(partners.length) });
  }

  async function toggle(input) {
    const p = partners.find((x) => x.id === input.dataset.flexible);
    const on = input.checked;
    input.disabled = true;
    try {
      const updated = await setFlexibleBilling(p.id, on);
      partners = partners.map((x) => (x.id === p.id ? updated : x));
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

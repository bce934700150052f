/*
 * local-policies.js - a customer's policies: the Policies tab of its page,
 * and a company console's Policies page (its own record's).
 *
 *   const panel = localPolicies({ account, customer, isAdmin, onCount });
 *   host.append(panel.el); panel.load();
 *   (a company console: customer is its own record, companies.js)
 *
 * The customer's local policies and the global ones assigned to it
 * (marked, with the default star per platform and whether the customer
 * overrides them), a link to the effective policy, and for admins: a new
 * local policy, another one made the default, local ones deleted (with a
 * replacement when needed). onCount(n) says how many there are after
 * every load.
 */
import { html, element, render } from '../html.js';
import * as api from '../api.js';
import { emptyState } from './ui.js';
import { table } from './table.js';
import { icon } from './icons.js';
import { toast } from './toast.js';
import { openCreatePolicy } from './create-policy.js';
import { deleteLocalPolicyFlow } from './delete-policy.js';
import { t } from '../i18n.js';
import { customerPolicyPath, effectivePath } from '../paths.js';
import { platformLabel } from '../customers.js';
import { navigate } from '../router.js';

export function localPolicies({ account, customer, isAdmin, onCount = () => {} }) {
  let policies = null;
  let failed = '';
  const el = element(html`<div class="local-policies"></div>`);
  const company = customer.company;

  const columns = () => [
    {
      header: t('table.name'), rowHeader: true,
      cell: (p) => html`<a class="cell-link" href="${customerPolicyPath(account.id, customer.id, p.id)}">${p.name}</a>
        ${p.description ? html`<span class="cell-sub">${p.description}</span>` : ''}`,
    },
    { header: t('table.platform'), cellClass: 'cell-nowrap', cell: (p) => platformLabel(p.platform) },
    ...(customer.own ? [] : [{
      header: t('table.scope'),
      cell: (p) => html`<span class="scope-cell"><span class="${p.scope === 'global' ? 'badge badge-accent' : 'badge badge-teal'}">${icon(p.scope === 'global' ? 'globe' : 'customers', 'badge-icon')}${t('policy.scope.' + p.scope)}</span>
        ${p.scope === 'global' && p.overridden ? html`<span class="badge badge-customer" title="${t('customer.policies.overriddenTitle', { company })}">${icon('edit', 'badge-icon')}${t('policy.badge.overridden')}</span>` : ''}</span>`,
    }]),
    {
      header: t('table.default'), cellClass: 'cell-nowrap',
      cell: (p) => (p.default
        ? html`<span class="default-star" title="${t('policy.defaultFor', { platform: platformLabel(p.platform) })}">${icon('star', 'star-icon')}<span>${t('policy.default')}</span></span>`
        : html`<span class="muted" aria-label="${t('policy.notDefault')}">—</span>`),
    },
    ...(isAdmin ? [{
      header: html`<span class="visually-hidden">${t('policies.col.actions')}</span>`, className: 'cell-action',
      cell: (p) => html`<span class="row-actions">
        ${p.default ? '' : html`<button type="button" class="btn btn-secondary btn-sm" data-default="${p.id}"
          aria-label="${t('customer.policies.makeDefaultFor', { name: p.name, platform: platformLabel(p.platform) })}">${icon('star')}<span>${t('policy.makeDefault')}</span></button>`}
        ${p.scope === 'local' ? html`<button type="button" class="icon-button icon-button-sm" data-delete="${p.id}"
          aria-label="${t('customer.policies.delete', { name: p.name })}" title="${t('customer.policies.delete', { name: p.name })}">${icon('trash')}</button>` : ''}
      </span>`,
    }] : []),
  ];

  const firstPlatform = () => (policies || []).find((p) => p.default)?.platform || 'workstation';

  function body() {
    if (failed) return html`<div class="card-pad"><p class="muted">${failed}</p></div>`;
    if (policies === null) return html`<div class="page-loading" role="status"><span class="spinner"></span><span>${t('common.loading')}</span></div>`;
    const toolbar = html`
      <div class="panel-toolbar">
        <p class="panel-toolbar-text">${t(customer.own ? 'company.policies.intro' : 'customer.policies.intro', { company })}</p>
        <div class="panel-toolbar-actions">
          <a class="btn btn-secondary btn-sm" href="${effectivePath(account.id, customer.id, firstPlatform())}">${icon('layers')}<span>${t('effective.open')}</span></a>
          ${isAdmin ? html`<button type="button" class="btn btn-primary btn-sm" data-ref="newLocal">${icon('plus')}<span>${t('customer.policies.newLocal')}</span></button>` : ''}
        </div>
      </div>`;
    if (!policies.length) {
      return html`${toolbar}${emptyState({
        icon: 'policies', title: t('customer.empty.policies.title'),
        text: t(customer.own ? 'company.empty.policies.text' : 'customer.empty.policies.text', { company }), headingLevel: 3,
      })}`;
    }
    return html`
      ${toolbar}
      ${table({
        caption: t('customer.tab.policies'), columns: columns(), rows: policies, key: (p) => p.id, className: 'table-hover',
      })}
      <p class="table-legend">${icon('star', 'star-icon')}<span>${t(customer.own ? 'company.policies.legend' : 'customer.policies.legend', { company })}</span></p>`;
  }

  function draw(focusSel = '') {
    render(el, body());
    if (Array.isArray(policies)) onCount(policies.length);
    if (focusSel) (el.querySelector(focusSel) || el.querySelector('a.cell-link'))?.focus();
  }

  async function load(focusSel = '') {
    try { policies = (await api.customerPolicies.listAll(account.id, customer.id)).items; failed = ''; } catch (e) {
      if (e.status === 401) return;
      failed = e.message;
    }
    draw(focusSel);
  }

  el.addEventListener('click', async (e) => {
    if (e.target.closest('[data-ref="newLocal"]')) {
      openCreatePolicy({ account, customer, onCreated: (pol) => navigate(customerPolicyPath(account.id, customer.id, pol.id, { tab: 'settings' })) });
      return;
    }
    const def = e.target.closest('[data-default]');
    if (def) {
      const pol = policies.find((x) => x.id === def.dataset.default);
      if (!pol) return;
      def.disabled = true;
      try {
        policies = await api.customerPolicies.makeDefault(account.id, customer.id, pol.platform, pol.id);
        toast(t('policy.makeDefault.done', { name: pol.name, company, platform: platformLabel(pol.platform) }), { kind: 'success' });
        draw(`tr[data-key="${CSS.escape(pol.id)}"] a.cell-link`);
      } catch (ex) {
        def.disabled = false;
        if (ex.status !== 401) toast(ex.message, { kind: 'error' });
      }
      return;
    }
    const del = e.target.closest('[data-delete]');
    if (del) {
      const pol = policies.find((x) => x.id === del.dataset.delete);
      if (pol && await deleteLocalPolicyFlow({ account, customer, policy: pol, policies })) await load('a.cell-link');
    }
  });

  draw();
  return { el, load, get policies() { return policies; } };
}

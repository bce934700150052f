/*
 * policies.js - security policies (/a/{id}/policies).
 *
 * A partner's global policies, assigned to many customers at once: each
 * with whether it is in use, its platform, how many customers it is
 * assigned to, how many of them override some of its settings, how many use
 * it as their default (the star, as on the customer page) and when it last
 * changed. A search narrows the list; a click on a row opens the policy
 * editor; admins create policies with New policy (create-policy.js).
 *
 * A user whose role covers chosen customers only cannot use global policies
 * (the API answers 403): the page says so and leads to those customers'
 * own Policies tabs. A company console's policies are its own record's
 * (a workstation and a server policy to begin with), listed as on a
 * customer's Policies tab.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card, emptyState, accountCrumb, statusDot } from '../components/ui.js';
import { table } from '../components/table.js';
import { pagedList, pager } from '../components/pagination.js';
import { icon } from '../components/icons.js';
import { openCreatePolicy } from '../components/create-policy.js';
import { t, plural, formatDateTime, formatNumber, getLanguage } from '../i18n.js';
import { platformLabel } from '../customers.js';
import { customerPath, policyPath } from '../paths.js';
import { navigate } from '../router.js';
import { localPolicies } from '../components/local-policies.js';
import { companyOwner } from '../companies.js';

/** For users limited to chosen customers: what they can do instead, and where. */
export async function scopedAccountPage({ account }) {
  let customers = [];
  try { customers = (await api.customers.list(account.id, { limit: 50 })).items; } catch { customers = []; }
  return {
    title: t('nav.policies'),
    description: t('policies.description.partner'),
    breadcrumbs: [accountCrumb(account), { label: t('nav.policies') }],
    body: html`${card({
      body: html`
        ${emptyState({ icon: 'lock', title: t('policies.scoped.title'), text: t('policies.scoped.text'), headingLevel: 2 })}
        ${customers.length ? html`
          <div class="scoped-list">
            <p class="group-label">${t('policies.scoped.yours')}</p>
            <ul class="link-list">
              ${customers.map((c) => html`<li><a class="link-row" href="${customerPath(account.id, c.id, { tab: 'policies' })}">
                <span class="tree-avatar" aria-hidden="true">${[...c.company.trim()][0] || '?'}</span>
                <span class="link-row-text">${c.company}</span>
                <span class="muted small">${t('policies.scoped.open')}</span>${icon('chevronRight', 'link-row-chevron')}</a></li>`)}
            </ul>
          </div>` : ''}`,
    })}`,
  };
}

/** A company console's policies: its own record's (components/local-policies.js). */
function companyPage({ account, isAdmin, wholeAccount }) {
  const owner = { ...companyOwner(account), id: account.customer_id };
  // A role limited to chosen sites reads the company's policies.
  const panel = owner.id ? localPolicies({ account, customer: owner, isAdmin: isAdmin && wholeAccount }) : null;
  return {
    title: t('nav.policies'),
    description: t('policies.description.company'),
    breadcrumbs: [accountCrumb(account), { label: t('nav.policies') }],
    body: html`${card({
      title: t('policies.list.company'),
      flush: true,
      body: panel ? html`<div data-ref="policiesHost"></div>`
        : emptyState({ icon: 'policies', title: t('empty.policies.title.company'), text: t('company.policies.none', { name: account.name }), headingLevel: 3 }),
    })}`,
    mounted(el) {
      if (!panel) return;
      el.querySelector('[data-ref="policiesHost"]').replaceWith(panel.el);
      panel.load();
    },
  };
}

export default async function policies(ctx) {
  const { account } = ctx;
  if (account.kind !== 'partner') return companyPage(ctx);
  if (!ctx.wholeAccount) return scopedAccountPage(ctx);
  let q = '';
  let platform = 'all';
  let root = null;
  const list = pagedList((cursor, signal) => api.policies.listAll(account.id, { cursor, signal }), { onChange: draw });
  try {
    await list.load({ rethrow: true });
  } catch (e) {
    if (e.status === 403) return scopedAccountPage(ctx);
    throw e;
  }
  const admin = ctx.isAdmin;

  function create() {
    openCreatePolicy({ account, onCreated: (p) => navigate(policyPath(account.id, p.id, { tab: 'settings' })) });
  }
  const newButton = () => html`<button type="button" class="btn btn-primary" data-ref="new" @click=${create}>${icon('plus')}<span>${t('policies.new')}</span></button>`;

  const columns = [
    {
      header: t('table.name'), rowHeader: true,
      cell: (p) => html`<a class="cell-link" href="${policyPath(account.id, p.id)}">${p.name}</a>
        ${p.description ? html`<span class="cell-sub">${p.description}</span>` : ''}`,
    },
    {
      header: t('table.status'), cellClass: 'cell-nowrap',
      cell: (p) => html`<span class="status-pill">${statusDot(p.status === 'in_use' ? 'ok' : 'muted')}<span>${t('policy.status.' + (p.status || 'unused'))}</span></span>`,
    },
    {
      header: t('policies.col.type'), cellClass: 'cell-nowrap',
      cell: (p) => html`<span class="platform-cell">${icon(p.platform === 'server' ? 'server' : 'devices', 'inline-icon')}${platformLabel(p.platform)}</span>`,
    },
    { header: t('policies.col.assigned'), className: 'cell-num', cell: (p) => formatNumber(p.assigned_customers ?? 0) },
    {
      header: t('policies.col.overrides'), className: 'cell-num',
      cell: (p) => (p.overrides
        ? html`<span class="badge badge-customer" title="${plural('policies.overrides', p.overrides, { n: formatNumber(p.overrides) })}">${formatNumber(p.overrides)}</span>`
        : html`<span class="muted">0</span>`),
    },
    {
      header: t('policies.col.default'), cellClass: 'cell-nowrap',
      cell: (p) => (p.default_for
        ? html`<span class="default-star" title="${t('policies.default.title', { platform: platformLabel(p.platform) })}">${icon('star', 'star-icon')}<span>${plural('policies.assigned', p.default_for, { n: formatNumber(p.default_for) })}</span></span>`
        : html`<span class="muted" title="${t('policies.default.none')}">—</span>`),
    },
    { header: t('policies.col.modified'), cellClass: 'cell-nowrap', cell: (p) => formatDateTime(p.updated_at) },
  ];

  function shown() {
    const f = q.trim().toLocaleLowerCase(getLanguage());
    return list.items.filter((p) => (platform === 'all' || p.platform === platform) &&
      (!f || p.name.toLocaleLowerCase().includes(f) || (p.description || '').toLocaleLowerCase().includes(f)));
  }

  function rows() {
    if (!list.items.length) {
      return table({
        caption: t('policies.list.partner'),
        columns: columns.map((c) => c.header),
        emptyInTable: true,
        empty: emptyState({
          icon: 'policies', title: t('empty.policies.title.partner'), text: t('empty.policies.text.partner'), headingLevel: 3,
          action: admin ? newButton() : '',
        }),
      });
    }
    return html`
      ${table({
        caption: t('policies.list.partner'),
        columns,
        rows: shown(),
        key: (p) => p.id,
        href: (p) => policyPath(account.id, p.id),
        className: 'table-hover',
        empty: emptyState({ icon: 'search', title: t('policies.noMatch.title'), text: t('policies.noMatch.text'), compact: true, headingLevel: 3 }),
      })}
      ${shown().length ? html`<p class="table-legend">${icon('star', 'star-icon')}<span>${t('policies.legend')}</span></p>` : ''}
      ${pager(list, { onMore: () => list.more(root) })}`;
  }

  function draw() {
    if (!root) return;
    render(root.querySelector('[data-ref="rows"]'), rows());
    const count = root.querySelector('[data-ref="count"]');
    const n = shown().length;
    const all = list.items.length;
    count.textContent = n === all ? plural('policies.count', all, { n: formatNumber(all) })
      : t('common.shownOf', { shown: formatNumber(n), total: formatNumber(all) });
  }

  const toolbar = list.items.length ? html`
    <div class="table-tools">
      <div class="segmented segmented-sm" role="radiogroup" aria-label="${t('policies.filter.platform')}">
        ${['all', 'workstation', 'server'].map((k) => html`<label class="segment"><input type="radio" name="pf" value="${k}" ?checked=${k === 'all'}
          @change=${(e) => { platform = e.currentTarget.value; draw(); }}><span>${k === 'all' ? t('policies.filter.all') : platformLabel(k)}</span></label>`)}
      </div>
      <div class="search-box table-search">
        ${icon('search', 'search-icon')}
        <input type="search" class="search-input" autocomplete="off" spellcheck="false" aria-label="${t('policies.search')}"
               placeholder="${t('policies.search.placeholder')}"
               @input=${(e) => { q = e.currentTarget.value; draw(); }}
               @keydown=${(e) => { if (e.key === 'Escape' && e.currentTarget.value) { e.preventDefault(); e.currentTarget.value = ''; q = ''; draw(); } }}>
      </div>
    </div>` : '';

  return {
    title: t('nav.policies'),
    description: t('policies.description.partner'),
    breadcrumbs: [accountCrumb(account), { label: t('nav.policies') }],
    actions: admin ? newButton() : '',
    body: html`
      ${!admin ? html`<p class="view-only-note" role="status">${icon('eye', 'hint-icon')}<span>${t('policies.viewOnly')}</span></p>` : ''}
      ${card({
        title: t('policies.list.partner'),
        subtitle: html`<span data-ref="count" aria-live="polite"></span>`,
        aside: toolbar,
        flush: true,
        body: html`<div data-ref="rows"></div>`,
      })}`,
    mounted(el) {
      root = el.querySelector('.page-body');
      draw();
    },
  };
}

/*
 * policy-assignments.js - the Assignments tab of a global policy's editor
 * (policy.js): the customers the policy is assigned to, whether it is their
 * default and whether they override its settings; Assign (assign-policy.js),
 * unassigning one customer or the chosen ones, and the customers whose
 * default it is when that stops an unassignment.
 *
 *   const tab = assignmentsTab({ account, admin, policy: () => policy, refreshPolicy, redraw });
 *   tab.panel()         the tab's content
 *   tab.wire(panelEl)   its controls, after each draw
 *   tab.load()          the list from the server (tab.loaded: asked for once)
 *   tab.assign()        the Assign drawer
 *
 * redraw() draws the tab again when it is shown; refreshPolicy() reloads
 * the policy (its counts change with its assignments).
 */
import { html } from '../html.js';
import * as api from '../api.js';
import { emptyState } from '../components/ui.js';
import { table } from '../components/table.js';
import { banner } from '../components/form.js';
import { confirmDialog } from '../components/dialog.js';
import { icon } from '../components/icons.js';
import { toast } from '../components/toast.js';
import { openAssignPolicy } from '../components/assign-policy.js';
import { t, plural, formatNumber } from '../i18n.js';
import { customerPath, customerPolicyPath } from '../paths.js';
import { platformLabel } from '../customers.js';

export function assignmentsTab({ account, admin, policy, refreshPolicy, redraw }) {
  const platform = platformLabel(policy().platform);
  let assignments = null; // list, an Error, or null while loading
  let assignError = null;
  let loaded = false;
  const picked = new Set();

  function showError() {
    redraw();
    document.querySelector('#policy-panel .assign-error')?.scrollIntoView({ block: 'nearest' });
  }

  function panel() {
    if (assignments === null) return html`<div class="page-loading" role="status"><span class="spinner"></span><span>${t('common.loading')}</span></div>`;
    if (assignments instanceof Error) return html`<div class="card-pad">${banner('error', assignments.message)}</div>`;
    const assignBtn = admin ? html`<button type="button" class="btn btn-primary btn-sm" data-ref="assign">${icon('plus')}<span>${t('policy.assign.button')}</span></button>` : '';
    if (!assignments.length) {
      return html`<section class="card">${emptyState({
        icon: 'customers', title: t('policy.assignments.empty.title'), text: t('policy.assignments.empty.text', { platform }),
        headingLevel: 3, action: assignBtn,
      })}</section>`;
    }
    const sel = assignments.filter((a) => picked.has(a.customer_id));
    return html`<section class="card">
      <div class="panel-toolbar">
        <p class="panel-toolbar-text">${plural('policy.assignments.count', assignments.length, { n: formatNumber(assignments.length) })}</p>
        <div class="panel-toolbar-actions">
          ${admin && sel.length ? html`<button type="button" class="btn btn-secondary btn-sm" data-ref="unassignSelected">${plural('policy.assignments.unassignN', sel.length, { n: formatNumber(sel.length) })}</button>` : ''}
          ${assignBtn}
        </div>
      </div>
      <div data-ref="assignError" class="assign-error-box">${assignError ? assignErrorBanner() : ''}</div>
      ${table({
        caption: t('policy.assignments.caption', { name: policy().name }),
        columns: assignmentColumns(sel),
        rows: assignments,
        key: (a) => a.customer_id,
        className: 'table-hover',
      })}
      <p class="table-legend">${icon('star', 'star-icon')}<span>${t('policy.assignments.legend', { platform })}</span></p>
    </section>`;
  }

  function assignmentColumns(sel) {
    const check = {
      header: html`<input type="checkbox" data-ref="pickAll" aria-label="${t('policy.assignments.pickAll')}"
        ?checked=${sel.length === assignments.length}>`,
      className: 'cell-check',
      cell: (a) => html`<input type="checkbox" data-pick="${a.customer_id}" ?checked=${picked.has(a.customer_id)}
        aria-label="${t('policy.assignments.pick', { company: a.company })}">`,
    };
    const action = {
      header: html`<span class="visually-hidden">${t('policies.col.actions')}</span>`,
      className: 'cell-action',
      cell: (a) => html`<button type="button" class="btn btn-secondary btn-sm" data-unassign="${a.customer_id}"
        aria-label="${t('policy.assignments.unassignOne', { company: a.company })}">${t('policy.assignments.unassign')}</button>`,
    };
    return [
      ...(admin ? [check] : []),
      {
        header: t('table.customer'), rowHeader: true,
        cell: (a) => html`<a class="cell-link" href="${customerPolicyPath(account.id, a.customer_id, policy().id)}">${a.company}</a>`,
      },
      {
        header: t('table.default'),
        cell: (a) => (a.default ? html`<span class="default-star" title="${t('policy.defaultFor', { platform })}">${icon('star', 'star-icon')}<span>${t('policy.default')}</span></span>`
          : html`<span class="muted">${t('policy.notDefaultShort')}</span>`),
      },
      {
        header: t('policy.assignments.customized'),
        cell: (a) => (a.overridden ? html`<span class="badge badge-customer">${t('policy.badge.overridesSettings')}</span>`
          : html`<span class="muted">${t('policy.assignments.asIs')}</span>`),
      },
      ...(admin ? [action] : []),
    ];
  }

  function assignErrorBanner() {
    const names = assignError.customers;
    return html`
      <div class="banner banner-error assign-error" role="alert">
        ${icon('error', 'banner-icon')}
        <div>
          <p class="banner-title">${t('policy.unassign.defaultTitle')}</p>
          <p class="banner-text">${plural('policy.unassign.defaultText', names.length, { platform, n: formatNumber(names.length) })}</p>
          <ul class="assign-error-list">
            ${names.map((c) => html`<li><a href="${customerPath(account.id, c.id, { tab: 'policies' })}">${c.company}</a>${c.message ? html` <span class="muted small">— ${c.message}</span>` : ''}</li>`)}
          </ul>
        </div>
      </div>`;
  }

  async function load() {
    loaded = true;
    try { assignments = (await api.policies.assignments(account.id, policy().id)).items; } catch (e) { assignments = e; }
    for (const id of [...picked]) if (!Array.isArray(assignments) || !assignments.some((a) => a.customer_id === id)) picked.delete(id);
    redraw();
  }

  async function unassign(ids) {
    const names = ids.map((id) => assignments.find((a) => a.customer_id === id)?.company || id);
    const ok = await confirmDialog({
      title: plural('policy.unassign.title', ids.length, { name: policy().name, n: formatNumber(ids.length), company: names[0] }),
      message: t('policy.unassign.text'),
      confirm: t('policy.assignments.unassign'),
      danger: true,
    });
    if (!ok) return;
    assignError = null;
    // More than one request's worth: the customers whose default it is would
    // stop one of them half-way, so they are named before anything is sent.
    const defaults = ids.length > api.UNASSIGN_CHUNK ? assignments.filter((a) => ids.includes(a.customer_id) && a.default) : [];
    if (defaults.length) {
      assignError = { customers: defaults.map((a) => ({ id: a.customer_id, company: a.company, message: '' })) };
      showError();
      return;
    }
    try {
      const n = await api.policies.unassign(account.id, policy().id, ids);
      toast(plural('policy.unassign.done', n, { n: formatNumber(n), name: policy().name }), { kind: 'success' });
      for (const id of ids) picked.delete(id);
      await refreshPolicy();
      await load();
    } catch (e) {
      if (e.status === 401) return;
      if (e.status === 409 && e.code === 'policy_is_default') {
        const customers = [];
        for (const [k, m] of Object.entries(e.fields || {})) {
          const i = /^customer_ids\[(\d+)\]$/.exec(k);
          if (i && ids[Number(i[1])]) customers.push({ id: ids[Number(i[1])], company: names[Number(i[1])], message: m });
        }
        assignError = { customers: customers.length ? customers : [{ id: ids[0], company: names[0], message: e.message }] };
        if (e.done) { await refreshPolicy(); await load(); }
        showError();
        return;
      }
      toast(e.message, { kind: 'error' });
    }
  }

  function assign() {
    const have = new Set(Array.isArray(assignments) ? assignments.map((a) => a.customer_id) : []);
    openAssignPolicy({
      account, policy: policy(), assigned: have,
      async onAssigned() { await refreshPolicy(); assignments = null; redraw(); await load(); },
    });
  }

  function wire(p) {
    p.querySelector('[data-ref="assign"]')?.addEventListener('click', assign);
    p.querySelector('[data-ref="unassignSelected"]')?.addEventListener('click', () => unassign([...picked]));
    p.querySelector('[data-ref="pickAll"]')?.addEventListener('change', (e) => {
      picked.clear();
      if (e.target.checked) for (const a of assignments) picked.add(a.customer_id);
      redraw();
      p.querySelector('[data-ref="pickAll"]')?.focus();
    });
    for (const box of p.querySelectorAll('[data-pick]')) {
      box.addEventListener('change', () => {
        if (box.checked) picked.add(box.dataset.pick); else picked.delete(box.dataset.pick);
        const id = box.dataset.pick;
        redraw();
        p.querySelector(`[data-pick="${CSS.escape(id)}"]`)?.focus();
      });
    }
    for (const b of p.querySelectorAll('[data-unassign]')) b.addEventListener('click', () => unassign([b.dataset.unassign]));
  }

  return {
    panel,
    wire,
    load,
    /** Opens the Assign drawer, once the customers who have the policy are known. */
    async assign() {
      if (assignments === null) await load();
      assign();
    },
    get loaded() { return loaded; },
  };
}

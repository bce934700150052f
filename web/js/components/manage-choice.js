/*
 * manage-choice.js - "How would you like to manage this customer?" in the
 * Create Customer drawer: with global policies (one or more; the first of
 * each platform becomes the customer's default), or with local policies
 * from a template (Workstation / Server) or copied from another customer's
 * local policy (tree.js). Without global policies, local ones are chosen
 * until the user picks otherwise.
 *
 *   const manage = manageChoice({ account, form, panel, onChange });
 *   manage.choose(mode)    the user picked 'global' or 'local' (form's radios name="manage")
 *   manage.dirty()         anything chosen
 *   manage.value()         the request's management member
 *   manage.error()         why it cannot be sent yet ('' when it can)
 *   manage.focusTarget()   the control a message about it should focus
 *
 * onChange() is called when the choice changes (to clear its message).
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { banner } from './form.js';
import { policyTree } from './tree.js';
import { platformTiles } from './customer-bits.js';
import { icon } from './icons.js';
import { t } from '../i18n.js';
import { platformLabel, localPolicyTree } from '../customers.js';

export function manageChoice({ account, form, panel, onChange }) {
  const st = {
    manage: 'global',
    touched: false,
    policies: null, // global policies once loaded (array), or an Error
    tree: null, // local policies by customer once loaded, or an Error
    globalIds: [],
    localKind: 'template',
    template: null,
    copy: null,
  };

  function setManage(mode) {
    st.manage = mode;
    for (const r of form.querySelectorAll('input[name="manage"]')) r.checked = r.value === mode;
    onChange();
    drawManage();
  }

  function defaults() {
    const first = {};
    for (const id of st.globalIds) {
      const p = st.policies.find((x) => x.id === id);
      if (p && !first[p.platform]) first[p.platform] = id;
    }
    return new Set(Object.values(first));
  }

  function drawManage() {
    if (st.manage === 'global') {
      if (st.policies === null) { render(panel, html`<p class="muted loading-line"><span class="spinner"></span>${t('common.loading')}</p>`); return; }
      if (st.policies instanceof Error) { render(panel, banner('error', st.policies.message)); return; }
      if (!st.policies.length) {
        render(panel, html`
          <div class="callout callout-neutral">
            ${icon('policies', 'callout-icon')}
            <div class="callout-body">
              <p class="callout-title">${t('create.global.none.title')}</p>
              <p>${t('create.global.none.text')}</p>
              <div class="callout-actions">
                <button type="button" class="btn btn-primary btn-sm" data-ref="toLocal">${t('create.manage.local')}</button>
              </div>
            </div>
          </div>`);
        panel.querySelector('[data-ref="toLocal"]').addEventListener('click', () => {
          setManage('local');
          form.querySelector('input[name="manage"][value="local"]').focus();
        });
        return;
      }
      const defs = defaults();
      render(panel, html`
        <fieldset class="choice-group" data-ref="globalGroup">
          <legend class="group-label">${t('create.global.label')}<span class="req" aria-hidden="true">*</span></legend>
          <div class="choice-list">
            ${st.policies.map((p) => html`
              <label class="${st.globalIds.includes(p.id) ? 'choice-card is-checked' : 'choice-card'}">
                <input type="checkbox" name="global_policy" value="${p.id}" ?checked=${st.globalIds.includes(p.id)}>
                <span class="choice-body">
                  <span class="choice-title">
                    <span>${p.name}</span>
                    <span class="badge">${platformLabel(p.platform)}</span>
                    ${defs.has(p.id) ? html`<span class="badge badge-accent">${icon('star', 'badge-icon')}${t('create.global.default', { platform: platformLabel(p.platform) })}</span>` : ''}
                  </span>
                  ${p.description ? html`<span class="choice-text">${p.description}</span>` : ''}
                </span>
              </label>`)}
          </div>
          <p class="field-hint">${t('create.global.hint')}</p>
        </fieldset>`);
      panel.querySelector('[data-ref="globalGroup"]').addEventListener('change', (e) => {
        if (e.target.name !== 'global_policy') return;
        const id = e.target.value;
        st.globalIds = e.target.checked ? [...st.globalIds, id] : st.globalIds.filter((x) => x !== id);
        onChange();
        drawManage();
        panel.querySelector(`input[value="${CSS.escape(id)}"]`)?.focus();
      });
      return;
    }

    // Local policies: a template, or a copy of another customer's policy.
    const choice = (kind, detail) => html`
      <div class="${st.localKind === kind ? 'choice-card choice-expand is-checked' : 'choice-card choice-expand'}">
        <label class="choice-head">
          <input type="radio" name="local_kind" value="${kind}" ?checked=${st.localKind === kind}>
          <span class="choice-body">
            <span class="choice-title">${t('create.local.' + kind)}</span>
            <span class="choice-text">${t('create.local.' + kind + '.text')}</span>
          </span>
        </label>
        ${st.localKind === kind ? detail : ''}
      </div>`;
    render(panel, html`
      <div class="choice-list" role="radiogroup" aria-label="${t('create.manage.local')}">
        ${choice('template', html`
          <fieldset class="choice-detail">
            <legend class="group-label">${t('create.local.template.label')}<span class="req" aria-hidden="true">*</span></legend>
            <div class="tile-row">${platformTiles('template', st.template)}</div>
          </fieldset>`)}
        ${choice('copy', html`
          <div class="choice-detail">
            <p class="group-label" id="cc-tree-label">${t('create.local.copy.label')}<span class="req" aria-hidden="true">*</span></p>
            <div class="tree-box" data-ref="tree"></div>
            <p class="field-hint" id="cc-tree-hint" data-ref="copyNote">${st.copy ? t('create.local.copy.chosen', { policy: st.copy.name, customer: st.copy.customer_name }) : t('create.local.copy.hint')}</p>
          </div>`)}
      </div>`);
    panel.querySelector('.choice-list').addEventListener('change', (e) => {
      if (e.target.name === 'local_kind') {
        st.localKind = e.target.value;
        onChange();
        drawManage();
        panel.querySelector(`input[name="local_kind"][value="${e.target.value}"]`)?.focus();
      } else if (e.target.name === 'template') {
        st.template = e.target.value;
        onChange();
        for (const tile of panel.querySelectorAll('.tile')) tile.classList.toggle('is-checked', tile.querySelector('input').checked);
      }
    });
    if (st.localKind === 'copy') drawTree(panel.querySelector('[data-ref="tree"]'));
  }

  function drawTree(el) {
    if (st.tree === null) { render(el, html`<p class="muted loading-line"><span class="spinner"></span>${t('common.loading')}</p>`); return; }
    if (st.tree instanceof Error) { render(el, banner('error', st.tree.message)); return; }
    if (!st.tree.length) { render(el, html`<p class="tree-empty">${t('create.local.copy.none')}</p>`); return; }
    policyTree(el, {
      customers: st.tree,
      selected: st.copy,
      labelledBy: 'cc-tree-label',
      describedBy: 'cc-tree-hint',
      platformLabel,
      onSelect(sel) {
        st.copy = sel;
        onChange();
        const note = panel.querySelector('[data-ref="copyNote"]');
        if (note) note.textContent = t('create.local.copy.chosen', { policy: sel.name, customer: sel.customer_name });
      },
    });
  }

  function value() {
    if (st.manage === 'global') return { mode: 'global', global_policy_ids: [...st.globalIds] };
    if (st.localKind === 'copy') return { mode: 'local', copy_from: st.copy ? { customer_id: st.copy.customer_id, policy_id: st.copy.policy_id } : null };
    return { mode: 'local', template: st.template };
  }

  function error() {
    if (st.manage === 'global') {
      if (Array.isArray(st.policies) && !st.policies.length) return t('create.global.none.error');
      return st.globalIds.length ? '' : t('create.global.required');
    }
    if (st.localKind === 'copy') return st.copy ? '' : t('create.local.copy.required');
    return st.template ? '' : t('create.local.template.required');
  }

  function focusTarget() {
    return panel.querySelector('input:checked:not([name="local_kind"])') ||
      panel.querySelector('[role="treeitem"][tabindex="0"]') || panel.querySelector('input, button, [tabindex="0"]');
  }

  api.policies.listAll(account.id).then(({ items: list }) => {
    st.policies = list;
    if (!list.length && !st.touched) setManage('local'); else if (st.manage === 'global') drawManage();
  }, (e) => { st.policies = e; if (st.manage === 'global') drawManage(); });
  localPolicyTree(account.id).then((list) => {
    st.tree = list;
    if (st.manage === 'local' && st.localKind === 'copy') drawManage();
  }, (e) => { st.tree = e; if (st.manage === 'local' && st.localKind === 'copy') drawManage(); });
  drawManage();

  return {
    choose(mode) { st.touched = true; setManage(mode); },
    dirty: () => !!(st.globalIds.length || st.template || st.copy),
    value,
    error,
    focusTarget,
  };
}

/*
 * create-policy.js - the New policy drawer, for a partner's global policies
 * and for a customer's local policies.
 *
 *   openCreatePolicy({ account, customer, copyFrom, onCreated(policy) })
 *
 * Name, description and platform, then where to start from:
 *   template   the platform's Workstation or Server template;
 *   copy       a copy of another policy: for a global policy any global or
 *              local policy of the partner, for a local policy a local
 *              policy of any customer (tree.js), of the same platform;
 *   scratch    every setting chosen by hand: the settings form with nothing
 *              preselected, and "Choose a value" beside each one left out.
 * The server's messages are shown beside their fields (settings too);
 * closing with input asks first.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { openDrawer } from './drawer.js';
import { confirmDiscard } from './dialog.js';
import { field, setFieldError, showErrors, clearErrors, banner, validators, check } from './form.js';
import { policyTree } from './tree.js';
import { platformTiles } from './customer-bits.js';
import { settingsForm } from './settings-form.js';
import { settingsModel } from './settings-model.js';
import { icon } from './icons.js';
import { toast } from './toast.js';
import { t } from '../i18n.js';
import { platformLabel, localPolicyTree } from '../customers.js';
import { policySchema } from '../policies.js';

const NAME_MAX = 100;
const DESCRIPTION_MAX = 500;
const GLOBAL_GROUP = '__global';

export function openCreatePolicy({ account, customer = null, copyFrom = null, onCreated }) {
  const local = !!customer;
  const st = {
    platform: copyFrom?.platform || 'workstation',
    source: copyFrom ? 'copy' : 'template',
    copy: copyFrom ? { customer_id: copyFrom.customer_id || GLOBAL_GROUP, policy_id: copyFrom.id, name: copyFrom.name, customer_name: '' } : null,
    tree: null, // [{id, name, icon?, policies}] or an Error
    schema: null, // the /policy-schema answer or an Error
    model: null,
    form: null,
    busy: false,
    touched: !!copyFrom,
  };

  const d = openDrawer({
    title: local ? t('policy.create.localTitle') : t('policy.create.title'),
    description: local ? t('policy.create.localDescription', { company: customer.company }) : t('policy.create.description'),
    size: 'lg',
    body: html`
      <form class="create-form" id="create-policy-form" novalidate>
        <div data-ref="formError"></div>
        <section class="drawer-section">
          <div class="form-grid">
            <div class="span-2">${field({
              id: 'cp-name', label: html`${t('policy.field.name')}<span class="req" aria-hidden="true">*</span>`,
              input: html`<input class="input" id="cp-name" name="name" type="text" autocomplete="off" required maxlength="${String(NAME_MAX + 20)}"
                value="${copyFrom ? t('policy.create.copyName', { name: copyFrom.name }) : ''}">`,
            })}</div>
            <div class="span-2">${field({
              id: 'cp-description', label: t('policy.field.description'), optional: true, hint: t('policy.field.description.hint', { max: DESCRIPTION_MAX }),
              input: html`<textarea class="input textarea" id="cp-description" name="description" rows="2" aria-describedby="cp-description-hint">${copyFrom?.description || ''}</textarea>`,
            })}</div>
          </div>
        </section>
        <section class="drawer-section">
          <fieldset class="choice-group" aria-describedby="cp-platform-hint">
            <legend class="group-label">${t('policy.field.platform')}<span class="req" aria-hidden="true">*</span></legend>
            <div class="tile-row" data-ref="platforms">${platformTiles('platform', st.platform)}</div>
            <p class="field-hint" id="cp-platform-hint">${t('policy.field.platform.hint')}</p>
            <p class="field-error" id="cp-platform-error" hidden></p>
          </fieldset>
        </section>
        <section class="drawer-section">
          <div class="section-head">
            <h3 class="section-title" id="cp-source-title">${t('policy.create.startFrom')}</h3>
            <p class="section-text">${t('policy.create.startFrom.text')}</p>
          </div>
          <div class="choice-list" role="radiogroup" aria-labelledby="cp-source-title" data-ref="sources"></div>
          <p class="field-error" id="cp-source-error" role="alert" hidden></p>
        </section>
        <section class="drawer-section" data-ref="scratch" hidden>
          <div class="section-head">
            <h3 class="section-title">${t('policy.create.scratch.settings')}</h3>
            <p class="section-text">${t('policy.create.scratch.settingsText')}</p>
          </div>
          <div data-ref="scratchForm"></div>
        </section>
      </form>`,
    footer: html`
      <p class="footer-note" data-ref="footerNote" aria-live="polite"></p>
      <button type="button" class="btn btn-secondary" data-ref="cancel">${t('common.cancel')}</button>
      <button type="submit" class="btn btn-primary" form="create-policy-form" data-ref="create"><span>${t('policy.create.submit')}</span></button>`,
    canClose: async () => {
      if (st.busy) return false;
      if (!dirty()) return true;
      return confirmDiscard(t('policy.create.discard.title'), t('policy.create.discard.text'));
    },
  });

  const form = d.body.querySelector('form');
  const ref = (n) => d.el.querySelector(`[data-ref="${n}"]`);
  const createBtn = ref('create');
  ref('cancel').addEventListener('click', () => d.close());

  function dirty() {
    return st.touched || form.elements.name.value.trim() !== '' || form.elements.description.value.trim() !== '' ||
      (st.model && st.model.pending.size > 0);
  }

  function groupError(el, message) {
    if (message) render(el, html`${icon('error', 'field-error-icon')}<span>${message}</span>`);
    else el.replaceChildren();
    el.hidden = !message;
  }

  // ---- start from ----------------------------------------------------------

  // The choices are drawn once and then only updated, so a radio keeps its
  // element (and the keyboard its place) when another is chosen.
  function sourceCard(key, detail = '') {
    return html`
      <div class="choice-card choice-expand" data-source="${key}">
        <label class="choice-head">
          <input type="radio" name="source" value="${key}">
          <span class="choice-body">
            <span class="choice-title" data-ref="${key + 'Title'}"></span>
            <span class="choice-text" data-ref="${key + 'Text'}"></span>
          </span>
        </label>
        ${detail ? html`<div class="choice-detail" data-detail="${key}" hidden>${detail}</div>` : ''}
      </div>`;
  }

  function drawSourceCards() {
    render(ref('sources'), html`
      ${sourceCard('template')}
      ${sourceCard('copy', html`
        <p class="group-label" id="cp-tree-label">${local ? t('create.local.copy.label') : t('policy.create.copy.label')}<span class="req" aria-hidden="true">*</span></p>
        <div class="tree-box" data-ref="tree"></div>
        <p class="field-hint" id="cp-tree-hint" data-ref="copyNote"></p>`)}
      ${sourceCard('scratch')}`);
    ref('copyTitle').textContent = local ? t('policy.create.copyLocal') : t('policy.create.copy');
    ref('copyText').textContent = local ? t('policy.create.copyLocal.text') : t('policy.create.copy.text');
    ref('scratchTitle').textContent = t('policy.create.scratch');
    ref('scratchText').textContent = t('policy.create.scratch.text');
  }

  function drawSources() {
    const platform = platformLabel(st.platform);
    ref('templateTitle').textContent = t('policy.create.template', { platform });
    ref('templateText').textContent = t('policy.create.template.text', { platform });
    for (const card of ref('sources').querySelectorAll('[data-source]')) {
      const on = card.dataset.source === st.source;
      card.classList.toggle('is-checked', on);
      card.querySelector('input').checked = on;
      const detail = card.querySelector('[data-detail]');
      if (detail) detail.hidden = !on;
    }
    ref('copyNote').textContent = copyNote();
    if (st.source === 'copy') drawTree();
    const scratch = ref('scratch');
    scratch.hidden = st.source !== 'scratch';
    d.el.classList.toggle('drawer-xl', st.source === 'scratch');
    if (st.source === 'scratch') drawScratch();
  }

  function copyNote() {
    if (!st.copy) return t('policy.create.copy.hint');
    return st.copy.customer_id === GLOBAL_GROUP || !st.copy.customer_name
      ? t('policy.create.copy.chosen', { policy: st.copy.name })
      : t('create.local.copy.chosen', { policy: st.copy.name, customer: st.copy.customer_name });
  }

  function treeFor(platform) {
    if (!Array.isArray(st.tree)) return st.tree;
    return st.tree.map((c) => ({ ...c, policies: c.policies.filter((p) => p.platform === platform) })).filter((c) => c.policies.length);
  }

  function drawTree() {
    const el = ref('tree');
    if (!el) return;
    if (st.tree === null) { render(el, html`<p class="muted loading-line"><span class="spinner"></span>${t('common.loading')}</p>`); return; }
    if (st.tree instanceof Error) { render(el, banner('error', st.tree.message)); return; }
    const list = treeFor(st.platform);
    if (!list.length) {
      render(el, html`<p class="tree-empty">${t('policy.create.copy.none', { platform: platformLabel(st.platform) })}</p>`);
      return;
    }
    if (st.copy && !list.some((c) => c.id === st.copy.customer_id && c.policies.some((p) => p.id === st.copy.policy_id))) st.copy = null;
    policyTree(el, {
      customers: list,
      selected: st.copy,
      labelledBy: 'cp-tree-label',
      describedBy: 'cp-tree-hint',
      platformLabel,
      onSelect(sel) {
        st.copy = sel;
        st.touched = true;
        groupError(ref('sourceError') || d.el.querySelector('#cp-source-error'), '');
        const note = ref('copyNote');
        if (note) note.textContent = copyNote();
      },
    });
  }

  function drawScratch() {
    const el = ref('scratchForm');
    if (st.schema === null) { render(el, html`<p class="muted loading-line"><span class="spinner"></span>${t('common.loading')}</p>`); return; }
    if (st.schema instanceof Error) { render(el, banner('error', st.schema.message)); return; }
    if (!st.model) st.model = settingsModel({ mode: 'scratch', values: {}, additive: st.schema.additive || [] });
    if (!st.form) {
      st.form = settingsForm(el, {
        schema: st.schema.schema, model: st.model, part: 'all', idPrefix: 'cps',
        onChange: () => { st.touched = true; ref('footerNote').textContent = ''; },
      });
    }
    st.form.draw();
  }

  form.addEventListener('change', (e) => {
    if (e.target.name === 'platform') {
      st.platform = e.target.value;
      st.touched = true;
      for (const tile of ref('platforms').querySelectorAll('.tile')) tile.classList.toggle('is-checked', tile.querySelector('input').checked);
      // A copy keeps the platform of its source; the list follows the platform.
      if (st.copy && st.source === 'copy') {
        const ok = (treeFor(st.platform) || []).some((c) => c.policies.some((p) => p.id === st.copy.policy_id));
        if (!ok) st.copy = null;
      }
      drawSources();
    } else if (e.target.name === 'source') {
      st.source = e.target.value;
      st.touched = true;
      groupError(d.el.querySelector('#cp-source-error'), '');
      ref('footerNote').textContent = '';
      drawSources();
      // Bring what the choice opened into view.
      const detail = st.source === 'scratch' ? ref('scratch') : d.el.querySelector(`[data-detail="${st.source}"]`);
      detail?.scrollIntoView({ block: 'nearest' });
    }
  });
  form.addEventListener('input', (e) => {
    if (e.target.name === 'name' || e.target.name === 'description') {
      setFieldError(form, e.target.name, '');
      ref('footerNote').textContent = '';
    }
  });

  // ---- data ------------------------------------------------------------------

  policySchema().then((s) => { st.schema = s; if (st.source === 'scratch') drawScratch(); },
    (e) => { st.schema = e; if (st.source === 'scratch') drawScratch(); });
  // A company console copies from its own policies (it has no customers).
  const localTree = customer?.own
    ? api.customerPolicies.listAll(account.id, customer.id).then((r) => [{ id: customer.id, name: customer.company, policies: r.items }])
    : localPolicyTree(account.id);
  Promise.all([local ? [] : api.policies.listAll(account.id).then((r) => r.items), localTree]).then(([globals, locals]) => {
    st.tree = [
      ...(globals.length ? [{ id: GLOBAL_GROUP, name: t('policies.list.partner'), icon: 'globe', policies: globals }] : []),
      ...locals,
    ];
    if (st.copy && !st.copy.customer_name) {
      const c = st.tree.find((x) => x.policies.some((p) => p.id === st.copy.policy_id));
      if (c) st.copy = { ...st.copy, customer_id: c.id, customer_name: c.id === GLOBAL_GROUP ? '' : c.name };
    }
    if (st.source === 'copy') { drawTree(); const note = ref('copyNote'); if (note) note.textContent = copyNote(); }
  }, (e) => { st.tree = e; if (st.source === 'copy') drawTree(); });

  // ---- create ----------------------------------------------------------------

  function setBusy(on) {
    st.busy = on;
    d.setBusy(on);
    createBtn.disabled = on;
    render(createBtn, on ? html`<span class="spinner spinner-light"></span><span>${t('create.submitting')}</span>` : html`<span>${t('policy.create.submit')}</span>`);
  }

  function formError(message, title = '') {
    render(ref('formError'), message ? banner('error', message, title) : html``);
  }

  async function submit(e) {
    e.preventDefault();
    if (st.busy) return;
    clearErrors(form);
    formError('');
    groupError(d.el.querySelector('#cp-source-error'), '');
    ref('footerNote').textContent = '';
    const name = form.elements.name.value;
    const description = form.elements.description.value;
    const errors = {};
    const nameMsg = check(name, validators.required, (v) => validators.text(v, NAME_MAX));
    if (nameMsg) errors.name = nameMsg;
    const descMsg = description.trim() ? validators.text(description, DESCRIPTION_MAX) : '';
    if (descMsg) errors.description = descMsg;
    let sourceMsg = '';
    if (st.source === 'copy' && !st.copy) sourceMsg = t('policy.create.copy.required');
    let settingsOk = true;
    if (st.source === 'scratch') {
      if (!st.form) sourceMsg = st.schema instanceof Error ? st.schema.message : t('common.loading');
      else settingsOk = st.form.validate();
    }
    if (Object.keys(errors).length || sourceMsg || !settingsOk) {
      groupError(d.el.querySelector('#cp-source-error'), sourceMsg);
      if (!showErrors(form, errors)) {
        if (sourceMsg) ref('sources').querySelector('input:checked')?.focus();
        else st.form?.focusFirstError();
      }
      ref('footerNote').textContent = t('create.fixFields');
      return;
    }
    const body = { name: name.trim(), platform: st.platform, description: description.trim(), source: st.source };
    if (st.source === 'copy') {
      body.copy_from = { policy_id: st.copy.policy_id };
      if (st.copy.customer_id && st.copy.customer_id !== GLOBAL_GROUP) body.copy_from.customer_id = st.copy.customer_id;
    }
    if (st.source === 'scratch') body.settings = st.model.document(st.schema.schema);
    setBusy(true);
    try {
      const policy = local ? await api.customerPolicies.create(account.id, customer.id, body) : await api.policies.create(account.id, body);
      setBusy(false);
      await d.close({ force: true });
      toast(t('policy.create.done', { name: policy.name }), { kind: 'success' });
      onCreated?.(policy);
    } catch (ex) {
      setBusy(false);
      if (ex.status === 401) return;
      const fields = { ...(ex.fields || {}) };
      if (ex.code === 'policy_name_taken' && !fields.name) fields.name = ex.message;
      if (!Object.keys(fields).length) { formError(ex.message, t('policy.create.failed')); ref('formError').scrollIntoView({ block: 'nearest' }); return; }
      const own = {};
      let copyMsg = '';
      const rest = {};
      for (const [k, m] of Object.entries(fields)) {
        if (k === 'name' || k === 'description') own[k] = m;
        else if (k === 'platform') groupError(d.el.querySelector('#cp-platform-error'), m);
        else if (k.startsWith('copy_from') || k === 'source') copyMsg = copyMsg || m;
        else rest[k] = m;
      }
      groupError(d.el.querySelector('#cp-source-error'), copyMsg);
      let other = Object.keys(rest).length ? Object.values(rest) : [];
      if (st.model && Object.keys(rest).length) {
        other = st.model.takeErrors(rest, st.schema.schema);
        st.form.draw();
      }
      if (other.length) formError(other.join(' '), t('policy.create.failed'));
      if (!showErrors(form, own) && !st.form?.focusFirstError()) ref('formError').scrollIntoView({ block: 'nearest' });
      ref('footerNote').textContent = t('create.fixFields');
    }
  }

  form.addEventListener('submit', submit);
  drawSourceCards();
  drawSources();
  form.elements.name.focus();
  return d;
}

/*
 * policy.js - the policy editor, in three guises:
 *
 *   /a/{id}/policies/{policy_id}                          a global policy at
 *       partner level: Overview, Settings (with a lock toggle beside every
 *       setting and section), Exclusions and Assignments;
 *   /a/{id}/customers/{cid}/policies/{policy_id}          a local policy of
 *       the customer (Overview, Settings, Exclusions), or a global policy as
 *       the customer sees it: locked settings read-only, the others can be
 *       overridden for this customer (with reset to policy), and the
 *       customer's own exclusions added to the policy's.
 *
 * Settings and exclusions are built from the schema (settings-form.js).
 * Changes, values and locks alike, wait in a save bar until saved: a policy
 * with one PATCH {settings: merge patch (null: back to the template),
 * locked: the whole list of locked paths when it changed}, a customer's
 * overrides with PUT {settings: whole override document}; Discard undoes
 * both. The server's messages are shown
 * beside their settings. Leaving with unsaved changes asks first. Viewers see
 * everything with nothing to change.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card, accountCrumb, statusDot } from '../components/ui.js';
import { field, showErrors, clearErrors, setFieldError, validators, check } from '../components/form.js';
import { confirmDialog } from '../components/dialog.js';
import { icon } from '../components/icons.js';
import { toast } from '../components/toast.js';
import { tabList, markTab, wireTabs } from '../components/tabs.js';
import { settingsForm } from '../components/settings-form.js';
import { settingsModel, partOf } from '../components/settings-model.js';
import { openCreatePolicy } from '../components/create-policy.js';
import { deleteGlobalPolicyFlow, deleteLocalPolicyFlow } from '../components/delete-policy.js';
import { t, plural, formatDateTime, formatNumber } from '../i18n.js';
import { pagePath, policyPath, effectivePath } from '../paths.js';
import { policyOwner, policyCrumbs, policiesHome } from '../companies.js';
import notFound from './not-found.js';
import { navigate, setLeaveGuard } from '../router.js';
import { platformLabel } from '../customers.js';
import { policySchema, getAt, leaves, settingTitle, formatValue } from '../policies.js';
import { scopedAccountPage } from './policies.js';
import { assignmentsTab } from './policy-assignments.js';

const NAME_MAX = 100;
const DESCRIPTION_MAX = 500;

export default async function policyPage(ctx) {
  const { account, customerId, policyId } = ctx;
  const whole = ctx.wholeAccount;
  if (!customerId && !whole) return scopedAccountPage(ctx);
  let customer = null;
  let policy;
  let meta;
  try {
    [customer, policy, meta] = await Promise.all([
      customerId ? policyOwner(account, customerId) : null,
      customerId ? api.customerPolicies.get(account.id, customerId, policyId) : api.policies.get(account.id, policyId),
      policySchema(),
    ]);
  } catch (e) {
    if (e.status === 404) return notFound(ctx);
    if (e.status === 403 && !customerId) return scopedAccountPage(ctx);
    throw e;
  }

  // 'global': a global policy at partner level; 'local'; 'customer': a global policy under a customer.
  const kind = !customer ? 'global' : policy.scope === 'global' ? 'customer' : 'local';
  const admin = ctx.isAdmin && (kind !== 'global' || whole);
  const schema = meta.schema;
  const template = () => meta.templates[policy.platform]?.settings || {};
  const TABS = ['overview', 'settings', 'exclusions', ...(kind === 'global' ? ['assignments'] : [])];
  const wanted = ctx.query.get('tab');
  let current = TABS.includes(wanted) ? wanted : 'overview';
  let model = buildModel();
  let form = null;
  let root = null;
  let saving = false;
  let saveProblem = ''; // why the last save did not go through, shown in the save bar
  const platform = platformLabel(policy.platform);
  const assignTab = kind === 'global' ? assignmentsTab({
    account, admin, policy: () => policy, refreshPolicy, redraw: () => { if (current === 'assignments') drawPanel(); },
  }) : null;

  function buildModel() {
    if (kind === 'customer') {
      const c = policy.customer || {};
      return settingsModel({
        mode: 'customer', values: c.effective || policy.settings, origin: c.origin || {}, locked: policy.locked || [],
        additive: meta.additive, resetValue: (p) => getAt(policy.settings, p),
        own: (p) => getAt(c.overrides || {}, p) || [], inherited: (p) => getAt(policy.settings, p) || [],
      });
    }
    return settingsModel({
      mode: kind === 'global' ? 'policy' : 'local', values: policy.settings, origin: policy.origin || {},
      locked: policy.locked || [], additive: meta.additive, resetValue: (p) => getAt(template(), p),
    });
  }

  const dirty = () => model.changeCount() > 0;
  const leave = async () => !dirty() || confirmDialog({
    title: t('policy.leave.title'), message: plural('policy.leave.text', model.changeCount(), { n: formatNumber(model.changeCount()) }),
    confirm: t('policy.leave.confirm'), cancel: t('create.discard.keep'), danger: true,
  });
  leave.dirty = dirty;

  // ---- header pieces ---------------------------------------------------------

  function metaStrip() {
    const c = policy.customer;
    return html`
      <span class="${policy.scope === 'global' ? 'badge badge-accent' : 'badge badge-teal'}">${icon(policy.scope === 'global' ? 'globe' : 'customers', 'badge-icon')}${t('policy.scope.' + policy.scope + 'Long')}</span>
      <span class="badge">${icon(policy.platform === 'server' ? 'server' : 'devices', 'badge-icon')}${platform}</span>
      <span class="badge badge-strong" title="${t('policy.revision.hint')}">${t('policy.revision', { n: policy.revision })}</span>
      ${kind === 'customer' && c ? html`
        ${c.default ? html`<span class="default-star">${icon('star', 'star-icon')}<span>${t('policy.defaultFor', { platform })}</span></span>` : ''}
        ${c.override_revision ? html`<span class="badge badge-customer">${plural('policy.overrideCount', overrideCount(), { n: formatNumber(overrideCount()) })}</span>` : ''}`
        : html`<span class="status-pill">${statusDot(policy.status === 'in_use' ? 'ok' : 'muted')}<span>${t('policy.status.' + (policy.status || 'unused'))}</span></span>`}
      ${kind === 'local' && customer && isDefaultLocal() ? html`<span class="default-star">${icon('star', 'star-icon')}<span>${t('policy.defaultFor', { platform })}</span></span>` : ''}`;
  }

  function isDefaultLocal() {
    return !!(policy.customer && policy.customer.default);
  }

  function overrideCount() {
    return leaves(schema).filter((l) => (policy.customer?.origin || {})[l.path] === 'customer').length;
  }

  function drawMeta() {
    const el = root?.querySelector('[data-ref="meta"]');
    if (el) render(el, metaStrip());
    const pill = root?.querySelector('[data-count="assignments"]');
    if (pill) pill.textContent = String(policy.assigned_customers ?? 0);
  }

  // ---- overview ----------------------------------------------------------------

  function detailsCard() {
    const editable = admin && kind !== 'customer';
    return card({
      title: t('policy.overview.details'),
      subtitle: editable ? t('policy.overview.details.subtitle') : '',
      body: html`
        <form class="form" id="policy-details" novalidate data-ref="details">
          ${field({
            id: 'pd-name', label: t('policy.field.name'),
            input: html`<input class="input" id="pd-name" name="name" type="text" value="${policy.name}" ?readonly=${!editable} autocomplete="off">`,
          })}
          ${field({
            id: 'pd-description', label: t('policy.field.description'), optional: editable,
            input: html`<textarea class="input textarea" id="pd-description" name="description" rows="3" ?readonly=${!editable}>${policy.description || ''}</textarea>`,
          })}
          ${editable ? html`<div class="form-actions"><button type="submit" class="btn btn-primary" data-ref="detailsSave" disabled><span>${t('common.save')}</span></button></div>` : ''}
        </form>`,
    });
  }

  function summaryCard() {
    const rows = [];
    rows.push([t('table.platform'), html`${icon(policy.platform === 'server' ? 'server' : 'devices', 'inline-icon')}${platform}`]);
    rows.push([t('policy.overview.startedFrom'), policy.template ? t('policy.overview.template', { platform: platformLabel(policy.template), version: policy.template_version }) : t('policy.overview.scratch')]);
    rows.push([t('policy.overview.revision'), html`<span title="${t('policy.revision.hint')}">${String(policy.revision)}</span>`]);
    if (kind === 'global') {
      rows.push([t('table.status'), html`<span class="status-pill">${statusDot(policy.status === 'in_use' ? 'ok' : 'muted')}<span>${t('policy.status.' + policy.status)}</span></span>`]);
      rows.push([t('policies.col.assigned'), plural('policies.assigned', policy.assigned_customers ?? 0, { n: formatNumber(policy.assigned_customers ?? 0) })]);
      rows.push([t('policies.col.default'), (policy.default_for ?? 0) ? html`<span class="default-star">${icon('star', 'star-icon')}<span>${plural('policies.assigned', policy.default_for, { n: formatNumber(policy.default_for) })}</span></span>` : t('policies.default.none')]);
      rows.push([t('policies.col.overrides'), plural('policies.overrides', policy.overrides ?? 0, { n: formatNumber(policy.overrides ?? 0) })]);
      rows.push([t('policy.overview.locked'), plural('policy.overview.lockedN', (policy.locked || []).length, { n: formatNumber((policy.locked || []).length) })]);
    }
    if (kind === 'local' || kind === 'customer') {
      const isDefault = !!policy.customer?.default;
      rows.push([t('policy.overview.forCustomer'), isDefault
        ? html`<span class="default-star">${icon('star', 'star-icon')}<span>${t('policy.defaultFor', { platform })}</span></span>`
        : html`<span class="with-action"><span class="muted">${t('policy.notDefault')}</span>${admin ? html`<button type="button" class="btn btn-secondary btn-sm" data-ref="makeDefault">${icon('star')}<span>${t('policy.makeDefault')}</span></button>` : ''}</span>`]);
    }
    rows.push([t('policy.overview.created'), formatDateTime(policy.created_at)]);
    rows.push([t('policy.overview.updated'), formatDateTime(policy.updated_at)]);
    return card({
      title: t('policy.overview.summary'),
      body: html`<dl class="details">${rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`,
    });
  }

  function changesCard() {
    const customerView = kind === 'customer';
    const origin = customerView ? policy.customer?.origin || {} : policy.origin || {};
    const want = customerView ? 'customer' : 'policy';
    const values = customerView ? policy.customer?.effective || {} : policy.settings;
    const list = leaves(schema).filter((l) => origin[l.path] === want);
    const below = customerView ? (p) => getAt(policy.settings, p) : (p) => getAt(template(), p);
    const title = customerView ? t('policy.overview.overrides', { company: customer.company }) : t('policy.overview.changes');
    return card({
      title,
      subtitle: customerView ? t('policy.overview.overrides.subtitle') : t('policy.overview.changes.subtitle', { platform }),
      flush: true,
      aside: list.length ? html`<span class="${customerView ? 'badge badge-customer' : 'badge badge-accent'}">${formatNumber(list.length)}</span>` : '',
      body: list.length ? html`
        <ul class="change-list">
          ${list.map((l) => {
            const section = settingTitle(l.path.split('.')[0], schema.properties[l.path.split('.')[0]]);
            return html`<li class="change-row">
              <div class="change-name"><span class="change-section">${section}</span><span class="change-title">${settingTitle(l.path, l.schema)}</span></div>
              ${customerView && model.isAdditive(l.path) ? html`<div class="change-values">
                <span class="change-now">${(getAt(policy.customer?.overrides || {}, l.path) || []).map((x) => '+ ' + x).join(', ')}</span>
                <span class="change-was">${t('policy.overview.addedTo', { n: (getAt(policy.settings, l.path) || []).length })}</span>
              </div>` : html`<div class="change-values">
                <span class="change-now">${formatValue(l.schema, getAt(values, l.path))}</span>
                <span class="change-was">${customerView ? t('policy.overview.policyValue', { value: formatValue(l.schema, below(l.path)) }) : t('policy.overview.templateValue', { value: formatValue(l.schema, below(l.path)) })}</span>
              </div>`}
            </li>`;
          })}
        </ul>
        ${customerView && admin ? html`<div class="card-footer-actions"><button type="button" class="btn btn-secondary btn-sm" data-ref="resetAll">${icon('undo')}<span>${t('policy.overview.resetAll')}</span></button></div>` : ''}`
        : html`<p class="card-pad muted">${customerView ? t('policy.overview.noOverrides', { company: customer.company }) : t('policy.overview.noChanges', { platform })}</p>`,
    });
  }

  function dangerCard() {
    if (!admin || kind === 'customer') return '';
    return card({
      title: t('policy.danger.title'),
      className: 'danger-card',
      body: html`
        <div class="danger-row">
          <div>
            <p class="danger-name">${t('policy.danger.delete')}</p>
            <p class="muted small">${kind === 'global' ? t('policy.danger.global') : t('policy.danger.local', { company: customer.company })}</p>
          </div>
          <button type="button" class="btn btn-danger-outline" data-ref="delete">${icon('trash')}<span>${t('policy.danger.button')}</span></button>
        </div>`,
    });
  }

  function overview() {
    return html`
      <div class="overview-grid">
        <div class="overview-main">${detailsCard()}${changesCard()}</div>
        <div class="overview-side">${summaryCard()}${dangerCard()}</div>
      </div>`;
  }

  // ---- panels ------------------------------------------------------------------------

  function panelContent(tab) {
    if (tab === 'overview') return overview();
    if (tab === 'assignments') return assignTab.panel();
    return html`
      ${tab === 'exclusions' ? html`<p class="panel-intro">${kind === 'customer' ? t('policy.exclusions.introCustomer', { company: customer.company })
        : t('policy.exclusions.intro')}</p>` : ''}
      <div data-ref="form" class="panel-form"></div>`;
  }

  function drawPanel(focusTab = false) {
    const p = root.querySelector('#policy-panel');
    markTab(root, 'policy', current, focusTab);
    render(p, panelContent(current));
    form = null;
    if (current === 'settings' || current === 'exclusions') {
      form = settingsForm(p.querySelector('[data-ref="form"]'), {
        schema, model, part: current, readOnly: !admin, canLock: admin && kind === 'global', idPrefix: 'pe',
        labels: kind === 'customer' ? {
          inheritedCaption: t('policy.list.fromPolicyNamed', { name: policy.name }),
          ownCaption: t('policy.list.ownNamed', { company: customer.company }),
        } : {},
        onChange: () => { saveProblem = ''; drawSaveBar(); },
      });
      form.draw();
    }
    wirePanel(p);
  }

  function select(tab, focus) {
    current = tab;
    drawPanel(focus);
    const url = new URL(location.href);
    if (tab === 'overview') url.searchParams.delete('tab'); else url.searchParams.set('tab', tab);
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    if (tab === 'assignments' && !assignTab.loaded) assignTab.load();
  }

  function wirePanel(p) {
    const details = p.querySelector('[data-ref="details"]');
    if (details) wireDetails(details);
    p.querySelector('[data-ref="makeDefault"]')?.addEventListener('click', onMakeDefault);
    p.querySelector('[data-ref="delete"]')?.addEventListener('click', onDelete);
    p.querySelector('[data-ref="resetAll"]')?.addEventListener('click', onResetAll);
    if (current === 'assignments') assignTab.wire(p);
  }

  // ---- details (name, description) ------------------------------------------------------

  function wireDetails(f) {
    const save = f.querySelector('[data-ref="detailsSave"]');
    if (!save) return;
    const changed = () => f.elements.name.value.trim() !== policy.name || f.elements.description.value.trim() !== (policy.description || '');
    f.addEventListener('input', (e) => {
      if (e.target.name) setFieldError(f, e.target.name, '');
      save.disabled = !changed();
    });
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(f);
      const name = f.elements.name.value;
      const description = f.elements.description.value;
      const errors = {};
      const nm = check(name, validators.required, (v) => validators.text(v, NAME_MAX));
      if (nm) errors.name = nm;
      const dm = description.trim() ? validators.text(description, DESCRIPTION_MAX) : '';
      if (dm) errors.description = dm;
      if (Object.keys(errors).length) { showErrors(f, errors); return; }
      const body = {};
      if (name.trim() !== policy.name) body.name = name.trim();
      if (description.trim() !== (policy.description || '')) body.description = description.trim();
      if (!Object.keys(body).length) return;
      save.disabled = true;
      render(save, html`<span class="spinner spinner-light"></span><span>${t('common.saving')}</span>`);
      try {
        policy = kind === 'global' ? await api.policies.update(account.id, policy.id, body)
          : { ...policy, ...(await api.customerPolicies.update(account.id, customer.id, policy.id, body)) };
        toast(t('policy.saved.details', { name: policy.name }), { kind: 'success' });
        const h1 = document.querySelector('.page-title');
        if (h1) h1.textContent = policy.name;
        const crumb = document.querySelector('.breadcrumbs [aria-current="page"]');
        if (crumb) crumb.textContent = policy.name;
        const desc = document.querySelector('.page-description');
        if (desc) desc.textContent = policy.description || '';
        document.title = [policy.name, account.name, 'Steward'].join(' · ');
        drawMeta();
        render(save, html`<span>${t('common.save')}</span>`);
        save.disabled = true;
      } catch (ex) {
        render(save, html`<span>${t('common.save')}</span>`);
        save.disabled = false;
        if (ex.status === 401) return;
        const fields = { ...(ex.fields || {}) };
        if (ex.code === 'policy_name_taken' && !fields.name) fields.name = ex.message;
        if (!showErrors(f, fields)) toast(ex.message, { kind: 'error' });
      }
    });
  }

  // ---- saving settings ------------------------------------------------------------------

  function drawSaveBar() {
    const bar = root?.querySelector('[data-ref="savebar"]');
    if (!bar) return;
    const n = model.changeCount();
    // Screen readers hear the count and any problem from a status that stays in the page.
    const status = root.querySelector('[data-ref="saveStatus"]');
    const said = n ? [plural('policy.savebar.text', n, { n: formatNumber(n) }), saveProblem].filter(Boolean).join('. ') : '';
    if (status && status.textContent !== said) status.textContent = said;
    bar.hidden = !n;
    if (!n) return;
    render(bar, html`
      <div class="savebar-inner">
        <p class="savebar-text">${icon(saveProblem ? 'error' : 'info', saveProblem ? 'savebar-icon savebar-icon-error' : 'savebar-icon')}<span>${plural('policy.savebar.text', n, { n: formatNumber(n) })}</span>
          ${saveProblem ? html`<span class="savebar-problem">${saveProblem}</span>`
            : html`<span class="muted small">${kind === 'customer' ? t('policy.savebar.customerHint', { company: customer.company })
              : model.newLocks().length ? t('policy.savebar.lockHint') : t('policy.savebar.hint')}</span>`}</p>
        <div class="savebar-actions">
          <button type="button" class="btn btn-secondary" data-ref="discard" ?disabled=${saving}>${t('policy.savebar.discard')}</button>
          <button type="button" class="btn btn-primary" data-ref="save" ?disabled=${saving}>${saving ? html`<span class="spinner spinner-light"></span><span>${t('common.saving')}</span>` : html`<span>${t('common.save')}</span>`}</button>
        </div>
      </div>`);
    bar.querySelector('[data-ref="discard"]').addEventListener('click', onDiscard);
    bar.querySelector('[data-ref="save"]').addEventListener('click', onSave);
  }

  async function onDiscard() {
    const ok = await confirmDialog({
      title: t('policy.discard.title'), message: plural('policy.leave.text', model.changeCount(), { n: formatNumber(model.changeCount()) }),
      confirm: t('policy.savebar.discard'), cancel: t('create.discard.keep'), danger: true,
    });
    if (!ok) return;
    model.discard();
    saveProblem = '';
    drawPanel();
    drawSaveBar();
  }

  function showFirstError() {
    const first = [...model.errors.keys()][0];
    if (!first) return;
    const path = first.replace(/\[\d+\]$/, '');
    const tab = partOf(model, schema, path);
    if (tab !== current) select(tab, false); else form?.draw();
    form?.focusFirstError();
  }

  async function onSave() {
    if (saving || !model.changeCount()) return;
    if (form) form.validate();
    if (model.hasDrafts() || [...model.errors.keys()].some((k) => model.pending.has(k.replace(/\[\d+\]$/, '')))) {
      saveProblem = t('policy.savebar.fix');
      drawSaveBar();
      showFirstError();
      return;
    }
    saveProblem = '';
    model.errors.clear();
    saving = true;
    drawSaveBar();
    const n = model.changeCount();
    try {
      if (kind === 'customer') {
        await api.customerPolicies.putOverrides(account.id, customer.id, policy.id, model.overrides(policy.customer?.overrides));
        policy = await api.customerPolicies.get(account.id, customer.id, policy.id);
      } else if (kind === 'global') {
        // Values and locks in one request: both are saved, or neither is.
        const body = { settings: model.patch() };
        if (model.lockList()) body.locked = model.lockList();
        policy = await api.policies.update(account.id, policy.id, body);
      } else {
        policy = await api.customerPolicies.update(account.id, customer.id, policy.id, { settings: model.patch() });
        if (!policy.customer) policy = await api.customerPolicies.get(account.id, customer.id, policy.id);
      }
      saving = false;
      model = buildModel();
      drawPanel();
      drawSaveBar();
      drawMeta();
      toast(kind === 'customer' ? plural('policy.saved.overrides', n, { n: formatNumber(n), company: customer.company })
        : plural('policy.saved.settings', n, { n: formatNumber(n), revision: policy.revision }), { kind: 'success' });
    } catch (e) {
      saving = false;
      drawSaveBar();
      if (e.status === 401) return;
      if (e.status === 422 && e.fields) {
        const other = model.takeErrors(e.fields, schema);
        saveProblem = other.length ? other.join(' ') : t('policy.savebar.fixServer');
        drawSaveBar();
        if (model.errors.size) showFirstError();
        return;
      }
      saveProblem = e.message;
      drawSaveBar();
    }
  }

  // ---- actions ---------------------------------------------------------------------------------

  async function refreshPolicy() {
    policy = kind === 'global' ? await api.policies.get(account.id, policy.id) : await api.customerPolicies.get(account.id, customer.id, policy.id);
    const before = model;
    model = buildModel();
    model.carry(before);
    drawMeta();
  }

  async function onMakeDefault() {
    try {
      await api.customerPolicies.makeDefault(account.id, customer.id, policy.platform, policy.id);
      toast(t('policy.makeDefault.done', { name: policy.name, company: customer.company, platform }), { kind: 'success' });
      await refreshPolicy();
      drawPanel();
    } catch (e) {
      if (e.status !== 401) toast(e.message, { kind: 'error' });
    }
  }

  async function onResetAll() {
    const ok = await confirmDialog({
      title: t('policy.resetAll.title'), message: t('policy.resetAll.text', { company: customer.company, name: policy.name }),
      confirm: t('policy.overview.resetAll'), danger: true,
    });
    if (!ok) return;
    try {
      await api.customerPolicies.putOverrides(account.id, customer.id, policy.id, {});
      model.discard();
      await refreshPolicy();
      drawPanel();
      drawSaveBar();
      toast(t('policy.resetAll.done', { company: customer.company }), { kind: 'success' });
    } catch (e) {
      if (e.status !== 401) toast(e.message, { kind: 'error' });
    }
  }

  async function onDelete() {
    let done;
    if (kind === 'global') done = await deleteGlobalPolicyFlow({ account, policy });
    else {
      let policies = [];
      try { policies = (await api.customerPolicies.listAll(account.id, customer.id)).items; } catch (e) { if (e.status !== 401) toast(e.message, { kind: 'error' }); return; }
      done = await deleteLocalPolicyFlow({ account, customer, policy: { ...policy, default: !!policy.customer?.default }, policies });
    }
    if (!done) return;
    model.discard();
    navigate(kind === 'global' ? pagePath(account.id, 'policies') : policiesHome(account, customer), { force: true });
  }

  function onDuplicate() {
    openCreatePolicy({ account, copyFrom: { ...policy, customer_id: null }, onCreated: (p) => navigate(policyPath(account.id, p.id)) });
  }

  // ---- the page ---------------------------------------------------------------------------------

  const crumbs = kind === 'global'
    ? [accountCrumb(account), { label: t('nav.policies'), href: pagePath(account.id, 'policies') }, { label: policy.name }]
    : [...policyCrumbs(account, customer), { label: policy.name }];

  const actions = [];
  if (kind === 'global' && admin) {
    actions.push(html`<button type="button" class="btn btn-secondary" data-ref="duplicate">${icon('copy')}<span>${t('policy.duplicate')}</span></button>`);
    actions.push(html`<button type="button" class="btn btn-primary" data-ref="assignTop">${icon('plus')}<span>${t('policy.assign.button')}</span></button>`);
  }
  if (kind !== 'global') {
    if (kind === 'customer' && whole) actions.push(html`<a class="btn btn-secondary" href="${policyPath(account.id, policy.id)}">${icon('globe')}<span>${t('policy.openGlobal')}</span></a>`);
    actions.push(html`<a class="btn btn-secondary" href="${effectivePath(account.id, customer.id, policy.platform)}">${icon('layers')}<span>${t('effective.open')}</span></a>`);
  }

  const tabs = TABS.map((key) => ({
    key, label: t('policy.tab.' + key), icon: { overview: 'info', settings: 'settings', exclusions: 'eyeOff', assignments: 'customers' }[key],
    count: key === 'assignments' ? policy.assigned_customers ?? 0 : undefined,
  }));

  return {
    title: policy.name,
    description: kind === 'customer' ? t('policy.customerView.description', { company: customer.company }) : policy.description || '',
    breadcrumbs: crumbs,
    actions: actions.length ? html`${actions}` : '',
    body: html`
      <div class="meta-strip" data-ref="meta">${metaStrip()}</div>
      ${kind === 'customer' ? html`<div class="callout callout-info">
        ${icon('globe', 'callout-icon')}
        <div class="callout-body">
          <p class="callout-title">${t('policy.customerView.title')}</p>
          <p>${t('policy.customerView.text', { company: customer.company })}</p>
        </div>
      </div>` : ''}
      ${!admin ? html`<p class="view-only-note" role="status">${icon('eye', 'hint-icon')}<span>${kind === 'global' && ctx.isAdmin ? t('policy.viewOnly.scope') : t('policy.viewOnly')}</span></p>` : ''}
      <section class="policy-tabs-wrap">
        ${tabList({ id: 'policy', label: t('policy.tabs'), tabs, current })}
        <div id="policy-panel" class="policy-panel" role="tabpanel" tabindex="-1" aria-labelledby="${'policy-tab-' + current}"></div>
      </section>
      <div class="savebar" data-ref="savebar" role="region" aria-label="${t('policy.savebar.label')}" hidden></div>
      <p class="visually-hidden" role="status" data-ref="saveStatus"></p>`,
    mounted(el) {
      root = el;
      drawPanel();
      wireTabs(el, { id: 'policy', keys: TABS, current: () => current, select });
      el.querySelector('[data-ref="duplicate"]')?.addEventListener('click', onDuplicate);
      el.querySelector('[data-ref="assignTop"]')?.addEventListener('click', () => assignTab.assign());
      if (current === 'assignments') assignTab.load();
      // The router drops the guard once the user has left the page.
      setLeaveGuard(leave);
    },
  };
}

/*
 * device.js - one device (/a/{id}/devices/{device_id}).
 *
 * The header names the host (breadcrumbs to the account, Devices and its
 * customer) with, for admins, Scan now and Update policy (commands the
 * agent picks up at its next check-in) and Remove device (after a
 * confirmation saying the agent will be told to uninstall itself). A status
 * strip gives the status with its reasons (protection off, definitions N
 * days old, N unresolved threats, not seen since ...) and when it was last
 * seen. Tabs: Threats (every threat reported, what was done, when),
 * Effective policy (every setting with the layer it comes from: template,
 * policy, customer, site or device) and Overrides (the device's own changes
 * to unlocked settings and its own exclusions, saved together). The side
 * column has its facts and, for admins, where it belongs: its site and its
 * policy ("Customer default" follows the customer's default policy for its
 * platform). Viewers see all of it with nothing to change.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card, accountCrumb } from '../components/ui.js';
import { table } from '../components/table.js';
import { confirmDialog } from '../components/dialog.js';
import { banner } from '../components/form.js';
import { icon } from '../components/icons.js';
import { toast } from '../components/toast.js';
import { tabList, markTab, wireTabs } from '../components/tabs.js';
import { settingsForm } from '../components/settings-form.js';
import { settingsModel } from '../components/settings-model.js';
import { t, plural, formatNumber, formatDateTime } from '../i18n.js';
import { pagePath, customerPath, customerPolicyPath, devicesPath } from '../paths.js';
import { navigate, setLeaveGuard } from '../router.js';
import { platformLabel } from '../customers.js';
import { policySchema, getAt } from '../policies.js';
import { statusBadge, relativeTime, reasons, actionBadge, protectionCell } from '../devices.js';
import { effectiveSections, originLegend, DEVICE_LAYERS } from './effective-policy.js';
import notFound from './not-found.js';
import { isMultiTenant } from '../companies.js';

const TABS = ['threats', 'effective', 'overrides'];

export default async function devicePage(ctx) {
  const { account, isAdmin, deviceId } = ctx;
  let d;
  try {
    d = await api.devices.get(account.id, deviceId);
  } catch (e) {
    if (e.status === 404) return notFound(ctx);
    throw e;
  }
  // A company console's device belongs to the console itself: its sites
  // are the console's (a single-tenant one has none), and it has no
  // customer to show.
  const company = account.kind === 'company';
  const withSites = !company || isMultiTenant(account);
  // A role limited to chosen sites of a company moves devices between its
  // sites only: the server refuses "No site" from it.
  const offerNoSite = !(company && !ctx.wholeAccount) || !d.site_id;
  const [meta, sites, policies] = await Promise.all([
    policySchema(),
    withSites ? api.sites.listAll(account.id, company ? null : d.customer_id).then((r) => r.items, () => []) : [],
    api.customerPolicies.listAll(account.id, d.customer_id).then((r) => r.items, () => []),
  ]);
  const schema = meta.schema;
  const additive = new Set(meta.additive || []);
  const wanted = ctx.query.get('tab');
  let current = TABS.includes(wanted) ? wanted : 'threats';
  let root = null;
  // The settings: loaded with the first look at the Effective policy or Overrides tab.
  let eff = null;      // the device's effective policy
  let below = null;    // its customer's effective settings of the same policy (what overrides change)
  let own = null;      // { settings, revision }: the device's overrides
  let settingsFailed = '';
  let model = null;
  let form = null;
  let saving = false;
  let saveProblem = '';
  let busy = '';

  const ownPolicies = () => policies.filter((p) => p.platform === d.platform);

  // ---- settings ----------------------------------------------------------------

  async function loadSettings() {
    try {
      eff = await api.devices.effective(account.id, d.id);
      [below, own] = await Promise.all([
        eff.policy_id ? api.customerPolicies.effective(account.id, d.customer_id, d.platform, eff.policy_id)
          : api.customerPolicies.effective(account.id, d.customer_id, d.platform),
        api.devices.overrides(account.id, d.id),
      ]);
      settingsFailed = '';
      model = buildModel();
    } catch (e) {
      if (e.status === 401) return;
      settingsFailed = e.message;
    }
  }

  function buildModel() {
    // The editor's "customer" mode edits the top layer over the ones below it:
    // here the device's, over the policy, the customer's and the site's.
    const origin = {};
    for (const [k, v] of Object.entries(eff.origin || {})) origin[k] = v === 'device' ? 'customer' : 'below';
    const contributions = eff.contributions || {};
    return settingsModel({
      mode: 'customer', values: eff.settings, origin, locked: eff.locked || [], additive: meta.additive,
      resetValue: (p) => getAt(below.settings, p),
      own: (p) => getAt(own.settings || {}, p) || [],
      inherited: (p) => DEVICE_LAYERS.filter((x) => x !== 'device').flatMap((x) => (contributions[p] || {})[x] || []),
    });
  }

  const dirty = () => !!model && model.changeCount() > 0;
  const leave = async () => !dirty() || confirmDialog({
    title: t('policy.leave.title'), message: plural('policy.leave.text', model.changeCount(), { n: formatNumber(model.changeCount()) }),
    confirm: t('policy.leave.confirm'), cancel: t('create.discard.keep'), danger: true,
  });
  leave.dirty = dirty;

  // ---- pieces --------------------------------------------------------------------

  function statusStrip() {
    const why = reasons(d);
    return html`
      <section class="${'device-status-strip status-' + d.status}" aria-labelledby="device-status-title">
        <div class="device-status-main">
          <h2 class="visually-hidden" id="device-status-title">${t('device.statusTitle')}</h2>
          ${statusBadge(d.status)}
          ${why.length ? html`<ul class="device-reasons">${why.map((r) => html`<li>${r}</li>`)}</ul>`
            : html`<p class="device-reasons-ok">${t('device.reason.none')}</p>`}
        </div>
        <p class="device-seen"><span class="muted">${t('device.lastSeen')}</span> ${relativeTime(d.last_seen)}</p>
      </section>`;
  }

  function factsCard() {
    const dash = html`<span class="muted">—</span>`;
    const row = (label, value) => html`<div><dt>${label}</dt><dd>${value || value === 0 ? value : dash}</dd></div>`;
    const ips = Array.isArray(d.ip_addresses) && d.ip_addresses.length
      ? html`<ul class="ip-list">${d.ip_addresses.map((ip) => html`<li><code>${ip}</code></li>`)}</ul>` : '';
    const when = (v) => (v ? html`<time datetime="${v}">${formatDateTime(v)}</time>` : '');
    return card({
      title: t('device.facts'),
      className: 'details-card device-facts',
      body: html`
        <dl class="details details-stacked">
          ${row(t('device.fact.hostname'), d.hostname)}
          ${row(t('table.platform'), platformLabel(d.platform))}
          ${row(t('device.fact.os'), d.os)}
          ${row(t('device.fact.kernel'), d.kernel)}
          ${row(t('device.fact.agent'), d.agent_version)}
          ${row(t('device.fact.ip'), ips)}
          ${row(t('device.fact.protection'), protectionCell(d.protection))}
          ${row(t('device.fact.definitions'), when(d.definitions_updated_at))}
          ${row(t('device.fact.booted'), when(d.booted_at))}
          ${row(t('device.fact.enrolled'), when(d.enrolled_at))}
          ${row(t('device.lastSeen'), when(d.last_seen))}
          ${row(t('device.fact.hardware'), d.hardware_id ? html`<code class="break-code">${d.hardware_id}</code>` : '')}
        </dl>`,
    });
  }

  function policyName(id) {
    return policies.find((p) => p.id === id)?.name;
  }

  // A company console's devices have no customer layer (overrides of a
  // partner's global policy).
  const layers = company ? DEVICE_LAYERS.filter((x) => x !== 'customer') : DEVICE_LAYERS;
  // "Customer default" is "Company default" in a company console.
  const dk = (key) => (company ? 'company.' + key : key);

  function customerRow() {
    if (company) return '';
    return html`<div><dt>${t('table.customer')}</dt><dd><a href="${customerPath(account.id, d.customer_id)}">${d.customer_name}</a></dd></div>`;
  }

  function placeCard() {
    const siteName = d.site_name || t('device.noSite');
    const assigned = d.policy_id ? policyName(d.policy_id) || d.policy_id : t(dk('device.policy.default'));
    const pending = Array.isArray(d.commands_pending) && d.commands_pending.length ? html`
      <div class="device-pending">
        <p class="field-label">${t('device.pending')}</p>
        <ul class="device-pending-list">${d.commands_pending.map((c) => html`<li>${t('device.command.' + c.type)} <span class="muted small">${relativeTime(c.created_at)}</span></li>`)}</ul>
        <p class="muted small">${t('device.pending.hint')}</p>
      </div>` : '';
    if (!isAdmin) {
      return card({
        title: t('device.place'),
        body: html`
          <dl class="details details-stacked">
            ${customerRow()}
            ${withSites ? html`<div><dt>${t('table.site')}</dt><dd data-ref="siteValue">${siteName}</dd></div>` : ''}
            <div><dt>${t('device.policy.assigned')}</dt><dd data-ref="policyValue">${assigned}</dd></div>
          </dl>
          ${pending}
          <p class="muted small view-only">${icon('lock', 'hint-icon')}<span>${t('device.viewOnly')}</span></p>`,
      });
    }
    const defaultPolicy = policies.find((p) => p.platform === d.platform && p.default);
    return card({
      title: t('device.place'),
      body: html`
        <form class="device-place" data-ref="placeForm" novalidate>
          ${company ? '' : html`<dl class="details details-stacked">${customerRow()}</dl>`}
          ${withSites ? html`<div class="field">
            <label class="field-label" for="device-site">${t('table.site')}</label>
            <select class="input select" id="device-site" name="site_id">
              ${offerNoSite ? html`<option value="" ?selected=${!d.site_id}>${t('device.noSite')}</option>` : ''}
              ${sites.map((s) => html`<option value="${s.id}" ?selected=${s.id === d.site_id}>${s.name}</option>`)}
            </select>
            <p class="field-hint">${t('device.site.hint')}</p>
          </div>` : ''}
          <div class="field">
            <label class="field-label" for="device-policy">${t('device.policy.assigned')}</label>
            <select class="input select" id="device-policy" name="policy_id">
              <option value="" ?selected=${!d.policy_id}>${defaultPolicy ? t(dk('device.policy.defaultNamed'), { name: defaultPolicy.name }) : t(dk('device.policy.default'))}</option>
              ${ownPolicies().map((p) => html`<option value="${p.id}" ?selected=${p.id === d.policy_id}>${p.name}</option>`)}
            </select>
            <p class="field-hint">${t(dk('device.policy.hint'), { platform: platformLabel(d.platform) })}</p>
            <p class="field-error" id="device-policy-error" hidden></p>
          </div>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary btn-sm" data-ref="placeSave" disabled>${t('common.save')}</button>
          </div>
        </form>
        ${pending}`,
    });
  }

  function threatsPanel() {
    const threats = d.threats || [];
    if (!threats.length) {
      return html`<div class="empty empty-compact"><div class="empty-icon">${icon('success')}</div>
        <h3 class="empty-title">${t('device.threats.none.title')}</h3><p class="empty-text">${t('device.threats.none.text')}</p></div>`;
    }
    return table({
      caption: t('device.threats.caption', { host: d.hostname }),
      rows: threats,
      key: (x) => x.id,
      className: 'threats-table',
      columns: [
        { header: t('device.threat.name'), rowHeader: true, cell: (x) => html`<span class="cell-text">${x.name}</span>` },
        { header: t('device.threat.path'), cell: (x) => html`<code class="break-code">${x.path}</code>` },
        { header: t('device.threat.action'), cellClass: 'cell-nowrap', cell: (x) => actionBadge(x.action) },
        { header: t('device.threat.detected'), cellClass: 'cell-nowrap', cell: (x) => html`<time datetime="${x.detected_at}" title="${formatDateTime(x.detected_at)}">${formatDateTime(x.detected_at)}</time>` },
      ],
    });
  }

  function effectivePanel() {
    if (settingsFailed) return html`<div class="card-pad">${banner('error', settingsFailed)}</div>`;
    if (!eff) return html`<div class="page-loading" role="status"><span class="spinner"></span><span>${t('common.loading')}</span></div>`;
    const policyLink = eff.policy_id
      ? html`<a class="source-value" href="${customerPolicyPath(account.id, d.customer_id, eff.policy_id)}">${eff.policy_name}</a>`
      : html`<span class="source-value">${t('device.effective.template', { platform: platformLabel(d.platform) })}</span>`;
    return html`
      <div class="card-pad device-effective">
        <div class="source-strip">
          <div class="source-item"><span class="source-label">${t('effective.source.policy')}</span>${policyLink}
            <span class="muted small">${d.policy_id ? t('device.effective.assigned') : t(dk('device.effective.followsDefault'))}</span></div>
          <div class="source-item"><span class="source-label">${t('device.effective.version')}</span><code class="source-value">${eff.version}</code></div>
        </div>
        ${originLegend(layers)}
      </div>
      <div class="device-effective-sections">${effectiveSections({ data: eff, schema, additive, layers })}</div>`;
  }

  function overridesPanel() {
    if (settingsFailed) return html`<div class="card-pad">${banner('error', settingsFailed)}</div>`;
    if (!model) return html`<div class="page-loading" role="status"><span class="spinner"></span><span>${t('common.loading')}</span></div>`;
    return html`
      <p class="panel-intro">${t(isAdmin ? 'device.overrides.intro' : 'device.overrides.introViewer', { host: d.hostname })}</p>
      <div data-ref="form" class="panel-form"></div>`;
  }

  function panel(tab) {
    if (tab === 'threats') return threatsPanel();
    if (tab === 'effective') return effectivePanel();
    return overridesPanel();
  }

  function drawPanel(focusTab = false) {
    const p = root.querySelector('#device-panel');
    markTab(root, 'device', current, focusTab);
    render(p, panel(current));
    form = null;
    if (current === 'overrides' && model) {
      form = settingsForm(p.querySelector('[data-ref="form"]'), {
        schema, model, part: 'all', readOnly: !isAdmin, idPrefix: 'dv',
        labels: {
          inheritedCaption: t('device.overrides.inherited'), ownCaption: t('device.overrides.own', { host: d.hostname }),
          resetLabel: t('device.overrides.reset'), inInherited: t('device.overrides.inInherited'),
        },
        onChange: () => { saveProblem = ''; drawSaveBar(); },
      });
      form.draw();
    }
  }

  async function select(tab, focus) {
    current = tab;
    const url = new URL(location.href);
    if (tab === 'threats') url.searchParams.delete('tab'); else url.searchParams.set('tab', tab);
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    drawPanel(focus);
    if (tab !== 'threats' && !eff && !settingsFailed) {
      await loadSettings();
      if (current === tab && root.isConnected) drawPanel();
    }
  }

  // ---- saving overrides ----------------------------------------------------------

  function drawSaveBar() {
    const bar = root?.querySelector('[data-ref="savebar"]');
    if (!bar || !model) return;
    const n = model.changeCount();
    const status = root.querySelector('[data-ref="saveStatus"]');
    const said = n ? [plural('policy.savebar.text', n, { n: formatNumber(n) }), saveProblem].filter(Boolean).join('. ') : '';
    if (status && status.textContent !== said) status.textContent = said;
    bar.hidden = !n;
    if (!n) return;
    render(bar, html`
      <div class="savebar-inner">
        <p class="savebar-text">${icon(saveProblem ? 'error' : 'info', saveProblem ? 'savebar-icon savebar-icon-error' : 'savebar-icon')}<span>${plural('policy.savebar.text', n, { n: formatNumber(n) })}</span>
          ${saveProblem ? html`<span class="savebar-problem">${saveProblem}</span>` : html`<span class="muted small">${t('device.overrides.saveHint', { host: d.hostname })}</span>`}</p>
        <div class="savebar-actions">
          <button type="button" class="btn btn-secondary" data-ref="discard" ?disabled=${saving}>${t('policy.savebar.discard')}</button>
          <button type="button" class="btn btn-primary" data-ref="save" ?disabled=${saving}>${saving ? html`<span class="spinner spinner-light"></span><span>${t('common.saving')}</span>` : html`<span>${t('common.save')}</span>`}</button>
        </div>
      </div>`);
    bar.querySelector('[data-ref="discard"]').addEventListener('click', () => { model.discard(); saveProblem = ''; drawPanel(); drawSaveBar(); });
    bar.querySelector('[data-ref="save"]').addEventListener('click', onSave);
  }

  async function onSave() {
    if (saving || !model.changeCount()) return;
    form?.validate();
    if (model.hasDrafts() || [...model.errors.keys()].some((k) => model.pending.has(k.replace(/\[\d+\]$/, '')))) {
      saveProblem = t('policy.savebar.fix');
      drawSaveBar();
      form?.focusFirstError();
      return;
    }
    saveProblem = '';
    model.errors.clear();
    saving = true;
    drawSaveBar();
    const n = model.changeCount();
    try {
      await api.devices.putOverrides(account.id, d.id, model.overrides(own.settings));
      saving = false;
      await loadSettings();
      drawPanel();
      drawSaveBar();
      toast(plural('device.overrides.saved', n, { n: formatNumber(n), host: d.hostname }), { kind: 'success' });
    } catch (e) {
      saving = false;
      if (e.status === 401) return;
      if (e.status === 422 && e.fields) {
        const other = model.takeErrors(e.fields, schema);
        saveProblem = other.length ? other.join(' ') : t('policy.savebar.fixServer');
        drawSaveBar();
        form?.draw();
        form?.focusFirstError();
        return;
      }
      saveProblem = e.message;
      drawSaveBar();
    }
  }

  // ---- actions -------------------------------------------------------------------------

  async function command(type, button) {
    if (busy) return;
    busy = type;
    button.disabled = true;
    try {
      const r = await api.devices.command(account.id, d.id, type);
      d.commands_pending = r.commands_pending || d.commands_pending;
      toast(t('device.command.sent.' + type, { host: d.hostname }), { kind: 'success' });
      redrawPlace();
    } catch (e) {
      if (e.status !== 401) toast(e.message, { kind: 'error' });
    } finally {
      busy = '';
      button.disabled = false;
    }
  }

  async function removeDevice() {
    const ok = await confirmDialog({
      title: t('device.remove.title', { host: d.hostname }),
      message: t('device.remove.text', { host: d.hostname, company: d.customer_name }),
      confirm: t('device.remove.confirm'), danger: true,
    });
    if (!ok) return;
    try {
      await api.devices.remove(account.id, d.id);
      toast(t('device.removed', { host: d.hostname }), { kind: 'success' });
      navigate(devicesPath(account.id, company ? null : { customer_id: d.customer_id }), { force: true });
    } catch (e) {
      if (e.status !== 401) toast(e.message, { kind: 'error' });
    }
  }

  function redrawPlace() {
    const host = root?.querySelector('[data-ref="place"]');
    if (!host) return;
    render(host, placeCard());
    wirePlace();
  }

  function wirePlace() {
    const f = root.querySelector('[data-ref="placeForm"]');
    if (!f) return;
    const save = f.querySelector('[data-ref="placeSave"]');
    const changes = () => {
      const out = {};
      const site = f.elements.site_id ? f.elements.site_id.value || null : d.site_id || null;
      const pol = f.elements.policy_id.value || null;
      if (site !== (d.site_id || null)) out.site_id = site;
      if (pol !== (d.policy_id || null)) out.policy_id = pol;
      return out;
    };
    f.addEventListener('change', () => { save.disabled = !Object.keys(changes()).length; });
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      const body = changes();
      if (!Object.keys(body).length) return;
      save.disabled = true;
      try {
        const updated = await api.devices.update(account.id, d.id, body);
        d = { ...d, ...updated };
        toast(t('device.place.saved', { host: d.hostname }), { kind: 'success' });
        // The settings follow the new site and policy.
        eff = null; below = null; own = null; model = null;
        redrawPlace();
        root.querySelector('#device-site')?.focus();
        const desc = root.querySelector('.page-description');
        if (desc) desc.textContent = description();
        if (current !== 'threats') { drawPanel(); await loadSettings(); drawPanel(); }
      } catch (ex) {
        save.disabled = false;
        if (ex.status === 401) return;
        const msg = ex.fields?.policy_id || ex.fields?.site_id || ex.message;
        toast(msg, { kind: 'error' });
      }
    });
  }

  const description = () => [d.customer_name, withSites ? d.site_name || t('device.noSite') : '', platformLabel(d.platform)].filter(Boolean).join(' · ');

  const actions = isAdmin ? html`
    <button type="button" class="btn btn-secondary" data-ref="scan">${icon('search')}<span>${t('device.scan')}</span></button>
    <button type="button" class="btn btn-secondary" data-ref="update">${icon('policies')}<span>${t('device.updatePolicy')}</span></button>
    <button type="button" class="btn btn-danger-outline" data-ref="remove">${icon('trash')}<span>${t('device.remove')}</span></button>` : '';

  if (current !== 'threats') await loadSettings();

  return {
    title: d.hostname,
    description: description(),
    breadcrumbs: [accountCrumb(account), { label: t('nav.devices'), href: pagePath(account.id, 'devices') }, { label: d.hostname }],
    actions,
    body: html`
      ${statusStrip()}
      <div class="record-layout">
        <div class="record-main">
          <section class="card">
            ${tabList({
              id: 'device', label: t('device.tabs'), current,
              tabs: [
                { key: 'threats', label: t('device.tab.threats'), icon: 'alerts', count: (d.threats || []).length },
                { key: 'effective', label: t('device.tab.effective'), icon: 'layers' },
                { key: 'overrides', label: t('device.tab.overrides'), icon: 'edit' },
              ],
            })}
            <div id="device-panel" role="tabpanel" tabindex="0" aria-labelledby="${'device-tab-' + current}">${panel(current)}</div>
          </section>
          <p class="visually-hidden" role="status" data-ref="saveStatus"></p>
          <div class="savebar" data-ref="savebar" hidden></div>
        </div>
        <aside class="record-aside" aria-label="${t('device.facts')}">
          <div data-ref="place">${placeCard()}</div>
          ${factsCard()}
        </aside>
      </div>`,
    mounted(el) {
      root = el;
      wireTabs(el, { id: 'device', keys: TABS, current: () => current, select });
      drawPanel();
      wirePlace();
      el.querySelector('[data-ref="scan"]')?.addEventListener('click', (e) => command('scan_now', e.currentTarget));
      el.querySelector('[data-ref="update"]')?.addEventListener('click', (e) => command('update_policy', e.currentTarget));
      el.querySelector('[data-ref="remove"]')?.addEventListener('click', removeDevice);
      setLeaveGuard(leave);
    },
  };
}

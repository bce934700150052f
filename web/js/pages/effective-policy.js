/*
 * effective-policy.js - what a customer's devices of one platform get
 * (/a/{id}/customers/{cid}/effective-policy?platform=workstation|server).
 *
 * The layers - template, then the policy (the customer's default for the
 * platform), then the customer's overrides - are computed by the server; the
 * page shows every setting with its value, a badge of the layer it comes
 * from and whether the policy locks it, and for the exclusion lists which
 * entries each layer contributed. The policy it comes from is named and
 * linked. Without a default for the platform, the template applies.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card } from '../components/ui.js';
import { icon } from '../components/icons.js';
import { banner } from '../components/form.js';
import { cellLabel } from '../components/table.js';
import { t, formatNumber } from '../i18n.js';
import { customerPolicyPath } from '../paths.js';
import { policyOwner, policyCrumbs } from '../companies.js';
import notFound from './not-found.js';
import { platformLabel, PLATFORMS } from '../customers.js';
import {
  policySchema, members, leaves, leafKind, settingTitle, settingDescription, formatValue, getAt, lockedBy, valueLabel,
} from '../policies.js';

const BASE_LAYERS = ['template', 'policy', 'customer'];
/** A device's layers: its customer's, then its site's and its own. */
export const DEVICE_LAYERS = ['template', 'policy', 'customer', 'site', 'device'];

export function originBadge(layer) {
  return html`<span class="${'badge origin-badge origin-' + layer}">${t('policy.origin.' + layer)}</span>`;
}

/**
 * The effective settings of data (an effective-policy answer) as one card
 * per section: every setting with its value, the layer it comes from (of
 * layers, bottom first) and its lock; exclusion lists entry by entry, each
 * with its layer. Shared with the device page.
 */
export function effectiveSections({ data, schema, additive, layers = null }) {
  const LAYERS = layers || BASE_LAYERS;
  function valueCell(l) {
    const v = getAt(data.settings, l.path);
    const kind = leafKind(l.schema);
    if (kind === 'boolean') {
      return html`<span class="${v ? 'value-on' : 'value-off'}">${statusDotFor(v)}${formatValue(l.schema, v)}</span>`;
    }
    if (kind === 'multi') {
      return v && v.length ? html`<span class="value-chips">${v.map((x) => html`<span class="badge">${valueLabel(x)}</span>`)}</span>` : html`<span class="muted">${t('policy.noneChosen')}</span>`;
    }
    return html`<span class="value-text">${formatValue(l.schema, v)}</span>`;
  }

  function statusDotFor(v) {
    return html`<span class="${v ? 'dot dot-ok' : 'dot dot-muted'}" aria-hidden="true"></span>`;
  }

  function listRows(l) {
    const contrib = (data.contributions || {})[l.path] || {};
    const entries = [];
    for (const layer of LAYERS) for (const e of contrib[layer] || []) entries.push({ e, layer });
    if (!entries.length) return html`<p class="muted small effective-none">${t('policy.noEntries')}</p>`;
    return html`<ul class="effective-list">
      ${entries.map((x) => html`<li class="effective-entry"><code class="list-text">${x.e}</code>${originBadge(x.layer)}</li>`)}
    </ul>`;
  }

  function leafRow(l) {
    const lock = lockedBy(data.locked, l.path);
    const layer = (data.origin || {})[l.path] || 'template';
    const list = additive.has(l.path) || leafKind(l.schema) === 'list';
    const desc = settingDescription(l.path, l.schema);
    return html`
      <tr role="row" data-path="${l.path}">
        <th scope="row" role="rowheader" class="cell-main">
          <span class="cell-text effective-title">${settingTitle(l.path, l.schema)}</span>
          ${desc ? html`<span class="cell-sub">${desc}</span>` : ''}
        </th>
        <td role="cell" class="effective-value">${cellLabel(t('effective.col.value'))}<div class="cell-value">${list ? listRows(l) : valueCell(l)}</div></td>
        <td role="cell" class="cell-nowrap effective-origin">${cellLabel(t('effective.col.from'))}<div class="cell-value">${list ? listOrigins(l) : originBadge(layer)}</div></td>
        <td role="cell" class="cell-nowrap effective-lock">${cellLabel(t('effective.col.lock'))}<div class="cell-value">${lock ? html`<span class="lock-static" title="${t('effective.lockedTitle')}">${icon('lock')}<span>${t('effective.locked')}</span></span>` : html`<span class="muted">—</span>`}</div></td>
      </tr>`;
  }

  function listOrigins(l) {
    const contrib = (data.contributions || {})[l.path] || {};
    const layers = LAYERS.filter((x) => (contrib[x] || []).length);
    return layers.length ? html`<span class="origin-stack">${layers.map(originBadge)}</span>` : originBadge((data.origin || {})[l.path] || 'template');
  }

  function groupRows(sec) {
    const out = [];
    for (const m of members(sec.schema, sec.path)) {
      if (m.schema.type === 'object') {
        out.push(html`<tr role="row" class="group-row"><th scope="colgroup" role="rowheader" colspan="4">${settingTitle(m.path, m.schema)}</th></tr>`);
        out.push(...leaves(m.schema, m.path).map(leafRow));
      } else out.push(leafRow(m));
    }
    return out;
  }

  function sectionCard(sec) {
    const counts = {};
    for (const l of leaves(sec.schema, sec.path)) {
      const o = (data.origin || {})[l.path] || 'template';
      counts[o] = (counts[o] || 0) + 1;
    }
    const sectionLocked = (data.locked || []).includes(sec.path);
    return card({
      title: settingTitle(sec.path, sec.schema),
      className: 'effective-section',
      aside: html`<span class="origin-summary">
        ${sectionLocked ? html`<span class="badge badge-locked">${icon('lock', 'badge-icon')}${t('policy.lock.sectionLockedBadge')}</span>` : ''}
        ${LAYERS.filter((x) => x !== 'template' && counts[x]).map((x) => html`<span class="${'badge origin-badge origin-' + x}">${t('effective.count.' + x, { n: formatNumber(counts[x]) })}</span>`)}
      </span>`,
      flush: true,
      body: html`
        <div class="table-wrap">
          <table role="table" class="table effective-table">
            <caption class="visually-hidden">${settingTitle(sec.path, sec.schema)}</caption>
            <thead role="rowgroup"><tr role="row">
              <th scope="col" role="columnheader">${t('effective.col.setting')}</th>
              <th scope="col" role="columnheader">${t('effective.col.value')}</th>
              <th scope="col" role="columnheader">${t('effective.col.from')}</th>
              <th scope="col" role="columnheader">${t('effective.col.lock')}</th>
            </tr></thead>
            <tbody role="rowgroup">${groupRows(sec)}</tbody>
          </table>
        </div>`,
    });
  }
  return members(schema).map(sectionCard);
}

/** What each layer's badge means. */
export function originLegend(layers = BASE_LAYERS) {
  return html`
    <div class="origin-legend" aria-label="${t('effective.legend')}">
      ${layers.map((x) => html`<span class="origin-legend-item">${originBadge(x)}<span class="muted small">${t('effective.legend.' + x)}</span></span>`)}
    </div>`;
}

export default async function effectivePage(ctx) {
  const { account, customerId } = ctx;
  let platform = PLATFORMS.includes(ctx.query.get('platform')) ? ctx.query.get('platform') : 'workstation';
  let customer, meta, data;
  try {
    [customer, meta, data] = await Promise.all([policyOwner(account, customerId), policySchema(),
      api.customerPolicies.effective(account.id, customerId, platform)]);
  } catch (e) {
    if (e.status === 404) return notFound(ctx);
    throw e;
  }
  const schema = meta.schema;
  const additive = new Set(meta.additive || []);
  let root = null;
  let loading = false;

  function sourceCard() {
    if (!data.policy_id) {
      return html`<div class="callout callout-warning">${icon('warning', 'callout-icon')}<div class="callout-body">
        <p class="callout-title">${t('effective.noDefault.title', { platform: platformLabel(platform) })}</p>
        <p>${t('effective.noDefault.text', { company: customer.company, platform: platformLabel(platform) })}</p></div></div>`;
    }
    return html`
      <div class="source-strip">
        <div class="source-item">
          <span class="source-label">${t('effective.source.policy')}</span>
          <a class="source-value" href="${customerPolicyPath(account.id, customer.id, data.policy_id)}">${data.policy_name}</a>
          <span class="${data.policy_scope === 'global' ? 'badge badge-accent' : 'badge badge-teal'}">${t('policy.scope.' + data.policy_scope)}</span>
        </div>
        <div class="source-item"><span class="source-label">${t('effective.source.revision')}</span><span class="source-value">${String(data.revision)}</span></div>
        <div class="source-item"><span class="source-label">${t('effective.source.overrides')}</span><span class="source-value">${data.override_revision ? String(data.override_revision) : t('effective.source.noOverrides')}</span></div>
        <div class="source-item"><span class="source-label">${t('effective.source.template')}</span><span class="source-value">${t('effective.source.templateValue', { platform: platformLabel(platform), version: data.template_version })}</span></div>
      </div>`;
  }

  function content() {
    return html`
      ${sourceCard()}
      ${originLegend()}
      ${effectiveSections({ data, schema, additive })}`;
  }

  async function switchTo(p) {
    if (p === platform || loading) return;
    loading = true;
    const box = root.querySelector('[data-ref="content"]');
    box.setAttribute('aria-busy', 'true');
    try {
      data = await api.customerPolicies.effective(account.id, customer.id, p);
      platform = p;
      render(box, content());
      const url = new URL(location.href);
      url.searchParams.set('platform', p);
      history.replaceState(history.state, '', url.pathname + url.search);
    } catch (e) {
      if (e.status !== 401) render(box, html`${banner('error', e.message)}`);
    } finally {
      loading = false;
      box.setAttribute('aria-busy', 'false');
    }
  }

  return {
    title: t('effective.title'),
    description: t('effective.description', { company: customer.company }),
    breadcrumbs: [...policyCrumbs(account, customer), { label: t('effective.title') }],
    body: html`
      <div class="effective-head">
        <div class="segmented platform-switch" role="radiogroup" aria-label="${t('table.platform')}">
          ${PLATFORMS.map((p) => html`<label class="segment"><input type="radio" name="effective-platform" value="${p}" ?checked=${p === platform}
            @change=${(e) => switchTo(e.currentTarget.value)}><span>${icon(p === 'server' ? 'server' : 'devices')}${platformLabel(p)}</span></label>`)}
        </div>
        <p class="muted small">${t('effective.explain')}</p>
      </div>
      <div class="effective-content" data-ref="content">${content()}</div>`,
    mounted(el) { root = el; },
  };
}


/*
 * api-reference.js - the API reference (/api-reference): the server's own
 * OpenAPI document (GET /api/v1/openapi.json) made readable. Operations are
 * grouped by tag, each a disclosure (<details>) whose id is its
 * operationId, so /api-reference#getMe opens and shows it; opened, it shows
 * the description, who may call it, the parameters, the request body and
 * every response with its schema (components/api-schema.js). The events
 * Steward POSTs to a partner's webhooks (the document's webhooks) are
 * listed the same way, under their own tag, named by event. The filter box
 * narrows the list by method, path, summary, operation id or tag, and keeps
 * what was typed in the address (?q=).
 */
import { html, render } from '../html.js';
import { icon } from '../components/icons.js';
import { emptyState } from '../components/ui.js';
import { cellLabel } from '../components/table.js';
import { openapiDoc, prose, schemaTree, typeLabel } from '../components/api-schema.js';
import { t, plural, formatNumber } from '../i18n.js';
import { setLocation } from '../router.js';
import * as api from '../api.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const DOC_URL = '/api/v1/openapi.json';

// Every operation of the document: { id, method, path, tag, op, item, hay }.
function operations(doc) {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths || {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const id = op.operationId || `${method}-${path}`;
      const tag = op.tags?.[0] || '';
      out.push({
        id, method, path, tag, op, item,
        hay: [method, path, op.summary, id, ...(op.tags || [])].join(' ').toLowerCase(),
      });
    }
  }
  // What Steward sends to a partner's webhooks: an event name for a path.
  for (const [name, item] of Object.entries(doc.webhooks || {})) {
    const op = item.post;
    if (!op) continue;
    const id = op.operationId || `webhook-${name}`;
    out.push({
      id, method: 'post', path: name, tag: op.tags?.[0] || '', op, item, event: true,
      hay: ['post', name, op.summary, id, ...(op.tags || [])].join(' ').toLowerCase(),
    });
  }
  return out;
}

// A path that may wrap before each "/" on a narrow screen.
const breakable = (path) => path.split('/').map((seg, i) => (i ? html`<wbr>/${seg}` : seg));

// Words typed, all of which an operation must contain.
const words = (q) => q.toLowerCase().split(/\s+/).filter(Boolean);

function securityNote(doc, op) {
  const sec = op.security ?? doc.security ?? [];
  if (!sec.length || sec.every((s) => !Object.keys(s).length)) return t('apiRef.noSignIn');
  const names = new Set(sec.flatMap((s) => Object.keys(s)));
  const who = [];
  if (names.has('session')) who.push(t('apiRef.bySession'));
  if (names.has('bearer')) who.push(t('apiRef.byBearer'));
  const base = who.join(t('apiRef.or'));
  const optional = sec.some((s) => !Object.keys(s).length);
  return t(optional ? 'apiRef.optionalSignIn' : 'apiRef.callers', { who: base });
}

function parametersTable(d, params) {
  return html`
    <div class="table-wrap ref-table-wrap">
      <table class="table table-compact ref-params">
        <thead><tr>
          <th scope="col">${t('apiRef.col.name')}</th><th scope="col">${t('apiRef.col.in')}</th>
          <th scope="col">${t('apiRef.col.type')}</th><th scope="col">${t('apiRef.col.description')}</th>
        </tr></thead>
        <caption class="visually-hidden">${t('apiRef.parameters')}</caption>
        <tbody>${params.map((p) => html`<tr>
          <th scope="row"><code>${p.name}</code>${p.required ? html` <span class="badge badge-warning ref-required">${t('apiRef.required')}</span>` : ''}</th>
          <td>${cellLabel(t('apiRef.col.in'))}<span class="cell-value">${t('apiRef.in.' + p.in)}</span></td>
          <td>${cellLabel(t('apiRef.col.type'))}<span class="cell-value ref-type">${typeLabel(d, p.schema || {})}</span></td>
          <td>${cellLabel(t('apiRef.col.description'))}<div class="cell-value">${prose(p.description || d.resolve(p.schema || {}).node.description || '')}
            ${p.schema ? schemaFacts(d, p.schema) : ''}</div></td>
        </tr>`)}</tbody>
      </table>
    </div>`;
}

// Enum values and limits of a parameter (its own tree without the type line).
function schemaFacts(d, schema) {
  const s = d.resolve(schema).node;
  const bits = [];
  if (s.enum) bits.push(html`<span class="ref-enum"><span class="ref-enum-label">${t('apiRef.oneOfValues')}</span>
    ${s.enum.map((v) => html`<code class="ref-enum-value">${String(v)}</code>`)}</span>`);
  if (s.minimum !== undefined && s.maximum !== undefined) bits.push(html`<p class="ref-facts">${t('apiRef.between', { lo: s.minimum, hi: s.maximum, unit: '' })}</p>`);
  if (s.default !== undefined) bits.push(html`<p class="ref-facts">${t('apiRef.default')} <code>${JSON.stringify(s.default)}</code></p>`);
  return bits;
}

function contentBlock(d, content) {
  return Object.entries(content || {}).map(([type, media]) => html`
    <div class="ref-media">
      <p class="ref-media-type"><code>${type}</code></p>
      ${media.schema ? schemaTree(d, media.schema) : ''}
    </div>`);
}

function statusClass(code) {
  return 'ref-status ref-status-' + (String(code)[0] === '2' ? 'ok' : String(code)[0] === '4' || String(code)[0] === '5' ? 'err' : 'other');
}

// The inside of an opened operation.
function operationBody(d, o) {
  const { op, item } = o;
  const common = o.event ? [] : Object.keys(d.doc['x-common-responses'] || {}).filter((code) => !(code in (op.responses || {})));
  const params = [...(item.parameters || []), ...(op.parameters || [])].map((p) => d.resolve(p).node);
  const body = op.requestBody ? d.resolve(op.requestBody).node : null;
  return html`
    <div class="ref-op-inner">
      ${op.description ? prose(op.description) : ''}
      <p class="ref-meta">
        <span>${icon(o.event ? 'webhook' : 'lock')}${o.event ? t('apiRef.sentByHub') : securityNote(d.doc, op)}</span>
        <a class="ref-anchor" href="${'#' + encodeURIComponent(o.id)}">${icon('external')}<span>${t('apiRef.link')}</span></a>
        <code class="ref-op-id">${o.id}</code>
      </p>
      ${params.length ? html`<h4 class="ref-h">${t('apiRef.parameters')}</h4>${parametersTable(d, params)}` : ''}
      ${body ? html`<h4 class="ref-h">${t('apiRef.requestBody')}
          ${body.required ? html`<span class="badge badge-warning ref-required">${t('apiRef.required')}</span>` : ''}</h4>
        ${body.description ? prose(body.description) : ''}
        ${contentBlock(d, body.content)}` : ''}
      <h4 class="ref-h">${t('apiRef.responses')}</h4>
      <ul class="ref-responses">
        ${Object.entries(op.responses || {}).map(([code, r]) => {
          const { node: resp, name } = d.resolve(r);
          return html`<li class="ref-response">
            <div class="ref-response-head">
              <span class="${statusClass(code)}">${code}</span>
              ${name ? html`<span class="ref-response-name">${name}</span>` : ''}
            </div>
            ${prose(resp.description || '')}
            ${resp.headers ? html`<p class="ref-facts">${t('apiRef.headers')} ${Object.keys(resp.headers).map((h, i) => html`${i ? ', ' : ''}<code>${h}</code>`)}</p>` : ''}
            ${resp.content ? contentBlock(d, resp.content) : html`<p class="ref-note">${t('apiRef.noBody')}</p>`}
          </li>`;
        })}
      </ul>
      ${common.length ? html`<p class="ref-note">${t('apiRef.commonNote', { codes: common.join(', ') })}</p>` : ''}
    </div>`;
}

export default async function apiReference(ctx) {
  const doc = await api.openapi.get();
  const d = openapiDoc(doc);
  const ops = operations(doc);
  const tags = [...(doc.tags || []).map((x) => x.name), ...new Set(ops.map((o) => o.tag))]
    .filter((x, i, all) => all.indexOf(x) === i && ops.some((o) => o.tag === x));
  const tagInfo = Object.fromEntries((doc.tags || []).map((x) => [x.name, x.description]));
  const initial = ctx.query.get('q') || '';

  const body = html`
    <div class="ref">
      <details class="card ref-about">
        <summary class="ref-about-summary">${t('apiRef.about', { title: doc.info?.title || '', version: doc.openapi })}</summary>
        <div class="ref-about-body">
          ${prose(doc.info?.description || '')}
          ${Object.keys(doc['x-common-responses'] || {}).length ? html`
            <h2 class="ref-h">${t('apiRef.commonTitle')}</h2>
            <ul class="ref-common">${Object.entries(doc['x-common-responses']).map(([code, r]) => html`
              <li><span class="${statusClass(code)}">${code}</span> ${prose(d.resolve(r).node.description || '')}</li>`)}</ul>` : ''}
        </div>
      </details>
      <div class="ref-toolbar" role="search">
        <div class="search-box search-box-lg ref-search">
          ${icon('search', 'search-icon')}
          <input type="search" class="input search-field" id="ref-filter" value="${initial}"
                 aria-label="${t('apiRef.filter')}" placeholder="${t('apiRef.filterPlaceholder')}"
                 aria-controls="ref-ops" aria-describedby="ref-count" autocomplete="off" spellcheck="false">
        </div>
        <p class="ref-count" id="ref-count" role="status" aria-live="polite"></p>
      </div>
      <nav class="ref-tags" aria-label="${t('apiRef.tags')}">
        ${tags.map((tag) => html`<a class="ref-tag-link" href="${'#tag-' + tag}" data-tag-link="${tag}">${tag}</a>`)}
      </nav>
      <div id="ref-ops">
        ${tags.map((tag) => html`
          <section class="ref-group" id="${'tag-' + tag}" data-tag="${tag}" aria-labelledby="${'tag-h-' + tag}">
            <h2 class="ref-group-title" id="${'tag-h-' + tag}">${tag}</h2>
            ${tagInfo[tag] ? html`<p class="ref-group-desc">${tagInfo[tag]}</p>` : ''}
            <div class="ref-op-list">
              ${ops.filter((o) => o.tag === tag).map((o) => html`
                <details class="ref-op" id="${o.id}" data-op="${o.id}">
                  <summary class="ref-op-summary">
                    <span class="${'ref-method ref-method-' + o.method}">${o.method.toUpperCase()}</span>
                    <code class="ref-path">${breakable(o.path)}</code>
                    <span class="ref-summary">${o.op.summary || ''}</span>
                    ${icon('chevronDown', 'ref-chevron')}
                  </summary>
                  <div class="ref-op-body" data-body></div>
                </details>`)}
            </div>
          </section>`)}
      </div>
      <div class="ref-none" data-ref="none" hidden>
        ${emptyState({ icon: 'search', title: t('apiRef.noneTitle'), text: t('apiRef.noneText'), compact: true })}
      </div>
    </div>`;

  function mounted(root) {
    const input = root.querySelector('#ref-filter');
    const count = root.querySelector('#ref-count');
    const none = root.querySelector('[data-ref="none"]');
    const byId = new Map(ops.map((o) => [o.id, o]));

    // An operation's inside is drawn the first time it opens.
    root.addEventListener('toggle', (e) => {
      const el = e.target;
      if (!el.matches?.('details.ref-op') || !el.open) return;
      const slot = el.querySelector('[data-body]');
      if (!slot.firstChild) render(slot, operationBody(d, byId.get(el.dataset.op)));
    }, true);

    function apply(q) {
      const w = words(q);
      let shown = 0;
      for (const el of root.querySelectorAll('details.ref-op')) {
        const hit = w.every((x) => byId.get(el.dataset.op).hay.includes(x));
        el.hidden = !hit;
        if (hit) shown++;
      }
      for (const sec of root.querySelectorAll('.ref-group')) {
        const any = !!sec.querySelector('details.ref-op:not([hidden])');
        sec.hidden = !any;
        root.querySelector(`[data-tag-link="${CSS.escape(sec.dataset.tag)}"]`).hidden = !any;
      }
      none.hidden = shown > 0;
      count.textContent = w.length
        ? plural('apiRef.countFiltered', shown, { n: formatNumber(shown), total: formatNumber(ops.length) })
        : plural('apiRef.count', ops.length, { n: formatNumber(ops.length) });
    }

    input.addEventListener('input', () => {
      apply(input.value);
      const q = input.value.trim();
      setLocation(location.pathname + (q ? '?' + new URLSearchParams({ q }) : '') + location.hash, { replace: true });
    });
    // Escape clears the filter (the browser's own search field behaviour, everywhere).
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && input.value) { e.preventDefault(); input.value = ''; input.dispatchEvent(new Event('input')); }
    });
    apply(initial);

    // An operation's anchor opens it.
    function openHash() {
      let id;
      try { id = decodeURIComponent(location.hash.slice(1)); } catch { return; }
      const el = id && document.getElementById(id);
      if (!el || !root.contains(el)) return;
      if (el.matches('details.ref-op')) {
        if (el.hidden) { input.value = ''; apply(''); }
        el.open = true;
      }
      el.scrollIntoView({ block: 'start' });
      (el.querySelector('summary') || el).focus?.({ preventScroll: true });
    }
    window.addEventListener('hashchange', openHash);
    const observer = new MutationObserver(() => {
      if (!root.contains(input)) { window.removeEventListener('hashchange', openHash); observer.disconnect(); }
    });
    observer.observe(root, { childList: true });
    if (location.hash) requestAnimationFrame(openHash);
  }

  return {
    title: t('apiRef.title'),
    description: t('apiRef.description'),
    actions: html`<a class="btn btn-secondary" href="${DOC_URL}" data-native download="openapi.json">${icon('download')}<span>${t('apiRef.download')}</span></a>`,
    body,
    mounted,
  };
}

/*
 * api-schema.js - pieces of the API reference page (pages/api-reference.js)
 * that read an OpenAPI document: references, the document's Markdown-like
 * descriptions as safe markup, and JSON schemas drawn as a tree of
 * properties with their types, required marks, enums and limits.
 *
 *   const d = openapiDoc(doc);
 *   d.resolve(x)                  x with its $ref followed ({ node, name })
 *   prose(text)                   paragraphs, lists, `code` and **bold**
 *   schemaTree(d, schema)         the schema as nested lists
 *
 * The document's own text stays English; the words around it come from
 * the console's dictionaries.
 */
import { html } from '../html.js';
import { t } from '../i18n.js';

const MAX_DEPTH = 8;

/** Helpers over one document. */
export function openapiDoc(doc) {
  function at(ref) {
    if (typeof ref !== 'string' || !ref.startsWith('#/')) return undefined;
    return ref.slice(2).split('/')
      .reduce((x, p) => x?.[p.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  return {
    doc,
    /** { node, name }: node with $refs followed, name the last reference's last part (or null). */
    resolve(x) {
      let name = null;
      for (let hops = 0; x && typeof x.$ref === 'string' && hops < 10; hops++) {
        name = x.$ref.split('/').pop();
        x = at(x.$ref);
      }
      return { node: x ?? {}, name };
    },
  };
}

// `code` and **bold** inside one line of text.
function inline(text) {
  const out = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*/g;
  let last = 0;
  for (let m; (m = re.exec(text));) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(m[1] !== undefined ? html`<code>${m[1]}</code>` : html`<strong>${m[2]}</strong>`);
    last = re.lastIndex;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** A description: blank lines part paragraphs, "- " lines make a list. */
export function prose(text) {
  if (!text) return '';
  const blocks = [];
  let para = [], items = null;
  const flush = () => {
    if (para.length) blocks.push(html`<p>${inline(para.join(' '))}</p>`);
    if (items) blocks.push(html`<ul>${items.map((i) => html`<li>${inline(i.join(' '))}</li>`)}</ul>`);
    para = [];
    items = null;
  };
  for (const raw of String(text).split('\n')) {
    const line = raw.trim();
    if (!line) { flush(); continue; }
    if (line.startsWith('- ')) {
      if (para.length) { blocks.push(html`<p>${inline(para.join(' '))}</p>`); para = []; }
      items = items || [];
      items.push([line.slice(2)]);
    } else if (items && /^\s/.test(raw)) items[items.length - 1].push(line);
    else {
      if (items) flush();
      para.push(line);
    }
  }
  flush();
  return html`<div class="ref-prose">${blocks}</div>`;
}

/** The type of a schema in a few words: "string (date-time)", "array of Customer", "string | null". */
export function typeLabel(d, schema) {
  const { node: s, name } = d.resolve(schema);
  if (name && (s.type === 'object' || s.properties)) return name;
  if (s.const !== undefined) return JSON.stringify(s.const);
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const words = types.map((ty) => {
    if (ty === 'array') return t('apiRef.arrayOf', { type: s.items ? typeLabel(d, s.items) : 'any' });
    return ty;
  });
  if (!words.length) {
    if (s.oneOf || s.anyOf) return t('apiRef.oneOfShort');
    if (s.properties) return 'object';
    return name || 'any';
  }
  const label = words.join(' | ');
  return s.format ? `${label} (${s.format})` : label;
}

// Limits and defaults of a schema, each a short phrase.
function facts(s) {
  const out = [];
  const range = (lo, hi, unit) => {
    if (lo !== undefined && hi !== undefined) out.push(t('apiRef.between', { lo, hi, unit }));
    else if (lo !== undefined) out.push(t('apiRef.atLeast', { n: lo, unit }));
    else if (hi !== undefined) out.push(t('apiRef.atMost', { n: hi, unit }));
  };
  range(s.minimum, s.maximum, '');
  range(s.minLength, s.maxLength, t('apiRef.characters'));
  range(s.minItems, s.maxItems, t('apiRef.items'));
  if (s.pattern) out.push(html`${t('apiRef.pattern')} <code>${s.pattern}</code>`);
  if (s.default !== undefined) out.push(html`${t('apiRef.default')} <code>${JSON.stringify(s.default)}</code>`);
  if (s.example !== undefined) out.push(html`${t('apiRef.example')} <code>${JSON.stringify(s.example)}</code>`);
  return out;
}

function enumList(values) {
  return html`<span class="ref-enum"><span class="ref-enum-label">${t('apiRef.oneOfValues')}</span>
    ${values.map((v) => html`<code class="ref-enum-value">${v === null ? 'null' : String(v)}</code>`)}</span>`;
}

// What a schema holds below its own line: properties, items, variants.
function children(d, schema, depth, seen) {
  const { node: s, name } = d.resolve(schema);
  if (depth > MAX_DEPTH) return '';
  if (name && seen.has(name)) return html`<p class="ref-note">${t('apiRef.seeAbove', { name })}</p>`;
  const inner = name ? new Set([...seen, name]) : seen;
  const parts = [];
  const all = s.allOf ? s.allOf.map((x) => d.resolve(x).node) : [];
  const props = Object.assign({}, ...all.map((x) => x.properties || {}), s.properties || {});
  const required = new Set([...(s.required || []), ...all.flatMap((x) => x.required || [])]);
  if (Object.keys(props).length) {
    parts.push(html`<ul class="ref-props">${Object.entries(props).map(([k, v]) =>
      property(d, k, v, required.has(k), depth + 1, inner))}</ul>`);
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    parts.push(html`<ul class="ref-props">${property(d, t('apiRef.anyKey'), s.additionalProperties, false, depth + 1, inner, true)}</ul>`);
  }
  const items = s.items ? d.resolve(s.items).node : null;
  if (items && (items.properties || items.allOf || items.oneOf || items.anyOf || items.enum)) {
    parts.push(html`<div class="ref-items">${items.enum ? enumList(items.enum) : ''}${children(d, s.items, depth + 1, inner)}</div>`);
  }
  const variants = s.oneOf || s.anyOf;
  if (variants) {
    parts.push(html`<div class="ref-variants"><p class="ref-note">${t('apiRef.oneOf')}</p>
      <ol class="ref-variant-list">${variants.map((v) => html`<li>
        <span class="ref-type">${typeLabel(d, v)}</span>${d.resolve(v).node.description ? html` <span class="ref-desc-inline">${inline(d.resolve(v).node.description)}</span>` : ''}
        ${children(d, v, depth + 1, inner)}</li>`)}</ol></div>`);
  }
  return parts;
}

function property(d, key, schema, required, depth, seen, anyKey = false) {
  const { node: s } = d.resolve(schema);
  const desc = schema.description || s.description;
  const f = facts(s);
  return html`<li class="ref-prop">
    <div class="ref-prop-head">
      ${anyKey ? html`<span class="ref-prop-name ref-any-key">${key}</span>` : html`<code class="ref-prop-name">${key}</code>`}
      <span class="ref-type">${typeLabel(d, schema)}</span>
      ${required ? html`<span class="badge badge-warning ref-required">${t('apiRef.required')}</span>` : ''}
    </div>
    ${desc ? prose(desc) : ''}
    ${s.enum ? enumList(s.enum) : ''}
    ${f.length ? html`<p class="ref-facts">${f.map((x, i) => html`${i ? ' · ' : ''}${x}`)}</p>` : ''}
    ${children(d, schema, depth, seen)}
  </li>`;
}

/** A schema as a tree: its type line, then what it holds. */
export function schemaTree(d, schema) {
  if (!schema) return '';
  const { node: s } = d.resolve(schema);
  const f = facts(s);
  return html`<div class="ref-schema">
    <p class="ref-schema-type"><span class="ref-type">${typeLabel(d, schema)}</span></p>
    ${s.description ? prose(s.description) : ''}
    ${s.enum ? enumList(s.enum) : ''}
    ${f.length ? html`<p class="ref-facts">${f.map((x, i) => html`${i ? ' · ' : ''}${x}`)}</p>` : ''}
    ${children(d, schema, 0, new Set())}
  </div>`;
}

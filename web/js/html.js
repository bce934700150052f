/*
 * html.js - escaping by construction.
 *
 *   html`<p class="${cls}">${text}</p>`   a TemplateResult (nothing is parsed yet)
 *   render(target, result)                replaces target's children with it
 *   fragment(result)                      a DocumentFragment of it
 *
 * Every interpolated value is escaped unless it is itself a TemplateResult (or
 * an array of them). Where a value may appear is decided from the template's
 * static text, never from the value:
 *   - text content                        escaped text, nested templates, arrays
 *   - a quoted attribute value            escaped; URL attributes (href, src,
 *                                          action, formaction) lose any scheme
 *                                          other than http(s), mailto and tel
 *   - an unquoted attribute value         escaped and quoted
 *   - @event=${fn}                        adds fn as an event listener
 *   - ?attr=${bool}                       boolean attribute, present when true
 * Anything else (a value inside a tag name, as a bare attribute, inside a
 * comment) throws, so a template can never be written in a way that lets data
 * become markup.
 */

const TEXT = 0, TAG = 1, ATTR_NAME = 2, BEFORE_VALUE = 3, DQ = 4, SQ = 5,
  UNQUOTED = 6, COMMENT = 7;

const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster']);
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);

/** A parsed-later piece of markup with its values kept apart. */
export class TemplateResult {
  constructor(strings, values) {
    this.strings = strings;
    this.values = values;
  }
}

/** Tagged template: html`<b>${name}</b>`. */
export function html(strings, ...values) {
  return new TemplateResult(strings, values);
}

/** Renders as nothing (in text or as an attribute value). */
export const nothing = Object.freeze({ nothing: true });

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for use in HTML text or a quoted attribute value. */
export function escapeHTML(value) {
  return String(value).replace(/[&<>"']/g, (c) => ESC[c]);
}

function safeURL(value) {
  const s = String(value);
  // Browsers ignore tabs, newlines and leading controls in URLs; so must we.
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(s.replace(/[\u0000-\u0020]/g, ''));
  return m && !SAFE_SCHEMES.has(m[1].toLowerCase()) ? 'about:invalid' : s;
}

/* Advances the scanner over static template text. */
function scan(text, st) {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    switch (st.state) {
      case TEXT:
        if (c === '<') {
          if (text.startsWith('<!--', i)) { st.state = COMMENT; i += 4; continue; }
          if (/[a-zA-Z/]/.test(text[i + 1] || '')) st.state = TAG;
        }
        break;
      case COMMENT:
        if (text.startsWith('-->', i)) { st.state = TEXT; i += 3; continue; }
        break;
      case TAG:
        if (c === '>') st.state = TEXT;
        else if (!/[\s/]/.test(c)) {
          st.state = ATTR_NAME;
          st.attr = c;
          // A tag's own name is scanned as an "attribute" too; harmless.
        }
        break;
      case ATTR_NAME:
        if (c === '=') { st.state = BEFORE_VALUE; st.valueStart = true; }
        else if (c === '>') st.state = TEXT;
        else if (/[\s/]/.test(c)) st.state = TAG;
        else st.attr += c;
        break;
      case BEFORE_VALUE:
        if (c === '"') { st.state = DQ; st.valueStart = true; }
        else if (c === "'") { st.state = SQ; st.valueStart = true; }
        else if (c === '>') st.state = TEXT;
        else if (!/\s/.test(c)) st.state = UNQUOTED;
        break;
      case DQ:
        if (c === '"') st.state = TAG;
        st.valueStart = false;
        break;
      case SQ:
        if (c === "'") st.state = TAG;
        st.valueStart = false;
        break;
      case UNQUOTED:
        if (c === '>') st.state = TEXT;
        else if (/\s/.test(c)) st.state = TAG;
        break;
      default:
        break;
    }
    i++;
  }
}

function textValue(v, ctx) {
  if (v === null || v === undefined || v === false || v === nothing) return '';
  if (v instanceof TemplateResult) return serialize(v, ctx);
  if (Array.isArray(v)) return v.map((x) => textValue(x, ctx)).join('');
  return escapeHTML(v);
}

function attrText(v) {
  if (v === null || v === undefined || v === false || v === nothing) return '';
  if (v instanceof TemplateResult || Array.isArray(v) || typeof v === 'object' ||
      typeof v === 'function') {
    throw new TypeError('html: only text can be an attribute value');
  }
  return escapeHTML(v);
}

function serialize(result, ctx) {
  const { strings, values } = result;
  const st = { state: TEXT, attr: '', valueStart: false };
  let out = '';
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i];
    scan(s, st);
    out += s;
    if (i === strings.length - 1) break;
    const v = values[i];
    switch (st.state) {
      case TEXT:
        out += textValue(v, ctx);
        break;
      case DQ:
      case SQ: {
        let text = attrText(v);
        // A URL attribute whose value starts with data gets its scheme checked.
        if (st.valueStart && URL_ATTRS.has(st.attr.toLowerCase()) && text) {
          text = escapeHTML(safeURL(v));
        }
        if (text) st.valueStart = false;
        out += text;
        break;
      }
      case BEFORE_VALUE: {
        const name = st.attr;
        if (!s.endsWith(name + '=')) throw new SyntaxError(`html: write ${name}=\${...} without spaces`);
        if (name[0] === '@') {
          if (typeof v !== 'function') throw new TypeError(`html: ${name} needs a function`);
          const id = ctx.binds.length;
          ctx.binds.push({ type: name.slice(1), fn: v });
          out = out.slice(0, -(name.length + 1)) + `data-hb${id}=""`;
        } else if (name[0] === '?') {
          out = out.slice(0, -(name.length + 1));
          if (v) out += name.slice(1);
        } else {
          let text = attrText(v);
          if (URL_ATTRS.has(name.toLowerCase()) && text) text = escapeHTML(safeURL(v));
          out += `"${text}"`;
        }
        st.state = TAG;
        break;
      }
      default:
        throw new SyntaxError('html: a value can only be text or a quoted attribute value');
    }
  }
  if (st.state !== TEXT) throw new SyntaxError('html: template ends inside a tag or comment');
  return out;
}

/** A DocumentFragment for a template result, with its listeners attached. */
export function fragment(result) {
  const ctx = { binds: [] };
  const tpl = document.createElement('template');
  tpl.innerHTML = result instanceof TemplateResult ? serialize(result, ctx) : textValue(result, ctx);
  if (ctx.binds.length) {
    const walker = document.createTreeWalker(tpl.content, NodeFilter.SHOW_ELEMENT);
    for (let el = walker.nextNode(); el; el = walker.nextNode()) {
      for (const a of [...el.attributes]) {
        if (!a.name.startsWith('data-hb')) continue;
        const b = ctx.binds[Number(a.name.slice(7))];
        el.removeAttribute(a.name);
        if (b) el.addEventListener(b.type, b.fn);
      }
    }
  }
  return tpl.content;
}

/** Replaces target's children with the rendered result; returns target. */
export function render(target, result) {
  target.replaceChildren(fragment(result));
  return target;
}

/** The first element of a rendered result. */
export function element(result) {
  return fragment(result).firstElementChild;
}

/** Elements carrying data-ref="name" under root, as { name: element }. */
export function refs(root) {
  const out = {};
  for (const el of root.querySelectorAll('[data-ref]')) out[el.dataset.ref] = el;
  return out;
}

/** Joins class names, skipping falsy ones: cls('a', on && 'b'). */
export function cls(...names) {
  return names.filter(Boolean).join(' ');
}

/*
 * policies.js - the policy engine as the console sees it: the settings
 * schema the server serves (api.policySchema, loaded once per page load), and
 * helpers for it: walking it, reading and writing settings by dotted path,
 * labels in the user's language, checking a value the way the server does.
 *
 * The settings themselves are never listed here: every form and view is
 * built from the schema, so a setting added on the server shows up in the
 * console as it is.
 */
import * as api from './api.js';
import { t, hasText, schemaText } from './i18n.js';

// ---- the schema -------------------------------------------------------------

let schemaPromise = null;

/** {schema, templates, additive} (loaded once per page load). */
export function policySchema() {
  if (!schemaPromise) {
    schemaPromise = api.policySchema.get();
    schemaPromise.catch(() => { schemaPromise = null; });
  }
  return schemaPromise;
}

// ---- settings by dotted path -----------------------------------------------

export function getAt(obj, path) {
  let v = obj;
  for (const k of path.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, k)) return undefined;
    v = v[k];
  }
  return v;
}

/** Sets obj's value at path, making the objects on the way. */
export function setAt(obj, path, value) {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    if (o[k] === null || typeof o[k] !== 'object' || Array.isArray(o[k])) o[k] = {};
    o = o[k];
  }
  o[keys[keys.length - 1]] = value;
  return obj;
}

/** Removes path from obj, and the objects it leaves empty. */
export function deleteAt(obj, path) {
  const keys = path.split('.');
  const trail = [obj];
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    if (o === null || typeof o !== 'object' || !(k in o)) return obj;
    o = o[k];
    trail.push(o);
  }
  if (o && typeof o === 'object') delete o[keys[keys.length - 1]];
  for (let i = keys.length - 2; i >= 0; i--) {
    const parent = trail[i];
    const child = parent[keys[i]];
    if (child && typeof child === 'object' && !Array.isArray(child) && !Object.keys(child).length) delete parent[keys[i]];
  }
  return obj;
}

export function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a), kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
}

export function clone(v) {
  return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}

// ---- walking the schema -----------------------------------------------------

/** The schema of the setting at path (or undefined). */
export function schemaAt(schema, path) {
  let s = schema;
  for (const k of path.split('.')) {
    s = s && s.properties && s.properties[k];
    if (!s) return undefined;
  }
  return s;
}

/** [{key, path, schema}] of an object schema's members, in the schema's order. */
export function members(node, prefix = '') {
  return Object.entries(node.properties || {}).map(([key, schema]) => ({ key, path: prefix ? prefix + '.' + key : key, schema }));
}

/** Every leaf setting under node as [{path, schema}], depth first. */
export function leaves(node, prefix = '') {
  const out = [];
  for (const m of members(node, prefix)) {
    if (m.schema.type === 'object') out.push(...leaves(m.schema, m.path));
    else out.push(m);
  }
  return out;
}

/** How a leaf is edited: boolean, integer, enum, time, text, multi (a set from a list), list (free entries). */
export function leafKind(schema) {
  if (schema.type === 'boolean') return 'boolean';
  if (schema.type === 'integer' || schema.type === 'number') return 'integer';
  if (schema.type === 'string') {
    if (Array.isArray(schema.enum)) return 'enum';
    if (schema.pattern && isTimePattern(schema.pattern)) return 'time';
    return 'text';
  }
  if (schema.type === 'array') return schema.items && Array.isArray(schema.items.enum) ? 'multi' : 'list';
  return 'text';
}

/* A 24-hour HH:MM pattern is edited with a time control. */
function isTimePattern(p) {
  return /^\^\(\[01\]\[0-9\]\|2\[0-3\]\):\[0-5\]\[0-9\]\$$/.test(p);
}

/** Is path locked (itself or through a section or group above it)? */
export function lockedBy(locked, path) {
  return (locked || []).find((l) => path === l || path.startsWith(l + '.')) || null;
}

// ---- labels -------------------------------------------------------------------

function humanize(key) {
  const s = String(key).replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The setting's (or section's) title in the user's language. */
export function settingTitle(path, schema) {
  return schemaText(path, 'title', schema?.title || humanize(path.split('.').pop()));
}

export function settingDescription(path, schema) {
  return schemaText(path, 'description', schema?.description || '');
}

/** A value of a list of choices, in words ("sunday" -> "Sunday"). */
export function valueLabel(v) {
  const key = 'policy.value.' + v;
  return hasText(key) ? t(key) : humanize(v);
}

/** A leaf's value as text for read-only views. */
export function formatValue(schema, v) {
  if (v === undefined || v === null) return '—';
  const kind = leafKind(schema);
  if (kind === 'boolean') return v ? t('policy.on') : t('policy.off');
  if (kind === 'enum') return valueLabel(v);
  if (kind === 'multi') return v.length ? v.map(valueLabel).join(', ') : t('policy.noneChosen');
  if (kind === 'list') return v.length ? v.join(', ') : t('policy.noEntries');
  return String(v);
}

// ---- checking values the way the server does ----------------------------------

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** '' when v is a valid value of the leaf schema, else the message (formats are the server's to judge). */
export function checkLeaf(schema, v) {
  if (v === undefined || v === null || v === '') return t('policy.error.choose');
  switch (leafKind(schema)) {
    case 'boolean':
      return typeof v === 'boolean' ? '' : t('policy.error.choose');
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) return t('policy.error.integer');
      if ((schema.minimum !== undefined && v < schema.minimum) || (schema.maximum !== undefined && v > schema.maximum)) {
        return t('policy.error.range', { min: schema.minimum ?? '—', max: schema.maximum ?? '—' });
      }
      return '';
    case 'enum':
      return schema.enum.includes(v) ? '' : t('policy.error.choose');
    case 'time':
    case 'text':
      return checkText(schema, v);
    default:
      return '';
  }
}

/** A text value (or a list entry) against minLength, maxLength and pattern. */
export function checkText(schema, v) {
  const s = String(v);
  if (!s.trim()) return t('form.blank');
  if (CONTROL.test(s)) return t('form.controlChars');
  if (schema.maxLength !== undefined && [...s].length > schema.maxLength) return t('form.tooLong', { max: schema.maxLength });
  if (schema.pattern) {
    let re = null;
    try { re = new RegExp(schema.pattern); } catch { re = null; }
    if (re && !re.test(s)) return leafKind(schema) === 'time' ? t('policy.error.time') : t('policy.error.pattern');
  }
  return '';
}

/** Server field names "settings.a.b[2]" -> {path: "a.b", index: 2}. */
export function parseField(name) {
  const m = /^settings\.([A-Za-z0-9_.]+?)(?:\[(\d+)\])?$/.exec(name);
  return m ? { path: m[1], index: m[2] === undefined ? null : Number(m[2]) } : null;
}

/*
 * i18n.js - the console's language: dictionaries, t(), dates and numbers.
 *
 * Before sign-in the language comes from localStorage (the sign-in page's
 * switch) or the browser; once signed in, the user's language from /me wins
 * and is remembered here too. Dates are formatted with Intl in the current
 * language and, when known, the user's time zone.
 */
import en from './i18n/en.js';
import ja from './i18n/ja.js';
import jaSchema from './i18n/schema-ja.js';

const dictionaries = { en, ja };
// Translations of the policy settings schema's titles and descriptions (the
// schema itself is English), keyed by setting path ("path#description").
const schemaDictionaries = { ja: jaSchema };
const STORE_KEY = 'steward.language';

/** The languages the console speaks, each named in itself. */
export const languages = [
  { code: 'en', label: 'English' },
  { code: 'ja', label: '日本語' },
];

let current = 'en';
let timeZone;
const listeners = new Set();

export function isLanguage(code) {
  return Object.prototype.hasOwnProperty.call(dictionaries, code);
}

/** The language to start with: the remembered choice, else the browser's. */
export function detectLanguage() {
  try {
    const saved = localStorage.getItem(STORE_KEY);
    if (saved && isLanguage(saved)) return saved;
  } catch { /* storage unavailable */ }
  for (const tag of navigator.languages || [navigator.language || 'en']) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

export function getLanguage() {
  return current;
}

/** Switches the language; listeners are told when it actually changes. */
export function setLanguage(code, { remember = true } = {}) {
  if (!isLanguage(code)) return;
  const changed = code !== current;
  current = code;
  document.documentElement.lang = code;
  if (remember) {
    try { localStorage.setItem(STORE_KEY, code); } catch { /* ignore */ }
  }
  if (changed) for (const fn of listeners) fn(code);
}

export function onLanguageChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The user's IANA time zone for dates (undefined: the browser's). */
export function setTimeZone(tz) {
  timeZone = tz || undefined;
  try { new Intl.DateTimeFormat('en', { timeZone }); } catch { timeZone = undefined; }
}

/** The translated string for key, with {name} placeholders filled in. */
export function t(key, vars) {
  let s = dictionaries[current][key];
  if (s === undefined) s = en[key];
  if (s === undefined) return key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

/** Whether key has a text (in the current language or in English). */
export function hasText(key) {
  return dictionaries[current][key] !== undefined || en[key] !== undefined;
}

/**
 * A title or description of the policy settings schema in the current
 * language: the translation when there is one, else the schema's own text.
 */
export function schemaText(path, field, fallback) {
  const d = schemaDictionaries[current];
  const v = d && d[field === 'description' ? path + '#description' : path];
  return v === undefined ? fallback : v;
}

/**
 * The plural form of key for count n: key + '.one' or '.other' (the forms
 * the language has), e.g. plural('oms.results', 2, { n: '2' }).
 */
export function plural(key, n, vars) {
  const form = new Intl.PluralRules(current).select(n);
  const k = key + '.' + form;
  return t(dictionaries[current][k] !== undefined || en[k] !== undefined ? k : key + '.other', vars);
}

function toDate(v) {
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "24 Nov 2026, 14:19" in the current language. */
export function formatDateTime(v) {
  const d = toDate(v);
  if (!d) return '';
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(d);
}

/** "24 November 2026" in the current language; style 'medium' ("24 Nov 2026") for table cells. */
export function formatDate(v, style = 'long') {
  const d = toDate(v);
  if (!d) return '';
  return new Intl.DateTimeFormat(current, { dateStyle: style, timeZone }).format(d);
}

/** A calendar day "YYYY-MM-DD" as "1 December 2026" (style as formatDate), whatever the time zone. */
export function formatDay(ymd, style = 'long') {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd || '');
  if (!m) return ymd || '';
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return new Intl.DateTimeFormat(current, { dateStyle: style, timeZone: 'UTC' }).format(d);
}

/** "in 2 hours" / "3 minutes ago" relative to now. */
export function formatRelative(v, now = Date.now()) {
  const d = toDate(v);
  if (!d) return '';
  const sec = Math.round((d.getTime() - now) / 1000);
  const abs = Math.abs(sec);
  const rtf = new Intl.RelativeTimeFormat(current, { numeric: 'auto' });
  if (abs < 60) return rtf.format(sec, 'second');
  if (abs < 3600) return rtf.format(Math.round(sec / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(sec / 3600), 'hour');
  return rtf.format(Math.round(sec / 86400), 'day');
}

export function formatNumber(n) {
  return new Intl.NumberFormat(current).format(n);
}

/** The time zone dates are shown in, for labels. */
export function shownTimeZone() {
  return timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone;
}

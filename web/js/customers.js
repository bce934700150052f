/*
 * customers.js - a partner's customers as the console sees them: the fixed
 * lists (industries, segments, policy platforms) with their labels, country
 * names in the user's language, every customer's local policies grouped for
 * choosing one, which OMS records can become customers, readable phone
 * numbers, websites and addresses. The API calls themselves are in api.js.
 *
 * Pages and the site selection pane listen with onCustomersChanged(fn) and
 * are told through customersChanged(accountId, customer) when a customer is
 * created or edited, so every place shows it at once.
 */
import * as api from './api.js';
import { t, getLanguage } from './i18n.js';

export const INDUSTRIES = ['agriculture', 'construction', 'education', 'energy', 'finance', 'government',
  'healthcare', 'hospitality', 'it_telecom', 'legal', 'manufacturing', 'media', 'nonprofit',
  'professional_services', 'real_estate', 'retail', 'transportation', 'other'];

export const SEGMENTS = ['education', 'government', 'nonprofit'];

export const PLATFORMS = ['workstation', 'server'];

/** The customer's fields a partner fills in (and may edit later), in form order. */
export const DETAIL_FIELDS = ['contact_person', 'phone', 'company', 'industry', 'website', 'street',
  'postal_code', 'city', 'country'];

export function industryLabel(key) {
  return INDUSTRIES.includes(key) ? t('industry.' + key) : key || '';
}

export function segmentLabel(key) {
  return SEGMENTS.includes(key) ? t('segment.' + key) : key || '';
}

export function platformLabel(key) {
  return PLATFORMS.includes(key) ? t('platform.' + key) : key || '';
}

/** Industries sorted by their label in the current language. */
export function industryOptions() {
  const coll = new Intl.Collator(getLanguage());
  const list = INDUSTRIES.filter((k) => k !== 'other').map((k) => ({ key: k, label: industryLabel(k) }))
    .sort((a, b) => coll.compare(a.label, b.label));
  return [...list, { key: 'other', label: industryLabel('other') }];
}

// ---- countries -------------------------------------------------------------

const countryCache = new Map();

/** [{code, name, name_en}] sorted by name in the user's language (cached). */
export function countries() {
  const lang = getLanguage();
  if (!countryCache.has(lang)) {
    const p = api.countries.listAll().then(({ items }) => {
      const coll = new Intl.Collator(lang, { sensitivity: 'base' });
      return items.slice().sort((a, b) => coll.compare(a.name, b.name));
    });
    p.catch(() => countryCache.delete(lang));
    countryCache.set(lang, p);
  }
  return countryCache.get(lang);
}

// ---- local policies to copy -----------------------------------------------

/** Every customer's local policies, grouped: [{id, name, policies: [...]}] by name. */
export async function localPolicyTree(accountId) {
  const { items } = await api.policies.listAll(accountId, { scope: 'local' });
  const byCustomer = new Map();
  for (const p of items) {
    if (!byCustomer.has(p.customer_id)) byCustomer.set(p.customer_id, { id: p.customer_id, name: p.customer_name, policies: [] });
    byCustomer.get(p.customer_id).policies.push(p);
  }
  const coll = new Intl.Collator(getLanguage());
  const list = [...byCustomer.values()].sort((a, b) => coll.compare(a.name, b.name));
  for (const c of list) c.policies.sort((a, b) => coll.compare(a.name, b.name));
  return list;
}

// ---- the OMS ------------------------------------------------------------------

/** Whether an OMS record can become a hub customer (what the OMS search lists). */
export function eligibleRecord(r) {
  return !!r && r.type === 'business' && ['company', 'industry', 'website', 'phone', 'street', 'postal_code',
    'city', 'country', 'first_name', 'last_name'].every((k) => typeof r[k] === 'string' && r[k].trim() !== '');
}

// ---- creating -------------------------------------------------------------------

/** A fresh random key for Idempotency-Key (works outside secure contexts too). */
export function newIdempotencyKey() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

// ---- change notifications -------------------------------------------------

const listeners = new Set();

export function onCustomersChanged(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function customersChanged(accountId, customer = null) {
  for (const fn of [...listeners]) fn(accountId, customer);
}

// ---- presentation -----------------------------------------------------------

/**
 * A record's phone number as people read it: the server's phone_display
 * (libphonenumber's international format for the number's region, such as
 * "+49 89 1234567"), else the stored E.164 number as it is. Links (tel:)
 * keep using the E.164 phone.
 */
export function displayPhone(record) {
  return (record && (record.phone_display || record.phone)) || '';
}

/** "https://www.example.com/" -> "www.example.com" for display. */
export function displayWebsite(url) {
  return String(url || '').replace(/^https?:\/\//i, '').replace(/\/$/, '');
}

/** An http(s) URL for a stored website, or '' when it is not one. */
export function websiteHref(url) {
  const s = String(url || '').trim();
  if (/^https?:\/\/[^\s]+$/i.test(s)) return s;
  if (/^[^\s/:]+\.[^\s/:]+(\/\S*)?$/.test(s)) return 'https://' + s;
  return '';
}

// Countries that write the postal code after the city.
const CITY_FIRST = new Set(['US', 'CA', 'GB', 'AU', 'NZ', 'IE']);

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

/** A Japanese address is shown the Japanese way: in the Japanese console, or when it is written in Japanese. */
function japaneseOrder(country, city, street) {
  return country === 'JP' && (getLanguage() === 'ja' || JAPANESE.test(city + street));
}

/**
 * An address as lines in the country's usual order: street, then postal code
 * and city (city first where that is the custom), then the country's name.
 * A Japanese address shown the Japanese way reads from the largest place to
 * the smallest: 〒postal code, then prefecture and city, then the street
 * (and, in the Japanese console, without the country: it is at home there).
 */
export function addressLines({ street = '', postal_code: postal = '', city = '', country = '' }, countryName = '') {
  if (japaneseOrder(country, city, street)) {
    const place = JAPANESE.test(city + street) ? city + street : [city, street].filter(Boolean).join(' ');
    return [postal ? '〒' + postal : '', place, getLanguage() === 'ja' ? '' : countryName].filter(Boolean);
  }
  const line = CITY_FIRST.has(country) ? [city, postal] : [postal, city];
  return [street, line.filter(Boolean).join(' '), countryName].filter(Boolean);
}

/** The address on one line: "〒100-0005 東京都千代田区…" or "221 Baker Street, London NW1 6XE, United Kingdom". */
export function addressText(record, countryName = '') {
  const lines = addressLines(record, countryName);
  return lines.join(japaneseOrder(record.country, record.city || '', record.street || '') ? ' ' : ', ');
}

/** Where a customer is, for a subtitle: "London, United Kingdom"; in Japanese "東京都（日本）". */
export function placeText({ city = '', country_name: countryName = '', country = '' }) {
  const name = countryName || country;
  if (getLanguage() === 'ja') return city && name ? `${city}（${name}）` : city || name;
  return [city, name].filter(Boolean).join(', ');
}

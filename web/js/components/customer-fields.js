/*
 * customer-fields.js - the customer's details as form fields (Primary
 * contact person, Phone, Company, Industry, Website, Street, Postal code,
 * City, Country), shared by the Create Customer drawer and Edit details.
 *
 *   ${detailFields(prefix, values)}                  in a <form>
 *   const f = wireDetailFields(form, prefix, { values, onChange });
 *   f.read()       -> { contact_person, ..., country }  (country: code or '')
 *   f.check()      -> { field: message } for what is missing or malformed
 *   f.focusFirst()
 *
 * Each of e-mail, phone, website and postal code is checked by the server
 * (POST /contact-check: its own rules and messages, in the user's language)
 * as it is left, phone and postal code for the chosen country, and again
 * when the country changes. A message shows under its field (aria-invalid,
 * aria-describedby) and goes once the value is fixed; typing is never
 * blocked, and a check whose value has changed since is dropped.
 *
 * Controls are named after the API's fields, so the server's 422 `fields`
 * land beside the right control with showErrors(form, fields).
 */
import { html } from '../html.js';
import { field, validators, check, setFieldError } from './form.js';
import * as api from '../api.js';
import { comboboxInput, attachCombobox } from './combobox.js';
import { t } from '../i18n.js';
import { countries, industryOptions, DETAIL_FIELDS } from '../customers.js';

const MAX = { contact_person: 100, company: 200, street: 200, city: 100, phone: 40, postal_code: 20, website: 255 };

const AUTOCOMPLETE = {
  contact_person: 'name', phone: 'tel', company: 'organization', website: 'url', street: 'street-address',
  postal_code: 'postal-code', city: 'address-level2',
};

function label(text) {
  return html`${text}<span class="req" aria-hidden="true">*</span>`;
}

function textInput(prefix, name, value, { type = 'text', hint = false, placeholder = '' } = {}) {
  return html`<input class="input" id="${prefix + '-' + name}" name="${name}" type="${type}" required
    aria-required="true" maxlength="${String((MAX[name] || 200) * 2)}" autocomplete="${AUTOCOMPLETE[name] || 'off'}"
    placeholder="${placeholder}" value="${value || ''}"
    aria-describedby="${hint ? prefix + '-' + name + '-hint' : ''}">`;
}

/** The detail fields laid out in a two-column grid. */
export function detailFields(prefix, v = {}) {
  const id = (n) => prefix + '-' + n;
  return html`
    <div class="form-grid">
      ${field({ id: id('contact_person'), label: label(t('customer.field.contact')), input: textInput(prefix, 'contact_person', v.contact_person) })}
      ${field({
        id: id('phone'), label: label(t('customer.field.phone')), hint: t('customer.field.phone.hint'),
        input: textInput(prefix, 'phone', v.phone, { type: 'tel', hint: true, placeholder: t('customer.field.phone.placeholder') }),
      })}
      ${field({ id: id('company'), label: label(t('customer.field.company')), input: textInput(prefix, 'company', v.company) })}
      ${field({
        id: id('industry'), label: label(t('customer.field.industry')),
        input: html`<select class="input select" id="${id('industry')}" name="industry" required aria-required="true">
          <option value="" ?selected=${!v.industry}>${t('customer.field.industry.choose')}</option>
          ${industryOptions().map((o) => html`<option value="${o.key}" ?selected=${o.key === v.industry}>${o.label}</option>`)}
        </select>`,
      })}
      <div class="span-2">${field({
        id: id('website'), label: label(t('customer.field.website')), hint: t('customer.field.website.hint'),
        input: textInput(prefix, 'website', v.website, { type: 'text', hint: true, placeholder: 'www.example.com' }),
      })}</div>
      <div class="span-2">${field({ id: id('street'), label: label(t('customer.field.street')), input: textInput(prefix, 'street', v.street) })}</div>
      ${field({ id: id('postal_code'), label: label(t('customer.field.postal')), input: textInput(prefix, 'postal_code', v.postal_code) })}
      ${field({ id: id('city'), label: label(t('customer.field.city')), input: textInput(prefix, 'city', v.city) })}
      <div class="span-2">${field({
        id: id('country'), label: label(t('customer.field.country')), hint: t('customer.field.country.hint'),
        input: comboboxInput({ id: id('country'), name: 'country', placeholder: t('customer.field.country.placeholder'), describedBy: id('country') + '-hint' }),
      })}</div>
    </div>`;
}

/** The fields the server checks as they are left; the country's own among them. */
export const LIVE = ['email', 'phone', 'website', 'postal_code'];
const BY_COUNTRY = ['phone', 'postal_code'];

/**
 * Asks the server about a field's value (one request under way per field,
 * the older one aborted) and shows its message under the field, or clears
 * it. country() is the chosen country's code. Answers check(name).
 */
export function liveChecks(form, country) {
  const running = new Map();
  async function checkField(name) {
    const control = form.elements.namedItem(name);
    if (!control) return;
    running.get(name)?.abort();
    const value = control.value.trim();
    if (!value) { setFieldError(form, name, ''); return; }
    const ctl = new AbortController();
    running.set(name, ctl);
    const body = { [name]: value };
    if (BY_COUNTRY.includes(name) && country()) body.country = country();
    let r;
    try {
      r = await api.contactCheck(body, { signal: ctl.signal });
    } catch {
      return; // offline or aborted: the server checks again on saving
    } finally {
      if (running.get(name) === ctl) running.delete(name);
    }
    // A value changed since (or a newer check) makes this answer stale.
    if (ctl.signal.aborted || control.value.trim() !== value || !form.isConnected) return;
    const error = (r.errors || []).find((x) => x.field === name);
    setFieldError(form, name, error ? error.message : '');
    const shown = r.normalized?.phone_display;
    if (!error && name === 'phone' && shown && document.activeElement !== control) control.value = shown;
  }
  return { check: checkField };
}

export function wireDetailFields(form, prefix, { values = {}, onChange } = {}) {
  const input = form.querySelector('#' + CSS.escape(prefix + '-country'));
  const box = attachCombobox(input, {
    options: [],
    noMatch: t('customer.field.country.none'),
    listLabel: t('customer.field.country'),
    onChange: () => {
      onChange?.('country');
      // The country decides what a valid phone number and postal code are.
      for (const n of BY_COUNTRY) if (left.has(n)) live.check(n);
    },
  });
  const left = new Set();
  const live = liveChecks(form, () => box.value || '');
  form.addEventListener('focusout', (e) => {
    const n = e.target.name;
    if (!LIVE.includes(n) || e.target.readOnly) return;
    left.add(n);
    live.check(n);
  });
  if (values.country) {
    box.setOptions([{ value: values.country, label: values.country_name || values.country, alt: values.country }]);
    box.setValue(values.country);
  }
  countries().then((list) => {
    box.setOptions(list.map((c) => ({ value: c.code, label: c.name, alt: c.name_en === c.name ? c.code : c.name_en + ' ' + c.code })));
    if (values.country && box.value === values.country) box.setValue(values.country);
  }).catch(() => { /* the field still takes a code typed exactly; the server checks it */ });

  const el = (n) => form.elements.namedItem(n);

  return {
    country: box,
    read() {
      const out = {};
      for (const n of DETAIL_FIELDS) out[n] = n === 'country' ? (box.value || '') : el(n).value;
      return out;
    },
    check() {
      const errors = {};
      const v = this.read();
      for (const n of DETAIL_FIELDS) {
        if (n === 'country') {
          if (box.pending()) errors.country = t('customer.field.country.pick');
          else if (!box.value) errors.country = t('form.required');
          continue;
        }
        const m = check(v[n], validators.required, (x) => validators.text(x, MAX[n] || 200));
        if (m) errors[n] = m;
      }
      return errors;
    },
  };
}

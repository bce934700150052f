/*
 * service-dialog.js - adding a service to the catalogue and changing one
 * (operator admins): key (when adding; it never changes), name, trial
 * length and seats, pay-as-you-go price per seat per day with its currency,
 * and position in the catalogue. Values are checked as the server checks
 * them before anything is sent, and the server's messages are shown under
 * their fields. A changed price says when it applies: from tomorrow (UTC),
 * today being billed at the price in force.
 *
 *   const service = await serviceDialog({ service });        // changing; null when cancelled
 *   const service = await serviceDialog({ nextPosition });   // adding, placed last unless changed
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { formDialog } from './dialog.js';
import { field, showErrors, clearErrors, setFieldError, validators, check } from './form.js';
import { money } from './subscription-bits.js';
import { t, formatDay } from '../i18n.js';

const KEY = /^[a-z0-9_]{2,40}$/;
const PRICE = /^\d{1,10}(\.\d{1,6})?$/;
const LIMITS = { trial_days: [1, 365], trial_seats: [1, 100000], position: [0, 1000000] };

/** Today and tomorrow as UTC days ("YYYY-MM-DD"): the days prices are billed by. */
export function utcDays(now = Date.now()) {
  const today = new Date(now).toISOString().slice(0, 10);
  const tomorrow = new Date(Date.parse(today + 'T00:00:00Z') + 86400000).toISOString().slice(0, 10);
  return { today, tomorrow };
}

function wholeNumber(v, [lo, hi]) {
  if (v.trim() === '') return t('form.required');
  if (!/^\d+$/.test(v.trim())) return t('opc.svc.wholeNumber');
  const n = Number(v);
  if (n < lo || n > hi) return t('opc.svc.range', { lo, hi: hi.toLocaleString() });
  return '';
}

export async function serviceDialog({ service = null, nextPosition = '' } = {}) {
  const adding = !service;
  const s = service || { key: '', name: '', trial_days: 30, trial_seats: 25, price: '', currency: 'EUR', position: nextPosition };
  let saved = null;
  const num = (name, id, label, hint = '') => field({
    id, label, hint,
    input: html`<input class="input" id="${id}" name="${name}" type="text" inputmode="numeric" autocomplete="off"
      value="${String(s[name])}" aria-describedby="${hint ? id + '-hint' : ''}">`,
  });
  const body = html`
    <form class="form" novalidate>
      ${adding ? field({
        id: 'svc-key', label: t('opc.svc.field.key'), hint: t('opc.svc.field.key.hint'),
        input: html`<input class="input mono" id="svc-key" name="key" type="text" maxlength="40" autocomplete="off"
          spellcheck="false" autocapitalize="off" aria-describedby="svc-key-hint">`,
      }) : ''}
      ${field({
        id: 'svc-name', label: t('opc.svc.field.name'),
        input: html`<input class="input" id="svc-name" name="name" type="text" maxlength="200" autocomplete="off" value="${s.name}">`,
      })}
      <div class="form-grid">
        ${num('trial_days', 'svc-trial-days', t('opc.svc.field.trialDays'))}
        ${num('trial_seats', 'svc-trial-seats', t('opc.svc.field.trialSeats'))}
        ${field({
          id: 'svc-price', label: t('opc.svc.field.price'),
          input: html`<input class="input" id="svc-price" name="price" type="text" inputmode="decimal" autocomplete="off"
            value="${s.price}" placeholder="0.10" aria-describedby="svc-price-hint">`,
          hint: t('opc.svc.field.price.hint'),
        })}
        ${field({
          id: 'svc-currency', label: t('opc.svc.field.currency'),
          input: html`<input class="input mono" id="svc-currency" name="currency" type="text" maxlength="3" autocomplete="off"
            spellcheck="false" autocapitalize="characters" value="${s.currency}" aria-describedby="svc-currency-hint">`,
          hint: t('opc.svc.field.currency.hint'),
        })}
        ${num('position', 'svc-position', t('opc.svc.field.position'), t('opc.svc.field.position.hint'))}
      </div>
      ${adding ? '' : html`<div class="price-note" data-ref="priceNote" role="status" aria-live="polite"></div>`}
    </form>`;

  function values(f) {
    const v = {};
    for (const k of ['key', 'name', 'trial_days', 'trial_seats', 'price', 'currency', 'position']) {
      if (f.elements[k]) v[k] = f.elements[k].value.trim();
    }
    if (v.currency) v.currency = v.currency.toUpperCase();
    return v;
  }

  function errorsOf(v) {
    const e = {};
    if (adding) {
      const k = check(v.key, validators.required, (x) => (KEY.test(x) ? '' : t('opc.svc.keyInvalid')));
      if (k) e.key = k;
    }
    const n = check(v.name, validators.required, (x) => validators.text(x, 100));
    if (n) e.name = n;
    for (const k of Object.keys(LIMITS)) {
      if (k === 'position' && adding && v.position === '') continue;
      const m = wholeNumber(v[k], LIMITS[k]);
      if (m) e[k] = m;
    }
    const p = check(v.price, validators.required, (x) => (PRICE.test(x) ? '' : t('opc.svc.priceInvalid')));
    if (p) e.price = p;
    if (!/^[A-Z]{3}$/.test(v.currency)) e.currency = t('opc.svc.currencyInvalid');
    return e;
  }

  // The body of the request: every field when adding, what changed otherwise.
  function request(v) {
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === '') continue;
      const val = k in LIMITS ? Number(x) : x;
      if (adding || String(service[k]) !== String(val)) out[k] = val;
    }
    return out;
  }

  const repriced = (v) => !adding && PRICE.test(v.price) && /^[A-Z]{3}$/.test(v.currency) &&
    (Number(v.price) !== Number(service.price) || v.currency !== service.currency);

  function priceNote(f) {
    const box = f.querySelector('[data-ref="priceNote"]');
    if (!box) return;
    const v = values(f);
    if (!repriced(v)) { box.replaceChildren(); return; }
    const { today, tomorrow } = utcDays();
    render(box, html`<p class="callout callout-info">${t('opc.svc.priceFrom', {
      price: money(v.price, v.currency), from: formatDay(tomorrow), today: formatDay(today), old: money(service.price, service.currency),
    })}</p>`);
  }

  const ok = await formDialog({
    title: adding ? t('opc.svc.add.title') : t('opc.svc.edit.title', { name: service.name }),
    message: adding ? t('opc.svc.add.message') : '',
    body,
    confirm: adding ? t('opc.svc.add.confirm') : t('common.save'),
    onOpen(box) {
      const f = box.querySelector('form');
      box.classList.add('dialog-wide');
      f.addEventListener('input', (e) => { if (e.target.name) setFieldError(f, e.target.name, ''); priceNote(f); });
      f.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' && e.target.matches('input')) { e.preventDefault(); box.querySelector('[data-answer="yes"]').click(); }
      });
    },
    async onConfirm(box) {
      const f = box.querySelector('form');
      clearErrors(f);
      const v = values(f);
      const errors = errorsOf(v);
      if (Object.keys(errors).length) { showErrors(f, errors); return false; }
      const req = request(v);
      if (!adding && !Object.keys(req).length) { saved = service; return true; }
      try {
        saved = adding ? await api.operator.services.add(req) : await api.operator.services.update(service.key, req);
        return true;
      } catch (e) {
        if (e.status === 401) return false;
        if ((e.status === 422 || e.status === 409) && e.fields && showErrors(f, e.fields)) return false;
        return e.message;
      }
    },
  });
  return ok ? saved : null;
}

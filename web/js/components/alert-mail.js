/*
 * alert-mail.js - the signed-in person's own alert e-mail in a partner
 * account (GET|PUT /accounts/{id}/alert-notifications), a card of the
 * account's Settings page:
 *
 *   alertMailCard()               the card, filled once mounted
 *   mountAlertMail(root, id)      loads the settings and wires the form
 *
 * Mode as radio cards (immediate, daily digest, off), the minimum severity
 * and the alert types as checkboxes; every type ticked is sent as [] (every
 * type, new ones included). Every role may set its own.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card } from './ui.js';
import { field, showErrors, clearErrors, setFieldError, banner } from './form.js';
import { toast } from './toast.js';
import { t } from '../i18n.js';

export const ALERT_TYPES = ['threat_detected', 'protection_off', 'definitions_outdated', 'device_offline', 'trial_ending',
  'trial_ended', 'subscription_ending', 'subscription_ended', 'seats_exceeded', 'discount_decided'];
const MODES = ['immediate', 'digest', 'off'];
const SEVERITIES = ['critical', 'high', 'medium', 'low'];

export function alertMailCard() {
  return card({
    title: t('alertMail.title'),
    subtitle: t('alertMail.subtitle'),
    body: html`<div data-ref="alertMail" aria-live="polite"><p class="muted loading-line"><span class="spinner"></span>${t('common.loading')}</p></div>`,
  });
}

// A group's message (radios and checkboxes have no single control for form.js).
function groupError(form, name, message) {
  const box = form.querySelector(`#alert-mail-${name}-error`);
  const group = form.querySelector(`#alert-mail-${name}`);
  if (!box || !group) return false;
  if (message) {
    render(box, html`<span>${message}</span>`);
    box.hidden = false;
    group.setAttribute('aria-describedby', box.id);
    group.querySelector('input')?.focus();
  } else {
    box.hidden = true;
    box.textContent = '';
    group.removeAttribute('aria-describedby');
  }
  return true;
}

export function mountAlertMail(root, accountId) {
  const box = root.querySelector('[data-ref="alertMail"]');
  if (!box) return;
  let busy = false;
  let cur = null;

  function draw() {
    const all = !cur.types.length;
    const on = new Set(cur.types);
    render(box, html`
      <form class="form alert-mail" novalidate data-ref="alertMailForm">
        ${cur.defaults ? html`<p class="muted small">${t('alertMail.defaults')}</p>` : ''}
        <fieldset class="choice-group" id="alert-mail-mode">
          <legend class="group-label">${t('alertMail.mode')}</legend>
          <div class="choice-list" role="radiogroup" aria-label="${t('alertMail.mode')}">
            ${MODES.map((m) => html`
              <label class="${cur.mode === m ? 'choice-card is-checked' : 'choice-card'}">
                <input type="radio" name="mode" value="${m}" ?checked=${cur.mode === m}>
                <span class="choice-body">
                  <span class="choice-title">${t('alertMail.mode.' + m)}</span>
                  <span class="choice-text">${t('alertMail.mode.' + m + '.text', { n: cur.hourly_cap ?? 5 })}</span>
                </span>
              </label>`)}
          </div>
          <p class="field-error" id="alert-mail-mode-error" hidden></p>
        </fieldset>
        ${field({
          id: 'alert-mail-severity', label: t('alertMail.severity'), hint: t('alertMail.severity.hint'),
          input: html`<select class="input select alert-mail-severity" id="alert-mail-severity" name="min_severity" aria-describedby="alert-mail-severity-hint">
            ${SEVERITIES.map((s) => html`<option value="${s}" ?selected=${cur.min_severity === s}>${t('severity.' + s)}</option>`)}
          </select>`,
        })}
        <fieldset class="choice-group" id="alert-mail-types">
          <legend class="group-label">${t('alertMail.types')}</legend>
          <p class="field-hint">${t('alertMail.types.hint')}</p>
          <div class="alert-mail-types">
            ${ALERT_TYPES.map((x) => html`<label class="check check-plain">
              <input type="checkbox" name="types" value="${x}" ?checked=${all || on.has(x)}><span>${t('alert.type.' + x)}</span></label>`)}
          </div>
          <div class="alert-mail-all">
            <button type="button" class="btn btn-secondary btn-sm" data-ref="typesAll">${t('alertMail.types.all')}</button>
            <button type="button" class="btn btn-secondary btn-sm" data-ref="typesNone">${t('alertMail.types.none')}</button>
          </div>
          <p class="field-error" id="alert-mail-types-error" hidden></p>
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary"><span>${t('alertMail.save')}</span></button>
        </div>
      </form>`);
    syncOff(box.querySelector('form'));
  }

  // With "off" the other choices do not apply.
  function syncOff(form) {
    const off = form.elements.mode.value === 'off';
    form.elements.min_severity.disabled = off;
    for (const c of form.querySelectorAll('input[name="types"], [data-ref="typesAll"], [data-ref="typesNone"]')) c.disabled = off;
    for (const l of form.querySelectorAll('.choice-card')) l.classList.toggle('is-checked', l.querySelector('input').checked);
  }

  box.addEventListener('change', (e) => {
    const form = e.target.form;
    if (!form) return;
    if (e.target.name === 'mode') { groupError(form, 'mode', ''); syncOff(form); }
    if (e.target.name === 'types') groupError(form, 'types', '');
    if (e.target.name === 'min_severity') setFieldError(form, 'min_severity', '');
  });
  box.addEventListener('click', (e) => {
    const b = e.target.closest('[data-ref="typesAll"], [data-ref="typesNone"]');
    if (!b) return;
    const form = b.form;
    for (const c of form.querySelectorAll('input[name="types"]')) c.checked = b.dataset.ref === 'typesAll';
    groupError(form, 'types', '');
  });
  box.addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = e.target;
    if (busy) return;
    clearErrors(form);
    groupError(form, 'mode', '');
    groupError(form, 'types', '');
    const mode = form.elements.mode.value;
    const ticked = [...form.querySelectorAll('input[name="types"]:checked')].map((c) => c.value);
    if (mode !== 'off' && !ticked.length) { groupError(form, 'types', t('alertMail.types.noneTicked')); return; }
    const body = {
      mode,
      min_severity: form.elements.min_severity.value,
      types: ticked.length === ALERT_TYPES.length || mode === 'off' && !ticked.length ? [] : ticked,
    };
    busy = true;
    const submit = form.querySelector('[type="submit"]');
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    render(submit, html`<span class="spinner spinner-light"></span><span>${t('common.saving')}</span>`);
    try {
      cur = await api.accounts.setAlertMail(accountId, body);
      draw();
      toast(t('alertMail.saved.' + cur.mode), { kind: 'success' });
    } catch (ex) {
      if (ex.status === 401) return;
      if (ex.status === 422 && (ex.fields || ex.field)) {
        const fields = Object.keys(ex.fields || {}).length ? { ...ex.fields } : { [ex.field]: ex.message };
        let shown = false;
        for (const g of ['mode', 'types']) if (fields[g]) { shown = groupError(form, g, fields[g]) || shown; delete fields[g]; }
        if (showErrors(form, fields) || shown) return;
      }
      toast(ex.message || t('error.network'), { kind: 'error' });
    } finally {
      busy = false;
      if (submit.isConnected) {
        submit.disabled = false;
        submit.removeAttribute('aria-busy');
        render(submit, html`<span>${t('alertMail.save')}</span>`);
      }
    }
  });

  (async () => {
    try {
      cur = await api.accounts.alertMail(accountId);
      draw();
    } catch (ex) {
      if (ex.status !== 401) render(box, banner('error', ex.message || t('error.network')));
    }
  })();
}

/*
 * add-partner.js - the operator's "+ Partner" dialog: the partner's name,
 * the e-mail address of its first admin and the language of the invitation
 * e-mail. POST /operator/partners creates the account and invites the admin
 * in one go; the server's messages are shown under their fields. The same
 * request sent again after no answer keeps its Idempotency-Key, so a retry
 * never adds the partner twice.
 *
 *   const r = await addPartnerDialog();   // { partner, invitation } or null
 */
import { html } from '../html.js';
import * as api from '../api.js';
import { formDialog } from './dialog.js';
import { field, showErrors, clearErrors, setFieldError, validators, check } from './form.js';
import { t, languages, getLanguage } from '../i18n.js';
import { newIdempotencyKey } from '../customers.js';

const NAME_MAX = 100;

export async function addPartnerDialog() {
  let created = null;
  let attempt = null;
  const lang = getLanguage();
  const body = html`
    <form class="form" novalidate data-ref="partner-form">
      ${field({
        id: 'partner-name', label: t('opc.partner.field.name'), hint: t('opc.partner.field.name.hint'),
        input: html`<input class="input" id="partner-name" name="name" type="text" maxlength="200" autocomplete="organization"
          aria-describedby="partner-name-hint" required>`,
      })}
      ${field({
        id: 'partner-admin-email', label: t('opc.partner.field.email'), hint: t('opc.partner.field.email.hint'),
        input: html`<input class="input" id="partner-admin-email" name="admin_email" type="email" autocomplete="off"
          inputmode="email" spellcheck="false" autocapitalize="off" aria-describedby="partner-admin-email-hint" required>`,
      })}
      ${field({
        id: 'partner-language', label: t('opc.partner.field.language'),
        input: html`<select class="input select" id="partner-language" name="language">
          ${languages.map((l) => html`<option value="${l.code}" lang="${l.code}" ?selected=${l.code === lang}>${l.label}</option>`)}
        </select>`,
      })}
    </form>`;

  function localErrors(f) {
    const errors = {};
    const name = check(f.elements.name.value, validators.required, (v) => validators.text(v, NAME_MAX));
    if (name) errors.name = name;
    const email = check(f.elements.admin_email.value, validators.required, validators.email);
    if (email) errors.admin_email = email;
    return errors;
  }

  const ok = await formDialog({
    title: t('opc.partner.add.title'),
    message: t('opc.partner.add.message'),
    body,
    confirm: t('opc.partner.add.confirm'),
    onOpen(box) {
      box.classList.add('dialog-scroll');
      const f = box.querySelector('form');
      f.addEventListener('input', (e) => { if (e.target.name) setFieldError(f, e.target.name, ''); });
      // Enter in a field adds, as in any form.
      f.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' && e.target.matches('input')) { e.preventDefault(); box.querySelector('[data-answer="yes"]').click(); }
      });
      f.elements.name.focus();
    },
    async onConfirm(box) {
      const f = box.querySelector('form');
      clearErrors(f);
      const errors = localErrors(f);
      if (Object.keys(errors).length) { showErrors(f, errors); return false; }
      const req = { name: f.elements.name.value.trim(), admin_email: f.elements.admin_email.value.trim(), language: f.elements.language.value };
      const json = JSON.stringify(req);
      // The same request again after no answer keeps its key, so it is never applied twice.
      const key = attempt && attempt.json === json && !attempt.answered ? attempt.key : newIdempotencyKey();
      attempt = { json, key, answered: false };
      try {
        created = await api.operator.partners.add(req, key);
        return true;
      } catch (e) {
        attempt.answered = e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 429;
        if (e.status === 401) return false;
        if (e.status === 422 && e.fields && showErrors(f, e.fields)) return false;
        return e.message;
      }
    },
  });
  return ok ? created : null;
}

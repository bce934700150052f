/*
 * create-company.js - New company console, from the profile: Company name,
 * Region (the country the company is in) and whether the console is
 * single-tenant (the company's own devices) or multi-tenant (sites, each
 * with its own devices), each choice saying what it means. The choice is
 * made once: it cannot be changed later, and the dialog says so.
 *
 *   const account = await openCreateCompany();   // null when cancelled
 *
 * The server checks everything again; its field errors land beside the
 * fields.
 */
import { html } from '../html.js';
import * as api from '../api.js';
import { formDialog } from './dialog.js';
import { field, validators, check, showErrors, clearErrors, setFieldError } from './form.js';
import { comboboxInput, attachCombobox } from './combobox.js';
import { countries } from '../customers.js';
import { t } from '../i18n.js';

const NAME_MAX = 100;
const TENANCIES = ['single', 'multi'];

export function openCreateCompany() {
  let created = null;
  let region = null;
  const body = html`
    <form class="form" novalidate data-ref="companyForm" @submit=${(e) => e.preventDefault()}
          @input=${(e) => { if (e.target.name) setFieldError(e.currentTarget, e.target.name, ''); }}
          @change=${(e) => { for (const l of e.currentTarget.querySelectorAll('.choice-card')) l.classList.toggle('is-checked', l.querySelector('input').checked); }}>
      ${field({
        id: 'company-name', label: t('company.create.name'),
        input: html`<input class="input" id="company-name" name="name" type="text" autocomplete="organization" maxlength="200" required aria-required="true">`,
      })}
      ${field({
        id: 'company-region', label: t('company.create.region'), hint: t('company.create.region.hint'),
        input: comboboxInput({ id: 'company-region', name: 'region', placeholder: t('customer.field.country.placeholder'), describedBy: 'company-region-hint' }),
      })}
      <fieldset class="choice-group" id="company-tenancy">
        <legend class="group-label">${t('company.create.tenancy')}</legend>
        <div class="choice-list" role="radiogroup" aria-label="${t('company.create.tenancy')}">
          ${TENANCIES.map((k) => html`
            <label class="${k === 'single' ? 'choice-card is-checked' : 'choice-card'}">
              <input type="radio" name="tenancy" value="${k}" ?checked=${k === 'single'}>
              <span class="choice-body">
                <span class="choice-title">${t('company.tenancy.' + k)}</span>
                <span class="choice-text">${t('company.tenancy.' + k + '.text')}</span>
              </span>
            </label>`)}
        </div>
        <p class="field-hint">${t('company.create.tenancy.hint')}</p>
      </fieldset>
    </form>`;
  return formDialog({
    title: t('company.create.title'),
    message: t('company.create.text'),
    body,
    confirm: t('company.create.confirm'),
    onOpen(box) {
      region = attachCombobox(box.querySelector('#company-region'), {
        options: [], noMatch: t('customer.field.country.none'), listLabel: t('company.create.region'),
        onChange: () => setFieldError(box.querySelector('form'), 'region', ''),
      });
      countries().then((list) => region.setOptions(list.map((c) => ({
        value: c.code, label: c.name, alt: c.name_en === c.name ? c.code : c.name_en + ' ' + c.code,
      })))).catch(() => { /* a code typed exactly is still taken; the server checks it */ });
    },
    async onConfirm(box) {
      const form = box.querySelector('form');
      clearErrors(form);
      const name = form.elements.name.value;
      const errors = {};
      const nameError = check(name, validators.required, (x) => validators.text(x, NAME_MAX));
      if (nameError) errors.name = nameError;
      const typed = form.elements.region.value.trim();
      const code = region.value || (/^[A-Za-z]{2}$/.test(typed) ? typed.toUpperCase() : null);
      if (!code) errors.region = typed ? t('company.create.region.choose') : t('form.required');
      if (Object.keys(errors).length) {
        showErrors(form, errors);
        return false;
      }
      try {
        created = await api.accounts.createCompany({ name: name.trim(), region: code, tenancy: form.elements.tenancy.value });
      } catch (e) {
        if (e.status === 422 && e.fields && showErrors(form, e.fields)) return false;
        return e.message;
      }
      return true;
    },
  }).then((ok) => (ok ? created : null));
}

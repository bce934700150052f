/*
 * form.js - form fields with inline validation.
 *
 * field({ id, label, input, hint }) lays out a label, a control and the place
 * for its error message. setFieldError(form, name, message) shows a message
 * beside the control named `name` (aria-invalid + aria-describedby) and
 * clearErrors(form) removes them all. validators check values the same way
 * the server does, so most mistakes are shown before anything is sent.
 */
import { html, render } from '../html.js';
import { icon } from './icons.js';
import { t } from '../i18n.js';

export function field({ id, label, input, hint = '', optional = false }) {
  return html`
    <div class="field" data-field="${id}">
      <label class="field-label" for="${id}">${label}${optional ? html` <span class="field-optional">${t('form.optional')}</span>` : ''}</label>
      ${input}
      ${hint ? html`<p class="field-hint" id="${id + '-hint'}">${hint}</p>` : ''}
      <p class="field-error" id="${id + '-error'}" hidden></p>
    </div>`;
}

function controlFor(form, name) {
  return form.elements.namedItem(name);
}

export function setFieldError(form, name, message) {
  const control = controlFor(form, name);
  if (!control || !control.id) return false;
  const box = form.querySelector(`#${CSS.escape(control.id)}-error`);
  if (!box) return false;
  const describedBy = new Set((control.getAttribute('aria-describedby') || '').split(' ').filter(Boolean));
  if (message) {
    render(box, html`${icon('error', 'field-error-icon')}<span>${message}</span>`);
    box.hidden = false;
    control.setAttribute('aria-invalid', 'true');
    describedBy.add(box.id);
  } else {
    box.hidden = true;
    box.textContent = '';
    control.removeAttribute('aria-invalid');
    describedBy.delete(box.id);
  }
  if (describedBy.size) control.setAttribute('aria-describedby', [...describedBy].join(' '));
  else control.removeAttribute('aria-describedby');
  return true;
}

export function clearErrors(form) {
  for (const box of form.querySelectorAll('.field-error')) {
    const id = box.id.replace(/-error$/, '');
    const control = form.querySelector(`#${CSS.escape(id)}`);
    if (control && control.name) setFieldError(form, control.name, '');
  }
}

/** Shows every message of errors ({name: message}); focuses the first. */
export function showErrors(form, errors) {
  let first = null;
  for (const [name, message] of Object.entries(errors)) {
    if (setFieldError(form, name, message) && !first) first = controlFor(form, name);
  }
  first?.focus();
  return first !== null;
}

/** A form-level message (role=alert); kind: error | info | success. */
export function banner(kind, message, title = '') {
  const name = { error: 'error', info: 'info', success: 'success', warning: 'warning' }[kind] || 'info';
  return html`
    <div class="${'banner banner-' + kind}" role="${kind === 'error' ? 'alert' : 'status'}">
      ${icon(name, 'banner-icon')}
      <div>
        ${title ? html`<p class="banner-title">${title}</p>` : ''}
        <p class="banner-text">${message}</p>
      </div>
    </div>`;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const validators = {
  required(v) {
    if (!v) return t('form.required');
    if (!v.trim()) return t('form.blank');
    return '';
  },
  email(v) {
    // Local part @ domain with a dot; internationalised domains are allowed.
    const ok = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"_]+\.[^\s@<>()[\],;:"_.]{2,}$/u.test(v.trim());
    return ok ? '' : t('form.emailInvalid');
  },
  text(v, max) {
    if (CONTROL.test(v)) return t('form.controlChars');
    if ([...v.trim()].length > max) return t('form.tooLong', { max });
    return '';
  },
};

/** The first failing check's message, or ''. */
export function check(value, ...checks) {
  for (const c of checks) {
    const m = c(value);
    if (m) return m;
  }
  return '';
}

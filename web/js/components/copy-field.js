/*
 * copy-field.js - a value to copy (a token, a secret, a command): a
 * read-only field with a Copy button beside it and a line that says
 * "Copied" once it worked.
 *
 *   ${copyField({ id, label, value, multiline })}     in a dialog's markup
 *   box.addEventListener('click', onCopyClick);       once, on a container
 *
 * Copying uses the clipboard API; where it is missing or refused, the text
 * is selected and copied the old way, else left selected with a line
 * saying to press Ctrl+C. A click in the field selects all of it.
 */
import { html } from '../html.js';
import { icon } from './icons.js';
import { t } from '../i18n.js';

/** Copies text; answers true when it reached the clipboard. el: a field holding it, selected as a fallback. */
export async function copyText(text, el = null) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch { /* fall back below */ }
  if (el) {
    el.focus();
    el.select?.();
    try { if (document.execCommand('copy')) return true; } catch { /* left selected */ }
  }
  return false;
}

/** The field (id) with its label and Copy button (data-copy-button: name, else id). */
export function copyField({ id, name = id, label, value, multiline = false }) {
  return html`
    <div class="copy-field" data-copy="${name}">
      <label class="field-label" for="${id}">${label}</label>
      <div class="copy-row">
        ${multiline
          ? html`<textarea class="input input-mono copy-value copy-command" id="${id}" readonly rows="4" spellcheck="false">${value}</textarea>`
          : html`<input class="input input-mono copy-value" id="${id}" readonly spellcheck="false" value="${value}">`}
        <button type="button" class="btn btn-secondary copy-button" data-copy-button="${name}" aria-describedby="${id + '-done'}">${icon('copy')}<span>${t('installer.copy')}</span></button>
      </div>
      <p class="copy-done" id="${id + '-done'}" role="status" aria-live="polite"></p>
    </div>`;
}

/** Copies the field of a Copy button and says how it went. */
export async function copyFrom(button) {
  const box = button.closest('.copy-field');
  const field = box.querySelector('.copy-value');
  const done = box.querySelector('.copy-done');
  const ok = await copyText(field.value, field);
  done.textContent = ok ? t('installer.copied') : t('installer.copyManual');
  done.classList.toggle('is-ok', ok);
  if (ok) {
    button.classList.add('is-copied');
    setTimeout(() => { button.classList.remove('is-copied'); if (done.textContent === t('installer.copied')) done.textContent = ''; }, 4000);
  } else {
    field.focus();
    field.select();
  }
}

/** A click handler for a container of copy fields (Copy buttons copy; a click in a field selects it). */
export function onCopyClick(e) {
  const b = e.target.closest('[data-copy-button]');
  if (b) copyFrom(b);
}

/** A focus handler for a container of copy fields: focusing a value selects all of it. */
export function onCopyFocus(e) {
  if (e.target.classList?.contains('copy-value')) e.target.select();
}

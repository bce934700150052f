/*
 * toast.js - short notifications in the corner of the screen.
 *
 * toast('Saved', { kind: 'success' }) shows one for a few seconds; errors stay
 * until dismissed and are announced assertively. A polite and an assertive
 * live region are created once so screen readers hear every toast.
 */
import { html, element } from '../html.js';
import { icon } from './icons.js';
import { t } from '../i18n.js';

let region = null;

function ensureRegion() {
  if (region && region.isConnected) return region;
  region = element(html`<div class="toasts" aria-live="polite" aria-relevant="additions"></div>`);
  document.body.append(region);
  return region;
}

const ICONS = { success: 'success', error: 'error', info: 'info', warning: 'warning' };

/** Shows a toast; returns a function that dismisses it. */
export function toast(message, { kind = 'info', title = '', timeout } = {}) {
  const host = ensureRegion();
  const wait = timeout ?? (kind === 'error' ? 0 : 5000);
  let el = null;
  const dismiss = () => {
    if (!el || !el.isConnected) return;
    el.classList.add('is-leaving');
    setTimeout(() => el.remove(), 150);
  };
  el = element(html`
    <div class="${'toast toast-' + kind}" role="${kind === 'error' ? 'alert' : 'status'}">
      ${icon(ICONS[kind] || 'info', 'toast-icon')}
      <div class="toast-body">
        ${title ? html`<p class="toast-title">${title}</p>` : ''}
        <p class="toast-message">${message}</p>
      </div>
      <button type="button" class="icon-button toast-close" aria-label="${t('common.dismiss')}" @click=${dismiss}>${icon('close')}</button>
    </div>`);
  host.append(el);
  if (wait > 0) setTimeout(dismiss, wait);
  return dismiss;
}

/** Removes every toast (e.g. when the user signs out). */
export function clearToasts() {
  if (region) region.replaceChildren();
}

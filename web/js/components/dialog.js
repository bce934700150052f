/*
 * dialog.js - a small modal question (role="alertdialog").
 *
 *   if (await confirmDialog({ title, message, confirm: 'Discard', danger: true })) ...
 *
 * Resolves true when confirmed, false when cancelled (Cancel, Escape or the
 * backdrop). Focus starts on Cancel, stays in the dialog, and returns to
 * where it was.
 */
import { html, element } from '../html.js';
import { trapFocus } from './focus.js';
import { t } from '../i18n.js';

let counter = 0;

export function confirmDialog({ title, message = '', confirm, cancel, danger = false } = {}) {
  return new Promise((resolve) => {
    const id = 'dialog-' + ++counter;
    const returnTo = document.activeElement;
    const root = element(html`
      <div class="dialog-layer">
        <div class="dialog-backdrop"></div>
        <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="${id + '-t'}" aria-describedby="${id + '-m'}">
          <h2 class="dialog-title" id="${id + '-t'}">${title}</h2>
          <p class="dialog-message" id="${id + '-m'}">${message}</p>
          <div class="dialog-actions">
            <button type="button" class="btn btn-secondary" data-answer="no">${cancel || t('common.cancel')}</button>
            <button type="button" class="${danger ? 'btn btn-danger' : 'btn btn-primary'}" data-answer="yes">${confirm || t('common.ok')}</button>
          </div>
        </div>
      </div>`);
    const box = root.querySelector('.dialog');
    const release = trapFocus(box);
    function done(answer) {
      release();
      document.removeEventListener('keydown', onKey, true);
      root.remove();
      if (returnTo && returnTo.isConnected) returnTo.focus();
      resolve(answer);
    }
    function onKey(e) {
      if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); done(false); }
    }
    root.addEventListener('click', (e) => {
      const b = e.target.closest('[data-answer]');
      if (b) done(b.dataset.answer === 'yes');
      else if (e.target.classList.contains('dialog-backdrop')) done(false);
    });
    document.addEventListener('keydown', onKey, true);
    document.body.append(root);
    root.querySelector('[data-answer="no"]').focus();
  });
}

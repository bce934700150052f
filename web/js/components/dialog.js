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

/**
 * Asks whether to throw away unsaved input in a drawer that is closing;
 * resolves true to discard. `keep` names the button that returns to it.
 */
export function confirmDiscard(title, message, keep = t('create.discard.keep')) {
  return confirmDialog({ title, message, confirm: t('create.discard.confirm'), cancel: keep, danger: true });
}

/**
 * A dialog with content of its own (a choice to make, an explanation):
 *
 *   const answer = await formDialog({
 *     title, message, body,          // body: TemplateResult (controls)
 *     confirm, cancel, danger,       // confirm: '' for an explanation with OK only
 *     onConfirm: async (box) => true | false | 'message',
 *   });
 *
 * onConfirm runs on confirmation (the dialog waits, marked busy): true
 * closes it (resolving true), false keeps it open, a string keeps it open
 * showing that message. Cancel, Escape and the backdrop resolve false;
 * with backdrop: false a click beside the dialog does nothing (a secret
 * shown once is not lost to a stray click).
 */
export function formDialog({ title, message = '', body = '', confirm, cancel, danger = false, onConfirm, onOpen, backdrop = true } = {}) {
  return new Promise((resolve) => {
    const id = 'dialog-' + ++counter;
    const returnTo = document.activeElement;
    const explainOnly = confirm === '';
    const root = element(html`
      <div class="dialog-layer">
        <div class="dialog-backdrop"></div>
        <div class="dialog dialog-form" role="dialog" aria-modal="true" aria-labelledby="${id + '-t'}" aria-describedby="${message ? id + '-m' : ''}">
          <h2 class="dialog-title" id="${id + '-t'}">${title}</h2>
          ${message ? html`<p class="dialog-message" id="${id + '-m'}">${message}</p>` : ''}
          <div class="dialog-body">${body}</div>
          <p class="field-error dialog-error" role="alert" hidden></p>
          <div class="dialog-actions">
            ${explainOnly ? '' : html`<button type="button" class="btn btn-secondary" data-answer="no">${cancel || t('common.cancel')}</button>`}
            <button type="button" class="${danger ? 'btn btn-danger' : 'btn btn-primary'}" data-answer="yes">${explainOnly ? t('common.ok') : confirm || t('common.ok')}</button>
          </div>
        </div>
      </div>`);
    const box = root.querySelector('.dialog');
    const errorEl = root.querySelector('.dialog-error');
    const yes = root.querySelector('[data-answer="yes"]');
    const release = trapFocus(box);
    let busy = false;
    function done(answer) {
      release();
      document.removeEventListener('keydown', onKey, true);
      root.remove();
      if (returnTo && returnTo.isConnected) returnTo.focus();
      resolve(answer);
    }
    async function accept() {
      if (busy) return;
      if (explainOnly || !onConfirm) { done(!explainOnly); return; }
      busy = true;
      yes.disabled = true;
      box.setAttribute('aria-busy', 'true');
      let r;
      try { r = await onConfirm(box); } catch (e) { r = e.message || String(e); }
      busy = false;
      if (!root.isConnected) return;
      yes.disabled = false;
      box.setAttribute('aria-busy', 'false');
      if (r === true) { done(true); return; }
      if (typeof r === 'string' && r) {
        errorEl.textContent = r;
        errorEl.hidden = false;
      }
    }
    function onKey(e) {
      if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); if (!busy) done(false); }
    }
    root.addEventListener('click', (e) => {
      const b = e.target.closest('[data-answer]');
      if (b) { if (b.dataset.answer === 'yes') accept(); else if (!busy) done(false); }
      else if (e.target.classList.contains('dialog-backdrop') && !busy && backdrop) done(false);
    });
    document.addEventListener('keydown', onKey, true);
    document.body.append(root);
    onOpen?.(box);
    const first = box.querySelector('.dialog-body select, .dialog-body input, .dialog-body button');
    (first || (explainOnly ? yes : root.querySelector('[data-answer="no"]'))).focus();
  });
}

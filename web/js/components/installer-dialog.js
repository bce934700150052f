/*
 * installer-dialog.js - the installer of a customer or of one of its sites,
 * or of a company console or one of its sites (admins only: its token
 * enrols devices, so viewers never see it).
 *
 *   openInstaller({ account, customer, site })   site: null for the customer's own
 *   (a company console: customer is companyOwner(account), companies.js)
 *
 * It shows the command a technician pastes on a Debian or Ubuntu device
 * (it downloads the agent package from this hub, installs it, enrols the
 * device with the token and starts the agent), a Copy button for it and for
 * the token (the clipboard API, else the text is selected and copied the
 * old way, else left selected for Ctrl+C; "Copied" says it worked), the
 * package's download link, and Rotate token: after a confirmation in the
 * dialog that the old token stops enrolling devices, a new token and
 * command replace the old ones (devices enrolled already keep working).
 */
import { html, element, render } from '../html.js';
import * as api from '../api.js';
import { trapFocus } from './focus.js';
import { icon } from './icons.js';
import { banner } from './form.js';
import { toast } from './toast.js';
import { t, formatDateTime } from '../i18n.js';
import { copyField, onCopyClick, onCopyFocus } from './copy-field.js';

let counter = 0;

export function openInstaller({ account, customer, site = null }) {
  const id = 'installer-' + ++counter;
  const returnTo = document.activeElement;
  const where = site ? t('installer.forSite', { site: site.name, company: customer.company }) : customer.company;
  let inst = null;
  let problem = '';
  let confirming = false;
  let rotating = false;

  const root = element(html`
    <div class="dialog-layer">
      <div class="dialog-backdrop"></div>
      <div class="dialog dialog-form dialog-installer" role="dialog" aria-modal="true" aria-labelledby="${id + '-t'}" aria-describedby="${id + '-m'}">
        <h2 class="dialog-title" id="${id + '-t'}">${t('installer.title', { where })}</h2>
        <p class="dialog-message" id="${id + '-m'}">${t(site ? 'installer.intro.site' : customer.own ? 'installer.intro.company' : 'installer.intro.customer', { company: customer.company, site: site?.name || '' })}</p>
        <div class="dialog-body" data-ref="body"></div>
        <div class="dialog-actions">
          <button type="button" class="btn btn-primary" data-ref="close">${t('common.close')}</button>
        </div>
      </div>
    </div>`);
  const box = root.querySelector('.dialog');
  const body = root.querySelector('[data-ref="body"]');
  const release = trapFocus(box);

  function close() {
    release();
    document.removeEventListener('keydown', onKey, true);
    root.remove();
    if (returnTo && returnTo.isConnected) returnTo.focus();
  }
  function onKey(e) {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    if (confirming && !rotating) { confirming = false; draw(); body.querySelector('[data-ref="rotate"]')?.focus(); } else if (!rotating) close();
  }

  function draw() {
    if (problem && !inst) {
      render(body, banner('error', problem));
      return;
    }
    if (!inst) {
      render(body, html`<div class="page-loading" role="status"><span class="spinner"></span><span>${t('common.loading')}</span></div>`);
      return;
    }
    render(body, html`
      ${copyField({ id: id + '-command', name: 'command', label: t('installer.command'), value: inst.command, multiline: true })}
      <p class="field-hint installer-hint">${t('installer.command.hint')}</p>
      ${copyField({ id: id + '-token', name: 'token', label: t('installer.token'), value: inst.token })}
      <div class="installer-links">
        <a class="external" href="${inst.package_url}" download data-native>${icon('download', 'external-icon')}<span>${t('installer.package')}</span></a>
        <span class="muted small">${inst.rotated_at ? t('installer.issuedAt', { date: formatDateTime(inst.rotated_at) }) : ''}</span>
      </div>
      ${problem ? banner('error', problem) : ''}
      ${confirming ? html`
        <div class="callout callout-warning installer-confirm" role="group" aria-labelledby="${id + '-rq'}">
          ${icon('warning', 'callout-icon')}
          <div class="callout-body">
            <p class="callout-title" id="${id + '-rq'}">${t('installer.rotate.title')}</p>
            <p>${t('installer.rotate.text', { where })}</p>
            <div class="callout-actions">
              <button type="button" class="btn btn-secondary btn-sm" data-ref="rotateNo" ?disabled=${rotating}>${t('common.cancel')}</button>
              <button type="button" class="btn btn-danger btn-sm" data-ref="rotateYes" ?disabled=${rotating}>${rotating ? html`<span class="spinner spinner-light"></span>` : ''}<span>${t('installer.rotate.confirm')}</span></button>
            </div>
          </div>
        </div>` : html`
        <div class="installer-rotate">
          <button type="button" class="btn btn-secondary btn-sm" data-ref="rotate">${icon('key')}<span>${t('installer.rotate')}</span></button>
          <span class="muted small">${t('installer.rotate.hint')}</span>
        </div>`}`);
  }

  async function load() {
    try {
      inst = await api.installers.get(account.id, customer.id, site?.id || null);
      problem = '';
    } catch (e) {
      if (e.status === 401) { close(); return; }
      problem = e.message;
    }
    if (root.isConnected) draw();
  }

  async function rotate() {
    rotating = true;
    draw();
    try {
      inst = await api.installers.rotate(account.id, customer.id, site?.id || null);
      problem = '';
      confirming = false;
      rotating = false;
      draw();
      toast(t('installer.rotate.done', { where }), { kind: 'success' });
      body.querySelector('#' + CSS.escape(id + '-token'))?.focus();
    } catch (e) {
      rotating = false;
      if (e.status === 401) { close(); return; }
      problem = e.message;
      draw();
    }
  }

  root.addEventListener('click', (e) => {
    if (e.target.closest('[data-ref="close"]') || (e.target.classList.contains('dialog-backdrop') && !rotating)) { close(); return; }
    if (e.target.closest('[data-copy-button]')) { onCopyClick(e); return; }
    if (e.target.closest('[data-ref="rotate"]')) {
      confirming = true;
      draw();
      body.querySelector('[data-ref="rotateNo"]')?.focus();
      return;
    }
    if (e.target.closest('[data-ref="rotateNo"]')) {
      confirming = false;
      draw();
      body.querySelector('[data-ref="rotate"]')?.focus();
      return;
    }
    if (e.target.closest('[data-ref="rotateYes"]')) rotate();
  });
  // A click in the command or token selects all of it.
  root.addEventListener('focusin', onCopyFocus);
  document.addEventListener('keydown', onKey, true);
  document.body.append(root);
  draw();
  root.querySelector('[data-ref="close"]').focus();
  load();
  return { close };
}

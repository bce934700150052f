/*
 * profile-security.js - the security cards of the profile page:
 *
 *   passwordCard()           current, new and repeated password -> POST /me/password
 *   sessionsCard()           the user's signed-in sessions, each other one with Sign out
 *   twoStepCard()            set up two-step verification: QR code, the secret
 *                            in groups of four, a first code, then the
 *                            recovery codes shown once; when on, the
 *                            recovery codes left, new ones and turning it
 *                            off, each proven with a code in a dialog
 *   mountSecurity(root)      wires them once the page is in the document
 *
 * The password policy's messages come from the server (422, under the
 * fields); a 429 says when to try again. The QR code is the server's SVG
 * shown as an image (a data: URL set on the element), never as markup.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card } from './ui.js';
import { field, showErrors, clearErrors, setFieldError, banner } from './form.js';
import { confirmDialog, formDialog } from './dialog.js';
import { toast } from './toast.js';
import { icon } from './icons.js';
import { t, formatDateTime, formatRelative } from '../i18n.js';

/** "Chrome on Windows" from a User-Agent header; '' when nothing is recognised. */
export function describeAgent(ua = '') {
  const browsers = [
    [/Edg(?:e|A|iOS)?\//, 'Edge'], [/OPR\/|Opera/, 'Opera'], [/Firefox\/|FxiOS\//, 'Firefox'],
    [/CriOS\/|Chrome\/|Chromium\//, 'Chrome'], [/Version\/[\d.]+.*Safari\//, 'Safari'],
    [/^curl\//, 'curl'], [/node|undici/i, 'Node.js'],
  ];
  const systems = [
    [/iPhone|iPad|iPod/, 'iOS'], [/Android/, 'Android'], [/CrOS/, 'ChromeOS'], [/Windows/, 'Windows'],
    [/Mac OS X|Macintosh/, 'macOS'], [/Linux|X11/, 'Linux'],
  ];
  const b = browsers.find(([re]) => re.test(ua))?.[1] || '';
  const os = systems.find(([re]) => re.test(ua))?.[1] || '';
  if (b && os) return t('profile.sessions.agent', { browser: b, os });
  return b || os;
}

function waitText(seconds) {
  const s = Math.max(1, Math.ceil(seconds || 60));
  return s < 60 ? t('signin.seconds', { n: s }) : t('signin.minutes', { n: Math.ceil(s / 60) });
}

// ---- password ------------------------------------------------------------------

export function passwordCard() {
  const pw = (id, name, label, auto) => field({
    id, label,
    input: html`<input class="input" id="${id}" name="${name}" type="password" autocomplete="${auto}" maxlength="200">`,
  });
  return card({
    title: t('profile.password'),
    subtitle: t('profile.password.subtitle'),
    body: html`
      <form class="form form-narrow" novalidate data-ref="passwordForm">
        <div data-ref="passwordNotice"></div>
        ${pw('pw-current', 'current_password', t('profile.password.current'), 'current-password')}
        ${pw('pw-new', 'new_password', t('profile.password.new'), 'new-password')}
        ${pw('pw-confirm', 'confirm_password', t('profile.password.confirm'), 'new-password')}
        <div class="form-actions">
          <button type="submit" class="btn btn-primary">${t('profile.password.submit')}</button>
        </div>
      </form>`,
  });
}

function wirePassword(root, { onChanged }) {
  const form = root.querySelector('[data-ref="passwordForm"]');
  const notice = form.querySelector('[data-ref="passwordNotice"]');
  let busy = false;
  form.addEventListener('input', (e) => { if (e.target.name) setFieldError(form, e.target.name, ''); });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy) return;
    clearErrors(form);
    render(notice, '');
    const cur = form.elements.current_password.value;
    const neu = form.elements.new_password.value;
    const again = form.elements.confirm_password.value;
    const errors = {};
    if (!cur) errors.current_password = t('form.required');
    if (!neu) errors.new_password = t('form.required');
    if (neu && again !== neu) errors.confirm_password = t('profile.password.mismatch');
    if (Object.keys(errors).length) { showErrors(form, errors); return; }
    busy = true;
    const submit = form.querySelector('[type="submit"]');
    submit.disabled = true;
    try {
      await api.me.changePassword(cur, neu);
      form.reset();
      render(notice, banner('success', t('profile.password.done')));
      onChanged?.();
    } catch (ex) {
      if (ex.status === 401) return;
      if (ex.status === 429) render(notice, banner('error', t('profile.password.wait', { time: waitText(ex.retryAfter) })));
      else if (ex.status === 422 && (Object.keys(ex.fields || {}).length || ex.field)) {
        showErrors(form, Object.keys(ex.fields || {}).length ? ex.fields : { [ex.field]: ex.message });
      } else render(notice, banner('error', ex.message || t('error.network')));
    } finally {
      busy = false;
      submit.disabled = false;
    }
  });
}

// ---- sessions --------------------------------------------------------------------

export function sessionsCard() {
  return card({
    title: t('profile.sessions'),
    subtitle: t('profile.sessions.subtitle'),
    flush: true,
    body: html`<div data-ref="sessions" aria-live="polite"><p class="card-pad muted loading-line"><span class="spinner"></span>${t('common.loading')}</p></div>`,
  });
}

function wireSessions(root) {
  const box = root.querySelector('[data-ref="sessions"]');
  let items = [];
  async function load() {
    try {
      items = (await api.me.sessions()).items;
      draw();
    } catch (ex) {
      if (ex.status !== 401) render(box, html`<div class="card-pad">${banner('error', ex.message)}</div>`);
    }
  }
  function draw() {
    render(box, html`<ul class="session-list">
      ${items.map((s) => {
        const what = describeAgent(s.user_agent) || t('profile.sessions.unknown');
        return html`<li class="session-row">
          <span class="session-icon" aria-hidden="true">${icon('devices')}</span>
          <div class="session-main">
            <span class="session-name">${what}${s.current ? html` <span class="badge badge-ok">${t('profile.sessions.current')}</span>` : ''}</span>
            <span class="session-sub">${[s.ip, t('profile.sessions.signedIn', { time: formatDateTime(s.created_at) }),
              t('profile.sessions.lastSeen', { time: formatRelative(s.last_seen_at) })].filter(Boolean).join(' · ')}</span>
          </div>
          ${s.current ? '' : html`<button type="button" class="btn btn-secondary btn-sm" data-end="${s.id}"
              aria-label="${t('profile.sessions.endLabel', { what })}">${t('profile.sessions.end')}</button>`}
        </li>`;
      })}
    </ul>`);
  }
  box.addEventListener('click', async (e) => {
    const b = e.target.closest('[data-end]');
    if (!b) return;
    b.disabled = true;
    try {
      await api.me.endSession(b.dataset.end);
      const s = items.find((x) => x.id === b.dataset.end);
      items = items.filter((x) => x.id !== b.dataset.end);
      draw();
      toast(t('profile.sessions.ended', { what: describeAgent(s?.user_agent) || t('profile.sessions.unknown') }), { kind: 'success' });
      box.closest('.card')?.querySelector('.card-title')?.setAttribute('tabindex', '-1');
      (box.querySelector('[data-end]') || box.closest('.card')?.querySelector('.card-title'))?.focus();
    } catch (ex) {
      b.disabled = false;
      if (ex.status !== 401) toast(ex.message, { kind: 'error' });
    }
  });
  load();
  return { reload: load };
}

// ---- two-step verification ------------------------------------------------------

export function twoStepCard() {
  return card({
    title: t('profile.totp'),
    subtitle: t('profile.totp.subtitle'),
    body: html`<div data-ref="totp"></div>`,
  });
}

function wireTwoStep(root, { onOn } = {}) {
  const box = root.querySelector('[data-ref="totp"]');
  let st = { step: 'loading' };

  async function load() {
    try {
      const r = await api.me.totp();
      st = r.on ? { step: 'on', left: r.recovery_codes_left } : { step: 'start' };
    } catch (ex) {
      if (ex.status === 401) return;
      st = { step: 'start' };
    }
    draw();
  }

  // Asks for a current code (or an unused recovery code) in a dialog and
  // sends it with `action`; resolves to its answer, or null when cancelled.
  async function withCode({ title, message, confirm, danger, action }) {
    let answer = null;
    const ok = await formDialog({
      title, message, confirm, danger,
      body: html`<form class="form" novalidate data-ref="codeForm">
        ${field({
          id: 'totp-proof', label: t('profile.totp.proof'), hint: t('profile.totp.proofHint'),
          input: html`<input class="input totp-proof" id="totp-proof" name="code" type="text" autocomplete="one-time-code"
            autocapitalize="off" spellcheck="false" maxlength="40" aria-describedby="totp-proof-hint">`,
        })}
      </form>`,
      onOpen: (dlg) => {
        const form = dlg.querySelector('[data-ref="codeForm"]');
        form.addEventListener('submit', (e) => { e.preventDefault(); dlg.querySelector('[data-answer="yes"]').click(); });
        form.addEventListener('input', () => setFieldError(form, 'code', ''));
      },
      onConfirm: async (dlg) => {
        const form = dlg.querySelector('[data-ref="codeForm"]');
        const code = form.elements.code.value.trim();
        const fail = (msg) => { setFieldError(form, 'code', msg); form.elements.code.focus(); return false; };
        if (!code) return fail(t('profile.totp.proofRequired'));
        try {
          answer = (await action(code)) || {};
          return true;
        } catch (ex) {
          if (ex.status === 401) return true;
          if (ex.status === 429) return fail(t('profile.totp.wait', { time: waitText(ex.retryAfter) }));
          if (ex.status === 422) return fail(ex.fields?.code || ex.message);
          if (ex.status === 409) { answer = null; return true; }
          return ex.message || t('error.network');
        }
      },
    });
    return ok ? answer : null;
  }

  function draw() {
    if (st.step === 'loading') {
      render(box, html`<p class="muted loading-line"><span class="spinner"></span>${t('common.loading')}</p>`);
    } else if (st.step === 'on') {
      const left = st.left;
      render(box, html`<p class="totp-on"><span class="badge badge-ok">${icon('check', 'badge-icon')}${t('profile.totp.on')}</span>
        ${Number.isInteger(left) ? html`<span class="totp-left" data-ref="codesLeft">${t(left === 1 ? 'profile.totp.left.one' : 'profile.totp.left.other', { n: left })}</span>` : ''}</p>
        <p class="small">${t('profile.totp.onText')}</p>
        ${left === 0 ? banner('warning', t('profile.totp.noneLeft')) : ''}
        <div class="totp-actions">
          <button type="button" class="btn btn-secondary" data-ref="totpNewCodes">${t('profile.totp.newCodes')}</button>
          <button type="button" class="btn btn-secondary" data-ref="totpOff">${t('profile.totp.off')}</button>
        </div>`);
    } else if (st.step === 'start') {
      render(box, html`
        <p class="small">${t('profile.totp.intro')}</p>
        <div data-ref="totpError"></div>
        <div class="form-actions"><button type="button" class="btn btn-primary" data-ref="totpStart">${t('profile.totp.start')}</button></div>`);
    } else if (st.step === 'scan') {
      const groups = st.secret.match(/.{1,4}/g).join(' ');
      render(box, html`
        <ol class="totp-steps">
          <li>${t('profile.totp.scan')}
            <img class="totp-qr" data-ref="qr" width="180" height="180" alt="${t('profile.totp.qrAlt')}"></li>
          <li>${t('profile.totp.type')}
            <code class="totp-secret" data-ref="secret" aria-label="${t('profile.totp.secretLabel')}">${groups}</code></li>
          <li>
            <form class="form form-narrow" novalidate data-ref="totpForm">
              ${field({
                id: 'totp-code', label: t('profile.totp.code'), hint: t('profile.totp.codeHint'),
                input: html`<input class="input totp-code" id="totp-code" name="code" type="text" inputmode="numeric"
                  autocomplete="one-time-code" maxlength="8" aria-describedby="totp-code-hint">`,
              })}
              <div class="form-actions"><button type="submit" class="btn btn-primary">${t('profile.totp.confirm')}</button></div>
            </form>
          </li>
        </ol>`);
      box.querySelector('[data-ref="qr"]').src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(st.qr);
    } else if (st.step === 'codes') {
      render(box, html`
        ${banner('success', st.renewed ? t('profile.totp.renewed') : t('profile.totp.nowOn'))}
        <p class="totp-store"><strong>${t('profile.totp.storeNow')}</strong></p>
        <ul class="recovery-codes" aria-label="${t('profile.totp.codesLabel')}">
          ${st.codes.map((c) => html`<li><code>${c}</code></li>`)}
        </ul>
        <div class="form-actions">
          <button type="button" class="btn btn-secondary" data-ref="copyCodes">${icon('copy')}<span>${t('profile.totp.copy')}</span></button>
          <button type="button" class="btn btn-primary" data-ref="codesDone">${t('profile.totp.stored')}</button>
        </div>`);
    }
  }

  box.addEventListener('click', async (e) => {
    if (e.target.closest('[data-ref="totpNewCodes"]')) {
      const r = await withCode({
        title: t('profile.totp.newCodes.title'), message: t('profile.totp.newCodes.text'),
        confirm: t('profile.totp.newCodes.confirm'), action: (code) => api.me.newRecoveryCodes(code),
      });
      if (!r) { await load(); return; }
      st = { step: 'codes', codes: r.recovery_codes || [], renewed: true };
      draw();
      box.querySelector('.totp-store')?.setAttribute('tabindex', '-1');
      box.querySelector('.totp-store')?.focus();
      return;
    }
    if (e.target.closest('[data-ref="totpOff"]')) {
      const r = await withCode({
        title: t('profile.totp.off.title'), message: t('profile.totp.off.text'),
        confirm: t('profile.totp.off.confirm'), danger: true, action: (code) => api.me.disableTotp(code),
      });
      if (!r) { await load(); return; }
      toast(t('profile.totp.offDone'), { kind: 'success' });
      st = { step: 'start' };
      draw();
      box.querySelector('[data-ref="totpStart"]')?.focus();
      return;
    }
    if (e.target.closest('[data-ref="totpStart"]')) {
      const b = e.target.closest('button');
      b.disabled = true;
      try {
        const r = await api.me.startTotp();
        st = { step: 'scan', secret: r.secret, qr: r.qr_svg };
        draw();
        box.querySelector('#totp-code').focus();
      } catch (ex) {
        if (ex.status === 409 && ex.code === 'totp_enabled') { load(); return; }
        b.disabled = false;
        if (ex.status !== 401) render(box.querySelector('[data-ref="totpError"]'), banner('error', ex.message || t('error.network')));
      }
    } else if (e.target.closest('[data-ref="copyCodes"]')) {
      try {
        await navigator.clipboard.writeText(st.codes.join('\n'));
        toast(t('common.copied'), { kind: 'success' });
      } catch { toast(t('common.copyFailed'), { kind: 'error' }); }
    } else if (e.target.closest('[data-ref="codesDone"]')) {
      if (!(await confirmDialog({ title: t('profile.totp.storedTitle'), message: t('profile.totp.storedText'), confirm: t('profile.totp.storedYes') }))) return;
      st = { step: 'on', left: st.codes.length };
      draw();
      box.querySelector('[data-ref="totpNewCodes"]')?.focus();
    }
  });
  box.addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = e.target;
    clearErrors(form);
    const code = form.elements.code.value.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(code)) { showErrors(form, { code: t('profile.totp.codeFormat') }); return; }
    const submit = form.querySelector('[type="submit"]');
    submit.disabled = true;
    try {
      const r = await api.me.confirmTotp(code);
      st = { step: 'codes', codes: r.recovery_codes || [] };
      draw();
      onOn?.();
      box.querySelector('.totp-store')?.setAttribute('tabindex', '-1');
      box.querySelector('.totp-store')?.focus();
    } catch (ex) {
      submit.disabled = false;
      if (ex.status === 401) return;
      if (ex.status === 409 && ex.code === 'totp_enabled') { load(); return; }
      showErrors(form, { code: ex.fields?.code || ex.message });
    }
  });
  draw();
  load();
}

/** onTwoStepOn: called when two-step verification has just been turned on. */
export function mountSecurity(root, { onTwoStepOn } = {}) {
  const sessions = wireSessions(root);
  wirePassword(root, { onChanged: () => sessions.reload() });
  wireTwoStep(root, { onOn: onTwoStepOn });
}


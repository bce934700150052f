/*
 * signin.js - the sign-in page (/signin).
 *
 * E-mail and password with inline checks before anything is sent, the
 * server's answer shown where it belongs (wrong credentials and network
 * trouble above the form, field messages beside the fields, rate limiting
 * with a countdown from Retry-After during which the button stays disabled),
 * and a language switch that works before sign-in. With two-step
 * verification on, the server answers the right password with 401
 * totp_required: the page then asks for the authenticator app's code (or a
 * recovery code) and sends the e-mail and password again with it; a wrong
 * code (bad_totp) is shown under the code field as the server words it.
 */
import { html, render } from '../html.js';
import { icon } from '../components/icons.js';
import { field, showErrors, clearErrors, setFieldError, banner, validators, check } from '../components/form.js';
import { t, getLanguage, setLanguage } from '../i18n.js';
import { authFrame } from '../components/auth-frame.js';
import { signIn } from '../session.js';

/**
 * Renders the page into root. opts: flash ({kind, text}) shown above the
 * form, onSignedIn(user) called after a successful sign-in.
 */
export function renderSignIn(root, { flash = null, onSignedIn }) {
  let values = { email: '', password: '', code: '' };
  let step = 'password'; // or 'code' once the server asks for the second step
  let recovery = false;
  let notice = flash;
  let busy = false;
  let lockedUntil = 0;
  let timer = null;
  let pendingErrors = null;

  function draw() {
    document.title = t('signin.documentTitle');
    render(root, authFrame({
      onLanguage: switchLanguage,
      footer: t('signin.footer'),
      card: html`
            <h1 class="auth-title">${step === 'code' ? t('signin.totp.title') : t('signin.title')}</h1>
            <p class="auth-subtitle">${step === 'code' ? t(recovery ? 'signin.recovery.subtitle' : 'signin.totp.subtitle') : t('signin.subtitle')}</p>
            <div class="auth-notice" data-ref="notice">${noticeView()}</div>
            ${step === 'code' ? codeForm() : passwordForm()}
            ${step === 'code' ? '' : html`<p class="auth-forgot"><a href="/forgot">${t('reset.forgotLink')}</a></p>`}`,
    }));
    if (pendingErrors) { showErrors(form(), pendingErrors); pendingErrors = null; }
    updateButton();
  }

  function codeForm() {
    const id = 'signin-code';
    return html`
            <form class="form" novalidate @submit=${onSubmit}>
              ${field({
                id, label: t(recovery ? 'signin.recovery.label' : 'signin.totp.label'),
                input: recovery
                  ? html`<input class="input" id="${id}" name="code" type="text" autocomplete="off" spellcheck="false" autocapitalize="off"
                      placeholder="xxxxx-xxxxx" value="${values.code}"
                      @input=${(e) => { values.code = e.target.value; setFieldError(e.target.form, 'code', ''); }}>`
                  : html`<input class="input totp-code" id="${id}" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                      maxlength="8" value="${values.code}"
                      @input=${(e) => { values.code = e.target.value; setFieldError(e.target.form, 'code', ''); }}>`,
              })}
              <button type="submit" class="btn btn-primary btn-block" data-ref="submit">
                <span class="spinner spinner-light" hidden data-ref="spinner"></span>
                <span data-ref="submitLabel">${t('signin.submit')}</span>
              </button>
              <div class="auth-links">
                <button type="button" class="link-button" @click=${() => switchCode(!recovery)}>${t(recovery ? 'signin.totp.useApp' : 'signin.totp.useRecovery')}</button>
                <button type="button" class="link-button" @click=${startOver}>${t('signin.totp.startOver')}</button>
              </div>
            </form>`;
  }

  function switchCode(r) {
    recovery = r;
    values.code = '';
    draw();
    root.querySelector('#signin-code')?.focus();
  }

  function startOver() {
    step = 'password';
    recovery = false;
    values = { email: values.email, password: '', code: '' };
    setNotice(null);
    draw();
    root.querySelector('#signin-password')?.focus();
  }

  function passwordForm() {
    return html`
            <form class="form" novalidate @submit=${onSubmit}>
              ${field({
                id: 'signin-email', label: t('signin.email'),
                input: html`<input class="input" id="signin-email" name="email" type="email" autocomplete="username"
                  inputmode="email" spellcheck="false" autocapitalize="off" required value="${values.email}"
                  @input=${(e) => { values.email = e.target.value; setFieldError(e.target.form, 'email', ''); }}
                  @blur=${(e) => onBlurEmail(e.target)}>`,
              })}
              ${field({
                id: 'signin-password', label: t('signin.password'),
                input: html`<div class="input-group">
                  <input class="input" id="signin-password" name="password" type="password" autocomplete="current-password"
                    required value="${values.password}"
                    @input=${(e) => { values.password = e.target.value; setFieldError(e.target.form, 'password', ''); }}>
                  <button type="button" class="icon-button input-addon" aria-pressed="false" aria-controls="signin-password"
                    aria-label="${t('signin.showPassword')}" @click=${togglePassword}>${icon('eye')}</button>
                </div>`,
              })}
              <button type="submit" class="btn btn-primary btn-block" data-ref="submit">
                <span class="spinner spinner-light" hidden data-ref="spinner"></span>
                <span data-ref="submitLabel">${t('signin.submit')}</span>
              </button>
            </form>`;
  }

  const form = () => root.querySelector('form');

  function switchLanguage(code) {
    if (code === getLanguage()) return;
    setLanguage(code);
    draw();
    root.querySelector(`.seg-button[lang="${code}"]`)?.focus();
  }

  function togglePassword(e) {
    const btn = e.currentTarget;
    const input = root.querySelector('#signin-password');
    const show = input.type === 'password';
    input.type = show ? 'text' : 'password';
    btn.setAttribute('aria-pressed', String(show));
    btn.setAttribute('aria-label', show ? t('signin.hidePassword') : t('signin.showPassword'));
    render(btn, icon(show ? 'eyeOff' : 'eye'));
  }

  function emailError(v) {
    return check(v, validators.required, validators.email);
  }

  function onBlurEmail(input) {
    // Only complain on blur about something typed, not about an empty field.
    if (input.value.trim()) setFieldError(input.form, 'email', emailError(input.value));
  }

  // A notice's text and title may be functions, so they follow the language.
  function noticeView() {
    if (!notice) return '';
    const text = typeof notice.text === 'function' ? notice.text() : notice.text;
    const title = typeof notice.title === 'function' ? notice.title() : notice.title || '';
    return banner(notice.kind, text, title);
  }

  function setNotice(n) {
    notice = n;
    const box = root.querySelector('[data-ref="notice"]');
    if (box) render(box, noticeView());
  }

  function waitText() {
    return t('signin.rateLimited', { time: formatWait(Math.max(1, Math.ceil((lockedUntil - Date.now()) / 1000))) });
  }

  function updateButton() {
    const submit = root.querySelector('[data-ref="submit"]');
    if (!submit) return;
    const wait = Math.ceil((lockedUntil - Date.now()) / 1000);
    const locked = wait > 0;
    submit.disabled = busy || locked;
    submit.setAttribute('aria-busy', String(busy));
    root.querySelector('[data-ref="spinner"]').hidden = !busy;
    root.querySelector('[data-ref="submitLabel"]').textContent =
      busy ? t('signin.submitting') : locked ? t('signin.waitButton', { time: clock(wait) }) : t('signin.submit');
  }

  function startLock(seconds) {
    lockedUntil = Date.now() + seconds * 1000;
    clearInterval(timer);
    const tick = () => {
      const wait = Math.ceil((lockedUntil - Date.now()) / 1000);
      if (!root.isConnected || !root.querySelector('.auth')) { clearInterval(timer); return; }
      if (wait <= 0) {
        clearInterval(timer);
        setNotice({ kind: 'info', text: () => t('signin.tryAgainNow') });
      } else {
        const msg = root.querySelector('[data-ref="notice"] .banner-text');
        if (msg) msg.textContent = waitText();
      }
      updateButton();
    };
    timer = setInterval(tick, 1000);
  }

  // 42 -> "42 s", 899 -> "14:59"
  function clock(seconds) {
    if (seconds < 60) return `${seconds} s`;
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  }

  function formatWait(seconds) {
    if (seconds < 60) return t('signin.seconds', { n: seconds });
    return t('signin.minutes', { n: Math.ceil(seconds / 60) });
  }

  async function onSubmit(e) {
    e.preventDefault();
    if (busy || lockedUntil > Date.now()) return;
    const f = form();
    clearErrors(f);
    const errors = {};
    if (step === 'code') {
      const code = values.code.trim();
      if (!code) { showErrors(f, { code: t('form.required') }); return; }
      return send(recovery ? { recovery_code: code } : { totp: code.replace(/\s+/g, '') });
    }
    const em = emailError(values.email);
    if (em) errors.email = em;
    const pw = check(values.password, (v) => (v ? '' : t('form.required')));
    if (pw) errors.password = pw;
    if (Object.keys(errors).length) { showErrors(f, errors); return; }
    return send({});
  }

  async function send(extra) {
    busy = true;
    setNotice(null);
    updateButton();
    try {
      const user = await signIn(values.email.trim(), values.password, extra);
      clearInterval(timer);
      onSignedIn(user);
    } catch (err) {
      busy = false;
      if (!root.querySelector('.auth')) return;
      handleError(err);
      updateButton();
    }
  }

  function handleError(err) {
    const f = form();
    if (err.status === 422 && err.fields && Object.keys(err.fields).length) {
      showErrors(f, err.fields);
      return;
    }
    if (err.status === 429) {
      const seconds = err.retryAfter || 60;
      lockedUntil = Date.now() + seconds * 1000;
      setNotice({ kind: 'error', title: () => t('signin.rateLimitedTitle'), text: waitText });
      startLock(seconds);
      return;
    }
    if (err.status === 401 && err.code === 'totp_required') {
      step = 'code';
      recovery = false;
      values.code = '';
      draw();
      root.querySelector('#signin-code')?.focus();
      return;
    }
    if (err.status === 401 && err.code === 'bad_totp' && step === 'code') {
      showErrors(f, { code: err.message });
      return;
    }
    if (err.status === 401) {
      if (step === 'code') { step = 'password'; recovery = false; values.code = ''; draw(); }
      const f2 = form();
      values.password = '';
      f2.elements.password.value = '';
      setNotice({ kind: 'error', title: () => t('signin.failedTitle'), text: err.message });
      f2.elements.password.focus();
      return;
    }
    setNotice({ kind: 'error', text: err.status ? err.message : t('error.network') });
  }

  draw();
  const emailInput = root.querySelector('#signin-email');
  emailInput?.focus();
  return { destroy() { clearInterval(timer); } };
}

/*
 * password-reset.js - a forgotten password, outside the shell.
 *
 *   /forgot        the e-mail address to send a link to; the page then
 *                  says a link is on its way if the address has a login
 *                  (the server never says whether it has)
 *   /reset/{token} the link from the e-mail: whose password it sets, the
 *                  new password typed twice (the server's policy shown
 *                  under the field); then off to sign in, every session
 *                  having ended. A link used or expired says so and
 *                  offers a new one.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { icon } from '../components/icons.js';
import { field, showErrors, clearErrors, setFieldError, banner, validators, check } from '../components/form.js';
import { t, getLanguage, setLanguage } from '../i18n.js';
import { authFrame } from '../components/auth-frame.js';
import { forget } from '../session.js';

/** The shared parts: language switch, drawing, busy button, notice. */
function page(root, { title, card, busyLabel, idleLabel }) {
  const st = { busy: false, notice: null };
  const draw = () => {
    document.title = title();
    render(root, authFrame({ onLanguage: switchLanguage, card: card(st) }));
  };
  function switchLanguage(code) {
    if (code === getLanguage()) return;
    setLanguage(code);
    draw();
    root.querySelector(`.seg-button[lang="${code}"]`)?.focus();
  }
  st.draw = draw;
  st.setBusy = (on) => {
    st.busy = on;
    const b = root.querySelector('form [type="submit"]');
    if (!b) return;
    b.disabled = on;
    b.setAttribute('aria-busy', String(on));
    render(b, on ? html`<span class="spinner spinner-light"></span><span>${busyLabel()}</span>` : html`<span>${idleLabel()}</span>`);
  };
  st.showNotice = (n) => {
    st.notice = n;
    const box = root.querySelector('[data-ref="notice"]');
    if (box) render(box, n ? banner(n.kind, n.text, n.title || '') : '');
  };
  st.noticeView = () => (st.notice ? banner(st.notice.kind, st.notice.text, st.notice.title || '') : '');
  return st;
}

export function renderForgot(root) {
  let sentTo = null;
  let email = '';
  const st = page(root, {
    title: () => t('reset.forgot.documentTitle'),
    busyLabel: () => t('reset.forgot.sending'),
    idleLabel: () => t('reset.forgot.submit'),
    card: (s) => (sentTo ? html`
      <h1 class="auth-title">${t('reset.sent.title')}</h1>
      <p class="auth-subtitle" data-ref="sent" tabindex="-1">${t('reset.sent.text', { email: sentTo })}</p>
      <p class="auth-forgot"><a href="/signin">${t('reset.toSignIn')}</a></p>` : html`
      <h1 class="auth-title">${t('reset.forgot.title')}</h1>
      <p class="auth-subtitle">${t('reset.forgot.subtitle')}</p>
      <div class="auth-notice" data-ref="notice">${s.noticeView()}</div>
      <form class="form" novalidate @submit=${onSubmit}>
        ${field({
          id: 'forgot-email', label: t('signin.email'),
          input: html`<input class="input" id="forgot-email" name="email" type="email" autocomplete="username"
            inputmode="email" spellcheck="false" autocapitalize="off" required value="${email}"
            @input=${(e) => { email = e.target.value; setFieldError(e.target.form, 'email', ''); }}>`,
        })}
        <button type="submit" class="btn btn-primary btn-block"><span>${t('reset.forgot.submit')}</span></button>
      </form>
      <p class="auth-forgot"><a href="/signin">${t('reset.toSignIn')}</a></p>`),
  });

  async function onSubmit(e) {
    e.preventDefault();
    if (st.busy) return;
    const f = e.currentTarget;
    clearErrors(f);
    st.showNotice(null);
    const err = check(email, validators.required, validators.email);
    if (err) { showErrors(f, { email: err }); return; }
    st.setBusy(true);
    try {
      await api.passwordResets.request(email.trim());
    } catch (ex) {
      st.setBusy(false);
      if (ex.status === 422 && ex.fields && showErrors(f, ex.fields)) return;
      st.showNotice({ kind: 'error', text: ex.status ? ex.message : t('error.network') });
      return;
    }
    sentTo = email.trim();
    st.draw();
    root.querySelector('[data-ref="sent"]')?.focus();
  }

  st.draw();
  root.querySelector('#forgot-email')?.focus();
  return { destroy() {} };
}

export function renderReset(root, { params, toSignIn }) {
  const token = params.token;
  let state = 'loading';	// loading | ready | gone | failed
  let who = '';
  let loadError = null;
  const values = { password: '', confirm: '' };
  const st = page(root, {
    title: () => t('reset.documentTitle'),
    busyLabel: () => t('reset.saving'),
    idleLabel: () => t('reset.submit'),
    card: (s) => {
      if (state === 'loading') {
        return html`<div class="page-loading" role="status"><span class="spinner"></span><span>${t('common.loading')}</span></div>`;
      }
      if (state !== 'ready') {
        return html`
          <div class="invite-problem">
            <span class="invite-problem-icon">${icon(state === 'failed' ? 'warning' : 'error')}</span>
            <h1 class="auth-title">${state === 'gone' ? t('reset.gone.title') : t('reset.loadFailed')}</h1>
            <p class="auth-subtitle">${state === 'gone' ? t('reset.gone.text') : (loadError?.message || t('error.network'))}</p>
            ${state === 'gone' ? html`<a class="btn btn-primary" href="/forgot">${t('reset.gone.again')}</a>`
              : html`<button type="button" class="btn btn-primary" @click=${load}>${t('common.retry')}</button>`}
          </div>`;
      }
      return html`
        <h1 class="auth-title">${t('reset.title')}</h1>
        <p class="auth-subtitle">${t('reset.subtitle', { email: who })}</p>
        <div class="auth-notice" data-ref="notice">${s.noticeView()}</div>
        <form class="form" novalidate @submit=${onSubmit}>
          <input type="email" name="username" autocomplete="username" value="${who}" hidden>
          ${field({
            id: 'reset-password', label: t('invite.newPassword'), hint: t('invite.newPassword.hint'),
            input: html`<input class="input" id="reset-password" name="new_password" type="password" autocomplete="new-password" required
              value="${values.password}" aria-describedby="reset-password-hint"
              @input=${(e) => { values.password = e.target.value; setFieldError(e.target.form, 'new_password', ''); }}>`,
          })}
          ${field({
            id: 'reset-confirm', label: t('invite.confirm'),
            input: html`<input class="input" id="reset-confirm" name="confirm" type="password" autocomplete="new-password" required
              value="${values.confirm}" @input=${(e) => { values.confirm = e.target.value; setFieldError(e.target.form, 'confirm', ''); }}>`,
          })}
          <button type="submit" class="btn btn-primary btn-block"><span>${t('reset.submit')}</span></button>
        </form>`;
    },
  });

  async function load() {
    state = 'loading';
    st.draw();
    try {
      who = (await api.passwordResets.get(token)).email;
      state = 'ready';
    } catch (e) {
      loadError = e;
      state = e.status === 410 ? 'gone' : 'failed';
    }
    if (!root.isConnected) return;
    st.draw();
    root.querySelector(state === 'ready' ? '#reset-password' : '.invite-problem .btn')?.focus();
  }

  async function onSubmit(e) {
    e.preventDefault();
    if (st.busy) return;
    const f = e.currentTarget;
    clearErrors(f);
    st.showNotice(null);
    if (!values.password) { showErrors(f, { new_password: t('form.required') }); return; }
    if (values.confirm !== values.password) { showErrors(f, { confirm: t('invite.mismatch') }); return; }
    st.setBusy(true);
    try {
      await api.passwordResets.set(token, values.password);
    } catch (ex) {
      st.setBusy(false);
      if (ex.status === 410) { state = 'gone'; st.draw(); root.querySelector('.invite-problem .btn')?.focus(); return; }
      if (ex.status === 422 && ex.fields && showErrors(f, ex.fields)) return;
      st.showNotice({ kind: 'error', text: ex.status ? ex.message : t('error.network') });
      return;
    }
    // Every session of the login ended, this browser's too.
    forget();
    toSignIn({ kind: 'success', text: t('reset.done') });
  }

  load();
  return { destroy() {} };
}

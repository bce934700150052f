/*
 * invite.js - the page behind an invitation link (/invite/{token}), shown
 * outside the shell whether or not anyone is signed in.
 *
 * GET /invitations/{token} says who invited whom to which account with
 * which role, and until when. Someone without a Steward login chooses a
 * name and a password (typed twice); someone with one enters its password.
 * POST .../accept joins the account, then the page signs in with the same
 * e-mail and password and opens the account. The server's messages (the
 * password policy) are shown under their fields; a link that is unknown,
 * used or expired says so. The language follows the browser (or the
 * switch, as on the sign-in page); a new login gets the language the page
 * is in.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { icon } from '../components/icons.js';
import { field, showErrors, clearErrors, setFieldError, banner, validators, check } from '../components/form.js';
import { toast } from '../components/toast.js';
import { t, getLanguage, setLanguage, formatDateTime } from '../i18n.js';
import { authFrame } from '../components/auth-frame.js';
import { signIn, rememberAccount } from '../session.js';
import { pagePath } from '../paths.js';

const NAME_MAX = 100;

export function renderInvite(root, { params, openPath, toSignIn }) {
  const token = params.token;
  // loading | ready | invalid | gone | failed
  let state = 'loading';
  let inv = null;
  let loadError = null;
  let notice = null;
  let busy = false;
  let pendingErrors = null;
  const values = { name: '', password: '', confirm: '' };

  function lead() {
    const key = `invite.lead.${inv.scope === 'customers' || inv.scope === 'sites' ? inv.scope : 'all'}.${inv.role === 'admin' ? 'admin' : 'viewer'}`;
    return t(key, { inviter: inv.invited_by, account: inv.account.name });
  }

  function form() {
    const existing = inv.existing_login;
    return html`
      <form class="form" novalidate @submit=${onSubmit}>
        ${field({
          id: 'invite-email', label: t('invite.email'),
          input: html`<input class="input" id="invite-email" name="email" type="email" autocomplete="username" readonly value="${inv.email}">`,
        })}
        ${existing ? '' : field({
          id: 'invite-name', label: t('invite.name'), hint: t('invite.name.hint'),
          input: html`<input class="input" id="invite-name" name="name" type="text" autocomplete="name" maxlength="200" required
            value="${values.name}" aria-describedby="invite-name-hint"
            @input=${(e) => { values.name = e.target.value; setFieldError(e.target.form, 'name', ''); }}>`,
        })}
        ${field({
          id: 'invite-password', label: existing ? t('invite.password') : t('invite.newPassword'),
          hint: existing ? '' : t('invite.newPassword.hint'),
          input: html`<input class="input" id="invite-password" name="password" type="password" required
            autocomplete="${existing ? 'current-password' : 'new-password'}" value="${values.password}"
            aria-describedby="${existing ? '' : 'invite-password-hint'}"
            @input=${(e) => { values.password = e.target.value; setFieldError(e.target.form, 'password', ''); }}>`,
        })}
        ${existing ? '' : field({
          id: 'invite-confirm', label: t('invite.confirm'),
          input: html`<input class="input" id="invite-confirm" name="confirm" type="password" autocomplete="new-password" required
            value="${values.confirm}" @input=${(e) => { values.confirm = e.target.value; setFieldError(e.target.form, 'confirm', ''); }}>`,
        })}
        <button type="submit" class="btn btn-primary btn-block" ?disabled=${busy} aria-busy="${busy ? 'true' : 'false'}">
          ${busy ? html`<span class="spinner spinner-light"></span><span>${t('invite.joining')}</span>`
            : html`<span>${existing ? t('invite.submit.existing') : t('invite.submit.new')}</span>`}
        </button>
      </form>`;
  }

  function card() {
    if (state === 'loading') {
      return html`<div class="page-loading" role="status"><span class="spinner"></span><span>${t('common.loading')}</span></div>`;
    }
    if (state === 'invalid' || state === 'gone' || state === 'failed') {
      const title = state === 'invalid' ? t('invite.invalid.title') : state === 'gone' ? t('invite.gone.title') : t('invite.loadFailed');
      const text = state === 'invalid' ? t('invite.invalid.text') : state === 'gone' ? t('invite.gone.text')
        : (loadError?.message || t('error.network'));
      return html`
        <div class="invite-problem">
          <span class="invite-problem-icon">${icon(state === 'failed' ? 'warning' : 'error')}</span>
          <h1 class="auth-title">${title}</h1>
          <p class="auth-subtitle">${text}</p>
          ${state === 'failed'
            ? html`<button type="button" class="btn btn-primary" @click=${load}>${t('common.retry')}</button>`
            : html`<a class="btn btn-secondary" href="/signin">${t('invite.toSignIn')}</a>`}
        </div>`;
    }
    return html`
      <h1 class="auth-title">${t('invite.title', { account: inv.account.name })}</h1>
      <p class="auth-subtitle invite-lead">${lead()}</p>
      <p class="invite-until">${icon('clock', 'invite-until-icon')}<span>${t('invite.until', { date: formatDateTime(inv.expires_at) })}</span></p>
      <p class="invite-how">${inv.existing_login ? t('invite.existing') : t('invite.new')}</p>
      <div class="auth-notice" data-ref="notice">${notice ? banner(notice.kind, notice.text, notice.title || '') : ''}</div>
      ${form()}`;
  }

  function draw() {
    document.title = state === 'ready' ? t('invite.documentTitle.account', { account: inv.account.name }) : t('invite.documentTitle');
    render(root, authFrame({ onLanguage: switchLanguage, cardClass: 'invite-card', busy: state === 'loading', card: card() }));
    const f = root.querySelector('form');
    if (f && pendingErrors) { showErrors(f, pendingErrors); pendingErrors = null; }
  }

  function switchLanguage(code) {
    if (code === getLanguage()) return;
    setLanguage(code);
    draw();
    root.querySelector(`.seg-button[lang="${code}"]`)?.focus();
  }

  async function load() {
    state = 'loading';
    draw();
    try {
      inv = await api.invitations.get(token);
      state = 'ready';
    } catch (e) {
      loadError = e;
      state = e.status === 404 ? 'invalid' : e.status === 410 ? 'gone' : 'failed';
    }
    if (!root.isConnected) return;
    draw();
    const first = root.querySelector(inv && state === 'ready' ? (inv.existing_login ? '#invite-password' : '#invite-name') : '.invite-problem .btn');
    first?.focus();
  }

  function localErrors() {
    const errors = {};
    if (!inv.existing_login) {
      const n = check(values.name, validators.required, (v) => validators.text(v, NAME_MAX));
      if (n) errors.name = n;
    }
    if (!values.password) errors.password = t('form.required');
    if (!inv.existing_login && !errors.password && values.confirm !== values.password) errors.confirm = t('invite.mismatch');
    return errors;
  }

  function setBusy(on) {
    busy = on;
    const b = root.querySelector('form [type="submit"]');
    if (!b) return;
    b.disabled = on;
    b.setAttribute('aria-busy', String(on));
    render(b, on ? html`<span class="spinner spinner-light"></span><span>${t('invite.joining')}</span>`
      : html`<span>${inv.existing_login ? t('invite.submit.existing') : t('invite.submit.new')}</span>`);
  }

  function showNotice(n) {
    notice = n;
    const box = root.querySelector('[data-ref="notice"]');
    if (box) render(box, n ? banner(n.kind, n.text, n.title || '') : '');
  }

  async function onSubmit(e) {
    e.preventDefault();
    if (busy) return;
    const f = e.currentTarget;
    clearErrors(f);
    showNotice(null);
    const errors = localErrors();
    if (Object.keys(errors).length) { showErrors(f, errors); return; }
    setBusy(true);
    let joined;
    try {
      const body = inv.existing_login ? { password: values.password } : { name: values.name.trim(), password: values.password };
      joined = await api.invitations.accept(token, body);
    } catch (err) {
      setBusy(false);
      if (!root.isConnected) return;
      acceptFailed(f, err);
      return;
    }
    // Joined: sign in with the same login and open the account.
    const accountId = joined.account?.id || inv.account.id;
    const accountName = joined.account?.name || inv.account.name;
    try {
      await signIn(inv.email, values.password);
    } catch {
      toSignIn({ kind: 'success', text: t('invite.joinedSignIn', { account: accountName }) }, pagePath(accountId, 'dashboard'));
      return;
    }
    rememberAccount(accountId);
    toast(t('invite.welcome', { account: accountName }), { kind: 'success' });
    openPath(pagePath(accountId, 'dashboard'));
  }

  function acceptFailed(f, err) {
    if (err.status === 404) { state = 'invalid'; draw(); root.querySelector('.invite-problem .btn')?.focus(); return; }
    if (err.status === 410) { state = 'gone'; draw(); root.querySelector('.invite-problem .btn')?.focus(); return; }
    if (err.status === 401) {
      values.password = '';
      f.elements.password.value = '';
      showErrors(f, { password: t('invite.wrongPassword', { email: inv.email }) });
      return;
    }
    if (err.status === 409) {
      // The address got a login meanwhile: accept with its password instead.
      values.password = '';
      values.confirm = '';
      pendingErrors = null;
      notice = { kind: 'info', text: err.message };
      load();
      return;
    }
    if (err.status === 422 && err.fields && showErrors(f, err.fields)) return;
    showNotice({ kind: 'error', text: err.status ? err.message : t('error.network') });
  }

  load();
  return { destroy() {} };
}

/*
 * profile.js - the signed-in user's profile (/profile): name and language
 * (saved through session.updateMe), e-mail and time zone, the current session's
 * times, and the accounts this login works in; then security: changing
 * the password, the signed-in sessions and two-step verification
 * (components/profile-security.js); and, when there are any, the deleted
 * company consoles the person can restore before they are purged.
 * "New company console" (beside the accounts) makes a company console with
 * the person as its admin (components/create-company.js) and opens it.
 */
import { html, render } from '../html.js';
import { card, kindBadge, roleBadge } from '../components/ui.js';
import { field, showErrors, clearErrors, setFieldError, validators, check, banner } from '../components/form.js';
import { toast } from '../components/toast.js';
import { t, languages, getLanguage, formatDateTime, formatDate, formatRelative, shownTimeZone } from '../i18n.js';
import * as api from '../api.js';
import { icon } from '../components/icons.js';
import { state, updateMe } from '../session.js';
import { pagePath } from '../paths.js';
import { passwordCard, sessionsCard, twoStepCard, mountSecurity } from '../components/profile-security.js';
import { openCreateCompany } from '../components/create-company.js';

const NAME_MAX = 100;

export default function profile(ctx) {
  const user = ctx.user;
  const s = ctx.session || {};
  let busy = false;

  function nameError(v) {
    return check(v, validators.required, (x) => validators.text(x, NAME_MAX));
  }

  function dirty(form) {
    return form.elements.name.value !== form.elements.name.defaultValue ||
      form.elements.language.value !== getLanguage();
  }

  function refresh(form) {
    const d = dirty(form);
    form.querySelector('[type="submit"]').disabled = busy || !d;
    form.querySelector('[data-ref="reset"]').disabled = busy || !d;
  }

  async function onSubmit(e) {
    e.preventDefault();
    const form = e.currentTarget;
    if (busy) return;
    clearErrors(form);
    const name = form.elements.name.value;
    const language = form.elements.language.value;
    const err = nameError(name);
    if (err) { showErrors(form, { name: err }); return; }
    const changes = {};
    if (name.trim() !== (user.name || '')) changes.name = name.trim();
    if (language !== getLanguage()) changes.language = language;
    if (!Object.keys(changes).length) return;
    busy = true;
    const submit = form.querySelector('[type="submit"]');
    render(submit, html`<span class="spinner spinner-light"></span><span>${t('common.saving')}</span>`);
    refresh(form);
    try {
      const langChange = 'language' in changes;
      await updateMe(changes);
      // A language change redraws the whole console; otherwise update here.
      toast(t('profile.saved'), { kind: 'success' });
      if (!langChange) {
        form.elements.name.defaultValue = state.user.name;
        ctx.userChanged?.();
      }
    } catch (ex) {
      if (ex.status === 401) return;
      if (!(ex.status === 422 && ex.fields && showErrors(form, ex.fields))) toast(ex.message, { kind: 'error' });
    } finally {
      busy = false;
      if (form.isConnected) {
        render(submit, html`<span>${t('common.save')}</span>`);
        refresh(form);
      }
    }
  }

  async function newCompany() {
    const account = await openCreateCompany();
    if (!account) return;
    toast(t('company.create.done', { name: account.name }), { kind: 'success' });
    // Every account list of the console changes: open the new one afresh,
    // once the toast has been seen (a full load would drop it at once).
    setTimeout(() => window.location.assign(pagePath(account.id, 'dashboard')), 1500);
  }

  const lang = getLanguage();
  // Sent here by an account that requires two-step verification (main.js).
  const required = ctx.query.get('two_step') === 'required'
    ? ctx.accounts.filter((a) => a.require_two_step).map((a) => a.name) : [];
  const names = new Intl.ListFormat(lang, { type: 'conjunction' }).format(required);
  const requiredBanner = () => banner('warning', t('profile.totp.requiredText', { names }), t('profile.totp.requiredTitle'));
  const readyBanner = () => banner('success',
    html`${t('profile.totp.readyText')} <a href="/">${t('profile.totp.readyLink')}</a>`, t('profile.totp.readyTitle'));
  return {
    title: t('profile.title'),
    description: t('profile.description'),
    breadcrumbs: [{ label: t('profile.title') }],
    body: html`
      ${required.length ? html`<div class="profile-notice" data-ref="twoStepNotice">${requiredBanner()}</div>` : ''}
      <div class="settings-grid">
        ${card({
          title: t('profile.personal'),
          subtitle: t('profile.personal.subtitle'),
          body: html`
            <form class="form form-narrow" novalidate @submit=${onSubmit}
                  @input=${(e) => { setFieldError(e.currentTarget, 'name', ''); refresh(e.currentTarget); }}
                  @change=${(e) => refresh(e.currentTarget)}>
              ${field({
                id: 'profile-name', label: t('profile.name'),
                input: html`<input class="input" id="profile-name" name="name" type="text" autocomplete="name"
                  maxlength="200" value="${user.name || ''}">`,
              })}
              ${field({
                id: 'profile-email', label: t('profile.email'), hint: t('profile.email.hint'),
                input: html`<input class="input" id="profile-email" name="email" type="email" value="${user.email}" readonly
                  aria-describedby="profile-email-hint">`,
              })}
              ${field({
                id: 'profile-language', label: t('profile.language'),
                input: html`<select class="input select" id="profile-language" name="language">
                  ${languages.map((l) => html`<option value="${l.code}" lang="${l.code}" ?selected=${l.code === lang}>${l.label}</option>`)}
                </select>`,
              })}
              ${field({
                id: 'profile-tz', label: t('profile.timeZone'), hint: t('profile.timeZone.hint'),
                input: html`<input class="input" id="profile-tz" type="text" value="${user.time_zone || shownTimeZone()}" readonly
                  aria-describedby="profile-tz-hint">`,
              })}
              <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled><span>${t('common.save')}</span></button>
                <button type="button" class="btn btn-secondary" data-ref="reset" disabled
                        @click=${(e) => { const f = e.currentTarget.form; f.reset(); clearErrors(f); refresh(f); }}>${t('common.cancel')}</button>
              </div>
            </form>`,
        })}
        <div class="stack">
          ${card({
            title: t('profile.session'),
            subtitle: t('profile.session.subtitle', { zone: shownTimeZone() }),
            body: html`
              <dl class="details">
                <div><dt>${t('profile.session.started')}</dt><dd>${s.created_at ? formatDateTime(s.created_at) : '—'}</dd></div>
                <div><dt>${t('profile.session.idle')}</dt><dd>${s.expires_at ? html`${formatDateTime(s.expires_at)} <span class="muted">(${formatRelative(s.expires_at)})</span>` : '—'}</dd></div>
                <div><dt>${t('profile.session.absolute')}</dt><dd>${s.absolute_expires_at ? html`${formatDateTime(s.absolute_expires_at)} <span class="muted">(${formatRelative(s.absolute_expires_at)})</span>` : '—'}</dd></div>
              </dl>
              <p class="muted small">${t('profile.session.note')}</p>`,
          })}
          ${card({
            title: t('profile.accounts'),
            aside: html`<button type="button" class="btn btn-secondary btn-sm" data-ref="newCompany" @click=${newCompany}>
              ${icon('plus')}<span>${t('company.create.open')}</span></button>`,
            flush: true,
            body: ctx.accounts.length ? html`
              <ul class="account-list">
                ${ctx.accounts.map((a) => html`
                  <li class="account-row">
                    <a href="${pagePath(a.id, 'dashboard')}" class="account-row-name">${a.name}</a>
                    <span class="account-row-badges">${kindBadge(a.kind)}${roleBadge(a.role)}</span>
                  </li>`)}
              </ul>` : html`<p class="card-pad muted">${t('noAccounts.text')}</p>`,
          })}
        </div>
      </div>
      <div data-ref="deletedAccounts"></div>
      <h2 class="section-title">${t('profile.security')}</h2>
      <div class="settings-grid">
        <div class="stack">${passwordCard()}${twoStepCard()}</div>
        <div class="stack">${sessionsCard()}</div>
      </div>`,
    mounted(el) {
      const notice = el.querySelector('[data-ref="twoStepNotice"]');
      mountSecurity(el, {
        onTwoStepOn: notice ? () => render(notice, readyBanner()) : null,
      });
      mountDeletedAccounts(el.querySelector('[data-ref="deletedAccounts"]'));
      if (notice) el.querySelector('[data-ref="totp"]')?.scrollIntoView({ block: 'center' });
    },
  };
}

/*
 * The company consoles (and partner accounts) the person deleted, or
 * another admin of them did, within the last 30 days: each with its purge
 * day and Restore. Nothing is shown when there are none.
 */
async function mountDeletedAccounts(host) {
  let list;
  try {
    list = await api.accounts.deleted();
  } catch {
    return;
  }
  const draw = () => render(host, list.length ? html`
    ${card({
      title: t('deletion.accounts.title'),
      subtitle: t('deletion.accounts.subtitle'),
      flush: true,
      body: html`<ul class="account-list">
        ${list.map((a) => html`
          <li class="account-row">
            <span class="account-row-name">${a.name}</span>
            <span class="muted small">${t('deletion.accounts.purgeOn', { date: formatDate(a.purge_at) })}</span>
            <button type="button" class="btn btn-secondary btn-sm" data-restore-account="${a.id}"
                    aria-label="${t('deletion.restoreOne', { company: a.name })}">${icon('undo')}<span>${t('deletion.restore')}</span></button>
          </li>`)}
      </ul>`,
    })}` : '');
  host.addEventListener('click', async (e) => {
    const b = e.target.closest('[data-restore-account]');
    if (!b) return;
    const a = list.find((x) => x.id === b.dataset.restoreAccount);
    b.disabled = true;
    try {
      await api.accounts.restore(a.id);
    } catch (ex) {
      b.disabled = false;
      if (ex.status !== 401) toast(ex.message, { kind: 'error' });
      return;
    }
    toast(t('deletion.accounts.restored', { name: a.name }), { kind: 'success' });
    // The account list of the whole console changes: load it again.
    setTimeout(() => window.location.assign(pagePath(a.id, 'dashboard')), 1500);
  });
  draw();
}

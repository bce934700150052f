/*
 * settings.js - an account's settings (/a/{id}/settings): its name, which
 * admins can change (api.accounts.update), a partner's offline period (the
 * days without a check-in after which a device is offline and raises an
 * alert), whether every user must use two-step verification
 * (components/two-step-policy.js), and its details. Viewers see the same
 * page read-only, with a
 * note saying why. In a partner account every role also sets its own alert
 * e-mail here (components/alert-mail.js). A company console's admins
 * delete it here by typing its name (restorable from the profile for 30
 * days).
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card, kindBadge, roleBadge, accountCrumb } from '../components/ui.js';
import { field, showErrors, clearErrors, setFieldError, banner, validators, check } from '../components/form.js';
import { toast } from '../components/toast.js';
import { icon } from '../components/icons.js';
import { t, formatDateTime, formatDate } from '../i18n.js';
import { deleteByName } from '../components/delete-by-name.js';
import { pathTo } from '../paths.js';
import { updateAccount } from '../session.js';
import { alertMailCard, mountAlertMail } from '../components/alert-mail.js';
import { twoStepPolicyCard } from '../components/two-step-policy.js';

const NAME_MAX = 100;
const OFFLINE_MIN = 1;
const OFFLINE_MAX = 365;

export default function settings(ctx) {
  let account = ctx.account;
  // A role limited to chosen customers cannot rename the account.
  const admin = ctx.isAdmin && ctx.wholeAccount;
  let busy = false;

  function nameError(v) {
    return check(v, validators.required, (x) => validators.text(x, NAME_MAX));
  }

  async function onSubmit(e) {
    e.preventDefault();
    const form = e.currentTarget;
    if (!admin || busy) return;
    clearErrors(form);
    const name = form.elements.name.value;
    const err = nameError(name);
    if (err) { showErrors(form, { name: err }); return; }
    if (name.trim() === account.name) { toast(t('settings.unchanged'), { kind: 'info' }); return; }
    busy = true;
    setBusy(form, true);
    try {
      account = { ...account, ...(await api.accounts.update(account.id, { name: name.trim() })) };
      updateAccount(account);
      form.elements.name.value = account.name;
      form.elements.name.defaultValue = account.name;
      ctx.chrome?.(account);
      updateDirty(form);
      toast(t('settings.saved', { name: account.name }), { kind: 'success' });
    } catch (ex) {
      if (ex.status === 401) return;
      if (ex.status === 422 && ex.fields && showErrors(form, ex.fields)) return;
      toast(ex.message, { kind: 'error' });
    } finally {
      busy = false;
      setBusy(form, false);
    }
  }

  function setBusy(form, on) {
    const b = form.querySelector('[type="submit"]');
    if (!b) return;
    b.setAttribute('aria-busy', String(on));
    render(b, on ? html`<span class="spinner spinner-light"></span><span>${t('common.saving')}</span>` : html`<span>${t('common.save')}</span>`);
    updateDirty(form, on);
  }

  function updateDirty(form, forceDisabled = false) {
    const input = form.elements.name;
    const dirty = input.value !== input.defaultValue;
    const save = form.querySelector('[type="submit"]');
    const reset = form.querySelector('[data-ref="reset"]');
    if (save) save.disabled = forceDisabled || !dirty;
    if (reset) reset.disabled = forceDisabled || !dirty;
  }

  // A partner's offline period: a device silent this many days is offline and raises an alert.
  const offlineDays = account.kind === 'partner' && Number.isInteger(account.device_offline_days);
  async function onOffline(e) {
    e.preventDefault();
    const form = e.currentTarget;
    if (!admin || busy) return;
    clearErrors(form);
    const raw = form.elements.device_offline_days.value.trim();
    const days = Number(raw);
    if (!/^\d+$/.test(raw) || days < OFFLINE_MIN || days > OFFLINE_MAX) {
      showErrors(form, { device_offline_days: t('settings.offline.range', { min: OFFLINE_MIN, max: OFFLINE_MAX }) });
      return;
    }
    if (days === account.device_offline_days) { toast(t('settings.unchanged.offline'), { kind: 'info' }); return; }
    busy = true;
    const save = form.querySelector('[type="submit"]');
    save.disabled = true;
    try {
      account = { ...account, ...(await api.accounts.update(account.id, { device_offline_days: days })) };
      updateAccount(account);
      form.elements.device_offline_days.defaultValue = String(account.device_offline_days);
      toast(t('settings.offline.saved', { n: account.device_offline_days }), { kind: 'success' });
    } catch (ex) {
      if (ex.status === 401) return;
      if (ex.status === 422 && ex.fields && showErrors(form, ex.fields)) return;
      toast(ex.message, { kind: 'error' });
    } finally {
      busy = false;
      save.disabled = false;
    }
  }

  // The signed-in person's own alert e-mail, in partner accounts only.
  const alertMail = account.kind === 'partner';
  // A company console's whole-account admins may delete it.
  const deletable = admin && account.kind === 'company';

  async function removeConsole() {
    const until = formatDate(Date.now() + 30 * 86400e3);
    const ok = await deleteByName({
      title: t('deletion.company.title', { name: account.name }),
      message: t('deletion.company.message', { date: until }),
      name: account.name,
      label: t('deletion.company.typeName', { name: account.name }),
      confirm: t('deletion.company.action'),
      run: (typed) => api.accounts.remove(account.id, typed),
    });
    if (!ok) return;
    toast(t('deletion.company.deleted', { name: account.name, date: until }), { kind: 'success' });
    // The account list changed: the profile, where it can be restored, reloads it.
    setTimeout(() => window.location.assign(pathTo('profile')), 1500);
  }

  return {
    title: t('nav.settings'),
    description: t('settings.description'),
    breadcrumbs: [accountCrumb(account), { label: t('nav.settings') }],
    body: html`
      <div class="settings-grid">
        ${card({
          title: t('settings.general'),
          subtitle: t('settings.general.subtitle'),
          body: html`
            ${admin ? '' : html`<div class="settings-note">${banner('info', ctx.isAdmin ? t('settings.readOnlyScoped') : t('settings.readOnly'), t('settings.readOnlyTitle'))}</div>`}
            <form class="form form-narrow" novalidate @submit=${onSubmit}
                  @input=${(e) => { setFieldError(e.currentTarget, 'name', ''); updateDirty(e.currentTarget); }}>
              ${field({
                id: 'account-name',
                label: t('settings.name'),
                hint: t('settings.name.hint', { max: NAME_MAX }),
                input: html`<input class="input" id="account-name" name="name" type="text" maxlength="200"
                  autocomplete="organization" value="${account.name}" ?readonly=${!admin}
                  aria-describedby="account-name-hint">`,
              })}
              ${admin ? html`
                <div class="form-actions">
                  <button type="submit" class="btn btn-primary" disabled><span>${t('common.save')}</span></button>
                  <button type="button" class="btn btn-secondary" data-ref="reset" disabled
                          @click=${(e) => { const f = e.currentTarget.form; f.reset(); clearErrors(f); updateDirty(f); }}>${t('common.cancel')}</button>
                </div>` : ''}
            </form>`,
        })}
        ${offlineDays ? card({
          title: t('settings.offline'),
          subtitle: t('settings.offline.subtitle'),
          body: html`
            <form class="form form-narrow" novalidate @submit=${onOffline}
                  @input=${(e) => setFieldError(e.currentTarget, 'device_offline_days', '')}>
              ${field({
                id: 'device-offline-days',
                label: t('settings.offline.label'),
                hint: t('settings.offline.hint', { min: OFFLINE_MIN, max: OFFLINE_MAX }),
                input: html`<input class="input input-short" id="device-offline-days" name="device_offline_days" type="number" inputmode="numeric"
                  min="${String(OFFLINE_MIN)}" max="${String(OFFLINE_MAX)}" step="1" value="${String(account.device_offline_days)}" ?readonly=${!admin}
                  aria-describedby="device-offline-days-hint">`,
              })}
              ${admin ? html`<div class="form-actions"><button type="submit" class="btn btn-primary"><span>${t('common.save')}</span></button></div>` : ''}
            </form>`,
        }) : ''}
        ${twoStepPolicyCard(account, { admin, onSaved: (a) => { account = a; updateAccount(a); } })}
        ${deletable ? card({
          title: t('deletion.company.card'),
          body: html`
            <p class="muted">${t('deletion.company.text')}</p>
            <div class="form-actions">
              <button type="button" class="btn btn-danger-outline" data-ref="deleteConsole" @click=${removeConsole}>${icon('trash')}<span>${t('deletion.company.action')}</span></button>
            </div>`,
        }) : ''}
        ${card({
          title: t('settings.details'),
          body: html`
            <dl class="details">
              <div><dt>${t('settings.kind')}</dt><dd>${kindBadge(account.kind)}</dd></div>
              <div><dt>${t('settings.yourRole')}</dt><dd>${roleBadge(account.role)}</dd></div>
              <div><dt>${t('settings.id')}</dt><dd class="with-action">
                <code class="mono">${account.id}</code>
                <button type="button" class="icon-button icon-button-sm" aria-label="${t('settings.copyId')}" title="${t('settings.copyId')}"
                        @click=${() => copy(account.id)}>${icon('copy')}</button>
              </dd></div>
              <div><dt>${t('settings.created')}</dt><dd>${formatDateTime(account.created_at)}</dd></div>
            </dl>`,
        })}
      </div>
      ${alertMail ? html`
        <h2 class="section-title">${t('alertMail.section')}</h2>
        <div class="alert-mail-section">${alertMailCard()}</div>` : ''}`,
    mounted(el) { if (alertMail) mountAlertMail(el, account.id); },
  };
}

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    toast(t('common.copied'), { kind: 'success' });
  } catch {
    toast(t('common.copyFailed'), { kind: 'error' });
  }
}

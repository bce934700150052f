/*
 * two-step-policy.js - Settings' card for requiring two-step verification
 * of every user of the account (PATCH /accounts/{id} {"require_two_step"}).
 *
 * Whole-account admins tick it and save; everyone else sees whether it is
 * required. The server refuses to turn it on for an admin who has not set
 * it up themselves, and the card then says so with a link to the profile.
 * Users without it are sent to their profile when they next open the
 * account (main.js); API clients are not affected.
 */
import { html } from '../html.js';
import * as api from '../api.js';
import { card } from './ui.js';
import { showErrors, clearErrors } from './form.js';
import { toast } from './toast.js';
import { t } from '../i18n.js';

/**
 * The card for account; admin: may change it. onSaved(account) gets the
 * account as the server answered it.
 */
export function twoStepPolicyCard(account, { admin, onSaved }) {
  let busy = false;

  async function onSubmit(e) {
    e.preventDefault();
    const form = e.currentTarget;
    if (!admin || busy) return;
    clearErrors(form);
    const on = form.elements.require_two_step.checked;
    if (on === account.require_two_step) { toast(t('settings.twoStep.unchanged'), { kind: 'info' }); return; }
    busy = true;
    const save = form.querySelector('[type="submit"]');
    save.disabled = true;
    try {
      account = { ...account, ...(await api.accounts.update(account.id, { require_two_step: on })) };
      form.elements.require_two_step.defaultChecked = account.require_two_step;
      toast(t(account.require_two_step ? 'settings.twoStep.savedOn' : 'settings.twoStep.savedOff'), { kind: 'success' });
      onSaved?.(account);
    } catch (ex) {
      if (ex.status === 401) return;
      if (ex.status === 422 && ex.fields?.require_two_step) {
        showErrors(form, { require_two_step: html`${ex.fields.require_two_step} <a href="/profile">${t('settings.twoStep.toProfile')}</a>` });
        return;
      }
      toast(ex.message, { kind: 'error' });
    } finally {
      busy = false;
      save.disabled = false;
    }
  }

  return card({
    title: t('settings.twoStep'),
    subtitle: t('settings.twoStep.subtitle'),
    body: admin ? html`
      <form class="form form-narrow" novalidate @submit=${onSubmit}>
        <div class="field" data-field="require_two_step">
          <label class="check check-plain">
            <input type="checkbox" name="require_two_step" id="require-two-step" ?checked=${account.require_two_step}
                   aria-describedby="require-two-step-hint">
            <span>${t('settings.twoStep.label')}</span>
          </label>
          <p class="check-hint field-hint" id="require-two-step-hint">${t('settings.twoStep.hint')}</p>
          <p class="field-error" id="require-two-step-error" hidden></p>
        </div>
        <div class="form-actions"><button type="submit" class="btn btn-primary"><span>${t('common.save')}</span></button></div>
      </form>` : html`
      <p>${t(account.require_two_step ? 'settings.twoStep.isOn' : 'settings.twoStep.isOff')}</p>`,
  });
}

/*
 * edit-customer.js - the Edit details drawer of a customer page: the same
 * detail fields as Create Customer, filled in, saved with PATCH (only what
 * changed), with the server's messages beside their fields. The e-mail
 * address identifies the customer in the OMS and is shown read-only.
 *
 *   openEditCustomer({ account, customer, onSaved(customer) })
 */
import { html, render } from '../html.js';
import { openDrawer } from './drawer.js';
import { confirmDiscard } from './dialog.js';
import { field, showErrors, clearErrors, setFieldError, banner } from './form.js';
import { detailFields, wireDetailFields } from './customer-fields.js';
import { toast } from './toast.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { customersChanged, displayPhone, DETAIL_FIELDS } from '../customers.js';

const samePhone = (a, b) => String(a).replace(/[^\d+]/g, '') === String(b).replace(/[^\d+]/g, '');

export function openEditCustomer({ account, customer, onSaved }) {
  let busy = false;
  const d = openDrawer({
    title: t('edit.title'),
    description: customer.company,
    size: 'lg',
    body: html`
      <form class="create-form" id="edit-customer-form" novalidate>
        <div data-ref="formError"></div>
        <section class="drawer-section">
          ${field({
            id: 'ec-email', label: t('customer.email'), hint: t('edit.email.hint'),
            input: html`<input class="input" id="ec-email" type="email" value="${customer.email}" readonly aria-describedby="ec-email-hint">`,
          })}
          ${detailFields('ec', { ...customer, phone: displayPhone(customer) })}
        </section>
      </form>`,
    footer: html`
      <button type="button" class="btn btn-secondary" data-ref="cancel">${t('common.cancel')}</button>
      <button type="submit" class="btn btn-primary" form="edit-customer-form" data-ref="save"><span>${t('common.save')}</span></button>`,
    canClose: async () => {
      if (busy) return false;
      if (!Object.keys(changes()).length) return true;
      return confirmDiscard(t('edit.discard.title'), t('edit.discard.text'), t('edit.discard.keep'));
    },
  });

  const form = d.body.querySelector('form');
  const fields = wireDetailFields(form, 'ec', { values: customer, onChange: () => setFieldError(form, 'country', '') });
  const save = d.footer.querySelector('[data-ref="save"]');
  form.querySelector('#ec-contact_person').focus();
  d.footer.querySelector('[data-ref="cancel"]').addEventListener('click', () => d.close());
  form.addEventListener('input', (e) => { if (e.target.name) setFieldError(form, e.target.name, ''); });
  form.addEventListener('change', (e) => { if (e.target.name) setFieldError(form, e.target.name, ''); });

  function changes() {
    const now = fields.read();
    const out = {};
    for (const k of DETAIL_FIELDS) {
      const v = k === 'country' ? now[k] : now[k].trim();
      if (k === 'country' && fields.country.pending()) { out.country = ''; continue; }
      if (k === 'phone' ? !samePhone(v, customer.phone ?? '') : v !== (customer[k] ?? '')) out[k] = v;
    }
    return out;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy) return;
    clearErrors(form);
    render(d.body.querySelector('[data-ref="formError"]'), html``);
    const errors = fields.check();
    if (Object.keys(errors).length) { showErrors(form, errors); return; }
    const body = changes();
    if (!Object.keys(body).length) { await d.close({ force: true }); toast(t('edit.unchanged'), { kind: 'info' }); return; }
    busy = true;
    save.disabled = true;
    d.setBusy(true);
    render(save, html`<span class="spinner spinner-light"></span><span>${t('common.saving')}</span>`);
    try {
      const updated = await api.customers.update(account.id, customer.id, body);
      customersChanged(account.id, updated);
      busy = false;
      await d.close({ force: true });
      toast(t('edit.saved', { company: updated.company }), { kind: 'success' });
      onSaved?.(updated);
    } catch (ex) {
      if (ex.status === 401) return;
      if (!(ex.status === 422 && ex.fields && showErrors(form, ex.fields))) {
        render(d.body.querySelector('[data-ref="formError"]'), banner('error', ex.message));
      }
    } finally {
      busy = false;
      if (form.isConnected) {
        save.disabled = false;
        d.setBusy(false);
        render(save, html`<span>${t('common.save')}</span>`);
      }
    }
  });

  return d;
}

/*
 * create-customer.js - the Create Customer drawer (+ Customer).
 *
 *   openCreateCustomer({ account })
 *
 * How would you like to create this customer?
 *   Create new       e-mail checked against the OMS as it is typed (free:
 *                    the details open; own record: offer Create from OMS or
 *                    Open Hub; another partner's: refused, nothing revealed),
 *                    then the required details and the optional segment
 *                    discount application.
 *   Create from OMS  Select from OMS (oms-picker.js), then a summary of the
 *                    chosen record with a way to change it.
 * How would you like to manage this customer? (manage-choice.js)
 *   global policies (one or more; the first per platform is the default), or
 *   local policies from a template (Workstation / Server) or copied from
 *   another customer's local policy.
 *
 * Create sends POST .../customers with an Idempotency-Key (kept when the same
 * request is sent again after no answer), shows the server's 422 messages
 * beside their fields, and on success opens the new customer's page. Closing
 * with input asks first.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { openDrawer, topDrawer } from './drawer.js';
import { confirmDiscard } from './dialog.js';
import { field, setFieldError, showErrors, clearErrors, banner, validators } from './form.js';
import { detailFields, wireDetailFields } from './customer-fields.js';
import { openOmsPicker } from './oms-picker.js';
import { manageChoice } from './manage-choice.js';
import { icon } from './icons.js';
import { toast } from './toast.js';
import { t, formatDate } from '../i18n.js';
import { navigate } from '../router.js';
import {
  SEGMENTS, DETAIL_FIELDS, segmentLabel, industryLabel, countries, eligibleRecord, newIdempotencyKey, customersChanged,
  displayPhone, displayWebsite, addressText,
} from '../customers.js';
import { customerPath, pagePath } from '../paths.js';

const EMAIL_PAUSE = 600;

export function openCreateCustomer({ account }) {
  const st = {
    mode: 'new',
    email: { value: '', status: 'idle', record: null, message: '' },
    detailsOpen: false,
    discount: false,
    record: null,
    submitting: false,
    attempt: null, // { json, key, answered }
  };

  const d = openDrawer({
    title: t('create.title'),
    size: 'lg',
    body: html`
      <form class="create-form" id="create-customer-form" novalidate>
        <div data-ref="formError"></div>

        <section class="drawer-section" aria-labelledby="cc-how">
          <h3 class="section-title" id="cc-how">${t('create.how')}</h3>
          <div class="segmented" role="radiogroup" aria-labelledby="cc-how">
            <label class="segment"><input type="radio" name="source" value="new" checked><span>${icon('plus')}${t('create.mode.new')}</span></label>
            <label class="segment"><input type="radio" name="source" value="oms"><span>${icon('database')}${t('create.mode.oms')}</span></label>
          </div>
        </section>

        <section class="drawer-section" data-ref="newSection" aria-labelledby="cc-new-title">
          <header class="section-head">
            <h3 class="section-title" id="cc-new-title">${t('create.new.title')}</h3>
            <p class="section-text">${t('create.new.text')}</p>
          </header>
          <div class="field" data-field="cc-email">
            <label class="field-label" for="cc-email">${t('create.email')}<span class="req" aria-hidden="true">*</span></label>
            <div class="input-status">
              <input class="input" id="cc-email" name="email" type="email" required aria-required="true"
                     autocomplete="off" spellcheck="false" maxlength="320" placeholder="name@company.com"
                     aria-describedby="cc-email-hint cc-email-status">
              <span class="input-status-icon" data-ref="emailIcon" aria-hidden="true"></span>
            </div>
            <p class="field-hint" id="cc-email-hint">${t('create.email.hint')}</p>
            <p class="field-error" id="cc-email-error" hidden></p>
            <div class="email-status" id="cc-email-status" data-ref="emailStatus" aria-live="polite"></div>
          </div>
          <div class="details-block" data-ref="details" hidden>
            ${detailFields('cc')}
            <div class="discount" data-ref="discount">
              <label class="check">
                <input type="checkbox" name="apply_discount" aria-describedby="cc-discount-hint">
                <span class="check-label">${t('create.discount.apply')}</span>
              </label>
              <p class="field-hint check-hint" id="cc-discount-hint">${icon('info', 'hint-icon')}<span>${t('create.discount.hint')}</span></p>
              <div class="discount-detail" data-ref="segment" hidden>
                ${field({
                  id: 'cc-segment',
                  label: html`${t('create.discount.segment')}<span class="req" aria-hidden="true">*</span>`,
                  input: html`<select class="input select" id="cc-segment" name="segment_discount" aria-required="true">
                    <option value="">${t('create.discount.choose')}</option>
                    ${SEGMENTS.map((s) => html`<option value="${s}">${segmentLabel(s)}</option>`)}
                  </select>`,
                })}
                ${banner('info', t('create.discount.review'))}
              </div>
            </div>
          </div>
        </section>

        <section class="drawer-section" data-ref="omsSection" aria-labelledby="cc-oms-title" hidden>
          <header class="section-head">
            <h3 class="section-title" id="cc-oms-title" tabindex="-1">${t('create.oms.title')}</h3>
            <p class="section-text">${t('create.oms.text')}</p>
          </header>
          <div data-ref="omsPick"></div>
          <p class="field-error" id="cc-oms-error" data-ref="omsError" hidden></p>
        </section>

        <section class="drawer-section" aria-labelledby="cc-manage-title">
          <header class="section-head">
            <h3 class="section-title" id="cc-manage-title">${t('create.manage.title')}</h3>
            <p class="section-text">${t('create.manage.text')}</p>
          </header>
          <div class="segmented" role="radiogroup" aria-labelledby="cc-manage-title" aria-describedby="cc-manage-error">
            <label class="segment"><input type="radio" name="manage" value="global" checked><span>${icon('globe')}${t('create.manage.global')}</span></label>
            <label class="segment"><input type="radio" name="manage" value="local"><span>${icon('customers')}${t('create.manage.local')}</span></label>
          </div>
          <div class="manage-panel" data-ref="managePanel"></div>
          <p class="field-error" id="cc-manage-error" data-ref="manageError" hidden></p>
        </section>

        ${banner('info', t('create.notice'))}
      </form>`,
    footer: html`
      <span class="footer-note" data-ref="footerNote" aria-live="polite"></span>
      <button type="button" class="btn btn-secondary" data-ref="cancel">${t('common.cancel')}</button>
      <button type="submit" class="btn btn-primary" form="create-customer-form" data-ref="create">
        <span>${t('create.submit')}</span>
      </button>`,
    canClose: async () => {
      if (st.submitting) return false;
      if (!dirty()) return true;
      return confirmDiscard(t('create.discard.title'), t('create.discard.text'));
    },
  });

  const form = d.body.querySelector('form');
  const ref = (name) => d.el.querySelector(`[data-ref="${name}"]`);
  const emailInput = form.elements.namedItem('email');
  const details = wireDetailFields(form, 'cc', { onChange: () => setFieldError(form, 'country', '') });
  const createBtn = ref('create');
  ref('cancel').addEventListener('click', () => d.close());
  const manage = manageChoice({
    account, form, panel: ref('managePanel'), onChange: () => groupError(ref('manageError'), ''),
  });

  // ---- state helpers ------------------------------------------------------
  function detailValues() { return details.read(); }

  function dirty() {
    if (emailInput.value.trim() || st.record || st.discount || manage.dirty()) return true;
    return Object.values(detailValues()).some((v) => String(v).trim() !== '');
  }

  function dirtyBeyondEmail() {
    if (st.discount || manage.dirty()) return true;
    return Object.values(detailValues()).some((v) => String(v).trim() !== '');
  }

  /** Leaves the drawer for another page of the console. */
  async function leave(href, { ask = true } = {}) {
    while (topDrawer() && topDrawer() !== d) await topDrawer().close({ force: true });
    if (await d.close({ force: !ask })) navigate(href);
  }

  /** A message for a group of controls (the OMS record, the management choice). */
  function groupError(box, message) {
    if (message) {
      render(box, html`${icon('error', 'field-error-icon')}<span>${message}</span>`);
      box.hidden = false;
    } else {
      box.hidden = true;
      box.textContent = '';
    }
  }

  function formError(message, title = '') {
    render(ref('formError'), message ? banner('error', message, title) : html``);
  }

  // ---- creation mode ------------------------------------------------------
  function setMode(mode, { focus = false } = {}) {
    st.mode = mode;
    for (const r of form.querySelectorAll('input[name="source"]')) r.checked = r.value === mode;
    ref('newSection').hidden = mode !== 'new';
    ref('omsSection').hidden = mode !== 'oms';
    if (mode === 'oms') drawRecord();
    if (focus) (mode === 'oms' ? d.el.querySelector('#cc-oms-title') : emailInput).focus();
  }

  form.addEventListener('change', (e) => {
    if (e.target.name === 'source') setMode(e.target.value);
    else if (e.target.name === 'manage') manage.choose(e.target.value);
    else if (e.target.name === 'apply_discount') {
      st.discount = e.target.checked;
      ref('segment').hidden = !st.discount;
      if (!st.discount) setFieldError(form, 'segment_discount', '');
    } else if (e.target.name === 'segment_discount' || e.target.name === 'industry') {
      setFieldError(form, e.target.name, '');
    }
  });
  // Once the user works on the form again, the summary line goes.
  const clearNote = () => { ref('footerNote').textContent = ''; };
  form.addEventListener('input', clearNote);
  form.addEventListener('change', clearNote);
  form.addEventListener('input', (e) => {
    const n = e.target.name;
    if (n && n !== 'email' && DETAIL_FIELDS.includes(n)) setFieldError(form, n, '');
  });

  // ---- e-mail check -------------------------------------------------------
  let emailTimer = null;
  let emailAbort = null;
  let emailRun = null;

  function drawEmail() {
    const e = st.email;
    const iconBox = ref('emailIcon');
    const box = ref('emailStatus');
    render(iconBox, e.status === 'checking' ? html`<span class="spinner"></span>`
      : e.status === 'free' ? icon('success', 'ok-icon') : html``);
    const r = e.record;
    let out = html``;
    if (e.status === 'checking') {
      out = html`<p class="status-line muted">${t('create.email.checking')}</p>`;
    } else if (e.status === 'free') {
      out = html`<p class="status-line status-ok">${icon('success')}<span>${t('create.email.free')}</span></p>`;
    } else if (e.status === 'own_record' && r && r.hub_created && r.customer_purge_at) {
      // The record is held for a deleted customer until its purge date:
      // restoring it is the way to have it back.
      out = html`
        <div class="callout callout-warning">
          ${icon('warning', 'callout-icon')}
          <div class="callout-body">
            <p class="callout-title">${t('create.email.deleted.title')}</p>
            <p>${t('create.email.deleted.text', { company: r.company || r.email, date: formatDate(r.customer_purge_at) })}</p>
            <div class="callout-actions">
              <a class="btn btn-secondary btn-sm" href="${pagePath(account.id, 'deletedCustomers')}" data-ref="openDeleted">${t('oms.openDeleted')}</a>
            </div>
          </div>
        </div>`;
    } else if (e.status === 'own_record' && r && r.hub_created && r.customer_id) {
      out = html`
        <div class="callout callout-warning">
          ${icon('warning', 'callout-icon')}
          <div class="callout-body">
            <p class="callout-title">${t('create.email.hub.title')}</p>
            <p>${t('create.email.hub.text', { company: r.company || r.email })}</p>
            <div class="callout-actions">
              <a class="btn btn-secondary btn-sm" href="${customerPath(account.id, r.customer_id)}" data-ref="openHub">${t('oms.openHub')}</a>
            </div>
          </div>
        </div>`;
    } else if (e.status === 'own_record' && r && eligibleRecord(r)) {
      out = html`
        <div class="callout callout-info">
          ${icon('info', 'callout-icon')}
          <div class="callout-body">
            <p class="callout-title">${t('create.email.own.title')}</p>
            <p>${t('create.email.own.text', { company: r.company, name: [r.first_name, r.last_name].filter(Boolean).join(' ') })}</p>
            <div class="callout-actions">
              <button type="button" class="btn btn-primary btn-sm" data-ref="useRecord">${t('create.mode.oms')}</button>
            </div>
          </div>
        </div>`;
    } else if (e.status === 'own_record') {
      out = html`
        <div class="callout callout-warning">
          ${icon('warning', 'callout-icon')}
          <div class="callout-body">
            <p class="callout-title">${t('create.email.incomplete.title')}</p>
            <p>${t('create.email.incomplete.text')}</p>
          </div>
        </div>`;
    } else if (e.status === 'error') {
      out = html`
        <div class="callout callout-error">
          ${icon('error', 'callout-icon')}
          <div class="callout-body">
            <p>${t('create.email.failed', { message: e.message })}</p>
            <div class="callout-actions"><button type="button" class="btn btn-secondary btn-sm" data-ref="recheck">${t('common.retry')}</button></div>
          </div>
        </div>`;
    }
    render(box, out);
    box.querySelector('[data-ref="openHub"]')?.addEventListener('click', (ev) => {
      ev.preventDefault();
      leave(customerPath(account.id, r.customer_id), { ask: dirtyBeyondEmail() });
    });
    box.querySelector('[data-ref="useRecord"]')?.addEventListener('click', () => {
      st.record = r;
      setMode('oms', { focus: true });
    });
    box.querySelector('[data-ref="recheck"]')?.addEventListener('click', () => checkEmail({ force: true }));
    if (e.status === 'free' && !st.detailsOpen) {
      st.detailsOpen = true;
      ref('details').hidden = false;
    }
  }

  function setEmail(status, extra = {}) {
    st.email = { ...st.email, status, record: null, message: '', ...extra };
    drawEmail();
  }

  /** Checks the typed address (once per address); resolves to the status. */
  function checkEmail({ force = false, fromBlur = false } = {}) {
    clearTimeout(emailTimer);
    const v = emailInput.value.trim();
    if (!v) {
      emailAbort?.abort();
      setEmail('idle', { value: '' });
      return Promise.resolve('idle');
    }
    if (!force && v === st.email.value && !['idle', 'error'].includes(st.email.status)) {
      return st.email.status === 'checking' && emailRun ? emailRun : Promise.resolve(st.email.status);
    }
    const syntax = validators.email(v);
    if (syntax) {
      emailAbort?.abort();
      // Said at once as it is left; the server's own check (customer-fields.js) follows.
      if (fromBlur) setFieldError(form, 'email', syntax);
      setEmail('idle', { value: v });
      return Promise.resolve('invalid');
    }
    emailAbort?.abort();
    const ctl = new AbortController();
    emailAbort = ctl;
    setFieldError(form, 'email', '');
    setEmail('checking', { value: v });
    emailRun = api.oms.emailCheck(account.id, v, { signal: ctl.signal }).then((r) => {
      if (ctl.signal.aborted) return 'stale';
      if (r.status === 'unavailable') {
        setEmail('unavailable');
        setFieldError(form, 'email', t('create.email.unavailable'));
      } else {
        setEmail(r.status, { record: r.record || null });
      }
      return r.status;
    }, (err) => {
      if (err.name === 'AbortError' || ctl.signal.aborted) return 'stale';
      if (err.status === 422) {
        setEmail('invalid');
        setFieldError(form, 'email', err.fields?.email || err.message);
        return 'invalid';
      }
      if (err.status === 401) return 'error';
      setEmail('error', { message: err.message });
      return 'error';
    });
    return emailRun;
  }

  emailInput.addEventListener('input', () => {
    const v = emailInput.value.trim();
    if (v !== st.email.value) {
      emailAbort?.abort();
      setFieldError(form, 'email', '');
      if (st.email.status !== 'idle') setEmail('idle', { value: '' });
    }
    clearTimeout(emailTimer);
    emailTimer = setTimeout(() => checkEmail(), EMAIL_PAUSE);
  });
  emailInput.addEventListener('blur', () => { if (emailInput.value.trim()) checkEmail({ fromBlur: true }); });

  // ---- OMS record ---------------------------------------------------------
  function drawRecord() {
    const box = ref('omsPick');
    const r = st.record;
    if (!r) {
      render(box, html`
        <button type="button" class="btn btn-secondary btn-lg" data-ref="pick" aria-describedby="cc-oms-error">${icon('search')}<span>${t('oms.title')}</span></button>`);
    } else {
      const name = [r.first_name, r.last_name].filter(Boolean).join(' ');
      render(box, html`
        <div class="record-card" aria-labelledby="cc-record-name">
          <header class="record-head">
            <span class="record-avatar" aria-hidden="true">${[...(r.company || '?').trim()][0]}</span>
            <div class="record-heading">
              <p class="record-name" id="cc-record-name">${r.company}</p>
              <p class="record-sub">${r.email}</p>
            </div>
            <button type="button" class="btn btn-secondary btn-sm" data-ref="pick">${t('create.oms.change')}</button>
          </header>
          <dl class="record-details">
            <div><dt>${t('customer.field.contact')}</dt><dd>${name}</dd></div>
            <div><dt>${t('customer.field.phone')}</dt><dd>${displayPhone(r)}</dd></div>
            <div><dt>${t('customer.field.industry')}</dt><dd>${industryLabel(r.industry)}</dd></div>
            <div><dt>${t('customer.field.website')}</dt><dd>${displayWebsite(r.website)}</dd></div>
            <div class="span-2"><dt>${t('customer.address')}</dt><dd data-ref="recordAddress">${addressText(r, r.country)}</dd></div>
          </dl>
        </div>`);
      // The country by name, in the user's language.
      countries().then((list) => {
        const c = list.find((x) => x.code === r.country);
        const el = box.querySelector('[data-ref="recordAddress"]');
        if (c && el && st.record === r) el.textContent = addressText(r, c.name);
      }).catch(() => {});
    }
    box.querySelector('[data-ref="pick"]').addEventListener('click', pickRecord);
  }

  function pickRecord() {
    openOmsPicker({
      account,
      onSelect(record) {
        st.record = record;
        groupError(ref('omsError'), '');
        drawRecord();
        ref('omsPick').querySelector('[data-ref="pick"]')?.focus();
      },
      onOpenHub(id) { leave(customerPath(account.id, id), { ask: dirtyBeyondEmail() }); },
    });
  }

  // ---- create -------------------------------------------------------------
  function setBusy(on) {
    st.submitting = on;
    d.setBusy(on);
    createBtn.disabled = on;
    createBtn.setAttribute('aria-busy', String(on));
    render(createBtn, on ? html`<span class="spinner spinner-light"></span><span>${t('create.submitting')}</span>` : html`<span>${t('create.submit')}</span>`);
  }

  /** Shows the server's (or our own) messages; focuses the first. */
  function showAll(fields) {
    const own = {};
    const other = [];
    let manageMsg = '';
    let omsMsg = '';
    for (const [k, m] of Object.entries(fields)) {
      if (k === 'email' || k === 'segment_discount' || DETAIL_FIELDS.includes(k)) own[k] = m;
      else if (k.startsWith('management')) manageMsg = manageMsg || m;
      else if (k === 'oms_record_id') omsMsg = m;
      else other.push(m);
    }
    if (other.length) formError(other.join(' '));
    groupError(ref('manageError'), manageMsg);
    groupError(ref('omsError'), omsMsg);
    // Open the details if a message belongs there.
    if (Object.keys(own).some((k) => k !== 'email') && !st.detailsOpen) { st.detailsOpen = true; ref('details').hidden = false; }
    if (own.segment_discount && !st.discount) {
      form.elements.namedItem('apply_discount').checked = true;
      st.discount = true;
      ref('segment').hidden = false;
    }
    const ordered = {};
    for (const k of ['email', ...DETAIL_FIELDS, 'segment_discount']) if (own[k]) ordered[k] = own[k];
    const focused = showErrors(form, ordered);
    if (!focused) {
      if (omsMsg) ref('omsPick').querySelector('button')?.focus();
      else if (manageMsg) manage.focusTarget()?.focus();
      else ref('formError').querySelector('.banner')?.scrollIntoView({ block: 'nearest' });
    }
    ref('footerNote').textContent = Object.keys(fields).length ? t('create.fixFields') : '';
  }

  function clearAll() {
    clearErrors(form);
    formError('');
    groupError(ref('manageError'), '');
    groupError(ref('omsError'), '');
    ref('footerNote').textContent = '';
  }

  async function submit(e) {
    e.preventDefault();
    if (st.submitting) return;
    clearAll();
    const errors = {};
    let body;
    if (st.mode === 'new') {
      const v = emailInput.value.trim();
      if (!v) errors.email = t('form.required');
      else if (validators.email(v)) errors.email = validators.email(v);
      else {
        setBusy(true);
        const status = await checkEmail();
        setBusy(false);
        if (status === 'own_record') {
          const r = st.email.record;
          errors.email = r && r.customer_purge_at ? t('create.email.deleted.short')
            : r && r.hub_created ? t('create.email.hub.short') : eligibleRecord(r) ? t('create.email.own.short') : t('create.email.incomplete.title');
        } else if (status === 'unavailable') errors.email = t('create.email.unavailable');
        else if (status === 'invalid') errors.email = form.querySelector('#cc-email-error').textContent || t('form.emailInvalid');
        else if (status === 'error') errors.email = t('create.email.failed', { message: st.email.message });
      }
      if (st.detailsOpen) Object.assign(errors, details.check());
      if (st.discount && !form.elements.namedItem('segment_discount').value) errors.segment_discount = t('create.discount.required');
      body = {
        source: 'new',
        email: v,
        ...Object.fromEntries(Object.entries(details.read()).map(([k, x]) => [k, k === 'country' ? x : x.trim()])),
        segment_discount: st.discount ? form.elements.namedItem('segment_discount').value || null : null,
        management: manage.value(),
      };
    } else {
      if (!st.record) errors.oms_record_id = t('create.oms.required');
      body = { source: 'oms', oms_record_id: st.record?.id, management: manage.value() };
    }
    const m = manage.error();
    if (m) errors['management.mode'] = m;
    if (Object.keys(errors).length) { showAll(errors); return; }

    const json = JSON.stringify(body);
    // The same request again after no answer keeps its key, so it is never applied twice.
    const key = st.attempt && st.attempt.json === json && !st.attempt.answered ? st.attempt.key : newIdempotencyKey();
    st.attempt = { json, key, answered: false };
    setBusy(true);
    try {
      const customer = await api.customers.create(account.id, body, key);
      st.attempt.answered = true;
      customersChanged(account.id, customer);
      setBusy(false);
      await d.close({ force: true });
      toast(t('create.done', { company: customer.company }), { kind: 'success' });
      navigate(customerPath(account.id, customer.id));
      return;
    } catch (ex) {
      setBusy(false);
      if (ex.status === 401) return;
      st.attempt.answered = ex.status >= 400 && ex.status < 500 && ex.status !== 408 && ex.status !== 429;
      if (ex.status === 409 && ex.code === 'oms_record_exists') {
        await checkEmail({ force: true });
        showAll({ email: ex.message });
      } else if (ex.status === 409 && ex.code === 'email_unavailable') {
        setEmail('unavailable');
        showAll({ email: ex.message });
      } else if (ex.status === 409 && ex.code === 'hub_customer_exists') {
        showAll({ oms_record_id: ex.message });
      } else if ((ex.status === 422 || ex.status === 409) && ex.fields && Object.keys(ex.fields).length) {
        showAll(ex.fields);
      } else {
        formError(ex.message, t('create.failed'));
        ref('formError').scrollIntoView({ block: 'nearest' });
      }
    }
  }

  form.addEventListener('submit', submit);
  setMode('new');
  emailInput.focus();
  return d;
}

/** The "+ Customer" button that opens the drawer (for admins). */
export function addCustomerButton(account) {
  return html`<button type="button" class="btn btn-primary" aria-label="${t('customers.add')}"
    @click=${() => openCreateCustomer({ account })}>${icon('plus')}<span>${t('customers.addShort')}</span></button>`;
}

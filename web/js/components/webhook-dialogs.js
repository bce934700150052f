/*
 * webhook-dialogs.js - a partner's webhooks in dialogs: adding one or
 * changing it (its address, its events and whether it is on), and its
 * signing secret, shown once after it is created or rotated.
 *
 *   await openWebhookForm({ account })          -> the new webhook (with .secret) or null
 *   await openWebhookForm({ account, hook })    -> the changed webhook or null
 *   await showWebhookSecret(hook, { rotated })
 *
 * The address is checked as the server checks it: https://, or http:// to
 * the Steward server itself (127.0.0.1, localhost, [::1]); no user name or
 * password in it.
 */
import { html } from '../html.js';
import * as api from '../api.js';
import { formDialog } from './dialog.js';
import { field, showErrors, clearErrors, setFieldError, validators } from './form.js';
import { icon } from './icons.js';
import { copyField, onCopyClick, onCopyFocus } from './copy-field.js';
import { t } from '../i18n.js';

/** The events a webhook may receive, in the order the server lists them. */
export const EVENTS = ['alert.raised', 'alert.changed', 'customer.created', 'customer.deleted', 'subscription.changed',
  'device.enrolled', 'device.removed'];

/** An event as a person reads it (an unknown one as it is). */
export function eventName(event) {
  return EVENTS.includes(event) ? t('webhooks.event.' + event) : event;
}

const URL_MAX = 2000;
const LOCAL = ['127.0.0.1', 'localhost', '[::1]'];

/** What is wrong with an address ('' when the server will take it). */
export function urlProblem(raw) {
  const u = raw.trim();
  if (!u) return t('form.required');
  // eslint-disable-next-line no-control-regex
  if (u.length > URL_MAX || /[\u0000-\u0020\u007f]/.test(u)) return t('webhooks.url.invalid');
  const m = /^(https?):\/\/([^/?#]*)/.exec(u);
  if (!m || !m[2] || m[2].includes('@')) return t('webhooks.url.invalid');
  if (m[1] === 'http' && !LOCAL.some((h) => m[2] === h || m[2].startsWith(h + ':'))) return t('webhooks.url.https');
  return '';
}

let counter = 0;

export async function openWebhookForm({ account, hook = null }) {
  const id = 'webhook-' + ++counter;
  const chosen = new Set(hook ? hook.events : []);
  let result = null;
  const ok = await formDialog({
    title: hook ? t('webhooks.edit.title') : t('webhooks.create.title'),
    message: hook ? '' : t('webhooks.create.text'),
    confirm: hook ? t('common.save') : t('webhooks.create.confirm'),
    body: html`<form class="people-form" novalidate>
      ${field({
        id: id + '-url', label: t('webhooks.url'), hint: t('webhooks.url.hint'),
        input: html`<input class="input input-mono" id="${id + '-url'}" name="url" type="url" maxlength="${String(URL_MAX)}"
          autocomplete="off" spellcheck="false" placeholder="https://" value="${hook ? hook.url : ''}" aria-describedby="${id + '-url-hint'}">`,
      })}
      <fieldset class="field choice-set">
        <legend class="field-label">${t('webhooks.events')}</legend>
        ${EVENTS.map((ev) => html`
          <div class="event-choice">
            <label class="check"><input type="checkbox" name="events" value="${ev}" ?checked=${chosen.has(ev)}
              aria-describedby="${id + '-' + ev + '-hint'}"><span>${eventName(ev)}</span></label>
            <p class="check-hint muted small" id="${id + '-' + ev + '-hint'}">${t('webhooks.event.' + ev + '.hint')} <code>${ev}</code></p>
          </div>`)}
        <input type="hidden" name="event_list" id="${id + '-events'}">
        <p class="field-error" id="${id + '-events-error'}" hidden></p>
      </fieldset>
      ${hook ? html`
        <div class="field">
          <label class="check"><input type="checkbox" name="enabled" ?checked=${hook.enabled}
            aria-describedby="${id + '-enabled-hint'}"><span>${t('webhooks.enabled.label')}</span></label>
          <p class="check-hint muted small" id="${id + '-enabled-hint'}">${t('webhooks.enabled.hint')}</p>
        </div>` : ''}
    </form>`,
    onOpen(box) {
      const form = box.querySelector('form');
      form.addEventListener('submit', (e) => { e.preventDefault(); box.querySelector('[data-answer="yes"]').click(); });
      form.addEventListener('change', (e) => { if (e.target.name === 'events') setFieldError(form, 'event_list', ''); });
      form.elements.url.addEventListener('input', () => setFieldError(form, 'url', ''));
    },
    async onConfirm(box) {
      const form = box.querySelector('form');
      clearErrors(form);
      const url = form.elements.url.value.trim();
      const events = [...form.querySelectorAll('input[name="events"]:checked')].map((c) => c.value);
      const errors = {};
      const bad = urlProblem(url) || validators.text(url, URL_MAX);
      if (bad) errors.url = bad;
      if (!events.length) errors.event_list = t('webhooks.events.required');
      if (Object.keys(errors).length) { showErrors(form, errors); return false; }
      try {
        result = hook
          ? await api.webhooks.update(account.id, hook.id, { url, events, enabled: form.elements.enabled.checked })
          : await api.webhooks.create(account.id, { url, events });
        return true;
      } catch (ex) {
        if (ex.status === 401) return false;
        const fields = {};
        for (const [k, m] of Object.entries(ex.fields || {})) fields[k.startsWith('events') ? 'event_list' : k] = m;
        if (Object.keys(fields).length && showErrors(form, fields)) return false;
        return ex.message;
      }
    },
  });
  return ok ? result : null;
}

/** The signing secret, shown once, and how a receiver checks a delivery with it. */
export function showWebhookSecret(hook, { rotated = false } = {}) {
  const id = 'webhook-secret-' + ++counter;
  return formDialog({
    title: rotated ? t('webhooks.secret.rotatedTitle') : t('webhooks.secret.createdTitle'),
    message: hook.url,
    confirm: '',
    backdrop: false,
    body: html`
      <div class="callout callout-warning secret-once" role="note">
        ${icon('warning', 'callout-icon')}
        <div class="callout-body"><p>${t(rotated ? 'webhooks.secret.onceRotated' : 'webhooks.secret.once')}</p></div>
      </div>
      ${copyField({ id: id + '-secret', name: 'webhook-secret', label: t('webhooks.secret'), value: hook.secret })}
      ${verifyNote()}`,
    onOpen(box) {
      box.classList.add('dialog-secret');
      box.addEventListener('click', onCopyClick);
      box.addEventListener('focusin', onCopyFocus);
    },
  });
}

/** How to check a delivery's signature, exactly as the sender signs it. */
export function verifyNote() {
  return html`
    <h3 class="secret-heading">${t('webhooks.verify.title')}</h3>
    <p class="small">${t('webhooks.verify.header')}</p>
    <code class="code-line">Steward-Signature: t=&lt;${t('webhooks.verify.time')}&gt;,v1=&lt;${t('webhooks.verify.signature')}&gt;</code>
    <p class="small">${t('webhooks.verify.how')}</p>
    <code class="code-line">&lt;t&gt;.&lt;${t('webhooks.verify.body')}&gt;</code>
    <p class="small muted">${t('webhooks.verify.more')}</p>`;
}

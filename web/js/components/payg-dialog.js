/*
 * payg-dialog.js - pay-as-you-go seats: subscribing, covering more devices
 * and changing the seat count, each as a small dialog with a seats field
 * (checked as it is typed, 1 to 100,000) and a preview of the price per day
 * and per 30 days at the partner's net price.
 *
 *   const sub = await openPaygDialog({ mode: 'subscribe' | 'more' | 'change',
 *     sub, company, discount, save: async (seats) => subscription })
 *
 * Resolves the saved subscription, or null when cancelled. Server errors
 * show in the dialog (a seats message beside the field).
 */
import { html, render } from '../html.js';
import { formDialog } from './dialog.js';
import { icon } from './icons.js';
import { t, plural, formatNumber } from '../i18n.js';
import { money, toUnits, fromUnits, netPrice, discountApplies } from './subscription-bits.js';

export const SEATS_MAX = 100000;
let counter = 0;

function parseSeats(text) {
  const s = String(text).trim();
  if (!s) return { error: t('payg.seats.required') };
  if (!/^\d+$/.test(s)) return { error: t('payg.seats.whole') };
  const n = Number(s);
  if (n < 1 || n > SEATS_MAX) return { error: t('payg.seats.range', { max: formatNumber(SEATS_MAX) }) };
  return { n };
}

export function openPaygDialog({ mode, sub, company, discount, save }) {
  const id = 'payg-' + ++counter;
  const service = sub.service;
  const price = netPrice(sub);
  const currency = service.currency;
  const current = sub.state === 'payg' ? sub.seats : 0;
  const adding = mode === 'more';
  const start = adding ? 5 : mode === 'change' ? current : Math.max(sub.state === 'trial' ? sub.seats : 0, 5);
  let saved = null;

  const title = mode === 'subscribe' ? t('payg.subscribe.title', { service: service.name })
    : mode === 'more' ? t('payg.more.title', { service: service.name }) : t('payg.change.title', { service: service.name });
  const message = mode === 'subscribe' ? t('payg.subscribe.text', { company })
    : mode === 'more' ? t('payg.more.text', { company, seats: plural('sub.seats', current, { n: formatNumber(current) }) })
      : t('payg.change.text', { company });

  const body = html`
    <div class="payg-form">
      <div class="field" data-field="${id}">
        <label class="field-label" for="${id}">${adding ? t('payg.seats.add') : t('payg.seats')}</label>
        <div class="stepper">
          <button type="button" class="icon-button stepper-btn" data-step="-1" aria-label="${t('payg.seats.less')}" tabindex="-1">${icon('minus')}</button>
          <input id="${id}" name="seats" class="input input-number stepper-input" type="text" inputmode="numeric" autocomplete="off"
                 value="${String(start)}" aria-describedby="${id + '-preview'}">
          <button type="button" class="icon-button stepper-btn" data-step="1" aria-label="${t('payg.seats.more')}" tabindex="-1">${icon('plus')}</button>
        </div>
        <p class="field-error" id="${id + '-error'}" hidden></p>
      </div>
      <div class="payg-preview" id="${id + '-preview'}" aria-live="polite" data-ref="preview"></div>
      ${sub.state === 'trial' && mode === 'subscribe' ? html`<p class="payg-note">${icon('info', 'hint-icon')}<span>${t('payg.subscribe.endsTrial')}</span></p>` : ''}
    </div>`;

  function preview(box) {
    const input = box.querySelector('#' + CSS.escape(id));
    const out = box.querySelector('[data-ref="preview"]');
    const r = parseSeats(input.value);
    const err = box.querySelector('#' + CSS.escape(id + '-error'));
    if (r.error) {
      render(err, html`${icon('error', 'field-error-icon')}<span>${r.error}</span>`);
      err.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', id + '-error ' + id + '-preview');
      render(out, '');
      return null;
    }
    err.hidden = true;
    input.removeAttribute('aria-invalid');
    input.setAttribute('aria-describedby', id + '-preview');
    const total = adding ? current + r.n : r.n;
    if (total > SEATS_MAX) {
      render(err, html`${icon('error', 'field-error-icon')}<span>${t('payg.seats.range', { max: formatNumber(SEATS_MAX) })}</span>`);
      err.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      render(out, '');
      return null;
    }
    const perDay = toUnits(price) * total;
    const perMonth = perDay * 30;
    const was = toUnits(price) * current;
    render(out, html`
      <dl class="payg-lines">
        <div><dt>${t('payg.preview.price')}</dt><dd>${money(price, currency)} <span class="muted">${t('payg.perSeatDay')}</span>
          ${discountApplies(discount) ? html`<span class="badge badge-ok">${t('sub.discountOff', { percent: formatNumber(discount.percent) })}</span>` : ''}</dd></div>
        ${mode !== 'subscribe' ? html`<div><dt>${t('payg.preview.total')}</dt><dd><strong>${plural('sub.seats', total, { n: formatNumber(total) })}</strong>
          ${total !== current ? html`<span class="muted">${t('payg.preview.from', { n: formatNumber(current) })}</span>` : ''}</dd></div>` : ''}
        <div><dt>${t('payg.preview.day')}</dt><dd><strong>${money(fromUnits(perDay), currency)}</strong>
          ${mode !== 'subscribe' && total !== current ? html`<span class="${perDay > was ? 'delta delta-up' : 'delta delta-down'}">${(perDay > was ? '+' : '−') + money(fromUnits(Math.abs(perDay - was)), currency)}</span>` : ''}</dd></div>
        <div><dt>${t('payg.preview.month')}</dt><dd>${money(fromUnits(perMonth), currency)}</dd></div>
      </dl>
      <p class="payg-foot muted small">${t('payg.preview.note')}</p>`);
    return total;
  }

  return formDialog({
    title,
    message,
    body,
    confirm: mode === 'subscribe' ? t('payg.subscribe.confirm') : mode === 'more' ? t('payg.more.confirm') : t('payg.change.confirm'),
    onOpen(box) {
      box.classList.add('dialog-payg');
      const input = box.querySelector('#' + CSS.escape(id));
      input.addEventListener('input', () => preview(box));
      input.addEventListener('keydown', (e) => {
        if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
          e.preventDefault();
          const n = Number.parseInt(input.value, 10) || 0;
          input.value = String(Math.min(SEATS_MAX, Math.max(1, n + (e.key === 'ArrowUp' ? 1 : -1))));
          preview(box);
        } else if (e.key === 'Enter') {
          e.preventDefault();
          box.querySelector('[data-answer="yes"]').click();
        }
      });
      for (const b of box.querySelectorAll('[data-step]')) {
        b.addEventListener('click', () => {
          const n = Number.parseInt(input.value, 10) || 0;
          input.value = String(Math.min(SEATS_MAX, Math.max(1, n + Number(b.dataset.step))));
          preview(box);
          input.focus();
        });
      }
      preview(box);
      requestAnimationFrame(() => { input.focus(); input.select(); });
    },
    async onConfirm(box) {
      const total = preview(box);
      if (total === null) { box.querySelector('#' + CSS.escape(id)).focus(); return false; }
      if (mode === 'change' && total === current) return true;
      try {
        saved = await save(total);
        return true;
      } catch (e) {
        if (e.status === 401) return true;
        if (e.fields && e.fields.seats) {
          const err = box.querySelector('#' + CSS.escape(id + '-error'));
          render(err, html`${icon('error', 'field-error-icon')}<span>${e.fields.seats}</span>`);
          err.hidden = false;
          box.querySelector('#' + CSS.escape(id)).setAttribute('aria-invalid', 'true');
          box.querySelector('#' + CSS.escape(id)).focus();
          return false;
        }
        return e.message;
      }
    },
  }).then(() => saved);
}

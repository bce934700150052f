/*
 * subscription-panel.js - a customer's Subscriptions tab: one box per
 * catalogue service with its state, seats (available and used, with a
 * meter), type, end date (days left, highlighted in the last week) or the
 * pay-as-you-go price, and what can be done with it:
 *
 *   Start trial          once per service; asks first (length, seats, end date)
 *   Subscribe            pay-as-you-go (when flexible billing is on for the partner)
 *   Cover more devices   pay-as-you-go: add seats; prepaid: explains that a
 *                        code with more seats extends it, then goes to the code
 *   Manage               pay-as-you-go: a menu to change seats or cancel
 *                        (admins only; a viewer has no menu)
 *
 * Above the boxes: what to do first when nothing is subscribed, what has
 * expired or ends within a week, the segment discount's status, and the
 * "Got an activation code?" field, which reads a code as it is typed
 * (grouped 5x5, "not a code" and "looks mistyped" caught before sending)
 * and shows the server's answer beside it. Every action updates its box in
 * place, says so in a toast and puts focus on the box. A viewer sees
 * everything with the actions disabled and no Manage menu.
 *
 * A company console's own record (customer.own, companies.js) is shown the
 * same way, without the pay-as-you-go notice: it starts trials and redeems
 * the codes of its own OMS orders.
 *
 *   const p = subscriptionPanel({ account, customer, isAdmin });
 *   container.replaceChildren(p.el); p.load();
 */
import { html, render, element } from '../html.js';
import { icon } from './icons.js';
import { emptyState } from './ui.js';
import { toast } from './toast.js';
import { confirmDialog, formDialog } from './dialog.js';
import { menuButton } from './menu.js';
import { discountBadge } from './customer-bits.js';
import { t, plural, formatNumber, formatDay } from '../i18n.js';
import * as api from '../api.js';
import { segmentLabel } from '../customers.js';
import { regroupInput, checkCode } from './activation-code.js';
import { openPaygDialog } from './payg-dialog.js';
import {
  stateBadge, typeLabel, money, netPrice, discountApplies, endInfo, seatMeter, applyMeters,
} from './subscription-bits.js';

const SERVICE_ICON = {
  essential_business: 'logo', premium_business: 'policies', ultimate_business: 'star',
  patch_management: 'patch', cloud_backup: 'backup', premium_remote_control: 'remote',
};

const ACTIVE = ['trial', 'prepaid', 'payg'];

function addDays(days) {
  const d = new Date();
  const u = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + days));
  return u.toISOString().slice(0, 10);
}

/** "in 12 minutes" for a Retry-After in seconds. */
function waitText(seconds) {
  const s = Math.max(1, Number(seconds) || 0);
  if (s < 60) return plural('sub.code.wait.seconds', s, { n: formatNumber(s) });
  const m = Math.ceil(s / 60);
  return plural('sub.code.wait.minutes', m, { n: formatNumber(m) });
}

export function subscriptionPanel({ account, customer, isAdmin }) {
  const company = customer.company;
  let data = null;
  let failed = '';
  let loading = null;
  let codeResult = { state: 'empty' };
  let serverError = null; // { kind: 'error' | 'wait', text }
  let redeeming = false;

  const el = element(html`<div class="subs" data-ref="subs"></div>`);

  const subs = () => data?.items || [];
  const find = (key) => subs().find((s) => s.service.key === key);
  const readOnly = !isAdmin;
  const noWrite = readOnly ? t('sub.viewOnlyAction') : '';

  // ---- the parts of the page ---------------------------------------------------

  function discountLine() {
    const d = data?.discount;
    if (!d) return '';
    const segment = segmentLabel(d.segment);
    let text;
    if (d.status === 'approved') text = d.percent ? t('sub.discount.approved', { segment, percent: formatNumber(d.percent) }) : t('sub.discount.approvedNoPercent', { segment });
    else if (d.status === 'pending') text = t('sub.discount.pending', { segment });
    else text = t('sub.discount.rejected', { segment });
    return html`<p class="subs-discount" data-ref="discount">${discountBadge(d)}<span>${text}</span></p>`;
  }

  function head() {
    const active = subs().filter((s) => ACTIVE.includes(s.state)).length;
    return html`
      <div class="subs-head">
        <div class="subs-head-text">
          <p class="subs-head-title">${t('sub.head.title', { company })}</p>
          <p class="subs-head-sub">${plural('sub.head.count', active, { n: formatNumber(active), total: formatNumber(subs().length) })}</p>
        </div>
        ${discountLine()}
      </div>`;
  }

  function notices() {
    const list = subs();
    const out = [];
    if (!list.length) {
      return emptyState({ icon: 'subscriptions', title: t('sub.noServices.title'), text: t('sub.noServices.text'), headingLevel: 3 });
    }
    if (!list.some((s) => s.state !== 'none')) {
      out.push(html`<div class="subs-start">${emptyState({
        icon: 'subscriptions', compact: true, headingLevel: 3,
        title: t('customer.empty.subscriptions.title'),
        text: readOnly ? t('sub.start.textViewer', { company }) : data.flexible_billing ? t('sub.start.text', { company }) : t('sub.start.textNoPayg', { company }),
      })}</div>`);
    }
    const expired = list.filter((s) => s.state === 'expired');
    if (expired.length && !list.some((s) => ACTIVE.includes(s.state))) {
      out.push(callout('error', 'warning', t('sub.expired.allTitle', { company }), html`
        <ul class="subs-callout-list">${expired.map((s) => html`<li>${expiredText(s)}</li>`)}</ul>
        <p>${readOnly ? t('sub.expired.nowViewer') : data.flexible_billing ? t('sub.expired.now') : t('sub.expired.nowNoPayg')}</p>`));
    } else if (expired.length) {
      out.push(callout('neutral', 'info', plural('sub.expired.someTitle', expired.length, { n: formatNumber(expired.length) }), html`
        <ul class="subs-callout-list">${expired.map((s) => html`<li>${expiredText(s)}</li>`)}</ul>`));
    }
    const soon = list.filter((s) => ACTIVE.includes(s.state) && s.days_left !== null && s.days_left !== undefined && s.days_left <= 7);
    if (soon.length) {
      out.push(callout('warning', 'clock', plural('sub.soon.title', soon.length, { n: formatNumber(soon.length) }), html`
        <ul class="subs-callout-list">${soon.map((s) => html`<li>${t(s.state === 'trial' ? 'sub.soon.trial' : 'sub.soon.prepaid', { service: s.service.name, date: formatDay(s.ends_on), left: endInfo(s).left })}</li>`)}</ul>`));
    }
    // A company console's own record has no pay-as-you-go to ask for: it is billed through partners.
    if (!data.flexible_billing && !readOnly && !customer.own) {
      out.push(callout('info', 'info', t('sub.noPayg.title'), html`<p>${t('sub.noPayg.text')}</p>`));
    }
    return out;
  }

  function callout(kind, ic, title, body) {
    return html`
      <div class="${'callout callout-' + kind}" role="${kind === 'error' ? 'alert' : 'note'}">
        ${icon(ic, 'callout-icon')}
        <div class="callout-body"><p class="callout-title">${title}</p>${body}</div>
      </div>`;
  }

  function expiredText(s) {
    const date = s.ends_on ? formatDay(s.ends_on) : '';
    if (s.cancelled) return t('sub.expired.cancelled', { service: s.service.name, date });
    return t(s.expired_kind === 'trial' ? 'sub.expired.trial' : 'sub.expired.prepaid', { service: s.service.name, date });
  }

  function codeBar() {
    return html`
      <section class="code-bar" aria-labelledby="sub-code-title">
        <span class="code-bar-icon" aria-hidden="true">${icon('key')}</span>
        <div class="code-bar-main">
          <h3 class="code-bar-title" id="sub-code-title">${t('sub.code.title')}</h3>
          <p class="code-bar-text">${t('sub.code.text')}</p>
          <form class="code-form" data-ref="codeForm" novalidate>
            <div class="code-input-wrap">
              <input id="sub-code" name="code" class="input input-code" type="text" autocomplete="off" autocapitalize="characters"
                     spellcheck="false" maxlength="40" aria-label="${t('sub.code.label')}" placeholder="XXXXX-XXXXX-XXXXX-XXXXX-XXXXX"
                     aria-describedby="sub-code-status" ?disabled=${readOnly} title="${noWrite}">
              <span class="code-input-icon" data-ref="codeIcon" aria-hidden="true"></span>
            </div>
            <button type="submit" class="btn btn-primary" data-ref="redeem" disabled title="${noWrite}">${icon('check')}<span>${t('sub.code.redeem')}</span></button>
          </form>
          <p class="code-status" id="sub-code-status" data-ref="codeStatus" aria-live="polite"></p>
        </div>
      </section>`;
  }

  function facts(s) {
    const svc = s.service;
    const rows = [];
    if (s.state === 'payg') {
      rows.push(html`<div><dt>${t('sub.billing')}</dt><dd><span class="sub-fact-main">${t('sub.billedMonthly')}</span>
        <span class="sub-fact-sub">${t('sub.pricePerSeatDay', { price: money(netPrice(s), svc.currency) })}
        ${discountApplies(data.discount) && netPrice(s) !== svc.price ? html`<span class="sub-was">${money(svc.price, svc.currency)}</span>
          <span class="badge badge-ok badge-sm">${t('sub.discountOff', { percent: formatNumber(data.discount.percent) })}</span>` : ''}</span></dd></div>`);
    } else if (s.state === 'trial' || s.state === 'prepaid') {
      const e = endInfo(s);
      rows.push(html`<div class="${e && e.soon ? 'sub-fact-soon' : ''}"><dt>${t('sub.endsOn')}</dt><dd>${e ? html`<span class="sub-fact-main">${e.soon ? icon('clock', 'soon-icon') : ''}${e.date}</span>
        <span class="sub-fact-sub">${e.left}</span>` : '—'}</dd></div>`);
    } else if (s.state === 'expired') {
      rows.push(html`<div class="sub-fact-ended"><dt>${t('sub.endedOn')}</dt><dd><span class="sub-fact-main">${s.ends_on ? formatDay(s.ends_on) : '—'}</span></dd></div>`);
    }
    if (s.state === 'none' || s.state === 'expired') {
      if (s.trial_available) rows.push(html`<div><dt>${t('sub.trial')}</dt><dd>${t('sub.trialTerms', { days: formatNumber(svc.trial_days), seats: plural('sub.seats', svc.trial_seats, { n: formatNumber(svc.trial_seats) }) })}</dd></div>`);
      if (data.flexible_billing) rows.push(html`<div><dt>${t('sub.payg')}</dt><dd>${t('sub.pricePerSeatDay', { price: money(netPrice(s), svc.currency) })}</dd></div>`);
      if (!s.trial_available && s.state === 'none') rows.push(html`<div><dt>${t('sub.trial')}</dt><dd class="muted">${t('sub.trialUsed', { date: s.trial_started_on ? formatDay(s.trial_started_on) : '' })}</dd></div>`);
    }
    return html`<dl class="sub-facts">${rows}</dl>`;
  }

  function seats(s) {
    if (!ACTIVE.includes(s.state)) {
      return html`<div class="sub-seats sub-seats-none">
        <p class="sub-seats-line"><span class="sub-seats-num">0</span><span class="sub-seats-label">${t('sub.seatsAvailable')}</span></p>
        ${seatMeter(0, 0, { label: t('sub.noSeats') })}
      </div>`;
    }
    const over = s.seats_used > s.seats;
    return html`<div class="sub-seats">
      <p class="sub-seats-line"><span class="sub-seats-num">${formatNumber(s.seats)}</span><span class="sub-seats-label">${plural('sub.seatsAvailableN', s.seats)}</span></p>
      ${seatMeter(s.seats_used, s.seats)}
      <p class="${over ? 'sub-seats-used is-over' : 'sub-seats-used'}">${over
        ? t('sub.seatsOver', { n: formatNumber(s.seats_used - s.seats) })
        : t('sub.seatsUsed', { used: formatNumber(s.seats_used), free: formatNumber(s.seats - s.seats_used) })}</p>
    </div>`;
  }

  function btn(act, label, { primary = false, ic = '', extra = '' } = {}) {
    return html`<button type="button" class="${primary ? 'btn btn-primary btn-sm' : 'btn btn-secondary btn-sm'}" data-act="${act}"
      ?disabled=${readOnly} title="${noWrite}" aria-describedby="${extra}">${ic ? icon(ic) : ''}<span>${label}</span></button>`;
  }

  function actions(s) {
    const key = s.service.key;
    const nameId = 'sub-' + key + '-name';
    const out = [];
    const flex = data.flexible_billing;
    if (s.state === 'none' || s.state === 'expired') {
      if (s.trial_available) out.push(btn('trial', t('sub.act.trial'), { primary: true, ic: 'clock', extra: nameId }));
      if (flex) out.push(btn('subscribe', t('sub.act.subscribe'), { primary: !s.trial_available, ic: 'activity', extra: nameId }));
      if (!out.length) out.push(btn('code', t('sub.act.code'), { primary: true, ic: 'key', extra: nameId }));
    } else if (s.state === 'trial') {
      if (flex) out.push(btn('subscribe', t('sub.act.subscribe'), { primary: true, ic: 'activity', extra: nameId }));
      out.push(btn('code', t('sub.act.code'), { primary: !flex, ic: 'key', extra: nameId }));
    } else if (s.state === 'prepaid') {
      out.push(btn('more', t('sub.act.more'), { ic: 'plus', extra: nameId }));
    } else if (s.state === 'payg') {
      out.push(btn('more', t('sub.act.more'), { primary: true, ic: 'plus', extra: nameId }));
      // Only someone who may act gets the menu; it is drawn closed and opens on request.
      if (!readOnly) out.push(html`<div class="sub-menu">
        <button type="button" class="btn btn-secondary btn-sm btn-icon" data-act="manage" title="${t('sub.act.manage')}"
                aria-label="${t('sub.act.manage')}" aria-describedby="${nameId}">${icon('more')}</button>
        <div class="menu menu-right" role="menu" aria-label="${t('sub.manage.menu', { service: s.service.name })}" hidden>
          <button type="button" class="menu-item" role="menuitem" data-act="change">${icon('edit')}<span>${t('sub.act.change')}</span></button>
          <div class="menu-separator" role="separator"></div>
          <button type="button" class="menu-item menu-item-danger" role="menuitem" data-act="cancel">${icon('close')}<span>${t('sub.act.cancel')}</span></button>
        </div>
      </div>`);
    }
    return out;
  }

  function subtitle(s) {
    const since = s.starts_on ? formatDay(s.starts_on) : '';
    if (s.state === 'none') return s.trial_available ? t('sub.sub.trialAvailable') : t('sub.trialUsed');
    if (s.state === 'expired') return s.cancelled ? t('sub.expired.wasCancelled') : t(s.expired_kind === 'trial' ? 'sub.expired.wasTrial' : 'sub.expired.wasPrepaid');
    return since ? t('sub.sub.since', { date: since }) : typeLabel(s);
  }

  function box(s) {
    const key = s.service.key;
    const e = endInfo(s);
    const soon = ACTIVE.includes(s.state) && e && e.soon;
    return html`
      <article class="${'sub-box is-' + s.state + (soon ? ' is-soon' : '')}" data-service="${key}" aria-labelledby="${'sub-' + key + '-name'}">
        <header class="sub-box-head">
          <span class="sub-box-icon" aria-hidden="true">${icon(SERVICE_ICON[key] || 'logo')}</span>
          <div class="sub-box-title">
            <h3 class="sub-box-name" id="${'sub-' + key + '-name'}" tabindex="-1">${s.service.name}</h3>
            <p class="sub-box-meta">${stateBadge(s.state)}<span class="sub-box-type">${subtitle(s)}</span></p>
          </div>
        </header>
        ${seats(s)}
        ${facts(s)}
        <footer class="sub-box-actions">${actions(s)}</footer>
      </article>`;
  }

  // ---- drawing -------------------------------------------------------------

  function draw() {
    if (failed) {
      render(el, emptyState({
        icon: 'warning', title: t('sub.loadFailed'), text: failed, headingLevel: 3,
        action: html`<button type="button" class="btn btn-secondary" data-act="reload">${t('common.retry')}</button>`,
      }));
      return;
    }
    if (!data) {
      render(el, html`<div class="page-loading" role="status"><span class="spinner"></span><span>${t('common.loading')}</span></div>`);
      return;
    }
    render(el, html`
      <div data-ref="head">${head()}</div>
      <div class="subs-body">
        ${readOnly ? html`<p class="view-only-note" role="status">${icon('eye', 'hint-icon')}<span>${t('sub.viewOnly')}</span></p>` : ''}
        <div class="subs-notices" data-ref="notices">${notices()}</div>
        ${subs().length ? codeBar() : ''}
        <div class="sub-grid" data-ref="grid">${subs().map(box)}</div>
      </div>`);
    applyMeters(el);
    wireMenus(el);
    wireCode();
  }

  /** Redraws the summary parts and one box (keeping the code field as it is). */
  function update(key, { focus = true, flash = true } = {}) {
    render(el.querySelector('[data-ref="head"]'), head());
    render(el.querySelector('[data-ref="notices"]'), notices());
    const old = el.querySelector(`.sub-box[data-service="${CSS.escape(key)}"]`);
    const s = find(key);
    if (!old || !s) return;
    const fresh = element(box(s));
    old.replaceWith(fresh);
    applyMeters(fresh);
    wireMenus(fresh);
    if (flash) {
      fresh.classList.add('is-updated');
      setTimeout(() => fresh.classList.remove('is-updated'), 1600);
    }
    if (focus) {
      const h = fresh.querySelector('.sub-box-name');
      h.focus({ preventScroll: true });
      fresh.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    }
  }

  function replace(entry) {
    const i = subs().findIndex((s) => s.service.key === entry.service.key);
    if (i >= 0) data.items[i] = entry;
    update(entry.service.key);
  }

  function wireMenus(root) {
    for (const wrap of root.querySelectorAll('.sub-menu')) {
      menuButton(wrap.querySelector('[data-act="manage"]'), wrap.querySelector('[role="menu"]'));
    }
  }

  // ---- the activation code -------------------------------------------------

  function drawCodeStatus() {
    const input = el.querySelector('#sub-code');
    const status = el.querySelector('[data-ref="codeStatus"]');
    const ic = el.querySelector('[data-ref="codeIcon"]');
    const redeem = el.querySelector('[data-ref="redeem"]');
    if (!input) return;
    const r = codeResult;
    let kind = 'hint';
    let text = t('sub.code.hint');
    if (serverError) { kind = serverError.kind === 'wait' ? 'warning' : 'error'; text = serverError.text; }
    else if (r.state === 'partial') { kind = 'hint'; text = t('sub.code.partial', { n: formatNumber(r.count), total: '25' }); }
    else if (r.state === 'format') {
      kind = 'error';
      text = r.tooLong ? t('sub.code.tooLong') : r.bad ? t('sub.code.badChar', { char: r.bad }) : t('sub.code.format');
    } else if (r.state === 'typo') { kind = 'error'; text = t('sub.code.typo'); }
    else if (r.state === 'ok') { kind = 'ok'; text = t('sub.code.ok'); }
    status.className = 'code-status code-status-' + kind;
    status.dataset.kind = r.state === 'ok' && !serverError ? 'ok' : serverError ? serverError.code : r.state;
    const iconName = { error: 'error', warning: 'clock', ok: 'success', hint: '' }[kind];
    render(status, html`${iconName ? icon(iconName, 'code-status-icon') : ''}<span>${text}</span>`);
    render(ic, kind === 'ok' ? icon('success', 'ok-icon') : '');
    if (kind === 'error' || (kind === 'warning' && serverError)) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    // A code the server refused stays refused until it is changed.
    redeem.disabled = readOnly || redeeming || r.state !== 'ok' || !!serverError;
  }

  function wireCode() {
    const form = el.querySelector('[data-ref="codeForm"]');
    if (!form) return;
    const input = form.querySelector('#sub-code');
    input.addEventListener('input', () => {
      codeResult = regroupInput(input);
      if (serverError?.kind !== 'wait') serverError = null;
      drawCodeStatus();
    });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && input.value) { e.preventDefault(); e.stopPropagation(); input.value = ''; codeResult = checkCode(''); serverError = null; drawCodeStatus(); }
    });
    form.addEventListener('submit', (e) => { e.preventDefault(); redeem(); });
    drawCodeStatus();
  }

  async function redeem() {
    const input = el.querySelector('#sub-code');
    codeResult = checkCode(input.value);
    if (codeResult.state !== 'ok' || redeeming || readOnly) { drawCodeStatus(); input.focus(); return; }
    redeeming = true;
    const redeemBtn = el.querySelector('[data-ref="redeem"]');
    redeemBtn.classList.add('is-busy');
    drawCodeStatus();
    try {
      const r = await api.subscriptions.redeemCode(account.id, customer.id, input.value);
      const entry = r.subscription;
      const c = r.code || {};
      input.value = '';
      codeResult = checkCode('');
      serverError = null;
      const i = subs().findIndex((s) => s.service.key === entry.service.key);
      if (i >= 0) data.items[i] = entry;
      toast(t('sub.code.done', {
        service: entry.service.name, company,
        seats: plural('sub.seats', c.seats ?? entry.seats, { n: formatNumber(c.seats ?? entry.seats) }),
        months: plural('sub.months', c.months ?? 0, { n: formatNumber(c.months ?? 0) }),
        date: entry.ends_on ? formatDay(entry.ends_on) : '',
      }), { kind: 'success', title: t('sub.code.doneTitle') });
      redeeming = false;
      redeemBtn.classList.remove('is-busy');
      drawCodeStatus();
      update(entry.service.key);
    } catch (e) {
      redeeming = false;
      redeemBtn.classList.remove('is-busy');
      if (e.status === 401) return;
      if (e.status === 429) {
        serverError = { kind: 'wait', code: 'rate_limited', text: e.retryAfter ? t('sub.code.rateLimited', { wait: waitText(e.retryAfter) }) : e.message };
        if (e.retryAfter) {
          const wait = Math.min(e.retryAfter, 3600) * 1000;
          setTimeout(() => { if (serverError?.code === 'rate_limited') { serverError = null; drawCodeStatus(); } }, wait);
        }
      } else {
        serverError = { kind: 'error', code: e.code, text: (e.fields && e.fields.code) || e.message };
      }
      drawCodeStatus();
      input.focus();
    }
  }

  function focusCode() {
    const input = el.querySelector('#sub-code');
    if (!input) return;
    input.scrollIntoView({ block: 'center', behavior: 'smooth' });
    input.focus({ preventScroll: true });
    const bar = input.closest('.code-bar');
    bar.classList.add('is-highlighted');
    setTimeout(() => bar.classList.remove('is-highlighted'), 1600);
  }

  // ---- actions -----------------------------------------------------------------

  async function onTrial(s) {
    const svc = s.service;
    const ok = await confirmDialog({
      title: t('sub.trial.title', { service: svc.name }),
      message: t('sub.trial.text', {
        company, service: svc.name, days: formatNumber(svc.trial_days),
        seats: plural('sub.seats', svc.trial_seats, { n: formatNumber(svc.trial_seats) }), date: formatDay(addDays(svc.trial_days)),
      }),
      confirm: t('sub.act.trial'),
    });
    if (!ok) return;
    try {
      const entry = await api.subscriptions.startTrial(account.id, customer.id, svc.key);
      toast(t('sub.trial.done', { service: svc.name, company, date: entry.ends_on ? formatDay(entry.ends_on) : '' }), { kind: 'success' });
      replace(entry);
    } catch (e) {
      if (e.status !== 401) toast(e.message, { kind: 'error' });
      if (e.status === 409) reload(svc.key);
    }
  }

  async function onPayg(s, mode) {
    const svc = s.service;
    const entry = await openPaygDialog({
      mode, sub: s, company, discount: data.discount,
      save: (n) => (mode === 'subscribe' ? api.subscriptions.subscribePayg(account.id, customer.id, svc.key, n)
        : api.subscriptions.changeSeats(account.id, customer.id, svc.key, n)),
    });
    if (!entry) return;
    const seatsText = plural('sub.seats', entry.seats, { n: formatNumber(entry.seats) });
    if (mode === 'subscribe') toast(t('payg.subscribe.done', { service: svc.name, company, seats: seatsText }), { kind: 'success' });
    else toast(t('payg.change.done', { service: svc.name, seats: seatsText }), { kind: 'success' });
    replace(entry);
  }

  async function onCancel(s) {
    const svc = s.service;
    const ok = await confirmDialog({
      title: t('payg.cancel.title', { service: svc.name }),
      message: t('payg.cancel.text', { company, service: svc.name }),
      confirm: t('payg.cancel.confirm'),
      cancel: t('payg.cancel.keep'),
      danger: true,
    });
    if (!ok) return;
    try {
      const entry = await api.subscriptions.cancelPayg(account.id, customer.id, svc.key);
      toast(t('payg.cancel.done', { service: svc.name, company }), { kind: 'success' });
      replace(entry);
    } catch (e) {
      if (e.status !== 401) toast(e.message, { kind: 'error' });
    }
  }

  async function onMorePrepaid(s) {
    const go = await formDialog({
      title: t('sub.morePrepaid.title', { service: s.service.name }),
      message: t('sub.morePrepaid.text', { company, seats: plural('sub.seats', s.seats, { n: formatNumber(s.seats) }) }),
      body: html`<p class="muted small">${t('sub.morePrepaid.note')}</p>`,
      confirm: t('sub.morePrepaid.confirm'),
      cancel: t('common.close'),
    });
    if (go) focusCode();
  }

  async function reload(focusKey = '') {
    try {
      data = await api.subscriptions.ofCustomer(account.id, customer.id);
      failed = '';
    } catch (e) {
      if (e.status === 401) return;
      failed = e.message;
    }
    draw();
    if (focusKey) el.querySelector(`.sub-box[data-service="${CSS.escape(focusKey)}"] .sub-box-name`)?.focus();
  }

  el.addEventListener('click', (e) => {
    const b = e.target.closest('[data-act]');
    if (!b || b.disabled) return;
    const act = b.dataset.act;
    if (act === 'reload') { reload(); return; }
    if (act === 'manage') return; // the menu opens itself
    const key = b.closest('.sub-box')?.dataset.service;
    const s = key && find(key);
    if (!s || readOnly) return;
    // A menu item closes its menu: focus goes back to Manage, where the dialog returns it.
    if (b.getAttribute('role') === 'menuitem') b.closest('.sub-menu').querySelector('[data-act="manage"]').focus();
    if (act === 'trial') onTrial(s);
    else if (act === 'subscribe') onPayg(s, 'subscribe');
    else if (act === 'code') focusCode();
    else if (act === 'more') { if (s.state === 'payg') onPayg(s, 'more'); else onMorePrepaid(s); }
    else if (act === 'change') onPayg(s, 'change');
    else if (act === 'cancel') onCancel(s);
  });

  draw();

  return {
    el,
    /** Loads the subscriptions once (again with force). */
    load(force = false) {
      if (!loading || force) loading = reload();
      return loading;
    },
    focusCode,
    /** Active (trial, prepaid, pay-as-you-go) subscriptions, once loaded. */
    get activeCount() { return data ? subs().filter((s) => ACTIVE.includes(s.state)).length : null; },
  };
}

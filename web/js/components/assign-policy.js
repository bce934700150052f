/*
 * assign-policy.js - the Assign drawer of a global policy: a searchable
 * multi-select of the partner's customers (the server's search, page by
 * page), the chosen ones as removable chips above the list, and "make it
 * their default" for the policy's platform.
 *
 *   openAssignPolicy({ account, policy, assigned: Set(customer ids), onAssigned(count) })
 *
 * Customers that already have the policy are shown checked and cannot be
 * chosen again. Assign sends POST .../assignments in requests of at most
 * 1000 customers.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { openDrawer } from './drawer.js';
import { confirmDiscard } from './dialog.js';
import { banner } from './form.js';
import { icon } from './icons.js';
import { toast } from './toast.js';
import { pagedList, pager } from './pagination.js';
import { t, plural, formatNumber } from '../i18n.js';
import { platformLabel } from '../customers.js';

const PAGE = 50;

export function openAssignPolicy({ account, policy, assigned = new Set(), onAssigned }) {
  const st = {
    q: '',
    selected: new Map(), // id -> company
    makeDefault: false,
    busy: false,
  };
  const list = pagedList((cursor, signal) => api.customers.list(account.id, { q: st.q, limit: PAGE, cursor, signal }),
    { onChange: () => { drawList(); drawCount(); } });
  const platform = platformLabel(policy.platform);

  const d = openDrawer({
    title: t('policy.assign.title'),
    description: t('policy.assign.description', { name: policy.name }),
    size: 'lg',
    body: html`
      <form class="create-form assign-form" id="assign-policy-form" novalidate>
        <div data-ref="formError"></div>
        <section class="drawer-section">
          <div class="field">
            <label class="field-label" for="ap-search">${t('policy.assign.find')}</label>
            <div class="search-box search-box-lg">
              ${icon('search', 'search-icon')}
              <input type="search" class="input search-field" id="ap-search" autocomplete="off" spellcheck="false"
                     placeholder="${t('customers.search.placeholder')}" aria-describedby="ap-count" aria-controls="ap-list">
            </div>
          </div>
          <div class="pick-head">
            <p class="oms-count" id="ap-count" data-ref="count" aria-live="polite"></p>
            <label class="check check-sm" data-ref="allWrap"><input type="checkbox" data-ref="all"><span>${t('policy.assign.selectShown')}</span></label>
          </div>
          <div class="pick-box" id="ap-list" data-ref="list"></div>
          <div data-ref="chosen"></div>
        </section>
        <section class="drawer-section">
          <label class="check">
            <input type="checkbox" name="default" data-ref="default">
            <span>${t('policy.assign.default', { platform })}</span>
          </label>
          <p class="field-hint check-hint">${t('policy.assign.default.hint', { platform })}</p>
        </section>
      </form>`,
    footer: html`
      <p class="footer-note" data-ref="footerNote" aria-live="polite"></p>
      <button type="button" class="btn btn-secondary" data-ref="cancel">${t('common.cancel')}</button>
      <button type="submit" class="btn btn-primary" form="assign-policy-form" data-ref="submit"></button>`,
    canClose: async () => {
      if (st.busy) return false;
      if (!st.selected.size) return true;
      return confirmDiscard(t('policy.assign.discard.title'), t('policy.assign.discard.text'));
    },
  });

  const form = d.body.querySelector('form');
  const ref = (n) => d.el.querySelector(`[data-ref="${n}"]`);
  const search = d.el.querySelector('#ap-search');
  const submitBtn = ref('submit');
  ref('cancel').addEventListener('click', () => d.close());

  function drawSubmit() {
    render(submitBtn, st.busy
      ? html`<span class="spinner spinner-light"></span><span>${t('policy.assign.submitting')}</span>`
      : html`<span>${st.selected.size ? plural('policy.assign.submitN', st.selected.size, { n: formatNumber(st.selected.size) }) : t('policy.assign.submit')}</span>`);
  }

  function drawCount() {
    const c = ref('count');
    const total = list.extras.total ?? list.items.length;
    if (list.loading && !list.items.length) c.textContent = t('common.loading');
    else c.textContent = plural('customers.count', total, { n: formatNumber(total) });
  }

  function selectable(c) { return !assigned.has(c.id); }

  function drawAll() {
    const shown = list.items.filter(selectable);
    const box = ref('all');
    ref('allWrap').hidden = !shown.length;
    const on = shown.filter((c) => st.selected.has(c.id)).length;
    box.checked = shown.length > 0 && on === shown.length;
    box.indeterminate = on > 0 && on < shown.length;
  }

  function drawList() {
    const el = ref('list');
    el.setAttribute('aria-busy', String(list.loading));
    if (list.error) { render(el, html`<div class="pick-empty">${banner('error', list.error.message)}</div>`); drawAll(); return; }
    if (!list.items.length) {
      render(el, list.loading ? html`<p class="muted loading-line pick-empty"><span class="spinner"></span>${t('common.loading')}</p>`
        : html`<div class="pick-empty"><p class="oms-empty-title">${st.q.trim() ? t('customers.noMatch.title', { query: st.q.trim() }) : t('empty.customers.title')}</p>
          <p class="muted small">${st.q.trim() ? t('customers.noMatch.text') : t('policy.assign.noCustomers')}</p></div>`);
      drawAll();
      return;
    }
    render(el, html`
      <ul class="pick-list" aria-label="${t('policy.assign.listLabel')}">
        ${list.items.map((c) => {
          const has = assigned.has(c.id);
          const on = has || st.selected.has(c.id);
          return html`<li>
            <label class="${on ? 'pick-row is-checked' : 'pick-row'}">
              <input type="checkbox" value="${c.id}" data-company="${c.company}" ?checked=${on} ?disabled=${has}>
              <span class="pick-text">
                <span class="pick-name">${c.company}</span>
                <span class="pick-sub">${[c.email, c.country_name || c.country].filter(Boolean).join(' · ')}</span>
              </span>
              ${has ? html`<span class="badge badge-ok">${icon('check', 'badge-icon')}${t('policy.assign.already')}</span>` : ''}
            </label>
          </li>`;
        })}
      </ul>
      ${pager(list, { small: true, total: list.extras.total, onMore: () => list.more(el, { rows: '.pick-row', focus: 'input:not([disabled])' }) })}`);
    drawAll();
  }

  function drawChosen() {
    const el = ref('chosen');
    if (!st.selected.size) { render(el, html``); drawSubmit(); return; }
    render(el, html`
      <div class="chosen">
        <p class="chosen-title">${plural('policy.assign.selected', st.selected.size, { n: formatNumber(st.selected.size) })}
          <button type="button" class="link-button" data-clear>${t('policy.assign.clear')}</button></p>
        <ul class="chosen-list">
          ${[...st.selected].map(([id, company]) => html`<li class="chosen-chip"><span>${company}</span>
            <button type="button" class="chip-remove" data-unselect="${id}" aria-label="${t('policy.assign.unselect', { company })}">${icon('close')}</button></li>`)}
        </ul>
      </div>`);
    drawSubmit();
  }

  let timer = null;
  search.addEventListener('input', () => {
    st.q = search.value;
    clearTimeout(timer);
    timer = setTimeout(list.restart, 250);
  });
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); clearTimeout(timer); list.restart(); }
  });

  ref('list').addEventListener('change', (e) => {
    const box = e.target.closest('input[type="checkbox"]');
    if (!box) return;
    if (box.checked) st.selected.set(box.value, box.dataset.company); else st.selected.delete(box.value);
    box.closest('.pick-row').classList.toggle('is-checked', box.checked);
    ref('footerNote').textContent = '';
    drawAll();
    drawChosen();
  });
  ref('all').addEventListener('change', (e) => {
    for (const c of list.items.filter(selectable)) {
      if (e.target.checked) st.selected.set(c.id, c.company); else st.selected.delete(c.id);
    }
    drawList();
    drawChosen();
  });
  ref('chosen').addEventListener('click', (e) => {
    const un = e.target.closest('[data-unselect]');
    if (un) {
      st.selected.delete(un.dataset.unselect);
      const chips = [...ref('chosen').querySelectorAll('[data-unselect]')];
      const i = chips.indexOf(un);
      drawList();
      drawChosen();
      const after = [...ref('chosen').querySelectorAll('[data-unselect]')];
      (after[Math.min(i, after.length - 1)] || search).focus();
    } else if (e.target.closest('[data-clear]')) {
      st.selected.clear();
      drawList();
      drawChosen();
      search.focus();
    }
  });
  ref('default').addEventListener('change', (e) => { st.makeDefault = e.target.checked; });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (st.busy) return;
    render(ref('formError'), html``);
    if (!st.selected.size) {
      ref('footerNote').textContent = t('policy.assign.required');
      search.focus();
      return;
    }
    st.busy = true;
    d.setBusy(true);
    submitBtn.disabled = true;
    drawSubmit();
    const ids = [...st.selected.keys()];
    try {
      const n = await api.policies.assign(account.id, policy.id, ids, st.makeDefault);
      st.busy = false;
      await d.close({ force: true });
      toast(st.makeDefault ? plural('policy.assign.doneDefault', ids.length, { n: formatNumber(ids.length), name: policy.name })
        : plural('policy.assign.done', n, { n: formatNumber(n), name: policy.name }), { kind: 'success' });
      onAssigned?.(n);
    } catch (ex) {
      if (ex.status === 401) return;
      const named = Object.entries(ex.fields || {}).map(([k, m]) => {
        const i = /^customer_ids\[(\d+)\]$/.exec(k);
        const id = i ? ids[Number(i[1])] : null;
        return id ? `${st.selected.get(id) || id}: ${m}` : m;
      });
      render(ref('formError'), banner('error', named.length ? named.join(' ') : ex.message, t('policy.assign.failed')));
      ref('formError').scrollIntoView({ block: 'nearest' });
    } finally {
      st.busy = false;
      if (form.isConnected) { d.setBusy(false); submitBtn.disabled = false; drawSubmit(); }
    }
  });

  drawSubmit();
  list.restart();
  search.focus();
  return d;
}

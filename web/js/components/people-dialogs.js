/*
 * people-dialogs.js - what admins over the whole account do with its
 * people, in dialogs: invite someone (e-mail, role, access, the e-mail's
 * language) and change a user's role and access.
 *
 *   await openInvite({ account, customers, email?, role?, customerIds? })  -> the invitation or null
 *   await openChangeAccess({ account, customers, user })                   -> true when changed
 *
 * customers: [{ id, company }] of the account: a partner account's
 * customers, or a multi-tenant company console's sites (named as company;
 * the access is then "chosen sites" and is sent as site_ids). Other
 * accounts have no limited access. The chosen customers are
 * picked from a searchable list of checkboxes with the chosen ones as
 * removable chips (the pick-list of the policy Assign drawer). The server's
 * messages are shown as it words them: under the field it names, otherwise
 * in the dialog.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { formDialog } from './dialog.js';
import { field, setFieldError, clearErrors, showErrors, validators, check } from './form.js';
import { icon } from './icons.js';
import { t, plural, formatNumber, getLanguage } from '../i18n.js';

let counter = 0;

function fold(s) {
  return String(s || '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLocaleLowerCase();
}

/** What a limited role of the account covers: 'customers', 'sites' or null (none). */
export function childrenOf(account) {
  if (account.kind === 'partner') return 'customers';
  return account.kind === 'company' && account.tenancy === 'multi' ? 'sites' : null;
}

/** A text of the access controls, in the words of the account's children. */
const tc = (noun, key, vars) => t(noun === 'sites' ? key.replace(/^people\./, 'company.people.') : key, vars);
const pc = (noun, key, n, vars) => plural(noun === 'sites' ? key.replace(/^people\./, 'company.people.') : key, n, vars);

/** The role and access controls, shared by both dialogs. */
function accessBody(id, { role, scoped, noun }) {
  return html`
    ${field({
      id: id + '-role', label: t('people.role'),
      input: html`<select class="input select" id="${id + '-role'}" name="role">
        <option value="admin" ?selected=${role === 'admin'}>${t('role.admin')}</option>
        <option value="viewer" ?selected=${role !== 'admin'}>${t('role.viewer')}</option>
      </select>`,
      hint: t('people.role.hint'),
    })}
    ${noun ? customerChoice(id, scoped, noun) : ''}`;
}

/**
 * Access to the whole account or to chosen customers (a partner account's),
 * the chosen ones picked from a searchable list; wired by wireAccess().
 */
export function customerChoice(id, scoped, noun = 'customers') {
  return html`
    <fieldset class="field people-access">
      <legend class="field-label">${t('people.access')}</legend>
      <label class="check"><input type="radio" name="access" value="all" ?checked=${!scoped}><span>${t('people.access.all')}</span></label>
      <label class="check"><input type="radio" name="access" value="customers" ?checked=${scoped}><span>${tc(noun, 'people.access.customers')}</span></label>
      <div class="people-pick" data-ref="pick" ?hidden=${!scoped}>
        <label class="field-label" for="${id + '-search'}">${tc(noun, 'people.access.find')}</label>
        <div class="search-box">
          ${icon('search', 'search-icon')}
          <input type="search" class="input search-field" id="${id + '-search'}" autocomplete="off" spellcheck="false"
                 placeholder="${tc(noun, 'people.access.placeholder')}" aria-controls="${id + '-list'}">
        </div>
        <div class="pick-box people-pick-box" id="${id + '-list'}" data-ref="list"></div>
        <div data-ref="chosen"></div>
        <input type="hidden" name="customer_ids" id="${id + '-customers'}">
        <p class="field-error" id="${id + '-customers-error'}" hidden></p>
      </div>
    </fieldset>`;
}

/** Wires the access controls in box; returns { value() -> { role, customer_ids } }. */
export function wireAccess(box, { customers, chosen, noun = 'customers' }) {
  const selected = new Map(chosen.map((cid) => [cid, customers.find((c) => c.id === cid)?.company || cid]));
  const ref = (n) => box.querySelector(`[data-ref="${n}"]`);
  const pick = ref('pick');
  const form = box.querySelector('form');
  let q = '';
  function drawList() {
    const f = fold(q.trim());
    const shown = f ? customers.filter((c) => fold(c.company).includes(f)) : customers;
    render(ref('list'), shown.length ? html`
      <ul class="pick-list" aria-label="${tc(noun, 'people.access.list')}">
        ${shown.map((c) => html`<li><label class="${selected.has(c.id) ? 'pick-row is-checked' : 'pick-row'}">
          <input type="checkbox" value="${c.id}" data-company="${c.company}" ?checked=${selected.has(c.id)}>
          <span class="pick-text"><span class="pick-name">${c.company}</span></span></label></li>`)}
      </ul>` : html`<p class="pick-empty muted small">${customers.length ? tc(noun, 'people.access.noMatch') : tc(noun, 'people.access.noCustomers')}</p>`);
  }
  function drawChosen() {
    render(ref('chosen'), selected.size ? html`
      <div class="chosen">
        <p class="chosen-title">${pc(noun, 'people.access.selected', selected.size, { n: formatNumber(selected.size) })}</p>
        <ul class="chosen-list">
          ${[...selected].map(([cid, company]) => html`<li class="chosen-chip"><span>${company}</span>
            <button type="button" class="chip-remove" data-unselect="${cid}" aria-label="${t('policy.assign.unselect', { company })}">${icon('close')}</button></li>`)}
        </ul>
      </div>` : '');
  }
  if (pick) {
    for (const r of box.querySelectorAll('input[name="access"]')) {
      r.addEventListener('change', () => { pick.hidden = r.value !== 'customers' || !r.checked; setFieldError(form, 'customer_ids', ''); });
    }
    const search = pick.querySelector('input[type="search"]');
    search.addEventListener('input', () => { q = search.value; drawList(); });
    search.addEventListener('keydown', (e) => { if (e.key === 'Enter') e.preventDefault(); });
    ref('list').addEventListener('change', (e) => {
      const c = e.target.closest('input[type="checkbox"]');
      if (!c) return;
      if (c.checked) selected.set(c.value, c.dataset.company); else selected.delete(c.value);
      c.closest('.pick-row').classList.toggle('is-checked', c.checked);
      setFieldError(form, 'customer_ids', '');
      drawChosen();
    });
    ref('chosen').addEventListener('click', (e) => {
      const un = e.target.closest('[data-unselect]');
      if (!un) return;
      selected.delete(un.dataset.unselect);
      drawList();
      drawChosen();
      search.focus();
    });
    drawList();
    drawChosen();
  }
  return {
    value() {
      const role = form.elements.role.value;
      const scoped = pick && box.querySelector('input[name="access"][value="customers"]').checked;
      const ids = scoped ? [...selected.keys()] : null;
      return noun === 'sites' ? { role, site_ids: ids } : { role, customer_ids: ids };
    },
  };
}

/** The server's field messages under the fields (customer_ids[3] under the list); true when one was shown. */
export function serverFields(form, ex) {
  const fields = { ...(ex.fields || {}) };
  if (ex.field && !Object.keys(fields).length) fields[ex.field] = ex.message;
  const out = {};
  for (const [k, m] of Object.entries(fields)) out[k.startsWith('customer_ids') || k.startsWith('site_ids') ? 'customer_ids' : k] = m;
  return Object.keys(out).length ? showErrors(form, out) : false;
}

export async function openInvite({ account, customers = [], email = '', role = 'viewer', customerIds = null, language = getLanguage() }) {
  const id = 'invite-' + ++counter;
  let access = null;
  let invitation = null;
  const noun = childrenOf(account);
  const ok = await formDialog({
    title: t('people.invite.title'),
    message: t('people.invite.text', { name: account.name }),
    confirm: t('people.invite.send'),
    body: html`<form class="people-form" novalidate>
      ${field({
        id: id + '-email', label: t('table.email'),
        input: html`<input class="input" type="email" id="${id + '-email'}" name="email" autocomplete="off" spellcheck="false" value="${email}">`,
      })}
      ${accessBody(id, { role, scoped: !!customerIds, noun })}
      ${field({
        id: id + '-language', label: t('people.invite.language'),
        input: html`<select class="input select" id="${id + '-language'}" name="language">
          <option value="en" ?selected=${language !== 'ja'}>English</option>
          <option value="ja" ?selected=${language === 'ja'}>日本語</option>
        </select>`,
      })}
    </form>`,
    onOpen(box) {
      access = wireAccess(box, { customers, chosen: customerIds || [], noun });
      box.querySelector('form').addEventListener('submit', (e) => { e.preventDefault(); box.querySelector('[data-answer="yes"]').click(); });
    },
    async onConfirm(box) {
      const form = box.querySelector('form');
      clearErrors(form);
      const v = access.value();
      const body = { email: form.elements.email.value.trim(), ...v, language: form.elements.language.value };
      const errors = {};
      const e = check(body.email, validators.required, validators.email);
      if (e) errors.email = e;
      const ids = v.customer_ids || v.site_ids;
      if (ids && !ids.length) errors.customer_ids = tc(noun, 'people.access.required');
      if (Object.keys(errors).length) { showErrors(form, errors); return false; }
      try {
        invitation = (await api.users.invite(account.id, body))?.invitation || { email: body.email };
        return true;
      } catch (ex) {
        if (ex.status === 401) return false;
        if (ex.code === 'already_member') { showErrors(form, { email: ex.message }); return false; }
        if (serverFields(form, ex)) return false;
        return ex.message;
      }
    },
  });
  return ok ? invitation : null;
}

export async function openChangeAccess({ account, customers = [], user }) {
  const id = 'access-' + ++counter;
  let access = null;
  const noun = childrenOf(account);
  const chosen = (noun === 'sites' ? user.site_ids : user.customer_ids) || null;
  return formDialog({
    title: t('people.change.title'),
    message: t('people.change.text', { name: user.name || user.email }),
    confirm: t('common.save'),
    body: html`<form class="people-form" novalidate>
      ${accessBody(id, { role: user.role, scoped: !!chosen, noun })}
    </form>`,
    onOpen(box) {
      access = wireAccess(box, { customers, chosen: chosen || [], noun });
      box.querySelector('form').addEventListener('submit', (e) => { e.preventDefault(); box.querySelector('[data-answer="yes"]').click(); });
    },
    async onConfirm(box) {
      const form = box.querySelector('form');
      clearErrors(form);
      const v = access.value();
      const ids = v.customer_ids || v.site_ids;
      if (ids && !ids.length) { showErrors(form, { customer_ids: tc(noun, 'people.access.required') }); return false; }
      try {
        await api.users.update(account.id, user.id, v);
        return true;
      } catch (ex) {
        if (ex.status === 401) return false;
        if (serverFields(form, ex)) return false;
        return ex.message;
      }
    },
  });
}

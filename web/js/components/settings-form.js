/*
 * settings-form.js - the policy settings editor, built from the settings
 * schema: one card per section, a row per setting with its title,
 * description and control (a switch, a list of choices, a number, a time, a
 * set of chips, or a list of entries), what makes it differ from the layer
 * below, and the lock toggles.
 *
 *   const form = settingsForm(container, {
 *     schema, model,            model: settings-model.js
 *     part: 'settings' | 'exclusions' | 'all',
 *     readOnly, canLock, idPrefix, labels: { inheritedCaption, ownCaption, resetLabel, inInherited },
 *     onChange(),               after every unsaved change (values and locks)
 *   });
 *   form.draw()                 draws the sections of its part
 *   form.validate()             checks every value here; true when all are fine
 *   form.focusFirstError()
 *
 * Modes: 'policy' (a global policy at partner level: reset to template,
 * locks), 'local' (a local policy: reset to template), 'customer' (a
 * customer's view of a global policy: locked settings read-only, the others
 * overridable with reset to policy; exclusions add to the policy's) and
 * 'scratch' (a new policy from scratch: nothing is preselected and every
 * setting must be chosen).
 *
 * A lock toggle changes the model's locks like any other edit: it waits for
 * Save, is marked unsaved and is undone with Discard.
 */
import { html, render } from '../html.js';
import { icon } from './icons.js';
import { t } from '../i18n.js';
import {
  members, leaves, leafKind, settingTitle, settingDescription, valueLabel, formatValue, checkLeaf,
  checkText, schemaAt,
} from '../policies.js';
import { Draft, isExclusionSection } from './settings-model.js';

let formCounter = 0;

export function settingsForm(container, { schema, model, part = 'all', readOnly = false, canLock = false, idPrefix, labels = {},
  onChange }) {
  const prefix = idPrefix || 'sf' + ++formCounter;
  const mode = model.mode;
  const idOf = (path) => prefix + '-' + path.replace(/[^A-Za-z0-9]/g, '-');

  function sectionsHere() {
    return members(schema).filter((s) => {
      if (part === 'all') return true;
      const ex = isExclusionSection(model, s.key, s.schema);
      return part === 'exclusions' ? ex : !ex;
    });
  }

  // ---- pieces ------------------------------------------------------------

  function lockControl(path, title, { section = false, badge = false } = {}) {
    const by = model.lockedBy(path);
    const own = by === path;
    const inherited = by && !own;
    if (mode === 'customer') return ''; // shown as a "Locked" badge beside the title instead
    if (!canLock || readOnly) {
      if (!by || mode === 'local' || mode === 'scratch') return '';
      return html`<span class="lock-static" title="${t('policy.lock.lockedNote')}">
        ${icon('lock')}<span class="visually-hidden">${t('policy.lock.lockedShort')}</span></span>`;
    }
    if (inherited) {
      const parent = settingTitle(by, schemaAt(schema, by));
      return html`<button type="button" class="lock-toggle is-locked is-inherited" disabled aria-pressed="true"
        aria-label="${t('policy.lock.inherited', { setting: title, section: parent })}" title="${t('policy.lock.inherited', { setting: title, section: parent })}">
        ${icon('lock')}${section ? html`<span>${t('policy.lock.locked')}</span>` : ''}</button>`;
    }
    // A toggle button: its name stays, aria-pressed says whether it is locked
    // (an unsaved change until Save, marked like the values).
    const label = t('policy.lock.lock', { setting: title });
    // A setting's row shows the "Unsaved" badge beside its title (meta); a group or section beside the toggle.
    const unsaved = model.lockChanged(path);
    return html`${unsaved && badge ? unsavedBadge(path) : ''}<button type="button" class="${own ? 'lock-toggle is-locked' : 'lock-toggle'}" data-lock="${path}" aria-pressed="${own ? 'true' : 'false'}"
      aria-label="${label}" aria-describedby="${unsaved ? idOf(path) + '-unsaved' : ''}" title="${own ? t('policy.lock.unlock', { setting: title }) : label}">
      ${icon(own ? 'lock' : 'unlock')}${section ? html`<span>${own ? t('policy.lock.sectionLocked') : t('policy.lock.section')}</span>` : ''}</button>`;
  }

  function unsavedBadge(path) {
    return html`<span class="badge badge-warning badge-unsaved" id="${idOf(path) + '-unsaved'}">${t('policy.badge.unsaved')}</span>`;
  }

  /** Locks or unlocks path in the model (saved with the values) and keeps focus on its toggle. */
  function toggleLock(path, on) {
    model.setLock(path, on);
    draw();
    container.querySelector(`[data-lock="${CSS.escape(path)}"]`)?.focus();
    onChange?.();
  }

  function meta(path) {
    const bits = [];
    const lockedHere = mode === 'customer' && model.lockedBy(path);
    if (lockedHere) bits.push(html`<span class="badge badge-locked">${icon('lock', 'badge-icon')}${t('policy.badge.locked')}</span>`);
    if (model.pending.has(path) || model.lockChanged(path)) bits.push(unsavedBadge(path));
    if (model.differs(path)) {
      if (mode === 'customer' && model.isAdditive(path)) {
        const n = (model.current(path) || []).length;
        bits.push(html`<span class="badge badge-customer">${t('policy.badge.added', { n })}</span>`);
      } else if (mode === 'customer') bits.push(html`<span class="badge badge-customer">${t('policy.badge.overridden')}</span>`);
      else bits.push(html`<span class="badge badge-accent">${t('policy.badge.changed')}</span>`);
      if (!readOnly && !lockedHere) {
        const resetTo = model.resetTo(path);
        const schemaLeaf = schemaAt(schema, path);
        const label = mode === 'customer' ? (model.isAdditive(path) ? t('policy.list.removeAdded') : labels.resetLabel || t('policy.resetToPolicy')) : t('policy.resetToTemplate');
        const shown = model.isAdditive(path) && mode === 'customer' ? '' : formatValue(schemaLeaf, resetTo);
        bits.push(html`<button type="button" class="link-button" data-reset="${path}"
          title="${shown ? t('policy.resetTitle', { value: shown }) : label}">${icon('undo')}<span>${label}</span></button>`);
      }
    } else if (mode === 'customer' && !lockedHere && !model.pending.has(path) && model.origin[path] === 'policy') {
      // Where the value comes from when the customer keeps it: set by the policy (the template's otherwise).
      bits.push(html`<span class="badge badge-origin" title="${t('effective.legend.policy')}">${t('policy.origin.policy')}</span>`);
    }
    return bits;
  }

  function errorBox(key, id) {
    const msg = model.errors.get(key);
    return html`<p class="field-error setting-error" id="${id}" data-error-for="${key}" ?hidden=${!msg}>${msg ? html`${icon('error', 'field-error-icon')}<span>${msg}</span>` : ''}</p>`;
  }

  function control(path, s, id, disabled, describedBy) {
    const kind = leafKind(s);
    const v = model.current(path);
    const invalid = model.errors.has(path) ? 'true' : 'false';
    const draftRaw = v instanceof Draft ? v.raw : null;
    if (kind === 'boolean') {
      if (mode === 'scratch' && typeof v !== 'boolean') {
        return html`<div class="segmented segmented-sm" role="radiogroup" aria-labelledby="${id + '-label'}" aria-describedby="${describedBy}">
          ${[true, false].map((b) => html`<label class="segment"><input type="radio" name="${id}" value="${String(b)}" data-control="${path}"
            ?disabled=${disabled} aria-invalid="${invalid}"><span>${b ? t('policy.on') : t('policy.off')}</span></label>`)}
        </div>`;
      }
      return html`<label class="switch">
        <input type="checkbox" role="switch" id="${id}" data-control="${path}" ?checked=${v === true} ?disabled=${disabled}
               aria-labelledby="${id + '-label'}" aria-describedby="${describedBy}">
        <span class="switch-track" aria-hidden="true"><span class="switch-thumb"></span></span>
        <span class="switch-text" aria-hidden="true">${v === true ? t('policy.on') : t('policy.off')}</span>
      </label>`;
    }
    if (kind === 'enum') {
      return html`<select class="input select setting-select" id="${id}" data-control="${path}" ?disabled=${disabled}
          aria-describedby="${describedBy}" aria-invalid="${invalid}">
        ${v === undefined || v === null ? html`<option value="" selected>${t('policy.choose')}</option>` : ''}
        ${s.enum.map((o) => html`<option value="${o}" ?selected=${o === v}>${valueLabel(o)}</option>`)}
      </select>`;
    }
    if (kind === 'integer') {
      const val = draftRaw !== null ? draftRaw : v === undefined ? '' : String(v);
      const range = s.minimum !== undefined && s.maximum !== undefined ? t('policy.range', { min: s.minimum, max: s.maximum }) : '';
      return html`<div class="number-field">
        <input class="input input-number" type="number" inputmode="numeric" step="1" id="${id}" data-control="${path}"
          min="${s.minimum ?? ''}" max="${s.maximum ?? ''}" value="${val}" ?disabled=${disabled}
          aria-describedby="${describedBy}" aria-invalid="${invalid}">
        ${range ? html`<span class="number-range">${range}</span>` : ''}
      </div>`;
    }
    if (kind === 'time') {
      const val = draftRaw !== null ? draftRaw : v ?? '';
      return html`<input class="input input-time" type="time" step="60" id="${id}" data-control="${path}" value="${val}"
        ?disabled=${disabled} aria-describedby="${describedBy}" aria-invalid="${invalid}">`;
    }
    if (kind === 'multi') {
      const set = new Set(Array.isArray(v) ? v : []);
      return html`<div class="chips" role="group" aria-labelledby="${id + '-label'}" aria-describedby="${describedBy}">
        ${s.items.enum.map((o) => html`<label class="${set.has(o) ? 'chip is-checked' : 'chip'}">
          <input type="checkbox" value="${o}" data-control="${path}" ?checked=${set.has(o)} ?disabled=${disabled}>
          ${set.has(o) ? icon('check', 'chip-icon') : ''}<span>${valueLabel(o)}</span></label>`)}
      </div>`;
    }
    const val = draftRaw !== null ? draftRaw : v ?? '';
    return html`<input class="input" type="text" id="${id}" data-control="${path}" value="${val}" ?disabled=${disabled}
      maxlength="${s.maxLength ?? ''}" aria-describedby="${describedBy}" aria-invalid="${invalid}">`;
  }

  function leafRow(path, s) {
    const id = idOf(path);
    const kind = leafKind(s);
    if (kind === 'list') return listRow(path, s);
    const title = settingTitle(path, s);
    const desc = settingDescription(path, s);
    const locked = mode === 'customer' && !!model.lockedBy(path);
    const disabled = readOnly || locked;
    const describedBy = [desc ? id + '-desc' : '', model.errors.has(path) ? id + '-error' : ''].filter(Boolean).join(' ');
    const labelTag = kind === 'multi' || (kind === 'boolean' && mode === 'scratch' && typeof model.current(path) !== 'boolean')
      ? html`<span class="setting-label" id="${id + '-label'}">${title}</span>`
      : html`<label class="setting-label" id="${id + '-label'}" for="${id}">${title}</label>`;
    return html`
      <div class="${locked ? 'setting is-locked' : 'setting'}" data-path="${path}" data-kind="${kind}">
        <div class="setting-main">
          <div class="setting-head">${labelTag}<span class="setting-meta" data-meta>${meta(path)}</span></div>
          ${desc ? html`<p class="setting-desc" id="${id + '-desc'}">${desc}</p>` : ''}
          ${errorBox(path, id + '-error')}
        </div>
        <div class="setting-control">${control(path, s, id, disabled, describedBy)}</div>
        <div class="setting-side">${lockControl(path, title)}</div>
      </div>`;
  }

  function listRow(path, s) {
    const id = idOf(path);
    const title = settingTitle(path, s);
    const desc = settingDescription(path, s);
    const locked = mode === 'customer' && !!model.lockedBy(path);
    const editable = !readOnly && !locked;
    const entries = model.current(path) || [];
    const inherited = mode === 'customer' ? model.inherited(path) || [] : [];
    const fmt = s.items && s.items['x-format'];
    const hint = fmt ? t('policy.format.' + fmt) : '';
    return html`
      <div class="setting setting-list" data-path="${path}" data-kind="list">
        <div class="setting-main">
          <div class="setting-head"><h3 class="setting-label" id="${id + '-label'}">${title}</h3><span class="setting-meta" data-meta>${meta(path)}</span></div>
          ${desc ? html`<p class="setting-desc">${desc}</p>` : ''}
        </div>
        <div class="setting-side">${lockControl(path, title)}</div>
        <div class="list-editor">
          ${mode === 'customer' ? html`
            <div class="list-block">
              <p class="list-caption">${icon('policies', 'list-caption-icon')}<span>${labels.inheritedCaption || t('policy.list.fromPolicy')}</span>
                <span class="count-pill">${String(inherited.length)}</span></p>
              ${inherited.length ? html`<ul class="list-entries" aria-label="${labels.inheritedCaption || t('policy.list.fromPolicy')}">
                ${inherited.map((e) => html`<li class="list-entry is-readonly">${icon('lock', 'list-entry-lock')}<code class="list-text">${e}</code></li>`)}
              </ul>` : html`<p class="list-empty">${t('policy.list.noneFromPolicy')}</p>`}
            </div>` : ''}
          <div class="list-block">
            ${mode === 'customer' ? html`<p class="list-caption">${icon('customers', 'list-caption-icon')}<span>${labels.ownCaption || t('policy.list.own')}</span>
              <span class="count-pill">${String(entries.length)}</span></p>` : ''}
            ${entries.length ? html`
              <ul class="list-entries" aria-labelledby="${id + '-label'}">
                ${entries.map((e, i) => {
                  const key = `${path}[${i}]`;
                  const eid = `${id}-${i}`;
                  const bad = model.errors.has(key);
                  return html`<li class="list-entry">
                    <div class="list-entry-row">
                      <input class="input input-mono" id="${eid}" data-entry="${path}" data-index="${String(i)}" value="${e}" ?disabled=${!editable}
                        aria-label="${t('policy.list.entryLabel', { n: i + 1, setting: title })}" aria-invalid="${bad ? 'true' : 'false'}"
                        aria-describedby="${bad ? eid + '-error' : ''}" spellcheck="false" autocomplete="off">
                      ${editable ? html`<button type="button" class="icon-button icon-button-sm" data-remove="${path}" data-index="${String(i)}"
                        aria-label="${t('policy.list.remove', { entry: e })}" title="${t('policy.list.removeShort')}">${icon('trash')}</button>` : ''}
                    </div>
                    ${errorBox(key, eid + '-error')}
                  </li>`;
                })}
              </ul>` : html`<p class="list-empty">${mode === 'customer' ? t('policy.list.noneOwn') : t('policy.list.none')}</p>`}
            ${editable ? html`
              <div class="list-add">
                <input class="input input-mono" id="${id + '-add'}" data-add-input="${path}" spellcheck="false" autocomplete="off"
                  placeholder="${fmt ? t('policy.format.' + fmt + '.placeholder') : ''}"
                  aria-label="${t('policy.list.addLabel', { setting: title })}" aria-describedby="${id + '-hint'} ${id + '-error'}">
                <button type="button" class="btn btn-secondary" data-add="${path}">${icon('plus')}<span>${t('policy.list.add')}</span></button>
              </div>
              ${hint ? html`<p class="field-hint" id="${id + '-hint'}">${hint}</p>` : ''}` : ''}
            ${errorBox(path, id + '-error')}
            ${locked ? html`<p class="field-hint list-locked">${icon('lock', 'hint-icon')}<span>${t('policy.list.lockedNote')}</span></p>` : ''}
          </div>
        </div>
      </div>`;
  }

  function groupBlock(path, s) {
    const title = settingTitle(path, s);
    return html`
      <div class="setting-group" data-group="${path}">
        <div class="setting-group-head">
          <h3 class="setting-group-title">${title}</h3>
          <div class="setting-side">${lockControl(path, title, { badge: true })}</div>
        </div>
        ${members(s, path).map((m) => (m.schema.type === 'object' ? groupBlock(m.path, m.schema) : leafRow(m.path, m.schema)))}
      </div>`;
  }

  function sectionAside(path, s) {
    const changed = leaves(s, path).filter((l) => model.differs(l.path)).length;
    const title = settingTitle(path, s);
    const countKey = mode === 'customer' ? 'policy.section.overridden' : 'policy.section.changed';
    return html`
      ${changed && mode !== 'scratch' ? html`<span class="${mode === 'customer' ? 'badge badge-customer' : 'badge badge-accent'}">${t(countKey, { n: changed })}</span>` : ''}
      ${mode === 'customer' && model.lockedBy(path) === path ? html`<span class="badge badge-locked">${icon('lock', 'badge-icon')}${t('policy.lock.sectionLockedBadge')}</span>` : ''}
      ${lockControl(path, title, { section: true, badge: true })}`;
  }

  function section(m) {
    const title = settingTitle(m.path, m.schema);
    const desc = settingDescription(m.path, m.schema);
    const hid = idOf(m.path) + '-title';
    return html`
      <section class="card settings-section" data-section="${m.path}" aria-labelledby="${hid}">
        <header class="settings-section-head">
          <div>
            <h2 class="card-title" id="${hid}">${title}</h2>
            ${desc ? html`<p class="card-subtitle">${desc}</p>` : ''}
          </div>
          <div class="settings-section-aside" data-aside="${m.path}">${sectionAside(m.path, m.schema)}</div>
        </header>
        <div class="settings-rows">
          ${members(m.schema, m.path).map((x) => (x.schema.type === 'object' ? groupBlock(x.path, x.schema) : leafRow(x.path, x.schema)))}
        </div>
      </section>`;
  }

  // ---- drawing -------------------------------------------------------------

  function draw() {
    render(container, html`<div class="settings-form">${sectionsHere().map(section)}</div>`);
  }

  function rowEl(path) {
    return container.querySelector(`[data-path="${CSS.escape(path)}"]`);
  }

  function redrawRow(path, focus = null) {
    const row = rowEl(path);
    if (!row) return;
    const s = schemaAt(schema, path);
    const holder = document.createElement('div');
    render(holder, leafRow(path, s));
    row.replaceWith(...holder.childNodes);
    refreshAside(path);
    if (focus) {
      const el = rowEl(path)?.querySelector(focus);
      el?.focus();
    }
  }

  function refreshMeta(path) {
    const m = rowEl(path)?.querySelector('[data-meta]');
    if (m) render(m, html`${meta(path)}`);
    refreshAside(path);
  }

  function refreshAside(path) {
    const sec = path.split('.')[0];
    const aside = container.querySelector(`[data-aside="${CSS.escape(sec)}"]`);
    if (aside) render(aside, sectionAside(sec, schema.properties[sec]));
  }

  function setError(key, message) {
    if (message) model.errors.set(key, message); else model.errors.delete(key);
    const box = container.querySelector(`[data-error-for="${CSS.escape(key)}"]`);
    if (!box) return;
    if (message) render(box, html`${icon('error', 'field-error-icon')}<span>${message}</span>`);
    else box.replaceChildren();
    box.hidden = !message;
    const m = /^(.*)\[(\d+)\]$/.exec(key);
    const ctl = m ? container.querySelector(`[data-entry="${CSS.escape(m[1])}"][data-index="${m[2]}"]`)
      : rowEl(key)?.querySelector('[data-control], [data-add-input]');
    if (ctl) {
      ctl.setAttribute('aria-invalid', message ? 'true' : 'false');
      const ids = new Set((ctl.getAttribute('aria-describedby') || '').split(' ').filter(Boolean));
      if (message) ids.add(box.id); else if (!m && ctl.matches('[data-add-input]')) { /* keep the hint */ } else ids.delete(box.id);
      if (ids.size) ctl.setAttribute('aria-describedby', [...ids].join(' ')); else ctl.removeAttribute('aria-describedby');
    }
  }

  // ---- reading controls ----------------------------------------------------

  function readLeaf(row, path, s) {
    const kind = leafKind(s);
    if (kind === 'boolean') {
      const sw = row.querySelector('input[role="switch"]');
      if (sw) return sw.checked;
      const r = row.querySelector('input[type="radio"]:checked');
      return r ? r.value === 'true' : undefined;
    }
    if (kind === 'enum') {
      const v = row.querySelector('select').value;
      return v === '' ? undefined : v;
    }
    if (kind === 'integer') {
      const el = row.querySelector('input');
      const raw = el.value.trim();
      if (raw === '') return new Draft('', el.validity.badInput ? t('policy.error.integer') : t('policy.error.choose'));
      const n = Number(raw);
      if (!Number.isInteger(n)) return new Draft(raw, t('policy.error.integer'));
      return n;
    }
    if (kind === 'time' || kind === 'text') {
      const el = row.querySelector('input');
      if (el.value === '') return new Draft('', kind === 'time' && el.validity.badInput ? t('policy.error.time') : t('policy.error.choose'));
      return el.value;
    }
    if (kind === 'multi') {
      const on = new Set([...row.querySelectorAll('input[type="checkbox"]:checked')].map((x) => x.value));
      return s.items.enum.filter((o) => on.has(o));
    }
    return undefined;
  }

  function messageFor(s, v) {
    if (v instanceof Draft) return v.message;
    if (v === undefined) return mode === 'scratch' ? t('policy.error.choose') : '';
    return checkLeaf(s, v);
  }

  function onLeaf(e, commit) {
    const ctl = e.target.closest('[data-control]');
    if (!ctl) return false;
    const path = ctl.dataset.control;
    const row = rowEl(path);
    const s = schemaAt(schema, path);
    const v = readLeaf(row, path, s);
    if (v === undefined && mode !== 'scratch') return true;
    if (v === undefined) model.pending.delete(path); else model.set(path, v);
    const kind = leafKind(s);
    if (commit || kind === 'boolean' || kind === 'enum' || kind === 'multi') setError(path, messageFor(s, v));
    else if (model.errors.has(path)) setError(path, '');
    if (kind === 'boolean') {
      const text = row.querySelector('.switch-text');
      if (text) text.textContent = v ? t('policy.on') : t('policy.off');
      if (!row.querySelector('input[role="switch"]') && typeof v === 'boolean') {
        // Chosen from scratch: it now reads like any other switch.
        redrawRow(path, 'input');
        onChange?.();
        return true;
      }
    }
    if (kind === 'multi') {
      for (const chip of row.querySelectorAll('.chip')) {
        const on = chip.querySelector('input').checked;
        chip.classList.toggle('is-checked', on);
        const ic = chip.querySelector('.chip-icon');
        if (on && !ic) chip.querySelector('input').insertAdjacentElement('afterend', svgCheck());
        else if (!on && ic) ic.remove();
      }
    }
    refreshMeta(path);
    onChange?.();
    return true;
  }

  function svgCheck() {
    const holder = document.createElement('span');
    render(holder, icon('check', 'chip-icon'));
    return holder.firstElementChild;
  }

  // ---- lists ---------------------------------------------------------------

  function listEntries(path) {
    return [...(rowEl(path)?.querySelectorAll(`[data-entry="${CSS.escape(path)}"]`) || [])].map((x) => x.value);
  }

  function entryMessage(path, s, value, index, list) {
    const m = checkText(s.items || {}, value);
    if (m) return m;
    if (s.uniqueItems && list.findIndex((x) => x === value) !== index) return t('policy.list.duplicate');
    return '';
  }

  function addEntry(path) {
    const row = rowEl(path);
    const input = row.querySelector('[data-add-input]');
    const s = schemaAt(schema, path);
    const value = input.value.trim();
    const list = listEntries(path);
    let msg = checkText(s.items || {}, value);
    if (!msg && s.uniqueItems && list.includes(value)) msg = t('policy.list.duplicate');
    if (!msg && mode === 'customer' && (model.inherited(path) || []).includes(value)) msg = labels.inInherited || t('policy.list.inPolicy');
    if (!msg && s.maxItems !== undefined && list.length >= s.maxItems) msg = t('policy.list.tooMany', { max: s.maxItems });
    if (msg) { setError(path, msg); input.setAttribute('aria-invalid', 'true'); input.focus(); return; }
    model.errors.delete(path);
    model.set(path, [...list, value]);
    redrawRow(path, '[data-add-input]');
    onChange?.();
  }

  function removeEntry(path, index) {
    const list = listEntries(path);
    list.splice(index, 1);
    // Messages of the entries after it move up with them.
    const moved = new Map();
    for (const [k, v] of model.errors) {
      const m = /^(.*)\[(\d+)\]$/.exec(k);
      if (m && m[1] === path) {
        const i = Number(m[2]);
        model.errors.delete(k);
        if (i > index) moved.set(`${path}[${i - 1}]`, v); else if (i < index) moved.set(k, v);
      }
    }
    for (const [k, v] of moved) model.errors.set(k, v);
    model.set(path, list);
    redrawRow(path);
    const row = rowEl(path);
    const next = row.querySelector(`[data-remove][data-index="${Math.min(index, list.length - 1)}"]`) || row.querySelector('[data-add-input]');
    next?.focus();
    onChange?.();
  }

  // ---- events --------------------------------------------------------------

  container.addEventListener('input', (e) => {
    const entry = e.target.closest('[data-entry]');
    if (entry) {
      const path = entry.dataset.entry;
      model.set(path, listEntries(path));
      setError(`${path}[${entry.dataset.index}]`, '');
      refreshMeta(path);
      onChange?.();
      return;
    }
    const add = e.target.closest('[data-add-input]');
    if (add) { if (model.errors.has(add.dataset.addInput)) setError(add.dataset.addInput, ''); return; }
    onLeaf(e, false);
  });

  container.addEventListener('change', (e) => {
    const entry = e.target.closest('[data-entry]');
    if (entry) {
      const path = entry.dataset.entry;
      const list = listEntries(path);
      const i = Number(entry.dataset.index);
      setError(`${path}[${i}]`, entryMessage(path, schemaAt(schema, path), list[i], i, list));
      return;
    }
    if (e.target.closest('[data-add-input]')) return;
    onLeaf(e, true);
  });

  container.addEventListener('keydown', (e) => {
    const add = e.target.closest('[data-add-input]');
    if (add && e.key === 'Enter') { e.preventDefault(); addEntry(add.dataset.addInput); }
  });

  container.addEventListener('click', (e) => {
    const reset = e.target.closest('[data-reset]');
    if (reset) {
      const path = reset.dataset.reset;
      model.reset(path);
      for (const k of [...model.errors.keys()]) if (k === path || k.startsWith(path + '[')) model.errors.delete(k);
      redrawRow(path, '[data-control], [data-add-input], [data-entry]');
      onChange?.();
      return;
    }
    const lock = e.target.closest('[data-lock]');
    if (lock) { toggleLock(lock.dataset.lock, lock.getAttribute('aria-pressed') !== 'true'); return; }
    const add = e.target.closest('[data-add]');
    if (add) { addEntry(add.dataset.add); return; }
    const rm = e.target.closest('[data-remove]');
    if (rm) removeEntry(rm.dataset.remove, Number(rm.dataset.index));
  });

  // ---- checking ------------------------------------------------------------

  function validate() {
    let ok = true;
    for (const sec of sectionsHere()) {
      for (const l of leaves(sec.schema, sec.path)) {
        const kind = leafKind(l.schema);
        const v = model.current(l.path);
        if (kind === 'list') {
          const list = Array.isArray(v) ? v : [];
          list.forEach((x, i) => {
            const m = entryMessage(l.path, l.schema, x, i, list);
            if (m) { ok = false; setError(`${l.path}[${i}]`, m); }
          });
          continue;
        }
        if (kind === 'multi') continue;
        if (v === undefined && mode !== 'scratch') continue;
        const m = messageFor(l.schema, v);
        if (m) { ok = false; setError(l.path, m); }
      }
    }
    return ok;
  }

  function focusFirstError() {
    const box = [...container.querySelectorAll('.setting-error:not([hidden])')][0];
    if (!box) return false;
    const key = box.dataset.errorFor;
    const m = /^(.*)\[(\d+)\]$/.exec(key);
    const ctl = m ? container.querySelector(`[data-entry="${CSS.escape(m[1])}"][data-index="${m[2]}"]`)
      : rowEl(key)?.querySelector('[data-control]:not([disabled]), [data-add-input]');
    box.closest('.setting')?.scrollIntoView({ block: 'center' });
    (ctl || box).focus?.();
    return true;
  }

  return { draw, validate, focusFirstError, redrawRow, refreshMeta };
}

/*
 * combobox.js - a searchable single choice (WAI-ARIA combobox with a listbox
 * popup, list autocomplete with manual selection), e.g. the country picker.
 *
 *   ${comboboxInput({ id, name, placeholder, listLabel })}   in a template
 *   const box = attachCombobox(root.querySelector('#id'), {
 *     options: [{ value, label, alt }],   // alt: other text that matches
 *     value, onChange(value), noMatch: 'No country matches',
 *   });
 *   box.value / box.setValue(v) / box.setOptions(list) / box.pending()
 *
 * Typing filters the list (any case, accents ignored, the label or alt);
 * ArrowDown opens it and moves, ArrowUp moves back, Enter picks, Escape
 * closes the list (and only the list). Leaving the field keeps an exact or
 * single match; otherwise the typed text stays and box.value is null, so the
 * form can say "choose one from the list".
 */
import { html, render } from '../html.js';
import { icon } from './icons.js';

let counter = 0;

export function comboboxInput({ id, name, placeholder = '', describedBy = '', value = '' }) {
  return html`
    <div class="combo">
      <input class="input combo-input" id="${id}" name="${name}" type="text" role="combobox"
             aria-autocomplete="list" aria-expanded="false" aria-controls="${id + '-list'}"
             aria-describedby="${describedBy}" autocomplete="off" spellcheck="false"
             placeholder="${placeholder}" value="${value}">
      <span class="combo-chevron" aria-hidden="true">${icon('chevronDown')}</span>
      <ul class="combo-list" id="${id + '-list'}" role="listbox" hidden></ul>
    </div>`;
}

function fold(s) {
  return String(s || '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLocaleLowerCase();
}

export function attachCombobox(input, { options = [], value = null, onChange, noMatch = '', listLabel = '' } = {}) {
  const list = input.parentElement.querySelector('[role="listbox"]');
  const uid = 'cb' + ++counter;
  if (listLabel) list.setAttribute('aria-label', listLabel);
  if (!input.getAttribute('aria-describedby')) input.removeAttribute('aria-describedby');
  let opts = options;
  let current = value;
  let shown = [];
  let active = -1;

  const labelOf = (v) => opts.find((o) => o.value === v)?.label ?? '';

  function matches(q) {
    const f = fold(q.trim());
    if (!f) return opts;
    const starts = [], contains = [];
    for (const o of opts) {
      const l = fold(o.label), a = fold(o.alt);
      if (l.startsWith(f) || a.startsWith(f) || fold(o.value) === f) starts.push(o);
      else if (l.includes(f) || a.includes(f)) contains.push(o);
    }
    return [...starts, ...contains];
  }

  function isOpen() { return !list.hidden; }

  function draw() {
    if (!shown.length) {
      render(list, html`<li class="combo-empty" role="presentation">${noMatch}</li>`);
      input.removeAttribute('aria-activedescendant');
      return;
    }
    render(list, html`${shown.map((o, i) => html`
      <li class="${i === active ? 'combo-option is-active' : 'combo-option'}" role="option" id="${uid + '-' + i}"
          data-index="${String(i)}" aria-selected="${o.value === current ? 'true' : 'false'}">
        <span class="combo-label">${o.label}</span>
        ${o.value === current ? icon('check', 'combo-check') : ''}
      </li>`)}`);
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', uid + '-' + active);
      list.children[active]?.scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function open(all = false) {
    shown = all ? opts : matches(input.value);
    const sel = shown.findIndex((o) => o.value === current);
    active = sel >= 0 ? sel : (shown.length ? 0 : -1);
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    draw();
  }

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function choose(o) {
    const changed = o.value !== current;
    current = o.value;
    input.value = o.label;
    close();
    if (changed) onChange?.(current);
  }

  function setActive(i) {
    if (!shown.length) return;
    active = (i + shown.length) % shown.length;
    draw();
  }

  input.addEventListener('input', () => {
    if (current !== null && input.value !== labelOf(current)) {
      current = null;
      onChange?.(null);
    }
    open();
  });
  input.addEventListener('click', () => { if (!isOpen()) open(input.value === labelOf(current)); });
  input.addEventListener('keydown', (e) => {
    if (e.altKey && e.key === 'ArrowDown') { e.preventDefault(); open(true); return; }
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!isOpen()) open(input.value === labelOf(current)); else setActive(active + 1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        if (!isOpen()) open(input.value === labelOf(current)); else setActive(active - 1);
        break;
      case 'Enter':
        if (isOpen() && active >= 0 && shown[active]) { e.preventDefault(); choose(shown[active]); }
        break;
      case 'Escape':
        if (isOpen()) { e.preventDefault(); close(); }
        break;
      default:
    }
  });
  input.addEventListener('blur', () => {
    close();
    if (current !== null || !input.value.trim()) return;
    const f = fold(input.value.trim());
    const exact = opts.find((o) => fold(o.label) === f || fold(o.alt) === f || fold(o.value) === f);
    const prefix = opts.filter((o) => fold(o.label).startsWith(f));
    const all = matches(input.value);
    const found = exact || (prefix.length === 1 ? prefix[0] : all.length === 1 ? all[0] : null);
    if (found) choose(found);
  });
  // A press on an option picks it without taking focus from the input.
  list.addEventListener('mousedown', (e) => e.preventDefault());
  list.addEventListener('click', (e) => {
    const li = e.target.closest('[role="option"]');
    if (li) choose(shown[Number(li.dataset.index)]);
  });

  return {
    get value() { return current; },
    /** True when text is typed but no option is chosen. */
    pending() { return current === null && input.value.trim() !== ''; },
    setValue(v) {
      current = v;
      input.value = labelOf(v);
    },
    setOptions(next) {
      opts = next || [];
      if (current !== null && document.activeElement !== input) input.value = labelOf(current) || input.value;
      if (isOpen()) open();
    },
  };
}

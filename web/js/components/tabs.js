/*
 * tabs.js - the WAI-ARIA tabs pattern used by record pages.
 *
 *   ${tabList({ id: 'policy', label, tabs: [{ key, label, icon, count }], current })}
 *   <div id="policy-panel" role="tabpanel" ...>
 *   wireTabs(root, { id: 'policy', keys, current: () => key, select(key, focus) })
 *
 * One tab is in the tab order; Left and Right move between tabs (and show
 * them), Home and End go to the ends; a click shows a tab.
 */
import { html } from '../html.js';
import { icon } from './icons.js';

export function tabList({ id, label, tabs, current }) {
  return html`
    <div class="tabs" role="tablist" aria-label="${label}">
      ${tabs.map((tab) => html`
        <button type="button" role="tab" class="tab" id="${id + '-tab-' + tab.key}" data-tab="${tab.key}"
                aria-controls="${id + '-panel'}" aria-selected="${tab.key === current ? 'true' : 'false'}"
                tabindex="${tab.key === current ? '0' : '-1'}">
          ${tab.icon ? icon(tab.icon) : ''}<span>${tab.label}</span>
          ${tab.count !== undefined && tab.count !== null ? html`<span class="count-pill" data-count="${tab.key}">${String(tab.count)}</span>` : ''}
        </button>`)}
    </div>`;
}

/** Marks key as the selected tab in the list (focusing it when asked). */
export function markTab(root, id, key, focus = false) {
  for (const el of root.querySelectorAll(`[role="tab"][id^="${CSS.escape(id + '-tab-')}"]`)) {
    const on = el.dataset.tab === key;
    el.setAttribute('aria-selected', String(on));
    el.tabIndex = on ? 0 : -1;
    if (on && focus) el.focus();
  }
  root.querySelector('#' + CSS.escape(id + '-panel'))?.setAttribute('aria-labelledby', id + '-tab-' + key);
}

export function wireTabs(root, { id, keys, current, select }) {
  const list = root.querySelector(`#${CSS.escape(id + '-tab-' + keys[0])}`)?.closest('[role="tablist"]');
  if (!list) return;
  list.addEventListener('click', (e) => {
    const tab = e.target.closest('[role="tab"]');
    if (tab) select(tab.dataset.tab, false);
  });
  list.addEventListener('keydown', (e) => {
    const i = keys.indexOf(current());
    let n = null;
    if (e.key === 'ArrowRight') n = (i + 1) % keys.length;
    else if (e.key === 'ArrowLeft') n = (i - 1 + keys.length) % keys.length;
    else if (e.key === 'Home') n = 0;
    else if (e.key === 'End') n = keys.length - 1;
    if (n !== null) { e.preventDefault(); select(keys[n], true); }
  });
}

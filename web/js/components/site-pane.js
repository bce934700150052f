/*
 * site-pane.js - the site selection pane: the account's children (customers
 * of a partner, sites of a company console, partners of an operator) with a
 * search box, an entry for the top-level dashboard, and an empty state.
 *
 *   const pane = sitePane({ account, active });   // active: child id or 'all'
 *   container.append(pane.el);
 *   pane.setItems([{ id, name, href, note }]);    // the list to show
 *   pane.focusSearch();
 *
 * Search filters the list as the user types (case-insensitive, any script).
 */
import { html, element, render, cls } from '../html.js';
import { icon } from './icons.js';
import { t, formatNumber } from '../i18n.js';
import { childNoun, pagePath } from '../pages/registry.js';

export function sitePane({ account, active = null }) {
  const noun = childNoun(account.kind);
  let items = [];
  let query = '';

  const el = element(html`
    <section class="site-pane" aria-labelledby="site-pane-title">
      <div class="site-pane-header">
        <h2 class="site-pane-title" id="site-pane-title">${t('pane.title.' + noun)}</h2>
        <span class="count-pill" data-ref="count">0</span>
      </div>
      <div class="search-box">
        ${icon('search', 'search-icon')}
        <input type="search" class="search-input" id="site-search" data-ref="search"
               placeholder="${t('pane.search.' + noun)}" aria-label="${t('pane.search.' + noun)}"
               autocomplete="off" spellcheck="false">
        <kbd class="kbd search-kbd" aria-hidden="true">/</kbd>
      </div>
      <a class="${cls('site-all', active === 'all' && 'is-active')}" href="${pagePath(account.id, 'dashboard')}"
         aria-current="${active === 'all' ? 'page' : 'false'}">
        ${icon('dashboard')}<span>${t('pane.all.' + noun)}</span>
      </a>
      <div class="site-pane-list" data-ref="list"></div>
    </section>`);

  const list = el.querySelector('[data-ref="list"]');
  const count = el.querySelector('[data-ref="count"]');
  const search = el.querySelector('[data-ref="search"]');

  function draw() {
    count.textContent = formatNumber(items.length);
    if (!items.length) {
      render(list, html`
        <div class="pane-empty">
          <div class="pane-empty-icon">${icon(noun === 'sites' ? 'sites' : 'customers')}</div>
          <p class="pane-empty-title">${t('pane.empty.title.' + noun)}</p>
          <p class="pane-empty-text">${t('pane.empty.text.' + noun)}</p>
        </div>`);
      return;
    }
    const q = query.trim().toLocaleLowerCase();
    const shown = q ? items.filter((i) => i.name.toLocaleLowerCase().includes(q)) : items;
    if (!shown.length) {
      render(list, html`<p class="pane-no-match" role="status">${t('pane.noMatch', { query: query.trim() })}</p>`);
      return;
    }
    render(list, html`
      <ul class="site-list">
        ${shown.map((i) => html`
          <li><a class="${cls('site-item', active === i.id && 'is-active')}" href="${i.href}"
                 aria-current="${active === i.id ? 'page' : 'false'}">
            <span class="site-avatar" aria-hidden="true">${[...i.name.trim()][0] || '?'}</span>
            <span class="site-name">${i.name}</span>
            ${i.note ? html`<span class="site-note">${i.note}</span>` : ''}
          </a></li>`)}
      </ul>`);
  }

  search.addEventListener('input', () => { query = search.value; draw(); });
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && search.value) { e.preventDefault(); e.stopPropagation(); search.value = ''; query = ''; draw(); }
  });
  draw();

  return {
    el,
    setItems(next) { items = next || []; draw(); },
    focusSearch() { search.focus(); search.select(); },
  };
}

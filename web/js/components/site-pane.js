/*
 * site-pane.js - the site selection pane: the account's children (customers
 * of a partner, sites of a company console, partners of an operator) with a
 * search box, an entry for the top-level dashboard, and an empty state.
 *
 *   const pane = sitePane({ account, active, source });  // active: child id or 'all'
 *   container.append(pane.el);
 *   pane.setItems([{ id, name, href, note }]);    // a fixed list to show, or
 *   source({ q, cursor, signal }) -> { items, total, next }   // pages from the server
 *   pane.setActive(id) / pane.reload() / pane.focusSearch();
 *
 * With a source the pane shows the first page and "Show more" for the next.
 * While every item is loaded, search filters them as the user types
 * (case-insensitive, any script); otherwise it asks the source (q), so it
 * works with any number of children.
 */
import { html, element, render, cls } from '../html.js';
import { icon } from './icons.js';
import { t, formatNumber } from '../i18n.js';
import { childNoun, pagePath } from '../pages/registry.js';

export function sitePane({ account, active = null, source = null }) {
  const noun = childNoun(account.kind);
  let items = [];
  let total = 0;
  let next = null;
  let query = '';
  let complete = true; // every item is loaded (for an empty query)
  let found = null; // server search result: { items, total, next } or null
  let loading = false;
  let failed = '';
  let seq = 0;
  let abort = null;
  let timer = null;

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
               aria-controls="site-pane-list" autocomplete="off" spellcheck="false">
        <kbd class="kbd search-kbd" aria-hidden="true">/</kbd>
      </div>
      <a class="site-all" data-ref="all" href="${pagePath(account.id, 'dashboard')}">
        ${icon('dashboard')}<span>${t('pane.all.' + noun)}</span>
      </a>
      <div class="site-pane-list" id="site-pane-list" data-ref="list"></div>
    </section>`);

  const list = el.querySelector('[data-ref="list"]');
  const count = el.querySelector('[data-ref="count"]');
  const search = el.querySelector('[data-ref="search"]');
  const all = el.querySelector('[data-ref="all"]');

  function markAll() {
    all.classList.toggle('is-active', active === 'all');
    all.setAttribute('aria-current', active === 'all' ? 'page' : 'false');
  }

  function itemList(shown, more) {
    return html`
      <ul class="site-list">
        ${shown.map((i) => html`
          <li><a class="${cls('site-item', active === i.id && 'is-active')}" href="${i.href}"
                 aria-current="${active === i.id ? 'page' : 'false'}" data-id="${i.id}">
            <span class="site-avatar" aria-hidden="true">${[...i.name.trim()][0] || '?'}</span>
            <span class="site-name" title="${i.name}">${i.name}</span>
            ${i.note ? html`<span class="site-note">${i.note}</span>` : ''}
          </a></li>`)}
      </ul>
      ${more ? html`<button type="button" class="pane-more" data-ref="more" ?disabled=${loading}>
        ${loading ? html`<span class="spinner"></span>` : ''}<span>${t('pane.more')}</span></button>` : ''}`;
  }

  function draw() {
    count.textContent = formatNumber(total || items.length);
    markAll();
    if (failed) {
      render(list, html`<div class="pane-no-match" role="status"><p>${failed}</p>
        <button type="button" class="pane-more" data-ref="retry">${t('common.retry')}</button></div>`);
      return;
    }
    if (!items.length && !query.trim()) {
      if (loading) { render(list, html`<p class="pane-no-match" role="status"><span class="spinner"></span></p>`); return; }
      render(list, html`
        <div class="pane-empty">
          <div class="pane-empty-icon">${icon(noun === 'sites' ? 'sites' : 'customers')}</div>
          <p class="pane-empty-title">${t('pane.empty.title.' + noun)}</p>
          <p class="pane-empty-text">${t('pane.empty.text.' + noun)}</p>
        </div>`);
      return;
    }
    const q = query.trim().toLocaleLowerCase();
    let shown, more;
    if (!q) { shown = items; more = !!next; }
    else if (complete) { shown = items.filter((i) => i.name.toLocaleLowerCase().includes(q)); more = false; }
    else if (found) { shown = found.items; more = !!found.next; }
    else { render(list, html`<p class="pane-no-match" role="status"><span class="spinner"></span></p>`); return; }
    if (!shown.length) {
      render(list, html`<p class="pane-no-match" role="status">${t('pane.noMatch', { query: query.trim() })}</p>`);
      return;
    }
    render(list, itemList(shown, more));
  }

  /** One request to the source; fills the full list (q empty) or the search result. */
  async function load({ more = false, searching = false } = {}) {
    if (!source) return;
    abort?.abort();
    abort = new AbortController();
    const my = ++seq;
    loading = true;
    failed = '';
    if (searching && !more) found = null;
    draw();
    try {
      const cursor = more ? (searching ? found?.next : next) : null;
      const r = await source({ q: searching ? query.trim() : '', cursor, signal: abort.signal });
      if (my !== seq) return;
      if (searching) {
        found = { items: more && found ? [...found.items, ...r.items] : r.items, total: r.total, next: r.next };
      } else {
        items = more ? [...items, ...r.items] : r.items;
        total = r.total;
        next = r.next;
        complete = !next;
      }
    } catch (e) {
      if (e.name === 'AbortError' || my !== seq) return;
      if (e.status !== 401) failed = t('pane.failed');
    }
    loading = false;
    draw();
  }

  const searchingNow = () => !!query.trim() && !complete;

  search.addEventListener('input', () => {
    query = search.value;
    clearTimeout(timer);
    if (!source || complete || !query.trim()) { found = null; draw(); return; }
    found = null;
    draw();
    timer = setTimeout(() => load({ searching: true }), 250);
  });
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && search.value) {
      e.preventDefault(); e.stopPropagation();
      search.value = ''; query = ''; found = null; draw();
    }
  });
  list.addEventListener('click', (e) => {
    if (e.target.closest('[data-ref="more"]')) load({ more: true, searching: searchingNow() });
    else if (e.target.closest('[data-ref="retry"]')) load({ searching: searchingNow() });
  });
  draw();
  if (source) load();

  return {
    el,
    setItems(nextItems) { items = nextItems || []; total = items.length; complete = true; draw(); },
    setActive(id) {
      active = id;
      markAll();
      for (const a of list.querySelectorAll('.site-item')) {
        const on = a.dataset.id === id;
        a.classList.toggle('is-active', on);
        a.setAttribute('aria-current', on ? 'page' : 'false');
      }
    },
    /** Loads the list again (after a child was added or renamed). */
    reload() {
      if (!source) return;
      load().then(() => { if (searchingNow()) load({ searching: true }); });
    },
    focusSearch() { search.focus(); search.select(); },
  };
}

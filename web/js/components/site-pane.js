/*
 * site-pane.js - the site selection pane: the account's children (customers
 * of a partner, sites of a company console, partners of an operator) with a
 * search box, an entry for the top-level dashboard, and an empty state.
 *
 *   const pane = sitePane({ account, active, source });  // active: child id or 'all'
 *   container.append(pane.el);
 *   source({ q, cursor, signal }) -> { items: [{ id, name, href, note }], nextCursor, total }
 *   pane.setActive(id) / pane.reload() / pane.focusSearch();
 *
 * With children(item) (a partner's customers: their sites), each item has a
 * button that shows or hides its children under it, loaded when first
 * shown (the active item's at once); children: [{ id, name, href }].
 * pane.reloadChildren(id) loads an item's children again.
 *
 * The pane shows the source's first page and "Show more" for the next.
 * While every item is loaded, search filters them as the user types
 * (case-insensitive, any script); otherwise it asks the source (q), so it
 * works with any number of children. Without a source the pane is empty.
 */
import { html, element, render, cls } from '../html.js';
import { icon } from './icons.js';
import { pagedList, pager } from './pagination.js';
import { t, formatNumber } from '../i18n.js';
import { childNoun, pagePath } from '../paths.js';

export function sitePane({ account, active = null, source = null, children = null }) {
  const noun = childNoun(account.kind);
  let query = '';
  let timer = null;
  // Children by item id (loaded or failed), and the items showing theirs.
  const kids = new Map();
  const open = new Set(active && active !== 'all' ? [active] : []);
  // Every child (a page at a time), and what the server found for the query.
  const all = pagedList((cursor, signal) => source({ q: '', cursor, signal }), { onChange: draw });
  const found = pagedList((cursor, signal) => source({ q: query.trim(), cursor, signal }), { onChange: draw });

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
  const allLink = el.querySelector('[data-ref="all"]');

  /** Searching through the source: there is a query and not every child is loaded. */
  const searching = () => !!query.trim() && !!all.next;

  function markAll() {
    allLink.classList.toggle('is-active', active === 'all');
    allLink.setAttribute('aria-current', active === 'all' ? 'page' : 'false');
  }

  function itemList(shown, more) {
    return html`
      <ul class="site-list">
        ${shown.map((i) => html`
          <li class="${children ? 'site-entry has-children' : 'site-entry'}"><a class="${cls('site-item', active === i.id && 'is-active')}" href="${i.href}"
                 aria-current="${active === i.id ? 'page' : 'false'}" data-id="${i.id}">
            <span class="site-avatar" aria-hidden="true">${[...i.name.trim()][0] || '?'}</span>
            <span class="site-name" title="${i.name}">${i.name}</span>
            ${i.note ? html`<span class="site-note">${i.note}</span>` : ''}
          </a>${children ? childBlock(i) : ''}</li>`)}
      </ul>
      ${pager(more, { compact: true, label: t('pane.more'), onMore: () => more.more() })}`;
  }

  function childBlock(i) {
    const shown = open.has(i.id);
    const k = kids.get(i.id);
    const listId = 'site-kids-' + i.id;
    const toggle = html`<button type="button" class="${shown ? 'site-toggle is-open' : 'site-toggle'}" data-toggle="${i.id}" aria-expanded="${shown ? 'true' : 'false'}"
      aria-controls="${listId}" aria-label="${t(shown ? 'pane.children.hide' : 'pane.children.show', { name: i.name })}"
      title="${t(shown ? 'pane.children.hide' : 'pane.children.show', { name: i.name })}">${icon('chevronRight', 'site-toggle-icon')}</button>`;
    if (!shown) return toggle;
    let inner;
    if (!k) inner = html`<li class="site-child-note"><span class="spinner"></span></li>`;
    else if (k.error) inner = html`<li class="site-child-note">${t('pane.failed')}</li>`;
    else if (!k.items.length) inner = html`<li class="site-child-note">${t('pane.children.none')}</li>`;
    else {
      inner = k.items.map((c) => html`<li><a class="${cls('site-child', active === c.id && 'is-active')}" href="${c.href}" data-id="${c.id}"
        aria-current="${active === c.id ? 'page' : 'false'}">${icon('sites', 'site-child-icon')}<span class="site-name" title="${c.name}">${c.name}</span></a></li>`);
    }
    return html`${toggle}<ul class="site-children" id="${listId}" aria-label="${t('pane.children.label', { name: i.name })}">${inner}</ul>`;
  }

  async function loadChildren(id) {
    try {
      kids.set(id, { items: await children(id) });
    } catch (e) {
      kids.set(id, { items: [], error: e });
    }
    draw();
  }

  function draw() {
    count.textContent = formatNumber(all.extras.total || all.items.length);
    markAll();
    const current = searching() ? found : all;
    if (current.error) {
      render(list, html`<div class="pane-no-match" role="status"><p>${t('pane.failed')}</p>
        <button type="button" class="pane-more" @click=${() => current.load()}>${t('common.retry')}</button></div>`);
      return;
    }
    const spinner = html`<p class="pane-no-match" role="status"><span class="spinner"></span></p>`;
    if (!all.items.length && !query.trim()) {
      render(list, all.loading ? spinner : html`
        <div class="pane-empty">
          <div class="pane-empty-icon">${icon(noun === 'sites' ? 'sites' : 'customers')}</div>
          <p class="pane-empty-title">${t('pane.empty.title.' + noun)}</p>
          <p class="pane-empty-text">${t('pane.empty.text.' + noun)}</p>
        </div>`);
      return;
    }
    const q = query.trim().toLocaleLowerCase();
    let shown = all.items;
    if (searching()) {
      if (!found.loaded) { render(list, spinner); return; }
      shown = found.items;
    } else if (q) {
      shown = all.items.filter((i) => i.name.toLocaleLowerCase().includes(q));
    }
    if (!shown.length) {
      render(list, html`<p class="pane-no-match" role="status">${t('pane.noMatch', { query: query.trim() })}</p>`);
      return;
    }
    render(list, itemList(shown, searching() ? found : all));
  }

  list.addEventListener('click', (e) => {
    const b = e.target.closest('[data-toggle]');
    if (!b) return;
    const id = b.dataset.toggle;
    if (open.has(id)) open.delete(id); else open.add(id);
    draw();
    list.querySelector(`[data-toggle="${CSS.escape(id)}"]`)?.focus();
    if (open.has(id) && !kids.has(id)) loadChildren(id);
  });

  search.addEventListener('input', () => {
    query = search.value;
    clearTimeout(timer);
    found.clear();
    draw();
    if (searching()) timer = setTimeout(() => found.load(), 250);
  });
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && search.value) {
      e.preventDefault(); e.stopPropagation();
      search.value = ''; query = ''; found.clear(); draw();
    }
  });
  draw();
  if (source) all.load();
  if (children) for (const id of open) loadChildren(id);

  return {
    el,
    setActive(id) {
      active = id;
      if (children && id && id !== 'all' && !open.has(id)) {
        open.add(id);
        if (!kids.has(id)) loadChildren(id); else draw();
      }
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
      all.load().then(() => { if (searching()) found.load(); });
    },
    focusSearch() { search.focus(); search.select(); },
    /** Loads an item's children again (after its sites changed). */
    reloadChildren(id) {
      if (!children) return;
      if (open.has(id)) loadChildren(id); else kids.delete(id);
    },
  };
}

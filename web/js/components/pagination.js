/*
 * pagination.js - lists that come page by page, and the "Load more" under
 * them. Every list of the API has the same shape (api/lists.js), so one
 * controller keeps any of them; fetchPage(cursor, signal) answers a page
 * { items, nextCursor, ...extras }: an api list() for one page at a time,
 * or listAll() for whole lists (which go on from nextCursor only past its
 * cap).
 *
 *   const list = pagedList((cursor, signal) => api.customers.list(id, { q, cursor, signal }),
 *     { onChange: draw });
 *   await list.load({ rethrow: true });   the first page (again: the items stay until it is in)
 *   list.restart();                       a new search: no items until its first page is in
 *   list.clear();                         no items, nothing loading
 *   list.items, list.next (the next page's cursor, null at the end),
 *   list.extras (the page's other members: total, ...), list.loading,
 *   list.error, list.loaded (an answer is in since the last clear())
 *   ${pager(list, { total, onMore: () => list.more(root) })}
 *
 * A newer load() cancels the one under way. more() appends the next page and
 * puts focus on the first new row, so keyboard users continue where they
 * were. pager() is the button with "N of M shown" (or "N shown" without a
 * total), and nothing once the list is complete.
 */
import { html } from '../html.js';
import { t, formatNumber } from '../i18n.js';

export function pagedList(fetchPage, { onChange = () => {} } = {}) {
  let seq = 0;
  let abort = null;
  const list = {
    items: [],
    next: null,
    extras: {},
    loading: false,
    error: null,
    loaded: false,
    /**
     * Loads the first page (more: the next one, added to the items).
     * Resolves true once the answer is in; false when a newer load took
     * over or the session ended. A failure is kept in error, or thrown
     * with rethrow.
     */
    async load({ more = false, rethrow = false } = {}) {
      abort?.abort();
      abort = new AbortController();
      const my = ++seq;
      list.loading = true;
      list.error = null;
      onChange();
      try {
        const { items, nextCursor, ...extras } = await fetchPage(more ? list.next : null, abort.signal);
        if (my !== seq) return false;
        list.items = more ? [...list.items, ...items] : items;
        list.next = nextCursor;
        list.extras = more ? { ...list.extras, ...extras } : extras;
      } catch (e) {
        if (e.name === 'AbortError' || my !== seq) return false;
        list.loading = false;
        if (rethrow) throw e;
        if (e.status === 401) return false;
        list.error = e;
      }
      list.loading = false;
      list.loaded = true;
      onChange();
      return true;
    },
    /** Forgets the items (and drops a load under way), as before the first load. */
    clear() {
      abort?.abort();
      seq++;
      Object.assign(list, { items: [], next: null, extras: {}, loading: false, error: null, loaded: false });
    },
    /** A new search: forgets the items and loads the first page. */
    restart() {
      list.clear();
      return list.load();
    },
    /** Loads the next page, then focuses the first control (focus) of a new row (rows) under root. */
    async more(root = null, { rows = 'tbody tr', focus = 'a, button' } = {}) {
      const before = list.items.length;
      if (!(await list.load({ more: true })) || !root) return;
      [...root.querySelectorAll(rows)].slice(before).find((r) => r.querySelector(focus))?.querySelector(focus).focus();
    },
  };
  return list;
}

/**
 * "Load more" (label) and how many are shown, while list has a next page.
 * total: the list's size when the server says it; small: a small button;
 * pad: the padded strip under a table; compact: the button alone, as in the
 * site selection pane.
 */
export function pager(list, { onMore, label = t('common.more'), total = null, small = false, pad = true, compact = false }) {
  if (!list.next) return '';
  const button = (className) => html`
    <button type="button" class="${className}" data-more ?disabled=${list.loading} @click=${onMore}>
      ${list.loading ? html`<span class="spinner"></span>` : ''}<span>${label}</span>
    </button>`;
  if (compact) return button('pane-more');
  const shown = formatNumber(list.items.length);
  return html`
    <div class="${pad ? 'load-more load-more-pad' : 'load-more'}">
      ${button(small ? 'btn btn-secondary btn-sm' : 'btn btn-secondary')}
      <span class="muted small">${total === null || total === undefined ? t('common.shown', { shown })
        : t('common.shownOf', { shown, total: formatNumber(total) })}</span>
    </div>`;
}

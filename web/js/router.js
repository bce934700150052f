/*
 * router.js - History API routing for the single-page console.
 *
 * start(handler) calls handler(location) now and on every navigation: links
 * to this origin are followed without reloading (unless opened in a new tab,
 * marked download or target, or data-native), and back/forward work; a jump
 * to an anchor of the same page is left to the browser.
 * match('/a/:account/:page', path) extracts path parameters.
 * setLocation(path) records a page's new query (its filters) as a history
 * entry without drawing the page again.
 * setLeaveGuard(fn) lets a page with unsaved changes ask before the user
 * leaves it: fn() answers (or resolves) true to go on; the guard is dropped
 * once the user has left. Reloading or closing the tab asks the browser's
 * own question while a guard is set.
 */

let handler = null;
let handled = null; // path + query of the location last routed
let guard = null;

/** Sets the question asked before leaving this page; returns a function removing it. */
export function setLeaveGuard(fn) {
  guard = fn;
  return () => { if (guard === fn) guard = null; };
}

window.addEventListener('beforeunload', (e) => {
  if (guard && guard.dirty?.()) { e.preventDefault(); e.returnValue = ''; }
});

function run(loc) {
  handled = loc.pathname + loc.search;
  handler?.(loc);
}

function same(url) {
  return url.origin === location.origin;
}

/** Goes to path (pushing a history entry unless replace; asking the page's leave guard unless force). */
export function navigate(path, { replace = false, force = false } = {}) {
  if (guard && !force) {
    const g = guard;
    Promise.resolve(g()).then((ok) => {
      if (!ok) return;
      if (guard === g) guard = null;
      navigate(path, { replace, force: true });
    });
    return;
  }
  guard = null;
  const url = new URL(path, location.href);
  if (!same(url)) { location.assign(url.href); return; }
  const target = url.pathname + url.search + url.hash;
  if (target === location.pathname + location.search + location.hash && !replace) {
    run(location);
    return;
  }
  if (replace) history.replaceState(null, '', target);
  else history.pushState(null, '', target);
  run(location);
}

/**
 * Puts path (this page with another query: a list's filters) in the address
 * bar without routing, as a new history entry unless replace. Back and
 * Forward then route to each entry again, so the page is drawn from it.
 */
export function setLocation(path, { replace = false } = {}) {
  const url = new URL(path, location.href);
  const target = url.pathname + url.search + url.hash;
  if (target === location.pathname + location.search + location.hash) return;
  if (replace) history.replaceState(null, '', target);
  else history.pushState(null, '', target);
  handled = location.pathname + location.search;
}

/** Runs the handler again for the current location. */
export function refresh() {
  guard = null;
  run(location);
}

function onClick(e) {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download') || a.hasAttribute('data-native')) return;
  const url = new URL(a.href, location.href);
  if (!same(url) || url.pathname.startsWith('/api/')) return;
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
  e.preventDefault();
  navigate(url.pathname + url.search + url.hash);
}

export function start(fn) {
  handler = fn;
  document.addEventListener('click', onClick);
  // Going back or forward to another page routes; moving to an anchor on
  // the same page (a skip link) does not.
  window.addEventListener('popstate', () => {
    if (location.pathname + location.search !== handled) { guard = null; run(location); }
  });
  run(location);
}

/** match('/a/:id', '/a/x') -> { id: 'x' }; null when it does not match. */
export function match(pattern, path) {
  const p = pattern.split('/');
  const s = (path.length > 1 ? path.replace(/\/+$/, '') : path).split('/');
  if (p.length !== s.length) return null;
  const params = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) {
      if (!s[i]) return null;
      try { params[p[i].slice(1)] = decodeURIComponent(s[i]); } catch { return null; }
    } else if (p[i] !== s[i]) return null;
  }
  return params;
}

/** A same-origin path from ?next=, or null when it is unsafe or absent. */
export function safeNext(value) {
  if (!value || typeof value !== 'string') return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  if (value.startsWith('/signin') || value.startsWith('/api/')) return null;
  return value;
}

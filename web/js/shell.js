/*
 * shell.js - the frame around every signed-in page.
 *
 * Top bar: product name, account switcher, keyboard-shortcuts help and the
 * profile menu (name, e-mail, profile link, API reference, language, sign
 * out). Left: the
 * account's pages and the site selection pane. Main: the page header and
 * content. mountShell() builds it once; setAccount() redraws the parts that
 * depend on the account and the page; showPage() puts a page in the main area.
 *
 * Keyboard: a skip link jumps to the content, "/" focuses the site search,
 * "?" opens the shortcuts drawer.
 */
import { html, render, fragment, cls } from './html.js';
import { icon } from './components/icons.js';
import { menuButton, closeAllMenus } from './components/menu.js';
import { openDrawer, topDrawer } from './components/drawer.js';
import { sitePane } from './components/site-pane.js';
import { kindBadge, pageHeader, initials } from './components/ui.js';
import { t, plural, formatNumber, languages, getLanguage } from './i18n.js';
import * as api from './api.js';
import { state } from './session.js';
import { navPages, switchTarget } from './routes.js';
import { isMultiTenant } from './companies.js';
import { pagePath, customerPath, partnerPath, devicesPath } from './paths.js';
import { navigate } from './router.js';
import { onCustomersChanged } from './customers.js';

function isTyping(el) {
  return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
}

/**
 * Builds the shell into root. Handlers: onSignOut(), onLanguage(code).
 * Returns { setAccount, showPage, pageEl, focusProfile, unmount }.
 */
export function mountShell(root, { onSignOut, onLanguage }) {
  let account = null;
  let pageKey = null;
  let child = null;
  let pane = null;
  let paneAccount = null;

  const frame = fragment(html`
    <a class="skip-link" href="#main">${t('shell.skip')}</a>
    <div class="app" data-ref="app">
      <header class="topbar">
        <button type="button" class="icon-button nav-toggle" data-ref="navToggle" aria-controls="sidebar"
                aria-expanded="false" aria-label="${t('shell.toggleNav')}">${icon('menu')}</button>
        <a class="brand" href="/">
          <span class="brand-mark">${icon('logo')}</span>
          <span class="brand-name">Steward</span>
        </a>
        <span class="topbar-divider" aria-hidden="true"></span>
        <div class="switcher" data-ref="switcher"></div>
        <div class="topbar-spacer"></div>
        <button type="button" class="icon-button topbar-help" data-ref="help"
                aria-label="${t('shortcuts.title')}" title="${t('shortcuts.title')}">${icon('keyboard')}</button>
        <div class="profile" data-ref="profile"></div>
      </header>
      <aside class="sidebar" id="sidebar" data-ref="sidebar">
        <nav class="nav" data-ref="nav" aria-label="${t('shell.navLabel')}"></nav>
        <div class="sidebar-pane" data-ref="pane"></div>
      </aside>
      <div class="sidebar-scrim" data-ref="scrim"></div>
      <main class="main" id="main" tabindex="-1">
        <div class="page" data-ref="page"></div>
      </main>
    </div>`);

  const get = (name) => frame.querySelector(`[data-ref="${name}"]`);
  const app = get('app');
  const refs = {
    switcher: get('switcher'), profile: get('profile'), nav: get('nav'), pane: get('pane'),
    page: get('page'), navToggle: get('navToggle'), help: get('help'), scrim: get('scrim'),
  };
  root.replaceChildren(frame);

  function setSidebar(open) {
    app.classList.toggle('sidebar-open', open);
    refs.navToggle.setAttribute('aria-expanded', String(open));
  }
  refs.navToggle.addEventListener('click', () => setSidebar(!app.classList.contains('sidebar-open')));
  refs.scrim.addEventListener('click', () => setSidebar(false));
  refs.help.addEventListener('click', () => openShortcuts());

  // ---- account switcher --------------------------------------------------
  function drawSwitcher() {
    if (!account) {
      render(refs.switcher, html`<span class="switcher-none">${t('switcher.none')}</span>`);
      return;
    }
    render(refs.switcher, html`
      <button type="button" class="switcher-button" id="account-switcher"
              aria-label="${t('switcher.label', { name: account.name })}">
        <span class="switcher-avatar" aria-hidden="true">${icon(account.kind === 'company' ? 'customers' : 'logo')}</span>
        <span class="switcher-text">
          <span class="switcher-name" title="${account.name}">${account.name}</span>
          <span class="switcher-meta">${t('kind.' + account.kind)} · ${t('role.' + account.role)}</span>
        </span>
        ${icon('chevronDown', 'switcher-chevron')}
      </button>
      <div class="menu menu-wide" role="menu" aria-label="${t('switcher.menu')}" hidden>
        <p class="menu-heading" role="presentation">${t('switcher.heading')}</p>
        ${state.accounts.map((a) => html`
          <button type="button" class="menu-item menu-account" role="menuitemradio"
                  aria-checked="${a.id === account.id ? 'true' : 'false'}" data-account="${a.id}">
            <span class="menu-check">${a.id === account.id ? icon('check') : ''}</span>
            <span class="menu-account-text">
              <span class="menu-account-name" title="${a.name}">${a.name}</span>
              <span class="menu-account-role">${t('role.' + a.role)}</span>
            </span>
            ${kindBadge(a.kind)}
          </button>`)}
      </div>`);
    const button = refs.switcher.querySelector('button');
    const menu = refs.switcher.querySelector('[role="menu"]');
    menuButton(button, menu, { initialFocus: 'checked' });
    menu.addEventListener('click', (e) => {
      const item = e.target.closest('[data-account]');
      if (!item) return;
      const target = state.accounts.find((a) => a.id === item.dataset.account);
      if (target && target.id !== account.id) navigate(switchTarget(target, pageKey || 'dashboard'));
    });
  }

  // ---- profile menu ------------------------------------------------------
  function drawProfile() {
    const u = state.user;
    const lang = getLanguage();
    render(refs.profile, html`
      <button type="button" class="profile-button" id="profile-button" aria-label="${t('profile.menuLabel', { name: u.name || u.email })}">
        <span class="avatar" aria-hidden="true">${initials(u)}</span>
        <span class="profile-name" title="${u.name || u.email}">${u.name || u.email}</span>
        ${icon('chevronDown', 'switcher-chevron')}
      </button>
      <div class="menu menu-right" role="menu" aria-label="${t('profile.menu')}" hidden>
        <div class="menu-user" role="presentation">
          <span class="avatar avatar-lg" aria-hidden="true">${initials(u)}</span>
          <span>
            <span class="menu-user-name">${u.name || u.email}</span>
            <span class="menu-user-email">${u.email}</span>
          </span>
        </div>
        <div class="menu-separator" role="separator"></div>
        <a class="menu-item" role="menuitem" href="/profile">${icon('user')}<span>${t('profile.link')}</span></a>
        <a class="menu-item" role="menuitem" href="/api-reference">${icon('code')}<span>${t('apiRef.menu')}</span></a>
        <div class="menu-separator" role="separator"></div>
        <p class="menu-heading" role="presentation" id="profile-lang-heading">${t('profile.language')}</p>
        <div role="group" aria-labelledby="profile-lang-heading">
          ${languages.map((l) => html`
            <button type="button" class="menu-item" role="menuitemradio" lang="${l.code}"
                    aria-checked="${l.code === lang ? 'true' : 'false'}" data-lang="${l.code}">
              <span class="menu-check">${l.code === lang ? icon('check') : ''}</span><span>${l.label}</span>
            </button>`)}
        </div>
        <div class="menu-separator" role="separator"></div>
        <button type="button" class="menu-item" role="menuitem" data-ref="signout">${icon('signOut')}<span>${t('profile.signOut')}</span></button>
      </div>`);
    const button = refs.profile.querySelector('button');
    const menu = refs.profile.querySelector('[role="menu"]');
    menuButton(button, menu);
    menu.addEventListener('click', (e) => {
      const item = e.target.closest('[data-lang]');
      if (item && item.dataset.lang !== getLanguage()) onLanguage(item.dataset.lang);
      if (e.target.closest('[data-ref="signout"]')) onSignOut();
    });
  }

  // ---- navigation and site pane ------------------------------------------
  function drawNav() {
    if (!account) { refs.nav.replaceChildren(); return; }
    render(refs.nav, html`
      <ul class="nav-list">
        ${navPages(account).map((p) => html`
          <li><a class="${cls('nav-item', p.name === pageKey && 'is-active')}" href="${pagePath(account.id, p.name)}"
                 aria-current="${p.name === pageKey ? 'page' : 'false'}" data-page="${p.name}">
            ${icon(p.icon)}<span>${t('nav.' + p.name)}</span>${p.name === 'alerts' ? alertBadge() : ''}
          </a>${p.name === 'alerts' ? html`<span class="visually-hidden" id="nav-alerts-count">${alertCountText()}</span>` : ''}</li>`)}
      </ul>`);
    const link = refs.nav.querySelector('[data-page="alerts"]');
    if (link) link.setAttribute('aria-describedby', 'nav-alerts-count');
  }

  // ---- the open-alert badge ------------------------------------------------
  // The count of open alerts (every severity) beside Alerts, from the
  // dashboard's figures: fetched again on every navigation and whenever a
  // page changes alerts; hidden at 0 (and until known).
  let openAlerts = { accountId: null, n: 0 };
  let badgeSeq = 0;
  const shownCount = () => (account && openAlerts.accountId === account.id ? openAlerts.n : 0);
  function alertBadge() {
    const n = shownCount();
    // The figure is drawn from data-count (CSS), so the link's text stays its name.
    return html`<span class="nav-badge" data-ref="alertBadge" aria-hidden="true" data-count="${n > 999 ? '999+' : formatNumber(n)}" ?hidden=${!n}></span>`;
  }
  function alertCountText() {
    const n = shownCount();
    return n ? plural('nav.alerts.open', n, { n: formatNumber(n) }) : '';
  }
  function drawBadge() {
    const badge = refs.nav.querySelector('[data-ref="alertBadge"]');
    if (!badge) return;
    const n = shownCount();
    badge.dataset.count = n > 999 ? '999+' : formatNumber(n);
    badge.hidden = !n;
    const text = refs.nav.querySelector('#nav-alerts-count');
    if (text) text.textContent = alertCountText();
  }
  async function refreshBadge() {
    if (!account || (account.kind !== 'partner' && account.kind !== 'company')) return;
    const id = account.id;
    const my = ++badgeSeq;
    try {
      const d = await api.dashboard.get(id);
      if (my !== badgeSeq) return;
      const a = d.alerts || {};
      openAlerts = { accountId: id, n: (a.critical || 0) + (a.high || 0) + (a.medium || 0) + (a.low || 0) };
      drawBadge();
    } catch { /* the badge stays as it was */ }
  }
  const onAlerts = (e) => { if (account && e.detail?.accountId === account.id) refreshBadge(); };
  window.addEventListener('steward:alerts-changed', onAlerts);

  function paneActive() {
    return pageKey === 'dashboard' ? 'all' : child;
  }

  // The pane is built once per account and keeps its list and search while
  // the user moves between pages; only the highlighted entry follows.
  function drawPane() {
    if (!account) { refs.pane.replaceChildren(); pane = null; paneAccount = null; return; }
    if (pane && paneAccount === account.id + '|' + account.role) { pane.setActive(paneActive()); return; }
    const id = account.id;
    const source = account.kind === 'partner' ? async ({ q, cursor, signal }) => {
      const r = await api.customers.list(id, { q, cursor, limit: 50, signal });
      return { ...r, items: r.items.map((c) => ({ id: c.id, name: c.company, href: customerPath(id, c.id) })) };
    } : isMultiTenant(account) ? async ({ q, cursor, signal }) => {
      // A multi-tenant company console's children are its sites (each a
      // link to its devices); a single-tenant one has none. The list takes
      // no query, so the pane reads all of them and searches in the browser.
      const r = await api.sites.listAll(id, null, { cursor, signal });
      const f = q.toLocaleLowerCase();
      return {
        ...r,
        items: r.items.filter((st) => !f || st.name.toLocaleLowerCase().includes(f))
          .map((st) => ({ id: st.id, name: st.name, href: devicesPath(id, { site_id: st.id }) })),
      };
    } : account.kind === 'operator' ? async ({ q, cursor, signal }) => {
      // An operator's children are the partners (all of them at once).
      const r = await api.operator.partners.listAll({ cursor, signal });
      const f = q.toLocaleLowerCase();
      return {
        ...r,
        items: r.items.filter((p) => !f || p.name.toLocaleLowerCase().includes(f))
          .map((p) => ({ id: p.id, name: p.name, href: partnerPath(id, p.id) })),
      };
    } : null;
    // A partner's customers show their sites (each a link to its devices).
    const children = account.kind === 'partner' ? async (customerId) => (await api.sites.listAll(id, customerId)).items
      .map((st) => ({ id: st.id, name: st.name, href: devicesPath(id, { customer_id: customerId, site_id: st.id }) })) : null;
    pane = sitePane({ account, active: paneActive(), source, children });
    paneAccount = account.id + '|' + account.role;
    refs.pane.replaceChildren(pane.el);
  }

  const offCustomers = onCustomersChanged((accountId) => {
    if (pane && account && account.id === accountId) pane.reload();
  });
  const onSites = (e) => {
    if (!pane || !account || account.id !== e.detail.accountId) return;
    if (e.detail.customerId) pane.reloadChildren(e.detail.customerId);
    else pane.reload();
  };
  window.addEventListener('steward:sites-changed', onSites);

  // ---- keyboard shortcuts ------------------------------------------------
  function openShortcuts() {
    const rows = [
      ['/', t('shortcuts.search')],
      ['?', t('shortcuts.help')],
      ['Esc', t('shortcuts.escape')],
      ['Tab', t('shortcuts.tab')],
    ];
    openDrawer({
      title: t('shortcuts.title'),
      description: t('shortcuts.description'),
      body: html`
        <dl class="shortcut-list">
          ${rows.map(([k, d]) => html`<div class="shortcut-row"><dt><kbd class="kbd">${k}</kbd></dt><dd>${d}</dd></div>`)}
        </dl>`,
      footer: html`<button type="button" class="btn btn-secondary" data-close>${t('common.close')}</button>`,
    }).footer.querySelector('[data-close]').addEventListener('click', () => topDrawer()?.close());
  }

  function onKey(e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    if (isTyping(document.activeElement) || topDrawer() || document.querySelector('.dialog-layer')) return;
    if (e.key === '/' && pane) { e.preventDefault(); closeAllMenus(); setSidebar(true); pane.focusSearch(); }
    else if (e.key === '?') { e.preventDefault(); closeAllMenus(); openShortcuts(); }
    else if (e.key === 'Escape' && app.classList.contains('sidebar-open')) setSidebar(false);
  }
  document.addEventListener('keydown', onKey);

  // Following a link in the sidebar closes it on narrow screens.
  refs.nav.addEventListener('click', (e) => { if (e.target.closest('a')) setSidebar(false); });
  refs.pane.addEventListener('click', (e) => { if (e.target.closest('a')) setSidebar(false); });

  drawProfile();

  return {
    /** Redraws the account-dependent chrome for this account, page key and child (customer id). */
    setAccount(next, key, childId = null) {
      const changed = !account || !next || next.id !== account.id || next.name !== account.name ||
        next.role !== account.role || key !== pageKey || childId !== child;
      account = next;
      pageKey = key;
      child = childId;
      refreshBadge();
      if (!changed) return;
      // Names of this account shown in the page (breadcrumbs) follow a rename.
      if (account) {
        for (const el of refs.page.querySelectorAll('[data-account-name]')) {
          if (el.dataset.accountName === account.id) el.textContent = account.name;
        }
      }
      drawSwitcher();
      drawNav();
      drawPane();
    },
    /** Shows a page: { title, description, breadcrumbs, actions, body, mounted }. */
    showPage(page, { focus = false } = {}) {
      render(refs.page, html`${pageHeader(page)}<div class="page-body">${page.body}</div>`);
      page.mounted?.(refs.page);
      if (focus) refs.page.querySelector('.page-title')?.focus({ preventScroll: false });
      refs.page.closest('.main').scrollTop = 0;
    },
    /** Shows a waiting state while a page loads. */
    showLoading() {
      render(refs.page, html`<div class="page-loading" role="status" aria-live="polite"><span class="spinner"></span><span>${t('common.loading')}</span></div>`);
    },
    /** Redraws the profile menu after the user's details changed. */
    refreshUser() { drawProfile(); },
    focusProfile() { refs.profile.querySelector('button')?.focus(); },
    get pane() { return pane; },
    unmount() {
      document.removeEventListener('keydown', onKey);
      offCustomers();
      window.removeEventListener('steward:sites-changed', onSites);
      window.removeEventListener('steward:alerts-changed', onAlerts);
      closeAllMenus();
      root.replaceChildren();
    },
  };
}

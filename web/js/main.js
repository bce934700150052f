/*
 * main.js - the console's entry point: it routes every path through the
 * route table (routes.js, patterns in paths.js) into the shell.
 *
 *   /signin                       sign-in page (?next= the page asked for)
 *   /invite/{token}               accepting an invitation (with or without a
 *                                 session; it signs in as the invitee)
 *   /                             the last used (else first) account's dashboard
 *   /a/{account_id}/...           the account's pages, for the kinds of
 *                                 account the table names
 *   /profile                      the signed-in user's profile
 *   /api-reference                the API reference (the OpenAPI document)
 *   anything else                 not found, inside the shell
 *
 * The session is checked with GET /me on load; without one every page but
 * /signin sends the user there, and any later 401 does the same with ?next=
 * the page they were on. An account the user has no role in is not found.
 * An account that requires two-step verification of a user who has not set
 * it up answers 403 "two_step_setup_required": the profile opens to set it
 * up (/profile?two_step=required).
 */
import { render, html } from './html.js';
import { onUnauthorized, onTwoStepRequired } from './api.js';
import { t, detectLanguage, setLanguage, onLanguageChange } from './i18n.js';
import { navigate, start, match, safeNext, refresh } from './router.js';
import * as session from './session.js';
import { mountShell } from './shell.js';
import { findRoute, navKey } from './routes.js';
import { pagePath } from './paths.js';
import notFoundPage from './pages/not-found.js';
import { emptyState } from './components/ui.js';
import { toast, clearToasts } from './components/toast.js';
import { closeAllMenus } from './components/menu.js';

const root = document.getElementById('app');
let shell = null;
let signInView = null;
let routeSeq = 0;
let flash = null;
let routedOnce = false;
let afterRender = null;

function unmountShell() {
  if (shell) { shell.unmount(); shell = null; }
}

function signInPath(from) {
  const here = from ?? location.pathname + location.search + location.hash;
  return here && here !== '/' && !here.startsWith('/signin') ? '/signin?next=' + encodeURIComponent(here) : '/signin';
}

onUnauthorized((err) => {
  if (location.pathname === '/signin') return;
  session.forget();
  flash = { kind: 'info', text: err.message };
  navigate(signInPath(), { replace: true, force: true });
});

onTwoStepRequired(() => {
  if (location.pathname === '/profile') return;
  navigate('/profile?two_step=required', { replace: true, force: true });
});

async function signOut() {
  try {
    await session.signOut();
  } catch (e) {
    if (e.status !== 401) { toast(e.message, { kind: 'error' }); return; }
  }
  clearToasts();
  flash = { kind: 'success', text: () => t('signin.signedOut') };
  navigate('/signin');
}

async function changeLanguage(code) {
  try {
    afterRender = () => shell?.focusProfile();
    await session.updateMe({ language: code });
    toast(t('profile.languageSaved'), { kind: 'success' });
  } catch (e) {
    afterRender = null;
    if (e.status !== 401) toast(e.message, { kind: 'error' });
  }
}

// A new language redraws the shell and the page in it.
onLanguageChange(() => {
  if (!shell) return;
  unmountShell();
  refresh();
});

function ensureShell() {
  signInView?.destroy();
  signInView = null;
  if (!shell) shell = mountShell(root, { onSignOut: signOut, onLanguage: changeLanguage });
  return shell;
}

function pageContext(account, extra = {}) {
  return {
    account,
    user: session.state.user,
    session: session.state.session,
    accounts: session.state.accounts,
    isAdmin: account ? account.role === 'admin' : false,
    // A role limited to chosen customers (or a company console's sites)
    // cannot use what belongs to the whole account (global policies,
    // creating customers or sites, the OMS, its settings).
    wholeAccount: account ? account.scope === 'all' : false,
    path: location.pathname,
    query: new URLSearchParams(location.search),
    ...extra,
  };
}

/** Renders a page module inside the shell for account (may be null). */
async function show(seq, account, pageKey, renderPage, extra) {
  const s = ensureShell();
  // The pane's entry: a customer or partner of the path, or a company
  // console's site whose devices are shown.
  const child = extra?.customerId ?? extra?.partnerId ??
    (account?.kind === 'company' ? new URLSearchParams(location.search).get('site_id') : null) ?? null;
  s.setAccount(account, pageKey, child);
  let page;
  try {
    const chrome = (changed) => {
      shell?.setAccount(changed, pageKey, child);
      document.title = [page?.title, changed.name, 'Steward'].filter(Boolean).join(' · ');
    };
    const userChanged = () => shell?.refreshUser();
    page = renderPage(pageContext(account, { chrome, userChanged, ...extra }));
    if (page && typeof page.then === 'function') {
      s.showLoading();
      page = await page;
    }
  } catch (e) {
    if (seq !== routeSeq) return;
    if (e.status === 401) return;
    page = errorPage(e);
  }
  if (seq !== routeSeq) return;
  s.showPage(page, { focus: routedOnce && !afterRender });
  routedOnce = true;
  if (afterRender) { afterRender(); afterRender = null; }
  const parts = [page.title, account?.name, 'Steward'].filter(Boolean);
  document.title = parts.join(' · ');
}

function errorPage(e) {
  return {
    title: t('error.title'),
    body: emptyState({
      icon: 'warning', title: t('error.loadFailed'), text: e.message || t('error.network'),
      action: html`<button type="button" class="btn btn-secondary" @click=${() => refresh()}>${t('common.retry')}</button>`,
    }),
  };
}

function fatal(e) {
  unmountShell();
  document.title = 'Steward';
  render(root, html`
    <main class="fatal" id="main">
      ${emptyState({
        icon: 'warning', title: t('error.unreachable'), text: e.message || t('error.network'),
        action: html`<button type="button" class="btn btn-primary" @click=${() => refresh()}>${t('common.retry')}</button>`,
      })}
    </main>`);
}

async function route(loc) {
  const seq = ++routeSeq;
  closeAllMenus();
  const path = loc.pathname;
  const query = new URLSearchParams(loc.search);
  const found = findRoute(path);

  if (found?.route.public) {
    const next = safeNext(query.get('next'));
    if (!found.route.anyone) {
      if (!session.signedIn()) {
        try { await session.restore(); } catch { /* the form will show trouble */ }
      }
      if (seq !== routeSeq) return;
      if (session.signedIn()) { navigate(next || '/', { replace: true }); return; }
    }
    unmountShell();
    signInView?.destroy();
    const notice = flash;
    flash = null;
    signInView = found.route.page(root, {
      flash: notice,
      params: found.params,
      onSignedIn: () => navigate(next || '/', { replace: true }),
      // Signed in by the page itself (an accepted invitation): open this path.
      openPath: (to) => navigate(to, { replace: true }),
      // Off to the sign-in page with a notice ({ kind, text }) and where to go next.
      toSignIn: (n, to) => { flash = n; navigate(to ? signInPath(to) : '/signin', { replace: true }); },
    });
    routedOnce = true;
    return;
  }

  if (!session.signedIn()) {
    let ok;
    try { ok = await session.restore(); } catch (e) { if (seq === routeSeq) fatal(e); return; }
    if (seq !== routeSeq) return;
    if (!ok) { navigate(signInPath(path + loc.search + loc.hash), { replace: true }); return; }
  }

  // Moving around is activity: check now and then that the session still lives.
  try { await session.confirm(); } catch (e) { if (e.status === 401 || seq !== routeSeq) return; }
  if (seq !== routeSeq) return;

  if (!found) {
    // No page: not found, under the account the path names when the user has it.
    const m = match('/a/:accountId/:page', path);
    const account = m ? await lookUp(seq, m.accountId) : null;
    if (account !== undefined) await show(seq, account || session.defaultAccount(), null, notFoundPage);
    return;
  }
  const { route: r, params: { accountId, ...ids } } = found;
  if (r.name === 'home') {
    const a = session.defaultAccount();
    if (a) { navigate(pagePath(a.id, 'dashboard'), { replace: true }); return; }
    await show(seq, null, null, r.page);
    return;
  }
  if (accountId === undefined) {
    await show(seq, session.defaultAccount(), r.name, r.page);
    return;
  }
  const account = await lookUp(seq, accountId);
  if (account === undefined) return;
  if (!account || !r.kinds.includes(account.kind)) {
    await show(seq, account || session.defaultAccount(), null, notFoundPage);
    return;
  }
  session.rememberAccount(account.id);
  await show(seq, account, navKey(r, account), r.page, ids);
}

// The account with this id, or null when the user has none such; undefined
// once an error page is shown instead (or a newer route began).
async function lookUp(seq, id) {
  try {
    const account = await session.checkAccount(id);
    return seq === routeSeq ? account : undefined;
  } catch (e) {
    if (seq === routeSeq && e.status !== 401) await show(seq, session.defaultAccount(), null, () => errorPage(e));
    return undefined;
  }
}

setLanguage(detectLanguage(), { remember: false });
start(route);

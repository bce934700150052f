/*
 * session.js - who is signed in and which accounts they can act in.
 *
 * Holds the user, the session times and the account list from the API, and
 * the account last worked in (so pages outside an account, like the profile,
 * still show a sensible account in the switcher). Sign-in, sign-out and the
 * language preference go through here so the CSRF token and the console's
 * language always follow the server's answer.
 */
import * as api from './api.js';
import { setLanguage, setTimeZone } from './i18n.js';

const LAST_ACCOUNT_KEY = 'steward.account';

export const state = {
  user: null,
  session: null,
  accounts: [],
  /** GET /accounts/{id} answers, so an account is checked once per load. */
  checked: new Map(),
};

let checkedAt = 0;

function adopt(me) {
  checkedAt = Date.now();
  state.user = me.user;
  if (me.session) state.session = me.session;
  api.setCsrfToken(me.csrf_token);
  setTimeZone(me.user.time_zone);
  if (me.user.language) setLanguage(me.user.language);
}

function reset() {
  state.user = null;
  state.session = null;
  state.accounts = [];
  state.checked.clear();
  api.setCsrfToken(null);
}

export function signedIn() {
  return state.user !== null;
}

/** Checks for a live session (GET /me); true when signed in. */
export async function restore() {
  try {
    adopt(await api.me.get({ handle401: false }));
  } catch (e) {
    if (e.status === 401) { reset(); return false; }
    throw e;
  }
  await loadAccounts();
  return true;
}

/**
 * Confirms the session with GET /me when the last check is older than
 * maxAge ms (a 401 then sends the user to sign in, see api/http.js).
 */
export async function confirm(maxAge = 60000) {
  if (!state.user || Date.now() - checkedAt < maxAge) return;
  adopt(await api.me.get());
}

/** extra: { totp } or { recovery_code } for the second step of two-step verification. */
export async function signIn(email, password, extra = {}) {
  const r = await api.session.create(email, password, extra);
  adopt(r);
  // The session times come with GET /me.
  try { adopt(await api.me.get()); } catch { /* shown later if it matters */ }
  await loadAccounts();
  return r.user;
}

/** Ends the session; an already ended one counts as signed out. */
export async function signOut() {
  try {
    await api.session.remove();
  } catch (e) {
    if (e.status !== 401) throw e;
  }
  reset();
}

/** Forgets the session locally (after a 401 from the server). */
export function forget() {
  reset();
}

export async function loadAccounts() {
  state.accounts = (await api.accounts.listAll()).items;
  return state.accounts;
}

/** The account with this id (GET /accounts/{id}), or null when not found. */
export async function checkAccount(id) {
  if (state.checked.has(id)) return state.checked.get(id);
  try {
    const account = await api.accounts.get(id);
    state.checked.set(id, account);
    return account;
  } catch (e) {
    if (e.status === 404) { state.checked.set(id, null); return null; }
    throw e;
  }
}

/** Stores an account's new state everywhere it is kept. */
export function updateAccount(account) {
  state.checked.set(account.id, account);
  state.accounts = state.accounts.map((a) => (a.id === account.id ? { ...a, ...account } : a));
}

export async function updateMe(changes) {
  const r = await api.me.update(changes);
  adopt(r);
  return r.user;
}

export function rememberAccount(id) {
  try { localStorage.setItem(LAST_ACCOUNT_KEY, id); } catch { /* ignore */ }
}

/** The account to show when the page itself has none. */
export function defaultAccount() {
  let last = null;
  try { last = localStorage.getItem(LAST_ACCOUNT_KEY); } catch { /* ignore */ }
  return state.accounts.find((a) => a.id === last) || state.accounts[0] || null;
}

/*
 * api.js - the one way the console talks to the server.
 *
 * JSON in and out, the session's CSRF token on every state-changing request,
 * the console's language in Accept-Language (so server messages come back
 * translated), and errors as ApiError carrying the server's code, message,
 * per-field messages and Retry-After. A 401 on any request (unless the caller
 * opts out) is handed to the handler set with onUnauthorized, which sends the
 * user to the sign-in page.
 */
import { getLanguage, t } from './i18n.js';

let csrfToken = null;
let unauthorizedHandler = null;

export function setCsrfToken(token) {
  csrfToken = token || null;
}

export function onUnauthorized(fn) {
  unauthorizedHandler = fn;
}

/** An error answer from the API (or a failure to reach it: status 0). */
export class ApiError extends Error {
  constructor(status, code, message, fields = {}, retryAfter = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields || {};
    this.retryAfter = retryAfter;
  }
}

/**
 * request('PATCH', '/api/v1/me', { body: {...} }) -> parsed JSON (or null).
 * Options: body, signal, headers (extra request headers), handle401 (default
 * true).
 */
export async function request(method, path, { body, signal, headers: extra, handle401 = true } = {}) {
  const headers = { ...extra, accept: 'application/json', 'accept-language': getLanguage() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal,
    });
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', t('error.network'));
  }
  let data = null;
  const text = await res.text();
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (res.ok) return data;
  const err = data && data.error ? data.error : {};
  const retry = Number.parseInt(res.headers.get('retry-after') || '', 10);
  const error = new ApiError(res.status, err.code || 'http_' + res.status,
    err.message || t('error.unexpected', { status: res.status }), err.fields,
    Number.isFinite(retry) ? retry : null);
  if (res.status === 401 && handle401 && unauthorizedHandler) unauthorizedHandler(error);
  throw error;
}

export const api = {
  get: (path, opts) => request('GET', path, opts),
  post: (path, body, opts) => request('POST', path, { ...opts, body }),
  patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
  put: (path, body, opts) => request('PUT', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
};

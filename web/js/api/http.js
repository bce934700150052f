/*
 * api/http.js - how the console's API client talks to the server.
 *
 * JSON in and out, the session's CSRF token on every state-changing request,
 * the console's language in Accept-Language (so server messages come back
 * translated), and errors as ApiError carrying the server's code, message,
 * per-field messages (fields, and field: the one a 422 names) and
 * Retry-After. A 401 on any request (unless the caller
 * opts out) is handed to the handler set with onUnauthorized, which sends the
 * user to the sign-in page. Only the client (api.js) calls request(); pages
 * use its named endpoints.
 */
import { getLanguage, t } from '../i18n.js';

let csrfToken = null;
let unauthorizedHandler = null;
let twoStepHandler = null;

export function setCsrfToken(token) {
  csrfToken = token || null;
}

export function onUnauthorized(fn) {
  unauthorizedHandler = fn;
}

/** fn(error) hears of every 403 "two_step_setup_required" (an account requires it). */
export function onTwoStepRequired(fn) {
  twoStepHandler = fn;
}

/** An error answer from the API (or a failure to reach it: status 0). */
export class ApiError extends Error {
  constructor(status, code, message, fields = {}, retryAfter = null, field = null) {
    super(message);
    this.field = field || null;
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields || {};
    this.retryAfter = retryAfter;
  }
}

/** path with the query parameters that have a value (null, undefined and '' are left out). */
export function withQuery(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * request('PATCH', path, { body: {...} }) -> parsed JSON (or null).
 * Options: body, signal, headers (extra request headers), handle401 (default
 * true), raw: { type, data } to send data as it is with that Content-Type
 * instead of a JSON body. An error's parsed answer is its `body`.
 */
export async function request(method, path, { body, raw, signal, headers: extra, handle401 = true } = {}) {
  const headers = { ...extra, accept: 'application/json', 'accept-language': getLanguage() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (raw) headers['content-type'] = raw.type;
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: raw ? raw.data : body === undefined ? undefined : JSON.stringify(body),
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
    Number.isFinite(retry) ? retry : null, err.field);
  error.body = data;
  if (res.status === 401 && handle401 && unauthorizedHandler) unauthorizedHandler(error);
  if (res.status === 403 && error.code === 'two_step_setup_required' && twoStepHandler) twoStepHandler(error);
  throw error;
}

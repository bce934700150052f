/*
 * api/lists.js - the one shape of every list the server sends.
 *
 * A list endpoint answers {"<things>": [...], "next_cursor": null | "..."}
 * (plus members of its own, such as a total) and takes ?limit= and
 * ?cursor=. The client hands pages on as
 *
 *   { items, nextCursor, ...the other members }
 *
 * where a missing next_cursor means there is no more. page() asks for one
 * page; listAll() follows next_cursor until it is null, or until MAX_PAGES
 * pages have come (then nextCursor says where to go on, so a caller can
 * offer "Show more" rather than lose the rest). Both take cursor, so
 * listAll() also goes on from where an earlier call stopped.
 */
import { request, withQuery } from './http.js';

/** The most pages listAll() reads in one call, and their size (the server's most). */
const MAX_PAGES = 100;
const ALL_LIMIT = 500;

/** An answer of the list of key as a page: { items, nextCursor, ...extras }. */
export function toPage(answer, key) {
  const { [key]: items, next_cursor: next, ...extras } = answer || {};
  return { ...extras, items: Array.isArray(items) ? items : [], nextCursor: next || null };
}

/** One page of the list of key at path; params are the list's own query parameters. */
export async function page(path, key, { params = {}, limit, cursor, signal } = {}) {
  const answer = await request('GET', withQuery(path, { ...params, limit, cursor }), { signal });
  return toPage(answer, key);
}

/** Every item of the list (at most MAX_PAGES pages), with the first page's other members. */
export async function listAll(path, key, { params = {}, limit = ALL_LIMIT, cursor = null, signal } = {}) {
  let first = null;
  const items = [];
  let next = cursor;
  for (let n = 0; n < MAX_PAGES; n++) {
    const p = await page(path, key, { params, limit, cursor: next, signal });
    first = first || p;
    items.push(...p.items);
    next = p.nextCursor;
    if (!next) break;
  }
  return { ...first, items, nextCursor: next };
}

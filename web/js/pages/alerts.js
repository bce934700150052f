/*
 * alerts.js - alerts of every customer of a partner (/a/{id}/alerts).
 *
 * Filters for status, severity, type, customer and time (last seen within
 * a day, a week, 30 or 90 days), kept in the address (?status=&severity=
 * &type=&customer_id=&period=, device_id= from a device's page, raised= or
 * resolved= a day from the dashboard's chart), so
 * reloading, Back and Forward show the same list; "Load more" for the next
 * page (keyset pagination). One row per alert: its type in words with
 * what happened (threat, definitions date, offline since, service and
 * seats, discount decision), severity, status, customer and device (links),
 * last and first seen (relative, the exact time on hover) and how many
 * times it happened.
 *
 * Admins pick alerts (or every alert shown) and acknowledge, dismiss or
 * resolve them with an optional note; the answer says how many changed and
 * how many were left as they were. An alert's detail drawer (?alert=<id>)
 * shows everything about it, its note and who changed it last, and
 * changes it. Mutes: a type of alert for a customer until a time, with
 * the mutes in force and "End mute". Export CSV downloads what the
 * filters match (the server neutralises spreadsheet formulas). Viewers see
 * everything with the actions disabled, saying why.
 *
 * A company console's alerts are its own devices': a multi-tenant one
 * filters by site (?site_id=) and shows each alert's site where a partner
 * sees the customer; its mutes are the whole console's.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card, emptyState, accountCrumb } from '../components/ui.js';
import { table } from '../components/table.js';
import { pagedList, pager } from '../components/pagination.js';
import { field, banner } from '../components/form.js';
import { formDialog } from '../components/dialog.js';
import { openDrawer, topDrawer } from '../components/drawer.js';
import { toast } from '../components/toast.js';
import { icon } from '../components/icons.js';
import { t, plural, formatNumber, formatDateTime, formatDay, getLanguage } from '../i18n.js';
import { relativeTime } from '../devices.js';
import {
  TYPES, SEVERITIES, STATUSES, CHANGES, PERIODS, typeLabel, severityLabel, statusLabel, severityBadge, statusBadge,
  summary, facts, canSet, isClosed, periodFrom,
} from '../alerts.js';
import { customerPath, devicePath, alertsPath } from '../paths.js';
import { setLocation } from '../router.js';
import { isMultiTenant } from '../companies.js';

const PAGE = 50;
const KEYS = ['status', 'severity', 'type', 'customer_id', 'site_id', 'device_id', 'period', 'raised', 'resolved'];
/** Filters set from elsewhere (a device's page, the chart), shown as chips. */
const CHIPS = ['device_id', 'raised', 'resolved'];
/** The most ids one bulk request takes (the server's limit). */
const BULK_MAX = 500;
const MUTE_DAYS = 7;
const NOTE_MAX = 1000;

/** Tells the shell (its open-alert badge) and other views that alerts changed. */
export function alertsChanged(accountId) {
  window.dispatchEvent(new CustomEvent('steward:alerts-changed', { detail: { accountId } }));
}

function readQuery(query) {
  const f = {};
  for (const k of KEYS) f[k] = (query.get(k) || '').trim();
  if (!STATUSES.includes(f.status)) f.status = '';
  if (!SEVERITIES.includes(f.severity)) f.severity = '';
  if (!TYPES.includes(f.type)) f.type = '';
  if (!PERIODS[f.period]) f.period = '';
  for (const k of ['raised', 'resolved']) if (!/^\d{4}-\d{2}-\d{2}$/.test(f[k])) f[k] = '';
  return f;
}

/** A date-time input's value ("YYYY-MM-DDTHH:MM", local time) for date. */
function localInput(date) {
  const p = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}T${p(date.getHours())}:${p(date.getMinutes())}`;
}

export default async function alerts(ctx) {
  const { account, isAdmin } = ctx;
  // A company console: no customers; a multi-tenant one has sites.
  const company = account.kind === 'company';
  const multi = isMultiTenant(account);
  let filters = readQuery(ctx.query);
  if (company) filters.customer_id = '';
  else filters.site_id = '';
  let root = null;
  let drawer = null; // { ctl, id }
  const picked = new Set();
  const coll = new Intl.Collator(getLanguage());
  const [customerList, siteList, serviceList] = await Promise.all([
    company ? { items: [] } : api.customers.listAll(account.id),
    multi ? api.sites.listAll(account.id, null) : { items: [] },
    api.services.listAll().then((r) => r.items, (e) => { if (e.status === 401) throw e; return []; }),
  ]);
  const customers = customerList.items.slice().sort((a, b) => coll.compare(a.company, b.company));
  const sites = siteList.items;
  const services = new Map(serviceList.map((s) => [s.key, s.name]));

  const query = () => ({
    status: filters.status, severity: filters.severity, type: filters.type, customerId: filters.customer_id, siteId: filters.site_id,
    deviceId: filters.device_id, from: periodFrom(filters.period), raised: filters.raised, resolved: filters.resolved,
  });
  const list = pagedList((cursor, signal) => api.alerts.list(account.id, query(), { limit: PAGE, cursor, signal }), { onChange: draw });
  await list.load({ rethrow: true });

  const filtered = () => KEYS.some((k) => filters[k]);
  const viewOnlyId = 'alerts-view-only';

  // ---- the table ---------------------------------------------------------
  function alertHref(a) {
    return alertsPath(account.id, { ...filters, alert: a.id });
  }

  const columns = () => {
    const shown = list.items;
    const all = shown.length > 0 && shown.every((a) => picked.has(a.id));
    const check = {
      header: html`<input type="checkbox" data-ref="pickAll" aria-label="${t('alerts.pickAll')}" ?checked=${all}
        ?disabled=${!shown.length}>`,
      className: 'cell-check',
      cell: (a) => html`<input type="checkbox" data-pick="${a.id}" ?checked=${picked.has(a.id)}
        aria-label="${t('alerts.pick', { type: typeLabel(a.type), where: a.device_hostname || a.customer_name })}">`,
    };
    return [
      ...(isAdmin ? [check] : []),
      {
        header: t('alerts.col.alert'), rowHeader: true, cellClass: 'cell-main alert-main',
        cell: (a) => html`<a class="cell-link" href="${alertHref(a)}" data-open="${a.id}">${typeLabel(a.type)}</a>
          <span class="cell-sub alert-summary">${summary(a, services)}</span>`,
      },
      { header: t('alerts.col.severity'), cellClass: 'cell-nowrap', cell: (a) => severityBadge(a.severity) },
      { header: t('alerts.col.status'), cellClass: 'cell-nowrap', cell: (a) => statusBadge(a.status) },
      ...(company ? multi ? [{
        header: t('table.site'),
        cell: (a) => (a.site_id ? html`<a class="cell-text" href="${alertsPath(account.id, { site_id: a.site_id })}">${a.site_name}</a>`
          : html`<span class="muted">—</span>`),
      }] : [] : [{
        header: t('table.customer'),
        cell: (a) => html`<a class="cell-text" href="${customerPath(account.id, a.customer_id)}">${a.customer_name}</a>`,
      }]),
      {
        header: t('alerts.col.device'),
        cell: (a) => (a.device_id ? html`<a class="cell-text" href="${devicePath(account.id, a.device_id)}">${a.device_hostname || a.device_id}</a>`
          : html`<span class="muted" aria-label="${t('alerts.noDevice')}">—</span>`),
      },
      {
        header: t('alerts.col.seen'), cellClass: 'cell-nowrap',
        cell: (a) => html`${relativeTime(a.last_seen)}${a.first_seen !== a.last_seen
          ? html`<span class="cell-sub">${t('alerts.firstSeen')} ${relativeTime(a.first_seen)}</span>` : ''}`,
      },
      { header: t('alerts.col.count'), className: 'cell-num', cell: (a) => formatNumber(a.count) },
    ];
  };

  function rows() {
    if (list.error) {
      const e = list.error;
      return html`<div class="card-pad">${banner('error', e.message)}</div>`;
    }
    const empty = list.loading ? '' : filtered() ? emptyState({
      icon: 'search', title: t('alerts.noMatch.title'), text: t('alerts.noMatch.text'), compact: true, headingLevel: 3,
      action: html`<button type="button" class="btn btn-secondary btn-sm" data-ref="clearEmpty">${t('alerts.filters.clear')}</button>`,
    }) : emptyState({ icon: 'alerts', title: t('alerts.empty.title'), text: t('alerts.empty.text', { name: account.name }), headingLevel: 3 });
    return html`
      ${table({
        caption: t('alerts.caption'), columns: columns(), rows: list.items, key: (a) => a.id, empty,
        className: 'table-hover alerts-table', rowClass: (a) => (isClosed(a) ? 'alert-closed' : ''),
      })}
      ${pager(list, { onMore: () => list.more(root, { focus: 'a[data-open]' }) })}`;
  }

  function count() {
    if (!list.loaded) return '';
    const n = list.items.length;
    return list.next ? t('alerts.count.more', { n: formatNumber(n) }) : plural('alerts.count', n, { n: formatNumber(n) });
  }

  function selectionText() {
    if (!isAdmin) return t('alerts.viewOnly');
    return picked.size ? plural('alerts.selected', picked.size, { n: formatNumber(picked.size) }) : t('alerts.selectHint');
  }

  function drawToolbar() {
    const bar = root.querySelector('[data-ref="toolbar"]');
    if (!bar) return;
    bar.querySelector('[data-ref="selection"]').textContent = selectionText();
    for (const b of bar.querySelectorAll('[data-bulk]')) b.disabled = !isAdmin || !picked.size;
    const csv = bar.querySelector('[data-ref="csv"]');
    csv.href = api.alerts.csvHref(account.id, query());
  }

  function draw() {
    if (!root || !root.isConnected) return;
    // What is picked stays picked only while it is shown.
    for (const id of [...picked]) if (!list.items.some((a) => a.id === id)) picked.delete(id);
    root.querySelector('[data-ref="count"]').textContent = count();
    const box = root.querySelector('[data-ref="rows"]');
    render(box, rows());
    box.setAttribute('aria-busy', String(list.loading));
    box.querySelector('[data-ref="clearEmpty"]')?.addEventListener('click', clearAll);
    const clear = root.querySelector('[data-ref="clear"]');
    if (clear) clear.hidden = !filtered();
    drawToolbar();
  }

  function redrawKeepingFocus(selector) {
    draw();
    if (selector) root.querySelector(selector)?.focus();
  }

  // ---- filters -------------------------------------------------------------
  const select = (id, name, label, options, all, value) => field({
    id, label,
    input: html`<select class="input select" id="${id}" name="${name}">
      <option value="">${all}</option>
      ${options.map((o) => html`<option value="${o.value}" ?selected=${o.value === value}>${o.label}</option>`)}
    </select>`,
  });

  const chip = (key, text, drop) => html`<span class="filter-chip">${text}
      <button type="button" class="filter-chip-remove" data-drop="${key}" aria-label="${drop}">${icon('close')}</button></span>`;
  const deviceChip = () => {
    const host = list.items.find((a) => a.device_id === filters.device_id)?.device_hostname || filters.device_id;
    const day = (k) => formatDay(filters[k], 'medium');
    const chips = [
      filters.device_id ? chip('device_id', t('alerts.filter.deviceIs', { host }), t('alerts.filter.deviceDrop', { host })) : '',
      filters.raised ? chip('raised', t('alerts.filter.raisedOn', { day: day('raised') }), t('alerts.filter.dayDrop')) : '',
      filters.resolved ? chip('resolved', t('alerts.filter.resolvedOn', { day: day('resolved') }), t('alerts.filter.dayDrop')) : '',
    ].filter(Boolean);
    return chips.length ? html`<p class="filter-chip-row">${chips}</p>` : '';
  };

  const filterBar = () => html`
    <form class="device-filters alert-filters" novalidate role="search" aria-label="${t('alerts.filters')}">
      <div class="device-filter-grid alert-filter-grid">
        ${select('alerts-status', 'status', t('alerts.filter.status'), STATUSES.map((s) => ({ value: s, label: statusLabel(s) })),
          t('alerts.filter.status.all'), filters.status)}
        ${select('alerts-severity', 'severity', t('alerts.filter.severity'), SEVERITIES.map((s) => ({ value: s, label: severityLabel(s) })),
          t('alerts.filter.severity.all'), filters.severity)}
        ${select('alerts-type', 'type', t('alerts.filter.type'), TYPES.map((s) => ({ value: s, label: typeLabel(s) })),
          t('alerts.filter.type.all'), filters.type)}
        ${customers.length ? select('alerts-customer', 'customer_id', t('alerts.filter.customer'),
          customers.map((c) => ({ value: c.id, label: c.company })), t('alerts.filter.customer.all'), filters.customer_id) : ''}
        ${sites.length ? select('alerts-site', 'site_id', t('devices.filter.site'),
          sites.map((x) => ({ value: x.id, label: x.name })), t('devices.filter.site.all'), filters.site_id) : ''}
        ${select('alerts-period', 'period', t('alerts.filter.period'), Object.keys(PERIODS).map((p) => ({ value: p, label: t('alerts.period.' + p) })),
          t('alerts.filter.period.all'), filters.period)}
      </div>
      <div data-ref="chip">${deviceChip()}</div>
      <div class="device-filter-actions">
        <button type="button" class="btn btn-secondary btn-sm" data-ref="clear" ?hidden=${!filtered()}>${t('alerts.filters.clear')}</button>
      </div>
    </form>`;

  const toolbar = () => html`
    <div class="alert-toolbar" data-ref="toolbar">
      <p class="alert-selection" data-ref="selection" id="${isAdmin ? 'alerts-selection' : viewOnlyId}" aria-live="polite">${selectionText()}</p>
      <div class="alert-actions">
        ${CHANGES.map((s) => html`<button type="button" class="btn btn-secondary btn-sm" data-bulk="${s}" disabled
          aria-describedby="${isAdmin ? 'alerts-selection' : viewOnlyId}">${icon(s === 'acknowledged' ? 'eye' : s === 'dismissed' ? 'close' : 'check')}<span>${t('alerts.action.' + s)}</span></button>`)}
        <button type="button" class="btn btn-secondary btn-sm" data-ref="mutes">${icon('clock')}<span>${t('alerts.mutes')}</span></button>
        <a class="btn btn-secondary btn-sm" data-ref="csv" download="" href="${api.alerts.csvHref(account.id, query())}">${icon('download')}<span>${t('alerts.csv')}</span></a>
      </div>
    </div>`;

  /** Shows the list for next (a new history entry unless replace). */
  function apply(next, { replace = false } = {}) {
    if (KEYS.every((k) => next[k] === filters[k])) return;
    filters = next;
    picked.clear();
    setLocation(alertsPath(account.id, filters), { replace });
    render(root.querySelector('[data-ref="chip"]'), deviceChip());
    wireChip();
    list.restart();
  }

  function readForm(form) {
    const v = (n) => form.elements.namedItem(n)?.value.trim() ?? '';
    return { status: v('status'), severity: v('severity'), type: v('type'), customer_id: v('customer_id'), site_id: v('site_id'), device_id: filters.device_id, period: v('period'),
      raised: filters.raised, resolved: filters.resolved };
  }

  function clearAll() {
    const form = root.querySelector('form.alert-filters');
    for (const s of form.querySelectorAll('select')) s.value = '';
    apply(Object.fromEntries(KEYS.map((k) => [k, ''])));
    form.querySelector('select')?.focus();
  }

  function wireChip() {
    for (const b of root.querySelectorAll('[data-drop]')) {
      b.addEventListener('click', () => {
        apply({ ...filters, [b.dataset.drop]: '' });
        root.querySelector('form.alert-filters select')?.focus();
      });
    }
  }

  // ---- changes ---------------------------------------------------------------
  function replaceItem(a) {
    const i = list.items.findIndex((x) => x.id === a.id);
    if (i >= 0) list.items[i] = a;
  }

  const noteField = (id) => field({
    id, label: t('alerts.note'), optional: true, hint: t('alerts.note.hint'),
    input: html`<textarea class="input textarea" id="${id}" name="note" rows="3" maxlength="${String(NOTE_MAX)}" aria-describedby="${id + '-hint'}"></textarea>`,
  });

  async function bulk(status) {
    const ids = list.items.filter((a) => picked.has(a.id)).map((a) => a.id);
    if (!ids.length) return;
    let result = null;
    const ok = await formDialog({
      title: plural('alerts.bulk.title.' + status, ids.length, { n: formatNumber(ids.length) }),
      message: t('alerts.bulk.text.' + status),
      body: noteField('alerts-bulk-note'),
      confirm: t('alerts.action.' + status),
      async onConfirm(box) {
        const note = box.querySelector('textarea').value.trim();
        const r = { changed: 0, skipped: [] };
        for (let i = 0; i < ids.length; i += BULK_MAX) {
          const part = await api.alerts.bulk(account.id, ids.slice(i, i + BULK_MAX), status, note);
          r.changed += part.changed;
          r.skipped.push(...part.skipped);
        }
        result = r;
        return true;
      },
    });
    if (!ok || !result) return;
    const same = ids.length - result.changed - result.skipped.length;
    const parts = [plural('alerts.bulk.changed', result.changed, { n: formatNumber(result.changed) })];
    if (result.skipped.length) parts.push(plural('alerts.bulk.skipped', result.skipped.length, { n: formatNumber(result.skipped.length) }));
    if (same > 0) parts.push(plural('alerts.bulk.same', same, { n: formatNumber(same) }));
    toast(parts.join(t('alerts.bulk.sep')), { kind: result.skipped.length ? 'warning' : 'success' });
    picked.clear();
    alertsChanged(account.id);
    await list.load();
    // The button used is disabled now that nothing is picked: focus goes back to the selection.
    root?.querySelector('[data-ref="pickAll"]')?.focus();
  }

  // ---- the detail drawer -------------------------------------------------------
  function changeLine(a) {
    if (!a.changed) return t('alerts.detail.unchanged');
    const when = formatDateTime(a.changed.at);
    return a.changed.by ? t('alerts.detail.changedBy', { status: statusLabel(a.status), who: a.changed.by, date: when })
      : t('alerts.detail.changedBySteward', { status: statusLabel(a.status), date: when });
  }

  function drawerBody(a) {
    const rowsOf = [
      ...(company ? multi && a.site_id ? [[t('table.site'), a.site_name]] : [] : [[t('table.customer'), html`<a href="${customerPath(account.id, a.customer_id)}">${a.customer_name}</a>`]]),
      [t('alerts.col.device'), a.device_id ? html`<a href="${devicePath(account.id, a.device_id)}">${a.device_hostname || a.device_id}</a>` : '—'],
      ...facts(a, services),
      [t('alerts.detail.firstSeen'), html`<time datetime="${a.first_seen}">${formatDateTime(a.first_seen)}</time>`],
      [t('alerts.detail.lastSeen'), html`<time datetime="${a.last_seen}">${formatDateTime(a.last_seen)}</time>`],
      [t('alerts.col.count'), formatNumber(a.count)],
      ...(a.closed_at ? [[t('alerts.detail.closed'), html`<time datetime="${a.closed_at}">${formatDateTime(a.closed_at)}</time>`]] : []),
    ];
    const actions = ['acknowledged', 'dismissed', 'resolved', 'open'];
    return html`
      <div class="alert-detail">
        <p class="alert-detail-badges">${severityBadge(a.severity)} ${statusBadge(a.status)}</p>
        <p class="alert-detail-summary">${summary(a, services)}</p>
        <dl class="details details-stacked">${rowsOf.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>
        <section class="alert-detail-change" aria-labelledby="alert-change-h">
          <h3 class="section-title" id="alert-change-h">${t('alerts.detail.lastChange')}</h3>
          <p data-ref="changeLine">${changeLine(a)}</p>
          ${a.note ? html`<blockquote class="alert-note" data-ref="note">${a.note}</blockquote>` : ''}
        </section>
        <section class="alert-detail-actions" aria-labelledby="alert-actions-h">
          <h3 class="section-title" id="alert-actions-h">${t('alerts.detail.change')}</h3>
          ${!isAdmin ? html`<p class="view-only-note" id="alert-detail-viewonly">${icon('eye', 'hint-icon')}<span>${t('alerts.viewOnly')}</span></p>`
            : isClosed(a) ? html`<p class="muted" id="alert-detail-final">${t('alerts.detail.final')}</p>`
              : a.status === 'muted' ? html`<p class="muted" id="alert-detail-final">${t('alerts.detail.mutedHint')}</p>` : ''}
          ${isAdmin && !isClosed(a) ? noteField('alert-detail-note') : ''}
          <div class="alert-detail-buttons">
            ${actions.map((s) => {
              const allowed = isAdmin && canSet(a, s) && !(s === 'open' && a.status === 'open');
              const reason = !isAdmin ? 'alert-detail-viewonly' : isClosed(a) || a.status === 'muted' ? 'alert-detail-final' : '';
              return html`<button type="button" class="${s === 'resolved' ? 'btn btn-primary btn-sm' : 'btn btn-secondary btn-sm'}" data-set="${s}"
                ?disabled=${!allowed} aria-describedby="${reason}">${t('alerts.action.' + s)}</button>`;
            })}
            <button type="button" class="btn btn-secondary btn-sm" data-ref="muteThis"
              ?disabled=${!isAdmin} aria-describedby="${isAdmin ? '' : 'alert-detail-viewonly'}">${icon('clock')}<span>${t('alerts.muteThis')}</span></button>
          </div>
        </section>
      </div>`;
  }

  function fillDrawer(a) {
    if (!drawer) return;
    render(drawer.ctl.body, drawerBody(a));
    for (const b of drawer.ctl.body.querySelectorAll('[data-set]')) b.addEventListener('click', () => setOne(a, b.dataset.set));
    drawer.ctl.body.querySelector('[data-ref="muteThis"]')?.addEventListener('click', () => openMutes({ customer_id: a.customer_id, type: a.type }));
  }

  async function setOne(a, status) {
    const note = drawer?.ctl.body.querySelector('textarea')?.value.trim() || '';
    drawer?.ctl.setBusy(true);
    try {
      const next = await api.alerts.update(account.id, a.id, status, note);
      replaceItem(next);
      toast(t('alerts.changed.' + status, { type: typeLabel(next.type), where: next.device_hostname || next.customer_name }), { kind: 'success' });
      alertsChanged(account.id);
      draw();
      fillDrawer(next);
      drawer?.ctl.body.querySelector('[data-ref="changeLine"]')?.setAttribute('tabindex', '-1');
      drawer?.ctl.body.querySelector('[data-ref="changeLine"]')?.focus();
    } catch (e) {
      if (e.status !== 401) toast(e.message, { kind: 'error' });
      if (e.status === 409) {
        try { const fresh = await api.alerts.get(account.id, a.id); replaceItem(fresh); draw(); fillDrawer(fresh); } catch { /* keep it */ }
      }
    } finally {
      drawer?.ctl.setBusy(false);
    }
  }

  async function openAlert(id, { push = true } = {}) {
    if (drawer) return;
    let a = list.items.find((x) => x.id === id);
    if (!a) {
      try { a = await api.alerts.get(account.id, id); } catch (e) {
        if (e.status !== 401) toast(e.status === 404 ? t('alerts.notFound') : e.message, { kind: 'error' });
        setLocation(alertsPath(account.id, filters), { replace: true });
        return;
      }
    }
    // The address names the alert (a link to it opens it), in place of the list's entry.
    if (push) setLocation(alertsPath(account.id, { ...filters, alert: id }), { replace: true });
    const ctl = openDrawer({
      title: typeLabel(a.type),
      description: a.device_hostname ? t('alerts.detail.where', { company: a.customer_name, host: a.device_hostname }) : a.customer_name,
      body: html``,
      size: 'md',
      onClose() {
        drawer = null;
        // The row was drawn again meanwhile: focus returns to its link.
        if (!document.activeElement || document.activeElement === document.body) root?.querySelector(`a[data-open="${CSS.escape(id)}"]`)?.focus();
        if (new URLSearchParams(location.search).get('alert') === id) setLocation(alertsPath(account.id, filters), { replace: true });
      },
    });
    drawer = { ctl, id };
    // Following a link in it (the customer, the device) leaves the page: the drawer closes first.
    ctl.body.addEventListener('click', (e) => { if (e.target.closest('a[href]')) ctl.close({ force: true }); });
    fillDrawer(a);
    ctl.el.focus();
  }

  // ---- mutes -------------------------------------------------------------------
  async function openMutes(preset = {}) {
    let mutes = null;
    const now = new Date();
    const max = new Date(now.getTime() + 366 * 86400000);
    const until = new Date(now.getTime() + MUTE_DAYS * 86400000);
    const customerId = preset.customer_id || filters.customer_id || '';
    const type = preset.type || filters.type || '';
    // A company console's mutes are the whole company's.
    const disabled = !isAdmin || (company && !ctx.wholeAccount);
    const form = html`
      <form class="mute-form" novalidate data-ref="muteForm">
        ${disabled ? html`<p class="view-only-note" id="mute-viewonly">${icon('eye', 'hint-icon')}<span>${t(isAdmin ? 'company.mute.sitesOnly' : 'alerts.mute.viewOnly')}</span></p>` : ''}
        ${company ? html`<p class="muted small">${t('company.mute.whole', { name: account.name })}</p>` : field({
          id: 'mute-customer', label: t('alerts.mute.customer'),
          input: html`<select class="input select" id="mute-customer" name="customer_id" required ?disabled=${disabled}>
            <option value="">${t('alerts.mute.choose')}</option>
            ${customers.map((c) => html`<option value="${c.id}" ?selected=${c.id === customerId}>${c.company}</option>`)}
          </select>`,
        })}
        ${field({
          id: 'mute-type', label: t('alerts.mute.type'),
          input: html`<select class="input select" id="mute-type" name="type" required ?disabled=${disabled}>
            <option value="">${t('alerts.mute.choose')}</option>
            ${TYPES.map((ty) => html`<option value="${ty}" ?selected=${ty === type}>${typeLabel(ty)}</option>`)}
          </select>`,
        })}
        ${field({
          id: 'mute-until', label: t('alerts.mute.until'), hint: t('alerts.mute.until.hint', { days: formatNumber(MUTE_DAYS) }),
          input: html`<input class="input" type="datetime-local" id="mute-until" name="until" required ?disabled=${disabled}
            value="${localInput(until)}" min="${localInput(now)}" max="${localInput(max)}" aria-describedby="mute-until-hint">`,
        })}
        <p class="field-error" data-ref="muteError" role="alert" hidden></p>
        <div class="form-actions"><button type="submit" class="btn btn-primary btn-sm" ?disabled=${disabled}
          aria-describedby="${disabled ? 'mute-viewonly' : ''}">${t('alerts.mute.submit')}</button></div>
      </form>
      <section class="mute-list" aria-labelledby="mute-list-h">
        <h3 class="section-title" id="mute-list-h">${t('alerts.mute.inForce')}</h3>
        <div data-ref="muteList" aria-live="polite"><div class="page-loading" role="status"><span class="spinner"></span><span>${t('common.loading')}</span></div></div>
      </section>`;
    const ctl = openDrawer({
      title: t('alerts.mute.title'),
      description: t(company ? 'company.mute.description' : 'alerts.mute.description'),
      body: form,
      footer: html`<button type="button" class="btn btn-secondary" data-close>${t('common.close')}</button>`,
    });
    ctl.footer.querySelector('[data-close]').addEventListener('click', () => ctl.close());

    function drawMutes() {
      const box = ctl.body.querySelector('[data-ref="muteList"]');
      if (!box) return;
      if (mutes instanceof Error) { render(box, banner('error', mutes.message)); return; }
      if (!mutes.length) { render(box, html`<p class="muted">${t('alerts.mute.none')}</p>`); return; }
      render(box, html`<ul class="mute-items">
        ${mutes.map((m) => html`<li class="mute-item">
          <div class="mute-item-text">
            <span class="mute-item-title">${t('alerts.mute.item', { type: typeLabel(m.type), company: m.customer_name || m.customer_id })}</span>
            <span class="cell-sub">${t('alerts.mute.itemUntil', { date: formatDateTime(m.until) })}${m.created_by ? ' · ' + t('alerts.mute.itemBy', { who: m.created_by }) : ''}</span>
          </div>
          <button type="button" class="btn btn-secondary btn-sm" data-end="${m.id}" ?disabled=${disabled}
            aria-label="${t('alerts.mute.endFor', { type: typeLabel(m.type), company: m.customer_name || m.customer_id })}"
            aria-describedby="${disabled ? 'mute-viewonly' : ''}">${t('alerts.mute.end')}</button>
        </li>`)}
      </ul>`);
      for (const b of box.querySelectorAll('[data-end]')) {
        b.addEventListener('click', async () => {
          const m = mutes.find((x) => x.id === b.dataset.end);
          b.disabled = true;
          try {
            await api.alertMutes.remove(account.id, m.id);
            toast(t('alerts.mute.ended', { type: typeLabel(m.type), company: m.customer_name }), { kind: 'success' });
            alertsChanged(account.id);
            list.load();
            await loadMutes();
            ctl.body.querySelector('#mute-list-h')?.setAttribute('tabindex', '-1');
            ctl.body.querySelector('#mute-list-h')?.focus();
          } catch (e) {
            b.disabled = false;
            if (e.status !== 401) toast(e.message, { kind: 'error' });
          }
        });
      }
    }

    async function loadMutes() {
      try { mutes = (await api.alertMutes.listAll(account.id)).items; } catch (e) { if (e.status === 401) return; mutes = e; }
      drawMutes();
    }

    const f = ctl.body.querySelector('[data-ref="muteForm"]');
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (disabled) return;
      const err = f.querySelector('[data-ref="muteError"]');
      err.hidden = true;
      const cid = company ? null : f.elements.namedItem('customer_id').value;
      const ty = f.elements.namedItem('type').value;
      const u = f.elements.namedItem('until').value;
      const when = u ? new Date(u) : null;
      const problem = !cid && !company ? t('alerts.mute.needCustomer') : !ty ? t('alerts.mute.needType')
        : !when || Number.isNaN(when.getTime()) ? t('alerts.mute.needUntil') : when <= new Date() ? t('alerts.mute.future') : '';
      if (problem) { err.textContent = problem; err.hidden = false; return; }
      const button = f.querySelector('button[type="submit"]');
      button.disabled = true;
      try {
        const m = await api.alertMutes.create(account.id, cid, ty, when.toISOString().replace(/\.\d+Z$/, 'Z'));
        toast(t('alerts.mute.done', { type: typeLabel(m.type), company: m.customer_name, date: formatDateTime(m.until) }), { kind: 'success' });
        alertsChanged(account.id);
        list.load();
        await loadMutes();
      } catch (x) {
        if (x.status === 401) return;
        err.textContent = Object.values(x.fields || {})[0] || x.message;
        err.hidden = false;
      } finally {
        button.disabled = false;
      }
    });
    loadMutes();
  }

  return {
    title: t('nav.alerts'),
    description: t(company ? 'alerts.description.company' : 'alerts.description.partner'),
    breadcrumbs: [accountCrumb(account), { label: t('nav.alerts') }],
    body: html`
      ${isAdmin ? '' : html`<p class="view-only-note" role="status">${icon('eye', 'hint-icon')}<span>${t('alerts.viewOnly')}</span></p>`}
      ${card({
        title: t('alerts.all'),
        subtitle: html`<span data-ref="count" aria-live="polite"></span>`,
        flush: true,
        body: html`${filterBar()}${toolbar()}<div data-ref="rows"></div>`,
      })}`,
    mounted(el) {
      root = el.querySelector('.page-body');
      const form = root.querySelector('form.alert-filters');
      form.addEventListener('submit', (e) => { e.preventDefault(); apply(readForm(form)); });
      form.addEventListener('change', () => apply(readForm(form)));
      root.querySelector('[data-ref="clear"]').addEventListener('click', clearAll);
      wireChip();
      for (const b of root.querySelectorAll('[data-bulk]')) b.addEventListener('click', () => bulk(b.dataset.bulk));
      root.querySelector('[data-ref="mutes"]').addEventListener('click', () => openMutes());
      const rowsBox = root.querySelector('[data-ref="rows"]');
      rowsBox.addEventListener('click', (e) => {
        const a = e.target.closest('a[data-open]');
        if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        openAlert(a.dataset.open);
      });
      rowsBox.addEventListener('change', (e) => {
        const box = e.target;
        if (box.matches('[data-ref="pickAll"]')) {
          picked.clear();
          if (box.checked) for (const a of list.items) picked.add(a.id);
          redrawKeepingFocus('[data-ref="pickAll"]');
        } else if (box.matches('[data-pick]')) {
          if (box.checked) picked.add(box.dataset.pick); else picked.delete(box.dataset.pick);
          redrawKeepingFocus(`[data-pick="${CSS.escape(box.dataset.pick)}"]`);
        }
      });
      draw();
      // Back or Forward draws the page again: a drawer of this one closes.
      window.addEventListener('popstate', () => { if (drawer) drawer.ctl.close({ force: true }); }, { once: true });
      const want = ctx.query.get('alert');
      if (want && !topDrawer()) openAlert(want, { push: false });
    },
  };
}

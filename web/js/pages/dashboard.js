/*
 * dashboard.js - the top-level dashboard of an account (/a/{id}).
 *
 * A partner's dashboard shows the figures of GET .../dashboard, exact at
 * the moment (a user limited to chosen customers gets theirs): cards for
 * customers, devices protected / at risk / offline, open alerts by
 * severity and subscriptions ending soon, each figure a link to the list
 * it counts (devices?status=at_risk, alerts?status=open&severity=critical,
 * subscriptions?ending_within=30); a chart of the alerts raised and
 * resolved on each of the last 30 days (inline SVG, with its figures in a
 * table for screen readers); and a row per customer (GET
 * .../dashboard/customers) with its devices by status, open alerts by
 * severity and subscriptions, riskiest first or by name, searchable, with
 * "Load more" (sort and search kept in the address: ?sort=name&q=).
 *
 * A card says what it will count only while its figure is zero (an honest
 * empty state), never beside real figures. An operator's dashboard
 * overviews its partners instead; a company console has no figures yet.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { icon } from '../components/icons.js';
import { card, emptyState, statusDot, accountCrumb } from '../components/ui.js';
import { table } from '../components/table.js';
import { pagedList, pager } from '../components/pagination.js';
import { banner } from '../components/form.js';
import { addCustomerButton } from '../components/create-customer.js';
import { t, plural, formatNumber, formatDate, formatDay, getLanguage } from '../i18n.js';
import { childNoun, pagePath, customerPath, partnerPath, devicesPath, alertsPath, pathTo } from '../paths.js';
import { SEVERITIES, severityLabel, severityDot } from '../alerts.js';
import { setLocation } from '../router.js';

const ROWS = 25;

/** "4 Dec" / "12月4日" for a chart's axis, from "YYYY-MM-DD". */
function dayLabel(ymd) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd || '');
  if (!m) return ymd || '';
  return new Intl.DateTimeFormat(getLanguage(), { month: 'short', day: 'numeric', timeZone: 'UTC' })
    .format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
}

/** A country's name in the console's language, from its code. */
function countryName(code) {
  try { return new Intl.DisplayNames([getLanguage()], { type: 'region' }).of(code) || code; } catch { return code; }
}

/**
 * A figure (value, or parts with their own values) under its title. caption
 * describes the figure and is always shown; empty, the sentence of what the
 * card will count, only while the figure is zero. href (or a part's href)
 * makes the figure a link to the list it counts.
 */
function statCard({ iconName, title, value, href = '', caption = '', empty = '', parts = null, tone = '', key = '' }) {
  const zero = parts ? parts.every((p) => !p.value) : !value;
  const note = zero && empty ? empty : caption;
  const figure = (v, link, label) => (link
    ? html`<a href="${link}" aria-label="${label}">${formatNumber(v)}</a>` : formatNumber(v));
  return html`
    <section class="${'stat-card ' + tone}" data-card="${key}">
      <header class="stat-header">
        <span class="stat-icon">${icon(iconName)}</span>
        <h2 class="stat-title">${title}</h2>
      </header>
      ${parts ? html`
        <ul class="stat-parts">
          ${parts.map((p) => html`<li class="stat-part" data-part="${p.key || ''}">
            <span class="stat-part-value">${figure(p.value, p.href, `${title}: ${p.label} ${formatNumber(p.value)}`)}</span>
            <span class="stat-part-label">${statusDot(p.dot)}${p.label}</span>
          </li>`)}
        </ul>` : html`<p class="stat-value">${figure(value, href, `${title}: ${formatNumber(value)}`)}</p>`}
      ${note ? html`<p class="stat-note">${note}</p>` : ''}
    </section>`;
}

/**
 * Alerts raised and resolved on each of the last 30 days as pairs of bars,
 * with a title and description for screen readers and the figures in a
 * table beside it (visually hidden until a link in it has the focus). A
 * bar, or a figure in the table, opens the alerts raised or resolved that
 * day (UTC, as counted).
 */
function alertChart(accountId, days) {
  const dayHref = (day, kind) => alertsPath(accountId, { [kind]: day });
  const W = 720, H = 180, top = 12, bottom = 24, left = 32, right = 8;
  const max = Math.max(1, ...days.map((d) => Math.max(d.raised, d.resolved)));
  // A round scale: 1, 2, 5, 10, 20, 50, ...
  const steps = [1, 2, 5];
  let step = 1;
  for (let m = 1; ; m *= 10) {
    const s = steps.map((x) => x * m).find((x) => max / x <= 4);
    if (s) { step = s; break; }
  }
  const scaleMax = Math.ceil(max / step) * step;
  const plotH = H - top - bottom;
  const slot = (W - left - right) / Math.max(1, days.length);
  const bar = Math.max(2, Math.min(9, slot / 2 - 2));
  const y = (v) => top + plotH - (v / scaleMax) * plotH;
  const ticks = [];
  for (let v = 0; v <= scaleMax; v += step) ticks.push(v);
  const raised = days.reduce((n, d) => n + d.raised, 0);
  const resolved = days.reduce((n, d) => n + d.resolved, 0);
  const desc = t('dashboard.chart.desc', {
    raised: formatNumber(raised), resolved: formatNumber(resolved),
    from: days.length ? formatDay(days[0].day, 'medium') : '', to: days.length ? formatDay(days[days.length - 1].day, 'medium') : '',
  });
  const labelEvery = 7;
  return html`
    <figure class="alert-chart">
      <svg class="alert-chart-svg" viewBox="${`0 0 ${W} ${H}`}" role="img" aria-labelledby="alert-chart-title alert-chart-desc">
        <title id="alert-chart-title">${t('dashboard.chart.title')}</title>
        <desc id="alert-chart-desc">${desc}</desc>
        ${ticks.map((v) => html`<g class="chart-grid">
          <line x1="${String(left)}" x2="${String(W - right)}" y1="${String(y(v))}" y2="${String(y(v))}"></line>
          <text x="${String(left - 6)}" y="${String(y(v) + 4)}" text-anchor="end">${formatNumber(v)}</text>
        </g>`)}
        ${days.map((d, i) => {
          const x = left + i * slot + slot / 2;
          // Two links a day, each over its half of the day's column; out of
          // the tab order (the table below holds the same links for keys).
          return html`<g class="chart-day">
            <title>${t('dashboard.chart.day', { day: formatDay(d.day, 'medium'), raised: formatNumber(d.raised), resolved: formatNumber(d.resolved) })}</title>
            <a href="${dayHref(d.day, 'raised')}" tabindex="-1" class="chart-link" data-day="${d.day}" data-kind="raised">
              <rect class="chart-hit" x="${String(left + i * slot)}" y="${String(top)}" width="${String(slot / 2)}" height="${String(plotH)}"></rect>
              <rect class="chart-raised" x="${String(x - bar - 1)}" y="${String(y(d.raised))}" width="${String(bar)}" height="${String(Math.max(0, top + plotH - y(d.raised)))}"></rect>
            </a>
            <a href="${dayHref(d.day, 'resolved')}" tabindex="-1" class="chart-link" data-day="${d.day}" data-kind="resolved">
              <rect class="chart-hit" x="${String(x)}" y="${String(top)}" width="${String(slot / 2)}" height="${String(plotH)}"></rect>
              <rect class="chart-resolved" x="${String(x + 1)}" y="${String(y(d.resolved))}" width="${String(bar)}" height="${String(Math.max(0, top + plotH - y(d.resolved)))}"></rect>
            </a>
            ${(days.length - 1 - i) % labelEvery === 0 ? html`<text class="chart-label" x="${String(x)}" y="${String(H - 6)}" text-anchor="middle">${dayLabel(d.day)}</text>` : ''}
          </g>`;
        })}
      </svg>
      <figcaption class="chart-legend">
        <span><span class="legend-swatch swatch-raised" aria-hidden="true"></span>${t('dashboard.chart.raised')} <strong>${formatNumber(raised)}</strong></span>
        <span><span class="legend-swatch swatch-resolved" aria-hidden="true"></span>${t('dashboard.chart.resolved')} <strong>${formatNumber(resolved)}</strong></span>
      </figcaption>
      <table class="chart-table">
        <caption>${t('dashboard.chart.title')}</caption>
        <thead><tr><th scope="col">${t('dashboard.chart.dayCol')}</th><th scope="col">${t('dashboard.chart.raised')}</th><th scope="col">${t('dashboard.chart.resolved')}</th></tr></thead>
        <tbody>${days.map((d) => html`<tr><th scope="row">${formatDay(d.day)}</th>
          <td><a href="${dayHref(d.day, 'raised')}" aria-label="${t('dashboard.chart.raisedOn', { day: formatDay(d.day, 'medium'), n: formatNumber(d.raised) })}">${formatNumber(d.raised)}</a></td>
          <td><a href="${dayHref(d.day, 'resolved')}" aria-label="${t('dashboard.chart.resolvedOn', { day: formatDay(d.day, 'medium'), n: formatNumber(d.resolved) })}">${formatNumber(d.resolved)}</a></td></tr>`)}</tbody>
      </table>
    </figure>`;
}

/** The operator's partners, one row each. */
function partnerTable(account, partners) {
  return table({
    caption: t('dashboard.table.partners'),
    rows: partners,
    key: (p) => p.id,
    columns: [
      { header: t('table.partner'), rowHeader: true,
        cell: (p) => html`<a class="cell-link" href="${partnerPath(account.id, p.id)}">${p.name}</a>` },
      { header: t('table.customers'), className: 'cell-num', cell: (p) => formatNumber(p.customers) },
      { header: t('table.pendingReviews'), className: 'cell-num', cell: (p) => formatNumber(p.pending_applications) },
      { header: t('table.flexibleBilling'), cell: (p) => (p.flexible_billing ? t('partners.flexible.on') : t('partners.flexible.off')) },
      { header: t('table.created'), className: 'hide-narrow', cellClass: 'cell-nowrap', cell: (p) => formatDate(p.created_at, 'medium') },
    ],
  });
}

/** The page of an operator or a company console (no partner figures). */
async function otherDashboard(ctx) {
  const { account } = ctx;
  const noun = childNoun(account.kind);
  const [partners, pending] = account.kind === 'operator' ? (await Promise.all([
    api.operator.partners.listAll(), api.operator.applications.listAll({ status: 'pending' }),
  ])).map((r) => r.items) : [null, null];
  const cards = [statCard({
    iconName: noun === 'sites' ? 'sites' : 'customers',
    title: t('dashboard.card.' + noun),
    value: partners ? partners.length : 0,
    empty: t('dashboard.card.' + noun + '.note'),
  })];
  if (account.kind === 'operator') {
    const overdue = pending.filter((a) => a.overdue).length;
    cards.push(statCard({
      iconName: 'audit',
      title: t('dashboard.card.reviews'),
      value: pending.length,
      caption: overdue ? plural('review.overdueCount', overdue, { n: formatNumber(overdue) }) : t('dashboard.card.reviews.note'),
      empty: t('dashboard.card.reviews.none'),
      tone: overdue ? 'stat-alert' : '',
    }));
  } else {
    cards.push(
      statCard({ iconName: 'devices', title: t('dashboard.card.devices'), empty: t('dashboard.card.devices.note'),
        parts: [['protected', 'ok'], ['atRisk', 'danger'], ['offline', 'muted']].map(([k, dot]) => ({ value: 0, label: t('dashboard.devices.' + k), dot })) }),
      statCard({ iconName: 'alerts', title: t('dashboard.card.alerts'), empty: t('dashboard.card.alerts.note.' + noun),
        parts: SEVERITIES.map((s) => ({ value: 0, label: severityLabel(s), dot: severityDot(s) })) }),
      statCard({ iconName: 'clock', title: t('dashboard.card.ending'), value: 0, empty: t('dashboard.card.ending.none') }),
    );
  }
  const columns = {
    sites: ['table.site', 'table.devices', 'table.atRisk', 'table.openAlerts', 'table.installer'],
    partners: ['table.partner', 'table.customers', 'table.flexibleBilling', 'table.created'],
  }[noun].map((k) => t(k));
  return {
    title: t('nav.dashboard'),
    description: t('dashboard.description.' + noun, { name: account.name }),
    breadcrumbs: [accountCrumb(account), { label: t('nav.dashboard') }],
    body: html`
      <div class="${'stats-grid stats-' + cards.length}">${cards}</div>
      ${card({
        title: t('dashboard.table.' + noun),
        subtitle: t('dashboard.table.' + noun + '.subtitle'),
        flush: true,
        body: partners && partners.length ? partnerTable(account, partners) : table({
          caption: t('dashboard.table.' + noun),
          columns,
          emptyInTable: true,
          empty: emptyState({
            icon: noun === 'sites' ? 'sites' : 'customers', title: t('empty.' + noun + '.title'),
            text: t('empty.' + noun + '.dashboard'), compact: true, headingLevel: 3,
          }),
        }),
      })}`,
  };
}

export default async function dashboard(ctx) {
  const { account } = ctx;
  if (account.kind !== 'partner') return otherDashboard(ctx);
  const a = account.id;
  let sort = ctx.query.get('sort') === 'name' ? 'name' : 'risk';
  let q = (ctx.query.get('q') || '').trim();
  let root = null;

  const d = await api.dashboard.get(a);
  const rows = pagedList((cursor, signal) => api.dashboard.customers(a, { q, sort, limit: ROWS, cursor, signal }), { onChange: drawRows });
  await rows.load({ rethrow: true });
  const within = d.ending_within_days || 30;
  const admin = ctx.isAdmin && ctx.wholeAccount;

  const cards = [
    statCard({
      key: 'customers', iconName: 'customers', title: t('dashboard.card.customers'), value: d.customers,
      href: pagePath(a, 'customers'), empty: t('dashboard.card.customers.note'),
    }),
    statCard({
      key: 'devices', iconName: 'devices', title: t('dashboard.card.devices'),
      parts: [
        { key: 'protected', value: d.devices.protected, label: t('dashboard.devices.protected'), dot: 'ok', href: devicesPath(a, { status: 'protected' }) },
        { key: 'at_risk', value: d.devices.at_risk, label: t('dashboard.devices.atRisk'), dot: 'danger', href: devicesPath(a, { status: 'at_risk' }) },
        { key: 'offline', value: d.devices.offline, label: t('dashboard.devices.offline'), dot: 'muted', href: devicesPath(a, { status: 'offline' }) },
      ],
      empty: t('dashboard.card.devices.note'),
    }),
    statCard({
      key: 'alerts', iconName: 'alerts', title: t('dashboard.card.alerts'),
      parts: SEVERITIES.map((s) => ({
        key: s, value: d.alerts[s] || 0, label: severityLabel(s), dot: severityDot(s),
        href: alertsPath(a, { status: 'open', severity: s }),
      })),
      empty: t('dashboard.card.alerts.note.customers'),
      tone: d.alerts.critical ? 'stat-critical' : '',
    }),
    statCard({
      key: 'ending', iconName: 'clock', title: t('dashboard.card.ending'), value: d.subscriptions_ending,
      href: pathTo('subscriptions', { accountId: a }, { ending_within: String(within) }),
      caption: t('dashboard.card.ending.note', { days: formatNumber(within) }),
      empty: t('dashboard.card.ending.none', { days: formatNumber(within) }),
      tone: d.subscriptions_ending ? 'stat-warning' : '',
    }),
  ];

  // ---- the row per customer ------------------------------------------------
  const devicesCell = (c) => {
    if (!c.devices.total) return html`<span class="muted">0</span>`;
    const part = (status, n, label) => (n ? html`<a class="${'mini-count mini-' + status}" href="${devicesPath(a, { customer_id: c.customer_id, status })}"
      aria-label="${t('dashboard.row.devicesOf', { n: formatNumber(n), status: label, company: c.company })}">${statusDot(status === 'protected' ? 'ok' : status === 'at_risk' ? 'danger' : 'muted')}${formatNumber(n)}</a>` : '');
    return html`<a class="cell-text" href="${devicesPath(a, { customer_id: c.customer_id })}">${plural('dashboard.row.devices', c.devices.total, { n: formatNumber(c.devices.total) })}</a>
      <span class="mini-counts">${part('protected', c.devices.protected, t('dashboard.devices.protected'))}${part('at_risk', c.devices.at_risk, t('dashboard.devices.atRisk'))}${part('offline', c.devices.offline, t('dashboard.devices.offline'))}</span>`;
  };
  const alertsCell = (c) => {
    const open = SEVERITIES.filter((s) => c.alerts[s]);
    if (!open.length) return html`<span class="muted">${t('dashboard.row.noAlerts')}</span>`;
    return html`<span class="mini-counts">${open.map((s) => html`<a class="${'mini-count mini-sev-' + s}" href="${alertsPath(a, { status: 'open', severity: s, customer_id: c.customer_id })}"
      aria-label="${t('dashboard.row.alertsOf', { n: formatNumber(c.alerts[s]), severity: severityLabel(s), company: c.company })}"
      title="${severityLabel(s)}">${statusDot(severityDot(s))}${formatNumber(c.alerts[s])}<span class="mini-word">${severityLabel(s)}</span></a>`)}</span>`;
  };
  const subsCell = (c) => {
    const s = c.subscriptions || {};
    if (!s.active) return html`<span class="muted">0</span>`;
    return html`<a class="cell-text" href="${customerPath(a, c.customer_id, { tab: 'subscriptions' })}">${formatNumber(s.active)}</a>${s.ending
      ? html`<span class="cell-sub ending-soon">${plural('dashboard.row.ending', s.ending, { n: formatNumber(s.ending) })}</span>` : ''}`;
  };
  const columns = [
    {
      header: t('table.customer'), rowHeader: true, sort: sort === 'name' ? 'ascending' : undefined,
      cell: (c) => html`<a class="cell-link" href="${customerPath(a, c.customer_id)}">${c.company}</a>${c.country ? html`<span class="cell-sub">${countryName(c.country)}</span>` : ''}`,
    },
    { header: t('table.devices'), cell: devicesCell },
    { header: t('table.openAlerts'), cell: alertsCell },
    { header: t('table.subscriptions'), className: 'cell-num', cell: subsCell },
  ];

  function rowsBody() {
    if (rows.error) return html`<div class="card-pad">${banner('error', rows.error.message)}</div>`;
    const empty = rows.loading ? '' : q ? emptyState({
      icon: 'search', title: t('dashboard.rows.noMatch.title'), text: t('dashboard.rows.noMatch.text', { q }), compact: true, headingLevel: 3,
    }) : emptyState({
      icon: 'customers', title: t('empty.customers.title'), text: t('empty.customers.dashboard'), compact: true, headingLevel: 3,
      action: admin ? addCustomerButton(account) : '',
    });
    return html`
      ${table({
        caption: t('dashboard.table.customers'), columns, rows: rows.items, key: (c) => c.customer_id, empty,
        emptyInTable: !q && !rows.items.length, className: 'table-hover dashboard-table',
      })}
      ${pager(rows, { onMore: () => rows.more(root) })}`;
  }

  function drawRows() {
    const box = root?.querySelector('[data-ref="rows"]');
    if (!box || !box.isConnected) return;
    render(box, rowsBody());
    box.setAttribute('aria-busy', String(rows.loading));
  }

  function syncAddress() {
    const query = {};
    if (sort !== 'risk') query.sort = sort;
    if (q) query.q = q;
    setLocation(pathTo('dashboard', { accountId: a }, Object.keys(query).length ? query : null), { replace: true });
  }

  const tools = html`
    <div class="table-tools dashboard-tools">
      <div class="segmented segmented-sm" role="radiogroup" aria-label="${t('dashboard.rows.sort')}">
        ${['risk', 'name'].map((k) => html`<label class="segment"><input type="radio" name="dash-sort" value="${k}" ?checked=${k === sort}><span>${t('dashboard.rows.sort.' + k)}</span></label>`)}
      </div>
      <div class="search-box table-search" role="search">
        ${icon('search', 'search-icon')}
        <input type="search" class="search-input" name="q" autocomplete="off" spellcheck="false" value="${q}"
               aria-label="${t('dashboard.rows.search')}" placeholder="${t('dashboard.rows.search.placeholder')}">
      </div>
    </div>`;

  return {
    title: t('nav.dashboard'),
    description: t('dashboard.description.customers', { name: account.name }),
    breadcrumbs: [accountCrumb(account), { label: t('nav.dashboard') }],
    actions: admin ? addCustomerButton(account) : '',
    body: html`
      <div class="stats-grid stats-4">${cards}</div>
      ${card({
        title: t('dashboard.chart.title'),
        subtitle: t('dashboard.chart.subtitle'),
        aside: html`<a class="btn btn-secondary btn-sm" href="${pagePath(a, 'alerts')}">${t('dashboard.chart.toAlerts')}</a>`,
        className: 'chart-card',
        body: alertChart(a, d.alert_days || []),
      })}
      ${card({
        title: t('dashboard.table.customers'),
        subtitle: t('dashboard.table.customers.subtitle'),
        flush: true,
        body: html`<div class="subs-toolbar">${tools}</div><div data-ref="rows"></div>`,
      })}`,
    mounted(el) {
      root = el.querySelector('.page-body');
      for (const r of root.querySelectorAll('input[name="dash-sort"]')) {
        r.addEventListener('change', () => { sort = r.value; syncAddress(); rows.restart(); });
      }
      const search = root.querySelector('input[name="q"]');
      let timer = null;
      const go = () => { const v = search.value.trim(); if (v === q) return; q = v; syncAddress(); rows.restart(); };
      search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(go, 300); });
      search.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') { e.preventDefault(); clearTimeout(timer); go(); }
        if (e.key === 'Escape' && search.value) { e.preventDefault(); search.value = ''; clearTimeout(timer); go(); }
      });
      drawRows();
    },
  };
}

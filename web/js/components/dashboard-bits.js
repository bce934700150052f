/*
 * dashboard-bits.js - pieces of the top-level dashboards (a partner's and a
 * company console's): a card with a figure, and the chart of the alerts
 * raised and resolved on each of the last 30 days.
 *
 *   statCard({ iconName, title, value | parts, href, caption, empty, tone, key })
 *   deviceCard(accountId, devices, empty?), alertCard(accountId, alerts, empty)
 *   rowDevices(accountId, filter, devices, say), rowAlerts(accountId, filter, alerts, say)
 *       a row's cells (a customer's, a site's): filter the row's list filter
 *       ({ customer_id } or { site_id }); say(n, label) the words of a count
 *   alertChart(accountId, days)   days: [{ day, raised, resolved }]
 *   chartCard(accountId, days)    the chart in its card, with the way to the alerts
 *   drawRows(root, rows, body)    (re)draw a paged list of rows (pagedList)
 *       into root's [data-ref="rows"], body() its content; nothing once
 *       the page has gone
 */
import { html, render } from '../html.js';
import { icon } from './icons.js';
import { card, statusDot } from './ui.js';
import { t, plural, formatNumber, formatDay, getLanguage } from '../i18n.js';
import { alertsPath, devicesPath, pagePath } from '../paths.js';
import { SEVERITIES, severityLabel, severityDot } from '../alerts.js';

/** "4 Dec" / "12月4日" for a chart's axis, from "YYYY-MM-DD". */
function dayLabel(ymd) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd || '');
  if (!m) return ymd || '';
  return new Intl.DateTimeFormat(getLanguage(), { month: 'short', day: 'numeric', timeZone: 'UTC' })
    .format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
}

/**
 * A figure (value, or parts with their own values) under its title. caption
 * describes the figure and is always shown; empty, the sentence of what the
 * card will count, only while the figure is zero. href (or a part's href)
 * makes the figure a link to the list it counts.
 */
export function statCard({ iconName, title, value, href = '', caption = '', empty = '', parts = null, tone = '', key = '' }) {
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
export function alertChart(accountId, days) {
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


/**
 * Devices protected, at risk and offline, each a link to them (GET
 * .../dashboard's devices); empty: what the card says at zero (by default,
 * that the account has none).
 */
export function deviceCard(a, devices, empty = t('dashboard.card.devices.note')) {
  return statCard({
    key: 'devices', iconName: 'devices', title: t('dashboard.card.devices'),
    parts: [
      { key: 'protected', value: devices.protected, label: t('dashboard.devices.protected'), dot: 'ok', href: devicesPath(a, { status: 'protected' }) },
      { key: 'at_risk', value: devices.at_risk, label: t('dashboard.devices.atRisk'), dot: 'danger', href: devicesPath(a, { status: 'at_risk' }) },
      { key: 'offline', value: devices.offline, label: t('dashboard.devices.offline'), dot: 'muted', href: devicesPath(a, { status: 'offline' }) },
    ],
    empty,
  });
}

/** Open alerts by severity, each a link to them; empty: what the card says at zero. */
export function alertCard(a, alerts, empty) {
  return statCard({
    key: 'alerts', iconName: 'alerts', title: t('dashboard.card.alerts'),
    parts: SEVERITIES.map((s) => ({
      key: s, value: alerts[s] || 0, label: severityLabel(s), dot: severityDot(s),
      href: alertsPath(a, { status: 'open', severity: s }),
    })),
    empty,
    tone: alerts.critical ? 'stat-critical' : '',
  });
}

/** A row's devices: the total, and each status's count, as links to them. */
export function rowDevices(a, filter, devices, say) {
  if (!devices.total) return html`<span class="muted">0</span>`;
  const part = (status, n, label) => (n ? html`<a class="${'mini-count mini-' + status}" href="${devicesPath(a, { ...filter, status })}"
    aria-label="${say(formatNumber(n), label)}">${statusDot(status === 'protected' ? 'ok' : status === 'at_risk' ? 'danger' : 'muted')}${formatNumber(n)}</a>` : '');
  return html`<a class="cell-text" href="${devicesPath(a, filter)}">${plural('dashboard.row.devices', devices.total, { n: formatNumber(devices.total) })}</a>
    <span class="mini-counts">${part('protected', devices.protected, t('dashboard.devices.protected'))}${part('at_risk', devices.at_risk, t('dashboard.devices.atRisk'))}${part('offline', devices.offline, t('dashboard.devices.offline'))}</span>`;
}

/** A row's open alerts by severity, as links to them. */
export function rowAlerts(a, filter, alerts, say) {
  const open = SEVERITIES.filter((s) => alerts[s]);
  if (!open.length) return html`<span class="muted">${t('dashboard.row.noAlerts')}</span>`;
  return html`<span class="mini-counts">${open.map((s) => html`<a class="${'mini-count mini-sev-' + s}" href="${alertsPath(a, { status: 'open', severity: s, ...filter })}"
    aria-label="${say(formatNumber(alerts[s]), severityLabel(s))}"
    title="${severityLabel(s)}">${statusDot(severityDot(s))}${formatNumber(alerts[s])}<span class="mini-word">${severityLabel(s)}</span></a>`)}</span>`;
}

/** The chart of alerts raised and resolved in its card. */
export function chartCard(a, days) {
  return card({
    title: t('dashboard.chart.title'),
    subtitle: t('dashboard.chart.subtitle'),
    aside: html`<a class="btn btn-secondary btn-sm" href="${pagePath(a, 'alerts')}">${t('dashboard.chart.toAlerts')}</a>`,
    className: 'chart-card',
    body: alertChart(a, days || []),
  });
}

/** Draw the rows' list into root's [data-ref="rows"] (not once gone). */
export function drawRows(root, rows, body) {
  const box = root?.querySelector('[data-ref="rows"]');
  if (!box || !box.isConnected) return;
  render(box, body());
  box.setAttribute('aria-busy', String(rows.loading));
}

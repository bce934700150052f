/*
 * alerts.js - alerts of every customer (/a/{id}/alerts), by status: open,
 * acknowledged, muted, dismissed, resolved. The status tabs follow the WAI-ARIA
 * tabs pattern (arrow keys, Home, End).
 */
import { html, render } from '../html.js';
import { card, emptyState, accountCrumb } from '../components/ui.js';
import { table } from '../components/table.js';
import { t } from '../i18n.js';

const STATUSES = ['open', 'acknowledged', 'muted', 'dismissed', 'resolved'];

export default function alerts({ account }) {
  const partner = account.kind === 'partner';
  const columns = ['table.severity', 'table.alert', partner ? 'table.customer' : 'table.site', 'table.device',
    'table.firstSeen', 'table.lastSeen', 'table.count'].map((k) => t(k));
  let current = 'open';

  function panel(status) {
    return table({
      emptyInTable: true,
      caption: t('alerts.status.' + status),
      columns,
      empty: emptyState({
        icon: 'alerts',
        title: t('empty.alerts.title.' + status),
        text: t('empty.alerts.text.' + status + (status === 'open' ? (partner ? '.partner' : '.company') : '')),
        headingLevel: 3,
      }),
    });
  }

  function select(root, status, focus) {
    current = status;
    for (const tab of root.querySelectorAll('[role="tab"]')) {
      const on = tab.dataset.status === status;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      if (on && focus) tab.focus();
    }
    const p = root.querySelector('#alerts-panel');
    p.setAttribute('aria-labelledby', 'alerts-tab-' + status);
    render(p, panel(status));
  }

  return {
    title: t('nav.alerts'),
    description: t('alerts.description.' + (partner ? 'partner' : 'company')),
    breadcrumbs: [accountCrumb(account), { label: t('nav.alerts') }],
    body: html`${card({
      title: '',
      flush: true,
      body: html`
        <div class="tabs" role="tablist" aria-label="${t('alerts.byStatus')}">
          ${STATUSES.map((s) => html`
            <button type="button" role="tab" class="tab" id="${'alerts-tab-' + s}" data-status="${s}"
                    aria-controls="alerts-panel" aria-selected="${s === current ? 'true' : 'false'}"
                    tabindex="${s === current ? '0' : '-1'}">
              <span>${t('alerts.status.' + s)}</span><span class="count-pill">0</span>
            </button>`)}
        </div>
        <div id="alerts-panel" role="tabpanel" aria-labelledby="alerts-tab-open">${panel(current)}</div>`,
    })}`,
    mounted(el) {
      const list = el.querySelector('[role="tablist"]');
      list.addEventListener('click', (e) => {
        const tab = e.target.closest('[role="tab"]');
        if (tab) select(el, tab.dataset.status, false);
      });
      list.addEventListener('keydown', (e) => {
        const i = STATUSES.indexOf(current);
        let n = null;
        if (e.key === 'ArrowRight') n = (i + 1) % STATUSES.length;
        else if (e.key === 'ArrowLeft') n = (i - 1 + STATUSES.length) % STATUSES.length;
        else if (e.key === 'Home') n = 0;
        else if (e.key === 'End') n = STATUSES.length - 1;
        if (n !== null) { e.preventDefault(); select(el, STATUSES[n], true); }
      });
    },
  };
}

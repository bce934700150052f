/*
 * customer.js - one customer of a partner (/a/{id}/customers/{customer_id}).
 *
 * The header names the company (breadcrumbs back to the account and its
 * customers) with Installer (components/installer-dialog.js) and Edit
 * details for admins. The main column has the customer's own pages as tabs -
 * Subscriptions (first), Devices (its devices, a page at a time, or how to
 * enrol the first), Sites (components/sites-panel.js), Alerts (its alerts,
 * newest first, each opening in the Alerts page) and Policies -
 * each with what it holds or a specific empty state; ?tab= keeps
 * the chosen tab across reloads. The Subscriptions tab is
 * components/subscription-panel.js (one box per service, trials, codes,
 * pay-as-you-go), built once per page so it keeps its state across tabs. The Policies tab is
 * components/local-policies.js (local and assigned global policies, the
 * default per platform, new, make default and delete). The side column has the details (contact,
 * e-mail, phone, website, address, industry, management) and the segment
 * discount application with its status. A customer of another partner, or
 * none at all, is not found.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card, emptyState, accountCrumb } from '../components/ui.js';
import { table } from '../components/table.js';
import { managementBadge, discountBadge } from '../components/customer-bits.js';
import { openEditCustomer } from '../components/edit-customer.js';
import { icon } from '../components/icons.js';
import { t, plural, formatDate, formatDay, formatNumber } from '../i18n.js';
import { pagePath, devicePath, devicesPath, alertsPath } from '../paths.js';
import notFound from './not-found.js';
import {
  industryLabel, segmentLabel, displayPhone, displayWebsite, websiteHref, addressLines, placeText,
  customersChanged,
} from '../customers.js';
import { refresh, navigate } from '../router.js';
import { toast } from '../components/toast.js';
import { localPolicies } from '../components/local-policies.js';
import { subscriptionPanel } from '../components/subscription-panel.js';
import { sitesPanel } from '../components/sites-panel.js';
import { openInstaller } from '../components/installer-dialog.js';
import { deleteByName } from '../components/delete-by-name.js';
import { pagedList, pager } from '../components/pagination.js';
import { deviceColumns, deviceEmpty } from './devices.js';
import { relativeTime } from '../devices.js';
import { typeLabel as alertTypeLabel, summary as alertSummary, severityBadge, statusBadge as alertStatusBadge } from '../alerts.js';

const TABS = ['subscriptions', 'devices', 'sites', 'alerts', 'policies'];
const DEVICE_PAGE = 25;
const ALERT_PAGE = 25;

export default async function customerPage(ctx) {
  const { account, isAdmin, customerId } = ctx;
  // Deleting a customer needs an admin role over the whole account.
  const canDelete = isAdmin && ctx.wholeAccount;
  let customer;
  try {
    customer = await api.customers.get(account.id, customerId);
  } catch (e) {
    if (e.status === 404) return notFound(ctx);
    throw e;
  }
  const wanted = ctx.query.get('tab');
  let current = TABS.includes(wanted) ? wanted : 'subscriptions';
  // The Subscriptions tab keeps its state (and a code being typed) across tab changes.
  const subs = subscriptionPanel({ account, customer, isAdmin });
  // The Policies tab keeps its list; its count follows every load.
  const policiesTab = localPolicies({
    account, customer, isAdmin,
    onCount: (n) => { const pill = document.querySelector('#customer-tab-policies .count-pill'); if (pill) pill.textContent = String(n); },
  });
  // The Sites tab keeps its list; the Devices tab loads its first page when first shown.
  const sitesTab = sitesPanel({ account, customer, isAdmin, onChanged: () => reloadDevices() });
  let sitesLoaded = false;
  let panelRoot = null;
  const deviceList = pagedList((cursor, signal) => api.devices.list(account.id, { customerId: customer.id, limit: DEVICE_PAGE, cursor, signal }),
    { onChange: () => drawDevices() });
  const alertList = pagedList((cursor, signal) => api.alerts.list(account.id, { customerId: customer.id }, { limit: ALERT_PAGE, cursor, signal }),
    { onChange: () => drawAlerts() });

  function panel(tab) {
    if (tab === 'subscriptions') return html`<div data-ref="subsHost"></div>`;
    if (tab === 'devices') return html`<div data-ref="devicesHost">${devicesPanel()}</div>`;
    if (tab === 'sites') return html`<div data-ref="sitesHost"></div>`;
    if (tab === 'alerts') return html`<div data-ref="alertsHost">${alertsPanel()}</div>`;
    return html`<div data-ref="policiesHost"></div>`;
  }

  function devicesPanel() {
    if (deviceList.error) return html`<div class="card-pad"><p class="muted">${deviceList.error.message}</p></div>`;
    if (!deviceList.loaded) return html`<div class="page-loading" role="status"><span class="spinner"></span><span>${t('common.loading')}</span></div>`;
    const company = customer.company;
    const installer = isAdmin ? html`<button type="button" class="btn btn-primary btn-sm" data-ref="installer">${icon('download')}<span>${t('installer.open')}</span></button>` : '';
    if (!deviceList.items.length) {
      return deviceEmpty({ account, isAdmin, company, action: installer });
    }
    return html`
      <div class="panel-toolbar">
        <p class="panel-toolbar-text">${t('customer.devices.intro', { company })}</p>
        <div class="panel-toolbar-actions">
          <a class="btn btn-secondary btn-sm" href="${devicesPath(account.id, { customer_id: customer.id })}">${icon('search')}<span>${t('customer.devices.filter')}</span></a>
          ${installer}
        </div>
      </div>
      ${table({
        caption: t('customer.devices.caption', { company }), columns: deviceColumns(account, { compact: true }), rows: deviceList.items,
        key: (d) => d.id, className: 'table-hover devices-table', href: (d) => devicePath(account.id, d.id),
      })}
      ${pager(deviceList, { onMore: () => deviceList.more(panelRoot) })}`;
  }

  /** The customer's alerts, newest first, each opening in the Alerts page's detail view. */
  function alertsPanel() {
    if (alertList.error) return html`<div class="card-pad"><p class="muted">${alertList.error.message}</p></div>`;
    if (!alertList.loaded) return html`<div class="page-loading" role="status"><span class="spinner"></span><span>${t('common.loading')}</span></div>`;
    const company = customer.company;
    if (!alertList.items.length) {
      return emptyState({ icon: 'alerts', title: t('customer.empty.alerts.title'), text: t('customer.empty.alerts.text', { company }), headingLevel: 3 });
    }
    return html`
      <div class="panel-toolbar">
        <p class="panel-toolbar-text">${t('customer.alerts.intro', { company })}</p>
        <div class="panel-toolbar-actions">
          <a class="btn btn-secondary btn-sm" href="${alertsPath(account.id, { customer_id: customer.id })}">${icon('alerts')}<span>${t('customer.alerts.all')}</span></a>
        </div>
      </div>
      ${table({
        caption: t('customer.alerts.caption', { company }), rows: alertList.items, key: (a) => a.id, className: 'table-hover alerts-table',
        href: (a) => alertsPath(account.id, { customer_id: customer.id, alert: a.id }),
        columns: [
          {
            header: t('alerts.col.alert'), rowHeader: true,
            cell: (a) => html`<a class="cell-link" href="${alertsPath(account.id, { customer_id: customer.id, alert: a.id })}">${alertTypeLabel(a.type)}</a>
              <span class="cell-sub alert-summary">${alertSummary(a)}</span>`,
          },
          { header: t('alerts.col.severity'), cellClass: 'cell-nowrap', cell: (a) => severityBadge(a.severity) },
          { header: t('alerts.col.status'), cellClass: 'cell-nowrap', cell: (a) => alertStatusBadge(a.status) },
          {
            header: t('alerts.col.device'),
            cell: (a) => (a.device_id ? html`<a class="cell-text" href="${devicePath(account.id, a.device_id)}">${a.device_hostname || a.device_id}</a>` : html`<span class="muted">—</span>`),
          },
          { header: t('alerts.col.seen'), cellClass: 'cell-nowrap', cell: (a) => relativeTime(a.last_seen) },
        ],
      })}
      ${pager(alertList, { onMore: () => alertList.more(panelRoot) })}`;
  }

  function drawAlerts() {
    const host = panelRoot?.querySelector('[data-ref="alertsHost"]');
    if (host && current === 'alerts') render(host, alertsPanel());
  }

  function drawDevices() {
    const host = panelRoot?.querySelector('[data-ref="devicesHost"]');
    if (host && current === 'devices') render(host, devicesPanel());
  }

  function reloadDevices() {
    if (deviceList.loaded || deviceList.loading) deviceList.load();
    customer = { ...customer };
  }

  function address(c) {
    return html`<span class="address">${addressLines(c, c.country_name || c.country).map((l) => html`<span class="address-line">${l}</span>`)}</span>`;
  }

  function detailsCard() {
    const c = customer;
    const href = websiteHref(c.website);
    return card({
      title: t('customer.details'),
      className: 'details-card',
      body: html`
        <dl class="details details-stacked">
          <div><dt>${t('customer.field.contact')}</dt><dd>${c.contact_person}</dd></div>
          <div><dt>${t('customer.email')}</dt><dd><a href="${'mailto:' + c.email}" data-native>${c.email}</a></dd></div>
          <div><dt>${t('customer.field.phone')}</dt><dd><a href="${'tel:' + c.phone}" data-native>${displayPhone(c)}</a></dd></div>
          <div><dt>${t('customer.field.website')}</dt><dd>${href
            ? html`<a href="${href}" target="_blank" rel="noopener noreferrer nofollow" class="external">${displayWebsite(c.website)}${icon('external', 'external-icon')}<span class="visually-hidden">${t('common.newTab')}</span></a>`
            : c.website}</dd></div>
          <div><dt>${t('customer.address')}</dt><dd>${address(c)}</dd></div>
          <div><dt>${t('customer.field.industry')}</dt><dd>${industryLabel(c.industry)}</dd></div>
          <div><dt>${t('customer.management')}</dt><dd>${managementBadge(c.management)}</dd></div>
          ${c.device_count !== undefined ? html`<div><dt>${t('table.devices')}</dt><dd><a href="${devicesPath(account.id, { customer_id: c.id })}">${plural('customer.deviceCount', c.device_count, { n: formatNumber(c.device_count) })}</a></dd></div>` : ''}
          <div><dt>${t('customer.created')}</dt><dd>${formatDate(c.created_at)}</dd></div>
        </dl>
        ${isAdmin ? '' : html`<p class="muted small view-only">${icon('lock', 'hint-icon')}<span>${t('customer.viewOnly')}</span></p>`}`,
    });
  }

  function discountCard() {
    const sd = customer.segment_discount;
    if (!sd) return '';
    const segment = segmentLabel(sd.segment);
    let text;
    if (sd.status === 'pending') text = t('discount.pending.text', { segment, date: formatDate(sd.applied_at), due: formatDay(sd.due_on) });
    else if (sd.status === 'approved') text = t('discount.approved.text', { segment, date: formatDate(sd.decided_at), percent: sd.percent ?? 0 });
    else text = t('discount.rejected.text', { segment, date: formatDate(sd.decided_at) });
    return card({
      title: t('discount.title'),
      className: 'discount-card',
      aside: discountBadge(sd),
      body: html`
        <p class="discount-segment"><span class="muted">${t('discount.segment')}</span> <strong>${segment}</strong></p>
        <p class="discount-text">${text}</p>
        ${sd.status !== 'pending' && sd.note ? html`<blockquote class="discount-note"><p class="muted small">${t('discount.note')}</p><p>${sd.note}</p></blockquote>` : ''}
        ${sd.status === 'approved' && sd.note ? html`<p class="muted small">${sd.note}</p>` : ''}`,
    });
  }

  function select(root, tab, focus) {
    current = tab;
    for (const el of root.querySelectorAll('[role="tab"]')) {
      const on = el.dataset.tab === tab;
      el.setAttribute('aria-selected', String(on));
      el.tabIndex = on ? 0 : -1;
      if (on && focus) el.focus();
    }
    const p = root.querySelector('#customer-panel');
    p.setAttribute('aria-labelledby', 'customer-tab-' + tab);
    render(p, panel(tab));
    mountSubs(p);
    mountTabs(p);
    const url = new URL(location.href);
    if (tab === 'subscriptions') url.searchParams.delete('tab'); else url.searchParams.set('tab', tab);
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }

  function mountTabs(p) {
    const host = p.querySelector('[data-ref="sitesHost"]');
    if (host) {
      host.replaceWith(sitesTab.el);
      if (!sitesLoaded) { sitesLoaded = true; sitesTab.load(); }
    }
    p.querySelector('[data-ref="policiesHost"]')?.replaceWith(policiesTab.el);
    if (current === 'devices' && !deviceList.loaded && !deviceList.loading) deviceList.load();
    if (current === 'alerts' && !alertList.loaded && !alertList.loading) alertList.load();
  }

  function mountSubs(p) {
    const host = p.querySelector('[data-ref="subsHost"]');
    if (!host) return;
    host.replaceWith(subs.el);
    subs.load();
  }

  function edit() {
    openEditCustomer({
      account,
      customer,
      onSaved(updated) {
        customer = { ...customer, ...updated };
        refresh();
      },
    });
  }

  async function remove() {
    const until = formatDate(Date.now() + 30 * 86400e3);
    const ok = await deleteByName({
      title: t('deletion.customer.title', { company: customer.company }),
      message: t('deletion.customer.message', { date: until }),
      name: customer.company,
      label: t('deletion.customer.typeName', { company: customer.company }),
      confirm: t('deletion.customer.action'),
      run: (typed) => api.customers.remove(account.id, customer.id, typed),
    });
    if (!ok) return;
    toast(t('deletion.customer.deleted', { company: customer.company, date: until }), { kind: 'success' });
    customersChanged(account.id);
    navigate(pagePath(account.id, 'deletedCustomers'));
  }

  const sub = [customer.email, placeText(customer)].filter(Boolean).join(' · ');

  return {
    title: customer.company,
    description: sub,
    breadcrumbs: [accountCrumb(account), { label: t('nav.customers'), href: pagePath(account.id, 'customers') }, { label: customer.company }],
    actions: isAdmin ? html`<button type="button" class="btn btn-secondary" data-ref="headerInstaller" @click=${() => openInstaller({ account, customer })}>${icon('download')}<span>${t('installer.open')}</span></button>
      <button type="button" class="btn btn-secondary" @click=${edit}>${icon('edit')}<span>${t('customer.edit')}</span></button>
      ${canDelete ? html`<button type="button" class="btn btn-danger-outline" data-ref="deleteCustomer" @click=${remove}>${icon('trash')}<span>${t('deletion.customer.action')}</span></button>` : ''}` : '',
    body: html`
      ${customer.segment_discount ? html`<div class="header-badges">${discountBadge(customer.segment_discount, { withDue: true })}
        <span class="muted small">${t('discount.segmentOf', { segment: segmentLabel(customer.segment_discount.segment) })}</span></div>` : ''}
      <div class="record-layout">
        <div class="record-main">
          <section class="card">
            <div class="tabs" role="tablist" aria-label="${t('customer.tabs')}">
              ${TABS.map((tab) => html`
                <button type="button" role="tab" class="tab" id="${'customer-tab-' + tab}" data-tab="${tab}"
                        aria-controls="customer-panel" aria-selected="${tab === current ? 'true' : 'false'}"
                        tabindex="${tab === current ? '0' : '-1'}">
                  ${icon(tab)}<span>${t('customer.tab.' + tab)}</span>
                  ${tab === 'policies' ? html`<span class="count-pill">${String(customer.policies?.length ?? 0)}</span>` : ''}
                  ${tab === 'devices' && customer.device_count !== undefined ? html`<span class="count-pill">${formatNumber(customer.device_count)}</span>` : ''}
                </button>`)}
            </div>
            <div id="customer-panel" role="tabpanel" tabindex="0" aria-labelledby="${'customer-tab-' + current}">${panel(current)}</div>
          </section>
        </div>
        <aside class="record-aside" aria-label="${t('customer.details')}">
          ${detailsCard()}
          ${discountCard()}
        </aside>
      </div>`,
    mounted(el) {
      const list = el.querySelector('[role="tablist"]');
      list.addEventListener('click', (e) => {
        const tab = e.target.closest('[role="tab"]');
        if (tab) select(el, tab.dataset.tab, false);
      });
      list.addEventListener('keydown', (e) => {
        const i = TABS.indexOf(current);
        let n = null;
        if (e.key === 'ArrowRight') n = (i + 1) % TABS.length;
        else if (e.key === 'ArrowLeft') n = (i - 1 + TABS.length) % TABS.length;
        else if (e.key === 'Home') n = 0;
        else if (e.key === 'End') n = TABS.length - 1;
        if (n !== null) { e.preventDefault(); select(el, TABS[n], true); }
      });
      const panelEl = el.querySelector('#customer-panel');
      panelRoot = panelEl;
      mountSubs(panelEl);
      mountTabs(panelEl);
      panelEl.addEventListener('click', (e) => {
        if (e.target.closest('[data-ref="installer"]')) openInstaller({ account, customer });
      });
      policiesTab.load();
    },
  };
}

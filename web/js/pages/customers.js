/*
 * customers.js - a partner's customers (/a/{id}/customers): a search box
 * (the server's q: company, e-mail, contact person or phone), the total,
 * one row per customer with its contact, country, industry, management
 * mode, devices and creation date, sorted by name, country or creation date either
 * way (the column headers are buttons; aria-sort says the order), and
 * "Load more" for the next page (keyset pagination). A click anywhere on a
 * row opens the customer; the name stays a real link for keyboards. Admins
 * of the whole account add customers with + Customer, or many at once from
 * a CSV file with Import (import-customers.js); Deleted customers leads to
 * those deleted in the last 30 days (pages/deleted-customers.js).
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card, emptyState, accountCrumb } from '../components/ui.js';
import { table } from '../components/table.js';
import { pagedList, pager } from '../components/pagination.js';
import { managementBadge } from '../components/customer-bits.js';
import { addCustomerButton } from '../components/create-customer.js';
import { importCustomersButton } from '../components/import-customers.js';
import { icon } from '../components/icons.js';
import { banner } from '../components/form.js';
import { t, plural, formatNumber, formatDate } from '../i18n.js';
import { industryLabel, displayPhone, onCustomersChanged } from '../customers.js';
import { customerPath, devicesPath, pagePath } from '../paths.js';

const PAGE = 25;

export default async function customers({ account, isAdmin: admin, wholeAccount }) {
  // Creating customers needs a role in the whole account.
  const isAdmin = admin && wholeAccount;
  let q = '';
  // The order: a column key, '-' before it for the other way.
  let sort = 'name';
  let root = null;
  const list = pagedList((cursor, signal) => api.customers.list(account.id, { q, sort, limit: PAGE, cursor, signal }),
    { onChange: draw });
  await list.load({ rethrow: true });
  const everEmpty = !list.items.length;
  const total = () => list.extras.total ?? list.items.length;

  const order = (key) => (sort === key ? 'ascending' : sort === '-' + key ? 'descending' : null);
  /** A column header that sorts the list by key (again: the other way). */
  const sortHeader = (key, label) => {
    const o = order(key);
    return html`<button type="button" class="sort-button" data-sort="${key}">
      <span>${label}</span>${icon(o === 'descending' ? 'chevronDown' : 'chevronUp', o ? 'sort-icon sort-on' : 'sort-icon')}
    </button>`;
  };

  const columns = () => [
    {
      header: sortHeader('name', t('table.customer')), label: t('table.customer'), rowHeader: true, sort: order('name'),
      cell: (c) => html`<a class="cell-link" href="${customerPath(account.id, c.id)}">${c.company}</a>
        <span class="cell-sub">${c.email}</span>`,
    },
    {
      header: t('table.contact'),
      cell: (c) => html`<span class="cell-text">${c.contact_person}</span><span class="cell-sub cell-nowrap">${displayPhone(c)}</span>`,
    },
    { header: sortHeader('country', t('table.country')), label: t('table.country'), sort: order('country'), cellClass: 'cell-nowrap', cell: (c) => c.country_name || c.country },
    { header: t('table.industry'), cell: (c) => industryLabel(c.industry) },
    { header: t('table.management'), cell: (c) => managementBadge(c.management) },
    // The server's count of each customer's devices (left out when it sends none).
    ...(list.items.some((c) => c.device_count !== undefined) ? [{
      header: t('table.devices'), className: 'cell-num',
      cell: (c) => (c.device_count ? html`<a href="${devicesPath(account.id, { customer_id: c.id })}"
        aria-label="${plural('customers.devicesOf', c.device_count, { n: formatNumber(c.device_count), company: c.company })}">${formatNumber(c.device_count)}</a>`
        : html`<span class="muted">${formatNumber(c.device_count || 0)}</span>`),
    }] : []),
    {
      header: sortHeader('created', t('table.created')), label: t('table.created'), sort: order('created'),
      className: 'hide-narrow', cellClass: 'cell-nowrap', cell: (c) => formatDate(c.created_at, 'medium'),
    },
  ];

  function rows() {
    if (list.error) return html`<div class="card-pad">${banner('error', list.error.message)}</div>`;
    const empty = list.loading ? '' : q.trim() ? emptyState({
      icon: 'search', title: t('customers.noMatch.title', { query: q.trim() }), text: t('customers.noMatch.text'),
      compact: true, headingLevel: 3,
    }) : emptyState({
      icon: 'customers', title: t('empty.customers.title'), text: t('empty.customers.page'), headingLevel: 3,
      action: isAdmin ? addCustomerButton(account) : '',
    });
    return html`
      ${table({
        caption: t('customers.all'), columns: columns(), rows: list.items, key: (c) => c.id, empty, className: 'table-hover',
        href: (c) => customerPath(account.id, c.id),
      })}
      ${pager(list, { total: total(), onMore: () => list.more(root) })}`;
  }

  function draw() {
    if (!root || !root.isConnected) return;
    const focused = document.activeElement?.closest?.('[data-sort]')?.dataset.sort;
    root.querySelector('[data-ref="count"]').textContent = plural('customers.count', total(), { n: formatNumber(total()) });
    const box = root.querySelector('[data-ref="rows"]');
    render(box, rows());
    box.setAttribute('aria-busy', String(list.loading));
    if (focused) box.querySelector(`[data-sort="${focused}"]`)?.focus();
  }

  function sortBy(key) {
    sort = sort === key ? '-' + key : key;
    list.load();
  }

  function search(value) {
    q = value;
    list.load();
  }

  let timer = null;
  const searchBox = everEmpty ? '' : html`
    <div class="search-box table-search">
      ${icon('search', 'search-icon')}
      <input type="search" class="search-input" id="customer-search" data-ref="search" autocomplete="off"
             spellcheck="false" aria-label="${t('customers.search')}" placeholder="${t('customers.search.placeholder')}"
             @input=${(e) => { const v = e.currentTarget.value; clearTimeout(timer); timer = setTimeout(() => search(v), 250); }}
             @keydown=${(e) => { if (e.key === 'Escape' && e.currentTarget.value) { e.preventDefault(); e.currentTarget.value = ''; search(''); } }}>
    </div>`;

  return {
    title: t('nav.customers'),
    description: t('customers.description', { name: account.name }),
    breadcrumbs: [accountCrumb(account), { label: t('nav.customers') }],
    actions: html`<a class="btn btn-secondary" href="${pagePath(account.id, 'deletedCustomers')}">${icon('trash')}<span>${t('deletion.deleted.link')}</span></a>
      ${isAdmin ? html`${importCustomersButton(account)}${addCustomerButton(account)}` : ''}`,
    body: html`${card({
      title: t('customers.all'),
      subtitle: html`<span data-ref="count" aria-live="polite"></span>`,
      aside: searchBox,
      flush: true,
      body: html`<div data-ref="rows"></div>`,
    })}`,
    mounted(el) {
      root = el.querySelector('.page-body');
      root.querySelector('[data-ref="rows"]').addEventListener('click', (e) => {
        const b = e.target.closest('[data-sort]');
        if (b) sortBy(b.dataset.sort);
      });
      draw();
      // A customer created or edited elsewhere shows here at once.
      const off = onCustomersChanged((id) => {
        if (!root.isConnected) { off(); return; }
        if (id === account.id) list.load();
      });
    },
  };
}

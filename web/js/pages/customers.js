/*
 * customers.js - a partner's customers (/a/{id}/customers): a search box
 * (the server's q: company, e-mail or contact), the total, one row per
 * customer in name order with its contact, country, industry, management
 * mode and creation date, and "Load more" for the next page (keyset
 * pagination). Admins add customers with + Customer.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card, emptyState, accountCrumb } from '../components/ui.js';
import { table } from '../components/table.js';
import { pagedList, pager } from '../components/pagination.js';
import { managementBadge } from '../components/customer-bits.js';
import { addCustomerButton } from '../components/create-customer.js';
import { icon } from '../components/icons.js';
import { banner } from '../components/form.js';
import { t, plural, formatNumber, formatDate } from '../i18n.js';
import { industryLabel, displayPhone, onCustomersChanged } from '../customers.js';
import { customerPath } from '../paths.js';

const PAGE = 25;

export default async function customers({ account, isAdmin: admin, wholeAccount }) {
  // Creating customers needs a role in the whole account.
  const isAdmin = admin && wholeAccount;
  let q = '';
  let root = null;
  const list = pagedList((cursor, signal) => api.customers.list(account.id, { q, limit: PAGE, cursor, signal }),
    { onChange: draw });
  await list.load({ rethrow: true });
  const everEmpty = !list.items.length;
  const total = () => list.extras.total ?? list.items.length;

  const columns = [
    {
      header: t('table.customer'), rowHeader: true, sort: 'ascending',
      cell: (c) => html`<a class="cell-link" href="${customerPath(account.id, c.id)}">${c.company}</a>
        <span class="cell-sub">${c.email}</span>`,
    },
    {
      header: t('table.contact'),
      cell: (c) => html`<span class="cell-text">${c.contact_person}</span><span class="cell-sub cell-nowrap">${displayPhone(c)}</span>`,
    },
    { header: t('table.country'), cellClass: 'cell-nowrap', cell: (c) => c.country_name || c.country },
    { header: t('table.industry'), cell: (c) => industryLabel(c.industry) },
    { header: t('table.management'), cell: (c) => managementBadge(c.management) },
    { header: t('table.created'), className: 'hide-narrow', cellClass: 'cell-nowrap', cell: (c) => formatDate(c.created_at, 'medium') },
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
      ${table({ caption: t('customers.all'), columns, rows: list.items, key: (c) => c.id, empty, className: 'table-hover' })}
      ${pager(list, { total: total(), onMore: () => list.more(root) })}`;
  }

  function draw() {
    if (!root || !root.isConnected) return;
    root.querySelector('[data-ref="count"]').textContent = plural('customers.count', total(), { n: formatNumber(total()) });
    const box = root.querySelector('[data-ref="rows"]');
    render(box, rows());
    box.setAttribute('aria-busy', String(list.loading));
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
    actions: isAdmin ? addCustomerButton(account) : '',
    body: html`${card({
      title: t('customers.all'),
      subtitle: html`<span data-ref="count" aria-live="polite"></span>`,
      aside: searchBox,
      flush: true,
      body: html`<div data-ref="rows"></div>`,
    })}`,
    mounted(el) {
      root = el.querySelector('.page-body');
      draw();
      // A customer created or edited elsewhere shows here at once.
      const off = onCustomersChanged((id) => {
        if (!root.isConnected) { off(); return; }
        if (id === account.id) list.load();
      });
    },
  };
}

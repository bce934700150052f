/*
 * customers.js - a partner's customers (/a/{id}/customers): a search box
 * (the server's q: company, e-mail or contact), the total, one row per
 * customer in name order with its contact, country, industry, management
 * mode and creation date, and "Load more" for the next page (keyset
 * pagination). Admins add customers with + Customer.
 */
import { html, render } from '../html.js';
import { card, emptyState, accountCrumb } from '../components/ui.js';
import { managementBadge } from '../components/customer-bits.js';
import { addCustomerButton } from '../components/create-customer.js';
import { icon } from '../components/icons.js';
import { banner } from '../components/form.js';
import { t, plural, formatNumber, formatDate } from '../i18n.js';
import { listCustomers, customerPath, industryLabel, formatPhone, onCustomersChanged } from '../customers.js';

const PAGE = 25;

export default async function customers({ account, isAdmin: admin, wholeAccount }) {
  // Creating customers needs a role in the whole account.
  const isAdmin = admin && wholeAccount;
  let q = '';
  let rows = [];
  let total = 0;
  let next = null;
  let loading = false;
  let failed = '';
  let seq = 0;
  let abort = null;
  let root = null;

  const first = await listCustomers(account.id, { limit: PAGE });
  rows = first.customers || [];
  total = first.total ?? rows.length;
  next = first.next_cursor;
  const everEmpty = total === 0;

  function table() {
    if (failed) return html`<div class="card-pad">${banner('error', failed)}</div>`;
    if (!rows.length && !loading) {
      return q.trim() ? emptyState({
        icon: 'search', title: t('customers.noMatch.title', { query: q.trim() }), text: t('customers.noMatch.text'),
        compact: true, headingLevel: 3,
      }) : emptyState({
        icon: 'customers', title: t('empty.customers.title'), text: t('empty.customers.page'), headingLevel: 3,
        action: isAdmin ? addCustomerButton(account) : '',
      });
    }
    return html`
      <div class="table-wrap">
        <table class="table table-hover">
          <caption class="visually-hidden">${t('customers.all')}</caption>
          <thead><tr>
            <th scope="col">${t('table.customer')}</th>
            <th scope="col">${t('table.contact')}</th>
            <th scope="col">${t('table.country')}</th>
            <th scope="col">${t('table.industry')}</th>
            <th scope="col">${t('table.management')}</th>
            <th scope="col" class="hide-narrow">${t('table.created')}</th>
          </tr></thead>
          <tbody>
            ${rows.map((c) => html`
              <tr>
                <th scope="row" class="cell-main">
                  <a class="cell-link" href="${customerPath(account.id, c.id)}">${c.company}</a>
                  <span class="cell-sub">${c.email}</span>
                </th>
                <td><span class="cell-text">${c.contact_person}</span><span class="cell-sub cell-nowrap">${formatPhone(c.phone)}</span></td>
                <td class="cell-nowrap">${c.country_name || c.country}</td>
                <td>${industryLabel(c.industry)}</td>
                <td>${managementBadge(c.management)}</td>
                <td class="cell-nowrap hide-narrow">${formatDate(c.created_at)}</td>
              </tr>`)}
          </tbody>
        </table>
      </div>
      ${next ? html`
        <div class="load-more load-more-pad">
          <button type="button" class="btn btn-secondary" data-ref="more" ?disabled=${loading}>
            ${loading ? html`<span class="spinner"></span>` : ''}<span>${t('customers.more')}</span>
          </button>
          <span class="muted small">${t('common.shownOf', { shown: formatNumber(rows.length), total: formatNumber(total) })}</span>
        </div>` : ''}`;
  }

  function draw() {
    if (!root || !root.isConnected) return;
    const count = root.querySelector('[data-ref="count"]');
    count.textContent = plural('customers.count', total, { n: formatNumber(total) });
    render(root.querySelector('[data-ref="rows"]'), table());
    root.querySelector('[data-ref="rows"]').setAttribute('aria-busy', String(loading));
  }

  async function load(more) {
    abort?.abort();
    abort = new AbortController();
    const my = ++seq;
    const before = rows.length;
    loading = true;
    failed = '';
    draw();
    try {
      const r = await listCustomers(account.id, { q, limit: PAGE, cursor: more ? next : null, signal: abort.signal });
      if (my !== seq) return;
      rows = more ? [...rows, ...(r.customers || [])] : r.customers || [];
      total = r.total ?? rows.length;
      next = r.next_cursor;
    } catch (e) {
      if (e.name === 'AbortError' || my !== seq || e.status === 401) return;
      failed = e.message;
    }
    loading = false;
    draw();
    if (more) root?.querySelectorAll('tbody tr')[before]?.querySelector('a')?.focus();
  }

  let timer = null;
  const search = everEmpty ? '' : html`
    <div class="search-box table-search">
      ${icon('search', 'search-icon')}
      <input type="search" class="search-input" id="customer-search" data-ref="search" autocomplete="off"
             spellcheck="false" aria-label="${t('customers.search')}" placeholder="${t('customers.search.placeholder')}"
             @input=${(e) => { q = e.currentTarget.value; clearTimeout(timer); timer = setTimeout(() => load(false), 250); }}
             @keydown=${(e) => { if (e.key === 'Escape' && e.currentTarget.value) { e.preventDefault(); e.currentTarget.value = ''; q = ''; load(false); } }}>
    </div>`;

  return {
    title: t('nav.customers'),
    description: t('customers.description', { name: account.name }),
    breadcrumbs: [accountCrumb(account), { label: t('nav.customers') }],
    actions: isAdmin ? addCustomerButton(account) : '',
    body: html`${card({
      title: t('customers.all'),
      subtitle: html`<span data-ref="count" aria-live="polite"></span>`,
      aside: search,
      flush: true,
      body: html`<div data-ref="rows"></div>`,
    })}`,
    mounted(el) {
      root = el.querySelector('.page-body');
      draw();
      el.querySelector('[data-ref="rows"]').addEventListener('click', (e) => {
        if (e.target.closest('[data-ref="more"]')) load(true);
      });
      // A customer created or edited elsewhere shows here at once.
      const off = onCustomersChanged((id) => {
        if (!root.isConnected) { off(); return; }
        if (id === account.id) load(false);
      });
    },
  };
}

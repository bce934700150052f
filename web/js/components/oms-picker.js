/*
 * oms-picker.js - "Select from OMS": a drawer on top of Create Customer that
 * searches this partner's OMS records as the user types (company, e-mail,
 * first or last name), says how many were found, lists them (Company, Email,
 * First name, Last name, Hub created) with Select, or Open Hub for a record
 * that already has a hub customer, and loads more on request. Past 1,000
 * matches the server gives a lower bound, and the drawer says "more than"
 * and asks for a narrower search.
 *
 *   openOmsPicker({ account, onSelect(record), onOpenHub(customerId) })
 *
 * Only Business records with complete company details are listed (the server
 * decides); the drawer says so, since that is why a record may be missing.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { openDrawer } from './drawer.js';
import { banner } from './form.js';
import { icon } from './icons.js';
import { table } from './table.js';
import { pagedList, pager } from './pagination.js';
import { t, plural, formatNumber, formatDate } from '../i18n.js';
import { customerPath, pagePath } from '../paths.js';

const PAGE = 20;

export function openOmsPicker({ account, onSelect, onOpenHub }) {
  let find = '';
  let timer = null;
  const list = pagedList((cursor, signal) => api.oms.list(account.id, { find, limit: PAGE, cursor, signal }),
    { onChange: draw });

  const d = openDrawer({
    title: t('oms.title'),
    description: t('oms.description'),
    size: 'xl',
    body: html`
      <div class="oms-picker">
        <div class="oms-find">
          <label class="field-label" for="oms-find">${t('oms.find')}</label>
          <div class="search-box search-box-lg">
            ${icon('search', 'search-icon')}
            <input type="search" class="input search-field" id="oms-find" autocomplete="off" spellcheck="false"
                   placeholder="${t('oms.find.placeholder')}" aria-describedby="oms-find-hint" aria-controls="oms-results">
          </div>
          <p class="field-hint" id="oms-find-hint">${t('oms.find.hint')}</p>
        </div>
        <p class="oms-count" role="status" aria-live="polite" data-ref="count"></p>
        <div class="oms-results" id="oms-results" data-ref="results"></div>
        <div class="pager-slot" data-ref="more"></div>
        ${banner('info', t('oms.missing.text'), t('oms.missing.title'))}
      </div>`,
    footer: html`<button type="button" class="btn btn-secondary" data-ref="cancel">${t('common.cancel')}</button>`,
  });

  const q = (r) => d.body.querySelector(`[data-ref="${r}"]`);
  const input = d.body.querySelector('#oms-find');
  const countEl = q('count');
  const resultsEl = q('results');
  const moreEl = q('more');
  d.footer.querySelector('[data-ref="cancel"]').addEventListener('click', () => d.close());

  const columns = [
    { header: t('oms.col.company'), rowHeader: true, cellClass: 'cell-strong', id: (r, i) => 'oms-row-' + i, cell: (r) => r.company },
    { header: t('oms.col.email'), cellClass: 'cell-break', cell: (r) => r.email },
    { header: t('oms.col.first'), cell: (r) => r.first_name },
    { header: t('oms.col.last'), cell: (r) => r.last_name },
    {
      header: t('oms.col.hub'),
      cell: (r) => (r.customer_purge_at
        ? html`<span class="badge badge-warning">${t('oms.deletedUntil', { date: formatDate(r.customer_purge_at, 'short') })}</span>`
        : r.hub_created ? html`<span class="badge badge-teal">${t('common.yes')}</span>` : html`<span class="badge">${t('common.no')}</span>`),
    },
    {
      header: html`<span class="visually-hidden">${t('oms.col.action')}</span>`,
      cellClass: 'cell-action',
      cell: (r, i) => (r.customer_purge_at
        ? html`<a class="btn btn-secondary btn-sm" href="${pagePath(account.id, 'deletedCustomers')}"
                aria-describedby="${'oms-row-' + i}">${t('oms.openDeleted')}</a>`
        : r.hub_created && r.customer_id
        ? html`<a class="btn btn-secondary btn-sm" href="${customerPath(account.id, r.customer_id)}"
                data-hub="${r.customer_id}" aria-describedby="${'oms-row-' + i}">${t('oms.openHub')}</a>`
        : html`<button type="button" class="btn btn-primary btn-sm" data-pick="${String(i)}"
                aria-describedby="${'oms-row-' + i}">${t('oms.select')}</button>`),
    },
  ];

  function draw() {
    const total = list.extras.total ?? list.items.length;
    // Past a thousand matches the server stops counting: say so, and ask
    // for a narrower search rather than a number that is not the count.
    const many = list.extras.total_is_lower_bound === true;
    countEl.textContent = list.error ? '' : list.loading && !list.items.length ? t('common.loading')
      : many ? t('oms.results.many', { n: formatNumber(total) })
      : plural('oms.results', total, { n: formatNumber(total) });
    countEl.classList.toggle('oms-count-many', many && !list.error);
    if (list.error) {
      render(resultsEl, html`${banner('error', list.error.message)}
        <div class="form-actions"><button type="button" class="btn btn-secondary" @click=${list.restart}>${t('common.retry')}</button></div>`);
      render(moreEl, '');
      return;
    }
    render(resultsEl, table({
      caption: t('oms.caption'),
      columns,
      rows: list.items,
      key: (r) => r.id,
      className: 'table-compact',
      wrapClass: 'table-framed',
      empty: list.loading ? html`` : html`
        <div class="oms-empty">
          <p class="oms-empty-title">${find.trim() ? t('oms.none.query', { query: find.trim() }) : t('oms.none.title')}</p>
          <p class="muted small">${t('oms.none.text')}</p>
        </div>`,
    }));
    // After "Load more", continue from the first new row.
    render(moreEl, pager(list, { pad: false, total: many ? null : total, onMore: () => list.more(resultsEl) }));
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    find = input.value;
    timer = setTimeout(list.restart, 250);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); clearTimeout(timer); find = input.value; list.restart(); }
  });

  resultsEl.addEventListener('click', async (e) => {
    const pickBtn = e.target.closest('[data-pick]');
    if (pickBtn) {
      const record = list.items[Number(pickBtn.dataset.pick)];
      await d.close({ force: true });
      onSelect?.(record);
      return;
    }
    const hub = e.target.closest('[data-hub]');
    if (hub) {
      e.preventDefault();
      await d.close({ force: true });
      onOpenHub?.(hub.dataset.hub);
    }
  });

  list.restart();
  return d;
}

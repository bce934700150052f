/*
 * oms-picker.js - "Select from OMS": a drawer on top of Create Customer that
 * searches this partner's OMS records as the user types (company, e-mail,
 * first or last name), says how many were found, lists them (Company, Email,
 * First name, Last name, Hub created) with Select, or Open Hub for a record
 * that already has a hub customer, and loads more on request.
 *
 *   openOmsPicker({ account, onSelect(record), onOpenHub(customerId) })
 *
 * Only Business records with complete company details are listed (the server
 * decides); the drawer says so, since that is why a record may be missing.
 */
import { html, render } from '../html.js';
import { openDrawer } from './drawer.js';
import { banner } from './form.js';
import { icon } from './icons.js';
import { t, plural, formatNumber } from '../i18n.js';
import { omsRecords, customerPath } from '../customers.js';

const PAGE = 20;

export function openOmsPicker({ account, onSelect, onOpenHub }) {
  let find = '';
  let records = [];
  let total = 0;
  let loading = false;
  let failed = '';
  let abort = null;
  let timer = null;
  let seq = 0;

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
        <div class="load-more" data-ref="more"></div>
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

  function draw() {
    countEl.textContent = failed ? '' : loading && !records.length ? t('common.loading') : plural('oms.results', total, { n: formatNumber(total) });
    if (failed) {
      render(resultsEl, html`${banner('error', failed)}
        <div class="form-actions"><button type="button" class="btn btn-secondary" data-ref="retry">${t('common.retry')}</button></div>`);
      resultsEl.querySelector('[data-ref="retry"]').addEventListener('click', () => load(false));
      moreEl.replaceChildren();
      return;
    }
    if (!records.length) {
      render(resultsEl, loading ? html`` : html`
        <div class="oms-empty">
          <p class="oms-empty-title">${find.trim() ? t('oms.none.query', { query: find.trim() }) : t('oms.none.title')}</p>
          <p class="muted small">${t('oms.none.text')}</p>
        </div>`);
      moreEl.replaceChildren();
      return;
    }
    render(resultsEl, html`
      <div class="table-wrap table-framed">
        <table class="table table-compact">
          <caption class="visually-hidden">${t('oms.caption')}</caption>
          <thead><tr>
            <th scope="col">${t('oms.col.company')}</th>
            <th scope="col">${t('oms.col.email')}</th>
            <th scope="col">${t('oms.col.first')}</th>
            <th scope="col">${t('oms.col.last')}</th>
            <th scope="col">${t('oms.col.hub')}</th>
            <th scope="col"><span class="visually-hidden">${t('oms.col.action')}</span></th>
          </tr></thead>
          <tbody>
            ${records.map((r, i) => html`
              <tr>
                <th scope="row" class="cell-strong" id="${'oms-row-' + i}">${r.company}</th>
                <td class="cell-break">${r.email}</td>
                <td>${r.first_name}</td>
                <td>${r.last_name}</td>
                <td>${r.hub_created
                  ? html`<span class="badge badge-teal">${t('common.yes')}</span>`
                  : html`<span class="badge">${t('common.no')}</span>`}</td>
                <td class="cell-action">${r.hub_created && r.customer_id
                  ? html`<a class="btn btn-secondary btn-sm" href="${customerPath(account.id, r.customer_id)}"
                          data-hub="${r.customer_id}" aria-describedby="${'oms-row-' + i}">${t('oms.openHub')}</a>`
                  : html`<button type="button" class="btn btn-primary btn-sm" data-pick="${String(i)}"
                          aria-describedby="${'oms-row-' + i}">${t('oms.select')}</button>`}</td>
              </tr>`)}
          </tbody>
        </table>
      </div>`);
    if (records.length < total) {
      render(moreEl, html`
        <button type="button" class="btn btn-secondary" data-ref="moreButton" ?disabled=${loading}>
          ${loading ? html`<span class="spinner"></span>` : ''}<span>${t('oms.more')}</span>
        </button>
        <span class="muted small">${t('common.shownOf', { shown: formatNumber(records.length), total: formatNumber(total) })}</span>`);
      moreEl.querySelector('button').addEventListener('click', () => load(true));
    } else {
      moreEl.replaceChildren();
    }
  }

  async function load(more) {
    abort?.abort();
    abort = new AbortController();
    const my = ++seq;
    const before = more ? records.length : 0;
    loading = true;
    failed = '';
    if (!more) { records = []; total = 0; }
    draw();
    try {
      const r = await omsRecords(account.id, { find, limit: PAGE, offset: more ? records.length : 0, signal: abort.signal });
      if (my !== seq) return;
      records = more ? [...records, ...(r.records || [])] : r.records || [];
      total = r.total ?? records.length;
    } catch (e) {
      if (e.name === 'AbortError' || my !== seq) return;
      if (e.status === 401) return;
      failed = e.message;
    }
    loading = false;
    draw();
    // After "Load more", continue from the first new row.
    if (more) resultsEl.querySelectorAll('tbody tr')[before]?.querySelector('button, a')?.focus();
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    find = input.value;
    timer = setTimeout(() => load(false), 250);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); clearTimeout(timer); find = input.value; load(false); }
  });

  resultsEl.addEventListener('click', async (e) => {
    const pickBtn = e.target.closest('[data-pick]');
    if (pickBtn) {
      const record = records[Number(pickBtn.dataset.pick)];
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

  load(false);
  return d;
}

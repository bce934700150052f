/*
 * import-customers.js - Import customers from a CSV file (whole-account
 * admins, from the Customers page).
 *
 *   importCustomersButton(account)   the page action that opens the drawer
 *
 * The drawer offers the template (a CSV file with the header row, made in
 * the browser, UTF-8 with a byte order mark so spreadsheets read it so) and a file input. Choosing a file runs the server's dry run
 * at once (POST .../customers/import?dry_run=true): either "N customers
 * will be created" and the Import button, or a table of every problem by
 * line and column, to fix in the file and choose it again (the same file
 * again re-reads it). Import sends the same file for real; on success the
 * drawer closes, a toast says how many were created and every list of
 * customers reloads (customersChanged).
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { openDrawer } from './drawer.js';
import { banner } from './form.js';
import { table } from './table.js';
import { icon } from './icons.js';
import { toast } from './toast.js';
import { t, plural, formatNumber } from '../i18n.js';
import { customersChanged } from '../customers.js';

/** The columns of the template, as the server reads them. */
export const IMPORT_COLUMNS = ['email', 'contact_person', 'phone', 'company', 'industry', 'website', 'street',
  'postal_code', 'city', 'country', 'segment_discount', 'policy_template'];

let counter = 0;

export function importCustomersButton(account) {
  return html`<button type="button" class="btn btn-secondary" data-ref="import-customers"
    @click=${() => openImportCustomers({ account })}>${icon('layers')}<span>${t('import.action')}</span></button>`;
}

export function openImportCustomers({ account }) {
  const id = 'import-' + ++counter;
  // What the drawer shows: nothing chosen, checking, the dry run's answer,
  // importing, or an error that is not about the file's rows.
  let state = 'idle';
  let file = null;
  let report = null;
  let failure = '';

  /** The server's 422 lists the file's problems; anything else is one message. */
  function refused(e) {
    if (e.status === 422 && e.body && Array.isArray(e.body.errors)) {
      report = e.body;
      state = 'problems';
    } else {
      failure = e.message;
      state = 'failed';
    }
  }

  async function check(f) {
    file = f;
    report = null;
    failure = '';
    state = 'checking';
    draw();
    try {
      report = await api.customers.importCsv(account.id, f, { dryRun: true });
      state = 'ready';
    } catch (e) {
      refused(e);
    }
    draw();
    d.body.querySelector('[data-ref="result"]')?.focus();
  }

  async function run() {
    state = 'importing';
    draw();
    try {
      const r = await api.customers.importCsv(account.id, file);
      d.close({ force: true });
      toast(plural('import.done', r.created, { n: formatNumber(r.created) }), { kind: 'success' });
      customersChanged(account.id);
    } catch (e) {
      refused(e);
      draw();
    }
  }

  // A file made here (templates only let http(s) addresses into href).
  function downloadTemplate() {
    const url = URL.createObjectURL(new Blob(['\ufeff' + IMPORT_COLUMNS.join(',') + '\r\n'], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'steward-customers.csv';
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  const problemColumns = [
    { header: t('import.col.line'), className: 'cell-num', cellClass: 'cell-nowrap', rowHeader: true, cell: (p) => formatNumber(p.line) },
    { header: t('import.col.field'), cellClass: 'cell-nowrap', cell: (p) => (p.field ? html`<code>${p.field}</code>` : t('import.wholeRow')) },
    { header: t('import.col.problem'), cell: (p) => p.message },
  ];

  function result() {
    if (state === 'checking') return html`<p class="muted" role="status">${t('import.checking', { file: file.name })}</p>`;
    if (state === 'importing') return html`<p class="muted" role="status">${t('import.importing')}</p>`;
    if (state === 'failed') return banner('error', failure);
    if (state === 'ready') {
      return banner('success', plural('import.willCreate', report.rows, { n: formatNumber(report.rows) }),
        t('import.checked', { file: file.name }));
    }
    if (state === 'problems') {
      const n = report.errors.length;
      return html`
        ${banner('error', t('import.fix'), plural('import.problems', n, { n: formatNumber(n), file: file.name }))}
        ${table({ caption: t('import.problemsCaption'), columns: problemColumns, rows: report.errors, className: 'import-problems' })}`;
    }
    return '';
  }

  function body() {
    return html`<div class="import-body">
      <p>${t('import.intro')}</p>
      <p>${t('import.columns')}</p>
      <p><button type="button" class="btn btn-secondary" data-ref="template" @click=${downloadTemplate}>
        ${icon('download')}<span>${t('import.template')}</span></button></p>
      <div class="field">
        <label class="field-label" for="${id + '-file'}">${t('import.file')}</label>
        <input type="file" id="${id + '-file'}" data-ref="file" accept=".csv,text/csv"
          aria-describedby="${id + '-hint'}" ?disabled=${state === 'checking' || state === 'importing'}
          @change=${(e) => { const f = e.currentTarget.files[0]; if (f) check(f); }}
          @click=${(e) => { e.currentTarget.value = ''; }}>
        <p class="field-hint" id="${id + '-hint'}">${t('import.fileHint')}</p>
      </div>
      <div class="import-result" data-ref="result" tabindex="-1" aria-live="polite">${result()}</div>
    </div>`;
  }

  function footer() {
    return html`
      <button type="button" class="btn btn-secondary" @click=${() => d.close()}>${t('common.cancel')}</button>
      <button type="button" class="btn btn-primary" data-ref="run" ?disabled=${state !== 'ready'}
        @click=${run}>${state === 'ready' ? plural('import.run', report.rows, { n: formatNumber(report.rows) }) : t('import.runPlain')}</button>`;
  }

  function draw() {
    render(d.body, body());
    render(d.footer, footer());
    d.setBusy(state === 'checking' || state === 'importing');
  }

  const d = openDrawer({
    title: t('import.title'),
    description: t('import.description', { name: account.name }),
    size: 'lg',
    body: body(),
    footer: footer(),
  });
  return d;
}

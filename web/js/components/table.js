/*
 * table.js - the console's data table. Every list a page shows is one of
 * these, so its markup, classes and behaviour are the same everywhere.
 *
 *   table({
 *     caption,                 what the table holds (read by screen readers)
 *     columns: [{              a plain string is a column with that header only
 *       header,                text or markup (a visually hidden label for
 *                              columns of buttons)
 *       className,             on the header and the cells: cell-num,
 *                              hide-narrow (hidden on phones), cell-check, ...
 *       cellClass,             on the cells only: cell-nowrap, ...
 *       rowHeader,             the cells are the rows' headers (<th
 *                              scope="row">, class cell-main unless cellClass)
 *       id(row, i),            a row header's id (for aria-describedby)
 *       sort,                  'ascending' | 'descending': the rows are in
 *                              this column's order (aria-sort)
 *       cell(row, i),          the cell's content
 *     }],
 *     rows,
 *     key(row),                the row's data-key (default: its index)
 *     href(row),               the row's link: a click anywhere on the row
 *                              (but on a control or a selection) follows it;
 *                              the row header holds the real link for keyboards
 *     rowClass(row),
 *     empty,                   shown instead of the table while rows is empty
 *     emptyInTable,            ...or under the column headers, so the user sees
 *                              what the table will hold
 *     foot,                    rows of a <tfoot> (totals)
 *     className, wrapClass,    extra classes of the <table> and its wrapper
 *   })
 *
 * The wrapper scrolls sideways when the table is wider than the screen.
 */
import { html, cls } from '../html.js';
import { navigate } from '../router.js';

function openRow(e) {
  if (e.target.closest('a, button, input, label, select, textarea')) return;
  const tr = e.target.closest('tr[data-href]');
  if (tr && !window.getSelection()?.toString()) navigate(tr.dataset.href);
}

function headerCell(c) {
  const className = cls(c.className);
  return c.sort
    ? html`<th scope="col" class="${className}" aria-sort="${c.sort}">${c.header}</th>`
    : html`<th scope="col" class="${className}">${c.header}</th>`;
}

function bodyCell(c, row, i) {
  if (!c.rowHeader) return html`<td class="${cls(c.className, c.cellClass)}">${c.cell(row, i)}</td>`;
  const className = cls(c.className, c.cellClass || 'cell-main');
  return c.id
    ? html`<th scope="row" class="${className}" id="${c.id(row, i)}">${c.cell(row, i)}</th>`
    : html`<th scope="row" class="${className}">${c.cell(row, i)}</th>`;
}

export function table({
  caption, columns, rows = [], key = null, href = null, rowClass = null, empty = '', emptyInTable = false,
  foot = '', className = '', wrapClass = '',
}) {
  if (!rows.length && empty && !emptyInTable) return empty;
  const cols = columns.map((c) => (typeof c === 'string' ? { header: c } : c));
  const row = (r, i) => {
    const cells = cols.map((c) => bodyCell(c, r, i));
    const k = key ? key(r) : String(i);
    const rc = rowClass ? rowClass(r) : '';
    return href
      ? html`<tr class="${rc}" data-key="${k}" data-href="${href(r)}">${cells}</tr>`
      : html`<tr class="${rc}" data-key="${k}">${cells}</tr>`;
  };
  return html`
    <div class="${cls('table-wrap', wrapClass)}">
      <table class="${cls('table', className, href && 'table-clickable')}" @click=${openRow}>
        <caption class="visually-hidden">${caption}</caption>
        <thead><tr>${cols.map(headerCell)}</tr></thead>
        <tbody>
          ${rows.length ? rows.map(row)
            : html`<tr class="table-empty-row"><td colspan="${String(cols.length)}">${empty}</td></tr>`}
        </tbody>
        ${foot ? html`<tfoot>${foot}</tfoot>` : ''}
      </table>
    </div>`;
}

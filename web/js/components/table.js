/*
 * table.js - the console's data table. Every list a page shows is one of
 * these, so its markup, classes and behaviour are the same everywhere.
 *
 *   table({
 *     caption,                 what the table holds (read by screen readers)
 *     columns: [{              a plain string is a column with that header only
 *       header,                text or markup (a visually hidden label for
 *                              columns of buttons)
 *       label,                 the text put before each cell when rows are
 *                              cards (default: header when it is text)
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
 * On wide screens the table fits its card (cells wrap rather than scroll);
 * on a phone every row becomes a card: the row header as its title, then
 * "label: value" lines (cellLabel, hidden otherwise and from screen
 * readers, which keep the table's headers: the explicit roles keep the
 * table a table for them when its rows are laid out as cards). Tables written
 * by hand (the effective policy, a usage footer) do the same with
 * cellLabel(...).
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
    ? html`<th scope="col" role="columnheader" class="${className}" aria-sort="${c.sort}">${c.header}</th>`
    : html`<th scope="col" role="columnheader" class="${className}">${c.header}</th>`;
}

/** A cell's label on a phone, where rows are cards ('' for none). */
export function cellLabel(text) {
  return text ? html`<span class="cell-label" aria-hidden="true">${text}</span>` : '';
}

function bodyCell(c, row, i) {
  if (!c.rowHeader) {
    return html`<td role="cell" class="${cls(c.className, c.cellClass)}">${cellLabel(c.label)}<div class="cell-value">${c.cell(row, i)}</div></td>`;
  }
  const className = cls(c.className, c.cellClass || 'cell-main');
  return c.id
    ? html`<th scope="row" role="rowheader" class="${className}" id="${c.id(row, i)}">${c.cell(row, i)}</th>`
    : html`<th scope="row" role="rowheader" class="${className}">${c.cell(row, i)}</th>`;
}

export function table({
  caption, columns, rows = [], key = null, href = null, rowClass = null, empty = '', emptyInTable = false,
  foot = '', className = '', wrapClass = '',
}) {
  if (!rows.length && empty && !emptyInTable) return empty;
  const cols = columns.map((c) => (typeof c === 'string' ? { header: c } : c))
    .map((c) => ({ ...c, label: c.label ?? (typeof c.header === 'string' ? c.header : '') }));
  const row = (r, i) => {
    const cells = cols.map((c) => bodyCell(c, r, i));
    const k = key ? key(r) : String(i);
    const rc = rowClass ? rowClass(r) : '';
    return href
      ? html`<tr role="row" class="${rc}" data-key="${k}" data-href="${href(r)}">${cells}</tr>`
      : html`<tr role="row" class="${rc}" data-key="${k}">${cells}</tr>`;
  };
  return html`
    <div class="${cls('table-wrap', wrapClass)}">
      <table role="table" class="${cls('table', className, href && 'table-clickable')}" @click=${openRow}>
        <caption class="visually-hidden">${caption}</caption>
        <thead role="rowgroup"><tr role="row">${cols.map(headerCell)}</tr></thead>
        <tbody role="rowgroup">
          ${rows.length ? rows.map(row)
            : html`<tr role="row" class="table-empty-row"><td role="cell" colspan="${String(cols.length)}">${empty}</td></tr>`}
        </tbody>
        ${foot ? html`<tfoot role="rowgroup">${foot}</tfoot>` : ''}
      </table>
    </div>`;
}

// Layout checks run inside the page (page.evaluate) by the layout tests:
// what scrolls sideways, how a table's rows read on a phone, and where lines
// of Japanese text break. Each returns a list of problems ([] when none).

/** Tables (and the main area) wider than the space they have. */
export function overflowProblems() {
  const out = [];
  const main = document.querySelector('.main');
  if (main && main.scrollWidth > main.clientWidth + 1) out.push(`the page scrolls sideways (${main.scrollWidth} > ${main.clientWidth})`);
  for (const w of document.querySelectorAll('.table-wrap')) {
    if (w.offsetParent === null) continue;
    const caption = w.querySelector('caption')?.textContent.trim();
    if (w.scrollWidth > w.clientWidth + 1) out.push(`table "${caption}" is wider than its card (${w.scrollWidth} > ${w.clientWidth})`);
  }
  return out;
}

/**
 * On a phone: each row is a card, its header cell first, then one line per
 * labelled cell with the column's header as its label, beside the value.
 */
export function phoneCardProblems() {
  const out = [];
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  for (const tbl of document.querySelectorAll('.main table.table')) {
    if (!visible(tbl)) continue;
    const caption = tbl.querySelector('caption')?.textContent.trim();
    const headers = [...tbl.querySelectorAll('thead th')].map((th) => th.textContent.trim());
    for (const th of tbl.querySelectorAll('thead th')) {
      if (!th.querySelector('input, button, select') && th.getBoundingClientRect().width > 2) {
        out.push(`"${caption}": the header "${th.textContent.trim()}" is still drawn`);
      }
    }
    for (const tr of tbl.querySelectorAll('tbody tr:not(.table-empty-row)')) {
      const box = tr.getBoundingClientRect();
      if (box.width < tbl.getBoundingClientRect().width - 2) out.push(`"${caption}": a row is not a full-width card`);
      [...tr.children].forEach((cell, i) => {
        const label = cell.querySelector(':scope > .cell-label');
        if (!label || !visible(cell)) return;
        const value = cell.querySelector(':scope > .cell-value');
        if (!visible(label)) out.push(`"${caption}": the label "${label.textContent}" is hidden`);
        if (label.textContent.trim() !== headers[i]) out.push(`"${caption}": label "${label.textContent}" under header "${headers[i]}"`);
        if (label.getAttribute('aria-hidden') !== 'true') out.push(`"${caption}": the label "${label.textContent}" is read out twice`);
        const l = label.getBoundingClientRect();
        const v = value.getBoundingClientRect();
        if (v.width > 0 && (v.left < l.right || v.top > l.bottom || v.bottom < l.top)) {
          out.push(`"${caption}": "${label.textContent}" is not beside its value`);
        }
      });
    }
  }
  return out;
}

/**
 * Japanese text that breaks lines anywhere (word-break: normal), and labels
 * (word-break: keep-all) that break between two Japanese characters of one
 * word (as Intl.Segmenter finds words), such as "リスクあ / り". Running text
 * set to break between phrases (auto-phrase) is left to the browser.
 */
export function japaneseBreakProblems(rootSelector = 'body') {
  const out = [];
  const JA = /[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/;
  const seg = new Intl.Segmenter('ja', { granularity: 'word' });
  const walker = document.createTreeWalker(document.querySelector(rootSelector), NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data;
    if (!JA.test(text) || !node.parentElement || node.parentElement.closest('[hidden], .visually-hidden, script, style')) continue;
    range.selectNodeContents(node);
    if (range.getClientRects().length < 2) continue; // on one line
    const wordBreak = getComputedStyle(node.parentElement).wordBreak;
    if (wordBreak === 'auto-phrase') continue;
    if (wordBreak !== 'keep-all') {
      out.push(`"${text.trim().slice(0, 30)}" may break anywhere (word-break: ${wordBreak})`);
      continue;
    }
    const starts = new Set([...seg.segment(text)].map((s) => s.index));
    let prevTop = null;
    let prev = -1;
    for (let i = 0; i < text.length; i++) {
      if (/\s/.test(text[i])) continue;
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const r = range.getClientRects()[0];
      if (!r) continue;
      if (prevTop !== null && r.top > prevTop + r.height / 2 && !starts.has(i) && JA.test(text[i]) && JA.test(text[prev])) {
        out.push(`"${text.slice(0, i)} / ${text.slice(i)}" (${node.parentElement.className || node.parentElement.tagName})`);
      }
      prevTop = r.top;
      prev = i;
    }
  }
  return out;
}

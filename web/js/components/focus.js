/*
 * focus.js - keeping keyboard focus inside a modal surface.
 *
 * trapFocus(container) makes Tab and Shift+Tab cycle through the container's
 * focusable elements and returns a function that releases the trap.
 */

const FOCUSABLE = [
  'a[href]', 'button:not([disabled])', 'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])', 'textarea:not([disabled])', '[tabindex]:not([tabindex="-1"])',
].join(',');

export function focusables(root) {
  return [...root.querySelectorAll(FOCUSABLE)].filter((el) => !el.closest('[hidden]') &&
    el.getClientRects().length > 0);
}

export function trapFocus(container) {
  function onKey(e) {
    if (e.key !== 'Tab') return;
    const list = focusables(container);
    if (!list.length) { e.preventDefault(); container.focus(); return; }
    const first = list[0], last = list[list.length - 1];
    if (e.shiftKey && (document.activeElement === first || !container.contains(document.activeElement))) {
      e.preventDefault(); last.focus();
    } else if (!e.shiftKey && (document.activeElement === last || !container.contains(document.activeElement))) {
      e.preventDefault(); first.focus();
    }
  }
  container.addEventListener('keydown', onKey);
  return () => container.removeEventListener('keydown', onKey);
}

/*
 * drawer.js - a modal panel sliding in from the right (role="dialog").
 *
 *   const d = openDrawer({
 *     title, description,          // heading and a line under it
 *     body,                        // TemplateResult or Node
 *     footer,                      // TemplateResult or Node (buttons)
 *     size: 'md' | 'lg',
 *     canClose: async () => bool,  // e.g. ask before dropping unsaved input
 *     onClose: () => {},
 *   });
 *   d.body / d.footer              // the elements, for re-rendering parts
 *   d.close()                      // closes (asks canClose first)
 *   d.setBusy(true)                // marks the drawer busy (aria-busy)
 *
 * Focus moves into the drawer and stays there (Tab cycles); Escape, the close
 * button and a click on the backdrop close it; focus returns to where it was.
 */
import { html, element, render, TemplateResult } from '../html.js';
import { icon } from './icons.js';
import { trapFocus, focusables } from './focus.js';
import { t } from '../i18n.js';

let counter = 0;
const stack = [];

function place(target, content) {
  if (content == null) return;
  if (content instanceof TemplateResult) render(target, content);
  else if (content instanceof Node) target.replaceChildren(content);
  else target.textContent = String(content);
}

/** The drawer on top, if any. */
export function topDrawer() {
  return stack[stack.length - 1] || null;
}

export function openDrawer({ title, description = '', body, footer, size = 'md', canClose, onClose } = {}) {
  const id = 'drawer-' + ++counter;
  const returnTo = document.activeElement;
  const root = element(html`
    <div class="drawer-layer">
      <div class="drawer-backdrop" data-ref="backdrop"></div>
      <section class="${'drawer drawer-' + size}" role="dialog" aria-modal="true"
               aria-labelledby="${id + '-title'}" aria-describedby="${description ? id + '-desc' : ''}" tabindex="-1">
        <header class="drawer-header">
          <div>
            <h2 class="drawer-title" id="${id + '-title'}">${title}</h2>
            ${description ? html`<p class="drawer-description" id="${id + '-desc'}">${description}</p>` : ''}
          </div>
          <button type="button" class="icon-button" data-ref="close" aria-label="${t('common.close')}">${icon('close')}</button>
        </header>
        <div class="drawer-body" data-ref="body"></div>
        <footer class="drawer-footer" data-ref="footer"></footer>
      </section>
    </div>`);
  const panel = root.querySelector('.drawer');
  const bodyEl = root.querySelector('[data-ref="body"]');
  const footerEl = root.querySelector('[data-ref="footer"]');
  place(bodyEl, body);
  if (footer) place(footerEl, footer); else footerEl.hidden = true;

  let closed = false;
  let asking = false;
  let release = () => {};
  const ctl = {
    el: panel,
    body: bodyEl,
    footer: footerEl,
    setBusy(b) { panel.setAttribute('aria-busy', b ? 'true' : 'false'); },
    async close({ force = false } = {}) {
      if (closed) return true;
      if (asking) return false;
      if (!force && canClose) {
        asking = true;
        const ok = await canClose();
        asking = false;
        if (!ok) return false;
      }
      closed = true;
      release();
      document.removeEventListener('keydown', onKey);
      stack.splice(stack.indexOf(ctl), 1);
      root.classList.add('is-leaving');
      setTimeout(() => root.remove(), 160);
      if (!stack.length) document.body.classList.remove('has-modal');
      if (returnTo && returnTo.isConnected && typeof returnTo.focus === 'function') returnTo.focus();
      onClose?.();
      return true;
    },
  };

  function onKey(e) {
    if (e.key === 'Escape' && topDrawer() === ctl && !e.defaultPrevented) {
      e.preventDefault();
      ctl.close();
    }
  }

  root.querySelector('[data-ref="close"]').addEventListener('click', () => ctl.close());
  root.querySelector('[data-ref="backdrop"]').addEventListener('click', () => ctl.close());
  document.addEventListener('keydown', onKey);
  document.body.append(root);
  document.body.classList.add('has-modal');
  stack.push(ctl);
  release = trapFocus(panel);
  requestAnimationFrame(() => root.classList.add('is-open'));
  const first = focusables(bodyEl)[0];
  (first || panel).focus();
  return ctl;
}

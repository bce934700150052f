/*
 * menu.js - the menu button pattern (WAI-ARIA), for the account switcher and
 * the profile menu.
 *
 * menuButton(button, menu) wires an existing button (aria-haspopup="menu")
 * and its role="menu" element, which is drawn with the hidden attribute so
 * that it is closed until opened (and stays closed if never wired; leave the
 * menu out where the user cannot act rather than disabling its button): Enter, Space or the arrow keys open it and
 * focus an item; arrows, Home, End and typing a letter move between items;
 * Enter or Space activates; Escape closes and returns focus to the button;
 * Tab or a click elsewhere closes it. Items are elements with a role of
 * menuitem, menuitemradio or menuitemcheckbox.
 */

const open = new Set();

/** Closes every open menu (e.g. before a route change). */
export function closeAllMenus() {
  for (const m of [...open]) m.close(false);
}

export function menuButton(button, menu, { onOpen, initialFocus = 'first' } = {}) {
  const items = () => [...menu.querySelectorAll('[role^="menuitem"]')]
    .filter((el) => el.getAttribute('aria-disabled') !== 'true' && !el.hidden);

  button.setAttribute('aria-haspopup', 'menu');
  button.setAttribute('aria-expanded', 'false');
  if (!menu.id) menu.id = 'menu-' + Math.random().toString(36).slice(2, 9);
  button.setAttribute('aria-controls', menu.id);
  menu.hidden = true;
  for (const el of menu.querySelectorAll('[role^="menuitem"]')) el.tabIndex = -1;

  const ctl = {
    isOpen: () => !menu.hidden,
    open(focus = 'first') {
      closeAllMenus();
      onOpen?.();
      menu.hidden = false;
      button.setAttribute('aria-expanded', 'true');
      open.add(ctl);
      const list = items();
      const checked = list.find((el) => el.getAttribute('aria-checked') === 'true');
      const target = focus === 'last' ? list[list.length - 1] : (focus === 'checked' && checked) || list[0];
      target?.focus();
      document.addEventListener('pointerdown', onOutside, true);
    },
    close(restoreFocus = true) {
      if (menu.hidden) return;
      menu.hidden = true;
      button.setAttribute('aria-expanded', 'false');
      open.delete(ctl);
      document.removeEventListener('pointerdown', onOutside, true);
      if (restoreFocus) button.focus();
    },
  };

  function onOutside(e) {
    if (!menu.contains(e.target) && !button.contains(e.target)) ctl.close(false);
  }

  function move(from, delta) {
    const list = items();
    if (!list.length) return;
    let i = list.indexOf(from);
    i = i < 0 ? 0 : (i + delta + list.length) % list.length;
    list[i].focus();
  }

  button.addEventListener('click', () => (ctl.isOpen() ? ctl.close() : ctl.open(initialFocus)));
  button.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); ctl.open('first'); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); ctl.open('last'); }
    else if (e.key === 'Escape' && ctl.isOpen()) { e.preventDefault(); ctl.close(); }
  });

  menu.addEventListener('keydown', (e) => {
    const item = e.target.closest('[role^="menuitem"]');
    switch (e.key) {
      case 'ArrowDown': e.preventDefault(); move(item, 1); break;
      case 'ArrowUp': e.preventDefault(); move(item, -1); break;
      case 'Home': e.preventDefault(); items()[0]?.focus(); break;
      case 'End': { e.preventDefault(); const l = items(); l[l.length - 1]?.focus(); break; }
      case 'Escape': e.preventDefault(); e.stopPropagation(); ctl.close(); break;
      case 'Tab': ctl.close(false); break;
      case ' ':
      case 'Enter':
        if (item) { e.preventDefault(); item.click(); }
        break;
      default:
        if (e.key.length === 1 && /\S/.test(e.key)) {
          const list = items();
          const start = list.indexOf(item) + 1;
          const k = e.key.toLocaleLowerCase();
          const found = [...list.slice(start), ...list.slice(0, start)]
            .find((el) => el.textContent.trim().toLocaleLowerCase().startsWith(k));
          found?.focus();
        }
    }
  });

  // Activating an item closes the menu; the item's own handler does the work.
  menu.addEventListener('click', (e) => {
    if (e.target.closest('[role^="menuitem"]')) ctl.close(false);
  });

  return ctl;
}

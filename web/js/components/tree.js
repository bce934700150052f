/*
 * tree.js - the customer -> policy tree for "Copy an existing local policy"
 * (WAI-ARIA tree view, single selection of a leaf).
 *
 *   const tree = policyTree(container, {
 *     customers: [{ id, name, icon?, policies: [{ id, name, platform }] }],
 *     selected: { customer_id, policy_id } | null,
 *     labelledBy, describedBy, platformLabel(p),
 *     onSelect({ customer_id, policy_id, name }),
 *   });
 *   tree.focus()
 *
 * One item is in the tab order at a time. Up and Down move between visible
 * items, Right opens a customer or enters it, Left closes it or goes back to
 * the customer, Home and End go to the ends, Enter or Space picks a policy
 * (or opens and closes a customer); a click does the same.
 */
import { html, render } from '../html.js';
import { icon } from './icons.js';

export function policyTree(container, { customers, selected = null, labelledBy = '', describedBy = '', platformLabel = (p) => p, onSelect }) {
  const open = new Set();
  if (selected) open.add(selected.customer_id);
  if (customers.length <= 3) for (const c of customers) open.add(c.id);
  else if (!selected && customers[0]) open.add(customers[0].id);
  let current = selected;
  let focusKey = selected ? 'p:' + selected.policy_id + ':' + selected.customer_id : customers[0] ? 'c:' + customers[0].id : '';

  function draw() {
    render(container, html`
      <ul class="tree" role="tree" aria-labelledby="${labelledBy}" aria-describedby="${describedBy}">
        ${customers.map((c) => {
          const expanded = open.has(c.id);
          const key = 'c:' + c.id;
          return html`
            <li class="tree-item" role="treeitem" aria-level="1" aria-expanded="${expanded ? 'true' : 'false'}"
                aria-label="${c.name}" data-key="${key}" tabindex="${key === focusKey ? '0' : '-1'}">
              <div class="tree-row tree-row-parent">
                ${icon(expanded ? 'chevronDown' : 'chevronRight', 'tree-chevron')}
                ${c.icon ? html`<span class="tree-avatar tree-avatar-icon" aria-hidden="true">${icon(c.icon)}</span>`
                  : html`<span class="tree-avatar" aria-hidden="true">${[...c.name.trim()][0] || '?'}</span>`}
                <span class="tree-label">${c.name}</span>
                <span class="count-pill">${String(c.policies.length)}</span>
              </div>
              <ul class="tree-group" role="group" ?hidden=${!expanded}>
                ${c.policies.map((p) => {
                  const pk = 'p:' + p.id + ':' + c.id;
                  const on = !!current && current.policy_id === p.id && current.customer_id === c.id;
                  return html`
                    <li class="${on ? 'tree-item tree-leaf is-selected' : 'tree-item tree-leaf'}" role="treeitem" aria-level="2"
                        aria-selected="${on ? 'true' : 'false'}" aria-label="${p.name}" data-key="${pk}"
                        tabindex="${pk === focusKey ? '0' : '-1'}">
                      <div class="tree-row">
                        <span class="tree-radio" aria-hidden="true"></span>
                        <span class="tree-label">${p.name}</span>
                        <span class="badge">${platformLabel(p.platform)}</span>
                      </div>
                    </li>`;
                })}
              </ul>
            </li>`;
        })}
      </ul>`);
    if (!container.querySelector('[tabindex="0"]')) container.querySelector('[role="treeitem"]')?.setAttribute('tabindex', '0');
  }

  function visible() {
    return [...container.querySelectorAll('[role="treeitem"]')].filter((el) => !el.closest('[hidden]'));
  }

  function focusItem(key) {
    focusKey = key;
    for (const el of container.querySelectorAll('[role="treeitem"]')) el.tabIndex = el.dataset.key === key ? 0 : -1;
    container.querySelector(`[data-key="${CSS.escape(key)}"]`)?.focus();
  }

  function parse(key) {
    const [kind, a, b] = key.split(':');
    return kind === 'c' ? { kind, customer: a } : { kind, policy: a, customer: b };
  }

  function toggle(customerId, expand) {
    if (expand) open.add(customerId); else open.delete(customerId);
    draw();
    focusItem('c:' + customerId);
  }

  function pick(key) {
    const k = parse(key);
    const c = customers.find((x) => x.id === k.customer);
    const p = c?.policies.find((x) => x.id === k.policy);
    if (!p) return;
    current = { customer_id: c.id, policy_id: p.id };
    focusKey = key;
    draw();
    focusItem(key);
    onSelect?.({ customer_id: c.id, policy_id: p.id, name: p.name, customer_name: c.name });
  }

  container.addEventListener('click', (e) => {
    const item = e.target.closest('[role="treeitem"]');
    if (!item) return;
    // A click on a policy row lands on the policy, not on its customer.
    const k = parse(item.dataset.key);
    if (k.kind === 'c') toggle(k.customer, !open.has(k.customer));
    else pick(item.dataset.key);
  });

  container.addEventListener('keydown', (e) => {
    const item = e.target.closest('[role="treeitem"]');
    if (!item) return;
    const key = item.dataset.key;
    const k = parse(key);
    const list = visible();
    const i = list.indexOf(item);
    switch (e.key) {
      case 'ArrowDown': e.preventDefault(); if (list[i + 1]) focusItem(list[i + 1].dataset.key); break;
      case 'ArrowUp': e.preventDefault(); if (i > 0) focusItem(list[i - 1].dataset.key); break;
      case 'Home': e.preventDefault(); focusItem(list[0].dataset.key); break;
      case 'End': e.preventDefault(); focusItem(list[list.length - 1].dataset.key); break;
      case 'ArrowRight':
        e.preventDefault();
        if (k.kind === 'c') {
          if (!open.has(k.customer)) toggle(k.customer, true);
          else { const first = item.querySelector('[role="group"] [role="treeitem"]'); if (first) focusItem(first.dataset.key); }
        }
        break;
      case 'ArrowLeft':
        e.preventDefault();
        if (k.kind === 'c') { if (open.has(k.customer)) toggle(k.customer, false); } else focusItem('c:' + k.customer);
        break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        if (k.kind === 'c') toggle(k.customer, !open.has(k.customer)); else pick(key);
        break;
      default:
        if (e.key.length === 1 && /\S/.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
          const ch = e.key.toLocaleLowerCase();
          const rest = [...list.slice(i + 1), ...list.slice(0, i + 1)];
          const found = rest.find((el) => (el.getAttribute('aria-label') || '').toLocaleLowerCase().startsWith(ch));
          if (found) focusItem(found.dataset.key);
        }
    }
  });

  draw();
  return {
    focus() { (container.querySelector('[role="treeitem"][tabindex="0"]') || container.querySelector('[role="treeitem"]'))?.focus(); },
  };
}

/*
 * users.js - the people who work in an account (/a/{id}/users): the
 * signed-in user's own access, and the account's users from the server
 * with their role (Global admin / Global viewer, or Customer admin /
 * Customer viewer of the customers named), status and last sign-in.
 *
 * Only members with a role in the whole account may list the users; a role
 * limited to chosen customers (403) sees its own access and a sentence
 * saying so, never an empty table. Inviting people comes with invitations;
 * until then there is no button for it.
 */
import { html, render } from '../html.js';
import * as api from '../api.js';
import { card, accountCrumb, initials } from '../components/ui.js';
import { table } from '../components/table.js';
import { pagedList, pager } from '../components/pagination.js';
import { banner } from '../components/form.js';
import { t, plural, formatDate, formatNumber, getLanguage } from '../i18n.js';

const PAGE = 50;

/**
 * A role as a person reads it: in a partner account "Global admin" or
 * "Customer viewer" (with the customers' names), in a company console
 * "Admin" or "Site admin", in the operator's console "Admin".
 */
function roleLabel(kind, role, customerIds) {
  const r = role === 'admin' ? 'admin' : 'viewer';
  if (kind === 'partner') return t(customerIds ? 'users.role.customer.' + r : 'users.role.global.' + r);
  if (kind === 'company' && customerIds) return t('users.role.site.' + r);
  return t('role.' + r);
}

/** The customers a limited role covers, by name where the user may see them. */
function scopeText(customerIds, names) {
  if (!customerIds) return '';
  const known = customerIds.map((id) => names.get(id)).filter(Boolean);
  const coll = new Intl.Collator(getLanguage());
  known.sort((a, b) => coll.compare(a, b));
  const others = customerIds.length - known.length;
  const sep = getLanguage() === 'ja' ? '、' : ', ';
  const parts = [...known];
  if (others) parts.push(plural(known.length ? 'users.scope.more' : 'users.scope.count', others, { n: formatNumber(others) }));
  return parts.length ? parts.join(sep) : t('users.scope.none');
}

function roleCell(kind, u, names) {
  const scope = scopeText(u.customer_ids, names);
  return html`<span class="${u.role === 'admin' ? 'badge badge-strong' : 'badge'}">${roleLabel(kind, u.role, u.customer_ids)}</span>${scope
    ? html`<span class="cell-sub">${scope}</span>` : ''}`;
}

const STATUS_BADGE = { active: 'badge badge-ok', suspended: 'badge badge-warning', invited: 'badge badge-accent', expired: 'badge badge-danger' };

/** Active, Suspended, Invited (not accepted yet) or Invitation expired; an unknown status as it is. */
function statusCell(u) {
  const known = Object.prototype.hasOwnProperty.call(STATUS_BADGE, u.status);
  return html`<span class="${known ? STATUS_BADGE[u.status] : 'badge'}">${known ? t('users.status.' + u.status) : u.status}</span>`;
}

export default async function users({ account, user, wholeAccount }) {
  let root = null;
  let forbidden = !wholeAccount;
  const list = pagedList((cursor, signal) => api.users.list(account.id, { limit: PAGE, cursor, signal }), { onChange: draw });
  if (!forbidden) {
    try {
      await list.load({ rethrow: true });
    } catch (e) {
      if (e.status !== 403) throw e;
      forbidden = true;
    }
  }
  // Customer names for limited roles (a role limited to chosen customers sees just its own).
  const names = new Map();
  if (account.kind === 'partner' && (forbidden || list.items.some((u) => u.customer_ids))) {
    try {
      for (const c of (await api.customers.listAll(account.id)).items) names.set(c.id, c.company);
    } catch { /* the roles still say how many customers */ }
  }
  const ownScope = forbidden ? [...names.keys()] : null;
  const me = list.items.find((u) => u.id === user.id || u.email === user.email);

  const columns = [
    {
      header: t('table.name'), rowHeader: true,
      cell: (u) => html`<span class="cell-text">${u.name || u.email}</span>${u.id === me?.id
        ? html` <span class="badge badge-quiet">${t('users.you')}</span>` : ''}`,
    },
    { header: t('table.email'), cell: (u) => html`<a href="${'mailto:' + u.email}" data-native>${u.email}</a>` },
    { header: t('table.role'), cell: (u) => roleCell(account.kind, u, names) },
    { header: t('table.status'), cellClass: 'cell-nowrap', cell: statusCell },
    {
      header: t('table.lastSignIn'), cellClass: 'cell-nowrap',
      cell: (u) => (u.last_sign_in_at ? formatDate(u.last_sign_in_at, 'medium') : html`<span class="muted">${t('users.never')}</span>`),
    },
  ];

  function rows() {
    if (list.error) return html`<div class="card-pad">${banner('error', list.error.message)}</div>`;
    return html`
      ${table({ caption: t('users.team'), columns, rows: list.items, key: (u) => u.id })}
      ${pager(list, { onMore: () => list.more(root, { focus: 'a' }) })}`;
  }

  function draw() {
    if (!root || !root.isConnected) return;
    const box = root.querySelector('[data-ref="rows"]');
    if (!box) return;
    render(box, rows());
    box.setAttribute('aria-busy', String(list.loading));
    const n = list.items.length;
    root.querySelector('[data-ref="count"]').textContent = list.next
      ? t('common.shown', { shown: formatNumber(n) }) : plural('users.count', n, { n: formatNumber(n) });
  }

  const scopeLine = ownScope ? scopeText(ownScope, names) : '';
  const yourAccess = card({
    title: t('users.yourAccess'),
    body: html`
      <div class="person">
        <span class="avatar avatar-lg" aria-hidden="true">${initials(user)}</span>
        <div class="person-main">
          <span class="person-name">${user.name || user.email}</span>
          <span class="person-email">${user.email}</span>
        </div>
        <div class="person-role"><span class="${account.role === 'admin' ? 'badge badge-strong' : 'badge'}">${roleLabel(account.kind, account.role, ownScope)}</span></div>
      </div>
      ${scopeLine ? html`<p class="person-scope small">${t('users.yourCustomers', { customers: scopeLine })}</p>` : ''}
      <p class="muted small">${t(wholeAccount ? 'users.roleExplain.' + (account.role === 'admin' ? 'admin' : 'viewer') : 'users.roleExplain.scoped')}</p>
      ${forbidden ? html`<p class="small" data-ref="notListed">${t('users.notListed', { name: account.name })}</p>` : ''}`,
  });

  return {
    title: t('nav.users'),
    description: t('users.description', { name: account.name }),
    breadcrumbs: [accountCrumb(account), { label: t('nav.users') }],
    body: html`
      ${yourAccess}
      ${forbidden ? '' : card({
        title: t('users.team'),
        subtitle: html`<span data-ref="count" aria-live="polite"></span>`,
        flush: true,
        body: html`<div data-ref="rows"></div>`,
      })}`,
    mounted(el) {
      root = el.querySelector('.page-body') || el;
      draw();
    },
  };
}

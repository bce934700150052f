/*
 * ui.js - small rendering helpers shared by pages: empty states, badges,
 * cards, page headers and status dots (tables are table.js).
 */
import { html } from '../html.js';
import { icon } from './icons.js';
import { t } from '../i18n.js';
import { pagePath } from '../paths.js';

/** "Alex Morgan" -> "AM"; "田中 健" -> "田" (one CJK character reads as a name). */
export function initials(user) {
  const base = (user.name || user.email || '?').trim();
  const parts = base.split(/\s+/).filter(Boolean);
  const chars = parts.length > 1 ? [[...parts[0]][0], [...parts[parts.length - 1]][0]] : [...base].slice(0, 2);
  if (/[\u3000-\u9fff\uac00-\ud7af]/.test(chars[0] || '')) return chars[0];
  return chars.join('').toUpperCase();
}

/** Icon, heading, one line on what will appear, optional action. */
export function emptyState({ icon: name = 'info', title, text, action = '', compact = false, headingLevel = 2 }) {
  const heading = headingLevel === 3 ? html`<h3 class="empty-title">${title}</h3>` : html`<h2 class="empty-title">${title}</h2>`;
  return html`
    <div class="${compact ? 'empty empty-compact' : 'empty'}">
      <div class="empty-icon">${icon(name)}</div>
      ${heading}
      <p class="empty-text">${text}</p>
      ${action ? html`<div class="empty-action">${action}</div>` : ''}
    </div>`;
}

const KIND_CLASS = { partner: 'badge-accent', company: 'badge-teal', operator: 'badge-violet' };

export function kindBadge(kind) {
  return html`<span class="${'badge ' + (KIND_CLASS[kind] || '')}">${t('kind.' + kind)}</span>`;
}

export function roleBadge(role) {
  return html`<span class="${role === 'admin' ? 'badge badge-strong' : 'badge'}">${t('role.' + role)}</span>`;
}

/** The breadcrumb for an account; it follows the account when renamed. */
export function accountCrumb(account) {
  return { label: account.name, href: pagePath(account.id, 'dashboard'), accountId: account.id };
}

/**
 * The header above a page's content: breadcrumbs (list of {label, href}),
 * title, a description line and an actions area.
 */
export function pageHeader({ title, description = '', breadcrumbs = [], actions = '' }) {
  return html`
    <header class="page-header">
      ${breadcrumbs.length ? html`
        <nav class="breadcrumbs" aria-label="${t('shell.breadcrumb')}">
          <ol>
            ${breadcrumbs.map((b, i) => html`<li>${i === breadcrumbs.length - 1
              ? html`<span aria-current="page">${b.label}</span>`
              : html`<a href="${b.href}" data-account-name="${b.accountId || ''}">${b.label}</a>`}</li>`)}
          </ol>
        </nav>` : ''}
      <div class="page-header-row">
        <div class="page-heading">
          <h1 class="page-title" tabindex="-1">${title}</h1>
          ${description ? html`<p class="page-description">${description}</p>` : ''}
        </div>
        ${actions ? html`<div class="page-actions">${actions}</div>` : ''}
      </div>
    </header>`;
}

/** A card with a header (title, optional subtitle and aside) and a body. */
export function card({ title, subtitle = '', aside = '', body, flush = false, className = '' }) {
  return html`
    <section class="${'card ' + className}">
      ${title ? html`
        <header class="card-header">
          <div>
            <h2 class="card-title">${title}</h2>
            ${subtitle ? html`<p class="card-subtitle">${subtitle}</p>` : ''}
          </div>
          ${aside ? html`<div class="card-aside">${aside}</div>` : ''}
        </header>` : ''}
      <div class="${flush ? 'card-body card-body-flush' : 'card-body'}">${body}</div>
    </section>`;
}

/** A card holding a list: its title, a live count (data-ref="count") and the rows (data-ref="rows"), drawn by the page. */
export function listCard(title) {
  return card({
    title,
    subtitle: html`<span data-ref="count" aria-live="polite"></span>`,
    flush: true,
    body: html`<div data-ref="rows"></div>`,
  });
}

/** A small coloured status dot (ok, danger, warning, info, muted). */
export function statusDot(kind) {
  return html`<span class="${'dot dot-' + kind}" aria-hidden="true"></span>`;
}

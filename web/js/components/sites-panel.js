/*
 * sites-panel.js - a customer's sites, the Sites tab of its page; and a
 * multi-tenant company console's, its Sites page.
 *
 *   const panel = sitesPanel({ account, customer, isAdmin, whole, onChanged });
 *   tabPanel.append(panel.el); panel.load();
 *   (a company console: customer is companyOwner(account), companies.js)
 *
 * One row per site with its devices (a link to them on the Devices page)
 * and its exclusions (the paths and web addresses its devices skip, added
 * to what their policy excludes). Admins add a site (a name), open its
 * installer, rename it, edit its exclusions and delete it: a site that
 * holds devices asks where they go (another site of the customer, or no
 * site), and every deletion asks for the site's name to be typed. Viewers
 * see the same list and each site's exclusions, with nothing to change.
 * onChanged(sites) tells the page (and the site selection pane) after a
 * change. whole false (an admin of chosen sites of a company console):
 * no adding, deleting or restoring sites, which belong to the whole
 * company. Deleted sites follow the live ones, each with the day it was
 * deleted, by whom and the day it will be purged (30 days on), and a
 * Restore button for whoever may delete sites.
 */
import { html, element, render } from '../html.js';
import * as api from '../api.js';
import { table } from './table.js';
import { emptyState } from './ui.js';
import { formDialog } from './dialog.js';
import { holdUntilTyped } from './delete-by-name.js';
import { field, banner } from './form.js';
import { icon } from './icons.js';
import { menuButton } from './menu.js';
import { toast } from './toast.js';
import { openInstaller } from './installer-dialog.js';
import { t, plural, formatNumber, formatDate } from '../i18n.js';
import { devicesPath } from '../paths.js';

const NAME_MAX = 100;

/** Tells the site selection pane that a customer's (or, customerId null, a company console's) sites changed. */
export function sitesChanged(accountId, customerId) {
  window.dispatchEvent(new CustomEvent('steward:sites-changed', { detail: { accountId, customerId } }));
}

const lines = (text) => text.split('\n').map((s) => s.trim()).filter(Boolean);

export function sitesPanel({ account, customer, isAdmin, whole = true, onChanged = () => {} }) {
  let sites = null;
  let deleted = [];
  let failed = '';
  const el = element(html`<div class="sites-panel"></div>`);

  const exclusionText = (s) => {
    const p = s.exclusions?.paths?.length || 0;
    const u = s.exclusions?.urls?.length || 0;
    if (!p && !u) return html`<span class="muted">${t('sites.exclusions.none')}</span>`;
    return [p ? plural('sites.exclusions.paths', p, { n: formatNumber(p) }) : '', u ? plural('sites.exclusions.urls', u, { n: formatNumber(u) }) : '']
      .filter(Boolean).join(t('sites.exclusions.sep'));
  };

  function rowActions(s) {
    const item = (what, ic, label, danger = false) => html`<button type="button" class="${danger ? 'menu-item menu-item-danger' : 'menu-item'}"
      role="menuitem" data-site="${s.id}" data-act="${what}">${icon(ic)}<span>${label}</span></button>`;
    if (!isAdmin) {
      return html`<span class="row-actions"><button type="button" class="btn btn-secondary btn-sm" data-site="${s.id}" data-act="exclusions"
        aria-label="${t('sites.exclusions.showFor', { site: s.name })}">${t('sites.exclusions.show')}</button></span>`;
    }
    return html`<span class="row-actions">
      <button type="button" class="btn btn-secondary btn-sm" data-site="${s.id}" data-act="installer"
        aria-label="${t('sites.installerFor', { site: s.name })}">${icon('download')}<span>${t('installer.open')}</span></button>
      <span class="row-menu">
        <button type="button" class="btn btn-secondary btn-sm btn-icon" data-menu="${s.id}" aria-label="${t('sites.menu', { site: s.name })}"
                title="${t('sites.menu', { site: s.name })}">${icon('more')}</button>
        <span class="menu menu-right" role="menu" aria-label="${t('sites.menu', { site: s.name })}" hidden>
          ${item('rename', 'edit', t('sites.rename'))}
          ${item('exclusions', 'policies', t('sites.exclusions.edit'))}
          ${whole ? html`<span class="menu-separator" role="separator"></span>
          ${item('delete', 'trash', t('sites.delete'), true)}` : ''}
        </span>
      </span>
    </span>`;
  }

  const columns = () => [
    { header: t('table.site'), rowHeader: true, cell: (s) => html`<span class="cell-text">${s.name}</span>` },
    {
      header: t('table.devices'), className: 'cell-num',
      cell: (s) => html`<a href="${devicesPath(account.id, { customer_id: customer.id, site_id: s.id })}"
        aria-label="${plural('sites.devicesOf', s.device_count, { n: formatNumber(s.device_count), site: s.name })}">${formatNumber(s.device_count)}</a>`,
    },
    { header: t('sites.col.exclusions'), cell: exclusionText },
    { header: html`<span class="visually-hidden">${t('policies.col.actions')}</span>`, label: '', className: 'cell-action', cell: rowActions },
  ];

  const deletedColumns = () => [
    { header: t('table.site'), rowHeader: true, cell: (s) => html`<span class="cell-text">${s.name}</span>` },
    // Who deleted it under the day, so that the table fits beside the site pane.
    {
      header: t('deletion.col.deletedOn'),
      cell: (s) => html`<span class="cell-text cell-nowrap">${formatDate(s.deleted_at, 'medium')}</span>
        ${s.deleted_by ? html`<span class="cell-sub">${t('sites.deletedList.by', { who: s.deleted_by })}</span>` : ''}`,
    },
    { header: t('deletion.col.purgeOn'), cellClass: 'cell-nowrap', cell: (s) => formatDate(s.purge_at, 'medium') },
    ...(isAdmin && whole ? [{
      header: html`<span class="visually-hidden">${t('deletion.col.actions')}</span>`, className: 'cell-action',
      cell: (s) => html`<button type="button" class="btn btn-secondary btn-sm" data-act="restore" data-deleted="${s.id}"
        aria-label="${t('sites.restoreOne', { site: s.name })}">${icon('undo')}<span>${t('deletion.restore')}</span></button>`,
    }] : []),
  ];

  /** The deleted sites, when there are any. */
  function deletedList() {
    if (!deleted.length) return '';
    return html`<section class="sites-deleted" aria-labelledby="sites-deleted-title">
      <h3 class="group-label" id="sites-deleted-title">${t('sites.deletedList.title')}</h3>
      <p class="muted small">${t('sites.deletedList.text')}</p>
      ${table({ caption: t('sites.deletedList.caption', { company: customer.company }), columns: deletedColumns(), rows: deleted,
        key: (s) => s.id, className: 'sites-table' })}
    </section>`;
  }

  function draw(focusSel = '') {
    if (failed) { render(el, html`<div class="card-pad">${banner('error', failed)}</div>`); return; }
    if (sites === null) { render(el, html`<div class="page-loading" role="status"><span class="spinner"></span><span>${t('common.loading')}</span></div>`); return; }
    const toolbar = html`
      <div class="panel-toolbar">
        <p class="panel-toolbar-text">${t('sites.intro', { company: customer.company })}</p>
        ${isAdmin && whole ? html`<div class="panel-toolbar-actions">
          <button type="button" class="btn btn-primary btn-sm" data-act="add">${icon('plus')}<span>${t('sites.add')}</span></button>
        </div>` : ''}
      </div>`;
    render(el, html`
      ${toolbar}
      ${sites.length ? table({ caption: t('sites.caption', { company: customer.company }), columns: columns(), rows: sites, key: (s) => s.id, className: 'sites-table' })
        : emptyState({
          icon: 'sites', title: t('sites.empty.title'), headingLevel: 3,
          // Only who can add a site is asked to; a role of chosen sites sees its own.
          text: t(!whole ? 'company.sites.none.scoped' : isAdmin ? (customer.own ? 'sites.empty.company.admin' : 'sites.empty.admin') : 'sites.empty.viewer',
            { company: customer.company }),
        })}
      ${deletedList()}`);
    for (const b of el.querySelectorAll('[data-menu]')) {
      const menu = b.parentElement.querySelector('[role="menu"]');
      menuButton(b, menu, {
        onOpen() {
          const r = b.getBoundingClientRect();
          menu.style.position = 'fixed';
          menu.style.right = Math.max(8, window.innerWidth - r.right) + 'px';
          menu.style.left = 'auto';
          const below = window.innerHeight - r.bottom;
          if (below < 200 && r.top > below) { menu.style.top = 'auto'; menu.style.bottom = (window.innerHeight - r.top + 6) + 'px'; }
          else { menu.style.bottom = 'auto'; menu.style.top = (r.bottom + 6) + 'px'; }
        },
      });
    }
    if (focusSel) el.querySelector(focusSel)?.focus();
  }

  async function load(focusSel = '') {
    try {
      const [live, gone] = await Promise.all([api.sites.listAll(account.id, customer.id),
        // The deleted ones are an addition: the live list shows without them.
        api.sites.deletedAll(account.id, customer.id).catch(() => ({ items: [] }))]);
      sites = live.items;
      deleted = gone.items;
      failed = '';
    } catch (e) {
      if (e.status === 401) return;
      failed = e.message;
    }
    draw(focusSel);
  }

  async function changed(focusSel) {
    await load(focusSel);
    onChanged(sites || []);
    sitesChanged(account.id, customer.id);
  }

  /** The message of a failed save: beside the name when it is about the name. */
  const nameProblem = (e) => e.fields?.name || e.message;

  function nameDialog({ title, confirm, value = '', save }) {
    return formDialog({
      title, confirm,
      body: field({
        id: 'site-name', label: t('sites.name'),
        input: html`<input class="input" id="site-name" name="name" maxlength="${String(NAME_MAX)}" autocomplete="off" value="${value}" required>`,
      }),
      onConfirm: async (box) => {
        const name = box.querySelector('#site-name').value.trim();
        if (!name) return t('form.required');
        if (name === value) return true;
        try {
          await save(name);
          return true;
        } catch (e) {
          if (e.status === 401) return true;
          return nameProblem(e);
        }
      },
    });
  }

  async function add() {
    let made = null;
    const ok = await nameDialog({
      title: t('sites.add.title', { company: customer.company }), confirm: t('sites.add.confirm'),
      save: async (name) => { made = await api.sites.create(account.id, customer.id, name); },
    });
    if (ok && made) {
      toast(t('sites.added', { site: made.name, company: customer.company }), { kind: 'success' });
      await changed(`[data-site="${CSS.escape(made.id)}"][data-act="installer"]`);
    }
  }

  async function rename(s) {
    let saved = null;
    const ok = await nameDialog({
      title: t('sites.rename.title', { site: s.name }), confirm: t('sites.rename.confirm'), value: s.name,
      save: async (name) => { saved = await api.sites.update(account.id, customer.id, s.id, { name }); },
    });
    if (ok && saved) {
      toast(t('sites.renamed', { site: saved.name }), { kind: 'success' });
      await changed(`[data-menu="${CSS.escape(s.id)}"]`);
    }
  }

  async function exclusions(s) {
    const paths = s.exclusions?.paths || [];
    const urls = s.exclusions?.urls || [];
    if (!isAdmin) {
      const list = (items) => (items.length ? html`<ul class="effective-list">${items.map((x) => html`<li class="effective-entry"><code class="list-text">${x}</code></li>`)}</ul>`
        : html`<p class="muted small">${t('sites.exclusions.empty')}</p>`);
      await formDialog({
        title: t('sites.exclusions.title', { site: s.name }), message: t('sites.exclusions.intro'), confirm: '',
        body: html`<div class="site-exclusions"><h3 class="group-label">${t('sites.exclusions.pathsLabel')}</h3>${list(paths)}
          <h3 class="group-label">${t('sites.exclusions.urlsLabel')}</h3>${list(urls)}</div>`,
      });
      return;
    }
    let saved = null;
    const ok = await formDialog({
      title: t('sites.exclusions.title', { site: s.name }), message: t('sites.exclusions.intro'), confirm: t('common.save'),
      body: html`<div class="site-exclusions">
        ${field({ id: 'site-ex-paths', label: t('sites.exclusions.pathsLabel'), hint: t('sites.exclusions.pathsHint'),
          input: html`<textarea class="input textarea input-mono" id="site-ex-paths" name="paths" rows="4" spellcheck="false" aria-describedby="site-ex-paths-hint">${paths.join('\n')}</textarea>` })}
        ${field({ id: 'site-ex-urls', label: t('sites.exclusions.urlsLabel'), hint: t('sites.exclusions.urlsHint'),
          input: html`<textarea class="input textarea input-mono" id="site-ex-urls" name="urls" rows="4" spellcheck="false" aria-describedby="site-ex-urls-hint">${urls.join('\n')}</textarea>` })}
      </div>`,
      onConfirm: async (box) => {
        const body = { paths: lines(box.querySelector('#site-ex-paths').value), urls: lines(box.querySelector('#site-ex-urls').value) };
        try {
          saved = await api.sites.update(account.id, customer.id, s.id, { exclusions: body });
          return true;
        } catch (e) {
          if (e.status === 401) return true;
          // "exclusions.paths[2]": say which line.
          const msgs = Object.entries(e.fields || {}).map(([k, m]) => {
            const x = /^exclusions\.(paths|urls)\[(\d+)\]$/.exec(k);
            return x ? t('sites.exclusions.lineProblem', { list: t('sites.exclusions.' + x[1] + 'Label'), n: Number(x[2]) + 1, message: m }) : m;
          });
          return msgs.length ? msgs.join(' ') : e.message;
        }
      },
    });
    if (ok && saved) {
      toast(t('sites.exclusions.saved', { site: s.name }), { kind: 'success' });
      await changed(`[data-menu="${CSS.escape(s.id)}"]`);
    }
  }

  async function remove(s) {
    const others = sites.filter((x) => x.id !== s.id);
    const holds = s.device_count > 0;
    const ok = await formDialog({
      title: t('sites.delete.title', { site: s.name }),
      message: holds ? plural('sites.delete.holds', s.device_count, { n: formatNumber(s.device_count), site: s.name })
        : t('sites.delete.empty', { site: s.name }),
      confirm: t('sites.delete.confirm'), danger: true,
      body: html`
        ${holds ? html`<fieldset class="choice-group site-move">
          <legend class="field-label">${t('sites.delete.moveTo')}</legend>
          <label class="check"><input type="radio" name="site-move" value="" checked><span>${t('sites.delete.moveNone', { company: customer.company })}</span></label>
          ${others.length ? html`<label class="check"><input type="radio" name="site-move" value="site"><span>${t('sites.delete.moveSite')}</span></label>
            <select class="input select" id="site-move-to" aria-label="${t('sites.delete.moveSite')}">
              ${others.map((o) => html`<option value="${o.id}">${o.name}</option>`)}
            </select>` : ''}
        </fieldset>` : ''}
        ${field({
          id: 'site-confirm-name', label: t('sites.delete.typeName', { site: s.name }),
          input: html`<input class="input" id="site-confirm-name" name="confirm" autocomplete="off" spellcheck="false">`,
        })}`,
      onOpen: (box) => {
        holdUntilTyped(box, box.querySelector('#site-confirm-name'), s.name);
        const sel = box.querySelector('#site-move-to');
        sel?.addEventListener('change', () => { box.querySelector('input[name="site-move"][value="site"]').checked = true; });
      },
      onConfirm: async (box) => {
        const typed = box.querySelector('#site-confirm-name').value;
        if (typed !== s.name) return t('sites.delete.nameMismatch', { site: s.name });
        let moveTo;
        if (holds) {
          const choice = box.querySelector('input[name="site-move"]:checked')?.value;
          moveTo = choice === 'site' ? box.querySelector('#site-move-to').value : null;
        }
        try {
          await api.sites.remove(account.id, customer.id, s.id, typed, moveTo);
          return true;
        } catch (e) {
          if (e.status === 401) return true;
          if (e.code === 'site_not_empty') { load(); return t('sites.delete.gotDevices'); }
          return e.message;
        }
      },
    });
    if (ok) {
      toast(t('sites.deleted', { site: s.name }), { kind: 'success' });
      await changed(isAdmin ? '[data-act="add"]' : '');
    }
  }

  async function restore(button) {
    const s = deleted.find((x) => x.id === button.dataset.deleted);
    if (!s) return;
    button.disabled = true;
    try {
      await api.sites.restore(account.id, customer.id, s.id);
    } catch (e) {
      button.disabled = false;
      if (e.status !== 401) toast(nameProblem(e), { kind: 'error' });
      return;
    }
    toast(t('sites.restored', { site: s.name }), { kind: 'success' });
    await changed(`[data-menu="${CSS.escape(s.id)}"], [data-site="${CSS.escape(s.id)}"]`);
  }

  el.addEventListener('click', (e) => {
    const b = e.target.closest('[data-act]');
    if (!b || !el.contains(b)) return;
    const act = b.dataset.act;
    if (act === 'add') { add(); return; }
    if (act === 'restore') { restore(b); return; }
    const s = sites?.find((x) => x.id === b.dataset.site);
    if (!s) return;
    if (act === 'installer') openInstaller({ account, customer, site: s });
    else if (act === 'rename') rename(s);
    else if (act === 'exclusions') exclusions(s);
    else if (act === 'delete') remove(s);
  });

  draw();
  return { el, load, get sites() { return sites; } };
}

/*
 * delete-policy.js - deleting a policy, with the replacement the server asks
 * for when the policy is in use.
 *
 *   await deleteGlobalPolicyFlow({ account, policy })                 -> true when deleted
 *   await deleteLocalPolicyFlow({ account, customer, policy, policies }) -> true when deleted
 *
 * A global policy assigned to customers needs another global policy of the
 * same platform for them (409 policy_in_use); a customer's default local
 * policy needs another of the customer's policies of that platform to become
 * the default, and the customer's only policy for a platform cannot go while
 * it is the default (409 last_policy). Each case is explained in the dialog.
 */
import { html } from '../html.js';
import * as api from '../api.js';
import { confirmDialog, formDialog } from './dialog.js';
import { toast } from './toast.js';
import { t, plural, formatNumber } from '../i18n.js';
import { platformLabel } from '../customers.js';

function replacementField(id, candidates, label, hint) {
  const mixed = new Set(candidates.map((p) => p.scope)).size > 1;
  return html`
    <div class="field">
      <label class="field-label" for="${id}">${label}<span class="req" aria-hidden="true">*</span></label>
      <select class="input select" id="${id}" aria-describedby="${id + '-hint'}">
        <option value="">${t('policy.delete.choose')}</option>
        ${candidates.map((p) => html`<option value="${p.id}">${mixed ? `${p.name} · ${t('policy.scope.' + p.scope)}` : p.name}</option>`)}
      </select>
      <p class="field-hint" id="${id + '-hint'}">${hint}</p>
    </div>`;
}

async function chooseReplacement({ title, message, candidates, label, hint, run }) {
  let deleted = null;
  const ok = await formDialog({
    title,
    message,
    body: replacementField('del-replacement', candidates, label, hint),
    confirm: t('policy.delete.confirm'),
    danger: true,
    async onConfirm(box) {
      const sel = box.querySelector('#del-replacement');
      if (!sel.value) { sel.setAttribute('aria-invalid', 'true'); sel.focus(); return t('policy.delete.replacementRequired'); }
      try {
        deleted = await run(sel.value);
        return true;
      } catch (e) {
        if (e.status === 401) return true;
        return Object.values(e.fields || {})[0] || e.message;
      }
    },
  });
  return ok && deleted ? { result: deleted, replacement: candidates.find((c) => c.id === deleted.replacement_policy_id) } : null;
}

export async function deleteGlobalPolicyFlow({ account, policy }) {
  const platform = platformLabel(policy.platform);
  let candidates = [];
  try {
    candidates = (await api.policies.listAll(account.id)).items.filter((p) => p.id !== policy.id && p.platform === policy.platform);
  } catch (e) {
    if (e.status !== 401) toast(e.message, { kind: 'error' });
    return false;
  }

  async function withReplacement(message) {
    if (!candidates.length) {
      await formDialog({
        title: t('policy.delete.cannot.title'),
        message: t('policy.delete.global.noReplacement', { name: policy.name, n: formatNumber(policy.assigned_customers || 0), platform }),
        confirm: '',
      });
      return false;
    }
    const r = await chooseReplacement({
      title: t('policy.delete.title', { name: policy.name }),
      message: message || plural('policy.delete.global.inUse', policy.assigned_customers || 0, { name: policy.name, n: formatNumber(policy.assigned_customers || 0), platform }),
      candidates,
      label: t('policy.delete.replacement'),
      hint: t('policy.delete.global.replacementHint', { platform }),
      run: (id) => api.policies.remove(account.id, policy.id, id),
    });
    if (!r) return false;
    toast(plural('policy.delete.doneMoved', r.result.customers_moved || 0, { name: policy.name, n: formatNumber(r.result.customers_moved || 0), replacement: r.replacement?.name || '' }), { kind: 'success' });
    return true;
  }

  if ((policy.assigned_customers || 0) > 0) return withReplacement();
  const sure = await confirmDialog({
    title: t('policy.delete.title', { name: policy.name }),
    message: t('policy.delete.global.unused'),
    confirm: t('policy.delete.confirm'),
    danger: true,
  });
  if (!sure) return false;
  try {
    await api.policies.remove(account.id, policy.id);
    toast(t('policy.delete.done', { name: policy.name }), { kind: 'success' });
    return true;
  } catch (e) {
    if (e.status === 401) return false;
    if (e.status === 409 && e.code === 'policy_in_use') return withReplacement(e.message);
    toast(e.message, { kind: 'error' });
    return false;
  }
}

export async function deleteLocalPolicyFlow({ account, customer, policy, policies }) {
  const platform = platformLabel(policy.platform);
  const candidates = (policies || []).filter((p) => p.id !== policy.id && p.platform === policy.platform);
  const company = customer.company;

  async function explainLast(message) {
    await formDialog({ title: t('policy.delete.cannot.title'), message: message || t('policy.delete.local.last', { name: policy.name, company, platform }), confirm: '' });
    return false;
  }

  async function withReplacement(message) {
    if (!candidates.length) return explainLast();
    const r = await chooseReplacement({
      title: t('policy.delete.title', { name: policy.name }),
      message: message || t('policy.delete.local.default', { name: policy.name, company, platform }),
      candidates,
      label: t('policy.delete.newDefault'),
      hint: t('policy.delete.local.replacementHint', { platform, company }),
      run: (id) => api.customerPolicies.remove(account.id, customer.id, policy.id, id),
    });
    if (!r) return false;
    toast(t('policy.delete.doneDefault', { name: policy.name, replacement: r.replacement?.name || '' }), { kind: 'success' });
    return true;
  }

  if (policy.default) return withReplacement();
  const sure = await confirmDialog({
    title: t('policy.delete.title', { name: policy.name }),
    message: t('policy.delete.local.plain', { company }),
    confirm: t('policy.delete.confirm'),
    danger: true,
  });
  if (!sure) return false;
  try {
    await api.customerPolicies.remove(account.id, customer.id, policy.id);
    toast(t('policy.delete.done', { name: policy.name }), { kind: 'success' });
    return true;
  } catch (e) {
    if (e.status === 401) return false;
    if (e.status === 409 && e.code === 'last_policy') return explainLast(e.message);
    if (e.status === 409 && e.code === 'policy_in_use') return withReplacement(e.message);
    toast(e.message, { kind: 'error' });
    return false;
  }
}

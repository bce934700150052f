/*
 * companies.js - what the console knows about company consoles.
 *
 * A company console is single-tenant (its own installer and devices) or
 * multi-tenant (sites, each with its installer and devices). Its devices,
 * sites and policies belong to its own record, which the components made
 * for a partner's customer take as their "customer":
 *
 *   const owner = companyOwner(account);   // { id, company, own: true }
 *   sitesPanel({ account, customer: owner, ... }); openInstaller({ account, customer: owner });
 *
 * owner.id is null: the sites and installer calls go to the console
 * itself; owner.recordId is the record's id (null before the console has
 * one), for its policies.
 */
import * as api from './api.js';
import { ApiError } from './api.js';
import { accountCrumb } from './components/ui.js';
import { pagePath, customerPath } from './paths.js';
import { t } from './i18n.js';

export function isMultiTenant(account) {
  return account?.kind === 'company' && account.tenancy === 'multi';
}

export function companyOwner(account) {
  return { id: null, recordId: account.customer_id || null, company: account.name, own: true, multi: isMultiTenant(account) };
}

/**
 * The customer whose local policies a page shows: a partner's customer
 * (GET .../customers/{id}), or a company console's own record, named as
 * the console (its id must be the console's: anything else is a 404).
 */
export async function policyOwner(account, customerId) {
  if (account.kind !== 'company') return api.customers.get(account.id, customerId);
  if (!customerId || customerId !== account.customer_id) throw new ApiError(404, 'not_found', t('notFound.title'));
  return { ...companyOwner(account), id: customerId };
}

/** The breadcrumbs from the account to a customer's (or the console's) policies. */
export function policyCrumbs(account, customer) {
  if (customer.own) return [accountCrumb(account), { label: t('nav.policies'), href: pagePath(account.id, 'policies') }];
  return [accountCrumb(account), { label: t('nav.customers'), href: pagePath(account.id, 'customers') },
    { label: customer.company, href: customerPath(account.id, customer.id) },
    { label: t('customer.tab.policies'), href: customerPath(account.id, customer.id, { tab: 'policies' }) }];
}

/** Where a customer's (or the console's) list of policies is. */
export function policiesHome(account, customer) {
  return customer.own ? pagePath(account.id, 'policies') : customerPath(account.id, customer.id, { tab: 'policies' });
}

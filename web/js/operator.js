/*
 * operator.js - what the operator console reads and changes: the review
 * queue of segment-discount applications, segment rates, partners and
 * their flexible billing, and the e-mail outbox (/api/v1/operator/...).
 */
import { api } from './api.js';

const BASE = '/api/v1/operator';

/** { today, applications } ; status: pending | approved | rejected | all */
export function listApplications(status = 'all') {
  return api.get(`${BASE}/discount-applications?status=${encodeURIComponent(status)}`);
}

/** decision: approve | reject; resolves with the decided application. */
export async function decideApplication(id, decision, note) {
  const r = await api.post(`${BASE}/discount-applications/${encodeURIComponent(id)}/decision`, { decision, note });
  return r.application;
}

export async function listRates() {
  return (await api.get(`${BASE}/segment-rates`)).rates;
}

export async function setRate(segment, percent) {
  return (await api.put(`${BASE}/segment-rates/${encodeURIComponent(segment)}`, { percent })).rates;
}

export async function listPartners() {
  return (await api.get(`${BASE}/partners`)).partners;
}

export async function setFlexibleBilling(partnerId, on) {
  return (await api.patch(`${BASE}/partners/${encodeURIComponent(partnerId)}`, { flexible_billing: on })).partner;
}

/** { configured, counts: { waiting, sent, failed }, oldest_waiting_since, messages } */
export function outbox() {
  return api.get(`${BASE}/outbox`);
}

export function retryMessage(id) {
  return api.post(`${BASE}/outbox/${encodeURIComponent(id)}/retry`);
}

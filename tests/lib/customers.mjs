// New customers for API tests: the body of POST .../customers with
// source "new" (a London IT company with a local policy), and its
// creation through a test client.
import assert from 'node:assert/strict';

// The body of a new customer named company, with e-mail it@TAG.example
// and website TAG.example (tag: a unique domain label); over replaces or
// adds fields (management, segment_discount, ...).
export function customerBody(company, tag, over = {}) {
  return {
    source: 'new',
    email: `it@${tag}.example`,
    contact_person: 'Ada Lovelace',
    phone: '+44 20 7946 0958',
    company,
    industry: 'it_telecom',
    website: `${tag}.example`,
    street: '12 Marylebone Road',
    postal_code: 'NW1 5LN',
    city: 'London',
    country: 'GB',
    segment_discount: null,
    management: { mode: 'local', template: 'workstation' },
    ...over,
  };
}

// Create customerBody(company, tag, over) in the account whose customers
// are at path (/api/v1/accounts/ID/customers) as client; asserts 201 and
// resolves to the customer created.
export async function createCustomer(client, path, company, tag, over = {}) {
  const r = await client.req('POST', path, customerBody(company, tag, over));
  assert.equal(r.status, 201, r.text);
  return r.json.customer;
}

-- Every tenant table carries its partner_id (the distribution column of
-- docs/scale-out.md): the three tables that tie policies to customers had
-- none and were limited through joins. Filled from each row's customer.
ALTER TABLE policy_assignments ADD COLUMN partner_id TEXT
	REFERENCES accounts (id);
UPDATE policy_assignments x SET partner_id = c.partner_id
	FROM customers c WHERE c.id = x.customer_id;
ALTER TABLE policy_assignments ALTER COLUMN partner_id SET NOT NULL;

ALTER TABLE customer_defaults ADD COLUMN partner_id TEXT
	REFERENCES accounts (id);
UPDATE customer_defaults d SET partner_id = c.partner_id
	FROM customers c WHERE c.id = d.customer_id;
ALTER TABLE customer_defaults ALTER COLUMN partner_id SET NOT NULL;

ALTER TABLE policy_overrides ADD COLUMN partner_id TEXT
	REFERENCES accounts (id);
UPDATE policy_overrides o SET partner_id = c.partner_id
	FROM customers c WHERE c.id = o.customer_id;
ALTER TABLE policy_overrides ALTER COLUMN partner_id SET NOT NULL;

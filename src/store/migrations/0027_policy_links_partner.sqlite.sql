-- Every tenant table carries its partner_id (the distribution column of
-- docs/scale-out.md): the three tables that tie policies to customers had
-- none and were limited through joins. SQLite adds a NOT NULL column only
-- with a default, so each is rebuilt with the column filled from its
-- customer. Nothing refers to these tables.
CREATE TABLE policy_assignments_new (
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	policy_id	TEXT NOT NULL REFERENCES policies (id),
	customer_id	TEXT NOT NULL REFERENCES customers (id),
	created_at	BIGINT NOT NULL,
	PRIMARY KEY (policy_id, customer_id)
);
INSERT INTO policy_assignments_new (partner_id, policy_id, customer_id,
    created_at)
	SELECT c.partner_id, x.policy_id, x.customer_id, x.created_at
	FROM policy_assignments x JOIN customers c ON c.id = x.customer_id;
DROP TABLE policy_assignments;
ALTER TABLE policy_assignments_new RENAME TO policy_assignments;
CREATE INDEX policy_assignments_customer ON policy_assignments (customer_id);

CREATE TABLE customer_defaults_new (
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	customer_id	TEXT NOT NULL REFERENCES customers (id),
	platform	TEXT NOT NULL CHECK (platform IN ('workstation', 'server')),
	policy_id	TEXT NOT NULL REFERENCES policies (id),
	PRIMARY KEY (customer_id, platform)
);
INSERT INTO customer_defaults_new (partner_id, customer_id, platform,
    policy_id)
	SELECT c.partner_id, d.customer_id, d.platform, d.policy_id
	FROM customer_defaults d JOIN customers c ON c.id = d.customer_id;
DROP TABLE customer_defaults;
ALTER TABLE customer_defaults_new RENAME TO customer_defaults;

CREATE TABLE policy_overrides_new (
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	customer_id	TEXT NOT NULL REFERENCES customers (id),
	policy_id	TEXT NOT NULL REFERENCES policies (id),
	settings	TEXT NOT NULL,	-- JSON: what the customer changes
	revision	INTEGER NOT NULL DEFAULT 1,
	updated_at	BIGINT NOT NULL,
	PRIMARY KEY (customer_id, policy_id)
);
INSERT INTO policy_overrides_new (partner_id, customer_id, policy_id,
    settings, revision, updated_at)
	SELECT c.partner_id, o.customer_id, o.policy_id, o.settings,
	    o.revision, o.updated_at
	FROM policy_overrides o JOIN customers c ON c.id = o.customer_id;
DROP TABLE policy_overrides;
ALTER TABLE policy_overrides_new RENAME TO policy_overrides;
CREATE INDEX policy_overrides_policy ON policy_overrides (policy_id);

-- Customers, their policies, segment-discount applications, idempotency
-- keys, and searchable OMS records.

-- A customer's hub link is customers.oms_record_id (unique: one hub
-- customer per OMS record), so the OMS no longer keeps its own copy.
ALTER TABLE oms_records DROP COLUMN customer_id;
-- Case-folded NFKC "company\nemail\nfirst\nlast", kept by the application,
-- for substring search in any script.
ALTER TABLE oms_records ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE INDEX oms_records_partner_company ON oms_records (partner_id, company, id);

CREATE TABLE customers (
	id		TEXT PRIMARY KEY,
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	oms_record_id	TEXT NOT NULL UNIQUE REFERENCES oms_records (id),
	company		TEXT NOT NULL,
	email		TEXT NOT NULL,
	contact_person	TEXT NOT NULL,
	phone		TEXT NOT NULL,
	industry	TEXT NOT NULL,
	website		TEXT NOT NULL,
	street		TEXT NOT NULL,
	postal_code	TEXT NOT NULL,
	city		TEXT NOT NULL,
	country		TEXT NOT NULL,
	management	TEXT NOT NULL CHECK (management IN ('global', 'local')),
	sort_key	TEXT NOT NULL,	-- folded company name: list order
	search_text	TEXT NOT NULL,	-- folded company, e-mail, contact
	created_by	TEXT,
	created_at	BIGINT NOT NULL,
	updated_at	BIGINT NOT NULL
);
CREATE INDEX customers_partner_sort ON customers (partner_id, sort_key, id);

CREATE TABLE policies (
	id		TEXT PRIMARY KEY,
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	customer_id	TEXT REFERENCES customers (id),	-- NULL: global
	owner		TEXT NOT NULL,	-- customer_id, or 'global'
	name		TEXT NOT NULL,
	name_key	TEXT NOT NULL,	-- folded name: unique per owner
	description	TEXT NOT NULL DEFAULT '',
	platform	TEXT NOT NULL CHECK (platform IN ('workstation', 'server')),
	template	TEXT NOT NULL DEFAULT '',
	settings	TEXT NOT NULL,	-- JSON
	locked		TEXT NOT NULL DEFAULT '[]',	-- JSON list of paths
	revision	INTEGER NOT NULL DEFAULT 1,
	created_at	BIGINT NOT NULL,
	updated_at	BIGINT NOT NULL,
	UNIQUE (partner_id, owner, name_key)
);
CREATE INDEX policies_customer ON policies (customer_id);

-- Global policies assigned to customers.
CREATE TABLE policy_assignments (
	policy_id	TEXT NOT NULL REFERENCES policies (id),
	customer_id	TEXT NOT NULL REFERENCES customers (id),
	created_at	BIGINT NOT NULL,
	PRIMARY KEY (policy_id, customer_id)
);
CREATE INDEX policy_assignments_customer ON policy_assignments (customer_id);

-- Each customer's default policy per platform (local, or an assigned
-- global policy).
CREATE TABLE customer_defaults (
	customer_id	TEXT NOT NULL REFERENCES customers (id),
	platform	TEXT NOT NULL CHECK (platform IN ('workstation', 'server')),
	policy_id	TEXT NOT NULL REFERENCES policies (id),
	PRIMARY KEY (customer_id, platform)
);

CREATE TABLE discount_applications (
	id		TEXT PRIMARY KEY,
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	customer_id	TEXT NOT NULL REFERENCES customers (id),
	segment		TEXT NOT NULL
			    CHECK (segment IN ('education', 'government', 'nonprofit')),
	status		TEXT NOT NULL DEFAULT 'pending'
			    CHECK (status IN ('pending', 'approved', 'rejected')),
	applied_at	BIGINT NOT NULL,
	due_on		TEXT NOT NULL,	-- YYYY-MM-DD, 5 business days later
	decided_at	BIGINT,
	decided_by	TEXT,
	note		TEXT NOT NULL DEFAULT ''
);
CREATE INDEX discount_applications_customer ON discount_applications (customer_id);
CREATE INDEX discount_applications_status ON discount_applications (status, due_on);

-- Responses of requests sent with an Idempotency-Key header, per user.
CREATE TABLE idempotency_keys (
	login_id	TEXT NOT NULL,
	idem_key	TEXT NOT NULL,
	request_hash	TEXT NOT NULL,
	status		INTEGER NOT NULL,
	response	TEXT NOT NULL,
	created_at	BIGINT NOT NULL,
	PRIMARY KEY (login_id, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

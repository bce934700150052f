-- steward:foreign-keys-off
-- Company consoles manage their own devices (SPEC §1, §2, §8).
--
-- A company console is single-tenant (its devices belong to the company
-- itself) or multi-tenant (its children are sites), chosen at creation:
-- accounts.tenancy, NULL for partner and operator accounts.
--
-- Each company console owns one customer row of kind 'company', its own
-- record, to which its sites, installers, devices, policies and alerts
-- attach exactly as a partner's customers' do; its partner_id is the
-- company account's id. It is not an OMS customer: it has no OMS record
-- (the only customers without one), and since it belongs to a company
-- account it never appears where a partner's customers are listed,
-- counted or billed. At most one per company account.
--
-- SQLite cannot drop a NOT NULL constraint, so customers is rebuilt.
-- Seventeen tables refer to it: the first line asks the migration runner
-- (store_migrate.c) to turn foreign keys off around this transaction, as
-- SQLite's own procedure for such changes says, and to check every
-- reference before it commits. This copies every column customers has
-- up to migration 0027.
ALTER TABLE accounts ADD COLUMN tenancy TEXT
	CHECK (tenancy IN ('single', 'multi'));
UPDATE accounts SET tenancy = 'single' WHERE kind = 'company';

CREATE TABLE customers_new (
	id		TEXT PRIMARY KEY,
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	kind		TEXT NOT NULL DEFAULT 'customer'
			    CHECK (kind IN ('customer', 'company')),
	oms_record_id	TEXT UNIQUE REFERENCES oms_records (id),
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
	updated_at	BIGINT NOT NULL,
	deleted_at	BIGINT,
	deleted_by	TEXT,
	purge_at	BIGINT,
	CONSTRAINT customers_oms_kind
	    CHECK ((kind = 'customer') = (oms_record_id IS NOT NULL))
);
INSERT INTO customers_new (id, partner_id, kind, oms_record_id, company,
    email, contact_person, phone, industry, website, street, postal_code,
    city, country, management, sort_key, search_text, created_by,
    created_at, updated_at, deleted_at, deleted_by, purge_at)
	SELECT id, partner_id, 'customer', oms_record_id, company, email,
	    contact_person, phone, industry, website, street, postal_code,
	    city, country, management, sort_key, search_text, created_by,
	    created_at, updated_at, deleted_at, deleted_by, purge_at
	FROM customers;
DROP TABLE customers;
ALTER TABLE customers_new RENAME TO customers;
CREATE INDEX customers_partner_sort ON customers (partner_id, sort_key, id);
CREATE INDEX customers_partner_country ON customers (partner_id, country,
    sort_key, id);
CREATE INDEX customers_partner_created ON customers (partner_id, created_at,
    id);
CREATE INDEX customers_deleted ON customers (partner_id, deleted_at, id)
	WHERE deleted_at IS NOT NULL;
CREATE INDEX customers_purge ON customers (purge_at)
	WHERE purge_at IS NOT NULL;
CREATE UNIQUE INDEX customers_company_self ON customers (partner_id)
	WHERE kind = 'company';

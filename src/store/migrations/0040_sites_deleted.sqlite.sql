-- steward:foreign-keys-off
-- Deleted sites are kept 30 days, then purged (SPEC §8): a deleted site
-- (with its exclusions, its installer and the roles limited to it) stays
-- in its row with deleted_at, who deleted it and when it is purged, and
-- disappears from every list; it can be restored until purge_at.
--
-- A site's name is unique among the customer's live sites only, so that a
-- new site may take a deleted one's name (restoring that one is then
-- refused). SQLite cannot drop the table's UNIQUE (customer_id, name_key),
-- so sites is rebuilt: installers, devices and principal_sites refer to
-- it, and the first line asks the migration runner (store_migrate.c) to
-- turn foreign keys off around this transaction and to check every
-- reference before it commits. This copies every column sites has up to
-- migration 0039.
CREATE TABLE sites_new (
	id		TEXT PRIMARY KEY,
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	customer_id	TEXT NOT NULL REFERENCES customers (id),
	name		TEXT NOT NULL,
	name_key	TEXT NOT NULL,		-- folded name: unique when live
	exclusions	TEXT NOT NULL DEFAULT '{}',	-- JSON {paths, urls}
	revision	INTEGER NOT NULL DEFAULT 1,
	created_at	BIGINT NOT NULL,
	updated_at	BIGINT NOT NULL,
	deleted_at	BIGINT,
	deleted_by	TEXT,
	purge_at	BIGINT
);
INSERT INTO sites_new (id, partner_id, customer_id, name, name_key,
    exclusions, revision, created_at, updated_at)
	SELECT id, partner_id, customer_id, name, name_key, exclusions,
	    revision, created_at, updated_at
	FROM sites;
DROP TABLE sites;
ALTER TABLE sites_new RENAME TO sites;
CREATE INDEX sites_partner ON sites (partner_id, customer_id, name_key);
CREATE UNIQUE INDEX sites_live_name ON sites (partner_id, customer_id,
    name_key) WHERE deleted_at IS NULL;
CREATE INDEX sites_deleted ON sites (partner_id, customer_id, deleted_at, id)
	WHERE deleted_at IS NOT NULL;
CREATE INDEX sites_purge ON sites (purge_at) WHERE purge_at IS NOT NULL;

-- Deleted sites are kept 30 days, then purged (SPEC §8): a deleted site
-- (with its exclusions, its installer and the roles limited to it) stays
-- in its row with deleted_at, who deleted it and when it is purged, and
-- disappears from every list; it can be restored until purge_at.
--
-- A site's name is unique among the customer's live sites only, so that a
-- new site may take a deleted one's name (restoring that one is then
-- refused).
ALTER TABLE sites ADD COLUMN deleted_at BIGINT;
ALTER TABLE sites ADD COLUMN deleted_by TEXT;
ALTER TABLE sites ADD COLUMN purge_at BIGINT;
ALTER TABLE sites DROP CONSTRAINT sites_customer_id_name_key_key;
CREATE UNIQUE INDEX sites_live_name ON sites (partner_id, customer_id,
    name_key) WHERE deleted_at IS NULL;
CREATE INDEX sites_deleted ON sites (partner_id, customer_id, deleted_at, id)
	WHERE deleted_at IS NOT NULL;
CREATE INDEX sites_purge ON sites (purge_at) WHERE purge_at IS NOT NULL;

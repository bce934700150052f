-- Deletion with retention (SPEC §8): a deleted customer, company console
-- or partner account is hidden at once, kept 30 days so that it can be
-- restored, then purged with all its rows by the background process.
--
-- deleted_by is the name of whoever deleted it (shown in the list of
-- deleted customers); deleted_by_login the login that deleted an account
-- (a company console is restored by an admin of it, who can no longer
-- reach it through the account list).
ALTER TABLE customers ADD COLUMN deleted_at BIGINT;
ALTER TABLE customers ADD COLUMN deleted_by TEXT;
ALTER TABLE customers ADD COLUMN purge_at BIGINT;
CREATE INDEX customers_deleted ON customers (partner_id, deleted_at, id)
	WHERE deleted_at IS NOT NULL;
CREATE INDEX customers_purge ON customers (purge_at)
	WHERE purge_at IS NOT NULL;

ALTER TABLE accounts ADD COLUMN deleted_at BIGINT;
ALTER TABLE accounts ADD COLUMN deleted_by TEXT;
ALTER TABLE accounts ADD COLUMN deleted_by_login TEXT;
ALTER TABLE accounts ADD COLUMN purge_at BIGINT;
CREATE INDEX accounts_purge ON accounts (purge_at)
	WHERE purge_at IS NOT NULL;

-- A device's last-seen time changes at nearly every check-in; it was in
-- two of the dashboard's indexes (0022), so each batched last-seen write
-- moved two index entries besides the row: three random pages per device
-- instead of one (SQLite, 1,000,000 devices: 12,245 WAL pages and 230 ms
-- per batch of 4,096 devices against 4,012 pages and 86 ms without).
--
-- The indexes now hold seen_mark, a coarse copy of last_seen that moves
-- only when last_seen has gone SEEN_MARK_SPAN (an hour; store_int.h) past
-- it: seen_mark <= last_seen < seen_mark + SEEN_MARK_SPAN always. Queries
-- find the range from seen_mark and check last_seen on the few rows at its
-- edge (store_devices_drifted).
ALTER TABLE devices ADD COLUMN seen_mark BIGINT NOT NULL DEFAULT 0;
UPDATE devices SET seen_mark = last_seen;
DROP INDEX devices_drift_seen;
DROP INDEX devices_drift_defs;
CREATE INDEX devices_drift_seen ON devices (partner_id, status, seen_mark,
	definitions_at, protection, open_threats, customer_id, id, hostname);
CREATE INDEX devices_drift_defs ON devices (partner_id, status,
	definitions_at, seen_mark, protection, open_threats, customer_id, id,
	hostname);

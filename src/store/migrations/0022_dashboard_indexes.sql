-- Indexes for the dashboard at scale (bench/dashboard.mjs: 10,000
-- customers, 1,000,000 devices, 100,000 open alerts).
--
-- The devices whose stored status lags (store_devices_drifted), read on
-- every dashboard request: the same ranges as before, now read from the
-- index alone. A lagging device is anywhere in the table, so reading a
-- few thousand of them one table row at a time cost tens of milliseconds
-- on SQLite.
DROP INDEX devices_status_seen;
DROP INDEX devices_status_defs;
CREATE INDEX devices_drift_seen ON devices (partner_id, status, last_seen,
	definitions_at, protection, open_threats, customer_id, id, hostname);
CREATE INDEX devices_drift_defs ON devices (partner_id, status,
	definitions_at, last_seen, protection, open_threats, customer_id, id,
	hostname);

-- A customer's active subscriptions, counted for each row of the
-- dashboard: with two equality columns this index wins over the
-- (status, ends_on) one, which SQLite without statistics otherwise picked,
-- reading every active subscription of the installation per customer.
CREATE INDEX subscriptions_customer_status ON subscriptions (customer_id,
	status, kind, ends_on);

-- Alerts resolved per day for the dashboard's chart, read from the index
-- alone (the status was checked in the table, one row at a time).
DROP INDEX alerts_partner_closed;
CREATE INDEX alerts_partner_resolved ON alerts (partner_id, status,
	closed_at);

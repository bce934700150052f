-- Alerts (SPEC section 7) and the figures the dashboard reads.
--
-- devices.status is the device's status as last decided (at enrolment, at
-- a check-in that changed it, by the background sweep); 'removed' once
-- removed. Time moves some devices on before anyone writes (offline after
-- the partner's threshold, definitions ageing past three days): readers
-- correct the stored figures with the few devices whose stored status lags
-- (see store_dashboard.c), so the counts are exact without a write per
-- device per minute.
ALTER TABLE devices ADD COLUMN status TEXT NOT NULL DEFAULT 'at_risk'
	CHECK (status IN ('protected', 'at_risk', 'offline', 'removed'));
UPDATE devices SET status = CASE
	WHEN removed_at IS NOT NULL THEN 'removed'
	WHEN protection IS NULL OR protection = 'off' OR definitions_at IS NULL
	    OR open_threats > 0 THEN 'at_risk'
	ELSE 'protected' END;
CREATE INDEX devices_status_seen ON devices (partner_id, status, last_seen);
CREATE INDEX devices_status_defs ON devices (partner_id, status, definitions_at, last_seen);

-- Devices per customer by stored status, kept by triggers in the same
-- transaction as every change to a device.
-- Devices per customer by stored status, kept by a trigger in the same
-- transaction as every change to a device (one row per customer, so a
-- change locks one counter row).
CREATE TABLE device_stats (
	customer_id	TEXT PRIMARY KEY REFERENCES customers (id),
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	protected	BIGINT NOT NULL DEFAULT 0,
	at_risk		BIGINT NOT NULL DEFAULT 0,
	offline		BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX device_stats_partner ON device_stats (partner_id);
INSERT INTO device_stats (customer_id, partner_id, protected, at_risk, offline)
	SELECT customer_id, partner_id, count(*) FILTER (WHERE status = 'protected'),
	    count(*) FILTER (WHERE status = 'at_risk'),
	    count(*) FILTER (WHERE status = 'offline')
	FROM devices GROUP BY customer_id, partner_id;

CREATE FUNCTION device_stats_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		UPDATE device_stats SET
		    protected = protected - (OLD.status = 'protected')::int,
		    at_risk = at_risk - (OLD.status = 'at_risk')::int,
		    offline = offline - (OLD.status = 'offline')::int
		    WHERE customer_id = OLD.customer_id;
	END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') THEN
		INSERT INTO device_stats (customer_id, partner_id, protected,
		    at_risk, offline) VALUES (NEW.customer_id, NEW.partner_id,
		    (NEW.status = 'protected')::int,
		    (NEW.status = 'at_risk')::int,
		    (NEW.status = 'offline')::int)
		ON CONFLICT (customer_id) DO UPDATE SET
		    protected = device_stats.protected + excluded.protected,
		    at_risk = device_stats.at_risk + excluded.at_risk,
		    offline = device_stats.offline + excluded.offline;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER device_stats_insert AFTER INSERT ON devices
	FOR EACH ROW EXECUTE FUNCTION device_stats_keep();
CREATE TRIGGER device_stats_update AFTER UPDATE OF status, customer_id
	ON devices FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR
	OLD.customer_id IS DISTINCT FROM NEW.customer_id)
	EXECUTE FUNCTION device_stats_keep();
CREATE TRIGGER device_stats_delete AFTER DELETE ON devices
	FOR EACH ROW EXECUTE FUNCTION device_stats_keep();

-- One row per alert. open_key (customer, device, type, subject) is set
-- while the alert is open, acknowledged or muted and NULL once it is
-- resolved or dismissed: its uniqueness makes a repeat raise count and
-- last_seen instead of adding a row, also when check-ins race.
CREATE TABLE alerts (
	id		TEXT PRIMARY KEY,	-- ordered by creation
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	customer_id	TEXT NOT NULL REFERENCES customers (id),
	device_id	TEXT REFERENCES devices (id),
	type		TEXT NOT NULL CHECK (type IN ('threat_detected',
			    'protection_off', 'definitions_outdated',
			    'device_offline', 'trial_ending', 'trial_ended',
			    'subscription_ending', 'subscription_ended',
			    'seats_exceeded', 'discount_decided')),
	severity	TEXT NOT NULL CHECK (severity IN ('critical', 'high',
			    'medium', 'low')),
	subject		TEXT NOT NULL DEFAULT '',
	data		TEXT NOT NULL DEFAULT '{}',	-- JSON: what it is about
	status		TEXT NOT NULL CHECK (status IN ('open', 'acknowledged',
			    'muted', 'dismissed', 'resolved')),
	count		INTEGER NOT NULL DEFAULT 1,
	first_seen	BIGINT NOT NULL,
	last_seen	BIGINT NOT NULL,
	open_key	TEXT UNIQUE,
	changed_by	TEXT,			-- login id; NULL: Steward itself
	changed_by_name	TEXT,
	changed_at	BIGINT,
	note		TEXT NOT NULL DEFAULT '',	-- why it was resolved
	closed_at	BIGINT			-- resolved or dismissed at
);
CREATE INDEX alerts_partner ON alerts (partner_id, id);
CREATE INDEX alerts_partner_status ON alerts (partner_id, status, id);
CREATE INDEX alerts_customer ON alerts (customer_id, id);
CREATE INDEX alerts_device ON alerts (device_id);
CREATE INDEX alerts_closed ON alerts (closed_at);
CREATE INDEX alerts_partner_closed ON alerts (partner_id, closed_at);
CREATE INDEX alerts_first_seen ON alerts (partner_id, first_seen);

-- Open alerts per customer by severity, kept by a trigger.
CREATE TABLE alert_stats (
	customer_id	TEXT PRIMARY KEY REFERENCES customers (id),
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	critical	BIGINT NOT NULL DEFAULT 0,
	high		BIGINT NOT NULL DEFAULT 0,
	medium		BIGINT NOT NULL DEFAULT 0,
	low		BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX alert_stats_partner ON alert_stats (partner_id);

CREATE FUNCTION alert_stats_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'open' THEN
		UPDATE alert_stats SET
		    critical = critical - (OLD.severity = 'critical')::int,
		    high = high - (OLD.severity = 'high')::int,
		    medium = medium - (OLD.severity = 'medium')::int,
		    low = low - (OLD.severity = 'low')::int
		    WHERE customer_id = OLD.customer_id;
	END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.status = 'open' THEN
		INSERT INTO alert_stats (customer_id, partner_id, critical,
		    high, medium, low) VALUES (NEW.customer_id,
		    NEW.partner_id, (NEW.severity = 'critical')::int,
		    (NEW.severity = 'high')::int,
		    (NEW.severity = 'medium')::int,
		    (NEW.severity = 'low')::int)
		ON CONFLICT (customer_id) DO UPDATE SET
		    critical = alert_stats.critical + excluded.critical,
		    high = alert_stats.high + excluded.high,
		    medium = alert_stats.medium + excluded.medium,
		    low = alert_stats.low + excluded.low;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER alert_stats_insert AFTER INSERT ON alerts
	FOR EACH ROW EXECUTE FUNCTION alert_stats_keep();
CREATE TRIGGER alert_stats_update AFTER UPDATE OF status, severity ON alerts
	FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR
	OLD.severity IS DISTINCT FROM NEW.severity)
	EXECUTE FUNCTION alert_stats_keep();
CREATE TRIGGER alert_stats_delete AFTER DELETE ON alerts
	FOR EACH ROW EXECUTE FUNCTION alert_stats_keep();

-- A type muted for a customer until a time: alerts of that type are
-- raised as 'muted' (they keep counting) and open ones are muted; when
-- the mute ends (until passes, or it is deleted) they open again.
CREATE TABLE alert_mutes (
	id		TEXT PRIMARY KEY,
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	customer_id	TEXT NOT NULL REFERENCES customers (id),
	type		TEXT NOT NULL,
	until		BIGINT NOT NULL,
	created_by	TEXT,
	created_by_name	TEXT,
	created_at	BIGINT NOT NULL,
	ended		INTEGER NOT NULL DEFAULT 0	-- its alerts reopened
);
CREATE INDEX alert_mutes_partner ON alert_mutes (partner_id, customer_id, type);
CREATE INDEX alert_mutes_ending ON alert_mutes (ended, until);

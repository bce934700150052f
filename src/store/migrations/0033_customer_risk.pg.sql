-- The dashboard's rows by risk come from an index in that order: each
-- customer's risk is kept beside its counters (device_stats,
-- alert_stats) by triggers, so the first page reads a page's worth of
-- index entries instead of computing and sorting every customer's risk.
--
-- Risk, highest first: open critical alerts, then high ones, then devices
-- at risk or offline, then the other open alerts, each capped so that one
-- cannot spill into the next (customer_risk_now says how).
CREATE TABLE customer_risk (
	customer_id	TEXT PRIMARY KEY
			    REFERENCES customers (id) ON DELETE CASCADE,
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	sort_key	TEXT NOT NULL,		-- the customer's, kept with it
	risk		BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX customer_risk_order ON customer_risk
	(partner_id, risk DESC, sort_key, customer_id);

CREATE VIEW customer_risk_now AS
	SELECT c.id AS customer_id,
	    least(COALESCE(al.critical, 0), 999) * 1000000000000 +
	    least(COALESCE(al.high, 0), 999) * 1000000000 +
	    least(COALESCE(ds.at_risk, 0) + COALESCE(ds.offline, 0), 999999)
	    * 1000 +
	    least(COALESCE(al.medium, 0) + COALESCE(al.low, 0), 999) AS risk
	FROM customers c
	LEFT JOIN device_stats ds ON ds.customer_id = c.id
	LEFT JOIN alert_stats al ON al.customer_id = c.id;

INSERT INTO customer_risk (customer_id, partner_id, sort_key, risk)
	SELECT c.id, c.partner_id, c.sort_key, n.risk
	FROM customers c JOIN customer_risk_now n ON n.customer_id = c.id;

CREATE FUNCTION customer_risk_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO customer_risk (customer_id, partner_id, sort_key)
		    VALUES (NEW.id, NEW.partner_id, NEW.sort_key);
	ELSE
		UPDATE customer_risk SET sort_key = NEW.sort_key
		    WHERE customer_id = NEW.id AND partner_id = NEW.partner_id;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER customer_risk_insert AFTER INSERT ON customers
	FOR EACH ROW EXECUTE FUNCTION customer_risk_new();
CREATE TRIGGER customer_risk_rename AFTER UPDATE OF sort_key ON customers
	FOR EACH ROW WHEN (OLD.sort_key IS DISTINCT FROM NEW.sort_key)
	EXECUTE FUNCTION customer_risk_new();

-- A counter changed: at commit (a deferred trigger, so the row lock it
-- takes comes after every device and alert row the transaction holds),
-- the customer's risk row is locked first, and only then is the risk
-- computed, by a statement of its own whose snapshot is taken after the
-- lock: two transactions changing the device and the alert counters of
-- one customer at once cannot leave a risk computed from either's old
-- figures. Two transactions that each change several customers' counters
-- in opposite orders can still wait on each other here; PostgreSQL then
-- ends one (40P01), which the store answers as busy (ST_UNAVAILABLE: a
-- request gets 503 and may retry, a background job tries again at its
-- next round).
CREATE FUNCTION customer_risk_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM 1 FROM customer_risk WHERE customer_id = NEW.customer_id
	    AND partner_id = NEW.partner_id FOR UPDATE;
	UPDATE customer_risk SET risk = n.risk FROM customer_risk_now n
	    WHERE n.customer_id = NEW.customer_id
	    AND customer_risk.customer_id = NEW.customer_id
	    AND customer_risk.partner_id = NEW.partner_id
	    AND customer_risk.risk <> n.risk;
	RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER customer_risk_devices
	AFTER INSERT OR UPDATE ON device_stats
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION customer_risk_keep();
CREATE CONSTRAINT TRIGGER customer_risk_alerts
	AFTER INSERT OR UPDATE ON alert_stats
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION customer_risk_keep();

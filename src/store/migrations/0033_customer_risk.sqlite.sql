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
	    min(COALESCE(al.critical, 0), 999) * 1000000000000 +
	    min(COALESCE(al.high, 0), 999) * 1000000000 +
	    min(COALESCE(ds.at_risk, 0) + COALESCE(ds.offline, 0), 999999)
	    * 1000 +
	    min(COALESCE(al.medium, 0) + COALESCE(al.low, 0), 999) AS risk
	FROM customers c
	LEFT JOIN device_stats ds ON ds.customer_id = c.id
	LEFT JOIN alert_stats al ON al.customer_id = c.id;

INSERT INTO customer_risk (customer_id, partner_id, sort_key, risk)
	SELECT c.id, c.partner_id, c.sort_key, n.risk
	FROM customers c JOIN customer_risk_now n ON n.customer_id = c.id;

CREATE TRIGGER customer_risk_insert AFTER INSERT ON customers BEGIN
	INSERT INTO customer_risk (customer_id, partner_id, sort_key)
	    VALUES (NEW.id, NEW.partner_id, NEW.sort_key);
END;
CREATE TRIGGER customer_risk_rename AFTER UPDATE OF sort_key ON customers
    WHEN OLD.sort_key IS NOT NEW.sort_key BEGIN
	UPDATE customer_risk SET sort_key = NEW.sort_key
	    WHERE customer_id = NEW.id AND partner_id = NEW.partner_id;
END;
CREATE TRIGGER customer_risk_devices_new AFTER INSERT ON device_stats BEGIN
	UPDATE customer_risk SET risk = (SELECT risk FROM customer_risk_now
	    WHERE customer_id = NEW.customer_id)
	    WHERE customer_id = NEW.customer_id
	    AND partner_id = NEW.partner_id;
END;
CREATE TRIGGER customer_risk_devices AFTER UPDATE ON device_stats BEGIN
	UPDATE customer_risk SET risk = (SELECT risk FROM customer_risk_now
	    WHERE customer_id = NEW.customer_id)
	    WHERE customer_id = NEW.customer_id
	    AND partner_id = NEW.partner_id;
END;
CREATE TRIGGER customer_risk_alerts_new AFTER INSERT ON alert_stats BEGIN
	UPDATE customer_risk SET risk = (SELECT risk FROM customer_risk_now
	    WHERE customer_id = NEW.customer_id)
	    WHERE customer_id = NEW.customer_id
	    AND partner_id = NEW.partner_id;
END;
CREATE TRIGGER customer_risk_alerts AFTER UPDATE ON alert_stats BEGIN
	UPDATE customer_risk SET risk = (SELECT risk FROM customer_risk_now
	    WHERE customer_id = NEW.customer_id)
	    WHERE customer_id = NEW.customer_id
	    AND partner_id = NEW.partner_id;
END;

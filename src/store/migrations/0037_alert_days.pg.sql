-- The dashboard's chart: alerts raised and resolved on each day, kept per
-- partner beside the alerts by triggers, so the chart of a whole account
-- reads its 30 days' rows instead of counting every alert of the period in
-- the indexes (160,000 index entries, most of the dashboard's time at
-- 1,000,000 devices). A day is whole days since the epoch, UTC; an alert
-- is raised on its first_seen's day and counts as resolved on its
-- closed_at's day while its status is resolved. Roles limited to chosen
-- customers or sites still count their own alerts.
--
-- The triggers are deferred to commit, so the day's row (which every
-- alert of the partner that day shares) is locked for moments at the end
-- of a transaction, not while a check-in goes on. Two transactions that
-- change alerts of several days in opposite orders can still wait on each
-- other there; PostgreSQL then ends one (40P01), answered as busy.
CREATE TABLE alert_days (
	partner_id	TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	day		BIGINT NOT NULL,
	raised		BIGINT NOT NULL DEFAULT 0,
	resolved	BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (partner_id, day)
);

INSERT INTO alert_days (partner_id, day, raised, resolved)
	SELECT partner_id, day, sum(r), sum(s) FROM (
	    SELECT partner_id, first_seen / 86400 AS day, 1 AS r, 0 AS s
	    FROM alerts
	    UNION ALL
	    SELECT partner_id, closed_at / 86400, 0, 1 FROM alerts
	    WHERE status = 'resolved' AND closed_at IS NOT NULL) x
	GROUP BY partner_id, day;

-- Add to a day's counts (made when missing); take away from them
-- (never made: the account may be gone, with its rows).
CREATE FUNCTION alert_days_add(p TEXT, d BIGINT, r BIGINT, s BIGINT)
    RETURNS void LANGUAGE sql AS $$
	INSERT INTO alert_days AS a (partner_id, day, raised, resolved)
	    VALUES (p, d, r, s)
	    ON CONFLICT (partner_id, day) DO UPDATE
	    SET raised = a.raised + excluded.raised,
	    resolved = a.resolved + excluded.resolved;
$$;
CREATE FUNCTION alert_days_sub(p TEXT, d BIGINT, r BIGINT, s BIGINT)
    RETURNS void LANGUAGE sql AS $$
	UPDATE alert_days SET raised = raised - r, resolved = resolved - s
	    WHERE partner_id = p AND day = d;
$$;

CREATE FUNCTION alert_days_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		PERFORM alert_days_sub(OLD.partner_id, OLD.first_seen / 86400,
		    1, 0);
		IF OLD.status = 'resolved' AND OLD.closed_at IS NOT NULL THEN
			PERFORM alert_days_sub(OLD.partner_id,
			    OLD.closed_at / 86400, 0, 1);
		END IF;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		PERFORM alert_days_add(NEW.partner_id, NEW.first_seen / 86400,
		    1, 0);
		IF NEW.status = 'resolved' AND NEW.closed_at IS NOT NULL THEN
			PERFORM alert_days_add(NEW.partner_id,
			    NEW.closed_at / 86400, 0, 1);
		END IF;
	END IF;
	RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER alert_days_insert AFTER INSERT ON alerts
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION alert_days_keep();
CREATE CONSTRAINT TRIGGER alert_days_update
	AFTER UPDATE OF status, closed_at, first_seen ON alerts
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR
	    OLD.closed_at IS DISTINCT FROM NEW.closed_at OR
	    OLD.first_seen IS DISTINCT FROM NEW.first_seen)
	EXECUTE FUNCTION alert_days_keep();
CREATE CONSTRAINT TRIGGER alert_days_delete AFTER DELETE ON alerts
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION alert_days_keep();

-- The dashboard's chart: alerts raised and resolved on each day, kept per
-- partner beside the alerts by triggers in the same transaction, so the
-- chart of a whole account reads its 30 days' rows instead of counting
-- every alert of the period in the indexes (160,000 index entries, most of
-- the dashboard's time at 1,000,000 devices). A day is whole days since
-- the epoch, UTC; an alert is raised on its first_seen's day and counts as
-- resolved on its closed_at's day while its status is resolved. Roles
-- limited to chosen customers or sites still count their own alerts.
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
	    WHERE status = 'resolved' AND closed_at IS NOT NULL)
	GROUP BY partner_id, day;

CREATE TRIGGER alert_days_insert AFTER INSERT ON alerts BEGIN
	INSERT INTO alert_days (partner_id, day, raised)
	    VALUES (NEW.partner_id, NEW.first_seen / 86400, 1)
	    ON CONFLICT (partner_id, day) DO UPDATE SET raised = raised + 1;
	INSERT INTO alert_days (partner_id, day, resolved)
	    SELECT NEW.partner_id, NEW.closed_at / 86400, 1
	    WHERE NEW.status = 'resolved' AND NEW.closed_at IS NOT NULL
	    ON CONFLICT (partner_id, day) DO UPDATE
	    SET resolved = resolved + 1;
END;

CREATE TRIGGER alert_days_update AFTER UPDATE OF status, closed_at,
    first_seen ON alerts
    WHEN OLD.status IS NOT NEW.status OR OLD.closed_at IS NOT NEW.closed_at
    OR OLD.first_seen IS NOT NEW.first_seen BEGIN
	UPDATE alert_days SET raised = raised - 1
	    WHERE OLD.first_seen IS NOT NEW.first_seen
	    AND partner_id = OLD.partner_id AND day = OLD.first_seen / 86400;
	INSERT INTO alert_days (partner_id, day, raised)
	    SELECT NEW.partner_id, NEW.first_seen / 86400, 1
	    WHERE OLD.first_seen IS NOT NEW.first_seen
	    ON CONFLICT (partner_id, day) DO UPDATE SET raised = raised + 1;
	UPDATE alert_days SET resolved = resolved - 1
	    WHERE OLD.status = 'resolved' AND OLD.closed_at IS NOT NULL
	    AND partner_id = OLD.partner_id AND day = OLD.closed_at / 86400;
	INSERT INTO alert_days (partner_id, day, resolved)
	    SELECT NEW.partner_id, NEW.closed_at / 86400, 1
	    WHERE NEW.status = 'resolved' AND NEW.closed_at IS NOT NULL
	    ON CONFLICT (partner_id, day) DO UPDATE
	    SET resolved = resolved + 1;
END;

CREATE TRIGGER alert_days_delete AFTER DELETE ON alerts BEGIN
	UPDATE alert_days SET raised = raised - 1
	    WHERE partner_id = OLD.partner_id AND day = OLD.first_seen / 86400;
	UPDATE alert_days SET resolved = resolved - 1
	    WHERE OLD.status = 'resolved' AND OLD.closed_at IS NOT NULL
	    AND partner_id = OLD.partner_id AND day = OLD.closed_at / 86400;
END;

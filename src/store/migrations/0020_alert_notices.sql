-- E-mail notices of alerts (SPEC section 7: "chosen alerts are also
-- e-mailed"). A new open alert waits for the background process with
-- notify_pending = 1; the notifier clears the flag in the transaction that
-- queues its messages, so each alert is announced once, whichever server
-- gets to it, and none is lost.
ALTER TABLE alerts ADD COLUMN notify_pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX alerts_notify ON alerts (notify_pending, id) WHERE notify_pending = 1;

-- What each person of a partner account hears about. No row: immediate
-- notices of high and critical alerts.
CREATE TABLE alert_notify_settings (
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	login_id	TEXT NOT NULL REFERENCES logins (id),
	mode		TEXT NOT NULL CHECK (mode IN ('immediate', 'digest', 'off')),
	min_severity	TEXT NOT NULL CHECK (min_severity IN ('critical', 'high',
			    'medium', 'low')),
	types		TEXT NOT NULL DEFAULT '[]',	-- JSON list; []: every type
	digest_sent_on	TEXT,				-- UTC day of the last digest
	updated_at	BIGINT NOT NULL,
	PRIMARY KEY (partner_id, login_id)
);

-- Alerts waiting for a person's next message: the daily digest, or the
-- summary of those over the hourly cap of one type.
CREATE TABLE alert_notify_pending (
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	login_id	TEXT NOT NULL REFERENCES logins (id),
	alert_id	TEXT NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
	reason		TEXT NOT NULL CHECK (reason IN ('digest', 'capped')),
	created_at	BIGINT NOT NULL,
	PRIMARY KEY (partner_id, login_id, alert_id)
);
CREATE INDEX alert_notify_pending_alert ON alert_notify_pending (alert_id);

-- Immediate notices sent per person, type and hour: the flood cap.
CREATE TABLE alert_notify_sent (
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	login_id	TEXT NOT NULL REFERENCES logins (id),
	type		TEXT NOT NULL,
	hour		BIGINT NOT NULL,		-- Unix time / 3600
	n		INTEGER NOT NULL,
	PRIMARY KEY (partner_id, login_id, type, hour)
);

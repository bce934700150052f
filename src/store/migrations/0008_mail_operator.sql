-- E-mail outbox and the operator's review of segment discounts.
--
-- mail_outbox: one row per message and recipient, written in the same
-- transaction as the change that causes it, so a message exists exactly
-- when its cause does. Senders (any worker of any server) claim a row with
-- a conditional UPDATE that sets a lease (lease_owner, lease_until); only
-- the holder of the lease may record the outcome. status:
--   waiting   to be sent at next_attempt_at (new, or after a temporary
--             failure: attempts and last_error tell how it went)
--   sending   claimed; a lease that ran out (a sender died) is claimable
--   sent      delivered to the SMTP server (sent_at); never sent again
--   failed    refused for good (5xx); kept for the operator to see
CREATE TABLE mail_outbox (
	id		TEXT PRIMARY KEY,
	account_id	TEXT REFERENCES accounts (id),	-- what it is about
	kind		TEXT NOT NULL,		-- discount_received, ...
	recipient	TEXT NOT NULL,		-- e-mail address
	recipient_name	TEXT NOT NULL DEFAULT '',
	language	TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'ja')),
	subject		TEXT NOT NULL,
	body_text	TEXT NOT NULL,
	body_html	TEXT NOT NULL,
	message_id	TEXT NOT NULL,		-- the same on every attempt
	status		TEXT NOT NULL DEFAULT 'waiting'
			    CHECK (status IN ('waiting', 'sending', 'sent', 'failed')),
	attempts	INTEGER NOT NULL DEFAULT 0,
	next_attempt_at	BIGINT NOT NULL,
	lease_owner	TEXT,
	lease_until	BIGINT,
	last_error	TEXT NOT NULL DEFAULT '',
	created_at	BIGINT NOT NULL,
	sent_at		BIGINT,
	failed_at	BIGINT
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_created ON mail_outbox (created_at);

-- The operator's queue: pending applications by due date.
CREATE INDEX discount_applications_due ON discount_applications (due_on, applied_at);

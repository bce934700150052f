-- Webhooks (SPEC section 10): a partner's HTTPS endpoints for chosen
-- events, and their deliveries, an outbox written in the same transaction
-- as the change that causes each event. The signing secret is never
-- stored: it is derived from the installation's key file, the webhook's
-- id and its generation (rotation moves to the next generation).
CREATE TABLE webhooks (
	id		TEXT PRIMARY KEY,
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	url		TEXT NOT NULL,
	events		TEXT NOT NULL,			-- JSON list of event types
	enabled		INTEGER NOT NULL DEFAULT 1,
	generation	INTEGER NOT NULL DEFAULT 1,
	created_by	TEXT,
	created_at	BIGINT NOT NULL,
	updated_at	BIGINT NOT NULL
);
CREATE INDEX webhooks_partner ON webhooks (partner_id, created_at);

CREATE TABLE webhook_deliveries (
	id		TEXT PRIMARY KEY,		-- ordered by creation
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	webhook_id	TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
	event_id	TEXT NOT NULL,
	event		TEXT NOT NULL,
	body		TEXT NOT NULL,
	status		TEXT NOT NULL CHECK (status IN ('waiting', 'sending',
			    'delivered', 'failed')),
	attempts	INTEGER NOT NULL DEFAULT 0,
	next_attempt_at	BIGINT NOT NULL,
	lease_owner	TEXT,
	lease_until	BIGINT,
	last_status	INTEGER,			-- HTTP status of the last try
	last_error	TEXT NOT NULL DEFAULT '',
	created_at	BIGINT NOT NULL,
	delivered_at	BIGINT,
	UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, id);

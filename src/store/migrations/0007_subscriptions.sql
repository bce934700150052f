-- Subscriptions and billing: the operator's service catalogue, customers'
-- subscriptions (one row per customer and service), pay-as-you-go seat
-- periods, OMS orders and their activation codes, subscription events for
-- alerts, daily-job bookkeeping and the operator's segment-discount rates.
-- Dates are "YYYY-MM-DD" (UTC days); money is in millionths of the
-- currency unit (BIGINT), so sums are exact.

CREATE TABLE services (
	key		TEXT PRIMARY KEY,
	name		TEXT NOT NULL,
	trial_days	INTEGER NOT NULL DEFAULT 30 CHECK (trial_days BETWEEN 1 AND 365),
	trial_seats	INTEGER NOT NULL DEFAULT 25 CHECK (trial_seats BETWEEN 1 AND 100000),
	price_micros	BIGINT NOT NULL DEFAULT 0 CHECK (price_micros >= 0),
	currency	TEXT NOT NULL DEFAULT 'EUR',
	position	INTEGER NOT NULL DEFAULT 0,
	created_at	BIGINT NOT NULL,
	updated_at	BIGINT NOT NULL
);

-- The current (or last) subscription of a customer to a service.
-- trial_started_on is set once and never cleared: a trial is once only.
CREATE TABLE subscriptions (
	customer_id	TEXT NOT NULL REFERENCES customers (id),
	service_key	TEXT NOT NULL REFERENCES services (key),
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	kind		TEXT NOT NULL CHECK (kind IN ('trial', 'prepaid', 'payg')),
	status		TEXT NOT NULL CHECK (status IN ('active', 'expired', 'cancelled')),
	seats		INTEGER NOT NULL CHECK (seats >= 0),
	starts_on	TEXT NOT NULL,
	ends_on		TEXT,			-- NULL for pay-as-you-go
	trial_started_on TEXT,
	trial_ends_on	TEXT,
	created_at	BIGINT NOT NULL,
	updated_at	BIGINT NOT NULL,
	PRIMARY KEY (customer_id, service_key)
);
CREATE INDEX subscriptions_partner ON subscriptions (partner_id, customer_id, service_key);
CREATE INDEX subscriptions_ends ON subscriptions (status, ends_on);

-- Pay-as-you-go seat counts over time: [start_at, end_at) in Unix seconds,
-- end_at NULL while open. A day is charged at the most seats held in it.
CREATE TABLE payg_periods (
	id		TEXT PRIMARY KEY,
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	customer_id	TEXT NOT NULL REFERENCES customers (id),
	service_key	TEXT NOT NULL REFERENCES services (key),
	seats		INTEGER NOT NULL CHECK (seats > 0),
	start_at	BIGINT NOT NULL,
	end_at		BIGINT
);
CREATE INDEX payg_periods_partner ON payg_periods (partner_id, start_at);
CREATE INDEX payg_periods_customer ON payg_periods (customer_id, service_key, start_at);

CREATE TABLE oms_orders (
	id		TEXT PRIMARY KEY,
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	service_key	TEXT NOT NULL REFERENCES services (key),
	seats		INTEGER NOT NULL CHECK (seats > 0),
	months		INTEGER NOT NULL CHECK (months > 0),
	code_count	INTEGER NOT NULL CHECK (code_count > 0),
	created_at	BIGINT NOT NULL
);
CREATE INDEX oms_orders_partner ON oms_orders (partner_id, created_at);

-- Codes are kept only as a keyed hash; hint is the last group, for lists.
CREATE TABLE activation_codes (
	id		TEXT PRIMARY KEY,
	code_hash	TEXT NOT NULL UNIQUE,
	hint		TEXT NOT NULL,
	order_id	TEXT NOT NULL REFERENCES oms_orders (id),
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	service_key	TEXT NOT NULL REFERENCES services (key),
	seats		INTEGER NOT NULL,
	months		INTEGER NOT NULL,
	created_at	BIGINT NOT NULL,
	redeemed_at	BIGINT,
	customer_id	TEXT REFERENCES customers (id),
	redeemed_by	TEXT
);
CREATE INDEX activation_codes_order ON activation_codes (order_id);
CREATE INDEX activation_codes_customer ON activation_codes (customer_id);

-- What happened to subscriptions, for alerts: trial/term ending soon or
-- ended, seats changed. One row per customer, service, kind and day.
CREATE TABLE subscription_events (
	id		TEXT PRIMARY KEY,
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	customer_id	TEXT NOT NULL REFERENCES customers (id),
	service_key	TEXT NOT NULL REFERENCES services (key),
	kind		TEXT NOT NULL CHECK (kind IN ('trial_ending', 'trial_ended',
			    'term_ending', 'term_ended')),
	on_date		TEXT NOT NULL,
	created_at	BIGINT NOT NULL,
	UNIQUE (customer_id, service_key, kind, on_date)
);
CREATE INDEX subscription_events_partner ON subscription_events (partner_id, created_at);

-- Daily jobs: a run claims its day by moving last_day forward in one
-- conditional update, so one server in a cluster runs it.
CREATE TABLE job_runs (
	name		TEXT PRIMARY KEY,
	last_day	TEXT NOT NULL,
	ran_at		BIGINT NOT NULL,
	runner		TEXT NOT NULL DEFAULT ''
);

-- Segment discount percentages, kept by the operator.
CREATE TABLE segment_rates (
	segment		TEXT PRIMARY KEY
			    CHECK (segment IN ('education', 'government', 'nonprofit')),
	percent		INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
	updated_at	BIGINT NOT NULL
);
INSERT INTO segment_rates (segment, percent, updated_at) VALUES ('education', 20, 0);
INSERT INTO segment_rates (segment, percent, updated_at) VALUES ('government', 15, 0);
INSERT INTO segment_rates (segment, percent, updated_at) VALUES ('nonprofit', 25, 0);

-- The percentage an approval granted, fixed at the decision.
ALTER TABLE discount_applications ADD COLUMN percent INTEGER;

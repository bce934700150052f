-- Sites, installers and devices (SPEC section 8).
--
-- A site is a location inside a customer; its exclusions are a policy
-- layer between the customer's overrides and a device's own. Each
-- customer and each site has one installer: the hash of its enrolment
-- token (the token itself is derived from the installation's key and the
-- installer's generation, so the database never holds it). A device
-- belongs to one customer and at most one site, and is known to its agent
-- by a secret kept here only as a hash.
ALTER TABLE accounts ADD COLUMN device_offline_days INTEGER NOT NULL DEFAULT 7;

CREATE TABLE sites (
	id		TEXT PRIMARY KEY,
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	customer_id	TEXT NOT NULL REFERENCES customers (id),
	name		TEXT NOT NULL,
	name_key	TEXT NOT NULL,		-- folded name: unique per customer
	exclusions	TEXT NOT NULL DEFAULT '{}',	-- JSON {paths, urls}
	revision	INTEGER NOT NULL DEFAULT 1,
	created_at	BIGINT NOT NULL,
	updated_at	BIGINT NOT NULL,
	UNIQUE (customer_id, name_key)
);
CREATE INDEX sites_partner ON sites (partner_id, customer_id, name_key);

CREATE TABLE installers (
	id		TEXT PRIMARY KEY,
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	customer_id	TEXT NOT NULL REFERENCES customers (id),
	site_id		TEXT REFERENCES sites (id),
	owner		TEXT NOT NULL UNIQUE,	-- the site id, or the customer id
	generation	INTEGER NOT NULL DEFAULT 1,
	token_hash	TEXT NOT NULL UNIQUE,	-- BLAKE2b of the current token
	created_at	BIGINT NOT NULL,
	rotated_at	BIGINT NOT NULL
);

CREATE TABLE devices (
	id		TEXT PRIMARY KEY,
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	customer_id	TEXT NOT NULL REFERENCES customers (id),
	site_id		TEXT REFERENCES sites (id),
	hardware_id	TEXT NOT NULL,
	hostname	TEXT NOT NULL,
	sort_key	TEXT NOT NULL,		-- folded host name: list order
	platform	TEXT NOT NULL CHECK (platform IN ('workstation', 'server')),
	os		TEXT NOT NULL DEFAULT '',
	kernel		TEXT NOT NULL DEFAULT '',
	agent_version	TEXT NOT NULL DEFAULT '',
	ip_addresses	TEXT NOT NULL DEFAULT '[]',	-- JSON list
	booted_at	BIGINT,
	secret_hash	TEXT NOT NULL UNIQUE,	-- BLAKE2b of the device secret
	policy_id	TEXT REFERENCES policies (id),	-- NULL: customer default
	overrides	TEXT NOT NULL DEFAULT '{}',	-- JSON: the device's layer
	override_revision INTEGER NOT NULL DEFAULT 0,
	protection	TEXT CHECK (protection IN ('on', 'off')),
	definitions_at	BIGINT,
	open_threats	INTEGER NOT NULL DEFAULT 0,
	state_hash	TEXT NOT NULL DEFAULT '',	-- of the last state reported
	commands	TEXT NOT NULL DEFAULT '',	-- JSON list waiting, or ''
	policy_push	INTEGER NOT NULL DEFAULT 0,	-- send the policy next time
	enrolled_at	BIGINT NOT NULL,
	last_seen	BIGINT NOT NULL,
	removed_at	BIGINT,
	UNIQUE (customer_id, hardware_id)
);
CREATE INDEX devices_partner ON devices (partner_id, sort_key, id);
CREATE INDEX devices_customer ON devices (customer_id, sort_key, id);
CREATE INDEX devices_site ON devices (site_id);

CREATE TABLE device_threats (
	id		TEXT PRIMARY KEY,
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	customer_id	TEXT NOT NULL REFERENCES customers (id),
	device_id	TEXT NOT NULL REFERENCES devices (id),
	name		TEXT NOT NULL,
	path		TEXT NOT NULL,
	action		TEXT NOT NULL
			    CHECK (action IN ('quarantined', 'deleted', 'blocked', 'reported')),
	detected_at	BIGINT NOT NULL,
	reported_at	BIGINT NOT NULL,
	resolved	INTEGER NOT NULL DEFAULT 0,
	UNIQUE (device_id, name, path, detected_at)
);
CREATE INDEX device_threats_device ON device_threats (device_id, detected_at);

-- API clients: integrations that act in one account with a role, for the
-- whole account or chosen customers, with short-lived bearer tokens
-- exchanged for their secret (OAuth 2.0 client credentials).
--
-- The customers a role limited to chosen customers covers are kept per
-- principal (a login's membership or an API client) in one table, which
-- replaces membership_customers.
CREATE TABLE principal_customers (
	account_id	TEXT NOT NULL REFERENCES accounts (id),
	principal_id	TEXT NOT NULL,		-- a login or an API client
	customer_id	TEXT NOT NULL REFERENCES customers (id),
	PRIMARY KEY (account_id, principal_id, customer_id)
);
CREATE INDEX principal_customers_customer ON principal_customers (customer_id);
INSERT INTO principal_customers (account_id, principal_id, customer_id)
    SELECT account_id, login_id, customer_id FROM membership_customers;
DROP TABLE membership_customers;

CREATE TABLE api_clients (
	id		TEXT PRIMARY KEY,	-- also the OAuth client_id
	account_id	TEXT NOT NULL REFERENCES accounts (id),
	name		TEXT NOT NULL,
	role		TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
	scope		TEXT NOT NULL DEFAULT 'all'
			    CHECK (scope IN ('all', 'customers')),
	secret_hash	TEXT NOT NULL,		-- BLAKE2b of the secret
	created_by	TEXT,			-- login id
	created_at	BIGINT NOT NULL,
	last_used_at	BIGINT,
	deleted_at	BIGINT
);
CREATE INDEX api_clients_account ON api_clients (account_id, name, id);

CREATE TABLE api_tokens (
	id		TEXT PRIMARY KEY,	-- BLAKE2b of the bearer token
	client_id	TEXT NOT NULL REFERENCES api_clients (id),
	account_id	TEXT NOT NULL REFERENCES accounts (id),
	created_at	BIGINT NOT NULL,
	expires_at	BIGINT NOT NULL
);
CREATE INDEX api_tokens_client ON api_tokens (client_id);
CREATE INDEX api_tokens_expires ON api_tokens (expires_at);

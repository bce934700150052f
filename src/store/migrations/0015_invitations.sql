-- Admins invite people by e-mail: an invitation holds the role it grants
-- (over the whole account, or over the customers listed for it in
-- principal_customers under the invitation's id) and the hash of the
-- token in the link, valid 48 hours. Accepting it makes the membership.
CREATE TABLE invitations (
	id		TEXT PRIMARY KEY,
	account_id	TEXT NOT NULL REFERENCES accounts (id),
	email		TEXT NOT NULL,
	email_norm	TEXT NOT NULL,
	role		TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
	scope		TEXT NOT NULL CHECK (scope IN ('all', 'customers')),
	token_hash	TEXT NOT NULL UNIQUE,
	invited_by	TEXT,			-- a login id, or NULL (stewardctl)
	invited_by_name	TEXT NOT NULL DEFAULT '',
	created_at	BIGINT NOT NULL,
	expires_at	BIGINT NOT NULL,
	accepted_at	BIGINT,
	accepted_by	TEXT,			-- the login that accepted it
	revoked_at	BIGINT
);
CREATE INDEX invitations_account ON invitations (account_id, email_norm, id);

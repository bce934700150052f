-- Forgotten passwords: a link by e-mail, valid one hour, used once. The
-- token is kept only as its hash. Logins belong to no tenant.
CREATE TABLE password_resets (
	id		TEXT PRIMARY KEY,	-- hex BLAKE2b-256 of the token
	login_id	TEXT NOT NULL REFERENCES logins (id) ON DELETE CASCADE,
	created_at	BIGINT NOT NULL,
	expires_at	BIGINT NOT NULL,
	used_at		BIGINT
);
CREATE INDEX password_resets_login ON password_resets (login_id);

-- Two-step verification: a login's TOTP secret once confirmed (base32),
-- the one being set up until then, the last time step a code was used
-- (no code counts twice), and one-time recovery codes kept as hashes.
ALTER TABLE logins ADD COLUMN totp_secret TEXT;
ALTER TABLE logins ADD COLUMN totp_pending TEXT;
ALTER TABLE logins ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
CREATE TABLE recovery_codes (
	login_id	TEXT NOT NULL REFERENCES logins (id),
	code_hash	TEXT NOT NULL,
	used_at		BIGINT,
	PRIMARY KEY (login_id, code_hash)
);

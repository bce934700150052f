-- When each login last signed in, for the account's Users page. Sessions
-- are purged after they end, so the time is kept on the login; existing
-- logins take it from the sessions still on record.
ALTER TABLE logins ADD COLUMN last_sign_in_at BIGINT;
UPDATE logins SET last_sign_in_at =
    (SELECT MAX(s.created_at) FROM sessions s WHERE s.login_id = logins.id);

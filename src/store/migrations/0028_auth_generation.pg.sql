-- The auth generation: a counter that moves, in the same transaction, with
-- every change that can end a session or alter what a session's request
-- learns of its login (revocation, expiry, deletion of a session; a
-- login's e-mail, name, password, language, time zone or status). Request
-- workers keep the sessions they have validated and use them without a
-- database read only while the counter has not moved (app/session_cache.h),
-- so a sign-out or a password reset on any worker or server, or through
-- stewardctl, holds on the very next request. Touching a session
-- (last_seen_at) and a sign-in's bookkeeping (last_sign_in_at, two-step
-- steps) leave it alone. A migration that rebuilds sessions or logins
-- must create these triggers again.
--
-- The counter is one row, so every transaction that moves it locks that
-- row until it commits. The triggers are deferred to the commit: the row
-- is the last lock such a transaction takes, and two of them can wait for
-- each other's commit but never deadlock over it.
INSERT INTO meta (key, value) VALUES ('auth_generation', '1');
CREATE FUNCTION auth_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE meta SET value = (value::bigint + 1)::text
	    WHERE key = 'auth_generation';
	RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER sessions_auth_generation
    AFTER UPDATE OF id, login_id, csrf_token, created_at, expires_at, ip,
    user_agent, revoked_at OR DELETE ON sessions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    EXECUTE FUNCTION auth_generation_bump();
CREATE CONSTRAINT TRIGGER logins_auth_generation
    AFTER UPDATE OF id, email, email_norm, name, password_hash, language,
    time_zone, status, created_at OR DELETE ON logins
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    EXECUTE FUNCTION auth_generation_bump();

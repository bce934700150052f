-- Every request, command and background job acts as a principal: a login,
-- an API client, a device, the operator at the command line or the
-- background process. Audit rows and idempotency keys name the principal
-- (its kind and id) rather than only a login.
ALTER TABLE audit_events ADD COLUMN actor_kind TEXT NOT NULL DEFAULT 'system'
    CHECK (actor_kind IN ('anonymous', 'login', 'client', 'device',
    'operator', 'system'));
ALTER TABLE audit_events ADD COLUMN actor_id TEXT;
UPDATE audit_events SET actor_id = actor_login_id, actor_kind = CASE
    WHEN actor_login_id IS NOT NULL THEN 'login'
    WHEN origin = 'ui' THEN 'anonymous'
    WHEN actor = 'stewardctl' THEN 'operator'
    ELSE 'system' END;
ALTER TABLE audit_events DROP COLUMN actor_login_id;
ALTER TABLE idempotency_keys RENAME COLUMN login_id TO principal;

-- An account's admins can require two-step verification of every user:
-- a login without it reaches the account only after setting it up.
ALTER TABLE accounts ADD COLUMN require_two_step INTEGER NOT NULL DEFAULT 0;

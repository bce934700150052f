-- A user is suspended in one account, not everywhere: the status belongs
-- to the membership. A suspended membership grants nothing until it is
-- active again.
ALTER TABLE memberships ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
	CHECK (status IN ('active', 'suspended'));

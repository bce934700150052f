-- SQLite's record search indexes are merged by the background process
-- from here on (see the SQLite migration of this number). PostgreSQL's
-- GIN indexes keep their own pending list and merge it in VACUUM:
-- nothing to change.
SELECT 1;

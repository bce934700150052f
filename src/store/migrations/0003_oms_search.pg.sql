-- Substring search over OMS records: a trigram GIN index (pg_trgm) over
-- the application-folded search_text; serves LIKE '%...%'. Without
-- fastupdate each insert updates the index itself: a little slower, but no
-- insert ever stops to merge a long pending list.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX oms_records_search ON oms_records USING gin (search_text gin_trgm_ops)
	WITH (fastupdate = off);

-- Search blocks keep their records' ids and search texts in display
-- order, 128 records a block, and a search scans the texts of the blocks
-- that may hold a term (store_oms_search_blocks.c). Blocks are derived
-- data: those of migration 0030 go, with their generations, and the
-- background process builds new ones (stewardctl oms index at once); until
-- then searches work without them.
DROP FUNCTION oms_search_block_ids(TEXT, BIGINT, BIGINT, TEXT[], INTEGER);
DROP TABLE oms_search_blocks;
DELETE FROM oms_search_gens;

CREATE TABLE oms_search_blocks (
	id		BIGINT PRIMARY KEY,
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	lo_company	TEXT NOT NULL,
	lo_id		TEXT NOT NULL,
	ids		TEXT NOT NULL,
	search_text	TEXT NOT NULL,
	grams		TEXT[] NOT NULL
);
-- Searches read the texts and ids of a few dozen blocks at a time: kept
-- out of line but not compressed, which reads them twice as fast.
ALTER TABLE oms_search_blocks ALTER COLUMN ids SET STORAGE EXTERNAL;
ALTER TABLE oms_search_blocks ALTER COLUMN search_text SET STORAGE EXTERNAL;
CREATE INDEX oms_search_blocks_lo ON oms_search_blocks (partner_id, lo_company, lo_id);
CREATE INDEX oms_search_blocks_grams ON oms_search_blocks USING gin (grams)
	WITH (fastupdate = off);

-- A partner's blocks of [lo, hi] holding every gram of need, in order,
-- read through the GIN index alone whatever the planner makes of the term
-- or of the table: a block's grams are stored out of line, and a plan that
-- tests them block by block (through the table or another index) costs
-- many times what the GIN index does.
CREATE FUNCTION oms_search_block_ids(partner TEXT, lo BIGINT, hi BIGINT,
	need TEXT[], n INTEGER) RETURNS SETOF BIGINT LANGUAGE sql STABLE
	SET enable_seqscan = off SET enable_indexscan = off
	AS 'WITH m AS MATERIALIZED (SELECT id, partner_id
	    FROM oms_search_blocks WHERE grams @> need)
	    SELECT id FROM m WHERE partner_id = partner
	    AND id BETWEEN lo AND hi ORDER BY id LIMIT n';

-- The planner's figures for changed_xid (migration 0030), so that
-- "changed since" is read through its index at once.
ANALYZE oms_records;

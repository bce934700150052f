-- Find customer in display order (store_oms_search.c): a partner's
-- eligible OMS records, in the order of oms_records_eligible (company,
-- id), cut into blocks of 128 records, each block keeping its
-- records' ids and search texts in that order and the distinct
-- characters, pairs and trigrams of the texts under a GIN index. The
-- blocks that may hold a term come back in display order (a block's id is
-- its generation's id times 2^24 plus its place) and their texts are
-- scanned for it, so the first page of a term with many matches far along
-- the order reads a few blocks, not every match. The background process builds a generation of
-- blocks a step at a time; records whose changed_xid is at or above its
-- mark (the oldest transaction of this database still running when it
-- began) are searched on their own.
CREATE TABLE oms_search_gens (
	id		BIGSERIAL PRIMARY KEY,
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	state		TEXT NOT NULL CHECK (state IN ('building', 'ready', 'retired')),
	mark		BIGINT NOT NULL,
	blocks		BIGINT NOT NULL DEFAULT 0,
	next_company	TEXT,
	next_id		TEXT,
	started_at	BIGINT NOT NULL,
	changed_at	BIGINT NOT NULL
);
CREATE UNIQUE INDEX oms_search_gens_building ON oms_search_gens (partner_id)
	WHERE state = 'building';
CREATE INDEX oms_search_gens_partner ON oms_search_gens (partner_id, state, id);

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

-- The transaction that last added or changed a record (records already
-- here count as older than any generation; the constant default adds the
-- column without rewriting the table).
ALTER TABLE oms_records ADD COLUMN changed_xid BIGINT NOT NULL DEFAULT 0;
ALTER TABLE oms_records ALTER COLUMN changed_xid
	SET DEFAULT (pg_current_xact_id()::text::bigint);
CREATE INDEX oms_records_partner_changed ON oms_records (partner_id, changed_xid);
-- The planner's figures for the new column (every record older than any
-- generation), so that "changed since" is read through its index at once.
ANALYZE oms_records;

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

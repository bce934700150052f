-- Find customer in display order (store_oms_search.c): a partner's
-- eligible OMS records, in the order of oms_records_eligible (company,
-- id), cut into blocks of about 256 records, each block with the distinct
-- characters, pairs and trigrams of its records' search text under a GIN
-- index. The blocks that may hold a term come back in display order (a
-- block's id is its generation's id times 2^24 plus its place), so the
-- first page of a term with many matches far along the order reads a few
-- blocks, not every match. The background process builds a generation of
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
	grams		TEXT[] NOT NULL
);
CREATE INDEX oms_search_blocks_lo ON oms_search_blocks (partner_id, lo_company, lo_id);
CREATE INDEX oms_search_blocks_grams ON oms_search_blocks USING gin (grams);

-- The transaction that last added or changed a record (records already
-- here count as older than any generation; the constant default adds the
-- column without rewriting the table).
ALTER TABLE oms_records ADD COLUMN changed_xid BIGINT NOT NULL DEFAULT 0;
ALTER TABLE oms_records ALTER COLUMN changed_xid
	SET DEFAULT (pg_current_xact_id()::text::bigint);
CREATE INDEX oms_records_partner_changed ON oms_records (partner_id, changed_xid);

-- A partner's blocks of [lo, hi] holding every gram of need, in order,
-- read through the GIN index whatever the planner makes of the term: a
-- block's grams are stored out of line, and a plan that tests them block
-- by block (through the table or its primary key) costs many times what
-- the index does.
CREATE FUNCTION oms_search_block_ids(partner TEXT, lo BIGINT, hi BIGINT,
	need TEXT[], n INTEGER) RETURNS SETOF BIGINT LANGUAGE sql STABLE
	SET enable_seqscan = off SET enable_indexscan = off
	AS 'SELECT id FROM oms_search_blocks WHERE partner_id = partner
	    AND id BETWEEN lo AND hi AND grams @> need ORDER BY id LIMIT n';

-- Find customer in display order (store_oms_search.c): a partner's
-- eligible OMS records, in the order of oms_records_eligible (company,
-- id), cut into blocks of about 256 records, each block holding its
-- records' search text under two FTS5 indexes like the records' own
-- (trigrams; characters and pairs) but without positions. The blocks that
-- may hold a term come back from the index in display order (a block's id
-- is its generation's id times 2^24 plus its place), so the first page of
-- a term with many matches far along the order reads a few blocks, not
-- every match. The background process builds a generation of blocks a
-- step at a time; records with a seq above its mark (added or changed
-- since it began: a change takes the next seq) are searched on their own.
CREATE TABLE oms_search_gens (
	id		INTEGER PRIMARY KEY,
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
	id		INTEGER PRIMARY KEY,
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	lo_company	TEXT NOT NULL,
	lo_id		TEXT NOT NULL,
	search_text	TEXT NOT NULL
);
CREATE INDEX oms_search_blocks_lo ON oms_search_blocks (partner_id, lo_company, lo_id);

CREATE VIRTUAL TABLE oms_block_search USING fts5 (
	search_text,
	content = 'oms_search_blocks',
	content_rowid = 'id',
	tokenize = 'trigram case_sensitive 1',
	detail = none
);
CREATE VIRTUAL TABLE oms_block_grams USING fts5 (
	search_text,
	content = 'oms_search_blocks',
	content_rowid = 'id',
	tokenize = 'steward_grams',
	detail = none
);

-- A partner's records added or changed since a generation's mark; with
-- eligible, it also tells a search which of the search index's matches
-- are this partner's to list, without reading the records.
CREATE INDEX oms_records_partner_seq ON oms_records (partner_id, seq, eligible);

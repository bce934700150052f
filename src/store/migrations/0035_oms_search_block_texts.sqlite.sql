-- Search blocks keep their records' ids and search texts in display
-- order, 128 records a block, and a search scans the texts of the blocks
-- that may hold a term (store_oms_search_blocks.c). Blocks are derived
-- data: those of migration 0030 go, with their generations and indexes,
-- and the background process builds new ones (stewardctl oms index at
-- once); until then searches work without them.
DROP TABLE oms_block_search;
DROP TABLE oms_block_grams;
DROP TABLE oms_search_blocks;
DELETE FROM oms_search_gens;

CREATE TABLE oms_search_blocks (
	id		INTEGER PRIMARY KEY,
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	lo_company	TEXT NOT NULL,
	lo_id		TEXT NOT NULL,
	ids		TEXT NOT NULL,
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

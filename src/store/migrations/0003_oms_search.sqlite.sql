-- Substring search over OMS records: an FTS5 trigram index over the
-- application-folded search_text. The index is keyed by `seq`, a stable
-- integer of our own (VACUUM may renumber the implicit rowid of a table
-- without an INTEGER PRIMARY KEY). The store writes both in the same
-- transaction (no triggers: the schema is not trusted to run them).
ALTER TABLE oms_records ADD COLUMN seq INTEGER;
UPDATE oms_records SET seq = rowid;
CREATE UNIQUE INDEX oms_records_seq ON oms_records (seq);

CREATE VIRTUAL TABLE oms_search USING fts5 (
	search_text,
	tokenize = 'trigram case_sensitive 1'
);
INSERT INTO oms_search (rowid, search_text) SELECT seq, search_text FROM oms_records;

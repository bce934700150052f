-- Searches of one or two characters ("佐藤"): an FTS5 index of every
-- character and character pair (tokenizer steward_grams, registered by the
-- store on each connection), keyed like the trigram index by seq.
CREATE VIRTUAL TABLE oms_grams USING fts5 (
	search_text,
	tokenize = 'steward_grams',
	detail = none
);
INSERT INTO oms_grams (rowid, search_text) SELECT seq, search_text FROM oms_records;

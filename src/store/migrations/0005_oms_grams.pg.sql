-- Searches of one or two characters ("佐藤"): every character and character
-- pair of the search text, kept by the store, under a GIN index.
ALTER TABLE oms_records ADD COLUMN grams text[] NOT NULL DEFAULT '{}';
CREATE INDEX oms_records_grams ON oms_records USING gin (grams)
	WITH (fastupdate = off);

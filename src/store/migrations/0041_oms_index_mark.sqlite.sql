-- The records' two search indexes (0003, 0005) took every new or changed
-- record in the commit that wrote it: a segment an index a commit, which
-- the background process then merged (0039). At a million records and a
-- thousand creations a second, that merging held the write lock for a
-- third of the time and made the creations' tail (bench/README.md).
--
-- Now a writer leaves a new or changed record to the background process,
-- which indexes the records waiting in batches, a segment per batch
-- (store_oms_index_step). The index mark (in meta) is the highest seq
-- indexed: every record at or below it is in both indexes, none above it
-- is, and a search tests those above it on their own
-- (store_oms_search.c). A record changed takes a new seq, so it waits
-- again. A bulk write, or a writer that finds too many waiting (no
-- background process), indexes them before its commit
-- (store_oms_index_catch_up).
INSERT INTO meta (key, value)
	SELECT 'oms_index_mark', CAST(COALESCE(MAX(seq), 0) AS TEXT)
	FROM oms_records;

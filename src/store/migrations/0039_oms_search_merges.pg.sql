-- The records' two search indexes (0003, 0005) were built without
-- fastupdate, so every new or changed record updated both GIN indexes in
-- place: at 10,000 customers imported in one transaction, most of the
-- import's time. With fastupdate a writer appends the record's keys to
-- the index's pending list, and the list is merged into the index in
-- bulk: by the background process every second (gin_clean_pending_list,
-- store_oms_search_merge), or by the writer that finds it past
-- gin_pending_list_limit (4 MB). A search reads the pending list as well,
-- which the background process keeps to about a second of changes.
-- (The SQLite migration of this number does the same for FTS5.)
ALTER INDEX oms_records_search SET (fastupdate = on);
ALTER INDEX oms_records_grams SET (fastupdate = on);

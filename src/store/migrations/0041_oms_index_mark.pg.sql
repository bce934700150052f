-- On SQLite this migration makes new and changed OMS records wait for the
-- background process to index them in batches (the index mark). Nothing
-- waits on PostgreSQL: a writer appends the record's keys to the GIN
-- indexes' pending lists (0039), which cost it no merging. This version
-- keeps the two engines' schema versions the same.
SELECT 1;

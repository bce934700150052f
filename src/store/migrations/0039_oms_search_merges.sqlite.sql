-- The records' two search indexes (0003, 0005) take a new segment with
-- every commit that adds or changes a record, and FTS5 merged segments in
-- that commit: as soon as a level held 4 (automerge), and whole at once
-- when one held 16 (crisismerge). At 1,000,000 records that merging was
-- most of a customer creation's index work (the two inserts 0.46 and
-- 0.58 ms a commit, against 0.14 and 0.18 ms merging only from 16
-- segments a level), and every few dozen commits one of them wrote some
-- 600 pages of merged index while every creation waited for it.
--
-- Writers now merge nothing unless a level reaches 64 segments (left as
-- a limit for when no background process runs); the background process
-- merges levels of 16 segments or more in small steps of its own
-- (store_oms_search_merge); `stewardctl oms import` merges what it added
-- before it returns. Searches read a few more segments a term and
-- measured no slower; bench/README.md has the figures.
INSERT INTO oms_search (oms_search, rank) VALUES ('automerge', 0);
INSERT INTO oms_search (oms_search, rank) VALUES ('usermerge', 16);
INSERT INTO oms_search (oms_search, rank) VALUES ('crisismerge', 64);
INSERT INTO oms_grams (oms_grams, rank) VALUES ('automerge', 0);
INSERT INTO oms_grams (oms_grams, rank) VALUES ('usermerge', 16);
INSERT INTO oms_grams (oms_grams, rank) VALUES ('crisismerge', 64);

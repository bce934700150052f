/*
 * test_store_workers.c - the store as a request worker sets it up
 * (store_tune_requests() before its first connection: a process-wide
 * setting, so this program of its own). SQLite only: the settings are.
 */
#include "testutil.h"

#include "core/err.h"
#include "core/log.h"
#include "store/store.h"

/*
 * A statement whose sub-journal grows past SQLite's default spill
 * threshold of 64 KiB (a multi-row UPDATE in a transaction, each row on
 * pages of its own) still works: request workers keep sub-journals in
 * memory. With a 4 MiB threshold instead, SQLite 3.40 failed it with
 * SQLITE_FULL: deleting a customer with 1,000 devices at a million devices
 * did.
 */
static void
test_large_statement_in_transaction(void **state)
{
	struct test_db	 db;
	struct store	*st;
	struct err	 e;
	int		 applied;

	(void)state;
	err_clear(&e);
	test_db_new(&db, 0);
	assert_int_equal(store_open(db.url, true, &st, &e), ST_OK);
	assert_int_equal(store_migrate(st, &applied, &e), ST_OK);
	if (store_exec(st, "CREATE TABLE big (x TEXT NOT NULL"
	    " CHECK (length(x) > 0));"
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
	    " WHERE i < 2000) INSERT INTO big SELECT hex(randomblob(3000))"
	    " FROM n", &e) != ST_OK)
		fail_msg("setup: %s", e.internal);
	assert_int_equal(store_tx_begin(st, &e), ST_OK);
	/* 2,000 rows of 6,000 bytes: some 16 MiB of pages to journal. */
	if (store_exec(st, "UPDATE big SET x = x || 'a'", &e) != ST_OK)
		fail_msg("a large UPDATE in a transaction: %s", e.internal);
	assert_int_equal(store_tx_commit(st, &e), ST_OK);
	if (store_exec(st, "CREATE TABLE big_ok (n INTEGER CHECK (n = 2000));"
	    "INSERT INTO big_ok SELECT count(*) FROM big"
	    " WHERE x LIKE '%a'", &e) != ST_OK)
		fail_msg("not every row changed: %s", e.internal);
	store_close(st);
	test_db_drop(&db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_large_statement_in_transaction),
	};

	store_tune_requests();
	rand_init();
	log_level_from_env();
	return (cmocka_run_group_tests_name("store/workers", tests, NULL,
	    NULL));
}

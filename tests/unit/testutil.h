/*
 * testutil.h - helpers for Steward's cmocka unit tests.
 *
 * test_db_new() gives a fresh, empty database for the backend under test:
 * a SQLite file in a new temporary directory, or a new PostgreSQL
 * database in the cluster named by STEWARD_TEST_PG_URL.
 */
#ifndef STEWARD_TESTUTIL_H
#define STEWARD_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>
#include <sodium.h>

#include "core/rand.h"

struct test_db {
	char	url[512];
	char	dir[256];	/* SQLite: temporary directory */
	char	pgname[64];	/* PostgreSQL: database name */
	int	pg;
};

static inline int
test_pg_available(void)
{
	const char *u = getenv("STEWARD_TEST_PG_URL");

	return (u != NULL && *u != '\0');
}

static inline void
test_pg_exec(const char *sql)
{
	PGconn		*c = PQconnectdb(getenv("STEWARD_TEST_PG_URL"));
	PGresult	*r;

	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("cannot reach PostgreSQL: %s", PQerrorMessage(c));
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		fail_msg("%s: %s", sql, PQresultErrorMessage(r));
	PQclear(r);
	PQfinish(c);
}

/* Replace the database name in a postgresql:// URL. */
static inline void
test_pg_url(char *out, size_t len, const char *base, const char *db)
{
	const char	*p, *q;

	p = strstr(base, "://");
	p = p ? strchr(p + 3, '/') : NULL;
	if (p == NULL) {
		snprintf(out, len, "%s/%s", base, db);
		return;
	}
	q = strchr(p, '?');
	snprintf(out, len, "%.*s/%s%s", (int)(p - base), base, db,
	    q ? q : "");
}

static inline void
test_db_new(struct test_db *t, int pg)
{
	unsigned char	r[6];
	char		sql[128];

	memset(t, 0, sizeof(*t));
	t->pg = pg;
	if (pg) {
		rand_init();
		randombytes_buf(r, sizeof(r));
		snprintf(t->pgname, sizeof(t->pgname),
		    "steward_u_%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2],
		    r[3], r[4], r[5]);
		snprintf(sql, sizeof(sql), "CREATE DATABASE %s", t->pgname);
		test_pg_exec(sql);
		test_pg_url(t->url, sizeof(t->url),
		    getenv("STEWARD_TEST_PG_URL"), t->pgname);
		return;
	}
	snprintf(t->dir, sizeof(t->dir), "/tmp/steward-unit-XXXXXX");
	if (mkdtemp(t->dir) == NULL)
		fail_msg("mkdtemp failed");
	snprintf(t->url, sizeof(t->url), "%s/test.db", t->dir);
}

static inline void
test_db_drop(struct test_db *t)
{
	char	cmd[600];

	if (t->pg) {
		snprintf(cmd, sizeof(cmd),
		    "DROP DATABASE IF EXISTS %s WITH (FORCE)", t->pgname);
		test_pg_exec(cmd);
		return;
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", t->dir);
}

#endif

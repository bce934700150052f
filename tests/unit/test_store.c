/*
 * test_store.c - the store interface, run against SQLite and PostgreSQL
 * (the PostgreSQL group runs when STEWARD_TEST_PG_URL is set).
 */
#include "testutil.h"

#include "core/arena.h"
#include "core/err.h"
#include "core/log.h"
#include "core/page.h"
#include "store/grams.h"
#include "store/store.h"
#include "store/store_oms.h"
#include "store/store_oms_kept.h"
#include "store/store_policy.h"
#include "store/store_subscription.h"
#include "store/store_deletion.h"
#include "store/store_alert.h"
#include "store/store_device.h"

struct fixture {
	struct test_db	 db;
	struct store	*st;
	struct arena	 a;
	struct err	 e;
	int		 pg;
};

static int
setup(void **state, int pg)
{
	struct fixture	*f;
	int		 applied;

	f = calloc(1, sizeof(*f));
	f->pg = pg;
	test_db_new(&f->db, pg);
	arena_init(&f->a, 0);
	err_clear(&f->e);
	if (store_open(f->db.url, true, &f->st, &f->e) != ST_OK)
		fail_msg("store_open %s: %s", f->db.url, f->e.internal);
	if (store_migrate(f->st, &applied, &f->e) != ST_OK)
		fail_msg("migrate: %s", f->e.internal);
	assert_true(applied >= 1);
	*state = f;
	return (0);
}

static int setup_sqlite(void **s) { return (setup(s, 0)); }
static int setup_pg(void **s) { return (setup(s, 1)); }

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	store_close(f->st);
	arena_free(&f->a);
	test_db_drop(&f->db);
	free(f);
	return (0);
}

static char *
mk_account(struct fixture *f, const char *kind, const char *name)
{
	char	*id;

	assert_int_equal(store_account_create(f->st, &f->a, kind, name, "",
	    1000, &id, &f->e), ST_OK);
	return (id);
}

static char *
mk_login(struct fixture *f, const char *email)
{
	char	*id;

	assert_int_equal(store_login_create(f->st, &f->a, email, email, "N",
	    "$argon2id$fake", "en", 1000, &id, &f->e), ST_OK);
	return (id);
}

/* Fails the test unless the one-row SELECT select gives n. */
static void
count_is(struct fixture *f, const char *select, long long n)
{
	char	sql[512];

	snprintf(sql, sizeof(sql), "DROP TABLE IF EXISTS count_ok;"
	    " CREATE TABLE count_ok (n BIGINT CHECK (n = %lld));"
	    " INSERT INTO count_ok %s", n, select);
	if (store_exec(f->st, sql, &f->e) != ST_OK)
		fail_msg("%s is not %lld: %s", select, n, f->e.internal);
}

static void
test_migrations_idempotent(void **state)
{
	struct fixture	*f = *state;
	int		 applied, cur, latest;

	assert_int_equal(store_migrate(f->st, &applied, &f->e), ST_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(store_schema_version(f->st, &cur, &latest, &f->e),
	    ST_OK);
	assert_int_equal(cur, latest);
	assert_true(latest >= 1);
	assert_int_equal(store_ping(f->st, &f->e), ST_OK);
	/* SQLite's writers leave merging the record search indexes to the
	 * background process (migration 0039) up to 64 segments a level. */
	if (!f->pg) {
		count_is(f, "SELECT count(*) FROM oms_search_config WHERE"
		    " (k = 'automerge' AND v = 0) OR (k = 'usermerge' AND"
		    " v = 16) OR (k = 'crisismerge' AND v = 64)", 3);
		count_is(f, "SELECT count(*) FROM oms_grams_config WHERE"
		    " (k = 'automerge' AND v = 0) OR (k = 'usermerge' AND"
		    " v = 16) OR (k = 'crisismerge' AND v = 64)", 3);
	}
}

/*
 * A database made by an older version keeps its data through the
 * upgrade: version 5 stored policies as full copies of the templates;
 * version 6 stores what they change (nothing, for those copies).
 */
static void
test_upgrade_from_version_5(void **state)
{
	struct fixture	*f = *state;
	struct test_db	 old;
	struct store	*st;
	struct policy	 p;
	struct membership m;
	int		 applied, cur, latest;

	test_db_new(&old, f->pg);
	assert_int_equal(store_open(old.url, true, &st, &f->e), ST_OK);
	assert_int_equal(store_migrate_to(st, 5, &applied, &f->e), ST_OK);
	assert_int_equal(store_schema_version(st, &cur, &latest, &f->e),
	    ST_OK);
	assert_int_equal(cur, 5);
	if (store_exec(st,
	    "INSERT INTO accounts (id, kind, name, created_at, updated_at)"
	    " VALUES ('acc_old', 'partner', 'Old MSP', 1, 1);"
	    "INSERT INTO logins (id, email, email_norm, password_hash,"
	    " created_at, updated_at) VALUES ('usr_old', 'o@old.example',"
	    " 'o@old.example', 'x', 1, 1);"
	    "INSERT INTO memberships (account_id, login_id, role, created_at)"
	    " VALUES ('acc_old', 'usr_old', 'viewer', 1);"
	    "INSERT INTO policies (id, partner_id, owner, name, name_key,"
	    " platform, template, settings, created_at, updated_at) VALUES"
	    " ('pol_ws', 'acc_old', 'global', 'WS', 'ws', 'workstation',"
	    " 'workstation', '{\"antivirus\":{\"file_shield\":true,"
	    "\"web_shield\":true,\"mail_shield\":true,\"behavior_shield\":"
	    "true,\"scheduled_scan\":{\"enabled\":true,\"day\":\"sunday\","
	    "\"time\":\"12:00\",\"type\":\"quick\"}},\"firewall\":"
	    "{\"enabled\":true,\"mode\":\"automatic\"},\"patch_management"
	    "\":{\"enabled\":true,\"schedule\":{\"day\":\"wednesday\","
	    "\"time\":\"12:00\"},\"auto_install\":[\"critical\",\"high\"],"
	    "\"allow_reboot\":true},\"updates\":{\"definitions_interval_"
	    "hours\":4,\"program_updates\":\"automatic\"},\"exclusions\":"
	    "{\"paths\":[],\"urls\":[]},\"web_control\":{\"enabled\":true,"
	    "\"blocked_categories\":[\"malware\",\"phishing\",\"adult\"]},"
	    "\"remote_access\":{\"enabled\":true,\"require_approval\":true}}',"
	    " 1, 1),"
	    " ('pol_other', 'acc_old', 'global', 'Other', 'other', 'server',"
	    " 'server', '{\"firewall\":{\"mode\":\"strict\"}}', 1, 1);",
	    &f->e) != ST_OK)
		fail_msg("old data: %s", f->e.internal);
	assert_int_equal(store_migrate(st, &applied, &f->e), ST_OK);
	assert_true(applied >= 1);
	assert_int_equal(store_schema_version(st, &cur, &latest, &f->e),
	    ST_OK);
	assert_int_equal(cur, latest);
	assert_int_equal(store_policy_get(st, "acc_old", &f->a, "pol_ws", &p,
	    &f->e), ST_OK);
	assert_string_equal(p.settings, "{}");
	assert_string_equal(p.locked, "[]");
	assert_int_equal(p.template_version, 1);
	assert_int_equal(store_policy_get(st, "acc_old", &f->a, "pol_other",
	    &p, &f->e), ST_OK);
	assert_string_equal(p.settings, "{\"firewall\":{\"mode\":\"strict\"}}");
	assert_int_equal(store_membership_get(st, "acc_old", "usr_old", &f->a,
	    &m, &f->e), ST_OK);
	assert_string_equal(m.role, "viewer");
	assert_string_equal(m.scope, "all");
	store_close(st);
	test_db_drop(&old);
}

static void
test_accounts_and_memberships(void **state)
{
	struct fixture		*f = *state;
	struct account		 a;
	struct membership	 m;
	struct account_role	*list;
	struct page		 pg, pg2;
	size_t			 n;
	char			*p1, *p2, *co, *u, *cursor;

	p1 = mk_account(f, "partner", "Zeta MSP");
	p2 = mk_account(f, "partner", "Alpha MSP");
	co = mk_account(f, "company", "Acme");
	u = mk_login(f, "u@example.com");
	assert_int_equal(store_membership_put(f->st, p1, u, "viewer", "all", 1, &f->e),
	    ST_OK);
	assert_int_equal(store_membership_put(f->st, co, u, "admin", NULL, 1, &f->e),
	    ST_OK);
	/* Changing the role is an update, not a second membership. */
	assert_int_equal(store_membership_put(f->st, p1, u, "admin", "all", 2, &f->e),
	    ST_OK);
	assert_int_equal(store_membership_get(f->st, p1, u, &f->a, &m, &f->e),
	    ST_OK);
	assert_string_equal(m.role, "admin");
	/* No role in p2: the tenant check says not found. */
	assert_int_equal(store_membership_get(f->st, p2, u, &f->a, &m, &f->e),
	    ST_NOT_FOUND);
	err_clear(&f->e);
	page_first(&pg, 10);
	assert_int_equal(store_accounts_for_login(f->st, &f->a, u, &pg, &list,
	    &n, &f->e), ST_OK);
	assert_int_equal(n, 2);
	assert_false(pg.more);
	assert_string_equal(list[0].account.kind, "partner");	/* first */
	assert_string_equal(list[0].account.name, "Zeta MSP");
	assert_string_equal(list[1].account.name, "Acme");
	/* A page at a time: the cursor of the first page leads to the next
	 * row, and the last page says there is no more. */
	page_first(&pg, 1);
	assert_int_equal(store_accounts_for_login(f->st, &f->a, u, &pg, &list,
	    &n, &f->e), ST_OK);
	assert_int_equal(n, 1);
	assert_true(pg.more);
	assert_string_equal(list[0].account.name, "Zeta MSP");
	cursor = page_cursor(&pg, &f->a);
	page_first(&pg, 1);
	assert_true(page_cursor_parse(&pg, &f->a, cursor, 3));
	assert_false(page_cursor_parse(&pg2, &f->a, cursor, 2));
	assert_int_equal(store_accounts_for_login(f->st, &f->a, u, &pg, &list,
	    &n, &f->e), ST_OK);
	assert_int_equal(n, 1);
	assert_false(pg.more);
	assert_string_equal(list[0].account.name, "Acme");
	assert_int_equal(store_account_rename(f->st, p1, "Zeta's \"MSP\"; --",
	    5, &f->e), ST_OK);
	assert_int_equal(store_account_get(f->st, p1, &f->a, &a, &f->e),
	    ST_OK);
	assert_string_equal(a.name, "Zeta's \"MSP\"; --");
	assert_int_equal(a.updated_at, 5);
	assert_int_equal(store_account_rename(f->st, "acc_nope", "x", 5,
	    &f->e), ST_NOT_FOUND);
}

static void
test_logins(void **state)
{
	struct fixture	*f = *state;
	struct login	 l;
	char		*id, *id2;

	id = mk_login(f, "jane@example.com");
	assert_int_equal(store_login_create(f->st, &f->a, "JANE@example.com",
	    "jane@example.com", "", "h", "en", 1, &id2, &f->e), ST_CONFLICT);
	err_clear(&f->e);
	assert_int_equal(store_login_by_email(f->st, &f->a, "jane@example.com",
	    &l, &f->e), ST_OK);
	assert_string_equal(l.id, id);
	assert_string_equal(l.status, "active");
	assert_int_equal(store_login_set_prefs(f->st, id, "日本 太郎", "ja", NULL,
	    9, &f->e), ST_OK);
	assert_int_equal(store_login_get(f->st, &f->a, id, &l, &f->e), ST_OK);
	assert_string_equal(l.name, "日本 太郎");
	assert_string_equal(l.language, "ja");
	assert_string_equal(l.time_zone, "UTC");	/* unchanged */
	assert_int_equal(store_login_set_password(f->st, id, "h2", 10, &f->e),
	    ST_OK);
	assert_int_equal(store_login_get(f->st, &f->a, id, &l, &f->e), ST_OK);
	assert_string_equal(l.password_hash, "h2");
	assert_int_equal(store_login_by_email(f->st, &f->a, "nobody@x.com", &l,
	    &f->e), ST_NOT_FOUND);
}

static void
test_sessions(void **state)
{
	struct fixture	*f = *state;
	struct session	 s = { 0 }, got;
	char		*u;

	u = mk_login(f, "s@example.com");
	s.id = "hash1";
	s.login_id = u;
	s.csrf_token = "csrf";
	s.created_at = s.last_seen_at = 100;
	s.expires_at = 200;
	s.ip = "192.0.2.1";
	s.user_agent = "test";
	assert_int_equal(store_session_create(f->st, &s, &f->e), ST_OK);
	assert_int_equal(store_session_get(f->st, &f->a, "hash1", &got, &f->e),
	    ST_OK);
	assert_string_equal(got.login_id, u);
	assert_int_equal(got.revoked_at, 0);
	assert_int_equal(store_session_touch(f->st, "hash1", 150, &f->e),
	    ST_OK);
	assert_int_equal(store_session_touch(f->st, "hash1", 140, &f->e),
	    ST_OK);		/* never moves backwards */
	assert_int_equal(store_session_get(f->st, &f->a, "hash1", &got, &f->e),
	    ST_OK);
	assert_int_equal(got.last_seen_at, 150);
	assert_int_equal(store_session_revoke(f->st, "hash1", 160, &f->e),
	    ST_OK);
	assert_int_equal(store_session_get(f->st, &f->a, "hash1", &got, &f->e),
	    ST_OK);
	assert_int_equal(got.revoked_at, 160);
	assert_int_equal(store_session_purge(f->st, 1000, &f->e), ST_OK);
	assert_int_equal(store_session_get(f->st, &f->a, "hash1", &got, &f->e),
	    ST_NOT_FOUND);
}

static void
test_rate_limits(void **state)
{
	struct fixture	*f = *state;
	struct store	*other;
	long long	 hits;
	int64_t		 ws;
	int		 i;

	for (i = 1; i <= 3; i++) {
		assert_int_equal(store_ratelimit_hit(f->st, "b", 1000 + i, 60,
		    &hits, &ws, &f->e), ST_OK);
		assert_int_equal(hits, i);
		assert_int_equal(ws, 1001);
	}
	/* A second connection (another worker) counts in the same bucket. */
	assert_int_equal(store_open(f->db.url, false, &other, &f->e), ST_OK);
	assert_int_equal(store_ratelimit_hit(other, "b", 1010, 60, &hits, &ws,
	    &f->e), ST_OK);
	assert_int_equal(hits, 4);
	assert_int_equal(store_ratelimit_peek(f->st, "b", 1020, 60, &hits, &ws,
	    &f->e), ST_OK);
	assert_int_equal(hits, 4);
	store_close(other);
	/* After the window the count starts again. */
	assert_int_equal(store_ratelimit_peek(f->st, "b", 1061, 60, &hits, &ws,
	    &f->e), ST_OK);
	assert_int_equal(hits, 0);
	assert_int_equal(store_ratelimit_hit(f->st, "b", 1061, 60, &hits, &ws,
	    &f->e), ST_OK);
	assert_int_equal(hits, 1);
	assert_int_equal(ws, 1061);
	assert_int_equal(store_ratelimit_clear(f->st, "b", &f->e), ST_OK);
	assert_int_equal(store_ratelimit_peek(f->st, "b", 1062, 60, &hits, &ws,
	    &f->e), ST_OK);
	assert_int_equal(hits, 0);
}

/*
 * One page of an OMS search. With more (not NULL), the page after the
 * previous call's; *more then says whether there is yet another.
 */
static int
oms_page(struct fixture *f, const char *partner, const char *find,
    size_t limit, bool *more, struct oms_record **list, size_t *n,
    long long *total)
{
	static struct page	last;
	struct page		pg;
	bool			lower;
	int			rc;

	page_first(&pg, limit);
	if (more != NULL && last.more)
		assert_true(page_cursor_parse(&pg, &f->a,
		    page_cursor(&last, &f->a), 2));
	rc = store_oms_search(f->st, partner, &f->a, find, &pg, list, n,
	    total, &lower, &f->e);
	assert_false(lower);	/* these lists are small: counted exactly */
	last = pg;
	if (more != NULL)
		*more = pg.more;
	return (rc);
}

/* A business record with every detail but its e-mail and company. */
static void
business(struct oms_record *r)
{
	r->type = "business";
	r->d.industry = "retail";
	r->d.website = "https://x.example";
	r->d.phone = "+81312345678";
	r->d.street = "s";
	r->d.postal_code = "100-0005";
	r->d.city = "c";
	r->d.country = "JP";
	r->last_name = "Sato";
}

/* A search of partner's records for find counts want. */
static void
found(struct fixture *f, const char *partner, const char *find,
    long long want)
{
	struct oms_record	*list;
	size_t			 n;
	long long		 total;

	assert_int_equal(oms_page(f, partner, find, 10, NULL, &list, &n,
	    &total), ST_OK);
	assert_int_equal(total, want);
}

/*
 * SQLite: index every record waiting for the search indexes, as the
 * background process does (nothing waits on PostgreSQL).
 */
static void
index_all(struct fixture *f)
{
	bool	left = true;

	while (left)
		assert_int_equal(store_oms_index_step(f->st, &left, &f->e),
		    ST_OK);
	if (!f->pg)
		count_is(f, "SELECT CAST(value AS INTEGER) >= (SELECT MAX(seq)"
		    " FROM oms_records) FROM meta WHERE key = 'oms_index_mark'",
		    1);
}

static void
test_oms_isolation_and_uniqueness(void **state)
{
	struct fixture		*f = *state;
	struct oms_record	 r = { 0 }, got;
	char			*p1, *p2, *id, *id2;
	long long		 n;

	p1 = mk_account(f, "partner", "P1");
	p2 = mk_account(f, "partner", "P2");
	r.type = "business";
	r.email = "Buyer@Example.com";
	r.email_norm = "buyer@example.com";
	r.d.company = "<b>Bold</b> & Co'; DROP TABLE oms_records;--";
	r.d.country = "JP";
	assert_int_equal(store_oms_create(f->st, p1, &f->a, &r, 5, &id, &f->e),
	    ST_OK);
	/* Unique in the whole OMS, whichever partner asks. */
	assert_int_equal(store_oms_create(f->st, p2, &f->a, &r, 5, &id2,
	    &f->e), ST_CONFLICT);
	err_clear(&f->e);
	assert_int_equal(store_oms_get(f->st, p1, &f->a, id, &got, &f->e),
	    ST_OK);
	assert_string_equal(got.d.company, r.d.company);	/* stored verbatim */
	assert_string_equal(got.email, "Buyer@Example.com");
	assert_null(got.customer_id);
	/* Another partner cannot read it. */
	assert_int_equal(store_oms_get(f->st, p2, &f->a, id, &got, &f->e),
	    ST_NOT_FOUND);
	err_clear(&f->e);
	assert_int_equal(store_oms_count(f->st, p1, &n, &f->e), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_oms_count(f->st, p2, &n, &f->e), ST_OK);
	assert_int_equal(n, 0);
}

/*
 * A bulk transaction: on PostgreSQL its writes are sent ahead (more than
 * DB_AHEAD_MAX of them here) and read back by the next statement that
 * waits; a failure among them fails that statement or the commit, and
 * the transaction leaves nothing. The connection works as before after.
 */
static void
test_bulk_sends_ahead(void **state)
{
	struct fixture		*f = *state;
	struct oms_record	 r = { 0 };
	char			*p1, *id, email[64];
	long long		 n;
	int			 i, rc;

	p1 = mk_account(f, "partner", "Bulk");
	r.type = "consumer";
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	assert_int_equal(store_bulk_begin(f->st, &f->e), ST_OK);
	for (i = 0; i < 600; i++) {
		snprintf(email, sizeof(email), "bulk%d@ahead.example", i);
		r.email = r.email_norm = email;
		assert_int_equal(store_oms_create(f->st, p1, &f->a, &r, 5, &id,
		    &f->e), ST_OK);
	}
	assert_int_equal(store_oms_count(f->st, p1, &n, &f->e), ST_OK);
	assert_int_equal(n, 600);
	assert_int_equal(store_tx_commit(f->st, &f->e), ST_OK);

	/* A repeated address: the create (SQLite) or a later wait fails. */
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	assert_int_equal(store_bulk_begin(f->st, &f->e), ST_OK);
	r.email = r.email_norm = "new@ahead.example";
	assert_int_equal(store_oms_create(f->st, p1, &f->a, &r, 5, &id, &f->e),
	    ST_OK);
	r.email = r.email_norm = "bulk7@ahead.example";
	rc = store_oms_create(f->st, p1, &f->a, &r, 5, &id, &f->e);
	if (f->pg) {
		assert_int_equal(rc, ST_OK);
		r.email = r.email_norm = "later@ahead.example";
		assert_int_equal(store_oms_create(f->st, p1, &f->a, &r, 5, &id,
		    &f->e), ST_OK);
		rc = store_oms_count(f->st, p1, &n, &f->e);
	}
	assert_int_equal(rc, ST_CONFLICT);
	store_tx_rollback(f->st);
	err_clear(&f->e);
	assert_int_equal(store_oms_count(f->st, p1, &n, &f->e), ST_OK);
	assert_int_equal(n, 600);

	/* At the commit, likewise. */
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	assert_int_equal(store_bulk_begin(f->st, &f->e), ST_OK);
	rc = store_oms_create(f->st, p1, &f->a, &r, 5, &id, &f->e);
	if (rc == ST_OK) {
		r.email = r.email_norm = "bulk8@ahead.example";
		rc = store_oms_create(f->st, p1, &f->a, &r, 5, &id, &f->e);
	}
	if (rc == ST_OK)
		rc = store_tx_commit(f->st, &f->e);
	else
		store_tx_rollback(f->st);
	assert_int_equal(rc, ST_CONFLICT);
	err_clear(&f->e);
	/* Nothing of it is left, and statements are answered again. */
	assert_int_equal(store_oms_count(f->st, p1, &n, &f->e), ST_OK);
	assert_int_equal(n, 600);
	r.email = r.email_norm = "after@ahead.example";
	assert_int_equal(store_oms_create(f->st, p1, &f->a, &r, 5, &id, &f->e),
	    ST_OK);
	r.email = r.email_norm = "bulk9@ahead.example";
	assert_int_equal(store_oms_create(f->st, p1, &f->a, &r, 5, &id, &f->e),
	    ST_CONFLICT);
	err_clear(&f->e);

	/* Given up on before anything waits for the failed write: the
	 * rollback still ends the transaction, and the next one begins. */
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	assert_int_equal(store_bulk_begin(f->st, &f->e), ST_OK);
	r.email = r.email_norm = "bulk10@ahead.example";
	rc = store_oms_create(f->st, p1, &f->a, &r, 5, &id, &f->e);
	assert_int_equal(rc, f->pg ? ST_OK : ST_CONFLICT);
	store_tx_rollback(f->st);
	err_clear(&f->e);
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	assert_int_equal(store_oms_count(f->st, p1, &n, &f->e), ST_OK);
	assert_int_equal(n, 601);
	assert_int_equal(store_tx_commit(f->st, &f->e), ST_OK);
}

static void
test_transactions(void **state)
{
	struct fixture	*f = *state;
	struct account	 a;
	char		*id;

	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	id = mk_account(f, "partner", "Rolled back");
	store_tx_rollback(f->st);
	assert_int_equal(store_account_get(f->st, id, &f->a, &a, &f->e),
	    ST_NOT_FOUND);
	err_clear(&f->e);
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	id = mk_account(f, "partner", "Kept");
	assert_int_equal(store_tx_commit(f->st, &f->e), ST_OK);
	assert_int_equal(store_account_get(f->st, id, &f->a, &a, &f->e),
	    ST_OK);
	store_tx_rollback(f->st);	/* harmless without a transaction */
}

static void
test_nested_transactions(void **state)
{
	struct fixture	*f = *state;
	struct account	 a;
	char		*outer, *inner, *kept;

	/* An inner level rolls back alone; the outer one commits. */
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	outer = mk_account(f, "partner", "Outer");
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	inner = mk_account(f, "partner", "Inner");
	store_tx_rollback(f->st);
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	kept = mk_account(f, "partner", "Kept inner");
	assert_int_equal(store_tx_commit(f->st, &f->e), ST_OK);
	assert_int_equal(store_tx_commit(f->st, &f->e), ST_OK);
	assert_int_equal(store_account_get(f->st, outer, &f->a, &a, &f->e),
	    ST_OK);
	assert_int_equal(store_account_get(f->st, kept, &f->a, &a, &f->e),
	    ST_OK);
	assert_int_equal(store_account_get(f->st, inner, &f->a, &a, &f->e),
	    ST_NOT_FOUND);
	err_clear(&f->e);
	/* Abandoning drops every level, committed inner ones included. */
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	inner = mk_account(f, "partner", "Gone");
	assert_int_equal(store_tx_commit(f->st, &f->e), ST_OK);
	store_tx_abandon(f->st);
	assert_int_equal(store_account_get(f->st, inner, &f->a, &a, &f->e),
	    ST_NOT_FOUND);
}

/* The owner's transaction of store_tx_later() (the router's, for an
 * Idempotency-Key) and the work it begins with. */
static bool	later_fail;
static int	later_calls;
static char	*later_row;

static int
later_first(void *arg, struct err *e)
{
	struct fixture	*f = arg;

	later_calls++;
	if (later_fail)
		return (err_set(e, ST_CONFLICT, "taken", M_CONFLICT));
	later_row = mk_account(f, "partner", "First");
	return (ST_OK);
}

/* Whether another connection sees account id (committed). */
static bool
committed(struct fixture *f, const char *id)
{
	struct store	*other;
	struct account	 a;
	struct err	 e;
	int		 rc;

	err_clear(&e);
	assert_int_equal(store_open(f->db.url, false, &other, &e), ST_OK);
	rc = store_account_get(other, id, &f->a, &a, &e);
	store_close(other);
	assert_true(rc == ST_OK || rc == ST_NOT_FOUND);
	return (rc == ST_OK);
}

static void
test_later_transactions(void **state)
{
	struct fixture	*f = *state;
	char		*work, *more;

	/* Nothing begun by the callee: nothing to finish, nothing run. */
	later_calls = 0;
	later_fail = false;
	store_tx_later(f->st, later_first, f, false);
	mk_account(f, "partner", "Autocommit");
	assert_false(store_tx_later_open(f->st));
	store_tx_abandon(f->st);
	assert_int_equal(later_calls, 0);

	/* The callee's transaction is the owner's, with the first work in
	 * it; the callee's commit hands it back, open; a second transaction
	 * of the callee nests in it; the owner commits all of it. */
	store_tx_later(f->st, later_first, f, false);
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	assert_int_equal(later_calls, 1);
	work = mk_account(f, "partner", "Work");
	assert_int_equal(store_tx_commit(f->st, &f->e), ST_OK);
	assert_true(store_tx_later_open(f->st));
	assert_false(committed(f, work));
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	more = mk_account(f, "partner", "More");
	assert_int_equal(store_tx_commit(f->st, &f->e), ST_OK);
	assert_true(store_tx_later_open(f->st));
	assert_int_equal(store_tx_later_commit(f->st, &f->e), ST_OK);
	assert_false(store_tx_later_open(f->st));
	assert_true(committed(f, later_row));
	assert_true(committed(f, work));
	assert_true(committed(f, more));

	/* The owner's rollback after the hand-back undoes all of it. */
	store_tx_later(f->st, later_first, f, false);
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	work = mk_account(f, "partner", "Undone");
	assert_int_equal(store_tx_commit(f->st, &f->e), ST_OK);
	store_tx_rollback(f->st);
	assert_false(store_tx_later_open(f->st));
	assert_false(committed(f, later_row));
	assert_false(committed(f, work));

	/* The callee's rollback ends the transaction: nothing to finish. */
	store_tx_later(f->st, later_first, f, false);
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	work = mk_account(f, "partner", "Rolled back");
	store_tx_rollback(f->st);
	assert_false(store_tx_later_open(f->st));
	assert_false(committed(f, work));

	/* The first work failing fails the callee's begin; no transaction
	 * is left open, and the next begin is an ordinary one. */
	later_fail = true;
	store_tx_later(f->st, later_first, f, false);
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_CONFLICT);
	assert_false(store_tx_later_open(f->st));
	err_clear(&f->e);
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	work = mk_account(f, "partner", "Ordinary");
	assert_int_equal(store_tx_commit(f->st, &f->e), ST_OK);
	assert_true(committed(f, work));
	assert_int_equal(later_calls, 4);
}

/* Several owners' transactions as savepoints of one group, committed at
 * once by store_group_commit(). */
static void
test_group_commit(void **state)
{
	struct fixture	*f = *state;
	char		*first, *a, *b, *c;

	later_fail = false;
	assert_false(store_group_open(f->st));
	/* The first owner opens the group; its commit keeps it open. */
	store_tx_later(f->st, later_first, f, true);
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	first = later_row;
	a = mk_account(f, "partner", "Group A");
	assert_int_equal(store_tx_commit(f->st, &f->e), ST_OK);
	assert_int_equal(store_tx_later_commit(f->st, &f->e), ST_OK);
	assert_true(store_group_open(f->st));
	assert_false(committed(f, a));
	/* What a request leaves open is dropped; the group stays. */
	store_tx_abandon(f->st);
	assert_true(store_group_open(f->st));
	/* A second owner's rollback undoes only its own work. */
	store_tx_later(f->st, later_first, f, true);
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	b = mk_account(f, "partner", "Group B");
	store_tx_rollback(f->st);
	assert_false(store_tx_later_open(f->st));
	assert_true(store_group_open(f->st));
	/* A third one's commit joins the first. */
	store_tx_later(f->st, later_first, f, true);
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	c = mk_account(f, "partner", "Group C");
	assert_int_equal(store_tx_commit(f->st, &f->e), ST_OK);
	assert_true(store_tx_later_open(f->st));
	assert_int_equal(store_tx_later_commit(f->st, &f->e), ST_OK);
	assert_false(committed(f, c));
	assert_int_equal(store_group_commit(f->st, &f->e), ST_OK);
	assert_false(store_group_open(f->st));
	assert_true(committed(f, first));
	assert_true(committed(f, a));
	assert_false(committed(f, b));
	assert_true(committed(f, c));
	/* Nothing open: committing no group is harmless. */
	assert_int_equal(store_group_commit(f->st, &f->e), ST_OK);
	/* A group whose only owner failed at its first work ends empty. */
	later_fail = true;
	store_tx_later(f->st, later_first, f, true);
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_CONFLICT);
	assert_false(store_tx_later_open(f->st));
	err_clear(&f->e);
	assert_int_equal(store_group_commit(f->st, &f->e), ST_OK);
	assert_false(store_group_open(f->st));
	later_fail = false;
}

/*
 * Find customer over a few records, all waiting for SQLite's search
 * indexes (tested on their own) or, with `indexed`, all in them (as the
 * background process leaves them): the same answers.
 */
static void
oms_search_cases(struct fixture *f, bool indexed)
{
	struct oms_record	 r = { 0 }, *list;
	char			*p, *id;
	size_t			 n, i;
	long long		 total;
	char			 email[64], company[64];
	bool			 more;

	p = mk_account(f, "partner", "P");
	business(&r);
	for (i = 0; i < 30; i++) {
		snprintf(email, sizeof(email), "user%zu@shop%zu.example", i, i);
		snprintf(company, sizeof(company), i % 3 ? "Shop %02zu" :
		    "株式会社さくら %02zu", i);
		r.email = r.email_norm = email;
		r.d.company = company;
		r.type = i == 7 ? "consumer" : "business";
		r.d.city = i == 8 ? "" : "c";
		assert_int_equal(store_oms_create(f->st, p, &f->a, &r, i, &id,
		    &f->e), ST_OK);
	}
	if (!f->pg)
		count_is(f, "SELECT count(*) FROM oms_search", 0);
	if (indexed)
		index_all(f);
	if (indexed && !f->pg) {
		count_is(f, "SELECT count(*) FROM oms_search", 30);
		count_is(f, "SELECT count(*) FROM oms_grams", 30);
	}
	/* Everything eligible, in company order; 7 and 8 are not. */
	assert_int_equal(oms_page(f, p, "", 100, NULL, &list, &n,
	    &total), ST_OK);
	assert_int_equal(total, 28);
	assert_string_equal(list[0].d.company, "Shop 01");
	/* Three characters or more: the index; fewer: a scan. Same answers. */
	assert_int_equal(oms_page(f, p, "さくら", 100, NULL, &list, &n,
	    &total), ST_OK);
	assert_int_equal(total, 10);
	assert_int_equal(oms_page(f, p, "さく", 100, NULL, &list, &n,
	    &total), ST_OK);
	assert_int_equal(total, 10);
	assert_int_equal(oms_page(f, p, "shop1", 100, NULL, &list, &n,
	    &total), ST_OK);	/* e-mail "@shop1x" */
	assert_int_equal(total, 11);
	/* A page at a time: the next starts after the last one shown. */
	assert_int_equal(oms_page(f, p, "shop 2", 2, NULL, &list, &n, &total),
	    ST_OK);
	assert_int_equal(total, 7);		/* 20-29 without 21, 24, 27 */
	assert_int_equal(n, 2);
	assert_string_equal(list[1].d.company, "Shop 22");
	assert_int_equal(oms_page(f, p, "shop 2", 5, &more, &list, &n, &total),
	    ST_OK);
	assert_int_equal(total, 7);
	assert_int_equal(n, 5);
	assert_string_equal(list[0].d.company, "Shop 23");
	assert_false(more);
	assert_int_equal(oms_page(f, p, "%", 100, NULL, &list, &n,
	    &total), ST_OK);
	assert_int_equal(total, 0);
	/* Updates move the search text along. */
	assert_int_equal(oms_page(f, p, "user5@", 1, NULL, &list, &n,
	    &total), ST_OK);
	assert_int_equal(n, 1);
	r = list[0];
	r.d.company = "Renamed Traders";
	assert_int_equal(store_oms_update(f->st, p, list[0].id, &r, 99, &f->e),
	    ST_OK);
	/* A changed record leaves the indexes and waits again. */
	if (indexed && !f->pg)
		count_is(f, "SELECT count(*) FROM oms_search", 29);
	assert_int_equal(oms_page(f, p, "renamed", 10, NULL, &list, &n,
	    &total), ST_OK);
	assert_int_equal(total, 1);
	assert_int_equal(oms_page(f, p, "shop 05", 10, NULL, &list, &n,
	    &total), ST_OK);
	assert_int_equal(total, 0);
	if (indexed) {
		index_all(f);
		found(f, p, "renamed", 1);
		found(f, p, "shop 05", 0);
		found(f, p, "ed", 1);
	}
	/* One transaction creates a record and changes another (both wait
	 * for SQLite's indexes): both are found as they are after it. */
	assert_int_equal(oms_page(f, p, "user6@", 1, NULL, &list, &n,
	    &total), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	r.email = r.email_norm = "walrus@works.example";
	r.d.company = "Walrus Works";
	assert_int_equal(store_oms_create(f->st, p, &f->a, &r, 100, &id,
	    &f->e), ST_OK);
	r = list[0];
	r.d.company = "Narwhal Goods";
	assert_int_equal(store_oms_update(f->st, p, list[0].id, &r, 100,
	    &f->e), ST_OK);
	assert_int_equal(store_tx_commit(f->st, &f->e), ST_OK);
	found(f, p, "walrus", 1);
	found(f, p, "narwhal", 1);
	found(f, p, "shop 06", 0);
	if (indexed) {
		index_all(f);
		found(f, p, "walrus", 1);
		found(f, p, "narwhal", 1);
		found(f, p, "shop 06", 0);
		found(f, p, "さく", 9);	/* 06 renamed */
	}
}

static void
test_oms_search(void **state)
{
	oms_search_cases(*state, false);
}

static void
test_oms_search_indexed(void **state)
{
	oms_search_cases(*state, true);
}

/*
 * SQLite: with no background process, a writer that finds more than
 * twice OMS_INDEX_BATCH records waiting indexes them before its commit
 * (or, outside a transaction, right after its write), so searches never
 * test more than that on their own.
 */
static void
test_oms_index_without_jobs(void **state)
{
	struct fixture		*f = *state;
	struct oms_record	 r = { 0 };
	char			*p, *id, email[64];
	int			 i, n = 2 * OMS_INDEX_BATCH + 1;

	if (f->pg)
		skip();
	p = mk_account(f, "partner", "P");
	business(&r);
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	for (i = 0; i < n; i++) {
		snprintf(email, sizeof(email), "w%d@wait.example", i);
		r.email = r.email_norm = email;
		r.d.company = i == n - 1 ? "Last Walrus" : "Waiting Room";
		assert_int_equal(store_oms_create(f->st, p, &f->a, &r, i, &id,
		    &f->e), ST_OK);
	}
	count_is(f, "SELECT count(*) FROM oms_search", 0);
	assert_int_equal(store_tx_commit(f->st, &f->e), ST_OK);
	count_is(f, "SELECT count(*) FROM oms_search", n);
	count_is(f, "SELECT count(*) FROM oms_grams", n);
	count_is(f, "SELECT CAST(value AS INTEGER) = (SELECT MAX(seq)"
	    " FROM oms_records) FROM meta WHERE key = 'oms_index_mark'", 1);
	found(f, p, "last walrus", 1);
	/* The next ones wait again; outside a transaction, the one that
	 * finds too many waiting indexes them in steps of their own. */
	for (i = 0; i < n; i++) {
		snprintf(email, sizeof(email), "x%d@wait.example", i);
		r.email = r.email_norm = email;
		r.d.company = i == n - 1 ? "Next Walrus" : "Waiting Hall";
		assert_int_equal(store_oms_create(f->st, p, &f->a, &r, n + i,
		    &id, &f->e), ST_OK);
		if (i == 0)
			count_is(f, "SELECT count(*) FROM oms_search", n);
	}
	count_is(f, "SELECT count(*) FROM oms_search", 2 * n);
	count_is(f, "SELECT count(*) FROM oms_grams", 2 * n);
	found(f, p, "walrus", 2);
	found(f, p, "next walrus", 1);
}

/* One step of building partner p's generation gen: read, then write. */
static void
blocks_step(struct fixture *f, long long gen, const char *p, int64_t now,
    bool *done)
{
	struct oms_blocks_next	nx;

	assert_int_equal(store_oms_blocks_read(f->st, &f->a, gen, p, 8, &nx,
	    &f->e), ST_OK);
	assert_int_equal(store_oms_blocks_write(f->st, &f->a, gen, p, &nx, now,
	    done, &f->e), ST_OK);
}

/*
 * A partner's search blocks see the records added and changed after they
 * began even when another partner's records, holding the highest seqs
 * when the blocks began, have been purged since (SQLite hands out seqs
 * after the highest there is).
 */
static void
test_oms_blocks_after_purge(void **state)
{
	struct fixture		*f = *state;
	struct oms_record	 r = { 0 }, *list;
	char			*p, *t, *id, email[64];
	long long		 gen, total;
	size_t			 i, n;
	bool			 done = false;

	p = mk_account(f, "partner", "P");
	t = mk_account(f, "partner", "T");
	business(&r);
	for (i = 0; i < 6; i++) {
		snprintf(email, sizeof(email), "u%zu@%s.example", i,
		    i < 2 ? "p" : "t");
		r.email = r.email_norm = email;
		r.d.company = i < 2 ? "Harbor Foods" : "Trial Traders";
		assert_int_equal(store_oms_create(f->st, i < 2 ? p : t, &f->a,
		    &r, 10, &id, &f->e), ST_OK);
	}
	assert_int_equal(store_oms_blocks_begin(f->st, p, 20, &gen, &f->e),
	    ST_OK);
	while (!done)
		blocks_step(f, gen, p, 20, &done);
	assert_int_equal(store_account_mark_deleted(f->st, t, NULL, NULL, 30,
	    30, &f->e), ST_OK);
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	assert_int_equal(store_account_purge(f->st, t, &f->e), ST_OK);
	assert_int_equal(store_tx_commit(f->st, &f->e), ST_OK);

	r.email = r.email_norm = "new@p.example";
	r.d.company = "Zephyr Harbor";
	assert_int_equal(store_oms_create(f->st, p, &f->a, &r, 40, &id,
	    &f->e), ST_OK);
	found(f, p, "zephyr", 1);
	found(f, p, "harbor", 3);
	/* A change after the purge is seen as it is now, not as the
	 * block holds it. */
	assert_int_equal(oms_page(f, p, "u0@p", 1, NULL, &list, &n, &total),
	    ST_OK);
	assert_int_equal(n, 1);
	r = list[0];
	r.d.company = "Quokka Supplies";
	assert_int_equal(store_oms_update(f->st, p, list[0].id, &r, 50, &f->e),
	    ST_OK);
	found(f, p, "quokka", 1);
	found(f, p, "harbor", 2);
}


/*
 * Writers leave the record search indexes unmerged (migration 0039):
 * SQLite a segment a commit that indexes records, PostgreSQL the GIN
 * indexes' pending lists.
 * The background process's merge steps merge them, and every record is
 * still found.
 */
static void
test_oms_search_merge(void **state)
{
	struct fixture		*f = *state;
	struct oms_record	 r = { 0 };
	char			*p, *id, email[64], company[64];
	bool			 more = true;
	int			 i;

	p = mk_account(f, "partner", "P");
	business(&r);
	for (i = 0; i < 40; i++) {
		snprintf(email, sizeof(email), "m%d@merge%d.example", i, i);
		snprintf(company, sizeof(company), "Merge Shop %02d", i);
		r.email = r.email_norm = email;
		r.d.company = company;
		assert_int_equal(store_oms_create(f->st, p, &f->a, &r, i, &id,
		    &f->e), ST_OK);
		/* Indexed one by one: a segment each (SQLite). */
		assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
		assert_int_equal(store_oms_index_catch_up(f->st, 1, &more,
		    &f->e), ST_OK);
		assert_false(more);
		assert_int_equal(store_tx_commit(f->st, &f->e), ST_OK);
	}
	more = true;
	if (!f->pg) {
		count_is(f, "SELECT count(DISTINCT segid) >= 40"
		    " FROM oms_search_idx", 1);
		count_is(f, "SELECT count(DISTINCT segid) >= 40"
		    " FROM oms_grams_idx", 1);
	}
	for (i = 0; more && i < 100; i++)
		assert_int_equal(store_oms_search_merge(f->st, 128, &more,
		    &f->e), ST_OK);
	assert_false(more);
	assert_true(i > 1);	/* something was merged */
	if (!f->pg) {
		count_is(f, "SELECT count(DISTINCT segid) < 16"
		    " FROM oms_search_idx", 1);
		count_is(f, "SELECT count(DISTINCT segid) < 16"
		    " FROM oms_grams_idx", 1);
	}
	found(f, p, "merge shop", 40);
	found(f, p, "shop 07", 1);
	found(f, p, "m39@merge39", 1);
}

/*
 * A step of building blocks reads its records outside the write lock and
 * writes them afterwards: a record added in between is found by searches
 * as one added since the blocks began, and a step read before another
 * builder wrote the same blocks is refused (ST_CONFLICT) and writes
 * nothing.
 */
static void
test_oms_blocks_read_then_write(void **state)
{
	struct fixture		*f = *state;
	struct oms_blocks_next	 mine, theirs;
	struct oms_record	 r = { 0 };
	char			*p, *id, email[64];
	long long		 gen, blocks;
	size_t			 i;
	bool			 done = false;

	p = mk_account(f, "partner", "P");
	business(&r);
	for (i = 0; i < 3; i++) {
		snprintf(email, sizeof(email), "w%zu@p.example", i);
		r.email = r.email_norm = email;
		r.d.company = i == 0 ? "Wombat Alpha" : i == 1 ?
		    "Wombat Charlie" : "Wombat Echo";
		assert_int_equal(store_oms_create(f->st, p, &f->a, &r, 10, &id,
		    &f->e), ST_OK);
	}
	assert_int_equal(store_oms_blocks_begin(f->st, p, 20, &gen, &f->e),
	    ST_OK);
	assert_int_equal(store_oms_blocks_read(f->st, &f->a, gen, p, 8, &mine,
	    &f->e), ST_OK);
	assert_int_equal(mine.n, 3);
	assert_int_equal(store_oms_blocks_read(f->st, &f->a, gen, p, 8,
	    &theirs, &f->e), ST_OK);

	/* Between the read and the write: a record sorting among them. */
	r.email = r.email_norm = "w9@p.example";
	r.d.company = "Wombat Bravo";
	assert_int_equal(store_oms_create(f->st, p, &f->a, &r, 30, &id,
	    &f->e), ST_OK);

	/* Another builder writes the same step first. */
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	assert_int_equal(store_oms_blocks_write(f->st, &f->a, gen, p, &theirs,
	    40, &done, &f->e), ST_OK);
	assert_int_equal(store_tx_commit(f->st, &f->e), ST_OK);
	assert_true(done);
	assert_int_equal(store_oms_blocks_of(f->st, p, "ready", &gen, &blocks,
	    &f->e), ST_OK);
	assert_int_equal(blocks, 1);

	/* Ours comes too late: the generation is no longer being built. */
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	assert_int_equal(store_oms_blocks_write(f->st, &f->a, gen, p, &mine,
	    50, &done, &f->e), ST_CONFLICT);
	store_tx_rollback(f->st);
	err_clear(&f->e);
	assert_int_equal(store_oms_blocks_of(f->st, p, "ready", &gen, &blocks,
	    &f->e), ST_OK);
	assert_int_equal(blocks, 1);

	found(f, p, "wombat", 4);
	found(f, p, "bravo", 1);
}

/* A record of partner p named company, into *id. */
static void
kept_mk(struct fixture *f, const char *p, const char *email,
    const char *company, const char *type, char **id)
{
	struct oms_record	r = { 0 };

	business(&r);
	r.type = type;
	r.email = r.email_norm = email;
	r.d.company = company;
	assert_int_equal(store_oms_create(f->st, p, &f->a, &r, 10, id, &f->e),
	    ST_OK);
}

static void
kept_rename(struct fixture *f, const char *p, const char *id,
    const char *company)
{
	struct oms_record	r;

	assert_int_equal(store_oms_get(f->st, p, &f->a, id, &r, &f->e), ST_OK);
	r.d.company = company;
	assert_int_equal(store_oms_update(f->st, p, id, &r, 20, &f->e), ST_OK);
}

/* The kept set of st for p's generation gen begun at mark, as a search
 * reads it (in its snapshot). */
static const struct oms_kept_set *
kept_read(struct fixture *f, struct store *st, const char *p, long long gen,
    long long mark)
{
	const struct oms_kept_set	*k;

	assert_int_equal(store_snapshot_begin(st, &f->e), ST_OK);
	assert_int_equal(oms_kept_refresh(st, &f->a, p, gen, mark, &k, &f->e),
	    ST_OK);
	assert_int_equal(store_tx_commit(st, &f->e), ST_OK);
	return (k);
}

/* The page of "kestrel" after (company, id) is want (NULL-ended). */
static void
kept_page_is(const struct oms_kept_set *k, const char *company,
    const char *id, const char *const *want)
{
	const char	*ids[8];
	size_t		 n, i;

	n = oms_kept_page(k, "kestrel", company, id, ids, 8);
	for (i = 0; want[i] != NULL; i++) {
		assert_true(i < n);
		assert_string_equal(ids[i], want[i]);
	}
	assert_int_equal(n, i);
}

/*
 * The records changed since a generation of blocks began, kept between
 * searches (store_oms_kept.c): only those, in display order after a
 * cursor, the ineligible ones left out of pages but known as changed; a
 * record changed again takes its own place; a newer generation keeps only
 * what it has not seen; past the cap none are kept.
 */
static void
test_oms_kept(void **state)
{
	struct fixture			*f = *state;
	const struct oms_kept_set	*k;
	struct store			*capped, *writer;
	struct oms_record		 r = { 0 };
	char				*p, *q, *id[7], *pending, *later;
	long long			 m0, m1;
	int				 i;

	p = mk_account(f, "partner", "P");
	kept_mk(f, p, "k0@p.example", "Kestrel Zeta", "business", &id[0]);
	assert_int_equal(store_oms_blocks_mark(f->st, &m0, &f->e), ST_OK);
	kept_mk(f, p, "k1@p.example", "Kestrel Beta", "business", &id[1]);
	kept_mk(f, p, "k2@p.example", "Kestrel Alpha", "business", &id[2]);
	kept_mk(f, p, "k3@p.example", "Other Gamma", "business", &id[3]);
	kept_mk(f, p, "k4@p.example", "Kestrel Home", "consumer", &id[4]);
	/* Another partner's never come. */
	kept_mk(f, mk_account(f, "partner", "Q"), "k5@q.example",
	    "Kestrel Abacus", "business", &id[5]);

	k = kept_read(f, f->st, p, 1, m0);
	assert_non_null(k);
	assert_int_equal(oms_kept_count_all(k), 4);
	assert_true(oms_kept_has(k, id[1]) && oms_kept_has(k, id[4]));
	assert_false(oms_kept_has(k, id[0]) || oms_kept_has(k, id[5]));
	kept_page_is(k, NULL, NULL, (const char *[]){ id[2], id[1], NULL });
	kept_page_is(k, "Kestrel Alpha", id[2], (const char *[]){ id[1],
	    NULL });
	kept_page_is(k, "Kestrel Beta", id[1], (const char *[]){ NULL });
	assert_int_equal(oms_kept_matches(k, "kestrel", 100), 2);
	assert_int_equal(oms_kept_matches(k, "kestrel", 1), 1);
	assert_int_equal(oms_kept_matches(k, "gamma", 100), 1);
	/* Every letter and most pairs there, not the text. */
	assert_int_equal(oms_kept_matches(k, "alpha kestrel", 100), 0);
	assert_int_equal(oms_kept_matches(k, "kestrel alphaa", 100), 0);

	/* Changed since the last read: read and merged in its place. */
	kept_rename(f, p, id[0], "Kestrel Aardvark");
	k = kept_read(f, f->st, p, 1, m0);
	assert_int_equal(oms_kept_count_all(k), 5);
	kept_page_is(k, NULL, NULL, (const char *[]){ id[0], id[2], id[1],
	    NULL });
	/* Changed again: its new self only. */
	kept_rename(f, p, id[1], "Zebra Beta");
	k = kept_read(f, f->st, p, 1, m0);
	assert_int_equal(oms_kept_count_all(k), 5);
	assert_true(oms_kept_has(k, id[1]));
	kept_page_is(k, NULL, NULL, (const char *[]){ id[0], id[2], NULL });
	assert_int_equal(oms_kept_matches(k, "zebra", 100), 1);
	/* Nothing changed: the same. */
	k = kept_read(f, f->st, p, 1, m0);
	assert_int_equal(oms_kept_count_all(k), 5);

	/* A newer generation, begun before the set's last read: only what
	 * changed after it began stays. */
	assert_int_equal(store_oms_blocks_mark(f->st, &m1, &f->e), ST_OK);
	kept_mk(f, p, "k6@p.example", "Kestrel Omega", "business", &id[6]);
	k = kept_read(f, f->st, p, 1, m0);
	assert_int_equal(oms_kept_count_all(k), 6);
	k = kept_read(f, f->st, p, 2, m1);
	assert_int_equal(oms_kept_count_all(k), 1);
	assert_false(oms_kept_has(k, id[1]));
	kept_page_is(k, NULL, NULL, (const char *[]){ id[6], NULL });

	/* A writer's transaction still open: not seen, and seen once it
	 * commits (its transaction began before the read). */
	assert_int_equal(store_open(f->db.url, false, &writer, &f->e), ST_OK);
	assert_int_equal(store_tx_begin(writer, &f->e), ST_OK);
	business(&r);
	r.email = r.email_norm = "k7@p.example";
	r.d.company = "Kestrel Pending";
	assert_int_equal(store_oms_create(writer, p, &f->a, &r, 30, &pending,
	    &f->e), ST_OK);
	/* A read of its own: the writer's statements have reached the
	 * server (PostgreSQL sends a transaction's writes ahead without
	 * waiting), so its transaction is running there. */
	assert_int_equal(store_oms_get(writer, p, &f->a, pending, &r, &f->e),
	    ST_OK);
	/* PostgreSQL: a later transaction ends first, so the snapshot's
	 * xmax passes the writer's transaction (SQLite has one writer). */
	if (f->pg)
		kept_mk(f, p, "k8@p.example", "Kestrel After", "business",
		    &later);
	k = kept_read(f, f->st, p, 2, m1);
	assert_false(oms_kept_has(k, pending));
	assert_true(!f->pg || oms_kept_has(k, later));
	assert_int_equal(store_tx_commit(writer, &f->e), ST_OK);
	store_close(writer);
	if (!f->pg)
		kept_mk(f, p, "k8@p.example", "Kestrel After", "business",
		    &later);
	k = kept_read(f, f->st, p, 2, m1);
	assert_true(oms_kept_has(k, pending));
	kept_page_is(k, NULL, NULL, (const char *[]){ later, id[6], pending,
	    NULL });

	/* Inside a writer's own transaction nothing is kept. */
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	assert_int_equal(store_snapshot_begin(f->st, &f->e), ST_OK);
	assert_int_equal(oms_kept_refresh(f->st, &f->a, p, 2, m1, &k, &f->e),
	    ST_OK);
	assert_null(k);
	assert_int_equal(store_tx_commit(f->st, &f->e), ST_OK);
	assert_int_equal(store_tx_commit(f->st, &f->e), ST_OK);
	/* Other partners' sets beside it, more than are kept at once:
	 * the least recently searched is read again. */
	for (i = 0; i < 6; i++) {
		k = kept_read(f, f->st, mk_account(f, "partner", "R"), 1, m0);
		assert_non_null(k);
		assert_int_equal(oms_kept_count_all(k), 0);
	}
	k = kept_read(f, f->st, p, 2, m1);
	assert_int_equal(oms_kept_count_all(k), 3);
	kept_page_is(k, NULL, NULL, (const char *[]){ later, id[6], pending,
	    NULL });

	/* Past the cap: nothing kept for that generation. */
	setenv("STEWARD_OMS_KEPT_MAX", "3", 1);
	assert_int_equal(store_open(f->db.url, false, &capped, &f->e), ST_OK);
	assert_null(kept_read(f, capped, p, 1, m0));	/* read at first use */
	unsetenv("STEWARD_OMS_KEPT_MAX");
	assert_null(kept_read(f, capped, p, 1, m0));
	k = kept_read(f, capped, p, 2, m1);
	assert_non_null(k);
	assert_int_equal(oms_kept_count_all(k), 3);
	/* The cap is for all partners together: another's two take the
	 * room, and p's are read again when p is searched. */
	q = mk_account(f, "partner", "S");
	kept_mk(f, q, "s1@s.example", "Kestrel South", "business", &id[0]);
	kept_mk(f, q, "s2@s.example", "Kestrel Sound", "business", &id[1]);
	k = kept_read(f, capped, q, 1, m1);
	assert_non_null(k);
	kept_page_is(k, NULL, NULL, (const char *[]){ id[1], id[0], NULL });
	k = kept_read(f, capped, p, 2, m1);
	assert_non_null(k);
	kept_page_is(k, NULL, NULL, (const char *[]){ later, id[6], pending,
	    NULL });
	store_close(capped);
}

/* The grams PostgreSQL indexes: characters and pairs of a record, up to
 * trigrams of a block, none across a field; what a search needs. */
static void
test_grams(void **state)
{
	struct fixture	*f = *state;
	const char	*block[] = { "ab\ncd", "abc", "\"b\"" };

	assert_string_equal(grams_pg_array(&f->a, "ab\nc"),
	    "{\"a\",\"ab\",\"b\",\"c\"}");
	assert_string_equal(grams_pg_array(&f->a, "さくら"),
	    "{\"く\",\"くら\",\"さ\",\"さく\",\"ら\"}");
	assert_string_equal(grams_pg_block(&f->a, block, 3),
	    "{\"\\\"\",\"\\\"b\",\"\\\"b\\\"\",\"a\",\"ab\",\"abc\","
	    "\"b\",\"b\\\"\",\"bc\",\"c\",\"cd\",\"d\"}");
	assert_string_equal(grams_pg_need(&f->a, "abcab"),
	    "{\"abc\",\"bca\",\"cab\"}");
	assert_string_equal(grams_pg_need(&f->a, "さく"), "{\"さく\"}");
}

static void
test_audit(void **state)
{
	struct fixture		*f = *state;
	struct audit_event	 ev = { 0 }, *list;
	size_t			 n;
	char			*p;

	p = mk_account(f, "partner", "P");
	ev.at = 10;
	ev.account_id = p;
	ev.category = "account";
	ev.event_type = "rename";
	ev.detail = "renamed";
	ev.result = "success";
	ev.origin = "ui";
	ev.actor_kind = "login";
	ev.actor_id = "usr_aaaaaaaaaaaaaaaa";
	ev.actor = "a@example.com";
	ev.ip = "198.51.100.7";
	assert_int_equal(store_audit_add(f->st, &f->a, &ev, &f->e), ST_OK);
	ev.at = 20;
	ev.event_type = "second";
	assert_int_equal(store_audit_add(f->st, &f->a, &ev, &f->e), ST_OK);
	ev.account_id = NULL;
	assert_int_equal(store_audit_add(f->st, &f->a, &ev, &f->e), ST_OK);
	assert_int_equal(store_audit_list(f->st, p, &f->a, 10, &list, &n,
	    &f->e), ST_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].event_type, "second");	/* newest */
	assert_string_equal(list[1].ip, "198.51.100.7");
	assert_string_equal(list[1].actor_kind, "login");
	assert_string_equal(list[1].actor_id, "usr_aaaaaaaaaaaaaaaa");
	assert_int_equal(store_audit_list(f->st, NULL, &f->a, 10, &list, &n,
	    &f->e), ST_OK);
	assert_int_equal(n, 1);
}

static void
test_fault_injection(void **state)
{
	struct fixture	*f = *state;
	struct store	*faulty;
	char		*id;

	setenv("STEWARD_FAULT_SQL", "INSERT INTO accounts", 1);
	assert_int_equal(store_open(f->db.url, false, &faulty, &f->e), ST_OK);
	unsetenv("STEWARD_FAULT_SQL");
	assert_int_equal(store_account_create(faulty, &f->a, "partner", "X",
	    "", 1, &id, &f->e), ST_INTERNAL);
	store_close(faulty);
}

static void
test_meta(void **state)
{
	struct fixture	*f = *state;
	char		*v;

	assert_int_equal(store_meta_get(f->st, &f->a, "k", &v, &f->e),
	    ST_NOT_FOUND);
	err_clear(&f->e);
	assert_int_equal(store_meta_set(f->st, "k", "1", &f->e), ST_OK);
	assert_int_equal(store_meta_set(f->st, "k", "2", &f->e), ST_OK);
	assert_int_equal(store_meta_get(f->st, &f->a, "k", &v, &f->e), ST_OK);
	assert_string_equal(v, "2");
}

/* Partner acc_p's customer cus_1 and its OMS record oms_1, in SQL that
 * every schema version since 0031 takes. */
#define RAW_CUSTOMER \
	"INSERT INTO oms_records (id, partner_id, type, email, email_norm," \
	" created_at, updated_at) VALUES ('oms_1', 'acc_p', 'business'," \
	" 'a@b.example', 'a@b.example', 1, 1);" \
	"INSERT INTO customers (id, partner_id, oms_record_id, company," \
	" email, contact_person, phone, industry, website, street," \
	" postal_code, city, country, management, sort_key, search_text," \
	" created_at, updated_at) VALUES ('cus_1', 'acc_p', 'oms_1', 'A'," \
	" 'a@b.example', 'X', '', 'other', '', '', '', '', 'GB', 'local'," \
	" 'a', 'a', 1, 1);"

/*
 * Migration 0031 relaxes customers.oms_record_id for company consoles' own
 * records (a rebuild of customers on SQLite): customers already there
 * keep their rows and references, a company record without an OMS record
 * is taken afterwards and only of kind company, and an index, trigger and
 * view on customers that the migration does not know of (an operator's
 * own index, or another migration's objects when migrations are
 * renumbered) still work afterwards.
 */
static void
test_upgrade_through_company_records(void **state)
{
	struct fixture	*f = *state;
	struct test_db	 old;
	struct store	*st;
	struct arena	 a;
	const char	*self;
	char		*id;
	int		 applied;

	arena_init(&a, 0);
	test_db_new(&old, f->pg);
	assert_int_equal(store_open(old.url, true, &st, &f->e), ST_OK);
	assert_int_equal(store_migrate_to(st, 30, &applied, &f->e), ST_OK);
	if (store_exec(st,
	    "INSERT INTO accounts (id, kind, name, created_at, updated_at)"
	    " VALUES ('acc_p', 'partner', 'MSP', 1, 1),"
	    " ('acc_c', 'company', 'Firm', 1, 1);" RAW_CUSTOMER
	    "INSERT INTO sites (id, partner_id, customer_id, name, name_key,"
	    " created_at, updated_at) VALUES ('site_1', 'acc_p', 'cus_1', 'S',"
	    " 's', 1, 1);"
	    "CREATE TABLE later_log (customer_id TEXT);"
	    "CREATE INDEX customers_later ON customers (country, id);"
	    "CREATE VIEW later_view AS SELECT id FROM customers;", &f->e) !=
	    ST_OK)
		fail_msg("old data: %s", f->e.internal);
	if (store_exec(st, f->pg ?
	    "CREATE FUNCTION later_insert() RETURNS trigger LANGUAGE plpgsql"
	    " AS $$BEGIN INSERT INTO later_log VALUES (NEW.id); RETURN NEW;"
	    " END$$; CREATE TRIGGER customers_later_insert AFTER INSERT ON"
	    " customers FOR EACH ROW EXECUTE FUNCTION later_insert();" :
	    "CREATE TRIGGER customers_later_insert AFTER INSERT ON customers"
	    " BEGIN INSERT INTO later_log VALUES (NEW.id); END;", &f->e) !=
	    ST_OK)
		fail_msg("trigger: %s", f->e.internal);
	assert_int_equal(store_migrate(st, &applied, &f->e), ST_OK);
	assert_true(applied >= 2);
	/* Old rows and their references are there; the others' objects too. */
	if (store_exec(st, "INSERT INTO sites (id, partner_id, customer_id,"
	    " name, name_key, created_at, updated_at) VALUES ('site_2',"
	    " 'acc_p', 'cus_1', 'T', 't', 1, 1);"
	    "SELECT count(*) FROM later_view;", &f->e) != ST_OK)
		fail_msg("after: %s", f->e.internal);
	assert_int_equal(store_company_self_create(st, "acc_c", "Firm", "GB",
	    2, &a, &id, &f->e), ST_OK);
	assert_int_equal(store_company_self(st, "acc_c", &a, &self, &f->e),
	    ST_OK);
	assert_string_equal(self, id);
	/* One record per console; a partner's customer needs its OMS record. */
	assert_int_equal(store_company_self_create(st, "acc_c", "Firm", "GB",
	    2, &a, &id, &f->e), ST_CONFLICT);
	err_clear(&f->e);
	assert_int_not_equal(store_exec(st, "INSERT INTO customers (id,"
	    " partner_id, company, email, contact_person, phone, industry,"
	    " website, street, postal_code, city, country, management,"
	    " sort_key, search_text, created_at, updated_at) VALUES ('cus_x',"
	    " 'acc_p', 'X', '', '', '', '', '', '', '', '', 'GB', 'local', 'x',"
	    " 'x', 1, 1)", &f->e), ST_OK);
	err_clear(&f->e);
	/* The trigger saw the console's record (and only it). */
	if (store_exec(st, "CREATE TABLE later_ok (n INTEGER CHECK (n = 1));"
	    "INSERT INTO later_ok SELECT count(*) FROM later_log;", &f->e) !=
	    ST_OK)
		fail_msg("trigger after: %s", f->e.internal);
	store_close(st);
	test_db_drop(&old);
	arena_free(&a);
}

/*
 * Migration 0040 keeps deleted sites (a rebuild of sites on SQLite): sites
 * and the installers that refer to them keep their rows; a site's name is
 * unique among the customer's live sites only, so a deleted site's name is
 * free, and restoring it while a live site has the name is a conflict.
 */
static void
test_upgrade_through_deleted_sites(void **state)
{
	struct fixture	*f = *state;
	struct test_db	 old;
	struct store	*st;
	struct arena	 a;
	struct deleted	*d;
	struct page	 pg;
	struct site	 s;
	size_t		 n;
	int		 applied;

	arena_init(&a, 0);
	test_db_new(&old, f->pg);
	assert_int_equal(store_open(old.url, true, &st, &f->e), ST_OK);
	assert_int_equal(store_migrate_to(st, 39, &applied, &f->e), ST_OK);
	if (store_exec(st,
	    "INSERT INTO accounts (id, kind, name, created_at, updated_at)"
	    " VALUES ('acc_p', 'partner', 'MSP', 1, 1);" RAW_CUSTOMER
	    "INSERT INTO sites (id, partner_id, customer_id, name, name_key,"
	    " created_at, updated_at) VALUES ('site_1', 'acc_p', 'cus_1', 'S',"
	    " 's', 1, 1);"
	    "INSERT INTO installers (id, partner_id, customer_id, site_id,"
	    " owner, token_hash, created_at, rotated_at) VALUES ('inst_1',"
	    " 'acc_p', 'cus_1', 'site_1', 'site_1', 'h1', 1, 1);", &f->e) !=
	    ST_OK)
		fail_msg("old data: %s", f->e.internal);
	assert_int_equal(store_migrate(st, &applied, &f->e), ST_OK);
	assert_true(applied >= 1);
	assert_int_equal(store_site_get(st, "acc_p", "cus_1", "site_1", &a, &s,
	    &f->e), ST_OK);
	assert_string_equal(s.name, "S");
	/* Deleted: not found, listed as deleted, its name free. */
	assert_int_equal(store_site_mark_deleted(st, "acc_p", "cus_1", "site_1",
	    NULL, "someone", 10, 20, &f->e), ST_OK);
	assert_int_equal(store_site_get(st, "acc_p", "cus_1", "site_1", &a, &s,
	    &f->e), ST_NOT_FOUND);
	err_clear(&f->e);
	page_first(&pg, 10);
	assert_int_equal(store_sites_deleted(st, "acc_p", "cus_1", NULL, &a,
	    &pg, &d, &n, &f->e), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(d[0].customer_id, "cus_1");
	assert_int_equal(d[0].purge_at, 20);
	if (store_exec(st, "INSERT INTO sites (id, partner_id, customer_id,"
	    " name, name_key, created_at, updated_at) VALUES ('site_2',"
	    " 'acc_p', 'cus_1', 's', 's', 1, 1);", &f->e) != ST_OK)
		fail_msg("a deleted site's name: %s", f->e.internal);
	assert_int_equal(store_site_undelete(st, "acc_p", "cus_1", "site_1", 30,
	    &f->e), ST_CONFLICT);
	err_clear(&f->e);
	/* Purged with its installer; a live site is never purged. */
	assert_int_equal(store_site_purge(st, "acc_p", "site_2", &f->e),
	    ST_NOT_FOUND);
	err_clear(&f->e);
	assert_int_equal(store_sites_due(st, 20, 10, &a, &d, &n, &f->e), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_site_purge(st, "acc_p", "site_1", &f->e), ST_OK);
	assert_int_equal(store_installer_get(st, "acc_p", "site_1", &a,
	    &(struct installer){ 0 }, &f->e), ST_NOT_FOUND);
	err_clear(&f->e);
	store_close(st);
	test_db_drop(&old);
	arena_free(&a);
}

/* Whether the device is among the partner's drifted ones at off. */
static bool
drifted(struct fixture *f, const char *partner, const char *dev,
    int64_t off)
{
	struct device_drift	*d;
	size_t			 n, i;

	assert_int_equal(store_devices_drifted(f->st, partner, off, 0, NULL,
	    100, &f->a, &d, &n, &f->e), ST_OK);
	for (i = 0; i < n; i++)
		if (strcmp(d[i].device_id, dev) == 0)
			return (true);
	return (false);
}

/* Every device keeps seen_mark <= last_seen < seen_mark + an hour. */
static void
marks_hold(struct fixture *f)
{
	count_is(f, "SELECT count(*) FROM devices WHERE seen_mark > last_seen"
	    " OR last_seen >= seen_mark + 3600", 0);
}

/*
 * Migration 0038: the indexes hold an hourly mark of last_seen. Batched
 * last-seen times move it once it is an hour behind; the lagging devices
 * are found exactly on both sides of the offline threshold, including one
 * the sweep stored offline while its check-in waited in a batch.
 */
static void
test_device_seen_mark(void **state)
{
	struct fixture		*f = *state;
	struct device_enrolment	 en;
	struct device_state	 ds;
	const char		*ids[1];
	int64_t			 t0 = 1000000000, at[1];
	bool			 is_new, changed;
	char			*dev;

	if (store_exec(f->st,
	    "INSERT INTO accounts (id, kind, name, created_at, updated_at)"
	    " VALUES ('acc_p', 'partner', 'MSP', 1, 1);" RAW_CUSTOMER, &f->e) !=
	    ST_OK)
		fail_msg("data: %s", f->e.internal);
	memset(&en, 0, sizeof(en));
	en.partner_id = "acc_p";
	en.customer_id = "cus_1";
	en.hardware_id = "hw-1";
	en.hostname = en.sort_key = "ws-1";
	en.platform = "workstation";
	en.os = "Debian";
	en.agent_version = "1.0.0";
	en.secret_hash = "h";
	en.now = t0;
	assert_int_equal(store_device_enroll(f->st, &f->a, &en, &dev, &is_new,
	    &f->e), ST_OK);
	memset(&ds, 0, sizeof(ds));
	ds.protection = "on";
	ds.definitions_at = t0;
	ds.state_hash = "s";
	ds.now = t0;
	assert_int_equal(store_device_state_save(f->st, "acc_p", "cus_1", dev,
	    &ds, &f->a, &f->e), ST_OK);
	assert_string_equal(ds.status, "protected");
	marks_hold(f);

	/* Half an hour later, batched: the mark stays; the device is online
	 * until its last check-in, not its mark, is older than the threshold. */
	ids[0] = dev;
	at[0] = t0 + 1800;
	assert_int_equal(store_devices_seen(f->st, ids, at, 1, &f->e), ST_OK);
	marks_hold(f);
	assert_false(drifted(f, "acc_p", dev, t0 + 900));
	assert_true(drifted(f, "acc_p", dev, t0 + 1801));
	/* Two hours on, the mark moves with it. */
	at[0] = t0 + 7200;
	assert_int_equal(store_devices_seen(f->st, ids, at, 1, &f->e), ST_OK);
	marks_hold(f);
	assert_false(drifted(f, "acc_p", dev, t0 + 7000));
	assert_true(drifted(f, "acc_p", dev, t0 + 7201));

	/* The sweep stores it offline days later; a check-in noted before
	 * that reaches the database afterwards: found as back online. */
	assert_int_equal(store_device_set_status(f->st, dev, "protected",
	    "offline", 0, &changed, &f->e), ST_OK);
	assert_true(changed);
	assert_false(drifted(f, "acc_p", dev, t0 + 9 * 86400));
	at[0] = t0 + 9 * 86400;
	assert_int_equal(store_devices_seen(f->st, ids, at, 1, &f->e), ST_OK);
	marks_hold(f);
	assert_true(drifted(f, "acc_p", dev, t0 + 2 * 86400));
	/* Stored back online by the sweep with the time it saw. */
	assert_int_equal(store_device_set_status(f->st, dev, "offline",
	    "protected", t0 + 9 * 86400 + 60, &changed, &f->e), ST_OK);
	marks_hold(f);
	assert_false(drifted(f, "acc_p", dev, t0 + 2 * 86400));
}

/*
 * Housekeeping drops the dashboard chart's days that count nothing (their
 * alerts purged) and keeps the others; a later purge of an alert of such
 * a day does not bring it back.
 */
static void
test_housekeeping_alert_days(void **state)
{
	struct fixture	*f = *state;

	if (store_exec(f->st,
	    "INSERT INTO accounts (id, kind, name, created_at, updated_at)"
	    " VALUES ('acc_p', 'partner', 'MSP', 1, 1);"
	    "INSERT INTO alert_days (partner_id, day, raised, resolved)"
	    " VALUES ('acc_p', 100, 0, 0), ('acc_p', 101, 2, 1),"
	    " ('acc_p', 102, 0, 1);", &f->e) != ST_OK)
		fail_msg("data: %s", f->e.internal);
	assert_int_equal(store_purge_expired(f->st, 200 * 86400, &f->e),
	    ST_OK);
	count_is(f, "SELECT count(*) FROM alert_days WHERE partner_id ="
	    " 'acc_p'", 2);
	count_is(f, "SELECT count(*) FROM alert_days WHERE day = 100", 0);
	count_is(f, "SELECT sum(raised) * 10 + sum(resolved) FROM alert_days",
	    22);
}

#define T(fn, s)	cmocka_unit_test_setup_teardown(fn, s, teardown)
#define ALL(s) \
	T(test_migrations_idempotent, s), \
	T(test_upgrade_from_version_5, s), \
	T(test_upgrade_through_company_records, s), \
	T(test_upgrade_through_deleted_sites, s), \
	T(test_accounts_and_memberships, s), \
	T(test_logins, s), \
	T(test_sessions, s), \
	T(test_rate_limits, s), \
	T(test_oms_isolation_and_uniqueness, s), \
	T(test_bulk_sends_ahead, s), \
	T(test_transactions, s), \
	T(test_nested_transactions, s), \
	T(test_later_transactions, s), \
	T(test_group_commit, s), \
	T(test_oms_search, s), \
	T(test_oms_search_indexed, s), \
	T(test_oms_index_without_jobs, s), \
	T(test_oms_blocks_after_purge, s), \
	T(test_oms_blocks_read_then_write, s), \
	T(test_oms_kept, s), \
	T(test_oms_search_merge, s), \
	T(test_grams, s), \
	T(test_audit, s), \
	T(test_fault_injection, s), \
	T(test_meta, s), \
	T(test_device_seen_mark, s), \
	T(test_housekeeping_alert_days, s)

int
main(void)
{
	const struct CMUnitTest sqlite_tests[] = { ALL(setup_sqlite) };
	const struct CMUnitTest pg_tests[] = { ALL(setup_pg) };
	int	failed;

	rand_init();
	log_level_from_env();
	failed = cmocka_run_group_tests_name("store/sqlite", sqlite_tests,
	    NULL, NULL);
	if (test_pg_available())
		failed += cmocka_run_group_tests_name("store/postgresql",
		    pg_tests, NULL, NULL);
	else
		printf("store/postgresql: skipped (STEWARD_TEST_PG_URL not "
		    "set)\n");
	return (failed);
}

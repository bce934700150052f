/*
 * test_app.c - sign-in, sessions, rate limits, permissions, the password
 * policy and all-or-nothing writes, against both backends.
 */
#include "testutil.h"

#include "app/account.h"
#include "app/api_client.h"
#include "app/access.h"
#include "app/app.h"
#include "app/principal.h"
#include "app/auth.h"
#include "app/customer.h"
#include "app/import.h"
#include "app/oms.h"
#include "app/password.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/country.h"
#include "core/csv.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "core/page.h"
#include "core/phone.h"
#include "store/store.h"
#include "store/store_oms.h"
#include "store/store_policy.h"
#include "store/store_subscription.h"

#define T0	1780000000	/* a fixed "now" */

struct fixture {
	struct test_db		 db;
	struct store		*st;
	struct arena		 a;
	struct err		 e;
	struct app		 app;
	struct principal	 who;
	struct app_config	 cfg;
	char			*partner, *other, *admin, *viewer;
};

/* Reset the per-call parts of the context: error, time, the operator. */
static struct app *
sys(struct fixture *f)
{
	err_clear(&f->e);
	f->app.now = clock_now();
	principal_operator(&f->who, "test");
	f->who.ip = "203.0.113.5";
	f->app.who = &f->who;
	return (&f->app);
}

static struct app *
as(struct fixture *f, const char *login_id)
{
	sys(f);
	principal_login(&f->who, login_id, "test", "203.0.113.5");
	return (&f->app);
}

static int
setup(void **state, int pg)
{
	struct fixture	*f;
	int		 applied;

	f = calloc(1, sizeof(*f));
	test_db_new(&f->db, pg);
	arena_init(&f->a, 0);
	err_clear(&f->e);
	if (store_open(f->db.url, true, &f->st, &f->e) != ST_OK ||
	    store_migrate(f->st, &applied, &f->e) != ST_OK)
		fail_msg("store: %s", f->e.internal);
	clock_set(T0);
	app_config_defaults(&f->cfg);
	f->app.st = f->st;
	f->app.a = &f->a;
	f->app.e = &f->e;
	f->app.cfg = &f->cfg;
	assert_int_equal(account_create(sys(f), "partner", "Northwind",
	    &f->partner), ST_OK);
	assert_int_equal(account_create(sys(f), "partner", "Other MSP",
	    &f->other), ST_OK);
	assert_int_equal(user_create(sys(f), "admin@northwind.example",
	    "correct-horse-staple", "Admin", "en", &f->admin), ST_OK);
	assert_int_equal(user_grant(sys(f), f->partner, f->admin, "admin"),
	    ST_OK);
	assert_int_equal(user_create(sys(f), "viewer@northwind.example",
	    "viewer-horse-staple", "Viewer", "ja", &f->viewer), ST_OK);
	assert_int_equal(user_grant(sys(f), f->partner, f->viewer, "viewer"),
	    ST_OK);
	*state = f;
	return (0);
}

static int setup_sqlite(void **s) { return (setup(s, 0)); }
static int setup_pg(void **s) { return (setup(s, 1)); }

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	clock_set(0);
	store_close(f->st);
	arena_free(&f->a);
	test_db_drop(&f->db);
	free(f);
	return (0);
}

static void
test_sign_in_and_out(void **state)
{
	struct fixture	*f = *state;
	struct signin	 si;
	struct session	 s;
	struct login	 l;

	assert_int_equal(auth_sign_in(sys(f), "ADMIN@Northwind.example",
	    "correct-horse-staple", "ua", &si), ST_OK);
	assert_string_equal(si.login.id, f->admin);
	assert_non_null(si.token);
	assert_string_not_equal(si.session.id, si.token);  /* stored hashed */
	assert_int_equal(auth_resolve(sys(f), NULL, si.token, &s, &l), ST_OK);
	assert_string_equal(l.email, "admin@northwind.example");
	assert_string_equal(s.csrf_token, si.session.csrf_token);
	assert_int_equal(auth_sign_out(as(f, f->admin), si.token), ST_OK);
	assert_int_equal(auth_resolve(sys(f), NULL, si.token, &s, &l), ST_UNAUTH);
	assert_int_equal(auth_resolve(sys(f), NULL, "not-a-token", &s, &l),
	    ST_UNAUTH);
	assert_int_equal(auth_resolve(sys(f), NULL, NULL, &s, &l), ST_UNAUTH);
}

static void
test_wrong_password_and_unknown_email_look_alike(void **state)
{
	struct fixture	*f = *state;
	struct signin	 si;
	char		 code1[40], code2[40];

	assert_int_equal(auth_sign_in(sys(f), "admin@northwind.example",
	    "wrong-password-here", "ua", &si), ST_UNAUTH);
	snprintf(code1, sizeof(code1), "%s", f->e.code);
	assert_int_equal(auth_sign_in(sys(f), "nobody@northwind.example",
	    "wrong-password-here", "ua", &si), ST_UNAUTH);
	snprintf(code2, sizeof(code2), "%s", f->e.code);
	assert_string_equal(code1, "bad_credentials");
	assert_string_equal(code1, code2);
	assert_int_equal(f->e.msg, M_BAD_CREDENTIALS);
	assert_int_equal(auth_sign_in(sys(f), "", "", "ua", &si), ST_INVALID);
	assert_int_equal(f->e.nfields, 2);
}

static void
test_rate_limit_blocks_even_the_right_password(void **state)
{
	struct fixture	*f = *state;
	struct signin	 si;
	long long	 i;

	for (i = 0; i < f->cfg.signin_max_per_email; i++)
		assert_int_equal(auth_sign_in(sys(f),
		    "admin@northwind.example", "wrong-password-here", "ua",
		    &si), ST_UNAUTH);
	assert_int_equal(auth_sign_in(sys(f), "admin@northwind.example",
	    "correct-horse-staple", "ua", &si), ST_RATE_LIMITED);
	assert_true(f->e.retry_after > 0);
	assert_true(f->e.retry_after <= f->cfg.signin_window);
	/* Another account from another address is not affected. */
	f->who.ip = "198.51.100.9";
	err_clear(&f->e);
	f->who.ip = "198.51.100.9";
	assert_int_equal(auth_sign_in(&f->app, "viewer@northwind.example",
	    "viewer-horse-staple", "ua", &si), ST_OK);
	/* Once the window has passed, the right password works again. */
	clock_set(T0 + f->cfg.signin_window + 1);
	assert_int_equal(auth_sign_in(sys(f), "admin@northwind.example",
	    "correct-horse-staple", "ua", &si), ST_OK);
}

static void
test_rate_limit_per_address(void **state)
{
	struct fixture	*f = *state;
	struct signin	 si;
	long long	 i;
	char		 email[64];

	f->cfg.signin_max_per_ip = 3;
	for (i = 0; i < 3; i++) {
		snprintf(email, sizeof(email), "guess%lld@northwind.example",
		    i);
		assert_int_equal(auth_sign_in(sys(f), email, "nope-nope-nope",
		    "ua", &si), ST_UNAUTH);
	}
	assert_int_equal(auth_sign_in(sys(f), "admin@northwind.example",
	    "correct-horse-staple", "ua", &si), ST_RATE_LIMITED);
}

static void
test_session_expiry(void **state)
{
	struct fixture	*f = *state;
	struct signin	 si;
	struct session	 s;
	struct login	 l;

	assert_int_equal(auth_sign_in(sys(f), "admin@northwind.example",
	    "correct-horse-staple", "ua", &si), ST_OK);
	/* Activity keeps it alive past the idle limit... */
	clock_set(T0 + f->cfg.session_idle - 10);
	assert_int_equal(auth_resolve(sys(f), NULL, si.token, &s, &l), ST_OK);
	clock_set(T0 + 2 * f->cfg.session_idle - 20);
	assert_int_equal(auth_resolve(sys(f), NULL, si.token, &s, &l), ST_OK);
	/* ...idleness ends it. */
	clock_set(T0 + 3 * f->cfg.session_idle);
	assert_int_equal(auth_resolve(sys(f), NULL, si.token, &s, &l), ST_UNAUTH);
	assert_string_equal(f->e.code, "session_expired");

	/* The absolute limit holds however active the session is. */
	clock_set(T0);
	assert_int_equal(auth_sign_in(sys(f), "admin@northwind.example",
	    "correct-horse-staple", "ua", &si), ST_OK);
	for (int64_t t = T0; t < T0 + f->cfg.session_max; t += 3600) {
		clock_set(t);
		assert_int_equal(auth_resolve(sys(f), NULL, si.token, &s, &l),
		    ST_OK);
	}
	clock_set(T0 + f->cfg.session_max);
	assert_int_equal(auth_resolve(sys(f), NULL, si.token, &s, &l), ST_UNAUTH);
}

/* Sessions a worker keeps (app/session_cache.h), against the auth
 * generation the database moves. */
static void
test_kept_sessions(void **state)
{
	struct fixture		*f = *state;
	struct auth_snapshot	 snap = { 0 };
	struct signin		 si;
	struct session		 s;
	struct login		 l;
	int64_t			 g0, g1;

	assert_int_equal(auth_sign_in(sys(f), "admin@northwind.example",
	    "correct-horse-staple", "ua", &si), ST_OK);
	assert_int_equal(auth_resolve(sys(f), &snap, si.token, &s, &l), ST_OK);
	assert_true(snap.valid && snap.fresh);
	assert_null(l.password_hash);
	/* Touching a session leaves the generation alone; revoking moves it. */
	assert_int_equal(store_auth_generation(f->st, &g0, &f->e), ST_OK);
	assert_int_equal(store_session_touch(f->st, si.session.id, T0 + 1,
	    &f->e), ST_OK);
	assert_int_equal(store_auth_generation(f->st, &g1, &f->e), ST_OK);
	assert_int_equal(g1, g0);
	assert_int_equal(store_session_revoke(f->st, si.session.id, T0,
	    &f->e), ST_OK);
	assert_int_equal(store_auth_generation(f->st, &g1, &f->e), ST_OK);
	assert_true(g1 != g0);
	/* A snapshot read before the revocation still finds the session it
	 * kept (it may serve only requests received before it was read);
	 * read again, it does not. */
	snap.fresh = false;
	assert_int_equal(auth_resolve(sys(f), &snap, si.token, &s, &l), ST_OK);
	assert_false(snap.fresh);
	snap.valid = false;
	assert_int_equal(auth_resolve(sys(f), &snap, si.token, &s, &l),
	    ST_UNAUTH);
	assert_string_equal(f->e.code, "session_expired");

	/* A login's new name is what the next snapshot sees. */
	assert_int_equal(auth_sign_in(sys(f), "admin@northwind.example",
	    "correct-horse-staple", "ua", &si), ST_OK);
	assert_int_equal(auth_resolve(sys(f), &snap, si.token, &s, &l), ST_OK);
	assert_int_equal(store_login_set_prefs(f->st, f->admin, "Renamed",
	    NULL, NULL, T0, &f->e), ST_OK);
	snap.valid = false;
	assert_int_equal(auth_resolve(sys(f), &snap, si.token, &s, &l), ST_OK);
	assert_string_equal(l.name, "Renamed");
	/* The absolute limit holds for a kept session, used a moment ago. */
	for (int64_t t = T0; t < T0 + f->cfg.session_max; t += 3600) {
		clock_set(t);
		assert_int_equal(auth_resolve(sys(f), &snap, si.token, &s, &l),
		    ST_OK);
	}
	clock_set(T0 + f->cfg.session_max - 30);
	assert_int_equal(auth_resolve(sys(f), &snap, si.token, &s, &l), ST_OK);
	assert_int_equal(auth_resolve(sys(f), &snap, si.token, &s, &l), ST_OK);
	clock_set(T0 + f->cfg.session_max);
	assert_int_equal(auth_resolve(sys(f), &snap, si.token, &s, &l),
	    ST_UNAUTH);
	assert_string_equal(f->e.code, "session_expired");
	clock_set(T0);
}

static void
test_account_access(void **state)
{
	struct fixture	*f = *state;
	struct account	 a;
	const char	*role;

	assert_int_equal(account_access(as(f, f->admin), f->partner, true, &a,
	    &role), ST_OK);
	assert_string_equal(role, "admin");
	assert_int_equal(account_access(as(f, f->viewer), f->partner, false,
	    &a, &role), ST_OK);
	assert_string_equal(role, "viewer");
	assert_int_equal(account_access(as(f, f->viewer), f->partner, true,
	    &a, &role), ST_FORBIDDEN);
	/* No role in the other partner: not found, whatever is asked. */
	assert_int_equal(account_access(as(f, f->admin), f->other, false, &a,
	    &role), ST_NOT_FOUND);
	assert_int_equal(account_access(as(f, f->admin), "acc_doesnotexist1",
	    false, &a, &role), ST_NOT_FOUND);
	assert_int_equal(account_rename(as(f, f->viewer), f->partner, "X"),
	    ST_FORBIDDEN);
	assert_int_equal(account_rename(as(f, f->admin), f->other, "X"),
	    ST_NOT_FOUND);
	assert_int_equal(account_rename(as(f, f->admin), f->partner, "   "),
	    ST_INVALID);
	assert_int_equal(account_rename(as(f, f->admin), f->partner,
	    "Northwind <IT> & \"Services\""), ST_OK);
	assert_int_equal(store_account_get(f->st, f->partner, &f->a, &a,
	    &f->e), ST_OK);
	assert_string_equal(a.name, "Northwind <IT> & \"Services\"");
}

static void
test_rename_is_atomic_with_its_audit(void **state)
{
	struct fixture	*f = *state;
	struct store	*faulty;
	struct account	 a;

	/* If the audit record cannot be written, the rename is undone. */
	setenv("STEWARD_FAULT_SQL", "INSERT INTO audit_events", 1);
	assert_int_equal(store_open(f->db.url, false, &faulty, &f->e), ST_OK);
	unsetenv("STEWARD_FAULT_SQL");
	f->app.st = faulty;
	assert_int_equal(account_rename(as(f, f->admin), f->partner,
	    "Half-written"), ST_INTERNAL);
	f->app.st = f->st;
	store_close(faulty);
	assert_int_equal(store_account_get(f->st, f->partner, &f->a, &a,
	    &f->e), ST_OK);
	assert_string_equal(a.name, "Northwind");
}

static void
test_users(void **state)
{
	struct fixture	*f = *state;
	char		*id;

	assert_int_equal(user_create(sys(f), "Admin@NORTHWIND.example",
	    "another-good-passphrase", "", "en", &id), ST_CONFLICT);
	assert_string_equal(f->e.fields[0].name, "email");
	assert_int_equal(user_create(sys(f), "new@northwind.example", "short",
	    "", "en", &id), ST_INVALID);
	assert_int_equal(user_create(sys(f), "new@northwind.example",
	    "good-passphrase-1", "", "fr", &id), ST_INVALID);
	assert_string_equal(f->e.fields[0].name, "language");
	assert_int_equal(user_grant(sys(f), f->partner, f->viewer, "owner"),
	    ST_INVALID);
	assert_int_equal(user_grant(as(f, f->viewer), f->partner, f->viewer,
	    "admin"), ST_FORBIDDEN);	/* viewers cannot promote themselves */
	assert_int_equal(me_update(as(f, f->viewer), "新しい名前", "en"), ST_OK);
	assert_int_equal(me_update(as(f, f->viewer), NULL, "de"), ST_INVALID);
}

static void
test_password_policy(void **state)
{
	struct err	e;
	size_t		i;
	static const char *const weak[] = {
		"short", "password123", "Password1234", "1234567890",
		"abcdefghijk", "qwertyuiop1", "admin@northwind.example",
		"adminadmin1", NULL
	};
	static const char *const fine[] = {
		"correct-horse-staple", "Tr0ub4dor&3x-2026",
		"三毛猫が窓辺で昼寝中", NULL
	};

	(void)state;
	for (i = 0; weak[i] != NULL; i++) {
		err_clear(&e);
		if (password_policy(&e, "password", weak[i],
		    "admin@northwind.example", "Admin") == 0)
			fail_msg("accepted weak password '%s'", weak[i]);
		assert_string_equal(e.fields[0].name, "password");
	}
	for (i = 0; fine[i] != NULL; i++) {
		err_clear(&e);
		if (password_policy(&e, "password", fine[i],
		    "admin@northwind.example", "Admin") != 0)
			fail_msg("refused good password '%s'", fine[i]);
	}
}

static void
test_oms_record_validation(void **state)
{
	struct fixture		*f = *state;
	struct oms_record	 r;
	char			*id;

	memset(&r, 0, sizeof(r));
	r.type = "partnership";
	r.email = "not-an-address";
	r.d.industry = "mining";
	r.d.country = "XX";
	r.d.company = "Acme\x07";
	assert_int_equal(oms_record_add(sys(f), f->partner, &r, &id),
	    ST_INVALID);
	assert_int_equal(f->e.nfields, 5);
	memset(&r, 0, sizeof(r));
	r.type = "business";
	r.email = "it@acme.example";
	r.d.country = "JP";
	r.d.industry = "retail";
	assert_int_equal(oms_record_add(sys(f), f->partner, &r, &id), ST_OK);
	r.email = "IT@ACME.example";
	assert_int_equal(oms_record_add(sys(f), f->other, &r, &id),
	    ST_CONFLICT);
	/* Only partners own OMS records. */
	r.email = "x@acme.example";
	assert_int_equal(oms_record_add(sys(f), f->admin, &r, &id),
	    ST_NOT_FOUND);
}

/* oms_import() of a text in memory. */
static int
import_text(struct fixture *f, const char *text, size_t len, bool dry,
    struct import_report *rep)
{
	struct csv	c;

	csv_init(&c, text, len);
	return (oms_import(sys(f), f->partner, &c, dry, NULL, NULL, rep));
}

static void
test_oms_import(void **state)
{
	struct fixture			*f = *state;
	struct import_report		 rep;
	long long			 n;
	const char *good =
	    "email,type,company,first_name,last_name,industry,website,phone,"
	    "street,postal_code,city,country\r\n"
	    "a@one.example,business,One,Ann,Ash,retail,one.example,"
	    "03-1234-5678,1-1,1000005,Tokyo,JP\r\n"
	    "b@two.example,Consumer,,,,,,,,,,\r\n";
	const char *bad =
	    "email,type,country,phone\n"
	    "c@three.example,business,JP,12\n"
	    "A@one.example,business,,\n"
	    "c@THREE.example,business,,\n"
	    "d@four.example,robot,XX,\n"
	    "e@five.example,business\n";

	/* A dry run checks everything and writes nothing. */
	assert_int_equal(import_text(f, good, strlen(good), true, &rep),
	    ST_OK);
	assert_int_equal(rep.rows, 2);
	assert_int_equal(rep.added, 0);
	assert_int_equal(store_oms_count(f->st, f->partner, &n, &f->e), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(import_text(f, good, strlen(good), false, &rep),
	    ST_OK);
	assert_int_equal(rep.added, 2);
	assert_int_equal(store_oms_count(f->st, f->partner, &n, &f->e), ST_OK);
	assert_int_equal(n, 2);
	/* Problems in any row: each reported, nothing written. */
	assert_int_equal(import_text(f, bad, strlen(bad), false, &rep),
	    ST_INVALID);
	assert_int_equal(rep.rows, 5);
	assert_int_equal(rep.added, 0);
	assert_int_equal(rep.nproblems, 6);
	assert_int_equal(rep.problems[0].line, 2);
	assert_string_equal(rep.problems[0].field, "phone");
	assert_int_equal(rep.problems[1].line, 3);	/* already in OMS */
	assert_string_equal(rep.problems[1].field, "email");
	assert_int_equal(rep.problems[2].line, 4);	/* repeated in file */
	assert_int_equal(rep.problems[3].line, 5);
	assert_int_equal(rep.problems[5].line, 6);	/* too few columns */
	assert_null(rep.problems[5].field);
	assert_int_equal(store_oms_count(f->st, f->partner, &n, &f->e), ST_OK);
	assert_int_equal(n, 2);
	/* Unknown columns and broken CSV are refused up front. */
	assert_int_equal(import_text(f, "email,colour\n", 13, false, &rep),
	    ST_INVALID);
	assert_string_equal(rep.problems[0].field, "colour");
	assert_int_equal(import_text(f, "email,type\n\"x@y.example,business\n",
	    32, false, &rep), ST_INVALID);
}

/*
 * A file of several batches: a repeat hundreds of rows apart and an
 * address of the OMS are found; when every row is fine all are written,
 * each record searchable.
 */
static void
test_oms_import_batches(void **state)
{
	struct fixture		*f = *state;
	struct import_report	 rep;
	struct buf		 b = BUF_INIT;
	struct oms_record	*found;
	struct page		 pg;
	long long		 n, total;
	bool			 lower;
	size_t			 i, nfound;

	assert_int_equal(import_text(f, "type,email\nconsumer,a@one.example\n",
	    34, false, &rep), ST_OK);
	buf_adds(&b, "type,email,first_name,last_name,company,industry,website,"
	    "phone,street,postal_code,city,country\n");
	for (i = 0; i < 1000; i++)
		buf_printf(&b, "business,row%zu@batch.example,Ann,Lee,Batch %zu,"
		    "retail,batch.example,+1 212 555 0100,1 Wall St,10005,"
		    "New York,US\n", i, i);
	buf_adds(&b, "consumer,ROW3@batch.example,,,,,,,,,,\n"); /* 1002 */
	buf_adds(&b, "consumer,a@one.example,,,,,,,,,,\n");	   /* 1003 */
	assert_int_equal(import_text(f, b.data, b.len, false, &rep),
	    ST_INVALID);
	assert_int_equal(rep.rows, 1002);
	assert_int_equal(rep.nproblems, 2);
	assert_int_equal(rep.problems[0].line, 1002);
	assert_string_equal(rep.problems[0].field, "email");
	assert_int_equal(rep.problems[1].line, 1003);
	assert_int_equal(store_oms_count(f->st, f->partner, &n, &f->e), ST_OK);
	assert_int_equal(n, 1);
	/* Without the last two rows every record is written. */
	b.len -= 2 * strlen("consumer,a@one.example,,,,,,,,,,\n") + 5;
	assert_int_equal(import_text(f, b.data, b.len, false, &rep), ST_OK);
	assert_int_equal(rep.added, 1000);
	assert_int_equal(store_oms_count(f->st, f->partner, &n, &f->e), ST_OK);
	assert_int_equal(n, 1001);
	/* Both search indexes know them (long and short searches). */
	memset(&pg, 0, sizeof(pg));
	pg.limit = 10;
	assert_int_equal(store_oms_search(f->st, f->partner, &f->a,
	    "batch 999", &pg, &found, &nfound, &total, &lower, &f->e), ST_OK);
	assert_int_equal(total, 1);
	assert_string_equal(found[0].email, "row999@batch.example");
	memset(&pg, 0, sizeof(pg));
	pg.limit = 10;
	assert_int_equal(store_oms_search(f->st, f->partner, &f->a, "99", &pg,
	    &found, &nfound, &total, &lower, &f->e), ST_OK);
	assert_int_equal(total, 19);	/* 99, 199, ... 899, 990-999 */
	assert_false(lower);
	buf_free(&b);
}

/* A problem found by a later lookup goes in line order; when the list is
 * full, an earlier line takes the place of the last. */
static void
test_import_problems_in_order(void **state)
{
	struct fixture		*f = *state;
	struct import_report	 rep;
	struct app		*app = sys(f);
	size_t			 i;

	memset(&rep, 0, sizeof(rep));
	import_problem(app, &rep, 5, "phone", M_PHONE_INVALID, 0, NULL);
	import_problem(app, &rep, 7, "city", M_REQUIRED, 0, NULL);
	import_problem_in_order(app, &rep, 6, "email", M_EMAIL_UNAVAILABLE, 0,
	    NULL);
	import_problem_in_order(app, &rep, 9, "email", M_EMAIL_UNAVAILABLE, 0,
	    NULL);
	assert_int_equal(rep.nproblems, 4);
	assert_int_equal(rep.problems[0].line, 5);
	assert_int_equal(rep.problems[1].line, 6);
	assert_string_equal(rep.problems[1].field, "email");
	assert_int_equal(rep.problems[2].line, 7);
	assert_int_equal(rep.problems[3].line, 9);
	for (i = 0; rep.nproblems < IMPORT_MAX_PROBLEMS; i++)
		import_problem(app, &rep, 10 + i, "city", M_REQUIRED, 0, NULL);
	import_problem_in_order(app, &rep, 2, "email", M_OMS_OWN_RECORD, 0,
	    NULL);
	import_problem_in_order(app, &rep, 100000, "email", M_OMS_OWN_RECORD,
	    0, NULL);
	assert_int_equal(rep.nproblems, IMPORT_MAX_PROBLEMS);
	assert_int_equal(rep.nfound, IMPORT_MAX_PROBLEMS + 2);
	assert_int_equal(rep.problems[0].line, 2);
	assert_int_equal(rep.problems[1].line, 5);
	assert_int_equal(rep.problems[IMPORT_MAX_PROBLEMS - 1].line,
	    10 + i - 2);
}

/* n eligible records "Shop 0000".. of partner_id, from number first. */
static void
mk_shops(struct fixture *f, const char *partner_id, size_t first, size_t n)
{
	struct oms_record	 r = { 0 };
	char			 email[64], company[64], *id;
	size_t			 i;

	r.type = "business";
	r.first_name = "Ada";
	r.d.industry = "retail";
	r.d.website = "https://shop.example";
	r.d.phone = "+81312345678";
	r.d.street = "1-1";
	r.d.postal_code = "100-0005";
	r.d.city = "Tokyo";
	r.d.country = "JP";
	assert_int_equal(store_tx_begin(f->st, &f->e), ST_OK);
	for (i = first; i < first + n; i++) {
		snprintf(email, sizeof(email), "buyer%zu@%s.example", i,
		    partner_id);
		snprintf(company, sizeof(company), "Shop %04zu", i);
		r.email = r.email_norm = email;
		r.d.company = company;
		assert_int_equal(store_oms_create(f->st, partner_id, &f->a, &r,
		    T0, &id, &f->e), ST_OK);
	}
	assert_int_equal(store_tx_commit(f->st, &f->e), ST_OK);
}

/* Run the background process's upkeep until it has nothing to do. */
static void
upkeep_all(struct fixture *f, struct oms_upkeep *u)
{
	size_t	i;
	bool	more = true;

	for (i = 0; more && i < 1000; i++)
		assert_int_equal(oms_blocks_upkeep(sys(f), u, &more), ST_OK);
	assert_false(more);
}

static void
test_oms_blocks_upkeep(void **state)
{
	struct fixture		*f = *state;
	struct oms_upkeep	 u = { 0 };
	struct oms_record	*list;
	struct page		 pg;
	long long		 gen, blocks, gen2, old, total;
	size_t			 n;
	bool			 lower;

	/* Enough records for blocks: the background process builds them. */
	mk_shops(f, f->partner, 0, OMS_BLOCKS_MIN + 100);
	mk_shops(f, f->other, 0, 10);
	upkeep_all(f, &u);
	assert_int_equal(store_oms_blocks_of(f->st, f->partner, "ready", &gen,
	    &blocks, &f->e), ST_OK);
	assert_true(gen != 0);
	assert_int_equal(blocks, (OMS_BLOCKS_MIN + 100 + OMS_BLOCK_RECORDS -
	    1) / OMS_BLOCK_RECORDS);
	assert_int_equal(store_oms_blocks_of(f->st, f->other, "ready", &old,
	    &blocks, &f->e), ST_OK);
	assert_int_equal(old, 0);		/* too few to need them */
	/* Nothing changed since: nothing to do. */
	upkeep_all(f, &u);
	assert_int_equal(store_oms_blocks_of(f->st, f->partner, "ready", &gen2,
	    &blocks, &f->e), ST_OK);
	assert_int_equal(gen2, gen);

	/* Enough records added since: a new generation takes over, and the
	 * old one stays for searches already on it, then goes. */
	mk_shops(f, f->partner, OMS_BLOCKS_MIN + 100, OMS_BLOCKS_STALE);
	upkeep_all(f, &u);
	assert_int_equal(store_oms_blocks_of(f->st, f->partner, "ready", &gen2,
	    &blocks, &f->e), ST_OK);
	assert_true(gen2 > gen);
	assert_int_equal(blocks, (OMS_BLOCKS_MIN + 100 + OMS_BLOCKS_STALE +
	    OMS_BLOCK_RECORDS - 1) / OMS_BLOCK_RECORDS);
	assert_int_equal(store_oms_blocks_of(f->st, f->partner, "retired", &old,
	    &blocks, &f->e), ST_OK);
	assert_int_equal(old, gen);
	clock_set(T0 + 3600);
	upkeep_all(f, &u);
	assert_int_equal(store_oms_blocks_of(f->st, f->partner, "retired", &old,
	    &blocks, &f->e), ST_OK);
	assert_int_equal(old, 0);

	/* A search reads them: the first page in display order, and more
	 * than a thousand. */
	page_first(&pg, 3);
	assert_int_equal(oms_find(as(f, f->admin), f->partner, "shop", &pg,
	    &list, &n, &total, &lower), ST_OK);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].d.company, "Shop 0000");
	assert_string_equal(list[2].d.company, "Shop 0002");
	assert_true(lower);
	assert_int_equal(total, OMS_COUNT_MAX);
	/* The other partner's: counted exactly, though the index's first
	 * matches were all Northwind's. */
	page_first(&pg, 3);
	assert_int_equal(oms_find(sys(f), f->other, "shop", &pg, &list, &n,
	    &total, &lower), ST_OK);
	assert_false(lower);
	assert_int_equal(total, 10);
	assert_string_equal(list[0].partner_id, f->other);
}

/*
 * A partner whose blocks took long to build waits OMS_BLOCKS_REST times
 * that long after they became ready before it gets new ones, however many
 * records changed meanwhile; then it gets them though nothing changed
 * since the background process last looked.
 */
static void
test_oms_blocks_rest(void **state)
{
	struct fixture		*f = *state;
	struct oms_upkeep	 u = { 0 };
	long long		 gen, blocks, gen2;
	char			 sql[160];

	mk_shops(f, f->partner, 0, OMS_BLOCKS_MIN + 100);
	upkeep_all(f, &u);
	assert_int_equal(store_oms_blocks_of(f->st, f->partner, "ready", &gen,
	    &blocks, &f->e), ST_OK);
	assert_true(gen != 0);
	/* As if this generation had taken 100 s, ready at T0. */
	snprintf(sql, sizeof(sql), "UPDATE oms_search_gens SET started_at = %d,"
	    " changed_at = %d WHERE id = %lld", T0 - 100, T0, gen);
	assert_int_equal(store_exec(f->st, sql, &f->e), ST_OK);
	mk_shops(f, f->partner, OMS_BLOCKS_MIN + 100, OMS_BLOCKS_STALE);
	clock_set(T0 + 10);
	upkeep_all(f, &u);
	clock_set(T0 + OMS_BLOCKS_REST * 100 - 1);
	upkeep_all(f, &u);
	assert_int_equal(store_oms_blocks_of(f->st, f->partner, "ready", &gen2,
	    &blocks, &f->e), ST_OK);
	assert_int_equal(gen2, gen);		/* still resting */
	clock_set(T0 + OMS_BLOCKS_REST * 100);
	upkeep_all(f, &u);
	assert_int_equal(store_oms_blocks_of(f->st, f->partner, "ready", &gen2,
	    &blocks, &f->e), ST_OK);
	assert_true(gen2 > gen);
	assert_int_equal(blocks, (OMS_BLOCKS_MIN + 100 + OMS_BLOCKS_STALE +
	    OMS_BLOCK_RECORDS - 1) / OMS_BLOCK_RECORDS);
	/* Built at once (under a second): no rest before the next. */
	mk_shops(f, f->partner, OMS_BLOCKS_MIN + 100 + OMS_BLOCKS_STALE,
	    OMS_BLOCKS_STALE);
	upkeep_all(f, &u);
	assert_int_equal(store_oms_blocks_of(f->st, f->partner, "ready", &gen,
	    &blocks, &f->e), ST_OK);
	assert_true(gen > gen2);
}

static void
test_customer_create_is_audited(void **state)
{
	struct fixture		*f = *state;
	struct customer_input	 in;
	struct audit_event	*ev;
	char			*id;
	size_t			 n;

	memset(&in, 0, sizeof(in));
	in.source = "new";
	in.email = "audit@trail.example";
	in.contact_person = "Ada Lovelace";
	in.d.phone = "+44 20 7946 0958";
	in.d.company = "Audit Trail Ltd";
	in.d.industry = "legal";
	in.d.website = "trail.example";
	in.d.street = "1 Fleet Street";
	in.d.postal_code = "EC4Y 1AA";
	in.d.city = "London";
	in.d.country = "GB";
	in.management.mode = "local";
	in.management.template = "server";
	clock_set(T0 + 42);
	assert_int_equal(customer_create(as(f, f->admin), f->partner, &in,
	    &id), ST_OK);
	assert_int_equal(store_audit_list(f->st, f->partner, &f->a, 1, &ev,
	    &n, &f->e), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ev[0].category, "customer");
	assert_string_equal(ev[0].event_type, "create");
	assert_string_equal(ev[0].customer_id, id);
	assert_string_equal(ev[0].actor_id, f->admin);
	assert_string_equal(ev[0].ip, "203.0.113.5");
	assert_string_equal(ev[0].origin, "ui");
	assert_string_equal(ev[0].result, "success");
	assert_int_equal(ev[0].at, T0 + 42);
	assert_non_null(strstr(ev[0].detail, "Audit Trail Ltd"));
	/* A viewer's attempt changes nothing and is refused first. */
	in.email = "viewer-try@trail.example";
	assert_int_equal(customer_create(as(f, f->viewer), f->partner, &in,
	    &id), ST_FORBIDDEN);
}

/*
 * An API client is a principal of its own: it acts in its one account
 * with its role, its changes are audited with origin "api" under its
 * name, and deleting it ends its tokens at once.
 */
static void
test_api_client_principal(void **state)
{
	struct fixture		*f = *state;
	struct api_client_input	 in;
	struct api_client	 c, other;
	struct principal	 bearer;
	struct audit_event	*ev;
	char			*secret, *token, *renamed;
	int64_t			 ttl;
	size_t			 n;

	memset(&in, 0, sizeof(in));
	in.name = "PSA sync";
	in.role = "admin";
	/* People make clients; viewers and the clients themselves do not. */
	assert_int_equal(api_client_create(as(f, f->viewer), f->partner, &in,
	    &c, &secret), ST_FORBIDDEN);
	assert_int_equal(api_client_create(as(f, f->admin), f->partner, &in,
	    &c, &secret), ST_OK);
	assert_non_null(strstr(secret, "stw_cs_"));
	assert_int_equal(api_token_issue(sys(f), c.id, "stw_cs_wrong", &token,
	    &ttl), ST_UNAUTH);
	assert_string_equal(f->e.code, "invalid_client");
	assert_int_equal(api_token_issue(sys(f), c.id, secret, &token, &ttl),
	    ST_OK);
	assert_int_equal(ttl, 3600);

	principal_anon(&bearer, "192.0.2.8");
	assert_int_equal(api_token_resolve(sys(f), token, &bearer), ST_OK);
	assert_int_equal(bearer.kind, P_CLIENT);
	assert_string_equal(bearer.origin, "api");
	f->app.who = &bearer;
	err_clear(&f->e);
	assert_int_equal(account_access(&f->app, f->other, false, NULL, NULL),
	    ST_NOT_FOUND);
	err_clear(&f->e);
	assert_int_equal(account_rename(&f->app, f->partner, "Northwind IT"),
	    ST_OK);
	assert_int_equal(api_client_create(&f->app, f->partner, &in, &other,
	    &renamed), ST_FORBIDDEN);
	assert_int_equal(store_audit_list(f->st, f->partner, &f->a, 1, &ev, &n,
	    &f->e), ST_OK);
	assert_string_equal(ev[0].event_type, "rename");
	assert_string_equal(ev[0].origin, "api");
	assert_string_equal(ev[0].actor_kind, "client");
	assert_string_equal(ev[0].actor_id, c.id);
	assert_string_equal(ev[0].actor, "PSA sync");
	assert_string_equal(ev[0].ip, "192.0.2.8");

	/* Deleted: the token stands for nobody, at once. */
	assert_int_equal(api_client_delete(as(f, f->admin), f->partner, c.id),
	    ST_OK);
	principal_anon(&bearer, "192.0.2.8");
	assert_int_equal(api_token_resolve(sys(f), token, &bearer), ST_UNAUTH);
	/* An expired token too. */
	assert_int_equal(api_client_create(as(f, f->admin), f->partner, &in,
	    &c, &secret), ST_OK);
	assert_int_equal(api_token_issue(sys(f), c.id, secret, &token, &ttl),
	    ST_OK);
	clock_set(T0 + 3600);
	assert_int_equal(api_token_resolve(sys(f), token, &bearer), ST_UNAUTH);
	clock_set(T0);
}

#define T(fn, s)	cmocka_unit_test_setup_teardown(fn, s, teardown)
#define ALL(s) \
	T(test_sign_in_and_out, s), \
	T(test_wrong_password_and_unknown_email_look_alike, s), \
	T(test_rate_limit_blocks_even_the_right_password, s), \
	T(test_rate_limit_per_address, s), \
	T(test_session_expiry, s), \
	T(test_kept_sessions, s), \
	T(test_account_access, s), \
	T(test_rename_is_atomic_with_its_audit, s), \
	T(test_users, s), \
	T(test_oms_record_validation, s), \
	T(test_oms_import, s), \
	T(test_oms_blocks_upkeep, s), \
	T(test_oms_blocks_rest, s), \
	T(test_oms_import_batches, s), \
	T(test_import_problems_in_order, s), \
	T(test_customer_create_is_audited, s), \
	T(test_api_client_principal, s)

int
main(void)
{
	const struct CMUnitTest sqlite_tests[] = { ALL(setup_sqlite),
	    cmocka_unit_test(test_password_policy) };
	const struct CMUnitTest pg_tests[] = { ALL(setup_pg) };
	int	failed;

	rand_init();
	log_level_from_env();
	if (country_load(NULL) != 0)
		return (1);
	password_init();
	phone_init();
	failed = cmocka_run_group_tests_name("app/sqlite", sqlite_tests, NULL,
	    NULL);
	if (test_pg_available())
		failed += cmocka_run_group_tests_name("app/postgresql",
		    pg_tests, NULL, NULL);
	else
		printf("app/postgresql: skipped (STEWARD_TEST_PG_URL not "
		    "set)\n");
	return (failed);
}

/*
 * test_policy.c - the policy engine in app/policy.c on both backends:
 * what a policy stores, layering into the effective policy, revisions,
 * locks that trim overrides, deletion that is all-or-nothing, audit
 * details, and users limited to chosen customers.
 */
#include "testutil.h"

#include "app/account.h"
#include "app/access.h"
#include "app/app.h"
#include "app/principal.h"
#include "app/customer.h"
#include "app/policy.h"
#include "app/settings.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/country.h"
#include "core/err.h"
#include "core/page.h"
#include "core/log.h"
#include "core/phone.h"
#include "store/store.h"
#include "store/store_oms.h"
#include "store/store_policy.h"
#include "store/store_subscription.h"

#define T0	1780000000

struct fixture {
	struct test_db		 db;
	struct store		*st;
	struct arena		 a;
	struct err		 e;
	struct app		 app;
	struct principal	 who;
	struct app_config	 cfg;
	char			*partner, *other, *admin, *viewer, *tech;
	char			*gw;		/* a global workstation policy */
	char			*c1, *c2;	/* customers managed with it */
	char			*loc;		/* a local-policy customer */
};

static struct app *
sys(struct fixture *f)
{
	err_clear(&f->e);
	f->app.now = clock_now();
	principal_operator(&f->who, "test");
	f->who.ip = "198.51.100.7";
	f->app.who = &f->who;
	return (&f->app);
}

static struct app *
as(struct fixture *f, const char *login_id)
{
	sys(f);
	principal_login(&f->who, login_id, "test", "198.51.100.7");
	return (&f->app);
}

static json_t *
J(struct fixture *f, const char *text)
{
	json_t	*v = settings_parse(&f->a, text);

	if (v == NULL)
		fail_msg("bad JSON in test: %s", text);
	return (v);
}

static char *
customer(struct fixture *f, const char *company, const char *mode,
    const char *policy)
{
	struct customer_input	 in;
	const char		*ids[1];
	char			*id, email[128];

	memset(&in, 0, sizeof(in));
	snprintf(email, sizeof(email), "it@%s.example", company);
	in.source = "new";
	in.email = email;
	in.contact_person = "Ada Lovelace";
	in.d.phone = "+44 20 7946 0958";
	in.d.company = company;
	in.d.industry = "legal";
	in.d.website = "example.com";
	in.d.street = "1 Fleet Street";
	in.d.postal_code = "EC4Y 1AA";
	in.d.city = "London";
	in.d.country = "GB";
	in.management.mode = mode;
	if (strcmp(mode, "global") == 0) {
		ids[0] = policy;
		in.management.global_policy_ids = ids;
		in.management.nglobal = 1;
	} else
		in.management.template = "workstation";
	if (customer_create(as(f, f->admin), f->partner, &in, &id) != ST_OK)
		fail_msg("customer %s: %s %s", company, f->e.code,
		    f->e.internal);
	return (id);
}

static char *
global(struct fixture *f, const char *name, const char *changes,
    const char *locked)
{
	struct policy_input	 in;
	char			*id;

	memset(&in, 0, sizeof(in));
	in.name = name;
	in.platform = "workstation";
	in.settings = changes ? J(f, changes) : NULL;
	in.locked = locked ? J(f, locked) : NULL;
	if (policy_create(as(f, f->admin), f->partner, NULL, &in, &id) !=
	    ST_OK)
		fail_msg("policy %s: %s (%zu fields: %s)", name, f->e.code,
		    f->e.nfields, f->e.nfields ? f->e.fields[0].name : "");
	return (id);
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
	    "viewer-horse-staple", "Viewer", "en", &f->viewer), ST_OK);
	assert_int_equal(user_grant(sys(f), f->partner, f->viewer, "viewer"),
	    ST_OK);
	assert_int_equal(user_create(sys(f), "tech@northwind.example",
	    "tech-horse-staple", "Tech", "en", &f->tech), ST_OK);
	f->gw = global(f, "Baseline", "{\"firewall\":{\"mode\":\"strict\"},"
	    "\"exclusions\":{\"paths\":[\"C:\\\\RMM\\\\*\"]}}",
	    "[\"antivirus.file_shield\",\"web_control\"]");
	f->c1 = customer(f, "alpha", "global", f->gw);
	f->c2 = customer(f, "bravo", "global", f->gw);
	f->loc = customer(f, "charlie", "local", NULL);
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

/* The newest audit event of the partner. */
static struct audit_event *
last_audit(struct fixture *f)
{
	struct audit_event	*ev;
	size_t			 n;

	assert_int_equal(store_audit_list(f->st, f->partner, &f->a, 1, &ev,
	    &n, &f->e), ST_OK);
	assert_int_equal(n, 1);
	return (&ev[0]);
}

static const char *
origin(json_t *o, const char *path)
{
	return (json_string_value(json_object_get(o, path)));
}

static void
test_policies_store_their_changes_only(void **state)
{
	struct fixture		*f = *state;
	struct policy		 p;
	struct policy_doc	 d;
	struct audit_event	*ev;

	assert_int_equal(store_policy_get(f->st, f->partner, &f->a, f->gw, &p,
	    &f->e), ST_OK);
	assert_string_equal(p.settings, "{\"firewall\":{\"mode\":\"strict\"},"
	    "\"exclusions\":{\"paths\":[\"C:\\\\RMM\\\\*\"]}}");
	assert_string_equal(p.locked, "[\"antivirus.file_shield\","
	    "\"web_control\"]");
	assert_int_equal(p.template_version, 1);
	assert_int_equal(p.assigned, 2);
	assert_int_equal(p.defaults, 2);
	assert_int_equal(policy_get(as(f, f->viewer), f->partner, NULL, f->gw,
	    &d), ST_OK);
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(d.settings, "firewall"), "mode")), "strict");
	assert_string_equal(origin(d.origin, "firewall.mode"), "policy");
	assert_string_equal(origin(d.origin, "firewall.enabled"), "template");
	/* Values equal to the template's are not stored as changes. */
	assert_int_equal(policy_update(as(f, f->admin), f->partner, NULL,
	    f->gw, &(struct policy_patch){ .settings = J(f,
	    "{\"firewall\":{\"enabled\":true,\"mode\":null}}") },
	    &(struct policy_result){ 0 }), ST_OK);
	assert_int_equal(store_policy_get(f->st, f->partner, &f->a, f->gw, &p,
	    &f->e), ST_OK);
	assert_string_equal(p.settings,
	    "{\"exclusions\":{\"paths\":[\"C:\\\\RMM\\\\*\"]}}");
	assert_int_equal(p.revision, 2);
	/* The audit says who changed what, as a diff. */
	ev = last_audit(f);
	assert_string_equal(ev->category, "policy");
	assert_string_equal(ev->event_type, "update");
	assert_string_equal(ev->actor_id, f->admin);
	assert_string_equal(ev->ip, "198.51.100.7");
	assert_non_null(strstr(ev->detail,
	    "firewall.mode: \"strict\" -> \"automatic\""));
	assert_non_null(strstr(ev->detail, "(revision 2)"));
}

static void
test_effective_layers_and_origins(void **state)
{
	struct fixture		*f = *state;
	struct policy_effective	 ef;
	json_t			*paths;

	/* Locked settings are refused by path; the rest is stored. */
	assert_int_equal(policy_override_put(as(f, f->admin), f->partner,
	    f->c1, f->gw, J(f, "{\"antivirus\":{\"file_shield\":false},"
	    "\"web_control\":{\"enabled\":false}}")), ST_INVALID);
	assert_int_equal(f->e.nfields, 2);
	assert_string_equal(f->e.fields[0].name,
	    "settings.antivirus.file_shield");
	assert_string_equal(f->e.fields[1].name, "settings.web_control.enabled");
	assert_int_equal(policy_override_put(as(f, f->admin), f->partner,
	    f->c1, f->gw, J(f, "{\"firewall\":{\"mode\":\"permissive\"},"
	    "\"exclusions\":{\"paths\":[\"E:\\\\Backups\\\\*\"]}}")), ST_OK);
	assert_non_null(strstr(last_audit(f)->detail,
	    "firewall.mode: (unset) -> \"permissive\""));
	assert_string_equal(last_audit(f)->customer_id, f->c1);

	assert_int_equal(policy_effective(as(f, f->viewer), f->partner, f->c1,
	    "workstation", NULL, &ef), ST_OK);
	assert_true(ef.has_policy);
	assert_string_equal(ef.p.id, f->gw);
	assert_int_equal(ef.override_revision, 1);
	assert_string_equal(origin(ef.origin, "firewall.mode"), "customer");
	assert_string_equal(origin(ef.origin, "antivirus.file_shield"),
	    "template");
	assert_string_equal(origin(ef.origin, "exclusions.paths"), "customer");
	paths = json_object_get(json_object_get(ef.settings, "exclusions"),
	    "paths");
	assert_int_equal(json_array_size(paths), 2);
	assert_string_equal(json_string_value(json_array_get(paths, 0)),
	    "C:\\RMM\\*");
	assert_string_equal(json_string_value(json_array_get(paths, 1)),
	    "E:\\Backups\\*");
	/* The other customer of the policy is untouched. */
	assert_int_equal(policy_effective(as(f, f->admin), f->partner, f->c2,
	    "workstation", NULL, &ef), ST_OK);
	assert_string_equal(origin(ef.origin, "firewall.mode"), "policy");
	assert_int_equal(ef.override_revision, 0);
	/* No server default: the template, with no policy. */
	assert_int_equal(policy_effective(as(f, f->admin), f->partner, f->c2,
	    "server", NULL, &ef), ST_OK);
	assert_false(ef.has_policy);
	assert_string_equal(origin(ef.origin, "firewall.mode"), "template");
	/* Another partner's customer does not exist here. */
	assert_int_equal(policy_effective(as(f, f->admin), f->other, f->c1,
	    "workstation", NULL, &ef), ST_NOT_FOUND);
}

static void
test_new_lock_trims_overrides(void **state)
{
	struct fixture		*f = *state;
	struct policy_result	 res;
	struct policy_override	 o;
	struct policy		 p;

	assert_int_equal(policy_override_put(as(f, f->admin), f->partner,
	    f->c1, f->gw, J(f, "{\"updates\":{\"program_updates\":\"manual\","
	    "\"definitions_interval_hours\":8}}")), ST_OK);
	/* A lock nobody overrides changes no effective result. */
	assert_int_equal(policy_update(as(f, f->admin), f->partner, NULL,
	    f->gw, &(struct policy_patch){ .locked = J(f,
	    "[\"antivirus.file_shield\",\"web_control\",\"remote_access\"]") },
	    &res), ST_OK);
	assert_true(res.changed);
	assert_false(res.revision_changed);
	assert_int_equal(res.overrides_trimmed, 0);
	assert_int_equal(policy_update(as(f, f->admin), f->partner, NULL,
	    f->gw, &(struct policy_patch){ .locked = J(f,
	    "[\"antivirus.file_shield\",\"web_control\",\"remote_access\","
	    "\"updates.program_updates\"]") }, &res), ST_OK);
	assert_true(res.revision_changed);
	assert_int_equal(res.overrides_trimmed, 1);
	assert_int_equal(store_override_get(f->st, f->partner, f->c1, f->gw,
	    &f->a, &o, &f->e), ST_OK);
	assert_string_equal(o.settings,
	    "{\"updates\":{\"definitions_interval_hours\":8}}");
	assert_int_equal(o.revision, 2);
	assert_int_equal(store_policy_get(f->st, f->partner, &f->a, f->gw, &p,
	    &f->e), ST_OK);
	assert_int_equal(p.revision, 2);
	assert_non_null(strstr(last_audit(f)->detail,
	    "locked: updates.program_updates"));
	/* Locking a whole section removes what is left. */
	assert_int_equal(policy_update(as(f, f->admin), f->partner, NULL,
	    f->gw, &(struct policy_patch){ .locked = J(f, "[\"updates\"]") },
	    &res), ST_OK);
	assert_int_equal(res.overrides_trimmed, 1);
	assert_int_equal(store_override_get(f->st, f->partner, f->c1, f->gw,
	    &f->a, &o, &f->e), ST_NOT_FOUND);
}

static void
test_delete_with_replacement_is_all_or_nothing(void **state)
{
	struct fixture	*f = *state;
	struct store	*faulty;
	const char	*def;
	char		*repl;
	size_t		 moved;

	repl = global(f, "Replacement", NULL, NULL);
	/* In use: a replacement is required. */
	assert_int_equal(policy_delete(as(f, f->admin), f->partner, NULL,
	    f->gw, NULL, &moved), ST_CONFLICT);
	assert_string_equal(f->e.code, "policy_in_use");
	/* The last statement fails: nothing has moved. */
	setenv("STEWARD_FAULT_SQL", "DELETE FROM policies WHERE", 1);
	assert_int_equal(store_open(f->db.url, false, &faulty, &f->e), ST_OK);
	unsetenv("STEWARD_FAULT_SQL");
	f->app.st = faulty;
	assert_int_not_equal(policy_delete(as(f, f->admin), f->partner, NULL,
	    f->gw, repl, &moved), ST_OK);
	f->app.st = f->st;
	store_close(faulty);
	assert_int_equal(store_customer_default_get(f->st, f->partner, f->c1,
	    "workstation", &f->a, &def, &f->e), ST_OK);
	assert_string_equal(def, f->gw);
	/* For real: both customers move, as their default. */
	assert_int_equal(policy_delete(as(f, f->admin), f->partner, NULL,
	    f->gw, repl, &moved), ST_OK);
	assert_int_equal(moved, 2);
	assert_int_equal(store_customer_default_get(f->st, f->partner, f->c2,
	    "workstation", &f->a, &def, &f->e), ST_OK);
	assert_string_equal(def, repl);
	assert_non_null(strstr(last_audit(f)->detail, "2 customers moved to "
	    "\"Replacement\""));
}

static void
test_local_policy_rules(void **state)
{
	struct fixture		*f = *state;
	struct policy_input	 in;
	struct policy		*list;
	struct page		 pg;
	size_t			 n, moved;
	char			*copy, *def = NULL;

	assert_int_equal(policy_list_customer(as(f, f->admin), f->partner,
	    f->loc, page_all(&pg), &list, &n), ST_OK);
	assert_int_equal(n, 1);
	def = (char *)list[0].id;
	assert_int_equal(policy_delete(as(f, f->admin), f->partner, f->loc,
	    def, NULL, &moved), ST_CONFLICT);
	assert_string_equal(f->e.code, "last_policy");
	/* A copy of another customer's local policy is independent. */
	memset(&in, 0, sizeof(in));
	in.name = "Copy";
	in.source = "copy";
	in.copy_policy_id = def;
	assert_int_equal(policy_create(as(f, f->admin), f->partner, f->c1,
	    &in, &copy), ST_OK);
	/* Locks are for global policies. */
	assert_int_equal(policy_update(as(f, f->admin), f->partner, f->c1,
	    copy, &(struct policy_patch){ .locked = J(f, "[]") },
	    &(struct policy_result){ 0 }), ST_INVALID);
	assert_string_equal(f->e.fields[0].name, "locked");
	/* A global policy is not edited through a customer. */
	assert_int_equal(policy_update(as(f, f->admin), f->partner, f->c1,
	    f->gw, &(struct policy_patch){ .name = "X" },
	    &(struct policy_result){ 0 }), ST_CONFLICT);
	/* Nor is another customer's local policy. */
	assert_int_equal(policy_update(as(f, f->admin), f->partner, f->c2,
	    copy, &(struct policy_patch){ .name = "X" },
	    &(struct policy_result){ 0 }), ST_NOT_FOUND);
	/* Viewers change nothing. */
	assert_int_equal(policy_update(as(f, f->viewer), f->partner, f->c1,
	    copy, &(struct policy_patch){ .name = "X" },
	    &(struct policy_result){ 0 }), ST_FORBIDDEN);
}

static void
test_users_limited_to_customers(void **state)
{
	struct fixture		*f = *state;
	struct customer		*cs;
	struct policy		*list;
	struct customer_view	 v;
	struct page		 pg;
	const char		*ids[2];
	const char		*scope;
	long long		 total;
	size_t			 n;

	ids[0] = f->c1;
	ids[1] = f->loc;
	/* Only customers of the account; nothing granted on a mistake. */
	ids[1] = "cus_nope";
	assert_int_equal(user_grant_customers(sys(f), f->partner, f->tech,
	    "admin", ids, 2), ST_INVALID);
	assert_string_equal(f->e.fields[0].name, "customers");
	page_first(&pg, 50);
	assert_int_equal(customer_list(as(f, f->tech), f->partner, NULL,
	    CUSTOMER_BY_NAME, &pg,
	    &cs, &n, &total), ST_NOT_FOUND);
	ids[1] = f->loc;
	assert_int_equal(user_grant_customers(sys(f), f->partner, f->tech,
	    "admin", ids, 2), ST_OK);
	assert_int_equal(account_scope(as(f, f->tech), f->partner, &scope),
	    ST_OK);
	assert_string_equal(scope, "customers");
	page_first(&pg, 50);
	assert_int_equal(customer_list(as(f, f->tech), f->partner, NULL,
	    CUSTOMER_BY_NAME, &pg,
	    &cs, &n, &total), ST_OK);
	assert_false(pg.more);
	assert_int_equal(n, 2);
	assert_int_equal(total, 2);
	assert_int_equal(customer_view(as(f, f->tech), f->partner, f->c2, &v),
	    ST_NOT_FOUND);
	assert_int_equal(customer_view(as(f, f->tech), f->partner, f->c1, &v),
	    ST_OK);
	/* Global policies are the whole account's business. */
	assert_int_equal(policy_list_global(as(f, f->tech), f->partner,
	    page_all(&pg), &list, &n), ST_FORBIDDEN);
	assert_int_equal(policy_update(as(f, f->tech), f->partner, NULL,
	    f->gw, &(struct policy_patch){ .name = "Mine" },
	    &(struct policy_result){ 0 }), ST_FORBIDDEN);
	/* Their customers' overrides are theirs to change. */
	assert_int_equal(policy_override_put(as(f, f->tech), f->partner,
	    f->c1, f->gw, J(f, "{\"firewall\":{\"mode\":\"automatic\"}}")),
	    ST_OK);
	assert_int_equal(policy_override_put(as(f, f->tech), f->partner,
	    f->c2, f->gw, J(f, "{}")), ST_NOT_FOUND);
	/* Local policies to copy: their customers' only. */
	assert_int_equal(policy_list_local(as(f, f->tech), f->partner,
	    page_all(&pg), &list, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].customer_id, f->loc);
	/* Back to the whole account: the list of customers goes. */
	assert_int_equal(user_grant(sys(f), f->partner, f->tech, "viewer"),
	    ST_OK);
	assert_int_equal(policy_list_global(as(f, f->tech), f->partner,
	    page_all(&pg), &list, &n), ST_OK);
	assert_int_equal(customer_view(as(f, f->tech), f->partner, f->c2, &v),
	    ST_OK);
}

static void
test_hostile_settings(void **state)
{
	struct fixture	*f = *state;
	json_t		*deep, *cur, *doc;
	int		 i;

	/* NUL inside a string (the parser lets none through; built here). */
	doc = J(f, "{\"exclusions\":{\"urls\":[]}}");
	json_array_append_new(json_object_get(json_object_get(doc,
	    "exclusions"), "urls"), json_stringn("a.example\0.evil", 15));
	assert_int_equal(policy_override_put(as(f, f->admin), f->partner,
	    f->c1, f->gw, doc), ST_INVALID);
	assert_string_equal(f->e.fields[0].name, "settings.exclusions.urls[0]");
	/* A control character. */
	assert_int_equal(policy_override_put(as(f, f->admin), f->partner,
	    f->c1, f->gw, J(f, "{\"exclusions\":{\"paths\":"
	    "[\"C:\\\\a\\u001bb\"]}}")), ST_INVALID);
	assert_string_equal(f->e.fields[0].name,
	    "settings.exclusions.paths[0]");
	/* Deep nesting where a value belongs. */
	deep = json_object();
	cur = deep;
	for (i = 0; i < 200; i++) {
		json_t *next = json_object();

		json_object_set_new(cur, "firewall", next);
		cur = next;
	}
	assert_int_equal(policy_update(as(f, f->admin), f->partner, NULL,
	    f->gw, &(struct policy_patch){ .settings = deep },
	    &(struct policy_result){ 0 }), ST_INVALID);
	assert_string_equal(f->e.fields[0].name, "settings.firewall.firewall");
	json_decref(deep);
	/* A value of the wrong kind for a section. */
	assert_int_equal(policy_update(as(f, f->admin), f->partner, NULL,
	    f->gw, &(struct policy_patch){ .settings = J(f,
	    "{\"exclusions\":{\"paths\":{\"0\":\"C:\\\\x\"}}}") },
	    &(struct policy_result){ 0 }), ST_INVALID);
	assert_string_equal(f->e.fields[0].name, "settings.exclusions.paths");
}

#define T(fn, s)	cmocka_unit_test_setup_teardown(fn, s, teardown)
#define ALL(s) \
	T(test_policies_store_their_changes_only, s), \
	T(test_effective_layers_and_origins, s), \
	T(test_new_lock_trims_overrides, s), \
	T(test_delete_with_replacement_is_all_or_nothing, s), \
	T(test_local_policy_rules, s), \
	T(test_users_limited_to_customers, s), \
	T(test_hostile_settings, s)

int
main(void)
{
	const struct CMUnitTest sqlite_tests[] = { ALL(setup_sqlite) };
	const struct CMUnitTest pg_tests[] = { ALL(setup_pg) };
	int	failed;

	rand_init();
	log_level_from_env();
	if (country_load(NULL) != 0)
		return (1);
	phone_init();
	failed = cmocka_run_group_tests_name("policy/sqlite", sqlite_tests,
	    NULL, NULL);
	if (test_pg_available())
		failed += cmocka_run_group_tests_name("policy/postgresql",
		    pg_tests, NULL, NULL);
	else
		printf("policy/postgresql: skipped (STEWARD_TEST_PG_URL not "
		    "set)\n");
	return (failed);
}

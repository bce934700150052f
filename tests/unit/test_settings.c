/*
 * test_settings.c - the policy settings schema, merge patches and the
 * layering of template, policy and customer settings.
 */
#include "testutil.h"

#include "app/settings.h"
#include "core/arena.h"
#include "core/err.h"

static json_t *
J(struct arena *a, const char *text)
{
	json_t	*v = settings_parse(a, text);

	if (v == NULL)
		fail_msg("bad JSON in test: %s", text);
	return (v);
}

static const char *
field_msg(const struct err *e, const char *name)
{
	size_t	i;

	for (i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].name, name) == 0)
			return (e->fields[i].name);
	return (NULL);
}

/* Runs first: a lookup must work before anything else loaded the schema. */
static void
test_paths_before_anything_else(void **state)
{
	(void)state;
	assert_true(settings_path_exists("antivirus.scheduled_scan.time"));
	assert_true(settings_path_exists("firewall"));
	assert_false(settings_path_exists("firewall.colour"));
	assert_false(settings_path_exists(""));
	assert_false(settings_path_exists("firewall."));
}

static void
test_templates_are_valid_and_complete(void **state)
{
	struct arena	 a;
	struct err	 e;
	const json_t	*w, *s;
	const char	**lw, **ls;
	size_t		 nw, ns, i;
	int		 v;

	(void)state;
	arena_init(&a, 0);
	w = settings_template("workstation", &v);
	assert_non_null(w);
	assert_int_equal(v, 1);
	s = settings_template("server", NULL);
	assert_null(settings_template("mainframe", NULL));
	err_clear(&e);
	assert_int_equal(settings_validate(&a, &e, (json_t *)w, ""), ST_OK);
	assert_int_equal(settings_validate(&a, &e, (json_t *)s, ""), ST_OK);
	/* Both templates give a value to the same, complete set of settings. */
	nw = settings_leaves(&a, (json_t *)w, &lw);
	ns = settings_leaves(&a, (json_t *)s, &ls);
	assert_int_equal(nw, ns);
	assert_true(nw >= 20);
	for (i = 0; i < nw; i++) {
		assert_string_equal(lw[i], ls[i]);
		assert_true(settings_path_exists(lw[i]));
	}
	assert_true(settings_path_exists("firewall"));
	assert_false(settings_path_exists("firewall.colour"));
	assert_false(settings_path_exists(""));
	arena_free(&a);
}

static void
test_validation_names_each_bad_setting(void **state)
{
	struct arena	a;
	struct err	e;

	(void)state;
	arena_init(&a, 0);
	err_clear(&e);
	assert_int_equal(settings_validate(&a, &e, J(&a,
	    "{\"antivirus\":{\"file_shield\":\"yes\",\"scheduled_scan\":"
	    "{\"time\":\"25:00\",\"day\":\"someday\"},\"colour\":1},"
	    "\"updates\":{\"definitions_interval_hours\":0},"
	    "\"remote_access\":{\"session_timeout_minutes\":99999},"
	    "\"exclusions\":{\"paths\":[\"C:\\\\Data\",\"relative/path\","
	    "\"C:\\\\Data\",5],\"urls\":[\"*.example.com\",\"not a url\"]},"
	    "\"web_control\":{\"blocked_categories\":[\"kittens\"]},"
	    "\"firewall\":[],\"nonsense\":{}}"), "settings."), ST_INVALID);
	assert_non_null(field_msg(&e, "settings.antivirus.file_shield"));
	assert_non_null(field_msg(&e, "settings.antivirus.scheduled_scan.time"));
	assert_non_null(field_msg(&e, "settings.antivirus.scheduled_scan.day"));
	assert_non_null(field_msg(&e, "settings.antivirus.colour"));
	assert_non_null(field_msg(&e,
	    "settings.updates.definitions_interval_hours"));
	assert_non_null(field_msg(&e,
	    "settings.remote_access.session_timeout_minutes"));
	assert_non_null(field_msg(&e, "settings.exclusions.paths[1]"));
	assert_non_null(field_msg(&e, "settings.exclusions.paths[2]"));
	assert_non_null(field_msg(&e, "settings.exclusions.paths[3]"));
	assert_null(field_msg(&e, "settings.exclusions.paths[0]"));
	assert_non_null(field_msg(&e, "settings.exclusions.urls[1]"));
	assert_null(field_msg(&e, "settings.exclusions.urls[0]"));
	assert_non_null(field_msg(&e,
	    "settings.web_control.blocked_categories[0]"));
	assert_non_null(field_msg(&e, "settings.firewall"));
	assert_non_null(field_msg(&e, "settings.nonsense"));
	/* Hostile strings are refused or kept as plain text (a NUL never gets
	 * this far: the JSON parser refuses it). */
	err_clear(&e);
	assert_int_equal(settings_validate(&a, &e, J(&a,
	    "{\"exclusions\":{\"paths\":[\"/tmp/\\u0007x\"]}}"), ""),
	    ST_INVALID);
	assert_non_null(field_msg(&e, "exclusions.paths[0]"));
	err_clear(&e);
	assert_int_equal(settings_validate(&a, &e, J(&a,
	    "{\"exclusions\":{\"paths\":[\"/srv/<script>'; DROP TABLE x;--\"],"
	    "\"urls\":[\"https://例え.jp/x?y=<b>\"]}}"), ""), ST_OK);
	err_clear(&e);
	assert_int_equal(settings_validate(&a, &e, J(&a,
	    "{\"antivirus\":{\"file_shield\":true}}"), ""), ST_OK);
	assert_int_equal(settings_validate(&a, &e, J(&a, "[1]"), "settings."),
	    ST_INVALID);
	arena_free(&a);
}

static void
test_merge_patch(void **state)
{
	struct arena	 a;
	json_t		*base, *out;

	(void)state;
	arena_init(&a, 0);
	base = J(&a, "{\"firewall\":{\"mode\":\"strict\",\"enabled\":true},"
	    "\"updates\":{\"program_updates\":\"manual\"}}");
	out = settings_patch(&a, base, J(&a, "{\"firewall\":{\"mode\":null},"
	    "\"updates\":null,\"antivirus\":{\"mail_shield\":false}}"));
	assert_string_equal(settings_text(&a, out),
	    "{\"firewall\":{\"enabled\":true},"
	    "\"antivirus\":{\"mail_shield\":false}}");
	/* The base is untouched. */
	assert_non_null(json_object_get(base, "updates"));
	out = settings_patch(&a, out, J(&a, "{\"firewall\":{\"enabled\":null}}"));
	assert_string_equal(settings_text(&a, out),
	    "{\"antivirus\":{\"mail_shield\":false}}");
	arena_free(&a);
}

static const char *
origin_of(json_t *origin, const char *path)
{
	return (json_string_value(json_object_get(origin, path)));
}

static void
test_layers_and_origins(void **state)
{
	struct arena		 a;
	struct settings_layer	 l[2];
	json_t			*eff, *origin, *contrib, *locks;

	(void)state;
	arena_init(&a, 0);
	l[0].name = "policy";
	l[0].lockable = false;
	l[0].doc = J(&a, "{\"firewall\":{\"mode\":\"strict\"},"
	    "\"exclusions\":{\"paths\":[\"C:\\\\Tools\"]},"
	    "\"antivirus\":{\"scheduled_scan\":{\"time\":\"03:00\"}}}");
	l[1].name = "customer";
	l[1].lockable = true;
	l[1].doc = J(&a, "{\"firewall\":{\"mode\":\"permissive\","
	    "\"enabled\":false},\"updates\":{\"definitions_interval_hours\":2},"
	    "\"exclusions\":{\"paths\":[\"C:\\\\Tools\",\"D:\\\\ERP\"]},"
	    "\"antivirus\":{\"scheduled_scan\":{\"day\":\"friday\"}}}");
	locks = J(&a, "[\"firewall.mode\",\"antivirus.scheduled_scan\"]");
	eff = settings_effective(&a, "workstation", l, 2, locks, &origin,
	    &contrib);
	assert_non_null(eff);
	/* Locked: the policy's value stands. */
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    eff, "firewall"), "mode")), "strict");
	assert_string_equal(origin_of(origin, "firewall.mode"), "policy");
	assert_string_equal(origin_of(origin,
	    "antivirus.scheduled_scan.day"), "template");
	assert_string_equal(origin_of(origin,
	    "antivirus.scheduled_scan.time"), "policy");
	/* Unlocked: the customer's value wins. */
	assert_false(json_is_true(json_object_get(json_object_get(eff,
	    "firewall"), "enabled")));
	assert_string_equal(origin_of(origin, "firewall.enabled"), "customer");
	assert_string_equal(origin_of(origin,
	    "updates.definitions_interval_hours"), "customer");
	assert_string_equal(origin_of(origin, "updates.program_updates"),
	    "template");
	/* Exclusions add up, without repeats, and say who added what. */
	assert_string_equal(settings_text(&a, json_object_get(json_object_get(
	    eff, "exclusions"), "paths")), "[\"C:\\\\Tools\",\"D:\\\\ERP\"]");
	assert_string_equal(origin_of(origin, "exclusions.paths"), "customer");
	assert_string_equal(settings_text(&a, json_object_get(contrib,
	    "exclusions.paths")),
	    "{\"policy\":[\"C:\\\\Tools\"],\"customer\":[\"D:\\\\ERP\"]}");
	assert_string_equal(origin_of(origin, "exclusions.urls"), "template");
	/* Every leaf of the template has an origin. */
	{
		const char	**leaves;

		assert_int_equal(json_object_size(origin), settings_leaves(&a,
		    (json_t *)settings_template("workstation", NULL), &leaves));
		assert_int_equal(json_object_size(origin), 24);
	}
	/* Locking the exclusions keeps the customer's additions out. */
	eff = settings_effective(&a, "workstation", l, 2,
	    J(&a, "[\"exclusions\"]"), &origin, &contrib);
	assert_string_equal(settings_text(&a, json_object_get(json_object_get(
	    eff, "exclusions"), "paths")), "[\"C:\\\\Tools\"]");
	assert_string_equal(origin_of(origin, "exclusions.paths"), "policy");
	assert_null(settings_effective(&a, "phone", l, 2, NULL, NULL, NULL));
	arena_free(&a);
}

static void
test_locks(void **state)
{
	struct arena	 a;
	struct err	 e;
	json_t		*locks;

	(void)state;
	arena_init(&a, 0);
	locks = J(&a, "[\"firewall\",\"antivirus.file_shield\"]");
	assert_true(settings_is_locked(locks, "firewall.mode"));
	assert_true(settings_is_locked(locks, "firewall"));
	assert_true(settings_is_locked(locks, "antivirus.file_shield"));
	assert_false(settings_is_locked(locks, "antivirus.file_shield_x"));
	assert_false(settings_is_locked(locks, "antivirus.web_shield"));
	assert_false(settings_is_locked(locks, "firewal"));
	err_clear(&e);
	assert_int_equal(settings_check_locks(&a, &e, J(&a,
	    "[\"firewall.mode\",\"nope\",7,\"firewall.mode\"]"), "locked"), 3);
	assert_non_null(field_msg(&e, "locked[1]"));
	assert_non_null(field_msg(&e, "locked[2]"));
	assert_non_null(field_msg(&e, "locked[3]"));
	err_clear(&e);
	assert_int_equal(settings_check_locks(&a, &e, J(&a, "{}"), "locked"),
	    1);
	arena_free(&a);
}

static void
test_diff_and_minimise(void **state)
{
	struct arena	 a;
	json_t		*m;

	(void)state;
	arena_init(&a, 0);
	assert_string_equal(settings_diff(&a,
	    J(&a, "{\"firewall\":{\"mode\":\"automatic\"},\"updates\":"
	    "{\"program_updates\":\"manual\"}}"),
	    J(&a, "{\"firewall\":{\"mode\":\"strict\"},\"antivirus\":"
	    "{\"mail_shield\":false}}")),
	    "firewall.mode: \"automatic\" -> \"strict\"; antivirus.mail_shield:"
	    " (unset) -> false; updates.program_updates: \"manual\" -> "
	    "(unset)");
	assert_string_equal(settings_diff(&a, J(&a, "{}"), J(&a, "{}")), "");
	m = settings_minimise(&a, J(&a, "{\"firewall\":{\"mode\":\"automatic\","
	    "\"enabled\":false},\"antivirus\":{\"file_shield\":true}}"),
	    settings_template("workstation", NULL));
	assert_string_equal(settings_text(&a, m),
	    "{\"firewall\":{\"enabled\":false}}");
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths_before_anything_else),
		cmocka_unit_test(test_templates_are_valid_and_complete),
		cmocka_unit_test(test_validation_names_each_bad_setting),
		cmocka_unit_test(test_merge_patch),
		cmocka_unit_test(test_layers_and_origins),
		cmocka_unit_test(test_locks),
		cmocka_unit_test(test_diff_and_minimise),
	};

	if (settings_init() != 0)
		return (1);
	return (cmocka_run_group_tests_name("settings", tests, NULL, NULL));
}

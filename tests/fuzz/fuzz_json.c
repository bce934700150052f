/*
 * fuzz_json.c - the JSON reader (core/json.c) and writer.
 *
 * Input: any bytes as a JSON document. Checks:
 *  - json_parse() either gives a value or ST_MALFORMED with a detail;
 *  - a parsed value written back (jw_json) parses again to an equal value;
 *  - the jget_* helpers agree with the member's type (1 right type,
 *    -1 wrong type with a field error, 0 absent or null), and jcheck_keys
 *    counts exactly the members not allowed;
 *  - json_escape() of the raw bytes always gives one valid JSON string,
 *    equal to the input when the input is valid UTF-8, and
 *    never contains '<', '>' or '&' (JSON embedded in HTML stays inert).
 */
#include "fuzz.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/text.h"

static void
check_members(struct arena *a, json_t *obj)
{
	static const char *const allowed[] = { "name", "email", "n", NULL };
	const char	*key, *s, **list;
	json_t		*v, *o;
	struct err	 e;
	long long	 n;
	bool		 b;
	size_t		 cnt;
	int		 unknown = 0, rc, i;

	json_object_foreach(obj, key, v) {
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(allowed[i], key) == 0)
				break;
		if (allowed[i] == NULL)
			unknown++;
		/* A key with a dot is a path to the getters (json.h): they
		 * read the member after its last dot, not this one. */
		if (strchr(key, '.') != NULL)
			continue;
		err_clear(&e);
		rc = jget_str(obj, key, &s, true, &e);
		if (json_is_null(v))
			FUZZ_CHECK(rc == 0);
		else if (!json_is_string(v))
			FUZZ_CHECK(rc == -1 && e.nfields == 1);
		else if (rc == 1)
			FUZZ_CHECK(!text_has_control(s, strlen(s), true) &&
			    utf8_valid(s, strlen(s)));
		else
			FUZZ_CHECK(rc == -1 && e.nfields == 1);
		err_clear(&e);
		rc = jget_int(obj, key, &n, &e);
		FUZZ_CHECK(rc == (json_is_null(v) ? 0 : json_is_integer(v) ?
		    1 : -1));
		FUZZ_CHECK(rc != 1 || n == json_integer_value(v));
		rc = jget_bool(obj, key, &b, &e);
		FUZZ_CHECK(rc == (json_is_null(v) ? 0 : json_is_boolean(v) ?
		    1 : -1));
		rc = jget_obj(obj, key, &o, &e);
		FUZZ_CHECK(rc == (json_is_null(v) ? 0 : json_is_object(v) ?
		    1 : -1));
		err_clear(&e);
		rc = jget_strs(a, obj, key, &list, &cnt, 8, &e);
		if (rc == 1) {
			FUZZ_CHECK(cnt == json_array_size(v) && cnt <= 8);
			for (i = 0; i < (int)cnt; i++)
				FUZZ_CHECK(list[i] != NULL);
		}
		FUZZ_CHECK(rc != -1 || e.nfields > 0);
	}
	err_clear(&e);
	FUZZ_CHECK(jcheck_keys(obj, allowed, "x", &e) == unknown);
	FUZZ_CHECK(e.nfields <= (size_t)unknown && (unknown == 0) ==
	    (e.nfields == 0));
}

static void
check_escape(const uint8_t *data, size_t size)
{
	struct buf	 b = BUF_INIT;
	json_t		*v;
	json_error_t	 jerr;

	json_escape(&b, (const char *)data, size);
	FUZZ_CHECK(memchr(b.data, '<', b.len) == NULL &&
	    memchr(b.data, '>', b.len) == NULL &&
	    memchr(b.data, '&', b.len) == NULL);
	v = json_loadb(b.data, b.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
	FUZZ_CHECK(v != NULL && json_is_string(v));
	if (utf8_valid((const char *)data, size))
		FUZZ_CHECK(json_string_length(v) == size &&
		    memcmp(json_string_value(v), data, size) == 0);
	json_decref(v);
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a;
	struct err	 e;
	struct buf	 b = BUF_INIT;
	struct jw	 w;
	json_t		*v = NULL, *again = NULL;
	int		 rc;

	arena_init(&a, 0);
	err_clear(&e);
	rc = json_parse(&a, (const char *)data, size, &v, &e);
	FUZZ_CHECK(rc == ST_OK || (rc == ST_MALFORMED && e.status == rc &&
	    e.s[0] != '\0'));
	if (rc == ST_OK) {
		jw_init(&w, &b);
		jw_json(&w, v);
		err_clear(&e);
		FUZZ_CHECK(json_parse(&a, b.data, b.len, &again, &e) == ST_OK);
		FUZZ_CHECK(json_equal(v, again));
		if (json_is_object(v))
			check_members(&a, v);
	}
	check_escape(data, size);
	buf_free(&b);
	arena_free(&a);
	return (0);
}

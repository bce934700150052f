/*
 * test_core.c - arena, buffers, JSON, UTF-8 text, URLs, ids, validation,
 * errors and messages.
 */
#include <time.h>

#include "testutil.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/country.h"
#include "core/csv.h"
#include "core/dates.h"
#include "core/phone.h"
#include "core/err.h"
#include "core/json.h"
#include "core/msg.h"
#include "core/text.h"
#include "core/totp.h"
#include "core/netmask.h"
#include "core/url.h"
#include "core/urlpath.h"
#include "api/http.h"
#include "api/routes.h"
#include "core/valid.h"

#define PARSE(a, s, v, e)	json_parse(a, s, strlen(s), v, e)

static int	cleanup_runs;
static int	cleanup_order[4];

static void
note_cleanup(void *arg)
{
	cleanup_order[cleanup_runs++] = (int)(intptr_t)arg;
}

static void
test_arena_alloc_and_cleanup(void **state)
{
	struct arena	 a;
	char		*p, *big, *s;
	size_t		 i;

	(void)state;
	arena_init(&a, 256);
	for (i = 0; i < 1000; i++) {
		p = arena_alloc(&a, 24);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		memset(p, 'x', 24);
	}
	big = arena_alloc(&a, 100000);	/* larger than a chunk */
	memset(big, 'y', 100000);
	s = arena_printf(&a, "%s-%d", "id", 42);
	assert_string_equal(s, "id-42");
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	assert_null(arena_strdup(&a, NULL));
	cleanup_runs = 0;
	arena_defer(&a, note_cleanup, (void *)1);
	arena_defer(&a, note_cleanup, (void *)2);
	arena_free(&a);
	assert_int_equal(cleanup_runs, 2);
	assert_int_equal(cleanup_order[0], 2);	/* newest first */
	assert_int_equal(cleanup_order[1], 1);
	/* Reusable after free. */
	p = arena_alloc(&a, 10);
	assert_non_null(p);
	arena_free(&a);

	/* A reset runs the cleanups and keeps one chunk, empty. */
	arena_init(&a, 256);
	for (i = 0; i < 100; i++)
		memset(arena_alloc(&a, 24), 'x', 24);
	memset(arena_alloc(&a, 5000), 'z', 5000);
	cleanup_runs = 0;
	arena_defer(&a, note_cleanup, (void *)3);
	arena_reset(&a);
	assert_int_equal(cleanup_runs, 1);
	assert_int_equal(a.total, 0);
	assert_non_null(a.head);
	p = arena_alloc(&a, 24);
	memset(p, 'w', 24);
	assert_int_equal(a.total, 32);
	/* The kept chunk serves what it can hold; more takes new chunks. */
	for (i = 0; i < 100; i++)
		memset(arena_alloc(&a, 24), 'v', 24);
	assert_string_equal(arena_strdup(&a, "after reset"), "after reset");
	arena_reset(&a);
	/* The kept chunk (256 bytes) serves the next eight allocations of
	 * 24 (32 with alignment) from its start again. */
	{
		const void	*kept = a.head;
		char		*first = arena_alloc(&a, 24);

		for (i = 1; i < 8; i++)
			memset(arena_alloc(&a, 24), 'u', 24);
		assert_ptr_equal(a.head, kept);
		arena_reset(&a);
		assert_ptr_equal(arena_alloc(&a, 24), first);
	}
	arena_reset(&a);	/* twice in a row, and on an empty arena */
	arena_free(&a);
	arena_init(&a, 256);
	arena_reset(&a);
	assert_null(a.head);
	arena_free(&a);
}

static void
test_buf(void **state)
{
	struct buf	 b = BUF_INIT;
	char		*d;
	size_t		 len, i;

	(void)state;
	assert_string_equal(b.data, "");
	for (i = 0; i < 1000; i++)
		buf_addc(&b, 'a');
	assert_int_equal(b.len, 1000);
	assert_int_equal(b.data[1000], '\0');
	buf_reset(&b);
	buf_printf(&b, "%d-%s", 7, "x");
	assert_string_equal(b.data, "7-x");
	d = buf_detach(&b, &len);
	assert_int_equal(len, 3);
	assert_string_equal(d, "7-x");
	free(d);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

/* A new buffer filled with 'f' up to room bytes short of its capacity
 * (the NUL takes one of them); returns how many bytes it holds. */
static size_t
fill_to_room(struct buf *b, size_t room)
{
	size_t	fill;

	buf_init(b);
	buf_grow(b, 1);
	fill = b->cap - room;
	memset(b->data, 'f', fill);
	b->len = fill;
	b->data[fill] = '\0';
	return (fill);
}

static void
test_json_writer_escapes(void **state)
{
	struct buf	 b = BUF_INIT;
	struct jw	 w;
	json_t		*v;
	json_error_t	 je;

	(void)state;
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kstr(&w, "html", "<script>alert(\"x\")</script>&");
	jw_kstr(&w, "ctl", "a\nb\tc\x01");
	jw_kstr(&w, "bad", "ok\xff\xfe");
	jw_kint(&w, "n", -5);
	jw_kbool(&w, "t", true);
	jw_knull(&w, "z");
	jw_key(&w, "list");
	jw_arr_begin(&w);
	jw_str(&w, "一");
	jw_int(&w, 2);
	jw_arr_end(&w);
	jw_obj_end(&w);
	assert_null(strchr(b.data, '<'));
	assert_null(strchr(b.data, '&'));
	v = json_loads(b.data, 0, &je);
	assert_non_null(v);
	assert_string_equal(json_string_value(json_object_get(v, "html")),
	    "<script>alert(\"x\")</script>&");
	assert_string_equal(json_string_value(json_object_get(v, "ctl")),
	    "a\nb\tc\x01");
	/* Invalid UTF-8 becomes U+FFFD so output is always valid JSON. */
	assert_string_equal(json_string_value(json_object_get(v, "bad")),
	    "ok\xef\xbf\xbd\xef\xbf\xbd");
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(v, "list"), 0)), "一");
	json_decref(v);
	buf_free(&b);
	/* Exactly: HTML's characters, DEL, quote, backslash, controls. */
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kstr(&w, "k\"", "a<b>&c\x7f\"\\\x1f\xc3\xa9z");
	jw_obj_end(&w);
	assert_string_equal(b.data, "{\"k\\\"\":\"a\\u003cb\\u003e\\u0026c\\u007f"
	    "\\\"\\\\\\u001f\xc3\xa9z\"}");
	buf_free(&b);
	/* A key and a string written in place with exactly as much room
	 * as they need, one byte less, and more (the NUL counts): the
	 * sanitizer build sees any byte written past the buffer. */
	{
		size_t	room, fill;

		for (room = 1; room < 14; room++) {
			fill = fill_to_room(&b, room);
			jw_init(&w, &b);
			jw_obj_begin(&w);
			jw_key(&w, "abcde");
			jw_str(&w, "xyz");
			assert_true(b.len < b.cap);
			assert_int_equal(strlen(b.data), b.len);
			assert_string_equal(b.data + fill, "{\"abcde\":\"xyz\"");
			buf_free(&b);
			fill = fill_to_room(&b, room);
			json_escape(&b, "abcde", 5);
			assert_true(b.len < b.cap);
			assert_string_equal(b.data + fill, "\"abcde\"");
			buf_free(&b);
		}
	}
	/* Keys and values written in place across the buffer's growth. */
	{
		char	key[32], val[64];
		int	i;

		jw_init(&w, &b);
		jw_obj_begin(&w);
		for (i = 0; i < 400; i++) {
			snprintf(key, sizeof(key), "key_%d", i);
			snprintf(val, sizeof(val), "%0*d", i % 60, i);
			jw_kstr(&w, key, val);
		}
		jw_ktime(&w, "at", 1780000000);
		jw_obj_end(&w);
		assert_int_equal(strlen(b.data), b.len);
		v = json_loads(b.data, 0, &je);
		assert_non_null(v);
		assert_int_equal(json_object_size(v), 401);
		assert_string_equal(json_string_value(json_object_get(v,
		    "key_399")), "000000000000000000000000000000000000399");
		assert_string_equal(json_string_value(json_object_get(v, "at")),
		    "2026-05-28T20:26:40Z");
		json_decref(v);
		buf_free(&b);
	}
}

static void
test_json_parse_limits(void **state)
{
	struct arena	 a;
	struct err	 e;
	json_t		*v;
	const char	*s;
	long long	 n;
	bool		 bo;

	(void)state;
	arena_init(&a, 0);
	err_clear(&e);
	assert_int_equal(PARSE(&a, "{\"a\":1", &v, &e), ST_MALFORMED);
	assert_string_equal(e.code, "malformed_json");
	err_clear(&e);
	assert_int_equal(PARSE(&a, "{\"a\":1,\"a\":2}", &v, &e),
	    ST_MALFORMED);
	err_clear(&e);
	assert_int_equal(PARSE(&a, "{\"a\":\"\xc3\x28\"}", &v, &e),
	    ST_MALFORMED);				/* invalid UTF-8 */
	err_clear(&e);
	assert_int_equal(PARSE(&a, "{\"a\":\"x\\u0000y\"}", &v, &e),
	    ST_MALFORMED);				/* NUL in string */
	err_clear(&e);
	assert_int_equal(PARSE(&a, "{} {}", &v, &e), ST_MALFORMED);

	err_clear(&e);
	assert_int_equal(PARSE(&a,
	    "{\"s\":\"hi\",\"n\":3,\"b\":true,\"c\":\"a\\u0007\",\"w\":5}",
	    &v, &e), ST_OK);
	assert_int_equal(jget_str(v, "s", &s, false, &e), 1);
	assert_string_equal(s, "hi");
	assert_int_equal(jget_str(v, "missing", &s, false, &e), 0);
	assert_int_equal(jget_int(v, "n", &n, &e), 1);
	assert_int_equal(n, 3);
	assert_int_equal(jget_bool(v, "b", &bo, &e), 1);
	assert_true(bo);
	assert_int_equal(e.status, ST_OK);
	assert_int_equal(jget_str(v, "c", &s, false, &e), -1);	/* control */
	assert_int_equal(jget_str(v, "w", &s, false, &e), -1);	/* type */
	assert_int_equal(e.status, ST_INVALID);
	assert_int_equal(e.nfields, 2);
	assert_string_equal(e.fields[0].name, "c");
	assert_int_equal(e.fields[0].msg, M_CONTROL_CHARS);
	assert_string_equal(e.fields[1].name, "w");
	assert_int_equal(e.fields[1].msg, M_NOT_STRING);
	/* A path names the member after its last dot, and the error all of it. */
	assert_int_equal(jget_str(v, "host.s", &s, false, &e), 1);
	assert_int_equal(jget_str(v, "state.threats[0].w", &s, false, &e), -1);
	assert_string_equal(e.fields[2].name, "state.threats[0].w");
	assert_int_equal(e.fields[2].msg, M_NOT_STRING);
	arena_free(&a);
}

static void
test_utf8_and_text(void **state)
{
	struct arena	a;

	(void)state;
	arena_init(&a, 0);
	assert_true(utf8_valid("héllo 日本", strlen("héllo 日本")));
	assert_false(utf8_valid("\xc0\xaf", 2));	/* overlong */
	assert_false(utf8_valid("\xed\xa0\x80", 3));	/* surrogate */
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
	assert_false(utf8_valid("\xe6\x97", 2));	/* truncated */
	assert_int_equal(utf8_chars("日本語", strlen("日本語")), 3);
	assert_true(text_has_control("a\x01", 2, false));
	assert_true(text_has_control("a\nb", 3, false));
	assert_false(text_has_control("a\nb", 3, true));
	assert_true(text_has_control("\xc2\x85", 2, true));	/* NEL (C1) */
	assert_true(text_has_control("x\xe2\x80\xa8", 4, true));/* U+2028 */
	assert_true(text_has_bidi_control("a\xe2\x80\xae" "b", 5));	/* U+202E */
	assert_true(text_has_bidi_control("\xe2\x81\xa6", 3));	/* U+2066 */
	assert_false(text_has_bidi_control("\xe2\x80\x8f\xe2\x80\x94", 6));
	assert_true(text_is_blank("  \t\xe3\x80\x80 "));
	assert_false(text_is_blank(" a "));
	assert_string_equal(text_trim(&a, "\xe3\x80\x80 Acme\xc2\xa0 "),
	    "Acme");
	assert_string_equal(text_trim(&a, "a b"), "a b");
	/* Case folding with NFKC: full-width and case differences vanish. */
	assert_string_equal(text_fold(&a, "ＡＢＣ abc"), "abc abc");
	assert_string_equal(text_fold(&a, "Straße"), "strasse");
	assert_null(text_fold(&a, "\xff"));
	arena_free(&a);
}

static void
test_url_query(void **state)
{
	struct arena	a;
	struct query	q;

	(void)state;
	arena_init(&a, 0);
	assert_string_equal(url_decode(&a, "a%20b+c", 7, 1), "a b c");
	assert_null(url_decode(&a, "%2", 2, 1));
	assert_null(url_decode(&a, "%zz", 3, 1));
	assert_null(url_decode(&a, "a%00b", 5, 1));
	query_parse(&a, "q=%E6%97%A5&limit=20&flag&bad=%x&q=second", &q);
	assert_string_equal(query_get(&q, "q"), "日");
	assert_string_equal(query_get(&q, "limit"), "20");
	assert_string_equal(query_get(&q, "flag"), "");
	assert_null(query_get(&q, "bad"));
	assert_null(query_get(&q, "nope"));
	arena_free(&a);
}

static void
test_ids_and_tokens(void **state)
{
	struct arena	 a;
	char		*id1, *id2, *t;

	(void)state;
	arena_init(&a, 0);
	id1 = id_new(&a, "acc");
	id2 = id_new(&a, "acc");
	assert_int_equal(strlen(id1), 4 + ID_RANDOM_CHARS);
	assert_string_not_equal(id1, id2);
	assert_true(id_valid(id1, "acc"));
	assert_false(id_valid(id1, "usr"));
	assert_false(id_valid("acc_short", "acc"));
	assert_false(id_valid("acc_0000000000000000", "acc")); /* no 0 */
	t = token_new(&a);
	assert_int_equal(strlen(t), 43);
	assert_int_equal(strlen(token_hash(&a, t)), 64);
	assert_string_equal(token_hash(&a, t), token_hash(&a, t));
	assert_true(secret_equal(t, t));
	assert_false(secret_equal(t, id1));
	assert_false(secret_equal(t, NULL));
	arena_free(&a);
}

/* The remembered digest is always the digest: for a token seen again,
 * and after more tokens than the memo has slots have pushed it out. */
static void
test_token_hash_memo(void **state)
{
	struct arena	 a;
	char		*toks[TOKEN_MEMO_SLOTS * 3];
	size_t		 i, round;

	(void)state;
	arena_init(&a, 0);
	for (i = 0; i < sizeof(toks) / sizeof(toks[0]); i++)
		toks[i] = token_new(&a);
	for (round = 0; round < 2; round++)
		for (i = 0; i < sizeof(toks) / sizeof(toks[0]); i++)
			assert_string_equal(token_hash_memo(&a, toks[i]),
			    token_hash(&a, toks[i]));
	assert_string_equal(token_hash_memo(&a, toks[0]),
	    token_hash_memo(&a, toks[0]));
	assert_string_not_equal(token_hash_memo(&a, toks[0]),
	    token_hash_memo(&a, toks[1]));
	assert_string_equal(token_hash_memo(&a, ""), token_hash(&a, ""));
	arena_free(&a);
}

static void
test_email_validation(void **state)
{
	struct arena	 a;
	struct err	 e;
	char		*out, *norm;
	size_t		 i;
	static const char *const bad[] = {
		"", "   ", "plain", "a@", "@b.com", "a@b", "a@@b.com",
		"a..b@c.com", ".a@b.com", "a.@b.com", "a b@c.com",
		"a@-b.com", "a@b-.com", "a@b..com", "a@b.c", "a@b.123",
		"a\x01@b.com", "\"quoted\"@b.com", "a@b_c.com", NULL
	};

	(void)state;
	arena_init(&a, 0);
	err_clear(&e);
	assert_int_equal(valid_email(&a, &e, "email", "  Jane.Doe+tag@Example.COM ",
	    &out, &norm), ST_OK);
	assert_string_equal(out, "Jane.Doe+tag@example.com");
	assert_string_equal(norm, "jane.doe+tag@example.com");
	/* Internationalised domain and local part. */
	assert_int_equal(valid_email(&a, &e, "email", "info@例え.jp", &out,
	    &norm), ST_OK);
	assert_string_equal(out, "info@例え.jp");
	assert_string_equal(norm, "info@xn--r8jz45g.jp");
	assert_int_equal(valid_email(&a, &e, "email", "info@xn--r8jz45g.jp",
	    &out, &norm), ST_OK);
	assert_string_equal(norm, "info@xn--r8jz45g.jp");
	assert_int_equal(valid_email(&a, &e, "email", "ユーザー@例え.jp", &out,
	    &norm), ST_OK);
	assert_int_equal(e.status, ST_OK);
	for (i = 0; bad[i] != NULL; i++) {
		err_clear(&e);
		if (valid_email(&a, &e, "email", bad[i], &out, &norm) !=
		    ST_INVALID)
			fail_msg("accepted bad address '%s'", bad[i]);
		assert_int_equal(e.nfields, 1);
		assert_string_equal(e.fields[0].name, "email");
	}
	arena_free(&a);
}

static void
test_valid_text(void **state)
{
	struct arena	 a;
	struct err	 e;
	char		*out;

	(void)state;
	arena_init(&a, 0);
	err_clear(&e);
	assert_int_equal(valid_text(&a, &e, "company", "  Acme  ", true, 10,
	    &out), ST_OK);
	assert_string_equal(out, "Acme");
	assert_int_equal(valid_text(&a, &e, "x", "日本語のテキスト", true, 8,
	    &out), ST_OK);	/* 8 characters, 24 bytes */
	assert_int_equal(valid_text(&a, &e, "a", "   ", true, 10, &out),
	    ST_INVALID);
	assert_int_equal(e.fields[0].msg, M_BLANK);
	assert_int_equal(valid_text(&a, &e, "b", NULL, true, 10, &out),
	    ST_INVALID);
	assert_int_equal(e.fields[1].msg, M_REQUIRED);
	assert_int_equal(valid_text(&a, &e, "c", "123456789012", true, 10,
	    &out), ST_INVALID);
	assert_int_equal(e.fields[2].msg, M_TOO_LONG);
	assert_int_equal(e.fields[2].n, 10);
	assert_int_equal(valid_text(&a, &e, "d", "a\x1b[31m", true, 10, &out),
	    ST_INVALID);
	assert_int_equal(e.fields[3].msg, M_CONTROL_CHARS);
	assert_int_equal(valid_text(&a, &e, "e", "\xff", true, 10, &out),
	    ST_INVALID);
	assert_int_equal(e.fields[4].msg, M_BAD_UTF8);
	/* SQL and HTML metacharacters are ordinary text. */
	assert_int_equal(valid_text(&a, &e, "f", "O'Brien <b>&\"; DROP--",
	    true, 100, &out), ST_OK);
	assert_string_equal(out, "O'Brien <b>&\"; DROP--");
	arena_free(&a);
}

static void
test_errors_and_messages(void **state)
{
	struct err	e;
	char		out[256];

	(void)state;
	err_clear(&e);
	assert_int_equal(err_field(&e, "email", M_REQUIRED), ST_INVALID);
	err_field(&e, "email", M_EMAIL_INVALID);	/* first one wins */
	assert_int_equal(e.nfields, 1);
	assert_int_equal(e.fields[0].msg, M_REQUIRED);
	assert_string_equal(e.code, "validation_failed");
	err_message(&e, LANG_JA, out, sizeof(out));
	assert_string_equal(out, "入力内容を確認してください。");
	msg_render(out, sizeof(out), LANG_EN, M_TOO_LONG, 100, NULL);
	assert_string_equal(out, "Must be at most 100 characters.");
	msg_render(out, sizeof(out), LANG_JA, M_RATE_LIMITED, 30, NULL);
	assert_string_equal(out,
	    "試行回数が多すぎます。30秒後にもう一度お試しください。");
	err_conflict(&e, "email_taken", M_EMAIL_TAKEN, "email");
	assert_int_equal(e.status, ST_CONFLICT);
	assert_int_equal(e.nfields, 1);
	assert_int_equal(lang_from_accept("ja-JP,ja;q=0.9,en;q=0.8"), LANG_JA);
	assert_int_equal(lang_from_accept("fr-FR, en-US;q=0.5"), LANG_EN);
	assert_int_equal(lang_from_accept(NULL), LANG_EN);
	assert_int_equal(lang_from_accept("jav"), LANG_EN);
}

static void
test_countries(void **state)
{
	const struct country	*c;

	(void)state;
	assert_int_equal(country_load(NULL), 0);
	assert_true(country_count() >= 249);
	c = country_find("JP");
	assert_non_null(c);
	assert_string_equal(c->name_en, "Japan");
	assert_string_equal(c->name_ja, "日本");
	assert_non_null(country_find("DE"));
	assert_null(country_find("XX"));
	assert_null(country_find("jp"));
	assert_null(country_find("JPN"));
}

static void
test_phone(void **state)
{
	struct arena	 a;
	struct err	 e;
	char		*out;
	size_t		 i;
	static const char *const good[][3] = {
		{ "03-1234-5678", "JP", "+81312345678" },
		{ "+44 20 7946 0958", NULL, "+442079460958" },
		{ "(415) 555-0142", "US", "+14155550142" },
		{ "+1 415 555 0142", "JP", "+14155550142" },	/* + wins */
		{ "030 1234567", "DE", "+49301234567" },
		{ "０３－１２３４－５６７８", "JP", "+81312345678" },
	};

	(void)state;
	arena_init(&a, 0);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		err_clear(&e);
		assert_int_equal(valid_phone(&a, &e, "phone", good[i][0],
		    good[i][1], &out), ST_OK);
		assert_string_equal(out, good[i][2]);
	}
	err_clear(&e);
	assert_int_equal(valid_phone(&a, &e, "phone", "555-0142", NULL, &out),
	    ST_INVALID);
	assert_int_equal(e.fields[0].msg, M_PHONE_NEED_COUNTRY);
	err_clear(&e);
	assert_int_equal(valid_phone(&a, &e, "phone", "12", "US", &out),
	    ST_INVALID);
	assert_int_equal(e.fields[0].msg, M_PHONE_INVALID);
	err_clear(&e);
	assert_int_equal(valid_phone(&a, &e, "phone", "call me", "US", &out),
	    ST_INVALID);
	arena_free(&a);
}

/*
 * A number phone_parse() has just checked is displayed and searched from
 * the memo of parsed numbers: the same forms as a fresh parse gives, also
 * for what the E.164 form leaves out (an extension) or keeps only in its
 * digits (Italy's leading zero).
 */
static void
test_phone_memo(void **state)
{
	static const char *const typed[][4] = {
		/* typed, region, display, search digits */
		{ "03-1234-5678", "JP", "+81 3-1234-5678",
		    "81312345678 0312345678" },
		{ "+44 20 7946 0958 ext. 123", NULL, "+44 20 7946 0958",
		    "442079460958 02079460958" },
		{ "06 1234 5678", "IT", "+39 06 1234 5678",
		    "390612345678 0612345678" },
		{ "(415) 555-0142", "US", "+1 415-555-0142",
		    "14155550142 4155550142" },
	};
	char	e164[40], memo[64], fresh[64], first[200][40];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(typed) / sizeof(typed[0]); i++) {
		phone_forget();
		assert_int_equal(phone_parse(typed[i][0], typed[i][1], e164,
		    sizeof(e164), NULL, 0), PHONE_OK);
		phone_display(e164, memo, sizeof(memo));
		assert_string_equal(memo, typed[i][2]);
		phone_forget();
		phone_display(e164, fresh, sizeof(fresh));
		assert_string_equal(fresh, memo);
		/* Now kept from phone_display()'s own parse. */
		phone_display(e164, memo, sizeof(memo));
		assert_string_equal(memo, fresh);

		phone_forget();
		assert_int_equal(phone_parse(typed[i][0], typed[i][1], e164,
		    sizeof(e164), NULL, 0), PHONE_OK);
		phone_search_digits(e164, memo, sizeof(memo));
		assert_string_equal(memo, typed[i][3]);
		phone_forget();
		phone_search_digits(e164, fresh, sizeof(fresh));
		assert_string_equal(fresh, memo);
	}
	/* Numbers that share a slot each come back as themselves: 200
	 * numbers over the memo's slots, then again (some kept, some not). */
	phone_forget();
	for (i = 0; i < 200; i++) {
		snprintf(e164, sizeof(e164), "+4930%07zu", 1000000 + i * 7);
		phone_display(e164, first[i], sizeof(first[i]));
		assert_int_equal(strncmp(first[i], "+49 30 ", 7), 0);
	}
	for (i = 0; i < 200; i++) {
		snprintf(e164, sizeof(e164), "+4930%07zu", 1000000 + i * 7);
		phone_display(e164, memo, sizeof(memo));
		assert_string_equal(memo, first[i]);
	}
}

static void
test_website(void **state)
{
	struct arena	 a;
	struct err	 e;
	char		*out;
	size_t		 i;
	static const char *const good[][2] = {
		{ "example.com", "https://example.com" },
		{ "Example.COM/", "https://example.com" },
		{ "http://www.example.co.uk/a/b?c=d#frag",
		    "http://www.example.co.uk/a/b?c=d" },
		{ "https://shop.example:8443/x", "https://shop.example:8443/x" },
		{ "例え.jp", "https://例え.jp" },
		{ "https://xn--r8jz45g.jp", "https://例え.jp" },
	};
	static const char *const bad[] = {
		"localhost", "ftp://example.com", "javascript:alert(1)",
		"http://user:pw@example.com", "http://10.0.0.1", "http://[::1]/",
		"exa mple.com", "http://-bad-.example", "mailto:a@b.example",
		"http://example", NULL
	};

	(void)state;
	arena_init(&a, 0);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		err_clear(&e);
		if (valid_website(&a, &e, "website", good[i][0], &out) != ST_OK)
			fail_msg("refused %s", good[i][0]);
		assert_string_equal(out, good[i][1]);
	}
	for (i = 0; bad[i] != NULL; i++) {
		err_clear(&e);
		if (valid_website(&a, &e, "website", bad[i], &out) == ST_OK)
			fail_msg("accepted %s as %s", bad[i], out);
	}
	arena_free(&a);
}

static void
test_postal_codes(void **state)
{
	struct arena	 a;
	struct err	 e;
	char		*out;
	size_t		 i;
	static const char *const good[][3] = {
		{ "JP", "1000005", "100-0005" }, { "JP", "100-0005", "100-0005" },
		{ "JP", "１００－０００５", "100-0005" },
		{ "US", "94103", "94103" }, { "US", "941031234", "94103-1234" },
		{ "GB", "sw1a1aa", "SW1A 1AA" }, { "GB", "M1 1AE", "M1 1AE" },
		{ "DE", "10115", "10115" }, { "FR", "75008", "75008" },
		{ "CA", "k1a 0b1", "K1A 0B1" }, { "AU", "2000", "2000" },
		{ "NL", "1012ab", "1012 AB" }, { "IT", "00184", "00184" },
		{ "ES", "28013", "28013" }, { "SE", "11455", "114 55" },
		{ "PL", "00950", "00-950" }, { "XK", "10000", "10000" },
		{ NULL, "ab-12", "AB-12" },
	};
	static const char *const bad[][2] = {
		{ "JP", "12345" }, { "US", "9410" }, { "GB", "12345" },
		{ "CA", "D1A 0B1" }, { "NL", "0123 AB" }, { "ES", "53000" },
		{ "DE", "1011" }, { "AU", "20000" }, { "JP", "100_0005" },
		{ NULL, "x" }, { NULL, "!!!" },
	};

	(void)state;
	arena_init(&a, 0);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		err_clear(&e);
		if (valid_postal_code(&a, &e, "postal_code", good[i][1],
		    good[i][0], &out) != ST_OK)
			fail_msg("refused %s %s", good[i][0], good[i][1]);
		assert_string_equal(out, good[i][2]);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&e);
		if (valid_postal_code(&a, &e, "postal_code", bad[i][1],
		    bad[i][0], &out) == ST_OK)
			fail_msg("accepted %s %s", bad[i][0], bad[i][1]);
	}
	/* The error shows the country's format by example. */
	err_clear(&e);
	valid_postal_code(&a, &e, "postal_code", "1", "JP", &out);
	assert_int_equal(e.fields[0].msg, M_POSTAL_FORMAT);
	assert_string_equal(e.fields[0].s, "100-0005");
	err_clear(&e);
	assert_int_equal(valid_country(&a, &e, "country", "jp", &out), ST_OK);
	assert_string_equal(out, "JP");
	assert_int_equal(valid_country(&a, &e, "country", "JPN", &out),
	    ST_INVALID);
	arena_free(&a);
}

static void
test_business_days(void **state)
{
	char	out[11];
	int64_t	t;

	(void)state;
	/* 2026-11-20 is a Friday: five business days later is Friday 27. */
	assert_true(date_parse("2026-11-20", &t));
	business_days_after(t + 3600 * 15, 5, out);
	assert_string_equal(out, "2026-11-27");
	/* Saturday and Sunday count from Monday: also Friday 27. */
	assert_true(date_parse("2026-11-21", &t));
	business_days_after(t, 5, out);
	assert_string_equal(out, "2026-11-27");
	assert_true(date_parse("2026-11-22", &t));
	business_days_after(t + 86399, 5, out);
	assert_string_equal(out, "2026-11-27");
	/* Tuesday: the next Tuesday; across a month and a year. */
	assert_true(date_parse("2026-11-24", &t));
	business_days_after(t, 5, out);
	assert_string_equal(out, "2026-12-01");
	assert_true(date_parse("2026-12-29", &t));
	business_days_after(t, 5, out);
	assert_string_equal(out, "2027-01-05");
	date_of(t, out);
	assert_string_equal(out, "2026-12-29");
	assert_false(date_parse("2026-02-30", &t));
	assert_false(date_parse("2026-1-5", &t));
	assert_false(date_parse("2026-01-05x", &t));
}

/* time_iso() formats by arithmetic in years 1000-9999: the C library's
 * answer, second for second at the edges and day for day in between. */
static void
test_time_iso(void **state)
{
	static const int64_t	edges[] = { -30610224001LL, -30610224000LL,
	    -86401, -86400, -1, 0, 1, 951782399, 951782400, 951868800,
	    1780000000, 4107542399LL, 4107542400LL, 253402300799LL,
	    253402300800LL };
	char			 out[21], want[21];
	struct tm		 tm;
	time_t			 tt;
	int64_t			 t;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(edges) / sizeof(edges[0]) + 40000; i++) {
		t = i < sizeof(edges) / sizeof(edges[0]) ? edges[i] :
		    -30610224000LL + (int64_t)i * 82 * 86400 +
		    (int64_t)(i * 7919 % 86400);
		tt = (time_t)t;
		gmtime_r(&tt, &tm);
		if (strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
			want[0] = '\0';
		time_iso(t, out);
		assert_string_equal(out, want);
	}
	time_iso(1780000000, out);
	assert_string_equal(out, "2026-05-28T20:26:40Z");
}

static void
test_csv(void **state)
{
	struct arena	 a;
	struct csv	 c;
	char		**f;
	size_t		 n;
	const char	*text = "\xef\xbb\xbf" "a,b,c\r\n"
	    "\"quoted, comma\",\"say \"\"hi\"\"\",\"multi\nline\"\n"
	    "\n"
	    "x,,\n"
	    "last,row";

	(void)state;
	arena_init(&a, 0);
	csv_init(&c, text, strlen(text));
	assert_int_equal(csv_row(&c, &a, &f, &n), 1);
	assert_int_equal(n, 3);
	assert_string_equal(f[0], "a");		/* BOM skipped */
	assert_int_equal(csv_row(&c, &a, &f, &n), 1);
	assert_int_equal(c.line, 2);
	assert_string_equal(f[0], "quoted, comma");
	assert_string_equal(f[1], "say \"hi\"");
	assert_string_equal(f[2], "multi\nline");
	assert_int_equal(csv_row(&c, &a, &f, &n), 1);
	assert_int_equal(c.line, 5);		/* blank line skipped */
	assert_int_equal(n, 3);
	assert_string_equal(f[1], "");
	assert_int_equal(csv_row(&c, &a, &f, &n), 1);
	assert_string_equal(f[1], "row");
	assert_int_equal(csv_row(&c, &a, &f, &n), 0);
	csv_init(&c, "\"open,x\n", 8);
	assert_int_equal(csv_row(&c, &a, &f, &n), -1);
	assert_non_null(strstr(c.error, "never closed"));
	csv_init(&c, "\"a\"b,c\n", 7);
	assert_int_equal(csv_row(&c, &a, &f, &n), -1);
	arena_free(&a);
}

/* A file of n rows "row<i>,<pad>" written to a temporary file. */
static int
csv_temp_file(size_t rows, size_t pad)
{
	FILE	*f;
	size_t	 i, j;
	int	 fd;

	f = tmpfile();
	assert_non_null(f);
	fputs("\xef\xbb\xbfname,pad\r\n", f);
	for (i = 0; i < rows; i++) {
		fprintf(f, "\"row %zu\",\"", i);
		for (j = 0; j < pad; j++)
			fputc(j % 50 == 49 ? '\n' : 'x', f);
		fputs("\"\r\n", f);
	}
	fflush(f);
	fd = dup(fileno(f));
	fclose(f);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	return (fd);
}

/* Reading from a file descriptor through a small buffer: the same rows
 * and line numbers as from memory, the offset, the row limit, NUL bytes
 * and a failed read. */
static void
test_csv_fd(void **state)
{
	struct arena	 a;
	struct csv	 c;
	char		**f, name[32];
	size_t		 n, i, line = 2;
	int		 fd, p[2];

	(void)state;
	arena_init(&a, 0);
	/* 3,000 rows of 120 bytes through a 7-byte buffer. */
	fd = csv_temp_file(3000, 100);
	csv_init_fd(&c, fd, 7);
	assert_int_equal(csv_row(&c, &a, &f, &n), 1);
	assert_string_equal(f[0], "name");	/* byte order mark skipped */
	for (i = 0; i < 3000; i++) {
		assert_int_equal(csv_row(&c, &a, &f, &n), 1);
		assert_int_equal(n, 2);
		assert_int_equal(c.line, line);
		line += 3;			/* two line breaks in the cell */
		snprintf(name, sizeof(name), "row %zu", i);
		assert_string_equal(f[0], name);
		assert_int_equal(strlen(f[1]), 100);
	}
	assert_int_equal(csv_row(&c, &a, &f, &n), 0);
	assert_int_equal(csv_offset(&c), lseek(fd, 0, SEEK_CUR));
	csv_close(&c);
	close(fd);

	/* A cell longer than a row may be: a malformed row, not memory. */
	fd = csv_temp_file(1, CSV_ROW_MAX + 10);
	csv_init_fd(&c, fd, 0);
	assert_int_equal(csv_row(&c, &a, &f, &n), 1);
	assert_int_equal(csv_row(&c, &a, &f, &n), -1);
	assert_non_null(strstr(c.error, "line 2: a row is longer than"));
	csv_close(&c);
	close(fd);

	/* A pipe: written in pieces, a NUL byte in the second field. */
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "a,b\n\"x\",y\0z,\"", 13), 13);
	close(p[1]);
	csv_init_fd(&c, p[0], 4);
	assert_int_equal(csv_row(&c, &a, &f, &n), 1);
	assert_int_equal(c.nul_field, 0);
	assert_int_equal(csv_row(&c, &a, &f, &n), -1);	/* quote not closed */
	assert_non_null(strstr(c.error, "line 2: a quoted field is never"));
	assert_int_equal(c.nul_field, 2);
	csv_close(&c);
	close(p[0]);

	/* A descriptor that cannot be read. */
	csv_init_fd(&c, -1, 0);
	assert_int_equal(csv_row(&c, &a, &f, &n), -1);
	assert_non_null(strstr(c.error, "line 1: cannot read the file"));
	csv_close(&c);
	arena_free(&a);
}

/* RFC 6238's SHA-1 test vectors (the last six digits), drift and replay
 * steps, the display of phone numbers, and the QR code's SVG. */
static void
test_totp_and_display(void **state)
{
	/* "12345678901234567890" in base32 */
	const char	*k = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
	char		 code[TOTP_DIGITS + 1], secret[TOTP_SECRET_B32], disp[64];
	uint64_t	 step;
	struct arena	 a;
	char		*svg, *uri;

	(void)state;
	assert_true(totp_code(k, 59, code));
	assert_string_equal(code, "287082");
	assert_true(totp_code(k, 1111111109, code));
	assert_string_equal(code, "081804");
	assert_true(totp_code(k, 2000000000, code));
	assert_string_equal(code, "279037");
	assert_true(totp_check(k, 59, "287082", &step));
	assert_int_equal(step, 1);
	assert_true(totp_check(k, 59 + 30, "287 082", &step));	/* drift */
	assert_int_equal(step, 1);
	assert_false(totp_check(k, 59 + 90, "287082", &step));
	assert_false(totp_check(k, 59, "28708", &step));
	assert_false(totp_check(k, 59, "2870821", &step));
	assert_false(totp_check(k, 59, "28708x", &step));
	assert_false(totp_check("not base32!", 59, "287082", &step));
	assert_true(totp_secret_new(secret));
	assert_int_equal(strlen(secret), 32);
	arena_init(&a, 0);
	uri = totp_uri(&a, "Steward", "ops+1@example.com", secret);
	assert_non_null(strstr(uri, "otpauth://totp/Steward:ops%2B1%40example.com?secret="));
	svg = qr_svg(&a, uri);
	assert_non_null(svg);
	assert_true(strncmp(svg, "<svg ", 5) == 0);
	assert_non_null(strstr(svg, "</svg>"));
	arena_free(&a);
	phone_display("+49891234567", disp, sizeof(disp));
	assert_string_equal(disp, "+49 89 1234567");
	phone_display("", disp, sizeof(disp));
	assert_string_equal(disp, "");
	phone_display("12", disp, sizeof(disp));
	assert_string_equal(disp, "12");
	phone_search_digits("+49891234567", disp, sizeof(disp));
	assert_string_equal(disp, "49891234567 0891234567");
	assert_true(phone_query_digits("+49 (89) 123", disp, sizeof(disp)));
	assert_string_equal(disp, "4989123");
	assert_false(phone_query_digits("1-800 Flowers", disp, sizeof(disp)));
	assert_false(phone_query_digits("12", disp, sizeof(disp)));
}

static void
test_netmask(void **state)
{
	struct netmask_list	l;
	char			why[128];

	(void)state;
	assert_int_equal(netmask_list_parse(&l, NULL, why, sizeof(why)), 0);
	assert_int_equal(l.n, 0);
	assert_false(netmask_list_has(&l, "127.0.0.1"));
	assert_int_equal(netmask_list_parse(&l, "127.0.0.1, 10.0.0.0/8 "
	    "fd00::/8,::ffff:192.0.2.0/120", why, sizeof(why)), 0);
	assert_int_equal(l.n, 4);
	assert_true(netmask_list_has(&l, "127.0.0.1"));
	assert_false(netmask_list_has(&l, "127.0.0.2"));
	assert_true(netmask_list_has(&l, "10.255.1.2"));
	assert_false(netmask_list_has(&l, "11.0.0.1"));
	assert_true(netmask_list_has(&l, "fd12::1"));
	assert_false(netmask_list_has(&l, "fe80::1"));
	/* IPv4-mapped addresses count as their IPv4 address, both ways. */
	assert_true(netmask_list_has(&l, "::ffff:10.1.2.3"));
	assert_true(netmask_list_has(&l, "192.0.2.77"));
	assert_false(netmask_list_has(&l, "192.0.3.1"));
	assert_false(netmask_list_has(&l, "not-an-address"));
	assert_false(netmask_list_has(&l, ""));
	assert_int_equal(netmask_list_parse(&l, "10.0.0.0/33", why,
	    sizeof(why)), -1);
	assert_string_equal(why, "'10.0.0.0/33' is not an IP address or a "
	    "range such as 10.0.0.0/8");
	assert_int_equal(l.n, 0);
	assert_int_equal(netmask_list_parse(&l, "10.0.0.1,proxy.lan", why,
	    sizeof(why)), -1);
	assert_non_null(strstr(why, "'proxy.lan'"));
	assert_int_equal(netmask_list_parse(&l, "10.0.0.0/", why,
	    sizeof(why)), -1);
	assert_int_equal(netmask_list_parse(&l, "0.0.0.0/0", why,
	    sizeof(why)), 0);
	assert_true(netmask_list_has(&l, "203.0.113.9"));
	assert_false(netmask_list_has(&l, "2001:db8::1"));
	assert_true(netmask_is_address("2001:db8::1"));
	assert_false(netmask_is_address("2001:db8::1/64"));
}

/* Paths split into segments, and matched against route patterns. */
static void
test_urlpath(void **state)
{
	struct urlpath	pat, p;
	char		deep[64];
	size_t		i;

	(void)state;
	assert_true(urlpath_split("/api/v1/me", &p));
	assert_int_equal(p.n, 3);
	assert_int_equal(p.len[2], 2);
	assert_memory_equal(p.seg[2], "me", 2);
	assert_true(urlpath_split("/", &p));
	assert_int_equal(p.n, 1);
	assert_int_equal(p.len[0], 0);
	assert_true(urlpath_split("/a//b/", &p));
	assert_int_equal(p.n, 4);
	assert_int_equal(p.len[1], 0);
	assert_int_equal(p.len[3], 0);
	assert_false(urlpath_split("api/v1", &p));
	assert_int_equal(p.n, 0);
	assert_false(urlpath_split(NULL, &p));
	/* One segment more than URLPATH_SEGS fails. */
	deep[0] = '\0';
	for (i = 0; i < URLPATH_SEGS; i++)
		strcat(deep, "/x");
	assert_true(urlpath_split(deep, &p));
	strcat(deep, "/x");
	assert_false(urlpath_split(deep, &p));

	assert_true(urlpath_split("/api/v1/accounts/{account_id}/customers",
	    &pat));
	assert_false(urlpath_is_param(&pat, 2));
	assert_true(urlpath_is_param(&pat, 3));
	urlpath_split("/api/v1/accounts/acc_1/customers", &p);
	assert_true(urlpath_match(&pat, &p));
	urlpath_split("/api/v1/accounts//customers", &p);
	assert_false(urlpath_match(&pat, &p));	/* an empty parameter */
	urlpath_split("/api/v1/accounts/acc_1/customers/", &p);
	assert_false(urlpath_match(&pat, &p));	/* a trailing slash */
	urlpath_split("/api/v1/accounts/acc_1/Customers", &p);
	assert_false(urlpath_match(&pat, &p));	/* case counts */
	urlpath_split("/api/v1/accounts/acc_1/customer", &p);
	assert_false(urlpath_match(&pat, &p));
	urlpath_split("/api/v1/accounts/acc_1", &p);
	assert_false(urlpath_match(&pat, &p));
	/* A failed split matches nothing, not even another failed one. */
	p.n = pat.n = 0;
	assert_false(urlpath_match(&pat, &p));
}

/* Every route's pattern splits, with no more parameters than a request
 * keeps, and no method and pattern is listed twice: the router splits
 * them in each worker and stops it on one that does not fit. */
static void
test_route_patterns(void **state)
{
#define ROUTE_PATH(m, p, fn, rules)	{ #m, p },
	static const struct { const char *method, *path; } routes[] = {
		STEWARD_ROUTES(ROUTE_PATH)
	};
#undef ROUTE_PATH
	struct urlpath	p;
	size_t		i, j, n;

	(void)state;
	assert_true(sizeof(routes) / sizeof(routes[0]) > 100);
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		assert_true(urlpath_split(routes[i].path, &p));
		for (j = n = 0; j < p.n; j++) {
			assert_true(p.len[j] > 0);
			n += urlpath_is_param(&p, j);
		}
		assert_true(n <= RQ_MAX_PARAMS);
		for (j = 0; j < i; j++)
			assert_false(strcmp(routes[i].method, routes[j].method)
			    == 0 && strcmp(routes[i].path, routes[j].path) == 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_alloc_and_cleanup),
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_time_iso),
		cmocka_unit_test(test_urlpath),
		cmocka_unit_test(test_route_patterns),
		cmocka_unit_test(test_token_hash_memo),
		cmocka_unit_test(test_json_writer_escapes),
		cmocka_unit_test(test_json_parse_limits),
		cmocka_unit_test(test_utf8_and_text),
		cmocka_unit_test(test_url_query),
		cmocka_unit_test(test_ids_and_tokens),
		cmocka_unit_test(test_email_validation),
		cmocka_unit_test(test_valid_text),
		cmocka_unit_test(test_errors_and_messages),
		cmocka_unit_test(test_countries),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_phone_memo),
		cmocka_unit_test(test_website),
		cmocka_unit_test(test_postal_codes),
		cmocka_unit_test(test_business_days),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_csv_fd),
		cmocka_unit_test(test_totp_and_display),
		cmocka_unit_test(test_netmask),
	};

	rand_init();
	if (country_load(NULL) != 0)
		return (1);
	phone_init();
	totp_init();
	return (cmocka_run_group_tests_name("core", tests, NULL, NULL));
}

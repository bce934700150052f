/*
 * test_fuzz_findings.c - inputs the fuzz targets of tests/fuzz/ found
 * mishandled, one test each, so they stay fixed: a check-in's address
 * list with a non-string item, e-mail local parts whose folded form is
 * no local part, "xn--" labels that do not come back, Unicode spaces in
 * web sites and postal codes, and header lines longer than RFC 5322
 * allows or not 7-bit.
 */
#include "testutil.h"

#include "app/agent.h"
#include "app/agent_input.h"
#include "app/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/mime.h"
#include "core/valid.h"

/* A list with a bad item gives no items (the caller walked NULLs). */
static void
test_strs_bad_item(void **state)
{
	struct arena	  a;
	struct err	  e;
	const char	**list = NULL;
	json_t		 *v;
	size_t		  n = 99;

	(void)state;
	arena_init(&a, 0);
	err_clear(&e);
	v = json_loads("{\"ips\":[\"192.0.2.1\",5,null]}", 0, NULL);
	assert_int_equal(jget_strs(&a, v, "ips", &list, &n, 8, &e), -1);
	assert_int_equal(n, 0);
	assert_int_equal(e.nfields, 2);
	assert_string_equal(e.fields[0].name, "ips[1]");
	json_decref(v);
	arena_free(&a);
}

/* fuzz_agent_input: a check-in whose ip_addresses hold a number crashed
 * the worker reading it; now it is a field error. */
static void
test_checkin_ip_not_string(void **state)
{
	struct agent_report	 r;
	struct arena		 a;
	struct err		 e;
	struct app		 app;
	const char		*version;
	json_t			*body;

	(void)state;
	arena_init(&a, 0);
	err_clear(&e);
	memset(&app, 0, sizeof(app));
	app.a = &a;
	app.e = &e;
	app.now = 1767225600;
	body = json_loads("{\"state\":{\"protection\":\"on\"},\"host\":"
	    "{\"hostname\":\"web-01\",\"ip_addresses\":[\"192.0.2.1\",5]}}",
	    0, NULL);
	assert_non_null(body);
	assert_int_equal(agent_checkin_read(&app, body, &r, &version),
	    ST_INVALID);
	assert_int_equal(e.nfields, 1);
	assert_string_equal(e.fields[0].name, "host.ip_addresses[1]");
	json_decref(body);
	/* The same list of strings is fine. */
	err_clear(&e);
	body = json_loads("{\"state\":{\"protection\":\"on\"},\"host\":"
	    "{\"hostname\":\"web-01\",\"ip_addresses\":[\"192.0.2.1\"]}}",
	    0, NULL);
	assert_int_equal(agent_checkin_read(&app, body, &r, &version), ST_OK);
	assert_string_equal(r.ip_addresses, "[\"192.0.2.1\"]");
	json_decref(body);
	arena_free(&a);
}

/* Each test's arena (set up and freed around every test). */
static struct arena	ta;

static int
arena_setup(void **state)
{
	(void)state;
	arena_init(&ta, 0);
	return (0);
}

static int
arena_teardown(void **state)
{
	(void)state;
	arena_free(&ta);
	return (0);
}

/* valid_email's status; *norm its comparison key. */
static int
email(const char *in, char **norm)
{
	struct err	 e;
	char		*out;

	err_clear(&e);
	return (valid_email(&ta, &e, "email", in, &out, norm));
}

/* valid_website's status; *out the stored form. */
static int
website(const char *in, char **out)
{
	struct err	e;

	err_clear(&e);
	return (valid_website(&ta, &e, "website", in, out));
}

/* valid_postal_code's status; *out the stored form. */
static int
postal(const char *in, const char *country, char **out)
{
	struct err	e;

	err_clear(&e);
	return (valid_postal_code(&ta, &e, "postal_code", in, country, out));
}

/* fuzz_valid_email: "＠" folds to "@", so the comparison key had two. */
static void
test_email_folded_local_part(void **state)
{
	char	*norm;

	(void)state;
	assert_int_equal(email("\xef\xbc\xa0@plj.p.zomzrz", &norm),
	    ST_INVALID);
	/* "．．" folds to "..". */
	assert_int_equal(email("a\xef\xbc\x8e\xef\xbc\x8e" "b@example.com",
	    &norm), ST_INVALID);
	/* Full-width letters are still one address with their ASCII form. */
	assert_int_equal(email("\xef\xbc\xa1\xef\xbc\xa2@example.com", &norm),
	    ST_OK);
	assert_string_equal(norm, "ab@example.com");
}

/* fuzz_valid_website: an "xn--" label that decodes to what IDNA does not
 * allow was stored, and the stored form was then refused. */
static void
test_idn_label_round_trip(void **state)
{
	char	*out;

	(void)state;
	assert_int_equal(website("xn--r8jzffffnffff4f5g.jp", &out),
	    ST_INVALID);
	assert_int_equal(email("info@xn--r8jzffffnffff4f5g.jp", &out),
	    ST_INVALID);
	assert_int_equal(website("xn--r8jz45g.jp", &out), ST_OK);
	assert_string_equal(out, "https://\xe4\xbe\x8b\xe3\x81\x88.jp");
}

/* fuzz_valid_website: a no-break space kept at the end of the path (the
 * fragment after it dropped), then trimmed away when the stored form was
 * checked again. */
static void
test_website_unicode_space(void **state)
{
	char	*out;

	(void)state;
	assert_int_equal(website("example.com/a\xc2\xa0#top", &out),
	    ST_INVALID);
	assert_int_equal(website("example.com/a\xe3\x80\x80" "b", &out),
	    ST_INVALID);
	assert_int_equal(website("example.com/a\xe2\x80\x82" "b", &out),
	    ST_INVALID);
	assert_int_equal(website("example.com/\xe3\x83\x91\xe3\x82\xb9",
	    &out), ST_OK);
}

/* fuzz_valid_postal: U+2000 is no space to text_trim but NFKC makes it
 * one, so "ECA\u2000" was stored with a trailing space. */
static void
test_postal_unicode_space(void **state)
{
	char	*out, *again;

	(void)state;
	assert_int_equal(postal("ECA\xe2\x80\x80", "KE", &out), ST_OK);
	assert_string_equal(out, "ECA");
	assert_int_equal(postal(out, "KE", &again), ST_OK);
	assert_string_equal(again, out);
	assert_int_equal(postal("\xe2\x80\x80" "100\xe2\x80\x80" "0005", "JP",
	    &out), ST_OK);
	assert_string_equal(out, "100-0005");
}

/* The longest line of s (without its CRLF); fails on bare CR or LF or
 * on 8-bit bytes. */
static size_t
longest_line(const char *s, size_t len)
{
	size_t	i, col = 0, max = 0;

	for (i = 0; i < len; i++) {
		assert_true((unsigned char)s[i] < 0x80);
		if (s[i] == '\r') {
			assert_true(i + 1 < len && s[i + 1] == '\n');
			if (col > max)
				max = col;
			col = 0;
			i++;
			continue;
		}
		assert_true(s[i] != '\n');
		col++;
	}
	return (col > max ? col : max);
}

/* fuzz_mime: a header word longer than a line could hold was written on
 * one line of any length (RFC 5322: 998 at most). */
static void
test_mime_long_words(void **state)
{
	struct buf	 b = BUF_INIT;
	struct mailbox	 mb;
	char		 word[1301];

	(void)state;
	memset(word, 'x', sizeof(word) - 1);
	word[sizeof(word) - 1] = '\0';
	mime_header(&b, "Subject", word);
	assert_true(longest_line(b.data, b.len) <= 998);
	assert_non_null(strstr(b.data, "=?UTF-8?B?"));
	buf_reset(&b);
	mime_header(&b, "Subject", "short words stay as they are");
	assert_string_equal(b.data,
	    "Subject: short words stay as they are\r\n");
	buf_reset(&b);
	word[600] = '\0';
	mb.name = word;
	mb.addr = "a@example.com";
	mime_header_mailbox(&b, "To", &mb);
	assert_true(longest_line(b.data, b.len) <= 998);
	buf_free(&b);
}

/* fuzz_mime: an internationalised domain went into To: as 8-bit text. */
static void
test_mime_idn_address(void **state)
{
	struct buf	 b = BUF_INIT;
	struct mailbox	 mb;

	(void)state;
	mb.name = "Taro";
	mb.addr = "taro@\xe4\xbe\x8b\xe3\x81\x88.jp";
	mime_header_mailbox(&b, "To", &mb);
	buf_addc(&b, '\0');
	assert_string_equal(b.data, "To: Taro <taro@xn--r8jz45g.jp>\r\n");
	buf_reset(&b);
	mb.addr = "taro@example.jp";
	mime_header_mailbox(&b, "To", &mb);
	buf_addc(&b, '\0');
	assert_string_equal(b.data, "To: Taro <taro@example.jp>\r\n");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strs_bad_item),
		cmocka_unit_test(test_checkin_ip_not_string),
		cmocka_unit_test_setup_teardown(test_email_folded_local_part,
		    arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_idn_label_round_trip,
		    arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_website_unicode_space,
		    arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_postal_unicode_space,
		    arena_setup, arena_teardown),
		cmocka_unit_test(test_mime_long_words),
		cmocka_unit_test(test_mime_idn_address),
	};

	if (sodium_init() < 0)
		return (1);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}

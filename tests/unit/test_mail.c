/*
 * test_mail.c - e-mail: MIME and RFC 2047 header encoding, the retry
 * back-off, and the outbox's claim/lease logic on SQLite and PostgreSQL
 * (the PostgreSQL group runs when STEWARD_TEST_PG_URL is set).
 */
#include "testutil.h"

#include "app/outbox.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/page.h"
#include "core/log.h"
#include "core/mime.h"
#include "store/store.h"

/* ---- MIME ------------------------------------------------------------- */

/* Decode the encoded words of a header line (the part after "Name: "). */
static void
decode_words(const char *v, struct buf *out)
{
	const char	*p = v, *q, *end;
	unsigned char	 bin[256];
	size_t		 len;

	while ((q = strstr(p, "=?UTF-8?B?")) != NULL) {
		q += 10;
		end = strstr(q, "?=");
		assert_non_null(end);
		assert_int_equal(sodium_base642bin(bin, sizeof(bin), q,
		    (size_t)(end - q), NULL, &len, NULL,
		    sodium_base64_VARIANT_ORIGINAL), 0);
		/* Every word holds whole characters: valid UTF-8 alone. */
		buf_add(out, bin, len);
		p = end + 2;
	}
}

static void
assert_lines_short(const char *s, size_t max)
{
	const char	*p = s, *nl;

	while ((nl = strstr(p, "\r\n")) != NULL) {
		if ((size_t)(nl - p) > max)
			fail_msg("line longer than %zu: %.*s", max,
			    (int)(nl - p), p);
		p = nl + 2;
	}
}

static void
test_header_ascii(void **state)
{
	struct buf	b = BUF_INIT;

	(void)state;
	mime_header(&b, "Subject", "Segment discount approved: Test");
	assert_string_equal(b.data,
	    "Subject: Segment discount approved: Test\r\n");
	buf_reset(&b);
	/* CR and LF from user data can never start a new header. */
	mime_header(&b, "Subject", "Hello\r\nBcc: victim@example.com");
	assert_string_equal(b.data,
	    "Subject: Hello  Bcc: victim@example.com\r\n");
	buf_reset(&b);
	/* Long ASCII text is folded at spaces. */
	mime_header(&b, "Subject", "word word word word word word word word "
	    "word word word word word word word word word word word word");
	assert_lines_short(b.data, 78);
	assert_non_null(strstr(b.data, "\r\n word"));
	buf_reset(&b);
	/* Text that looks like an encoded word is encoded itself. */
	mime_header(&b, "Subject", "=?UTF-8?B?AAAA?=");
	assert_non_null(strstr(b.data, "=?UTF-8?B?PT9VVEYtOD9CP0FBQUE/PQ==?="));
	buf_free(&b);
}

static void
test_header_japanese(void **state)
{
	struct buf	 b = BUF_INIT, d = BUF_INIT;
	const char	*subject = "セグメント割引の申請を受け付けました："
	    "株式会社さくら精機 北海道ファーム株式会社 教育機関";

	(void)state;
	mime_header(&b, "Subject", subject);
	assert_true(strncmp(b.data, "Subject: =?UTF-8?B?", 19) == 0);
	assert_lines_short(b.data, 76);
	for (size_t i = 0; i < b.len; i++)
		assert_true((unsigned char)b.data[i] < 0x80);
	/* Several words, each on its own folded line. */
	assert_non_null(strstr(b.data, "?=\r\n =?UTF-8?B?"));
	decode_words(b.data, &d);
	assert_string_equal(d.data, subject);
	buf_free(&b);
	buf_free(&d);
}

static void
test_header_mailbox(void **state)
{
	struct buf	b = BUF_INIT, d = BUF_INIT;
	struct mailbox	mb;

	(void)state;
	mb.name = "Alex Morgan";
	mb.addr = "admin@northwind.example";
	mime_header_mailbox(&b, "To", &mb);
	assert_string_equal(b.data, "To: Alex Morgan <admin@northwind.example>"
	    "\r\n");
	buf_reset(&b);
	mb.name = "Morgan, Alex \"AM\"";
	mime_header_mailbox(&b, "To", &mb);
	assert_string_equal(b.data, "To: \"Morgan, Alex \\\"AM\\\"\" "
	    "<admin@northwind.example>\r\n");
	buf_reset(&b);
	mb.name = "田中 健";
	mb.addr = "tanaka@northwind.example";
	mime_header_mailbox(&b, "To", &mb);
	assert_string_equal(b.data, "To: =?UTF-8?B?55Sw5LitIOWBpQ==?=\r\n"
	    " <tanaka@northwind.example>\r\n");
	decode_words(b.data, &d);
	assert_string_equal(d.data, "田中 健");
	buf_reset(&b);
	mb.name = "";
	mime_header_mailbox(&b, "From", &mb);
	assert_string_equal(b.data, "From: tanaka@northwind.example\r\n");
	buf_free(&b);
	buf_free(&d);
}

static void
test_date_and_mailbox_parse(void **state)
{
	struct arena	a;
	struct mailbox	mb;
	char		d[40];

	(void)state;
	mime_date(0, d);
	assert_string_equal(d, "Thu, 01 Jan 1970 00:00:00 +0000");
	mime_date(1736521200, d);
	assert_string_equal(d, "Fri, 10 Jan 2025 15:00:00 +0000");
	arena_init(&a, 0);
	assert_true(mime_parse_mailbox(&a, "steward@hub.example", &mb));
	assert_string_equal(mb.addr, "steward@hub.example");
	assert_string_equal(mb.name, "");
	assert_true(mime_parse_mailbox(&a, "Steward Hub <steward@hub.example>",
	    &mb));
	assert_string_equal(mb.name, "Steward Hub");
	assert_string_equal(mb.addr, "steward@hub.example");
	assert_true(mime_parse_mailbox(&a, "\"Hub, Inc.\" <a@b.example>", &mb));
	assert_string_equal(mb.name, "Hub, Inc.");
	assert_false(mime_parse_mailbox(&a, "not an address", &mb));
	assert_false(mime_parse_mailbox(&a, "a@b@c", &mb));
	assert_false(mime_parse_mailbox(&a, "Name <a@b.example", &mb));
	assert_false(mime_parse_mailbox(&a, "<@b.example>", &mb));
	assert_false(mime_parse_mailbox(&a, "a@b.example\r\nBcc: x@y", &mb));
	assert_string_equal(mime_domain("a@b.example"), "b.example");
	arena_free(&a);
}

static void
test_message(void **state)
{
	struct mime_msg	 m;
	struct buf	 b = BUF_INIT;
	unsigned char	 bin[512];
	const char	*p, *q;
	size_t		 len;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.from.name = "Steward";
	m.from.addr = "steward@hub.example";
	m.to.name = "田中 健";
	m.to.addr = "tanaka@northwind.example";
	m.subject = "セグメント割引が承認されました";
	m.message_id = "<abc123@hub.example>";
	m.date = 1736521200;
	m.text = "承認されました。\n25% 割引\n";
	m.html = "<p>承認されました。</p>";
	mime_message(&b, &m);
	assert_lines_short(b.data, 76);
	for (size_t i = 0; i < b.len; i++)
		assert_true((unsigned char)b.data[i] < 0x80);
	assert_non_null(strstr(b.data, "\r\nDate: Fri, 10 Jan 2025 15:00:00 "
	    "+0000\r\n"));
	assert_non_null(strstr(b.data, "\r\nMessage-ID: <abc123@hub.example>"
	    "\r\n"));
	assert_non_null(strstr(b.data, "\r\nMIME-Version: 1.0\r\n"));
	assert_non_null(strstr(b.data, "Content-Type: multipart/alternative;"
	    "\r\n boundary=\"=_steward_abc123\"\r\n"));
	assert_non_null(strstr(b.data, "--=_steward_abc123\r\nContent-Type: "
	    "text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64"
	    "\r\n\r\n"));
	assert_non_null(strstr(b.data, "--=_steward_abc123\r\nContent-Type: "
	    "text/html; charset=UTF-8\r\n"));
	assert_non_null(strstr(b.data, "\r\n--=_steward_abc123--\r\n"));
	/* The text part decodes to the UTF-8 text. */
	p = strstr(b.data, "base64\r\n\r\n") + 10;
	q = strstr(p, "\r\n\r\n");
	assert_int_equal(sodium_base642bin(bin, sizeof(bin), p, (size_t)(q - p),
	    "\r\n", &len, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
	bin[len] = '\0';
	assert_string_equal((char *)bin, m.text);
	buf_free(&b);
}

static void
test_backoff(void **state)
{
	(void)state;
	assert_int_equal(outbox_backoff(60, 1), 60);
	assert_int_equal(outbox_backoff(60, 2), 120);
	assert_int_equal(outbox_backoff(60, 3), 240);
	assert_int_equal(outbox_backoff(60, 7), 3600);
	assert_int_equal(outbox_backoff(60, 1000), 3600);
	assert_int_equal(outbox_backoff(0, 1), 1);
}

/* ---- the outbox on both engines ----------------------------------------- */

struct fixture {
	struct test_db	 db;
	struct store	*st;
	struct arena	 a;
	struct err	 e;
	char		*op;
};

static int
setup(void **state, int pg)
{
	struct fixture	*f;
	int		 applied;

	f = calloc(1, sizeof(*f));
	test_db_new(&f->db, pg);
	arena_init(&f->a, 0);
	err_clear(&f->e);
	if (store_open(f->db.url, true, &f->st, &f->e) != ST_OK)
		fail_msg("store_open %s: %s", f->db.url, f->e.internal);
	if (store_migrate(f->st, &applied, &f->e) != ST_OK)
		fail_msg("migrate: %s", f->e.internal);
	if (store_account_create(f->st, &f->a, "operator", "Operator", "", 1,
	    &f->op, &f->e) != ST_OK)
		fail_msg("operator: %s", f->e.internal);
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

static void
enqueue(struct fixture *f, const char *rcpt, int64_t now)
{
	struct mail_message	m;

	memset(&m, 0, sizeof(m));
	m.kind = "test";
	m.recipient = rcpt;
	m.language = "en";
	m.subject = "s";
	m.body_text = "t";
	m.body_html = "<p>t</p>";
	m.message_id = rcpt;
	assert_int_equal(store_mail_enqueue(f->st, NULL, &f->a, &m, now, NULL,
	    &f->e), ST_OK);
}

static size_t
claim(struct fixture *f, const char *owner, int64_t now, size_t max,
    struct mail_message **out)
{
	struct mail_message	*tmp;
	size_t			 n;

	assert_int_equal(store_mail_claim(f->st, &f->a, owner, now,
	    now + OUTBOX_LEASE_S, max, out ? out : &tmp, &n, &f->e), ST_OK);
	return (n);
}

static void
test_claim_once(void **state)
{
	struct fixture		*f = *state;
	struct mail_message	*a, *b;

	enqueue(f, "one@example.com", 1000);
	enqueue(f, "two@example.com", 1000);
	enqueue(f, "three@example.com", 1000);
	/* Not due yet. */
	assert_int_equal(claim(f, "A", 999, 10, NULL), 0);
	/* Two senders share the work: nothing is claimed twice. */
	assert_int_equal(claim(f, "A", 1000, 2, &a), 2);
	assert_int_equal(claim(f, "B", 1000, 10, &b), 1);
	assert_int_equal(claim(f, "C", 1000, 10, NULL), 0);
	assert_string_equal(a[0].recipient, "one@example.com");
	assert_string_equal(a[1].recipient, "two@example.com");
	assert_string_equal(b[0].recipient, "three@example.com");
	assert_int_equal(a[0].attempts, 1);
	assert_string_equal(a[0].status, "sending");

	/* Only the lease holder records the outcome. */
	assert_int_equal(store_mail_sent(f->st, a[0].id, "B", 1001, &f->e),
	    ST_CONFLICT);
	err_clear(&f->e);
	assert_int_equal(store_mail_sent(f->st, a[0].id, "A", 1001, &f->e),
	    ST_OK);
	/* Sent is final: it is never claimed or settled again. */
	assert_int_equal(store_mail_sent(f->st, a[0].id, "A", 1002, &f->e),
	    ST_CONFLICT);
	err_clear(&f->e);
	assert_int_equal(claim(f, "D", 1000 + OUTBOX_LEASE_S * 10, 10, NULL),
	    2);	/* the other two, whose leases ran out long ago */

	/* A temporary failure waits for its time, then counts an attempt. */
	assert_int_equal(store_mail_retry(f->st, a[1].id, "A", 2000,
	    "connection refused", &f->e), ST_CONFLICT);	/* D holds it now */
	err_clear(&f->e);
	assert_int_equal(store_mail_sent(f->st, b[0].id, "B", 1003, &f->e),
	    ST_CONFLICT);	/* B's lease ran out: D's turn */
	err_clear(&f->e);
}

static void
test_retry_fail_overview(void **state)
{
	struct fixture		*f = *state;
	struct mail_message	*a, *list;
	struct mail_counts	 c;
	struct page		 pg;
	size_t			 n;
	char			*cursor;

	enqueue(f, "one@example.com", 1000);
	enqueue(f, "two@example.com", 1000);
	enqueue(f, "three@example.com", 1000);
	assert_int_equal(claim(f, "A", 1000, 10, &a), 3);
	assert_int_equal(store_mail_retry(f->st, a[0].id, "A", 1060,
	    "Couldn't connect to server", &f->e), ST_OK);
	assert_int_equal(store_mail_failed(f->st, a[1].id, "A", 1001,
	    "RCPT failed: 550", &f->e), ST_OK);
	assert_int_equal(store_mail_sent(f->st, a[2].id, "A", 1001, &f->e),
	    ST_OK);
	assert_int_equal(claim(f, "B", 1059, 10, NULL), 0);
	assert_int_equal(claim(f, "B", 1060, 10, &a), 1);
	assert_string_equal(a[0].recipient, "one@example.com");
	assert_int_equal(a[0].attempts, 2);
	assert_string_equal(a[0].last_error, "Couldn't connect to server");

	page_first(&pg, 10);
	assert_int_equal(store_mail_overview(f->st, f->op, &f->a, &pg, &c,
	    &list, &n, &f->e), ST_OK);
	assert_int_equal(c.waiting, 1);
	assert_int_equal(c.sent, 1);
	assert_int_equal(c.failed, 1);
	assert_int_equal(c.oldest_waiting, 1000);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].status, "failed");	/* failures first */
	assert_string_equal(list[0].last_error, "RCPT failed: 550");
	assert_int_equal(list[0].failed_at, 1001);
	/* A page at a time, in the same order (failed first, then newest). */
	page_first(&pg, 1);
	assert_int_equal(store_mail_overview(f->st, f->op, &f->a, &pg, &c,
	    &list, &n, &f->e), ST_OK);
	assert_int_equal(n, 1);
	assert_true(pg.more);
	assert_string_equal(list[0].status, "failed");
	cursor = page_cursor(&pg, &f->a);
	page_first(&pg, 1);
	assert_true(page_cursor_parse(&pg, &f->a, cursor, 3));
	assert_int_equal(store_mail_overview(f->st, f->op, &f->a, &pg, &c,
	    &list, &n, &f->e), ST_OK);
	assert_int_equal(n, 1);
	assert_false(pg.more);
	assert_string_equal(list[0].recipient, "one@example.com");
	page_first(&pg, 10);
	assert_int_equal(store_mail_overview(f->st, f->op, &f->a, &pg, &c,
	    &list, &n, &f->e), ST_OK);

	/* Queued again by the operator: due at once. */
	assert_int_equal(store_mail_requeue(f->st, f->op, list[0].id, 1100,
	    &f->e), ST_OK);
	assert_int_equal(store_mail_requeue(f->st, f->op, list[0].id, 1100,
	    &f->e), ST_CONFLICT);
	err_clear(&f->e);
	assert_int_equal(claim(f, "C", 1100, 10, &a), 1);
	assert_string_equal(a[0].recipient, "two@example.com");
	/* The overview is the operator's only: another id sees nothing. */
	assert_int_equal(store_mail_requeue(f->st, "acc_notanoperator00",
	    list[0].id, 1100, &f->e), ST_NOT_FOUND);
	err_clear(&f->e);
}

#define T(fn, s)	cmocka_unit_test_setup_teardown(fn, s, teardown)
#define ALL(s) \
	T(test_claim_once, s), \
	T(test_retry_fail_overview, s)

int
main(void)
{
	const struct CMUnitTest mime_tests[] = {
		cmocka_unit_test(test_header_ascii),
		cmocka_unit_test(test_header_japanese),
		cmocka_unit_test(test_header_mailbox),
		cmocka_unit_test(test_date_and_mailbox_parse),
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_backoff),
	};
	const struct CMUnitTest sqlite_tests[] = { ALL(setup_sqlite) };
	const struct CMUnitTest pg_tests[] = { ALL(setup_pg) };
	int	failed;

	rand_init();
	log_level_from_env();
	failed = cmocka_run_group_tests_name("mail/mime", mime_tests, NULL,
	    NULL);
	failed += cmocka_run_group_tests_name("mail/outbox/sqlite",
	    sqlite_tests, NULL, NULL);
	if (test_pg_available())
		failed += cmocka_run_group_tests_name("mail/outbox/postgresql",
		    pg_tests, NULL, NULL);
	else
		printf("mail/outbox/postgresql: skipped (STEWARD_TEST_PG_URL "
		    "not set)\n");
	return (failed);
}

/*
 * test_webhook.c - the pure parts of the webhook sender: the
 * Steward-Signature value against HMAC-SHA256 vectors computed
 * independently (Python's hmac module and `openssl dgst -hmac`), and the
 * retry back-off schedule (SPEC section 10: doubling up to an hour).
 */
#include "testutil.h"

#include "app/webhook.h"
#include "core/arena.h"

static void
test_signature_vectors(void **state)
{
	static const struct {
		const char	*secret;
		int64_t		 t;
		const char	*body;
		const char	*want;
	} v[] = {
		{ "stw_whs_test", 1700000000,
		    "{\"id\":\"evt_1\",\"type\":\"customer.created\"}",
		    "t=1700000000,v1=4547d62f12cfaf9ed0b0bfe82d5ddf4354397aa6"
		    "bd8557c6164972d12f19dd81" },
		{ "Jefe", 0, "",
		    "t=0,v1=813f643c8863ba9754215e64cdab172f2e96c1a413d77297"
		    "8aba7398cc864e55" },
		{ "key", 1, "The quick brown fox jumps over the lazy dog",
		    "t=1,v1=3ff4d3cc115b639a16dc5b217aa5c89be41d1e4b54efc356"
		    "d63d0cd2a65b30f1" },
		/* A secret as long as a real one (72 bytes: longer than
		 * SHA-256's block, so HMAC hashes it first) and UTF-8. */
		{ "stw_whs_0123456789abcdef0123456789abcdef0123456789abcdef"
		    "0123456789abcdef", 1765000000,
		    "{\"id\":\"evt_2\",\"data\":{\"company\":\"\xe3\x83\x8e"
		    "\xe3\x83\xbc\xe3\x82\xb9\xe3\x82\xa6\xe3\x82\xa3\xe3\x83"
		    "\xb3\xe3\x83\x89\"}}",
		    "t=1765000000,v1=5878eed88bb9ae519741bfcfe23023dab7b6c08b"
		    "20c060b119c4dc8a34d670fa" },
	};
	struct arena	a;
	size_t		i;

	(void)state;
	arena_init(&a, 0);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		assert_string_equal(webhook_signature(&a, v[i].secret, v[i].t,
		    v[i].body), v[i].want);
	/* Another secret, time or body gives another signature. */
	assert_string_not_equal(webhook_signature(&a, "stw_whs_tesu",
	    1700000000, v[0].body), v[0].want);
	assert_string_not_equal(webhook_signature(&a, v[0].secret,
	    1700000001, v[0].body), v[0].want);
	arena_free(&a);
}

static void
test_backoff_schedule(void **state)
{
	/* The default (30 s): the wait after each of the nine failed tries
	 * that are followed by another (the tenth fails the delivery). */
	static const int64_t want[] = { 30, 60, 120, 240, 480, 960, 1920,
	    3600, 3600 };
	long long	i;

	(void)state;
	for (i = 1; i <= WEBHOOK_ATTEMPTS_MAX - 1; i++)
		assert_int_equal(webhook_backoff(30, i), want[i - 1]);
	/* Never more than an hour, however many tries. */
	assert_int_equal(webhook_backoff(30, 1000), WEBHOOK_RETRY_MAX_S);
	assert_int_equal(webhook_backoff(3600, 1), 3600);
	assert_int_equal(webhook_backoff(5000, 1), WEBHOOK_RETRY_MAX_S);
	/* The tests' 1 s: 1, 2, 4, ... */
	assert_int_equal(webhook_backoff(1, 1), 1);
	assert_int_equal(webhook_backoff(1, 4), 8);
	assert_int_equal(webhook_backoff(1, 12), 2048);
	assert_int_equal(webhook_backoff(1, 13), WEBHOOK_RETRY_MAX_S);
	/* A setting of 0 or less waits a second. */
	assert_int_equal(webhook_backoff(0, 1), 1);
	assert_int_equal(webhook_backoff(-5, 2), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signature_vectors),
		cmocka_unit_test(test_backoff_schedule),
	};

	if (sodium_init() < 0)
		return (1);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}

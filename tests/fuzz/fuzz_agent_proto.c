/*
 * fuzz_agent_proto.c - the agent's side of the protocol
 * (agent/agent_proto.c): reading the hub's answers and error bodies.
 *
 * Input: any bytes as a hub answer body. Checks:
 *  - proto_checkin_answer() succeeds exactly on an object whose members
 *    have the right types, and what it reads agrees with the document
 *    (policy version, policy object, interval, the three commands);
 *  - proto_enroll_answer() copies a device id and secret that fit their
 *    buffers, terminated, and equal to the document's strings;
 *  - proto_error() and proto_clean_text() always give terminated valid
 *    UTF-8 without control characters, within the buffer;
 *  - a threat built from the text (proto_threat) holds only clean text.
 */
#include "fuzz.h"

#include <sodium.h>

#include "agent/agent_proto.h"
#include "core/text.h"

FUZZ_SETUP(if (sodium_init() < 0) abort())

static void
check_clean(const char *s, size_t cap)
{
	size_t	len = strlen(s);

	FUZZ_CHECK(len < cap || (cap == 0 && len == 0));
	FUZZ_CHECK(utf8_valid(s, len));
	FUZZ_CHECK(!text_has_control(s, len, false));
}

/* Whether the document is an answer proto_checkin_answer must take. */
static bool
well_typed(json_t *v)
{
	json_t	*m;

	if (!json_is_object(v))
		return (false);
	m = json_object_get(v, "policy_version");
	if (m != NULL && !json_is_null(m) && !json_is_string(m))
		return (false);
	m = json_object_get(v, "policy");
	if (m != NULL && !json_is_null(m) && !json_is_object(m))
		return (false);
	m = json_object_get(v, "checkin_seconds");
	if (m != NULL && !json_is_integer(m))
		return (false);
	m = json_object_get(v, "commands");
	return (m == NULL || json_is_array(m));
}

static bool
has_command(json_t *v, const char *type)
{
	json_t		*c;
	const char	*t;
	size_t		 i;

	json_array_foreach(json_object_get(v, "commands"), i, c)
		if ((t = json_string_value(json_object_get(c, "type"))) !=
		    NULL && strcmp(t, type) == 0)
			return (true);
	return (false);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct checkin_answer	 ans;
	json_t			*v, *t;
	char			*body, id[64], secret[128], code[32], msg[96];
	char			 clean[48];
	long			 secs;
	int			 rc;

	body = fuzz_str(data, size);
	proto_error(body, code, sizeof(code), msg, sizeof(msg));
	check_clean(code, sizeof(code));
	check_clean(msg, sizeof(msg));
	proto_clean_text(body, clean, sizeof(clean));
	check_clean(clean, sizeof(clean));
	FUZZ_CHECK(strlen(body) > 0 || clean[0] == '\0');
	t = proto_threat(body, body, "reported", 1700000000);
	FUZZ_CHECK(t != NULL);
	check_clean(json_string_value(json_object_get(t, "name")), 4096 * 4);
	json_decref(t);
	v = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
	if (v != NULL) {
		rc = proto_checkin_answer(v, &ans);
		FUZZ_CHECK((rc == 0) == well_typed(v));
		if (rc == 0) {
			FUZZ_CHECK(ans.policy_version == json_string_value(
			    json_object_get(v, "policy_version")));
			FUZZ_CHECK(ans.policy == NULL ||
			    ans.policy == json_object_get(v, "policy"));
			FUZZ_CHECK(ans.uninstall ==
			    has_command(v, "uninstall"));
			FUZZ_CHECK(ans.scan_now == has_command(v, "scan_now"));
			FUZZ_CHECK(ans.update_policy ==
			    has_command(v, "update_policy"));
		}
		memset(id, 'x', sizeof(id));
		memset(secret, 'x', sizeof(secret));
		if (proto_enroll_answer(v, id, sizeof(id), secret,
		    sizeof(secret), &secs) == 0) {
			FUZZ_CHECK(memchr(id, '\0', sizeof(id)) != NULL &&
			    memchr(secret, '\0', sizeof(secret)) != NULL);
			FUZZ_CHECK(*id != '\0' && *secret != '\0');
			FUZZ_CHECK(strcmp(id, json_string_value(
			    json_object_get(v, "device_id"))) == 0);
			FUZZ_CHECK(strcmp(secret, json_string_value(
			    json_object_get(v, "device_secret"))) == 0);
		}
		json_decref(v);
	}
	free(body);
	return (0);
}

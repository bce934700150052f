/*
 * agent_proto.c - see agent_proto.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "agent/agent_proto.h"
#include "agent/agent_version.h"
#include "core/dates.h"

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t
utf8_len(const unsigned char *s)
{
	size_t	n, i;
	unsigned c = s[0];

	if (c < 0x80)
		return (1);
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return (0);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return (0);
	}
	if (c == 0xe0 && s[1] < 0xa0)
		return (0);	/* overlong */
	if (c == 0xed && s[1] >= 0xa0)
		return (0);	/* surrogates */
	if (c == 0xf0 && s[1] < 0x90)
		return (0);
	if (c == 0xf4 && s[1] >= 0x90)
		return (0);
	return (n);
}

void
proto_clean_text(const char *in, char *out, size_t len)
{
	const unsigned char	*p = (const unsigned char *)in;
	size_t			 o = 0, n;

	if (len == 0)
		return;
	while (*p != '\0' && o + 1 < len) {
		n = utf8_len(p);
		if (n == 0 || (n == 1 && (*p < 0x20 || *p == 0x7f))) {
			out[o++] = '?';
			p++;
			continue;
		}
		if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0) {
			out[o++] = '?';		/* C1 controls */
			p += 2;
			continue;
		}
		if (n == 3 && p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 ||
		    p[2] == 0xa9)) {
			out[o++] = '?';		/* U+2028, U+2029 */
			p += 3;
			continue;
		}
		if (o + n >= len)
			break;
		memcpy(out + o, p, n);
		o += n;
		p += n;
	}
	out[o] = '\0';
}

json_t *
proto_threat(const char *name, const char *path, const char *action,
    int64_t detected_at)
{
	char	n[201], p[4097], iso[21];

	proto_clean_text(name, n, sizeof(n));
	proto_clean_text(path, p, sizeof(p));
	time_iso(detected_at, iso);
	return (json_pack("{s:s, s:s, s:s, s:s}", "name", n, "path", p,
	    "action", action, "detected_at", iso));
}

json_t *
proto_enroll_body(const char *token, const char *hardware_id,
    const char *hostname, const char *platform, const char *os)
{
	char	h[256], o[201];

	proto_clean_text(hostname, h, sizeof(h));
	proto_clean_text(os, o, sizeof(o));
	return (json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "token", token,
	    "hardware_id", hardware_id, "hostname", h, "platform", platform,
	    "os", o, "agent_version", AGENT_VERSION));
}

json_t *
proto_checkin_body(const char *policy_version, bool protection,
    int64_t definitions_at, const json_t *pending, json_t *host,
    json_t **sent)
{
	json_t	*body, *state, *threats, *t;
	char	 iso[21];
	size_t	 i;

	threats = json_array();
	json_array_foreach(pending, i, t) {
		if (i >= PROTO_THREATS_MAX)
			break;
		json_array_append(threats, t);
	}
	state = json_object();
	json_object_set_new(state, "protection",
	    json_string(protection ? "on" : "off"));
	if (definitions_at > 0) {
		time_iso(definitions_at, iso);
		json_object_set_new(state, "definitions_updated_at",
		    json_string(iso));
	} else
		json_object_set_new(state, "definitions_updated_at",
		    json_null());
	json_object_set(state, "threats", threats);
	body = json_object();
	json_object_set_new(body, "policy_version",
	    policy_version != NULL && *policy_version != '\0' ?
	    json_string(policy_version) : json_null());
	json_object_set_new(body, "state", state);
	if (host != NULL)
		json_object_set_new(body, "host", host);
	if (sent != NULL)
		*sent = threats;
	else
		json_decref(threats);
	return (body);
}

int
proto_checkin_answer(json_t *ans, struct checkin_answer *out)
{
	json_t		*v, *cmds, *c;
	const char	*type;
	size_t		 i;

	memset(out, 0, sizeof(*out));
	if (!json_is_object(ans))
		return (-1);
	v = json_object_get(ans, "policy_version");
	if (v != NULL && !json_is_null(v) && !json_is_string(v))
		return (-1);
	out->policy_version = json_string_value(v);
	v = json_object_get(ans, "policy");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_object(v))
			return (-1);
		out->policy = v;
	}
	v = json_object_get(ans, "checkin_seconds");
	if (v != NULL) {
		if (!json_is_integer(v))
			return (-1);
		out->checkin_seconds = (long)json_integer_value(v);
	}
	cmds = json_object_get(ans, "commands");
	if (cmds != NULL && !json_is_array(cmds))
		return (-1);
	json_array_foreach(cmds, i, c) {
		if ((type = json_string_value(json_object_get(c, "type"))) ==
		    NULL)
			continue;
		if (strcmp(type, "uninstall") == 0)
			out->uninstall = true;
		else if (strcmp(type, "scan_now") == 0)
			out->scan_now = true;
		else if (strcmp(type, "update_policy") == 0)
			out->update_policy = true;
	}
	return (0);
}

int
proto_enroll_answer(json_t *ans, char *device_id, size_t idlen, char *secret,
    size_t secretlen, long *checkin_seconds)
{
	const char	*id, *s;

	id = json_string_value(json_object_get(ans, "device_id"));
	s = json_string_value(json_object_get(ans, "device_secret"));
	*checkin_seconds = (long)json_integer_value(json_object_get(ans,
	    "checkin_seconds"));
	if (id == NULL || s == NULL || *id == '\0' || *s == '\0' ||
	    strlen(id) >= idlen || strlen(s) >= secretlen)
		return (-1);
	memcpy(device_id, id, strlen(id) + 1);
	memcpy(secret, s, strlen(s) + 1);
	return (0);
}

void
proto_error(const char *body, char *code, size_t codelen, char *msg,
    size_t msglen)
{
	json_t		*v, *e;
	const char	*c, *m;

	code[0] = msg[0] = '\0';
	if ((v = json_loads(body, 0, NULL)) == NULL)
		return;
	e = json_object_get(v, "error");
	c = json_string_value(json_object_get(e, "code"));
	m = json_string_value(json_object_get(e, "message"));
	if (c != NULL)
		proto_clean_text(c, code, codelen);
	if (m != NULL)
		proto_clean_text(m, msg, msglen);
	json_decref(v);
}

void
proto_wipe_member(json_t *o, const char *key)
{
	json_t	*s = json_object_get(o, key);

	if (json_is_string(s))
		sodium_memzero((char *)(uintptr_t)json_string_value(s),
		    json_string_length(s));
}

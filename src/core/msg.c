/*
 * msg.c - message catalogue rendering; see msg.h.
 */
#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/msg.h"

struct msg_entry {
	enum msg_arg	 kind;
	const char	*fmt[2];
};

#define MSG_ENTRY(id, k, en, ja)	[id] = { k, { en, ja } },
static const struct msg_entry	catalogue[M__COUNT] = { MSG_LIST(MSG_ENTRY) };
#undef MSG_ENTRY

int
lang_parse(const char *s)
{
	if (s == NULL)
		return (-1);
	if (strcmp(s, "en") == 0)
		return (LANG_EN);
	if (strcmp(s, "ja") == 0)
		return (LANG_JA);
	return (-1);
}

const char *
lang_code(enum lang l)
{
	return (l == LANG_JA ? "ja" : "en");
}

enum lang
lang_from_accept(const char *h)
{
	const char	*p;

	/*
	 * Take the first language range that we support, in header order;
	 * quality values are rarely used to reorder in practice and the
	 * browsers we care about send them in descending order.
	 */
	if (h == NULL)
		return (LANG_EN);
	for (p = h; *p != '\0';) {
		while (*p == ' ' || *p == ',')
			p++;
		if (strncasecmp(p, "ja", 2) == 0 &&
		    (p[2] == '\0' || p[2] == '-' || p[2] == ';' || p[2] == ','))
			return (LANG_JA);
		if (strncasecmp(p, "en", 2) == 0 &&
		    (p[2] == '\0' || p[2] == '-' || p[2] == ';' || p[2] == ','))
			return (LANG_EN);
		while (*p != '\0' && *p != ',')
			p++;
	}
	return (LANG_EN);
}

enum msg_arg
msg_argkind(enum msg_id id)
{
	assert(id < M__COUNT);
	return (catalogue[id].kind);
}

void
msg_render(char *out, size_t outlen, enum lang l, enum msg_id id,
    long long n, const char *s)
{
	const struct msg_entry	*m;
	const char		*fmt;

	assert(outlen > 0);
	if ((unsigned)id >= M__COUNT)
		id = M_INTERNAL;
	m = &catalogue[id];
	fmt = m->fmt[l == LANG_JA ? 1 : 0];
	switch (m->kind) {
	case MA_INT:
		snprintf(out, outlen, fmt, n);
		break;
	case MA_STR:
		snprintf(out, outlen, fmt, s != NULL ? s : "");
		break;
	case MA_NONE:
	default:
		snprintf(out, outlen, "%s", fmt);
		break;
	}
}

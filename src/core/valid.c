/*
 * valid.c - input validation; see valid.h.
 */
#include <stdlib.h>
#include <string.h>

#include <idn2.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/text.h"
#include "core/valid.h"

int
valid_text(struct arena *a, struct err *e, const char *field, const char *in,
    bool required, size_t max_chars, char **out)
{
	char	*t;
	size_t	 len;

	*out = arena_strdup(a, "");
	if (in == NULL) {
		if (required)
			return (err_field(e, field, M_REQUIRED));
		return (ST_OK);
	}
	len = strlen(in);
	if (!utf8_valid(in, len))
		return (err_field(e, field, M_BAD_UTF8));
	if (text_has_control(in, len, false))
		return (err_field(e, field, M_CONTROL_CHARS));
	t = text_trim(a, in);
	if (*t == '\0') {
		if (required)
			return (err_field(e, field, len ? M_BLANK : M_REQUIRED));
		return (ST_OK);
	}
	if (utf8_chars(t, strlen(t)) > max_chars)
		return (err_fieldn(e, field, M_TOO_LONG, (long long)max_chars));
	*out = t;
	return (ST_OK);
}

/* RFC 5322 atext, plus any non-ASCII UTF-8 byte (RFC 6531). */
static bool
atext(unsigned char c)
{
	if (c >= 0x80)
		return (true);
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return (true);
	return (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

static bool
local_part_ok(const char *s, size_t len)
{
	size_t	i;

	if (len == 0 || len > 64)
		return (false);
	if (s[0] == '.' || s[len - 1] == '.')
		return (false);
	for (i = 0; i < len; i++) {
		if (s[i] == '.') {
			if (s[i + 1] == '.')
				return (false);
			continue;
		}
		if (!atext((unsigned char)s[i]))
			return (false);
	}
	return (true);
}

/* An ASCII (A-label) host name with at least two labels. */
static bool
ascii_domain_ok(const char *d)
{
	const char	*label, *p;
	size_t		 n, labels = 0;
	bool		 alpha_tld;

	if (strlen(d) > 253)
		return (false);
	label = d;
	for (;;) {
		p = strchr(label, '.');
		n = p ? (size_t)(p - label) : strlen(label);
		if (n == 0 || n > 63)
			return (false);
		if (label[0] == '-' || label[n - 1] == '-')
			return (false);
		alpha_tld = true;
		for (size_t i = 0; i < n; i++) {
			char c = label[i];
			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			    c == '-'))
				return (false);
			if (!(c >= 'a' && c <= 'z'))
				alpha_tld = false;
		}
		labels++;
		if (p == NULL) {
			/* The top-level label is letters or an IDN A-label. */
			if (!alpha_tld && strncmp(label, "xn--", 4) != 0)
				return (false);
			if (n < 2)
				return (false);
			break;
		}
		label = p + 1;
	}
	return (labels >= 2);
}

/* Domain to (ascii, unicode) forms; false when it is not a valid host. */
static bool
domain_forms(struct arena *a, const char *dom, char **ascii, char **uni)
{
	char	*asc = NULL, *u = NULL;
	char	*lower;
	int	 rc;

	lower = text_lower_ascii(a, dom);
	rc = idn2_to_ascii_8z(lower, &asc, IDN2_NONTRANSITIONAL |
	    IDN2_NFC_INPUT);
	if (rc != IDN2_OK)
		return (false);
	if (!ascii_domain_ok(asc)) {
		idn2_free(asc);
		return (false);
	}
	*ascii = arena_strdup(a, asc);
	rc = idn2_to_unicode_8z8z(asc, &u, 0);
	idn2_free(asc);
	if (rc != IDN2_OK)
		return (false);
	*uni = arena_strdup(a, u);
	idn2_free(u);
	return (true);
}

int
valid_email(struct arena *a, struct err *e, const char *field, const char *in,
    char **out, char **norm)
{
	char		*t, *at, *local, *ascii, *uni, *flocal;
	size_t		 llen;

	*out = NULL;
	*norm = NULL;
	if (valid_text(a, e, field, in, true, EMAIL_MAX, &t) != ST_OK)
		return (ST_INVALID);
	at = strrchr(t, '@');
	if (at == NULL || at == t || at[1] == '\0')
		return (err_field(e, field, M_EMAIL_INVALID));
	llen = (size_t)(at - t);
	if (!local_part_ok(t, llen) || strchr(at + 1, '@') != NULL)
		return (err_field(e, field, M_EMAIL_INVALID));
	if (!domain_forms(a, at + 1, &ascii, &uni))
		return (err_field(e, field, M_EMAIL_INVALID));
	local = arena_strndup(a, t, llen);
	if (strlen(local) + 1 + strlen(ascii) > EMAIL_MAX)
		return (err_field(e, field, M_EMAIL_INVALID));
	flocal = text_fold(a, local);
	if (flocal == NULL)
		return (err_field(e, field, M_EMAIL_INVALID));
	*out = arena_printf(a, "%s@%s", local, uni);
	*norm = arena_printf(a, "%s@%s", flocal, ascii);
	return (ST_OK);
}

char *
email_norm(struct arena *a, const char *email)
{
	struct err	 e;
	char		*out, *norm;

	err_clear(&e);
	if (valid_email(a, &e, "email", email, &out, &norm) != ST_OK)
		return (NULL);
	return (norm);
}

int
valid_enum(struct arena *a, struct err *e, const char *field, const char *in,
    const char *const *allowed)
{
	struct buf	 list = BUF_INIT;
	size_t		 i;
	char		*s;

	for (i = 0; in != NULL && allowed[i] != NULL; i++)
		if (strcmp(in, allowed[i]) == 0)
			return (ST_OK);
	for (i = 0; allowed[i] != NULL; i++) {
		if (i > 0)
			buf_adds(&list, ", ");
		buf_adds(&list, allowed[i]);
	}
	s = buf_to_arena(&list, a);
	if (in == NULL)
		return (err_field(e, field, M_REQUIRED));
	return (err_fields(e, field, M_ONE_OF, s));
}

/*
 * valid.c - input validation; see valid.h.
 */
#include <pthread.h>
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <idn2.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/country.h"
#include "core/err.h"
#include "core/phone.h"
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
	if (text_has_control(in, len, false) ||
	    text_has_bidi_control(in, len))
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
	/* Without an A-label ("xn--") the Unicode form is the ASCII one, and
	 * IDNA gives that back as it is. */
	if (strstr(asc, "xn--") == NULL) {
		idn2_free(asc);
		*uni = *ascii;
		return (true);
	}
	rc = idn2_to_unicode_8z8z(asc, &u, 0);
	idn2_free(asc);
	if (rc != IDN2_OK)
		return (false);
	*uni = arena_strdup(a, u);
	idn2_free(u);
	/*
	 * The Unicode form must give the same A-label back: an "xn--" label
	 * that decodes to what IDNA does not allow would be stored as a host
	 * that is then refused.
	 */
	rc = idn2_to_ascii_8z(*uni, &asc, IDN2_NONTRANSITIONAL |
	    IDN2_NFC_INPUT);
	if (rc != IDN2_OK)
		return (false);
	rc = strcmp(asc, *ascii);
	idn2_free(asc);
	return (rc == 0);
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
	/*
	 * The comparison key's local part must be one too: NFKC turns
	 * "＠" into "@" and "．．" into "..".
	 */
	flocal = text_fold(a, local);
	if (flocal == NULL || !local_part_ok(flocal, strlen(flocal)))
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

int
valid_phone(struct arena *a, struct err *e, const char *field, const char *in,
    const char *region, char **e164)
{
	char	*t, out[48];

	*e164 = NULL;
	if (valid_text(a, e, field, in, true, 40, &t) != ST_OK)
		return (ST_INVALID);
	switch (phone_parse(t, region, out, sizeof(out), NULL, 0)) {
	case PHONE_OK:
		*e164 = arena_strdup(a, out);
		return (ST_OK);
	case PHONE_NEED_COUNTRY:
		return (err_field(e, field, M_PHONE_NEED_COUNTRY));
	case PHONE_UNPARSEABLE:
	case PHONE_INVALID:
	default:
		return (err_field(e, field, M_PHONE_INVALID));
	}
}

/*
 * Whether valid UTF-8 s holds white space of any kind (U+00A0, U+2000 to
 * U+200A, U+3000 and the rest) or a backslash: a URL has neither.
 */
static bool
has_space_or_backslash(const char *s)
{
	const uint8_t	*p = (const uint8_t *)s;
	ucs4_t		 c;
	int		 n;

	while (*p != '\0') {
		n = u8_mbtouc(&c, p, u8_strlen(p));
		if (c == '\\' || uc_is_property_white_space(c))
			return (true);
		p += n > 0 ? n : 1;
	}
	return (false);
}

int
valid_website(struct arena *a, struct err *e, const char *field,
    const char *in, char **out)
{
	CURLU		*u;
	char		*t, *scheme = NULL, *host = NULL, *port = NULL;
	char		*path = NULL, *query = NULL, *user = NULL, *ascii, *uni;
	struct buf	 b = BUF_INIT;
	int		 rc = ST_INVALID;

	*out = NULL;
	if (valid_text(a, e, field, in, true, 253, &t) != ST_OK)
		return (ST_INVALID);
	if (has_space_or_backslash(t))
		return (err_field(e, field, M_WEBSITE_INVALID));
	if ((u = curl_url()) == NULL)
		return (err_internal(e, "curl_url failed"));
	if (curl_url_set(u, CURLUPART_URL, t, CURLU_DEFAULT_SCHEME) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) ||
	    curl_url_get(u, CURLUPART_HOST, &host, CURLU_URLDECODE) !=
	    CURLUE_OK || host[0] == '[' ||
	    curl_url_get(u, CURLUPART_USER, &user, 0) != CURLUE_NO_USER ||
	    !domain_forms(a, host, &ascii, &uni))
		goto bad;
	(void)curl_url_get(u, CURLUPART_PORT, &port, 0);
	(void)curl_url_get(u, CURLUPART_PATH, &path, 0);
	(void)curl_url_get(u, CURLUPART_QUERY, &query, 0);
	buf_printf(&b, "%s://%s", scheme, uni);
	if (port != NULL)
		buf_printf(&b, ":%s", port);
	if (path != NULL && strcmp(path, "/") != 0)
		buf_adds(&b, path);
	if (query != NULL && *query != '\0')
		buf_printf(&b, "?%s", query);
	if (utf8_chars(b.data, b.len) > 253) {
		buf_free(&b);
		rc = err_fieldn(e, field, M_TOO_LONG, 253);
		goto done;
	}
	*out = buf_to_arena(&b, a);
	rc = ST_OK;
	goto done;
bad:
	rc = err_field(e, field, M_WEBSITE_INVALID);
done:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_free(query);
	curl_free(user);
	curl_url_cleanup(u);
	return (rc);
}

int
valid_country(struct arena *a, struct err *e, const char *field,
    const char *in, char **out)
{
	char	*t;

	*out = NULL;
	if (valid_text(a, e, field, in, true, 2, &t) != ST_OK)
		return (ST_INVALID);
	t = text_upper_ascii(a, t);
	if (country_find(t) == NULL)
		return (err_field(e, field, M_COUNTRY_INVALID));
	*out = t;
	return (ST_OK);
}

/*
 * Known postal code formats: a POSIX extended regex over the code with
 * spaces and hyphens removed, and how to put the canonical separator back
 * (insert `sep` before the last `tail` characters; tail 0 = none).
 */
static const struct postal_format {
	const char	*country;
	const char	*re;
	char		 sep;
	int		 tail;
	const char	*example;
} postal_formats[] = {
	{ "JP", "^[0-9]{7}$", '-', 4, "100-0005" },
	{ "US", "^[0-9]{5}([0-9]{4})?$", 0, 0, "94103 or 94103-1234" },
	{ "GB", "^([A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}|GIR0AA)$", ' ', 3,
	    "SW1A 1AA" },
	{ "DE", "^[0-9]{5}$", 0, 0, "10115" },
	{ "FR", "^[0-9]{5}$", 0, 0, "75008" },
	{ "CA", "^[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z][0-9]"
	    "[ABCEGHJ-NPRSTV-Z][0-9]$", ' ', 3, "K1A 0B1" },
	{ "AU", "^[0-9]{4}$", 0, 0, "2000" },
	{ "NL", "^[1-9][0-9]{3}[A-Z]{2}$", ' ', 2, "1012 AB" },
	{ "IT", "^[0-9]{5}$", 0, 0, "00184" },
	{ "ES", "^(0[1-9]|[1-4][0-9]|5[0-2])[0-9]{3}$", 0, 0, "28013" },
	{ "AT", "^[1-9][0-9]{3}$", 0, 0, "1010" },
	{ "BE", "^[1-9][0-9]{3}$", 0, 0, "1000" },
	{ "CH", "^[1-9][0-9]{3}$", 0, 0, "8001" },
	{ "DK", "^[1-9][0-9]{3}$", 0, 0, "1050" },
	{ "NO", "^[0-9]{4}$", 0, 0, "0150" },
	{ "SE", "^[1-9][0-9]{4}$", ' ', 2, "114 55" },
	{ "FI", "^[0-9]{5}$", 0, 0, "00100" },
	{ "PL", "^[0-9]{5}$", '-', 3, "00-950" },
	{ "PT", "^[1-9][0-9]{6}$", '-', 3, "1000-001" },
	{ "CZ", "^[1-7][0-9]{4}$", ' ', 2, "110 00" },
	{ "HR", "^[1-5][0-9]{4}$", 0, 0, "10000" },
	{ "IN", "^[1-9][0-9]{5}$", 0, 0, "110001" },
	{ "KR", "^[0-9]{5}$", 0, 0, "03187" },
	{ "CN", "^[0-9]{6}$", 0, 0, "100000" },
	{ "BR", "^[0-9]{8}$", '-', 3, "01310-100" },
	{ "NZ", "^[0-9]{4}$", 0, 0, "6011" },
	{ "SG", "^[0-9]{6}$", 0, 0, "018956" },
	{ "TW", "^[0-9]{3}([0-9]{2,3})?$", 0, 0, "100" },
	{ "MX", "^[0-9]{5}$", 0, 0, "06600" },
	{ NULL, NULL, 0, 0, NULL }
};

#define POSTAL_FORMATS	(sizeof(postal_formats) / sizeof(postal_formats[0]))

/* Each format's expression, compiled once (regexec may share them). */
static regex_t		postal_re[POSTAL_FORMATS];
static bool		postal_re_ok[POSTAL_FORMATS];
static pthread_once_t	postal_once = PTHREAD_ONCE_INIT;

static void
postal_compile(void)
{
	size_t	i;

	for (i = 0; postal_formats[i].country != NULL; i++)
		postal_re_ok[i] = regcomp(&postal_re[i], postal_formats[i].re,
		    REG_EXTENDED | REG_NOSUB) == 0;
}

int
valid_postal_code(struct arena *a, struct err *e, const char *field,
    const char *in, const char *country, char **out)
{
	const struct postal_format	*f;
	uint8_t				*nfkc;
	size_t				 nlen = 0, i, n = 0, len;
	char				*t, *compact, *res;
	bool				 alnum = false, ok;

	*out = NULL;
	if (valid_text(a, e, field, in, true, 20, &t) != ST_OK)
		return (ST_INVALID);
	/* Full-width digits and letters become ASCII. */
	nfkc = u8_normalize(UNINORM_NFKC, (const uint8_t *)t, strlen(t), NULL,
	    &nlen);
	if (nfkc == NULL)
		return (err_field(e, field, M_POSTAL_INVALID));
	/* Trimmed again: NFKC turns U+2000 and its kind into spaces. */
	t = text_trim(a, text_upper_ascii(a, arena_strndup(a,
	    (const char *)nfkc, nlen)));
	free(nfkc);
	len = strlen(t);
	compact = arena_alloc(a, len + 1);
	for (i = 0; i < len; i++) {
		if (t[i] == ' ' || t[i] == '-')
			continue;
		if (!((t[i] >= 'A' && t[i] <= 'Z') || (t[i] >= '0' &&
		    t[i] <= '9')))
			return (err_field(e, field, M_POSTAL_INVALID));
		compact[n++] = t[i];
		alnum = true;
	}
	compact[n] = '\0';
	for (f = postal_formats; f->country != NULL; f++)
		if (country != NULL && strcmp(f->country, country) == 0)
			break;
	if (f->country == NULL) {
		if (!alnum || n < 2 || len > 10)
			return (err_field(e, field, M_POSTAL_INVALID));
		*out = t;
		return (ST_OK);
	}
	(void)pthread_once(&postal_once, postal_compile);
	if (!postal_re_ok[f - postal_formats])
		return (err_internal(e, "bad postal regex for %s", f->country));
	ok = regexec(&postal_re[f - postal_formats], compact, 0, NULL, 0) == 0;
	if (!ok)
		return (err_fields(e, field, M_POSTAL_FORMAT, f->example));
	/* US ZIP+4 keeps its hyphen. */
	if (strcmp(f->country, "US") == 0 && n == 9) {
		*out = arena_printf(a, "%.5s-%s", compact, compact + 5);
		return (ST_OK);
	}
	if (f->sep == 0 || f->tail == 0 || (int)n <= f->tail) {
		*out = compact;
		return (ST_OK);
	}
	res = arena_alloc(a, n + 2);
	memcpy(res, compact, n - (size_t)f->tail);
	res[n - (size_t)f->tail] = f->sep;
	memcpy(res + n - (size_t)f->tail + 1, compact + n - (size_t)f->tail,
	    (size_t)f->tail + 1);
	*out = res;
	return (ST_OK);
}

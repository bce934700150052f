/*
 * valid.h - validation of user input shared by the API and stewardctl.
 *
 * Each validator takes the field name it reports under, adds at most one
 * field error to e (see err.h), and returns ST_OK or ST_INVALID. Normalised
 * results are allocated in the arena.
 */
#ifndef STEWARD_VALID_H
#define STEWARD_VALID_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct err;

#define EMAIL_MAX	254

/*
 * A text field: trimmed; must be valid UTF-8 without control characters
 * (bidirectional overrides included), at most max_chars characters; when
 * required, not empty or blank.
 * *out is the trimmed text ("" when absent and optional).
 */
int	valid_text(struct arena *a, struct err *e, const char *field,
	    const char *in, bool required, size_t max_chars, char **out);

/*
 * An e-mail address (RFC 5321/6531 mailbox: dot-atom local part, which
 * may be UTF-8, and a domain that may be internationalised).
 * *out is the address as it should be stored (domain lower-cased, in
 * Unicode form), *norm the key under which addresses compare equal
 * (case-folded local part, ASCII/punycode domain).
 */
int	valid_email(struct arena *a, struct err *e, const char *field,
	    const char *in, char **out, char **norm);

/* The comparison key of an address already known to be valid, or NULL. */
char	*email_norm(struct arena *a, const char *email);

/*
 * A phone number, stored in E.164 ("+81312345678"). Numbers written
 * without a +country code are read as numbers of `region` (the customer's
 * country, ISO 3166-1 alpha-2) when one is given.
 */
int	valid_phone(struct arena *a, struct err *e, const char *field,
	    const char *in, const char *region, char **e164);

/*
 * A web site: a host name ("example.com") or an http(s) URL. Stored as
 * scheme://host[:port][/path][?query] with the host lower-cased and in
 * Unicode form, https assumed when no scheme is given. Addresses with a
 * user name, white space of any kind (U+00A0 and U+3000 too) or a
 * backslash, IP literals and single-label hosts are refused.
 */
int	valid_website(struct arena *a, struct err *e, const char *field,
	    const char *in, char **out);

/* An ISO 3166-1 alpha-2 code (any case); *out upper-case. */
int	valid_country(struct arena *a, struct err *e, const char *field,
	    const char *in, char **out);

/*
 * A postal code. For countries whose format is known (JP, US, GB, DE, FR,
 * CA, AU, NL, IT, ES and more) it must match and is stored in the
 * canonical spacing ("SW1A 1AA", "100-0005"); elsewhere it must look
 * plausible (2-10 letters, digits, spaces or hyphens, with a digit or
 * letter). Full-width digits are accepted.
 */
int	valid_postal_code(struct arena *a, struct err *e, const char *field,
	    const char *in, const char *country, char **out);

/* Whether s is one of the NULL-terminated list; adds "Must be one of". */
int	valid_enum(struct arena *a, struct err *e, const char *field,
	    const char *in, const char *const *allowed);

#endif

/*
 * phone.h - telephone numbers, through Google's libphonenumber.
 *
 * A C interface to the C++ library: parse what a person typed
 * ("03-1234-5678" with region JP, "+44 20 7946 0123", "(415) 555-0142"
 * with region US), check it is a valid number for its country, and give it
 * back in E.164 ("+81312345678") and in international display form
 * ("+81 3-1234-5678"). The numbers parsed last are kept (per thread), so
 * the display form and search digits of a number just checked, or of a
 * list's numbers shown again, cost no second parse.
 */
#ifndef STEWARD_PHONE_H
#define STEWARD_PHONE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum phone_result {
	PHONE_OK = 0,
	PHONE_UNPARSEABLE,	/* not a phone number at all */
	PHONE_NEED_COUNTRY,	/* no +country code and no region to assume */
	PHONE_INVALID		/* parsed, but not a valid number there */
};

/* Load the library's metadata once (before the sandbox). */
void			phone_init(void);

/*
 * Parse in; region is an ISO 3166-1 alpha-2 code for numbers written
 * without "+", or NULL. On PHONE_OK, e164 and intl (each at least 40
 * bytes) hold the two forms; intl may be NULL with intllen 0 when only
 * the E.164 form is wanted.
 */
enum phone_result	phone_parse(const char *in, const char *region,
			    char *e164, size_t e164len, char *intl,
			    size_t intllen);

/*
 * A stored number (E.164) as people read it: libphonenumber's international
 * format for the number's own region ("+49 89 1234567"). Anything that does
 * not parse is copied as it is; "" stays "". out holds at least 40 bytes.
 */
void			phone_display(const char *e164, char *out, size_t len);

/*
 * A stored number's digits for searching, as dialled from abroad and at
 * home, separated by a space ("49891234567 0891234567"); "" for "" or a
 * number that does not parse. out holds at least 64 bytes.
 */
void			phone_search_digits(const char *e164, char *out,
			    size_t len);

/* Drop the memo of parsed numbers (phone.cc) of this thread: the next
 * calls parse afresh (tests compare the two). */
void			phone_forget(void);

/*
 * Whether a search text looks like a phone number (digits, spaces and
 * + - ( ) . / only, at least 3 digits); then its digits go into out
 * (len bytes), to be looked for in phone_search_digits()'s text.
 */
int			phone_query_digits(const char *q, char *out,
			    size_t len);

#ifdef __cplusplus
}
#endif

#endif

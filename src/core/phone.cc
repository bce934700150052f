/*
 * phone.cc - the C interface of phone.h over libphonenumber, with a small
 * memo of parsed numbers.
 */
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#include <phonenumbers/phonenumberutil.h>

#include "core/phone.h"

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

extern "C" void
phone_init(void)
{
	PhoneNumberUtil	*u = PhoneNumberUtil::GetInstance();
	PhoneNumber	 n;

	/* The first parse builds the library's regular expression caches. */
	(void)u->Parse("+1 650 253 0000", "US", &n);
}

/*
 * The numbers parsed last, by their E.164 text. Parsing (the library's
 * regular expressions) is most of what each call costs, and a request
 * parses the same number several times: phone_parse() checks what was
 * typed, then the record's search text (phone_search_digits()) and the
 * answer (phone_display()) start again from its E.164 form; a list page
 * shown again displays the same numbers. Direct-mapped by a hash of the
 * text, PARSED_SLOTS slots per thread. What is kept is what parsing the
 * E.164 text gives (country code, national number, leading zeros), so a
 * number found here formats as one parsed afresh.
 */
#define PARSED_SLOTS	64
#define E164_MAX	20	/* "+" and at most 15 digits, and room */

struct parsed {
	char		e164[E164_MAX];
	PhoneNumber	n;
};

static thread_local struct parsed	parsed[PARSED_SLOTS];

static struct parsed *
parsed_slot(const char *e164)
{
	uint32_t	h = 2166136261u;

	for (const char *p = e164; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return (&parsed[h % PARSED_SLOTS]);
}

/* Remember n as the parse of e164 (too long a text is not kept). */
static void
parsed_put(const char *e164, const PhoneNumber &n)
{
	struct parsed	*p;

	if (std::strlen(e164) >= E164_MAX)
		return;
	p = parsed_slot(e164);
	p->n.Clear();
	p->n.set_country_code(n.country_code());
	p->n.set_national_number(n.national_number());
	if (n.has_italian_leading_zero())
		p->n.set_italian_leading_zero(n.italian_leading_zero());
	if (n.has_number_of_leading_zeros())
		p->n.set_number_of_leading_zeros(n.number_of_leading_zeros());
	std::strcpy(p->e164, e164);
}

/* e164 parsed (from the memo, else by the library): false if it does not
 * parse. */
static bool
parsed_get(const char *e164, PhoneNumber *out)
{
	PhoneNumberUtil	*u = PhoneNumberUtil::GetInstance();
	struct parsed	*p = parsed_slot(e164);

	if (std::strcmp(p->e164, e164) == 0) {
		out->CopyFrom(p->n);
		return (true);
	}
	if (u->Parse(e164, "ZZ", out) != PhoneNumberUtil::NO_PARSING_ERROR)
		return (false);
	parsed_put(e164, *out);
	return (true);
}

extern "C" void
phone_forget(void)
{
	for (struct parsed &p : parsed)
		p.e164[0] = '\0';
}

static void
copy_out(const std::string &s, char *out, size_t len)
{
	if (len == 0)
		return;
	std::strncpy(out, s.c_str(), len - 1);
	out[len - 1] = '\0';
}

extern "C" enum phone_result
phone_parse(const char *in, const char *region, char *e164, size_t e164len,
    char *intl, size_t intllen)
{
	PhoneNumberUtil			*u = PhoneNumberUtil::GetInstance();
	PhoneNumber			 n;
	PhoneNumberUtil::ErrorType	 err;
	std::string			 s;

	if (in == nullptr || *in == '\0')
		return (PHONE_UNPARSEABLE);
	err = u->Parse(in, region != nullptr && *region != '\0' ? region :
	    "ZZ", &n);
	if (err == PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR)
		return (PHONE_NEED_COUNTRY);
	if (err != PhoneNumberUtil::NO_PARSING_ERROR)
		return (PHONE_UNPARSEABLE);
	if (!u->IsValidNumber(n))
		return (PHONE_INVALID);
	u->Format(n, PhoneNumberUtil::E164, &s);
	copy_out(s, e164, e164len);
	parsed_put(s.c_str(), n);
	/* The international form costs as much again: only on request. */
	if (intllen > 0) {
		u->Format(n, PhoneNumberUtil::INTERNATIONAL, &s);
		copy_out(s, intl, intllen);
	}
	return (PHONE_OK);
}

extern "C" void
phone_display(const char *e164, char *out, size_t len)
{
	PhoneNumberUtil	*u = PhoneNumberUtil::GetInstance();
	PhoneNumber	 n;
	std::string	 s;

	if (len == 0)
		return;
	if (e164 == nullptr || *e164 == '\0') {
		out[0] = '\0';
		return;
	}
	if (!parsed_get(e164, &n)) {
		copy_out(e164, out, len);
		return;
	}
	u->Format(n, PhoneNumberUtil::INTERNATIONAL, &s);
	copy_out(s, out, len);
}

/* Only the digits of s, into out (len bytes). */
static void
digits_of(const std::string &s, char *out, size_t len)
{
	size_t	n = 0;

	for (char ch : s)
		if (ch >= '0' && ch <= '9' && n + 1 < len)
			out[n++] = ch;
	out[n] = '\0';
}

extern "C" void
phone_search_digits(const char *e164, char *out, size_t len)
{
	PhoneNumberUtil	*u = PhoneNumberUtil::GetInstance();
	PhoneNumber	 n;
	std::string	 intl, national;
	char		 a[32], b[32];

	if (len == 0)
		return;
	out[0] = '\0';
	if (e164 == nullptr || *e164 == '\0' || !parsed_get(e164, &n))
		return;
	u->Format(n, PhoneNumberUtil::E164, &intl);
	u->Format(n, PhoneNumberUtil::NATIONAL, &national);
	digits_of(intl, a, sizeof(a));
	digits_of(national, b, sizeof(b));
	std::snprintf(out, len, "%s %s", a, b);
}

extern "C" int
phone_query_digits(const char *q, char *out, size_t len)
{
	size_t	n = 0, digits = 0;

	if (len == 0)
		return (0);
	for (const char *p = q; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9') {
			digits++;
			if (n + 1 < len)
				out[n++] = *p;
		} else if (std::strchr(" +-()./", *p) == nullptr) {
			out[0] = '\0';
			return (0);
		}
	}
	out[n] = '\0';
	return (digits >= 3);
}

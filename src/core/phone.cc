/*
 * phone.cc - the C interface of phone.h over libphonenumber.
 */
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
	if (u->Parse(e164, "ZZ", &n) != PhoneNumberUtil::NO_PARSING_ERROR) {
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
	if (e164 == nullptr || *e164 == '\0' ||
	    u->Parse(e164, "ZZ", &n) != PhoneNumberUtil::NO_PARSING_ERROR)
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

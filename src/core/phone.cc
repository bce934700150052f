/*
 * phone.cc - the C interface of phone.h over libphonenumber.
 */
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
	u->Format(n, PhoneNumberUtil::INTERNATIONAL, &s);
	copy_out(s, intl, intllen);
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

/*
 * totp.c - one-time passwords and QR codes; see totp.h.
 */
#include <stdlib.h>
#include <string.h>

#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/totp.h"

#define SECRET_BYTES	20

void
totp_init(void)
{
	(void)oath_init();
}

bool
totp_secret_new(char out[TOTP_SECRET_B32])
{
	unsigned char	 raw[SECRET_BYTES];
	char		*b32 = NULL;
	size_t		 len = 0;
	bool		 ok;

	randombytes_buf(raw, sizeof(raw));
	ok = oath_base32_encode((const char *)raw, sizeof(raw), &b32, &len) ==
	    OATH_OK && len < TOTP_SECRET_B32;
	if (ok) {
		memcpy(out, b32, len);
		out[len] = '\0';
	}
	sodium_memzero(raw, sizeof(raw));
	if (b32 != NULL) {
		sodium_memzero(b32, len);
		free(b32);
	}
	return (ok);
}

/* The raw secret of a base32 one (freed by the caller), or NULL. */
static char *
decode(const char *secret_b32, size_t *len)
{
	char	*raw = NULL;

	if (oath_base32_decode(secret_b32, strlen(secret_b32), &raw, len) !=
	    OATH_OK)
		return (NULL);
	return (raw);
}

bool
totp_check(const char *secret_b32, int64_t now, const char *code,
    uint64_t *step)
{
	char		 digits[TOTP_DIGITS + 1], *raw;
	size_t		 len, n = 0;
	int		 pos, rc;

	*step = 0;
	if (secret_b32 == NULL || code == NULL)
		return (false);
	for (; *code != '\0'; code++) {
		if (*code == ' ')
			continue;
		if (*code < '0' || *code > '9' || n == TOTP_DIGITS)
			return (false);
		digits[n++] = *code;
	}
	if (n != TOTP_DIGITS)
		return (false);
	digits[n] = '\0';
	if ((raw = decode(secret_b32, &len)) == NULL)
		return (false);
	rc = oath_totp_validate3(raw, len, (time_t)now, TOTP_STEP, 0, 1, &pos,
	    step, digits);
	sodium_memzero(raw, len);
	free(raw);
	return (rc >= 0);
}

bool
totp_code(const char *secret_b32, int64_t t, char out[TOTP_DIGITS + 1])
{
	char	*raw;
	size_t	 len;
	int	 rc;

	if ((raw = decode(secret_b32, &len)) == NULL)
		return (false);
	rc = oath_totp_generate(raw, len, (time_t)t, TOTP_STEP, 0, TOTP_DIGITS,
	    out);
	sodium_memzero(raw, len);
	free(raw);
	return (rc == OATH_OK);
}

/* s percent-encoded for a URI component, into b. */
static void
uri_escape(struct buf *b, const char *s)
{
	static const char	hex[] = "0123456789ABCDEF";
	unsigned char		c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c) != NULL)
			buf_addc(b, (char)c);
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

char *
totp_uri(struct arena *a, const char *issuer, const char *account,
    const char *secret_b32)
{
	struct buf	b = BUF_INIT;

	buf_adds(&b, "otpauth://totp/");
	uri_escape(&b, issuer);
	buf_adds(&b, ":");
	uri_escape(&b, account);
	buf_adds(&b, "?secret=");
	buf_adds(&b, secret_b32);
	buf_adds(&b, "&issuer=");
	uri_escape(&b, issuer);
	buf_adds(&b, "&algorithm=SHA1&digits=6&period=30");
	return (buf_to_arena(&b, a));
}

char *
qr_svg(struct arena *a, const char *text)
{
	struct buf	 b = BUF_INIT;
	QRcode		*q;
	int		 x, y, quiet = 4, size;

	if ((q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) ==
	    NULL)
		return (NULL);
	size = q->width + 2 * quiet;
	buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
	    "%d %d\" shape-rendering=\"crispEdges\"><rect width=\"%d\" "
	    "height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"", size,
	    size, size, size);
	for (y = 0; y < q->width; y++)
		for (x = 0; x < q->width; x++)
			if (q->data[y * q->width + x] & 1)
				buf_printf(&b, "M%d %dh1v1h-1z", x + quiet,
				    y + quiet);
	buf_adds(&b, "\"/></svg>");
	QRcode_free(q);
	return (buf_to_arena(&b, a));
}

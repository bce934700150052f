/*
 * totp.h - time-based one-time passwords (RFC 6238) through liboath, and
 * QR codes through libqrencode, for two-step verification.
 *
 * Secrets are 20 random bytes, kept and shown in base32 (what
 * authenticator apps take). Codes are 6 digits for 30-second steps; one
 * step either side is accepted for clock drift, and the step a code
 * matched is returned so that the caller can refuse it a second time.
 */
#ifndef STEWARD_TOTP_H
#define STEWARD_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

#define TOTP_SECRET_B32	33	/* 32 base32 characters and the NUL */
#define TOTP_STEP	30
#define TOTP_DIGITS	6

/* Initialise liboath (once per process, before the sandbox). */
void	totp_init(void);

/* A new random secret, in base32, into out. false when none was made. */
bool	totp_secret_new(char out[TOTP_SECRET_B32]);

/*
 * Whether code (6 digits; spaces ignored) is right for the base32 secret
 * at `now`, one step of drift allowed. *step is the time step it matched.
 */
bool	totp_check(const char *secret_b32, int64_t now, const char *code,
	    uint64_t *step);

/* The code for a time, for tests and the command line. */
bool	totp_code(const char *secret_b32, int64_t t, char out[TOTP_DIGITS + 1]);

/* otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=ISSUER&... in a. */
char	*totp_uri(struct arena *a, const char *issuer, const char *account,
	    const char *secret_b32);

/* text as a QR code in SVG (dark modules as one path), in a; NULL when
 * it does not fit a QR code. */
char	*qr_svg(struct arena *a, const char *text);

#endif

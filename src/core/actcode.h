/*
 * actcode.h - activation codes: random, typed by people, typo-checked.
 *
 * A code is 25 symbols of Crockford's base32 alphabet
 * (0123456789ABCDEFGHJKMNPQRSTVWXYZ), written in five groups of five
 * joined by '-'. The first 24 symbols are random (120 bits from the
 * CSPRNG); the 25th is a Luhn mod 32 check symbol over them, so any single
 * mistyped symbol, and any swap of two neighbours but 0 and Z (Luhn's
 * 09/90 blind spot), is caught before the code is looked up. Reading is forgiving the way Crockford intends: case is
 * ignored, spaces and '-' are skipped, I and L read as 1, O reads as 0.
 * The console runs the same check as the user types.
 */
#ifndef STEWARD_ACTCODE_H
#define STEWARD_ACTCODE_H

#include <stddef.h>

struct arena;

#define ACTCODE_SYMBOLS	25	/* including the check symbol */
#define ACTCODE_TEXT	29	/* with the four dashes */

enum actcode_status {
	ACTCODE_OK,
	ACTCODE_FORMAT,		/* wrong length or a symbol outside the alphabet */
	ACTCODE_TYPO		/* the check symbol does not match */
};

/* A new code in its written form ("XXXXX-XXXXX-..."), in a. */
char			*actcode_new(struct arena *a);

/*
 * Read what a person typed. On ACTCODE_OK, *canon (if not NULL) is the
 * 25 symbols without dashes, upper-case, in a: the form that is hashed
 * and stored. Input longer than 64 bytes is ACTCODE_FORMAT.
 */
enum actcode_status	 actcode_read(struct arena *a, const char *in,
			    char **canon);

/* The written form of canonical symbols (25 of them), in a. */
char			*actcode_written(struct arena *a, const char *canon);

/* The check symbol for the first n symbols of canon (test helper too). */
char			 actcode_check(const char *canon, size_t n);

#endif

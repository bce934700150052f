/*
 * fuzz.h - what every libFuzzer target in tests/fuzz/ shares.
 *
 * Each target is one program built by `make fuzz` (clang, libFuzzer,
 * AddressSanitizer and UBSan) and run by scripts/fuzz.sh. A target checks
 * properties of what the code under test returns, not only that it does
 * not crash: FUZZ_CHECK aborts (a finding, with the input saved by
 * libFuzzer) when a property does not hold.
 */
#ifndef STEWARD_FUZZ_H
#define STEWARD_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"

#define FUZZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: property failed: %s\n",		\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int	LLVMFuzzerInitialize(int *argc, char ***argv);

/*
 * Define LLVMFuzzerInitialize to run `setup` once before the first input
 * (targets without one need no set-up).
 */
#define FUZZ_SETUP(setup)						\
int									\
LLVMFuzzerInitialize(int *argc, char ***argv)				\
{									\
	(void)argc;							\
	(void)argv;							\
	setup;								\
	return (0);							\
}

/*
 * Whether a validator's refusal is well formed: ST_INVALID with exactly
 * one field error, on the field it was asked to check.
 */
static inline bool
fuzz_refused(int rc, const struct err *e, const char *field)
{
	return (rc == ST_INVALID && e->status == ST_INVALID &&
	    e->nfields == 1 && strcmp(e->fields[0].name, field) == 0);
}

/* A NUL-terminated copy of data (malloc'd: ASan sees overreads). */
static inline char *
fuzz_str(const uint8_t *data, size_t size)
{
	char	*s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return (s);
}

/*
 * Split data at NUL bytes into at most n strings (malloc'd copies; the
 * missing ones are ""). Free with fuzz_free_parts().
 */
static inline void
fuzz_parts(const uint8_t *data, size_t size, char **out, size_t n)
{
	size_t	i, start = 0, k = 0;

	for (i = 0; i <= size && k < n; i++) {
		if (i == size || data[i] == '\0') {
			out[k++] = fuzz_str(data + start, i - start);
			start = i + 1;
		}
	}
	while (k < n)
		out[k++] = fuzz_str(data, 0);
}

static inline void
fuzz_free_parts(char **parts, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(parts[i]);
}

#endif

/*
 * text.h - UTF-8 text checks and normalisation.
 *
 * All user text in Steward is UTF-8. These helpers validate it, count its
 * characters, trim it, reject control characters, and produce the
 * normalised forms used for comparisons and search (Unicode case folding
 * with NFKC, so "ＡＢＣ" and "abc" or "Ａｂｃ" compare equal), using
 * GNU libunistring.
 */
#ifndef STEWARD_TEXT_H
#define STEWARD_TEXT_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

/*
 * Length of the well-formed UTF-8 sequence at p (1..4), or 0 when the bytes
 * are not well-formed (overlong, surrogate, > U+10FFFF, truncated).
 */
size_t	 utf8_seq_len(const unsigned char *p, size_t avail);

/* Whether s[0..len) is entirely well-formed UTF-8. */
bool	 utf8_valid(const char *s, size_t len);

/* Number of code points in valid UTF-8 s. */
size_t	 utf8_chars(const char *s, size_t len);

/*
 * Whether s contains a C0 or C1 control character or DEL, or U+2028/2029
 * line separators. Tab and newline are allowed only when allow_newlines.
 */
bool	 text_has_control(const char *s, size_t len, bool allow_newlines);

/*
 * Whether s contains a bidirectional embedding, override or isolate
 * control (U+202A..U+202E, U+2066..U+2069), which make a name display
 * as something else ("invoice\u202Etxt.exe" shows as "invoiceexe.txt").
 */
bool	 text_has_bidi_control(const char *s, size_t len);

/* Whether s is empty or only white space (Unicode spaces included). */
bool	 text_is_blank(const char *s);

/* Copy of s without leading and trailing white space (ASCII and U+3000). */
char	*text_trim(struct arena *a, const char *s);

/*
 * Case-folded NFKC form of s for comparisons and search, allocated in a.
 * Returns NULL only when s is not valid UTF-8.
 */
char	*text_fold(struct arena *a, const char *s);

/* ASCII lower-case / upper-case copies. */
char	*text_lower_ascii(struct arena *a, const char *s);
char	*text_upper_ascii(struct arena *a, const char *s);

#endif

/*
 * json.h - JSON in and out.
 *
 * Output: struct jw writes JSON text into a struct buf as you go, keeping
 * track of commas; strings are escaped (control characters, quotes,
 * backslash, and '<', '>', '&' as \u escapes so JSON embedded anywhere can
 * never open markup). Invalid UTF-8 in a string is replaced by U+FFFD so the
 * output is always valid JSON.
 *
 * Input: json_parse() wraps jansson with the limits the API needs (valid
 * UTF-8, no NUL in strings, no duplicate keys, one value per document) and
 * ties the parsed value to an arena so it is released with the request.
 * The jget_* helpers read a member of an object with a type check and add a
 * field error (see err.h) naming the member when the type is wrong.
 */
#ifndef STEWARD_JSON_H
#define STEWARD_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/buf.h"

struct arena;
struct err;

#define JW_MAX_DEPTH	32

struct jw {
	struct buf	*out;
	int		 depth;
	bool		 first[JW_MAX_DEPTH];	/* no element written yet */
	bool		 after_key;
};

void	jw_init(struct jw *w, struct buf *out);
void	jw_obj_begin(struct jw *w);
void	jw_obj_end(struct jw *w);
void	jw_arr_begin(struct jw *w);
void	jw_arr_end(struct jw *w);
void	jw_key(struct jw *w, const char *key);
void	jw_str(struct jw *w, const char *s);		/* NULL -> null */
void	jw_strn(struct jw *w, const char *s, size_t len);
void	jw_int(struct jw *w, long long v);
void	jw_bool(struct jw *w, bool v);
void	jw_null(struct jw *w);
void	jw_raw(struct jw *w, const char *json);	/* already-valid JSON */
void	jw_json(struct jw *w, const json_t *v);	/* a jansson value; NULL -> null */
/* Unix seconds as an RFC 3339 UTC timestamp; 0 -> null. */
void	jw_time(struct jw *w, int64_t unix_seconds);

/* Shorthands: key + value. */
void	jw_kstr(struct jw *w, const char *k, const char *s);
void	jw_kint(struct jw *w, const char *k, long long v);
void	jw_kbool(struct jw *w, const char *k, bool v);
void	jw_knull(struct jw *w, const char *k);
void	jw_ktime(struct jw *w, const char *k, int64_t unix_seconds);

/* Append s as a JSON string literal (with quotes) to b. */
void	json_escape(struct buf *b, const char *s, size_t len);

/*
 * Parse len bytes of JSON text. On success *out is the value (owned by the
 * arena) and ST_OK is returned; otherwise ST_MALFORMED with the parser's
 * complaint (line and column) in e.
 */
int	json_parse(struct arena *a, const char *text, size_t len, json_t **out,
	    struct err *e);

/*
 * Typed member access. Each returns 1 when the member is present with the
 * right type (value stored in *out), 0 when absent or JSON null (and
 * *out untouched), -1 when present with the wrong type (a field error
 * naming `key` is added to e).
 *
 * jget_str also rejects strings containing control characters (other than
 * tab/newline when allow_newlines) with a field error, returning -1.
 *
 * key may be the member's path from the top of the body ("host.os",
 * "state.threats[2].name"): the member read is the part after the last
 * dot, and a field error names the whole path.
 */
int	jget_str(json_t *obj, const char *key, const char **out,
	    bool allow_newlines, struct err *e);
int	jget_int(json_t *obj, const char *key, long long *out, struct err *e);
int	jget_bool(json_t *obj, const char *key, bool *out, struct err *e);
int	jget_obj(json_t *obj, const char *key, json_t **out, struct err *e);
int	jget_arr(json_t *obj, const char *key, json_t **out, struct err *e);
/*
 * A list of at most max strings, as an arena array of borrowed pointers
 * (*n of them); a wrong type is a field error on the list or on the item
 * ("key[3]"), and then *n is 0.
 */
int	jget_strs(struct arena *a, json_t *obj, const char *key,
	    const char ***out, size_t *n, size_t max, struct err *e);

/*
 * Reject members not in the NULL-terminated list `allowed`, each with an
 * "Unknown field." error. Returns the number of unknown members.
 */
int	jcheck_keys(json_t *obj, const char *const *allowed, const char *prefix,
	    struct err *e);

#endif

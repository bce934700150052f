/*
 * json.c - JSON writer and jansson helpers; see json.h.
 */
#include <assert.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/dates.h"
#include "core/json.h"
#include "core/text.h"

void
jw_init(struct jw *w, struct buf *out)
{
	w->out = out;
	w->depth = 0;
	w->first[0] = true;
	w->after_key = false;
}

/* One byte, without a call when there is room (most of a writer's). */
static inline void
addc(struct buf *b, char c)
{
	if (b->len + 1 < b->cap) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
	} else
		buf_addc(b, c);
}

/* Emit the separator owed before a new value or key. */
static inline void
jw_sep(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->first[w->depth])
		addc(w->out, ',');
	w->first[w->depth] = false;
}

static void
jw_open(struct jw *w, char c)
{
	jw_sep(w);
	addc(w->out, c);
	assert(w->depth + 1 < JW_MAX_DEPTH);
	w->depth++;
	w->first[w->depth] = true;
}

static void
jw_close(struct jw *w, char c)
{
	assert(w->depth > 0);
	assert(!w->after_key);
	w->depth--;
	addc(w->out, c);
}

void jw_obj_begin(struct jw *w) { jw_open(w, '{'); }
void jw_obj_end(struct jw *w) { jw_close(w, '}'); }
void jw_arr_begin(struct jw *w) { jw_open(w, '['); }
void jw_arr_end(struct jw *w) { jw_close(w, ']'); }

/* ASCII bytes written as they are: not a control character, a quote, a
 * backslash, DEL, or one of <>& (escaped so that JSON is safe to embed). */
#define PLAIN(c)	((c) >= 0x20 && (c) < 0x7f && (c) != '"' && \
			    (c) != '\\' && (c) != '<' && (c) != '>' && (c) != '&')
/* Bytes from 0x80 on are not plain here: they are checked as UTF-8. */
static const unsigned char plain[256] = {
#define P4(c)	PLAIN(c), PLAIN((c) + 1), PLAIN((c) + 2), PLAIN((c) + 3)
#define P16(c)	P4(c), P4((c) + 4), P4((c) + 8), P4((c) + 12)
	P16(0x00), P16(0x10), P16(0x20), P16(0x30),
	P16(0x40), P16(0x50), P16(0x60), P16(0x70)
#undef P16
#undef P4
};
#undef PLAIN

/* The length of the plain run at the start of p[0..len). */
static size_t
plain_run(const unsigned char *p, size_t len)
{
	size_t	i = 0;

	while (i + 4 <= len &&
	    (plain[p[i]] & plain[p[i + 1]] & plain[p[i + 2]] & plain[p[i + 3]]))
		i += 4;
	while (i < len && plain[p[i]])
		i++;
	return (i);
}

/*
 * s (len bytes, nothing in it to escape) in quotes, then a colon if key:
 * one copy, with the room made here.
 */
static void
put_plain(struct buf *b, const char *s, size_t len, bool key)
{
	buf_reserve(b, len + 3);
	b->data[b->len] = '"';
	memcpy(b->data + b->len + 1, s, len);
	b->len += len + 1;
	b->data[b->len++] = '"';
	if (key)
		b->data[b->len++] = ':';
	b->data[b->len] = '\0';
}

void
json_escape(struct buf *b, const char *s, size_t len)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, run, n;
	unsigned char		 c;

	/* Most strings (every key, ids) are plain throughout. */
	if ((i = plain_run(p, len)) == len) {
		put_plain(b, s, len, false);
		return;
	}
	buf_reserve(b, len + 2);
	addc(b, '"');
	run = 0;
	for (; i < len;) {
		i += plain_run(p + i, len - i);
		if (i == len)
			break;
		c = p[i];
		if (c >= 0x80) {
			n = utf8_seq_len(p + i, len - i);
			if (n == 0) {
				buf_add(b, s + run, i - run);
				buf_adds(b, "\xef\xbf\xbd");	/* U+FFFD */
				i++;
				run = i;
				continue;
			}
			i += n;
			continue;
		}
		buf_add(b, s + run, i - run);
		switch (c) {
		case '"':  buf_adds(b, "\\\""); break;
		case '\\': buf_adds(b, "\\\\"); break;
		case '\n': buf_adds(b, "\\n"); break;
		case '\r': buf_adds(b, "\\r"); break;
		case '\t': buf_adds(b, "\\t"); break;
		default:
			buf_adds(b, "\\u00");
			addc(b, hex[c >> 4]);
			addc(b, hex[c & 0xf]);
			break;
		}
		i++;
		run = i;
	}
	buf_add(b, s + run, len - run);
	addc(b, '"');
}

void
jw_key(struct jw *w, const char *key)
{
	struct buf	*b;
	size_t		 len;

	assert(!w->after_key);
	jw_sep(w);
	len = strlen(key);
	b = w->out;
	if (plain_run((const unsigned char *)key, len) == len)
		put_plain(b, key, len, true);
	else {
		json_escape(b, key, len);
		addc(b, ':');
	}
	w->after_key = true;
}

void
jw_strn(struct jw *w, const char *s, size_t len)
{
	jw_sep(w);
	json_escape(w->out, s, len);
}

void
jw_str(struct jw *w, const char *s)
{
	if (s == NULL) {
		jw_null(w);
		return;
	}
	jw_strn(w, s, strlen(s));
}

void
jw_int(struct jw *w, long long v)
{
	jw_sep(w);
	buf_printf(w->out, "%lld", v);
}

void
jw_bool(struct jw *w, bool v)
{
	jw_sep(w);
	buf_adds(w->out, v ? "true" : "false");
}

void
jw_null(struct jw *w)
{
	jw_sep(w);
	buf_adds(w->out, "null");
}

void
jw_raw(struct jw *w, const char *json)
{
	jw_sep(w);
	buf_adds(w->out, json);
}

void
jw_json(struct jw *w, const json_t *v)
{
	char	*s;

	if (v == NULL) {
		jw_null(w);
		return;
	}
	s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY);
	if (s == NULL) {
		jw_null(w);
		return;
	}
	jw_raw(w, s);
	free(s);
}

void
jw_time(struct jw *w, int64_t t)
{
	char	out[21];

	if (t == 0) {
		jw_null(w);
		return;
	}
	time_iso(t, out);
	jw_sep(w);	/* digits, '-', ':', 'T' and 'Z': nothing to escape */
	put_plain(w->out, out, strlen(out), false);
}

void jw_kstr(struct jw *w, const char *k, const char *s) { jw_key(w, k); jw_str(w, s); }
void jw_kint(struct jw *w, const char *k, long long v) { jw_key(w, k); jw_int(w, v); }
void jw_kbool(struct jw *w, const char *k, bool v) { jw_key(w, k); jw_bool(w, v); }
void jw_knull(struct jw *w, const char *k) { jw_key(w, k); jw_null(w); }
void jw_ktime(struct jw *w, const char *k, int64_t t) { jw_key(w, k); jw_time(w, t); }

static void
json_decref_cb(void *p)
{
	json_decref((json_t *)p);
}

int
json_parse(struct arena *a, const char *text, size_t len, json_t **out,
    struct err *e)
{
	json_error_t	 jerr;
	json_t		*v;
	char		 detail[160];

	v = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (v == NULL) {
		snprintf(detail, sizeof(detail), "%.100s (line %d, column %d)",
		    jerr.text, jerr.line, jerr.column);
		return (err_sets(e, ST_MALFORMED, "malformed_json",
		    M_MALFORMED_JSON, detail));
	}
	arena_defer(a, json_decref_cb, v);
	*out = v;
	return (ST_OK);
}

/* The member a key names: "host.os" -> "os" (errors name the whole). */
static json_t *
member(json_t *obj, const char *key)
{
	const char	*dot = strrchr(key, '.');

	return (json_object_get(obj, dot != NULL ? dot + 1 : key));
}

int
jget_str(json_t *obj, const char *key, const char **out, bool allow_newlines,
    struct err *e)
{
	json_t		*v;
	const char	*s;
	size_t		 len;

	v = member(obj, key);
	if (v == NULL || json_is_null(v))
		return (0);
	if (!json_is_string(v)) {
		err_field(e, key, M_NOT_STRING);
		return (-1);
	}
	s = json_string_value(v);
	len = json_string_length(v);
	/* jansson guarantees valid UTF-8 without NUL (JSON_ALLOW_NUL off). */
	if (text_has_control(s, len, allow_newlines)) {
		err_field(e, key, M_CONTROL_CHARS);
		return (-1);
	}
	*out = s;
	return (1);
}

int
jget_int(json_t *obj, const char *key, long long *out, struct err *e)
{
	json_t	*v;

	v = member(obj, key);
	if (v == NULL || json_is_null(v))
		return (0);
	if (!json_is_integer(v)) {
		err_field(e, key, M_NOT_INTEGER);
		return (-1);
	}
	*out = json_integer_value(v);
	return (1);
}

int
jget_bool(json_t *obj, const char *key, bool *out, struct err *e)
{
	json_t	*v;

	v = member(obj, key);
	if (v == NULL || json_is_null(v))
		return (0);
	if (!json_is_boolean(v)) {
		err_field(e, key, M_NOT_BOOLEAN);
		return (-1);
	}
	*out = json_is_true(v);
	return (1);
}

int
jget_obj(json_t *obj, const char *key, json_t **out, struct err *e)
{
	json_t	*v;

	v = member(obj, key);
	if (v == NULL || json_is_null(v))
		return (0);
	if (!json_is_object(v)) {
		err_field(e, key, M_NOT_OBJECT);
		return (-1);
	}
	*out = v;
	return (1);
}

int
jget_arr(json_t *obj, const char *key, json_t **out, struct err *e)
{
	json_t	*v;

	v = member(obj, key);
	if (v == NULL || json_is_null(v))
		return (0);
	if (!json_is_array(v)) {
		err_field(e, key, M_NOT_ARRAY);
		return (-1);
	}
	*out = v;
	return (1);
}

int
jget_strs(struct arena *a, json_t *obj, const char *key,
    const char ***out, size_t *n, size_t max, struct err *e)
{
	json_t	*v, *item;
	size_t	 i;
	int	 bad = 0;

	*n = 0;
	if (jget_arr(obj, key, &v, e) != 1)
		return (member(obj, key) != NULL &&
		    !json_is_null(member(obj, key)) ? -1 : 0);
	if (json_array_size(v) > max) {
		err_fieldn(e, key, M_TOO_MANY, (long long)max);
		return (-1);
	}
	*out = arena_calloc(a, json_array_size(v) + 1, sizeof(**out));
	json_array_foreach(v, i, item) {
		if (!json_is_string(item)) {
			err_field(e, arena_printf(a, "%s[%zu]", key, i),
			    M_NOT_STRING);
			bad++;
			continue;
		}
		(*out)[i] = json_string_value(item);
	}
	/* A list with a bad item is no list: nothing for the caller to walk. */
	*n = bad ? 0 : json_array_size(v);
	return (bad ? -1 : 1);
}

int
jcheck_keys(json_t *obj, const char *const *allowed, const char *prefix,
    struct err *e)
{
	const char	*key;
	json_t		*v;
	size_t		 i;
	int		 unknown = 0, ok;
	char		 path[64];

	json_object_foreach(obj, key, v) {
		ok = 0;
		for (i = 0; allowed[i] != NULL; i++) {
			if (strcmp(allowed[i], key) == 0) {
				ok = 1;
				break;
			}
		}
		if (!ok) {
			if (prefix != NULL)
				snprintf(path, sizeof(path), "%s.%s", prefix,
				    key);
			else
				snprintf(path, sizeof(path), "%s", key);
			err_field(e, path, M_UNKNOWN_FIELD);
			unknown++;
		}
	}
	(void)v;
	return (unknown);
}

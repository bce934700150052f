/*
 * buf.c - growable byte buffer; see buf.h.
 */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"

const char	buf_empty[1] = { '\0' };

void
buf_init(struct buf *b)
{
	b->data = (char *)buf_empty;
	b->len = 0;
	b->cap = 0;
}

void
buf_free(struct buf *b)
{
	if (b->cap != 0)
		free(b->data);
	buf_init(b);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->cap != 0)
		b->data[0] = '\0';
}

void
buf_grow(struct buf *b, size_t extra)
{
	size_t	 want, ncap;
	char	*p;

	if (extra > SIZE_MAX / 2 - b->len)
		steward_oom(SIZE_MAX);
	want = b->len + extra + 1;
	if (want <= b->cap)
		return;
	/* A first kilobyte: most answers' JSON fits without a realloc. */
	ncap = b->cap ? b->cap : 1024;
	while (ncap < want)
		ncap *= 2;
	if (b->cap == 0) {
		p = malloc(ncap);
		if (p == NULL)
			steward_oom(ncap);
		memcpy(p, b->data, b->len + 1);
	} else {
		p = realloc(b->data, ncap);
		if (p == NULL)
			steward_oom(ncap);
	}
	b->data = p;
	b->cap = ncap;
}

void
buf_add(struct buf *b, const void *p, size_t len)
{
	if (len == 0)
		return;
	buf_grow(b, len);
	memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
	buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	ap2;
	int	n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n <= 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *
buf_detach(struct buf *b, size_t *len)
{
	char	*p;

	if (b->cap == 0) {
		p = malloc(1);
		if (p == NULL)
			steward_oom(1);
		p[0] = '\0';
	} else
		p = b->data;
	if (len != NULL)
		*len = b->len;
	buf_init(b);
	return (p);
}

char *
buf_to_arena(struct buf *b, struct arena *a)
{
	char	*p;

	p = arena_strndup(a, b->data, b->len);
	buf_free(b);
	return (p);
}

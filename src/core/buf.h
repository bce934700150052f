/*
 * buf.h - growable byte buffer, always NUL-terminated.
 *
 * Ownership: a struct buf owns its data (malloc'd). buf_free() releases it;
 * buf_detach() hands it to the caller, who must free() it;
 * buf_to_arena() moves it into an arena (freed with the arena).
 * A zero-initialised struct buf (BUF_INIT) is a valid empty buffer whose
 * data is a static "" until the first append.
 */
#ifndef STEWARD_BUF_H
#define STEWARD_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct buf {
	char	*data;	/* always NUL-terminated; never NULL after buf_init */
	size_t	 len;
	size_t	 cap;	/* 0 while data points at the static empty string */
};

#define BUF_INIT	{ (char *)buf_empty, 0, 0 }
extern const char	buf_empty[1];

void	 buf_init(struct buf *b);
void	 buf_free(struct buf *b);
void	 buf_reset(struct buf *b);		/* len = 0, keeps memory */
void	 buf_grow(struct buf *b, size_t extra);	/* room for extra bytes */
/* buf_grow(), without a call when the room is there already. */
static inline void
buf_reserve(struct buf *b, size_t extra)
{
	if (b->cap - b->len <= extra)	/* cap 0: always */
		buf_grow(b, extra);
}
void	 buf_add(struct buf *b, const void *p, size_t len);
void	 buf_adds(struct buf *b, const char *s);
void	 buf_addc(struct buf *b, char c);
void	 buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *b, const char *fmt, va_list ap);
char	*buf_detach(struct buf *b, size_t *len);
char	*buf_to_arena(struct buf *b, struct arena *a);

#endif

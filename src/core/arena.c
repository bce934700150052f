/*
 * arena.c - region allocator; see arena.h.
 */
#include <assert.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

#define ARENA_ALIGN		16
#define ARENA_DEFAULT_CHUNK	(16 * 1024)

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 size;	/* usable bytes in data */
	size_t			 used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena_cleanup {
	struct arena_cleanup	*next;
	void			(*fn)(void *);
	void			*arg;
};

void
steward_oom(size_t size)
{
	fprintf(stderr, "steward: out of memory allocating %zu bytes\n", size);
	abort();
}

void
arena_tune_malloc(void)
{
	(void)mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
	(void)mallopt(M_TOP_PAD, 4 * 1024 * 1024);
	(void)mallopt(M_MMAP_THRESHOLD, 8 * 1024 * 1024);
}

void
arena_init(struct arena *a, size_t chunk_size)
{
	assert(a != NULL);
	a->head = NULL;
	a->cleanups = NULL;
	a->chunk_size = chunk_size ? chunk_size : ARENA_DEFAULT_CHUNK;
	a->total = 0;
}

/* Run a's cleanups, newest first. They may live in the arena's own
 * chunks: run them before the chunks go. */
static void
cleanups_run(struct arena *a)
{
	struct arena_cleanup	*c;

	while ((c = a->cleanups) != NULL) {
		a->cleanups = c->next;
		c->fn(c->arg);
	}
}

void
arena_free(struct arena *a)
{
	struct arena_chunk	*k, *next;

	assert(a != NULL);
	cleanups_run(a);
	for (k = a->head; k != NULL; k = next) {
		next = k->next;
		free(k);
	}
	a->head = NULL;
	a->total = 0;
}

void
arena_reset(struct arena *a)
{
	struct arena_chunk	*k, *next, *keep = NULL;

	assert(a != NULL);
	cleanups_run(a);
	for (k = a->head; k != NULL; k = next) {
		next = k->next;
		if (keep == NULL && k->size == a->chunk_size)
			keep = k;
		else
			free(k);
	}
	if (keep != NULL) {
		keep->next = NULL;
		keep->used = 0;
	}
	a->head = keep;
	a->total = 0;
}

void *
arena_alloc(struct arena *a, size_t size)
{
	struct arena_chunk	*k;
	size_t			 need, csize;
	void			*p;

	assert(a != NULL);
	if (size > SIZE_MAX / 2)
		steward_oom(size);
	need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (need == 0)
		need = ARENA_ALIGN;

	k = a->head;
	if (k == NULL || k->size - k->used < need) {
		csize = a->chunk_size;
		if (need > csize / 4) {
			/* Large request: give it a chunk of its own, kept behind
			 * the current one so the current keeps serving small
			 * requests. */
			k = malloc(sizeof(*k) + need);
			if (k == NULL)
				steward_oom(need);
			k->size = need;
			k->used = need;
			if (a->head != NULL) {
				k->next = a->head->next;
				a->head->next = k;
			} else {
				k->next = NULL;
				a->head = k;
			}
			a->total += need;
			return (k->data);
		}
		k = malloc(sizeof(*k) + csize);
		if (k == NULL)
			steward_oom(csize);
		k->size = csize;
		k->used = 0;
		k->next = a->head;
		a->head = k;
	}
	p = k->data + k->used;
	k->used += need;
	a->total += need;
	return (p);
}

void *
arena_calloc(struct arena *a, size_t n, size_t size)
{
	void	*p;

	if (size != 0 && n > SIZE_MAX / size)
		steward_oom(SIZE_MAX);
	p = arena_alloc(a, n * size);
	memset(p, 0, n * size);
	return (p);
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char	*p;

	if (s == NULL)
		return (NULL);
	p = arena_alloc(a, len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return (p);
}

char *
arena_strdup(struct arena *a, const char *s)
{
	if (s == NULL)
		return (NULL);
	return (arena_strndup(a, s, strlen(s)));
}

void *
arena_memdup(struct arena *a, const void *src, size_t len)
{
	void	*p;

	p = arena_alloc(a, len);
	if (len > 0)
		memcpy(p, src, len);
	return (p);
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list	 ap2;
	int	 n;
	char	*p;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return (p);
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return (p);
}

void
arena_defer(struct arena *a, void (*fn)(void *), void *arg)
{
	struct arena_cleanup	*c;

	assert(fn != NULL);
	c = arena_alloc(a, sizeof(*c));
	c->fn = fn;
	c->arg = arg;
	c->next = a->cleanups;
	a->cleanups = c;
}

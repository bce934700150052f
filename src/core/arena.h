/*
 * arena.h - region allocator with cleanup hooks.
 *
 * An arena hands out memory from large chunks and frees it all at once.
 * Every HTTP request and every CLI command owns one arena; everything
 * allocated while serving it (parsed JSON, rows read from the store,
 * rendered output) lives until arena_free().
 *
 * Ownership: memory returned by arena_* belongs to the arena and must never
 * be passed to free(). Objects that need their own destructor (a jansson
 * value, a libpq result) are registered with arena_defer(); their cleanups
 * run in reverse order of registration when the arena is freed.
 *
 * Allocation failure aborts the process: a worker that cannot allocate a
 * few kilobytes cannot answer anyway, and Kore restarts it.
 */
#ifndef STEWARD_ARENA_H
#define STEWARD_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;
struct arena_cleanup;

struct arena {
	struct arena_chunk	*head;		/* current chunk, newest first */
	struct arena_cleanup	*cleanups;	/* newest first */
	size_t			 chunk_size;	/* default size of new chunks */
	size_t			 total;		/* bytes handed out (stats) */
};

/*
 * Tune the C library's allocator for a process that frees large blocks
 * often (a bulk import, a big page, SQLite's caches): keep up to 64 MiB
 * of freed heap for reuse instead of handing it back to the kernel after
 * every large free. By default glibc shrinks the heap whenever 128 KiB at
 * its top are free, which a 10,000-row import turned into 17,000 brk
 * calls and a third of its time. Blocks up to 8 MiB come from that heap
 * too (glibc maps each block of 128 KiB or more on its own, and unmaps it
 * when freed: a map, page faults and an unmap for every large arena chunk
 * or SQLite page-cache block). Call once, early, in every process.
 */
void	 arena_tune_malloc(void);

/* Initialise an arena in caller-provided storage; chunk_size 0 = 16 KiB. */
void	 arena_init(struct arena *a, size_t chunk_size);

/* Run every cleanup (newest first) and release all chunks. Reusable after. */
void	 arena_free(struct arena *a);

/*
 * Run every cleanup and release every chunk but one of the default size,
 * kept empty for the arena's next use: a process that serves one request
 * after another with an arena each spares a malloc and a free of a chunk
 * a request. Release it with arena_free() once it is no longer used.
 */
void	 arena_reset(struct arena *a);

/* Uninitialised memory, aligned for any type. size 0 returns a valid ptr. */
void	*arena_alloc(struct arena *a, size_t size);

/* Zeroed memory for n elements of size bytes; aborts on overflow. */
void	*arena_calloc(struct arena *a, size_t n, size_t size);

/* NUL-terminated copies. arena_strdup(NULL) returns NULL. */
char	*arena_strdup(struct arena *a, const char *s);
char	*arena_strndup(struct arena *a, const char *s, size_t len);
void	*arena_memdup(struct arena *a, const void *p, size_t len);

/* printf into the arena. */
char	*arena_printf(struct arena *a, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
char	*arena_vprintf(struct arena *a, const char *fmt, va_list ap);

/* Register fn(arg) to run when the arena is freed. */
void	 arena_defer(struct arena *a, void (*fn)(void *), void *arg);

/* Abort with a message; used by every allocator in the project on OOM. */
void	 steward_oom(size_t size) __attribute__((noreturn));

#endif

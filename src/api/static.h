/*
 * static.h - the console's files, served from memory.
 *
 * static_load() reads the web directory once in Kore's parent process,
 * before the workers are forked and sandboxed; each worker serves the
 * files from that inherited memory. Every file gets a strong ETag (BLAKE2b
 * of its bytes) and "Cache-Control: no-cache", so browsers revalidate and
 * get 304 until the file changes. Paths without a file extension that are
 * not under /api/ are console routes and get index.html.
 */
#ifndef STEWARD_STATIC_H
#define STEWARD_STATIC_H

struct rq;

/* Load every file under dir; 0 on success. */
int	static_load(const char *dir);
/* Answer a GET/HEAD for a console file (ST_NOT_FOUND otherwise). */
int	static_serve(struct rq *rq);

#endif

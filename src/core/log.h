/*
 * log.h - structured logs: one JSON object per line on standard error.
 *
 *	struct logline l;
 *	log_begin(&l, LV_INFO, "http.request");
 *	log_str(&l, "path", req->path);
 *	log_int(&l, "status", 200);
 *	log_end(&l);
 *
 * Every line carries "ts" (RFC 3339, UTC, milliseconds), "level", "event"
 * and "pid". log_end() writes the line with a single write(2) so lines from
 * several worker processes never interleave. Lines below the configured
 * level are built and dropped cheaply.
 */
#ifndef STEWARD_LOG_H
#define STEWARD_LOG_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/json.h"

enum log_level { LV_DEBUG = 0, LV_INFO, LV_WARN, LV_ERROR };

struct logline {
	struct buf	b;
	struct jw	w;
	bool		on;
};

/* Minimum level written; from STEWARD_LOG_LEVEL (debug|info|warn|error). */
void	log_set_level(enum log_level lvl);
void	log_level_from_env(void);

void	log_begin(struct logline *l, enum log_level lvl, const char *event);
void	log_str(struct logline *l, const char *key, const char *val);
void	log_int(struct logline *l, const char *key, long long val);
void	log_end(struct logline *l);

/* One-shot: an event with a human message. */
void	log_msg(enum log_level lvl, const char *event, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#endif

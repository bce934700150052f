/*
 * log.c - structured logging; see log.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"

static enum log_level	log_min = LV_INFO;

static const char *const level_names[] = { "debug", "info", "warn", "error" };

void
log_set_level(enum log_level lvl)
{
	log_min = lvl;
}

void
log_level_from_env(void)
{
	const char	*v;
	int		 i;

	if ((v = getenv("STEWARD_LOG_LEVEL")) == NULL)
		return;
	for (i = 0; i <= LV_ERROR; i++)
		if (strcmp(v, level_names[i]) == 0)
			log_min = (enum log_level)i;
}

void
log_begin(struct logline *l, enum log_level lvl, const char *event)
{
	struct timeval	tv;
	struct tm	tm;
	char		ts[80];

	l->on = lvl >= log_min;
	buf_init(&l->b);
	if (!l->on)
		return;
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	snprintf(ts, sizeof(ts), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, (long)(tv.tv_usec / 1000));
	jw_init(&l->w, &l->b);
	jw_obj_begin(&l->w);
	jw_kstr(&l->w, "ts", ts);
	jw_kstr(&l->w, "level", level_names[lvl]);
	jw_kstr(&l->w, "event", event);
	jw_kint(&l->w, "pid", (long long)getpid());
}

void
log_str(struct logline *l, const char *key, const char *val)
{
	if (l->on)
		jw_kstr(&l->w, key, val);
}

void
log_int(struct logline *l, const char *key, long long val)
{
	if (l->on)
		jw_kint(&l->w, key, val);
}

void
log_end(struct logline *l)
{
	ssize_t	n;

	if (l->on) {
		jw_obj_end(&l->w);
		buf_addc(&l->b, '\n');
		n = write(STDERR_FILENO, l->b.data, l->b.len);
		(void)n;
	}
	buf_free(&l->b);
}

void
log_msg(enum log_level lvl, const char *event, const char *fmt, ...)
{
	struct logline	l;
	struct buf	m = BUF_INIT;
	va_list		ap;

	if (lvl < log_min)
		return;
	va_start(ap, fmt);
	buf_vprintf(&m, fmt, ap);
	va_end(ap);
	log_begin(&l, lvl, event);
	log_str(&l, "msg", m.data);
	log_end(&l);
	buf_free(&m);
}

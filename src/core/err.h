/*
 * err.h - error reporting shared by every layer.
 *
 * Functions that can fail return an int status: ST_OK (0) on success or one
 * of the ST_* values below, which are HTTP status codes so the API layer can
 * answer without a translation table. Details go into a caller-provided
 * struct err: a machine-readable code ("validation_failed"), a message id
 * from msg.h, and for validation failures one message per field.
 *
 * The first error set wins for code/message; fields accumulate, so a
 * validator can report every bad field in one pass.
 */
#ifndef STEWARD_ERR_H
#define STEWARD_ERR_H

#include <stddef.h>

#include "core/msg.h"

enum {
	ST_OK		= 0,
	ST_MALFORMED	= 400,
	ST_UNAUTH	= 401,
	ST_FORBIDDEN	= 403,
	ST_NOT_FOUND	= 404,
	ST_METHOD	= 405,
	ST_CONFLICT	= 409,
	ST_GONE		= 410,
	ST_TOO_LARGE	= 413,
	ST_MEDIA	= 415,
	ST_INVALID	= 422,
	ST_RATE_LIMITED	= 429,
	ST_INTERNAL	= 500,
	ST_UNAVAILABLE	= 503
};

#define ERR_MAX_FIELDS	32

struct err_field {
	char		name[64];	/* JSON path of the field, "email" */
	enum msg_id	msg;
	long long	n;
	char		s[256];
};

struct err {
	int		 status;	/* ST_* */
	char		 code[40];	/* "validation_failed", ... */
	enum msg_id	 msg;
	long long	 n;
	char		 s[160];
	long		 retry_after;	/* seconds, for ST_RATE_LIMITED */
	size_t		 nfields;
	struct err_field fields[ERR_MAX_FIELDS];
	char		 internal[256];	/* for logs only, never shown */
};

void	 err_clear(struct err *e);

/* Set status/code/message unless already set; returns status. */
int	 err_set(struct err *e, int status, const char *code, enum msg_id msg);
int	 err_setn(struct err *e, int status, const char *code, enum msg_id msg,
	    long long n);
int	 err_sets(struct err *e, int status, const char *code, enum msg_id msg,
	    const char *s);

/* Record an internal failure (ST_INTERNAL) with a detail for the logs. */
int	 err_internal(struct err *e, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Add a field error and make the error a 422 "validation_failed" (unless a
 * status is already set). A second error for the same field is ignored so
 * the first, most basic complaint is the one shown. Returns ST_INVALID.
 */
int	 err_field(struct err *e, const char *field, enum msg_id msg);
int	 err_fieldn(struct err *e, const char *field, enum msg_id msg,
	    long long n);
int	 err_fields(struct err *e, const char *field, enum msg_id msg,
	    const char *s);

/*
 * Replace whatever e holds with ST_CONFLICT, code and msg, and the same
 * message on field (so a form can show it beside the input).
 */
int	 err_conflict(struct err *e, const char *code, enum msg_id msg,
	    const char *field);

/*
 * Change status, code and message, keeping the field errors (a list of
 * problems some of which are conflicts). Returns status.
 */
int	 err_promote(struct err *e, int status, const char *code,
	    enum msg_id msg);

/* Whether field already has an error. */
int	 err_has_field(const struct err *e, const char *field);

/* Render the top-level message in lang. */
void	 err_message(const struct err *e, enum lang l, char *out, size_t len);

#endif

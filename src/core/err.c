/*
 * err.c - error reporting; see err.h.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/err.h"

void
err_clear(struct err *e)
{
	e->status = ST_OK;
	e->code[0] = '\0';
	e->msg = M_NONE;
	e->n = 0;
	e->s[0] = '\0';
	e->retry_after = 0;
	e->nfields = 0;
	e->internal[0] = '\0';
}

static int
err_set_common(struct err *e, int status, const char *code, enum msg_id msg,
    long long n, const char *s)
{
	assert(status != ST_OK);
	if (e->status != ST_OK && e->msg != M_NONE)
		return (e->status);
	e->status = status;
	snprintf(e->code, sizeof(e->code), "%s", code);
	e->msg = msg;
	e->n = n;
	snprintf(e->s, sizeof(e->s), "%s", s != NULL ? s : "");
	return (status);
}

int
err_set(struct err *e, int status, const char *code, enum msg_id msg)
{
	return (err_set_common(e, status, code, msg, 0, NULL));
}

int
err_setn(struct err *e, int status, const char *code, enum msg_id msg,
    long long n)
{
	return (err_set_common(e, status, code, msg, n, NULL));
}

int
err_sets(struct err *e, int status, const char *code, enum msg_id msg,
    const char *s)
{
	return (err_set_common(e, status, code, msg, 0, s));
}

int
err_internal(struct err *e, const char *fmt, ...)
{
	va_list	ap;

	if (e->internal[0] == '\0') {
		va_start(ap, fmt);
		vsnprintf(e->internal, sizeof(e->internal), fmt, ap);
		va_end(ap);
	}
	return (err_set(e, ST_INTERNAL, "internal", M_INTERNAL));
}

int
err_has_field(const struct err *e, const char *field)
{
	size_t	i;

	for (i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].name, field) == 0)
			return (1);
	return (0);
}

static int
err_field_common(struct err *e, const char *field, enum msg_id msg,
    long long n, const char *s)
{
	struct err_field	*f;

	if (e->status == ST_OK || e->status == ST_INVALID) {
		e->status = ST_INVALID;
		if (e->code[0] == '\0') {
			snprintf(e->code, sizeof(e->code), "validation_failed");
			e->msg = M_VALIDATION;
		}
	}
	if (err_has_field(e, field) || e->nfields >= ERR_MAX_FIELDS)
		return (ST_INVALID);
	f = &e->fields[e->nfields++];
	snprintf(f->name, sizeof(f->name), "%s", field);
	f->msg = msg;
	f->n = n;
	snprintf(f->s, sizeof(f->s), "%s", s != NULL ? s : "");
	return (ST_INVALID);
}

int
err_field(struct err *e, const char *field, enum msg_id msg)
{
	return (err_field_common(e, field, msg, 0, NULL));
}

int
err_fieldn(struct err *e, const char *field, enum msg_id msg, long long n)
{
	return (err_field_common(e, field, msg, n, NULL));
}

int
err_fields(struct err *e, const char *field, enum msg_id msg, const char *s)
{
	return (err_field_common(e, field, msg, 0, s));
}

int
err_conflict(struct err *e, const char *code, enum msg_id msg,
    const char *field)
{
	err_clear(e);
	err_set(e, ST_CONFLICT, code, msg);
	if (field != NULL)
		err_field(e, field, msg);
	return (ST_CONFLICT);
}

int
err_promote(struct err *e, int status, const char *code, enum msg_id msg)
{
	e->status = status;
	snprintf(e->code, sizeof(e->code), "%s", code);
	e->msg = msg;
	e->n = 0;
	e->s[0] = '\0';
	return (status);
}

void
err_message(const struct err *e, enum lang l, char *out, size_t len)
{
	msg_render(out, len, l, e->msg == M_NONE ? M_INTERNAL : e->msg,
	    e->n, e->s);
}

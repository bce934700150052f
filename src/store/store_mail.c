/*
 * store_mail.c - the e-mail outbox: enqueue, claim with a lease, record
 * outcomes, and the operator's overview. See store.h.
 */
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/rand.h"
#include "store/store_int.h"

#define MAIL_COLS \
	"id, account_id, kind, recipient, recipient_name, language, subject," \
	" body_text, body_html, message_id, status, attempts," \
	" next_attempt_at, last_error, created_at, COALESCE(sent_at, 0)," \
	" COALESCE(failed_at, 0)"
#define FAILED_FIRST	"CASE status WHEN 'failed' THEN 0 ELSE 1 END"

static void
mail_from_row(const struct db_rows *r, size_t i, struct mail_message *m)
{
	memset(m, 0, sizeof(*m));
	m->id = db_cell(r, i, 0);
	m->account_id = db_cell(r, i, 1);
	m->kind = db_cell(r, i, 2);
	m->recipient = db_cell(r, i, 3);
	m->recipient_name = db_cell(r, i, 4);
	m->language = db_cell(r, i, 5);
	m->subject = db_cell(r, i, 6);
	m->body_text = db_cell(r, i, 7);
	m->body_html = db_cell(r, i, 8);
	m->message_id = db_cell(r, i, 9);
	m->status = db_cell(r, i, 10);
	m->attempts = db_cell_int(r, i, 11);
	m->next_attempt_at = db_cell_int(r, i, 12);
	m->last_error = db_cell(r, i, 13);
	m->created_at = db_cell_int(r, i, 14);
	m->sent_at = db_cell_int(r, i, 15);
	m->failed_at = db_cell_int(r, i, 16);
}

int
store_mail_enqueue(struct store *st, const char *account_id,
    struct arena *a, const struct mail_message *m, int64_t now, char **id,
    struct err *e)
{
	char	*nid;
	int	 rc;

	nid = id_new_ordered(a, "msg");
	rc = db_query(st->db, a, NULL, e,
	    "INSERT INTO mail_outbox (id, account_id, kind, recipient,"
	    " recipient_name, language, subject, body_text, body_html,"
	    " message_id, status, attempts, next_attempt_at, created_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'waiting', 0, ?, ?)",
	    DB_ARGS(DB_TEXT(nid), DB_TEXT(account_id), DB_TEXT(m->kind),
	    DB_TEXT(m->recipient), DB_TEXT(m->recipient_name ?
	    m->recipient_name : ""), DB_TEXT(m->language), DB_TEXT(m->subject),
	    DB_TEXT(m->body_text), DB_TEXT(m->body_html),
	    DB_TEXT(m->message_id), DB_INT(now), DB_INT(now)));
	if (rc == ST_OK && id != NULL)
		*id = nid;
	return (rc);
}

/* What a sender may claim at now: due, or abandoned by its sender. */
#define CLAIMABLE \
	"((status = 'waiting' AND next_attempt_at <= ?)" \
	" OR (status = 'sending' AND lease_until < ?))"

int
store_mail_claim(struct store *st, struct arena *a, const char *owner,
    int64_t now, int64_t lease_until, size_t max, struct mail_message **out,
    size_t *n, struct err *e)
{
	struct db_rows	cand, r;
	size_t		i;
	int		rc;

	*out = NULL;
	*n = 0;
	/* Candidates first (a cheap indexed read when nothing is due)... */
	rc = db_query(st->db, a, &cand, e,
	    "SELECT id FROM mail_outbox WHERE " CLAIMABLE
	    " ORDER BY next_attempt_at, id LIMIT ?",
	    DB_ARGS(DB_INT(now), DB_INT(now), DB_INT(max)));
	if (rc != ST_OK || cand.nrows == 0)
		return (rc);
	*out = arena_calloc(a, cand.nrows, sizeof(**out));
	/*
	 * ...then each claimed by a conditional update that only succeeds
	 * while the row is still claimable: of senders racing for a
	 * message, exactly one gets it (the others update nothing).
	 */
	for (i = 0; i < cand.nrows; i++) {
		rc = db_query(st->db, a, &r, e,
		    "UPDATE mail_outbox SET status = 'sending',"
		    " lease_owner = ?, lease_until = ?,"
		    " attempts = attempts + 1"
		    " WHERE id = ? AND " CLAIMABLE " RETURNING " MAIL_COLS,
		    DB_ARGS(DB_TEXT(owner), DB_INT(lease_until),
		    DB_TEXT(db_cell(&cand, i, 0)), DB_INT(now), DB_INT(now)));
		if (rc != ST_OK)
			return (rc);
		if (r.nrows == 1)
			mail_from_row(&r, 0, &(*out)[(*n)++]);
	}
	return (ST_OK);
}

/* Record an outcome when owner still holds the lease. */
static int
settle(struct store *st, const char *sql, const struct db_param *p,
    size_t np, struct err *e)
{
	return (store_change_or(st, e, ST_CONFLICT, "lease_lost", M_CONFLICT,
	    sql, p, np));
}

int
store_mail_sent(struct store *st, const char *id, const char *owner,
    int64_t now, struct err *e)
{
	return (settle(st,
	    "UPDATE mail_outbox SET status = 'sent', sent_at = ?,"
	    " lease_owner = NULL, lease_until = NULL, last_error = ''"
	    " WHERE id = ? AND status = 'sending' AND lease_owner = ?",
	    DB_ARGS(DB_INT(now), DB_TEXT(id), DB_TEXT(owner)), e));
}

int
store_mail_retry(struct store *st, const char *id, const char *owner,
    int64_t next_attempt_at, const char *error, struct err *e)
{
	return (settle(st,
	    "UPDATE mail_outbox SET status = 'waiting', next_attempt_at = ?,"
	    " lease_owner = NULL, lease_until = NULL, last_error = ?"
	    " WHERE id = ? AND status = 'sending' AND lease_owner = ?",
	    DB_ARGS(DB_INT(next_attempt_at), DB_TEXT(error), DB_TEXT(id),
	    DB_TEXT(owner)), e));
}

int
store_mail_failed(struct store *st, const char *id, const char *owner,
    int64_t now, const char *error, struct err *e)
{
	return (settle(st,
	    "UPDATE mail_outbox SET status = 'failed', failed_at = ?,"
	    " lease_owner = NULL, lease_until = NULL, last_error = ?"
	    " WHERE id = ? AND status = 'sending' AND lease_owner = ?",
	    DB_ARGS(DB_INT(now), DB_TEXT(error), DB_TEXT(id), DB_TEXT(owner)),
	    e));
}

int
store_mail_overview(struct store *st, const char *operator_id,
    struct arena *a, struct page *pg, struct mail_counts *counts,
    struct mail_message **out, size_t *n, struct err *e)
{
	struct db_param	 p[8];
	struct db_rows	 r;
	struct buf	 sql = BUF_INIT;
	size_t		 i;
	int		 rc;

	memset(counts, 0, sizeof(*counts));
	*out = NULL;
	*n = 0;
	rc = store_one(st, a, &r, e,
	    "SELECT"
	    " COALESCE(SUM(CASE WHEN status IN ('waiting', 'sending')"
	    "  THEN 1 ELSE 0 END), 0),"
	    " COALESCE(SUM(CASE WHEN status = 'sent' THEN 1 ELSE 0 END), 0),"
	    " COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0),"
	    " COALESCE(MIN(CASE WHEN status IN ('waiting', 'sending')"
	    "  THEN created_at END), 0)"
	    " FROM mail_outbox WHERE " IS_OPERATOR,
	    DB_ARGS(DB_TEXT(operator_id)));
	if (rc != ST_OK)
		return (rc);
	counts->waiting = db_cell_int(&r, 0, 0);
	counts->sent = db_cell_int(&r, 0, 1);
	counts->failed = db_cell_int(&r, 0, 2);
	counts->oldest_waiting = db_cell_int(&r, 0, 3);
	/* Failed first, then the newest. */
	buf_adds(&sql, "SELECT " MAIL_COLS ", " FAILED_FIRST " FROM mail_outbox"
	    " WHERE status <> 'sent' AND " IS_OPERATOR);
	p[0] = DB_TEXT(operator_id);
	if ((rc = store_page_query(st, a, &r, e, &sql, p, 1, pg,
	    FAILED_FIRST ", created_at, id", "iIT")) != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(17, 14, 0));
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++)
		mail_from_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return (ST_OK);
}

int
store_mail_requeue(struct store *st, const char *operator_id, const char *id,
    int64_t now, struct err *e)
{
	struct db_rows	r;
	struct arena	a;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, &r, e,
	    "UPDATE mail_outbox SET status = 'waiting', next_attempt_at = ?,"
	    " failed_at = NULL WHERE id = ? AND status = 'failed' AND "
	    IS_OPERATOR, DB_ARGS(DB_INT(now), DB_TEXT(id),
	    DB_TEXT(operator_id)));
	if (rc == ST_OK && r.changes == 0) {
		rc = db_query(st->db, &a, &r, e,
		    "SELECT status FROM mail_outbox WHERE id = ? AND "
		    IS_OPERATOR, DB_ARGS(DB_TEXT(id), DB_TEXT(operator_id)));
		if (rc == ST_OK)
			rc = r.nrows == 0 ? err_set(e, ST_NOT_FOUND,
			    "not_found", M_NOT_FOUND) : err_set(e,
			    ST_CONFLICT, "not_failed", M_CONFLICT);
	}
	arena_free(&a);
	return (rc);
}

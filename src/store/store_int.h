/*
 * store_int.h - internals shared by the store_*.c files.
 */
#ifndef STEWARD_STORE_INT_H
#define STEWARD_STORE_INT_H

#include "core/buf.h"
#include "core/msg.h"
#include "core/page.h"
#include "store/db.h"
#include "store/store.h"
#include "store/store_oms.h"
#include "store/store_subscription.h"

struct store {
	struct db	*db;
	/* SQLite: the records waiting for their search indexes are indexed
	 * before the outermost commit (store_bulk_begin(), or a writer that
	 * found too many waiting; store_oms_index_catch_up()). */
	bool		 oms_index_at_commit;
	/* SQLite: the highest seq before an OMS import's staged records
	 * (store_oms_stage_write); -1 until it writes the first. */
	long long	 oms_stage_base;
	/* store_tx_later(): the work that opens the owner's transaction,
	 * whether it is to be a savepoint of a group, its level once open,
	 * whether it is open, and whether the code inside has committed it
	 * (handed it back); and whether a group's transaction is open. */
	int		(*later_first)(void *, struct err *);
	void		*later_arg;
	bool		 later_group;
	int		 later_depth;
	bool		 later_open;
	bool		 later_handed_back;
	bool		 group_open;
	/* The records changed since partners' search blocks began, kept
	 * between searches (store_oms_kept.c); NULL until the first. */
	struct oms_kept	*oms_kept;
	/* The last store_snapshot_begin() began a read-only snapshot of its
	 * own (not inside a transaction); store_tx_begin() clears it. */
	bool		 snapshot_own;
};

/* Run sql and require exactly zero or one row; ST_NOT_FOUND on zero. */
int	store_one(struct store *st, struct arena *a, struct db_rows *rows,
	    struct err *e, const char *sql, const struct db_param *p,
	    size_t np);

/* Run sql, a query whose one row's first column is a count, into *n
 * (0 when it fails). */
int	store_count(struct store *st, struct err *e, long long *n,
	    const char *sql, const struct db_param *p, size_t np);

/*
 * Run a statement that must change a row (an UPDATE or DELETE by key).
 * When it changes none: ST_NOT_FOUND, or with store_change_or() the
 * status, code and message given (a lost race, say: ST_CONFLICT).
 */
int	store_change_one(struct store *st, struct err *e, const char *sql,
	    const struct db_param *p, size_t np);
int	store_change_or(struct store *st, struct err *e, int status,
	    const char *code, enum msg_id msg, const char *sql,
	    const struct db_param *p, size_t np);

/*
 * After a query for pg->limit + 1 rows: keep pg->limit of them and, when
 * there were more, set pg's next keys from columns cols[0..ncols) of the
 * last row kept. Returns how many rows are kept.
 *	n = store_page_end(pg, &r, PAGE_COLS(2, 0));
 */
size_t	store_page_end(struct page *pg, struct db_rows *r, const size_t *cols,
	    size_t ncols);
#define PAGE_COLS(...)	(const size_t[]){ __VA_ARGS__ },		\
	sizeof((const size_t[]){ __VA_ARGS__ }) / sizeof(size_t)
/*
 * With a cursor, append to sql the condition "after the cursor's row" and
 * to p[*np...] its parameters. cols names the sort keys, separated by
 * ", " (no key may contain ", "); types has one letter a key: 't' text,
 * 'i' integer, upper case for a key sorted descending. ST_INVALID with a
 * field error on "cursor" when a key is not of its type.
 */
int	store_page_after(struct buf *sql, struct db_param *p, size_t *np,
	    const struct page *pg, const char *cols, const char *types,
	    struct err *e);
/*
 * Finish and run a list query: sql (a SELECT ... WHERE ..., freed here)
 * gets the cursor's condition, ORDER BY the keys and LIMIT pg->limit + 1,
 * and runs with p[0..np) and the parameters added (p needs room for
 * n(n+1)/2 + 1 more, n = strlen(types)). Then call store_page_end().
 */
int	store_page_query(struct store *st, struct arena *a, struct db_rows *r,
	    struct err *e, struct buf *sql, struct db_param *p, size_t np,
	    const struct page *pg, const char *cols, const char *types);
/* The LIMIT to ask for: one row more than the page. */
#define PAGE_LIMIT(pg)	DB_INT((long long)(pg)->limit + 1)

/*
 * When scoped (a principal whose role covers chosen customers) is not
 * NULL, narrow a query to them: " AND col IN (...)" on sql, and its two
 * parameters on p[*np...].
 */
void	store_scope_where(struct buf *sql, struct db_param *p, size_t *np,
	    const char *col, const char *account_id, const char *scoped);
/* The same for a principal whose role covers chosen sites of a company
 * console: col (a site id column) among them. */
void	store_site_scope_where(struct buf *sql, struct db_param *p,
	    size_t *np, const char *col, const char *account_id,
	    const char *scoped);

/* The columns and joins of an alert, and its record from a row of them
 * (store_alert.c). */
#define ALERT_COLS \
	"a.id, a.partner_id, a.customer_id, c.company, a.device_id," \
	" d.hostname, a.type, a.severity, a.subject, a.data, a.status," \
	" a.count, a.first_seen, a.last_seen, a.changed_by," \
	" a.changed_by_name, COALESCE(a.changed_at, 0), a.note," \
	" COALESCE(a.closed_at, 0), d.site_id, si.name, c.kind"

#define ALERT_FROM \
	" FROM alerts a JOIN customers c ON c.id = a.customer_id" \
	" LEFT JOIN devices d ON d.id = a.device_id" \
	" LEFT JOIN sites si ON si.id = d.site_id"

struct alert;
void	store_alert_row(const struct db_rows *r, size_t i, struct alert *out);

/*
 * devices.seen_mark: a coarse copy of last_seen for the indexes (migration
 * 0038), which a last-seen write moves only when last_seen has gone this
 * far past it. Every write keeps seen_mark <= last_seen < seen_mark +
 * SEEN_MARK_SPAN, so "last_seen < t" is "seen_mark < t" checked against
 * last_seen on rows with seen_mark > t - SEEN_MARK_SPAN.
 */
#define SEEN_MARK_SPAN	3600
#define SEEN_MARK_SPAN_SQL	SEEN_MARK_STR(SEEN_MARK_SPAN)
#define SEEN_MARK_STR(x)	SEEN_MARK_STR2(x)
#define SEEN_MARK_STR2(x)	#x

/*
 * The device's status, from two parameters: the time before which a
 * device is offline, and the time before which its definitions are too
 * old. Protection never reported counts as at risk.
 */
#define DEVICE_STATUS_EXPR \
	"CASE WHEN d.last_seen < ? THEN 'offline'" \
	" WHEN d.protection IS NULL OR d.protection = 'off'" \
	" OR d.definitions_at IS NULL OR d.definitions_at < ?" \
	" OR d.open_threats > 0 THEN 'at_risk' ELSE 'protected' END"

/* The check every operator-only query starts its WHERE clause with: the
 * operator_id parameter names an account of kind operator. */
#define IS_OPERATOR \
	"EXISTS (SELECT 1 FROM accounts o WHERE o.id = ? AND o.kind = 'operator')"

/* A subscription's columns (s: subscriptions, c: its customer) and the
 * reader of one row of them. */
#define SUB_COLS \
	"s.customer_id, s.service_key, s.partner_id, s.kind, s.status," \
	" s.seats, s.starts_on, s.ends_on, s.trial_started_on," \
	" s.trial_ends_on, s.created_at, s.updated_at, c.company"
void	store_sub_row(const struct db_rows *r, size_t i,
	    struct subscription *s);

/*
 * SQLite: the highest OMS seq in the records' search indexes; every
 * record at or below it is in them, none above it (migration 0041).
 * Installation bookkeeping, kept in meta.
 */
#define OMS_INDEX_MARK \
	"(SELECT CAST(value AS INTEGER) FROM meta" \
	" WHERE key = 'oms_index_mark')"

/*
 * SQLite: the highest OMS seq ever handed out, as far as anything still
 * remembers it. A seq is MAX(seq)+1, and deleting the records with the
 * highest seqs (an account purge) would lower it; a search generation's
 * mark (store_oms_blocks.c) holds it up, so a record added or changed
 * after a generation began always lands above that generation's mark;
 * and so does the index mark (migration 0041), so that a new record
 * always waits for its search indexes.
 */
#define OMS_SEQ_TOP \
	"(SELECT MAX(s) FROM (SELECT MAX(seq) AS s FROM oms_records" \
	" UNION ALL SELECT MAX(mark) FROM oms_search_gens" \
	" UNION ALL SELECT " OMS_INDEX_MARK \
	" UNION ALL SELECT 0))"

/* An OMS record's columns (r: oms_records, c: its hub customer, joined
 * as OMS_FROM does) and the reader of one row of them (store_oms.c). */
#define OMS_COLS \
	"r.id, r.partner_id, r.type, r.email, r.email_norm, r.first_name, " \
	"r.last_name, r.company, r.industry, r.website, r.phone, r.street, " \
	"r.postal_code, r.city, r.country, c.id, r.created_at, r.updated_at, " \
	"r.eligible, c.purge_at"
#define OMS_NCOLS	20
#define OMS_CUSTOMER \
	" LEFT JOIN customers c ON c.oms_record_id = r.id" \
	" AND c.partner_id = r.partner_id"
#define OMS_FROM	" FROM oms_records r" OMS_CUSTOMER
void	store_oms_row(const struct db_rows *r, size_t i, struct oms_record *o);
/* What separates one record's search text from the next in a search
 * block (store_oms_blocks.c); no search can hold it. */
#define OMS_BLOCK_SEP	'\x1e'

/* Helpers shared by store files. */
char	*oms_search_text(struct arena *a, const struct oms_record *o);
/* What a customer search looks in (store_customer.c). */
char	*customer_search_text(struct arena *a, const struct customer *c);
char	*like_pattern(struct arena *a, const char *find);

#endif

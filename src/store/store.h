/*
 * store.h - the persistence interface of Steward.
 *
 * The app layer reaches the database through this header and its
 * siblings, one per larger concern:
 * store_oms.h (OMS records and their search), store_policy.h (policies),
 * store_subscription.h (catalogue, subscriptions, codes), store_device.h,
 * store_alert.h, store_deletion.h, store_webhook.h and store_reset.h.
 * One implementation serves both engines (SQLite and PostgreSQL): the
 * functions are written once against db.h.
 *
 * Conventions
 *  - Every call returns ST_OK or an ST_* status (err.h) with details in e.
 *    ST_NOT_FOUND means "no such row for this tenant"; ST_CONFLICT a
 *    uniqueness clash (duplicate e-mail, ...).
 *  - Calls about data that belongs to an account take that account's id
 *    right after the store (`account_id`, `partner_id`) and only ever touch
 *    rows of that account. Tenant isolation can be read off this header:
 *    a call without an account parameter works on global data (logins,
 *    sessions, rate limits) keyed by something the caller already proved.
 *  - Strings in returned records live in the arena passed in.
 *  - Lists are read a page at a time in a fixed order (core/page.h): a
 *    call taking a struct page reads pg->limit rows after pg->after and
 *    sets pg->more and pg->next. ST_INVALID (field "cursor") when the
 *    keys in pg->after are not of the list's kind.
 *  - Times are Unix seconds.
 *  - Writes that belong together are wrapped by the caller in
 *    store_tx_begin()/store_tx_commit(); store_tx_rollback() is safe to
 *    call when no transaction is open.
 */
#ifndef STEWARD_STORE_H
#define STEWARD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct err;
struct page;
struct store;

/* ---- connection and schema -------------------------------------------- */

/* Whether url names PostgreSQL rather than a SQLite file. */
bool	store_url_is_pg(const char *url);

/* Open url (SQLite path or postgresql:// URI). create: allow a new file. */
int	store_open(const char *url, bool create, struct store **out,
	    struct err *e);
void	store_close(struct store *st);
/* A request worker's settings, called once before its first store_open():
 * SQLite checkpoints in line only past 256 MiB of log, leaving that to the
 * background process (db_sqlite.c). */
void	store_tune_requests(void);
/* "sqlite" or "postgresql". */
const char *store_engine(const struct store *st);

/* ---- backup (stewardctl backup, restore, doctor) ----------------------- */

/*
 * SQLite: an online, consistent copy of st's database into the file
 * to_path (db.h, db_sqlite_copy). ST_MALFORMED when st is PostgreSQL
 * (pg_dump's job).
 */
int	store_sqlite_copy(struct store *st, const char *to_path,
	    struct err *e);
/*
 * Check the database (*problem: the first complaint, in a; NULL when
 * intact): SQLite's PRAGMA integrity_check, then PRAGMA foreign_key_check;
 * on PostgreSQL, no index left invalid and no constraint left unvalidated.
 * SQLite reads the whole file.
 */
int	store_integrity(struct store *st, struct arena *a, const char **problem,
	    struct err *e);
/* How many tables the database holds outside the system's own (0: an
 * empty database, a safe target for a restore). */
int	store_table_count(struct store *st, long long *n, struct err *e);

/* Apply missing migrations; *applied = how many were applied. */
int	store_migrate(struct store *st, int *applied, struct err *e);
/* Migrate up to version upto (0: all); upgrade tests start from old ones. */
int	store_migrate_to(struct store *st, int upto, int *applied,
	    struct err *e);
/*
 * Run SQL text as it is (several statements). For upgrade tests and
 * administration only: never with anything a user sent.
 */
int	store_exec(struct store *st, const char *sql, struct err *e);
/* Current schema version and the version this build expects. */
int	store_schema_version(struct store *st, int *current, int *latest,
	    struct err *e);
/* Refresh the planner's statistics after a bulk change (ANALYZE on
 * PostgreSQL, PRAGMA optimize on SQLite). */
int	store_optimize(struct store *st, struct err *e);
/* The database answers (readiness). */
int	store_ping(struct store *st, struct err *e);

/*
 * Write transactions. They nest (inner levels are savepoints), so an app
 * function that groups its writes can run inside a caller's transaction.
 * store_tx_rollback() undoes the innermost level; store_tx_abandon() every
 * level (the API calls it after each request).
 */
int	store_tx_begin(struct store *st, struct err *e);
/* Reads that must agree with each other (counts and their corrections):
 * one snapshot until store_tx_commit() or store_tx_rollback(). */
int	store_snapshot_begin(struct store *st, struct err *e);
/*
 * Commits on this connection that need not wait for the disk (on) or the
 * default durable ones again (off): for writes a crash may lose, such as
 * batched last-seen times. SQLite: synchronous NORMAL (WAL stays
 * consistent); PostgreSQL: synchronous_commit off. Outside transactions.
 */
int	store_relaxed(struct store *st, bool on, struct err *e);
/*
 * A connection that writes rows it finds by key and reads nothing else
 * (the last-seen writer, api/seen.h): on SQLite its page cache is kept to
 * 1 MiB (16 MiB is the default here), since the random pages it touches
 * are not touched again soon; nothing on PostgreSQL.
 */
int	store_cache_small(struct store *st, struct err *e);
/*
 * Copy what the write-ahead log holds into the database without waiting
 * for anyone (SQLite's passive checkpoint; nothing on PostgreSQL). The
 * background process calls it every second, so request workers do not
 * reach the log size at which they would checkpoint in line.
 */
int	store_checkpoint(struct store *st, struct err *e);
/* Commit (the outermost) or release (a savepoint); when that fails, the
 * transaction or savepoint is rolled back before the error returns. */
int	store_tx_commit(struct store *st, struct err *e);
void	store_tx_rollback(struct store *st);
void	store_tx_abandon(struct store *st);
/*
 * A transaction owned by the caller that begins only when the code it
 * calls next opens one: that code's outermost store_tx_begin() runs BEGIN,
 * then first(arg, e) inside the new transaction (its failure fails that
 * store_tx_begin() and ends the transaction), and is itself that
 * transaction rather than a savepoint in it. Its store_tx_commit() hands
 * the open transaction back to the owner; its store_tx_rollback() ends
 * it. The owner then asks store_tx_later_open() whether there is a
 * transaction to finish, and finishes it with store_tx_later_commit() or
 * store_tx_rollback(); store_tx_abandon() forgets all of it. The router
 * claims Idempotency-Keys this way, so that a handler's checks and reads
 * run before the write lock is taken (SQLite's one writer, in particular).
 *
 * With group, that transaction is a savepoint of a group transaction,
 * which the first such begin opens and store_group_commit() commits: the
 * owners' store_tx_later_commit() only releases their savepoints, so the
 * work of several owners reaches the disk in one commit (one sync of the
 * log, and pages they share written once). While store_group_open(), the
 * connection serves grouped work only (store_tx_abandon() rolls back to
 * the group's level and keeps it), and nothing in the group may be
 * reported as done before store_group_commit() succeeds; when it fails,
 * all of the group's work is gone.
 */
void	store_tx_later(struct store *st, int (*first)(void *, struct err *),
	    void *arg, bool group);
bool	store_tx_later_open(const struct store *st);
int	store_tx_later_commit(struct store *st, struct err *e);
bool	store_group_open(const struct store *st);
int	store_group_commit(struct store *st, struct err *e);

/* Small key/value settings of the installation. */
int	store_meta_get(struct store *st, struct arena *a, const char *key,
	    char **value, struct err *e);	/* ST_NOT_FOUND if unset */
int	store_meta_set(struct store *st, const char *key, const char *value,
	    struct err *e);

/* ---- accounts ------------------------------------------------------------ */

struct account {
	const char	*id;
	const char	*kind;		/* operator | partner | company */
	const char	*name;
	const char	*region;
	bool		 flexible_billing;
	int64_t		 created_at;
	int64_t		 updated_at;
	long long	 device_offline_days;	/* a device not seen for
						 * this long is offline */
	bool		 require_two_step;	/* every user needs it */
	const char	*tenancy;	/* a company's: single | multi; else NULL */
	const char	*self_id;	/* a company's own record, or NULL */
};

/* A company console is made single-tenant (store_account_set_tenancy). */
int	store_account_create(struct store *st, struct arena *a,
	    const char *kind, const char *name, const char *region,
	    int64_t now, char **id, struct err *e);
/* A company console's tenancy ("single" or "multi"). */
int	store_account_set_tenancy(struct store *st, const char *account_id,
	    const char *tenancy, struct err *e);
/* The account itself. */
int	store_account_get(struct store *st, const char *account_id,
	    struct arena *a, struct account *out, struct err *e);
/* Require (or not) two-step verification of every user of the account. */
int	store_account_require_two_step(struct store *st,
	    const char *account_id, bool on, int64_t now, struct err *e);
/* Whether an active membership of login_id is in an account that requires
 * two-step verification while the login has not turned it on. */
int	store_two_step_due(struct store *st, const char *login_id,
	    bool *due, struct err *e);
/* Set a partner's device_offline_days. */
int	store_account_offline_days(struct store *st, const char *account_id,
	    long long days, int64_t now, struct err *e);
int	store_account_rename(struct store *st, const char *account_id,
	    const char *name, int64_t now, struct err *e);
int	store_account_find_by_name(struct store *st, struct arena *a,
	    const char *kind, const char *name, struct account *out,
	    struct err *e);

/* ---- logins and memberships ---------------------------------------------- */

struct login {
	const char	*id;
	const char	*email;
	const char	*name;
	const char	*password_hash;
	const char	*language;	/* en | ja */
	const char	*time_zone;
	const char	*status;	/* active | suspended */
	int64_t		 created_at;
};

/* ST_CONFLICT when email_norm is taken. */
int	store_login_create(struct store *st, struct arena *a,
	    const char *email, const char *email_norm, const char *name,
	    const char *password_hash, const char *language, int64_t now,
	    char **id, struct err *e);
int	store_login_get(struct store *st, struct arena *a, const char *login_id,
	    struct login *out, struct err *e);
int	store_login_by_email(struct store *st, struct arena *a,
	    const char *email_norm, struct login *out, struct err *e);
/* Update the preferences that are not NULL. */
int	store_login_set_prefs(struct store *st, const char *login_id,
	    const char *name, const char *language, const char *time_zone,
	    int64_t now, struct err *e);
int	store_login_set_password(struct store *st, const char *login_id,
	    const char *password_hash, int64_t now, struct err *e);

struct membership {
	const char	*account_id;
	const char	*login_id;
	const char	*role;		/* admin | viewer */
	const char	*scope;		/* all | customers */
	const char	*account_kind;	/* read only */
	bool		 two_step_due;	/* read only: the account requires
					 * two-step verification and the
					 * login has not turned it on */
};

/*
 * Add or change the role of login in account. scope "customers" limits it
 * to the customers set with store_principal_customers_set().
 */
int	store_membership_put(struct store *st, const char *account_id,
	    const char *login_id, const char *role, const char *scope,
	    int64_t now, struct err *e);
/* The tenant check: ST_NOT_FOUND when login has no role in account
 * (one read, with the account's kind). */
int	store_membership_get(struct store *st, const char *account_id,
	    const char *login_id, struct arena *a, struct membership *out,
	    struct err *e);

struct account_role {
	struct account	 account;
	const char	*role;
	const char	*scope;
};

/*
 * A page of the accounts login may act in: operator first, then partners,
 * then companies, each by name (keys: kind rank, name, id).
 */
int	store_accounts_for_login(struct store *st, struct arena *a,
	    const char *login_id, struct page *pg, struct account_role **out,
	    size_t *n, struct err *e);

/* ---- two-step verification ----------------------------------------------- */

struct totp_state {
	const char	*secret;	/* base32 once confirmed, else NULL */
	const char	*pending;	/* being set up, else NULL */
	uint64_t	 last_step;	/* of the last code accepted */
};

int	store_totp_get(struct store *st, const char *login_id,
	    struct arena *a, struct totp_state *out, struct err *e);
/* Start (or restart) setting up: the secret waits for its first code. */
int	store_totp_pending_set(struct store *st, const char *login_id,
	    const char *secret, struct err *e);
/* Turn it on with the pending secret, the step of the code that proved
 * it, and n recovery-code hashes (replacing any old ones). */
int	store_totp_enable(struct store *st, const char *login_id,
	    uint64_t step, const char *const *code_hashes, size_t n,
	    struct err *e);
/* Turn it off: no secret, no recovery codes (ST_CONFLICT when off). */
int	store_totp_disable(struct store *st, const char *login_id,
	    struct err *e);
/* Replace the recovery codes with n new hashes. */
int	store_recovery_codes_replace(struct store *st, const char *login_id,
	    const char *const *code_hashes, size_t n, struct err *e);
/* How many recovery codes are still unused. */
int	store_recovery_codes_left(struct store *st, const char *login_id,
	    long long *n, struct err *e);
/* Use a code's step: ST_CONFLICT when that step or a later one was
 * used already (a replayed code). */
int	store_totp_use_step(struct store *st, const char *login_id,
	    uint64_t step, struct err *e);
/* Use a recovery code once (ST_NOT_FOUND when unknown or used). */
int	store_recovery_code_use(struct store *st, const char *login_id,
	    const char *code_hash, int64_t now, struct err *e);

/* ---- the people of an account ------------------------------------------ */

struct account_user {
	const char	*id;		/* the login */
	const char	*email;
	const char	*name;
	const char	*role;		/* admin | viewer */
	const char	*scope;		/* all | customers */
	const char	*status;	/* active | suspended, or for an
					 * invitation: invited | expired */
	int64_t		 added_at;	/* the membership's (invitation's)
					 * creation */
	int64_t		 last_sign_in_at;	/* 0: never */
	int64_t		 expires_at;	/* an invitation's; 0 for a user */
	/* Scope "customers": the customers covered (filled by the app); in
	 * a company console (sites true) the sites. */
	const char	**customer_ids;
	size_t		  ncustomers;
	bool		  sites;
};

/* A page of the logins with a role in account_id and of the invitations
 * not yet accepted (nor replaced), by e-mail (keys: email_norm, id); an
 * invitation past its time at `now` is "expired". Strings live in a. */
int	store_account_users(struct store *st, const char *account_id,
	    int64_t now, struct arena *a, struct page *pg,
	    struct account_user **out, size_t *n, struct err *e);
/* One row of store_account_users() by id (a login or an invitation). */
int	store_account_user_get(struct store *st, const char *account_id,
	    const char *id, int64_t now, struct arena *a,
	    struct account_user *out, struct err *e);
/* How many active logins are admins of the whole account. */
int	store_account_admins(struct store *st, const char *account_id,
	    long long *n, struct err *e);
/* Suspend or reactivate login_id's role in account_id. */
int	store_membership_set_status(struct store *st, const char *account_id,
	    const char *login_id, const char *status, struct err *e);
/* Remove login_id's role in account_id (and the customers it covered). */
int	store_membership_delete(struct store *st, const char *account_id,
	    const char *login_id, struct err *e);
/* Withdraw an invitation not yet accepted (ST_NOT_FOUND otherwise). */
int	store_invitation_revoke(struct store *st, const char *account_id,
	    const char *id, int64_t now, struct err *e);
/* Record that login_id signed in at `at` (store_session_create does). */
int	store_login_signed_in(struct store *st, const char *login_id,
	    int64_t at, struct err *e);

/* ---- invitations ---------------------------------------------------------- */

struct invitation {
	const char	*id;
	const char	*account_id;
	const char	*email;
	const char	*email_norm;
	const char	*role;		/* admin | viewer */
	const char	*scope;		/* all | customers */
	const char	*token_hash;
	const char	*invited_by;	/* login id or NULL */
	const char	*invited_by_name;
	int64_t		 created_at;
	int64_t		 expires_at;
	int64_t		 accepted_at;	/* 0: not accepted */
	int64_t		 revoked_at;	/* 0: not replaced or withdrawn */
	const char	*account_name;	/* read only */
	const char	*account_kind;	/* read only */
};

/* A new invitation (its id is made here, into *id). Any open invitation
 * of the same e-mail to the same account is revoked first: the newest
 * link is the one that works. */
int	store_invitation_create(struct store *st, struct arena *a,
	    const struct invitation *inv, int64_t now, char **id,
	    struct err *e);
/* The invitation whose token hashes to token_hash (ST_NOT_FOUND). */
int	store_invitation_by_token(struct store *st, struct arena *a,
	    const char *token_hash, struct invitation *out, struct err *e);
/* Mark it accepted by login_id, once: ST_CONFLICT when it was accepted
 * or revoked meanwhile or has expired by now. */
int	store_invitation_accept(struct store *st, const char *id,
	    const char *login_id, int64_t now, struct err *e);
/* Move the customers (or sites) an invitation covers to the login
 * accepting it. */
int	store_principal_customers_move(struct store *st,
	    const char *account_id, const char *from_id, const char *to_id,
	    struct err *e);

/* ---- customers (or sites) a limited principal covers -------------------- */

/*
 * A role limited to chosen children of an account has scope "customers":
 * in a partner account its children are customers (principal_customers),
 * in a company console sites (principal_sites, migration 0032). The reads
 * below (store_principal_customers) and the clean-ups take both.
 */

/*
 * Replace the customers principal_id (a login with a "customers"
 * membership, or an API client of scope "customers") covers in
 * account_id. ST_NOT_FOUND when one is not a customer of the account.
 */
int	store_principal_customers_set(struct store *st,
	    const char *account_id, const char *principal_id,
	    const char *const *customer_ids, size_t n, struct err *e);
/* The same for the sites of a company console: ST_NOT_FOUND when one is
 * not a live site of the account; links to deleted sites are kept (a
 * restored site is covered again). */
int	store_principal_sites_set(struct store *st, const char *account_id,
	    const char *principal_id, const char *const *site_ids, size_t n,
	    struct err *e);
/* Forget what principal_id covers in account_id (customers or sites). */
int	store_principal_scope_clear(struct store *st, const char *account_id,
	    const char *principal_id, struct err *e);
/* Whether principal_id's role in company console account_id covers
 * site_id. */
int	store_principal_covers_site(struct store *st, const char *account_id,
	    const char *principal_id, const char *site_id, bool *covers,
	    struct err *e);
/* The customers (in a company console: live sites) each of principal_ids
 * (n of them) covers in account_id: (principal, customer) pairs in that
 * order. */
struct principal_customer {
	const char	*principal_id;
	const char	*customer_id;	/* or a site's id */
};
int	store_principal_customers(struct store *st, const char *account_id,
	    const char *const *principal_ids, size_t n, struct arena *a,
	    struct principal_customer **out, size_t *nout, struct err *e);
/* Whether principal_id's scope in account_id covers customer_id. */
int	store_principal_covers(struct store *st, const char *account_id,
	    const char *principal_id, const char *customer_id, bool *covers,
	    struct err *e);

/* ---- API clients and their tokens ---------------------------------- */

struct api_client {
	const char	*id;		/* also the OAuth client_id */
	const char	*account_id;
	const char	*name;
	const char	*role;		/* admin | viewer */
	const char	*scope;		/* all | customers */
	const char	*created_by;	/* login id, or NULL */
	int64_t		 created_at;
	int64_t		 last_used_at;	/* 0: never */
	/* Scope "customers": the customers it covers (filled by the app); in
	 * a company console (sites true) the sites. */
	const char	**customer_ids;
	size_t		  ncustomers;
	bool		  sites;
};

/* A new client of account_id whose secret hashes to secret_hash. */
int	store_api_client_create(struct store *st, const char *account_id,
	    struct arena *a, const struct api_client *c,
	    const char *secret_hash, char **id, struct err *e);
int	store_api_client_get(struct store *st, const char *account_id,
	    struct arena *a, const char *id, struct api_client *out,
	    struct err *e);
/* A page of the account's clients by name (keys: name, id). */
int	store_api_client_list(struct store *st, const char *account_id,
	    struct arena *a, struct page *pg, struct api_client **out,
	    size_t *n, struct err *e);
/* Delete a client: its tokens stop working at once. */
int	store_api_client_delete(struct store *st, const char *account_id,
	    const char *id, int64_t now, struct err *e);
/*
 * The live client with this id and secret, whichever account it is in
 * (the token exchange knows no account yet); ST_NOT_FOUND otherwise.
 */
int	store_api_client_by_secret(struct store *st, struct arena *a,
	    const char *id, const char *secret_hash, struct api_client *out,
	    struct err *e);
/* Record a token (by its hash) for c, and c's last use. */
int	store_api_token_create(struct store *st, const struct api_client *c,
	    const char *token_hash, int64_t now, int64_t expires_at,
	    struct err *e);
/*
 * Note that client id (of account_id) called the API at now: its last use
 * moves forward, never back. Called once per rate-limit window, so a
 * client's last use is exact to the minute.
 */
int	store_api_client_used(struct store *st, const char *account_id,
	    const char *id, int64_t now, struct err *e);
/*
 * The live client of a token that has not expired at now, with the kind
 * of its account (ST_NOT_FOUND: no such token, expired, or its client was
 * deleted).
 */
int	store_api_token_client(struct store *st, struct arena *a,
	    const char *token_hash, int64_t now, struct api_client *out,
	    const char **account_kind, struct err *e);

/* ---- sessions ---------------------------------------------------------- */

struct session {
	const char	*id;		/* hash of the cookie token */
	const char	*login_id;
	const char	*csrf_token;
	int64_t		 created_at;
	int64_t		 last_seen_at;
	int64_t		 expires_at;	/* absolute expiry */
	int64_t		 revoked_at;	/* 0 while live */
	const char	*ip;
	const char	*user_agent;
};

int	store_session_create(struct store *st, const struct session *s,
	    struct err *e);
int	store_session_get(struct store *st, struct arena *a, const char *id,
	    struct session *out, struct err *e);
/* A session and its login in one read (l->password_hash is not read:
 * NULL); strings in a. */
int	store_session_with_login(struct store *st, struct arena *a,
	    const char *id, struct session *s, struct login *l,
	    struct err *e);
/*
 * The auth generation: a number the database moves in the same
 * transaction as every change that can end a session or alter its login
 * (migration 0028 lists them; touching a session does not move it).
 */
int	store_auth_generation(struct store *st, int64_t *gen, struct err *e);
int	store_session_touch(struct store *st, const char *id, int64_t now,
	    struct err *e);
int	store_session_revoke(struct store *st, const char *id, int64_t now,
	    struct err *e);
/*
 * A page of login_id's live sessions at `now` (not revoked, within both
 * their idle limit `idle` and absolute expiry), newest first (keys:
 * created_at, id). A session's public id is SESSION_PUBLIC_ID characters
 * of its key.
 */
#define SESSION_PUBLIC_ID	16
int	store_sessions_of(struct store *st, const char *login_id, int64_t now,
	    int64_t idle, struct arena *a, struct page *pg,
	    struct session **out, size_t *n, struct err *e);
/* End login_id's session with that public id (ST_NOT_FOUND when it has
 * none live), or every other one but keep_id. */
int	store_session_revoke_public(struct store *st, const char *login_id,
	    const char *public_id, int64_t now, struct err *e);
int	store_sessions_revoke_others(struct store *st, const char *login_id,
	    const char *keep_id, int64_t now, struct err *e);
/* Delete sessions that ended before `before`. */
int	store_session_purge(struct store *st, int64_t before, struct err *e);

/* ---- rate limits (shared by every worker and server) ------------------- */

/*
 * Fixed-window counters. hit() counts one event in bucket's window of
 * `window` seconds and returns the count so far and when the window
 * started; peek() reads without counting; clear() forgets the bucket.
 */
int	store_ratelimit_hit(struct store *st, const char *bucket, int64_t now,
	    int64_t window, long long *hits, int64_t *window_start,
	    struct err *e);
int	store_ratelimit_peek(struct store *st, const char *bucket, int64_t now,
	    int64_t window, long long *hits, int64_t *window_start,
	    struct err *e);
int	store_ratelimit_clear(struct store *st, const char *bucket,
	    struct err *e);

/* ---- audit log ------------------------------------------------------- */

struct audit_event {
	const char	*id;
	int64_t		 at;
	const char	*account_id;	/* NULL for installation-wide events */
	const char	*customer_id;
	const char	*site_id;	/* the site it is about, or NULL */
	const char	*device_id;	/* written only: site_id NULL, the
					 * site this device is in */
	const char	*category;	/* "auth", "account", "user", "oms" */
	const char	*event_type;	/* "sign_in", "rename", ... */
	const char	*detail;
	const char	*result;	/* success | failure */
	const char	*origin;	/* ui | api | agent | system */
	const char	*actor_kind;	/* anonymous login client device
					 * operator system (principal.h) */
	const char	*actor_id;	/* login, client or device id */
	const char	*actor;		/* e-mail, client name, "stewardctl" */
	const char	*ip;
	const char	*customer_name;	/* read only: the customer's company */
};

int	store_audit_add(struct store *st, struct arena *a,
	    const struct audit_event *ev, struct err *e);
/* Newest first; account_id NULL lists installation-wide events. */
int	store_audit_list(struct store *st, const char *account_id,
	    struct arena *a, size_t limit, struct audit_event **out, size_t *n,
	    struct err *e);

/*
 * What an account's audit log is narrowed to. Every member but account_id
 * is optional (NULL, or 0 for the times). The log of an account holds its
 * own events and the sign-ins of its people (which belong to no account).
 */
struct audit_filter {
	const char	*account_id;
	int64_t		 from;		/* at >= from */
	int64_t		 to;		/* at < to; 0: no end */
	const char	*customer_id;
	const char	*category;
	const char	*actor_id;	/* a login, client or device */
	const char	*ip;
	const char	*scoped;	/* a customer-limited principal: only
					 * the events of its customers */
	const char	*site_scoped;	/* a site-limited principal: only the
					 * events of its sites */
};

/* A page of f's events, newest first (keys: at, id). */
int	store_audit_find(struct store *st, const struct audit_filter *f,
	    struct arena *a, struct page *pg, struct audit_event **out,
	    size_t *n, struct err *e);

/* ---- contact details ------------------------------------------------- */

/*
 * A company's contact and address details: what a hub customer and its
 * OMS record share (checked by the app's details_check()).
 */
struct contact_details {
	const char	*company;
	const char	*industry;
	const char	*website;
	const char	*phone;
	const char	*street;
	const char	*postal_code;
	const char	*city;
	const char	*country;
};

/* ---- customers --------------------------------------------------------- */

struct customer {
	const char	*id;
	const char	*partner_id;
	const char	*oms_record_id;
	const char	*email;
	const char	*contact_person;
	struct contact_details	 d;
	const char	*management;	/* global | local */
	const char	*created_by;
	int64_t		 created_at;
	int64_t		 updated_at;
	long long	 device_count;	/* enrolled devices (not removed) */
	const char	*sort_key;	/* set by the store */
};

/* ST_CONFLICT when the OMS record already has a hub customer. */
int	store_customer_create(struct store *st, const char *partner_id,
	    struct arena *a, const struct customer *c, int64_t now, char **id,
	    struct err *e);
int	store_customer_get(struct store *st, const char *partner_id,
	    struct arena *a, const char *id, struct customer *out,
	    struct err *e);
/* Replace the contact and address details of a customer. */
int	store_customer_update(struct store *st, const char *partner_id,
	    const char *id, const struct customer *c, int64_t now,
	    struct err *e);
/* The orders a customer list can be read in (then by name, then id). */
enum customer_sort {
	CUSTOMER_BY_NAME,		/* keys: sort key, id */
	CUSTOMER_BY_NAME_DESC,
	CUSTOMER_BY_COUNTRY,		/* keys: country code, sort key, id */
	CUSTOMER_BY_COUNTRY_DESC,
	CUSTOMER_BY_CREATED,		/* keys: created_at, id */
	CUSTOMER_BY_CREATED_DESC
};
/* How many keys a cursor of that order has. */
size_t	store_customer_sort_keys(enum customer_sort sort);

/*
 * A page of partner_id's customers in the order `sort`, narrowed to the
 * customers scoped_login's role covers when it is not NULL, whose company,
 * e-mail, contact or phone number contains q (case-folded; "" for all).
 * *total counts every match.
 */
int	store_customer_list(struct store *st, const char *partner_id,
	    const char *scoped_login, struct arena *a, const char *q,
	    enum customer_sort sort,
	    struct page *pg, struct customer **out, size_t *n,
	    long long *total, struct err *e);

/* ---- a company console's own record -------------------------------------- */

/*
 * A company console's devices, sites, installers, policies and alerts
 * attach to its own record: one row of customers with kind 'company' and
 * no OMS record, whose partner_id is the company account's id (migration
 * 0031). It is not a customer of anyone: partner lists never reach it
 * (they ask for a partner's id), and it is never written to the OMS.
 */

/* The record of company account_id (deleted or not): *id, or
 * ST_NOT_FOUND when the console has none yet. */
int	store_company_self(struct store *st, const char *account_id,
	    struct arena *a, const char **id, struct err *e);
/* Make the record, named and located as the account; ST_CONFLICT when
 * the console has one already. */
int	store_company_self_create(struct store *st, const char *account_id,
	    const char *name, const char *country, int64_t now,
	    struct arena *a, char **id, struct err *e);
/* Keep the record's name that of its account (nothing when it has none). */
int	store_company_self_rename(struct store *st, const char *account_id,
	    const char *name, int64_t now, struct err *e);
/* Mark the record deleted with its account (deleted_by: who), or not
 * (by NULL). It is purged with the account (store_account_purge). */
int	store_company_self_deleted(struct store *st, const char *account_id,
	    const char *by, int64_t now, struct err *e);

/* ---- segment-discount applications ------------------------------------ */

struct discount_application {
	const char	*id;
	const char	*partner_id;
	const char	*customer_id;
	const char	*segment;	/* education | government | nonprofit */
	const char	*status;	/* pending | approved | rejected */
	int64_t		 applied_at;
	const char	*due_on;	/* YYYY-MM-DD */
	int64_t		 decided_at;
	const char	*note;
	long long	 percent;	/* granted by an approval, else 0 */
	const char	*decided_by;	/* login id of the operator, or NULL */
};

int	store_discount_create(struct store *st, const char *partner_id,
	    struct arena *a, const struct discount_application *d, char **id,
	    struct err *e);
/* The customer's latest application (ST_NOT_FOUND when none). */
int	store_discount_for_customer(struct store *st, const char *partner_id,
	    const char *customer_id, struct arena *a,
	    struct discount_application *out, struct err *e);

/* ---- the operator (installation-wide review and settings) ------------ */

/*
 * Calls that act for the operator take the operator account's id and do
 * nothing (ST_NOT_FOUND) unless it names an account of kind "operator":
 * they read and change every partner's data, so this is where the
 * cross-tenant work of the installation can be found.
 */

/* The operator account login_id has a role in (ST_NOT_FOUND: none). */
int	store_operator_membership(struct store *st, const char *login_id,
	    struct arena *a, char **operator_id, char **role, struct err *e);
/* The installation's operator account, the oldest if several. */
int	store_operator_account(struct store *st, struct arena *a,
	    struct account *out, struct err *e);

/* An application as the operator's queue shows it. */
struct discount_review {
	struct discount_application	 d;
	const char			*partner_name;
	const char			*customer_company;
	const char			*decided_by_email;	/* or NULL */
	const char			*decided_by_name;
};

/*
 * A page of the applications of every partner (or of partner_id), by due
 * date then application time (keys: due day, applied at, id); status NULL
 * for all.
 */
int	store_discount_queue(struct store *st, const char *operator_id,
	    struct arena *a, const char *status, const char *partner_id,
	    struct page *pg,
	    struct discount_review **out, size_t *n, struct err *e);
int	store_discount_review_get(struct store *st, const char *operator_id,
	    struct arena *a, const char *id, struct discount_review *out,
	    struct err *e);
/*
 * Decide a pending application in one conditional update: status
 * ("approved" | "rejected"), note, who and when, and for an approval the
 * segment's rate in force (segment_rates) as its percent. ST_CONFLICT
 * when it is no longer pending (decided by someone else, even at the same
 * moment on another server); ST_NOT_FOUND when there is none.
 */
int	store_discount_decide(struct store *st, const char *operator_id,
	    const char *id, const char *status, const char *note,
	    const char *login_id, int64_t now, struct err *e);

struct segment_rate {
	const char	*segment;
	long long	 percent;
	int64_t		 updated_at;
};

/* The discount rates by segment (education, government, nonprofit; keys:
 * rank, segment). */
int	store_segment_rates(struct store *st, const char *operator_id,
	    struct arena *a, struct page *pg, struct segment_rate **out,
	    size_t *n, struct err *e);
int	store_segment_rate_set(struct store *st, const char *operator_id,
	    const char *segment, long long percent, int64_t now,
	    struct err *e);

/* A partner account as the operator lists it. */
struct operator_partner {
	struct account	 acct;
	long long	 customers;
	long long	 pending;	/* discount applications waiting */
};

/* A page of the partner accounts, by name (keys: name, id). */
int	store_operator_partners(struct store *st, const char *operator_id,
	    struct arena *a, struct page *pg, struct operator_partner **out,
	    size_t *n, struct err *e);
/* One partner account as the operator lists it. */
int	store_operator_partner(struct store *st, const char *operator_id,
	    struct arena *a, const char *partner_id,
	    struct operator_partner *out, struct err *e);
/* Turn pay-as-you-go (flexible billing) on or off for a partner. */
int	store_partner_flexible_set(struct store *st, const char *operator_id,
	    const char *partner_id, bool on, int64_t now, struct err *e);

/* ---- e-mail outbox --------------------------------------------------- */

/*
 * Messages wait in the outbox until a sender delivers them. A sender
 * claims due messages with a lease (owner token and expiry): a claim is a
 * conditional update, so each message is held by one sender at a time
 * even with many workers and servers; a lease that runs out (its sender
 * died) can be claimed again. Only the lease holder records the outcome:
 * ST_CONFLICT when the lease is no longer its own.
 */
struct mail_message {
	const char	*id;
	const char	*account_id;	/* what it is about, or NULL */
	const char	*kind;		/* discount_received, ... */
	const char	*recipient;
	const char	*recipient_name;
	const char	*language;	/* en | ja */
	const char	*subject;
	const char	*body_text;
	const char	*body_html;
	const char	*message_id;	/* "<...@...>" */
	const char	*status;	/* waiting | sending | sent | failed */
	long long	 attempts;
	int64_t		 next_attempt_at;
	const char	*last_error;
	int64_t		 created_at;
	int64_t		 sent_at;
	int64_t		 failed_at;
};

/* Add a message for account_id (NULL: the installation), due now. */
int	store_mail_enqueue(struct store *st, const char *account_id,
	    struct arena *a, const struct mail_message *m, int64_t now,
	    char **id, struct err *e);
/*
 * Claim up to max messages due at now (waiting and due, or sending with
 * a lease that ran out) for owner until lease_until; each claim counts an
 * attempt. *out holds the claimed messages.
 */
int	store_mail_claim(struct store *st, struct arena *a, const char *owner,
	    int64_t now, int64_t lease_until, size_t max,
	    struct mail_message **out, size_t *n, struct err *e);
/* Outcomes, by the lease holder. */
int	store_mail_sent(struct store *st, const char *id, const char *owner,
	    int64_t now, struct err *e);
int	store_mail_retry(struct store *st, const char *id, const char *owner,
	    int64_t next_attempt_at, const char *error, struct err *e);
int	store_mail_failed(struct store *st, const char *id, const char *owner,
	    int64_t now, const char *error, struct err *e);

struct mail_counts {
	long long	 waiting;	/* includes those being sent */
	long long	 sent;
	long long	 failed;
	int64_t		 oldest_waiting;	/* created_at, 0 when none */
};

/*
 * For the operator: counts by state, and a page of the messages that are
 * not sent: failed ones first, then waiting ones with their last error,
 * newest first (keys: failed rank, created at, id).
 */
int	store_mail_overview(struct store *st, const char *operator_id,
	    struct arena *a, struct page *pg, struct mail_counts *counts,
	    struct mail_message **out, size_t *n, struct err *e);
/* Put a failed message back in the queue, due now (ST_CONFLICT: not
 * failed). */
int	store_mail_requeue(struct store *st, const char *operator_id,
	    const char *id, int64_t now, struct err *e);

/*
 * Who receives a partner's notices: its admins with a role over the whole
 * account, active logins only, by e-mail.
 */
int	store_partner_admins(struct store *st, const char *partner_id,
	    struct arena *a, struct login **out, size_t *n, struct err *e);

/* ---- idempotency keys ------------------------------------------------ */

/*
 * Claim (principal, key) for a request whose method, path and body hash to
 * hash; principal is principal_key() of whoever sent it. ST_OK: claimed,
 * do the work and complete it in the same transaction. ST_CONFLICT:
 * already used; *status, *hash_out and *response describe the first
 * request and its answer.
 */
int	store_idem_claim(struct store *st, const char *principal,
	    const char *key, const char *hash, int64_t now, struct arena *a,
	    int *status, char **hash_out, char **response, struct err *e);
/* The first request and answer of (principal, key); ST_NOT_FOUND when
 * the key has not been used (strings in a). */
int	store_idem_get(struct store *st, const char *principal,
	    const char *key, struct arena *a, int *status, char **hash_out,
	    char **response, struct err *e);
int	store_idem_complete(struct store *st, const char *principal,
	    const char *key, int status, const char *response, struct err *e);

/* ---- metrics ----------------------------------------------------------- */

/* What GET /metrics reads from the database when it is scraped. */
struct store_gauges {
	long long	mail_waiting;		/* waiting or being sent */
	long long	mail_failed;		/* refused for good, not re-queued */
	long long	webhook_waiting;	/* waiting or being delivered */
	long long	webhook_failed;		/* given up */
	long long	sessions;		/* console sessions in force */
};
/* One snapshot of the gauges; a session is in force when neither revoked
 * nor expired and seen within idle_s seconds before now. */
int	store_gauges(struct store *st, int64_t now, int64_t idle_s,
	    struct store_gauges *g, struct err *e);

/* ---- housekeeping ------------------------------------------------------ */

/* Forget sessions, rate-limit windows and idempotency keys that ended
 * long enough before now, expired API tokens, and the dashboard chart's
 * days that count nothing. Safe to run from several processes at once. */
int	store_purge_expired(struct store *st, int64_t before, struct err *e);

#endif

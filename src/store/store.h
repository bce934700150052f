/*
 * store.h - the persistence interface of Steward.
 *
 * This is the only header the app layer includes to reach the database.
 * One implementation serves both engines (SQLite and PostgreSQL): the
 * functions below are written once against db.h.
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
 * SQLite keeps sub-journals of up to 4 MiB in memory (db_sqlite.c). */
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
 * Copy what the write-ahead log holds into the database without waiting
 * for anyone (SQLite's passive checkpoint; nothing on PostgreSQL). The
 * background process calls it every second, so request workers seldom
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
 * not a site of the account. */
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
/* The customers (in a company console: sites) each of principal_ids (n
 * of them) covers in account_id: (principal, customer) pairs in that
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

/* ---- OMS records ------------------------------------------------------- */

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

struct oms_record {
	const char	*id;
	const char	*partner_id;
	const char	*type;		/* business | consumer */
	const char	*email;
	const char	*email_norm;
	const char	*first_name;
	const char	*last_name;
	struct contact_details	 d;
	const char	*customer_id;	/* hub customer (read only), or NULL */
	/* That customer was deleted and is purged then (0: not deleted);
	 * until then the record stays its, for a restore (read only). */
	int64_t		 customer_purge_at;
	bool		 eligible;	/* may become a hub customer (read only) */
	int64_t		 created_at;
	int64_t		 updated_at;
};

/*
 * Whether a record may become a hub customer: type business, every company
 * detail present and a contact name (SPEC 3.2). The store keeps this as an
 * indexed flag; the app asks the record.
 */
bool	oms_record_eligible(const struct oms_record *r);

/*
 * Create a record for partner_id (its search data is derived here).
 * ST_CONFLICT when the e-mail is already in the OMS (any partner).
 * Inside a transaction on SQLite the record joins the search indexes just
 * before the outermost commit, as after store_bulk_begin().
 */
int	store_oms_create(struct store *st, const char *partner_id,
	    struct arena *a, const struct oms_record *r, int64_t now,
	    char **id, struct err *e);
/*
 * A transaction that writes many rows (a bulk import), called right after
 * store_tx_begin():
 *  - SQLite: store_oms_create() leaves the two full-text search indexes
 *    alone, and store_oms_index_pending() (which the outermost
 *    store_tx_commit() calls) indexes every record created since in one
 *    statement per index. SQLite's full-text index writes its pending
 *    terms to disk at every statement of a transaction, so indexing row by
 *    row cost a third of an import.
 *  - PostgreSQL: statements are planned for the tables as they are now
 *    for the rest of the transaction. A connection's prepared statements
 *    otherwise settle on one generic plan, made while the tables were
 *    small, and kept scanning them whole as the import grew them.
 *    Writes whose answer is not read are sent ahead (db_send_ahead): a
 *    failure, a unique key's ST_CONFLICT too, may then be reported by a
 *    later call instead of its own, and fails the transaction as a whole.
 */
int	store_bulk_begin(struct store *st, struct err *e);
int	store_oms_index_pending(struct store *st, struct err *e);

/*
 * Staging for a bulk OMS import (store_oms_import.c): a temporary table
 * of this connection (on disk; PostgreSQL's in the session) holds a
 * file's rows while it is read, so a file of any size is checked with
 * bounded memory, then is written to oms_records a range of lines at a
 * time. The OMS itself is untouched until store_oms_stage_write().
 *
 * store_oms_stage_open() starts an empty table (dropping one left over);
 * store_oms_stage_close() drops it (also done by closing the store).
 */
int	store_oms_stage_open(struct store *st, struct err *e);
void	store_oms_stage_close(struct store *st);

/* One row of the file for store_oms_stage_add(). */
struct oms_stage_row {
	size_t			 line;		/* of the file, ascending */
	const char		*key;		/* e-mail comparison key, or NULL */
	const struct oms_record	*record;	/* checked record, or NULL */
	bool			 dup;		/* out: key staged before */
	bool			 taken;		/* out: not dup, and in the OMS */
};

/*
 * Stage n rows: each with its key (rows without one are only counted
 * by the caller) and, when record is set, the record to write later.
 * Sets dup when an earlier row (of this call or before) had the key,
 * and taken when a record of the OMS, any partner's, has it.
 */
int	store_oms_stage_add(struct store *st, struct oms_stage_row *rows,
	    size_t n, struct err *e);

/*
 * In a write transaction: write the staged records of lines after <
 * line <= upto as partner_id's, created at now, with their search data;
 * *written says how many. Only when every staged row had a record and
 * no row was dup or taken. ST_CONFLICT when an e-mail is in the OMS by
 * now (written since it was staged).
 */
int	store_oms_stage_write(struct store *st, const char *partner_id,
	    size_t after, size_t upto, int64_t now, size_t *written,
	    struct err *e);

/*
 * For each of n e-mail keys (NULL: none asked), the partner whose OMS
 * record has it, or NULL (owners[] in a): the lookup of a bulk import,
 * one statement for many rows. As store_oms_by_email_any(), this looks
 * at every partner's records: the caller reveals nothing of another's.
 */
int	store_oms_email_owners(struct store *st, struct arena *a,
	    const char *const *keys, size_t n, const char **owners,
	    struct err *e);

/* The lines (at most max, ascending, in a) of staged rows whose e-mail
 * the OMS has now. */
int	store_oms_stage_taken(struct store *st, struct arena *a, size_t max,
	    size_t **lines, size_t *n, struct err *e);
int	store_oms_get(struct store *st, const char *partner_id,
	    struct arena *a, const char *id, struct oms_record *out,
	    struct err *e);
/* Replace the details (not type, e-mail or owner) of a record. */
int	store_oms_update(struct store *st, const char *partner_id,
	    const char *id, const struct oms_record *r, int64_t now,
	    struct err *e);
int	store_oms_count(struct store *st, const char *partner_id,
	    long long *n, struct err *e);
/*
 * The record with this e-mail, whichever partner owns it. This is the one
 * cross-tenant read, for the OMS-wide uniqueness rule: the caller must
 * reveal nothing of another partner's record.
 */
int	store_oms_by_email_any(struct store *st, struct arena *a,
	    const char *email_norm, struct oms_record *out, struct err *e);
/*
 * Records of partner_id eligible for hub creation (type business, every
 * company detail present) whose company, e-mail, first or last name
 * contains `find` (already case-folded; "" matches all): a page of them
 * by company (keys: company, id), in the caller's arena, read through
 * indexes in that order (store_oms_search.c tells how). *total counts the
 * matches when that is cheap; otherwise *lower is set and more than
 * *total records match (*total is then at most OMS_COUNT_MAX).
 */
#define OMS_COUNT_MAX	1000
int	store_oms_search(struct store *st, const char *partner_id,
	    struct arena *a, const char *find, struct page *pg,
	    struct oms_record **out, size_t *n, long long *total, bool *lower,
	    struct err *e);

/*
 * The blocks a dense search reads its page from (store_oms_blocks.c,
 * migrations 0030 and 0035): the display order of a partner's eligible
 * records cut into runs of OMS_BLOCK_RECORDS, each keeping its records'
 * ids and search texts with the texts indexed, so that the blocks which
 * may hold a term come back in display order and are scanned without the
 * other records being read. A partner gets a new
 * generation of blocks once it has OMS_BLOCKS_MIN eligible records, and
 * again once OMS_BLOCKS_STALE records were added or changed after the
 * last one began (those are searched on their own until then). A
 * generation is built a step at a time, each step its own transaction
 * (the caller's), then takes the place of the partner's previous one,
 * which is dropped later.
 */
#define OMS_BLOCK_RECORDS	128
#define OMS_BLOCKS_MIN		2000
#define OMS_BLOCKS_STALE	1000
/* Where the records' changes are now (SQLite: the last seq; PostgreSQL:
 * the oldest transaction still running): for store_oms_blocks_due(). */
int	store_oms_blocks_mark(struct store *st, long long *mark,
	    struct err *e);
/* Partners with records added or changed since mark that need a new
 * generation (ids in a). */
int	store_oms_blocks_due(struct store *st, struct arena *a,
	    long long since, char ***partners, size_t *n, struct err *e);
/* Begin a generation for partner_id; ST_CONFLICT when one is being
 * built. */
int	store_oms_blocks_begin(struct store *st, const char *partner_id,
	    int64_t now, long long *gen, struct err *e);
/* partner_id's newest generation in state ("building", "ready"): its id
 * and blocks (0 and 0 when none). */
int	store_oms_blocks_of(struct store *st, const char *partner_id,
	    const char *state, long long *gen, long long *blocks,
	    struct err *e);
/* A generation being built (the oldest) and its partner (in a), or 0. */
int	store_oms_blocks_building(struct store *st, struct arena *a,
	    long long *gen, char **partner_id, struct err *e);
/* Build up to nblocks more blocks of partner_id's generation gen; after
 * the partner's last records it replaces their previous generation
 * (*done). ST_CONFLICT when another process built the same blocks
 * first. */
int	store_oms_blocks_step(struct store *st, long long gen,
	    const char *partner_id, size_t nblocks, int64_t now, bool *done,
	    struct err *e);
/* Drop up to nblocks blocks of a generation replaced before `before`
 * (then the generation itself); *found: there was one to drop. */
int	store_oms_blocks_drop(struct store *st, int64_t before,
	    size_t nblocks, bool *found, struct err *e);
/* Every block of partner_id's (an account being purged). */
int	store_oms_blocks_purge(struct store *st, const char *partner_id,
	    struct err *e);

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

/* ---- policies -------------------------------------------------------- */

struct policy {
	const char	*id;
	const char	*partner_id;
	const char	*customer_id;	/* NULL for a global policy */
	const char	*customer_name;	/* owner's company, for local ones */
	const char	*name;
	const char	*description;
	const char	*platform;	/* workstation | server */
	const char	*template;
	const char	*settings;	/* JSON */
	const char	*locked;	/* JSON list */
	long long	 revision;
	long long	 template_version;
	long long	 assigned;	/* customers a global policy is assigned to */
	long long	 overrides;	/* customers with overrides of it */
	long long	 defaults;	/* customers whose default it is */
	bool		 is_default;	/* in a customer's list: its default */
	bool		 has_override;	/* in a customer's list: overridden */
	int64_t		 created_at;
	int64_t		 updated_at;
};

/* Where a policy is used: one row per customer. */
struct policy_use {
	const char	*customer_id;
	const char	*company;
	bool		 is_default;
	bool		 has_override;
};

/* A customer's override of a global policy. */
struct policy_override {
	const char	*customer_id;
	const char	*policy_id;
	const char	*settings;	/* JSON */
	long long	 revision;
	int64_t		 updated_at;
};

/*
 * ST_CONFLICT when the owner already has a policy of that name. p->locked
 * and p->template_version may be given (copies keep their source's).
 */
int	store_policy_create(struct store *st, const char *partner_id,
	    struct arena *a, const struct policy *p, int64_t now, char **id,
	    struct err *e);
/* A policy with its usage counts (assigned, overrides, defaults). */
int	store_policy_get(struct store *st, const char *partner_id,
	    struct arena *a, const char *id, struct policy *out,
	    struct err *e);
/* The same without the counts (0), which read every row that uses a
 * global policy: for checks that need only the policy. */
int	store_policy_lookup(struct store *st, const char *partner_id,
	    struct arena *a, const char *id, struct policy *out,
	    struct err *e);
/* A page of partner_id's global policies, by name, with their
 * assignment counts (keys: name key, id). */
int	store_policy_list_global(struct store *st, const char *partner_id,
	    struct arena *a, struct page *pg, struct policy **out, size_t *n,
	    struct err *e);
/*
 * A page of the local policies of partner_id's customers (those
 * scoped_login's role covers, when not NULL), by customer then name
 * (keys: customer sort key, customer id, name key, id).
 */
int	store_policy_list_local(struct store *st, const char *partner_id,
	    const char *scoped_login, struct arena *a, struct page *pg,
	    struct policy **out, size_t *n, struct err *e);
/* A page of a customer's own policies and the global ones assigned to
 * it: its own first, workstation before server, by name. With counts,
 * each policy's `assigned` is its number of customers (0 otherwise: that
 * count reads every assignment of a global policy). */
int	store_policy_list_customer(struct store *st, const char *partner_id,
	    const char *customer_id, bool counts, struct arena *a,
	    struct page *pg, struct policy **out, size_t *n, struct err *e);
int	store_policy_assign(struct store *st, const char *partner_id,
	    const char *policy_id, const char *customer_id, int64_t now,
	    struct err *e);
/* Remove an assignment and the customer's override of it. */
int	store_policy_unassign(struct store *st, const char *partner_id,
	    const char *policy_id, const char *customer_id, struct err *e);
/*
 * Make policy_id (of that platform) the customer's default: ST_NOT_FOUND
 * when the customer or the policy is not the partner's. In a bulk
 * transaction on PostgreSQL (store_bulk_begin) it is sent ahead and not
 * confirmed: the caller wrote both in the same transaction.
 */
int	store_customer_default_set(struct store *st, const char *partner_id,
	    const char *customer_id, const char *platform,
	    const char *policy_id, struct err *e);
/* The customer's default policy for platform (ST_NOT_FOUND when none). */
int	store_customer_default_get(struct store *st, const char *partner_id,
	    const char *customer_id, const char *platform, struct arena *a,
	    const char **policy_id, struct err *e);

/* Fields of a policy edit; NULL leaves a field as it is. */
struct policy_edit {
	const char	*name;
	const char	*description;
	const char	*settings;	/* the new delta, JSON */
	const char	*locked;	/* JSON list */
	bool		 bump_revision;
};

/* ST_CONFLICT when the new name is taken by another policy of the owner. */
int	store_policy_update(struct store *st, const char *partner_id,
	    const char *id, const struct policy_edit *edit, int64_t now,
	    struct err *e);
/* Delete a policy with its assignments, overrides and default marks. */
int	store_policy_delete(struct store *st, const char *partner_id,
	    const char *id, struct err *e);
/* A page of the customers a policy is assigned to (global) or owned by
 * (local), by name (keys: sort key, id). */
int	store_policy_usage(struct store *st, const char *partner_id,
	    const char *policy_id, struct arena *a, struct page *pg,
	    struct policy_use **out, size_t *n, struct err *e);

int	store_override_get(struct store *st, const char *partner_id,
	    const char *customer_id, const char *policy_id, struct arena *a,
	    struct policy_override *out, struct err *e);
/* Store (or with settings NULL, remove) a customer's override. */
int	store_override_put(struct store *st, const char *partner_id,
	    const char *customer_id, const char *policy_id,
	    const char *settings, int64_t now, struct err *e);
/* Every override of a policy (to see what a lock change affects). */
int	store_overrides_of_policy(struct store *st, const char *partner_id,
	    const char *policy_id, struct arena *a,
	    struct policy_override **out, size_t *n, struct err *e);

/*
 * Lock a policy's row until the transaction ends (a read-modify-write of
 * its settings or locks, or of an override of it). ST_NOT_FOUND when
 * partner_id has no such policy.
 */
int	store_policy_lock(struct store *st, const char *partner_id,
	    const char *id, struct err *e);

/* What a customer's effective policy is computed from, in one read. */
struct effective_source {
	struct policy	 policy;
	const char	*override;	/* JSON, or NULL */
	long long	 override_revision;	/* 0 without an override */
};

/*
 * The policy (policy_id, or with NULL the customer's default for
 * platform) and the customer's override of it. The policy must be the
 * customer's own or assigned to it: otherwise, or without a default,
 * ST_NOT_FOUND.
 */
int	store_effective_source(struct store *st, const char *partner_id,
	    const char *customer_id, const char *platform,
	    const char *policy_id, struct arena *a,
	    struct effective_source *out, struct err *e);

/* ---- services, subscriptions, activation codes ------------------------- */

/*
 * The operator's catalogue is global data (no account parameter); what
 * customers hold is per partner. Dates are "YYYY-MM-DD" UTC days.
 */
struct service {
	const char	*key;
	const char	*name;
	long long	 trial_days;
	long long	 trial_seats;
	int64_t		 price_micros;	/* pay-as-you-go, per seat per day */
	const char	*currency;
	long long	 position;
	int64_t		 created_at;
	int64_t		 updated_at;
};

/* A page of the catalogue, in its order (keys: position, key). */
int	store_service_list(struct store *st, struct arena *a, struct page *pg,
	    struct service **out, size_t *n, struct err *e);
int	store_service_get(struct store *st, struct arena *a, const char *key,
	    struct service *out, struct err *e);
/* Add (ST_CONFLICT when the key exists) or replace every field of one. */
int	store_service_add(struct store *st, const struct service *s,
	    struct err *e);
int	store_service_update(struct store *st, const struct service *s,
	    struct err *e);

/*
 * Move a service's creation, last change and first price (its earliest
 * price row) back to when: for data that tells of a past (the demo).
 */
int	store_service_backdate(struct store *st, const char *key, int64_t when,
	    const char *day, struct err *e);

/* A service's price from a day on (replacing one set for that day). */
int	store_service_price_set(struct store *st, const char *service_key,
	    const char *effective_on, int64_t price_micros,
	    const char *currency, int64_t now, struct err *e);

struct service_price {
	const char	*service_key;
	const char	*effective_on;
	int64_t		 price_micros;
	const char	*currency;
	int64_t		 created_at;	/* when it was set (history only) */
};

/* A page of one service's prices, newest day first (key: effective_on). */
int	store_service_price_history(struct store *st, const char *service_key,
	    struct arena *a, struct page *pg, struct service_price **out,
	    size_t *n, struct err *e);
/* Every price in force on some day before `until`, by service and day. */
int	store_service_prices(struct store *st, const char *until,
	    struct arena *a, struct service_price **out, size_t *n,
	    struct err *e);

struct subscription {
	const char	*customer_id;
	const char	*service_key;
	const char	*partner_id;
	const char	*kind;		/* trial | prepaid | payg */
	const char	*status;	/* active | expired | cancelled */
	long long	 seats;
	const char	*starts_on;
	const char	*ends_on;	/* NULL for payg */
	const char	*trial_started_on;	/* NULL: no trial yet */
	const char	*trial_ends_on;
	int64_t		 created_at;
	int64_t		 updated_at;
	const char	*customer_name;	/* filled by list calls */
};

/*
 * Serialise changes to one customer's subscriptions: inside a write
 * transaction, later callers wait here until it ends (a row lock on
 * PostgreSQL; SQLite's write transaction already is one).
 */
int	store_sub_lock(struct store *st, const char *partner_id,
	    const char *customer_id, struct err *e);
/* One customer's subscriptions. */
int	store_sub_list(struct store *st, const char *partner_id,
	    const char *customer_id, struct arena *a,
	    struct subscription **out, size_t *n, struct err *e);

/* Every customer's subscriptions, narrowed (every member optional). */
struct sub_filter {
	const char		 *scoped_login;	/* that login's customers only */
	const char *const	 *customer_ids;	/* these customers only */
	size_t			  ncustomers;	/* at most SUB_FILTER_IDS_MAX */
	const char		 *after;	/* with until: active trials */
	const char		 *until;	/* and terms ending in (after, until] */
	const char		 *state;	/* trial prepaid payg expired */
	const char		 *today;	/* the day the state is seen on */
};
#define SUB_FILTER_IDS_MAX	200

/* A page of them by customer name and service (keys: customer sort key,
 * customer id, service key). */
int	store_sub_find(struct store *st, const char *partner_id,
	    const struct sub_filter *f, struct arena *a, struct page *pg,
	    struct subscription **out, size_t *n, struct err *e);
int	store_sub_get(struct store *st, const char *partner_id,
	    const char *customer_id, const char *service_key, struct arena *a,
	    struct subscription *out, struct err *e);
/* Insert or replace the row of (customer, service). */
int	store_sub_put(struct store *st, const char *partner_id,
	    const struct subscription *s, int64_t now, struct err *e);

/* Pay-as-you-go seat periods [start_at, end_at); end_at 0 while open. */
struct payg_period {
	const char	*customer_id;
	const char	*customer_name;
	const char	*service_key;
	long long	 seats;
	int64_t		 start_at;
	int64_t		 end_at;
};

int	store_payg_open(struct store *st, const char *partner_id,
	    const char *customer_id, const char *service_key, long long seats,
	    int64_t start_at, struct arena *a, struct err *e);
/* Close the open period (if any) at end_at. */
int	store_payg_close(struct store *st, const char *partner_id,
	    const char *customer_id, const char *service_key, int64_t end_at,
	    struct err *e);
/* Every period of the partner overlapping [from, to), by customer name,
 * customer, service and start. */
int	store_payg_between(struct store *st, const char *partner_id,
	    int64_t from, int64_t to, struct arena *a,
	    struct payg_period **out, size_t *n, struct err *e);

struct approved_discount {
	const char	*customer_id;
	long long	 percent;
	int64_t		 since;		/* approval time */
};

/* Every approved discount of the partner's customers, sorted by customer
 * id in strcmp() order (the latest approval of each). */
int	store_discounts_approved(struct store *st, const char *partner_id,
	    struct arena *a, struct approved_discount **out, size_t *n,
	    struct err *e);

/* An approved segment discount of a customer: percent and approval time
 * (ST_NOT_FOUND when none is approved). */
int	store_discount_approved(struct store *st, const char *partner_id,
	    const char *customer_id, long long *percent, int64_t *since,
	    struct err *e);

struct oms_order {
	const char	*id;
	const char	*partner_id;
	const char	*service_key;
	long long	 seats;
	long long	 months;
	long long	 count;
	int64_t		 created_at;
};

struct activation_code {
	const char	*id;
	const char	*order_id;
	const char	*partner_id;
	const char	*service_key;
	long long	 seats;
	long long	 months;
	const char	*hint;
	int64_t		 created_at;
	int64_t		 redeemed_at;	/* 0: not yet */
	const char	*customer_id;	/* who redeemed it */
};

/* An order and its codes (hashes[i], hints[i]); *id is the order's id. */
int	store_order_create(struct store *st, const char *partner_id,
	    struct arena *a, const struct oms_order *o,
	    const char *const *hashes, const char *const *hints, char **id,
	    struct err *e);
/*
 * The code stored under hash, whichever partner it was issued to (the
 * caller compares partner_id and answers "not found" for another's).
 */
int	store_code_by_hash(struct store *st, struct arena *a,
	    const char *hash, struct activation_code *out, struct err *e);
/* Mark a code used; ST_CONFLICT when it already was. */
int	store_code_redeem(struct store *st, const char *partner_id,
	    const char *code_id, const char *customer_id, const char *login_id,
	    int64_t now, struct err *e);

/* ---- subscription events and daily jobs -------------------------------- */

/*
 * Trials and prepaid terms still active whose end is before `until`
 * (exclusive), across all partners: what the daily job looks at.
 */
int	store_sub_ending(struct store *st, const char *until,
	    struct arena *a, struct subscription **out, size_t *n,
	    struct err *e);
/* Mark one subscription expired if it still is what s says it is. */
int	store_sub_expire(struct store *st, const struct subscription *s,
	    int64_t now, bool *changed, struct err *e);
/* Record an event once per (customer, service, kind, day). */
int	store_sub_event(struct store *st, const char *partner_id,
	    const char *customer_id, const char *service_key, const char *kind,
	    const char *on_date, int64_t now, struct arena *a, bool *added,
	    struct err *e);

struct sub_event {
	const char	*id;
	const char	*customer_id;
	const char	*service_key;
	const char	*kind;
	const char	*on_date;
	int64_t		 created_at;
};

/* Events of one customer (customer_id) or of all, narrowed to
 * scoped_login's customers when that is not NULL; oldest first. */
int	store_sub_events(struct store *st, const char *partner_id,
	    const char *customer_id, const char *scoped_login, struct arena *a,
	    struct page *pg, struct sub_event **out, size_t *n,
	    struct err *e);

/*
 * Claim today's run of a daily job: *claimed is true for exactly one
 * caller per day across every worker and server (a conditional update of
 * job_runs, in the caller's transaction).
 */
int	store_job_claim(struct store *st, const char *name, const char *today,
	    int64_t now, const char *runner, bool *claimed, struct err *e);

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
 * long enough before now, and expired API tokens. Safe to run from
 * several processes at once. */
int	store_purge_expired(struct store *st, int64_t before, struct err *e);

#endif

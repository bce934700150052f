/*
 * store_device.h - sites, installers, devices and their threats.
 *
 * The same conventions as store.h (which this header extends): calls take
 * the partner account's id and touch only its rows; strings in returned
 * records live in the arena passed in; times are Unix seconds; callers
 * wrap writes that belong together in a transaction. The exceptions are
 * the agent's calls (store_installer_by_token, store_device_checkin_row,
 * store_devices_seen), which are keyed by a secret's hash or by device
 * ids the caller has just proved, and say which partner they found.
 */
#ifndef STEWARD_STORE_DEVICE_H
#define STEWARD_STORE_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct err;
struct page;
struct store;

/* ---- sites -------------------------------------------------------------- */

/* These read and change live sites only: a deleted site (waiting for its
 * purge; store_deletion.h) is not found, listed or counted. */

struct site {
	const char	*id;
	const char	*partner_id;
	const char	*customer_id;
	const char	*name;
	const char	*name_key;	/* folded name: unique per customer */
	const char	*exclusions;	/* JSON {"paths": [...], "urls": [...]} */
	long long	 revision;
	long long	 device_count;
	int64_t		 created_at;
	int64_t		 updated_at;
};

/* Insert a site; ST_CONFLICT when the customer has a live one of that
 * name. */
int	store_site_create(struct store *st, const char *partner_id,
	    struct arena *a, const struct site *s, char **id, struct err *e);
/* A live site of the customer (ST_NOT_FOUND: none, or deleted). */
int	store_site_get(struct store *st, const char *partner_id,
	    const char *customer_id, const char *site_id, struct arena *a,
	    struct site *out, struct err *e);
/*
 * The same, for a caller about to put a device in it: the site stays live
 * until the caller's transaction ends (PostgreSQL: FOR SHARE, so that a
 * deletion running beside it waits and then moves that device too, or
 * commits first and this finds no site; SQLite: one writer at a time).
 */
int	store_site_hold(struct store *st, const char *partner_id,
	    const char *customer_id, const char *site_id, struct arena *a,
	    struct site *out, struct err *e);
/* A page of the customer's sites by name, with their device counts;
 * site_scoped: only those a site-limited principal covers (or NULL). */
int	store_site_list(struct store *st, const char *partner_id,
	    const char *customer_id, const char *site_scoped, struct arena *a,
	    struct page *pg, struct site **out, size_t *n, struct err *e);
/* How many sites the partner (or company console) has (site_scoped: that
 * a site-limited principal covers). */
int	store_site_count(struct store *st, const char *partner_id,
	    const char *site_scoped, long long *n, struct err *e);
/* Store s's name, name_key and exclusions; the revision goes up by one
 * (it is part of every policy version of the site's devices). */
int	store_site_update(struct store *st, const char *partner_id,
	    const struct site *s, int64_t now, struct err *e);

/* ---- installers --------------------------------------------------------- */

struct installer {
	const char	*id;
	const char	*partner_id;
	const char	*customer_id;
	const char	*site_id;	/* NULL: the customer's own */
	long long	 generation;	/* goes up with each rotation */
	int64_t		 created_at;
	int64_t		 rotated_at;
};

/* The installer of owner (a site id, or the customer id): ST_NOT_FOUND
 * when it has none yet. */
int	store_installer_get(struct store *st, const char *partner_id,
	    const char *owner, struct arena *a, struct installer *out,
	    struct err *e);
/* Insert an installer (generation 1) unless owner has one already. */
int	store_installer_insert(struct store *st, const struct installer *in,
	    const char *owner, const char *token_hash, struct err *e);
/* Move the installer to generation in->generation + 1 with a new token
 * hash; ST_CONFLICT when another rotation got there first. */
int	store_installer_rotate(struct store *st, const struct installer *in,
	    const char *token_hash, int64_t now, struct err *e);
/* The installer whose current token hashes to token_hash (any partner:
 * the token is the proof). ST_NOT_FOUND for an unknown or old token. */
int	store_installer_by_token(struct store *st, struct arena *a,
	    const char *token_hash, struct installer *out, struct err *e);

/* ---- devices ------------------------------------------------------------ */

struct device {
	const char	*id;
	const char	*partner_id;
	const char	*customer_id;
	const char	*customer_name;
	const char	*site_id;	/* NULL: no site */
	const char	*site_name;
	const char	*hardware_id;
	const char	*hostname;
	const char	*platform;
	const char	*os;
	const char	*kernel;
	const char	*agent_version;
	const char	*ip_addresses;	/* JSON list of strings */
	int64_t		 booted_at;	/* 0: unknown */
	const char	*policy_id;	/* NULL: the customer's default */
	const char	*overrides;	/* JSON: the device's own layer */
	long long	 override_revision;
	const char	*protection;	/* "on", "off", or NULL (not told) */
	int64_t		 definitions_at; /* 0: not told */
	long long	 open_threats;
	const char	*commands;	/* JSON list waiting, or "" */
	const char	*status;	/* protected | at_risk | offline */
	int64_t		 enrolled_at;
	int64_t		 last_seen;
	int64_t		 removed_at;	/* 0: enrolled */
};

/* When a device counts as offline or at risk; see device.h. */
struct device_clock {
	int64_t		now;
	int64_t		offline_after;	/* seconds without a check-in */
	int64_t		definitions_max_age;
};

struct device_filter {
	const char	*customer_id;	/* or NULL */
	const char	*site_id;	/* or NULL; "none": devices without */
	const char	*status;	/* or NULL */
	const char	*platform;	/* or NULL */
	const char	*q;		/* folded host-name substring, or NULL */
	const char	*scoped;	/* a customer-limited principal, or NULL */
	const char	*site_scoped;	/* a site-limited principal, or NULL */
};

/* A page of the partner's enrolled devices by host name. */
int	store_device_list(struct store *st, const char *partner_id,
	    const struct device_filter *f, const struct device_clock *clk,
	    struct arena *a, struct page *pg, struct device **out, size_t *n,
	    struct err *e);
/* One enrolled (not removed) device of the partner. */
int	store_device_get(struct store *st, const char *partner_id,
	    const char *device_id, const struct device_clock *clk,
	    struct arena *a,
	    struct device *out, struct err *e);
/* Set the device's site (NULL: none). */
int	store_device_set_site(struct store *st, const char *partner_id,
	    const char *device_id, const char *site_id, struct err *e);
/* Set the device's own policy (NULL: the default); the policy is sent
 * again at the next check-in. */
int	store_device_set_policy(struct store *st, const char *partner_id,
	    const char *device_id, const char *policy_id, struct err *e);
/* Store the device's overrides; their revision goes up by one. */
int	store_device_set_overrides(struct store *st, const char *partner_id,
	    const char *device_id, const char *overrides, struct err *e);
/* Mark the device removed and queue its uninstall. */
int	store_device_remove(struct store *st, const char *partner_id,
	    const char *device_id, int64_t now, struct err *e);
/* Replace the waiting commands (JSON list); policy_push: send the policy
 * at the next check-in whatever version the agent has. */
int	store_device_set_commands(struct store *st, const char *partner_id,
	    const char *device_id, const char *commands, bool policy_push,
	    struct err *e);

struct device_threat {
	const char	*id;
	const char	*name;
	const char	*path;
	const char	*action;	/* quarantined deleted blocked reported */
	int64_t		 detected_at;
	int64_t		 reported_at;
	bool		 resolved;
};

/* The device's latest threats, newest first, at most limit. */
int	store_device_threats(struct store *st, const char *partner_id,
	    const char *device_id, size_t limit, struct arena *a,
	    struct device_threat **out, size_t *n, struct err *e);

/* ---- the agent's side ----------------------------------------------------- */

/*
 * What enrolment writes: a new device, or (same customer and hardware id)
 * the existing one with a new secret, back from removal if it was.
 */
struct device_enrolment {
	const char	*partner_id;
	const char	*customer_id;
	const char	*site_id;
	const char	*hardware_id;
	const char	*hostname;
	const char	*sort_key;
	const char	*platform;
	const char	*os;
	const char	*agent_version;
	const char	*secret_hash;
	int64_t		 now;
};
/* *id: the device's id; *is_new: whether it was not known before. */
int	store_device_enroll(struct store *st, struct arena *a,
	    const struct device_enrolment *en, char **id, bool *is_new,
	    struct err *e);

/*
 * Everything a check-in needs, read in one query by the secret's hash:
 * the device, and the revisions that make up its policy version.
 */
struct checkin_row {
	const char	*device_id;
	const char	*partner_id;
	const char	*customer_id;
	const char	*site_id;
	const char	*hostname;
	const char	*platform;
	bool		 removed;
	const char	*state_hash;
	const char	*commands;
	bool		 policy_push;
	int64_t		 booted_at;
	int64_t		 last_seen;
	const char	*policy_id;	/* the policy in force, or NULL */
	long long	 policy_revision;
	long long	 template_version;
	long long	 customer_revision;	/* its customer override's */
	long long	 site_revision;
	long long	 device_revision;
	const char	*status;	/* stored: protected at_risk offline */
	const char	*protection;	/* or NULL: never reported */
	int64_t		 definitions_at;	/* 0: unknown */
	long long	 open_threats;
};
int	store_device_checkin_row(struct store *st, struct arena *a,
	    const char *secret_hash, struct checkin_row *out, struct err *e);

/* What a check-in that changed something stores. */
struct device_state {
	const char	*protection;	/* on | off */
	int64_t		 definitions_at; /* 0: unknown */
	const char	*state_hash;
	const char	*hostname;	/* NULL: unchanged (no host facts) */
	const char	*sort_key;
	const char	*os;
	const char	*kernel;
	const char	*agent_version;
	const char	*ip_addresses;
	int64_t		 booted_at;
	const struct device_threat *threats;
	size_t		 nthreats;
	bool		*fresh;		/* or NULL; out: [i] threat i is new */
	bool		 risky;		/* protection off or definitions old */
	int64_t		 now;
	const char	*status;	/* out: protected or at_risk */
	long long	 open_threats;	/* out */
};
/* Store a check-in's state and new threats (duplicates of threats already
 * stored are ignored); the device's open-threat count is recounted and
 * its status stored (at risk when s->risky or a threat is open). */
int	store_device_state_save(struct store *st, const char *partner_id,
	    const char *customer_id, const char *device_id,
	    struct device_state *s, struct arena *a, struct err *e);
/* The waiting commands were handed to the agent. */
int	store_device_commands_taken(struct store *st, const char *device_id,
	    struct err *e);
/* Write the last check-in time of many devices at once (never moving a
 * time backwards). */
int	store_devices_seen(struct store *st, const char *const *ids,
	    const int64_t *at, size_t n, struct err *e);

#endif

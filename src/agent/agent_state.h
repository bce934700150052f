/*
 * agent_state.h - the agent's state directory and everything kept in it.
 *
 * Layout of DIR (0700):
 *
 *	identity.json	{"device_id", "device_secret"}            0600
 *	config.json	{"server", "ca_file", "clamav_db", "platform",
 *			 "hostname", "scan_paths": [...]}           0600
 *	status.json	{"policy_version", "schedule_since",
 *			 "last_scan_at", ...}                       0600
 *	threats.json	[threat, ...] detections not yet acknowledged 0600
 *	policy.json	the effective settings being applied        0644
 *	hardware-id	random id when /etc/machine-id is missing   0600
 *	UNINSTALLED	note left when the hub removed the device   0644
 *	quarantine/	quarantined files and their .json sidecars  0700
 *
 * Every file is written atomically: a temporary file in DIR, fsync, rename
 * over the old name, fsync of DIR. A crash leaves the old or the new file,
 * never a mix.
 *
 * Strings in the structs below are owned by the struct (malloc'd) and
 * released by the matching *_free(); secrets are wiped before release.
 */
#ifndef STEWARD_AGENT_STATE_H
#define STEWARD_AGENT_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <jansson.h>

#define STATE_IDENTITY		"identity.json"
#define STATE_CONFIG		"config.json"
#define STATE_STATUS		"status.json"
#define STATE_THREATS		"threats.json"
#define STATE_POLICY		"policy.json"
#define STATE_HARDWARE_ID	"hardware-id"
#define STATE_UNINSTALLED	"UNINSTALLED"
#define STATE_QUARANTINE	"quarantine"

struct agent_config {
	char	 *server;	/* "https://hub.example", no trailing '/' */
	char	 *ca_file;	/* NULL: the system's trusted certificates */
	char	 *clamav_db;	/* signature database directory */
	char	 *platform;	/* "workstation" | "server" */
	char	 *hostname;	/* NULL: the system's host name */
	char	**scan_paths;	/* directories scanned by every scan */
	size_t	  nscan_paths;
};

struct agent_identity {
	char	device_id[128];
	char	secret[256];
};

struct agent_status {
	char	policy_version[256];	/* "" when no policy applied yet */
	/* Scheduled scans due at or before this time count as done. */
	int64_t	schedule_since;
	int64_t	last_scan_at;		/* 0: never */
	long	last_scan_files;
	long	last_scan_detections;
};

/*
 * Create DIR (0700) and DIR/quarantine (0700) when missing and tighten
 * their modes when they exist. Returns 0, or -1 with errno set.
 */
int	 state_dir_prepare(const char *dir);

/*
 * Write len bytes of data to DIR/name atomically with the given mode.
 * Returns 0, or -1 with errno set (the old file, if any, is untouched).
 */
int	 state_write_file(const char *dir, const char *name, const void *data,
	    size_t len, mode_t mode);

/*
 * Read DIR/name whole. Returns a malloc'd NUL-terminated buffer the caller
 * frees (length in *len when len is not NULL), or NULL with errno set
 * (ENOENT when the file does not exist).
 */
char	*state_read_file(const char *dir, const char *name, size_t *len);

/*
 * Write a JSON value (compact, with a final newline) atomically. The value
 * stays the caller's. With wipe, the serialised text is wiped after the
 * write (files holding secrets). Returns 0 or -1 with errno set.
 */
int	 state_write_json(const char *dir, const char *name, const json_t *v,
	    mode_t mode, bool wipe);

/*
 * Read and parse DIR/name. Returns a new reference the caller decrefs, or
 * NULL when the file is missing (errno ENOENT) or is not JSON (EINVAL).
 */
json_t	*state_read_json(const char *dir, const char *name);

/* Whether DIR/name exists. */
bool	 state_exists(const char *dir, const char *name);

/*
 * Remove DIR/name and fsync DIR. Returns 0 (also when it was missing) or
 * -1 with errno set.
 */
int	 state_remove(const char *dir, const char *name);

/* Identity: save (0600), load (0 / -1 with errno ENOENT or EINVAL), erase. */
int	 state_identity_save(const char *dir, const struct agent_identity *id);
int	 state_identity_load(const char *dir, struct agent_identity *id);
/* Overwrite the identity file with zeros, fsync, then remove it. */
int	 state_identity_erase(const char *dir);
/* Wipe an identity in memory. */
void	 state_identity_wipe(struct agent_identity *id);

/* Config: save, load (0 / -1 with errno), free the strings. */
int	 state_config_save(const char *dir, const struct agent_config *c);
int	 state_config_load(const char *dir, struct agent_config *c);
void	 state_config_free(struct agent_config *c);

/* Status: load (a missing file gives zeros and returns 0), save. */
int	 state_status_load(const char *dir, struct agent_status *s);
int	 state_status_save(const char *dir, const struct agent_status *s);

/*
 * Pending threats: a JSON array of {"name","path","action","detected_at"}.
 * load returns a new reference (an empty array when there is none);
 * save writes the caller's array.
 */
json_t	*state_threats_load(const char *dir);
int	 state_threats_save(const char *dir, const json_t *threats);

/*
 * Remove from pending every threat equal (name, path, detected_at) to one
 * in sent. Both arrays stay the caller's; pending is changed in place.
 * Returns how many were removed.
 */
size_t	 state_threats_ack(json_t *pending, const json_t *sent);

#endif

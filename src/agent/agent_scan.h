/*
 * agent_scan.h - scanning files with libclamav.
 *
 * The engine loads every signature file of one database directory
 * (cl_load with the standard options: .cvd/.cld from freshclam, or any
 * .hdb/.ndb/... file), compiles it, and scans files with cl_scanfile and
 * libclamav's default limits (all parsers on). "Protection" is on while an
 * engine with at least one signature is loaded.
 *
 * Definitions time: the build time libclamav reads from the daily/main
 * database headers (CL_ENGINE_DB_TIME) when there is one, else the newest
 * modification time of the files in the directory (hand-made signature
 * files have no header).
 *
 * A scan walks each root recursively without following symbolic links,
 * looks at regular files only, skips excluded paths (agent_exclude.h),
 * the agent's state directory, and /proc, /sys, /dev and /run. Each
 * detection is quarantined (agent_quarantine.h) and becomes a threat
 * {"name": signature, "path", "action": "quarantined", "detected_at"},
 * or "reported" when the file could not be moved.
 *
 * scan_global_init() (cl_init) must run once before the first engine.
 */
#ifndef STEWARD_AGENT_SCAN_H
#define STEWARD_AGENT_SCAN_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct cl_engine;

struct scan_engine {
	struct cl_engine	*engine;	/* NULL: nothing loaded */
	unsigned int		 signatures;
	int64_t			 db_time;	/* definitions time, 0 unknown */
	int64_t			 dir_mtime;	/* newest file time at load */
	char			 dir[4096];
};

struct scan_job {
	const char *const	 *roots;	/* directories or files */
	size_t			  nroots;
	const char *const	 *exclusions;	/* policy exclusions.paths */
	size_t			  nexclusions;
	const char		 *state_dir;	/* never scanned */
	const char		 *quarantine_dir;
	volatile sig_atomic_t	 *stop;		/* set: stop early (may be NULL) */
};

struct scan_result {
	unsigned long	files;		/* files scanned */
	unsigned long	detections;
	unsigned long	errors;		/* files that could not be scanned */
	bool		stopped;	/* ended early by *stop */
};

/* cl_init; returns 0 or -1. */
int	 scan_global_init(void);

/*
 * Load and compile the database directory dir into s (s is initialised
 * here). Returns 0, or -1 with a reason in err (s then holds no engine but
 * may be freed or loaded again).
 */
int	 scan_engine_load(struct scan_engine *s, const char *dir, char *err,
	    size_t errlen);

/* Release the engine (s may hold none). */
void	 scan_engine_free(struct scan_engine *s);

/* Whether an engine with signatures is loaded. */
bool	 scan_engine_ready(const struct scan_engine *s);

/*
 * Whether the database directory changed since the engine was loaded (its
 * newest file time differs), or nothing is loaded.
 */
bool	 scan_engine_stale(const struct scan_engine *s, const char *dir);

/* The newest modification time of the regular files in dir, or 0. */
int64_t	 scan_dir_newest(const char *dir);

/*
 * Scan the job's roots; every detection is appended to threats (a JSON
 * array the caller owns) as described above. Returns 0, or -1 when no
 * engine is loaded.
 */
int	 scan_run(const struct scan_engine *s, const struct scan_job *j,
	    json_t *threats, struct scan_result *res);

/*
 * Scan one file and report the signature name (static libclamav text)
 * in *virname. Returns 1 when infected, 0 when clean, -1 on error.
 */
int	 scan_file(const struct scan_engine *s, const char *path,
	    const char **virname);

#endif

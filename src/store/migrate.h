/*
 * migrate.h - numbered schema migrations, embedded in the binaries.
 *
 * src/store/migrations/NNNN_name.sql applies to both engines;
 * NNNN_name.sqlite.sql / NNNN_name.pg.sql to one. Each version is applied
 * in its own transaction and recorded in schema_migrations, so running
 * `stewardctl init` again on an up-to-date database changes nothing, and on
 * an older one applies only what is missing. Concurrent runs are
 * serialised (SQLite write lock; PostgreSQL advisory lock).
 */
#ifndef STEWARD_MIGRATE_H
#define STEWARD_MIGRATE_H

struct migration {
	int		 version;
	const char	*name;
	const char	*backend;	/* NULL = both, "sqlite", "pg" */
	const char	*sql;
};

/* Terminated by an entry with version 0. Generated at build time. */
extern const struct migration	steward_migrations[];

/* Highest version known to this build. */
int	migrations_latest(void);

#endif

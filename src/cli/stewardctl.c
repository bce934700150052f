/*
 * stewardctl.c - the administration command: main, command table and the
 * helpers every command shares.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/country.h"
#include "core/log.h"
#include "core/rand.h"
#include "store/store.h"

#define DB_OPT	{ "db", "STEWARD_DB", "URL", \
	    "database: a SQLite file path or a postgresql:// URL", true, \
	    NULL, NULL }

/* Installer tokens are derived from this key (core/secretkey.h). */
#define KEY_OPT	{ "key-file", "STEWARD_KEY_FILE", "FILE", \
	    "the installation's secret key, created (0600) when missing; " \
	    "servers of one installation share it (default: the SQLite " \
	    "file's path + .key, or ./steward.key with PostgreSQL)", false, \
	    NULL, NULL }

static struct opt init_opts[] = { DB_OPT, { NULL } };

static struct opt partner_add_opts[] = {
	DB_OPT,
	{ "name", NULL, "NAME", "the partner's name", true, NULL, NULL },
	{ NULL }
};

static struct opt user_add_opts[] = {
	DB_OPT,
	{ "email", NULL, "E", "the user's e-mail address (sign-in name)",
	    true, NULL, NULL },
	{ "password", "STEWARD_USER_PASSWORD", "P",
	    "password (10+ characters, not common)", true, NULL, NULL },
	{ "account", NULL, "ID", "account id the role is in", true, NULL,
	    NULL },
	{ "role", NULL, "admin|viewer", "role in that account", true, NULL,
	    NULL },
	{ "customers", NULL, "ID,...", "limit the role to these customers "
	    "(a partner account's customer ids, comma-separated)", false,
	    NULL, NULL },
	{ "sites", NULL, "ID,...", "limit the role to these sites (a "
	    "company console's site ids, comma-separated)", false, NULL,
	    NULL },
	{ "name", NULL, "NAME", "display name", false, NULL, NULL },
	{ "language", NULL, "en|ja", "console language", false, "en", NULL },
	{ NULL }
};

static struct opt operator_add_opts[] = {
	DB_OPT,
	{ "email", NULL, "E", "the operator's e-mail address (sign-in name)",
	    true, NULL, NULL },
	{ "password", "STEWARD_USER_PASSWORD", "P",
	    "password (10+ characters, not common)", true, NULL, NULL },
	{ "role", NULL, "admin|viewer", "role in the operator account", false,
	    "admin", NULL },
	{ "name", NULL, "NAME", "display name", false, NULL, NULL },
	{ "language", NULL, "en|ja", "console and e-mail language", false,
	    "en", NULL },
	{ NULL }
};

static struct opt oms_add_opts[] = {
	DB_OPT,
	{ "partner", NULL, "ID", "owning partner account id", true, NULL,
	    NULL },
	{ "email", NULL, "E", "customer e-mail (unique in the OMS)", true,
	    NULL, NULL },
	{ "type", NULL, "business|consumer", "customer type", true, NULL,
	    NULL },
	{ "company", NULL, "C", "company name", false, NULL, NULL },
	{ "first-name", NULL, "F", "contact's first name", false, NULL, NULL },
	{ "last-name", NULL, "L", "contact's last name", false, NULL, NULL },
	{ "industry", NULL, "I", "industry key (agriculture, ..., other)",
	    false, NULL, NULL },
	{ "website", NULL, "W", "web site", false, NULL, NULL },
	{ "phone", NULL, "P", "phone number", false, NULL, NULL },
	{ "street", NULL, "S", "street address", false, NULL, NULL },
	{ "postal-code", NULL, "Z", "postal code", false, NULL, NULL },
	{ "city", NULL, "C", "city", false, NULL, NULL },
	{ "country", NULL, "CC", "ISO 3166-1 alpha-2 country code", false,
	    NULL, NULL },
	{ NULL }
};

static struct opt oms_import_opts[] = {
	DB_OPT,
	{ "partner", NULL, "ID", "owning partner account id", true, NULL,
	    NULL },
	{ "dry-run", NULL, NULL, "check every row and report, write nothing",
	    false, NULL, NULL },
	{ NULL }
};

static struct opt oms_index_opts[] = {
	DB_OPT,
	{ "partner", NULL, "ID", "partner account id", true, NULL, NULL },
	{ NULL }
};

#define SERVICE_OPTS(req) \
	{ "key", NULL, "KEY", "service key (a-z, 0-9, _)", true, NULL, NULL }, \
	{ "name", NULL, "NAME", "name shown to partners", req, NULL, NULL }, \
	{ "trial-days", NULL, "N", "trial length in days (default 30)", \
	    false, NULL, NULL }, \
	{ "trial-seats", NULL, "N", "seats of a trial (default 25)", false, \
	    NULL, NULL }, \
	{ "price", NULL, "P", "pay-as-you-go price per seat per day, such " \
	    "as 0.10", false, NULL, NULL }, \
	{ "currency", NULL, "CUR", "ISO 4217 currency (default EUR)", false, \
	    NULL, NULL }, \
	{ "position", NULL, "N", "order in lists", false, NULL, NULL }

static struct opt service_add_opts[] = { DB_OPT, SERVICE_OPTS(true),
	{ NULL } };
static struct opt service_set_opts[] = { DB_OPT, SERVICE_OPTS(false),
	{ NULL } };
static struct opt service_list_opts[] = { DB_OPT, { NULL } };

static struct opt oms_order_opts[] = {
	DB_OPT,
	{ "partner", NULL, "ID", "partner account the order is for", true,
	    NULL, NULL },
	{ "service", NULL, "KEY", "catalogue service", true, NULL, NULL },
	{ "seats", NULL, "N", "seats each code grants", true, NULL, NULL },
	{ "months", NULL, "M", "months each code grants", true, NULL, NULL },
	{ "count", NULL, "K", "how many codes", false, "1", NULL },
	{ NULL }
};

static struct opt partner_billing_opts[] = {
	DB_OPT,
	{ "partner", NULL, "ID", "partner account id", true, NULL, NULL },
	{ "flexible", NULL, "on|off", "pay-as-you-go (flexible billing)",
	    true, NULL, NULL },
	{ NULL }
};

static struct opt demo_opts[] = { DB_OPT, KEY_OPT, { NULL } };
static struct opt routes_opts[] = {
	{ "rules", NULL, NULL, "also print each route's rules (who may call "
	    "it, CSRF, idempotency)", false, NULL, NULL },
	{ NULL }
};

static struct opt serve_opts[] = {
	DB_OPT,
	KEY_OPT,
	{ "listen", "STEWARD_LISTEN", "HOST:PORT", "address to listen on",
	    false, "127.0.0.1:8080", NULL },
	{ "workers", "STEWARD_WORKERS", "N", "worker processes (0 = one per "
	    "CPU)", false, "0", NULL },
	{ "root", "STEWARD_ROOT", "DIR", "directory workers are confined to "
	    "(default: the SQLite file's directory, or the PostgreSQL socket "
	    "directory)", false, NULL, NULL },
	{ "user", "STEWARD_USER", "NAME", "system user workers run as "
	    "(when started as root)", false, NULL, NULL },
	{ "run-dir", "STEWARD_RUN_DIR", "DIR", "where the generated Kore "
	    "configuration and pid file go (default: a new temporary "
	    "directory)", false, NULL, NULL },
	{ "web-dir", "STEWARD_WEB_DIR", "DIR", "console files (default: "
	    "web/ beside bin/)", false, NULL, NULL },
	{ "module", "STEWARD_MODULE", "FILE", "the Kore module (default: "
	    "lib/steward.so beside bin/)", false, NULL, NULL },
	{ "kore", "STEWARD_KORE", "FILE", "the kore binary", false,
	    "kore", NULL },
	{ "body-max", "STEWARD_BODY_MAX", "BYTES", "largest request body",
	    false, "1048576", NULL },
	{ "import-max", "STEWARD_IMPORT_MAX", "BYTES", "largest CSV file a "
	    "customer import takes (about 150 bytes a row)", false,
	    "16777216", NULL },
	{ "public-url", "STEWARD_PUBLIC_URL", "URL", "the console's address "
	    "as people reach it, for links in e-mail (default: http:// and "
	    "--listen)", false, NULL, NULL },
	{ "trusted-proxies", "STEWARD_TRUSTED_PROXIES", "ADDRS", "addresses "
	    "or ranges of your own proxies (\"127.0.0.1,10.0.0.0/8\"): only "
	    "requests from them have the client address and scheme taken "
	    "from X-Forwarded-For/-Proto", false, NULL, NULL },
	{ "secure-cookies", "STEWARD_SECURE_COOKIES", NULL, "mark cookies "
	    "Secure (the site is served over HTTPS by a proxy)", false,
	    NULL, NULL },
	{ "smtp-url", "STEWARD_SMTP_URL", "URL", "SMTP server for e-mail: "
	    "smtp://[user:password@]host[:port] (STARTTLS when offered) or "
	    "smtps://...; without it e-mail waits in the outbox", false, NULL,
	    NULL },
	{ "mail-from", "STEWARD_MAIL_FROM", "ADDRESS", "sender of e-mail, "
	    "such as 'Steward <steward@example.com>' (needed with "
	    "--smtp-url)", false, NULL, NULL },
	{ "seccomp-trace", "STEWARD_SECCOMP_TRACE", NULL, "log system calls "
	    "the sandbox refuses instead of killing the worker (diagnosis)",
	    false, NULL, NULL },
	{ "no-jobs", "STEWARD_NO_JOBS", NULL, "do not start the background "
	    "process (e-mail, daily jobs); run `stewardctl jobs` elsewhere",
	    false, NULL, NULL },
	{ "metrics-token", "STEWARD_METRICS_TOKEN", "TOKEN", "bearer token "
	    "a scraper of GET /metrics must send (default: loopback callers "
	    "only)", false, NULL, NULL },
	{ NULL }
};

static struct opt jobs_opts[] = {
	DB_OPT,
	{ "smtp-url", "STEWARD_SMTP_URL", "URL", "SMTP server for e-mail: "
	    "smtp://[user:password@]host[:port] (STARTTLS when offered) or "
	    "smtps://...; without it e-mail waits in the outbox", false, NULL,
	    NULL },
	{ "mail-from", "STEWARD_MAIL_FROM", "ADDRESS", "sender of e-mail, "
	    "such as 'Steward <steward@example.com>' (needed with "
	    "--smtp-url)", false, NULL, NULL },
	{ NULL }
};

#define PG_BIN_OPT { "pg-bin", "STEWARD_PG_BIN", "DIR", "where pg_dump and " \
	    "pg_restore are (default: the newest /usr/lib/postgresql/*/bin, " \
	    "else the PATH)", false, NULL, NULL }

static struct opt backup_opts[] = {
	DB_OPT,
	{ "to", NULL, "FILE", "the backup file (written beside, then renamed)",
	    true, NULL, NULL },
	PG_BIN_OPT,
	{ NULL }
};

static struct opt restore_opts[] = {
	DB_OPT,
	{ "from", NULL, "FILE", "a file made by stewardctl backup", true,
	    NULL, NULL },
	{ "force", NULL, NULL, "replace what a non-empty database holds",
	    false, NULL, NULL },
	PG_BIN_OPT,
	{ NULL }
};

static struct cmd commands[] = {
	{ "init", "Create the database, or migrate it to this version's "
	    "schema; an empty catalogue gets the six standard services. "
	    "Prints nothing on success.", NULL, init_opts, cmd_init },
	{ "serve", "Run the server in the foreground until SIGTERM or "
	    "SIGINT.", NULL, serve_opts, cmd_serve },
	{ "jobs", "Run the background process alone (e-mail, daily jobs, "
	    "housekeeping) until SIGTERM or SIGINT; `serve` starts one "
	    "itself unless --no-jobs.", NULL, jobs_opts, cmd_jobs },
	{ "partner add", "Create a partner (MSP) account and print its id.",
	    NULL, partner_add_opts, cmd_partner_add },
	{ "user add", "Give a user a role in an account, creating the login "
	    "when the e-mail is new. Prints the user id.", NULL,
	    user_add_opts, cmd_user_add },
	{ "operator add", "Give a login a role in the operator account "
	    "(created on first use; the login is created when the e-mail is "
	    "new). Prints the user id.", NULL, operator_add_opts,
	    cmd_operator_add },
	{ "oms add", "Add a customer record to the OMS and print its id.",
	    NULL, oms_add_opts, cmd_oms_add },
	{ "oms import", "Import OMS records from a CSV file, or - for "
	    "standard input (header: type, email, first_name, last_name, "
	    "company, industry, website, phone, street, postal_code, city, "
	    "country). Every row is checked first; if any has a problem, each "
	    "is reported (the first 1000) and nothing is written. The file is "
	    "read once, as a stream: its size does not matter. On a terminal, "
	    "standard error shows rows checked, rows written, the rate and the "
	    "time left.",
	    "FILE.csv", oms_import_opts, cmd_oms_import },
	{ "oms index", "Build a partner's search blocks now, by which Find "
	    "customer reads the first page of a term with many matches in "
	    "display order (the background process builds them within a "
	    "minute of a large change; until then such a search sorts every "
	    "match). Prints how many blocks there are.", NULL, oms_index_opts,
	    cmd_oms_index },
	{ "customers import", "Create customers of a partner from a CSV "
	    "file (header: email, contact_person, phone, company, industry, "
	    "website, street, postal_code, city, country; optional "
	    "segment_discount and policy_template). Every row is checked as "
	    "the API checks a new customer; if any has a problem, each is "
	    "reported as `line N: field: message` and nothing is written. "
	    "Otherwise every customer is created in one transaction.",
	    "FILE.csv", oms_import_opts, cmd_customers_import },
	{ "demo", "Fill the database with demo data and print the demo "
	    "logins (creates or migrates the database first).", NULL,
	    demo_opts, cmd_demo },
	{ "routes", "Print every HTTP route the server registers.", NULL,
	    routes_opts, cmd_routes },
	{ "service add", "Add a service to the catalogue.", NULL,
	    service_add_opts, cmd_service_add },
	{ "service set", "Change a catalogue service (options not given "
	    "keep their value).", NULL, service_set_opts, cmd_service_set },
	{ "service list", "Print the service catalogue.", NULL,
	    service_list_opts, cmd_service_list },
	{ "oms order", "Record an OMS order for a partner (codes its "
	    "customers redeem) or a company console (codes it redeems for "
	    "itself; --partner names it too) and print its activation codes, "
	    "one per line.", NULL, oms_order_opts,
	    cmd_oms_order },
	{ "backup", "Write an online, consistent copy of the database to a "
	    "file while servers go on using it (SQLite: the backup API; "
	    "PostgreSQL: pg_dump, custom format).", NULL, backup_opts,
	    cmd_backup },
	{ "restore", "Restore a backup into an empty database (SQLite: a new "
	    "file; PostgreSQL: pg_restore), checked afterwards; --force to "
	    "replace a non-empty one.", NULL, restore_opts, cmd_restore },
	{ "config", "Print the effective configuration of `serve` with these "
	    "options and this environment: every setting, its value (secrets "
	    "masked) and where it came from.", NULL, serve_opts, cmd_config },
	{ "doctor", "Check what `serve` needs with these options: database "
	    "and schema, key file, SMTP, sandbox, disk. One line per check "
	    "(OK, WARN, FAIL); exits 1 when a check fails.", NULL, serve_opts,
	    cmd_doctor },
	{ "partner billing", "Turn flexible billing (pay-as-you-go) on or "
	    "off for a partner.", NULL, partner_billing_opts,
	    cmd_partner_billing },
};

#define NCOMMANDS	(sizeof(commands) / sizeof(commands[0]))

static void
usage(FILE *f)
{
	size_t	i;

	fprintf(f, "usage: stewardctl COMMAND [options]\n\ncommands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-14s %s\n", commands[i].name,
		    commands[i].summary);
	fprintf(f, "\nRun `stewardctl COMMAND --help` for a command's "
	    "options.\n");
}

static char	exe_dir[PATH_MAX];

const char *
cli_exe_dir(void)
{
	ssize_t	 n;
	char	*slash;

	if (exe_dir[0] != '\0')
		return (exe_dir);
	n = readlink("/proc/self/exe", exe_dir, sizeof(exe_dir) - 1);
	if (n <= 0) {
		snprintf(exe_dir, sizeof(exe_dir), ".");
		return (exe_dir);
	}
	exe_dir[n] = '\0';
	if ((slash = strrchr(exe_dir, '/')) != NULL)
		*slash = '\0';
	return (exe_dir);
}

char *
cli_beside_exe(const char *const *rels)
{
	char	 p[PATH_MAX * 2];
	char	*r;

	for (; *rels != NULL; rels++) {
		snprintf(p, sizeof(p), "%s/%s", cli_exe_dir(), *rels);
		if ((r = realpath(p, NULL)) != NULL)
			return (r);
	}
	return (NULL);
}

/*
 * Commands with --key-file name the key file to the app layer (and the
 * server processes) through STEWARD_KEY_FILE, as an absolute path: Kore's
 * workers read it before they are confined.
 */
void
cli_key_file(struct cmd *c)
{
	const struct opt	*o;
	static char		 def[PATH_MAX];
	const char		*path, *db;
	char			*dir, *abs, *slash, *full;

	for (o = c->opts; o->name != NULL; o++)
		if (strcmp(o->name, "key-file") == 0)
			break;
	if (o->name == NULL)
		return;
	path = opt_get(c, "key-file");
	db = opt_get(c, "db");
	if (path == NULL && store_url_is_pg(db))
		path = "steward.key";
	else if (path == NULL) {
		if ((size_t)snprintf(def, sizeof(def), "%s.key", db) >=
		    sizeof(def))
			opt_fail(c, "db", "path too long");
		path = def;
	}
	if (path[0] == '/') {
		setenv("STEWARD_KEY_FILE", path, 1);
		return;
	}
	/* Make it absolute through its directory (the file may not exist). */
	if ((dir = strdup(path)) == NULL)
		opt_fail(c, "key-file", "out of memory");
	slash = strrchr(dir, '/');
	if (slash != NULL)
		*slash = '\0';
	abs = realpath(slash != NULL ? (*dir ? dir : "/") : ".", NULL);
	if (abs == NULL)
		opt_fail(c, "key-file", "no directory for %s", path);
	if ((full = malloc(strlen(abs) + strlen(path) + 2)) == NULL)
		opt_fail(c, "key-file", "out of memory");
	sprintf(full, "%s/%s", abs, slash != NULL ? slash + 1 : path);
	setenv("STEWARD_KEY_FILE", full, 1);
	free(dir);
	free(abs);
	free(full);
}

void
cli_open(struct cli *x, struct cmd *c, bool create)
{
	const char	*url;
	int		 current, latest;

	x->cmd = c;
	arena_init(&x->a, 0);
	err_clear(&x->e);
	url = opt_get(c, "db");
	if (!store_url_is_pg(url) && !create && access(url, F_OK) != 0) {
		fprintf(stderr, "stewardctl %s: --db: no database at %s "
		    "(create it with `stewardctl init --db %s`)\n", c->name,
		    url, url);
		exit(1);
	}
	if (store_open(url, create, &x->st, &x->e) != ST_OK) {
		fprintf(stderr, "stewardctl %s: --db: %s\n", c->name,
		    x->e.internal[0] ? x->e.internal : "cannot open");
		exit(1);
	}
	if (!create) {
		if (store_schema_version(x->st, &current, &latest, &x->e) !=
		    ST_OK)
			cli_fail(x);
		if (current != latest) {
			fprintf(stderr, "stewardctl %s: the database schema is "
			    "at version %d and this build needs %d: run "
			    "`stewardctl init --db %s`\n", c->name, current,
			    latest, url);
			exit(1);
		}
	}
	cli_key_file(c);
	app_config_defaults(&x->cfg);
	app_config_from_env(&x->cfg);
	x->app.st = x->st;
	x->app.a = &x->a;
	x->app.e = &x->e;
	x->app.cfg = &x->cfg;
	x->app.lang = LANG_EN;
	x->app.now = clock_now();
	principal_operator(&x->who, "stewardctl");
	x->app.who = &x->who;
}

void
cli_close(struct cli *x)
{
	store_close(x->st);
	x->st = NULL;
	arena_free(&x->a);
}

void
cli_fail(struct cli *x)
{
	char	 msg[512], opt[80];
	size_t	 i, j;

	if (x->e.nfields > 0) {
		for (i = 0; i < x->e.nfields; i++) {
			snprintf(opt, sizeof(opt), "%s", x->e.fields[i].name);
			for (j = 0; opt[j] != '\0'; j++)
				if (opt[j] == '_')
					opt[j] = '-';
			msg_render(msg, sizeof(msg), LANG_EN,
			    x->e.fields[i].msg, x->e.fields[i].n,
			    x->e.fields[i].s);
			fprintf(stderr, "stewardctl %s: --%s: %s\n",
			    x->cmd->name, opt, msg);
		}
		exit(2);
	}
	err_message(&x->e, LANG_EN, msg, sizeof(msg));
	if (x->e.internal[0] != '\0')
		fprintf(stderr, "stewardctl %s: %s (%s)\n", x->cmd->name, msg,
		    x->e.internal);
	else
		fprintf(stderr, "stewardctl %s: %s\n", x->cmd->name, msg);
	exit(x->e.status == ST_NOT_FOUND ? 2 : 1);
}

int
main(int argc, char **argv)
{
	size_t	 i, words;
	char	 name[64];

	arena_tune_malloc();
	/* Commands print only their result; progress logs are opt-in. */
	log_set_level(LV_WARN);
	log_level_from_env();
	clock_from_env();
	if (rand_init() != 0) {
		fprintf(stderr, "stewardctl: libsodium failed to initialise\n");
		return (1);
	}
	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return (argc < 2 ? 2 : 0);
	}
	for (i = 0; i < NCOMMANDS; i++) {
		words = strchr(commands[i].name, ' ') ? 2 : 1;
		if (words == 2 && argc >= 3)
			snprintf(name, sizeof(name), "%s %s", argv[1],
			    argv[2]);
		else if (words == 1)
			snprintf(name, sizeof(name), "%s", argv[1]);
		else
			continue;
		if (strcmp(name, commands[i].name) == 0)
			return (commands[i].run(&commands[i],
			    argc - 1 - (int)words, argv + 1 + words));
	}
	fprintf(stderr, "stewardctl: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return (2);
}

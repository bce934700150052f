/*
 * cli.h - what stewardctl's commands share.
 */
#ifndef STEWARD_CLI_H
#define STEWARD_CLI_H

#include <stdbool.h>

#include "app/app.h"
#include "app/principal.h"
#include "cli/opts.h"
#include "core/arena.h"
#include "core/err.h"

struct store;

/* A command's working state: its arena, error, store and app context. */
struct cli {
	struct cmd		*cmd;
	struct arena		 a;
	struct err		 e;
	struct store		*st;
	struct app		 app;
	struct principal	 who;	/* the operator at the command line */
	struct app_config	 cfg;
};

/*
 * Open the database named by --db (creating the file when create) and
 * prepare an app context acting as the operator (principal.h). Unless
 * create, the schema must be current. Exits 1 with a message on failure.
 */
void	cli_open(struct cli *x, struct cmd *c, bool create);
void	cli_close(struct cli *x);

/*
 * Report x->e and exit: validation errors name the option for each field
 * (field "first_name" -> --first-name) and exit 2; others exit 1.
 */
void	cli_fail(struct cli *x) __attribute__((noreturn));

/*
 * For commands with --key-file: name the key file (the option, else the
 * SQLite file's path + .key, else ./steward.key) in STEWARD_KEY_FILE as an
 * absolute path.
 */
void	cli_key_file(struct cmd *c);

/* Where the stewardctl binary lives (for lib/ and web/ next to bin/). */
const char *cli_exe_dir(void);
/*
 * The first of <exe_dir>/<rel> that exists, for rel in the NULL-ended
 * list, as a malloc'd real path; NULL when none does. serve (and doctor)
 * look for the module and the console files in these places.
 */
char	*cli_beside_exe(const char *const *rels);
#define CLI_MODULE_REL	{ "../lib/steward.so", NULL }
#define CLI_WEB_REL	{ "../web", "../../web", NULL }

int	cmd_init(struct cmd *, int, char **);
int	cmd_partner_add(struct cmd *, int, char **);
int	cmd_user_add(struct cmd *, int, char **);
int	cmd_operator_add(struct cmd *, int, char **);
int	cmd_oms_add(struct cmd *, int, char **);
int	cmd_oms_import(struct cmd *, int, char **);
int	cmd_oms_index(struct cmd *, int, char **);
int	cmd_customers_import(struct cmd *, int, char **);
int	cmd_demo(struct cmd *, int, char **);
int	cmd_routes(struct cmd *, int, char **);
int	cmd_service_add(struct cmd *, int, char **);
int	cmd_service_set(struct cmd *, int, char **);
int	cmd_service_list(struct cmd *, int, char **);
int	cmd_oms_order(struct cmd *, int, char **);
int	cmd_partner_billing(struct cmd *, int, char **);
int	cmd_serve(struct cmd *, int, char **);
int	cmd_jobs(struct cmd *, int, char **);
int	cmd_backup(struct cmd *, int, char **);
int	cmd_config(struct cmd *, int, char **);
int	cmd_doctor(struct cmd *, int, char **);
int	cmd_restore(struct cmd *, int, char **);

/* For serve and jobs: check --smtp-url and --mail-from and hand them to
 * the background process in the environment (exits 2 when unusable). */
void	cli_plan_mail(struct cmd *c);
/*
 * For serve: from the --db URL (and --root), the directory the confined
 * processes live in (*root) and the database URL as they open it from
 * there (*worker_db); both malloc'd. Exits 2 naming the option when the
 * database or directory is unusable.
 */
void	cli_plan_database(struct cmd *c, const char *url, const char *root_opt,
	    const char *run_dir, bool chroot_on, char **root, char **worker_db);

#endif

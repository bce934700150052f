/*
 * cmd_jobs.c - stewardctl jobs: the background process on its own.
 *
 * `stewardctl serve` starts a background process beside Kore; with
 * several servers behind a load balancer, or when e-mail should leave
 * from one host, run it apart with this command (and serve --no-jobs).
 * Any number may run on one database: each message and each day's job is
 * done once (jobs.h).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/log.h"
#include "jobs/jobs.h"
#include "store/store.h"

int
cmd_jobs(struct cmd *c, int argc, char **argv)
{
	struct jobs_config	 jc;
	struct cli		 x;
	char			 name[64], why[256];
	bool			 mail;

	opts_parse(c, argc, argv, NULL);
	cli_plan_mail(c);
	/* The database must exist and be at this build's schema. */
	cli_open(&x, c, false);
	cli_close(&x);
	log_set_level(LV_INFO);
	log_level_from_env();
	if (!jobs_mail_setup(&mail, why, sizeof(why))) {
		fprintf(stderr, "stewardctl jobs: %s\n", why);
		return (2);
	}
	memset(&jc, 0, sizeof(jc));
	jc.db_url = opt_get(c, "db");
	snprintf(name, sizeof(name), "jobs pid %d", (int)getpid());
	jc.name = name;
	app_config_defaults(&jc.app);
	app_config_from_env(&jc.app);
	return (jobs_run(&jc));
}

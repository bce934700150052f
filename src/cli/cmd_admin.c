/*
 * cmd_admin.c - stewardctl init, partner add, user add, oms add, oms index,
 * demo, routes (the imports are in cmd_import.c).
 */
#include <stdio.h>
#include <string.h>

#include "api/routes.h"
#include "app/account.h"
#include "app/demo.h"
#include "app/oms.h"
#include "app/operator.h"
#include "app/password.h"
#include "app/subscription.h"
#include "cli/cli.h"
#include "core/buf.h"
#include "core/country.h"
#include "core/money.h"
#include "core/valid.h"
#include "store/store.h"
#include "store/store_oms.h"

static void
migrate(struct cli *x)
{
	int	applied;

	if (store_migrate(x->st, &applied, &x->e) != ST_OK)
		cli_fail(x);
}

int
cmd_init(struct cmd *c, int argc, char **argv)
{
	struct cli	x;

	const char	*op;
	size_t		 added;

	opts_parse(c, argc, argv, NULL);
	cli_open(&x, c, true);
	migrate(&x);
	/* A fresh installation starts with the catalogue of SPEC §5. */
	if (money_load(NULL) != 0) {
		fprintf(stderr, "stewardctl init: cannot read ISO 4217 data "
		    "from iso-codes\n");
		cli_close(&x);
		return (1);
	}
	if (operator_account_ensure(&x.app, &op) != ST_OK ||
	    service_seed(&x.app, &added) != ST_OK)
		cli_fail(&x);
	cli_close(&x);
	return (0);
}

int
cmd_partner_add(struct cmd *c, int argc, char **argv)
{
	struct cli	 x;
	char		*id;

	opts_parse(c, argc, argv, NULL);
	cli_open(&x, c, false);
	if (account_create(&x.app, "partner", opt_get(c, "name"), &id) !=
	    ST_OK)
		cli_fail(&x);
	printf("%s\n", id);
	cli_close(&x);
	return (0);
}

int
cmd_user_add(struct cmd *c, int argc, char **argv)
{
	struct cli	 x;
	struct login	 l;
	struct account	 acct;
	char		*id, *addr, *norm;
	int		 rc;

	opts_parse(c, argc, argv, NULL);
	cli_open(&x, c, false);
	if (store_account_get(x.st, opt_get(c, "account"), &x.a, &acct,
	    &x.e) != ST_OK)
		opt_fail(c, "account", "no account with id '%s'",
		    opt_get(c, "account"));
	if (valid_email(&x.a, &x.e, "email", opt_get(c, "email"), &addr,
	    &norm) != ST_OK)
		cli_fail(&x);
	rc = store_login_by_email(x.st, &x.a, norm, &l, &x.e);
	if (rc == ST_OK) {
		/* One login, many accounts: grant the role, keep the password. */
		fprintf(stderr, "stewardctl user add: %s already exists; "
		    "granting the role (password unchanged)\n", l.email);
		id = (char *)l.id;
	} else if (rc == ST_NOT_FOUND) {
		err_clear(&x.e);
		if (user_create(&x.app, opt_get(c, "email"),
		    opt_get(c, "password"), opt_get(c, "name"),
		    opt_get(c, "language"), &id) != ST_OK)
			cli_fail(&x);
	} else
		cli_fail(&x);
	if (opt_get(c, "customers") != NULL && opt_get(c, "sites") != NULL)
		opt_fail(c, "sites", "give --customers or --sites, not both");
	if (opt_get(c, "customers") != NULL || opt_get(c, "sites") != NULL) {
		const char	**ids, *opt = opt_get(c, "customers") != NULL ?
		    "customers" : "sites";
		char		 *list, *tok, *save;
		size_t		  n = 0;

		list = arena_strdup(&x.a, opt_get(c, opt));
		ids = arena_calloc(&x.a, strlen(list) / 2 + 2, sizeof(*ids));
		for (tok = strtok_r(list, ", ", &save); tok != NULL;
		    tok = strtok_r(NULL, ", ", &save))
			ids[n++] = tok;
		if (n == 0)
			opt_fail(c, opt, strcmp(opt, "sites") == 0 ?
			    "no site ids given" : "no customer ids given");
		rc = strcmp(opt, "sites") == 0 ? user_grant_sites(&x.app,
		    acct.id, id, opt_get(c, "role"), ids, n) :
		    user_grant_customers(&x.app, acct.id, id,
		    opt_get(c, "role"), ids, n);
	} else
		rc = user_grant(&x.app, acct.id, id, opt_get(c, "role"));
	if (rc != ST_OK)
		cli_fail(&x);
	printf("%s\n", id);
	cli_close(&x);
	return (0);
}

int
cmd_operator_add(struct cmd *c, int argc, char **argv)
{
	struct cli	 x;
	char		*id;
	bool		 existed;

	opts_parse(c, argc, argv, NULL);
	cli_open(&x, c, false);
	if (operator_login_add(&x.app, opt_get(c, "email"),
	    opt_get(c, "password"), opt_get(c, "name"),
	    opt_get(c, "language"), opt_get(c, "role"), &id, &existed) !=
	    ST_OK)
		cli_fail(&x);
	if (existed)
		fprintf(stderr, "stewardctl operator add: %s already exists; "
		    "granting the operator role (password unchanged)\n",
		    opt_get(c, "email"));
	printf("%s\n", id);
	cli_close(&x);
	return (0);
}

int
cmd_oms_add(struct cmd *c, int argc, char **argv)
{
	struct cli		 x;
	struct oms_record	 r;
	char			*id;

	opts_parse(c, argc, argv, NULL);
	cli_open(&x, c, false);
	if (country_load(NULL) != 0) {
		fprintf(stderr, "stewardctl oms add: cannot read ISO country "
		    "data (install iso-codes)\n");
		cli_close(&x);
		return (1);
	}
	memset(&r, 0, sizeof(r));
	r.type = opt_get(c, "type");
	r.email = opt_get(c, "email");
	r.d.company = opt_get(c, "company");
	r.first_name = opt_get(c, "first-name");
	r.last_name = opt_get(c, "last-name");
	r.d.industry = opt_get(c, "industry");
	r.d.website = opt_get(c, "website");
	r.d.phone = opt_get(c, "phone");
	r.d.street = opt_get(c, "street");
	r.d.postal_code = opt_get(c, "postal-code");
	r.d.city = opt_get(c, "city");
	r.d.country = opt_get(c, "country");
	if (oms_record_add(&x.app, opt_get(c, "partner"), &r, &id) != ST_OK) {
		if (x.e.status == ST_NOT_FOUND)
			opt_fail(c, "partner", "no partner account with id "
			    "'%s'", opt_get(c, "partner"));
		cli_fail(&x);
	}
	printf("%s\n", id);
	cli_close(&x);
	return (0);
}

int
cmd_oms_index(struct cmd *c, int argc, char **argv)
{
	struct cli	x;
	long long	blocks;

	opts_parse(c, argc, argv, NULL);
	cli_open(&x, c, false);
	if (oms_blocks_build(&x.app, opt_get(c, "partner"), &blocks) !=
	    ST_OK) {
		if (x.e.status == ST_NOT_FOUND)
			opt_fail(c, "partner", "no partner account with id "
			    "'%s'", opt_get(c, "partner"));
		cli_fail(&x);
	}
	printf("%lld block(s) of up to %d records\n", blocks,
	    OMS_BLOCK_RECORDS);
	cli_close(&x);
	return (0);
}

int
cmd_demo(struct cmd *c, int argc, char **argv)
{
	struct cli			 x;
	const struct demo_login		*logins;
	size_t				 n, i;

	opts_parse(c, argc, argv, NULL);
	cli_open(&x, c, true);
	migrate(&x);
	if (country_load(NULL) != 0 || money_load(NULL) != 0) {
		fprintf(stderr, "stewardctl demo: cannot read ISO country and "
		    "currency data (install iso-codes)\n");
		cli_close(&x);
		return (1);
	}
	if (demo_load(&x.app, &logins, &n) != ST_OK)
		cli_fail(&x);
	printf("Demo data is ready. Sign in with one of these logins:\n\n");
	for (i = 0; i < n; i++)
		printf("  %-28s %-22s %s\n", logins[i].email,
		    logins[i].password, logins[i].what);
	cli_close(&x);
	return (0);
}

static void
print_route(const char *method, const char *path, int flags, bool rules,
    const char *const *names)
{
	size_t	i;

	printf("%s %s", method, path);
	for (i = 0; rules && i < 16; i++)
		if (flags & (1 << i))
			printf(" %s", names[i]);
	printf("\n");
}

int
cmd_routes(struct cmd *c, int argc, char **argv)
{
	static const char *const names[] = ROUTE_RULE_NAMES;
	bool	rules;

	opts_parse(c, argc, argv, NULL);
	rules = opt_flag(c, "rules");
#define PRINT_ROUTE(m, p, fn, fl)	print_route(#m, p, fl, rules, names);
	STEWARD_ROUTES(PRINT_ROUTE)
#undef PRINT_ROUTE
	return (0);
}

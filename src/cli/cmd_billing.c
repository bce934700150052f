/*
 * cmd_billing.c - stewardctl service add|set|list, oms order and
 * partner billing: the operator's catalogue, orders that issue activation
 * codes, and flexible billing for a partner.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/operator.h"
#include "app/subscription.h"
#include "cli/cli.h"
#include "core/page.h"
#include "core/money.h"
#include "store/store_subscription.h"

/* An integer option, or -1 when not given; exits 2 when malformed. */
static long long
int_opt(struct cmd *c, const char *name)
{
	const char	*v;
	char		*end;
	long long	 n;

	if ((v = opt_get(c, name)) == NULL)
		return (-1);
	n = strtoll(v, &end, 10);
	if (*v == '\0' || *end != '\0' || n < 0)
		opt_fail(c, name, "not a whole number: '%s'", v);
	return (n);
}

static void
service_input(struct cmd *c, struct service_input *in)
{
	memset(in, 0, sizeof(*in));
	in->key = opt_get(c, "key");
	in->name = opt_get(c, "name");
	in->trial_days = int_opt(c, "trial-days");
	in->trial_seats = int_opt(c, "trial-seats");
	in->price = opt_get(c, "price");
	in->currency = opt_get(c, "currency");
	in->position = int_opt(c, "position");
}

static void
service_print(const struct service *s)
{
	struct arena	a;

	arena_init(&a, 256);
	printf("%-24s %-32s %3lld days %6lld seats %10s %s/seat/day\n",
	    s->key, s->name, s->trial_days, s->trial_seats,
	    money_text(&a, s->price_micros, 2), s->currency);
	arena_free(&a);
}

/* Open the database as the operator (its account made on first use). */
static void
operator_open(struct cli *x, struct cmd *c)
{
	const char	*op;

	cli_open(x, c, false);
	if (operator_account_ensure(&x->app, &op) != ST_OK)
		cli_fail(x);
}

static void
billing_open(struct cli *x, struct cmd *c)
{
	operator_open(x, c);
	if (money_load(NULL) != 0) {
		fprintf(stderr, "stewardctl %s: cannot read ISO 4217 data "
		    "from iso-codes\n", c->name);
		exit(1);
	}
}

int
cmd_service_add(struct cmd *c, int argc, char **argv)
{
	struct cli		x;
	struct service_input	in;
	struct service		s;

	opts_parse(c, argc, argv, NULL);
	billing_open(&x, c);
	service_input(c, &in);
	if (service_add(&x.app, &in, &s) != ST_OK)
		cli_fail(&x);
	service_print(&s);
	cli_close(&x);
	return (0);
}

int
cmd_service_set(struct cmd *c, int argc, char **argv)
{
	struct cli		x;
	struct service_input	in;
	struct service		s;

	opts_parse(c, argc, argv, NULL);
	billing_open(&x, c);
	service_input(c, &in);
	if (service_set(&x.app, &in, &s) != ST_OK) {
		if (x.e.status == ST_NOT_FOUND)
			opt_fail(c, "key", "no service with key '%s'", in.key);
		cli_fail(&x);
	}
	service_print(&s);
	cli_close(&x);
	return (0);
}

int
cmd_service_list(struct cmd *c, int argc, char **argv)
{
	struct cli	 x;
	struct service	*s;
	struct page	 all;
	size_t		 n, i;

	opts_parse(c, argc, argv, NULL);
	billing_open(&x, c);
	if (service_list(&x.app, page_all(&all), &s, &n) != ST_OK)
		cli_fail(&x);
	for (i = 0; i < n; i++)
		service_print(&s[i]);
	cli_close(&x);
	return (0);
}

int
cmd_oms_order(struct cmd *c, int argc, char **argv)
{
	struct cli	  x;
	char		 *order, **codes;
	long long	  count, i;

	opts_parse(c, argc, argv, NULL);
	billing_open(&x, c);
	count = int_opt(c, "count");
	if (sub_order_create(&x.app, opt_get(c, "partner"),
	    opt_get(c, "service"), int_opt(c, "seats"), int_opt(c, "months"),
	    count, &order, &codes) != ST_OK) {
		if (x.e.status == ST_NOT_FOUND)
			opt_fail(c, "partner", "no partner or company console "
			    "with id '%s'",
			    opt_get(c, "partner"));
		cli_fail(&x);
	}
	for (i = 0; i < count; i++)
		printf("%s\n", codes[i]);
	fprintf(stderr, "stewardctl oms order: order %s, %lld code(s)\n",
	    order, count);
	cli_close(&x);
	return (0);
}

int
cmd_partner_billing(struct cmd *c, int argc, char **argv)
{
	struct cli	 x;
	const char	*v;
	bool		 on;

	opts_parse(c, argc, argv, NULL);
	v = opt_get(c, "flexible");
	if (strcmp(v, "on") == 0)
		on = true;
	else if (strcmp(v, "off") == 0)
		on = false;
	else
		opt_fail(c, "flexible", "must be on or off, not '%s'", v);
	operator_open(&x, c);
	if (operator_partner_flexible(&x.app, opt_get(c, "partner"), on) !=
	    ST_OK) {
		if (x.e.status == ST_NOT_FOUND)
			opt_fail(c, "partner", "no partner with id '%s'",
			    opt_get(c, "partner"));
		cli_fail(&x);
	}
	cli_close(&x);
	return (0);
}

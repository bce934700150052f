/*
 * service.c - the operator's service catalogue; see subscription.h.
 */
#include <string.h>

#include "app/access.h"
#include "app/app.h"
#include "app/operator.h"
#include "app/subscription.h"
#include "core/arena.h"
#include "core/dates.h"
#include "core/err.h"
#include "core/money.h"
#include "core/page.h"
#include "core/valid.h"
#include "store/store_subscription.h"

#define SERVICE_KEY_MAX		40
#define TRIAL_DAYS_MAX		365
#define TRIAL_SEATS_MAX		100000
#define POSITION_MAX		1000000

static const char *
date_of_now(struct app *app, char day[11])
{
	date_of(app->now, day);
	return (day);
}

/* Only the operator (or stewardctl, which acts as it) keeps the catalogue. */
static int
operator_only(struct app *app)
{
	const char	*op;

	return (operator_access(app, true, &op));
}

int
service_list(struct app *app, struct page *pg, struct service **out,
    size_t *n)
{
	return (store_service_list(app->st, app->a, pg, out, n, app->e));
}

int
service_prices(struct app *app, const char *key, struct page *pg,
    struct service_price **out, size_t *n)
{
	struct service	 s;
	const char	*op;
	int		 rc;

	*out = NULL;
	*n = 0;
	if ((rc = operator_access(app, false, &op)) != ST_OK ||
	    (rc = store_service_get(app->st, app->a, key, &s, app->e)) !=
	    ST_OK)
		return (rc);
	return (store_service_price_history(app->st, key, app->a, pg, out, n,
	    app->e));
}

static bool
key_valid(const char *k)
{
	size_t	len;

	if (k == NULL || (len = strlen(k)) < 2 || len > SERVICE_KEY_MAX)
		return (false);
	for (; *k != '\0'; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') ||
		    *k == '_'))
			return (false);
	return (true);
}

static void
range(struct app *app, const char *field, long long v, long long lo,
    long long hi)
{
	if (v < lo)
		err_fieldn(app->e, field, M_TOO_SMALL, lo);
	else if (v > hi)
		err_fieldn(app->e, field, M_TOO_BIG, hi);
}

/* Apply what in gives onto s, validating each field. */
static int
service_apply(struct app *app, const struct service_input *in,
    struct service *s)
{
	char	*name;

	if (in->name != NULL && valid_text(app->a, app->e, "name", in->name,
	    true, SERVICE_NAME_MAX, &name) == ST_OK)
		s->name = name;
	if (in->trial_days != -1) {
		range(app, "trial_days", in->trial_days, 1, TRIAL_DAYS_MAX);
		s->trial_days = in->trial_days;
	}
	if (in->trial_seats != -1) {
		range(app, "trial_seats", in->trial_seats, 1,
		    TRIAL_SEATS_MAX);
		s->trial_seats = in->trial_seats;
	}
	if (in->position != -1) {
		range(app, "position", in->position, 0, POSITION_MAX);
		s->position = in->position;
	}
	if (in->price != NULL && !money_parse(in->price, &s->price_micros))
		err_field(app->e, "price", M_PRICE_INVALID);
	if (in->currency != NULL) {
		if (!currency_known(in->currency))
			err_field(app->e, "currency", M_CURRENCY_INVALID);
		else
			s->currency = in->currency;
	}
	return (app->e->status);
}

int
service_add(struct app *app, const struct service_input *in,
    struct service *out)
{
	struct service	s;
	char		day[11];
	int		rc;

	if ((rc = operator_only(app)) != ST_OK)
		return (rc);
	memset(&s, 0, sizeof(s));
	s.trial_days = 30;
	s.trial_seats = 25;
	s.currency = "EUR";
	if (in->key == NULL || *in->key == '\0')
		err_field(app->e, "key", M_REQUIRED);
	else if (!key_valid(in->key))
		err_field(app->e, "key", M_SERVICE_KEY);
	if (in->name == NULL)
		err_field(app->e, "name", M_REQUIRED);
	if (service_apply(app, in, &s) != ST_OK)
		return (app->e->status);
	s.key = in->key;
	s.created_at = s.updated_at = app->now;
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	rc = store_service_add(app->st, &s, app->e);
	if (rc == ST_CONFLICT) {
		store_tx_rollback(app->st);
		err_clear(app->e);
		return (err_conflict(app->e, "service_exists", M_CONFLICT,
		    "key"));
	}
	date_of(app->now, day);
	if (rc != ST_OK || (rc = store_service_price_set(app->st, s.key, day,
	    s.price_micros, s.currency, app->now, app->e)) != ST_OK ||
	    (rc = app_audit(app, NULL, NULL, "catalogue",
	    "service_added", "success", arena_printf(app->a,
	    "%s \"%s\": trial %lld days/%lld seats, %s %s per seat per day",
	    s.key, s.name, s.trial_days, s.trial_seats,
	    money_text(app->a, s.price_micros, 2), s.currency))) != ST_OK ||
	    (rc = store_tx_commit(app->st, app->e)) != ST_OK) {
		store_tx_rollback(app->st);
		return (rc);
	}
	*out = s;
	return (ST_OK);
}

const struct service_default service_defaults[] = {
	{ "essential_business", "Essential Business Security", "0.06" },
	{ "premium_business", "Premium Business Security", "0.09" },
	{ "ultimate_business", "Ultimate Business Security", "0.13" },
	{ "patch_management", "Patch Management", "0.04" },
	{ "cloud_backup", "Cloud Backup", "0.08" },
	{ "premium_remote_control", "Premium Remote Control", "0.05" },
};
const size_t service_defaults_n =
    sizeof(service_defaults) / sizeof(service_defaults[0]);

int
service_seed(struct app *app, size_t *added)
{
	struct service_input	 in;
	struct service		 s, *have;
	struct page		 pg;
	size_t			 n, i;
	int			 rc;

	*added = 0;
	if ((rc = operator_only(app)) != ST_OK)
		return (rc);
	page_first(&pg, 1);
	if ((rc = store_service_list(app->st, app->a, &pg, &have, &n,
	    app->e)) != ST_OK || n > 0)
		return (rc);
	for (i = 0; i < service_defaults_n; i++) {
		memset(&in, 0, sizeof(in));
		in.key = service_defaults[i].key;
		in.name = service_defaults[i].name;
		in.trial_days = 30;
		in.trial_seats = 25;
		in.price = service_defaults[i].price;
		in.currency = "EUR";
		in.position = (long long)i * 10;
		if ((rc = service_add(app, &in, &s)) != ST_OK)
			return (rc);
		(*added)++;
	}
	return (ST_OK);
}

int
service_set(struct app *app, const struct service_input *in,
    struct service *out)
{
	struct service	s, was;
	char		day[11];
	bool		repriced;
	int		rc;

	if ((rc = operator_only(app)) != ST_OK)
		return (rc);
	if ((rc = store_service_get(app->st, app->a, in->key ? in->key : "",
	    &was, app->e)) != ST_OK)
		return (rc);
	s = was;
	if (service_apply(app, in, &s) != ST_OK)
		return (app->e->status);
	s.updated_at = app->now;
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	/* A new price applies from tomorrow: today is billed as begun. */
	repriced = s.price_micros != was.price_micros ||
	    strcmp(s.currency, was.currency) != 0;
	if (repriced && !date_add_days(date_of_now(app, day), 1, day)) {
		store_tx_rollback(app->st);
		return (err_internal(app->e, "no date for %lld",
		    (long long)app->now));
	}
	if ((rc = store_service_update(app->st, &s, app->e)) != ST_OK ||
	    (repriced && (rc = store_service_price_set(app->st, s.key, day,
	    s.price_micros, s.currency, app->now, app->e)) != ST_OK) ||
	    (rc = app_audit(app, NULL, NULL, "catalogue", "service_changed",
	    "success", arena_printf(app->a,
	    "%s: name \"%s\" -> \"%s\", trial %lld/%lld -> %lld/%lld,"
	    " price %s %s -> %s %s", s.key, was.name, s.name, was.trial_days,
	    was.trial_seats, s.trial_days, s.trial_seats,
	    money_text(app->a, was.price_micros, 2), was.currency,
	    money_text(app->a, s.price_micros, 2), s.currency))) != ST_OK ||
	    (rc = store_tx_commit(app->st, app->e)) != ST_OK) {
		store_tx_rollback(app->st);
		return (rc);
	}
	*out = s;
	return (ST_OK);
}

/*
 * two_step.c - two-step verification; see two_step.h.
 */
#include <ctype.h>
#include <string.h>

#include <sodium.h>

#include "app/access.h"
#include "app/app.h"
#include "app/principal.h"
#include "app/two_step.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/rand.h"
#include "store/store.h"

#define ISSUER	"Steward"

int
two_step_start(struct app *app, struct two_step_setup *out)
{
	struct totp_state	 ts;
	struct login		 l;
	const char		*id;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = acting_login(app, &id)) != ST_OK ||
	    (rc = store_login_get(app->st, app->a, id, &l, app->e)) != ST_OK ||
	    (rc = store_totp_get(app->st, id, app->a, &ts, app->e)) != ST_OK)
		return (rc);
	if (ts.secret != NULL)
		return (err_set(app->e, ST_CONFLICT, "totp_enabled",
		    M_TOTP_ON));
	if (!totp_secret_new(out->secret))
		return (err_internal(app->e, "no TOTP secret"));
	if ((rc = store_totp_pending_set(app->st, id, out->secret, app->e)) !=
	    ST_OK)
		return (rc);
	out->uri = totp_uri(app->a, ISSUER, l.email, out->secret);
	out->qr_svg = qr_svg(app->a, out->uri);
	return (ST_OK);
}

/* A recovery code as typed, in the form it is hashed: lower case, no
 * dashes or spaces. */
static char *
recovery_norm(struct app *app, const char *code)
{
	char	*out, *o;

	o = out = arena_calloc(app->a, strlen(code) + 1, 1);
	for (; *code != '\0'; code++)
		if (*code != '-' && *code != ' ')
			*o++ = (char)tolower((unsigned char)*code);
	return (out);
}

/* A new recovery code: ten characters of the base32 alphabet as
 * xxxxx-xxxxx. */
static char *
recovery_new(struct app *app)
{
	static const char	alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
	unsigned char		r[10];
	char			code[12];
	size_t			i, k = 0;

	randombytes_buf(r, sizeof(r));
	for (i = 0; i < sizeof(r); i++) {
		if (i == 5)
			code[k++] = '-';
		code[k++] = alphabet[r[i] & 31];
	}
	code[k] = '\0';
	return (arena_strdup(app->a, code));
}

/* Recovery codes, plain (shown once) and hashed (stored). */
static void
codes_new(struct app *app, const char ***plain, const char ***hashes)
{
	size_t	i;

	*plain = arena_calloc(app->a, TWO_STEP_RECOVERY_CODES,
	    sizeof(**plain));
	*hashes = arena_calloc(app->a, TWO_STEP_RECOVERY_CODES,
	    sizeof(**hashes));
	for (i = 0; i < TWO_STEP_RECOVERY_CODES; i++) {
		(*plain)[i] = recovery_new(app);
		(*hashes)[i] = token_hash(app->a, recovery_norm(app,
		    (*plain)[i]));
	}
}

int
two_step_confirm(struct app *app, const char *code, const char ***codes,
    size_t *n)
{
	struct totp_state	 ts;
	const char		*id, **plain, **hashes;
	uint64_t		 step;
	int			 rc;

	*codes = NULL;
	*n = 0;
	if ((rc = acting_login(app, &id)) != ST_OK ||
	    (rc = store_totp_get(app->st, id, app->a, &ts, app->e)) != ST_OK)
		return (rc);
	if (ts.secret != NULL)
		return (err_set(app->e, ST_CONFLICT, "totp_enabled",
		    M_TOTP_ON));
	if (ts.pending == NULL)
		return (err_set(app->e, ST_CONFLICT, "totp_not_started",
		    M_TOTP_NOT_STARTED));
	if (code == NULL || *code == '\0')
		return (err_field(app->e, "code", M_REQUIRED));
	if (!totp_check(ts.pending, app->now, code, &step))
		return (err_field(app->e, "code", M_TOTP_WRONG));
	codes_new(app, &plain, &hashes);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_totp_enable(app->st, id, step, hashes,
	    TWO_STEP_RECOVERY_CODES, app->e)) != ST_OK ||
	    (rc = app_audit(app, NULL, NULL, "auth", "two_step_on", "success",
	    "two-step verification turned on")) != ST_OK) {
		store_tx_rollback(app->st);
		return (app->e->status != ST_OK ? app->e->status : rc);
	}
	if ((rc = store_tx_commit(app->st, app->e)) != ST_OK)
		return (rc);
	*codes = plain;
	*n = TWO_STEP_RECOVERY_CODES;
	return (ST_OK);
}

/*
 * The acting login proves its second factor (in the caller's
 * transaction): a current code of its secret, or an unused recovery
 * code. Wrong ones count against "code:<login>" like wrong passwords.
 */
static int
proof(struct app *app, const char **id, const char *code)
{
	struct totp_state	 ts;
	const char		*bucket;
	long long		 hits;
	int64_t			 win;
	uint64_t		 step;
	long			 retry;
	bool			 digits;
	int			 rc;

	if ((rc = acting_login(app, id)) != ST_OK ||
	    (rc = store_totp_get(app->st, *id, app->a, &ts, app->e)) != ST_OK)
		return (rc);
	if (ts.secret == NULL)
		return (err_set(app->e, ST_CONFLICT, "totp_off", M_TOTP_OFF));
	bucket = arena_printf(app->a, "code:%s", *id);
	if ((rc = store_ratelimit_peek(app->st, bucket, app->now,
	    app->cfg->signin_window, &hits, &win, app->e)) != ST_OK)
		return (rc);
	if (hits >= app->cfg->signin_max_per_email) {
		retry = (long)(win + app->cfg->signin_window - app->now);
		app->e->retry_after = retry < 1 ? 1 : retry;
		return (err_setn(app->e, ST_RATE_LIMITED, "rate_limited",
		    M_RATE_LIMITED, app->e->retry_after));
	}
	if (code == NULL || *code == '\0')
		return (err_field(app->e, "code", M_REQUIRED));
	digits = strspn(code, "0123456789 ") == strlen(code);
	if (digits && totp_check(ts.secret, app->now, code, &step))
		rc = store_totp_use_step(app->st, *id, step, app->e);
	else if (!digits)
		rc = store_recovery_code_use(app->st, *id, token_hash(app->a,
		    recovery_norm(app, code)), app->now, app->e);
	else
		rc = ST_NOT_FOUND;
	if (rc == ST_OK)
		return (store_ratelimit_clear(app->st, bucket, app->e));
	if (rc != ST_NOT_FOUND && rc != ST_CONFLICT)
		return (rc);
	err_clear(app->e);
	if ((rc = store_ratelimit_hit(app->st, bucket, app->now,
	    app->cfg->signin_window, &hits, &win, app->e)) != ST_OK)
		return (rc);
	return (err_field(app->e, "code", M_TOTP_WRONG));
}

int
two_step_off(struct app *app, const char *code)
{
	const char	*id;
	int		 rc;

	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	rc = proof(app, &id, code);
	/* A wrong code's count must stay: commit it, then answer. */
	if (rc == ST_INVALID) {
		struct err	keep;

		err_clear(&keep);
		if (store_tx_commit(app->st, &keep) != ST_OK)
			store_tx_rollback(app->st);
		return (ST_INVALID);
	}
	if (rc != ST_OK ||
	    (rc = store_totp_disable(app->st, id, app->e)) != ST_OK ||
	    (rc = app_audit(app, NULL, NULL, "auth", "two_step_off",
	    "success", "two-step verification turned off")) != ST_OK ||
	    (rc = store_tx_commit(app->st, app->e)) != ST_OK) {
		store_tx_rollback(app->st);
		return (app->e->status != ST_OK ? app->e->status : rc);
	}
	return (ST_OK);
}

int
two_step_new_codes(struct app *app, const char *code, const char ***codes,
    size_t *n)
{
	const char	*id, **plain, **hashes;
	int		 rc;

	*codes = NULL;
	*n = 0;
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	rc = proof(app, &id, code);
	if (rc == ST_INVALID) {
		struct err	keep;

		err_clear(&keep);
		if (store_tx_commit(app->st, &keep) != ST_OK)
			store_tx_rollback(app->st);
		return (ST_INVALID);
	}
	codes_new(app, &plain, &hashes);
	if (rc != ST_OK ||
	    (rc = store_recovery_codes_replace(app->st, id, hashes,
	    TWO_STEP_RECOVERY_CODES, app->e)) != ST_OK ||
	    (rc = app_audit(app, NULL, NULL, "auth", "recovery_codes_new",
	    "success", "new recovery codes; the old ones no longer work")) !=
	    ST_OK ||
	    (rc = store_tx_commit(app->st, app->e)) != ST_OK) {
		store_tx_rollback(app->st);
		return (app->e->status != ST_OK ? app->e->status : rc);
	}
	*codes = plain;
	*n = TWO_STEP_RECOVERY_CODES;
	return (ST_OK);
}

int
two_step_state(struct app *app, const char *login_id, bool *on,
    long long *codes_left)
{
	struct totp_state	ts;
	int			rc;

	*on = false;
	*codes_left = 0;
	if ((rc = store_totp_get(app->st, login_id, app->a, &ts, app->e)) !=
	    ST_OK)
		return (rc);
	*on = ts.secret != NULL;
	if (!*on)
		return (ST_OK);
	return (store_recovery_codes_left(app->st, login_id, codes_left,
	    app->e));
}

int
two_step_check(struct app *app, const char *login_id, const char *totp,
    const char *recovery_code)
{
	struct totp_state	 ts;
	uint64_t		 step;
	int			 rc;

	if ((rc = store_totp_get(app->st, login_id, app->a, &ts, app->e)) !=
	    ST_OK)
		return (rc);
	if (ts.secret == NULL)
		return (ST_OK);
	if ((totp == NULL || *totp == '\0') &&
	    (recovery_code == NULL || *recovery_code == '\0'))
		return (err_set(app->e, ST_UNAUTH, "totp_required",
		    M_TOTP_REQUIRED));
	if (totp != NULL && *totp != '\0') {
		if (!totp_check(ts.secret, app->now, totp, &step))
			return (err_set(app->e, ST_UNAUTH, "bad_totp",
			    M_TOTP_WRONG));
		rc = store_totp_use_step(app->st, login_id, step, app->e);
		if (rc == ST_CONFLICT) {
			err_clear(app->e);
			return (err_set(app->e, ST_UNAUTH, "bad_totp",
			    M_TOTP_WRONG));
		}
		return (rc);
	}
	rc = store_recovery_code_use(app->st, login_id,
	    token_hash(app->a, recovery_norm(app, recovery_code)), app->now,
	    app->e);
	if (rc == ST_NOT_FOUND) {
		err_clear(app->e);
		return (err_set(app->e, ST_UNAUTH, "bad_totp", M_TOTP_WRONG));
	}
	if (rc == ST_OK)
		app_audit(app, NULL, NULL, "auth", "recovery_code_used",
		    "success", "a recovery code was used to sign in");
	return (rc);
}

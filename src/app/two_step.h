/*
 * two_step.h - two-step verification with an authenticator app (SPEC
 * section 9): TOTP codes and one-time recovery codes.
 *
 * A signed-in person starts it (a new secret, shown as text, an otpauth
 * URI and a QR code) and turns it on with a first code from the app,
 * which gives them TWO_STEP_RECOVERY_CODES recovery codes, shown once and
 * kept only as hashes. From then on signing in needs a current code (each
 * used once) or an unused recovery code after the password; wrong codes
 * count against the sign-in limits.
 */
#ifndef STEWARD_TWO_STEP_H
#define STEWARD_TWO_STEP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/totp.h"

struct app;

#define TWO_STEP_RECOVERY_CODES	10

struct two_step_setup {
	char		 secret[TOTP_SECRET_B32];
	const char	*uri;		/* otpauth://totp/... */
	const char	*qr_svg;	/* the URI as a QR code */
};

/* Start (or restart) setting it up; ST_CONFLICT when it is on already. */
int	two_step_start(struct app *app, struct two_step_setup *out);
/* Turn it on with a code of the new secret; the recovery codes (n of
 * them, in app->a) are shown this once. */
int	two_step_confirm(struct app *app, const char *code,
	    const char ***codes, size_t *n);

/*
 * For a signed-in person who has it on, proving the second factor again
 * with a current code or an unused recovery code (code): turn it off, or
 * replace the recovery codes (the new ones shown this once). Wrong codes
 * count like wrong passwords (429 after too many). ST_CONFLICT
 * "totp_off" when it is not on.
 */
int	two_step_off(struct app *app, const char *code);
int	two_step_new_codes(struct app *app, const char *code,
	    const char ***codes, size_t *n);
/* Whether login_id has it on, and its unused recovery codes. */
int	two_step_state(struct app *app, const char *login_id, bool *on,
	    long long *codes_left);

/*
 * At sign-in, after the password: ST_OK when login_id has no two-step
 * verification or a right code (totp) or unused recovery code is given;
 * ST_UNAUTH "totp_required" when neither is, "bad_totp" when wrong.
 */
int	two_step_check(struct app *app, const char *login_id,
	    const char *totp, const char *recovery_code);

#endif

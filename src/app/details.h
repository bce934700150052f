/*
 * details.h - validation of a company's contact and address details,
 * shared by hub customers (every detail required) and OMS records (the
 * details that are present must be valid).
 *
 * The country is checked first: it is the region for phone numbers written
 * without a country code and selects the postal code format.
 */
#ifndef STEWARD_DETAILS_H
#define STEWARD_DETAILS_H

#include "store/store.h"

struct app;

#define DETAILS_REQUIRED	0x01	/* every detail must be present */
#define DETAILS_EMAIL		0x02	/* validate the e-mail too */
#define DETAILS_CONTACT		0x04	/* contact_person (else first/last) */

struct details_in {
	const char		*email;
	const char		*contact_person;
	const char		*first_name;
	const char		*last_name;
	struct contact_details	 d;
};

/* Normalised values (absent optional ones are ""), in app->a. */
struct details {
	const char		*email;
	const char		*email_norm;
	const char		*contact_person;
	const char		*first_name;
	const char		*last_name;
	struct contact_details	 d;
};

/* Adds a field error (under the input's field names) for each problem. */
int	details_check(struct app *app, const struct details_in *in,
	    unsigned flags, struct details *out);

/* Each of patch's details that is not NULL, else cur's, into out. */
void	contact_merge(struct contact_details *out,
	    const struct contact_details *patch,
	    const struct contact_details *cur);

/* "Nika Vuk" -> "Nika", "Vuk": everything before the last space is the
 * first name; a single word is the last name. */
void	contact_split(struct app *app, const char *contact, char **first,
	    char **last);
/* The reverse, for records created outside the hub. */
char	*contact_join(struct app *app, const char *first, const char *last);

#endif

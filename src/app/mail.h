/*
 * mail.h - the e-mail Steward sends: notices composed in each recipient's
 * language and put in the outbox.
 *
 * A notice is written to the outbox (store.h) inside the caller's
 * transaction, so it exists exactly when the change that causes it was
 * committed; the sender (outbox.h) delivers it later. Each recipient gets
 * their own message, in the language of their login (English or
 * Japanese), as plain text and HTML.
 */
#ifndef STEWARD_MAIL_H
#define STEWARD_MAIL_H

#include <stddef.h>
#include <stdint.h>

#include "core/msg.h"

struct app;
struct login;

/*
 * A message before it is queued: subject and both bodies. to_name is set
 * before compose() is called: the recipient's name (may be NULL or empty),
 * for the salutation of a Japanese message.
 */
struct mail_content {
	const char	*to_name;
	const char	*subject;
	const char	*text;
	const char	*html;
};

/* "Education", "教育機関", ... for a segment key. */
const char *mail_segment_name(const char *segment, enum lang lang);

/*
 * Queue one message for each recipient, composed by compose() in the
 * recipient's language. kind names the notice ("discount_received").
 */
int	mail_queue(struct app *app, const char *account_id, const char *kind,
	    const struct login *to, size_t nto,
	    void (*compose)(struct app *, enum lang, const void *,
	    struct mail_content *), const void *arg);

/* A segment-discount application was filed for a partner's customer. */
struct discount_notice {
	const char	*company;	/* the customer */
	const char	*segment;
	const char	*due_on;	/* YYYY-MM-DD */
	const char	*status;	/* decisions: approved | rejected */
	long long	 percent;	/* approvals */
	const char	*note;
};

/* To the partner's admins: received, decision due within 5 business
 * days. */
int	mail_discount_received(struct app *app, const char *partner_id,
	    const struct discount_notice *n);
/* To the partner's admins: approved (with the percentage) or rejected,
 * with the operator's note. */
int	mail_discount_decided(struct app *app, const char *partner_id,
	    const struct discount_notice *n);

/* The composers, for tests. */
void	mail_compose_discount_received(struct app *app, enum lang lang,
	    const void *notice, struct mail_content *out);
void	mail_compose_discount_decided(struct app *app, enum lang lang,
	    const void *notice, struct mail_content *out);

/* For composers in other files: s with HTML's special characters escaped
 * (line breaks as <br>), and the HTML document around a message's
 * paragraphs with the automatic-message footer. Both in app->a. */
char	*mail_html_escape(struct app *app, const char *s);
/* A time for a message: "2026-12-06 09:30 UTC", or in Japanese
 * "2026年12月6日9時30分（UTC）" (in app->a). */
const char *mail_time_text(struct app *app, enum lang lang, int64_t t);
char	*mail_html_document(struct app *app, enum lang lang,
	    const char *title, const char *body);

#endif

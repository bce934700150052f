/*
 * outbox.c - delivering the outbox over SMTP; see outbox.h.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "app/outbox.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/rand.h"
#include "store/store.h"

int64_t
outbox_backoff(int64_t retry_s, long long attempts)
{
	int64_t	d = retry_s > 0 ? retry_s : 1;

	while (attempts-- > 1 && d < OUTBOX_RETRY_MAX_S)
		d *= 2;
	return (d < OUTBOX_RETRY_MAX_S ? d : OUTBOX_RETRY_MAX_S);
}

void
outbox_render(const struct outbox_config *cfg, const struct mail_message *m,
    int64_t now, struct buf *b)
{
	struct mime_msg	mm;
	char		mid[512];

	snprintf(mid, sizeof(mid), "<%s@%s>", m->message_id,
	    mime_domain(cfg->from.addr));
	memset(&mm, 0, sizeof(mm));
	mm.from = cfg->from;
	mm.to.name = m->recipient_name;
	mm.to.addr = m->recipient;
	mm.subject = m->subject;
	mm.message_id = mid;
	mm.date = now;
	mm.text = m->body_text;
	mm.html = m->body_html;
	mime_message(b, &mm);
}

/* Record what happened to m; a lost lease is only logged. */
static int
settle(struct store *st, const struct outbox_config *cfg,
    const struct mail_message *m, const char *owner,
    const struct smtp_result *r, struct outbox_stats *stats, struct err *e)
{
	struct err	tmp;
	int64_t		now = clock_now();
	int		rc;

	err_clear(&tmp);
	switch (r->outcome) {
	case SMTP_SENT:
		rc = store_mail_sent(st, m->id, owner, now, &tmp);
		stats->sent++;
		metrics_event(ME_MAIL_SENT, 1);
		log_msg(LV_INFO, "mail.sent", "%s (%s) to %s", m->id, m->kind,
		    m->recipient);
		break;
	case SMTP_PERMANENT:
		rc = store_mail_failed(st, m->id, owner, now, r->error, &tmp);
		stats->failed++;
		metrics_event(ME_MAIL_FAILED, 1);
		log_msg(LV_WARN, "mail.failed", "%s to %s refused for good: "
		    "%s", m->id, m->recipient, r->error);
		break;
	default:
		rc = store_mail_retry(st, m->id, owner, now +
		    outbox_backoff(cfg->retry_s, m->attempts), r->error, &tmp);
		stats->retried++;
		metrics_event(ME_MAIL_RETRY, 1);
		log_msg(LV_INFO, "mail.retry", "%s to %s, attempt %lld: %s",
		    m->id, m->recipient, m->attempts, r->error);
		break;
	}
	if (rc == ST_CONFLICT) {
		log_msg(LV_WARN, "mail.lease", "%s: the lease ran out before "
		    "the outcome was recorded", m->id);
		return (ST_OK);
	}
	if (rc != ST_OK)
		*e = tmp;
	return (rc);
}

int
outbox_run(struct store *st, const struct outbox_config *cfg, int64_t now,
    size_t max, struct outbox_stats *stats, struct err *e)
{
	struct mail_message	*msgs;
	struct smtp_result	 r;
	struct arena		 a;
	struct buf		 b = BUF_INIT;
	const char		*owner;
	size_t			 n, i;
	bool			 down = false;
	int			 rc;

	memset(stats, 0, sizeof(*stats));
	arena_init(&a, 0);
	owner = token_new(&a);
	rc = store_mail_claim(st, &a, owner, now, now + OUTBOX_LEASE_S, max,
	    &msgs, &n, e);
	if (rc != ST_OK)
		goto out;
	stats->claimed = n;
	for (i = 0; i < n; i++) {
		/*
		 * Once the server cannot be reached, the rest of the batch
		 * waits too, without a connection attempt each.
		 */
		if (!down) {
			buf_reset(&b);
			outbox_render(cfg, &msgs[i], clock_now(), &b);
			smtp_send(&cfg->smtp, cfg->from.addr,
			    msgs[i].recipient, b.data, b.len, &r);
			down = r.outcome == SMTP_TEMPORARY && r.code == 0;
		}
		if ((rc = settle(st, cfg, &msgs[i], owner, &r, stats, e)) !=
		    ST_OK)
			break;
	}
out:
	buf_free(&b);
	arena_free(&a);
	return (rc);
}

/*
 * alert_notify.c - e-mail notices of alerts, run by the background
 * process; see alert.h.
 *
 * Each new open alert is announced once: the notifier takes it
 * (compare-and-set on alerts.notify_pending) in the transaction that
 * queues its messages in the outbox. For every active person of the
 * partner account or company console whose settings ask for it (type,
 * minimum severity) and whose role covers the customer (a role limited to
 * chosen sites: the site of the alert's device):
 *   - "immediate", or any critical alert: a message at once, unless more
 *     than ALERT_NOTIFY_HOURLY_CAP of that type went to that person this
 *     hour; then the alert is held and summarised in the person's next
 *     message, or in a summary when the hour is over;
 *   - "digest": held for one daily message, sent after DIGEST_HOUR UTC;
 *   - "off": nothing.
 * Messages are in the person's language (English or Japanese); times in
 * UTC. Muted alerts are raised without a notice.
 */
#include <string.h>

#include <jansson.h>

#include "app/access.h"
#include "app/alert.h"
#include "app/app.h"
#include "app/mail.h"
#include "app/settings.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/dates.h"
#include "core/err.h"
#include "core/valid.h"
#include "store/store.h"

#define WAITING_BATCH		200
#define DIGEST_HOUR		8	/* UTC */
#define HELD_SHOWN		100	/* alerts listed in one message */

static const struct {
	const char	*type;
	const char	*en;
	const char	*ja;
} type_names[] = {
	{ "threat_detected", "Threat detected", "脅威を検出" },
	{ "protection_off", "Protection turned off", "保護が無効" },
	{ "definitions_outdated", "Virus definitions out of date",
	    "ウイルス定義が古い" },
	{ "device_offline", "Device offline", "デバイスがオフライン" },
	{ "trial_ending", "Trial ending soon", "試用期間の終了が間近" },
	{ "trial_ended", "Trial ended", "試用期間が終了" },
	{ "subscription_ending", "Subscription ending soon",
	    "サブスクリプションの終了が間近" },
	{ "subscription_ended", "Subscription ended",
	    "サブスクリプションが終了" },
	{ "seats_exceeded", "More devices than seats", "シート数を超過" },
	{ "discount_decided", "Segment discount decided",
	    "セグメント割引の審査結果" },
};

static const char *
type_name(const char *type, enum lang lang)
{
	size_t	i;

	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (strcmp(type_names[i].type, type) == 0)
			return (lang == LANG_JA ? type_names[i].ja :
			    type_names[i].en);
	return (type);
}

static int
severity_rank(const char *s)
{
	int	i;

	for (i = 0; alert_severities[i] != NULL; i++)
		if (strcmp(alert_severities[i], s) == 0)
			return (i);
	return (99);
}

static const char *
severity_name(const char *s, enum lang lang)
{
	static const char *const ja[] = { "重大", "高", "中", "低" };
	static const char *const en[] = { "Critical", "High", "Medium",
	    "Low" };
	int	r = severity_rank(s);

	if (r > 3)
		return (s);
	return (lang == LANG_JA ? ja[r] : en[r]);
}

/* A string member of the alert's details, or "". */
static const char *
detail(struct app *app, const struct alert *al, const char *key)
{
	json_t		*doc = settings_parse(app->a, al->data);
	json_t		*v = doc != NULL ? json_object_get(doc, key) : NULL;

	if (json_is_string(v))
		return (arena_strdup(app->a, json_string_value(v)));
	if (json_is_integer(v))
		return (arena_printf(app->a, "%lld",
		    (long long)json_integer_value(v)));
	return ("");
}

/* One line saying what the alert is about, in lang. */
static const char *
what(struct app *app, const struct alert *al, enum lang lang)
{
	const char	*t = al->type;
	bool		 ja = lang == LANG_JA;

	if (strcmp(t, "threat_detected") == 0)
		return (arena_printf(app->a, ja ? "%s（%s、処置：%s）" :
		    "%s in %s (action: %s)", detail(app, al, "name"),
		    detail(app, al, "path"), detail(app, al, "action")));
	if (strcmp(t, "definitions_outdated") == 0)
		return (arena_printf(app->a, ja ? "最終更新：%s" :
		    "Last updated: %s", *detail(app, al,
		    "definitions_updated_at") ? detail(app, al,
		    "definitions_updated_at") : (ja ? "不明" : "never")));
	if (strcmp(t, "device_offline") == 0)
		return (arena_printf(app->a, ja ? "最終接続：%s（%s日間接続なし"
		    "でオフライン）" : "Last seen: %s (offline after %s days)",
		    detail(app, al, "last_seen"), detail(app, al,
		    "offline_days")));
	if (strcmp(t, "seats_exceeded") == 0)
		return (arena_printf(app->a, ja ? "%s：%s台のデバイスに対して"
		    "シートは%s" : "%s: %s devices for %s seats",
		    detail(app, al, "service_key"), detail(app, al, "used"),
		    detail(app, al, "seats")));
	if (strcmp(t, "discount_decided") == 0)
		return (arena_printf(app->a, ja ? "%s：%s" : "%s: %s",
		    detail(app, al, "segment"), detail(app, al, "decision")));
	if (strcmp(t, "protection_off") == 0)
		return (ja ? "リアルタイム保護が無効になっています。" :
		    "Real-time protection is turned off.");
	return (arena_printf(app->a, ja ? "%s：%sに終了" : "%s: ends on %s",
	    detail(app, al, "service_key"), detail(app, al, "ends_on")));
}

/* "customer[, site], device" or "customer" (a company console's own
 * alerts name the company). */
static const char *
where(struct app *app, const struct alert *al, enum lang lang)
{
	if (al->device_hostname == NULL)
		return (al->customer_name);
	if (al->site_name != NULL)
		return (arena_printf(app->a, lang == LANG_JA ? "%s、%s、%s" :
		    "%s, %s, %s", al->customer_name, al->site_name,
		    al->device_hostname));
	return (arena_printf(app->a, lang == LANG_JA ? "%s、%s" : "%s, %s",
	    al->customer_name, al->device_hostname));
}

/* The alerts of the customer, or of the company's site (or all its own). */
static const char *
alerts_link(struct app *app, const struct alert *al)
{
	const char	*base = app->cfg->public_url;

	if (base == NULL || *base == '\0')
		return (NULL);
	if (!al->company)
		return (arena_printf(app->a, "%s/a/%s/alerts?customer_id=%s",
		    base, al->partner_id, al->customer_id));
	if (al->site_id != NULL)
		return (arena_printf(app->a, "%s/a/%s/alerts?site_id=%s",
		    base, al->partner_id, al->site_id));
	return (arena_printf(app->a, "%s/a/%s/alerts", base,
	    al->partner_id));
}

/* The list of held alerts, as text and HTML lines. */
static void
held_lines(struct app *app, enum lang lang, const struct alert *held,
    size_t n, struct buf *t, struct buf *h)
{
	char	at[21];
	size_t	i;

	buf_adds(h, "<ul>\n");
	for (i = 0; i < n && i < HELD_SHOWN; i++) {
		time_iso(held[i].first_seen, at);
		buf_printf(t, "- [%s] %s - %s - %s\n", severity_name(
		    held[i].severity, lang), type_name(held[i].type, lang),
		    where(app, &held[i], lang), at);
		buf_printf(h, "<li>[%s] %s - %s - %s</li>\n",
		    mail_html_escape(app, severity_name(held[i].severity,
		    lang)), mail_html_escape(app, type_name(held[i].type,
		    lang)), mail_html_escape(app, where(app, &held[i], lang)),
		    at);
	}
	buf_adds(h, "</ul>\n");
	if (n > HELD_SHOWN) {
		buf_printf(t, lang == LANG_JA ? "ほか%zu件\n" :
		    "and %zu more\n", n - HELD_SHOWN);
		buf_printf(h, lang == LANG_JA ? "<p>ほか%zu件</p>\n" :
		    "<p>and %zu more</p>\n", n - HELD_SHOWN);
	}
}

/* What one message carries: an alert (or none), and held ones. */
struct notice {
	const struct alert	*al;
	const struct alert	*held;
	size_t			 nheld;
	bool			 digest;
};

static void
compose(struct app *app, enum lang lang, const void *arg,
    struct mail_content *out)
{
	const struct notice	*nt = arg;
	const struct alert	*al = nt->al;
	struct buf		 t = BUF_INIT, h = BUF_INIT;
	const char		*link;
	char			 at[21];
	bool			 ja = lang == LANG_JA;

	if (ja)
		buf_printf(&t, "%s\n\n", out->to_name != NULL &&
		    *out->to_name ? arena_printf(app->a, "%s様",
		    out->to_name) : "ご担当者様");
	if (al != NULL) {
		time_iso(al->first_seen, at);
		out->subject = arena_printf(app->a, ja ? "【%s】%s：%s" :
		    "[%s] %s: %s", severity_name(al->severity, lang),
		    type_name(al->type, lang), where(app, al, lang));
		buf_printf(&t, ja ? "%s（%s）\n%s\n発生日時：%s（UTC）\n" :
		    "%s at %s\n%s\nFirst seen: %s UTC\n", type_name(al->type,
		    lang), where(app, al, lang), what(app, al, lang), at);
		buf_printf(&h, ja ? "<p><strong>%s</strong>（%s）</p>\n"
		    "<p>%s</p>\n<p>発生日時：%s（UTC）</p>\n" :
		    "<p><strong>%s</strong> at %s</p>\n<p>%s</p>\n"
		    "<p>First seen: %s UTC</p>\n", mail_html_escape(app,
		    type_name(al->type, lang)), mail_html_escape(app,
		    where(app, al, lang)), mail_html_escape(app, what(app, al,
		    lang)), at);
		if ((link = alerts_link(app, al)) != NULL) {
			buf_printf(&t, "%s\n", link);
			buf_printf(&h, "<p><a href=\"%s\">%s</a></p>\n",
			    mail_html_escape(app, link), ja ?
			    "アラートを開く" : "Open the alerts");
		}
	} else if (nt->digest)
		out->subject = arena_printf(app->a, ja ?
		    "アラートの日次ダイジェスト：%zu件" :
		    "Daily alert digest: %zu alert(s)", nt->nheld);
	else
		out->subject = arena_printf(app->a, ja ?
		    "通知を控えていたアラート：%zu件" :
		    "%zu more alert(s) while notices were paused", nt->nheld);
	if (nt->nheld > 0) {
		const char *intro = nt->digest ? (ja ?
		    "前回のダイジェスト以降に発生したアラート：" :
		    "Alerts raised since the last digest:") : (ja ?
		    "1時間あたりの通知数の上限を超えたため、次のアラートの"
		    "通知を控えていました：" :
		    "Notices of these alerts were held back (more than the "
		    "hourly limit of one kind):");

		buf_printf(&t, "\n%s\n", intro);
		buf_printf(&h, "<p>%s</p>\n", mail_html_escape(app, intro));
		held_lines(app, lang, nt->held, nt->nheld, &t, &h);
	}
	buf_adds(&t, ja ? "\n-- \nこのメールはStewardから自動送信されています。"
	    "通知の設定はコンソールで変更できます。\n" :
	    "\n-- \nThis message was sent automatically by Steward. Change "
	    "which alerts you hear about in the console.\n");
	buf_addc(&h, '\0');
	buf_addc(&t, '\0');
	out->text = arena_strdup(app->a, t.data);
	out->html = mail_html_document(app, lang, out->subject, h.data);
	buf_free(&t);
	buf_free(&h);
}

static struct login
login_of(const struct notify_recipient *r)
{
	struct login	l;

	memset(&l, 0, sizeof(l));
	l.id = r->login_id;
	l.email = r->email;
	l.name = r->name;
	l.language = r->language;
	return (l);
}

/* Whether r wants to hear of al at all. */
static int
wants(struct app *app, const struct notify_recipient *r,
    const struct alert *al, bool *yes)
{
	json_t	*types, *v;
	size_t	 i;

	*yes = false;
	if (strcmp(r->s.mode, "off") == 0 || severity_rank(al->severity) >
	    severity_rank(r->s.min_severity))
		return (ST_OK);
	types = settings_parse(app->a, r->s.types);
	if (json_array_size(types) > 0) {
		json_array_foreach(types, i, v)
			if (json_is_string(v) && strcmp(json_string_value(v),
			    al->type) == 0)
				break;
		if (i == json_array_size(types))
			return (ST_OK);
	}
	/* A role limited to chosen customers, or to chosen sites of a
	 * company console (the alert's device's site). */
	if (r->scoped)
		return (store_notify_covers(app->st, al->partner_id,
		    r->login_id, al->customer_id, al->site_id, yes, app->e));
	*yes = true;
	return (ST_OK);
}

/* The notice of one alert to one person, in the caller's transaction. */
static int
notify_one(struct app *app, const struct notify_recipient *r,
    const struct alert *al, size_t *sent)
{
	struct notice	 nt;
	struct login	 to;
	long long	 n;
	bool		 yes, taken;
	int		 rc;

	if ((rc = wants(app, r, al, &yes)) != ST_OK || !yes)
		return (rc);
	if (strcmp(r->s.mode, "digest") == 0 &&
	    strcmp(al->severity, "critical") != 0)
		return (store_notify_pend(app->st, al->partner_id,
		    r->login_id, al->id, "digest", app->now, app->e));
	if ((rc = store_notify_count(app->st, al->partner_id, r->login_id,
	    al->type, app->now / 3600, &n, app->e)) != ST_OK)
		return (rc);
	if (n > ALERT_NOTIFY_HOURLY_CAP)
		return (store_notify_pend(app->st, al->partner_id,
		    r->login_id, al->id, "capped", app->now, app->e));
	memset(&nt, 0, sizeof(nt));
	nt.al = al;
	if ((rc = store_notify_take(app->st, al->partner_id, r->login_id,
	    "capped", app->a, (struct alert **)&nt.held, &nt.nheld, &taken,
	    app->e)) != ST_OK)
		return (rc);
	to = login_of(r);
	(*sent)++;
	return (mail_queue(app, al->partner_id, "alert", &to, 1, compose,
	    &nt));
}

/* Announce the alerts waiting for their notice. */
static int
announce(struct app *app, struct alert_notify_stats *stats)
{
	struct notify_recipient	*rcpt = NULL;
	struct alert		*al;
	const char		*partner = NULL;
	size_t			 n, nrcpt = 0, i, j;
	bool			 claimed;
	int			 rc;

	if ((rc = store_notify_waiting(app->st, app->a, WAITING_BATCH, &al,
	    &n, app->e)) != ST_OK)
		return (rc);
	for (i = 0; i < n; i++) {
		if (partner == NULL || strcmp(partner, al[i].partner_id) != 0) {
			partner = al[i].partner_id;
			if ((rc = store_notify_recipients(app->st, partner,
			    NULL, app->a, &rcpt, &nrcpt, app->e)) != ST_OK)
				return (rc);
		}
		if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
			return (rc);
		if ((rc = store_notify_claim(app->st, al[i].id, &claimed,
		    app->e)) != ST_OK)
			goto fail;
		/* Acknowledged or closed before its notice: nothing to say. */
		if (strcmp(al[i].status, "open") != 0)
			claimed = false;
		for (j = 0; claimed && j < nrcpt; j++)
			if ((rc = notify_one(app, &rcpt[j], &al[i],
			    &stats->messages)) != ST_OK)
				goto fail;
		if ((rc = store_tx_commit(app->st, app->e)) != ST_OK)
			goto fail;
		stats->alerts += claimed ? 1 : 0;
	}
	return (ST_OK);
fail:
	store_tx_rollback(app->st);
	return (rc);
}

/* Send the held alerts of reason to the people due for them. */
static int
flush(struct app *app, const char *reason, int64_t before, const char *day,
    struct alert_notify_stats *stats)
{
	struct notify_recipient	*r;
	struct notify_due	*due;
	struct notice		 nt;
	struct login		 to;
	size_t			 n, nr, i;
	bool			 taken;
	int			 rc;

	if ((rc = store_notify_due(app->st, reason, before, app->a, &due, &n,
	    app->e)) != ST_OK)
		return (rc);
	for (i = 0; i < n; i++) {
		if ((rc = store_notify_recipients(app->st, due[i].partner_id,
		    due[i].login_id, app->a, &r, &nr, app->e)) != ST_OK)
			return (rc);
		/* A digest goes out once a day. */
		if (day != NULL && nr == 1 && r[0].s.digest_sent_on != NULL &&
		    strcmp(r[0].s.digest_sent_on, day) == 0)
			continue;
		if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
			return (rc);
		memset(&nt, 0, sizeof(nt));
		nt.digest = day != NULL;
		if ((rc = store_notify_take(app->st, due[i].partner_id,
		    due[i].login_id, reason, app->a, (struct alert **)&nt.held,
		    &nt.nheld, &taken, app->e)) != ST_OK)
			goto fail;
		/* Gone from the account: the held alerts are dropped. */
		if (taken && nr == 1 && nt.nheld > 0) {
			to = login_of(&r[0]);
			if ((rc = mail_queue(app, due[i].partner_id, nt.digest ?
			    "alert_digest" : "alert_summary", &to, 1, compose,
			    &nt)) != ST_OK)
				goto fail;
			stats->messages++;
		}
		if (day != NULL && (rc = store_notify_digest_sent(app->st,
		    due[i].partner_id, due[i].login_id, day, app->now,
		    app->e)) != ST_OK)
			goto fail;
		if ((rc = store_tx_commit(app->st, app->e)) != ST_OK)
			goto fail;
	}
	return (ST_OK);
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
alert_notify_run(struct app *app, bool flush_held,
    struct alert_notify_stats *stats)
{
	char	day[11];
	int	rc;

	memset(stats, 0, sizeof(*stats));
	if ((rc = announce(app, stats)) != ST_OK || !flush_held)
		return (rc);
	/* Held over the cap in an hour that is over: a summary. */
	if ((rc = flush(app, "capped", app->now - app->now % 3600, NULL,
	    stats)) != ST_OK)
		return (rc);
	date_of(app->now, day);
	if (app->now % 86400 >= DIGEST_HOUR * 3600 && (rc = flush(app,
	    "digest", app->now + 1, day, stats)) != ST_OK)
		return (rc);
	return (store_notify_forget(app->st, app->now - 2 * 3600, app->e));
}

/* ---- a person's settings ----------------------------------------------------- */

int
alert_notify_settings_get(struct app *app, const char *partner_id,
    struct notify_settings *out)
{
	struct notify_recipient	*r;
	struct tenant		 t;
	const char		*login;
	size_t			 n;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = tenant_scope(app, partner_id, false, &t)) != ST_OK ||
	    (rc = acting_login(app, &login)) != ST_OK ||
	    (rc = store_notify_recipients(app->st, partner_id, login, app->a,
	    &r, &n, app->e)) != ST_OK)
		return (rc);
	if (n != 1)
		return (err_set(app->e, ST_NOT_FOUND, "not_found",
		    M_NOT_FOUND));
	*out = r[0].s;
	return (ST_OK);
}

int
alert_notify_settings_put(struct app *app, const char *partner_id,
    const char *mode, const char *min_severity, const char *const *types,
    size_t ntypes, struct notify_settings *out)
{
	static const char *const modes[] = { "immediate", "digest", "off",
	    NULL };
	struct tenant	 t;
	const char	*login;
	json_t		*list;
	size_t		 i;
	int		 rc;

	if ((rc = tenant_scope(app, partner_id, false, &t)) != ST_OK ||
	    (rc = acting_login(app, &login)) != ST_OK)
		return (rc);
	if (mode == NULL)
		err_field(app->e, "mode", M_REQUIRED);
	else
		valid_enum(app->a, app->e, "mode", mode, modes);
	if (min_severity == NULL)
		err_field(app->e, "min_severity", M_REQUIRED);
	else
		valid_enum(app->a, app->e, "min_severity", min_severity,
		    alert_severities);
	list = json_array();
	for (i = 0; i < ntypes; i++)
		if (valid_enum(app->a, app->e, arena_printf(app->a,
		    "types[%zu]", i), types[i], alert_types) == ST_OK)
			json_array_append_new(list, json_string(types[i]));
	memset(out, 0, sizeof(*out));
	out->mode = mode;
	out->min_severity = min_severity;
	out->types = settings_text(app->a, list);
	json_decref(list);
	if (app->e->status != ST_OK)
		return (app->e->status);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_notify_settings_put(app->st, partner_id, login, out,
	    app->now, app->e)) != ST_OK ||
	    (rc = app_audit(app, partner_id, NULL, "alert", "notifications",
	    "success", arena_printf(app->a, "Alert e-mail: %s, %s and above, "
	    "types %s", mode, min_severity, ntypes ? out->types : "all"))) !=
	    ST_OK ||
	    (rc = store_tx_commit(app->st, app->e)) != ST_OK) {
		store_tx_rollback(app->st);
		return (rc);
	}
	return (alert_notify_settings_get(app, partner_id, out));
}

/*
 * mail.c - notices in the recipients' languages, queued in the outbox;
 * see mail.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/mail.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/dates.h"
#include "core/err.h"
#include "core/rand.h"
#include "store/store.h"

const char *
mail_segment_name(const char *segment, enum lang lang)
{
	static const struct {
		const char	*key, *en, *ja;
	} names[] = {
		{ "education", "Education", "教育機関" },
		{ "government", "Government", "官公庁" },
		{ "nonprofit", "Not for Profit", "非営利団体" },
	};
	size_t	i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].key, segment) == 0)
			return (lang == LANG_JA ? names[i].ja : names[i].en);
	return (segment);
}

/* s with HTML's special characters escaped, in the arena. */
static char *
esc(struct app *app, const char *s)
{
	struct buf	b = BUF_INIT;

	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': buf_adds(&b, "&amp;"); break;
		case '<': buf_adds(&b, "&lt;"); break;
		case '>': buf_adds(&b, "&gt;"); break;
		case '"': buf_adds(&b, "&quot;"); break;
		case '\'': buf_adds(&b, "&#39;"); break;
		case '\n': buf_adds(&b, "<br>"); break;
		default: buf_addc(&b, *s); break;
		}
	}
	return (buf_to_arena(&b, app->a));
}

/* "2025-01-14" as the recipient reads dates. */
static const char *
day(struct app *app, const char *ymd, enum lang lang)
{
	int	y, m, d;

	if (lang == LANG_JA && sscanf(ymd, "%d-%d-%d", &y, &m, &d) == 3)
		return (arena_printf(app->a, "%d年%d月%d日", y, m, d));
	return (ymd);
}

/* "田中 健様": the salutation of a Japanese message. */
static const char *
dear(struct app *app, const struct mail_content *out)
{
	if (out->to_name == NULL || *out->to_name == '\0')
		return ("ご担当者様");
	return (arena_printf(app->a, "%s様", out->to_name));
}

/* The HTML document around a message's paragraphs. */
static char *
html_page(struct app *app, enum lang lang, const char *title,
    const char *body)
{
	return (arena_printf(app->a,
	    "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
	    "<title>%s</title></head>\n<body style=\"font-family: sans-serif; "
	    "color: #1f2328; line-height: 1.5\">\n%s"
	    "<p style=\"color: #59636e; font-size: 0.9em\">%s</p>\n"
	    "</body></html>\n", lang_code(lang), esc(app, title), body,
	    lang == LANG_JA ? "このメールはStewardから自動送信されています。" :
	    "This message was sent automatically by Steward."));
}

void
mail_compose_discount_received(struct app *app, enum lang lang,
    const void *arg, struct mail_content *out)
{
	const struct discount_notice	*n = arg;
	const char			*seg, *due, *to;

	seg = mail_segment_name(n->segment, lang);
	due = day(app, n->due_on, lang);
	if (lang == LANG_JA) {
		to = dear(app, out);
		out->subject = arena_printf(app->a,
		    "セグメント割引の申請を受け付けました：%s", n->company);
		out->text = arena_printf(app->a,
		    "%s\n\n"
		    "%sの%s向けセグメント割引の申請を受け付けました。\n\n"
		    "5営業日以内（%sまで）に審査を行い、結果をメールで"
		    "お知らせします。審査の状況は、顧客のページでも確認"
		    "できます。\n"
		    "\n-- \nこのメールはStewardから自動送信されています。\n",
		    to, n->company, seg, due);
		out->html = html_page(app, lang, out->subject, arena_printf(
		    app->a, "<p>%s</p>\n<p><strong>%s</strong>の%s向け"
		    "セグメント割引の申請を受け付けました。</p>\n<p>5営業日以内"
		    "（<strong>%s</strong>まで）に審査を行い、結果をメールで"
		    "お知らせします。審査の状況は、顧客のページでも確認"
		    "できます。</p>\n", esc(app, to), esc(app, n->company),
		    esc(app, seg), esc(app, due)));
		return;
	}
	out->subject = arena_printf(app->a,
	    "Segment discount application received: %s", n->company);
	out->text = arena_printf(app->a,
	    "We have received the %s segment discount application for %s.\n\n"
	    "The operator will review it within 5 business days (by %s). You "
	    "will get the decision by e-mail, and the customer's page shows "
	    "its status.\n\n-- \nThis message was sent automatically by "
	    "Steward.\n", seg, n->company, due);
	out->html = html_page(app, lang, out->subject, arena_printf(app->a,
	    "<p>We have received the %s segment discount application for "
	    "<strong>%s</strong>.</p>\n<p>The operator will review it within 5 "
	    "business days (by <strong>%s</strong>). You will get the "
	    "decision by e-mail, and the customer's page shows its "
	    "status.</p>\n", esc(app, seg), esc(app, n->company),
	    esc(app, due)));
}

void
mail_compose_discount_decided(struct app *app, enum lang lang,
    const void *arg, struct mail_content *out)
{
	const struct discount_notice	*n = arg;
	const char			*seg, *note_t, *note_h, *to;
	bool				 ok = strcmp(n->status, "approved") == 0;

	seg = mail_segment_name(n->segment, lang);
	note_t = n->note != NULL && *n->note != '\0' ? n->note : NULL;
	if (lang == LANG_JA) {
		to = dear(app, out);
		out->subject = arena_printf(app->a, ok ?
		    "セグメント割引が承認されました：%s" :
		    "セグメント割引は承認されませんでした：%s", n->company);
		note_h = note_t ? arena_printf(app->a, "<p>審査担当者からの"
		    "メモ：</p>\n<blockquote>%s</blockquote>\n",
		    esc(app, note_t)) : "";
		if (ok)
			out->text = arena_printf(app->a,
			    "%s\n\n"
			    "%sの%s向けセグメント割引が承認されました。"
			    "本日から、この顧客の従量課金の料金が%lld%%割引"
			    "されます。\n"
			    "%s%s\n\n-- \nこのメールはStewardから自動送信"
			    "されています。\n", to, n->company, seg, n->percent,
			    note_t ? "\n審査担当者からのメモ：\n" : "",
			    note_t ? note_t : "");
		else
			out->text = arena_printf(app->a,
			    "%s\n\n"
			    "%sの%s向けセグメント割引は承認されませんでした。"
			    "\n%s%s\n\n-- \nこのメールはStewardから自動送信"
			    "されています。\n", to, n->company, seg,
			    note_t ? "\n審査担当者からのメモ：\n" : "",
			    note_t ? note_t : "");
		out->html = html_page(app, lang, out->subject, ok ?
		    arena_printf(app->a, "<p>%s</p>\n<p><strong>%s</strong>の"
		    "%s向けセグメント割引が承認されました。本日から、この顧客の"
		    "従量課金の料金が<strong>%lld%%</strong>割引されます。"
		    "</p>\n%s", esc(app, to), esc(app, n->company),
		    esc(app, seg), n->percent, note_h) :
		    arena_printf(app->a, "<p>%s</p>\n<p><strong>%s</strong>の"
		    "%s向けセグメント割引は承認されませんでした。</p>\n%s",
		    esc(app, to), esc(app, n->company), esc(app, seg),
		    note_h));
		return;
	}
	out->subject = arena_printf(app->a, ok ?
	    "Segment discount approved: %s" :
	    "Segment discount not approved: %s", n->company);
	note_h = note_t ? arena_printf(app->a, "<p>Note from the operator:"
	    "</p>\n<blockquote>%s</blockquote>\n", esc(app, note_t)) : "";
	if (ok)
		out->text = arena_printf(app->a,
		    "The %s segment discount for %s has been approved: "
		    "pay-as-you-go prices are %lld%% lower from today.\n%s%s\n"
		    "\n-- \nThis message was sent automatically by Steward.\n",
		    seg, n->company, n->percent,
		    note_t ? "\nNote from the operator:\n" : "",
		    note_t ? note_t : "");
	else
		out->text = arena_printf(app->a,
		    "The %s segment discount for %s has not been approved.\n"
		    "%s%s\n\n-- \nThis message was sent automatically by "
		    "Steward.\n", seg, n->company,
		    note_t ? "\nNote from the operator:\n" : "",
		    note_t ? note_t : "");
	out->html = html_page(app, lang, out->subject, ok ?
	    arena_printf(app->a, "<p>The %s segment discount for "
	    "<strong>%s</strong> has been approved: pay-as-you-go prices are "
	    "<strong>%lld%%</strong> lower from today.</p>\n%s",
	    esc(app, seg), esc(app, n->company), n->percent, note_h) :
	    arena_printf(app->a, "<p>The %s segment discount for "
	    "<strong>%s</strong> has not been approved.</p>\n%s",
	    esc(app, seg), esc(app, n->company), note_h));
}

/* "2026-12-06 09:30 UTC", or in Japanese "2026年12月6日9時30分（UTC）". */
const char *
mail_time_text(struct app *app, enum lang lang, int64_t t)
{
	char	iso[21];
	int	y, mo, d, h, mi;

	time_iso(t, iso);
	if (sscanf(iso, "%d-%d-%dT%d:%d", &y, &mo, &d, &h, &mi) != 5)
		return (arena_strdup(app->a, iso));
	if (lang == LANG_JA)
		return (arena_printf(app->a, "%d年%d月%d日%d時%02d分（UTC）",
		    y, mo, d, h, mi));
	return (arena_printf(app->a, "%04d-%02d-%02d %02d:%02d UTC", y, mo, d,
	    h, mi));
}

int
mail_queue(struct app *app, const char *account_id, const char *kind,
    const struct login *to, size_t nto,
    void (*compose)(struct app *, enum lang, const void *,
    struct mail_content *), const void *arg)
{
	struct mail_message	m;
	struct mail_content	c;
	enum lang		lang;
	size_t			i;
	int			rc;

	for (i = 0; i < nto; i++) {
		lang = to[i].language != NULL &&
		    strcmp(to[i].language, "ja") == 0 ? LANG_JA : LANG_EN;
		memset(&c, 0, sizeof(c));
		c.to_name = to[i].name;
		compose(app, lang, arg, &c);
		memset(&m, 0, sizeof(m));
		m.kind = kind;
		m.recipient = to[i].email;
		m.recipient_name = to[i].name;
		m.language = lang_code(lang);
		m.subject = c.subject;
		m.body_text = c.text;
		m.body_html = c.html;
		/* The local part; the sender adds the --mail-from domain. */
		m.message_id = token_new(app->a);
		if ((rc = store_mail_enqueue(app->st, account_id, app->a, &m,
		    app->now, NULL, app->e)) != ST_OK)
			return (rc);
	}
	return (ST_OK);
}

static int
to_admins(struct app *app, const char *partner_id, const char *kind,
    void (*compose)(struct app *, enum lang, const void *,
    struct mail_content *), const struct discount_notice *n)
{
	struct login	*admins;
	size_t		 nadmins;
	int		 rc;

	if ((rc = store_partner_admins(app->st, partner_id, app->a, &admins,
	    &nadmins, app->e)) != ST_OK)
		return (rc);
	return (mail_queue(app, partner_id, kind, admins, nadmins, compose,
	    n));
}

int
mail_discount_received(struct app *app, const char *partner_id,
    const struct discount_notice *n)
{
	return (to_admins(app, partner_id, "discount_received",
	    mail_compose_discount_received, n));
}

int
mail_discount_decided(struct app *app, const char *partner_id,
    const struct discount_notice *n)
{
	return (to_admins(app, partner_id, "discount_decided",
	    mail_compose_discount_decided, n));
}

/* ---- for composers in other files (mail.h) --------------------------- */

char *
mail_html_escape(struct app *app, const char *s)
{
	return (esc(app, s));
}

char *
mail_html_document(struct app *app, enum lang lang, const char *title,
    const char *body)
{
	return (html_page(app, lang, title, body));
}

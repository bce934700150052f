/*
 * mail_invite.c - the invitation e-mail, in the invitee's language (the
 * inviter chooses it, or it is their own); see invitation.h.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/invitation.h"
#include "app/mail.h"
#include "core/arena.h"
#include "core/dates.h"
#include "core/err.h"
#include "store/store.h"

/* What the invitation grants, in words. */
static const char *
grant_text(struct app *app, enum lang lang, const struct invitation_notice *n)
{
	bool	admin = strcmp(n->role, "admin") == 0;

	if (lang == LANG_JA) {
		if (n->ncustomers == 0)
			return (admin ? "全体の管理者" : "全体の閲覧者");
		if (n->sites)
			return (arena_printf(app->a, "%zuか所のサイトの%s",
			    n->ncustomers, admin ? "管理者" : "閲覧者"));
		return (arena_printf(app->a, "%zu社の顧客の%s", n->ncustomers,
		    admin ? "管理者" : "閲覧者"));
	}
	if (n->ncustomers == 0)
		return (admin ? "an admin of the whole account" :
		    "a viewer of the whole account");
	return (arena_printf(app->a, "%s of %zu chosen %s%s",
	    admin ? "an admin" : "a viewer", n->ncustomers,
	    n->sites ? "site" : "customer", n->ncustomers == 1 ? "" : "s"));
}

void
mail_compose_invitation(struct app *app, enum lang lang, const void *arg,
    struct mail_content *out)
{
	const struct invitation_notice	*n = arg;
	const char			*grant, *until;

	grant = grant_text(app, lang, n);
	until = mail_time_text(app, lang, n->expires_at);
	if (lang == LANG_JA) {
		out->subject = arena_printf(app->a,
		    "%sさんから「%s」のStewardへの招待が届いています",
		    n->inviter, n->account_name);
		out->text = arena_printf(app->a,
		    "%sさんから、Stewardの「%s」に%sとして招待されました。\n\n"
		    "次のリンクを開いて、招待を承諾してください。"
		    "この招待は%sまで有効です。\n%s\n\n"
		    "お心当たりがない場合は、このメールを破棄してください。"
		    "招待は期限が過ぎると自動的に無効になります。\n"
		    "\n-- \nこのメールはStewardから自動送信されています。\n",
		    n->inviter, n->account_name, grant, until, n->link);
		out->html = mail_html_document(app, lang, out->subject,
		    arena_printf(app->a, "<p>%sさんから、Stewardの"
		    "「<strong>%s</strong>」に%sとして招待されました。</p>\n"
		    "<p><a href=\"%s\">招待を承諾する</a>（%sまで有効）</p>\n"
		    "<p>お心当たりがない場合は、このメールを破棄してください。"
		    "招待は期限が過ぎると自動的に無効になります。</p>\n",
		    mail_html_escape(app, n->inviter),
		    mail_html_escape(app, n->account_name),
		    mail_html_escape(app, grant),
		    mail_html_escape(app, n->link),
		    mail_html_escape(app, until)));
		return;
	}
	out->subject = arena_printf(app->a,
	    "%s invited you to %s on Steward", n->inviter, n->account_name);
	out->text = arena_printf(app->a,
	    "%s invited you to join %s on Steward as %s.\n\n"
	    "Open this link to accept (it works until %s):\n%s\n\n"
	    "If you did not expect this, you can ignore this e-mail: the "
	    "invitation expires on its own.\n"
	    "\n-- \nThis message was sent automatically by Steward.\n",
	    n->inviter, n->account_name, grant, until, n->link);
	out->html = mail_html_document(app, lang, out->subject,
	    arena_printf(app->a, "<p>%s invited you to join "
	    "<strong>%s</strong> on Steward as %s.</p>\n"
	    "<p><a href=\"%s\">Accept the invitation</a> (it works until "
	    "%s)</p>\n<p>If you did not expect this, you can ignore this "
	    "e-mail: the invitation expires on its own.</p>\n",
	    mail_html_escape(app, n->inviter),
	    mail_html_escape(app, n->account_name),
	    mail_html_escape(app, grant), mail_html_escape(app, n->link),
	    mail_html_escape(app, until)));
}

int
mail_invitation(struct app *app, const char *account_id, const char *email,
    enum lang lang, const struct invitation_notice *n)
{
	struct login	to;

	memset(&to, 0, sizeof(to));
	to.email = email;
	to.name = "";
	to.language = lang_code(lang);
	return (mail_queue(app, account_id, "invitation", &to, 1,
	    mail_compose_invitation, n));
}

/*
 * msg.h - the catalogue of user-facing messages, in English and Japanese.
 *
 * Errors carry a message id (and at most one argument) rather than text, so
 * the same failure renders in the language of whoever reads it: the API
 * picks the signed-in user's language, else Accept-Language, else English.
 *
 * Each entry: id, argument kind (MA_NONE, MA_INT: %lld, MA_STR: %s),
 * English format, Japanese format.
 */
#ifndef STEWARD_MSG_H
#define STEWARD_MSG_H

#include <stddef.h>

enum msg_arg { MA_NONE, MA_INT, MA_STR };

#define MSG_LIST(X)							\
	X(M_NONE, MA_NONE, "", "")					\
	X(M_INTERNAL, MA_NONE,						\
	    "Something went wrong on the server. Please try again.",	\
	    "サーバーでエラーが発生しました。もう一度お試しください。")	\
	X(M_UNAVAILABLE, MA_NONE,					\
	    "The database is not reachable right now.",			\
	    "現在データベースに接続できません。")			\
	X(M_MALFORMED_JSON, MA_STR,					\
	    "The request body is not valid JSON: %s.",			\
	    "リクエスト本文が正しい JSON ではありません: %s。")		\
	X(M_BODY_NOT_OBJECT, MA_NONE,					\
	    "The request body must be a JSON object.",			\
	    "リクエスト本文は JSON オブジェクトである必要があります。")	\
	X(M_BODY_REQUIRED, MA_NONE,					\
	    "This request needs a JSON body.",				\
	    "このリクエストには JSON 本文が必要です。")			\
	X(M_MEDIA_TYPE, MA_NONE,					\
	    "Send the body as application/json.",			\
	    "本文は application/json で送信してください。")		\
	X(M_TOO_LARGE, MA_INT,						\
	    "The request body is larger than %lld bytes.",		\
	    "リクエスト本文が %lld バイトを超えています。")		\
	X(M_NOT_FOUND, MA_NONE,						\
	    "Not found.", "見つかりません。")				\
	X(M_METHOD, MA_NONE,						\
	    "This method is not allowed here.",				\
	    "このメソッドはここでは使用できません。")			\
	X(M_UNAUTHENTICATED, MA_NONE,					\
	    "Sign in to continue.", "続行するにはサインインしてください。") \
	X(M_SESSION_EXPIRED, MA_NONE,					\
	    "Your session has ended. Sign in again.",			\
	    "セッションが終了しました。もう一度サインインしてください。") \
	X(M_BAD_CREDENTIALS, MA_NONE,					\
	    "The e-mail address or password is incorrect.",		\
	    "メールアドレスまたはパスワードが正しくありません。")	\
	X(M_RATE_LIMITED, MA_INT,					\
	    "Too many attempts. Try again in %lld seconds.",		\
	    "試行回数が多すぎます。%lld 秒後にもう一度お試しください。")	\
	X(M_CSRF, MA_NONE,						\
	    "The request is missing a valid X-CSRF-Token header.",	\
	    "有効な X-CSRF-Token ヘッダーがありません。")		\
	X(M_FORBIDDEN_VIEWER, MA_NONE,					\
	    "Your role in this account can view but not change it.",	\
	    "このアカウントでのあなたのロールは閲覧のみです。")		\
	X(M_FORBIDDEN, MA_NONE,						\
	    "You are not allowed to do this.",				\
	    "この操作を行う権限がありません。")				\
	X(M_VALIDATION, MA_NONE,					\
	    "Some fields need attention.",				\
	    "入力内容を確認してください。")				\
	X(M_REQUIRED, MA_NONE,						\
	    "This field is required.", "この項目は必須です。")		\
	X(M_BLANK, MA_NONE,						\
	    "This field cannot be blank.", "空白のみの入力はできません。") \
	X(M_NOT_STRING, MA_NONE,					\
	    "Must be a string.", "文字列である必要があります。")	\
	X(M_NOT_INTEGER, MA_NONE,					\
	    "Must be a whole number.", "整数である必要があります。")	\
	X(M_NOT_BOOLEAN, MA_NONE,					\
	    "Must be true or false.", "true または false である必要があります。") \
	X(M_NOT_OBJECT, MA_NONE,					\
	    "Must be an object.", "オブジェクトである必要があります。")	\
	X(M_NOT_ARRAY, MA_NONE,						\
	    "Must be a list.", "リストである必要があります。")		\
	X(M_UNKNOWN_FIELD, MA_NONE,					\
	    "Unknown field.", "不明な項目です。")			\
	X(M_TOO_LONG, MA_INT,						\
	    "Must be at most %lld characters.",				\
	    "%lld 文字以内で入力してください。")			\
	X(M_TOO_SHORT, MA_INT,						\
	    "Must be at least %lld characters.",			\
	    "%lld 文字以上で入力してください。")			\
	X(M_CONTROL_CHARS, MA_NONE,					\
	    "Must not contain control characters.",			\
	    "制御文字は使用できません。")				\
	X(M_BAD_UTF8, MA_NONE,						\
	    "Must be valid UTF-8 text.",				\
	    "正しい UTF-8 テキストである必要があります。")		\
	X(M_ONE_OF, MA_STR,						\
	    "Must be one of: %s.", "次のいずれかを指定してください: %s。") \
	X(M_EMAIL_INVALID, MA_NONE,					\
	    "Enter a valid e-mail address, such as name@example.com.",	\
	    "name@example.com のような正しいメールアドレスを入力してください。") \
	X(M_PASSWORD_WEAK, MA_STR,					\
	    "Choose a stronger password: %s.",				\
	    "より強いパスワードを選んでください: %s。")		\
	X(M_EMAIL_TAKEN, MA_NONE,					\
	    "A user with this e-mail address already exists.",		\
	    "このメールアドレスのユーザーはすでに存在します。")		\
	X(M_COUNTRY_INVALID, MA_NONE,					\
	    "Choose a country from the list (ISO 3166-1 code).",	\
	    "一覧から国を選択してください (ISO 3166-1 コード)。")	\
	X(M_OMS_EMAIL_TAKEN, MA_NONE,					\
	    "An OMS record with this e-mail address already exists.",	\
	    "このメールアドレスの OMS レコードはすでに存在します。")	\
	X(M_CONFLICT, MA_NONE,						\
	    "This conflicts with existing data.",			\
	    "既存のデータと競合しています。")

#define MSG_ENUM(id, kind, en, ja)	id,
enum msg_id { MSG_LIST(MSG_ENUM) M__COUNT };
#undef MSG_ENUM

/* Supported languages. */
enum lang { LANG_EN = 0, LANG_JA = 1 };

/* "en" -> LANG_EN, "ja" -> LANG_JA; anything else -1. */
int		 lang_parse(const char *s);
const char	*lang_code(enum lang l);
/* Pick from an Accept-Language header; LANG_EN when nothing matches. */
enum lang	 lang_from_accept(const char *header);

enum msg_arg	 msg_argkind(enum msg_id id);
/* Render message id in lang into out (always NUL-terminated). */
void		 msg_render(char *out, size_t outlen, enum lang l,
		    enum msg_id id, long long n, const char *s);

#endif

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
	X(M_TOO_SMALL, MA_INT,						\
	    "Must be at least %lld.", "%lld 以上で指定してください。")	\
	X(M_TOO_BIG, MA_INT,						\
	    "Must be at most %lld.", "%lld 以下で指定してください。")	\
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
	    "既存のデータと競合しています。")				\
	X(M_PHONE_INVALID, MA_NONE,					\
	    "Enter a valid phone number, such as +44 20 7946 0123.",	\
	    "+81 3-1234-5678 のような正しい電話番号を入力してください。") \
	X(M_PHONE_NEED_COUNTRY, MA_NONE,				\
	    "Include the country code (such as +81), or choose the "	\
	    "country first.",						\
	    "国番号 (+81 など) を付けるか、先に国を選択してください。")	\
	X(M_WEBSITE_INVALID, MA_NONE,					\
	    "Enter a web address such as example.com or "		\
	    "https://www.example.com.",					\
	    "example.com や https://www.example.com のような Web アドレスを" \
	    "入力してください。")					\
	X(M_POSTAL_FORMAT, MA_STR,					\
	    "Enter a postal code in this country's format, such as %s.",	\
	    "この国の形式で郵便番号を入力してください (例: %s)。")	\
	X(M_POSTAL_INVALID, MA_NONE,					\
	    "Enter a valid postal code.",				\
	    "正しい郵便番号を入力してください。")			\
	X(M_POLICY_NAME_TAKEN, MA_NONE,					\
	    "A policy with this name already exists here.",		\
	    "この名前のポリシーはすでに存在します。")			\
	X(M_NOT_WITH_GLOBAL, MA_NONE,					\
	    "Not used with global policies.",				\
	    "グローバル ポリシーでは使用しません。")			\
	X(M_NOT_WITH_LOCAL, MA_NONE,					\
	    "Not used with local policies.",				\
	    "ローカル ポリシーでは使用しません。")			\
	X(M_CHOOSE_GLOBAL_POLICY, MA_NONE,				\
	    "Select at least one global policy.",			\
	    "グローバル ポリシーを 1 つ以上選択してください。")		\
	X(M_TOO_MANY, MA_INT,						\
	    "Choose at most %lld.", "%lld 個以内で選択してください。")	\
	X(M_NO_SUCH_POLICY, MA_NONE,					\
	    "There is no such policy in this account.",		\
	    "このアカウントにそのポリシーはありません。")		\
	X(M_TEMPLATE_OR_COPY, MA_NONE,					\
	    "Choose either a policy template or a local policy to copy.",	\
	    "ポリシー テンプレートか、コピーするローカル ポリシーのどちらか" \
	    "を選択してください。")					\
	X(M_NOT_WITH_OMS, MA_NONE,					\
	    "Not used when creating from an OMS record.",		\
	    "OMS レコードから作成する場合は使用しません。")		\
	X(M_NOT_WITH_NEW, MA_NONE,					\
	    "Only used when creating from an OMS record.",		\
	    "OMS レコードから作成する場合にのみ使用します。")		\
	X(M_OMS_OWN_RECORD, MA_NONE,					\
	    "Your OMS already has a record with this e-mail address: "	\
	    "create the customer from it.",				\
	    "このメールアドレスの OMS レコードがすでにあります。そのレコード" \
	    "から顧客を作成してください。")				\
	X(M_EMAIL_UNAVAILABLE, MA_NONE,					\
	    "This e-mail address cannot be used for a new customer.",	\
	    "このメールアドレスは新しい顧客には使用できません。")	\
	X(M_OMS_RECORD_NOT_FOUND, MA_NONE,				\
	    "There is no such OMS record.",				\
	    "その OMS レコードは見つかりません。")			\
	X(M_HUB_CUSTOMER_EXISTS, MA_NONE,				\
	    "A hub customer already exists for this OMS record.",	\
	    "この OMS レコードのハブ顧客はすでに存在します。")		\
	X(M_OMS_NOT_ELIGIBLE, MA_NONE,					\
	    "Only Business records with every company detail can become " \
	    "hub customers.",						\
	    "ハブ顧客にできるのは、会社の詳細がすべてそろったビジネス "	\
	    "レコードだけです。")					\
	X(M_OPERATOR_ONLY, MA_NONE,					\
	    "Only the operator of this installation can do this.",	\
	    "この操作はこのインストールのオペレーターだけが行えます。")	\
	X(M_ALREADY_DECIDED, MA_NONE,					\
	    "This application has already been decided.",		\
	    "この申請はすでに決定済みです。")				\
	X(M_REJECT_NOTE, MA_NONE,					\
	    "Say why the application is rejected: the partner is "	\
	    "e-mailed this note.",					\
	    "却下の理由を入力してください。理由はパートナーにメールで"	\
	    "通知されます。")						\
	X(M_MAIL_NOT_FAILED, MA_NONE,					\
	    "Only a message that failed can be sent again.",		\
	    "再送できるのは送信に失敗したメッセージだけです。")		\
	X(M_EMAIL_FIXED, MA_NONE,					\
	    "The e-mail address identifies the customer in the OMS and "	\
	    "cannot be changed.",					\
	    "メールアドレスは OMS で顧客を識別するため変更できません。")	\
	X(M_IDEMPOTENCY_REUSED, MA_NONE,				\
	    "This Idempotency-Key was already used for a different "	\
	    "request.",							\
	    "この Idempotency-Key は別のリクエストですでに使用されています。") \
	X(M_IDEMPOTENCY_KEY, MA_NONE,					\
	    "The Idempotency-Key header must be 1-255 printable ASCII "	\
	    "characters.",						\
	    "Idempotency-Key ヘッダーは 1～255 文字の印字可能な ASCII " \
	    "文字で指定してください。")					\
	X(M_BAD_CURSOR, MA_NONE,					\
	    "This cursor is not valid; start again from the first page.",	\
	    "このカーソルは無効です。最初のページからやり直してください。") \
	X(M_COLUMNS, MA_INT,						\
	    "This row should have %lld columns, like the header.",	\
	    "この行はヘッダーと同じ %lld 列である必要があります。")	\
	X(M_DUPLICATE_IN_FILE, MA_NONE,					\
	    "This e-mail address appears earlier in the file.",		\
	    "このメールアドレスはファイル内の前の行にもあります。")	\
	X(M_CSV_SYNTAX, MA_STR,						\
	    "The file is not valid CSV: %s.",				\
	    "ファイルが正しい CSV ではありません: %s。")			\
	X(M_UNKNOWN_SETTING, MA_NONE,					\
	    "There is no such setting.", "そのような設定はありません。")	\
	X(M_SETTING_FORMAT, MA_NONE,					\
	    "Use the form HH:MM (24-hour), such as 02:30.",		\
	    "HH:MM (24 時間制、例: 02:30) の形式で入力してください。")	\
	X(M_EXCLUSION_PATH, MA_NONE,					\
	    "Enter a full path or pattern, such as C:\\Data\\* or "	\
	    "/var/lib/app.",						\
	    "C:\\Data\\* や /var/lib/app のような完全なパスまたはパターンを" \
	    "入力してください。")					\
	X(M_EXCLUSION_URL, MA_NONE,					\
	    "Enter a host or web address, such as *.example.com or "	\
	    "https://example.com/app.",					\
	    "*.example.com や https://example.com/app のようなホストまたは " \
	    "Web アドレスを入力してください。")			\
	X(M_DUPLICATE_ITEM, MA_NONE,					\
	    "This entry is listed twice.", "この項目は重複しています。")	\
	X(M_FORBIDDEN_SCOPED, MA_NONE,					\
	    "Your role covers chosen customers only; this needs access to "	\
	    "the whole account.",					\
	    "あなたのロールは選択された顧客のみが対象です。この操作には"	\
	    "アカウント全体へのアクセス権が必要です。")			\
	X(M_CUSTOMERS_PARTNER, MA_NONE,					\
	    "Only partner accounts have customers.",			\
	    "顧客を持てるのはパートナー アカウントだけです。")		\
	X(M_NO_SUCH_CUSTOMER, MA_NONE,					\
	    "There is no such customer in this account.",		\
	    "このアカウントにその顧客はありません。")			\
	X(M_SETTING_LOCKED, MA_NONE,					\
	    "This setting is locked by the policy.",			\
	    "この設定はポリシーによってロックされています。")		\
	X(M_LOCKS_GLOBAL_ONLY, MA_NONE,					\
	    "Only global policies lock settings.",			\
	    "設定をロックできるのはグローバル ポリシーだけです。")	\
	X(M_POLICY_SOURCE, MA_NONE,					\
	    "Choose template, scratch or copy.",			\
	    "template、scratch、copy のいずれかを選択してください。")	\
	X(M_NOT_WITH_SOURCE, MA_NONE,					\
	    "Not used with this source.",				\
	    "この作成方法では使用しません。")				\
	X(M_PLATFORM_MISMATCH, MA_NONE,					\
	    "This policy is for the other platform.",			\
	    "このポリシーは別のプラットフォーム用です。")		\
	X(M_POLICY_IN_USE, MA_INT,					\
	    "Customers using this policy: %lld. Choose a replacement "	\
	    "policy for them.",						\
	    "このポリシーは %lld 件の顧客で使用されています。代わりの"	\
	    "ポリシーを選択してください。")				\
	X(M_POLICY_IS_DEFAULT, MA_NONE,					\
	    "This policy is the customer's default: choose a replacement "	\
	    "or make another policy the default first.",		\
	    "このポリシーは顧客の既定のポリシーです。代わりのポリシーを"	\
	    "選択するか、先に別のポリシーを既定にしてください。")	\
	X(M_LAST_POLICY, MA_NONE,					\
	    "This is the customer's only policy for this platform and its "	\
	    "default, so it cannot be deleted. Create another policy "	\
	    "first.",							\
	    "このプラットフォームで顧客の唯一かつ既定のポリシーのため"	\
	    "削除できません。先に別のポリシーを作成してください。")	\
	X(M_REPLACEMENT_SELF, MA_NONE,					\
	    "Choose a policy other than the one being deleted.",	\
	    "削除するポリシー以外を選択してください。")			\
	X(M_NOT_ASSIGNED, MA_NONE,					\
	    "This policy is not assigned to the customer.",		\
	    "このポリシーはこの顧客に割り当てられていません。")		\
	X(M_UNKNOWN_SERVICE, MA_NONE,					\
	    "There is no service with this key in the catalogue.",	\
	    "カタログにこのキーのサービスはありません。")		\
	X(M_TRIAL_USED, MA_NONE,					\
	    "This customer has already had a trial of this service: a trial can be started once.", \
	    "この顧客はこのサービスの試用版をすでに利用しています。試用版を開始できるのは 1 回だけです。") \
	X(M_ALREADY_SUBSCRIBED, MA_NONE,				\
	    "This customer already has a paid subscription to this service.", \
	    "この顧客はこのサービスの有料サブスクリプションをすでに利用しています。") \
	X(M_CODE_FORMAT, MA_NONE,					\
	    "An activation code is 25 letters and digits, in five groups of five.", \
	    "アクティベーション コードは 5 文字ずつ 5 つのグループに分かれた 25 文字の英数字です。") \
	X(M_CODE_TYPO, MA_NONE,						\
	    "This code has a typing mistake: check each character against the order.", \
	    "このコードには入力ミスがあります。注文書と 1 文字ずつ照合してください。") \
	X(M_CODE_NOT_FOUND, MA_NONE,					\
	    "This activation code is not valid.",			\
	    "このアクティベーション コードは無効です。")		\
	X(M_CODE_USED, MA_NONE,						\
	    "This activation code has already been used.",		\
	    "このアクティベーション コードはすでに使用されています。")	\
	X(M_CODE_RATE_LIMITED, MA_INT,					\
	    "Too many codes that did not work. Try again in %lld seconds.", \
	    "無効なコードの入力が多すぎます。%lld 秒後にもう一度お試しください。") \
	X(M_FLEXIBLE_OFF, MA_NONE,					\
	    "Pay-as-you-go is not enabled for your account: ask your distributor to turn on flexible billing.", \
	    "このアカウントでは従量課金が有効になっていません。販売代理店にフレキシブル課金の有効化を依頼してください。") \
	X(M_NOT_PAYG, MA_NONE,						\
	    "Only a pay-as-you-go subscription can change seats or be cancelled.", \
	    "シート数の変更やキャンセルができるのは従量課金のサブスクリプションだけです。") \
	X(M_MONTH_INVALID, MA_NONE,					\
	    "Enter a month as YYYY-MM.",				\
	    "月は YYYY-MM の形式で入力してください。")			\
	X(M_CURRENCY_INVALID, MA_NONE,					\
	    "Enter an ISO 4217 currency code, such as EUR or JPY.",	\
	    "EUR や JPY などの ISO 4217 通貨コードを入力してください。")	\
	X(M_PRICE_INVALID, MA_NONE,					\
	    "Enter a price such as 0.10 (at most six decimals).",	\
	    "0.10 のような価格を入力してください (小数点以下 6 桁まで)。") \
	X(M_SERVICE_KEY, MA_NONE,					\
	    "Use 2 to 40 lower-case letters, digits and underscores.",	\
	    "2～40 文字の英小文字、数字、アンダースコアを使用してください。") \
	X(M_OVERRIDE_LOCAL, MA_NONE,					\
	    "This is the customer's own policy: change the policy itself.",	\
	    "これは顧客自身のポリシーです。ポリシーを直接変更してください。") \
	X(M_GLOBAL_HERE, MA_NONE,					\
	    "This is a global policy: change it on the Policies page, or "	\
	    "override its settings for this customer.",		\
	    "これはグローバル ポリシーです。ポリシー ページで変更するか、"	\
	    "この顧客向けに設定を上書きしてください。")			\
	X(M_DATE_INVALID, MA_NONE,					\
	    "Enter a date as YYYY-MM-DD.",				\
	    "日付は YYYY-MM-DD の形式で入力してください。")		\
	X(M_AUDIT_TIME, MA_NONE,					\
	    "Enter a date as YYYY-MM-DD or a time as "			\
	    "YYYY-MM-DDTHH:MM:SSZ.",					\
	    "日付はYYYY-MM-DD、日時はYYYY-MM-DDTHH:MM:SSZの形式で"	\
	    "入力してください。")					\
	X(M_AUDIT_RANGE, MA_NONE,					\
	    "The end of the period must come after its start.",	\
	    "期間の終わりは始まりより後にしてください。")		\
	X(M_AUDIT_CSV_MAX, MA_INT,					\
	    "More than %lld events match: narrow the period or the "	\
	    "filters to download them.",				\
	    "該当するイベントが%lld件を超えています。期間や条件を"	\
	    "絞り込んでからダウンロードしてください。")		\
	X(M_INVITATION_GONE, MA_NONE,					\
	    "This invitation has expired or was already used. Ask the "	\
	    "account's admin for a new one.",				\
	    "この招待は有効期限が切れているか、すでに使用されています。"	\
	    "アカウントの管理者に新しい招待を依頼してください。")	\
	X(M_ALREADY_MEMBER, MA_NONE,					\
	    "This person already has a role in this account.",		\
	    "このユーザーはすでにこのアカウントのメンバーです。")	\
	X(M_INVITE_EXISTING, MA_NONE,					\
	    "This e-mail address already has a Steward login: enter its "	\
	    "password to accept.",					\
	    "このメールアドレスのStewardログインはすでにあります。そのパス"	\
	    "ワードを入力して招待を承諾してください。")		\
	X(M_USAGE_UNPRICED, MA_NONE,					\
	    "No price was recorded for this service on these days, so they "	\
	    "are not charged.",						\
	    "この期間はサービスの価格が記録されていないため、請求されません。") \
	X(M_BAD_ENCODING, MA_NONE,					\
	    "This parameter is not correctly percent-encoded.",		\
	    "このパラメーターのパーセント エンコードが正しくありません。") \
	X(M_SESSION_ONLY, MA_NONE,					\
	    "This is about a console session: sign in with a session "	\
	    "cookie, not a bearer token.",				\
	    "これはコンソール セッションに関する操作です。ベアラー "	\
	    "トークンではなくセッション Cookie でサインインしてください。") \
	X(M_PEOPLE_ONLY, MA_NONE,					\
	    "Only a person signed in to the console can do this, not an "	\
	    "API client.",						\
	    "この操作はコンソールにサインインしたユーザーのみが行えます。"	\
	    "API クライアントからは行えません。")			\
	X(M_INVALID_CLIENT, MA_NONE,					\
	    "The client ID or secret is not right.",			\
	    "クライアント ID またはシークレットが正しくありません。")	\
	X(M_INVALID_TOKEN, MA_NONE,					\
	    "The access token is not valid or has expired; request a new "	\
	    "one.",							\
	    "アクセス トークンが無効か期限切れです。新しいトークンを"	\
	    "取得してください。")					\
	X(M_MALFORMED_FORM, MA_NONE,					\
	    "The form body is not valid UTF-8 text.",			\
	    "フォーム本文が正しい UTF-8 テキストではありません。")	\
	X(M_GRANT_TYPE, MA_NONE,					\
	    "Only grant_type=client_credentials is supported.",		\
	    "grant_type は client_credentials のみ対応しています。")

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

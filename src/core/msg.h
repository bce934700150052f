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
	    "現在、データベースに接続できません。")			\
	X(M_MALFORMED_JSON, MA_STR,					\
	    "The request body is not valid JSON: %s.",			\
	    "リクエスト本文が正しいJSONではありません：%s。")		\
	X(M_BODY_NOT_OBJECT, MA_NONE,					\
	    "The request body must be a JSON object.",			\
	    "リクエスト本文はJSONオブジェクトで送信してください。")	\
	X(M_BODY_REQUIRED, MA_NONE,					\
	    "This request needs a JSON body.",				\
	    "このリクエストにはJSON形式の本文が必要です。")		\
	X(M_MEDIA_TYPE, MA_NONE,					\
	    "Send the body as application/json.",			\
	    "本文はapplication/json形式で送信してください。")		\
	X(M_MEDIA_CSV, MA_NONE,						\
	    "Send the file as text/csv.",				\
	    "ファイルはtext/csv形式で送信してください。")		\
	X(M_TOO_LARGE, MA_INT,						\
	    "The request body is larger than %lld bytes.",		\
	    "リクエスト本文が%lldバイトを超えています。")		\
	X(M_NOT_FOUND, MA_NONE,						\
	    "Not found.", "見つかりません。")				\
	X(M_METHOD, MA_NONE,						\
	    "This method is not allowed here.",				\
	    "このURLでは、このメソッドを使用できません。")		\
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
	    "試行回数が多すぎます。%lld秒後にもう一度お試しください。")	\
	X(M_CSRF, MA_NONE,						\
	    "The request is missing a valid X-CSRF-Token header.",	\
	    "リクエストに有効なX-CSRF-Tokenヘッダーがありません。")	\
	X(M_FORBIDDEN_VIEWER, MA_NONE,					\
	    "Your role in this account can view but not change it.",	\
	    "お使いのロールでは、このアカウントを"			\
	    "表示できますが、変更はできません。")			\
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
	    "Must be a string.", "文字列で指定してください。")		\
	X(M_NOT_INTEGER, MA_NONE,					\
	    "Must be a whole number.", "整数で指定してください。")	\
	X(M_NOT_BOOLEAN, MA_NONE,					\
	    "Must be true or false.",					\
	    "trueまたはfalseで指定してください。")			\
	X(M_NOT_OBJECT, MA_NONE,					\
	    "Must be an object.", "オブジェクトで指定してください。")	\
	X(M_NOT_ARRAY, MA_NONE,						\
	    "Must be a list.", "リストで指定してください。")		\
	X(M_UNKNOWN_FIELD, MA_NONE,					\
	    "Unknown field.", "不明な項目です。")			\
	X(M_TOO_LONG, MA_INT,						\
	    "Must be at most %lld characters.",				\
	    "%lld文字以内で入力してください。")				\
	X(M_TOO_SMALL, MA_INT,						\
	    "Must be at least %lld.", "%lld以上で指定してください。")	\
	X(M_TOO_BIG, MA_INT,						\
	    "Must be at most %lld.", "%lld以下で指定してください。")	\
	X(M_TOO_SHORT, MA_INT,						\
	    "Must be at least %lld characters.",			\
	    "%lld文字以上で入力してください。")				\
	X(M_CONTROL_CHARS, MA_NONE,					\
	    "Must not contain control characters.",			\
	    "制御文字は使用できません。")				\
	X(M_BAD_UTF8, MA_NONE,						\
	    "Must be valid UTF-8 text.",				\
	    "正しいUTF-8のテキストで指定してください。")		\
	X(M_ONE_OF, MA_STR,						\
	    "Must be one of: %s.",					\
	    "次のいずれかを指定してください：%s。")			\
	X(M_EMAIL_INVALID, MA_NONE,					\
	    "Enter a valid e-mail address, such as name@example.com.",	\
	    "name@example.comのような正しいメールアドレスを入力してください。") \
	X(M_PASSWORD_WEAK, MA_STR,					\
	    "Choose a stronger password: %s.",				\
	    "より強力なパスワードを設定してください：%s。")		\
	X(M_EMAIL_TAKEN, MA_NONE,					\
	    "A user with this e-mail address already exists.",		\
	    "このメールアドレスのユーザーはすでに登録されています。")	\
	X(M_COUNTRY_INVALID, MA_NONE,					\
	    "Choose a country from the list (ISO 3166-1 code).",	\
	    "一覧から国を選択してください（ISO 3166-1コード）。")	\
	X(M_OMS_EMAIL_TAKEN, MA_NONE,					\
	    "An OMS record with this e-mail address already exists.",	\
	    "このメールアドレスのOMSレコードがすでにあります。")	\
	X(M_CONFLICT, MA_NONE,						\
	    "This conflicts with existing data.",			\
	    "既存のデータと競合しています。")				\
	X(M_PHONE_INVALID, MA_NONE,					\
	    "Enter a valid phone number, such as +44 20 7946 0123.",	\
	    "+81 3-1234-5678のような正しい電話番号を入力してください。") \
	X(M_PHONE_NEED_COUNTRY, MA_NONE,				\
	    "Include the country code (such as +81), or choose the "	\
	    "country first.",						\
	    "国番号（+81など）を付けるか、先に国を選択してください。")	\
	X(M_WEBSITE_INVALID, MA_NONE,					\
	    "Enter a web address such as example.com or "		\
	    "https://www.example.com.",					\
	    "example.comやhttps://www.example.comのようなWebアドレスを"	\
	    "入力してください。")					\
	X(M_POSTAL_FORMAT, MA_STR,					\
	    "Enter a postal code in this country's format, such as %s.",	\
	    "この国の形式で郵便番号を入力してください（例：%s）。")	\
	X(M_POSTAL_INVALID, MA_NONE,					\
	    "Enter a valid postal code.",				\
	    "正しい郵便番号を入力してください。")			\
	X(M_POLICY_NAME_TAKEN, MA_NONE,					\
	    "A policy with this name already exists here.",		\
	    "同じ名前のポリシーがすでにあります。")			\
	X(M_NOT_WITH_GLOBAL, MA_NONE,					\
	    "Not used with global policies.",				\
	    "グローバルポリシーでは使用しない項目です。")		\
	X(M_NOT_WITH_LOCAL, MA_NONE,					\
	    "Not used with local policies.",				\
	    "ローカルポリシーでは使用しない項目です。")			\
	X(M_CHOOSE_GLOBAL_POLICY, MA_NONE,				\
	    "Select at least one global policy.",			\
	    "グローバルポリシーを1つ以上選択してください。")		\
	X(M_TOO_MANY, MA_INT,						\
	    "Choose at most %lld.", "%lld件以内で指定してください。")	\
	X(M_NO_SUCH_POLICY, MA_NONE,					\
	    "There is no such policy in this account.",		\
	    "このアカウントにそのポリシーはありません。")		\
	X(M_TEMPLATE_OR_COPY, MA_NONE,					\
	    "Choose either a policy template or a local policy to copy.",	\
	    "ポリシーテンプレートか、"					\
	    "コピーするローカルポリシーのどちらかを選択してください。")	\
	X(M_NOT_WITH_OMS, MA_NONE,					\
	    "Not used when creating from an OMS record.",		\
	    "OMSレコードから作成する場合は使用しない項目です。")	\
	X(M_NOT_WITH_NEW, MA_NONE,					\
	    "Only used when creating from an OMS record.",		\
	    "OMSレコードから作成する場合にのみ使用する項目です。")	\
	X(M_OMS_OWN_RECORD, MA_NONE,					\
	    "Your OMS already has a record with this e-mail address: "	\
	    "create the customer from it.",				\
	    "このメールアドレスのOMSレコードがすでにあります。"		\
	    "そのレコードから顧客を作成してください。")			\
	X(M_EMAIL_UNAVAILABLE, MA_NONE,					\
	    "This e-mail address cannot be used for a new customer.",	\
	    "このメールアドレスは新しい顧客には使用できません。")	\
	X(M_OMS_RECORD_NOT_FOUND, MA_NONE,				\
	    "There is no such OMS record.",				\
	    "該当するOMSレコードが見つかりません。")			\
	X(M_HUB_CUSTOMER_EXISTS, MA_NONE,				\
	    "A hub customer already exists for this OMS record.",	\
	    "このOMSレコードの顧客は、すでにハブに登録されています。")	\
	X(M_OMS_NOT_ELIGIBLE, MA_NONE,					\
	    "Only Business records with every company detail can become " \
	    "hub customers.",						\
	    "ハブの顧客にできるのは、顧客タイプが「ビジネス」で、"	\
	    "会社の詳細がすべて入力されたレコードだけです。")		\
	X(M_OPERATOR_ONLY, MA_NONE,					\
	    "Only the operator of this installation can do this.",	\
	    "この操作は、このStewardのオペレーターのみが行えます。")	\
	X(M_ALREADY_DECIDED, MA_NONE,					\
	    "This application has already been decided.",		\
	    "この申請はすでに決定済みです。")				\
	X(M_REJECT_NOTE, MA_NONE,					\
	    "Say why the application is rejected: the partner is "	\
	    "e-mailed this note.",					\
	    "却下の理由を入力してください。"				\
	    "このメモはパートナーにメールで送信されます。")		\
	X(M_MAIL_NOT_FAILED, MA_NONE,					\
	    "Only a message that failed can be sent again.",		\
	    "再送信できるのは、送信に失敗したメッセージだけです。")	\
	X(M_EMAIL_FIXED, MA_NONE,					\
	    "The e-mail address identifies the customer in the OMS and "	\
	    "cannot be changed.",					\
	    "メールアドレスはOMSで顧客を識別するため、変更できません。") \
	X(M_IDEMPOTENCY_REUSED, MA_NONE,				\
	    "This Idempotency-Key was already used for a different "	\
	    "request.",							\
	    "このIdempotency-Keyは、別のリクエストですでに使用されています。") \
	X(M_IDEMPOTENCY_KEY, MA_NONE,					\
	    "The Idempotency-Key header must be 1-255 printable ASCII "	\
	    "characters.",						\
	    "Idempotency-Keyヘッダーは、"				\
	    "印字可能なASCII文字1～255文字で指定してください。")	\
	X(M_BAD_CURSOR, MA_NONE,					\
	    "This cursor is not valid; start again from the first page.",	\
	    "このカーソルは無効です。最初のページからやり直してください。") \
	X(M_COLUMNS, MA_INT,						\
	    "This row should have %lld columns, like the header.",	\
	    "この行は、ヘッダーと同じ%lld列にしてください。")		\
	X(M_DUPLICATE_IN_FILE, MA_NONE,					\
	    "This e-mail address appears earlier in the file.",		\
	    "このメールアドレスは、ファイル内のこれより前の行にもあります。") \
	X(M_CSV_SYNTAX, MA_STR,						\
	    "The file is not valid CSV: %s.",				\
	    "ファイルが正しいCSVではありません：%s。")			\
	X(M_IMPORT_EMPTY, MA_NONE,					\
	    "The file is empty: it needs a header row naming the columns.", \
	    "ファイルが空です。列名を並べたヘッダー行が必要です。")	\
	X(M_IMPORT_NO_ROWS, MA_NONE,					\
	    "The file has a header row but no rows below it.",		\
	    "ヘッダー行の下にデータの行がありません。")			\
	X(M_IMPORT_COLUMN_TWICE, MA_NONE,				\
	    "This column appears twice in the header row.",		\
	    "この列名はヘッダー行に2回あります。")			\
	X(M_IMPORT_COLUMN_MISSING, MA_NONE,				\
	    "The header row needs this column.",			\
	    "ヘッダー行にこの列が必要です。")				\
	X(M_IMPORT_FORMULA, MA_NONE,					\
	    "Starts with = + - @, a tab or a line break, which a "	\
	    "spreadsheet would run as a formula; remove that character.", \
	    "先頭が = + - @、タブまたは改行のため、表計算ソフトで数式と"	\
	    "して実行されるおそれがあります。その文字を削除してください。") \
	X(M_IMPORT_FAILED, MA_INT,					\
	    "%lld problem(s) in the file; nothing was imported.",	\
	    "ファイルに%lld件の問題があるため、何もインポートしていません。") \
	X(M_UNKNOWN_SETTING, MA_NONE,					\
	    "There is no such setting.", "該当する設定がありません。")	\
	X(M_SETTING_FORMAT, MA_NONE,					\
	    "Use the form HH:MM (24-hour), such as 02:30.",		\
	    "HH:MM形式（24時間制、例：02:30）で入力してください。")	\
	X(M_EXCLUSION_PATH, MA_NONE,					\
	    "Enter a full path or pattern, such as C:\\Data\\* or "	\
	    "/var/lib/app.",						\
	    "C:\\Data\\*や/var/lib/appのような絶対パスまたは"		\
	    "パターンを入力してください。")				\
	X(M_EXCLUSION_URL, MA_NONE,					\
	    "Enter a host or web address, such as *.example.com or "	\
	    "https://example.com/app.",					\
	    "*.example.comやhttps://example.com/appのようなホスト名またはWebアドレスを" \
	    "入力してください。")					\
	X(M_DUPLICATE_ITEM, MA_NONE,					\
	    "This entry is listed twice.",				\
	    "このエントリは重複しています。")				\
	X(M_FORBIDDEN_SCOPED, MA_NONE,					\
	    "Your role covers chosen customers only; this needs access to "	\
	    "the whole account.",					\
	    "お使いのロールは特定の顧客のみを対象としています。"	\
	    "この操作には、アカウント全体へのアクセス権が必要です。")	\
	X(M_CUSTOMERS_PARTNER, MA_NONE,					\
	    "Only partner accounts have customers.",			\
	    "顧客を持てるのはパートナーアカウントだけです。")		\
	X(M_NO_SUCH_CUSTOMER, MA_NONE,					\
	    "There is no such customer in this account.",		\
	    "このアカウントにその顧客はありません。")			\
	X(M_SETTING_LOCKED, MA_NONE,					\
	    "This setting is locked by the policy.",			\
	    "この設定はポリシーでロックされています。")			\
	X(M_LOCKS_GLOBAL_ONLY, MA_NONE,					\
	    "Only global policies lock settings.",			\
	    "設定をロックできるのはグローバルポリシーだけです。")	\
	X(M_POLICY_SOURCE, MA_NONE,					\
	    "Choose template, scratch or copy.",			\
	    "template、scratch、copyのいずれかを指定してください。")	\
	X(M_NOT_WITH_SOURCE, MA_NONE,					\
	    "Not used with this source.",				\
	    "この作成方法では使用しない項目です。")			\
	X(M_PLATFORM_MISMATCH, MA_NONE,					\
	    "This policy is for the other platform.",			\
	    "このポリシーは別のプラットフォーム用です。")		\
	X(M_POLICY_IN_USE, MA_INT,					\
	    "Customers using this policy: %lld. Choose a replacement "	\
	    "policy for them.",						\
	    "このポリシーは%lld社の顧客が使用しています。"		\
	    "代わりのポリシーを選択してください。")			\
	X(M_POLICY_IS_DEFAULT, MA_NONE,					\
	    "This policy is the customer's default: choose a replacement "	\
	    "or make another policy the default first.",		\
	    "このポリシーは顧客の既定のポリシーです。代わりのポリシーを"	\
	    "選択するか、先に別のポリシーを既定にしてください。")	\
	X(M_LAST_POLICY, MA_NONE,					\
	    "This is the customer's only policy for this platform and its "	\
	    "default, so it cannot be deleted. Create another policy "	\
	    "first.",							\
	    "このポリシーは、"						\
	    "顧客にとってこのプラットフォームの唯一のポリシーで、"	\
	    "既定のポリシーでもあるため、削除できません。"		\
	    "先に別のポリシーを作成してください。")			\
	X(M_REPLACEMENT_SELF, MA_NONE,					\
	    "Choose a policy other than the one being deleted.",	\
	    "削除するポリシー以外のポリシーを選択してください。")	\
	X(M_NOT_ASSIGNED, MA_NONE,					\
	    "This policy is not assigned to the customer.",		\
	    "このポリシーはこの顧客に割り当てられていません。")		\
	X(M_UNKNOWN_SERVICE, MA_NONE,					\
	    "There is no service with this key in the catalogue.",	\
	    "カタログにこのキーのサービスはありません。")		\
	X(M_TRIAL_USED, MA_NONE,					\
	    "This customer has already had a trial of this service: a trial can be started once.", \
	    "この顧客は、このサービスの試用版をすでに"			\
	    "利用しています。試用版は1回のみ開始できます。")		\
	X(M_ALREADY_SUBSCRIBED, MA_NONE,				\
	    "This customer already has a paid subscription to this service.", \
	    "この顧客は、このサービスの有料サブスクリプションを"	\
	    "すでに利用しています。")					\
	X(M_CODE_FORMAT, MA_NONE,					\
	    "An activation code is 25 letters and digits, in five groups of five.", \
	    "アクティベーションコードは、"				\
	    "5文字ずつ5つのグループに分かれた英数字25文字です。")	\
	X(M_CODE_TYPO, MA_NONE,						\
	    "This code has a typing mistake: check each character against the order.", \
	    "このコードには入力の誤りがあります。"			\
	    "注文書と1文字ずつ照合してください。")			\
	X(M_CODE_NOT_FOUND, MA_NONE,					\
	    "This activation code is not valid.",			\
	    "このアクティベーションコードは無効です。")			\
	X(M_CODE_USED, MA_NONE,						\
	    "This activation code has already been used.",		\
	    "このアクティベーションコードはすでに使用されています。")	\
	X(M_CODE_RATE_LIMITED, MA_INT,					\
	    "Too many codes that did not work. Try again in %lld seconds.", \
	    "受け付けられなかったコードが多すぎます。"			\
	    "%lld秒後にもう一度お試しください。")			\
	X(M_FLEXIBLE_OFF, MA_NONE,					\
	    "Pay-as-you-go is not enabled for your account: ask your distributor to turn on flexible billing.", \
	    "このアカウントでは従量課金を利用できません。"		\
	    "販売代理店にフレキシブル課金の有効化を依頼してください。")	\
	X(M_NOT_PAYG, MA_NONE,						\
	    "Only a pay-as-you-go subscription can change seats or be cancelled.", \
	    "シート数の変更や解約ができるのは、"			\
	    "従量課金のサブスクリプションだけです。")			\
	X(M_MONTH_INVALID, MA_NONE,					\
	    "Enter a month as YYYY-MM.",				\
	    "月はYYYY-MMの形式で入力してください。")			\
	X(M_CURRENCY_INVALID, MA_NONE,					\
	    "Enter an ISO 4217 currency code, such as EUR or JPY.",	\
	    "EURやJPYなどのISO 4217通貨コードを入力してください。")	\
	X(M_PRICE_INVALID, MA_NONE,					\
	    "Enter a price such as 0.10 (at most six decimals).",	\
	    "0.10のような価格を入力してください（小数点以下6桁まで）。") \
	X(M_SERVICE_KEY, MA_NONE,					\
	    "Use 2 to 40 lower-case letters, digits and underscores.",	\
	    "英小文字、数字、アンダースコアを"				\
	    "使用して2～40文字で入力してください。")			\
	X(M_OVERRIDE_LOCAL, MA_NONE,					\
	    "This is the customer's own policy: change the policy itself.",	\
	    "これはこの顧客のローカルポリシーです。"			\
	    "オーバーライドではなく、ポリシー自体を変更してください。")	\
	X(M_GLOBAL_HERE, MA_NONE,					\
	    "This is a global policy: change it on the Policies page, or "	\
	    "override its settings for this customer.",		\
	    "これはグローバルポリシーです。[ポリシー]ページで変更するか、" \
	    "この顧客に対して設定をオーバーライドしてください。")	\
	X(M_DATE_INVALID, MA_NONE,					\
	    "Enter a date as YYYY-MM-DD.",				\
	    "日付はYYYY-MM-DDの形式で入力してください。")		\
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
	X(M_RESET_GONE, MA_NONE,					\
	    "This link has expired or was already used. Ask for a new one " \
	    "on the sign-in page.",					\
	    "このリンクは期限が過ぎているか、すでに使用されています。"	\
	    "サインインページから新しいリンクを依頼してください。")	\
	X(M_INVITATION_GONE, MA_NONE,					\
	    "This invitation has expired or was already used. Ask the "	\
	    "account's admin for a new one.",				\
	    "この招待は期限が過ぎているか、すでに使用されています。"	\
	    "アカウントの管理者に新しい招待を依頼してください。")	\
	X(M_ALREADY_MEMBER, MA_NONE,					\
	    "This person already has a role in this account.",		\
	    "このユーザーには、このアカウントのロールが"		\
	    "すでに割り当てられています。")				\
	X(M_INVITE_EXISTING, MA_NONE,					\
	    "This e-mail address already has a Steward login: enter its "	\
	    "password to accept.",					\
	    "このメールアドレスで、Stewardのログインをすでにお持ちです。" \
	    "そのパスワードを入力して、招待を承諾してください。")	\
	X(M_SELF_ACCESS, MA_NONE,					\
	    "You cannot change or remove your own access: ask another "	\
	    "admin.",							\
	    "自分のアクセス権は変更・削除できません。"			\
	    "ほかの管理者に依頼してください。")				\
	X(M_LAST_ADMIN, MA_NONE,					\
	    "The account needs at least one active admin over the whole "	\
	    "account.",							\
	    "このアカウントには、"					\
	    "アカウント全体の有効な管理者が少なくとも1人必要です。")	\
	X(M_INVITATION_PENDING, MA_NONE,				\
	    "This person has not accepted the invitation yet: invite them "	\
	    "again to change it.",					\
	    "このユーザーはまだ招待を承諾していません。"		\
	    "変更するには、もう一度招待してください。")			\
	X(M_PASSWORD_CURRENT, MA_NONE,					\
	    "This is not your current password.",			\
	    "現在のパスワードが正しくありません。")			\
	X(M_PASSWORD_SAME, MA_NONE,					\
	    "Choose a password different from the current one.",	\
	    "現在のパスワードとは異なるパスワードを設定してください。")	\
	X(M_TOTP_NOT_STARTED, MA_NONE,					\
	    "Start setting up two-step verification first.",		\
	    "先に2段階認証の設定を開始してください。")			\
	X(M_TOTP_ON, MA_NONE,						\
	    "Two-step verification is already on.",			\
	    "2段階認証はすでに有効です。")				\
	X(M_TOTP_WRONG, MA_NONE,					\
	    "This code is not right, or was already used. Enter the "	\
	    "current code from your authenticator app.",		\
	    "コードが正しくないか、すでに使用されています。認証アプリに"	\
	    "表示されている現在のコードを入力してください。")		\
	X(M_TOTP_REQUIRED, MA_NONE,					\
	    "Enter the code from your authenticator app, or a recovery "	\
	    "code.",							\
	    "認証アプリのコード、またはリカバリーコードを入力してください。")	\
	X(M_USAGE_UNPRICED, MA_NONE,					\
	    "No price was recorded for this service on these days, so they "	\
	    "are not charged.",						\
	    "これらの日はサービスの価格が"				\
	    "記録されていないため、請求されません。")			\
	X(M_BAD_ENCODING, MA_NONE,					\
	    "This parameter is not correctly percent-encoded.",		\
	    "このパラメーターのパーセントエンコーディングが正しくありません。") \
	X(M_SESSION_ONLY, MA_NONE,					\
	    "This is about a console session: sign in with a session "	\
	    "cookie, not a bearer token.",				\
	    "これはコンソールのセッションに関する操作です。"		\
	    "ベアラートークンではなく、"				\
	    "セッションCookieでサインインしてください。")		\
	X(M_PEOPLE_ONLY, MA_NONE,					\
	    "Only a person signed in to the console can do this, not an "	\
	    "API client.",						\
	    "この操作は、コンソールにサインインしたユーザーのみが"	\
	    "行えます。APIクライアントからは行えません。")		\
	X(M_INVALID_CLIENT, MA_NONE,					\
	    "The client ID or secret is not right.",			\
	    "クライアントIDまたはシークレットが正しくありません。")	\
	X(M_INVALID_TOKEN, MA_NONE,					\
	    "The access token is not valid or has expired; request a new "	\
	    "one.",							\
	    "アクセストークンが無効か、期限が切れています。"		\
	    "新しいトークンを取得してください。")			\
	X(M_MALFORMED_FORM, MA_NONE,					\
	    "The form body is not valid UTF-8 text.",			\
	    "フォーム本文が正しいUTF-8のテキストではありません。")	\
	X(M_GRANT_TYPE, MA_NONE,					\
	    "Only grant_type=client_credentials is supported.",		\
	    "grant_typeにはclient_credentialsのみ指定できます。")	\
	X(M_SITE_NAME_TAKEN, MA_NONE,					\
	    "This customer already has a site with this name.",		\
	    "この顧客には同じ名前のサイトがすでにあります。")		\
	X(M_SITE_NOT_EMPTY, MA_INT,					\
	    "This site holds %lld device(s): say where they move "	\
	    "(move_devices_to: another site, or null for no site).",	\
	    "このサイトには%lld台のデバイスがあります。移動先"		\
	    "（move_devices_to：別のサイト、またはサイトなしの場合は"	\
	    "null）を指定してください。")				\
	X(M_SITE_RESTORE_TAKEN, MA_STR,					\
	    "Another site is called \"%s\" now: rename it, then restore "	\
	    "this one.",						\
	    "現在「%s」という名前の別のサイトがあります。"		\
	    "そのサイトの名前を変更してから、このサイトを復元して"	\
	    "ください。")						\
	X(M_NO_SUCH_SITE, MA_NONE,					\
	    "This customer has no such site.",				\
	    "この顧客にそのサイトはありません。")			\
	X(M_NO_INSTALL_KEY, MA_NONE,					\
	    "Installers are unavailable: the server has no installation " \
	    "key (see --key-file).",					\
	    "インストールキーが設定されていないため、インストーラーを"	\
	    "利用できません（--key-file を参照）。")			\
	X(M_INSTALL_TOKEN, MA_NONE,					\
	    "This installer token is not valid; it may have been "	\
	    "rotated. Copy the current command from the installer.",	\
	    "このインストーラートークンは無効です。再発行された可能性が" \
	    "あります。インストーラーから最新のコマンドをコピーして"	\
	    "ください。")						\
	X(M_DEVICE_SECRET, MA_NONE,					\
	    "This device is not enrolled (unknown secret); enrol it "	\
	    "again with an installer token.",				\
	    "このデバイスは登録されていません（不明なシークレット）。"	\
	    "インストーラートークンで登録し直してください。")		\
	X(M_NO_PACKAGE, MA_NONE,					\
	    "This hub has no agent package yet: build it with "		\
	    "`make agent-deb`.",					\
	    "このハブにはまだエージェントパッケージがありません。"	\
	    "`make agent-deb` で作成してください。")			\
	X(M_IP_ADDRESS, MA_NONE,					\
	    "Enter an IPv4 or IPv6 address.",				\
	    "IPv4またはIPv6アドレスを入力してください。")		\
	X(M_UPTIME, MA_NONE,						\
	    "Enter the seconds since the device started (0 or more).",	\
	    "デバイスの起動からの秒数（0以上）を入力してください。")	\
	X(M_ISO_TIME, MA_NONE,						\
	    "Enter a time in ISO 8601 form, such as "			\
	    "2026-12-04T09:30:00Z.",					\
	    "2026-12-04T09:30:00Z のようなISO 8601形式の日時を"	\
	    "入力してください。")					\
	X(M_DEVICE_POLICY, MA_NONE,					\
	    "Choose a policy of the device's platform that its customer " \
	    "uses (its own, or a global policy assigned to it).",	\
	    "デバイスのプラットフォーム用で、顧客が使用できるポリシー"	\
	    "（顧客のローカルポリシー、または割り当て済みのグローバル"	\
	    "ポリシー）を選択してください。")				\
	X(M_ALERT_CLOSED, MA_NONE,					\
	    "This alert is resolved or dismissed already; it cannot change " \
	    "any more.",						\
	    "このアラートはすでに解決済みまたは却下済みのため、変更" \
	    "できません。")						\
	X(M_ALERT_MUTED, MA_NONE,					\
	    "This alert is muted; it opens again when its mute ends (or " \
	    "delete the mute).",					\
	    "このアラートはミュート中です。ミュートの終了時（または"	\
	    "ミュートの削除時）に再びオープンになります。")		\
	X(M_MUTE_UNTIL, MA_NONE,					\
	    "Enter a time in the future, at most a year from now.",	\
	    "現在から1年以内の将来の日時を入力してください。")	\
	X(M_OFFLINE_DAYS, MA_NONE,					\
	    "Enter a number of days from 1 to 365.",			\
	    "1〜365の日数を入力してください。")				\
	X(M_WEBHOOK_URL, MA_NONE,					\
	    "Enter an https:// address (plain http:// only to this "	\
	    "machine: 127.0.0.1, ::1 or localhost), without a user name " \
	    "or password.",						\
	    "https:// で始まるアドレスを入力してください（http:// は"	\
	    "このマシン（127.0.0.1、::1、localhost）宛てのみ）。ユーザー名" \
	    "やパスワードは含めないでください。")			\
	X(M_TOTP_OFF, MA_NONE,						\
	    "Two-step verification is not on for you.",		\
	    "2段階認証は有効になっていません。")			\
	X(M_TWO_STEP_DUE, MA_NONE,					\
	    "This account requires two-step verification. Set it up in " \
	    "your profile to continue.",				\
	    "このアカウントでは2段階認証が必須です。続けるには、"	\
	    "プロフィールで設定してください。")			\
	X(M_TWO_STEP_SELF, MA_NONE,					\
	    "Turn on two-step verification for yourself first.",	\
	    "先にご自身の2段階認証を有効にしてください。")		\
	X(M_DELIVERY_PENDING, MA_NONE,					\
	    "This delivery is still waiting or being sent; it can be "	\
	    "sent again once it was delivered or failed.",		\
	    "この配信は待機中または送信中です。配信済みまたは失敗の後に"	\
	    "再送できます。")						\
	X(M_CONFIRM_NAME, MA_STR,					\
	    "Type the name exactly as it is shown: %s",		\
	    "表示されているとおりに名前を入力してください：%s")	\
	X(M_HAS_CUSTOMERS, MA_INT,					\
	    "This partner account still has %lld customer(s) (deleted "	\
	    "ones count until they are purged): it cannot be deleted.",	\
	    "このパートナーアカウントにはまだ%lld件の顧客がいます（削除"	\
	    "済みの顧客も完全に消去されるまで数えます）。削除できません。") \
	X(M_OPERATOR_KEPT, MA_NONE,					\
	    "The operator account cannot be deleted.",			\
	    "運営者アカウントは削除できません。")				\
	X(M_SINGLE_TENANT, MA_NONE,					\
	    "This company console is single-tenant: it has no sites. Its "	\
	    "devices enrol with the company's own installer.",		\
	    "この会社コンソールはシングルテナントのため、サイトはありません。"	\
	    "デバイスは会社のインストーラーで登録します。")		\
	X(M_MULTI_TENANT, MA_NONE,					\
	    "This company console is multi-tenant: devices enrol with the "	\
	    "installer of one of its sites.",				\
	    "この会社コンソールはマルチテナントのため、デバイスは各サイトの"	\
	    "インストーラーで登録します。")				\
	X(M_FORBIDDEN_SITES, MA_NONE,					\
	    "Your role covers chosen sites only; this needs access to the "	\
	    "whole company.",						\
	    "お使いのロールは特定のサイトのみを対象としています。"	\
	    "この操作には、会社全体へのアクセス権が必要です。")		\
	X(M_NOT_COMPANY_FIELD, MA_NONE,					\
	    "A company console has no customers: leave this out.",	\
	    "会社コンソールには顧客がないため、この項目は指定できません。")	\
	X(M_SITES_COMPANY, MA_NONE,					\
	    "Only company consoles have sites to limit a role to.",	\
	    "ロールを特定のサイトに限定できるのは会社コンソールだけです。")	\
	X(M_CHILDREN_BOTH, MA_NONE,					\
	    "Give customer_ids or site_ids, not both.",			\
	    "customer_idsとsite_idsの両方は指定できません。どちらか一方を指定してください。")

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

/*
 * routes.h - every route the server registers, with its rules, in one list.
 *
 * X(METHOD, "path", handler, rules): a `{name}` path segment matches one
 * segment and is available to the handler as a path parameter. The server
 * builds its dispatch table from this list (router.c), and
 * `stewardctl routes` prints it, which is how the test suite checks that
 * docs/openapi.yaml describes exactly what exists.
 *
 * The router enforces the rules before the handler runs, so every handler
 * starts with a caller it may serve (404 and 403 come before any problem
 * with the body), and app/ checks the same rules again where they live.
 *
 * Who may call (one of):
 *   R_ANYONE    no credentials needed (a session that is present is still
 *               recognised, and then R_CSRF applies to it)
 *   R_SESSION   a person signed in to the console (session cookie)
 *   R_USER      a person signed in, or an API client (bearer token)
 *   R_OPERATOR  R_USER with a role in the operator account (403 otherwise)
 *   R_AGENT     a device's agent: no cookie is looked at; the handler
 *               checks the device secret (Authorization: Bearer) itself
 * What the route is about, from its {account_id}:
 *   R_MEMBER    any role in the account (404 otherwise: nobody learns which
 *               ids exist)
 *   R_PARTNER   ... and the account is a partner account (404 otherwise);
 *               a {customer_id} must be one the role covers (404)
 *   R_TENANT    ... and the account is a partner account or a company
 *               console (what both have: devices, alerts, the dashboard)
 *   R_COMPANY   ... and the account is a company console (404 otherwise);
 *               a {site_id} must be one the role covers (404)
 *   R_WHOLE     ... and the role covers the whole account, not only chosen
 *               customers or sites (403)
 *   R_ADMIN     an admin role, in {account_id} or the operator account
 *               (viewers: 403)
 * Protocol:
 *   R_CSRF      a caller with a session cookie must send its token in
 *               X-CSRF-Token (403 otherwise); bearer callers never need it
 *   R_IDEM      honours Idempotency-Key: a retry with the same key and
 *               request gets the first answer again (router.c)
 *   R_FILE      the body is an uploaded file: it may be up to --import-max
 *               bytes, where every other body stops at --body-max (413,
 *               from the headers when they announce the length)
 */
#ifndef STEWARD_ROUTES_H
#define STEWARD_ROUTES_H

#define R_ANYONE	0x0001
#define R_SESSION	0x0002
#define R_USER		0x0004
#define R_OPERATOR	0x0008
#define R_MEMBER	0x0010
#define R_PARTNER	0x0020
#define R_WHOLE		0x0040
#define R_ADMIN		0x0080
#define R_CSRF		0x0100
#define R_IDEM		0x0200
#define R_AGENT		0x0400
#define R_FILE		0x0800
#define R_TENANT	0x1000
#define R_COMPANY	0x2000

/* The names `stewardctl routes --rules` prints, in bit order. */
#define ROUTE_RULE_NAMES { "anyone", "session", "user", "operator", \
	"member", "partner", "whole-account", "admin", "csrf", "idempotent", \
	"agent", "file", "tenant", "company" }

/* The usual combinations. */
#define CHANGE		(R_ADMIN | R_CSRF)
#define ACCOUNT		(R_USER | R_MEMBER)
#define PARTNER		(R_USER | R_MEMBER | R_PARTNER)
#define TENANT		(R_USER | R_MEMBER | R_TENANT)
#define COMPANY		(R_USER | R_MEMBER | R_COMPANY)
#define OPERATOR	(R_USER | R_OPERATOR)

#define STEWARD_ROUTES(X)						\
	X(GET,    "/healthz",				h_healthz,	\
	    R_ANYONE)							\
	X(GET,    "/readyz",				h_readyz,	\
	    R_ANYONE)							\
	X(GET,    "/metrics",				h_metrics,	\
	    R_ANYONE)							\
	X(GET,    "/api/v1/openapi.json",		h_openapi,	\
	    R_ANYONE)							\
	X(POST,   "/api/v1/session",			h_session_create, \
	    R_ANYONE)							\
	X(DELETE, "/api/v1/session",			h_session_delete, \
	    R_ANYONE | R_CSRF)						\
	X(GET,    "/api/v1/me",				h_me_get,	\
	    R_SESSION)							\
	X(PATCH,  "/api/v1/me",				h_me_patch,	\
	    R_SESSION | R_CSRF)						\
	X(POST,   "/api/v1/me/password",		h_me_password,	\
	    R_SESSION | R_CSRF)						\
	X(POST,   "/api/v1/me/totp",			h_me_totp,	\
	    R_SESSION | R_CSRF)						\
	X(POST,   "/api/v1/me/totp/confirm",		h_me_totp_confirm, \
	    R_SESSION | R_CSRF)						\
	X(GET,    "/api/v1/me/totp",			h_me_totp_get,	\
	    R_SESSION)							\
	X(POST,   "/api/v1/me/totp/disable",		h_me_totp_disable, \
	    R_SESSION | R_CSRF)						\
	X(POST,   "/api/v1/me/totp/recovery-codes",	h_me_totp_codes, \
	    R_SESSION | R_CSRF)						\
	X(GET,    "/api/v1/me/sessions",		h_me_sessions,	\
	    R_SESSION)							\
	X(DELETE, "/api/v1/me/sessions/{session_id}",	h_me_session_delete, \
	    R_SESSION | R_CSRF)						\
	X(GET,    "/api/v1/accounts",			h_accounts_list, \
	    R_USER)							\
	X(GET,    "/api/v1/accounts/{account_id}",	h_account_get,	\
	    ACCOUNT)							\
	X(PATCH,  "/api/v1/accounts/{account_id}",	h_account_patch, \
	    ACCOUNT | R_WHOLE | CHANGE)					\
	X(DELETE, "/api/v1/accounts/{account_id}",	h_account_delete, \
	    ACCOUNT | R_WHOLE | CHANGE)					\
	X(GET,    "/api/v1/me/deleted-accounts",	h_me_deleted_accounts, \
	    R_SESSION)							\
	X(POST,   "/api/v1/me/deleted-accounts/{deleted_account_id}/restore", \
	    h_me_deleted_account_restore, R_SESSION | R_CSRF)		\
	X(POST,   "/api/v1/companies",			h_companies_create, \
	    R_SESSION | R_CSRF | R_IDEM)				\
	X(GET,    "/api/v1/countries",			h_countries,	\
	    R_USER)							\
	X(POST,   "/api/v1/contact-check",		h_contact_check, \
	    R_USER | R_CSRF)						\
	X(GET,    "/api/v1/policy-schema",		h_policy_schema, \
	    R_USER)							\
	X(GET,    "/api/v1/accounts/{account_id}/customers",		\
	    h_customers_list, PARTNER)					\
	X(POST,   "/api/v1/accounts/{account_id}/customers",		\
	    h_customers_create, PARTNER | R_WHOLE | CHANGE | R_IDEM)	\
	X(POST,   "/api/v1/accounts/{account_id}/customers/import",	\
	    h_customers_import, PARTNER | R_WHOLE | CHANGE | R_FILE)	\
	X(GET,    "/api/v1/accounts/{account_id}/customers/{customer_id}", \
	    h_customer_get, PARTNER)					\
	X(PATCH,  "/api/v1/accounts/{account_id}/customers/{customer_id}", \
	    h_customer_patch, PARTNER | CHANGE)				\
	X(DELETE, "/api/v1/accounts/{account_id}/customers/{customer_id}", \
	    h_customer_delete, PARTNER | R_WHOLE | CHANGE)		\
	X(POST,   "/api/v1/accounts/{account_id}/customers/{customer_id}/restore", \
	    h_customer_restore, PARTNER | R_WHOLE | CHANGE)		\
	X(GET,    "/api/v1/accounts/{account_id}/deleted-customers",	\
	    h_customers_deleted, PARTNER)				\
	X(GET,    "/api/v1/accounts/{account_id}/customers/{customer_id}/policies",	\
	    h_customer_policies_list, TENANT)				\
	X(POST,   "/api/v1/accounts/{account_id}/customers/{customer_id}/policies",	\
	    h_customer_policies_create, TENANT | CHANGE)		\
	X(GET,    "/api/v1/accounts/{account_id}/customers/{customer_id}/policies/{policy_id}",	\
	    h_customer_policy_get, TENANT)				\
	X(PATCH,  "/api/v1/accounts/{account_id}/customers/{customer_id}/policies/{policy_id}",	\
	    h_customer_policy_patch, TENANT | CHANGE)			\
	X(DELETE, "/api/v1/accounts/{account_id}/customers/{customer_id}/policies/{policy_id}",	\
	    h_customer_policy_delete, TENANT | CHANGE)			\
	X(GET,    "/api/v1/accounts/{account_id}/customers/{customer_id}/policies/{policy_id}/overrides",	\
	    h_policy_overrides_get, PARTNER)				\
	X(PUT,    "/api/v1/accounts/{account_id}/customers/{customer_id}/policies/{policy_id}/overrides",	\
	    h_policy_overrides_put, PARTNER | CHANGE)			\
	X(PUT,    "/api/v1/accounts/{account_id}/customers/{customer_id}/default-policies/{platform}",	\
	    h_customer_default_put, TENANT | CHANGE)			\
	X(GET,    "/api/v1/accounts/{account_id}/customers/{customer_id}/effective-policy",	\
	    h_customer_effective, TENANT)				\
	X(GET,    "/api/v1/accounts/{account_id}/policies",		\
	    h_policies_list, PARTNER)					\
	X(POST,   "/api/v1/accounts/{account_id}/policies",		\
	    h_policies_create, PARTNER | R_WHOLE | CHANGE)		\
	X(GET,    "/api/v1/accounts/{account_id}/policies/{policy_id}",	\
	    h_policy_get, PARTNER | R_WHOLE)				\
	X(PATCH,  "/api/v1/accounts/{account_id}/policies/{policy_id}",	\
	    h_policy_patch, PARTNER | R_WHOLE | CHANGE)			\
	X(DELETE, "/api/v1/accounts/{account_id}/policies/{policy_id}",	\
	    h_policy_delete, PARTNER | R_WHOLE | CHANGE)		\
	X(GET,    "/api/v1/accounts/{account_id}/policies/{policy_id}/assignments",	\
	    h_policy_assignments_list, PARTNER | R_WHOLE)		\
	X(POST,   "/api/v1/accounts/{account_id}/policies/{policy_id}/assignments",	\
	    h_policy_assign, PARTNER | R_WHOLE | CHANGE)		\
	X(DELETE, "/api/v1/accounts/{account_id}/policies/{policy_id}/assignments",	\
	    h_policy_unassign, PARTNER | R_WHOLE | CHANGE)		\
	X(GET,    "/api/v1/accounts/{account_id}/oms/email-check",	\
	    h_oms_email_check, PARTNER | R_WHOLE)			\
	X(GET,    "/api/v1/accounts/{account_id}/oms/records",		\
	    h_oms_records, PARTNER | R_WHOLE)				\
	X(GET,    "/api/v1/operator/discount-applications",		\
	    h_operator_discounts_list, OPERATOR)			\
	X(GET,    "/api/v1/operator/discount-applications/{application_id}", \
	    h_operator_discount_get, OPERATOR)				\
	X(POST,   "/api/v1/operator/discount-applications/{application_id}/decision", \
	    h_operator_discount_decide, OPERATOR | CHANGE)		\
	X(GET,    "/api/v1/operator/segment-rates",			\
	    h_operator_rates_list, OPERATOR)				\
	X(PUT,    "/api/v1/operator/segment-rates/{segment}",		\
	    h_operator_rate_put, OPERATOR | CHANGE)			\
	X(GET,    "/api/v1/operator/partners",				\
	    h_operator_partners_list, OPERATOR)			\
	X(POST,   "/api/v1/operator/partners",			\
	    h_operator_partner_add, OPERATOR | CHANGE | R_IDEM)		\
	X(GET,    "/api/v1/operator/partners/{partner_id}",		\
	    h_operator_partner_get, OPERATOR)				\
	X(PATCH,  "/api/v1/operator/partners/{partner_id}",		\
	    h_operator_partner_patch, OPERATOR | CHANGE)		\
	X(GET,    "/api/v1/operator/outbox",				\
	    h_operator_outbox, OPERATOR)				\
	X(POST,   "/api/v1/operator/outbox/{message_id}/retry",		\
	    h_operator_outbox_retry, OPERATOR | CHANGE)		\
	X(GET,    "/api/v1/services",			h_services_list, \
	    R_USER)							\
	X(POST,   "/api/v1/operator/services",		h_operator_service_add, \
	    OPERATOR | CHANGE)						\
	X(PATCH,  "/api/v1/operator/services/{service_key}",		\
	    h_operator_service_patch, OPERATOR | CHANGE)		\
	X(GET,    "/api/v1/operator/services/{service_key}/prices",	\
	    h_operator_service_prices, OPERATOR)			\
	X(GET,    "/api/v1/accounts/{account_id}/customers/{customer_id}/subscriptions",	\
	    h_subscriptions_get, TENANT)				\
	X(POST,   "/api/v1/accounts/{account_id}/customers/{customer_id}/subscriptions/trials",	\
	    h_subscription_trial, TENANT | CHANGE)			\
	X(POST,   "/api/v1/accounts/{account_id}/customers/{customer_id}/subscriptions/activation-codes",	\
	    h_subscription_code, TENANT | CHANGE)			\
	X(POST,   "/api/v1/accounts/{account_id}/customers/{customer_id}/subscriptions/payg",	\
	    h_subscription_payg, PARTNER | CHANGE)			\
	X(PATCH,  "/api/v1/accounts/{account_id}/customers/{customer_id}/subscriptions/{service_key}",	\
	    h_subscription_patch, PARTNER | CHANGE)			\
	X(DELETE, "/api/v1/accounts/{account_id}/customers/{customer_id}/subscriptions/{service_key}",	\
	    h_subscription_cancel, PARTNER | CHANGE)			\
	X(GET,    "/api/v1/accounts/{account_id}/subscriptions",	\
	    h_partner_subscriptions, PARTNER)				\
	X(GET,    "/api/v1/accounts/{account_id}/subscription-events",	\
	    h_subscription_events, PARTNER)				\
	X(GET,    "/api/v1/accounts/{account_id}/usage",		\
	    h_usage, PARTNER | R_WHOLE)					\
	X(GET,    "/api/v1/accounts/{account_id}/audit",		\
	    h_audit_list, ACCOUNT)					\
	X(GET,    "/api/v1/accounts/{account_id}/users",		\
	    h_users_list, ACCOUNT | R_WHOLE)				\
	X(PATCH,  "/api/v1/accounts/{account_id}/users/{user_id}",	\
	    h_user_patch, ACCOUNT | R_WHOLE | CHANGE)			\
	X(DELETE, "/api/v1/accounts/{account_id}/users/{user_id}",	\
	    h_user_delete, ACCOUNT | R_WHOLE | CHANGE)			\
	X(POST,   "/api/v1/accounts/{account_id}/invitations",		\
	    h_invitations_create, ACCOUNT | R_WHOLE | CHANGE | R_IDEM)	\
	X(GET,    "/api/v1/invitations/{token}",			\
	    h_invitation_get, R_ANYONE)					\
	X(POST,   "/api/v1/invitations/{token}/accept",			\
	    h_invitation_accept, R_ANYONE)				\
	X(POST,   "/api/v1/password-resets",				\
	    h_password_reset_request, R_ANYONE)				\
	X(GET,    "/api/v1/password-resets/{token}",			\
	    h_password_reset_get, R_ANYONE)				\
	X(POST,   "/api/v1/password-resets/{token}",			\
	    h_password_reset_set, R_ANYONE)				\
	X(GET,    "/api/v1/accounts/{account_id}/api-clients",		\
	    h_api_clients_list, ACCOUNT | R_WHOLE)			\
	X(POST,   "/api/v1/accounts/{account_id}/api-clients",		\
	    h_api_clients_create, ACCOUNT | R_WHOLE | CHANGE)		\
	X(DELETE, "/api/v1/accounts/{account_id}/api-clients/{client_id}", \
	    h_api_client_delete, ACCOUNT | R_WHOLE | CHANGE)		\
	X(POST,   "/api/v1/oauth/token",		h_oauth_token,	\
	    R_ANYONE)							\
	X(GET,    "/api/v1/accounts/{account_id}/customers/{customer_id}/sites",	\
	    h_sites_list, PARTNER)					\
	X(POST,   "/api/v1/accounts/{account_id}/customers/{customer_id}/sites",	\
	    h_sites_create, PARTNER | CHANGE)				\
	X(PATCH,  "/api/v1/accounts/{account_id}/customers/{customer_id}/sites/{site_id}",	\
	    h_site_patch, PARTNER | CHANGE)				\
	X(DELETE, "/api/v1/accounts/{account_id}/customers/{customer_id}/sites/{site_id}",	\
	    h_site_delete, PARTNER | CHANGE)				\
	X(POST,   "/api/v1/accounts/{account_id}/customers/{customer_id}/sites/{site_id}/restore",	\
	    h_site_restore, PARTNER | CHANGE)				\
	X(GET,    "/api/v1/accounts/{account_id}/customers/{customer_id}/deleted-sites",	\
	    h_sites_deleted, PARTNER)					\
	X(GET,    "/api/v1/accounts/{account_id}/customers/{customer_id}/installer",	\
	    h_installer_get, PARTNER | R_ADMIN)				\
	X(POST,   "/api/v1/accounts/{account_id}/customers/{customer_id}/installer/rotate",	\
	    h_installer_rotate, PARTNER | CHANGE)			\
	X(GET,    "/api/v1/accounts/{account_id}/customers/{customer_id}/sites/{site_id}/installer",	\
	    h_installer_get, PARTNER | R_ADMIN)				\
	X(POST,   "/api/v1/accounts/{account_id}/customers/{customer_id}/sites/{site_id}/installer/rotate",	\
	    h_installer_rotate, PARTNER | CHANGE)			\
	X(GET,    "/api/v1/accounts/{account_id}/devices",		\
	    h_devices_list, TENANT)					\
	X(GET,    "/api/v1/accounts/{account_id}/devices/{device_id}",	\
	    h_device_get, TENANT)					\
	X(PATCH,  "/api/v1/accounts/{account_id}/devices/{device_id}",	\
	    h_device_patch, TENANT | CHANGE)				\
	X(DELETE, "/api/v1/accounts/{account_id}/devices/{device_id}",	\
	    h_device_delete, TENANT | CHANGE)				\
	X(POST,   "/api/v1/accounts/{account_id}/devices/{device_id}/commands",	\
	    h_device_command, TENANT | CHANGE)				\
	X(GET,    "/api/v1/accounts/{account_id}/devices/{device_id}/effective-policy",	\
	    h_device_effective, TENANT)				\
	X(GET,    "/api/v1/accounts/{account_id}/devices/{device_id}/overrides",	\
	    h_device_overrides_get, TENANT)				\
	X(PUT,    "/api/v1/accounts/{account_id}/devices/{device_id}/overrides",	\
	    h_device_overrides_put, TENANT | CHANGE)			\
	X(GET,    "/api/v1/accounts/{account_id}/alerts",		\
	    h_alerts_list, TENANT)					\
	X(POST,   "/api/v1/accounts/{account_id}/alerts/bulk",		\
	    h_alerts_bulk, TENANT | CHANGE)				\
	X(GET,    "/api/v1/accounts/{account_id}/alerts/{alert_id}",	\
	    h_alert_get, TENANT)					\
	X(PATCH,  "/api/v1/accounts/{account_id}/alerts/{alert_id}",	\
	    h_alert_patch, TENANT | CHANGE)				\
	X(GET,    "/api/v1/accounts/{account_id}/alert-mutes",		\
	    h_mutes_list, TENANT)					\
	X(POST,   "/api/v1/accounts/{account_id}/alert-mutes",		\
	    h_mute_create, TENANT | CHANGE)				\
	X(DELETE, "/api/v1/accounts/{account_id}/alert-mutes/{mute_id}",	\
	    h_mute_delete, TENANT | CHANGE)				\
	X(GET,    "/api/v1/accounts/{account_id}/alert-notifications",	\
	    h_alert_notify_get, R_SESSION | R_MEMBER | R_TENANT)	\
	X(PUT,    "/api/v1/accounts/{account_id}/alert-notifications",	\
	    h_alert_notify_put, R_SESSION | R_MEMBER | R_TENANT | R_CSRF) \
	X(GET,    "/api/v1/accounts/{account_id}/dashboard",		\
	    h_dashboard, TENANT)					\
	X(GET,    "/api/v1/accounts/{account_id}/dashboard/customers",	\
	    h_dashboard_customers, PARTNER)				\
	X(GET,    "/api/v1/accounts/{account_id}/dashboard/sites",	\
	    h_dashboard_sites, COMPANY)					\
	X(GET,    "/api/v1/accounts/{account_id}/sites",		\
	    h_sites_list, COMPANY)					\
	X(POST,   "/api/v1/accounts/{account_id}/sites",		\
	    h_sites_create, COMPANY | R_WHOLE | CHANGE)			\
	X(PATCH,  "/api/v1/accounts/{account_id}/sites/{site_id}",	\
	    h_site_patch, COMPANY | CHANGE)				\
	X(DELETE, "/api/v1/accounts/{account_id}/sites/{site_id}",	\
	    h_site_delete, COMPANY | R_WHOLE | CHANGE)			\
	X(POST,   "/api/v1/accounts/{account_id}/sites/{site_id}/restore",	\
	    h_site_restore, COMPANY | R_WHOLE | CHANGE)			\
	X(GET,    "/api/v1/accounts/{account_id}/deleted-sites",	\
	    h_sites_deleted, COMPANY)					\
	X(GET,    "/api/v1/accounts/{account_id}/installer",		\
	    h_installer_get, COMPANY | R_WHOLE | R_ADMIN)		\
	X(POST,   "/api/v1/accounts/{account_id}/installer/rotate",	\
	    h_installer_rotate, COMPANY | R_WHOLE | CHANGE)		\
	X(GET,    "/api/v1/accounts/{account_id}/sites/{site_id}/installer",	\
	    h_installer_get, COMPANY | R_ADMIN)				\
	X(POST,   "/api/v1/accounts/{account_id}/sites/{site_id}/installer/rotate",	\
	    h_installer_rotate, COMPANY | CHANGE)			\
	X(GET,    "/api/v1/accounts/{account_id}/webhooks",		\
	    h_webhooks_list, PARTNER | R_WHOLE | R_ADMIN)		\
	X(POST,   "/api/v1/accounts/{account_id}/webhooks",		\
	    h_webhook_create, PARTNER | R_WHOLE | CHANGE)		\
	X(GET,    "/api/v1/accounts/{account_id}/webhooks/{webhook_id}",	\
	    h_webhook_get, PARTNER | R_WHOLE | R_ADMIN)			\
	X(PATCH,  "/api/v1/accounts/{account_id}/webhooks/{webhook_id}",	\
	    h_webhook_patch, PARTNER | R_WHOLE | CHANGE)		\
	X(DELETE, "/api/v1/accounts/{account_id}/webhooks/{webhook_id}",	\
	    h_webhook_delete, PARTNER | R_WHOLE | CHANGE)		\
	X(POST,   "/api/v1/accounts/{account_id}/webhooks/{webhook_id}/rotate-secret",	\
	    h_webhook_rotate, PARTNER | R_WHOLE | CHANGE)		\
	X(GET,    "/api/v1/accounts/{account_id}/webhooks/{webhook_id}/deliveries",	\
	    h_webhook_deliveries, PARTNER | R_WHOLE | R_ADMIN)		\
	X(POST,   "/api/v1/accounts/{account_id}/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver",	\
	    h_webhook_redeliver, PARTNER | R_WHOLE | CHANGE)		\
	X(POST,   "/agent/v1/enroll",			h_agent_enroll,	\
	    R_AGENT)							\
	X(POST,   "/agent/v1/checkin",			h_agent_checkin, \
	    R_AGENT)							\
	X(GET,    "/downloads/{file}",			h_download,	\
	    R_ANYONE)

#endif

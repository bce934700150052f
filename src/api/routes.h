/*
 * routes.h - every route the server registers, in one list.
 *
 * X(METHOD, "path", handler, flags): a `{name}` path segment matches one
 * segment and is available to the handler as a path parameter. The server
 * builds its dispatch table from this list (router.c), and
 * `stewardctl routes` prints it, which is how the test suite checks that
 * docs/openapi.yaml describes exactly what exists.
 *
 * Flags: R_PUBLIC needs no session; R_SESSION needs a signed-in session
 * (and, for POST/PUT/PATCH/DELETE, the X-CSRF-Token header).
 */
#ifndef STEWARD_ROUTES_H
#define STEWARD_ROUTES_H

#define R_PUBLIC	0x00
#define R_SESSION	0x01

#define STEWARD_ROUTES(X)						\
	X(GET,    "/healthz",				h_healthz,	\
	    R_PUBLIC)							\
	X(GET,    "/readyz",				h_readyz,	\
	    R_PUBLIC)							\
	X(POST,   "/api/v1/session",			h_session_create, \
	    R_PUBLIC)							\
	X(DELETE, "/api/v1/session",			h_session_delete, \
	    R_PUBLIC)							\
	X(GET,    "/api/v1/me",				h_me_get,	\
	    R_SESSION)							\
	X(PATCH,  "/api/v1/me",				h_me_patch,	\
	    R_SESSION)							\
	X(GET,    "/api/v1/accounts",			h_accounts_list, \
	    R_SESSION)							\
	X(GET,    "/api/v1/accounts/{account_id}",	h_account_get,	\
	    R_SESSION)							\
	X(PATCH,  "/api/v1/accounts/{account_id}",	h_account_patch, \
	    R_SESSION)							\
	X(GET,    "/api/v1/countries",			h_countries,	\
	    R_SESSION)							\
	X(GET,    "/api/v1/policy-schema",		h_policy_schema, \
	    R_SESSION)							\
	X(GET,    "/api/v1/accounts/{account_id}/customers",		\
	    h_customers_list, R_SESSION)				\
	X(POST,   "/api/v1/accounts/{account_id}/customers",		\
	    h_customers_create, R_SESSION)				\
	X(GET,    "/api/v1/accounts/{account_id}/customers/{customer_id}", \
	    h_customer_get, R_SESSION)					\
	X(PATCH,  "/api/v1/accounts/{account_id}/customers/{customer_id}", \
	    h_customer_patch, R_SESSION)				\
	X(GET,    "/api/v1/accounts/{account_id}/customers/{customer_id}/policies",	\
	    h_customer_policies_list, R_SESSION)			\
	X(POST,   "/api/v1/accounts/{account_id}/customers/{customer_id}/policies",	\
	    h_customer_policies_create, R_SESSION)			\
	X(GET,    "/api/v1/accounts/{account_id}/customers/{customer_id}/policies/{policy_id}",	\
	    h_customer_policy_get, R_SESSION)			\
	X(PATCH,  "/api/v1/accounts/{account_id}/customers/{customer_id}/policies/{policy_id}",	\
	    h_customer_policy_patch, R_SESSION)			\
	X(DELETE, "/api/v1/accounts/{account_id}/customers/{customer_id}/policies/{policy_id}",	\
	    h_customer_policy_delete, R_SESSION)			\
	X(GET,    "/api/v1/accounts/{account_id}/customers/{customer_id}/policies/{policy_id}/overrides",	\
	    h_policy_overrides_get, R_SESSION)			\
	X(PUT,    "/api/v1/accounts/{account_id}/customers/{customer_id}/policies/{policy_id}/overrides",	\
	    h_policy_overrides_put, R_SESSION)			\
	X(PUT,    "/api/v1/accounts/{account_id}/customers/{customer_id}/default-policies/{platform}",	\
	    h_customer_default_put, R_SESSION)			\
	X(GET,    "/api/v1/accounts/{account_id}/customers/{customer_id}/effective-policy",	\
	    h_customer_effective, R_SESSION)			\
	X(GET,    "/api/v1/accounts/{account_id}/policies",	\
	    h_policies_list, R_SESSION)			\
	X(POST,   "/api/v1/accounts/{account_id}/policies",	\
	    h_policies_create, R_SESSION)			\
	X(GET,    "/api/v1/accounts/{account_id}/policies/{policy_id}",	\
	    h_policy_get, R_SESSION)			\
	X(PATCH,  "/api/v1/accounts/{account_id}/policies/{policy_id}",	\
	    h_policy_patch, R_SESSION)			\
	X(DELETE, "/api/v1/accounts/{account_id}/policies/{policy_id}",	\
	    h_policy_delete, R_SESSION)			\
	X(GET,    "/api/v1/accounts/{account_id}/policies/{policy_id}/assignments",	\
	    h_policy_assignments_list, R_SESSION)			\
	X(POST,   "/api/v1/accounts/{account_id}/policies/{policy_id}/assignments",	\
	    h_policy_assign, R_SESSION)			\
	X(DELETE, "/api/v1/accounts/{account_id}/policies/{policy_id}/assignments",	\
	    h_policy_unassign, R_SESSION)			\
	X(GET,    "/api/v1/accounts/{account_id}/oms/email-check",	\
	    h_oms_email_check, R_SESSION)				\
	X(GET,    "/api/v1/accounts/{account_id}/oms/records",		\
	    h_oms_records, R_SESSION)					\
	X(GET,    "/api/v1/operator/discount-applications",		\
	    h_operator_discounts_list, R_SESSION)			\
	X(GET,    "/api/v1/operator/discount-applications/{application_id}", \
	    h_operator_discount_get, R_SESSION)			\
	X(POST,   "/api/v1/operator/discount-applications/{application_id}/decision", \
	    h_operator_discount_decide, R_SESSION)			\
	X(GET,    "/api/v1/operator/segment-rates",			\
	    h_operator_rates_list, R_SESSION)				\
	X(PUT,    "/api/v1/operator/segment-rates/{segment}",		\
	    h_operator_rate_put, R_SESSION)				\
	X(GET,    "/api/v1/operator/partners",				\
	    h_operator_partners_list, R_SESSION)			\
	X(PATCH,  "/api/v1/operator/partners/{partner_id}",		\
	    h_operator_partner_patch, R_SESSION)			\
	X(GET,    "/api/v1/operator/outbox",				\
	    h_operator_outbox, R_SESSION)				\
	X(POST,   "/api/v1/operator/outbox/{message_id}/retry",		\
	    h_operator_outbox_retry, R_SESSION)			\
	X(GET,    "/api/v1/services",			h_services_list, \
	    R_SESSION)							\
	X(POST,   "/api/v1/operator/services",		h_operator_service_add, \
	    R_SESSION)							\
	X(PATCH,  "/api/v1/operator/services/{service_key}",		\
	    h_operator_service_patch, R_SESSION)			\
	X(GET,    "/api/v1/accounts/{account_id}/customers/{customer_id}/subscriptions",	\
	    h_subscriptions_get, R_SESSION)				\
	X(POST,   "/api/v1/accounts/{account_id}/customers/{customer_id}/subscriptions/trials",	\
	    h_subscription_trial, R_SESSION)				\
	X(POST,   "/api/v1/accounts/{account_id}/customers/{customer_id}/subscriptions/activation-codes",	\
	    h_subscription_code, R_SESSION)				\
	X(POST,   "/api/v1/accounts/{account_id}/customers/{customer_id}/subscriptions/payg",	\
	    h_subscription_payg, R_SESSION)				\
	X(PATCH,  "/api/v1/accounts/{account_id}/customers/{customer_id}/subscriptions/{service_key}",	\
	    h_subscription_patch, R_SESSION)				\
	X(DELETE, "/api/v1/accounts/{account_id}/customers/{customer_id}/subscriptions/{service_key}",	\
	    h_subscription_cancel, R_SESSION)				\
	X(GET,    "/api/v1/accounts/{account_id}/subscriptions",	\
	    h_partner_subscriptions, R_SESSION)			\
	X(GET,    "/api/v1/accounts/{account_id}/subscription-events",	\
	    h_subscription_events, R_SESSION)				\
	X(GET,    "/api/v1/accounts/{account_id}/usage",		\
	    h_usage, R_SESSION)

#endif

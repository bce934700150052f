-- The audit log is read per account and narrowed by who acted (a user's
-- sign-ins belong to no account) and by customer.
CREATE INDEX audit_events_actor ON audit_events (actor_id, at);
CREATE INDEX audit_events_customer ON audit_events (customer_id, at);

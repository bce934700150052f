-- A policy's usage counts (store_policy_get) count the customers it is the
-- default of: without this index, every customer's defaults were read.
CREATE INDEX customer_defaults_policy ON customer_defaults (policy_id);

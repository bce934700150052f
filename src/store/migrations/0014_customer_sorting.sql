-- Customer lists sort by name, country or creation, either way; searches
-- also find phone numbers (the search text is rebuilt in C afterwards,
-- store_migrate.c).
CREATE INDEX customers_partner_country ON customers (partner_id, country, sort_key, id);
CREATE INDEX customers_partner_created ON customers (partner_id, created_at, id);

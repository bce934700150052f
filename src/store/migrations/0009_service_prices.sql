-- The pay-as-you-go price of each service over time, so a month's usage
-- charges each day at the price in force that day. A change takes effect
-- from the next UTC day; the first price of a service from its creation.
CREATE TABLE service_prices (
	service_key	TEXT NOT NULL REFERENCES services (key),
	effective_on	TEXT NOT NULL,		-- YYYY-MM-DD
	price_micros	BIGINT NOT NULL CHECK (price_micros >= 0),
	currency	TEXT NOT NULL,
	created_at	BIGINT NOT NULL,
	PRIMARY KEY (service_key, effective_on)
);
INSERT INTO service_prices (service_key, effective_on, price_micros, currency,
    created_at)
    SELECT key, '1970-01-01', price_micros, currency, created_at FROM services;

-- Roles limited to chosen sites of a company console (SPEC §1, §9): the
-- sites a login's membership, an invitation or an API client of a company
-- console covers, as principal_customers holds the customers a role of a
-- partner account covers. Such a role keeps scope 'customers' (limited to
-- chosen children of the account); in a company console its children are
-- the sites listed here. Every tenant table carries partner_id: here the
-- company account's id.
CREATE TABLE principal_sites (
	partner_id	TEXT NOT NULL REFERENCES accounts (id),
	principal_id	TEXT NOT NULL,		-- a login, invitation or API client
	site_id		TEXT NOT NULL REFERENCES sites (id),
	PRIMARY KEY (partner_id, principal_id, site_id)
);
CREATE INDEX principal_sites_site ON principal_sites (site_id);

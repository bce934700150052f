-- The site an event is about (a company console's site, or a partner's
-- customer's): a role limited to chosen sites reads the events of its
-- sites only, as one limited to chosen customers reads its customers'.
ALTER TABLE audit_events ADD COLUMN site_id TEXT;
CREATE INDEX audit_events_site ON audit_events (site_id, at);

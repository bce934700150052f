-- Eligibility for hub creation (a Business record with every company
-- detail) as an indexed flag kept by the store, so listing and counting
-- a partner's eligible records walk an index instead of every record.
ALTER TABLE oms_records ADD COLUMN eligible INTEGER NOT NULL DEFAULT 0;
UPDATE oms_records SET eligible = CASE WHEN type = 'business'
	AND company <> '' AND industry <> '' AND website <> '' AND phone <> ''
	AND street <> '' AND postal_code <> '' AND city <> '' AND country <> ''
	AND (first_name <> '' OR last_name <> '') THEN 1 ELSE 0 END;
DROP INDEX oms_records_partner_company;
CREATE INDEX oms_records_eligible ON oms_records (partner_id, eligible, company, id);

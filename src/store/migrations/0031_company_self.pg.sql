-- Company consoles manage their own devices (SPEC §1, §2, §8).
--
-- A company console is single-tenant (its devices belong to the company
-- itself) or multi-tenant (its children are sites), chosen at creation:
-- accounts.tenancy, NULL for partner and operator accounts.
--
-- Each company console owns one customer row of kind 'company', its own
-- record, to which its sites, installers, devices, policies and alerts
-- attach exactly as a partner's customers' do; its partner_id is the
-- company account's id. It is not an OMS customer: it has no OMS record
-- (the only customers without one), and since it belongs to a company
-- account it never appears where a partner's customers are listed,
-- counted or billed. At most one per company account.
ALTER TABLE accounts ADD COLUMN tenancy TEXT
	CHECK (tenancy IN ('single', 'multi'));
UPDATE accounts SET tenancy = 'single' WHERE kind = 'company';

ALTER TABLE customers ADD COLUMN kind TEXT NOT NULL DEFAULT 'customer'
	CHECK (kind IN ('customer', 'company'));
ALTER TABLE customers ALTER COLUMN oms_record_id DROP NOT NULL;
ALTER TABLE customers ADD CONSTRAINT customers_oms_kind
	CHECK ((kind = 'customer') = (oms_record_id IS NOT NULL));
CREATE UNIQUE INDEX customers_company_self ON customers (partner_id)
	WHERE kind = 'company';

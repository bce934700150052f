-- Policies store only what they change from their template (the full
-- copies made so far are exactly the version-1 templates: they become
-- empty deltas); customers' overrides of the global policies assigned to
-- them; memberships limited to chosen customers.
ALTER TABLE policies ADD COLUMN template_version INTEGER NOT NULL DEFAULT 1;
UPDATE policies SET settings = '{}' WHERE settings = '{"antivirus":{"file_shield":true,"web_shield":true,"mail_shield":true,"behavior_shield":true,"scheduled_scan":{"enabled":true,"day":"sunday","time":"12:00","type":"quick"}},"firewall":{"enabled":true,"mode":"automatic"},"patch_management":{"enabled":true,"schedule":{"day":"wednesday","time":"12:00"},"auto_install":["critical","high"],"allow_reboot":true},"updates":{"definitions_interval_hours":4,"program_updates":"automatic"},"exclusions":{"paths":[],"urls":[]},"web_control":{"enabled":true,"blocked_categories":["malware","phishing","adult"]},"remote_access":{"enabled":true,"require_approval":true}}';
UPDATE policies SET settings = '{}' WHERE settings = '{"antivirus":{"file_shield":true,"web_shield":true,"mail_shield":false,"behavior_shield":true,"scheduled_scan":{"enabled":true,"day":"saturday","time":"02:00","type":"full"}},"firewall":{"enabled":true,"mode":"strict"},"patch_management":{"enabled":true,"schedule":{"day":"sunday","time":"03:00"},"auto_install":["critical"],"allow_reboot":false},"updates":{"definitions_interval_hours":1,"program_updates":"notify"},"exclusions":{"paths":[],"urls":[]},"web_control":{"enabled":true,"blocked_categories":["malware","phishing"]},"remote_access":{"enabled":true,"require_approval":true}}';

CREATE TABLE policy_overrides (
	customer_id	TEXT NOT NULL REFERENCES customers (id),
	policy_id	TEXT NOT NULL REFERENCES policies (id),
	settings	TEXT NOT NULL,	-- JSON: what the customer changes
	revision	INTEGER NOT NULL DEFAULT 1,
	updated_at	BIGINT NOT NULL,
	PRIMARY KEY (customer_id, policy_id)
);
CREATE INDEX policy_overrides_policy ON policy_overrides (policy_id);

ALTER TABLE memberships ADD COLUMN scope TEXT NOT NULL DEFAULT 'all'
	CHECK (scope IN ('all', 'customers'));
CREATE TABLE membership_customers (
	account_id	TEXT NOT NULL,
	login_id	TEXT NOT NULL,
	customer_id	TEXT NOT NULL REFERENCES customers (id),
	PRIMARY KEY (account_id, login_id, customer_id),
	FOREIGN KEY (account_id, login_id) REFERENCES memberships (account_id, login_id)
);
CREATE INDEX membership_customers_customer ON membership_customers (customer_id);

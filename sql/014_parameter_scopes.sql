-- 014_parameter_scopes: regional law shared by all, local choices per operator.
--
-- A row with operator_id NULL is shared: the regional amounts (the law, the
-- same for every operator, added only by the platform administrator with
-- `transitd parameter add`) and the default of each local choice. A row with
-- an operator_id is that operator's own dated choice: for a date, an operator
-- uses its own row in force, else the shared one (api/api_params.c).
ALTER TABLE parameters ADD COLUMN operator_id bigint REFERENCES operators (id);

ALTER TABLE parameters DROP CONSTRAINT parameters_pkey;
CREATE UNIQUE INDEX parameters_shared_key ON parameters (key, valid_from)
	WHERE operator_id IS NULL;
CREATE UNIQUE INDEX parameters_operator_key ON parameters (operator_id, key, valid_from)
	WHERE operator_id IS NOT NULL;

-- Only the local choices may be an operator's own (core/params.c marks the
-- same keys `local`): an operator's row of a regional key would silently
-- change the law for that operator's households.
ALTER TABLE parameters ADD CONSTRAINT parameters_operator_local_keys_only CHECK (
	operator_id IS NULL OR key IN ('period_months', 'max_periods', 'unpaid_grace_days',
		'payment_due_last_day', 'admission_check_max_age_days',
		'registered_mail_lead_working_days', 'visit_common_parts_days',
		'visit_single_family_months'));

-- The visit rhythms of the carnet de bord (rules.md section 7) become local
-- choices too; the shared defaults are the rule: common parts and the units
-- of their building at least twice a month (a visit at most 15 days after
-- the previous one), other units monthly. Not in sql/parameters.csv, which
-- copies shared/domain/parameters.csv and is loaded by 002 only.
INSERT INTO parameters (key, valid_from, value, unit, source, confirmed) VALUES
	('visit_common_parts_days', '2000-01-01', 15, 'days',
		'rules.md section 7: at least twice a month', 'product decision'),
	('visit_single_family_months', '2000-01-01', 1, 'months',
		'rules.md section 7: at least once a month', 'product decision');

-- A row some decision used stays readable forever: no DELETE, no TRUNCATE.
-- A correction replaces a row's value in place (UPDATE, audited with the
-- value before); the decisions keep what they used in their own rows.
CREATE TRIGGER parameters_no_delete BEFORE DELETE ON parameters
	FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER parameters_no_truncate BEFORE TRUNCATE ON parameters
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

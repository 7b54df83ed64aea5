-- 004_households: households, their members and incomes, the records the
-- admission rules read (debt mediation, patrimony, force majeure, income
-- degradation), and the immutable admission checks.
--
-- Every table carries operator_id, and every reference to another row goes
-- through a composite foreign key (operator_id, id) so that a row can never
-- point to a row of another operator, whatever the C does. Personal data is
-- kept to what the rules read: names, birth date, sex, relation, the
-- optional national register number, incomes and their evidence references.

CREATE TABLE households (
	id bigserial PRIMARY KEY,
	operator_id bigint NOT NULL REFERENCES operators (id),
	-- the operator's file reference ("2026-014"), never a name
	reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 64),
	contact_phone text CHECK (contact_phone ~ '^\+?[0-9][0-9 ./-]{5,29}$'),
	contact_email text CHECK (length(contact_email) BETWEEN 3 AND 254
		AND contact_email ~ '^[^@\s]+@[^@\s]+$'),
	version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (operator_id, id),
	CONSTRAINT households_reference_unique UNIQUE (operator_id, reference)
);

CREATE TYPE member_sex AS ENUM ('M', 'F');
CREATE TYPE member_relation AS ENUM ('head', 'partner', 'child', 'other');

CREATE TABLE members (
	id bigserial PRIMARY KEY,
	operator_id bigint NOT NULL,
	household_id bigint NOT NULL,
	first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
	last_name text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
	birth_date date NOT NULL CHECK (birth_date >= '1900-01-01'),
	sex member_sex NOT NULL,
	-- relation to the head of household: the couple is head + partner
	relation member_relation NOT NULL,
	-- enfant à charge: family allowances are paid for them to a member
	dependent_child boolean NOT NULL DEFAULT false,
	emancipated boolean NOT NULL DEFAULT false,
	-- 11 digits, check digits verified by core/ident before it gets here
	national_register_number text CHECK (national_register_number ~ '^[0-9]{11}$'),
	version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (operator_id, id),
	UNIQUE (operator_id, household_id, id),
	FOREIGN KEY (operator_id, household_id) REFERENCES households (operator_id, id),
	CONSTRAINT members_head_partner_not_dependent
		CHECK (NOT (dependent_child AND relation IN ('head', 'partner')))
);
CREATE INDEX members_household ON members (household_id, id);
CREATE INDEX members_last_name ON members (operator_id, lower(last_name));
-- One head and at most one partner per household (rules.md sections 1, 6).
CREATE UNIQUE INDEX members_one_head ON members (household_id) WHERE relation = 'head';
CREATE UNIQUE INDEX members_one_partner ON members (household_id) WHERE relation = 'partner';

CREATE TYPE income_kind AS ENUM ('work', 'unemployment', 'sickness_disability', 'pension',
	'ris', 'grapa', 'disability_allowance', 'family_allowance', 'alimony',
	'movable_immovable', 'other');
-- assessed: the total taxable income on the latest tax assessment (the
-- P-a / P-b figure I); current: a net income received now (the monthly
-- revenues M and resources R of the P-c test and of the 20 % indemnity cap).
CREATE TYPE income_basis AS ENUM ('assessed', 'current');
CREATE TYPE income_periodicity AS ENUM ('monthly', 'annual');

CREATE TABLE incomes (
	id bigserial PRIMARY KEY,
	operator_id bigint NOT NULL,
	household_id bigint NOT NULL,
	member_id bigint NOT NULL,
	kind income_kind NOT NULL,
	basis income_basis NOT NULL,
	taxable boolean NOT NULL,
	-- at most 100 000 000,00 €: larger is a typing error (core/elig)
	amount_cents bigint NOT NULL CHECK (amount_cents BETWEEN 0 AND 10000000000),
	periodicity income_periodicity NOT NULL,
	income_year integer CHECK (income_year BETWEEN 1990 AND 2100),
	evidence_reference text CHECK (length(evidence_reference) BETWEEN 1 AND 200),
	version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (operator_id, id),
	-- the member's incomes go with the member
	FOREIGN KEY (operator_id, household_id, member_id)
		REFERENCES members (operator_id, household_id, id) ON DELETE CASCADE,
	-- an assessment is taxable income of a year, with its reference
	CONSTRAINT incomes_assessed_complete CHECK (basis <> 'assessed'
		OR (taxable AND income_year IS NOT NULL AND evidence_reference IS NOT NULL)),
	-- RIS, GRAPA, disability and family allowances are never taxable
	CONSTRAINT incomes_exempt_kinds CHECK (NOT taxable
		OR kind NOT IN ('ris', 'grapa', 'disability_allowance', 'family_allowance'))
);
CREATE INDEX incomes_household ON incomes (household_id, id);

-- The household is under the guidance of an approved debt-mediation
-- service (P-c). One per household.
CREATE TABLE debt_mediations (
	id bigserial PRIMARY KEY,
	operator_id bigint NOT NULL,
	household_id bigint NOT NULL,
	service_name text NOT NULL CHECK (length(service_name) BETWEEN 1 AND 200),
	-- absent while the approval is not known: the P-c test then fails
	approval_reference text CHECK (length(approval_reference) BETWEEN 1 AND 100),
	monthly_charges_cents bigint NOT NULL
		CHECK (monthly_charges_cents BETWEEN 0 AND 10000000000),
	started_on date,
	version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (operator_id, id),
	CONSTRAINT debt_mediations_one_per_household UNIQUE (household_id),
	FOREIGN KEY (operator_id, household_id) REFERENCES households (operator_id, id)
);

CREATE TYPE patrimony_holding AS ENUM ('full_ownership', 'usufruct');
CREATE TYPE attestation_issuer AS ENUM ('mayor', 'housing_administration');
CREATE TYPE attestation_finding AS ENUM ('non_improvable', 'uninhabitable');

-- A dwelling a member holds in full ownership or usufruct; it bars
-- precarity unless an attestation declares it non-improvable or
-- uninhabitable. Several per household.
CREATE TABLE patrimony_records (
	id bigserial PRIMARY KEY,
	operator_id bigint NOT NULL,
	household_id bigint NOT NULL,
	member_id bigint,
	holding patrimony_holding NOT NULL,
	dwelling text NOT NULL CHECK (length(dwelling) BETWEEN 1 AND 300),
	attestation_reference text CHECK (length(attestation_reference) BETWEEN 1 AND 100),
	attestation_date date,
	attestation_issuer attestation_issuer,
	attestation_finding attestation_finding,
	version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (operator_id, id),
	FOREIGN KEY (operator_id, household_id) REFERENCES households (operator_id, id),
	-- the holder, when known, is a member of the same household; the record
	-- stays when the member is removed
	FOREIGN KEY (operator_id, household_id, member_id)
		REFERENCES members (operator_id, household_id, id) ON DELETE SET NULL (member_id),
	-- an attestation is its reference, date, issuer and finding, or nothing
	CONSTRAINT patrimony_attestation_complete CHECK (
		(attestation_reference IS NULL) = (attestation_date IS NULL)
		AND (attestation_reference IS NULL) = (attestation_issuer IS NULL)
		AND (attestation_reference IS NULL) = (attestation_finding IS NULL))
);
CREATE INDEX patrimony_household ON patrimony_records (household_id, id);

CREATE TYPE force_majeure_category AS ENUM ('natural', 'community', 'authority',
	'third_party', 'accident', 'social_emergency');

-- The household lost its dwelling by force majeure (ground F), as the
-- operator demonstrates it. One per household.
CREATE TABLE force_majeure_records (
	id bigserial PRIMARY KEY,
	operator_id bigint NOT NULL,
	household_id bigint NOT NULL,
	category force_majeure_category NOT NULL,
	event_date date,
	justification text NOT NULL CHECK (length(justification) BETWEEN 1 AND 4000),
	proof_references text[] NOT NULL CHECK (cardinality(proof_references) BETWEEN 1 AND 20
		AND array_position(proof_references, NULL) IS NULL
		AND '' <> ALL (proof_references)),
	version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (operator_id, id),
	CONSTRAINT force_majeure_one_per_household UNIQUE (household_id),
	FOREIGN KEY (operator_id, household_id) REFERENCES households (operator_id, id)
);

CREATE TYPE degradation_reason AS ENUM ('exceptional', 'work_incapacity', 'unemployment',
	'pre_pension', 'retirement');

-- The assessed income no longer reflects the situation: the household
-- taxable income of the last six months, annualised, is tested instead.
-- One per household.
CREATE TABLE income_degradations (
	id bigserial PRIMARY KEY,
	operator_id bigint NOT NULL,
	household_id bigint NOT NULL,
	reason degradation_reason NOT NULL,
	since date,
	six_month_taxable_cents bigint NOT NULL
		CHECK (six_month_taxable_cents BETWEEN 0 AND 10000000000),
	evidence_reference text CHECK (length(evidence_reference) BETWEEN 1 AND 200),
	version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (operator_id, id),
	CONSTRAINT income_degradations_one_per_household UNIQUE (household_id),
	FOREIGN KEY (operator_id, household_id) REFERENCES households (operator_id, id)
);

CREATE TYPE admission_ground_asked AS ENUM ('precarity', 'force_majeure', 'any');

-- A dated admission decision for one household, one unit and one start
-- date, kept exactly as it was made: the core verdict with every figure and
-- reason, the overcrowding check, the household and incomes as evaluated
-- and the parameter rows used. A convention refers to one.
CREATE TABLE admission_checks (
	id bigserial PRIMARY KEY,
	operator_id bigint NOT NULL,
	household_id bigint NOT NULL,
	unit_id bigint NOT NULL,
	start_date date NOT NULL,
	check_date date NOT NULL,
	ground_asked admission_ground_asked NOT NULL,
	admissible boolean NOT NULL,
	ground text CHECK (ground IN ('P-a', 'P-b', 'P-c', 'F')),
	unit_fits boolean NOT NULL,
	-- what the 20 % indemnity cap applies to (rules.md section 3)
	indemnity_basis text NOT NULL
		CHECK (indemnity_basis IN ('monthly_revenues', 'monthly_resources')),
	indemnity_basis_cents bigint NOT NULL CHECK (indemnity_basis_cents >= 0),
	decision jsonb NOT NULL,
	overcrowding jsonb NOT NULL,
	household jsonb NOT NULL,
	incomes jsonb NOT NULL,
	parameters jsonb NOT NULL,
	created_by bigint REFERENCES users (id),
	created_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (operator_id, id),
	FOREIGN KEY (operator_id, household_id) REFERENCES households (operator_id, id),
	FOREIGN KEY (operator_id, unit_id) REFERENCES units (operator_id, id),
	CHECK (check_date <= start_date),
	CHECK (admissible = (ground IS NOT NULL)),
	CHECK (NOT admissible OR unit_fits)
);
CREATE INDEX admission_checks_household ON admission_checks (household_id, id);

-- A decision is evidence: nobody corrects it, the table owner included (a
-- new check is made instead). refuse_change() is 001's.
CREATE TRIGGER admission_checks_no_update_delete BEFORE UPDATE OR DELETE ON admission_checks
	FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER admission_checks_no_truncate BEFORE TRUNCATE ON admission_checks
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON admission_checks FROM PUBLIC;

-- The JSON documents the API serves, built in one place.

CREATE VIEW income_docs AS
SELECT i.id, i.operator_id, json_build_object(
	'id', i.id, 'household_id', i.household_id, 'member_id', i.member_id, 'kind', i.kind,
	'basis', i.basis, 'taxable', i.taxable, 'amount_cents', i.amount_cents,
	'periodicity', i.periodicity, 'income_year', i.income_year,
	'evidence_reference', i.evidence_reference, 'version', i.version,
	'created_at', i.created_at, 'updated_at', i.updated_at)::text AS doc
FROM incomes i;

CREATE VIEW member_docs AS
SELECT m.id, m.operator_id, json_build_object(
	'id', m.id, 'household_id', m.household_id, 'first_name', m.first_name,
	'last_name', m.last_name, 'birth_date', m.birth_date, 'sex', m.sex,
	'relation', m.relation, 'dependent_child', m.dependent_child,
	'emancipated', m.emancipated, 'national_register_number', m.national_register_number,
	'incomes', coalesce((SELECT json_agg(d.doc::json ORDER BY d.id) FROM income_docs d
		JOIN incomes i ON i.id = d.id WHERE i.member_id = m.id), '[]'::json),
	'version', m.version, 'created_at', m.created_at, 'updated_at', m.updated_at)::text AS doc
FROM members m;

CREATE VIEW debt_mediation_docs AS
SELECT r.id, r.operator_id, json_build_object(
	'id', r.id, 'household_id', r.household_id, 'service_name', r.service_name,
	'approval_reference', r.approval_reference,
	'monthly_charges_cents', r.monthly_charges_cents, 'started_on', r.started_on,
	'version', r.version, 'created_at', r.created_at, 'updated_at', r.updated_at)::text AS doc
FROM debt_mediations r;

CREATE VIEW patrimony_docs AS
SELECT r.id, r.operator_id, json_build_object(
	'id', r.id, 'household_id', r.household_id, 'member_id', r.member_id,
	'holding', r.holding, 'dwelling', r.dwelling,
	'attestation', CASE WHEN r.attestation_reference IS NULL THEN NULL
		ELSE json_build_object('reference', r.attestation_reference,
			'date', r.attestation_date, 'issuer', r.attestation_issuer,
			'finding', r.attestation_finding) END,
	'version', r.version, 'created_at', r.created_at, 'updated_at', r.updated_at)::text AS doc
FROM patrimony_records r;

CREATE VIEW force_majeure_docs AS
SELECT r.id, r.operator_id, json_build_object(
	'id', r.id, 'household_id', r.household_id, 'category', r.category,
	'event_date', r.event_date, 'justification', r.justification,
	'proof_references', r.proof_references,
	'version', r.version, 'created_at', r.created_at, 'updated_at', r.updated_at)::text AS doc
FROM force_majeure_records r;

CREATE VIEW income_degradation_docs AS
SELECT r.id, r.operator_id, json_build_object(
	'id', r.id, 'household_id', r.household_id, 'reason', r.reason, 'since', r.since,
	'six_month_taxable_cents', r.six_month_taxable_cents,
	'evidence_reference', r.evidence_reference,
	'version', r.version, 'created_at', r.created_at, 'updated_at', r.updated_at)::text AS doc
FROM income_degradations r;

-- One household with everything the admission reads, embedded.
CREATE VIEW household_docs AS
SELECT h.id, h.operator_id, json_build_object(
	'id', h.id, 'reference', h.reference, 'contact_phone', h.contact_phone,
	'contact_email', h.contact_email,
	'members', coalesce((SELECT json_agg(d.doc::json ORDER BY d.id) FROM member_docs d
		JOIN members m ON m.id = d.id WHERE m.household_id = h.id), '[]'::json),
	'debt_mediation', (SELECT d.doc::json FROM debt_mediation_docs d
		JOIN debt_mediations r ON r.id = d.id WHERE r.household_id = h.id),
	'patrimony', coalesce((SELECT json_agg(d.doc::json ORDER BY d.id) FROM patrimony_docs d
		JOIN patrimony_records r ON r.id = d.id WHERE r.household_id = h.id), '[]'::json),
	'force_majeure', (SELECT d.doc::json FROM force_majeure_docs d
		JOIN force_majeure_records r ON r.id = d.id WHERE r.household_id = h.id),
	'income_degradation', (SELECT d.doc::json FROM income_degradation_docs d
		JOIN income_degradations r ON r.id = d.id WHERE r.household_id = h.id),
	'version', h.version, 'created_at', h.created_at, 'updated_at', h.updated_at)::text AS doc
FROM households h;

-- The list shows a summary: no member details, no national number.
CREATE VIEW household_summary_docs AS
SELECT h.id, h.operator_id, json_build_object(
	'id', h.id, 'reference', h.reference,
	'members', (SELECT count(*) FROM members m WHERE m.household_id = h.id),
	'dependent_children', (SELECT count(*) FROM members m
		WHERE m.household_id = h.id AND m.dependent_child),
	'head', (SELECT json_build_object('member_id', m.id, 'first_name', m.first_name,
		'last_name', m.last_name) FROM members m
		WHERE m.household_id = h.id AND m.relation = 'head'),
	'version', h.version, 'created_at', h.created_at, 'updated_at', h.updated_at)::text AS doc
FROM households h;

-- What an admission check stores of the household: every fact the rules
-- read, and no national register number (the decision does not use it).
CREATE VIEW household_snapshots AS
SELECT h.id, h.operator_id, jsonb_build_object(
	'id', h.id, 'reference', h.reference, 'version', h.version,
	'members', coalesce((SELECT jsonb_agg(jsonb_build_object('id', m.id,
		'first_name', m.first_name, 'last_name', m.last_name,
		'birth_date', m.birth_date, 'sex', m.sex, 'relation', m.relation,
		'dependent_child', m.dependent_child, 'emancipated', m.emancipated,
		'version', m.version) ORDER BY m.id)
		FROM members m WHERE m.household_id = h.id), '[]'::jsonb),
	'debt_mediation', (SELECT d.doc::jsonb FROM debt_mediation_docs d
		JOIN debt_mediations r ON r.id = d.id WHERE r.household_id = h.id),
	'patrimony', coalesce((SELECT jsonb_agg(d.doc::jsonb ORDER BY d.id) FROM patrimony_docs d
		JOIN patrimony_records r ON r.id = d.id WHERE r.household_id = h.id), '[]'::jsonb),
	'force_majeure', (SELECT d.doc::jsonb FROM force_majeure_docs d
		JOIN force_majeure_records r ON r.id = d.id WHERE r.household_id = h.id),
	'income_degradation', (SELECT d.doc::jsonb FROM income_degradation_docs d
		JOIN income_degradations r ON r.id = d.id WHERE r.household_id = h.id)) AS household,
	coalesce((SELECT jsonb_agg(d.doc::jsonb ORDER BY d.id) FROM income_docs d
		JOIN incomes i ON i.id = d.id WHERE i.household_id = h.id), '[]'::jsonb) AS incomes
FROM households h;

CREATE VIEW admission_check_docs AS
SELECT a.id, a.operator_id, json_build_object(
	'id', a.id, 'household_id', a.household_id, 'unit_id', a.unit_id,
	'start_date', a.start_date, 'check_date', a.check_date,
	'ground_asked', a.ground_asked, 'admissible', a.admissible, 'ground', a.ground,
	'unit_fits', a.unit_fits, 'indemnity_basis', a.indemnity_basis,
	'indemnity_basis_cents', a.indemnity_basis_cents, 'decision', a.decision,
	'overcrowding', a.overcrowding, 'household', a.household, 'incomes', a.incomes,
	'parameters', a.parameters, 'created_by', a.created_by,
	'created_at', a.created_at)::text AS doc
FROM admission_checks a;

-- The list of a household's checks: the verdicts without the snapshots.
CREATE VIEW admission_check_summary_docs AS
SELECT a.id, a.operator_id, a.household_id, json_build_object(
	'id', a.id, 'household_id', a.household_id, 'unit_id', a.unit_id,
	'start_date', a.start_date, 'check_date', a.check_date,
	'ground_asked', a.ground_asked, 'admissible', a.admissible, 'ground', a.ground,
	'unit_fits', a.unit_fits, 'indemnity_basis', a.indemnity_basis,
	'indemnity_basis_cents', a.indemnity_basis_cents,
	'reasons', coalesce((SELECT jsonb_agg(r->'code') FROM jsonb_array_elements(
		a.decision->'reasons') r), '[]'::jsonb),
	'created_at', a.created_at)::text AS doc
FROM admission_checks a;

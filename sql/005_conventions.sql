-- 005_conventions: conventions d'occupation précaire, their calendar,
-- signatories, renewals, notices and exit; the social accompaniment (plan,
-- log, rental-guarantee savings).
--
-- Every date stored here was computed by core/conv.c (calendar, deadlines,
-- notice runs, final end) and every amount by core/indem.c; the database
-- keeps them and enforces what must never happen: two conventions of one
-- unit over the same days, a convention signed after its start, an exit
-- without its record, a change to an append-only record.

CREATE TYPE convention_state AS ENUM ('draft', 'signed', 'active', 'renewed', 'notice_given',
	'ended', 'overstay', 'cancelled');
-- rules.md section 5: exit reasons and destination housing types.
CREATE TYPE exit_reason AS ENUM ('relocated', 'left_without_solution', 'returned_to_family',
	'institution', 'prison', 'deceased', 'evicted', 'other');
CREATE TYPE destination_type AS ENUM ('private_rental', 'ais', 'apl', 'slsp', 'commune_cpas',
	'flw', 'other', 'unknown');

CREATE TABLE conventions (
	id bigserial PRIMARY KEY,
	operator_id bigint NOT NULL REFERENCES operators (id),
	unit_id bigint NOT NULL,
	household_id bigint NOT NULL,
	admission_check_id bigint NOT NULL,
	state convention_state NOT NULL DEFAULT 'draft',
	start_date date NOT NULL,
	-- periods granted: 1, then + 1 per renewal
	periods integer NOT NULL DEFAULT 1,
	-- the calendar parameters in force on the start date, fixed at creation
	-- so that the stored calendar and every later judgement agree
	max_periods integer NOT NULL CHECK (max_periods BETWEEN 1 AND 8),
	period_months integer NOT NULL CHECK (period_months BETWEEN 1 AND 60),
	notice_months integer NOT NULL CHECK (notice_months BETWEEN 1 AND 24),
	lead_working_days integer NOT NULL CHECK (lead_working_days BETWEEN 1 AND 30),
	-- end of the occupation right (conv_final_end) and the renewal decision
	-- deadline (conv_renewal_deadline; NULL once no renewal is possible)
	final_end date NOT NULL,
	renewal_deadline date,
	-- The days the household may occupy the unit: [start, final end], cut
	-- at the departure, open-ended while in overstay. GET /units?available_on
	-- and the exclusion constraint below read it.
	occupancy daterange NOT NULL,
	-- the indemnity fixed at creation (core/indem.c), cents
	base_indemnity_cents bigint NOT NULL CHECK (base_indemnity_cents >= 0),
	-- what the 20 % cap is computed on, as the admission check says: the
	-- monthly revenues M, or the resources R of a P-c household
	basis text NOT NULL CHECK (basis IN ('monthly_revenues', 'monthly_resources')),
	basis_cents bigint NOT NULL,
	cap_applies boolean NOT NULL,
	cap_percent integer NOT NULL CHECK (cap_percent BETWEEN 0 AND 100),
	cap_cents bigint NOT NULL CHECK (cap_cents >= 0),
	reduced_indemnity_cents bigint NOT NULL CHECK (reduced_indemnity_cents >= 0),
	signed_on date,
	activated_on date,
	overstay_on date,
	cancelled_on date,
	-- exit record (rules.md section 5)
	departure_on date,
	exit_reason exit_reason,
	destination_type destination_type,
	destination_commune text CHECK (length(destination_commune) BETWEEN 1 AND 100),
	rental_guarantee_cents bigint CHECK (rental_guarantee_cents BETWEEN 0 AND 100000000),
	adel_pointed_out boolean,
	version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
	created_by bigint REFERENCES users (id),
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (operator_id, id),
	UNIQUE (operator_id, household_id, id),
	FOREIGN KEY (operator_id, unit_id) REFERENCES units (operator_id, id),
	FOREIGN KEY (operator_id, household_id) REFERENCES households (operator_id, id),
	FOREIGN KEY (operator_id, admission_check_id) REFERENCES admission_checks (operator_id, id),
	CHECK (periods BETWEEN 1 AND max_periods),
	CHECK (final_end >= start_date),
	-- the unit may be occupied from the start, never before
	CHECK (lower(occupancy) = start_date AND NOT lower_inf(occupancy)),
	-- open-ended exactly while the occupant stays without title
	CHECK ((state = 'overstay') = upper_inf(occupancy)),
	-- signed before the unit is made available (rules.md section 2)
	CHECK (signed_on <= start_date),
	CHECK ((state = 'draft') = (signed_on IS NULL) OR state = 'cancelled'),
	CHECK (state NOT IN ('active', 'renewed', 'notice_given', 'ended', 'overstay')
		OR activated_on >= start_date),
	CHECK (state <> 'renewed' OR periods > 1),
	-- ended exactly when the departure is recorded, with its whole record
	CHECK ((state = 'ended') = (departure_on IS NOT NULL)),
	CHECK (departure_on IS NULL OR (departure_on >= start_date AND exit_reason IS NOT NULL
		AND destination_type IS NOT NULL AND rental_guarantee_cents IS NOT NULL
		AND adel_pointed_out IS NOT NULL)),
	CHECK (reduced_indemnity_cents <= base_indemnity_cents),
	CHECK (NOT cap_applies OR reduced_indemnity_cents <= cap_cents),
	-- A unit has at most one convention over any day, even under
	-- concurrent requests (btree_gist is created by 001).
	CONSTRAINT conventions_unit_occupancy EXCLUDE USING gist (unit_id WITH =, occupancy WITH &&)
		WHERE (state <> 'cancelled')
);
CREATE INDEX conventions_operator ON conventions (operator_id, id);
CREATE INDEX conventions_household ON conventions (household_id);

-- The calendar of every period the parameters allow (conv_calendar);
-- periods up to conventions.periods are granted.
CREATE TABLE convention_periods (
	convention_id bigint NOT NULL REFERENCES conventions (id),
	number integer NOT NULL CHECK (number BETWEEN 1 AND 8),
	start_on date NOT NULL,
	end_on date NOT NULL,
	latest_notification date NOT NULL,
	posting_deadline date NOT NULL,
	PRIMARY KEY (convention_id, number),
	CHECK (start_on <= end_on),
	CHECK (posting_deadline <= latest_notification AND latest_notification < end_on)
);

-- Every adult member signs (rules.md section 2); a signatory is a member
-- of the convention's household, and stays one while the convention exists.
CREATE TABLE convention_signatories (
	convention_id bigint NOT NULL,
	operator_id bigint NOT NULL,
	household_id bigint NOT NULL,
	member_id bigint NOT NULL,
	PRIMARY KEY (convention_id, member_id),
	FOREIGN KEY (operator_id, household_id, convention_id)
		REFERENCES conventions (operator_id, household_id, id),
	FOREIGN KEY (operator_id, household_id, member_id)
		REFERENCES members (operator_id, household_id, id)
);

-- A renewal and the fresh admission check it rests on.
CREATE TABLE convention_renewals (
	convention_id bigint NOT NULL REFERENCES conventions (id),
	period integer NOT NULL CHECK (period BETWEEN 2 AND 8),
	operator_id bigint NOT NULL,
	admission_check_id bigint NOT NULL,
	decided_on date NOT NULL,
	created_by bigint REFERENCES users (id),
	created_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (convention_id, period),
	FOREIGN KEY (operator_id, convention_id) REFERENCES conventions (operator_id, id),
	FOREIGN KEY (operator_id, admission_check_id) REFERENCES admission_checks (operator_id, id)
);

-- The notice that terminates a period: the latest posting counts; its
-- deemed notification, the notice run and the period end it produces.
CREATE TABLE convention_notices (
	id bigserial PRIMARY KEY,
	convention_id bigint NOT NULL UNIQUE REFERENCES conventions (id),
	period integer NOT NULL CHECK (period BETWEEN 1 AND 8),
	posted_on date NOT NULL,
	notified_on date NOT NULL,
	run_from date NOT NULL,
	run_to date NOT NULL,
	end_date date NOT NULL,
	recorded_on date NOT NULL,
	created_by bigint REFERENCES users (id),
	created_at timestamptz NOT NULL DEFAULT now(),
	CHECK (posted_on < notified_on AND notified_on < run_from AND run_from <= run_to
		AND run_to <= end_date)
);

-- One registered letter per adult signatory.
CREATE TABLE convention_notice_letters (
	notice_id bigint NOT NULL REFERENCES convention_notices (id),
	convention_id bigint NOT NULL,
	member_id bigint NOT NULL,
	posted_on date NOT NULL,
	notified_on date NOT NULL,
	PRIMARY KEY (notice_id, member_id),
	FOREIGN KEY (convention_id, member_id) REFERENCES convention_signatories (convention_id,
		member_id),
	CHECK (posted_on < notified_on)
);

-- ---- social accompaniment (rules.md section 5) ----

CREATE TABLE accompaniment_plans (
	id bigserial PRIMARY KEY,
	convention_id bigint NOT NULL UNIQUE,
	operator_id bigint NOT NULL,
	household_id bigint NOT NULL,
	worker_user_id bigint NOT NULL REFERENCES users (id),
	objectives text[] NOT NULL CHECK (cardinality(objectives) BETWEEN 1 AND 20),
	initiatives text[] NOT NULL CHECK (cardinality(initiatives) BETWEEN 1 AND 20),
	indicators text[] NOT NULL CHECK (cardinality(indicators) BETWEEN 1 AND 20),
	-- the guarantee the household saves up for its next home (no deposit
	-- is asked at entry)
	rental_guarantee_target_cents bigint NOT NULL DEFAULT 0
		CHECK (rental_guarantee_target_cents BETWEEN 0 AND 100000000),
	version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (operator_id, household_id, convention_id),
	FOREIGN KEY (operator_id, household_id, convention_id)
		REFERENCES conventions (operator_id, household_id, id)
);

-- The persons the plan concerns: members of the convention's household.
CREATE TABLE accompaniment_plan_persons (
	convention_id bigint NOT NULL,
	operator_id bigint NOT NULL,
	household_id bigint NOT NULL,
	member_id bigint NOT NULL,
	PRIMARY KEY (convention_id, member_id),
	FOREIGN KEY (operator_id, household_id, convention_id)
		REFERENCES accompaniment_plans (operator_id, household_id, convention_id),
	FOREIGN KEY (operator_id, household_id, member_id)
		REFERENCES members (operator_id, household_id, id)
);

CREATE TYPE accompaniment_log_kind AS ENUM ('meeting', 'housing_search');

CREATE TABLE accompaniment_logs (
	id bigserial PRIMARY KEY,
	operator_id bigint NOT NULL,
	convention_id bigint NOT NULL,
	occurred_on date NOT NULL,
	kind accompaniment_log_kind NOT NULL,
	summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 4000),
	worker_user_id bigint NOT NULL REFERENCES users (id),
	created_at timestamptz NOT NULL DEFAULT now(),
	FOREIGN KEY (operator_id, convention_id) REFERENCES conventions (operator_id, id)
);
CREATE INDEX accompaniment_logs_convention ON accompaniment_logs (convention_id, id);

-- Rental-guarantee savings: deposits, and withdrawals as negative amounts
-- (corrections are new entries); the saved amount is their sum.
CREATE TABLE guarantee_savings (
	id bigserial PRIMARY KEY,
	operator_id bigint NOT NULL,
	convention_id bigint NOT NULL,
	saved_on date NOT NULL,
	amount_cents bigint NOT NULL CHECK (amount_cents <> 0
		AND amount_cents BETWEEN -100000000 AND 100000000),
	note text CHECK (length(note) BETWEEN 1 AND 500),
	created_by bigint REFERENCES users (id),
	created_at timestamptz NOT NULL DEFAULT now(),
	FOREIGN KEY (operator_id, convention_id) REFERENCES conventions (operator_id, id)
);
CREATE INDEX guarantee_savings_convention ON guarantee_savings (convention_id, id);

-- Records of what happened are never rewritten, by anyone (refuse_change()
-- of 001): a correction is a new row.
CREATE TRIGGER accompaniment_logs_append_only BEFORE UPDATE OR DELETE ON accompaniment_logs
	FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER accompaniment_logs_no_truncate BEFORE TRUNCATE ON accompaniment_logs
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER guarantee_savings_append_only BEFORE UPDATE OR DELETE ON guarantee_savings
	FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER guarantee_savings_no_truncate BEFORE TRUNCATE ON guarantee_savings
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER convention_notices_append_only BEFORE UPDATE OR DELETE ON convention_notices
	FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER convention_notices_no_truncate BEFORE TRUNCATE ON convention_notices
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER convention_notice_letters_append_only BEFORE UPDATE OR DELETE
	ON convention_notice_letters FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER convention_notice_letters_no_truncate BEFORE TRUNCATE
	ON convention_notice_letters FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER convention_renewals_append_only BEFORE UPDATE OR DELETE ON convention_renewals
	FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER convention_renewals_no_truncate BEFORE TRUNCATE ON convention_renewals
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON accompaniment_logs, guarantee_savings, convention_notices,
	convention_notice_letters, convention_renewals FROM PUBLIC;

-- ---- the JSON documents the API serves ----

CREATE VIEW convention_docs AS
SELECT v.id, v.operator_id, v.unit_id, v.household_id, v.state, json_build_object(
	'id', v.id, 'unit_id', v.unit_id, 'household_id', v.household_id,
	'admission_check_id', v.admission_check_id, 'state', v.state,
	'start_date', v.start_date, 'periods', v.periods, 'max_periods', v.max_periods,
	'period_months', v.period_months, 'notice_months', v.notice_months,
	'registered_mail_lead_working_days', v.lead_working_days,
	'calendar', (SELECT json_agg(json_build_object(
		'number', p.number, 'start', p.start_on, 'end', p.end_on,
		'latest_notification', p.latest_notification,
		'posting_deadline', p.posting_deadline, 'granted', p.number <= v.periods)
		ORDER BY p.number) FROM convention_periods p WHERE p.convention_id = v.id),
	'final_end', v.final_end, 'renewal_decision_deadline', v.renewal_deadline,
	'occupancy', json_build_object('from', lower(v.occupancy),
		'to', CASE WHEN upper_inf(v.occupancy) THEN NULL
			ELSE upper(v.occupancy) - 1 END),
	'indemnity', json_build_object(
		'base_cents', v.base_indemnity_cents, 'basis', v.basis,
		'basis_cents', v.basis_cents, 'cap_applies', v.cap_applies,
		'cap_percent', v.cap_percent, 'cap_cents', v.cap_cents,
		'reduced_cents', v.reduced_indemnity_cents),
	'signed_on', v.signed_on,
	'signatories', coalesce((SELECT json_agg(s.member_id ORDER BY s.member_id)
		FROM convention_signatories s WHERE s.convention_id = v.id), '[]'::json),
	'activated_on', v.activated_on,
	'renewals', coalesce((SELECT json_agg(json_build_object(
		'period', r.period, 'admission_check_id', r.admission_check_id,
		'decided_on', r.decided_on) ORDER BY r.period)
		FROM convention_renewals r WHERE r.convention_id = v.id), '[]'::json),
	'notice', (SELECT json_build_object(
		'period', n.period, 'posted_on', n.posted_on, 'notified_on', n.notified_on,
		'run_from', n.run_from, 'run_to', n.run_to, 'end_date', n.end_date,
		'recorded_on', n.recorded_on,
		'letters', (SELECT json_agg(json_build_object(
			'member_id', l.member_id, 'posted_on', l.posted_on,
			'notified_on', l.notified_on) ORDER BY l.member_id)
			FROM convention_notice_letters l WHERE l.notice_id = n.id))
		FROM convention_notices n WHERE n.convention_id = v.id),
	'overstay_on', v.overstay_on, 'cancelled_on', v.cancelled_on,
	'exit', CASE WHEN v.departure_on IS NULL THEN NULL ELSE json_build_object(
		'departure_on', v.departure_on, 'reason', v.exit_reason,
		'destination_type', v.destination_type,
		'destination_commune', v.destination_commune,
		'rental_guarantee_cents', v.rental_guarantee_cents,
		'adel', v.adel_pointed_out) END,
	'version', v.version, 'created_at', v.created_at,
	'updated_at', v.updated_at)::text AS doc
FROM conventions v;

CREATE VIEW accompaniment_plan_docs AS
SELECT a.id, a.operator_id, a.convention_id, json_build_object(
	'id', a.id, 'convention_id', a.convention_id, 'worker_user_id', a.worker_user_id,
	'persons', coalesce((SELECT json_agg(p.member_id ORDER BY p.member_id)
		FROM accompaniment_plan_persons p WHERE p.convention_id = a.convention_id), '[]'::json),
	'objectives', a.objectives, 'initiatives', a.initiatives, 'indicators', a.indicators,
	'rental_guarantee_target_cents', a.rental_guarantee_target_cents,
	'version', a.version, 'created_at', a.created_at, 'updated_at', a.updated_at)::text AS doc
FROM accompaniment_plans a;

CREATE VIEW accompaniment_log_docs AS
SELECT l.id, l.operator_id, l.convention_id, json_build_object(
	'id', l.id, 'convention_id', l.convention_id, 'occurred_on', l.occurred_on,
	'kind', l.kind, 'summary', l.summary, 'worker_user_id', l.worker_user_id,
	'created_at', l.created_at)::text AS doc
FROM accompaniment_logs l;

CREATE VIEW guarantee_saving_docs AS
SELECT g.id, g.operator_id, g.convention_id, json_build_object(
	'id', g.id, 'convention_id', g.convention_id, 'saved_on', g.saved_on,
	'amount_cents', g.amount_cents, 'note', g.note, 'created_by', g.created_by,
	'created_at', g.created_at)::text AS doc
FROM guarantee_savings g;

-- sql/schema.sql: the live schema after every migration of sql/, dumped
-- by scripts/dump-schema.sh (pg_dump --schema-only, no owners, no
-- privileges: those are scripts/pgcluster.sh's and `transitd migrate`'s).
-- Do not edit: change the schema with a new migration, then run the
-- script; tests/integration/test_schema_dump.py fails when it is stale.
--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: btree_gist; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;

--
-- Name: EXTENSION btree_gist; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION btree_gist IS 'support for indexing common datatypes in GiST';

--
-- Name: pg_trgm; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

--
-- Name: EXTENSION pg_trgm; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pg_trgm IS 'text similarity measurement and index searching based on trigrams';

--
-- Name: unaccent; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;

--
-- Name: EXTENSION unaccent; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION unaccent IS 'text search dictionary that removes accents';

--
-- Name: accompaniment_log_kind; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.accompaniment_log_kind AS ENUM (
    'meeting',
    'housing_search'
);

--
-- Name: admission_ground_asked; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.admission_ground_asked AS ENUM (
    'precarity',
    'force_majeure',
    'any'
);

--
-- Name: alert_state; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.alert_state AS ENUM (
    'open',
    'acknowledged',
    'resolved'
);

--
-- Name: alert_doc_fields; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.alert_doc_fields AS (
	id bigint,
	kind text,
	label_fr text,
	todo_fr text,
	object json,
	due_on date,
	opens_on date,
	identity text,
	audience text[],
	assignee_id bigint,
	state public.alert_state,
	raised_on date,
	acknowledged_by bigint,
	acknowledged_at timestamp with time zone,
	acknowledge_comment text,
	resolved_by bigint,
	resolved_at timestamp with time zone,
	resolved_automatically boolean,
	resolve_comment text
);

--
-- Name: attestation_finding; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.attestation_finding AS ENUM (
    'non_improvable',
    'uninhabitable'
);

--
-- Name: attestation_issuer; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.attestation_issuer AS ENUM (
    'mayor',
    'housing_administration'
);

--
-- Name: convention_state; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.convention_state AS ENUM (
    'draft',
    'signed',
    'active',
    'renewed',
    'notice_given',
    'ended',
    'overstay',
    'cancelled'
);

--
-- Name: degradation_reason; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.degradation_reason AS ENUM (
    'exceptional',
    'work_incapacity',
    'unemployment',
    'pre_pension',
    'retirement'
);

--
-- Name: destination_type; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.destination_type AS ENUM (
    'private_rental',
    'ais',
    'apl',
    'slsp',
    'commune_cpas',
    'flw',
    'other',
    'unknown'
);

--
-- Name: exit_reason; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.exit_reason AS ENUM (
    'relocated',
    'left_without_solution',
    'returned_to_family',
    'institution',
    'prison',
    'deceased',
    'evicted',
    'other'
);

--
-- Name: force_majeure_category; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.force_majeure_category AS ENUM (
    'natural',
    'community',
    'authority',
    'third_party',
    'accident',
    'social_emergency'
);

--
-- Name: income_basis; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.income_basis AS ENUM (
    'assessed',
    'current'
);

--
-- Name: income_kind; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.income_kind AS ENUM (
    'work',
    'unemployment',
    'sickness_disability',
    'pension',
    'ris',
    'grapa',
    'disability_allowance',
    'family_allowance',
    'alimony',
    'movable_immovable',
    'other'
);

--
-- Name: income_periodicity; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.income_periodicity AS ENUM (
    'monthly',
    'annual'
);

--
-- Name: invoice_line_kind; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.invoice_line_kind AS ENUM (
    'reduced',
    'base',
    'utility_provision'
);

--
-- Name: logbook_kind; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.logbook_kind AS ENUM (
    'observation',
    'visit',
    'safety_check',
    'correction'
);

--
-- Name: member_relation; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.member_relation AS ENUM (
    'head',
    'partner',
    'child',
    'other'
);

--
-- Name: member_sex; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.member_sex AS ENUM (
    'M',
    'F'
);

--
-- Name: patrimony_holding; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.patrimony_holding AS ENUM (
    'full_ownership',
    'usufruct'
);

--
-- Name: payment_method; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.payment_method AS ENUM (
    'transfer',
    'cash',
    'cpas_retention',
    'direct_debit'
);

--
-- Name: room_kind; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.room_kind AS ENUM (
    'living',
    'kitchen',
    'kitchen_living',
    'bedroom',
    'other'
);

--
-- Name: unit_kind; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.unit_kind AS ENUM (
    'house',
    'apartment',
    'studio',
    'room'
);

--
-- Name: unit_status; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.unit_status AS ENUM (
    'available',
    'unavailable',
    'withdrawn'
);

--
-- Name: user_role; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.user_role AS ENUM (
    'admin',
    'operator',
    'accountant',
    'social_worker',
    'auditor'
);

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: alerts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.alerts (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    kind text NOT NULL,
    object_type text NOT NULL,
    object_id bigint NOT NULL,
    due_on date NOT NULL,
    opens_on date NOT NULL,
    identity text NOT NULL,
    audience integer NOT NULL,
    label_fr text NOT NULL,
    todo_fr text NOT NULL,
    assignee_id bigint,
    state public.alert_state DEFAULT 'open'::public.alert_state NOT NULL,
    raised_on date NOT NULL,
    raised_at timestamp with time zone DEFAULT now() NOT NULL,
    acknowledged_by bigint,
    acknowledged_at timestamp with time zone,
    acknowledge_comment text,
    resolved_by bigint,
    resolved_at timestamp with time zone,
    resolve_comment text,
    doc text NOT NULL,
    CONSTRAINT alerts_acknowledge_comment_check CHECK ((length(acknowledge_comment) <= 2000)),
    CONSTRAINT alerts_acknowledge_comment_not_empty CHECK ((length(acknowledge_comment) >= 1)),
    CONSTRAINT alerts_audience_check CHECK (((audience >= 1) AND (audience <= 7))),
    CONSTRAINT alerts_check CHECK ((opens_on <= (due_on + 1))),
    CONSTRAINT alerts_check1 CHECK (((state = 'resolved'::public.alert_state) = (resolved_at IS NOT NULL))),
    CONSTRAINT alerts_check2 CHECK (((state = 'open'::public.alert_state) OR (acknowledged_at IS NOT NULL) OR (resolved_at IS NOT NULL))),
    CONSTRAINT alerts_kind_check CHECK ((kind ~ '^[a-z0-9_]{1,40}$'::text)),
    CONSTRAINT alerts_object_type_check CHECK ((object_type = ANY (ARRAY['convention'::text, 'invoice'::text, 'unit'::text, 'building'::text]))),
    CONSTRAINT alerts_resolve_comment_check CHECK ((length(resolve_comment) <= 2000)),
    CONSTRAINT alerts_resolve_comment_not_empty CHECK ((length(resolve_comment) >= 1))
);

--
-- Name: alert_doc(public.alerts); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.alert_doc(a public.alerts) RETURNS text
    LANGUAGE sql STABLE
    AS $$
	SELECT alert_doc(a.id, a.kind, a.label_fr, a.todo_fr, a.object_type, a.object_id,
		a.due_on, a.opens_on, a.identity, a.audience, a.assignee_id, a.state, a.raised_on,
		a.acknowledged_by, a.acknowledged_at, a.acknowledge_comment, a.resolved_by,
		a.resolved_at, a.resolve_comment)
$$;

--
-- Name: alert_doc(bigint, text, text, text, text, bigint, date, date, text, integer, bigint, public.alert_state, date, bigint, timestamp with time zone, text, bigint, timestamp with time zone, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.alert_doc(id bigint, kind text, label_fr text, todo_fr text, object_type text, object_id bigint, due_on date, opens_on date, identity text, audience integer, assignee_id bigint, state public.alert_state, raised_on date, acknowledged_by bigint, acknowledged_at timestamp with time zone, acknowledge_comment text, resolved_by bigint, resolved_at timestamp with time zone, resolve_comment text) RETURNS text
    LANGUAGE sql STABLE
    AS $$
	SELECT row_to_json(ROW(
		id, kind, label_fr, todo_fr,
		json_build_object('type', object_type, 'id', object_id,
			'href', '/api/v1/' || object_type || 's/' || object_id),
		due_on, opens_on, identity,
		array_remove(ARRAY[
			CASE WHEN audience & 1 <> 0 THEN 'social_worker' END,
			CASE WHEN audience & 2 <> 0 THEN 'accountant' END,
			CASE WHEN audience & 4 <> 0 THEN 'operator' END], NULL),
		assignee_id, state, raised_on,
		acknowledged_by, acknowledged_at, acknowledge_comment,
		resolved_by, resolved_at,
		resolved_at IS NOT NULL AND resolved_by IS NULL,
		resolve_comment)::alert_doc_fields)::text
$$;

--
-- Name: alerts_doc(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.alerts_doc() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
	NEW.doc := alert_doc(NEW.id, NEW.kind, NEW.label_fr, NEW.todo_fr, NEW.object_type,
		NEW.object_id, NEW.due_on, NEW.opens_on, NEW.identity, NEW.audience,
		NEW.assignee_id, NEW.state, NEW.raised_on, NEW.acknowledged_by,
		NEW.acknowledged_at, NEW.acknowledge_comment, NEW.resolved_by, NEW.resolved_at,
		NEW.resolve_comment);
	RETURN NEW;
END
$$;

--
-- Name: allocations_apply(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.allocations_apply() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
	paid bigint;
	allocated bigint;
	on_invoice bigint;
BEGIN
	UPDATE invoices SET paid_cents = paid_cents + NEW.amount_cents WHERE id = NEW.invoice_id;
	SELECT amount_cents INTO paid FROM payments WHERE id = NEW.payment_id;
	SELECT sum(amount_cents), sum(amount_cents) FILTER (WHERE invoice_id = NEW.invoice_id)
		INTO allocated, on_invoice FROM allocations WHERE payment_id = NEW.payment_id;
	IF (paid > 0 AND (allocated < 0 OR allocated > paid OR on_invoice < 0))
		OR (paid < 0 AND (NEW.amount_cents > 0 OR allocated < paid)) THEN
		RAISE EXCEPTION 'payment % would be allocated % of its % (% on invoice %)',
			NEW.payment_id, allocated, paid, on_invoice, NEW.invoice_id
			USING ERRCODE = 'check_violation', CONSTRAINT = 'allocations_within_payment';
	END IF;
	RETURN NULL;
END;
$$;

--
-- Name: audit_write(bigint, bigint, text, text, text, text, jsonb, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.audit_write(p_operator bigint, p_user bigint, p_request_id text, p_action text, p_entity text, p_entity_id text, p_before jsonb, p_after jsonb) RETURNS void
    LANGUAGE sql
    AS $$
	INSERT INTO audit_log (operator_id, user_id, request_id, action, entity, entity_id,
		before, after)
	VALUES (p_operator, p_user, p_request_id, p_action, p_entity, p_entity_id, p_before,
		p_after)
$$;

--
-- Name: billing_allocate(bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.billing_allocate(p_household bigint) RETURNS integer
    LANGUAGE plpgsql
    AS $$
DECLARE
	pay record;
	inv record;
	left_cents bigint;
	take bigint;
	n integer := 0;
BEGIN
	PERFORM 1 FROM households WHERE id = p_household FOR NO KEY UPDATE;
	IF NOT EXISTS (SELECT 1 FROM invoices i
			WHERE i.household_id = p_household AND i.paid_cents < i.total_cents) THEN
		RETURN 0;
	END IF;
	FOR pay IN SELECT b.payment_id, b.operator_id, b.unallocated_cents FROM payment_balances b
		WHERE b.household_id = p_household AND b.unallocated_cents > 0
		ORDER BY b.paid_on, b.payment_id
	LOOP
		left_cents := pay.unallocated_cents;
		FOR inv IN SELECT i.id, i.total_cents - i.paid_cents AS due FROM invoices i
			WHERE i.household_id = p_household AND i.paid_cents < i.total_cents
			ORDER BY i.month, i.id
		LOOP
			take := least(left_cents, inv.due);
			INSERT INTO allocations (operator_id, household_id, payment_id, invoice_id,
				amount_cents)
			VALUES (pay.operator_id, p_household, pay.payment_id, inv.id, take);
			n := n + 1;
			left_cents := left_cents - take;
			EXIT WHEN left_cents = 0;
		END LOOP;
		-- no open invoice is left for the next payments either
		EXIT WHEN left_cents > 0;
	END LOOP;
	RETURN n;
END;
$$;

--
-- Name: billing_reallocate(bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.billing_reallocate(p_household bigint) RETURNS integer
    LANGUAGE plpgsql
    AS $$
DECLARE
	inv record;
	al record;
	excess bigint;
	take bigint;
	n integer := 0;
BEGIN
	PERFORM 1 FROM households WHERE id = p_household FOR NO KEY UPDATE;
	FOR inv IN SELECT t.id, t.paid_cents - t.target AS excess FROM (
			SELECT i.id, i.month, i.paid_cents, greatest(0, least(i.total_cents,
				sum(i.paid_cents) OVER () - coalesce(sum(i.total_cents) OVER (
					ORDER BY i.month, i.id
					ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0))) AS target
			FROM invoices i WHERE i.household_id = p_household) t
		WHERE t.paid_cents > t.target
		ORDER BY t.month DESC, t.id DESC
	LOOP
		excess := inv.excess;
		FOR al IN SELECT a.operator_id, a.payment_id, sum(a.amount_cents) AS amount
			FROM allocations a JOIN payments p ON p.id = a.payment_id
			WHERE a.invoice_id = inv.id AND p.reverses_payment_id IS NULL
				AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reverses_payment_id = p.id)
			GROUP BY a.operator_id, a.payment_id, p.paid_on
			HAVING sum(a.amount_cents) > 0
			ORDER BY p.paid_on DESC, a.payment_id DESC
		LOOP
			take := least(excess, al.amount);
			INSERT INTO allocations (operator_id, household_id, payment_id, invoice_id,
				amount_cents)
			VALUES (al.operator_id, p_household, al.payment_id, inv.id, -take);
			n := n + 1;
			excess := excess - take;
			EXIT WHEN excess = 0;
		END LOOP;
	END LOOP;
	RETURN n + billing_allocate(p_household);
END;
$$;

--
-- Name: convention_communication(bigint, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.convention_communication(p_ogm_base bigint, p_convention bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE
    AS $$
	SELECT p_ogm_base + p_convention
$$;

--
-- Name: conventions_payment_day(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.conventions_payment_day() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
	IF NEW.payment_due_last_day IS NULL THEN
		NEW.payment_due_last_day :=
			parameter_in_force('payment_due_last_day', NEW.start_date, NEW.operator_id);
	END IF;
	RETURN NEW;
END
$$;

--
-- Name: invoice_days_late(date, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.invoice_days_late(p_due_on date, p_on date) RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$
	SELECT greatest(0, p_on - p_due_on)
$$;

--
-- Name: invoice_lines_add_up(bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.invoice_lines_add_up(p_invoice bigint) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
	SELECT invoices_lines_wrong(ARRAY[p_invoice]) IS NULL
$$;

--
-- Name: invoices_check_lines(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.invoices_check_lines() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
	bad bigint;
BEGIN
	IF TG_TABLE_NAME = 'invoices' THEN
		bad := invoices_lines_wrong(ARRAY(SELECT id FROM new_rows));
	ELSE
		bad := invoices_lines_wrong(ARRAY(SELECT DISTINCT invoice_id FROM new_rows));
	END IF;
	IF bad IS NOT NULL THEN
		RAISE EXCEPTION 'the lines of invoice % do not add up to its amounts', bad
			USING ERRCODE = 'check_violation', CONSTRAINT = 'invoices_lines_add_up';
	END IF;
	RETURN NULL;
END;
$$;

--
-- Name: invoices_guard(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.invoices_guard() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND pg_trigger_depth() >= 2
		AND (to_jsonb(NEW) - 'paid_cents') = (to_jsonb(OLD) - 'paid_cents') THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'invoices are kept as issued: % refused', TG_OP
		USING ERRCODE = 'insufficient_privilege';
END;
$$;

--
-- Name: invoices_lines_wrong(bigint[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.invoices_lines_wrong(ids bigint[]) RETURNS bigint
    LANGUAGE sql STABLE
    AS $$
	SELECT i.id FROM invoices i LEFT JOIN invoice_lines l ON l.invoice_id = i.id
	WHERE i.id = ANY (ids)
	GROUP BY i.id
	HAVING i.indemnity_cents <> coalesce(sum(l.amount_cents)
			FILTER (WHERE l.kind <> 'utility_provision'), 0)
		OR i.provision_cents <> coalesce(sum(l.amount_cents)
			FILTER (WHERE l.kind = 'utility_provision'), 0)
		OR NOT coalesce(bool_and(l.from_on >= i.month
			AND l.to_on < (i.month + interval '1 month')::date), true)
	LIMIT 1
$$;

--
-- Name: parameter_in_force(text, date, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.parameter_in_force(k text, on_date date, op bigint) RETURNS bigint
    LANGUAGE sql STABLE
    AS $$
	SELECT p.value_int FROM parameters p
	WHERE p.key = k AND p.valid_from <= on_date
		AND (p.operator_id = op OR p.operator_id IS NULL)
	ORDER BY p.operator_id IS NULL, p.valid_from DESC LIMIT 1
$$;

--
-- Name: payment_record(bigint, bigint, text, text, text, bigint, text, bigint, date, bigint, public.payment_method, text, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.payment_record(p_operator bigint, p_user bigint, p_request_id text, p_key text, p_hash text, p_household bigint, p_communication text, p_communication_number bigint, p_paid_on date, p_amount bigint, p_method public.payment_method, p_payer text, p_today date) RETURNS TABLE(outcome text, status integer, location text, doc text)
    LANGUAGE plpgsql
    AS $$
DECLARE
	k record;
	v_household bigint := p_household;
	v_named bigint[];
	v_id bigint;
	v_number integer;
	v_year integer := extract(year FROM p_today)::integer;
	v_location text;
	v_doc text;
BEGIN
	PERFORM set_config('synchronous_commit', 'off', true);
	-- A key is answered once: a concurrent duplicate waits here for the
	-- first one's commit, then finds its answer.
	PERFORM pg_advisory_xact_lock(hashtextextended(p_operator || ':' || p_key, 7));
	SELECT i.request_hash, i.status, coalesce(i.location, '') AS location, i.response
		INTO k FROM idempotency_keys i WHERE i.operator_id = p_operator AND i.key = p_key;
	IF FOUND THEN
		IF k.request_hash <> p_hash THEN
			RETURN QUERY SELECT 'key-reused', NULL::integer, NULL::text, NULL::text;
		ELSE
			RETURN QUERY SELECT 'replayed', k.status, k.location, k.response;
		END IF;
		RETURN;
	END IF;

	-- The households a structured communication names: the one of the
	-- invoice that carries it, and the one of the convention whose standing
	-- communication it is (convention_communication(), as the convention
	-- document prints it).
	IF p_communication IS NOT NULL THEN
		SELECT array_agg(h.household_id) INTO v_named FROM (
			SELECT i.household_id FROM invoices i
			WHERE i.operator_id = p_operator AND i.communication = p_communication
			UNION
			SELECT v.household_id FROM conventions v JOIN operators o ON o.id = v.operator_id
			WHERE v.operator_id = p_operator
				AND convention_communication(o.ogm_base, v.id) = p_communication_number) h;
		IF v_household IS NOT NULL THEN
			IF v_named IS NOT NULL AND NOT v_household = ANY (v_named) THEN
				RETURN QUERY SELECT 'communication-mismatch', NULL::integer, NULL::text,
					NULL::text;
				RETURN;
			END IF;
		ELSIF v_named IS NULL THEN
			RETURN QUERY SELECT 'communication-not-found', NULL::integer, NULL::text,
				NULL::text;
			RETURN;
		ELSIF cardinality(v_named) > 1 THEN
			RETURN QUERY SELECT 'communication-ambiguous', NULL::integer, NULL::text,
				NULL::text;
			RETURN;
		ELSE
			v_household := v_named[1];
		END IF;
	END IF;
	-- the household lock (api/api_internal.h), first
	PERFORM 1 FROM households h WHERE h.id = v_household AND h.operator_id = p_operator
		FOR NO KEY UPDATE;
	IF NOT FOUND THEN
		RETURN QUERY SELECT 'household-not-found', NULL::integer, NULL::text, NULL::text;
		RETURN;
	END IF;

	INSERT INTO payments (operator_id, household_id, paid_on, amount_cents, method, payer,
		communication, recorded_by, recorded_on)
	VALUES (p_operator, v_household, p_paid_on, p_amount, p_method, p_payer,
		p_communication, p_user, p_today)
	RETURNING id INTO v_id;
	-- the household's credit to its open invoices, oldest first
	PERFORM billing_allocate(v_household);

	-- The next receipt number of the operator's year: the counter row stays
	-- locked to the commit, so numbers follow the commits, and a rollback
	-- gives its number back with the counter's update. Only short inserts
	-- follow.
	INSERT INTO receipt_counters AS c (operator_id, year, last_number)
	VALUES (p_operator, v_year, 1)
	ON CONFLICT (operator_id, year) DO UPDATE SET last_number = c.last_number + 1
	RETURNING c.last_number INTO v_number;
	INSERT INTO receipts (operator_id, household_id, payment_id, amount_cents, year, number,
		issued_on, issued_by)
	VALUES (p_operator, v_household, v_id, p_amount, v_year, v_number, p_today, p_user);

	SELECT d.doc INTO v_doc FROM payment_docs d WHERE d.id = v_id;
	PERFORM audit_write(p_operator, p_user, p_request_id, 'payment.create', 'payment',
		v_id::text, NULL, v_doc::jsonb);
	v_location := '/api/v1/payments/' || v_id;
	INSERT INTO idempotency_keys (operator_id, key, request_hash, status, location, response,
		user_id)
	VALUES (p_operator, p_key, p_hash, 201, v_location, v_doc, p_user);
	RETURN QUERY SELECT 'created', 201, v_location, v_doc;
END
$$;

--
-- Name: payments_have_receipt(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.payments_have_receipt() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
	IF NEW.amount_cents > 0 AND NOT EXISTS (SELECT 1 FROM receipts r
		WHERE r.payment_id = NEW.id) THEN
		RAISE EXCEPTION 'payment % has no receipt', NEW.id
			USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_have_receipt';
	END IF;
	RETURN NULL;
END;
$$;

--
-- Name: receipt_number(integer, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.receipt_number(p_year integer, p_number integer) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
	SELECT 'R-' || lpad(p_year::text, 4, '0') || '-' || lpad(p_number::text, 6, '0')
$$;

--
-- Name: refuse_change(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
	RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
		USING ERRCODE = 'insufficient_privilege';
END;
$$;

--
-- Name: search_fold(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.search_fold(p text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
	SELECT lower(public.unaccent('public.unaccent'::regdictionary, p))
$$;

--
-- Name: units_keep_signed_indemnity(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.units_keep_signed_indemnity() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
	conv record;
BEGIN
	SELECT v.id, v.base_indemnity_cents INTO conv FROM conventions v
	WHERE v.unit_id = NEW.id
		AND v.state IN ('signed', 'active', 'renewed', 'notice_given', 'overstay')
		AND v.base_indemnity_cents <> NEW.base_indemnity_cents
	ORDER BY v.start_date, v.id LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'unit %: convention % binds it with a base indemnity of % cents',
			NEW.id, conv.id, conv.base_indemnity_cents
			USING ERRCODE = 'check_violation', CONSTRAINT = 'units_keep_signed_indemnity';
	END IF;
	RETURN NEW;
END;
$$;

--
-- Name: users_changed(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.users_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
	PERFORM pg_notify('transitd_auth', '');
	RETURN NULL;
END
$$;

--
-- Name: accompaniment_logs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.accompaniment_logs (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    convention_id bigint NOT NULL,
    occurred_on date NOT NULL,
    kind public.accompaniment_log_kind NOT NULL,
    summary text NOT NULL,
    worker_user_id bigint NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT accompaniment_logs_summary_check CHECK (((length(summary) >= 1) AND (length(summary) <= 4000)))
);

--
-- Name: accompaniment_log_docs; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.accompaniment_log_docs AS
 SELECT l.id,
    l.operator_id,
    l.convention_id,
    (json_build_object('id', l.id, 'convention_id', l.convention_id, 'occurred_on', l.occurred_on, 'kind', l.kind, 'summary', l.summary, 'worker_user_id', l.worker_user_id, 'created_at', l.created_at))::text AS doc
   FROM public.accompaniment_logs l;

--
-- Name: accompaniment_logs_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.accompaniment_logs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: accompaniment_logs_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.accompaniment_logs_id_seq OWNED BY public.accompaniment_logs.id;

--
-- Name: accompaniment_plan_persons; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.accompaniment_plan_persons (
    convention_id bigint NOT NULL,
    operator_id bigint NOT NULL,
    household_id bigint NOT NULL,
    member_id bigint NOT NULL
);

--
-- Name: accompaniment_plans; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.accompaniment_plans (
    id bigint NOT NULL,
    convention_id bigint NOT NULL,
    operator_id bigint NOT NULL,
    household_id bigint NOT NULL,
    worker_user_id bigint NOT NULL,
    objectives text[] NOT NULL,
    initiatives text[] NOT NULL,
    indicators text[] NOT NULL,
    rental_guarantee_target_cents bigint DEFAULT 0 NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT accompaniment_plans_indicators_check CHECK (((cardinality(indicators) >= 1) AND (cardinality(indicators) <= 20))),
    CONSTRAINT accompaniment_plans_initiatives_check CHECK (((cardinality(initiatives) >= 1) AND (cardinality(initiatives) <= 20))),
    CONSTRAINT accompaniment_plans_objectives_check CHECK (((cardinality(objectives) >= 1) AND (cardinality(objectives) <= 20))),
    CONSTRAINT accompaniment_plans_rental_guarantee_target_cents_check CHECK (((rental_guarantee_target_cents >= 0) AND (rental_guarantee_target_cents <= 100000000))),
    CONSTRAINT accompaniment_plans_version_check CHECK ((version >= 1))
);

--
-- Name: accompaniment_plan_docs; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.accompaniment_plan_docs AS
 SELECT a.id,
    a.operator_id,
    a.convention_id,
    (json_build_object('id', a.id, 'convention_id', a.convention_id, 'worker_user_id', a.worker_user_id, 'persons', COALESCE(( SELECT json_agg(p.member_id ORDER BY p.member_id) AS json_agg
           FROM public.accompaniment_plan_persons p
          WHERE (p.convention_id = a.convention_id)), '[]'::json), 'objectives', a.objectives, 'initiatives', a.initiatives, 'indicators', a.indicators, 'rental_guarantee_target_cents', a.rental_guarantee_target_cents, 'version', a.version, 'created_at', a.created_at, 'updated_at', a.updated_at))::text AS doc
   FROM public.accompaniment_plans a;

--
-- Name: accompaniment_plans_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.accompaniment_plans_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: accompaniment_plans_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.accompaniment_plans_id_seq OWNED BY public.accompaniment_plans.id;

--
-- Name: admission_checks; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.admission_checks (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    household_id bigint NOT NULL,
    unit_id bigint NOT NULL,
    start_date date NOT NULL,
    check_date date NOT NULL,
    ground_asked public.admission_ground_asked NOT NULL,
    admissible boolean NOT NULL,
    ground text,
    unit_fits boolean NOT NULL,
    indemnity_basis text NOT NULL,
    indemnity_basis_cents bigint NOT NULL,
    decision jsonb NOT NULL,
    overcrowding jsonb NOT NULL,
    household jsonb NOT NULL,
    incomes jsonb NOT NULL,
    parameters jsonb NOT NULL,
    created_by bigint,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT admission_checks_check CHECK ((check_date <= start_date)),
    CONSTRAINT admission_checks_check1 CHECK ((admissible = (ground IS NOT NULL))),
    CONSTRAINT admission_checks_check2 CHECK (((NOT admissible) OR unit_fits)),
    CONSTRAINT admission_checks_ground_check CHECK ((ground = ANY (ARRAY['P-a'::text, 'P-b'::text, 'P-c'::text, 'F'::text]))),
    CONSTRAINT admission_checks_indemnity_basis_cents_check CHECK ((indemnity_basis_cents >= 0)),
    CONSTRAINT admission_checks_indemnity_basis_check CHECK ((indemnity_basis = ANY (ARRAY['monthly_revenues'::text, 'monthly_resources'::text])))
);

--
-- Name: admission_check_docs; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.admission_check_docs AS
 SELECT a.id,
    a.operator_id,
    (json_build_object('id', a.id, 'household_id', a.household_id, 'unit_id', a.unit_id, 'start_date', a.start_date, 'check_date', a.check_date, 'ground_asked', a.ground_asked, 'admissible', a.admissible, 'ground', a.ground, 'unit_fits', a.unit_fits, 'indemnity_basis', a.indemnity_basis, 'indemnity_basis_cents', a.indemnity_basis_cents, 'decision', a.decision, 'overcrowding', a.overcrowding, 'household', a.household, 'incomes', a.incomes, 'parameters', a.parameters, 'created_by', a.created_by, 'created_at', a.created_at))::text AS doc
   FROM public.admission_checks a;

--
-- Name: admission_check_summary_docs; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.admission_check_summary_docs AS
 SELECT a.id,
    a.operator_id,
    a.household_id,
    (json_build_object('id', a.id, 'household_id', a.household_id, 'unit_id', a.unit_id, 'start_date', a.start_date, 'check_date', a.check_date, 'ground_asked', a.ground_asked, 'admissible', a.admissible, 'ground', a.ground, 'unit_fits', a.unit_fits, 'indemnity_basis', a.indemnity_basis, 'indemnity_basis_cents', a.indemnity_basis_cents, 'reasons', COALESCE(( SELECT jsonb_agg((r.value -> 'code'::text)) AS jsonb_agg
           FROM jsonb_array_elements((a.decision -> 'reasons'::text)) r(value)), '[]'::jsonb), 'created_at', a.created_at))::text AS doc
   FROM public.admission_checks a;

--
-- Name: admission_checks_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.admission_checks_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: admission_checks_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.admission_checks_id_seq OWNED BY public.admission_checks.id;

--
-- Name: alert_docs; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.alert_docs AS
 SELECT a.id,
    a.operator_id,
    a.audience,
    a.state,
    a.kind,
    a.assignee_id,
    a.due_on,
    a.doc
   FROM public.alerts a;

--
-- Name: alerts_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.alerts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: alerts_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.alerts_id_seq OWNED BY public.alerts.id;

--
-- Name: allocations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.allocations (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    household_id bigint NOT NULL,
    payment_id bigint NOT NULL,
    invoice_id bigint NOT NULL,
    amount_cents bigint NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT allocations_amount_cents_check CHECK ((amount_cents <> 0))
);

--
-- Name: allocations_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.allocations_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: allocations_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.allocations_id_seq OWNED BY public.allocations.id;

--
-- Name: audit_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_log (
    id bigint NOT NULL,
    at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    operator_id bigint,
    user_id bigint,
    request_id text,
    action text NOT NULL,
    entity text NOT NULL,
    entity_id text,
    before jsonb,
    after jsonb,
    CONSTRAINT audit_log_action_check CHECK (((length(action) >= 1) AND (length(action) <= 64))),
    CONSTRAINT audit_log_entity_check CHECK (((length(entity) >= 1) AND (length(entity) <= 64)))
);

--
-- Name: audit_log_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.audit_log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: audit_log_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.audit_log_id_seq OWNED BY public.audit_log.id;

--
-- Name: billing_runs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.billing_runs (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    month date NOT NULL,
    requested_by bigint,
    run_on date NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    finished_at timestamp with time zone,
    conventions integer DEFAULT 0 NOT NULL,
    created integer DEFAULT 0 NOT NULL,
    skipped integer DEFAULT 0 NOT NULL,
    CONSTRAINT billing_runs_check CHECK (((created + skipped) <= conventions)),
    CONSTRAINT billing_runs_conventions_check CHECK ((conventions >= 0)),
    CONSTRAINT billing_runs_created_check CHECK ((created >= 0)),
    CONSTRAINT billing_runs_month_check CHECK ((month = (date_trunc('month'::text, (month)::timestamp with time zone))::date)),
    CONSTRAINT billing_runs_skipped_check CHECK ((skipped >= 0))
);

--
-- Name: billing_run_docs; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.billing_run_docs AS
 SELECT b.id,
    b.operator_id,
    (json_build_object('id', b.id, 'month', to_char((b.month)::timestamp with time zone, 'YYYY-MM'::text), 'run_on', b.run_on, 'requested_by', b.requested_by, 'conventions', b.conventions, 'created', b.created, 'skipped', b.skipped, 'complete', (b.finished_at IS NOT NULL), 'started_at', b.started_at, 'finished_at', b.finished_at))::text AS doc
   FROM public.billing_runs b;

--
-- Name: billing_runs_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.billing_runs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: billing_runs_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.billing_runs_id_seq OWNED BY public.billing_runs.id;

--
-- Name: buildings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.buildings (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    name text NOT NULL,
    street text NOT NULL,
    house_number text NOT NULL,
    postal_code text NOT NULL,
    commune text NOT NULL,
    has_common_parts boolean NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT buildings_commune_check CHECK (((length(commune) >= 1) AND (length(commune) <= 100))),
    CONSTRAINT buildings_house_number_check CHECK (((length(house_number) >= 1) AND (length(house_number) <= 20))),
    CONSTRAINT buildings_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
    CONSTRAINT buildings_postal_code_check CHECK ((postal_code ~ '^[1-9][0-9]{3}$'::text)),
    CONSTRAINT buildings_street_check CHECK (((length(street) >= 1) AND (length(street) <= 200))),
    CONSTRAINT buildings_version_check CHECK ((version >= 1))
);

--
-- Name: building_docs; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.building_docs AS
 SELECT b.id,
    b.operator_id,
    (json_build_object('id', b.id, 'name', b.name, 'street', b.street, 'house_number', b.house_number, 'postal_code', b.postal_code, 'commune', b.commune, 'has_common_parts', b.has_common_parts, 'version', b.version, 'created_at', b.created_at, 'updated_at', b.updated_at))::text AS doc
   FROM public.buildings b;

--
-- Name: buildings_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.buildings_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: buildings_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.buildings_id_seq OWNED BY public.buildings.id;

--
-- Name: calendar_tokens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.calendar_tokens (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    token_hash text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT calendar_tokens_token_hash_check CHECK ((token_hash ~ '^[0-9a-f]{64}$'::text))
);

--
-- Name: calendar_tokens_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.calendar_tokens_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: calendar_tokens_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.calendar_tokens_id_seq OWNED BY public.calendar_tokens.id;

--
-- Name: convention_notice_letters; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.convention_notice_letters (
    notice_id bigint NOT NULL,
    convention_id bigint NOT NULL,
    member_id bigint NOT NULL,
    posted_on date NOT NULL,
    notified_on date NOT NULL,
    CONSTRAINT convention_notice_letters_check CHECK ((posted_on < notified_on))
);

--
-- Name: convention_notices; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.convention_notices (
    id bigint NOT NULL,
    convention_id bigint NOT NULL,
    period integer NOT NULL,
    posted_on date NOT NULL,
    notified_on date NOT NULL,
    run_from date NOT NULL,
    run_to date NOT NULL,
    end_date date NOT NULL,
    recorded_on date NOT NULL,
    created_by bigint,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT convention_notices_check CHECK (((posted_on < notified_on) AND (notified_on < run_from) AND (run_from <= run_to) AND (run_to <= end_date))),
    CONSTRAINT convention_notices_period_check CHECK (((period >= 1) AND (period <= 8)))
);

--
-- Name: convention_periods; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.convention_periods (
    convention_id bigint NOT NULL,
    number integer NOT NULL,
    start_on date NOT NULL,
    end_on date NOT NULL,
    latest_notification date NOT NULL,
    posting_deadline date NOT NULL,
    CONSTRAINT convention_periods_check CHECK ((start_on <= end_on)),
    CONSTRAINT convention_periods_check1 CHECK (((posting_deadline <= latest_notification) AND (latest_notification < end_on))),
    CONSTRAINT convention_periods_number_check CHECK (((number >= 1) AND (number <= 8)))
);

--
-- Name: convention_renewals; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.convention_renewals (
    convention_id bigint NOT NULL,
    period integer NOT NULL,
    operator_id bigint NOT NULL,
    admission_check_id bigint NOT NULL,
    decided_on date NOT NULL,
    created_by bigint,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT convention_renewals_period_check CHECK (((period >= 2) AND (period <= 8)))
);

--
-- Name: convention_signatories; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.convention_signatories (
    convention_id bigint NOT NULL,
    operator_id bigint NOT NULL,
    household_id bigint NOT NULL,
    member_id bigint NOT NULL
);

--
-- Name: conventions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.conventions (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    unit_id bigint NOT NULL,
    household_id bigint NOT NULL,
    admission_check_id bigint NOT NULL,
    state public.convention_state DEFAULT 'draft'::public.convention_state NOT NULL,
    start_date date NOT NULL,
    periods integer DEFAULT 1 NOT NULL,
    max_periods integer NOT NULL,
    period_months integer NOT NULL,
    notice_months integer NOT NULL,
    lead_working_days integer NOT NULL,
    final_end date NOT NULL,
    renewal_deadline date,
    occupancy daterange NOT NULL,
    base_indemnity_cents bigint NOT NULL,
    basis text NOT NULL,
    basis_cents bigint NOT NULL,
    cap_applies boolean NOT NULL,
    cap_percent integer NOT NULL,
    cap_cents bigint NOT NULL,
    reduced_indemnity_cents bigint NOT NULL,
    signed_on date,
    activated_on date,
    overstay_on date,
    cancelled_on date,
    departure_on date,
    exit_reason public.exit_reason,
    destination_type public.destination_type,
    destination_commune text,
    rental_guarantee_cents bigint,
    adel_pointed_out boolean,
    version integer DEFAULT 1 NOT NULL,
    created_by bigint,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    payment_due_last_day integer NOT NULL,
    CONSTRAINT conventions_base_indemnity_cents_check CHECK ((base_indemnity_cents >= 0)),
    CONSTRAINT conventions_basis_check CHECK ((basis = ANY (ARRAY['monthly_revenues'::text, 'monthly_resources'::text]))),
    CONSTRAINT conventions_cap_cents_check CHECK ((cap_cents >= 0)),
    CONSTRAINT conventions_cap_percent_check CHECK (((cap_percent >= 0) AND (cap_percent <= 100))),
    CONSTRAINT conventions_check CHECK (((periods >= 1) AND (periods <= max_periods))),
    CONSTRAINT conventions_check1 CHECK ((final_end >= start_date)),
    CONSTRAINT conventions_check10 CHECK ((reduced_indemnity_cents <= base_indemnity_cents)),
    CONSTRAINT conventions_check11 CHECK (((NOT cap_applies) OR (reduced_indemnity_cents <= cap_cents))),
    CONSTRAINT conventions_check2 CHECK (((lower(occupancy) = start_date) AND (NOT lower_inf(occupancy)))),
    CONSTRAINT conventions_check3 CHECK (((state = 'overstay'::public.convention_state) = upper_inf(occupancy))),
    CONSTRAINT conventions_check4 CHECK ((signed_on <= start_date)),
    CONSTRAINT conventions_check5 CHECK ((((state = 'draft'::public.convention_state) = (signed_on IS NULL)) OR (state = 'cancelled'::public.convention_state))),
    CONSTRAINT conventions_check6 CHECK (((state <> ALL (ARRAY['active'::public.convention_state, 'renewed'::public.convention_state, 'notice_given'::public.convention_state, 'ended'::public.convention_state, 'overstay'::public.convention_state])) OR (activated_on >= start_date))),
    CONSTRAINT conventions_check7 CHECK (((state <> 'renewed'::public.convention_state) OR (periods > 1))),
    CONSTRAINT conventions_check8 CHECK (((state = 'ended'::public.convention_state) = (departure_on IS NOT NULL))),
    CONSTRAINT conventions_check9 CHECK (((departure_on IS NULL) OR ((departure_on >= start_date) AND (exit_reason IS NOT NULL) AND (destination_type IS NOT NULL) AND (rental_guarantee_cents IS NOT NULL) AND (adel_pointed_out IS NOT NULL)))),
    CONSTRAINT conventions_destination_commune_check CHECK (((length(destination_commune) >= 1) AND (length(destination_commune) <= 100))),
    CONSTRAINT conventions_lead_working_days_check CHECK (((lead_working_days >= 1) AND (lead_working_days <= 30))),
    CONSTRAINT conventions_max_periods_check CHECK (((max_periods >= 1) AND (max_periods <= 8))),
    CONSTRAINT conventions_notice_months_check CHECK (((notice_months >= 1) AND (notice_months <= 24))),
    CONSTRAINT conventions_payment_due_last_day_check CHECK (((payment_due_last_day >= 1) AND (payment_due_last_day <= 28))),
    CONSTRAINT conventions_period_months_check CHECK (((period_months >= 1) AND (period_months <= 60))),
    CONSTRAINT conventions_reduced_indemnity_cents_check CHECK ((reduced_indemnity_cents >= 0)),
    CONSTRAINT conventions_rental_guarantee_cents_check CHECK (((rental_guarantee_cents >= 0) AND (rental_guarantee_cents <= 100000000))),
    CONSTRAINT conventions_version_check CHECK ((version >= 1))
);

--
-- Name: convention_docs; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.convention_docs AS
 SELECT v.id,
    v.operator_id,
    v.unit_id,
    v.household_id,
    v.state,
    (json_build_object('id', v.id, 'unit_id', v.unit_id, 'household_id', v.household_id, 'admission_check_id', v.admission_check_id, 'state', v.state, 'start_date', v.start_date, 'periods', v.periods, 'max_periods', v.max_periods, 'period_months', v.period_months, 'notice_months', v.notice_months, 'registered_mail_lead_working_days', v.lead_working_days, 'calendar', ( SELECT json_agg(json_build_object('number', p.number, 'start', p.start_on, 'end', p.end_on, 'latest_notification', p.latest_notification, 'posting_deadline', p.posting_deadline, 'granted', (p.number <= v.periods)) ORDER BY p.number) AS json_agg
           FROM public.convention_periods p
          WHERE (p.convention_id = v.id)), 'final_end', v.final_end, 'renewal_decision_deadline', v.renewal_deadline, 'occupancy', json_build_object('from', lower(v.occupancy), 'to',
        CASE
            WHEN upper_inf(v.occupancy) THEN NULL::date
            ELSE (upper(v.occupancy) - 1)
        END), 'indemnity', json_build_object('base_cents', v.base_indemnity_cents, 'basis', v.basis, 'basis_cents', v.basis_cents, 'cap_applies', v.cap_applies, 'cap_percent', v.cap_percent, 'cap_cents', v.cap_cents, 'reduced_cents', v.reduced_indemnity_cents), 'signed_on', v.signed_on, 'signatories', COALESCE(( SELECT json_agg(s.member_id ORDER BY s.member_id) AS json_agg
           FROM public.convention_signatories s
          WHERE (s.convention_id = v.id)), '[]'::json), 'activated_on', v.activated_on, 'renewals', COALESCE(( SELECT json_agg(json_build_object('period', r.period, 'admission_check_id', r.admission_check_id, 'decided_on', r.decided_on) ORDER BY r.period) AS json_agg
           FROM public.convention_renewals r
          WHERE (r.convention_id = v.id)), '[]'::json), 'notice', ( SELECT json_build_object('period', n.period, 'posted_on', n.posted_on, 'notified_on', n.notified_on, 'run_from', n.run_from, 'run_to', n.run_to, 'end_date', n.end_date, 'recorded_on', n.recorded_on, 'letters', ( SELECT json_agg(json_build_object('member_id', l.member_id, 'posted_on', l.posted_on, 'notified_on', l.notified_on) ORDER BY l.member_id) AS json_agg
                   FROM public.convention_notice_letters l
                  WHERE (l.notice_id = n.id))) AS json_build_object
           FROM public.convention_notices n
          WHERE (n.convention_id = v.id)), 'overstay_on', v.overstay_on, 'cancelled_on', v.cancelled_on, 'exit',
        CASE
            WHEN (v.departure_on IS NULL) THEN NULL::json
            ELSE json_build_object('departure_on', v.departure_on, 'reason', v.exit_reason, 'destination_type', v.destination_type, 'destination_commune', v.destination_commune, 'rental_guarantee_cents', v.rental_guarantee_cents, 'adel', v.adel_pointed_out)
        END, 'version', v.version, 'created_at', v.created_at, 'updated_at', v.updated_at))::text AS doc
   FROM public.conventions v;

--
-- Name: convention_notices_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.convention_notices_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: convention_notices_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.convention_notices_id_seq OWNED BY public.convention_notices.id;

--
-- Name: conventions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.conventions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: conventions_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.conventions_id_seq OWNED BY public.conventions.id;

--
-- Name: debt_mediations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.debt_mediations (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    household_id bigint NOT NULL,
    service_name text NOT NULL,
    approval_reference text,
    monthly_charges_cents bigint NOT NULL,
    started_on date,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT debt_mediations_approval_reference_check CHECK (((length(approval_reference) >= 1) AND (length(approval_reference) <= 100))),
    CONSTRAINT debt_mediations_monthly_charges_cents_check CHECK (((monthly_charges_cents >= 0) AND (monthly_charges_cents <= '10000000000'::bigint))),
    CONSTRAINT debt_mediations_service_name_check CHECK (((length(service_name) >= 1) AND (length(service_name) <= 200))),
    CONSTRAINT debt_mediations_version_check CHECK ((version >= 1))
);

--
-- Name: debt_mediation_docs; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.debt_mediation_docs AS
 SELECT r.id,
    r.operator_id,
    (json_build_object('id', r.id, 'household_id', r.household_id, 'service_name', r.service_name, 'approval_reference', r.approval_reference, 'monthly_charges_cents', r.monthly_charges_cents, 'started_on', r.started_on, 'version', r.version, 'created_at', r.created_at, 'updated_at', r.updated_at))::text AS doc
   FROM public.debt_mediations r;

--
-- Name: debt_mediations_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.debt_mediations_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: debt_mediations_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.debt_mediations_id_seq OWNED BY public.debt_mediations.id;

--
-- Name: digest_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.digest_log (
    user_id bigint NOT NULL,
    day date NOT NULL,
    alerts integer NOT NULL,
    sent_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: force_majeure_records; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.force_majeure_records (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    household_id bigint NOT NULL,
    category public.force_majeure_category NOT NULL,
    event_date date,
    justification text NOT NULL,
    proof_references text[] NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT force_majeure_records_justification_check CHECK (((length(justification) >= 1) AND (length(justification) <= 4000))),
    CONSTRAINT force_majeure_records_proof_references_check CHECK ((((cardinality(proof_references) >= 1) AND (cardinality(proof_references) <= 20)) AND (array_position(proof_references, NULL::text) IS NULL) AND (''::text <> ALL (proof_references)))),
    CONSTRAINT force_majeure_records_version_check CHECK ((version >= 1))
);

--
-- Name: force_majeure_docs; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.force_majeure_docs AS
 SELECT r.id,
    r.operator_id,
    (json_build_object('id', r.id, 'household_id', r.household_id, 'category', r.category, 'event_date', r.event_date, 'justification', r.justification, 'proof_references', r.proof_references, 'version', r.version, 'created_at', r.created_at, 'updated_at', r.updated_at))::text AS doc
   FROM public.force_majeure_records r;

--
-- Name: force_majeure_records_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.force_majeure_records_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: force_majeure_records_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.force_majeure_records_id_seq OWNED BY public.force_majeure_records.id;

--
-- Name: guarantee_savings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.guarantee_savings (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    convention_id bigint NOT NULL,
    saved_on date NOT NULL,
    amount_cents bigint NOT NULL,
    note text,
    created_by bigint,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT guarantee_savings_amount_cents_check CHECK (((amount_cents <> 0) AND ((amount_cents >= '-100000000'::integer) AND (amount_cents <= 100000000)))),
    CONSTRAINT guarantee_savings_note_check CHECK (((length(note) >= 1) AND (length(note) <= 500)))
);

--
-- Name: guarantee_saving_docs; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.guarantee_saving_docs AS
 SELECT g.id,
    g.operator_id,
    g.convention_id,
    (json_build_object('id', g.id, 'convention_id', g.convention_id, 'saved_on', g.saved_on, 'amount_cents', g.amount_cents, 'note', g.note, 'created_by', g.created_by, 'created_at', g.created_at))::text AS doc
   FROM public.guarantee_savings g;

--
-- Name: guarantee_savings_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.guarantee_savings_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: guarantee_savings_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.guarantee_savings_id_seq OWNED BY public.guarantee_savings.id;

--
-- Name: households; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.households (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    reference text NOT NULL,
    contact_phone text,
    contact_email text,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    search_reference text GENERATED ALWAYS AS (public.search_fold(reference)) STORED,
    CONSTRAINT households_contact_email_check CHECK ((((length(contact_email) >= 3) AND (length(contact_email) <= 254)) AND (contact_email ~ '^[^@\s]+@[^@\s]+$'::text))),
    CONSTRAINT households_contact_phone_check CHECK ((contact_phone ~ '^\+?[0-9][0-9 ./-]{5,29}$'::text)),
    CONSTRAINT households_reference_check CHECK (((length(reference) >= 1) AND (length(reference) <= 64))),
    CONSTRAINT households_version_check CHECK ((version >= 1))
);

--
-- Name: income_degradations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.income_degradations (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    household_id bigint NOT NULL,
    reason public.degradation_reason NOT NULL,
    since date,
    six_month_taxable_cents bigint NOT NULL,
    evidence_reference text,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT income_degradations_evidence_reference_check CHECK (((length(evidence_reference) >= 1) AND (length(evidence_reference) <= 200))),
    CONSTRAINT income_degradations_six_month_taxable_cents_check CHECK (((six_month_taxable_cents >= 0) AND (six_month_taxable_cents <= '10000000000'::bigint))),
    CONSTRAINT income_degradations_version_check CHECK ((version >= 1))
);

--
-- Name: income_degradation_docs; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.income_degradation_docs AS
 SELECT r.id,
    r.operator_id,
    (json_build_object('id', r.id, 'household_id', r.household_id, 'reason', r.reason, 'since', r.since, 'six_month_taxable_cents', r.six_month_taxable_cents, 'evidence_reference', r.evidence_reference, 'version', r.version, 'created_at', r.created_at, 'updated_at', r.updated_at))::text AS doc
   FROM public.income_degradations r;

--
-- Name: incomes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.incomes (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    household_id bigint NOT NULL,
    member_id bigint NOT NULL,
    kind public.income_kind NOT NULL,
    basis public.income_basis NOT NULL,
    taxable boolean NOT NULL,
    amount_cents bigint NOT NULL,
    periodicity public.income_periodicity NOT NULL,
    income_year integer,
    evidence_reference text,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT incomes_amount_cents_check CHECK (((amount_cents >= 0) AND (amount_cents <= '10000000000'::bigint))),
    CONSTRAINT incomes_assessed_complete CHECK (((basis <> 'assessed'::public.income_basis) OR (taxable AND (income_year IS NOT NULL) AND (evidence_reference IS NOT NULL)))),
    CONSTRAINT incomes_evidence_reference_check CHECK (((length(evidence_reference) >= 1) AND (length(evidence_reference) <= 200))),
    CONSTRAINT incomes_exempt_kinds CHECK (((NOT taxable) OR (kind <> ALL (ARRAY['ris'::public.income_kind, 'grapa'::public.income_kind, 'disability_allowance'::public.income_kind, 'family_allowance'::public.income_kind])))),
    CONSTRAINT incomes_income_year_check CHECK (((income_year >= 1990) AND (income_year <= 2100))),
    CONSTRAINT incomes_version_check CHECK ((version >= 1))
);

--
-- Name: income_docs; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.income_docs AS
 SELECT i.id,
    i.operator_id,
    (json_build_object('id', i.id, 'household_id', i.household_id, 'member_id', i.member_id, 'kind', i.kind, 'basis', i.basis, 'taxable', i.taxable, 'amount_cents', i.amount_cents, 'periodicity', i.periodicity, 'income_year', i.income_year, 'evidence_reference', i.evidence_reference, 'version', i.version, 'created_at', i.created_at, 'updated_at', i.updated_at))::text AS doc
   FROM public.incomes i;

--
-- Name: members; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.members (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    household_id bigint NOT NULL,
    first_name text NOT NULL,
    last_name text NOT NULL,
    birth_date date NOT NULL,
    sex public.member_sex NOT NULL,
    relation public.member_relation NOT NULL,
    dependent_child boolean DEFAULT false NOT NULL,
    emancipated boolean DEFAULT false NOT NULL,
    national_register_number text,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    search_name text GENERATED ALWAYS AS (public.search_fold(((first_name || ' '::text) || last_name))) STORED,
    CONSTRAINT members_birth_date_check CHECK ((birth_date >= '1900-01-01'::date)),
    CONSTRAINT members_first_name_check CHECK (((length(first_name) >= 1) AND (length(first_name) <= 100))),
    CONSTRAINT members_head_partner_not_dependent CHECK ((NOT (dependent_child AND (relation = ANY (ARRAY['head'::public.member_relation, 'partner'::public.member_relation]))))),
    CONSTRAINT members_last_name_check CHECK (((length(last_name) >= 1) AND (length(last_name) <= 100))),
    CONSTRAINT members_national_register_number_check CHECK ((national_register_number ~ '^[0-9]{11}$'::text)),
    CONSTRAINT members_version_check CHECK ((version >= 1))
);

--
-- Name: member_docs; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.member_docs AS
 SELECT m.id,
    m.operator_id,
    (json_build_object('id', m.id, 'household_id', m.household_id, 'first_name', m.first_name, 'last_name', m.last_name, 'birth_date', m.birth_date, 'sex', m.sex, 'relation', m.relation, 'dependent_child', m.dependent_child, 'emancipated', m.emancipated, 'national_register_number', m.national_register_number, 'incomes', COALESCE(( SELECT json_agg((d.doc)::json ORDER BY d.id) AS json_agg
           FROM (public.income_docs d
             JOIN public.incomes i ON ((i.id = d.id)))
          WHERE (i.member_id = m.id)), '[]'::json), 'version', m.version, 'created_at', m.created_at, 'updated_at', m.updated_at))::text AS doc
   FROM public.members m;

--
-- Name: patrimony_records; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.patrimony_records (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    household_id bigint NOT NULL,
    member_id bigint,
    holding public.patrimony_holding NOT NULL,
    dwelling text NOT NULL,
    attestation_reference text,
    attestation_date date,
    attestation_issuer public.attestation_issuer,
    attestation_finding public.attestation_finding,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT patrimony_attestation_complete CHECK ((((attestation_reference IS NULL) = (attestation_date IS NULL)) AND ((attestation_reference IS NULL) = (attestation_issuer IS NULL)) AND ((attestation_reference IS NULL) = (attestation_finding IS NULL)))),
    CONSTRAINT patrimony_records_attestation_reference_check CHECK (((length(attestation_reference) >= 1) AND (length(attestation_reference) <= 100))),
    CONSTRAINT patrimony_records_dwelling_check CHECK (((length(dwelling) >= 1) AND (length(dwelling) <= 300))),
    CONSTRAINT patrimony_records_version_check CHECK ((version >= 1))
);

--
-- Name: patrimony_docs; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.patrimony_docs AS
 SELECT r.id,
    r.operator_id,
    (json_build_object('id', r.id, 'household_id', r.household_id, 'member_id', r.member_id, 'holding', r.holding, 'dwelling', r.dwelling, 'attestation',
        CASE
            WHEN (r.attestation_reference IS NULL) THEN NULL::json
            ELSE json_build_object('reference', r.attestation_reference, 'date', r.attestation_date, 'issuer', r.attestation_issuer, 'finding', r.attestation_finding)
        END, 'version', r.version, 'created_at', r.created_at, 'updated_at', r.updated_at))::text AS doc
   FROM public.patrimony_records r;

--
-- Name: household_docs; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.household_docs AS
 SELECT h.id,
    h.operator_id,
    (json_build_object('id', h.id, 'reference', h.reference, 'contact_phone', h.contact_phone, 'contact_email', h.contact_email, 'members', COALESCE(( SELECT json_agg((d.doc)::json ORDER BY d.id) AS json_agg
           FROM (public.member_docs d
             JOIN public.members m ON ((m.id = d.id)))
          WHERE (m.household_id = h.id)), '[]'::json), 'debt_mediation', ( SELECT (d.doc)::json AS doc
           FROM (public.debt_mediation_docs d
             JOIN public.debt_mediations r ON ((r.id = d.id)))
          WHERE (r.household_id = h.id)), 'patrimony', COALESCE(( SELECT json_agg((d.doc)::json ORDER BY d.id) AS json_agg
           FROM (public.patrimony_docs d
             JOIN public.patrimony_records r ON ((r.id = d.id)))
          WHERE (r.household_id = h.id)), '[]'::json), 'force_majeure', ( SELECT (d.doc)::json AS doc
           FROM (public.force_majeure_docs d
             JOIN public.force_majeure_records r ON ((r.id = d.id)))
          WHERE (r.household_id = h.id)), 'income_degradation', ( SELECT (d.doc)::json AS doc
           FROM (public.income_degradation_docs d
             JOIN public.income_degradations r ON ((r.id = d.id)))
          WHERE (r.household_id = h.id)), 'version', h.version, 'created_at', h.created_at, 'updated_at', h.updated_at))::text AS doc
   FROM public.households h;

--
-- Name: household_snapshots; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.household_snapshots AS
 SELECT h.id,
    h.operator_id,
    jsonb_build_object('id', h.id, 'reference', h.reference, 'version', h.version, 'members', COALESCE(( SELECT jsonb_agg(jsonb_build_object('id', m.id, 'first_name', m.first_name, 'last_name', m.last_name, 'birth_date', m.birth_date, 'sex', m.sex, 'relation', m.relation, 'dependent_child', m.dependent_child, 'emancipated', m.emancipated, 'version', m.version) ORDER BY m.id) AS jsonb_agg
           FROM public.members m
          WHERE (m.household_id = h.id)), '[]'::jsonb), 'debt_mediation', ( SELECT (d.doc)::jsonb AS doc
           FROM (public.debt_mediation_docs d
             JOIN public.debt_mediations r ON ((r.id = d.id)))
          WHERE (r.household_id = h.id)), 'patrimony', COALESCE(( SELECT jsonb_agg((d.doc)::jsonb ORDER BY d.id) AS jsonb_agg
           FROM (public.patrimony_docs d
             JOIN public.patrimony_records r ON ((r.id = d.id)))
          WHERE (r.household_id = h.id)), '[]'::jsonb), 'force_majeure', ( SELECT (d.doc)::jsonb AS doc
           FROM (public.force_majeure_docs d
             JOIN public.force_majeure_records r ON ((r.id = d.id)))
          WHERE (r.household_id = h.id)), 'income_degradation', ( SELECT (d.doc)::jsonb AS doc
           FROM (public.income_degradation_docs d
             JOIN public.income_degradations r ON ((r.id = d.id)))
          WHERE (r.household_id = h.id))) AS household,
    COALESCE(( SELECT jsonb_agg((d.doc)::jsonb ORDER BY d.id) AS jsonb_agg
           FROM (public.income_docs d
             JOIN public.incomes i ON ((i.id = d.id)))
          WHERE (i.household_id = h.id)), '[]'::jsonb) AS incomes
   FROM public.households h;

--
-- Name: household_summary_docs; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.household_summary_docs AS
 SELECT h.id,
    h.operator_id,
    (json_build_object('id', h.id, 'reference', h.reference, 'members', ( SELECT count(*) AS count
           FROM public.members m
          WHERE (m.household_id = h.id)), 'dependent_children', ( SELECT count(*) AS count
           FROM public.members m
          WHERE ((m.household_id = h.id) AND m.dependent_child)), 'head', ( SELECT json_build_object('member_id', m.id, 'first_name', m.first_name, 'last_name', m.last_name) AS json_build_object
           FROM public.members m
          WHERE ((m.household_id = h.id) AND (m.relation = 'head'::public.member_relation))), 'version', h.version, 'created_at', h.created_at, 'updated_at', h.updated_at))::text AS doc
   FROM public.households h;

--
-- Name: households_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.households_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: households_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.households_id_seq OWNED BY public.households.id;

--
-- Name: idempotency_keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.idempotency_keys (
    operator_id bigint NOT NULL,
    key text NOT NULL,
    request_hash text NOT NULL,
    status integer NOT NULL,
    location text,
    response text NOT NULL,
    user_id bigint,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT idempotency_keys_key_check CHECK (((length(key) >= 1) AND (length(key) <= 200))),
    CONSTRAINT idempotency_keys_request_hash_check CHECK ((request_hash ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT idempotency_keys_status_check CHECK (((status >= 200) AND (status <= 299)))
);

--
-- Name: income_degradations_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.income_degradations_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: income_degradations_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.income_degradations_id_seq OWNED BY public.income_degradations.id;

--
-- Name: incomes_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.incomes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: incomes_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.incomes_id_seq OWNED BY public.incomes.id;

--
-- Name: invoice_lines; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.invoice_lines (
    invoice_id bigint NOT NULL,
    "position" integer NOT NULL,
    kind public.invoice_line_kind NOT NULL,
    from_on date NOT NULL,
    to_on date NOT NULL,
    days integer NOT NULL,
    days_in_month integer NOT NULL,
    monthly_cents bigint NOT NULL,
    amount_cents bigint NOT NULL,
    CONSTRAINT invoice_lines_check CHECK (((amount_cents >= 0) AND (amount_cents <= monthly_cents))),
    CONSTRAINT invoice_lines_check1 CHECK (((from_on <= to_on) AND (days = ((to_on - from_on) + 1)) AND (days <= days_in_month))),
    CONSTRAINT invoice_lines_days_in_month_check CHECK (((days_in_month >= 28) AND (days_in_month <= 31))),
    CONSTRAINT invoice_lines_monthly_cents_check CHECK (((monthly_cents >= 0) AND (monthly_cents <= 100000000))),
    CONSTRAINT invoice_lines_position_check CHECK ((("position" >= 0) AND ("position" <= 7)))
);

--
-- Name: invoices; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.invoices (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    convention_id bigint NOT NULL,
    household_id bigint NOT NULL,
    run_id bigint,
    month date NOT NULL,
    issued_on date NOT NULL,
    due_on date NOT NULL,
    communication text NOT NULL,
    indemnity_cents bigint NOT NULL,
    provision_cents bigint NOT NULL,
    total_cents bigint NOT NULL,
    paid_cents bigint DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT invoices_check CHECK ((total_cents = (indemnity_cents + provision_cents))),
    CONSTRAINT invoices_check1 CHECK (((due_on >= month) AND (due_on < ((month + '1 mon'::interval))::date))),
    CONSTRAINT invoices_communication_check CHECK ((communication ~ '^\+\+\+[0-9]{3}/[0-9]{4}/[0-9]{5}\+\+\+$'::text)),
    CONSTRAINT invoices_indemnity_cents_check CHECK (((indemnity_cents >= 0) AND (indemnity_cents <= 100000000))),
    CONSTRAINT invoices_month_check CHECK ((month = (date_trunc('month'::text, (month)::timestamp with time zone))::date)),
    CONSTRAINT invoices_paid_within_total CHECK (((paid_cents >= 0) AND (paid_cents <= total_cents))),
    CONSTRAINT invoices_provision_cents_check CHECK (((provision_cents >= 0) AND (provision_cents <= 100000000)))
);

--
-- Name: invoice_docs; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.invoice_docs AS
 SELECT i.id,
    i.operator_id,
    i.household_id,
    i.convention_id,
    i.month,
    (i.paid_cents < i.total_cents) AS open,
    (json_build_object('id', i.id, 'convention_id', i.convention_id, 'household_id', i.household_id, 'run_id', i.run_id, 'month', to_char((i.month)::timestamp with time zone, 'YYYY-MM'::text), 'issued_on', i.issued_on, 'due_on', i.due_on, 'communication', i.communication, 'lines', COALESCE(( SELECT json_agg(json_build_object('kind', l.kind, 'from', l.from_on, 'to', l.to_on, 'days', l.days, 'days_in_month', l.days_in_month, 'monthly_cents', l.monthly_cents, 'amount_cents', l.amount_cents) ORDER BY l."position") AS json_agg
           FROM public.invoice_lines l
          WHERE (l.invoice_id = i.id)), '[]'::json), 'indemnity_cents', i.indemnity_cents, 'provision_cents', i.provision_cents, 'total_cents', i.total_cents, 'paid_cents', i.paid_cents, 'due_cents', (i.total_cents - i.paid_cents), 'open', (i.paid_cents < i.total_cents), 'allocations', COALESCE(( SELECT json_agg(json_build_object('payment_id', a.payment_id, 'amount_cents', a.amount_cents, 'created_at', a.created_at) ORDER BY a.id) AS json_agg
           FROM public.allocations a
          WHERE (a.invoice_id = i.id)), '[]'::json), 'created_at', i.created_at))::text AS doc
   FROM public.invoices i;

--
-- Name: invoices_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.invoices_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: invoices_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.invoices_id_seq OWNED BY public.invoices.id;

--
-- Name: logbook_entries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.logbook_entries (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    unit_id bigint,
    building_id bigint,
    kind public.logbook_kind NOT NULL,
    entry_date date NOT NULL,
    problem text,
    location text,
    measure text,
    informed_whom text,
    informed_on date,
    action_taken text,
    action_by text,
    action_on date,
    occupant_consent boolean,
    smoke_detectors_ok boolean,
    differentials_ok boolean,
    guard_rails_ok boolean,
    instructions_handed_over boolean,
    corrects_id bigint,
    author_id bigint NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT logbook_entries_action_by_check CHECK ((length(action_by) <= 200)),
    CONSTRAINT logbook_entries_action_taken_check CHECK ((length(action_taken) <= 2000)),
    CONSTRAINT logbook_entries_check CHECK ((num_nonnulls(unit_id, building_id) = 1)),
    CONSTRAINT logbook_entries_check1 CHECK (((kind = 'correction'::public.logbook_kind) = (corrects_id IS NOT NULL))),
    CONSTRAINT logbook_entries_check2 CHECK (((informed_on IS NULL) OR (informed_whom IS NOT NULL))),
    CONSTRAINT logbook_entries_check3 CHECK (((action_on IS NULL) OR (action_taken IS NOT NULL))),
    CONSTRAINT logbook_entries_check4 CHECK (((kind <> 'visit'::public.logbook_kind) OR (unit_id IS NULL) OR (occupant_consent IS NOT NULL))),
    CONSTRAINT logbook_entries_check5 CHECK (((kind <> 'safety_check'::public.logbook_kind) OR ((unit_id IS NOT NULL) AND (smoke_detectors_ok IS NOT NULL) AND (differentials_ok IS NOT NULL) AND (guard_rails_ok IS NOT NULL) AND (instructions_handed_over IS NOT NULL)))),
    CONSTRAINT logbook_entries_check6 CHECK (((kind <> 'observation'::public.logbook_kind) OR (problem IS NOT NULL))),
    CONSTRAINT logbook_entries_informed_whom_check CHECK ((length(informed_whom) <= 200)),
    CONSTRAINT logbook_entries_location_check CHECK ((length(location) <= 200)),
    CONSTRAINT logbook_entries_measure_check CHECK ((length(measure) <= 2000)),
    CONSTRAINT logbook_entries_problem_check CHECK ((length(problem) <= 2000))
);

--
-- Name: logbook_entries_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.logbook_entries_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: logbook_entries_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.logbook_entries_id_seq OWNED BY public.logbook_entries.id;

--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    name text NOT NULL,
    role public.user_role NOT NULL,
    token_hash text NOT NULL,
    email text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT users_email_check CHECK (((email ~ '^[^@[:space:]]+@[^@[:space:]]+$'::text) AND (length(email) <= 254))),
    CONSTRAINT users_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
    CONSTRAINT users_token_hash_check CHECK ((token_hash ~ '^[0-9a-f]{64}$'::text))
);

--
-- Name: logbook_entry_docs; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.logbook_entry_docs AS
 SELECT e.id,
    e.operator_id,
    e.unit_id,
    e.building_id,
    (json_build_object('id', e.id, 'unit_id', e.unit_id, 'building_id', e.building_id, 'kind', e.kind, 'entry_date', e.entry_date, 'problem', e.problem, 'location', e.location, 'measure', e.measure, 'informed_whom', e.informed_whom, 'informed_on', e.informed_on, 'action_taken', e.action_taken, 'action_by', e.action_by, 'action_on', e.action_on, 'occupant_consent', e.occupant_consent, 'smoke_detectors_ok', e.smoke_detectors_ok, 'differentials_ok', e.differentials_ok, 'guard_rails_ok', e.guard_rails_ok, 'instructions_handed_over', e.instructions_handed_over, 'corrects_id', e.corrects_id, 'corrected_by', ( SELECT json_agg(c.id ORDER BY c.id) AS json_agg
           FROM public.logbook_entries c
          WHERE (c.corrects_id = e.id)), 'author', json_build_object('id', u.id, 'name', u.name), 'created_at', e.created_at))::text AS doc
   FROM (public.logbook_entries e
     JOIN public.users u ON ((u.id = e.author_id)));

--
-- Name: members_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.members_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: members_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.members_id_seq OWNED BY public.members.id;

--
-- Name: operators; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.operators (
    id bigint NOT NULL,
    name text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    street text,
    house_number text,
    box text,
    postal_code text,
    commune text,
    place text,
    contact text,
    signatory_name text,
    signatory_role text,
    iban text,
    ogm_base bigint,
    version integer DEFAULT 1 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT operators_box_check CHECK (((length(box) >= 1) AND (length(box) <= 20))),
    CONSTRAINT operators_commune_check CHECK (((length(commune) >= 1) AND (length(commune) <= 100))),
    CONSTRAINT operators_contact_check CHECK (((length(contact) >= 1) AND (length(contact) <= 200))),
    CONSTRAINT operators_house_number_check CHECK (((length(house_number) >= 1) AND (length(house_number) <= 20))),
    CONSTRAINT operators_iban_check CHECK ((iban ~ '^BE[0-9]{14}$'::text)),
    CONSTRAINT operators_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
    CONSTRAINT operators_ogm_base_check CHECK (((ogm_base >= 0) AND (ogm_base <= '9999999999'::bigint))),
    CONSTRAINT operators_place_check CHECK (((length(place) >= 1) AND (length(place) <= 100))),
    CONSTRAINT operators_postal_code_check CHECK ((postal_code ~ '^[1-9][0-9]{3}$'::text)),
    CONSTRAINT operators_signatory_name_check CHECK (((length(signatory_name) >= 1) AND (length(signatory_name) <= 200))),
    CONSTRAINT operators_signatory_role_check CHECK (((length(signatory_role) >= 1) AND (length(signatory_role) <= 200))),
    CONSTRAINT operators_street_check CHECK (((length(street) >= 1) AND (length(street) <= 200))),
    CONSTRAINT operators_version_check CHECK ((version >= 1))
);

--
-- Name: operator_docs; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.operator_docs AS
 SELECT o.id,
    o.id AS operator_id,
    (json_build_object('id', o.id, 'name', o.name, 'street', o.street, 'house_number', o.house_number, 'box', o.box, 'postal_code', o.postal_code, 'commune', o.commune, 'place', o.place, 'contact', o.contact, 'signatory_name', o.signatory_name, 'signatory_role', o.signatory_role, 'iban', o.iban, 'ogm_base', o.ogm_base, 'version', o.version, 'created_at', o.created_at, 'updated_at', o.updated_at))::text AS doc
   FROM public.operators o;

--
-- Name: operators_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.operators_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: operators_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.operators_id_seq OWNED BY public.operators.id;

--
-- Name: parameters; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.parameters (
    key text NOT NULL,
    valid_from date NOT NULL,
    value numeric(14,2) NOT NULL,
    unit text NOT NULL,
    source text DEFAULT ''::text NOT NULL,
    confirmed text NOT NULL,
    value_int bigint GENERATED ALWAYS AS (
CASE
    WHEN (unit ~~ 'EUR%'::text) THEN ((value * (100)::numeric))::bigint
    ELSE (value)::bigint
END) STORED,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by bigint,
    operator_id bigint,
    CONSTRAINT parameters_check CHECK (((unit ~~ 'EUR%'::text) OR (value = trunc(value)))),
    CONSTRAINT parameters_confirmed_check CHECK ((confirmed = ANY (ARRAY['yes'::text, 'no'::text, 'product decision'::text]))),
    CONSTRAINT parameters_key_check CHECK ((key ~ '^[a-z][a-z0-9_]{0,63}$'::text)),
    CONSTRAINT parameters_operator_local_keys_only CHECK (((operator_id IS NULL) OR (key = ANY (ARRAY['period_months'::text, 'max_periods'::text, 'unpaid_grace_days'::text, 'payment_due_last_day'::text, 'admission_check_max_age_days'::text, 'registered_mail_lead_working_days'::text, 'visit_common_parts_days'::text, 'visit_single_family_months'::text])))),
    CONSTRAINT parameters_source_check CHECK ((length(source) <= 500)),
    CONSTRAINT parameters_unit_check CHECK (((length(unit) >= 1) AND (length(unit) <= 40))),
    CONSTRAINT parameters_value_check CHECK ((value >= (0)::numeric))
);

--
-- Name: patrimony_records_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.patrimony_records_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: patrimony_records_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.patrimony_records_id_seq OWNED BY public.patrimony_records.id;

--
-- Name: payments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.payments (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    household_id bigint NOT NULL,
    paid_on date NOT NULL,
    amount_cents bigint NOT NULL,
    method public.payment_method NOT NULL,
    payer text NOT NULL,
    communication text,
    reverses_payment_id bigint,
    reversed_amount_cents bigint,
    reason text,
    recorded_by bigint,
    recorded_on date NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT payments_amount_cents_check CHECK (((amount_cents <> 0) AND ((amount_cents >= '-100000000'::integer) AND (amount_cents <= 100000000)))),
    CONSTRAINT payments_communication_check CHECK ((communication ~ '^\+\+\+[0-9]{3}/[0-9]{4}/[0-9]{5}\+\+\+$'::text)),
    CONSTRAINT payments_payer_check CHECK (((length(payer) >= 1) AND (length(payer) <= 200))),
    CONSTRAINT payments_reason_check CHECK (((length(reason) >= 1) AND (length(reason) <= 500))),
    CONSTRAINT payments_reversal_mirrors CHECK ((((reverses_payment_id IS NULL) AND (reversed_amount_cents IS NULL) AND (reason IS NULL) AND (amount_cents > 0)) OR ((reverses_payment_id IS NOT NULL) AND (reversed_amount_cents > 0) AND (amount_cents = (- reversed_amount_cents)) AND (reason IS NOT NULL))))
);

--
-- Name: payment_balances; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.payment_balances AS
 SELECT p.id AS payment_id,
    p.operator_id,
    p.household_id,
    p.paid_on,
    ((p.amount_cents)::numeric - COALESCE(( SELECT sum(a.amount_cents) AS sum
           FROM public.allocations a
          WHERE (a.payment_id = p.id)), (0)::numeric)) AS unallocated_cents
   FROM public.payments p
  WHERE ((p.reverses_payment_id IS NULL) AND (NOT (EXISTS ( SELECT 1
           FROM public.payments r
          WHERE (r.reverses_payment_id = p.id)))));

--
-- Name: receipts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.receipts (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    household_id bigint NOT NULL,
    payment_id bigint NOT NULL,
    amount_cents bigint NOT NULL,
    year integer NOT NULL,
    number integer NOT NULL,
    previous_number integer GENERATED ALWAYS AS (NULLIF((number - 1), 0)) STORED,
    issued_on date NOT NULL,
    issued_by bigint,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT receipts_amount_cents_check CHECK ((amount_cents > 0)),
    CONSTRAINT receipts_check CHECK ((EXTRACT(year FROM issued_on) = (year)::numeric)),
    CONSTRAINT receipts_number_check CHECK (((number >= 1) AND (number <= 999999))),
    CONSTRAINT receipts_year_check CHECK (((year >= 1900) AND (year <= 2199)))
);

--
-- Name: payment_docs; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.payment_docs AS
 SELECT p.id,
    p.operator_id,
    p.household_id,
    (json_build_object('id', p.id, 'household_id', p.household_id, 'paid_on', p.paid_on, 'amount_cents', p.amount_cents, 'method', p.method, 'payer', p.payer, 'communication', p.communication, 'reverses_payment_id', p.reverses_payment_id, 'reason', p.reason, 'reversed_by_payment_id', ( SELECT v.id
           FROM public.payments v
          WHERE (v.reverses_payment_id = p.id)), 'allocations', COALESCE(( SELECT json_agg(json_build_object('invoice_id', a.invoice_id, 'month', to_char((i.month)::timestamp with time zone, 'YYYY-MM'::text), 'amount_cents', a.amount_cents) ORDER BY a.id) AS json_agg
           FROM (public.allocations a
             JOIN public.invoices i ON ((i.id = a.invoice_id)))
          WHERE (a.payment_id = p.id)), '[]'::json), 'unallocated_cents', ((p.amount_cents)::numeric - COALESCE(( SELECT sum(a.amount_cents) AS sum
           FROM public.allocations a
          WHERE (a.payment_id = p.id)), (0)::numeric)), 'receipt', ( SELECT json_build_object('id', r.id, 'number', public.receipt_number(r.year, r.number)) AS json_build_object
           FROM public.receipts r
          WHERE (r.payment_id = p.id)), 'recorded_by', p.recorded_by, 'recorded_on', p.recorded_on, 'created_at', p.created_at))::text AS doc
   FROM public.payments p;

--
-- Name: payments_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.payments_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: payments_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.payments_id_seq OWNED BY public.payments.id;

--
-- Name: receipt_counters; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.receipt_counters (
    operator_id bigint NOT NULL,
    year integer NOT NULL,
    last_number integer NOT NULL,
    CONSTRAINT receipt_counters_last_number_check CHECK (((last_number >= 1) AND (last_number <= 999999))),
    CONSTRAINT receipt_counters_year_check CHECK (((year >= 1900) AND (year <= 2199)))
);

--
-- Name: receipt_docs; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.receipt_docs AS
 SELECT r.id,
    r.operator_id,
    r.payment_id,
    r.household_id,
    r.year,
    (json_build_object('id', r.id, 'number', public.receipt_number(r.year, r.number), 'year', r.year, 'sequence', r.number, 'payment_id', r.payment_id, 'household_id', r.household_id, 'amount_cents', r.amount_cents, 'paid_on', p.paid_on, 'method', p.method, 'payer', p.payer, 'issued_on', r.issued_on, 'issued_by', r.issued_by, 'months', COALESCE(( SELECT json_agg(json_build_object('month', to_char((m.month)::timestamp with time zone, 'YYYY-MM'::text), 'amount_cents', m.amount) ORDER BY m.month) AS json_agg
           FROM ( SELECT i.month,
                    sum(a.amount_cents) AS amount
                   FROM (public.allocations a
                     JOIN public.invoices i ON ((i.id = a.invoice_id)))
                  WHERE ((a.payment_id = r.payment_id) AND (a.created_at <= r.created_at))
                  GROUP BY i.month) m), '[]'::json), 'credit_cents', ((r.amount_cents)::numeric - COALESCE(( SELECT sum(a.amount_cents) AS sum
           FROM public.allocations a
          WHERE ((a.payment_id = r.payment_id) AND (a.created_at <= r.created_at))), (0)::numeric)), 'reversed_by_payment_id', ( SELECT v.id
           FROM public.payments v
          WHERE (v.reverses_payment_id = r.payment_id)), 'created_at', r.created_at))::text AS doc
   FROM (public.receipts r
     JOIN public.payments p ON ((p.id = r.payment_id)));

--
-- Name: receipts_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.receipts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: receipts_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.receipts_id_seq OWNED BY public.receipts.id;

--
-- Name: rooms; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.rooms (
    id bigint NOT NULL,
    unit_id bigint NOT NULL,
    "position" integer NOT NULL,
    name text NOT NULL,
    kind public.room_kind NOT NULL,
    area_dm2 integer NOT NULL,
    habitable boolean NOT NULL,
    shared boolean DEFAULT false NOT NULL,
    CONSTRAINT rooms_area_dm2_check CHECK (((area_dm2 >= 1) AND (area_dm2 <= 100000))),
    CONSTRAINT rooms_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
    CONSTRAINT rooms_position_check CHECK ((("position" >= 0) AND ("position" <= 15)))
);

--
-- Name: rooms_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.rooms_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: rooms_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.rooms_id_seq OWNED BY public.rooms.id;

--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migrations (
    version integer NOT NULL,
    name text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: units; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.units (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    building_id bigint,
    name text NOT NULL,
    kind public.unit_kind NOT NULL,
    street text NOT NULL,
    house_number text NOT NULL,
    box text,
    postal_code text NOT NULL,
    commune text NOT NULL,
    floor integer DEFAULT 0 NOT NULL,
    collective boolean DEFAULT false NOT NULL,
    base_indemnity_cents bigint NOT NULL,
    utility_provision_cents bigint DEFAULT 0 NOT NULL,
    subsidised boolean DEFAULT true NOT NULL,
    furnished boolean DEFAULT false NOT NULL,
    status public.unit_status DEFAULT 'available'::public.unit_status NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT units_base_indemnity_cents_check CHECK (((base_indemnity_cents >= 0) AND (base_indemnity_cents <= 100000000))),
    CONSTRAINT units_box_check CHECK (((length(box) >= 1) AND (length(box) <= 20))),
    CONSTRAINT units_check CHECK (((NOT collective) OR (building_id IS NOT NULL))),
    CONSTRAINT units_commune_check CHECK (((length(commune) >= 1) AND (length(commune) <= 100))),
    CONSTRAINT units_floor_check CHECK (((floor >= '-5'::integer) AND (floor <= 100))),
    CONSTRAINT units_house_number_check CHECK (((length(house_number) >= 1) AND (length(house_number) <= 20))),
    CONSTRAINT units_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
    CONSTRAINT units_postal_code_check CHECK ((postal_code ~ '^[1-9][0-9]{3}$'::text)),
    CONSTRAINT units_street_check CHECK (((length(street) >= 1) AND (length(street) <= 200))),
    CONSTRAINT units_utility_provision_cents_check CHECK (((utility_provision_cents >= 0) AND (utility_provision_cents <= 100000000))),
    CONSTRAINT units_version_check CHECK ((version >= 1))
);

--
-- Name: unit_docs; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.unit_docs AS
 SELECT u.id,
    u.operator_id,
    (json_build_object('id', u.id, 'building_id', u.building_id, 'name', u.name, 'kind', u.kind, 'street', u.street, 'house_number', u.house_number, 'box', u.box, 'postal_code', u.postal_code, 'commune', u.commune, 'floor', u.floor, 'collective', u.collective, 'base_indemnity_cents', u.base_indemnity_cents, 'utility_provision_cents', u.utility_provision_cents, 'subsidised', u.subsidised, 'furnished', u.furnished, 'status', u.status, 'rooms', COALESCE(( SELECT json_agg(json_build_object('name', r.name, 'kind', r.kind, 'area_dm2', r.area_dm2, 'habitable', r.habitable, 'shared', r.shared) ORDER BY r."position") AS json_agg
           FROM public.rooms r
          WHERE (r.unit_id = u.id)), '[]'::json), 'version', u.version, 'created_at', u.created_at, 'updated_at', u.updated_at))::text AS doc
   FROM public.units u;

--
-- Name: units_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.units_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: units_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.units_id_seq OWNED BY public.units.id;

--
-- Name: users_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.users_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: users_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id;

--
-- Name: accompaniment_logs id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accompaniment_logs ALTER COLUMN id SET DEFAULT nextval('public.accompaniment_logs_id_seq'::regclass);

--
-- Name: accompaniment_plans id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accompaniment_plans ALTER COLUMN id SET DEFAULT nextval('public.accompaniment_plans_id_seq'::regclass);

--
-- Name: admission_checks id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.admission_checks ALTER COLUMN id SET DEFAULT nextval('public.admission_checks_id_seq'::regclass);

--
-- Name: alerts id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.alerts ALTER COLUMN id SET DEFAULT nextval('public.alerts_id_seq'::regclass);

--
-- Name: allocations id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.allocations ALTER COLUMN id SET DEFAULT nextval('public.allocations_id_seq'::regclass);

--
-- Name: audit_log id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log ALTER COLUMN id SET DEFAULT nextval('public.audit_log_id_seq'::regclass);

--
-- Name: billing_runs id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.billing_runs ALTER COLUMN id SET DEFAULT nextval('public.billing_runs_id_seq'::regclass);

--
-- Name: buildings id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.buildings ALTER COLUMN id SET DEFAULT nextval('public.buildings_id_seq'::regclass);

--
-- Name: calendar_tokens id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.calendar_tokens ALTER COLUMN id SET DEFAULT nextval('public.calendar_tokens_id_seq'::regclass);

--
-- Name: convention_notices id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.convention_notices ALTER COLUMN id SET DEFAULT nextval('public.convention_notices_id_seq'::regclass);

--
-- Name: conventions id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.conventions ALTER COLUMN id SET DEFAULT nextval('public.conventions_id_seq'::regclass);

--
-- Name: debt_mediations id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.debt_mediations ALTER COLUMN id SET DEFAULT nextval('public.debt_mediations_id_seq'::regclass);

--
-- Name: force_majeure_records id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.force_majeure_records ALTER COLUMN id SET DEFAULT nextval('public.force_majeure_records_id_seq'::regclass);

--
-- Name: guarantee_savings id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.guarantee_savings ALTER COLUMN id SET DEFAULT nextval('public.guarantee_savings_id_seq'::regclass);

--
-- Name: households id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.households ALTER COLUMN id SET DEFAULT nextval('public.households_id_seq'::regclass);

--
-- Name: income_degradations id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.income_degradations ALTER COLUMN id SET DEFAULT nextval('public.income_degradations_id_seq'::regclass);

--
-- Name: incomes id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.incomes ALTER COLUMN id SET DEFAULT nextval('public.incomes_id_seq'::regclass);

--
-- Name: invoices id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoices ALTER COLUMN id SET DEFAULT nextval('public.invoices_id_seq'::regclass);

--
-- Name: logbook_entries id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.logbook_entries ALTER COLUMN id SET DEFAULT nextval('public.logbook_entries_id_seq'::regclass);

--
-- Name: members id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.members ALTER COLUMN id SET DEFAULT nextval('public.members_id_seq'::regclass);

--
-- Name: operators id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.operators ALTER COLUMN id SET DEFAULT nextval('public.operators_id_seq'::regclass);

--
-- Name: patrimony_records id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patrimony_records ALTER COLUMN id SET DEFAULT nextval('public.patrimony_records_id_seq'::regclass);

--
-- Name: payments id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments ALTER COLUMN id SET DEFAULT nextval('public.payments_id_seq'::regclass);

--
-- Name: receipts id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.receipts ALTER COLUMN id SET DEFAULT nextval('public.receipts_id_seq'::regclass);

--
-- Name: rooms id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rooms ALTER COLUMN id SET DEFAULT nextval('public.rooms_id_seq'::regclass);

--
-- Name: units id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.units ALTER COLUMN id SET DEFAULT nextval('public.units_id_seq'::regclass);

--
-- Name: users id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users ALTER COLUMN id SET DEFAULT nextval('public.users_id_seq'::regclass);

--
-- Name: accompaniment_logs accompaniment_logs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accompaniment_logs
    ADD CONSTRAINT accompaniment_logs_pkey PRIMARY KEY (id);

--
-- Name: accompaniment_plan_persons accompaniment_plan_persons_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accompaniment_plan_persons
    ADD CONSTRAINT accompaniment_plan_persons_pkey PRIMARY KEY (convention_id, member_id);

--
-- Name: accompaniment_plans accompaniment_plans_convention_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accompaniment_plans
    ADD CONSTRAINT accompaniment_plans_convention_id_key UNIQUE (convention_id);

--
-- Name: accompaniment_plans accompaniment_plans_operator_id_household_id_convention_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accompaniment_plans
    ADD CONSTRAINT accompaniment_plans_operator_id_household_id_convention_id_key UNIQUE (operator_id, household_id, convention_id);

--
-- Name: accompaniment_plans accompaniment_plans_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accompaniment_plans
    ADD CONSTRAINT accompaniment_plans_pkey PRIMARY KEY (id);

--
-- Name: admission_checks admission_checks_operator_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.admission_checks
    ADD CONSTRAINT admission_checks_operator_id_id_key UNIQUE (operator_id, id);

--
-- Name: admission_checks admission_checks_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.admission_checks
    ADD CONSTRAINT admission_checks_pkey PRIMARY KEY (id);

--
-- Name: alerts alerts_identity_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_identity_key UNIQUE (identity);

--
-- Name: alerts alerts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_pkey PRIMARY KEY (id);

--
-- Name: allocations allocations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.allocations
    ADD CONSTRAINT allocations_pkey PRIMARY KEY (id);

--
-- Name: audit_log audit_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);

--
-- Name: billing_runs billing_runs_operator_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.billing_runs
    ADD CONSTRAINT billing_runs_operator_id_id_key UNIQUE (operator_id, id);

--
-- Name: billing_runs billing_runs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.billing_runs
    ADD CONSTRAINT billing_runs_pkey PRIMARY KEY (id);

--
-- Name: buildings buildings_operator_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.buildings
    ADD CONSTRAINT buildings_operator_id_id_key UNIQUE (operator_id, id);

--
-- Name: buildings buildings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.buildings
    ADD CONSTRAINT buildings_pkey PRIMARY KEY (id);

--
-- Name: calendar_tokens calendar_tokens_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.calendar_tokens
    ADD CONSTRAINT calendar_tokens_pkey PRIMARY KEY (id);

--
-- Name: calendar_tokens calendar_tokens_token_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.calendar_tokens
    ADD CONSTRAINT calendar_tokens_token_hash_key UNIQUE (token_hash);

--
-- Name: convention_notice_letters convention_notice_letters_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.convention_notice_letters
    ADD CONSTRAINT convention_notice_letters_pkey PRIMARY KEY (notice_id, member_id);

--
-- Name: convention_notices convention_notices_convention_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.convention_notices
    ADD CONSTRAINT convention_notices_convention_id_key UNIQUE (convention_id);

--
-- Name: convention_notices convention_notices_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.convention_notices
    ADD CONSTRAINT convention_notices_pkey PRIMARY KEY (id);

--
-- Name: convention_periods convention_periods_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.convention_periods
    ADD CONSTRAINT convention_periods_pkey PRIMARY KEY (convention_id, number);

--
-- Name: convention_renewals convention_renewals_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.convention_renewals
    ADD CONSTRAINT convention_renewals_pkey PRIMARY KEY (convention_id, period);

--
-- Name: convention_signatories convention_signatories_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.convention_signatories
    ADD CONSTRAINT convention_signatories_pkey PRIMARY KEY (convention_id, member_id);

--
-- Name: conventions conventions_operator_id_household_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.conventions
    ADD CONSTRAINT conventions_operator_id_household_id_id_key UNIQUE (operator_id, household_id, id);

--
-- Name: conventions conventions_operator_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.conventions
    ADD CONSTRAINT conventions_operator_id_id_key UNIQUE (operator_id, id);

--
-- Name: conventions conventions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.conventions
    ADD CONSTRAINT conventions_pkey PRIMARY KEY (id);

--
-- Name: conventions conventions_unit_occupancy; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.conventions
    ADD CONSTRAINT conventions_unit_occupancy EXCLUDE USING gist (unit_id WITH =, occupancy WITH &&) WHERE ((state <> 'cancelled'::public.convention_state));

--
-- Name: debt_mediations debt_mediations_one_per_household; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.debt_mediations
    ADD CONSTRAINT debt_mediations_one_per_household UNIQUE (household_id);

--
-- Name: debt_mediations debt_mediations_operator_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.debt_mediations
    ADD CONSTRAINT debt_mediations_operator_id_id_key UNIQUE (operator_id, id);

--
-- Name: debt_mediations debt_mediations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.debt_mediations
    ADD CONSTRAINT debt_mediations_pkey PRIMARY KEY (id);

--
-- Name: digest_log digest_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.digest_log
    ADD CONSTRAINT digest_log_pkey PRIMARY KEY (user_id, day);

--
-- Name: force_majeure_records force_majeure_one_per_household; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.force_majeure_records
    ADD CONSTRAINT force_majeure_one_per_household UNIQUE (household_id);

--
-- Name: force_majeure_records force_majeure_records_operator_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.force_majeure_records
    ADD CONSTRAINT force_majeure_records_operator_id_id_key UNIQUE (operator_id, id);

--
-- Name: force_majeure_records force_majeure_records_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.force_majeure_records
    ADD CONSTRAINT force_majeure_records_pkey PRIMARY KEY (id);

--
-- Name: guarantee_savings guarantee_savings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.guarantee_savings
    ADD CONSTRAINT guarantee_savings_pkey PRIMARY KEY (id);

--
-- Name: households households_operator_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.households
    ADD CONSTRAINT households_operator_id_id_key UNIQUE (operator_id, id);

--
-- Name: households households_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.households
    ADD CONSTRAINT households_pkey PRIMARY KEY (id);

--
-- Name: households households_reference_unique; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.households
    ADD CONSTRAINT households_reference_unique UNIQUE (operator_id, reference);

--
-- Name: idempotency_keys idempotency_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.idempotency_keys
    ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (operator_id, key);

--
-- Name: income_degradations income_degradations_one_per_household; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.income_degradations
    ADD CONSTRAINT income_degradations_one_per_household UNIQUE (household_id);

--
-- Name: income_degradations income_degradations_operator_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.income_degradations
    ADD CONSTRAINT income_degradations_operator_id_id_key UNIQUE (operator_id, id);

--
-- Name: income_degradations income_degradations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.income_degradations
    ADD CONSTRAINT income_degradations_pkey PRIMARY KEY (id);

--
-- Name: incomes incomes_operator_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.incomes
    ADD CONSTRAINT incomes_operator_id_id_key UNIQUE (operator_id, id);

--
-- Name: incomes incomes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.incomes
    ADD CONSTRAINT incomes_pkey PRIMARY KEY (id);

--
-- Name: invoice_lines invoice_lines_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoice_lines
    ADD CONSTRAINT invoice_lines_pkey PRIMARY KEY (invoice_id, "position");

--
-- Name: invoices invoices_communication_unique; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_communication_unique UNIQUE (operator_id, communication);

--
-- Name: invoices invoices_one_per_month; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_one_per_month UNIQUE (convention_id, month);

--
-- Name: invoices invoices_operator_id_household_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_operator_id_household_id_id_key UNIQUE (operator_id, household_id, id);

--
-- Name: invoices invoices_operator_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_operator_id_id_key UNIQUE (operator_id, id);

--
-- Name: invoices invoices_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_pkey PRIMARY KEY (id);

--
-- Name: logbook_entries logbook_entries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.logbook_entries
    ADD CONSTRAINT logbook_entries_pkey PRIMARY KEY (id);

--
-- Name: members members_operator_id_household_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.members
    ADD CONSTRAINT members_operator_id_household_id_id_key UNIQUE (operator_id, household_id, id);

--
-- Name: members members_operator_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.members
    ADD CONSTRAINT members_operator_id_id_key UNIQUE (operator_id, id);

--
-- Name: members members_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.members
    ADD CONSTRAINT members_pkey PRIMARY KEY (id);

--
-- Name: operators operators_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.operators
    ADD CONSTRAINT operators_name_key UNIQUE (name);

--
-- Name: operators operators_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.operators
    ADD CONSTRAINT operators_pkey PRIMARY KEY (id);

--
-- Name: patrimony_records patrimony_records_operator_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patrimony_records
    ADD CONSTRAINT patrimony_records_operator_id_id_key UNIQUE (operator_id, id);

--
-- Name: patrimony_records patrimony_records_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patrimony_records
    ADD CONSTRAINT patrimony_records_pkey PRIMARY KEY (id);

--
-- Name: payments payments_operator_id_household_id_id_amount_cents_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_operator_id_household_id_id_amount_cents_key UNIQUE (operator_id, household_id, id, amount_cents);

--
-- Name: payments payments_operator_id_household_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_operator_id_household_id_id_key UNIQUE (operator_id, household_id, id);

--
-- Name: payments payments_operator_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_operator_id_id_key UNIQUE (operator_id, id);

--
-- Name: payments payments_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_pkey PRIMARY KEY (id);

--
-- Name: payments payments_reversed_once; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_reversed_once UNIQUE (reverses_payment_id);

--
-- Name: receipt_counters receipt_counters_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.receipt_counters
    ADD CONSTRAINT receipt_counters_pkey PRIMARY KEY (operator_id, year);

--
-- Name: receipts receipts_number_unique; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.receipts
    ADD CONSTRAINT receipts_number_unique UNIQUE (operator_id, year, number);

--
-- Name: receipts receipts_one_per_payment; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.receipts
    ADD CONSTRAINT receipts_one_per_payment UNIQUE (payment_id);

--
-- Name: receipts receipts_operator_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.receipts
    ADD CONSTRAINT receipts_operator_id_id_key UNIQUE (operator_id, id);

--
-- Name: receipts receipts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.receipts
    ADD CONSTRAINT receipts_pkey PRIMARY KEY (id);

--
-- Name: rooms rooms_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rooms
    ADD CONSTRAINT rooms_pkey PRIMARY KEY (id);

--
-- Name: rooms rooms_unit_id_position_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rooms
    ADD CONSTRAINT rooms_unit_id_position_key UNIQUE (unit_id, "position");

--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);

--
-- Name: units units_operator_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.units
    ADD CONSTRAINT units_operator_id_id_key UNIQUE (operator_id, id);

--
-- Name: units units_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.units
    ADD CONSTRAINT units_pkey PRIMARY KEY (id);

--
-- Name: users users_operator_id_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_operator_id_name_key UNIQUE (operator_id, name);

--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);

--
-- Name: users users_token_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_token_hash_key UNIQUE (token_hash);

--
-- Name: accompaniment_logs_convention; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX accompaniment_logs_convention ON public.accompaniment_logs USING btree (convention_id, id);

--
-- Name: admission_checks_household; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX admission_checks_household ON public.admission_checks USING btree (household_id, id);

--
-- Name: alerts_open; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX alerts_open ON public.alerts USING btree (operator_id, due_on) WHERE (state <> 'resolved'::public.alert_state);

--
-- Name: allocations_invoice; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX allocations_invoice ON public.allocations USING btree (invoice_id);

--
-- Name: allocations_payment; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX allocations_payment ON public.allocations USING btree (payment_id);

--
-- Name: audit_log_entity; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_log_entity ON public.audit_log USING btree (entity, entity_id);

--
-- Name: billing_runs_operator; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX billing_runs_operator ON public.billing_runs USING btree (operator_id, id);

--
-- Name: conventions_household; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX conventions_household ON public.conventions USING btree (household_id);

--
-- Name: conventions_operator; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX conventions_operator ON public.conventions USING btree (operator_id, id);

--
-- Name: conventions_unit_departure; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX conventions_unit_departure ON public.conventions USING btree (unit_id, departure_on);

--
-- Name: guarantee_savings_convention; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX guarantee_savings_convention ON public.guarantee_savings USING btree (convention_id, id);

--
-- Name: households_reference_search; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX households_reference_search ON public.households USING gin (search_reference public.gin_trgm_ops);

--
-- Name: incomes_household; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX incomes_household ON public.incomes USING btree (household_id, id);

--
-- Name: invoices_household; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX invoices_household ON public.invoices USING btree (household_id, month, id);

--
-- Name: invoices_open; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX invoices_open ON public.invoices USING btree (operator_id, household_id) WHERE (paid_cents < total_cents);

--
-- Name: invoices_operator; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX invoices_operator ON public.invoices USING btree (operator_id, id);

--
-- Name: logbook_building; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX logbook_building ON public.logbook_entries USING btree (building_id, entry_date, id) WHERE (building_id IS NOT NULL);

--
-- Name: logbook_unit; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX logbook_unit ON public.logbook_entries USING btree (unit_id, entry_date, id) WHERE (unit_id IS NOT NULL);

--
-- Name: members_household; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX members_household ON public.members USING btree (household_id, id);

--
-- Name: members_last_name; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX members_last_name ON public.members USING btree (operator_id, lower(last_name));

--
-- Name: members_name_search; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX members_name_search ON public.members USING gin (search_name public.gin_trgm_ops);

--
-- Name: members_nrn_prefix; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX members_nrn_prefix ON public.members USING btree (operator_id, national_register_number text_pattern_ops);

--
-- Name: members_one_head; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX members_one_head ON public.members USING btree (household_id) WHERE (relation = 'head'::public.member_relation);

--
-- Name: members_one_partner; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX members_one_partner ON public.members USING btree (household_id) WHERE (relation = 'partner'::public.member_relation);

--
-- Name: parameters_operator_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX parameters_operator_key ON public.parameters USING btree (operator_id, key, valid_from) WHERE (operator_id IS NOT NULL);

--
-- Name: parameters_shared_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX parameters_shared_key ON public.parameters USING btree (key, valid_from) WHERE (operator_id IS NULL);

--
-- Name: patrimony_household; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX patrimony_household ON public.patrimony_records USING btree (household_id, id);

--
-- Name: payments_household; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX payments_household ON public.payments USING btree (household_id, paid_on, id);

--
-- Name: payments_operator; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX payments_operator ON public.payments USING btree (operator_id, id);

--
-- Name: receipts_operator; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX receipts_operator ON public.receipts USING btree (operator_id, id);

--
-- Name: units_operator; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX units_operator ON public.units USING btree (operator_id, id);

--
-- Name: accompaniment_logs accompaniment_logs_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER accompaniment_logs_append_only BEFORE DELETE OR UPDATE ON public.accompaniment_logs FOR EACH ROW EXECUTE FUNCTION public.refuse_change();

--
-- Name: accompaniment_logs accompaniment_logs_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER accompaniment_logs_no_truncate BEFORE TRUNCATE ON public.accompaniment_logs FOR EACH STATEMENT EXECUTE FUNCTION public.refuse_change();

--
-- Name: admission_checks admission_checks_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER admission_checks_no_truncate BEFORE TRUNCATE ON public.admission_checks FOR EACH STATEMENT EXECUTE FUNCTION public.refuse_change();

--
-- Name: admission_checks admission_checks_no_update_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER admission_checks_no_update_delete BEFORE DELETE OR UPDATE ON public.admission_checks FOR EACH ROW EXECUTE FUNCTION public.refuse_change();

--
-- Name: alerts alerts_doc; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER alerts_doc BEFORE INSERT OR UPDATE ON public.alerts FOR EACH ROW EXECUTE FUNCTION public.alerts_doc();

--
-- Name: allocations allocations_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER allocations_append_only BEFORE DELETE OR UPDATE ON public.allocations FOR EACH ROW EXECUTE FUNCTION public.refuse_change();

--
-- Name: allocations allocations_apply; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER allocations_apply AFTER INSERT ON public.allocations FOR EACH ROW EXECUTE FUNCTION public.allocations_apply();

--
-- Name: allocations allocations_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER allocations_no_truncate BEFORE TRUNCATE ON public.allocations FOR EACH STATEMENT EXECUTE FUNCTION public.refuse_change();

--
-- Name: audit_log audit_log_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON public.audit_log FOR EACH STATEMENT EXECUTE FUNCTION public.refuse_change();

--
-- Name: audit_log audit_log_no_update_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_log_no_update_delete BEFORE DELETE OR UPDATE ON public.audit_log FOR EACH ROW EXECUTE FUNCTION public.refuse_change();

--
-- Name: convention_notice_letters convention_notice_letters_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER convention_notice_letters_append_only BEFORE DELETE OR UPDATE ON public.convention_notice_letters FOR EACH ROW EXECUTE FUNCTION public.refuse_change();

--
-- Name: convention_notice_letters convention_notice_letters_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER convention_notice_letters_no_truncate BEFORE TRUNCATE ON public.convention_notice_letters FOR EACH STATEMENT EXECUTE FUNCTION public.refuse_change();

--
-- Name: convention_notices convention_notices_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER convention_notices_append_only BEFORE DELETE OR UPDATE ON public.convention_notices FOR EACH ROW EXECUTE FUNCTION public.refuse_change();

--
-- Name: convention_notices convention_notices_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER convention_notices_no_truncate BEFORE TRUNCATE ON public.convention_notices FOR EACH STATEMENT EXECUTE FUNCTION public.refuse_change();

--
-- Name: convention_renewals convention_renewals_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER convention_renewals_append_only BEFORE DELETE OR UPDATE ON public.convention_renewals FOR EACH ROW EXECUTE FUNCTION public.refuse_change();

--
-- Name: convention_renewals convention_renewals_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER convention_renewals_no_truncate BEFORE TRUNCATE ON public.convention_renewals FOR EACH STATEMENT EXECUTE FUNCTION public.refuse_change();

--
-- Name: conventions conventions_payment_day; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER conventions_payment_day BEFORE INSERT ON public.conventions FOR EACH ROW EXECUTE FUNCTION public.conventions_payment_day();

--
-- Name: guarantee_savings guarantee_savings_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER guarantee_savings_append_only BEFORE DELETE OR UPDATE ON public.guarantee_savings FOR EACH ROW EXECUTE FUNCTION public.refuse_change();

--
-- Name: guarantee_savings guarantee_savings_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER guarantee_savings_no_truncate BEFORE TRUNCATE ON public.guarantee_savings FOR EACH STATEMENT EXECUTE FUNCTION public.refuse_change();

--
-- Name: invoice_lines invoice_lines_add_up; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER invoice_lines_add_up AFTER INSERT ON public.invoice_lines REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.invoices_check_lines();

--
-- Name: invoice_lines invoice_lines_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER invoice_lines_append_only BEFORE DELETE OR UPDATE ON public.invoice_lines FOR EACH ROW EXECUTE FUNCTION public.refuse_change();

--
-- Name: invoice_lines invoice_lines_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER invoice_lines_no_truncate BEFORE TRUNCATE ON public.invoice_lines FOR EACH STATEMENT EXECUTE FUNCTION public.refuse_change();

--
-- Name: invoices invoices_lines_add_up; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER invoices_lines_add_up AFTER INSERT ON public.invoices REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.invoices_check_lines();

--
-- Name: invoices invoices_no_change; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER invoices_no_change BEFORE DELETE OR UPDATE ON public.invoices FOR EACH ROW EXECUTE FUNCTION public.invoices_guard();

--
-- Name: invoices invoices_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER invoices_no_truncate BEFORE TRUNCATE ON public.invoices FOR EACH STATEMENT EXECUTE FUNCTION public.refuse_change();

--
-- Name: logbook_entries logbook_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER logbook_no_truncate BEFORE TRUNCATE ON public.logbook_entries FOR EACH STATEMENT EXECUTE FUNCTION public.refuse_change();

--
-- Name: logbook_entries logbook_no_update_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER logbook_no_update_delete BEFORE DELETE OR UPDATE ON public.logbook_entries FOR EACH ROW EXECUTE FUNCTION public.refuse_change();

--
-- Name: parameters parameters_no_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER parameters_no_delete BEFORE DELETE ON public.parameters FOR EACH ROW EXECUTE FUNCTION public.refuse_change();

--
-- Name: parameters parameters_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER parameters_no_truncate BEFORE TRUNCATE ON public.parameters FOR EACH STATEMENT EXECUTE FUNCTION public.refuse_change();

--
-- Name: payments payments_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER payments_append_only BEFORE DELETE OR UPDATE ON public.payments FOR EACH ROW EXECUTE FUNCTION public.refuse_change();

--
-- Name: payments payments_have_receipt; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER payments_have_receipt AFTER INSERT ON public.payments DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.payments_have_receipt();

--
-- Name: payments payments_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER payments_no_truncate BEFORE TRUNCATE ON public.payments FOR EACH STATEMENT EXECUTE FUNCTION public.refuse_change();

--
-- Name: receipts receipts_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER receipts_append_only BEFORE DELETE OR UPDATE ON public.receipts FOR EACH ROW EXECUTE FUNCTION public.refuse_change();

--
-- Name: receipts receipts_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER receipts_no_truncate BEFORE TRUNCATE ON public.receipts FOR EACH STATEMENT EXECUTE FUNCTION public.refuse_change();

--
-- Name: units units_keep_signed_indemnity; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER units_keep_signed_indemnity BEFORE UPDATE OF base_indemnity_cents ON public.units FOR EACH ROW WHEN ((new.base_indemnity_cents IS DISTINCT FROM old.base_indemnity_cents)) EXECUTE FUNCTION public.units_keep_signed_indemnity();

--
-- Name: users users_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER users_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.users FOR EACH STATEMENT EXECUTE FUNCTION public.users_changed();

--
-- Name: accompaniment_logs accompaniment_logs_operator_id_convention_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accompaniment_logs
    ADD CONSTRAINT accompaniment_logs_operator_id_convention_id_fkey FOREIGN KEY (operator_id, convention_id) REFERENCES public.conventions(operator_id, id);

--
-- Name: accompaniment_logs accompaniment_logs_worker_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accompaniment_logs
    ADD CONSTRAINT accompaniment_logs_worker_user_id_fkey FOREIGN KEY (worker_user_id) REFERENCES public.users(id);

--
-- Name: accompaniment_plan_persons accompaniment_plan_persons_operator_id_household_id_conven_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accompaniment_plan_persons
    ADD CONSTRAINT accompaniment_plan_persons_operator_id_household_id_conven_fkey FOREIGN KEY (operator_id, household_id, convention_id) REFERENCES public.accompaniment_plans(operator_id, household_id, convention_id);

--
-- Name: accompaniment_plan_persons accompaniment_plan_persons_operator_id_household_id_member_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accompaniment_plan_persons
    ADD CONSTRAINT accompaniment_plan_persons_operator_id_household_id_member_fkey FOREIGN KEY (operator_id, household_id, member_id) REFERENCES public.members(operator_id, household_id, id);

--
-- Name: accompaniment_plans accompaniment_plans_operator_id_household_id_convention_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accompaniment_plans
    ADD CONSTRAINT accompaniment_plans_operator_id_household_id_convention_id_fkey FOREIGN KEY (operator_id, household_id, convention_id) REFERENCES public.conventions(operator_id, household_id, id);

--
-- Name: accompaniment_plans accompaniment_plans_worker_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accompaniment_plans
    ADD CONSTRAINT accompaniment_plans_worker_user_id_fkey FOREIGN KEY (worker_user_id) REFERENCES public.users(id);

--
-- Name: admission_checks admission_checks_created_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.admission_checks
    ADD CONSTRAINT admission_checks_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id);

--
-- Name: admission_checks admission_checks_operator_id_household_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.admission_checks
    ADD CONSTRAINT admission_checks_operator_id_household_id_fkey FOREIGN KEY (operator_id, household_id) REFERENCES public.households(operator_id, id);

--
-- Name: admission_checks admission_checks_operator_id_unit_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.admission_checks
    ADD CONSTRAINT admission_checks_operator_id_unit_id_fkey FOREIGN KEY (operator_id, unit_id) REFERENCES public.units(operator_id, id);

--
-- Name: alerts alerts_acknowledged_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_acknowledged_by_fkey FOREIGN KEY (acknowledged_by) REFERENCES public.users(id);

--
-- Name: alerts alerts_assignee_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_assignee_id_fkey FOREIGN KEY (assignee_id) REFERENCES public.users(id);

--
-- Name: alerts alerts_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operators(id);

--
-- Name: alerts alerts_resolved_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_resolved_by_fkey FOREIGN KEY (resolved_by) REFERENCES public.users(id);

--
-- Name: allocations allocations_operator_id_household_id_invoice_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.allocations
    ADD CONSTRAINT allocations_operator_id_household_id_invoice_id_fkey FOREIGN KEY (operator_id, household_id, invoice_id) REFERENCES public.invoices(operator_id, household_id, id);

--
-- Name: allocations allocations_operator_id_household_id_payment_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.allocations
    ADD CONSTRAINT allocations_operator_id_household_id_payment_id_fkey FOREIGN KEY (operator_id, household_id, payment_id) REFERENCES public.payments(operator_id, household_id, id);

--
-- Name: audit_log audit_log_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operators(id);

--
-- Name: audit_log audit_log_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);

--
-- Name: billing_runs billing_runs_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.billing_runs
    ADD CONSTRAINT billing_runs_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operators(id);

--
-- Name: billing_runs billing_runs_requested_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.billing_runs
    ADD CONSTRAINT billing_runs_requested_by_fkey FOREIGN KEY (requested_by) REFERENCES public.users(id);

--
-- Name: buildings buildings_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.buildings
    ADD CONSTRAINT buildings_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operators(id);

--
-- Name: calendar_tokens calendar_tokens_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.calendar_tokens
    ADD CONSTRAINT calendar_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);

--
-- Name: convention_notice_letters convention_notice_letters_convention_id_member_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.convention_notice_letters
    ADD CONSTRAINT convention_notice_letters_convention_id_member_id_fkey FOREIGN KEY (convention_id, member_id) REFERENCES public.convention_signatories(convention_id, member_id);

--
-- Name: convention_notice_letters convention_notice_letters_notice_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.convention_notice_letters
    ADD CONSTRAINT convention_notice_letters_notice_id_fkey FOREIGN KEY (notice_id) REFERENCES public.convention_notices(id);

--
-- Name: convention_notices convention_notices_convention_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.convention_notices
    ADD CONSTRAINT convention_notices_convention_id_fkey FOREIGN KEY (convention_id) REFERENCES public.conventions(id);

--
-- Name: convention_notices convention_notices_created_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.convention_notices
    ADD CONSTRAINT convention_notices_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id);

--
-- Name: convention_periods convention_periods_convention_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.convention_periods
    ADD CONSTRAINT convention_periods_convention_id_fkey FOREIGN KEY (convention_id) REFERENCES public.conventions(id);

--
-- Name: convention_renewals convention_renewals_convention_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.convention_renewals
    ADD CONSTRAINT convention_renewals_convention_id_fkey FOREIGN KEY (convention_id) REFERENCES public.conventions(id);

--
-- Name: convention_renewals convention_renewals_created_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.convention_renewals
    ADD CONSTRAINT convention_renewals_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id);

--
-- Name: convention_renewals convention_renewals_operator_id_admission_check_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.convention_renewals
    ADD CONSTRAINT convention_renewals_operator_id_admission_check_id_fkey FOREIGN KEY (operator_id, admission_check_id) REFERENCES public.admission_checks(operator_id, id);

--
-- Name: convention_renewals convention_renewals_operator_id_convention_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.convention_renewals
    ADD CONSTRAINT convention_renewals_operator_id_convention_id_fkey FOREIGN KEY (operator_id, convention_id) REFERENCES public.conventions(operator_id, id);

--
-- Name: convention_signatories convention_signatories_operator_id_household_id_convention_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.convention_signatories
    ADD CONSTRAINT convention_signatories_operator_id_household_id_convention_fkey FOREIGN KEY (operator_id, household_id, convention_id) REFERENCES public.conventions(operator_id, household_id, id);

--
-- Name: convention_signatories convention_signatories_operator_id_household_id_member_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.convention_signatories
    ADD CONSTRAINT convention_signatories_operator_id_household_id_member_id_fkey FOREIGN KEY (operator_id, household_id, member_id) REFERENCES public.members(operator_id, household_id, id);

--
-- Name: conventions conventions_created_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.conventions
    ADD CONSTRAINT conventions_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id);

--
-- Name: conventions conventions_operator_id_admission_check_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.conventions
    ADD CONSTRAINT conventions_operator_id_admission_check_id_fkey FOREIGN KEY (operator_id, admission_check_id) REFERENCES public.admission_checks(operator_id, id);

--
-- Name: conventions conventions_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.conventions
    ADD CONSTRAINT conventions_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operators(id);

--
-- Name: conventions conventions_operator_id_household_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.conventions
    ADD CONSTRAINT conventions_operator_id_household_id_fkey FOREIGN KEY (operator_id, household_id) REFERENCES public.households(operator_id, id);

--
-- Name: conventions conventions_operator_id_unit_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.conventions
    ADD CONSTRAINT conventions_operator_id_unit_id_fkey FOREIGN KEY (operator_id, unit_id) REFERENCES public.units(operator_id, id);

--
-- Name: debt_mediations debt_mediations_operator_id_household_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.debt_mediations
    ADD CONSTRAINT debt_mediations_operator_id_household_id_fkey FOREIGN KEY (operator_id, household_id) REFERENCES public.households(operator_id, id);

--
-- Name: digest_log digest_log_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.digest_log
    ADD CONSTRAINT digest_log_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);

--
-- Name: force_majeure_records force_majeure_records_operator_id_household_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.force_majeure_records
    ADD CONSTRAINT force_majeure_records_operator_id_household_id_fkey FOREIGN KEY (operator_id, household_id) REFERENCES public.households(operator_id, id);

--
-- Name: guarantee_savings guarantee_savings_created_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.guarantee_savings
    ADD CONSTRAINT guarantee_savings_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id);

--
-- Name: guarantee_savings guarantee_savings_operator_id_convention_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.guarantee_savings
    ADD CONSTRAINT guarantee_savings_operator_id_convention_id_fkey FOREIGN KEY (operator_id, convention_id) REFERENCES public.conventions(operator_id, id);

--
-- Name: households households_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.households
    ADD CONSTRAINT households_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operators(id);

--
-- Name: idempotency_keys idempotency_keys_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.idempotency_keys
    ADD CONSTRAINT idempotency_keys_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operators(id);

--
-- Name: idempotency_keys idempotency_keys_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.idempotency_keys
    ADD CONSTRAINT idempotency_keys_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);

--
-- Name: income_degradations income_degradations_operator_id_household_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.income_degradations
    ADD CONSTRAINT income_degradations_operator_id_household_id_fkey FOREIGN KEY (operator_id, household_id) REFERENCES public.households(operator_id, id);

--
-- Name: incomes incomes_operator_id_household_id_member_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.incomes
    ADD CONSTRAINT incomes_operator_id_household_id_member_id_fkey FOREIGN KEY (operator_id, household_id, member_id) REFERENCES public.members(operator_id, household_id, id) ON DELETE CASCADE;

--
-- Name: invoice_lines invoice_lines_invoice_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoice_lines
    ADD CONSTRAINT invoice_lines_invoice_id_fkey FOREIGN KEY (invoice_id) REFERENCES public.invoices(id);

--
-- Name: invoices invoices_operator_id_household_id_convention_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_operator_id_household_id_convention_id_fkey FOREIGN KEY (operator_id, household_id, convention_id) REFERENCES public.conventions(operator_id, household_id, id);

--
-- Name: invoices invoices_operator_id_run_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_operator_id_run_id_fkey FOREIGN KEY (operator_id, run_id) REFERENCES public.billing_runs(operator_id, id);

--
-- Name: logbook_entries logbook_entries_author_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.logbook_entries
    ADD CONSTRAINT logbook_entries_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.users(id);

--
-- Name: logbook_entries logbook_entries_corrects_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.logbook_entries
    ADD CONSTRAINT logbook_entries_corrects_id_fkey FOREIGN KEY (corrects_id) REFERENCES public.logbook_entries(id);

--
-- Name: logbook_entries logbook_entries_operator_id_building_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.logbook_entries
    ADD CONSTRAINT logbook_entries_operator_id_building_id_fkey FOREIGN KEY (operator_id, building_id) REFERENCES public.buildings(operator_id, id);

--
-- Name: logbook_entries logbook_entries_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.logbook_entries
    ADD CONSTRAINT logbook_entries_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operators(id);

--
-- Name: logbook_entries logbook_entries_operator_id_unit_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.logbook_entries
    ADD CONSTRAINT logbook_entries_operator_id_unit_id_fkey FOREIGN KEY (operator_id, unit_id) REFERENCES public.units(operator_id, id);

--
-- Name: members members_operator_id_household_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.members
    ADD CONSTRAINT members_operator_id_household_id_fkey FOREIGN KEY (operator_id, household_id) REFERENCES public.households(operator_id, id);

--
-- Name: parameters parameters_created_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.parameters
    ADD CONSTRAINT parameters_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id);

--
-- Name: parameters parameters_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.parameters
    ADD CONSTRAINT parameters_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operators(id);

--
-- Name: patrimony_records patrimony_records_operator_id_household_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patrimony_records
    ADD CONSTRAINT patrimony_records_operator_id_household_id_fkey FOREIGN KEY (operator_id, household_id) REFERENCES public.households(operator_id, id);

--
-- Name: patrimony_records patrimony_records_operator_id_household_id_member_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patrimony_records
    ADD CONSTRAINT patrimony_records_operator_id_household_id_member_id_fkey FOREIGN KEY (operator_id, household_id, member_id) REFERENCES public.members(operator_id, household_id, id) ON DELETE SET NULL (member_id);

--
-- Name: payments payments_operator_id_household_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_operator_id_household_id_fkey FOREIGN KEY (operator_id, household_id) REFERENCES public.households(operator_id, id);

--
-- Name: payments payments_operator_id_household_id_reverses_payment_id_reve_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_operator_id_household_id_reverses_payment_id_reve_fkey FOREIGN KEY (operator_id, household_id, reverses_payment_id, reversed_amount_cents) REFERENCES public.payments(operator_id, household_id, id, amount_cents);

--
-- Name: payments payments_recorded_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES public.users(id);

--
-- Name: receipt_counters receipt_counters_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.receipt_counters
    ADD CONSTRAINT receipt_counters_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operators(id);

--
-- Name: receipts receipts_gapless; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.receipts
    ADD CONSTRAINT receipts_gapless FOREIGN KEY (operator_id, year, previous_number) REFERENCES public.receipts(operator_id, year, number);

--
-- Name: receipts receipts_issued_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.receipts
    ADD CONSTRAINT receipts_issued_by_fkey FOREIGN KEY (issued_by) REFERENCES public.users(id);

--
-- Name: receipts receipts_operator_id_household_id_payment_id_amount_cents_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.receipts
    ADD CONSTRAINT receipts_operator_id_household_id_payment_id_amount_cents_fkey FOREIGN KEY (operator_id, household_id, payment_id, amount_cents) REFERENCES public.payments(operator_id, household_id, id, amount_cents);

--
-- Name: rooms rooms_unit_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rooms
    ADD CONSTRAINT rooms_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES public.units(id) ON DELETE CASCADE;

--
-- Name: units units_operator_id_building_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.units
    ADD CONSTRAINT units_operator_id_building_id_fkey FOREIGN KEY (operator_id, building_id) REFERENCES public.buildings(operator_id, id);

--
-- Name: units units_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.units
    ADD CONSTRAINT units_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operators(id);

--
-- Name: users users_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operators(id);

--
-- PostgreSQL database dump complete
--


-- 007_billing: monthly invoices of the indemnity (rules.md section 3),
-- payments and their allocation to invoices, numbered receipts, and the
-- idempotency keys of payment requests.
--
-- Every amount was computed by core/ (core/indem.c for the invoice lines,
-- core/money.c for rounding); the database keeps them and refuses what must
-- never exist: two invoices of one convention for one month, an invoice
-- whose lines do not add up, an invoice paid beyond its total or below
-- zero, a payment allocated beyond its amount, a payment changed or
-- deleted, a reversal that does not mirror the payment it reverses, a
-- payment without its receipt, and a gap in the receipt numbers of an
-- operator's year.

-- ---- billing runs and invoices ----

-- One request to bill a month. A run commits its invoices in batches, so
-- a run that was killed keeps the batches it finished and finished_at
-- stays NULL; running the month again completes it.
CREATE TABLE billing_runs (
	id bigserial PRIMARY KEY,
	operator_id bigint NOT NULL REFERENCES operators (id),
	month date NOT NULL CHECK (month = date_trunc('month', month)::date),
	requested_by bigint REFERENCES users (id),
	run_on date NOT NULL,
	started_at timestamptz NOT NULL DEFAULT now(),
	finished_at timestamptz,
	conventions integer NOT NULL DEFAULT 0 CHECK (conventions >= 0),
	created integer NOT NULL DEFAULT 0 CHECK (created >= 0),
	skipped integer NOT NULL DEFAULT 0 CHECK (skipped >= 0),
	UNIQUE (operator_id, id),
	CHECK (created + skipped <= conventions)
);
CREATE INDEX billing_runs_operator ON billing_runs (operator_id, id);

-- The indemnity of one convention for one calendar month. The id is also
-- the base of its structured communication (core/ident.c), reserved from
-- the sequence before the row is written.
CREATE TABLE invoices (
	id bigserial PRIMARY KEY,
	operator_id bigint NOT NULL,
	convention_id bigint NOT NULL,
	household_id bigint NOT NULL,
	run_id bigint,
	-- the first day of the month billed
	month date NOT NULL CHECK (month = date_trunc('month', month)::date),
	issued_on date NOT NULL,
	-- payment_due_last_day of the month (the 5th): paid in advance
	due_on date NOT NULL,
	communication text NOT NULL CHECK (communication ~ '^\+\+\+[0-9]{3}/[0-9]{4}/[0-9]{5}\+\+\+$'),
	-- the reduced and base lines (under the cap), and the utility lines (outside it)
	indemnity_cents bigint NOT NULL CHECK (indemnity_cents BETWEEN 0 AND 100000000),
	provision_cents bigint NOT NULL CHECK (provision_cents BETWEEN 0 AND 100000000),
	total_cents bigint NOT NULL,
	-- the sum of the allocations, kept by allocations_apply() only
	paid_cents bigint NOT NULL DEFAULT 0,
	created_at timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT invoices_one_per_month UNIQUE (convention_id, month),
	CONSTRAINT invoices_communication_unique UNIQUE (operator_id, communication),
	UNIQUE (operator_id, id),
	UNIQUE (operator_id, household_id, id),
	-- the household is the convention's
	FOREIGN KEY (operator_id, household_id, convention_id)
		REFERENCES conventions (operator_id, household_id, id),
	FOREIGN KEY (operator_id, run_id) REFERENCES billing_runs (operator_id, id),
	CHECK (total_cents = indemnity_cents + provision_cents),
	CHECK (due_on >= month AND due_on < (month + interval '1 month')::date),
	CONSTRAINT invoices_paid_within_total CHECK (paid_cents BETWEEN 0 AND total_cents)
);
CREATE INDEX invoices_operator ON invoices (operator_id, id);
CREATE INDEX invoices_household ON invoices (household_id, month, id);
CREATE INDEX invoices_open ON invoices (operator_id, household_id) WHERE paid_cents < total_cents;

CREATE TYPE invoice_line_kind AS ENUM ('reduced', 'base', 'utility_provision');

-- The lines of core/indem.c's indem_month (a reduced part, then an
-- overstay part at the base), and the utility provision prorated over the
-- same days.
CREATE TABLE invoice_lines (
	invoice_id bigint NOT NULL REFERENCES invoices (id),
	position integer NOT NULL CHECK (position BETWEEN 0 AND 7),
	kind invoice_line_kind NOT NULL,
	from_on date NOT NULL,
	to_on date NOT NULL,
	days integer NOT NULL,
	days_in_month integer NOT NULL CHECK (days_in_month BETWEEN 28 AND 31),
	monthly_cents bigint NOT NULL CHECK (monthly_cents BETWEEN 0 AND 100000000),
	amount_cents bigint NOT NULL CHECK (amount_cents BETWEEN 0 AND monthly_cents),
	PRIMARY KEY (invoice_id, position),
	CHECK (from_on <= to_on AND days = to_on - from_on + 1 AND days <= days_in_month)
);

-- An invoice and its lines are written by one statement; at its end the
-- lines of every invoice it touched must add up to the invoice's amounts
-- and lie in its month. (Statement triggers fire once the whole statement,
-- data-modifying CTEs included, has run; one set-based check per statement
-- keeps a run of thousands of invoices cheap.)
CREATE FUNCTION invoices_lines_wrong(ids bigint[]) RETURNS bigint LANGUAGE sql STABLE AS $$
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

-- For one invoice, as the tests and audits ask it.
CREATE FUNCTION invoice_lines_add_up(p_invoice bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
	SELECT invoices_lines_wrong(ARRAY[p_invoice]) IS NULL
$$;

CREATE FUNCTION invoices_check_lines() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE TRIGGER invoices_lines_add_up AFTER INSERT ON invoices
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
	EXECUTE FUNCTION invoices_check_lines();
CREATE TRIGGER invoice_lines_add_up AFTER INSERT ON invoice_lines
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
	EXECUTE FUNCTION invoices_check_lines();

-- An invoice is never rewritten nor deleted: only paid_cents moves, and
-- only from allocations_apply() (a trigger: depth 2).
CREATE FUNCTION invoices_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND pg_trigger_depth() >= 2
		AND (to_jsonb(NEW) - 'paid_cents') = (to_jsonb(OLD) - 'paid_cents') THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'invoices are kept as issued: % refused', TG_OP
		USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER invoices_no_change BEFORE UPDATE OR DELETE ON invoices
	FOR EACH ROW EXECUTE FUNCTION invoices_guard();
CREATE TRIGGER invoices_no_truncate BEFORE TRUNCATE ON invoices
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER invoice_lines_append_only BEFORE UPDATE OR DELETE ON invoice_lines
	FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER invoice_lines_no_truncate BEFORE TRUNCATE ON invoice_lines
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- ---- payments ----

-- cpas_retention: budget management, the CPAS retains the indemnity at
-- source (rules.md section 3).
CREATE TYPE payment_method AS ENUM ('transfer', 'cash', 'cpas_retention', 'direct_debit');

-- A payment received, or the counter-entry that reverses a mistaken one:
-- the opposite amount, referring to it. Nothing here is ever changed or
-- deleted.
CREATE TABLE payments (
	id bigserial PRIMARY KEY,
	operator_id bigint NOT NULL,
	household_id bigint NOT NULL,
	paid_on date NOT NULL,
	amount_cents bigint NOT NULL CHECK (amount_cents <> 0
		AND amount_cents BETWEEN -100000000 AND 100000000),
	method payment_method NOT NULL,
	payer text NOT NULL CHECK (length(payer) BETWEEN 1 AND 200),
	communication text CHECK (communication ~ '^\+\+\+[0-9]{3}/[0-9]{4}/[0-9]{5}\+\+\+$'),
	reverses_payment_id bigint,
	reversed_amount_cents bigint,
	reason text CHECK (length(reason) BETWEEN 1 AND 500),
	recorded_by bigint REFERENCES users (id),
	recorded_on date NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (operator_id, id),
	UNIQUE (operator_id, household_id, id),
	UNIQUE (operator_id, household_id, id, amount_cents),
	FOREIGN KEY (operator_id, household_id) REFERENCES households (operator_id, id),
	-- a payment is reversed at most once, by the opposite of its own
	-- amount, within its household; a reversal is never reversed
	CONSTRAINT payments_reversed_once UNIQUE (reverses_payment_id),
	FOREIGN KEY (operator_id, household_id, reverses_payment_id, reversed_amount_cents)
		REFERENCES payments (operator_id, household_id, id, amount_cents),
	CONSTRAINT payments_reversal_mirrors CHECK (
		(reverses_payment_id IS NULL AND reversed_amount_cents IS NULL AND reason IS NULL
			AND amount_cents > 0)
		OR (reverses_payment_id IS NOT NULL AND reversed_amount_cents > 0
			AND amount_cents = -reversed_amount_cents AND reason IS NOT NULL))
);
CREATE INDEX payments_operator ON payments (operator_id, id);
CREATE INDEX payments_household ON payments (household_id, paid_on, id);

CREATE TRIGGER payments_append_only BEFORE UPDATE OR DELETE ON payments
	FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER payments_no_truncate BEFORE TRUNCATE ON payments
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Which invoice a payment pays, and how much. A reversal un-allocates with
-- negative rows that mirror the reversed payment's.
CREATE TABLE allocations (
	id bigserial PRIMARY KEY,
	operator_id bigint NOT NULL,
	household_id bigint NOT NULL,
	payment_id bigint NOT NULL,
	invoice_id bigint NOT NULL,
	amount_cents bigint NOT NULL CHECK (amount_cents <> 0),
	created_at timestamptz NOT NULL DEFAULT now(),
	-- the payment and the invoice are of one household
	FOREIGN KEY (operator_id, household_id, payment_id)
		REFERENCES payments (operator_id, household_id, id),
	FOREIGN KEY (operator_id, household_id, invoice_id)
		REFERENCES invoices (operator_id, household_id, id)
);
CREATE INDEX allocations_payment ON allocations (payment_id);
CREATE INDEX allocations_invoice ON allocations (invoice_id);

CREATE TRIGGER allocations_append_only BEFORE UPDATE OR DELETE ON allocations
	FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER allocations_no_truncate BEFORE TRUNCATE ON allocations
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Moves the invoice's paid amount (its CHECK refuses more than the total or
-- less than zero) and refuses an allocation beyond the payment's amount or
-- of the other sign. Writers hold the household's row lock (billing_allocate).
-- Replaced by 015_review_fixes.sql (a payment's allocation may move to an
-- older month); the live schema is sql/schema.sql.
CREATE FUNCTION allocations_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	paid bigint;
	allocated bigint;
BEGIN
	UPDATE invoices SET paid_cents = paid_cents + NEW.amount_cents WHERE id = NEW.invoice_id;
	SELECT amount_cents INTO paid FROM payments WHERE id = NEW.payment_id;
	SELECT sum(amount_cents) INTO allocated FROM allocations WHERE payment_id = NEW.payment_id;
	IF sign(NEW.amount_cents) <> sign(paid) OR abs(allocated) > abs(paid) THEN
		RAISE EXCEPTION 'payment % would be allocated % of its %', NEW.payment_id,
			allocated, paid
			USING ERRCODE = 'check_violation', CONSTRAINT = 'allocations_within_payment';
	END IF;
	RETURN NULL;
END;
$$;
CREATE TRIGGER allocations_apply AFTER INSERT ON allocations
	FOR EACH ROW EXECUTE FUNCTION allocations_apply();

-- What is left of each payment that still counts (neither a reversal nor
-- reversed): the household's credit is the sum of what is left.
CREATE VIEW payment_balances AS
SELECT p.id AS payment_id, p.operator_id, p.household_id, p.paid_on,
	p.amount_cents - coalesce((SELECT sum(a.amount_cents) FROM allocations a
		WHERE a.payment_id = p.id), 0) AS unallocated_cents
FROM payments p
WHERE p.reverses_payment_id IS NULL
	AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reverses_payment_id = p.id);

-- Allocates the household's credit to its open invoices: the oldest payment
-- first, to the oldest open invoice first (by month, then id). What no
-- invoice takes stays as credit for the next invoices. Holds the
-- household's row lock to the end of the transaction so that allocations of
-- one household never interleave. Returns the number of allocations made.
-- Replaced whole by 013_allocate_nothing_open.sql (returns at once when
-- nothing is open); the live schema is sql/schema.sql.
CREATE FUNCTION billing_allocate(p_household bigint) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
	pay record;
	inv record;
	left_cents bigint;
	take bigint;
	n integer := 0;
BEGIN
	PERFORM 1 FROM households WHERE id = p_household FOR NO KEY UPDATE;
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

-- ---- receipts ----

-- The last receipt number of each operator and year. A payment takes the
-- next one with INSERT ... ON CONFLICT DO UPDATE ... RETURNING, which locks
-- the row to the end of its transaction: concurrent payments queue there,
-- and a transaction that rolls back rolls its increment back with it, so
-- the number is given to the next payment and none is lost.
CREATE TABLE receipt_counters (
	operator_id bigint NOT NULL REFERENCES operators (id),
	year integer NOT NULL CHECK (year BETWEEN 1900 AND 2199),
	last_number integer NOT NULL CHECK (last_number BETWEEN 1 AND 999999),
	PRIMARY KEY (operator_id, year)
);

-- Receipt R-YYYY-NNNNNN of a payment (never of a reversal: the foreign key
-- takes the payment's amount, which must be positive). Number n > 1 exists
-- only if n - 1 does: the numbers of an operator's year have no gap.
CREATE TABLE receipts (
	id bigserial PRIMARY KEY,
	operator_id bigint NOT NULL,
	household_id bigint NOT NULL,
	payment_id bigint NOT NULL,
	amount_cents bigint NOT NULL CHECK (amount_cents > 0),
	year integer NOT NULL CHECK (year BETWEEN 1900 AND 2199),
	number integer NOT NULL CHECK (number BETWEEN 1 AND 999999),
	previous_number integer GENERATED ALWAYS AS (nullif(number - 1, 0)) STORED,
	issued_on date NOT NULL CHECK (extract(year FROM issued_on) = year),
	issued_by bigint REFERENCES users (id),
	created_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (operator_id, id),
	CONSTRAINT receipts_one_per_payment UNIQUE (payment_id),
	CONSTRAINT receipts_number_unique UNIQUE (operator_id, year, number),
	CONSTRAINT receipts_gapless FOREIGN KEY (operator_id, year, previous_number)
		REFERENCES receipts (operator_id, year, number),
	FOREIGN KEY (operator_id, household_id, payment_id, amount_cents)
		REFERENCES payments (operator_id, household_id, id, amount_cents)
);
CREATE INDEX receipts_operator ON receipts (operator_id, id);

CREATE TRIGGER receipts_append_only BEFORE UPDATE OR DELETE ON receipts
	FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER receipts_no_truncate BEFORE TRUNCATE ON receipts
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Every payment received has its receipt by the end of its transaction.
CREATE FUNCTION payments_have_receipt() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.amount_cents > 0 AND NOT EXISTS (SELECT 1 FROM receipts r
		WHERE r.payment_id = NEW.id) THEN
		RAISE EXCEPTION 'payment % has no receipt', NEW.id
			USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_have_receipt';
	END IF;
	RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER payments_have_receipt AFTER INSERT ON payments
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION payments_have_receipt();

REVOKE UPDATE, DELETE, TRUNCATE ON invoice_lines, payments, allocations, receipts FROM PUBLIC;

-- ---- idempotency keys ----

-- The first answer given to a request with an Idempotency-Key: the same key
-- again gets it back and creates nothing. request_hash is the SHA-256 of
-- the endpoint and the canonical JSON body, to tell a retry from a reuse of
-- the key for another request.
CREATE TABLE idempotency_keys (
	operator_id bigint NOT NULL REFERENCES operators (id),
	key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
	request_hash text NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
	status integer NOT NULL CHECK (status BETWEEN 200 AND 299),
	location text,
	response text NOT NULL,
	user_id bigint REFERENCES users (id),
	created_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (operator_id, key)
);

-- ---- the JSON documents the API serves ----

CREATE VIEW invoice_docs AS
SELECT i.id, i.operator_id, i.household_id, i.convention_id, i.month,
	i.paid_cents < i.total_cents AS open, json_build_object(
	'id', i.id, 'convention_id', i.convention_id, 'household_id', i.household_id,
	'run_id', i.run_id, 'month', to_char(i.month, 'YYYY-MM'), 'issued_on', i.issued_on,
	'due_on', i.due_on, 'communication', i.communication,
	'lines', coalesce((SELECT json_agg(json_build_object(
		'kind', l.kind, 'from', l.from_on, 'to', l.to_on, 'days', l.days,
		'days_in_month', l.days_in_month, 'monthly_cents', l.monthly_cents,
		'amount_cents', l.amount_cents) ORDER BY l.position)
		FROM invoice_lines l WHERE l.invoice_id = i.id), '[]'::json),
	'indemnity_cents', i.indemnity_cents, 'provision_cents', i.provision_cents,
	'total_cents', i.total_cents, 'paid_cents', i.paid_cents,
	'due_cents', i.total_cents - i.paid_cents, 'open', i.paid_cents < i.total_cents,
	'allocations', coalesce((SELECT json_agg(json_build_object(
		'payment_id', a.payment_id, 'amount_cents', a.amount_cents,
		'created_at', a.created_at) ORDER BY a.id)
		FROM allocations a WHERE a.invoice_id = i.id), '[]'::json),
	'created_at', i.created_at)::text AS doc
FROM invoices i;

-- A receipt acknowledges what the payment paid when it was issued: the
-- months its allocations of that transaction paid (same now()), and the
-- rest as credit for the next invoices. Later uses of that credit by
-- billing runs show on the payment and the invoices, not on the receipt.
-- Replaced by 017_money_formats.sql (the number from receipt_number()).
CREATE VIEW receipt_docs AS
SELECT r.id, r.operator_id, r.payment_id, r.household_id, r.year, json_build_object(
	'id', r.id, 'number', 'R-' || r.year || '-' || lpad(r.number::text, 6, '0'),
	'year', r.year, 'sequence', r.number, 'payment_id', r.payment_id,
	'household_id', r.household_id, 'amount_cents', r.amount_cents,
	'paid_on', p.paid_on, 'method', p.method, 'payer', p.payer,
	'issued_on', r.issued_on, 'issued_by', r.issued_by,
	'months', coalesce((SELECT json_agg(json_build_object(
		'month', to_char(m.month, 'YYYY-MM'), 'amount_cents', m.amount) ORDER BY m.month)
		FROM (SELECT i.month, sum(a.amount_cents) AS amount FROM allocations a
			JOIN invoices i ON i.id = a.invoice_id WHERE a.payment_id = r.payment_id
			AND a.created_at <= r.created_at GROUP BY i.month) m), '[]'::json),
	'credit_cents', r.amount_cents - coalesce((SELECT sum(a.amount_cents) FROM allocations a
		WHERE a.payment_id = r.payment_id AND a.created_at <= r.created_at), 0),
	'reversed_by_payment_id', (SELECT v.id FROM payments v
		WHERE v.reverses_payment_id = r.payment_id),
	'created_at', r.created_at)::text AS doc
FROM receipts r JOIN payments p ON p.id = r.payment_id;

-- Replaced by 017_money_formats.sql (the number from receipt_number()).
CREATE VIEW payment_docs AS
SELECT p.id, p.operator_id, p.household_id, json_build_object(
	'id', p.id, 'household_id', p.household_id, 'paid_on', p.paid_on,
	'amount_cents', p.amount_cents, 'method', p.method, 'payer', p.payer,
	'communication', p.communication, 'reverses_payment_id', p.reverses_payment_id,
	'reason', p.reason,
	'reversed_by_payment_id', (SELECT v.id FROM payments v WHERE v.reverses_payment_id = p.id),
	'allocations', coalesce((SELECT json_agg(json_build_object(
		'invoice_id', a.invoice_id, 'month', to_char(i.month, 'YYYY-MM'),
		'amount_cents', a.amount_cents) ORDER BY a.id)
		FROM allocations a JOIN invoices i ON i.id = a.invoice_id
		WHERE a.payment_id = p.id), '[]'::json),
	'unallocated_cents', p.amount_cents - coalesce((SELECT sum(a.amount_cents)
		FROM allocations a WHERE a.payment_id = p.id), 0),
	'receipt', (SELECT json_build_object('id', r.id,
		'number', 'R-' || r.year || '-' || lpad(r.number::text, 6, '0'))
		FROM receipts r WHERE r.payment_id = p.id),
	'recorded_by', p.recorded_by, 'recorded_on', p.recorded_on,
	'created_at', p.created_at)::text AS doc
FROM payments p;

CREATE VIEW billing_run_docs AS
SELECT b.id, b.operator_id, json_build_object(
	'id', b.id, 'month', to_char(b.month, 'YYYY-MM'), 'run_on', b.run_on,
	'requested_by', b.requested_by, 'conventions', b.conventions, 'created', b.created,
	'skipped', b.skipped, 'complete', b.finished_at IS NOT NULL,
	'started_at', b.started_at, 'finished_at', b.finished_at)::text AS doc
FROM billing_runs b;

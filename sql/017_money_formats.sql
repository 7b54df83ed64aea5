-- 017_money_formats: one home for each money format and rule that was
-- written in two or more places (issue 14 item 4). Nothing a client sees
-- changes: the same texts, the same rows, the same answers.
--
-- 1. receipt_number(year, number): the receipt number R-YYYY-NNNNNN. The
--    views below, the ledger export (api/h_ledger.c) and the receipt PDF
--    (api/h_receipt_pdf.c, which hands the text to pdfgen) read it from
--    here; nothing else formats it.
-- 2. convention_communication(ogm_base, convention_id): the number of a
--    convention's standing structured communication, the operator's
--    ogm_base plus the convention's id. payment_record() matches a payment
--    with it and the convention PDF (api/h_documents.c) asks for it.
-- 3. audit_write(): the one statement that writes an audit row, used by
--    api_audit() (api/api_db.c) and by payment_record(). payment_record()
--    runs as a statement of its own (its own transaction, one round trip,
--    sql/011): its audit row must be written inside it, so the handler
--    cannot write it afterwards; both callers therefore share this function.
-- 4. invoice_days_late(due_on, on_date): how late an invoice is, the days
--    from its due date to on_date (0 until the due date). The arrears list
--    (api/h_ledger.c) shows it, and the unpaid alert (api/alerts.c, then
--    core/alert.c) is raised once it exceeds unpaid_grace_days.

-- ---- 1. the receipt number ----

-- Years are 1900..2199 and numbers 1..999999 (CHECKs of receipts), so the
-- text is always R-, 4 digits, -, 6 digits.
CREATE FUNCTION receipt_number(p_year integer, p_number integer) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT 'R-' || lpad(p_year::text, 4, '0') || '-' || lpad(p_number::text, 6, '0')
$$;

-- Same documents as 007's, the number from receipt_number().
CREATE OR REPLACE VIEW receipt_docs AS
SELECT r.id, r.operator_id, r.payment_id, r.household_id, r.year, json_build_object(
	'id', r.id, 'number', receipt_number(r.year, r.number),
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

CREATE OR REPLACE VIEW payment_docs AS
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
		'number', receipt_number(r.year, r.number))
		FROM receipts r WHERE r.payment_id = p.id),
	'recorded_by', p.recorded_by, 'recorded_on', p.recorded_on,
	'created_at', p.created_at)::text AS doc
FROM payments p;

-- ---- 2. a convention's structured communication ----

-- The 10-digit number of the communication printed on a convention: NULL
-- when the operator has no ogm_base. Above 9999999999 it fits no
-- communication: the convention PDF refuses it (operator-profile-incomplete)
-- and no payment's communication can name it.
CREATE FUNCTION convention_communication(p_ogm_base bigint, p_convention bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
	SELECT p_ogm_base + p_convention
$$;

-- ---- 3. the audit row ----

CREATE FUNCTION audit_write(p_operator bigint, p_user bigint, p_request_id text, p_action text,
	p_entity text, p_entity_id text, p_before jsonb, p_after jsonb) RETURNS void
LANGUAGE sql AS $$
	INSERT INTO audit_log (operator_id, user_id, request_id, action, entity, entity_id,
		before, after)
	VALUES (p_operator, p_user, p_request_id, p_action, p_entity, p_entity_id, p_before,
		p_after)
$$;

-- ---- 4. days late ----

CREATE FUNCTION invoice_days_late(p_due_on date, p_on date) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
	SELECT greatest(0, p_on - p_due_on)
$$;

-- ---- payment_record() with the above ----

-- 011's payment_record(), the same steps and answers, with three changes:
-- the communication of a convention is matched through
-- convention_communication(); the audit row is written by audit_write();
-- the household's row lock is taken as api_household_lock() takes it (FOR
-- NO KEY UPDATE, scoped to the operator) as soon as the household is
-- known, before anything else of it is written, in the lock order of
-- api/api_internal.h (household, then invoices, payments, receipt
-- counter). billing_allocate() (013) and billing_reallocate() (015) take the
-- same lock the same way (FOR NO KEY UPDATE, first): within payment_record
-- it is already held, so theirs returns at once.
CREATE OR REPLACE FUNCTION payment_record(
	p_operator bigint, p_user bigint, p_request_id text, p_key text, p_hash text,
	p_household bigint, p_communication text, p_communication_number bigint,
	p_paid_on date, p_amount bigint, p_method payment_method, p_payer text, p_today date)
RETURNS TABLE (outcome text, status integer, location text, doc text)
LANGUAGE plpgsql AS $$
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

-- 011_payment_record: a payment recorded by one statement.
--
-- POST /api/v1/payments made twelve round trips to the server, four of them
-- while holding the receipt counter's row lock, which every payment of an
-- operator needs: payments queued there (tests/bench: 880 a second). The
-- same steps, in the same order and with the same answers, now run in
-- payment_record(), called once in its own transaction (api/h_payments.c):
-- the counter is locked only for the last few statements and the commit.
--
-- The commit does not wait for the WAL flush (synchronous_commit is off for
-- this transaction only), so the counter's lock is released as soon as the
-- commit record is written, not after the disk has it: payments no longer
-- queue behind each other's flush. The payment is acknowledged only once it
-- is durable all the same: before answering, api/h_payments.c commits a
-- transaction of its own with synchronous_commit on (api_db_flush_wal),
-- whose flush covers every commit record written before it. A crash before
-- that flush loses this payment and every later commit with it (the WAL is
-- a sequence), never one in the middle: numbers stay gapless, and the
-- client, which had no 201, retries with its Idempotency-Key. Meanwhile
-- other requests may see the payment; the receipt PDF is rendered only
-- after the same flush.
--
-- outcome: 'created' or 'replayed' (status, location, doc: the answer), or
-- the refusal api/h_payments.c turns into a problem: 'key-reused',
-- 'communication-mismatch', 'communication-not-found',
-- 'communication-ambiguous', 'household-not-found'.
-- Replaced by 017_money_formats.sql (communication, audit row, household lock).
CREATE FUNCTION payment_record(
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
	-- communication it is (the operator's ogm_base plus the convention's id,
	-- as the convention document prints it).
	IF p_communication IS NOT NULL THEN
		SELECT array_agg(h.household_id) INTO v_named FROM (
			SELECT i.household_id FROM invoices i
			WHERE i.operator_id = p_operator AND i.communication = p_communication
			UNION
			SELECT v.household_id FROM conventions v JOIN operators o ON o.id = v.operator_id
			WHERE v.operator_id = p_operator AND o.ogm_base IS NOT NULL
				AND v.id = p_communication_number - o.ogm_base) h;
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
	PERFORM 1 FROM households h WHERE h.id = v_household AND h.operator_id = p_operator;
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
	INSERT INTO audit_log (operator_id, user_id, request_id, action, entity, entity_id,
		before, after)
	VALUES (p_operator, p_user, p_request_id, 'payment.create', 'payment', v_id::text, NULL,
		v_doc::jsonb);
	v_location := '/api/v1/payments/' || v_id;
	INSERT INTO idempotency_keys (operator_id, key, request_hash, status, location, response,
		user_id)
	VALUES (p_operator, p_key, p_hash, 201, v_location, v_doc, p_user);
	RETURN QUERY SELECT 'created', 201, v_location, v_doc;
END
$$;

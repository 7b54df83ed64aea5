-- 015_review_fixes: fixes of the outside review (issue 13, item 11).
--
-- 1. After a reversal, the oldest month is paid first again.
--
-- A reversal mirrors the reversed payment's allocations, which reopens the
-- months that payment paid. Another payment could still be paying a later
-- month: an older month partly open next to a later month paid, and the
-- arrears counted from the older month's due date while the household had
-- paid as much. billing_reallocate() moves what the household's payments
-- pay so that the invoices are paid oldest month first (by month, then id,
-- as billing_allocate() does), the amount paid in all unchanged.
--
-- Nothing is rewritten: a move is a negative allocation row of the payment
-- on the later invoice, then billing_allocate() allocates the credit this
-- frees to the oldest open invoices. A receipt keeps what it acknowledged
-- when it was issued (receipt_docs reads the allocations made up to its
-- creation), the payment's document shows the move.
--
-- Only reversals call it: they are what takes money away from a month
-- that other payments' later months depend on. A payment or a billing run
-- only adds money or invoices, and billing_allocate() gives credit to the
-- oldest open invoice. (A run for a month older than a month already paid,
-- made late, leaves that older month open next to the later one paid until
-- the household's next reversal; runs are made month after month.)

-- Replaces allocations_apply() of 007_billing.sql: a payment may now have a
-- negative allocation (a move), as long as what it has on each invoice and
-- in all stays between 0 and its amount. A reversal's allocations are still
-- negative only, within its amount.
CREATE OR REPLACE FUNCTION allocations_apply() RETURNS trigger LANGUAGE plpgsql AS $$
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

-- Moves the household's allocations so that its invoices are paid oldest
-- month first, then allocates its credit (billing_allocate). The target of
-- each invoice is what the household's allocations in all would pay when
-- given to the invoices in order; an invoice paid beyond its target gives
-- the excess back, taken from the latest payments on it first (a payment
-- that is neither a reversal nor reversed: a reversed payment and its
-- reversal sum to zero on every invoice). Holds the household's row lock,
-- as billing_allocate() does. Returns the number of allocation rows made.
CREATE FUNCTION billing_reallocate(p_household bigint) RETURNS integer
LANGUAGE plpgsql AS $$
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

-- 2. The base indemnity of a unit a convention binds (signed, active,
-- renewed, notice given, overstay) is the one the convention fixed: an
-- UPDATE that moves it elsewhere is refused here too, whoever makes it
-- (PUT /api/v1/units/{id} answers 409 naming the convention before). A
-- unit whose base already differed (changed between a draft and its
-- signature) keeps its value if the UPDATE leaves it alone.
CREATE FUNCTION units_keep_signed_indemnity() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER units_keep_signed_indemnity BEFORE UPDATE OF base_indemnity_cents ON units
	FOR EACH ROW WHEN (NEW.base_indemnity_cents IS DISTINCT FROM OLD.base_indemnity_cents)
	EXECUTE FUNCTION units_keep_signed_indemnity();

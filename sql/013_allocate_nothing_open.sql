-- 013_allocate_nothing_open: billing_allocate() returns at once when the
-- household has no open invoice.
--
-- It read the balance of every payment of the household (payment_balances,
-- the household's whole history) before finding that no invoice could take
-- anything, as for a payment made in advance or a billing run over a
-- household in credit (tests/bench: POST /payments 2 100-2 300 -> 2 550/s,
-- where most households owe nothing). Same result, same lock: the
-- household's row is still locked first, so that allocations of one
-- household never interleave.
CREATE OR REPLACE FUNCTION billing_allocate(p_household bigint) RETURNS integer
LANGUAGE plpgsql AS $$
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

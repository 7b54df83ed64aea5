-- 016_decided_figures: a convention keeps every figure its documents print
-- (issue 13 item 7). The calendar, the notice and the indemnity were
-- already stored at creation (005); the last day of the month to pay was
-- read again from the parameters each time the PDF was made, so a new row
-- of payment_due_last_day changed every old convention's text. It is now
-- fixed at creation like the others (h_conventions.c, from the parameters
-- in force on the start date).

ALTER TABLE conventions ADD COLUMN payment_due_last_day integer
	CHECK (payment_due_last_day BETWEEN 1 AND 28);

-- The row of a key in force on a date for an operator, as api_params_load
-- reads it (014): the operator's own row in force, else the shared one.
CREATE FUNCTION parameter_in_force(k text, on_date date, op bigint) RETURNS bigint
LANGUAGE sql STABLE AS $$
	SELECT p.value_int FROM parameters p
	WHERE p.key = k AND p.valid_from <= on_date
		AND (p.operator_id = op OR p.operator_id IS NULL)
	ORDER BY p.operator_id IS NULL, p.valid_from DESC LIMIT 1
$$;

-- Existing conventions: the row that was in force on their start date,
-- which is what their PDF printed until now.
UPDATE conventions SET payment_due_last_day =
	parameter_in_force('payment_due_last_day', start_date, operator_id);

ALTER TABLE conventions ALTER COLUMN payment_due_last_day SET NOT NULL;

-- The API always gives the value (h_conventions.c). A row written by hand
-- in SQL (seeds, benchmarks, repairs) that omits it gets the same one,
-- fixed at its insertion and never read again from the parameters.
CREATE FUNCTION conventions_payment_day() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.payment_due_last_day IS NULL THEN
		NEW.payment_due_last_day :=
			parameter_in_force('payment_due_last_day', NEW.start_date, NEW.operator_id);
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER conventions_payment_day BEFORE INSERT ON conventions
	FOR EACH ROW EXECUTE FUNCTION conventions_payment_day();

/* api/in_admission.c: the body of an admission check (api/input.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "input.h"
#include "test_input_support.h"
#include "test_support.h"

static const char check[] =
    "{\"unit_id\": 12, \"start_date\": \"2026-07-01\", \"ground\": \"any\"}";

static json_t *check_errors(json_t *b, struct in_admission_check *out)
{
	json_t *errors = NULL;
	in_admission_check_read(b, out, &errors);
	json_decref(b);
	return errors;
}

static void test_valid(void **state)
{
	(void)state;
	struct in_admission_check in;
	assert_null(check_errors(body_of(check), &in));
	assert_int_equal(in.unit, 12);
	assert_string_equal(in_admission_grounds[in.asked], "any");
	assert_true(in.has_start);
	assert_int_equal(in.start, D(2026, 7, 1));
}

static void test_invalid_fields(void **state)
{
	(void)state;
	struct in_admission_check in;
	json_t *b = body_of(check);
	json_object_set_new(b, "ground", json_string("luck"));
	json_t *e = check_errors(b, &in);
	assert_one_error(e, "ground", "enum");
	json_decref(e);

	b = body_of(check);
	json_object_set_new(b, "start_date", json_string("2026-02-30"));
	e = check_errors(b, &in);
	assert_one_error(e, "start_date", "invalid");
	assert_false(in.has_start);
	json_decref(e);

	b = body_of(check);
	json_object_del(b, "start_date");
	e = check_errors(b, &in);
	assert_one_error(e, "start_date", "required");
	assert_false(in.has_start);
	json_decref(e);

	b = body_of(check);
	json_object_set_new(b, "reason", json_string("x"));
	e = check_errors(b, &in);
	assert_one_error(e, "reason", "unknown");
	/* the date is read all the same: the handler loads its parameters */
	assert_true(in.has_start);
	json_decref(e);
}

static void test_unit_id_limits(void **state)
{
	(void)state;
	struct in_admission_check in;
	assert_null(check_errors(with_integer(check, "unit_id", LIM_ID_MIN), &in));
	assert_null(check_errors(with_integer(check, "unit_id", LIM_ID_MAX), &in));
	json_t *e = check_errors(with_integer(check, "unit_id", LIM_ID_MIN - 1), &in);
	assert_one_error(e, "unit_id", "range");
	json_decref(e);
}

static void test_start_range(void **state)
{
	(void)state;
	bdate_t today = D(2026, 6, 15);
	json_t *e = NULL;
	in_admission_start_check(today, today, 30, &e);
	assert_null(e);
	in_admission_start_check(today + 30, today, 30, &e);
	assert_null(e);
	in_admission_start_check(today + 31, today, 30, &e);
	assert_one_error(e, "start_date", "range");
	assert_string_equal(json_string_value(json_object_get(json_array_get(e, 0), "message")),
			    "must be at most 30 days after today (admission_check_max_age_days)");
	json_decref(e);
	e = NULL;
	in_admission_start_check(today - 1, today, 30, &e);
	assert_one_error(e, "start_date", "range");
	json_decref(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid),
	    cmocka_unit_test(test_invalid_fields),
	    cmocka_unit_test(test_unit_id_limits),
	    cmocka_unit_test(test_start_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

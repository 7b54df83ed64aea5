/*
 * api/in_billing.c: the body of POST /api/v1/billing/runs, read without a
 * database: a month YYYY-MM, nothing else.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "input.h"
#include "test_input_support.h"
#include "test_support.h"

/* Reads text as a billing run; returns the errors (NULL when accepted). */
static json_t *run_read(const char *text, struct in_billing_run *out)
{
	json_t *body = body_of(text);
	json_t *errors = NULL;

	*out = (struct in_billing_run){0};
	in_billing_run_read(body, out, &errors);
	json_decref(body);
	return errors;
}

static void test_run_accepted(void **state)
{
	struct in_billing_run in;

	(void)state;
	assert_null(run_read("{\"month\": \"2026-03\"}", &in));
	assert_int_equal(in.first, D(2026, 3, 1));
	assert_null(run_read("{\"month\": \"2025-12\"}", &in));
	assert_int_equal(in.first, D(2025, 12, 1));
}

static void test_run_refused(void **state)
{
	struct in_billing_run in;

	(void)state;
	take_one_error(run_read("{}", &in), "month", "required");
	take_one_error(run_read("{\"month\": null}", &in), "month", "required");
	take_one_error(run_read("{\"month\": 202603}", &in), "month", "type");
	take_one_error(run_read("{\"month\": \"2026-13\"}", &in), "month", "invalid");
	take_one_error(run_read("{\"month\": \"2026-3\"}", &in), "month", "invalid");
	take_one_error(run_read("{\"month\": \"2026/03\"}", &in), "month", "invalid");
	take_one_error(run_read("{\"month\": \"\"}", &in), "month", "invalid");
	/* the limit: "YYYY-MM" is LIM_BILLING_RUN_MONTH long, one more is too long */
	take_one_error(run_read("{\"month\": \"2026-03-\"}", &in), "month", "too-long");
	take_one_error(run_read("{\"month\": \"2026-03\", \"day\": 1}", &in), "day", "unknown");
}

static void test_month_parse(void **state)
{
	bdate_t first = 0;

	(void)state;
	assert_true(in_month_parse("2024-02", &first));
	assert_int_equal(first, D(2024, 2, 1));
	assert_false(in_month_parse(NULL, &first));
	assert_false(in_month_parse("2024-00", &first));
	assert_false(in_month_parse("24-02", &first));
	assert_false(in_month_parse("2024-02-01", &first));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_run_accepted),
	    cmocka_unit_test(test_run_refused),
	    cmocka_unit_test(test_month_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

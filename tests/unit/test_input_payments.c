/*
 * api/in_payments.c: the bodies of POST /api/v1/payments and of a
 * payment's reversal, read without a database: each field refused with its
 * name and code, unknown members refused, limits at their maximum and one
 * above.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "input.h"
#include "test_input_support.h"
#include "test_support.h"

#define TODAY D(2026, 3, 10)

/* The body kept alive with what was read (strings point into it). */
static json_t *body;

static int teardown(void **state)
{
	(void)state;
	json_decref(body);
	body = NULL;
	return 0;
}

/* The body of the test, parsed from text. */
static json_t *load(const char *text)
{
	json_decref(body);
	body = body_of(text);
	return body;
}

static json_t *pay_read(const char *text, struct in_payment *out)
{
	json_t *errors = NULL;
	*out = (struct in_payment){0};
	in_payment_read(load(text), TODAY, out, &errors);
	return errors;
}

static json_t *rev_read(const char *text, struct in_reversal *out)
{
	json_t *errors = NULL;
	*out = (struct in_reversal){0};
	in_reversal_read(load(text), TODAY, out, &errors);
	return errors;
}

/* A payment body with one member replaced ("" keeps the valid one). */
static char *payment(const char *household, const char *paid_on, const char *amount,
		     const char *method, const char *payer, const char *extra)
{
	static char text[2048];
	snprintf(text, sizeof text,
		 "{%s%s\"paid_on\": %s, \"amount_cents\": %s, \"method\": %s, \"payer\": %s%s}",
		 household, household[0] ? ", " : "", paid_on, amount, method, payer, extra);
	return text;
}

#define OK_HH	  "\"household_id\": 7"
#define OK_DATE	  "\"2026-03-09\""
#define OK_AMOUNT "45000"
#define OK_METHOD "\"transfer\""
#define OK_PAYER  "\"Jean Dupont\""

/* A string of n times 'x', JSON-quoted. */
static char *quoted(size_t n)
{
	char *s = malloc(n + 3);
	assert_non_null(s);
	s[0] = '"';
	memset(s + 1, 'x', n);
	s[n + 1] = '"';
	s[n + 2] = '\0';
	return s;
}

static void test_payment_accepted(void **state)
{
	struct in_payment in;

	(void)state;
	assert_null(pay_read(payment(OK_HH, OK_DATE, OK_AMOUNT, "\"cash\"", OK_PAYER, ""), &in));
	assert_true(in.has_household);
	assert_int_equal(in.household, 7);
	assert_int_equal(in.paid_on, D(2026, 3, 9));
	assert_int_equal(in.amount, 45000);
	assert_string_equal(in_payment_methods[in.method], "cash");
	assert_string_equal(in.payer, "Jean Dupont");
	assert_false(in.has_communication);

	/* The communication alone names the household; 12 digits are normalised. */
	assert_null(pay_read(payment("", "\"2026-03-10\"", OK_AMOUNT, "\"direct_debit\"", OK_PAYER,
				     ", \"communication\": \"000000012326\""),
			     &in));
	assert_false(in.has_household);
	assert_true(in.has_communication);
	assert_int_equal(in.communication_base, 123);
	assert_string_equal(in.communication, "+++000/0000/12326+++");
	assert_int_equal(in.paid_on, TODAY);
}

static void test_payment_refused(void **state)
{
	struct in_payment in;

	(void)state;
	take_one_error(pay_read(payment("", OK_DATE, OK_AMOUNT, OK_METHOD, OK_PAYER, ""), &in),
			"household_id", "required");
	take_one_error(
	    pay_read(payment("\"household_id\": 0", OK_DATE, OK_AMOUNT, OK_METHOD, OK_PAYER, ""),
		     &in),
	    "household_id", "range");
	take_one_error(
	    pay_read(payment(OK_HH, "\"2026-03-11\"", OK_AMOUNT, OK_METHOD, OK_PAYER, ""), &in),
	    "paid_on", "future");
	take_one_error(
	    pay_read(payment(OK_HH, "\"2026-02-30\"", OK_AMOUNT, OK_METHOD, OK_PAYER, ""), &in),
	    "paid_on", "invalid");
	take_one_error(pay_read(payment(OK_HH, "null", OK_AMOUNT, OK_METHOD, OK_PAYER, ""), &in),
			"paid_on", "required");
	take_one_error(pay_read(payment(OK_HH, OK_DATE, "0", OK_METHOD, OK_PAYER, ""), &in),
			"amount_cents", "range");
	take_one_error(pay_read(payment(OK_HH, OK_DATE, "450.5", OK_METHOD, OK_PAYER, ""), &in),
			"amount_cents", "type");
	take_one_error(pay_read(payment(OK_HH, OK_DATE, OK_AMOUNT, "\"card\"", OK_PAYER, ""), &in),
			"method", "enum");
	take_one_error(pay_read(payment(OK_HH, OK_DATE, OK_AMOUNT, OK_METHOD, "\"\"", ""), &in),
			"payer", "required");
	take_one_error(
	    pay_read(payment(OK_HH, OK_DATE, OK_AMOUNT, OK_METHOD, "\"a\\nb\"", ""), &in), "payer",
	    "control-character");
	take_one_error(pay_read(payment(OK_HH, OK_DATE, OK_AMOUNT, OK_METHOD, OK_PAYER,
					 ", \"communication\": \"+++000/0000/12346+++\""),
				 &in),
			"communication", "invalid");
	take_one_error(pay_read(payment(OK_HH, OK_DATE, OK_AMOUNT, OK_METHOD, OK_PAYER,
					 ", \"iban\": \"BE68539007547034\""),
				 &in),
			"iban", "unknown");
}

static void test_payment_limits(void **state)
{
	struct in_payment in;
	char amount[32], *payer;

	(void)state;
	snprintf(amount, sizeof amount, "%lld", (long long)LIM_PAYMENT_AMOUNT_CENTS);
	assert_null(pay_read(payment(OK_HH, OK_DATE, amount, OK_METHOD, OK_PAYER, ""), &in));
	assert_int_equal(in.amount, LIM_PAYMENT_AMOUNT_CENTS);
	snprintf(amount, sizeof amount, "%lld", (long long)LIM_PAYMENT_AMOUNT_CENTS + 1);
	take_one_error(pay_read(payment(OK_HH, OK_DATE, amount, OK_METHOD, OK_PAYER, ""), &in),
			"amount_cents", "range");

	payer = quoted(LIM_PAYMENT_PAYER);
	assert_null(pay_read(payment(OK_HH, OK_DATE, OK_AMOUNT, OK_METHOD, payer, ""), &in));
	free(payer);
	payer = quoted(LIM_PAYMENT_PAYER + 1);
	take_one_error(pay_read(payment(OK_HH, OK_DATE, OK_AMOUNT, OK_METHOD, payer, ""), &in),
			"payer", "too-long");
	free(payer);

	/* A communication up to LIM_PAYMENT_COMMUNICATION bytes is parsed. */
	char extra[128];
	snprintf(extra, sizeof extra, ", \"communication\": \"%0*d\"", LIM_PAYMENT_COMMUNICATION,
		 0);
	take_one_error(
	    pay_read(payment(OK_HH, OK_DATE, OK_AMOUNT, OK_METHOD, OK_PAYER, extra), &in),
	    "communication", "invalid");
	snprintf(extra, sizeof extra, ", \"communication\": \"%0*d\"",
		 LIM_PAYMENT_COMMUNICATION + 1, 0);
	take_one_error(
	    pay_read(payment(OK_HH, OK_DATE, OK_AMOUNT, OK_METHOD, OK_PAYER, extra), &in),
	    "communication", "too-long");
}

/* Errors come in the order of the fields, unknown members first. */
static void test_payment_errors_in_order(void **state)
{
	struct in_payment in;
	json_t *errors;
	static const char *const fields[] = {"x",      "paid_on", "amount_cents",
					     "method", "payer",	  "household_id"};

	(void)state;
	errors = pay_read("{\"x\": 1, \"paid_on\": \"soon\", \"amount_cents\": -1, \"method\": 1,"
			  " \"payer\": \"\"}",
			  &in);
	assert_non_null(errors);
	assert_int_equal(json_array_size(errors), 6);
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(
		    json_string_value(json_object_get(json_array_get(errors, i), "field")),
		    fields[i]);
	json_decref(errors);
}

static void test_reversal(void **state)
{
	struct in_reversal in;
	char text[1024], *reason;

	(void)state;
	assert_null(rev_read("{\"reason\": \"paid twice\"}", &in));
	assert_string_equal(in.reason, "paid twice");
	assert_int_equal(in.on, TODAY);
	assert_null(rev_read("{\"reason\": \"paid twice\\nby mistake\","
			     " \"reversed_on\": \"2026-03-01\"}",
			     &in));
	assert_int_equal(in.on, D(2026, 3, 1));

	take_one_error(rev_read("{}", &in), "reason", "required");
	take_one_error(rev_read("{\"reason\": \"\"}", &in), "reason", "required");
	take_one_error(rev_read("{\"reason\": \"x\", \"reversed_on\": \"2026-03-11\"}", &in),
			"reversed_on", "future");
	take_one_error(rev_read("{\"reason\": \"x\", \"reversed_on\": \"2026-3-1\"}", &in),
			"reversed_on", "invalid");
	take_one_error(rev_read("{\"reason\": \"x\", \"amount_cents\": 1}", &in), "amount_cents",
			"unknown");

	reason = quoted(LIM_REVERSAL_REASON);
	snprintf(text, sizeof text, "{\"reason\": %s}", reason);
	free(reason);
	assert_null(rev_read(text, &in));
	reason = quoted(LIM_REVERSAL_REASON + 1);
	snprintf(text, sizeof text, "{\"reason\": %s}", reason);
	free(reason);
	take_one_error(rev_read(text, &in), "reason", "too-long");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_payment_accepted, teardown),
	    cmocka_unit_test_teardown(test_payment_refused, teardown),
	    cmocka_unit_test_teardown(test_payment_limits, teardown),
	    cmocka_unit_test_teardown(test_payment_errors_in_order, teardown),
	    cmocka_unit_test_teardown(test_reversal, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* api/in_parameters.c: the row of POST /parameters and of `transitd
 * parameter add` (api/input.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "input.h"

/* True when errors holds exactly one error, of field and code. */
static bool only_error(json_t *errors, const char *field, const char *code)
{
	json_t *e = json_array_get(errors, 0);
	return json_array_size(errors) == 1 &&
	       strcmp(json_string_value(json_object_get(e, "field")), field) == 0 &&
	       strcmp(json_string_value(json_object_get(e, "code")), code) == 0;
}

/* A valid body: the 2024 ceiling of a single person. */
static json_t *valid_body(void)
{
	json_t *b =
	    json_pack("{s:s, s:s, s:s, s:s, s:s}", "key", "precarity_single_ceiling", "valid_from",
		      "2026-01-01", "value", "17000", "unit", "EUR/year", "confirmed", "yes");
	assert_non_null(b);
	return b;
}

/* A text of n copies of c. */
static json_t *text_of(size_t n, char c)
{
	char *s = malloc(n + 1);
	assert_non_null(s);
	memset(s, c, n);
	s[n] = '\0';
	json_t *v = json_string(s);
	free(s);
	return v;
}

/* Reads body (stolen) and returns its errors (NULL when accepted). */
static json_t *errors_of(json_t *body, struct in_parameter *in)
{
	json_t *errors = NULL;
	in_parameter_read(body, in, &errors);
	json_decref(body);
	return errors;
}

static void test_valid(void **state)
{
	(void)state;
	json_t *b = valid_body();
	json_object_set_new(b, "source", json_string("AGW du 20 mars 2024"));
	json_object_set_new(b, "correction", json_true());
	json_t *errors = NULL;
	struct in_parameter in;
	in_parameter_read(b, &in, &errors);
	assert_null(errors);
	assert_string_equal(in.key, "precarity_single_ceiling");
	assert_string_equal(in.valid_from, "2026-01-01");
	bdate_t jan1;
	assert_true(bdate_from_ymd(2026, 1, 1, &jan1));
	assert_int_equal(in.from, jan1);
	assert_string_equal(in.value, "17000.00");
	assert_int_equal(in.cents, 1700000);
	assert_string_equal(in.unit, "EUR/year");
	assert_string_equal(in.source, "AGW du 20 mars 2024");
	assert_string_equal(in.confirmed, "yes");
	assert_true(in.correction);
	json_decref(b);
}

static void test_defaults_and_cents(void **state)
{
	(void)state;
	json_t *b = json_pack("{s:s, s:s, s:s, s:s, s:s}", "key", "payment_due_day", "valid_from",
			      "2026-01-01", "value", "12,5", "unit", "EUR", "confirmed",
			      "product decision");
	struct in_parameter in;
	assert_null(errors_of(b, &in));
	assert_string_equal(in.source, "");
	assert_false(in.correction);
	assert_string_equal(in.value, "12.50");
	/* A unit other than EUR takes whole numbers only. */
	b = json_pack("{s:s, s:s, s:s, s:s, s:s}", "key", "period_months", "valid_from",
		      "2026-01-01", "value", "6.50", "unit", "months", "confirmed", "no");
	json_t *errors = errors_of(b, &in);
	assert_true(only_error(errors, "value", "invalid"));
	json_decref(errors);
	b = json_pack("{s:s, s:s, s:s, s:s, s:s}", "key", "period_months", "valid_from",
		      "2026-01-01", "value", "6.00", "unit", "months", "confirmed", "no");
	assert_null(errors_of(b, &in));
	assert_int_equal(in.cents, 600);
}

static void test_each_field_refused(void **state)
{
	(void)state;
	static const struct {
		const char *field, *json, *code;
	} cases[] = {
	    {"key", "\"Precarity\"", "invalid"},
	    {"key", "\"1key\"", "invalid"},
	    {"key", "\"\"", "invalid"},
	    {"key", "\"a-b\"", "invalid"},
	    {"key", "7", "type"},
	    {"key", "null", "required"},
	    {"valid_from", "\"2026-02-30\"", "invalid"},
	    {"valid_from", "\"2026-01-01T00\"", "too-long"},
	    {"valid_from", "null", "required"},
	    {"value", "\"-1\"", "invalid"},
	    {"value", "\"1e3\"", "invalid"},
	    {"value", "17000", "type"},
	    {"value", "null", "required"},
	    {"unit", "\"\"", "required"},
	    {"unit", "\"EUR\\n\"", "control-character"},
	    {"unit", "null", "required"},
	    {"source", "\"a\\tb\"", "control-character"},
	    {"source", "1", "type"},
	    {"confirmed", "\"maybe\"", "enum"},
	    {"confirmed", "null", "required"},
	    {"correction", "\"yes\"", "type"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *b = valid_body();
		json_object_set_new(b, cases[i].field,
				    json_loads(cases[i].json, JSON_DECODE_ANY, NULL));
		struct in_parameter in;
		json_t *errors = errors_of(b, &in);
		if (!only_error(errors, cases[i].field, cases[i].code))
			fail_msg("%s = %s: %s", cases[i].field, cases[i].json,
				 errors ? json_dumps(errors, 0) : "accepted");
		json_decref(errors);
	}
}

static void test_unknown_member(void **state)
{
	(void)state;
	json_t *b = valid_body();
	json_object_set_new(b, "operator_id", json_integer(3));
	struct in_parameter in;
	json_t *errors = errors_of(b, &in);
	assert_true(only_error(errors, "operator_id", "unknown"));
	json_decref(errors);
}

/* field at max is accepted, at max + 1 refused "too-long". */
static void check_limit(const char *field, size_t max, char c)
{
	json_t *b = valid_body();
	json_object_set_new(b, field, text_of(max, c));
	struct in_parameter in;
	json_t *errors = errors_of(b, &in);
	if (errors != NULL)
		fail_msg("%s at %zu: %s", field, max, json_dumps(errors, 0));
	b = valid_body();
	json_object_set_new(b, field, text_of(max + 1, c));
	errors = errors_of(b, &in);
	assert_true(only_error(errors, field, "too-long"));
	json_decref(errors);
}

static void test_limits(void **state)
{
	(void)state;
	check_limit("key", LIM_PARAMETER_KEY_MAX, 'k');
	check_limit("value", LIM_PARAMETER_VALUE_MAX, '0');
	check_limit("unit", LIM_PARAMETER_UNIT_MAX, 'u');
	check_limit("source", LIM_PARAMETER_SOURCE_MAX, 's');
	/* confirmed: a longer text than any state is refused before the enum */
	json_t *b = valid_body();
	json_object_set_new(b, "confirmed", text_of(LIM_PARAMETER_CONFIRMED_MAX, 'y'));
	struct in_parameter in;
	json_t *errors = errors_of(b, &in);
	assert_true(only_error(errors, "confirmed", "enum"));
	json_decref(errors);
	b = valid_body();
	json_object_set_new(b, "confirmed", text_of(LIM_PARAMETER_CONFIRMED_MAX + 1, 'y'));
	errors = errors_of(b, &in);
	assert_true(only_error(errors, "confirmed", "too-long"));
	json_decref(errors);
}

static void test_key_valid(void **state)
{
	(void)state;
	assert_true(in_parameter_key_valid("notice_months"));
	assert_true(in_parameter_key_valid("a1_"));
	assert_false(in_parameter_key_valid(""));
	assert_false(in_parameter_key_valid("_a"));
	assert_false(in_parameter_key_valid("Notice"));
	char k[LIM_PARAMETER_KEY_MAX + 2];
	memset(k, 'k', sizeof k - 1);
	k[sizeof k - 1] = '\0';
	assert_false(in_parameter_key_valid(k));
	k[LIM_PARAMETER_KEY_MAX] = '\0';
	assert_true(in_parameter_key_valid(k));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid),
	    cmocka_unit_test(test_defaults_and_cents),
	    cmocka_unit_test(test_each_field_refused),
	    cmocka_unit_test(test_unknown_member),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_key_valid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

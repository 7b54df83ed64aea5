/*
 * api/in_operator.c: the operator's profile as PUT /api/v1/operator
 * carries it, read without a request or a database.
 */
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

/* A whole profile, every detail given. */
static json_t *profile(void)
{
	return body_of(
	    "{\"name\": \"CPAS de Namur\", \"street\": \"Rue de Dave\","
	    " \"house_number\": \"165\", \"box\": \"2\", \"postal_code\": \"5100\","
	    " \"commune\": \"Jambes\", \"place\": \"Namur\", \"contact\": \"081 33 70 00\","
	    " \"signatory_name\": \"Anne Petit\", \"signatory_role\": \"Directrice\","
	    " \"iban\": \"BE68 5390 0754 7034\", \"ogm_base\": 1000000}");
}

static json_t *errors_of(json_t *body)
{
	json_t *errors = NULL;
	struct in_operator in;
	in_operator_read(body, &in, &errors);
	json_decref(body);
	return errors;
}

static void test_minimal(void **state)
{
	(void)state;
	json_t *body = body_of("{\"name\": \"CPAS\"}"), *errors = NULL;
	struct in_operator in;
	in_operator_read(body, &in, &errors);
	assert_null(errors);
	assert_string_equal(in.name, "CPAS");
	assert_null(in.street);
	assert_null(in.box);
	assert_null(in.signatory_name);
	assert_false(in.has_iban);
	assert_false(in.has_ogm_base);
	json_decref(body);
}

static void test_whole_profile(void **state)
{
	(void)state;
	json_t *body = profile(), *errors = NULL;
	struct in_operator in;
	in_operator_read(body, &in, &errors);
	assert_null(errors);
	assert_string_equal(in.street, "Rue de Dave");
	assert_string_equal(in.house_number, "165");
	assert_string_equal(in.box, "2");
	assert_string_equal(in.postal_code, "5100");
	assert_string_equal(in.commune, "Jambes");
	assert_string_equal(in.place, "Namur");
	assert_string_equal(in.contact, "081 33 70 00");
	assert_string_equal(in.signatory_role, "Directrice");
	assert_true(in.has_iban);
	assert_string_equal(in.iban.electronic, "BE68539007547034");
	assert_true(in.has_ogm_base);
	assert_int_equal(in.ogm_base, 1000000);
	json_decref(body);

	/* null clears a detail, as leaving it out does */
	body = profile();
	json_object_set_new(body, "iban", json_null());
	json_object_set_new(body, "box", json_null());
	in_operator_read(body, &in, &errors);
	assert_null(errors);
	assert_false(in.has_iban);
	assert_null(in.box);
	json_decref(body);
}

static void test_invalid_fields(void **state)
{
	(void)state;
	static const struct {
		const char *patch, *field, *code;
	} cases[] = {
	    {"{\"name\": null}", "name", "required"},
	    {"{\"name\": \"\"}", "name", "required"},
	    {"{\"name\": 7}", "name", "type"},
	    {"{\"contact\": \"\"}", "contact", "required"},
	    {"{\"postal_code\": \"0999\"}", "postal_code", "invalid"},
	    {"{\"postal_code\": \"5l00\"}", "postal_code", "invalid"},
	    {"{\"iban\": \"BE68 5390 0754 7035\"}", "iban", "invalid"},
	    {"{\"iban\": \"FR76 3000 6000 0112 3456 7890 189\"}", "iban", "invalid"},
	    {"{\"ogm_base\": -1}", "ogm_base", "range"},
	    {"{\"ogm_base\": \"1\"}", "ogm_base", "type"},
	    {"{\"signatory_role\": null}", "signatory_role", "required"},
	    {"{\"signatory_name\": null}", "signatory_name", "required"},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
		assert_refused(profile, errors_of, cases[k].patch, cases[k].field, cases[k].code);
}

static void test_whole_address_or_none(void **state)
{
	(void)state;
	json_t *body = body_of("{\"name\": \"CPAS\", \"street\": \"Rue\"}");
	json_t *e = errors_of(body);
	assert_non_null(e);
	assert_int_equal(json_array_size(e), 3);
	assert_true(has_error(e, "house_number", "required"));
	assert_true(has_error(e, "postal_code", "required"));
	assert_true(has_error(e, "commune", "required"));
	json_decref(e);
	/* a box alone asks for the address it belongs to */
	e = errors_of(body_of("{\"name\": \"CPAS\", \"box\": \"2\"}"));
	assert_non_null(e);
	assert_int_equal(json_array_size(e), 4);
	assert_true(has_error(e, "street", "required"));
	json_decref(e);
}

static void test_unknown(void **state)
{
	(void)state;
	assert_refused(profile, errors_of, "{\"bic\": \"BBRUBEBB\"}", "bic", "unknown");
	/* the members the reader knows are those of a whole profile */
	json_t *body = profile();
	size_t n = 0;
	for (; in_operator_fields[n] != NULL; n++)
		assert_non_null(json_object_get(body, in_operator_fields[n]));
	assert_int_equal(n, json_object_size(body));
	json_decref(body);
}

static void test_limits(void **state)
{
	(void)state;
	struct {
		const char *name;
		size_t max;
	} texts[] = {
	    {"name", LIM_OPERATOR_NAME},
	    {"street", LIM_ADDRESS_STREET},
	    {"house_number", LIM_ADDRESS_HOUSE_NUMBER},
	    {"box", LIM_ADDRESS_BOX},
	    {"commune", LIM_ADDRESS_COMMUNE},
	    {"place", LIM_OPERATOR_PLACE},
	    {"contact", LIM_OPERATOR_CONTACT},
	    {"signatory_name", LIM_OPERATOR_SIGNATORY},
	    {"signatory_role", LIM_OPERATOR_SIGNATORY},
	};
	/* a part of the address too long also leaves the address incomplete:
	 * assert_text_limit looks for its error among the others */
	for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
		assert_text_limit(profile, errors_of, texts[k].name, texts[k].max);
	json_t *body = profile();
	json_object_set_new(body, "postal_code", json_string("51000"));
	json_t *e = errors_of(body);
	assert_non_null(e);
	assert_true(has_error(e, "postal_code", "too-long"));
	json_decref(e);
	/* an IBAN longer than its bound is refused before core/ident reads it */
	body = profile();
	json_object_set_new(body, "iban", text_of(LIM_OPERATOR_IBAN + 1, ' '));
	e = errors_of(body);
	take_one_error(e, "iban", "too-long");
	body = profile();
	json_object_set_new(body, "ogm_base", json_integer(LIM_OPERATOR_OGM_BASE_MAX));
	assert_null(errors_of(body));
	body = profile();
	json_object_set_new(body, "ogm_base", json_integer(0));
	assert_null(errors_of(body));
	body = profile();
	json_object_set_new(body, "ogm_base", json_integer(LIM_OPERATOR_OGM_BASE_MAX + 1));
	e = errors_of(body);
	take_one_error(e, "ogm_base", "range");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_minimal),	   cmocka_unit_test(test_whole_profile),
	    cmocka_unit_test(test_invalid_fields), cmocka_unit_test(test_whole_address_or_none),
	    cmocka_unit_test(test_unknown),	   cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

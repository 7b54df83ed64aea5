/*
 * Helpers of the unit tests of api/ input (tests/unit/test_input_*.c):
 * include after <cmocka.h>. Static inline, so a test that uses only some of
 * them gets no warning for the others.
 */
#ifndef TRANSITD_INPUT_SUPPORT_H
#define TRANSITD_INPUT_SUPPORT_H

#include <jansson.h>

/* The body a reader reads, parsed from text; the strings it gives point
 * into it, so a test keeps it until it has checked them. */
static inline json_t *input_body(const char *text)
{
	json_t *body = json_loads(text, 0, NULL);

	assert_non_null(body);
	return body;
}

/* errors holds exactly one error, of field and code; it is released. */
static inline void input_one_error(json_t *errors, const char *field, const char *code)
{
	json_t *e;

	assert_non_null(errors);
	assert_int_equal(json_array_size(errors), 1);
	e = json_array_get(errors, 0);
	assert_string_equal(json_string_value(json_object_get(e, "field")), field);
	assert_string_equal(json_string_value(json_object_get(e, "code")), code);
	json_decref(errors);
}

#endif

/*
 * Shared by the unit tests of api/ input decoding (test_input_*.c): bodies
 * from JSON text and the field errors a reader adds. Include after
 * <cmocka.h>. Static inline, so a test that uses only some of them gets no
 * warning for the others.
 */
#ifndef TRANSITD_TEST_INPUT_SUPPORT_H
#define TRANSITD_TEST_INPUT_SUPPORT_H

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* A JSON object from text; the test fails on a syntax error. */
static inline json_t *body_of(const char *text)
{
	json_t *v = json_loads(text, 0, NULL);

	assert_non_null(v);
	assert_true(json_is_object(v));
	return v;
}

static inline size_t errors_count(const json_t *errors)
{
	return errors == NULL ? 0 : json_array_size(errors);
}

/* Whether errors holds an item with this field and code. */
static inline bool has_error(const json_t *errors, const char *field, const char *code)
{
	size_t i;
	json_t *e;

	json_array_foreach((json_t *)errors, i, e) {
		if (strcmp(json_string_value(json_object_get(e, "field")), field) == 0 &&
		    strcmp(json_string_value(json_object_get(e, "code")), code) == 0)
			return true;
	}
	return false;
}

/* Exactly one error, with this field and code. */
static inline void assert_one_error(const json_t *errors, const char *field, const char *code)
{
	assert_int_equal(errors_count(errors), 1);
	assert_true(has_error(errors, field, code));
}

/* body[name] = a string of n times 'x'. */
static inline void set_text(json_t *body, const char *name, size_t n)
{
	char *s = malloc(n + 1);

	assert_non_null(s);
	memset(s, 'x', n);
	s[n] = '\0';
	json_object_set_new(body, name, json_stringn(s, n));
	free(s);
}

#endif

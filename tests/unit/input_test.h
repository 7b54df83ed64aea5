/*
 * Fixtures of the unit tests of api/ input (tests/unit/test_input_*.c):
 * bodies from JSON text and lookups in a reader's errors. Include after
 * <cmocka.h>. Static inline, so a test that uses only some of them gets no
 * warning for the others.
 */
#ifndef TRANSITD_INPUT_TEST_H
#define TRANSITD_INPUT_TEST_H

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* A JSON object from text that must parse. */
static inline json_t *body_of(const char *text)
{
	json_error_t e;
	json_t *b = json_loads(text, JSON_REJECT_DUPLICATES, &e);
	assert_non_null(b);
	assert_true(json_is_object(b));
	return b;
}

/* The number of errors naming field with code (any field when NULL). */
static inline size_t errors_with(const json_t *errors, const char *field, const char *code)
{
	size_t n = 0, i;
	json_t *e;
	json_array_foreach((json_t *)errors, i, e)
	{
		const char *f = json_string_value(json_object_get(e, "field"));
		const char *c = json_string_value(json_object_get(e, "code"));
		n += (field == NULL || (f != NULL && strcmp(f, field) == 0)) &&
		     (c != NULL && strcmp(c, code) == 0);
	}
	return n;
}

/* Exactly one error, on field with code. */
static inline void assert_one_error(json_t *errors, const char *field, const char *code)
{
	assert_non_null(errors);
	if (json_array_size(errors) != 1 || errors_with(errors, field, code) != 1) {
		char *text = json_dumps(errors, JSON_COMPACT);
		print_error("expected only %s/%s, got %s\n", field, code, text ? text : "?");
		free(text);
		fail();
	}
}

/* A string of n times ch (malloc'd). */
static inline char *repeat(char ch, size_t n)
{
	char *s = malloc(n + 1);
	assert_non_null(s);
	memset(s, ch, n);
	s[n] = '\0';
	return s;
}

/* body with member name set to a string of n 'x' (a new reference). */
static inline json_t *with_string(const char *text, const char *name, size_t n)
{
	json_t *b = body_of(text);
	char *s = repeat('x', n);
	json_object_set_new(b, name, json_string(s));
	free(s);
	return b;
}

/* body with member name set to v. */
static inline json_t *with_integer(const char *text, const char *name, json_int_t v)
{
	json_t *b = body_of(text);
	json_object_set_new(b, name, json_integer(v));
	return b;
}

#endif

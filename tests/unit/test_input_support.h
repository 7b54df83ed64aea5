/*
 * Fixtures of the unit tests of api/'s input readers (test_input_*.c):
 * include after <cmocka.h>. A reader's field errors are a JSON array of
 * {field, code, message}.
 */
#ifndef TRANSITD_TEST_INPUT_SUPPORT_H
#define TRANSITD_TEST_INPUT_SUPPORT_H

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* A JSON object written in the test; fails the test when it is not one. */
static inline json_t *body_of(const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, JSON_REJECT_DUPLICATES, &e);
	assert_non_null(v);
	assert_true(json_is_object(v));
	return v;
}

/* A string of n copies of ch, in a JSON string (owned by the caller). */
static inline json_t *text_of(size_t n, char ch)
{
	char *s = malloc(n + 1);
	assert_non_null(s);
	memset(s, ch, n);
	s[n] = '\0';
	json_t *v = json_string(s);
	free(s);
	assert_non_null(v);
	return v;
}

/* Whether errors holds {field, code}. */
static inline bool has_error(const json_t *errors, const char *field, const char *code)
{
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e)
	{
		if (strcmp(json_string_value(json_object_get(e, "field")), field) == 0 &&
		    strcmp(json_string_value(json_object_get(e, "code")), code) == 0)
			return true;
	}
	return false;
}

/*
 * A text member at its bound is accepted, one byte more is refused as
 * "too-long". valid() makes a valid body, errors_of() reads one and frees
 * it.
 */
static inline void assert_text_limit(json_t *(*valid)(void), json_t *(*errors_of)(json_t *body),
				     const char *name, size_t max)
{
	json_t *body = valid();
	json_object_set_new(body, name, text_of(max, 'a'));
	assert_null(errors_of(body));
	body = valid();
	json_object_set_new(body, name, text_of(max + 1, 'a'));
	json_t *e = errors_of(body);
	assert_non_null(e);
	assert_true(has_error(e, name, "too-long"));
	json_decref(e);
}

/* Asserts that errors is exactly one {field, code}, and frees it. */
#define assert_one_error(errors, field, code)                                                      \
	do {                                                                                       \
		assert_non_null(errors);                                                           \
		assert_int_equal(json_array_size(errors), 1);                                      \
		assert_true(has_error((errors), (field), (code)));                                 \
		json_decref(errors);                                                               \
		(errors) = NULL;                                                                   \
	} while (0)

/* A valid body changed by the members of patch (null: as if left out) is
 * refused with exactly one error {field, code}. */
static inline void assert_refused(json_t *(*valid)(void), json_t *(*errors_of)(json_t *body),
				  const char *patch, const char *field, const char *code)
{
	json_t *body = valid(), *p = body_of(patch);
	assert_int_equal(json_object_update(body, p), 0);
	json_decref(p);
	json_t *e = errors_of(body);
	if (e == NULL || json_array_size(e) != 1 || !has_error(e, field, code))
		print_error("patch %s: expected one error %s %s\n", patch, field, code);
	assert_one_error(e, field, code);
}

#endif

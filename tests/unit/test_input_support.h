/*
 * Shared by the unit tests of api/'s input readers (test_input_*.c): bodies
 * from JSON text, texts of a given length, and the field errors a reader
 * adds (a JSON array of {field, code, message}). Include after <cmocka.h>.
 * Static inline, so a test that uses only some of them gets no warning for
 * the others.
 *
 * Ownership: assert_one_error() only looks at the errors; take_one_error()
 * looks, then releases them.
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

/* A string of n times ch (malloc'd). */
static inline char *repeat(char ch, size_t n)
{
	char *s = malloc(n + 1);
	assert_non_null(s);
	memset(s, ch, n);
	s[n] = '\0';
	return s;
}

/* A JSON string of n times ch (a new reference). */
static inline json_t *text_of(size_t n, char ch)
{
	char *s = repeat(ch, n);
	json_t *v = json_stringn(s, n);
	free(s);
	assert_non_null(v);
	return v;
}

/* body[name] = a string of n times 'x'. */
static inline void set_text(json_t *body, const char *name, size_t n)
{
	json_object_set_new(body, name, text_of(n, 'x'));
}

/* The body of text with member name set to a string of n times 'x'. */
static inline json_t *with_string(const char *text, const char *name, size_t n)
{
	json_t *b = body_of(text);
	set_text(b, name, n);
	return b;
}

/* The body of text with member name set to v. */
static inline json_t *with_integer(const char *text, const char *name, json_int_t v)
{
	json_t *b = body_of(text);
	json_object_set_new(b, name, json_integer(v));
	return b;
}

static inline size_t errors_count(const json_t *errors)
{
	return errors == NULL ? 0 : json_array_size(errors);
}

/* The number of errors naming field (any field when NULL) with code. */
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

/* Whether errors holds {field, code}. */
static inline bool has_error(const json_t *errors, const char *field, const char *code)
{
	return errors_with(errors, field, code) > 0;
}

/* Exactly one error, on field with code; errors is left to the caller. */
static inline void assert_one_error(const json_t *errors, const char *field, const char *code)
{
	assert_non_null(errors);
	if (json_array_size(errors) != 1 || errors_with(errors, field, code) != 1) {
		char *text = json_dumps(errors, JSON_COMPACT);
		print_error("expected only %s/%s, got %s\n", field, code, text ? text : "?");
		free(text);
		fail();
	}
}

/* The same, then releases errors. */
static inline void take_one_error(json_t *errors, const char *field, const char *code)
{
	assert_one_error(errors, field, code);
	json_decref(errors);
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

/* A valid body changed by the members of patch (null: as if left out) is
 * refused with exactly one error {field, code}. */
static inline void assert_refused(json_t *(*valid)(void), json_t *(*errors_of)(json_t *body),
				  const char *patch, const char *field, const char *code)
{
	json_t *body = valid(), *p = body_of(patch);
	assert_int_equal(json_object_update(body, p), 0);
	json_decref(p);
	json_t *e = errors_of(body);
	take_one_error(e, field, code);
}

#endif

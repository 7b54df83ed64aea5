/* api/in_alerts.c: the bodies of acknowledge/resolve and of a new calendar
 * token (api/input.h). */
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

static json_t *body_of(const char *json)
{
	json_t *b = json_loads(json, 0, NULL);
	assert_non_null(b);
	return b;
}

/* A comment of n bytes. */
static json_t *comment_of(size_t n)
{
	char *s = malloc(n + 1);
	assert_non_null(s);
	memset(s, 'x', n);
	s[n] = '\0';
	json_t *b = json_pack("{s:s}", "comment", s);
	free(s);
	return b;
}

static void test_action_valid(void **state)
{
	(void)state;
	json_t *b = body_of("{\"comment\": \"Préavis envoyé.\\nDeux lettres.\"}");
	json_t *errors = NULL;
	struct in_alert_action in;
	in_alert_action_read(b, &in, &errors);
	assert_null(errors);
	assert_string_equal(in.comment, "Préavis envoyé.\nDeux lettres.");
	json_decref(b);
}

static void test_action_refused(void **state)
{
	(void)state;
	static const struct {
		const char *json, *field, *code;
	} cases[] = {
	    {"{}", "comment", "required"},
	    {"{\"comment\": null}", "comment", "required"},
	    {"{\"comment\": \"\"}", "comment", "required"},
	    {"{\"comment\": 3}", "comment", "type"},
	    {"{\"comment\": \"a\\u0001b\"}", "comment", "control-character"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *b = body_of(cases[i].json);
		json_t *errors = NULL;
		struct in_alert_action in;
		in_alert_action_read(b, &in, &errors);
		assert_true(only_error(errors, cases[i].field, cases[i].code));
		assert_null(in.comment);
		json_decref(errors);
		json_decref(b);
	}
}

static void test_action_unknown_member(void **state)
{
	(void)state;
	json_t *b = body_of("{\"comment\": \"ok\", \"state\": \"resolved\"}");
	json_t *errors = NULL;
	struct in_alert_action in;
	in_alert_action_read(b, &in, &errors);
	assert_true(only_error(errors, "state", "unknown"));
	json_decref(errors);
	json_decref(b);
}

static void test_action_limit(void **state)
{
	(void)state;
	json_t *b = comment_of(LIM_ALERT_COMMENT_MAX);
	json_t *errors = NULL;
	struct in_alert_action in;
	in_alert_action_read(b, &in, &errors);
	assert_null(errors);
	assert_int_equal(strlen(in.comment), LIM_ALERT_COMMENT_MAX);
	json_decref(b);
	b = comment_of(LIM_ALERT_COMMENT_MAX + 1);
	in_alert_action_read(b, &in, &errors);
	assert_true(only_error(errors, "comment", "too-long"));
	json_decref(errors);
	json_decref(b);
}

static void test_calendar_token(void **state)
{
	(void)state;
	json_t *b = body_of("{}");
	json_t *errors = NULL;
	in_calendar_token_read(b, &errors);
	assert_null(errors);
	json_decref(b);
	b = body_of("{\"user_id\": 3}");
	in_calendar_token_read(b, &errors);
	assert_true(only_error(errors, "user_id", "unknown"));
	json_decref(errors);
	json_decref(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_action_valid),	  cmocka_unit_test(test_action_refused),
	    cmocka_unit_test(test_action_unknown_member), cmocka_unit_test(test_action_limit),
	    cmocka_unit_test(test_calendar_token),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

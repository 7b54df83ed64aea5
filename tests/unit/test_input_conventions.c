/*
 * api/in_conventions.c: the bodies of a convention's creation and of its
 * actions, read without the database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "test_support.h"
#include "test_input_support.h"

#include "input.h"

/* The last body read: *out's strings point into it (freed by the next read). */
static json_t *kept;

static int free_kept(void **state)
{
	(void)state;
	json_decref(kept);
	kept = NULL;
	return 0;
}

/* The errors of an action's body; NULL when accepted. */
static json_t *action(enum conv_action a, const char *text, struct in_convention_action *out)
{
	json_t *errors = NULL;

	free_kept(NULL);
	kept = body_of(text);
	memset(out, 0, sizeof *out);
	in_convention_action_read(kept, a, out, &errors);
	return errors;
}

static void test_create(void **state)
{
	struct in_convention_create in = {0};
	json_t *errors = NULL;
	json_t *body = body_of("{\"admission_check_id\": 42}");

	(void)state;
	in_convention_create_read(body, &in, &errors);
	assert_null(errors);
	assert_int_equal(in.admission_check_id, 42);
	json_decref(body);

	body = body_of("{\"admission_check_id\": 0, \"unit_id\": 3}");
	in_convention_create_read(body, &in, &errors);
	assert_int_equal(errors_count(errors), 2);
	assert_true(has_error(errors, "unit_id", "unknown"));
	assert_true(has_error(errors, "admission_check_id", "range"));
	json_decref(errors);
	json_decref(body);

	errors = NULL;
	body = body_of("{}");
	in_convention_create_read(body, &in, &errors);
	assert_one_error(errors, "admission_check_id", "required");
	json_decref(errors);
	json_decref(body);
}

static void test_sign(void **state)
{
	struct in_convention_action a;
	json_t *e;

	(void)state;
	e = action(CONV_SIGN, "{\"signed_on\": \"2026-01-10\", \"signatories\": [7, 9]}", &a);
	assert_null(e);
	assert_int_equal(a.date, D(2026, 1, 10));
	assert_int_equal(a.n, 2);
	assert_int_equal(a.member[0], 7);
	assert_int_equal(a.member[1], 9);

	e = action(CONV_SIGN, "{\"signed_on\": \"2026-02-30\", \"signatories\": [7, 7, 0]}", &a);
	assert_int_equal(errors_count(e), 3);
	assert_true(has_error(e, "signed_on", "invalid"));
	assert_true(has_error(e, "signatories[1]", "duplicate"));
	assert_true(has_error(e, "signatories[2]", "type"));
	json_decref(e);

	e = action(CONV_SIGN, "{\"signed_on\": \"2026-01-10\", \"signatories\": []}", &a);
	assert_one_error(e, "signatories", "type");
	json_decref(e);

	e = action(CONV_SIGN, "{\"signed_on\": \"2026-01-10\"}", &a);
	assert_one_error(e, "signatories", "required");
	json_decref(e);
}

/* 1 to LIM_CONVENTION_PERSONS_MAX signatories: the maximum, then one more. */
static void test_sign_limit(void **state)
{
	struct in_convention_action a;
	json_t *body = body_of("{\"signed_on\": \"2026-01-10\"}");
	json_t *list = json_array();
	json_t *errors = NULL;

	(void)state;
	for (int i = 1; i <= LIM_CONVENTION_PERSONS_MAX; i++)
		json_array_append_new(list, json_integer(i));
	json_object_set(body, "signatories", list);
	memset(&a, 0, sizeof a);
	in_convention_action_read(body, CONV_SIGN, &a, &errors);
	assert_null(errors);
	assert_int_equal(a.n, LIM_CONVENTION_PERSONS_MAX);

	json_array_append_new(list, json_integer(LIM_CONVENTION_PERSONS_MAX + 1));
	memset(&a, 0, sizeof a);
	in_convention_action_read(body, CONV_SIGN, &a, &errors);
	assert_one_error(errors, "signatories", "type");
	json_decref(errors);
	json_decref(list);
	json_decref(body);
}

static void test_renew(void **state)
{
	struct in_convention_action a;
	json_t *e;

	(void)state;
	e = action(CONV_RENEW, "{\"admission_check_id\": 5}", &a);
	assert_null(e);
	assert_int_equal(a.check_id, 5);
	e = action(CONV_RENEW, "{\"admission_check_id\": \"5\", \"signed_on\": \"2026-01-10\"}", &a);
	assert_int_equal(errors_count(e), 2);
	assert_true(has_error(e, "signed_on", "unknown"));
	assert_true(has_error(e, "admission_check_id", "type"));
	json_decref(e);
}

static void test_notices(void **state)
{
	struct in_convention_action a;
	json_t *e;

	(void)state;
	e = action(CONV_GIVE_NOTICE,
		   "{\"letters\": [{\"member_id\": 3, \"posted_on\": \"2026-03-02\"},"
		   " {\"member_id\": 4, \"posted_on\": \"2026-03-03\"}]}",
		   &a);
	assert_null(e);
	assert_int_equal(a.n, 2);
	assert_int_equal(a.member[1], 4);
	assert_int_equal(a.posted[0], D(2026, 3, 2));
	assert_int_equal(a.posted[1], D(2026, 3, 3));

	e = action(CONV_GIVE_NOTICE,
		   "{\"letters\": [{\"member_id\": 3, \"posted_on\": \"2026-03-02\"},"
		   " {\"member_id\": 3, \"posted_on\": \"2026-03-03\", \"by\": 1}, 7,"
		   " {\"posted_on\": \"x\"}]}",
		   &a);
	assert_int_equal(errors_count(e), 5);
	assert_true(has_error(e, "letters[1].by", "unknown"));
	assert_true(has_error(e, "letters[1].member_id", "duplicate"));
	assert_true(has_error(e, "letters[2]", "type"));
	assert_true(has_error(e, "letters[3].member_id", "required"));
	assert_true(has_error(e, "letters[3].posted_on", "invalid"));
	assert_int_equal(a.n, 1);
	json_decref(e);
}

static void test_end(void **state)
{
	struct in_convention_action a;
	json_t *e;

	(void)state;
	e = action(CONV_END,
		   "{\"departure_on\": \"2026-06-30\", \"exit_reason\": \"relocated\","
		   " \"destination_type\": \"slsp\", \"destination_commune\": \"Namur\","
		   " \"rental_guarantee_cents\": 100000000, \"adel\": true}",
		   &a);
	assert_null(e);
	assert_int_equal(a.date, D(2026, 6, 30));
	assert_string_equal(in_convention_exit_reasons[a.exit_reason], "relocated");
	assert_string_equal(in_convention_destination_types[a.destination_type], "slsp");
	assert_string_equal(a.commune, "Namur");
	assert_int_equal(a.guarantee, LIM_AMOUNT_CENTS_MAX);
	assert_true(a.adel);

	/* Unknown destination: no commune needed. */
	e = action(CONV_END,
		   "{\"departure_on\": \"2026-06-30\", \"exit_reason\": \"other\","
		   " \"destination_type\": \"unknown\", \"rental_guarantee_cents\": 0,"
		   " \"adel\": false}",
		   &a);
	assert_null(e);
	assert_null(a.commune);

	e = action(CONV_END,
		   "{\"departure_on\": \"2026-06-30\", \"exit_reason\": \"moved\","
		   " \"destination_type\": \"slsp\", \"rental_guarantee_cents\": 100000001,"
		   " \"adel\": 1}",
		   &a);
	assert_int_equal(errors_count(e), 4);
	assert_true(has_error(e, "exit_reason", "enum"));
	assert_true(has_error(e, "destination_commune", "required"));
	assert_true(has_error(e, "rental_guarantee_cents", "range"));
	assert_true(has_error(e, "adel", "type"));
	json_decref(e);

	/* An empty commune is refused once, not also as missing. */
	e = action(CONV_END,
		   "{\"departure_on\": \"2026-06-30\", \"exit_reason\": \"other\","
		   " \"destination_type\": \"ais\", \"destination_commune\": \"\","
		   " \"rental_guarantee_cents\": 0, \"adel\": false}",
		   &a);
	assert_one_error(e, "destination_commune", "required");
	json_decref(e);
}

/* The commune at LIM_ADDRESS_COMMUNE bytes, then one more. */
static void test_end_commune_limit(void **state)
{
	struct in_convention_action a = {0};
	json_t *errors = NULL;
	json_t *body = body_of("{\"departure_on\": \"2026-06-30\", \"exit_reason\": \"other\","
			       " \"destination_type\": \"ais\", \"rental_guarantee_cents\": 0,"
			       " \"adel\": false}");

	(void)state;
	set_text(body, "destination_commune", LIM_ADDRESS_COMMUNE);
	in_convention_action_read(body, CONV_END, &a, &errors);
	assert_null(errors);
	set_text(body, "destination_commune", LIM_ADDRESS_COMMUNE + 1);
	in_convention_action_read(body, CONV_END, &a, &errors);
	assert_true(has_error(errors, "destination_commune", "too-long"));
	json_decref(errors);
	json_decref(body);
}

/* Activate, overstay and cancel take no member. */
static void test_bodyless(void **state)
{
	struct in_convention_action a;
	json_t *e;

	(void)state;
	assert_false(in_convention_action_has_body(CONV_ACTIVATE));
	assert_false(in_convention_action_has_body(CONV_MARK_OVERSTAY));
	assert_false(in_convention_action_has_body(CONV_CANCEL));
	assert_true(in_convention_action_has_body(CONV_SIGN));
	assert_true(in_convention_action_has_body(CONV_END));
	assert_null(action(CONV_ACTIVATE, "{}", &a));
	e = action(CONV_CANCEL, "{\"reason\": \"x\"}", &a);
	assert_one_error(e, "reason", "unknown");
	json_decref(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_create),	      cmocka_unit_test(test_sign),
	    cmocka_unit_test(test_sign_limit),	      cmocka_unit_test(test_renew),
	    cmocka_unit_test(test_notices),	      cmocka_unit_test(test_end),
	    cmocka_unit_test(test_end_commune_limit), cmocka_unit_test(test_bodyless),
	};
	return cmocka_run_group_tests(tests, NULL, free_kept);
}

/*
 * api/in_accompaniment.c: the plan, a log entry and a rental-guarantee
 * saving, read without the database.
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

static const char plan_ok[] =
    "{\"worker_user_id\": 12, \"persons\": [3, 4],"
    " \"objectives\": [\"Trouver un logement\"], \"initiatives\": [\"Inscription SLSP\"],"
    " \"indicators\": [\"Dossier déposé\", \"Visites\"]}";

static void test_plan(void **state)
{
	struct in_accompaniment_plan in = {0};
	json_t *errors = NULL;
	json_t *body = body_of(plan_ok);

	(void)state;
	in_accompaniment_plan_read(body, &in, &errors);
	assert_null(errors);
	assert_int_equal(in.worker_user_id, 12);
	assert_int_equal(in.rental_guarantee_target_cents, 0);
	assert_int_equal(in.n_persons, 2);
	assert_int_equal(in.persons[1], 4);
	assert_int_equal(json_array_size(in.lists[0]), 1);
	assert_int_equal(json_array_size(in.lists[2]), 2);
	assert_string_equal(json_string_value(json_array_get(in.lists[1], 0)), "Inscription SLSP");

	json_object_set_new(body, "rental_guarantee_target_cents",
			    json_integer(LIM_AMOUNT_CENTS_MAX));
	memset(&in, 0, sizeof in);
	in_accompaniment_plan_read(body, &in, &errors);
	assert_null(errors);
	assert_int_equal(in.rental_guarantee_target_cents, LIM_AMOUNT_CENTS_MAX);
	json_object_set_new(body, "rental_guarantee_target_cents",
			    json_integer(LIM_AMOUNT_CENTS_MAX + 1));
	in_accompaniment_plan_read(body, &in, &errors);
	assert_one_error(errors, "rental_guarantee_target_cents", "range");
	json_decref(errors);
	json_decref(body);
}

static void test_plan_invalid(void **state)
{
	struct in_accompaniment_plan in = {0};
	json_t *errors = NULL;
	json_t *body = body_of("{\"worker_user_id\": 0, \"persons\": [3, 3, \"4\"],"
			       " \"objectives\": [], \"initiatives\": [\"\", 7],"
			       " \"goal\": 1}");

	(void)state;
	in_accompaniment_plan_read(body, &in, &errors);
	assert_int_equal(errors_count(errors), 8);
	assert_true(has_error(errors, "goal", "unknown"));
	assert_true(has_error(errors, "worker_user_id", "range"));
	assert_true(has_error(errors, "objectives", "type"));
	assert_true(has_error(errors, "initiatives[0]", "invalid"));
	assert_true(has_error(errors, "initiatives[1]", "invalid"));
	assert_true(has_error(errors, "indicators", "required"));
	assert_true(has_error(errors, "persons[1]", "duplicate"));
	assert_true(has_error(errors, "persons[2]", "type"));
	json_decref(errors);
	json_decref(body);
}

/* Lists of LIM_PLAN_TEXTS_MAX texts of LIM_PLAN_TEXT bytes, then one more. */
static void test_plan_limits(void **state)
{
	struct in_accompaniment_plan in = {0};
	json_t *errors = NULL;
	json_t *body = body_of(plan_ok);
	json_t *list = json_array();
	json_t *item = json_object();

	(void)state;
	set_text(item, "t", LIM_PLAN_TEXT);
	for (int i = 0; i < LIM_PLAN_TEXTS_MAX; i++)
		json_array_append(list, json_object_get(item, "t"));
	json_object_set(body, "objectives", list);
	in_accompaniment_plan_read(body, &in, &errors);
	assert_null(errors);
	json_array_append(list, json_object_get(item, "t"));
	memset(&in, 0, sizeof in);
	in_accompaniment_plan_read(body, &in, &errors);
	assert_one_error(errors, "objectives", "type");
	json_decref(errors);
	errors = NULL;

	json_array_remove(list, 0);
	set_text(item, "t", LIM_PLAN_TEXT + 1);
	json_array_set(list, 3, json_object_get(item, "t"));
	memset(&in, 0, sizeof in);
	in_accompaniment_plan_read(body, &in, &errors);
	assert_one_error(errors, "objectives[3]", "invalid");
	json_decref(errors);
	errors = NULL;

	/* LIM_CONVENTION_PERSONS_MAX persons, then one more. */
	json_t *persons = json_array();
	for (int i = 1; i <= LIM_CONVENTION_PERSONS_MAX; i++)
		json_array_append_new(persons, json_integer(i));
	json_object_set(body, "objectives", json_object_get(body, "initiatives"));
	json_object_set(body, "persons", persons);
	memset(&in, 0, sizeof in);
	in_accompaniment_plan_read(body, &in, &errors);
	assert_null(errors);
	assert_int_equal(in.n_persons, LIM_CONVENTION_PERSONS_MAX);
	json_array_append_new(persons, json_integer(LIM_CONVENTION_PERSONS_MAX + 1));
	memset(&in, 0, sizeof in);
	in_accompaniment_plan_read(body, &in, &errors);
	assert_one_error(errors, "persons", "type");
	json_decref(errors);
	json_decref(persons);
	json_decref(item);
	json_decref(list);
	json_decref(body);
}

static void test_log(void **state)
{
	struct in_accompaniment_log in = {0};
	json_t *errors = NULL;
	bdate_t today = D(2026, 6, 15);
	json_t *body = body_of("{\"occurred_on\": \"2026-06-15\", \"kind\": \"housing_search\","
			       " \"summary\": \"Visite d'un appartement\"}");

	(void)state;
	in_accompaniment_log_read(body, today, &in, &errors);
	assert_null(errors);
	assert_int_equal(in.occurred_on, today);
	assert_string_equal(in_accompaniment_log_kinds[in.kind], "housing_search");
	assert_string_equal(in.summary, "Visite d'un appartement");
	set_text(body, "summary", LIM_ACCOMPANIMENT_LOG_SUMMARY);
	in_accompaniment_log_read(body, today, &in, &errors);
	assert_null(errors);
	set_text(body, "summary", LIM_ACCOMPANIMENT_LOG_SUMMARY + 1);
	in_accompaniment_log_read(body, today, &in, &errors);
	assert_one_error(errors, "summary", "too-long");
	json_decref(errors);
	json_decref(body);

	errors = NULL;
	body = body_of("{\"occurred_on\": \"2026-06-16\", \"kind\": \"call\", \"summary\": \"\","
		       " \"by\": 2}");
	in_accompaniment_log_read(body, today, &in, &errors);
	assert_int_equal(errors_count(errors), 4);
	assert_true(has_error(errors, "by", "unknown"));
	assert_true(has_error(errors, "occurred_on", "future"));
	assert_true(has_error(errors, "kind", "enum"));
	assert_true(has_error(errors, "summary", "required"));
	json_decref(errors);
	json_decref(body);
}

static void test_saving(void **state)
{
	struct in_guarantee_saving in = {0};
	json_t *errors = NULL;
	bdate_t today = D(2026, 6, 15);
	json_t *body = body_of("{\"saved_on\": \"2026-06-01\", \"amount_cents\": -2500}");

	(void)state;
	in_guarantee_saving_read(body, today, &in, &errors);
	assert_null(errors);
	assert_int_equal(in.saved_on, D(2026, 6, 1));
	assert_int_equal(in.amount_cents, -2500);
	assert_null(in.note);

	json_object_set_new(body, "amount_cents", json_integer(-LIM_GUARANTEE_SAVING_CENTS));
	set_text(body, "note", LIM_GUARANTEE_SAVING_NOTE);
	in_guarantee_saving_read(body, today, &in, &errors);
	assert_null(errors);
	assert_int_equal(strlen(in.note), LIM_GUARANTEE_SAVING_NOTE);
	json_object_set_new(body, "amount_cents", json_integer(LIM_GUARANTEE_SAVING_CENTS + 1));
	set_text(body, "note", LIM_GUARANTEE_SAVING_NOTE + 1);
	in_guarantee_saving_read(body, today, &in, &errors);
	assert_int_equal(errors_count(errors), 2);
	assert_true(has_error(errors, "amount_cents", "range"));
	assert_true(has_error(errors, "note", "too-long"));
	json_decref(errors);
	json_decref(body);

	errors = NULL;
	body = body_of("{\"saved_on\": \"2026-06-16\", \"amount_cents\": 0, \"note\": \"\","
		       " \"x\": 1}");
	in_guarantee_saving_read(body, today, &in, &errors);
	assert_int_equal(errors_count(errors), 4);
	assert_true(has_error(errors, "x", "unknown"));
	assert_true(has_error(errors, "saved_on", "future"));
	assert_true(has_error(errors, "amount_cents", "range"));
	assert_true(has_error(errors, "note", "required"));
	json_decref(errors);
	json_decref(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plan),	cmocka_unit_test(test_plan_invalid),
	    cmocka_unit_test(test_plan_limits), cmocka_unit_test(test_log),
	    cmocka_unit_test(test_saving),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * api/in_logbook.c: a carnet de bord entry of a unit or a building (rules.md
 * section 7), read without the database.
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

#define TODAY D(2026, 6, 15)

/* The errors of an entry's body on a unit's (is_unit) or a building's logbook. */
static json_t *entry(bool is_unit, json_t *body, struct in_logbook_entry *out)
{
	json_t *errors = NULL;

	in_logbook_entry_read(body, is_unit, TODAY, out, &errors);
	return errors;
}

static void test_observation(void **state)
{
	struct in_logbook_entry in;
	json_t *body = body_of("{\"kind\": \"observation\", \"entry_date\": \"2026-06-15\","
			       " \"problem\": \"Fuite sous l'évier\", \"location\": \"cuisine\","
			       " \"informed_whom\": \"le propriétaire\","
			       " \"informed_on\": \"2026-06-16\"}");

	(void)state;
	assert_null(entry(true, body, &in));
	assert_int_equal(in.kind, IN_LOGBOOK_OBSERVATION);
	assert_string_equal(in_logbook_kinds[in.kind], "observation");
	assert_int_equal(in.entry_date, TODAY);
	assert_string_equal(in.problem, "Fuite sous l'évier");
	assert_string_equal(in.location, "cuisine");
	assert_true(in.has_informed_on);
	assert_int_equal(in.informed_on, D(2026, 6, 16));
	assert_false(in.has_action_on);
	assert_false(in.has_corrects);
	json_decref(body);
}

static void test_rules(void **state)
{
	struct in_logbook_entry in;
	json_t *body, *e;

	(void)state;
	/* An observation states its problem; nothing dated before the entry. */
	body = body_of("{\"kind\": \"observation\", \"entry_date\": \"2026-06-10\","
		       " \"informed_on\": \"2026-06-09\", \"action_on\": \"2026-06-11\","
		       " \"color\": \"red\"}");
	e = entry(true, body, &in);
	assert_int_equal(errors_count(e), 5);
	assert_true(has_error(e, "color", "unknown"));
	assert_true(has_error(e, "informed_whom", "required"));
	assert_true(has_error(e, "action_taken", "required"));
	assert_true(has_error(e, "informed_on", "before-entry"));
	assert_true(has_error(e, "problem", "required"));
	json_decref(e);
	json_decref(body);

	/* A visit of a dwelling records the consent; a building's does not need it. */
	body = body_of("{\"kind\": \"visit\", \"entry_date\": \"2026-06-16\"}");
	e = entry(true, body, &in);
	assert_int_equal(errors_count(e), 2);
	assert_true(has_error(e, "entry_date", "future"));
	assert_true(has_error(e, "occupant_consent", "required"));
	json_decref(e);
	json_object_set_new(body, "entry_date", json_string("2026-06-15"));
	assert_null(entry(false, body, &in));
	json_decref(body);

	/* A safety check is on a unit and records every point. */
	body = body_of("{\"kind\": \"safety_check\", \"entry_date\": \"2026-06-01\","
		       " \"smoke_detectors_ok\": true, \"differentials_ok\": false}");
	e = entry(false, body, &in);
	assert_int_equal(errors_count(e), 3);
	assert_true(has_error(e, "kind", "invalid"));
	assert_true(has_error(e, "guard_rails_ok", "required"));
	assert_true(has_error(e, "instructions_handed_over", "required"));
	json_decref(e);
	json_object_set_new(body, "guard_rails_ok", json_true());
	json_object_set_new(body, "instructions_handed_over", json_true());
	assert_null(entry(true, body, &in));
	assert_true(in.has_check[1]);
	assert_false(in.check[1]);
	assert_true(in.check[3]);
	json_decref(body);

	/* Only a correction names the entry it corrects, and it must. */
	body = body_of("{\"kind\": \"correction\", \"entry_date\": \"2026-06-01\"}");
	e = entry(true, body, &in);
	assert_one_error(e, "corrects_id", "required");
	json_decref(e);
	json_object_set_new(body, "corrects_id", json_integer(8));
	assert_null(entry(true, body, &in));
	assert_int_equal(in.corrects_id, 8);
	json_object_set_new(body, "kind", json_string("visit"));
	json_object_set_new(body, "occupant_consent", json_true());
	e = entry(true, body, &in);
	assert_one_error(e, "corrects_id", "invalid");
	json_decref(e);
	json_decref(body);
}

/* Every text at its limit, then one byte more. */
static void test_limits(void **state)
{
	static const struct {
		const char *name;
		size_t max;
	} texts[] = {
	    {"problem", LIM_LOGBOOK_PROBLEM},
	    {"location", LIM_LOGBOOK_LOCATION},
	    {"measure", LIM_LOGBOOK_MEASURE},
	    {"informed_whom", LIM_LOGBOOK_INFORMED_WHOM},
	    {"action_taken", LIM_LOGBOOK_ACTION_TAKEN},
	    {"action_by", LIM_LOGBOOK_ACTION_BY},
	};
	struct in_logbook_entry in;

	(void)state;
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		json_t *body = body_of("{\"kind\": \"observation\", \"entry_date\": \"2026-06-15\","
				       " \"problem\": \"p\"}");
		json_t *e;

		set_text(body, texts[i].name, texts[i].max);
		assert_null(entry(true, body, &in));
		set_text(body, texts[i].name, texts[i].max + 1);
		e = entry(true, body, &in);
		assert_true(has_error(e, texts[i].name, "too-long"));
		json_decref(e);
		json_decref(body);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_observation),
	    cmocka_unit_test(test_rules),
	    cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

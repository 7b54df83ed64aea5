/*
 * api/in_letters.c: the bodies of the non-renewal letter, the record of
 * hearing and the formal notice, read without a request or a database.
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
#include "test_support.h"

#define TODAY D(2026, 6, 15)

/* The errors of a body, the body freed. */
static json_t *nonrenewal_errors(json_t *body)
{
	json_t *errors = NULL;
	struct in_letter_nonrenewal in;
	in_letter_nonrenewal_read(body, TODAY, &in, &errors);
	json_decref(body);
	return errors;
}

static json_t *hearing_errors(json_t *body)
{
	json_t *errors = NULL;
	struct in_letter_hearing in;
	in_letter_hearing_read(body, TODAY, &in, &errors);
	json_decref(body);
	return errors;
}

static json_t *overstay_errors_of(json_t *body)
{
	json_t *errors = NULL;
	struct in_letter_overstay in;
	in_letter_overstay_read(body, TODAY, &in, &errors);
	json_decref(body);
	return errors;
}

static json_t *nonrenewal_body(void)
{
	return body_of("{\"motivation\": \"M\", \"rows\": [{\"topic\": \"T\"}]}");
}

static json_t *overstay_body(void)
{
	return body_of("{\"leave_by\": \"2026-07-15\", \"canton\": \"C\"}");
}

/* ---- non-renewal ---- */

static void test_nonrenewal_minimal(void **state)
{
	(void)state;
	json_t *body = body_of("{\"motivation\": \"Pas de recherche.\", \"rows\": [{\"topic\": "
			       "\"Logement\"}]}");
	json_t *errors = NULL;
	struct in_letter_nonrenewal in;
	in_letter_nonrenewal_read(body, TODAY, &in, &errors);
	assert_null(errors);
	assert_int_equal(in.dated, TODAY);
	assert_string_equal(in.motivation, "Pas de recherche.");
	assert_null(in.worker);
	assert_int_equal(in.n_rows, 1);
	assert_string_equal(in.rows[0].topic, "Logement");
	assert_null(in.rows[0].at_admission);
	assert_null(in.rows[0].now);
	assert_false(in.has_hearing);
	json_decref(body);
}

static void test_nonrenewal_full(void **state)
{
	(void)state;
	json_t *body = body_of(
	    "{\"dated\": \"2026-06-20\", \"motivation\": \"M\\nsuite\", \"worker\": \"Anne Petit\","
	    " \"rows\": [{\"topic\": \"Revenus\", \"at_admission\": \"RIS\", \"now\": \"Emploi\"},"
	    " {\"topic\": \"Dettes\"}],"
	    " \"hearing\": {\"date\": \"2026-06-20\", \"time\": \"14 h\", \"place\": \"CPAS\"}}");
	json_t *errors = NULL;
	struct in_letter_nonrenewal in;
	in_letter_nonrenewal_read(body, TODAY, &in, &errors);
	assert_null(errors);
	assert_int_equal(in.dated, D(2026, 6, 20));
	assert_string_equal(in.motivation, "M\nsuite");
	assert_string_equal(in.worker, "Anne Petit");
	assert_int_equal(in.n_rows, 2);
	assert_string_equal(in.rows[0].at_admission, "RIS");
	assert_string_equal(in.rows[0].now, "Emploi");
	assert_string_equal(in.rows[1].topic, "Dettes");
	assert_true(in.has_hearing);
	assert_int_equal(in.hearing_on, D(2026, 6, 20));
	assert_string_equal(in.hearing_time, "14 h");
	assert_string_equal(in.hearing_place, "CPAS");
	json_decref(body);
}

struct refusal {
	const char *patch, *field, *code;
};

static void test_nonrenewal_refused(void **state)
{
	(void)state;
	static const struct refusal cases[] = {
	    {"{\"motivation\": null}", "motivation", "required"},
	    {"{\"motivation\": \"\"}", "motivation", "required"},
	    {"{\"motivation\": 3}", "motivation", "type"},
	    {"{\"rows\": null}", "rows", "required"},
	    {"{\"rows\": []}", "rows", "type"},
	    {"{\"rows\": [1]}", "rows[0]", "type"},
	    {"{\"rows\": [{\"topic\": \"T\"}, {}]}", "rows[1].topic", "required"},
	    {"{\"rows\": [{\"topic\": \"T\", \"now\": \"\"}]}", "rows[0].now", "required"},
	    {"{\"dated\": \"2026-02-30\"}", "dated", "invalid"},
	    {"{\"worker\": \"\"}", "worker", "required"},
	    {"{\"hearing\": \"demain\"}", "hearing", "type"},
	    {"{\"hearing\": {\"date\": \"2026-06-14\", \"time\": \"9 h\", \"place\": \"P\"}}",
	     "hearing.date", "before-letter"},
	    {"{\"hearing\": {\"date\": \"2026-06-16\", \"place\": \"P\"}}", "hearing.time",
	     "required"},
	    /* unknown members, of the body and of its nested objects */
	    {"{\"x\": 1}", "x", "unknown"},
	    {"{\"rows\": [{\"topic\": \"T\", \"y\": 1}]}", "rows[0].y", "unknown"},
	    {"{\"hearing\": {\"date\": \"2026-06-16\", \"time\": \"9 h\", \"place\": \"P\","
	     " \"z\": 1}}",
	     "hearing.z", "unknown"},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
		assert_refused(nonrenewal_body, nonrenewal_errors, cases[k].patch, cases[k].field,
			       cases[k].code);
}

/* A body with a motivation of n characters and rows of m rows. */
static json_t *nonrenewal_sized(size_t motivation, size_t rows, size_t topic)
{
	json_t *body = json_object(), *a = json_array();
	json_object_set_new(body, "motivation", text_of(motivation, 'm'));
	for (size_t i = 0; i < rows; i++)
		json_array_append_new(a, json_pack("{s:o}", "topic", text_of(topic, 't')));
	json_object_set_new(body, "rows", a);
	return body;
}

static void test_nonrenewal_limits(void **state)
{
	(void)state;
	struct {
		size_t motivation, rows, topic;
		const char *field; /* NULL: accepted */
		const char *code;
	} cases[] = {
	    {LIM_LETTER_MOTIVATION, 1, 1, NULL, NULL},
	    {LIM_LETTER_MOTIVATION + 1, 1, 1, "motivation", "too-long"},
	    {1, LIM_LETTER_ROWS_MAX, 1, NULL, NULL},
	    {1, LIM_LETTER_ROWS_MAX + 1, 1, "rows", "type"},
	    {1, 1, LIM_LETTER_ROW_TOPIC, NULL, NULL},
	    {1, 1, LIM_LETTER_ROW_TOPIC + 1, "rows[0].topic", "too-long"},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		json_t *body = nonrenewal_sized(cases[k].motivation, cases[k].rows, cases[k].topic);
		json_t *errors = NULL;
		struct in_letter_nonrenewal in;
		in_letter_nonrenewal_read(body, TODAY, &in, &errors);
		if (cases[k].field == NULL) {
			assert_null(errors);
			assert_int_equal(in.n_rows, cases[k].rows);
		} else {
			take_one_error(errors, cases[k].field, cases[k].code);
		}
		json_decref(body);
	}
}

/* ---- record of hearing ---- */

static json_t *hearing_body(void)
{
	return body_of("{\"held_on\": \"2026-06-15\", \"time\": \"10 h\", \"place\": \"CPAS\","
		       " \"attendees\": [{\"name\": \"Jean Dupont\", \"role\": \"occupant\"}],"
		       " \"subject\": \"La fin\", \"occupant_statement\": \"Je cherche.\","
		       " \"conclusion\": \"Délai.\"}");
}

static void test_hearing_valid(void **state)
{
	(void)state;
	json_t *body = hearing_body(), *errors = NULL;
	json_object_set_new(body, "operator_statement", json_string("Rappel."));
	struct in_letter_hearing in;
	in_letter_hearing_read(body, TODAY, &in, &errors);
	assert_null(errors);
	assert_int_equal(in.held_on, TODAY);
	assert_string_equal(in.time, "10 h");
	assert_string_equal(in.place, "CPAS");
	assert_string_equal(in.subject, "La fin");
	assert_string_equal(in.occupant, "Je cherche.");
	assert_string_equal(in.op_statement, "Rappel.");
	assert_string_equal(in.conclusion, "Délai.");
	assert_int_equal(in.n_attendees, 1);
	assert_string_equal(in.attendees[0].name, "Jean Dupont");
	assert_string_equal(in.attendees[0].role, "occupant");
	json_decref(body);
}

static void test_hearing_refused(void **state)
{
	(void)state;
	static const struct refusal cases[] = {
	    {"{\"held_on\": \"2026-06-16\"}", "held_on", "future"},
	    {"{\"conclusion\": null}", "conclusion", "required"},
	    {"{\"subject\": \"\"}", "subject", "required"},
	    {"{\"attendees\": []}", "attendees", "type"},
	    {"{\"attendees\": {\"name\": \"X\"}}", "attendees", "type"},
	    {"{\"attendees\": [{\"name\": \"X\"}]}", "attendees[0].role", "required"},
	    {"{\"w\": true}", "w", "unknown"},
	    {"{\"attendees\": [{\"name\": \"X\", \"role\": \"R\", \"age\": 3}]}",
	     "attendees[0].age", "unknown"},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
		assert_refused(hearing_body, hearing_errors, cases[k].patch, cases[k].field,
			       cases[k].code);
}

static void test_hearing_limits(void **state)
{
	(void)state;
	struct {
		const char *name;
		size_t max;
	} texts[] = {
	    {"time", LIM_LETTER_TIME},
	    {"place", LIM_LETTER_PLACE},
	    {"subject", LIM_LETTER_SUBJECT},
	    {"occupant_statement", LIM_LETTER_STATEMENT},
	    {"operator_statement", LIM_LETTER_STATEMENT},
	    {"conclusion", LIM_LETTER_CONCLUSION},
	};
	for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
		assert_text_limit(hearing_body, hearing_errors, texts[k].name, texts[k].max);
	json_t *body = hearing_body();
	json_object_set_new(body, "attendees",
			    json_pack("[{s:o,s:o}]", "name", text_of(LIM_LETTER_ATTENDEE_NAME, 'n'),
				      "role", text_of(LIM_LETTER_ATTENDEE_ROLE, 'r')));
	assert_null(hearing_errors(body));
	body = hearing_body();
	json_object_set_new(body, "attendees",
			    json_pack("[{s:s,s:o}]", "name", "N", "role",
				      text_of(LIM_LETTER_ATTENDEE_ROLE + 1, 'r')));
	json_t *e = hearing_errors(body);
	take_one_error(e, "attendees[0].role", "too-long");
	body = hearing_body();
	json_t *a = json_array();
	for (int i = 0; i < LIM_LETTER_ROWS_MAX + 1; i++)
		json_array_append_new(a, json_pack("{s:s,s:s}", "name", "N", "role", "R"));
	json_object_set_new(body, "attendees", a);
	e = hearing_errors(body);
	take_one_error(e, "attendees", "type");
}

/* ---- formal notice ---- */

static void test_overstay_valid(void **state)
{
	(void)state;
	json_t *body = body_of("{\"leave_by\": \"2026-07-15\", \"canton\": \"Namur 1\"}");
	json_t *errors = NULL;
	struct in_letter_overstay in;
	in_letter_overstay_read(body, TODAY, &in, &errors);
	assert_null(errors);
	assert_int_equal(in.dated, TODAY);
	assert_int_equal(in.leave_by, D(2026, 7, 15));
	assert_string_equal(in.canton, "Namur 1");
	assert_null(in.mediator);
	assert_int_equal(in.arrears, 0);
	json_decref(body);

	body = body_of("{\"leave_by\": \"2026-07-01\", \"dated\": \"2026-07-01\", \"canton\": "
		       "\"C\", \"mediator\": \"Marc\", \"arrears_cents\": 45000}");
	in_letter_overstay_read(body, TODAY, &in, &errors);
	assert_null(errors);
	assert_int_equal(in.dated, D(2026, 7, 1));
	assert_string_equal(in.mediator, "Marc");
	assert_int_equal(in.arrears, 45000);
	json_decref(body);
}

static void test_overstay_refused(void **state)
{
	(void)state;
	static const struct refusal cases[] = {
	    {"{\"leave_by\": \"2026-06-14\"}", "leave_by", "before-letter"},
	    {"{\"leave_by\": null}", "leave_by", "required"},
	    {"{\"canton\": null}", "canton", "required"},
	    {"{\"canton\": \"\"}", "canton", "required"},
	    {"{\"mediator\": \"\"}", "mediator", "required"},
	    {"{\"arrears_cents\": 1.5}", "arrears_cents", "type"},
	    {"{\"arrears_cents\": -1}", "arrears_cents", "range"},
	    {"{\"v\": null}", "v", "unknown"},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
		assert_refused(overstay_body, overstay_errors_of, cases[k].patch, cases[k].field,
			       cases[k].code);
}

static void test_overstay_limits(void **state)
{
	(void)state;
	json_t *body = overstay_body();
	json_object_set_new(body, "arrears_cents", json_integer(LIM_AMOUNT_CENTS_MAX));
	assert_null(overstay_errors_of(body));
	body = overstay_body();
	json_object_set_new(body, "arrears_cents", json_integer(LIM_AMOUNT_CENTS_MAX + 1));
	json_t *e = overstay_errors_of(body);
	take_one_error(e, "arrears_cents", "range");
	assert_text_limit(overstay_body, overstay_errors_of, "canton", LIM_LETTER_CANTON);
	assert_text_limit(overstay_body, overstay_errors_of, "mediator", LIM_LETTER_MEDIATOR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nonrenewal_minimal), cmocka_unit_test(test_nonrenewal_full),
	    cmocka_unit_test(test_nonrenewal_refused), cmocka_unit_test(test_nonrenewal_limits),
	    cmocka_unit_test(test_hearing_valid),      cmocka_unit_test(test_hearing_refused),
	    cmocka_unit_test(test_hearing_limits),     cmocka_unit_test(test_overstay_valid),
	    cmocka_unit_test(test_overstay_refused),   cmocka_unit_test(test_overstay_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

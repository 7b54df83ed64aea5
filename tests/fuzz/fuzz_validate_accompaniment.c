/*
 * api/in_accompaniment.c: the validation of the accompaniment plan, of the
 * log entries and of the rental-guarantee savings.
 * in_accompaniment_plan_read either accepts the body, and then the plan
 * holds 1 to 16 distinct persons and three lists of 1 to 20 non-empty
 * texts, or refuses it with well-formed field errors naming every unknown
 * member; the PUT handler gives the same answer. The log and savings
 * readers accept a body exactly when a reference of their rules does, and
 * their handlers then reach the database.
 *
 * Input: byte 0 selects plan (with or without If-Match), log or savings;
 * the rest is the JSON body.
 */
#include <stdlib.h>

#include "api_internal.h"
#include "fuzz_support.h"
#include "input.h"

static void check_list(const json_t *arr)
{
	FUZZ_CHECK(json_is_array(arr) && json_array_size(arr) >= 1 &&
		   json_array_size(arr) <= LIM_PLAN_TEXTS_MAX);
	size_t i;
	json_t *v;
	json_array_foreach((json_t *)arr, i, v)
	{
		FUZZ_CHECK(json_is_string(v) && json_string_length(v) >= 1 &&
			   json_string_length(v) <= LIM_PLAN_TEXT);
	}
}

static void check_plan(struct fuzz_req *f, json_t *body, bool versioned)
{
	struct in_accompaniment_plan in = {0};
	json_t *errors = NULL;
	in_accompaniment_plan_read(body, &in, &errors);
	char *verdict = NULL;
	if (errors != NULL) {
		api_problem(&f->c, 422, "validation", "Invalid accompaniment plan", NULL, errors);
		verdict = fuzz_verdict(f, -1);
	} else {
		FUZZ_CHECK(in.worker_user_id >= 1);
		FUZZ_CHECK(in.rental_guarantee_target_cents >= 0 &&
			   in.rental_guarantee_target_cents <= 100000000);
		FUZZ_CHECK(in.n_persons >= 1 && in.n_persons <= LIM_CONVENTION_PERSONS_MAX);
		for (int i = 0; i < in.n_persons; i++) {
			FUZZ_CHECK(in.persons[i] >= 1);
			for (int k = 0; k < i; k++)
				FUZZ_CHECK(in.persons[k] != in.persons[i]);
		}
		for (int k = 0; k < 3; k++)
			check_list(in.lists[k]);
	}
	FUZZ_CHECK(fuzz_errors_with_code(verdict, "unknown") ==
		   fuzz_unknown_members(body, in_accompaniment_plan_fields));
	/* The plan is created without If-Match, replaced with one. */
	f->c.params[0] = 1;
	f->c.nparams = 1;
	f->req.if_match = versioned ? "\"1\"" : NULL;
	fuzz_handler_agrees(f, h_convention_plan_put, true, verdict);
	free(verdict);
}

/* {occurred_on (not future), kind, summary (1..4000 bytes)} */
static bool log_valid(const json_t *body, bdate_t today)
{
	static const char *const fields[] = {"occurred_on", "kind", "summary", NULL};
	return fuzz_unknown_members(body, fields) == 0 &&
	       fuzz_date(body, "occurred_on", true, today) &&
	       fuzz_one_of(body, "kind", in_accompaniment_log_kinds) && fuzz_text(body, "summary", 1, 4000);
}

/* {saved_on (not future), amount_cents (non-zero, |x| <= 1 000 000 €), note?} */
static bool savings_valid(const json_t *body, bdate_t today)
{
	static const char *const fields[] = {"saved_on", "amount_cents", "note", NULL};
	return fuzz_unknown_members(body, fields) == 0 &&
	       fuzz_date(body, "saved_on", true, today) &&
	       fuzz_integer(body, "amount_cents", -100000000, 100000000) &&
	       json_integer_value(json_object_get(body, "amount_cents")) != 0 &&
	       (fuzz_absent(body, "note") || fuzz_text(body, "note", 1, 500));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct fuzz_req f;
	fuzz_req_init(&f, data + 1, size - 1);
	fuzz_req_target(&f, false);
	int which = data[0] % 4;
	static const api_handler handlers[] = {h_convention_plan_put, h_convention_plan_put,
					       h_convention_log_post, h_convention_savings_post};
	json_t *body = api_body_object(&f.c);
	fuzz_req_reset(&f);
	if (body == NULL) {
		fuzz_handler_agrees(&f, handlers[which], false, NULL);
	} else if (which < 2) {
		check_plan(&f, body, which == 1);
	} else {
		bool valid =
		    which == 2 ? log_valid(body, f.req.today) : savings_valid(body, f.req.today);
		json_t *errors = NULL;
		if (which == 2) {
			struct in_accompaniment_log in = {0};
			in_accompaniment_log_read(body, f.req.today, &in, &errors);
		} else {
			struct in_guarantee_saving in = {0};
			in_guarantee_saving_read(body, f.req.today, &in, &errors);
		}
		FUZZ_CHECK((errors == NULL) == valid);
		json_decref(errors);
		FUZZ_CHECK(fuzz_run_handler(&f, handlers[which]) == (valid ? 503 : 422));
	}
	json_decref(body);
	fuzz_req_free(&f);
	return 0;
}

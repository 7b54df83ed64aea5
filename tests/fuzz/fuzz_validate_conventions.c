/*
 * api/in_conventions.c: the validation of a convention's creation and of
 * its actions (sign, renew, notices, end; activate, overstay and cancel
 * take no body). in_convention_action_read either accepts the body, and
 * then the action's facts are sound (1 to 16 distinct persons, real dates,
 * known reasons), or refuses it with field errors that name every unknown
 * member; the handler gives the same answer (If-Match, then the body, then
 * the database).
 *
 * Input: byte 0 selects the action; the rest is the JSON body.
 */
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "fuzz_support.h"
#include "input.h"

static bool distinct_ids(const struct in_convention_action *a)
{
	for (int i = 0; i < a->n; i++) {
		if (a->member[i] < 1)
			return false;
		for (int k = 0; k < i; k++)
			if (a->member[k] == a->member[i])
				return false;
	}
	return true;
}

static bool in_range(bdate_t d)
{
	struct bdate_ymd ymd = bdate_to_ymd(d);
	return bdate_valid_ymd(ymd.year, ymd.month, ymd.day);
}

static void check_act(enum conv_action action, const struct in_convention_action *a)
{
	FUZZ_CHECK(a->n >= 0 && a->n <= 16 && distinct_ids(a));
	if (action == CONV_SIGN) {
		FUZZ_CHECK(a->n >= 1 && in_range(a->date));
	} else if (action == CONV_GIVE_NOTICE) {
		FUZZ_CHECK(a->n >= 1);
		for (int i = 0; i < a->n; i++)
			FUZZ_CHECK(in_range(a->posted[i]));
	} else if (action == CONV_RENEW) {
		FUZZ_CHECK(a->check_id >= 1);
	} else if (action == CONV_END) {
		FUZZ_CHECK(in_range(a->date));
		FUZZ_CHECK(a->exit_reason >= 0 && a->exit_reason < 8);
		FUZZ_CHECK(a->destination_type >= 0 && a->destination_type < 8);
		/* The commune is known unless the destination itself is not. */
		FUZZ_CHECK(a->commune != NULL
			       ? a->commune[0] != '\0' && strlen(a->commune) <= 100
			       : strcmp(in_convention_destination_types[a->destination_type],
					"unknown") == 0);
		FUZZ_CHECK(a->guarantee >= 0 && a->guarantee <= 100000000);
	} else {
		FUZZ_CHECK(a->n == 0);
	}
}

/* Unknown members of the letters, each reported as letters[i].name. */
static size_t unknown_in_letters(const json_t *body)
{
	static const char *const letter_fields[] = {"member_id", "posted_on", NULL};
	json_t *arr = json_object_get(body, "letters");
	size_t n = 0, i;
	json_t *l;
	if (!json_is_array(arr) || json_array_size(arr) > 16)
		return 0;
	json_array_foreach(arr, i, l)
	{
		if (json_is_object(l))
			n += fuzz_unknown_members(l, letter_fields);
	}
	return n;
}

static const struct {
	enum conv_action action;
	api_handler handler;
} actions[] = {
    {CONV_SIGN, h_convention_sign},	    {CONV_ACTIVATE, h_convention_activate},
    {CONV_RENEW, h_convention_renew},	    {CONV_GIVE_NOTICE, h_convention_notices},
    {CONV_END, h_convention_end},	    {CONV_MARK_OVERSTAY, h_convention_overstay},
    {CONV_CANCEL, h_convention_cancel},
};
#define NACTIONS (sizeof actions / sizeof actions[0])

/* POST /conventions: {admission_check_id}. */
static void check_create(struct fuzz_req *f, json_t *body)
{
	if (body == NULL) {
		FUZZ_CHECK(fuzz_run_handler(f, h_conventions_create) == 400);
		return;
	}
	json_t *id = json_object_get(body, "admission_check_id");
	bool valid =
	    json_object_size(body) == 1 && json_is_integer(id) && json_integer_value(id) >= 1;
	struct in_convention_create in = {0};
	json_t *errors = NULL;
	in_convention_create_read(body, &in, &errors);
	FUZZ_CHECK((errors == NULL) == valid);
	FUZZ_CHECK(!valid || in.admission_check_id == json_integer_value(id));
	char *verdict = NULL;
	if (errors != NULL) {
		api_problem(&f->c, 422, "validation", "Invalid convention", NULL, errors);
		verdict = fuzz_verdict(f, -1);
	}
	fuzz_handler_agrees(f, h_conventions_create, true, verdict);
	free(verdict);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct fuzz_req f;
	fuzz_req_init(&f, data + 1, size - 1);
	size_t which = data[0] % (NACTIONS + 1);
	json_t *body = size > 1 ? api_body_object(&f.c) : NULL;
	fuzz_req_reset(&f);
	if (which == NACTIONS) {
		check_create(&f, body);
		json_decref(body);
		fuzz_req_free(&f);
		return 0;
	}
	enum conv_action action = actions[which].action;
	/* The If-Match comes first: a missing one is refused whatever the body. */
	if (data[0] & 0x80) {
		fuzz_req_target(&f, false);
		FUZZ_CHECK(fuzz_run_handler(&f, actions[which].handler) == 428);
	}
	fuzz_req_target(&f, true);
	/* Actions without a body accept none; the others need an object. */
	bool bodyless = size == 1 && !in_convention_action_has_body(action);
	if (body == NULL && !bodyless) {
		fuzz_handler_agrees(&f, actions[which].handler, false, NULL);
		fuzz_req_free(&f);
		return 0;
	}
	json_t *b = body != NULL ? json_incref(body) : json_object();
	struct in_convention_action a = {0};
	json_t *errors = NULL;
	in_convention_action_read(b, action, &a, &errors);
	char *verdict = NULL;
	if (errors != NULL) {
		api_problem(&f.c, 422, "validation", "Invalid action", NULL, errors);
		verdict = fuzz_verdict(&f, -1);
	} else {
		check_act(action, &a);
	}
	size_t unknown = fuzz_unknown_members(b, in_convention_action_fields(action));
	if (action == CONV_GIVE_NOTICE)
		unknown += unknown_in_letters(b);
	FUZZ_CHECK(fuzz_errors_with_code(verdict, "unknown") == unknown);
	fuzz_handler_agrees(&f, actions[which].handler, true, verdict);
	free(verdict);
	json_decref(b);
	json_decref(body);
	fuzz_req_free(&f);
	return 0;
}

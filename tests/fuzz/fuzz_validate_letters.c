/*
 * api/in_letters.c: the validation of the texts of the non-renewal letter,
 * of the record of hearing and of the formal notice. Each in_letter_*_read either
 * accepts the body, and then every text is present and within its length,
 * every list holds 1 to 20 complete rows and the dates are in order, or
 * refuses it with well-formed field errors naming every unknown member (of
 * the body and of its nested objects); the POST handlers give the same
 * answer (the convention is read from the database after validation).
 *
 * The readers are called through api/input.h (linked from transitd_api);
 * the bounds below are written again on purpose, as the harness's own
 * statement of the contract (api/openapi.yaml), not read from
 * api/field_limits.h.
 *
 * Input: byte 0 selects the letter; the rest is the JSON body.
 */
#include <string.h>

#include "api_internal.h"
#include "fuzz_support.h"
#include "input.h"

#define MAX_ROWS 20

static bool text_ok(const char *s, size_t max, bool required)
{
	return s == NULL ? !required : s[0] != '\0' && strlen(s) <= max;
}

/* Unknown members of the objects of array member name. */
static size_t unknown_in_items(const json_t *body, const char *name, const char *const *fields)
{
	json_t *a = json_object_get(body, name);
	size_t n = 0, i;
	json_t *item;
	if (!json_is_array(a) || json_array_size(a) < 1 || json_array_size(a) > MAX_ROWS)
		return 0;
	/* One item that is not an object stops the reading of the list. */
	json_array_foreach(a, i, item)
	{
		if (!json_is_object(item))
			return 0;
	}
	json_array_foreach(a, i, item)
	{
		n += fuzz_unknown_members(item, fields);
	}
	return n;
}

static size_t check_nonrenewal(struct fuzz_req *f, json_t *body, char **verdict)
{
	struct in_letter_nonrenewal in = {0};
	json_t *errors = NULL;
	in_letter_nonrenewal_read(body, f->req.today, &in, &errors);
	if (errors != NULL) {
		api_problem(&f->c, 422, "validation", "Invalid non-renewal letter", NULL, errors);
		*verdict = fuzz_verdict(f, -1);
	} else {
		FUZZ_CHECK(text_ok(in.motivation, 4000, true) && text_ok(in.worker, 200, false));
		FUZZ_CHECK(in.n_rows >= 1 && in.n_rows <= MAX_ROWS);
		for (size_t i = 0; i < in.n_rows; i++)
			FUZZ_CHECK(text_ok(in.rows[i].topic, 200, true) &&
				   text_ok(in.rows[i].at_admission, 1000, false) &&
				   text_ok(in.rows[i].now, 1000, false));
		if (!fuzz_absent(body, "hearing")) {
			/* The hearing follows the letter that invites to it. */
			FUZZ_CHECK(in.has_hearing && in.hearing_on >= in.dated);
			FUZZ_CHECK(text_ok(in.hearing_time, 20, true) &&
				   text_ok(in.hearing_place, 200, true));
		}
	}
	json_t *hearing = json_object_get(body, "hearing");
	return fuzz_unknown_members(body, in_letter_nonrenewal_fields) +
	       unknown_in_items(body, "rows", in_letter_row_fields) +
	       (json_is_object(hearing) ? fuzz_unknown_members(hearing, in_letter_invitation_fields)
					: 0);
}

static size_t check_hearing(struct fuzz_req *f, json_t *body, char **verdict)
{
	struct in_letter_hearing in = {0};
	json_t *errors = NULL;
	in_letter_hearing_read(body, f->req.today, &in, &errors);
	if (errors != NULL) {
		api_problem(&f->c, 422, "validation", "Invalid record of hearing", NULL, errors);
		*verdict = fuzz_verdict(f, -1);
	} else {
		FUZZ_CHECK(in.held_on <= f->req.today);
		FUZZ_CHECK(text_ok(in.time, 20, true) && text_ok(in.place, 200, true) &&
			   text_ok(in.subject, 2000, true) && text_ok(in.occupant, 8000, true) &&
			   text_ok(in.op_statement, 8000, false) &&
			   text_ok(in.conclusion, 4000, true));
		FUZZ_CHECK(in.n_attendees >= 1 && in.n_attendees <= MAX_ROWS);
		for (size_t i = 0; i < in.n_attendees; i++)
			FUZZ_CHECK(text_ok(in.attendees[i].name, 200, true) &&
				   text_ok(in.attendees[i].role, 100, true));
	}
	return fuzz_unknown_members(body, in_letter_hearing_fields) +
	       unknown_in_items(body, "attendees", in_letter_attendee_fields);
}

static size_t check_overstay(struct fuzz_req *f, json_t *body, char **verdict)
{
	struct in_letter_overstay in = {0};
	json_t *errors = NULL;
	in_letter_overstay_read(body, f->req.today, &in, &errors);
	if (errors != NULL) {
		api_problem(&f->c, 422, "validation", "Invalid formal notice", NULL, errors);
		*verdict = fuzz_verdict(f, -1);
	} else {
		FUZZ_CHECK(in.leave_by >= in.dated);
		FUZZ_CHECK(text_ok(in.canton, 100, true) && text_ok(in.mediator, 200, false));
		FUZZ_CHECK(in.arrears >= 0 && in.arrears <= 100000000);
	}
	return fuzz_unknown_members(body, in_letter_overstay_fields);
}

static const struct {
	size_t (*check)(struct fuzz_req *f, json_t *body, char **verdict);
	api_handler handler;
} letters[] = {
    {check_nonrenewal, h_letter_nonrenewal},
    {check_hearing, h_letter_hearing},
    {check_overstay, h_letter_overstay},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t which = data[0] % 3;
	struct fuzz_req f;
	fuzz_req_init(&f, data + 1, size - 1);
	fuzz_req_target(&f, false);
	json_t *body = api_body_object(&f.c);
	fuzz_req_reset(&f);
	if (body == NULL) {
		fuzz_handler_agrees(&f, letters[which].handler, false, NULL);
		fuzz_req_free(&f);
		return 0;
	}
	char *verdict = NULL;
	size_t unknown = letters[which].check(&f, body, &verdict);
	FUZZ_CHECK(fuzz_errors_with_code(verdict, "unknown") == unknown);
	fuzz_handler_agrees(&f, letters[which].handler, true, verdict);
	free(verdict);
	json_decref(body);
	fuzz_req_free(&f);
	return 0;
}

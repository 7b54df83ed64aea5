/*
 * api/in_logbook.c: the validation of a carnet de bord entry, on a unit's
 * or a building's logbook. in_logbook_entry_read either accepts the body,
 * and then the
 * entry follows rules.md section 7 (an observation states its problem, a
 * visit of a dwelling records the occupant's consent, a safety check is on
 * a unit and records every point, only a correction names the entry it
 * corrects, nothing dated in the future or before the entry), or refuses it
 * with well-formed field errors naming every unknown member; the POST
 * handlers give the same answer.
 *
 * Input: byte 0 selects the unit's or the building's logbook; the rest is
 * the JSON body.
 */
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "fuzz_support.h"
#include "input.h"

static bool within(const char *s, size_t max)
{
	return s == NULL || strlen(s) <= max;
}

static void check_entry(const struct fuzz_req *f, bool is_unit, const struct in_logbook_entry *in)
{
	FUZZ_CHECK(in->kind >= 0 && in->kind < 4);
	FUZZ_CHECK(in->entry_date <= f->req.today);
	FUZZ_CHECK(!in->has_informed_on ||
		   (in->informed_on >= in->entry_date && in->informed_whom != NULL));
	FUZZ_CHECK(!in->has_action_on ||
		   (in->action_on >= in->entry_date && in->action_taken != NULL));
	FUZZ_CHECK(within(in->problem, 2000) && within(in->location, 200) &&
		   within(in->measure, 2000) && within(in->informed_whom, 200) &&
		   within(in->action_taken, 2000) && within(in->action_by, 200));
	switch (in->kind) {
	case IN_LOGBOOK_OBSERVATION:
		FUZZ_CHECK(in->problem != NULL);
		break;
	case IN_LOGBOOK_VISIT:
		FUZZ_CHECK(!is_unit || in->has_consent);
		break;
	case IN_LOGBOOK_SAFETY_CHECK:
		FUZZ_CHECK(is_unit);
		for (int i = 0; i < 4; i++)
			FUZZ_CHECK(in->has_check[i]);
		break;
	}
	FUZZ_CHECK((in->kind == IN_LOGBOOK_CORRECTION) == in->has_corrects);
	FUZZ_CHECK(!in->has_corrects || in->corrects_id >= 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	bool is_unit = data[0] & 1;
	api_handler handler = is_unit ? h_unit_logbook_post : h_building_logbook_post;
	struct fuzz_req f;
	fuzz_req_init(&f, data + 1, size - 1);
	fuzz_req_target(&f, false);
	json_t *body = api_body_object(&f.c);
	if (body == NULL) {
		fuzz_handler_agrees(&f, handler, false, NULL);
		fuzz_req_free(&f);
		return 0;
	}
	struct in_logbook_entry in = {0};
	json_t *errors = NULL;
	in_logbook_entry_read(body, is_unit, f.req.today, &in, &errors);
	int rc = errors != NULL
		     ? api_problem(&f.c, 422, "validation", "Invalid logbook entry", NULL, errors)
		     : 0;
	char *verdict = fuzz_verdict(&f, rc);
	if (verdict == NULL)
		check_entry(&f, is_unit, &in);
	FUZZ_CHECK(fuzz_errors_with_code(verdict, "unknown") ==
		   fuzz_unknown_members(body, in_logbook_entry_fields));
	fuzz_handler_agrees(&f, handler, true, verdict);
	free(verdict);
	json_decref(body);
	fuzz_req_free(&f);
	return 0;
}

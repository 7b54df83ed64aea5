/*
 * The body of a carnet de bord entry (api/input.h; rules.md section 7).
 * Whether the unit or building is the caller's and the corrected entry is
 * in the same logbook needs the database: h_logbook.c checks it.
 */
#include <string.h>

#include "api_internal.h"
#include "input.h"

const char *const in_logbook_kinds[] = {"observation", "visit", "safety_check", "correction", NULL};

const char *const in_logbook_checks[4] = {"smoke_detectors_ok", "differentials_ok",
					  "guard_rails_ok", "instructions_handed_over"};

const char *const in_logbook_entry_fields[] = {"kind",
					       "entry_date",
					       "problem",
					       "location",
					       "measure",
					       "informed_whom",
					       "informed_on",
					       "action_taken",
					       "action_by",
					       "action_on",
					       "occupant_consent",
					       "smoke_detectors_ok",
					       "differentials_ok",
					       "guard_rails_ok",
					       "instructions_handed_over",
					       "corrects_id",
					       NULL};

/* What the kind requires, and the dates' order. */
static void entry_rules(bool has_kind, bool is_unit, const struct in_logbook_entry *in,
			json_t **errors)
{
	if (in->has_informed_on && in->informed_whom == NULL)
		api_field_error(errors, "informed_whom", "required",
				"say to whom the information was passed on");
	if (in->has_action_on && in->action_taken == NULL)
		api_field_error(errors, "action_taken", "required", "say which action was taken");
	if (in->has_informed_on && in->informed_on < in->entry_date)
		api_field_error(errors, "informed_on", "before-entry",
				"must not be before the entry date");
	if (in->has_action_on && in->action_on < in->entry_date)
		api_field_error(errors, "action_on", "before-entry",
				"must not be before the entry date");
	if (!has_kind)
		return;
	if (in->kind == IN_LOGBOOK_OBSERVATION && in->problem == NULL)
		api_field_error(errors, "problem", "required", "an observation states the problem");
	if (in->kind == IN_LOGBOOK_VISIT && is_unit && !in->has_consent)
		api_field_error(
		    errors, "occupant_consent", "required",
		    "entering a dwelling needs the occupant's express consent: record it");
	if (in->kind == IN_LOGBOOK_SAFETY_CHECK) {
		if (!is_unit)
			api_field_error(errors, "kind", "invalid",
					"safety checks are recorded on the unit's logbook");
		for (int i = 0; i < 4; i++)
			if (!in->has_check[i])
				api_field_error(errors, in_logbook_checks[i], "required",
						"a safety check records every point");
	}
	if ((in->kind == IN_LOGBOOK_CORRECTION) != in->has_corrects)
		api_field_error(errors, "corrects_id", in->has_corrects ? "invalid" : "required",
				in->has_corrects ? "only a correction refers to another entry"
						 : "a correction names the entry it corrects");
}

void in_logbook_entry_read(json_t *body, bool is_unit, bdate_t today, struct in_logbook_entry *out,
			   json_t **errors)
{
	memset(out, 0, sizeof *out);
	api_json_only(body, in_logbook_entry_fields, errors);
	bool has_kind = api_json_enum(body, "kind", true, in_logbook_kinds, errors, &out->kind);
	if (api_json_date(body, "entry_date", true, errors, &out->entry_date) &&
	    out->entry_date > today)
		api_field_error(errors, "entry_date", "future", "must not be after today");
	out->problem = api_json_text(body, "problem", LIM_LOGBOOK_PROBLEM, false, errors);
	out->location = api_json_string(body, "location", LIM_LOGBOOK_LOCATION, false, errors);
	out->measure = api_json_text(body, "measure", LIM_LOGBOOK_MEASURE, false, errors);
	out->informed_whom =
	    api_json_string(body, "informed_whom", LIM_LOGBOOK_INFORMED_WHOM, false, errors);
	out->action_taken =
	    api_json_text(body, "action_taken", LIM_LOGBOOK_ACTION_TAKEN, false, errors);
	out->action_by = api_json_string(body, "action_by", LIM_LOGBOOK_ACTION_BY, false, errors);
	out->has_informed_on = api_json_date(body, "informed_on", false, errors, &out->informed_on);
	out->has_action_on = api_json_date(body, "action_on", false, errors, &out->action_on);
	out->has_consent = api_json_bool(body, "occupant_consent", false, errors, &out->consent);
	for (int i = 0; i < 4; i++)
		out->has_check[i] =
		    api_json_bool(body, in_logbook_checks[i], false, errors, &out->check[i]);
	out->has_corrects =
	    api_json_int(body, "corrects_id", false, LIM_ID_MIN, LIM_ID_MAX, errors, &out->corrects_id);
	entry_rules(has_kind, is_unit, out, errors);
}

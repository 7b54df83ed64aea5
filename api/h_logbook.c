/*
 * The carnet de bord of a unit or a building (rules.md section 7):
 * append-only entries; a correction is a new entry referring to the one it
 * corrects, in the same logbook. The database refuses UPDATE and DELETE.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"

static const char *const entry_kinds[] = {"observation", "visit", "safety_check", "correction",
					  NULL};
enum { KIND_OBSERVATION, KIND_VISIT, KIND_SAFETY_CHECK, KIND_CORRECTION };

static const char *const entry_fields[] = {
	"kind",		    "entry_date",	"problem",	    "location",
	"measure",	    "informed_whom",	"informed_on",	    "action_taken",
	"action_by",	    "action_on",	"occupant_consent", "smoke_detectors_ok",
	"differentials_ok", "guard_rails_ok",	"instructions_handed_over",
	"corrects_id",	    NULL};

static const char *const check_fields[] = {"smoke_detectors_ok", "differentials_ok",
					   "guard_rails_ok", "instructions_handed_over"};

struct entry_in {
	bool is_unit;   /* a unit's logbook, else a building's */
	int64_t owner;  /* unit or building id */
	int kind;
	bdate_t entry_date, informed_on, action_on;
	bool has_informed_on, has_action_on, has_consent, consent;
	bool has_check[4], check[4];
	int64_t corrects_id;
	bool has_corrects;
	const char *problem, *location, *measure, *informed_whom, *action_taken, *action_by;
	char *after;
	int64_t id;
};

static int entry_read(struct api_ctx *c, json_t *body, struct entry_in *in)
{
	json_t *errors = NULL;
	api_json_only(body, entry_fields, &errors);
	bool has_kind = api_json_enum(body, "kind", true, entry_kinds, &errors, &in->kind);
	if (api_json_date(body, "entry_date", true, &errors, &in->entry_date) &&
	    in->entry_date > c->req->today)
		api_field_error(&errors, "entry_date", "future", "must not be after today");
	in->problem = api_json_text(body, "problem", 2000, false, &errors);
	in->location = api_json_string(body, "location", 200, false, &errors);
	in->measure = api_json_text(body, "measure", 2000, false, &errors);
	in->informed_whom = api_json_string(body, "informed_whom", 200, false, &errors);
	in->action_taken = api_json_text(body, "action_taken", 2000, false, &errors);
	in->action_by = api_json_string(body, "action_by", 200, false, &errors);
	in->has_informed_on = api_json_date(body, "informed_on", false, &errors, &in->informed_on);
	in->has_action_on = api_json_date(body, "action_on", false, &errors, &in->action_on);
	in->has_consent = api_json_bool(body, "occupant_consent", false, &errors, &in->consent);
	for (int i = 0; i < 4; i++)
		in->has_check[i] = api_json_bool(body, check_fields[i], false, &errors, &in->check[i]);
	in->has_corrects =
		api_json_int(body, "corrects_id", false, 1, INT64_MAX, &errors, &in->corrects_id);

	if (in->has_informed_on && in->informed_whom == NULL)
		api_field_error(&errors, "informed_whom", "required",
				"say to whom the information was passed on");
	if (in->has_action_on && in->action_taken == NULL)
		api_field_error(&errors, "action_taken", "required", "say which action was taken");
	if (in->has_informed_on && in->informed_on < in->entry_date)
		api_field_error(&errors, "informed_on", "before-entry",
				"must not be before the entry date");
	if (in->has_action_on && in->action_on < in->entry_date)
		api_field_error(&errors, "action_on", "before-entry",
				"must not be before the entry date");
	if (has_kind && in->kind == KIND_OBSERVATION && in->problem == NULL)
		api_field_error(&errors, "problem", "required", "an observation states the problem");
	if (has_kind && in->kind == KIND_VISIT && in->is_unit && !in->has_consent)
		api_field_error(&errors, "occupant_consent", "required",
				"entering a dwelling needs the occupant's express consent: record it");
	if (has_kind && in->kind == KIND_SAFETY_CHECK) {
		if (!in->is_unit)
			api_field_error(&errors, "kind", "invalid",
					"safety checks are recorded on the unit's logbook");
		for (int i = 0; i < 4; i++)
			if (!in->has_check[i])
				api_field_error(&errors, check_fields[i], "required",
						"a safety check records every point");
	}
	if (has_kind && (in->kind == KIND_CORRECTION) != in->has_corrects)
		api_field_error(&errors, "corrects_id", in->has_corrects ? "invalid" : "required",
				in->has_corrects ? "only a correction refers to another entry"
						 : "a correction names the entry it corrects");
	if (errors != NULL)
		return api_problem(c, 422, "validation", "Invalid logbook entry", NULL, errors);
	return 0;
}

static void date_text(bool has, bdate_t d, char buf[BDATE_ISO_LEN])
{
	if (has)
		bdate_format_iso(d, buf);
	else
		buf[0] = '\0';
}

static const char *tri(bool has, bool v)
{
	return has ? (v ? "t" : "f") : NULL;
}

static int entry_save(struct api_ctx *c, void *arg)
{
	struct entry_in *in = arg;
	char op[24], owner[24], uid[24], corrects[24];
	char entry[BDATE_ISO_LEN], informed[BDATE_ISO_LEN], action[BDATE_ISO_LEN];
	snprintf(op, sizeof op, "%" PRId64, c->user.operator_id);
	snprintf(owner, sizeof owner, "%" PRId64, in->owner);
	snprintf(uid, sizeof uid, "%" PRId64, c->user.id);
	snprintf(corrects, sizeof corrects, "%" PRId64, in->corrects_id);
	bdate_format_iso(in->entry_date, entry);
	date_text(in->has_informed_on, in->informed_on, informed);
	date_text(in->has_action_on, in->action_on, action);

	/* The logbook exists and is the caller's: lock it so entries of one
	 * logbook are numbered in the order they were written. */
	const char *ov[2] = {owner, op};
	PGresult *r = api_db_exec(c,
				  in->is_unit ? "SELECT 1 FROM units WHERE id = $1 AND operator_id = $2"
					      " FOR SHARE"
					      : "SELECT 1 FROM buildings WHERE id = $1"
						" AND operator_id = $2 FOR SHARE",
				  2, ov);
	if (r == NULL)
		return -1;
	int n = PQntuples(r);
	PQclear(r);
	if (n != 1)
		return api_problem(c, 404, "not-found", "Not found",
				   in->is_unit ? "no such unit" : "no such building", NULL);
	if (in->has_corrects) {
		const char *cv[2] = {corrects, owner};
		r = api_db_exec(c,
				in->is_unit ? "SELECT 1 FROM logbook_entries WHERE id = $1 AND unit_id = $2"
					    : "SELECT 1 FROM logbook_entries WHERE id = $1"
					      " AND building_id = $2",
				2, cv);
		if (r == NULL)
			return -1;
		n = PQntuples(r);
		PQclear(r);
		if (n != 1) {
			json_t *errors = NULL;
			api_field_error(&errors, "corrects_id", "not-found",
					"no such entry in this logbook");
			return api_problem(c, 422, "validation", "Invalid logbook entry", NULL,
					   errors);
		}
	}
	const char *v[20] = {op,
			     in->is_unit ? owner : NULL,
			     in->is_unit ? NULL : owner,
			     entry_kinds[in->kind],
			     entry,
			     in->problem,
			     in->location,
			     in->measure,
			     in->informed_whom,
			     in->has_informed_on ? informed : NULL,
			     in->action_taken,
			     in->action_by,
			     in->has_action_on ? action : NULL,
			     tri(in->has_consent, in->consent),
			     tri(in->has_check[0], in->check[0]),
			     tri(in->has_check[1], in->check[1]),
			     tri(in->has_check[2], in->check[2]),
			     tri(in->has_check[3], in->check[3]),
			     in->has_corrects ? corrects : NULL,
			     uid};
	r = api_db_exec(c,
			"INSERT INTO logbook_entries (operator_id, unit_id, building_id, kind,"
			" entry_date, problem, location, measure, informed_whom, informed_on,"
			" action_taken, action_by, action_on, occupant_consent, smoke_detectors_ok,"
			" differentials_ok, guard_rails_ok, instructions_handed_over, corrects_id,"
			" author_id) VALUES ($1, $2, $3, $4::logbook_kind, $5, $6, $7, $8, $9, $10,"
			" $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING id",
			20, v);
	if (r == NULL)
		return -1;
	in->id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	in->after = api_get_doc(c, "logbook_entry_docs", "logbook entry", in->id);
	if (in->after == NULL)
		return -1;
	char ids[24];
	snprintf(ids, sizeof ids, "%" PRId64, in->id);
	return api_audit(c, "logbook.append", "logbook_entry", ids, NULL, in->after);
}

static int logbook_post(struct api_ctx *c, bool is_unit)
{
	struct entry_in in = {.is_unit = is_unit, .owner = c->params[0]};
	json_t *body = api_body_object(c);
	if (body == NULL)
		return -1;
	int rc = entry_read(c, body, &in);
	if (rc == 0)
		rc = api_tx(c, entry_save, &in);
	if (rc == 0)
		rc = api_reply_row(c, 201, in.after);
	free(in.after);
	json_decref(body);
	return rc;
}

static int logbook_list(struct api_ctx *c, bool is_unit)
{
	char owner[24];
	api_param_text(c, 0, owner);
	/* An unknown or foreign unit is a 404, not an empty logbook. */
	char *doc = api_get_doc(c, is_unit ? "unit_docs" : "building_docs",
				is_unit ? "unit" : "building", c->params[0]);
	if (doc == NULL)
		return -1;
	free(doc);
	const char *v[1] = {owner};
	return api_list_docs(c, "logbook_entry_docs",
			     is_unit ? "d.unit_id = $4::bigint" : "d.building_id = $4::bigint", 1, v);
}

int h_unit_logbook_post(struct api_ctx *c)
{
	return logbook_post(c, true);
}

int h_building_logbook_post(struct api_ctx *c)
{
	return logbook_post(c, false);
}

int h_unit_logbook_get(struct api_ctx *c)
{
	return logbook_list(c, true);
}

int h_building_logbook_get(struct api_ctx *c)
{
	return logbook_list(c, false);
}

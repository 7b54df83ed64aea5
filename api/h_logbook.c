/*
 * The carnet de bord of a unit or a building (rules.md section 7):
 * append-only entries; a correction is a new entry referring to the one it
 * corrects, in the same logbook. The database refuses UPDATE and DELETE.
 * The body is read by in_logbook.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "input.h"

struct entry_in {
	bool is_unit;  /* a unit's logbook, else a building's */
	int64_t owner; /* unit or building id */
	struct in_logbook_entry body; /* points into the request body */
	char *after;
	int64_t id;
};

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

/* The logbook exists and is the caller's: lock it so entries of one
 * logbook are numbered in the order they were written. */
static int logbook_lock(struct api_ctx *c, const struct entry_in *in)
{
	char op[API_ID_LEN], owner[API_ID_LEN];
	api_id_text(c->user.operator_id, op);
	api_id_text(in->owner, owner);
	const char *v[2] = {owner, op};
	PGresult *r = api_db_exec(c,
				  in->is_unit ? "SELECT 1 FROM units WHERE id = $1 AND operator_id = $2"
					      " FOR SHARE"
					      : "SELECT 1 FROM buildings WHERE id = $1"
						" AND operator_id = $2 FOR SHARE",
				  2, v);
	if (r == NULL)
		return -1;
	int n = PQntuples(r);
	PQclear(r);
	if (n != 1)
		return api_problem(c, 404, "not-found", "Not found",
				   in->is_unit ? "no such unit" : "no such building", NULL);
	return 0;
}

/* A correction refers to an entry of the same logbook. */
static int corrects_check(struct api_ctx *c, const struct entry_in *in)
{
	if (!in->body.has_corrects)
		return 0;
	char corrects[API_ID_LEN], owner[API_ID_LEN];
	api_id_text(in->body.corrects_id, corrects);
	api_id_text(in->owner, owner);
	const char *v[2] = {corrects, owner};
	PGresult *r = api_db_exec(c,
				  in->is_unit
				      ? "SELECT 1 FROM logbook_entries WHERE id = $1 AND unit_id = $2"
				      : "SELECT 1 FROM logbook_entries WHERE id = $1"
					" AND building_id = $2",
				  2, v);
	if (r == NULL)
		return -1;
	int n = PQntuples(r);
	PQclear(r);
	if (n != 1) {
		json_t *errors = NULL;
		api_field_error(&errors, "corrects_id", "not-found",
				"no such entry in this logbook");
		return api_problem(c, 422, "validation", "Invalid logbook entry", NULL, errors);
	}
	return 0;
}

static int entry_insert(struct api_ctx *c, struct entry_in *in)
{
	const struct in_logbook_entry *b = &in->body;
	char op[API_ID_LEN], owner[API_ID_LEN], uid[API_ID_LEN], corrects[API_ID_LEN];
	char entry[BDATE_ISO_LEN], informed[BDATE_ISO_LEN], action[BDATE_ISO_LEN];
	api_id_text(c->user.operator_id, op);
	api_id_text(in->owner, owner);
	api_id_text(c->user.id, uid);
	api_id_text(b->corrects_id, corrects);
	bdate_format_iso(b->entry_date, entry);
	date_text(b->has_informed_on, b->informed_on, informed);
	date_text(b->has_action_on, b->action_on, action);
	const char *v[20] = {op,
			     in->is_unit ? owner : NULL,
			     in->is_unit ? NULL : owner,
			     in_logbook_kinds[b->kind],
			     entry,
			     b->problem,
			     b->location,
			     b->measure,
			     b->informed_whom,
			     b->has_informed_on ? informed : NULL,
			     b->action_taken,
			     b->action_by,
			     b->has_action_on ? action : NULL,
			     tri(b->has_consent, b->consent),
			     tri(b->has_check[0], b->check[0]),
			     tri(b->has_check[1], b->check[1]),
			     tri(b->has_check[2], b->check[2]),
			     tri(b->has_check[3], b->check[3]),
			     b->has_corrects ? corrects : NULL,
			     uid};
	PGresult *r = api_db_exec(
	    c,
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
	return 0;
}

static int entry_save(struct api_ctx *c, void *arg)
{
	struct entry_in *in = arg;
	free(in->after); /* a retried transaction starts again */
	in->after = NULL;
	if (logbook_lock(c, in) != 0 || corrects_check(c, in) != 0 || entry_insert(c, in) != 0)
		return -1;
	in->after = api_get_doc(c, "logbook_entry_docs", "logbook entry", in->id);
	if (in->after == NULL)
		return -1;
	char ids[API_ID_LEN];
	api_id_text(in->id, ids);
	return api_audit(c, "logbook.append", "logbook_entry", ids, NULL, in->after);
}

static int entry_read(struct api_ctx *c, json_t *body, void *arg)
{
	struct entry_in *in = arg;
	json_t *errors = NULL;
	in_logbook_entry_read(body, in->is_unit, c->req->today, &in->body, &errors);
	return errors == NULL
		   ? 0
		   : api_problem(c, 422, "validation", "Invalid logbook entry", NULL, errors);
}

static int entry_reply(struct api_ctx *c, void *arg)
{
	struct entry_in *in = arg;
	return api_reply_row(c, 201, in->after);
}

static int logbook_post(struct api_ctx *c, bool is_unit)
{
	struct entry_in in = {.is_unit = is_unit, .owner = c->params[0]};
	int rc = api_write_run(c, NULL, &in, entry_read, entry_save, entry_reply);
	free(in.after);
	return rc;
}

static int logbook_list(struct api_ctx *c, bool is_unit)
{
	char owner[API_ID_LEN];
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

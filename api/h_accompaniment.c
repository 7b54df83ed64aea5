/*
 * Social accompaniment of a convention (rules.md section 5): the plan
 * (persons concerned, objectives, initiatives, indicators, worker in
 * charge, rental-guarantee target), the dated log of meetings and
 * housing-search actions, and the rental-guarantee savings. The log and
 * the savings are append-only: a correction is a new entry.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"

#define MAX_PERSONS 16
#define MAX_ITEMS   20
#define ITEM_LEN    1000

static void id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

/* The convention of the caller's operator: its household, or a 404. */
static int convention_household(struct api_ctx *c, int64_t id, bool lock, int64_t *household)
{
	char ids[24], op[24];
	id_text(id, ids);
	id_text(c->user.operator_id, op);
	const char *v[2] = {ids, op};
	PGresult *r = api_db_exec(c,
				  lock ? "SELECT household_id FROM conventions"
					 " WHERE id = $1 AND operator_id = $2 FOR UPDATE"
				       : "SELECT household_id FROM conventions"
					 " WHERE id = $1 AND operator_id = $2",
				  2, v);
	if (r == NULL)
		return -1;
	bool found = PQntuples(r) == 1;
	if (found)
		*household = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	if (!found) {
		char detail[64];
		snprintf(detail, sizeof detail, "no convention %" PRId64, id);
		return api_problem(c, 404, "not-found", "Not found", detail, NULL);
	}
	return 0;
}

/* ---- plan ---- */

static const char *const plan_fields[] = {"worker_user_id",
					  "persons",
					  "objectives",
					  "initiatives",
					  "indicators",
					  "rental_guarantee_target_cents",
					  NULL};

struct plan_in {
	int64_t convention_id, version, worker, target, household, plan_id;
	bool has_version;
	int n_persons;
	int64_t persons[MAX_PERSONS];
	char *lists[3]; /* objectives, initiatives, indicators: validated JSON arrays */
	char *after;
	bool created;
};

static const char *const list_names[3] = {"objectives", "initiatives", "indicators"};

/* 1..MAX_ITEMS non-empty strings of at most ITEM_LEN bytes, re-serialised. */
static char *text_list(json_t *body, const char *name, json_t **errors)
{
	json_t *arr = json_object_get(body, name);
	if (arr == NULL || json_is_null(arr)) {
		api_field_error(errors, name, "required", "this field is required");
		return NULL;
	}
	if (!json_is_array(arr) || json_array_size(arr) < 1 || json_array_size(arr) > MAX_ITEMS) {
		api_field_error(errors, name, "type", "must be an array of 1 to 20 texts");
		return NULL;
	}
	bool ok = true;
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		const char *s = json_string_value(v);
		if (s == NULL || s[0] == '\0' || strlen(s) > ITEM_LEN) {
			char f[48];
			snprintf(f, sizeof f, "%s[%zu]", name, i);
			api_field_error(errors, f, "invalid", "must be a text of 1 to 1000 bytes");
			ok = false;
		}
	}
	return ok ? json_dumps(arr, JSON_COMPACT) : NULL;
}

static void plan_read(json_t *body, struct plan_in *in, json_t **errors)
{
	api_json_only(body, plan_fields, errors);
	api_json_int(body, "worker_user_id", true, 1, INT64_MAX, errors, &in->worker);
	in->target = 0;
	api_json_cents(body, "rental_guarantee_target_cents", false, 0, 100000000, errors,
		       &in->target);
	for (int k = 0; k < 3; k++)
		in->lists[k] = text_list(body, list_names[k], errors);
	json_t *arr = json_object_get(body, "persons");
	if (arr == NULL || json_is_null(arr)) {
		api_field_error(errors, "persons", "required", "this field is required");
		return;
	}
	if (!json_is_array(arr) || json_array_size(arr) < 1 || json_array_size(arr) > MAX_PERSONS) {
		api_field_error(errors, "persons", "type",
				"must be an array of 1 to 16 member ids");
		return;
	}
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		json_int_t id = json_is_integer(v) ? json_integer_value(v) : 0;
		bool twice = false;
		for (int k = 0; k < in->n_persons; k++)
			twice = twice || in->persons[k] == id;
		char f[32];
		snprintf(f, sizeof f, "persons[%zu]", i);
		if (id < 1)
			api_field_error(errors, f, "type", "must be a member id");
		else if (twice)
			api_field_error(errors, f, "duplicate", "listed twice");
		else
			in->persons[in->n_persons++] = id;
	}
}

static void id_array(const int64_t *ids, int n, char *out, size_t size)
{
	snprintf(out, size, "{");
	for (int k = 0; k < n; k++) {
		size_t l = strlen(out);
		snprintf(out + l, size - l, "%s%" PRId64, k ? "," : "", ids[k]);
	}
	size_t l = strlen(out);
	snprintf(out + l, size - l, "}");
}

/* The persons are members of the household; the worker a social worker of the operator. */
static int plan_check(struct api_ctx *c, struct plan_in *in, const char *persons)
{
	char household[24], op[24], worker[24];
	id_text(in->household, household);
	id_text(c->user.operator_id, op);
	id_text(in->worker, worker);
	const char *v[2] = {household, persons};
	PGresult *r = api_db_exec(c,
				  "SELECT p.ord - 1 FROM unnest($2::bigint[]) WITH ORDINALITY"
				  " AS p(id, ord) WHERE NOT EXISTS (SELECT 1 FROM members m"
				  "  WHERE m.household_id = $1 AND m.id = p.id) ORDER BY p.ord",
				  2, v);
	if (r == NULL)
		return -1;
	json_t *errors = NULL;
	for (int k = 0; k < PQntuples(r); k++) {
		char f[32];
		snprintf(f, sizeof f, "persons[%s]", PQgetvalue(r, k, 0));
		api_field_error(&errors, f, "not-found",
				"not a member of the convention's household");
	}
	PQclear(r);
	const char *wv[2] = {worker, op};
	r = api_db_exec(c,
			"SELECT 1 FROM users WHERE id = $1 AND operator_id = $2"
			" AND role = 'social_worker' AND revoked_at IS NULL",
			2, wv);
	if (r == NULL) {
		json_decref(errors);
		return -1;
	}
	if (PQntuples(r) != 1)
		api_field_error(&errors, "worker_user_id", "not-found",
				"not an active social worker of your operator");
	PQclear(r);
	if (errors != NULL)
		return api_problem(c, 422, "validation", "Invalid accompaniment plan", NULL,
				   errors);
	return 0;
}

static int plan_tx(struct api_ctx *c, void *arg)
{
	struct plan_in *in = arg;
	free(in->after);
	in->after = NULL;
	if (convention_household(c, in->convention_id, false, &in->household) != 0)
		return -1;
	char conv[24], op[24], household[24], worker[24], target[24], plan[24];
	id_text(in->convention_id, conv);
	id_text(c->user.operator_id, op);
	id_text(in->household, household);
	const char *lv[1] = {conv};
	PGresult *r =
	    api_db_exec(c, "SELECT id FROM accompaniment_plans WHERE convention_id = $1", 1, lv);
	if (r == NULL)
		return -1;
	in->created = PQntuples(r) == 0;
	in->plan_id = in->created ? 0 : strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	char *before = NULL;
	if (!in->created) {
		/* Replacing a plan someone may have changed meanwhile needs its ETag. */
		if (!in->has_version)
			return api_problem(c, 428, "precondition-required", "Precondition required",
					   "the plan exists: send If-Match with its ETag", NULL);
		if (api_lock_versioned(c, "accompaniment_plans", "accompaniment plan", in->plan_id,
				       in->version) != 0)
			return -1;
		if ((before = api_get_doc(c, "accompaniment_plan_docs", "accompaniment plan",
					  in->plan_id)) == NULL)
			return -1;
	} else if (in->has_version) {
		return api_problem(c, 412, "stale-version", "Precondition failed",
				   "the convention has no plan yet: send no If-Match to create it",
				   NULL);
	}
	char list[24 * MAX_PERSONS + 3];
	id_array(in->persons, in->n_persons, list, sizeof list);
	if (plan_check(c, in, list) != 0)
		goto fail;
	id_text(in->worker, worker);
	id_text(in->target, target);
	id_text(in->plan_id, plan);
	const char *v[9] = {conv,	  op,		household, worker, in->lists[0],
			    in->lists[1], in->lists[2], target,	   plan};
	r = api_db_exec(
	    c,
	    in->created
		? "INSERT INTO accompaniment_plans (convention_id, operator_id, household_id,"
		  " worker_user_id, objectives, initiatives, indicators,"
		  " rental_guarantee_target_cents) VALUES ($1, $2, $3, $4,"
		  " array(SELECT json_array_elements_text($5::json)),"
		  " array(SELECT json_array_elements_text($6::json)),"
		  " array(SELECT json_array_elements_text($7::json)), $8) RETURNING id"
		: "UPDATE accompaniment_plans SET worker_user_id = $4,"
		  " objectives = array(SELECT json_array_elements_text($5::json)),"
		  " initiatives = array(SELECT json_array_elements_text($6::json)),"
		  " indicators = array(SELECT json_array_elements_text($7::json)),"
		  " rental_guarantee_target_cents = $8, version = version + 1,"
		  " updated_at = now() WHERE id = $9 AND convention_id = $1"
		  " AND operator_id = $2 AND household_id = $3 RETURNING id",
	    in->created ? 8 : 9, v);
	if (r == NULL)
		goto fail;
	in->plan_id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	id_text(in->plan_id, plan);
	const char *pv[4] = {conv, op, household, list};
	r = api_db_exec(c, "DELETE FROM accompaniment_plan_persons WHERE convention_id = $1", 1,
			pv);
	if (r == NULL)
		goto fail;
	PQclear(r);
	r = api_db_exec(c,
			"INSERT INTO accompaniment_plan_persons (convention_id, operator_id,"
			" household_id, member_id) SELECT $1, $2, $3, unnest($4::bigint[])",
			4, pv);
	if (r == NULL)
		goto fail;
	PQclear(r);
	in->after = api_get_doc(c, "accompaniment_plan_docs", "accompaniment plan", in->plan_id);
	const char *action =
	    in->created ? "accompaniment_plan.create" : "accompaniment_plan.update";
	int rc =
	    in->after ? api_audit(c, action, "accompaniment_plan", plan, before, in->after) : -1;
	free(before);
	return rc;
fail:
	free(before);
	return -1;
}

int h_convention_plan_put(struct api_ctx *c)
{
	struct plan_in in = {.convention_id = c->params[0]};
	if (c->req->if_match != NULL) {
		if (api_if_match(c, &in.version) != 0)
			return -1;
		in.has_version = true;
	}
	json_t *body = api_body_object(c);
	if (body == NULL)
		return -1;
	json_t *errors = NULL;
	plan_read(body, &in, &errors);
	int rc = errors != NULL
		     ? api_problem(c, 422, "validation", "Invalid accompaniment plan", NULL, errors)
		     : api_tx(c, plan_tx, &in);
	if (rc == 0 && in.created) {
		char loc[64];
		snprintf(loc, sizeof loc, "/api/v1/conventions/%" PRId64 "/plan", in.convention_id);
		api_add_header(c, "Location", loc);
	}
	if (rc == 0)
		rc = api_reply_row(c, in.created ? 201 : 200, in.after);
	for (int k = 0; k < 3; k++)
		free(in.lists[k]);
	free(in.after);
	json_decref(body);
	return rc;
}

int h_convention_plan_get(struct api_ctx *c)
{
	int64_t household;
	if (convention_household(c, c->params[0], false, &household) != 0)
		return -1;
	char conv[24];
	id_text(c->params[0], conv);
	const char *v[1] = {conv};
	PGresult *r = api_db_exec(
	    c, "SELECT doc FROM accompaniment_plan_docs WHERE convention_id = $1", 1, v);
	if (r == NULL)
		return -1;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return api_problem(c, 404, "not-found", "Not found",
				   "the convention has no accompaniment plan yet", NULL);
	}
	int rc = api_reply_row(c, 200, PQgetvalue(r, 0, 0));
	PQclear(r);
	return rc;
}

/* ---- log ---- */

static const char *const log_kinds[] = {"meeting", "housing_search", NULL};

struct entry_in {
	int64_t convention_id;
	bdate_t on;
	int kind;
	int64_t amount;
	const char *text;
	char *after;
};

static int log_tx(struct api_ctx *c, void *arg)
{
	struct entry_in *in = arg;
	int64_t household;
	free(in->after);
	in->after = NULL;
	if (convention_household(c, in->convention_id, false, &household) != 0)
		return -1;
	char conv[24], op[24], uid[24], on[BDATE_ISO_LEN];
	id_text(in->convention_id, conv);
	id_text(c->user.operator_id, op);
	id_text(c->user.id, uid);
	bdate_format_iso(in->on, on);
	const char *v[6] = {op, conv, on, log_kinds[in->kind], in->text, uid};
	PGresult *r =
	    api_db_exec(c,
			"INSERT INTO accompaniment_logs (operator_id, convention_id,"
			" occurred_on, kind, summary, worker_user_id)"
			" VALUES ($1, $2, $3, $4::accompaniment_log_kind, $5, $6) RETURNING id",
			6, v);
	if (r == NULL)
		return -1;
	int64_t id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	char ids[24];
	snprintf(ids, sizeof ids, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	in->after = api_get_doc(c, "accompaniment_log_docs", "log entry", id);
	return in->after ? api_audit(c, "accompaniment_log.create", "accompaniment_log", ids, NULL,
				     in->after)
			 : -1;
}

/* A dated entry is about the past or today, never the future. */
static void date_not_future(struct api_ctx *c, json_t *body, const char *name, bdate_t *out,
			    json_t **errors)
{
	if (api_json_date(body, name, true, errors, out) && *out > c->req->today)
		api_field_error(errors, name, "future", "must not be after today");
}

int h_convention_log_post(struct api_ctx *c)
{
	static const char *const fields[] = {"occurred_on", "kind", "summary", NULL};
	struct entry_in in = {.convention_id = c->params[0]};
	json_t *body = api_body_object(c);
	if (body == NULL)
		return -1;
	json_t *errors = NULL;
	api_json_only(body, fields, &errors);
	date_not_future(c, body, "occurred_on", &in.on, &errors);
	api_json_enum(body, "kind", true, log_kinds, &errors, &in.kind);
	in.text = api_json_text(body, "summary", 4000, true, &errors);
	if (in.text != NULL && in.text[0] == '\0')
		api_field_error(&errors, "summary", "required", "must not be empty");
	int rc = errors != NULL
		     ? api_problem(c, 422, "validation", "Invalid log entry", NULL, errors)
		     : api_tx(c, log_tx, &in);
	if (rc == 0)
		rc = api_reply_json_copy(c, 201, in.after, strlen(in.after));
	free(in.after);
	json_decref(body);
	return rc;
}

int h_convention_log_list(struct api_ctx *c)
{
	int64_t household;
	if (convention_household(c, c->params[0], false, &household) != 0)
		return -1;
	char conv[24];
	id_text(c->params[0], conv);
	const char *v[1] = {conv};
	return api_list_docs(c, "accompaniment_log_docs", "d.convention_id = $4::bigint", 1, v);
}

/* ---- rental-guarantee savings ---- */

static int savings_tx(struct api_ctx *c, void *arg)
{
	struct entry_in *in = arg;
	int64_t household;
	free(in->after);
	in->after = NULL;
	/* The convention's lock orders concurrent entries: the sum stays >= 0. */
	if (convention_household(c, in->convention_id, true, &household) != 0)
		return -1;
	char conv[24], op[24], uid[24], on[BDATE_ISO_LEN], amount[24];
	id_text(in->convention_id, conv);
	id_text(c->user.operator_id, op);
	id_text(c->user.id, uid);
	id_text(in->amount, amount);
	bdate_format_iso(in->on, on);
	const char *sv[2] = {conv, amount};
	PGresult *r = api_db_exec(c,
				  "SELECT coalesce(sum(amount_cents), 0) + $2::bigint >= 0"
				  " FROM guarantee_savings WHERE convention_id = $1",
				  2, sv);
	if (r == NULL)
		return -1;
	bool ok = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (!ok) {
		json_t *errors = NULL;
		api_field_error(&errors, "amount_cents", "range",
				"a withdrawal cannot exceed the amount saved");
		return api_problem(c, 422, "validation", "Invalid savings entry", NULL, errors);
	}
	const char *v[6] = {op, conv, on, amount, in->text, uid};
	r = api_db_exec(c,
			"INSERT INTO guarantee_savings (operator_id, convention_id, saved_on,"
			" amount_cents, note, created_by) VALUES ($1, $2, $3, $4, $5, $6)"
			" RETURNING id",
			6, v);
	if (r == NULL)
		return -1;
	int64_t id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	char ids[24];
	snprintf(ids, sizeof ids, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	in->after = api_get_doc(c, "guarantee_saving_docs", "savings entry", id);
	return in->after ? api_audit(c, "guarantee_saving.create", "guarantee_saving", ids, NULL,
				     in->after)
			 : -1;
}

int h_convention_savings_post(struct api_ctx *c)
{
	static const char *const fields[] = {"saved_on", "amount_cents", "note", NULL};
	struct entry_in in = {.convention_id = c->params[0]};
	json_t *body = api_body_object(c);
	if (body == NULL)
		return -1;
	json_t *errors = NULL;
	api_json_only(body, fields, &errors);
	date_not_future(c, body, "saved_on", &in.on, &errors);
	if (api_json_cents(body, "amount_cents", true, -100000000, 100000000, &errors,
			   &in.amount) &&
	    in.amount == 0)
		api_field_error(&errors, "amount_cents", "range",
				"must not be 0: a deposit is positive, a withdrawal negative");
	in.text = api_json_text(body, "note", 500, false, &errors);
	if (in.text != NULL && in.text[0] == '\0')
		api_field_error(&errors, "note", "required", "must not be empty");
	int rc = errors != NULL
		     ? api_problem(c, 422, "validation", "Invalid savings entry", NULL, errors)
		     : api_tx(c, savings_tx, &in);
	if (rc == 0)
		rc = api_reply_json_copy(c, 201, in.after, strlen(in.after));
	free(in.after);
	json_decref(body);
	return rc;
}

/* The entries, keyset-paginated, with the target and the amount saved. */
int h_convention_savings_list(struct api_ctx *c)
{
	int64_t household;
	if (convention_household(c, c->params[0], false, &household) != 0)
		return -1;
	char conv[24];
	id_text(c->params[0], conv);
	const char *v[1] = {conv};
	PGresult *r =
	    api_db_exec(c,
			"SELECT (SELECT coalesce(sum(amount_cents), 0) FROM guarantee_savings"
			"  WHERE convention_id = $1),"
			" (SELECT rental_guarantee_target_cents FROM accompaniment_plans"
			"  WHERE convention_id = $1)",
			1, v);
	if (r == NULL)
		return -1;
	json_int_t saved = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	json_t *target = PQgetisnull(r, 0, 1)
			     ? json_null()
			     : json_integer(strtoll(PQgetvalue(r, 0, 1), NULL, 10));
	PQclear(r);
	if (api_list_docs(c, "guarantee_saving_docs", "d.convention_id = $4::bigint", 1, v) != 0) {
		json_decref(target);
		return -1;
	}
	json_t *page = json_loadb(c->resp->body, c->resp->body_len, 0, NULL);
	if (page == NULL) {
		json_decref(target);
		return api_problem(c, 500, "internal", "Internal error", "bad JSON page", NULL);
	}
	json_object_set_new(page, "saved_cents", json_integer(saved));
	json_object_set_new(page, "target_cents", target);
	return api_reply_json(c, 200, page);
}

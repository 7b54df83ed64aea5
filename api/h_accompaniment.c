/*
 * Social accompaniment of a convention (rules.md section 5): the plan
 * (persons concerned, objectives, initiatives, indicators, worker in
 * charge, rental-guarantee target), the dated log of meetings and
 * housing-search actions, and the rental-guarantee savings. The log and
 * the savings are append-only: a correction is a new entry. The bodies are
 * read by in_accompaniment.c; every write takes the household lock first
 * (convention_household, h_conventions.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h_conventions.h"
#include "input.h"

/* ---- plan ---- */

struct plan_in {
	int64_t convention_id, version, household, plan_id;
	bool has_version;
	struct in_accompaniment_plan body; /* points into the request body */
	char *lists[3]; /* the body's objectives, initiatives, indicators as JSON text */
	char *after;
	bool created;
};

/* The lists as JSON text, the form the SQL unpacks. */
static int plan_lists_text(struct api_ctx *c, struct plan_in *in)
{
	for (int k = 0; k < 3; k++)
		if ((in->lists[k] = json_dumps(in->body.lists[k], JSON_COMPACT)) == NULL)
			return api_problem(c, 500, "internal", "Internal error", "out of memory",
					   NULL);
	return 0;
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

/* The plan as it is, locked with its version checked; *before stays NULL
 * when the convention has none yet (in->created). */
static int plan_before(struct api_ctx *c, struct plan_in *in, char **before)
{
	char conv[API_ID_LEN];
	api_id_text(in->convention_id, conv);
	const char *v[1] = {conv};
	PGresult *r =
	    api_db_exec(c, "SELECT id FROM accompaniment_plans WHERE convention_id = $1", 1, v);
	if (r == NULL)
		return -1;
	in->created = PQntuples(r) == 0;
	in->plan_id = in->created ? 0 : strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	if (in->created && in->has_version)
		return api_problem(c, 412, "stale-version", "Precondition failed",
				   "the convention has no plan yet: send no If-Match to create it",
				   NULL);
	if (in->created)
		return 0;
	/* Replacing a plan someone may have changed meanwhile needs its ETag. */
	if (!in->has_version)
		return api_problem(c, 428, "precondition-required", "Precondition required",
				   "the plan exists: send If-Match with its ETag", NULL);
	if (api_lock_versioned(c, "accompaniment_plans", "accompaniment plan", in->plan_id,
			       in->version) != 0)
		return -1;
	*before = api_get_doc(c, "accompaniment_plan_docs", "accompaniment plan", in->plan_id);
	return *before != NULL ? 0 : -1;
}

/* The persons are members of the household; the worker a social worker of the operator. */
static int plan_check(struct api_ctx *c, const struct plan_in *in, const char *persons)
{
	int rc = -1;
	json_t *errors = NULL;
	PGresult *r = NULL, *w = NULL;
	char household[API_ID_LEN], op[API_ID_LEN], worker[API_ID_LEN];
	api_id_text(in->household, household);
	api_id_text(c->user.operator_id, op);
	api_id_text(in->body.worker_user_id, worker);
	const char *v[2] = {household, persons};
	r = api_db_exec(c,
			"SELECT p.ord - 1 FROM unnest($2::bigint[]) WITH ORDINALITY"
			" AS p(id, ord) WHERE NOT EXISTS (SELECT 1 FROM members m"
			"  WHERE m.household_id = $1 AND m.id = p.id) ORDER BY p.ord",
			2, v);
	if (r == NULL)
		goto out;
	for (int k = 0; k < PQntuples(r); k++) {
		char f[32];
		snprintf(f, sizeof f, "persons[%s]", PQgetvalue(r, k, 0));
		api_field_error(&errors, f, "not-found",
				"not a member of the convention's household");
	}
	const char *wv[2] = {worker, op};
	w = api_db_exec(c,
			"SELECT 1 FROM users WHERE id = $1 AND operator_id = $2"
			" AND role = 'social_worker' AND revoked_at IS NULL",
			2, wv);
	if (w == NULL)
		goto out;
	if (PQntuples(w) != 1)
		api_field_error(&errors, "worker_user_id", "not-found",
				"not an active social worker of your operator");
	if (errors != NULL) {
		api_problem(c, 422, "validation", "Invalid accompaniment plan", NULL, errors);
		errors = NULL;
		goto out;
	}
	rc = 0;
out:
	PQclear(r);
	PQclear(w);
	json_decref(errors);
	return rc;
}

/* The plan row (inserted or replaced) and its persons. */
static int plan_write(struct api_ctx *c, struct plan_in *in, const char *persons)
{
	char conv[API_ID_LEN], op[API_ID_LEN], household[API_ID_LEN], worker[API_ID_LEN],
	    target[API_ID_LEN], plan[API_ID_LEN];
	api_id_text(in->convention_id, conv);
	api_id_text(c->user.operator_id, op);
	api_id_text(in->household, household);
	api_id_text(in->body.worker_user_id, worker);
	api_id_text(in->body.rental_guarantee_target_cents, target);
	api_id_text(in->plan_id, plan);
	const char *v[9] = {conv,	  op,		household, worker, in->lists[0],
			    in->lists[1], in->lists[2], target,	   plan};
	PGresult *r = api_db_exec(
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
		return -1;
	in->plan_id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	const char *pv[4] = {conv, op, household, persons};
	r = api_db_exec(c, "DELETE FROM accompaniment_plan_persons WHERE convention_id = $1", 1,
			pv);
	if (r == NULL)
		return -1;
	PQclear(r);
	r = api_db_exec(c,
			"INSERT INTO accompaniment_plan_persons (convention_id, operator_id,"
			" household_id, member_id) SELECT $1, $2, $3, unnest($4::bigint[])",
			4, pv);
	if (r == NULL)
		return -1;
	PQclear(r);
	return 0;
}

static int plan_tx(struct api_ctx *c, void *arg)
{
	struct plan_in *in = arg;
	char *before = NULL;
	int rc = -1;
	free(in->after);
	in->after = NULL;
	char list[API_ID_LEN * LIM_CONVENTION_PERSONS_MAX + 3], plan[API_ID_LEN];
	id_array(in->body.persons, in->body.n_persons, list, sizeof list);
	/* Locks in api_internal.h's order: the household, then the plan row. */
	if (convention_household(c, in->convention_id, true, &in->household) != 0 ||
	    plan_before(c, in, &before) != 0 || plan_check(c, in, list) != 0 ||
	    plan_write(c, in, list) != 0)
		goto out;
	in->after = api_get_doc(c, "accompaniment_plan_docs", "accompaniment plan", in->plan_id);
	if (in->after == NULL)
		goto out;
	api_id_text(in->plan_id, plan);
	rc = api_audit(c, in->created ? "accompaniment_plan.create" : "accompaniment_plan.update",
		       "accompaniment_plan", plan, before, in->after);
out:
	free(before);
	return rc;
}

static int plan_location(struct api_ctx *c, int64_t convention_id)
{
	char loc[64];
	snprintf(loc, sizeof loc, "/api/v1/conventions/%" PRId64 "/plan", convention_id);
	api_add_header(c, "Location", loc);
	return 0;
}

int h_convention_plan_put(struct api_ctx *c)
{
	struct plan_in in = {.convention_id = c->params[0],
			     .has_version = c->req->if_match != NULL};
	json_t *errors = NULL, *body = NULL;
	int rc = in.has_version ? api_if_match(c, &in.version) : 0;
	if (rc == 0 && (body = api_body_object(c)) == NULL)
		rc = -1;
	if (rc == 0)
		in_accompaniment_plan_read(body, &in.body, &errors);
	if (rc == 0 && errors != NULL)
		rc = api_problem(c, 422, "validation", "Invalid accompaniment plan", NULL, errors);
	if (rc == 0)
		rc = plan_lists_text(c, &in);
	if (rc == 0)
		rc = api_tx(c, plan_tx, &in);
	if (rc == 0 && in.created)
		rc = plan_location(c, in.convention_id);
	if (rc == 0)
		rc = api_reply_row(c, in.created ? 201 : 200, in.after);
	for (int k = 0; k < 3; k++)
		free(in.lists[k]);
	free(in.after);
	json_decref(body);
	return rc;
}

static int plan_reply(struct api_ctx *c, int64_t convention_id)
{
	char conv[API_ID_LEN];
	api_id_text(convention_id, conv);
	const char *v[1] = {conv};
	PGresult *r = api_db_exec(
	    c, "SELECT doc FROM accompaniment_plan_docs WHERE convention_id = $1", 1, v);
	if (r == NULL)
		return -1;
	int rc = PQntuples(r) == 1
		     ? api_reply_row(c, 200, PQgetvalue(r, 0, 0))
		     : api_problem(c, 404, "not-found", "Not found",
				   "the convention has no accompaniment plan yet", NULL);
	PQclear(r);
	return rc;
}

int h_convention_plan_get(struct api_ctx *c)
{
	int64_t household;
	int rc = convention_household(c, c->params[0], false, &household);
	if (rc == 0)
		rc = plan_reply(c, c->params[0]);
	return rc;
}

/* ---- log and savings: append-only entries ---- */

/* The new entry (r: the INSERT's RETURNING id, consumed), its document in
 * *after and its audit row "<entity>.create". */
static int entry_created(struct api_ctx *c, PGresult *r, const char *view, const char *what,
			 const char *entity, char **after)
{
	if (r == NULL)
		return -1;
	int64_t id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	char ids[API_ID_LEN], action[64];
	api_id_text(id, ids);
	snprintf(action, sizeof action, "%s.create", entity);
	*after = api_get_doc(c, view, what, id);
	return *after != NULL ? api_audit(c, action, entity, ids, NULL, *after) : -1;
}

struct log_in {
	int64_t convention_id;
	struct in_accompaniment_log body;
	char *after;
};

static int log_tx(struct api_ctx *c, void *arg)
{
	struct log_in *in = arg;
	int64_t household;
	free(in->after);
	in->after = NULL;
	/* The household lock, the first (api_internal.h's lock order). */
	if (convention_household(c, in->convention_id, true, &household) != 0)
		return -1;
	char conv[API_ID_LEN], op[API_ID_LEN], uid[API_ID_LEN], on[BDATE_ISO_LEN];
	api_id_text(in->convention_id, conv);
	api_id_text(c->user.operator_id, op);
	api_id_text(c->user.id, uid);
	bdate_format_iso(in->body.occurred_on, on);
	const char *v[6] = {op,	  conv, on, in_accompaniment_log_kinds[in->body.kind],
			    in->body.summary, uid};
	PGresult *r =
	    api_db_exec(c,
			"INSERT INTO accompaniment_logs (operator_id, convention_id,"
			" occurred_on, kind, summary, worker_user_id)"
			" VALUES ($1, $2, $3, $4::accompaniment_log_kind, $5, $6) RETURNING id",
			6, v);
	return entry_created(c, r, "accompaniment_log_docs", "log entry", "accompaniment_log",
			     &in->after);
}

static int log_read(struct api_ctx *c, json_t *body, void *arg)
{
	struct log_in *in = arg;
	json_t *errors = NULL;
	in_accompaniment_log_read(body, c->req->today, &in->body, &errors);
	return errors == NULL ? 0
			      : api_problem(c, 422, "validation", "Invalid log entry", NULL, errors);
}

static int log_reply(struct api_ctx *c, void *arg)
{
	struct log_in *in = arg;
	return api_reply_json_copy(c, 201, in->after, strlen(in->after));
}

int h_convention_log_post(struct api_ctx *c)
{
	struct log_in in = {.convention_id = c->params[0]};
	int rc = api_write_run(c, NULL, &in, log_read, log_tx, log_reply);
	free(in.after);
	return rc;
}

int h_convention_log_list(struct api_ctx *c)
{
	int64_t household;
	char conv[API_ID_LEN];
	api_id_text(c->params[0], conv);
	const char *v[1] = {conv};
	int rc = convention_household(c, c->params[0], false, &household);
	if (rc == 0)
		rc = api_list_docs(c, "accompaniment_log_docs", "d.convention_id = $4::bigint", 1,
				   v);
	return rc;
}

struct saving_in {
	int64_t convention_id;
	struct in_guarantee_saving body;
	char *after;
};

static int savings_tx(struct api_ctx *c, void *arg)
{
	struct saving_in *in = arg;
	int64_t household;
	free(in->after);
	in->after = NULL;
	/* The household lock, the first (api_internal.h's lock order), orders
	 * concurrent entries: the sum stays >= 0. */
	if (convention_household(c, in->convention_id, true, &household) != 0)
		return -1;
	char conv[API_ID_LEN], op[API_ID_LEN], uid[API_ID_LEN], on[BDATE_ISO_LEN],
	    amount[API_ID_LEN];
	api_id_text(in->convention_id, conv);
	api_id_text(c->user.operator_id, op);
	api_id_text(c->user.id, uid);
	api_id_text(in->body.amount_cents, amount);
	bdate_format_iso(in->body.saved_on, on);
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
	const char *v[6] = {op, conv, on, amount, in->body.note, uid};
	r = api_db_exec(c,
			"INSERT INTO guarantee_savings (operator_id, convention_id, saved_on,"
			" amount_cents, note, created_by) VALUES ($1, $2, $3, $4, $5, $6)"
			" RETURNING id",
			6, v);
	return entry_created(c, r, "guarantee_saving_docs", "savings entry", "guarantee_saving",
			     &in->after);
}

static int saving_read(struct api_ctx *c, json_t *body, void *arg)
{
	struct saving_in *in = arg;
	json_t *errors = NULL;
	in_guarantee_saving_read(body, c->req->today, &in->body, &errors);
	return errors == NULL
		   ? 0
		   : api_problem(c, 422, "validation", "Invalid savings entry", NULL, errors);
}

static int saving_reply(struct api_ctx *c, void *arg)
{
	struct saving_in *in = arg;
	return api_reply_json_copy(c, 201, in->after, strlen(in->after));
}

int h_convention_savings_post(struct api_ctx *c)
{
	struct saving_in in = {.convention_id = c->params[0]};
	int rc = api_write_run(c, NULL, &in, saving_read, savings_tx, saving_reply);
	free(in.after);
	return rc;
}

/* The amount saved and the plan's target (null without a plan). */
struct savings_totals {
	json_int_t saved;
	json_t *target;
};

static int savings_totals(struct api_ctx *c, const char *conv, struct savings_totals *t)
{
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
	t->saved = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	t->target = PQgetisnull(r, 0, 1) ? json_null()
					 : json_integer(strtoll(PQgetvalue(r, 0, 1), NULL, 10));
	PQclear(r);
	return 0;
}

/* The page api_list_docs wrote, with the totals added. */
static int savings_page_reply(struct api_ctx *c, const struct savings_totals *t)
{
	json_t *page = json_loadb(c->resp->body, c->resp->body_len, 0, NULL);
	if (page == NULL)
		return api_problem(c, 500, "internal", "Internal error", "bad JSON page", NULL);
	json_object_set_new(page, "saved_cents", json_integer(t->saved));
	json_object_set(page, "target_cents", t->target);
	return api_reply_json(c, 200, page);
}

/* The entries, keyset-paginated, with the target and the amount saved. */
int h_convention_savings_list(struct api_ctx *c)
{
	struct savings_totals t = {0};
	int64_t household;
	char conv[API_ID_LEN];
	api_id_text(c->params[0], conv);
	const char *v[1] = {conv};
	int rc = convention_household(c, c->params[0], false, &household);
	if (rc == 0)
		rc = savings_totals(c, conv, &t);
	if (rc == 0)
		rc = api_list_docs(c, "guarantee_saving_docs", "d.convention_id = $4::bigint", 1,
				   v);
	if (rc == 0)
		rc = savings_page_reply(c, &t);
	json_decref(t.target);
	return rc;
}

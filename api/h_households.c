/*
 * Households and their members, and the common shape of every household
 * resource (households.h) that h_household_records.c shares for incomes and
 * the records the admission rules read. Each is a resource in the shape of
 * h_units.c: the body read by api/in_households.c, one transaction scoped to
 * the caller's operator, If-Match on PUT and DELETE, before/after audited,
 * the *_docs view as the answer.
 *
 * Every write of a member, income or record takes the household lock first
 * (api_household_lock, the household of the row): that serialises the
 * writes of one household, so the one-head rule and the limits hold without
 * races, and an admission check, which takes the same lock, reads a
 * household nobody is changing.
 *
 * National register numbers: the roles that deal with the persons (admin,
 * operator, social worker) read them; the accountant and the auditor get
 * them masked, with only the two check digits shown.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "households.h"
#include "ident.h"
#include "input.h"

/* ---- the common shape of every resource here ---- */

/* The household_id of row `id` of `table` (the caller's operator), or 0. */
static int household_of(struct api_ctx *c, const char *table, int64_t id, int64_t *out)
{
	char op[API_ID_LEN], ids[API_ID_LEN], sql[160];
	api_id_text(c->user.operator_id, op);
	api_id_text(id, ids);
	snprintf(sql, sizeof sql, "SELECT household_id FROM %s WHERE id = $1 AND operator_id = $2",
		 table);
	const char *v[2] = {ids, op};
	PGresult *r = api_db_exec(c, sql, 2, v);
	if (r == NULL)
		return -1;
	*out = PQntuples(r) == 1 ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;
	PQclear(r);
	return 0;
}

/* The household of the row written: the path's, or that of the row or of
 * its parent member; a row or parent of another operator is a 404. */
static int row_household(struct api_ctx *c, struct household_row *w)
{
	const struct household_kind *k = w->k;
	if (k->parent == PARENT_NONE) {
		w->household = w->id;
	} else if (w->id != 0) {
		if (household_of(c, k->table, w->id, &w->household) != 0)
			return -1;
		if (w->household == 0)
			return api_not_found(c, k->what, w->id);
	} else if (k->parent == PARENT_MEMBER) {
		if (household_of(c, "members", w->parent, &w->household) != 0)
			return -1;
		if (w->household == 0)
			return api_not_found(c, "member", w->parent);
	} else {
		w->household = w->parent;
	}
	return 0;
}

/* Creation of a one-per-household record: a 409 naming the one there is. */
static int one_per_household_check(struct api_ctx *c, struct household_row *w)
{
	char sql[120];
	snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE household_id = $1", w->k->table);
	const char *v[1] = {w->hh};
	PGresult *r = api_db_exec(c, sql, 1, v);
	if (r == NULL)
		return -1;
	char detail[200] = "";
	if (PQntuples(r) > 0)
		snprintf(detail, sizeof detail,
			 "household %" PRId64 " already has a %s (id %s): update it", w->household,
			 w->k->what, PQgetvalue(r, 0, 0));
	PQclear(r);
	if (detail[0] != '\0')
		return api_problem(c, 409, "conflict", "Conflict", detail, NULL);
	return 0;
}

/*
 * Locks, in the order of api_internal.h (the household row first, then the
 * row written): the household lock for a member, income or record; the
 * household's own row, for a household, through api_lock_versioned (FOR
 * UPDATE, which holds the household lock too).
 */
int household_row_begin(struct api_ctx *c, struct household_row *w)
{
	const struct household_kind *k = w->k;
	/* api_tx may run the transaction again: start from nothing. */
	free(w->before);
	free(w->after);
	w->before = w->after = NULL;
	api_id_text(c->user.operator_id, w->op);
	if (row_household(c, w) != 0)
		return -1;
	api_id_text(w->household, w->hh);
	api_id_text(w->id, w->ids);
	if (k->parent != PARENT_NONE && api_household_lock(c, w->household) != 0)
		return -1;
	if (w->id != 0) {
		if (api_lock_versioned(c, k->table, k->what, w->id, w->version) != 0)
			return -1;
		if ((w->before = api_get_doc(c, k->view, k->what, w->id)) == NULL)
			return -1;
	} else if (k->one_per_household) {
		return one_per_household_check(c, w);
	}
	return 0;
}

int household_row_end(struct api_ctx *c, struct household_row *w, PGresult *r)
{
	if (r == NULL)
		return -1;
	w->id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	api_id_text(w->id, w->ids);
	if ((w->after = api_get_doc(c, w->k->view, w->k->what, w->id)) == NULL)
		return -1;
	char action[64];
	snprintf(action, sizeof action, "%s.%s", w->k->entity, w->before ? "update" : "create");
	return api_audit(c, action, w->k->entity, w->ids, w->before, w->after);
}

int household_count_check(struct api_ctx *c, struct household_row *w, const char *table, int max,
			  const char *what)
{
	if (w->id != 0)
		return 0;
	char sql[120];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE household_id = $1", table);
	const char *v[1] = {w->hh};
	PGresult *r = api_db_exec(c, sql, 1, v);
	if (r == NULL)
		return -1;
	long n = strtol(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	if (n < max)
		return 0;
	char detail[120];
	snprintf(detail, sizeof detail, "a household has at most %d %s", max, what);
	return api_problem(c, 409, "limit-reached", "Limit reached", detail, NULL);
}

int household_invalid(struct api_ctx *c, const struct household_kind *k, json_t *errors)
{
	if (errors == NULL)
		return 0;
	char title[64];
	snprintf(title, sizeof title, "Invalid %s", k->what);
	return api_problem(c, 422, "validation", title, NULL, errors);
}

/* The stored digits as the caller's role reads them (api_nrn_shown). */
static void mask_nrn(const struct api_ctx *c, json_t *member)
{
	char shown[IDENT_NRN_FMT_LEN];
	const char *s = json_string_value(json_object_get(member, "national_register_number"));
	if (s == NULL)
		return;
	(void)api_nrn_shown(c, s, shown);
	json_object_set_new(member, "national_register_number", json_string(shown));
}

/* Replies with a document, masking national register numbers for the roles
 * that do not need them. */
static int reply_masked(struct api_ctx *c, const struct household_kind *k, const char *doc,
			int status)
{
	if (!k->has_nrn || api_sees_nrn(c))
		return api_reply_row(c, status, doc);
	char *text = NULL;
	json_t *d = json_loads(doc, 0, NULL);
	int rc = -1;
	if (d == NULL) {
		api_problem(c, 500, "internal", "Internal error", "bad JSON from SQL", NULL);
		goto out;
	}
	json_t *members = json_object_get(d, "members");
	if (json_is_array(members)) {
		size_t i;
		json_t *m;
		json_array_foreach(members, i, m)
		{
			mask_nrn(c, m);
		}
	} else {
		mask_nrn(c, d);
	}
	text = json_dumps(d, JSON_COMPACT);
	if (text == NULL) {
		api_problem(c, 500, "internal", "Internal error", "cannot encode JSON", NULL);
		goto out;
	}
	rc = api_reply_row(c, status, text);
out:
	json_decref(d);
	free(text);
	return rc;
}

int household_res_get(struct api_ctx *c, const struct household_kind *k)
{
	char *doc = api_get_doc(c, k->view, k->what, c->params[0]);
	if (doc == NULL)
		return -1;
	int rc = reply_masked(c, k, doc, 200);
	free(doc);
	return rc;
}

/* The answer of a write: the document, and where a new one lives (a
 * creation has no document before). */
static int write_reply(struct api_ctx *c, void *in)
{
	struct household_row *w = in;
	int rc = reply_masked(c, w->k, w->after, w->before == NULL ? 201 : 200);
	if (w->before == NULL) {
		char loc[96];
		snprintf(loc, sizeof loc, "%s/%" PRId64, w->k->path, w->id);
		api_add_header(c, "Location", loc);
	}
	return rc;
}

/*
 * POST (w->id == 0, w->parent from the path) or PUT (w->id). `in` starts
 * with w.
 */
int household_res_write(struct api_ctx *c, struct household_row *w, household_read_fn read,
			household_save_fn save)
{
	int rc = api_write_run(c, w->id != 0 ? &w->version : NULL, w, read, save, write_reply);
	free(w->before);
	free(w->after);
	return rc;
}

static int delete_save(struct api_ctx *c, void *arg)
{
	struct household_row *w = arg;
	if (household_row_begin(c, w) != 0)
		return -1;
	char sql[120];
	snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = $1 AND operator_id = $2", w->k->table);
	const char *v[2] = {w->ids, w->op};
	PGresult *r = api_db_exec(c, sql, 2, v);
	if (r == NULL)
		return -1;
	PQclear(r);
	char action[64];
	snprintf(action, sizeof action, "%s.delete", w->k->entity);
	return api_audit(c, action, w->k->entity, w->ids, w->before, NULL);
}

/* DELETE with If-Match: 204, audited with the document as it was. */
int household_res_delete(struct api_ctx *c, const struct household_kind *k)
{
	struct household_row w = {.k = k, .id = c->params[0]};
	int rc = api_if_match(c, &w.version);
	if (rc == 0)
		rc = api_tx(c, delete_save, &w);
	if (rc == 0)
		rc = api_reply_text(c, 204, NULL, NULL, 0);
	free(w.before);
	free(w.after);
	return rc;
}

/* ---- households ---- */

static const struct household_kind k_household = {
    .table = "households",
    .view = "household_docs",
    .what = "household",
    .entity = "household",
    .path = "/api/v1/households",
    .parent = PARENT_NONE,
    .has_nrn = true,
};

struct household_in {
	struct household_row w;
	struct in_household in;
};

static int household_read(struct api_ctx *c, json_t *body, void *arg)
{
	struct household_in *h = arg;
	json_t *errors = NULL;
	in_household_read(body, &h->in, &errors);
	return household_invalid(c, h->w.k, errors);
}

static int household_save(struct api_ctx *c, void *arg)
{
	struct household_in *h = arg;
	struct household_row *w = &h->w;
	if (household_row_begin(c, w) != 0)
		return -1;
	const char *v[5] = {w->op, h->in.reference, h->in.phone, h->in.email, w->ids};
	return household_row_end(
	    c, w,
	    api_db_exec(c,
			w->id == 0 ? "INSERT INTO households (operator_id, reference,"
				     " contact_phone, contact_email) VALUES ($1, $2, $3, $4)"
				     " RETURNING id"
				   : "UPDATE households SET reference = $2, contact_phone = $3,"
				     " contact_email = $4, version = version + 1,"
				     " updated_at = now() WHERE id = $5 AND operator_id = $1"
				     " RETURNING id",
			w->id == 0 ? 4 : 5, v));
}

int h_households_list(struct api_ctx *c)
{
	char reference[72], last_name[112], q[128];
	json_t *errors = NULL;
	enum api_lookup has_q = api_query_get(c, "q", q, sizeof q);
	if (has_q == API_LOOKUP_FOUND &&
	    (api_query_get(c, "reference", reference, sizeof reference) != API_LOOKUP_ABSENT ||
	     api_query_get(c, "last_name", last_name, sizeof last_name) != API_LOOKUP_ABSENT))
		api_field_error(&errors, "q", "invalid",
				"q searches names and references itself: leave reference and "
				"last_name out");
	else if (has_q == API_LOOKUP_FOUND)
		return household_search(c, q);
	if (has_q == API_LOOKUP_UNREADABLE)
		api_field_error(&errors, "q", "invalid", "2 to 100 characters on one line");
	enum api_lookup has_ref = api_query_get(c, "reference", reference, sizeof reference);
	enum api_lookup has_name = api_query_get(c, "last_name", last_name, sizeof last_name);
	if (has_ref == API_LOOKUP_UNREADABLE)
		api_field_error(&errors, "reference", "invalid", "at most 64 characters");
	if (has_name == API_LOOKUP_UNREADABLE)
		api_field_error(&errors, "last_name", "invalid", "at most 100 characters");
	if (errors != NULL)
		return api_problem(c, 400, "invalid-query", "Invalid query", NULL, errors);
	const char *v[2] = {has_ref == API_LOOKUP_FOUND ? reference : NULL,
			    has_name == API_LOOKUP_FOUND ? last_name : NULL};
	return api_list_docs(c, "household_summary_docs",
			     "d.id IN (SELECT h.id FROM households h WHERE h.operator_id = $1"
			     " AND ($4::text IS NULL OR h.reference = $4)"
			     " AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM members m"
			     "  WHERE m.operator_id = $1 AND m.household_id = h.id"
			     "  AND lower(m.last_name) = lower($5))))",
			     2, v);
}

int h_households_create(struct api_ctx *c)
{
	struct household_in h = {.w = {.k = &k_household}};
	return household_res_write(c, &h.w, household_read, household_save);
}

int h_household_get(struct api_ctx *c)
{
	return household_res_get(c, &k_household);
}

int h_household_put(struct api_ctx *c)
{
	struct household_in h = {.w = {.k = &k_household, .id = c->params[0]}};
	return household_res_write(c, &h.w, household_read, household_save);
}

/* ---- members ---- */

static const struct household_kind k_member = {
    .table = "members",
    .view = "member_docs",
    .what = "member",
    .entity = "member",
    .path = "/api/v1/members",
    .parent = PARENT_HOUSEHOLD,
    .has_nrn = true,
};

struct member_in {
	struct household_row w;
	struct in_member in;
};

static int member_read(struct api_ctx *c, json_t *body, void *arg)
{
	struct member_in *m = arg;
	json_t *errors = NULL;
	in_member_read(body, c->req->today, &m->in, &errors);
	return household_invalid(c, m->w.k, errors);
}

/* The household's head or partner other than this member, or 0. */
static int64_t other_with_relation(struct api_ctx *c, struct household_row *w, const char *relation,
				   bool *failed)
{
	const char *v[3] = {w->hh, relation, w->ids};
	PGresult *r = api_db_exec(c,
				  "SELECT id FROM members WHERE household_id = $1"
				  " AND relation = $2::member_relation AND id <> $3",
				  3, v);
	*failed = r == NULL;
	int64_t id = r && PQntuples(r) > 0 ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;
	PQclear(r);
	return id;
}

/* One head and one partner at most: a 409 naming the one there is. */
static int relation_check(struct api_ctx *c, struct member_in *m)
{
	if (m->in.relation > 1)
		return 0;
	/* The unique indexes would refuse it too, without saying who. */
	bool failed;
	const char *rel = household_relations[m->in.relation];
	int64_t other = other_with_relation(c, &m->w, rel, &failed);
	if (failed)
		return -1;
	if (other == 0)
		return 0;
	char msg[120];
	snprintf(msg, sizeof msg, "the household already has a %s (member %" PRId64 ")", rel,
		 other);
	json_t *errors = NULL;
	api_field_error(&errors, "relation", "conflict", msg);
	return api_problem(c, 409, "conflict", "Conflict", msg, errors);
}

static int member_save(struct api_ctx *c, void *arg)
{
	struct member_in *m = arg;
	struct household_row *w = &m->w;
	const struct in_member *in = &m->in;
	if (household_row_begin(c, w) != 0 ||
	    household_count_check(c, w, "members", HOUSEHOLD_MAX_MEMBERS, "members") != 0 ||
	    relation_check(c, m) != 0)
		return -1;
	const char *v[11] = {w->op,
			     w->hh,
			     in->first,
			     in->last,
			     in->birth,
			     household_sexes[in->sex],
			     household_relations[in->relation],
			     in->dependent ? "t" : "f",
			     in->emancipated ? "t" : "f",
			     in->has_nrn ? in->nrn.digits : NULL,
			     w->ids};
	return household_row_end(
	    c, w,
	    api_db_exec(c,
			w->id == 0 ? "INSERT INTO members (operator_id, household_id, first_name,"
				     " last_name, birth_date, sex, relation, dependent_child,"
				     " emancipated, national_register_number) VALUES ($1, $2, $3,"
				     " $4, $5::date, $6::member_sex, $7::member_relation, $8, $9,"
				     " $10) RETURNING id"
				   : "UPDATE members SET first_name = $3, last_name = $4,"
				     " birth_date = $5::date, sex = $6::member_sex,"
				     " relation = $7::member_relation, dependent_child = $8,"
				     " emancipated = $9, national_register_number = $10,"
				     " version = version + 1, updated_at = now()"
				     " WHERE id = $11 AND operator_id = $1 AND household_id = $2"
				     " RETURNING id",
			w->id == 0 ? 10 : 11, v));
}

int h_members_create(struct api_ctx *c)
{
	struct member_in m = {.w = {.k = &k_member, .parent = c->params[0]}};
	return household_res_write(c, &m.w, member_read, member_save);
}

int h_member_get(struct api_ctx *c)
{
	return household_res_get(c, &k_member);
}

int h_member_put(struct api_ctx *c)
{
	struct member_in m = {.w = {.k = &k_member, .id = c->params[0]}};
	return household_res_write(c, &m.w, member_read, member_save);
}

int h_member_delete(struct api_ctx *c)
{
	return household_res_delete(c, &k_member);
}

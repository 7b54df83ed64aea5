/*
 * Households, their members and incomes, and the records the admission
 * rules read: debt mediation, patrimony, force majeure, income degradation.
 * Each is a resource in the shape of h_units.c: the body validated field by
 * field, one transaction scoped to the caller's operator, If-Match on PUT
 * and DELETE, before/after audited, the *_docs view as the answer.
 *
 * Every write locks the household row first (the household of the member,
 * income or record): that serialises the writes of one household, so the
 * one-head rule and the limits hold without races, and an admission check,
 * which takes the same lock, reads a household nobody is changing.
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

const char *const household_relations[] = {"head", "partner", "child", "other", NULL};
const char *const household_sexes[] = {"M", "F", NULL};
const char *const household_income_bases[] = {"assessed", "current", NULL};
const char *const household_periodicities[] = {"monthly", "annual", NULL};
const char *const household_fm_categories[] = {
    "natural", "community", "authority", "third_party", "accident", "social_emergency", NULL};
const char *const household_degradation_reasons[] = {
    "exceptional", "work_incapacity", "unemployment", "pre_pension", "retirement", NULL};

static const char *const income_kinds[] = {"work",
					   "unemployment",
					   "sickness_disability",
					   "pension",
					   "ris",
					   "grapa",
					   "disability_allowance",
					   "family_allowance",
					   "alimony",
					   "movable_immovable",
					   "other",
					   NULL};
/* Never taxable (rules.md section 1): the incomes_exempt_kinds constraint. */
static const char *const exempt_kinds[] = {"ris", "grapa", "disability_allowance",
					   "family_allowance", NULL};
static const char *const holdings[] = {"full_ownership", "usufruct", NULL};
static const char *const issuers[] = {"mayor", "housing_administration", NULL};
static const char *const findings[] = {"non_improvable", "uninhabitable", NULL};

int household_enum_index(const char *const *names, const char *name)
{
	for (int i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

/* ---- the common shape of every resource here ---- */

enum parent { PARENT_NONE, PARENT_HOUSEHOLD, PARENT_MEMBER };

struct kind {
	const char *table, *view;
	const char *what;   /* in messages: "member" */
	const char *entity; /* in the audit log: "member" */
	const char *path;   /* of one resource, for Location */
	enum parent parent; /* what the creating path's {id} names */
	bool one_per_household;
	bool has_nrn; /* documents carrying national register numbers */
};

static const struct kind k_household = {
    .table = "households",
    .view = "household_docs",
    .what = "household",
    .entity = "household",
    .path = "/api/v1/households",
    .parent = PARENT_NONE,
    .has_nrn = true,
};
static const struct kind k_member = {
    .table = "members",
    .view = "member_docs",
    .what = "member",
    .entity = "member",
    .path = "/api/v1/members",
    .parent = PARENT_HOUSEHOLD,
    .has_nrn = true,
};
static const struct kind k_income = {
    .table = "incomes",
    .view = "income_docs",
    .what = "income",
    .entity = "income",
    .path = "/api/v1/incomes",
    .parent = PARENT_MEMBER,
};
static const struct kind k_mediation = {
    .table = "debt_mediations",
    .view = "debt_mediation_docs",
    .what = "debt-mediation record",
    .entity = "debt_mediation",
    .path = "/api/v1/debt-mediations",
    .parent = PARENT_HOUSEHOLD,
    .one_per_household = true,
};
static const struct kind k_patrimony = {
    .table = "patrimony_records",
    .view = "patrimony_docs",
    .what = "patrimony record",
    .entity = "patrimony",
    .path = "/api/v1/patrimony-records",
    .parent = PARENT_HOUSEHOLD,
};
static const struct kind k_force_majeure = {
    .table = "force_majeure_records",
    .view = "force_majeure_docs",
    .what = "force-majeure record",
    .entity = "force_majeure",
    .path = "/api/v1/force-majeure-records",
    .parent = PARENT_HOUSEHOLD,
    .one_per_household = true,
};
static const struct kind k_degradation = {
    .table = "income_degradations",
    .view = "income_degradation_docs",
    .what = "income-degradation claim",
    .entity = "income_degradation",
    .path = "/api/v1/income-degradations",
    .parent = PARENT_HOUSEHOLD,
    .one_per_household = true,
};

/* One write in progress. Every input struct starts with it. */
struct row {
	const struct kind *k;
	int64_t id;	 /* 0 when creating */
	int64_t version; /* If-Match of an update or delete */
	int64_t parent;	 /* the creating path's {id} */
	int64_t household;
	char op[24], ids[24], hh[24]; /* operator, id, household as SQL text */
	char *before, *after;	      /* documents for the audit and the answer */
};

static int not_found(struct api_ctx *c, const char *what, int64_t id)
{
	char detail[120];
	snprintf(detail, sizeof detail, "no %s %" PRId64, what, id);
	return api_problem(c, 404, "not-found", "Not found", detail, NULL);
}

/* The household_id of row `id` of `table` (the caller's operator), or 0. */
static int household_of(struct api_ctx *c, const char *table, int64_t id, int64_t *out)
{
	char op[24], ids[24], sql[160];
	snprintf(op, sizeof op, "%" PRId64, c->user.operator_id);
	snprintf(ids, sizeof ids, "%" PRId64, id);
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

/*
 * Inside the transaction: finds the household, locks it, and for an update
 * or delete locks the row against If-Match and keeps its document. A row or
 * parent of another operator is a 404.
 */
static int row_begin(struct api_ctx *c, struct row *w)
{
	const struct kind *k = w->k;
	/* api_tx may run the transaction again: start from nothing. */
	free(w->before);
	free(w->after);
	w->before = w->after = NULL;
	snprintf(w->op, sizeof w->op, "%" PRId64, c->user.operator_id);
	if (k->parent == PARENT_NONE) {
		w->household = w->id;
	} else if (w->id != 0) {
		if (household_of(c, k->table, w->id, &w->household) != 0)
			return -1;
		if (w->household == 0)
			return not_found(c, k->what, w->id);
	} else if (k->parent == PARENT_MEMBER) {
		if (household_of(c, "members", w->parent, &w->household) != 0)
			return -1;
		if (w->household == 0)
			return not_found(c, "member", w->parent);
	} else {
		w->household = w->parent;
	}
	snprintf(w->hh, sizeof w->hh, "%" PRId64, w->household);
	snprintf(w->ids, sizeof w->ids, "%" PRId64, w->id);
	if (k->parent != PARENT_NONE) {
		const char *v[2] = {w->hh, w->op};
		PGresult *r =
		    api_db_exec(c,
				"SELECT 1 FROM households WHERE id = $1 AND operator_id = $2"
				" FOR UPDATE",
				2, v);
		if (r == NULL)
			return -1;
		int n = PQntuples(r);
		PQclear(r);
		if (n != 1)
			return not_found(c, "household", w->household);
	}
	if (w->id != 0) {
		if (api_lock_versioned(c, k->table, k->what, w->id, w->version) != 0)
			return -1;
		if ((w->before = api_get_doc(c, k->view, k->what, w->id)) == NULL)
			return -1;
	} else if (k->one_per_household) {
		char sql[120];
		snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE household_id = $1", k->table);
		const char *v[1] = {w->hh};
		PGresult *r = api_db_exec(c, sql, 1, v);
		if (r == NULL)
			return -1;
		char detail[200] = "";
		if (PQntuples(r) > 0)
			snprintf(detail, sizeof detail,
				 "household %" PRId64 " already has a %s (id %s): update it",
				 w->household, k->what, PQgetvalue(r, 0, 0));
		PQclear(r);
		if (detail[0] != '\0')
			return api_problem(c, 409, "conflict", "Conflict", detail, NULL);
	}
	return 0;
}

/* After the INSERT/UPDATE (its RETURNING id in r): document and audit. */
static int row_end(struct api_ctx *c, struct row *w, PGresult *r)
{
	if (r == NULL)
		return -1;
	w->id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	snprintf(w->ids, sizeof w->ids, "%" PRId64, w->id);
	if ((w->after = api_get_doc(c, w->k->view, w->k->what, w->id)) == NULL)
		return -1;
	char action[64];
	snprintf(action, sizeof action, "%s.%s", w->k->entity, w->before ? "update" : "create");
	return api_audit(c, action, w->k->entity, w->ids, w->before, w->after);
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
static int reply_doc(struct api_ctx *c, const struct kind *k, const char *doc, int status)
{
	if (!k->has_nrn || api_sees_nrn(c))
		return api_reply_row(c, status, doc);
	json_t *d = json_loads(doc, 0, NULL);
	if (d == NULL)
		return api_problem(c, 500, "internal", "Internal error", "bad JSON from SQL", NULL);
	json_t *members = json_object_get(d, "members");
	if (json_is_array(members)) {
		size_t i;
		json_t *m;
		json_array_foreach(members, i, m) {
			mask_nrn(c, m);
		}
	} else {
		mask_nrn(c, d);
	}
	char *text = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	if (text == NULL)
		return api_problem(c, 500, "internal", "Internal error", "cannot encode JSON",
				   NULL);
	int rc = api_reply_row(c, status, text);
	free(text);
	return rc;
}

static int res_get(struct api_ctx *c, const struct kind *k)
{
	char *doc = api_get_doc(c, k->view, k->what, c->params[0]);
	if (doc == NULL)
		return -1;
	int rc = reply_doc(c, k, doc, 200);
	free(doc);
	return rc;
}

typedef int (*read_fn)(struct api_ctx *c, json_t *body, void *in);
typedef int (*save_fn)(struct api_ctx *c, void *in);

/*
 * POST (w->id == 0, w->parent from the path) or PUT (w->id): If-Match,
 * body, validation, the transaction, the answer. `in` starts with w.
 */
static int res_write(struct api_ctx *c, struct row *w, read_fn read, save_fn save)
{
	bool create = w->id == 0;
	if (!create && api_if_match(c, &w->version) != 0)
		return -1;
	json_t *body = api_body_object(c);
	if (body == NULL)
		return -1;
	int rc = read(c, body, w);
	if (rc == 0)
		rc = api_tx(c, save, w);
	if (rc == 0) {
		rc = reply_doc(c, w->k, w->after, create ? 201 : 200);
		if (create) {
			char loc[96];
			snprintf(loc, sizeof loc, "%s/%" PRId64, w->k->path, w->id);
			api_add_header(c, "Location", loc);
		}
	}
	free(w->before);
	free(w->after);
	json_decref(body);
	return rc;
}

static int delete_save(struct api_ctx *c, void *arg)
{
	struct row *w = arg;
	if (row_begin(c, w) != 0)
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
static int res_delete(struct api_ctx *c, const struct kind *k)
{
	struct row w = {.k = k, .id = c->params[0]};
	if (api_if_match(c, &w.version) != 0)
		return -1;
	int rc = api_tx(c, delete_save, &w);
	free(w.before);
	free(w.after);
	if (rc != 0)
		return -1;
	return api_reply_text(c, 204, NULL, NULL, 0);
}

/* Adds a "must not be empty" error for each empty string given. */
static void nonempty(json_t **errors, int n, const char *const *names, const char *const *vals)
{
	for (int i = 0; i < n; i++)
		if (vals[i] != NULL && vals[i][0] == '\0')
			api_field_error(errors, names[i], "required", "must not be empty");
}

static int invalid(struct api_ctx *c, const struct kind *k, json_t *errors)
{
	char title[64];
	snprintf(title, sizeof title, "Invalid %s", k->what);
	return api_problem(c, 422, "validation", title, NULL, errors);
}

/* An optional date not after today (facts already recorded). */
static bool past_date(struct api_ctx *c, json_t *body, const char *name, json_t **errors,
		      char out[BDATE_ISO_LEN])
{
	bdate_t d;
	if (!api_json_date(body, name, false, errors, &d))
		return false;
	if (d > c->req->today) {
		api_field_error(errors, name, "range", "must not be after today");
		return false;
	}
	bdate_format_iso(d, out);
	return true;
}

/* ---- households ---- */

struct household_in {
	struct row w;
	const char *reference, *phone, *email;
};

static const char *const household_fields[] = {"reference", "contact_phone", "contact_email", NULL};

static bool phone_ok(const char *s)
{
	size_t n = strlen(s);
	const char *p = s[0] == '+' ? s + 1 : s;
	return n >= 6 && n <= 30 && *p >= '0' && *p <= '9' &&
	       strspn(p, "0123456789 ./-") == strlen(p);
}

static bool email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	return at != NULL && at != s && at[1] != '\0' && strchr(at + 1, '@') == NULL &&
	       strlen(s) >= 3 && strcspn(s, " \t\r\n") == strlen(s);
}

static int household_read(struct api_ctx *c, json_t *body, void *arg)
{
	struct household_in *in = arg;
	json_t *errors = NULL;
	api_json_only(body, household_fields, &errors);
	in->reference = api_json_string(body, "reference", 64, true, &errors);
	in->phone = api_json_string(body, "contact_phone", 30, false, &errors);
	if (in->phone != NULL && !phone_ok(in->phone))
		api_field_error(
		    &errors, "contact_phone", "invalid",
		    "must be a phone number: digits, spaces, '.', '/', '-', leading '+'");
	in->email = api_json_string(body, "contact_email", 254, false, &errors);
	if (in->email != NULL && !email_ok(in->email))
		api_field_error(&errors, "contact_email", "invalid", "must be an e-mail address");
	const char *names[] = {"reference"};
	const char *vals[] = {in->reference};
	nonempty(&errors, 1, names, vals);
	return errors ? invalid(c, in->w.k, errors) : 0;
}

static int household_save(struct api_ctx *c, void *arg)
{
	struct household_in *in = arg;
	struct row *w = &in->w;
	if (row_begin(c, w) != 0)
		return -1;
	const char *v[5] = {w->op, in->reference, in->phone, in->email, w->ids};
	return row_end(c, w,
		       api_db_exec(c,
				   w->id == 0
				       ? "INSERT INTO households (operator_id, reference,"
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
	char reference[72], last_name[112];
	json_t *errors = NULL;
	int has_ref = api_query_get(c, "reference", reference, sizeof reference);
	int has_name = api_query_get(c, "last_name", last_name, sizeof last_name);
	if (has_ref < 0)
		api_field_error(&errors, "reference", "invalid", "at most 64 characters");
	if (has_name < 0)
		api_field_error(&errors, "last_name", "invalid", "at most 100 characters");
	if (errors != NULL)
		return api_problem(c, 400, "invalid-query", "Invalid query", NULL, errors);
	const char *v[2] = {has_ref > 0 ? reference : NULL, has_name > 0 ? last_name : NULL};
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
	struct household_in in = {.w = {.k = &k_household}};
	return res_write(c, &in.w, household_read, household_save);
}

int h_household_get(struct api_ctx *c)
{
	return res_get(c, &k_household);
}

int h_household_put(struct api_ctx *c)
{
	struct household_in in = {.w = {.k = &k_household, .id = c->params[0]}};
	return res_write(c, &in.w, household_read, household_save);
}

/* ---- members ---- */

struct member_in {
	struct row w;
	const char *first, *last;
	char birth[BDATE_ISO_LEN];
	int sex, relation;
	bool dependent, emancipated, has_nrn;
	struct ident_nrn nrn;
};

static const char *const member_fields[] = {
    "first_name", "last_name",	     "birth_date",  "sex",
    "relation",	  "dependent_child", "emancipated", "national_register_number",
    NULL};

static int member_read(struct api_ctx *c, json_t *body, void *arg)
{
	struct member_in *in = arg;
	json_t *errors = NULL;
	bdate_t birth;
	bool has_birth, has_sex;
	api_json_only(body, member_fields, &errors);
	in->first = api_json_string(body, "first_name", 100, true, &errors);
	in->last = api_json_string(body, "last_name", 100, true, &errors);
	has_birth = api_json_date(body, "birth_date", true, &errors, &birth);
	bdate_t oldest = 0;
	if (has_birth &&
	    (!bdate_from_ymd(1900, 1, 1, &oldest) || birth < oldest || birth > c->req->today)) {
		api_field_error(&errors, "birth_date", "range",
				"must be from 1900-01-01 and not after today");
		has_birth = false;
	}
	if (has_birth)
		bdate_format_iso(birth, in->birth);
	has_sex = api_json_enum(body, "sex", true, household_sexes, &errors, &in->sex);
	bool has_relation =
	    api_json_enum(body, "relation", true, household_relations, &errors, &in->relation);
	in->dependent = false;
	api_json_bool(body, "dependent_child", false, &errors, &in->dependent);
	if (in->dependent && has_relation && in->relation <= 1)
		api_field_error(&errors, "dependent_child", "invalid",
				"the head and the partner are never dependent children");
	in->emancipated = false;
	api_json_bool(body, "emancipated", false, &errors, &in->emancipated);
	const char *nrn = api_json_string(body, "national_register_number", 15, false, &errors);
	if (nrn != NULL) {
		enum ident_err e = ident_nrn_parse(nrn, strlen(nrn), &in->nrn);
		if (e != IDENT_OK) {
			char msg[120];
			snprintf(msg, sizeof msg, "%s (11 digits or YY.MM.DD-SSS.CC)",
				 ident_err_str(e));
			api_field_error(&errors, "national_register_number", "invalid", msg);
		} else if (has_birth && in->nrn.birth_known && in->nrn.birth != birth) {
			api_field_error(&errors, "national_register_number", "mismatch",
					"its birth date does not match birth_date");
		} else if (has_sex && in->nrn.sex != IDENT_SEX_UNKNOWN &&
			   (in->nrn.sex == IDENT_SEX_MALE) != (in->sex == 0)) {
			api_field_error(&errors, "national_register_number", "mismatch",
					"its sequence number does not match sex");
		} else {
			in->has_nrn = true;
		}
	}
	const char *names[] = {"first_name", "last_name"};
	const char *vals[] = {in->first, in->last};
	nonempty(&errors, 2, names, vals);
	return errors ? invalid(c, in->w.k, errors) : 0;
}

/* The household's head or partner other than this member, or 0. */
static int64_t other_with_relation(struct api_ctx *c, struct row *w, const char *relation,
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

/* Creation only: refuses a row beyond what the admission rules can judge. */
static int check_count(struct api_ctx *c, struct row *w, const char *table, int max,
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

static int member_save(struct api_ctx *c, void *arg)
{
	struct member_in *in = arg;
	struct row *w = &in->w;
	if (row_begin(c, w) != 0 ||
	    check_count(c, w, "members", HOUSEHOLD_MAX_MEMBERS, "members") != 0)
		return -1;
	if (in->relation <= 1) {
		/* The unique indexes would refuse it too, without saying who. */
		bool failed;
		const char *rel = household_relations[in->relation];
		int64_t other = other_with_relation(c, w, rel, &failed);
		if (failed)
			return -1;
		if (other != 0) {
			char msg[120];
			snprintf(msg, sizeof msg,
				 "the household already has a %s (member %" PRId64 ")", rel, other);
			json_t *errors = NULL;
			api_field_error(&errors, "relation", "conflict", msg);
			return api_problem(c, 409, "conflict", "Conflict", msg, errors);
		}
	}
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
	return row_end(
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
	struct member_in in = {.w = {.k = &k_member, .parent = c->params[0]}};
	return res_write(c, &in.w, member_read, member_save);
}

int h_member_get(struct api_ctx *c)
{
	return res_get(c, &k_member);
}

int h_member_put(struct api_ctx *c)
{
	struct member_in in = {.w = {.k = &k_member, .id = c->params[0]}};
	return res_write(c, &in.w, member_read, member_save);
}

int h_member_delete(struct api_ctx *c)
{
	return res_delete(c, &k_member);
}

/* ---- incomes ---- */

struct income_in {
	struct row w;
	int kind, basis, periodicity;
	bool taxable, has_year;
	int64_t amount, year;
	const char *evidence;
};

static const char *const income_fields[] = {
    "kind", "basis", "taxable", "amount_cents", "periodicity", "income_year", "evidence_reference",
    NULL};

static int income_read(struct api_ctx *c, json_t *body, void *arg)
{
	struct income_in *in = arg;
	json_t *errors = NULL;
	api_json_only(body, income_fields, &errors);
	bool has_kind = api_json_enum(body, "kind", true, income_kinds, &errors, &in->kind);
	bool exempt = has_kind && household_enum_index(exempt_kinds, income_kinds[in->kind]) >= 0;
	bool has_basis =
	    api_json_enum(body, "basis", true, household_income_bases, &errors, &in->basis);
	bool assessed = has_basis && in->basis == 0;
	/* By default an income is taxable unless its kind never is. */
	in->taxable = !exempt;
	bool has_taxable = api_json_bool(body, "taxable", false, &errors, &in->taxable);
	if (has_taxable && in->taxable && exempt)
		api_field_error(&errors, "taxable", "invalid",
				"RIS, GRAPA, disability and family allowances are never taxable");
	else if (assessed && !in->taxable)
		api_field_error(&errors, "taxable", "invalid",
				"an assessed income is the taxable income of the assessment");
	api_json_cents(body, "amount_cents", true, 0, 10000000000LL, &errors, &in->amount);
	api_json_enum(body, "periodicity", true, household_periodicities, &errors,
		      &in->periodicity);
	in->has_year = api_json_int(body, "income_year", assessed, 1990, 2100, &errors, &in->year);
	in->evidence = api_json_string(body, "evidence_reference", 200, assessed, &errors);
	const char *names[] = {"evidence_reference"};
	const char *vals[] = {in->evidence};
	nonempty(&errors, 1, names, vals);
	return errors ? invalid(c, in->w.k, errors) : 0;
}

static int income_save(struct api_ctx *c, void *arg)
{
	struct income_in *in = arg;
	struct row *w = &in->w;
	if (row_begin(c, w) != 0 ||
	    check_count(c, w, "incomes", HOUSEHOLD_MAX_INCOMES, "incomes") != 0)
		return -1;
	char parent[24], amount[24], year[24];
	snprintf(parent, sizeof parent, "%" PRId64, w->parent);
	snprintf(amount, sizeof amount, "%" PRId64, in->amount);
	snprintf(year, sizeof year, "%" PRId64, in->year);
	/* $10: the member of a new income, the income of an update. */
	const char *v[10] = {w->op,
			     w->hh,
			     income_kinds[in->kind],
			     household_income_bases[in->basis],
			     in->taxable ? "t" : "f",
			     amount,
			     household_periodicities[in->periodicity],
			     in->has_year ? year : NULL,
			     in->evidence,
			     w->id == 0 ? parent : w->ids};
	return row_end(
	    c, w,
	    api_db_exec(c,
			w->id == 0 ? "INSERT INTO incomes (operator_id, household_id, kind, basis,"
				     " taxable, amount_cents, periodicity, income_year,"
				     " evidence_reference, member_id) VALUES ($1, $2,"
				     " $3::income_kind, $4::income_basis, $5, $6,"
				     " $7::income_periodicity, $8, $9, $10) RETURNING id"
				   : "UPDATE incomes SET kind = $3::income_kind,"
				     " basis = $4::income_basis, taxable = $5, amount_cents = $6,"
				     " periodicity = $7::income_periodicity, income_year = $8,"
				     " evidence_reference = $9, version = version + 1,"
				     " updated_at = now() WHERE id = $10 AND operator_id = $1"
				     " AND household_id = $2 RETURNING id",
			10, v));
}

int h_incomes_create(struct api_ctx *c)
{
	struct income_in in = {.w = {.k = &k_income, .parent = c->params[0]}};
	return res_write(c, &in.w, income_read, income_save);
}

int h_income_get(struct api_ctx *c)
{
	return res_get(c, &k_income);
}

int h_income_put(struct api_ctx *c)
{
	struct income_in in = {.w = {.k = &k_income, .id = c->params[0]}};
	return res_write(c, &in.w, income_read, income_save);
}

int h_income_delete(struct api_ctx *c)
{
	return res_delete(c, &k_income);
}

/* ---- debt mediation (P-c) ---- */

struct mediation_in {
	struct row w;
	const char *service, *approval;
	int64_t charges;
	bool has_since;
	char since[BDATE_ISO_LEN];
};

static const char *const mediation_fields[] = {"service_name", "approval_reference",
					       "monthly_charges_cents", "started_on", NULL};

static int mediation_read(struct api_ctx *c, json_t *body, void *arg)
{
	struct mediation_in *in = arg;
	json_t *errors = NULL;
	api_json_only(body, mediation_fields, &errors);
	in->service = api_json_string(body, "service_name", 200, true, &errors);
	in->approval = api_json_string(body, "approval_reference", 100, false, &errors);
	api_json_cents(body, "monthly_charges_cents", true, 0, 10000000000LL, &errors,
		       &in->charges);
	in->has_since = past_date(c, body, "started_on", &errors, in->since);
	const char *names[] = {"service_name", "approval_reference"};
	const char *vals[] = {in->service, in->approval};
	nonempty(&errors, 2, names, vals);
	return errors ? invalid(c, in->w.k, errors) : 0;
}

static int mediation_save(struct api_ctx *c, void *arg)
{
	struct mediation_in *in = arg;
	struct row *w = &in->w;
	if (row_begin(c, w) != 0)
		return -1;
	char charges[24];
	snprintf(charges, sizeof charges, "%" PRId64, in->charges);
	const char *v[7] = {w->op,	  w->hh,   in->service,
			    in->approval, charges, in->has_since ? in->since : NULL,
			    w->ids};
	return row_end(c, w,
		       api_db_exec(c,
				   w->id == 0
				       ? "INSERT INTO debt_mediations (operator_id, household_id,"
					 " service_name, approval_reference, monthly_charges_cents,"
					 " started_on) VALUES ($1, $2, $3, $4, $5, $6::date)"
					 " RETURNING id"
				       : "UPDATE debt_mediations SET service_name = $3,"
					 " approval_reference = $4, monthly_charges_cents = $5,"
					 " started_on = $6::date, version = version + 1,"
					 " updated_at = now() WHERE id = $7 AND operator_id = $1"
					 " AND household_id = $2 RETURNING id",
				   w->id == 0 ? 6 : 7, v));
}

int h_debt_mediations_create(struct api_ctx *c)
{
	struct mediation_in in = {.w = {.k = &k_mediation, .parent = c->params[0]}};
	return res_write(c, &in.w, mediation_read, mediation_save);
}

int h_debt_mediation_get(struct api_ctx *c)
{
	return res_get(c, &k_mediation);
}

int h_debt_mediation_put(struct api_ctx *c)
{
	struct mediation_in in = {.w = {.k = &k_mediation, .id = c->params[0]}};
	return res_write(c, &in.w, mediation_read, mediation_save);
}

int h_debt_mediation_delete(struct api_ctx *c)
{
	return res_delete(c, &k_mediation);
}

/* ---- patrimony ---- */

struct patrimony_in {
	struct row w;
	bool has_member, has_attestation;
	int64_t member;
	int holding, issuer, finding;
	const char *dwelling, *att_ref;
	char att_date[BDATE_ISO_LEN];
};

static const char *const patrimony_fields[] = {"member_id", "holding", "dwelling", "attestation",
					       NULL};
static const char *const attestation_fields[] = {"reference", "date", "issuer", "finding", NULL};

/* attestation: {reference, date, issuer, finding}, errors as attestation.x */
static void attestation_read(struct api_ctx *c, json_t *body, struct patrimony_in *in,
			     json_t **errors)
{
	json_t *a = json_object_get(body, "attestation");
	if (a == NULL || json_is_null(a))
		return;
	if (!json_is_object(a)) {
		api_field_error(errors, "attestation", "type",
				"must be an object {reference, date, issuer, finding}");
		return;
	}
	json_t *e = NULL;
	bdate_t d;
	api_json_only(a, attestation_fields, &e);
	in->att_ref = api_json_string(a, "reference", 100, true, &e);
	if (in->att_ref != NULL && in->att_ref[0] == '\0')
		api_field_error(&e, "reference", "required", "must not be empty");
	if (api_json_date(a, "date", true, &e, &d)) {
		if (d > c->req->today)
			api_field_error(&e, "date", "range", "must not be after today");
		bdate_format_iso(d, in->att_date);
	}
	api_json_enum(a, "issuer", true, issuers, &e, &in->issuer);
	api_json_enum(a, "finding", true, findings, &e, &in->finding);
	size_t i;
	json_t *err;
	json_array_foreach(e, i, err) {
		char name[48];
		snprintf(name, sizeof name, "attestation.%s",
			 json_string_value(json_object_get(err, "field")));
		api_field_error(errors, name, json_string_value(json_object_get(err, "code")),
				json_string_value(json_object_get(err, "message")));
	}
	in->has_attestation = e == NULL;
	json_decref(e);
}

static int patrimony_read(struct api_ctx *c, json_t *body, void *arg)
{
	struct patrimony_in *in = arg;
	json_t *errors = NULL;
	api_json_only(body, patrimony_fields, &errors);
	in->has_member = api_json_int(body, "member_id", false, 1, INT64_MAX, &errors, &in->member);
	api_json_enum(body, "holding", true, holdings, &errors, &in->holding);
	in->dwelling = api_json_string(body, "dwelling", 300, true, &errors);
	const char *names[] = {"dwelling"};
	const char *vals[] = {in->dwelling};
	nonempty(&errors, 1, names, vals);
	attestation_read(c, body, in, &errors);
	return errors ? invalid(c, in->w.k, errors) : 0;
}

static int patrimony_save(struct api_ctx *c, void *arg)
{
	struct patrimony_in *in = arg;
	struct row *w = &in->w;
	if (row_begin(c, w) != 0)
		return -1;
	char member[24];
	snprintf(member, sizeof member, "%" PRId64, in->member);
	if (in->has_member) {
		/* The foreign key would say 422 too, but not which field. */
		const char *mv[2] = {member, w->hh};
		PGresult *r = api_db_exec(
		    c, "SELECT 1 FROM members WHERE id = $1 AND household_id = $2", 2, mv);
		if (r == NULL)
			return -1;
		int n = PQntuples(r);
		PQclear(r);
		if (n != 1) {
			json_t *errors = NULL;
			api_field_error(&errors, "member_id", "not-found",
					"no such member in this household");
			return invalid(c, w->k, errors);
		}
	}
	bool a = in->has_attestation;
	const char *v[10] = {w->op,
			     w->hh,
			     in->has_member ? member : NULL,
			     holdings[in->holding],
			     in->dwelling,
			     a ? in->att_ref : NULL,
			     a ? in->att_date : NULL,
			     a ? issuers[in->issuer] : NULL,
			     a ? findings[in->finding] : NULL,
			     w->ids};
	return row_end(
	    c, w,
	    api_db_exec(c,
			w->id == 0
			    ? "INSERT INTO patrimony_records (operator_id, household_id,"
			      " member_id, holding, dwelling, attestation_reference,"
			      " attestation_date, attestation_issuer, attestation_finding)"
			      " VALUES ($1, $2, $3, $4::patrimony_holding, $5, $6, $7::date,"
			      " $8::attestation_issuer, $9::attestation_finding) RETURNING id"
			    : "UPDATE patrimony_records SET member_id = $3,"
			      " holding = $4::patrimony_holding, dwelling = $5,"
			      " attestation_reference = $6, attestation_date = $7::date,"
			      " attestation_issuer = $8::attestation_issuer,"
			      " attestation_finding = $9::attestation_finding,"
			      " version = version + 1, updated_at = now()"
			      " WHERE id = $10 AND operator_id = $1 AND household_id = $2"
			      " RETURNING id",
			w->id == 0 ? 9 : 10, v));
}

int h_patrimony_create(struct api_ctx *c)
{
	struct patrimony_in in = {.w = {.k = &k_patrimony, .parent = c->params[0]}};
	return res_write(c, &in.w, patrimony_read, patrimony_save);
}

int h_patrimony_get(struct api_ctx *c)
{
	return res_get(c, &k_patrimony);
}

int h_patrimony_put(struct api_ctx *c)
{
	struct patrimony_in in = {.w = {.k = &k_patrimony, .id = c->params[0]}};
	return res_write(c, &in.w, patrimony_read, patrimony_save);
}

int h_patrimony_delete(struct api_ctx *c)
{
	return res_delete(c, &k_patrimony);
}

/* ---- force majeure (ground F) ---- */

#define MAX_PROOFS 20

struct force_majeure_in {
	struct row w;
	int category;
	bool has_event;
	char event[BDATE_ISO_LEN];
	const char *justification;
	char *proofs_json; /* validated proof references, re-serialised */
};

static const char *const force_majeure_fields[] = {"category", "event_date", "justification",
						   "proof_references", NULL};

static void proofs_read(json_t *body, struct force_majeure_in *in, json_t **errors)
{
	json_t *a = json_object_get(body, "proof_references");
	if (a == NULL || json_is_null(a)) {
		api_field_error(errors, "proof_references", "required",
				"at least one proof reference is required");
		return;
	}
	if (!json_is_array(a) || json_array_size(a) < 1 || json_array_size(a) > MAX_PROOFS) {
		api_field_error(errors, "proof_references", "type",
				"must be an array of 1 to 20 references");
		return;
	}
	bool ok = true;
	size_t i;
	json_t *p;
	json_array_foreach(a, i, p) {
		const char *s = json_string_value(p);
		if (s == NULL || s[0] == '\0' || json_string_length(p) > 200 ||
		    strlen(s) != json_string_length(p) || !api_single_line(s)) {
			char name[40];
			snprintf(name, sizeof name, "proof_references[%zu]", i);
			api_field_error(errors, name, "invalid",
					"must be one line of 1 to 200 bytes");
			ok = false;
		}
	}
	if (ok)
		in->proofs_json = json_dumps(a, JSON_COMPACT);
}

static int force_majeure_read(struct api_ctx *c, json_t *body, void *arg)
{
	struct force_majeure_in *in = arg;
	json_t *errors = NULL;
	api_json_only(body, force_majeure_fields, &errors);
	api_json_enum(body, "category", true, household_fm_categories, &errors, &in->category);
	in->has_event = past_date(c, body, "event_date", &errors, in->event);
	in->justification = api_json_text(body, "justification", 4000, true, &errors);
	const char *names[] = {"justification"};
	const char *vals[] = {in->justification};
	nonempty(&errors, 1, names, vals);
	proofs_read(body, in, &errors);
	return errors ? invalid(c, in->w.k, errors) : 0;
}

static int force_majeure_save(struct api_ctx *c, void *arg)
{
	struct force_majeure_in *in = arg;
	struct row *w = &in->w;
	if (row_begin(c, w) != 0)
		return -1;
	const char *v[7] = {w->op,
			    w->hh,
			    household_fm_categories[in->category],
			    in->has_event ? in->event : NULL,
			    in->justification,
			    in->proofs_json,
			    w->ids};
	return row_end(
	    c, w,
	    api_db_exec(
		c,
		w->id == 0 ? "INSERT INTO force_majeure_records (operator_id, household_id,"
			     " category, event_date, justification, proof_references)"
			     " VALUES ($1, $2, $3::force_majeure_category, $4::date, $5,"
			     " ARRAY(SELECT json_array_elements_text($6::json)))"
			     " RETURNING id"
			   : "UPDATE force_majeure_records SET"
			     " category = $3::force_majeure_category, event_date = $4::date,"
			     " justification = $5,"
			     " proof_references = ARRAY(SELECT json_array_elements_text($6::json)),"
			     " version = version + 1, updated_at = now()"
			     " WHERE id = $7 AND operator_id = $1 AND household_id = $2"
			     " RETURNING id",
		w->id == 0 ? 6 : 7, v));
}

static int force_majeure_write(struct api_ctx *c, struct force_majeure_in *in)
{
	int rc = res_write(c, &in->w, force_majeure_read, force_majeure_save);
	free(in->proofs_json);
	return rc;
}

int h_force_majeure_create(struct api_ctx *c)
{
	struct force_majeure_in in = {.w = {.k = &k_force_majeure, .parent = c->params[0]}};
	return force_majeure_write(c, &in);
}

int h_force_majeure_get(struct api_ctx *c)
{
	return res_get(c, &k_force_majeure);
}

int h_force_majeure_put(struct api_ctx *c)
{
	struct force_majeure_in in = {.w = {.k = &k_force_majeure, .id = c->params[0]}};
	return force_majeure_write(c, &in);
}

int h_force_majeure_delete(struct api_ctx *c)
{
	return res_delete(c, &k_force_majeure);
}

/* ---- income degradation ---- */

struct degradation_in {
	struct row w;
	int reason;
	bool has_since;
	char since[BDATE_ISO_LEN];
	int64_t six_month;
	const char *evidence;
};

static const char *const degradation_fields[] = {"reason", "since", "six_month_taxable_cents",
						 "evidence_reference", NULL};

static int degradation_read(struct api_ctx *c, json_t *body, void *arg)
{
	struct degradation_in *in = arg;
	json_t *errors = NULL;
	api_json_only(body, degradation_fields, &errors);
	api_json_enum(body, "reason", true, household_degradation_reasons, &errors, &in->reason);
	in->has_since = past_date(c, body, "since", &errors, in->since);
	api_json_cents(body, "six_month_taxable_cents", true, 0, 10000000000LL, &errors,
		       &in->six_month);
	in->evidence = api_json_string(body, "evidence_reference", 200, false, &errors);
	const char *names[] = {"evidence_reference"};
	const char *vals[] = {in->evidence};
	nonempty(&errors, 1, names, vals);
	return errors ? invalid(c, in->w.k, errors) : 0;
}

static int degradation_save(struct api_ctx *c, void *arg)
{
	struct degradation_in *in = arg;
	struct row *w = &in->w;
	if (row_begin(c, w) != 0)
		return -1;
	char six[24];
	snprintf(six, sizeof six, "%" PRId64, in->six_month);
	const char *v[7] = {w->op,
			    w->hh,
			    household_degradation_reasons[in->reason],
			    in->has_since ? in->since : NULL,
			    six,
			    in->evidence,
			    w->ids};
	return row_end(
	    c, w,
	    api_db_exec(c,
			w->id == 0
			    ? "INSERT INTO income_degradations (operator_id, household_id,"
			      " reason, since, six_month_taxable_cents, evidence_reference)"
			      " VALUES ($1, $2, $3::degradation_reason, $4::date, $5, $6)"
			      " RETURNING id"
			    : "UPDATE income_degradations SET reason = $3::degradation_reason,"
			      " since = $4::date, six_month_taxable_cents = $5,"
			      " evidence_reference = $6, version = version + 1,"
			      " updated_at = now() WHERE id = $7 AND operator_id = $1"
			      " AND household_id = $2 RETURNING id",
			w->id == 0 ? 6 : 7, v));
}

int h_income_degradations_create(struct api_ctx *c)
{
	struct degradation_in in = {.w = {.k = &k_degradation, .parent = c->params[0]}};
	return res_write(c, &in.w, degradation_read, degradation_save);
}

int h_income_degradation_get(struct api_ctx *c)
{
	return res_get(c, &k_degradation);
}

int h_income_degradation_put(struct api_ctx *c)
{
	struct degradation_in in = {.w = {.k = &k_degradation, .id = c->params[0]}};
	return res_write(c, &in.w, degradation_read, degradation_save);
}

int h_income_degradation_delete(struct api_ctx *c)
{
	return res_delete(c, &k_degradation);
}

/*
 * The incomes of a household's members and the records the admission rules
 * read: debt mediation (P-c), patrimony, force majeure (ground F), income
 * degradation. Each is a household resource in the common shape of
 * h_households.c (households.h): the body read by api/in_households.c, the
 * household lock first, If-Match on PUT and DELETE, before/after audited.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "households.h"
#include "input.h"

/* ---- incomes ---- */

static const struct household_kind k_income = {
    .table = "incomes",
    .view = "income_docs",
    .what = "income",
    .entity = "income",
    .path = "/api/v1/incomes",
    .parent = PARENT_MEMBER,
};

struct income_in {
	struct household_row w;
	struct in_income in;
};

static int income_read(struct api_ctx *c, json_t *body, void *arg)
{
	struct income_in *r = arg;
	json_t *errors = NULL;
	in_income_read(body, &r->in, &errors);
	return household_invalid(c, r->w.k, errors);
}

static int income_save(struct api_ctx *c, void *arg)
{
	struct income_in *r = arg;
	struct household_row *w = &r->w;
	const struct in_income *in = &r->in;
	if (household_row_begin(c, w) != 0 ||
	    household_count_check(c, w, "incomes", HOUSEHOLD_MAX_INCOMES, "incomes") != 0)
		return -1;
	char parent[API_ID_LEN], amount[API_ID_LEN], year[API_ID_LEN];
	api_id_text(w->parent, parent);
	api_id_text(in->amount, amount);
	api_id_text(in->year, year);
	/* $10: the member of a new income, the income of an update. */
	const char *v[10] = {w->op,
			     w->hh,
			     household_income_kinds[in->kind],
			     household_income_bases[in->basis],
			     in->taxable ? "t" : "f",
			     amount,
			     household_periodicities[in->periodicity],
			     in->has_year ? year : NULL,
			     in->evidence,
			     w->id == 0 ? parent : w->ids};
	return household_row_end(
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
	struct income_in r = {.w = {.k = &k_income, .parent = c->params[0]}};
	return household_res_write(c, &r.w, income_read, income_save);
}

int h_income_get(struct api_ctx *c)
{
	return household_res_get(c, &k_income);
}

int h_income_put(struct api_ctx *c)
{
	struct income_in r = {.w = {.k = &k_income, .id = c->params[0]}};
	return household_res_write(c, &r.w, income_read, income_save);
}

int h_income_delete(struct api_ctx *c)
{
	return household_res_delete(c, &k_income);
}

/* ---- debt mediation (P-c) ---- */

static const struct household_kind k_mediation = {
    .table = "debt_mediations",
    .view = "debt_mediation_docs",
    .what = "debt-mediation record",
    .entity = "debt_mediation",
    .path = "/api/v1/debt-mediations",
    .parent = PARENT_HOUSEHOLD,
    .one_per_household = true,
};

struct mediation_in {
	struct household_row w;
	struct in_mediation in;
};

static int mediation_read(struct api_ctx *c, json_t *body, void *arg)
{
	struct mediation_in *r = arg;
	json_t *errors = NULL;
	in_mediation_read(body, c->req->today, &r->in, &errors);
	return household_invalid(c, r->w.k, errors);
}

static int mediation_save(struct api_ctx *c, void *arg)
{
	struct mediation_in *r = arg;
	struct household_row *w = &r->w;
	const struct in_mediation *in = &r->in;
	if (household_row_begin(c, w) != 0)
		return -1;
	char charges[API_ID_LEN];
	api_id_text(in->charges, charges);
	const char *v[7] = {w->op,	  w->hh,   in->service,
			    in->approval, charges, in->has_since ? in->since : NULL,
			    w->ids};
	return household_row_end(
	    c, w,
	    api_db_exec(c,
			w->id == 0 ? "INSERT INTO debt_mediations (operator_id, household_id,"
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
	struct mediation_in r = {.w = {.k = &k_mediation, .parent = c->params[0]}};
	return household_res_write(c, &r.w, mediation_read, mediation_save);
}

int h_debt_mediation_get(struct api_ctx *c)
{
	return household_res_get(c, &k_mediation);
}

int h_debt_mediation_put(struct api_ctx *c)
{
	struct mediation_in r = {.w = {.k = &k_mediation, .id = c->params[0]}};
	return household_res_write(c, &r.w, mediation_read, mediation_save);
}

int h_debt_mediation_delete(struct api_ctx *c)
{
	return household_res_delete(c, &k_mediation);
}

/* ---- patrimony ---- */

static const struct household_kind k_patrimony = {
    .table = "patrimony_records",
    .view = "patrimony_docs",
    .what = "patrimony record",
    .entity = "patrimony",
    .path = "/api/v1/patrimony-records",
    .parent = PARENT_HOUSEHOLD,
};

struct patrimony_in {
	struct household_row w;
	struct in_patrimony in;
};

static int patrimony_read(struct api_ctx *c, json_t *body, void *arg)
{
	struct patrimony_in *r = arg;
	json_t *errors = NULL;
	in_patrimony_read(body, c->req->today, &r->in, &errors);
	return household_invalid(c, r->w.k, errors);
}

/* The holder named is a member of this household. */
static int holder_check(struct api_ctx *c, struct household_row *w, const char *member)
{
	/* The foreign key would say 422 too, but not which field. */
	const char *mv[2] = {member, w->hh};
	PGresult *r =
	    api_db_exec(c, "SELECT 1 FROM members WHERE id = $1 AND household_id = $2", 2, mv);
	if (r == NULL)
		return -1;
	int n = PQntuples(r);
	PQclear(r);
	if (n == 1)
		return 0;
	json_t *errors = NULL;
	api_field_error(&errors, "member_id", "not-found", "no such member in this household");
	return household_invalid(c, w->k, errors);
}

static int patrimony_save(struct api_ctx *c, void *arg)
{
	struct patrimony_in *r = arg;
	struct household_row *w = &r->w;
	const struct in_patrimony *in = &r->in;
	if (household_row_begin(c, w) != 0)
		return -1;
	char member[API_ID_LEN];
	api_id_text(in->member, member);
	if (in->has_member && holder_check(c, w, member) != 0)
		return -1;
	bool a = in->has_attestation;
	const char *v[10] = {w->op,
			     w->hh,
			     in->has_member ? member : NULL,
			     household_holdings[in->holding],
			     in->dwelling,
			     a ? in->att_ref : NULL,
			     a ? in->att_date : NULL,
			     a ? household_attestation_issuers[in->issuer] : NULL,
			     a ? household_attestation_findings[in->finding] : NULL,
			     w->ids};
	return household_row_end(
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
	struct patrimony_in r = {.w = {.k = &k_patrimony, .parent = c->params[0]}};
	return household_res_write(c, &r.w, patrimony_read, patrimony_save);
}

int h_patrimony_get(struct api_ctx *c)
{
	return household_res_get(c, &k_patrimony);
}

int h_patrimony_put(struct api_ctx *c)
{
	struct patrimony_in r = {.w = {.k = &k_patrimony, .id = c->params[0]}};
	return household_res_write(c, &r.w, patrimony_read, patrimony_save);
}

int h_patrimony_delete(struct api_ctx *c)
{
	return household_res_delete(c, &k_patrimony);
}

/* ---- force majeure (ground F) ---- */

static const struct household_kind k_force_majeure = {
    .table = "force_majeure_records",
    .view = "force_majeure_docs",
    .what = "force-majeure record",
    .entity = "force_majeure",
    .path = "/api/v1/force-majeure-records",
    .parent = PARENT_HOUSEHOLD,
    .one_per_household = true,
};

struct force_majeure_in {
	struct household_row w;
	struct in_force_majeure in;
	char *proofs_json; /* in.proofs as SQL reads them */
};

static int force_majeure_read(struct api_ctx *c, json_t *body, void *arg)
{
	struct force_majeure_in *r = arg;
	json_t *errors = NULL;
	in_force_majeure_read(body, c->req->today, &r->in, &errors);
	if (errors == NULL && (r->proofs_json = json_dumps(r->in.proofs, JSON_COMPACT)) == NULL)
		return api_problem(c, 500, "internal", "Internal error", "cannot encode JSON",
				   NULL);
	return household_invalid(c, r->w.k, errors);
}

static int force_majeure_save(struct api_ctx *c, void *arg)
{
	struct force_majeure_in *r = arg;
	struct household_row *w = &r->w;
	const struct in_force_majeure *in = &r->in;
	if (household_row_begin(c, w) != 0)
		return -1;
	const char *v[7] = {w->op,
			    w->hh,
			    household_fm_categories[in->category],
			    in->has_event ? in->event : NULL,
			    in->justification,
			    r->proofs_json,
			    w->ids};
	return household_row_end(
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

static int force_majeure_write(struct api_ctx *c, struct force_majeure_in *r)
{
	int rc = household_res_write(c, &r->w, force_majeure_read, force_majeure_save);
	free(r->proofs_json);
	return rc;
}

int h_force_majeure_create(struct api_ctx *c)
{
	struct force_majeure_in r = {.w = {.k = &k_force_majeure, .parent = c->params[0]}};
	return force_majeure_write(c, &r);
}

int h_force_majeure_get(struct api_ctx *c)
{
	return household_res_get(c, &k_force_majeure);
}

int h_force_majeure_put(struct api_ctx *c)
{
	struct force_majeure_in r = {.w = {.k = &k_force_majeure, .id = c->params[0]}};
	return force_majeure_write(c, &r);
}

int h_force_majeure_delete(struct api_ctx *c)
{
	return household_res_delete(c, &k_force_majeure);
}

/* ---- income degradation ---- */

static const struct household_kind k_degradation = {
    .table = "income_degradations",
    .view = "income_degradation_docs",
    .what = "income-degradation claim",
    .entity = "income_degradation",
    .path = "/api/v1/income-degradations",
    .parent = PARENT_HOUSEHOLD,
    .one_per_household = true,
};

struct degradation_in {
	struct household_row w;
	struct in_degradation in;
};

static int degradation_read(struct api_ctx *c, json_t *body, void *arg)
{
	struct degradation_in *r = arg;
	json_t *errors = NULL;
	in_degradation_read(body, c->req->today, &r->in, &errors);
	return household_invalid(c, r->w.k, errors);
}

static int degradation_save(struct api_ctx *c, void *arg)
{
	struct degradation_in *r = arg;
	struct household_row *w = &r->w;
	const struct in_degradation *in = &r->in;
	if (household_row_begin(c, w) != 0)
		return -1;
	char six[API_ID_LEN];
	api_id_text(in->six_month, six);
	const char *v[7] = {w->op,
			    w->hh,
			    household_degradation_reasons[in->reason],
			    in->has_since ? in->since : NULL,
			    six,
			    in->evidence,
			    w->ids};
	return household_row_end(
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
	struct degradation_in r = {.w = {.k = &k_degradation, .parent = c->params[0]}};
	return household_res_write(c, &r.w, degradation_read, degradation_save);
}

int h_income_degradation_get(struct api_ctx *c)
{
	return household_res_get(c, &k_degradation);
}

int h_income_degradation_put(struct api_ctx *c)
{
	struct degradation_in r = {.w = {.k = &k_degradation, .id = c->params[0]}};
	return household_res_write(c, &r.w, degradation_read, degradation_save);
}

int h_income_degradation_delete(struct api_ctx *c)
{
	return household_res_delete(c, &k_degradation);
}

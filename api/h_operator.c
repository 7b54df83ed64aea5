/*
 * The caller's operator and the details its documents print: letterhead
 * address and contact line, the place and the signatory of its documents,
 * the account and the structured communication base of the indemnity.
 * Every user reads it; an admin replaces it (If-Match, audited). The body
 * is read by in_operator.c; documents read the profile through api_pdf.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "api_internal.h"
#include "input.h"

/* A PUT: the body read, the version of If-Match, the document after it. */
struct operator_put {
	struct in_operator in;
	int64_t version;
	char *after;
};

static int operator_read(struct api_ctx *c, json_t *body, struct in_operator *in)
{
	json_t *errors = NULL;
	in_operator_read(body, in, &errors);
	if (errors != NULL)
		return api_problem(c, 422, "validation", "Invalid operator", NULL, errors);
	return 0;
}

static int operator_save(struct api_ctx *c, void *arg)
{
	struct operator_put *put = arg;
	const struct in_operator *in = &put->in;
	char op[API_ID_LEN], ogm[API_ID_LEN];
	api_id_text(c->user.operator_id, op);
	api_id_text(in->ogm_base, ogm);
	const char *lv[1] = {op};
	char *before = NULL;
	int rc = -1;
	/* The operator row is the only lock taken (no household is written). */
	PGresult *r =
	    api_db_exec(c, "SELECT version FROM operators WHERE id = $1 FOR UPDATE", 1, lv);
	if (r == NULL)
		goto out;
	int64_t current = PQntuples(r) == 1 ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;
	if (current != put->version) {
		char detail[160];
		snprintf(detail, sizeof detail,
			 "the operator changed since you read it (version %" PRId64
			 ", you sent %" PRId64 "): read it again",
			 current, put->version);
		api_problem(c, 412, "stale-version", "Precondition failed", detail, NULL);
		goto out;
	}
	PQclear(r);
	r = NULL;
	before = api_get_doc(c, "operator_docs", "operator", c->user.operator_id);
	if (before == NULL)
		goto out;
	const char *v[13] = {op,
			     in->name,
			     in->street,
			     in->house_number,
			     in->box,
			     in->postal_code,
			     in->commune,
			     in->place,
			     in->contact,
			     in->signatory_name,
			     in->signatory_role,
			     in->has_iban ? in->iban.electronic : NULL,
			     in->has_ogm_base ? ogm : NULL};
	r = api_db_exec(c,
			"UPDATE operators SET name = $2, street = $3, house_number = $4, box = $5,"
			" postal_code = $6, commune = $7, place = $8, contact = $9,"
			" signatory_name = $10, signatory_role = $11, iban = $12, ogm_base = $13,"
			" version = version + 1, updated_at = now() WHERE id = $1",
			13, v);
	if (r == NULL)
		goto out;
	put->after = api_get_doc(c, "operator_docs", "operator", c->user.operator_id);
	if (put->after == NULL)
		goto out;
	rc = api_audit(c, "operator.update", "operator", op, before, put->after);
out:
	PQclear(r);
	free(before);
	return rc;
}

int h_operator_get(struct api_ctx *c)
{
	return api_reply_doc(c, "operator_docs", "operator", c->user.operator_id, 200);
}

int h_operator_put(struct api_ctx *c)
{
	struct operator_put put = {0};
	json_t *body = NULL;
	int rc = api_if_match(c, &put.version);
	if (rc == 0 && (body = api_body_object(c)) == NULL)
		rc = -1;
	if (rc == 0)
		rc = operator_read(c, body, &put.in);
	if (rc == 0)
		rc = api_tx(c, operator_save, &put);
	if (rc == 0)
		rc = api_reply_row(c, 200, put.after);
	free(put.after);
	json_decref(body);
	return rc;
}

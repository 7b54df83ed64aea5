/*
 * The caller's operator and the details its documents print: letterhead
 * address and contact line, the place and the signatory of its documents,
 * the account and the structured communication base of the indemnity.
 * Every user reads it; an admin replaces it (If-Match, audited).
 * Documents read the profile through api_pdf.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "ident.h"

static const char *const operator_fields[] = {
    "name",    "street",	 "house_number",   "box",  "postal_code", "commune", "place",
    "contact", "signatory_name", "signatory_role", "iban", "ogm_base",	  NULL};

struct operator_in {
	int64_t version;
	const char *name, *street, *house_number, *box, *postal_code, *commune, *place, *contact,
	    *signatory_name, *signatory_role;
	struct ident_iban iban;
	bool has_iban, has_ogm_base;
	int64_t ogm_base;
	char *after;
};

static int operator_read(struct api_ctx *c, json_t *body, struct operator_in *in)
{
	json_t *errors = NULL;
	api_json_only(body, operator_fields, &errors);
	in->name = api_json_string(body, "name", 200, true, &errors);
	in->street = api_json_string(body, "street", 200, false, &errors);
	in->house_number = api_json_string(body, "house_number", 20, false, &errors);
	in->box = api_json_string(body, "box", 20, false, &errors);
	in->postal_code = api_json_string(body, "postal_code", 4, false, &errors);
	in->commune = api_json_string(body, "commune", 100, false, &errors);
	in->place = api_json_string(body, "place", 100, false, &errors);
	in->contact = api_json_string(body, "contact", 200, false, &errors);
	in->signatory_name = api_json_string(body, "signatory_name", 200, false, &errors);
	in->signatory_role = api_json_string(body, "signatory_role", 200, false, &errors);
	const char *iban = api_json_string(body, "iban", 40, false, &errors);
	in->has_ogm_base = api_json_int(body, "ogm_base", false, 0, (int64_t)IDENT_OGM_MAX_BASE,
					&errors, &in->ogm_base);

	const char *names[] = {"name",	"street",  "house_number",   "box",	      "commune",
			       "place", "contact", "signatory_name", "signatory_role"};
	const char *vals[] = {in->name,	   in->street,	       in->house_number,
			      in->box,	   in->commune,	       in->place,
			      in->contact, in->signatory_name, in->signatory_role};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (vals[i] != NULL && vals[i][0] == '\0')
			api_field_error(&errors, names[i], "required",
					"must not be empty: leave it out or null to clear it");
	if (in->postal_code != NULL &&
	    (strlen(in->postal_code) != 4 || strspn(in->postal_code, "0123456789") != 4 ||
	     in->postal_code[0] == '0'))
		api_field_error(&errors, "postal_code", "invalid", "must be a Belgian postal code");
	/* A letterhead prints the whole address or none of it. */
	bool any = in->street || in->house_number || in->box || in->postal_code || in->commune;
	const char *address[] = {"street", "house_number", "postal_code", "commune"};
	const char *address_vals[] = {in->street, in->house_number, in->postal_code, in->commune};
	for (int i = 0; i < 4 && any; i++)
		if (address_vals[i] == NULL)
			api_field_error(&errors, address[i], "required",
					"an address has a street, a number, a postal code and a "
					"commune");
	if ((in->signatory_name == NULL) != (in->signatory_role == NULL))
		api_field_error(&errors,
				in->signatory_name == NULL ? "signatory_name" : "signatory_role",
				"required", "the signatory is given with a name and a role");
	if (iban != NULL) {
		enum ident_err e = ident_iban_be_parse(iban, strlen(iban), &in->iban);
		if (e != IDENT_OK)
			api_field_error(&errors, "iban", "invalid",
					e == IDENT_BAD_CHECK
					    ? "invalid check digits"
					    : "must be a Belgian IBAN: BE and 14 digits");
		in->has_iban = e == IDENT_OK;
	}
	if (errors != NULL)
		return api_problem(c, 422, "validation", "Invalid operator", NULL, errors);
	return 0;
}

static int operator_save(struct api_ctx *c, void *arg)
{
	struct operator_in *in = arg;
	char op[24], ogm[24];
	snprintf(op, sizeof op, "%" PRId64, c->user.operator_id);
	snprintf(ogm, sizeof ogm, "%" PRId64, in->ogm_base);
	const char *lv[1] = {op};
	PGresult *r =
	    api_db_exec(c, "SELECT version FROM operators WHERE id = $1 FOR UPDATE", 1, lv);
	if (r == NULL)
		return -1;
	int64_t current = PQntuples(r) == 1 ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;
	PQclear(r);
	if (current != in->version) {
		char detail[160];
		snprintf(detail, sizeof detail,
			 "the operator changed since you read it (version %" PRId64
			 ", you sent %" PRId64 "): read it again",
			 current, in->version);
		return api_problem(c, 412, "stale-version", "Precondition failed", detail, NULL);
	}
	char *before = api_get_doc(c, "operator_docs", "operator", c->user.operator_id);
	if (before == NULL)
		return -1;
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
	if (r == NULL) {
		free(before);
		return -1;
	}
	PQclear(r);
	in->after = api_get_doc(c, "operator_docs", "operator", c->user.operator_id);
	int rc =
	    in->after ? api_audit(c, "operator.update", "operator", op, before, in->after) : -1;
	free(before);
	return rc;
}

int h_operator_get(struct api_ctx *c)
{
	return api_reply_doc(c, "operator_docs", "operator", c->user.operator_id, 200);
}

int h_operator_put(struct api_ctx *c)
{
	struct operator_in in = {0};
	if (api_if_match(c, &in.version) != 0)
		return -1;
	json_t *body = api_body_object(c);
	if (body == NULL)
		return -1;
	int rc = operator_read(c, body, &in);
	if (rc == 0)
		rc = api_tx(c, operator_save, &in);
	if (rc == 0)
		rc = api_reply_row(c, 200, in.after);
	free(in.after);
	json_decref(body);
	return rc;
}

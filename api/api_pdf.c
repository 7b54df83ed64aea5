/*
 * The documents module of api/ (api_pdf.h): what every document served by
 * the API gathers from the database before pdfgen/ renders it, and the
 * reply that sends the PDF. Handlers (h_documents.c, h_letters.c,
 * h_receipt_pdf.c) call it; it calls none of them.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_pdf.h"
#include "crowd.h"
#include "ident.h"
#include "indem.h"

/* ---- the strings a document points to ---- */

void api_pdf_init(struct api_pdf *d, struct api_ctx *c)
{
	*d = (struct api_pdf){.c = c};
}

void api_pdf_free(struct api_pdf *d)
{
	for (size_t i = 0; i < d->n_strs; i++)
		free(d->strs[i]);
	free(d->strs);
	d->strs = NULL;
	d->n_strs = d->cap_strs = 0;
}

static const char *keep(struct api_pdf *d, char *s)
{
	if (s != NULL && d->n_strs == d->cap_strs) {
		size_t cap = d->cap_strs ? 2 * d->cap_strs : 64;
		char **strs = realloc(d->strs, cap * sizeof *strs);
		if (strs == NULL) {
			free(s);
			s = NULL;
		} else {
			d->strs = strs;
			d->cap_strs = cap;
		}
	}
	if (s == NULL) {
		d->oom = true;
		return "";
	}
	d->strs[d->n_strs++] = s;
	return s;
}

const char *api_pdf_str(struct api_pdf *d, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return keep(d, s);
}

const char *api_pdf_cell(struct api_pdf *d, PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : keep(d, strdup(PQgetvalue(r, row, col)));
}

bdate_t api_pdf_date(PGresult *r, int row, int col)
{
	bdate_t d = PDFGEN_NO_DATE;
	(void)api_cell_date(r, row, col, &d);
	return d;
}

/* ---- units ---- */

/* The SQL enums unit_kind and room_kind, in the order of pdfgen's and core/crowd's. */
static const char *const unit_kinds[] = {"house", "apartment", "studio", "room", NULL};
static const char *const room_kinds[] = {"living",  "kitchen", "kitchen_living",
					 "bedroom", "other",   NULL};

static int unit_capacity(struct api_pdf *d, const char *unit, bool collective,
			 struct pdfgen_unit *out)
{
	const char *v[1] = {unit};
	PGresult *r = api_db_exec(d->c,
				  "SELECT kind, area_dm2, habitable, shared FROM rooms"
				  " WHERE unit_id = $1 ORDER BY position",
				  1, v);
	if (r == NULL)
		return -1;
	struct crowd_room rooms[CROWD_MAX_ROOMS];
	int n = PQntuples(r);
	bool ok = n <= CROWD_MAX_ROOMS;
	for (int i = 0; i < n && ok; i++) {
		int kind = api_enum_index(room_kinds, PQgetvalue(r, i, 0));
		rooms[i] = (struct crowd_room){
		    .kind = (enum crowd_room_kind)kind,
		    .area_dm2 = (int32_t)strtol(PQgetvalue(r, i, 1), NULL, 10),
		    .habitable = strcmp(PQgetvalue(r, i, 2), "t") == 0,
		    .shared = strcmp(PQgetvalue(r, i, 3), "t") == 0,
		};
		ok = kind >= 0;
	}
	PQclear(r);
	const struct crowd_unit cu = {.rooms = rooms, .n_rooms = n, .collective = collective};
	struct crowd_capacity cap;
	if (!ok || !crowd_max_occupants(&cu, &cap))
		return api_problem(d->c, 500, "internal", "Internal error",
				   "the unit's rooms are not valid for core/crowd", NULL);
	out->surface_dm2 = cap.habitable_dm2;
	out->max_occupants = cap.max_persons;
	out->max_adults = cap.max_adults;
	out->max_children = cap.max_children;
	return 0;
}

int api_pdf_unit(struct api_pdf *d, int64_t unit_id, bool full, struct pdfgen_unit *out)
{
	char op[API_ID_LEN], ids[API_ID_LEN];
	api_id_text(d->c->user.operator_id, op);
	api_id_text(unit_id, ids);
	const char *v[2] = {ids, op};
	int rc = -1;
	PGresult *r = api_db_exec(d->c,
				  "SELECT u.name, u.kind, u.street, u.house_number, u.box,"
				  " u.postal_code, u.commune, b.name, u.furnished, u.collective"
				  " FROM units u LEFT JOIN buildings b ON b.id = u.building_id"
				  " WHERE u.id = $1 AND u.operator_id = $2",
				  2, v);
	if (r == NULL)
		goto out;
	if (PQntuples(r) != 1) {
		api_not_found(d->c, "unit", unit_id);
		goto out;
	}
	const char *box = api_pdf_cell(d, r, 0, 4);
	*out = (struct pdfgen_unit){
	    .name = api_pdf_cell(d, r, 0, 0),
	    .kind = (enum pdfgen_unit_kind)api_enum_index(unit_kinds, PQgetvalue(r, 0, 1)),
	    .address = {api_pdf_str(d, "%s %s%s%s", PQgetvalue(r, 0, 2), PQgetvalue(r, 0, 3),
				    box ? ", boîte " : "", box ? box : ""),
			api_pdf_str(d, "%s %s", PQgetvalue(r, 0, 5), PQgetvalue(r, 0, 6))},
	    .building = api_pdf_cell(d, r, 0, 7),
	    .furnished = strcmp(PQgetvalue(r, 0, 8), "t") == 0,
	};
	bool collective = strcmp(PQgetvalue(r, 0, 9), "t") == 0;
	rc = full ? unit_capacity(d, ids, collective, out) : 0;
out:
	PQclear(r);
	return rc;
}

/* ---- conventions ---- */

static const char sql_convention[] =
    "SELECT v.state, v.start_date, v.final_end, ac.check_date, v.signed_on, v.activated_on,"
    " v.departure_on, v.periods, v.max_periods, v.period_months, v.notice_months,"
    " v.lead_working_days, ac.ground, v.base_indemnity_cents, v.basis_cents,"
    " v.reduced_indemnity_cents, v.cap_applies, v.cap_percent, v.unit_id, v.household_id,"
    " u.utility_provision_cents, (SELECT w.name FROM accompaniment_plans p"
    "  JOIN users w ON w.id = p.worker_user_id WHERE p.convention_id = v.id),"
    " v.cap_cents, v.payment_due_last_day, convention_communication(o.ogm_base, v.id)"
    " FROM conventions v JOIN admission_checks ac ON ac.id = v.admission_check_id"
    " JOIN units u ON u.id = v.unit_id JOIN operators o ON o.id = v.operator_id"
    " WHERE v.id = $1 AND v.operator_id = $2";

/* The head first, then the partner, the children and the others. */
static const char sql_members[] =
    "SELECT m.id, m.first_name, m.last_name, m.birth_date, m.dependent_child,"
    " m.national_register_number, s.member_id IS NOT NULL, m.sex FROM members m"
    " LEFT JOIN convention_signatories s ON s.convention_id = $1 AND s.member_id = m.id"
    " WHERE m.household_id = $2 ORDER BY m.relation, m.id";

static int members_load(struct api_pdf *d, const char *conv, const char *household,
			struct api_pdf_conv *out)
{
	const char *v[2] = {conv, household};
	int rc = -1;
	PGresult *r = api_db_exec(d->c, sql_members, 2, v);
	if (r == NULL)
		goto out;
	int n = PQntuples(r);
	if (n > API_PDF_MAX_PERSONS) {
		api_problem(d->c, 422, "document-invalid", "Document cannot be made",
			    "the household has more members than a document holds", NULL);
		goto out;
	}
	/* Before the signature, the parties are those who will sign. */
	bool signed_ = out->signed_on != PDFGEN_NO_DATE;
	out->n_members = out->n_signatories = 0;
	for (int i = 0; i < n; i++) {
		struct api_pdf_member *m = &out->members[out->n_members++];
		/* The same rule as the JSON: in full or masked by the caller's role. */
		char nrn[IDENT_NRN_FMT_LEN];
		bool has_nrn = !PQgetisnull(r, i, 5);
		if (has_nrn)
			(void)api_nrn_shown(d->c, PQgetvalue(r, i, 5), nrn);
		m->id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
		m->dependent_child = strcmp(PQgetvalue(r, i, 4), "t") == 0;
		m->person = (struct pdfgen_person){
		    .name = api_pdf_str(d, "%s %s", PQgetvalue(r, i, 1), PQgetvalue(r, i, 2)),
		    .birth = api_pdf_date(r, i, 3),
		    .nrn = has_nrn ? api_pdf_str(d, "%s", nrn) : NULL,
		    /* member_sex is NOT NULL: 'F' or 'M' */
		    .sex =
			strcmp(PQgetvalue(r, i, 7), "F") == 0 ? PDFGEN_SEX_FEMALE : PDFGEN_SEX_MALE,
		};
		bool signs = signed_ ? strcmp(PQgetvalue(r, i, 6), "t") == 0 : !m->dependent_child;
		if (signs) {
			out->signatory_ids[out->n_signatories] = m->id;
			out->signatories[out->n_signatories++] = m->person;
		}
	}
	rc = 0;
out:
	PQclear(r);
	return rc;
}

/* The calendar stored at creation (convention_periods), every period the
 * parameters allowed, with the notice figures fixed in the convention. */
static int calendar_load(struct api_pdf *d, const char *conv, struct api_pdf_conv *out)
{
	const char *v[1] = {conv};
	int rc = -1;
	PGresult *r =
	    api_db_exec(d->c,
			"SELECT start_on, end_on, latest_notification, posting_deadline"
			" FROM convention_periods WHERE convention_id = $1 ORDER BY number",
			1, v);
	if (r == NULL)
		goto out;
	int n = PQntuples(r);
	struct conv_calendar *cal = &out->cal;
	*cal = (struct conv_calendar){
	    .start = out->start,
	    .n_periods = n,
	    .notice_months = (int)out->params.value[PARAM_NOTICE_MONTHS],
	    .lead_working_days = (int)out->params.value[PARAM_REGISTERED_MAIL_LEAD_DAYS],
	};
	bool ok = n >= 1 && n <= CONV_MAX_PERIODS && n == out->max_periods;
	for (int k = 0; k < n && ok; k++) {
		cal->period[k] = (struct conv_period){
		    .start = api_pdf_date(r, k, 0),
		    .end = api_pdf_date(r, k, 1),
		    .latest_notification = api_pdf_date(r, k, 2),
		    .posting_deadline = api_pdf_date(r, k, 3),
		};
		ok = cal->period[k].start != PDFGEN_NO_DATE &&
		     cal->period[k].end != PDFGEN_NO_DATE &&
		     cal->period[k].latest_notification != PDFGEN_NO_DATE &&
		     cal->period[k].posting_deadline != PDFGEN_NO_DATE;
	}
	if (!ok) {
		api_problem(d->c, 500, "internal", "Internal error",
			    "unreadable convention calendar", NULL);
		goto out;
	}
	rc = 0;
out:
	PQclear(r);
	return rc;
}

/* The convention's own row (sql_convention) into out; its household's id
 * as text into household. */
static int convention_row(struct api_pdf *d, const char *ids, int64_t id, struct api_pdf_conv *out,
			  char household[API_ID_LEN])
{
	struct api_ctx *c = d->c;
	char op[API_ID_LEN];
	api_id_text(c->user.operator_id, op);
	const char *v[2] = {ids, op};
	int rc = -1;
	PGresult *r = api_db_exec(c, sql_convention, 2, v);
	if (r == NULL)
		goto out;
	if (PQntuples(r) != 1) {
		api_not_found(c, "convention", id);
		goto out;
	}
	memset(out, 0, sizeof *out);
	out->id = id;
	bool ok = conv_state_parse(PQgetvalue(r, 0, 0), &out->state);
	out->start = api_pdf_date(r, 0, 1);
	out->final_end = api_pdf_date(r, 0, 2);
	out->check_date = api_pdf_date(r, 0, 3);
	out->signed_on = api_pdf_date(r, 0, 4);
	out->activated_on = api_pdf_date(r, 0, 5);
	out->departure_on = api_pdf_date(r, 0, 6);
	out->periods = atoi(PQgetvalue(r, 0, 7));
	out->max_periods = atoi(PQgetvalue(r, 0, 8));
	int64_t calendar[4];
	for (int k = 0; k < 4; k++)
		calendar[k] = strtoll(PQgetvalue(r, 0, 8 + k), NULL, 10);
	out->ground = api_pdf_cell(d, r, 0, 12);
	out->base = strtoll(PQgetvalue(r, 0, 13), NULL, 10);
	out->basis = strtoll(PQgetvalue(r, 0, 14), NULL, 10);
	out->reduced = strtoll(PQgetvalue(r, 0, 15), NULL, 10);
	out->cap_applies = strcmp(PQgetvalue(r, 0, 16), "t") == 0;
	int64_t cap_percent = strtoll(PQgetvalue(r, 0, 17), NULL, 10);
	out->unit_id = strtoll(PQgetvalue(r, 0, 18), NULL, 10);
	snprintf(household, API_ID_LEN, "%s", PQgetvalue(r, 0, 19));
	out->provision = strtoll(PQgetvalue(r, 0, 20), NULL, 10);
	out->worker = api_pdf_cell(d, r, 0, 21);
	int64_t cap = strtoll(PQgetvalue(r, 0, 22), NULL, 10);
	int64_t pay_by = strtoll(PQgetvalue(r, 0, 23), NULL, 10);
	out->has_communication = !PQgetisnull(r, 0, 24);
	out->communication = out->has_communication ? strtoull(PQgetvalue(r, 0, 24), NULL, 10) : 0;
	if (!ok || out->start == PDFGEN_NO_DATE || out->final_end == PDFGEN_NO_DATE ||
	    out->ground == NULL) {
		api_problem(c, 500, "internal", "Internal error", "unreadable convention", NULL);
		goto out;
	}
	out->reference =
	    api_pdf_str(d, "CONV-%d-%04" PRId64, bdate_to_ymd(out->start).year, out->id);

	/*
	 * Documents print what was decided (issue 13 item 7): the parameter
	 * values the convention fixed at its creation, never the rows in force
	 * today, which a later row or a correction may have changed. The other
	 * keys stay 0: no document reads them.
	 */
	out->params.value[PARAM_MAX_PERIODS] = calendar[0];
	out->params.value[PARAM_PERIOD_MONTHS] = calendar[1];
	out->params.value[PARAM_NOTICE_MONTHS] = calendar[2];
	out->params.value[PARAM_REGISTERED_MAIL_LEAD_DAYS] = calendar[3];
	out->params.value[PARAM_INDEMNITY_CAP_PERCENT] = cap_percent;
	out->params.value[PARAM_PAYMENT_DUE_LAST_DAY] = pay_by;
	/* The indemnity as stored, in core/indem's terms: the cap set the
	 * amount when it is below the base. */
	out->red = (struct indem_reduced){
	    .cap_applies = out->cap_applies,
	    .cap_percent = (int)cap_percent,
	    .basis = out->cap_applies ? out->basis : 0,
	    .cap = cap,
	    .capped = out->cap_applies && cap < out->base,
	    .reduced = out->reduced,
	};
	rc = 0;
out:
	PQclear(r);
	return rc;
}

int api_pdf_convention(struct api_pdf *d, int64_t id, bool full_unit, struct api_pdf_conv *out)
{
	char ids[API_ID_LEN], household[API_ID_LEN];
	api_id_text(id, ids);
	int rc = convention_row(d, ids, id, out, household);
	if (rc == 0)
		rc = calendar_load(d, ids, out);
	if (rc == 0)
		rc = api_pdf_unit(d, out->unit_id, full_unit, &out->unit);
	if (rc == 0)
		rc = members_load(d, ids, household, out);
	return rc;
}

int api_pdf_not_applicable(struct api_ctx *c, const char *detail)
{
	return api_problem(c, 422, "document-not-applicable", "Document not applicable", detail,
			   NULL);
}

int api_pdf_reply(struct api_pdf *d, int rc, struct pdfgen_result *res, const char *filename)
{
	struct api_ctx *c = d->c;
	if (rc != 0) {
		free(res->pdf);
		if (res->err == PDFGEN_EINPUT)
			return api_problem(c, 422, "document-invalid", "Document cannot be made",
					   res->message, NULL);
		return api_problem(c, 500, "document-failed", "Document failed", res->message,
				   NULL);
	}
	char disposition[160], replaced[24];
	snprintf(disposition, sizeof disposition, "attachment; filename=\"%s\"", filename);
	api_reply_text(c, 200, "application/pdf", (char *)res->pdf, res->size);
	res->pdf = NULL;
	api_add_header(c, "Content-Disposition", disposition);
	if (res->replaced > 0) {
		/* A name lost a letter: say how many, never which. */
		snprintf(replaced, sizeof replaced, "%zu", res->replaced);
		api_add_header(c, "X-Transitd-Replaced-Characters", replaced);
	}
	return 0;
}

int api_pdf_oom(struct api_pdf *d)
{
	return api_problem(d->c, 500, "internal", "Internal error", "out of memory", NULL);
}

/* ---- the operator ---- */

int api_pdf_operator(struct api_pdf *d, bool payment)
{
	struct api_ctx *c = d->c;
	char op[API_ID_LEN];
	api_id_text(c->user.operator_id, op);
	const char *v[1] = {op};
	int rc = -1;
	PGresult *r = api_db_exec(c,
				  "SELECT name, street, house_number, box, postal_code, commune,"
				  " place, contact, signatory_name, signatory_role, iban, ogm_base"
				  " FROM operators WHERE id = $1",
				  1, v);
	if (r == NULL)
		goto out;
	if (PQntuples(r) != 1) {
		api_problem(c, 500, "internal", "Internal error", "the caller's operator is gone",
			    NULL);
		goto out;
	}
	/* Columns 1..11 that a document needs, by the name the API gives them. */
	static const struct {
		int col;
		const char *field;
		bool payment_only;
	} needed[] = {
	    {1, "street", false},	  {2, "house_number", false}, {4, "postal_code", false},
	    {5, "commune", false},	  {6, "place", false},	      {8, "signatory_name", false},
	    {9, "signatory_role", false}, {10, "iban", true},	      {11, "ogm_base", true},
	};
	json_t *errors = NULL;
	for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++)
		if ((payment || !needed[i].payment_only) && PQgetisnull(r, 0, needed[i].col))
			api_field_error(&errors, needed[i].field, "missing",
					"this operator detail is not set: an admin sets it with "
					"PUT /api/v1/operator");
	if (errors != NULL) {
		api_problem(c, 422, "operator-profile-incomplete", "Operator details missing",
			    "the document needs operator details that are not set", errors);
		goto out;
	}
	const char *box = api_pdf_cell(d, r, 0, 3);
	d->op = (struct pdfgen_operator){
	    .name = api_pdf_cell(d, r, 0, 0),
	    .address = {api_pdf_str(d, "%s %s%s%s", PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2),
				    box ? ", boîte " : "", box ? box : ""),
			api_pdf_str(d, "%s %s", PQgetvalue(r, 0, 4), PQgetvalue(r, 0, 5))},
	    .contact = api_pdf_cell(d, r, 0, 7),
	    .place = api_pdf_cell(d, r, 0, 6),
	    .signatory_name = api_pdf_cell(d, r, 0, 8),
	    .signatory_role = api_pdf_cell(d, r, 0, 9),
	};
	struct ident_iban iban;
	const char *electronic = PQgetvalue(r, 0, 10);
	if (!PQgetisnull(r, 0, 10) &&
	    ident_iban_be_parse(electronic, strlen(electronic), &iban) == IDENT_OK)
		d->op.iban = api_pdf_str(d, "%s", iban.paper);
	rc = 0;
out:
	PQclear(r);
	return rc;
}

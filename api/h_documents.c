/*
 * Documents read from what is stored: the convention, the carnet de bord of
 * a unit or a building, each notice letter and the attestation of
 * occupancy (issue 8). The handler gathers the facts, pdfgen/ renders them
 * on this worker thread, and the PDF goes back as an attachment. Every
 * figure pdfgen prints about a decision is the one stored when it was taken
 * (issue 13 item 7): the calendar, the notice run, the indemnity and the
 * parameter values fixed in the convention, never recomputed from today's
 * rules or rows. The surface and maximum occupants come from the unit's
 * rooms (core/crowd). What every document gathers (the operator, the unit,
 * the convention and its household, the reply) is api_pdf.c's.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_pdf.h"
#include "ident.h"

/* ---- the convention ---- */

/* The admission check's grounds by enum pdfgen_ground, NULL-terminated. */
static const char *const grounds[PDFGEN_GROUND_COUNT + 1] = {
    [PDFGEN_GROUND_SINGLE] = "P-a",
    [PDFGEN_GROUND_SEVERAL] = "P-b",
    [PDFGEN_GROUND_DEBT_MEDIATION] = "P-c",
    [PDFGEN_GROUND_FORCE_MAJEURE] = "F",
};

/* The accompaniment plan as one row of the table: its lists, one item a line. */
static const char sql_plan[] =
    "SELECT (SELECT string_agg(m.first_name || ' ' || m.last_name, E'\\n'"
    "  ORDER BY m.relation, m.id) FROM accompaniment_plan_persons pp"
    "  JOIN members m ON m.id = pp.member_id WHERE pp.convention_id = p.convention_id),"
    " (SELECT string_agg('– ' || t.x, E'\\n' ORDER BY t.n)"
    "  FROM unnest(p.objectives) WITH ORDINALITY t(x, n)),"
    " (SELECT string_agg('– ' || t.x, E'\\n' ORDER BY t.n)"
    "  FROM unnest(p.initiatives) WITH ORDINALITY t(x, n)),"
    " (SELECT string_agg('– ' || t.x, E'\\n' ORDER BY t.n)"
    "  FROM unnest(p.indicators) WITH ORDINALITY t(x, n)),"
    " p.rental_guarantee_target_cents"
    " FROM accompaniment_plans p WHERE p.convention_id = $1";

static int plan_load(struct api_pdf *d, const struct api_pdf_conv *v, struct pdfgen_plan_row *row,
		     size_t *n_rows, int64_t *target)
{
	char ids[API_ID_LEN];
	api_id_text(v->id, ids);
	const char *p[1] = {ids};
	PGresult *r = api_db_exec(d->c, sql_plan, 1, p);
	if (r == NULL)
		return -1;
	*n_rows = (size_t)PQntuples(r);
	*target = 0;
	if (*n_rows == 1) {
		*row = (struct pdfgen_plan_row){api_pdf_cell(d, r, 0, 0), api_pdf_cell(d, r, 0, 1),
						api_pdf_cell(d, r, 0, 2), api_pdf_cell(d, r, 0, 3)};
		*target = strtoll(PQgetvalue(r, 0, 4), NULL, 10);
	}
	PQclear(r);
	return 0;
}

int h_convention_document(struct api_ctx *c)
{
	struct api_pdf d;
	struct api_pdf_conv v;
	struct pdfgen_result res = {0};
	struct pdfgen_person children[API_PDF_MAX_PERSONS];
	struct pdfgen_plan_row plan;
	size_t n_children = 0, n_plan = 0;
	int64_t target = 0;
	api_pdf_init(&d, c);
	int rc = api_pdf_convention(&d, c->params[0], true, &v);
	if (rc == 0)
		rc = api_pdf_operator(&d, true);
	if (rc == 0)
		rc = plan_load(&d, &v, &plan, &n_plan, &target);
	if (rc != 0)
		goto out;
	for (size_t i = 0; i < v.n_members; i++)
		if (v.members[i].dependent_child)
			children[n_children++] = v.members[i].person;
	int ground = api_enum_index(grounds, v.ground);
	if (ground < 0) {
		rc = api_problem(c, 500, "internal", "Internal error", "unknown admission ground",
				 NULL);
		goto out;
	}
	/* The communication's number is SQL's convention_communication()
	 * (sql/017), the one payment_record() matches payments with, read with
	 * the convention (api_pdf_convention). */
	uint64_t ogm = v.communication;
	if (ogm > IDENT_OGM_MAX_BASE) {
		json_t *errors = NULL;
		api_field_error(&errors, "ogm_base", "too-large",
				"the base plus the convention's id exceeds the 10 digits of a "
				"structured communication: lower it");
		rc = api_problem(c, 422, "operator-profile-incomplete", "Operator details missing",
				 NULL, errors);
		goto out;
	}
	const struct pdfgen_convention in = {
	    .op = d.op,
	    .reference = v.reference,
	    .signatories = v.signatories,
	    .n_signatories = v.n_signatories,
	    .children = children,
	    .n_children = n_children,
	    .unit = v.unit,
	    .ground = (enum pdfgen_ground)ground,
	    .admission_checked_on = v.check_date,
	    .start = v.start,
	    .signed_on = v.signed_on,
	    .params = &v.params,
	    .calendar = &v.cal,
	    .reduced = &v.red,
	    .base = v.base,
	    .subsidised = v.cap_applies,
	    .revenues = v.basis,
	    .resources = v.basis,
	    .provision = v.provision,
	    .ogm_base = ogm,
	    /* A line to fill in by hand with the worker's name: a user has
	     * only a login, which a document never prints. */
	    .worker = "……………………………………",
	    .plan = &plan,
	    .n_plan = n_plan,
	    .guarantee_target = target,
	};
	/* This handler keeps its goto form around the structured communication
	 * above (issue 14: helper C's lines, left where they were). */
	if (d.oom) {
		rc = api_pdf_oom(&d);
		goto out;
	}
	char name[64];
	snprintf(name, sizeof name, "convention-%" PRId64 ".pdf", v.id);
	rc = api_pdf_reply(&d, pdfgen_convention(&in, &res), &res, name);
out:
	api_pdf_free(&d);
	return rc;
}

/* ---- carnet de bord ---- */

static const char sql_entries[] =
    "SELECT e.kind, e.entry_date, e.problem, e.location, e.measure, e.informed_whom,"
    " e.informed_on, e.action_taken, e.action_by, e.action_on, e.occupant_consent,"
    " e.smoke_detectors_ok, e.differentials_ok, e.guard_rails_ok,"
    " e.instructions_handed_over, k.entry_date, a.name"
    " FROM logbook_entries e JOIN users a ON a.id = e.author_id"
    " LEFT JOIN logbook_entries k ON k.id = e.corrects_id";

static const char *yes_no(PGresult *r, int row, int col, const char *yes, const char *no)
{
	return strcmp(PQgetvalue(r, row, col), "t") == 0 ? yes : no;
}

/* The "problem found" column says what kind of entry it is when the kind
 * carries more than its text (rules.md section 7). */
static const char *entry_problem(struct api_pdf *d, PGresult *r, int i)
{
	const char *kind = PQgetvalue(r, i, 0);
	const char *problem = api_pdf_cell(d, r, i, 2);
	const char *what;
	if (strcmp(kind, "visit") == 0) {
		what = PQgetisnull(r, i, 10)
			   ? "Visite."
			   : yes_no(r, i, 10, "Visite, avec l'accord exprès de l'occupant.",
				    "Visite : l'occupant n'a pas donné son accord pour entrer "
				    "dans le logement.");
	} else if (strcmp(kind, "safety_check") == 0) {
		what =
		    api_pdf_str(d,
				"Contrôle de sécurité avant l'entrée dans les lieux : détecteurs "
				"de fumée %s ; différentiels %s ; garde-corps %s ; mode d'emploi "
				"des détecteurs %s.",
				yes_no(r, i, 11, "en ordre", "NON conformes"),
				yes_no(r, i, 12, "testés", "NON conformes"),
				yes_no(r, i, 13, "conformes", "NON conformes"),
				yes_no(r, i, 14, "remis à l'occupant", "NON remis"));
	} else if (strcmp(kind, "correction") == 0) {
		char on[BDATE_FR_LEN];
		bdate_format_fr(api_pdf_date(r, i, 15), on);
		what = api_pdf_str(d, "Rectifie l'entrée du %s%s", on, problem ? " :" : ".");
	} else {
		return problem;
	}
	return problem ? api_pdf_str(d, "%s\n%s", what, problem) : what;
}

/* What a carnet de bord is about: the building of the caller's operator
 * (404 otherwise) or the unit, its name and address. */
static int logbook_subject(struct api_pdf *d, bool building, int64_t id, struct pdfgen_logbook *in)
{
	if (!building) {
		struct pdfgen_unit unit = {0};
		int rc = api_pdf_unit(d, id, false, &unit);
		in->subject = unit.name;
		in->address = unit.address;
		return rc;
	}
	char ids[API_ID_LEN], op[API_ID_LEN];
	api_id_text(id, ids);
	api_id_text(d->c->user.operator_id, op);
	const char *v[2] = {ids, op};
	int rc = -1;
	PGresult *r = api_db_exec(d->c,
				  "SELECT name, street, house_number, postal_code, commune"
				  " FROM buildings WHERE id = $1 AND operator_id = $2",
				  2, v);
	if (r == NULL)
		goto out;
	if (PQntuples(r) != 1) {
		api_not_found(d->c, "building", id);
		goto out;
	}
	in->subject = api_pdf_cell(d, r, 0, 0);
	in->address = (struct pdfgen_address){
	    api_pdf_str(d, "%s %s", PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2)),
	    api_pdf_str(d, "%s %s", PQgetvalue(r, 0, 3), PQgetvalue(r, 0, 4))};
	rc = 0;
out:
	PQclear(r);
	return rc;
}

/* The entries of the carnet, oldest first, into *entries (malloc'd, the
 * caller's to free) and in. */
static int logbook_entries(struct api_pdf *d, bool building, int64_t id, struct pdfgen_logbook *in,
			   struct pdfgen_logbook_entry **entries)
{
	char ids[API_ID_LEN];
	api_id_text(id, ids);
	char sql[sizeof sql_entries + 80];
	snprintf(sql, sizeof sql, "%s WHERE e.%s = $1 ORDER BY e.entry_date, e.id", sql_entries,
		 building ? "building_id" : "unit_id");
	const char *v[1] = {ids};
	int rc = -1;
	PGresult *r = api_db_exec(d->c, sql, 1, v);
	if (r == NULL)
		goto out;
	size_t n = (size_t)PQntuples(r);
	*entries = calloc(n ? n : 1, sizeof **entries);
	if (*entries == NULL) {
		api_pdf_oom(d);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		int row = (int)i;
		const char *location = api_pdf_cell(d, r, row, 3);
		(*entries)[i] = (struct pdfgen_logbook_entry){
		    .date = api_pdf_date(r, row, 1),
		    .problem = entry_problem(d, r, row),
		    .location = location ? location : "—",
		    .measure = api_pdf_cell(d, r, row, 4),
		    .informed = api_pdf_cell(d, r, row, 5),
		    .informed_on = api_pdf_date(r, row, 6),
		    .action = api_pdf_cell(d, r, row, 7),
		    .action_by = api_pdf_cell(d, r, row, 8),
		    .action_on = api_pdf_date(r, row, 9),
		    .author = api_pdf_cell(d, r, row, 16),
		};
	}
	in->entries = *entries;
	in->n_entries = n;
	rc = 0;
out:
	PQclear(r);
	return rc;
}

static int logbook_render(struct api_pdf *d, struct pdfgen_logbook *in, bool building, int64_t id)
{
	struct pdfgen_result res = {0};
	if (d->oom)
		return api_pdf_oom(d);
	in->op = d->op;
	char name[64];
	snprintf(name, sizeof name, "carnet-de-bord-%s-%" PRId64 ".pdf",
		 building ? "immeuble" : "logement", id);
	return api_pdf_reply(d, pdfgen_logbook(in, &res), &res, name);
}

static int logbook_document(struct api_ctx *c, bool building)
{
	struct api_pdf d;
	struct pdfgen_logbook in = {.building = building, .printed_on = c->req->today};
	struct pdfgen_logbook_entry *entries = NULL;
	int64_t id = c->params[0];
	api_pdf_init(&d, c);
	int rc = logbook_subject(&d, building, id, &in);
	if (rc == 0)
		rc = api_pdf_operator(&d, false);
	if (rc == 0)
		rc = logbook_entries(&d, building, id, &in, &entries);
	if (rc == 0)
		rc = logbook_render(&d, &in, building, id);
	free(entries);
	api_pdf_free(&d);
	return rc;
}

int h_unit_logbook_document(struct api_ctx *c)
{
	return logbook_document(c, false);
}

int h_building_logbook_document(struct api_ctx *c)
{
	return logbook_document(c, true);
}

/* ---- notice letters ---- */

/* The letter of a notice to one member, as recorded, and the other
 * members the notice was also sent to. */
struct notice_facts {
	const struct pdfgen_person *addressee;
	struct pdfgen_person others[API_PDF_MAX_PERSONS];
	size_t n_others;
	int period;
	bdate_t posted;
	struct conv_reach reach;
};

static int notice_load(struct api_pdf *d, const struct api_pdf_conv *v, int64_t member,
		       struct notice_facts *f)
{
	struct api_ctx *c = d->c;
	char ids[API_ID_LEN];
	api_id_text(v->id, ids);
	const char *p[1] = {ids};
	int rc = -1;
	PGresult *r =
	    api_db_exec(c,
			"SELECT n.period, l.member_id, l.posted_on, l.notified_on, n.run_from,"
			" n.run_to, n.end_date FROM convention_notices n"
			" JOIN convention_notice_letters l ON l.notice_id = n.id"
			" WHERE n.convention_id = $1 ORDER BY l.member_id",
			1, p);
	if (r == NULL)
		goto out;
	for (int i = 0; i < PQntuples(r); i++) {
		int64_t to = strtoll(PQgetvalue(r, i, 1), NULL, 10);
		const struct pdfgen_person *person = NULL;
		for (size_t k = 0; k < v->n_members && person == NULL; k++)
			if (v->members[k].id == to)
				person = &v->members[k].person;
		if (person == NULL)
			continue;
		if (to == member) {
			f->addressee = person;
			f->period = atoi(PQgetvalue(r, i, 0)) - 1;
			f->posted = api_pdf_date(r, i, 2);
			/* The notice as recorded: this letter's deemed notification,
			 * the run of the whole notice and the end it gives. */
			f->reach = (struct conv_reach){
			    .notified_on = api_pdf_date(r, i, 3),
			    .run_from = api_pdf_date(r, i, 4),
			    .run_to = api_pdf_date(r, i, 5),
			    .period = f->period,
			    .end = api_pdf_date(r, i, 6),
			    .posting_deadline = f->period >= 0 && f->period < v->cal.n_periods
						    ? v->cal.period[f->period].posting_deadline
						    : PDFGEN_NO_DATE,
			};
		} else if (f->n_others < API_PDF_MAX_PERSONS) {
			f->others[f->n_others++] = *person;
		}
	}
	if (f->addressee == NULL) {
		char detail[160];
		if (PQntuples(r) > 0)
			snprintf(detail, sizeof detail,
				 "the notice of convention %" PRId64
				 " has no letter to member %" PRId64,
				 v->id, member);
		else
			snprintf(detail, sizeof detail,
				 "convention %" PRId64 " has no notice recorded", v->id);
		api_problem(c, 404, "not-found", "Not found", detail, NULL);
		goto out;
	}
	rc = 0;
out:
	PQclear(r);
	return rc;
}

static int notice_render(struct api_pdf *d, const struct api_pdf_conv *v, int64_t member,
			 const struct notice_facts *f)
{
	struct pdfgen_result res = {0};
	const struct pdfgen_notice in = {
	    .op = d->op,
	    .reference = v->reference,
	    .unit = v->unit,
	    .addressee = *f->addressee,
	    .addressee_address = v->unit.address,
	    .others = f->others,
	    .n_others = f->n_others,
	    .start = v->start,
	    .params = &v->params,
	    .calendar = &v->cal,
	    .reach = &f->reach,
	    .period = f->period,
	    .posted_on = f->posted,
	    .base = v->base,
	    .exit_inventory_on = PDFGEN_NO_DATE,
	    .worker = NULL, /* v->worker is a login: "Le travailleur social" */
	};
	if (d->oom)
		return api_pdf_oom(d);
	char name[80];
	snprintf(name, sizeof name, "preavis-%" PRId64 "-membre-%" PRId64 ".pdf", v->id, member);
	return api_pdf_reply(d, pdfgen_notice(&in, &res), &res, name);
}

int h_notice_letter(struct api_ctx *c)
{
	struct api_pdf d;
	struct api_pdf_conv v;
	struct notice_facts f = {.posted = PDFGEN_NO_DATE};
	int64_t member = c->params[1];
	api_pdf_init(&d, c);
	int rc = api_pdf_convention(&d, c->params[0], false, &v);
	if (rc == 0)
		rc = notice_load(&d, &v, member, &f);
	if (rc == 0)
		rc = api_pdf_operator(&d, false);
	if (rc == 0)
		rc = notice_render(&d, &v, member, &f);
	api_pdf_free(&d);
	return rc;
}

/* ---- attestation of occupancy ---- */

/* Only a household that entered the unit is attested. */
static int attestation_applies(struct api_ctx *c, const struct api_pdf_conv *v)
{
	if (v->activated_on != PDFGEN_NO_DATE)
		return 0;
	char detail[160];
	snprintf(detail, sizeof detail,
		 "the household has not entered the unit: the convention is %s",
		 conv_state_name(v->state));
	return api_pdf_not_applicable(c, detail);
}

static int attestation_render(struct api_pdf *d, const struct api_pdf_conv *v)
{
	struct pdfgen_result res = {0};
	struct pdfgen_person members[API_PDF_MAX_PERSONS];
	for (size_t i = 0; i < v->n_members; i++)
		members[i] = v->members[i].person;
	const struct pdfgen_attestation in = {
	    .op = d->op,
	    .reference = v->reference,
	    .unit = v->unit,
	    .members = members,
	    .n_members = v->n_members,
	    .since = v->activated_on,
	    .until = v->departure_on,
	    .overstay = v->state == CONV_OVERSTAY,
	    .ended_on = v->final_end,
	    .dated = d->c->req->today,
	};
	if (d->oom)
		return api_pdf_oom(d);
	char name[64];
	snprintf(name, sizeof name, "attestation-occupation-%" PRId64 ".pdf", v->id);
	return api_pdf_reply(d, pdfgen_attestation(&in, &res), &res, name);
}

int h_convention_attestation(struct api_ctx *c)
{
	struct api_pdf d;
	struct api_pdf_conv v;
	api_pdf_init(&d, c);
	int rc = api_pdf_convention(&d, c->params[0], false, &v);
	if (rc == 0)
		rc = attestation_applies(c, &v);
	if (rc == 0)
		rc = api_pdf_operator(&d, false);
	if (rc == 0)
		rc = attestation_render(&d, &v);
	api_pdf_free(&d);
	return rc;
}

/*
 * The letters of the procedure for an occupant who does not leave
 * (rules.md section 4): the non-renewal with its motivation, the record of
 * hearing and the formal notice to an occupant sans titre ni droit. Their
 * texts are written by the operator or the social worker and are not
 * stored as records: the request carries them, the handler validates them
 * field by field, renders the letter with the convention's stored facts and
 * audits each generation with the texts it was made from.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api_pdf.h"

#define MAX_ROWS 20

/* A string member that, when given, is not empty. */
static const char *text(json_t *o, const char *name, size_t max, bool required, json_t **errors)
{
	const char *s = api_json_string(o, name, max, required, errors);
	if (s != NULL && s[0] == '\0') {
		api_field_error(errors, name, "required", "must not be empty");
		return NULL;
	}
	return s;
}

/* The same for a text of several lines (a motivation, a statement). */
static const char *lines(json_t *o, const char *name, size_t max, bool required, json_t **errors)
{
	const char *s = api_json_text(o, name, max, required, errors);
	if (s != NULL && s[0] == '\0') {
		api_field_error(errors, name, "required", "must not be empty");
		return NULL;
	}
	return s;
}

/* Moves the errors of a nested object under its name: "rows[2].topic". */
static void nested_errors(json_t **errors, const char *prefix, json_t *e)
{
	size_t k;
	json_t *err;
	json_array_foreach(e, k, err) {
		char field[80];
		snprintf(field, sizeof field, "%s.%s", prefix,
			 json_string_value(json_object_get(err, "field")));
		api_field_error(errors, field, json_string_value(json_object_get(err, "code")),
				json_string_value(json_object_get(err, "message")));
	}
	json_decref(e);
}

/* An array member of 1..MAX_ROWS objects; NULL with a field error otherwise. */
static json_t *objects(json_t *body, const char *name, json_t **errors)
{
	json_t *a = json_object_get(body, name);
	if (a == NULL || json_is_null(a)) {
		api_field_error(errors, name, "required", "this field is required");
		return NULL;
	}
	if (!json_is_array(a) || json_array_size(a) < 1 || json_array_size(a) > MAX_ROWS) {
		api_field_error(errors, name, "type", "must be an array of 1 to 20 objects");
		return NULL;
	}
	size_t i;
	json_t *item;
	json_array_foreach(a, i, item) {
		if (!json_is_object(item)) {
			char field[48];
			snprintf(field, sizeof field, "%s[%zu]", name, i);
			api_field_error(errors, field, "type", "must be an object");
			return NULL;
		}
	}
	return a;
}

static int audit_tx(struct api_ctx *c, void *arg)
{
	const char *const *a = arg; /* action, convention id, body */
	return api_audit(c, a[0], "convention", a[1], NULL, a[2]);
}

/*
 * The tail every letter shares: render, audit the generation with the body
 * it was made from, answer. The PDF is not sent when the audit fails.
 */
static int letter_finish(struct api_pdf *d, const struct api_pdf_conv *v, const char *action,
			 json_t *body, int rc, struct pdfgen_result *res, const char *kind)
{
	struct api_ctx *c = d->c;
	if (rc == 0) {
		char ids[24];
		snprintf(ids, sizeof ids, "%" PRId64, v->id);
		char *after = json_dumps(body, JSON_COMPACT);
		const char *a[3] = {action, ids, after};
		int audited = after != NULL ? api_tx(c, audit_tx, (void *)a)
					    : api_problem(c, 500, "internal", "Internal error",
							  "out of memory", NULL);
		free(after);
		if (audited != 0) {
			free(res->pdf);
			return -1;
		}
	}
	char name[64];
	snprintf(name, sizeof name, "%s-%" PRId64 ".pdf", kind, v->id);
	return api_pdf_reply(d, rc, res, name);
}

/* ---- non-renewal ---- */

struct nonrenewal_in {
	bdate_t dated, hearing_on;
	const char *motivation, *worker, *hearing_time, *hearing_place;
	struct pdfgen_situation_row rows[MAX_ROWS];
	size_t n_rows;
};

static void nonrenewal_read(struct api_ctx *c, json_t *body, struct nonrenewal_in *in,
			    json_t **errors)
{
	static const char *const fields[] = {"dated",	"motivation", "rows",
					     "hearing", "worker",     NULL};
	static const char *const row_fields[] = {"topic", "at_admission", "now", NULL};
	static const char *const hearing_fields[] = {"date", "time", "place", NULL};
	api_json_only(body, fields, errors);
	in->dated = c->req->today;
	api_json_date(body, "dated", false, errors, &in->dated);
	in->motivation = lines(body, "motivation", 4000, true, errors);
	in->worker = text(body, "worker", 200, false, errors);
	json_t *rows = objects(body, "rows", errors);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		json_t *e = NULL;
		api_json_only(row, row_fields, &e);
		in->rows[i] = (struct pdfgen_situation_row){
		    text(row, "topic", 200, true, &e),
		    lines(row, "at_admission", 1000, false, &e),
		    lines(row, "now", 1000, false, &e),
		};
		char prefix[32];
		snprintf(prefix, sizeof prefix, "rows[%zu]", i);
		nested_errors(errors, prefix, e);
	}
	in->n_rows = json_array_size(rows);
	in->hearing_on = PDFGEN_NO_DATE;
	json_t *hearing = json_object_get(body, "hearing");
	if (hearing != NULL && !json_is_null(hearing)) {
		json_t *e = NULL;
		if (!json_is_object(hearing)) {
			api_field_error(errors, "hearing", "type",
					"must be an object {date, time, place}");
			return;
		}
		api_json_only(hearing, hearing_fields, &e);
		api_json_date(hearing, "date", true, &e, &in->hearing_on);
		in->hearing_time = text(hearing, "time", 20, true, &e);
		in->hearing_place = text(hearing, "place", 200, true, &e);
		if (in->hearing_on != PDFGEN_NO_DATE && in->hearing_on < in->dated)
			api_field_error(&e, "date", "before-letter",
					"the hearing follows the letter that invites to it");
		nested_errors(errors, "hearing", e);
	}
}

int h_letter_nonrenewal(struct api_ctx *c)
{
	struct api_pdf d;
	struct api_pdf_conv v;
	struct nonrenewal_in in = {0};
	struct pdfgen_result res = {0};
	json_t *errors = NULL;
	json_t *body = api_body_object(c);
	if (body == NULL)
		return -1;
	api_pdf_init(&d, c);
	nonrenewal_read(c, body, &in, &errors);
	int rc = errors != NULL
		     ? api_problem(c, 422, "validation", "Invalid non-renewal letter", NULL, errors)
		     : api_pdf_convention(&d, c->params[0], false, &v);
	if (rc != 0)
		goto out;
	/* Before the notice that follows it, and while a renewal is still possible. */
	if (v.state != CONV_SIGNED && v.state != CONV_ACTIVE && v.state != CONV_RENEWED &&
	    v.state != CONV_NOTICE_GIVEN) {
		char detail[120];
		snprintf(detail, sizeof detail,
			 "a convention that is %s is not renewed: it does not run",
			 conv_state_name(v.state));
		rc = api_pdf_not_applicable(c, detail);
		goto out;
	}
	if (v.periods >= v.max_periods) {
		rc = api_pdf_not_applicable(c, "the convention is in its last period: there is no "
					       "renewal to refuse");
		goto out;
	}
	if ((rc = api_pdf_operator(&d, false)) != 0)
		goto out;
	const struct pdfgen_nonrenewal pin = {
	    .op = d.op,
	    .reference = v.reference,
	    .unit = v.unit,
	    .addressees = v.signatories,
	    .n_addressees = v.n_signatories,
	    .start = v.start,
	    .params = &v.params,
	    .calendar = &v.cal,
	    .period = v.periods - 1,
	    .admitted_on = v.check_date,
	    .dated = in.dated,
	    .rows = in.rows,
	    .n_rows = in.n_rows,
	    .motivation = in.motivation,
	    .hearing_on = in.hearing_on,
	    .hearing_time = in.hearing_time,
	    .hearing_place = in.hearing_place,
	    /* The name the letter's author gave; v.worker is a login, never printed. */
	    .worker = in.worker,
	};
	if (d.oom) {
		rc = api_problem(c, 500, "internal", "Internal error", "out of memory", NULL);
		goto out;
	}
	rc = letter_finish(&d, &v, "document.non-renewal", body, pdfgen_nonrenewal(&pin, &res),
			   &res, "non-renouvellement");
out:
	api_pdf_free(&d);
	json_decref(body);
	return rc;
}

/* ---- record of hearing ---- */

struct hearing_in {
	bdate_t held_on;
	const char *time, *place, *subject, *occupant, *op_statement, *conclusion;
	struct pdfgen_attendee attendees[MAX_ROWS];
	size_t n_attendees;
};

static void hearing_read(struct api_ctx *c, json_t *body, struct hearing_in *in, json_t **errors)
{
	static const char *const fields[] = {"held_on",
					     "time",
					     "place",
					     "attendees",
					     "subject",
					     "occupant_statement",
					     "operator_statement",
					     "conclusion",
					     NULL};
	static const char *const attendee_fields[] = {"name", "role", NULL};
	api_json_only(body, fields, errors);
	if (api_json_date(body, "held_on", true, errors, &in->held_on) &&
	    in->held_on > c->req->today)
		api_field_error(errors, "held_on", "future",
				"a record is made of a hearing that took place");
	in->time = text(body, "time", 20, true, errors);
	in->place = text(body, "place", 200, true, errors);
	in->subject = lines(body, "subject", 2000, true, errors);
	in->occupant = lines(body, "occupant_statement", 8000, true, errors);
	in->op_statement = lines(body, "operator_statement", 8000, false, errors);
	in->conclusion = lines(body, "conclusion", 4000, true, errors);
	json_t *attendees = objects(body, "attendees", errors);
	size_t i;
	json_t *a;
	json_array_foreach(attendees, i, a) {
		json_t *e = NULL;
		api_json_only(a, attendee_fields, &e);
		in->attendees[i] = (struct pdfgen_attendee){text(a, "name", 200, true, &e),
							    text(a, "role", 100, true, &e)};
		char prefix[32];
		snprintf(prefix, sizeof prefix, "attendees[%zu]", i);
		nested_errors(errors, prefix, e);
	}
	in->n_attendees = json_array_size(attendees);
}

int h_letter_hearing(struct api_ctx *c)
{
	struct api_pdf d;
	struct api_pdf_conv v;
	struct hearing_in in = {0};
	struct pdfgen_result res = {0};
	json_t *errors = NULL;
	json_t *body = api_body_object(c);
	if (body == NULL)
		return -1;
	api_pdf_init(&d, c);
	hearing_read(c, body, &in, &errors);
	int rc = errors != NULL
		     ? api_problem(c, 422, "validation", "Invalid record of hearing", NULL, errors)
		     : api_pdf_convention(&d, c->params[0], false, &v);
	if (rc != 0)
		goto out;
	if (v.state == CONV_DRAFT || v.state == CONV_CANCELLED) {
		rc =
		    api_pdf_not_applicable(c, "the household of a convention that was never signed "
					      "is not heard about its end");
		goto out;
	}
	/* A hearing about the end of a convention follows its signature. */
	if (in.held_on < v.signed_on) {
		char on[BDATE_ISO_LEN], msg[96];
		bdate_format_iso(v.signed_on, on);
		snprintf(msg, sizeof msg,
			 "the convention was signed on %s: a hearing about it "
			 "cannot precede that day",
			 on);
		api_field_error(&errors, "held_on", "before-signature", msg);
		rc = api_problem(c, 422, "validation", "Invalid record of hearing", NULL, errors);
		goto out;
	}
	if ((rc = api_pdf_operator(&d, false)) != 0)
		goto out;
	const struct pdfgen_hearing pin = {
	    .op = d.op,
	    .reference = v.reference,
	    .unit = v.unit,
	    .held_on = in.held_on,
	    .time = in.time,
	    .place = in.place,
	    .attendees = in.attendees,
	    .n_attendees = in.n_attendees,
	    .subject = in.subject,
	    .occupant_statement = in.occupant,
	    .operator_statement = in.op_statement,
	    .conclusion = in.conclusion,
	};
	if (d.oom) {
		rc = api_problem(c, 500, "internal", "Internal error", "out of memory", NULL);
		goto out;
	}
	rc = letter_finish(&d, &v, "document.hearing", body, pdfgen_hearing(&pin, &res), &res,
			   "pv-audition");
out:
	api_pdf_free(&d);
	json_decref(body);
	return rc;
}

/* ---- formal notice: sans titre ni droit ---- */

struct overstay_in {
	bdate_t leave_by, dated;
	const char *canton, *mediator;
	int64_t arrears;
};

static void overstay_read(struct api_ctx *c, json_t *body, struct overstay_in *in, json_t **errors)
{
	static const char *const fields[] = {"leave_by", "dated",	  "canton",
					     "mediator", "arrears_cents", NULL};
	api_json_only(body, fields, errors);
	in->dated = c->req->today;
	api_json_date(body, "dated", false, errors, &in->dated);
	if (api_json_date(body, "leave_by", true, errors, &in->leave_by) &&
	    in->leave_by < in->dated)
		api_field_error(errors, "leave_by", "before-letter",
				"must not be before the letter's date");
	in->canton = text(body, "canton", 100, true, errors);
	in->mediator = text(body, "mediator", 200, false, errors);
	in->arrears = 0;
	api_json_cents(body, "arrears_cents", false, 0, 100000000, errors, &in->arrears);
}

int h_letter_overstay(struct api_ctx *c)
{
	struct api_pdf d;
	struct api_pdf_conv v;
	struct overstay_in in = {0};
	struct pdfgen_result res = {0};
	json_t *errors = NULL;
	json_t *body = api_body_object(c);
	if (body == NULL)
		return -1;
	api_pdf_init(&d, c);
	overstay_read(c, body, &in, &errors);
	int rc = errors != NULL
		     ? api_problem(c, 422, "validation", "Invalid formal notice", NULL, errors)
		     : api_pdf_convention(&d, c->params[0], false, &v);
	if (rc != 0)
		goto out;
	if (v.state != CONV_OVERSTAY) {
		char detail[160];
		snprintf(detail, sizeof detail,
			 "the convention is %s: only an occupant recorded in overstay is sans "
			 "titre ni droit",
			 conv_state_name(v.state));
		rc = api_pdf_not_applicable(c, detail);
		goto out;
	}
	if (in.dated <= v.final_end)
		api_field_error(&errors, "dated", "before-end",
				"the formal notice follows the convention's end");
	/* Mediation is by a worker other than the one who accompanied (rules.md 4). */
	if (in.mediator != NULL && v.worker != NULL && strcasecmp(in.mediator, v.worker) == 0)
		api_field_error(&errors, "mediator", "same-worker",
				"the mediator is not the worker who accompanied the household");
	if (errors != NULL) {
		rc = api_problem(c, 422, "validation", "Invalid formal notice", NULL, errors);
		goto out;
	}
	if ((rc = api_pdf_operator(&d, false)) != 0)
		goto out;
	const struct pdfgen_overstay pin = {
	    .op = d.op,
	    .reference = v.reference,
	    .unit = v.unit,
	    .addressees = v.signatories,
	    .n_addressees = v.n_signatories,
	    .ended_on = v.final_end,
	    .leave_by = in.leave_by,
	    .base = v.base,
	    .arrears = in.arrears,
	    .canton = in.canton,
	    .mediator = in.mediator,
	    .dated = in.dated,
	};
	if (d.oom) {
		rc = api_problem(c, 500, "internal", "Internal error", "out of memory", NULL);
		goto out;
	}
	rc = letter_finish(&d, &v, "document.overstay", body, pdfgen_overstay(&pin, &res), &res,
			   "mise-en-demeure");
out:
	api_pdf_free(&d);
	json_decref(body);
	return rc;
}

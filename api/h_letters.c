/*
 * The letters of the procedure for an occupant who does not leave
 * (rules.md section 4): the non-renewal with its motivation, the record of
 * hearing and the formal notice to an occupant sans titre ni droit. Their
 * texts are written by the operator or the social worker and are not
 * stored as records: the request carries them, in_letters.c validates them
 * field by field, the handler checks them against the convention, renders
 * the letter with the convention's stored facts (api_pdf.c) and audits
 * each generation with the texts it was made from.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "api_pdf.h"
#include "input.h"

/* The JSON body of a letter, owned by the caller (json_decref). */
static int letter_body(struct api_ctx *c, json_t **body)
{
	*body = api_body_object(c);
	return *body != NULL ? 0 : -1;
}

/* The 422 problem of a letter's field errors, when there are any. */
static int letter_invalid(struct api_ctx *c, json_t *errors, const char *title)
{
	if (errors != NULL)
		return api_problem(c, 422, "validation", title, NULL, errors);
	return 0;
}

static int audit_tx(struct api_ctx *c, void *arg)
{
	const char *const *a = arg; /* action, convention id, body */
	return api_audit(c, a[0], "convention", a[1], NULL, a[2]);
}

/* Audits the generation of a letter with the body it was made from. */
static int letter_audit(struct api_ctx *c, int64_t conv_id, const char *action, json_t *body)
{
	char ids[API_ID_LEN];
	api_id_text(conv_id, ids);
	char *after = json_dumps(body, JSON_COMPACT);
	if (after == NULL)
		return api_problem(c, 500, "internal", "Internal error", "out of memory", NULL);
	const char *a[3] = {action, ids, after};
	int rc = api_tx(c, audit_tx, (void *)a);
	free(after);
	return rc;
}

/*
 * The tail every letter shares: render, audit the generation with the body
 * it was made from, answer. The PDF is not sent when the audit fails.
 */
static int letter_finish(struct api_pdf *d, const struct api_pdf_conv *v, const char *action,
			 json_t *body, int rc, struct pdfgen_result *res, const char *kind)
{
	if (rc == 0 && letter_audit(d->c, v->id, action, body) != 0) {
		free(res->pdf);
		return -1;
	}
	char name[64];
	snprintf(name, sizeof name, "%s-%" PRId64 ".pdf", kind, v->id);
	return api_pdf_reply(d, rc, res, name);
}

/* ---- non-renewal ---- */

static int nonrenewal_read(struct api_ctx *c, json_t *body, struct in_letter_nonrenewal *in)
{
	json_t *errors = NULL;
	in_letter_nonrenewal_read(body, c->req->today, in, &errors);
	return letter_invalid(c, errors, "Invalid non-renewal letter");
}

/* Before the notice that follows it, and while a renewal is still possible. */
static int nonrenewal_applies(struct api_ctx *c, const struct api_pdf_conv *v)
{
	if (v->state != CONV_SIGNED && v->state != CONV_ACTIVE && v->state != CONV_RENEWED &&
	    v->state != CONV_NOTICE_GIVEN) {
		char detail[120];
		snprintf(detail, sizeof detail,
			 "a convention that is %s is not renewed: it does not run",
			 conv_state_name(v->state));
		return api_pdf_not_applicable(c, detail);
	}
	if (v->periods >= v->max_periods)
		return api_pdf_not_applicable(c, "the convention is in its last period: there is "
						 "no renewal to refuse");
	return 0;
}

static int nonrenewal_render(struct api_pdf *d, const struct api_pdf_conv *v,
			     const struct in_letter_nonrenewal *in, json_t *body)
{
	struct pdfgen_result res = {0};
	struct pdfgen_situation_row rows[LIM_LETTER_ROWS_MAX];
	for (size_t i = 0; i < in->n_rows; i++)
		rows[i] = (struct pdfgen_situation_row){in->rows[i].topic, in->rows[i].at_admission,
							in->rows[i].now};
	const struct pdfgen_nonrenewal pin = {
	    .op = d->op,
	    .reference = v->reference,
	    .unit = v->unit,
	    .addressees = v->signatories,
	    .n_addressees = v->n_signatories,
	    .start = v->start,
	    .params = &v->params,
	    .calendar = &v->cal,
	    .period = v->periods - 1,
	    .admitted_on = v->check_date,
	    .dated = in->dated,
	    .rows = rows,
	    .n_rows = in->n_rows,
	    .motivation = in->motivation,
	    .hearing_on = in->has_hearing ? in->hearing_on : PDFGEN_NO_DATE,
	    .hearing_time = in->hearing_time,
	    .hearing_place = in->hearing_place,
	    /* The name the letter's author gave; v->worker is a login, never printed. */
	    .worker = in->worker,
	};
	if (d->oom)
		return api_pdf_oom(d);
	return letter_finish(d, v, "document.non-renewal", body, pdfgen_nonrenewal(&pin, &res),
			     &res, "non-renouvellement");
}

int h_letter_nonrenewal(struct api_ctx *c)
{
	struct api_pdf d;
	struct api_pdf_conv v;
	struct in_letter_nonrenewal in;
	json_t *body = NULL;
	api_pdf_init(&d, c);
	int rc = letter_body(c, &body);
	if (rc == 0)
		rc = nonrenewal_read(c, body, &in);
	if (rc == 0)
		rc = api_pdf_convention(&d, c->params[0], false, &v);
	if (rc == 0)
		rc = nonrenewal_applies(c, &v);
	if (rc == 0)
		rc = api_pdf_operator(&d, false);
	if (rc == 0)
		rc = nonrenewal_render(&d, &v, &in, body);
	api_pdf_free(&d);
	json_decref(body);
	return rc;
}

/* ---- record of hearing ---- */

static int hearing_read(struct api_ctx *c, json_t *body, struct in_letter_hearing *in)
{
	json_t *errors = NULL;
	in_letter_hearing_read(body, c->req->today, in, &errors);
	return letter_invalid(c, errors, "Invalid record of hearing");
}

static int hearing_applies(struct api_ctx *c, const struct api_pdf_conv *v,
			   const struct in_letter_hearing *in)
{
	if (v->state == CONV_DRAFT || v->state == CONV_CANCELLED)
		return api_pdf_not_applicable(c, "the household of a convention that was never "
						 "signed is not heard about its end");
	/* A hearing about the end of a convention follows its signature. */
	if (in->held_on < v->signed_on) {
		json_t *errors = NULL;
		char on[BDATE_ISO_LEN], msg[96];
		bdate_format_iso(v->signed_on, on);
		snprintf(msg, sizeof msg,
			 "the convention was signed on %s: a hearing about it "
			 "cannot precede that day",
			 on);
		api_field_error(&errors, "held_on", "before-signature", msg);
		return letter_invalid(c, errors, "Invalid record of hearing");
	}
	return 0;
}

static int hearing_render(struct api_pdf *d, const struct api_pdf_conv *v,
			  const struct in_letter_hearing *in, json_t *body)
{
	struct pdfgen_result res = {0};
	struct pdfgen_attendee attendees[LIM_LETTER_ROWS_MAX];
	for (size_t i = 0; i < in->n_attendees; i++)
		attendees[i] =
		    (struct pdfgen_attendee){in->attendees[i].name, in->attendees[i].role};
	const struct pdfgen_hearing pin = {
	    .op = d->op,
	    .reference = v->reference,
	    .unit = v->unit,
	    .held_on = in->held_on,
	    .time = in->time,
	    .place = in->place,
	    .attendees = attendees,
	    .n_attendees = in->n_attendees,
	    .subject = in->subject,
	    .occupant_statement = in->occupant,
	    .operator_statement = in->op_statement,
	    .conclusion = in->conclusion,
	};
	if (d->oom)
		return api_pdf_oom(d);
	return letter_finish(d, v, "document.hearing", body, pdfgen_hearing(&pin, &res), &res,
			     "pv-audition");
}

int h_letter_hearing(struct api_ctx *c)
{
	struct api_pdf d;
	struct api_pdf_conv v;
	struct in_letter_hearing in;
	json_t *body = NULL;
	api_pdf_init(&d, c);
	int rc = letter_body(c, &body);
	if (rc == 0)
		rc = hearing_read(c, body, &in);
	if (rc == 0)
		rc = api_pdf_convention(&d, c->params[0], false, &v);
	if (rc == 0)
		rc = hearing_applies(c, &v, &in);
	if (rc == 0)
		rc = api_pdf_operator(&d, false);
	if (rc == 0)
		rc = hearing_render(&d, &v, &in, body);
	api_pdf_free(&d);
	json_decref(body);
	return rc;
}

/* ---- formal notice: sans titre ni droit ---- */

static int overstay_read(struct api_ctx *c, json_t *body, struct in_letter_overstay *in)
{
	json_t *errors = NULL;
	in_letter_overstay_read(body, c->req->today, in, &errors);
	return letter_invalid(c, errors, "Invalid formal notice");
}

static int overstay_applies(struct api_ctx *c, const struct api_pdf_conv *v,
			    const struct in_letter_overstay *in)
{
	if (v->state != CONV_OVERSTAY) {
		char detail[160];
		snprintf(detail, sizeof detail,
			 "the convention is %s: only an occupant recorded in overstay is sans "
			 "titre ni droit",
			 conv_state_name(v->state));
		return api_pdf_not_applicable(c, detail);
	}
	json_t *errors = NULL;
	if (in->dated <= v->final_end)
		api_field_error(&errors, "dated", "before-end",
				"the formal notice follows the convention's end");
	/* Mediation is by a worker other than the one who accompanied (rules.md 4). */
	if (in->mediator != NULL && v->worker != NULL && strcasecmp(in->mediator, v->worker) == 0)
		api_field_error(&errors, "mediator", "same-worker",
				"the mediator is not the worker who accompanied the household");
	return letter_invalid(c, errors, "Invalid formal notice");
}

static int overstay_render(struct api_pdf *d, const struct api_pdf_conv *v,
			   const struct in_letter_overstay *in, json_t *body)
{
	struct pdfgen_result res = {0};
	const struct pdfgen_overstay pin = {
	    .op = d->op,
	    .reference = v->reference,
	    .unit = v->unit,
	    .addressees = v->signatories,
	    .n_addressees = v->n_signatories,
	    .ended_on = v->final_end,
	    .leave_by = in->leave_by,
	    .base = v->base,
	    .arrears = in->arrears,
	    .canton = in->canton,
	    .mediator = in->mediator,
	    .dated = in->dated,
	};
	if (d->oom)
		return api_pdf_oom(d);
	return letter_finish(d, v, "document.overstay", body, pdfgen_overstay(&pin, &res), &res,
			     "mise-en-demeure");
}

int h_letter_overstay(struct api_ctx *c)
{
	struct api_pdf d;
	struct api_pdf_conv v;
	struct in_letter_overstay in;
	json_t *body = NULL;
	api_pdf_init(&d, c);
	int rc = letter_body(c, &body);
	if (rc == 0)
		rc = overstay_read(c, body, &in);
	if (rc == 0)
		rc = api_pdf_convention(&d, c->params[0], false, &v);
	if (rc == 0)
		rc = overstay_applies(c, &v, &in);
	if (rc == 0)
		rc = api_pdf_operator(&d, false);
	if (rc == 0)
		rc = overstay_render(&d, &v, &in, body);
	api_pdf_free(&d);
	json_decref(body);
	return rc;
}

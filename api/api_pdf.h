/*
 * The documents module of api/ (api_pdf.c): the data gathering every
 * document served by the API shares (h_documents.c, h_letters.c,
 * h_receipt_pdf.c): the strings and result cells a document points to, the
 * caller's operator, a unit, a convention with its household, and the
 * reply that answers application/pdf with what pdfgen/ rendered on the
 * worker thread that runs the handler. The handlers call it; it calls no
 * handler. Prefix api_pdf_ (pdfgen/doc.h keeps doc_, pdfgen's own).
 *
 * Ownership: a struct api_pdf owns every string and result it hands out
 * (the pointers in the pdfgen structs point into it) until api_pdf_free().
 * Functions that return int return 0, or -1 with the problem response set.
 */
#ifndef TRANSITD_API_PDF_H
#define TRANSITD_API_PDF_H

#include "api_internal.h"
#include "conv.h"
#include "indem.h"
#include "pdfgen.h"

/* A household has at most this many members (core/crowd's limit). */
#define API_PDF_MAX_PERSONS 16

struct api_pdf {
	struct api_ctx *c;
	char **strs; /* every string made by api_pdf_str */
	size_t n_strs, cap_strs;
	bool oom;
	struct pdfgen_operator op;
};

void api_pdf_init(struct api_pdf *d, struct api_ctx *c);
void api_pdf_free(struct api_pdf *d);
/* A formatted copy kept until api_pdf_free; "" (and d->oom set) when out of memory. */
const char *api_pdf_str(struct api_pdf *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A copy of a result cell, or NULL when the cell is NULL. */
const char *api_pdf_cell(struct api_pdf *d, PGresult *r, int row, int col);
/* A date cell as pdfgen takes it: PDFGEN_NO_DATE when NULL or not a date. */
bdate_t api_pdf_date(PGresult *r, int row, int col);

/*
 * The caller's operator as its documents print it, into d->op. With
 * payment, the IBAN and the structured communication base are required
 * too. A missing detail is a 422 problem whose errors name each missing
 * field of GET/PUT /api/v1/operator.
 */
API_WUR int api_pdf_operator(struct api_pdf *d, bool payment);

/*
 * The unit of the caller's operator (404 otherwise): name, kind, address
 * and building; with full, its habitable surface and maximum occupants from
 * its rooms (core/crowd).
 */
API_WUR int api_pdf_unit(struct api_pdf *d, int64_t unit_id, bool full, struct pdfgen_unit *out);

/* One member of a household as documents name them. */
struct api_pdf_member {
	int64_t id;
	struct pdfgen_person person;
	bool dependent_child;
};

/* A convention of the caller's operator (404 otherwise) with what every
 * document about it prints. */
struct api_pdf_conv {
	int64_t id;
	const char *reference; /* "CONV-2026-0042" */
	enum conv_state state;
	bdate_t start, final_end, check_date;
	bdate_t signed_on, activated_on, departure_on; /* PDFGEN_NO_DATE when not set */
	int periods, max_periods;
	const char *ground; /* of the admission check: "P-a", "P-b", "P-c", "F" */
	int64_t base, basis, reduced;
	bool cap_applies;
	/* The number of its structured communication, SQL's
	 * convention_communication() (sql/017): false without an ogm_base. */
	bool has_communication;
	uint64_t communication;
	/* The parameter values fixed in the convention at its creation (the
	 * calendar's, the cap, the payment day); never today's rows. */
	struct params params;
	/* The calendar and the indemnity as stored at creation (issue 13 item 7). */
	struct conv_calendar cal;
	struct indem_reduced red;
	int64_t unit_id;
	struct pdfgen_unit unit;
	int64_t provision; /* the unit's monthly utility provision */
	/* The household, in id order; signatories: the signing members, or
	 * before the signature every member who is not a dependent child. */
	struct api_pdf_member members[API_PDF_MAX_PERSONS];
	size_t n_members;
	struct pdfgen_person signatories[API_PDF_MAX_PERSONS];
	int64_t signatory_ids[API_PDF_MAX_PERSONS];
	size_t n_signatories;
	/* The login of the accompaniment plan's worker, NULL without a plan:
	 * for checks only. Users have no other name, and documents print
	 * people's names, never logins (issue 13 item 11). */
	const char *worker;
};

API_WUR int api_pdf_convention(struct api_pdf *d, int64_t id, bool full_unit,
			       struct api_pdf_conv *out);

/* A convention's state that does not allow the document: a 422 problem. */
int api_pdf_not_applicable(struct api_ctx *c, const char *detail);

/*
 * Answers with the document pdfgen returned rc for: application/pdf as an
 * attachment named filename (ASCII), with X-Transitd-Replaced-Characters
 * when characters were lost; a pdfgen input error is a 422 problem with
 * pdfgen's message, any other error a 500. Takes res->pdf.
 */
int api_pdf_reply(struct api_pdf *d, int rc, struct pdfgen_result *res, const char *filename);

/* The 500 problem of a document that could not copy everything it hands
 * to pdfgen (d->oom): a document renders only when nothing was lost. */
int api_pdf_oom(struct api_pdf *d);

#endif

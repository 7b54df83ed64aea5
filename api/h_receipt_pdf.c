/*
 * The receipt (reçu) as a one-page French PDF (rules.md section 3): the
 * operator, who paid, the occupants who signed the convention, the unit, the months
 * the payment paid when the receipt was issued and the advance kept as
 * credit, the amount in figures and in Belgian French words (core/money.c,
 * through pdfgen/), the method, the dates, the number and the operator's
 * signatory (a person, never the login of whoever recorded the payment).
 * The receipt of a reversed payment no longer acknowledges anything: its
 * PDF is refused.
 *
 * A payment of a household without a convention (an advance before the
 * signature) took a receipt number like any other. Money received is
 * always acknowledged (issue 13 item 8): refusing the payment would turn
 * away money the household hands over, and refusing its PDF left a
 * numbered receipt that could never be printed. Its PDF names the
 * household's adult members and no unit or convention.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_pdf.h"

/* The SQL enum payment_method, in order, as pdfgen names the methods. */
static const struct {
	const char *name;
	enum pdfgen_payment_method method;
} methods[] = {
    {"transfer", PDFGEN_PAY_TRANSFER},
    {"cash", PDFGEN_PAY_CASH},
    {"cpas_retention", PDFGEN_PAY_BUDGET},
    {"direct_debit", PDFGEN_PAY_DIRECT_DEBIT},
};

/* The receipt, its payment, who paid, whether the payment was
 * reversed, and the convention it is about: the one of the latest month it
 * paid, else the household's latest. */
static const char sql_receipt[] =
    "SELECT receipt_number(r.year, r.number),"
    " NULL," /* was the number's sequence: receipt_number() (sql/017) formats it whole */
    " r.amount_cents, r.issued_on, p.paid_on, p.method,"
    " NULL," /* was the recording user's login: receipts are signed by the operator's signatory */
    " EXISTS (SELECT 1 FROM payments v WHERE v.reverses_payment_id = p.id),"
    " coalesce((SELECT i.convention_id FROM allocations a JOIN invoices i ON i.id = a.invoice_id"
    "  WHERE a.payment_id = p.id AND a.created_at <= r.created_at"
    "  ORDER BY i.month DESC, i.id DESC LIMIT 1),"
    " (SELECT v.id FROM conventions v WHERE v.household_id = r.household_id"
    "  AND v.state <> 'cancelled' ORDER BY v.start_date DESC, v.id DESC LIMIT 1)),"
    " r.created_at, p.id, p.payer, r.household_id"
    " FROM receipts r JOIN payments p ON p.id = r.payment_id"
    " WHERE r.id = $1 AND r.operator_id = $2";

/* The household of a receipt without a convention: its members who are not
 * dependent children, head first, as a convention would name its parties. */
static const char sql_adults[] =
    "SELECT m.first_name || ' ' || m.last_name FROM members m"
    " WHERE m.household_id = $1 AND NOT m.dependent_child ORDER BY m.relation, m.id";

/* What the payment paid when the receipt was issued, month by month. */
static const char sql_months[] =
    "SELECT extract(year FROM i.month)::int, extract(month FROM i.month)::int,"
    " sum(a.amount_cents) FROM allocations a JOIN invoices i ON i.id = a.invoice_id"
    " WHERE a.payment_id = $1 AND a.created_at <= $2::timestamptz"
    " GROUP BY i.month ORDER BY i.month";

struct receipt_facts {
	struct pdfgen_receipt in;
	struct pdfgen_receipt_month months[PDFGEN_RECEIPT_MAX_MONTHS];
	int64_t conv_id;
	const char *household;
	struct pdfgen_person occupants[API_PDF_MAX_PERSONS];
};

static int months_load(struct api_pdf *d, const char *payment, const char *issued_at,
		       struct receipt_facts *f)
{
	const char *v[2] = {payment, issued_at};
	PGresult *r = api_db_exec(d->c, sql_months, 2, v);
	if (r == NULL)
		return -1;
	int rc = -1;
	int64_t paid = 0;
	int n = PQntuples(r);
	if (n > PDFGEN_RECEIPT_MAX_MONTHS) {
		rc = api_pdf_not_applicable(d->c, "the payment paid more months than a receipt holds");
		goto out;
	}
	for (int i = 0; i < n; i++) {
		f->months[i] = (struct pdfgen_receipt_month){
		    .year = atoi(PQgetvalue(r, i, 0)),
		    .month = atoi(PQgetvalue(r, i, 1)),
		    .amount = strtoll(PQgetvalue(r, i, 2), NULL, 10),
		};
		paid += f->months[i].amount;
	}
	f->in.months = n > 0 ? f->months : NULL;
	f->in.n_months = (size_t)n;
	f->in.credit = f->in.amount - paid;
	rc = 0;
out:
	PQclear(r);
	return rc;
}

static int receipt_load(struct api_pdf *d, int64_t id, struct receipt_facts *f)
{
	struct api_ctx *c = d->c;
	char ids[API_ID_LEN], op[API_ID_LEN];
	api_id_text(id, ids);
	api_id_text(c->user.operator_id, op);
	const char *v[2] = {ids, op};
	PGresult *r = api_db_exec(c, sql_receipt, 2, v);
	if (r == NULL)
		return -1;
	int rc = -1;
	if (PQntuples(r) != 1) {
		rc = api_not_found(c, "receipt", id);
		goto out;
	}
	/* The number as SQL formats it (receipt_number, sql/017). */
	f->in.number = api_pdf_cell(d, r, 0, 0);
	f->in.amount = strtoll(PQgetvalue(r, 0, 2), NULL, 10);
	bool dated =
	    api_cell_date(r, 0, 3, &f->in.issued_on) && api_cell_date(r, 0, 4, &f->in.paid_on);
	bool known = false;
	for (size_t i = 0; i < sizeof methods / sizeof methods[0] && !known; i++) {
		if (strcmp(PQgetvalue(r, 0, 5), methods[i].name) == 0) {
			f->in.method = methods[i].method;
			known = true;
		}
	}
	bool reversed = strcmp(PQgetvalue(r, 0, 7), "t") == 0;
	f->conv_id = PQgetisnull(r, 0, 8) ? 0 : strtoll(PQgetvalue(r, 0, 8), NULL, 10);
	const char *issued_at = api_pdf_cell(d, r, 0, 9);
	const char *payment = api_pdf_cell(d, r, 0, 10);
	f->in.payer = api_pdf_cell(d, r, 0, 11);
	f->household = api_pdf_cell(d, r, 0, 12);
	if (!dated || !known || d->oom)
		rc = api_problem(c, 500, "internal", "Internal error", "unreadable receipt", NULL);
	else if (reversed)
		rc = api_problem(c, 409, "receipt-reversed", "Receipt of a reversed payment",
				 "the payment was reversed: its receipt no longer acknowledges "
				 "anything",
				 NULL);
	else
		rc = months_load(d, payment, issued_at, f);
out:
	PQclear(r);
	return rc;
}

/* The occupants of a receipt without a convention (see the header). */
static int household_load(struct api_pdf *d, struct receipt_facts *f)
{
	const char *v[1] = {f->household};
	PGresult *r = api_db_exec(d->c, sql_adults, 1, v);
	if (r == NULL)
		return -1;
	int n = PQntuples(r);
	for (int i = 0; i < n && i < API_PDF_MAX_PERSONS; i++)
		f->occupants[i] = (struct pdfgen_person){.name = api_pdf_cell(d, r, i, 0),
							 .birth = PDFGEN_NO_DATE};
	PQclear(r);
	f->in.occupants = f->occupants;
	f->in.n_occupants = (size_t)(n < API_PDF_MAX_PERSONS ? n : API_PDF_MAX_PERSONS);
	return 0;
}

int h_receipt_pdf(struct api_ctx *c)
{
	struct api_pdf d;
	struct api_pdf_conv conv;
	struct receipt_facts f = {0};
	api_pdf_init(&d, c);
	int rc = receipt_load(&d, c->params[0], &f);
	if (rc == 0)
		rc = api_pdf_operator(&d, false);
	if (rc == 0)
		rc = f.conv_id != 0 ? api_pdf_convention(&d, f.conv_id, false, &conv)
				    : household_load(&d, &f);
	/* A payment is visible before its commit is flushed (sql/011): what
	 * was read is on disk before the receipt is printed. */
	if (rc == 0)
		rc = api_db_flush_wal(c);
	if (rc == 0 && d.oom)
		rc = api_problem(c, 500, "internal", "Internal error", "out of memory", NULL);
	if (rc == 0) {
		f.in.op = d.op;
		f.in.received_by = d.op.signatory_name;
		if (f.conv_id != 0) {
			f.in.occupants = conv.signatories;
			f.in.n_occupants = conv.n_signatories;
			f.in.unit = conv.unit;
			f.in.convention_ref = conv.reference;
		}
		struct pdfgen_result res;
		char filename[48];
		snprintf(filename, sizeof filename, "recu-%s.pdf", f.in.number);
		rc = api_pdf_reply(&d, pdfgen_receipt(&f.in, &res), &res, filename);
	}
	api_pdf_free(&d);
	return rc;
}

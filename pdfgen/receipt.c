/* The receipt (reçu) of an indemnity payment: one page (rules.md section 3). */

#include "doc.h"
#include "money.h"

static const char *const methods_fr[PDFGEN_PAY_METHOD_COUNT] = {
    [PDFGEN_PAY_TRANSFER] = "virement bancaire",
    [PDFGEN_PAY_CASH] = "espèces",
    [PDFGEN_PAY_CARD] = "carte de paiement",
    [PDFGEN_PAY_BUDGET] = "gestion budgétaire (retenue à la source)",
    [PDFGEN_PAY_DIRECT_DEBIT] = "domiciliation bancaire",
};

static bool receipt_valid(struct lay *L, const struct pdfgen_receipt *in)
{
	int64_t sum = 0;

	if (!doc_check_operator(L, &in->op, false) ||
	    (in->unit.name != NULL && !doc_check_unit(L, &in->unit, false)) ||
	    !doc_check_persons(L, in->occupants, in->n_occupants, 1, "occupants") ||
	    (in->payer != NULL && !lay_need_str(L, in->payer, "payer")) ||
	    !lay_need_date(L, in->paid_on, "paid_on") ||
	    !lay_need_date(L, in->issued_on, "issued_on") ||
	    !lay_need_str(L, in->received_by, "received_by") ||
	    !lay_need_str(L, in->number, "number"))
		return false;
	if ((unsigned)in->method >= PDFGEN_PAY_METHOD_COUNT) {
		lay_fail(L, PDFGEN_EINPUT, "method is out of range");
		return false;
	}
	if (in->n_months > PDFGEN_RECEIPT_MAX_MONTHS || (in->n_months > 0 && in->months == NULL) ||
	    in->credit < 0 || (in->n_months == 0 && in->credit == 0)) {
		lay_fail(L, PDFGEN_EINPUT, "months: up to %d, and at least one or a credit",
			 PDFGEN_RECEIPT_MAX_MONTHS);
		return false;
	}
	for (size_t i = 0; i < in->n_months; i++) {
		const struct pdfgen_receipt_month *m = &in->months[i];

		if (doc_month_fr(m->month) == NULL || m->year < BDATE_MIN_YEAR ||
		    m->year > BDATE_MAX_YEAR || m->amount <= 0 ||
		    !money_add(sum, m->amount, &sum)) {
			lay_fail(L, PDFGEN_EINPUT, "months[%zu]: invalid month or amount", i);
			return false;
		}
	}
	if (!money_add(sum, in->credit, &sum) || sum != in->amount) {
		lay_fail(L, PDFGEN_EINPUT,
			 "amount %lld is not the sum of the months and the credit (%lld)",
			 (long long)in->amount, (long long)sum);
		return false;
	}
	return true;
}

static void receipt_render(struct lay *L, const struct pdfgen_receipt *in)
{
	static const struct lay_col cols[2] = {
	    {"Mois", 3.0f, LAY_LEFT, LAY_REGULAR},
	    {"Montant", 1.0f, LAY_RIGHT, LAY_REGULAR},
	};
	const char *names = doc_names(L, in->occupants, in->n_occupants);
	/* The one who paid, not every signatory of the convention. */
	const char *from = in->payer != NULL ? in->payer : names;
	const char *amount = lay_money(L, in->amount);
	const char *words = lay_words(L, in->amount);
	const struct lay_sig sig = {"Pour le gestionnaire", in->received_by,
				    lay_fmt(L, "%s, %s", in->op.signatory_role, in->op.name)};
	bool unit = in->unit.name != NULL;
	const char *what;

	doc_letterhead(L, &in->op);
	lay_space(L, 24.0f);
	lay_textf(L, LAY_TITLE, "Reçu n° %s", in->number);
	lay_text(L, LAY_SUBTITLE, "Indemnité d'occupation d'un logement de transit");
	lay_field(L, DOC_LABEL_W, "Reçu de :", from);
	if (in->payer != NULL)
		lay_field(L, DOC_LABEL_W, in->n_occupants > 1 ? "Ménage :" : "Occupant :", names);
	if (unit)
		lay_field(L, DOC_LABEL_W, "Logement :", doc_unit_line(L, &in->unit));
	if (doc_given(in->convention_ref))
		lay_field(L, DOC_LABEL_W, "Convention :", lay_fmt(L, "n° %s", in->convention_ref));
	lay_field(L, DOC_LABEL_W, "Date du paiement :", lay_date(L, in->paid_on));
	lay_field(L, DOC_LABEL_W, "Mode de paiement :", methods_fr[in->method]);
	lay_space(L, 8.0f);
	lay_table_begin(L, cols, 2, 9.5f);
	for (size_t i = 0; i < in->n_months; i++) {
		const struct pdfgen_receipt_month *m = &in->months[i];
		const char *row[2] = {
		    lay_fmt(L, "Indemnité d'occupation %s %d", doc_de(L, doc_month_fr(m->month)),
			    m->year),
		    lay_money(L, m->amount),
		};

		lay_table_row(L, row);
	}
	if (in->credit > 0) {
		const char *row[2] = {"Avance sur les prochaines indemnités d'occupation",
				      lay_money(L, in->credit)};

		lay_table_row(L, row);
	}
	lay_table_end(L);
	lay_field(L, DOC_LABEL_W, "Montant reçu :", amount);
	lay_field(L, DOC_LABEL_W, "En toutes lettres :", words);
	lay_space(L, 10.0f);
	if (in->n_months == 0) {
		/* Without a unit (no convention yet), the advance is on the
		 * indemnities of the household named above. */
		lay_textf(L, LAY_BODY,
			  "Le gestionnaire, %s, reconnaît avoir reçu %s la somme de %s (%s) à "
			  "valoir sur les prochaines indemnités d'occupation %s. Le présent reçu "
			  "vaut quittance pour ce montant.",
			  in->op.name, doc_de(L, from), amount, words,
			  unit ? "du logement désigné ci-dessus"
			       : lay_fmt(L, "dues par %s", names));
	} else {
		if (in->n_months == 1)
			what = lay_fmt(L, "du mois %s %d",
				       doc_de(L, doc_month_fr(in->months[0].month)),
				       in->months[0].year);
		else
			what = "des mois indiqués ci-dessus";
		lay_textf(L, LAY_BODY,
			  "Le gestionnaire, %s, reconnaît avoir reçu %s la somme de %s (%s) au "
			  "titre de l'indemnité d'occupation %s%s%s. Le présent reçu vaut "
			  "quittance pour ce montant et pour %s uniquement.",
			  in->op.name, doc_de(L, from), amount, words, what,
			  in->credit > 0
			      ? lay_fmt(L, ", dont %s d'avance sur les prochaines indemnités",
					lay_money(L, in->credit))
			      : "",
			  unit ? " pour le logement désigné ci-dessus" : "",
			  in->n_months == 1 ? "ce mois" : "ces mois");
	}
	lay_space(L, 14.0f);
	lay_signatures(L, lay_fmt(L, "Fait à %s, le %s.", in->op.place, lay_date(L, in->issued_on)),
		       &sig, 1);
}

static int receipt_pass(const struct pdfgen_receipt *in, struct pdfgen_result *out,
			enum lay_pass pass)
{
	struct lay L;

	lay_begin(&L, false, pass);
	if (receipt_valid(&L, in)) {
		lay_set_footer(&L, lay_fmt(&L, "Reçu n° %s", in->number));
		receipt_render(&L, in);
	}
	return lay_finish(&L, out);
}

int pdfgen_receipt(const struct pdfgen_receipt *in, struct pdfgen_result *out)
{
	return LAY_RUN(receipt_pass, in, out);
}

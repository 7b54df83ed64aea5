/*
 * The carnet de bord of a unit or a building (rules.md section 7; columns
 * after the model of annex 2 of the 2013 memento). A4 landscape: six
 * columns of free text need the width.
 */
#include "doc.h"

static bool logbook_valid(struct lay *L, const struct pdfgen_logbook *in)
{
	if (!doc_check_operator(L, &in->op, false) || !lay_need_str(L, in->subject, "subject") ||
	    !doc_check_address(L, &in->address, "address") ||
	    !lay_need_date(L, in->printed_on, "printed_on"))
		return false;
	if (in->n_entries > PDFGEN_LOGBOOK_MAX_ENTRIES || (in->n_entries > 0 && !in->entries)) {
		lay_fail(L, PDFGEN_EINPUT, "entries: at most %d", PDFGEN_LOGBOOK_MAX_ENTRIES);
		return false;
	}
	for (size_t i = 0; i < in->n_entries; i++) {
		const struct pdfgen_logbook_entry *e = &in->entries[i];

		if (!lay_need_date(L, e->date, lay_fmt(L, "entries[%zu].date", i)) ||
		    !lay_need_str(L, e->problem, lay_fmt(L, "entries[%zu].problem", i)) ||
		    !lay_need_str(L, e->location, lay_fmt(L, "entries[%zu].location", i)) ||
		    !lay_need_str(L, e->author, lay_fmt(L, "entries[%zu].author", i)) ||
		    (e->informed_on != PDFGEN_NO_DATE &&
		     !lay_need_date(L, e->informed_on,
				    lay_fmt(L, "entries[%zu].informed_on", i))) ||
		    (e->action_on != PDFGEN_NO_DATE &&
		     !lay_need_date(L, e->action_on, lay_fmt(L, "entries[%zu].action_on", i))))
			return false;
	}
	return true;
}

/* "text" then, on the next line, "by, le date", each part when given. */
static const char *who_when(struct lay *L, const char *text, const char *by, bdate_t on)
{
	const char *s = doc_given(text) ? text : "";
	const char *date = on != PDFGEN_NO_DATE ? lay_fmt(L, "le %s", lay_date(L, on)) : NULL;

	if (doc_given(by) && date != NULL)
		return lay_fmt(L, "%s%s%s, %s", s, s[0] ? "\n" : "", by, date);
	if (doc_given(by) || date != NULL)
		return lay_fmt(L, "%s%s%s", s, s[0] ? "\n" : "", doc_given(by) ? by : date);
	return s;
}

static int logbook_pass(const struct pdfgen_logbook *in, struct pdfgen_result *out,
			enum lay_pass pass)
{
	static const struct lay_col cols[6] = {
	    {"Date", 0.9f, LAY_LEFT, LAY_REGULAR},
	    {"Problème constaté", 2.2f, LAY_LEFT, LAY_REGULAR},
	    {"Localisation", 1.4f, LAY_LEFT, LAY_REGULAR},
	    {"Mesure prise", 2.0f, LAY_LEFT, LAY_REGULAR},
	    {"Information transmise (à qui, quand)", 1.6f, LAY_LEFT, LAY_REGULAR},
	    {"Action du gestionnaire (par qui, quand)", 2.0f, LAY_LEFT, LAY_REGULAR},
	};
	struct lay L;

	lay_begin(&L, true, pass);
	if (logbook_valid(&L, in)) {
		const char *what = in->building ? "Immeuble" : "Logement";

		lay_set_footer(&L, lay_fmt(&L, "Carnet de bord – %s %s", what, in->subject));
		lay_set_subject(&L, lay_fmt(&L, "Logement de transit : carnet de bord, %s %s, %s",
					    in->building ? "immeuble" : "logement", in->subject,
					    doc_address(&L, &in->address)));
		lay_text(&L, LAY_STRONG, in->op.name);
		lay_space(&L, 6.0f);
		lay_text(&L, LAY_TITLE, "Carnet de bord");
		lay_textf(&L, LAY_SUBTITLE, "%s %s – %s", what, in->subject,
			  doc_address(&L, &in->address));
		lay_textf(&L, LAY_NOTE, "Édité le %s ; %zu %s, dans l'ordre chronologique.",
			  lay_date(&L, in->printed_on), in->n_entries,
			  in->n_entries > 1 ? "entrées" : "entrée");
		lay_table_begin(&L, cols, 6, 8.5f);
		for (size_t i = 0; i < in->n_entries; i++) {
			const struct pdfgen_logbook_entry *e = &in->entries[i];
			const char *row[6] = {
			    lay_fmt(&L, "%s\n%s", lay_date(&L, e->date), e->author),
			    e->problem,
			    e->location,
			    e->measure,
			    who_when(&L, e->informed, NULL, e->informed_on),
			    who_when(&L, e->action, e->action_by, e->action_on),
			};

			lay_table_row(&L, row);
		}
		lay_table_end(&L);
		if (in->n_entries == 0)
			lay_text(&L, LAY_NOTE, "Aucune entrée dans ce carnet.");
	}
	return lay_finish(&L, out);
}

int pdfgen_logbook(const struct pdfgen_logbook *in, struct pdfgen_result *out)
{
	return LAY_RUN(logbook_pass, in, out);
}

#include "doc.h"

#include <string.h>

#include "conv.h"

bool doc_given(const char *s)
{
	return s != NULL && s[0] != '\0';
}

static const char *const months_fr[12] = {
    "janvier", "février", "mars",      "avril",	  "mai",      "juin",
    "juillet", "août",	  "septembre", "octobre", "novembre", "décembre",
};

const char *doc_month_fr(int month)
{
	return month >= 1 && month <= 12 ? months_fr[month - 1] : NULL;
}

static const char *const units_fr[PDFGEN_UNIT_KIND_COUNT] = {
    [PDFGEN_HOUSE] = "la maison située",
    [PDFGEN_APARTMENT] = "l'appartement situé",
    [PDFGEN_STUDIO] = "le studio situé",
    [PDFGEN_ROOM] = "la chambre située",
};

const char *doc_unit_fr(enum pdfgen_unit_kind kind)
{
	return (unsigned)kind < PDFGEN_UNIT_KIND_COUNT ? units_fr[kind] : NULL;
}

static const char *const periods_fr[CONV_MAX_PERIODS] = {
    "première",	 "deuxième", "troisième", "quatrième",
    "cinquième", "sixième",  "septième",  "huitième",
};

const char *doc_period_fr(int period)
{
	return period >= 0 && period < CONV_MAX_PERIODS ? periods_fr[period] : NULL;
}

const char *doc_names(struct lay *L, const struct pdfgen_person *p, size_t n)
{
	const char *s = n > 0 ? p[0].name : "";

	for (size_t i = 1; i < n; i++)
		s = lay_fmt(L, "%s%s%s", s, i + 1 == n ? " et " : ", ", p[i].name);
	return s;
}

const char *doc_person(struct lay *L, const struct pdfgen_person *p)
{
	const char *s = p->name;

	if (p->birth != PDFGEN_NO_DATE)
		s = lay_fmt(L, "%s, %s le %s", s,
			    p->sex == PDFGEN_SEX_FEMALE ? "née"
			    : p->sex == PDFGEN_SEX_MALE ? "né"
							: "né(e)",
			    lay_date(L, p->birth));
	if (doc_given(p->nrn))
		s = lay_fmt(L, "%s, numéro de registre national %s", s, p->nrn);
	return s;
}

const char *doc_address(struct lay *L, const struct pdfgen_address *a)
{
	return lay_fmt(L, "%s, %s", a->street, a->locality);
}

const char *doc_unit_line(struct lay *L, const struct pdfgen_unit *u)
{
	return lay_fmt(L, "%s, %s", u->name, doc_address(L, &u->address));
}

bool doc_check_address(struct lay *L, const struct pdfgen_address *a, const char *field)
{
	return lay_need_str(L, a->street, lay_fmt(L, "%s.street", field)) &&
	       lay_need_str(L, a->locality, lay_fmt(L, "%s.locality", field));
}

bool doc_check_operator(struct lay *L, const struct pdfgen_operator *op, bool iban)
{
	if (!lay_need_str(L, op->name, "op.name") ||
	    !doc_check_address(L, &op->address, "op.address") ||
	    !lay_need_str(L, op->place, "op.place") ||
	    !lay_need_str(L, op->signatory_name, "op.signatory_name") ||
	    !lay_need_str(L, op->signatory_role, "op.signatory_role") ||
	    (iban && !lay_need_str(L, op->iban, "op.iban")))
		return false;
	/* Every document checks its operator once, here: it is the author. */
	lay_set_author(L, op->name);
	return true;
}

bool doc_check_unit(struct lay *L, const struct pdfgen_unit *u, bool full)
{
	if (!lay_need_str(L, u->name, "unit.name") ||
	    !doc_check_address(L, &u->address, "unit.address"))
		return false;
	if (doc_unit_fr(u->kind) == NULL) {
		lay_fail(L, PDFGEN_EINPUT, "unit.kind is out of range");
		return false;
	}
	/* Every document about a unit checks it here: the unit is its subject. */
	lay_set_subject(L, lay_fmt(L, "Logement de transit %s", doc_unit_line(L, u)));
	if (!full)
		return true;
	/* core/crowd's maxima: adults and children are each a maximum, not a split. */
	if (u->surface_dm2 <= 0 || u->max_occupants < 1 || u->max_adults < 1 ||
	    u->max_adults > u->max_occupants || u->max_children < 0 ||
	    u->max_children >= u->max_occupants) {
		lay_fail(L, PDFGEN_EINPUT,
			 "unit: surface and maximum occupants (adults, children) are required");
		return false;
	}
	return true;
}

bool doc_check_persons(struct lay *L, const struct pdfgen_person *p, size_t n, size_t min,
		       const char *field)
{
	if (n < min || (n > 0 && p == NULL)) {
		lay_fail(L, PDFGEN_EINPUT, "%s: at least %zu required", field, min);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		if (!lay_need_str(L, p[i].name, lay_fmt(L, "%s[%zu].name", field, i)))
			return false;
		if (p[i].birth != PDFGEN_NO_DATE &&
		    !lay_need_date(L, p[i].birth, lay_fmt(L, "%s[%zu].birth", field, i)))
			return false;
	}
	return true;
}

void doc_letterhead(struct lay *L, const struct pdfgen_operator *op)
{
	lay_text(L, LAY_STRONG, op->name);
	lay_text(L, LAY_PLAIN, op->address.street);
	lay_text(L, LAY_PLAIN, op->address.locality);
	if (doc_given(op->contact))
		lay_text(L, LAY_PLAIN, op->contact);
	lay_rule(L);
}

void doc_letter_begin(struct lay *L, const struct pdfgen_operator *op,
		      const struct pdfgen_person *to, size_t n_to,
		      const struct pdfgen_address *address, bdate_t dated, bool registered,
		      const char *reference, const char *subject)
{
	/* Where a window envelope shows the address. */
	const float window = 255.0f;

	doc_letterhead(L, op);
	lay_space(L, 22.0f);
	lay_set_indent(L, window);
	for (size_t i = 0; i < n_to; i++)
		lay_text(L, LAY_STRONG, to[i].name);
	lay_text(L, LAY_PLAIN, address->street);
	lay_text(L, LAY_PLAIN, address->locality);
	lay_set_indent(L, 0.0f);
	lay_space(L, 22.0f);
	lay_textf(L, LAY_DATELINE, "%s, le %s", op->place, lay_date(L, dated));
	if (registered)
		lay_text(L, LAY_STRONG, "Lettre recommandée");
	lay_textf(L, LAY_STRONG, "Concerne : %s", subject);
	if (doc_given(reference))
		lay_textf(L, LAY_PLAIN, "Notre référence : %s", reference);
	lay_space(L, 14.0f);
	lay_textf(L, LAY_BODY, "%s,", doc_salutation(to, n_to));
}

void doc_letter_end(struct lay *L, const struct pdfgen_operator *op, const struct pdfgen_person *to,
		    size_t n_to)
{
	const struct lay_sig sig = {"Pour le gestionnaire", op->signatory_name,
				    lay_fmt(L, "%s, %s", op->signatory_role, op->name)};

	lay_textf(L, LAY_BODY,
		  "Nous vous prions d'agréer, %s, l'expression de nos salutations distinguées.",
		  doc_salutation(to, n_to));
	lay_space(L, 10.0f);
	lay_signatures(L, NULL, &sig, 1);
}

const char *doc_de(struct lay *L, const char *word)
{
	/* The vowels of French and of the names it meets, in UTF-8 lower and
	 * upper case: a, e, i, o, u, y and their accented forms. */
	static const char *const vowels[] = {"a", "e", "i", "o", "u", "y", "A", "E", "I", "O", "U",
					     "Y", "à", "â", "ä", "é", "è", "ê", "ë", "î", "ï", "ô",
					     "ö", "ù", "û", "ü", "À", "Â", "Ä", "É", "È", "Ê", "Ë",
					     "Î", "Ï", "Ô", "Ö", "Ù", "Û", "Ü", "Œ", "œ", "Æ", "æ"};

	if (word == NULL)
		return "de ";
	for (size_t i = 0; i < sizeof(vowels) / sizeof(vowels[0]); i++)
		if (strncmp(word, vowels[i], strlen(vowels[i])) == 0)
			return lay_fmt(L, "d'%s", word);
	return lay_fmt(L, "de %s", word);
}

const char *doc_salutation(const struct pdfgen_person *to, size_t n_to)
{
	size_t women = 0, men = 0;

	for (size_t i = 0; i < n_to; i++) {
		if (to[i].sex == PDFGEN_SEX_FEMALE)
			women++;
		else if (to[i].sex == PDFGEN_SEX_MALE)
			men++;
		else
			return "Madame, Monsieur";
	}
	if (women > 0 && men > 0)
		return "Madame, Monsieur";
	if (women > 0)
		return women > 1 ? "Mesdames" : "Madame";
	if (men > 0)
		return men > 1 ? "Messieurs" : "Monsieur";
	return "Madame, Monsieur";
}

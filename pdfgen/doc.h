/*
 * doc: what pdfgen's documents share: French labels, the letterhead, the
 * frame of a letter, and the checks of the parts of their input. Internal
 * to pdfgen. Returned strings are static or live until lay_finish.
 */
#ifndef TRANSITD_PDFGEN_DOC_H
#define TRANSITD_PDFGEN_DOC_H

#include "layout.h"

/* Width of the labels of lay_field in receipts and records. */
#define DOC_LABEL_W 135.0f

/* A string that is not NULL nor empty (optional fields). */
bool doc_given(const char *s);

const char *doc_month_fr(int month); /* "janvier"; NULL out of 1..12 */
/* "la maison située", "l'appartement situé", ...; NULL out of range. */
const char *doc_unit_fr(enum pdfgen_unit_kind kind);
/* "première", "deuxième", ... for a 0-based period index; NULL out of range. */
const char *doc_period_fr(int period);

/* "Marie Dupont", "Marie Dupont et Ahmed Benali", "A, B et C". */
const char *doc_names(struct lay *L, const struct pdfgen_person *p, size_t n);
/* "Marie Dupont, née le 12/04/1988, numéro de registre national ..."
 * ("né(e)" only when the sex is not known). */
const char *doc_person(struct lay *L, const struct pdfgen_person *p);
/* "Rue des Tanneurs 12, boîte 3, 5000 Namur". */
const char *doc_address(struct lay *L, const struct pdfgen_address *a);
/* "Tanneurs 3, Rue des Tanneurs 12, 5000 Namur". */
const char *doc_unit_line(struct lay *L, const struct pdfgen_unit *u);

/*
 * Input checks: record PDFGEN_EINPUT and return false on the first fault.
 * A valid operator becomes the document's author (metadata), a valid unit
 * its subject ("Logement de transit Tanneurs 3, Rue ...").
 */
bool doc_check_operator(struct lay *L, const struct pdfgen_operator *op, bool iban);
bool doc_check_address(struct lay *L, const struct pdfgen_address *a, const char *field);
/* Name, address and kind; full: surface and maximum occupants too (the convention). */
bool doc_check_unit(struct lay *L, const struct pdfgen_unit *u, bool full);
bool doc_check_persons(struct lay *L, const struct pdfgen_person *p, size_t n, size_t min,
		       const char *field);

/* The operator's name, address and contact, and a rule under them. */
void doc_letterhead(struct lay *L, const struct pdfgen_operator *op);

/*
 * "de " or "d'" before word, as French elides before a vowel: "de Marc",
 * "d'Amina", "d'avril". An h is left alone (h aspiré or not cannot be told
 * from the spelling of a name).
 */
const char *doc_de(struct lay *L, const char *word);

/* "Madame", "Monsieur", "Madame, Monsieur", "Mesdames", "Messieurs" for the
 * addressees; "Madame, Monsieur" as soon as one's sex is not known. */
const char *doc_salutation(const struct pdfgen_person *to, size_t n_to);

/*
 * Letterhead, addressees and their address on the right, place and date,
 * "Lettre recommandée" when registered, the subject and the salutation
 * (doc_salutation of the addressees).
 */
void doc_letter_begin(struct lay *L, const struct pdfgen_operator *op,
		      const struct pdfgen_person *to, size_t n_to,
		      const struct pdfgen_address *address, bdate_t dated, bool registered,
		      const char *reference, const char *subject);
/* The closing formula with the same salutation, and the operator's signature. */
void doc_letter_end(struct lay *L, const struct pdfgen_operator *op, const struct pdfgen_person *to,
		    size_t n_to);

#endif

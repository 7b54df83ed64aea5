/*
 * pdfgen: the documents of transitd as PDF (libharu): the receipt, the
 * convention d'occupation précaire, the carnet de bord and the letters of
 * the notice and end-of-occupation procedure (rules.md sections 2 to 5, 7).
 *
 * Input: plain structs. Strings are NUL-terminated UTF-8 that the caller
 * owns and that are only read during the call; dates are bdate_t (optional
 * ones are PDFGEN_NO_DATE); amounts are int64_t cents. Output: the PDF in a
 * malloc'd buffer that the caller frees with free(). No SQL, no JSON, no
 * HTTP: the API fills the structs. Every derived figure (period ends, notice
 * run, reduced indemnity, amounts in words, date and amount formats) comes
 * from core/, never from here.
 *
 * Thread safety: each call builds its own libharu document and keeps no
 * state between calls, so calls may run concurrently on worker threads.
 * libharu reports errors through a handler that records them in the call's
 * context (it never longjmps out of a worker); they come back in
 * struct pdfgen_result.
 *
 * Text: a document whose every character is in Windows-1252 (every French
 * letter, œ and Œ, the euro sign, « », the typographic quotes and dashes)
 * uses the base-14 Helvetica fonts with WinAnsiEncoding: nothing embedded,
 * the smallest and fastest document. A document with any other character
 * (Łukasz Wiśniewski, Şahin, Dvořák, Nguyễn Thị Minh Khai...) is rendered
 * again, whole, with Liberation Sans (Debian fonts-liberation2, metric-
 * compatible with Helvetica, so the layout barely moves) embedded through
 * libharu's UTF-8 encoding, and prints every letter of Latin-1, Latin
 * Extended-A and -B and Vietnamese exactly. A character that font lacks
 * (or a control character, or broken UTF-8) is printed as '?' and counted
 * in pdfgen_result.replaced, so that a caller can log a name that lost a
 * letter; so is every outside-CP1252 character when the font files cannot
 * be read (the base-14 fonts are then used, as a last resort).
 *
 * Metadata: every document has a title (its footer's text: "Reçu n° ...",
 * "Convention d'occupation précaire n° ..."), an author (the operator), a
 * subject (the kind of document and the unit or logbook) and a creation
 * date (the time of rendering, UTC).
 *
 * This is the only layer that includes <hpdf.h>.
 */
#ifndef TRANSITD_PDFGEN_H
#define TRANSITD_PDFGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bdate.h"
#include "conv.h"
#include "indem.h"
#include "params.h"

#if defined(__GNUC__)
#define PDFGEN_WUR __attribute__((warn_unused_result))
#else
#define PDFGEN_WUR
#endif

/* An optional date that is not given (printed as a blank to fill in or left out). */
#define PDFGEN_NO_DATE INT32_MIN

/* A document longer than this is refused (PDFGEN_ELIMIT), whatever its input. */
#define PDFGEN_MAX_PAGES 500

/* ---- text encoding ---------------------------------------------------- */

/*
 * Converts in_len bytes of UTF-8 to Windows-1252 (one byte per character)
 * into out (out_size bytes, NUL-terminated); *out_len receives the length
 * without the NUL. U+00A0 and U+202F (no-break spaces) become 0xA0; CRLF
 * and a lone CR become '\n'. Each character that CP1252 lacks, each
 * control character other than tab and newline, and each invalid UTF-8
 * sequence (stray or missing continuation bytes, overlong forms,
 * surrogates, code points above U+10FFFF) becomes one '?' and adds one to
 * *replaced. The output is never longer than the input, so out_size =
 * in_len + 1 always fits. False, with an empty out when out_size > 0 and
 * *replaced untouched, when it does not fit.
 */
PDFGEN_WUR bool pdfgen_utf8_to_cp1252(const char *in, size_t in_len, char *out, size_t out_size,
				      size_t *out_len, size_t *replaced);

/*
 * The same for the embedded font: copies each character of in_len bytes of
 * UTF-8 for which has_glyph(ctx, c) is true (only asked for U+0020..U+FFFF,
 * not U+007F..U+009F); CRLF and a lone CR become '\n', tab and newline are
 * kept; any other character, control character or invalid sequence becomes
 * one '?' and adds one to *replaced. Never longer than the input; false,
 * as above, when out_size is too small.
 */
PDFGEN_WUR bool pdfgen_utf8_clean(const char *in, size_t in_len, char *out, size_t out_size,
				  size_t *out_len, size_t *replaced,
				  bool (*has_glyph)(void *ctx, uint32_t c), void *ctx);

/*
 * The first file of the embedded font that cannot be read (a broken
 * install: those documents then lose their letters), or NULL.
 */
const char *pdfgen_missing_font(void);

/* ---- results ---------------------------------------------------------- */

enum pdfgen_err {
	PDFGEN_OK = 0,
	PDFGEN_EINPUT, /* a required field is missing or a value is out of range */
	PDFGEN_ELIMIT, /* the document would exceed PDFGEN_MAX_PAGES */
	PDFGEN_ENOMEM, /* an allocation failed */
	PDFGEN_EHPDF,  /* libharu reported an error */
};

#define PDFGEN_MESSAGE_LEN 200

/*
 * What every document function writes, on every path. The functions
 * return 0 with the PDF, or -1 with err and message (and pdf NULL).
 */
struct pdfgen_result {
	unsigned char *pdf; /* the document, malloc'd: the caller frees it; NULL on failure */
	size_t size;
	int pages;
	size_t replaced;		  /* characters printed as '?': 0 when nothing was lost */
	bool embedded_font;		  /* Liberation Sans embedded: a character outside CP1252 */
	enum pdfgen_err err;		  /* PDFGEN_OK on success */
	char message[PDFGEN_MESSAGE_LEN]; /* English, for the log, on failure */
};

/*
 * An empty A4 page through the same machinery as the documents (document,
 * fonts, compression, save): the benchmark's baseline, and a cheap check
 * that libharu works.
 */
PDFGEN_WUR int pdfgen_blank(struct pdfgen_result *out);

/* ---- shared parts ----------------------------------------------------- */

struct pdfgen_address {
	const char *street;   /* "Rue des Tanneurs 12, boîte 3" */
	const char *locality; /* "5000 Namur" */
};

struct pdfgen_operator {
	const char *name; /* "CPAS de Namur" */
	struct pdfgen_address address;
	const char *contact;	    /* optional line under the address (phone, e-mail) */
	const char *place;	    /* where its documents are made: "Namur" */
	const char *signatory_name; /* who signs for the operator */
	const char *signatory_role; /* "Directrice générale" */
	const char *iban;	    /* paper form "BE68 5390 0754 7034"; the convention needs it */
};

/* Known, the wording agrees with it ("née le", "Madame,"); else both forms. */
enum pdfgen_sex {
	PDFGEN_SEX_UNKNOWN = 0,
	PDFGEN_SEX_FEMALE,
	PDFGEN_SEX_MALE,
};

struct pdfgen_person {
	const char *name; /* "Marie Dupont" */
	bdate_t birth;	  /* PDFGEN_NO_DATE when not printed */
	const char *nrn;  /* national register number as the reader may see it, optional */
	enum pdfgen_sex sex;
};

/* Same order as the SQL enum unit_kind. */
enum pdfgen_unit_kind {
	PDFGEN_HOUSE,
	PDFGEN_APARTMENT,
	PDFGEN_STUDIO,
	PDFGEN_ROOM, /* a room of a collective building */
	PDFGEN_UNIT_KIND_COUNT
};

struct pdfgen_unit {
	const char *name; /* the operator's reference: "Tanneurs 3" */
	enum pdfgen_unit_kind kind;
	struct pdfgen_address address;
	const char *building; /* the building's name, NULL for a unit outside a building */
	int surface_dm2;      /* habitable surface */
	/* From core/crowd: in total, adults, children; each a maximum, not a split. */
	int max_occupants;
	int max_adults;
	int max_children;
	bool furnished;
};

/* ---- 1. receipt (reçu) ------------------------------------------------ */

enum pdfgen_payment_method {
	PDFGEN_PAY_TRANSFER,
	PDFGEN_PAY_CASH,
	PDFGEN_PAY_CARD,
	PDFGEN_PAY_BUDGET, /* budget management: retained at source */
	PDFGEN_PAY_DIRECT_DEBIT,
	PDFGEN_PAY_METHOD_COUNT
};

struct pdfgen_receipt_month {
	int year, month; /* the month of indemnity paid */
	int64_t amount;	 /* the part of the payment for that month */
};

/* More months than this would not fit on the receipt's one page. */
#define PDFGEN_RECEIPT_MAX_MONTHS 12

struct pdfgen_receipt {
	struct pdfgen_operator op;
	/* The receipt number as printed, "R-2026-000123": formatted once, by
	 * SQL's receipt_number() (sql/017); pdfgen prints it as given. */
	const char *number;
	/* Who paid, as recorded with the payment ("reçu de"); when NULL, the
	 * occupants' names. */
	const char *payer;
	const struct pdfgen_person *occupants; /* the household the money is for */
	size_t n_occupants;
	/* Name and address are printed. A payment of a household that has no
	 * convention yet is acknowledged all the same (issue 13 item 8): unit.name
	 * NULL prints the receipt without a unit. */
	struct pdfgen_unit unit;
	const char *convention_ref;		   /* optional */
	const struct pdfgen_receipt_month *months; /* 0..PDFGEN_RECEIPT_MAX_MONTHS */
	size_t n_months;
	/* The part paid for no month yet (an overpayment, or a payment before the
	 * invoice): an advance on the next indemnities, >= 0. A receipt has a
	 * month or an advance. */
	int64_t credit;
	int64_t amount; /* received: must equal the sum of the months plus the credit */
	enum pdfgen_payment_method method;
	bdate_t paid_on;
	bdate_t issued_on;
	/* Who signs for the operator: a person's name (the operator's
	 * signatory), never a login. */
	const char *received_by;
};

/* One page. */
PDFGEN_WUR int pdfgen_receipt(const struct pdfgen_receipt *in, struct pdfgen_result *out);

/* ---- 2. convention d'occupation précaire ------------------------------ */

enum pdfgen_ground {
	PDFGEN_GROUND_SINGLE,	      /* P-a: precarity, single person */
	PDFGEN_GROUND_SEVERAL,	      /* P-b: precarity, several persons */
	PDFGEN_GROUND_DEBT_MEDIATION, /* P-c: the cap applies to resources R */
	PDFGEN_GROUND_FORCE_MAJEURE,
	PDFGEN_GROUND_COUNT
};

/* One row of the social accompaniment plan. */
struct pdfgen_plan_row {
	const char *persons;
	const char *objectives;
	const char *initiatives;
	const char *indicators;
};

struct pdfgen_convention {
	struct pdfgen_operator op;		 /* with its IBAN */
	const char *reference;			 /* "CONV-2026-0042" */
	const struct pdfgen_person *signatories; /* every member who is not a dependent child */
	size_t n_signatories;
	const struct pdfgen_person *children; /* dependent children, may be none */
	size_t n_children;
	struct pdfgen_unit unit;
	enum pdfgen_ground ground;
	bdate_t admission_checked_on;
	bdate_t start;
	bdate_t signed_on; /* PDFGEN_NO_DATE for a draft to sign: a blank is printed */
	/*
	 * The parameters in force at the start: periods, notice, cap, payment
	 * day (core/conv and core/indem compute from them).
	 */
	const struct params *params;
	/*
	 * What was decided (issue 13 item 7): the calendar and the reduced
	 * indemnity stored when the convention was made, printed as they are.
	 * The API always gives them; NULL computes them from params (the unit
	 * tests and the benchmark, which have no stored convention).
	 */
	const struct conv_calendar *calendar;
	const struct indem_reduced *reduced;
	int64_t base;		/* B */
	bool subsidised;	/* the 20 % cap applies */
	int64_t revenues;	/* M: monthly net revenues of the household */
	int64_t resources;	/* R: monthly resources after mediation charges (P-c) */
	int64_t provision;	/* monthly provision for water, energy..., 0 when none */
	bool budget_management; /* the indemnity is retained at source */
	uint64_t ogm_base;	/* structured communication (10 digits) */
	const char *insurance;	/* optional: "police n° 45.118.220 auprès d'Ethias" */
	const char *worker;	/* the social worker in charge of the accompaniment */
	const struct pdfgen_plan_row *plan;
	size_t n_plan;
	int64_t guarantee_target; /* rental guarantee to build up, 0 when not set */
};

PDFGEN_WUR int pdfgen_convention(const struct pdfgen_convention *in, struct pdfgen_result *out);

/* ---- 3. carnet de bord ------------------------------------------------ */

struct pdfgen_logbook_entry {
	bdate_t date;
	const char *problem; /* problem found */
	const char *location;
	const char *measure;  /* measure taken, optional */
	const char *informed; /* to whom the information was passed, optional */
	bdate_t informed_on;  /* optional */
	const char *action;   /* action taken by the operator, optional */
	const char *action_by;
	bdate_t action_on;  /* optional */
	const char *author; /* the worker who wrote the entry */
};

#define PDFGEN_LOGBOOK_MAX_ENTRIES 20000

struct pdfgen_logbook {
	struct pdfgen_operator op;
	bool building;	     /* the logbook of a building (common parts), else of a unit */
	const char *subject; /* the unit's or the building's name */
	struct pdfgen_address address;
	const struct pdfgen_logbook_entry *entries; /* in date order */
	size_t n_entries;
	bdate_t printed_on;
};

/* A4 landscape; the header row is repeated on every page. */
PDFGEN_WUR int pdfgen_logbook(const struct pdfgen_logbook *in, struct pdfgen_result *out);

/* ---- 4. letters ------------------------------------------------------- */

/*
 * Notice (préavis), one letter per adult signatory: the deemed notification
 * and the notice run come from core/conv for posted_on; the notice must end
 * period `period` (0-based) of the calendar of `start`, else the call fails
 * with PDFGEN_EINPUT (core/conv says which period it could still reach).
 */
struct pdfgen_notice {
	struct pdfgen_operator op;
	const char *reference; /* the convention's */
	struct pdfgen_unit unit;
	struct pdfgen_person addressee;
	struct pdfgen_address addressee_address;
	const struct pdfgen_person *others; /* the other signatories, each sent their own letter */
	size_t n_others;
	bdate_t start;
	const struct params *params; /* in force at the start */
	/* The stored calendar and the stored notice run (its deemed
	 * notification to this addressee, run, end): printed as they are.
	 * NULL computes them from params and posted_on. */
	const struct conv_calendar *calendar;
	const struct conv_reach *reach;
	int period;
	bdate_t posted_on;
	int64_t base;		   /* due after the end */
	bdate_t exit_inventory_on; /* proposed exit inventory, optional */
	const char *worker;	   /* a person's name, optional: "Le travailleur social" */
};

PDFGEN_WUR int pdfgen_notice(const struct pdfgen_notice *in, struct pdfgen_result *out);

/* One line of the motivation of a non-renewal: then and now. */
struct pdfgen_situation_row {
	const char *topic;
	const char *at_admission;
	const char *now;
};

struct pdfgen_nonrenewal {
	struct pdfgen_operator op;
	const char *reference;
	struct pdfgen_unit unit; /* the addressees live there */
	const struct pdfgen_person *addressees;
	size_t n_addressees;
	bdate_t start;
	const struct params *params;
	const struct conv_calendar *calendar; /* stored; NULL: computed from params */
	int period; /* the period that will not be renewed (0-based) */
	bdate_t admitted_on;
	bdate_t dated;
	const struct pdfgen_situation_row *rows;
	size_t n_rows;
	const char *motivation;
	bdate_t hearing_on; /* invitation to be heard, optional */
	const char *hearing_time;
	const char *hearing_place;
	const char *worker;
};

PDFGEN_WUR int pdfgen_nonrenewal(const struct pdfgen_nonrenewal *in, struct pdfgen_result *out);

struct pdfgen_attendee {
	const char *name;
	const char *role; /* "occupante", "travailleur social", ... */
};

/* Record of hearing (procès-verbal d'audition), signed by everyone present. */
struct pdfgen_hearing {
	struct pdfgen_operator op;
	const char *reference;
	struct pdfgen_unit unit;
	bdate_t held_on;
	const char *time;  /* "14 h 30" */
	const char *place; /* where it was held */
	const struct pdfgen_attendee *attendees;
	size_t n_attendees;
	const char *subject;
	const char *occupant_statement;
	const char *operator_statement;
	const char *conclusion;
};

PDFGEN_WUR int pdfgen_hearing(const struct pdfgen_hearing *in, struct pdfgen_result *out);

/* Formal notice to an occupant sans titre ni droit (after the end). */
struct pdfgen_overstay {
	struct pdfgen_operator op;
	const char *reference;
	struct pdfgen_unit unit;
	const struct pdfgen_person *addressees;
	size_t n_addressees;
	bdate_t ended_on; /* the convention's final end */
	bdate_t leave_by;
	int64_t base;	      /* the indemnity due from the day after the end */
	int64_t arrears;      /* outstanding at the date of the letter, 0 when none */
	const char *canton;   /* of the juge de paix: "Namur" */
	const char *mediator; /* a worker other than the one who accompanied, optional */
	bdate_t dated;
};

PDFGEN_WUR int pdfgen_overstay(const struct pdfgen_overstay *in, struct pdfgen_result *out);

/* Attestation of occupancy of a transit unit (public-housing priority points). */
struct pdfgen_attestation {
	struct pdfgen_operator op;
	const char *reference;
	struct pdfgen_unit unit;
	const struct pdfgen_person *members; /* the whole household */
	size_t n_members;
	bdate_t since;
	bdate_t until; /* PDFGEN_NO_DATE while the household is still there */
	/* The household stays after the convention's end, ended_on (overstay):
	 * from the next day it occupies sans titre ni droit, and the
	 * attestation says so. */
	bool overstay;
	bdate_t ended_on;
	bdate_t dated;
};

PDFGEN_WUR int pdfgen_attestation(const struct pdfgen_attestation *in, struct pdfgen_result *out);

#endif

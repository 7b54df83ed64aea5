/*
 * Input decoding (api/in_<resource>.c): each resource's JSON body read and
 * validated into a plain struct, without the database, the clock or a
 * request, so that handlers, the fuzz harnesses (tests/fuzz/) and the unit
 * tests (tests/unit/test_input.c) call the same code.
 *
 * Every reader has the form
 *
 *	void in_<resource>_read(json_t *body, struct in_<resource> *out, json_t **errors);
 *
 * It refuses unknown members, adds one {field, code, message} to *errors
 * per problem (api_field_error) and leaves the problem response to the
 * handler (a 422 with the resource's title). Strings in *out point into
 * body: body must outlive *out. Checks that need the database (does the
 * unit exist, is the household the caller's) stay in the handler.
 *
 * Field limits come from api/field_limits.h, never a literal here.
 */
#ifndef TRANSITD_API_INPUT_H
#define TRANSITD_API_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "bdate.h"
#include "field_limits.h"
#include "ident.h"

/* ---- units and buildings (in_units.c) ---- */

/* ---- households, members, incomes and their records (in_households.c) ---- */

/* ---- admission checks (in_admission.c) ---- */

/* ---- conventions (in_conventions.c) ---- */

/* ---- accompaniment (in_accompaniment.c) ---- */

/* ---- logbooks (in_logbook.c) ---- */

/* ---- letters (in_letters.c) ---- */

/* The letters' texts are written by their author and not stored: the
 * request carries them (h_letters.c renders and audits them). */
struct in_letter_row {
	const char *topic, *at_admission, *now;
};

/* POST .../letters/non-renewal.pdf: 1..LIM_LETTER_ROWS_MAX rows; dated is
 * today when not given; with has_hearing, an invitation to be heard not
 * before the letter's date. */
struct in_letter_nonrenewal {
	bdate_t dated;
	const char *motivation, *worker;
	struct in_letter_row rows[LIM_LETTER_ROWS_MAX];
	size_t n_rows;
	bool has_hearing; /* then hearing_on is a date when no error was added */
	bdate_t hearing_on;
	const char *hearing_time, *hearing_place;
};
void in_letter_nonrenewal_read(json_t *body, bdate_t today, struct in_letter_nonrenewal *out,
			       json_t **errors);

struct in_letter_attendee {
	const char *name, *role;
};

/* POST .../letters/hearing.pdf: a hearing held on a day not after today. */
struct in_letter_hearing {
	bdate_t held_on;
	const char *time, *place, *subject, *occupant, *op_statement, *conclusion;
	struct in_letter_attendee attendees[LIM_LETTER_ROWS_MAX];
	size_t n_attendees;
};
void in_letter_hearing_read(json_t *body, bdate_t today, struct in_letter_hearing *out,
			    json_t **errors);

/* POST .../letters/overstay.pdf: dated is today when not given, leave_by not
 * before it; arrears 0 when not given. */
struct in_letter_overstay {
	bdate_t leave_by, dated;
	const char *canton, *mediator;
	int64_t arrears;
};
void in_letter_overstay_read(json_t *body, bdate_t today, struct in_letter_overstay *out,
			     json_t **errors);

/* The members each letter's objects know, NULL-terminated (the fuzz
 * harness counts unknown ones): the body of each letter, a situation row,
 * the invitation to a hearing, an attendee. */
extern const char *const in_letter_nonrenewal_fields[];
extern const char *const in_letter_row_fields[];
extern const char *const in_letter_invitation_fields[];
extern const char *const in_letter_hearing_fields[];
extern const char *const in_letter_attendee_fields[];
extern const char *const in_letter_overstay_fields[];

/* ---- billing and payments (in_billing.c, in_payments.c) ---- */

/* ---- alerts and calendar tokens (in_alerts.c) ---- */

/* ---- parameters (in_parameters.c) ---- */

/* ---- the operator's profile (in_operator.c) ---- */

/* PUT /api/v1/operator: a name; the address whole or not at all; the
 * signatory with a name and a role or neither; a Belgian IBAN (has_iban)
 * and a structured communication base (has_ogm_base), each optional. A
 * member left out or null clears the detail. */
struct in_operator {
	const char *name, *street, *house_number, *box, *postal_code, *commune, *place, *contact,
	    *signatory_name, *signatory_role;
	struct ident_iban iban;
	bool has_iban, has_ogm_base;
	int64_t ogm_base;
};
void in_operator_read(json_t *body, struct in_operator *out, json_t **errors);
/* Its members, NULL-terminated (the fuzz harness counts unknown ones). */
extern const char *const in_operator_fields[];

#endif

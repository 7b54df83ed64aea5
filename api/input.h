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

/* ---- billing and payments (in_billing.c, in_payments.c) ---- */

/* "YYYY-MM" -> the first day of that month (also the invoices' ?month=). */
bool in_month_parse(const char *s, bdate_t *first);

/* POST /billing/runs {month}. Whether the month may be billed yet (a
 * problem of its own, not a field error) is the handler's. */
struct in_billing_run {
	bdate_t first; /* the month's first day */
};
void in_billing_run_read(json_t *body, struct in_billing_run *out, json_t **errors);

/* The SQL enum payment_method, in order, NULL-terminated. */
extern const char *const in_payment_methods[];

/* POST /payments: paid on or before today; the household given, or named
 * by the structured communication (the handler's SQL finds which). */
struct in_payment {
	bool has_household;
	int64_t household;
	bdate_t paid_on;
	int64_t amount;
	int method; /* index in in_payment_methods */
	const char *payer;
	bool has_communication;
	char communication[IDENT_OGM_LEN]; /* normalised "+++DDD/DDDD/DDDDD+++" */
	uint64_t communication_base;
};
void in_payment_read(json_t *body, bdate_t today, struct in_payment *out, json_t **errors);

/* POST /payments/{id}/reversal {reason, reversed_on?}: reversed_on defaults
 * to today and is not after it (not before the payment: the handler's). */
struct in_reversal {
	const char *reason;
	bdate_t on;
};
void in_reversal_read(json_t *body, bdate_t today, struct in_reversal *out, json_t **errors);

/* ---- alerts and calendar tokens (in_alerts.c) ---- */

/* ---- parameters (in_parameters.c) ---- */

/* ---- the operator's profile (in_operator.c) ---- */

#endif

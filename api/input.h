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

/* ---- units and buildings (in_units.c) ---- */

/* ---- households, members, incomes and their records (in_households.c) ---- */

/* ---- admission checks (in_admission.c) ---- */

/* ---- conventions (in_conventions.c) ---- */

/* ---- accompaniment (in_accompaniment.c) ---- */

/* ---- logbooks (in_logbook.c) ---- */

/* ---- letters (in_letters.c) ---- */

/* ---- billing and payments (in_billing.c, in_payments.c) ---- */

/* ---- alerts and calendar tokens (in_alerts.c) ---- */

/* POST /alerts/{id}/acknowledge and /resolve: {comment}, 1 to
 * LIM_ALERT_COMMENT_MAX bytes, several lines allowed. */
struct in_alert_action {
	const char *comment; /* NULL when refused */
};
void in_alert_action_read(json_t *body, struct in_alert_action *out, json_t **errors);
/* POST /calendar-tokens: no member is defined; an empty object is valid. */
void in_calendar_token_read(json_t *body, json_t **errors);

/* ---- parameters (in_parameters.c) ---- */

/* A parameter key: lower-case letters, digits and '_', a letter first, 1 to
 * LIM_PARAMETER_KEY_MAX bytes (also the GET query's ?key=). */
bool in_parameter_key_valid(const char *key);
/*
 * POST /parameters and `transitd parameter add` (the command's arguments
 * go through this reader as the same JSON object): {key, valid_from,
 * value, unit, source?, confirmed, correction?}. value is a non-negative
 * decimal text, whole unless unit starts with "EUR"; confirmed one of
 * "yes", "no", "product decision". Pointers may be set even when another
 * field was refused; use *out only when no error was added.
 */
struct in_parameter {
	const char *key, *valid_from, *unit, *source, *confirmed;
	bdate_t from;	/* valid_from parsed */
	char value[32]; /* the value normalised ("17000.00") */
	int64_t cents;	/* the value in hundredths */
	bool correction;
};
void in_parameter_read(json_t *body, struct in_parameter *out, json_t **errors);

/* ---- the operator's profile (in_operator.c) ---- */

#endif

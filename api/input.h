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

/* ---- parameters (in_parameters.c) ---- */

/* ---- the operator's profile (in_operator.c) ---- */

#endif

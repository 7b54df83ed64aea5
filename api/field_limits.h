/*
 * Field limits: the one place in C where the length of a text or the range
 * of a number that the API accepts is written. The database (a CHECK in
 * sql/) and the API description (maxLength, minimum, maximum in
 * api/openapi.yaml) say the same; the table api_limits[] (api/field_limits.c)
 * names, for each limit, the column and the schema properties that carry
 * it, and scripts/check-limits.py (ctest `field_limits`) fails when one of
 * them disagrees.
 *
 * Lengths are what api_json_string/api_json_text compare (bytes of UTF-8).
 */
#ifndef TRANSITD_API_FIELD_LIMITS_H
#define TRANSITD_API_FIELD_LIMITS_H

#include <stdint.h>

/* ---- shared ---- */

/* The largest amount of money the API takes in one field: 1 000 000,00 €. */
#define LIM_AMOUNT_CENTS_MAX 100000000

/* ---- units and buildings ---- */

/* ---- households ---- */

/* ---- admission ---- */

/* ---- conventions, accompaniment, logbooks, letters ---- */

/* ---- billing and payments ---- */

#define LIM_BILLING_RUN_MONTH 7 /* "YYYY-MM", exactly */
#define LIM_PAYMENT_AMOUNT_CENTS LIM_AMOUNT_CENTS_MAX /* from 1 */
#define LIM_PAYMENT_PAYER 200
/* read up to this length, then parsed as a structured communication
 * (+++, *** or 12 digits: 12 to 20 characters) */
#define LIM_PAYMENT_COMMUNICATION 40
#define LIM_PAYMENT_IDEMPOTENCY_KEY 200 /* the Idempotency-Key header */
#define LIM_REVERSAL_REASON 500

/* ---- alerts, parameters, operator ---- */

/* One limit and where else it is written. */
struct api_limit {
	const char *name; /* the macro's name, "LIM_UNIT_NAME" */
	int64_t min, max; /* a text's length, or a number's range */
	/* "table.column" of the CHECK, several separated by spaces; NULL when
	 * the database has no CHECK for it (say why in the row's comment) */
	const char *sql;
	/* "Schema.property" of api/openapi.yaml's components, several
	 * separated by spaces */
	const char *openapi;
};
extern const struct api_limit api_limits[];
extern const int api_limits_count;

#endif

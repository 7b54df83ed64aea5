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

/* An amount of money a body gives (a guarantee, a target, a saving): at
 * most 1 000 000,00 EUR; a saving may be as negative (a withdrawal). */
#define LIM_AMOUNT_CENTS_MAX 100000000

/* ---- units and buildings ---- */

/* ---- households ---- */

/* ---- admission ---- */

/* ---- conventions, accompaniment, logbooks, letters ---- */

/* A household has at most this many members: signatories, notice letters
 * and the persons of an accompaniment plan. */
#define LIM_CONVENTION_PERSONS_MAX	 16
#define LIM_CONVENTION_DESTINATION_COMMUNE 100
/* Objectives, initiatives, indicators: 1 to 20 texts of 1 to 1000 bytes. */
#define LIM_PLAN_TEXTS_MAX		 20
#define LIM_PLAN_TEXT			 1000
#define LIM_ACCOMPANIMENT_LOG_SUMMARY	 4000
/* A saving is a deposit up to, or a withdrawal down to minus, this (never 0). */
#define LIM_GUARANTEE_SAVING_CENTS	 LIM_AMOUNT_CENTS_MAX
#define LIM_GUARANTEE_SAVING_NOTE	 500
#define LIM_LOGBOOK_PROBLEM		 2000
#define LIM_LOGBOOK_LOCATION		 200
#define LIM_LOGBOOK_MEASURE		 2000
#define LIM_LOGBOOK_INFORMED_WHOM	 200
#define LIM_LOGBOOK_ACTION_TAKEN	 2000
#define LIM_LOGBOOK_ACTION_BY		 200

/* ---- billing and payments ---- */

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

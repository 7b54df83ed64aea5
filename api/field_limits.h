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

/* ---- units and buildings ---- */

/* ---- households ---- */

/* ---- admission ---- */

/* ---- conventions, accompaniment, logbooks, letters ---- */

/* ---- billing and payments ---- */

/* ---- alerts, parameters, operator ---- */

/* Alerts: the comment of an acknowledgement or a resolution. */
#define LIM_ALERT_COMMENT_MAX 2000
/* Parameters: the key ([a-z][a-z0-9_]*), the value as decimal text (e.g.
 * "17000.00"), the unit, the source, the confirmation state (one of three
 * names, the longest "product decision"). */
#define LIM_PARAMETER_KEY_MAX	    64
#define LIM_PARAMETER_VALUE_MAX	    24
#define LIM_PARAMETER_UNIT_MAX	    40
#define LIM_PARAMETER_SOURCE_MAX    500
#define LIM_PARAMETER_CONFIRMED_MAX 20

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

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

/* An amount in cents that a user types (an indemnity, arrears, a payment). */
#define LIM_AMOUNT_CENTS_MAX 100000000

/* ---- units and buildings ---- */

/* ---- households ---- */

/* ---- admission ---- */

/* ---- conventions, accompaniment, logbooks, letters ---- */

/* Letters (in_letters.c): texts carried by the request, never stored. */
#define LIM_LETTER_ROWS_MAX	 20 /* situation rows, attendees */
#define LIM_LETTER_MOTIVATION	 4000
#define LIM_LETTER_WORKER	 200
#define LIM_LETTER_ROW_TOPIC	 200
#define LIM_LETTER_ROW_TEXT	 1000 /* at admission, now */
#define LIM_LETTER_TIME		 20   /* of a hearing: "14 h 30" */
#define LIM_LETTER_PLACE	 200  /* of a hearing */
#define LIM_LETTER_SUBJECT	 2000
#define LIM_LETTER_STATEMENT	 8000
#define LIM_LETTER_CONCLUSION	 4000
#define LIM_LETTER_ATTENDEE_NAME 200
#define LIM_LETTER_ATTENDEE_ROLE 100
#define LIM_LETTER_CANTON	 100
#define LIM_LETTER_MEDIATOR	 200

/* ---- billing and payments ---- */

/* ---- alerts, parameters, operator ---- */

/* The operator's profile (in_operator.c). */
#define LIM_OPERATOR_NAME	  200
#define LIM_OPERATOR_STREET	  200
#define LIM_OPERATOR_HOUSE_NUMBER 20
#define LIM_OPERATOR_BOX	  20
#define LIM_OPERATOR_POSTAL_CODE  4 /* exactly: a Belgian postal code */
#define LIM_OPERATOR_COMMUNE	  100
#define LIM_OPERATOR_PLACE	  100
#define LIM_OPERATOR_CONTACT	  200
#define LIM_OPERATOR_SIGNATORY	  200		      /* name, role */
#define LIM_OPERATOR_IBAN	  40		      /* as typed, spaces allowed */
#define LIM_OPERATOR_OGM_BASE_MAX INT64_C(9999999999) /* core/ident's IDENT_OGM_MAX_BASE */

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

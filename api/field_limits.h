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

/* An amount of cents of a unit or a convention: 1 000 000,00 € at most. */
#define LIM_AMOUNT_CENTS_MIN 0
#define LIM_AMOUNT_CENTS_MAX 100000000
/* A reference to another row given in a body (ids are bigserial). */
#define LIM_ID_MIN 1
#define LIM_ID_MAX INT64_MAX

/* ---- units and buildings ---- */

#define LIM_BUILDING_NAME 200
#define LIM_UNIT_NAME	  200
/* The address of a building or a unit. */
#define LIM_ADDRESS_STREET	 200
#define LIM_ADDRESS_HOUSE_NUMBER 20
#define LIM_ADDRESS_BOX		 20
#define LIM_ADDRESS_POSTAL_CODE	 4 /* and the pattern [1-9][0-9]{3} */
#define LIM_ADDRESS_COMMUNE	 100
#define LIM_UNIT_FLOOR_MIN	 (-5)
#define LIM_UNIT_FLOOR_MAX	 100
#define LIM_UNIT_ROOMS		 16 /* rooms of one unit (core/crowd's CROWD_MAX_ROOMS) */
#define LIM_ROOM_NAME		 100
#define LIM_ROOM_AREA_DM2_MIN	 1
#define LIM_ROOM_AREA_DM2_MAX	 100000

/* ---- households ---- */

#define LIM_HOUSEHOLD_REFERENCE	  64
#define LIM_HOUSEHOLD_PHONE_MIN	  6
#define LIM_HOUSEHOLD_PHONE	  30
#define LIM_HOUSEHOLD_EMAIL_MIN	  3
#define LIM_HOUSEHOLD_EMAIL	  254
#define LIM_MEMBER_NAME		  100  /* first_name, last_name */
#define LIM_MEMBER_BIRTH_YEAR_MIN 1900 /* born on 1900-01-01 or later */
#define LIM_MEMBER_NRN		  15   /* "85.07.30-033.28", stored as 11 digits */
/* An amount of a household's file: an income, monthly debt charges, six
 * months of taxable income (100 000 000,00 € at most). */
#define LIM_HOUSEHOLD_AMOUNT_CENTS_MAX	 10000000000LL
#define LIM_INCOME_YEAR_MIN		 1990
#define LIM_INCOME_YEAR_MAX		 2100
#define LIM_EVIDENCE_REFERENCE		 200 /* of an income or an income degradation */
#define LIM_MEDIATION_SERVICE_NAME	 200
#define LIM_MEDIATION_APPROVAL_REFERENCE 100
#define LIM_PATRIMONY_DWELLING		 300
#define LIM_ATTESTATION_REFERENCE	 100
#define LIM_FORCE_MAJEURE_JUSTIFICATION	 4000
#define LIM_FORCE_MAJEURE_PROOFS_MIN	 1
#define LIM_FORCE_MAJEURE_PROOFS	 20
#define LIM_FORCE_MAJEURE_PROOF		 200 /* one proof reference */

/* ---- admission ---- */

/* ---- conventions, accompaniment, logbooks, letters ---- */

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

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

/* A row's id given in a body (unit_id, member_id, ...): 1 and up. */
#define LIM_ID_MIN 1
#define LIM_ID_MAX INT64_MAX
/* An amount of money in cents that a person types (an indemnity, a
 * provision, a guarantee, arrears, a payment): at most 1 000 000,00 EUR. */
#define LIM_AMOUNT_CENTS_MIN 0
#define LIM_AMOUNT_CENTS_MAX 100000000
/* A Belgian postal address, wherever one is typed (a unit, a building, the
 * operator's letterhead, the commune a household moves to): lengths. */
#define LIM_ADDRESS_STREET	 200
#define LIM_ADDRESS_HOUSE_NUMBER 20
#define LIM_ADDRESS_BOX		 20
#define LIM_ADDRESS_COMMUNE	 100
/* Four digits, the first not 0: the length read before the digits are
 * checked. */
#define LIM_POSTAL_CODE_LEN 4

/* ---- units and buildings ---- */

#define LIM_BUILDING_NAME 200
#define LIM_UNIT_NAME	  200
/* The address of a building or a unit: the shared LIM_ADDRESS_*. */
#define LIM_UNIT_FLOOR_MIN    (-5)
#define LIM_UNIT_FLOOR_MAX    100
#define LIM_UNIT_ROOMS	      16 /* rooms of one unit (core/crowd's CROWD_MAX_ROOMS) */
#define LIM_ROOM_NAME	      100
#define LIM_ROOM_AREA_DM2_MIN 1
#define LIM_ROOM_AREA_DM2_MAX 100000

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

/* A household has at most this many members: signatories, notice letters
 * and the persons of an accompaniment plan. */
#define LIM_CONVENTION_PERSONS_MAX 16
/* Objectives, initiatives, indicators: 1 to 20 texts of 1 to 1000 bytes. */
#define LIM_PLAN_TEXTS_MAX	      20
#define LIM_PLAN_TEXT		      1000
#define LIM_ACCOMPANIMENT_LOG_SUMMARY 4000
/* A saving is a deposit up to, or a withdrawal down to minus, this (never 0). */
#define LIM_GUARANTEE_SAVING_CENTS LIM_AMOUNT_CENTS_MAX
#define LIM_GUARANTEE_SAVING_NOTE  500
#define LIM_LOGBOOK_PROBLEM	   2000
#define LIM_LOGBOOK_LOCATION	   200
#define LIM_LOGBOOK_MEASURE	   2000
#define LIM_LOGBOOK_INFORMED_WHOM  200
#define LIM_LOGBOOK_ACTION_TAKEN   2000
#define LIM_LOGBOOK_ACTION_BY	   200
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

#define LIM_BILLING_RUN_MONTH	     7 /* "YYYY-MM", exactly */
#define LIM_PAYMENT_AMOUNT_CENTS_MIN 1
#define LIM_PAYMENT_AMOUNT_CENTS     LIM_AMOUNT_CENTS_MAX
#define LIM_PAYMENT_PAYER	     200
/* read up to this length, then parsed as a structured communication
 * (+++, *** or 12 digits: 12 to 20 characters) */
#define LIM_PAYMENT_COMMUNICATION   40
#define LIM_PAYMENT_IDEMPOTENCY_KEY 200 /* the Idempotency-Key header */
#define LIM_REVERSAL_REASON	    500

/* ---- alerts, parameters, operator ---- */

/*
 * One limit and where else it is written. A row's min is the least length
 * of a text (0 when "" is accepted, 1 for a non-empty one), the least value
 * of a number or the least number of items of an array; INT64_MAX as max
 * means no upper bound (the openapi property then says no maximum).
 * scripts/check-limits.py compares a column's CHECK (length(col) for a
 * text column, col for a number, cardinality(col) for an array) and a
 * property's minLength/maxLength/pattern, minimum/maximum or
 * minItems/maxItems with them.
 */
/* The operator's profile (in_operator.c). */
#define LIM_OPERATOR_NAME	  200
#define LIM_OPERATOR_PLACE	  100
#define LIM_OPERATOR_CONTACT	  200
#define LIM_OPERATOR_SIGNATORY	  200		      /* name, role */
#define LIM_OPERATOR_IBAN	  40		      /* as typed, spaces allowed */
#define LIM_OPERATOR_OGM_BASE_MAX INT64_C(9999999999) /* core/ident's IDENT_OGM_MAX_BASE */
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
	 * separated by spaces ("Schema.a.b" nested, "Schema.a[]" an array's
	 * items, "Schema" a named schema itself) */
	const char *openapi;
};
extern const struct api_limit api_limits[];
extern const int api_limits_count;

#endif

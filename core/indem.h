/*
 * indem: the indemnité d'occupation (rules.md section 3): the reduced
 * indemnity under the cap, and the amount due for one calendar month with
 * its breakdown into lines an invoice can print.
 *
 * Pure: no I/O, no globals, no allocation. Results are written into caller
 * structs with fixed arrays (at most INDEM_MAX_LINES lines); the strings
 * returned by the name functions are static. Nothing returned needs freeing.
 * The rounding rules themselves (cap rounded down, pro rata half-up) live in
 * money.c; this module only decides what they apply to.
 */
#ifndef TRANSITD_CORE_INDEM_H
#define TRANSITD_CORE_INDEM_H

#include <stdbool.h>
#include <stdint.h>

#include "bdate.h"
#include "params.h"

struct indem_reduced_input {
	int64_t base;	 /* B: the unit's monthly base indemnity, cents, >= 0 */
	bool subsidised; /* unit created/renovated with transit-housing subsidies */
	/*
	 * The figure the cap applies to, as core/elig chose it at admission
	 * (elig_result's indemnity_basis_amount): R, the monthly resources
	 * after mediation charges, for P-c (possibly negative), else M, the
	 * monthly net revenues; cents. Which of the two it is does not change
	 * the computation: the caller stores elig's choice (indemnity_basis).
	 */
	int64_t basis;
};

struct indem_reduced {
	bool cap_applies; /* the unit is subsidised */
	int cap_percent;  /* indemnity_cap_percent in force */
	int64_t basis;	  /* the input's basis when the cap applies, else 0 */
	int64_t cap;	  /* floor(cap_percent % of basis), 0 for a negative basis */
	bool capped;	  /* the cap, not the base, set the amount */
	int64_t reduced;  /* the monthly indemnity fixed in the convention */
};

/*
 * Reduced indemnity = min(B, floor(cap% x basis)) for a subsidised unit.
 * For a unit that is NOT subsidised the cap does not apply (the 20 % limit
 * is a condition of the regional subsidy): reduced = B, cap = basis = 0.
 * A negative basis (R after debt charges) gives a cap of 0, never a credit.
 * The cap percent comes from p (indemnity_cap_percent, 0..100). False on a
 * negative base, a percent out of range or an overflow; *out is then
 * untouched.
 * B1: B 450,00, M 1 512,37 -> cap 302,47, reduced 302,47.
 */
CORE_WUR bool indem_reduced(const struct indem_reduced_input *in, const struct params *p,
			    struct indem_reduced *out);

enum indem_line_kind {
	INDEM_LINE_REDUCED, /* a day inside the convention's periods */
	INDEM_LINE_BASE,    /* a day of overstay after the final end */
	INDEM_LINE_KIND_COUNT
};

/* "reduced" / "base" (API) and the French invoice label; static, NULL out of range. */
const char *indem_line_kind_name(enum indem_line_kind k);
const char *indem_line_label_fr(enum indem_line_kind k);

struct indem_line {
	enum indem_line_kind kind;
	bdate_t from; /* first day billed, inclusive */
	bdate_t to;   /* last day billed, inclusive */
	int days;     /* to - from + 1 */
	int days_in_month;
	int64_t monthly; /* the monthly amount this line prorates */
	int64_t amount;	 /* monthly x days / days_in_month, half-up (= monthly for a whole month) */
};

/* A month holds at most a reduced part then an overstay part. */
#define INDEM_MAX_LINES 2

struct indem_month_input {
	int year, month;   /* the calendar month billed */
	int64_t reduced;   /* from indem_reduced, cents, >= 0 */
	int64_t base;	   /* B, cents, >= 0 */
	bdate_t start;	   /* the convention's start */
	bdate_t final_end; /* E of the last period: the notice's period end, or the maximum */
	bool overstay;	   /* the occupant stayed after final_end */
	bool has_departure;
	bdate_t departure_on; /* the occupant's departure: the last day billed */
};

struct indem_month {
	bdate_t first; /* first day of the month */
	bdate_t last;  /* last day of the month */
	int days_in_month;
	int n_lines;
	struct indem_line line[INDEM_MAX_LINES];
	int64_t total; /* sum of the line amounts */
};

/*
 * Amount due for one calendar month:
 * - a reduced line for the days of the month within [start, final_end]
 *   (stopping at the departure day when the household leaves earlier);
 * - when overstay, a base line for the days after final_end up to the end
 *   of the month or the departure day.
 * Each line is prorated by calendar days of the month and rounded half-up
 * on its own; a month partly inside and partly in overstay is the SUM of
 * the two rounded lines, so that the printed lines add up to the total.
 * The departure day itself is billed (the occupant still had the unit).
 * A month with no billable day has no lines and a total of 0.
 * False on invalid input (month, negative amounts, final_end < start,
 * departure before start) or overflow.
 * B4: start 2026-01-15, reduced 302,47 -> January 2026: 17/31 -> 165,87.
 */
CORE_WUR bool indem_month(const struct indem_month_input *in, struct indem_month *out);

/*
 * The due date of a month's indemnity, paid in advance: day
 * payment_due_last_day of the month (its last day when the month is
 * shorter), but not before the first day billed — a household that moves in
 * on the 15th owes nothing before the 15th. False when the month or the
 * parameter is invalid, or first_billed is outside the month.
 */
CORE_WUR bool indem_due_on(int year, int month, bdate_t first_billed, const struct params *p,
			   bdate_t *out);

#endif

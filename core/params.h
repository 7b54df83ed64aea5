/*
 * params: the legal parameters in force on one date, already resolved by the
 * caller (the API reads the `parameters` table: for each key, the row with
 * the latest valid_from not after the date). core/ never looks a parameter
 * up itself and never hard-codes an amount: every rule takes this struct.
 *
 * Amounts are int64 cents; percentages and durations are plain integers.
 * The struct is a value: no pointers, nothing to free.
 */
#ifndef TRANSITD_CORE_PARAMS_H
#define TRANSITD_CORE_PARAMS_H

#include <stdbool.h>
#include <stdint.h>

#include "bdate.h"

/* Identifies one parameter key; the order is the table order of params_keys. */
enum params_key {
	PARAM_PRECARITY_SINGLE_CEILING,    /* EUR/year, cents */
	PARAM_PRECARITY_SEVERAL_CEILING,   /* EUR/year, cents */
	PARAM_PRECARITY_CHILD_INCREASE,    /* EUR/year, cents */
	PARAM_RIS_COHABITANT,              /* EUR/month, cents */
	PARAM_RIS_ISOLATED,                /* EUR/month, cents */
	PARAM_RIS_FAMILY,                  /* EUR/month, cents */
	PARAM_DEBT_MEDIATION_RIS_PERCENT,  /* percent */
	PARAM_INDEMNITY_CAP_PERCENT,       /* percent */
	PARAM_PERIOD_MONTHS,               /* months */
	PARAM_MAX_PERIODS,                 /* count */
	PARAM_NOTICE_MONTHS,               /* months */
	PARAM_REGISTERED_MAIL_LEAD_DAYS,   /* working days */
	PARAM_ADMISSION_CHECK_MAX_AGE,     /* days */
	PARAM_PAYMENT_DUE_LAST_DAY,        /* day of month */
	PARAM_UNPAID_GRACE_DAYS,           /* days */
	PARAM_VISIT_COMMON_PARTS_DAYS,     /* days between visits: common parts and their units */
	PARAM_VISIT_SINGLE_FAMILY_MONTHS,  /* months between visits of other units */
	PARAM_COUNT
};

struct params {
	/* value[k] for key k: cents for EUR amounts, the integer otherwise. */
	int64_t value[PARAM_COUNT];
	/* valid_from[k]: the date from which the row used for key k applies. */
	bdate_t valid_from[PARAM_COUNT];
};

struct params_key_info {
	const char *name;  /* the key in parameters.csv / the SQL table */
	bool is_amount;    /* EUR value stored as cents */
	/*
	 * An operator's own choice, dated per operator (parameters.md: period
	 * length and count, grace days, due day, check age, registered-mail
	 * lead); otherwise regional law, the same row for every operator, that
	 * only the platform administrator changes. sql/014 refuses an
	 * operator's row of any other key: keep both lists equal.
	 */
	bool local;
};

/* Table of keys, indexed by enum params_key; static storage, never freed. */
extern const struct params_key_info params_keys[PARAM_COUNT];

/* Index of a key name, or -1 when unknown. */
int params_key_index(const char *name);

/* An operator may set its own dated rows of this key (see `local`); a key
 * no rule knows is not: only the platform administrator adds it. */
bool params_key_local(const char *name);

/* Months after which the newest row of an indexed key is probably outdated. */
#define PARAMS_OUTDATED_MONTHS 13

/*
 * The staleness warning of parameters.md: true when the newest row of key k
 * (newest: its valid_from) is more than 13 months older than today. Only the
 * indexed amounts (ceilings, child increase, RIS: re-indexed every year or
 * with the pivot index) can be outdated; a percentage, a duration or a local
 * choice stays right however old its row (the 20 % cap dates from 2007), and
 * warning about it on every answer would teach users to ignore the warning.
 * An unknown key (k < 0) is never outdated.
 */
bool params_outdated(int k, bdate_t newest, bdate_t today);

#endif

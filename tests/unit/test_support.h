/*
 * Fixtures shared by the unit tests of core/ and pdfgen/: include after
 * <cmocka.h>. Static inline, so a test that uses only some of them gets no
 * warning for the others.
 */
#ifndef TRANSITD_TEST_SUPPORT_H
#define TRANSITD_TEST_SUPPORT_H

#include <string.h>

#include "bdate.h"
#include "params.h"

/* A civil date that must exist. */
static inline bdate_t D(int y, int m, int d)
{
	bdate_t out = 0;

	assert_true(bdate_from_ymd(y, m, d, &out));
	return out;
}

/*
 * The parameters in force in 2026 (shared/domain/parameters.csv): the 2024
 * precarity ceilings, the February 2025 RIS amounts, the Walloon durations
 * (6-month periods, at most 2, 3-month notice, 3 working days) and the
 * product decisions (30 days, due on the 5th, 5 grace days).
 */
static inline struct params params_2026(void)
{
	struct params p;

	memset(&p, 0, sizeof(p));
	p.value[PARAM_PRECARITY_SINGLE_CEILING] = 1700000;
	p.value[PARAM_PRECARITY_SEVERAL_CEILING] = 2320000;
	p.value[PARAM_PRECARITY_CHILD_INCREASE] = 320000;
	p.value[PARAM_RIS_COHABITANT] = 87613;
	p.value[PARAM_RIS_ISOLATED] = 131420;
	p.value[PARAM_RIS_FAMILY] = 177607;
	p.value[PARAM_DEBT_MEDIATION_RIS_PERCENT] = 120;
	p.value[PARAM_INDEMNITY_CAP_PERCENT] = 20;
	p.value[PARAM_PERIOD_MONTHS] = 6;
	p.value[PARAM_MAX_PERIODS] = 2;
	p.value[PARAM_NOTICE_MONTHS] = 3;
	p.value[PARAM_REGISTERED_MAIL_LEAD_DAYS] = 3;
	p.value[PARAM_ADMISSION_CHECK_MAX_AGE] = 30;
	p.value[PARAM_PAYMENT_DUE_LAST_DAY] = 5;
	p.value[PARAM_UNPAID_GRACE_DAYS] = 5;
	p.value[PARAM_VISIT_COMMON_PARTS_DAYS] = 15;
	p.value[PARAM_VISIT_SINGLE_FAMILY_MONTHS] = 1;
	for (int k = 0; k < PARAM_COUNT; k++)
		p.valid_from[k] = D(2000, 1, 1);
	p.valid_from[PARAM_PRECARITY_SINGLE_CEILING] = D(2024, 1, 1);
	p.valid_from[PARAM_PRECARITY_SEVERAL_CEILING] = D(2024, 1, 1);
	p.valid_from[PARAM_PRECARITY_CHILD_INCREASE] = D(2024, 1, 1);
	p.valid_from[PARAM_RIS_COHABITANT] = D(2025, 2, 1);
	p.valid_from[PARAM_RIS_ISOLATED] = D(2025, 2, 1);
	p.valid_from[PARAM_RIS_FAMILY] = D(2025, 2, 1);
	return p;
}

#endif

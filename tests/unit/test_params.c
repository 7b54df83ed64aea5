#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "params.h"
#include "test_support.h"

/* parameters.md: the local choices are each operator's own; the regional
 * amounts, percentages and the notice are the law, shared. */
static void test_local_and_regional_keys(void **state)
{
	(void)state;
	static const char *const local[] = {"period_months",
					    "max_periods",
					    "unpaid_grace_days",
					    "payment_due_last_day",
					    "admission_check_max_age_days",
					    "registered_mail_lead_working_days",
					    "visit_common_parts_days",
					    "visit_single_family_months",
					    NULL};
	static const char *const regional[] = {"precarity_single_ceiling",
					       "precarity_several_ceiling",
					       "precarity_child_increase",
					       "ris_cohabitant",
					       "ris_isolated",
					       "ris_family",
					       "indemnity_cap_percent",
					       "debt_mediation_ris_percent",
					       "notice_months",
					       NULL};
	int n = 0;
	for (int i = 0; local[i] != NULL; i++, n++)
		assert_true(params_key_local(local[i]));
	for (int i = 0; regional[i] != NULL; i++, n++)
		assert_false(params_key_local(regional[i]));
	assert_int_equal(n, PARAM_COUNT); /* every key is one or the other */
	/* a key no rule knows is the platform's: no operator adds it */
	assert_false(params_key_local("visit_days"));
	assert_false(params_key_local(""));
}

/* The newest row of an indexed amount more than 13 months old. */
static void test_outdated_after_13_months(void **state)
{
	(void)state;
	int ceiling = PARAM_PRECARITY_SINGLE_CEILING;
	assert_false(params_outdated(ceiling, D(2024, 1, 1), D(2025, 2, 1)));
	assert_true(params_outdated(ceiling, D(2024, 1, 1), D(2025, 2, 2)));
	assert_true(params_outdated(ceiling, D(2024, 1, 1), D(2026, 12, 4)));
	assert_false(params_outdated(PARAM_RIS_FAMILY, D(2025, 2, 1), D(2026, 3, 1)));
	assert_true(params_outdated(PARAM_RIS_FAMILY, D(2025, 2, 1), D(2026, 3, 2)));
	/* 31 March minus 13 months is 28 February (clamped) */
	assert_false(params_outdated(PARAM_RIS_ISOLATED, D(2025, 2, 28), D(2026, 3, 31)));
	assert_true(params_outdated(PARAM_RIS_ISOLATED, D(2025, 2, 27), D(2026, 3, 31)));
}

/* Percentages, durations and local choices do not age; nor unknown keys. */
static void test_not_indexed_never_outdated(void **state)
{
	(void)state;
	assert_false(params_outdated(PARAM_INDEMNITY_CAP_PERCENT, D(2007, 7, 19), D(2026, 12, 4)));
	assert_false(params_outdated(PARAM_PERIOD_MONTHS, D(2007, 7, 19), D(2026, 12, 4)));
	assert_false(params_outdated(PARAM_UNPAID_GRACE_DAYS, D(2000, 1, 1), D(2026, 12, 4)));
	assert_false(params_outdated(-1, D(2000, 1, 1), D(2026, 12, 4)));
	assert_false(params_outdated(PARAM_COUNT, D(2000, 1, 1), D(2026, 12, 4)));
	/* a today so early that 13 months before it is no date */
	assert_false(params_outdated(PARAM_RIS_FAMILY, D(1900, 1, 1), D(1900, 6, 1)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_local_and_regional_keys),
	    cmocka_unit_test(test_outdated_after_13_months),
	    cmocka_unit_test(test_not_indexed_never_outdated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

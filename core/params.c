#include "params.h"

#include <string.h>

const struct params_key_info params_keys[PARAM_COUNT] = {
	[PARAM_PRECARITY_SINGLE_CEILING] = {"precarity_single_ceiling", true, false},
	[PARAM_PRECARITY_SEVERAL_CEILING] = {"precarity_several_ceiling", true, false},
	[PARAM_PRECARITY_CHILD_INCREASE] = {"precarity_child_increase", true, false},
	[PARAM_RIS_COHABITANT] = {"ris_cohabitant", true, false},
	[PARAM_RIS_ISOLATED] = {"ris_isolated", true, false},
	[PARAM_RIS_FAMILY] = {"ris_family", true, false},
	[PARAM_DEBT_MEDIATION_RIS_PERCENT] = {"debt_mediation_ris_percent", false, false},
	[PARAM_INDEMNITY_CAP_PERCENT] = {"indemnity_cap_percent", false, false},
	[PARAM_PERIOD_MONTHS] = {"period_months", false, true},
	[PARAM_MAX_PERIODS] = {"max_periods", false, true},
	[PARAM_NOTICE_MONTHS] = {"notice_months", false, false},
	[PARAM_REGISTERED_MAIL_LEAD_DAYS] = {"registered_mail_lead_working_days", false, true},
	[PARAM_ADMISSION_CHECK_MAX_AGE] = {"admission_check_max_age_days", false, true},
	[PARAM_PAYMENT_DUE_LAST_DAY] = {"payment_due_last_day", false, true},
	[PARAM_UNPAID_GRACE_DAYS] = {"unpaid_grace_days", false, true},
	[PARAM_VISIT_COMMON_PARTS_DAYS] = {"visit_common_parts_days", false, true},
	[PARAM_VISIT_SINGLE_FAMILY_MONTHS] = {"visit_single_family_months", false, true},
};

int params_key_index(const char *name)
{
	for (int k = 0; k < PARAM_COUNT; k++)
		if (strcmp(params_keys[k].name, name) == 0)
			return k;
	return -1;
}

bool params_key_local(const char *name)
{
	int k = params_key_index(name);
	return k >= 0 && params_keys[k].local;
}

bool params_outdated(int k, bdate_t newest, bdate_t today)
{
	bdate_t limit;
	if (k < 0 || k >= PARAM_COUNT || !params_keys[k].is_amount ||
	    !bdate_add_months_clamped(today, -PARAMS_OUTDATED_MONTHS, &limit))
		return false;
	return newest < limit;
}

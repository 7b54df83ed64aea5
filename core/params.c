#include "params.h"

#include <string.h>

const struct params_key_info params_keys[PARAM_COUNT] = {
	[PARAM_PRECARITY_SINGLE_CEILING] = {"precarity_single_ceiling", true},
	[PARAM_PRECARITY_SEVERAL_CEILING] = {"precarity_several_ceiling", true},
	[PARAM_PRECARITY_CHILD_INCREASE] = {"precarity_child_increase", true},
	[PARAM_RIS_COHABITANT] = {"ris_cohabitant", true},
	[PARAM_RIS_ISOLATED] = {"ris_isolated", true},
	[PARAM_RIS_FAMILY] = {"ris_family", true},
	[PARAM_DEBT_MEDIATION_RIS_PERCENT] = {"debt_mediation_ris_percent", false},
	[PARAM_INDEMNITY_CAP_PERCENT] = {"indemnity_cap_percent", false},
	[PARAM_PERIOD_MONTHS] = {"period_months", false},
	[PARAM_MAX_PERIODS] = {"max_periods", false},
	[PARAM_NOTICE_MONTHS] = {"notice_months", false},
	[PARAM_REGISTERED_MAIL_LEAD_DAYS] = {"registered_mail_lead_working_days", false},
	[PARAM_ADMISSION_CHECK_MAX_AGE] = {"admission_check_max_age_days", false},
	[PARAM_PAYMENT_DUE_LAST_DAY] = {"payment_due_last_day", false},
	[PARAM_UNPAID_GRACE_DAYS] = {"unpaid_grace_days", false},
};

int params_key_index(const char *name)
{
	for (int k = 0; k < PARAM_COUNT; k++)
		if (strcmp(params_keys[k].name, name) == 0)
			return k;
	return -1;
}

/* Input of the billing runs (api/input.h): POST /api/v1/billing/runs. */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "input.h"

bool in_month_parse(const char *s, bdate_t *first)
{
	char iso[BDATE_ISO_LEN];
	if (s == NULL || strlen(s) != LIM_BILLING_RUN_MONTH)
		return false;
	snprintf(iso, sizeof iso, "%s-01", s);
	return bdate_parse_iso(iso, BDATE_ISO_LEN - 1, first);
}

void in_billing_run_read(json_t *body, struct in_billing_run *out, json_t **errors)
{
	static const char *const fields[] = {"month", NULL};
	api_json_only(body, fields, errors);
	const char *month = api_json_string(body, "month", LIM_BILLING_RUN_MONTH, true, errors);
	if (month != NULL && !in_month_parse(month, &out->first))
		api_field_error(errors, "month", "invalid", "must be a month YYYY-MM");
}

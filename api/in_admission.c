/*
 * Input of an admission check: the body of POST
 * /households/{id}/admission-checks read and validated (api/input.h). The
 * start date's upper bound is a legal parameter in force on that date: the
 * handler loads it and calls in_admission_start_check.
 */
#include <inttypes.h>
#include <stdio.h>

#include "api.h"
#include "input.h"

const char *const in_admission_grounds[] = {"precarity", "force_majeure", "any", NULL};
const char *const in_admission_check_fields[] = {"unit_id", "start_date", "ground", NULL};

void in_admission_check_read(json_t *body, struct in_admission_check *out, json_t **errors)
{
	api_json_only(body, in_admission_check_fields, errors);
	api_json_int(body, "unit_id", true, LIM_ID_MIN, LIM_ID_MAX, errors, &out->unit);
	api_json_enum(body, "ground", true, in_admission_grounds, errors, &out->asked);
	out->has_start = api_json_date(body, "start_date", true, errors, &out->start);
}

void in_admission_start_check(bdate_t start, bdate_t today, int64_t max_age, json_t **errors)
{
	if (start < today) {
		api_field_error(errors, "start_date", "range",
				"must not be before today, the date of the check");
	} else if ((int64_t)start - today > max_age) {
		char msg[160];
		snprintf(msg, sizeof msg,
			 "must be at most %" PRId64
			 " days after today (admission_check_max_age_days)",
			 max_age);
		api_field_error(errors, "start_date", "range", msg);
	}
}

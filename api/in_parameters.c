/*
 * The input of a parameter row (api/input.h): POST /api/v1/parameters and
 * the platform administrator's `transitd parameter add`, whose arguments
 * the command turns into the same JSON object (api_parameter_command).
 */
#include <ctype.h>
#include <string.h>

#include "api.h"
#include "api_internal.h"
#include "input.h"
#include "money.h"

bool in_parameter_key_valid(const char *k)
{
	size_t n = strlen(k);
	if (n == 0 || n > LIM_PARAMETER_KEY_MAX || !islower((unsigned char)k[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!islower((unsigned char)k[i]) && !isdigit((unsigned char)k[i]) && k[i] != '_')
			return false;
	return true;
}

/* The value: a non-negative decimal text, normalised into out->value. */
static bool read_value(json_t *body, struct in_parameter *out, json_t **errors)
{
	const char *value = api_json_string(body, "value", LIM_PARAMETER_VALUE_MAX, true, errors);
	if (value == NULL)
		return false;
	if (!money_parse(value, strlen(value), &out->cents) || out->cents < 0) {
		api_field_error(errors, "value", "invalid",
				"must be a non-negative decimal string, e.g. \"17000.00\"");
		return false;
	}
	if (!money_format_decimal(out->cents, out->value, sizeof out->value)) {
		api_field_error(errors, "value", "invalid", "is out of range");
		return false;
	}
	return true;
}

void in_parameter_read(json_t *body, struct in_parameter *out, json_t **errors)
{
	static const char *const fields[] = {"key",    "valid_from", "value",	   "unit",
					     "source", "confirmed",  "correction", NULL};
	static const char *const confirmed[] = {"yes", "no", "product decision", NULL};
	*out = (struct in_parameter){0};
	api_json_only(body, fields, errors);
	out->key = api_json_string(body, "key", LIM_PARAMETER_KEY_MAX, true, errors);
	if (out->key != NULL && !in_parameter_key_valid(out->key))
		api_field_error(errors, "key", "invalid",
				"must be lower-case letters, digits and '_'");
	out->valid_from = api_json_string(body, "valid_from", BDATE_ISO_LEN - 1, true, errors);
	if (out->valid_from != NULL &&
	    !bdate_parse_iso(out->valid_from, strlen(out->valid_from), &out->from))
		api_field_error(errors, "valid_from", "invalid", "must be a date YYYY-MM-DD");
	bool has_value = read_value(body, out, errors);
	/* Not api_json_nonempty: an empty unit stays non-NULL so that the
	 * whole-number check below still judges the value (the errors of a
	 * body do not change with issue 14). */
	out->unit = api_json_string(body, "unit", LIM_PARAMETER_UNIT_MAX, true, errors);
	api_json_nonempty_check(errors, 1, (const char *const[]){"unit"},
				(const char *const[]){out->unit});
	out->source = api_json_string(body, "source", LIM_PARAMETER_SOURCE_MAX, false, errors);
	if (out->source == NULL)
		out->source = "";
	out->confirmed =
	    api_json_string(body, "confirmed", LIM_PARAMETER_CONFIRMED_MAX, true, errors);
	if (out->confirmed != NULL && api_enum_index(confirmed, out->confirmed) < 0)
		api_field_error(errors, "confirmed", "enum",
				"must be one of: yes, no, product decision");
	api_json_bool(body, "correction", false, errors, &out->correction);
	/* Only a value that parsed is checked: an invalid one has its error. */
	if (out->unit != NULL && has_value && strncmp(out->unit, "EUR", 3) != 0 &&
	    out->cents % 100 != 0)
		api_field_error(errors, "value", "invalid", "must be a whole number for this unit");
}

/*
 * api/in_parameters.c: POST /parameters (and `transitd parameter add`)
 * read {key, valid_from, value, unit, source?, confirmed, correction?}.
 * The reader accepts exactly what a reference of those rules accepts, and
 * the handler (api/h_parameters.c) reaches the database exactly then (a
 * lower-case key, a date, a non-negative decimal value, whole for a unit
 * other than EUR, one of the three confirmation states, a boolean
 * correction, no other member) and the key is a local choice, which the
 * fuzz user (an operator's admin) may set; a valid body of any other key is
 * a 403. Otherwise it answers a well-formed 400 or 422 with at most one
 * error per field, one "unknown" error for each unknown member.
 *
 * Input: the JSON body.
 */
#include <string.h>

#include "api_internal.h"
#include "fuzz_support.h"
#include "input.h"
#include "money.h"

static bool key_valid(const json_t *body)
{
	const char *k = json_string_value(json_object_get(body, "key"));
	if (k == NULL || !fuzz_string(body, "key", 1, LIM_PARAMETER_KEY_MAX) || k[0] < 'a' ||
	    k[0] > 'z')
		return false;
	for (const char *p = k; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return true;
}

static const char *const fields[] = {"key",	  "valid_from", "value",      "unit",
				     "source",	  "confirmed",	"correction", NULL};

static bool body_valid(const json_t *body)
{
	static const char *const confirmed[] = {"yes", "no", "product decision", NULL};
	const char *value = json_string_value(json_object_get(body, "value"));
	const char *unit = json_string_value(json_object_get(body, "unit"));
	int64_t cents;
	return fuzz_unknown_members(body, fields) == 0 && key_valid(body) &&
	       fuzz_string(body, "valid_from", 10, 10) && fuzz_date(body, "valid_from", false, 0) &&
	       fuzz_string(body, "value", 0, LIM_PARAMETER_VALUE_MAX) &&
	       money_parse(value, strlen(value), &cents) && cents >= 0 &&
	       fuzz_string(body, "unit", 1, LIM_PARAMETER_UNIT_MAX) &&
	       (strncmp(unit, "EUR", 3) == 0 || cents % 100 == 0) &&
	       (fuzz_absent(body, "source") ||
		fuzz_string(body, "source", 0, LIM_PARAMETER_SOURCE_MAX)) &&
	       fuzz_string(body, "confirmed", 0, LIM_PARAMETER_CONFIRMED_MAX) &&
	       fuzz_one_of(body, "confirmed", confirmed) &&
	       (fuzz_absent(body, "correction") ||
		json_is_boolean(json_object_get(body, "correction")));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_req f;
	fuzz_req_init(&f, data, size);
	json_t *body = api_body_object(&f.c);
	int status = fuzz_run_handler(&f, h_parameters_post);
	bool valid = body != NULL && body_valid(body);
	if (body != NULL) {
		/* The reader agrees with the reference, and reads the value. */
		json_t *errors = NULL;
		struct in_parameter in;
		in_parameter_read(body, &in, &errors);
		FUZZ_CHECK((errors == NULL) == valid);
		FUZZ_CHECK(!valid || (in.cents >= 0 && strlen(in.value) > 0));
		json_decref(errors);
	}
	bool local =
	    valid && params_key_local(json_string_value(json_object_get(body, "key")));
	FUZZ_CHECK(status == (body == NULL ? 400 : !valid ? 422 : local ? 503 : 403));
	if (status == 422) {
		FUZZ_CHECK(fuzz_errors_with_code(f.resp.body, "unknown") ==
			   fuzz_unknown_members(body, fields));
		/* One error per field: each says what is wrong with it. */
		json_t *p = json_loads(f.resp.body, 0, NULL);
		json_t *errors = json_object_get(p, "errors");
		size_t i, k;
		json_t *e, *o;
		json_array_foreach(errors, i, e)
		{
			json_array_foreach(errors, k, o)
			{
				FUZZ_CHECK(k == i || !json_equal(json_object_get(e, "field"),
								 json_object_get(o, "field")));
			}
		}
		json_decref(p);
	}
	json_decref(body);
	fuzz_req_free(&f);
	return 0;
}

/*
 * api/in_admission.c: the validation of an admission check request
 * {unit_id, ground, start_date}. in_admission_check_read refuses a body with
 * well-formed field errors naming every unknown member, and reads the start
 * date exactly when it is a real date. The handler then needs the legal
 * parameters in force on that date, so without a database it answers 503
 * exactly when start_date is a real date, and otherwise the 422 of the
 * reader's errors. in_admission_start_check keeps the start date within
 * [today, today + max_age].
 *
 * Input: the JSON body.
 */
#include <string.h>

#include "api_internal.h"
#include "fuzz_support.h"
#include "input.h"

/* The errors with code "unknown" in a reader's errors. */
static size_t unknown_errors(json_t *errors)
{
	size_t n = 0, i;
	json_t *e;
	json_array_foreach(errors, i, e)
	{
		n += strcmp(json_string_value(json_object_get(e, "code")), "unknown") == 0;
	}
	return n;
}

/* The range check on the date read, for a few maximum ages. */
static void check_start(bdate_t start, bdate_t today)
{
	static const int64_t ages[] = {0, 1, 90, 365};
	for (size_t i = 0; i < sizeof ages / sizeof ages[0]; i++) {
		json_t *errors = NULL;
		in_admission_start_check(start, today, ages[i], &errors);
		bool ok = start >= today && (int64_t)start - today <= ages[i];
		FUZZ_CHECK(ok == (errors == NULL));
		FUZZ_CHECK(errors == NULL || fuzz_check_errors(errors) == 1);
		json_decref(errors);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_req f;
	fuzz_req_init(&f, data, size);
	fuzz_req_target(&f, false);
	json_t *body = api_body_object(&f.c);
	if (body == NULL) {
		fuzz_handler_agrees(&f, h_admission_checks_create, false, NULL);
		fuzz_req_free(&f);
		return 0;
	}
	struct in_admission_check in = {0};
	json_t *errors = NULL;
	in_admission_check_read(body, &in, &errors);
	FUZZ_CHECK(in.has_start == fuzz_date(body, "start_date", false, 0));
	char *answer = NULL;
	int status = 503;
	if (in.has_start) {
		FUZZ_CHECK(unknown_errors(errors) ==
			   fuzz_unknown_members(body, in_admission_check_fields));
		json_decref(errors);
		check_start(in.start, f.req.today);
	} else {
		/* start_date is required: a body without a real one is refused */
		FUZZ_CHECK(errors != NULL);
		api_problem(&f.c, 422, "validation", "Invalid admission check", NULL, errors);
		status = fuzz_check_write_outcome(&f.resp);
		FUZZ_CHECK(status == 422);
		answer = strdup(f.resp.body);
		FUZZ_CHECK(answer != NULL);
		FUZZ_CHECK(fuzz_errors_with_code(answer, "unknown") ==
			   fuzz_unknown_members(body, in_admission_check_fields));
	}
	FUZZ_CHECK(fuzz_run_handler(&f, h_admission_checks_create) == status);
	FUZZ_CHECK(answer == NULL || strcmp(f.resp.body, answer) == 0);
	free(answer);
	json_decref(body);
	fuzz_req_free(&f);
	return 0;
}

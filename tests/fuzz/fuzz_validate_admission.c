/*
 * api/h_admission.c: the validation of an admission check request
 * {unit_id, ground, start_date}. check_read needs the legal parameters in
 * force on a valid start date, so without a database it answers 503
 * exactly when start_date is a real date, and otherwise a 422 whose field
 * errors are well-formed and name every unknown member; the POST handler
 * gives the very same answer.
 *
 * h_admission.c is compiled into this harness (#include) to reach its
 * static validator without changing it.
 *
 * Input: the JSON body.
 */
#include "../../api/h_admission.c"

#include "fuzz_support.h"

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
	struct check *k = calloc(1, sizeof *k);
	FUZZ_CHECK(k != NULL);
	k->household = 1;
	FUZZ_CHECK(check_read(&f.c, body, k) == -1);
	int status = fuzz_check_write_outcome(&f.resp);
	FUZZ_CHECK(status == (fuzz_date(body, "start_date", false, 0) ? 503 : 422));
	char *answer = strdup(f.resp.body);
	FUZZ_CHECK(answer != NULL);
	if (status == 422)
		FUZZ_CHECK(fuzz_errors_with_code(answer, "unknown") ==
			   fuzz_unknown_members(body, check_fields));
	json_decref(k->param_rows);
	free(k);

	FUZZ_CHECK(fuzz_run_handler(&f, h_admission_checks_create) == status);
	FUZZ_CHECK(strcmp(f.resp.body, answer) == 0);
	free(answer);
	json_decref(body);
	fuzz_req_free(&f);
	return 0;
}

/*
 * api/h_alerts.c: acknowledging and resolving an alert take
 * {comment: 1..2000 bytes}, validated inside the handlers. Each handler
 * reaches the database exactly when that reference accepts the body, and
 * answers anything else with a well-formed 400 or 422.
 *
 * Input: byte 0 selects acknowledge or resolve; the rest is the JSON body.
 */
#include <string.h>

#include "api_internal.h"
#include "fuzz_support.h"

static bool comment_valid(const json_t *body)
{
	static const char *const fields[] = {"comment", NULL};
	return fuzz_unknown_members(body, fields) == 0 && fuzz_text(body, "comment", 1, 2000);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	api_handler handler = data[0] & 1 ? h_alert_resolve : h_alert_acknowledge;
	struct fuzz_req f;
	fuzz_req_init(&f, data + 1, size - 1);
	fuzz_req_target(&f, false);
	json_t *body = api_body_object(&f.c);
	int status = fuzz_run_handler(&f, handler);
	FUZZ_CHECK(status == (body == NULL ? 400 : comment_valid(body) ? 503 : 422));
	json_decref(body);
	fuzz_req_free(&f);
	return 0;
}

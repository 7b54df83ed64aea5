/*
 * api/in_alerts.c: acknowledging and resolving an alert take
 * {comment: 1..LIM_ALERT_COMMENT_MAX bytes}. The reader accepts exactly
 * what this reference accepts, with a comment when it does; each handler
 * reaches the database exactly then, and answers anything else with a
 * well-formed 400 or 422. A calendar token's body is accepted when it has
 * no member.
 *
 * Input: byte 0 selects acknowledge or resolve; the rest is the JSON body.
 */
#include <string.h>

#include "api_internal.h"
#include "fuzz_support.h"
#include "input.h"

static bool comment_valid(const json_t *body)
{
	static const char *const fields[] = {"comment", NULL};
	return fuzz_unknown_members(body, fields) == 0 &&
	       fuzz_text(body, "comment", 1, LIM_ALERT_COMMENT_MAX);
}

static void check_readers(json_t *body)
{
	json_t *errors = NULL;
	struct in_alert_action in;
	in_alert_action_read(body, &in, &errors);
	bool valid = comment_valid(body);
	FUZZ_CHECK((errors == NULL) == valid);
	FUZZ_CHECK(!valid || in.comment != NULL);
	json_decref(errors);
	errors = NULL;
	in_calendar_token_read(body, &errors);
	FUZZ_CHECK((errors == NULL) == (json_object_size(body) == 0));
	json_decref(errors);
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
	if (body != NULL)
		check_readers(body);
	int status = fuzz_run_handler(&f, handler);
	FUZZ_CHECK(status == (body == NULL ? 400 : comment_valid(body) ? 503 : 422));
	json_decref(body);
	fuzz_req_free(&f);
	return 0;
}

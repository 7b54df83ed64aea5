/*
 * The input of the alerts' actions (acknowledge, resolve) and of a new
 * calendar token (api/input.h). The list's query stays in h_alerts.c: it
 * is a query string, not a body.
 */
#include "api.h"
#include "input.h"

void in_alert_action_read(json_t *body, struct in_alert_action *out, json_t **errors)
{
	static const char *const fields[] = {"comment", NULL};
	api_json_only(body, fields, errors);
	out->comment = api_json_text(body, "comment", LIM_ALERT_COMMENT_MAX, true, errors);
	/* Not api_json_nonempty_text: this message says what the comment is
	 * for, and the 422's messages do not change with issue 14. */
	if (out->comment != NULL && out->comment[0] == '\0') {
		api_field_error(errors, "comment", "required", "say what was done");
		out->comment = NULL;
	}
}

void in_calendar_token_read(json_t *body, json_t **errors)
{
	static const char *const fields[] = {NULL};
	api_json_only(body, fields, errors);
}

#include "fuzz_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROBLEM_BASE "https://transitd.invalid/problems/"

void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
	abort();
}

bdate_t fuzz_today(void)
{
	bdate_t d;
	if (!bdate_from_ymd(2026, 6, 15, &d))
		fuzz_fail(__FILE__, __LINE__, "bdate_from_ymd(2026, 6, 15)");
	return d;
}

void fuzz_req_init(struct fuzz_req *f, const uint8_t *body, size_t len)
{
	memset(f, 0, sizeof *f);
	f->body = malloc(len + 1);
	FUZZ_CHECK(f->body != NULL);
	if (len > 0)
		memcpy(f->body, body, len);
	f->body[len] = '\0';
	f->req.method = API_POST;
	f->req.path = "/fuzz";
	f->req.body = f->body;
	f->req.body_len = len;
	f->req.request_id = "fuzz";
	f->req.today = fuzz_today();
	f->c.req = &f->req;
	f->c.resp = &f->resp;
	/* Handlers scope every row to the caller's operator. */
	f->c.user.id = 1;
	f->c.user.operator_id = 1;
	f->c.user.role = ROLE_ADMIN;
	snprintf(f->c.user.name, sizeof f->c.user.name, "fuzz");
}

void fuzz_req_reset(struct fuzz_req *f)
{
	api_response_free(&f->resp);
	memset(&f->resp, 0, sizeof f->resp);
	f->c.sqlstate[0] = '\0';
}

void fuzz_req_free(struct fuzz_req *f)
{
	api_response_free(&f->resp);
	free(f->body);
	f->body = NULL;
}

static bool nonempty_string(const json_t *v)
{
	return json_is_string(v) && json_string_length(v) > 0;
}

size_t fuzz_check_errors(const json_t *errors)
{
	FUZZ_CHECK(json_is_array(errors));
	FUZZ_CHECK(json_array_size(errors) > 0);
	size_t i;
	const json_t *e;
	json_array_foreach(errors, i, e)
	{
		FUZZ_CHECK(json_is_object(e));
		FUZZ_CHECK(json_object_size(e) == 3);
		/* An unknown member may be named "": the field names it as it is. */
		FUZZ_CHECK(json_is_string(json_object_get(e, "field")));
		FUZZ_CHECK(nonempty_string(json_object_get(e, "code")));
		FUZZ_CHECK(nonempty_string(json_object_get(e, "message")));
	}
	return json_array_size(errors);
}

json_t *fuzz_check_problem(const struct api_response *resp, int status)
{
	FUZZ_CHECK(status == 0 ? resp->status >= 400 : resp->status == status);
	FUZZ_CHECK(resp->content_type != NULL &&
		   strcmp(resp->content_type, "application/problem+json") == 0);
	FUZZ_CHECK(resp->body != NULL && resp->body_len == strlen(resp->body));
	json_t *p = json_loadb(resp->body, resp->body_len, JSON_REJECT_DUPLICATES, NULL);
	FUZZ_CHECK(json_is_object(p));
	const char *type = json_string_value(json_object_get(p, "type"));
	FUZZ_CHECK(type != NULL && strncmp(type, PROBLEM_BASE, strlen(PROBLEM_BASE)) == 0 &&
		   type[strlen(PROBLEM_BASE)] != '\0');
	FUZZ_CHECK(nonempty_string(json_object_get(p, "title")));
	FUZZ_CHECK(json_integer_value(json_object_get(p, "status")) == resp->status);
	json_t *detail = json_object_get(p, "detail");
	FUZZ_CHECK(detail == NULL || json_is_string(detail));
	json_t *errors = json_object_get(p, "errors");
	if (errors != NULL)
		fuzz_check_errors(errors);
	return p;
}

const char *fuzz_problem_type(const json_t *problem)
{
	const char *type = json_string_value(json_object_get(problem, "type"));
	if (type == NULL || strncmp(type, PROBLEM_BASE, strlen(PROBLEM_BASE)) != 0)
		return "";
	return type + strlen(PROBLEM_BASE);
}

int fuzz_check_write_outcome(const struct api_response *resp)
{
	json_t *p = fuzz_check_problem(resp, 0);
	const char *type = fuzz_problem_type(p);
	switch (resp->status) {
	case 400:
		/* Payments also need a well-formed Idempotency-Key. */
		FUZZ_CHECK(strcmp(type, "malformed-json") == 0 ||
			   strcmp(type, "idempotency-key-required") == 0 ||
			   strcmp(type, "idempotency-key-invalid") == 0);
		break;
	case 403:
		/* A regional parameter, which only the platform administrator sets. */
		FUZZ_CHECK(strcmp(type, "forbidden") == 0);
		break;
	case 428:
		FUZZ_CHECK(strcmp(type, "precondition-required") == 0);
		break;
	case 422:
		/* A validation refusal names what is wrong, field by field; a
		 * billing run may also be refused for its month as a whole. */
		FUZZ_CHECK(
		    (strcmp(type, "validation") == 0 && json_object_get(p, "errors") != NULL) ||
		    strcmp(type, "month-not-billable") == 0);
		break;
	case 503:
		FUZZ_CHECK(strcmp(type, "database-unavailable") == 0);
		FUZZ_CHECK(resp->db_unavailable);
		break;
	default:
		FUZZ_CHECK(!"unexpected status without a database");
	}
	json_decref(p);
	return resp->status;
}

char *fuzz_verdict(struct fuzz_req *f, int rc)
{
	char *copy = NULL;
	if (rc == 0) {
		FUZZ_CHECK(f->resp.status == 0 && f->resp.body == NULL);
	} else {
		FUZZ_CHECK(rc == -1);
		json_t *p = fuzz_check_problem(&f->resp, 422);
		FUZZ_CHECK(strcmp(fuzz_problem_type(p), "validation") == 0);
		FUZZ_CHECK(json_object_get(p, "errors") != NULL);
		json_decref(p);
		copy = strdup(f->resp.body);
		FUZZ_CHECK(copy != NULL);
	}
	fuzz_req_reset(f);
	return copy;
}

int fuzz_run_handler(struct fuzz_req *f, api_handler h)
{
	fuzz_req_reset(f);
	int rc = h(&f->c);
	int status = fuzz_check_write_outcome(&f->resp);
	/* A handler that answers with a problem says so. */
	FUZZ_CHECK(rc == -1);
	return status;
}

void fuzz_handler_agrees(struct fuzz_req *f, api_handler h, bool parsed, const char *verdict)
{
	int status = fuzz_run_handler(f, h);
	if (!parsed) {
		FUZZ_CHECK(status == 400);
	} else if (verdict != NULL) {
		FUZZ_CHECK(status == 422 && strcmp(f->resp.body, verdict) == 0);
	} else {
		FUZZ_CHECK(status == 503);
	}
	fuzz_req_reset(f);
}

size_t fuzz_unknown_members(const json_t *obj, const char *const *allowed)
{
	size_t n = 0;
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)obj, key, v)
	{
		bool known = false;
		for (size_t i = 0; allowed[i] != NULL && !known; i++)
			known = strcmp(key, allowed[i]) == 0;
		n += !known;
	}
	return n;
}

size_t fuzz_errors_with_code(const char *problem, const char *code)
{
	if (problem == NULL)
		return 0;
	json_t *p = json_loads(problem, 0, NULL);
	size_t i, n = 0;
	json_t *e;
	json_array_foreach(json_object_get(p, "errors"), i, e)
	{
		n += strcmp(json_string_value(json_object_get(e, "code")), code) == 0;
	}
	json_decref(p);
	return n;
}

void fuzz_req_target(struct fuzz_req *f, bool update)
{
	f->c.params[0] = 1;
	f->c.nparams = 1;
	f->req.if_match = update ? "\"1\"" : NULL;
}

bool fuzz_absent(const json_t *obj, const char *name)
{
	json_t *v = json_object_get(obj, name);
	return v == NULL || json_is_null(v);
}

/*
 * The reference of api/api_input.c's control characters, written apart:
 * C0 but (multi-line) LF, CR and tab, DEL, C1 (U+0080..U+009F), and for a
 * single line U+2028 and U+2029 too.
 */
static bool no_controls(const char *s, size_t n, bool multiline)
{
	static const char c0[] = "\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
				 "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b"
				 "\x1c\x1d\x1e\x1f\x7f";
	if (strlen(s) != n || strpbrk(s, c0) != NULL)
		return false;
	if (!multiline && (strpbrk(s, "\t\n\r") != NULL || strstr(s, "\xe2\x80\xa8") != NULL ||
			   strstr(s, "\xe2\x80\xa9") != NULL))
		return false;
	for (const char *p = strchr(s, '\xc2'); p != NULL; p = strchr(p + 1, '\xc2'))
		if ((unsigned char)p[1] >= 0x80 && (unsigned char)p[1] < 0xa0)
			return false;
	return true;
}

bool fuzz_string(const json_t *obj, const char *name, size_t min, size_t max)
{
	json_t *v = json_object_get(obj, name);
	return json_is_string(v) && json_string_length(v) >= min && json_string_length(v) <= max &&
	       no_controls(json_string_value(v), json_string_length(v), false);
}

bool fuzz_text(const json_t *obj, const char *name, size_t min, size_t max)
{
	json_t *v = json_object_get(obj, name);
	return json_is_string(v) && json_string_length(v) >= min && json_string_length(v) <= max &&
	       no_controls(json_string_value(v), json_string_length(v), true);
}

bool fuzz_date(const json_t *obj, const char *name, bool not_future, bdate_t today)
{
	json_t *v = json_object_get(obj, name);
	bdate_t d;
	return json_is_string(v) &&
	       bdate_parse_iso(json_string_value(v), json_string_length(v), &d) &&
	       (!not_future || d <= today);
}

bool fuzz_integer(const json_t *obj, const char *name, int64_t min, int64_t max)
{
	json_t *v = json_object_get(obj, name);
	return json_is_integer(v) && json_integer_value(v) >= min && json_integer_value(v) <= max;
}

bool fuzz_one_of(const json_t *obj, const char *name, const char *const *values)
{
	const char *s = json_string_value(json_object_get(obj, name));
	for (size_t i = 0; s != NULL && values[i] != NULL; i++)
		if (strcmp(s, values[i]) == 0)
			return true;
	return false;
}

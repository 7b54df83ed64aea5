#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"

#define PROBLEM_BASE "https://transitd.invalid/problems/"

void api_response_free(struct api_response *resp)
{
	free(resp->body);
	resp->body = NULL;
	resp->body_len = 0;
}

static void set_body(struct api_response *resp, int status, const char *content_type, char *text,
		     size_t len)
{
	free(resp->body);
	resp->status = status;
	resp->content_type = content_type;
	resp->body = text;
	resp->body_len = len;
}

int api_reply_text(struct api_ctx *c, int status, const char *content_type, char *text,
		   size_t len)
{
	set_body(c->resp, status, content_type, text, len);
	return 0;
}

int api_reply_json_copy(struct api_ctx *c, int status, const char *json, size_t len)
{
	char *copy = malloc(len + 1);
	if (copy == NULL)
		return api_problem(c, 500, "internal", "Internal error", "out of memory", NULL);
	memcpy(copy, json, len);
	copy[len] = '\0';
	set_body(c->resp, status, "application/json", copy, len);
	return 0;
}

int api_reply_json(struct api_ctx *c, int status, json_t *v)
{
	char *text = json_dumps(v, JSON_COMPACT);
	json_decref(v);
	if (text == NULL)
		return api_problem(c, 500, "internal", "Internal error", "cannot encode JSON", NULL);
	set_body(c->resp, status, "application/json", text, strlen(text));
	return 0;
}

void api_add_header(struct api_ctx *c, const char *name, const char *value)
{
	struct api_response *r = c->resp;
	if (r->nheaders >= API_MAX_EXTRA_HEADERS)
		return;
	r->headers[r->nheaders].name = name;
	snprintf(r->headers[r->nheaders].value, sizeof r->headers[0].value, "%s", value);
	r->nheaders++;
}

void api_problem_response(struct api_response *resp, int status, const char *type,
			  const char *title, const char *detail, json_t *errors)
{
	char uri[160];
	snprintf(uri, sizeof uri, PROBLEM_BASE "%s", type);
	json_t *p = json_pack("{s:s, s:s, s:i}", "type", uri, "title", title, "status", status);
	if (p != NULL && detail != NULL)
		json_object_set_new(p, "detail", json_string(detail));
	if (p != NULL && errors != NULL)
		json_object_set(p, "errors", errors);
	json_decref(errors);
	char *text = p != NULL ? json_dumps(p, JSON_COMPACT) : NULL;
	json_decref(p);
	if (text == NULL) {
		/* Out of memory: a fixed body still tells the client what happened. */
		static const char oom[] = "{\"title\":\"Internal error\",\"status\":500}";
		text = strdup(oom);
		status = 500;
	}
	set_body(resp, status, "application/problem+json", text, text ? strlen(text) : 0);
}

int api_problem(struct api_ctx *c, int status, const char *type, const char *title,
		const char *detail, json_t *errors)
{
	api_problem_response(c->resp, status, type, title, detail, errors);
	return -1;
}

/*
 * The length of s without a UTF-8 sequence cut short at its end. Nested
 * errors are renamed into fixed buffers ("rooms[2].<member>"), which may cut
 * a long member name inside a character; jansson refuses such a string, and
 * the error would be lost, leaving a 422 that names no field.
 */
static size_t whole_characters(const char *s)
{
	size_t n = strlen(s), lead = n;
	while (lead > 0 && n - lead < 4 && ((unsigned char)s[lead - 1] & 0xC0) == 0x80)
		lead--;
	if (lead == 0)
		return n;
	unsigned char c = (unsigned char)s[lead - 1];
	size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	return n - (lead - 1) < need ? lead - 1 : n;
}

void api_field_error(json_t **errors, const char *field, const char *code, const char *message)
{
	if (*errors == NULL)
		*errors = json_array();
	json_t *e = json_pack("{s:s%, s:s, s:s}", "field", field, whole_characters(field), "code",
			      code, "message", message);
	json_array_append_new(*errors, e);
}

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "api_internal.h"

json_t *api_body_object(struct api_ctx *c)
{
	const struct api_request *r = c->req;
	if (r->body == NULL || r->body_len == 0) {
		api_problem(c, 400, "malformed-json", "Malformed JSON", "the request body is empty",
			    NULL);
		return NULL;
	}
	json_error_t e;
	json_t *v = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &e);
	if (v == NULL) {
		char detail[300];
		snprintf(detail, sizeof detail, "line %d, column %d: %s", e.line, e.column, e.text);
		api_problem(c, 400, "malformed-json", "Malformed JSON", detail, NULL);
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		api_problem(c, 400, "malformed-json", "Malformed JSON",
			    "the request body must be a JSON object", NULL);
		return NULL;
	}
	return v;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Decodes %XX and '+' of a query component; false when malformed or too long. */
static bool decode(const char *s, size_t n, char *buf, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == '+') {
			ch = ' ';
		} else if (ch == '%') {
			if (i + 2 >= n)
				return false;
			int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
			if (h < 0 || l < 0)
				return false;
			ch = (char)(h * 16 + l);
			i += 2;
		}
		if (ch == '\0' || o + 1 >= len)
			return false;
		buf[o++] = ch;
	}
	buf[o] = '\0';
	return true;
}

enum api_lookup api_query_get(const struct api_ctx *c, const char *key, char *buf, size_t len)
{
	const char *q = c->req->query;
	size_t klen = strlen(key);
	while (q != NULL && *q != '\0') {
		const char *amp = strchr(q, '&');
		size_t plen = amp ? (size_t)(amp - q) : strlen(q);
		if (plen > klen && strncmp(q, key, klen) == 0 && q[klen] == '=')
			return decode(q + klen + 1, plen - klen - 1, buf, len)
				   ? API_LOOKUP_FOUND
				   : API_LOOKUP_UNREADABLE;
		if (plen == klen && strncmp(q, key, klen) == 0) {
			buf[0] = '\0';
			return API_LOOKUP_FOUND;
		}
		q = amp ? amp + 1 : NULL;
	}
	return API_LOOKUP_ABSENT;
}

/*
 * Where the first control character of s is, or -1. Never allowed: C0
 * controls, DEL, C1 controls (U+0080..U+009F, UTF-8 C2 80..C2 9F). A
 * single-line field (a name, a reference, a payer) also refuses line
 * breaks and tabs, U+2028 and U+2029 included: they end up in PDFs, CSV
 * cells, e-mail headers and logs, where a line break splits or forges a
 * line. A multi-line text (a remark, the text of a letter) keeps LF, CR
 * and tab.
 */
static long control_at(const char *s, bool multiline)
{
	const unsigned char *u = (const unsigned char *)s;
	for (long i = 0; u[i] != '\0'; i++) {
		if (u[i] == '\n' || u[i] == '\r' || u[i] == '\t') {
			if (!multiline)
				return i;
		} else if (u[i] < 0x20 || u[i] == 0x7F) {
			return i;
		} else if (u[i] == 0xC2 && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F) {
			return i;
		} else if (!multiline && u[i] == 0xE2 && u[i + 1] == 0x80 &&
			   (u[i + 2] == 0xA8 || u[i + 2] == 0xA9)) {
			return i;
		}
	}
	return -1;
}

bool api_single_line(const char *s)
{
	return control_at(s, false) < 0;
}

static const char *json_text(json_t *body, const char *name, size_t maxlen, bool required,
			     bool multiline, json_t **errors)
{
	json_t *v = json_object_get(body, name);
	if (v == NULL || json_is_null(v)) {
		if (required)
			api_field_error(errors, name, "required", "this field is required");
		return NULL;
	}
	if (!json_is_string(v)) {
		api_field_error(errors, name, "type", "must be a string");
		return NULL;
	}
	if (json_string_length(v) > maxlen ||
	    strlen(json_string_value(v)) != json_string_length(v)) {
		api_field_error(errors, name, "too-long", "is too long or contains a NUL");
		return NULL;
	}
	if (control_at(json_string_value(v), multiline) >= 0) {
		api_field_error(errors, name, "control-character",
				multiline ? "must not contain control characters"
					  : "must be one line, without line breaks, tabs or "
					    "control characters");
		return NULL;
	}
	return json_string_value(v);
}

const char *api_json_string(json_t *body, const char *name, size_t maxlen, bool required,
			    json_t **errors)
{
	return json_text(body, name, maxlen, required, false, errors);
}

const char *api_json_text(json_t *body, const char *name, size_t maxlen, bool required,
			  json_t **errors)
{
	return json_text(body, name, maxlen, required, true, errors);
}

void api_id_text(int64_t id, char out[API_ID_LEN])
{
	snprintf(out, API_ID_LEN, "%" PRId64, id);
}

bool api_id_valid(const char *s)
{
	size_t n = strlen(s);
	return n > 0 && n <= 18 && strspn(s, "0123456789") == n && s[0] != '0';
}

int api_enum_index(const char *const *names, const char *name)
{
	for (int i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

void api_json_nonempty_check(json_t **errors, int n, const char *const *names,
			     const char *const *vals)
{
	for (int i = 0; i < n; i++)
		if (vals[i] != NULL && vals[i][0] == '\0')
			api_field_error(errors, names[i], "required", "must not be empty");
}

const char *api_json_nonempty(json_t *body, const char *name, size_t maxlen, bool required,
			      json_t **errors)
{
	const char *s = api_json_string(body, name, maxlen, required, errors);
	if (s != NULL && s[0] == '\0') {
		api_field_error(errors, name, "required", "must not be empty");
		return NULL;
	}
	return s;
}

const char *api_json_nonempty_text(json_t *body, const char *name, size_t maxlen, bool required,
				   json_t **errors)
{
	const char *s = api_json_text(body, name, maxlen, required, errors);
	if (s != NULL && s[0] == '\0') {
		api_field_error(errors, name, "required", "must not be empty");
		return NULL;
	}
	return s;
}

/*
 * api/api_input.c and api/api_res.c: the request decoding every resource
 * uses. api_body_object either returns an object or sets a 400 problem;
 * each api_json_* helper, on every member of that object and on an absent
 * one, either reads a value that satisfies its contract or leaves *out
 * untouched and adds exactly the field error it documents (none for an
 * absent optional member); api_query_get agrees with a reference decoder
 * at every buffer size; api_page_read and api_if_match accept what they
 * document and answer anything else with a well-formed problem.
 *
 * Input: the first line is the query string (and the If-Match header), the
 * rest the JSON body.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"

static size_t nerrors(const json_t *errors)
{
	return errors == NULL ? 0 : json_array_size(errors);
}

/*
 * After a helper call: success adds nothing; failure adds one error about
 * `name` with one of the codes listed ("a|b|c"), except an absent optional
 * member, which adds nothing.
 */
static void check_call(bool ok, json_t *errors, size_t before, const char *name, bool absent,
		       bool required, const char *codes)
{
	if (ok || (absent && !required)) {
		FUZZ_CHECK(nerrors(errors) == before);
		return;
	}
	FUZZ_CHECK(nerrors(errors) == before + 1);
	fuzz_check_errors(errors);
	json_t *e = json_array_get(errors, before);
	FUZZ_CHECK(strcmp(json_string_value(json_object_get(e, "field")), name) == 0);
	const char *code = json_string_value(json_object_get(e, "code"));
	char list[96];
	snprintf(list, sizeof list, "|%s|", codes);
	char needle[48];
	snprintf(needle, sizeof needle, "|%s|", code);
	FUZZ_CHECK(strstr(list, needle) != NULL);
	if (absent)
		FUZZ_CHECK(strcmp(code, "required") == 0);
}

static const char *const enum_values[] = {"open", "acknowledged", "resolved", "", NULL};

/* Every helper on one member name (present or not), with bounds from sel. */
static void check_member(json_t *body, const char *name, uint8_t sel, json_t **errors)
{
	json_t *v = json_object_get(body, name);
	bool absent = v == NULL || json_is_null(v);
	bool required = sel & 1;
	static const size_t maxlens[] = {0, 1, 10, 64, 4000};
	static const int64_t bounds[][2] = {
	    {1, INT64_MAX}, {0, 100000000}, {-5, 100}, {INT64_MIN, INT64_MAX}, {1, 200}};
	size_t maxlen = maxlens[(sel >> 1) % 5];
	int64_t min = bounds[(sel >> 4) % 5][0], max = bounds[(sel >> 4) % 5][1];

	size_t before = nerrors(*errors);
	const char *s = api_json_string(body, name, maxlen, required, errors);
	if (s != NULL) {
		FUZZ_CHECK(json_is_string(v) && s == json_string_value(v));
		FUZZ_CHECK(strlen(s) == json_string_length(v) && strlen(s) <= maxlen);
		/* a single line: no byte below 0x20, no DEL */
		for (const char *p = s; *p != '\0'; p++)
			FUZZ_CHECK((unsigned char)*p >= 0x20 && *p != 0x7F);
	}
	check_call(s != NULL, *errors, before, name, absent, required,
		   "required|type|too-long|control-character");

	/* a multi-line text: the same, line breaks and tabs allowed */
	before = nerrors(*errors);
	const char *t = api_json_text(body, name, maxlen, required, errors);
	if (t != NULL) {
		FUZZ_CHECK(json_is_string(v) && t == json_string_value(v));
		FUZZ_CHECK(strlen(t) == json_string_length(v) && strlen(t) <= maxlen);
		for (const char *p = t; *p != '\0'; p++)
			FUZZ_CHECK(((unsigned char)*p >= 0x20 && *p != 0x7F) || *p == '\n' ||
				   *p == '\r' || *p == '\t');
	}
	if (s != NULL)
		FUZZ_CHECK(t == s);
	check_call(t != NULL, *errors, before, name, absent, required,
		   "required|type|too-long|control-character");

	int64_t n = 42;
	before = nerrors(*errors);
	bool ok = api_json_int(body, name, required, min, max, errors, &n);
	if (ok)
		FUZZ_CHECK(json_is_integer(v) && n == json_integer_value(v) && n >= min &&
			   n <= max);
	else
		FUZZ_CHECK(n == 42);
	check_call(ok, *errors, before, name, absent, required, "required|type|range");

	n = 42;
	before = nerrors(*errors);
	ok = api_json_cents(body, name, required, min, max, errors, &n);
	if (ok)
		FUZZ_CHECK(json_is_integer(v) && n == json_integer_value(v) && n >= min &&
			   n <= max);
	else
		FUZZ_CHECK(n == 42);
	check_call(ok, *errors, before, name, absent, required, "required|type|range");

	bdate_t d = 42;
	before = nerrors(*errors);
	ok = api_json_date(body, name, required, errors, &d);
	if (ok) {
		bdate_t again;
		FUZZ_CHECK(json_is_string(v) && json_string_length(v) == 10);
		FUZZ_CHECK(bdate_parse_iso(json_string_value(v), 10, &again) && again == d);
	} else {
		FUZZ_CHECK(d == 42);
	}
	check_call(ok, *errors, before, name, absent, required,
		   "required|type|too-long|control-character|invalid");

	bool b = false;
	before = nerrors(*errors);
	ok = api_json_bool(body, name, required, errors, &b);
	if (ok)
		FUZZ_CHECK(json_is_boolean(v) && b == json_is_true(v));
	else
		FUZZ_CHECK(!b);
	check_call(ok, *errors, before, name, absent, required, "required|type");

	int idx = 42;
	before = nerrors(*errors);
	ok = api_json_enum(body, name, required, enum_values, errors, &idx);
	if (ok)
		FUZZ_CHECK(idx >= 0 && idx < 4 && json_is_string(v) &&
			   strcmp(json_string_value(v), enum_values[idx]) == 0);
	else
		FUZZ_CHECK(idx == 42);
	check_call(ok, *errors, before, name, absent, required,
		   "required|type|too-long|control-character|enum");
}

static void check_body(json_t *body, uint8_t sel)
{
	json_t *errors = NULL;
	const char *key;
	json_t *v;
	size_t k = 0, unknown = 0;
	json_object_foreach(body, key, v)
	{
		if (k++ == 16)
			break;
		check_member(body, key, (uint8_t)(sel + k), &errors);
	}
	check_member(body, "absent", sel, &errors);
	/* Only the allowed names pass. */
	static const char *const allowed[] = {"name", "kind", "rooms", "", NULL};
	json_object_foreach(body, key, v)
	{
		bool known = false;
		for (int i = 0; allowed[i] != NULL; i++)
			known = known || strcmp(key, allowed[i]) == 0;
		unknown += !known;
	}
	size_t before = nerrors(errors);
	api_json_only(body, allowed, &errors);
	FUZZ_CHECK(nerrors(errors) == before + unknown);
	if (errors != NULL)
		fuzz_check_errors(errors);
	json_decref(errors);
}

/* ---- the query string ---- */

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f')
		return (ch | 0x20) - 'a' + 10;
	return -1;
}

/* The first '&'-separated part that is "key" or "key=value", decoded
 * ('+' is a space, %XX a byte; a NUL byte or a lone '%' is malformed). */
static enum api_lookup ref_query(const char *q, const char *key, char *out, size_t len)
{
	size_t klen = strlen(key);
	for (const char *p = q; p != NULL && *p != '\0';) {
		const char *amp = strchr(p, '&');
		size_t plen = amp ? (size_t)(amp - p) : strlen(p);
		if (plen >= klen && memcmp(p, key, klen) == 0 && (plen == klen || p[klen] == '=')) {
			size_t o = 0;
			for (size_t i = klen + 1; i < plen; i++) {
				int ch = (unsigned char)p[i];
				if (ch == '+') {
					ch = ' ';
				} else if (ch == '%') {
					if (i + 2 >= plen || hexval(p[i + 1]) < 0 ||
					    hexval(p[i + 2]) < 0)
						return API_LOOKUP_UNREADABLE;
					ch = hexval(p[i + 1]) * 16 + hexval(p[i + 2]);
					i += 2;
				}
				if (ch == 0 || o + 1 >= len)
					return API_LOOKUP_UNREADABLE;
				out[o++] = (char)ch;
			}
			out[o] = '\0';
			return API_LOOKUP_FOUND;
		}
		p = amp ? amp + 1 : NULL;
	}
	return API_LOOKUP_ABSENT;
}

static void check_query(struct fuzz_req *f, const char *key)
{
	static const size_t lens[] = {1, 2, 8, 24, 100, 4096};
	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		/* Exactly len bytes, so ASan sees a write past the end. */
		char *buf = malloc(lens[i]), *want = malloc(lens[i]);
		FUZZ_CHECK(buf != NULL && want != NULL);
		enum api_lookup rc = api_query_get(&f->c, key, buf, lens[i]);
		FUZZ_CHECK(rc == ref_query(f->req.query, key, want, lens[i]));
		if (rc == API_LOOKUP_FOUND)
			FUZZ_CHECK(strcmp(buf, want) == 0);
		free(buf);
		free(want);
	}
}

static void check_page(struct fuzz_req *f)
{
	struct api_page page;
	char limit[32], after[32];
	enum api_lookup has_limit = ref_query(f->req.query, "limit", limit, 24);
	enum api_lookup has_after = ref_query(f->req.query, "after", after, 24);
	fuzz_req_reset(f);
	if (api_page_read(&f->c, &page) == 0) {
		FUZZ_CHECK(f->resp.status == 0);
		FUZZ_CHECK(page.limit >= 1 && page.limit <= 200 && page.after >= 0);
		char text[24];
		snprintf(text, sizeof text, "%" PRId64, page.limit);
		FUZZ_CHECK(strcmp(text, page.limit_text) == 0);
		snprintf(text, sizeof text, "%" PRId64, page.after);
		FUZZ_CHECK(strcmp(text, page.after_text) == 0);
		/* Absent parameters keep their defaults. */
		FUZZ_CHECK(has_limit != API_LOOKUP_ABSENT || page.limit == 50);
		FUZZ_CHECK(has_after != API_LOOKUP_ABSENT || page.after == 0);
		FUZZ_CHECK(has_limit != API_LOOKUP_UNREADABLE && has_after != API_LOOKUP_UNREADABLE);
		return;
	}
	json_t *p = fuzz_check_problem(&f->resp, 400);
	FUZZ_CHECK(strcmp(fuzz_problem_type(p), "invalid-query") == 0);
	json_t *errors = json_object_get(p, "errors");
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e)
	{
		const char *field = json_string_value(json_object_get(e, "field"));
		FUZZ_CHECK(strcmp(field, "limit") == 0 || strcmp(field, "after") == 0);
	}
	FUZZ_CHECK(errors != NULL &&
		   (has_limit != API_LOOKUP_ABSENT || has_after != API_LOOKUP_ABSENT));
	json_decref(p);
}

static void check_if_match(struct fuzz_req *f, const char *header)
{
	int64_t version = 42;
	fuzz_req_reset(f);
	f->req.if_match = header;
	int rc = api_if_match(&f->c, &version);
	f->req.if_match = NULL;
	if (rc == 0) {
		FUZZ_CHECK(f->resp.status == 0 && header != NULL && version >= 1);
		/* A strong ETag "N", N the version: a weak one never matches. */
		const char *p = header;
		size_t n = strlen(p);
		FUZZ_CHECK(n >= 3 && p[0] == '"' && p[n - 1] == '"');
		FUZZ_CHECK(strspn(p + 1, "0123456789") == n - 2 && p[1] != '0');
		FUZZ_CHECK(strtoll(p + 1, NULL, 10) == version);
		return;
	}
	FUZZ_CHECK(version == 42);
	json_decref(fuzz_check_problem(
	    &f->resp, header != NULL && strncmp(header, "W/", 2) == 0 ? 412 : 428));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t qlen = nl ? (size_t)(nl - data) : 0;
	const uint8_t *body = nl ? nl + 1 : data;
	size_t blen = size - (size_t)(body - data);

	struct fuzz_req f;
	fuzz_req_init(&f, body, blen);
	/* The daemon hands over a NUL-terminated query: stop at a NUL byte. */
	char *query = strndup((const char *)data, qlen);
	FUZZ_CHECK(query != NULL);
	f.req.query = query;

	json_t *obj = api_body_object(&f.c);
	if (obj != NULL) {
		FUZZ_CHECK(json_is_object(obj) && f.resp.status == 0);
		check_body(obj, size > 0 ? data[0] : 0);
		json_decref(obj);
	} else {
		json_t *p = fuzz_check_problem(&f.resp, 400);
		FUZZ_CHECK(strcmp(fuzz_problem_type(p), "malformed-json") == 0);
		json_decref(p);
	}

	static const char *const keys[] = {"limit", "after", "key", "date", "state", "token"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		check_query(&f, keys[i]);
	/* And the query's own first key. */
	char first[64];
	size_t fl = strcspn(query, "=&");
	if (fl > 0 && fl < sizeof first) {
		memcpy(first, query, fl);
		first[fl] = '\0';
		check_query(&f, first);
	}
	check_page(&f);
	check_if_match(&f, query);
	check_if_match(&f, NULL);

	fuzz_req_free(&f);
	free(query);
	return 0;
}

/* Helpers shared by every resource: typed JSON members, pagination, ETags. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_internal.h"

bool api_json_date(json_t *body, const char *name, bool required, json_t **errors, bdate_t *out)
{
	const char *s = api_json_string(body, name, 10, required, errors);
	if (s == NULL)
		return false;
	if (!bdate_parse_iso(s, strlen(s), out)) {
		api_field_error(errors, name, "invalid", "must be a date YYYY-MM-DD");
		return false;
	}
	return true;
}

bool api_json_int(json_t *body, const char *name, bool required, int64_t min, int64_t max,
		  json_t **errors, int64_t *out)
{
	json_t *v = json_object_get(body, name);
	if (v == NULL || json_is_null(v)) {
		if (required)
			api_field_error(errors, name, "required", "this field is required");
		return false;
	}
	if (!json_is_integer(v)) {
		api_field_error(errors, name, "type", "must be an integer");
		return false;
	}
	json_int_t n = json_integer_value(v);
	if (n < min || n > max) {
		char msg[120];
		snprintf(msg, sizeof msg, "must be between %" PRId64 " and %" PRId64, min, max);
		api_field_error(errors, name, "range", msg);
		return false;
	}
	*out = (int64_t)n;
	return true;
}

bool api_json_cents(json_t *body, const char *name, bool required, int64_t min, int64_t max,
		    json_t **errors, int64_t *out)
{
	json_t *v = json_object_get(body, name);
	if (v != NULL && json_is_real(v)) {
		api_field_error(errors, name, "type",
				"must be an integer number of cents (e.g. 45000 for 450,00 €)");
		return false;
	}
	return api_json_int(body, name, required, min, max, errors, out);
}

bool api_json_bool(json_t *body, const char *name, bool required, json_t **errors, bool *out)
{
	json_t *v = json_object_get(body, name);
	if (v == NULL || json_is_null(v)) {
		if (required)
			api_field_error(errors, name, "required", "this field is required");
		return false;
	}
	if (!json_is_boolean(v)) {
		api_field_error(errors, name, "type", "must be true or false");
		return false;
	}
	*out = json_is_true(v);
	return true;
}

bool api_json_enum(json_t *body, const char *name, bool required, const char *const *values,
		   json_t **errors, int *out)
{
	const char *s = api_json_string(body, name, 64, required, errors);
	if (s == NULL)
		return false;
	for (int i = 0; values[i] != NULL; i++) {
		if (strcmp(s, values[i]) == 0) {
			*out = i;
			return true;
		}
	}
	char msg[400] = "must be one of:";
	for (int i = 0; values[i] != NULL; i++) {
		size_t l = strlen(msg);
		snprintf(msg + l, sizeof msg - l, "%s %s", i ? "," : "", values[i]);
	}
	api_field_error(errors, name, "enum", msg);
	return false;
}

void api_json_only(json_t *body, const char *const *allowed, json_t **errors)
{
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v)
	{
		bool ok = false;
		for (int i = 0; allowed[i] != NULL && !ok; i++)
			ok = strcmp(key, allowed[i]) == 0;
		if (!ok)
			api_field_error(errors, key, "unknown", "unknown field");
	}
}

void api_param_text(const struct api_ctx *c, int i, char out[24])
{
	api_id_text(i < c->nparams ? c->params[i] : (int64_t)0, out);
}

static int query_int(struct api_ctx *c, const char *key, int64_t min, int64_t max, int64_t *out,
		     json_t **errors)
{
	char buf[24];
	enum api_lookup has = api_query_get(c, key, buf, sizeof buf);
	if (has == API_LOOKUP_ABSENT)
		return 0;
	char *end;
	errno = 0;
	long long n = has == API_LOOKUP_FOUND ? strtoll(buf, &end, 10) : 0;
	if (has == API_LOOKUP_UNREADABLE || errno != 0 || end == buf || *end != '\0' || n < min ||
	    n > max) {
		char msg[96];
		snprintf(msg, sizeof msg, "must be an integer between %" PRId64 " and %" PRId64,
			 min, max);
		api_field_error(errors, key, "invalid", msg);
		return -1;
	}
	*out = n;
	return 0;
}

int api_page_read(struct api_ctx *c, struct api_page *page)
{
	json_t *errors = NULL;
	page->limit = 50;
	page->after = 0;
	query_int(c, "limit", 1, 200, &page->limit, &errors);
	query_int(c, "after", 0, INT64_MAX, &page->after, &errors);
	if (errors != NULL)
		return api_problem(c, 400, "invalid-query", "Invalid query", NULL, errors);
	api_id_text(page->limit, page->limit_text);
	api_id_text(page->after, page->after_text);
	return 0;
}

int api_if_match(struct api_ctx *c, int64_t *version)
{
	const char *h = c->req->if_match;
	if (h == NULL)
		return api_problem(c, 428, "precondition-required", "Precondition required",
				   "send If-Match with the ETag of the version you read", NULL);
	const char *p = h;
	/* If-Match compares strongly (RFC 9110 13.1.1): a weak tag never
	 * matches, whatever its version. */
	if (strncmp(p, "W/", 2) == 0)
		return api_problem(
		    c, 412, "stale-version", "Precondition failed",
		    "If-Match takes the strong ETag that was read, such as \"3\": a weak "
		    "one (W/) never matches",
		    NULL);
	char *end = NULL;
	errno = 0;
	/* digits only, as api_set_etag writes them: no sign, space or leading 0 */
	long long v = *p == '"' && p[1] >= '1' && p[1] <= '9' ? strtoll(p + 1, &end, 10) : -1;
	if (end == NULL || errno != 0 || v < 1 || *end != '"' || end[1] != '\0')
		return api_problem(c, 428, "precondition-required", "Precondition required",
				   "If-Match must be an ETag such as \"3\"", NULL);
	*version = v;
	return 0;
}

void api_set_etag(struct api_ctx *c, const char *version)
{
	char tag[40];
	snprintf(tag, sizeof tag, "\"%s\"", version);
	api_add_header(c, "ETag", tag);
}

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* Past the JSON string starting at p (on its opening quote); NULL if it does
 * not end. *escaped tells whether it holds a backslash. */
static const char *skip_string(const char *p, bool *escaped)
{
	*escaped = false;
	for (p++; *p != '\0'; p++) {
		if (*p == '"')
			return p + 1;
		if (*p == '\\') {
			*escaped = true;
			if (*++p == '\0')
				return NULL;
		}
	}
	return NULL;
}

/* Past the JSON value starting at p: strings and nesting are followed, the
 * rest (numbers, literals) runs to the next delimiter. NULL if it does not
 * end. */
static const char *skip_value(const char *p)
{
	int depth = 0;
	bool esc;
	do {
		p = skip_ws(p);
		if (*p == '"') {
			if ((p = skip_string(p, &esc)) == NULL)
				return NULL;
		} else if (*p == '{' || *p == '[') {
			depth++;
			p++;
		} else if (*p == '}' || *p == ']') {
			if (depth == 0)
				return NULL;
			depth--;
			p++;
		} else if (*p == ',' || *p == ':') {
			if (depth == 0)
				return NULL;
			p++;
		} else if (*p == '\0') {
			return NULL;
		} else {
			while (*p != '\0' && strchr(" \t\n\r,:{}[]\"", *p) == NULL)
				p++;
		}
	} while (depth > 0);
	return p;
}

/*
 * The integer member "version" of the JSON object `json` without building
 * the whole tree (the documents served by id are read only for their ETag).
 * FOUND, with *out set, when the object's last "version" member is an
 * integer, ABSENT when it has none or it is not an integer, UNREADABLE
 * when this scanner cannot tell (a key with an escape, a malformed text, an integer out of
 * range): the caller then asks jansson. tests/fuzz/fuzz_doc_version checks
 * that it agrees with jansson on every text jansson accepts.
 */
enum api_lookup api_doc_version(const char *json, int64_t *out)
{
	const char *p = skip_ws(json);
	if (*p++ != '{')
		return API_LOOKUP_UNREADABLE;
	bool found = false;
	int64_t version = 0;
	p = skip_ws(p);
	if (*p == '}')
		return *skip_ws(p + 1) == '\0' ? API_LOOKUP_ABSENT : API_LOOKUP_UNREADABLE;
	for (;;) {
		if (*p != '"')
			return API_LOOKUP_UNREADABLE;
		const char *key = p + 1;
		bool esc;
		if ((p = skip_string(p, &esc)) == NULL || esc)
			return API_LOOKUP_UNREADABLE;
		bool is_version = p - key - 1 == 7 && memcmp(key, "version", 7) == 0;
		p = skip_ws(p);
		if (*p++ != ':')
			return API_LOOKUP_UNREADABLE;
		p = skip_ws(p);
		const char *value = p;
		if ((p = skip_value(p)) == NULL)
			return API_LOOKUP_UNREADABLE;
		if (is_version) {
			const char *d = value + (*value == '-');
			const char *e = d;
			while (*e >= '0' && *e <= '9')
				e++;
			/* an integer is digits only (jansson: no fraction, no exponent),
			 * without a leading zero unless it is 0 */
			if (e == p && e > d && (*d != '0' || e - d == 1)) {
				char *end;
				errno = 0;
				long long n = strtoll(value, &end, 10);
				if (errno != 0 || end != p)
					return API_LOOKUP_UNREADABLE;
				found = true;
				version = n;
			} else {
				found = false;
			}
		}
		p = skip_ws(p);
		if (*p == '}')
			break;
		if (*p++ != ',')
			return API_LOOKUP_UNREADABLE;
		p = skip_ws(p);
	}
	if (*skip_ws(p + 1) != '\0')
		return API_LOOKUP_UNREADABLE;
	if (!found)
		return API_LOOKUP_ABSENT;
	*out = version;
	return API_LOOKUP_FOUND;
}

int api_reply_row(struct api_ctx *c, int status, const char *json)
{
	int64_t version = 0;
	enum api_lookup has = api_doc_version(json, &version);
	if (has == API_LOOKUP_UNREADABLE) {
		json_t *row = json_loads(json, 0, NULL);
		json_t *v = row ? json_object_get(row, "version") : NULL;
		has = json_is_integer(v) ? API_LOOKUP_FOUND : API_LOOKUP_ABSENT;
		if (has == API_LOOKUP_FOUND)
			version = (int64_t)json_integer_value(v);
		json_decref(row);
	}
	if (has == API_LOOKUP_FOUND) {
		char ver[24];
		api_id_text(version, ver);
		api_set_etag(c, ver);
	}
	return api_reply_json_copy(c, status, json, strlen(json));
}

void api_text_put(struct api_text *t, const char *s, size_t len)
{
	if (t->oom)
		return;
	if (t->n + len + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 4096;
		while (t->n + len + 1 > cap)
			cap *= 2;
		char *p = realloc(t->p, cap);
		if (p == NULL) {
			t->oom = true;
			return;
		}
		t->p = p;
		t->cap = cap;
	}
	memcpy(t->p + t->n, s, len);
	t->n += len;
	t->p[t->n] = '\0';
}

void api_text_puts(struct api_text *t, const char *s)
{
	api_text_put(t, s, strlen(s));
}

/* ---- documents of the caller's operator ---- */

/* Lists a *_docs view of the caller's operator with keyset pagination;
 * extra_where is SQL over the view's alias d using parameters from $4. */
int api_list_docs(struct api_ctx *c, const char *view, const char *extra_where, int nextra,
		  const char *const *extra)
{
	struct api_page page;
	if (api_page_read(c, &page) != 0)
		return -1;
	char op[24];
	api_id_text(c->user.operator_id, op);
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "WITH page AS (SELECT d.id, d.doc FROM %s d WHERE d.operator_id = $1"
		 " AND d.id > $2 %s%s ORDER BY d.id LIMIT $3)"
		 " SELECT '[' || coalesce(string_agg(doc, ',' ORDER BY id), '') || ']',"
		 " count(*), max(id) FROM page",
		 view, extra_where ? "AND " : "", extra_where ? extra_where : "");
	const char *v[8] = {op, page.after_text, page.limit_text};
	for (int i = 0; i < nextra && i < 5; i++)
		v[3 + i] = extra[i];
	PGresult *r = api_db_exec(c, sql, 3 + nextra, v);
	if (r == NULL)
		return -1;
	/* The documents are JSON texts built by SQL: the page is assembled around
	 * them rather than parsed and serialised again. next_after: pass it as
	 * ?after= to read the next page; null at the end. */
	const char *items = PQgetvalue(r, 0, 0);
	int64_t n = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
	char tail[96];
	if (n == page.limit)
		snprintf(tail, sizeof tail, ",\"next_after\":%" PRId64 ",\"limit\":%" PRId64 "}",
			 (int64_t)strtoll(PQgetvalue(r, 0, 2), NULL, 10), page.limit);
	else
		snprintf(tail, sizeof tail, ",\"next_after\":null,\"limit\":%" PRId64 "}",
			 page.limit);
	static const char head[] = "{\"items\":";
	size_t ni = strlen(items), nt = strlen(tail);
	char *body = malloc(sizeof head - 1 + ni + nt + 1);
	if (body == NULL) {
		PQclear(r);
		return api_problem(c, 500, "internal", "Internal error", "out of memory", NULL);
	}
	memcpy(body, head, sizeof head - 1);
	memcpy(body + sizeof head - 1, items, ni);
	memcpy(body + sizeof head - 1 + ni, tail, nt + 1);
	PQclear(r);
	return api_reply_text(c, 200, "application/json", body, sizeof head - 1 + ni + nt);
}

/* Reads one document of the caller's operator; 404 when absent. With
 * for_update the row is locked by `lock_sql` first. Returns malloc'd JSON. */
char *api_get_doc(struct api_ctx *c, const char *view, const char *what, int64_t id)
{
	char op[24], ids[24];
	api_id_text(c->user.operator_id, op);
	api_id_text(id, ids);
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT doc FROM %s WHERE id = $1 AND operator_id = $2", view);
	const char *v[2] = {ids, op};
	PGresult *r = api_db_exec(c, sql, 2, v);
	if (r == NULL)
		return NULL;
	char *doc = PQntuples(r) == 1 ? strdup(PQgetvalue(r, 0, 0)) : NULL;
	bool found = PQntuples(r) == 1;
	PQclear(r);
	if (!found)
		api_not_found(c, what, id);
	return doc;
}

int api_reply_doc(struct api_ctx *c, const char *view, const char *what, int64_t id, int status)
{
	char *doc = api_get_doc(c, view, what, id);
	if (doc == NULL)
		return -1;
	int rc = api_reply_row(c, status, doc);
	free(doc);
	return rc;
}

/*
 * Locks the row of `table` for an update checked against If-Match: 404 when
 * it is not the caller's, 412 when its version is not the one sent.
 */
int api_lock_versioned(struct api_ctx *c, const char *table, const char *what, int64_t id,
		       int64_t expected_version)
{
	char op[24], ids[24], sql[200];
	api_id_text(c->user.operator_id, op);
	api_id_text(id, ids);
	snprintf(sql, sizeof sql,
		 "SELECT version FROM %s WHERE id = $1 AND operator_id = $2 FOR UPDATE", table);
	const char *v[2] = {ids, op};
	PGresult *r = api_db_exec(c, sql, 2, v);
	if (r == NULL)
		return -1;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return api_not_found(c, what, id);
	}
	int64_t current = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	if (current != expected_version) {
		char detail[160];
		snprintf(detail, sizeof detail,
			 "the %s changed since you read it (version %" PRId64 ", you sent %" PRId64
			 "): read it again",
			 what, current, expected_version);
		return api_problem(c, 412, "stale-version", "Precondition failed", detail, NULL);
	}
	return 0;
}

bool api_cell_date(PGresult *r, int row, int col, bdate_t *out)
{
	const char *s = PQgetvalue(r, row, col);
	return !PQgetisnull(r, row, col) && bdate_parse_iso(s, strlen(s), out);
}

int api_not_found(struct api_ctx *c, const char *what, int64_t id)
{
	char detail[120];
	snprintf(detail, sizeof detail, "no %s %" PRId64, what, id);
	return api_problem(c, 404, "not-found", "Not found", detail, NULL);
}

int api_household_lock(struct api_ctx *c, int64_t household_id)
{
	char hh[API_ID_LEN], op[API_ID_LEN];
	api_id_text(household_id, hh);
	api_id_text(c->user.operator_id, op);
	const char *v[2] = {hh, op};
	PGresult *r = api_db_exec(
	    c, "SELECT 1 FROM households WHERE id = $1 AND operator_id = $2 FOR NO KEY UPDATE", 2,
	    v);
	if (r == NULL)
		return -1;
	int n = PQntuples(r);
	PQclear(r);
	return n == 1 ? 0 : api_not_found(c, "household", household_id);
}

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "money.h"

/* Rows in force on $1 (the latest valid_from not after it), with a warning
 * when the newest row of the key is more than 13 months older than today
 * ($3): amounts are indexed yearly, so such a row is probably outdated. */
static const char sql_in_force[] =
	"SELECT coalesce(json_agg(json_build_object("
	" 'key', p.key, 'valid_from', p.valid_from, 'value', p.value::text,"
	" 'value_int', p.value_int, 'unit', p.unit, 'source', p.source,"
	" 'confirmed', p.confirmed, 'newest_valid_from', n.newest,"
	" 'outdated_warning', n.newest < ($3::date - interval '13 months'))"
	" ORDER BY p.key), '[]')"
	" FROM (SELECT DISTINCT ON (key) * FROM parameters"
	"       WHERE valid_from <= $1::date AND ($2::text IS NULL OR key = $2)"
	"       ORDER BY key, valid_from DESC) p"
	" JOIN (SELECT key, max(valid_from) AS newest FROM parameters GROUP BY key) n"
	" USING (key)";

static bool valid_key(const char *k)
{
	size_t n = strlen(k);
	if (n == 0 || n > 64 || !islower((unsigned char)k[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!islower((unsigned char)k[i]) && !isdigit((unsigned char)k[i]) && k[i] != '_')
			return false;
	return true;
}

int h_parameters_get(struct api_ctx *c)
{
	char key[80], date[16], today[BDATE_ISO_LEN];
	json_t *errors = NULL;
	bdate_format_iso(c->req->today, today);
	int has_key = api_query_get(c, "key", key, sizeof key);
	int has_date = api_query_get(c, "date", date, sizeof date);
	bdate_t d;
	if (has_key < 0 || (has_key > 0 && !valid_key(key)))
		api_field_error(&errors, "key", "invalid",
				"key must be lower-case letters, digits and '_'");
	if (has_date < 0 || (has_date > 0 && !bdate_parse_iso(date, strlen(date), &d)))
		api_field_error(&errors, "date", "invalid", "date must be YYYY-MM-DD");
	if (errors != NULL)
		return api_problem(c, 400, "invalid-query", "Invalid query", NULL, errors);
	if (has_date == 0)
		memcpy(date, today, sizeof today);

	const char *v[3] = {date, has_key > 0 ? key : NULL, today};
	PGresult *r = api_db_exec(c, sql_in_force, 3, v);
	if (r == NULL)
		return -1;
	json_t *rows = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
	PQclear(r);
	if (rows == NULL)
		return api_problem(c, 500, "internal", "Internal error", "bad JSON from SQL", NULL);
	if (has_key > 0) {
		if (json_array_size(rows) == 0) {
			json_decref(rows);
			char detail[160];
			snprintf(detail, sizeof detail, "no row of '%s' is in force on %s", key,
				 date);
			return api_problem(c, 404, "not-found", "Not found", detail, NULL);
		}
		json_t *row = json_incref(json_array_get(rows, 0));
		json_decref(rows);
		return api_reply_json(c, 200, row);
	}
	return api_reply_json(c, 200, json_pack("{s:s, s:o}", "date", date, "items", rows));
}

struct param_input {
	const char *key, *valid_from, *unit, *source, *confirmed;
	char value[32];
};

static int insert_parameter(struct api_ctx *c, void *arg)
{
	struct param_input *in = arg;
	/* A key keeps one unit forever: a row in another unit would be read
	 * with the wrong scale by every rule that uses it. */
	const char *k[2] = {in->key, in->unit};
	PGresult *r = api_db_exec(c,
				  "SELECT unit FROM parameters WHERE key = $1 AND unit <> $2 LIMIT 1",
				  2, k);
	if (r == NULL)
		return -1;
	if (PQntuples(r) > 0) {
		json_t *errors = NULL;
		char msg[160];
		snprintf(msg, sizeof msg, "this key is expressed in '%s'", PQgetvalue(r, 0, 0));
		PQclear(r);
		api_field_error(&errors, "unit", "mismatch", msg);
		return api_problem(c, 422, "validation", "Invalid parameter", NULL, errors);
	}
	PQclear(r);
	char uid[24];
	snprintf(uid, sizeof uid, "%lld", (long long)c->user.id);
	const char *v[7] = {in->key, in->valid_from, in->value, in->unit,
			    in->source, in->confirmed, uid};
	r = api_db_exec(c,
			"INSERT INTO parameters (key, valid_from, value, unit, source, confirmed,"
			" created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)"
			" RETURNING json_build_object('key', key, 'valid_from', valid_from,"
			" 'value', value::text, 'value_int', value_int, 'unit', unit,"
			" 'source', source, 'confirmed', confirmed)::text",
			7, v);
	if (r == NULL)
		return -1;
	char *after = strdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	char id[120];
	snprintf(id, sizeof id, "%s@%s", in->key, in->valid_from);
	int rc = after ? api_audit(c, "parameter.create", "parameter", id, NULL, after) : -1;
	if (rc == 0)
		rc = api_reply_text(c, 201, "application/json", after, strlen(after));
	else
		free(after);
	return rc;
}

int h_parameters_post(struct api_ctx *c)
{
	json_t *body = api_body_object(c);
	if (body == NULL)
		return -1;
	json_t *errors = NULL;
	struct param_input in = {0};
	bdate_t d;
	static const char *const fields[] = {"key",  "valid_from", "value",
					     "unit", "source",	   "confirmed", NULL};
	api_json_only(body, fields, &errors);
	in.key = api_json_string(body, "key", 64, true, &errors);
	if (in.key != NULL && !valid_key(in.key))
		api_field_error(&errors, "key", "invalid",
				"must be lower-case letters, digits and '_'");
	in.valid_from = api_json_string(body, "valid_from", 10, true, &errors);
	if (in.valid_from != NULL && !bdate_parse_iso(in.valid_from, strlen(in.valid_from), &d))
		api_field_error(&errors, "valid_from", "invalid", "must be a date YYYY-MM-DD");
	const char *value = api_json_string(body, "value", 24, true, &errors);
	int64_t cents = 0;
	bool has_value = false;
	if (value != NULL) {
		if (!money_parse(value, strlen(value), &cents) || cents < 0)
			api_field_error(&errors, "value", "invalid",
					"must be a non-negative decimal string, e.g. \"17000.00\"");
		else if (!money_format_decimal(cents, in.value, sizeof in.value))
			api_field_error(&errors, "value", "invalid", "is out of range");
		else
			has_value = true;
	}
	in.unit = api_json_string(body, "unit", 40, true, &errors);
	if (in.unit != NULL && in.unit[0] == '\0')
		api_field_error(&errors, "unit", "required", "must not be empty");
	in.source = api_json_string(body, "source", 500, false, &errors);
	if (in.source == NULL)
		in.source = "";
	in.confirmed = api_json_string(body, "confirmed", 20, true, &errors);
	if (in.confirmed != NULL && strcmp(in.confirmed, "yes") != 0 &&
	    strcmp(in.confirmed, "no") != 0 && strcmp(in.confirmed, "product decision") != 0)
		api_field_error(&errors, "confirmed", "enum",
				"must be one of: yes, no, product decision");
	/* Only a value that parsed is checked: an invalid one has its error. */
	if (in.unit != NULL && has_value && strncmp(in.unit, "EUR", 3) != 0 && cents % 100 != 0)
		api_field_error(&errors, "value", "invalid", "must be a whole number for this unit");
	int rc;
	if (errors != NULL)
		rc = api_problem(c, 422, "validation", "Invalid parameter", NULL, errors);
	else
		rc = api_tx(c, insert_parameter, &in);
	json_decref(body);
	return rc;
}

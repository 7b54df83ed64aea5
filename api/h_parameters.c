#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "money.h"

/*
 * Rows in force on $1 for the caller's operator $3 (its own row of a local
 * choice before the shared one, as api_params_load), with the newest row of
 * each key it sees: core (params_outdated) says whether it is outdated.
 */
static const char sql_in_force[] =
	"SELECT p.key, n.newest::text, json_build_object("
	" 'key', p.key, 'valid_from', p.valid_from, 'value', p.value::text,"
	" 'value_int', p.value_int, 'unit', p.unit, 'source', p.source,"
	" 'confirmed', p.confirmed, 'operator_id', p.operator_id,"
	" 'newest_valid_from', n.newest)::text"
	" FROM (SELECT DISTINCT ON (key) * FROM parameters"
	"       WHERE valid_from <= $1::date AND ($2::text IS NULL OR key = $2)"
	"       AND (operator_id IS NULL OR operator_id = $3)"
	"       ORDER BY key, operator_id IS NULL, valid_from DESC) p"
	" JOIN (SELECT key, max(valid_from) AS newest FROM parameters"
	"       WHERE operator_id IS NULL OR operator_id = $3 GROUP BY key) n"
	" USING (key) ORDER BY p.key";

/* One row's document with what core says of its key: a local choice or
 * the law, and whether its newest row is outdated. Steals doc. */
static json_t *row_judged(struct api_ctx *c, json_t *doc, const char *key, const char *newest)
{
	bdate_t d;
	int k = params_key_index(key);
	bool outdated = bdate_parse_iso(newest, strlen(newest), &d) &&
			params_outdated(k, d, c->req->today);
	json_object_set_new(doc, "local", json_boolean(params_key_local(key)));
	json_object_set_new(doc, "outdated_warning", json_boolean(outdated));
	return doc;
}

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
	char key[80], date[16], today[BDATE_ISO_LEN], op[24];
	json_t *errors = NULL;
	bdate_format_iso(c->req->today, today);
	snprintf(op, sizeof op, "%lld", (long long)c->user.operator_id);
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

	const char *v[3] = {date, has_key > 0 ? key : NULL, op};
	PGresult *r = api_db_exec(c, sql_in_force, 3, v);
	if (r == NULL)
		return -1;
	json_t *rows = json_array();
	for (int i = 0; i < PQntuples(r); i++) {
		json_t *doc = json_loads(PQgetvalue(r, i, 2), 0, NULL);
		if (doc == NULL) {
			PQclear(r);
			json_decref(rows);
			return api_problem(c, 500, "internal", "Internal error",
					   "bad JSON from SQL", NULL);
		}
		json_array_append_new(rows,
				      row_judged(c, doc, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1)));
	}
	PQclear(r);
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
	bdate_t from;
	bool correction;
	/* whose row: 0 for a shared row (the platform administrator's
	 * command), else the operator of the admin who sent it */
	int64_t operator_id;
};

/* A row as answered and audited (the columns of the table). */
#define ROW_DOC                                                                                    \
	"json_build_object('key', key, 'valid_from', valid_from, 'value', value::text,"           \
	" 'value_int', value_int, 'unit', unit, 'source', source, 'confirmed', confirmed,"         \
	" 'operator_id', operator_id)::text"

/*
 * The stored decisions that would use another value of the key once the
 * row is in (the transaction sees it): admission checks whose snapshot used
 * the key, and conventions whose fixed calendar or cap comes from it, dated
 * on or after the row's valid_from, of the row's operator (every operator
 * for a shared row). Each is compared with what it would use now, resolved
 * like api_params_load for its own operator and start date: an operator
 * with its own row in force is not affected by a shared one, and a row
 * with the same value changes nothing. Billed invoices (due day) are not
 * listed: their due date is printed on a sent invoice, not re-judged.
 */
static const char sql_affected[] =
	"WITH cand AS ("
	" SELECT 'admission_check' AS type, a.id, a.operator_id, a.start_date,"
	"  (u->>'value')::numeric AS used"
	" FROM admission_checks a CROSS JOIN LATERAL jsonb_array_elements(a.parameters) u"
	" WHERE u->>'key' = $1 AND a.start_date >= $2::date"
	" AND ($3::bigint IS NULL OR a.operator_id = $3)"
	" UNION ALL"
	" SELECT 'convention', c.id, c.operator_id, c.start_date,"
	"  CASE $1 WHEN 'period_months' THEN c.period_months"
	"  WHEN 'max_periods' THEN c.max_periods WHEN 'notice_months' THEN c.notice_months"
	"  WHEN 'registered_mail_lead_working_days' THEN c.lead_working_days"
	"  WHEN 'indemnity_cap_percent' THEN c.cap_percent END"
	" FROM conventions c WHERE c.start_date >= $2::date"
	" AND ($3::bigint IS NULL OR c.operator_id = $3)"
	" AND $1 IN ('period_months', 'max_periods', 'notice_months',"
	"  'registered_mail_lead_working_days', 'indemnity_cap_percent'))"
	" SELECT coalesce(json_agg(json_build_object('type', x.type, 'id', x.id,"
	" 'operator_id', x.operator_id, 'start_date', x.start_date,"
	" 'value_used', x.used::text, 'value_now', x.now::text) ORDER BY x.type, x.id), '[]')::text,"
	" count(*) FROM (SELECT cand.*, r.value AS now FROM cand CROSS JOIN LATERAL"
	"  (SELECT p.value FROM parameters p WHERE p.key = $1 AND p.valid_from <= cand.start_date"
	"   AND (p.operator_id IS NULL OR p.operator_id = cand.operator_id)"
	"   ORDER BY p.operator_id IS NULL, p.valid_from DESC LIMIT 1) r"
	"  WHERE r.value <> cand.used) x";

static int superseding_refused(struct api_ctx *c, json_t *decisions)
{
	api_problem(c, 409, "parameter-supersedes-decisions", "Parameter supersedes decisions",
		    "a row dated before today would change the value stored decisions used: "
		    "send it with \"correction\": true to record it as a correction",
		    NULL);
	json_t *p = json_loadb(c->resp->body, c->resp->body_len, 0, NULL);
	char *text = NULL;
	json_t *reasons = json_pack(
	    "[{s:s, s:s, s:s}]", "code", "parameter_supersedes_decisions", "fr",
	    "Cette valeur, datée d'avant aujourd'hui, changerait celle que des décisions "
	    "déjà enregistrées ont utilisée : elle n'est acceptée que comme correction.",
	    "en",
	    "This value, dated before today, would change the one stored decisions used: it "
	    "is accepted only as a correction.");
	if (p != NULL && json_object_set_new(p, "reasons", reasons) == 0 &&
	    json_object_set(p, "decisions", decisions) == 0)
		text = json_dumps(p, JSON_COMPACT);
	if (text != NULL)
		api_reply_text(c, 409, "application/problem+json", text, strlen(text));
	json_decref(p);
	return -1;
}

static int insert_parameter(struct api_ctx *c, void *arg)
{
	struct param_input *in = arg;
	/* Writers of parameters one at a time: the decisions a row would
	 * change are listed against the rows as they stay. */
	PGresult *r = api_db_exec(c, "LOCK TABLE parameters IN SHARE ROW EXCLUSIVE MODE", 0, NULL);
	if (r == NULL)
		return -1;
	PQclear(r);
	/* A key keeps one unit forever: a row in another unit would be read
	 * with the wrong scale by every rule that uses it. */
	const char *k[2] = {in->key, in->unit};
	r = api_db_exec(c, "SELECT unit FROM parameters WHERE key = $1 AND unit <> $2 LIMIT 1", 2,
			k);
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
	char uid[24], op[24];
	snprintf(uid, sizeof uid, "%lld", (long long)c->user.id);
	snprintf(op, sizeof op, "%lld", (long long)in->operator_id);
	const char *scope = in->operator_id > 0 ? op : NULL;
	const char *kv[3] = {in->key, in->valid_from, scope};
	r = api_db_exec(c,
			"SELECT " ROW_DOC " FROM parameters WHERE key = $1 AND valid_from = $2"
			" AND operator_id IS NOT DISTINCT FROM $3::bigint FOR UPDATE",
			3, kv);
	if (r == NULL)
		return -1;
	char *before = PQntuples(r) > 0 ? strdup(PQgetvalue(r, 0, 0)) : NULL;
	bool replace = PQntuples(r) > 0;
	PQclear(r);
	if (replace && !in->correction) {
		free(before);
		return api_problem(c, 409, "conflict", "Conflict",
				   "a row of this key already starts on this date: send the new "
				   "value with \"correction\": true to correct it",
				   NULL);
	}
	const char *v[8] = {in->key,	   in->valid_from, in->value,
			    in->unit,	   in->source,	   in->confirmed,
			    c->user.id > 0 ? uid : NULL, scope};
	/* A correction on the same date replaces the value in place (the
	 * audit keeps the one before); any other row is a new one. */
	r = api_db_exec(c,
			replace ? "UPDATE parameters SET value = $3, unit = $4, source = $5,"
				  " confirmed = $6, created_by = $7, created_at = now()"
				  " WHERE key = $1 AND valid_from = $2"
				  " AND operator_id IS NOT DISTINCT FROM $8::bigint RETURNING " ROW_DOC
				: "INSERT INTO parameters (key, valid_from, value, unit, source,"
				  " confirmed, created_by, operator_id)"
				  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING " ROW_DOC,
			8, v);
	if (r == NULL) {
		free(before);
		return -1;
	}
	json_t *row = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
	PQclear(r);
	r = api_db_exec(c, sql_affected, 3, kv);
	if (r == NULL) {
		free(before);
		json_decref(row);
		return -1;
	}
	json_t *decisions = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
	PQclear(r);
	const char *nv[2] = {in->key, scope};
	r = api_db_exec(c,
			"SELECT max(valid_from)::text FROM parameters WHERE key = $1"
			" AND (operator_id IS NULL OR operator_id = $2::bigint)",
			2, nv);
	if (r == NULL || row == NULL || decisions == NULL) {
		if (r != NULL)
			PQclear(r);
		free(before);
		json_decref(row);
		json_decref(decisions);
		return r == NULL ? -1
				 : api_problem(c, 500, "internal", "Internal error",
					       "bad JSON from SQL", NULL);
	}
	json_object_set_new(row, "newest_valid_from", json_string(PQgetvalue(r, 0, 0)));
	row = row_judged(c, row, in->key, PQgetvalue(r, 0, 0));
	PQclear(r);
	/*
	 * A row dated before today that changes what stored decisions used is
	 * refused unless it says it is a correction (the brief of issue 13):
	 * the decisions keep their values either way, but a silent change of
	 * the past would make them disagree with the rows without anyone
	 * knowing. A row dated today or later is taken as announced (the
	 * yearly indexation): the decisions it would have changed are listed
	 * all the same.
	 */
	if (in->from < c->req->today && json_array_size(decisions) > 0 && !in->correction) {
		free(before);
		json_decref(row);
		int rc = superseding_refused(c, decisions);
		json_decref(decisions);
		return rc;
	}
	json_object_set_new(row, "correction", json_boolean(in->correction));
	json_object_set_new(row, "affected_decisions", decisions);
	char *after = json_dumps(row, JSON_COMPACT);
	json_decref(row);
	char id[120];
	snprintf(id, sizeof id, "%s@%s", in->key, in->valid_from);
	int rc = after ? api_audit(c, in->correction ? "parameter.correct" : "parameter.create",
				   "parameter", id, before, after)
		       : -1;
	free(before);
	if (rc == 0)
		rc = api_reply_text(c, replace ? 200 : 201, "application/json", after,
				    strlen(after));
	else
		free(after);
	return rc;
}

/* Validates a row as POST /parameters and the platform command send it. */
static int parameter_add(struct api_ctx *c, json_t *body)
{
	json_t *errors = NULL;
	struct param_input in = {0};
	static const char *const fields[] = {"key",	  "valid_from", "value",      "unit",
					     "source",	  "confirmed",	"correction", NULL};
	api_json_only(body, fields, &errors);
	in.key = api_json_string(body, "key", 64, true, &errors);
	if (in.key != NULL && !valid_key(in.key))
		api_field_error(&errors, "key", "invalid",
				"must be lower-case letters, digits and '_'");
	in.valid_from = api_json_string(body, "valid_from", 10, true, &errors);
	if (in.valid_from != NULL &&
	    !bdate_parse_iso(in.valid_from, strlen(in.valid_from), &in.from))
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
	api_json_bool(body, "correction", false, &errors, &in.correction);
	/* Only a value that parsed is checked: an invalid one has its error. */
	if (in.unit != NULL && has_value && strncmp(in.unit, "EUR", 3) != 0 && cents % 100 != 0)
		api_field_error(&errors, "value", "invalid", "must be a whole number for this unit");
	if (errors != NULL)
		return api_problem(c, 422, "validation", "Invalid parameter", NULL, errors);
	/*
	 * Every HTTP user belongs to an operator: an operator's admin sets its
	 * own dated local choices, never the law. The regional rows (and the
	 * shared defaults) are the platform administrator's, who runs
	 * `transitd parameter add` on the server (no user, no operator).
	 */
	in.operator_id = c->user.operator_id;
	if (in.operator_id > 0 && !params_key_local(in.key)) {
		char detail[240];
		snprintf(detail, sizeof detail,
			 "'%s' is a regional parameter, the same for every operator: only the "
			 "platform administrator changes it",
			 in.key);
		return api_problem(c, 403, "forbidden", "Forbidden", detail, NULL);
	}
	return api_tx(c, insert_parameter, &in);
}

int h_parameters_post(struct api_ctx *c)
{
	json_t *body = api_body_object(c);
	if (body == NULL)
		return -1;
	int rc = parameter_add(c, body);
	json_decref(body);
	return rc;
}

int api_parameter_command(struct api_ctx *c, const char *key, const char *valid_from,
			  const char *value, const char *unit, const char *confirmed,
			  const char *source, bool correction)
{
	json_t *body = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "key", key, "valid_from",
				 valid_from, "value", value, "unit", unit, "confirmed", confirmed,
				 "correction", correction);
	if (body == NULL)
		return api_problem(c, 422, "validation", "Invalid parameter",
				   "arguments must be UTF-8 text", NULL);
	if (source != NULL && json_object_set_new(body, "source", json_string(source)) != 0) {
		json_decref(body);
		return api_problem(c, 422, "validation", "Invalid parameter",
				   "the source must be UTF-8 text", NULL);
	}
	int rc = parameter_add(c, body);
	json_decref(body);
	return rc;
}

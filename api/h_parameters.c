/*
 * The legal parameters: GET /parameters (the rows in force on a date) and
 * POST /parameters (an operator's local choice), whose storing is also
 * `transitd parameter add`'s (api_parameter_add, called by admin.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "input.h"

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
	bool outdated =
	    bdate_parse_iso(newest, strlen(newest), &d) && params_outdated(k, d, c->req->today);
	json_object_set_new(doc, "local", json_boolean(params_key_local(key)));
	json_object_set_new(doc, "outdated_warning", json_boolean(outdated));
	return doc;
}

/* The query of GET /parameters: ?key= (one row) and ?date= (default today). */
struct params_query {
	char key[80], date[16];
	bool has_key;
};

static int params_query_read(struct api_ctx *c, struct params_query *q)
{
	json_t *errors = NULL;
	enum api_lookup has_key = api_query_get(c, "key", q->key, sizeof q->key);
	enum api_lookup has_date = api_query_get(c, "date", q->date, sizeof q->date);
	bdate_t d;
	if (has_key == API_LOOKUP_UNREADABLE ||
	    (has_key == API_LOOKUP_FOUND && !in_parameter_key_valid(q->key)))
		api_field_error(&errors, "key", "invalid",
				"key must be lower-case letters, digits and '_'");
	if (has_date == API_LOOKUP_UNREADABLE ||
	    (has_date == API_LOOKUP_FOUND && !bdate_parse_iso(q->date, strlen(q->date), &d)))
		api_field_error(&errors, "date", "invalid", "date must be YYYY-MM-DD");
	if (errors != NULL)
		return api_problem(c, 400, "invalid-query", "Invalid query", NULL, errors);
	q->has_key = has_key == API_LOOKUP_FOUND;
	if (has_date == API_LOOKUP_ABSENT)
		bdate_format_iso(c->req->today, q->date);
	return 0;
}

/* The rows in force on the query's date, judged, into *rows (a new array). */
static int params_in_force(struct api_ctx *c, const struct params_query *q, json_t **rows)
{
	char op[API_ID_LEN];
	api_id_text(c->user.operator_id, op);
	const char *v[3] = {q->date, q->has_key ? q->key : NULL, op};
	int rc = -1;
	PGresult *r = api_db_exec(c, sql_in_force, 3, v);
	if (r == NULL)
		goto out;
	*rows = json_array();
	for (int i = 0; i < PQntuples(r); i++) {
		json_t *doc = json_loads(PQgetvalue(r, i, 2), 0, NULL);
		if (doc == NULL) {
			api_problem(c, 500, "internal", "Internal error", "bad JSON from SQL",
				    NULL);
			goto out;
		}
		json_array_append_new(*rows,
				      row_judged(c, doc, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1)));
	}
	rc = 0;
out:
	if (r != NULL)
		PQclear(r);
	return rc;
}

/* One key: its row, or a 404 when none is in force; else every row. */
static int params_reply(struct api_ctx *c, const struct params_query *q, json_t *rows)
{
	if (!q->has_key)
		return api_reply_json(c, 200,
				      json_pack("{s:s, s:O}", "date", q->date, "items", rows));
	if (json_array_size(rows) == 0) {
		char detail[160];
		snprintf(detail, sizeof detail, "no row of '%s' is in force on %s", q->key,
			 q->date);
		return api_problem(c, 404, "not-found", "Not found", detail, NULL);
	}
	return api_reply_json(c, 200, json_incref(json_array_get(rows, 0)));
}

int h_parameters_get(struct api_ctx *c)
{
	struct params_query q;
	json_t *rows = NULL;
	int rc = params_query_read(c, &q);
	if (rc == 0)
		rc = params_in_force(c, &q, &rows);
	if (rc == 0)
		rc = params_reply(c, &q, rows);
	json_decref(rows);
	return rc;
}

struct param_input {
	struct in_parameter in;
	/* whose row: 0 for a shared row (the platform administrator's
	 * command), else the operator of the admin who sent it */
	int64_t operator_id;
};

/* A row as answered and audited (the columns of the table). */
#define ROW_DOC                                                                                    \
	"json_build_object('key', key, 'valid_from', valid_from, 'value', value::text,"            \
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

/* Writers of parameters one at a time (the decisions a row would change
 * are listed against the rows as they stay), and a key keeps one unit
 * forever: a row in another unit would be read with the wrong scale by
 * every rule that uses it. */
static int param_unit_check(struct api_ctx *c, const struct in_parameter *in)
{
	int rc = -1;
	PGresult *r = api_db_exec(c, "LOCK TABLE parameters IN SHARE ROW EXCLUSIVE MODE", 0, NULL);
	if (r == NULL)
		goto out;
	PQclear(r);
	const char *k[2] = {in->key, in->unit};
	r = api_db_exec(c, "SELECT unit FROM parameters WHERE key = $1 AND unit <> $2 LIMIT 1", 2,
			k);
	if (r == NULL)
		goto out;
	if (PQntuples(r) > 0) {
		json_t *errors = NULL;
		char msg[160];
		snprintf(msg, sizeof msg, "this key is expressed in '%s'", PQgetvalue(r, 0, 0));
		api_field_error(&errors, "unit", "mismatch", msg);
		api_problem(c, 422, "validation", "Invalid parameter", NULL, errors);
		goto out;
	}
	rc = 0;
out:
	if (r != NULL)
		PQclear(r);
	return rc;
}

/* The row of the same key, date and scope (kv), locked: its document into
 * *before (malloc'd), NULL when there is none. */
static int param_before(struct api_ctx *c, const char *const kv[3], char **before)
{
	PGresult *r =
	    api_db_exec(c,
			"SELECT " ROW_DOC " FROM parameters WHERE key = $1 AND valid_from = $2"
			" AND operator_id IS NOT DISTINCT FROM $3::bigint FOR UPDATE",
			3, kv);
	if (r == NULL)
		return -1;
	bool found = PQntuples(r) > 0;
	*before = found ? strdup(PQgetvalue(r, 0, 0)) : NULL;
	PQclear(r);
	if (found && *before == NULL)
		return api_problem(c, 500, "internal", "Internal error", "out of memory", NULL);
	return 0;
}

/* Writes the row: a correction on the same date replaces the value in
 * place (the audit keeps the one before); any other row is a new one. Its
 * document into *row. */
static int param_write(struct api_ctx *c, const struct param_input *p, bool replace,
		       const char *scope, json_t **row)
{
	const struct in_parameter *in = &p->in;
	char uid[API_ID_LEN];
	api_id_text(c->user.id, uid);
	const char *v[8] = {in->key,
			    in->valid_from,
			    in->value,
			    in->unit,
			    in->source,
			    in->confirmed,
			    c->user.id > 0 ? uid : NULL,
			    scope};
	PGresult *r =
	    api_db_exec(c,
			replace ? "UPDATE parameters SET value = $3, unit = $4, source = $5,"
				  " confirmed = $6, created_by = $7, created_at = now()"
				  " WHERE key = $1 AND valid_from = $2"
				  " AND operator_id IS NOT DISTINCT FROM $8::bigint"
				  " RETURNING " ROW_DOC
				: "INSERT INTO parameters (key, valid_from, value, unit, source,"
				  " confirmed, created_by, operator_id)"
				  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING " ROW_DOC,
			8, v);
	if (r == NULL)
		return -1;
	*row = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
	PQclear(r);
	if (*row == NULL)
		return api_problem(c, 500, "internal", "Internal error", "bad JSON from SQL", NULL);
	return 0;
}

/* The stored decisions the row changes into *decisions, and *row judged
 * with the newest valid_from of its key (row_judged). */
static int param_judge(struct api_ctx *c, const char *const kv[3], json_t **row, json_t **decisions)
{
	int rc = -1;
	PGresult *r = api_db_exec(c, sql_affected, 3, kv);
	if (r == NULL)
		goto out;
	*decisions = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
	PQclear(r);
	const char *nv[2] = {kv[0], kv[2]};
	r = api_db_exec(c,
			"SELECT max(valid_from)::text FROM parameters WHERE key = $1"
			" AND (operator_id IS NULL OR operator_id = $2::bigint)",
			2, nv);
	if (r == NULL)
		goto out;
	if (*decisions == NULL) {
		api_problem(c, 500, "internal", "Internal error", "bad JSON from SQL", NULL);
		goto out;
	}
	json_object_set_new(*row, "newest_valid_from", json_string(PQgetvalue(r, 0, 0)));
	*row = row_judged(c, *row, kv[0], PQgetvalue(r, 0, 0));
	rc = 0;
out:
	if (r != NULL)
		PQclear(r);
	return rc;
}

/*
 * A row dated before today that changes what stored decisions used is
 * refused unless it says it is a correction (the brief of issue 13): the
 * decisions keep their values either way, but a silent change of the past
 * would make them disagree with the rows without anyone knowing. A row
 * dated today or later is taken as announced (the yearly indexation): the
 * decisions it would have changed are listed all the same. Otherwise the
 * row is audited and answered.
 */
static int param_record(struct api_ctx *c, const struct in_parameter *in, bool replace,
			const char *before, json_t *row, json_t *decisions)
{
	if (in->from < c->req->today && json_array_size(decisions) > 0 && !in->correction)
		return superseding_refused(c, decisions);
	int rc = -1;
	json_object_set_new(row, "correction", json_boolean(in->correction));
	json_object_set(row, "affected_decisions", decisions);
	char *after = json_dumps(row, JSON_COMPACT);
	if (after == NULL) {
		api_problem(c, 500, "internal", "Internal error", "out of memory", NULL);
		goto out;
	}
	char id[120];
	snprintf(id, sizeof id, "%s@%s", in->key, in->valid_from);
	if (api_audit(c, in->correction ? "parameter.correct" : "parameter.create", "parameter", id,
		      before, after) != 0)
		goto out;
	rc = api_reply_text(c, replace ? 200 : 201, "application/json", after, strlen(after));
	after = NULL; /* the response's now */
out:
	free(after);
	return rc;
}

static int insert_parameter(struct api_ctx *c, void *arg)
{
	const struct param_input *p = arg;
	const struct in_parameter *in = &p->in;
	char op[API_ID_LEN];
	api_id_text(p->operator_id, op);
	const char *scope = p->operator_id > 0 ? op : NULL;
	const char *kv[3] = {in->key, in->valid_from, scope};
	char *before = NULL;
	json_t *row = NULL, *decisions = NULL;
	int rc = -1;
	if (param_unit_check(c, in) != 0 || param_before(c, kv, &before) != 0)
		goto out;
	bool replace = before != NULL;
	if (replace && !in->correction) {
		api_problem(c, 409, "conflict", "Conflict",
			    "a row of this key already starts on this date: send the new "
			    "value with \"correction\": true to correct it",
			    NULL);
		goto out;
	}
	if (param_write(c, p, replace, scope, &row) != 0 ||
	    param_judge(c, kv, &row, &decisions) != 0)
		goto out;
	rc = param_record(c, in, replace, before, row, decisions);
out:
	free(before);
	json_decref(row);
	json_decref(decisions);
	return rc;
}

int api_parameter_add(struct api_ctx *c, json_t *body)
{
	json_t *errors = NULL;
	struct param_input p = {0};
	in_parameter_read(body, &p.in, &errors);
	if (errors != NULL)
		return api_problem(c, 422, "validation", "Invalid parameter", NULL, errors);
	/*
	 * Every HTTP user belongs to an operator: an operator's admin sets its
	 * own dated local choices, never the law. The regional rows (and the
	 * shared defaults) are the platform administrator's, who runs
	 * `transitd parameter add` on the server (no user, no operator).
	 */
	p.operator_id = c->user.operator_id;
	if (p.operator_id > 0 && !params_key_local(p.in.key)) {
		char detail[240];
		snprintf(detail, sizeof detail,
			 "'%s' is a regional parameter, the same for every operator: only the "
			 "platform administrator changes it",
			 p.in.key);
		return api_problem(c, 403, "forbidden", "Forbidden", detail, NULL);
	}
	return api_tx(c, insert_parameter, &p);
}

int h_parameters_post(struct api_ctx *c)
{
	json_t *body = api_body_object(c);
	int rc = body != NULL ? api_parameter_add(c, body) : -1;
	json_decref(body);
	return rc;
}

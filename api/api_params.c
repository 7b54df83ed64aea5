#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"

/*
 * For each key, the caller's operator's own row in force on the date, else
 * the shared one: an operator that chose 3-month periods keeps them when the
 * shared default changes. The newest row the operator sees of each key
 * (its own or shared) says whether the value may be outdated.
 */
static const char sql_in_force[] =
	"SELECT DISTINCT ON (p.key) p.key, p.valid_from::text, p.value_int, p.value::text,"
	" p.unit, p.confirmed, p.operator_id,"
	" (SELECT max(n.valid_from) FROM parameters n WHERE n.key = p.key"
	"  AND (n.operator_id IS NULL OR n.operator_id = $2))::text"
	" FROM parameters p WHERE p.valid_from <= $1::date"
	" AND (p.operator_id IS NULL OR p.operator_id = $2)"
	" ORDER BY p.key, p.operator_id IS NULL, p.valid_from DESC";

int api_params_load(struct api_ctx *c, bdate_t date, struct params *out, json_t **rows)
{
	return api_params_load_operator(c, c->user.operator_id, date, out, rows);
}

int api_params_load_operator(struct api_ctx *c, int64_t operator_id, bdate_t date,
			     struct params *out, json_t **rows)
{
	char d[BDATE_ISO_LEN], op[API_ID_LEN];
	bdate_format_iso(date, d);
	api_id_text(operator_id, op);
	/* The platform (no operator) sees the shared rows only. */
	const char *v[2] = {d, operator_id > 0 ? op : NULL};
	PGresult *r = api_db_exec(c, sql_in_force, 2, v);
	if (r == NULL)
		return -1;
	bool seen[PARAM_COUNT] = {false};
	if (rows != NULL)
		*rows = json_array();
	for (int i = 0; i < PQntuples(r); i++) {
		int k = params_key_index(PQgetvalue(r, i, 0));
		if (k < 0)
			continue; /* a key no rule uses (yet) */
		const char *from = PQgetvalue(r, i, 1);
		const char *newest = PQgetvalue(r, i, 7);
		bdate_t nd;
		if (!api_cell_date(r, i, 1, &out->valid_from[k]) || !api_cell_date(r, i, 7, &nd))
			continue;
		out->value[k] = strtoll(PQgetvalue(r, i, 2), NULL, 10);
		seen[k] = true;
		if (rows != NULL)
			json_array_append_new(
			    *rows,
			    json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:s, s:b}", "key",
				      PQgetvalue(r, i, 0), "valid_from", from, "value",
				      PQgetvalue(r, i, 3), "unit", PQgetvalue(r, i, 4), "confirmed",
				      PQgetvalue(r, i, 5), "operator_id",
				      PQgetisnull(r, i, 6)
					  ? json_null()
					  : json_integer(strtoll(PQgetvalue(r, i, 6), NULL, 10)),
				      "local", params_keys[k].local, "newest_valid_from", newest,
				      "outdated_warning", params_outdated(k, nd, c->req->today)));
	}
	PQclear(r);
	for (int k = 0; k < PARAM_COUNT; k++) {
		if (!seen[k]) {
			if (rows != NULL) {
				json_decref(*rows);
				*rows = NULL;
			}
			char detail[200];
			snprintf(detail, sizeof detail,
				 "no row of the legal parameter '%s' is in force on %s",
				 params_keys[k].name, d);
			return api_problem(c, 422, "parameter-missing", "Parameter missing", detail,
					   NULL);
		}
	}
	return 0;
}

int api_params_rows_load(struct api_ctx *c, struct api_params_rows *out)
{
	out->n = 0;
	out->rows = NULL;
	int rc = -1;
	PGresult *r = api_db_exec(c,
				  "SELECT key, valid_from::text, value_int, coalesce(operator_id, 0)"
				  " FROM parameters ORDER BY key, valid_from",
				  0, NULL);
	if (r == NULL)
		goto out;
	int n = PQntuples(r);
	out->rows = calloc((size_t)(n > 0 ? n : 1), sizeof *out->rows);
	if (out->rows == NULL) {
		api_problem(c, 500, "internal", "Internal error", "out of memory", NULL);
		goto out;
	}
	for (int i = 0; i < n; i++) {
		int k = params_key_index(PQgetvalue(r, i, 0));
		bdate_t d;
		if (k < 0 || !api_cell_date(r, i, 1, &d))
			continue;
		out->rows[out->n].key = k;
		out->rows[out->n].valid_from = d;
		out->rows[out->n].value = strtoll(PQgetvalue(r, i, 2), NULL, 10);
		out->rows[out->n].operator_id = strtoll(PQgetvalue(r, i, 3), NULL, 10);
		out->n++;
	}
	rc = 0;
out:
	if (r != NULL)
		PQclear(r);
	return rc;
}

bool api_params_rows_resolve(const struct api_params_rows *rows, int64_t operator_id, bdate_t date,
			     struct params *out)
{
	bool seen[PARAM_COUNT] = {false}, own[PARAM_COUNT] = {false};
	/* Rows are ordered by key then date: the last one not after `date`
	 * wins for each key, the operator's own rows over the shared ones (as
	 * api_params_load). */
	for (int i = 0; i < rows->n; i++) {
		if (rows->rows[i].valid_from > date)
			continue;
		int k = rows->rows[i].key;
		bool mine = rows->rows[i].operator_id != 0;
		if (mine ? rows->rows[i].operator_id != operator_id : own[k])
			continue;
		out->value[k] = rows->rows[i].value;
		out->valid_from[k] = rows->rows[i].valid_from;
		seen[k] = true;
		own[k] = own[k] || mine;
	}
	for (int k = 0; k < PARAM_COUNT; k++)
		if (!seen[k])
			return false;
	return true;
}

void api_params_rows_free(struct api_params_rows *rows)
{
	free(rows->rows);
	rows->rows = NULL;
	rows->n = 0;
}

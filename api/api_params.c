#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"

int api_params_load(struct api_ctx *c, bdate_t date, struct params *out, json_t **rows)
{
	char d[BDATE_ISO_LEN];
	bdate_format_iso(date, d);
	const char *v[1] = {d};
	PGresult *r = api_db_exec(c,
				  "SELECT DISTINCT ON (key) key, valid_from::text, value_int,"
				  " value::text, unit, confirmed FROM parameters"
				  " WHERE valid_from <= $1::date ORDER BY key, valid_from DESC",
				  1, v);
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
		if (!bdate_parse_iso(from, strlen(from), &out->valid_from[k]))
			continue;
		out->value[k] = strtoll(PQgetvalue(r, i, 2), NULL, 10);
		seen[k] = true;
		if (rows != NULL)
			json_array_append_new(*rows,
					      json_pack("{s:s, s:s, s:s, s:s, s:s}", "key",
							PQgetvalue(r, i, 0), "valid_from", from,
							"value", PQgetvalue(r, i, 3), "unit",
							PQgetvalue(r, i, 4), "confirmed",
							PQgetvalue(r, i, 5)));
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
	PGresult *r = api_db_exec(c,
				  "SELECT key, valid_from::text, value_int FROM parameters"
				  " ORDER BY key, valid_from",
				  0, NULL);
	if (r == NULL)
		return -1;
	int n = PQntuples(r);
	out->rows = calloc((size_t)(n > 0 ? n : 1), sizeof *out->rows);
	if (out->rows == NULL) {
		PQclear(r);
		return api_problem(c, 500, "internal", "Internal error", "out of memory", NULL);
	}
	for (int i = 0; i < n; i++) {
		int k = params_key_index(PQgetvalue(r, i, 0));
		const char *from = PQgetvalue(r, i, 1);
		bdate_t d;
		if (k < 0 || !bdate_parse_iso(from, strlen(from), &d))
			continue;
		out->rows[out->n].key = k;
		out->rows[out->n].valid_from = d;
		out->rows[out->n].value = strtoll(PQgetvalue(r, i, 2), NULL, 10);
		out->n++;
	}
	PQclear(r);
	return 0;
}

bool api_params_rows_resolve(const struct api_params_rows *rows, bdate_t date, struct params *out)
{
	bool seen[PARAM_COUNT] = {false};
	/* Rows are ordered by key then date: the last one not after `date`
	 * wins for each key. */
	for (int i = 0; i < rows->n; i++) {
		if (rows->rows[i].valid_from > date)
			continue;
		int k = rows->rows[i].key;
		out->value[k] = rows->rows[i].value;
		out->valid_from[k] = rows->rows[i].valid_from;
		seen[k] = true;
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

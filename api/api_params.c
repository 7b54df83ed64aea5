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

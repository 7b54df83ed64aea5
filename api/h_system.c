#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "migrations.h"

/* Ready: the database answers and its schema is exactly the one this build
 * knows (older: run `transitd migrate`; newer: a newer build migrated it). */
int h_ready(struct api_ctx *c)
{
	PGresult *r = api_db_exec(c, "SELECT to_regclass('public.schema_migrations') IS NOT NULL", 0,
				  NULL);
	if (r == NULL)
		return -1;
	bool has_table = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	int version = 0;
	if (has_table) {
		r = api_db_exec(c, "SELECT coalesce(max(version), 0) FROM schema_migrations", 0,
				NULL);
		if (r == NULL)
			return -1;
		version = atoi(PQgetvalue(r, 0, 0));
		PQclear(r);
	}
	if (version != api_schema_version) {
		char detail[160];
		snprintf(detail, sizeof detail,
			 "database schema version %d, this build serves version %d%s", version,
			 api_schema_version,
			 version < api_schema_version ? ": run 'transitd migrate'" : "");
		return api_problem(c, 503, "schema-mismatch", "Not ready", detail, NULL);
	}
	return api_reply_json(c, 200, json_pack("{s:s, s:i}", "status", "ready", "schema_version",
					       version));
}

int h_version(struct api_ctx *c)
{
	return api_reply_json(c, 200,
			      json_pack("{s:s, s:s, s:i}", "name", "transitd", "version",
					TRANSITD_VERSION, "schema_version", api_schema_version));
}

int h_openapi(struct api_ctx *c)
{
	char *copy = strdup(api_openapi_yaml);
	if (copy == NULL)
		return api_problem(c, 500, "internal", "Internal error", "out of memory", NULL);
	return api_reply_text(c, 200, "application/yaml", copy, strlen(copy));
}

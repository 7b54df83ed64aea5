/*
 * migrations: the SQL migrations and the legal-parameter seed, embedded at
 * build time from sql/ (cmake/embed_sql.cmake). Static storage, never freed.
 */
#ifndef TRANSITD_MIGRATIONS_H
#define TRANSITD_MIGRATIONS_H

struct sql_migration {
	int version;      /* 1, 2, ... without gaps */
	const char *name; /* "001_init" */
	const char *sql;  /* the whole file, NUL-terminated */
};

extern const struct sql_migration sql_migrations[];
extern const int sql_migrations_count;
/* sql/parameters.csv, a copy of the legal parameters (see parameters.md). */
extern const char sql_parameters_csv[];
/* api/openapi.yaml, served at /api/v1/openapi.yaml. */
extern const char api_openapi_yaml[];

#endif

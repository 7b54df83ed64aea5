#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "log.h"
#include "migrations.h"

PGconn *db_connect(const struct config *cfg)
{
	char timeout[16], options[64];
	snprintf(timeout, sizeof timeout, "%d", cfg->db_connect_timeout_seconds);
	/* JIT compilation is off: every statement of the daemon runs in well
	 * under a second, where compiling costs more than it saves (the
	 * scheduler's convention query: 100 ms with JIT, 50 ms without). */
	snprintf(options, sizeof options, "-c statement_timeout=%d -c jit=off",
		 cfg->statement_timeout_ms);
	/* database_url is expanded first; the keys after it override it. */
	const char *keys[] = {"dbname", "connect_timeout", "options", "application_name", NULL};
	const char *vals[] = {cfg->database_url, timeout, options, "transitd", NULL};
	PGconn *conn = PQconnectdbParams(keys, vals, 1);
	if (conn == NULL || PQstatus(conn) != CONNECTION_OK) {
		char msg[256];
		snprintf(msg, sizeof msg, "%s", conn ? PQerrorMessage(conn) : "out of memory");
		for (char *p = msg; *p; p++)
			if (*p == '\n' || *p == '"')
				*p = ' ';
		log_event(LOG_WARN, "db_connect_failed", "error=\"%s\"", msg);
		PQfinish(conn);
		return NULL;
	}
	return conn;
}

int db_schema_version(PGconn *conn)
{
	PGresult *r = PQexec(conn, "SELECT CASE WHEN to_regclass('public.schema_migrations') IS NULL"
				   " THEN 0 ELSE 1 END");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		PQclear(r);
		return -1;
	}
	int exists = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	if (!exists)
		return 0;
	r = PQexec(conn, "SELECT coalesce(max(version), 0) FROM schema_migrations");
	int v = PQresultStatus(r) == PGRES_TUPLES_OK ? atoi(PQgetvalue(r, 0, 0)) : -1;
	PQclear(r);
	return v;
}

static int exec_ok(PGconn *conn, const char *sql, const char *what)
{
	PGresult *r = PQexec(conn, sql);
	ExecStatusType st = PQresultStatus(r);
	int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY;
	if (!ok) {
		const char *m = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
		log_event(LOG_ERROR, "migration_failed", "step=%s error=\"%s\"", what,
			  m ? m : PQerrorMessage(conn));
	}
	PQclear(r);
	return ok ? 0 : -1;
}

/*
 * Loads sql/parameters.csv (key,valid_from,value,unit,confirmed,source; the
 * source, last, may contain commas). Rows already present are kept as they
 * are, so a later migration can load the file again to add new rows.
 */
static int load_parameters_csv(PGconn *conn)
{
	const char *p = sql_parameters_csv;
	int lineno = 0, loaded = 0;
	while (*p != '\0') {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		char line[1024];
		lineno++;
		if (n >= sizeof line) {
			log_event(LOG_ERROR, "migration_failed", "step=parameters.csv line=%d error=\"too long\"", lineno);
			return -1;
		}
		memcpy(line, p, n);
		line[n] = '\0';
		if (n > 0 && line[n - 1] == '\r')
			line[n - 1] = '\0';
		p = eol ? eol + 1 : p + n;
		if (lineno == 1 || line[0] == '\0')
			continue; /* header */
		const char *f[6];
		char *s = line;
		int nf = 0;
		for (; nf < 5; nf++) {
			f[nf] = s;
			char *comma = strchr(s, ',');
			if (comma == NULL)
				break;
			*comma = '\0';
			s = comma + 1;
		}
		if (nf != 5) {
			log_event(LOG_ERROR, "migration_failed",
				  "step=parameters.csv line=%d error=\"expected 6 fields\"", lineno);
			return -1;
		}
		f[5] = s;
		const char *vals[6] = {f[0], f[1], f[2], f[3], f[4], f[5]};
		PGresult *r = PQexecParams(conn,
					   "INSERT INTO parameters (key, valid_from, value, unit,"
					   " confirmed, source) VALUES ($1, $2, $3, $4, $5, $6)"
					   " ON CONFLICT (key, valid_from) DO NOTHING",
					   6, NULL, vals, NULL, NULL, 0);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			const char *m = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
			log_event(LOG_ERROR, "migration_failed",
				  "step=parameters.csv line=%d error=\"%s\"", lineno, m ? m : "");
			PQclear(r);
			return -1;
		}
		loaded += atoi(PQcmdTuples(r));
		PQclear(r);
	}
	log_event(LOG_INFO, "parameters_loaded", "rows=%d", loaded);
	return 0;
}

int db_migrate(PGconn *conn)
{
	if (exec_ok(conn, "SET client_min_messages = warning", "setup") != 0 ||
	    exec_ok(conn,
		    "CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY,"
		    " name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
		    "schema_migrations") != 0)
		return -1;
	int current = db_schema_version(conn);
	if (current < 0)
		return -1;
	if (current > api_schema_version) {
		log_event(LOG_ERROR, "migration_refused",
			  "database_version=%d known_version=%d error=\"database schema is newer "
			  "than this build\"",
			  current, api_schema_version);
		return -1;
	}
	int applied = 0;
	for (int i = 0; i < sql_migrations_count; i++) {
		const struct sql_migration *m = &sql_migrations[i];
		/* The advisory lock serialises concurrent `transitd migrate` runs;
		 * the re-check under the lock makes each migration apply once. */
		if (exec_ok(conn, "BEGIN", m->name) != 0 ||
		    exec_ok(conn, "SELECT pg_advisory_xact_lock(7270001)", m->name) != 0)
			goto fail;
		char ver[16];
		snprintf(ver, sizeof ver, "%d", m->version);
		const char *v[2] = {ver, m->name};
		PGresult *r = PQexecParams(conn, "SELECT 1 FROM schema_migrations WHERE version = $1",
					   1, NULL, v, NULL, NULL, 0);
		int done = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
		PQclear(r);
		if (done) {
			if (exec_ok(conn, "COMMIT", m->name) != 0)
				goto fail;
			continue;
		}
		if (exec_ok(conn, m->sql, m->name) != 0)
			goto fail;
		if (strstr(m->sql, "-- @load parameters.csv") != NULL && load_parameters_csv(conn) != 0)
			goto fail;
		r = PQexecParams(conn, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
				 2, NULL, v, NULL, NULL, 0);
		int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		PQclear(r);
		if (!ok || exec_ok(conn, "COMMIT", m->name) != 0)
			goto fail;
		log_event(LOG_INFO, "migration_applied", "version=%d name=%s", m->version, m->name);
		applied++;
	}
	return applied;
fail:
	PQclear(PQexec(conn, "ROLLBACK"));
	return -1;
}

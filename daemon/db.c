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

/*
 * The daemon's role gets its privileges from the migrations runner, not from
 * each migration: after every `transitd migrate` (in one transaction, under
 * the migrations' advisory lock) they are derived again from the catalog for
 * every relation of schema public that the migrating role owns, present and
 * future, so a later migration adding a table needs no GRANT of its own:
 *   - every privilege of the app role is revoked first, then
 *   - tables: SELECT, INSERT, and UPDATE and DELETE unless a row trigger
 *     runs refuse_change() (migration 001) on them: an append-only table
 *     (audit_log, payments, allocations, receipts, invoice_lines, logbook
 *     entries, admission checks, notices, renewals...) is refused by
 *     privilege as well as by trigger;
 *   - never TRUNCATE, REFERENCES or TRIGGER; never ownership, so never
 *     ALTER, DROP or DISABLE TRIGGER;
 *   - views: SELECT only (a simple view is updatable, and the base table
 *     would then be written with the view owner's privileges);
 *   - sequences: USAGE, SELECT (nextval for serial and identity columns);
 *   - schema_migrations: SELECT (the daemon compares the schema version).
 * invoices keeps UPDATE (allocations_apply() moves paid_cents as the
 * daemon's role) and DELETE: invoices_guard() refuses the rest, and the app
 * role, not being the owner, cannot disable it.
 * The role is passed as transitd.app_role (set_config, transaction-local).
 * It must not be, nor inherit the privileges of, the migrating role.
 */
static const char grant_app_sql[] =
	"DO $grant$\n"
	"DECLARE\n"
	"	app text := current_setting('transitd.app_role');\n"
	"	refuse regproc := to_regproc('public.refuse_change');\n"
	"	t record;\n"
	"BEGIN\n"
	"	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app) THEN\n"
	"		RAISE EXCEPTION 'role % (the user of database_url) does not exist', app;\n"
	"	END IF;\n"
	"	IF pg_has_role(app, current_user, 'USAGE') THEN\n"
	"		RAISE EXCEPTION 'role % (database_url) is or acts as role %"
	" (migration_database_url), which owns the tables: the daemon needs a role of its own',"
	" app, current_user;\n"
	"	END IF;\n"
	"	EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app);\n"
	"	FOR t IN SELECT c.oid::regclass AS rel, c.relkind, c.relname,\n"
	"		EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgfoid = refuse\n"
	"			AND g.tgtype & 1 <> 0 AND g.tgtype & 16 <> 0) AS no_update,\n"
	"		EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgfoid = refuse\n"
	"			AND g.tgtype & 1 <> 0 AND g.tgtype & 8 <> 0) AS no_delete\n"
	"		FROM pg_class c\n"
	"		WHERE c.relnamespace = 'public'::regnamespace\n"
	"		AND c.relkind IN ('r', 'p', 'v', 'm', 'S')\n"
	"		AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)\n"
	"	LOOP\n"
	"		IF t.relkind = 'S' THEN\n"
	"			EXECUTE format('REVOKE ALL ON SEQUENCE %s FROM %I', t.rel, app);\n"
	"			EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %s TO %I', t.rel, app);\n"
	"			CONTINUE;\n"
	"		END IF;\n"
	"		EXECUTE format('REVOKE ALL ON TABLE %s FROM %I', t.rel, app);\n"
	"		IF t.relkind IN ('v', 'm') OR t.relname = 'schema_migrations' THEN\n"
	"			EXECUTE format('GRANT SELECT ON TABLE %s TO %I', t.rel, app);\n"
	"		ELSE\n"
	"			EXECUTE format('GRANT SELECT, INSERT%s%s ON TABLE %s TO %I',\n"
	"				CASE WHEN t.no_update THEN '' ELSE ', UPDATE' END,\n"
	"				CASE WHEN t.no_delete THEN '' ELSE ', DELETE' END, t.rel, app);\n"
	"		END IF;\n"
	"	END LOOP;\n"
	"END\n"
	"$grant$";

static int grant_app(PGconn *conn, const char *app_role)
{
	const char *v[1] = {app_role};
	if (exec_ok(conn, "BEGIN", "grants") != 0 ||
	    exec_ok(conn, "SELECT pg_advisory_xact_lock(7270001)", "grants") != 0)
		goto fail;
	PGresult *r = PQexecParams(conn, "SELECT set_config('transitd.app_role', $1, true)", 1,
				   NULL, v, NULL, NULL, 0);
	int ok = PQresultStatus(r) == PGRES_TUPLES_OK;
	PQclear(r);
	if (!ok || exec_ok(conn, grant_app_sql, "grants") != 0 ||
	    exec_ok(conn, "COMMIT", "grants") != 0)
		goto fail;
	log_event(LOG_INFO, "grants_applied", "role=%s", app_role);
	return 0;
fail:
	PQclear(PQexec(conn, "ROLLBACK"));
	return -1;
}

int db_url_user(const char *url, char *out, size_t outlen)
{
	PQconninfoOption *opts = PQconninfoParse(url, NULL);
	if (opts == NULL)
		return -1;
	int rc = -1;
	for (PQconninfoOption *o = opts; o->keyword != NULL; o++)
		if (strcmp(o->keyword, "user") == 0 && o->val != NULL && o->val[0] != '\0' &&
		    strlen(o->val) < outlen) {
			memcpy(out, o->val, strlen(o->val) + 1);
			rc = 0;
		}
	PQconninfoFree(opts);
	return rc;
}

int db_check_app_role(PGconn *conn, char *why, size_t whylen)
{
	why[0] = '\0';
	PGresult *r = PQexec(
		conn, "SELECT current_user, r.rolsuper, r.rolcreaterole,"
		      " EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace"
		      " AND pg_has_role(c.relowner, 'USAGE')),"
		      " has_schema_privilege('public', 'CREATE'),"
		      " has_database_privilege(current_database(), 'CREATE')"
		      " FROM pg_roles r WHERE r.rolname = current_user");
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		PQclear(r);
		return -1;
	}
	static const char *const reasons[] = {
		NULL,
		"is a superuser",
		"may create roles",
		"owns (or inherits the ownership of) the tables",
		"may create objects in schema public",
		"may create schemas in the database",
	};
	size_t n = (size_t)snprintf(why, whylen, "database role %s", PQgetvalue(r, 0, 0));
	int bad = 0;
	for (int i = 1; i < 6; i++)
		if (strcmp(PQgetvalue(r, 0, i), "t") == 0 && n < whylen) {
			n += (size_t)snprintf(why + n, whylen - n, "%s %s", bad ? "," : "", reasons[i]);
			bad++;
		}
	PQclear(r);
	if (bad == 0) {
		why[0] = '\0';
		return 0;
	}
	if (n < whylen)
		snprintf(why + n, whylen - n,
			 ": the daemon logs in as an unprivileged role of its own (README, Production)");
	return -1;
}

int db_migrate(PGconn *conn, const char *app_role)
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
	if (grant_app(conn, app_role) != 0)
		return -1;
	return applied;
fail:
	PQclear(PQexec(conn, "ROLLBACK"));
	return -1;
}

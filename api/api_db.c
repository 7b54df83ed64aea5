#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "api.h"

/* Logging is the daemon's; the api reports database errors through this hook
 * so that it never includes the daemon's headers. */
void (*api_log_db_error)(const char *request_id, const char *sqlstate, const char *constraint,
			 const char *message) = NULL;

static bool connection_lost(PGconn *conn, const char *state)
{
	return PQstatus(conn) != CONNECTION_OK || (state != NULL && strncmp(state, "08", 2) == 0) ||
	       (state != NULL && strncmp(state, "57P", 3) == 0);
}

PGresult *api_db_exec(struct api_ctx *c, const char *sql, int nparams, const char *const *values)
{
	c->sqlstate[0] = '\0';
	PGresult *r = PQexecParams(c->conn, sql, nparams, NULL, values, NULL, NULL, 0);
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return r;

	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *constraint = r ? PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME) : NULL;
	snprintf(c->sqlstate, sizeof c->sqlstate, "%s", state ? state : "");
	/* The primary message only: DETAIL may quote row values (personal data). */
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (api_log_db_error != NULL)
		api_log_db_error(c->req ? c->req->request_id : "-", state ? state : "",
				 constraint ? constraint : "", msg ? msg : PQerrorMessage(c->conn));

	char detail[256];
	if (connection_lost(c->conn, state)) {
		c->resp->db_unavailable = true;
		api_problem(c, 503, "database-unavailable", "Database unavailable",
			    "the database cannot be reached; retry later", NULL);
	} else if (state != NULL && (strcmp(state, "23505") == 0 || strcmp(state, "23P01") == 0)) {
		snprintf(detail, sizeof detail, "conflicts with an existing record (%s)",
			 constraint ? constraint : "unique");
		api_problem(c, 409, "conflict", "Conflict", detail, NULL);
	} else if (state != NULL && strcmp(state, "23514") == 0) {
		snprintf(detail, sizeof detail, "the database refused the values (%s)",
			 constraint ? constraint : "check");
		api_problem(c, 422, "constraint-violation", "Constraint violation", detail, NULL);
	} else if (state != NULL && strcmp(state, "23503") == 0) {
		snprintf(detail, sizeof detail, "refers to a record that does not exist (%s)",
			 constraint ? constraint : "foreign key");
		api_problem(c, 422, "constraint-violation", "Constraint violation", detail, NULL);
	} else if (state != NULL && strcmp(state, "57014") == 0) {
		api_problem(c, 503, "timeout", "Timeout", "the statement took too long", NULL);
	} else {
		api_problem(c, 500, "internal", "Internal error", "database error", NULL);
	}
	PQclear(r);
	return NULL;
}

static int simple(struct api_ctx *c, const char *sql)
{
	PGresult *r = api_db_exec(c, sql, 0, NULL);
	if (r == NULL)
		return -1;
	PQclear(r);
	return 0;
}

int api_tx(struct api_ctx *c, int (*fn)(struct api_ctx *c, void *arg), void *arg)
{
	for (int attempt = 0;; attempt++) {
		if (simple(c, "BEGIN") != 0)
			return -1;
		int rc = fn(c, arg);
		if (rc == 0 && simple(c, "COMMIT") == 0)
			return 0;
		bool retry = strcmp(c->sqlstate, "40001") == 0 || strcmp(c->sqlstate, "40P01") == 0;
		if (PQstatus(c->conn) == CONNECTION_OK)
			PQclear(PQexec(c->conn, "ROLLBACK"));
		if (!retry || attempt >= 2)
			return -1;
	}
}

int api_audit(struct api_ctx *c, const char *action, const char *entity, const char *entity_id,
	      const char *before, const char *after)
{
	char op[24], uid[24];
	snprintf(op, sizeof op, "%" PRId64, c->user.operator_id);
	snprintf(uid, sizeof uid, "%" PRId64, c->user.id);
	const char *v[8] = {c->user.operator_id > 0 ? op : NULL,
			    c->user.id > 0 ? uid : NULL,
			    c->req ? c->req->request_id : NULL,
			    action,
			    entity,
			    entity_id,
			    before,
			    after};
	PGresult *r = api_db_exec(c,
				  "INSERT INTO audit_log (operator_id, user_id, request_id, action,"
				  " entity, entity_id, before, after)"
				  " VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)",
				  8, v);
	if (r == NULL)
		return -1;
	PQclear(r);
	return 0;
}

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-events.h>

#include "api.h"
#include "api_internal.h"

/* Logging is the daemon's; the api reports database errors through this hook
 * so that it never includes the daemon's headers. */
void (*api_log_db_error)(const char *request_id, const char *sqlstate, const char *constraint,
			 const char *message) = NULL;

static bool connection_lost(PGconn *conn, const char *state)
{
	return PQstatus(conn) != CONNECTION_OK || (state != NULL && strncmp(state, "08", 2) == 0) ||
	       (state != NULL && strncmp(state, "57P", 3) == 0);
}

/*
 * Every statement is prepared once per connection and then executed by
 * name: the server no longer parses and plans the *_docs views at each
 * request (on this machine that doubles the lookups per second, see
 * tests/bench). The texts prepared on a connection are kept with it through
 * libpq's event interface, so they go away with it: a worker that
 * reconnects starts afresh. SQL texts come from a bounded set (literals and
 * views or columns chosen from tables), never from input; past STMT_MAX
 * texts the rest runs unprepared.
 */
#define STMT_MAX 512

struct stmt_cache {
	int n;
	unsigned next_name;
	struct {
		uint64_t hash;
		char *sql;
		char name[16];
	} s[STMT_MAX];
};

static void stmt_cache_clear(struct stmt_cache *k)
{
	for (int i = 0; i < k->n; i++)
		free(k->s[i].sql);
	k->n = 0;
}

static int stmt_events(PGEventId id, void *info, void *pass)
{
	(void)pass;
	if (id == PGEVT_CONNRESET) {
		struct stmt_cache *k = PQinstanceData(((PGEventConnReset *)info)->conn, stmt_events);
		if (k != NULL)
			stmt_cache_clear(k); /* the server forgot them */
	} else if (id == PGEVT_CONNDESTROY) {
		PGconn *conn = ((PGEventConnDestroy *)info)->conn;
		struct stmt_cache *k = PQinstanceData(conn, stmt_events);
		if (k != NULL) {
			stmt_cache_clear(k);
			free(k);
			PQsetInstanceData(conn, stmt_events, NULL);
		}
	}
	return 1;
}

void *api_conn_data(PGconn *conn, PGEventProc proc, const char *name, size_t size)
{
	void *k = PQinstanceData(conn, proc);
	if (k != NULL)
		return k;
	if ((k = calloc(1, size)) == NULL)
		return NULL;
	if (!PQregisterEventProc(conn, proc, name, NULL) || !PQsetInstanceData(conn, proc, k)) {
		free(k);
		return NULL;
	}
	return k;
}

static struct stmt_cache *stmt_cache_of(PGconn *conn)
{
	return api_conn_data(conn, stmt_events, "transitd statements", sizeof(struct stmt_cache));
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 14695981039346656037u;
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* The name of sql prepared on conn, preparing it first; NULL to run it
 * unprepared, or with *err set when the preparation failed. */
static const char *stmt_prepared(PGconn *conn, const char *sql, int nparams, PGresult **err)
{
	struct stmt_cache *k = stmt_cache_of(conn);
	if (k == NULL)
		return NULL;
	uint64_t h = fnv1a(sql);
	for (int i = 0; i < k->n; i++)
		if (k->s[i].hash == h && strcmp(k->s[i].sql, sql) == 0)
			return k->s[i].name;
	if (k->n == STMT_MAX)
		return NULL;
	char *copy = strdup(sql);
	if (copy == NULL)
		return NULL;
	int i = k->n;
	/* Names are never reused: a forgotten entry's statement may remain. */
	snprintf(k->s[i].name, sizeof k->s[i].name, "t%u", k->next_name++);
	PGresult *r = PQprepare(conn, k->s[i].name, sql, nparams, NULL);
	if (r == NULL || PQresultStatus(r) != PGRES_COMMAND_OK) {
		free(copy);
		*err = r;
		return NULL;
	}
	PQclear(r);
	k->s[i].hash = h;
	k->s[i].sql = copy;
	k->n++;
	return k->s[i].name;
}

/* After a schema change a prepared statement may refuse to run ("cached
 * plan must not change result type"): forget it so the next call prepares
 * it again. */
static void stmt_forget(PGconn *conn, const char *sql)
{
	struct stmt_cache *k = PQinstanceData(conn, stmt_events);
	for (int i = 0; k != NULL && i < k->n; i++) {
		if (strcmp(k->s[i].sql, sql) == 0) {
			free(k->s[i].sql);
			k->s[i] = k->s[--k->n];
			return;
		}
	}
}

/* Why a row cannot be deleted: the table whose rows still name it (the
 * referencing table of the foreign key PostgreSQL reports). */
static const char *still_referenced(const char *table, char *out, size_t size)
{
	static const struct {
		const char *table, *why;
	} known[] = {
	    {"convention_signatories", "a convention names this member as a signatory"},
	    {"accompaniment_plan_persons", "an accompaniment plan names this member"},
	};
	for (size_t i = 0; table != NULL && i < sizeof known / sizeof known[0]; i++) {
		if (strcmp(table, known[i].table) == 0) {
			snprintf(out, size, "%s: it cannot be deleted", known[i].why);
			return out;
		}
	}
	snprintf(out, size, "other records (%s) refer to it: it cannot be deleted",
		 table != NULL ? table : "?");
	return out;
}

PGresult *api_db_exec(struct api_ctx *c, const char *sql, int nparams, const char *const *values)
{
	c->sqlstate[0] = '\0';
	PGresult *r = NULL;
	const char *name = stmt_prepared(c->conn, sql, nparams, &r);
	if (name != NULL)
		r = PQexecPrepared(c->conn, name, nparams, values, NULL, NULL, 0);
	else if (r == NULL)
		r = PQexecParams(c->conn, sql, nparams, NULL, values, NULL, NULL, 0);
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return r;

	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *constraint = r ? PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME) : NULL;
	snprintf(c->sqlstate, sizeof c->sqlstate, "%s", state ? state : "");
	if (state != NULL && strcmp(state, "0A000") == 0)
		stmt_forget(c->conn, sql);
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
	} else if (state != NULL && strcmp(state, "23503") == 0 && strncmp(sql, "DELETE", 6) == 0) {
		/* A row that others still name: say which, it is kept. */
		const char *table = r ? PQresultErrorField(r, PG_DIAG_TABLE_NAME) : NULL;
		api_problem(c, 409, "still-referenced", "Conflict", still_referenced(table, detail,
										   sizeof detail),
			    NULL);
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

/*
 * Returns once every transaction this connection committed is on disk,
 * also one committed with synchronous_commit off. A transaction commits
 * with a WAL flush when it wrote WAL and synchronous_commit is on (set here
 * for it alone, whatever the server's default), and a flush covers every
 * record written before its own. It must write WAL: a transaction that only
 * takes a transaction id (txid_current) commits without flushing, which
 * tests/integration/test_faults.py caught. A transactional logical message
 * is the smallest WAL record any role may write; nothing reads it. Call it
 * outside a transaction.
 */
int api_db_flush_wal(struct api_ctx *c)
{
	return simple(c, "SELECT set_config('synchronous_commit', 'on', true),"
			 " pg_logical_emit_message(true, 'transitd', 'flush')");
}

int api_audit(struct api_ctx *c, const char *action, const char *entity, const char *entity_id,
	      const char *before, const char *after)
{
	char op[24], uid[24];
	api_id_text(c->user.operator_id, op);
	api_id_text(c->user.id, uid);
	const char *v[8] = {c->user.operator_id > 0 ? op : NULL,
			    c->user.id > 0 ? uid : NULL,
			    c->req ? c->req->request_id : NULL,
			    action,
			    entity,
			    entity_id,
			    before,
			    after};
	/* audit_write() (sql/017) is also payment_record()'s: one way to write it. */
	PGresult *r = api_db_exec(c,
				  "SELECT audit_write($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)",
				  8, v);
	if (r == NULL)
		return -1;
	PQclear(r);
	return 0;
}

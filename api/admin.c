/*
 * The administration commands run on the server (api/api.h): `transitd
 * operator add`, `user add|rotate` and `parameter add`. daemon/main.c
 * parses their arguments, prints what they return and chooses the exit
 * code; the SQL, the transaction and the audit row are here. A command has
 * no HTTP user: its audit rows have no user and the request id "cli".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"

/* A request context for a command: no user, no operator. */
struct cli {
	struct api_request req;
	struct api_response resp;
	struct api_ctx c;
};

static void cli_open(struct cli *k, PGconn *conn, bdate_t today)
{
	k->req = (struct api_request){.request_id = "cli", .today = today};
	k->resp = (struct api_response){0};
	k->c = (struct api_ctx){.conn = conn, .req = &k->req, .resp = &k->resp};
}

/* The response's body as a new string, NULL when there is none (or out of
 * memory). Frees the response. */
static char *cli_close(struct cli *k)
{
	char *text = k->resp.body != NULL ? strndup(k->resp.body, k->resp.body_len) : NULL;
	api_response_free(&k->resp);
	return text;
}

struct operator_add {
	const char *name;
	char id[API_ID_LEN];
};

static int tx_operator_add(struct api_ctx *c, void *arg)
{
	struct operator_add *a = arg;
	const char *v[1] = {a->name};
	PGresult *r = api_db_exec(c,
				  "INSERT INTO operators (name) VALUES ($1)"
				  " RETURNING id, json_build_object('id', id, 'name', name)::text",
				  1, v);
	if (r == NULL)
		return -1;
	snprintf(a->id, sizeof a->id, "%s", PQgetvalue(r, 0, 0));
	int rc = api_audit(c, "operator.create", "operator", a->id, NULL, PQgetvalue(r, 0, 1));
	PQclear(r);
	return rc;
}

int api_operator_add(PGconn *conn, const char *name, char **out)
{
	struct cli k;
	struct operator_add a = {.name = name};
	cli_open(&k, conn, 0);
	int rc = api_tx(&k.c, tx_operator_add, &a);
	char *problem = cli_close(&k);
	if (rc == 0) {
		free(problem);
		*out = strdup(a.id);
	} else {
		*out = problem;
	}
	return rc;
}

struct user_cmd {
	const char *name, *operator_name, *email;
	unsigned role; /* 0: rotate the token of an existing user */
	char token[69];
	char error[200];
};

/* The operator named, or the only one when no name is given. */
static int resolve_operator(struct api_ctx *c, struct user_cmd *u, char id[API_ID_LEN])
{
	const char *v[1] = {u->operator_name};
	PGresult *r = api_db_exec(c,
				  "SELECT id FROM operators WHERE $1::text IS NULL OR name = $1"
				  " ORDER BY id LIMIT 2",
				  1, v);
	if (r == NULL)
		return -1;
	int n = PQntuples(r);
	if (n == 1)
		snprintf(id, API_ID_LEN, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	if (n == 1)
		return 0;
	snprintf(u->error, sizeof u->error, "%s",
		 n == 0 ? "no such operator (create one with 'transitd operator add NAME')"
			: "several operators exist: name one with --operator NAME");
	return -1;
}

static int tx_user(struct api_ctx *c, void *arg)
{
	struct user_cmd *u = arg;
	char op[API_ID_LEN], hash[65];
	if (resolve_operator(c, u, op) != 0)
		return -1;
	if (api_token_generate(u->token) != 0) {
		snprintf(u->error, sizeof u->error, "no randomness available");
		return -1;
	}
	api_token_hash(u->token, hash);
	PGresult *r;
	if (u->role != 0) {
		const char *v[5] = {op, u->name, api_role_name(u->role), hash, u->email};
		r = api_db_exec(c,
				"INSERT INTO users (operator_id, name, role, token_hash, email)"
				" VALUES ($1, $2, $3::user_role, $4, $5) RETURNING id,"
				" json_build_object('id', id, 'operator_id', operator_id,"
				" 'name', name, 'role', role, 'email', email)::text",
				5, v);
	} else {
		const char *v[3] = {op, u->name, hash};
		r = api_db_exec(c,
				"UPDATE users SET token_hash = $3, revoked_at = NULL"
				" WHERE operator_id = $1 AND name = $2 RETURNING id,"
				" json_build_object('id', id, 'operator_id', operator_id,"
				" 'name', name, 'role', role)::text",
				3, v);
	}
	if (r == NULL)
		return -1;
	if (PQntuples(r) != 1) {
		PQclear(r);
		snprintf(u->error, sizeof u->error, "no user named '%s' for this operator",
			 u->name);
		return -1;
	}
	/* The token hash is not audited: the audit log is widely readable. */
	int rc = api_audit(c, u->role ? "user.create" : "user.rotate_token", "user",
			   PQgetvalue(r, 0, 0), NULL, PQgetvalue(r, 0, 1));
	PQclear(r);
	return rc;
}

int api_user_token(PGconn *conn, const char *name, const char *operator_name, unsigned role,
		   const char *email, char **out)
{
	struct cli k;
	struct user_cmd u = {
	    .name = name, .operator_name = operator_name, .email = email, .role = role};
	cli_open(&k, conn, 0);
	int rc = api_tx(&k.c, tx_user, &u);
	char *problem = cli_close(&k);
	if (rc == 0)
		*out = strdup(u.token); /* shown once, stored hashed */
	else if (u.error[0] != '\0')
		*out = strdup(u.error);
	else
		*out = strdup(problem != NULL ? problem : "failed");
	free(problem);
	return rc;
}

/*
 * The platform administrator's row: shared by every operator (no user, no
 * operator in the context), any key, the regional ones included; the JSON
 * object of POST /parameters built from the arguments, so that both go
 * through the same reader (in_parameter_read) and the same storing.
 */
int api_parameter_command(PGconn *conn, bdate_t today, const struct api_parameter_args *a,
			  char **out)
{
	struct cli k;
	cli_open(&k, conn, today);
	int rc;
	json_t *body = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "key", a->key, "valid_from",
				 a->valid_from, "value", a->value, "unit", a->unit, "confirmed",
				 a->confirmed, "correction", a->correction);
	if (body == NULL)
		rc = api_problem(&k.c, 422, "validation", "Invalid parameter",
				 "arguments must be UTF-8 text", NULL);
	else if (a->source != NULL &&
		 json_object_set_new(body, "source", json_string(a->source)) != 0)
		rc = api_problem(&k.c, 422, "validation", "Invalid parameter",
				 "the source must be UTF-8 text", NULL);
	else
		rc = api_parameter_add(&k.c, body);
	json_decref(body);
	*out = cli_close(&k);
	return rc;
}

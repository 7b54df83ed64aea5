#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <libpq-events.h>

#include <openssl/evp.h>

#include "api.h"
#include "api_internal.h"
#include "ident.h"

static const char *const role_names[] = {"admin", "operator", "accountant", "social_worker",
					 "auditor"};

const char *api_role_name(unsigned role)
{
	for (unsigned i = 0; i < 5; i++)
		if (role == (1u << i))
			return role_names[i];
	return "unknown";
}

/*
 * Who reads a national register number in full (issue 13 item 1): those who
 * build and follow the household's file. The accountant and the auditor
 * need the money and the records, not the identity: they get the masked
 * form. One rule for every output of the API.
 */
#define ROLES_SEEING_NRN (ROLE_ADMIN | ROLE_OPERATOR | ROLE_SOCIAL_WORKER)

bool api_sees_nrn(const struct api_ctx *c)
{
	return (c->user.role & ROLES_SEEING_NRN) != 0;
}

bool api_nrn_shown(const struct api_ctx *c, const char *digits, char out[IDENT_NRN_FMT_LEN])
{
	struct ident_nrn nrn;
	if (digits == NULL || ident_nrn_parse(digits, strlen(digits), &nrn) != IDENT_OK) {
		/* Not a number the API accepted (written by hand in SQL): shown to
		 * no one, so that a typo never leaks what it almost is. */
		snprintf(out, IDENT_NRN_FMT_LEN, "**.**.**-***.**");
		return false;
	}
	snprintf(out, IDENT_NRN_FMT_LEN, "%s", api_sees_nrn(c) ? nrn.formatted : nrn.masked);
	return true;
}

unsigned api_role_parse(const char *name)
{
	for (unsigned i = 0; i < 5; i++)
		if (strcmp(name, role_names[i]) == 0)
			return 1u << i;
	return 0;
}

static void hex(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Tokens carry 256 random bits, so a plain SHA-256 (no salt, no stretching)
 * cannot be brute-forced and lets the lookup use a unique index. */
void api_token_hash(const char *token, char out[65])
{
	unsigned char md[32];
	unsigned int len = 0;
	if (EVP_Digest(token, strlen(token), md, &len, EVP_sha256(), NULL) != 1 || len != 32) {
		memset(out, '0', 64);
		out[64] = '\0';
		return;
	}
	hex(md, 32, out);
}

int api_token_generate(char out[69])
{
	unsigned char raw[32];
	size_t got = 0;
	while (got < sizeof raw) {
		ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	memcpy(out, "tdk_", 4);
	hex(raw, 32, out + 4);
	return 0;
}

/*
 * Tokens that authenticated are remembered with the database connection
 * that looked them up, so that most requests make one round trip instead of
 * two (tests/bench). The cache never outlives what it mirrors:
 * - sql/010 makes every change to users (rotation, revocation, role or name
 *   change) send NOTIFY transitd_auth after its commit; the connection
 *   LISTENs before the first entry is kept, and every request drains the
 *   notifications already received and empties the cache on one. A request
 *   arriving in the instant between a revocation's commit and the delivery
 *   of its notification may still pass, as if it had arrived just before.
 * - it lives in the connection (libpq instance data): a lost connection,
 *   whose notifications may have been lost with it, takes it away;
 * - an entry is used for at most AUTH_CACHE_SECONDS, in case a change
 *   reached the table by a path without the trigger.
 * Unknown tokens are never remembered (nothing to fill memory with).
 */
#define AUTH_CACHE_MAX 64
#define AUTH_CACHE_SECONDS 60

struct auth_cache {
	bool listening;
	int n;
	unsigned next; /* replacement cursor once full */
	struct {
		char hash[65];
		struct api_user user;
		time_t until;
	} e[AUTH_CACHE_MAX];
};

static int auth_events(PGEventId id, void *info, void *pass)
{
	(void)pass;
	if (id == PGEVT_CONNRESET) {
		struct auth_cache *k = PQinstanceData(((PGEventConnReset *)info)->conn, auth_events);
		if (k != NULL)
			*k = (struct auth_cache){0}; /* LISTEN is gone with the session */
	} else if (id == PGEVT_CONNDESTROY) {
		PGconn *conn = ((PGEventConnDestroy *)info)->conn;
		free(PQinstanceData(conn, auth_events));
		PQsetInstanceData(conn, auth_events, NULL);
	}
	return 1;
}

/* The cache of conn, listening for changes; NULL when it cannot be kept. */
static struct auth_cache *auth_cache_of(PGconn *conn)
{
	struct auth_cache *k = api_conn_data(conn, auth_events, "transitd tokens", sizeof *k);
	if (k == NULL)
		return NULL;
	if (!k->listening) {
		if (PQtransactionStatus(conn) != PQTRANS_IDLE)
			return NULL;
		PGresult *r = PQexec(conn, "LISTEN transitd_auth");
		k->listening = r != NULL && PQresultStatus(r) == PGRES_COMMAND_OK;
		PQclear(r);
		if (!k->listening)
			return NULL;
	}
	/* Notifications that arrived since the last request: the server reads
	 * what an idle connection received before handing it a request
	 * (daemon/server.c, check_idle_connection), and libpq queues the ones
	 * that arrive with the answers to statements. */
	PGnotify *note;
	while ((note = PQnotifies(conn)) != NULL) {
		if (strcmp(note->relname, "transitd_auth") == 0)
			k->n = 0;
		PQfreemem(note);
	}
	return k;
}

static int auth_cache_find(const struct auth_cache *k, const char *hash, time_t now)
{
	for (int i = 0; i < k->n; i++)
		if (k->e[i].until > now && memcmp(k->e[i].hash, hash, 64) == 0)
			return i;
	return -1;
}

static void auth_cache_put(struct auth_cache *k, const char *hash, const struct api_user *u,
			   time_t now)
{
	int i, free_slot = -1;
	for (i = 0; i < k->n && memcmp(k->e[i].hash, hash, 64) != 0; i++)
		if (free_slot < 0 && k->e[i].until <= now)
			free_slot = i;
	if (i == k->n) { /* not there: an expired slot, a new one, or the oldest */
		if (free_slot >= 0)
			i = free_slot;
		else if (k->n < AUTH_CACHE_MAX)
			k->n++;
		else
			i = (int)(k->next++ % AUTH_CACHE_MAX);
	}
	memcpy(k->e[i].hash, hash, 65);
	k->e[i].user = *u;
	k->e[i].until = now + AUTH_CACHE_SECONDS;
}

int api_authenticate(struct api_ctx *c)
{
	const char *h = c->req->authorization;
	if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0) {
		api_add_header(c, "WWW-Authenticate", "Bearer realm=\"transitd\"");
		return api_problem(c, 401, "unauthenticated", "Authentication required",
				   "send 'Authorization: Bearer <token>'", NULL);
	}
	const char *tok = h + 7;
	while (*tok == ' ')
		tok++;
	char hash[65];
	api_token_hash(tok, hash);
	struct auth_cache *k = auth_cache_of(c->conn);
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	int hit = k != NULL ? auth_cache_find(k, hash, ts.tv_sec) : -1;
	if (hit >= 0) {
		c->user = k->e[hit].user;
		c->resp->user_id = c->user.id;
		return 0;
	}
	const char *v[1] = {hash};
	PGresult *r = api_db_exec(c,
				  "SELECT id, operator_id, role::text, name FROM users"
				  " WHERE token_hash = $1 AND revoked_at IS NULL",
				  1, v);
	if (r == NULL)
		return -1;
	if (PQntuples(r) != 1) {
		PQclear(r);
		api_add_header(c, "WWW-Authenticate", "Bearer realm=\"transitd\", error=\"invalid_token\"");
		return api_problem(c, 401, "unauthenticated", "Authentication required",
				   "the token is unknown or revoked", NULL);
	}
	c->user.id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	c->user.operator_id = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
	c->user.role = api_role_parse(PQgetvalue(r, 0, 2));
	snprintf(c->user.name, sizeof c->user.name, "%s", PQgetvalue(r, 0, 3));
	c->resp->user_id = c->user.id;
	PQclear(r);
	if (k != NULL)
		auth_cache_put(k, hash, &c->user, ts.tv_sec);
	return 0;
}

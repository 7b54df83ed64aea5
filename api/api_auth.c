#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/evp.h>

#include "api.h"
#include "api_internal.h"

static const char *const role_names[] = {"admin", "operator", "accountant", "social_worker",
					 "auditor"};

const char *api_role_name(unsigned role)
{
	for (unsigned i = 0; i < 5; i++)
		if (role == (1u << i))
			return role_names[i];
	return "unknown";
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
	return 0;
}

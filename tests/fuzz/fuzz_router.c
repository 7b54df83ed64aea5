/*
 * api/api_router.c: path matching and dispatch. A path matches a pattern
 * only as its canonical instance ({id} a positive int64 in plain decimal),
 * so the pattern with the captured ids put back is the path itself; every
 * instance of every route matches that route with those ids; and
 * api_handle, with no database, answers 404 exactly when no pattern
 * matches, 405 with the Allow list of the matching routes when none has the
 * method, and otherwise runs the route (a 401 without a token, a 503 once
 * it needs the database).
 *
 * It links transitd_api and calls the router's api_route_match().
 *
 * Input: byte 0 the method, byte 1 whether a token is sent and which route
 * to instantiate, then 8 bytes per id, and the whole input after byte 1 as
 * a path too.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"

#include "fuzz_support.h"

static int count_ids(const char *pattern)
{
	int n = 0;
	for (const char *p = strstr(pattern, "{id}"); p != NULL; p = strstr(p + 4, "{id}"))
		n++;
	return n;
}

/* The pattern with each {id} replaced by the next id. */
static void instantiate(const char *pattern, const int64_t *ids, char *out, size_t size)
{
	size_t o = 0;
	int k = 0;
	for (const char *p = pattern; *p != '\0' && o + 1 < size;) {
		if (strncmp(p, "{id}", 4) == 0) {
			o += (size_t)snprintf(out + o, size - o, "%" PRId64, ids[k++]);
			p += 4;
		} else {
			out[o++] = *p++;
		}
	}
	out[o < size ? o : size - 1] = '\0';
}

static void check_handle(const char *path, enum api_method method, bool token)
{
	char allow[64] = "";
	bool path_known = false;
	const struct api_route *found = NULL;
	for (size_t i = 0; i < api_routes_count; i++) {
		int64_t params[API_MAX_PATH_PARAMS];
		int np = 0;
		if (!api_route_match(api_routes[i].pattern, path, params, &np))
			continue;
		/* Canonical: the pattern with its ids is the path itself. */
		char again[512];
		FUZZ_CHECK(np == count_ids(api_routes[i].pattern));
		for (int k = 0; k < np; k++)
			FUZZ_CHECK(params[k] >= 1);
		instantiate(api_routes[i].pattern, params, again, sizeof again);
		FUZZ_CHECK(strcmp(again, path) == 0);
		size_t al = strlen(allow);
		snprintf(allow + al, sizeof allow - al, "%s%s", al ? ", " : "",
			 api_method_names[api_routes[i].method]);
		path_known = true;
		if (found == NULL && api_routes[i].method == method)
			found = &api_routes[i];
	}

	struct api_request req = {.method = method,
				  .path = path,
				  .request_id = "fuzz",
				  .authorization = token ? "Bearer tdk_fuzz" : NULL,
				  .today = fuzz_today()};
	struct api_response resp = {0};
	api_handle(NULL, &req, &resp);
	if (found == NULL) {
		json_t *p = fuzz_check_problem(&resp, path_known ? 405 : 404);
		json_decref(p);
		if (path_known) {
			FUZZ_CHECK(resp.nheaders == 1 &&
				   strcmp(resp.headers[0].name, "Allow") == 0);
			FUZZ_CHECK(strcmp(resp.headers[0].value, allow) == 0);
		}
	} else if (found->roles != ROLE_PUBLIC) {
		json_t *p = fuzz_check_problem(&resp, token ? 503 : 401);
		json_decref(p);
	} else {
		/* A public route runs: without a database it cannot succeed. */
		json_t *p = fuzz_check_problem(&resp, 0);
		FUZZ_CHECK(resp.status == 401 || resp.status == 503);
		json_decref(p);
	}
	api_response_free(&resp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	enum api_method method = (enum api_method)(data[0] % (API_OTHER + 1));
	bool token = data[1] & 1;
	if (method != API_OTHER)
		FUZZ_CHECK(api_method_parse(api_method_names[method]) == method);

	/* The input as a path, as evhttp hands it over: up to a NUL byte. */
	char *path = strndup((const char *)data + 2, size - 2);
	FUZZ_CHECK(path != NULL);
	check_handle(path, method, token);
	free(path);

	/* An instance of one route, ids from the input, positive, at most 18 digits. */
	const struct api_route *r = &api_routes[(data[1] >> 1) % api_routes_count];
	int64_t ids[API_MAX_PATH_PARAMS] = {1, 1, 1, 1};
	for (int k = 0; k < API_MAX_PATH_PARAMS && 2 + 8 * (size_t)(k + 1) <= size; k++) {
		uint64_t raw;
		memcpy(&raw, data + 2 + 8 * k, 8);
		ids[k] = (int64_t)(raw % 999999999999999999ULL) + 1;
	}
	char instance[512];
	int64_t params[API_MAX_PATH_PARAMS];
	int np = -1;
	instantiate(r->pattern, ids, instance, sizeof instance);
	FUZZ_CHECK(api_route_match(r->pattern, instance, params, &np));
	FUZZ_CHECK(np == count_ids(r->pattern));
	for (int k = 0; k < np; k++)
		FUZZ_CHECK(params[k] == ids[k]);
	check_handle(instance, r->method, token);
	return 0;
}

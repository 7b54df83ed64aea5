#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_internal.h"

const char *const api_method_names[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"};

enum api_method api_method_parse(const char *name)
{
	for (int i = 0; i < API_OTHER; i++)
		if (strcmp(name, api_method_names[i]) == 0)
			return (enum api_method)i;
	return API_OTHER;
}

bool api_route_match(const char *pattern, const char *path, int64_t *params, int *nparams)
{
	int n = 0;
	while (*pattern != '\0' && *path != '\0') {
		if (*pattern == '{' && strncmp(pattern, "{id}", 4) == 0) {
			const char *end = path;
			while (*end >= '0' && *end <= '9')
				end++;
			/* "{id}" ends the path, a segment, or is followed by the
			 * pattern's own text ("{id}.pdf"). */
			if (end == path || (end - path) > 18 ||
			    (*end != '\0' && *end != '/' && *end != pattern[4]) ||
			    n >= API_MAX_PATH_PARAMS || *path == '0')
				return false;
			params[n++] = strtoll(path, NULL, 10);
			path = end;
			pattern += 4;
			continue;
		}
		if (*pattern != *path)
			return false;
		pattern++;
		path++;
	}
	*nparams = n;
	return *pattern == '\0' && *path == '\0';
}

void api_handle(PGconn *conn, const struct api_request *req, struct api_response *resp)
{
	struct api_ctx c = {.conn = conn, .req = req, .resp = resp};
	const struct api_route *found = NULL;
	bool path_known = false;
	char allow[64] = "";

	for (size_t i = 0; i < api_routes_count; i++) {
		const struct api_route *r = &api_routes[i];
		int64_t params[API_MAX_PATH_PARAMS];
		int np = 0;
		if (!api_route_match(r->pattern, req->path, params, &np))
			continue;
		path_known = true;
		size_t al = strlen(allow);
		snprintf(allow + al, sizeof allow - al, "%s%s", al ? ", " : "",
			 api_method_names[r->method]);
		if (r->method == req->method && found == NULL) {
			found = r;
			memcpy(c.params, params, sizeof params);
			c.nparams = np;
		}
	}
	if (found == NULL) {
		if (path_known) {
			api_add_header(&c, "Allow", allow);
			api_problem(&c, 405, "method-not-allowed", "Method not allowed", NULL,
				    NULL);
		} else {
			api_problem(&c, 404, "not-found", "Not found", "no such resource", NULL);
		}
		return;
	}
	if (found->roles != ROLE_PUBLIC) {
		if (api_authenticate(&c) != 0)
			return;
		if ((found->roles & c.user.role) == 0) {
			char detail[128];
			snprintf(detail, sizeof detail, "the role '%s' may not do this",
				 api_role_name(c.user.role));
			api_problem(&c, 403, "forbidden", "Forbidden", detail, NULL);
			return;
		}
	}
	resp->status = 0;
	int rc = found->handler(&c);
	if (resp->status == 0 || (rc != 0 && resp->status < 400))
		api_problem(&c, 500, "internal", "Internal error", "the handler gave no response",
			    NULL);
}

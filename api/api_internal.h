/* Internal to api/: the router's helpers shared between its files. */
#ifndef TRANSITD_API_INTERNAL_H
#define TRANSITD_API_INTERNAL_H

#include "api.h"

/* Resolves the bearer token into c->user; sets a 401 problem on failure. */
API_WUR int api_authenticate(struct api_ctx *c);

/* The route table (api_routes.c). */
extern const struct api_route api_routes[];
extern const size_t api_routes_count;

/* Handlers. */
int h_ready(struct api_ctx *c);
int h_version(struct api_ctx *c);
int h_parameters_get(struct api_ctx *c);
int h_parameters_post(struct api_ctx *c);

#endif

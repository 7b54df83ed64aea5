#include "api_internal.h"

/* Every endpoint, its method and the roles allowed to call it. */
const struct api_route api_routes[] = {
	{API_GET, "/ready", h_ready, ROLE_PUBLIC},
	{API_GET, "/api/v1/version", h_version, ROLE_ALL},
	{API_GET, "/api/v1/openapi.yaml", h_openapi, ROLE_ALL},
	{API_GET, "/api/v1/parameters", h_parameters_get, ROLE_ALL},
	{API_POST, "/api/v1/parameters", h_parameters_post, ROLE_ADMIN},

	{API_GET, "/api/v1/buildings", h_buildings_list, ROLE_ALL},
	{API_POST, "/api/v1/buildings", h_buildings_create, ROLE_ADMIN | ROLE_OPERATOR},
	{API_GET, "/api/v1/buildings/{id}", h_building_get, ROLE_ALL},
	{API_PUT, "/api/v1/buildings/{id}", h_building_put, ROLE_ADMIN | ROLE_OPERATOR},
	{API_GET, "/api/v1/units", h_units_list, ROLE_ALL},
	{API_POST, "/api/v1/units", h_units_create, ROLE_ADMIN | ROLE_OPERATOR},
	{API_GET, "/api/v1/units/{id}", h_unit_get, ROLE_ALL},
	{API_PUT, "/api/v1/units/{id}", h_unit_put, ROLE_ADMIN | ROLE_OPERATOR},
};

const size_t api_routes_count = sizeof api_routes / sizeof api_routes[0];

/* The field limits and where each is also written (api/field_limits.h). */
#include <stddef.h>

#include "field_limits.h"

#define ROW(lim, lo, sql, openapi) {#lim, (lo), (lim), (sql), (openapi)}

const struct api_limit api_limits[] = {
    /* ---- shared ---- */

    /* ---- units and buildings ---- */

    /* ---- households ---- */

    /* ---- admission ---- */

    /* ---- conventions, accompaniment, logbooks, letters ---- */

    /* ---- billing and payments ---- */

    /* ---- alerts, parameters, operator ---- */

    {NULL, 0, 0, NULL, NULL}, /* end */
};

const int api_limits_count = (int)(sizeof api_limits / sizeof api_limits[0]) - 1;

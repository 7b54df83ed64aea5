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
    /* The comment is required (1..): the handler refuses "" itself. */
    ROW(LIM_ALERT_COMMENT_MAX, 1, "alerts.acknowledge_comment alerts.resolve_comment",
	"AlertComment.comment"),
    /* SQL's regex ^[a-z][a-z0-9_]{0,63}$ and openapi's pattern (the same)
     * carry this length, not a length() CHECK or a maxLength. */
    ROW(LIM_PARAMETER_KEY_MAX, 1, "parameters.key", "ParameterInput.key"),
    /* The length of the text sent; the column is numeric(14, 2) and the
     * description a pattern without a length: neither has this bound. */
    ROW(LIM_PARAMETER_VALUE_MAX, 0, NULL, NULL),
    ROW(LIM_PARAMETER_UNIT_MAX, 1, "parameters.unit", "ParameterInput.unit"),
    ROW(LIM_PARAMETER_SOURCE_MAX, 0, "parameters.source", "ParameterInput.source"),
    /* A cap before the enum check: SQL (IN (...)) and openapi (enum) name
     * the three states instead of a length. */
    ROW(LIM_PARAMETER_CONFIRMED_MAX, 0, NULL, NULL),

    {NULL, 0, 0, NULL, NULL}, /* end */
};

const int api_limits_count = (int)(sizeof api_limits / sizeof api_limits[0]) - 1;

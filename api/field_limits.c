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
    /* billing_runs.month is a date; the API's pattern ^[0-9]{4}-[0-9]{2}$
     * says the length, no maxLength does */
    ROW(LIM_BILLING_RUN_MONTH, LIM_BILLING_RUN_MONTH, NULL, NULL),
    /* the column also holds reversals: -max..max, not 0; the API takes 1..max */
    ROW(LIM_PAYMENT_AMOUNT_CENTS, 1, "payments.amount_cents", "PaymentInput.amount_cents"),
    ROW(LIM_PAYMENT_PAYER, 1, "payments.payer", "PaymentInput.payer"),
    /* a length bound before the form is parsed: payments.communication
     * stores the normalised 20 characters (a pattern CHECK), the API
     * describes the form, not a length */
    ROW(LIM_PAYMENT_COMMUNICATION, 0, NULL, NULL),
    /* a header, not a schema property: the openapi parameter
     * Idempotency-Key of POST /payments says minLength 1, maxLength 200 */
    ROW(LIM_PAYMENT_IDEMPOTENCY_KEY, 1, "idempotency_keys.key", NULL),
    ROW(LIM_REVERSAL_REASON, 1, "payments.reason", "ReversalInput.reason"),

    /* ---- alerts, parameters, operator ---- */

    {NULL, 0, 0, NULL, NULL}, /* end */
};

const int api_limits_count = (int)(sizeof api_limits / sizeof api_limits[0]) - 1;

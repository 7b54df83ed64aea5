/* Input of payments and their reversal (api/input.h): POST /api/v1/payments
 * and POST /api/v1/payments/{id}/reversal. */
#include <string.h>

#include "api_internal.h"
#include "input.h"

const char *const in_payment_methods[] = {"transfer", "cash", "cpas_retention", "direct_debit",
					  NULL};

void in_payment_read(json_t *body, bdate_t today, struct in_payment *out, json_t **errors)
{
	static const char *const fields[] = {
	    "household_id", "paid_on", "amount_cents", "method", "payer", "communication", NULL};
	api_json_only(body, fields, errors);
	json_t *given = json_object_get(body, "household_id");
	out->has_household = api_json_int(body, "household_id", false, LIM_ID_MIN, LIM_ID_MAX,
					  errors, &out->household);
	if (api_json_date(body, "paid_on", true, errors, &out->paid_on) && out->paid_on > today)
		api_field_error(errors, "paid_on", "future", "must not be after today");
	api_json_cents(body, "amount_cents", true, LIM_PAYMENT_AMOUNT_CENTS_MIN,
		       LIM_PAYMENT_AMOUNT_CENTS, errors, &out->amount);
	api_json_enum(body, "method", true, in_payment_methods, errors, &out->method);
	out->payer = api_json_nonempty(body, "payer", LIM_PAYMENT_PAYER, true, errors);
	const char *comm =
	    api_json_string(body, "communication", LIM_PAYMENT_COMMUNICATION, false, errors);
	if (comm != NULL) {
		if (ident_ogm_parse(comm, strlen(comm), &out->communication_base) != IDENT_OK ||
		    !ident_ogm_format(out->communication_base, out->communication))
			api_field_error(errors, "communication", "invalid",
					"must be a structured communication +++DDD/DDDD/DDDDD+++");
		else
			out->has_communication = true;
	}
	if (comm == NULL && (given == NULL || json_is_null(given)))
		api_field_error(errors, "household_id", "required",
				"give the household, or the structured communication of one of "
				"its invoices");
}

void in_reversal_read(json_t *body, bdate_t today, struct in_reversal *out, json_t **errors)
{
	static const char *const fields[] = {"reason", "reversed_on", NULL};
	out->on = today;
	api_json_only(body, fields, errors);
	out->reason = api_json_nonempty_text(body, "reason", LIM_REVERSAL_REASON, true, errors);
	if (api_json_date(body, "reversed_on", false, errors, &out->on) && out->on > today)
		api_field_error(errors, "reversed_on", "future", "must not be after today");
}

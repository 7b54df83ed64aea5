/*
 * The input of a billing run {month}, of a payment and of a payment's
 * reversal (api/in_billing.c, api/in_payments.c) and their handlers.
 * in_payment_read either accepts the payment, and then it is dated,
 * positive, of a known method, with a payer and a household or a valid
 * structured communication, or refuses it with well-formed field errors
 * naming every unknown member; the POST handler gives the same answer once
 * the Idempotency-Key is checked. The run and reversal handlers reach the
 * database exactly when a reference of their rules accepts the body.
 *
 * Input: byte 0 selects run, payment (with a good, bad or no key) or
 * reversal; the rest is the JSON body.
 */
#include <stdio.h>
#include <string.h>

#include "api_internal.h"
#include "fuzz_support.h"
#include "input.h"

/* {month: "YYYY-MM"}: 503 from the month before today's on, 422 after. */
static int run_status(const json_t *body, bdate_t today)
{
	static const char *const fields[] = {"month", NULL};
	const char *m = json_string_value(json_object_get(body, "month"));
	char iso[16];
	bdate_t first;
	if (m == NULL || !fuzz_string(body, "month", 7, 7) || fuzz_unknown_members(body, fields))
		return 422;
	snprintf(iso, sizeof iso, "%s-01", m);
	if (!bdate_parse_iso(iso, 10, &first))
		return 422;
	return first > bdate_end_of_month(today) + 1 ? 422 : 503;
}

/* {reason: 1..500 bytes, reversed_on?: not future} */
static bool reverse_valid(const json_t *body, bdate_t today)
{
	static const char *const fields[] = {"reason", "reversed_on", NULL};
	return fuzz_unknown_members(body, fields) == 0 && fuzz_text(body, "reason", 1, 500) &&
	       (fuzz_absent(body, "reversed_on") || fuzz_date(body, "reversed_on", true, today));
}

/* The members of a payment, as api/openapi.yaml's PaymentInput lists them. */
static const char *const pay_fields[] = {
    "household_id", "paid_on", "amount_cents", "method", "payer", "communication", NULL};

static void check_payment(struct fuzz_req *f, json_t *body)
{
	struct in_payment in = {0};
	json_t *errors = NULL;
	in_payment_read(body, f->req.today, &in, &errors);
	int rc = errors != NULL
		     ? api_problem(&f->c, 422, "validation", "Invalid payment", NULL, errors)
		     : 0;
	char *verdict = fuzz_verdict(f, rc);
	if (verdict == NULL) {
		FUZZ_CHECK(in.paid_on <= f->req.today);
		FUZZ_CHECK(in.amount >= 1 && in.amount <= 100000000);
		FUZZ_CHECK(in.method >= 0 && in.method < 4);
		FUZZ_CHECK(in.payer != NULL && in.payer[0] != '\0' && strlen(in.payer) <= 200);
		/* Whose payment it is: the household, or an invoice's communication. */
		FUZZ_CHECK(in.has_household || in.has_communication);
		FUZZ_CHECK(!in.has_household || in.household >= 1);
		uint64_t base;
		FUZZ_CHECK(!in.has_communication ||
			   ident_ogm_parse(in.communication, strlen(in.communication), &base) ==
			       IDENT_OK);
	}
	FUZZ_CHECK(fuzz_errors_with_code(verdict, "unknown") ==
		   fuzz_unknown_members(body, pay_fields));
	fuzz_handler_agrees(f, h_payments_create, true, verdict);
	free(verdict);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct fuzz_req f;
	fuzz_req_init(&f, data + 1, size - 1);
	fuzz_req_target(&f, false);
	json_t *body = api_body_object(&f.c);
	fuzz_req_reset(&f);
	switch (data[0] % 5) {
	case 0:
		FUZZ_CHECK(fuzz_run_handler(&f, h_billing_runs_create) ==
			   (body == NULL ? 400 : run_status(body, f.req.today)));
		break;
	case 1:
		f.req.idempotency_key = "3f1c9a6e-fuzz";
		if (body == NULL)
			fuzz_handler_agrees(&f, h_payments_create, false, NULL);
		else
			check_payment(&f, body);
		break;
	case 2:
		/* The key is checked first, whatever the body. */
		f.req.idempotency_key = data[0] & 0x80 ? "with space" : "";
		FUZZ_CHECK(fuzz_run_handler(&f, h_payments_create) == 400);
		break;
	case 3:
		f.req.idempotency_key = NULL;
		FUZZ_CHECK(fuzz_run_handler(&f, h_payments_create) == 400);
		break;
	case 4:
		FUZZ_CHECK(fuzz_run_handler(&f, h_payment_reverse) ==
			   (body == NULL		       ? 400
			    : reverse_valid(body, f.req.today) ? 503
							       : 422));
		break;
	}
	json_decref(body);
	fuzz_req_free(&f);
	return 0;
}

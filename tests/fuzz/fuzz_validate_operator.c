/*
 * api/in_operator.c: the validation of the operator's profile that its
 * documents print. in_operator_read either accepts the body, and then the
 * profile has a name, a whole address or none, a signatory with a name and
 * a role or none, a Belgian postal code, a valid IBAN and a structured
 * communication base in range, or refuses it with well-formed field errors
 * naming every unknown member; the PUT handler gives the same answer.
 *
 * The reader is called through api/input.h (linked from transitd_api);
 * the bounds below are written again on purpose, as the harness's own
 * statement of the contract, not read from api/field_limits.h.
 *
 * Input: the JSON body.
 */
#include <string.h>

#include "api_internal.h"
#include "fuzz_support.h"
#include "input.h"

static bool text_ok(const char *s, size_t max)
{
	return s == NULL || (s[0] != '\0' && strlen(s) <= max);
}

static void check_profile(const struct in_operator *in, const json_t *body)
{
	FUZZ_CHECK(in->name != NULL && text_ok(in->name, 200));
	FUZZ_CHECK(text_ok(in->street, 200) && text_ok(in->house_number, 20) &&
		   text_ok(in->box, 20) && text_ok(in->commune, 100) && text_ok(in->place, 100) &&
		   text_ok(in->contact, 200) && text_ok(in->signatory_name, 200) &&
		   text_ok(in->signatory_role, 200));
	/* The whole address or none of it (the box is optional). */
	bool parts[] = {in->street != NULL, in->house_number != NULL, in->postal_code != NULL,
			in->commune != NULL};
	for (int i = 1; i < 4; i++)
		FUZZ_CHECK(parts[i] == parts[0]);
	FUZZ_CHECK(in->box == NULL || parts[0]);
	FUZZ_CHECK(in->postal_code == NULL ||
		   (strlen(in->postal_code) == 4 && in->postal_code[0] >= '1' &&
		    in->postal_code[0] <= '9' && strspn(in->postal_code, "0123456789") == 4));
	FUZZ_CHECK((in->signatory_name == NULL) == (in->signatory_role == NULL));
	FUZZ_CHECK(in->has_iban == !fuzz_absent(body, "iban"));
	if (in->has_iban) {
		struct ident_iban again;
		FUZZ_CHECK(ident_iban_be_parse(in->iban.electronic, strlen(in->iban.electronic),
					       &again) == IDENT_OK);
	}
	FUZZ_CHECK(!in->has_ogm_base ||
		   (in->ogm_base >= 0 && (uint64_t)in->ogm_base <= IDENT_OGM_MAX_BASE));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_req f;
	fuzz_req_init(&f, data, size);
	fuzz_req_target(&f, true);
	json_t *body = api_body_object(&f.c);
	if (body == NULL) {
		fuzz_handler_agrees(&f, h_operator_put, false, NULL);
		fuzz_req_free(&f);
		return 0;
	}
	struct in_operator in = {0};
	json_t *errors = NULL;
	in_operator_read(body, &in, &errors);
	int rc = errors != NULL
		     ? api_problem(&f.c, 422, "validation", "Invalid operator", NULL, errors)
		     : 0;
	char *verdict = fuzz_verdict(&f, rc);
	if (verdict == NULL)
		check_profile(&in, body);
	FUZZ_CHECK(fuzz_errors_with_code(verdict, "unknown") ==
		   fuzz_unknown_members(body, in_operator_fields));
	fuzz_handler_agrees(&f, h_operator_put, true, verdict);
	free(verdict);
	json_decref(body);
	fuzz_req_free(&f);
	return 0;
}

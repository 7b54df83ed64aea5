/*
 * The operator's profile as PUT /api/v1/operator carries it (api/input.h):
 * the details its documents print. Whether the caller may change it and
 * its version (If-Match) are h_operator.c's.
 */
#include <string.h>

#include "api_internal.h"
#include "input.h"

_Static_assert(LIM_OPERATOR_OGM_BASE_MAX == (int64_t)IDENT_OGM_MAX_BASE,
	       "the structured communication base is core/ident's");

const char *const in_operator_fields[] = {
    "name",    "street",	 "house_number",   "box",  "postal_code", "commune", "place",
    "contact", "signatory_name", "signatory_role", "iban", "ogm_base",	  NULL};

/* A letterhead prints the whole address or none of it (the box is optional). */
static void address_check(const struct in_operator *out, json_t **errors)
{
	bool any = out->street || out->house_number || out->box || out->postal_code || out->commune;
	const char *address[] = {"street", "house_number", "postal_code", "commune"};
	const char *address_vals[] = {out->street, out->house_number, out->postal_code,
				      out->commune};
	for (size_t i = 0; i < sizeof address / sizeof address[0] && any; i++)
		if (address_vals[i] == NULL)
			api_field_error(errors, address[i], "required",
					"an address has a street, a number, a postal code and a "
					"commune");
}

static void iban_read(const char *iban, struct in_operator *out, json_t **errors)
{
	if (iban == NULL)
		return;
	enum ident_err e = ident_iban_be_parse(iban, strlen(iban), &out->iban);
	if (e != IDENT_OK)
		api_field_error(errors, "iban", "invalid",
				e == IDENT_BAD_CHECK ? "invalid check digits"
						     : "must be a Belgian IBAN: BE and 14 digits");
	out->has_iban = e == IDENT_OK;
}

void in_operator_read(json_t *body, struct in_operator *out, json_t **errors)
{
	*out = (struct in_operator){0};
	api_json_only(body, in_operator_fields, errors);
	out->name = api_json_string(body, "name", LIM_OPERATOR_NAME, true, errors);
	out->street = api_json_string(body, "street", LIM_ADDRESS_STREET, false, errors);
	out->house_number =
	    api_json_string(body, "house_number", LIM_ADDRESS_HOUSE_NUMBER, false, errors);
	out->box = api_json_string(body, "box", LIM_ADDRESS_BOX, false, errors);
	out->postal_code =
	    api_json_string(body, "postal_code", LIM_POSTAL_CODE_LEN, false, errors);
	out->commune = api_json_string(body, "commune", LIM_ADDRESS_COMMUNE, false, errors);
	out->place = api_json_string(body, "place", LIM_OPERATOR_PLACE, false, errors);
	out->contact = api_json_string(body, "contact", LIM_OPERATOR_CONTACT, false, errors);
	out->signatory_name =
	    api_json_string(body, "signatory_name", LIM_OPERATOR_SIGNATORY, false, errors);
	out->signatory_role =
	    api_json_string(body, "signatory_role", LIM_OPERATOR_SIGNATORY, false, errors);
	const char *iban = api_json_string(body, "iban", LIM_OPERATOR_IBAN, false, errors);
	out->has_ogm_base = api_json_int(body, "ogm_base", false, 0, LIM_OPERATOR_OGM_BASE_MAX,
					 errors, &out->ogm_base);

	/*
	 * The empty strings, after every member was read (their errors come
	 * last, as before issue 14). Not api_json_nonempty_check: this
	 * profile's message also says how to clear a detail, and the message
	 * is part of the answer that must not change.
	 */
	const char *names[] = {"name",	"street",  "house_number",   "box",	      "commune",
			       "place", "contact", "signatory_name", "signatory_role"};
	const char *vals[] = {out->name,    out->street,	 out->house_number,
			      out->box,	    out->commune,	 out->place,
			      out->contact, out->signatory_name, out->signatory_role};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (vals[i] != NULL && vals[i][0] == '\0')
			api_field_error(errors, names[i], "required",
					"must not be empty: leave it out or null to clear it");
	if (out->postal_code != NULL &&
	    (strlen(out->postal_code) != LIM_POSTAL_CODE_LEN ||
	     strspn(out->postal_code, "0123456789") != LIM_POSTAL_CODE_LEN ||
	     out->postal_code[0] == '0'))
		api_field_error(errors, "postal_code", "invalid", "must be a Belgian postal code");
	address_check(out, errors);
	if ((out->signatory_name == NULL) != (out->signatory_role == NULL))
		api_field_error(errors,
				out->signatory_name == NULL ? "signatory_name" : "signatory_role",
				"required", "the signatory is given with a name and a role");
	iban_read(iban, out, errors);
}

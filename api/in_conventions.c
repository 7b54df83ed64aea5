/*
 * The bodies of a convention's creation and of its actions (api/input.h):
 * decoded and validated without the database. What needs it (is the check
 * positive, are the signatories the household's adults) stays in
 * h_conventions.c and h_convention_actions.c.
 */
#include <stdio.h>
#include <string.h>

#include "api_internal.h"
#include "input.h"

const char *const in_convention_exit_reasons[] = {"relocated",
						  "left_without_solution",
						  "returned_to_family",
						  "institution",
						  "prison",
						  "deceased",
						  "evicted",
						  "other",
						  NULL};
const char *const in_convention_destination_types[] = {
    "private_rental", "ais", "apl", "slsp", "commune_cpas", "flw", "other", "unknown", NULL};

void in_convention_create_read(json_t *body, struct in_convention_create *out, json_t **errors)
{
	static const char *const fields[] = {"admission_check_id", NULL};
	api_json_only(body, fields, errors);
	api_json_int(body, "admission_check_id", true, LIM_ID_MIN, LIM_ID_MAX, errors,
		     &out->admission_check_id);
}

/*
 * An array of 1..LIM_CONVENTION_PERSONS_MAX objects or ids under `name`;
 * item errors are named name[i] or name[i].field.
 */
static json_t *array_member(json_t *body, const char *name, json_t **errors)
{
	json_t *arr = json_object_get(body, name);
	if (arr == NULL || json_is_null(arr)) {
		api_field_error(errors, name, "required", "this field is required");
		return NULL;
	}
	if (!json_is_array(arr) || json_array_size(arr) < 1 ||
	    json_array_size(arr) > LIM_CONVENTION_PERSONS_MAX) {
		api_field_error(
		    errors, name, "type",
		    "must be an array of 1 to " IN_LIMIT_TEXT(LIM_CONVENTION_PERSONS_MAX) " items");
		return NULL;
	}
	return arr;
}

void in_item_error(json_t **errors, const char *name, size_t i, const char *field, const char *code,
		   const char *message)
{
	char f[64];
	snprintf(f, sizeof f, "%s[%zu]%s%s", name, i, field ? "." : "", field ? field : "");
	api_field_error(errors, f, code, message);
}

static bool listed_before(const struct in_convention_action *a, int64_t id)
{
	for (int k = 0; k < a->n; k++)
		if (a->member[k] == id)
			return true;
	return false;
}

/* sign: {signed_on, signatories: [member ids]} */
static void sign_read(json_t *body, struct in_convention_action *a, json_t **errors)
{
	api_json_date(body, "signed_on", true, errors, &a->date);
	json_t *arr = array_member(body, "signatories", errors);
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		json_int_t id = json_is_integer(v) ? json_integer_value(v) : 0;
		if (id < 1)
			in_item_error(errors, "signatories", i, NULL, "type",
				      "must be a member id");
		else if (listed_before(a, id))
			in_item_error(errors, "signatories", i, NULL, "duplicate", "listed twice");
		else
			a->member[a->n++] = id;
	}
}

/* renew: {admission_check_id} */
static void renew_read(json_t *body, struct in_convention_action *a, json_t **errors)
{
	api_json_int(body, "admission_check_id", true, LIM_ID_MIN, LIM_ID_MAX, errors, &a->check_id);
}

/* notices: {letters: [{member_id, posted_on}]}, one per adult signatory */
static void notice_read(json_t *body, struct in_convention_action *a, json_t **errors)
{
	static const char *const letter_fields[] = {"member_id", "posted_on", NULL};
	json_t *arr = array_member(body, "letters", errors);
	size_t i;
	json_t *letter;
	json_array_foreach(arr, i, letter) {
		if (!json_is_object(letter)) {
			in_item_error(errors, "letters", i, NULL, "type", "must be an object");
			continue;
		}
		json_t *e = NULL;
		int64_t id = 0;
		bdate_t posted = 0;
		api_json_only(letter, letter_fields, &e);
		bool ok = api_json_int(letter, "member_id", true, LIM_ID_MIN, LIM_ID_MAX, &e, &id);
		ok = api_json_date(letter, "posted_on", true, &e, &posted) && ok;
		if (ok && listed_before(a, id))
			api_field_error(&e, "member_id", "duplicate",
					"one letter per signatory: this one has two");
		else if (ok) {
			a->member[a->n] = id;
			a->posted[a->n++] = posted;
		}
		size_t k;
		json_t *err;
		json_array_foreach(e, k, err) {
			in_item_error(errors, "letters", i,
				      json_string_value(json_object_get(err, "field")),
				      json_string_value(json_object_get(err, "code")),
				      json_string_value(json_object_get(err, "message")));
		}
		json_decref(e);
	}
}

/* end: the departure and the exit record (rules.md section 5) */
static void end_read(json_t *body, struct in_convention_action *a, json_t **errors)
{
	api_json_date(body, "departure_on", true, errors, &a->date);
	api_json_enum(body, "exit_reason", true, in_convention_exit_reasons, errors,
		      &a->exit_reason);
	bool typed = api_json_enum(body, "destination_type", true, in_convention_destination_types,
				   errors, &a->destination_type);
	static const char *const commune_name[1] = {"destination_commune"};
	a->commune = api_json_string(body, "destination_commune",
				     LIM_ADDRESS_COMMUNE, false, errors);
	api_json_nonempty_check(errors, 1, commune_name, &a->commune);
	/* The commune is known unless the destination itself is. */
	if (typed && a->commune == NULL &&
	    strcmp(in_convention_destination_types[a->destination_type], "unknown"))
		api_field_error(errors, "destination_commune", "required",
				"required unless destination_type is unknown");
	api_json_cents(body, "rental_guarantee_cents", true, 0, LIM_AMOUNT_CENTS_MAX, errors,
		       &a->guarantee);
	api_json_bool(body, "adel", true, errors, &a->adel);
}

static const char *const no_fields[] = {NULL};

/* Each action's members and reader; no reader: no member. */
static const struct {
	const char *const *fields;
	void (*read)(json_t *body, struct in_convention_action *a, json_t **errors);
} actions[CONV_ACTION_COUNT] = {
    [CONV_SIGN] = {(const char *const[]){"signed_on", "signatories", NULL}, sign_read},
    [CONV_RENEW] = {(const char *const[]){"admission_check_id", NULL}, renew_read},
    [CONV_GIVE_NOTICE] = {(const char *const[]){"letters", NULL}, notice_read},
    [CONV_END] = {(const char *const[]){"departure_on", "exit_reason", "destination_type",
					"destination_commune", "rental_guarantee_cents", "adel",
					NULL},
		  end_read},
};

bool in_convention_action_has_body(enum conv_action action)
{
	return (unsigned)action < CONV_ACTION_COUNT && actions[action].read != NULL;
}

const char *const *in_convention_action_fields(enum conv_action action)
{
	return in_convention_action_has_body(action) ? actions[action].fields : no_fields;
}

void in_convention_action_read(json_t *body, enum conv_action action,
			       struct in_convention_action *out, json_t **errors)
{
	memset(out, 0, sizeof *out);
	api_json_only(body, in_convention_action_fields(action), errors);
	if (in_convention_action_has_body(action))
		actions[action].read(body, out, errors);
}

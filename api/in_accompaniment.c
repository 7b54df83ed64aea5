/*
 * The bodies of a convention's accompaniment (api/input.h): the plan, a log
 * entry, a rental-guarantee saving. Whether the persons are the household's
 * members and the worker a social worker of the operator needs the
 * database: h_accompaniment.c checks it.
 */
#include <stdio.h>
#include <string.h>

#include "api_internal.h"
#include "input.h"

const char *const in_accompaniment_log_kinds[] = {"meeting", "housing_search", NULL};

const char *const in_accompaniment_plan_fields[] = {"worker_user_id",
						    "persons",
						    "objectives",
						    "initiatives",
						    "indicators",
						    "rental_guarantee_target_cents",
						    NULL};

static const char *const list_names[3] = {"objectives", "initiatives", "indicators"};

/* 1..LIM_PLAN_TEXTS_MAX non-empty texts of at most LIM_PLAN_TEXT bytes. */
static json_t *text_list(json_t *body, const char *name, json_t **errors)
{
	json_t *arr = json_object_get(body, name);
	if (arr == NULL || json_is_null(arr)) {
		api_field_error(errors, name, "required", "this field is required");
		return NULL;
	}
	if (!json_is_array(arr) || json_array_size(arr) < 1 ||
	    json_array_size(arr) > LIM_PLAN_TEXTS_MAX) {
		api_field_error(
		    errors, name, "type",
		    "must be an array of 1 to " IN_LIMIT_TEXT(LIM_PLAN_TEXTS_MAX) " texts");
		return NULL;
	}
	bool ok = true;
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		const char *s = json_string_value(v);
		if (s == NULL || s[0] == '\0' || strlen(s) > LIM_PLAN_TEXT) {
			char f[48];
			snprintf(f, sizeof f, "%s[%zu]", name, i);
			api_field_error(
			    errors, f, "invalid",
			    "must be a text of 1 to " IN_LIMIT_TEXT(LIM_PLAN_TEXT) " bytes");
			ok = false;
		}
	}
	return ok ? arr : NULL;
}

void in_accompaniment_plan_read(json_t *body, struct in_accompaniment_plan *out, json_t **errors)
{
	memset(out, 0, sizeof *out);
	api_json_only(body, in_accompaniment_plan_fields, errors);
	api_json_int(body, "worker_user_id", true, LIM_ID_MIN, LIM_ID_MAX, errors, &out->worker_user_id);
	api_json_cents(body, "rental_guarantee_target_cents", false, 0, LIM_AMOUNT_CENTS_MAX,
		       errors, &out->rental_guarantee_target_cents);
	for (int k = 0; k < 3; k++)
		out->lists[k] = text_list(body, list_names[k], errors);
	json_t *arr = json_object_get(body, "persons");
	if (arr == NULL || json_is_null(arr)) {
		api_field_error(errors, "persons", "required", "this field is required");
		return;
	}
	if (!json_is_array(arr) || json_array_size(arr) < 1 ||
	    json_array_size(arr) > LIM_CONVENTION_PERSONS_MAX) {
		api_field_error(errors, "persons", "type",
				"must be an array of 1 to " IN_LIMIT_TEXT(
				    LIM_CONVENTION_PERSONS_MAX) " member ids");
		return;
	}
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		json_int_t id = json_is_integer(v) ? json_integer_value(v) : 0;
		bool twice = false;
		for (int k = 0; k < out->n_persons; k++)
			twice = twice || out->persons[k] == id;
		char f[32];
		snprintf(f, sizeof f, "persons[%zu]", i);
		if (id < 1)
			api_field_error(errors, f, "type", "must be a member id");
		else if (twice)
			api_field_error(errors, f, "duplicate", "listed twice");
		else
			out->persons[out->n_persons++] = id;
	}
}

/* A dated entry is about the past or today, never the future. */
static void date_not_future(json_t *body, const char *name, bdate_t today, bdate_t *out,
			    json_t **errors)
{
	if (api_json_date(body, name, true, errors, out) && *out > today)
		api_field_error(errors, name, "future", "must not be after today");
}

void in_accompaniment_log_read(json_t *body, bdate_t today, struct in_accompaniment_log *out,
			       json_t **errors)
{
	static const char *const fields[] = {"occurred_on", "kind", "summary", NULL};
	memset(out, 0, sizeof *out);
	api_json_only(body, fields, errors);
	date_not_future(body, "occurred_on", today, &out->occurred_on, errors);
	api_json_enum(body, "kind", true, in_accompaniment_log_kinds, errors, &out->kind);
	out->summary =
	    api_json_nonempty_text(body, "summary", LIM_ACCOMPANIMENT_LOG_SUMMARY, true, errors);
}

void in_guarantee_saving_read(json_t *body, bdate_t today, struct in_guarantee_saving *out,
			      json_t **errors)
{
	static const char *const fields[] = {"saved_on", "amount_cents", "note", NULL};
	memset(out, 0, sizeof *out);
	api_json_only(body, fields, errors);
	date_not_future(body, "saved_on", today, &out->saved_on, errors);
	if (api_json_cents(body, "amount_cents", true, -LIM_GUARANTEE_SAVING_CENTS,
			   LIM_GUARANTEE_SAVING_CENTS, errors, &out->amount_cents) &&
	    out->amount_cents == 0)
		api_field_error(errors, "amount_cents", "range",
				"must not be 0: a deposit is positive, a withdrawal negative");
	out->note = api_json_nonempty_text(body, "note", LIM_GUARANTEE_SAVING_NOTE, false, errors);
}

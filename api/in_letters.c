/*
 * The bodies of the letters written over the API (api/input.h): the
 * non-renewal with its motivation, the record of hearing and the formal
 * notice to an occupant sans titre ni droit. Checks that need the
 * convention (its state, its signature, its worker) stay in h_letters.c.
 */
#include <stdio.h>

#include "api_internal.h"
#include "input.h"

const char *const in_letter_nonrenewal_fields[] = {"dated",   "motivation", "rows",
						   "hearing", "worker",	    NULL};
const char *const in_letter_row_fields[] = {"topic", "at_admission", "now", NULL};
const char *const in_letter_invitation_fields[] = {"date", "time", "place", NULL};
const char *const in_letter_hearing_fields[] = {"held_on",
						"time",
						"place",
						"attendees",
						"subject",
						"occupant_statement",
						"operator_statement",
						"conclusion",
						NULL};
const char *const in_letter_attendee_fields[] = {"name", "role", NULL};
const char *const in_letter_overstay_fields[] = {"leave_by", "dated",	      "canton",
						 "mediator", "arrears_cents", NULL};

/* Moves the errors of a nested object under its name: "rows[2].topic". */
static void nested_errors(json_t **errors, const char *prefix, json_t *e)
{
	size_t k;
	json_t *err;
	json_array_foreach(e, k, err)
	{
		char field[80];
		snprintf(field, sizeof field, "%s.%s", prefix,
			 json_string_value(json_object_get(err, "field")));
		api_field_error(errors, field, json_string_value(json_object_get(err, "code")),
				json_string_value(json_object_get(err, "message")));
	}
	json_decref(e);
}

/* An array member of 1..LIM_LETTER_ROWS_MAX objects; NULL with a field
 * error otherwise. */
static json_t *objects(json_t *body, const char *name, json_t **errors)
{
	json_t *a = json_object_get(body, name);
	if (a == NULL || json_is_null(a)) {
		api_field_error(errors, name, "required", "this field is required");
		return NULL;
	}
	if (!json_is_array(a) || json_array_size(a) < 1 ||
	    json_array_size(a) > LIM_LETTER_ROWS_MAX) {
		char msg[48];
		snprintf(msg, sizeof msg, "must be an array of 1 to %d objects",
			 LIM_LETTER_ROWS_MAX);
		api_field_error(errors, name, "type", msg);
		return NULL;
	}
	size_t i;
	json_t *item;
	json_array_foreach(a, i, item)
	{
		if (!json_is_object(item)) {
			char field[48];
			snprintf(field, sizeof field, "%s[%zu]", name, i);
			api_field_error(errors, field, "type", "must be an object");
			return NULL;
		}
	}
	return a;
}

/*
 * Reads each object of the array member name (1..LIM_LETTER_ROWS_MAX of
 * them) with item_read, refusing members not in fields; the errors of
 * item i are named "name[i].field". Returns how many were read.
 */
static size_t objects_read(json_t *body, const char *name, const char *const *fields,
			   void (*item_read)(json_t *item, size_t i, void *out, json_t **e),
			   void *out, json_t **errors)
{
	json_t *a = objects(body, name, errors);
	size_t i;
	json_t *item;
	json_array_foreach(a, i, item)
	{
		json_t *e = NULL;
		api_json_only(item, fields, &e);
		item_read(item, i, out, &e);
		char prefix[48];
		snprintf(prefix, sizeof prefix, "%s[%zu]", name, i);
		nested_errors(errors, prefix, e);
	}
	return json_array_size(a);
}

/* ---- non-renewal ---- */

/* An invitation to be heard: {date, time, place}, not before the letter. */
static void hearing_invitation_read(json_t *body, struct in_letter_nonrenewal *out, json_t **errors)
{
	json_t *hearing = json_object_get(body, "hearing");
	if (hearing == NULL || json_is_null(hearing))
		return;
	if (!json_is_object(hearing)) {
		api_field_error(errors, "hearing", "type", "must be an object {date, time, place}");
		return;
	}
	json_t *e = NULL;
	out->has_hearing = true;
	api_json_only(hearing, in_letter_invitation_fields, &e);
	bool dated = api_json_date(hearing, "date", true, &e, &out->hearing_on);
	out->hearing_time = api_json_nonempty(hearing, "time", LIM_LETTER_TIME, true, &e);
	out->hearing_place = api_json_nonempty(hearing, "place", LIM_LETTER_PLACE, true, &e);
	if (dated && out->hearing_on < out->dated)
		api_field_error(&e, "date", "before-letter",
				"the hearing follows the letter that invites to it");
	nested_errors(errors, "hearing", e);
}

static void row_read(json_t *row, size_t i, void *out, json_t **e)
{
	struct in_letter_row *rows = out;
	rows[i] = (struct in_letter_row){
	    api_json_nonempty(row, "topic", LIM_LETTER_ROW_TOPIC, true, e),
	    api_json_nonempty_text(row, "at_admission", LIM_LETTER_ROW_TEXT, false, e),
	    api_json_nonempty_text(row, "now", LIM_LETTER_ROW_TEXT, false, e),
	};
}

void in_letter_nonrenewal_read(json_t *body, bdate_t today, struct in_letter_nonrenewal *out,
			       json_t **errors)
{
	*out = (struct in_letter_nonrenewal){.dated = today};
	api_json_only(body, in_letter_nonrenewal_fields, errors);
	api_json_date(body, "dated", false, errors, &out->dated);
	out->motivation =
	    api_json_nonempty_text(body, "motivation", LIM_LETTER_MOTIVATION, true, errors);
	out->worker = api_json_nonempty(body, "worker", LIM_LETTER_WORKER, false, errors);
	out->n_rows = objects_read(body, "rows", in_letter_row_fields, row_read, out->rows, errors);
	hearing_invitation_read(body, out, errors);
}

/* ---- record of hearing ---- */

static void attendee_read(json_t *a, size_t i, void *out, json_t **e)
{
	struct in_letter_attendee *attendees = out;
	attendees[i] = (struct in_letter_attendee){
	    api_json_nonempty(a, "name", LIM_LETTER_ATTENDEE_NAME, true, e),
	    api_json_nonempty(a, "role", LIM_LETTER_ATTENDEE_ROLE, true, e)};
}

void in_letter_hearing_read(json_t *body, bdate_t today, struct in_letter_hearing *out,
			    json_t **errors)
{
	*out = (struct in_letter_hearing){0};
	api_json_only(body, in_letter_hearing_fields, errors);
	if (api_json_date(body, "held_on", true, errors, &out->held_on) && out->held_on > today)
		api_field_error(errors, "held_on", "future",
				"a record is made of a hearing that took place");
	out->time = api_json_nonempty(body, "time", LIM_LETTER_TIME, true, errors);
	out->place = api_json_nonempty(body, "place", LIM_LETTER_PLACE, true, errors);
	out->subject = api_json_nonempty_text(body, "subject", LIM_LETTER_SUBJECT, true, errors);
	out->occupant =
	    api_json_nonempty_text(body, "occupant_statement", LIM_LETTER_STATEMENT, true, errors);
	out->op_statement =
	    api_json_nonempty_text(body, "operator_statement", LIM_LETTER_STATEMENT, false, errors);
	out->conclusion =
	    api_json_nonempty_text(body, "conclusion", LIM_LETTER_CONCLUSION, true, errors);
	out->n_attendees = objects_read(body, "attendees", in_letter_attendee_fields, attendee_read,
					out->attendees, errors);
}

/* ---- formal notice: sans titre ni droit ---- */

void in_letter_overstay_read(json_t *body, bdate_t today, struct in_letter_overstay *out,
			     json_t **errors)
{
	*out = (struct in_letter_overstay){.dated = today};
	api_json_only(body, in_letter_overstay_fields, errors);
	api_json_date(body, "dated", false, errors, &out->dated);
	if (api_json_date(body, "leave_by", true, errors, &out->leave_by) &&
	    out->leave_by < out->dated)
		api_field_error(errors, "leave_by", "before-letter",
				"must not be before the letter's date");
	out->canton = api_json_nonempty(body, "canton", LIM_LETTER_CANTON, true, errors);
	out->mediator = api_json_nonempty(body, "mediator", LIM_LETTER_MEDIATOR, false, errors);
	api_json_cents(body, "arrears_cents", false, 0, LIM_AMOUNT_CENTS_MAX, errors,
		       &out->arrears);
}

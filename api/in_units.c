/*
 * Input of buildings and units (with their rooms): the bodies of POST and
 * PUT /buildings and /units read and validated (api/input.h).
 */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "api_internal.h"
#include "input.h"

const char *const in_unit_kinds[] = {"house", "apartment", "studio", "room", NULL};
const char *const in_unit_statuses[] = {"available", "unavailable", "withdrawn", NULL};
const char *const in_room_kinds[] = {"living",	"kitchen", "kitchen_living",
				     "bedroom", "other",   NULL};

const char *const in_building_fields[] = {
    "name", "street", "house_number", "postal_code", "commune", "has_common_parts", NULL};
const char *const in_unit_fields[] = {"building_id",
				      "name",
				      "kind",
				      "street",
				      "house_number",
				      "box",
				      "postal_code",
				      "commune",
				      "floor",
				      "collective",
				      "base_indemnity_cents",
				      "subsidised",
				      "furnished",
				      "status",
				      "rooms",
				      "utility_provision_cents",
				      NULL};
const char *const in_room_fields[] = {"name", "kind", "area_dm2", "habitable", "shared", NULL};

bool in_postal_code_ok(const char *s)
{
	return s != NULL && strlen(s) == LIM_POSTAL_CODE_LEN && s[0] >= '1' && s[0] <= '9' &&
	       strspn(s, "0123456789") == LIM_POSTAL_CODE_LEN;
}

/* The postal code of a building or a unit: its length, then its form. */
static const char *postal_code_read(json_t *body, json_t **errors)
{
	const char *s = api_json_string(body, "postal_code", LIM_POSTAL_CODE_LEN, true, errors);
	if (s != NULL && !in_postal_code_ok(s))
		api_field_error(errors, "postal_code", "invalid", "must be a Belgian postal code");
	return s;
}

void in_building_read(json_t *body, struct in_building *out, json_t **errors)
{
	api_json_only(body, in_building_fields, errors);
	out->name = api_json_string(body, "name", LIM_BUILDING_NAME, true, errors);
	out->street = api_json_string(body, "street", LIM_ADDRESS_STREET, true, errors);
	out->house_number =
	    api_json_string(body, "house_number", LIM_ADDRESS_HOUSE_NUMBER, true, errors);
	out->postal_code = postal_code_read(body, errors);
	out->commune = api_json_string(body, "commune", LIM_ADDRESS_COMMUNE, true, errors);
	api_json_bool(body, "has_common_parts", true, errors, &out->has_common_parts);
	const char *names[] = {"name", "street", "house_number", "commune"};
	const char *vals[] = {out->name, out->street, out->house_number, out->commune};
	api_json_nonempty_check(errors, 4, names, vals);
}

static void room_error(json_t **errors, size_t i, const char *field, const char *code,
		       const char *msg)
{
	char name[48];
	snprintf(name, sizeof name, "rooms[%zu]%s%s", i, field ? "." : "", field ? field : "");
	api_field_error(errors, name, code, msg);
}

/* One room of a unit; its errors in *e, named by the room's own fields. */
static void room_read(json_t *room, bool collective, struct in_room *out, json_t **e)
{
	*out = (struct in_room){0};
	out->name = api_json_string(room, "name", LIM_ROOM_NAME, true, e);
	api_json_only(room, in_room_fields, e);
	api_json_enum(room, "kind", true, in_room_kinds, e, &out->kind);
	api_json_int(room, "area_dm2", true, LIM_ROOM_AREA_DM2_MIN, LIM_ROOM_AREA_DM2_MAX, e,
		     &out->area_dm2);
	api_json_bool(room, "habitable", true, e, &out->habitable);
	api_json_bool(room, "shared", false, e, &out->shared);
	const char *names[] = {"name"};
	const char *vals[] = {out->name};
	api_json_nonempty_check(e, 1, names, vals);
	if (out->shared && !collective)
		api_field_error(e, "shared", "invalid",
				"only a unit of a collective building has shared rooms");
}

/* rooms[], each room's errors reported as rooms[i].field. */
static void rooms_read(json_t *body, struct in_unit *out, json_t **errors)
{
	json_t *rooms = json_object_get(body, "rooms");
	if (rooms == NULL) {
		api_field_error(errors, "rooms", "required", "this field is required");
		return;
	}
	if (!json_is_array(rooms) || json_array_size(rooms) > LIM_UNIT_ROOMS) {
		char msg[64];
		snprintf(msg, sizeof msg, "must be an array of at most %d rooms", LIM_UNIT_ROOMS);
		api_field_error(errors, "rooms", "type", msg);
		return;
	}
	size_t i;
	json_t *room;
	json_array_foreach(rooms, i, room)
	{
		if (!json_is_object(room)) {
			room_error(errors, i, NULL, "type", "must be an object");
			continue;
		}
		json_t *e = NULL;
		room_read(room, out->collective, &out->rooms[i], &e);
		size_t k;
		json_t *err;
		json_array_foreach(e, k, err)
		{
			room_error(errors, i, json_string_value(json_object_get(err, "field")),
				   json_string_value(json_object_get(err, "code")),
				   json_string_value(json_object_get(err, "message")));
		}
		json_decref(e);
	}
	out->n_rooms = (int)json_array_size(rooms);
}

void in_unit_read(json_t *body, struct in_unit *out, json_t **errors)
{
	api_json_only(body, in_unit_fields, errors);
	out->has_building = api_json_int(body, "building_id", false, LIM_ID_MIN, LIM_ID_MAX, errors,
					 &out->building_id);
	out->name = api_json_string(body, "name", LIM_UNIT_NAME, true, errors);
	api_json_enum(body, "kind", true, in_unit_kinds, errors, &out->kind);
	out->street = api_json_string(body, "street", LIM_ADDRESS_STREET, true, errors);
	out->house_number =
	    api_json_string(body, "house_number", LIM_ADDRESS_HOUSE_NUMBER, true, errors);
	out->box = api_json_string(body, "box", LIM_ADDRESS_BOX, false, errors);
	out->postal_code = postal_code_read(body, errors);
	out->commune = api_json_string(body, "commune", LIM_ADDRESS_COMMUNE, true, errors);
	out->floor = 0;
	api_json_int(body, "floor", false, LIM_UNIT_FLOOR_MIN, LIM_UNIT_FLOOR_MAX, errors,
		     &out->floor);
	out->collective = false;
	api_json_bool(body, "collective", false, errors, &out->collective);
	if (out->collective && !out->has_building)
		api_field_error(errors, "building_id", "required",
				"a unit of a collective building needs its building");
	api_json_cents(body, "base_indemnity_cents", true, LIM_AMOUNT_CENTS_MIN,
		       LIM_AMOUNT_CENTS_MAX, errors, &out->base);
	/* utilities billed apart from the indemnity, outside the 20 % cap */
	out->provision = 0;
	api_json_cents(body, "utility_provision_cents", false, LIM_AMOUNT_CENTS_MIN,
		       LIM_AMOUNT_CENTS_MAX, errors, &out->provision);
	out->subsidised = true;
	api_json_bool(body, "subsidised", false, errors, &out->subsidised);
	out->furnished = false;
	api_json_bool(body, "furnished", false, errors, &out->furnished);
	out->status = 0;
	api_json_enum(body, "status", false, in_unit_statuses, errors, &out->status);
	const char *names[] = {"name", "street", "house_number", "commune", "box"};
	const char *vals[] = {out->name, out->street, out->house_number, out->commune, out->box};
	api_json_nonempty_check(errors, 5, names, vals);
	rooms_read(body, out, errors);
}

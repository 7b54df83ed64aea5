/*
 * api/h_units.c: the validation of buildings and units (with their rooms).
 * building_read and unit_read either accept the body, and then what they
 * read satisfies every documented rule, or refuse it with a 422 whose field
 * errors are well-formed and name every unknown member; the POST and PUT
 * handlers give the same answer (the database comes after validation).
 *
 * h_units.c is compiled into this harness (#include) to reach its static
 * validators without changing them.
 *
 * Input: byte 0 selects building or unit, create or update; the rest is
 * the JSON body.
 */
#include "../../api/h_units.c"

#include "fuzz_support.h"

static bool nonempty_within(const char *s, size_t max)
{
	return s != NULL && s[0] != '\0' && strlen(s) <= max;
}

static void check_building(struct fuzz_req *f, json_t *body, bool update)
{
	struct building_in in = {0};
	char *verdict = fuzz_verdict(f, building_read(&f->c, body, &in));
	if (verdict == NULL) {
		FUZZ_CHECK(nonempty_within(in.name, 200) && nonempty_within(in.street, 200));
		FUZZ_CHECK(nonempty_within(in.house_number, 20) &&
			   nonempty_within(in.commune, 100));
		FUZZ_CHECK(postal_code_ok(in.postal_code));
		FUZZ_CHECK(json_is_boolean(json_object_get(body, "has_common_parts")));
	}
	FUZZ_CHECK(fuzz_errors_with_code(verdict, "unknown") ==
		   fuzz_unknown_members(body, building_fields));
	fuzz_handler_agrees(f, update ? h_building_put : h_buildings_create, true, verdict);
	free(verdict);
}

/* Unknown members of the rooms, each reported as rooms[i].name. */
static size_t unknown_in_rooms(json_t *body)
{
	json_t *rooms = json_object_get(body, "rooms");
	size_t n = 0, i;
	json_t *room;
	if (!json_is_array(rooms) || json_array_size(rooms) > MAX_ROOMS)
		return 0;
	json_array_foreach(rooms, i, room)
	{
		if (json_is_object(room))
			n += fuzz_unknown_members(room, room_fields);
	}
	return n;
}

static void check_rooms(const char *text, json_t *body, bool collective)
{
	json_t *rooms = json_loads(text, 0, NULL);
	FUZZ_CHECK(json_is_array(rooms));
	FUZZ_CHECK(json_array_size(rooms) == json_array_size(json_object_get(body, "rooms")));
	size_t i;
	json_t *r;
	json_array_foreach(rooms, i, r)
	{
		const char *kind_name = json_string_value(json_object_get(r, "kind"));
		int kind = -1;
		for (int k = 0; kind_name != NULL && room_kinds[k] != NULL; k++)
			if (strcmp(kind_name, room_kinds[k]) == 0)
				kind = k;
		json_int_t area = json_integer_value(json_object_get(r, "area_dm2"));
		FUZZ_CHECK(nonempty_within(json_string_value(json_object_get(r, "name")), 100));
		FUZZ_CHECK(kind >= 0);
		FUZZ_CHECK(area >= 1 && area <= 100000);
		FUZZ_CHECK(json_is_boolean(json_object_get(r, "habitable")));
		FUZZ_CHECK(json_is_boolean(json_object_get(r, "shared")));
		FUZZ_CHECK(collective || json_is_false(json_object_get(r, "shared")));
	}
	json_decref(rooms);
}

static void check_unit(struct fuzz_req *f, json_t *body, bool update)
{
	struct unit_in in = {0};
	char *verdict = fuzz_verdict(f, unit_read(&f->c, body, &in));
	if (verdict == NULL) {
		FUZZ_CHECK(nonempty_within(in.name, 200) && nonempty_within(in.street, 200));
		FUZZ_CHECK(nonempty_within(in.house_number, 20) &&
			   nonempty_within(in.commune, 100));
		FUZZ_CHECK(in.box == NULL || nonempty_within(in.box, 20));
		FUZZ_CHECK(postal_code_ok(in.postal_code));
		FUZZ_CHECK(in.kind >= 0 && in.kind < 4 && in.status >= 0 && in.status < 3);
		FUZZ_CHECK(in.floor >= -5 && in.floor <= 100);
		FUZZ_CHECK(in.base >= 0 && in.base <= 100000000);
		FUZZ_CHECK(in.provision >= 0 && in.provision <= 100000000);
		FUZZ_CHECK(!in.has_building || in.building_id >= 1);
		/* A unit of a collective building names it. */
		FUZZ_CHECK(!in.collective || in.has_building);
		FUZZ_CHECK(in.rooms_json != NULL);
		check_rooms(in.rooms_json, body, in.collective);
	}
	FUZZ_CHECK(fuzz_errors_with_code(verdict, "unknown") ==
		   fuzz_unknown_members(body, unit_fields) + unknown_in_rooms(body));
	free(in.rooms_json);
	fuzz_handler_agrees(f, update ? h_unit_put : h_units_create, true, verdict);
	free(verdict);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	bool unit = data[0] & 1, update = data[0] & 2;
	struct fuzz_req f;
	fuzz_req_init(&f, data + 1, size - 1);
	fuzz_req_target(&f, update);
	json_t *body = api_body_object(&f.c);
	if (body == NULL) {
		fuzz_handler_agrees(&f, unit ? h_units_create : h_buildings_create, false, NULL);
	} else if (unit) {
		check_unit(&f, body, update);
	} else {
		check_building(&f, body, update);
	}
	json_decref(body);
	fuzz_req_free(&f);
	return 0;
}

/*
 * api/in_units.c: the validation of buildings and units (with their rooms).
 * in_building_read and in_unit_read either accept the body, and then what
 * they read satisfies every documented rule, or refuse it with field errors
 * that are well-formed and name every unknown member; the POST and PUT
 * handlers give the same answer, the 422 of those errors (the database
 * comes after validation).
 *
 * Input: byte 0 selects building or unit, create or update; the rest is
 * the JSON body.
 */
#include <string.h>

#include "api_internal.h"
#include "fuzz_support.h"
#include "input.h"

static bool nonempty_within(const char *s, size_t max)
{
	return s != NULL && s[0] != '\0' && strlen(s) <= max;
}

/* The verdict of a reader's errors, as the handler answers them. */
static char *verdict_of(struct fuzz_req *f, json_t *errors, const char *title)
{
	int rc = errors != NULL ? api_problem(&f->c, 422, "validation", title, NULL, errors) : 0;
	return fuzz_verdict(f, rc);
}

static void check_building(struct fuzz_req *f, json_t *body, bool update)
{
	struct in_building in = {0};
	json_t *errors = NULL;
	in_building_read(body, &in, &errors);
	char *verdict = verdict_of(f, errors, "Invalid building");
	if (verdict == NULL) {
		FUZZ_CHECK(nonempty_within(in.name, 200) && nonempty_within(in.street, 200));
		FUZZ_CHECK(nonempty_within(in.house_number, 20) &&
			   nonempty_within(in.commune, 100));
		FUZZ_CHECK(in_postal_code_ok(in.postal_code));
		FUZZ_CHECK(json_is_boolean(json_object_get(body, "has_common_parts")));
	}
	FUZZ_CHECK(fuzz_errors_with_code(verdict, "unknown") ==
		   fuzz_unknown_members(body, in_building_fields));
	fuzz_handler_agrees(f, update ? h_building_put : h_buildings_create, true, verdict);
	free(verdict);
}

/* Unknown members of the rooms, each reported as rooms[i].name. */
static size_t unknown_in_rooms(json_t *body)
{
	json_t *rooms = json_object_get(body, "rooms");
	size_t n = 0, i;
	json_t *room;
	if (!json_is_array(rooms) || json_array_size(rooms) > 16)
		return 0;
	json_array_foreach(rooms, i, room)
	{
		if (json_is_object(room))
			n += fuzz_unknown_members(room, in_room_fields);
	}
	return n;
}

static void check_rooms(const struct in_unit *in, json_t *body)
{
	FUZZ_CHECK((size_t)in->n_rooms == json_array_size(json_object_get(body, "rooms")));
	for (int i = 0; i < in->n_rooms; i++) {
		const struct in_room *r = &in->rooms[i];
		FUZZ_CHECK(nonempty_within(r->name, 100));
		FUZZ_CHECK(r->kind >= 0 && r->kind < 5);
		FUZZ_CHECK(r->area_dm2 >= 1 && r->area_dm2 <= 100000);
		FUZZ_CHECK(json_is_boolean(json_object_get(
		    json_array_get(json_object_get(body, "rooms"), (size_t)i), "habitable")));
		FUZZ_CHECK(in->collective || !r->shared);
	}
}

static void check_unit(struct fuzz_req *f, json_t *body, bool update)
{
	struct in_unit in;
	memset(&in, 0, sizeof in);
	json_t *errors = NULL;
	in_unit_read(body, &in, &errors);
	char *verdict = verdict_of(f, errors, "Invalid unit");
	if (verdict == NULL) {
		FUZZ_CHECK(nonempty_within(in.name, 200) && nonempty_within(in.street, 200));
		FUZZ_CHECK(nonempty_within(in.house_number, 20) &&
			   nonempty_within(in.commune, 100));
		FUZZ_CHECK(in.box == NULL || nonempty_within(in.box, 20));
		FUZZ_CHECK(in_postal_code_ok(in.postal_code));
		FUZZ_CHECK(in.kind >= 0 && in.kind < 4 && in.status >= 0 && in.status < 3);
		FUZZ_CHECK(in.floor >= -5 && in.floor <= 100);
		FUZZ_CHECK(in.base >= 0 && in.base <= 100000000);
		FUZZ_CHECK(in.provision >= 0 && in.provision <= 100000000);
		FUZZ_CHECK(!in.has_building || in.building_id >= 1);
		/* A unit of a collective building names it. */
		FUZZ_CHECK(!in.collective || in.has_building);
		check_rooms(&in, body);
	}
	FUZZ_CHECK(fuzz_errors_with_code(verdict, "unknown") ==
		   fuzz_unknown_members(body, in_unit_fields) + unknown_in_rooms(body));
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

/* api/in_units.c: the bodies of buildings and units (api/input.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "input.h"
#include "test_input_support.h"

static const char building[] = "{\"name\": \"Résidence Meuse\", \"street\": \"Rue Haute\","
			       " \"house_number\": \"12\", \"postal_code\": \"5000\","
			       " \"commune\": \"Namur\", \"has_common_parts\": true}";

static const char unit[] =
    "{\"name\": \"Studio 1\", \"kind\": \"studio\", \"street\": \"Rue Haute\","
    " \"house_number\": \"12\", \"postal_code\": \"5000\","
    " \"commune\": \"Namur\", \"base_indemnity_cents\": 25000, \"rooms\":"
    " [{\"name\": \"Séjour\", \"kind\": \"kitchen_living\", \"area_dm2\": 2000,"
    " \"habitable\": true}, {\"name\": \"Chambre\", \"kind\": \"bedroom\","
    " \"area_dm2\": 900, \"habitable\": true}]}";

static json_t *building_errors(json_t *b, struct in_building *out)
{
	json_t *errors = NULL;
	in_building_read(b, out, &errors);
	json_decref(b);
	return errors;
}

static json_t *unit_errors(json_t *b, struct in_unit *out)
{
	json_t *errors = NULL;
	in_unit_read(b, out, &errors);
	json_decref(b);
	return errors;
}

static void test_building_valid(void **state)
{
	(void)state;
	json_t *b = body_of(building);
	struct in_building in;
	json_t *errors = NULL;
	in_building_read(b, &in, &errors);
	assert_null(errors);
	assert_string_equal(in.name, "Résidence Meuse");
	assert_string_equal(in.street, "Rue Haute");
	assert_string_equal(in.house_number, "12");
	assert_string_equal(in.postal_code, "5000");
	assert_string_equal(in.commune, "Namur");
	assert_true(in.has_common_parts);
	json_decref(b);
}

static void test_building_invalid_fields(void **state)
{
	(void)state;
	struct in_building in;
	json_t *b = body_of(building);
	json_object_set_new(b, "name", json_string(""));
	json_t *e = building_errors(b, &in);
	assert_one_error(e, "name", "required");
	json_decref(e);

	b = body_of(building);
	json_object_set_new(b, "postal_code", json_string("0999"));
	e = building_errors(b, &in);
	assert_one_error(e, "postal_code", "invalid");
	json_decref(e);

	b = body_of(building);
	json_object_del(b, "has_common_parts");
	e = building_errors(b, &in);
	assert_one_error(e, "has_common_parts", "required");
	json_decref(e);

	b = body_of(building);
	json_object_set_new(b, "colour", json_string("blue"));
	e = building_errors(b, &in);
	assert_one_error(e, "colour", "unknown");
	json_decref(e);
}

static void test_building_limits(void **state)
{
	(void)state;
	struct in_building in;
	static const struct {
		const char *name;
		size_t max;
	} texts[] = {{"name", LIM_BUILDING_NAME},
		     {"street", LIM_ADDRESS_STREET},
		     {"house_number", LIM_ADDRESS_HOUSE_NUMBER},
		     {"commune", LIM_ADDRESS_COMMUNE}};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		assert_null(
		    building_errors(with_string(building, texts[i].name, texts[i].max), &in));
		json_t *e =
		    building_errors(with_string(building, texts[i].name, texts[i].max + 1), &in);
		assert_one_error(e, texts[i].name, "too-long");
		json_decref(e);
	}
	json_t *b = body_of(building);
	json_object_set_new(b, "postal_code", json_string("50000"));
	json_t *e = building_errors(b, &in);
	assert_one_error(e, "postal_code", "too-long");
	json_decref(e);
}

static void test_unit_valid(void **state)
{
	(void)state;
	json_t *b = body_of(unit);
	struct in_unit in;
	json_t *errors = NULL;
	in_unit_read(b, &in, &errors);
	assert_null(errors);
	assert_string_equal(in.name, "Studio 1");
	assert_string_equal(in_unit_kinds[in.kind], "studio");
	assert_false(in.has_building);
	assert_null(in.box);
	assert_int_equal(in.base, 25000);
	/* the defaults */
	assert_int_equal(in.floor, 0);
	assert_int_equal(in.provision, 0);
	assert_false(in.collective);
	assert_true(in.subsidised);
	assert_false(in.furnished);
	assert_string_equal(in_unit_statuses[in.status], "available");
	assert_int_equal(in.n_rooms, 2);
	assert_string_equal(in.rooms[0].name, "Séjour");
	assert_string_equal(in_room_kinds[in.rooms[0].kind], "kitchen_living");
	assert_int_equal(in.rooms[0].area_dm2, 2000);
	assert_true(in.rooms[0].habitable);
	assert_false(in.rooms[0].shared);
	assert_string_equal(in_room_kinds[in.rooms[1].kind], "bedroom");
	json_decref(b);
}

static void test_unit_invalid_fields(void **state)
{
	(void)state;
	struct in_unit in;
	json_t *b = body_of(unit);
	json_object_set_new(b, "kind", json_string("castle"));
	json_t *e = unit_errors(b, &in);
	assert_one_error(e, "kind", "enum");
	json_decref(e);

	/* a collective unit names its building */
	b = body_of(unit);
	json_object_set_new(b, "collective", json_true());
	e = unit_errors(b, &in);
	assert_one_error(e, "building_id", "required");
	json_decref(e);

	b = body_of(unit);
	json_object_set_new(b, "box", json_string(""));
	e = unit_errors(b, &in);
	assert_one_error(e, "box", "required");
	json_decref(e);

	b = body_of(unit);
	json_object_del(b, "rooms");
	e = unit_errors(b, &in);
	assert_one_error(e, "rooms", "required");
	json_decref(e);

	/* a room's own errors are named rooms[i].field */
	b = body_of(unit);
	json_t *room = json_array_get(json_object_get(b, "rooms"), 1);
	json_object_set_new(room, "shared", json_true());
	json_object_set_new(room, "door", json_true());
	e = unit_errors(b, &in);
	assert_int_equal(json_array_size(e), 2);
	assert_int_equal(errors_with(e, "rooms[1].door", "unknown"), 1);
	assert_int_equal(errors_with(e, "rooms[1].shared", "invalid"), 1);
	json_decref(e);

	b = body_of(unit);
	json_array_append_new(json_object_get(b, "rooms"), json_string("cellar"));
	e = unit_errors(b, &in);
	assert_one_error(e, "rooms[2]", "type");
	json_decref(e);

	b = body_of(unit);
	json_object_set_new(b, "size", json_integer(3));
	e = unit_errors(b, &in);
	assert_one_error(e, "size", "unknown");
	json_decref(e);
}

static void test_unit_limits(void **state)
{
	(void)state;
	struct in_unit in;
	assert_null(unit_errors(with_string(unit, "name", LIM_UNIT_NAME), &in));
	json_t *e = unit_errors(with_string(unit, "name", LIM_UNIT_NAME + 1), &in);
	assert_one_error(e, "name", "too-long");
	json_decref(e);
	assert_null(unit_errors(with_string(unit, "box", LIM_ADDRESS_BOX), &in));
	e = unit_errors(with_string(unit, "box", LIM_ADDRESS_BOX + 1), &in);
	assert_one_error(e, "box", "too-long");
	json_decref(e);

	static const struct {
		const char *name;
		json_int_t min, max;
	} numbers[] = {{"floor", LIM_UNIT_FLOOR_MIN, LIM_UNIT_FLOOR_MAX},
		       {"base_indemnity_cents", LIM_AMOUNT_CENTS_MIN, LIM_AMOUNT_CENTS_MAX},
		       {"utility_provision_cents", LIM_AMOUNT_CENTS_MIN, LIM_AMOUNT_CENTS_MAX}};
	for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		assert_null(unit_errors(with_integer(unit, numbers[i].name, numbers[i].min), &in));
		assert_null(unit_errors(with_integer(unit, numbers[i].name, numbers[i].max), &in));
		e = unit_errors(with_integer(unit, numbers[i].name, numbers[i].min - 1), &in);
		assert_one_error(e, numbers[i].name, "range");
		json_decref(e);
		e = unit_errors(with_integer(unit, numbers[i].name, numbers[i].max + 1), &in);
		assert_one_error(e, numbers[i].name, "range");
		json_decref(e);
	}

	/* rooms: their number, a room's name and area */
	json_t *b = body_of(unit);
	json_t *rooms = json_object_get(b, "rooms");
	while (json_array_size(rooms) < LIM_UNIT_ROOMS)
		json_array_append(rooms, json_array_get(rooms, 1));
	json_incref(b);
	assert_null(unit_errors(b, &in));
	assert_int_equal(in.n_rooms, LIM_UNIT_ROOMS);
	json_array_append(rooms, json_array_get(rooms, 1));
	e = unit_errors(b, &in);
	assert_one_error(e, "rooms", "type");
	json_decref(e);

	b = body_of(unit);
	json_t *room = json_array_get(json_object_get(b, "rooms"), 0);
	json_object_set_new(room, "area_dm2", json_integer(LIM_ROOM_AREA_DM2_MAX));
	char *name = repeat('x', LIM_ROOM_NAME);
	json_object_set_new(room, "name", json_string(name));
	free(name);
	json_incref(b);
	assert_null(unit_errors(b, &in));
	json_object_set_new(room, "area_dm2", json_integer(LIM_ROOM_AREA_DM2_MAX + 1));
	json_incref(b);
	e = unit_errors(b, &in);
	assert_one_error(e, "rooms[0].area_dm2", "range");
	json_decref(e);
	json_object_set_new(room, "area_dm2", json_integer(LIM_ROOM_AREA_DM2_MIN - 1));
	name = repeat('x', LIM_ROOM_NAME + 1);
	json_object_set_new(room, "name", json_string(name));
	free(name);
	e = unit_errors(b, &in);
	assert_int_equal(json_array_size(e), 2);
	assert_int_equal(errors_with(e, "rooms[0].name", "too-long"), 1);
	assert_int_equal(errors_with(e, "rooms[0].area_dm2", "range"), 1);
	json_decref(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_building_valid),
	    cmocka_unit_test(test_building_invalid_fields),
	    cmocka_unit_test(test_building_limits),
	    cmocka_unit_test(test_unit_valid),
	    cmocka_unit_test(test_unit_invalid_fields),
	    cmocka_unit_test(test_unit_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

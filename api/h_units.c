/*
 * Buildings and units (with their rooms). The exemplar of a resource:
 * validate the whole body field by field, run the mutation in one
 * transaction scoped to the caller's operator, audit before/after, answer
 * with the document view and its ETag. A row of another operator is a 404.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "crowd.h"
#include "households.h"

/* ---- buildings ---- */

struct building_in {
	const char *name, *street, *house_number, *postal_code, *commune;
	bool has_common_parts;
	int64_t id, version;
	char *after;
};

static const char *const building_fields[] = {"name", "street", "house_number", "postal_code",
					      "commune", "has_common_parts", NULL};

static bool postal_code_ok(const char *s)
{
	return s != NULL && strlen(s) == 4 && s[0] >= '1' && s[0] <= '9' &&
	       strspn(s, "0123456789") == 4;
}

static int building_read(struct api_ctx *c, json_t *body, struct building_in *in)
{
	json_t *errors = NULL;
	api_json_only(body, building_fields, &errors);
	in->name = api_json_string(body, "name", 200, true, &errors);
	in->street = api_json_string(body, "street", 200, true, &errors);
	in->house_number = api_json_string(body, "house_number", 20, true, &errors);
	in->postal_code = api_json_string(body, "postal_code", 4, true, &errors);
	if (in->postal_code != NULL && !postal_code_ok(in->postal_code))
		api_field_error(&errors, "postal_code", "invalid", "must be a Belgian postal code");
	in->commune = api_json_string(body, "commune", 100, true, &errors);
	api_json_bool(body, "has_common_parts", true, &errors, &in->has_common_parts);
	const char *nonempty[] = {"name", "street", "house_number", "commune"};
	const char *vals[] = {in->name, in->street, in->house_number, in->commune};
	for (int i = 0; i < 4; i++)
		if (vals[i] != NULL && vals[i][0] == '\0')
			api_field_error(&errors, nonempty[i], "required", "must not be empty");
	if (errors != NULL)
		return api_problem(c, 422, "validation", "Invalid building", NULL, errors);
	return 0;
}

static int building_save(struct api_ctx *c, void *arg)
{
	struct building_in *in = arg;
	char op[24], ids[24];
	snprintf(op, sizeof op, "%" PRId64, c->user.operator_id);
	snprintf(ids, sizeof ids, "%" PRId64, in->id);
	char *before = NULL;
	if (in->id != 0) {
		if (api_lock_versioned(c, "buildings", "building", in->id, in->version) != 0)
			return -1;
		if ((before = api_get_doc(c, "building_docs", "building", in->id)) == NULL)
			return -1;
	}
	const char *v[8] = {op, in->name, in->street, in->house_number, in->postal_code,
			    in->commune, in->has_common_parts ? "t" : "f", ids};
	PGresult *r = api_db_exec(
		c,
		in->id == 0
			? "INSERT INTO buildings (operator_id, name, street, house_number,"
			  " postal_code, commune, has_common_parts) VALUES ($1, $2, $3, $4, $5, $6, $7)"
			  " RETURNING id"
			: "UPDATE buildings SET name = $2, street = $3, house_number = $4,"
			  " postal_code = $5, commune = $6, has_common_parts = $7,"
			  " version = version + 1, updated_at = now()"
			  " WHERE id = $8 AND operator_id = $1 RETURNING id",
		in->id == 0 ? 7 : 8, v);
	if (r == NULL) {
		free(before);
		return -1;
	}
	in->id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	snprintf(ids, sizeof ids, "%" PRId64, in->id);
	in->after = api_get_doc(c, "building_docs", "building", in->id);
	int rc = in->after ? api_audit(c, before ? "building.update" : "building.create",
				       "building", ids, before, in->after)
			   : -1;
	free(before);
	return rc;
}

static int building_write(struct api_ctx *c, int64_t id)
{
	struct building_in in = {.id = id};
	if (id != 0 && api_if_match(c, &in.version) != 0)
		return -1;
	json_t *body = api_body_object(c);
	if (body == NULL)
		return -1;
	int rc = building_read(c, body, &in);
	if (rc == 0)
		rc = api_tx(c, building_save, &in);
	if (rc == 0) {
		rc = api_reply_row(c, id == 0 ? 201 : 200, in.after);
		if (id == 0) {
			char loc[64];
			snprintf(loc, sizeof loc, "/api/v1/buildings/%" PRId64, in.id);
			api_add_header(c, "Location", loc);
		}
	}
	free(in.after);
	json_decref(body);
	return rc;
}

int h_buildings_list(struct api_ctx *c)
{
	return api_list_docs(c, "building_docs", NULL, 0, NULL);
}

int h_buildings_create(struct api_ctx *c)
{
	return building_write(c, 0);
}

int h_building_get(struct api_ctx *c)
{
	return api_reply_doc(c, "building_docs", "building", c->params[0], 200);
}

int h_building_put(struct api_ctx *c)
{
	return building_write(c, c->params[0]);
}

/* ---- units ---- */

static const char *const unit_kinds[] = {"house", "apartment", "studio", "room", NULL};
static const char *const unit_statuses[] = {"available", "unavailable", "withdrawn", NULL};
static const char *const room_kinds[] = {"living", "kitchen", "kitchen_living", "bedroom",
					 "other", NULL};
static const char *const unit_fields[] = {
	"building_id", "name",	   "kind",		   "street",	 "house_number",
	"box",	       "postal_code", "commune",	   "floor",	 "collective",
	"base_indemnity_cents",	   "subsidised",	   "furnished",	 "status",
	"rooms",       "utility_provision_cents", NULL};
static const char *const room_fields[] = {"name", "kind", "area_dm2", "habitable", "shared",
					  NULL};

#define MAX_ROOMS 16

struct unit_in {
	int64_t building_id, floor, base, provision, id, version;
	bool has_building, collective, subsidised, furnished;
	const char *name, *street, *house_number, *box, *postal_code, *commune;
	int kind, status;
	char *rooms_json; /* validated rooms, re-serialised */
	char *after;
};

static void room_error(json_t **errors, size_t i, const char *field, const char *code,
		       const char *msg)
{
	char name[48];
	snprintf(name, sizeof name, "rooms[%zu]%s%s", i, field ? "." : "", field ? field : "");
	api_field_error(errors, name, code, msg);
}

/* Validates rooms[] and reports errors as rooms[i].field. */
static json_t *rooms_read(json_t *body, bool collective, json_t **errors)
{
	json_t *rooms = json_object_get(body, "rooms");
	if (rooms == NULL) {
		api_field_error(errors, "rooms", "required", "this field is required");
		return NULL;
	}
	if (!json_is_array(rooms) || json_array_size(rooms) > MAX_ROOMS) {
		api_field_error(errors, "rooms", "type", "must be an array of at most 16 rooms");
		return NULL;
	}
	json_t *out = json_array();
	size_t i;
	json_t *room;
	json_array_foreach(rooms, i, room) {
		if (!json_is_object(room)) {
			room_error(errors, i, NULL, "type", "must be an object");
			continue;
		}
		json_t *e = NULL;
		const char *name = api_json_string(room, "name", 100, true, &e);
		int kind = 0;
		int64_t area = 0;
		bool habitable = false, shared = false;
		api_json_only(room, room_fields, &e);
		api_json_enum(room, "kind", true, room_kinds, &e, &kind);
		api_json_int(room, "area_dm2", true, 1, 100000, &e, &area);
		api_json_bool(room, "habitable", true, &e, &habitable);
		api_json_bool(room, "shared", false, &e, &shared);
		if (name != NULL && name[0] == '\0')
			api_field_error(&e, "name", "required", "must not be empty");
		if (shared && !collective)
			api_field_error(&e, "shared", "invalid",
					"only a unit of a collective building has shared rooms");
		/* Re-prefix the room's own errors with its index. */
		size_t k;
		json_t *err;
		json_array_foreach(e, k, err) {
			room_error(errors, i, json_string_value(json_object_get(err, "field")),
				   json_string_value(json_object_get(err, "code")),
				   json_string_value(json_object_get(err, "message")));
		}
		json_decref(e);
		if (name != NULL)
			json_array_append_new(out, json_pack("{s:s, s:s, s:I, s:b, s:b}", "name", name,
							     "kind", room_kinds[kind], "area_dm2",
							     (json_int_t)area, "habitable", habitable,
							     "shared", shared));
	}
	return out;
}

static int unit_read(struct api_ctx *c, json_t *body, struct unit_in *in)
{
	json_t *errors = NULL;
	api_json_only(body, unit_fields, &errors);
	in->has_building =
		api_json_int(body, "building_id", false, 1, INT64_MAX, &errors, &in->building_id);
	in->name = api_json_string(body, "name", 200, true, &errors);
	api_json_enum(body, "kind", true, unit_kinds, &errors, &in->kind);
	in->street = api_json_string(body, "street", 200, true, &errors);
	in->house_number = api_json_string(body, "house_number", 20, true, &errors);
	in->box = api_json_string(body, "box", 20, false, &errors);
	in->postal_code = api_json_string(body, "postal_code", 4, true, &errors);
	if (in->postal_code != NULL && !postal_code_ok(in->postal_code))
		api_field_error(&errors, "postal_code", "invalid", "must be a Belgian postal code");
	in->commune = api_json_string(body, "commune", 100, true, &errors);
	in->floor = 0;
	api_json_int(body, "floor", false, -5, 100, &errors, &in->floor);
	in->collective = false;
	api_json_bool(body, "collective", false, &errors, &in->collective);
	if (in->collective && !in->has_building)
		api_field_error(&errors, "building_id", "required",
				"a unit of a collective building needs its building");
	api_json_cents(body, "base_indemnity_cents", true, 0, 100000000, &errors, &in->base);
	/* utilities billed apart from the indemnity, outside the 20 % cap */
	in->provision = 0;
	api_json_cents(body, "utility_provision_cents", false, 0, 100000000, &errors,
		       &in->provision);
	in->subsidised = true;
	api_json_bool(body, "subsidised", false, &errors, &in->subsidised);
	in->furnished = false;
	api_json_bool(body, "furnished", false, &errors, &in->furnished);
	in->status = 0;
	api_json_enum(body, "status", false, unit_statuses, &errors, &in->status);
	const char *nonempty[] = {"name", "street", "house_number", "commune", "box"};
	const char *vals[] = {in->name, in->street, in->house_number, in->commune, in->box};
	for (int i = 0; i < 5; i++)
		if (vals[i] != NULL && vals[i][0] == '\0')
			api_field_error(&errors, nonempty[i], "required", "must not be empty");
	json_t *rooms = rooms_read(body, in->collective, &errors);
	if (rooms != NULL) {
		in->rooms_json = json_dumps(rooms, JSON_COMPACT);
		json_decref(rooms);
	}
	if (errors != NULL)
		return api_problem(c, 422, "validation", "Invalid unit", NULL, errors);
	return 0;
}

/* core/crowd's room kinds, indexed like room_kinds. */
static const enum crowd_room_kind crowd_room_kinds[] = {CROWD_ROOM_LIVING, CROWD_ROOM_KITCHEN,
							CROWD_ROOM_KITCHEN_LIVING,
							CROWD_ROOM_BEDROOM, CROWD_ROOM_OTHER};

/* Rooms as rooms_read writes them (or the same shape from SQL), as core/crowd
 * sees them; -1 when they cannot be read. */
static int crowd_rooms(json_t *rooms, struct crowd_room out[CROWD_MAX_ROOMS])
{
	if (!json_is_array(rooms) || json_array_size(rooms) > CROWD_MAX_ROOMS)
		return -1;
	size_t i;
	json_t *room;
	json_array_foreach(rooms, i, room) {
		const char *k = json_string_value(json_object_get(room, "kind"));
		int kind = k != NULL ? household_enum_index(room_kinds, k) : -1;
		if (kind < 0)
			return -1;
		out[i] = (struct crowd_room){
		    .kind = crowd_room_kinds[kind],
		    .area_dm2 = (int32_t)json_integer_value(json_object_get(room, "area_dm2")),
		    .habitable = json_is_true(json_object_get(room, "habitable")),
		    .shared = json_is_true(json_object_get(room, "shared")),
		};
	}
	return (int)json_array_size(rooms);
}

/* Whether the household fits the rooms on `on` (core/crowd); false also when
 * it cannot be judged (no rooms readable, no head...). */
static bool household_fits(const struct crowd_member *m, int n_members, json_t *rooms,
			   bool collective, bdate_t on)
{
	struct crowd_room r[CROWD_MAX_ROOMS];
	int n = crowd_rooms(rooms, r);
	if (n < 0)
		return false;
	struct crowd_unit u = {r, n, collective};
	struct crowd_result res;
	return crowd_check(m, n_members, &u, on, &res) && res.fits;
}

/* The members of a household as core/crowd sees them; -1 on error (problem
 * set), else their number. */
static int crowd_members(struct api_ctx *c, const char *household,
			 struct crowd_member out[CROWD_MAX_MEMBERS])
{
	static const enum crowd_relation relations[] = {CROWD_HEAD, CROWD_PARTNER, CROWD_CHILD,
							CROWD_OTHER};
	const char *v[1] = {household};
	PGresult *r = api_db_exec(c,
				  "SELECT birth_date, sex, relation FROM members"
				  " WHERE household_id = $1 ORDER BY id",
				  1, v);
	if (r == NULL)
		return -1;
	/* more than core/crowd judges: none, so that it is not judged at all */
	int n = PQntuples(r) <= CROWD_MAX_MEMBERS ? PQntuples(r) : 0;
	for (int i = 0; i < n; i++) {
		const char *b = PQgetvalue(r, i, 0);
		int rel = household_enum_index(household_relations, PQgetvalue(r, i, 2));
		bdate_t birth = 0;
		if (!bdate_parse_iso(b, strlen(b), &birth) || rel < 0) {
			PQclear(r);
			return api_problem(c, 500, "internal", "Internal error",
					   "unreadable member row", NULL);
		}
		out[i] = (struct crowd_member){
		    birth, strcmp(PQgetvalue(r, i, 1), "F") == 0 ? CROWD_FEMALE : CROWD_MALE,
		    relations[rel]};
	}
	PQclear(r);
	return n;
}

/*
 * An occupied unit is not rewritten under its household (issue 13): while a
 * convention binds it (signed and not ended: signed, active, renewed, notice
 * given, overstay), the base indemnity must stay the one the convention
 * fixed, and the rooms must still fit the convention's household (core/crowd
 * on today's members and date) if they fitted before. A 409 names the
 * convention; the other changes (name, address, status...) stay allowed.
 * Rooms that already did not fit (a household admitted on force majeure,
 * say) may be corrected: only a change that makes it no longer fit is
 * refused. Called with the unit's row locked, which admission checks and
 * conventions read FOR SHARE.
 */
static int unit_occupied_check(struct api_ctx *c, struct unit_in *in, const char *ids)
{
	const char *v[1] = {ids};
	PGresult *r = api_db_exec(
	    c,
	    "SELECT v.id, v.state, v.base_indemnity_cents, v.household_id,"
	    " (SELECT coalesce(json_agg(json_build_object('name', o.name, 'kind', o.kind,"
	    "  'area_dm2', o.area_dm2, 'habitable', o.habitable, 'shared', o.shared)"
	    "  ORDER BY o.position), '[]') FROM rooms o WHERE o.unit_id = u.id)::text,"
	    " u.collective"
	    " FROM conventions v JOIN units u ON u.id = v.unit_id WHERE v.unit_id = $1"
	    " AND v.state IN ('signed', 'active', 'renewed', 'notice_given', 'overstay')"
	    " ORDER BY v.start_date, v.id",
	    1, v);
	if (r == NULL)
		return -1;
	json_t *new_rooms = json_loads(in->rooms_json ? in->rooms_json : "[]", 0, NULL);
	int rc = 0;
	for (int i = 0; rc == 0 && i < PQntuples(r); i++) {
		const char *conv = PQgetvalue(r, i, 0), *state = PQgetvalue(r, i, 1);
		int64_t base = strtoll(PQgetvalue(r, i, 2), NULL, 10);
		char detail[300];
		if (base != in->base) {
			json_t *errors = NULL;
			api_field_error(&errors, "base_indemnity_cents", "convention-signed",
					"must stay the base indemnity of the signed convention");
			snprintf(detail, sizeof detail,
				 "convention %s (%s) occupies this unit with a base indemnity of "
				 "%" PRId64 " cents: the unit's base indemnity cannot change while "
				 "it binds",
				 conv, state, base);
			rc = api_problem(c, 409, "unit-occupied", "Unit occupied", detail, errors);
			break;
		}
		json_t *old_rooms = json_loads(PQgetvalue(r, i, 4), 0, NULL);
		bool old_collective = PQgetvalue(r, i, 5)[0] == 't';
		if (json_equal(old_rooms, new_rooms) && old_collective == in->collective) {
			json_decref(old_rooms);
			continue;
		}
		struct crowd_member m[CROWD_MAX_MEMBERS];
		int n = crowd_members(c, PQgetvalue(r, i, 3), m);
		if (n < 0) {
			json_decref(old_rooms);
			rc = -1;
			break;
		}
		bdate_t today = c->req->today;
		bool fitted = household_fits(m, n, old_rooms, old_collective, today);
		json_decref(old_rooms);
		if (fitted && !household_fits(m, n, new_rooms, in->collective, today)) {
			json_t *errors = NULL;
			api_field_error(&errors, "rooms", "household-no-longer-fits",
					"the household of the signed convention would no longer "
					"fit the unit");
			snprintf(detail, sizeof detail,
				 "convention %s (%s) occupies this unit: its household would no "
				 "longer fit these rooms (overcrowding rules)",
				 conv, state);
			rc = api_problem(c, 409, "unit-occupied", "Unit occupied", detail, errors);
		}
	}
	json_decref(new_rooms);
	PQclear(r);
	return rc;
}

static int unit_save(struct api_ctx *c, void *arg)
{
	struct unit_in *in = arg;
	char op[24], ids[24], building[24], floor[24], base[24], provision[24];
	snprintf(op, sizeof op, "%" PRId64, c->user.operator_id);
	snprintf(ids, sizeof ids, "%" PRId64, in->id);
	snprintf(building, sizeof building, "%" PRId64, in->building_id);
	snprintf(floor, sizeof floor, "%" PRId64, in->floor);
	snprintf(base, sizeof base, "%" PRId64, in->base);
	snprintf(provision, sizeof provision, "%" PRId64, in->provision);
	char *before = NULL;
	if (in->id != 0) {
		if (api_lock_versioned(c, "units", "unit", in->id, in->version) != 0)
			return -1;
		if ((before = api_get_doc(c, "unit_docs", "unit", in->id)) == NULL)
			return -1;
		if (unit_occupied_check(c, in, ids) != 0)
			goto fail;
	}
	if (in->has_building) {
		/* The foreign key would say 422 too, but not which field. */
		const char *bv[2] = {building, op};
		PGresult *r = api_db_exec(c, "SELECT 1 FROM buildings WHERE id = $1 AND operator_id = $2",
					  2, bv);
		if (r == NULL)
			goto fail;
		int n = PQntuples(r);
		PQclear(r);
		if (n != 1) {
			json_t *errors = NULL;
			api_field_error(&errors, "building_id", "not-found", "no such building");
			api_problem(c, 422, "validation", "Invalid unit", NULL, errors);
			goto fail;
		}
	}
	const char *v[17] = {op,
			     in->has_building ? building : NULL,
			     in->name,
			     unit_kinds[in->kind],
			     in->street,
			     in->house_number,
			     in->box,
			     in->postal_code,
			     in->commune,
			     floor,
			     in->collective ? "t" : "f",
			     base,
			     in->subsidised ? "t" : "f",
			     in->furnished ? "t" : "f",
			     unit_statuses[in->status],
			     provision,
			     ids};
	PGresult *r = api_db_exec(
		c,
		in->id == 0
			? "INSERT INTO units (operator_id, building_id, name, kind, street,"
			  " house_number, box, postal_code, commune, floor, collective,"
			  " base_indemnity_cents, subsidised, furnished, status,"
			  " utility_provision_cents) VALUES ($1, $2, $3,"
			  " $4::unit_kind, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,"
			  " $15::unit_status, $16) RETURNING id"
			: "UPDATE units SET building_id = $2, name = $3, kind = $4::unit_kind,"
			  " street = $5, house_number = $6, box = $7, postal_code = $8, commune = $9,"
			  " floor = $10, collective = $11, base_indemnity_cents = $12,"
			  " subsidised = $13, furnished = $14, status = $15::unit_status,"
			  " utility_provision_cents = $16, version = version + 1, updated_at = now()"
			  " WHERE id = $17 AND operator_id = $1 RETURNING id",
		in->id == 0 ? 16 : 17, v);
	if (r == NULL)
		goto fail;
	in->id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	snprintf(ids, sizeof ids, "%" PRId64, in->id);
	const char *rv[2] = {ids, in->rooms_json};
	r = api_db_exec(c, "DELETE FROM rooms WHERE unit_id = $1", 1, rv);
	if (r == NULL)
		goto fail;
	PQclear(r);
	r = api_db_exec(c,
			"INSERT INTO rooms (unit_id, position, name, kind, area_dm2, habitable,"
			" shared) SELECT $1, t.ord - 1, t.r->>'name', (t.r->>'kind')::room_kind,"
			" (t.r->>'area_dm2')::int, (t.r->>'habitable')::boolean,"
			" (t.r->>'shared')::boolean"
			" FROM json_array_elements($2::json) WITH ORDINALITY AS t(r, ord)",
			2, rv);
	if (r == NULL)
		goto fail;
	PQclear(r);
	in->after = api_get_doc(c, "unit_docs", "unit", in->id);
	int rc = in->after ? api_audit(c, before ? "unit.update" : "unit.create", "unit", ids,
				       before, in->after)
			   : -1;
	free(before);
	return rc;
fail:
	free(before);
	return -1;
}

static int unit_write(struct api_ctx *c, int64_t id)
{
	struct unit_in in = {.id = id};
	if (id != 0 && api_if_match(c, &in.version) != 0)
		return -1;
	json_t *body = api_body_object(c);
	if (body == NULL)
		return -1;
	int rc = unit_read(c, body, &in);
	if (rc == 0)
		rc = api_tx(c, unit_save, &in);
	if (rc == 0) {
		rc = api_reply_row(c, id == 0 ? 201 : 200, in.after);
		if (id == 0) {
			char loc[64];
			snprintf(loc, sizeof loc, "/api/v1/units/%" PRId64, in.id);
			api_add_header(c, "Location", loc);
		}
	}
	free(in.after);
	free(in.rooms_json);
	json_decref(body);
	return rc;
}

int h_units_list(struct api_ctx *c)
{
	char date[16], status[24], building[24], kind[24];
	json_t *errors = NULL;
	bdate_t d;
	int has_date = api_query_get(c, "available_on", date, sizeof date);
	int has_status = api_query_get(c, "status", status, sizeof status);
	int has_building = api_query_get(c, "building_id", building, sizeof building);
	int has_kind = api_query_get(c, "kind", kind, sizeof kind);
	if (has_date < 0 || (has_date > 0 && !bdate_parse_iso(date, strlen(date), &d)))
		api_field_error(&errors, "available_on", "invalid", "must be a date YYYY-MM-DD");
	bool known = false;
	for (int i = 0; has_status > 0 && unit_statuses[i]; i++)
		known = known || strcmp(status, unit_statuses[i]) == 0;
	if (has_status < 0 || (has_status > 0 && !known))
		api_field_error(&errors, "status", "enum",
				"must be one of: available, unavailable, withdrawn");
	known = false;
	for (int i = 0; has_kind > 0 && unit_kinds[i]; i++)
		known = known || strcmp(kind, unit_kinds[i]) == 0;
	if (has_kind < 0 || (has_kind > 0 && !known))
		api_field_error(&errors, "kind", "enum", "must be one of: house, apartment, studio, room");
	if (has_building < 0 || (has_building > 0 && (strspn(building, "0123456789") !=
							   strlen(building) || !building[0] ||
						       strlen(building) > 18)))
		api_field_error(&errors, "building_id", "invalid", "must be an id");
	if (errors != NULL)
		return api_problem(c, 400, "invalid-query", "Invalid query", NULL, errors);
	/* Available on a date: in service and no convention occupying it then
	 * (conventions.occupancy is the range the household may occupy). */
	const char *where =
		has_date > 0
			? "d.id IN (SELECT u.id FROM units u WHERE u.operator_id = $1"
			  " AND u.status = 'available' AND NOT EXISTS (SELECT 1 FROM conventions v"
			  "  WHERE v.unit_id = u.id AND v.state <> 'cancelled'"
			  "  AND v.occupancy @> $4::date)"
			  " AND ($5::unit_status IS NULL OR u.status = $5::unit_status)"
			  " AND ($6::bigint IS NULL OR u.building_id = $6::bigint)"
			  " AND ($7::unit_kind IS NULL OR u.kind = $7::unit_kind))"
			: "d.id IN (SELECT u.id FROM units u WHERE u.operator_id = $1"
			  " AND $4::date IS NULL"
			  " AND ($5::unit_status IS NULL OR u.status = $5::unit_status)"
			  " AND ($6::bigint IS NULL OR u.building_id = $6::bigint)"
			  " AND ($7::unit_kind IS NULL OR u.kind = $7::unit_kind))";
	const char *v[4] = {has_date > 0 ? date : NULL, has_status > 0 ? status : NULL,
			    has_building > 0 ? building : NULL, has_kind > 0 ? kind : NULL};
	return api_list_docs(c, "unit_docs", where, 4, v);
}

int h_units_create(struct api_ctx *c)
{
	return unit_write(c, 0);
}

int h_unit_get(struct api_ctx *c)
{
	return api_reply_doc(c, "unit_docs", "unit", c->params[0], 200);
}

int h_unit_put(struct api_ctx *c)
{
	return unit_write(c, c->params[0]);
}

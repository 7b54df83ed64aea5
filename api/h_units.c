/*
 * Buildings and units (with their rooms). The exemplar of a resource: the
 * body read by api/in_units.c, the mutation in one transaction scoped to
 * the caller's operator, audit before/after, the answer the document view
 * with its ETag. A row of another operator is a 404.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "crowd.h"
#include "input.h"

/* ---- the write of a building or a unit ---- */

/* One write in progress; each input struct starts with it. */
struct write {
	const char *table, *view, *what; /* "units", "unit_docs", "unit" */
	const char *path;		 /* of one resource, for Location */
	int64_t id, version;		 /* id 0 when creating */
	char *before, *after;		 /* documents for the audit and the answer */
};

typedef int (*read_fn)(struct api_ctx *c, json_t *body, void *in);

/* Inside the transaction, for an update: the row locked against If-Match
 * and its document as it was. */
static int write_begin(struct api_ctx *c, struct write *w)
{
	/* api_tx may run the transaction again: start from nothing. */
	free(w->before);
	free(w->after);
	w->before = w->after = NULL;
	if (w->id == 0)
		return 0;
	if (api_lock_versioned(c, w->table, w->what, w->id, w->version) != 0)
		return -1;
	w->before = api_get_doc(c, w->view, w->what, w->id);
	return w->before != NULL ? 0 : -1;
}

/* After the INSERT/UPDATE (its RETURNING id in r, cleared here): the id,
 * the new document; the audit is write_audit's once the rest is written. */
static int write_id(struct write *w, PGresult *r)
{
	if (r == NULL)
		return -1;
	w->id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return 0;
}

static int write_audit(struct api_ctx *c, struct write *w)
{
	char ids[API_ID_LEN], action[48];
	api_id_text(w->id, ids);
	if ((w->after = api_get_doc(c, w->view, w->what, w->id)) == NULL)
		return -1;
	snprintf(action, sizeof action, "%s.%s", w->what, w->before ? "update" : "create");
	return api_audit(c, action, w->what, ids, w->before, w->after);
}

/* The answer: the document, and where a new one lives (a creation has no
 * document before). */
static int write_reply(struct api_ctx *c, void *in)
{
	struct write *w = in;
	int rc = api_reply_row(c, w->before == NULL ? 201 : 200, w->after);
	if (w->before == NULL) {
		char loc[64];
		snprintf(loc, sizeof loc, "%s/%" PRId64, w->path, w->id);
		api_add_header(c, "Location", loc);
	}
	return rc;
}

/* POST (id 0) or PUT of the write that `in` starts with. */
static int write_run(struct api_ctx *c, struct write *w, read_fn read,
		     int (*save)(struct api_ctx *c, void *in))
{
	int rc = api_write_run(c, w->id != 0 ? &w->version : NULL, w, read, save, write_reply);
	free(w->before);
	free(w->after);
	return rc;
}

/* ---- buildings ---- */

struct building_in {
	struct write w;
	struct in_building in;
};

static int building_read(struct api_ctx *c, json_t *body, void *arg)
{
	struct building_in *b = arg;
	json_t *errors = NULL;
	in_building_read(body, &b->in, &errors);
	if (errors != NULL)
		return api_problem(c, 422, "validation", "Invalid building", NULL, errors);
	return 0;
}

static int building_save(struct api_ctx *c, void *arg)
{
	struct building_in *b = arg;
	const struct in_building *in = &b->in;
	if (write_begin(c, &b->w) != 0)
		return -1;
	char op[API_ID_LEN], ids[API_ID_LEN];
	api_id_text(c->user.operator_id, op);
	api_id_text(b->w.id, ids);
	const char *v[8] = {op,
			    in->name,
			    in->street,
			    in->house_number,
			    in->postal_code,
			    in->commune,
			    in->has_common_parts ? "t" : "f",
			    ids};
	PGresult *r = api_db_exec(
	    c,
	    b->w.id == 0
		? "INSERT INTO buildings (operator_id, name, street, house_number,"
		  " postal_code, commune, has_common_parts) VALUES ($1, $2, $3, $4, $5, $6, $7)"
		  " RETURNING id"
		: "UPDATE buildings SET name = $2, street = $3, house_number = $4,"
		  " postal_code = $5, commune = $6, has_common_parts = $7,"
		  " version = version + 1, updated_at = now()"
		  " WHERE id = $8 AND operator_id = $1 RETURNING id",
	    b->w.id == 0 ? 7 : 8, v);
	if (write_id(&b->w, r) != 0)
		return -1;
	return write_audit(c, &b->w);
}

static int building_write(struct api_ctx *c, int64_t id)
{
	struct building_in b = {
	    .w = {"buildings", "building_docs", "building", "/api/v1/buildings", .id = id}};
	return write_run(c, &b.w, building_read, building_save);
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

struct unit_in {
	struct write w;
	struct in_unit in;
	char *rooms_json; /* the rooms read, as SQL and the occupancy check read them */
};

/* The rooms read, in the shape of the rooms of unit_docs. */
static char *rooms_text(const struct in_unit *in)
{
	json_t *rooms = json_array();
	for (int i = 0; i < in->n_rooms; i++) {
		const struct in_room *r = &in->rooms[i];
		json_array_append_new(rooms, json_pack("{s:s, s:s, s:I, s:b, s:b}", "name", r->name,
						       "kind", in_room_kinds[r->kind], "area_dm2",
						       (json_int_t)r->area_dm2, "habitable",
						       r->habitable, "shared", r->shared));
	}
	char *text = json_dumps(rooms, JSON_COMPACT);
	json_decref(rooms);
	return text;
}

static int unit_read(struct api_ctx *c, json_t *body, void *arg)
{
	struct unit_in *u = arg;
	json_t *errors = NULL;
	in_unit_read(body, &u->in, &errors);
	if (errors != NULL)
		return api_problem(c, 422, "validation", "Invalid unit", NULL, errors);
	if ((u->rooms_json = rooms_text(&u->in)) == NULL)
		return api_problem(c, 500, "internal", "Internal error", "cannot encode JSON",
				   NULL);
	return 0;
}

/* Rooms in the shape of rooms_text (or the same from SQL), as core/crowd
 * sees them; -1 when they cannot be read. */
static int crowd_rooms(json_t *rooms, struct crowd_room out[CROWD_MAX_ROOMS])
{
	if (!json_is_array(rooms) || json_array_size(rooms) > CROWD_MAX_ROOMS)
		return -1;
	size_t i;
	json_t *room;
	json_array_foreach(rooms, i, room)
	{
		if (!api_crowd_room(json_string_value(json_object_get(room, "kind")),
				    json_integer_value(json_object_get(room, "area_dm2")),
				    json_is_true(json_object_get(room, "habitable")),
				    json_is_true(json_object_get(room, "shared")), &out[i]))
			return -1;
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
		if (api_crowd_member(PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2),
				     &out[i]) < 0) {
			n = api_problem(c, 500, "internal", "Internal error",
					"unreadable member row", NULL);
			break;
		}
	}
	PQclear(r);
	return n;
}

/* The 409 of a unit a convention occupies, naming it. */
static int occupied(struct api_ctx *c, const char *field, const char *code, const char *msg,
		    const char *detail)
{
	json_t *errors = NULL;
	api_field_error(&errors, field, code, msg);
	return api_problem(c, 409, "unit-occupied", "Unit occupied", detail, errors);
}

/* Convention `conv` (its row i of r) still fits the new rooms, if it fitted
 * the old ones (see unit_occupied_check). */
static int still_fits(struct api_ctx *c, struct unit_in *u, PGresult *r, int i, json_t *new_rooms)
{
	const char *conv = PQgetvalue(r, i, 0), *state = PQgetvalue(r, i, 1);
	json_t *old_rooms = json_loads(PQgetvalue(r, i, 4), 0, NULL);
	bool old_collective = PQgetvalue(r, i, 5)[0] == 't';
	int rc = 0;
	if (json_equal(old_rooms, new_rooms) && old_collective == u->in.collective)
		goto out;
	struct crowd_member m[CROWD_MAX_MEMBERS];
	int n = crowd_members(c, PQgetvalue(r, i, 3), m);
	if (n < 0) {
		rc = -1;
		goto out;
	}
	bdate_t today = c->req->today;
	if (household_fits(m, n, old_rooms, old_collective, today) &&
	    !household_fits(m, n, new_rooms, u->in.collective, today)) {
		char detail[300];
		snprintf(detail, sizeof detail,
			 "convention %s (%s) occupies this unit: its household would no "
			 "longer fit these rooms (overcrowding rules)",
			 conv, state);
		rc = occupied(c, "rooms", "household-no-longer-fits",
			      "the household of the signed convention would no longer "
			      "fit the unit",
			      detail);
	}
out:
	json_decref(old_rooms);
	return rc;
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
static int unit_occupied_check(struct api_ctx *c, struct unit_in *u, const char *ids)
{
	const char *v[1] = {ids};
	json_t *new_rooms = NULL;
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
	int rc = -1;
	if (r == NULL)
		goto out;
	new_rooms = json_loads(u->rooms_json ? u->rooms_json : "[]", 0, NULL);
	rc = 0;
	for (int i = 0; rc == 0 && i < PQntuples(r); i++) {
		int64_t base = strtoll(PQgetvalue(r, i, 2), NULL, 10);
		if (base != u->in.base) {
			char detail[300];
			snprintf(detail, sizeof detail,
				 "convention %s (%s) occupies this unit with a base indemnity of "
				 "%" PRId64 " cents: the unit's base indemnity cannot change while "
				 "it binds",
				 PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), base);
			rc = occupied(c, "base_indemnity_cents", "convention-signed",
				      "must stay the base indemnity of the signed convention",
				      detail);
		} else {
			rc = still_fits(c, u, r, i, new_rooms);
		}
	}
out:
	json_decref(new_rooms);
	PQclear(r);
	return rc;
}

/* The building named exists and is the caller's operator's. */
static int building_check(struct api_ctx *c, const char *building, const char *op)
{
	/* The foreign key would say 422 too, but not which field. */
	const char *bv[2] = {building, op};
	PGresult *r =
	    api_db_exec(c, "SELECT 1 FROM buildings WHERE id = $1 AND operator_id = $2", 2, bv);
	if (r == NULL)
		return -1;
	int n = PQntuples(r);
	PQclear(r);
	if (n == 1)
		return 0;
	json_t *errors = NULL;
	api_field_error(&errors, "building_id", "not-found", "no such building");
	return api_problem(c, 422, "validation", "Invalid unit", NULL, errors);
}

/* The unit's rooms replaced by those read. */
static int rooms_save(struct api_ctx *c, struct unit_in *u)
{
	char ids[API_ID_LEN];
	api_id_text(u->w.id, ids);
	const char *rv[2] = {ids, u->rooms_json};
	PGresult *r = api_db_exec(c, "DELETE FROM rooms WHERE unit_id = $1", 1, rv);
	if (r == NULL)
		return -1;
	PQclear(r);
	r = api_db_exec(c,
			"INSERT INTO rooms (unit_id, position, name, kind, area_dm2, habitable,"
			" shared) SELECT $1, t.ord - 1, t.r->>'name', (t.r->>'kind')::room_kind,"
			" (t.r->>'area_dm2')::int, (t.r->>'habitable')::boolean,"
			" (t.r->>'shared')::boolean"
			" FROM json_array_elements($2::json) WITH ORDINALITY AS t(r, ord)",
			2, rv);
	if (r == NULL)
		return -1;
	PQclear(r);
	return 0;
}

static int unit_save(struct api_ctx *c, void *arg)
{
	struct unit_in *u = arg;
	const struct in_unit *in = &u->in;
	char op[API_ID_LEN], ids[API_ID_LEN], building[API_ID_LEN], floor[API_ID_LEN],
	    base[API_ID_LEN], provision[API_ID_LEN];
	api_id_text(c->user.operator_id, op);
	api_id_text(u->w.id, ids);
	api_id_text(in->building_id, building);
	api_id_text(in->floor, floor);
	api_id_text(in->base, base);
	api_id_text(in->provision, provision);
	if (write_begin(c, &u->w) != 0 || (u->w.id != 0 && unit_occupied_check(c, u, ids) != 0) ||
	    (in->has_building && building_check(c, building, op) != 0))
		return -1;
	const char *v[17] = {op,
			     in->has_building ? building : NULL,
			     in->name,
			     in_unit_kinds[in->kind],
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
			     in_unit_statuses[in->status],
			     provision,
			     ids};
	PGresult *r = api_db_exec(
	    c,
	    u->w.id == 0
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
	    u->w.id == 0 ? 16 : 17, v);
	if (write_id(&u->w, r) != 0 || rooms_save(c, u) != 0)
		return -1;
	return write_audit(c, &u->w);
}

static int unit_write(struct api_ctx *c, int64_t id)
{
	struct unit_in u = {.w = {"units", "unit_docs", "unit", "/api/v1/units", .id = id}};
	int rc = write_run(c, &u.w, unit_read, unit_save);
	free(u.rooms_json);
	return rc;
}

int h_units_list(struct api_ctx *c)
{
	char date[16], status[24], building[24], kind[24];
	json_t *errors = NULL;
	bdate_t d;
	enum api_lookup has_date = api_query_get(c, "available_on", date, sizeof date);
	enum api_lookup has_status = api_query_get(c, "status", status, sizeof status);
	enum api_lookup has_building = api_query_get(c, "building_id", building, sizeof building);
	enum api_lookup has_kind = api_query_get(c, "kind", kind, sizeof kind);
	if (has_date == API_LOOKUP_UNREADABLE ||
	    (has_date == API_LOOKUP_FOUND && !bdate_parse_iso(date, strlen(date), &d)))
		api_field_error(&errors, "available_on", "invalid", "must be a date YYYY-MM-DD");
	if (has_status == API_LOOKUP_UNREADABLE ||
	    (has_status == API_LOOKUP_FOUND && api_enum_index(in_unit_statuses, status) < 0))
		api_field_error(&errors, "status", "enum",
				"must be one of: available, unavailable, withdrawn");
	if (has_kind == API_LOOKUP_UNREADABLE ||
	    (has_kind == API_LOOKUP_FOUND && api_enum_index(in_unit_kinds, kind) < 0))
		api_field_error(&errors, "kind", "enum",
				"must be one of: house, apartment, studio, room");
	if (has_building == API_LOOKUP_UNREADABLE ||
	    (has_building == API_LOOKUP_FOUND &&
	     (strspn(building, "0123456789") != strlen(building) || !building[0] ||
	      strlen(building) > 18)))
		api_field_error(&errors, "building_id", "invalid", "must be an id");
	if (errors != NULL)
		return api_problem(c, 400, "invalid-query", "Invalid query", NULL, errors);
	/* Available on a date: in service and no convention occupying it then
	 * (conventions.occupancy is the range the household may occupy). */
	const char *where =
	    has_date == API_LOOKUP_FOUND
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
	const char *v[4] = {has_date == API_LOOKUP_FOUND ? date : NULL,
			    has_status == API_LOOKUP_FOUND ? status : NULL,
			    has_building == API_LOOKUP_FOUND ? building : NULL,
			    has_kind == API_LOOKUP_FOUND ? kind : NULL};
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

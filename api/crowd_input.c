/*
 * core/crowd's view of stored rows: a unit's rooms and a household's
 * members as they come from SQL (or from a unit's body), mapped to
 * core/crowd's enums in one place for h_units.c (does the household of a
 * signed convention still fit the rooms) and h_admission.c (the check).
 */
#include <string.h>

#include "api_internal.h"
#include "crowd.h"
#include "households.h"
#include "input.h"

/* Indexed like in_room_kinds (room_kind). */
static const enum crowd_room_kind room_kinds[] = {CROWD_ROOM_LIVING, CROWD_ROOM_KITCHEN,
						  CROWD_ROOM_KITCHEN_LIVING, CROWD_ROOM_BEDROOM,
						  CROWD_ROOM_OTHER};
/* Indexed like household_relations (member_relation). */
static const enum crowd_relation relations[] = {CROWD_HEAD, CROWD_PARTNER, CROWD_CHILD,
						CROWD_OTHER};

bool api_crowd_room(const char *kind, int64_t area_dm2, bool habitable, bool shared,
		    struct crowd_room *out)
{
	int k = kind != NULL ? api_enum_index(in_room_kinds, kind) : -1;
	*out = (struct crowd_room){
	    .kind = k >= 0 ? room_kinds[k] : CROWD_ROOM_OTHER,
	    .area_dm2 = (int32_t)area_dm2,
	    .habitable = habitable,
	    .shared = shared,
	};
	return k >= 0;
}

int api_crowd_member(const char *birth, const char *sex, const char *relation,
		     struct crowd_member *out)
{
	int rel = api_enum_index(household_relations, relation);
	bdate_t b = 0;
	if (!bdate_parse_iso(birth, strlen(birth), &b) || rel < 0)
		return -1;
	*out = (struct crowd_member){b, strcmp(sex, "F") == 0 ? CROWD_FEMALE : CROWD_MALE,
				     relations[rel]};
	return rel;
}

/*
 * crowd: does a unit fit a household? Salubrity surfaces and overcrowding
 * (rules.md section 6), and the maximum number of occupants printed in the
 * convention.
 *
 * Pure: no I/O, no globals, no allocation. The caller owns every input and
 * the result struct; results are copied into it (texts included) and the
 * only pointers written are to static strings (input_error, code names).
 * Nothing returned needs freeing.
 *
 * Units: areas are int32 square DECIMETRES (1 m² = 100 dm²), so 12,25 m²
 * is 1225. Ages are completed years on the check date ("over N years" means
 * N completed years or more).
 *
 * Who is an adult for the bedroom rules: a member of 18 or more, and the
 * head of household and the partner whatever their age (they are the
 * couple; an emancipated minor head sleeps as an adult). Everybody else is
 * a child. A dependent child of 19 is therefore an adult here.
 *
 * Which rooms may be bedrooms: a private room (not shared) that is
 * habitable and has at least 4 m² of floor, and is neither a kitchen nor a
 * kitchen-living room; the main living room (kind CROWD_ROOM_LIVING) only
 * when the household has no child of 6 or more. Shared rooms of a
 * collective building count in the surfaces, never as bedrooms.
 */
#ifndef TRANSITD_CORE_CROWD_H
#define TRANSITD_CORE_CROWD_H

#include <stdbool.h>
#include <stdint.h>

#include "bdate.h"

/* The search is exponential in the worst case: inputs are bounded. */
#define CROWD_MAX_MEMBERS  16
#define CROWD_MAX_ROOMS	   16
#define CROWD_MAX_ROOM_DM2 100000 /* 1 000 m²: larger is a typing error */

/* One line of text in a reason; French and English are UTF-8. */
#define CROWD_TEXT_LEN 320

enum crowd_sex {
	CROWD_MALE,
	CROWD_FEMALE,
};

/* Relation to the head of household; exactly one HEAD, at most one PARTNER. */
enum crowd_relation {
	CROWD_HEAD,
	CROWD_PARTNER,
	CROWD_CHILD,
	CROWD_OTHER,
};

struct crowd_member {
	bdate_t birth; /* not after the check date */
	enum crowd_sex sex;
	enum crowd_relation relation;
};

enum crowd_room_kind {
	CROWD_ROOM_LIVING,	   /* THE main living room: at most one private one */
	CROWD_ROOM_KITCHEN,	   /* never a bedroom */
	CROWD_ROOM_KITCHEN_LIVING, /* never a bedroom */
	CROWD_ROOM_BEDROOM,
	CROWD_ROOM_OTHER, /* any other room: study, second sitting room, bathroom... */
};

struct crowd_room {
	enum crowd_room_kind kind;
	int32_t area_dm2; /* floor area, 0..CROWD_MAX_ROOM_DM2 */
	/*
	 * A "pièce d'habitation" (false for bathrooms, toilets, halls,
	 * storerooms). Below 4 m² a room is not habitable whatever this says.
	 */
	bool habitable;
	/*
	 * Collective building only: a room shared with other households that
	 * this household may use. The caller decides eligibility (at most one
	 * floor apart from the household's own rooms).
	 */
	bool shared;
};

struct crowd_unit {
	const struct crowd_room *rooms;
	int n_rooms;	 /* 0..CROWD_MAX_ROOMS */
	bool collective; /* in a collective building: `shared` rooms allowed */
};

enum crowd_code {
	CROWD_SURFACE_TOTAL,		/* habitable surface below 15/28/33 m² +5 */
	CROWD_SURFACE_PRIVATE,		/* collective: own rooms below 10/15/20 m² +5 */
	CROWD_NO_LARGE_ROOM,		/* no habitable room of 10 m² (n=1) / 15 m² */
	CROWD_BEDROOMS_MISSING,		/* value = bedrooms missing */
	CROWD_LIVING_AS_BEDROOM_CHILD6, /* main living room, child of 6 or more */
	CROWD_ADULT_SHARES_ROOM,	/* an adult sleeps alone, with partner or babies */
	CROWD_MIXED_SEX_CHILD10,	/* child of 10+ with a child of the other sex */
	CROWD_MAX3_PER_BEDROOM,		/* at most 3 persons per bedroom */
	CROWD_BEDROOM_TOO_SMALL,	/* 6 m² for 2 persons, 9 m² for 3 */
	CROWD_CODE_COUNT
};

struct crowd_reason {
	enum crowd_code code;
	/*
	 * The figure and the limit it fails, when the rule has figures:
	 * surfaces in dm² (value < limit), CROWD_BEDROOMS_MISSING: value =
	 * bedrooms missing, limit = rooms usable as bedrooms. 0 otherwise.
	 */
	int32_t value;
	int32_t limit;
	char fr[CROWD_TEXT_LEN];
	char en[CROWD_TEXT_LEN];
};

#define CROWD_MAX_REASONS CROWD_CODE_COUNT

struct crowd_result {
	bool fits;	  /* surfaces met AND a distribution exists */
	bool distributed; /* the bedroom rules can be met on the unit's rooms */

	int n_members;
	int n_adults;	/* adults as defined above */
	int n_children; /* n_members - n_adults */

	int32_t habitable_dm2;		 /* own + shared habitable rooms of 4 m² or more */
	int32_t required_dm2;		 /* 15 / 28 / 33 m², +5 per occupant above 3 */
	int32_t private_dm2;		 /* collective only: own habitable rooms */
	int32_t private_required_dm2;	 /* collective only: 10 / 15 / 20 m², +5; else 0 */
	int32_t largest_room_dm2;	 /* largest habitable room (own or shared) */
	int32_t large_room_required_dm2; /* 10 m² for one occupant, 15 m² otherwise */

	int usable_bedrooms;  /* rooms this household may sleep in */
	int bedrooms_needed;  /* fewest bedrooms of 9 m² the household needs */
	int bedrooms_missing; /* fewest 9 m² bedrooms to add so that it can be distributed */

	/*
	 * When `distributed`: room_of[i] is the index in unit->rooms where
	 * member i sleeps; -1 otherwise.
	 */
	int room_of[CROWD_MAX_MEMBERS];

	/* One reason per failing rule, in enum order; none when `fits`. */
	int n_reasons;
	struct crowd_reason reasons[CROWD_MAX_REASONS];

	/* Static English text when the function returned false, else NULL. */
	const char *input_error;
};

/*
 * Checks whether the household (members[0..n_members-1], 1..CROWD_MAX_MEMBERS)
 * fits the unit on date `on`. Returns false (out->input_error set, no
 * verdict) on invalid input: bad counts, enum values or areas, a member born
 * after `on`, not exactly one head, several partners, several private
 * living rooms, a shared room in a non-collective unit.
 *
 * How the failing bedroom rules are chosen: when no distribution exists,
 * CROWD_BEDROOMS_MISSING gives how many 9 m² bedrooms would have to be
 * added (the rules all kept). Then, among the relaxable rules (living room
 * and child of 6, adult alone, mixed sexes over 10, 3 per bedroom, bedroom
 * area), every MINIMAL set of rules whose waiver would let the household
 * be distributed over the unit's own rooms is found, and the rules of
 * those sets are reported: each reported rule is, on its own or together
 * with the others of its set, what stands in the way, and no reported rule
 * is superfluous in its set. The kitchen rule and the 4 m² threshold are
 * facts about the rooms, never waived: they show in `usable_bedrooms`.
 */
CORE_WUR bool crowd_check(const struct crowd_member *members, int n_members,
			  const struct crowd_unit *unit, bdate_t on, struct crowd_result *out);

struct crowd_capacity {
	int by_surface;	  /* largest n meeting the surface and large-room rules */
	int by_bedrooms;  /* sum of bedroom capacities: 1 / 2 (6 m²) / 3 (9 m²) */
	int max_persons;  /* min(by_surface, by_bedrooms) */
	int max_adults;	  /* each alone, one couple sharing; <= max_persons */
	int max_children; /* with one adult: max_persons - 1; 0 when max_persons is 0 */
	/* The habitable surface the convention prints: own and shared habitable
	 * rooms of 4 m² or more. */
	int32_t habitable_dm2;
};

/*
 * The maximum number of occupants the unit allows, for the convention.
 * Definition: the surface rules give by_surface; every room usable as a
 * bedroom (the main living room included) hosts 1, 2 or 3 persons by its
 * area, which gives by_bedrooms; max_persons is the smaller. It is reached
 * by the most favourable household (children under 6 of one sex, babies in
 * an adult's room), so max_adults and max_children are each a maximum, not
 * a split: adults sleep alone except the one couple, and children fill the
 * rest with one adult present. A real household is judged by crowd_check.
 * Returns false (out->max_* = 0) on an invalid unit.
 */
CORE_WUR bool crowd_max_occupants(const struct crowd_unit *unit, struct crowd_capacity *out);

/* Stable identifier of a code ("CROWD_SURFACE_TOTAL"); static, never NULL. */
const char *crowd_code_name(enum crowd_code code);

/* Habitable surface required for n occupants (n >= 1), in dm². */
int32_t crowd_required_dm2(int n);
/* Own-rooms surface required in a collective building for n occupants, dm². */
int32_t crowd_private_required_dm2(int n);

#endif

/* Unit tests of core/crowd: examples D1-D5 of examples.md and the rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "crowd.h"

#define NBSP "\xC2\xA0"

static bdate_t ymd(int y, int m, int d)
{
	bdate_t out = 0;

	assert_true(bdate_from_ymd(y, m, d, &out));
	return out;
}

/* Check date of every D example. */
static bdate_t check_day(void)
{
	return ymd(2026, 3, 2);
}

static struct crowd_member member(int y, int m, int d, enum crowd_sex sex, enum crowd_relation rel)
{
	struct crowd_member mb = {ymd(y, m, d), sex, rel};

	return mb;
}

static struct crowd_room room(enum crowd_room_kind kind, int32_t dm2)
{
	struct crowd_room r = {kind, dm2, true, false};

	return r;
}

static bool has_reason(const struct crowd_result *r, enum crowd_code code)
{
	for (int i = 0; i < r->n_reasons; i++)
		if (r->reasons[i].code == code)
			return true;
	return false;
}

static const struct crowd_reason *reason(const struct crowd_result *r, enum crowd_code code)
{
	for (int i = 0; i < r->n_reasons; i++)
		if (r->reasons[i].code == code)
			return &r->reasons[i];
	fail_msg("reason %s missing", crowd_code_name(code));
	return NULL;
}

/* The codes of r, exactly and in order. */
static void assert_codes(const struct crowd_result *r, int n, const enum crowd_code *codes)
{
	assert_int_equal(r->n_reasons, n);
	for (int i = 0; i < n; i++)
		assert_string_equal(crowd_code_name(r->reasons[i].code), crowd_code_name(codes[i]));
}

static int age_on(bdate_t birth, bdate_t on)
{
	return bdate_age_years(birth, on);
}

static bool is_adult(const struct crowd_member *m, bdate_t on)
{
	return m->relation == CROWD_HEAD || m->relation == CROWD_PARTNER ||
	       age_on(m->birth, on) >= 18;
}

/*
 * An independent reading of section 6: is room_of a distribution that
 * keeps every bedroom rule?
 */
static bool distribution_ok(const struct crowd_member *m, int n, const struct crowd_unit *u,
			    bdate_t on, const int *room_of)
{
	bool child6 = false;
	int count[CROWD_MAX_ROOMS] = {0};

	for (int i = 0; i < n; i++)
		if (!is_adult(&m[i], on) && age_on(m[i].birth, on) >= 6)
			child6 = true;
	for (int i = 0; i < n; i++) {
		int r = room_of[i];

		if (r < 0 || r >= u->n_rooms)
			return false;
		const struct crowd_room *rm = &u->rooms[r];

		if (rm->shared || !rm->habitable || rm->area_dm2 < 400 ||
		    rm->kind == CROWD_ROOM_KITCHEN || rm->kind == CROWD_ROOM_KITCHEN_LIVING)
			return false;
		if (rm->kind == CROWD_ROOM_LIVING && child6)
			return false;
		count[r]++;
	}
	for (int r = 0; r < u->n_rooms; r++) {
		if (count[r] > 3 || (count[r] == 3 && u->rooms[r].area_dm2 < 900) ||
		    (count[r] == 2 && u->rooms[r].area_dm2 < 600))
			return false;
	}
	for (int i = 0; i < n; i++) {
		for (int j = i + 1; j < n; j++) {
			if (room_of[i] != room_of[j])
				continue;
			bool ai = is_adult(&m[i], on), aj = is_adult(&m[j], on);
			int gi = age_on(m[i].birth, on), gj = age_on(m[j].birth, on);
			bool couple =
			    (m[i].relation == CROWD_HEAD && m[j].relation == CROWD_PARTNER) ||
			    (m[i].relation == CROWD_PARTNER && m[j].relation == CROWD_HEAD);

			if (!couple && ((ai && !(!aj && gj < 1)) || (aj && !(!ai && gi < 1))))
				return false;
			if (!ai && !aj && m[i].sex != m[j].sex && (gi >= 10 || gj >= 10))
				return false;
		}
	}
	return true;
}

static void test_D1(void **state)
{
	(void)state;
	struct crowd_member m[] = {
	    member(1985, 4, 10, CROWD_FEMALE, CROWD_HEAD),
	    member(2008, 6, 1, CROWD_MALE, CROWD_CHILD),
	    member(2011, 5, 1, CROWD_FEMALE, CROWD_CHILD),
	    member(2025, 7, 1, CROWD_FEMALE, CROWD_CHILD),
	    member(2025, 7, 1, CROWD_FEMALE, CROWD_CHILD),
	};
	struct crowd_room rooms[] = {
	    room(CROWD_ROOM_KITCHEN_LIVING, 2000),
	    room(CROWD_ROOM_BEDROOM, 1200),
	    room(CROWD_ROOM_BEDROOM, 1100),
	};
	struct crowd_unit u = {rooms, 3, false};
	struct crowd_result r;
	const enum crowd_code want[] = {CROWD_BEDROOMS_MISSING, CROWD_ADULT_SHARES_ROOM,
					CROWD_MIXED_SEX_CHILD10};

	assert_true(crowd_check(m, 5, &u, check_day(), &r));
	assert_false(r.fits);
	assert_false(r.distributed);
	assert_int_equal(r.habitable_dm2, 4300);
	assert_int_equal(r.required_dm2, 4300);
	assert_int_equal(r.n_adults, 1);
	assert_int_equal(r.n_children, 4);
	assert_int_equal(r.usable_bedrooms, 2);
	assert_int_equal(r.bedrooms_needed, 3);
	assert_int_equal(r.bedrooms_missing, 1);
	assert_codes(&r, 3, want);
	assert_int_equal(reason(&r, CROWD_BEDROOMS_MISSING)->value, 1);
	assert_int_equal(reason(&r, CROWD_BEDROOMS_MISSING)->limit, 2);
	assert_non_null(strstr(reason(&r, CROWD_BEDROOMS_MISSING)->fr, "Il manque 1 chambre "));
	assert_non_null(strstr(reason(&r, CROWD_BEDROOMS_MISSING)->en, "1 bedroom (of"));
	assert_non_null(strstr(reason(&r, CROWD_MIXED_SEX_CHILD10)->fr, "l'autre sexe"));
	for (int i = 0; i < 5; i++)
		assert_int_equal(r.room_of[i], -1);

	/* A third room of 9 m² is exactly what is missing. */
	struct crowd_room more[] = {rooms[0], rooms[1], rooms[2], room(CROWD_ROOM_BEDROOM, 900)};
	struct crowd_unit u2 = {more, 4, false};

	assert_true(crowd_check(m, 5, &u2, check_day(), &r));
	assert_true(r.fits);
	assert_true(distribution_ok(m, 5, &u2, check_day(), r.room_of));
	/* The adult with the twins, the boy and the girl apart. */
	assert_int_equal(r.room_of[3], r.room_of[0]);
	assert_int_equal(r.room_of[4], r.room_of[0]);
	assert_int_not_equal(r.room_of[1], r.room_of[2]);
}

static void test_D2(void **state)
{
	(void)state;
	struct crowd_member m[] = {
	    member(1990, 1, 1, CROWD_MALE, CROWD_HEAD),
	    member(1991, 2, 2, CROWD_FEMALE, CROWD_PARTNER),
	    member(2023, 12, 1, CROWD_MALE, CROWD_CHILD),
	};
	struct crowd_room rooms[] = {
	    room(CROWD_ROOM_KITCHEN_LIVING, 2000),
	    room(CROWD_ROOM_BEDROOM, 1200),
	    room(CROWD_ROOM_BEDROOM, 700),
	};
	struct crowd_unit u = {rooms, 3, false};
	struct crowd_result r;

	assert_true(crowd_check(m, 3, &u, check_day(), &r));
	assert_true(r.fits);
	assert_true(r.distributed);
	assert_int_equal(r.n_reasons, 0);
	assert_int_equal(r.habitable_dm2, 3900);
	assert_int_equal(r.required_dm2, 3300);
	assert_int_equal(r.bedrooms_missing, 0);
	assert_int_equal(r.bedrooms_needed, 2);
	/* The couple in 12 m², the child in 7 m². */
	assert_int_equal(r.room_of[0], 1);
	assert_int_equal(r.room_of[1], 1);
	assert_int_equal(r.room_of[2], 2);
}

static void test_D3(void **state)
{
	(void)state;
	struct crowd_member m[] = {
	    member(1990, 1, 1, CROWD_MALE, CROWD_HEAD),
	    member(1991, 2, 2, CROWD_FEMALE, CROWD_PARTNER),
	    member(2025, 7, 1, CROWD_MALE, CROWD_CHILD),
	};
	struct crowd_room rooms[] = {
	    room(CROWD_ROOM_LIVING, 1800),
	    room(CROWD_ROOM_BEDROOM, 1200),
	};
	struct crowd_unit u = {rooms, 2, false};
	struct crowd_result r;
	const enum crowd_code want[] = {CROWD_SURFACE_TOTAL};

	assert_true(crowd_check(m, 3, &u, check_day(), &r));
	assert_false(r.fits);
	assert_codes(&r, 1, want);
	assert_int_equal(r.reasons[0].value, 3000);
	assert_int_equal(r.reasons[0].limit, 3300);
	assert_non_null(strstr(r.reasons[0].fr, "30" NBSP "m² < 33" NBSP "m²"));
	assert_non_null(strstr(r.reasons[0].en, "30" NBSP "m² < 33" NBSP "m²"));
	/* The bedroom rules alone are met: everybody in the 12 m² bedroom. */
	assert_true(r.distributed);
	for (int i = 0; i < 3; i++)
		assert_int_equal(r.room_of[i], 1);
}

static void test_D4(void **state)
{
	(void)state;
	struct crowd_member m[] = {
	    member(1988, 3, 3, CROWD_FEMALE, CROWD_HEAD),
	    member(2021, 6, 1, CROWD_MALE, CROWD_CHILD),
	    member(2018, 6, 1, CROWD_FEMALE, CROWD_CHILD),
	    member(2016, 6, 1, CROWD_MALE, CROWD_CHILD),
	};
	struct crowd_room rooms[] = {room(CROWD_ROOM_LIVING, 4300)};
	struct crowd_unit u = {rooms, 1, false};
	struct crowd_result r;
	const enum crowd_code want[] = {CROWD_BEDROOMS_MISSING, CROWD_LIVING_AS_BEDROOM_CHILD6,
					CROWD_ADULT_SHARES_ROOM, CROWD_MAX3_PER_BEDROOM};

	assert_true(crowd_check(m, 4, &u, check_day(), &r));
	assert_false(r.fits);
	assert_int_equal(r.habitable_dm2, 4300);
	assert_int_equal(r.required_dm2, 3800);
	assert_int_equal(r.usable_bedrooms, 0);
	assert_int_equal(r.bedrooms_needed, 2);
	assert_int_equal(r.bedrooms_missing, 2);
	assert_codes(&r, 4, want);
	assert_non_null(
	    strstr(reason(&r, CROWD_ADULT_SHARES_ROOM)->fr, "il faut au moins deux chambres"));
	assert_non_null(strstr(reason(&r, CROWD_LIVING_AS_BEDROOM_CHILD6)->en, "child of 6"));
	assert_string_equal(reason(&r, CROWD_MAX3_PER_BEDROOM)->fr,
			    "Au plus 3 personnes par chambre.");
}

static void test_D5(void **state)
{
	(void)state;
	struct crowd_member m[] = {
	    member(1980, 5, 5, CROWD_FEMALE, CROWD_HEAD),
	    member(2007, 11, 20, CROWD_MALE, CROWD_CHILD),
	    member(2011, 9, 9, CROWD_FEMALE, CROWD_CHILD),
	};
	struct crowd_room rooms[] = {
	    room(CROWD_ROOM_KITCHEN_LIVING, 3000),
	    room(CROWD_ROOM_BEDROOM, 900),
	};
	struct crowd_unit u = {rooms, 2, false};
	struct crowd_result r;
	const enum crowd_code want[] = {CROWD_BEDROOMS_MISSING, CROWD_ADULT_SHARES_ROOM};

	assert_true(crowd_check(m, 3, &u, check_day(), &r));
	assert_false(r.fits);
	assert_int_equal(r.n_adults, 2); /* the son of 18 is an adult here */
	assert_int_equal(r.bedrooms_needed, 3);
	assert_int_equal(r.bedrooms_missing, 2);
	assert_codes(&r, 2, want);
	assert_non_null(strstr(r.reasons[0].fr, "Il manque 2 chambres "));
	assert_non_null(strstr(r.reasons[0].en, "2 bedrooms (of"));
}

/* n occupants: head + n-1 boys of 3, one bedroom big enough for the surface test only. */
static void surface_case(int n, int32_t area, bool want_ok)
{
	struct crowd_member m[CROWD_MAX_MEMBERS];
	struct crowd_room rooms[] = {room(CROWD_ROOM_BEDROOM, area)};
	struct crowd_unit u = {rooms, 1, false};
	struct crowd_result r;

	m[0] = member(1980, 1, 1, CROWD_MALE, CROWD_HEAD);
	for (int i = 1; i < n; i++)
		m[i] = member(2022, 6, 1, CROWD_MALE, CROWD_CHILD);
	assert_true(crowd_check(m, n, &u, check_day(), &r));
	assert_int_equal(r.required_dm2, crowd_required_dm2(n));
	assert_int_equal(has_reason(&r, CROWD_SURFACE_TOTAL), !want_ok);
	assert_false(has_reason(&r, CROWD_NO_LARGE_ROOM));
}

static void test_surface_thresholds(void **state)
{
	(void)state;
	const int32_t want[] = {0, 1500, 2800, 3300, 3800, 4300, 4800, 5300, 5800};

	for (int n = 1; n <= 8; n++) {
		assert_int_equal(crowd_required_dm2(n), want[n]);
		surface_case(n, want[n], true);
		surface_case(n, want[n] - 1, false);
	}
	/* One occupant: 15 m² in all, of which one room of 10 m². */
	struct crowd_member one[] = {member(1980, 1, 1, CROWD_MALE, CROWD_HEAD)};
	struct crowd_room small[] = {room(CROWD_ROOM_BEDROOM, 999), room(CROWD_ROOM_LIVING, 999)};
	struct crowd_unit u = {small, 2, false};
	struct crowd_result r;
	const enum crowd_code large[] = {CROWD_NO_LARGE_ROOM};

	assert_true(crowd_check(one, 1, &u, check_day(), &r));
	assert_codes(&r, 1, large);
	assert_int_equal(r.largest_room_dm2, 999);
	assert_int_equal(r.large_room_required_dm2, 1000);
	assert_non_null(
	    strstr(r.reasons[0].fr, "n'atteint 10" NBSP "m² (la plus grande : 9,99" NBSP "m²)"));
	small[0].area_dm2 = 1000;
	assert_true(crowd_check(one, 1, &u, check_day(), &r));
	assert_true(r.fits);

	/* Two occupants need a room of 15 m². */
	struct crowd_member two[] = {member(1980, 1, 1, CROWD_MALE, CROWD_HEAD),
				     member(1982, 1, 1, CROWD_FEMALE, CROWD_PARTNER)};
	struct crowd_room pair[] = {room(CROWD_ROOM_BEDROOM, 1400), room(CROWD_ROOM_LIVING, 1450)};
	struct crowd_unit u2 = {pair, 2, false};

	assert_true(crowd_check(two, 2, &u2, check_day(), &r));
	assert_codes(&r, 1, large);
	assert_non_null(strstr(r.reasons[0].en, "14,5" NBSP "m²"));
	pair[1].area_dm2 = 1500;
	assert_true(crowd_check(two, 2, &u2, check_day(), &r));
	assert_true(r.fits);
}

static void test_small_rooms_do_not_count(void **state)
{
	(void)state;
	struct crowd_member one[] = {member(1980, 1, 1, CROWD_MALE, CROWD_HEAD)};
	/* 3,99 m² is not a habitable room; a bathroom is never one. */
	struct crowd_room rooms[] = {
	    room(CROWD_ROOM_LIVING, 1200),
	    room(CROWD_ROOM_OTHER, 399),
	    {CROWD_ROOM_OTHER, 500, false, false},
	};
	struct crowd_unit u = {rooms, 3, false};
	struct crowd_result r;

	assert_true(crowd_check(one, 1, &u, check_day(), &r));
	assert_int_equal(r.habitable_dm2, 1200);
	assert_true(has_reason(&r, CROWD_SURFACE_TOTAL));
	assert_int_equal(r.usable_bedrooms, 1);
	/* With no child of 6, the living room is a bedroom. */
	assert_true(r.distributed);
	assert_int_equal(r.room_of[0], 0);
	rooms[1].area_dm2 = 400;
	rooms[0].area_dm2 = 1100;
	assert_true(crowd_check(one, 1, &u, check_day(), &r));
	assert_int_equal(r.habitable_dm2, 1500);
	assert_true(r.fits);
	/* The adult is put in the bedroom-like room, not the living room. */
	assert_int_equal(r.room_of[0], 1);
}

static void test_collective_thresholds(void **state)
{
	(void)state;
	struct crowd_member one[] = {member(1980, 1, 1, CROWD_MALE, CROWD_HEAD)};
	struct crowd_room rooms[] = {
	    room(CROWD_ROOM_BEDROOM, 1000),
	    {CROWD_ROOM_KITCHEN, 500, true, true},
	    {CROWD_ROOM_LIVING, 2000, true, true},
	};
	struct crowd_unit u = {rooms, 2, true};
	struct crowd_result r;

	assert_true(crowd_check(one, 1, &u, check_day(), &r));
	assert_true(r.fits);
	assert_int_equal(r.habitable_dm2, 1500);
	assert_int_equal(r.private_dm2, 1000);
	assert_int_equal(r.private_required_dm2, 1000);
	rooms[0].area_dm2 = 999;
	rooms[1].area_dm2 = 501;
	assert_true(crowd_check(one, 1, &u, check_day(), &r));
	assert_codes(&r, 2, (const enum crowd_code[]){CROWD_SURFACE_PRIVATE, CROWD_NO_LARGE_ROOM});
	rooms[1].area_dm2 = 499;
	rooms[0].area_dm2 = 1000;
	assert_true(crowd_check(one, 1, &u, check_day(), &r));
	assert_codes(&r, 1, (const enum crowd_code[]){CROWD_SURFACE_TOTAL});

	/* Three occupants: 20 m² of own rooms, 33 m² with the shared ones. */
	struct crowd_member three[] = {
	    member(1980, 1, 1, CROWD_MALE, CROWD_HEAD),
	    member(1981, 1, 1, CROWD_FEMALE, CROWD_PARTNER),
	    member(2020, 1, 1, CROWD_FEMALE, CROWD_CHILD),
	};
	struct crowd_room fam[] = {
	    room(CROWD_ROOM_BEDROOM, 1500),
	    room(CROWD_ROOM_BEDROOM, 500),
	    {CROWD_ROOM_KITCHEN, 1300, true, true},
	};
	struct crowd_unit uf = {fam, 3, true};

	assert_true(crowd_check(three, 3, &uf, check_day(), &r));
	assert_true(r.fits);
	assert_int_equal(r.private_required_dm2, 2000);
	assert_int_equal(r.required_dm2, 3300);
	fam[0].area_dm2 = 1499;
	assert_true(crowd_check(three, 3, &uf, check_day(), &r));
	assert_codes(&r, 3,
		     (const enum crowd_code[]){CROWD_SURFACE_TOTAL, CROWD_SURFACE_PRIVATE,
					       CROWD_NO_LARGE_ROOM});
	assert_non_null(
	    strstr(reason(&r, CROWD_SURFACE_PRIVATE)->fr, "19,99" NBSP "m² < 20" NBSP "m²"));
	/* A shared living room counts as the large room, never as a bedroom. */
	fam[0].area_dm2 = 1000;
	fam[1].area_dm2 = 1000;
	fam[2] = (struct crowd_room){CROWD_ROOM_LIVING, 1500, true, true};
	assert_true(crowd_check(three, 3, &uf, check_day(), &r));
	assert_true(r.fits);
	assert_int_equal(r.usable_bedrooms, 2);
	for (int i = 0; i < 3; i++)
		assert_int_not_equal(r.room_of[i], 2);
	assert_int_equal(crowd_private_required_dm2(1), 1000);
	assert_int_equal(crowd_private_required_dm2(2), 1500);
	assert_int_equal(crowd_private_required_dm2(5), 3000);
}

static void test_baby_with_adult(void **state)
{
	(void)state;
	struct crowd_member m[] = {
	    member(1995, 1, 1, CROWD_FEMALE, CROWD_HEAD),
	    member(2025, 3, 3, CROWD_MALE, CROWD_CHILD),
	};
	struct crowd_room rooms[] = {
	    room(CROWD_ROOM_KITCHEN_LIVING, 2500),
	    room(CROWD_ROOM_BEDROOM, 900),
	};
	struct crowd_unit u = {rooms, 2, false};
	struct crowd_result r;

	/* 11 months old on 2026-03-02: sleeps with the mother. */
	assert_true(crowd_check(m, 2, &u, check_day(), &r));
	assert_true(r.fits);
	assert_int_equal(r.room_of[0], 1);
	assert_int_equal(r.room_of[1], 1);
	/* One year old on 2026-03-03: needs a second bedroom. */
	assert_true(crowd_check(m, 2, &u, ymd(2026, 3, 3), &r));
	assert_false(r.fits);
	assert_codes(&r, 2,
		     (const enum crowd_code[]){CROWD_BEDROOMS_MISSING, CROWD_ADULT_SHARES_ROOM});
	/* Two persons in 5 m²: the bedroom area rule. */
	rooms[1].area_dm2 = 599;
	assert_true(crowd_check(m, 2, &u, check_day(), &r));
	assert_codes(&r, 2,
		     (const enum crowd_code[]){CROWD_BEDROOMS_MISSING, CROWD_BEDROOM_TOO_SMALL});
	assert_non_null(strstr(reason(&r, CROWD_BEDROOM_TOO_SMALL)->fr, "6" NBSP "m²"));
	/* The living room is usable when no child is 6 or more. */
	struct crowd_room studio[] = {room(CROWD_ROOM_LIVING, 2800)};
	struct crowd_unit us = {studio, 1, false};

	assert_true(crowd_check(m, 2, &us, check_day(), &r));
	assert_true(r.fits);
	assert_int_equal(r.room_of[1], 0);
}

static void test_twins(void **state)
{
	(void)state;
	struct crowd_member m[] = {
	    member(1980, 1, 1, CROWD_FEMALE, CROWD_HEAD),
	    member(2015, 4, 4, CROWD_MALE, CROWD_CHILD),
	    member(2015, 4, 4, CROWD_FEMALE, CROWD_CHILD),
	};
	struct crowd_room rooms[] = {
	    room(CROWD_ROOM_KITCHEN_LIVING, 2000),
	    room(CROWD_ROOM_BEDROOM, 1000),
	    room(CROWD_ROOM_BEDROOM, 800),
	};
	struct crowd_unit u = {rooms, 3, false};
	struct crowd_result r;

	/*
	 * 10 years old: a boy and a girl may no longer share. Waiving that
	 * rule, or letting the mother share with one of them, would do.
	 */
	assert_true(crowd_check(m, 3, &u, check_day(), &r));
	assert_codes(&r, 3,
		     (const enum crowd_code[]){CROWD_BEDROOMS_MISSING, CROWD_ADULT_SHARES_ROOM,
					       CROWD_MIXED_SEX_CHILD10});
	assert_int_equal(r.bedrooms_missing, 1);
	/* The day before their tenth birthday they may. */
	assert_true(crowd_check(m, 3, &u, ymd(2025, 4, 3), &r));
	assert_true(r.fits);
	assert_int_equal(r.room_of[1], r.room_of[2]);
	assert_true(distribution_ok(m, 3, &u, ymd(2025, 4, 3), r.room_of));
	/* Twin girls of 10 share. */
	m[1].sex = CROWD_FEMALE;
	assert_true(crowd_check(m, 3, &u, check_day(), &r));
	assert_true(r.fits);
	assert_int_equal(r.room_of[1], r.room_of[2]);

	/* Twin boys of 12 and a baby sister: the baby sleeps with the mother. */
	struct crowd_member b[] = {
	    member(1980, 1, 1, CROWD_FEMALE, CROWD_HEAD),
	    member(2014, 1, 1, CROWD_MALE, CROWD_CHILD),
	    member(2014, 1, 1, CROWD_MALE, CROWD_CHILD),
	    member(2025, 12, 1, CROWD_FEMALE, CROWD_CHILD),
	};

	assert_true(crowd_check(b, 4, &u, check_day(), &r));
	assert_true(r.fits);
	assert_int_equal(r.room_of[3], r.room_of[0]);
	assert_int_equal(r.room_of[1], r.room_of[2]);
	/*
	 * When the mother's room is too small for two, the baby may not go to
	 * her brothers of 12 either (the rule is literal: a child of the other
	 * sex, whatever its age). Three ways out, each a single waiver.
	 */
	struct crowd_room tight[] = {
	    room(CROWD_ROOM_KITCHEN_LIVING, 2500),
	    room(CROWD_ROOM_BEDROOM, 1000),
	    room(CROWD_ROOM_BEDROOM, 500),
	};
	struct crowd_unit ut = {tight, 3, false};

	assert_true(crowd_check(b, 4, &ut, check_day(), &r));
	assert_false(r.fits);
	assert_codes(&r, 4,
		     (const enum crowd_code[]){CROWD_BEDROOMS_MISSING, CROWD_ADULT_SHARES_ROOM,
					       CROWD_MIXED_SEX_CHILD10, CROWD_BEDROOM_TOO_SMALL});
}

static void test_adults_and_couple(void **state)
{
	(void)state;
	struct crowd_member m[] = {
	    member(1960, 1, 1, CROWD_MALE, CROWD_HEAD),
	    member(1962, 1, 1, CROWD_FEMALE, CROWD_PARTNER),
	    member(1935, 1, 1, CROWD_FEMALE, CROWD_OTHER),
	};
	struct crowd_room rooms[] = {
	    room(CROWD_ROOM_KITCHEN, 800),
	    room(CROWD_ROOM_LIVING, 2000),
	    room(CROWD_ROOM_BEDROOM, 600),
	};
	struct crowd_unit u = {rooms, 3, false};
	struct crowd_result r;

	/* The couple in 6 m², the grandmother in the living room. */
	assert_true(crowd_check(m, 3, &u, check_day(), &r));
	assert_true(r.fits);
	assert_int_equal(r.room_of[0], 2);
	assert_int_equal(r.room_of[1], 2);
	assert_int_equal(r.room_of[2], 1);
	/* A minor partner still sleeps with the head. */
	m[1].birth = ymd(2009, 1, 1);
	assert_true(crowd_check(m, 3, &u, check_day(), &r));
	assert_true(r.fits);
	assert_int_equal(r.n_adults, 3);
	/* Two unrelated adults never share. */
	m[1].relation = CROWD_OTHER;
	m[1].birth = ymd(1962, 1, 1);
	assert_true(crowd_check(m, 3, &u, check_day(), &r));
	assert_codes(&r, 2,
		     (const enum crowd_code[]){CROWD_BEDROOMS_MISSING, CROWD_ADULT_SHARES_ROOM});
	assert_string_equal(r.reasons[1].en, "An adult sleeps alone or with their partner; only "
					     "children under 1 year may sleep in an adult's room.");
}

static void test_no_bedroom_at_all(void **state)
{
	(void)state;
	struct crowd_member one[] = {member(1980, 1, 1, CROWD_MALE, CROWD_HEAD)};
	struct crowd_room rooms[] = {room(CROWD_ROOM_KITCHEN_LIVING, 2500)};
	struct crowd_unit u = {rooms, 1, false};
	struct crowd_result r;

	/* No rule can be waived to sleep in a kitchen: only the missing room is reported. */
	assert_true(crowd_check(one, 1, &u, check_day(), &r));
	assert_codes(&r, 1, (const enum crowd_code[]){CROWD_BEDROOMS_MISSING});
	assert_int_equal(r.usable_bedrooms, 0);
	assert_non_null(strstr(r.reasons[0].fr, "0 pièce utilisable comme chambre"));
	/* Five boys of 3 in one 12 m² bedroom: 3 per bedroom. */
	struct crowd_member five[6];
	struct crowd_room two[] = {room(CROWD_ROOM_BEDROOM, 3000), room(CROWD_ROOM_BEDROOM, 1200),
				   room(CROWD_ROOM_KITCHEN, 1200)};
	struct crowd_unit u2 = {two, 3, false};

	five[0] = member(1980, 1, 1, CROWD_MALE, CROWD_HEAD);
	for (int i = 1; i < 6; i++)
		five[i] = member(2023, 1, 1, CROWD_MALE, CROWD_CHILD);
	assert_true(crowd_check(five, 6, &u2, check_day(), &r));
	assert_codes(&r, 3,
		     (const enum crowd_code[]){CROWD_BEDROOMS_MISSING, CROWD_ADULT_SHARES_ROOM,
					       CROWD_MAX3_PER_BEDROOM});
}

static void test_invalid_input(void **state)
{
	(void)state;
	struct crowd_member m[CROWD_MAX_MEMBERS + 1];
	struct crowd_room rooms[CROWD_MAX_ROOMS + 1];
	struct crowd_unit u = {rooms, 1, false};
	struct crowd_result r;

	for (int i = 0; i <= CROWD_MAX_MEMBERS; i++)
		m[i] = member(2000, 1, 1, CROWD_MALE, i == 0 ? CROWD_HEAD : CROWD_OTHER);
	for (int i = 0; i <= CROWD_MAX_ROOMS; i++)
		rooms[i] = room(CROWD_ROOM_BEDROOM, 1000);

	assert_false(crowd_check(m, CROWD_MAX_MEMBERS + 1, &u, check_day(), &r));
	assert_string_equal(r.input_error, "household: too many members (at most 16)");
	assert_false(r.fits);
	assert_false(crowd_check(m, 0, &u, check_day(), &r));
	assert_false(crowd_check(NULL, 1, &u, check_day(), &r));
	assert_false(crowd_check(m, 1, NULL, check_day(), &r));
	u.n_rooms = CROWD_MAX_ROOMS + 1;
	assert_false(crowd_check(m, 1, &u, check_day(), &r));
	assert_string_equal(r.input_error, "unit: too many rooms (at most 16)");
	u.n_rooms = -1;
	assert_false(crowd_check(m, 1, &u, check_day(), &r));
	u.n_rooms = 2;
	rooms[1].area_dm2 = CROWD_MAX_ROOM_DM2 + 1;
	assert_false(crowd_check(m, 1, &u, check_day(), &r));
	rooms[1].area_dm2 = -1;
	assert_false(crowd_check(m, 1, &u, check_day(), &r));
	rooms[1].area_dm2 = 1000;
	rooms[1].kind = (enum crowd_room_kind)9;
	assert_false(crowd_check(m, 1, &u, check_day(), &r));
	assert_string_equal(r.input_error, "unit: unknown room kind");
	rooms[1].kind = CROWD_ROOM_BEDROOM;
	rooms[1].shared = true;
	assert_false(crowd_check(m, 1, &u, check_day(), &r));
	rooms[1].shared = false;
	rooms[0].kind = rooms[1].kind = CROWD_ROOM_LIVING;
	assert_false(crowd_check(m, 1, &u, check_day(), &r));
	assert_string_equal(r.input_error, "unit: more than one main living room");
	rooms[0].kind = rooms[1].kind = CROWD_ROOM_BEDROOM;
	assert_true(crowd_check(m, 1, &u, check_day(), &r));
	assert_null(r.input_error);

	m[1].relation = CROWD_HEAD;
	assert_false(crowd_check(m, 2, &u, check_day(), &r));
	assert_string_equal(r.input_error, "household: exactly one head of household is required");
	m[0].relation = CROWD_PARTNER;
	m[1].relation = CROWD_PARTNER;
	m[2].relation = CROWD_HEAD;
	assert_false(crowd_check(m, 3, &u, check_day(), &r));
	assert_string_equal(r.input_error, "household: at most one partner");
	m[0].relation = CROWD_HEAD;
	m[1].relation = CROWD_OTHER;
	m[2].relation = CROWD_OTHER;
	m[1].sex = (enum crowd_sex)2;
	assert_false(crowd_check(m, 2, &u, check_day(), &r));
	m[1].sex = CROWD_MALE;
	m[1].relation = (enum crowd_relation)7;
	assert_false(crowd_check(m, 2, &u, check_day(), &r));
	m[1].relation = CROWD_OTHER;
	m[1].birth = check_day() + 1;
	assert_false(crowd_check(m, 2, &u, check_day(), &r));
	assert_string_equal(r.input_error, "household: member born after the check date");
	assert_string_equal(crowd_code_name(CROWD_CODE_COUNT), "CROWD_UNKNOWN");
}

static void test_max_occupants(void **state)
{
	(void)state;
	struct crowd_room d2[] = {
	    room(CROWD_ROOM_KITCHEN_LIVING, 2000),
	    room(CROWD_ROOM_BEDROOM, 1200),
	    room(CROWD_ROOM_BEDROOM, 700),
	};
	struct crowd_unit u = {d2, 3, false};
	struct crowd_capacity c;
	struct crowd_result r;

	assert_true(crowd_max_occupants(&u, &c));
	assert_int_equal(c.habitable_dm2, 3900);
	assert_int_equal(c.by_surface, 4); /* 39 m² >= 38 m² */
	assert_int_equal(c.by_bedrooms, 5);
	assert_int_equal(c.max_persons, 4);
	assert_int_equal(c.max_adults, 3);
	assert_int_equal(c.max_children, 3);

	/* The favourable household of max_persons fits, one more does not. */
	struct crowd_member m[] = {
	    member(1990, 1, 1, CROWD_MALE, CROWD_HEAD),
	    member(2025, 8, 1, CROWD_MALE, CROWD_CHILD),
	    member(2023, 1, 1, CROWD_MALE, CROWD_CHILD),
	    member(2023, 1, 1, CROWD_MALE, CROWD_CHILD),
	    member(2025, 8, 1, CROWD_MALE, CROWD_CHILD),
	};
	assert_true(crowd_check(m, 4, &u, check_day(), &r));
	assert_true(r.fits);
	assert_true(crowd_check(m, 5, &u, check_day(), &r));
	assert_false(r.fits);
	/* max_adults: the couple and one more adult. */
	struct crowd_member a[] = {
	    member(1990, 1, 1, CROWD_MALE, CROWD_HEAD),
	    member(1990, 1, 1, CROWD_FEMALE, CROWD_PARTNER),
	    member(1950, 1, 1, CROWD_MALE, CROWD_OTHER),
	    member(1950, 1, 1, CROWD_FEMALE, CROWD_OTHER),
	};
	assert_true(crowd_check(a, 3, &u, check_day(), &r));
	assert_true(r.fits);
	assert_true(crowd_check(a, 4, &u, check_day(), &r));
	assert_false(r.fits);

	/* A 20 m² studio: one person, by surface. */
	struct crowd_room studio[] = {room(CROWD_ROOM_LIVING, 2000)};
	struct crowd_unit us = {studio, 1, false};

	assert_true(crowd_max_occupants(&us, &c));
	assert_int_equal(c.by_surface, 1);
	assert_int_equal(c.by_bedrooms, 3);
	assert_int_equal(c.max_persons, 1);
	assert_int_equal(c.max_adults, 1);
	assert_int_equal(c.max_children, 0);
	/* A kitchen-living room only: nobody may sleep there. */
	studio[0].kind = CROWD_ROOM_KITCHEN_LIVING;
	assert_true(crowd_max_occupants(&us, &c));
	assert_int_equal(c.by_surface, 1);
	assert_int_equal(c.max_persons, 0);
	assert_int_equal(c.max_children, 0);
	/* No room of 10 m²: nobody. */
	studio[0] = room(CROWD_ROOM_BEDROOM, 999);
	assert_true(crowd_max_occupants(&us, &c));
	assert_int_equal(c.by_surface, 0);
	assert_int_equal(c.max_persons, 0);
	/* 36 m² but no room of 15 m²: one person. */
	struct crowd_room rooms12[] = {room(CROWD_ROOM_BEDROOM, 1200),
				       room(CROWD_ROOM_BEDROOM, 1200),
				       room(CROWD_ROOM_KITCHEN, 1200)};
	struct crowd_unit u12 = {rooms12, 3, false};

	assert_true(crowd_max_occupants(&u12, &c));
	assert_int_equal(c.habitable_dm2, 3600);
	assert_int_equal(c.by_surface, 1);
	assert_int_equal(c.by_bedrooms, 6);
	assert_int_equal(c.max_persons, 1);
	/* A large house: 9 rooms of 9 m² and a 15 m² living room, 96 m². */
	struct crowd_room house[10];

	house[0] = room(CROWD_ROOM_LIVING, 1500);
	for (int i = 1; i < 10; i++)
		house[i] = room(CROWD_ROOM_BEDROOM, 900);
	struct crowd_unit uh = {house, 10, false};

	assert_true(crowd_max_occupants(&uh, &c));
	assert_int_equal(c.by_surface, 15); /* 33 + 5 x 12 = 93 <= 96 */
	assert_int_equal(c.by_bedrooms, 30);
	assert_int_equal(c.max_persons, 15);
	assert_int_equal(c.max_adults, 11);
	/* Collective: own rooms limit too. */
	struct crowd_room col[] = {room(CROWD_ROOM_BEDROOM, 1600),
				   {CROWD_ROOM_LIVING, 3000, true, true}};
	struct crowd_unit uc = {col, 2, true};

	assert_true(crowd_max_occupants(&uc, &c));
	/* The shared room counts in the surface. */
	assert_int_equal(c.habitable_dm2, 4600);
	assert_int_equal(c.by_surface, 2); /* own 16 m² < 20 m² for three */
	assert_int_equal(c.by_bedrooms, 3);
	assert_int_equal(c.max_persons, 2);
	assert_int_equal(c.max_adults, 2);
	uc.collective = false;
	assert_false(crowd_max_occupants(&uc, &c));
	assert_int_equal(c.max_persons, 0);
}

/*
 * A brute-force reading of the bedroom rules, with some of them waived:
 * every member tries every room, plus `extra` added rooms of 9 m². Slow,
 * but shares nothing with the search of crowd.c.
 */
enum {
	WAIVE_CHILD6 = 1,
	WAIVE_ADULT = 2,
	WAIVE_MIXED10 = 4,
	WAIVE_MAX3 = 8,
	WAIVE_AREA = 16,
};

static const enum crowd_code waive_code[5] = {
    CROWD_LIVING_AS_BEDROOM_CHILD6, CROWD_ADULT_SHARES_ROOM, CROWD_MIXED_SEX_CHILD10,
    CROWD_MAX3_PER_BEDROOM,	    CROWD_BEDROOM_TOO_SMALL,
};

struct brute {
	const struct crowd_member *m;
	int n;
	bdate_t on;
	unsigned waived;
	int n_rooms;
	int32_t area[CROWD_MAX_ROOMS + CROWD_MAX_MEMBERS];
	bool usable[CROWD_MAX_ROOMS + CROWD_MAX_MEMBERS];
	int room_of[CROWD_MAX_MEMBERS];
	int count[CROWD_MAX_ROOMS + CROWD_MAX_MEMBERS];
};

static bool brute_pair_ok(const struct brute *b, int i, int j)
{
	const struct crowd_member *x = &b->m[i], *y = &b->m[j];
	bool ax = is_adult(x, b->on), ay = is_adult(y, b->on);
	int gx = age_on(x->birth, b->on), gy = age_on(y->birth, b->on);
	bool couple = (x->relation == CROWD_HEAD && y->relation == CROWD_PARTNER) ||
		      (x->relation == CROWD_PARTNER && y->relation == CROWD_HEAD);

	if (!(b->waived & WAIVE_ADULT) && !couple &&
	    ((ax && (ay || gy >= 1)) || (ay && (ax || gx >= 1))))
		return false;
	if (!(b->waived & WAIVE_MIXED10) && !ax && !ay && x->sex != y->sex &&
	    (gx >= 10 || gy >= 10))
		return false;
	return true;
}

static bool brute_place(struct brute *b, int i)
{
	if (i == b->n)
		return true;
	for (int r = 0; r < b->n_rooms; r++) {
		int c = b->count[r] + 1;
		bool ok = b->usable[r];

		if (!(b->waived & WAIVE_MAX3) && c > 3)
			ok = false;
		if (!(b->waived & WAIVE_AREA) &&
		    ((c == 2 && b->area[r] < 600) || (c >= 3 && b->area[r] < 900)))
			ok = false;
		for (int j = 0; ok && j < i; j++)
			if (b->room_of[j] == r && !brute_pair_ok(b, i, j))
				ok = false;
		if (!ok)
			continue;
		b->room_of[i] = r;
		b->count[r]++;
		if (brute_place(b, i + 1))
			return true;
		b->count[r]--;
	}
	return false;
}

static bool brute_fits(const struct crowd_member *m, int n, const struct crowd_unit *u, bdate_t on,
		       unsigned waived, int extra)
{
	struct brute b;
	bool child6 = false;

	memset(&b, 0, sizeof(b));
	b.m = m;
	b.n = n;
	b.on = on;
	b.waived = waived;
	for (int i = 0; i < n; i++)
		if (!is_adult(&m[i], on) && age_on(m[i].birth, on) >= 6)
			child6 = true;
	for (int r = 0; r < u->n_rooms; r++) {
		const struct crowd_room *rm = &u->rooms[r];

		b.area[r] = rm->area_dm2;
		b.usable[r] = !rm->shared && rm->habitable && rm->area_dm2 >= 400 &&
			      rm->kind != CROWD_ROOM_KITCHEN &&
			      rm->kind != CROWD_ROOM_KITCHEN_LIVING &&
			      (rm->kind != CROWD_ROOM_LIVING || !child6 || (waived & WAIVE_CHILD6));
	}
	b.n_rooms = u->n_rooms + extra;
	for (int r = u->n_rooms; r < b.n_rooms; r++) {
		b.area[r] = 900;
		b.usable[r] = true;
	}
	return brute_place(&b, 0);
}

/* bedrooms_missing and the reported rules, recomputed by brute force. */
static void brute_check(const struct crowd_member *m, int n, const struct crowd_unit *u, bdate_t on,
			const struct crowd_result *r)
{
	int k = 0;

	while (!brute_fits(m, n, u, on, 0, k))
		k++;
	assert_int_equal(r->bedrooms_missing, k);
	if (k == 0)
		return;

	unsigned minimal[32], blocking = 0;
	int n_minimal = 0;

	for (unsigned set = 1; set < 32; set++) {
		bool superset = false;

		for (int i = 0; i < n_minimal; i++)
			if ((set & minimal[i]) == minimal[i])
				superset = true;
		if (superset || !brute_fits(m, n, u, on, set, 0))
			continue;
		/* Sets come in numeric order: make sure no smaller subset also works. */
		bool minimal_set = true;

		for (unsigned sub = (set - 1) & set; sub > 0; sub = (sub - 1) & set)
			if (brute_fits(m, n, u, on, sub, 0))
				minimal_set = false;
		if (minimal_set) {
			minimal[n_minimal++] = set;
			blocking |= set;
		}
	}
	for (int b = 0; b < 5; b++) {
		bool reported = false;

		for (int i = 0; i < r->n_reasons; i++)
			if (r->reasons[i].code == waive_code[b])
				reported = true;
		assert_int_equal(reported, (blocking >> b) & 1);
	}
}

/* Deterministic generator for the property tests (Knuth's MMIX LCG). */
struct lcg {
	uint64_t x;
};

static int lcg_next(struct lcg *g, int n)
{
	g->x = g->x * 6364136223846793005ULL + 1442695040888963407ULL;
	return (int)((g->x >> 33) % (uint64_t)n);
}

static int gen_household(struct lcg *g, struct crowd_member *m, int max)
{
	int n = 1 + lcg_next(g, max);
	bdate_t on = check_day();

	for (int i = 0; i < n; i++) {
		enum crowd_relation rel = CROWD_CHILD;
		int age_days;

		if (i == 0)
			rel = CROWD_HEAD;
		else if (i == 1 && lcg_next(g, 2))
			rel = CROWD_PARTNER;
		else if (lcg_next(g, 6) == 0)
			rel = CROWD_OTHER;
		if (rel == CROWD_HEAD || rel == CROWD_PARTNER)
			age_days = 18 * 366 + lcg_next(g, 40 * 365);
		else if (rel == CROWD_OTHER)
			age_days = lcg_next(g, 80 * 365);
		else
			age_days = lcg_next(g, 22 * 365);
		m[i].birth = on - age_days;
		m[i].sex = lcg_next(g, 2) ? CROWD_FEMALE : CROWD_MALE;
		m[i].relation = rel;
	}
	return n;
}

static struct crowd_room gen_room(struct lcg *g, bool living_ok, bool collective)
{
	static const enum crowd_room_kind kinds[] = {
	    CROWD_ROOM_BEDROOM, CROWD_ROOM_BEDROOM,	   CROWD_ROOM_BEDROOM, CROWD_ROOM_OTHER,
	    CROWD_ROOM_KITCHEN, CROWD_ROOM_KITCHEN_LIVING, CROWD_ROOM_LIVING,
	};
	struct crowd_room r;

	r.kind = kinds[lcg_next(g, living_ok ? 7 : 6)];
	r.area_dm2 = 300 + lcg_next(g, 2200);
	r.habitable = lcg_next(g, 10) != 0;
	r.shared = collective && lcg_next(g, 4) == 0;
	return r;
}

static bool unit_has_private_living(const struct crowd_room *rooms, int n)
{
	for (int i = 0; i < n; i++)
		if (rooms[i].kind == CROWD_ROOM_LIVING && !rooms[i].shared)
			return true;
	return false;
}

static int gen_unit(struct lcg *g, struct crowd_room *rooms, int max, bool collective)
{
	int n = 1 + lcg_next(g, max);

	for (int i = 0; i < n; i++)
		rooms[i] = gen_room(g, !unit_has_private_living(rooms, i), collective);
	return n;
}

/*
 * Adding a room never turns a fitting household into an overcrowded one;
 * every distribution found keeps the rules (read independently above);
 * and the missing bedrooms are exactly enough.
 */
static void test_property_adding_a_room(void **state)
{
	(void)state;
	struct lcg g = {20260302};
	int fitting = 0, crowded = 0;

	for (int iter = 0; iter < 3000; iter++) {
		struct crowd_member m[CROWD_MAX_MEMBERS];
		struct crowd_room rooms[CROWD_MAX_ROOMS];
		bool collective = lcg_next(&g, 5) == 0;
		int n = gen_household(&g, m, 7);
		int nr = gen_unit(&g, rooms, 7, collective);
		struct crowd_unit u = {rooms, nr, collective};
		struct crowd_result r, r2;

		assert_true(crowd_check(m, n, &u, check_day(), &r));
		assert_int_equal(r.fits, r.n_reasons == 0);
		assert_int_equal(r.distributed, r.bedrooms_missing == 0);
		assert_true(r.bedrooms_needed >= 1 && r.bedrooms_needed <= n);
		if (r.distributed)
			assert_true(distribution_ok(m, n, &u, check_day(), r.room_of));
		if (n <= 6)
			brute_check(m, n, &u, check_day(), &r);
		if (r.fits)
			fitting++;
		else
			crowded++;

		struct crowd_unit u2 = {rooms, nr + 1, collective};

		rooms[nr] = gen_room(&g, !unit_has_private_living(rooms, nr), collective);
		assert_true(crowd_check(m, n, &u2, check_day(), &r2));
		if (r.fits)
			assert_true(r2.fits);
		if (r.distributed)
			assert_true(r2.distributed);
		assert_true(r2.bedrooms_missing <= r.bedrooms_missing);
		assert_true(r2.habitable_dm2 >= r.habitable_dm2);

		/* bedrooms_missing rooms of 9 m² are enough, one fewer is not. */
		if (!r.distributed && nr + r.bedrooms_missing <= CROWD_MAX_ROOMS) {
			int k = r.bedrooms_missing;

			for (int i = 0; i < k; i++)
				rooms[nr + i] = room(CROWD_ROOM_BEDROOM, 900);
			struct crowd_unit enough = {rooms, nr + k, collective};
			struct crowd_unit fewer = {rooms, nr + k - 1, collective};

			assert_true(crowd_check(m, n, &enough, check_day(), &r2));
			assert_true(r2.distributed);
			assert_true(distribution_ok(m, n, &enough, check_day(), r2.room_of));
			assert_true(crowd_check(m, n, &fewer, check_day(), &r2));
			assert_false(r2.distributed);
		}
	}
	/* The generator must exercise both outcomes. */
	assert_true(fitting > 300);
	assert_true(crowded > 300);
}

/* The largest inputs are answered, not refused as too complex. */
static void test_largest_inputs(void **state)
{
	(void)state;
	struct lcg g = {16};

	for (int iter = 0; iter < 40; iter++) {
		struct crowd_member m[CROWD_MAX_MEMBERS];
		struct crowd_room rooms[CROWD_MAX_ROOMS];
		int n = CROWD_MAX_MEMBERS;

		(void)gen_household(&g, m, 1);
		for (int i = 1; i < n; i++) {
			m[i].birth = check_day() - lcg_next(&g, 17 * 365);
			m[i].sex = lcg_next(&g, 2) ? CROWD_FEMALE : CROWD_MALE;
			m[i].relation = i == 1 ? CROWD_PARTNER : CROWD_CHILD;
		}
		int nr = 1 + lcg_next(&g, CROWD_MAX_ROOMS);

		for (int i = 0; i < nr; i++)
			rooms[i] = room(i % 5 == 0 ? CROWD_ROOM_OTHER : CROWD_ROOM_BEDROOM,
					500 + lcg_next(&g, 800));
		struct crowd_unit u = {rooms, nr, false};
		struct crowd_result r;

		assert_true(crowd_check(m, n, &u, check_day(), &r));
		if (r.distributed)
			assert_true(distribution_ok(m, n, &u, check_day(), r.room_of));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_D1),
	    cmocka_unit_test(test_D2),
	    cmocka_unit_test(test_D3),
	    cmocka_unit_test(test_D4),
	    cmocka_unit_test(test_D5),
	    cmocka_unit_test(test_surface_thresholds),
	    cmocka_unit_test(test_small_rooms_do_not_count),
	    cmocka_unit_test(test_collective_thresholds),
	    cmocka_unit_test(test_baby_with_adult),
	    cmocka_unit_test(test_twins),
	    cmocka_unit_test(test_adults_and_couple),
	    cmocka_unit_test(test_no_bedroom_at_all),
	    cmocka_unit_test(test_invalid_input),
	    cmocka_unit_test(test_max_occupants),
	    cmocka_unit_test(test_property_adding_a_room),
	    cmocka_unit_test(test_largest_inputs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

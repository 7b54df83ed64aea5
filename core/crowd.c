#include "crowd.h"

#include <stdio.h>
#include <string.h>

#define M2 100 /* dm² in one m² */

#define HABITABLE_MIN_DM2 (4 * M2)
#define PAIR_MIN_DM2	  (6 * M2)
#define TRIPLE_MIN_DM2	  (9 * M2)

/* "m²" preceded by a no-break space, so that the figure and unit stay together. */
#define NBSP_M2 "\xC2\xA0m\xC2\xB2"

/*
 * The bedroom rules that the explanation may waive, one bit each. The
 * order is the order of the reasons.
 */
enum {
	RULE_CHILD6 = 1u << 0,
	RULE_ADULT = 1u << 1,
	RULE_MIXED10 = 1u << 2,
	RULE_MAX3 = 1u << 3,
	RULE_AREA = 1u << 4,
};
#define RULE_BITS 5

static const enum crowd_code rule_code[RULE_BITS] = {
    CROWD_LIVING_AS_BEDROOM_CHILD6, CROWD_ADULT_SHARES_ROOM, CROWD_MIXED_SEX_CHILD10,
    CROWD_MAX3_PER_BEDROOM,	    CROWD_BEDROOM_TOO_SMALL,
};

/* A room without a count limit: nobody has more members than this. */
#define UNLIMITED CROWD_MAX_MEMBERS

/*
 * Bedrooms are interchangeable when they host as many persons: the search
 * picks a pool (a capacity), not a room, which removes the symmetric
 * assignments. Pools in decreasing capacity, so that the biggest rooms open
 * first; the main living room is a pool of its own, opened last, because
 * sleeping there is the last resort.
 */
#define N_POOLS	    5
#define LIVING_POOL 4
static const int fixed_cap[LIVING_POOL] = {UNLIMITED, 3, 2, 1};

/*
 * Nodes explored per search. The largest inputs seen in the tests stay
 * far below; the bound turns a pathological input into a clear refusal
 * instead of a stalled worker.
 */
#define SEARCH_BUDGET 2000000L

struct person {
	int index; /* in the caller's members[] */
	int age;
	bool adult;
	bool couple; /* head or partner */
	bool baby;   /* child under 1 */
	bool child;
	bool over6;
	bool over10;
	enum crowd_sex sex;
	int type; /* equal types are interchangeable for every rule */
};

struct household {
	int n;
	struct person p[CROWD_MAX_MEMBERS]; /* sorted by type */
	bool has_couple;
	bool has_child6;
	bool has_child1; /* a child of 1 or more: forces a second bedroom */
	int n_adults;
};

struct candidate {
	int room; /* index in unit->rooms */
	int32_t area_dm2;
	bool living;
};

struct rooms {
	int n;
	struct candidate c[CROWD_MAX_ROOMS];
};

struct search {
	int n;
	uint32_t conflict[CROWD_MAX_MEMBERS];
	int type[CROWD_MAX_MEMBERS];
	bool adult[CROWD_MAX_MEMBERS];
	bool couple[CROWD_MAX_MEMBERS];
	bool has_couple;
	bool adult_rule;

	int pool_count[N_POOLS];
	int pool_cap[N_POOLS];
	int virtual_cap;

	int n_slots;
	int slot_cap[CROWD_MAX_MEMBERS];
	int slot_size[CROWD_MAX_MEMBERS];
	uint32_t slot_mask[CROWD_MAX_MEMBERS];
	int slot_pool[CROWD_MAX_MEMBERS]; /* -1: a room that does not exist */
	int slot_of[CROWD_MAX_MEMBERS];
	int k; /* rooms added so far */

	int best_k;
	int stop_at; /* good enough: no better answer can exist */
	int best_n_slots;
	int best_slot_of[CROWD_MAX_MEMBERS];
	int best_slot_pool[CROWD_MAX_MEMBERS];

	long nodes;
	bool aborted;
};

const char *crowd_code_name(enum crowd_code code)
{
	static const char *const names[CROWD_CODE_COUNT] = {
	    [CROWD_SURFACE_TOTAL] = "CROWD_SURFACE_TOTAL",
	    [CROWD_SURFACE_PRIVATE] = "CROWD_SURFACE_PRIVATE",
	    [CROWD_NO_LARGE_ROOM] = "CROWD_NO_LARGE_ROOM",
	    [CROWD_BEDROOMS_MISSING] = "CROWD_BEDROOMS_MISSING",
	    [CROWD_LIVING_AS_BEDROOM_CHILD6] = "CROWD_LIVING_AS_BEDROOM_CHILD6",
	    [CROWD_ADULT_SHARES_ROOM] = "CROWD_ADULT_SHARES_ROOM",
	    [CROWD_MIXED_SEX_CHILD10] = "CROWD_MIXED_SEX_CHILD10",
	    [CROWD_MAX3_PER_BEDROOM] = "CROWD_MAX3_PER_BEDROOM",
	    [CROWD_BEDROOM_TOO_SMALL] = "CROWD_BEDROOM_TOO_SMALL",
	};
	if ((unsigned)code >= CROWD_CODE_COUNT)
		return "CROWD_UNKNOWN";
	return names[code];
}

int32_t crowd_required_dm2(int n)
{
	if (n <= 1)
		return 15 * M2;
	if (n == 2)
		return 28 * M2;
	return (33 + 5 * (n - 3)) * M2;
}

int32_t crowd_private_required_dm2(int n)
{
	if (n <= 1)
		return 10 * M2;
	if (n == 2)
		return 15 * M2;
	return (20 + 5 * (n - 3)) * M2;
}

static int32_t large_room_required(int n)
{
	return n <= 1 ? 10 * M2 : 15 * M2;
}

static bool room_habitable(const struct crowd_room *r)
{
	return r->habitable && r->area_dm2 >= HABITABLE_MIN_DM2;
}

/* How many persons a room may host, given the rules in force. */
static int room_cap(int32_t area_dm2, unsigned relaxed)
{
	int by_count = (relaxed & RULE_MAX3) ? UNLIMITED : 3;
	int by_area = UNLIMITED;

	if (!(relaxed & RULE_AREA)) {
		if (area_dm2 < PAIR_MIN_DM2)
			by_area = 1;
		else if (area_dm2 < TRIPLE_MIN_DM2)
			by_area = 2;
	}
	return by_count < by_area ? by_count : by_area;
}

static int pool_of(const struct candidate *c, unsigned relaxed)
{
	int cap = room_cap(c->area_dm2, relaxed);
	int i = 0;

	if (c->living)
		return LIVING_POOL;
	while (i < LIVING_POOL - 1 && fixed_cap[i] != cap)
		i++;
	return i;
}

static const char *check_unit(const struct crowd_unit *unit)
{
	int private_living = 0;

	if (unit == NULL || unit->n_rooms < 0 || (unit->n_rooms > 0 && unit->rooms == NULL))
		return "unit: rooms missing";
	if (unit->n_rooms > CROWD_MAX_ROOMS)
		return "unit: too many rooms (at most 16)";
	for (int i = 0; i < unit->n_rooms; i++) {
		const struct crowd_room *r = &unit->rooms[i];

		if ((unsigned)r->kind > CROWD_ROOM_OTHER)
			return "unit: unknown room kind";
		if (r->area_dm2 < 0 || r->area_dm2 > CROWD_MAX_ROOM_DM2)
			return "unit: room area out of range (0 to 1000 m2)";
		if (r->shared && !unit->collective)
			return "unit: shared room in a unit that is not in a collective building";
		if (r->kind == CROWD_ROOM_LIVING && !r->shared && ++private_living > 1)
			return "unit: more than one main living room";
	}
	return NULL;
}

/*
 * Sort key: adults first (the couple, then the others), then children from
 * the most constrained (10 and over) to babies, who fit anywhere last.
 */
static int type_of(const struct person *p, enum crowd_relation rel)
{
	if (p->adult) {
		if (rel == CROWD_HEAD)
			return 0;
		if (rel == CROWD_PARTNER)
			return 1;
		return 2;
	}
	int band = p->over10 ? 0 : p->baby ? 2 : 1;
	return 3 + band * 2 + (int)p->sex;
}

static const char *load_household(const struct crowd_member *members, int n, bdate_t on,
				  struct household *h)
{
	int heads = 0, partners = 0;

	if (members == NULL || n < 1)
		return "household: no members";
	if (n > CROWD_MAX_MEMBERS)
		return "household: too many members (at most 16)";
	memset(h, 0, sizeof(*h));
	h->n = n;
	for (int i = 0; i < n; i++) {
		const struct crowd_member *m = &members[i];
		struct person *p = &h->p[i];

		if ((unsigned)m->sex > CROWD_FEMALE)
			return "household: unknown sex";
		if ((unsigned)m->relation > CROWD_OTHER)
			return "household: unknown relation";
		if (m->birth > on)
			return "household: member born after the check date";
		heads += m->relation == CROWD_HEAD;
		partners += m->relation == CROWD_PARTNER;
		p->index = i;
		p->age = bdate_age_years(m->birth, on);
		p->sex = m->sex;
		p->couple = m->relation == CROWD_HEAD || m->relation == CROWD_PARTNER;
		p->adult = p->couple || p->age >= 18;
		p->child = !p->adult;
		p->baby = p->child && p->age < 1;
		p->over6 = p->child && p->age >= 6;
		p->over10 = p->child && p->age >= 10;
		p->type = type_of(p, m->relation);
		h->has_child6 |= p->over6;
		h->has_child1 |= p->child && !p->baby;
		h->n_adults += p->adult;
	}
	if (heads != 1)
		return "household: exactly one head of household is required";
	if (partners > 1)
		return "household: at most one partner";
	h->has_couple = partners == 1;
	/* Insertion sort, stable: equal types end up next to each other. */
	for (int i = 1; i < n; i++) {
		struct person key = h->p[i];
		int j = i - 1;

		while (j >= 0 && h->p[j].type > key.type) {
			h->p[j + 1] = h->p[j];
			j--;
		}
		h->p[j + 1] = key;
	}
	return NULL;
}

/*
 * Rooms the household may sleep in, best first within equal capacity:
 * bedrooms before the living room (sleeping in the living room is the
 * last resort), then the larger.
 */
static void load_candidates(const struct crowd_unit *unit, bool living_allowed, struct rooms *out)
{
	out->n = 0;
	for (int i = 0; i < unit->n_rooms; i++) {
		const struct crowd_room *r = &unit->rooms[i];

		if (r->shared || !room_habitable(r) || r->kind == CROWD_ROOM_KITCHEN ||
		    r->kind == CROWD_ROOM_KITCHEN_LIVING)
			continue;
		if (r->kind == CROWD_ROOM_LIVING && !living_allowed)
			continue;
		struct candidate c = {i, r->area_dm2, r->kind == CROWD_ROOM_LIVING};
		int j = out->n - 1;

		while (j >= 0 &&
		       (out->c[j].living > c.living ||
			(out->c[j].living == c.living && out->c[j].area_dm2 < c.area_dm2))) {
			out->c[j + 1] = out->c[j];
			j--;
		}
		out->c[j + 1] = c;
		out->n++;
	}
}

static bool pair_conflicts(const struct person *a, const struct person *b, bool both_couple,
			   unsigned relaxed)
{
	if (!(relaxed & RULE_ADULT) && !both_couple &&
	    ((a->adult && !b->baby) || (b->adult && !a->baby)))
		return true;
	if (!(relaxed & RULE_MIXED10) && a->child && b->child && a->sex != b->sex &&
	    (a->over10 || b->over10))
		return true;
	return false;
}

/*
 * rooms == NULL: no real room, every bedroom is added (gives the number of
 * bedrooms the household needs).
 */
static void search_init(struct search *s, const struct household *h, const struct rooms *rooms,
			unsigned relaxed)
{
	memset(s, 0, sizeof(*s));
	s->n = h->n;
	s->has_couple = h->has_couple;
	s->adult_rule = !(relaxed & RULE_ADULT);
	for (int i = 0; i < h->n; i++) {
		s->type[i] = h->p[i].type;
		s->adult[i] = h->p[i].adult;
		s->couple[i] = h->p[i].couple;
		for (int j = 0; j < h->n; j++) {
			bool both = h->p[i].couple && h->p[j].couple;

			if (i != j && pair_conflicts(&h->p[i], &h->p[j], both, relaxed))
				s->conflict[i] |= 1u << j;
		}
	}
	for (int i = 0; i < LIVING_POOL; i++)
		s->pool_cap[i] = fixed_cap[i];
	for (int i = 0; rooms != NULL && i < rooms->n; i++) {
		int pool = pool_of(&rooms->c[i], relaxed);

		s->pool_count[pool]++;
		if (pool == LIVING_POOL)
			s->pool_cap[pool] = room_cap(rooms->c[i].area_dm2, relaxed);
	}
	s->virtual_cap = room_cap(TRIPLE_MIN_DM2, relaxed);
}

/* A lower bound on the rooms still to add, from p on. */
static int lower_bound(const struct search *s, int p)
{
	int rest = s->n - p;
	int room_for = 0, free_rooms = 0;
	int lb = 0;

	for (int i = 0; i < s->n_slots; i++)
		room_for += s->slot_cap[i] - s->slot_size[i];
	for (int i = 0; i < N_POOLS; i++) {
		room_for += s->pool_count[i] * s->pool_cap[i];
		free_rooms += s->pool_count[i];
	}
	if (rest > room_for)
		lb = (rest - room_for + s->virtual_cap - 1) / s->virtual_cap;

	/*
	 * Adults still to place each need a room of their own, except that
	 * one of the couple can join the other. Adults are placed first, so
	 * no room opened yet can take one of them, save the partner's.
	 */
	if (s->adult_rule) {
		int units = 0;
		bool couple_left = false;

		for (int i = p; i < s->n; i++) {
			units += s->adult[i];
			couple_left |= s->couple[i];
		}
		if (couple_left && s->has_couple)
			units--;
		if (units - free_rooms > lb)
			lb = units - free_rooms;
	}
	return lb;
}

static void place(struct search *s, int p, int slot)
{
	s->slot_of[p] = slot;
	s->slot_size[slot]++;
	s->slot_mask[slot] |= 1u << p;
}

static void unplace(struct search *s, int p, int slot)
{
	s->slot_size[slot]--;
	s->slot_mask[slot] &= ~(1u << p);
}

static void dfs(struct search *s, int p)
{
	if (s->aborted || s->best_k <= s->stop_at)
		return;
	if (++s->nodes > SEARCH_BUDGET) {
		s->aborted = true;
		return;
	}
	if (p == s->n) {
		s->best_k = s->k;
		s->best_n_slots = s->n_slots;
		memcpy(s->best_slot_of, s->slot_of, sizeof(s->slot_of));
		memcpy(s->best_slot_pool, s->slot_pool, sizeof(s->slot_pool));
		return;
	}
	if (s->k + lower_bound(s, p) >= s->best_k)
		return;

	/* Interchangeable members take rooms in order: one assignment per class. */
	int first = (p > 0 && s->type[p] == s->type[p - 1]) ? s->slot_of[p - 1] : 0;

	for (int slot = first; slot < s->n_slots; slot++) {
		if (s->slot_size[slot] >= s->slot_cap[slot] ||
		    (s->slot_mask[slot] & s->conflict[p]))
			continue;
		place(s, p, slot);
		dfs(s, p + 1);
		unplace(s, p, slot);
	}

	int slot = s->n_slots++;

	s->slot_size[slot] = 0;
	s->slot_mask[slot] = 0;
	for (int i = 0; i < N_POOLS; i++) {
		if (s->pool_count[i] == 0)
			continue;
		s->pool_count[i]--;
		s->slot_cap[slot] = s->pool_cap[i];
		s->slot_pool[slot] = i;
		place(s, p, slot);
		dfs(s, p + 1);
		unplace(s, p, slot);
		s->pool_count[i]++;
	}
	if (s->k + 1 < s->best_k) {
		s->k++;
		s->slot_cap[slot] = s->virtual_cap;
		s->slot_pool[slot] = -1;
		place(s, p, slot);
		dfs(s, p + 1);
		unplace(s, p, slot);
		s->k--;
	}
	s->n_slots--;
}

/*
 * Fewest rooms of 9 m² to add so that the household can be distributed:
 * that number when it is <= limit, limit + 1 when it is larger (limit 0
 * asks "does it fit as is?" and never adds a room), -1 when the search
 * budget ran out. When it returns 0, s holds the distribution.
 */
static int min_missing(struct search *s, int limit)
{
	s->best_k = limit + 1;
	s->stop_at = lower_bound(s, 0);
	dfs(s, 0);
	if (s->aborted)
		return -1;
	return s->best_k;
}

static void format_m2(int32_t dm2, char *buf, size_t size)
{
	int32_t whole = dm2 / M2, frac = dm2 % M2;

	if (frac == 0)
		snprintf(buf, size, "%d" NBSP_M2, (int)whole);
	else if (frac % 10 == 0)
		snprintf(buf, size, "%d,%d" NBSP_M2, (int)whole, (int)(frac / 10));
	else
		snprintf(buf, size, "%d,%02d" NBSP_M2, (int)whole, (int)frac);
}

static struct crowd_reason *add_reason(struct crowd_result *out, enum crowd_code code,
				       int32_t value, int32_t limit)
{
	struct crowd_reason *r = &out->reasons[out->n_reasons++];

	r->code = code;
	r->value = value;
	r->limit = limit;
	r->fr[0] = '\0';
	r->en[0] = '\0';
	return r;
}

static void surface_reason(struct crowd_result *out, enum crowd_code code, int32_t value,
			   int32_t limit, int n)
{
	struct crowd_reason *r = add_reason(out, code, value, limit);
	char v[32], l[32];

	format_m2(value, v, sizeof(v));
	format_m2(limit, l, sizeof(l));
	switch (code) {
	case CROWD_SURFACE_PRIVATE:
		snprintf(r->fr, sizeof(r->fr),
			 "Surface habitable des pièces à usage individuel insuffisante : %s < %s "
			 "requis pour %d occupant%s.",
			 v, l, n, n > 1 ? "s" : "");
		snprintf(r->en, sizeof(r->en),
			 "Habitable surface of the household's own rooms too small: %s < %s "
			 "required for %d occupant%s.",
			 v, l, n, n > 1 ? "s" : "");
		break;
	case CROWD_NO_LARGE_ROOM:
		snprintf(r->fr, sizeof(r->fr),
			 "Aucune pièce d'habitation n'atteint %s (la plus grande : %s).", l, v);
		snprintf(r->en, sizeof(r->en), "No habitable room reaches %s (the largest: %s).", l,
			 v);
		break;
	default:
		snprintf(r->fr, sizeof(r->fr),
			 "Surface habitable insuffisante : %s < %s requis pour %d occupant%s.", v,
			 l, n, n > 1 ? "s" : "");
		snprintf(r->en, sizeof(r->en),
			 "Habitable surface too small: %s < %s required for %d occupant%s.", v, l,
			 n, n > 1 ? "s" : "");
		break;
	}
}

static void bedrooms_reason(struct crowd_result *out)
{
	int k = out->bedrooms_missing, usable = out->usable_bedrooms;
	struct crowd_reason *r = add_reason(out, CROWD_BEDROOMS_MISSING, k, usable);

	snprintf(r->fr, sizeof(r->fr),
		 "Il manque %d chambre%s (d'au moins 9" NBSP_M2 ") pour répartir le ménage : "
		 "%d chambre%s nécessaire%s, %d pièce%s utilisable%s comme chambre.",
		 k, k > 1 ? "s" : "", out->bedrooms_needed, out->bedrooms_needed > 1 ? "s" : "",
		 out->bedrooms_needed > 1 ? "s" : "", usable, usable > 1 ? "s" : "",
		 usable > 1 ? "s" : "");
	snprintf(r->en, sizeof(r->en),
		 "%d bedroom%s (of at least 9" NBSP_M2 ") missing to distribute the household: "
		 "%d bedroom%s needed, %d room%s usable as bedroom.",
		 k, k > 1 ? "s" : "", out->bedrooms_needed, out->bedrooms_needed > 1 ? "s" : "",
		 usable, usable > 1 ? "s" : "");
}

static void rule_reason(struct crowd_result *out, enum crowd_code code, const struct household *h)
{
	struct crowd_reason *r = add_reason(out, code, 0, 0);

	switch (code) {
	case CROWD_LIVING_AS_BEDROOM_CHILD6:
		snprintf(r->fr, sizeof(r->fr),
			 "La pièce principale de séjour ne peut pas servir de chambre : le ménage "
			 "compte un enfant de 6 ans ou plus.");
		snprintf(r->en, sizeof(r->en),
			 "The main living room cannot be used as a bedroom: the household has a "
			 "child of 6 or more.");
		break;
	case CROWD_ADULT_SHARES_ROOM:
		snprintf(r->fr, sizeof(r->fr),
			 "Un adulte dort seul ou avec son conjoint ; seuls les enfants de moins "
			 "d'un an peuvent dormir dans la chambre d'un adulte%s",
			 h->has_child1 ? " : avec un enfant de plus d'un an, il faut au moins deux "
					 "chambres."
				       : ".");
		snprintf(r->en, sizeof(r->en),
			 "An adult sleeps alone or with their partner; only children under 1 year "
			 "may sleep in an adult's room%s",
			 h->has_child1 ? ": a child over 1 year requires at least two bedrooms."
				       : ".");
		break;
	case CROWD_MIXED_SEX_CHILD10:
		snprintf(r->fr, sizeof(r->fr),
			 "Un enfant de 10 ans ou plus ne peut pas partager sa chambre avec un "
			 "enfant de l'autre sexe.");
		snprintf(r->en, sizeof(r->en),
			 "A child of 10 or more may not share a bedroom with a child of the other "
			 "sex.");
		break;
	case CROWD_MAX3_PER_BEDROOM:
		snprintf(r->fr, sizeof(r->fr), "Au plus 3 personnes par chambre.");
		snprintf(r->en, sizeof(r->en), "At most 3 persons per bedroom.");
		break;
	default:
		snprintf(r->fr, sizeof(r->fr),
			 "Une chambre pour 2 personnes doit atteindre 6" NBSP_M2
			 " de plancher, pour 3 personnes 9" NBSP_M2 ".");
		snprintf(r->en, sizeof(r->en),
			 "A bedroom for 2 persons needs 6" NBSP_M2 " of floor, for 3 persons "
			 "9" NBSP_M2 ".");
		break;
	}
}

/* Maps the slots of a successful search onto the unit's rooms. */
static void record_distribution(const struct search *s, const struct household *h,
				const struct rooms *rooms, unsigned relaxed, int room_of[])
{
	int room_of_slot[CROWD_MAX_MEMBERS];
	bool taken[CROWD_MAX_ROOMS] = {false};

	for (int slot = 0; slot < s->best_n_slots; slot++) {
		room_of_slot[slot] = -1;
		for (int i = 0; i < rooms->n; i++) {
			const struct candidate *c = &rooms->c[i];

			if (!taken[i] && pool_of(c, relaxed) == s->best_slot_pool[slot]) {
				taken[i] = true;
				room_of_slot[slot] = c->room;
				break;
			}
		}
	}
	for (int p = 0; p < h->n; p++)
		room_of[h->p[p].index] = room_of_slot[s->best_slot_of[p]];
}

/* Can the household be distributed over its own rooms with these rules waived? */
static int fits_relaxed(const struct household *h, const struct crowd_unit *unit, unsigned relaxed)
{
	struct rooms rooms;
	struct search s;

	load_candidates(unit, !h->has_child6 || (relaxed & RULE_CHILD6), &rooms);
	search_init(&s, h, &rooms, relaxed);
	int k = min_missing(&s, 0);

	return k < 0 ? -1 : k == 0;
}

static int popcount(unsigned v)
{
	int c = 0;

	for (; v; v &= v - 1)
		c++;
	return c;
}

/*
 * The union of the minimal sets of waived rules that make a distribution
 * possible. Sets are tried by increasing size, and a superset of a set that
 * already works is not minimal, so it is skipped. -1 when the search gave up.
 */
static int blocking_rules(const struct household *h, const struct crowd_unit *unit,
			  unsigned *blocking)
{
	unsigned minimal[1u << RULE_BITS];
	int n_minimal = 0;

	*blocking = 0;
	for (int size = 1; size <= RULE_BITS; size++) {
		for (unsigned set = 1; set < (1u << RULE_BITS); set++) {
			bool superset = false;

			if (popcount(set) != size)
				continue;
			for (int i = 0; i < n_minimal; i++)
				if ((set & minimal[i]) == minimal[i])
					superset = true;
			if (superset)
				continue;
			int fits = fits_relaxed(h, unit, set);

			if (fits < 0)
				return -1;
			if (fits) {
				minimal[n_minimal++] = set;
				*blocking |= set;
			}
		}
	}
	return 0;
}

static void surfaces(const struct crowd_unit *unit, int32_t *total, int32_t *own, int32_t *largest)
{
	*total = *own = *largest = 0;
	for (int i = 0; i < unit->n_rooms; i++) {
		const struct crowd_room *r = &unit->rooms[i];

		if (!room_habitable(r))
			continue;
		*total += r->area_dm2;
		if (!r->shared)
			*own += r->area_dm2;
		if (r->area_dm2 > *largest)
			*largest = r->area_dm2;
	}
}

static bool refuse(struct crowd_result *out, const char *why)
{
	out->input_error = why;
	return false;
}

bool crowd_check(const struct crowd_member *members, int n_members, const struct crowd_unit *unit,
		 bdate_t on, struct crowd_result *out)
{
	struct household h;
	struct rooms rooms;
	struct search s;
	const char *why;

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < CROWD_MAX_MEMBERS; i++)
		out->room_of[i] = -1;
	if ((why = check_unit(unit)) != NULL || (why = load_household(members, n_members, on, &h)))
		return refuse(out, why);

	int n = h.n;

	out->n_members = n;
	out->n_adults = h.n_adults;
	out->n_children = n - h.n_adults;
	surfaces(unit, &out->habitable_dm2, &out->private_dm2, &out->largest_room_dm2);
	out->required_dm2 = crowd_required_dm2(n);
	out->large_room_required_dm2 = large_room_required(n);
	if (unit->collective)
		out->private_required_dm2 = crowd_private_required_dm2(n);
	else
		out->private_dm2 = 0;

	/* The number of bedrooms needed: every bedroom added, none existing. */
	search_init(&s, &h, NULL, 0);
	out->bedrooms_needed = min_missing(&s, n);

	load_candidates(unit, !h.has_child6, &rooms);
	out->usable_bedrooms = rooms.n;
	search_init(&s, &h, &rooms, 0);
	out->bedrooms_missing = min_missing(&s, n);
	if (out->bedrooms_needed < 0 || out->bedrooms_missing < 0)
		return refuse(out, "household: too complex to distribute over the rooms");
	out->distributed = out->bedrooms_missing == 0;
	if (out->distributed)
		record_distribution(&s, &h, &rooms, 0, out->room_of);

	if (out->habitable_dm2 < out->required_dm2)
		surface_reason(out, CROWD_SURFACE_TOTAL, out->habitable_dm2, out->required_dm2, n);
	if (unit->collective && out->private_dm2 < out->private_required_dm2)
		surface_reason(out, CROWD_SURFACE_PRIVATE, out->private_dm2,
			       out->private_required_dm2, n);
	if (out->largest_room_dm2 < out->large_room_required_dm2)
		surface_reason(out, CROWD_NO_LARGE_ROOM, out->largest_room_dm2,
			       out->large_room_required_dm2, n);
	if (!out->distributed) {
		unsigned blocking;

		bedrooms_reason(out);
		if (blocking_rules(&h, unit, &blocking) < 0)
			return refuse(out, "household: too complex to distribute over the rooms");
		for (int b = 0; b < RULE_BITS; b++)
			if (blocking & (1u << b))
				rule_reason(out, rule_code[b], &h);
	}
	out->fits = out->n_reasons == 0;
	return true;
}

bool crowd_max_occupants(const struct crowd_unit *unit, struct crowd_capacity *out)
{
	int32_t total, own, largest;
	int rooms = 0, beds = 0;
	bool shared_bed = false;

	memset(out, 0, sizeof(*out));
	if (check_unit(unit) != NULL)
		return false;
	surfaces(unit, &total, &own, &largest);
	out->habitable_dm2 = total;

	/* required(n) grows by 5 m² from n = 3 on: solve, then step down. */
	int n = 0;

	if (largest >= large_room_required(1)) {
		n = total >= crowd_required_dm2(3) ? 3 + (total - crowd_required_dm2(3)) / (5 * M2)
						   : 2;
		if (largest < large_room_required(2))
			n = 1;
		while (n > 0 && (crowd_required_dm2(n) > total ||
				 (unit->collective && crowd_private_required_dm2(n) > own)))
			n--;
	}
	out->by_surface = n;

	for (int i = 0; i < unit->n_rooms; i++) {
		const struct crowd_room *r = &unit->rooms[i];

		if (r->shared || !room_habitable(r) || r->kind == CROWD_ROOM_KITCHEN ||
		    r->kind == CROWD_ROOM_KITCHEN_LIVING)
			continue;
		int cap = room_cap(r->area_dm2, 0);

		rooms++;
		beds += cap;
		shared_bed |= cap >= 2;
	}
	out->by_bedrooms = beds;
	out->max_persons = n < beds ? n : beds;
	out->max_adults = rooms + (shared_bed ? 1 : 0);
	if (out->max_adults > out->max_persons)
		out->max_adults = out->max_persons;
	out->max_children = out->max_persons > 0 ? out->max_persons - 1 : 0;
	return true;
}

/*
 * Alerts: two conventions walked day by day (each alert opens on its date,
 * once, under one identity, and stops when its condition ends), the unpaid
 * invoice and visit rules, identities and "what to do" sentences.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "test_support.h"

#include "alert.h"

/* ---- day-by-day walk ----------------------------------------------------- */

#define MAX_SEEN 32

struct seen {
	char id[ALERT_IDENTITY_MAX];
	bdate_t opens_on;
	bdate_t first;
	bdate_t last;
};

struct expected {
	const char *id;
	bdate_t opens_on;
	bdate_t last; /* last day reported */
};

typedef void (*life_event)(struct alert_conv_facts *f, bdate_t today);

/*
 * Applies the day's events, then asks for the due alerts. Checks on every
 * day that an identity is first reported on its opening day, keeps that
 * opening day, and is reported on consecutive days only (never reopens).
 */
static int walk(struct alert_conv_facts *f, bdate_t from, bdate_t to, life_event events,
		struct seen *seen)
{
	struct params p = params_2026();
	int n_seen = 0;

	for (bdate_t today = from; today <= to; today++) {
		struct alert out[ALERT_MAX_PER_CONVENTION];
		int n;

		events(f, today);
		n = alert_convention_due(f, &p, today, out);
		assert_true(n >= 0);
		for (int i = 0; i < n; i++) {
			char id[ALERT_IDENTITY_MAX];
			int j;

			assert_true(alert_identity(&out[i], id, sizeof(id)));
			assert_true(out[i].opens_on <= today);
			for (j = 0; j < n_seen; j++)
				if (strcmp(seen[j].id, id) == 0)
					break;
			if (j == n_seen) {
				assert_true(n_seen < MAX_SEEN);
				snprintf(seen[j].id, sizeof(seen[j].id), "%s", id);
				seen[j].opens_on = out[i].opens_on;
				seen[j].first = today;
				n_seen++;
				if (today != out[i].opens_on)
					fail_msg("%s first reported on day %d, opens on %d", id,
						 (int)today, (int)out[i].opens_on);
			} else {
				assert_int_equal(seen[j].opens_on, out[i].opens_on);
				if (seen[j].last != today - 1)
					fail_msg("%s reopened", id);
			}
			seen[j].last = today;
		}
	}
	return n_seen;
}

static void assert_seen_exactly(const struct seen *seen, int n_seen, const struct expected *exp,
				int n_exp)
{
	for (int i = 0; i < n_exp; i++) {
		int j;

		for (j = 0; j < n_seen; j++)
			if (strcmp(seen[j].id, exp[i].id) == 0)
				break;
		if (j == n_seen)
			fail_msg("never raised: %s", exp[i].id);
		assert_int_equal(seen[j].first, exp[i].opens_on);
		if (seen[j].last != exp[i].last)
			fail_msg("%s last reported on %d, expected %d", exp[i].id,
				 (int)seen[j].last, (int)exp[i].last);
	}
	for (int j = 0; j < n_seen; j++) {
		bool found = false;

		for (int i = 0; i < n_exp; i++)
			found = found || strcmp(seen[j].id, exp[i].id) == 0;
		if (!found)
			fail_msg("unexpected alert: %s", seen[j].id);
	}
	assert_int_equal(n_seen, n_exp);
}

/*
 * C1 convention (start 2026-01-15): admission check too old then redone,
 * signed without plan, safety check late, renewed before the deadline,
 * notice for the final end, the occupant overstays then leaves.
 */
static void renewed_life(struct alert_conv_facts *f, bdate_t today)
{
	if (today == D(2025, 12, 1)) {
		f->has_admission_check = true;
		f->admission_check_date = today;
	} else if (today == D(2026, 1, 5)) {
		f->admission_check_date = today;
	} else if (today == D(2026, 1, 10)) {
		f->state = CONV_SIGNED;
		f->signed_on = today;
	} else if (today == D(2026, 1, 12)) {
		f->has_safety_check = true;
		f->safety_check_date = today;
	} else if (today == D(2026, 1, 15)) {
		f->state = CONV_ACTIVE;
		f->periods = 1;
	} else if (today == D(2026, 2, 1)) {
		f->plan_present = true;
	} else if (today == D(2026, 3, 23)) {
		f->state = CONV_RENEWED;
		f->periods = 2;
	} else if (today == D(2026, 9, 21)) {
		f->state = CONV_NOTICE_GIVEN;
		f->notice_posted = true;
	} else if (today == D(2027, 1, 20)) {
		f->state = CONV_OVERSTAY;
	} else if (today == D(2027, 2, 10)) {
		f->state = CONV_ENDED;
		f->departure_recorded = true;
	}
}

static void test_walk_renewed_convention(void **state)
{
	struct alert_conv_facts f = {
	    .convention_id = 42,
	    .state = CONV_DRAFT,
	    .start = D(2026, 1, 15),
	    .has_previous_exit = true,
	    .previous_exit_date = D(2025, 11, 30),
	};
	const struct expected exp[] = {
	    {"admission_check_stale:convention:42:2026-01-15", D(2026, 1, 1), D(2026, 1, 4)},
	    {"safety_check:convention:42:2026-01-15", D(2026, 1, 1), D(2026, 1, 11)},
	    {"plan_missing:convention:42:2026-01-10", D(2026, 1, 10), D(2026, 1, 31)},
	    {"renewal_decision_due:convention:42:2026-03-27", D(2026, 2, 10), D(2026, 3, 22)},
	    {"notice_deadline_30:convention:42:2026-03-27", D(2026, 2, 25), D(2026, 3, 22)},
	    {"notice_deadline_7:convention:42:2026-03-27", D(2026, 3, 20), D(2026, 3, 22)},
	    {"notice_deadline_30:convention:42:2026-09-26", D(2026, 8, 27), D(2026, 9, 20)},
	    {"notice_deadline_7:convention:42:2026-09-26", D(2026, 9, 19), D(2026, 9, 20)},
	    {"convention_ending:convention:42:2027-01-14", D(2026, 12, 15), D(2027, 1, 19)},
	    {"overstay:convention:42:2027-01-15", D(2027, 1, 15), D(2027, 2, 9)},
	};
	struct seen seen[MAX_SEEN];
	int n;

	(void)state;
	memset(seen, 0, sizeof(seen));
	n = walk(&f, D(2025, 11, 15), D(2027, 3, 31), renewed_life, seen);
	assert_seen_exactly(seen, n, exp, (int)(sizeof(exp) / sizeof(exp[0])));
}

/*
 * C2 convention (start 2026-02-01), everything in order at entry; notice
 * for the first period end, the household leaves on that day. The final end
 * moves from 2027-01-31 (the furthest) to 2026-07-31 with the notice.
 */
static void notice_life(struct alert_conv_facts *f, bdate_t today)
{
	if (today == D(2026, 2, 1)) {
		f->state = CONV_ACTIVE;
		f->periods = 1;
	} else if (today == D(2026, 4, 21)) {
		f->state = CONV_NOTICE_GIVEN;
		f->notice_posted = true;
	} else if (today == D(2026, 7, 31)) {
		f->state = CONV_ENDED;
		f->departure_recorded = true;
	}
}

static void test_walk_notice_at_first_end(void **state)
{
	struct alert_conv_facts f = {
	    .convention_id = 7,
	    .state = CONV_SIGNED,
	    .start = D(2026, 2, 1),
	    .signed_on = D(2026, 1, 20),
	    .plan_present = true,
	    .has_admission_check = true,
	    .admission_check_date = D(2026, 1, 10),
	    .has_safety_check = true,
	    .safety_check_date = D(2026, 1, 25),
	    .has_previous_exit = true,
	    .previous_exit_date = D(2026, 1, 24),
	};
	const struct expected exp[] = {
	    {"renewal_decision_due:convention:7:2026-04-27", D(2026, 3, 13), D(2026, 4, 20)},
	    {"notice_deadline_30:convention:7:2026-04-27", D(2026, 3, 28), D(2026, 4, 20)},
	    {"notice_deadline_7:convention:7:2026-04-27", D(2026, 4, 20), D(2026, 4, 20)},
	    {"convention_ending:convention:7:2026-07-31", D(2026, 7, 1), D(2026, 7, 30)},
	};
	struct seen seen[MAX_SEEN];
	int n;

	(void)state;
	memset(seen, 0, sizeof(seen));
	n = walk(&f, D(2026, 1, 20), D(2027, 3, 31), notice_life, seen);
	assert_seen_exactly(seen, n, exp, (int)(sizeof(exp) / sizeof(exp[0])));
}

/* ---- convention alerts, case by case -------------------------------------- */

static void test_every_convention_alert_at_once(void **state)
{
	struct params p = params_2026();
	struct alert_conv_facts f = {
	    .convention_id = 1,
	    .state = CONV_ACTIVE,
	    .start = D(2026, 1, 15),
	    .periods = 1,
	    .signed_on = D(2026, 1, 10),
	};
	struct alert out[ALERT_MAX_PER_CONVENTION];
	int n;

	(void)state;
	n = alert_convention_due(&f, &p, D(2027, 1, 15), out);
	assert_int_equal(n, ALERT_MAX_PER_CONVENTION);
	assert_int_equal(out[0].kind, ALERT_RENEWAL_DECISION_DUE);
	assert_int_equal(out[1].kind, ALERT_NOTICE_DEADLINE_30);
	assert_int_equal(out[2].kind, ALERT_NOTICE_DEADLINE_7);
	assert_int_equal(out[3].kind, ALERT_CONVENTION_ENDING);
	assert_int_equal(out[4].kind, ALERT_OVERSTAY);
	assert_int_equal(out[5].kind, ALERT_SAFETY_CHECK);
	assert_int_equal(out[6].kind, ALERT_PLAN_MISSING);
	assert_int_equal(out[7].kind, ALERT_ADMISSION_CHECK_STALE);
	/* The 30- and 7-day reminders share a due date but not an identity. */
	assert_int_equal(out[1].due_on, out[2].due_on);
	assert_int_equal(out[1].opens_on, D(2026, 2, 25));
	assert_int_equal(out[2].opens_on, D(2026, 3, 20));
	/* No check and no previous occupant: open before the start. */
	assert_int_equal(out[5].opens_on, D(2026, 1, 1));
	assert_int_equal(out[7].due_on, D(2026, 1, 15));
	assert_int_equal(out[7].opens_on, D(2025, 12, 16));
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++) {
			char a[ALERT_IDENTITY_MAX], b[ALERT_IDENTITY_MAX];

			assert_true(alert_identity(&out[i], a, sizeof(a)));
			assert_true(alert_identity(&out[j], b, sizeof(b)));
			assert_string_not_equal(a, b);
		}
}

static void test_safety_check_rules(void **state)
{
	struct params p = params_2026();
	struct alert_conv_facts f = {
	    .convention_id = 3,
	    .state = CONV_SIGNED,
	    .start = D(2026, 3, 1),
	    .signed_on = D(2026, 2, 1),
	    .plan_present = true,
	    .has_admission_check = true,
	    .admission_check_date = D(2026, 2, 20),
	    .has_safety_check = true,
	    .safety_check_date = D(2026, 2, 20),
	    .has_previous_exit = true,
	    .previous_exit_date = D(2026, 2, 24),
	};
	struct alert out[ALERT_MAX_PER_CONVENTION];

	(void)state;
	/* The check predates the exit: due, opening at the exit (later than start - 14). */
	assert_int_equal(alert_convention_due(&f, &p, D(2026, 2, 23), out), 0);
	assert_int_equal(alert_convention_due(&f, &p, D(2026, 2, 24), out), 1);
	assert_int_equal(out[0].kind, ALERT_SAFETY_CHECK);
	assert_int_equal(out[0].opens_on, D(2026, 2, 24));
	assert_int_equal(out[0].due_on, D(2026, 3, 1));
	/* Checked on the exit day: fine. */
	f.safety_check_date = D(2026, 2, 24);
	assert_int_equal(alert_convention_due(&f, &p, D(2026, 2, 25), out), 0);
	/* An exit recorded after the start (bad data) still opens by the start. */
	f.safety_check_date = D(2026, 2, 20);
	f.previous_exit_date = D(2026, 3, 5);
	assert_int_equal(alert_convention_due(&f, &p, D(2026, 3, 1), out), 1);
	assert_int_equal(out[0].opens_on, D(2026, 3, 1));
}

static void test_nothing_for_closed_conventions(void **state)
{
	struct params p = params_2026();
	struct alert_conv_facts f = {
	    .convention_id = 5,
	    .start = D(2026, 1, 15),
	    .periods = 1,
	    .signed_on = D(2026, 1, 10),
	};
	struct alert out[ALERT_MAX_PER_CONVENTION];

	(void)state;
	f.state = CONV_ENDED;
	assert_int_equal(alert_convention_due(&f, &p, D(2027, 6, 1), out), 0);
	f.state = CONV_CANCELLED;
	assert_int_equal(alert_convention_due(&f, &p, D(2027, 6, 1), out), 0);
}

/* A departure recorded before the state is closed stops the end and overstay alerts. */
static void test_departure_stops_end_alerts(void **state)
{
	struct params p = params_2026();
	struct alert_conv_facts f = {
	    .convention_id = 6,
	    .state = CONV_NOTICE_GIVEN,
	    .start = D(2026, 1, 15),
	    .periods = 1,
	    .signed_on = D(2026, 1, 10),
	    .notice_posted = true,
	    .plan_present = true,
	};
	struct alert out[ALERT_MAX_PER_CONVENTION];

	(void)state;
	assert_int_equal(alert_convention_due(&f, &p, D(2026, 7, 15), out), 2);
	assert_int_equal(out[0].kind, ALERT_CONVENTION_ENDING);
	assert_int_equal(out[0].due_on, D(2026, 7, 14));
	assert_int_equal(out[1].kind, ALERT_OVERSTAY);
	assert_int_equal(out[1].due_on, D(2026, 7, 15));
	f.departure_recorded = true;
	assert_int_equal(alert_convention_due(&f, &p, D(2026, 7, 15), out), 0);
	f.state = CONV_OVERSTAY;
	assert_int_equal(alert_convention_due(&f, &p, D(2026, 7, 15), out), 0);
}

static void test_invalid_facts(void **state)
{
	struct params p = params_2026();
	struct alert_conv_facts f = {
	    .convention_id = 5,
	    .state = CONV_ACTIVE,
	    .start = D(2026, 1, 15),
	    .periods = 3,
	};
	struct alert out[ALERT_MAX_PER_CONVENTION];

	(void)state;
	assert_int_equal(alert_convention_due(&f, &p, D(2026, 6, 1), out), -1);
	f.periods = 0;
	assert_int_equal(alert_convention_due(&f, &p, D(2026, 6, 1), out), -1);
	f.periods = 1;
	f.state = CONV_STATE_COUNT;
	assert_int_equal(alert_convention_due(&f, &p, D(2026, 6, 1), out), -1);
	f.state = CONV_ACTIVE;
	p.value[PARAM_ADMISSION_CHECK_MAX_AGE] = -1;
	assert_int_equal(alert_convention_due(&f, &p, D(2026, 6, 1), out), -1);
	p = params_2026();
	p.value[PARAM_PERIOD_MONTHS] = 0;
	assert_int_equal(alert_convention_due(&f, &p, D(2026, 6, 1), out), -1);
	/* Before activation the period count is not looked at. */
	p = params_2026();
	f.state = CONV_DRAFT;
	f.periods = 0;
	assert_true(alert_convention_due(&f, &p, D(2026, 1, 1), out) >= 0);
}

/* ---- invoices and visits ------------------------------------------------- */

/* The alert is given the days late that SQL's invoice_days_late() counts
 * (sql/017): today - due_on, 0 until the due date. */
static int unpaid_on(int64_t id, bdate_t due_on, bool paid, const struct params *p, bdate_t today,
		     struct alert *a)
{
	return alert_invoice_unpaid(id, due_on, today > due_on ? today - due_on : 0, paid, p, a);
}

static void test_invoice_unpaid(void **state)
{
	struct params p = params_2026();
	struct alert a;

	(void)state;
	/* due on the 5th, 5 grace days: the alert is due the 10th, raised the 11th */
	assert_int_equal(unpaid_on(9, D(2026, 1, 5), false, &p, D(2026, 1, 10), &a), 0);
	assert_int_equal(a.due_on, D(2026, 1, 10));
	assert_int_equal(a.opens_on, D(2026, 1, 11));
	assert_int_equal(unpaid_on(9, D(2026, 1, 5), false, &p, D(2026, 1, 11), &a), 1);
	assert_int_equal(a.kind, ALERT_INVOICE_UNPAID);
	assert_int_equal(a.object, ALERT_OBJ_INVOICE);
	assert_int_equal(a.object_id, 9);
	assert_int_equal(unpaid_on(9, D(2026, 1, 5), true, &p, D(2026, 1, 11), &a), 0);
	assert_int_equal(unpaid_on(9, D(2026, 1, 5), false, &p, D(2026, 6, 1), &a), 1);
	assert_true((alert_kinds[a.kind].audience & ALERT_FOR_ACCOUNTANT) != 0);
	assert_true((alert_kinds[a.kind].audience & ALERT_FOR_SOCIAL_WORKER) != 0);

	/* a household that moved in on the 15th: due the 15th, raised the 21st */
	assert_int_equal(unpaid_on(9, D(2026, 1, 15), false, &p, D(2026, 1, 20), &a), 0);
	assert_int_equal(a.due_on, D(2026, 1, 20));
	assert_int_equal(unpaid_on(9, D(2026, 1, 15), false, &p, D(2026, 1, 21), &a), 1);

	p.value[PARAM_UNPAID_GRACE_DAYS] = 0;
	assert_int_equal(unpaid_on(9, D(2026, 2, 28), false, &p, D(2026, 3, 1), &a), 1);
	assert_int_equal(a.due_on, D(2026, 2, 28));
	p.value[PARAM_UNPAID_GRACE_DAYS] = -1;
	assert_int_equal(unpaid_on(9, D(2026, 2, 5), false, &p, D(2026, 3, 1), &a), -1);
	p.value[PARAM_UNPAID_GRACE_DAYS] = 367;
	assert_int_equal(unpaid_on(9, D(2026, 2, 5), false, &p, D(2026, 3, 1), &a), -1);
	p.value[PARAM_UNPAID_GRACE_DAYS] = 5;
	/* a day past the valid range */
	assert_int_equal(unpaid_on(9, D(2199, 12, 31) + 1, false, &p, D(2026, 3, 1), &a),
			 -1);
}

static void test_visit_overdue(void **state)
{
	struct alert a;
	struct params p = params_2026();

	(void)state;
	assert_int_equal(alert_visit_frequency_of(ALERT_OBJ_BUILDING, false),
			 ALERT_VISIT_TWICE_MONTHLY);
	assert_int_equal(alert_visit_frequency_of(ALERT_OBJ_UNIT, true), ALERT_VISIT_TWICE_MONTHLY);
	assert_int_equal(alert_visit_frequency_of(ALERT_OBJ_UNIT, false), ALERT_VISIT_MONTHLY);

	/* Twice a month: visited on the 1st, due by the 16th, overdue on the 17th. */
	assert_int_equal(alert_visit_overdue(ALERT_OBJ_BUILDING, 4, ALERT_VISIT_TWICE_MONTHLY,
					     D(2026, 1, 1), &p, D(2026, 1, 16), &a),
			 0);
	assert_int_equal(a.due_on, D(2026, 1, 16));
	assert_int_equal(alert_visit_overdue(ALERT_OBJ_BUILDING, 4, ALERT_VISIT_TWICE_MONTHLY,
					     D(2026, 1, 1), &p, D(2026, 1, 17), &a),
			 1);
	assert_int_equal(a.object, ALERT_OBJ_BUILDING);
	assert_int_equal(a.opens_on, D(2026, 1, 17));

	/* Monthly: 31 January -> due 28 February, overdue from 1 March. */
	assert_int_equal(alert_visit_overdue(ALERT_OBJ_UNIT, 8, ALERT_VISIT_MONTHLY, D(2026, 1, 31),
					     &p, D(2026, 2, 28), &a),
			 0);
	assert_int_equal(a.due_on, D(2026, 2, 28));
	assert_int_equal(alert_visit_overdue(ALERT_OBJ_UNIT, 8, ALERT_VISIT_MONTHLY, D(2026, 1, 31),
					     &p, D(2026, 3, 1), &a),
			 1);

	assert_int_equal(alert_visit_overdue(ALERT_OBJ_INVOICE, 8, ALERT_VISIT_MONTHLY,
					     D(2026, 1, 31), &p, D(2026, 3, 1), &a),
			 -1);
	assert_int_equal(alert_visit_overdue(ALERT_OBJ_UNIT, 8, (enum alert_visit_frequency)7,
					     D(2026, 1, 31), &p, D(2026, 3, 1), &a),
			 -1);
	assert_int_equal(alert_visit_overdue(ALERT_OBJ_UNIT, 8, ALERT_VISIT_MONTHLY,
					     D(2199, 12, 15), &p, D(2199, 12, 20), &a),
			 -1);

	/* An operator visiting weekly, or its houses every two months. */
	p.value[PARAM_VISIT_COMMON_PARTS_DAYS] = 7;
	p.value[PARAM_VISIT_SINGLE_FAMILY_MONTHS] = 2;
	assert_int_equal(alert_visit_overdue(ALERT_OBJ_BUILDING, 4, ALERT_VISIT_TWICE_MONTHLY,
					     D(2026, 1, 1), &p, D(2026, 1, 9), &a),
			 1);
	assert_int_equal(a.due_on, D(2026, 1, 8));
	assert_int_equal(alert_visit_overdue(ALERT_OBJ_UNIT, 8, ALERT_VISIT_MONTHLY, D(2026, 1, 31),
					     &p, D(2026, 3, 31), &a),
			 0);
	assert_int_equal(a.due_on, D(2026, 3, 31));
	/* Out of range: nothing can be computed. */
	p.value[PARAM_VISIT_COMMON_PARTS_DAYS] = 0;
	assert_int_equal(alert_visit_overdue(ALERT_OBJ_BUILDING, 4, ALERT_VISIT_TWICE_MONTHLY,
					     D(2026, 1, 1), &p, D(2026, 1, 9), &a),
			 -1);
	p.value[PARAM_VISIT_SINGLE_FAMILY_MONTHS] = 13;
	assert_int_equal(alert_visit_overdue(ALERT_OBJ_UNIT, 8, ALERT_VISIT_MONTHLY, D(2026, 1, 31),
					     &p, D(2026, 3, 31), &a),
			 -1);
}

/* ---- table, identity, sentences ------------------------------------------ */

static void test_kind_table(void **state)
{
	(void)state;
	for (int k = 0; k < ALERT_KIND_COUNT; k++) {
		enum alert_kind back;

		assert_non_null(alert_kinds[k].code);
		assert_non_null(alert_kinds[k].label_fr);
		assert_non_null(alert_kinds[k].todo_fr_before);
		assert_non_null(alert_kinds[k].todo_fr_after);
		assert_true(alert_kinds[k].audience != 0);
		assert_true(alert_kind_parse(alert_kinds[k].code, &back));
		assert_int_equal(back, k);
	}
	enum alert_kind k;
	assert_false(alert_kind_parse("lease_expired", &k));
	assert_int_equal(alert_kinds[ALERT_SAFETY_CHECK].audience, ALERT_FOR_OPERATOR);
	assert_int_equal(alert_kinds[ALERT_ADMISSION_CHECK_STALE].audience, ALERT_FOR_OPERATOR);
	assert_int_equal(alert_kinds[ALERT_OVERSTAY].audience, ALERT_FOR_SOCIAL_WORKER);
	assert_string_equal(alert_object_name(ALERT_OBJ_BUILDING), "building");
	assert_null(alert_object_name(ALERT_OBJ_COUNT));
}

static void test_identity_and_todo(void **state)
{
	struct alert a = {
	    .kind = ALERT_NOTICE_DEADLINE_7,
	    .object = ALERT_OBJ_CONVENTION,
	    .object_id = 42,
	    .due_on = D(2026, 3, 27),
	    .opens_on = D(2026, 3, 20),
	};
	char buf[ALERT_TODO_MAX];
	char small[12];

	(void)state;
	assert_true(alert_identity(&a, buf, sizeof(buf)));
	assert_string_equal(buf, "notice_deadline_7:convention:42:2026-03-27");
	assert_true(alert_todo_fr(&a, buf, sizeof(buf)));
	assert_string_equal(buf, "Envoyer le préavis avant le 27/03/2026 (lettres recommandées "
				 "à chaque partenaire)");

	/* Every sentence carries its date and fits ALERT_TODO_MAX. */
	for (int k = 0; k < ALERT_KIND_COUNT; k++) {
		a.kind = (enum alert_kind)k;
		assert_true(alert_todo_fr(&a, buf, sizeof(buf)));
		assert_non_null(strstr(buf, "27/03/2026"));
	}

	assert_false(alert_identity(&a, small, sizeof(small)));
	assert_string_equal(small, "");
	assert_false(alert_todo_fr(&a, small, sizeof(small)));
	assert_string_equal(small, "");
	assert_false(alert_todo_fr(&a, small, 0));
	a.kind = ALERT_KIND_COUNT;
	assert_false(alert_identity(&a, buf, sizeof(buf)));
	assert_string_equal(buf, "");
	assert_false(alert_todo_fr(&a, buf, sizeof(buf)));
	a.kind = ALERT_OVERSTAY;
	a.object = ALERT_OBJ_COUNT;
	assert_false(alert_identity(&a, buf, 0));
}

/* Who sees which alerts: each of the three told roles its own, the
 * others all (the roles of sql/001's user_role). */
static void test_audience_of_role(void **state)
{
	(void)state;
	assert_int_equal(alert_audience_of_role("social_worker"), ALERT_FOR_SOCIAL_WORKER);
	assert_int_equal(alert_audience_of_role("accountant"), ALERT_FOR_ACCOUNTANT);
	assert_int_equal(alert_audience_of_role("operator"), ALERT_FOR_OPERATOR);
	assert_int_equal(alert_audience_of_role("admin"), ALERT_FOR_ALL);
	assert_int_equal(alert_audience_of_role("auditor"), ALERT_FOR_ALL);
	assert_int_equal(alert_audience_of_role(""), ALERT_FOR_ALL);
	assert_int_equal(ALERT_FOR_ALL, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_walk_renewed_convention),
	    cmocka_unit_test(test_walk_notice_at_first_end),
	    cmocka_unit_test(test_every_convention_alert_at_once),
	    cmocka_unit_test(test_safety_check_rules),
	    cmocka_unit_test(test_nothing_for_closed_conventions),
	    cmocka_unit_test(test_departure_stops_end_alerts),
	    cmocka_unit_test(test_invalid_facts),
	    cmocka_unit_test(test_invoice_unpaid),
	    cmocka_unit_test(test_visit_overdue),
	    cmocka_unit_test(test_kind_table),
	    cmocka_unit_test(test_identity_and_todo),
	    cmocka_unit_test(test_audience_of_role),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Indemnity: examples B1-B6 of shared/domain/examples.md, the cap over a
 * grid of bases and revenues, and month billing properties.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "test_support.h"

#include "indem.h"

static struct params cap20(void);

/* Paid in advance by the 5th, not before the first day billed. */
static void test_due_on(void **state)
{
	struct params p = cap20();
	bdate_t due;

	(void)state;
	p.value[PARAM_PAYMENT_DUE_LAST_DAY] = 5;
	assert_true(indem_due_on(2026, 1, D(2026, 1, 1), &p, &due));
	assert_int_equal(due, D(2026, 1, 5));
	assert_true(indem_due_on(2026, 1, D(2026, 1, 5), &p, &due));
	assert_int_equal(due, D(2026, 1, 5));
	/* B4: moving in on 15 January */
	assert_true(indem_due_on(2026, 1, D(2026, 1, 15), &p, &due));
	assert_int_equal(due, D(2026, 1, 15));
	/* a due day past the month's length is its last day */
	p.value[PARAM_PAYMENT_DUE_LAST_DAY] = 31;
	assert_true(indem_due_on(2026, 2, D(2026, 2, 1), &p, &due));
	assert_int_equal(due, D(2026, 2, 28));
	/* refusals: first billed day outside the month, bad month or parameter */
	assert_false(indem_due_on(2026, 2, D(2026, 3, 1), &p, &due));
	assert_false(indem_due_on(2026, 2, D(2026, 1, 31), &p, &due));
	assert_false(indem_due_on(2026, 13, D(2026, 1, 31), &p, &due));
	p.value[PARAM_PAYMENT_DUE_LAST_DAY] = 0;
	assert_false(indem_due_on(2026, 2, D(2026, 2, 1), &p, &due));
	p.value[PARAM_PAYMENT_DUE_LAST_DAY] = 32;
	assert_false(indem_due_on(2026, 2, D(2026, 2, 1), &p, &due));
}

static struct params cap20(void)
{
	struct params p;

	memset(&p, 0, sizeof(p));
	p.value[PARAM_INDEMNITY_CAP_PERCENT] = 20;
	return p;
}

/* basis: the figure core/elig chose (M, or R for P-c). */
static struct indem_reduced reduced_of(int64_t base, int64_t basis)
{
	struct params p = cap20();
	struct indem_reduced_input in = {
	    .base = base,
	    .subsidised = true,
	    .basis = basis,
	};
	struct indem_reduced r;

	assert_true(indem_reduced(&in, &p, &r));
	return r;
}

/* The B4-B6 convention: starts 2026-01-15, renewed, final end 2027-01-14. */
static struct indem_month_input b_convention(int year, int month)
{
	struct indem_month_input in = {
	    .year = year,
	    .month = month,
	    .reduced = 30247,
	    .base = 45000,
	    .start = D(2026, 1, 15),
	    .final_end = D(2027, 1, 14),
	};
	return in;
}

static struct indem_month month_of(const struct indem_month_input *in)
{
	struct indem_month m;

	assert_true(indem_month(in, &m));
	return m;
}

static void test_B1(void **state)
{
	struct indem_reduced r = reduced_of(45000, 151237);

	(void)state;
	assert_true(r.cap_applies);
	assert_int_equal(r.cap_percent, 20);
	assert_int_equal(r.basis, 151237);
	/* 302,474 rounded down. */
	assert_int_equal(r.cap, 30247);
	assert_true(r.capped);
	assert_int_equal(r.reduced, 30247);
}

static void test_B2(void **state)
{
	struct indem_reduced r = reduced_of(25000, 180000);

	(void)state;
	assert_int_equal(r.cap, 36000);
	assert_false(r.capped);
	assert_int_equal(r.reduced, 25000);
}

static void test_B3(void **state)
{
	/* P-c: core/elig chose R (103 456), not the (higher) revenues (200 000). */
	struct indem_reduced r = reduced_of(45000, 103456);

	(void)state;
	assert_int_equal(r.basis, 103456);
	assert_int_equal(r.cap, 20691);
	assert_int_equal(r.reduced, 20691);
}

static void test_B4(void **state)
{
	struct indem_month_input in = b_convention(2026, 1);
	struct indem_month m = month_of(&in);

	(void)state;
	assert_int_equal(m.days_in_month, 31);
	assert_int_equal(m.n_lines, 1);
	assert_int_equal(m.line[0].kind, INDEM_LINE_REDUCED);
	assert_int_equal(m.line[0].from, D(2026, 1, 15));
	assert_int_equal(m.line[0].to, D(2026, 1, 31));
	assert_int_equal(m.line[0].days, 17);
	assert_int_equal(m.line[0].days_in_month, 31);
	assert_int_equal(m.line[0].monthly, 30247);
	assert_int_equal(m.line[0].amount, 16587);
	assert_int_equal(m.total, 16587);
}

static void test_B5(void **state)
{
	struct indem_month_input in = b_convention(2027, 1);
	struct indem_month m = month_of(&in);

	(void)state;
	assert_int_equal(m.n_lines, 1);
	assert_int_equal(m.line[0].from, D(2027, 1, 1));
	assert_int_equal(m.line[0].to, D(2027, 1, 14));
	assert_int_equal(m.line[0].days, 14);
	assert_int_equal(m.line[0].amount, 13660);
	assert_int_equal(m.total, 13660);

	/* Nothing is billed after the final end when the household left. */
	in = b_convention(2027, 2);
	m = month_of(&in);
	assert_int_equal(m.n_lines, 0);
	assert_int_equal(m.total, 0);
}

static void test_B6(void **state)
{
	struct indem_month_input in = b_convention(2027, 2);
	struct indem_month m;

	(void)state;
	in.overstay = true;
	m = month_of(&in);
	assert_int_equal(m.n_lines, 1);
	assert_int_equal(m.line[0].kind, INDEM_LINE_BASE);
	assert_int_equal(m.line[0].from, D(2027, 2, 1));
	assert_int_equal(m.line[0].to, D(2027, 2, 28));
	assert_int_equal(m.line[0].days, 28);
	assert_int_equal(m.line[0].amount, 45000);
	assert_int_equal(m.total, 45000);
}

/* January 2027 with an overstay: 14 reduced days + 17 base days, each rounded. */
static void test_month_split_into_reduced_and_overstay(void **state)
{
	struct indem_month_input in = b_convention(2027, 1);
	struct indem_month m;

	(void)state;
	in.overstay = true;
	m = month_of(&in);
	assert_int_equal(m.n_lines, 2);
	assert_int_equal(m.line[0].kind, INDEM_LINE_REDUCED);
	assert_int_equal(m.line[0].amount, 13660);
	assert_int_equal(m.line[1].kind, INDEM_LINE_BASE);
	assert_int_equal(m.line[1].from, D(2027, 1, 15));
	assert_int_equal(m.line[1].to, D(2027, 1, 31));
	assert_int_equal(m.line[1].days, 17);
	/* 45000 x 17 / 31 = 24677,4 -> 24677. */
	assert_int_equal(m.line[1].amount, 24677);
	assert_int_equal(m.total, 13660 + 24677);

	/* The overstaying occupant leaves on 10 March: billed up to that day. */
	in = b_convention(2027, 3);
	in.overstay = true;
	in.has_departure = true;
	in.departure_on = D(2027, 3, 10);
	m = month_of(&in);
	assert_int_equal(m.n_lines, 1);
	assert_int_equal(m.line[0].kind, INDEM_LINE_BASE);
	assert_int_equal(m.line[0].days, 10);
	/* 45000 x 10 / 31 = 14516,13 -> 14516. */
	assert_int_equal(m.total, 14516);
}

static void test_early_departure(void **state)
{
	struct indem_month_input in = b_convention(2026, 5);
	struct indem_month m;

	(void)state;
	in.has_departure = true;
	in.departure_on = D(2026, 5, 20);
	m = month_of(&in);
	assert_int_equal(m.n_lines, 1);
	assert_int_equal(m.line[0].to, D(2026, 5, 20));
	assert_int_equal(m.line[0].days, 20);
	/* 30247 x 20 / 31 = 19514,19 -> 19514. */
	assert_int_equal(m.total, 19514);

	in.month = 6;
	m = month_of(&in);
	assert_int_equal(m.n_lines, 0);
	/* The month before the departure is a whole month. */
	in.month = 4;
	m = month_of(&in);
	assert_int_equal(m.line[0].to, D(2026, 4, 30));
	assert_int_equal(m.total, 30247);
	/* Before the start nothing is due either. */
	in = b_convention(2025, 12);
	m = month_of(&in);
	assert_int_equal(m.n_lines, 0);
}

static void test_not_subsidised(void **state)
{
	struct params p = cap20();
	struct indem_reduced_input in = {.base = 45000, .subsidised = false, .basis = 100000};
	struct indem_reduced r;

	(void)state;
	assert_true(indem_reduced(&in, &p, &r));
	assert_false(r.cap_applies);
	assert_false(r.capped);
	assert_int_equal(r.cap, 0);
	assert_int_equal(r.reduced, 45000);
}

static void test_negative_resources_give_nil_cap(void **state)
{
	struct indem_reduced r = reduced_of(45000, -2500);

	(void)state;
	assert_int_equal(r.cap, 0);
	assert_int_equal(r.reduced, 0);
	assert_true(r.capped);
}

static void test_invalid_input(void **state)
{
	struct params p = cap20();
	struct indem_reduced_input ri = {.base = -1, .subsidised = true, .basis = 100000};
	struct indem_reduced r;
	struct indem_month_input in;
	struct indem_month m;

	(void)state;
	assert_false(indem_reduced(&ri, &p, &r));
	ri.base = 45000;
	p.value[PARAM_INDEMNITY_CAP_PERCENT] = 101;
	assert_false(indem_reduced(&ri, &p, &r));
	p.value[PARAM_INDEMNITY_CAP_PERCENT] = -1;
	assert_false(indem_reduced(&ri, &p, &r));

	in = b_convention(2026, 13);
	assert_false(indem_month(&in, &m));
	in = b_convention(2026, 1);
	in.reduced = -1;
	assert_false(indem_month(&in, &m));
	in = b_convention(2026, 1);
	in.base = -1;
	assert_false(indem_month(&in, &m));
	in = b_convention(2026, 1);
	in.final_end = in.start - 1;
	assert_false(indem_month(&in, &m));
	in = b_convention(2026, 1);
	in.has_departure = true;
	in.departure_on = in.start - 1;
	assert_false(indem_month(&in, &m));
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(indem_line_kind_name(INDEM_LINE_REDUCED), "reduced");
	assert_string_equal(indem_line_kind_name(INDEM_LINE_BASE), "base");
	assert_non_null(strstr(indem_line_label_fr(INDEM_LINE_REDUCED), "réduite"));
	assert_non_null(strstr(indem_line_label_fr(INDEM_LINE_BASE), "de base"));
	assert_null(indem_line_kind_name(INDEM_LINE_KIND_COUNT));
	assert_null(indem_line_label_fr(INDEM_LINE_KIND_COUNT));
}

/*
 * Over a grid of bases and cap bases (negative ones: P-c resources after
 * debt charges, as core/elig may choose them): never more than B, never more
 * than cap% of the basis, and the largest cent that satisfies both.
 */
static void test_cap_never_exceeded(void **state)
{
	static const int64_t caps[] = {0, 10, 20, 25, 33, 100};
	int checked = 0;

	(void)state;
	for (size_t c = 0; c < sizeof(caps) / sizeof(caps[0]); c++) {
		struct params p = cap20();

		p.value[PARAM_INDEMNITY_CAP_PERCENT] = caps[c];
		for (int64_t base = 0; base <= 120000; base += 1237) {
			for (int64_t basis = -5003; basis <= 600000; basis += 977) {
				struct indem_reduced_input in = {
				    .base = base,
				    .subsidised = true,
				    .basis = basis,
				};
				struct indem_reduced r;

				assert_true(indem_reduced(&in, &p, &r));
				assert_int_equal(r.basis, basis);
				assert_true(r.reduced >= 0);
				assert_true(r.reduced <= base);
				assert_true(r.reduced * 100 <= caps[c] * (basis > 0 ? basis : 0));
				/* Maximal: B itself, or one more cent would break the cap. */
				assert_true(r.reduced == base ||
					    (r.reduced + 1) * 100 > caps[c] * basis);
				checked++;
			}
		}
	}
	assert_true(checked > 50000);
}

/*
 * A month wholly inside the convention is billed exactly the monthly amount,
 * and over a whole convention the billed days add up to its length, for
 * every start date of 2024-2029.
 */
static void test_whole_months_and_day_counts(void **state)
{
	(void)state;
	for (bdate_t s = D(2024, 1, 1); s <= D(2029, 12, 31); s += 3) {
		bdate_t e;
		int days = 0;

		assert_true(bdate_period_end(s, 12, &e));
		for (bdate_t first = bdate_start_of_month(s); first <= e;
		     first = bdate_end_of_month(first) + 1) {
			struct bdate_ymd ymd = bdate_to_ymd(first);
			struct indem_month_input in = {
			    .year = ymd.year,
			    .month = ymd.month,
			    .reduced = 30247,
			    .base = 45000,
			    .start = s,
			    .final_end = e,
			};
			struct indem_month m = month_of(&in);

			assert_int_equal(m.first, first);
			assert_int_equal(m.n_lines, 1);
			days += m.line[0].days;
			if (first >= s && bdate_end_of_month(first) <= e)
				assert_int_equal(m.total, 30247);
			else
				assert_true(m.total < 30247);
		}
		assert_int_equal(days, e - s + 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_B1),
	    cmocka_unit_test(test_B2),
	    cmocka_unit_test(test_B3),
	    cmocka_unit_test(test_B4),
	    cmocka_unit_test(test_B5),
	    cmocka_unit_test(test_B6),
	    cmocka_unit_test(test_month_split_into_reduced_and_overstay),
	    cmocka_unit_test(test_early_departure),
	    cmocka_unit_test(test_not_subsidised),
	    cmocka_unit_test(test_negative_resources_give_nil_cap),
	    cmocka_unit_test(test_invalid_input),
	    cmocka_unit_test(test_due_on),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_cap_never_exceeded),
	    cmocka_unit_test(test_whole_months_and_day_counts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

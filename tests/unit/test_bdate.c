#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "bdate.h"

static bdate_t D(const char *iso)
{
	bdate_t d = 0;

	assert_true(bdate_parse_iso(iso, strlen(iso), &d));
	return d;
}

static void assert_date(bdate_t d, const char *iso)
{
	char buf[BDATE_ISO_LEN];

	bdate_format_iso(d, buf);
	assert_string_equal(buf, iso);
}

/* An oracle independent of bdate: month lengths written out by hand. */
static int oracle_days_in_month(int y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 400 == 0) || (y % 4 == 0 && y % 100 != 0);
	return m == 2 && leap ? 29 : len[m - 1];
}

static void test_epoch_anchors(void **state)
{
	(void)state;
	bdate_t d;

	assert_true(bdate_from_ymd(1970, 1, 1, &d));
	assert_int_equal(d, 0);
	assert_true(bdate_from_ymd(2000, 1, 1, &d));
	assert_int_equal(d, 10957);
	assert_true(bdate_from_ymd(1900, 1, 1, &d));
	assert_int_equal(d, -25567);
	assert_true(bdate_from_ymd(1969, 12, 31, &d));
	assert_int_equal(d, -1);
}

static void test_roundtrip_every_day_1900_2199(void **state)
{
	(void)state;
	bdate_t expect;
	int weekday = 0; /* 1900-01-01 was a Monday */

	assert_true(bdate_from_ymd(1900, 1, 1, &expect));
	for (int y = 1900; y <= 2199; y++) {
		for (int m = 1; m <= 12; m++) {
			int dim = oracle_days_in_month(y, m);
			assert_int_equal(bdate_days_in_month(y, m), dim);
			for (int day = 1; day <= dim; day++) {
				bdate_t d;
				assert_true(bdate_valid_ymd(y, m, day));
				assert_true(bdate_from_ymd(y, m, day, &d));
				assert_int_equal(d, expect);
				struct bdate_ymd back = bdate_to_ymd(d);
				assert_int_equal(back.year, y);
				assert_int_equal(back.month, m);
				assert_int_equal(back.day, day);
				assert_int_equal(bdate_weekday(d), weekday);
				bdate_t parsed;
				char iso[BDATE_ISO_LEN];
				bdate_format_iso(d, iso);
				assert_true(bdate_parse_iso(iso, strlen(iso), &parsed));
				assert_int_equal(parsed, d);
				expect++;
				weekday = (weekday + 1) % 7;
			}
			assert_false(bdate_valid_ymd(y, m, dim + 1));
		}
	}
	assert_date(expect - 1, "2199-12-31");
}

static void test_valid_ymd_limits(void **state)
{
	(void)state;
	bdate_t d = 12345;

	assert_false(bdate_valid_ymd(1899, 12, 31));
	assert_false(bdate_valid_ymd(2200, 1, 1));
	assert_true(bdate_valid_ymd(2024, 2, 29));
	assert_false(bdate_valid_ymd(2025, 2, 29));
	assert_false(bdate_valid_ymd(1900, 2, 29));
	assert_true(bdate_valid_ymd(2000, 2, 29));
	assert_false(bdate_valid_ymd(2026, 0, 1));
	assert_false(bdate_valid_ymd(2026, 13, 1));
	assert_false(bdate_valid_ymd(2026, 1, 0));
	assert_false(bdate_valid_ymd(2026, 1, 32));
	assert_false(bdate_valid_ymd(2026, 4, 31));
	assert_false(bdate_from_ymd(2026, 2, 29, &d));
	assert_int_equal(d, 12345);
}

static void test_leap_years_and_month_lengths(void **state)
{
	(void)state;

	assert_true(bdate_is_leap_year(2024));
	assert_true(bdate_is_leap_year(2000));
	assert_false(bdate_is_leap_year(1900));
	assert_false(bdate_is_leap_year(2100));
	assert_false(bdate_is_leap_year(2026));
	assert_int_equal(bdate_days_in_month(2026, 0), 0);
	assert_int_equal(bdate_days_in_month(2026, 13), 0);
	assert_int_equal(bdate_days_in_month(2024, 2), 29);
	assert_int_equal(bdate_days_in_month(2100, 2), 28);
	assert_int_equal(bdate_days_in_month(2026, 4), 30);
}

static void test_weekday_known_days(void **state)
{
	(void)state;

	assert_int_equal(bdate_weekday(0), 3);	/* Thursday 1970-01-01 */
	assert_int_equal(bdate_weekday(-1), 2); /* Wednesday */
	assert_int_equal(bdate_weekday(D("2026-04-27")), 0);
	assert_int_equal(bdate_weekday(D("2026-09-26")), 5);
	assert_int_equal(bdate_weekday(D("2026-09-27")), 6);
	assert_int_equal(bdate_weekday(INT32_MAX), (int)(((int64_t)INT32_MAX + 3) % 7));
	assert_true(bdate_weekday(INT32_MIN) >= 0 && bdate_weekday(INT32_MIN) <= 6);
}

static void test_month_bounds_every_day(void **state)
{
	(void)state;

	for (bdate_t d = D("2024-01-01"); d <= D("2031-12-31"); d++) {
		struct bdate_ymd ymd = bdate_to_ymd(d);
		struct bdate_ymd s = bdate_to_ymd(bdate_start_of_month(d));
		struct bdate_ymd e = bdate_to_ymd(bdate_end_of_month(d));
		assert_int_equal(s.year, ymd.year);
		assert_int_equal(s.month, ymd.month);
		assert_int_equal(s.day, 1);
		assert_int_equal(e.year, ymd.year);
		assert_int_equal(e.month, ymd.month);
		assert_int_equal(e.day, oracle_days_in_month(ymd.year, ymd.month));
	}
	assert_date(bdate_end_of_month(D("2024-02-10")), "2024-02-29");
	assert_date(bdate_start_of_month(D("2026-12-31")), "2026-12-01");
}

static void test_add_months_clamped(void **state)
{
	(void)state;
	bdate_t d = 777;

	assert_true(bdate_add_months_clamped(D("2026-01-31"), 1, &d));
	assert_date(d, "2026-02-28");
	assert_true(bdate_add_months_clamped(D("2024-01-31"), 1, &d));
	assert_date(d, "2024-02-29");
	assert_true(bdate_add_months_clamped(D("2026-03-31"), -1, &d));
	assert_date(d, "2026-02-28");
	assert_true(bdate_add_months_clamped(D("2026-03-31"), 0, &d));
	assert_date(d, "2026-03-31");
	assert_true(bdate_add_months_clamped(D("2026-08-15"), 17, &d));
	assert_date(d, "2028-01-15");
	assert_true(bdate_add_months_clamped(D("2026-01-15"), -13, &d));
	assert_date(d, "2024-12-15");
	assert_true(bdate_add_months_clamped(D("2199-11-30"), 1, &d));
	assert_date(d, "2199-12-30");

	d = 777;
	assert_false(bdate_add_months_clamped(D("2199-12-01"), 1, &d));
	assert_false(bdate_add_months_clamped(D("1900-01-15"), -1, &d));
	assert_false(bdate_add_months_clamped(D("2026-01-15"), INT_MAX, &d));
	assert_false(bdate_add_months_clamped(D("2026-01-15"), INT_MIN, &d));
	assert_false(bdate_add_months_clamped(D("1900-01-01") - 1, 1, &d));
	assert_int_equal(d, 777);
}

static void test_period_end_examples(void **state)
{
	(void)state;
	bdate_t e;

	assert_true(bdate_period_end(D("2026-08-31"), 6, &e));
	assert_date(e, "2027-02-28");
	assert_true(bdate_period_end(D("2026-01-15"), 6, &e));
	assert_date(e, "2026-07-14");
	assert_true(bdate_period_end(D("2026-02-01"), 6, &e));
	assert_date(e, "2026-07-31");
	assert_true(bdate_period_end(D("2026-08-31"), 12, &e));
	assert_date(e, "2027-08-30");
	/* Examples C1 and C2: final ends 12 months after S. */
	assert_true(bdate_period_end(D("2026-01-15"), 12, &e));
	assert_date(e, "2027-01-14");
	assert_true(bdate_period_end(D("2026-02-01"), 12, &e));
	assert_date(e, "2027-01-31");
	/* Day 29 and 30 have no February counterpart either. */
	assert_true(bdate_period_end(D("2026-08-29"), 6, &e));
	assert_date(e, "2027-02-28");
	assert_true(bdate_period_end(D("2026-08-28"), 6, &e));
	assert_date(e, "2027-02-27");
	assert_true(bdate_period_end(D("2027-08-29"), 6, &e));
	assert_date(e, "2028-02-28");
	assert_true(bdate_period_end(D("2027-08-30"), 6, &e));
	assert_date(e, "2028-02-29");
	assert_true(bdate_period_end(D("2026-03-31"), 1, &e));
	assert_date(e, "2026-04-30");
	assert_true(bdate_period_end(D("2026-01-01"), 18, &e));
	assert_date(e, "2027-06-30");
}

static void test_period_end_refusals(void **state)
{
	(void)state;
	bdate_t e = 4242;

	assert_false(bdate_period_end(D("2026-01-15"), 0, &e));
	assert_false(bdate_period_end(D("2026-01-15"), -6, &e));
	assert_false(bdate_period_end(D("2199-08-01"), 6, &e));
	assert_false(bdate_period_end(D("1900-01-01") - 1, 6, &e));
	assert_false(bdate_period_end(D("2026-01-15"), INT_MAX, &e));
	assert_int_equal(e, 4242);
	/* The last representable period ends exactly on 2199-12-31. */
	assert_true(bdate_period_end(D("2199-07-01"), 6, &e));
	assert_date(e, "2199-12-31");
}

static void check_period_properties(int n)
{
	bdate_t prev_end = INT32_MIN;

	for (bdate_t s = D("2024-01-01"); s <= D("2031-12-31"); s++) {
		bdate_t e, next, e2, chained;
		struct bdate_ymd sy = bdate_to_ymd(s);
		assert_true(bdate_period_end(s, n, &e));
		assert_true(e > s);
		assert_true(e >= prev_end);
		prev_end = e;

		int ty = sy.year + (sy.month - 1 + n) / 12;
		int tm = (sy.month - 1 + n) % 12 + 1;
		struct bdate_ymd ey = bdate_to_ymd(e);
		if (sy.day > oracle_days_in_month(ty, tm)) {
			/* Missing day number: the target month's last day. */
			assert_int_equal(ey.year, ty);
			assert_int_equal(ey.month, tm);
			assert_int_equal(ey.day, oracle_days_in_month(ty, tm));
		} else {
			/* The next period starts on the same day number. */
			assert_true(bdate_add_months_clamped(s, n, &next));
			assert_int_equal(e + 1, next);
			struct bdate_ymd ny = bdate_to_ymd(e + 1);
			assert_int_equal(ny.day, sy.day);
			assert_int_equal(ny.month, tm);
			assert_int_equal(ny.year, ty);
		}
		/* No drift: the second period ends 2n months after s. */
		assert_true(bdate_period_end(s, 2 * n, &e2));
		assert_true(e2 > e);
		if (sy.day <= 28) {
			assert_true(bdate_period_end(e + 1, n, &chained));
			assert_int_equal(chained, e2);
		}
		int64_t len = (int64_t)e - s + 1;
		assert_true(len >= 28 * n - 3 && len <= 31 * n + 1);
	}
}

static void test_period_end_every_start_2024_2031(void **state)
{
	(void)state;

	check_period_properties(6);
	check_period_properties(12);
	check_period_properties(1);
	check_period_properties(18);
}

static void test_easter_known_years(void **state)
{
	(void)state;
	static const char *const known[] = {
	    "2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28", "2038-04-25", "2000-04-23",
	    "1954-04-18", "2008-03-23", "2011-04-24", "2019-04-21", "1943-04-25", "1913-03-23",
	};
	bdate_t e;

	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		bdate_t want = D(known[i]);
		assert_true(bdate_easter(bdate_to_ymd(want).year, &e));
		assert_int_equal(e, want);
	}
	e = 99;
	assert_false(bdate_easter(1899, &e));
	assert_false(bdate_easter(2200, &e));
	assert_int_equal(e, 99);
}

static void test_easter_is_a_sunday_in_its_window(void **state)
{
	(void)state;

	for (int y = BDATE_MIN_YEAR; y <= BDATE_MAX_YEAR; y++) {
		bdate_t e, lo, hi;
		assert_true(bdate_easter(y, &e));
		assert_true(bdate_from_ymd(y, 3, 22, &lo));
		assert_true(bdate_from_ymd(y, 4, 25, &hi));
		assert_int_equal(bdate_weekday(e), 6);
		assert_true(e >= lo && e <= hi);
	}
}

static void test_holidays_2026(void **state)
{
	(void)state;
	static const char *const want[] = {
	    "2026-01-01", "2026-04-06", "2026-05-01", "2026-05-14", "2026-05-25",
	    "2026-07-21", "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-25",
	};
	size_t found = 0;

	for (bdate_t d = D("2026-01-01"); d <= D("2026-12-31"); d++) {
		if (!bdate_is_legal_holiday(d))
			continue;
		assert_true(found < sizeof want / sizeof want[0]);
		assert_date(d, want[found]);
		found++;
	}
	assert_int_equal(found, sizeof want / sizeof want[0]);
	assert_false(bdate_is_legal_holiday(D("2026-04-05"))); /* Easter Sunday */
	assert_false(bdate_is_legal_holiday(D("2026-05-24"))); /* Whit Sunday */
}

static void test_holidays_every_year(void **state)
{
	(void)state;

	for (int y = BDATE_MIN_YEAR; y <= BDATE_MAX_YEAR; y++) {
		bdate_t first, last, easter;
		int count = 0;
		assert_true(bdate_from_ymd(y, 1, 1, &first));
		assert_true(bdate_from_ymd(y, 12, 31, &last));
		assert_true(bdate_easter(y, &easter));
		for (bdate_t d = first; d <= last; d++)
			count += bdate_is_legal_holiday(d);
		/* Ascension falls on 1 May in some years (2008, for one). */
		bdate_t may1;
		assert_true(bdate_from_ymd(y, 5, 1, &may1));
		assert_int_equal(count, easter + 39 == may1 ? 9 : 10);
		assert_true(bdate_is_legal_holiday(easter + 1));
		assert_true(bdate_is_legal_holiday(easter + 39));
		assert_true(bdate_is_legal_holiday(easter + 50));
		assert_int_equal(bdate_weekday(easter + 39), 3); /* Thursday */
	}
	assert_true(bdate_is_legal_holiday(D("2008-05-01")));
}

static void test_working_days(void **state)
{
	(void)state;

	assert_true(bdate_is_working_day(D("2026-09-26")));  /* Saturday */
	assert_false(bdate_is_working_day(D("2026-09-27"))); /* Sunday */
	assert_false(bdate_is_working_day(D("2026-05-01"))); /* Friday, holiday */
	assert_false(bdate_is_working_day(D("2026-08-15"))); /* Saturday, holiday */
	assert_true(bdate_is_working_day(D("2026-04-27")));
	assert_false(bdate_is_working_day(D("2026-04-06")));
}

static void test_nth_working_day_after_examples(void **state)
{
	(void)state;
	bdate_t d;

	assert_true(bdate_nth_working_day_after(D("2026-04-27"), 3, &d));
	assert_date(d, "2026-04-30");
	assert_true(bdate_nth_working_day_after(D("2026-04-28"), 3, &d));
	assert_date(d, "2026-05-02");
	assert_true(bdate_nth_working_day_after(D("2026-09-26"), 3, &d));
	assert_date(d, "2026-09-30");
	assert_true(bdate_nth_working_day_after(D("2026-04-27"), 1, &d));
	assert_date(d, "2026-04-28");
	/* Christmas Friday, then Saturday, Sunday skipped, Monday. */
	assert_true(bdate_nth_working_day_after(D("2026-12-24"), 2, &d));
	assert_date(d, "2026-12-28");
}

/*
 * Posting deadlines of examples C1-C3: posting on the deadline is notified
 * on time, posting on the next working day is not.
 */
static void test_posting_deadlines_of_examples(void **state)
{
	(void)state;
	static const char *const rows[][2] = {
	    {"2026-03-27", "2026-03-31"}, {"2026-09-26", "2026-09-30"},
	    {"2026-04-27", "2026-04-30"}, {"2026-10-28", "2026-10-31"},
	    {"2026-11-26", "2026-11-30"}, {"2027-04-27", "2027-04-30"},
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		bdate_t post = D(rows[i][0]), latest = D(rows[i][1]), notified, next, late;
		assert_true(bdate_is_working_day(post));
		assert_true(bdate_nth_working_day_after(post, 3, &notified));
		assert_true(notified <= latest);
		assert_true(bdate_nth_working_day_after(post, 1, &next));
		assert_true(bdate_nth_working_day_after(next, 3, &late));
		assert_true(late > latest);
	}
}

static void test_nth_working_day_refusals(void **state)
{
	(void)state;
	bdate_t d = 31;

	assert_false(bdate_nth_working_day_after(D("2026-04-27"), 0, &d));
	assert_false(bdate_nth_working_day_after(D("2026-04-27"), -1, &d));
	assert_false(bdate_nth_working_day_after(D("2199-12-29"), 3, &d));
	assert_false(bdate_nth_working_day_after(D("1900-01-01") - 1, 1, &d));
	assert_int_equal(d, 31);
	assert_false(bdate_nth_working_day_after(D("2199-12-28"), 3, &d));
	/* Sunday 2199-12-29 is skipped. */
	assert_true(bdate_nth_working_day_after(D("2199-12-28"), 2, &d));
	assert_date(d, "2199-12-31");
}

static void test_age_years(void **state)
{
	(void)state;

	assert_int_equal(bdate_age_years(D("2008-09-01"), D("2026-03-02")), 17);
	assert_int_equal(bdate_age_years(D("2008-09-01"), D("2026-08-31")), 17);
	assert_int_equal(bdate_age_years(D("2008-09-01"), D("2026-09-01")), 18);
	assert_int_equal(bdate_age_years(D("2004-02-29"), D("2022-02-28")), 17);
	assert_int_equal(bdate_age_years(D("2004-02-29"), D("2022-03-01")), 18);
	assert_int_equal(bdate_age_years(D("2004-02-29"), D("2024-02-29")), 20);
	assert_int_equal(bdate_age_years(D("2026-03-02"), D("2026-03-02")), 0);
	assert_true(bdate_age_years(D("2026-03-02"), D("2026-03-01")) < 0);
}

static void test_parse_iso_refusals(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "2026-02-30",	"2026-2-01",   "2026/02/01",  "20260201",
	    "2026-02-1",	" 2026-02-01", "2026-02-01 ", "+026-02-01",
	    "1899-12-31",	"2200-01-01",  "2026-00-10",  "2026-13-01",
	    "2026-01-00",	"2026-01-3a",  "2026_01-01",  "",
	    "2026-01-01T00:00", "abcd-ef-gh",  "2026--1-01",
	};
	bdate_t d = 55;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(bdate_parse_iso(bad[i], strlen(bad[i]), &d));
	assert_false(bdate_parse_iso(NULL, 10, &d));
	assert_false(bdate_parse_iso("2026-01-01", 9, &d));
	assert_int_equal(d, 55);
	/* len bounds the input: no NUL needed after the date. */
	assert_true(bdate_parse_iso("2026-01-01XYZ", 10, &d));
	assert_date(d, "2026-01-01");
}

static void test_format(void **state)
{
	(void)state;
	char buf[BDATE_FR_LEN];

	bdate_format_fr(D("2026-07-04"), buf);
	assert_string_equal(buf, "04/07/2026");
	bdate_format_fr(D("1900-01-01"), buf);
	assert_string_equal(buf, "01/01/1900");
	assert_date(D("2199-12-31"), "2199-12-31");
	/* Out of range is visibly wrong rather than truncated. */
	assert_date(D("2199-12-31") + 1, "0000-00-00");
	assert_date(INT32_MIN, "0000-00-00");
	bdate_format_fr(D("1900-01-01") - 1, buf);
	assert_string_equal(buf, "00/00/0000");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_epoch_anchors),
	    cmocka_unit_test(test_roundtrip_every_day_1900_2199),
	    cmocka_unit_test(test_valid_ymd_limits),
	    cmocka_unit_test(test_leap_years_and_month_lengths),
	    cmocka_unit_test(test_weekday_known_days),
	    cmocka_unit_test(test_month_bounds_every_day),
	    cmocka_unit_test(test_add_months_clamped),
	    cmocka_unit_test(test_period_end_examples),
	    cmocka_unit_test(test_period_end_refusals),
	    cmocka_unit_test(test_period_end_every_start_2024_2031),
	    cmocka_unit_test(test_easter_known_years),
	    cmocka_unit_test(test_easter_is_a_sunday_in_its_window),
	    cmocka_unit_test(test_holidays_2026),
	    cmocka_unit_test(test_holidays_every_year),
	    cmocka_unit_test(test_working_days),
	    cmocka_unit_test(test_nth_working_day_after_examples),
	    cmocka_unit_test(test_posting_deadlines_of_examples),
	    cmocka_unit_test(test_nth_working_day_refusals),
	    cmocka_unit_test(test_age_years),
	    cmocka_unit_test(test_parse_iso_refusals),
	    cmocka_unit_test(test_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

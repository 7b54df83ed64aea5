/*
 * core/bdate: the ISO parser against an independent reference, the
 * parse/format round trip both ways, and the month arithmetic and working
 * days against their definitions in bdate.h.
 *
 * Input: the whole input is offered to bdate_parse_iso; its first bytes are
 * also read as a day number, a month count and a working-day count.
 */
#include <stdio.h>
#include <string.h>

#include "bdate.h"
#include "fuzz_support.h"

static int ref_days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* "YYYY-MM-DD", ASCII digits only, a real day of 1900..2199. */
static bool ref_iso_valid(const char *s, size_t len, int *y, int *m, int *d)
{
	if (len != 10)
		return false;
	for (size_t i = 0; i < len; i++) {
		bool dash = i == 4 || i == 7;
		if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	}
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	return *y >= BDATE_MIN_YEAR && *y <= BDATE_MAX_YEAR && *m >= 1 && *m <= 12 && *d >= 1 &&
	       *d <= ref_days_in_month(*y, *m);
}

static bdate_t first_day, last_day;

static void check_day(bdate_t d)
{
	char iso[BDATE_ISO_LEN], fr[BDATE_FR_LEN], want[BDATE_FR_LEN];
	struct bdate_ymd ymd = bdate_to_ymd(d);
	bdate_t back;
	FUZZ_CHECK(bdate_valid_ymd(ymd.year, ymd.month, ymd.day));
	FUZZ_CHECK(bdate_from_ymd(ymd.year, ymd.month, ymd.day, &back) && back == d);
	bdate_format_iso(d, iso);
	FUZZ_CHECK(strlen(iso) == 10);
	FUZZ_CHECK(bdate_parse_iso(iso, 10, &back) && back == d);
	bdate_format_fr(d, fr);
	snprintf(want, sizeof want, "%02d/%02d/%04d", ymd.day, ymd.month, ymd.year);
	FUZZ_CHECK(strcmp(fr, want) == 0);
	/* Consecutive days are consecutive weekdays; 1970-01-01 was a Thursday. */
	FUZZ_CHECK(bdate_weekday(d) == (int)((((int64_t)d + 3) % 7 + 7) % 7));
	FUZZ_CHECK(bdate_start_of_month(d) <= d && d <= bdate_end_of_month(d));
	FUZZ_CHECK(bdate_to_ymd(bdate_start_of_month(d)).day == 1);
	FUZZ_CHECK(bdate_to_ymd(bdate_end_of_month(d)).day ==
		   ref_days_in_month(ymd.year, ymd.month));
}

/* bdate.h: same day number n months later, clamped to the month's end. */
static void check_months(bdate_t d, int months)
{
	struct bdate_ymd from = bdate_to_ymd(d);
	int64_t index = (int64_t)from.year * 12 + (from.month - 1) + months;
	int64_t ty = index >= 0 ? index / 12 : -((-index + 11) / 12);
	int tm = (int)(index - ty * 12) + 1;
	bool in_range = ty >= BDATE_MIN_YEAR && ty <= BDATE_MAX_YEAR;
	bdate_t out;
	bool ok = bdate_add_months_clamped(d, months, &out);
	FUZZ_CHECK(ok == in_range);
	if (ok) {
		int dim = ref_days_in_month((int)ty, tm);
		struct bdate_ymd to = bdate_to_ymd(out);
		FUZZ_CHECK(to.year == ty && to.month == tm);
		FUZZ_CHECK(to.day == (from.day <= dim ? from.day : dim));
	}
	if (months < 1) {
		FUZZ_CHECK(!bdate_period_end(d, months, &out));
		return;
	}
	/* "de quantième à veille de quantième", or the end of a short month;
	 * refused only when that end falls after 2199. */
	int dim = ref_days_in_month((int)ty, tm);
	bool end_in_range =
	    ty <= BDATE_MAX_YEAR || (ty == BDATE_MAX_YEAR + 1 && tm == 1 && from.day == 1);
	ok = bdate_period_end(d, months, &out);
	FUZZ_CHECK(ok == end_in_range);
	if (!ok)
		return;
	FUZZ_CHECK(out >= first_day && out <= last_day);
	if (from.day <= dim) {
		struct bdate_ymd next = bdate_to_ymd(out + 1);
		FUZZ_CHECK(next.year == ty && next.month == tm && next.day == from.day);
	} else {
		struct bdate_ymd end = bdate_to_ymd(out);
		FUZZ_CHECK(end.year == ty && end.month == tm && end.day == dim);
	}
}

static void check_working_days(bdate_t d, int n)
{
	bdate_t out;
	if (!bdate_nth_working_day_after(d, n, &out)) {
		FUZZ_CHECK(bdate_to_ymd(d).year >= BDATE_MAX_YEAR);
		return;
	}
	FUZZ_CHECK(out > d && out <= last_day && bdate_is_working_day(out));
	int count = 0;
	for (bdate_t x = d + 1; x <= out; x++)
		count += bdate_is_working_day(x);
	FUZZ_CHECK(count == n);
	/* Sundays are never working days; Saturdays are unless a holiday. */
	FUZZ_CHECK(bdate_weekday(out) != 6);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (first_day == 0 && !bdate_from_ymd(BDATE_MIN_YEAR, 1, 1, &first_day))
		FUZZ_CHECK(!"first day");
	if (last_day == 0 && !bdate_from_ymd(BDATE_MAX_YEAR, 12, 31, &last_day))
		FUZZ_CHECK(!"last day");

	const char *s = (const char *)data;
	int y, m, dd;
	bdate_t d = 0;
	bool ok = bdate_parse_iso(s, size, &d);
	FUZZ_CHECK(ok == ref_iso_valid(s, size, &y, &m, &dd));
	if (ok) {
		char iso[BDATE_ISO_LEN];
		bdate_format_iso(d, iso);
		FUZZ_CHECK(memcmp(iso, s, 10) == 0);
		struct bdate_ymd ymd = bdate_to_ymd(d);
		FUZZ_CHECK(ymd.year == y && ymd.month == m && ymd.day == dd);
		check_day(d);
	}

	if (size < 9)
		return 0;
	int32_t raw, months;
	memcpy(&raw, data, 4);
	memcpy(&months, data + 4, 4);
	/* Any day of the valid range, whatever the raw bits. */
	bdate_t day = first_day + (bdate_t)((uint32_t)raw % (uint32_t)(last_day - first_day + 1));
	check_day(day);
	check_months(day, months);
	check_months(day, months % 2400);
	check_working_days(day, 1 + data[8] % 40);
	/* Out of range: refused, never a crash. */
	bdate_t out;
	if (raw < first_day || raw > last_day) {
		FUZZ_CHECK(!bdate_add_months_clamped(raw, months, &out));
		FUZZ_CHECK(!bdate_nth_working_day_after(raw, 1 + data[8] % 40, &out));
	}
	return 0;
}

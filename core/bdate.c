#include "bdate.h"

/*
 * Internal conversions use int64_t so that any bdate_t (the whole int32_t
 * range) converts without overflow; the public functions then enforce the
 * 1900..2199 range where they promise a result.
 */

/* Howard Hinnant's days_from_civil, proleptic Gregorian. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Howard Hinnant's civil_from_days. */
static struct bdate_ymd civil_from_days(int64_t z)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	struct bdate_ymd r;
	r.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.year = (int)(yoe + era * 400 + (r.month <= 2));
	return r;
}

static bool year_in_range(int64_t year)
{
	return year >= BDATE_MIN_YEAR && year <= BDATE_MAX_YEAR;
}

static bool date_in_range(int64_t d)
{
	return year_in_range(civil_from_days(d).year);
}

bool bdate_is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int bdate_days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && bdate_is_leap_year(year))
		return 29;
	return days[month - 1];
}

bool bdate_valid_ymd(int year, int month, int day)
{
	return year_in_range(year) && month >= 1 && month <= 12 && day >= 1 &&
	       day <= bdate_days_in_month(year, month);
}

bool bdate_from_ymd(int year, int month, int day, bdate_t *out)
{
	if (!bdate_valid_ymd(year, month, day))
		return false;
	*out = (bdate_t)days_from_civil(year, month, day);
	return true;
}

struct bdate_ymd bdate_to_ymd(bdate_t d)
{
	return civil_from_days(d);
}

int bdate_weekday(bdate_t d)
{
	/* 1970-01-01 was a Thursday (3 in ISO order). */
	return (int)((((int64_t)d + 3) % 7 + 7) % 7);
}

bdate_t bdate_end_of_month(bdate_t d)
{
	struct bdate_ymd ymd = civil_from_days(d);
	return (bdate_t)(d + bdate_days_in_month(ymd.year, ymd.month) - ymd.day);
}

bdate_t bdate_start_of_month(bdate_t d)
{
	return (bdate_t)(d - (civil_from_days(d).day - 1));
}

/*
 * Shared by add_months and period_end: the month `months` after the month
 * of d (d in range). The target is not range-checked here: a period may end
 * on 2199-12-31 although its target month is in 2200. The int64_t sum cannot
 * overflow, and |months| / 12 keeps the year within int.
 */
static bool shift_month(bdate_t d, int months, struct bdate_ymd *from, int *year, int *month)
{
	*from = civil_from_days(d);
	if (!year_in_range(from->year))
		return false;
	int64_t index = (int64_t)from->year * 12 + (from->month - 1) + months;
	int64_t y = index >= 0 ? index / 12 : -((-index + 11) / 12);
	*year = (int)y;
	*month = (int)(index - y * 12) + 1;
	return true;
}

bool bdate_add_months_clamped(bdate_t d, int months, bdate_t *out)
{
	struct bdate_ymd from;
	int year, month;

	if (!shift_month(d, months, &from, &year, &month) || !year_in_range(year))
		return false;
	int dim = bdate_days_in_month(year, month);
	*out = (bdate_t)days_from_civil(year, month, from.day <= dim ? from.day : dim);
	return true;
}

bool bdate_period_end(bdate_t start, int months, bdate_t *out)
{
	struct bdate_ymd from;
	int year, month;

	if (months < 1 || !shift_month(start, months, &from, &year, &month))
		return false;
	int dim = bdate_days_in_month(year, month);
	/*
	 * A missing day number (31 Aug -> February) ends the period on the
	 * last day of the target month, not the day before it: the "veille"
	 * of a quantième that does not exist is taken as that month's end.
	 */
	int64_t end = from.day <= dim ? days_from_civil(year, month, from.day) - 1
				      : days_from_civil(year, month, dim);
	if (!date_in_range(end))
		return false;
	*out = (bdate_t)end;
	return true;
}

/* Anonymous Gregorian algorithm (Meeus/Jones/Butcher); valid for year > 0. */
static int64_t easter_days(int year)
{
	int a = year % 19;
	int b = year / 100;
	int c = year % 100;
	int d = b / 4;
	int e = b % 4;
	int f = (b + 8) / 25;
	int g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4;
	int k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31;
	int day = (h + l - 7 * m + 114) % 31 + 1;
	return days_from_civil(year, month, day);
}

bool bdate_easter(int year, bdate_t *out)
{
	if (!year_in_range(year))
		return false;
	*out = (bdate_t)easter_days(year);
	return true;
}

bool bdate_is_legal_holiday(bdate_t d)
{
	static const struct {
		int month, day;
	} fixed[] = {{1, 1}, {5, 1}, {7, 21}, {8, 15}, {11, 1}, {11, 11}, {12, 25}};
	/* Easter Monday, Ascension Day, Whit Monday. */
	static const int after_easter[] = {1, 39, 50};
	struct bdate_ymd ymd = civil_from_days(d);

	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (ymd.month == fixed[i].month && ymd.day == fixed[i].day)
			return true;
	/* Movable feasts fall between 23 March and 14 June. */
	if (ymd.month < 3 || ymd.month > 6 || ymd.year <= 0)
		return false;
	int64_t easter = easter_days(ymd.year);
	for (size_t i = 0; i < sizeof after_easter / sizeof after_easter[0]; i++)
		if (d == easter + after_easter[i])
			return true;
	return false;
}

bool bdate_is_working_day(bdate_t d)
{
	return bdate_weekday(d) != 6 && !bdate_is_legal_holiday(d);
}

bool bdate_nth_working_day_after(bdate_t d, int n, bdate_t *out)
{
	if (n < 1 || !date_in_range(d))
		return false;
	bdate_t cur = d;
	while (n > 0) {
		cur++;
		if (!date_in_range(cur))
			return false;
		if (bdate_is_working_day(cur))
			n--;
	}
	*out = cur;
	return true;
}

/*
 * Someone born on 29 February completes a year on 1 March in common years
 * (the day after 28 February). Negative when `on` precedes `birth`.
 */
int bdate_age_years(bdate_t birth, bdate_t on)
{
	struct bdate_ymd b = civil_from_days(birth);
	struct bdate_ymd o = civil_from_days(on);
	int age = o.year - b.year;

	if (o.month < b.month || (o.month == b.month && o.day < b.day))
		age--;
	return age;
}

static bool parse_digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool bdate_parse_iso(const char *s, size_t len, bdate_t *out)
{
	int y, m, d;

	if (s == NULL || len != 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (!parse_digits(s, 4, &y) || !parse_digits(s + 5, 2, &m) || !parse_digits(s + 8, 2, &d))
		return false;
	return bdate_from_ymd(y, m, d, out);
}

/* Writes the n low decimal digits of v (v >= 0). */
static void put_digits(char *buf, int v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		buf[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

/*
 * Outside the valid range every field is written as zeros: a visibly wrong
 * "0000-00-00" is better than a plausible date with a truncated year.
 */
static struct bdate_ymd printable_ymd(bdate_t d)
{
	struct bdate_ymd ymd = civil_from_days(d);

	if (!year_in_range(ymd.year)) {
		ymd.year = 0;
		ymd.month = 0;
		ymd.day = 0;
	}
	return ymd;
}

void bdate_format_iso(bdate_t d, char buf[BDATE_ISO_LEN])
{
	struct bdate_ymd ymd = printable_ymd(d);

	put_digits(buf, ymd.year, 4);
	buf[4] = '-';
	put_digits(buf + 5, ymd.month, 2);
	buf[7] = '-';
	put_digits(buf + 8, ymd.day, 2);
	buf[10] = '\0';
}

void bdate_format_fr(bdate_t d, char buf[BDATE_FR_LEN])
{
	struct bdate_ymd ymd = printable_ymd(d);

	put_digits(buf, ymd.day, 2);
	buf[2] = '/';
	put_digits(buf + 3, ymd.month, 2);
	buf[5] = '/';
	put_digits(buf + 6, ymd.year, 4);
	buf[10] = '\0';
}

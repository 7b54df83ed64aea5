/*
 * bdate: civil dates, Belgian legal holidays and working days.
 *
 * A date is a bdate_t: the number of days since 1970-01-01 (proleptic
 * Gregorian calendar, no time zone, no time of day). Valid range: years
 * 1900..2199; functions taking a year outside it return false / -1.
 * Everything here is pure: no I/O, no globals, no allocation. Strings are
 * written into caller buffers; nothing returned needs freeing.
 */
#ifndef TRANSITD_CORE_BDATE_H
#define TRANSITD_CORE_BDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define CORE_WUR __attribute__((warn_unused_result))
#else
#define CORE_WUR
#endif

typedef int32_t bdate_t;

struct bdate_ymd {
	int year;  /* 1900..2199 */
	int month; /* 1..12 */
	int day;   /* 1..days in month */
};

#define BDATE_MIN_YEAR 1900
#define BDATE_MAX_YEAR 2199

/* Length of "YYYY-MM-DD" plus NUL, and of "DD/MM/YYYY" plus NUL. */
#define BDATE_ISO_LEN 11
#define BDATE_FR_LEN 11

/* True when (y, m, d) is a real calendar day within the valid range. */
bool bdate_valid_ymd(int year, int month, int day);

/* (y, m, d) -> days since epoch; returns false when not a valid day. */
CORE_WUR bool bdate_from_ymd(int year, int month, int day, bdate_t *out);

/* Days since epoch -> (y, m, d). */
struct bdate_ymd bdate_to_ymd(bdate_t d);

bool bdate_is_leap_year(int year);
int bdate_days_in_month(int year, int month); /* 0 when month invalid */

/* 0 = Monday ... 6 = Sunday (ISO 8601 order). */
int bdate_weekday(bdate_t d);

/* Last day of the month of d. */
bdate_t bdate_end_of_month(bdate_t d);
/* First day of the month of d. */
bdate_t bdate_start_of_month(bdate_t d);

/*
 * Same day number n months later (n may be negative); when that day does not
 * exist in the target month, the last day of the target month.
 */
CORE_WUR bool bdate_add_months_clamped(bdate_t d, int months, bdate_t *out);

/*
 * Belgian rule "de quantième à veille de quantième": a period of n months
 * (n >= 1) starting on s ends the day before the same day number n months
 * later; when that day number does not exist in the target month, it ends on
 * the last day of the target month.
 * Example: s = 2026-01-15, n = 6 -> 2026-07-14; s = 2026-08-31, n = 6 ->
 * 2027-02-28.
 */
CORE_WUR bool bdate_period_end(bdate_t start, int months, bdate_t *out);

/* Easter Sunday of a year (Gregorian computus). */
CORE_WUR bool bdate_easter(int year, bdate_t *out);

/*
 * Belgian legal holidays: 1 Jan, Easter Monday, 1 May, Ascension Day,
 * Whit Monday, 21 Jul, 15 Aug, 1 Nov, 11 Nov, 25 Dec.
 */
bool bdate_is_legal_holiday(bdate_t d);

/* Any day but Sunday and Belgian legal holidays (Saturday is working). */
bool bdate_is_working_day(bdate_t d);

/* The n-th working day strictly after d (n >= 1). */
CORE_WUR bool bdate_nth_working_day_after(bdate_t d, int n, bdate_t *out);

/* Completed years of age on date `on` for a person born on `birth`. */
int bdate_age_years(bdate_t birth, bdate_t on);

/*
 * Parses exactly "YYYY-MM-DD" (len bytes, not necessarily NUL-terminated);
 * false on anything else (wrong length, non-digit, impossible day).
 */
CORE_WUR bool bdate_parse_iso(const char *s, size_t len, bdate_t *out);

/* Writes "YYYY-MM-DD" into buf (at least BDATE_ISO_LEN bytes). */
void bdate_format_iso(bdate_t d, char buf[BDATE_ISO_LEN]);

/* Writes "DD/MM/YYYY" (the French document format) into buf. */
void bdate_format_fr(bdate_t d, char buf[BDATE_FR_LEN]);

#endif

#include "ident.h"

#include <string.h>

const char *ident_err_str(enum ident_err err)
{
	switch (err) {
	case IDENT_OK:
		return "valid";
	case IDENT_BAD_FORMAT:
		return "invalid format";
	case IDENT_BAD_CHECK:
		return "invalid check digits";
	case IDENT_BAD_DATE:
		return "impossible birth date";
	}
	return "unknown error";
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Value of n decimal digits; the caller has checked they are digits. */
static uint64_t digits_value(const char *s, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (uint64_t)(s[i] - '0');
	return v;
}

/* The usual Belgian check: v mod 97, with 97 standing for 0. */
static unsigned mod97_check(uint64_t v)
{
	unsigned r = (unsigned)(v % 97);
	return r == 0 ? 97 : r;
}

/*
 * Copies the digits of s into out[n] following layout, where 'D' is a digit
 * and any other character must appear literally. False on any mismatch.
 */
static bool match_layout(const char *s, size_t len, const char *layout, char *out)
{
	size_t n = 0;

	if (len != strlen(layout))
		return false;
	for (size_t i = 0; i < len; i++) {
		if (layout[i] == 'D') {
			if (!is_digit(s[i]))
				return false;
			out[n++] = s[i];
		} else if (s[i] != layout[i]) {
			return false;
		}
	}
	out[n] = '\0';
	return true;
}

enum ident_err ident_nrn_parse(const char *s, size_t len, struct ident_nrn *out)
{
	struct ident_nrn r;

	memset(&r, 0, sizeof r);
	if (s == NULL || (!match_layout(s, len, "DDDDDDDDDDD", r.digits) &&
			  !match_layout(s, len, "DD.DD.DD-DDD.DD", r.digits)))
		return IDENT_BAD_FORMAT;

	uint64_t base = digits_value(r.digits, 9);
	unsigned check = (unsigned)digits_value(r.digits + 9, 2);
	int yy = (int)digits_value(r.digits, 2);
	if (97 - base % 97 == check)
		r.birth_year = 1900 + yy;
	else if (97 - (2000000000 + base) % 97 == check)
		r.birth_year = 2000 + yy;
	else
		return IDENT_BAD_CHECK;

	int month = (int)digits_value(r.digits + 2, 2);
	int day = (int)digits_value(r.digits + 4, 2);
	unsigned seq = (unsigned)digits_value(r.digits + 6, 3);
	r.sex = seq % 2 == 1 ? IDENT_SEX_MALE : IDENT_SEX_FEMALE;
	if (month >= 40) {
		r.is_bis = true;
		month -= 40;
	} else if (month >= 20) {
		r.is_bis = true;
		r.sex = IDENT_SEX_UNKNOWN;
		month -= 20;
	}
	if (month > 12 || day > 31)
		return IDENT_BAD_DATE;
	r.birth_month = month;
	r.birth_day = day;
	if (month != 0 && day != 0) {
		if (!bdate_from_ymd(r.birth_year, month, day, &r.birth))
			return IDENT_BAD_DATE;
		r.birth_known = true;
	}

	const char *d = r.digits;
	char *f = r.formatted;
	memcpy(f, d, 2);
	f[2] = '.';
	memcpy(f + 3, d + 2, 2);
	f[5] = '.';
	memcpy(f + 6, d + 4, 2);
	f[8] = '-';
	memcpy(f + 9, d + 6, 3);
	f[12] = '.';
	memcpy(f + 13, d + 9, 2);
	f[15] = '\0';
	/* Only the check digits stay: they tell two members apart on a screen
	 * without giving away the birth date, sex or sequence. */
	memcpy(r.masked, "**.**.**-***.", 13);
	memcpy(r.masked + 13, d + 9, 2);
	r.masked[15] = '\0';
	*out = r;
	return IDENT_OK;
}

/* Running mod 97 over decimal digits, so long numbers never overflow. */
static unsigned mod97_append(unsigned acc, const char *digits)
{
	for (; *digits != '\0'; digits++)
		acc = (acc * 10 + (unsigned)(*digits - '0')) % 97;
	return acc;
}

enum ident_err ident_iban_be_parse(const char *s, size_t len, struct ident_iban *out)
{
	char e[IDENT_IBAN_LEN];
	size_t n = 0;

	if (s == NULL)
		return IDENT_BAD_FORMAT;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == ' ')
			continue;
		if (n == 16)
			return IDENT_BAD_FORMAT;
		if (n < 2) {
			/* Only the country code may be written in lower case. */
			char upper = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
			if (upper != "BE"[n])
				return IDENT_BAD_FORMAT;
			e[n++] = upper;
			continue;
		}
		if (!is_digit(c))
			return IDENT_BAD_FORMAT;
		e[n++] = c;
	}
	if (n != 16)
		return IDENT_BAD_FORMAT;
	e[16] = '\0';

	/* ISO 13616: BBAN, then "BE" as B=11 E=14, then the check digits. */
	char check[3] = {e[2], e[3], '\0'};
	unsigned acc = mod97_append(0, e + 4);
	acc = mod97_append(acc, "1114");
	acc = mod97_append(acc, check);
	if (acc != 1)
		return IDENT_BAD_CHECK;
	if (mod97_check(digits_value(e + 4, 10)) != digits_value(e + 14, 2))
		return IDENT_BAD_CHECK;

	memcpy(out->electronic, e, sizeof e);
	for (size_t i = 0, j = 0; i < 16; i++) {
		if (i > 0 && i % 4 == 0)
			out->paper[j++] = ' ';
		out->paper[j++] = e[i];
	}
	out->paper[IDENT_IBAN_FMT_LEN - 1] = '\0';
	return IDENT_OK;
}

enum ident_err ident_ogm_parse(const char *s, size_t len, uint64_t *base)
{
	char d[13];

	if (s == NULL || (!match_layout(s, len, "DDDDDDDDDDDD", d) &&
			  !match_layout(s, len, "+++DDD/DDDD/DDDDD+++", d) &&
			  !match_layout(s, len, "***DDD/DDDD/DDDDD***", d)))
		return IDENT_BAD_FORMAT;
	uint64_t v = digits_value(d, 10);
	if (mod97_check(v) != digits_value(d + 10, 2))
		return IDENT_BAD_CHECK;
	*base = v;
	return IDENT_OK;
}

bool ident_ogm_format(uint64_t base, char buf[IDENT_OGM_LEN])
{
	static const char layout[] = "+++DDD/DDDD/DDDDD+++";
	char d[12];

	if (base > IDENT_OGM_MAX_BASE)
		return false;
	uint64_t v = base * 100 + mod97_check(base);
	for (int i = 11; i >= 0; i--) {
		d[i] = (char)('0' + v % 10);
		v /= 10;
	}
	for (size_t i = 0, n = 0; i < sizeof layout; i++)
		buf[i] = layout[i] == 'D' ? d[n++] : layout[i];
	return true;
}

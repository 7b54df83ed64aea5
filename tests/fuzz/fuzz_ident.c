/*
 * core/ident: the national register number, Belgian IBAN and structured
 * communication parsers against independent references of their rules
 * (ident.h), and the round trips: a valid identifier re-formats to itself
 * (its canonical and its printed forms parse back to the same result).
 *
 * Input: the whole input is offered to each parser; its first bytes also
 * build identifiers with correct check digits, which random bytes rarely
 * have, so that the round trips run on every input.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz_support.h"
#include "ident.h"

static bool digits_at(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static uint64_t value_of(const char *s, size_t n)
{
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (uint64_t)(s[i] - '0');
	return v;
}

/* ---- national register numbers ---- */

/* The 11 digits of s in either written form, or false. */
static bool nrn_digits(const char *s, size_t len, char d[12])
{
	if (len == 11 && digits_at(s, 11)) {
		memcpy(d, s, 11);
	} else if (len == 15 && s[2] == '.' && s[5] == '.' && s[8] == '-' && s[12] == '.' &&
		   digits_at(s, 2) && digits_at(s + 3, 2) && digits_at(s + 6, 2) &&
		   digits_at(s + 9, 3) && digits_at(s + 13, 2)) {
		snprintf(d, 12, "%.2s%.2s%.2s%.3s%.2s", s, s + 3, s + 6, s + 9, s + 13);
	} else {
		return false;
	}
	d[11] = '\0';
	return true;
}

static enum ident_err ref_nrn(const char *s, size_t len, struct ident_nrn *want)
{
	char d[12];
	memset(want, 0, sizeof *want);
	if (!nrn_digits(s, len, d))
		return IDENT_BAD_FORMAT;
	uint64_t base = value_of(d, 9), check = value_of(d + 9, 2);
	int yy = (int)value_of(d, 2);
	/* The check is 97 - (n mod 97); from 2000 on, n is prefixed with a 2. */
	if (97 - base % 97 == check)
		want->birth_year = 1900 + yy;
	else if (97 - (2000000000ULL + base) % 97 == check)
		want->birth_year = 2000 + yy;
	else
		return IDENT_BAD_CHECK;
	int month = (int)value_of(d + 2, 2), day = (int)value_of(d + 4, 2);
	int seq = (int)value_of(d + 6, 3);
	want->sex = seq % 2 ? IDENT_SEX_MALE : IDENT_SEX_FEMALE;
	if (month >= 40) {
		want->is_bis = true;
		month -= 40;
	} else if (month >= 20) {
		want->is_bis = true;
		want->sex = IDENT_SEX_UNKNOWN;
		month -= 20;
	}
	if (month > 12 || day > 31)
		return IDENT_BAD_DATE;
	want->birth_month = month;
	want->birth_day = day;
	if (month != 0 && day != 0) {
		if (!bdate_from_ymd(want->birth_year, month, day, &want->birth))
			return IDENT_BAD_DATE;
		want->birth_known = true;
	}
	memcpy(want->digits, d, 12);
	snprintf(want->formatted, sizeof want->formatted, "%.2s.%.2s.%.2s-%.3s.%.2s", d, d + 2,
		 d + 4, d + 6, d + 9);
	return IDENT_OK;
}

static bool same_nrn(const struct ident_nrn *a, const struct ident_nrn *b)
{
	return strcmp(a->digits, b->digits) == 0 && strcmp(a->formatted, b->formatted) == 0 &&
	       a->is_bis == b->is_bis && a->sex == b->sex && a->birth_year == b->birth_year &&
	       a->birth_month == b->birth_month && a->birth_day == b->birth_day &&
	       a->birth_known == b->birth_known && (!a->birth_known || a->birth == b->birth);
}

static void check_nrn(const char *s, size_t len)
{
	struct ident_nrn got, want, again;
	memset(&got, 0x5a, sizeof got);
	enum ident_err e = ident_nrn_parse(s, len, &got);
	FUZZ_CHECK(e == ref_nrn(s, len, &want));
	FUZZ_CHECK(strcmp(ident_err_str(e), "unknown error") != 0);
	if (e != IDENT_OK) {
		/* *out is written only on success. */
		struct ident_nrn untouched;
		memset(&untouched, 0x5a, sizeof untouched);
		FUZZ_CHECK(memcmp(&got, &untouched, sizeof got) == 0);
		return;
	}
	FUZZ_CHECK(same_nrn(&got, &want));
	/* Each written form is the canonical one of its layout. */
	FUZZ_CHECK(memcmp(s, len == 11 ? got.digits : got.formatted, len) == 0);
	FUZZ_CHECK(ident_nrn_parse(got.digits, strlen(got.digits), &again) == IDENT_OK);
	FUZZ_CHECK(same_nrn(&again, &got));
	FUZZ_CHECK(ident_nrn_parse(got.formatted, strlen(got.formatted), &again) == IDENT_OK);
	FUZZ_CHECK(same_nrn(&again, &got));
}

/* ---- IBAN ---- */

static enum ident_err ref_iban(const char *s, size_t len, char e[17])
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == ' ')
			continue;
		if (n == 16)
			return IDENT_BAD_FORMAT;
		e[n++] = s[i];
	}
	if (n != 16 || (e[0] != 'B' && e[0] != 'b') || (e[1] != 'E' && e[1] != 'e') ||
	    !digits_at(e + 2, 14))
		return IDENT_BAD_FORMAT;
	e[0] = 'B';
	e[1] = 'E';
	e[16] = '\0';
	/* ISO 13616: BBAN + "BE" as 1114 + check digits, mod 97 = 1. */
	char rearranged[24];
	snprintf(rearranged, sizeof rearranged, "%.12s1114%.2s", e + 4, e + 2);
	unsigned acc = 0;
	for (const char *p = rearranged; *p; p++)
		acc = (acc * 10 + (unsigned)(*p - '0')) % 97;
	uint64_t account = value_of(e + 4, 10) % 97;
	if (acc != 1 || (account == 0 ? 97 : account) != value_of(e + 14, 2))
		return IDENT_BAD_CHECK;
	return IDENT_OK;
}

static void check_iban(const char *s, size_t len)
{
	struct ident_iban got, again;
	char want[17];
	enum ident_err e = ident_iban_be_parse(s, len, &got);
	FUZZ_CHECK(e == ref_iban(s, len, want));
	if (e != IDENT_OK)
		return;
	FUZZ_CHECK(strcmp(got.electronic, want) == 0);
	char paper[IDENT_IBAN_FMT_LEN];
	snprintf(paper, sizeof paper, "%.4s %.4s %.4s %.4s", want, want + 4, want + 8, want + 12);
	FUZZ_CHECK(strcmp(got.paper, paper) == 0);
	FUZZ_CHECK(ident_iban_be_parse(got.electronic, strlen(got.electronic), &again) == IDENT_OK);
	FUZZ_CHECK(strcmp(again.electronic, got.electronic) == 0 &&
		   strcmp(again.paper, got.paper) == 0);
	FUZZ_CHECK(ident_iban_be_parse(got.paper, strlen(got.paper), &again) == IDENT_OK);
	FUZZ_CHECK(strcmp(again.electronic, got.electronic) == 0);
}

/* ---- structured communications ---- */

static enum ident_err ref_ogm(const char *s, size_t len, uint64_t *base, char *frame)
{
	char d[13];
	*frame = 0;
	if (len == 12 && digits_at(s, 12)) {
		memcpy(d, s, 12);
	} else if (len == 20 && (s[0] == '+' || s[0] == '*') && memchr("+*", s[0], 2) &&
		   s[1] == s[0] && s[2] == s[0] && s[17] == s[0] && s[18] == s[0] &&
		   s[19] == s[0] && s[6] == '/' && s[11] == '/' && digits_at(s + 3, 3) &&
		   digits_at(s + 7, 4) && digits_at(s + 12, 5)) {
		*frame = s[0];
		snprintf(d, sizeof d, "%.3s%.4s%.5s", s + 3, s + 7, s + 12);
	} else {
		return IDENT_BAD_FORMAT;
	}
	uint64_t v = value_of(d, 10), check = v % 97;
	if ((check == 0 ? 97 : check) != value_of(d + 10, 2))
		return IDENT_BAD_CHECK;
	*base = v;
	return IDENT_OK;
}

static void check_ogm(const char *s, size_t len)
{
	uint64_t got = 777, want = 777;
	char frame, text[IDENT_OGM_LEN];
	enum ident_err e = ident_ogm_parse(s, len, &got);
	FUZZ_CHECK(e == ref_ogm(s, len, &want, &frame));
	if (e != IDENT_OK) {
		FUZZ_CHECK(got == 777);
		return;
	}
	FUZZ_CHECK(got == want && got <= IDENT_OGM_MAX_BASE);
	FUZZ_CHECK(ident_ogm_format(got, text));
	FUZZ_CHECK(strlen(text) == 20);
	if (frame == '+') {
		FUZZ_CHECK(memcmp(text, s, 20) == 0);
	} else if (frame == '*') {
		for (size_t i = 0; i < 20; i++)
			FUZZ_CHECK(text[i] == (s[i] == '*' ? '+' : s[i]));
	} else {
		char bare[13];
		snprintf(bare, sizeof bare, "%.3s%.4s%.5s", text + 3, text + 7, text + 12);
		FUZZ_CHECK(memcmp(bare, s, 12) == 0);
	}
	uint64_t again = 0;
	FUZZ_CHECK(ident_ogm_parse(text, 20, &again) == IDENT_OK && again == got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	check_nrn(s, size);
	check_iban(s, size);
	check_ogm(s, size);

	if (size < 8)
		return 0;
	uint64_t raw;
	memcpy(&raw, data, 8);
	char text[32], printed[32];
	struct ident_nrn nrn;
	struct ident_iban iban;

	/* A number with its check for either century: parsed, never refused
	 * for its check digits. */
	uint64_t base = raw % 1000000000ULL;
	bool y2000 = raw >> 63;
	uint64_t check = 97 - ((y2000 ? 2000000000ULL : 0) + base) % 97;
	snprintf(text, sizeof text, "%09llu%02llu", (unsigned long long)base,
		 (unsigned long long)check);
	FUZZ_CHECK(ident_nrn_parse(text, 11, &nrn) != IDENT_BAD_CHECK);
	check_nrn(text, 11);
	snprintf(printed, sizeof printed, "%.2s.%.2s.%.2s-%.3s.%.2s", text, text + 2, text + 4,
		 text + 6, text + 9);
	check_nrn(printed, 15);

	uint64_t account = raw % 10000000000ULL, a97 = account % 97;
	char bban[13], rearranged[24];
	snprintf(bban, sizeof bban, "%010llu%02llu", (unsigned long long)account,
		 (unsigned long long)(a97 == 0 ? 97 : a97));
	snprintf(rearranged, sizeof rearranged, "%s111400", bban);
	unsigned acc = 0;
	for (const char *p = rearranged; *p; p++)
		acc = (acc * 10 + (unsigned)(*p - '0')) % 97;
	snprintf(text, sizeof text, "%s%02u%s", raw & 1 ? "be" : "BE", 98 - acc, bban);
	FUZZ_CHECK(ident_iban_be_parse(text, strlen(text), &iban) == IDENT_OK);
	check_iban(text, strlen(text));

	char ogm[IDENT_OGM_LEN];
	uint64_t any = raw % (IDENT_OGM_MAX_BASE + 2);
	bool formatted = ident_ogm_format(any, ogm);
	FUZZ_CHECK(formatted == (any <= IDENT_OGM_MAX_BASE));
	if (formatted)
		check_ogm(ogm, strlen(ogm));
	return 0;
}

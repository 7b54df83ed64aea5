/*
 * core/money: money_parse against an independent reference, the
 * money_parse <-> money_format_decimal round trip, the display formats
 * against a reference, every formatter at every buffer size around its
 * length (heap buffers of exactly that size, so ASan sees one byte too
 * many), money_words_fr read back into the amount it spells, and the
 * checked arithmetic against 128-bit references.
 *
 * Input: the whole input is offered to money_parse; its first 8 bytes are
 * also an amount in cents, the next 24 the operands of the arithmetic, the
 * next 2 a buffer size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"
#include "money.h"

typedef __int128 i128;

/* -?[0-9]+([.,][0-9]{1,2})? within the int64_t range of cents. */
static bool ref_parse(const char *s, size_t len, int64_t *out)
{
	size_t i = 0;
	bool neg = len > 0 && s[0] == '-';
	i += neg;
	size_t start = i;
	i128 v = 0;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		v = v * 10 + (s[i] - '0');
		if (v > (i128)1 << 70)
			return false;
	}
	if (i == start)
		return false;
	v *= 100;
	if (i < len && (s[i] == '.' || s[i] == ',')) {
		size_t f = ++i;
		for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i - f == 0 || i - f > 2)
			return false;
		v += i - f == 1 ? (s[f] - '0') * 10 : (s[f] - '0') * 10 + (s[f + 1] - '0');
	}
	if (i != len)
		return false;
	if (neg)
		v = -v;
	if (v < INT64_MIN || v > INT64_MAX)
		return false;
	*out = (int64_t)v;
	return true;
}

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

static void ref_decimal(int64_t c, char *out, size_t size)
{
	uint64_t m = magnitude(c);
	snprintf(out, size, "%s%llu.%02llu", c < 0 ? "-" : "", (unsigned long long)(m / 100),
		 (unsigned long long)(m % 100));
}

/* "-1 234,56 €" with U+00A0 as the separators. */
static void ref_display(int64_t c, bool euro, char *out, size_t size)
{
	char digits[32];
	uint64_t m = magnitude(c);
	snprintf(digits, sizeof digits, "%llu", (unsigned long long)(m / 100));
	size_t n = strlen(digits), o = 0;
	if (c < 0)
		out[o++] = '-';
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0) {
			memcpy(out + o, MONEY_NBSP, 2);
			o += 2;
		}
		out[o++] = digits[i];
	}
	snprintf(out + o, size - o, ",%02llu%s", (unsigned long long)(m % 100),
		 euro ? MONEY_NBSP "\xE2\x82\xAC" : "");
}

typedef bool (*formatter)(int64_t, char *, size_t);

/*
 * The formatter succeeds exactly when the buffer holds the whole text and
 * its NUL, and otherwise leaves "" (money.h). Each size gets a heap buffer
 * of exactly that size.
 */
static void check_sizes(formatter f, int64_t c, const char *want, size_t extra_size)
{
	size_t len = strlen(want);
	size_t sizes[] = {0, 1, len, len + 1, extra_size};
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		size_t size = sizes[k];
		char *buf = malloc(size ? size : 1);
		FUZZ_CHECK(buf != NULL);
		bool ok = f(c, size ? buf : NULL, size);
		FUZZ_CHECK(ok == (size > len));
		if (ok)
			FUZZ_CHECK(strcmp(buf, want) == 0);
		else if (size > 0)
			FUZZ_CHECK(buf[0] == '\0');
		free(buf);
	}
}

/* ---- money_words_fr read back ---- */

static int word_value(const char *w)
{
	static const char *const units[] = {
	    "zéro", "un",  "deux", "trois", "quatre", "cinq",	  "six",    "sept",  "huit",
	    "neuf", "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", NULL};
	static const char *const tens[] = {"vingt",    "trente",   "quarante", "cinquante",
					   "soixante", "septante", NULL,       "nonante"};
	for (int i = 0; units[i] != NULL; i++)
		if (strcmp(w, units[i]) == 0)
			return i;
	for (int i = 0; i < 8; i++)
		if (tens[i] != NULL && strcmp(w, tens[i]) == 0)
			return 20 + 10 * i;
	return -1;
}

/*
 * Reads "moins deux cents millions trois mille quatre-vingt-un euros et
 * sept centimes" back into cents; false on any word it does not know or
 * any grammar money.h rules out (a number never ending in a plural
 * "cents"/"vingts" before mille, "euro" singular only for one euro).
 */
static bool read_words(const char *text, int64_t *out)
{
	char buf[1024];
	snprintf(buf, sizeof buf, "%s", text);
	static const struct {
		const char *name;
		uint64_t value;
	} scales[] = {{"mille", 1000ULL},
		      {"million", 1000000ULL},
		      {"milliard", 1000000000ULL},
		      {"billion", 1000000000000ULL},
		      {"billiard", 1000000000000000ULL}};
	uint64_t total = 0, current = 0, euros = 0, cents = 0;
	bool negative = false, has_euros = false, has_cents = false, prev_quatre = false;
	char *save = NULL;
	for (char *w = strtok_r(buf, " -", &save); w != NULL; w = strtok_r(NULL, " -", &save)) {
		size_t n = strlen(w);
		bool quatre = false;
		int v;
		if (strcmp(w, "moins") == 0 && !negative && total == 0 && current == 0 &&
		    !has_euros) {
			negative = true;
		} else if (strcmp(w, "et") == 0) {
			continue;
		} else if (strcmp(w, "vingts") == 0 && prev_quatre) {
			current += 76;
		} else if ((v = word_value(w)) >= 0) {
			if (v == 20 && prev_quatre)
				current += 76; /* quatre (4) + 76: quatre-vingt */
			else
				current += (uint64_t)v;
			quatre = v == 4;
		} else if (strcmp(w, "cent") == 0 || strcmp(w, "cents") == 0) {
			current = (current == 0 ? 1 : current) * 100;
		} else if (strcmp(w, "euro") == 0 || strcmp(w, "euros") == 0 ||
			   strcmp(w, "d'euros") == 0) {
			if (has_euros || has_cents)
				return false;
			euros = total + current;
			if (strcmp(w, "euro") == 0 && euros != 1 && euros != 0)
				return false;
			has_euros = true;
			total = current = 0;
		} else if (strcmp(w, "centime") == 0 || strcmp(w, "centimes") == 0) {
			if (has_cents || total != 0 || current == 0 || current > 99)
				return false;
			cents = current;
			if ((cents == 1) != (strcmp(w, "centime") == 0))
				return false;
			has_cents = true;
			current = 0;
		} else {
			bool found = false;
			for (size_t k = 0; k < sizeof scales / sizeof scales[0] && !found; k++) {
				size_t sl = strlen(scales[k].name);
				if (strncmp(w, scales[k].name, sl) != 0 ||
				    (n != sl && strcmp(w + sl, "s")))
					continue;
				found = true;
				uint64_t g = current == 0 ? 1 : current;
				/* Mille is invariable; the nouns take an s above one. */
				if (k == 0 ? n != sl : (n != sl) != (g > 1))
					return false;
				if (g > 999)
					return false;
				total += g * scales[k].value;
				current = 0;
			}
			if (!found)
				return false;
		}
		prev_quatre = quatre;
	}
	if (current != 0 || total != 0 || (!has_euros && !has_cents))
		return false;
	if (euros > (uint64_t)INT64_MAX / 100 + 1)
		return false;
	i128 v = (i128)euros * 100 + cents;
	if (negative)
		v = -v;
	if (v < INT64_MIN || v > INT64_MAX)
		return false;
	*out = (int64_t)v;
	return true;
}

static bool valid_utf8_words(const char *s)
{
	/* Lower-case letters, é, space, hyphen, apostrophe; single spaces. */
	for (const char *p = s; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || *p == '-' || *p == '\'')
			continue;
		if (*p == ' ' && p != s && p[1] != '\0' && p[1] != ' ')
			continue;
		if ((unsigned char)p[0] == 0xC3 && (unsigned char)p[1] == 0xA9) {
			p++;
			continue;
		}
		return false;
	}
	return *s != '\0';
}

static void check_amount(int64_t c, size_t extra_size)
{
	char want[64], got[64];
	int64_t back;

	ref_decimal(c, want, sizeof want);
	check_sizes(money_format_decimal, c, want, extra_size);
	FUZZ_CHECK(money_format_decimal(c, got, sizeof got));
	FUZZ_CHECK(money_parse(got, strlen(got), &back) && back == c);

	ref_display(c, true, want, sizeof want);
	FUZZ_CHECK(strlen(want) < MONEY_FORMAT_MAX);
	check_sizes(money_format, c, want, extra_size);
	ref_display(c, false, want, sizeof want);
	check_sizes(money_format_plain, c, want, extra_size);

	char words[1024];
	FUZZ_CHECK(money_words_fr(c, words, sizeof words));
	FUZZ_CHECK(valid_utf8_words(words));
	FUZZ_CHECK((strncmp(words, "moins ", 6) == 0) == (c < 0));
	FUZZ_CHECK(read_words(words, &back));
	FUZZ_CHECK(back == c);
	check_sizes(money_words_fr, c, words, extra_size);
}

static i128 floor_div(i128 a, i128 b)
{
	i128 q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Nearest, halves away from zero (money.h). */
static i128 half_away_div(i128 a, i128 b)
{
	i128 m = a < 0 ? -a : a;
	i128 q = (2 * m + b) / (2 * b);
	return a < 0 ? -q : q;
}

static bool fits(i128 v)
{
	return v >= INT64_MIN && v <= INT64_MAX;
}

static void check_arithmetic(int64_t a, int64_t b, int64_t num, int64_t den)
{
	int64_t out = 12345;
	FUZZ_CHECK(money_add(a, b, &out) == fits((i128)a + b));
	if (fits((i128)a + b))
		FUZZ_CHECK(out == (i128)a + b);
	out = 12345;
	FUZZ_CHECK(money_sub(a, b, &out) == fits((i128)a - b));
	if (fits((i128)a - b))
		FUZZ_CHECK(out == (i128)a - b);

	/* Refused when den <= 0 or num < 0; exact whenever the result and the
	 * remainder's product fit, as money.h promises. */
	bool args = den > 0 && num >= 0;
	uint64_t rem = magnitude(a) % (den > 0 ? (uint64_t)den : 1);
	bool inner = num == 0 || rem <= UINT64_MAX / (uint64_t)num;
	out = 12345;
	bool ok = money_mul_div_floor(a, num, den, &out);
	if (!args) {
		FUZZ_CHECK(!ok && out == 12345);
	} else {
		i128 want = floor_div((i128)a * num, den);
		if (ok)
			FUZZ_CHECK(out == want);
		else
			FUZZ_CHECK(out == 12345 && (!fits(want) || !inner));
		if (fits(want) && inner)
			FUZZ_CHECK(ok);
		out = 12345;
		ok = money_mul_div_half_up(a, num, den, &out);
		want = half_away_div((i128)a * num, den);
		if (ok)
			FUZZ_CHECK(out == want);
		else
			FUZZ_CHECK(out == 12345 && (!fits(want) || !inner));
	}
	int64_t pct = num % 1000;
	out = 12345;
	if (money_percent_floor(a, pct, &out))
		FUZZ_CHECK(pct >= 0 && out == floor_div((i128)a * pct, 100));
	else
		FUZZ_CHECK(out == 12345);
	int dim = (int)((uint64_t)den % 31) + 1, days = (int)((uint64_t)num % 33) - 1;
	out = 12345;
	if (money_pro_rata(a, days, dim, &out))
		FUZZ_CHECK(days >= 0 && days <= dim && out == half_away_div((i128)a * days, dim));
	else
		FUZZ_CHECK(out == 12345 && (days < 0 || days > dim || !fits((i128)a * days / dim)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	int64_t got = 12345, want = 12345;
	bool ok = money_parse(s, size, &got);
	FUZZ_CHECK(ok == ref_parse(s, size, &want));
	if (ok) {
		FUZZ_CHECK(got == want);
		check_amount(got, size);
	} else {
		FUZZ_CHECK(got == 12345);
	}

	if (size < 34)
		return 0;
	int64_t v[4];
	memcpy(v, data, sizeof v);
	uint16_t extra;
	memcpy(&extra, data + 32, 2);
	check_amount(v[0], extra % 128);
	check_arithmetic(v[0], v[1], v[2], v[3]);
	/* Small operands reach the rounding edges that random bits rarely do. */
	check_arithmetic(v[0] % 100000, v[1] % 100000, v[2] % 1000, v[3] % 1000);
	return 0;
}

#include "money.h"

#include <string.h>

/* Magnitude of INT64_MIN, which has no positive int64_t counterpart. */
#define MAG_INT64_MIN ((uint64_t)INT64_MAX + 1)

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

static bool from_magnitude(uint64_t mag, bool negative, int64_t *out)
{
	if (negative) {
		if (mag > MAG_INT64_MIN)
			return false;
		*out = mag == MAG_INT64_MIN ? INT64_MIN : -(int64_t)mag;
		return true;
	}
	if (mag > (uint64_t)INT64_MAX)
		return false;
	*out = (int64_t)mag;
	return true;
}

bool money_add(int64_t a, int64_t b, int64_t *out)
{
	if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))
		return false;
	*out = a + b;
	return true;
}

bool money_sub(int64_t a, int64_t b, int64_t *out)
{
	if ((b < 0 && a > INT64_MAX + b) || (b > 0 && a < INT64_MIN + b))
		return false;
	*out = a - b;
	return true;
}

enum rounding { ROUND_FLOOR, ROUND_HALF_AWAY };

/*
 * Without a 128-bit type, split |amount| = q * den + r so that
 * |amount| * num / den = q * num + r * num / den; only the two products
 * need an overflow check, and the remainder of the second drives rounding.
 */
static bool mul_div(int64_t amount, int64_t num, int64_t den, enum rounding mode, int64_t *out)
{
	if (den <= 0 || num < 0)
		return false;
	bool negative = amount < 0;
	uint64_t mag = magnitude(amount);
	uint64_t unum = (uint64_t)num, uden = (uint64_t)den;
	uint64_t q = mag / uden, r = mag % uden;

	if (unum != 0 && (q > UINT64_MAX / unum || r > UINT64_MAX / unum))
		return false;
	uint64_t whole = q * unum;
	uint64_t rn = r * unum;
	uint64_t q2 = rn / uden, r2 = rn % uden;
	/* Anything above 2^63 cannot fit; the bound also keeps result++ safe. */
	if (whole > MAG_INT64_MIN || q2 > MAG_INT64_MIN - whole)
		return false;
	uint64_t result = whole + q2;

	if (mode == ROUND_FLOOR) {
		if (negative && r2 != 0)
			result++;
	} else if (r2 >= uden - r2) {
		/* r2 < den, so comparing with den - r2 avoids doubling r2. */
		result++;
	}
	return from_magnitude(result, negative, out);
}

bool money_mul_div_floor(int64_t amount, int64_t num, int64_t den, int64_t *out)
{
	return mul_div(amount, num, den, ROUND_FLOOR, out);
}

bool money_mul_div_half_up(int64_t amount, int64_t num, int64_t den, int64_t *out)
{
	return mul_div(amount, num, den, ROUND_HALF_AWAY, out);
}

bool money_percent_floor(int64_t amount, int64_t percent, int64_t *out)
{
	return mul_div(amount, percent, 100, ROUND_FLOOR, out);
}

bool money_pro_rata(int64_t amount, int days, int days_in_month, int64_t *out)
{
	if (days_in_month < 1 || days < 0 || days > days_in_month)
		return false;
	return mul_div(amount, days, days_in_month, ROUND_HALF_AWAY, out);
}

bool money_parse(const char *s, size_t len, int64_t *out)
{
	size_t i = 0;
	bool negative = false;
	uint64_t mag = 0;
	size_t int_digits = 0, frac_digits = 0;

	if (s == NULL)
		return false;
	if (i < len && s[i] == '-') {
		negative = true;
		i++;
	}
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, int_digits++) {
		unsigned digit = (unsigned)(s[i] - '0');
		/* Keep room for the two decimals added below. */
		if (mag > ((uint64_t)INT64_MAX / 100 - digit) / 10)
			return false;
		mag = mag * 10 + digit;
	}
	if (int_digits == 0)
		return false;
	mag *= 100;
	if (i < len && (s[i] == '.' || s[i] == ',')) {
		i++;
		uint64_t frac = 0;
		for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, frac_digits++)
			frac = frac * 10 + (uint64_t)(s[i] - '0');
		if (frac_digits == 0 || frac_digits > 2)
			return false;
		mag += frac_digits == 1 ? frac * 10 : frac;
	}
	if (i != len)
		return false;
	return from_magnitude(mag, negative && mag != 0, out);
}

/* Appends to a caller buffer; once too small it stays failed. */
struct sbuf {
	char *buf;
	size_t size;
	size_t len;
	bool ok;
};

static struct sbuf sbuf_init(char *buf, size_t size)
{
	struct sbuf sb = {buf, size, 0, buf != NULL && size > 0};

	if (sb.ok)
		buf[0] = '\0';
	return sb;
}

static void sbuf_put(struct sbuf *sb, const char *s)
{
	size_t n = strlen(s);

	if (!sb->ok)
		return;
	if (n >= sb->size - sb->len) {
		sb->ok = false;
		return;
	}
	memcpy(sb->buf + sb->len, s, n + 1);
	sb->len += n;
}

static bool sbuf_finish(struct sbuf *sb)
{
	if (!sb->ok && sb->buf != NULL && sb->size > 0)
		sb->buf[0] = '\0';
	return sb->ok;
}

/* Decimal digits of v, most significant first, NUL-terminated. */
static void u64_digits(uint64_t v, char out[21])
{
	char tmp[20];
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

static bool format_fr(int64_t cents, bool euro_sign, char *buf, size_t size)
{
	struct sbuf sb = sbuf_init(buf, size);
	uint64_t mag = magnitude(cents);
	char digits[21];
	char frac[4] = {',', (char)('0' + mag % 100 / 10), (char)('0' + mag % 10), '\0'};

	u64_digits(mag / 100, digits);
	if (cents < 0)
		sbuf_put(&sb, "-");
	size_t n = strlen(digits);
	for (size_t i = 0; i < n; i++) {
		char one[2] = {digits[i], '\0'};
		if (i > 0 && (n - i) % 3 == 0)
			sbuf_put(&sb, MONEY_NBSP);
		sbuf_put(&sb, one);
	}
	sbuf_put(&sb, frac);
	if (euro_sign)
		sbuf_put(&sb, MONEY_NBSP "\xE2\x82\xAC");
	return sbuf_finish(&sb);
}

bool money_format(int64_t cents, char *buf, size_t size)
{
	return format_fr(cents, true, buf, size);
}

bool money_format_plain(int64_t cents, char *buf, size_t size)
{
	return format_fr(cents, false, buf, size);
}

bool money_format_decimal(int64_t cents, char *buf, size_t size)
{
	struct sbuf sb = sbuf_init(buf, size);
	uint64_t mag = magnitude(cents);
	char digits[21];
	char frac[4] = {'.', (char)('0' + mag % 100 / 10), (char)('0' + mag % 10), '\0'};

	u64_digits(mag / 100, digits);
	if (cents < 0)
		sbuf_put(&sb, "-");
	sbuf_put(&sb, digits);
	sbuf_put(&sb, frac);
	return sbuf_finish(&sb);
}

static const char *const units_fr[20] = {
    "zéro",	"un",	  "deux",  "trois",    "quatre",   "cinq",     "six",
    "sept",	"huit",	  "neuf",  "dix",      "onze",	   "douze",    "treize",
    "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf",
};

/* Index = tens digit; 8 is handled apart for the plural of vingt. */
static const char *const tens_fr[10] = {
    NULL, NULL, "vingt", "trente", "quarante", "cinquante", "soixante", "septante", NULL, "nonante",
};

/*
 * 1..99. `ends` is true when nothing multiplies the number afterwards
 * except a noun (euros, millions): only then does "quatre-vingts" keep its s.
 */
static void words_below_100(struct sbuf *sb, unsigned n, bool ends)
{
	unsigned t = n / 10, u = n % 10;

	if (n < 20) {
		sbuf_put(sb, units_fr[n]);
		return;
	}
	if (t == 8) {
		/* Belgian French keeps quatre-vingts, with no "et" for 81. */
		sbuf_put(sb, "quatre-vingt");
		if (u == 0) {
			if (ends)
				sbuf_put(sb, "s");
		} else {
			sbuf_put(sb, "-");
			sbuf_put(sb, units_fr[u]);
		}
		return;
	}
	sbuf_put(sb, tens_fr[t]);
	if (u == 1) {
		sbuf_put(sb, " et un");
	} else if (u != 0) {
		sbuf_put(sb, "-");
		sbuf_put(sb, units_fr[u]);
	}
}

/* 1..999, same meaning of `ends` for the s of "cents". */
static void words_below_1000(struct sbuf *sb, unsigned n, bool ends)
{
	unsigned h = n / 100, rest = n % 100;

	if (h > 0) {
		if (h > 1) {
			sbuf_put(sb, units_fr[h]);
			sbuf_put(sb, " ");
		}
		sbuf_put(sb, "cent");
		if (h > 1 && rest == 0 && ends)
			sbuf_put(sb, "s");
		if (rest != 0)
			sbuf_put(sb, " ");
	}
	if (rest != 0)
		words_below_100(sb, rest, ends);
}

/* Long scale; index = power of 1000. Mille is invariable and never "un mille". */
static const char *const scales_fr[6] = {
    NULL, "mille", "million", "milliard", "billion", "billiard",
};

/*
 * n >= 1. Returns true when the words end with a scale noun (million,
 * milliard, ...), which calls for "d'euros".
 */
static bool words_count(struct sbuf *sb, uint64_t n)
{
	unsigned groups[7];
	int top = 0;
	bool first = true, ends_with_noun = false;

	for (uint64_t v = n; v != 0; v /= 1000)
		groups[top++] = (unsigned)(v % 1000);
	for (int k = top - 1; k >= 0; k--) {
		unsigned g = groups[k];
		if (g == 0)
			continue;
		if (!first)
			sbuf_put(sb, " ");
		first = false;
		ends_with_noun = k >= 2;
		if (k == 0) {
			words_below_1000(sb, g, true);
		} else if (k == 1) {
			if (g > 1) {
				/* Before the adjective mille, cent and vingt stay singular. */
				words_below_1000(sb, g, false);
				sbuf_put(sb, " ");
			}
			sbuf_put(sb, scales_fr[1]);
		} else {
			/* Million and above are nouns: "deux cents millions". */
			words_below_1000(sb, g, true);
			sbuf_put(sb, " ");
			sbuf_put(sb, scales_fr[k]);
			if (g > 1)
				sbuf_put(sb, "s");
		}
	}
	return ends_with_noun;
}

bool money_words_fr(int64_t cents, char *buf, size_t size)
{
	struct sbuf sb = sbuf_init(buf, size);
	uint64_t mag = magnitude(cents);
	uint64_t euros = mag / 100;
	unsigned rest = (unsigned)(mag % 100);

	if (mag == 0) {
		sbuf_put(&sb, "zéro euro");
		return sbuf_finish(&sb);
	}
	if (cents < 0)
		sbuf_put(&sb, "moins ");
	if (euros > 0) {
		bool noun = words_count(&sb, euros);
		sbuf_put(&sb, noun ? " d'euros" : euros == 1 ? " euro" : " euros");
		if (rest != 0)
			sbuf_put(&sb, " et ");
	}
	if (rest != 0) {
		words_below_100(&sb, rest, true);
		sbuf_put(&sb, rest == 1 ? " centime" : " centimes");
	}
	return sbuf_finish(&sb);
}

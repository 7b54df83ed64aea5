#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "money.h"

#define NB MONEY_NBSP

static void assert_words(int64_t cents, const char *want)
{
	char buf[512];

	assert_true(money_words_fr(cents, buf, sizeof buf));
	assert_string_equal(buf, want);
}

static void assert_format(int64_t cents, const char *want)
{
	char buf[MONEY_FORMAT_MAX];

	assert_true(money_format(cents, buf, sizeof buf));
	assert_string_equal(buf, want);
}

static void test_F1(void **state)
{
	(void)state;
	assert_words(30247, "trois cent deux euros et quarante-sept centimes");
}

static void test_F2(void **state)
{
	(void)state;
	assert_words(7100, "septante et un euros");
}

static void test_F3(void **state)
{
	(void)state;
	assert_words(8000, "quatre-vingts euros");
}

static void test_F4(void **state)
{
	(void)state;
	assert_words(8100, "quatre-vingt-un euros");
}

static void test_F5(void **state)
{
	(void)state;
	assert_words(9191, "nonante et un euros et nonante et un centimes");
}

static void test_F6(void **state)
{
	(void)state;
	assert_words(20000, "deux cents euros");
}

static void test_F7(void **state)
{
	(void)state;
	assert_words(128000, "mille deux cent quatre-vingts euros");
}

static void test_F8(void **state)
{
	(void)state;
	assert_words(100, "un euro");
}

static void test_F9(void **state)
{
	(void)state;
	assert_words(1, "un centime");
}

/* Written out by hand, independently of the code's tables. */
static const char *const below_100[100] = {
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "dix-sept",
    "dix-huit",
    "dix-neuf",
    "vingt",
    "vingt et un",
    "vingt-deux",
    "vingt-trois",
    "vingt-quatre",
    "vingt-cinq",
    "vingt-six",
    "vingt-sept",
    "vingt-huit",
    "vingt-neuf",
    "trente",
    "trente et un",
    "trente-deux",
    "trente-trois",
    "trente-quatre",
    "trente-cinq",
    "trente-six",
    "trente-sept",
    "trente-huit",
    "trente-neuf",
    "quarante",
    "quarante et un",
    "quarante-deux",
    "quarante-trois",
    "quarante-quatre",
    "quarante-cinq",
    "quarante-six",
    "quarante-sept",
    "quarante-huit",
    "quarante-neuf",
    "cinquante",
    "cinquante et un",
    "cinquante-deux",
    "cinquante-trois",
    "cinquante-quatre",
    "cinquante-cinq",
    "cinquante-six",
    "cinquante-sept",
    "cinquante-huit",
    "cinquante-neuf",
    "soixante",
    "soixante et un",
    "soixante-deux",
    "soixante-trois",
    "soixante-quatre",
    "soixante-cinq",
    "soixante-six",
    "soixante-sept",
    "soixante-huit",
    "soixante-neuf",
    "septante",
    "septante et un",
    "septante-deux",
    "septante-trois",
    "septante-quatre",
    "septante-cinq",
    "septante-six",
    "septante-sept",
    "septante-huit",
    "septante-neuf",
    "quatre-vingts",
    "quatre-vingt-un",
    "quatre-vingt-deux",
    "quatre-vingt-trois",
    "quatre-vingt-quatre",
    "quatre-vingt-cinq",
    "quatre-vingt-six",
    "quatre-vingt-sept",
    "quatre-vingt-huit",
    "quatre-vingt-neuf",
    "nonante",
    "nonante et un",
    "nonante-deux",
    "nonante-trois",
    "nonante-quatre",
    "nonante-cinq",
    "nonante-six",
    "nonante-sept",
    "nonante-huit",
    "nonante-neuf",
};

static void test_words_every_euro_and_cent_below_100(void **state)
{
	(void)state;
	char want[256];

	for (int n = 1; n < 100; n++) {
		snprintf(want, sizeof want, "%s %s", below_100[n], n == 1 ? "euro" : "euros");
		assert_words(n * 100, want);
		snprintf(want, sizeof want, "%s %s", below_100[n], n == 1 ? "centime" : "centimes");
		assert_words(n, want);
	}
	assert_words(0, "zéro euro");
}

/* Hundreds: "cent", "deux cents", "deux cent un", built from the table. */
static void test_words_every_euro_below_1000(void **state)
{
	(void)state;
	char want[256], head[64];

	for (int n = 100; n < 1000; n++) {
		int h = n / 100, r = n % 100;
		if (h == 1)
			snprintf(head, sizeof head, "cent");
		else
			snprintf(head, sizeof head, "%s cent%s", below_100[h], r == 0 ? "s" : "");
		if (r == 0)
			snprintf(want, sizeof want, "%s euros", head);
		else
			snprintf(want, sizeof want, "%s %s euros", head, below_100[r]);
		assert_words((int64_t)n * 100, want);
	}
}

static void test_words_thousands_and_millions(void **state)
{
	(void)state;
	static const struct {
		int64_t euros;
		const char *words;
	} cases[] = {
	    {1000, "mille euros"},
	    {1001, "mille un euros"},
	    {1080, "mille quatre-vingts euros"},
	    {1100, "mille cent euros"},
	    {1999, "mille neuf cent nonante-neuf euros"},
	    {2000, "deux mille euros"},
	    {2080, "deux mille quatre-vingts euros"},
	    {21000, "vingt et un mille euros"},
	    {80000, "quatre-vingt mille euros"},
	    {81000, "quatre-vingt-un mille euros"},
	    {100000, "cent mille euros"},
	    {180000, "cent quatre-vingt mille euros"},
	    {200000, "deux cent mille euros"},
	    {200001, "deux cent mille un euros"},
	    {1000000, "un million d'euros"},
	    {1000001, "un million un euros"},
	    {1001000, "un million mille euros"},
	    {2000000, "deux millions d'euros"},
	    {2500000, "deux millions cinq cent mille euros"},
	    {80000000, "quatre-vingts millions d'euros"},
	    {200000000, "deux cents millions d'euros"},
	    {1000000000, "un milliard d'euros"},
	    {3000000000, "trois milliards d'euros"},
	    {1000000000000, "un billion d'euros"},
	    {1000000000000000, "un billiard d'euros"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_words(cases[i].euros * 100, cases[i].words);
}

static void test_words_euros_and_cents(void **state)
{
	(void)state;

	assert_words(101, "un euro et un centime");
	assert_words(280, "deux euros et quatre-vingts centimes");
	assert_words(47, "quarante-sept centimes");
	assert_words(100000050, "un million d'euros et cinquante centimes");
	assert_words(-123456,
		     "moins mille deux cent trente-quatre euros et cinquante-six centimes");
	assert_words(-1, "moins un centime");
	assert_words(INT64_MIN,
		     "moins nonante-deux billiards deux cent trente-trois billions sept "
		     "cent vingt milliards trois cent soixante-huit millions cinq cent "
		     "quarante-sept mille sept cent cinquante-huit euros et huit centimes");
}

/* Spelling invariants over a large range (no stray spaces, no "un mille"). */
static void test_words_invariants(void **state)
{
	(void)state;
	char buf[512];

	for (int64_t euros = 1; euros <= 200000; euros += (euros < 3000 ? 1 : 7)) {
		assert_true(money_words_fr(euros * 100 + 99, buf, sizeof buf));
		assert_null(strstr(buf, "  "));
		assert_true(strncmp(buf, "un mille", 8) != 0);
		assert_null(strstr(buf, "cents mille"));
		assert_null(strstr(buf, "vingts mille"));
		assert_null(strstr(buf, "un cent"));
		assert_true(buf[0] != ' ');
		size_t n = strlen(buf);
		assert_string_equal(buf + n - strlen(" et nonante-neuf centimes"),
				    " et nonante-neuf centimes");
	}
}

static void test_words_buffer_too_small(void **state)
{
	(void)state;
	const char *want = "trois cent deux euros et quarante-sept centimes";
	size_t n = strlen(want);
	char buf[64];

	memset(buf, 'x', sizeof buf);
	assert_false(money_words_fr(30247, buf, n));
	assert_string_equal(buf, "");
	assert_true(money_words_fr(30247, buf, n + 1));
	assert_string_equal(buf, want);
	assert_false(money_words_fr(30247, buf, 0));
	assert_false(money_words_fr(30247, NULL, 10));
	assert_false(money_words_fr(0, buf, 5));
	assert_string_equal(buf, "");
}

static void test_add_sub(void **state)
{
	(void)state;
	int64_t r = 7;

	assert_true(money_add(30247, 13660, &r));
	assert_int_equal(r, 43907);
	assert_true(money_sub(100, 250, &r));
	assert_int_equal(r, -150);
	assert_true(money_add(INT64_MAX, INT64_MIN, &r));
	assert_int_equal(r, -1);
	assert_true(money_sub(-1, INT64_MAX, &r));
	assert_true(r == INT64_MIN);
	r = 7;
	assert_false(money_add(INT64_MAX, 1, &r));
	assert_false(money_add(INT64_MIN, -1, &r));
	assert_false(money_sub(INT64_MIN, 1, &r));
	assert_false(money_sub(INT64_MAX, -1, &r));
	assert_false(money_sub(0, INT64_MIN, &r));
	assert_int_equal(r, 7);
}

static void test_percent_floor(void **state)
{
	(void)state;
	int64_t r = 0;

	/* B1, B2, B3 */
	assert_true(money_percent_floor(151237, 20, &r));
	assert_int_equal(r, 30247);
	assert_true(money_percent_floor(180000, 20, &r));
	assert_int_equal(r, 36000);
	assert_true(money_percent_floor(103456, 20, &r));
	assert_int_equal(r, 20691);
	/* 4.99 x 20 % = 0.998: down, never up. */
	assert_true(money_percent_floor(499, 20, &r));
	assert_int_equal(r, 99);
	assert_true(money_percent_floor(-151237, 20, &r));
	assert_int_equal(r, -30248);
	assert_true(money_percent_floor(-500, 20, &r));
	assert_int_equal(r, -100);
	assert_true(money_percent_floor(0, 20, &r));
	assert_int_equal(r, 0);
	assert_true(money_percent_floor(151237, 0, &r));
	assert_int_equal(r, 0);
	assert_true(money_percent_floor(INT64_MAX, 100, &r));
	assert_true(r == INT64_MAX);
	assert_true(money_percent_floor(INT64_MIN, 100, &r));
	assert_true(r == INT64_MIN);
	assert_true(money_percent_floor(INT64_MAX, 20, &r));
	assert_true(r == INT64_MAX / 5);
	r = 3;
	assert_false(money_percent_floor(INT64_MAX, 101, &r));
	assert_false(money_percent_floor(INT64_MIN, 101, &r));
	assert_false(money_percent_floor(100, -20, &r));
	assert_int_equal(r, 3);
}

static void test_pro_rata(void **state)
{
	(void)state;
	int64_t r = 0;

	/* B4, B5 */
	assert_true(money_pro_rata(30247, 17, 31, &r));
	assert_int_equal(r, 16587);
	assert_true(money_pro_rata(30247, 14, 31, &r));
	assert_int_equal(r, 13660);
	assert_true(money_pro_rata(45000, 28, 28, &r));
	assert_int_equal(r, 45000);
	assert_true(money_pro_rata(45000, 0, 30, &r));
	assert_int_equal(r, 0);
	/* Exact halves go up; 45001 x 15/30 = 22500.5. */
	assert_true(money_pro_rata(45001, 15, 30, &r));
	assert_int_equal(r, 22501);
	assert_true(money_pro_rata(1, 1, 2, &r));
	assert_int_equal(r, 1);
	assert_true(money_pro_rata(5, 1, 4, &r)); /* 1.25 */
	assert_int_equal(r, 1);
	assert_true(money_pro_rata(3, 1, 4, &r)); /* 0.75 */
	assert_int_equal(r, 1);
	assert_true(money_pro_rata(1, 1, 3, &r)); /* 0.33 */
	assert_int_equal(r, 0);
	/* Away from zero for credits, so a credit mirrors its debit. */
	assert_true(money_pro_rata(-45001, 15, 30, &r));
	assert_int_equal(r, -22501);
	assert_true(money_pro_rata(-5, 1, 4, &r));
	assert_int_equal(r, -1);
	assert_true(money_pro_rata(INT64_MAX, 31, 31, &r));
	assert_true(r == INT64_MAX);
	r = 9;
	assert_false(money_pro_rata(30247, 32, 31, &r));
	assert_false(money_pro_rata(30247, -1, 31, &r));
	assert_false(money_pro_rata(30247, 0, 0, &r));
	assert_int_equal(r, 9);
}

static void test_mul_div(void **state)
{
	(void)state;
	int64_t r = 0;

	assert_true(money_mul_div_floor(100000000000000000, 3, 7, &r));
	assert_true(r == 42857142857142857);
	assert_true(money_mul_div_half_up(100000000000000000, 3, 7, &r));
	assert_true(r == 42857142857142857);
	assert_true(money_mul_div_half_up(100000000000000000 + 2, 3, 7, &r));
	assert_true(r == 42857142857142858);
	assert_true(money_mul_div_floor(INT64_MAX, INT64_MAX, INT64_MAX, &r));
	assert_true(r == INT64_MAX);
	assert_true(money_mul_div_floor(INT64_MIN, 1, 1, &r));
	assert_true(r == INT64_MIN);
	assert_true(money_mul_div_floor(-7, 1, 2, &r));
	assert_int_equal(r, -4);
	assert_true(money_mul_div_half_up(-7, 1, 2, &r));
	assert_int_equal(r, -4);
	assert_true(money_mul_div_half_up(-5, 1, 3, &r));
	assert_int_equal(r, -2);
	assert_true(money_mul_div_half_up(INT64_MAX, 2, 2, &r));
	assert_true(r == INT64_MAX);
	r = 11;
	assert_false(money_mul_div_floor(1, 1, 0, &r));
	assert_false(money_mul_div_half_up(1, 1, -1, &r));
	assert_false(money_mul_div_half_up(1, -1, 1, &r));
	assert_false(money_mul_div_floor(INT64_MAX, 2, 1, &r));
	assert_false(money_mul_div_floor(INT64_MIN, 2, 1, &r));
	assert_false(money_mul_div_half_up(INT64_MIN, 3, 2, &r));
	/* Documented limit: the remainder product must fit in 64 bits. */
	assert_false(money_mul_div_floor(INT64_MAX - 1, INT64_MAX, INT64_MAX, &r));
	assert_int_equal(r, 11);
}

static void test_parse_accepts(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int64_t cents;
	} ok[] = {
	    {"1234.56", 123456},
	    {"1234,5", 123450},
	    {"1234", 123400},
	    {"0", 0},
	    {"-0", 0},
	    {"-0.00", 0},
	    {"0.01", 1},
	    {"-1234.56", -123456},
	    {"007", 700},
	    {"302,47", 30247},
	    {"92233720368547758.07", INT64_MAX},
	    {"-92233720368547758.07", -INT64_MAX},
	    {"-92233720368547758.08", INT64_MIN},
	    {"92233720368547757", 9223372036854775700},
	};
	int64_t r;

	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		r = 42;
		assert_true(money_parse(ok[i].s, strlen(ok[i].s), &r));
		assert_true(r == ok[i].cents);
	}
	/* len bounds the input. */
	assert_true(money_parse("12.34xyz", 5, &r));
	assert_int_equal(r, 1234);
}

static void test_parse_refusals(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",
	    "-",
	    "+1",
	    " 1",
	    "1 ",
	    "1 234",
	    "1" NB "234,00",
	    "1.",
	    ".5",
	    ",5",
	    "1.234",
	    "1,2,3",
	    "1.2.3",
	    "1e3",
	    "--1",
	    "1-",
	    "abc",
	    "12a",
	    "0x10",
	    "1.5€",
	    "92233720368547758.08",
	    "-92233720368547758.09",
	    "92233720368547759",
	    "922337203685477580",
	    "99999999999999999999999999",
	    "1.999999999999999999999999",
	};
	int64_t r = 17;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(money_parse(bad[i], strlen(bad[i]), &r));
	assert_false(money_parse(NULL, 3, &r));
	assert_int_equal(r, 17);
}

static void test_format_fr(void **state)
{
	(void)state;

	assert_format(0, "0,00" NB "€");
	assert_format(5, "0,05" NB "€");
	assert_format(-5, "-0,05" NB "€");
	assert_format(30247, "302,47" NB "€");
	assert_format(99999, "999,99" NB "€");
	assert_format(100000, "1" NB "000,00" NB "€");
	assert_format(123456, "1" NB "234,56" NB "€");
	assert_format(-123456, "-1" NB "234,56" NB "€");
	assert_format(100000000, "1" NB "000" NB "000,00" NB "€");
	assert_format(-123456789, "-1" NB "234" NB "567,89" NB "€");
	assert_format(12345678901, "123" NB "456" NB "789,01" NB "€");
	assert_format(INT64_MIN, "-92" NB "233" NB "720" NB "368" NB "547" NB "758,08" NB "€");
	assert_format(INT64_MAX, "92" NB "233" NB "720" NB "368" NB "547" NB "758,07" NB "€");
}

static void test_format_plain_and_decimal(void **state)
{
	(void)state;
	char buf[MONEY_FORMAT_MAX];

	assert_true(money_format_plain(-123456, buf, sizeof buf));
	assert_string_equal(buf, "-1" NB "234,56");
	assert_true(money_format_plain(7, buf, sizeof buf));
	assert_string_equal(buf, "0,07");
	assert_true(money_format_decimal(-123456, buf, sizeof buf));
	assert_string_equal(buf, "-1234.56");
	assert_true(money_format_decimal(50, buf, sizeof buf));
	assert_string_equal(buf, "0.50");
	assert_true(money_format_decimal(INT64_MIN, buf, sizeof buf));
	assert_string_equal(buf, "-92233720368547758.08");
}

static void test_format_decimal_round_trip(void **state)
{
	(void)state;
	char buf[MONEY_FORMAT_MAX];
	int64_t back;

	for (int64_t v = -300000; v <= 300000; v += 13) {
		assert_true(money_format_decimal(v, buf, sizeof buf));
		assert_true(money_parse(buf, strlen(buf), &back));
		assert_true(back == v);
	}
	assert_true(money_format_decimal(INT64_MAX, buf, sizeof buf));
	assert_true(money_parse(buf, strlen(buf), &back));
	assert_true(back == INT64_MAX);
	assert_true(money_format_decimal(INT64_MIN, buf, sizeof buf));
	assert_true(money_parse(buf, strlen(buf), &back));
	assert_true(back == INT64_MIN);
}

static void test_format_buffer_too_small(void **state)
{
	(void)state;
	char buf[MONEY_FORMAT_MAX];
	size_t need = strlen("-1" NB "234,56" NB "€") + 1;

	memset(buf, 'x', sizeof buf);
	assert_false(money_format(-123456, buf, need - 1));
	assert_string_equal(buf, "");
	assert_true(money_format(-123456, buf, need));
	assert_false(money_format_plain(-123456, buf, 3));
	assert_string_equal(buf, "");
	assert_false(money_format_decimal(-123456, buf, 8));
	assert_string_equal(buf, "");
	assert_false(money_format(0, buf, 0));
	assert_false(money_format(0, NULL, 40));
	/* MONEY_FORMAT_MAX fits the longest amount. */
	assert_true(strlen("-92" NB "233" NB "720" NB "368" NB "547" NB "758,08" NB "€") <
		    MONEY_FORMAT_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_F1),
	    cmocka_unit_test(test_F2),
	    cmocka_unit_test(test_F3),
	    cmocka_unit_test(test_F4),
	    cmocka_unit_test(test_F5),
	    cmocka_unit_test(test_F6),
	    cmocka_unit_test(test_F7),
	    cmocka_unit_test(test_F8),
	    cmocka_unit_test(test_F9),
	    cmocka_unit_test(test_words_every_euro_and_cent_below_100),
	    cmocka_unit_test(test_words_every_euro_below_1000),
	    cmocka_unit_test(test_words_thousands_and_millions),
	    cmocka_unit_test(test_words_euros_and_cents),
	    cmocka_unit_test(test_words_invariants),
	    cmocka_unit_test(test_words_buffer_too_small),
	    cmocka_unit_test(test_add_sub),
	    cmocka_unit_test(test_percent_floor),
	    cmocka_unit_test(test_pro_rata),
	    cmocka_unit_test(test_mul_div),
	    cmocka_unit_test(test_parse_accepts),
	    cmocka_unit_test(test_parse_refusals),
	    cmocka_unit_test(test_format_fr),
	    cmocka_unit_test(test_format_plain_and_decimal),
	    cmocka_unit_test(test_format_decimal_round_trip),
	    cmocka_unit_test(test_format_buffer_too_small),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

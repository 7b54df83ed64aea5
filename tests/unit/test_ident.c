#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "ident.h"

static enum ident_err nrn(const char *s, struct ident_nrn *out)
{
	return ident_nrn_parse(s, strlen(s), out);
}

static enum ident_err iban(const char *s, struct ident_iban *out)
{
	return ident_iban_be_parse(s, strlen(s), out);
}

static enum ident_err ogm(const char *s, uint64_t *base)
{
	return ident_ogm_parse(s, strlen(s), base);
}

static unsigned long long digits_of(const char *s)
{
	unsigned long long v = 0;

	for (; *s != '\0'; s++)
		v = v * 10 + (unsigned long long)(*s - '0');
	return v;
}

/* The published formula, computed here on its own to build test numbers. */
static void make_nrn(const char nine[10], bool born_2000s, char out[12])
{
	unsigned long long v = digits_of(nine) + (born_2000s ? 2000000000ULL : 0);

	snprintf(out, 12, "%s%02llu", nine, 97 - v % 97);
}

/* ISO 13616 check digits for a Belgian BBAN of 12 digits. */
static void make_iban(const char bban[13], char out[17])
{
	unsigned long long r = 0;
	char rearranged[32];

	snprintf(rearranged, sizeof rearranged, "%s111400", bban);
	for (const char *p = rearranged; *p != '\0'; p++)
		r = (r * 10 + (unsigned long long)(*p - '0')) % 97;
	snprintf(out, 17, "BE%02llu%s", 98 - r, bban);
}

static void test_E1(void **state)
{
	(void)state;
	struct ident_nrn r;
	char iso[BDATE_ISO_LEN];

	assert_int_equal(nrn("85073003328", &r), IDENT_OK);
	assert_string_equal(r.digits, "85073003328");
	assert_string_equal(r.formatted, "85.07.30-033.28");
	/* issue 13 item 1: the one masked form, the check digits only */
	assert_string_equal(r.masked, "**.**.**-***.28");
	assert_false(r.is_bis);
	assert_int_equal(r.sex, IDENT_SEX_MALE);
	assert_int_equal(r.birth_year, 1985);
	assert_int_equal(r.birth_month, 7);
	assert_int_equal(r.birth_day, 30);
	assert_true(r.birth_known);
	bdate_format_iso(r.birth, iso);
	assert_string_equal(iso, "1985-07-30");
}

static void test_E2(void **state)
{
	(void)state;
	struct ident_nrn r;
	char iso[BDATE_ISO_LEN];

	assert_int_equal(nrn("17073003384", &r), IDENT_OK);
	assert_int_equal(r.birth_year, 2017);
	assert_true(r.birth_known);
	bdate_format_iso(r.birth, iso);
	assert_string_equal(iso, "2017-07-30");
	assert_int_equal(r.sex, IDENT_SEX_MALE);
}

static void test_E3(void **state)
{
	(void)state;
	struct ident_nrn r;

	assert_int_equal(nrn("85073003329", &r), IDENT_BAD_CHECK);
	assert_string_equal(ident_err_str(IDENT_BAD_CHECK), "invalid check digits");
}

static void test_E4(void **state)
{
	(void)state;
	uint64_t base = 0;
	char buf[IDENT_OGM_LEN];

	assert_int_equal(ogm("+++010/8068/17183+++", &base), IDENT_OK);
	assert_true(base == 108068171);
	assert_true(ident_ogm_format(base, buf));
	assert_string_equal(buf, "+++010/8068/17183+++");
}

static void test_E5(void **state)
{
	(void)state;
	struct ident_iban r;

	assert_int_equal(iban("BE68539007547034", &r), IDENT_OK);
	assert_string_equal(r.electronic, "BE68539007547034");
	assert_string_equal(r.paper, "BE68 5390 0754 7034");
}

static void test_nrn_printed_form(void **state)
{
	(void)state;
	struct ident_nrn r;

	assert_int_equal(nrn("85.07.30-033.28", &r), IDENT_OK);
	assert_string_equal(r.digits, "85073003328");
	assert_int_equal(nrn("85.07.30-033.29", &r), IDENT_BAD_CHECK);
}

static void test_nrn_sex_and_century(void **state)
{
	(void)state;
	struct ident_nrn r;
	char n[12];

	make_nrn("850730034", false, n);
	assert_int_equal(nrn(n, &r), IDENT_OK);
	assert_int_equal(r.sex, IDENT_SEX_FEMALE);
	assert_int_equal(r.birth_year, 1985);

	/* 29 February 2000 exists, 29 February 1900 does not. */
	make_nrn("000229002", true, n);
	assert_int_equal(nrn(n, &r), IDENT_OK);
	assert_int_equal(r.birth_year, 2000);
	assert_int_equal(r.sex, IDENT_SEX_FEMALE);
	make_nrn("000229002", false, n);
	assert_int_equal(nrn(n, &r), IDENT_BAD_DATE);

	make_nrn("170730033", false, n);
	assert_int_equal(nrn(n, &r), IDENT_OK);
	assert_int_equal(r.birth_year, 1917);
}

/*
 * For a given 9-digit base exactly two check values are valid, one per
 * century; every other value from 00 to 99 is refused.
 */
static void test_nrn_every_check_value(void **state)
{
	(void)state;
	static const char *const bases[] = {"850730033", "000101001", "991231998", "170730033"};
	struct ident_nrn r;
	char n[12];

	for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++) {
		int valid = 0, years = 0;
		for (unsigned check = 0; check <= 99; check++) {
			snprintf(n, sizeof n, "%s%02u", bases[b], check);
			enum ident_err e = nrn(n, &r);
			assert_true(e == IDENT_OK || e == IDENT_BAD_CHECK);
			if (e == IDENT_OK) {
				valid++;
				years += r.birth_year / 100;
			}
		}
		assert_int_equal(valid, 2);
		assert_int_equal(years, 19 + 20);
	}
}

static void test_nrn_bis(void **state)
{
	(void)state;
	struct ident_nrn r;
	char n[12];

	make_nrn("852730033", false, n);
	assert_int_equal(nrn(n, &r), IDENT_OK);
	assert_true(r.is_bis);
	assert_int_equal(r.sex, IDENT_SEX_UNKNOWN);
	assert_int_equal(r.birth_month, 7);
	assert_true(r.birth_known);

	make_nrn("854730034", false, n);
	assert_int_equal(nrn(n, &r), IDENT_OK);
	assert_true(r.is_bis);
	assert_int_equal(r.sex, IDENT_SEX_FEMALE);
	assert_int_equal(r.birth_month, 7);
	assert_int_equal(r.birth_day, 30);

	make_nrn("854730033", true, n);
	assert_int_equal(nrn(n, &r), IDENT_OK);
	assert_int_equal(r.sex, IDENT_SEX_MALE);
	assert_int_equal(r.birth_year, 2085);

	make_nrn("852000001", false, n);
	assert_int_equal(nrn(n, &r), IDENT_OK);
	assert_true(r.is_bis);
	assert_int_equal(r.birth_month, 0);
	assert_false(r.birth_known);
}

static void test_nrn_unknown_birth_date(void **state)
{
	(void)state;
	struct ident_nrn r;
	char n[12];

	make_nrn("850000033", false, n);
	assert_int_equal(nrn(n, &r), IDENT_OK);
	assert_int_equal(r.birth_year, 1985);
	assert_int_equal(r.birth_month, 0);
	assert_int_equal(r.birth_day, 0);
	assert_false(r.birth_known);
	assert_int_equal(r.sex, IDENT_SEX_MALE);

	make_nrn("850700033", false, n);
	assert_int_equal(nrn(n, &r), IDENT_OK);
	assert_int_equal(r.birth_month, 7);
	assert_int_equal(r.birth_day, 0);
	assert_false(r.birth_known);
}

static void test_nrn_impossible_dates(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "851330033", "850732033", "850230033", "850431033",
	    "853330033", "855330033", "851930033", "859930033",
	};
	struct ident_nrn r;
	char n[12];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		make_nrn(bad[i], false, n);
		assert_int_equal(nrn(n, &r), IDENT_BAD_DATE);
	}
	assert_string_equal(ident_err_str(IDENT_BAD_DATE), "impossible birth date");
}

static void test_nrn_bad_format(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",
	    "8507300332",
	    "850730033280",
	    "8507300332a",
	    "85.07.30.033.28",
	    "85-07-30-033-28",
	    "85 07 30 033 28",
	    "85.07.30-033.2",
	    "85.07.30-033.280",
	    " 85073003328",
	    "85073003328 ",
	    "+5073003328",
	    "85.07.3O-033.28",
	};
	struct ident_nrn r, before;

	memset(&r, 0x5a, sizeof r);
	before = r;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(nrn(bad[i], &r), IDENT_BAD_FORMAT);
	assert_int_equal(ident_nrn_parse(NULL, 11, &r), IDENT_BAD_FORMAT);
	assert_int_equal(nrn("85073003329", &r), IDENT_BAD_CHECK);
	assert_memory_equal(&r, &before, sizeof r);
	/* len bounds the input: no NUL needed. */
	assert_int_equal(ident_nrn_parse("85073003328999", 11, &r), IDENT_OK);
	assert_string_equal(ident_err_str(IDENT_BAD_FORMAT), "invalid format");
}

static void test_iban_spaces_and_case(void **state)
{
	(void)state;
	static const char *const ok[] = {
	    "BE68 5390 0754 7034",
	    "be68539007547034",
	    "bE68539007547034",
	    "  BE68  5390 0754 7034  ",
	    "B E 6 8 5 3 9 0 0 7 5 4 7 0 3 4",
	};
	struct ident_iban r;

	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		memset(&r, 0, sizeof r);
		assert_int_equal(iban(ok[i], &r), IDENT_OK);
		assert_string_equal(r.electronic, "BE68539007547034");
		assert_string_equal(r.paper, "BE68 5390 0754 7034");
	}
}

static void test_iban_checks(void **state)
{
	(void)state;
	struct ident_iban r;
	char s[17];

	assert_int_equal(iban("BE69539007547034", &r), IDENT_BAD_CHECK);
	/* ISO check right, Belgian account check wrong: still refused. */
	make_iban("539007547035", s);
	assert_string_equal(s, "BE41539007547035");
	assert_int_equal(iban(s, &r), IDENT_BAD_CHECK);
	/* First 10 digits a multiple of 97: the account check is 97. */
	make_iban("000000009797", s);
	assert_int_equal(iban(s, &r), IDENT_OK);
	make_iban("000000009700", s);
	assert_int_equal(iban(s, &r), IDENT_BAD_CHECK);
	make_iban("096123456769", s);
	assert_int_equal(iban(s, &r), IDENT_OK);
	assert_string_equal(r.paper, "BE71 0961 2345 6769");
}

/* Mod 97 catches every single-digit error: no altered digit passes. */
static void test_iban_every_single_digit_error(void **state)
{
	(void)state;
	struct ident_iban r;
	char s[17];

	for (int pos = 2; pos < 16; pos++) {
		for (char c = '0'; c <= '9'; c++) {
			memcpy(s, "BE68539007547034", 17);
			if (s[pos] == c)
				continue;
			s[pos] = c;
			assert_int_equal(iban(s, &r), IDENT_BAD_CHECK);
		}
	}
}

static void test_iban_bad_format(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",
	    "BE",
	    "NL91ABNA0417164300",
	    "FR7630006000011234567890189",
	    "LU280019400644750000",
	    "BE6853900754703",
	    "BE685390075470345",
	    "BE68539007547O34",
	    "BE68-5390-0754-7034",
	    "EB68539007547034",
	    "BF68539007547034",
	    "1E68539007547034",
	    "BE68\t5390075470 34",
	};
	struct ident_iban r;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(iban(bad[i], &r), IDENT_BAD_FORMAT);
	assert_int_equal(ident_iban_be_parse(NULL, 16, &r), IDENT_BAD_FORMAT);
}

static void test_ogm_forms(void **state)
{
	(void)state;
	uint64_t base = 0;

	assert_int_equal(ogm("***010/8068/17183***", &base), IDENT_OK);
	assert_true(base == 108068171);
	base = 0;
	assert_int_equal(ogm("010806817183", &base), IDENT_OK);
	assert_true(base == 108068171);
	assert_int_equal(ogm("+++010/8068/17184+++", &base), IDENT_BAD_CHECK);
	assert_int_equal(ogm("010806817100", &base), IDENT_BAD_CHECK);
	/* Check 00 never occurs: 0 mod 97 is written 97. */
	assert_int_equal(ogm("000000000000", &base), IDENT_BAD_CHECK);
	assert_int_equal(ogm("000000000097", &base), IDENT_OK);
	assert_true(base == 0);
}

static void test_ogm_bad_format(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",
	    "+++010/8068/17183++",
	    "++010/8068/17183+++",
	    "+++010/8068/1718+++",
	    "+++0108068/17183+++",
	    "***010/8068/17183+++",
	    "+++010/8068/17183***",
	    "+++010-8068-17183+++",
	    "01080681718",
	    "0108068171830",
	    "01080681718a",
	    "+++010/8068/17183+++ ",
	    " +++010/8068/17183+++",
	    "+++ 010/8068/17183 +++",
	};
	uint64_t base = 1234;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(ogm(bad[i], &base), IDENT_BAD_FORMAT);
	assert_int_equal(ident_ogm_parse(NULL, 12, &base), IDENT_BAD_FORMAT);
	assert_true(base == 1234);
}

static void test_ogm_format_round_trip(void **state)
{
	(void)state;
	char buf[IDENT_OGM_LEN];
	uint64_t back;

	assert_true(ident_ogm_format(0, buf));
	assert_string_equal(buf, "+++000/0000/00097+++");
	assert_true(ident_ogm_format(97, buf));
	assert_string_equal(buf, "+++000/0000/09797+++");
	assert_true(ident_ogm_format(IDENT_OGM_MAX_BASE, buf));
	assert_string_equal(buf, "+++999/9999/99948+++");
	for (uint64_t b = 0; b <= IDENT_OGM_MAX_BASE; b += (b < 3000 ? 1 : 7777777)) {
		assert_true(ident_ogm_format(b, buf));
		assert_int_equal(strlen(buf), IDENT_OGM_LEN - 1);
		assert_int_equal(ogm(buf, &back), IDENT_OK);
		assert_true(back == b);
	}
	memcpy(buf, "untouched", 10);
	assert_false(ident_ogm_format(IDENT_OGM_MAX_BASE + 1, buf));
	assert_false(ident_ogm_format(UINT64_MAX, buf));
	assert_string_equal(buf, "untouched");
}

static void test_err_strings(void **state)
{
	(void)state;

	assert_string_equal(ident_err_str(IDENT_OK), "valid");
	assert_string_equal(ident_err_str((enum ident_err)42), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_E1),
	    cmocka_unit_test(test_E2),
	    cmocka_unit_test(test_E3),
	    cmocka_unit_test(test_E4),
	    cmocka_unit_test(test_E5),
	    cmocka_unit_test(test_nrn_printed_form),
	    cmocka_unit_test(test_nrn_sex_and_century),
	    cmocka_unit_test(test_nrn_every_check_value),
	    cmocka_unit_test(test_nrn_bis),
	    cmocka_unit_test(test_nrn_unknown_birth_date),
	    cmocka_unit_test(test_nrn_impossible_dates),
	    cmocka_unit_test(test_nrn_bad_format),
	    cmocka_unit_test(test_iban_spaces_and_case),
	    cmocka_unit_test(test_iban_checks),
	    cmocka_unit_test(test_iban_every_single_digit_error),
	    cmocka_unit_test(test_iban_bad_format),
	    cmocka_unit_test(test_ogm_forms),
	    cmocka_unit_test(test_ogm_bad_format),
	    cmocka_unit_test(test_ogm_format_round_trip),
	    cmocka_unit_test(test_err_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

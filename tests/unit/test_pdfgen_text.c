/*
 * pdfgen text encoding: UTF-8 to Windows-1252 for the base-14 fonts. Every
 * French character the documents print, the no-break spaces, characters
 * outside the code page, and broken UTF-8. Then UTF-8 checked against the
 * embedded font's characters.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "pdfgen.h"

/* Converts s; returns the output and its count of replacements. */
static const char *conv(const char *s, size_t len, size_t *replaced)
{
	static char out[256];
	size_t n = 0;

	*replaced = 0;
	assert_true(len < sizeof(out));
	assert_true(pdfgen_utf8_to_cp1252(s, len, out, sizeof(out), &n, replaced));
	assert_int_equal(n, strlen(out));
	return out;
}

static void expect(const char *utf8, const char *cp1252, size_t replaced)
{
	size_t r;
	const char *out = conv(utf8, strlen(utf8), &r);

	if (strcmp(out, cp1252) != 0)
		fail_msg("\"%s\": got \"%s\"", utf8, out);
	assert_int_equal(r, replaced);
}

static void test_french_letters(void **state)
{
	static const struct {
		const char *utf8;
		unsigned char byte;
	} table[] = {
	    {"é", 0xE9}, {"è", 0xE8}, {"ê", 0xEA}, {"ë", 0xEB}, {"à", 0xE0}, {"â", 0xE2},
	    {"ç", 0xE7}, {"ô", 0xF4}, {"ö", 0xF6}, {"û", 0xFB}, {"ù", 0xF9}, {"ï", 0xEF},
	    {"î", 0xEE}, {"ü", 0xFC}, {"ÿ", 0xFF}, {"É", 0xC9}, {"È", 0xC8}, {"Ê", 0xCA},
	    {"À", 0xC0}, {"Â", 0xC2}, {"Ç", 0xC7}, {"Ô", 0xD4}, {"Î", 0xCE}, {"Û", 0xDB},
	    {"Ù", 0xD9}, {"Ë", 0xCB}, {"Ï", 0xCF}, {"Ü", 0xDC}, {"Ÿ", 0x9F}, {"æ", 0xE6},
	    {"Æ", 0xC6}, {"œ", 0x9C}, {"Œ", 0x8C}, {"€", 0x80}, {"«", 0xAB}, {"»", 0xBB},
	    {"’", 0x92}, {"‘", 0x91}, {"“", 0x93}, {"”", 0x94}, {"–", 0x96}, {"—", 0x97},
	    {"…", 0x85}, {"°", 0xB0}, {"²", 0xB2}, {"•", 0x95}, {"Š", 0x8A}, {"ž", 0x9E},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		size_t r;
		const char *out = conv(table[i].utf8, strlen(table[i].utf8), &r);

		if (strlen(out) != 1 || (unsigned char)out[0] != table[i].byte)
			fail_msg("%s: expected 0x%02X, got 0x%02X (%zu bytes)", table[i].utf8,
				 table[i].byte, (unsigned char)out[0], strlen(out));
		assert_int_equal(r, 0);
	}
}

static void test_sentence(void **state)
{
	(void)state;
	expect("Convention d’occupation précaire : « Œuvre » – 1 234,56 €",
	       "Convention d\x92occupation pr\xE9"
	       "caire : \xAB \x8C"
	       "uvre \xBB \x96 1 234,56 \x80",
	       0);
	expect("Geneviève Dubœuf, née le 12/04/1988",
	       "Genevi\xE8ve Dub\x9C"
	       "uf, n\xE9"
	       "e le 12/04/1988",
	       0);
}

static void test_no_break_spaces(void **state)
{
	(void)state;
	/* U+00A0 as money_format writes it, and the narrow U+202F. */
	expect("1\xC2\xA0"
	       "234,56\xC2\xA0\xE2\x82\xAC",
	       "1\xA0"
	       "234,56\xA0\x80",
	       0);
	expect("«\xE2\x80\xAFoui\xE2\x80\xAF»", "\xAB\xA0oui\xA0\xBB", 0);
}

static void test_ascii_and_line_ends(void **state)
{
	(void)state;
	expect("Rue des Tanneurs 12, boîte 3", "Rue des Tanneurs 12, bo\xEEte 3", 0);
	expect("a\tb\nc", "a\tb\nc", 0);
	expect("une\r\ndeux\rtrois", "une\ndeux\ntrois", 0);
	expect("", "", 0);
}

static void test_outside_code_page(void **state)
{
	(void)state;
	expect("Łukasz Wójcik", "?ukasz W\xF3jcik", 1);
	expect("Ştefan Ğüneş", "?tefan ?\xFCne?", 3);
	expect("日本", "??", 2);
	expect("ok 😀", "ok ?", 1);
	/* C0 and C1 controls and DEL are not text. */
	expect("a\x01"
	       "b\x7F"
	       "c",
	       "a?b?c", 2);
	expect("\xC2\x80\xC2\x85", "??", 2);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	expect("\x80", "?", 1);	  /* stray continuation */
	expect("a\xC3", "a?", 1); /* truncated at the end */
	expect("\xE2\x82"
	       "A",
	       "?A", 1);		       /* truncated: one '?' for the prefix */
	expect("\xC0\xAF", "??", 2);	       /* overlong lead, then a stray byte */
	expect("\xE0\x80\xAF", "???", 3);      /* overlong 3-byte form */
	expect("\xED\xA0\x80", "???", 3);      /* surrogate U+D800 */
	expect("\xF4\x90\x80\x80", "????", 4); /* above U+10FFFF */
	expect("\xF5\x80", "??", 2);
	expect("\xFF", "?", 1);
	/* An embedded NUL counts in in_len and is not text. */
	{
		size_t r;
		const char *out = conv("a\0b", 3, &r);

		assert_string_equal(out, "a?b");
		assert_int_equal(r, 1);
	}
}

static void test_buffer_sizes(void **state)
{
	char out[8];
	size_t n = 99, r = 0;

	(void)state;
	/* One byte per character: in_len + 1 always fits. */
	assert_true(pdfgen_utf8_to_cp1252("abc", 3, out, 4, &n, &r));
	assert_string_equal(out, "abc");
	assert_int_equal(n, 3);
	assert_false(pdfgen_utf8_to_cp1252("abc", 3, out, 3, &n, &r));
	assert_string_equal(out, "");
	/* Two-byte characters need fewer output bytes than input bytes. */
	assert_true(pdfgen_utf8_to_cp1252("éé", 4, out, 3, &n, &r));
	assert_int_equal(n, 2);
	/* The count of replacements adds up over calls, and not on failure. */
	r = 5;
	assert_true(pdfgen_utf8_to_cp1252("Ł", 2, out, sizeof(out), &n, &r));
	assert_int_equal(r, 6);
	assert_false(pdfgen_utf8_to_cp1252("ŁŁŁ", 6, out, 2, &n, &r));
	assert_int_equal(r, 6);
	assert_false(pdfgen_utf8_to_cp1252("", 0, out, 0, &n, &r));
}

/* ---- UTF-8 for the embedded font -------------------------------------------- */

/* A font with every character of the BMP but the CJK ideographs. */
static bool no_cjk(void *ctx, uint32_t c)
{
	int *asked = ctx;

	(*asked)++;
	assert_true(c >= 0x20 && c <= 0xFFFF && (c < 0x7F || c >= 0xA0));
	return c < 0x4E00 || c > 0x9FFF;
}

static void expect_clean(const char *in, const char *want, size_t replaced)
{
	char out[256];
	size_t n = 0, r = 0;
	int asked = 0;

	assert_true(pdfgen_utf8_clean(in, strlen(in), out, strlen(in) + 1, &n, &r, no_cjk, &asked));
	if (strcmp(out, want) != 0)
		fail_msg("\"%s\": got \"%s\"", in, out);
	assert_int_equal(n, strlen(out));
	assert_int_equal(r, replaced);
}

static void test_clean_keeps_letters(void **state)
{
	(void)state;
	/* Latin Extended-A and -B, Vietnamese, French: every byte kept as given. */
	expect_clean("Łukasz Wiśniewski", "Łukasz Wiśniewski", 0);
	expect_clean("Şahin Ştefan Ţurcanu Ș Ț", "Şahin Ştefan Ţurcanu Ș Ț", 0);
	expect_clean("Nguyễn Thị Minh Khai", "Nguyễn Thị Minh Khai", 0);
	expect_clean("Dvořák Ǧ ǅ Ə ɏ", "Dvořák Ǧ ǅ Ə ɏ", 0);
	expect_clean("Geneviève Dubœuf 1 234,56 € « »", "Geneviève Dubœuf 1 234,56 € « »", 0);
	/* Decomposed: e + combining circumflex + combining acute. */
	expect_clean("Nguye\xCC\x82\xCC\x81n", "Nguye\xCC\x82\xCC\x81n", 0);
}

static void test_clean_replaces(void **state)
{
	(void)state;
	/* What the font lacks, one '?' each. */
	expect_clean("Yamada 山田 Tarō", "Yamada ?? Tarō", 2);
	/* Outside the BMP (libharu's UTF-8 encoding stops at U+FFFF). */
	expect_clean("a\xF0\x9F\x98\x80"
		     "b",
		     "a?b", 1);
	/* Controls, C1 controls, broken sequences. */
	expect_clean("a\x01"
		     "b\x7F\xC2\x85"
		     "c",
		     "a?b??c", 3);
	/* A surrogate's three bytes are three broken sequences (maximal prefixes). */
	expect_clean("\xC3(\xE2\x82 \xED\xA0\x80", "?(? ???", 5);
	/* Line ends and tabs are layout: kept, CRLF and CR made '\n'. */
	expect_clean("a\r\nb\rc\td\n", "a\nb\nc\td\n", 0);
}

static void test_clean_sizes(void **state)
{
	char out[8];
	size_t n = 0, r = 3;
	int asked = 0;

	(void)state;
	assert_true(pdfgen_utf8_clean("éé", 4, out, 5, &n, &r, no_cjk, &asked));
	assert_int_equal(n, 4);
	assert_false(pdfgen_utf8_clean("éé", 4, out, 4, &n, &r, no_cjk, &asked));
	assert_string_equal(out, "");
	/* Replacements add up, and not on failure. */
	assert_true(pdfgen_utf8_clean("山", 3, out, 4, &n, &r, no_cjk, &asked));
	assert_string_equal(out, "?");
	assert_int_equal(r, 4);
	assert_false(pdfgen_utf8_clean("山山山", 9, out, 3, &n, &r, no_cjk, &asked));
	assert_int_equal(r, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_french_letters),    cmocka_unit_test(test_sentence),
	    cmocka_unit_test(test_no_break_spaces),   cmocka_unit_test(test_ascii_and_line_ends),
	    cmocka_unit_test(test_outside_code_page), cmocka_unit_test(test_invalid_utf8),
	    cmocka_unit_test(test_buffer_sizes),      cmocka_unit_test(test_clean_keeps_letters),
	    cmocka_unit_test(test_clean_replaces),    cmocka_unit_test(test_clean_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

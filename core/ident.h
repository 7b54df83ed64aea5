/*
 * ident: Belgian identifiers and their check digits: national register
 * numbers (and BIS numbers), Belgian IBANs, structured communications
 * (communication structurée, "OGM/VCS") for payments.
 *
 * Parsers take (s, len): len bytes, no NUL needed. Results are written into
 * caller structs and buffers whose sizes are fixed below; nothing returned
 * needs freeing, and the error strings are static.
 */
#ifndef TRANSITD_CORE_IDENT_H
#define TRANSITD_CORE_IDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bdate.h"

enum ident_err {
	IDENT_OK = 0,
	IDENT_BAD_FORMAT, /* length, characters or layout */
	IDENT_BAD_CHECK,  /* check digits do not match */
	IDENT_BAD_DATE,	  /* national number: impossible birth date */
};

/* A short English description ("invalid check digits"), static storage. */
const char *ident_err_str(enum ident_err err);

enum ident_sex {
	IDENT_SEX_UNKNOWN = 0,
	IDENT_SEX_MALE,
	IDENT_SEX_FEMALE,
};

/* 11 digits + NUL; "YY.MM.DD-SSS.CC" + NUL. */
#define IDENT_NRN_LEN	  12
#define IDENT_NRN_FMT_LEN 16

struct ident_nrn {
	char digits[IDENT_NRN_LEN];	   /* canonical: "85073003328" */
	char formatted[IDENT_NRN_FMT_LEN]; /* "85.07.30-033.28" */
	/*
	 * "**.**.**-***.28": the one form shown to a reader who may not see the
	 * number (every output of the API: JSON, PDF, CSV, feeds, messages).
	 */
	char masked[IDENT_NRN_FMT_LEN];
	/*
	 * BIS number (people not in the national register): the month is
	 * increased by 20 when the sex was unknown at attribution, by 40 when
	 * it was known.
	 */
	bool is_bis;
	/* From the sequence number: odd male, even female; unknown for BIS+20. */
	enum ident_sex sex;
	int birth_year;	 /* full year: 1900..1999, or 2000..2099 by the check */
	int birth_month; /* 1..12, 0 when unknown */
	int birth_day;	 /* 1..31, 0 when unknown */
	/* True when month and day are known; only then is `birth` set. */
	bool birth_known;
	bdate_t birth;
};

/*
 * Validates a national register or BIS number, given as 11 bare digits or
 * in the printed form "85.07.30-033.28" (nothing else: no spaces). The
 * check is 97 - (first 9 digits mod 97); for births from 2000 on it is
 * computed over "2" followed by the 9 digits, which is how the century is
 * known. Month and day 00 (birth date unknown, some foreigners) are
 * accepted; a date that cannot exist (30 February) is IDENT_BAD_DATE.
 * *out is written only on IDENT_OK.
 */
CORE_WUR enum ident_err ident_nrn_parse(const char *s, size_t len, struct ident_nrn *out);

/* "BE68539007547034" + NUL; "BE68 5390 0754 7034" + NUL. */
#define IDENT_IBAN_LEN	   17
#define IDENT_IBAN_FMT_LEN 20

struct ident_iban {
	char electronic[IDENT_IBAN_LEN]; /* no spaces, upper case */
	char paper[IDENT_IBAN_FMT_LEN];	 /* groups of four */
};

/*
 * Validates a Belgian IBAN: "BE" (either case), 2 check digits, 12 digits;
 * spaces anywhere are ignored. Both checks must hold: ISO 13616 mod 97 = 1
 * over the rearranged string, and the Belgian account check (last 2 digits
 * = first 10 digits mod 97, 97 for 0). Foreign IBANs are IDENT_BAD_FORMAT.
 */
CORE_WUR enum ident_err ident_iban_be_parse(const char *s, size_t len, struct ident_iban *out);

/* "+++DDD/DDDD/DDDDD+++" + NUL. */
#define IDENT_OGM_LEN 21
/* The largest base number a structured communication carries. */
#define IDENT_OGM_MAX_BASE 9999999999ULL

/*
 * Validates a structured communication written "+++DDD/DDDD/DDDDD+++",
 * "***DDD/DDDD/DDDDD***" or as 12 bare digits; the last 2 digits are the
 * first 10 mod 97 (97 for 0). *base receives the 10-digit number.
 */
CORE_WUR enum ident_err ident_ogm_parse(const char *s, size_t len, uint64_t *base);

/* Writes the "+++" form for base (0..IDENT_OGM_MAX_BASE); false when above. */
CORE_WUR bool ident_ogm_format(uint64_t base, char buf[IDENT_OGM_LEN]);

#endif

/*
 * money: amounts in int64_t euro cents; rounding, parsing, formatting and
 * amounts in Belgian French words.
 *
 * Every computation is checked: a function that could overflow int64_t
 * returns false instead and leaves *out untouched. Strings are written into
 * caller buffers (size includes the NUL); nothing returned needs freeing.
 * When a buffer is too small the function returns false and, if size > 0,
 * leaves an empty string in it (never a truncated amount).
 *
 * Formatted amounts use U+00A0 NO-BREAK SPACE (UTF-8 "\xC2\xA0") both as
 * the thousands separator and before the euro sign, so that a line break
 * never splits an amount; pdfgen maps it to 0xA0 in WinAnsiEncoding.
 */
#ifndef TRANSITD_CORE_MONEY_H
#define TRANSITD_CORE_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bdate.h"

/* The UTF-8 no-break space used in formatted amounts. */
#define MONEY_NBSP "\xC2\xA0"

/*
 * Buffer size that fits any formatted int64_t amount with money_format
 * ("-92 233 720 368 547 758,08 €" with 2-byte spaces, plus NUL).
 */
#define MONEY_FORMAT_MAX 40

/* a + b and a - b; false on overflow. */
CORE_WUR bool money_add(int64_t a, int64_t b, int64_t *out);
CORE_WUR bool money_sub(int64_t a, int64_t b, int64_t *out);

/*
 * floor(amount * num / den), toward minus infinity; den > 0, num >= 0.
 * Exact for any inputs whose result fits (no intermediate overflow when
 * amount % den times num fits in 64 bits); false otherwise.
 */
CORE_WUR bool money_mul_div_floor(int64_t amount, int64_t num, int64_t den, int64_t *out);

/*
 * amount * num / den rounded to the nearest cent, halves away from zero
 * (commercial rounding: 0.5 -> 1, -0.5 -> -1, so a credit mirrors its
 * debit); den > 0, num >= 0.
 */
CORE_WUR bool money_mul_div_half_up(int64_t amount, int64_t num, int64_t den, int64_t *out);

/*
 * The percent cap, rounded DOWN so that it is never exceeded:
 * floor(percent % of amount). 151237 cents at 20 % -> 30247.
 */
CORE_WUR bool money_percent_floor(int64_t amount, int64_t percent, int64_t *out);

/*
 * Pro rata temporis: amount * days / days_in_month, rounded half-up to the
 * cent; requires 1 <= days_in_month and 0 <= days <= days_in_month.
 * 30247 cents for 17 of 31 days -> 16587.
 */
CORE_WUR bool money_pro_rata(int64_t amount, int days, int days_in_month, int64_t *out);

/*
 * Strict decimal parse into cents of exactly len bytes (no NUL needed):
 * an optional leading '-', at least one digit, then optionally '.' or ','
 * followed by one or two digits. "1234.56", "1234,5", "-3", "0012" are
 * accepted; "+1", " 1", "1 234", "1.", ".5", "1.234", "1e3" and any
 * amount outside the int64_t range of cents are refused.
 */
CORE_WUR bool money_parse(const char *s, size_t len, int64_t *out);

/* French display: "-1 234,56 €" (spaces are MONEY_NBSP). */
CORE_WUR bool money_format(int64_t cents, char *buf, size_t size);

/* Same without the euro sign: "-1 234,56". */
CORE_WUR bool money_format_plain(int64_t cents, char *buf, size_t size);

/*
 * Machine form that money_parse reads back: "-1234.56", always two
 * decimals, no separators (CSV exports, logs).
 */
CORE_WUR bool money_format_decimal(int64_t cents, char *buf, size_t size);

/*
 * The amount in Belgian French words, for receipts (traditional spelling:
 * hyphens only inside numbers below one hundred):
 *   30247  -> "trois cent deux euros et quarante-sept centimes"
 *   7100   -> "septante et un euros"      8100 -> "quatre-vingt-un euros"
 *   128000 -> "mille deux cent quatre-vingts euros"
 *   1      -> "un centime"                0    -> "zéro euro"
 *   100000000 -> "un million d'euros" (a count ending in million(s),
 *   milliard(s), ... takes "d'euros", as French grammar requires).
 * Negative amounts are prefixed with "moins ". Scales above mille are the
 * long scale used in Belgium: million, milliard, billion, billiard.
 */
CORE_WUR bool money_words_fr(int64_t cents, char *buf, size_t size);

#endif

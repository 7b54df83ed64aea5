/*
 * GET /api/v1/households?q=TEXT: finding a household as you type (issue 15
 * item 1), for the list of h_households.c.
 *
 * What matches, best first (then by id):
 *   3  a national register number starting with the digits typed (6 to 11
 *      digits, dots, dashes and spaces ignored), only for the roles that
 *      read the numbers (api_sees_nrn): for the others the digits match
 *      nothing, so that a number cannot be probed through the search;
 *   2  a word of a member's name or of the file reference starting with
 *      the text;
 *   1  the text anywhere in them;
 *   <1 a name or reference alike by trigrams (pg_trgm's word similarity
 *      operator <%, at least its default threshold 0.6): a typo still
 *      finds "Benali".
 * The text has 2 to 100 characters; with 2, only words starting with it
 * match (levels 3 and 2).
 * Names and references are compared as search_fold() leaves them (lower
 * case, no accents: sql/020), the text typed the same way. The answer is
 * the list's shape, ranked: items (household summaries), next_after null
 * (a ranking has no next page: ?after= is refused with ?q=), limit.
 */
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "households.h"

/* The text typed, as query bytes, and the digits of a register number. */
#define SEARCH_MIN     2 /* characters: one letter would list half the file */
#define SEARCH_SHORT   3 /* characters: below, words starting with the text only */
#define SEARCH_MAX     100
#define NRN_DIGITS_MIN 6
#define NRN_DIGITS_MAX 11

/* The digits of q when it is only digits and the separators of a printed
 * number ("85.07.30-033.28"), between NRN_DIGITS_MIN and NRN_DIGITS_MAX;
 * "" otherwise. */
static void nrn_digits(const char *q, char out[NRN_DIGITS_MAX + 1])
{
	size_t n = 0;
	out[0] = '\0';
	for (const char *p = q; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n == NRN_DIGITS_MAX)
				return;
			out[n++] = *p;
		} else if (*p != '.' && *p != '-' && *p != ' ') {
			return;
		}
	}
	out[n >= NRN_DIGITS_MIN ? n : 0] = '\0';
}

/* q with LIKE's wildcards and escape character escaped. */
static char *like_escaped(const char *q)
{
	char *out = malloc(2 * strlen(q) + 1), *o = out;
	if (out == NULL)
		return NULL;
	for (const char *p = q; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			*o++ = '\\';
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

/*
 * One score per row: the CASE reads the stored folded forms (sql/020).
 * MEMBER and REFERENCE are what a row must satisfy to be a hit: with three
 * characters and more, the text anywhere or alike by trigrams (both served
 * by the trigram indexes); with two, a word starting with it (the trigram
 * index cannot serve so short a text, and "the text anywhere" would be
 * half the file).
 */
#define SEARCH_SQL(MEMBER, REFERENCE)                                                              \
	"WITH q AS (SELECT search_fold($2) AS t, search_fold($3) AS l),"                           \
	" hits AS ("                                                                               \
	"  SELECT m.household_id AS id, CASE"                                                      \
	"   WHEN m.search_name LIKE q.l || '%' OR m.search_name LIKE '% ' || q.l || '%' THEN 2"    \
	"   WHEN m.search_name LIKE '%' || q.l || '%' THEN 1"                                      \
	"   ELSE word_similarity(q.t, m.search_name) END AS score"                                 \
	"  FROM members m, q WHERE m.operator_id = $1 AND (" MEMBER ")"                            \
	"  UNION ALL"                                                                              \
	"  SELECT h.id, CASE"                                                                      \
	"   WHEN h.search_reference LIKE q.l || '%'"                                               \
	"    OR h.search_reference LIKE '% ' || q.l || '%' THEN 2"                                 \
	"   WHEN h.search_reference LIKE '%' || q.l || '%' THEN 1"                                 \
	"   ELSE word_similarity(q.t, h.search_reference) END"                                     \
	"  FROM households h, q WHERE h.operator_id = $1 AND (" REFERENCE ")"                      \
	"  UNION ALL"                                                                              \
	"  SELECT m.household_id, 3 FROM members m"                                                \
	"  WHERE $4::text IS NOT NULL AND m.operator_id = $1"                                      \
	"   AND m.national_register_number LIKE $4 || '%'),"                                       \
	" best AS (SELECT id, max(score) AS score FROM hits GROUP BY id"                           \
	"  ORDER BY max(score) DESC, id LIMIT $5::integer)"                                        \
	" SELECT '{\"items\":[' || coalesce(string_agg(d.doc, ',' ORDER BY b.score DESC, b.id), "  \
	"'')"                                                                                      \
	"  || '],\"next_after\":null,\"limit\":' || $5::integer::text || '}'"                      \
	" FROM best b JOIN household_summary_docs d ON d.id = b.id AND d.operator_id = $1"

static const char sql_search[] =
    SEARCH_SQL("m.search_name LIKE '%' || q.l || '%' OR q.t <% m.search_name",
	       "h.search_reference LIKE '%' || q.l || '%' OR q.t <% h.search_reference");
static const char sql_search_short[] =
    SEARCH_SQL("m.search_name LIKE q.l || '%' OR m.search_name LIKE '% ' || q.l || '%'",
	       "h.search_reference LIKE q.l || '%' OR h.search_reference LIKE '% ' || q.l || '%'");

/* The characters of a UTF-8 text (its bytes that do not continue one). */
static size_t characters(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

int household_search(struct api_ctx *c, const char *q)
{
	struct api_page page;
	if (api_page_read(c, &page) != 0)
		return -1;
	json_t *errors = NULL;
	if (page.after != 0)
		api_field_error(&errors, "after", "invalid",
				"a search is ranked, not paged: leave after out with q");
	size_t chars = characters(q);
	if (chars < SEARCH_MIN || strlen(q) > SEARCH_MAX || !api_single_line(q))
		api_field_error(&errors, "q", "invalid", "2 to 100 characters on one line");
	if (errors != NULL)
		return api_problem(c, 400, "invalid-query", "Invalid query", NULL, errors);
	char digits[NRN_DIGITS_MAX + 1];
	nrn_digits(q, digits);
	char *like = like_escaped(q);
	if (like == NULL)
		return api_problem(c, 500, "internal", "Internal error", "out of memory", NULL);
	char op[API_ID_LEN];
	api_id_text(c->user.operator_id, op);
	const char *v[5] = {op, q, like, digits[0] != '\0' && api_sees_nrn(c) ? digits : NULL,
			    page.limit_text};
	PGresult *r = api_db_exec(c, chars < SEARCH_SHORT ? sql_search_short : sql_search, 5, v);
	free(like);
	if (r == NULL)
		return -1;
	int rc = api_reply_json_copy(c, 200, PQgetvalue(r, 0, 0), strlen(PQgetvalue(r, 0, 0)));
	PQclear(r);
	return rc;
}

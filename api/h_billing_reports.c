/*
 * Billing reports (rules.md section 3): the arrears of each household and
 * the ledger export for the accountant's software (h_billing.c holds the
 * runs and the invoices they issue).
 *
 * "Late" is counted in one place: invoice_days_late() (sql/017), the days
 * from an invoice's due date, which the arrears show and the unpaid alert
 * (api/alerts.c, core/alert.c) compares with unpaid_grace_days.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "money.h"

/* ---- arrears ---- */

/*
 * Per household with open invoices: each open invoice with what is left to
 * pay and its days late (invoice_days_late(), sql/017), the total due and
 * the days late of the oldest. Households with credit have no open invoice
 * (the credit pays them as soon as they exist).
 */
struct arrears_query {
	int sort; /* index in arrears_sorts */
	bool desc;
	long long limit, offset, min_days;
};

static const char *const arrears_sorts[] = {"days_late", "total_due", "household", NULL};

/* An integer query value in [lo, hi], left unchanged when absent. */
static void query_int(struct api_ctx *c, const char *name, long long lo, long long hi,
		      long long *out, json_t **errors)
{
	char s[24], *end = NULL;
	enum api_lookup has = api_query_get(c, name, s, sizeof s);
	if (has == API_LOOKUP_ABSENT)
		return;
	long long v = has == API_LOOKUP_FOUND ? strtoll(s, &end, 10) : 0;
	if (has == API_LOOKUP_UNREADABLE || v < lo || v > hi || *end != '\0' || end == s) {
		char msg[80];
		snprintf(msg, sizeof msg, "must be an integer between %lld and %lld", lo, hi);
		api_field_error(errors, name, "invalid", msg);
		return;
	}
	*out = v;
}

static int arrears_read(struct api_ctx *c, struct arrears_query *q)
{
	char sort[24], order[8];
	json_t *errors = NULL;
	enum api_lookup has_sort = api_query_get(c, "sort", sort, sizeof sort);
	enum api_lookup has_order = api_query_get(c, "order", order, sizeof order);
	if (has_sort != API_LOOKUP_ABSENT) {
		q->sort = has_sort == API_LOOKUP_FOUND ? api_enum_index(arrears_sorts, sort) : -1;
		if (q->sort < 0)
			api_field_error(&errors, "sort", "enum",
					"must be one of: days_late, total_due, household");
	}
	/* Worst first by default; households in their reference's order. */
	q->desc = q->sort != 2;
	if (has_order == API_LOOKUP_UNREADABLE ||
	    (has_order == API_LOOKUP_FOUND && strcmp(order, "asc") && strcmp(order, "desc")))
		api_field_error(&errors, "order", "enum", "must be asc or desc");
	else if (has_order == API_LOOKUP_FOUND)
		q->desc = strcmp(order, "desc") == 0;
	query_int(c, "limit", 1, 200, &q->limit, &errors);
	query_int(c, "offset", 0, 1000000, &q->offset, &errors);
	query_int(c, "min_days_late", 0, 100000, &q->min_days, &errors);
	if (errors != NULL)
		return api_problem(c, 400, "invalid-query", "Invalid query", NULL, errors);
	return 0;
}

static int arrears_reply(struct api_ctx *c, const struct arrears_query *q)
{
	static const char *const sort_sql[] = {"days_late", "total_due_cents", "reference"};
	char sql[2048], op[API_ID_LEN], today[BDATE_ISO_LEN], limit[24], offset[24], min[24];
	snprintf(limit, sizeof limit, "%lld", q->limit);
	snprintf(offset, sizeof offset, "%lld", q->offset);
	snprintf(min, sizeof min, "%lld", q->min_days);
	api_id_text(c->user.operator_id, op);
	bdate_format_iso(c->req->today, today);
	const char *dir = q->desc ? "DESC" : "ASC";
	snprintf(sql, sizeof sql,
		 "WITH open AS (SELECT i.id, i.household_id, i.convention_id, i.month, i.due_on,"
		 "  i.total_cents - i.paid_cents AS due,"
		 "  invoice_days_late(i.due_on, $2::date) AS late"
		 "  FROM invoices i WHERE i.operator_id = $1 AND i.paid_cents < i.total_cents),"
		 " per AS (SELECT o.household_id, h.reference, sum(o.due) AS total_due_cents,"
		 "  max(o.late) AS days_late, json_agg(json_build_object('invoice_id', o.id,"
		 "  'convention_id', o.convention_id, 'month', to_char(o.month, 'YYYY-MM'),"
		 "  'due_on', o.due_on, 'due_cents', o.due, 'days_late', o.late)"
		 "  ORDER BY o.month, o.id) AS invoices"
		 "  FROM open o JOIN households h ON h.id = o.household_id"
		 "  GROUP BY o.household_id, h.reference HAVING max(o.late) >= $5::int),"
		 " page AS (SELECT * FROM per ORDER BY %s %s, household_id LIMIT $3 OFFSET $4)"
		 " SELECT coalesce(json_agg(json_build_object('household_id', household_id,"
		 "  'reference', reference, 'open_invoices', invoices,"
		 "  'total_due_cents', total_due_cents, 'days_late', days_late)"
		 "  ORDER BY %s %s, household_id), '[]')::text, (SELECT count(*) FROM per)"
		 " FROM page",
		 sort_sql[q->sort], dir, sort_sql[q->sort], dir);
	const char *v[5] = {op, today, limit, offset, min};
	PGresult *r = api_db_exec(c, sql, 5, v);
	if (r == NULL)
		return -1;
	json_t *items = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
	long long total = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
	PQclear(r);
	if (items == NULL)
		return api_problem(c, 500, "internal", "Internal error", "bad JSON from SQL", NULL);
	return api_reply_json(c, 200,
			      json_pack("{s:o, s:I, s:I, s:I, s:s}", "items", items, "total",
					(json_int_t)total, "limit", (json_int_t)q->limit, "offset",
					(json_int_t)q->offset, "today", today));
}

int h_arrears(struct api_ctx *c)
{
	struct arrears_query q = {.sort = 0, .limit = 50, .offset = 0, .min_days = 0};
	int rc = arrears_read(c, &q);
	if (rc == 0)
		rc = arrears_reply(c, &q);
	return rc;
}

/* ---- ledger export ---- */

/* Longest period one export covers. */
#define LEDGER_MAX_DAYS 1096

static const char *const ledger_header =
    "date;entry;invoice_id;payment_id;receipt_number;household_reference;convention_id;"
    "unit;month;communication;method;payer;indemnity;provision;debit;credit\r\n";

/*
 * A text field: quoted (quotes doubled) when it holds ; " CR or LF. A text
 * that a spreadsheet would take for a formula (starting with = + - @, tab
 * or CR: a payer named =HYPERLINK(...) is typed by whoever pays) gets a
 * leading ' (OWASP, CSV injection), which LibreOffice and Excel show and
 * never evaluate. Every text column is treated alike, the structured
 * communication (+++...+++) included: one rule, no column to forget.
 * Amounts and dates are written by csv_amount and from SQL dates, never
 * through here, so they stay numbers and dates.
 */
static void csv_text(FILE *f, const char *s)
{
	bool formula = s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
	if (strpbrk(s, ";\"\r\n") == NULL) {
		if (formula)
			fputc('\'', f);
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (formula)
		fputc('\'', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* An amount in euros with a decimal comma ("1234,56"); empty when NULL. */
static bool csv_amount(FILE *f, PGresult *r, int row, int col)
{
	if (PQgetisnull(r, row, col))
		return true;
	char buf[32];
	if (!money_format_decimal(strtoll(PQgetvalue(r, row, col), NULL, 10), buf, sizeof buf))
		return false;
	char *dot = strchr(buf, '.');
	if (dot != NULL)
		*dot = ',';
	fputs(buf, f);
	return true;
}

static const char sql_ledger[] =
    "SELECT * FROM ("
    " SELECT i.issued_on AS day, 0 AS rank, 'invoice' AS entry, i.id AS invoice_id,"
    "  NULL::bigint AS payment_id, NULL AS receipt, h.reference, i.convention_id,"
    "  u.name AS unit, to_char(i.month, 'YYYY-MM') AS month, i.communication,"
    "  NULL AS method, NULL AS payer, i.indemnity_cents, i.provision_cents,"
    "  i.total_cents AS debit, NULL::bigint AS credit, i.id AS id"
    "  FROM invoices i JOIN households h ON h.id = i.household_id"
    "  JOIN conventions v ON v.id = i.convention_id JOIN units u ON u.id = v.unit_id"
    "  WHERE i.operator_id = $1 AND i.issued_on BETWEEN $2::date AND $3::date"
    " UNION ALL"
    " SELECT p.paid_on, 1, CASE WHEN p.amount_cents > 0 THEN 'payment' ELSE 'reversal' END,"
    "  NULL, p.id, receipt_number(r.year, r.number),"
    "  h.reference, NULL, NULL, NULL, p.communication, p.method::text, p.payer, NULL, NULL,"
    "  CASE WHEN p.amount_cents < 0 THEN -p.amount_cents END,"
    "  CASE WHEN p.amount_cents > 0 THEN p.amount_cents END, p.id"
    "  FROM payments p JOIN households h ON h.id = p.household_id"
    "  LEFT JOIN receipts r ON r.payment_id = p.id"
    "  WHERE p.operator_id = $1 AND p.paid_on BETWEEN $2::date AND $3::date) e"
    " ORDER BY day, rank, id";

struct ledger_query {
	char from[16], to[16];
	bool bom;
};

static int ledger_read(struct api_ctx *c, struct ledger_query *q)
{
	char bom_s[4];
	bdate_t from = 0, to = 0;
	json_t *errors = NULL;
	enum api_lookup has_from = api_query_get(c, "from", q->from, sizeof q->from);
	enum api_lookup has_to = api_query_get(c, "to", q->to, sizeof q->to);
	/* A UTF-8 byte-order mark by default: Excel opening the file by a
	 * double-click reads it as UTF-8 only with one (accents of names);
	 * bom=0 omits it for software that does not expect it. */
	enum api_lookup has_bom = api_query_get(c, "bom", bom_s, sizeof bom_s);
	q->bom = true;
	if (has_bom != API_LOOKUP_ABSENT) {
		if (has_bom == API_LOOKUP_FOUND &&
		    (strcmp(bom_s, "0") == 0 || strcmp(bom_s, "1") == 0))
			q->bom = bom_s[0] == '1';
		else
			api_field_error(&errors, "bom", "invalid", "must be 0 or 1");
	}
	bool ok_from =
	    has_from == API_LOOKUP_FOUND && bdate_parse_iso(q->from, strlen(q->from), &from);
	bool ok_to = has_to == API_LOOKUP_FOUND && bdate_parse_iso(q->to, strlen(q->to), &to);
	if (!ok_from)
		api_field_error(&errors, "from",
				has_from == API_LOOKUP_ABSENT ? "required" : "invalid",
				"must be a date YYYY-MM-DD");
	if (!ok_to)
		api_field_error(&errors, "to", has_to == API_LOOKUP_ABSENT ? "required" : "invalid",
				"must be a date YYYY-MM-DD");
	if (ok_from && ok_to && (to < from || to - from >= LEDGER_MAX_DAYS))
		api_field_error(&errors, "to", "range",
				"must be on or after from, and at most 1096 days after");
	if (errors != NULL)
		return api_problem(c, 400, "invalid-query", "Invalid query", NULL, errors);
	return 0;
}

/* The CSV text (malloc'd, the caller's) of the period's entries. */
static int ledger_csv(struct api_ctx *c, const struct ledger_query *q, char **text, size_t *len)
{
	char op[API_ID_LEN];
	api_id_text(c->user.operator_id, op);
	const char *v[3] = {op, q->from, q->to};
	FILE *f = NULL;
	int rc = -1;
	PGresult *r = api_db_exec(c, sql_ledger, 3, v);
	if (r == NULL)
		goto out;
	f = open_memstream(text, len);
	bool ok = f != NULL;
	if (ok && q->bom)
		fputs("\xEF\xBB\xBF", f);
	if (ok)
		fputs(ledger_header, f);
	/* columns of sql_ledger after (day, rank): entry .. credit */
	for (int i = 0; ok && i < PQntuples(r); i++) {
		fputs(PQgetvalue(r, i, 0), f);
		for (int col = 2; col <= 12 && ok; col++) {
			fputc(';', f);
			csv_text(f, PQgetvalue(r, i, col));
		}
		for (int col = 13; col <= 16 && ok; col++) {
			fputc(';', f);
			ok = csv_amount(f, r, i, col);
		}
		fputs("\r\n", f);
	}
	if (f != NULL && fclose(f) != 0)
		ok = false;
	f = NULL;
	if (!ok) {
		rc =
		    api_problem(c, 500, "internal", "Internal error", "cannot build the CSV", NULL);
		goto out;
	}
	rc = 0;
out:
	if (f != NULL)
		fclose(f);
	if (rc != 0) {
		free(*text);
		*text = NULL;
	}
	PQclear(r);
	return rc;
}

int h_ledger_csv(struct api_ctx *c)
{
	struct ledger_query q;
	char *text = NULL, disposition[96];
	size_t len = 0;
	int rc = ledger_read(c, &q);
	if (rc == 0)
		rc = ledger_csv(c, &q, &text, &len);
	if (rc == 0) {
		snprintf(disposition, sizeof disposition,
			 "attachment; filename=\"ledger-%s-%s.csv\"", q.from, q.to);
		api_add_header(c, "Content-Disposition", disposition);
		/* api_reply_text takes the text */
		rc = api_reply_text(c, 200, "text/csv; charset=utf-8", text, len);
	}
	return rc;
}

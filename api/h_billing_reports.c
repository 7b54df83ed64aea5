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
int h_arrears(struct api_ctx *c)
{
	static const char *const sorts[] = {"days_late", "total_due", "household", NULL};
	static const char *const sort_sql[] = {"days_late", "total_due_cents", "reference"};
	char sort[24], order[8], limit_s[24], offset_s[24], min_s[24];
	json_t *errors = NULL;
	int has_sort = api_query_get(c, "sort", sort, sizeof sort);
	int has_order = api_query_get(c, "order", order, sizeof order);
	int has_limit = api_query_get(c, "limit", limit_s, sizeof limit_s);
	int has_offset = api_query_get(c, "offset", offset_s, sizeof offset_s);
	int has_min = api_query_get(c, "min_days_late", min_s, sizeof min_s);
	int s = 0;
	if (has_sort != 0) {
		s = has_sort > 0 ? api_enum_index(sorts, sort) : -1;
		if (s < 0)
			api_field_error(&errors, "sort", "enum",
					"must be one of: days_late, total_due, household");
	}
	/* Worst first by default; households in their reference's order. */
	bool desc = s != 2;
	if (has_order < 0 || (has_order > 0 && strcmp(order, "asc") && strcmp(order, "desc")))
		api_field_error(&errors, "order", "enum", "must be asc or desc");
	else if (has_order > 0)
		desc = strcmp(order, "desc") == 0;
	long long limit = 50, offset = 0, min_days = 0;
	char *end;
	if (has_limit != 0 && (has_limit < 0 || (limit = strtoll(limit_s, &end, 10)) < 1 ||
			       limit > 200 || *end != '\0' || end == limit_s))
		api_field_error(&errors, "limit", "invalid",
				"must be an integer between 1 and 200");
	if (has_offset != 0 && (has_offset < 0 || (offset = strtoll(offset_s, &end, 10)) < 0 ||
				offset > 1000000 || *end != '\0' || end == offset_s))
		api_field_error(&errors, "offset", "invalid",
				"must be an integer between 0 and 1000000");
	if (has_min != 0 && (has_min < 0 || (min_days = strtoll(min_s, &end, 10)) < 0 ||
			     min_days > 100000 || *end != '\0' || end == min_s))
		api_field_error(&errors, "min_days_late", "invalid",
				"must be an integer between 0 and 100000");
	if (errors != NULL)
		return api_problem(c, 400, "invalid-query", "Invalid query", NULL, errors);

	char sql[2048], op[API_ID_LEN], today[BDATE_ISO_LEN];
	snprintf(limit_s, sizeof limit_s, "%lld", limit);
	snprintf(offset_s, sizeof offset_s, "%lld", offset);
	snprintf(min_s, sizeof min_s, "%lld", min_days);
	api_id_text(c->user.operator_id, op);
	bdate_format_iso(c->req->today, today);
	const char *dir = desc ? "DESC" : "ASC";
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
		 sort_sql[s], dir, sort_sql[s], dir);
	const char *v[5] = {op, today, limit_s, offset_s, min_s};
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
					(json_int_t)total, "limit", (json_int_t)limit, "offset",
					(json_int_t)offset, "today", today));
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

int h_ledger_csv(struct api_ctx *c)
{
	char from_s[16], to_s[16], bom_s[4];
	bdate_t from = 0, to = 0;
	json_t *errors = NULL;
	int has_from = api_query_get(c, "from", from_s, sizeof from_s);
	int has_to = api_query_get(c, "to", to_s, sizeof to_s);
	/* A UTF-8 byte-order mark by default: Excel opening the file by a
	 * double-click reads it as UTF-8 only with one (accents of names);
	 * bom=0 omits it for software that does not expect it. */
	int has_bom = api_query_get(c, "bom", bom_s, sizeof bom_s);
	bool bom = true;
	if (has_bom != 0) {
		if (has_bom > 0 && (strcmp(bom_s, "0") == 0 || strcmp(bom_s, "1") == 0))
			bom = bom_s[0] == '1';
		else
			api_field_error(&errors, "bom", "invalid", "must be 0 or 1");
	}
	bool ok_from = has_from > 0 && bdate_parse_iso(from_s, strlen(from_s), &from);
	bool ok_to = has_to > 0 && bdate_parse_iso(to_s, strlen(to_s), &to);
	if (!ok_from)
		api_field_error(&errors, "from", has_from == 0 ? "required" : "invalid",
				"must be a date YYYY-MM-DD");
	if (!ok_to)
		api_field_error(&errors, "to", has_to == 0 ? "required" : "invalid",
				"must be a date YYYY-MM-DD");
	if (ok_from && ok_to && (to < from || to - from >= LEDGER_MAX_DAYS))
		api_field_error(&errors, "to", "range",
				"must be on or after from, and at most 1096 days after");
	if (errors != NULL)
		return api_problem(c, 400, "invalid-query", "Invalid query", NULL, errors);
	char op[API_ID_LEN];
	api_id_text(c->user.operator_id, op);
	const char *v[3] = {op, from_s, to_s};
	PGresult *r = api_db_exec(c, sql_ledger, 3, v);
	if (r == NULL)
		return -1;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	bool ok = f != NULL;
	if (ok && bom)
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
	PQclear(r);
	if (f != NULL && fclose(f) != 0)
		ok = false;
	if (!ok) {
		free(text);
		return api_problem(c, 500, "internal", "Internal error", "cannot build the CSV",
				   NULL);
	}
	char disposition[96];
	snprintf(disposition, sizeof disposition, "attachment; filename=\"ledger-%s-%s.csv\"",
		 from_s, to_s);
	api_add_header(c, "Content-Disposition", disposition);
	return api_reply_text(c, 200, "text/csv; charset=utf-8", text, len);
}

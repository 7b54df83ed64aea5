/*
 * Billing (rules.md section 3): the monthly run that issues one invoice per
 * convention occupying a unit during the month, and the invoices
 * (h_billing_reports.c holds the arrears and the ledger export).
 *
 * The amounts come from core/indem.c (indem_month: the reduced part, the
 * overstay part at the base, each prorated by calendar days) and
 * core/money.c (the utility provision prorated over the same days); the
 * structured communication from core/ident.c; the due date is the one
 * core/alert.c judges unpaid invoices by.
 *
 * A run commits its invoices in batches of RUN_BATCH conventions: a run
 * killed midway keeps whole invoices, and running the month again creates
 * the rest. INSERT ... ON CONFLICT (convention_id, month) DO NOTHING makes
 * a re-run create nothing twice and two concurrent runs create each
 * invoice once: the second waits on the first's rows and skips them.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "ident.h"
#include "indem.h"
#include "input.h"
#include "money.h"

#define RUN_BATCH 500

/* ---- billing runs ---- */

struct run {
	int64_t id;
	bdate_t first, last;
	struct params params; /* in force on the month's first day */
	int year, month;
	char run_id[API_ID_LEN], first_iso[BDATE_ISO_LEN], last_iso[BDATE_ISO_LEN],
	    today_iso[BDATE_ISO_LEN];
	int64_t after; /* the last convention id of the batches committed */
	/* the batch in progress, applied once it is committed */
	int64_t batch_after;
	int batch_seen, batch_created;
	char *doc;
};

static int run_start_tx(struct api_ctx *c, void *arg)
{
	struct run *run = arg;
	char op[API_ID_LEN], uid[API_ID_LEN];
	api_id_text(c->user.operator_id, op);
	api_id_text(c->user.id, uid);
	const char *v[4] = {op, run->first_iso, uid, run->today_iso};
	PGresult *r =
	    api_db_exec(c,
			"INSERT INTO billing_runs (operator_id, month, requested_by, run_on)"
			" VALUES ($1, $2, $3, $4) RETURNING id",
			4, v);
	if (r == NULL)
		return -1;
	run->id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	api_id_text(run->id, run->run_id);
	char *doc = api_get_doc(c, "billing_run_docs", "billing run", run->id);
	if (doc == NULL)
		return -1;
	int rc = api_audit(c, "billing_run.start", "billing_run", run->run_id, NULL, doc);
	free(doc);
	return rc;
}

/* The conventions of the batch: occupying a unit during the month (the
 * occupancy range is cut at the departure and open in overstay), with what
 * indem_month needs and whether the month is billed already. */
static const char sql_batch[] =
    "SELECT v.id, v.household_id, v.state, v.start_date, v.final_end, v.departure_on,"
    " v.overstay_on IS NOT NULL, v.reduced_indemnity_cents, v.base_indemnity_cents,"
    " u.utility_provision_cents,"
    " EXISTS (SELECT 1 FROM invoices i WHERE i.convention_id = v.id AND i.month = $2::date)"
    " FROM conventions v JOIN units u ON u.id = v.unit_id"
    " WHERE v.operator_id = $1 AND v.id > $3::bigint"
    " AND v.state IN ('active', 'renewed', 'notice_given', 'overstay', 'ended')"
    " AND v.occupancy && daterange($2::date, $4::date, '[]')"
    " ORDER BY v.id LIMIT $5::int";

/* Writes the invoices and their lines in one statement (their totals are
 * checked at its end); returns the ids created, as a JSON array. */
static const char sql_insert[] =
    "WITH input AS (SELECT * FROM json_to_recordset($1::json) AS x(id bigint,"
    "  convention_id bigint, household_id bigint, due_on date, communication text,"
    "  indemnity_cents bigint, provision_cents bigint, lines json)),"
    " ins AS (INSERT INTO invoices (id, operator_id, convention_id, household_id, run_id,"
    "  month, issued_on, due_on, communication, indemnity_cents, provision_cents,"
    "  total_cents)"
    "  SELECT x.id, $2, x.convention_id, x.household_id, $3, $4, $5, x.due_on, x.communication,"
    "  x.indemnity_cents, x.provision_cents, x.indemnity_cents + x.provision_cents"
    "  FROM input x ORDER BY x.convention_id"
    "  ON CONFLICT (convention_id, month) DO NOTHING RETURNING id, household_id),"
    " lines AS (INSERT INTO invoice_lines (invoice_id, position, kind, from_on, to_on, days,"
    "  days_in_month, monthly_cents, amount_cents)"
    "  SELECT i.id, l.position, l.kind, l.from_on, l.to_on, l.days, l.days_in_month,"
    "  l.monthly_cents, l.amount_cents FROM ins i JOIN input x ON x.id = i.id,"
    "  json_to_recordset(x.lines) AS l(position int, kind invoice_line_kind, from_on date,"
    "  to_on date, days int, days_in_month int, monthly_cents bigint, amount_cents bigint))"
    " SELECT count(*), coalesce(json_agg(id ORDER BY id), '[]')::text,"
    " coalesce(array_agg(DISTINCT household_id), '{}')::text FROM ins";

static json_t *line_json(int position, const char *kind, bdate_t from, bdate_t to, int days,
			 int dim, int64_t monthly, int64_t amount)
{
	char f[BDATE_ISO_LEN], t[BDATE_ISO_LEN];
	bdate_format_iso(from, f);
	bdate_format_iso(to, t);
	return json_pack("{s:i, s:s, s:s, s:s, s:i, s:i, s:I, s:I}", "position", position, "kind",
			 kind, "from_on", f, "to_on", t, "days", days, "days_in_month", dim,
			 "monthly_cents", (json_int_t)monthly, "amount_cents", (json_int_t)amount);
}

/*
 * One invoice of the batch: indem_month's lines, then the utility provision
 * prorated over the days they cover (contiguous: the overstay part follows
 * the reduced part). NULL when the month has no billable day; *bad is set
 * when core refuses the convention's figures.
 */
static json_t *invoice_json(const struct run *run, PGresult *r, int row, bool *bad)
{
	struct indem_month_input in = {.year = run->year, .month = run->month};
	bool ok = api_cell_date(r, row, 3, &in.start) && api_cell_date(r, row, 4, &in.final_end);
	in.has_departure = api_cell_date(r, row, 5, &in.departure_on);
	/* The state when the run is made: the base is billed for the days after
	 * the final end once the overstay is recorded (ended after an overstay
	 * included). Invoices are issued in advance, so a month billed before
	 * the overstay was recorded keeps its reduced days only. */
	const char *state = PQgetvalue(r, row, 2);
	in.overstay = strcmp(state, "overstay") == 0 ||
		      (strcmp(state, "ended") == 0 && strcmp(PQgetvalue(r, row, 6), "t") == 0);
	in.reduced = strtoll(PQgetvalue(r, row, 7), NULL, 10);
	in.base = strtoll(PQgetvalue(r, row, 8), NULL, 10);
	int64_t provision = strtoll(PQgetvalue(r, row, 9), NULL, 10);
	struct indem_month m;
	if (!ok || !indem_month(&in, &m)) {
		*bad = true;
		return NULL;
	}
	if (m.n_lines == 0)
		return NULL;
	json_t *lines = json_array();
	for (int k = 0; k < m.n_lines; k++) {
		const struct indem_line *l = &m.line[k];
		json_array_append_new(lines,
				      line_json(k, indem_line_kind_name(l->kind), l->from, l->to,
						l->days, l->days_in_month, l->monthly, l->amount));
	}
	int64_t provided = 0;
	if (provision > 0) {
		bdate_t from = m.line[0].from, to = m.line[m.n_lines - 1].to;
		int days = (int)(to - from + 1);
		if (!money_pro_rata(provision, days, m.days_in_month, &provided)) {
			json_decref(lines);
			*bad = true;
			return NULL;
		}
		json_array_append_new(lines, line_json(m.n_lines, "utility_provision", from, to,
						       days, m.days_in_month, provision, provided));
	}
	bdate_t due_on;
	if (!indem_due_on(run->year, run->month, m.line[0].from, &run->params, &due_on)) {
		json_decref(lines);
		*bad = true;
		return NULL;
	}
	char due[BDATE_ISO_LEN];
	bdate_format_iso(due_on, due);
	return json_pack("{s:I, s:I, s:s, s:I, s:I, s:o}", "convention_id",
			 (json_int_t)strtoll(PQgetvalue(r, row, 0), NULL, 10), "household_id",
			 (json_int_t)strtoll(PQgetvalue(r, row, 1), NULL, 10), "due_on", due,
			 "indemnity_cents", (json_int_t)m.total, "provision_cents",
			 (json_int_t)provided, "lines", lines);
}

/* Reserves the invoices' ids and gives each its structured communication. */
static int number_invoices(struct api_ctx *c, json_t *invoices)
{
	char n[24];
	snprintf(n, sizeof n, "%zu", json_array_size(invoices));
	const char *v[1] = {n};
	PGresult *r = api_db_exec(c,
				  "SELECT nextval(pg_get_serial_sequence('invoices', 'id'))"
				  " FROM generate_series(1, $1::int)",
				  1, v);
	if (r == NULL)
		return -1;
	int rc = -1;
	size_t i;
	json_t *inv;
	json_array_foreach(invoices, i, inv)
	{
		uint64_t id = strtoull(PQgetvalue(r, (int)i, 0), NULL, 10);
		char ogm[IDENT_OGM_LEN];
		if (!ident_ogm_format(id, ogm)) {
			rc = api_problem(c, 500, "internal", "Internal error",
					 "invoice ids exceed what a structured communication holds",
					 NULL);
			goto out;
		}
		json_object_set_new(inv, "id", json_integer((json_int_t)id));
		json_object_set_new(inv, "communication", json_string(ogm));
	}
	rc = 0;
out:
	PQclear(r);
	return rc;
}

/*
 * Households of the batch with credit left pay their new invoices with it.
 * Lock order of api_internal.h: billing_allocate() takes each household's
 * lock as api_household_lock() does (FOR NO KEY UPDATE, first of that
 * household's rows), in household id order; the invoices inserted before
 * it are new rows, which only a concurrent run of the month waits for (in
 * its INSERT, before it holds any household's lock).
 */
static int use_credits(struct api_ctx *c, const char *households)
{
	const char *v[1] = {households};
	PGresult *r =
	    api_db_exec(c,
			"SELECT count(billing_allocate(s.household_id)) FROM"
			" (SELECT DISTINCT b.household_id FROM payment_balances b"
			" WHERE b.household_id = ANY($1::bigint[]) AND b.unallocated_cents > 0"
			" ORDER BY 1) s",
			1, v);
	if (r == NULL)
		return -1;
	PQclear(r);
	return 0;
}

/* The batch's conventions and, for those not billed yet, their invoices. */
static int batch_load(struct api_ctx *c, struct run *run, json_t *invoices)
{
	char op[API_ID_LEN], after[API_ID_LEN], limit[16];
	api_id_text(c->user.operator_id, op);
	api_id_text(run->after, after);
	snprintf(limit, sizeof limit, "%d", RUN_BATCH);
	const char *v[5] = {op, run->first_iso, after, run->last_iso, limit};
	PGresult *r = api_db_exec(c, sql_batch, 5, v);
	if (r == NULL)
		return -1;
	int rc = -1;
	run->batch_seen = PQntuples(r);
	for (int i = 0; i < run->batch_seen; i++) {
		run->batch_after = strtoll(PQgetvalue(r, i, 0), NULL, 10);
		if (strcmp(PQgetvalue(r, i, 10), "t") == 0)
			continue;
		bool bad = false;
		json_t *inv = invoice_json(run, r, i, &bad);
		if (bad) {
			char detail[160];
			snprintf(detail, sizeof detail,
				 "convention %" PRId64 ": its dates or amounts give no indemnity",
				 run->batch_after);
			rc = api_problem(c, 500, "internal", "Internal error", detail, NULL);
			goto out;
		}
		if (inv != NULL)
			json_array_append_new(invoices, inv);
	}
	rc = 0;
out:
	PQclear(r);
	return rc;
}

/* Writes the invoices not written meanwhile by another run; the ids created
 * go to *created (a JSON array), and their households use their credit. */
static int batch_insert(struct api_ctx *c, struct run *run, json_t *invoices, json_t **created)
{
	if (number_invoices(c, invoices) != 0)
		return -1;
	char op[API_ID_LEN];
	api_id_text(c->user.operator_id, op);
	char *payload = json_dumps(invoices, JSON_COMPACT);
	if (payload == NULL)
		return api_problem(c, 500, "internal", "Internal error", "out of memory", NULL);
	const char *v[5] = {payload, op, run->run_id, run->first_iso, run->today_iso};
	PGresult *r = api_db_exec(c, sql_insert, 5, v);
	free(payload);
	if (r == NULL)
		return -1;
	run->batch_created = atoi(PQgetvalue(r, 0, 0));
	*created = json_loads(PQgetvalue(r, 0, 1), 0, NULL);
	int rc = *created != NULL
		     ? use_credits(c, PQgetvalue(r, 0, 2))
		     : api_problem(c, 500, "internal", "Internal error", "bad JSON from SQL", NULL);
	PQclear(r);
	return rc;
}

/* The run's counters, and the batch's invoices audited together. */
static int batch_record(struct api_ctx *c, struct run *run, json_t *created)
{
	char seen[16], n[16];
	snprintf(seen, sizeof seen, "%d", run->batch_seen);
	snprintf(n, sizeof n, "%d", run->batch_created);
	const char *v[3] = {run->run_id, seen, n};
	PGresult *r =
	    api_db_exec(c,
			"UPDATE billing_runs SET conventions = conventions + $2::int,"
			" created = created + $3::int, skipped = skipped + $2::int - $3::int"
			" WHERE id = $1",
			3, v);
	if (r == NULL)
		return -1;
	PQclear(r);
	if (run->batch_created == 0)
		return 0;
	json_t *after =
	    json_pack("{s:s, s:s, s:i, s:O}", "run_id", run->run_id, "month", run->first_iso,
		      "created", run->batch_created, "invoice_ids", created);
	char *text = after != NULL ? json_dumps(after, JSON_COMPACT) : NULL;
	json_decref(after);
	int rc = text != NULL
		     ? api_audit(c, "invoice.create", "billing_run", run->run_id, NULL, text)
		     : api_problem(c, 500, "internal", "Internal error", "out of memory", NULL);
	free(text);
	return rc;
}

static int batch_tx(struct api_ctx *c, void *arg)
{
	struct run *run = arg;
	run->batch_after = run->after;
	run->batch_seen = run->batch_created = 0;
	json_t *invoices = json_array();
	json_t *created = NULL;
	int rc = invoices != NULL
		     ? batch_load(c, run, invoices)
		     : api_problem(c, 500, "internal", "Internal error", "out of memory", NULL);
	if (rc == 0 && json_array_size(invoices) > 0)
		rc = batch_insert(c, run, invoices, &created);
	if (rc == 0 && run->batch_seen > 0)
		rc = batch_record(c, run, created);
	json_decref(invoices);
	json_decref(created);
	return rc;
}

static int run_finish_tx(struct api_ctx *c, void *arg)
{
	struct run *run = arg;
	const char *v[1] = {run->run_id};
	PGresult *r =
	    api_db_exec(c, "UPDATE billing_runs SET finished_at = now() WHERE id = $1", 1, v);
	if (r == NULL)
		return -1;
	PQclear(r);
	free(run->doc);
	run->doc = api_get_doc(c, "billing_run_docs", "billing run", run->id);
	if (run->doc == NULL)
		return -1;
	return api_audit(c, "billing_run.finish", "billing_run", run->run_id, NULL, run->doc);
}

/* The parameters of the month, checked once: each invoice's due date comes
 * from core (indem_due_on) with them. */
static int run_params(struct api_ctx *c, struct run *run)
{
	if (api_params_load(c, run->first, &run->params, NULL) != 0)
		return -1;
	bdate_t due;
	if (!indem_due_on(run->year, run->month, run->first, &run->params, &due))
		return api_problem(
		    c, 422, "parameter-invalid", "Parameter invalid",
		    "payment_due_last_day in force for the month is not a day of a month", NULL);
	return 0;
}

/* The body, then the month's bounds; a month is billed in advance, but no
 * further: a later month's conventions may still change (notice, overstay,
 * departure). */
static int run_read(struct api_ctx *c, struct run *run)
{
	json_t *body = api_body_object(c);
	if (body == NULL)
		return -1;
	struct in_billing_run in = {0};
	json_t *errors = NULL;
	in_billing_run_read(body, &in, &errors);
	json_decref(body);
	if (errors != NULL)
		return api_problem(c, 422, "validation", "Invalid billing run", NULL, errors);
	run->first = in.first;
	struct bdate_ymd ymd = bdate_to_ymd(run->first);
	run->year = ymd.year;
	run->month = ymd.month;
	run->last = bdate_end_of_month(run->first);
	bdate_format_iso(run->first, run->first_iso);
	bdate_format_iso(run->last, run->last_iso);
	bdate_format_iso(c->req->today, run->today_iso);
	if (run->first > bdate_end_of_month(c->req->today) + 1)
		return api_problem(c, 422, "month-not-billable", "Month not billable",
				   "a month can be billed from the first day of the month before",
				   NULL);
	return 0;
}

/* The batches, each in a transaction of its own, until none is left. */
static int run_batches(struct api_ctx *c, struct run *run)
{
	for (;;) {
		if (api_tx(c, batch_tx, run) != 0)
			return -1;
		if (run->batch_seen == 0)
			return 0;
		run->after = run->batch_after;
	}
}

static int run_reply(struct api_ctx *c, struct run *run)
{
	char loc[64];
	snprintf(loc, sizeof loc, "/api/v1/billing/runs/%" PRId64, run->id);
	api_add_header(c, "Location", loc);
	return api_reply_json_copy(c, 201, run->doc, strlen(run->doc));
}

int h_billing_runs_create(struct api_ctx *c)
{
	struct run run = {0};
	int rc = run_read(c, &run);
	if (rc == 0)
		rc = run_params(c, &run);
	if (rc == 0)
		rc = api_tx(c, run_start_tx, &run);
	if (rc == 0)
		rc = run_batches(c, &run);
	if (rc == 0)
		rc = api_tx(c, run_finish_tx, &run);
	if (rc == 0)
		rc = run_reply(c, &run);
	free(run.doc);
	return rc;
}

int h_billing_runs_list(struct api_ctx *c)
{
	return api_list_docs(c, "billing_run_docs", NULL, 0, NULL);
}

int h_billing_run_get(struct api_ctx *c)
{
	return api_reply_doc(c, "billing_run_docs", "billing run", c->params[0], 200);
}

/* ---- invoices ---- */

int h_invoices_list(struct api_ctx *c)
{
	char household[24], convention[24], month[16], open[8], first[BDATE_ISO_LEN];
	json_t *errors = NULL;
	bdate_t m;
	enum api_lookup has_household =
	    api_query_get(c, "household_id", household, sizeof household);
	enum api_lookup has_convention =
	    api_query_get(c, "convention_id", convention, sizeof convention);
	enum api_lookup has_month = api_query_get(c, "month", month, sizeof month);
	enum api_lookup has_open = api_query_get(c, "open", open, sizeof open);
	if (has_household == API_LOOKUP_UNREADABLE ||
	    (has_household == API_LOOKUP_FOUND && !api_id_valid(household)))
		api_field_error(&errors, "household_id", "invalid", "must be an id");
	if (has_convention == API_LOOKUP_UNREADABLE ||
	    (has_convention == API_LOOKUP_FOUND && !api_id_valid(convention)))
		api_field_error(&errors, "convention_id", "invalid", "must be an id");
	if (has_month == API_LOOKUP_UNREADABLE ||
	    (has_month == API_LOOKUP_FOUND && !in_month_parse(month, &m)))
		api_field_error(&errors, "month", "invalid", "must be a month YYYY-MM");
	else if (has_month == API_LOOKUP_FOUND)
		bdate_format_iso(m, first);
	if (has_open == API_LOOKUP_UNREADABLE ||
	    (has_open == API_LOOKUP_FOUND && strcmp(open, "true") && strcmp(open, "false")))
		api_field_error(&errors, "open", "invalid", "must be true or false");
	if (errors != NULL)
		return api_problem(c, 400, "invalid-query", "Invalid query", NULL, errors);
	const char *v[4] = {has_household == API_LOOKUP_FOUND ? household : NULL,
			    has_convention == API_LOOKUP_FOUND ? convention : NULL,
			    has_month == API_LOOKUP_FOUND ? first : NULL,
			    has_open == API_LOOKUP_FOUND ? open : NULL};
	return api_list_docs(c, "invoice_docs",
			     "($4::bigint IS NULL OR d.household_id = $4::bigint)"
			     " AND ($5::bigint IS NULL OR d.convention_id = $5::bigint)"
			     " AND ($6::date IS NULL OR d.month = $6::date)"
			     " AND ($7::boolean IS NULL OR d.open = $7::boolean)",
			     4, v);
}

int h_invoice_get(struct api_ctx *c)
{
	return api_reply_doc(c, "invoice_docs", "invoice", c->params[0], 200);
}

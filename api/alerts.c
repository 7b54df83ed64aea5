/*
 * The scheduler's pass: computes, with core/alert.c, every alert of rules.md
 * section 8 that is due today for all conventions, invoices, units and
 * buildings, inserts the new ones (their identity is unique: an alert is
 * raised once), and resolves the open ones whose cause has disappeared.
 *
 * Several daemons may share one database: the pass claims a transaction
 * advisory lock and a daemon that cannot get it skips its pass; the unique
 * identity makes a duplicate impossible even so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "api_internal.h"

#define ALERTS_LOCK_KEY "7270002"

/* One alert due today, as computed by core/alert.c. */
struct due {
	struct alert a;
	int64_t operator_id;
	int64_t assignee; /* 0: none */
};

struct pass {
	struct api_ctx *c;
	bdate_t today;
	struct api_params_rows rows;
	struct due *due; /* the alerts due today */
	int computed, cap;
	struct api_alert_stats *stats;
};

static bool col_bool(PGresult *r, int row, int col)
{
	return !PQgetisnull(r, row, col) && PQgetvalue(r, row, col)[0] == 't';
}

/* Adds one due alert to the pass. */
static int add_due(struct pass *p, int64_t operator_id, const struct alert *a, int64_t assignee)
{
	if (p->computed == p->cap) {
		int cap = p->cap ? 2 * p->cap : 1024;
		struct due *d = realloc(p->due, (size_t)cap * sizeof *d);
		if (d == NULL)
			return api_problem(p->c, 500, "internal", "Internal error", "out of memory",
					   NULL);
		p->due = d;
		p->cap = cap;
	}
	p->due[p->computed++] = (struct due){.a = *a, .operator_id = operator_id,
					     .assignee = assignee};
	return 0;
}

/*
 * Conventions not yet over. renewal_decided is false: the only renewal
 * decision the API records is the renewal itself, which starts a new period
 * (core asks for the current period); a decision not to renew is the notice,
 * which core reads as notice_posted.
 */
static const char sql_conventions[] =
	"SELECT c.id, c.operator_id, c.state, c.start_date, c.periods, c.signed_on,"
	" EXISTS (SELECT 1 FROM convention_notices n WHERE n.convention_id = c.id),"
	" c.departure_on IS NOT NULL, p.id IS NOT NULL, coalesce(p.worker_user_id, 0),"
	" a.check_date,"
	" (SELECT max(e.entry_date) FROM logbook_entries e"
	"   WHERE e.unit_id = c.unit_id AND e.kind = 'safety_check'),"
	" (SELECT max(o.departure_on) FROM conventions o"
	"   WHERE o.unit_id = c.unit_id AND o.id <> c.id AND o.departure_on <= c.start_date),"
	" c.max_periods, c.period_months, c.notice_months, c.lead_working_days"
	" FROM conventions c"
	" JOIN admission_checks a ON a.id = c.admission_check_id"
	" LEFT JOIN accompaniment_plans p ON p.convention_id = c.id"
	" WHERE c.state IN ('draft', 'signed', 'active', 'renewed', 'notice_given', 'overstay')";

static int pass_conventions(struct pass *p)
{
	PGresult *r = api_db_exec(p->c, sql_conventions, 0, NULL);
	if (r == NULL)
		return -1;
	int rc = 0;
	for (int i = 0; i < PQntuples(r) && rc == 0; i++) {
		struct alert_conv_facts f = {0};
		f.convention_id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
		int64_t op = strtoll(PQgetvalue(r, i, 1), NULL, 10);
		if (!conv_state_parse(PQgetvalue(r, i, 2), &f.state) ||
		    !api_cell_date(r, i, 3, &f.start))
			continue;
		f.periods = atoi(PQgetvalue(r, i, 4));
		api_cell_date(r, i, 5, &f.signed_on);
		f.notice_posted = col_bool(r, i, 6);
		f.departure_recorded = col_bool(r, i, 7);
		f.plan_present = col_bool(r, i, 8);
		int64_t worker = strtoll(PQgetvalue(r, i, 9), NULL, 10);
		f.has_admission_check = api_cell_date(r, i, 10, &f.admission_check_date);
		f.has_safety_check = api_cell_date(r, i, 11, &f.safety_check_date);
		f.has_previous_exit = api_cell_date(r, i, 12, &f.previous_exit_date);
		struct params prm;
		if (!api_params_rows_resolve(&p->rows, op, f.start, &prm))
			continue; /* no parameters at that date: nothing can be computed */
		/* The calendar fixed at the convention's creation prevails over
		 * rows added since: a new row never moves a stored deadline. */
		prm.value[PARAM_MAX_PERIODS] = strtoll(PQgetvalue(r, i, 13), NULL, 10);
		prm.value[PARAM_PERIOD_MONTHS] = strtoll(PQgetvalue(r, i, 14), NULL, 10);
		prm.value[PARAM_NOTICE_MONTHS] = strtoll(PQgetvalue(r, i, 15), NULL, 10);
		prm.value[PARAM_REGISTERED_MAIL_LEAD_DAYS] = strtoll(PQgetvalue(r, i, 16), NULL, 10);
		struct alert out[ALERT_MAX_PER_CONVENTION];
		int n = alert_convention_due(&f, &prm, p->today, out);
		for (int k = 0; k < n && rc == 0; k++)
			rc = add_due(p, op, &out[k], worker);
	}
	PQclear(r);
	return rc;
}

const char api_sql_visits[] =
	"SELECT 'unit', u.id, u.operator_id, u.name, coalesce(b.has_common_parts, false),"
	" coalesce((SELECT max(e.entry_date) FROM logbook_entries e"
	"   WHERE e.unit_id = u.id AND e.kind = 'visit'), u.created_at::date)"
	" FROM units u LEFT JOIN buildings b ON b.id = u.building_id"
	" WHERE u.status <> 'withdrawn' AND ($1::bigint IS NULL OR u.operator_id = $1)"
	" UNION ALL"
	" SELECT 'building', b.id, b.operator_id, b.name, true,"
	" coalesce((SELECT max(e.entry_date) FROM logbook_entries e"
	"   WHERE e.building_id = b.id AND e.kind = 'visit'), b.created_at::date)"
	" FROM buildings b WHERE b.has_common_parts"
	" AND ($1::bigint IS NULL OR b.operator_id = $1)";

static int pass_visits(struct pass *p)
{
	const char *v[1] = {NULL};
	PGresult *r = api_db_exec(p->c, api_sql_visits, 1, v);
	if (r == NULL)
		return -1;
	int rc = 0;
	for (int i = 0; i < PQntuples(r) && rc == 0; i++) {
		enum alert_object obj =
			strcmp(PQgetvalue(r, i, 0), "unit") == 0 ? ALERT_OBJ_UNIT : ALERT_OBJ_BUILDING;
		int64_t id = strtoll(PQgetvalue(r, i, 1), NULL, 10);
		int64_t op = strtoll(PQgetvalue(r, i, 2), NULL, 10);
		bdate_t last;
		struct params prm;
		if (!api_cell_date(r, i, 5, &last) ||
		    !api_params_rows_resolve(&p->rows, op, p->today, &prm))
			continue;
		struct alert a;
		if (alert_visit_overdue(obj, id, alert_visit_frequency_of(obj, col_bool(r, i, 4)),
					last, &prm, p->today, &a) == 1)
			rc = add_due(p, op, &a, 0);
	}
	PQclear(r);
	return rc;
}

/* Invoices not fully paid, with their days late ($1: today); a paid one is
 * not due, so its alert resolves. */
static const char sql_invoices[] =
	"SELECT i.id, i.operator_id, i.due_on::text, coalesce(p.worker_user_id, 0),"
	" invoice_days_late(i.due_on, $1::date)"
	" FROM invoices i LEFT JOIN accompaniment_plans p ON p.convention_id = i.convention_id"
	" WHERE i.paid_cents < i.total_cents";

static int pass_invoices(struct pass *p)
{
	char today[BDATE_ISO_LEN];
	bdate_format_iso(p->today, today);
	const char *v[1] = {today};
	PGresult *r = api_db_exec(p->c, sql_invoices, 1, v);
	if (r == NULL)
		return -1;
	int rc = 0;
	for (int i = 0; i < PQntuples(r) && rc == 0; i++) {
		bdate_t due;
		struct params prm;
		if (!api_cell_date(r, i, 2, &due) ||
		    !api_params_rows_resolve(&p->rows, strtoll(PQgetvalue(r, i, 1), NULL, 10), due,
					     &prm))
			continue;
		struct alert a;
		if (alert_invoice_unpaid(strtoll(PQgetvalue(r, i, 0), NULL, 10), due,
					 strtoll(PQgetvalue(r, i, 4), NULL, 10), false, &prm,
					 &a) == 1)
			rc = add_due(p, strtoll(PQgetvalue(r, i, 1), NULL, 10), &a,
				     strtoll(PQgetvalue(r, i, 3), NULL, 10));
	}
	PQclear(r);
	return rc;
}

static void put_int(struct api_text *t, int64_t v)
{
	char buf[API_ID_LEN];
	api_id_text(v, buf);
	api_text_puts(t, buf);
}

/* One element of a PostgreSQL array literal, quoted. */
static void put_quoted(struct api_text *t, const char *s)
{
	api_text_put(t, "\"", 1);
	for (;;) {
		size_t plain = strcspn(s, "\"\\");
		api_text_put(t, s, plain);
		s += plain;
		if (*s == '\0')
			break;
		api_text_put(t, "\\", 1);
		api_text_put(t, s++, 1);
	}
	api_text_put(t, "\"", 1);
}

/*
 * The pass's alerts as PostgreSQL array literals, one per column, for
 * unnest(): parsing them costs the server far less than a JSON document of
 * the same rows (tests/bench: the pass over 10 000 live conventions).
 * With only, the alerts whose 0-based index has only[i] set. The texts are
 * the caller's to free, also on failure.
 */
enum { COL_OPERATOR, COL_KIND, COL_OBJECT_TYPE, COL_OBJECT_ID, COL_DUE_ON, COL_OPENS_ON,
       COL_IDENTITY, COL_AUDIENCE, COL_LABEL, COL_TODO, COL_ASSIGNEE, NCOLS };

static int pass_arrays(struct pass *p, const bool *only, int ncols, char **text)
{
	struct api_text t[NCOLS] = {0};
	bool first = true, invalid = false;
	for (int k = 0; k < ncols; k++)
		api_text_put(&t[k], "{", 1);
	for (int i = 0; i < p->computed && !invalid; i++) {
		if (only != NULL && !only[i])
			continue;
		const struct due *d = &p->due[i];
		char identity[ALERT_IDENTITY_MAX], todo[ALERT_TODO_MAX], due[BDATE_ISO_LEN],
			opens[BDATE_ISO_LEN];
		if (!alert_identity(&d->a, identity, sizeof identity) ||
		    (ncols > COL_TODO && !alert_todo_fr(&d->a, todo, sizeof todo))) {
			invalid = true;
			break;
		}
		for (int k = 0; k < ncols && !first; k++)
			api_text_put(&t[k], ",", 1);
		first = false;
		if (ncols == 1) {
			put_quoted(&t[0], identity);
			continue;
		}
		const struct alert_kind_info *ki = &alert_kinds[d->a.kind];
		bdate_format_iso(d->a.due_on, due);
		bdate_format_iso(d->a.opens_on, opens);
		put_int(&t[COL_OPERATOR], d->operator_id);
		put_quoted(&t[COL_KIND], ki->code);
		put_quoted(&t[COL_OBJECT_TYPE], alert_object_name(d->a.object));
		put_int(&t[COL_OBJECT_ID], d->a.object_id);
		api_text_puts(&t[COL_DUE_ON], due);
		api_text_puts(&t[COL_OPENS_ON], opens);
		put_quoted(&t[COL_IDENTITY], identity);
		put_int(&t[COL_AUDIENCE], (int64_t)ki->audience);
		put_quoted(&t[COL_LABEL], ki->label_fr);
		put_quoted(&t[COL_TODO], todo);
		if (d->assignee > 0)
			put_int(&t[COL_ASSIGNEE], d->assignee);
		else
			api_text_puts(&t[COL_ASSIGNEE], "NULL");
	}
	bool oom = false;
	for (int k = 0; k < ncols; k++) {
		api_text_put(&t[k], "}", 1);
		oom = oom || t[k].oom;
		text[k] = t[k].p;
	}
	if (invalid)
		return api_problem(p->c, 500, "internal", "Internal error", "invalid alert", NULL);
	if (oom)
		return api_problem(p->c, 500, "internal", "Internal error", "out of memory", NULL);
	return 0;
}

/*
 * Stores the pass: the identities of every alert due today go to the server
 * once, which answers which ones it has never raised; only those rows are
 * sent and inserted (an alert is raised once: ON CONFLICT keeps that true
 * against a concurrent pass too); then the open alerts whose identity is
 * not among today's are resolved.
 */
static int pass_store(struct pass *p)
{
	char *ids = NULL, *cols[NCOLS] = {0};
	bool *fresh = NULL;
	char today[BDATE_ISO_LEN];
	bdate_format_iso(p->today, today);
	int rc = -1;
	p->stats->raised = p->stats->resolved = 0;
	if (pass_arrays(p, NULL, 1, &ids) != 0)
		goto out;
	const char *v[1] = {ids};
	PGresult *r = api_db_exec(p->c,
				  "SELECT u.i - 1 FROM unnest($1::text[]) WITH ORDINALITY AS u(identity, i)"
				  " WHERE NOT EXISTS (SELECT 1 FROM alerts a WHERE a.identity = u.identity)",
				  1, v);
	if (r == NULL)
		goto out;
	int nfresh = PQntuples(r);
	fresh = calloc((size_t)p->computed + 1, sizeof *fresh);
	if (fresh == NULL) {
		PQclear(r);
		api_problem(p->c, 500, "internal", "Internal error", "out of memory", NULL);
		goto out;
	}
	for (int i = 0; i < nfresh; i++) {
		long k = strtol(PQgetvalue(r, i, 0), NULL, 10);
		if (k >= 0 && k < p->computed)
			fresh[k] = true;
	}
	PQclear(r);
	if (nfresh > 0) {
		if (pass_arrays(p, fresh, NCOLS, cols) != 0)
			goto out;
		const char *w[NCOLS + 1];
		for (int k = 0; k < NCOLS; k++)
			w[k] = cols[k];
		w[NCOLS] = today;
		r = api_db_exec(
			p->c,
			"INSERT INTO alerts (operator_id, kind, object_type, object_id, due_on,"
			" opens_on, identity, audience, label_fr, todo_fr, assignee_id, raised_on)"
			" SELECT x.*, $12::date FROM unnest($1::bigint[], $2::text[], $3::text[],"
			" $4::bigint[], $5::date[], $6::date[], $7::text[], $8::int[], $9::text[],"
			" $10::text[], $11::bigint[]) AS x"
			" ON CONFLICT (identity) DO NOTHING",
			NCOLS + 1, w);
		if (r == NULL)
			goto out;
		p->stats->raised = atoi(PQcmdTuples(r));
		PQclear(r);
	}
	/* An alert no longer due today has lost its cause (notice posted,
	 * invoice paid, visit made...): resolved by the system. */
	r = api_db_exec(p->c,
			"UPDATE alerts SET state = 'resolved', resolved_at = now()"
			" WHERE state <> 'resolved' AND identity NOT IN"
			" (SELECT unnest($1::text[]))",
			1, v);
	if (r == NULL)
		goto out;
	p->stats->resolved = atoi(PQcmdTuples(r));
	PQclear(r);
	rc = 0;
out:
	free(ids);
	for (int k = 0; k < NCOLS; k++)
		free(cols[k]);
	free(fresh);
	return rc;
}

static int pass_tx(struct api_ctx *c, void *arg)
{
	struct pass *p = arg;
	p->computed = 0;
	PGresult *r = api_db_exec(c, "SELECT pg_try_advisory_xact_lock(" ALERTS_LOCK_KEY ")", 0,
				  NULL);
	if (r == NULL)
		return -1;
	bool claimed = PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	if (!claimed) {
		p->stats->skipped = true;
		return 0;
	}
	api_params_rows_free(&p->rows);
	if (api_params_rows_load(c, &p->rows) != 0 || pass_conventions(p) != 0 ||
	    pass_visits(p) != 0 || pass_invoices(p) != 0 || pass_store(p) != 0)
		return -1;
	p->stats->due = p->computed;
	return 0;
}

int api_alerts_pass(struct api_ctx *c, bdate_t today, struct api_alert_stats *stats)
{
	memset(stats, 0, sizeof *stats);
	struct pass p = {.c = c, .today = today, .stats = stats};
	int rc = api_tx(c, pass_tx, &p);
	api_params_rows_free(&p.rows);
	free(p.due);
	return rc;
}

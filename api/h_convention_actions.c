/*
 * The actions on a convention (rules.md sections 2 to 5): sign, activate,
 * renew, give notice, end, mark overstay, cancel. Each is a row of a table
 * (struct action_def) run the same way: the body read by
 * in_convention_action_read (in_conventions.c), then in one transaction the
 * locks, the facts core/conv needs, core's verdict, the action's own
 * records, the convention row rewritten from core's dates and the audit.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h_conventions.h"
#include "input.h"

/* The convention as core judges it: its state and the calendar fixed at creation. */
struct conv_row {
	enum conv_state state;
	bdate_t start;
	int periods;
	int64_t household_id, unit_id;
	struct params p; /* the calendar parameters only: all conv_* reads */
};

struct act;

struct action_def {
	enum conv_action action;
	const char *audit;
	/* In the transaction, when the table has the edge: facts for core. */
	int (*facts)(struct api_ctx *c, struct act *a, struct conv_input *in);
	/* In the transaction, once core agreed: the action's own records. */
	int (*record)(struct api_ctx *c, struct act *a, const struct conv_result *res);
};

struct act {
	const struct action_def *def;
	int64_t id, version;
	char ids[API_ID_LEN];
	struct in_convention_action body; /* its strings belong to the request body */
	/* the transaction */
	struct conv_row row;
	char *before, *after;
};

static int row_load(struct api_ctx *c, struct act *a)
{
	int rc = -1;
	const char *v[1] = {a->ids};
	PGresult *r = api_db_exec(c,
				  "SELECT state, start_date, periods, max_periods, period_months,"
				  " notice_months, lead_working_days, household_id, unit_id"
				  " FROM conventions WHERE id = $1",
				  1, v);
	if (r == NULL)
		goto out;
	struct conv_row *row = &a->row;
	memset(row, 0, sizeof *row);
	if (PQntuples(r) != 1 || !conv_state_parse(PQgetvalue(r, 0, 0), &row->state) ||
	    !api_cell_date(r, 0, 1, &row->start)) {
		api_problem(c, 500, "internal", "Internal error", "unreadable convention", NULL);
		goto out;
	}
	row->periods = atoi(PQgetvalue(r, 0, 2));
	row->p.value[PARAM_MAX_PERIODS] = strtoll(PQgetvalue(r, 0, 3), NULL, 10);
	row->p.value[PARAM_PERIOD_MONTHS] = strtoll(PQgetvalue(r, 0, 4), NULL, 10);
	row->p.value[PARAM_NOTICE_MONTHS] = strtoll(PQgetvalue(r, 0, 5), NULL, 10);
	row->p.value[PARAM_REGISTERED_MAIL_LEAD_DAYS] = strtoll(PQgetvalue(r, 0, 6), NULL, 10);
	row->household_id = strtoll(PQgetvalue(r, 0, 7), NULL, 10);
	row->unit_id = strtoll(PQgetvalue(r, 0, 8), NULL, 10);
	rc = 0;
out:
	PQclear(r);
	return rc;
}

/* Stores core's verdict: state, periods, dates, occupancy, the action's columns. */
static int row_update(struct api_ctx *c, struct act *a, const struct conv_result *res)
{
	struct conv_calendar cal;
	struct convention_dates dates;
	if (!conv_calendar(a->row.start, &a->row.p, &cal) ||
	    !convention_dates_of(&cal, res->state, res->periods, &dates))
		return api_problem(c, 500, "internal", "Internal error", "calendar", NULL);
	enum conv_action act = a->def->action;
	const struct in_convention_action *b = &a->body;
	char periods[12], fe[BDATE_ISO_LEN], dl[BDATE_ISO_LEN], to[BDATE_ISO_LEN],
	    today[BDATE_ISO_LEN], date[BDATE_ISO_LEN], guarantee[API_ID_LEN];
	snprintf(periods, sizeof periods, "%d", res->periods);
	bdate_format_iso(dates.final_end, fe);
	bdate_format_iso(dates.deadline, dl);
	bdate_format_iso(c->req->today, today);
	bdate_format_iso(b->date, date);
	api_id_text(b->guarantee, guarantee);
	/* The unit is held to the final end, to the departure once the
	 * household left, and with no end while it stays without title. */
	bdate_format_iso(res->state == CONV_ENDED ? b->date : dates.final_end, to);
	bool ended = act == CONV_END;
	const char *v[16] = {a->ids,
			     conv_state_name(res->state),
			     periods,
			     fe,
			     dates.renewable ? dl : NULL,
			     res->state == CONV_OVERSTAY ? NULL : to,
			     act == CONV_SIGN ? date : NULL,
			     act == CONV_ACTIVATE ? today : NULL,
			     act == CONV_MARK_OVERSTAY ? today : NULL,
			     act == CONV_CANCEL ? today : NULL,
			     ended ? date : NULL,
			     ended ? in_convention_exit_reasons[b->exit_reason] : NULL,
			     ended ? in_convention_destination_types[b->destination_type] : NULL,
			     ended ? b->commune : NULL,
			     ended ? guarantee : NULL,
			     ended ? (b->adel ? "t" : "f") : NULL};
	PGresult *r = api_db_exec(
	    c,
	    "UPDATE conventions SET state = $2::convention_state, periods = $3::int,"
	    " final_end = $4::date, renewal_deadline = $5::date,"
	    " occupancy = daterange(start_date, $6::date, '[]'),"
	    " signed_on = coalesce($7::date, signed_on),"
	    " activated_on = coalesce($8::date, activated_on),"
	    " overstay_on = coalesce($9::date, overstay_on),"
	    " cancelled_on = coalesce($10::date, cancelled_on), departure_on = $11::date,"
	    " exit_reason = $12::exit_reason, destination_type = $13::destination_type,"
	    " destination_commune = $14, rental_guarantee_cents = $15::bigint,"
	    " adel_pointed_out = $16::boolean, version = version + 1, updated_at = now()"
	    " WHERE id = $1",
	    16, v);
	if (r == NULL)
		return -1;
	PQclear(r);
	return 0;
}

/*
 * Locks in api_internal.h's order: the household (no member comes or goes
 * while a convention of it changes), then the convention row with its
 * If-Match version; then reads what core judges from.
 */
static int action_lock(struct api_ctx *c, struct act *a)
{
	int64_t household;
	if (convention_household(c, a->id, true, &household) != 0 ||
	    api_lock_versioned(c, "conventions", "convention", a->id, a->version) != 0 ||
	    row_load(c, a) != 0)
		return -1;
	a->before = api_get_doc(c, "convention_docs", "convention", a->id);
	return a->before != NULL ? 0 : -1;
}

static int action_tx(struct api_ctx *c, void *arg)
{
	struct act *a = arg;
	const struct action_def *def = a->def;
	free(a->before);
	free(a->after);
	a->before = a->after = NULL;
	if (action_lock(c, a) != 0)
		return -1;
	struct conv_input in = {
	    .today = c->req->today, .start_date = a->row.start, .periods = a->row.periods};
	/* An action the state does not allow is refused as such, whatever its body. */
	if (conv_table_next(a->row.state, def->action) >= 0 && def->facts != NULL &&
	    def->facts(c, a, &in) != 0)
		return -1;
	struct conv_result res;
	if (!conv_transition(a->row.state, def->action, &in, &a->row.p, &res))
		return convention_refused(c, a->row.state, &res);
	if ((def->record != NULL && def->record(c, a, &res) != 0) || row_update(c, a, &res) != 0)
		return -1;
	a->after = api_get_doc(c, "convention_docs", "convention", a->id);
	if (a->after == NULL)
		return -1;
	return api_audit(c, def->audit, "convention", a->ids, a->before, a->after);
}

/* Actions without facts to send accept no body or an empty object. */
static json_t *action_body(struct api_ctx *c, enum conv_action action)
{
	return c->req->body_len > 0 || in_convention_action_has_body(action) ? api_body_object(c)
									     : json_object();
}

static int run_action(struct api_ctx *c, const struct action_def *def)
{
	struct act a = {.def = def, .id = c->params[0]};
	json_t *errors = NULL, *body = NULL;
	api_id_text(a.id, a.ids);
	int rc = api_if_match(c, &a.version);
	if (rc == 0 && (body = action_body(c, def->action)) == NULL)
		rc = -1;
	if (rc == 0)
		in_convention_action_read(body, def->action, &a.body, &errors);
	if (rc == 0 && errors != NULL)
		rc = api_problem(c, 422, "validation", "Invalid action", NULL, errors);
	if (rc == 0)
		rc = api_tx(c, action_tx, &a);
	if (rc == 0)
		rc = convention_reply(c, 200, a.after);
	free(a.before);
	free(a.after);
	json_decref(body);
	return rc;
}

/* sign: {signed_on, signatories: [member ids]} */

static int sign_facts(struct api_ctx *c, struct act *a, struct conv_input *in)
{
	(void)c;
	in->signed_on = a->body.date;
	return 0;
}

/* Every member who is not a dependent child signs, and only they do. The
 * household is locked (action_lock): no member comes or goes meanwhile. */
static int sign_record(struct api_ctx *c, struct act *a, const struct conv_result *res)
{
	(void)res;
	const struct in_convention_action *b = &a->body;
	char household[API_ID_LEN];
	api_id_text(a->row.household_id, household);
	const char *v[1] = {household};
	PGresult *r = api_db_exec(
	    c, "SELECT id, dependent_child FROM members WHERE household_id = $1 ORDER BY id", 1, v);
	if (r == NULL)
		return -1;
	json_t *errors = NULL;
	bool found[LIM_CONVENTION_PERSONS_MAX] = {false};
	char list[API_ID_LEN * LIM_CONVENTION_PERSONS_MAX + 3] = "{";
	for (int m = 0; m < PQntuples(r); m++) {
		int64_t id = strtoll(PQgetvalue(r, m, 0), NULL, 10);
		bool child = strcmp(PQgetvalue(r, m, 1), "t") == 0;
		int k = 0;
		while (k < b->n && b->member[k] != id)
			k++;
		if (k < b->n) {
			found[k] = true;
			if (child)
				in_item_error(&errors, "signatories", (size_t)k, NULL,
					      "not-signatory",
					      "a dependent child does not sign the convention");
		} else if (!child) {
			char msg[96];
			snprintf(msg, sizeof msg, "member %" PRId64 " must sign: every adult signs",
				 id);
			api_field_error(&errors, "signatories", "missing", msg);
		}
	}
	PQclear(r);
	for (int k = 0; k < b->n; k++) {
		if (!found[k])
			in_item_error(&errors, "signatories", (size_t)k, NULL, "not-found",
				      "not a member of the convention's household");
		size_t l = strlen(list);
		snprintf(list + l, sizeof list - l, "%s%" PRId64, k ? "," : "", b->member[k]);
	}
	if (errors != NULL)
		return api_problem(c, 422, "validation", "Invalid signature", NULL, errors);
	strcat(list, "}");
	char op[API_ID_LEN];
	api_id_text(c->user.operator_id, op);
	const char *iv[4] = {a->ids, op, household, list};
	r = api_db_exec(c,
			"INSERT INTO convention_signatories (convention_id, operator_id,"
			" household_id, member_id) SELECT $1, $2, $3, unnest($4::bigint[])",
			4, iv);
	if (r == NULL)
		return -1;
	PQclear(r);
	return 0;
}

/* renew: {admission_check_id} */

/* The fresh check must be about this household in this unit; core judges its date. */
static int renew_facts(struct api_ctx *c, struct act *a, struct conv_input *in)
{
	char check[API_ID_LEN], op[API_ID_LEN];
	api_id_text(a->body.check_id, check);
	api_id_text(c->user.operator_id, op);
	const char *v[2] = {check, op};
	PGresult *r = api_db_exec(c,
				  "SELECT household_id, unit_id, check_date, admissible"
				  " FROM admission_checks WHERE id = $1 AND operator_id = $2",
				  2, v);
	if (r == NULL)
		return -1;
	json_t *errors = NULL;
	if (PQntuples(r) != 1)
		api_field_error(&errors, "admission_check_id", "not-found",
				"no such admission check");
	else if (strtoll(PQgetvalue(r, 0, 0), NULL, 10) != a->row.household_id ||
		 strtoll(PQgetvalue(r, 0, 1), NULL, 10) != a->row.unit_id)
		api_field_error(&errors, "admission_check_id", "mismatch",
				"the check is about another household or unit");
	else if (!api_cell_date(r, 0, 2, &in->check_date))
		api_field_error(&errors, "admission_check_id", "invalid", "the check has no date");
	if (errors == NULL) {
		in->has_check = true;
		in->check_admissible = strcmp(PQgetvalue(r, 0, 3), "t") == 0;
	}
	PQclear(r);
	if (errors != NULL)
		return api_problem(c, 422, "validation", "Invalid renewal", NULL, errors);
	return 0;
}

static int renew_record(struct api_ctx *c, struct act *a, const struct conv_result *res)
{
	char period[12], check[API_ID_LEN], today[BDATE_ISO_LEN], uid[API_ID_LEN], op[API_ID_LEN];
	snprintf(period, sizeof period, "%d", res->periods);
	api_id_text(a->body.check_id, check);
	bdate_format_iso(c->req->today, today);
	api_id_text(c->user.id, uid);
	api_id_text(c->user.operator_id, op);
	const char *v[6] = {a->ids, period, check, today, uid, op};
	PGresult *r = api_db_exec(c,
				  "INSERT INTO convention_renewals (convention_id, period,"
				  " admission_check_id, decided_on, created_by, operator_id)"
				  " VALUES ($1, $2, $3, $4, $5, $6)",
				  6, v);
	if (r == NULL)
		return -1;
	PQclear(r);
	return 0;
}

/* notices: {letters: [{member_id, posted_on}]}, one per adult signatory */

static int notice_facts(struct api_ctx *c, struct act *a, struct conv_input *in)
{
	const struct in_convention_action *b = &a->body;
	const char *v[1] = {a->ids};
	PGresult *r = api_db_exec(
	    c, "SELECT member_id FROM convention_signatories WHERE convention_id = $1", 1, v);
	if (r == NULL)
		return -1;
	int signatories = PQntuples(r);
	json_t *errors = NULL;
	for (int k = 0; k < b->n; k++) {
		bool known = false;
		for (int s = 0; s < signatories && !known; s++)
			known = strtoll(PQgetvalue(r, s, 0), NULL, 10) == b->member[k];
		if (!known)
			in_item_error(&errors, "letters", (size_t)k, "member_id", "not-signatory",
				      "not a signatory of the convention");
	}
	PQclear(r);
	if (errors != NULL)
		return api_problem(c, 422, "validation", "Invalid notice", NULL, errors);
	bdate_t first = b->posted[0], last = b->posted[0];
	for (int k = 1; k < b->n; k++) {
		first = b->posted[k] < first ? b->posted[k] : first;
		last = b->posted[k] > last ? b->posted[k] : last;
	}
	in->notice_letters = b->n;
	in->signatories = signatories;
	/* The latest letter counts, but none may precede the convention. */
	in->notice_posted_on = first;
	struct conv_result early;
	if (!conv_transition(a->row.state, CONV_GIVE_NOTICE, in, &a->row.p, &early) &&
	    early.code == CONV_ERR_POSTED_BEFORE_START)
		return convention_refused(c, a->row.state, &early);
	in->notice_posted_on = last;
	return 0;
}

static int notice_record(struct api_ctx *c, struct act *a, const struct conv_result *res)
{
	const struct in_convention_action *b = &a->body;
	char period[12], posted[BDATE_ISO_LEN], notified[BDATE_ISO_LEN], from[BDATE_ISO_LEN],
	    to[BDATE_ISO_LEN], end[BDATE_ISO_LEN], today[BDATE_ISO_LEN], uid[API_ID_LEN];
	bdate_t last = b->posted[0];
	for (int k = 1; k < b->n; k++)
		last = b->posted[k] > last ? b->posted[k] : last;
	snprintf(period, sizeof period, "%d", res->periods);
	bdate_format_iso(last, posted);
	bdate_format_iso(res->notified_on, notified);
	bdate_format_iso(res->run_from, from);
	bdate_format_iso(res->run_to, to);
	bdate_format_iso(res->end_date, end);
	bdate_format_iso(c->req->today, today);
	api_id_text(c->user.id, uid);
	const char *v[9] = {a->ids, period, posted, notified, from, to, end, today, uid};
	PGresult *r =
	    api_db_exec(c,
			"INSERT INTO convention_notices (convention_id, period, posted_on,"
			" notified_on, run_from, run_to, end_date, recorded_on, created_by)"
			" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
			9, v);
	if (r == NULL)
		return -1;
	char notice[API_ID_LEN];
	snprintf(notice, sizeof notice, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	for (int k = 0; k < b->n; k++) {
		bdate_t deemed;
		char member[API_ID_LEN];
		if (!conv_deemed_notification(
			b->posted[k], a->row.p.value[PARAM_REGISTERED_MAIL_LEAD_DAYS], &deemed))
			return api_problem(c, 500, "internal", "Internal error", "calendar", NULL);
		api_id_text(b->member[k], member);
		bdate_format_iso(b->posted[k], posted);
		bdate_format_iso(deemed, notified);
		const char *lv[5] = {notice, a->ids, member, posted, notified};
		r = api_db_exec(c,
				"INSERT INTO convention_notice_letters (notice_id, convention_id,"
				" member_id, posted_on, notified_on) VALUES ($1, $2, $3, $4, $5)",
				5, lv);
		if (r == NULL)
			return -1;
		PQclear(r);
	}
	return 0;
}

/* end: the departure and the exit record (rules.md section 5) */

static int end_facts(struct api_ctx *c, struct act *a, struct conv_input *in)
{
	(void)c;
	in->has_departure = true;
	in->departure_on = a->body.date;
	return 0;
}

/* clang-format off */
static const struct action_def act_sign = {.action = CONV_SIGN, .audit = "convention.sign",
	.facts = sign_facts, .record = sign_record};
static const struct action_def act_activate = {.action = CONV_ACTIVATE,
	.audit = "convention.activate"};
static const struct action_def act_renew = {.action = CONV_RENEW, .audit = "convention.renew",
	.facts = renew_facts, .record = renew_record};
static const struct action_def act_notice = {.action = CONV_GIVE_NOTICE,
	.audit = "convention.notice", .facts = notice_facts, .record = notice_record};
static const struct action_def act_end = {.action = CONV_END, .audit = "convention.end",
	.facts = end_facts};
static const struct action_def act_overstay = {.action = CONV_MARK_OVERSTAY,
	.audit = "convention.overstay"};
static const struct action_def act_cancel = {.action = CONV_CANCEL, .audit = "convention.cancel"};
/* clang-format on */

int h_convention_sign(struct api_ctx *c)
{
	return run_action(c, &act_sign);
}

int h_convention_activate(struct api_ctx *c)
{
	return run_action(c, &act_activate);
}

int h_convention_renew(struct api_ctx *c)
{
	return run_action(c, &act_renew);
}

int h_convention_notices(struct api_ctx *c)
{
	return run_action(c, &act_notice);
}

int h_convention_end(struct api_ctx *c)
{
	return run_action(c, &act_end);
}

int h_convention_overstay(struct api_ctx *c)
{
	return run_action(c, &act_overstay);
}

int h_convention_cancel(struct api_ctx *c)
{
	return run_action(c, &act_cancel);
}

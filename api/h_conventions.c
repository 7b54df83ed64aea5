/*
 * Conventions d'occupation précaire (rules.md sections 2 to 5): a draft is
 * made from a positive admission check, then every step of its life is an
 * explicit action. core/conv.c judges each action and computes every date,
 * core/indem.c the reduced indemnity; this file gathers the facts from the
 * database, stores what core decided in one audited transaction and answers
 * with the convention's document. The unit's occupancy range that the
 * exclusion constraint guards is rewritten at every step from core's final
 * end, so the database refuses two conventions of one unit over one day.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "conv.h"
#include "indem.h"

/* A household has at most this many members, hence letters and signatories. */
#define MAX_PERSONS 16

static const char *const exit_reasons[] = {"relocated",
					   "left_without_solution",
					   "returned_to_family",
					   "institution",
					   "prison",
					   "deceased",
					   "evicted",
					   "other",
					   NULL};
static const char *const destination_types[] = {
    "private_rental", "ais", "apl", "slsp", "commune_cpas", "flw", "other", "unknown", NULL};

static void id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

static bool cell_date(PGresult *r, int row, int col, bdate_t *out)
{
	const char *s = PQgetvalue(r, row, col);
	return !PQgetisnull(r, row, col) && bdate_parse_iso(s, strlen(s), out);
}

static json_t *json_date(bdate_t d)
{
	char s[BDATE_ISO_LEN];
	bdate_format_iso(d, s);
	return json_string(s);
}

/*
 * A problem with extension members (RFC 9457 section 3.2) beside the
 * standard ones, which api_problem does not take. members is stolen.
 */
static int problem_with(struct api_ctx *c, int status, const char *type, const char *title,
			const char *detail, json_t *members)
{
	api_problem(c, status, type, title, detail, NULL);
	json_t *p = json_loadb(c->resp->body, c->resp->body_len, 0, NULL);
	char *text = NULL;
	if (p != NULL && members != NULL && json_object_update(p, members) == 0)
		text = json_dumps(p, JSON_COMPACT);
	if (text != NULL)
		api_reply_text(c, status, "application/problem+json", text, strlen(text));
	json_decref(p);
	json_decref(members);
	return -1;
}

static json_t *action_names(unsigned mask)
{
	json_t *a = json_array();
	for (int i = 0; i < CONV_ACTION_COUNT; i++)
		if (mask & CONV_ACTION_BIT(i))
			json_array_append_new(a,
					      json_string(conv_action_name((enum conv_action)i)));
	return a;
}

/* The actions core allows from the document's state, for clients to offer. */
static void add_allowed_actions(json_t *doc)
{
	enum conv_state s;
	const char *name = json_string_value(json_object_get(doc, "state"));
	if (name != NULL && conv_state_parse(name, &s))
		json_object_set_new(doc, "allowed_actions", action_names(conv_allowed_actions(s)));
}

/* Replies with a convention document (from convention_docs) and its ETag. */
static int reply_convention(struct api_ctx *c, int status, const char *doc)
{
	json_t *v = json_loads(doc, 0, NULL);
	json_t *ver = v != NULL ? json_object_get(v, "version") : NULL;
	if (!json_is_integer(ver)) {
		json_decref(v);
		return api_problem(c, 500, "internal", "Internal error", "bad JSON from SQL", NULL);
	}
	char tag[24];
	snprintf(tag, sizeof tag, "%" JSON_INTEGER_FORMAT, json_integer_value(ver));
	api_set_etag(c, tag);
	add_allowed_actions(v);
	return api_reply_json(c, status, v);
}

/* core refused an action: its code, reasons and the actions allowed instead. */
static int refused(struct api_ctx *c, enum conv_state from, const struct conv_result *r)
{
	json_t *m =
	    json_pack("{s:s, s:s, s:o, s:[{s:s, s:s, s:s}]}", "code", r->code_name, "state",
		      conv_state_name(from), "allowed_actions", action_names(r->allowed), "reasons",
		      "code", r->code_name, "fr", r->reason_fr, "en", r->reason_en);
	if (m != NULL && r->code == CONV_ERR_NOTICE_TOO_LATE) {
		json_object_set_new(m, "notified_on", json_date(r->notified_on));
		json_object_set_new(m, "needed_posting_date", json_date(r->needed_posting_date));
		json_object_set_new(m, "later_end",
				    r->later_reachable ? json_date(r->later_end) : json_null());
		json_object_set_new(m, "later_posting_deadline",
				    r->later_reachable ? json_date(r->later_posting_deadline)
						       : json_null());
	}
	return problem_with(c, 422, "transition-refused", "Transition refused", r->reason_en, m);
}

/* A convention cannot be made from this admission check. */
static int creation_refused(struct api_ctx *c, const char *code, const char *fr, const char *en,
			    json_t *reasons)
{
	if (reasons == NULL || json_array_size(reasons) == 0) {
		json_decref(reasons);
		reasons = json_pack("[{s:s, s:s, s:s}]", "code", code, "fr", fr, "en", en);
	}
	return problem_with(c, 422, "convention-refused", "Convention refused", en,
			    json_pack("{s:s, s:o}", "code", code, "reasons", reasons));
}

/* ---- dates of a convention in a state ---- */

struct conv_dates {
	bdate_t final_end;
	bool renewable; /* a renewal decision is still to be taken, by `deadline` */
	bdate_t deadline;
};

static bool dates_of(const struct conv_calendar *cal, enum conv_state s, int periods,
		     struct conv_dates *out)
{
	if (periods < 1 || periods > cal->n_periods)
		return false;
	out->final_end = conv_final_end(cal, s, periods);
	out->deadline = 0;
	/* Only a convention that still runs without a notice can be renewed. */
	bool running = s == CONV_DRAFT || s == CONV_SIGNED || s == CONV_ACTIVE || s == CONV_RENEWED;
	out->renewable = running && periods < cal->n_periods &&
			 conv_renewal_deadline(cal, periods - 1, &out->deadline);
	return true;
}

/* ---- creation from an admission check ---- */

struct create_in {
	int64_t check_id;
	int64_t id;
	char *after;
};

/* The admission check and its unit, as the convention needs them. */
static const char sql_check[] =
    "SELECT ac.household_id, ac.unit_id, ac.start_date, ac.admissible, ac.indemnity_basis,"
    " ac.indemnity_basis_cents, coalesce(ac.decision->'reasons', '[]')::text,"
    " u.base_indemnity_cents, u.subsidised, u.status = 'available'"
    " FROM admission_checks ac JOIN units u ON u.id = ac.unit_id"
    " WHERE ac.id = $1 AND ac.operator_id = $2";

static int insert_periods(struct api_ctx *c, const char *ids, const struct conv_calendar *cal)
{
	for (int k = 0; k < cal->n_periods; k++) {
		char n[12], s[BDATE_ISO_LEN], e[BDATE_ISO_LEN], l[BDATE_ISO_LEN], p[BDATE_ISO_LEN];
		snprintf(n, sizeof n, "%d", k + 1);
		bdate_format_iso(cal->period[k].start, s);
		bdate_format_iso(cal->period[k].end, e);
		bdate_format_iso(cal->period[k].latest_notification, l);
		bdate_format_iso(cal->period[k].posting_deadline, p);
		const char *v[6] = {ids, n, s, e, l, p};
		PGresult *r =
		    api_db_exec(c,
				"INSERT INTO convention_periods (convention_id, number,"
				" start_on, end_on, latest_notification, posting_deadline)"
				" VALUES ($1, $2, $3, $4, $5, $6)",
				6, v);
		if (r == NULL)
			return -1;
		PQclear(r);
	}
	return 0;
}

static int create_tx(struct api_ctx *c, void *arg)
{
	struct create_in *in = arg;
	char op[24], check[24], uid[24];
	id_text(c->user.operator_id, op);
	id_text(in->check_id, check);
	id_text(c->user.id, uid);
	free(in->after);
	in->after = NULL;

	const char *cv[2] = {check, op};
	PGresult *r = api_db_exec(c, sql_check, 2, cv);
	if (r == NULL)
		return -1;
	if (PQntuples(r) != 1) {
		PQclear(r);
		json_t *errors = NULL;
		api_field_error(&errors, "admission_check_id", "not-found",
				"no such admission check");
		return api_problem(c, 422, "validation", "Invalid convention", NULL, errors);
	}
	char household[24], unit[24];
	snprintf(household, sizeof household, "%s", PQgetvalue(r, 0, 0));
	snprintf(unit, sizeof unit, "%s", PQgetvalue(r, 0, 1));
	bdate_t start = 0;
	bool ok = cell_date(r, 0, 2, &start);
	bool admissible = strcmp(PQgetvalue(r, 0, 3), "t") == 0;
	/* core/elig chose the basis (R for P-c, else M) and its amount. */
	char basis_name[24];
	snprintf(basis_name, sizeof basis_name, "%s", PQgetvalue(r, 0, 4));
	int64_t basis_amount = strtoll(PQgetvalue(r, 0, 5), NULL, 10);
	struct indem_reduced_input ii = {
	    .basis = basis_amount,
	    .base = strtoll(PQgetvalue(r, 0, 7), NULL, 10),
	    .subsidised = strcmp(PQgetvalue(r, 0, 8), "t") == 0,
	};
	json_t *reasons = json_loads(PQgetvalue(r, 0, 6), 0, NULL);
	bool available = strcmp(PQgetvalue(r, 0, 9), "t") == 0;
	PQclear(r);
	if (!ok) {
		json_decref(reasons);
		return api_problem(c, 500, "internal", "Internal error", "unreadable check", NULL);
	}
	if (!admissible)
		return creation_refused(
		    c, "admission_check_negative",
		    "L'examen d'admissibilité est négatif : le ménage ne peut être admis.",
		    "The admission check is negative: the household cannot be admitted.", reasons);
	json_decref(reasons);
	/*
	 * A positive check is fresh for its own start date (core/elig judged
	 * its age); once that date has passed the convention could no longer
	 * be signed before the unit is made available: check again.
	 */
	if (start < c->req->today)
		return creation_refused(
		    c, "admission_check_stale",
		    "La date de début de l'examen d'admissibilité est dépassée : un nouvel "
		    "examen est nécessaire.",
		    "The start date of the admission check has passed: a fresh check is "
		    "needed.",
		    NULL);
	if (!available)
		return creation_refused(c, "unit_not_available",
					"Le logement n'est pas disponible à l'occupation.",
					"The unit is not available for occupation.", NULL);

	struct params p;
	struct conv_calendar cal;
	struct indem_reduced red;
	struct conv_dates dates;
	if (api_params_load(c, start, &p, NULL) != 0)
		return -1;
	/* The payment day is printed by the convention: fixed here with the
	 * rest (sql/016), 1..28 so that it exists in every month. */
	int64_t pay_by = p.value[PARAM_PAYMENT_DUE_LAST_DAY];
	if (!conv_calendar(start, &p, &cal) || !indem_reduced(&ii, &p, &red) ||
	    !dates_of(&cal, CONV_DRAFT, 1, &dates) || pay_by < 1 || pay_by > 28)
		return api_problem(c, 422, "parameter-invalid", "Parameter invalid",
				   "the legal parameters in force on the start date give no valid "
				   "calendar or indemnity",
				   NULL);

	char s[BDATE_ISO_LEN], fe[BDATE_ISO_LEN], dl[BDATE_ISO_LEN];
	char mp[12], pm[24], nm[12], ld[12], base[24], basis[24], cap[24], pct[12], reduced[24];
	char pd[24];
	bdate_format_iso(start, s);
	bdate_format_iso(dates.final_end, fe);
	bdate_format_iso(dates.deadline, dl);
	snprintf(mp, sizeof mp, "%d", cal.n_periods);
	snprintf(pm, sizeof pm, "%" PRId64, p.value[PARAM_PERIOD_MONTHS]);
	snprintf(nm, sizeof nm, "%d", cal.notice_months);
	snprintf(ld, sizeof ld, "%d", cal.lead_working_days);
	id_text(ii.base, base);
	/* The household's figure, also when the cap does not apply (core's basis is then 0). */
	id_text(basis_amount, basis);
	id_text(red.cap, cap);
	snprintf(pct, sizeof pct, "%d", red.cap_percent);
	id_text(red.reduced, reduced);
	id_text(pay_by, pd);
	const char *v[20] = {op,
			     unit,
			     household,
			     check,
			     s,
			     mp,
			     pm,
			     nm,
			     ld,
			     fe,
			     dates.renewable ? dl : NULL,
			     base,
			     basis_name,
			     basis,
			     red.cap_applies ? "t" : "f",
			     pct,
			     cap,
			     reduced,
			     uid,
			     pd};
	r = api_db_exec(
	    c,
	    "INSERT INTO conventions (operator_id, unit_id, household_id,"
	    " admission_check_id, start_date, max_periods, period_months, notice_months,"
	    " lead_working_days, final_end, renewal_deadline, occupancy,"
	    " base_indemnity_cents, basis, basis_cents, cap_applies, cap_percent,"
	    " cap_cents, reduced_indemnity_cents, created_by, payment_due_last_day)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
	    " daterange($5::date, $10::date, '[]'), $12, $13, $14, $15,"
	    " $16, $17, $18, $19, $20) RETURNING id",
	    20, v);
	if (r == NULL)
		return -1;
	in->id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	char ids[24];
	id_text(in->id, ids);
	if (insert_periods(c, ids, &cal) != 0)
		return -1;
	in->after = api_get_doc(c, "convention_docs", "convention", in->id);
	if (in->after == NULL)
		return -1;
	return api_audit(c, "convention.create", "convention", ids, NULL, in->after);
}

int h_conventions_create(struct api_ctx *c)
{
	static const char *const fields[] = {"admission_check_id", NULL};
	struct create_in in = {0};
	json_t *body = api_body_object(c);
	if (body == NULL)
		return -1;
	json_t *errors = NULL;
	api_json_only(body, fields, &errors);
	api_json_int(body, "admission_check_id", true, 1, INT64_MAX, &errors, &in.check_id);
	int rc = errors != NULL
		     ? api_problem(c, 422, "validation", "Invalid convention", NULL, errors)
		     : api_tx(c, create_tx, &in);
	if (rc == 0) {
		char loc[64];
		snprintf(loc, sizeof loc, "/api/v1/conventions/%" PRId64, in.id);
		api_add_header(c, "Location", loc);
		rc = reply_convention(c, 201, in.after);
	}
	free(in.after);
	json_decref(body);
	return rc;
}

/* ---- reading ---- */

int h_convention_get(struct api_ctx *c)
{
	char *doc = api_get_doc(c, "convention_docs", "convention", c->params[0]);
	if (doc == NULL)
		return -1;
	int rc = reply_convention(c, 200, doc);
	free(doc);
	return rc;
}

static bool id_query(const char *s)
{
	size_t n = strlen(s);
	return n > 0 && n <= 18 && strspn(s, "0123456789") == n;
}

int h_conventions_list(struct api_ctx *c)
{
	char state[24], unit[24], household[24];
	json_t *errors = NULL;
	enum conv_state s;
	int has_state = api_query_get(c, "state", state, sizeof state);
	int has_unit = api_query_get(c, "unit_id", unit, sizeof unit);
	int has_household = api_query_get(c, "household_id", household, sizeof household);
	if (has_state < 0 || (has_state > 0 && !conv_state_parse(state, &s)))
		api_field_error(&errors, "state", "enum",
				"must be one of: draft, signed, active, renewed, notice_given, "
				"ended, overstay, cancelled");
	if (has_unit < 0 || (has_unit > 0 && !id_query(unit)))
		api_field_error(&errors, "unit_id", "invalid", "must be an id");
	if (has_household < 0 || (has_household > 0 && !id_query(household)))
		api_field_error(&errors, "household_id", "invalid", "must be an id");
	if (errors != NULL)
		return api_problem(c, 400, "invalid-query", "Invalid query", NULL, errors);
	const char *v[3] = {has_state > 0 ? state : NULL, has_unit > 0 ? unit : NULL,
			    has_household > 0 ? household : NULL};
	if (api_list_docs(c, "convention_docs",
			  "($4::convention_state IS NULL OR d.state = $4::convention_state)"
			  " AND ($5::bigint IS NULL OR d.unit_id = $5::bigint)"
			  " AND ($6::bigint IS NULL OR d.household_id = $6::bigint)",
			  3, v) != 0)
		return -1;
	json_t *page = json_loadb(c->resp->body, c->resp->body_len, 0, NULL);
	if (page == NULL)
		return api_problem(c, 500, "internal", "Internal error", "bad JSON page", NULL);
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(page, "items"), i, item) {
		add_allowed_actions(item);
	}
	return api_reply_json(c, 200, page);
}

/* ---- actions ---- */

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
	const char *const *fields; /* body members allowed */
	/* Validates the body (field errors), before the transaction. */
	void (*read)(json_t *body, struct act *a, json_t **errors);
	/* In the transaction, when the table has the edge: facts for core. */
	int (*facts)(struct api_ctx *c, struct act *a, struct conv_input *in);
	/* In the transaction, once core agreed: the action's own records. */
	int (*record)(struct api_ctx *c, struct act *a, const struct conv_result *res);
};

struct act {
	const struct action_def *def;
	int64_t id, version;
	char ids[24];
	/* the body */
	bdate_t date; /* signed_on, departure_on */
	int64_t check_id;
	int n; /* signatories, or letters */
	int64_t member[MAX_PERSONS];
	bdate_t posted[MAX_PERSONS];
	int exit_reason, destination_type;
	const char *commune; /* belongs to the body */
	int64_t guarantee;
	bool adel;
	/* the transaction */
	struct conv_row row;
	char *before, *after;
};

static int row_load(struct api_ctx *c, struct act *a)
{
	const char *v[1] = {a->ids};
	PGresult *r = api_db_exec(c,
				  "SELECT state, start_date, periods, max_periods, period_months,"
				  " notice_months, lead_working_days, household_id, unit_id"
				  " FROM conventions WHERE id = $1",
				  1, v);
	if (r == NULL)
		return -1;
	struct conv_row *row = &a->row;
	memset(row, 0, sizeof *row);
	bool ok = PQntuples(r) == 1 && conv_state_parse(PQgetvalue(r, 0, 0), &row->state) &&
		  cell_date(r, 0, 1, &row->start);
	if (ok) {
		row->periods = atoi(PQgetvalue(r, 0, 2));
		row->p.value[PARAM_MAX_PERIODS] = strtoll(PQgetvalue(r, 0, 3), NULL, 10);
		row->p.value[PARAM_PERIOD_MONTHS] = strtoll(PQgetvalue(r, 0, 4), NULL, 10);
		row->p.value[PARAM_NOTICE_MONTHS] = strtoll(PQgetvalue(r, 0, 5), NULL, 10);
		row->p.value[PARAM_REGISTERED_MAIL_LEAD_DAYS] =
		    strtoll(PQgetvalue(r, 0, 6), NULL, 10);
		row->household_id = strtoll(PQgetvalue(r, 0, 7), NULL, 10);
		row->unit_id = strtoll(PQgetvalue(r, 0, 8), NULL, 10);
	}
	PQclear(r);
	if (!ok)
		return api_problem(c, 500, "internal", "Internal error", "unreadable convention",
				   NULL);
	return 0;
}

/* Stores core's verdict: state, periods, dates, occupancy, the action's columns. */
static int row_update(struct api_ctx *c, struct act *a, const struct conv_result *res)
{
	struct conv_calendar cal;
	struct conv_dates dates;
	if (!conv_calendar(a->row.start, &a->row.p, &cal) ||
	    !dates_of(&cal, res->state, res->periods, &dates))
		return api_problem(c, 500, "internal", "Internal error", "calendar", NULL);
	enum conv_action act = a->def->action;
	char periods[12], fe[BDATE_ISO_LEN], dl[BDATE_ISO_LEN], to[BDATE_ISO_LEN],
	    today[BDATE_ISO_LEN], date[BDATE_ISO_LEN], guarantee[24];
	snprintf(periods, sizeof periods, "%d", res->periods);
	bdate_format_iso(dates.final_end, fe);
	bdate_format_iso(dates.deadline, dl);
	bdate_format_iso(c->req->today, today);
	bdate_format_iso(a->date, date);
	id_text(a->guarantee, guarantee);
	/* The unit is held to the final end, to the departure once the
	 * household left, and with no end while it stays without title. */
	bdate_format_iso(res->state == CONV_ENDED ? a->date : dates.final_end, to);
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
			     ended ? exit_reasons[a->exit_reason] : NULL,
			     ended ? destination_types[a->destination_type] : NULL,
			     ended ? a->commune : NULL,
			     ended ? guarantee : NULL,
			     ended ? (a->adel ? "t" : "f") : NULL};
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

static int action_tx(struct api_ctx *c, void *arg)
{
	struct act *a = arg;
	const struct action_def *def = a->def;
	free(a->before);
	free(a->after);
	a->before = a->after = NULL;
	if (api_lock_versioned(c, "conventions", "convention", a->id, a->version) != 0 ||
	    row_load(c, a) != 0)
		return -1;
	a->before = api_get_doc(c, "convention_docs", "convention", a->id);
	if (a->before == NULL)
		return -1;
	struct conv_input in = {
	    .today = c->req->today, .start_date = a->row.start, .periods = a->row.periods};
	/* An action the state does not allow is refused as such, whatever its body. */
	if (conv_table_next(a->row.state, def->action) >= 0 && def->facts != NULL &&
	    def->facts(c, a, &in) != 0)
		return -1;
	struct conv_result res;
	if (!conv_transition(a->row.state, def->action, &in, &a->row.p, &res))
		return refused(c, a->row.state, &res);
	if ((def->record != NULL && def->record(c, a, &res) != 0) || row_update(c, a, &res) != 0)
		return -1;
	a->after = api_get_doc(c, "convention_docs", "convention", a->id);
	if (a->after == NULL)
		return -1;
	return api_audit(c, def->audit, "convention", a->ids, a->before, a->after);
}

static int run_action(struct api_ctx *c, const struct action_def *def)
{
	struct act a = {.def = def, .id = c->params[0]};
	id_text(a.id, a.ids);
	if (api_if_match(c, &a.version) != 0)
		return -1;
	/* Actions without facts to send accept no body or an empty object. */
	json_t *body =
	    c->req->body_len > 0 || def->read != NULL ? api_body_object(c) : json_object();
	if (body == NULL)
		return -1;
	json_t *errors = NULL;
	api_json_only(body, def->fields, &errors);
	if (def->read != NULL)
		def->read(body, &a, &errors);
	int rc = errors != NULL ? api_problem(c, 422, "validation", "Invalid action", NULL, errors)
				: api_tx(c, action_tx, &a);
	if (rc == 0)
		rc = reply_convention(c, 200, a.after);
	free(a.before);
	free(a.after);
	json_decref(body);
	return rc;
}

/*
 * An array of 1..MAX_PERSONS objects or ids under `name`; item errors are
 * named name[i] or name[i].field.
 */
static json_t *array_member(json_t *body, const char *name, json_t **errors)
{
	json_t *arr = json_object_get(body, name);
	if (arr == NULL || json_is_null(arr)) {
		api_field_error(errors, name, "required", "this field is required");
		return NULL;
	}
	if (!json_is_array(arr) || json_array_size(arr) < 1 || json_array_size(arr) > MAX_PERSONS) {
		api_field_error(errors, name, "type", "must be an array of 1 to 16 items");
		return NULL;
	}
	return arr;
}

static void item_error(json_t **errors, const char *name, size_t i, const char *field,
		       const char *code, const char *message)
{
	char f[64];
	snprintf(f, sizeof f, "%s[%zu]%s%s", name, i, field ? "." : "", field ? field : "");
	api_field_error(errors, f, code, message);
}

static bool listed_before(const struct act *a, int64_t id)
{
	for (int k = 0; k < a->n; k++)
		if (a->member[k] == id)
			return true;
	return false;
}

/* sign: {signed_on, signatories: [member ids]} */

static void sign_read(json_t *body, struct act *a, json_t **errors)
{
	api_json_date(body, "signed_on", true, errors, &a->date);
	json_t *arr = array_member(body, "signatories", errors);
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		json_int_t id = json_is_integer(v) ? json_integer_value(v) : 0;
		if (id < 1)
			item_error(errors, "signatories", i, NULL, "type", "must be a member id");
		else if (listed_before(a, id))
			item_error(errors, "signatories", i, NULL, "duplicate", "listed twice");
		else
			a->member[a->n++] = id;
	}
}

static int sign_facts(struct api_ctx *c, struct act *a, struct conv_input *in)
{
	(void)c;
	in->signed_on = a->date;
	return 0;
}

/* Every member who is not a dependent child signs, and only they do. */
static int sign_record(struct api_ctx *c, struct act *a, const struct conv_result *res)
{
	(void)res;
	char household[24];
	id_text(a->row.household_id, household);
	const char *v[1] = {household};
	/* The household's writers lock it first: no member comes or goes meanwhile. */
	PGresult *r = api_db_exec(c, "SELECT 1 FROM households WHERE id = $1 FOR SHARE", 1, v);
	if (r == NULL)
		return -1;
	PQclear(r);
	r = api_db_exec(
	    c, "SELECT id, dependent_child FROM members WHERE household_id = $1 ORDER BY id", 1, v);
	if (r == NULL)
		return -1;
	json_t *errors = NULL;
	bool found[MAX_PERSONS] = {false};
	char list[24 * MAX_PERSONS + 3] = "{";
	for (int m = 0; m < PQntuples(r); m++) {
		int64_t id = strtoll(PQgetvalue(r, m, 0), NULL, 10);
		bool child = strcmp(PQgetvalue(r, m, 1), "t") == 0;
		int k = 0;
		while (k < a->n && a->member[k] != id)
			k++;
		if (k < a->n) {
			found[k] = true;
			if (child)
				item_error(&errors, "signatories", (size_t)k, NULL, "not-signatory",
					   "a dependent child does not sign the convention");
		} else if (!child) {
			char msg[96];
			snprintf(msg, sizeof msg, "member %" PRId64 " must sign: every adult signs",
				 id);
			api_field_error(&errors, "signatories", "missing", msg);
		}
	}
	PQclear(r);
	for (int k = 0; k < a->n; k++) {
		if (!found[k])
			item_error(&errors, "signatories", (size_t)k, NULL, "not-found",
				   "not a member of the convention's household");
		size_t l = strlen(list);
		snprintf(list + l, sizeof list - l, "%s%" PRId64, k ? "," : "", a->member[k]);
	}
	if (errors != NULL)
		return api_problem(c, 422, "validation", "Invalid signature", NULL, errors);
	strcat(list, "}");
	char op[24];
	id_text(c->user.operator_id, op);
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

static void renew_read(json_t *body, struct act *a, json_t **errors)
{
	api_json_int(body, "admission_check_id", true, 1, INT64_MAX, errors, &a->check_id);
}

/* The fresh check must be about this household in this unit; core judges its date. */
static int renew_facts(struct api_ctx *c, struct act *a, struct conv_input *in)
{
	char check[24], op[24];
	id_text(a->check_id, check);
	id_text(c->user.operator_id, op);
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
	else if (!cell_date(r, 0, 2, &in->check_date))
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
	char period[12], check[24], today[BDATE_ISO_LEN], uid[24], op[24];
	snprintf(period, sizeof period, "%d", res->periods);
	id_text(a->check_id, check);
	bdate_format_iso(c->req->today, today);
	id_text(c->user.id, uid);
	id_text(c->user.operator_id, op);
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

static void notice_read(json_t *body, struct act *a, json_t **errors)
{
	static const char *const letter_fields[] = {"member_id", "posted_on", NULL};
	json_t *arr = array_member(body, "letters", errors);
	size_t i;
	json_t *letter;
	json_array_foreach(arr, i, letter) {
		if (!json_is_object(letter)) {
			item_error(errors, "letters", i, NULL, "type", "must be an object");
			continue;
		}
		json_t *e = NULL;
		int64_t id = 0;
		bdate_t posted = 0;
		api_json_only(letter, letter_fields, &e);
		bool ok = api_json_int(letter, "member_id", true, 1, INT64_MAX, &e, &id);
		ok = api_json_date(letter, "posted_on", true, &e, &posted) && ok;
		if (ok && listed_before(a, id))
			api_field_error(&e, "member_id", "duplicate",
					"one letter per signatory: this one has two");
		else if (ok) {
			a->member[a->n] = id;
			a->posted[a->n++] = posted;
		}
		size_t k;
		json_t *err;
		json_array_foreach(e, k, err) {
			item_error(errors, "letters", i,
				   json_string_value(json_object_get(err, "field")),
				   json_string_value(json_object_get(err, "code")),
				   json_string_value(json_object_get(err, "message")));
		}
		json_decref(e);
	}
}

static int notice_facts(struct api_ctx *c, struct act *a, struct conv_input *in)
{
	const char *v[1] = {a->ids};
	PGresult *r = api_db_exec(
	    c, "SELECT member_id FROM convention_signatories WHERE convention_id = $1", 1, v);
	if (r == NULL)
		return -1;
	int signatories = PQntuples(r);
	json_t *errors = NULL;
	for (int k = 0; k < a->n; k++) {
		bool known = false;
		for (int s = 0; s < signatories && !known; s++)
			known = strtoll(PQgetvalue(r, s, 0), NULL, 10) == a->member[k];
		if (!known)
			item_error(&errors, "letters", (size_t)k, "member_id", "not-signatory",
				   "not a signatory of the convention");
	}
	PQclear(r);
	if (errors != NULL)
		return api_problem(c, 422, "validation", "Invalid notice", NULL, errors);
	bdate_t first = a->posted[0], last = a->posted[0];
	for (int k = 1; k < a->n; k++) {
		first = a->posted[k] < first ? a->posted[k] : first;
		last = a->posted[k] > last ? a->posted[k] : last;
	}
	in->notice_letters = a->n;
	in->signatories = signatories;
	/* The latest letter counts, but none may precede the convention. */
	in->notice_posted_on = first;
	struct conv_result early;
	if (!conv_transition(a->row.state, CONV_GIVE_NOTICE, in, &a->row.p, &early) &&
	    early.code == CONV_ERR_POSTED_BEFORE_START)
		return refused(c, a->row.state, &early);
	in->notice_posted_on = last;
	return 0;
}

static int notice_record(struct api_ctx *c, struct act *a, const struct conv_result *res)
{
	char period[12], posted[BDATE_ISO_LEN], notified[BDATE_ISO_LEN], from[BDATE_ISO_LEN],
	    to[BDATE_ISO_LEN], end[BDATE_ISO_LEN], today[BDATE_ISO_LEN], uid[24];
	bdate_t last = a->posted[0];
	for (int k = 1; k < a->n; k++)
		last = a->posted[k] > last ? a->posted[k] : last;
	snprintf(period, sizeof period, "%d", res->periods);
	bdate_format_iso(last, posted);
	bdate_format_iso(res->notified_on, notified);
	bdate_format_iso(res->run_from, from);
	bdate_format_iso(res->run_to, to);
	bdate_format_iso(res->end_date, end);
	bdate_format_iso(c->req->today, today);
	id_text(c->user.id, uid);
	const char *v[9] = {a->ids, period, posted, notified, from, to, end, today, uid};
	PGresult *r =
	    api_db_exec(c,
			"INSERT INTO convention_notices (convention_id, period, posted_on,"
			" notified_on, run_from, run_to, end_date, recorded_on, created_by)"
			" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
			9, v);
	if (r == NULL)
		return -1;
	char notice[24];
	snprintf(notice, sizeof notice, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	for (int k = 0; k < a->n; k++) {
		bdate_t deemed;
		char member[24];
		if (!conv_deemed_notification(
			a->posted[k], a->row.p.value[PARAM_REGISTERED_MAIL_LEAD_DAYS], &deemed))
			return api_problem(c, 500, "internal", "Internal error", "calendar", NULL);
		id_text(a->member[k], member);
		bdate_format_iso(a->posted[k], posted);
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

static void end_read(json_t *body, struct act *a, json_t **errors)
{
	api_json_date(body, "departure_on", true, errors, &a->date);
	api_json_enum(body, "exit_reason", true, exit_reasons, errors, &a->exit_reason);
	bool typed = api_json_enum(body, "destination_type", true, destination_types, errors,
				   &a->destination_type);
	a->commune = api_json_string(body, "destination_commune", 100, false, errors);
	if (a->commune != NULL && a->commune[0] == '\0')
		api_field_error(errors, "destination_commune", "required", "must not be empty");
	/* The commune is known unless the destination itself is. */
	if (typed && a->commune == NULL &&
	    strcmp(destination_types[a->destination_type], "unknown"))
		api_field_error(errors, "destination_commune", "required",
				"required unless destination_type is unknown");
	api_json_cents(body, "rental_guarantee_cents", true, 0, 100000000, errors, &a->guarantee);
	api_json_bool(body, "adel", true, errors, &a->adel);
}

static int end_facts(struct api_ctx *c, struct act *a, struct conv_input *in)
{
	(void)c;
	in->has_departure = true;
	in->departure_on = a->date;
	return 0;
}

/* clang-format off */
static const char *const no_fields[] = {NULL};
static const char *const sign_fields[] = {"signed_on", "signatories", NULL};
static const char *const renew_fields[] = {"admission_check_id", NULL};
static const char *const notice_fields[] = {"letters", NULL};
static const char *const end_fields[] = {"departure_on", "exit_reason", "destination_type",
	"destination_commune", "rental_guarantee_cents", "adel", NULL};

static const struct action_def act_sign = {.action = CONV_SIGN, .audit = "convention.sign",
	.fields = sign_fields, .read = sign_read, .facts = sign_facts, .record = sign_record};
static const struct action_def act_activate = {.action = CONV_ACTIVATE,
	.audit = "convention.activate", .fields = no_fields};
static const struct action_def act_renew = {.action = CONV_RENEW, .audit = "convention.renew",
	.fields = renew_fields, .read = renew_read, .facts = renew_facts, .record = renew_record};
static const struct action_def act_notice = {.action = CONV_GIVE_NOTICE,
	.audit = "convention.notice", .fields = notice_fields, .read = notice_read,
	.facts = notice_facts, .record = notice_record};
static const struct action_def act_end = {.action = CONV_END, .audit = "convention.end",
	.fields = end_fields, .read = end_read, .facts = end_facts};
static const struct action_def act_overstay = {.action = CONV_MARK_OVERSTAY,
	.audit = "convention.overstay", .fields = no_fields};
static const struct action_def act_cancel = {.action = CONV_CANCEL, .audit = "convention.cancel",
	.fields = no_fields};
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

/*
 * Conventions d'occupation précaire (rules.md sections 2 to 5): a draft is
 * made from a positive admission check, then every step of its life is an
 * explicit action (h_convention_actions.c). core/conv.c judges each action
 * and computes every date, core/indem.c the reduced indemnity; this file
 * makes the draft, reads and lists conventions, and holds what the
 * conventions' handler files share (h_conventions.h). The unit's occupancy
 * range that the exclusion constraint guards is rewritten at every step
 * from core's final end, so the database refuses two conventions of one
 * unit over one day.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h_conventions.h"
#include "indem.h"
#include "input.h"

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

int convention_reply(struct api_ctx *c, int status, const char *doc)
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

int convention_refused(struct api_ctx *c, enum conv_state from, const struct conv_result *r)
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

bool convention_dates_of(const struct conv_calendar *cal, enum conv_state s, int periods,
			 struct convention_dates *out)
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

int convention_household(struct api_ctx *c, int64_t id, bool lock, int64_t *household)
{
	char ids[API_ID_LEN], op[API_ID_LEN];
	api_id_text(id, ids);
	api_id_text(c->user.operator_id, op);
	const char *v[2] = {ids, op};
	/* A convention never changes household: read without a lock, then lock
	 * the household before anything of it (api_internal.h's lock order). */
	PGresult *r = api_db_exec(
	    c, "SELECT household_id FROM conventions WHERE id = $1 AND operator_id = $2", 2, v);
	if (r == NULL)
		return -1;
	bool found = PQntuples(r) == 1;
	if (found)
		*household = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	if (!found)
		return api_not_found(c, "convention", id);
	return lock ? api_household_lock(c, *household) : 0;
}

/* ---- creation from an admission check ---- */

struct create_in {
	struct in_convention_create body;
	int64_t id;
	char *after;
};

/* The admission check and its unit, as the convention needs them. */
struct check_facts {
	int64_t household, unit;
	bdate_t start;
	bool admissible, available;
	char
	    basis_name[24]; /* core/elig's choice: monthly_resources (R, P-c) or monthly_revenues */
	int64_t basis_amount;
	struct indem_reduced_input indem;
	json_t *reasons; /* core/elig's, for a negative check */
};

static const char sql_check[] =
    "SELECT ac.household_id, ac.unit_id, ac.start_date, ac.admissible, ac.indemnity_basis,"
    " ac.indemnity_basis_cents, coalesce(ac.decision->'reasons', '[]')::text,"
    " u.base_indemnity_cents, u.subsidised, u.status = 'available'"
    " FROM admission_checks ac JOIN units u ON u.id = ac.unit_id"
    " WHERE ac.id = $1 AND ac.operator_id = $2";

static int check_load(struct api_ctx *c, int64_t check_id, struct check_facts *f)
{
	int rc = -1;
	char check[API_ID_LEN], op[API_ID_LEN];
	api_id_text(check_id, check);
	api_id_text(c->user.operator_id, op);
	const char *v[2] = {check, op};
	PGresult *r = api_db_exec(c, sql_check, 2, v);
	if (r == NULL)
		goto out;
	if (PQntuples(r) != 1) {
		json_t *errors = NULL;
		api_field_error(&errors, "admission_check_id", "not-found",
				"no such admission check");
		api_problem(c, 422, "validation", "Invalid convention", NULL, errors);
		goto out;
	}
	if (!api_cell_date(r, 0, 2, &f->start)) {
		api_problem(c, 500, "internal", "Internal error", "unreadable check", NULL);
		goto out;
	}
	f->household = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	f->unit = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
	f->admissible = strcmp(PQgetvalue(r, 0, 3), "t") == 0;
	/* core/elig chose the basis (R for P-c, else M) and its amount. */
	snprintf(f->basis_name, sizeof f->basis_name, "%s", PQgetvalue(r, 0, 4));
	f->basis_amount = strtoll(PQgetvalue(r, 0, 5), NULL, 10);
	f->reasons = json_loads(PQgetvalue(r, 0, 6), 0, NULL);
	f->indem = (struct indem_reduced_input){
	    .base = strtoll(PQgetvalue(r, 0, 7), NULL, 10),
	    .subsidised = strcmp(PQgetvalue(r, 0, 8), "t") == 0,
	    .basis = f->basis_amount,
	};
	f->available = strcmp(PQgetvalue(r, 0, 9), "t") == 0;
	rc = 0;
out:
	PQclear(r);
	return rc;
}

/* A convention is made from a positive, fresh check of an available unit. */
static int check_usable(struct api_ctx *c, struct check_facts *f)
{
	if (!f->admissible) {
		json_t *reasons = f->reasons;
		f->reasons = NULL;
		return creation_refused(
		    c, "admission_check_negative",
		    "L'examen d'admissibilité est négatif : le ménage ne peut être admis.",
		    "The admission check is negative: the household cannot be admitted.", reasons);
	}
	/*
	 * A positive check is fresh for its own start date (core/elig judged
	 * its age); once that date has passed the convention could no longer
	 * be signed before the unit is made available: check again.
	 */
	if (f->start < c->req->today)
		return creation_refused(
		    c, "admission_check_stale",
		    "La date de début de l'examen d'admissibilité est dépassée : un nouvel "
		    "examen est nécessaire.",
		    "The start date of the admission check has passed: a fresh check is "
		    "needed.",
		    NULL);
	if (!f->available)
		return creation_refused(c, "unit_not_available",
					"Le logement n'est pas disponible à l'occupation.",
					"The unit is not available for occupation.", NULL);
	return 0;
}

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

/* What core decides for the draft, stored with it, then its periods and audit. */
static int convention_insert(struct api_ctx *c, struct create_in *in, const struct check_facts *f)
{
	struct params p;
	struct conv_calendar cal;
	struct indem_reduced red;
	struct convention_dates dates;
	if (api_params_load(c, f->start, &p, NULL) != 0)
		return -1;
	/* The payment day is printed by the convention: fixed here with the
	 * rest (sql/016), 1..28 so that it exists in every month. */
	int64_t pay_by = p.value[PARAM_PAYMENT_DUE_LAST_DAY];
	if (!conv_calendar(f->start, &p, &cal) || !indem_reduced(&f->indem, &p, &red) ||
	    !convention_dates_of(&cal, CONV_DRAFT, 1, &dates) || pay_by < 1 || pay_by > 28)
		return api_problem(c, 422, "parameter-invalid", "Parameter invalid",
				   "the legal parameters in force on the start date give no valid "
				   "calendar or indemnity",
				   NULL);

	char op[API_ID_LEN], unit[API_ID_LEN], household[API_ID_LEN], check[API_ID_LEN],
	    uid[API_ID_LEN];
	char s[BDATE_ISO_LEN], fe[BDATE_ISO_LEN], dl[BDATE_ISO_LEN];
	char mp[12], pm[24], nm[12], ld[12], base[API_ID_LEN], basis[API_ID_LEN], cap[API_ID_LEN],
	    pct[12], reduced[API_ID_LEN], pd[API_ID_LEN];
	api_id_text(c->user.operator_id, op);
	api_id_text(f->unit, unit);
	api_id_text(f->household, household);
	api_id_text(in->body.admission_check_id, check);
	api_id_text(c->user.id, uid);
	bdate_format_iso(f->start, s);
	bdate_format_iso(dates.final_end, fe);
	bdate_format_iso(dates.deadline, dl);
	snprintf(mp, sizeof mp, "%d", cal.n_periods);
	api_id_text(p.value[PARAM_PERIOD_MONTHS], pm);
	snprintf(nm, sizeof nm, "%d", cal.notice_months);
	snprintf(ld, sizeof ld, "%d", cal.lead_working_days);
	api_id_text(f->indem.base, base);
	/* The household's figure, also when the cap does not apply (core's basis is then 0). */
	api_id_text(f->basis_amount, basis);
	api_id_text(red.cap, cap);
	snprintf(pct, sizeof pct, "%d", red.cap_percent);
	api_id_text(red.reduced, reduced);
	api_id_text(pay_by, pd);
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
			     f->basis_name,
			     basis,
			     red.cap_applies ? "t" : "f",
			     pct,
			     cap,
			     reduced,
			     uid,
			     pd};
	PGresult *r = api_db_exec(
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
	char ids[API_ID_LEN];
	api_id_text(in->id, ids);
	if (insert_periods(c, ids, &cal) != 0)
		return -1;
	in->after = api_get_doc(c, "convention_docs", "convention", in->id);
	if (in->after == NULL)
		return -1;
	return api_audit(c, "convention.create", "convention", ids, NULL, in->after);
}

static int create_tx(struct api_ctx *c, void *arg)
{
	struct create_in *in = arg;
	struct check_facts f = {0};
	int rc = -1;
	free(in->after);
	in->after = NULL;
	/* Locks in api_internal.h's order: the household, before its convention. */
	if (check_load(c, in->body.admission_check_id, &f) != 0 ||
	    api_household_lock(c, f.household) != 0 || check_usable(c, &f) != 0 ||
	    convention_insert(c, in, &f) != 0)
		goto out;
	rc = 0;
out:
	json_decref(f.reasons);
	return rc;
}

static int create_location(struct api_ctx *c, int64_t id)
{
	char loc[64];
	snprintf(loc, sizeof loc, "/api/v1/conventions/%" PRId64, id);
	api_add_header(c, "Location", loc);
	return 0;
}

int h_conventions_create(struct api_ctx *c)
{
	struct create_in in = {0};
	json_t *errors = NULL;
	json_t *body = api_body_object(c);
	int rc = body != NULL ? 0 : -1;
	if (rc == 0)
		in_convention_create_read(body, &in.body, &errors);
	if (rc == 0 && errors != NULL)
		rc = api_problem(c, 422, "validation", "Invalid convention", NULL, errors);
	if (rc == 0)
		rc = api_tx(c, create_tx, &in);
	if (rc == 0)
		rc = create_location(c, in.id);
	if (rc == 0)
		rc = convention_reply(c, 201, in.after);
	free(in.after);
	json_decref(body);
	return rc;
}

/* ---- reading ---- */

int h_convention_get(struct api_ctx *c)
{
	char *doc = api_get_doc(c, "convention_docs", "convention", c->params[0]);
	int rc = doc != NULL ? 0 : -1;
	if (rc == 0)
		rc = convention_reply(c, 200, doc);
	free(doc);
	return rc;
}

int h_conventions_list(struct api_ctx *c)
{
	char state[24], unit[24], household[24];
	json_t *errors = NULL;
	enum conv_state s;
	enum api_lookup has_state = api_query_get(c, "state", state, sizeof state);
	enum api_lookup has_unit = api_query_get(c, "unit_id", unit, sizeof unit);
	enum api_lookup has_household =
	    api_query_get(c, "household_id", household, sizeof household);
	if (has_state == API_LOOKUP_UNREADABLE ||
	    (has_state == API_LOOKUP_FOUND && !conv_state_parse(state, &s)))
		api_field_error(&errors, "state", "enum",
				"must be one of: draft, signed, active, renewed, notice_given, "
				"ended, overstay, cancelled");
	if (has_unit == API_LOOKUP_UNREADABLE ||
	    (has_unit == API_LOOKUP_FOUND && !api_id_valid(unit)))
		api_field_error(&errors, "unit_id", "invalid", "must be an id");
	if (has_household == API_LOOKUP_UNREADABLE ||
	    (has_household == API_LOOKUP_FOUND && !api_id_valid(household)))
		api_field_error(&errors, "household_id", "invalid", "must be an id");
	if (errors != NULL)
		return api_problem(c, 400, "invalid-query", "Invalid query", NULL, errors);
	const char *v[3] = {has_state == API_LOOKUP_FOUND ? state : NULL,
			    has_unit == API_LOOKUP_FOUND ? unit : NULL,
			    has_household == API_LOOKUP_FOUND ? household : NULL};
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
	json_array_foreach(json_object_get(page, "items"), i, item)
	{
		add_allowed_actions(item);
	}
	return api_reply_json(c, 200, page);
}

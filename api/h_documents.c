/*
 * Documents read from what is stored: the convention, the carnet de bord of
 * a unit or a building, each notice letter and the attestation of
 * occupancy (issue 8). The handler gathers the facts, pdfgen/ renders them
 * on this worker thread, and the PDF goes back as an attachment. Every
 * figure pdfgen prints about a decision is the one stored when it was taken
 * (issue 13 item 7): the calendar, the notice run, the indemnity and the
 * parameter values fixed in the convention, never recomputed from today's
 * rules or rows. The surface and maximum occupants come from the unit's
 * rooms (core/crowd).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crowd.h"
#include "documents.h"
#include "ident.h"
#include "indem.h"

/* ---- the strings a document points to ---- */

void doc_init(struct doc *d, struct api_ctx *c)
{
	*d = (struct doc){.c = c};
}

void doc_free(struct doc *d)
{
	for (size_t i = 0; i < d->n_strs; i++)
		free(d->strs[i]);
	free(d->strs);
	d->strs = NULL;
	d->n_strs = d->cap_strs = 0;
}

static const char *keep(struct doc *d, char *s)
{
	if (s != NULL && d->n_strs == d->cap_strs) {
		size_t cap = d->cap_strs ? 2 * d->cap_strs : 64;
		char **strs = realloc(d->strs, cap * sizeof *strs);
		if (strs == NULL) {
			free(s);
			s = NULL;
		} else {
			d->strs = strs;
			d->cap_strs = cap;
		}
	}
	if (s == NULL) {
		d->oom = true;
		return "";
	}
	d->strs[d->n_strs++] = s;
	return s;
}

const char *doc_str(struct doc *d, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return keep(d, s);
}

const char *doc_cell(struct doc *d, PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : keep(d, strdup(PQgetvalue(r, row, col)));
}

static bdate_t cell_date(PGresult *r, int row, int col)
{
	bdate_t d;
	const char *s = PQgetvalue(r, row, col);
	if (PQgetisnull(r, row, col) || !bdate_parse_iso(s, strlen(s), &d))
		return PDFGEN_NO_DATE;
	return d;
}

static int index_of(const char *const *names, const char *name)
{
	for (int i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

static int not_found(struct api_ctx *c, const char *what, int64_t id)
{
	char detail[120];
	snprintf(detail, sizeof detail, "no %s %" PRId64, what, id);
	return api_problem(c, 404, "not-found", "Not found", detail, NULL);
}

/* ---- units ---- */

/* The SQL enums unit_kind and room_kind, in the order of pdfgen's and core/crowd's. */
static const char *const unit_kinds[] = {"house", "apartment", "studio", "room", NULL};
static const char *const room_kinds[] = {"living",  "kitchen", "kitchen_living",
					 "bedroom", "other",   NULL};

static int unit_capacity(struct doc *d, const char *unit, bool collective, struct pdfgen_unit *out)
{
	const char *v[1] = {unit};
	PGresult *r = api_db_exec(d->c,
				  "SELECT kind, area_dm2, habitable, shared FROM rooms"
				  " WHERE unit_id = $1 ORDER BY position",
				  1, v);
	if (r == NULL)
		return -1;
	struct crowd_room rooms[CROWD_MAX_ROOMS];
	int n = PQntuples(r);
	bool ok = n <= CROWD_MAX_ROOMS;
	for (int i = 0; i < n && ok; i++) {
		int kind = index_of(room_kinds, PQgetvalue(r, i, 0));
		rooms[i] = (struct crowd_room){
		    .kind = (enum crowd_room_kind)kind,
		    .area_dm2 = (int32_t)strtol(PQgetvalue(r, i, 1), NULL, 10),
		    .habitable = strcmp(PQgetvalue(r, i, 2), "t") == 0,
		    .shared = strcmp(PQgetvalue(r, i, 3), "t") == 0,
		};
		ok = kind >= 0;
	}
	PQclear(r);
	const struct crowd_unit cu = {.rooms = rooms, .n_rooms = n, .collective = collective};
	struct crowd_capacity cap;
	if (!ok || !crowd_max_occupants(&cu, &cap))
		return api_problem(d->c, 500, "internal", "Internal error",
				   "the unit's rooms are not valid for core/crowd", NULL);
	out->surface_dm2 = cap.habitable_dm2;
	out->max_occupants = cap.max_persons;
	out->max_adults = cap.max_adults;
	out->max_children = cap.max_children;
	return 0;
}

int doc_unit(struct doc *d, int64_t unit_id, bool full, struct pdfgen_unit *out)
{
	char op[24], ids[24];
	snprintf(op, sizeof op, "%" PRId64, d->c->user.operator_id);
	snprintf(ids, sizeof ids, "%" PRId64, unit_id);
	const char *v[2] = {ids, op};
	PGresult *r = api_db_exec(d->c,
				  "SELECT u.name, u.kind, u.street, u.house_number, u.box,"
				  " u.postal_code, u.commune, b.name, u.furnished, u.collective"
				  " FROM units u LEFT JOIN buildings b ON b.id = u.building_id"
				  " WHERE u.id = $1 AND u.operator_id = $2",
				  2, v);
	if (r == NULL)
		return -1;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return not_found(d->c, "unit", unit_id);
	}
	const char *box = doc_cell(d, r, 0, 4);
	*out = (struct pdfgen_unit){
	    .name = doc_cell(d, r, 0, 0),
	    .kind = (enum pdfgen_unit_kind)index_of(unit_kinds, PQgetvalue(r, 0, 1)),
	    .address = {doc_str(d, "%s %s%s%s", PQgetvalue(r, 0, 2), PQgetvalue(r, 0, 3),
				box ? ", boîte " : "", box ? box : ""),
			doc_str(d, "%s %s", PQgetvalue(r, 0, 5), PQgetvalue(r, 0, 6))},
	    .building = doc_cell(d, r, 0, 7),
	    .furnished = strcmp(PQgetvalue(r, 0, 8), "t") == 0,
	};
	bool collective = strcmp(PQgetvalue(r, 0, 9), "t") == 0;
	PQclear(r);
	return full ? unit_capacity(d, ids, collective, out) : 0;
}

/* ---- conventions ---- */

static const char sql_convention[] =
    "SELECT v.state, v.start_date, v.final_end, ac.check_date, v.signed_on, v.activated_on,"
    " v.departure_on, v.periods, v.max_periods, v.period_months, v.notice_months,"
    " v.lead_working_days, ac.ground, v.base_indemnity_cents, v.basis_cents,"
    " v.reduced_indemnity_cents, v.cap_applies, v.cap_percent, v.unit_id, v.household_id,"
    " u.utility_provision_cents, (SELECT w.name FROM accompaniment_plans p"
    "  JOIN users w ON w.id = p.worker_user_id WHERE p.convention_id = v.id),"
    " v.cap_cents, v.payment_due_last_day"
    " FROM conventions v JOIN admission_checks ac ON ac.id = v.admission_check_id"
    " JOIN units u ON u.id = v.unit_id WHERE v.id = $1 AND v.operator_id = $2";

/* The head first, then the partner, the children and the others. */
static const char sql_members[] =
    "SELECT m.id, m.first_name, m.last_name, m.birth_date, m.dependent_child,"
    " m.national_register_number, s.member_id IS NOT NULL, m.sex FROM members m"
    " LEFT JOIN convention_signatories s ON s.convention_id = $1 AND s.member_id = m.id"
    " WHERE m.household_id = $2 ORDER BY m.relation, m.id";

static int members_load(struct doc *d, const char *conv, const char *household,
			struct doc_conv *out)
{
	const char *v[2] = {conv, household};
	PGresult *r = api_db_exec(d->c, sql_members, 2, v);
	if (r == NULL)
		return -1;
	int n = PQntuples(r);
	if (n > DOC_MAX_PERSONS) {
		PQclear(r);
		return api_problem(d->c, 422, "document-invalid", "Document cannot be made",
				   "the household has more members than a document holds", NULL);
	}
	/* Before the signature, the parties are those who will sign. */
	bool signed_ = out->signed_on != PDFGEN_NO_DATE;
	out->n_members = out->n_signatories = 0;
	for (int i = 0; i < n; i++) {
		struct doc_member *m = &out->members[out->n_members++];
		/* The same rule as the JSON: in full or masked by the caller's role. */
		char nrn[IDENT_NRN_FMT_LEN];
		bool has_nrn = !PQgetisnull(r, i, 5);
		if (has_nrn)
			(void)api_nrn_shown(d->c, PQgetvalue(r, i, 5), nrn);
		m->id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
		m->dependent_child = strcmp(PQgetvalue(r, i, 4), "t") == 0;
		m->person = (struct pdfgen_person){
		    .name = doc_str(d, "%s %s", PQgetvalue(r, i, 1), PQgetvalue(r, i, 2)),
		    .birth = cell_date(r, i, 3),
		    .nrn = has_nrn ? doc_str(d, "%s", nrn) : NULL,
		    /* member_sex is NOT NULL: 'F' or 'M' */
		    .sex =
			strcmp(PQgetvalue(r, i, 7), "F") == 0 ? PDFGEN_SEX_FEMALE : PDFGEN_SEX_MALE,
		};
		bool signs = signed_ ? strcmp(PQgetvalue(r, i, 6), "t") == 0 : !m->dependent_child;
		if (signs) {
			out->signatory_ids[out->n_signatories] = m->id;
			out->signatories[out->n_signatories++] = m->person;
		}
	}
	PQclear(r);
	return 0;
}

/* The calendar stored at creation (convention_periods), every period the
 * parameters allowed, with the notice figures fixed in the convention. */
static int calendar_load(struct doc *d, const char *conv, struct doc_conv *out)
{
	const char *v[1] = {conv};
	PGresult *r =
	    api_db_exec(d->c,
			"SELECT start_on, end_on, latest_notification, posting_deadline"
			" FROM convention_periods WHERE convention_id = $1 ORDER BY number",
			1, v);
	if (r == NULL)
		return -1;
	int n = PQntuples(r);
	struct conv_calendar *cal = &out->cal;
	*cal = (struct conv_calendar){
	    .start = out->start,
	    .n_periods = n,
	    .notice_months = (int)out->params.value[PARAM_NOTICE_MONTHS],
	    .lead_working_days = (int)out->params.value[PARAM_REGISTERED_MAIL_LEAD_DAYS],
	};
	bool ok = n >= 1 && n <= CONV_MAX_PERIODS && n == out->max_periods;
	for (int k = 0; k < n && ok; k++) {
		cal->period[k] = (struct conv_period){
		    .start = cell_date(r, k, 0),
		    .end = cell_date(r, k, 1),
		    .latest_notification = cell_date(r, k, 2),
		    .posting_deadline = cell_date(r, k, 3),
		};
		ok = cal->period[k].start != PDFGEN_NO_DATE &&
		     cal->period[k].end != PDFGEN_NO_DATE &&
		     cal->period[k].latest_notification != PDFGEN_NO_DATE &&
		     cal->period[k].posting_deadline != PDFGEN_NO_DATE;
	}
	PQclear(r);
	if (!ok)
		return api_problem(d->c, 500, "internal", "Internal error",
				   "unreadable convention calendar", NULL);
	return 0;
}

int doc_convention(struct doc *d, int64_t id, bool full_unit, struct doc_conv *out)
{
	struct api_ctx *c = d->c;
	char op[24], ids[24], household[24];
	snprintf(op, sizeof op, "%" PRId64, c->user.operator_id);
	snprintf(ids, sizeof ids, "%" PRId64, id);
	const char *v[2] = {ids, op};
	PGresult *r = api_db_exec(c, sql_convention, 2, v);
	if (r == NULL)
		return -1;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return not_found(c, "convention", id);
	}
	memset(out, 0, sizeof *out);
	out->id = id;
	bool ok = conv_state_parse(PQgetvalue(r, 0, 0), &out->state);
	out->start = cell_date(r, 0, 1);
	out->final_end = cell_date(r, 0, 2);
	out->check_date = cell_date(r, 0, 3);
	out->signed_on = cell_date(r, 0, 4);
	out->activated_on = cell_date(r, 0, 5);
	out->departure_on = cell_date(r, 0, 6);
	out->periods = atoi(PQgetvalue(r, 0, 7));
	out->max_periods = atoi(PQgetvalue(r, 0, 8));
	int64_t calendar[4];
	for (int k = 0; k < 4; k++)
		calendar[k] = strtoll(PQgetvalue(r, 0, 8 + k), NULL, 10);
	out->ground = doc_cell(d, r, 0, 12);
	out->base = strtoll(PQgetvalue(r, 0, 13), NULL, 10);
	out->basis = strtoll(PQgetvalue(r, 0, 14), NULL, 10);
	out->reduced = strtoll(PQgetvalue(r, 0, 15), NULL, 10);
	out->cap_applies = strcmp(PQgetvalue(r, 0, 16), "t") == 0;
	int64_t cap_percent = strtoll(PQgetvalue(r, 0, 17), NULL, 10);
	out->unit_id = strtoll(PQgetvalue(r, 0, 18), NULL, 10);
	snprintf(household, sizeof household, "%s", PQgetvalue(r, 0, 19));
	out->provision = strtoll(PQgetvalue(r, 0, 20), NULL, 10);
	out->worker = doc_cell(d, r, 0, 21);
	int64_t cap = strtoll(PQgetvalue(r, 0, 22), NULL, 10);
	int64_t pay_by = strtoll(PQgetvalue(r, 0, 23), NULL, 10);
	PQclear(r);
	if (!ok || out->start == PDFGEN_NO_DATE || out->final_end == PDFGEN_NO_DATE ||
	    out->ground == NULL)
		return api_problem(c, 500, "internal", "Internal error", "unreadable convention",
				   NULL);
	out->reference = doc_str(d, "CONV-%d-%04" PRId64, bdate_to_ymd(out->start).year, out->id);

	/*
	 * Documents print what was decided (issue 13 item 7): the parameter
	 * values the convention fixed at its creation, never the rows in force
	 * today, which a later row or a correction may have changed. The other
	 * keys stay 0: no document reads them.
	 */
	out->params.value[PARAM_MAX_PERIODS] = calendar[0];
	out->params.value[PARAM_PERIOD_MONTHS] = calendar[1];
	out->params.value[PARAM_NOTICE_MONTHS] = calendar[2];
	out->params.value[PARAM_REGISTERED_MAIL_LEAD_DAYS] = calendar[3];
	out->params.value[PARAM_INDEMNITY_CAP_PERCENT] = cap_percent;
	out->params.value[PARAM_PAYMENT_DUE_LAST_DAY] = pay_by;
	/* The indemnity as stored, in core/indem's terms: the cap set the
	 * amount when it is below the base. */
	out->red = (struct indem_reduced){
	    .cap_applies = out->cap_applies,
	    .cap_percent = (int)cap_percent,
	    .basis = out->cap_applies ? out->basis : 0,
	    .cap = cap,
	    .capped = out->cap_applies && cap < out->base,
	    .reduced = out->reduced,
	};
	if (calendar_load(d, ids, out) != 0)
		return -1;

	if (doc_unit(d, out->unit_id, full_unit, &out->unit) != 0)
		return -1;
	return members_load(d, ids, household, out);
}

int doc_not_applicable(struct api_ctx *c, const char *detail)
{
	return api_problem(c, 422, "document-not-applicable", "Document not applicable", detail,
			   NULL);
}

int doc_reply(struct doc *d, int rc, struct pdfgen_result *res, const char *filename)
{
	struct api_ctx *c = d->c;
	if (rc != 0) {
		free(res->pdf);
		if (res->err == PDFGEN_EINPUT)
			return api_problem(c, 422, "document-invalid", "Document cannot be made",
					   res->message, NULL);
		return api_problem(c, 500, "document-failed", "Document failed", res->message,
				   NULL);
	}
	char disposition[160], replaced[24];
	snprintf(disposition, sizeof disposition, "attachment; filename=\"%s\"", filename);
	api_reply_text(c, 200, "application/pdf", (char *)res->pdf, res->size);
	res->pdf = NULL;
	api_add_header(c, "Content-Disposition", disposition);
	if (res->replaced > 0) {
		/* A name lost a letter: say how many, never which. */
		snprintf(replaced, sizeof replaced, "%zu", res->replaced);
		api_add_header(c, "X-Transitd-Replaced-Characters", replaced);
	}
	return 0;
}

/* Renders only when everything handed to pdfgen could be copied. */
static int render_failed_oom(struct doc *d)
{
	return api_problem(d->c, 500, "internal", "Internal error", "out of memory", NULL);
}

/* ---- the convention ---- */

/* The admission check's grounds by enum pdfgen_ground, NULL-terminated. */
static const char *const grounds[PDFGEN_GROUND_COUNT + 1] = {
    [PDFGEN_GROUND_SINGLE] = "P-a",
    [PDFGEN_GROUND_SEVERAL] = "P-b",
    [PDFGEN_GROUND_DEBT_MEDIATION] = "P-c",
    [PDFGEN_GROUND_FORCE_MAJEURE] = "F",
};

/* The accompaniment plan as one row of the table: its lists, one item a line. */
static const char sql_plan[] =
    "SELECT (SELECT string_agg(m.first_name || ' ' || m.last_name, E'\\n'"
    "  ORDER BY m.relation, m.id) FROM accompaniment_plan_persons pp"
    "  JOIN members m ON m.id = pp.member_id WHERE pp.convention_id = p.convention_id),"
    " (SELECT string_agg('– ' || t.x, E'\\n' ORDER BY t.n)"
    "  FROM unnest(p.objectives) WITH ORDINALITY t(x, n)),"
    " (SELECT string_agg('– ' || t.x, E'\\n' ORDER BY t.n)"
    "  FROM unnest(p.initiatives) WITH ORDINALITY t(x, n)),"
    " (SELECT string_agg('– ' || t.x, E'\\n' ORDER BY t.n)"
    "  FROM unnest(p.indicators) WITH ORDINALITY t(x, n)),"
    " p.rental_guarantee_target_cents"
    " FROM accompaniment_plans p WHERE p.convention_id = $1";

static int plan_load(struct doc *d, const struct doc_conv *v, struct pdfgen_plan_row *row,
		     size_t *n_rows, int64_t *target)
{
	char ids[24];
	snprintf(ids, sizeof ids, "%" PRId64, v->id);
	const char *p[1] = {ids};
	PGresult *r = api_db_exec(d->c, sql_plan, 1, p);
	if (r == NULL)
		return -1;
	*n_rows = (size_t)PQntuples(r);
	*target = 0;
	if (*n_rows == 1) {
		*row = (struct pdfgen_plan_row){doc_cell(d, r, 0, 0), doc_cell(d, r, 0, 1),
						doc_cell(d, r, 0, 2), doc_cell(d, r, 0, 3)};
		*target = strtoll(PQgetvalue(r, 0, 4), NULL, 10);
	}
	PQclear(r);
	return 0;
}

int h_convention_document(struct api_ctx *c)
{
	struct doc d;
	struct doc_conv v;
	struct pdfgen_result res = {0};
	struct pdfgen_person children[DOC_MAX_PERSONS];
	struct pdfgen_plan_row plan;
	size_t n_children = 0, n_plan = 0;
	int64_t target = 0;
	doc_init(&d, c);
	int rc = doc_convention(&d, c->params[0], true, &v);
	if (rc == 0)
		rc = doc_operator(&d, true);
	if (rc == 0)
		rc = plan_load(&d, &v, &plan, &n_plan, &target);
	if (rc != 0)
		goto out;
	for (size_t i = 0; i < v.n_members; i++)
		if (v.members[i].dependent_child)
			children[n_children++] = v.members[i].person;
	int ground = index_of(grounds, v.ground);
	if (ground < 0) {
		rc = api_problem(c, 500, "internal", "Internal error", "unknown admission ground",
				 NULL);
		goto out;
	}
	/* The communication's number is SQL's convention_communication()
	 * (sql/017), the one payment_record() matches payments with. */
	char ogm_base[24], conv_id[API_ID_LEN];
	snprintf(ogm_base, sizeof ogm_base, "%" PRIu64, d.ogm_base);
	api_id_text(v.id, conv_id);
	const char *ov[2] = {ogm_base, conv_id};
	PGresult *cr = api_db_exec(c, "SELECT convention_communication($1, $2)", 2, ov);
	if (cr == NULL) {
		rc = -1;
		goto out;
	}
	uint64_t ogm = strtoull(PQgetvalue(cr, 0, 0), NULL, 10);
	PQclear(cr);
	if (ogm > IDENT_OGM_MAX_BASE) {
		json_t *errors = NULL;
		api_field_error(&errors, "ogm_base", "too-large",
				"the base plus the convention's id exceeds the 10 digits of a "
				"structured communication: lower it");
		rc = api_problem(c, 422, "operator-profile-incomplete", "Operator details missing",
				 NULL, errors);
		goto out;
	}
	const struct pdfgen_convention in = {
	    .op = d.op,
	    .reference = v.reference,
	    .signatories = v.signatories,
	    .n_signatories = v.n_signatories,
	    .children = children,
	    .n_children = n_children,
	    .unit = v.unit,
	    .ground = (enum pdfgen_ground)ground,
	    .admission_checked_on = v.check_date,
	    .start = v.start,
	    .signed_on = v.signed_on,
	    .params = &v.params,
	    .calendar = &v.cal,
	    .reduced = &v.red,
	    .base = v.base,
	    .subsidised = v.cap_applies,
	    .revenues = v.basis,
	    .resources = v.basis,
	    .provision = v.provision,
	    .ogm_base = ogm,
	    /* A line to fill in by hand with the worker's name: a user has
	     * only a login, which a document never prints. */
	    .worker = "……………………………………",
	    .plan = &plan,
	    .n_plan = n_plan,
	    .guarantee_target = target,
	};
	if (d.oom) {
		rc = render_failed_oom(&d);
		goto out;
	}
	char name[64];
	snprintf(name, sizeof name, "convention-%" PRId64 ".pdf", v.id);
	rc = doc_reply(&d, pdfgen_convention(&in, &res), &res, name);
out:
	doc_free(&d);
	return rc;
}

/* ---- carnet de bord ---- */

static const char sql_entries[] =
    "SELECT e.kind, e.entry_date, e.problem, e.location, e.measure, e.informed_whom,"
    " e.informed_on, e.action_taken, e.action_by, e.action_on, e.occupant_consent,"
    " e.smoke_detectors_ok, e.differentials_ok, e.guard_rails_ok,"
    " e.instructions_handed_over, k.entry_date, a.name"
    " FROM logbook_entries e JOIN users a ON a.id = e.author_id"
    " LEFT JOIN logbook_entries k ON k.id = e.corrects_id";

static const char *yes_no(PGresult *r, int row, int col, const char *yes, const char *no)
{
	return strcmp(PQgetvalue(r, row, col), "t") == 0 ? yes : no;
}

/* The "problem found" column says what kind of entry it is when the kind
 * carries more than its text (rules.md section 7). */
static const char *entry_problem(struct doc *d, PGresult *r, int i)
{
	const char *kind = PQgetvalue(r, i, 0);
	const char *problem = doc_cell(d, r, i, 2);
	const char *what;
	if (strcmp(kind, "visit") == 0) {
		what = PQgetisnull(r, i, 10)
			   ? "Visite."
			   : yes_no(r, i, 10, "Visite, avec l'accord exprès de l'occupant.",
				    "Visite : l'occupant n'a pas donné son accord pour entrer "
				    "dans le logement.");
	} else if (strcmp(kind, "safety_check") == 0) {
		what = doc_str(d,
			       "Contrôle de sécurité avant l'entrée dans les lieux : détecteurs "
			       "de fumée %s ; différentiels %s ; garde-corps %s ; mode d'emploi "
			       "des détecteurs %s.",
			       yes_no(r, i, 11, "en ordre", "NON conformes"),
			       yes_no(r, i, 12, "testés", "NON conformes"),
			       yes_no(r, i, 13, "conformes", "NON conformes"),
			       yes_no(r, i, 14, "remis à l'occupant", "NON remis"));
	} else if (strcmp(kind, "correction") == 0) {
		char on[BDATE_FR_LEN];
		bdate_format_fr(cell_date(r, i, 15), on);
		what = doc_str(d, "Rectifie l'entrée du %s%s", on, problem ? " :" : ".");
	} else {
		return problem;
	}
	return problem ? doc_str(d, "%s\n%s", what, problem) : what;
}

static int logbook_document(struct api_ctx *c, bool building)
{
	struct doc d;
	struct pdfgen_result res = {0};
	struct pdfgen_logbook in = {.building = building, .printed_on = c->req->today};
	struct pdfgen_logbook_entry *entries = NULL;
	PGresult *r = NULL;
	char ids[24], op[24];
	int64_t id = c->params[0];
	snprintf(ids, sizeof ids, "%" PRId64, id);
	snprintf(op, sizeof op, "%" PRId64, c->user.operator_id);
	doc_init(&d, c);
	int rc = 0;
	if (building) {
		const char *v[2] = {ids, op};
		r = api_db_exec(c,
				"SELECT name, street, house_number, postal_code, commune"
				" FROM buildings WHERE id = $1 AND operator_id = $2",
				2, v);
		if (r == NULL || PQntuples(r) != 1) {
			rc = r == NULL ? -1 : not_found(c, "building", id);
			goto out;
		}
		in.subject = doc_cell(&d, r, 0, 0);
		in.address = (struct pdfgen_address){
		    doc_str(&d, "%s %s", PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2)),
		    doc_str(&d, "%s %s", PQgetvalue(r, 0, 3), PQgetvalue(r, 0, 4))};
		PQclear(r);
		r = NULL;
	} else {
		struct pdfgen_unit unit;
		if ((rc = doc_unit(&d, id, false, &unit)) != 0)
			goto out;
		in.subject = unit.name;
		in.address = unit.address;
	}
	if ((rc = doc_operator(&d, false)) != 0)
		goto out;
	in.op = d.op;
	char sql[sizeof sql_entries + 80];
	snprintf(sql, sizeof sql, "%s WHERE e.%s = $1 ORDER BY e.entry_date, e.id", sql_entries,
		 building ? "building_id" : "unit_id");
	const char *v[1] = {ids};
	if ((r = api_db_exec(c, sql, 1, v)) == NULL) {
		rc = -1;
		goto out;
	}
	size_t n = (size_t)PQntuples(r);
	entries = calloc(n ? n : 1, sizeof *entries);
	if (entries == NULL) {
		rc = render_failed_oom(&d);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		int row = (int)i;
		const char *location = doc_cell(&d, r, row, 3);
		entries[i] = (struct pdfgen_logbook_entry){
		    .date = cell_date(r, row, 1),
		    .problem = entry_problem(&d, r, row),
		    .location = location ? location : "—",
		    .measure = doc_cell(&d, r, row, 4),
		    .informed = doc_cell(&d, r, row, 5),
		    .informed_on = cell_date(r, row, 6),
		    .action = doc_cell(&d, r, row, 7),
		    .action_by = doc_cell(&d, r, row, 8),
		    .action_on = cell_date(r, row, 9),
		    .author = doc_cell(&d, r, row, 16),
		};
	}
	in.entries = entries;
	in.n_entries = n;
	if (d.oom) {
		rc = render_failed_oom(&d);
		goto out;
	}
	char name[64];
	snprintf(name, sizeof name, "carnet-de-bord-%s-%" PRId64 ".pdf",
		 building ? "immeuble" : "logement", id);
	rc = doc_reply(&d, pdfgen_logbook(&in, &res), &res, name);
out:
	PQclear(r);
	free(entries);
	doc_free(&d);
	return rc;
}

int h_unit_logbook_document(struct api_ctx *c)
{
	return logbook_document(c, false);
}

int h_building_logbook_document(struct api_ctx *c)
{
	return logbook_document(c, true);
}

/* ---- notice letters ---- */

int h_notice_letter(struct api_ctx *c)
{
	struct doc d;
	struct doc_conv v;
	struct pdfgen_result res = {0};
	struct pdfgen_person others[DOC_MAX_PERSONS];
	size_t n_others = 0;
	int64_t member = c->params[1];
	int period = 0;
	bdate_t posted = PDFGEN_NO_DATE;
	struct conv_reach reach = {0};
	const struct pdfgen_person *addressee = NULL;
	doc_init(&d, c);
	int rc = doc_convention(&d, c->params[0], false, &v);
	if (rc != 0)
		goto out;
	char ids[24];
	snprintf(ids, sizeof ids, "%" PRId64, v.id);
	const char *p[1] = {ids};
	PGresult *r =
	    api_db_exec(c,
			"SELECT n.period, l.member_id, l.posted_on, l.notified_on, n.run_from,"
			" n.run_to, n.end_date FROM convention_notices n"
			" JOIN convention_notice_letters l ON l.notice_id = n.id"
			" WHERE n.convention_id = $1 ORDER BY l.member_id",
			1, p);
	if (r == NULL) {
		rc = -1;
		goto out;
	}
	for (int i = 0; i < PQntuples(r); i++) {
		int64_t to = strtoll(PQgetvalue(r, i, 1), NULL, 10);
		const struct pdfgen_person *person = NULL;
		for (size_t k = 0; k < v.n_members && person == NULL; k++)
			if (v.members[k].id == to)
				person = &v.members[k].person;
		if (person == NULL)
			continue;
		if (to == member) {
			addressee = person;
			period = atoi(PQgetvalue(r, i, 0)) - 1;
			posted = cell_date(r, i, 2);
			/* The notice as recorded: this letter's deemed notification,
			 * the run of the whole notice and the end it gives. */
			reach = (struct conv_reach){
			    .notified_on = cell_date(r, i, 3),
			    .run_from = cell_date(r, i, 4),
			    .run_to = cell_date(r, i, 5),
			    .period = period,
			    .end = cell_date(r, i, 6),
			    .posting_deadline = period >= 0 && period < v.cal.n_periods
						    ? v.cal.period[period].posting_deadline
						    : PDFGEN_NO_DATE,
			};
		} else if (n_others < DOC_MAX_PERSONS) {
			others[n_others++] = *person;
		}
	}
	bool any = PQntuples(r) > 0;
	PQclear(r);
	if (addressee == NULL) {
		char detail[160];
		if (any)
			snprintf(detail, sizeof detail,
				 "the notice of convention %" PRId64
				 " has no letter to member %" PRId64,
				 v.id, member);
		else
			snprintf(detail, sizeof detail,
				 "convention %" PRId64 " has no notice recorded", v.id);
		rc = api_problem(c, 404, "not-found", "Not found", detail, NULL);
		goto out;
	}
	if ((rc = doc_operator(&d, false)) != 0)
		goto out;
	const struct pdfgen_notice in = {
	    .op = d.op,
	    .reference = v.reference,
	    .unit = v.unit,
	    .addressee = *addressee,
	    .addressee_address = v.unit.address,
	    .others = others,
	    .n_others = n_others,
	    .start = v.start,
	    .params = &v.params,
	    .calendar = &v.cal,
	    .reach = &reach,
	    .period = period,
	    .posted_on = posted,
	    .base = v.base,
	    .exit_inventory_on = PDFGEN_NO_DATE,
	    .worker = NULL, /* v.worker is a login: "Le travailleur social" */
	};
	if (d.oom) {
		rc = render_failed_oom(&d);
		goto out;
	}
	char name[80];
	snprintf(name, sizeof name, "preavis-%" PRId64 "-membre-%" PRId64 ".pdf", v.id, member);
	rc = doc_reply(&d, pdfgen_notice(&in, &res), &res, name);
out:
	doc_free(&d);
	return rc;
}

/* ---- attestation of occupancy ---- */

int h_convention_attestation(struct api_ctx *c)
{
	struct doc d;
	struct doc_conv v;
	struct pdfgen_result res = {0};
	struct pdfgen_person members[DOC_MAX_PERSONS];
	doc_init(&d, c);
	int rc = doc_convention(&d, c->params[0], false, &v);
	if (rc != 0)
		goto out;
	if (v.activated_on == PDFGEN_NO_DATE) {
		char detail[160];
		snprintf(detail, sizeof detail,
			 "the household has not entered the unit: the convention is %s",
			 conv_state_name(v.state));
		rc = doc_not_applicable(c, detail);
		goto out;
	}
	if ((rc = doc_operator(&d, false)) != 0)
		goto out;
	for (size_t i = 0; i < v.n_members; i++)
		members[i] = v.members[i].person;
	const struct pdfgen_attestation in = {
	    .op = d.op,
	    .reference = v.reference,
	    .unit = v.unit,
	    .members = members,
	    .n_members = v.n_members,
	    .since = v.activated_on,
	    .until = v.departure_on,
	    .overstay = v.state == CONV_OVERSTAY,
	    .ended_on = v.final_end,
	    .dated = c->req->today,
	};
	if (d.oom) {
		rc = render_failed_oom(&d);
		goto out;
	}
	char name[64];
	snprintf(name, sizeof name, "attestation-occupation-%" PRId64 ".pdf", v.id);
	rc = doc_reply(&d, pdfgen_attestation(&in, &res), &res, name);
out:
	doc_free(&d);
	return rc;
}

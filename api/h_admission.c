/*
 * Admission checks: POST /households/{id}/admission-checks judges the
 * household for one unit and one start date with core/elig (the rules of
 * admission) and core/crowd (the unit fits the household), with the legal
 * parameters in force on the start date, and stores the verdict as an
 * immutable snapshot, admissible or not (201 either way: a refusal is a
 * decision worth keeping, with its reasons).
 *
 * Dates: the check is dated today (the daemon's clock). A start date before
 * today, or more than admission_check_max_age_days after it, is refused as
 * invalid input (422, nothing stored): such a check could never support a
 * convention (rules.md section 1), so it is not a decision about the
 * household. Ages, for both rules, are taken on the start date: the date
 * at which the household must be admissible and will occupy the unit.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "crowd.h"
#include "elig.h"
#include "households.h"
#include "input.h"

_Static_assert(HOUSEHOLD_MAX_MEMBERS <= ELIG_MAX_MEMBERS &&
		   HOUSEHOLD_MAX_MEMBERS <= CROWD_MAX_MEMBERS &&
		   HOUSEHOLD_MAX_INCOMES <= ELIG_MAX_INCOMES,
	       "a household the API accepts must be one core/ can judge");

/* Indexed like in_admission_grounds. */
static const enum elig_ask asks[] = {ELIG_ASK_P, ELIG_ASK_F, ELIG_ASK_ANY};

/* Indexed like household_relations / household_fm_categories / ... */
static const enum elig_relation elig_relations[] = {ELIG_HEAD, ELIG_PARTNER, ELIG_CHILD,
						    ELIG_OTHER};
static const enum elig_fm_category fm_categories[] = {ELIG_FM_NATURAL,	 ELIG_FM_COMMUNITY,
						      ELIG_FM_AUTHORITY, ELIG_FM_THIRD_PARTY,
						      ELIG_FM_ACCIDENT,	 ELIG_FM_SOCIAL_EMERGENCY};
static const enum elig_degradation_reason degradation_reasons[] = {
    ELIG_DEGRADATION_EXCEPTIONAL, ELIG_DEGRADATION_WORK_INCAPACITY, ELIG_DEGRADATION_UNEMPLOYMENT,
    ELIG_DEGRADATION_PRE_PENSION, ELIG_DEGRADATION_RETIREMENT};

static const char *const ris_heads[] = {
    [ELIG_RIS_ISOLATED] = "isolated", [ELIG_RIS_FAMILY] = "family", [ELIG_RIS_COUPLE] = "couple"};

/* The request, and what the transaction reads and decides. */
struct check {
	int64_t household, id;
	struct in_admission_check req; /* unit, ground asked, start date */
	struct params p;
	json_t *param_rows; /* every row in force on the start date */
	char *after;

	struct crowd_room rooms[CROWD_MAX_ROOMS];
	struct crowd_unit crowd_unit;
	json_t *rooms_json; /* the rooms as evaluated */
	int64_t member_ids[HOUSEHOLD_MAX_MEMBERS];
	struct crowd_member crowd_members[HOUSEHOLD_MAX_MEMBERS];
	struct elig_member members[HOUSEHOLD_MAX_MEMBERS];
	struct elig_income incomes[HOUSEHOLD_MAX_INCOMES];
	struct elig_input in;
	struct crowd_result crowd;
	struct elig_result elig;
};

static int invalid_field(struct api_ctx *c, const char *field, const char *code, const char *msg)
{
	json_t *errors = NULL;
	api_field_error(&errors, field, code, msg);
	return api_problem(c, 422, "validation", "Invalid admission check", NULL, errors);
}

static int not_judgeable(struct api_ctx *c, const char *why)
{
	char detail[200];
	snprintf(detail, sizeof detail, "the household or the unit cannot be judged: %s", why);
	return api_problem(c, 422, "admission-input-invalid", "Household or unit incomplete",
			   detail, NULL);
}

static bool sql_bool(PGresult *r, int row, int col)
{
	return PQgetvalue(r, row, col)[0] == 't';
}

static int64_t sql_int(PGresult *r, int row, int col)
{
	return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

/* The rooms of the unit (text id), as core/crowd sees them and as stored
 * with the check. */
static int load_rooms(struct api_ctx *c, struct check *k, const char *unit, bool collective)
{
	const char *v[1] = {unit};
	int rc = -1;
	PGresult *r = api_db_exec(c,
				  "SELECT position, name, kind, area_dm2, habitable, shared FROM rooms"
				  " WHERE unit_id = $1 ORDER BY position",
				  1, v);
	if (r == NULL)
		goto out;
	int n = PQntuples(r);
	if (n > CROWD_MAX_ROOMS) {
		not_judgeable(c, "unit: too many rooms");
		goto out;
	}
	k->rooms_json = json_array();
	for (int i = 0; i < n; i++) {
		/* a kind unknown here (none: room_kind is an SQL enum) counts as other */
		(void)api_crowd_room(PQgetvalue(r, i, 2), sql_int(r, i, 3), sql_bool(r, i, 4),
				     sql_bool(r, i, 5), &k->rooms[i]);
		json_array_append_new(
		    k->rooms_json,
		    json_pack("{s:I, s:s, s:s, s:I, s:b, s:b}", "position",
			      (json_int_t)sql_int(r, i, 0), "name", PQgetvalue(r, i, 1), "kind",
			      PQgetvalue(r, i, 2), "area_dm2", (json_int_t)sql_int(r, i, 3),
			      "habitable", sql_bool(r, i, 4), "shared", sql_bool(r, i, 5)));
	}
	k->crowd_unit = (struct crowd_unit){k->rooms, n, collective};
	rc = 0;
out:
	PQclear(r);
	return rc;
}

/* The unit of the caller's operator and its rooms, as core/crowd sees them. */
static int load_unit(struct api_ctx *c, struct check *k, const char *op)
{
	char unit[API_ID_LEN];
	api_id_text(k->req.unit, unit);
	const char *v[2] = {unit, op};
	PGresult *r = api_db_exec(c,
				  "SELECT collective, status FROM units WHERE id = $1"
				  " AND operator_id = $2 FOR SHARE",
				  2, v);
	if (r == NULL)
		return -1;
	bool found = PQntuples(r) == 1;
	bool collective = found && sql_bool(r, 0, 0);
	bool withdrawn = found && strcmp(PQgetvalue(r, 0, 1), "withdrawn") == 0;
	PQclear(r);
	if (!found)
		return invalid_field(c, "unit_id", "not-found", "no such unit");
	if (withdrawn)
		return invalid_field(c, "unit_id", "withdrawn",
				     "the unit is withdrawn from service");
	return load_rooms(c, k, unit, collective);
}

static int member_index(const struct check *k, int64_t id)
{
	for (int i = 0; i < k->in.n_members; i++)
		if (k->member_ids[i] == id)
			return i;
	return -1;
}

/* The members of the (locked) household. */
static int load_members(struct api_ctx *c, struct check *k, const char *hh)
{
	const char *v[1] = {hh};
	int rc = -1;
	PGresult *r =
	    api_db_exec(c,
			"SELECT id, birth_date, sex, relation, dependent_child, emancipated"
			" FROM members WHERE household_id = $1 ORDER BY id",
			1, v);
	if (r == NULL)
		goto out;
	int n = PQntuples(r);
	if (n > HOUSEHOLD_MAX_MEMBERS) {
		not_judgeable(c, "household: too many members");
		goto out;
	}
	for (int i = 0; i < n; i++) {
		int rel = api_crowd_member(PQgetvalue(r, i, 1), PQgetvalue(r, i, 2),
					   PQgetvalue(r, i, 3), &k->crowd_members[i]);
		if (rel < 0) {
			api_problem(c, 500, "internal", "Internal error", "unreadable member row",
				    NULL);
			goto out;
		}
		k->member_ids[i] = sql_int(r, i, 0);
		k->members[i] = (struct elig_member){k->crowd_members[i].birth, elig_relations[rel],
						     sql_bool(r, i, 4), sql_bool(r, i, 5)};
	}
	k->in.members = k->members;
	k->in.n_members = n;
	rc = 0;
out:
	PQclear(r);
	return rc;
}

/* The incomes of the (locked) household. */
static int load_incomes(struct api_ctx *c, struct check *k, const char *hh)
{
	const char *v[1] = {hh};
	int rc = -1;
	PGresult *r = api_db_exec(c,
				  "SELECT member_id, basis, taxable, periodicity, amount_cents"
				  " FROM incomes WHERE household_id = $1 ORDER BY id",
				  1, v);
	if (r == NULL)
		goto out;
	int n = PQntuples(r);
	if (n > HOUSEHOLD_MAX_INCOMES) {
		not_judgeable(c, "incomes: too many lines");
		goto out;
	}
	for (int i = 0; i < n; i++) {
		/*
		 * The assessed taxable income is I (P-a / P-b); a current net
		 * income counts in M and R, taxable or not (RIS and allowances).
		 */
		bool assessed = strcmp(PQgetvalue(r, i, 1), "assessed") == 0;
		k->incomes[i] = (struct elig_income){
		    .member = member_index(k, sql_int(r, i, 0)),
		    .kind = assessed		? ELIG_INCOME_ASSESSED
			    : sql_bool(r, i, 2) ? ELIG_INCOME_NET_TAXABLE
						: ELIG_INCOME_NET_EXEMPT,
		    .period =
			strcmp(PQgetvalue(r, i, 3), "annual") == 0 ? ELIG_ANNUAL : ELIG_MONTHLY,
		    .amount = sql_int(r, i, 4),
		};
	}
	k->in.incomes = k->incomes;
	k->in.n_incomes = n;
	rc = 0;
out:
	PQclear(r);
	return rc;
}

/* The records of the (locked) household: debt mediation, patrimony, force
 * majeure, income degradation. */
static int load_records(struct api_ctx *c, struct check *k, const char *hh)
{
	const char *v[1] = {hh};
	/* A dwelling bars precarity unless every one held has its attestation. */
	PGresult *r = api_db_exec(
	    c,
	    "SELECT m.service_name IS NOT NULL, m.approval_reference IS NOT NULL,"
	    " coalesce(m.monthly_charges_cents, 0),"
	    " EXISTS (SELECT 1 FROM patrimony_records p WHERE p.household_id = h.id),"
	    " NOT EXISTS (SELECT 1 FROM patrimony_records p WHERE p.household_id = h.id"
	    "  AND p.attestation_reference IS NULL),"
	    " coalesce(f.category::text, ''), f.justification IS NOT NULL,"
	    " coalesce(cardinality(f.proof_references), 0),"
	    " coalesce(g.reason::text, ''), coalesce(g.six_month_taxable_cents, 0)"
	    " FROM households h LEFT JOIN debt_mediations m ON m.household_id = h.id"
	    " LEFT JOIN force_majeure_records f ON f.household_id = h.id"
	    " LEFT JOIN income_degradations g ON g.household_id = h.id WHERE h.id = $1",
	    1, v);
	if (r == NULL)
		return -1;
	k->in.mediation =
	    (struct elig_mediation){sql_bool(r, 0, 0), sql_bool(r, 0, 1), sql_int(r, 0, 2)};
	k->in.patrimony = (struct elig_patrimony){sql_bool(r, 0, 3), sql_bool(r, 0, 4)};
	int fm = api_enum_index(household_fm_categories, PQgetvalue(r, 0, 5));
	k->in.force_majeure = (struct elig_force_majeure){
	    fm >= 0 ? fm_categories[fm] : ELIG_FM_NONE, sql_bool(r, 0, 6), (int)sql_int(r, 0, 7)};
	int why = api_enum_index(household_degradation_reasons, PQgetvalue(r, 0, 8));
	k->in.degradation =
	    (struct elig_degradation){why >= 0 ? degradation_reasons[why] : ELIG_DEGRADATION_NONE,
				      why >= 0 ? sql_int(r, 0, 9) : 0};
	PQclear(r);
	return 0;
}

static void put_int(json_t *o, const char *key, int64_t v)
{
	json_object_set_new(o, key, json_integer((json_int_t)v));
}

static json_t *ground_json(enum elig_ground g)
{
	return g == ELIG_GROUND_NONE ? json_null() : json_string(elig_ground_name(g));
}

/* The core verdict with every figure, as stored and served. */
static json_t *decision_json(const struct elig_result *e)
{
	json_t *o = json_object();
	json_object_set_new(o, "admissible", json_boolean(e->admissible));
	json_object_set_new(o, "ground", ground_json(e->ground));
	json_object_set_new(o, "category", ground_json(e->category));
	json_object_set_new(o, "unit_checked", json_boolean(e->unit_checked));
	put_int(o, "members", e->n_members);
	put_int(o, "adults", e->n_adults);
	put_int(o, "dependent_children", e->n_children);
	put_int(o, "ceiling_base_cents", e->ceiling_base);
	put_int(o, "ceiling_child_increase_cents", e->ceiling_child_increase);
	put_int(o, "ceiling_cents", e->ceiling);
	put_int(o, "taxable_income_cents", e->taxable_income);
	json_object_set_new(o, "degradation_applied", json_boolean(e->degradation_applied));
	put_int(o, "degradation_annual_cents", e->degradation_annual);
	put_int(o, "income_tested_cents", e->income_tested);
	put_int(o, "monthly_revenues_cents", e->monthly_revenues);
	put_int(o, "monthly_taxable_cents", e->monthly_taxable);
	put_int(o, "monthly_exempt_cents", e->monthly_exempt);
	put_int(o, "debt_charges_cents", e->debt_charges);
	put_int(o, "resources_cents", e->resources);
	json_object_set_new(o, "ris_head", json_string(ris_heads[e->ris_head]));
	put_int(o, "ris_head_amount_cents", e->ris_head_amount);
	put_int(o, "ris_extra_cohabitants", e->ris_extra_cohabitants);
	put_int(o, "ris_reference_cents", e->ris_reference);
	put_int(o, "ris_percent", e->ris_percent);
	/* percent x cents: the P-c limit exactly (2102712 x 100 for 2 102,712 €) */
	put_int(o, "pc_limit_cents_x100", e->pc_limit_x100);
	put_int(o, "check_age_days", e->check_age_days);
	json_object_set_new(o, "indemnity_basis",
			    json_string(e->indemnity_basis == ELIG_BASIS_R ? "monthly_resources"
									   : "monthly_revenues"));
	put_int(o, "indemnity_basis_cents", e->indemnity_basis_amount);
	json_t *used = json_array();
	for (int k = 0; k < PARAM_COUNT; k++)
		if (e->params_used & (UINT32_C(1) << k))
			json_array_append_new(used, json_string(params_keys[k].name));
	json_object_set_new(o, "parameters_used", used);
	json_t *reasons = json_array();
	for (int i = 0; i < e->n_reasons; i++)
		json_array_append_new(reasons, json_pack("{s:s, s:s, s:s}", "code",
							 elig_code_name(e->reasons[i].code), "fr",
							 e->reasons[i].fr, "en", e->reasons[i].en));
	json_object_set_new(o, "reasons", reasons);
	return o;
}

/* The overcrowding check of the unit, with the rooms it was made on. */
static json_t *crowd_json(const struct check *k)
{
	const struct crowd_result *r = &k->crowd;
	json_t *o = json_object();
	json_object_set_new(o, "fits", json_boolean(r->fits));
	json_object_set_new(o, "distributed", json_boolean(r->distributed));
	put_int(o, "members", r->n_members);
	put_int(o, "adults", r->n_adults);
	put_int(o, "children", r->n_children);
	put_int(o, "habitable_dm2", r->habitable_dm2);
	put_int(o, "required_dm2", r->required_dm2);
	put_int(o, "private_dm2", r->private_dm2);
	put_int(o, "private_required_dm2", r->private_required_dm2);
	put_int(o, "largest_room_dm2", r->largest_room_dm2);
	put_int(o, "large_room_required_dm2", r->large_room_required_dm2);
	put_int(o, "usable_bedrooms", r->usable_bedrooms);
	put_int(o, "bedrooms_needed", r->bedrooms_needed);
	put_int(o, "bedrooms_missing", r->bedrooms_missing);
	json_t *where = json_array();
	for (int i = 0; r->distributed && i < r->n_members; i++)
		json_array_append_new(where, json_pack("{s:I, s:i}", "member_id",
						       (json_int_t)k->member_ids[i],
						       "room_position", r->room_of[i]));
	json_object_set_new(o, "distribution", where);
	json_t *reasons = json_array();
	for (int i = 0; i < r->n_reasons; i++) {
		const struct crowd_reason *x = &r->reasons[i];
		json_array_append_new(reasons,
				      json_pack("{s:s, s:i, s:i, s:s, s:s}", "code",
						crowd_code_name(x->code), "value", x->value,
						"limit", x->limit, "fr", x->fr, "en", x->en));
	}
	json_object_set_new(o, "reasons", reasons);
	json_object_set_new(o, "unit",
			    json_pack("{s:I, s:b, s:O}", "id", (json_int_t)k->req.unit,
				      "collective", k->crowd_unit.collective, "rooms",
				      k->rooms_json));
	return o;
}

/* The parameter rows the decision used (and the check's own date rule). */
static json_t *params_json(const struct check *k)
{
	uint32_t used = k->elig.params_used | (UINT32_C(1) << PARAM_ADMISSION_CHECK_MAX_AGE);
	json_t *out = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(k->param_rows, i, row) {
		int key = params_key_index(json_string_value(json_object_get(row, "key")));
		if (key >= 0 && (used & (UINT32_C(1) << key)))
			json_array_append(out, row);
	}
	return out;
}

/*
 * The staleness warnings of the rows used (parameters.md: the newest row of
 * a key more than 13 months old, api_params_load judged it with core). They
 * are stored with the decision: what the worker was told when deciding.
 */
static json_t *warnings_json(const json_t *used)
{
	json_t *out = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(used, i, row) {
		if (!json_is_true(json_object_get(row, "outdated_warning")))
			continue;
		const char *key = json_string_value(json_object_get(row, "key"));
		const char *newest = json_string_value(json_object_get(row, "newest_valid_from"));
		bdate_t d;
		char fr_date[BDATE_FR_LEN], fr[300], en[300];
		if (key == NULL || newest == NULL || !bdate_parse_iso(newest, strlen(newest), &d))
			continue;
		bdate_format_fr(d, fr_date);
		snprintf(fr, sizeof fr,
			 "La valeur la plus récente du paramètre %s date du %s, il y a plus de "
			 "13 mois : vérifiez qu'elle est encore à jour (indexation).",
			 key, fr_date);
		snprintf(en, sizeof en,
			 "The newest row of %s dates from %s, more than 13 months ago: check "
			 "that it is still up to date (indexation).",
			 key, newest);
		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, s:s}", "code",
						     "parameter_outdated", "key", key,
						     "newest_valid_from", newest, "fr", fr, "en", en));
	}
	return out;
}

static char *dump(json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT);
	json_decref(v);
	return s;
}

static int check_store(struct api_ctx *c, struct check *k, const char *op, const char *hh)
{
	char unit[API_ID_LEN], start[BDATE_ISO_LEN], today[BDATE_ISO_LEN], basis[API_ID_LEN],
	    uid[API_ID_LEN], ids[API_ID_LEN];
	api_id_text(k->req.unit, unit);
	api_id_text(k->elig.indemnity_basis_amount, basis);
	api_id_text(c->user.id, uid);
	bdate_format_iso(k->req.start, start);
	bdate_format_iso(c->req->today, today);
	json_t *used = params_json(k);
	json_t *dec = decision_json(&k->elig);
	json_object_set_new(dec, "parameter_warnings", warnings_json(used));
	char *decision = dump(dec);
	char *crowd = dump(crowd_json(k));
	char *params = dump(used);
	int rc = -1;
	if (decision == NULL || crowd == NULL || params == NULL) {
		api_problem(c, 500, "internal", "Internal error", "cannot encode JSON", NULL);
		goto out;
	}
	const char *v[15] = {op,
			     hh,
			     unit,
			     start,
			     today,
			     in_admission_grounds[k->req.asked],
			     k->elig.admissible ? "t" : "f",
			     k->elig.admissible ? elig_ground_name(k->elig.ground) : NULL,
			     k->crowd.fits ? "t" : "f",
			     k->elig.indemnity_basis == ELIG_BASIS_R ? "monthly_resources"
								     : "monthly_revenues",
			     basis,
			     decision,
			     crowd,
			     params,
			     c->user.id > 0 ? uid : NULL};
	PGresult *r = api_db_exec(
	    c,
	    "INSERT INTO admission_checks (operator_id, household_id, unit_id, start_date,"
	    " check_date, ground_asked, admissible, ground, unit_fits, indemnity_basis,"
	    " indemnity_basis_cents, decision, overcrowding, parameters, household, incomes,"
	    " created_by) SELECT $1, $2, $3, $4::date, $5::date, $6::admission_ground_asked,"
	    " $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb, $14::jsonb, s.household,"
	    " s.incomes, $15 FROM household_snapshots s WHERE s.id = $2 AND s.operator_id = $1"
	    " RETURNING id",
	    15, v);
	if (r == NULL)
		goto out;
	k->id = sql_int(r, 0, 0);
	PQclear(r);
	api_id_text(k->id, ids);
	if ((k->after = api_get_doc(c, "admission_check_docs", "admission check", k->id)) == NULL)
		goto out;
	rc = api_audit(c, "admission_check.create", "admission_check", ids, NULL, k->after);
out:
	free(decision);
	free(crowd);
	free(params);
	return rc;
}

static int check_run(struct api_ctx *c, void *arg)
{
	struct check *k = arg;
	/* api_tx may run the transaction again: start from nothing. */
	free(k->after);
	k->after = NULL;
	json_decref(k->rooms_json);
	k->rooms_json = NULL;
	memset(&k->in, 0, sizeof k->in);

	char op[API_ID_LEN], hh[API_ID_LEN];
	api_id_text(c->user.operator_id, op);
	api_id_text(k->household, hh);
	/* The writers of a household take this lock first: what is read below
	 * is one consistent state of the household. Locks in the order of
	 * api_internal.h: the household, then the unit (FOR SHARE). */
	if (api_household_lock(c, k->household) != 0)
		return -1;
	if (load_unit(c, k, op) != 0 || load_members(c, k, hh) != 0 ||
	    load_incomes(c, k, hh) != 0 || load_records(c, k, hh) != 0)
		return -1;

	if (!crowd_check(k->crowd_members, k->in.n_members, &k->crowd_unit, k->req.start,
			 &k->crowd))
		return not_judgeable(c, k->crowd.input_error);
	k->in.ask = asks[k->req.asked];
	k->in.start = k->req.start;
	k->in.check = c->req->today;
	k->in.unit = k->crowd.fits ? ELIG_UNIT_FITS : ELIG_UNIT_OVERCROWDED;
	if (!elig_evaluate(&k->in, &k->p, &k->elig))
		return not_judgeable(c, k->elig.input_error);
	return check_store(c, k, op, hh);
}

/* The body (api/in_admission.c), then the start date's range against the
 * legal parameters in force on it, loaded once for the whole check. */
static int check_read(struct api_ctx *c, json_t *body, void *arg)
{
	struct check *k = arg;
	json_t *errors = NULL;
	in_admission_check_read(body, &k->req, &errors);
	if (k->req.has_start) {
		if (api_params_load(c, k->req.start, &k->p, &k->param_rows) != 0) {
			json_decref(errors);
			return -1;
		}
		in_admission_start_check(k->req.start, c->req->today,
					 k->p.value[PARAM_ADMISSION_CHECK_MAX_AGE], &errors);
	}
	if (errors != NULL)
		return api_problem(c, 422, "validation", "Invalid admission check", NULL, errors);
	return 0;
}

static int check_reply(struct api_ctx *c, void *arg)
{
	const struct check *k = arg;
	int rc = api_reply_row(c, 201, k->after);
	char loc[64];
	snprintf(loc, sizeof loc, "/api/v1/admission-checks/%" PRId64, k->id);
	api_add_header(c, "Location", loc);
	return rc;
}

int h_admission_checks_create(struct api_ctx *c)
{
	struct check *k = calloc(1, sizeof *k);
	if (k == NULL)
		return api_problem(c, 500, "internal", "Internal error", "out of memory", NULL);
	k->household = c->params[0];
	int rc = api_write_run(c, NULL, k, check_read, check_run, check_reply);
	json_decref(k->param_rows);
	json_decref(k->rooms_json);
	free(k->after);
	free(k);
	return rc;
}

int h_admission_check_get(struct api_ctx *c)
{
	return api_reply_doc(c, "admission_check_docs", "admission check", c->params[0], 200);
}

int h_household_admission_checks_list(struct api_ctx *c)
{
	char op[API_ID_LEN], hh[API_ID_LEN];
	api_id_text(c->user.operator_id, op);
	api_id_text(c->params[0], hh);
	const char *v[2] = {hh, op};
	PGresult *r =
	    api_db_exec(c, "SELECT 1 FROM households WHERE id = $1 AND operator_id = $2", 2, v);
	if (r == NULL)
		return -1;
	int n = PQntuples(r);
	PQclear(r);
	if (n != 1)
		return api_not_found(c, "household", c->params[0]);
	return api_list_docs(c, "admission_check_summary_docs", "d.household_id = $4", 1, v);
}

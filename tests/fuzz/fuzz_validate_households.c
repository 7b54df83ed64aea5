/*
 * api/h_households.c: the validation of households, members, incomes and
 * the admission records (debt mediation, patrimony, force majeure, income
 * degradation). Each *_read either accepts the body, and then what it read
 * satisfies the rules of its resource, or refuses it with a 422 whose field
 * errors are well-formed and name every unknown member; the POST and PUT
 * handlers give the same answer (the database comes after validation).
 *
 * h_households.c is compiled into this harness (#include) to reach its
 * static validators without changing them.
 *
 * Input: byte 0 selects the resource, create or update; the rest is the
 * JSON body.
 */
#include "../../api/h_households.c"

#include "fuzz_support.h"

static bool nonempty_within(const char *s, size_t max)
{
	return s != NULL && s[0] != '\0' && strlen(s) <= max;
}

/* An ISO date written by the validator, not after today when asked. */
static bool date_text_ok(const char *s, bdate_t today)
{
	bdate_t d;
	return bdate_parse_iso(s, strlen(s), &d) && d <= today;
}

union resource_in {
	struct row w;
	struct household_in household;
	struct member_in member;
	struct income_in income;
	struct mediation_in mediation;
	struct patrimony_in patrimony;
	struct force_majeure_in force_majeure;
	struct degradation_in degradation;
};

static void check_household(const struct fuzz_req *f, union resource_in *u)
{
	(void)f;
	const struct household_in *in = &u->household;
	FUZZ_CHECK(nonempty_within(in->reference, 64));
	FUZZ_CHECK(in->phone == NULL || (strlen(in->phone) <= 30 && phone_ok(in->phone)));
	FUZZ_CHECK(in->email == NULL || (strlen(in->email) <= 254 && email_ok(in->email)));
}

static void check_member(const struct fuzz_req *f, union resource_in *u)
{
	const struct member_in *in = &u->member;
	bdate_t birth, oldest;
	FUZZ_CHECK(nonempty_within(in->first, 100) && nonempty_within(in->last, 100));
	FUZZ_CHECK(bdate_parse_iso(in->birth, strlen(in->birth), &birth));
	FUZZ_CHECK(bdate_from_ymd(1900, 1, 1, &oldest) && birth >= oldest && birth <= f->req.today);
	FUZZ_CHECK(in->sex >= 0 && in->sex < 2 && in->relation >= 0 && in->relation < 4);
	/* The head and the partner are never dependent children. */
	FUZZ_CHECK(!in->dependent || in->relation >= 2);
	if (in->has_nrn) {
		struct ident_nrn again;
		FUZZ_CHECK(ident_nrn_parse(in->nrn.digits, 11, &again) == IDENT_OK);
		FUZZ_CHECK(!again.birth_known || again.birth == birth);
		FUZZ_CHECK(again.sex == IDENT_SEX_UNKNOWN ||
			   (again.sex == IDENT_SEX_MALE) == (in->sex == 0));
	}
}

static void check_income(const struct fuzz_req *f, union resource_in *u)
{
	(void)f;
	const struct income_in *in = &u->income;
	FUZZ_CHECK(in->kind >= 0 && in->kind < 11 && in->basis >= 0 && in->basis < 2);
	FUZZ_CHECK(in->periodicity >= 0 && in->periodicity < 2);
	FUZZ_CHECK(in->amount >= 0 && in->amount <= 10000000000LL);
	/* RIS, GRAPA and the allowances are never taxable (rules.md 1). */
	FUZZ_CHECK(household_enum_index(exempt_kinds, income_kinds[in->kind]) < 0 || !in->taxable);
	/* An assessed income is the taxable income of an assessment: its year and
	 * its evidence are known. */
	if (in->basis == 0)
		FUZZ_CHECK(in->taxable && in->has_year && in->evidence != NULL);
	FUZZ_CHECK(!in->has_year || (in->year >= 1990 && in->year <= 2100));
	FUZZ_CHECK(in->evidence == NULL || nonempty_within(in->evidence, 200));
}

static void check_mediation(const struct fuzz_req *f, union resource_in *u)
{
	const struct mediation_in *in = &u->mediation;
	FUZZ_CHECK(nonempty_within(in->service, 200));
	FUZZ_CHECK(in->approval == NULL || nonempty_within(in->approval, 100));
	FUZZ_CHECK(in->charges >= 0 && in->charges <= 10000000000LL);
	FUZZ_CHECK(!in->has_since || date_text_ok(in->since, f->req.today));
}

static void check_patrimony(const struct fuzz_req *f, union resource_in *u)
{
	const struct patrimony_in *in = &u->patrimony;
	FUZZ_CHECK(!in->has_member || in->member >= 1);
	FUZZ_CHECK(in->holding >= 0 && in->holding < 2);
	FUZZ_CHECK(nonempty_within(in->dwelling, 300));
	if (in->has_attestation) {
		FUZZ_CHECK(nonempty_within(in->att_ref, 100));
		FUZZ_CHECK(date_text_ok(in->att_date, f->req.today));
		FUZZ_CHECK(in->issuer >= 0 && in->issuer < 2 && in->finding >= 0 &&
			   in->finding < 2);
	}
}

static void check_force_majeure(const struct fuzz_req *f, union resource_in *u)
{
	const struct force_majeure_in *in = &u->force_majeure;
	FUZZ_CHECK(in->category >= 0 && in->category < 6);
	FUZZ_CHECK(!in->has_event || date_text_ok(in->event, f->req.today));
	FUZZ_CHECK(nonempty_within(in->justification, 4000));
	json_t *proofs = json_loads(in->proofs_json, 0, NULL);
	FUZZ_CHECK(json_is_array(proofs) && json_array_size(proofs) >= 1 &&
		   json_array_size(proofs) <= MAX_PROOFS);
	size_t i;
	json_t *p;
	json_array_foreach(proofs, i, p)
	{
		FUZZ_CHECK(nonempty_within(json_string_value(p), 200));
	}
	json_decref(proofs);
}

static void check_degradation(const struct fuzz_req *f, union resource_in *u)
{
	const struct degradation_in *in = &u->degradation;
	FUZZ_CHECK(in->reason >= 0 && in->reason < 5);
	FUZZ_CHECK(!in->has_since || date_text_ok(in->since, f->req.today));
	FUZZ_CHECK(in->six_month >= 0 && in->six_month <= 10000000000LL);
	FUZZ_CHECK(in->evidence == NULL || nonempty_within(in->evidence, 200));
}

/* Unknown members of the attestation, each reported as attestation.name. */
static size_t unknown_in_attestation(const json_t *body)
{
	json_t *a = json_object_get(body, "attestation");
	return json_is_object(a) ? fuzz_unknown_members(a, attestation_fields) : 0;
}

static const struct resource {
	const struct kind *k;
	read_fn read;
	void (*check)(const struct fuzz_req *f, union resource_in *u);
	const char *const *fields;
	api_handler create, put;
} resources[] = {
    {&k_household, household_read, check_household, household_fields, h_households_create,
     h_household_put},
    {&k_member, member_read, check_member, member_fields, h_members_create, h_member_put},
    {&k_income, income_read, check_income, income_fields, h_incomes_create, h_income_put},
    {&k_mediation, mediation_read, check_mediation, mediation_fields, h_debt_mediations_create,
     h_debt_mediation_put},
    {&k_patrimony, patrimony_read, check_patrimony, patrimony_fields, h_patrimony_create,
     h_patrimony_put},
    {&k_force_majeure, force_majeure_read, check_force_majeure, force_majeure_fields,
     h_force_majeure_create, h_force_majeure_put},
    {&k_degradation, degradation_read, check_degradation, degradation_fields,
     h_income_degradations_create, h_income_degradation_put},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const struct resource *r = &resources[(data[0] >> 1) % 7];
	bool update = data[0] & 1;
	struct fuzz_req f;
	fuzz_req_init(&f, data + 1, size - 1);
	fuzz_req_target(&f, update);
	api_handler handler = update ? r->put : r->create;
	json_t *body = api_body_object(&f.c);
	if (body == NULL) {
		fuzz_handler_agrees(&f, handler, false, NULL);
		fuzz_req_free(&f);
		return 0;
	}
	union resource_in u;
	memset(&u, 0, sizeof u);
	u.w.k = r->k;
	char *verdict = fuzz_verdict(&f, r->read(&f.c, body, &u));
	if (verdict == NULL)
		r->check(&f, &u);
	size_t unknown = fuzz_unknown_members(body, r->fields);
	if (r->k == &k_patrimony)
		unknown += unknown_in_attestation(body);
	FUZZ_CHECK(fuzz_errors_with_code(verdict, "unknown") == unknown);
	if (r->k == &k_force_majeure)
		free(u.force_majeure.proofs_json);
	fuzz_handler_agrees(&f, handler, true, verdict);
	free(verdict);
	json_decref(body);
	fuzz_req_free(&f);
	return 0;
}

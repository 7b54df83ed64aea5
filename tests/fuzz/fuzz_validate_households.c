/*
 * api/in_households.c: the validation of households, members, incomes and
 * the admission records (debt mediation, patrimony, force majeure, income
 * degradation). Each in_*_read either accepts the body, and then what it
 * read satisfies the rules of its resource, or refuses it with field errors
 * that are well-formed and name every unknown member; the POST and PUT
 * handlers give the same answer, the 422 of those errors (the database
 * comes after validation).
 *
 * Input: byte 0 selects the resource, create or update; the rest is the
 * JSON body.
 */
#include <string.h>

#include "fuzz_support.h"
#include "households.h"
#include "input.h"

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
	struct in_household household;
	struct in_member member;
	struct in_income income;
	struct in_mediation mediation;
	struct in_patrimony patrimony;
	struct in_force_majeure force_majeure;
	struct in_degradation degradation;
};

static void read_household(json_t *b, bdate_t today, union resource_in *u, json_t **e)
{
	(void)today;
	in_household_read(b, &u->household, e);
}

static void read_member(json_t *b, bdate_t today, union resource_in *u, json_t **e)
{
	in_member_read(b, today, &u->member, e);
}

static void read_income(json_t *b, bdate_t today, union resource_in *u, json_t **e)
{
	(void)today;
	in_income_read(b, &u->income, e);
}

static void read_mediation(json_t *b, bdate_t today, union resource_in *u, json_t **e)
{
	in_mediation_read(b, today, &u->mediation, e);
}

static void read_patrimony(json_t *b, bdate_t today, union resource_in *u, json_t **e)
{
	in_patrimony_read(b, today, &u->patrimony, e);
}

static void read_force_majeure(json_t *b, bdate_t today, union resource_in *u, json_t **e)
{
	in_force_majeure_read(b, today, &u->force_majeure, e);
}

static void read_degradation(json_t *b, bdate_t today, union resource_in *u, json_t **e)
{
	in_degradation_read(b, today, &u->degradation, e);
}

static void check_household(const struct fuzz_req *f, union resource_in *u)
{
	(void)f;
	const struct in_household *in = &u->household;
	FUZZ_CHECK(nonempty_within(in->reference, 64));
	FUZZ_CHECK(in->phone == NULL || (strlen(in->phone) <= 30 && in_phone_ok(in->phone)));
	FUZZ_CHECK(in->email == NULL || (strlen(in->email) <= 254 && in_email_ok(in->email)));
}

static void check_member(const struct fuzz_req *f, union resource_in *u)
{
	const struct in_member *in = &u->member;
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
	const struct in_income *in = &u->income;
	static const char *const exempt[] = {"ris", "grapa", "disability_allowance",
					     "family_allowance", NULL};
	FUZZ_CHECK(in->kind >= 0 && in->kind < 11 && in->basis >= 0 && in->basis < 2);
	FUZZ_CHECK(in->periodicity >= 0 && in->periodicity < 2);
	FUZZ_CHECK(in->amount >= 0 && in->amount <= 10000000000LL);
	/* RIS, GRAPA and the allowances are never taxable (rules.md 1). */
	FUZZ_CHECK(api_enum_index(exempt, household_income_kinds[in->kind]) < 0 || !in->taxable);
	/* An assessed income is the taxable income of an assessment: its year and
	 * its evidence are known. */
	if (in->basis == 0)
		FUZZ_CHECK(in->taxable && in->has_year && in->evidence != NULL);
	FUZZ_CHECK(!in->has_year || (in->year >= 1990 && in->year <= 2100));
	FUZZ_CHECK(in->evidence == NULL || nonempty_within(in->evidence, 200));
}

static void check_mediation(const struct fuzz_req *f, union resource_in *u)
{
	const struct in_mediation *in = &u->mediation;
	FUZZ_CHECK(nonempty_within(in->service, 200));
	FUZZ_CHECK(in->approval == NULL || nonempty_within(in->approval, 100));
	FUZZ_CHECK(in->charges >= 0 && in->charges <= 10000000000LL);
	FUZZ_CHECK(!in->has_since || date_text_ok(in->since, f->req.today));
}

static void check_patrimony(const struct fuzz_req *f, union resource_in *u)
{
	const struct in_patrimony *in = &u->patrimony;
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
	const struct in_force_majeure *in = &u->force_majeure;
	FUZZ_CHECK(in->category >= 0 && in->category < 6);
	FUZZ_CHECK(!in->has_event || date_text_ok(in->event, f->req.today));
	FUZZ_CHECK(nonempty_within(in->justification, 4000));
	FUZZ_CHECK(json_is_array(in->proofs) && json_array_size(in->proofs) >= 1 &&
		   json_array_size(in->proofs) <= 20);
	size_t i;
	json_t *p;
	json_array_foreach(in->proofs, i, p)
	{
		FUZZ_CHECK(nonempty_within(json_string_value(p), 200));
	}
}

static void check_degradation(const struct fuzz_req *f, union resource_in *u)
{
	const struct in_degradation *in = &u->degradation;
	FUZZ_CHECK(in->reason >= 0 && in->reason < 5);
	FUZZ_CHECK(!in->has_since || date_text_ok(in->since, f->req.today));
	FUZZ_CHECK(in->six_month >= 0 && in->six_month <= 10000000000LL);
	FUZZ_CHECK(in->evidence == NULL || nonempty_within(in->evidence, 200));
}

/* Unknown members of the attestation, each reported as attestation.name. */
static size_t unknown_in_attestation(const json_t *body)
{
	json_t *a = json_object_get(body, "attestation");
	return json_is_object(a) ? fuzz_unknown_members(a, in_attestation_fields) : 0;
}

static const struct resource {
	const char *title; /* of the handler's 422 */
	void (*read)(json_t *body, bdate_t today, union resource_in *u, json_t **errors);
	void (*check)(const struct fuzz_req *f, union resource_in *u);
	const char *const *fields;
	api_handler create, put;
} resources[] = {
    {"Invalid household", read_household, check_household, in_household_fields, h_households_create,
     h_household_put},
    {"Invalid member", read_member, check_member, in_member_fields, h_members_create, h_member_put},
    {"Invalid income", read_income, check_income, in_income_fields, h_incomes_create, h_income_put},
    {"Invalid debt-mediation record", read_mediation, check_mediation, in_mediation_fields,
     h_debt_mediations_create, h_debt_mediation_put},
    {"Invalid patrimony record", read_patrimony, check_patrimony, in_patrimony_fields,
     h_patrimony_create, h_patrimony_put},
    {"Invalid force-majeure record", read_force_majeure, check_force_majeure,
     in_force_majeure_fields, h_force_majeure_create, h_force_majeure_put},
    {"Invalid income-degradation claim", read_degradation, check_degradation, in_degradation_fields,
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
	json_t *errors = NULL;
	r->read(body, f.req.today, &u, &errors);
	/* The handler's answer to these errors, as fuzz_verdict checks it. */
	int rc = errors != NULL ? api_problem(&f.c, 422, "validation", r->title, NULL, errors) : 0;
	char *verdict = fuzz_verdict(&f, rc);
	if (verdict == NULL)
		r->check(&f, &u);
	size_t unknown = fuzz_unknown_members(body, r->fields);
	if (r->read == read_patrimony)
		unknown += unknown_in_attestation(body);
	FUZZ_CHECK(fuzz_errors_with_code(verdict, "unknown") == unknown);
	fuzz_handler_agrees(&f, handler, true, verdict);
	free(verdict);
	json_decref(body);
	fuzz_req_free(&f);
	return 0;
}

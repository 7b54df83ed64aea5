/*
 * api/in_households.c: the bodies of households, members, incomes and the
 * admission records (api/input.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "households.h"
#include "input.h"
#include "test_input_support.h"
#include "test_support.h"

#define TODAY D(2026, 6, 15)

/* The errors of one reader on body (consumed). */
typedef void (*reader)(json_t *body, void *out, json_t **errors);

static json_t *errors_of(reader read, json_t *b, void *out)
{
	json_t *errors = NULL;
	read(b, out, &errors);
	json_decref(b);
	return errors;
}

/* Each limit of a text member: max accepted, max + 1 refused as too long. */
static void text_limit(reader read, const char *valid, const char *name, size_t max, void *out)
{
	assert_null(errors_of(read, with_string(valid, name, max), out));
	json_t *e = errors_of(read, with_string(valid, name, max + 1), out);
	assert_one_error(e, name, "too-long");
	json_decref(e);
}

/* Each limit of an integer member: min and max accepted, beyond refused. */
static void number_limit(reader read, const char *valid, const char *name, json_int_t min,
			 json_int_t max, void *out)
{
	assert_null(errors_of(read, with_integer(valid, name, min), out));
	assert_null(errors_of(read, with_integer(valid, name, max), out));
	json_t *e = errors_of(read, with_integer(valid, name, min - 1), out);
	assert_one_error(e, name, "range");
	json_decref(e);
	e = errors_of(read, with_integer(valid, name, max + 1), out);
	assert_one_error(e, name, "range");
	json_decref(e);
}

/* body with one member changed (value as JSON text), refused with one error. */
static void refused(reader read, const char *valid, const char *name, const char *value,
		    const char *field, const char *code, void *out)
{
	json_t *b = body_of(valid);
	json_t *v = json_loads(value, JSON_DECODE_ANY, NULL);
	assert_non_null(v);
	json_object_set_new(b, name, v);
	json_t *e = errors_of(read, b, out);
	assert_one_error(e, field, code);
	json_decref(e);
}

/* ---- households ---- */

static void read_household(json_t *b, void *out, json_t **e)
{
	in_household_read(b, out, e);
}

static const char household[] =
    "{\"reference\": \"D-2026-001\", \"contact_phone\": \"+32 81 22 33 44\","
    " \"contact_email\": \"famille@example.be\"}";

static void test_household(void **state)
{
	(void)state;
	struct in_household in;
	json_t *b = body_of(household), *e = NULL;
	in_household_read(b, &in, &e);
	assert_null(e);
	assert_string_equal(in.reference, "D-2026-001");
	assert_string_equal(in.phone, "+32 81 22 33 44");
	assert_string_equal(in.email, "famille@example.be");
	json_decref(b);

	refused(read_household, household, "reference", "\"\"", "reference", "required", &in);
	refused(read_household, household, "contact_phone", "\"12a456\"", "contact_phone",
		"invalid", &in);
	refused(read_household, household, "contact_email", "\"a@b@c\"", "contact_email", "invalid",
		&in);
	refused(read_household, household, "size", "4", "size", "unknown", &in);
	text_limit(read_household, household, "reference", LIM_HOUSEHOLD_REFERENCE, &in);
	/* a phone of digits at its limits */
	b = body_of(household);
	char *p = repeat('1', LIM_HOUSEHOLD_PHONE);
	json_object_set_new(b, "contact_phone", json_string(p));
	free(p);
	assert_null(errors_of(read_household, b, &in));
	b = body_of(household);
	p = repeat('1', LIM_HOUSEHOLD_PHONE + 1);
	json_object_set_new(b, "contact_phone", json_string(p));
	free(p);
	e = errors_of(read_household, b, &in);
	assert_one_error(e, "contact_phone", "too-long");
	json_decref(e);
	refused(read_household, household, "contact_phone", "\"12345\"", "contact_phone", "invalid",
		&in);
	/* an address at its limit */
	b = body_of(household);
	p = repeat('a', LIM_HOUSEHOLD_EMAIL);
	p[10] = '@';
	json_object_set_new(b, "contact_email", json_string(p));
	free(p);
	assert_null(errors_of(read_household, b, &in));
	b = body_of(household);
	p = repeat('a', LIM_HOUSEHOLD_EMAIL + 1);
	p[10] = '@';
	json_object_set_new(b, "contact_email", json_string(p));
	free(p);
	e = errors_of(read_household, b, &in);
	assert_one_error(e, "contact_email", "too-long");
	json_decref(e);
}

/* ---- members ---- */

static void read_member(json_t *b, void *out, json_t **e)
{
	in_member_read(b, TODAY, out, e);
}

static const char member[] =
    "{\"first_name\": \"Jean\", \"last_name\": \"Dupont\","
    " \"birth_date\": \"1985-07-30\", \"sex\": \"M\", \"relation\": \"head\","
    " \"national_register_number\": \"85.07.30-033.28\"}";

static void test_member(void **state)
{
	(void)state;
	struct in_member in;
	json_t *b = body_of(member), *e = NULL;
	in_member_read(b, TODAY, &in, &e);
	assert_null(e);
	assert_string_equal(in.first, "Jean");
	assert_string_equal(in.last, "Dupont");
	assert_string_equal(in.birth, "1985-07-30");
	assert_string_equal(household_sexes[in.sex], "M");
	assert_string_equal(household_relations[in.relation], "head");
	assert_false(in.dependent);
	assert_false(in.emancipated);
	assert_true(in.has_nrn);
	assert_string_equal(in.nrn.digits, "85073003328");
	json_decref(b);

	refused(read_member, member, "birth_date", "\"2026-06-16\"", "birth_date", "range", &in);
	/* before 1900 is no date for core/bdate: invalid rather than out of range */
	refused(read_member, member, "birth_date", "\"1899-12-31\"", "birth_date", "invalid", &in);
	refused(read_member, member, "sex", "\"F\"", "national_register_number", "mismatch", &in);
	refused(read_member, member, "national_register_number", "\"85.07.30-033.29\"",
		"national_register_number", "invalid", &in);
	refused(read_member, member, "dependent_child", "true", "dependent_child", "invalid", &in);
	refused(read_member, member, "relation", "\"cousin\"", "relation", "enum", &in);
	refused(read_member, member, "first_name", "\"\"", "first_name", "required", &in);
	refused(read_member, member, "nickname", "\"Jeannot\"", "nickname", "unknown", &in);
	text_limit(read_member, member, "first_name", LIM_MEMBER_NAME, &in);
	text_limit(read_member, member, "last_name", LIM_MEMBER_NAME, &in);
	/* the oldest birth date accepted */
	b = body_of(member);
	json_object_set_new(b, "birth_date", json_string("1900-01-01"));
	json_object_del(b, "national_register_number");
	assert_null(errors_of(read_member, b, &in));
	/* the number: read up to its formatted length, then parsed */
	e = errors_of(read_member, with_string(member, "national_register_number", LIM_MEMBER_NRN),
		      &in);
	assert_one_error(e, "national_register_number", "invalid");
	json_decref(e);
	e = errors_of(read_member,
		      with_string(member, "national_register_number", LIM_MEMBER_NRN + 1), &in);
	assert_one_error(e, "national_register_number", "too-long");
	json_decref(e);
}

/* ---- incomes ---- */

static void read_income(json_t *b, void *out, json_t **e)
{
	in_income_read(b, out, e);
}

static const char income[] = "{\"kind\": \"work\", \"basis\": \"assessed\", \"amount_cents\":"
			     " 2000000, \"periodicity\": \"annual\", \"income_year\": 2024,"
			     " \"evidence_reference\": \"AER 2025\"}";

static void test_income(void **state)
{
	(void)state;
	struct in_income in;
	json_t *b = body_of(income), *e = NULL;
	in_income_read(b, &in, &e);
	assert_null(e);
	assert_string_equal(household_income_kinds[in.kind], "work");
	assert_string_equal(household_income_bases[in.basis], "assessed");
	assert_true(in.taxable);
	assert_int_equal(in.amount, 2000000);
	assert_string_equal(household_periodicities[in.periodicity], "annual");
	assert_true(in.has_year);
	assert_int_equal(in.year, 2024);
	assert_string_equal(in.evidence, "AER 2025");
	json_decref(b);

	/* a RIS is not taxable by default, and never */
	b = body_of("{\"kind\": \"ris\", \"basis\": \"current\", \"amount_cents\": 131420,"
		    " \"periodicity\": \"monthly\"}");
	in_income_read(b, &in, &e);
	assert_null(e);
	assert_false(in.taxable);
	assert_false(in.has_year);
	assert_null(in.evidence);
	json_decref(b);
	b = body_of("{\"kind\": \"ris\", \"basis\": \"current\", \"amount_cents\": 131420,"
		    " \"periodicity\": \"monthly\", \"taxable\": true}");
	e = errors_of(read_income, b, &in);
	assert_one_error(e, "taxable", "invalid");
	json_decref(e);

	refused(read_income, income, "taxable", "false", "taxable", "invalid", &in);
	refused(read_income, income, "income_year", "null", "income_year", "required", &in);
	refused(read_income, income, "evidence_reference", "\"\"", "evidence_reference", "required",
		&in);
	refused(read_income, income, "periodicity", "\"weekly\"", "periodicity", "enum", &in);
	refused(read_income, income, "employer", "\"X\"", "employer", "unknown", &in);
	number_limit(read_income, income, "amount_cents", LIM_AMOUNT_CENTS_MIN,
		     LIM_HOUSEHOLD_AMOUNT_CENTS_MAX, &in);
	number_limit(read_income, income, "income_year", LIM_INCOME_YEAR_MIN, LIM_INCOME_YEAR_MAX,
		     &in);
	text_limit(read_income, income, "evidence_reference", LIM_EVIDENCE_REFERENCE, &in);
}

/* ---- debt mediation ---- */

static void read_mediation(json_t *b, void *out, json_t **e)
{
	in_mediation_read(b, TODAY, out, e);
}

static const char mediation[] =
    "{\"service_name\": \"CPAS de Namur\", \"approval_reference\": \"AGR-12\","
    " \"monthly_charges_cents\": 15000, \"started_on\": \"2026-06-15\"}";

static void test_mediation(void **state)
{
	(void)state;
	struct in_mediation in;
	json_t *b = body_of(mediation), *e = NULL;
	in_mediation_read(b, TODAY, &in, &e);
	assert_null(e);
	assert_string_equal(in.service, "CPAS de Namur");
	assert_string_equal(in.approval, "AGR-12");
	assert_int_equal(in.charges, 15000);
	assert_true(in.has_since);
	assert_string_equal(in.since, "2026-06-15");
	json_decref(b);

	refused(read_mediation, mediation, "started_on", "\"2026-06-16\"", "started_on", "range",
		&in);
	refused(read_mediation, mediation, "approval_reference", "\"\"", "approval_reference",
		"required", &in);
	refused(read_mediation, mediation, "judge", "1", "judge", "unknown", &in);
	text_limit(read_mediation, mediation, "service_name", LIM_MEDIATION_SERVICE_NAME, &in);
	text_limit(read_mediation, mediation, "approval_reference",
		   LIM_MEDIATION_APPROVAL_REFERENCE, &in);
	number_limit(read_mediation, mediation, "monthly_charges_cents", LIM_AMOUNT_CENTS_MIN,
		     LIM_HOUSEHOLD_AMOUNT_CENTS_MAX, &in);
}

/* ---- patrimony ---- */

static void read_patrimony(json_t *b, void *out, json_t **e)
{
	in_patrimony_read(b, TODAY, out, e);
}

static const char patrimony[] =
    "{\"member_id\": 7, \"holding\": \"usufruct\", \"dwelling\": \"Rue Basse 3, Andenne\","
    " \"attestation\": {\"reference\": \"ATT-9\", \"date\": \"2026-05-02\","
    " \"issuer\": \"mayor\", \"finding\": \"uninhabitable\"}}";

static void test_patrimony(void **state)
{
	(void)state;
	struct in_patrimony in;
	json_t *b = body_of(patrimony), *e = NULL;
	in_patrimony_read(b, TODAY, &in, &e);
	assert_null(e);
	assert_true(in.has_member);
	assert_int_equal(in.member, 7);
	assert_string_equal(household_holdings[in.holding], "usufruct");
	assert_string_equal(in.dwelling, "Rue Basse 3, Andenne");
	assert_true(in.has_attestation);
	assert_string_equal(in.att_ref, "ATT-9");
	assert_string_equal(in.att_date, "2026-05-02");
	assert_string_equal(household_attestation_issuers[in.issuer], "mayor");
	assert_string_equal(household_attestation_findings[in.finding], "uninhabitable");
	json_decref(b);

	refused(read_patrimony, patrimony, "attestation",
		"{\"reference\": \"\", \"date\": \"2026-05-02\", \"issuer\": \"mayor\","
		" \"finding\": \"uninhabitable\"}",
		"attestation.reference", "required", &in);
	refused(read_patrimony, patrimony, "attestation",
		"{\"reference\": \"A\", \"date\": \"2026-05-02\", \"issuer\": \"mayor\","
		" \"finding\": \"uninhabitable\", \"seal\": true}",
		"attestation.seal", "unknown", &in);
	refused(read_patrimony, patrimony, "attestation",
		"{\"reference\": \"A\", \"date\": \"2026-06-16\", \"issuer\": \"mayor\","
		" \"finding\": \"uninhabitable\"}",
		"attestation.date", "range", &in);
	refused(read_patrimony, patrimony, "attestation", "[]", "attestation", "type", &in);
	refused(read_patrimony, patrimony, "member_id", "0", "member_id", "range", &in);
	refused(read_patrimony, patrimony, "value", "1", "value", "unknown", &in);
	text_limit(read_patrimony, patrimony, "dwelling", LIM_PATRIMONY_DWELLING, &in);
	/* no attestation */
	b = body_of(patrimony);
	json_object_set_new(b, "attestation", json_null());
	in_patrimony_read(b, TODAY, &in, &e);
	assert_null(e);
	json_decref(b);
}

static void test_attestation_limits(void **state)
{
	(void)state;
	struct in_patrimony in;
	json_t *b = body_of(patrimony);
	char *s = repeat('r', LIM_ATTESTATION_REFERENCE);
	json_object_set_new(json_object_get(b, "attestation"), "reference", json_string(s));
	free(s);
	assert_null(errors_of(read_patrimony, b, &in));
	b = body_of(patrimony);
	s = repeat('r', LIM_ATTESTATION_REFERENCE + 1);
	json_object_set_new(json_object_get(b, "attestation"), "reference", json_string(s));
	free(s);
	json_t *e = errors_of(read_patrimony, b, &in);
	assert_one_error(e, "attestation.reference", "too-long");
	json_decref(e);
}

/* ---- force majeure ---- */

static void read_force_majeure(json_t *b, void *out, json_t **e)
{
	in_force_majeure_read(b, TODAY, out, e);
}

static const char force_majeure[] =
    "{\"category\": \"natural\", \"event_date\": \"2026-06-01\", \"justification\":"
    " \"Inondation du logement.\\nRapport des pompiers.\", \"proof_references\": [\"PV-1\"]}";

/* proof_references as n proofs of len bytes each. */
static json_t *with_proofs(size_t n, size_t len)
{
	json_t *b = body_of(force_majeure), *a = json_array();
	char *s = repeat('p', len);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(s));
	free(s);
	json_object_set_new(b, "proof_references", a);
	return b;
}

static void test_force_majeure(void **state)
{
	(void)state;
	struct in_force_majeure in;
	json_t *b = body_of(force_majeure), *e = NULL;
	in_force_majeure_read(b, TODAY, &in, &e);
	assert_null(e);
	assert_string_equal(household_fm_categories[in.category], "natural");
	assert_true(in.has_event);
	assert_string_equal(in.event, "2026-06-01");
	assert_string_equal(in.justification, "Inondation du logement.\nRapport des pompiers.");
	assert_int_equal(json_array_size(in.proofs), 1);
	json_decref(b);

	refused(read_force_majeure, force_majeure, "proof_references", "null", "proof_references",
		"required", &in);
	refused(read_force_majeure, force_majeure, "proof_references", "[]", "proof_references",
		"type", &in);
	refused(read_force_majeure, force_majeure, "proof_references", "[\"a\", \"\"]",
		"proof_references[1]", "invalid", &in);
	refused(read_force_majeure, force_majeure, "category", "\"war\"", "category", "enum", &in);
	refused(read_force_majeure, force_majeure, "witness", "1", "witness", "unknown", &in);
	text_limit(read_force_majeure, force_majeure, "justification",
		   LIM_FORCE_MAJEURE_JUSTIFICATION, &in);
	assert_null(errors_of(read_force_majeure,
			      with_proofs(LIM_FORCE_MAJEURE_PROOFS, LIM_FORCE_MAJEURE_PROOF), &in));
	e = errors_of(read_force_majeure, with_proofs(LIM_FORCE_MAJEURE_PROOFS + 1, 1), &in);
	assert_one_error(e, "proof_references", "type");
	json_decref(e);
	e = errors_of(read_force_majeure, with_proofs(1, LIM_FORCE_MAJEURE_PROOF + 1), &in);
	assert_one_error(e, "proof_references[0]", "invalid");
	json_decref(e);
}

/* ---- income degradation ---- */

static void read_degradation(json_t *b, void *out, json_t **e)
{
	in_degradation_read(b, TODAY, out, e);
}

static const char degradation[] = "{\"reason\": \"unemployment\", \"since\": \"2026-01-01\","
				  " \"six_month_taxable_cents\": 800000,"
				  " \"evidence_reference\": \"C4 2026\"}";

static void test_degradation(void **state)
{
	(void)state;
	struct in_degradation in;
	json_t *b = body_of(degradation), *e = NULL;
	in_degradation_read(b, TODAY, &in, &e);
	assert_null(e);
	assert_string_equal(household_degradation_reasons[in.reason], "unemployment");
	assert_true(in.has_since);
	assert_string_equal(in.since, "2026-01-01");
	assert_int_equal(in.six_month, 800000);
	assert_string_equal(in.evidence, "C4 2026");
	json_decref(b);

	refused(read_degradation, degradation, "since", "\"2026-07-01\"", "since", "range", &in);
	refused(read_degradation, degradation, "reason", "\"boredom\"", "reason", "enum", &in);
	refused(read_degradation, degradation, "evidence_reference", "\"\"", "evidence_reference",
		"required", &in);
	refused(read_degradation, degradation, "months", "6", "months", "unknown", &in);
	number_limit(read_degradation, degradation, "six_month_taxable_cents", LIM_AMOUNT_CENTS_MIN,
		     LIM_HOUSEHOLD_AMOUNT_CENTS_MAX, &in);
	text_limit(read_degradation, degradation, "evidence_reference", LIM_EVIDENCE_REFERENCE,
		   &in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_household),	  cmocka_unit_test(test_member),
	    cmocka_unit_test(test_income),	  cmocka_unit_test(test_mediation),
	    cmocka_unit_test(test_patrimony),	  cmocka_unit_test(test_attestation_limits),
	    cmocka_unit_test(test_force_majeure), cmocka_unit_test(test_degradation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

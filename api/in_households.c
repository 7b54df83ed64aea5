/*
 * Input of households, members, incomes and the records the admission rules
 * read (debt mediation, patrimony, force majeure, income degradation): the
 * bodies of their POST and PUT read and validated (api/input.h), and the
 * names of their SQL enums (api/households.h).
 */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "api_internal.h"
#include "households.h"
#include "input.h"

const char *const household_relations[] = {"head", "partner", "child", "other", NULL};
const char *const household_sexes[] = {"M", "F", NULL};
const char *const household_income_bases[] = {"assessed", "current", NULL};
const char *const household_periodicities[] = {"monthly", "annual", NULL};
const char *const household_fm_categories[] = {
    "natural", "community", "authority", "third_party", "accident", "social_emergency", NULL};
const char *const household_degradation_reasons[] = {
    "exceptional", "work_incapacity", "unemployment", "pre_pension", "retirement", NULL};
const char *const household_income_kinds[] = {"work",
					      "unemployment",
					      "sickness_disability",
					      "pension",
					      "ris",
					      "grapa",
					      "disability_allowance",
					      "family_allowance",
					      "alimony",
					      "movable_immovable",
					      "other",
					      NULL};
const char *const household_holdings[] = {"full_ownership", "usufruct", NULL};
const char *const household_attestation_issuers[] = {"mayor", "housing_administration", NULL};
const char *const household_attestation_findings[] = {"non_improvable", "uninhabitable", NULL};

/* Never taxable (rules.md section 1): the incomes_exempt_kinds constraint. */
static const char *const exempt_kinds[] = {"ris", "grapa", "disability_allowance",
					   "family_allowance", NULL};

const char *const in_household_fields[] = {"reference", "contact_phone", "contact_email", NULL};
const char *const in_member_fields[] = {
    "first_name", "last_name",	     "birth_date",  "sex",
    "relation",	  "dependent_child", "emancipated", "national_register_number",
    NULL};
const char *const in_income_fields[] = {
    "kind", "basis", "taxable", "amount_cents", "periodicity", "income_year", "evidence_reference",
    NULL};
const char *const in_mediation_fields[] = {"service_name", "approval_reference",
					   "monthly_charges_cents", "started_on", NULL};
const char *const in_patrimony_fields[] = {"member_id", "holding", "dwelling", "attestation", NULL};
const char *const in_attestation_fields[] = {"reference", "date", "issuer", "finding", NULL};
const char *const in_force_majeure_fields[] = {"category", "event_date", "justification",
					       "proof_references", NULL};
const char *const in_degradation_fields[] = {"reason", "since", "six_month_taxable_cents",
					     "evidence_reference", NULL};

bool in_income_kind_exempt(int kind)
{
	return api_enum_index(exempt_kinds, household_income_kinds[kind]) >= 0;
}

/* An optional date not after today (facts already recorded). */
static bool past_date(json_t *body, const char *name, bdate_t today, json_t **errors,
		      char out[BDATE_ISO_LEN])
{
	bdate_t d;
	if (!api_json_date(body, name, false, errors, &d))
		return false;
	if (d > today) {
		api_field_error(errors, name, "range", "must not be after today");
		return false;
	}
	bdate_format_iso(d, out);
	return true;
}

/* ---- households ---- */

bool in_phone_ok(const char *s)
{
	size_t n = strlen(s);
	const char *p = s[0] == '+' ? s + 1 : s;
	return n >= LIM_HOUSEHOLD_PHONE_MIN && n <= LIM_HOUSEHOLD_PHONE && *p >= '0' && *p <= '9' &&
	       strspn(p, "0123456789 ./-") == strlen(p);
}

bool in_email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	return at != NULL && at != s && at[1] != '\0' && strchr(at + 1, '@') == NULL &&
	       strlen(s) >= LIM_HOUSEHOLD_EMAIL_MIN && strcspn(s, " \t\r\n") == strlen(s);
}

void in_household_read(json_t *body, struct in_household *out, json_t **errors)
{
	api_json_only(body, in_household_fields, errors);
	out->reference = api_json_string(body, "reference", LIM_HOUSEHOLD_REFERENCE, true, errors);
	out->phone = api_json_string(body, "contact_phone", LIM_HOUSEHOLD_PHONE, false, errors);
	if (out->phone != NULL && !in_phone_ok(out->phone))
		api_field_error(
		    errors, "contact_phone", "invalid",
		    "must be a phone number: digits, spaces, '.', '/', '-', leading '+'");
	out->email = api_json_string(body, "contact_email", LIM_HOUSEHOLD_EMAIL, false, errors);
	if (out->email != NULL && !in_email_ok(out->email))
		api_field_error(errors, "contact_email", "invalid", "must be an e-mail address");
	const char *names[] = {"reference"};
	const char *vals[] = {out->reference};
	api_json_nonempty_check(errors, 1, names, vals);
}

/* ---- members ---- */

/* The national register number, checked against the birth date and the sex
 * read (when they were). */
static void nrn_read(json_t *body, const bdate_t *birth, const int *sex, struct in_member *out,
		     json_t **errors)
{
	const char *nrn =
	    api_json_string(body, "national_register_number", LIM_MEMBER_NRN, false, errors);
	if (nrn == NULL)
		return;
	enum ident_err e = ident_nrn_parse(nrn, strlen(nrn), &out->nrn);
	if (e != IDENT_OK) {
		char msg[120];
		snprintf(msg, sizeof msg, "%s (11 digits or YY.MM.DD-SSS.CC)", ident_err_str(e));
		api_field_error(errors, "national_register_number", "invalid", msg);
	} else if (birth != NULL && out->nrn.birth_known && out->nrn.birth != *birth) {
		api_field_error(errors, "national_register_number", "mismatch",
				"its birth date does not match birth_date");
	} else if (sex != NULL && out->nrn.sex != IDENT_SEX_UNKNOWN &&
		   (out->nrn.sex == IDENT_SEX_MALE) != (*sex == 0)) {
		api_field_error(errors, "national_register_number", "mismatch",
				"its sequence number does not match sex");
	} else {
		out->has_nrn = true;
	}
}

void in_member_read(json_t *body, bdate_t today, struct in_member *out, json_t **errors)
{
	bdate_t birth;
	api_json_only(body, in_member_fields, errors);
	out->first = api_json_string(body, "first_name", LIM_MEMBER_NAME, true, errors);
	out->last = api_json_string(body, "last_name", LIM_MEMBER_NAME, true, errors);
	bool has_birth = api_json_date(body, "birth_date", true, errors, &birth);
	bdate_t oldest = 0;
	if (has_birth && (!bdate_from_ymd(LIM_MEMBER_BIRTH_YEAR_MIN, 1, 1, &oldest) ||
			  birth < oldest || birth > today)) {
		api_field_error(errors, "birth_date", "range",
				"must be from 1900-01-01 and not after today");
		has_birth = false;
	}
	if (has_birth)
		bdate_format_iso(birth, out->birth);
	bool has_sex = api_json_enum(body, "sex", true, household_sexes, errors, &out->sex);
	bool has_relation =
	    api_json_enum(body, "relation", true, household_relations, errors, &out->relation);
	out->dependent = false;
	api_json_bool(body, "dependent_child", false, errors, &out->dependent);
	if (out->dependent && has_relation && out->relation <= 1)
		api_field_error(errors, "dependent_child", "invalid",
				"the head and the partner are never dependent children");
	out->emancipated = false;
	api_json_bool(body, "emancipated", false, errors, &out->emancipated);
	nrn_read(body, has_birth ? &birth : NULL, has_sex ? &out->sex : NULL, out, errors);
	const char *names[] = {"first_name", "last_name"};
	const char *vals[] = {out->first, out->last};
	api_json_nonempty_check(errors, 2, names, vals);
}

/* ---- incomes ---- */

void in_income_read(json_t *body, struct in_income *out, json_t **errors)
{
	api_json_only(body, in_income_fields, errors);
	bool has_kind =
	    api_json_enum(body, "kind", true, household_income_kinds, errors, &out->kind);
	bool exempt = has_kind && in_income_kind_exempt(out->kind);
	bool has_basis =
	    api_json_enum(body, "basis", true, household_income_bases, errors, &out->basis);
	bool assessed = has_basis && out->basis == 0;
	/* By default an income is taxable unless its kind never is. */
	out->taxable = !exempt;
	bool has_taxable = api_json_bool(body, "taxable", false, errors, &out->taxable);
	if (has_taxable && out->taxable && exempt)
		api_field_error(errors, "taxable", "invalid",
				"RIS, GRAPA, disability and family allowances are never taxable");
	else if (assessed && !out->taxable)
		api_field_error(errors, "taxable", "invalid",
				"an assessed income is the taxable income of the assessment");
	api_json_cents(body, "amount_cents", true, LIM_AMOUNT_CENTS_MIN,
		       LIM_HOUSEHOLD_AMOUNT_CENTS_MAX, errors, &out->amount);
	api_json_enum(body, "periodicity", true, household_periodicities, errors,
		      &out->periodicity);
	out->has_year = api_json_int(body, "income_year", assessed, LIM_INCOME_YEAR_MIN,
				     LIM_INCOME_YEAR_MAX, errors, &out->year);
	out->evidence =
	    api_json_string(body, "evidence_reference", LIM_EVIDENCE_REFERENCE, assessed, errors);
	const char *names[] = {"evidence_reference"};
	const char *vals[] = {out->evidence};
	api_json_nonempty_check(errors, 1, names, vals);
}

/* ---- debt mediation (P-c) ---- */

void in_mediation_read(json_t *body, bdate_t today, struct in_mediation *out, json_t **errors)
{
	api_json_only(body, in_mediation_fields, errors);
	out->service =
	    api_json_string(body, "service_name", LIM_MEDIATION_SERVICE_NAME, true, errors);
	out->approval = api_json_string(body, "approval_reference",
					LIM_MEDIATION_APPROVAL_REFERENCE, false, errors);
	api_json_cents(body, "monthly_charges_cents", true, LIM_AMOUNT_CENTS_MIN,
		       LIM_HOUSEHOLD_AMOUNT_CENTS_MAX, errors, &out->charges);
	out->has_since = past_date(body, "started_on", today, errors, out->since);
	const char *names[] = {"service_name", "approval_reference"};
	const char *vals[] = {out->service, out->approval};
	api_json_nonempty_check(errors, 2, names, vals);
}

/* ---- patrimony ---- */

/* attestation: {reference, date, issuer, finding}, errors as attestation.x */
static void attestation_read(json_t *body, bdate_t today, struct in_patrimony *out, json_t **errors)
{
	json_t *a = json_object_get(body, "attestation");
	if (a == NULL || json_is_null(a))
		return;
	if (!json_is_object(a)) {
		api_field_error(errors, "attestation", "type",
				"must be an object {reference, date, issuer, finding}");
		return;
	}
	json_t *e = NULL;
	bdate_t d;
	api_json_only(a, in_attestation_fields, &e);
	out->att_ref = api_json_nonempty(a, "reference", LIM_ATTESTATION_REFERENCE, true, &e);
	if (api_json_date(a, "date", true, &e, &d)) {
		if (d > today)
			api_field_error(&e, "date", "range", "must not be after today");
		bdate_format_iso(d, out->att_date);
	}
	api_json_enum(a, "issuer", true, household_attestation_issuers, &e, &out->issuer);
	api_json_enum(a, "finding", true, household_attestation_findings, &e, &out->finding);
	size_t i;
	json_t *err;
	json_array_foreach(e, i, err)
	{
		char name[48];
		snprintf(name, sizeof name, "attestation.%s",
			 json_string_value(json_object_get(err, "field")));
		api_field_error(errors, name, json_string_value(json_object_get(err, "code")),
				json_string_value(json_object_get(err, "message")));
	}
	out->has_attestation = e == NULL;
	json_decref(e);
}

void in_patrimony_read(json_t *body, bdate_t today, struct in_patrimony *out, json_t **errors)
{
	api_json_only(body, in_patrimony_fields, errors);
	out->has_member =
	    api_json_int(body, "member_id", false, LIM_ID_MIN, LIM_ID_MAX, errors, &out->member);
	api_json_enum(body, "holding", true, household_holdings, errors, &out->holding);
	out->dwelling = api_json_string(body, "dwelling", LIM_PATRIMONY_DWELLING, true, errors);
	const char *names[] = {"dwelling"};
	const char *vals[] = {out->dwelling};
	api_json_nonempty_check(errors, 1, names, vals);
	attestation_read(body, today, out, errors);
}

/* ---- force majeure (ground F) ---- */

static void proofs_read(json_t *body, struct in_force_majeure *out, json_t **errors)
{
	json_t *a = json_object_get(body, "proof_references");
	if (a == NULL || json_is_null(a)) {
		api_field_error(errors, "proof_references", "required",
				"at least one proof reference is required");
		return;
	}
	if (!json_is_array(a) || json_array_size(a) < LIM_FORCE_MAJEURE_PROOFS_MIN ||
	    json_array_size(a) > LIM_FORCE_MAJEURE_PROOFS) {
		char msg[64];
		snprintf(msg, sizeof msg, "must be an array of %d to %d references",
			 LIM_FORCE_MAJEURE_PROOFS_MIN, LIM_FORCE_MAJEURE_PROOFS);
		api_field_error(errors, "proof_references", "type", msg);
		return;
	}
	bool ok = true;
	size_t i;
	json_t *p;
	json_array_foreach(a, i, p)
	{
		const char *s = json_string_value(p);
		if (s == NULL || s[0] == '\0' || json_string_length(p) > LIM_FORCE_MAJEURE_PROOF ||
		    strlen(s) != json_string_length(p) || !api_single_line(s)) {
			char name[40], msg[64];
			snprintf(name, sizeof name, "proof_references[%zu]", i);
			snprintf(msg, sizeof msg, "must be one line of 1 to %d bytes",
				 LIM_FORCE_MAJEURE_PROOF);
			api_field_error(errors, name, "invalid", msg);
			ok = false;
		}
	}
	if (ok)
		out->proofs = a;
}

void in_force_majeure_read(json_t *body, bdate_t today, struct in_force_majeure *out,
			   json_t **errors)
{
	api_json_only(body, in_force_majeure_fields, errors);
	api_json_enum(body, "category", true, household_fm_categories, errors, &out->category);
	out->has_event = past_date(body, "event_date", today, errors, out->event);
	out->justification =
	    api_json_text(body, "justification", LIM_FORCE_MAJEURE_JUSTIFICATION, true, errors);
	const char *names[] = {"justification"};
	const char *vals[] = {out->justification};
	api_json_nonempty_check(errors, 1, names, vals);
	proofs_read(body, out, errors);
}

/* ---- income degradation ---- */

void in_degradation_read(json_t *body, bdate_t today, struct in_degradation *out, json_t **errors)
{
	api_json_only(body, in_degradation_fields, errors);
	api_json_enum(body, "reason", true, household_degradation_reasons, errors, &out->reason);
	out->has_since = past_date(body, "since", today, errors, out->since);
	api_json_cents(body, "six_month_taxable_cents", true, LIM_AMOUNT_CENTS_MIN,
		       LIM_HOUSEHOLD_AMOUNT_CENTS_MAX, errors, &out->six_month);
	out->evidence =
	    api_json_string(body, "evidence_reference", LIM_EVIDENCE_REFERENCE, false, errors);
	const char *names[] = {"evidence_reference"};
	const char *vals[] = {out->evidence};
	api_json_nonempty_check(errors, 1, names, vals);
}

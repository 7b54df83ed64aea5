/* The field limits and where each is also written (api/field_limits.h). */
#include <stddef.h>

#include "field_limits.h"

#define ROW(lim, lo, sql, openapi) {#lim, (lo), (lim), (sql), (openapi)}

const struct api_limit api_limits[] = {
    /* ---- shared ---- */
    /* Ids: the database has no CHECK, the foreign key says more. */
    ROW(LIM_ID_MAX, LIM_ID_MIN, NULL,
	"UnitInput.building_id AdmissionCheckInput.unit_id PatrimonyRecordInput.member_id"
	" ConventionInput.admission_check_id RenewInput.admission_check_id SignInput.signatories[]"
	" NoticeInput.letters[].member_id AccompanimentPlanInput.worker_user_id"
	" AccompanimentPlanInput.persons[] LogbookEntryInput.corrects_id"
	" PaymentInput.household_id"),
    /* Amounts from 0. OverstayNoticeInput.arrears_cents is only printed:
     * no column. */
    ROW(LIM_AMOUNT_CENTS_MAX, LIM_AMOUNT_CENTS_MIN,
	"units.base_indemnity_cents units.utility_provision_cents"
	" accompaniment_plans.rental_guarantee_target_cents conventions.rental_guarantee_cents",
	"UnitInput.base_indemnity_cents UnitInput.utility_provision_cents"
	" OverstayNoticeInput.arrears_cents EndInput.rental_guarantee_cents"
	" AccompanimentPlanInput.rental_guarantee_target_cents"),
    /* Address texts are never "" (left out or null instead). */
    ROW(LIM_ADDRESS_STREET, 1, "units.street buildings.street operators.street",
	"OperatorInput.street UnitInput.street BuildingInput.street"),
    ROW(LIM_ADDRESS_HOUSE_NUMBER, 1,
	"units.house_number buildings.house_number operators.house_number",
	"OperatorInput.house_number UnitInput.house_number BuildingInput.house_number"),
    ROW(LIM_ADDRESS_BOX, 1, "units.box operators.box", "OperatorInput.box UnitInput.box"),
    ROW(LIM_ADDRESS_COMMUNE, 1,
	"units.commune buildings.commune operators.commune conventions.destination_commune",
	"OperatorInput.commune UnitInput.commune BuildingInput.commune"
	" EndInput.destination_commune"),
    /* The length both sides say by the pattern ^[1-9][0-9]{3}$. */
    ROW(LIM_POSTAL_CODE_LEN, LIM_POSTAL_CODE_LEN,
	"units.postal_code buildings.postal_code operators.postal_code",
	"UnitInput.postal_code BuildingInput.postal_code OperatorInput.postal_code"),

    /* ---- units and buildings ---- */
    ROW(LIM_BUILDING_NAME, 1, "buildings.name", "BuildingInput.name"),
    ROW(LIM_UNIT_NAME, 1, "units.name", "UnitInput.name"),
    ROW(LIM_UNIT_FLOOR_MAX, LIM_UNIT_FLOOR_MIN, "units.floor", "UnitInput.floor"),
    /* SQL: rooms.position BETWEEN 0 AND 15, a position and not a count */
    ROW(LIM_UNIT_ROOMS, 0, NULL, "UnitInput.rooms"),
    ROW(LIM_ROOM_NAME, 1, "rooms.name", "Room.name"),
    ROW(LIM_ROOM_AREA_DM2_MAX, LIM_ROOM_AREA_DM2_MIN, "rooms.area_dm2", "Room.area_dm2"),

    /* ---- households ---- */
    ROW(LIM_HOUSEHOLD_REFERENCE, 1, "households.reference", "HouseholdInput.reference"),
    /* SQL: the pattern ^\+?[0-9][0-9 ./-]{5,29}$, not a length */
    ROW(LIM_HOUSEHOLD_PHONE, LIM_HOUSEHOLD_PHONE_MIN, NULL, "HouseholdInput.contact_phone"),
    ROW(LIM_HOUSEHOLD_EMAIL, LIM_HOUSEHOLD_EMAIL_MIN, "households.contact_email",
	"HouseholdInput.contact_email"),
    ROW(LIM_MEMBER_NAME, 1, "members.first_name members.last_name",
	"MemberInput.first_name MemberInput.last_name"),
    /* a date bound (members.birth_date >= '1900-01-01'), not a number: no
     * row compares it; LIM_MEMBER_BIRTH_YEAR_MIN has no ROW */
    /* SQL stores the 11 digits (a pattern); the API reads the formatted 15 */
    ROW(LIM_MEMBER_NRN, 0, NULL, "MemberInput.national_register_number"),
    ROW(LIM_HOUSEHOLD_AMOUNT_CENTS_MAX, LIM_AMOUNT_CENTS_MIN,
	"incomes.amount_cents debt_mediations.monthly_charges_cents"
	" income_degradations.six_month_taxable_cents",
	"IncomeInput.amount_cents DebtMediationInput.monthly_charges_cents"
	" IncomeDegradationInput.six_month_taxable_cents"),
    ROW(LIM_INCOME_YEAR_MAX, LIM_INCOME_YEAR_MIN, "incomes.income_year", "IncomeInput.income_year"),
    ROW(LIM_EVIDENCE_REFERENCE, 1,
	"incomes.evidence_reference income_degradations.evidence_reference",
	"IncomeInput.evidence_reference IncomeDegradationInput.evidence_reference"),
    ROW(LIM_MEDIATION_SERVICE_NAME, 1, "debt_mediations.service_name",
	"DebtMediationInput.service_name"),
    ROW(LIM_MEDIATION_APPROVAL_REFERENCE, 1, "debt_mediations.approval_reference",
	"DebtMediationInput.approval_reference"),
    ROW(LIM_PATRIMONY_DWELLING, 1, "patrimony_records.dwelling", "PatrimonyRecordInput.dwelling"),
    ROW(LIM_ATTESTATION_REFERENCE, 1, "patrimony_records.attestation_reference",
	"Attestation.reference"),
    ROW(LIM_FORCE_MAJEURE_JUSTIFICATION, 1, "force_majeure_records.justification",
	"ForceMajeureRecordInput.justification"),
    /* a count of array elements (cardinality, minItems/maxItems) */
    ROW(LIM_FORCE_MAJEURE_PROOFS, LIM_FORCE_MAJEURE_PROOFS_MIN,
	"force_majeure_records.proof_references", "ForceMajeureRecordInput.proof_references"),
    /* SQL refuses '' elements but has no length CHECK; openapi: the items'
     * minLength/maxLength */
    ROW(LIM_FORCE_MAJEURE_PROOF, 1, NULL, "ForceMajeureRecordInput.proof_references[]"),

    /* ---- admission ---- */
    /* unit_id: LIM_ID_MIN (shared); the start date's bound is a legal
     * parameter (admission_check_max_age_days), not a field limit */

    /* ---- conventions, accompaniment, logbooks, letters ---- */
    /* No CHECK: a count of rows (signatories, letters, plan persons). */
    ROW(LIM_CONVENTION_PERSONS_MAX, 1, NULL,
	"SignInput.signatories NoticeInput.letters AccompanimentPlanInput.persons"),
    /* PlanTexts is the array schema itself (objectives, initiatives,
     * indicators refer to it): its minItems and maxItems. */
    ROW(LIM_PLAN_TEXTS_MAX, 1,
	"accompaniment_plans.objectives accompaniment_plans.initiatives"
	" accompaniment_plans.indicators",
	"PlanTexts"),
    /* No CHECK: the database does not look inside the text arrays. */
    ROW(LIM_PLAN_TEXT, 1, NULL, "PlanTexts[]"),
    ROW(LIM_ACCOMPANIMENT_LOG_SUMMARY, 1, "accompaniment_logs.summary",
	"AccompanimentLogInput.summary"),
    ROW(LIM_GUARANTEE_SAVING_CENTS, -LIM_GUARANTEE_SAVING_CENTS, "guarantee_savings.amount_cents",
	"GuaranteeSavingInput.amount_cents"),
    ROW(LIM_GUARANTEE_SAVING_NOTE, 1, "guarantee_savings.note", "GuaranteeSavingInput.note"),
    ROW(LIM_LOGBOOK_PROBLEM, 0, "logbook_entries.problem", "LogbookEntryInput.problem"),
    ROW(LIM_LOGBOOK_LOCATION, 0, "logbook_entries.location", "LogbookEntryInput.location"),
    ROW(LIM_LOGBOOK_MEASURE, 0, "logbook_entries.measure", "LogbookEntryInput.measure"),
    ROW(LIM_LOGBOOK_INFORMED_WHOM, 0, "logbook_entries.informed_whom",
	"LogbookEntryInput.informed_whom"),
    ROW(LIM_LOGBOOK_ACTION_TAKEN, 0, "logbook_entries.action_taken",
	"LogbookEntryInput.action_taken"),
    ROW(LIM_LOGBOOK_ACTION_BY, 0, "logbook_entries.action_by", "LogbookEntryInput.action_by"),
    /* Letters: their texts are not stored, so no column carries them (sql
     * NULL). A nested property is named by its path, array items skipped:
     * "NonRenewalLetterInput.rows.topic" is the topic of each row. The
     * array bounds are minItems/maxItems. */
    ROW(LIM_LETTER_ROWS_MAX, 1, NULL, "NonRenewalLetterInput.rows HearingRecordInput.attendees"),
    ROW(LIM_LETTER_MOTIVATION, 1, NULL, "NonRenewalLetterInput.motivation"),
    ROW(LIM_LETTER_WORKER, 1, NULL, "NonRenewalLetterInput.worker"),
    ROW(LIM_LETTER_ROW_TOPIC, 1, NULL, "NonRenewalLetterInput.rows.topic"),
    ROW(LIM_LETTER_ROW_TEXT, 1, NULL,
	"NonRenewalLetterInput.rows.at_admission NonRenewalLetterInput.rows.now"),
    ROW(LIM_LETTER_TIME, 1, NULL, "NonRenewalLetterInput.hearing.time HearingRecordInput.time"),
    ROW(LIM_LETTER_PLACE, 1, NULL, "NonRenewalLetterInput.hearing.place HearingRecordInput.place"),
    ROW(LIM_LETTER_SUBJECT, 1, NULL, "HearingRecordInput.subject"),
    ROW(LIM_LETTER_STATEMENT, 1, NULL,
	"HearingRecordInput.occupant_statement HearingRecordInput.operator_statement"),
    ROW(LIM_LETTER_CONCLUSION, 1, NULL, "HearingRecordInput.conclusion"),
    ROW(LIM_LETTER_ATTENDEE_NAME, 1, NULL, "HearingRecordInput.attendees.name"),
    ROW(LIM_LETTER_ATTENDEE_ROLE, 1, NULL, "HearingRecordInput.attendees.role"),
    ROW(LIM_LETTER_CANTON, 1, NULL, "OverstayNoticeInput.canton"),
    ROW(LIM_LETTER_MEDIATOR, 1, NULL, "OverstayNoticeInput.mediator"),

    /* ---- billing and payments ---- */
    /* billing_runs.month is a date; the API's pattern ^[0-9]{4}-[0-9]{2}$
     * says the length, no maxLength does */
    ROW(LIM_BILLING_RUN_MONTH, LIM_BILLING_RUN_MONTH, NULL, NULL),
    /* payments.amount_cents also holds reversals (-max..max, not 0): its
     * CHECK is wider than what a body gives, 1..max, so it is not listed */
    ROW(LIM_PAYMENT_AMOUNT_CENTS, LIM_PAYMENT_AMOUNT_CENTS_MIN, NULL, "PaymentInput.amount_cents"),
    ROW(LIM_PAYMENT_PAYER, 1, "payments.payer", "PaymentInput.payer"),
    /* a length bound before the form is parsed: payments.communication
     * stores the normalised 20 characters (a pattern CHECK), the API
     * describes the form, not a length */
    ROW(LIM_PAYMENT_COMMUNICATION, 0, NULL, NULL),
    /* a header, not a schema property: the openapi parameter
     * Idempotency-Key of POST /payments says minLength 1, maxLength 200 */
    ROW(LIM_PAYMENT_IDEMPOTENCY_KEY, 1, "idempotency_keys.key", NULL),
    ROW(LIM_REVERSAL_REASON, 1, "payments.reason", "ReversalInput.reason"),

    /* ---- alerts, parameters, operator ---- */
    ROW(LIM_OPERATOR_NAME, 1, "operators.name", "OperatorInput.name"),
    ROW(LIM_OPERATOR_PLACE, 1, "operators.place", "OperatorInput.place"),
    ROW(LIM_OPERATOR_CONTACT, 1, "operators.contact", "OperatorInput.contact"),
    ROW(LIM_OPERATOR_SIGNATORY, 1, "operators.signatory_name operators.signatory_role",
	"OperatorInput.signatory_name OperatorInput.signatory_role"),
    /* The IBAN as typed (spaces allowed) before core/ident reads it: the
     * column holds the electronic form (CHECK ^BE[0-9]{14}$) and the API
     * description gives no maxLength, so neither carries this bound. */
    ROW(LIM_OPERATOR_IBAN, 1, NULL, NULL),
    ROW(LIM_OPERATOR_OGM_BASE_MAX, 0, "operators.ogm_base", "OperatorInput.ogm_base"),
    /* The comment is required (1..): the handler refuses "" itself. */
    ROW(LIM_ALERT_COMMENT_MAX, 1, "alerts.acknowledge_comment alerts.resolve_comment",
	"AlertComment.comment"),
    /* SQL's regex ^[a-z][a-z0-9_]{0,63}$ and openapi's pattern (the same)
     * carry this length, not a length() CHECK or a maxLength. */
    ROW(LIM_PARAMETER_KEY_MAX, 1, "parameters.key", "ParameterInput.key"),
    /* The length of the text sent; the column is numeric(14, 2) and the
     * description a pattern without a length: neither has this bound. */
    ROW(LIM_PARAMETER_VALUE_MAX, 0, NULL, NULL),
    ROW(LIM_PARAMETER_UNIT_MAX, 1, "parameters.unit", "ParameterInput.unit"),
    ROW(LIM_PARAMETER_SOURCE_MAX, 0, "parameters.source", "ParameterInput.source"),
    /* A cap before the enum check: SQL (IN (...)) and openapi (enum) name
     * the three states instead of a length. */
    ROW(LIM_PARAMETER_CONFIRMED_MAX, 0, NULL, NULL),

    {NULL, 0, 0, NULL, NULL}, /* end */
};

const int api_limits_count = (int)(sizeof api_limits / sizeof api_limits[0]) - 1;

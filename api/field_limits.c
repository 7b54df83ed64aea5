/* The field limits and where each is also written (api/field_limits.h). */
#include <stddef.h>

#include "field_limits.h"

#define ROW(lim, lo, sql, openapi) {#lim, (lo), (lim), (sql), (openapi)}

const struct api_limit api_limits[] = {
    /* ---- shared ---- */
    /* Other resources add their columns and properties here at merge. */
    ROW(LIM_AMOUNT_CENTS_MAX, 0, NULL, "OverstayNoticeInput.arrears_cents"),

    /* ---- units and buildings ---- */

    /* ---- households ---- */

    /* ---- admission ---- */

    /* ---- conventions, accompaniment, logbooks, letters ---- */
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

    /* ---- alerts, parameters, operator ---- */
    ROW(LIM_OPERATOR_NAME, 1, "operators.name", "OperatorInput.name"),
    ROW(LIM_OPERATOR_STREET, 1, "operators.street", "OperatorInput.street"),
    ROW(LIM_OPERATOR_HOUSE_NUMBER, 1, "operators.house_number", "OperatorInput.house_number"),
    ROW(LIM_OPERATOR_BOX, 1, "operators.box", "OperatorInput.box"),
    /* Four characters: the CHECK and the openapi pattern are both
     * ^[1-9][0-9]{3}$, no length bound. */
    ROW(LIM_OPERATOR_POSTAL_CODE, 4, "operators.postal_code", "OperatorInput.postal_code"),
    ROW(LIM_OPERATOR_COMMUNE, 1, "operators.commune", "OperatorInput.commune"),
    ROW(LIM_OPERATOR_PLACE, 1, "operators.place", "OperatorInput.place"),
    ROW(LIM_OPERATOR_CONTACT, 1, "operators.contact", "OperatorInput.contact"),
    ROW(LIM_OPERATOR_SIGNATORY, 1, "operators.signatory_name operators.signatory_role",
	"OperatorInput.signatory_name OperatorInput.signatory_role"),
    /* The IBAN as typed (spaces allowed) before core/ident reads it: the
     * column holds the electronic form (CHECK ^BE[0-9]{14}$) and the API
     * description gives no maxLength, so neither carries this bound. */
    ROW(LIM_OPERATOR_IBAN, 1, NULL, NULL),
    ROW(LIM_OPERATOR_OGM_BASE_MAX, 0, "operators.ogm_base", "OperatorInput.ogm_base"),

    {NULL, 0, 0, NULL, NULL}, /* end */
};

const int api_limits_count = (int)(sizeof api_limits / sizeof api_limits[0]) - 1;

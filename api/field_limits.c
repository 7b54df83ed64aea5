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
    /* Amounts from 0. Not listed, their openapi property has no maximum
     * (reported to the lead, issue 14; behaviour unchanged):
     * UnitInput.base_indemnity_cents, AccompanimentPlanInput.
     * rental_guarantee_target_cents, EndInput.rental_guarantee_cents.
     * OverstayNoticeInput.arrears_cents is only printed: no column. */
    ROW(LIM_AMOUNT_CENTS_MAX, 0,
	"units.base_indemnity_cents units.utility_provision_cents"
	" accompaniment_plans.rental_guarantee_target_cents conventions.rental_guarantee_cents",
	"UnitInput.utility_provision_cents OverstayNoticeInput.arrears_cents"),
    /* Address texts are never "" (left out or null instead). Not listed,
     * their openapi property has no minLength: 1 (reported to the lead):
     * UnitInput and BuildingInput street, house_number, box, commune;
     * EndInput.destination_commune. */
    ROW(LIM_ADDRESS_STREET, 1, "units.street buildings.street operators.street",
	"OperatorInput.street"),
    ROW(LIM_ADDRESS_HOUSE_NUMBER, 1,
	"units.house_number buildings.house_number operators.house_number",
	"OperatorInput.house_number"),
    ROW(LIM_ADDRESS_BOX, 1, "units.box operators.box", "OperatorInput.box"),
    ROW(LIM_ADDRESS_COMMUNE, 1,
	"units.commune buildings.commune operators.commune conventions.destination_commune",
	"OperatorInput.commune"),
    /* The length both sides say by the pattern ^[1-9][0-9]{3}$. */
    ROW(LIM_POSTAL_CODE_LEN, LIM_POSTAL_CODE_LEN,
	"units.postal_code buildings.postal_code operators.postal_code",
	"UnitInput.postal_code BuildingInput.postal_code OperatorInput.postal_code"),

    /* ---- units and buildings ---- */

    /* ---- households ---- */

    /* ---- admission ---- */

    /* ---- conventions, accompaniment, logbooks, letters ---- */

    /* ---- billing and payments ---- */

    /* ---- alerts, parameters, operator ---- */

    {NULL, 0, 0, NULL, NULL}, /* end */
};

const int api_limits_count = (int)(sizeof api_limits / sizeof api_limits[0]) - 1;

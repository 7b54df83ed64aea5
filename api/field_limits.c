/* The field limits and where each is also written (api/field_limits.h). */
#include <stddef.h>

#include "field_limits.h"

#define ROW(lim, lo, sql, openapi) {#lim, (lo), (lim), (sql), (openapi)}

const struct api_limit api_limits[] = {
    /* ---- shared ---- */
    ROW(LIM_AMOUNT_CENTS_MAX, 0,
	"conventions.rental_guarantee_cents accompaniment_plans.rental_guarantee_target_cents",
	"EndInput.rental_guarantee_cents AccompanimentPlanInput.rental_guarantee_target_cents"),

    /* ---- units and buildings ---- */

    /* ---- households ---- */

    /* ---- admission ---- */

    /* ---- conventions, accompaniment, logbooks, letters ---- */
    /* No CHECK: a count of rows (signatories, letters, plan persons). */
    ROW(LIM_CONVENTION_PERSONS_MAX, 1, NULL,
	"SignInput.signatories NoticeInput.letters AccompanimentPlanInput.persons"),
    ROW(LIM_CONVENTION_DESTINATION_COMMUNE, 1, "conventions.destination_commune",
	"EndInput.destination_commune"),
    /* PlanTexts is the array schema itself (objectives, initiatives,
     * indicators refer to it): its minItems and maxItems. */
    ROW(LIM_PLAN_TEXTS_MAX, 1,
	"accompaniment_plans.objectives accompaniment_plans.initiatives"
	" accompaniment_plans.indicators",
	"PlanTexts"),
    /* No CHECK: the database does not look inside the text arrays. */
    ROW(LIM_PLAN_TEXT, 1, NULL, "PlanTexts.items"),
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

    /* ---- billing and payments ---- */

    /* ---- alerts, parameters, operator ---- */

    {NULL, 0, 0, NULL, NULL}, /* end */
};

const int api_limits_count = (int)(sizeof api_limits / sizeof api_limits[0]) - 1;

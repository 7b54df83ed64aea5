/*
 * alert: what the social worker, the accountant and the operator must be
 * told, and when (rules.md section 8, visit frequencies of section 7).
 *
 * An alert is identified by its kind, its object (type and id) and its due
 * date: the same facts always give the same identity, so the caller can
 * upsert alerts daily and each one is raised once. The caller stores the
 * alert's own state (open, acknowledged, resolved); core only says which
 * alerts are due on a given day.
 *
 * Pure: "today" is an input; no I/O, no globals, no allocation. Alerts are
 * written into caller arrays (at most ALERT_MAX_PER_CONVENTION for one
 * convention); strings go into caller buffers; the kind table and names are
 * static. Nothing returned needs freeing.
 */
#ifndef TRANSITD_CORE_ALERT_H
#define TRANSITD_CORE_ALERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bdate.h"
#include "conv.h"
#include "params.h"

/* Audience bits (stored in alerts.audience). */
#define ALERT_FOR_SOCIAL_WORKER 1u
#define ALERT_FOR_ACCOUNTANT	2u
#define ALERT_FOR_OPERATOR	4u
#define ALERT_FOR_ALL		(ALERT_FOR_SOCIAL_WORKER | ALERT_FOR_ACCOUNTANT | ALERT_FOR_OPERATOR)

/*
 * The alerts a user sees, by the code of its role (the user_role names of
 * the database): a social worker, an accountant and an operator the alerts
 * meant for them; an admin, an auditor (and any other name) all. The one
 * home of this rule: the list, acknowledge, resolve and the e-mail digest
 * pass these bits to SQL (sql/017 dropped SQL's copy, role_audience()).
 */
unsigned alert_audience_of_role(const char *role);

enum alert_object {
	ALERT_OBJ_CONVENTION,
	ALERT_OBJ_INVOICE,
	ALERT_OBJ_UNIT,
	ALERT_OBJ_BUILDING,
	ALERT_OBJ_COUNT
};

/*
 * Kinds, with when each opens relative to its due date (see alert_kinds):
 *   renewal_decision_due   due: posting deadline of the current period; opens 45 days before
 *   notice_deadline_30     due: same posting deadline; opens 30 days before
 *   notice_deadline_7      due: same posting deadline; opens 7 days before
 *   convention_ending      due: final end; opens 30 days before
 *   overstay               due = opens: the day after the final end
 *   invoice_unpaid         due: the invoice's due date + unpaid_grace_days; opens the day after
 *                          (days late, counted by SQL's invoice_days_late, above the grace)
 *   visit_overdue          due: last visit + frequency; opens the day after
 *   safety_check           due: start (check-in); opens 14 days before, or at the
 *                          previous occupant's exit when later
 *   plan_missing           due = opens: the signature date
 *   admission_check_stale  due: start; opens the day the check becomes too old for that
 *                          start (check + admission_check_max_age_days + 1), or
 *                          max_age days before the start when there is no check
 */
enum alert_kind {
	ALERT_RENEWAL_DECISION_DUE,
	ALERT_NOTICE_DEADLINE_30,
	ALERT_NOTICE_DEADLINE_7,
	ALERT_CONVENTION_ENDING,
	ALERT_OVERSTAY,
	ALERT_INVOICE_UNPAID,
	ALERT_VISIT_OVERDUE,
	ALERT_SAFETY_CHECK,
	ALERT_PLAN_MISSING,
	ALERT_ADMISSION_CHECK_STALE,
	ALERT_KIND_COUNT
};

struct alert_kind_info {
	const char *code;     /* stable API/database code, e.g. "notice_deadline_7" */
	const char *label_fr; /* short French label for lists */
	unsigned audience;    /* ALERT_FOR_* bits */
	enum alert_object object;
	const char *todo_fr_before; /* the "what to do" sentence is before + DD/MM/YYYY + after */
	const char *todo_fr_after;
};

/* Indexed by enum alert_kind; static storage, never freed. */
extern const struct alert_kind_info alert_kinds[ALERT_KIND_COUNT];

/* Stable object-type names ("convention", "invoice", "unit", "building"); NULL out of range. */
const char *alert_object_name(enum alert_object o);
/* Kind code -> enum; false when unknown. */
CORE_WUR bool alert_kind_parse(const char *code, enum alert_kind *out);

struct alert {
	enum alert_kind kind;
	enum alert_object object;
	int64_t object_id;
	bdate_t due_on;	  /* the object date: the deadline or event the alert is about */
	bdate_t opens_on; /* first day the alert is due */
};

/* "kind:object:id:YYYY-MM-DD", e.g. "notice_deadline_7:convention:42:2026-03-27". */
#define ALERT_IDENTITY_MAX 80
/* The stable identity, into buf; false when the alert is invalid or buf too small. */
CORE_WUR bool alert_identity(const struct alert *a, char *buf, size_t size);

/*
 * The French "what to do" sentence with the due date, e.g.
 * "Envoyer le préavis avant le 27/03/2026 (lettres recommandées à chaque
 * partenaire)". False when the alert is invalid or buf too small (buf then
 * holds an empty string when size > 0). ALERT_TODO_MAX always suffices.
 */
#define ALERT_TODO_MAX 256
CORE_WUR bool alert_todo_fr(const struct alert *a, char *buf, size_t size);

/* The facts of one convention that alerts depend on. */
struct alert_conv_facts {
	int64_t convention_id;
	enum conv_state state;
	bdate_t start;
	int periods;	   /* periods granted (conv_result.periods); ignored before active */
	bdate_t signed_on; /* required from signed on */
	/*
	 * A renewal decision (renew or not) is recorded for the CURRENT period.
	 * A renewal starts a new period, for which this is false again.
	 */
	bool renewal_decided;
	bool notice_posted; /* for the current period */
	bool departure_recorded;
	bool plan_present; /* accompaniment plan attached */
	bool has_admission_check;
	bdate_t admission_check_date;
	bool has_safety_check; /* last safety check of the unit */
	bdate_t safety_check_date;
	bool has_previous_exit; /* previous occupant's exit from the unit */
	bdate_t previous_exit_date;
};

#define ALERT_MAX_PER_CONVENTION 8
/* Days before check-in when the safety check alert opens (product decision). */
#define ALERT_SAFETY_LEAD_DAYS 14

/*
 * The alerts of one convention due on `today` (opens_on <= today while the
 * condition holds), written to out in enum order; returns their count, or -1
 * on invalid facts or parameters (the calendar comes from conv_calendar with
 * p, the parameters in force at the start).
 * Conditions (states by code name):
 * - renewal_decision_due: signed/active/renewed, a period left, no decision,
 *   no notice posted.
 * - notice_deadline_30/7: active/renewed, no notice posted, no renewal
 *   decided; one alert per reminder, each its own identity.
 * - convention_ending: active/renewed/notice_given, no departure; the final
 *   end is conv_final_end (the furthest the convention can run until a
 *   notice fixes an earlier one, which gives a new identity).
 * - overstay: active/renewed/notice_given/overstay, no departure.
 * - plan_missing: signed/active/renewed/notice_given/overstay, no plan.
 * - admission_check_stale: draft/signed/active, no check, or a check dated
 *   more than admission_check_max_age_days before the start.
 * - safety_check: draft/signed/active, no safety check recorded, or one that
 *   predates the previous occupant's exit.
 * Nothing is due for ended or cancelled conventions.
 */
int alert_convention_due(const struct alert_conv_facts *f, const struct params *p, bdate_t today,
			 struct alert out[ALERT_MAX_PER_CONVENTION]);

/*
 * Unpaid indemnity of an invoice whose payment is due on `due_on` (see
 * indem_due_on: the 5th, or the first day billed) and that is `days_late`
 * days late today. Days late are counted in one place, SQL's
 * invoice_days_late() (sql/017: from the due date, 0 until then), which the
 * arrears list shows too; the alert is raised while unpaid once they exceed
 * unpaid_grace_days, so it is due unpaid_grace_days after due_on (5 + 5:
 * the 10th) and opens the day after. Returns 1 when raised, 0 when not, -1
 * on invalid input; *out is filled whenever the result is not -1, so the
 * caller can show the date ahead.
 */
int alert_invoice_unpaid(int64_t invoice_id, bdate_t due_on, int64_t days_late, bool paid,
			 const struct params *p, struct alert *out);

/*
 * The two visit rhythms of rules.md section 7; how often each is, is the
 * operator's local choice (parameters visit_common_parts_days, default 15:
 * "at least twice a month", and visit_single_family_months, default 1).
 */
enum alert_visit_frequency {
	ALERT_VISIT_TWICE_MONTHLY, /* at most visit_common_parts_days after the previous one */
	ALERT_VISIT_MONTHLY,	   /* the same day number visit_single_family_months later */
};

/*
 * Visit frequency of the carnet de bord (rules.md section 7): common parts
 * (object building) and units of a building with common parts twice a
 * month, other (single-family) units monthly.
 */
enum alert_visit_frequency alert_visit_frequency_of(enum alert_object object,
						    bool in_building_with_common_parts);

/*
 * Visit overdue for a unit or a building: due on the day the next visit is
 * needed by (last visit + visit_common_parts_days for common parts, 15 by
 * default: 1st -> 16th; or the same day visit_single_family_months later,
 * clamped: 31 Jan -> 28 Feb), due from the day after. `last_visit` is the
 * last visit, or the day the unit entered service when it was never
 * visited; p are the parameters of the object's operator in force today.
 * Returns 1 when overdue today, 0 when not, -1 on invalid input (object
 * neither unit nor building, bad frequency, days outside 1..366 or months
 * outside 1..12, date out of range); *out is filled whenever the result is
 * not -1.
 */
int alert_visit_overdue(enum alert_object object, int64_t object_id,
			enum alert_visit_frequency frequency, bdate_t last_visit,
			const struct params *p, bdate_t today, struct alert *out);

#endif

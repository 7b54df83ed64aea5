/*
 * conv: the convention d'occupation précaire, its calendar (periods, notice
 * deadlines) and its state machine (rules.md sections 2 and 4).
 *
 * Everything here is pure: no I/O, no clock ("today" is an input), no
 * globals, no allocation. Results are written into caller structs that hold
 * fixed arrays (at most CONV_MAX_PERIODS periods); the strings they point to
 * (names, codes) are static and never freed; reasons are copied into the
 * caller's struct. Nothing returned needs freeing.
 *
 * Calendar parameters come from struct params (period_months, max_periods,
 * notice_months, registered_mail_lead_working_days), resolved by the caller
 * for the convention's start date; they are accepted when period_months is
 * 1..60, max_periods 1..CONV_MAX_PERIODS, notice_months 1..24 and the lead
 * 1..30 working days, otherwise the functions return false.
 */
#ifndef TRANSITD_CORE_CONV_H
#define TRANSITD_CORE_CONV_H

#include <stdbool.h>
#include <stdint.h>

#include "bdate.h"
#include "params.h"

/* Wallonia uses 2 periods, the 18-month profile 3; room for longer ones. */
#define CONV_MAX_PERIODS 8

struct conv_period {
	bdate_t start;
	bdate_t end;		     /* E: "de quantième à veille de quantième" */
	bdate_t latest_notification; /* last deemed notification that still ends at E */
	bdate_t posting_deadline;    /* last working day to post the registered letters */
};

struct conv_calendar {
	bdate_t start;
	int n_periods; /* = max_periods */
	int notice_months;
	int lead_working_days;
	struct conv_period period[CONV_MAX_PERIODS];
};

/*
 * The calendar of a convention starting on `start`. Period k (0-based) ends
 * on the period end of start + (k + 1) * period_months computed from the
 * ORIGINAL start (no drift: 2026-08-31 -> 2027-02-28, 2027-08-30) and the
 * next one starts the day after.
 */
CORE_WUR bool conv_calendar(bdate_t start, const struct params *p, struct conv_calendar *out);

/*
 * Latest notification date for a period ending on `end`: the notice (which
 * runs from the 1st of the month after notification for notice_months whole
 * months) must be fully run by `end`. Last day of month(end) - notice_months
 * when `end` is the last day of its month, else last day of
 * month(end) - notice_months - 1.
 */
CORE_WUR bool conv_latest_notification(bdate_t end, int notice_months, bdate_t *out);

/*
 * Posting deadline: the latest WORKING day whose lead-th following working
 * day is on or before `latest_notification` (a letter cannot be posted on a
 * Sunday or a holiday; Saturday is a working day).
 */
CORE_WUR bool conv_posting_deadline(bdate_t latest_notification, int lead_working_days,
				    bdate_t *out);

/* Deemed notification of a registered letter posted on `posted`. */
CORE_WUR bool conv_deemed_notification(bdate_t posted, int lead_working_days, bdate_t *out);

/* The notice run for a notification on `notified`: [1st of next month, end]. */
CORE_WUR bool conv_notice_run(bdate_t notified, int notice_months, bdate_t *from, bdate_t *to);

/*
 * Which period end a notice notified on `notified` can still reach, looking
 * at periods from index `from_period` on: the first period whose latest
 * notification is on or after `notified`. Returns its index, or -1 when no
 * period end of the calendar can be reached (or from_period is out of range).
 */
int conv_reachable_period(const struct conv_calendar *cal, bdate_t notified, int from_period);

struct conv_reach {
	bdate_t notified_on; /* deemed notification of the posting */
	bdate_t run_from;    /* the notice run for that notification */
	bdate_t run_to;
	int period;		  /* first reachable period (0-based), -1 when none */
	bdate_t end;		  /* its end (when period >= 0) */
	bdate_t posting_deadline; /* the latest posting that still reaches it */
};

/*
 * What a notice posted on `posted_on` (the latest of its letters) can end:
 * the deemed notification, the notice run, and the first period end from
 * index from_period on that it still reaches, with that period's posting
 * deadline. False when a date falls outside the supported calendar.
 */
CORE_WUR bool conv_notice_reach(const struct conv_calendar *cal, bdate_t posted_on, int from_period,
				struct conv_reach *out);

/*
 * Renewal decision deadline: the posting deadline of the period being
 * renewed (the first period for Wallonia). `period` is 0-based.
 */
CORE_WUR bool conv_renewal_deadline(const struct conv_calendar *cal, int period, bdate_t *out);

/* ---- state machine ---------------------------------------------------- */

enum conv_state {
	CONV_DRAFT,
	CONV_SIGNED,
	CONV_ACTIVE,
	CONV_RENEWED,
	CONV_NOTICE_GIVEN,
	CONV_ENDED,
	CONV_OVERSTAY,
	CONV_CANCELLED,
	CONV_STATE_COUNT
};

enum conv_action {
	CONV_SIGN,
	CONV_ACTIVATE,
	CONV_RENEW,
	CONV_GIVE_NOTICE,
	CONV_END,
	CONV_MARK_OVERSTAY,
	CONV_CANCEL,
	CONV_ACTION_COUNT
};

/* Bit of an action in an "allowed actions" mask. */
#define CONV_ACTION_BIT(a) (1u << (unsigned)(a))

/* Stable lower-case names ("notice_given", "give_notice"); static strings. */
const char *conv_state_name(enum conv_state s);	  /* NULL when out of range */
const char *conv_action_name(enum conv_action a); /* NULL when out of range */
/* Name -> enum; false when unknown. */
CORE_WUR bool conv_state_parse(const char *name, enum conv_state *out);
CORE_WUR bool conv_action_parse(const char *name, enum conv_action *out);

/*
 * The transition table alone: the state an action leads to from `from`, or
 * -1 when the table has no such edge. conv_transition adds the guards.
 */
int conv_table_next(enum conv_state from, enum conv_action action);
/* Mask of CONV_ACTION_BIT of the actions the table allows from `from`. */
unsigned conv_allowed_actions(enum conv_state from);

/* Stable refusal codes (conv_refusal_code_name gives the API string). */
enum conv_refusal_code {
	CONV_OK,
	CONV_ERR_INVALID_INPUT,	      /* "invalid_input" */
	CONV_ERR_NOT_ALLOWED,	      /* "transition_not_allowed": no edge in the table */
	CONV_ERR_SIGNED_AFTER_START,  /* "signed_after_start" */
	CONV_ERR_SIGNED_IN_FUTURE,    /* "signed_in_future" */
	CONV_ERR_NOT_STARTED,	      /* "not_started": activate before the start date */
	CONV_ERR_NO_PERIOD_LEFT,      /* "no_period_left": renew at max_periods */
	CONV_ERR_CHECK_MISSING,	      /* "admission_check_missing" */
	CONV_ERR_CHECK_NEGATIVE,      /* "admission_check_negative" */
	CONV_ERR_CHECK_NOT_FRESH,     /* "admission_check_not_fresh": before the period start */
	CONV_ERR_CHECK_TOO_LATE,      /* "admission_check_too_late": after the decision deadline */
	CONV_ERR_POSTED_IN_FUTURE,    /* "notice_posted_in_future" */
	CONV_ERR_POSTED_BEFORE_START, /* "notice_posted_before_start" */
	CONV_ERR_LETTERS_MISSING,     /* "notice_letters_missing": one letter per adult signatory */
	CONV_ERR_NOTICE_TOO_LATE,     /* "notice_too_late" */
	CONV_ERR_NO_DEPARTURE,	      /* "no_departure": operator cannot terminate unilaterally */
	CONV_ERR_DEPARTURE_DATE,      /* "departure_date_invalid" */
	CONV_ERR_DEPARTURE_RECORDED,  /* "departure_recorded": overstay while gone */
	CONV_ERR_NOT_YET_OVER,	      /* "not_yet_over": overstay on or before the final end */
	CONV_ERR_ALREADY_STARTED,     /* "already_started": cancel on or after the start */
	CONV_REFUSAL_CODE_COUNT
};

const char *conv_refusal_code_name(enum conv_refusal_code c); /* static, NULL out of range */

/*
 * The facts a transition is judged on. Fields an action does not use are
 * ignored (zero them). Dates are bdate_t; "has_" flags say whether a date is
 * recorded.
 */
struct conv_input {
	bdate_t today;
	bdate_t start_date;
	int periods; /* periods granted: 1 until the first renewal, +1 per renewal */

	/* sign */
	bdate_t signed_on;

	/* renew: the fresh admission check */
	bool has_check;
	bool check_admissible;
	bdate_t check_date;

	/* give_notice: the LATEST posting among the letters (the latest counts) */
	bdate_t notice_posted_on;
	int notice_letters; /* registered letters sent */
	int signatories;    /* adult signatories: one letter each */

	/* end / overstay */
	bool has_departure;
	bdate_t departure_on;
};

#define CONV_REASON_LEN 320

struct conv_result {
	bool ok;
	enum conv_state state; /* the new state when ok, `from` otherwise */
	int periods;	       /* periods granted after the action */
	enum conv_refusal_code code;
	const char *code_name; /* static */
	char reason_fr[CONV_REASON_LEN];
	char reason_en[CONV_REASON_LEN];
	unsigned allowed; /* CONV_ACTION_BIT mask of the table's actions from `from` */

	/*
	 * give_notice (accepted or refused as too late): the deemed
	 * notification, and when accepted the period end it terminates and
	 * the notice run.
	 */
	bdate_t notified_on;
	bdate_t end_date;
	bdate_t run_from;
	bdate_t run_to;
	/* notice_too_late: the posting date the aimed period end needed ... */
	bdate_t needed_posting_date;
	/* ... and the later period end still reachable, if any, and by when. */
	bool later_reachable;
	bdate_t later_end;
	bdate_t later_posting_deadline;
};

/*
 * Judges `action` from state `from` with the facts `in` and the parameters
 * in force at the convention's start. Returns true and the new state when
 * allowed; false with a stable code, a French and an English reason and the
 * allowed actions otherwise (also for invalid input). `out` is always fully
 * written.
 *
 * Guards (the table comes first; rules.md sections 2 and 4):
 * - sign: signed_on <= start_date and signed_on <= today.
 * - activate: today >= start_date (a signed convention only, by the table).
 * - renew: periods < max_periods; a positive admission check dated after the start of the current
 * period (the admission check of entry cannot be reused), not after today, and on or before the
 * posting deadline of the current period (the renewal decision deadline; "before" is read as "no
 * later than").
 * - give_notice: the notice ends the CURRENT period (periods - 1); posting
 *   date on or after the start and not after today; at least one letter per
 *   adult signatory; deemed notification (lead-th working day after the
 *   latest posting) on or before that period's latest notification. When
 *   too late: the posting deadline it needed, and the first later period
 *   end it could still reach with its posting deadline (reaching it needs a
 *   renewal first: the notice is not recorded).
 * - end: only by the recorded departure of the occupant (on or after the
 *   start and not after today). The operator cannot terminate without
 *   notice (no revocation, no resolutory clause): a convention reaches its
 *   end through give_notice then the departure, a household may leave
 *   early by its own will, and an overstaying occupant ends it by leaving
 *   (or eviction). From overstay the departure must be after the final end.
 * - overstay: no departure recorded and today after the final end: the end
 *   of the period the notice terminates (notice_given), else the end of the
 *   last period of the calendar (active or renewed: without a valid notice
 *   the convention still cannot last longer). From active or renewed the
 *   result's periods is max_periods: the convention ran its whole maximum
 *   duration, which keeps conv_final_end right afterwards.
 * - cancel: from draft at any date (a draft never takes effect); from signed
 *   only before the start date.
 */
CORE_WUR bool conv_transition(enum conv_state from, enum conv_action action,
			      const struct conv_input *in, const struct params *p,
			      struct conv_result *out);

/*
 * Final end of the occupation right, for the indemnity and the alerts: in
 * notice_given, overstay and ended, the end of period (periods - 1), which
 * the notice or the maximum duration fixed; in the other states the end of
 * the last period of the calendar, the furthest the convention can run.
 * -1 when periods is out of 1..n_periods.
 */
bdate_t conv_final_end(const struct conv_calendar *cal, enum conv_state state, int periods);

#endif

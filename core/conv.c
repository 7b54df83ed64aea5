#include "conv.h"

#include <stdio.h>
#include <string.h>

static bool calendar_params(const struct params *p, int *period_months, int *max_periods,
			    int *notice_months, int *lead)
{
	int64_t pm = p->value[PARAM_PERIOD_MONTHS];
	int64_t mp = p->value[PARAM_MAX_PERIODS];
	int64_t nm = p->value[PARAM_NOTICE_MONTHS];
	int64_t ld = p->value[PARAM_REGISTERED_MAIL_LEAD_DAYS];

	if (pm < 1 || pm > 60 || mp < 1 || mp > CONV_MAX_PERIODS || nm < 1 || nm > 24 || ld < 1 ||
	    ld > 30)
		return false;
	*period_months = (int)pm;
	*max_periods = (int)mp;
	*notice_months = (int)nm;
	*lead = (int)ld;
	return true;
}

bool conv_latest_notification(bdate_t end, int notice_months, bdate_t *out)
{
	bdate_t last_full_month_end;
	bdate_t first;

	if (notice_months < 1 || notice_months > 24)
		return false;
	/* The notice runs whole months: only months ending by `end` count. */
	if (bdate_end_of_month(end) == end)
		last_full_month_end = end;
	else
		last_full_month_end = bdate_start_of_month(end) - 1;
	if (!bdate_add_months_clamped(bdate_start_of_month(last_full_month_end), -notice_months,
				      &first))
		return false;
	*out = bdate_end_of_month(first);
	return true;
}

bool conv_deemed_notification(bdate_t posted, int lead_working_days, bdate_t *out)
{
	if (lead_working_days < 1 || lead_working_days > 30)
		return false;
	return bdate_nth_working_day_after(posted, lead_working_days, out);
}

bool conv_posting_deadline(bdate_t latest_notification, int lead_working_days, bdate_t *out)
{
	/*
	 * The deemed notification grows with the posting date, so the first
	 * working day met going back from the latest notification that still
	 * arrives in time is the latest one. The walk ends: a day far enough
	 * back arrives in time, or the calendar's lower bound refuses.
	 */
	for (bdate_t d = latest_notification;; d--) {
		bdate_t deemed;

		if (!bdate_is_working_day(d))
			continue;
		if (!conv_deemed_notification(d, lead_working_days, &deemed))
			return false;
		if (deemed <= latest_notification) {
			*out = d;
			return true;
		}
	}
}

bool conv_notice_run(bdate_t notified, int notice_months, bdate_t *from, bdate_t *to)
{
	bdate_t last_month;

	if (notice_months < 1 || notice_months > 24)
		return false;
	if (!bdate_add_months_clamped(bdate_start_of_month(notified), notice_months, &last_month))
		return false;
	*from = bdate_end_of_month(notified) + 1;
	*to = bdate_end_of_month(last_month);
	return true;
}

bool conv_calendar(bdate_t start, const struct params *p, struct conv_calendar *out)
{
	int period_months, max_periods, notice_months, lead;
	struct conv_calendar cal;

	if (!calendar_params(p, &period_months, &max_periods, &notice_months, &lead))
		return false;
	memset(&cal, 0, sizeof(cal));
	cal.start = start;
	cal.n_periods = max_periods;
	cal.notice_months = notice_months;
	cal.lead_working_days = lead;
	for (int k = 0; k < max_periods; k++) {
		struct conv_period *pe = &cal.period[k];

		pe->start = k == 0 ? start : cal.period[k - 1].end + 1;
		/* From the original start every time, so that day numbers never drift. */
		if (!bdate_period_end(start, (k + 1) * period_months, &pe->end) ||
		    !conv_latest_notification(pe->end, notice_months, &pe->latest_notification) ||
		    !conv_posting_deadline(pe->latest_notification, lead, &pe->posting_deadline))
			return false;
	}
	*out = cal;
	return true;
}

int conv_reachable_period(const struct conv_calendar *cal, bdate_t notified, int from_period)
{
	if (from_period < 0)
		return -1;
	for (int k = from_period; k < cal->n_periods; k++)
		if (notified <= cal->period[k].latest_notification)
			return k;
	return -1;
}

bool conv_notice_reach(const struct conv_calendar *cal, bdate_t posted_on, int from_period,
		       struct conv_reach *out)
{
	struct conv_reach r;

	memset(&r, 0, sizeof(r));
	if (!conv_deemed_notification(posted_on, cal->lead_working_days, &r.notified_on) ||
	    !conv_notice_run(r.notified_on, cal->notice_months, &r.run_from, &r.run_to))
		return false;
	r.period = conv_reachable_period(cal, r.notified_on, from_period);
	if (r.period >= 0) {
		r.end = cal->period[r.period].end;
		r.posting_deadline = cal->period[r.period].posting_deadline;
	}
	*out = r;
	return true;
}

bool conv_renewal_deadline(const struct conv_calendar *cal, int period, bdate_t *out)
{
	if (period < 0 || period >= cal->n_periods)
		return false;
	*out = cal->period[period].posting_deadline;
	return true;
}

bdate_t conv_final_end(const struct conv_calendar *cal, enum conv_state state, int periods)
{
	if (periods < 1 || periods > cal->n_periods)
		return -1;
	switch (state) {
	case CONV_NOTICE_GIVEN:
	case CONV_OVERSTAY:
	case CONV_ENDED:
		return cal->period[periods - 1].end;
	default:
		return cal->period[cal->n_periods - 1].end;
	}
}

/* ---- state machine ---------------------------------------------------- */

/* clang-format off */
static const char *const state_names[CONV_STATE_COUNT] = {
	[CONV_DRAFT] = "draft",
	[CONV_SIGNED] = "signed",
	[CONV_ACTIVE] = "active",
	[CONV_RENEWED] = "renewed",
	[CONV_NOTICE_GIVEN] = "notice_given",
	[CONV_ENDED] = "ended",
	[CONV_OVERSTAY] = "overstay",
	[CONV_CANCELLED] = "cancelled",
};

static const char *const action_names[CONV_ACTION_COUNT] = {
	[CONV_SIGN] = "sign",
	[CONV_ACTIVATE] = "activate",
	[CONV_RENEW] = "renew",
	[CONV_GIVE_NOTICE] = "give_notice",
	[CONV_END] = "end",
	[CONV_MARK_OVERSTAY] = "overstay",
	[CONV_CANCEL] = "cancel",
};

/* French labels for the reasons (the API and documents use the codes). */
static const char *const state_labels_fr[CONV_STATE_COUNT] = {
	[CONV_DRAFT] = "brouillon",
	[CONV_SIGNED] = "signée",
	[CONV_ACTIVE] = "en cours",
	[CONV_RENEWED] = "renouvelée",
	[CONV_NOTICE_GIVEN] = "préavis donné",
	[CONV_ENDED] = "terminée",
	[CONV_OVERSTAY] = "occupation sans titre",
	[CONV_CANCELLED] = "annulée",
};

static const char *const action_labels_fr[CONV_ACTION_COUNT] = {
	[CONV_SIGN] = "signer",
	[CONV_ACTIVATE] = "activer",
	[CONV_RENEW] = "renouveler",
	[CONV_GIVE_NOTICE] = "donner le préavis",
	[CONV_END] = "clôturer",
	[CONV_MARK_OVERSTAY] = "constater l'occupation sans titre",
	[CONV_CANCEL] = "annuler",
};

/* Next state + 1 for each edge; 0 (unlisted) means no edge. */
#define TO(s) ((signed char)((s) + 1))
static const signed char table[CONV_STATE_COUNT][CONV_ACTION_COUNT] = {
	[CONV_DRAFT] = {[CONV_SIGN] = TO(CONV_SIGNED), [CONV_CANCEL] = TO(CONV_CANCELLED)},
	[CONV_SIGNED] = {[CONV_ACTIVATE] = TO(CONV_ACTIVE), [CONV_CANCEL] = TO(CONV_CANCELLED)},
	[CONV_ACTIVE] = {[CONV_RENEW] = TO(CONV_RENEWED),
			 [CONV_GIVE_NOTICE] = TO(CONV_NOTICE_GIVEN),
			 [CONV_END] = TO(CONV_ENDED),
			 [CONV_MARK_OVERSTAY] = TO(CONV_OVERSTAY)},
	/* renewed -> renewed: profiles with more than two periods renew again. */
	[CONV_RENEWED] = {[CONV_RENEW] = TO(CONV_RENEWED),
			  [CONV_GIVE_NOTICE] = TO(CONV_NOTICE_GIVEN),
			  [CONV_END] = TO(CONV_ENDED),
			  [CONV_MARK_OVERSTAY] = TO(CONV_OVERSTAY)},
	[CONV_NOTICE_GIVEN] = {[CONV_END] = TO(CONV_ENDED),
			       [CONV_MARK_OVERSTAY] = TO(CONV_OVERSTAY)},
	[CONV_OVERSTAY] = {[CONV_END] = TO(CONV_ENDED)},
};
#undef TO

static const char *const code_names[CONV_REFUSAL_CODE_COUNT] = {
	[CONV_OK] = "ok",
	[CONV_ERR_INVALID_INPUT] = "invalid_input",
	[CONV_ERR_NOT_ALLOWED] = "transition_not_allowed",
	[CONV_ERR_SIGNED_AFTER_START] = "signed_after_start",
	[CONV_ERR_SIGNED_IN_FUTURE] = "signed_in_future",
	[CONV_ERR_NOT_STARTED] = "not_started",
	[CONV_ERR_NO_PERIOD_LEFT] = "no_period_left",
	[CONV_ERR_CHECK_MISSING] = "admission_check_missing",
	[CONV_ERR_CHECK_NEGATIVE] = "admission_check_negative",
	[CONV_ERR_CHECK_NOT_FRESH] = "admission_check_not_fresh",
	[CONV_ERR_CHECK_TOO_LATE] = "admission_check_too_late",
	[CONV_ERR_POSTED_IN_FUTURE] = "notice_posted_in_future",
	[CONV_ERR_POSTED_BEFORE_START] = "notice_posted_before_start",
	[CONV_ERR_LETTERS_MISSING] = "notice_letters_missing",
	[CONV_ERR_NOTICE_TOO_LATE] = "notice_too_late",
	[CONV_ERR_NO_DEPARTURE] = "no_departure",
	[CONV_ERR_DEPARTURE_DATE] = "departure_date_invalid",
	[CONV_ERR_DEPARTURE_RECORDED] = "departure_recorded",
	[CONV_ERR_NOT_YET_OVER] = "not_yet_over",
	[CONV_ERR_ALREADY_STARTED] = "already_started",
};
/* clang-format on */

const char *conv_state_name(enum conv_state s)
{
	if ((unsigned)s >= CONV_STATE_COUNT)
		return NULL;
	return state_names[s];
}

const char *conv_action_name(enum conv_action a)
{
	if ((unsigned)a >= CONV_ACTION_COUNT)
		return NULL;
	return action_names[a];
}

const char *conv_refusal_code_name(enum conv_refusal_code c)
{
	if ((unsigned)c >= CONV_REFUSAL_CODE_COUNT)
		return NULL;
	return code_names[c];
}

bool conv_state_parse(const char *name, enum conv_state *out)
{
	for (int s = 0; s < CONV_STATE_COUNT; s++) {
		if (strcmp(state_names[s], name) == 0) {
			*out = (enum conv_state)s;
			return true;
		}
	}
	return false;
}

bool conv_action_parse(const char *name, enum conv_action *out)
{
	for (int a = 0; a < CONV_ACTION_COUNT; a++) {
		if (strcmp(action_names[a], name) == 0) {
			*out = (enum conv_action)a;
			return true;
		}
	}
	return false;
}

int conv_table_next(enum conv_state from, enum conv_action action)
{
	if ((unsigned)from >= CONV_STATE_COUNT || (unsigned)action >= CONV_ACTION_COUNT)
		return -1;
	return table[from][action] - 1;
}

unsigned conv_allowed_actions(enum conv_state from)
{
	unsigned mask = 0;

	for (int a = 0; a < CONV_ACTION_COUNT; a++)
		if (conv_table_next(from, (enum conv_action)a) >= 0)
			mask |= CONV_ACTION_BIT(a);
	return mask;
}

/* "signer, annuler" / "sign, cancel"; "aucune" / "none" for a final state. */
static void list_actions(unsigned mask, bool french, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int a = 0; a < CONV_ACTION_COUNT; a++) {
		const char *name = french ? action_labels_fr[a] : action_names[a];
		int n;

		if (!(mask & CONV_ACTION_BIT(a)))
			continue;
		n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", name);
		if (n < 0 || (size_t)n >= size - used)
			return;
		used += (size_t)n;
	}
	if (used == 0)
		snprintf(buf, size, "%s", french ? "aucune" : "none");
}

static void refuse(struct conv_result *out, enum conv_refusal_code code)
{
	out->ok = false;
	out->code = code;
	out->code_name = code_names[code];
}

static bool refuse_invalid(struct conv_result *out, const char *fr, const char *en)
{
	refuse(out, CONV_ERR_INVALID_INPUT);
	snprintf(out->reason_fr, sizeof(out->reason_fr), "Données invalides : %s.", fr);
	snprintf(out->reason_en, sizeof(out->reason_en), "Invalid input: %s.", en);
	return false;
}

static bool judge_sign(const struct conv_input *in, struct conv_result *out)
{
	char signed_fr[BDATE_FR_LEN], start_fr[BDATE_FR_LEN], today_fr[BDATE_FR_LEN];
	char signed_iso[BDATE_ISO_LEN], start_iso[BDATE_ISO_LEN], today_iso[BDATE_ISO_LEN];

	bdate_format_fr(in->signed_on, signed_fr);
	bdate_format_fr(in->start_date, start_fr);
	bdate_format_fr(in->today, today_fr);
	bdate_format_iso(in->signed_on, signed_iso);
	bdate_format_iso(in->start_date, start_iso);
	bdate_format_iso(in->today, today_iso);
	if (in->signed_on > in->start_date) {
		refuse(out, CONV_ERR_SIGNED_AFTER_START);
		snprintf(out->reason_fr, sizeof(out->reason_fr),
			 "La convention doit être signée avant la mise à disposition du logement : "
			 "signature le %s, début le %s.",
			 signed_fr, start_fr);
		snprintf(out->reason_en, sizeof(out->reason_en),
			 "The convention must be signed before the unit is made available: signed "
			 "on %s, starts on %s.",
			 signed_iso, start_iso);
		return false;
	}
	if (in->signed_on > in->today) {
		refuse(out, CONV_ERR_SIGNED_IN_FUTURE);
		snprintf(out->reason_fr, sizeof(out->reason_fr),
			 "La date de signature (%s) est postérieure à aujourd'hui (%s).", signed_fr,
			 today_fr);
		snprintf(out->reason_en, sizeof(out->reason_en),
			 "The signature date (%s) is after today (%s).", signed_iso, today_iso);
		return false;
	}
	return true;
}

static bool judge_activate(const struct conv_input *in, struct conv_result *out)
{
	char start_fr[BDATE_FR_LEN], start_iso[BDATE_ISO_LEN];

	if (in->today >= in->start_date)
		return true;
	bdate_format_fr(in->start_date, start_fr);
	bdate_format_iso(in->start_date, start_iso);
	refuse(out, CONV_ERR_NOT_STARTED);
	snprintf(out->reason_fr, sizeof(out->reason_fr),
		 "La convention ne peut prendre effet qu'à sa date de début, le %s.", start_fr);
	snprintf(out->reason_en, sizeof(out->reason_en),
		 "The convention cannot take effect before its start date, %s.", start_iso);
	return false;
}

static bool judge_renew(const struct conv_input *in, const struct conv_calendar *cal,
			struct conv_result *out)
{
	const struct conv_period *cur = &cal->period[in->periods - 1];
	char d1_fr[BDATE_FR_LEN], d2_fr[BDATE_FR_LEN], d1_iso[BDATE_ISO_LEN], d2_iso[BDATE_ISO_LEN];

	if (in->periods >= cal->n_periods) {
		refuse(out, CONV_ERR_NO_PERIOD_LEFT);
		snprintf(out->reason_fr, sizeof(out->reason_fr),
			 "La convention a déjà atteint sa durée maximale (%d périodes).",
			 cal->n_periods);
		snprintf(out->reason_en, sizeof(out->reason_en),
			 "The convention already reached its maximum duration (%d periods).",
			 cal->n_periods);
		return false;
	}
	if (!in->has_check) {
		refuse(out, CONV_ERR_CHECK_MISSING);
		snprintf(out->reason_fr, sizeof(out->reason_fr),
			 "Le renouvellement exige un nouvel examen d'admissibilité.");
		snprintf(out->reason_en, sizeof(out->reason_en),
			 "Renewal requires a fresh admission check.");
		return false;
	}
	if (!in->check_admissible) {
		refuse(out, CONV_ERR_CHECK_NEGATIVE);
		snprintf(out->reason_fr, sizeof(out->reason_fr),
			 "Le ménage n'est plus en état de précarité ni privé de logement par force "
			 "majeure : l'examen d'admissibilité est négatif.");
		snprintf(out->reason_en, sizeof(out->reason_en),
			 "The household is no longer in precarity nor deprived of housing by force "
			 "majeure: the admission check is negative.");
		return false;
	}
	if (in->check_date <= cur->start || in->check_date > in->today) {
		bdate_format_fr(in->check_date, d1_fr);
		bdate_format_fr(cur->start, d2_fr);
		bdate_format_iso(in->check_date, d1_iso);
		bdate_format_iso(cur->start, d2_iso);
		refuse(out, CONV_ERR_CHECK_NOT_FRESH);
		snprintf(
		    out->reason_fr, sizeof(out->reason_fr),
		    "L'examen d'admissibilité du %s doit être postérieur au début de la période "
		    "en cours (%s) et ne peut être daté dans le futur.",
		    d1_fr, d2_fr);
		snprintf(out->reason_en, sizeof(out->reason_en),
			 "The admission check of %s must be after the start of the current period "
			 "(%s) and cannot be dated in the future.",
			 d1_iso, d2_iso);
		return false;
	}
	if (in->check_date > cur->posting_deadline) {
		bdate_format_fr(in->check_date, d1_fr);
		bdate_format_fr(cur->posting_deadline, d2_fr);
		bdate_format_iso(in->check_date, d1_iso);
		bdate_format_iso(cur->posting_deadline, d2_iso);
		refuse(out, CONV_ERR_CHECK_TOO_LATE);
		snprintf(
		    out->reason_fr, sizeof(out->reason_fr),
		    "L'examen d'admissibilité du %s est postérieur à la date limite de décision "
		    "de renouvellement (%s).",
		    d1_fr, d2_fr);
		snprintf(out->reason_en, sizeof(out->reason_en),
			 "The admission check of %s is after the renewal decision deadline (%s).",
			 d1_iso, d2_iso);
		return false;
	}
	out->periods = in->periods + 1;
	return true;
}

static bool judge_notice(const struct conv_input *in, const struct conv_calendar *cal,
			 struct conv_result *out)
{
	int target = in->periods - 1;
	const struct conv_period *cur = &cal->period[target];
	char d1_fr[BDATE_FR_LEN], d2_fr[BDATE_FR_LEN], d3_fr[BDATE_FR_LEN], d4_fr[BDATE_FR_LEN];
	char d1_iso[BDATE_ISO_LEN], d2_iso[BDATE_ISO_LEN], d3_iso[BDATE_ISO_LEN],
	    d4_iso[BDATE_ISO_LEN];
	struct conv_reach reach;

	bdate_format_fr(in->notice_posted_on, d1_fr);
	bdate_format_iso(in->notice_posted_on, d1_iso);
	if (in->notice_posted_on > in->today) {
		refuse(out, CONV_ERR_POSTED_IN_FUTURE);
		snprintf(out->reason_fr, sizeof(out->reason_fr),
			 "La date d'envoi du préavis (%s) est dans le futur.", d1_fr);
		snprintf(out->reason_en, sizeof(out->reason_en),
			 "The notice posting date (%s) is in the future.", d1_iso);
		return false;
	}
	if (in->notice_posted_on < in->start_date) {
		refuse(out, CONV_ERR_POSTED_BEFORE_START);
		snprintf(out->reason_fr, sizeof(out->reason_fr),
			 "La date d'envoi du préavis (%s) précède le début de la convention.",
			 d1_fr);
		snprintf(out->reason_en, sizeof(out->reason_en),
			 "The notice posting date (%s) is before the start of the convention.",
			 d1_iso);
		return false;
	}
	if (in->signatories < 1 || in->notice_letters < in->signatories) {
		refuse(out, CONV_ERR_LETTERS_MISSING);
		snprintf(out->reason_fr, sizeof(out->reason_fr),
			 "Le préavis doit être envoyé par lettre recommandée séparément à chaque "
			 "signataire majeur : %d lettre(s) pour %d signataire(s).",
			 in->notice_letters, in->signatories);
		snprintf(out->reason_en, sizeof(out->reason_en),
			 "The notice must be sent by separate registered letter to each adult "
			 "signatory: %d letter(s) for %d signatory(ies).",
			 in->notice_letters, in->signatories);
		return false;
	}
	if (!conv_notice_reach(cal, in->notice_posted_on, target, &reach))
		return refuse_invalid(out, "date d'envoi hors calendrier",
				      "posting date out of range");
	out->notified_on = reach.notified_on;
	if (reach.period == target) {
		out->end_date = reach.end;
		out->run_from = reach.run_from;
		out->run_to = reach.run_to;
		return true;
	}

	out->needed_posting_date = cur->posting_deadline;
	out->later_reachable = reach.period >= 0;
	bdate_format_fr(cur->end, d2_fr);
	bdate_format_fr(cur->posting_deadline, d3_fr);
	bdate_format_iso(cur->end, d2_iso);
	bdate_format_iso(cur->posting_deadline, d3_iso);
	refuse(out, CONV_ERR_NOTICE_TOO_LATE);
	if (reach.period < 0) {
		snprintf(out->reason_fr, sizeof(out->reason_fr),
			 "Un préavis envoyé le %s ne peut plus mettre fin à la convention le %s "
			 "(envoi au plus tard le %s) et aucune échéance ultérieure n'est possible.",
			 d1_fr, d2_fr, d3_fr);
		snprintf(out->reason_en, sizeof(out->reason_en),
			 "A notice posted on %s can no longer end the convention on %s (posting "
			 "deadline %s) and no later period end is possible.",
			 d1_iso, d2_iso, d3_iso);
		return false;
	}
	out->later_end = reach.end;
	out->later_posting_deadline = reach.posting_deadline;
	bdate_format_fr(out->later_end, d4_fr);
	bdate_format_iso(out->later_end, d4_iso);
	snprintf(out->reason_fr, sizeof(out->reason_fr),
		 "Un préavis envoyé le %s ne peut plus mettre fin à la convention le %s (envoi au "
		 "plus tard le %s) ; il pourrait mettre fin à la période se terminant le %s, après "
		 "renouvellement.",
		 d1_fr, d2_fr, d3_fr, d4_fr);
	snprintf(out->reason_en, sizeof(out->reason_en),
		 "A notice posted on %s can no longer end the convention on %s (posting deadline "
		 "%s); it could end the period ending on %s, after a renewal.",
		 d1_iso, d2_iso, d3_iso, d4_iso);
	return false;
}

static bool judge_departure(enum conv_state from, const struct conv_input *in,
			    const struct conv_calendar *cal, struct conv_result *out)
{
	bdate_t final_end = conv_final_end(cal, from, in->periods);
	char d1_fr[BDATE_FR_LEN], d1_iso[BDATE_ISO_LEN];

	if (!in->has_departure) {
		refuse(out, CONV_ERR_NO_DEPARTURE);
		snprintf(out->reason_fr, sizeof(out->reason_fr),
			 "Une convention d'occupation précaire ne peut être révoquée : elle prend "
			 "fin par le préavis à l'échéance d'une période ou par le départ de "
			 "l'occupant, qui n'est pas enregistré.");
		snprintf(
		    out->reason_en, sizeof(out->reason_en),
		    "A precarious-occupation convention cannot be revoked: it ends by notice at "
		    "the end of a period or by the occupant's departure, which is not recorded.");
		return false;
	}
	if (in->departure_on < in->start_date || in->departure_on > in->today ||
	    (from == CONV_OVERSTAY && in->departure_on <= final_end)) {
		bdate_format_fr(in->departure_on, d1_fr);
		bdate_format_iso(in->departure_on, d1_iso);
		refuse(out, CONV_ERR_DEPARTURE_DATE);
		snprintf(out->reason_fr, sizeof(out->reason_fr),
			 "La date de départ (%s) doit être comprise entre le début de l'occupation "
			 "(après l'échéance pour une occupation sans titre) et aujourd'hui.",
			 d1_fr);
		snprintf(out->reason_en, sizeof(out->reason_en),
			 "The departure date (%s) must lie between the start of the occupation "
			 "(after the end date for an overstay) and today.",
			 d1_iso);
		return false;
	}
	return true;
}

static bool judge_overstay(enum conv_state from, const struct conv_input *in,
			   const struct conv_calendar *cal, struct conv_result *out)
{
	bdate_t final_end = conv_final_end(cal, from, in->periods);
	char d1_fr[BDATE_FR_LEN], d1_iso[BDATE_ISO_LEN];

	if (in->has_departure) {
		refuse(out, CONV_ERR_DEPARTURE_RECORDED);
		snprintf(out->reason_fr, sizeof(out->reason_fr),
			 "Le départ de l'occupant est enregistré : il n'y a pas d'occupation sans "
			 "titre.");
		snprintf(out->reason_en, sizeof(out->reason_en),
			 "The occupant's departure is recorded: there is no overstay.");
		return false;
	}
	if (in->today <= final_end) {
		bdate_format_fr(final_end, d1_fr);
		bdate_format_iso(final_end, d1_iso);
		refuse(out, CONV_ERR_NOT_YET_OVER);
		snprintf(out->reason_fr, sizeof(out->reason_fr),
			 "La convention court jusqu'au %s : l'occupation sans titre ne peut être "
			 "constatée qu'à partir du lendemain.",
			 d1_fr);
		snprintf(out->reason_en, sizeof(out->reason_en),
			 "The convention runs until %s: an overstay can only be recorded from the "
			 "next day.",
			 d1_iso);
		return false;
	}
	out->periods = cal->n_periods;
	if (from == CONV_NOTICE_GIVEN)
		out->periods = in->periods;
	return true;
}

static bool judge_cancel(enum conv_state from, const struct conv_input *in, struct conv_result *out)
{
	char d1_fr[BDATE_FR_LEN], d1_iso[BDATE_ISO_LEN];

	if (from == CONV_DRAFT || in->today < in->start_date)
		return true;
	bdate_format_fr(in->start_date, d1_fr);
	bdate_format_iso(in->start_date, d1_iso);
	refuse(out, CONV_ERR_ALREADY_STARTED);
	snprintf(out->reason_fr, sizeof(out->reason_fr),
		 "Une convention signée ne peut être annulée qu'avant sa date de début (%s).",
		 d1_fr);
	snprintf(out->reason_en, sizeof(out->reason_en),
		 "A signed convention can only be cancelled before its start date (%s).", d1_iso);
	return false;
}

static bool judge(enum conv_state from, enum conv_action action, const struct conv_input *in,
		  const struct conv_calendar *cal, struct conv_result *out)
{
	if (action == CONV_SIGN)
		return judge_sign(in, out);
	if (action == CONV_ACTIVATE)
		return judge_activate(in, out);
	if (action == CONV_RENEW)
		return judge_renew(in, cal, out);
	if (action == CONV_GIVE_NOTICE)
		return judge_notice(in, cal, out);
	if (action == CONV_END)
		return judge_departure(from, in, cal, out);
	if (action == CONV_MARK_OVERSTAY)
		return judge_overstay(from, in, cal, out);
	return judge_cancel(from, in, out);
}

bool conv_transition(enum conv_state from, enum conv_action action, const struct conv_input *in,
		     const struct params *p, struct conv_result *out)
{
	struct conv_calendar cal;
	int next;
	char list_fr[CONV_REASON_LEN / 2], list_en[CONV_REASON_LEN / 2];

	memset(out, 0, sizeof(*out));
	out->state = from;
	out->periods = in->periods;
	out->code = CONV_OK;
	out->code_name = code_names[CONV_OK];
	if ((unsigned)from >= CONV_STATE_COUNT || (unsigned)action >= CONV_ACTION_COUNT)
		return refuse_invalid(out, "état ou action inconnu", "unknown state or action");
	out->allowed = conv_allowed_actions(from);
	next = conv_table_next(from, action);
	if (next < 0) {
		list_actions(out->allowed, true, list_fr, sizeof(list_fr));
		list_actions(out->allowed, false, list_en, sizeof(list_en));
		refuse(out, CONV_ERR_NOT_ALLOWED);
		snprintf(out->reason_fr, sizeof(out->reason_fr),
			 "Action « %s » impossible pour une convention à l'état « %s ». Actions "
			 "possibles : %s.",
			 action_labels_fr[action], state_labels_fr[from], list_fr);
		snprintf(out->reason_en, sizeof(out->reason_en),
			 "Action '%s' is not allowed in state '%s'. Allowed actions: %s.",
			 action_names[action], state_names[from], list_en);
		return false;
	}
	if (!conv_calendar(in->start_date, p, &cal))
		return refuse_invalid(out, "paramètres ou date de début hors limites",
				      "parameters or start date out of range");
	/* Before activation periods is meaningless; afterwards it indexes the calendar. */
	if (from >= CONV_ACTIVE && (in->periods < 1 || in->periods > cal.n_periods))
		return refuse_invalid(out, "nombre de périodes hors limites",
				      "period count out of range");
	if (!judge(from, action, in, &cal, out))
		return false;
	out->ok = true;
	out->state = (enum conv_state)next;
	if (action == CONV_ACTIVATE)
		out->periods = 1;
	return true;
}

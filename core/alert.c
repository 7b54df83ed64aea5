#include "alert.h"

#include <stdio.h>
#include <string.h>

/* Days between an alert's opening and its due date (rules.md section 8). */
#define RENEWAL_LEAD_DAYS 45
#define ENDING_LEAD_DAYS  30
/* "Twice a month": a month is about 30 days, so at most 15 between visits. */

#define SW  ALERT_FOR_SOCIAL_WORKER
#define ACC ALERT_FOR_ACCOUNTANT
#define OP  ALERT_FOR_OPERATOR

/* clang-format off */
const struct alert_kind_info alert_kinds[ALERT_KIND_COUNT] = {
	[ALERT_RENEWAL_DECISION_DUE] = {
		"renewal_decision_due", "Décision de renouvellement à prendre", SW,
		ALERT_OBJ_CONVENTION,
		"Décider du renouvellement (nouvel examen d'admissibilité) ou du préavis avant le ",
		""},
	[ALERT_NOTICE_DEADLINE_30] = {
		"notice_deadline_30", "Préavis à envoyer (J-30)", SW, ALERT_OBJ_CONVENTION,
		"Envoyer le préavis avant le ",
		" (lettres recommandées à chaque partenaire)"},
	[ALERT_NOTICE_DEADLINE_7] = {
		"notice_deadline_7", "Préavis à envoyer (J-7)", SW, ALERT_OBJ_CONVENTION,
		"Envoyer le préavis avant le ",
		" (lettres recommandées à chaque partenaire)"},
	[ALERT_CONVENTION_ENDING] = {
		"convention_ending", "Fin de convention proche", SW, ALERT_OBJ_CONVENTION,
		"Préparer la sortie : la convention prend fin le ",
		" (fixer la remise des clés et l'état des lieux de sortie)"},
	[ALERT_OVERSTAY] = {
		"overstay", "Occupation sans titre", SW, ALERT_OBJ_CONVENTION,
		"Constater le départ ou l'occupation sans titre depuis le ",
		" (mise en demeure, indemnité de base, conciliation devant le juge de paix)"},
	[ALERT_INVOICE_UNPAID] = {
		"invoice_unpaid", "Indemnité impayée", ACC | SW, ALERT_OBJ_INVOICE,
		"Relancer le paiement de l'indemnité, impayée après le ",
		" (proposer au besoin la gestion budgétaire)"},
	[ALERT_VISIT_OVERDUE] = {
		"visit_overdue", "Visite du carnet de bord en retard", SW, ALERT_OBJ_UNIT,
		"Effectuer la visite et la noter au carnet de bord (attendue au plus tard le ",
		")"},
	[ALERT_SAFETY_CHECK] = {
		"safety_check", "Contrôle de sécurité avant l'entrée", OP, ALERT_OBJ_CONVENTION,
		"Contrôler détecteurs de fumée, différentiels et garde-corps avant l'entrée du ",
		" et le consigner dans l'état des lieux"},
	[ALERT_PLAN_MISSING] = {
		"plan_missing", "Plan d'accompagnement manquant", SW, ALERT_OBJ_CONVENTION,
		"Établir le plan d'accompagnement social de la convention signée le ",
		""},
	[ALERT_ADMISSION_CHECK_STALE] = {
		"admission_check_stale", "Examen d'admissibilité trop ancien", OP,
		ALERT_OBJ_CONVENTION,
		"Refaire l'examen d'admissibilité avant le début de la convention, le ",
		""},
};

static const char *const object_names[ALERT_OBJ_COUNT] = {
	[ALERT_OBJ_CONVENTION] = "convention",
	[ALERT_OBJ_INVOICE] = "invoice",
	[ALERT_OBJ_UNIT] = "unit",
	[ALERT_OBJ_BUILDING] = "building",
};
/* clang-format on */

const char *alert_object_name(enum alert_object o)
{
	if ((unsigned)o >= ALERT_OBJ_COUNT)
		return NULL;
	return object_names[o];
}

unsigned alert_audience_of_role(const char *role)
{
	if (strcmp(role, "social_worker") == 0)
		return ALERT_FOR_SOCIAL_WORKER;
	if (strcmp(role, "accountant") == 0)
		return ALERT_FOR_ACCOUNTANT;
	if (strcmp(role, "operator") == 0)
		return ALERT_FOR_OPERATOR;
	return ALERT_FOR_ALL;
}

bool alert_kind_parse(const char *code, enum alert_kind *out)
{
	for (int k = 0; k < ALERT_KIND_COUNT; k++) {
		if (strcmp(alert_kinds[k].code, code) == 0) {
			*out = (enum alert_kind)k;
			return true;
		}
	}
	return false;
}

static bool alert_valid(const struct alert *a)
{
	return (unsigned)a->kind < ALERT_KIND_COUNT && (unsigned)a->object < ALERT_OBJ_COUNT;
}

bool alert_identity(const struct alert *a, char *buf, size_t size)
{
	char due[BDATE_ISO_LEN];
	int n;

	if (size > 0)
		buf[0] = '\0';
	if (!alert_valid(a))
		return false;
	bdate_format_iso(a->due_on, due);
	n = snprintf(buf, size, "%s:%s:%lld:%s", alert_kinds[a->kind].code, object_names[a->object],
		     (long long)a->object_id, due);
	if (n < 0 || (size_t)n >= size) {
		if (size > 0)
			buf[0] = '\0';
		return false;
	}
	return true;
}

bool alert_todo_fr(const struct alert *a, char *buf, size_t size)
{
	char due[BDATE_FR_LEN];
	int n;

	if (size > 0)
		buf[0] = '\0';
	if (!alert_valid(a))
		return false;
	bdate_format_fr(a->due_on, due);
	n = snprintf(buf, size, "%s%s%s", alert_kinds[a->kind].todo_fr_before, due,
		     alert_kinds[a->kind].todo_fr_after);
	if (n < 0 || (size_t)n >= size) {
		if (size > 0)
			buf[0] = '\0';
		return false;
	}
	return true;
}

static bool in_states(enum conv_state s, unsigned mask)
{
	return (mask >> (unsigned)s) & 1u;
}

#define ST(s) (1u << (unsigned)(s))

/* Appends the alert when it has opened by today. */
static void due_if_open(struct alert *out, int *n, const struct alert_conv_facts *f,
			enum alert_kind kind, bdate_t due_on, bdate_t opens_on, bdate_t today)
{
	if (opens_on > today)
		return;
	out[*n] = (struct alert){
	    .kind = kind,
	    .object = ALERT_OBJ_CONVENTION,
	    .object_id = f->convention_id,
	    .due_on = due_on,
	    .opens_on = opens_on,
	};
	(*n)++;
}

int alert_convention_due(const struct alert_conv_facts *f, const struct params *p, bdate_t today,
			 struct alert out[ALERT_MAX_PER_CONVENTION])
{
	struct conv_calendar cal;
	enum conv_state s = f->state;
	int periods = f->periods;
	int64_t max_age = p->value[PARAM_ADMISSION_CHECK_MAX_AGE];
	const struct conv_period *cur;
	bdate_t final_end;
	int n = 0;

	if ((unsigned)s >= CONV_STATE_COUNT || max_age < 0 || max_age > 3660 ||
	    !conv_calendar(f->start, p, &cal))
		return -1;
	if (s < CONV_ACTIVE)
		periods = 1;
	if (periods < 1 || periods > cal.n_periods)
		return -1;
	cur = &cal.period[periods - 1];
	final_end = conv_final_end(&cal, s, periods);

	if (in_states(s, ST(CONV_SIGNED) | ST(CONV_ACTIVE) | ST(CONV_RENEWED)) &&
	    periods < cal.n_periods && !f->renewal_decided && !f->notice_posted)
		due_if_open(out, &n, f, ALERT_RENEWAL_DECISION_DUE, cur->posting_deadline,
			    cur->posting_deadline - RENEWAL_LEAD_DAYS, today);

	if (in_states(s, ST(CONV_ACTIVE) | ST(CONV_RENEWED)) && !f->notice_posted &&
	    !f->renewal_decided) {
		due_if_open(out, &n, f, ALERT_NOTICE_DEADLINE_30, cur->posting_deadline,
			    cur->posting_deadline - 30, today);
		due_if_open(out, &n, f, ALERT_NOTICE_DEADLINE_7, cur->posting_deadline,
			    cur->posting_deadline - 7, today);
	}

	if (in_states(s, ST(CONV_ACTIVE) | ST(CONV_RENEWED) | ST(CONV_NOTICE_GIVEN)) &&
	    !f->departure_recorded)
		due_if_open(out, &n, f, ALERT_CONVENTION_ENDING, final_end,
			    final_end - ENDING_LEAD_DAYS, today);

	if (in_states(s, ST(CONV_ACTIVE) | ST(CONV_RENEWED) | ST(CONV_NOTICE_GIVEN) |
			     ST(CONV_OVERSTAY)) &&
	    !f->departure_recorded)
		due_if_open(out, &n, f, ALERT_OVERSTAY, final_end + 1, final_end + 1, today);

	if (in_states(s, ST(CONV_DRAFT) | ST(CONV_SIGNED) | ST(CONV_ACTIVE)) &&
	    (!f->has_safety_check ||
	     (f->has_previous_exit && f->safety_check_date < f->previous_exit_date))) {
		bdate_t opens = f->start - ALERT_SAFETY_LEAD_DAYS;

		/* No check can count before the unit is free: open at the exit. */
		if (f->has_previous_exit && f->previous_exit_date > opens)
			opens = f->previous_exit_date;
		if (opens > f->start)
			opens = f->start;
		due_if_open(out, &n, f, ALERT_SAFETY_CHECK, f->start, opens, today);
	}

	if (in_states(s, ST(CONV_SIGNED) | ST(CONV_ACTIVE) | ST(CONV_RENEWED) |
			     ST(CONV_NOTICE_GIVEN) | ST(CONV_OVERSTAY)) &&
	    !f->plan_present)
		due_if_open(out, &n, f, ALERT_PLAN_MISSING, f->signed_on, f->signed_on, today);

	if (in_states(s, ST(CONV_DRAFT) | ST(CONV_SIGNED) | ST(CONV_ACTIVE))) {
		if (!f->has_admission_check)
			due_if_open(out, &n, f, ALERT_ADMISSION_CHECK_STALE, f->start,
				    f->start - (bdate_t)max_age, today);
		else if (f->start - f->admission_check_date > max_age)
			due_if_open(out, &n, f, ALERT_ADMISSION_CHECK_STALE, f->start,
				    f->admission_check_date + (bdate_t)max_age + 1, today);
	}
	return n;
}

int alert_invoice_unpaid(int64_t invoice_id, bdate_t due_on, int64_t days_late, bool paid,
			 const struct params *p, struct alert *out)
{
	int64_t grace = p->value[PARAM_UNPAID_GRACE_DAYS];
	struct bdate_ymd ymd = bdate_to_ymd(due_on);

	if (!bdate_valid_ymd(ymd.year, ymd.month, ymd.day) || grace < 0 || grace > 366)
		return -1;
	*out = (struct alert){
	    .kind = ALERT_INVOICE_UNPAID,
	    .object = ALERT_OBJ_INVOICE,
	    .object_id = invoice_id,
	    .due_on = due_on + (bdate_t)grace,
	};
	out->opens_on = out->due_on + 1;
	return !paid && days_late > grace;
}

enum alert_visit_frequency alert_visit_frequency_of(enum alert_object object,
						    bool in_building_with_common_parts)
{
	if (object == ALERT_OBJ_BUILDING || in_building_with_common_parts)
		return ALERT_VISIT_TWICE_MONTHLY;
	return ALERT_VISIT_MONTHLY;
}

int alert_visit_overdue(enum alert_object object, int64_t object_id,
			enum alert_visit_frequency frequency, bdate_t last_visit,
			const struct params *p, bdate_t today, struct alert *out)
{
	bdate_t due;
	int64_t days = p->value[PARAM_VISIT_COMMON_PARTS_DAYS];
	int64_t months = p->value[PARAM_VISIT_SINGLE_FAMILY_MONTHS];

	if (object != ALERT_OBJ_UNIT && object != ALERT_OBJ_BUILDING)
		return -1;
	if (frequency == ALERT_VISIT_TWICE_MONTHLY) {
		if (days < 1 || days > 366)
			return -1;
		due = last_visit + (bdate_t)days;
	} else if (frequency != ALERT_VISIT_MONTHLY || months < 1 || months > 12 ||
		   !bdate_add_months_clamped(last_visit, (int)months, &due)) {
		return -1;
	}
	*out = (struct alert){
	    .kind = ALERT_VISIT_OVERDUE,
	    .object = object,
	    .object_id = object_id,
	    .due_on = due,
	    .opens_on = due + 1,
	};
	return today >= out->opens_on;
}

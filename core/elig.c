#include "elig.h"

#include <stdio.h>
#include <string.h>

#include "money.h"

/* Room for "EUR " and an amount with two extra sub-cent digits. */
#define AMOUNT_LEN (MONEY_FORMAT_MAX + 8)

struct amount {
	char fr[AMOUNT_LEN];
	char en[AMOUNT_LEN];
};

/*
 * Reasons of one group (dates and capacity, a ground, the unit), kept apart
 * until we know whether they are shown. No group has more than 3.
 */
struct reasons {
	int n;
	struct elig_reason r[4];
};

const char *elig_code_name(enum elig_code code)
{
	static const char *const names[ELIG_CODE_COUNT] = {
	    [ELIG_CHECK_AFTER_START] = "ELIG_CHECK_AFTER_START",
	    [ELIG_CHECK_STALE] = "ELIG_CHECK_STALE",
	    [ELIG_LEGAL_CAPACITY] = "ELIG_LEGAL_CAPACITY",
	    [ELIG_PA_CEILING] = "ELIG_PA_CEILING",
	    [ELIG_PB_CEILING] = "ELIG_PB_CEILING",
	    [ELIG_PC_NO_MEDIATION] = "ELIG_PC_NO_MEDIATION",
	    [ELIG_PC_CEILING] = "ELIG_PC_CEILING",
	    [ELIG_PATRIMONY] = "ELIG_PATRIMONY",
	    [ELIG_FM_NO_CATEGORY] = "ELIG_FM_NO_CATEGORY",
	    [ELIG_FM_NO_JUSTIFICATION] = "ELIG_FM_NO_JUSTIFICATION",
	    [ELIG_FM_NO_PROOF] = "ELIG_FM_NO_PROOF",
	    [ELIG_OVERCROWDED] = "ELIG_OVERCROWDED",
	};
	if ((unsigned)code >= ELIG_CODE_COUNT)
		return "ELIG_UNKNOWN";
	return names[code];
}

const char *elig_ground_name(enum elig_ground ground)
{
	switch (ground) {
	case ELIG_GROUND_P_A:
		return "P-a";
	case ELIG_GROUND_P_B:
		return "P-b";
	case ELIG_GROUND_P_C:
		return "P-c";
	case ELIG_GROUND_F:
		return "F";
	default:
		return "";
	}
}

/*
 * An amount in cents, or in hundredths of a cent (the P-c limit: 120 % of
 * 1 752,26 is 2 102,712, and rounding it either way would move the
 * boundary). Trailing zeros below the cent are dropped.
 */
static void format_amount(int64_t value, bool hundredths, struct amount *a)
{
	char fr[MONEY_FORMAT_MAX], en[MONEY_FORMAT_MAX], extra[4] = "";
	int64_t cents = hundredths ? value / 100 : value;

	if (hundredths && value % 100 != 0) {
		int sub = (int)(value % 100);

		if (sub % 10 == 0)
			snprintf(extra, sizeof(extra), "%d", sub / 10);
		else
			snprintf(extra, sizeof(extra), "%02d", sub);
	}
	/* The buffers fit any int64_t: the formatters cannot fail here. */
	if (!money_format_plain(cents, fr, sizeof(fr)) ||
	    !money_format_decimal(cents, en, sizeof(en)))
		fr[0] = en[0] = '\0';
	snprintf(a->fr, sizeof(a->fr), "%s%s" MONEY_NBSP "€", fr, extra);
	snprintf(a->en, sizeof(a->en), "EUR %s%s", en, extra);
}

static struct amount eur(int64_t cents)
{
	struct amount a;

	format_amount(cents, false, &a);
	return a;
}

static struct elig_reason *add(struct reasons *rs, enum elig_code code)
{
	struct elig_reason *r = &rs->r[rs->n++];

	r->code = code;
	r->fr[0] = '\0';
	r->en[0] = '\0';
	return r;
}

static const char *plural(int n)
{
	return n > 1 ? "s" : "";
}

static bool valid_amount(int64_t v)
{
	return v >= 0 && v <= ELIG_MAX_AMOUNT;
}

static const char *check_params(const struct params *p)
{
	static const enum params_key amounts[] = {
	    PARAM_PRECARITY_SINGLE_CEILING,
	    PARAM_PRECARITY_SEVERAL_CEILING,
	    PARAM_PRECARITY_CHILD_INCREASE,
	    PARAM_RIS_COHABITANT,
	    PARAM_RIS_ISOLATED,
	    PARAM_RIS_FAMILY,
	};

	if (p == NULL)
		return "params: missing";
	for (size_t i = 0; i < sizeof(amounts) / sizeof(amounts[0]); i++)
		if (!valid_amount(p->value[amounts[i]]))
			return "params: precarity ceilings and RIS amounts must be 0 to "
			       "100000000.00";
	if (p->value[PARAM_DEBT_MEDIATION_RIS_PERCENT] < 1 ||
	    p->value[PARAM_DEBT_MEDIATION_RIS_PERCENT] > 1000)
		return "params: debt_mediation_ris_percent must be 1 to 1000";
	if (p->value[PARAM_ADMISSION_CHECK_MAX_AGE] < 0 ||
	    p->value[PARAM_ADMISSION_CHECK_MAX_AGE] > 3660)
		return "params: admission_check_max_age_days must be 0 to 3660";
	return NULL;
}

static const char *check_input(const struct elig_input *in)
{
	int heads = 0, partners = 0;

	if (in == NULL || in->members == NULL || in->n_members < 1)
		return "household: no members";
	if (in->n_members > ELIG_MAX_MEMBERS)
		return "household: too many members (at most 16)";
	if (in->n_incomes < 0 || (in->n_incomes > 0 && in->incomes == NULL))
		return "incomes: missing";
	if (in->n_incomes > ELIG_MAX_INCOMES)
		return "incomes: too many lines (at most 64)";
	if ((unsigned)in->ask > ELIG_ASK_ANY)
		return "ground: unknown ground asked";
	if ((unsigned)in->unit > ELIG_UNIT_OVERCROWDED)
		return "unit: unknown overcrowding verdict";
	for (int i = 0; i < in->n_members; i++) {
		const struct elig_member *m = &in->members[i];

		if ((unsigned)m->relation > ELIG_OTHER)
			return "household: unknown relation";
		if (m->birth > in->start)
			return "household: member born after the start date";
		if (m->dependent_child && (m->relation == ELIG_HEAD || m->relation == ELIG_PARTNER))
			return "household: the head or partner cannot be a dependent child";
		heads += m->relation == ELIG_HEAD;
		partners += m->relation == ELIG_PARTNER;
	}
	if (heads != 1)
		return "household: exactly one head of household is required";
	if (partners > 1)
		return "household: at most one partner";
	for (int i = 0; i < in->n_incomes; i++) {
		const struct elig_income *inc = &in->incomes[i];

		if (inc->member < 0 || inc->member >= in->n_members)
			return "incomes: member index out of range";
		if ((unsigned)inc->kind > ELIG_INCOME_NET_EXEMPT)
			return "incomes: unknown kind";
		if ((unsigned)inc->period > ELIG_ANNUAL)
			return "incomes: unknown period";
		if (!valid_amount(inc->amount))
			return "incomes: amount must be 0 to 100000000.00";
	}
	if ((unsigned)in->degradation.reason > ELIG_DEGRADATION_RETIREMENT)
		return "degradation: unknown reason";
	if (!valid_amount(in->degradation.six_month_taxable))
		return "degradation: amount must be 0 to 100000000.00";
	if (in->degradation.reason == ELIG_DEGRADATION_NONE && in->degradation.six_month_taxable)
		return "degradation: six-month income given without a reason";
	if (!valid_amount(in->mediation.monthly_charges))
		return "mediation: charges must be 0 to 100000000.00";
	if ((unsigned)in->force_majeure.category > ELIG_FM_SOCIAL_EMERGENCY)
		return "force majeure: unknown category";
	if (in->force_majeure.proof_refs < 0)
		return "force majeure: negative proof count";
	return NULL;
}

/* Every figure, whatever the ground: the API shows them all. */
static void figures(const struct elig_input *in, const struct params *p, struct elig_result *out)
{
	bool partner = false;

	out->n_members = in->n_members;
	for (int i = 0; i < in->n_members; i++) {
		const struct elig_member *m = &in->members[i];

		if (m->dependent_child)
			out->n_children++;
		else if (m->relation == ELIG_PARTNER)
			partner = true;
		else if (m->relation != ELIG_HEAD)
			out->ris_extra_cohabitants++;
	}
	out->n_adults = in->n_members - out->n_children;
	out->category = out->n_adults == 1 ? ELIG_GROUND_P_A : ELIG_GROUND_P_B;

	out->ceiling_base =
	    p->value[out->category == ELIG_GROUND_P_A ? PARAM_PRECARITY_SINGLE_CEILING
						      : PARAM_PRECARITY_SEVERAL_CEILING];
	out->ceiling_child_increase = p->value[PARAM_PRECARITY_CHILD_INCREASE];
	out->ceiling = out->ceiling_base + out->n_children * out->ceiling_child_increase;

	for (int i = 0; i < in->n_incomes; i++) {
		const struct elig_income *inc = &in->incomes[i];

		if (inc->kind == ELIG_INCOME_ASSESSED) {
			out->taxable_income +=
			    inc->period == ELIG_ANNUAL ? inc->amount : inc->amount * 12;
			continue;
		}
		int64_t monthly = inc->period == ELIG_MONTHLY ? inc->amount : inc->amount / 12;

		if (inc->kind == ELIG_INCOME_NET_TAXABLE)
			out->monthly_taxable += monthly;
		else
			out->monthly_exempt += monthly;
	}
	out->monthly_revenues = out->monthly_taxable + out->monthly_exempt;
	out->debt_charges = in->mediation.monthly_charges;
	out->resources = out->monthly_revenues > out->debt_charges
			     ? out->monthly_revenues - out->debt_charges
			     : 0;

	out->degradation_annual = in->degradation.six_month_taxable * 2;
	out->degradation_applied =
	    in->degradation.reason != ELIG_DEGRADATION_NONE && out->taxable_income > out->ceiling;
	out->income_tested =
	    out->degradation_applied ? out->degradation_annual : out->taxable_income;

	int64_t cohabitant = p->value[PARAM_RIS_COHABITANT];

	if (out->n_children > 0) {
		out->ris_head = ELIG_RIS_FAMILY;
		out->ris_head_amount = p->value[PARAM_RIS_FAMILY];
	} else if (partner) {
		out->ris_head = ELIG_RIS_COUPLE;
		out->ris_head_amount = 2 * cohabitant;
	} else {
		out->ris_head = ELIG_RIS_ISOLATED;
		out->ris_head_amount = p->value[PARAM_RIS_ISOLATED];
	}
	out->ris_reference = out->ris_head_amount + out->ris_extra_cohabitants * cohabitant;
	out->ris_percent = p->value[PARAM_DEBT_MEDIATION_RIS_PERCENT];
	out->pc_limit_x100 = out->ris_percent * out->ris_reference;
	out->check_age_days = (int)(in->start - in->check);
}

static void use(struct elig_result *out, enum params_key k)
{
	out->params_used |= 1u << k;
}

static void check_dates(const struct elig_input *in, const struct params *p,
			struct elig_result *out, struct reasons *rs)
{
	char start[BDATE_FR_LEN], check[BDATE_FR_LEN], start_iso[BDATE_ISO_LEN],
	    check_iso[BDATE_ISO_LEN];
	int64_t max_age = p->value[PARAM_ADMISSION_CHECK_MAX_AGE];

	use(out, PARAM_ADMISSION_CHECK_MAX_AGE);
	bdate_format_fr(in->start, start);
	bdate_format_fr(in->check, check);
	bdate_format_iso(in->start, start_iso);
	bdate_format_iso(in->check, check_iso);
	if (in->check > in->start) {
		struct elig_reason *r = add(rs, ELIG_CHECK_AFTER_START);

		snprintf(
		    r->fr, sizeof(r->fr),
		    "La vérification est datée du %s, après la prise d'effet du %s : elle doit "
		    "la précéder.",
		    check, start);
		snprintf(r->en, sizeof(r->en),
			 "The check is dated %s, after the start date %s: it must precede it.",
			 check_iso, start_iso);
	} else if (out->check_age_days > max_age) {
		struct elig_reason *r = add(rs, ELIG_CHECK_STALE);

		snprintf(r->fr, sizeof(r->fr),
			 "La vérification du %s précède de %d jours la prise d'effet du %s ; au "
			 "plus %d jours sont admis.",
			 check, out->check_age_days, start, (int)max_age);
		snprintf(r->en, sizeof(r->en),
			 "The check of %s was made %d days before the start date %s; at most %d "
			 "days are allowed.",
			 check_iso, out->check_age_days, start_iso, (int)max_age);
	}
}

static void check_capacity(const struct elig_input *in, struct reasons *rs)
{
	int failing = 0, first = -1, first_age = 0;

	for (int i = 0; i < in->n_members; i++) {
		const struct elig_member *m = &in->members[i];
		int age = bdate_age_years(m->birth, in->start);

		if (m->dependent_child || age >= 18 || m->emancipated)
			continue;
		if (failing++ == 0) {
			first = i;
			first_age = age;
		}
	}
	if (failing == 0)
		return;

	struct elig_reason *r = add(rs, ELIG_LEGAL_CAPACITY);
	char start[BDATE_FR_LEN], start_iso[BDATE_ISO_LEN], more_fr[64] = "", more_en[64] = "";

	bdate_format_fr(in->start, start);
	bdate_format_iso(in->start, start_iso);
	if (failing > 1) {
		snprintf(more_fr, sizeof(more_fr), " (de même que %d autre%s)", failing - 1,
			 plural(failing - 1));
		snprintf(more_en, sizeof(more_en), " (and %d other%s)", failing - 1,
			 plural(failing - 1));
	}
	snprintf(r->fr, sizeof(r->fr),
		 "Capacité juridique : le membre n° %d, signataire, a %d ans le %s et n'est pas "
		 "mineur émancipé%s.",
		 first + 1, first_age, start, more_fr);
	snprintf(r->en, sizeof(r->en),
		 "Legal capacity: member no. %d, a signatory, is %d on %s and is not an "
		 "emancipated minor%s.",
		 first + 1, first_age, start_iso, more_en);
}

static void ceiling_reason(const struct elig_result *out, struct reasons *rs)
{
	bool single = out->category == ELIG_GROUND_P_A;
	struct elig_reason *r = add(rs, single ? ELIG_PA_CEILING : ELIG_PB_CEILING);
	struct amount tested = eur(out->income_tested), ceiling = eur(out->ceiling),
		      base = eur(out->ceiling_base), child = eur(out->ceiling_child_increase),
		      six = eur(out->degradation_annual / 2);
	char what_fr[160], what_en[160];
	int n = out->n_children;

	if (out->degradation_applied) {
		snprintf(what_fr, sizeof(what_fr),
			 "Revenus imposables des six derniers mois annualisés (%s × 2 = %s)",
			 six.fr, tested.fr);
		snprintf(what_en, sizeof(what_en),
			 "Taxable income of the last six months annualised (%s x 2 = %s)", six.en,
			 tested.en);
	} else {
		snprintf(what_fr, sizeof(what_fr), "Revenus imposables de %s", tested.fr);
		snprintf(what_en, sizeof(what_en), "Taxable income of %s", tested.en);
	}
	snprintf(r->fr, sizeof(r->fr),
		 "%s supérieurs au plafond %s de %s (%s : %s + %d enfant%s à charge × %s).",
		 what_fr, single ? "P-a" : "P-b", ceiling.fr,
		 single ? "personne seule" : "plusieurs personnes", base.fr, n, plural(n),
		 child.fr);
	snprintf(r->en, sizeof(r->en),
		 "%s exceeds the %s ceiling of %s (%s: %s + %d dependent child%s x %s).", what_en,
		 single ? "P-a" : "P-b", ceiling.en, single ? "single person" : "several persons",
		 base.en, n, n > 1 ? "ren" : "", child.en);
}

static void pc_ceiling_reason(const struct elig_result *out, struct reasons *rs)
{
	struct elig_reason *r = add(rs, ELIG_PC_CEILING);
	struct amount res = eur(out->resources), m = eur(out->monthly_revenues),
		      charges = eur(out->debt_charges), ris = eur(out->ris_reference), limit;

	format_amount(out->pc_limit_x100, true, &limit);
	snprintf(r->fr, sizeof(r->fr),
		 "Ressources mensuelles de %s (revenus %s − charges de dettes %s) supérieures au "
		 "plafond P-c de %s (%d %% du revenu d'intégration de référence de %s).",
		 res.fr, m.fr, charges.fr, limit.fr, (int)out->ris_percent, ris.fr);
	snprintf(r->en, sizeof(r->en),
		 "Monthly resources of %s (income %s - debt charges %s) exceed the P-c ceiling "
		 "of %s (%d %% of the reference integration income of %s).",
		 res.en, m.en, charges.en, limit.en, (int)out->ris_percent, ris.en);
}

static void text(struct reasons *rs, enum elig_code code, const char *fr, const char *en)
{
	struct elig_reason *r = add(rs, code);

	snprintf(r->fr, sizeof(r->fr), "%s", fr);
	snprintf(r->en, sizeof(r->en), "%s", en);
}

/* Precarity: P-a / P-b by the ceiling, else P-c under debt mediation. */
static enum elig_ground judge_p(const struct elig_input *in, struct elig_result *out,
				struct reasons *rs)
{
	const struct elig_mediation *med = &in->mediation;
	enum elig_ground ground = ELIG_GROUND_NONE;

	use(out, out->category == ELIG_GROUND_P_A ? PARAM_PRECARITY_SINGLE_CEILING
						  : PARAM_PRECARITY_SEVERAL_CEILING);
	if (out->n_children > 0)
		use(out, PARAM_PRECARITY_CHILD_INCREASE);
	if (out->income_tested <= out->ceiling) {
		ground = out->category;
	} else {
		ceiling_reason(out, rs);
		if (med->service_named || med->approval_ref || med->monthly_charges > 0) {
			if (!med->service_named || !med->approval_ref) {
				text(
				    rs, ELIG_PC_NO_MEDIATION,
				    "Médiation de dettes : le nom du service agréé ou la référence "
				    "de son agrément manque.",
				    "Debt mediation: the approved service's name or its approval "
				    "reference is missing.");
			} else {
				use(out, PARAM_DEBT_MEDIATION_RIS_PERCENT);
				use(out, out->ris_head == ELIG_RIS_FAMILY ? PARAM_RIS_FAMILY
					 : out->ris_head == ELIG_RIS_ISOLATED
					     ? PARAM_RIS_ISOLATED
					     : PARAM_RIS_COHABITANT);
				if (out->ris_extra_cohabitants > 0)
					use(out, PARAM_RIS_COHABITANT);
				if (out->resources * 100 <= out->pc_limit_x100)
					ground = ELIG_GROUND_P_C;
				else
					pc_ceiling_reason(out, rs);
			}
		}
	}
	if (in->patrimony.holds_dwelling && !in->patrimony.attestation) {
		text(rs, ELIG_PATRIMONY,
		     "Patrimoine : un membre est plein propriétaire ou usufruitier d'un logement, "
		     "sans attestation du bourgmestre ou de l'administration le déclarant non "
		     "améliorable ou inhabitable.",
		     "Patrimony: a member holds full ownership or usufruct of a dwelling, without "
		     "an attestation of the mayor or the housing administration that it is "
		     "non-improvable or uninhabitable.");
		ground = ELIG_GROUND_NONE;
	}
	return ground;
}

static enum elig_ground judge_f(const struct elig_input *in, struct reasons *rs)
{
	const struct elig_force_majeure *fm = &in->force_majeure;
	int before = rs->n;

	if (fm->category == ELIG_FM_NONE)
		text(rs, ELIG_FM_NO_CATEGORY,
		     "Force majeure : aucune catégorie d'événement n'est indiquée.",
		     "Force majeure: no category of event is given.");
	if (!fm->justification)
		text(rs, ELIG_FM_NO_JUSTIFICATION,
		     "Force majeure : la justification de l'opérateur manque.",
		     "Force majeure: the operator's justification is missing.");
	if (fm->proof_refs < 1)
		text(rs, ELIG_FM_NO_PROOF,
		     "Force majeure : aucune pièce justificative n'est référencée.",
		     "Force majeure: no proof reference is recorded.");
	return rs->n == before ? ELIG_GROUND_F : ELIG_GROUND_NONE;
}

static void append(struct elig_result *out, const struct reasons *rs)
{
	for (int i = 0; i < rs->n; i++)
		out->reasons[out->n_reasons++] = rs->r[i];
}

bool elig_evaluate(const struct elig_input *in, const struct params *p, struct elig_result *out)
{
	struct reasons pre = {0}, ground_p = {0}, ground_f = {0}, post = {0};
	enum elig_ground g = ELIG_GROUND_NONE;
	const char *why;

	memset(out, 0, sizeof(*out));
	if ((why = check_params(p)) != NULL || (why = check_input(in)) != NULL) {
		out->input_error = why;
		return false;
	}
	figures(in, p, out);
	check_dates(in, p, out, &pre);
	check_capacity(in, &pre);

	const struct elig_force_majeure *fm = &in->force_majeure;
	bool fm_given = fm->category != ELIG_FM_NONE || fm->justification || fm->proof_refs > 0;

	if (in->ask == ELIG_ASK_P || in->ask == ELIG_ASK_ANY)
		g = judge_p(in, out, &ground_p);
	if (in->ask == ELIG_ASK_F || (in->ask == ELIG_ASK_ANY && g == ELIG_GROUND_NONE && fm_given))
		g = judge_f(in, &ground_f);

	out->unit_checked = in->unit != ELIG_UNIT_NOT_CHECKED;
	if (in->unit == ELIG_UNIT_OVERCROWDED)
		text(&post, ELIG_OVERCROWDED, "Le logement choisi est surpeuplé pour ce ménage.",
		     "The chosen unit is overcrowded for this household.");

	append(out, &pre);
	if (g == ELIG_GROUND_NONE) {
		append(out, &ground_p);
		append(out, &ground_f);
	}
	append(out, &post);
	out->admissible = out->n_reasons == 0;
	out->ground = out->admissible ? g : ELIG_GROUND_NONE;
	out->indemnity_basis = out->ground == ELIG_GROUND_P_C ? ELIG_BASIS_R : ELIG_BASIS_M;
	out->indemnity_basis_amount =
	    out->ground == ELIG_GROUND_P_C ? out->resources : out->monthly_revenues;
	return true;
}

/* Unit tests of core/elig: examples A1-A11 of examples.md and edge cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "test_support.h"

#include "elig.h"

#define NBSP "\xC2\xA0"

/* A case under construction: members, incomes and the input pointing at them. */
struct fixture {
	struct elig_member m[ELIG_MAX_MEMBERS + 1];
	struct elig_income inc[ELIG_MAX_INCOMES + 1];
	struct elig_input in;
	struct params p;
	struct elig_result r;
};

static void init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->in.members = f->m;
	f->in.incomes = f->inc;
	f->in.ask = ELIG_ASK_P;
	f->in.start = D(2026, 3, 2);
	f->in.check = D(2026, 2, 20);
	f->in.unit = ELIG_UNIT_FITS;
	f->p = params_2026();
}

static int add_member(struct fixture *f, int y, int mo, int d, enum elig_relation rel,
		      bool dependent)
{
	int i = f->in.n_members++;

	f->m[i].birth = D(y, mo, d);
	f->m[i].relation = rel;
	f->m[i].dependent_child = dependent;
	f->m[i].emancipated = false;
	return i;
}

static void add_income(struct fixture *f, int member, enum elig_income_kind kind,
		       enum elig_period period, int64_t amount)
{
	struct elig_income *inc = &f->inc[f->in.n_incomes++];

	inc->member = member;
	inc->kind = kind;
	inc->period = period;
	inc->amount = amount;
}

static void run(struct fixture *f)
{
	assert_true(elig_evaluate(&f->in, &f->p, &f->r));
	assert_null(f->r.input_error);
	assert_int_equal(f->r.admissible, f->r.n_reasons == 0);
}

static void refused(struct fixture *f, const char *why)
{
	assert_false(elig_evaluate(&f->in, &f->p, &f->r));
	assert_string_equal(f->r.input_error, why);
	assert_false(f->r.admissible);
}

static void assert_codes(const struct elig_result *r, int n, const enum elig_code *codes)
{
	assert_int_equal(r->n_reasons, n);
	for (int i = 0; i < n; i++)
		assert_string_equal(elig_code_name(r->reasons[i].code), elig_code_name(codes[i]));
}

static void assert_ground(const struct elig_result *r, enum elig_ground g)
{
	assert_string_equal(elig_ground_name(r->ground), elig_ground_name(g));
}

static void single_adult(struct fixture *f, int64_t assessed)
{
	init(f);
	add_member(f, 1980, 5, 5, ELIG_HEAD, false);
	add_income(f, 0, ELIG_INCOME_ASSESSED, ELIG_ANNUAL, assessed);
}

static void test_A1(void **state)
{
	(void)state;
	struct fixture f;

	single_adult(&f, 1680000);
	run(&f);
	assert_true(f.r.admissible);
	assert_ground(&f.r, ELIG_GROUND_P_A);
	assert_int_equal(f.r.category, ELIG_GROUND_P_A);
	assert_int_equal(f.r.ceiling, 1700000);
	assert_int_equal(f.r.ceiling_base, 1700000);
	assert_int_equal(f.r.taxable_income, 1680000);
	assert_int_equal(f.r.income_tested, 1680000);
	assert_false(f.r.degradation_applied);
	assert_int_equal(f.r.n_adults, 1);
	assert_int_equal(f.r.n_children, 0);
	assert_true(f.r.unit_checked);
	assert_int_equal(f.r.check_age_days, 10);
	assert_int_equal(f.r.indemnity_basis, ELIG_BASIS_M);
	assert_int_equal(f.r.params_used, (1u << PARAM_PRECARITY_SINGLE_CEILING) |
					      (1u << PARAM_ADMISSION_CHECK_MAX_AGE));
}

static void test_A2(void **state)
{
	(void)state;
	struct fixture f;

	single_adult(&f, 2200000);
	add_member(&f, 2021, 6, 1, ELIG_CHILD, true);
	add_member(&f, 2016, 6, 1, ELIG_CHILD, true);
	run(&f);
	assert_true(f.r.admissible);
	assert_ground(&f.r, ELIG_GROUND_P_A);
	assert_int_equal(f.r.ceiling, 2340000);
	assert_int_equal(f.r.ceiling_child_increase, 320000);
	assert_int_equal(f.r.n_children, 2);
	assert_true(f.r.params_used & (1u << PARAM_PRECARITY_CHILD_INCREASE));
}

static void test_A3(void **state)
{
	(void)state;
	struct fixture f;

	init(&f);
	add_member(&f, 1980, 1, 1, ELIG_HEAD, false);
	add_member(&f, 1982, 1, 1, ELIG_PARTNER, false);
	add_income(&f, 0, ELIG_INCOME_ASSESSED, ELIG_ANNUAL, 1200000);
	add_income(&f, 1, ELIG_INCOME_ASSESSED, ELIG_ANNUAL, 1150000);
	run(&f);
	assert_false(f.r.admissible);
	assert_ground(&f.r, ELIG_GROUND_NONE);
	assert_int_equal(f.r.category, ELIG_GROUND_P_B);
	assert_int_equal(f.r.taxable_income, 2350000);
	assert_int_equal(f.r.ceiling, 2320000);
	assert_codes(&f.r, 1, (const enum elig_code[]){ELIG_PB_CEILING});
	assert_string_equal(f.r.reasons[0].fr,
			    "Revenus imposables de 23" NBSP "500,00" NBSP "€ supérieurs au plafond "
			    "P-b de 23" NBSP "200,00" NBSP "€ (plusieurs personnes : 23" NBSP
			    "200,00" NBSP "€ + 0 enfant à charge × 3" NBSP "200,00" NBSP "€).");
	assert_string_equal(f.r.reasons[0].en,
			    "Taxable income of EUR 23500.00 exceeds the P-b ceiling of EUR "
			    "23200.00 (several persons: EUR 23200.00 + 0 dependent child x EUR "
			    "3200.00).");
}

static void couple_in_mediation(struct fixture *f, int64_t head_net, int64_t partner_net,
				int64_t charges)
{
	init(f);
	add_member(f, 1980, 1, 1, ELIG_HEAD, false);
	add_member(f, 1982, 1, 1, ELIG_PARTNER, false);
	add_income(f, 0, ELIG_INCOME_ASSESSED, ELIG_ANNUAL, 2700000);
	add_income(f, 0, ELIG_INCOME_NET_TAXABLE, ELIG_MONTHLY, head_net);
	add_income(f, 1, ELIG_INCOME_NET_TAXABLE, ELIG_MONTHLY, partner_net);
	f->in.mediation.service_named = true;
	f->in.mediation.approval_ref = true;
	f->in.mediation.monthly_charges = charges;
}

static void test_A4(void **state)
{
	(void)state;
	struct fixture f;

	couple_in_mediation(&f, 135000, 95000, 40000);
	run(&f);
	assert_true(f.r.admissible);
	assert_ground(&f.r, ELIG_GROUND_P_C);
	assert_int_equal(f.r.taxable_income, 2700000);
	assert_int_equal(f.r.monthly_revenues, 230000);
	assert_int_equal(f.r.debt_charges, 40000);
	assert_int_equal(f.r.resources, 190000);
	assert_int_equal(f.r.ris_head, ELIG_RIS_COUPLE);
	assert_int_equal(f.r.ris_head_amount, 175226);
	assert_int_equal(f.r.ris_extra_cohabitants, 0);
	assert_int_equal(f.r.ris_reference, 175226);
	assert_int_equal(f.r.ris_percent, 120);
	assert_int_equal(f.r.pc_limit_x100, 21027120); /* 2 102,712 € */
	assert_int_equal(f.r.indemnity_basis, ELIG_BASIS_R);
	assert_int_equal(f.r.indemnity_basis_amount, 190000);
	assert_true(f.r.params_used & (1u << PARAM_RIS_COHABITANT));
	assert_true(f.r.params_used & (1u << PARAM_DEBT_MEDIATION_RIS_PERCENT));
	assert_false(f.r.params_used & (1u << PARAM_RIS_ISOLATED));

	/* 2 200,00 > 2 102,712: the limit is shown to the tenth of a cent. */
	couple_in_mediation(&f, 135000, 125000, 40000);
	run(&f);
	assert_codes(&f.r, 2, (const enum elig_code[]){ELIG_PB_CEILING, ELIG_PC_CEILING});
	assert_non_null(strstr(f.r.reasons[1].fr, "plafond P-c de 2" NBSP "102,712" NBSP "€"));
	assert_non_null(strstr(f.r.reasons[1].en, "P-c ceiling of EUR 2102.712"));
}

static void test_A5(void **state)
{
	(void)state;
	struct fixture f;

	single_adult(&f, 1900000);
	add_income(&f, 0, ELIG_INCOME_NET_TAXABLE, ELIG_MONTHLY, 160000);
	f.in.mediation.service_named = true;
	f.in.mediation.approval_ref = true;
	run(&f);
	assert_false(f.r.admissible);
	assert_codes(&f.r, 2, (const enum elig_code[]){ELIG_PA_CEILING, ELIG_PC_CEILING});
	assert_int_equal(f.r.resources, 160000);
	assert_int_equal(f.r.ris_head, ELIG_RIS_ISOLATED);
	assert_int_equal(f.r.ris_reference, 131420);
	assert_int_equal(f.r.pc_limit_x100, 15770400);
	assert_non_null(strstr(f.r.reasons[0].fr, "plafond P-a de 17" NBSP "000,00" NBSP "€"));
	assert_string_equal(f.r.reasons[1].fr,
			    "Ressources mensuelles de 1" NBSP "600,00" NBSP "€ (revenus 1" NBSP
			    "600,00" NBSP "€ − charges de dettes 0,00" NBSP "€) supérieures au "
			    "plafond P-c de 1" NBSP "577,04" NBSP "€ (120 % du revenu "
			    "d'intégration de référence de 1" NBSP "314,20" NBSP "€).");
	assert_non_null(strstr(f.r.reasons[1].en, "P-c ceiling of EUR 1577.04 (120 %"));
	assert_int_equal(f.r.indemnity_basis, ELIG_BASIS_M);
}

static void test_A6(void **state)
{
	(void)state;
	struct fixture f;

	single_adult(&f, 800000);
	f.in.patrimony.holds_dwelling = true;
	run(&f);
	assert_false(f.r.admissible);
	assert_codes(&f.r, 1, (const enum elig_code[]){ELIG_PATRIMONY});
	assert_non_null(strstr(f.r.reasons[0].fr, "plein propriétaire ou usufruitier"));
}

static void test_A7(void **state)
{
	(void)state;
	struct fixture f;

	single_adult(&f, 800000);
	f.in.patrimony.holds_dwelling = true;
	f.in.patrimony.attestation = true;
	run(&f);
	assert_true(f.r.admissible);
	assert_ground(&f.r, ELIG_GROUND_P_A);
}

static void fire_victims(struct fixture *f)
{
	init(f);
	add_member(f, 1980, 1, 1, ELIG_HEAD, false);
	add_member(f, 1982, 1, 1, ELIG_PARTNER, false);
	add_member(f, 2015, 1, 1, ELIG_CHILD, true);
	add_income(f, 0, ELIG_INCOME_ASSESSED, ELIG_ANNUAL, 5200000);
	add_income(f, 0, ELIG_INCOME_NET_TAXABLE, ELIG_MONTHLY, 310000);
	f->in.force_majeure.category = ELIG_FM_NATURAL;
	f->in.force_majeure.justification = true;
	f->in.force_majeure.proof_refs = 1;
	f->in.ask = ELIG_ASK_F;
}

static void test_A8(void **state)
{
	(void)state;
	struct fixture f;

	fire_victims(&f);
	run(&f);
	assert_true(f.r.admissible);
	assert_ground(&f.r, ELIG_GROUND_F);
	assert_int_equal(f.r.indemnity_basis, ELIG_BASIS_M);
	assert_int_equal(f.r.indemnity_basis_amount, 310000);
	/* F does not look at the income ceilings. */
	assert_false(f.r.params_used & (1u << PARAM_PRECARITY_SEVERAL_CEILING));

	/* Asked for any ground: P-b fails (52 000 > 26 400), F is retained. */
	fire_victims(&f);
	f.in.ask = ELIG_ASK_ANY;
	run(&f);
	assert_true(f.r.admissible);
	assert_ground(&f.r, ELIG_GROUND_F);
	assert_int_equal(f.r.ceiling, 2640000);

	/* Asked for P only, the force majeure is not considered. */
	fire_victims(&f);
	f.in.ask = ELIG_ASK_P;
	run(&f);
	assert_codes(&f.r, 1, (const enum elig_code[]){ELIG_PB_CEILING});
	assert_non_null(strstr(f.r.reasons[0].en, "1 dependent child x"));
}

static void test_A9(void **state)
{
	(void)state;
	struct fixture f;

	init(&f);
	add_member(&f, 2008, 9, 1, ELIG_HEAD, false);
	add_income(&f, 0, ELIG_INCOME_ASSESSED, ELIG_ANNUAL, 0);
	run(&f);
	assert_false(f.r.admissible);
	assert_codes(&f.r, 1, (const enum elig_code[]){ELIG_LEGAL_CAPACITY});
	assert_string_equal(f.r.reasons[0].fr,
			    "Capacité juridique : le membre n° 1, signataire, a 17 ans le "
			    "02/03/2026 et n'est pas mineur émancipé.");
	assert_string_equal(f.r.reasons[0].en,
			    "Legal capacity: member no. 1, a signatory, is 17 on 2026-03-02 and "
			    "is not an emancipated minor.");

	f.m[0].emancipated = true;
	run(&f);
	assert_true(f.r.admissible);
	assert_ground(&f.r, ELIG_GROUND_P_A);

	/* 18 on the start date itself: capable. */
	f.m[0].emancipated = false;
	f.m[0].birth = D(2008, 3, 2);
	run(&f);
	assert_true(f.r.admissible);
}

static void test_A10(void **state)
{
	(void)state;
	struct fixture f;

	single_adult(&f, 3000000);
	f.in.degradation.reason = ELIG_DEGRADATION_UNEMPLOYMENT;
	f.in.degradation.six_month_taxable = 720000;
	run(&f);
	assert_true(f.r.admissible);
	assert_ground(&f.r, ELIG_GROUND_P_A);
	assert_true(f.r.degradation_applied);
	assert_int_equal(f.r.taxable_income, 3000000);
	assert_int_equal(f.r.degradation_annual, 1440000);
	assert_int_equal(f.r.income_tested, 1440000);

	/* Without the degradation claim the assessed income decides. */
	f.in.degradation.reason = ELIG_DEGRADATION_NONE;
	f.in.degradation.six_month_taxable = 0;
	run(&f);
	assert_codes(&f.r, 1, (const enum elig_code[]){ELIG_PA_CEILING});

	/* Still too high after the degradation: the text says which figure. */
	f.in.degradation.reason = ELIG_DEGRADATION_RETIREMENT;
	f.in.degradation.six_month_taxable = 900000;
	run(&f);
	assert_codes(&f.r, 1, (const enum elig_code[]){ELIG_PA_CEILING});
	assert_non_null(strstr(f.r.reasons[0].fr,
			       "six derniers mois annualisés (9" NBSP "000,00" NBSP
			       "€ × 2 = 18" NBSP "000,00" NBSP "€)"));

	/* Under the ceiling already: the degradation is not applied. */
	single_adult(&f, 1000000);
	f.in.degradation.reason = ELIG_DEGRADATION_WORK_INCAPACITY;
	f.in.degradation.six_month_taxable = 900000;
	run(&f);
	assert_true(f.r.admissible);
	assert_false(f.r.degradation_applied);
	assert_int_equal(f.r.income_tested, 1000000);
}

static void test_A11(void **state)
{
	(void)state;
	struct fixture f;

	init(&f);
	add_member(&f, 1990, 1, 1, ELIG_HEAD, false);
	add_member(&f, 2020, 1, 1, ELIG_CHILD, true);
	add_income(&f, 0, ELIG_INCOME_NET_EXEMPT, ELIG_MONTHLY, 177607);
	run(&f);
	assert_true(f.r.admissible);
	assert_ground(&f.r, ELIG_GROUND_P_A);
	assert_int_equal(f.r.taxable_income, 0);
	assert_int_equal(f.r.monthly_revenues, 177607);
	assert_int_equal(f.r.monthly_exempt, 177607);
	assert_int_equal(f.r.monthly_taxable, 0);
	assert_int_equal(f.r.indemnity_basis_amount, 177607);
}

static void test_ceiling_boundaries(void **state)
{
	(void)state;
	struct fixture f;

	single_adult(&f, 1700000);
	run(&f);
	assert_true(f.r.admissible);
	single_adult(&f, 1700001);
	run(&f);
	assert_codes(&f.r, 1, (const enum elig_code[]){ELIG_PA_CEILING});

	/* P-c: R x 100 <= 120 x RIS exactly; 1 577,04 passes, 1 577,05 fails. */
	single_adult(&f, 1900000);
	add_income(&f, 0, ELIG_INCOME_NET_TAXABLE, ELIG_MONTHLY, 157704);
	f.in.mediation.service_named = true;
	f.in.mediation.approval_ref = true;
	run(&f);
	assert_true(f.r.admissible);
	assert_ground(&f.r, ELIG_GROUND_P_C);
	f.inc[1].amount = 157705;
	run(&f);
	assert_codes(&f.r, 2, (const enum elig_code[]){ELIG_PA_CEILING, ELIG_PC_CEILING});
	/* Charges above the income: R is 0, not negative. */
	f.in.mediation.monthly_charges = 200000;
	run(&f);
	assert_int_equal(f.r.resources, 0);
	assert_ground(&f.r, ELIG_GROUND_P_C);

	/* A limit with hundredths of a cent: 101 % of 1 314,05 = 1 327,1905. */
	f.p.value[PARAM_RIS_ISOLATED] = 131405;
	f.p.value[PARAM_DEBT_MEDIATION_RIS_PERCENT] = 101;
	f.in.mediation.monthly_charges = 0;
	run(&f);
	assert_non_null(strstr(f.r.reasons[1].fr, "1" NBSP "327,1905" NBSP "€"));
	assert_non_null(strstr(f.r.reasons[1].en, "EUR 1327.1905"));
}

static void test_dependent_child_of_19(void **state)
{
	(void)state;
	struct fixture f;

	/* Still a dependent child at 19: counted in the ceiling, does not sign. */
	single_adult(&f, 1950000);
	add_member(&f, 2006, 6, 1, ELIG_CHILD, true);
	run(&f);
	assert_true(f.r.admissible);
	assert_int_equal(f.r.n_children, 1);
	assert_int_equal(f.r.n_adults, 1);
	assert_int_equal(f.r.category, ELIG_GROUND_P_A);
	assert_int_equal(f.r.ceiling, 2020000);

	/* Not dependent: a second adult, several persons; a minor one must sign. */
	f.m[1].dependent_child = false;
	run(&f);
	assert_int_equal(f.r.n_children, 0);
	assert_int_equal(f.r.category, ELIG_GROUND_P_B);
	assert_ground(&f.r, ELIG_GROUND_P_B);
	assert_int_equal(f.r.ceiling, 2320000);
	f.m[1].birth = D(2009, 6, 1);
	add_member(&f, 2010, 6, 1, ELIG_OTHER, false);
	run(&f);
	assert_codes(&f.r, 1, (const enum elig_code[]){ELIG_LEGAL_CAPACITY});
	assert_non_null(strstr(f.r.reasons[0].fr, "membre n° 2, signataire, a 16 ans"));
	assert_non_null(strstr(f.r.reasons[0].fr, "(de même que 1 autre)"));
	assert_non_null(strstr(f.r.reasons[0].en, "(and 1 other)"));
}

static void test_ris_composition(void **state)
{
	(void)state;
	struct fixture f;

	/* Couple, a dependent child and a non-dependent adult son: family + cohabitant. */
	couple_in_mediation(&f, 200000, 100000, 50000);
	add_member(&f, 2015, 1, 1, ELIG_CHILD, true);
	add_member(&f, 2000, 1, 1, ELIG_CHILD, false);
	add_income(&f, 3, ELIG_INCOME_NET_EXEMPT, ELIG_ANNUAL, 1000001);
	run(&f);
	assert_int_equal(f.r.ris_head, ELIG_RIS_FAMILY);
	assert_int_equal(f.r.ris_head_amount, 177607);
	assert_int_equal(f.r.ris_extra_cohabitants, 1);
	assert_int_equal(f.r.ris_reference, 177607 + 87613);
	/* An annual amount counts as floor(amount / 12) a month. */
	assert_int_equal(f.r.monthly_exempt, 83333);
	assert_int_equal(f.r.monthly_revenues, 383333);
	assert_int_equal(f.r.resources, 333333);
	assert_int_equal(f.r.n_adults, 3);
	assert_ground(&f.r, ELIG_GROUND_NONE);
	assert_true(f.r.params_used & (1u << PARAM_RIS_FAMILY));
	assert_true(f.r.params_used & (1u << PARAM_RIS_COHABITANT));

	/* A monthly assessed amount counts twelve times a year. */
	single_adult(&f, 0);
	f.inc[0].period = ELIG_MONTHLY;
	f.inc[0].amount = 141667;
	run(&f);
	assert_int_equal(f.r.taxable_income, 1700004);
	assert_codes(&f.r, 1, (const enum elig_code[]){ELIG_PA_CEILING});
}

static void test_check_dates(void **state)
{
	(void)state;
	struct fixture f;

	single_adult(&f, 1000000);
	f.in.check = f.in.start - 30;
	run(&f);
	assert_true(f.r.admissible);
	f.in.check = f.in.start;
	run(&f);
	assert_true(f.r.admissible);
	f.in.check = f.in.start - 31;
	run(&f);
	assert_codes(&f.r, 1, (const enum elig_code[]){ELIG_CHECK_STALE});
	assert_string_equal(f.r.reasons[0].fr,
			    "La vérification du 30/01/2026 précède de 31 jours la prise d'effet "
			    "du 02/03/2026 ; au plus 30 jours sont admis.");
	assert_int_equal(f.r.check_age_days, 31);
	f.in.check = f.in.start + 1;
	run(&f);
	assert_codes(&f.r, 1, (const enum elig_code[]){ELIG_CHECK_AFTER_START});
	assert_string_equal(f.r.reasons[0].en, "The check is dated 2026-03-03, after the start "
					       "date 2026-03-02: it must precede it.");
}

static void test_mediation_and_force_majeure_reasons(void **state)
{
	(void)state;
	struct fixture f;

	/* Mediation recorded without its approval reference. */
	single_adult(&f, 1900000);
	f.in.mediation.service_named = true;
	run(&f);
	assert_codes(&f.r, 2, (const enum elig_code[]){ELIG_PA_CEILING, ELIG_PC_NO_MEDIATION});
	f.in.mediation.service_named = false;
	f.in.mediation.monthly_charges = 100;
	run(&f);
	assert_codes(&f.r, 2, (const enum elig_code[]){ELIG_PA_CEILING, ELIG_PC_NO_MEDIATION});

	/* F asked with nothing recorded: three reasons. */
	single_adult(&f, 0);
	f.in.ask = ELIG_ASK_F;
	run(&f);
	assert_codes(&f.r, 3,
		     (const enum elig_code[]){ELIG_FM_NO_CATEGORY, ELIG_FM_NO_JUSTIFICATION,
					      ELIG_FM_NO_PROOF});
	f.in.force_majeure.category = ELIG_FM_SOCIAL_EMERGENCY;
	f.in.force_majeure.justification = true;
	run(&f);
	assert_codes(&f.r, 1, (const enum elig_code[]){ELIG_FM_NO_PROOF});

	/* Any ground: both fail, both are told; without F data only P is. */
	single_adult(&f, 1800000);
	f.in.ask = ELIG_ASK_ANY;
	run(&f);
	assert_codes(&f.r, 1, (const enum elig_code[]){ELIG_PA_CEILING});
	f.in.force_majeure.proof_refs = 2;
	run(&f);
	assert_codes(&f.r, 3,
		     (const enum elig_code[]){ELIG_PA_CEILING, ELIG_FM_NO_CATEGORY,
					      ELIG_FM_NO_JUSTIFICATION});
	/* P passes: F is not even looked at. */
	f.inc[0].amount = 1000000;
	run(&f);
	assert_true(f.r.admissible);
	assert_ground(&f.r, ELIG_GROUND_P_A);

	/* Patrimony blocks P but not F. */
	fire_victims(&f);
	f.in.patrimony.holds_dwelling = true;
	run(&f);
	assert_ground(&f.r, ELIG_GROUND_F);
	f.in.ask = ELIG_ASK_ANY;
	f.inc[0].amount = 100000;
	run(&f);
	assert_ground(&f.r, ELIG_GROUND_F);
}

static void test_unit_and_all_reasons(void **state)
{
	(void)state;
	struct fixture f;

	single_adult(&f, 1000000);
	f.in.unit = ELIG_UNIT_OVERCROWDED;
	run(&f);
	assert_codes(&f.r, 1, (const enum elig_code[]){ELIG_OVERCROWDED});
	assert_string_equal(f.r.reasons[0].fr, "Le logement choisi est surpeuplé pour ce ménage.");
	f.in.unit = ELIG_UNIT_NOT_CHECKED;
	run(&f);
	assert_true(f.r.admissible);
	assert_false(f.r.unit_checked);

	/* Every condition failing at once, in a stable order. */
	init(&f);
	add_member(&f, 2009, 1, 1, ELIG_HEAD, false);
	add_income(&f, 0, ELIG_INCOME_ASSESSED, ELIG_ANNUAL, 9000000);
	add_income(&f, 0, ELIG_INCOME_NET_TAXABLE, ELIG_MONTHLY, 900000);
	f.in.check = f.in.start - 60;
	f.in.mediation.service_named = true;
	f.in.mediation.approval_ref = true;
	f.in.patrimony.holds_dwelling = true;
	f.in.force_majeure.proof_refs = 1;
	f.in.ask = ELIG_ASK_ANY;
	f.in.unit = ELIG_UNIT_OVERCROWDED;
	run(&f);
	assert_codes(&f.r, 8,
		     (const enum elig_code[]){ELIG_CHECK_STALE, ELIG_LEGAL_CAPACITY,
					      ELIG_PA_CEILING, ELIG_PC_CEILING, ELIG_PATRIMONY,
					      ELIG_FM_NO_CATEGORY, ELIG_FM_NO_JUSTIFICATION,
					      ELIG_OVERCROWDED});
	for (int i = 0; i < f.r.n_reasons; i++) {
		assert_true(strlen(f.r.reasons[i].fr) > 20);
		assert_true(strlen(f.r.reasons[i].en) > 20);
	}
}

static void test_invalid_input(void **state)
{
	(void)state;
	struct fixture f;

	single_adult(&f, 1000000);
	f.in.ask = (enum elig_ask)7;
	refused(&f, "ground: unknown ground asked");

	single_adult(&f, 1000000);
	for (int i = 1; i <= ELIG_MAX_MEMBERS; i++)
		add_member(&f, 2010, 1, 1, ELIG_CHILD, true);
	refused(&f, "household: too many members (at most 16)");
	f.in.n_members = ELIG_MAX_MEMBERS;
	run(&f);
	assert_int_equal(f.r.n_children, ELIG_MAX_MEMBERS - 1);

	single_adult(&f, 1000000);
	f.in.n_incomes = ELIG_MAX_INCOMES + 1;
	refused(&f, "incomes: too many lines (at most 64)");
	f.in.n_incomes = -1;
	refused(&f, "incomes: missing");
	f.in.n_incomes = 1;
	f.in.incomes = NULL;
	refused(&f, "incomes: missing");

	single_adult(&f, 1000000);
	f.in.n_members = 0;
	refused(&f, "household: no members");
	assert_false(elig_evaluate(NULL, &f.p, &f.r));
	f.in.n_members = 1;
	assert_false(elig_evaluate(&f.in, NULL, &f.r));
	assert_string_equal(f.r.input_error, "params: missing");

	single_adult(&f, 1000000);
	f.in.unit = (enum elig_unit)5;
	refused(&f, "unit: unknown overcrowding verdict");

	single_adult(&f, 1000000);
	f.m[0].relation = (enum elig_relation)9;
	refused(&f, "household: unknown relation");
	f.m[0].relation = ELIG_CHILD;
	refused(&f, "household: exactly one head of household is required");
	f.m[0].relation = ELIG_HEAD;
	f.m[0].dependent_child = true;
	refused(&f, "household: the head or partner cannot be a dependent child");
	f.m[0].dependent_child = false;
	f.m[0].birth = f.in.start + 1;
	refused(&f, "household: member born after the start date");
	f.m[0].birth = D(1980, 1, 1);
	add_member(&f, 1980, 1, 1, ELIG_PARTNER, false);
	add_member(&f, 1980, 1, 1, ELIG_PARTNER, false);
	refused(&f, "household: at most one partner");

	single_adult(&f, 1000000);
	f.inc[0].member = 1;
	refused(&f, "incomes: member index out of range");
	f.inc[0].member = -1;
	refused(&f, "incomes: member index out of range");
	f.inc[0].member = 0;
	f.inc[0].kind = (enum elig_income_kind)3;
	refused(&f, "incomes: unknown kind");
	f.inc[0].kind = ELIG_INCOME_ASSESSED;
	f.inc[0].period = (enum elig_period)2;
	refused(&f, "incomes: unknown period");
	f.inc[0].period = ELIG_ANNUAL;
	f.inc[0].amount = -1;
	refused(&f, "incomes: amount must be 0 to 100000000.00");
	f.inc[0].amount = ELIG_MAX_AMOUNT + 1;
	refused(&f, "incomes: amount must be 0 to 100000000.00");
	f.inc[0].amount = ELIG_MAX_AMOUNT;
	run(&f);

	single_adult(&f, 1000000);
	f.in.degradation.six_month_taxable = 100;
	refused(&f, "degradation: six-month income given without a reason");
	f.in.degradation.six_month_taxable = -100;
	refused(&f, "degradation: amount must be 0 to 100000000.00");
	f.in.degradation.six_month_taxable = 0;
	f.in.degradation.reason = (enum elig_degradation_reason)6;
	refused(&f, "degradation: unknown reason");
	f.in.degradation.reason = ELIG_DEGRADATION_NONE;
	f.in.mediation.monthly_charges = -1;
	refused(&f, "mediation: charges must be 0 to 100000000.00");
	f.in.mediation.monthly_charges = 0;
	f.in.force_majeure.category = (enum elig_fm_category)7;
	refused(&f, "force majeure: unknown category");
	f.in.force_majeure.category = ELIG_FM_NONE;
	f.in.force_majeure.proof_refs = -1;
	refused(&f, "force majeure: negative proof count");
	f.in.force_majeure.proof_refs = 0;

	f.p.value[PARAM_RIS_FAMILY] = -1;
	refused(&f, "params: precarity ceilings and RIS amounts must be 0 to 100000000.00");
	f.p = params_2026();
	f.p.value[PARAM_DEBT_MEDIATION_RIS_PERCENT] = 0;
	refused(&f, "params: debt_mediation_ris_percent must be 1 to 1000");
	f.p.value[PARAM_DEBT_MEDIATION_RIS_PERCENT] = 1001;
	refused(&f, "params: debt_mediation_ris_percent must be 1 to 1000");
	f.p = params_2026();
	f.p.value[PARAM_ADMISSION_CHECK_MAX_AGE] = -1;
	refused(&f, "params: admission_check_max_age_days must be 0 to 3660");
	f.p.value[PARAM_ADMISSION_CHECK_MAX_AGE] = 3661;
	refused(&f, "params: admission_check_max_age_days must be 0 to 3660");
	f.p = params_2026();
	run(&f);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(elig_code_name(ELIG_PA_CEILING), "ELIG_PA_CEILING");
	assert_string_equal(elig_code_name(ELIG_OVERCROWDED), "ELIG_OVERCROWDED");
	assert_string_equal(elig_code_name(ELIG_CODE_COUNT), "ELIG_UNKNOWN");
	assert_string_equal(elig_ground_name(ELIG_GROUND_P_A), "P-a");
	assert_string_equal(elig_ground_name(ELIG_GROUND_P_B), "P-b");
	assert_string_equal(elig_ground_name(ELIG_GROUND_P_C), "P-c");
	assert_string_equal(elig_ground_name(ELIG_GROUND_F), "F");
	assert_string_equal(elig_ground_name(ELIG_GROUND_NONE), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_A1),
	    cmocka_unit_test(test_A2),
	    cmocka_unit_test(test_A3),
	    cmocka_unit_test(test_A4),
	    cmocka_unit_test(test_A5),
	    cmocka_unit_test(test_A6),
	    cmocka_unit_test(test_A7),
	    cmocka_unit_test(test_A8),
	    cmocka_unit_test(test_A9),
	    cmocka_unit_test(test_A10),
	    cmocka_unit_test(test_A11),
	    cmocka_unit_test(test_ceiling_boundaries),
	    cmocka_unit_test(test_dependent_child_of_19),
	    cmocka_unit_test(test_ris_composition),
	    cmocka_unit_test(test_check_dates),
	    cmocka_unit_test(test_mediation_and_force_majeure_reasons),
	    cmocka_unit_test(test_unit_and_all_reasons),
	    cmocka_unit_test(test_invalid_input),
	    cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

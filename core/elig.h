/*
 * elig: admission of a household to transit housing (rules.md section 1):
 * legal capacity, ground of admission (precarity P-a / P-b / P-c, or force
 * majeure F), patrimony, date of the check, and the unit's overcrowding
 * verdict given by the caller.
 *
 * Pure: no I/O, no globals, no allocation. The caller owns every input and
 * the result struct; everything is copied into the result (reason texts
 * included) except input_error, which points to a static string. Nothing
 * returned needs freeing.
 *
 * Amounts are int64 cents. Income figures:
 *   I (annual, for P-a / P-b) = the sum of the ELIG_INCOME_ASSESSED lines:
 *     each member's total taxable income on the latest tax assessment.
 *     RIS, GRAPA, allowances are not taxable and never appear here, so a
 *     household living on RIS alone has I = 0.
 *   M (monthly, the 20 % basis for P-a / P-b / F) = the sum of the current
 *     net incomes and allowances of every member (ELIG_INCOME_NET_*).
 *   R (monthly, for P-c and its 20 % basis) = M - the monthly charges of
 *     the over-indebtedness fixed by the mediation service (never below 0).
 * The assessed figure (income year x, known in x+1 or x+2) and the current
 * net incomes are different facts about the same persons, which is why a
 * line says which one it is (examples.md A4 gives both). Periods: an
 * annual amount counts as floor(amount / 12) per month; a monthly assessed
 * amount counts as amount x 12 per year.
 *
 * The overcrowding check lives in core/crowd; elig takes only its verdict
 * so that the two stay independent: the caller runs crowd_check on the unit
 * chosen and passes ELIG_UNIT_FITS or ELIG_UNIT_OVERCROWDED (and shows
 * crowd's own reasons beside ELIG_OVERCROWDED). ELIG_UNIT_NOT_CHECKED gives
 * a verdict on conditions 1 and 2 only, flagged by unit_checked = false: a
 * convention must not be made on such a result.
 */
#ifndef TRANSITD_CORE_ELIG_H
#define TRANSITD_CORE_ELIG_H

#include <stdbool.h>
#include <stdint.h>

#include "bdate.h"
#include "params.h"

#define ELIG_MAX_MEMBERS 16
#define ELIG_MAX_INCOMES 64
/* Any single amount above 100 000 000,00 € is a typing error. */
#define ELIG_MAX_AMOUNT 10000000000LL
#define ELIG_TEXT_LEN	512

enum elig_relation {
	ELIG_HEAD,    /* exactly one */
	ELIG_PARTNER, /* at most one; with the head, the couple */
	ELIG_CHILD,
	ELIG_OTHER,
};

struct elig_member {
	bdate_t birth; /* not after the start date */
	enum elig_relation relation;
	/*
	 * Enfant à charge (family allowances are paid for them to a member),
	 * whatever the age; never the head or the partner. Everybody else
	 * signs the convention.
	 */
	bool dependent_child;
	bool emancipated; /* a minor emancipated by law may sign */
};

enum elig_income_kind {
	ELIG_INCOME_ASSESSED,	 /* taxable income on the latest tax assessment: I */
	ELIG_INCOME_NET_TAXABLE, /* current net wage, benefit, pension: M and R */
	ELIG_INCOME_NET_EXEMPT,	 /* current RIS, GRAPA, allowances (not taxable): M and R */
};

enum elig_period {
	ELIG_MONTHLY,
	ELIG_ANNUAL,
};

struct elig_income {
	int member; /* index into members */
	enum elig_income_kind kind;
	enum elig_period period;
	int64_t amount; /* cents, 0..ELIG_MAX_AMOUNT */
};

/* Why the assessed income no longer reflects the household's situation. */
enum elig_degradation_reason {
	ELIG_DEGRADATION_NONE,
	ELIG_DEGRADATION_EXCEPTIONAL, /* exceptional circumstances */
	ELIG_DEGRADATION_WORK_INCAPACITY,
	ELIG_DEGRADATION_UNEMPLOYMENT,
	ELIG_DEGRADATION_PRE_PENSION,
	ELIG_DEGRADATION_RETIREMENT,
};

struct elig_degradation {
	enum elig_degradation_reason reason;
	/* Household taxable income of the last six months; 0 when reason is NONE. */
	int64_t six_month_taxable;
};

struct elig_mediation {
	bool service_named;	 /* the approved debt-mediation service is recorded */
	bool approval_ref;	 /* and its approval reference */
	int64_t monthly_charges; /* over-indebtedness charges fixed by the service */
};

struct elig_patrimony {
	bool holds_dwelling; /* a member has full ownership or usufruct of a dwelling */
	bool attestation;    /* mayor's or administration's: non-improvable or uninhabitable */
};

enum elig_fm_category {
	ELIG_FM_NONE,
	ELIG_FM_NATURAL,	  /* (1) lightning, flood, storm, fire... */
	ELIG_FM_COMMUNITY,	  /* (2) accident, catastrophe, riots */
	ELIG_FM_AUTHORITY,	  /* (3) expropriation, requisition, inhabitability order... */
	ELIG_FM_THIRD_PARTY,	  /* (4) act of an identified third party */
	ELIG_FM_ACCIDENT,	  /* (5) accident, e.g. fire */
	ELIG_FM_SOCIAL_EMERGENCY, /* urgent provisional measure ordered by a judge... */
};

struct elig_force_majeure {
	enum elig_fm_category category;
	bool justification; /* the operator's free-text demonstration is recorded */
	int proof_refs;	    /* number of proof references recorded, >= 0 */
};

/* The ground the operator asks to be examined. */
enum elig_ask {
	ELIG_ASK_P,   /* precarity: P-a or P-b by composition, else P-c under debt mediation */
	ELIG_ASK_F,   /* force majeure */
	ELIG_ASK_ANY, /* P first (the regulation's order), then F when F data is given */
};

enum elig_unit {
	ELIG_UNIT_NOT_CHECKED,
	ELIG_UNIT_FITS,
	ELIG_UNIT_OVERCROWDED,
};

struct elig_input {
	const struct elig_member *members;
	int n_members; /* 1..ELIG_MAX_MEMBERS */
	const struct elig_income *incomes;
	int n_incomes; /* 0..ELIG_MAX_INCOMES */
	struct elig_degradation degradation;
	struct elig_mediation mediation;
	struct elig_patrimony patrimony;
	struct elig_force_majeure force_majeure;
	enum elig_ask ask;
	bdate_t start; /* the convention's effective date: ages are taken here */
	bdate_t check; /* the date of this check */
	enum elig_unit unit;
};

enum elig_ground {
	ELIG_GROUND_NONE,
	ELIG_GROUND_P_A,
	ELIG_GROUND_P_B,
	ELIG_GROUND_P_C,
	ELIG_GROUND_F,
};

enum elig_code {
	ELIG_CHECK_AFTER_START, /* the check is dated after the start */
	ELIG_CHECK_STALE,	/* more than admission_check_max_age_days before the start */
	ELIG_LEGAL_CAPACITY,	/* a signatory under 18 and not emancipated */
	ELIG_PA_CEILING,	/* single person: income above the ceiling */
	ELIG_PB_CEILING,	/* several persons: income above the ceiling */
	ELIG_PC_NO_MEDIATION,	/* mediation recorded without service or approval */
	ELIG_PC_CEILING,	/* R above 120 % of the RIS reference */
	ELIG_PATRIMONY,		/* owner or usufructuary without attestation */
	ELIG_FM_NO_CATEGORY,
	ELIG_FM_NO_JUSTIFICATION,
	ELIG_FM_NO_PROOF,
	ELIG_OVERCROWDED, /* the caller's crowd verdict */
	ELIG_CODE_COUNT
};

struct elig_reason {
	enum elig_code code;
	char fr[ELIG_TEXT_LEN]; /* UTF-8, amounts as "17 000,00 €" (no-break spaces) */
	char en[ELIG_TEXT_LEN]; /* amounts as "EUR 17000.00" */
};

#define ELIG_MAX_REASONS ELIG_CODE_COUNT

/* The head's part of the RIS reference amount. */
enum elig_ris_head {
	ELIG_RIS_ISOLATED, /* single, no dependent child: ris_isolated */
	ELIG_RIS_FAMILY,   /* at least one dependent child (single or couple): ris_family */
	ELIG_RIS_COUPLE,   /* head and partner, no dependent child: 2 x ris_cohabitant */
};

enum elig_basis {
	ELIG_BASIS_M, /* monthly revenues: P-a, P-b, F (and when not admissible) */
	ELIG_BASIS_R, /* monthly resources: P-c */
};

struct elig_result {
	bool admissible;	   /* every condition met (see unit_checked) */
	enum elig_ground ground;   /* retained ground; NONE when not admissible */
	enum elig_ground category; /* P_A or P_B: the precarity category by composition */
	bool unit_checked;	   /* false: the overcrowding condition was not judged */

	int n_members;
	int n_adults;	/* members who are not dependent children: the signatories */
	int n_children; /* dependent children, whatever their age */

	/* P-a / P-b (annual cents): ceiling = base + n_children x child_increase. */
	int64_t ceiling_base;
	int64_t ceiling_child_increase;
	int64_t ceiling;
	int64_t taxable_income;	    /* I, assessed */
	bool degradation_applied;   /* I > ceiling and a degradation reason is given */
	int64_t degradation_annual; /* six-month figure x 2 (when a reason is given) */
	int64_t income_tested;	    /* degradation_annual when applied, else I */

	/* Monthly cents. */
	int64_t monthly_revenues; /* M = monthly_taxable + monthly_exempt */
	int64_t monthly_taxable;
	int64_t monthly_exempt;
	int64_t debt_charges;
	int64_t resources; /* R */

	/* P-c: RIS reference = head amount + extra_cohabitants x ris_cohabitant. */
	enum elig_ris_head ris_head;
	int64_t ris_head_amount;
	int ris_extra_cohabitants;
	int64_t ris_reference;
	int64_t ris_percent;   /* debt_mediation_ris_percent */
	int64_t pc_limit_x100; /* ris_percent x ris_reference: the limit in 1/100 cent */

	int check_age_days; /* start - check */

	/* What the 20 % indemnity cap is computed on (rules.md section 3). */
	enum elig_basis indemnity_basis;
	int64_t indemnity_basis_amount;

	/* Bit k set: params->value[k] was used by a condition that was judged. */
	uint32_t params_used;

	int n_reasons; /* 0 exactly when admissible */
	struct elig_reason reasons[ELIG_MAX_REASONS];

	/* Static English text when the function returned false, else NULL. */
	const char *input_error;
};

/*
 * Judges the admission. `p` holds the parameters resolved for in->start.
 * Returns false (out->input_error set, no verdict) on invalid input: bad
 * counts, enum values, member indexes or amounts (negative or above
 * ELIG_MAX_AMOUNT), a member born after the start, not exactly one head,
 * several partners, a head or partner flagged dependent child, a
 * degradation figure without a reason, a negative proof count, an unknown
 * ground, or parameters out of range (amounts not 0..ELIG_MAX_AMOUNT, RIS
 * percent not 1..1000, check maximum age not 0..3660 days).
 */
CORE_WUR bool elig_evaluate(const struct elig_input *in, const struct params *p,
			    struct elig_result *out);

/* Stable identifier of a code ("ELIG_PA_CEILING"); static, never NULL. */
const char *elig_code_name(enum elig_code code);

/* "P-a", "P-b", "P-c", "F", or "" for NONE; static, never NULL. */
const char *elig_ground_name(enum elig_ground ground);

#endif

/*
 * The names of the household enums, in the order of their SQL types
 * (sql/004_households.sql): h_households.c validates input against them and
 * h_admission.c maps the stored names to core/elig's enums by index.
 * NULL-terminated, static storage.
 */
#ifndef TRANSITD_API_HOUSEHOLDS_H
#define TRANSITD_API_HOUSEHOLDS_H

extern const char *const household_relations[];		  /* member_relation */
extern const char *const household_sexes[];		  /* member_sex */
extern const char *const household_income_bases[];	  /* income_basis */
extern const char *const household_periodicities[];	  /* income_periodicity */
extern const char *const household_fm_categories[];	  /* force_majeure_category */
extern const char *const household_degradation_reasons[]; /* degradation_reason */

/* Index of name in a NULL-terminated list, or -1. */
int household_enum_index(const char *const *names, const char *name);

/* Members and incomes of one household the admission rules can judge
 * (core/elig's and core/crowd's limits). */
#define HOUSEHOLD_MAX_MEMBERS 16
#define HOUSEHOLD_MAX_INCOMES 64

#endif

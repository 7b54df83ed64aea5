/*
 * Households (api/h_households.c, api/h_household_records.c): the names of
 * the household enums, in the order of their SQL types
 * (sql/004_households.sql), defined with the input that validates against
 * them (api/in_households.c); h_admission.c maps the stored names to
 * core/elig's enums by index (api_enum_index). NULL-terminated, static
 * storage.
 */
#ifndef TRANSITD_API_HOUSEHOLDS_H
#define TRANSITD_API_HOUSEHOLDS_H

#include "api_internal.h"

extern const char *const household_relations[];		   /* member_relation */
extern const char *const household_sexes[];		   /* member_sex */
extern const char *const household_income_kinds[];	   /* income_kind */
extern const char *const household_income_bases[];	   /* income_basis */
extern const char *const household_periodicities[];	   /* income_periodicity */
extern const char *const household_holdings[];		   /* patrimony_holding */
extern const char *const household_attestation_issuers[];  /* attestation_issuer */
extern const char *const household_attestation_findings[]; /* attestation_finding */
extern const char *const household_fm_categories[];	   /* force_majeure_category */
extern const char *const household_degradation_reasons[];  /* degradation_reason */

/* Members and incomes of one household the admission rules can judge
 * (core/elig's and core/crowd's limits). */
#define HOUSEHOLD_MAX_MEMBERS 16
#define HOUSEHOLD_MAX_INCOMES 64

/*
 * The common shape of the household resources (h_households.c), which
 * h_household_records.c shares: each resource is a kind (its table, view
 * and names); a write is a household_row that the resource's input struct
 * starts with.
 */
enum household_parent { PARENT_NONE, PARENT_HOUSEHOLD, PARENT_MEMBER };

struct household_kind {
	const char *table, *view;
	const char *what;	      /* in messages: "member" */
	const char *entity;	      /* in the audit log: "member" */
	const char *path;	      /* of one resource, for Location */
	enum household_parent parent; /* what the creating path's {id} names */
	bool one_per_household;
	bool has_nrn; /* documents carrying national register numbers */
};

/* One write in progress. */
struct household_row {
	const struct household_kind *k;
	int64_t id;	 /* 0 when creating */
	int64_t version; /* If-Match of an update or delete */
	int64_t parent;	 /* the creating path's {id} */
	int64_t household;
	char op[API_ID_LEN], ids[API_ID_LEN], hh[API_ID_LEN]; /* as SQL text */
	char *before, *after; /* documents for the audit and the answer */
};

/* Reads and validates the body into the struct that starts with the row
 * (0, or -1 with the 422 problem); writes it inside the transaction. */
typedef int (*household_read_fn)(struct api_ctx *c, json_t *body, void *in);
typedef int (*household_save_fn)(struct api_ctx *c, void *in);

/* Inside the transaction: the household lock, then the row's own lock
 * against If-Match and its document (update, delete), or the
 * one-per-household rule (create). */
API_WUR int household_row_begin(struct api_ctx *c, struct household_row *w);
/* After the INSERT/UPDATE (its RETURNING id in r, which it clears):
 * document and audit. */
API_WUR int household_row_end(struct api_ctx *c, struct household_row *w, PGresult *r);
/* Creation only: refuses a row beyond what the admission rules can judge. */
API_WUR int household_count_check(struct api_ctx *c, struct household_row *w, const char *table,
				  int max, const char *what);
/* The 422 "Invalid <what>" of errors, or 0 when there are none. */
int household_invalid(struct api_ctx *c, const struct household_kind *k, json_t *errors);
/* GET, POST or PUT (w->id == 0 or not), DELETE of one resource. */
int household_res_get(struct api_ctx *c, const struct household_kind *k);
int household_res_write(struct api_ctx *c, struct household_row *w, household_read_fn read,
			household_save_fn save);
int household_res_delete(struct api_ctx *c, const struct household_kind *k);

/* GET /api/v1/households?q=: the households of the caller's operator whose
 * members' names, reference or (for the roles that read them) national
 * register number match q, ranked (h_household_search.c). */
int household_search(struct api_ctx *c, const char *q);

#endif

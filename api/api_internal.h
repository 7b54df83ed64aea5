/* Internal to api/: the router's helpers shared between its files. */
#ifndef TRANSITD_API_INTERNAL_H
#define TRANSITD_API_INTERNAL_H

#include <libpq-events.h>

#include "api.h"
#include "params.h"

/* Resolves the bearer token into c->user; sets a 401 problem on failure. */
API_WUR int api_authenticate(struct api_ctx *c);

/*
 * National register numbers (api_auth.c), the one rule for every output:
 * whether the caller's role reads them in full, and the form it is shown
 * of the stored 11 digits: "85.07.30-033.28" in full, else core/ident's
 * mask "**.**.**-***.28". out holds IDENT_NRN_FMT_LEN (16) bytes; false,
 * with "**.**.**-***.**" for everyone, when digits is not a valid number.
 */
bool api_sees_nrn(const struct api_ctx *c);
bool api_nrn_shown(const struct api_ctx *c, const char *digits, char out[16]);

/*
 * Resource plumbing (api_res.c). A resource has a table with operator_id and
 * version, and a view <resource>_docs (id, operator_id, doc) that builds its
 * JSON document in SQL; `what` names it in error messages ("unit").
 */
/* GET list: the view's documents of the caller's operator, keyset-paginated
 * (?limit=, ?after=) as {items, next_after, limit}. extra_where is SQL over
 * the view's alias d, using $4.. bound to extra[0..]. */
int api_list_docs(struct api_ctx *c, const char *view, const char *extra_where, int nextra,
		  const char *const *extra);
/* One document (malloc'd JSON text), or NULL with a 404 (or db) problem. */
char *api_get_doc(struct api_ctx *c, const char *view, const char *what, int64_t id);
/* Replies with one document and its ETag. */
int api_reply_doc(struct api_ctx *c, const char *view, const char *what, int64_t id, int status);
/* Locks a row for an update: 404 when not the caller's, 412 when its version
 * differs from the If-Match one. */
API_WUR int api_lock_versioned(struct api_ctx *c, const char *table, const char *what, int64_t id,
			       int64_t expected_version);

/*
 * The legal parameters in force on a date for the caller's operator
 * (api_params.c): for each key the row with the latest valid_from not after
 * it, the operator's own row of a local choice before the shared one. rows
 * (may be NULL) receives the rows used [{key, valid_from, value, unit,
 * confirmed, operator_id, local, newest_valid_from, outdated_warning}] for
 * snapshots. A key without a row in force is a 422 problem.
 */
API_WUR int api_params_load(struct api_ctx *c, bdate_t date, struct params *out, json_t **rows);
/* Same for another operator than the caller's (the calendar feed's). */
API_WUR int api_params_load_operator(struct api_ctx *c, int64_t operator_id, bdate_t date,
				     struct params *out, json_t **rows);

/* Every parameter row, loaded once, for resolving many dates in memory
 * (the scheduler's pass over all conventions). */
struct api_params_rows {
	int n;
	struct {
		int key; /* enum params_key */
		bdate_t valid_from;
		int64_t value;
		int64_t operator_id; /* 0: shared */
	} * rows;		     /* ordered by key, valid_from; malloc'd */
};
API_WUR int api_params_rows_load(struct api_ctx *c, struct api_params_rows *out);
/* The rows in force on date for an operator (its own, else the shared
 * ones); false when a key has none. */
bool api_params_rows_resolve(const struct api_params_rows *rows, int64_t operator_id, bdate_t date,
			     struct params *out);
void api_params_rows_free(struct api_params_rows *rows);

/* The alerts pass (alerts.c): what was due today, newly raised, resolved
 * because its cause disappeared; skipped when another daemon holds the pass. */
struct api_alert_stats {
	int due, raised, resolved;
	bool skipped;
};
API_WUR int api_alerts_pass(struct api_ctx *c, bdate_t today, struct api_alert_stats *stats);
/* Units in service and buildings with common parts ($1: one operator, or
 * NULL for all): type, id, operator_id, name, in a building with common
 * parts, last visit (or the day it entered service). */
extern const char api_sql_visits[];
/* Sends each user with an e-mail address the day's digest of their open
 * alerts through sendmail_command (sendmail -t convention), once a day. */
API_WUR int api_alerts_digest(struct api_ctx *c, bdate_t today, const char *sendmail_command,
			      int *sent);

/*
 * Small helpers every handler shares (api_input.c, api_res.c): use them
 * rather than writing a local copy.
 */
/* An id as decimal text for a SQL parameter. */
#define API_ID_LEN 24
void api_id_text(int64_t id, char out[API_ID_LEN]);
/* A positive id given as text (a query value): 1 to 18 digits, no leading 0. */
bool api_id_valid(const char *s);
/* Index of name in a NULL-terminated list of names, or -1. */
int api_enum_index(const char *const *names, const char *name);
/* api_json_string / api_json_text that also refuse "" with a "required"
 * error "must not be empty" (NULL then). */
const char *api_json_nonempty(json_t *body, const char *name, size_t maxlen, bool required,
			      json_t **errors);
const char *api_json_nonempty_text(json_t *body, const char *name, size_t maxlen, bool required,
				   json_t **errors);
/* Adds "must not be empty" for each given (non-NULL) empty string of vals. */
void api_json_nonempty_check(json_t **errors, int n, const char *const *names,
			     const char *const *vals);
/* A date cell: false when NULL or not an ISO date (*out unchanged). */
bool api_cell_date(PGresult *r, int row, int col, bdate_t *out);
/* A 404 problem "no <what> <id>". Returns -1. */
int api_not_found(struct api_ctx *c, const char *what, int64_t id);

/*
 * The household lock (api_res.c), the one way a transaction that writes
 * anything of a household (its members, incomes, admission checks,
 * conventions, signatures, payments, allocations) serialises with the
 * others: SELECT ... FOR NO KEY UPDATE of the household row, scoped to the
 * caller's operator (404 otherwise). NO KEY: rows that reference the
 * household are still inserted by foreign-key checks of other transactions.
 *
 * Lock order, everywhere: the household row first, then its convention
 * row(s), then invoices, payments and the receipt counter. A unit row is
 * only read (FOR SHARE), after the household. SQL functions that take the
 * household lock themselves (billing_allocate) take it the same way.
 */
API_WUR int api_household_lock(struct api_ctx *c, int64_t household_id);

/*
 * The write of one resource, POST or PUT (api_write.c): If-Match into
 * *if_match for an update (NULL for a creation), the body, read (0, or -1
 * with its 422), save inside api_tx, reply. `in` is what the three receive;
 * strings read from the body stay valid until reply returns. The caller
 * releases what `in` holds. Returns 0 or -1.
 */
int api_write_run(struct api_ctx *c, int64_t *if_match, void *in,
		  int (*read)(struct api_ctx *c, json_t *body, void *in),
		  int (*save)(struct api_ctx *c, void *in),
		  int (*reply)(struct api_ctx *c, void *in));

/*
 * core/crowd's view of stored rows (crowd_input.c), for units and
 * admission checks. A room of a room_kind name: false (and
 * CROWD_ROOM_OTHER) when the name is unknown. A member from its stored
 * birth date (ISO), sex and relation: the relation's index in
 * household_relations (households.h), or -1 when the row cannot be read.
 */
struct crowd_room;
struct crowd_member;
bool api_crowd_room(const char *kind, int64_t area_dm2, bool habitable, bool shared,
		    struct crowd_room *out);
int api_crowd_member(const char *birth, const char *sex, const char *relation,
		     struct crowd_member *out);

/* The router (api_router.c): the method names indexed by enum api_method
 * (API_OTHER excluded); whether path is the canonical instance of pattern,
 * its {id} segments (positive int64, plain decimal) stored in params. */
extern const char *const api_method_names[];
bool api_route_match(const char *pattern, const char *path, int64_t *params, int *nparams);

/* The route table (api_routes.c). */
extern const struct api_route api_routes[];
extern const size_t api_routes_count;

/* Handlers. */
int h_ready(struct api_ctx *c);
int h_version(struct api_ctx *c);
int h_openapi(struct api_ctx *c);
int h_alerts_list(struct api_ctx *c);
int h_alert_acknowledge(struct api_ctx *c);
int h_alert_resolve(struct api_ctx *c);
int h_alerts_refresh(struct api_ctx *c);
int h_calendar_tokens_create(struct api_ctx *c);
int h_calendar_tokens_list(struct api_ctx *c);
int h_calendar_token_revoke(struct api_ctx *c);
int h_calendar_ics(struct api_ctx *c);
int h_parameters_get(struct api_ctx *c);
int h_parameters_post(struct api_ctx *c);
/* A parameter row sent as JSON, validated (in_parameter_read) and stored:
 * POST /parameters and `transitd parameter add` (admin.c). */
int api_parameter_add(struct api_ctx *c, json_t *body);
int h_buildings_list(struct api_ctx *c);
int h_buildings_create(struct api_ctx *c);
int h_building_get(struct api_ctx *c);
int h_building_put(struct api_ctx *c);
int h_units_list(struct api_ctx *c);
int h_units_create(struct api_ctx *c);
int h_unit_get(struct api_ctx *c);
int h_unit_put(struct api_ctx *c);
int h_unit_logbook_get(struct api_ctx *c);
int h_unit_logbook_post(struct api_ctx *c);
int h_building_logbook_get(struct api_ctx *c);
int h_building_logbook_post(struct api_ctx *c);
/* Conventions, their actions and their accompaniment (h_conventions.c,
 * h_convention_actions.c, h_accompaniment.c). */
int h_conventions_list(struct api_ctx *c);
int h_conventions_create(struct api_ctx *c);
int h_convention_get(struct api_ctx *c);
int h_convention_sign(struct api_ctx *c);
int h_convention_activate(struct api_ctx *c);
int h_convention_renew(struct api_ctx *c);
int h_convention_notices(struct api_ctx *c);
int h_convention_end(struct api_ctx *c);
int h_convention_overstay(struct api_ctx *c);
int h_convention_cancel(struct api_ctx *c);
int h_convention_plan_get(struct api_ctx *c);
int h_convention_plan_put(struct api_ctx *c);
int h_convention_log_list(struct api_ctx *c);
int h_convention_log_post(struct api_ctx *c);
int h_convention_savings_list(struct api_ctx *c);
int h_convention_savings_post(struct api_ctx *c);
/* The operator's profile (h_operator.c); documents (h_documents.c) and the
 * letters written over the API (h_letters.c), as PDF. */
int h_operator_get(struct api_ctx *c);
int h_operator_put(struct api_ctx *c);
int h_convention_document(struct api_ctx *c);
int h_convention_attestation(struct api_ctx *c);
int h_notice_letter(struct api_ctx *c);
int h_unit_logbook_document(struct api_ctx *c);
int h_building_logbook_document(struct api_ctx *c);
int h_letter_nonrenewal(struct api_ctx *c);
int h_letter_hearing(struct api_ctx *c);
int h_letter_overstay(struct api_ctx *c);
/* Households, members, incomes and admission records (h_households.c,
 * h_household_records.c). */
int h_households_list(struct api_ctx *c);
int h_households_create(struct api_ctx *c);
int h_household_get(struct api_ctx *c);
int h_household_put(struct api_ctx *c);
int h_members_create(struct api_ctx *c);
int h_member_get(struct api_ctx *c);
int h_member_put(struct api_ctx *c);
int h_member_delete(struct api_ctx *c);
int h_incomes_create(struct api_ctx *c);
int h_income_get(struct api_ctx *c);
int h_income_put(struct api_ctx *c);
int h_income_delete(struct api_ctx *c);
int h_debt_mediations_create(struct api_ctx *c);
int h_debt_mediation_get(struct api_ctx *c);
int h_debt_mediation_put(struct api_ctx *c);
int h_debt_mediation_delete(struct api_ctx *c);
int h_patrimony_create(struct api_ctx *c);
int h_patrimony_get(struct api_ctx *c);
int h_patrimony_put(struct api_ctx *c);
int h_patrimony_delete(struct api_ctx *c);
int h_force_majeure_create(struct api_ctx *c);
int h_force_majeure_get(struct api_ctx *c);
int h_force_majeure_put(struct api_ctx *c);
int h_force_majeure_delete(struct api_ctx *c);
int h_income_degradations_create(struct api_ctx *c);
int h_income_degradation_get(struct api_ctx *c);
int h_income_degradation_put(struct api_ctx *c);
int h_income_degradation_delete(struct api_ctx *c);
/* Admission checks (h_admission.c). */
int h_admission_checks_create(struct api_ctx *c);
int h_household_admission_checks_list(struct api_ctx *c);
int h_admission_check_get(struct api_ctx *c);
/* Billing: runs, invoices, arrears, ledger (h_billing.c); payments and
 * receipts (h_payments.c, h_receipt_pdf.c). */
int h_billing_runs_create(struct api_ctx *c);
int h_billing_runs_list(struct api_ctx *c);
int h_billing_run_get(struct api_ctx *c);
int h_invoices_list(struct api_ctx *c);
int h_invoice_get(struct api_ctx *c);
int h_arrears(struct api_ctx *c);
int h_ledger_csv(struct api_ctx *c);
int h_payments_create(struct api_ctx *c);
int h_payments_list(struct api_ctx *c);
int h_payment_get(struct api_ctx *c);
int h_payment_reverse(struct api_ctx *c);
int h_receipts_list(struct api_ctx *c);
int h_receipt_get(struct api_ctx *c);
int h_receipt_pdf(struct api_ctx *c);

/* A growing NUL-terminated text (api_res.c); once out of memory it keeps
 * what it had and says so in oom. p is the caller's to free. */
struct api_text {
	char *p;
	size_t n, cap;
	bool oom;
};
void api_text_put(struct api_text *t, const char *s, size_t len);
void api_text_puts(struct api_text *t, const char *s);

/* The zeroed block of `size` bytes that proc keeps with conn (libpq
 * instance data), created at the first call; NULL when out of memory.
 * proc frees it at PGEVT_CONNDESTROY (api_db.c). */
void *api_conn_data(PGconn *conn, PGEventProc proc, const char *name, size_t size);

#endif

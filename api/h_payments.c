/*
 * Payments, their reversal and their receipts (rules.md section 3).
 *
 * A payment is recorded once: POST needs an Idempotency-Key, and the first
 * answer given to a key is stored in the payment's transaction, so the
 * same key again gets that answer back and creates nothing (a transaction
 * advisory lock on the key makes a concurrent duplicate wait for it).
 *
 * In one transaction, one statement (payment_record(), sql/011 and 017, which
 * holds the steps and their order), a payment is inserted, the household's
 * credit is allocated to its open invoices, oldest first
 * (billing_allocate()), and the receipt takes the next number of the
 * operator's year from a counter row: the row stays locked to the commit,
 * so numbers are given in commit order, and a rollback gives its number
 * back with the counter's update. A mistaken payment is reversed by a
 * counter-entry that mirrors its allocations; nothing is ever deleted.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "input.h"

/* Replies with a document built by SQL, with its Location when created. */
static int reply_created(struct api_ctx *c, int status, const char *location, const char *doc)
{
	if (location != NULL && location[0] != '\0')
		api_add_header(c, "Location", location);
	return api_reply_json_copy(c, status, doc, strlen(doc));
}

/* ---- recording a payment ---- */

struct pay {
	const char *key;
	char hash[65];
	struct in_payment in;
	/* the transaction's answer */
	int status;
	char location[64];
	bool replayed;
	char *doc;
};

static int pay_read(struct api_ctx *c, json_t *body, struct pay *p)
{
	json_t *errors = NULL;
	in_payment_read(body, c->req->today, &p->in, &errors);
	if (errors != NULL)
		return api_problem(c, 422, "validation", "Invalid payment", NULL, errors);
	return 0;
}

/* payment_record()'s refusals that name a field of the body, or NULL. */
static const struct {
	const char *outcome, *field, *code, *message;
} refusals[] = {
    {"communication-mismatch", "communication", "mismatch",
     "this communication is of another household"},
    {"communication-not-found", "communication", "not-found",
     "no invoice or convention has this communication: give the household"},
    {"communication-ambiguous", "communication", "ambiguous",
     "this communication is of an invoice and of a convention of two households: give the "
     "household"},
    {"household-not-found", "household_id", "not-found", "no such household"},
};

/* The answer of payment_record() as the reply's parts or a problem. */
static int pay_outcome(struct api_ctx *c, PGresult *r, struct pay *p)
{
	const char *outcome = PQgetvalue(r, 0, 0);
	if (strcmp(outcome, "created") == 0 || strcmp(outcome, "replayed") == 0) {
		p->replayed = outcome[0] == 'r';
		p->status = atoi(PQgetvalue(r, 0, 1));
		snprintf(p->location, sizeof p->location, "%s", PQgetvalue(r, 0, 2));
		p->doc = strdup(PQgetvalue(r, 0, 3));
		if (p->doc == NULL)
			return api_problem(c, 500, "internal", "Internal error", "out of memory",
					   NULL);
		return 0;
	}
	if (strcmp(outcome, "key-reused") == 0)
		return api_problem(c, 422, "idempotency-key-reused", "Idempotency key reused",
				   "this Idempotency-Key was used for another request: use a new "
				   "key for a new payment",
				   NULL);
	for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
		if (strcmp(outcome, refusals[i].outcome) == 0) {
			json_t *errors = NULL;
			api_field_error(&errors, refusals[i].field, refusals[i].code,
					refusals[i].message);
			return api_problem(c, 422, "validation", "Invalid payment", NULL, errors);
		}
	}
	return api_problem(c, 500, "internal", "Internal error", "unknown payment outcome", NULL);
}

/*
 * Records the payment with payment_record() (sql/011, now sql/017), in one
 * statement and so in one transaction of its own: the idempotency key, the
 * household (given, or named by the communication) and its lock, the
 * payment, the allocation, the receipt, the audit row and the stored
 * answer. A serialization failure or a deadlock is retried, as api_tx does.
 */
static int pay_record(struct api_ctx *c, struct pay *p)
{
	char op[API_ID_LEN], uid[API_ID_LEN], hh[API_ID_LEN], base[24], amount[API_ID_LEN],
	    paid_on[BDATE_ISO_LEN], today[BDATE_ISO_LEN];
	api_id_text(c->user.operator_id, op);
	api_id_text(c->user.id, uid);
	api_id_text(p->in.household, hh);
	snprintf(base, sizeof base, "%" PRIu64, p->in.communication_base);
	api_id_text(p->in.amount, amount);
	bdate_format_iso(p->in.paid_on, paid_on);
	bdate_format_iso(c->req->today, today);
	const char *v[13] = {op,
			     uid,
			     c->req->request_id,
			     p->key,
			     p->hash,
			     p->in.has_household ? hh : NULL,
			     p->in.has_communication ? p->in.communication : NULL,
			     p->in.has_communication ? base : NULL,
			     paid_on,
			     amount,
			     in_payment_methods[p->in.method],
			     p->in.payer,
			     today};
	PGresult *r = NULL;
	for (int attempt = 0; r == NULL; attempt++) {
		r = api_db_exec(
		    c,
		    "SELECT outcome, status, location, doc FROM payment_record($1, $2, $3,"
		    " $4, $5, $6, $7, $8, $9, $10, $11::payment_method, $12, $13)",
		    13, v);
		bool retry = strcmp(c->sqlstate, "40001") == 0 || strcmp(c->sqlstate, "40P01") == 0;
		if (r == NULL && (!retry || attempt >= 2))
			return -1;
	}
	int rc = pay_outcome(c, r, p);
	PQclear(r);
	/* payment_record() committed without waiting for the disk: the answer
	 * waits for it (a replayed answer may be of such a commit too). */
	if (rc == 0)
		rc = api_db_flush_wal(c);
	return rc;
}

/* The key names one request: the endpoint and the body, keys sorted. */
static int request_hash(struct api_ctx *c, json_t *body, char out[65])
{
	char *canonical = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
	if (canonical == NULL)
		return api_problem(c, 500, "internal", "Internal error", "out of memory", NULL);
	size_t n = strlen(canonical) + sizeof "POST /api/v1/payments\n";
	char *text = malloc(n);
	if (text == NULL) {
		free(canonical);
		return api_problem(c, 500, "internal", "Internal error", "out of memory", NULL);
	}
	snprintf(text, n, "POST /api/v1/payments\n%s", canonical);
	api_token_hash(text, out);
	free(text);
	free(canonical);
	return 0;
}

static bool key_ok(const char *key)
{
	size_t n = strlen(key);
	if (n < 1 || n > LIM_PAYMENT_IDEMPOTENCY_KEY)
		return false;
	for (size_t i = 0; i < n; i++)
		if (key[i] < 0x21 || key[i] > 0x7e)
			return false;
	return true;
}

int h_payments_create(struct api_ctx *c)
{
	struct pay p = {.key = c->req->idempotency_key};
	if (p.key == NULL)
		return api_problem(c, 400, "idempotency-key-required", "Idempotency key required",
				   "send an Idempotency-Key header (e.g. a UUID) so that a retried "
				   "request records the payment once",
				   NULL);
	if (!key_ok(p.key))
		return api_problem(c, 400, "idempotency-key-invalid", "Invalid idempotency key",
				   "the Idempotency-Key must be 1 to 200 visible ASCII characters",
				   NULL);
	json_t *body = api_body_object(c);
	if (body == NULL)
		return -1;
	int rc = request_hash(c, body, p.hash);
	if (rc == 0)
		rc = pay_read(c, body, &p);
	if (rc == 0)
		rc = pay_record(c, &p);
	if (rc == 0 && p.replayed)
		api_add_header(c, "Idempotent-Replayed", "true");
	if (rc == 0)
		rc = reply_created(c, p.status, p.location, p.doc);
	free(p.doc);
	json_decref(body);
	return rc;
}

/* ---- reversing a payment ---- */

struct reverse {
	int64_t id;
	char ids[API_ID_LEN];
	struct in_reversal in;
	/* the payment reversed */
	int64_t household;
	char amount[API_ID_LEN];
	/* the transaction's */
	int64_t reversal;
	char *before, *doc;
};

/* The payment, if it may be reversed on the date asked. */
static int reverse_load(struct api_ctx *c, struct reverse *rv)
{
	char op[API_ID_LEN];
	api_id_text(c->user.operator_id, op);
	const char *v[2] = {rv->ids, op};
	PGresult *r = api_db_exec(c,
				  "SELECT household_id, paid_on, amount_cents, reverses_payment_id"
				  " FROM payments WHERE id = $1 AND operator_id = $2",
				  2, v);
	if (r == NULL)
		return -1;
	int rc = -1;
	bdate_t paid_on = 0;
	if (PQntuples(r) != 1) {
		rc = api_not_found(c, "payment", rv->id);
		goto out;
	}
	rv->household = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	snprintf(rv->amount, sizeof rv->amount, "%s", PQgetvalue(r, 0, 2));
	if (!api_cell_date(r, 0, 1, &paid_on)) {
		rc = api_problem(c, 500, "internal", "Internal error", "unreadable payment", NULL);
	} else if (!PQgetisnull(r, 0, 3)) {
		rc = api_problem(c, 422, "reversal-refused", "Reversal refused",
				 "this is a reversal: record a new payment instead of reversing it",
				 NULL);
	} else if (rv->in.on < paid_on) {
		json_t *errors = NULL;
		api_field_error(&errors, "reversed_on", "range",
				"must not be before the payment's date");
		rc = api_problem(c, 422, "validation", "Invalid reversal", NULL, errors);
	} else {
		rc = 0;
	}
out:
	PQclear(r);
	return rc;
}

static int reverse_once(struct api_ctx *c, struct reverse *rv)
{
	const char *v[1] = {rv->ids};
	PGresult *r =
	    api_db_exec(c, "SELECT id FROM payments WHERE reverses_payment_id = $1", 1, v);
	if (r == NULL)
		return -1;
	bool reversed = PQntuples(r) > 0;
	PQclear(r);
	if (reversed)
		return api_problem(c, 409, "already-reversed", "Already reversed",
				   "this payment was reversed already", NULL);
	return 0;
}

/* The counter-entry, then the mirror of the payment's allocations. */
static int reverse_write(struct api_ctx *c, struct reverse *rv)
{
	char on[BDATE_ISO_LEN], today[BDATE_ISO_LEN], uid[API_ID_LEN];
	bdate_format_iso(rv->in.on, on);
	bdate_format_iso(c->req->today, today);
	api_id_text(c->user.id, uid);
	const char *iv[6] = {rv->ids, on, rv->in.reason, uid, today, rv->amount};
	PGresult *r = api_db_exec(
	    c,
	    "INSERT INTO payments (operator_id, household_id, paid_on, amount_cents,"
	    " method, payer, reverses_payment_id, reversed_amount_cents, reason,"
	    " recorded_by, recorded_on)"
	    " SELECT operator_id, household_id, $2, -amount_cents, method, payer, id,"
	    " amount_cents, $3, $4, $5 FROM payments WHERE id = $1 AND amount_cents = $6"
	    " RETURNING id",
	    6, iv);
	if (r == NULL)
		return -1;
	rv->reversal = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	char rev[API_ID_LEN];
	api_id_text(rv->reversal, rev);
	/* Un-allocate exactly what the payment paid, invoice by invoice; the
	 * household's other payments then pay what was reopened, oldest month
	 * first, moved from later months if need be. */
	const char *av[2] = {rev, rv->ids};
	r = api_db_exec(
	    c,
	    "INSERT INTO allocations (operator_id, household_id, payment_id, invoice_id,"
	    " amount_cents) SELECT operator_id, household_id, $1, invoice_id,"
	    " -sum(amount_cents) FROM allocations WHERE payment_id = $2"
	    " GROUP BY operator_id, household_id, invoice_id"
	    " HAVING sum(amount_cents) <> 0 ORDER BY invoice_id",
	    2, av);
	if (r == NULL)
		return -1;
	PQclear(r);
	return 0;
}

/* After the mirror of a reversal: the household's payments moved so that
 * its oldest months are paid first, then its credit to its open invoices
 * (billing_reallocate, sql/015). */
static int reallocate(struct api_ctx *c, int64_t household)
{
	char hh[API_ID_LEN];
	api_id_text(household, hh);
	const char *v[1] = {hh};
	PGresult *r = api_db_exec(c, "SELECT billing_reallocate($1)", 1, v);
	if (r == NULL)
		return -1;
	PQclear(r);
	return 0;
}

static int reverse_audit(struct api_ctx *c, struct reverse *rv)
{
	rv->doc = api_get_doc(c, "payment_docs", "payment", rv->reversal);
	if (rv->doc == NULL)
		return -1;
	return api_audit(c, "payment.reverse", "payment", rv->ids, rv->before, rv->doc);
}

/* Locks in the order of api_internal.h: the household, then its payments
 * (billing_reallocate takes the household's again, already held). */
static int reverse_tx(struct api_ctx *c, void *arg)
{
	struct reverse *rv = arg;
	free(rv->before);
	free(rv->doc);
	rv->before = rv->doc = NULL;
	int rc = reverse_load(c, rv);
	/* The household's lock first: its allocations do not move meanwhile. */
	if (rc == 0)
		rc = api_household_lock(c, rv->household);
	if (rc == 0)
		rc = reverse_once(c, rv);
	if (rc == 0) {
		rv->before = api_get_doc(c, "payment_docs", "payment", rv->id);
		rc = rv->before != NULL ? 0 : -1;
	}
	if (rc == 0)
		rc = reverse_write(c, rv);
	if (rc == 0)
		rc = reallocate(c, rv->household);
	if (rc == 0)
		rc = reverse_audit(c, rv);
	return rc;
}

static int reverse_read(struct api_ctx *c, json_t *body, struct reverse *rv)
{
	json_t *errors = NULL;
	in_reversal_read(body, c->req->today, &rv->in, &errors);
	if (errors != NULL)
		return api_problem(c, 422, "validation", "Invalid reversal", NULL, errors);
	return 0;
}

int h_payment_reverse(struct api_ctx *c)
{
	struct reverse rv = {.id = c->params[0]};
	api_id_text(rv.id, rv.ids);
	json_t *body = api_body_object(c);
	if (body == NULL)
		return -1;
	int rc = reverse_read(c, body, &rv);
	if (rc == 0)
		rc = api_tx(c, reverse_tx, &rv);
	if (rc == 0) {
		char loc[64];
		snprintf(loc, sizeof loc, "/api/v1/payments/%" PRId64, rv.reversal);
		rc = reply_created(c, 201, loc, rv.doc);
	}
	free(rv.before);
	free(rv.doc);
	json_decref(body);
	return rc;
}

/* ---- reading ---- */

int h_payments_list(struct api_ctx *c)
{
	char household[24];
	enum api_lookup has = api_query_get(c, "household_id", household, sizeof household);
	if (has == API_LOOKUP_UNREADABLE || (has == API_LOOKUP_FOUND && !api_id_valid(household))) {
		json_t *errors = NULL;
		api_field_error(&errors, "household_id", "invalid", "must be an id");
		return api_problem(c, 400, "invalid-query", "Invalid query", NULL, errors);
	}
	const char *v[1] = {has == API_LOOKUP_FOUND ? household : NULL};
	return api_list_docs(c, "payment_docs",
			     "($4::bigint IS NULL OR d.household_id = $4::bigint)", 1, v);
}

int h_payment_get(struct api_ctx *c)
{
	return api_reply_doc(c, "payment_docs", "payment", c->params[0], 200);
}

int h_receipts_list(struct api_ctx *c)
{
	char household[24], year[8];
	json_t *errors = NULL;
	enum api_lookup has_household =
	    api_query_get(c, "household_id", household, sizeof household);
	enum api_lookup has_year = api_query_get(c, "year", year, sizeof year);
	if (has_household == API_LOOKUP_UNREADABLE ||
	    (has_household == API_LOOKUP_FOUND && !api_id_valid(household)))
		api_field_error(&errors, "household_id", "invalid", "must be an id");
	if (has_year == API_LOOKUP_UNREADABLE ||
	    (has_year == API_LOOKUP_FOUND &&
	     (strlen(year) != 4 || strspn(year, "0123456789") != 4)))
		api_field_error(&errors, "year", "invalid", "must be a year YYYY");
	if (errors != NULL)
		return api_problem(c, 400, "invalid-query", "Invalid query", NULL, errors);
	const char *v[2] = {has_household == API_LOOKUP_FOUND ? household : NULL,
			    has_year == API_LOOKUP_FOUND ? year : NULL};
	return api_list_docs(c, "receipt_docs",
			     "($4::bigint IS NULL OR d.household_id = $4::bigint)"
			     " AND ($5::int IS NULL OR d.year = $5::int)",
			     2, v);
}

int h_receipt_get(struct api_ctx *c)
{
	return api_reply_doc(c, "receipt_docs", "receipt", c->params[0], 200);
}

/*
 * Payments, their reversal and their receipts (rules.md section 3).
 *
 * A payment is recorded once: POST needs an Idempotency-Key, and the first
 * answer given to a key is stored in the payment's transaction, so the
 * same key again gets that answer back and creates nothing (a transaction
 * advisory lock on the key makes a concurrent duplicate wait for it).
 *
 * In one transaction, one statement (payment_record() in sql/011, which
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
#include "ident.h"

static const char *const payment_methods[] = {"transfer", "cash", "cpas_retention", "direct_debit",
					      NULL};

static void id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

static bool id_query(const char *s)
{
	size_t n = strlen(s);
	return n > 0 && n <= 18 && strspn(s, "0123456789") == n && s[0] != '0';
}

/* Replies with a document built by SQL, with its Location when created. */
static int reply_created(struct api_ctx *c, int status, const char *location, const char *doc)
{
	if (location != NULL && location[0] != '\0')
		api_add_header(c, "Location", location);
	return api_reply_json_copy(c, status, doc, strlen(doc));
}

/* ---- recording a payment ---- */

#define KEY_MAX 200

struct pay_in {
	const char *key;
	char hash[65];
	bool has_household;
	int64_t household;
	bdate_t paid_on;
	int64_t amount;
	int method;
	const char *payer;
	bool has_communication;
	char communication[IDENT_OGM_LEN];
	uint64_t communication_base;
	/* the transaction's answer */
	int64_t id;
	int status;
	char location[64];
	bool replayed;
	char *doc;
};

static const char *const pay_fields[] = {
    "household_id", "paid_on", "amount_cents", "method", "payer", "communication", NULL};

static int pay_read(struct api_ctx *c, json_t *body, struct pay_in *in)
{
	json_t *errors = NULL;
	api_json_only(body, pay_fields, &errors);
	json_t *given = json_object_get(body, "household_id");
	in->has_household =
	    api_json_int(body, "household_id", false, 1, INT64_MAX, &errors, &in->household);
	if (api_json_date(body, "paid_on", true, &errors, &in->paid_on) &&
	    in->paid_on > c->req->today)
		api_field_error(&errors, "paid_on", "future", "must not be after today");
	api_json_cents(body, "amount_cents", true, 1, 100000000, &errors, &in->amount);
	api_json_enum(body, "method", true, payment_methods, &errors, &in->method);
	in->payer = api_json_string(body, "payer", 200, true, &errors);
	if (in->payer != NULL && in->payer[0] == '\0')
		api_field_error(&errors, "payer", "required", "must not be empty");
	const char *comm = api_json_string(body, "communication", 40, false, &errors);
	if (comm != NULL) {
		if (ident_ogm_parse(comm, strlen(comm), &in->communication_base) != IDENT_OK ||
		    !ident_ogm_format(in->communication_base, in->communication))
			api_field_error(&errors, "communication", "invalid",
					"must be a structured communication +++DDD/DDDD/DDDDD+++");
		else
			in->has_communication = true;
	}
	if (comm == NULL && (given == NULL || json_is_null(given)))
		api_field_error(&errors, "household_id", "required",
				"give the household, or the structured communication of one of "
				"its invoices");
	if (errors != NULL)
		return api_problem(c, 422, "validation", "Invalid payment", NULL, errors);
	return 0;
}

/*
 * Records the payment with payment_record() (sql/011), in one statement and
 * so in one transaction of its own: the idempotency key, the household
 * (given, or named by the communication), the payment, the allocation, the
 * receipt, the audit row and the stored answer. A serialization failure or
 * a deadlock is retried, as api_tx does.
 */
static int pay_record(struct api_ctx *c, struct pay_in *in)
{
	char op[24], uid[24], hh[24], base[24], amount[24], paid_on[BDATE_ISO_LEN],
		today[BDATE_ISO_LEN];
	id_text(c->user.operator_id, op);
	id_text(c->user.id, uid);
	id_text(in->household, hh);
	snprintf(base, sizeof base, "%" PRIu64, in->communication_base);
	id_text(in->amount, amount);
	bdate_format_iso(in->paid_on, paid_on);
	bdate_format_iso(c->req->today, today);
	const char *v[13] = {op,
			     uid,
			     c->req->request_id,
			     in->key,
			     in->hash,
			     in->has_household ? hh : NULL,
			     in->has_communication ? in->communication : NULL,
			     in->has_communication ? base : NULL,
			     paid_on,
			     amount,
			     payment_methods[in->method],
			     in->payer,
			     today};
	PGresult *r = NULL;
	for (int attempt = 0; r == NULL; attempt++) {
		r = api_db_exec(c,
				"SELECT outcome, status, location, doc FROM payment_record($1, $2, $3,"
				" $4, $5, $6, $7, $8, $9, $10, $11::payment_method, $12, $13)",
				13, v);
		bool retry = strcmp(c->sqlstate, "40001") == 0 || strcmp(c->sqlstate, "40P01") == 0;
		if (r == NULL && (!retry || attempt >= 2))
			return -1;
	}
	const char *outcome = PQgetvalue(r, 0, 0);
	json_t *errors = NULL;
	int rc = 0;
	if (strcmp(outcome, "created") == 0 || strcmp(outcome, "replayed") == 0) {
		in->replayed = outcome[0] == 'r';
		in->status = atoi(PQgetvalue(r, 0, 1));
		snprintf(in->location, sizeof in->location, "%s", PQgetvalue(r, 0, 2));
		in->doc = strdup(PQgetvalue(r, 0, 3));
		if (in->doc == NULL)
			rc = api_problem(c, 500, "internal", "Internal error", "out of memory", NULL);
	} else if (strcmp(outcome, "key-reused") == 0) {
		rc = api_problem(c, 422, "idempotency-key-reused", "Idempotency key reused",
				 "this Idempotency-Key was used for another request: use a new "
				 "key for a new payment",
				 NULL);
	} else if (strcmp(outcome, "communication-mismatch") == 0) {
		api_field_error(&errors, "communication", "mismatch",
				"this communication is of another household");
	} else if (strcmp(outcome, "communication-not-found") == 0) {
		api_field_error(&errors, "communication", "not-found",
				"no invoice or convention has this communication: give the "
				"household");
	} else if (strcmp(outcome, "communication-ambiguous") == 0) {
		api_field_error(&errors, "communication", "ambiguous",
				"this communication is of an invoice and of a convention of "
				"two households: give the household");
	} else if (strcmp(outcome, "household-not-found") == 0) {
		api_field_error(&errors, "household_id", "not-found", "no such household");
	} else {
		rc = api_problem(c, 500, "internal", "Internal error", "unknown payment outcome",
				 NULL);
	}
	PQclear(r);
	if (errors != NULL)
		return api_problem(c, 422, "validation", "Invalid payment", NULL, errors);
	/* payment_record() committed without waiting for the disk: the answer
	 * waits for it (a replayed answer may be of such a commit too). */
	if (rc == 0 && api_db_flush_wal(c) != 0)
		return -1;
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
	if (n < 1 || n > KEY_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (key[i] < 0x21 || key[i] > 0x7e)
			return false;
	return true;
}

int h_payments_create(struct api_ctx *c)
{
	struct pay_in in = {.key = c->req->idempotency_key};
	if (in.key == NULL)
		return api_problem(c, 400, "idempotency-key-required", "Idempotency key required",
				   "send an Idempotency-Key header (e.g. a UUID) so that a retried "
				   "request records the payment once",
				   NULL);
	if (!key_ok(in.key))
		return api_problem(c, 400, "idempotency-key-invalid", "Invalid idempotency key",
				   "the Idempotency-Key must be 1 to 200 visible ASCII characters",
				   NULL);
	json_t *body = api_body_object(c);
	if (body == NULL)
		return -1;
	int rc = request_hash(c, body, in.hash);
	if (rc == 0)
		rc = pay_read(c, body, &in);
	if (rc == 0)
		rc = pay_record(c, &in);
	if (rc == 0) {
		if (in.replayed)
			api_add_header(c, "Idempotent-Replayed", "true");
		rc = reply_created(c, in.status, in.location, in.doc);
	}
	free(in.doc);
	json_decref(body);
	return rc;
}

/* ---- reversing a payment ---- */

/* After the mirror of a reversal: the household's payments moved so that
 * its oldest months are paid first, then its credit to its open invoices
 * (billing_reallocate, sql/015). */
static int allocate(struct api_ctx *c, const char *household)
{
	const char *v[1] = {household};
	PGresult *r = api_db_exec(c, "SELECT billing_reallocate($1)", 1, v);
	if (r == NULL)
		return -1;
	PQclear(r);
	return 0;
}

struct reverse_in {
	int64_t id;
	char ids[24];
	const char *reason;
	bdate_t on;
	int64_t reversal;
	char *before, *doc;
};

static int reverse_tx(struct api_ctx *c, void *arg)
{
	struct reverse_in *in = arg;
	char op[24];
	free(in->before);
	free(in->doc);
	in->before = in->doc = NULL;
	id_text(c->user.operator_id, op);
	const char *v[2] = {in->ids, op};
	PGresult *r = api_db_exec(c,
				  "SELECT household_id, paid_on, amount_cents, reverses_payment_id"
				  " FROM payments WHERE id = $1 AND operator_id = $2",
				  2, v);
	if (r == NULL)
		return -1;
	if (PQntuples(r) != 1) {
		PQclear(r);
		char detail[64];
		snprintf(detail, sizeof detail, "no payment %" PRId64, in->id);
		return api_problem(c, 404, "not-found", "Not found", detail, NULL);
	}
	char hh[24], amount[24];
	snprintf(hh, sizeof hh, "%s", PQgetvalue(r, 0, 0));
	const char *paid_s = PQgetvalue(r, 0, 1);
	bdate_t paid_on = 0;
	bool dated = bdate_parse_iso(paid_s, strlen(paid_s), &paid_on);
	snprintf(amount, sizeof amount, "%s", PQgetvalue(r, 0, 2));
	bool is_reversal = !PQgetisnull(r, 0, 3);
	PQclear(r);
	if (!dated)
		return api_problem(c, 500, "internal", "Internal error", "unreadable payment",
				   NULL);
	if (is_reversal)
		return api_problem(
		    c, 422, "reversal-refused", "Reversal refused",
		    "this is a reversal: record a new payment instead of reversing it", NULL);
	if (in->on < paid_on) {
		json_t *errors = NULL;
		api_field_error(&errors, "reversed_on", "range",
				"must not be before the payment's date");
		return api_problem(c, 422, "validation", "Invalid reversal", NULL, errors);
	}
	/* The household's lock first: its allocations do not move meanwhile. */
	const char *hv[1] = {hh};
	r = api_db_exec(c, "SELECT 1 FROM households WHERE id = $1 FOR NO KEY UPDATE", 1, hv);
	if (r == NULL)
		return -1;
	PQclear(r);
	r = api_db_exec(c, "SELECT id FROM payments WHERE reverses_payment_id = $1", 1, v);
	if (r == NULL)
		return -1;
	bool reversed = PQntuples(r) > 0;
	PQclear(r);
	if (reversed)
		return api_problem(c, 409, "already-reversed", "Already reversed",
				   "this payment was reversed already", NULL);
	in->before = api_get_doc(c, "payment_docs", "payment", in->id);
	if (in->before == NULL)
		return -1;
	char on[BDATE_ISO_LEN], today[BDATE_ISO_LEN], uid[24];
	bdate_format_iso(in->on, on);
	bdate_format_iso(c->req->today, today);
	id_text(c->user.id, uid);
	const char *iv[6] = {in->ids, on, in->reason, uid, today, amount};
	r = api_db_exec(
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
	in->reversal = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	char rev[24];
	id_text(in->reversal, rev);
	/* Un-allocate exactly what the payment paid, invoice by invoice; the
	 * household's other payments then pay what was reopened, oldest month
	 * first, moved from later months if need be. */
	const char *av[2] = {rev, in->ids};
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
	if (allocate(c, hh) != 0)
		return -1;
	in->doc = api_get_doc(c, "payment_docs", "payment", in->reversal);
	if (in->doc == NULL)
		return -1;
	return api_audit(c, "payment.reverse", "payment", in->ids, in->before, in->doc);
}

int h_payment_reverse(struct api_ctx *c)
{
	static const char *const fields[] = {"reason", "reversed_on", NULL};
	struct reverse_in in = {.id = c->params[0], .on = c->req->today};
	id_text(in.id, in.ids);
	json_t *body = api_body_object(c);
	if (body == NULL)
		return -1;
	json_t *errors = NULL;
	api_json_only(body, fields, &errors);
	in.reason = api_json_text(body, "reason", 500, true, &errors);
	if (in.reason != NULL && in.reason[0] == '\0')
		api_field_error(&errors, "reason", "required", "must not be empty");
	if (api_json_date(body, "reversed_on", false, &errors, &in.on) && in.on > c->req->today)
		api_field_error(&errors, "reversed_on", "future", "must not be after today");
	int rc = errors != NULL
		     ? api_problem(c, 422, "validation", "Invalid reversal", NULL, errors)
		     : api_tx(c, reverse_tx, &in);
	if (rc == 0) {
		char loc[64];
		snprintf(loc, sizeof loc, "/api/v1/payments/%" PRId64, in.reversal);
		rc = reply_created(c, 201, loc, in.doc);
	}
	free(in.before);
	free(in.doc);
	json_decref(body);
	return rc;
}

/* ---- reading ---- */

static int reply_doc(struct api_ctx *c, const char *view, const char *what)
{
	char *doc = api_get_doc(c, view, what, c->params[0]);
	if (doc == NULL)
		return -1;
	int rc = api_reply_json_copy(c, 200, doc, strlen(doc));
	free(doc);
	return rc;
}

int h_payments_list(struct api_ctx *c)
{
	char household[24];
	int has = api_query_get(c, "household_id", household, sizeof household);
	if (has < 0 || (has > 0 && !id_query(household))) {
		json_t *errors = NULL;
		api_field_error(&errors, "household_id", "invalid", "must be an id");
		return api_problem(c, 400, "invalid-query", "Invalid query", NULL, errors);
	}
	const char *v[1] = {has > 0 ? household : NULL};
	return api_list_docs(c, "payment_docs",
			     "($4::bigint IS NULL OR d.household_id = $4::bigint)", 1, v);
}

int h_payment_get(struct api_ctx *c)
{
	return reply_doc(c, "payment_docs", "payment");
}

int h_receipts_list(struct api_ctx *c)
{
	char household[24], year[8];
	json_t *errors = NULL;
	int has_household = api_query_get(c, "household_id", household, sizeof household);
	int has_year = api_query_get(c, "year", year, sizeof year);
	if (has_household < 0 || (has_household > 0 && !id_query(household)))
		api_field_error(&errors, "household_id", "invalid", "must be an id");
	if (has_year < 0 ||
	    (has_year > 0 && (strlen(year) != 4 || strspn(year, "0123456789") != 4)))
		api_field_error(&errors, "year", "invalid", "must be a year YYYY");
	if (errors != NULL)
		return api_problem(c, 400, "invalid-query", "Invalid query", NULL, errors);
	const char *v[2] = {has_household > 0 ? household : NULL, has_year > 0 ? year : NULL};
	return api_list_docs(c, "receipt_docs",
			     "($4::bigint IS NULL OR d.household_id = $4::bigint)"
			     " AND ($5::int IS NULL OR d.year = $5::int)",
			     2, v);
}

int h_receipt_get(struct api_ctx *c)
{
	return reply_doc(c, "receipt_docs", "receipt");
}

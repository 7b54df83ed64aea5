/*
 * Shared by the libFuzzer harnesses: a request context that needs no
 * database, and the checks every problem response must pass.
 *
 * A harness that finds a broken invariant calls FUZZ_CHECK, which prints the
 * condition and aborts: libFuzzer then keeps the input as a crash.
 */
#ifndef TRANSITD_FUZZ_SUPPORT_H
#define TRANSITD_FUZZ_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "api.h"

#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond))                                                                       \
			fuzz_fail(__FILE__, __LINE__, #cond);                                      \
	} while (0)

_Noreturn void fuzz_fail(const char *file, int line, const char *what);

/*
 * One request as the worker hands it to api_handle: the body is a
 * NUL-terminated copy of the fuzz input, conn is NULL (a handler that gets
 * as far as the database receives a 503), today is FUZZ_TODAY.
 */
struct fuzz_req {
	struct api_request req;
	struct api_response resp;
	struct api_ctx c;
	char *body;
};

/* 2026-06-15, a fixed "today" so that a finding replays identically. */
bdate_t fuzz_today(void);

void fuzz_req_init(struct fuzz_req *f, const uint8_t *body, size_t len);
/* Frees the response body and clears it, so the request can be used again. */
void fuzz_req_reset(struct fuzz_req *f);
void fuzz_req_free(struct fuzz_req *f);

/*
 * Aborts unless errors is a non-empty JSON array whose items are objects
 * with exactly the string members field, code and message (code and message
 * non-empty).
 * Returns the number of items.
 */
size_t fuzz_check_errors(const json_t *errors);

/*
 * Aborts unless resp is an RFC 9457 problem (application/problem+json, a
 * JSON object with type, title and status equal to the HTTP status; errors,
 * when present, as fuzz_check_errors requires) with the given status, or any
 * status >= 400 when status is 0. Returns the problem (the caller decrefs).
 */
json_t *fuzz_check_problem(const struct api_response *resp, int status);

/* The problem's type slug ("validation"), or "" when absent. */
const char *fuzz_problem_type(const json_t *problem);

/*
 * The outcome of a write handler called without a database: a 400
 * (malformed JSON, missing or bad Idempotency-Key), a 428 (bad If-Match), a
 * 422 naming the invalid fields (or a month that cannot be billed yet), or,
 * when the input was valid, the 503 of its first statement. Returns the
 * status.
 */
int fuzz_check_write_outcome(const struct api_response *resp);

/*
 * A validator's verdict, as the handlers use it: 0 leaves the response
 * untouched, -1 sets a 422 "validation" problem (checked as
 * fuzz_check_problem does). Returns a malloc'd copy of the problem text, or
 * NULL when the input was valid; the response is reset either way.
 */
char *fuzz_verdict(struct fuzz_req *f, int rc);

/*
 * Runs a handler on the request, as api_handle would, from a clean
 * response; checks its outcome with fuzz_check_write_outcome and returns
 * the status.
 */
int fuzz_run_handler(struct fuzz_req *f, api_handler h);

/*
 * The handler agrees with its validator: a body that is not a JSON object
 * is a 400 (parsed false), a refused one is the validator's very problem
 * (verdict), an accepted one reaches the database (503).
 */
void fuzz_handler_agrees(struct fuzz_req *f, api_handler h, bool parsed, const char *verdict);

/* The number of members of obj not named in the NULL-terminated allowed. */
size_t fuzz_unknown_members(const json_t *obj, const char *const *allowed);

/* The number of field errors of a problem text with this code. */
size_t fuzz_errors_with_code(const char *problem, const char *code);

/*
 * The request as a handler of one resource sees it: {id} = 1 and, for an
 * update, If-Match "1".
 */
void fuzz_req_target(struct fuzz_req *f, bool update);

/*
 * References for the validations written inline in handlers: member name
 * of obj is absent or null (absent), a string of min..max bytes on one line
 * (string),
 * an ISO date not after today when not_future (date), an integer (not a
 * real) within [min, max] (integer).
 */
bool fuzz_absent(const json_t *obj, const char *name);
bool fuzz_string(const json_t *obj, const char *name, size_t min, size_t max);
/* The same for a multi-line text (api_json_text): LF, CR and tab allowed. */
bool fuzz_text(const json_t *obj, const char *name, size_t min, size_t max);
bool fuzz_date(const json_t *obj, const char *name, bool not_future, bdate_t today);
bool fuzz_integer(const json_t *obj, const char *name, int64_t min, int64_t max);
/* Whether string member name is one of the NULL-terminated values. */
bool fuzz_one_of(const json_t *obj, const char *name, const char *const *values);

#endif

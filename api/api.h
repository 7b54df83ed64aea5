/*
 * api: the application. The daemon hands each HTTP request, already read
 * and copied, to api_handle() on a worker thread together with that
 * worker's PostgreSQL connection; api_handle() routes it, authenticates,
 * authorises, runs the handler and fills the response. Nothing here knows
 * libevent. Handlers are plain sequential functions.
 *
 * Ownership: the request and everything it points to belong to the caller
 * and outlive api_handle(); the response body is malloc'd by the api and
 * freed by the caller with api_response_free().
 */
#ifndef TRANSITD_API_H
#define TRANSITD_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <libpq-fe.h>

#include "bdate.h"

#define API_WUR __attribute__((warn_unused_result))

enum api_method { API_GET, API_HEAD, API_POST, API_PUT, API_PATCH, API_DELETE, API_OTHER };

enum api_role {
	ROLE_ADMIN = 1u << 0,
	ROLE_OPERATOR = 1u << 1,
	ROLE_ACCOUNTANT = 1u << 2,
	ROLE_SOCIAL_WORKER = 1u << 3,
	ROLE_AUDITOR = 1u << 4,
};
#define ROLE_ALL (ROLE_ADMIN | ROLE_OPERATOR | ROLE_ACCOUNTANT | ROLE_SOCIAL_WORKER | ROLE_AUDITOR)
/* A route with no role is public: no token is asked. */
#define ROLE_PUBLIC 0u

struct api_request {
	enum api_method method;
	const char *path;  /* decoded path, no query */
	const char *query; /* raw query string, or NULL */
	const char *body;  /* NUL-terminated copy, or NULL */
	size_t body_len;
	const char *authorization; /* headers, or NULL when absent */
	const char *if_match;
	const char *idempotency_key;
	const char *content_type;
	const char *request_id;
	bdate_t today; /* the daemon's clock (testing_today aware) */
	/* Sign-in from a browser (issue 15): the Cookie header, the Origin and
	 * Host for the CSRF check, X-Requested-With (the web application's own
	 * header), X-Forwarded-Proto from the reverse proxy ("https": the
	 * session cookie is Secure), Accept-Language for French problem
	 * details. NULL when absent. */
	const char *cookie;
	const char *origin;
	const char *host;
	const char *requested_with;
	const char *forwarded_proto;
	const char *accept_language;
	/* The client's address: the peer's, or, when the peer is the loopback
	 * (the reverse proxy), the last address of X-Forwarded-For. Empty when
	 * unknown. For throttling sign-in failures and the audit only. */
	char client_addr[64];
	/* Config: session_idle_minutes and session_max_hours, in seconds. */
	int session_idle_seconds;
	int session_max_seconds;
};

#define API_MAX_EXTRA_HEADERS 4

struct api_response {
	int status;
	const char *content_type; /* static string */
	char *body;		  /* malloc'd, may be NULL */
	size_t body_len;
	int nheaders;
	struct {
		const char *name; /* static string */
		char value[256];
	} headers[API_MAX_EXTRA_HEADERS];
	/* for the request log line only: never personal data */
	int64_t user_id;
	bool db_unavailable; /* the connection failed: the worker reconnects */
};

struct api_user {
	int64_t id;
	int64_t operator_id;
	unsigned role; /* one enum api_role bit */
	char name[128];
};

#define API_MAX_PATH_PARAMS 4

/* Per-request state handed to handlers. */
struct api_ctx {
	PGconn *conn;
	const struct api_request *req;
	struct api_response *resp;
	struct api_user user;		     /* valid on authenticated routes */
	int64_t params[API_MAX_PATH_PARAMS]; /* {id} path segments, in order */
	int nparams;
	char sqlstate[6]; /* of the last failed statement, "" otherwise */
};

typedef int (*api_handler)(struct api_ctx *c);

struct api_route {
	enum api_method method;
	const char *pattern; /* "/api/v1/households/{id}/members"; {id} is a positive int64 */
	api_handler handler;
	unsigned roles; /* bitmask of enum api_role; ROLE_PUBLIC for none */
};

/* Entry point called by the worker. Always fills resp. */
void api_handle(PGconn *conn, const struct api_request *req, struct api_response *resp);
void api_response_free(struct api_response *resp);

/*
 * The scheduler's work for one day (alerts pass, then the e-mail digest when
 * sendmail_command is set, then the purge of the idempotency answers older
 * than idempotency_days), on the caller's connection. Writes a key=value
 * summary for the log. Returns 0, or -1 on error with *conn_lost true when
 * the connection was lost (the caller reconnects).
 */
int api_scheduler_run(PGconn *conn, bdate_t today, const char *sendmail_command,
		      int idempotency_days, char *summary, size_t len, bool *conn_lost);

/* The schema version this binary knows (highest migration number). */
extern const int api_schema_version;

/* Role names <-> bits. */
const char *api_role_name(unsigned role);
unsigned api_role_parse(const char *name); /* 0 when unknown */

/*
 * The answer of a lookup that has three outcomes (a query value, a
 * document's version): the one three-way result in api/; every other
 * function answers 0 / -1 or a bool.
 */
enum api_lookup {
	API_LOOKUP_ABSENT,    /* nothing there */
	API_LOOKUP_FOUND,     /* a value, stored in *out */
	API_LOOKUP_UNREADABLE /* something there that could not be read */
};

/* Method name ("GET") -> enum. */
enum api_method api_method_parse(const char *name);

/* ---- responses (api_reply.c) ---- */

/* Takes ownership of text (malloc'd JSON). Returns 0. */
int api_reply_text(struct api_ctx *c, int status, const char *content_type, char *text, size_t len);
/* Copies a JSON text (e.g. a value built by SQL). Returns 0 or -1 on OOM. */
int api_reply_json_copy(struct api_ctx *c, int status, const char *json, size_t len);
/* Serialises and decrefs v. Returns 0. */
int api_reply_json(struct api_ctx *c, int status, json_t *v);
void api_add_header(struct api_ctx *c, const char *name, const char *value);

/*
 * RFC 9457 problem details. `type` is a stable slug turned into
 * "https://transitd.invalid/problems/<slug>". Returns -1 so a handler can
 * `return api_problem(...)`. errors (may be NULL) is a JSON array of
 * {field, code, message}, stolen.
 */
int api_problem(struct api_ctx *c, int status, const char *type, const char *title,
		const char *detail, json_t *errors);
/* Same, filling the response only (no ctx), for the worker and router. */
void api_problem_response(struct api_response *resp, int status, const char *type,
			  const char *title, const char *detail, json_t *errors);

/* Field errors: a growing JSON array of {field, code, message}. */
void api_field_error(json_t **errors, const char *field, const char *code, const char *message);

/*
 * The administration commands (admin.c), run by the daemon's command line
 * on its own connection, without an HTTP user: each runs one transaction
 * with its audit row (no user, request id "cli"). They return 0 with *out
 * what the command prints, or -1 with *out the error: a message, or the
 * problem's JSON text when the database or the validation refused. *out is
 * malloc'd, the caller's to free; NULL when there is nothing to print (or
 * out of memory).
 */
/* `transitd operator add NAME`: *out the new operator's id. */
int api_operator_add(PGconn *conn, const char *name, char **out);
/* `transitd user add NAME --role ROLE` (role: one enum api_role bit; email
 * may be NULL) and `transitd user rotate NAME` (role 0: a new token for an
 * existing user, revoked or not); the operator named, or the only one when
 * operator_name is NULL. *out the token, shown once: only its hash is
 * stored. */
int api_user_token(PGconn *conn, const char *name, const char *operator_name, unsigned role,
		   const char *email, char **out);
/*
 * `transitd parameter add`: the platform administrator's row, shared by
 * every operator, any key (the regional ones included), validated and
 * stored as POST /api/v1/parameters does (the same reader, the same check
 * of the stored decisions, the same audit); today says what "before
 * today" and the staleness warning mean. *out is the row answered (0) or
 * the problem (-1), as JSON text.
 */
struct api_parameter_args {
	const char *key, *valid_from, *value, *unit, *confirmed;
	const char *source; /* may be NULL */
	bool correction;
};
int api_parameter_command(PGconn *conn, bdate_t today, const struct api_parameter_args *a,
			  char **out);

/* ---- request decoding (api_input.c) ---- */

/* Parses the JSON body as an object; on failure sets a 400 problem, NULL. */
json_t *api_body_object(struct api_ctx *c);
/*
 * Query string lookup: copies the decoded value of key into buf. FOUND,
 * ABSENT, or UNREADABLE when malformed or longer than len - 1.
 */
API_WUR enum api_lookup api_query_get(const struct api_ctx *c, const char *key, char *buf,
				      size_t len);

/*
 * A string member of a JSON object: NULL when absent or null (a field error
 * "required" when required), when not a string, longer than maxlen bytes,
 * or holding a line break, a tab or another control character (field
 * errors added, code "control-character"): a single-line field. The
 * pointer belongs to body.
 */
const char *api_json_string(json_t *body, const char *name, size_t maxlen, bool required,
			    json_t **errors);
/* The same for a multi-line text (remarks, texts of letters): LF, CR and tab
 * allowed, other control characters refused. */
const char *api_json_text(json_t *body, const char *name, size_t maxlen, bool required,
			  json_t **errors);
/* True when s has no line break, tab or other control character. */
bool api_single_line(const char *s);

/*
 * Typed members of a JSON object, for the validators of every resource. Each
 * returns true when a value was read into *out; false when the member is
 * absent/null (adding a "required" field error when required) or invalid
 * (adding a field error). *out is left unchanged when false.
 */
bool api_json_date(json_t *body, const char *name, bool required, json_t **errors, bdate_t *out);
/* An integer amount of cents within [min, max]. */
bool api_json_cents(json_t *body, const char *name, bool required, int64_t min, int64_t max,
		    json_t **errors, int64_t *out);
bool api_json_int(json_t *body, const char *name, bool required, int64_t min, int64_t max,
		  json_t **errors, int64_t *out);
bool api_json_bool(json_t *body, const char *name, bool required, json_t **errors, bool *out);
/* One of a NULL-terminated list of names; *out is the index. */
bool api_json_enum(json_t *body, const char *name, bool required, const char *const *values,
		   json_t **errors, int *out);
/* Refuses members not in the NULL-terminated list of allowed names. */
void api_json_only(json_t *body, const char *const *allowed, json_t **errors);

/* The path parameter i ({id}) as decimal text, for SQL parameters. */
void api_param_text(const struct api_ctx *c, int i, char out[24]);

/*
 * Keyset pagination: reads ?limit= (1..200, default 50) and ?after= (an id,
 * default 0). Sets a 400 problem and returns -1 when malformed.
 */
struct api_page {
	int64_t limit;
	int64_t after;
	char limit_text[24], after_text[24];
};
API_WUR int api_page_read(struct api_ctx *c, struct api_page *page);

/*
 * Optimistic concurrency: updates must send If-Match with the ETag the
 * resource was read with ("\"<version>\""). Returns 0 with *version set,
 * or -1 with a 428 problem when the header is absent or malformed.
 */
API_WUR int api_if_match(struct api_ctx *c, int64_t *version);
/* Adds the ETag header for a resource version. */
void api_set_etag(struct api_ctx *c, const char *version);

/*
 * Replies with one resource row built by SQL as JSON text: status, ETag from
 * the "version" member, JSON copied. The common tail of GET/POST/PUT.
 */
int api_reply_row(struct api_ctx *c, int status, const char *json);
/* The integer member "version" of a JSON object text (api_res.c): FOUND,
 * ABSENT (none, or not an integer) or UNREADABLE (this scanner cannot tell
 * without a full parse). */
enum api_lookup api_doc_version(const char *json, int64_t *out);

/* ---- database (api_db.c) ---- */

/*
 * Runs a parameterised statement. On failure sets the problem response
 * (503 when the connection is gone, 409 for unique/exclusion violations,
 * 422 for check violations, 500 otherwise) and returns NULL.
 */
PGresult *api_db_exec(struct api_ctx *c, const char *sql, int nparams, const char *const *values);

/*
 * Runs fn inside BEGIN ... COMMIT. fn returns 0 to commit, -1 to roll back
 * (having set the problem). Serialization failures and deadlocks are
 * retried up to 3 times.
 */
API_WUR int api_tx(struct api_ctx *c, int (*fn)(struct api_ctx *c, void *arg), void *arg);

/*
 * The one audit helper: appends who/when/action/entity/before/after to
 * audit_log in the current transaction. before/after are JSON texts or NULL.
 */
/* Waits until what this connection committed is durable (api_db.c). */
API_WUR int api_db_flush_wal(struct api_ctx *c);
API_WUR int api_audit(struct api_ctx *c, const char *action, const char *entity,
		      const char *entity_id, const char *before, const char *after);

/* Set by the daemon: receives database errors for its log (no row values). */
extern void (*api_log_db_error)(const char *request_id, const char *sqlstate,
				const char *constraint, const char *message);

/* ---- authentication (api_auth.c) ---- */

/* Hex SHA-256 of a token (65 bytes with NUL). */
void api_token_hash(const char *token, char out[65]);
/* Generates a new random token "tdk_" + 64 hex (69 bytes with NUL). */
API_WUR int api_token_generate(char out[69]);

#endif

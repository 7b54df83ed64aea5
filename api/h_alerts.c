/*
 * Alerts (list, acknowledge, resolve, refresh) and the iCalendar feed.
 * Each role sees the alerts meant for it (core/alert.h audience): social
 * workers, accountants and operators theirs; admins and auditors all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alert.h"
#include "api_internal.h"
#include "input.h"

static const char *const alert_states[] = {"open", "acknowledged", "resolved", NULL};

/* The caller's ALERT_FOR_* bits as text, for a SQL parameter. */
static void audience_text(const struct api_ctx *c, char out[12])
{
	snprintf(out, 12, "%u", alert_audience_of_role(api_role_name(c->user.role)));
}

/* The list's filters (query string); each has_* is api_query_get's answer. */
struct alerts_query {
	char state[24], kind[48], assignee[24], due_before[16];
	enum api_lookup has_state, has_kind, has_assignee, has_due;
};

static int alerts_query_read(struct api_ctx *c, struct alerts_query *q)
{
	json_t *errors = NULL;
	q->has_state = api_query_get(c, "state", q->state, sizeof q->state);
	q->has_kind = api_query_get(c, "kind", q->kind, sizeof q->kind);
	q->has_assignee = api_query_get(c, "assignee", q->assignee, sizeof q->assignee);
	q->has_due = api_query_get(c, "due_before", q->due_before, sizeof q->due_before);
	if (q->has_state == API_LOOKUP_UNREADABLE ||
	    (q->has_state == API_LOOKUP_FOUND && api_enum_index(alert_states, q->state) < 0))
		api_field_error(&errors, "state", "enum",
				"must be one of: open, acknowledged, resolved");
	enum alert_kind k;
	if (q->has_kind == API_LOOKUP_UNREADABLE ||
	    (q->has_kind == API_LOOKUP_FOUND && !alert_kind_parse(q->kind, &k)))
		api_field_error(&errors, "kind", "enum", "is not an alert kind");
	if (q->has_assignee == API_LOOKUP_FOUND && strcmp(q->assignee, "me") == 0)
		api_id_text(c->user.id, q->assignee);
	/* Not api_id_valid: "0" and leading zeros have always been accepted
	 * here (they match no user, or the same id), and the answers do not
	 * change with issue 14. */
	size_t alen = q->has_assignee == API_LOOKUP_FOUND ? strlen(q->assignee) : 0;
	if (q->has_assignee == API_LOOKUP_UNREADABLE ||
	    (q->has_assignee == API_LOOKUP_FOUND &&
	     (alen == 0 || alen > 18 || strspn(q->assignee, "0123456789") != alen)))
		api_field_error(&errors, "assignee", "invalid", "must be a user id or 'me'");
	bdate_t d;
	if (q->has_due == API_LOOKUP_UNREADABLE ||
	    (q->has_due == API_LOOKUP_FOUND &&
	     !bdate_parse_iso(q->due_before, strlen(q->due_before), &d)))
		api_field_error(&errors, "due_before", "invalid", "must be a date YYYY-MM-DD");
	if (errors != NULL)
		return api_problem(c, 400, "invalid-query", "Invalid query", NULL, errors);
	return 0;
}

static int alerts_list_docs(struct api_ctx *c, const struct alerts_query *q)
{
	/* Only the filters given are in the statement, and the role's audience
	 * bits are a number: each of the few variants gets a plan of its own
	 * that PostgreSQL can keep (no SQL function to inline, no "$n IS NULL
	 * OR" to plan again at each request). */
	char bits[12], where[400];
	audience_text(c, bits);
	const char *v[5] = {bits};
	int n = 1;
	int len = snprintf(where, sizeof where, "d.audience & $4::int <> 0");
	if (q->has_state == API_LOOKUP_FOUND) {
		v[n++] = q->state;
		len += snprintf(where + len, sizeof where - (size_t)len,
				" AND d.state = $%d::alert_state", 3 + n);
	}
	if (q->has_kind == API_LOOKUP_FOUND) {
		v[n++] = q->kind;
		len +=
		    snprintf(where + len, sizeof where - (size_t)len, " AND d.kind = $%d", 3 + n);
	}
	if (q->has_assignee == API_LOOKUP_FOUND) {
		v[n++] = q->assignee;
		len += snprintf(where + len, sizeof where - (size_t)len,
				" AND d.assignee_id = $%d::bigint", 3 + n);
	}
	if (q->has_due == API_LOOKUP_FOUND) {
		v[n++] = q->due_before;
		snprintf(where + len, sizeof where - (size_t)len, " AND d.due_on < $%d::date",
			 3 + n);
	}
	return api_list_docs(c, "alert_docs", where, n, v);
}

int h_alerts_list(struct api_ctx *c)
{
	struct alerts_query q = {0};
	int rc = alerts_query_read(c, &q);
	if (rc == 0)
		rc = alerts_list_docs(c, &q);
	return rc;
}

struct alert_action {
	bool resolve;
	int64_t id;
	struct in_alert_action in;
	char *after;
};

/* The alert locked, if the caller's role sees it, and the action allowed
 * in its state (acknowledge an open alert, resolve one not resolved). */
static int alert_action_allowed(struct api_ctx *c, const struct alert_action *a, const char *ids)
{
	char op[API_ID_LEN], bits[12], state[24];
	api_id_text(c->user.operator_id, op);
	audience_text(c, bits);
	const char *v[3] = {ids, op, bits};
	PGresult *r = api_db_exec(c,
				  "SELECT state FROM alerts WHERE id = $1 AND operator_id = $2"
				  " AND audience & $3::int <> 0 FOR UPDATE",
				  3, v);
	if (r == NULL)
		return -1;
	bool found = PQntuples(r) == 1;
	if (found)
		snprintf(state, sizeof state, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	if (!found)
		return api_problem(c, 404, "not-found", "Not found", "no such alert for you", NULL);
	if (strcmp(state, "resolved") == 0 || (!a->resolve && strcmp(state, "open") != 0)) {
		char detail[120];
		snprintf(detail, sizeof detail, "the alert is %s: allowed actions: %s", state,
			 strcmp(state, "resolved") == 0 ? "none" : "resolve");
		return api_problem(c, 422, "transition-refused", "Action refused", detail, NULL);
	}
	return 0;
}

static int alert_action_tx(struct api_ctx *c, void *arg)
{
	struct alert_action *a = arg;
	char ids[API_ID_LEN], uid[API_ID_LEN];
	api_id_text(a->id, ids);
	api_id_text(c->user.id, uid);
	char *before = NULL;
	PGresult *r = NULL;
	int rc = -1;
	if (alert_action_allowed(c, a, ids) != 0)
		goto out;
	before = api_get_doc(c, "alert_docs", "alert", a->id);
	if (before == NULL)
		goto out;
	const char *w[3] = {ids, uid, a->in.comment};
	r = api_db_exec(c,
			a->resolve
			    ? "UPDATE alerts SET state = 'resolved', resolved_by = $2,"
			      " resolved_at = now(), resolve_comment = $3 WHERE id = $1"
			    : "UPDATE alerts SET state = 'acknowledged', acknowledged_by = $2,"
			      " acknowledged_at = now(), acknowledge_comment = $3 WHERE id = $1",
			3, w);
	if (r == NULL)
		goto out;
	free(a->after); /* of an attempt api_tx retried */
	a->after = api_get_doc(c, "alert_docs", "alert", a->id);
	if (a->after == NULL)
		goto out;
	rc = api_audit(c, a->resolve ? "alert.resolve" : "alert.acknowledge", "alert", ids, before,
		       a->after);
out:
	if (r != NULL)
		PQclear(r);
	free(before);
	return rc;
}

/* The body read into *in (pointing into body); a 422 when refused. */
static int alert_action_read(struct api_ctx *c, json_t *body, void *arg)
{
	struct alert_action *a = arg;
	json_t *errors = NULL;
	in_alert_action_read(body, &a->in, &errors);
	if (errors != NULL)
		return api_problem(c, 422, "validation", "Invalid action", NULL, errors);
	return 0;
}

static int alert_action_reply(struct api_ctx *c, void *arg)
{
	struct alert_action *a = arg;
	return api_reply_row(c, 200, a->after);
}

static int alert_action(struct api_ctx *c, bool resolve)
{
	struct alert_action a = {.resolve = resolve, .id = c->params[0]};
	int rc = api_write_run(c, NULL, &a, alert_action_read, alert_action_tx, alert_action_reply);
	free(a.after);
	return rc;
}

int h_alert_acknowledge(struct api_ctx *c)
{
	return alert_action(c, false);
}

int h_alert_resolve(struct api_ctx *c)
{
	return alert_action(c, true);
}

int h_alerts_refresh(struct api_ctx *c)
{
	struct api_alert_stats st;
	if (api_alerts_pass(c, c->req->today, &st) != 0)
		return -1;
	char today[BDATE_ISO_LEN];
	bdate_format_iso(c->req->today, today);
	return api_reply_json(c, 200,
			      json_pack("{s:s, s:i, s:i, s:i, s:b}", "today", today, "due", st.due,
					"raised", st.raised, "resolved", st.resolved, "skipped",
					st.skipped));
}

/* ---- calendar tokens ---- */

struct cal_token {
	char token[69];
	int64_t id;
};

static int cal_token_tx(struct api_ctx *c, void *arg)
{
	struct cal_token *t = arg;
	char hash[65], uid[API_ID_LEN];
	if (api_token_generate(t->token) != 0)
		return api_problem(c, 500, "internal", "Internal error", "no randomness", NULL);
	/* Calendar tokens have their own prefix: they are not API tokens. */
	memcpy(t->token, "cal_", 4);
	api_token_hash(t->token, hash);
	api_id_text(c->user.id, uid);
	const char *v[2] = {uid, hash};
	PGresult *r =
	    api_db_exec(c,
			"INSERT INTO calendar_tokens (user_id, token_hash) VALUES ($1, $2)"
			" RETURNING id, json_build_object('id', id, 'user_id', user_id)::text",
			2, v);
	if (r == NULL)
		return -1;
	t->id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	int rc = api_audit(c, "calendar_token.create", "calendar_token", PQgetvalue(r, 0, 0), NULL,
			   PQgetvalue(r, 0, 1));
	PQclear(r);
	return rc;
}

/* No member is defined. A request without a body (curl -X POST, as the
 * README shows) stays valid; a body given must be a JSON object without
 * members: malformed JSON is a 400, a member a 422, as everywhere. */
static int cal_token_read(struct api_ctx *c)
{
	if (c->req->body == NULL || c->req->body_len == 0)
		return 0;
	json_t *body = api_body_object(c);
	if (body == NULL)
		return -1;
	json_t *errors = NULL;
	in_calendar_token_read(body, &errors);
	json_decref(body);
	if (errors != NULL)
		return api_problem(c, 422, "validation", "Invalid calendar token request", NULL,
				   errors);
	return 0;
}

/* The token is shown once; only its hash is stored. */
static int cal_token_reply(struct api_ctx *c, const struct cal_token *t)
{
	char url[160];
	snprintf(url, sizeof url, "/api/v1/calendar.ics?token=%s", t->token);
	return api_reply_json(
	    c, 201,
	    json_pack("{s:I, s:s, s:s}", "id", (json_int_t)t->id, "token", t->token, "url", url));
}

int h_calendar_tokens_create(struct api_ctx *c)
{
	struct cal_token t;
	int rc = cal_token_read(c);
	if (rc == 0)
		rc = api_tx(c, cal_token_tx, &t);
	if (rc == 0)
		rc = cal_token_reply(c, &t);
	return rc;
}

int h_calendar_tokens_list(struct api_ctx *c)
{
	char uid[API_ID_LEN];
	api_id_text(c->user.id, uid);
	const char *v[1] = {uid};
	PGresult *r =
	    api_db_exec(c,
			"SELECT coalesce(json_agg(json_build_object('id', id, 'created_at',"
			" created_at, 'revoked_at', revoked_at) ORDER BY id), '[]')::text"
			" FROM calendar_tokens WHERE user_id = $1",
			1, v);
	if (r == NULL)
		return -1;
	json_t *items = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
	PQclear(r);
	return api_reply_json(c, 200, json_pack("{s:o}", "items", items ? items : json_array()));
}

static int cal_revoke_tx(struct api_ctx *c, void *arg)
{
	(void)arg;
	char ids[API_ID_LEN], uid[API_ID_LEN];
	api_param_text(c, 0, ids);
	api_id_text(c->user.id, uid);
	const char *v[2] = {ids, uid};
	PGresult *r =
	    api_db_exec(c,
			"UPDATE calendar_tokens SET revoked_at = coalesce(revoked_at, now())"
			" WHERE id = $1 AND user_id = $2 RETURNING id",
			2, v);
	if (r == NULL)
		return -1;
	int n = PQntuples(r);
	PQclear(r);
	if (n != 1)
		return api_problem(c, 404, "not-found", "Not found", "no such calendar token",
				   NULL);
	return api_audit(c, "calendar_token.revoke", "calendar_token", ids, NULL, NULL);
}

int h_calendar_token_revoke(struct api_ctx *c)
{
	if (api_tx(c, cal_revoke_tx, NULL) != 0)
		return -1;
	c->resp->status = 204;
	c->resp->content_type = "application/json";
	return 0;
}

/* ---- the iCalendar feed (RFC 5545) ---- */

/* One content line, folded at 75 octets without splitting a UTF-8
 * character, ended by CRLF. */
static void ics_line(struct api_text *o, const char *line)
{
	size_t n = strlen(line), pos = 0, width = 75;
	while (n - pos > width) {
		size_t cut = pos + width;
		while (cut > pos && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--;
		api_text_put(o, line + pos, cut - pos);
		api_text_put(o, "\r\n ", 3);
		pos = cut;
		width = 74; /* the leading space counts */
	}
	api_text_put(o, line + pos, n - pos);
	api_text_put(o, "\r\n", 2);
}

/* TEXT value escaping: backslash, semicolon, comma, newline. */
static void ics_text(char *out, size_t size, const char *in)
{
	size_t o = 0;
	for (; *in && o + 3 < size; in++) {
		if (*in == '\\' || *in == ';' || *in == ',') {
			out[o++] = '\\';
			out[o++] = *in;
		} else if (*in == '\n') {
			out[o++] = '\\';
			out[o++] = 'n';
		} else if (*in != '\r') {
			out[o++] = *in;
		}
	}
	out[o] = '\0';
}

static void ics_event(struct api_text *o, const struct alert *a, const char *what,
		      const char *stamp)
{
	char identity[ALERT_IDENTITY_MAX], todo[ALERT_TODO_MAX], esc[600], line[700];
	if (!alert_identity(a, identity, sizeof identity) || !alert_todo_fr(a, todo, sizeof todo))
		return;
	struct bdate_ymd d = bdate_to_ymd(a->due_on), e = bdate_to_ymd(a->due_on + 1);
	ics_line(o, "BEGIN:VEVENT");
	snprintf(line, sizeof line, "UID:%s@transitd", identity);
	ics_line(o, line);
	snprintf(line, sizeof line, "DTSTAMP:%s", stamp);
	ics_line(o, line);
	snprintf(line, sizeof line, "DTSTART;VALUE=DATE:%04d%02d%02d", d.year, d.month, d.day);
	ics_line(o, line);
	snprintf(line, sizeof line, "DTEND;VALUE=DATE:%04d%02d%02d", e.year, e.month, e.day);
	ics_line(o, line);
	ics_text(esc, sizeof esc, what);
	snprintf(line, sizeof line, "SUMMARY:%s", esc);
	ics_line(o, line);
	ics_text(esc, sizeof esc, todo);
	snprintf(line, sizeof line, "DESCRIPTION:%s", esc);
	ics_line(o, line);
	ics_line(o, "TRANSP:TRANSPARENT");
	/* Reminders a week and a day before. */
	static const char *const triggers[] = {"-P7D", "-P1D"};
	for (int i = 0; i < 2; i++) {
		ics_line(o, "BEGIN:VALARM");
		ics_line(o, "ACTION:DISPLAY");
		snprintf(line, sizeof line, "TRIGGER:%s", triggers[i]);
		ics_line(o, line);
		snprintf(line, sizeof line, "DESCRIPTION:%s", esc);
		ics_line(o, line);
		ics_line(o, "END:VALARM");
	}
	ics_line(o, "END:VEVENT");
}

/* Deadlines of the calendar: posting deadlines and renewal decisions not
 * past by more than a month, convention ends, for conventions not over. */
static const char sql_calendar[] =
    "SELECT 'posting', c.id, p.posting_deadline, p.number, u.name FROM conventions c"
    " JOIN convention_periods p ON p.convention_id = c.id JOIN units u ON u.id = c.unit_id"
    " WHERE c.operator_id = $1 AND c.state IN ('signed', 'active', 'renewed')"
    " AND p.number >= c.periods AND p.posting_deadline >= $2::date - 31"
    " UNION ALL"
    " SELECT 'renewal', c.id, c.renewal_deadline, c.periods, u.name FROM conventions c"
    " JOIN units u ON u.id = c.unit_id WHERE c.operator_id = $1"
    " AND c.state IN ('signed', 'active') AND c.renewal_deadline >= $2::date - 31"
    " UNION ALL"
    " SELECT 'end', c.id, coalesce(n.end_date, c.final_end), c.periods, u.name"
    " FROM conventions c JOIN units u ON u.id = c.unit_id"
    " LEFT JOIN convention_notices n ON n.convention_id = c.id"
    " WHERE c.operator_id = $1 AND c.state IN ('signed', 'active', 'renewed', 'notice_given')";

static int calendar_events(struct api_ctx *c, struct api_text *o, const char *op, const char *today,
			   const char *stamp)
{
	const char *v[2] = {op, today};
	PGresult *r = api_db_exec(c, sql_calendar, 2, v);
	if (r == NULL)
		return -1;
	for (int i = 0; i < PQntuples(r); i++) {
		const char *what = PQgetvalue(r, i, 0);
		struct alert a = {.object = ALERT_OBJ_CONVENTION,
				  .object_id = strtoll(PQgetvalue(r, i, 1), NULL, 10)};
		const char *ds = PQgetvalue(r, i, 2);
		if (!bdate_parse_iso(ds, strlen(ds), &a.due_on))
			continue;
		a.opens_on = a.due_on;
		char summary[300];
		if (strcmp(what, "posting") == 0) {
			a.kind = ALERT_NOTICE_DEADLINE_7;
			snprintf(summary, sizeof summary,
				 "Date limite d'envoi du préavis (période %s) – %s",
				 PQgetvalue(r, i, 3), PQgetvalue(r, i, 4));
		} else if (strcmp(what, "renewal") == 0) {
			a.kind = ALERT_RENEWAL_DECISION_DUE;
			snprintf(summary, sizeof summary, "Décision de renouvellement – %s",
				 PQgetvalue(r, i, 4));
		} else {
			a.kind = ALERT_CONVENTION_ENDING;
			snprintf(summary, sizeof summary, "Fin de la convention – %s",
				 PQgetvalue(r, i, 4));
		}
		ics_event(o, &a, summary, stamp);
	}
	PQclear(r);
	/* The visit rhythm is the operator's own choice, in force today. */
	struct params prm;
	if (api_params_load_operator(c, strtoll(op, NULL, 10), c->req->today, &prm, NULL) != 0)
		return -1;
	const char *w[1] = {op};
	r = api_db_exec(c, api_sql_visits, 1, w);
	if (r == NULL)
		return -1;
	for (int i = 0; i < PQntuples(r); i++) {
		enum alert_object obj =
		    strcmp(PQgetvalue(r, i, 0), "unit") == 0 ? ALERT_OBJ_UNIT : ALERT_OBJ_BUILDING;
		const char *ls = PQgetvalue(r, i, 5);
		bdate_t last;
		struct alert a;
		if (!bdate_parse_iso(ls, strlen(ls), &last) ||
		    alert_visit_overdue(
			obj, strtoll(PQgetvalue(r, i, 1), NULL, 10),
			alert_visit_frequency_of(obj, PQgetvalue(r, i, 4)[0] == 't'), last, &prm,
			c->req->today, &a) < 0)
			continue;
		char summary[300];
		snprintf(summary, sizeof summary, "Visite à faire – %s", PQgetvalue(r, i, 3));
		ics_event(o, &a, summary, stamp);
	}
	PQclear(r);
	return 0;
}

int h_calendar_ics(struct api_ctx *c)
{
	char token[100];
	if (api_query_get(c, "token", token, sizeof token) != API_LOOKUP_FOUND ||
	    strncmp(token, "cal_", 4) != 0) {
		api_add_header(c, "WWW-Authenticate", "Bearer realm=\"transitd-calendar\"");
		return api_problem(c, 401, "unauthenticated", "Authentication required",
				   "add ?token=<calendar token> (POST /api/v1/calendar-tokens)",
				   NULL);
	}
	char hash[65];
	api_token_hash(token, hash);
	const char *v[1] = {hash};
	PGresult *r = api_db_exec(c,
				  "SELECT u.operator_id FROM calendar_tokens t JOIN users u"
				  " ON u.id = t.user_id WHERE t.token_hash = $1"
				  " AND t.revoked_at IS NULL AND u.revoked_at IS NULL",
				  1, v);
	if (r == NULL)
		return -1;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return api_problem(c, 401, "unauthenticated", "Authentication required",
				   "the calendar token is unknown or revoked", NULL);
	}
	char op[24];
	snprintf(op, sizeof op, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);

	char today[BDATE_ISO_LEN], stamp[20];
	bdate_format_iso(c->req->today, today);
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);

	struct api_text o = {0};
	ics_line(&o, "BEGIN:VCALENDAR");
	ics_line(&o, "VERSION:2.0");
	ics_line(&o, "PRODID:-//transitd//logements de transit//FR");
	ics_line(&o, "CALSCALE:GREGORIAN");
	ics_line(&o, "METHOD:PUBLISH");
	ics_line(&o, "X-WR-CALNAME:Logements de transit – échéances");
	if (calendar_events(c, &o, op, today, stamp) != 0) {
		free(o.p);
		return -1;
	}
	ics_line(&o, "END:VCALENDAR");
	if (o.oom) {
		free(o.p);
		return api_problem(c, 500, "internal", "Internal error", "out of memory", NULL);
	}
	return api_reply_text(c, 200, "text/calendar; charset=utf-8", o.p, o.n);
}

/*
 * The daily e-mail digest: one plain-text message per user who has an
 * e-mail address and open alerts, piped to the configured command in the
 * `sendmail -t` convention (recipients read from the headers). The digest_log
 * row is written in the same transaction as the sending, so a message is
 * sent once a day, and a failed send is retried at the next pass.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "alert.h"
#include "api_internal.h"

struct digest {
	int64_t user_id;
	unsigned audience; /* ALERT_FOR_* bits of the user's role */
	const char *command;
	bdate_t today;
	int alerts;
	bool sent;
};

static int send_message(const char *command, const char *text, size_t len)
{
	FILE *p = popen(command, "w");
	if (p == NULL)
		return -1;
	size_t w = fwrite(text, 1, len, p);
	int status = pclose(p);
	return w == len && status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* The message of the n open alerts of r (one user's, the columns of
 * digest_tx's statement) on the day fr, into *text (malloc'd, *len bytes). */
static int digest_compose(struct api_ctx *c, PGresult *r, int n, const char *fr, char **text,
			  size_t *len)
{
	FILE *m = open_memstream(text, len);
	if (m == NULL)
		return api_problem(c, 500, "internal", "Internal error", "out of memory", NULL);
	/* Headers stay ASCII so no encoded-word is needed; the body is UTF-8. */
	fprintf(m, "To: %s\nSubject: transitd: %d alerte%s ouverte%s au %s\n"
		   "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
		   "Content-Transfer-Encoding: 8bit\n\n",
		PQgetvalue(r, 0, 0), n, n > 1 ? "s" : "", n > 1 ? "s" : "", fr);
	/* u.name is a login: a text for people never prints one (issue 13). */
	fprintf(m, "Bonjour,\n\nVoici vos alertes ouvertes au %s :\n\n", fr);
	for (int i = 0; i < n; i++) {
		bdate_t dd;
		char duefr[BDATE_FR_LEN] = "";
		if (api_cell_date(r, i, 4, &dd))
			bdate_format_fr(dd, duefr);
		fprintf(m, "- %s (échéance le %s) : %s\n  /api/v1/%ss/%s\n", PQgetvalue(r, i, 2),
			duefr, PQgetvalue(r, i, 3), PQgetvalue(r, i, 5), PQgetvalue(r, i, 6));
	}
	fprintf(m, "\nCe message est envoyé une fois par jour par transitd.\n");
	fclose(m);
	return 0;
}

static int digest_tx(struct api_ctx *c, void *arg)
{
	struct digest *d = arg;
	char uid[API_ID_LEN], today[BDATE_ISO_LEN], fr[BDATE_FR_LEN], bits[12], count[16];
	api_id_text(d->user_id, uid);
	bdate_format_iso(d->today, today);
	bdate_format_fr(d->today, fr);
	snprintf(bits, sizeof bits, "%u", d->audience);
	char *text = NULL;
	size_t len = 0;
	int rc = -1;
	const char *v[3] = {uid, today, bits};
	PGresult *r = api_db_exec(
	    c,
	    "SELECT u.email, u.name, a.label_fr, a.todo_fr, a.due_on::text, a.object_type,"
	    " a.object_id FROM users u JOIN alerts a ON a.operator_id = u.operator_id"
	    " AND a.audience & $3::int <> 0 AND a.state <> 'resolved'"
	    " WHERE u.id = $1 AND u.revoked_at IS NULL AND u.email IS NOT NULL"
	    " AND NOT EXISTS (SELECT 1 FROM digest_log g WHERE g.user_id = u.id AND g.day = $2)"
	    " ORDER BY a.due_on, a.id",
	    3, v);
	if (r == NULL)
		goto out;
	int n = PQntuples(r);
	if (n == 0) {
		rc = 0;
		goto out;
	}
	if (digest_compose(c, r, n, fr, &text, &len) != 0)
		goto out;
	PQclear(r);
	d->alerts = n;
	snprintf(count, sizeof count, "%d", n);
	const char *w[3] = {uid, today, count};
	r = api_db_exec(c, "INSERT INTO digest_log (user_id, day, alerts) VALUES ($1, $2, $3)", 3, w);
	if (r == NULL)
		goto out;
	if (send_message(d->command, text, len) != 0) {
		api_problem(c, 502, "sendmail-failed", "Digest not sent",
			    "the sendmail command failed", NULL);
		goto out;
	}
	d->sent = true;
	rc = 0;
out:
	if (r != NULL)
		PQclear(r);
	free(text);
	return rc;
}

int api_alerts_digest(struct api_ctx *c, bdate_t today, const char *sendmail_command, int *sent)
{
	*sent = 0;
	if (sendmail_command == NULL || sendmail_command[0] == '\0')
		return 0;
	PGresult *r =
	    api_db_exec(c,
			"SELECT id, role FROM users WHERE email IS NOT NULL AND revoked_at IS NULL"
			" ORDER BY id",
			0, NULL);
	if (r == NULL)
		return -1;
	int rc = 0;
	for (int i = 0; i < PQntuples(r); i++) {
		/* The role as read here: no statement of transitd changes a
		 * role; one changed by hand meanwhile counts from the next pass. */
		struct digest d = {.user_id = strtoll(PQgetvalue(r, i, 0), NULL, 10),
				   .audience = alert_audience_of_role(PQgetvalue(r, i, 1)),
				   .command = sendmail_command,
				   .today = today};
		/* One user's failure does not stop the others' digests. */
		if (api_tx(c, digest_tx, &d) != 0)
			rc = -1;
		else if (d.sent)
			(*sent)++;
	}
	PQclear(r);
	return rc;
}

/*
 * Deletes the answers kept for Idempotency-Key replays (they hold payers'
 * names) once older than `days`; the count deleted, or -1. Every daemon's
 * pass may run it: a DELETE of old rows is the same done twice. A full scan
 * of idempotency_keys once an hour costs less than an index on created_at
 * would cost every payment.
 */
static long purge_idempotency(struct api_ctx *c, int days)
{
	char d[16];
	snprintf(d, sizeof d, "%d", days);
	const char *v[1] = {d};
	PGresult *r = api_db_exec(c,
				  "DELETE FROM idempotency_keys"
				  " WHERE created_at < now() - make_interval(days => $1::int)",
				  1, v);
	if (r == NULL)
		return -1;
	long n = strtol(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	return n;
}

int api_scheduler_run(PGconn *conn, bdate_t today, const char *sendmail_command,
		      int idempotency_days, char *summary, size_t len, bool *conn_lost)
{
	struct api_request req = {.request_id = "scheduler", .today = today};
	struct api_response resp = {0};
	struct api_ctx c = {.conn = conn, .req = &req, .resp = &resp};
	struct api_alert_stats st;
	int sent = 0;
	long purged = 0;
	int rc = api_alerts_pass(&c, today, &st);
	if (rc == 0 && !st.skipped)
		rc = api_alerts_digest(&c, today, sendmail_command, &sent);
	if (rc == 0 && (purged = purge_idempotency(&c, idempotency_days)) < 0)
		rc = -1;
	char day[BDATE_ISO_LEN];
	bdate_format_iso(today, day);
	if (rc == 0)
		snprintf(summary, len,
			 "today=%s skipped=%d due=%d raised=%d resolved=%d digests=%d"
			 " idempotency_purged=%ld",
			 day, st.skipped, st.due, st.raised, st.resolved, sent, purged);
	else
		snprintf(summary, len, "today=%s status=%d", day, resp.status);
	*conn_lost = resp.db_unavailable;
	api_response_free(&resp);
	return rc;
}

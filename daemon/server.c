/*
 * server: the evhttp front end and the worker pool.
 *
 * The loop thread parses HTTP, copies each request into a job and queues
 * it; a fixed pool of workers, each owning one PostgreSQL connection, runs
 * api_handle() and hands the job back through an event activated from the
 * worker (libevent's pthread locking makes event_active thread-safe). The
 * loop thread sends every reply: a request is answered exactly once, from
 * the loop, and the loop never waits on the database.
 *
 * If the client goes away while its job runs, libevent 2.1 detaches the
 * request from the connection without freeing it; evhttp_send_reply() then
 * frees it, so the job's request pointer stays valid until we reply.
 */
#include "server.h"

#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/thread.h>

#include "api.h"
#include "clock.h"
#include "db.h"
#include "log.h"
#include "scheduler.h"
#include "sdnotify.h"

struct job {
	struct job *next;
	struct evhttp_request *req;
	struct api_request areq;
	struct api_response aresp;
	char *path, *query, *body;
	char *authorization, *if_match, *idempotency_key, *content_type;
	char request_id[40];
	const char *method_name;
	struct timespec started;
};

struct worker {
	struct server *srv;
	pthread_t thread;
	PGconn *conn;
	int index;
};

struct server {
	struct config cfg; /* reloadable keys change under SIGHUP */
	const char *config_path;
	struct event_base *base;
	struct evhttp *http;
	struct evhttp_bound_socket *sock;
	struct event *done_ev, *term_ev, *int_ev, *hup_ev;

	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct job *queue_head, *queue_tail;
	int queued;
	struct job *done_head;
	bool stopping; /* under mu: workers exit */

	/* loop thread only */
	int inflight; /* queued or running on a worker */
	int unsent;   /* replies handed to libevent, not yet written out */
	bool draining;
	uint64_t next_id;
	char boot_id[9];

	struct worker *workers;
	int nworkers;
	struct scheduler *scheduler;
};

static double elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static void job_free(struct job *j)
{
	api_response_free(&j->aresp);
	free(j->path);
	free(j->query);
	free(j->body);
	free(j->authorization);
	free(j->if_match);
	free(j->idempotency_key);
	free(j->content_type);
	free(j);
}

/* ---- worker side ---- */

/*
 * An idle connection that became readable has been told something by the
 * server (usually "terminating connection"): consume it so a restarted
 * PostgreSQL is noticed before the request rather than by failing it.
 */
static void check_idle_connection(struct worker *w)
{
	if (w->conn == NULL)
		return;
	struct pollfd pfd = {.fd = PQsocket(w->conn), .events = POLLIN};
	if (pfd.fd < 0 || (poll(&pfd, 1, 0) > 0 && (!PQconsumeInput(w->conn) ||
						     PQstatus(w->conn) != CONNECTION_OK))) {
		PQfinish(w->conn);
		w->conn = NULL;
		return;
	}
	/* Notifications stay queued: api_authenticate reads them. */
}

static bool ensure_connection(struct worker *w)
{
	check_idle_connection(w);
	if (w->conn != NULL)
		return true;
	w->conn = db_connect(&w->srv->cfg);
	if (w->conn == NULL)
		return false;
	int v = db_schema_version(w->conn);
	if (v > api_schema_version) {
		log_event(LOG_ERROR, "schema_too_new", "worker=%d database_version=%d known_version=%d",
			  w->index, v, api_schema_version);
		PQfinish(w->conn);
		w->conn = NULL;
		return false;
	}
	log_event(LOG_INFO, "db_connected", "worker=%d", w->index);
	return true;
}

static void run_job(struct worker *w, struct job *j)
{
	j->areq.today = clock_today();
	if (!ensure_connection(w)) {
		api_problem_response(&j->aresp, 503, "database-unavailable", "Database unavailable",
				     "the database cannot be reached or its schema is newer than "
				     "this build; retry later",
				     NULL);
		return;
	}
	api_handle(w->conn, &j->areq, &j->aresp);
	if (j->aresp.db_unavailable || PQstatus(w->conn) != CONNECTION_OK) {
		PQfinish(w->conn);
		w->conn = NULL;
	} else if (PQtransactionStatus(w->conn) != PQTRANS_IDLE) {
		/* A handler that forgot its transaction must not leak it into the
		 * next request of this worker. */
		log_event(LOG_ERROR, "transaction_left_open", "request_id=%s", j->request_id);
		PQclear(PQexec(w->conn, "ROLLBACK"));
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct server *s = w->srv;
	for (;;) {
		pthread_mutex_lock(&s->mu);
		while (s->queue_head == NULL && !s->stopping)
			pthread_cond_wait(&s->cv, &s->mu);
		if (s->queue_head == NULL) {
			pthread_mutex_unlock(&s->mu);
			break;
		}
		struct job *j = s->queue_head;
		s->queue_head = j->next;
		if (s->queue_head == NULL)
			s->queue_tail = NULL;
		s->queued--;
		pthread_mutex_unlock(&s->mu);

		run_job(w, j);

		pthread_mutex_lock(&s->mu);
		j->next = s->done_head;
		s->done_head = j;
		pthread_mutex_unlock(&s->mu);
		event_active(s->done_ev, EV_READ, 0);
	}
	PQfinish(w->conn);
	w->conn = NULL;
	return NULL;
}

/* ---- loop side ---- */

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 412: return "Precondition Failed";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 428: return "Precondition Required";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Status";
	}
}

static void free_body(const void *data, size_t len, void *arg)
{
	(void)len;
	(void)arg;
	free((void *)data);
}

static void maybe_finish_drain(struct server *s)
{
	if (s->draining && s->inflight == 0 && s->unsent == 0)
		event_base_loopexit(s->base, NULL);
}

static void on_sent(struct evhttp_request *req, void *arg)
{
	(void)req;
	struct server *s = arg;
	s->unsent--;
	maybe_finish_drain(s);
}

static void send_response(struct server *s, struct evhttp_request *req, const char *request_id,
			  struct api_response *r)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);
	evhttp_add_header(h, "Content-Type", r->content_type ? r->content_type : "application/json");
	evhttp_add_header(h, "X-Request-Id", request_id);
	evhttp_add_header(h, "Cache-Control", "no-store");
	for (int i = 0; i < r->nheaders; i++)
		evhttp_add_header(h, r->headers[i].name, r->headers[i].value);
	if (s->draining)
		evhttp_add_header(h, "Connection", "close");
	struct evbuffer *buf = evbuffer_new();
	if (buf != NULL && r->body != NULL) {
		if (evbuffer_add_reference(buf, r->body, r->body_len, free_body, NULL) == 0)
			r->body = NULL; /* now owned by the buffer */
	}
	/* Exiting the loop right after evhttp_send_reply() would drop the reply
	 * still in the output buffer: a drain waits until it is written. */
	if (evhttp_request_get_connection(req) != NULL) {
		s->unsent++;
		evhttp_request_set_on_complete_cb(req, on_sent, s);
	}
	evhttp_send_reply(req, r->status, reason(r->status), buf);
	if (buf != NULL)
		evbuffer_free(buf);
}

static void log_request(const struct job *j)
{
	log_event(j->aresp.status >= 500 ? LOG_WARN : LOG_INFO, "request",
		  "method=%s path=%s status=%d duration_ms=%.3f request_id=%s user_id=%" PRId64,
		  j->method_name, j->path, j->aresp.status, elapsed_ms(&j->started), j->request_id,
		  j->aresp.user_id);
}

static void on_done(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct server *s = arg;
	pthread_mutex_lock(&s->mu);
	struct job *list = s->done_head;
	s->done_head = NULL;
	pthread_mutex_unlock(&s->mu);
	while (list != NULL) {
		struct job *j = list;
		list = j->next;
		send_response(s, j->req, j->request_id, &j->aresp);
		log_request(j);
		s->inflight--;
		job_free(j);
	}
	maybe_finish_drain(s);
}

static char *header_dup(struct evkeyvalq *h, const char *name)
{
	const char *v = evhttp_find_header(h, name);
	return v ? strdup(v) : NULL;
}

static const char *method_name(enum evhttp_cmd_type cmd, enum api_method *m)
{
	switch (cmd) {
	case EVHTTP_REQ_GET: *m = API_GET; return "GET";
	case EVHTTP_REQ_HEAD: *m = API_HEAD; return "HEAD";
	case EVHTTP_REQ_POST: *m = API_POST; return "POST";
	case EVHTTP_REQ_PUT: *m = API_PUT; return "PUT";
	case EVHTTP_REQ_PATCH: *m = API_PATCH; return "PATCH";
	case EVHTTP_REQ_DELETE: *m = API_DELETE; return "DELETE";
	default: *m = API_OTHER; return "OTHER";
	}
}

/* Replies on the loop thread without a worker (health, overload, drain). */
static void reply_now(struct server *s, struct job *j, int status, const char *type,
		      const char *title, const char *detail)
{
	if (type != NULL)
		api_problem_response(&j->aresp, status, type, title, detail, NULL);
	send_response(s, j->req, j->request_id, &j->aresp);
	log_request(j);
	job_free(j);
}

static void on_request(struct evhttp_request *req, void *arg)
{
	struct server *s = arg;
	struct job *j = calloc(1, sizeof *j);
	if (j == NULL) {
		evhttp_send_error(req, 503, "Service Unavailable");
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &j->started);
	j->req = req;
	snprintf(j->request_id, sizeof j->request_id, "%s-%" PRIu64, s->boot_id, ++s->next_id);
	enum api_method m;
	j->method_name = method_name(evhttp_request_get_command(req), &m);

	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
	const char *raw_path = uri ? evhttp_uri_get_path(uri) : NULL;
	const char *raw_query = uri ? evhttp_uri_get_query(uri) : NULL;
	j->path = evhttp_uridecode(raw_path && raw_path[0] ? raw_path : "/", 0, NULL);
	j->query = raw_query ? strdup(raw_query) : NULL;

	struct evkeyvalq *in = evhttp_request_get_input_headers(req);
	j->authorization = header_dup(in, "Authorization");
	j->if_match = header_dup(in, "If-Match");
	j->idempotency_key = header_dup(in, "Idempotency-Key");
	j->content_type = header_dup(in, "Content-Type");

	struct evbuffer *body = evhttp_request_get_input_buffer(req);
	size_t blen = evbuffer_get_length(body);
	if (blen > 0) {
		j->body = malloc(blen + 1);
		if (j->body != NULL) {
			evbuffer_remove(body, j->body, blen);
			j->body[blen] = '\0';
		}
	}
	if (j->path == NULL || (blen > 0 && j->body == NULL)) {
		reply_now(s, j, 503, "overloaded", "Service unavailable", "out of memory");
		return;
	}
	j->areq = (struct api_request){
		.method = m,
		.path = j->path,
		.query = j->query,
		.body = j->body,
		.body_len = j->body ? blen : 0,
		.authorization = j->authorization,
		.if_match = j->if_match,
		.idempotency_key = j->idempotency_key,
		.content_type = j->content_type,
		.request_id = j->request_id,
	};

	if (strcmp(j->path, "/health") == 0 && (m == API_GET || m == API_HEAD)) {
		/* Liveness only: answered here, it never touches the database. */
		j->aresp.status = 200;
		j->aresp.content_type = "application/json";
		j->aresp.body = strdup("{\"status\":\"alive\"}");
		j->aresp.body_len = j->aresp.body ? strlen(j->aresp.body) : 0;
		reply_now(s, j, 200, NULL, NULL, NULL);
		return;
	}
	if (s->draining) {
		reply_now(s, j, 503, "shutting-down", "Service unavailable",
			  "the server is shutting down");
		return;
	}
	pthread_mutex_lock(&s->mu);
	if (s->queued >= s->cfg.max_queue) {
		pthread_mutex_unlock(&s->mu);
		reply_now(s, j, 503, "overloaded", "Service unavailable",
			  "too many requests are waiting; retry later");
		return;
	}
	if (s->queue_tail)
		s->queue_tail->next = j;
	else
		s->queue_head = j;
	s->queue_tail = j;
	s->queued++;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
	s->inflight++;
}

static void on_term(evutil_socket_t sig, short what, void *arg)
{
	(void)what;
	struct server *s = arg;
	if (s->draining)
		return;
	log_event(LOG_INFO, "shutdown", "signal=%d inflight=%d", (int)sig, s->inflight);
	sdnotify("STOPPING=1");
	s->draining = true;
	/* Stop accepting; connections already open finish their request. */
	if (s->sock != NULL) {
		evhttp_del_accept_socket(s->http, s->sock);
		s->sock = NULL;
	}
	/* A reply whose client vanished never reports completion: bound the
	 * wait by the HTTP timeout. */
	struct timeval limit = {.tv_sec = s->cfg.http_timeout_seconds};
	event_base_loopexit(s->base, &limit);
	maybe_finish_drain(s);
}

static void on_hup(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	struct server *s = arg;
	sdnotify("RELOADING=1");
	struct config fresh;
	char err[512];
	config_defaults(&fresh);
	if (config_load(s->config_path, &fresh, err, sizeof err) != 0) {
		log_event(LOG_ERROR, "reload_failed", "error=\"%s\"", err);
	} else {
		int changed = config_apply_reloadable(&s->cfg, &fresh);
		enum log_level lvl;
		if (log_level_parse(s->cfg.log_level, &lvl) == 0)
			log_set_level(lvl);
		clock_configure(&s->cfg);
		log_event(LOG_INFO, "reloaded", "changed_keys=%d", changed);
		/* "today" may have moved: the alerts are recomputed now. */
		scheduler_kick(s->scheduler);
	}
	sdnotify("READY=1");
}

int server_run(const struct config *cfg, const char *config_path)
{
	struct server *s = calloc(1, sizeof *s);
	if (s == NULL)
		return -1;
	s->cfg = *cfg;
	s->config_path = config_path;
	unsigned char rnd[4] = {0};
	if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
		memset(rnd, 0, sizeof rnd);
	snprintf(s->boot_id, sizeof s->boot_id, "%02x%02x%02x%02x", rnd[0], rnd[1], rnd[2], rnd[3]);
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	signal(SIGPIPE, SIG_IGN);

	int rc = -1;
	/* With epoll, the changes a loop iteration makes to a connection's
	 * events (reading off while a worker answers, writing on, reading on
	 * again) are applied in one epoll_ctl instead of one each. */
	struct event_config *ecfg = event_config_new();
	if (ecfg != NULL)
		event_config_set_flag(ecfg, EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
	if (evthread_use_pthreads() == 0 && ecfg != NULL)
		s->base = event_base_new_with_config(ecfg);
	if (ecfg != NULL)
		event_config_free(ecfg);
	if (s->base == NULL || (s->http = evhttp_new(s->base)) == NULL)
		goto out;
	evhttp_set_max_body_size(s->http, (ev_ssize_t)cfg->max_body_bytes);
	evhttp_set_max_headers_size(s->http, (ev_ssize_t)cfg->max_header_bytes);
	evhttp_set_timeout(s->http, cfg->http_timeout_seconds);
	evhttp_set_default_content_type(s->http, "application/json");
	evhttp_set_allowed_methods(s->http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD | EVHTTP_REQ_POST |
						    EVHTTP_REQ_PUT | EVHTTP_REQ_PATCH |
						    EVHTTP_REQ_DELETE);
	/* Read the whole body before refusing it, so the client sees the 413. */
	evhttp_set_flags(s->http, EVHTTP_SERVER_LINGERING_CLOSE);
	evhttp_set_gencb(s->http, on_request, s);

	s->sock = evhttp_bind_socket_with_handle(s->http, cfg->listen_address, (ev_uint16_t)cfg->port);
	if (s->sock == NULL) {
		log_event(LOG_ERROR, "listen_failed", "address=%s port=%d", cfg->listen_address,
			  cfg->port);
		goto out;
	}
	/*
	 * libevent writes a reply in 16 KiB pieces: with Nagle's algorithm the
	 * last piece of a larger reply (a page of 50 alerts, a PDF) waited for
	 * the client's delayed ACK, 40 ms on every keep-alive request. Accepted
	 * connections inherit TCP_NODELAY from the listening socket (Linux).
	 */
	int one = 1;
	if (setsockopt(evhttp_bound_socket_get_fd(s->sock), IPPROTO_TCP, TCP_NODELAY, &one,
		       sizeof one) != 0)
		log_event(LOG_WARN, "tcp_nodelay_failed", "address=%s", cfg->listen_address);
	s->done_ev = event_new(s->base, -1, 0, on_done, s);
	s->term_ev = evsignal_new(s->base, SIGTERM, on_term, s);
	s->int_ev = evsignal_new(s->base, SIGINT, on_term, s);
	s->hup_ev = evsignal_new(s->base, SIGHUP, on_hup, s);
	if (!s->done_ev || !s->term_ev || !s->int_ev || !s->hup_ev || event_add(s->term_ev, NULL) ||
	    event_add(s->int_ev, NULL) || event_add(s->hup_ev, NULL))
		goto out;

	s->nworkers = cfg->workers;
	s->workers = calloc((size_t)s->nworkers, sizeof *s->workers);
	if (s->workers == NULL)
		goto out;
	for (int i = 0; i < s->nworkers; i++) {
		s->workers[i] = (struct worker){.srv = s, .index = i};
		if (pthread_create(&s->workers[i].thread, NULL, worker_main, &s->workers[i]) != 0) {
			s->nworkers = i;
			goto out;
		}
	}
	s->scheduler = scheduler_start(&s->cfg);
	log_event(LOG_INFO, "listening", "address=%s port=%d workers=%d", cfg->listen_address,
		  cfg->port, cfg->workers);
	sdnotify("READY=1");
	event_base_dispatch(s->base);
	rc = 0;
out:
	scheduler_stop(s->scheduler);
	pthread_mutex_lock(&s->mu);
	s->stopping = true;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	for (int i = 0; i < s->nworkers; i++)
		pthread_join(s->workers[i].thread, NULL);
	/* Jobs finished after the loop stopped (only on a start-up failure). */
	while (s->done_head != NULL) {
		struct job *j = s->done_head;
		s->done_head = j->next;
		job_free(j);
	}
	free(s->workers);
	if (s->done_ev)
		event_free(s->done_ev);
	if (s->term_ev)
		event_free(s->term_ev);
	if (s->int_ev)
		event_free(s->int_ev);
	if (s->hup_ev)
		event_free(s->hup_ev);
	if (s->http)
		evhttp_free(s->http);
	if (s->base)
		event_base_free(s->base);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	free(s);
	if (rc == 0)
		log_event(LOG_INFO, "stopped", "status=0");
	return rc;
}

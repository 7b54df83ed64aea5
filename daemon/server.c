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
 *
 * Connections (see "connections" below): libevent 2.1 has no connection cap
 * and its one timeout measures inactivity, so a client sending a byte a
 * second keeps a connection forever. The server counts connections, gives
 * each a whole-request deadline and, at max_connections, closes the one
 * that has waited longest for its request or stops accepting.
 */
#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/listener.h>
#include <event2/thread.h>

#include "api.h"
#include "clock.h"
#include "db.h"
#include "log.h"
#include "scheduler.h"
#include "sdnotify.h"
#include "web.h"

struct job {
	struct job *next;
	struct evhttp_request *req;
	struct api_request areq;
	struct api_response aresp;
	char *path, *query, *body;
	char *authorization, *if_match, *idempotency_key, *content_type;
	char *if_none_match;
	char *cookie, *origin, *host, *requested_with, *forwarded_proto, *accept_language;
	char request_id[40];
	const char *method_name;
	struct timespec started;
	bool close; /* answer with Connection: close (the framing is not trusted) */
};

/*
 * One client connection. libevent 2.1 offers no hook when it accepts a
 * connection but the bufferevent callback (evhttp_set_bevcb), and none
 * when it frees one but the close callback of the evhttp_connection, which
 * only exists once the bufferevent callback has returned: a new connection
 * waits on s->pending until on_conns(), run by the loop right after the
 * accept, finds its evhttp_connection (the bufferevent's callback argument).
 */
struct conn {
	struct server *srv;
	struct bufferevent *bev;
	struct evhttp_connection *evcon; /* NULL while pending */
	struct event *deadline;
	struct conn *prev, *next; /* s->pending (next only) or s->waiting */
	struct conn *hnext;	  /* s->by_evcon chain */
	bool busy;		  /* a request of it is being answered */
	bool waiting;		  /* on s->waiting */
	bool cut;		  /* closed by us (deadline, cap): no lingering */
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

	/* connections, loop thread only */
	int max_conns; /* cfg.max_connections, lowered to the open-file limit */
	int nconns;    /* pending and adopted */
	struct conn *pending;
	struct conn *waiting_head, *waiting_tail; /* waiting for a request, oldest first */
	struct conn **by_evcon;
	size_t nbuckets;
	struct event *conn_ev, *accept_retry_ev, *tick_ev;
	bool accept_paused;  /* at the cap, every connection busy */
	bool accept_backoff; /* accept() failed: retry in a moment */
	bool closing_all;    /* evhttp_free at the end: no lingering */
	struct linger_sock *lingering;

	struct web web; /* the web application's files, read at start-up */
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
	free(j->cookie);
	free(j->origin);
	free(j->host);
	free(j->requested_with);
	free(j->forwarded_proto);
	free(j->accept_language);
	free(j->idempotency_key);
	free(j->content_type);
	free(j->if_none_match);
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

/* ---- connections ---- */

static size_t conn_bucket(const struct server *s, const struct evhttp_connection *evcon)
{
	return (size_t)(((uintptr_t)evcon >> 4) * 0x9E3779B97F4A7C15u) & (s->nbuckets - 1);
}

static struct conn *conn_find(struct server *s, const struct evhttp_connection *evcon)
{
	if (evcon == NULL)
		return NULL;
	for (struct conn *c = s->by_evcon[conn_bucket(s, evcon)]; c != NULL; c = c->hnext)
		if (c->evcon == evcon)
			return c;
	return NULL;
}

static void waiting_remove(struct server *s, struct conn *c)
{
	if (!c->waiting)
		return;
	if (c->prev)
		c->prev->next = c->next;
	else
		s->waiting_head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		s->waiting_tail = c->prev;
	c->prev = c->next = NULL;
	c->waiting = false;
}

/* The connection waits for a request: from now it has request_deadline_seconds
 * to deliver all of it. */
static void conn_start_waiting(struct server *s, struct conn *c)
{
	c->busy = false;
	waiting_remove(s, c);
	c->prev = s->waiting_tail;
	c->next = NULL;
	if (s->waiting_tail)
		s->waiting_tail->next = c;
	else
		s->waiting_head = c;
	s->waiting_tail = c;
	c->waiting = true;
	if (c->deadline != NULL) {
		struct timeval tv = {.tv_sec = s->cfg.request_deadline_seconds};
		event_add(c->deadline, &tv);
	}
}

static void update_accept(struct server *s)
{
	struct evconnlistener *l = s->sock ? evhttp_bound_socket_get_listener(s->sock) : NULL;
	bool want = s->nconns < s->max_conns && !s->accept_backoff;
	if (l != NULL && want && s->accept_paused)
		evconnlistener_enable(l);
	else if (l != NULL && !want && !s->accept_paused)
		evconnlistener_disable(l);
	s->accept_paused = !want;
}

/*
 * Lingering close, ours. libevent's own (EVHTTP_SERVER_LINGERING_CLOSE)
 * reads the whole declared body before it answers 413, so a request
 * declaring Content-Length: 99999999999999999999 got no answer at all.
 * Without it libevent answers 413 at once and closes; a client still
 * sending its body would then get a reset instead of the 413 (the kernel
 * resets a socket closed with unread data). So when libevent closes a
 * connection, the socket lives on for a moment on a duplicate descriptor:
 * our side is shut down (the client reads the answer, then the end), and
 * what the client still sends is read and dropped until it stops, for
 * LINGER_SECONDS at most. It counts as a connection until then.
 */
#define LINGER_SECONDS 2

struct linger_sock {
	struct linger_sock *prev, *next; /* s->lingering */
	struct server *srv;
	evutil_socket_t fd;
	struct event *ev;
	struct timespec until;
};

static void linger_end(struct linger_sock *l)
{
	struct server *s = l->srv;
	if (l->prev)
		l->prev->next = l->next;
	else
		s->lingering = l->next;
	if (l->next)
		l->next->prev = l->prev;
	event_free(l->ev);
	close(l->fd);
	free(l);
	s->nconns--;
	event_active(s->conn_ev, EV_READ, 0);
}

static void on_linger(evutil_socket_t fd, short what, void *arg)
{
	struct linger_sock *l = arg;
	if (what & EV_READ) {
		char buf[16384];
		for (int i = 0; i < 64; i++) {
			ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
			if (n > 0)
				continue;
			if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
				break;
			linger_end(l); /* end of stream or error */
			return;
		}
	}
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if ((what & EV_TIMEOUT) || now.tv_sec > l->until.tv_sec ||
	    (now.tv_sec == l->until.tv_sec && now.tv_nsec >= l->until.tv_nsec))
		linger_end(l);
}

static void start_linger(struct server *s, struct evhttp_connection *evcon)
{
	struct bufferevent *bev = evhttp_connection_get_bufferevent(evcon);
	evutil_socket_t fd = bev ? bufferevent_getfd(bev) : -1;
	if (fd < 0 || s->nconns > s->max_conns)
		return;
	/* Nothing more to come once the client has closed its side. */
	int unread = 0;
	if (ioctl(fd, FIONREAD, &unread) == 0 && unread == 0) {
		char probe;
		ssize_t n = recv(fd, &probe, 1, MSG_PEEK | MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
			return;
	}
	struct linger_sock *l = calloc(1, sizeof *l);
	if (l == NULL)
		return;
	l->srv = s;
	l->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	l->ev = l->fd >= 0 ? event_new(s->base, l->fd, EV_READ | EV_PERSIST, on_linger, l) : NULL;
	struct timeval tv = {.tv_sec = LINGER_SECONDS};
	if (l->ev == NULL || event_add(l->ev, &tv) != 0) {
		if (l->ev)
			event_free(l->ev);
		if (l->fd >= 0)
			close(l->fd);
		free(l);
		return;
	}
	shutdown(l->fd, SHUT_WR);
	clock_gettime(CLOCK_MONOTONIC, &l->until);
	l->until.tv_sec += LINGER_SECONDS;
	l->next = s->lingering;
	if (s->lingering)
		s->lingering->prev = l;
	s->lingering = l;
	s->nconns++;
}

static void on_conn_close(struct evhttp_connection *evcon, void *arg)
{
	struct conn *c = arg;
	struct server *s = c->srv;
	if (!c->cut && !c->busy && !s->closing_all)
		start_linger(s, evcon);
	waiting_remove(s, c);
	struct conn **pp = &s->by_evcon[conn_bucket(s, evcon)];
	while (*pp != NULL && *pp != c)
		pp = &(*pp)->hnext;
	if (*pp == c)
		*pp = c->hnext;
	if (c->deadline)
		event_free(c->deadline);
	free(c);
	s->nconns--;
	/* Not from here: libevent is in the middle of freeing this connection. */
	event_active(s->conn_ev, EV_READ, 0);
}

/* The whole request did not arrive in time: close without a reply (the
 * client may still be sending; what it would read is not worth a write). */
static void on_deadline(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct conn *c = arg;
	if (c->busy)
		return;
	log_event(LOG_DEBUG, "request_deadline", "seconds=%d", c->srv->cfg.request_deadline_seconds);
	c->cut = true;
	evhttp_connection_free(c->evcon); /* on_conn_close frees c */
}

/* libevent's bufferevent callback: called for every accepted connection. */
static struct bufferevent *on_new_bev(struct event_base *base, void *arg)
{
	struct server *s = arg;
	struct bufferevent *bev = bufferevent_socket_new(base, -1, 0);
	struct conn *c = bev ? calloc(1, sizeof *c) : NULL;
	if (c == NULL)
		return bev; /* not counted: still bounded by http_timeout_seconds */
	c->srv = s;
	c->bev = bev;
	c->next = s->pending;
	s->pending = c;
	s->nconns++;
	/* Stops the accept loop of this very callback at the cap. */
	update_accept(s);
	event_active(s->conn_ev, EV_READ, 0);
	return bev;
}

/*
 * Adopts the pending connections, then keeps one place free: at the cap the
 * connection that has waited longest for its request is closed (a slow or
 * idle one: a complete request is busy, never closed here); when every
 * connection is busy the listener stays paused (the kernel's backlog
 * holds the newcomers) until one is done.
 */
static void on_conns(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct server *s = arg;
	struct conn *list = s->pending;
	s->pending = NULL;
	while (list != NULL) {
		struct conn *c = list;
		list = c->next;
		c->next = NULL;
		void *evcon = NULL;
		bufferevent_getcb(c->bev, NULL, NULL, NULL, &evcon);
		if (evcon == NULL) { /* libevent dropped it before using it */
			free(c);
			s->nconns--;
			continue;
		}
		c->evcon = evcon;
		evhttp_connection_set_closecb(c->evcon, on_conn_close, c);
		size_t b = conn_bucket(s, c->evcon);
		c->hnext = s->by_evcon[b];
		s->by_evcon[b] = c;
		c->deadline = evtimer_new(s->base, on_deadline, c);
		conn_start_waiting(s, c);
	}
	bool evicted = false;
	while (s->nconns >= s->max_conns && s->waiting_head != NULL && !s->draining) {
		struct conn *victim = s->waiting_head;
		waiting_remove(s, victim);
		victim->cut = true;
		evicted = true;
		evhttp_connection_free(victim->evcon); /* on_conn_close frees it */
	}
	if (evicted || s->nconns >= s->max_conns)
		log_event(LOG_WARN, "connection_cap", "max_connections=%d connections=%d",
			  s->max_conns, s->nconns);
	update_accept(s);
}

/*
 * libevent's own messages. Called on a failure between on_new_bev() and
 * on_conns() (out of memory: libevent then frees the connection before we
 * see it), so the pending connections are forgotten, not looked at: a
 * connection wrongly forgotten only loses its deadline, a freed one would
 * be a use after free.
 */
static struct server *log_server;
static pthread_t loop_thread;

static void on_libevent_log(int severity, const char *msg)
{
	char clean[256];
	snprintf(clean, sizeof clean, "%s", msg);
	for (char *p = clean; *p; p++)
		if (*p == '"' || *p == '\n')
			*p = ' ';
	enum log_level lvl = severity >= EVENT_LOG_ERR    ? LOG_ERROR
			     : severity == EVENT_LOG_WARN ? LOG_WARN
			     : severity == EVENT_LOG_MSG  ? LOG_INFO
							  : LOG_DEBUG;
	log_event(lvl, "libevent", "msg=\"%s\"", clean);
	struct server *s = log_server;
	if (s != NULL && pthread_equal(pthread_self(), loop_thread)) {
		while (s->pending != NULL) {
			struct conn *c = s->pending;
			s->pending = c->next;
			free(c);
			s->nconns--;
		}
	}
}

/* accept() failed (EMFILE, ENFILE, ENOBUFS...): it would fail again at once,
 * in a loop; wait a little instead. */
static void on_accept_error(struct evconnlistener *l, void *arg)
{
	(void)l;
	(void)arg; /* the evhttp: libevent's listener argument */
	struct server *s = log_server;
	int err = errno;
	if (s == NULL)
		return;
	log_event(LOG_ERROR, "accept_failed", "error=\"%s\" connections=%d", strerror(err),
		  s->nconns);
	s->accept_backoff = true;
	update_accept(s);
	struct timeval tv = {.tv_usec = 200 * 1000};
	event_add(s->accept_retry_ev, &tv);
}

static void on_accept_retry(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct server *s = arg;
	s->accept_backoff = false;
	update_accept(s);
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	log_flush_suppressed();
}

/*
 * max_connections, lowered so that the connections cannot exhaust the
 * open-file limit: the daemon keeps workers + 64 descriptors for itself
 * (its database connections, the scheduler's, listener, epoll, signals,
 * sendmail pipes). It does not raise the limit: the unit's
 * SystemCallFilter=~@resources forbids setrlimit; LimitNOFILE sets it.
 */
static int connection_cap(const struct config *cfg)
{
	struct rlimit rl;
	long cap = cfg->max_connections;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
		long room = (long)rl.rlim_cur - cfg->workers - 64;
		if (room < 1)
			room = 1;
		if (room < cap) {
			log_event(LOG_WARN, "max_connections_lowered",
				  "max_connections=%d effective=%ld nofile=%ld", cfg->max_connections,
				  room, (long)rl.rlim_cur);
			cap = room;
		}
	}
	return (int)cap;
}

static void on_sent(struct evhttp_request *req, void *arg)
{
	struct server *s = arg;
	s->unsent--;
	struct conn *c = conn_find(s, evhttp_request_get_connection(req));
	if (c != NULL && c->busy) {
		conn_start_waiting(s, c);
		event_active(s->conn_ev, EV_READ, 0);
	}
	maybe_finish_drain(s);
}

/*
 * Headers every answer carries, the API's and the web application's: no
 * content sniffing, no Referer sent from the application's pages (their
 * URLs hold household ids), and a Content-Security-Policy that lets a page
 * load only what this origin serves and be framed by no one. A PDF gets
 * only frame-ancestors: the browser's PDF viewer is not this origin's.
 */
static void add_security_headers(struct evkeyvalq *h, const char *content_type)
{
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(h, "Referrer-Policy", "no-referrer");
	evhttp_add_header(h, "Content-Security-Policy",
			  strcmp(content_type, "application/pdf") == 0
			      ? "frame-ancestors 'none'"
			      : "default-src 'self'; base-uri 'none'; form-action 'self'; "
				"frame-ancestors 'none'; object-src 'none'");
}

/* Hands a reply to libevent; a drain waits until it is written. */
static void send_reply(struct server *s, struct evhttp_request *req, int status,
		       struct evbuffer *buf)
{
	/* Exiting the loop right after evhttp_send_reply() would drop the reply
	 * still in the output buffer: a drain waits until it is written. */
	if (evhttp_request_get_connection(req) != NULL) {
		s->unsent++;
		evhttp_request_set_on_complete_cb(req, on_sent, s);
	}
	/* libevent 2.1 writes the buffer after the headers of a HEAD answer
	 * too, where the client expects none: the next answer on the
	 * connection would start inside it. The length is said, not sent. */
	if (evhttp_request_get_command(req) == EVHTTP_REQ_HEAD && buf != NULL) {
		char len[24];
		snprintf(len, sizeof len, "%zu", evbuffer_get_length(buf));
		evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Length", len);
		buf = NULL;
	}
	evhttp_send_reply(req, status, reason(status), buf);
}

static void send_response(struct server *s, struct evhttp_request *req, const char *request_id,
			  struct api_response *r, bool close)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);
	const char *type = r->content_type ? r->content_type : "application/json";
	evhttp_add_header(h, "Content-Type", type);
	evhttp_add_header(h, "X-Request-Id", request_id);
	evhttp_add_header(h, "Cache-Control", "no-store");
	add_security_headers(h, type);
	for (int i = 0; i < r->nheaders; i++)
		evhttp_add_header(h, r->headers[i].name, r->headers[i].value);
	if (s->draining || close)
		evhttp_add_header(h, "Connection", "close");
	struct evbuffer *buf = evbuffer_new();
	if (buf != NULL && r->body != NULL) {
		if (evbuffer_add_reference(buf, r->body, r->body_len, free_body, NULL) == 0)
			r->body = NULL; /* now owned by the buffer */
	}
	send_reply(s, req, r->status, buf);
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
		send_response(s, j->req, j->request_id, &j->aresp, false);
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

/*
 * The client's address, for throttling sign-in failures: the peer's; when
 * the peer is the loopback (the reverse proxy of conf/nginx-transitd.conf,
 * which appends the address it saw to X-Forwarded-For), the last entry of
 * that header, the one the proxy wrote. Earlier entries are the client's
 * own claims and are ignored.
 */
static void client_address(struct evhttp_request *req, struct evkeyvalq *in, char *out,
			   size_t len)
{
	out[0] = '\0';
	struct evhttp_connection *ec = evhttp_request_get_connection(req);
	const char *peer = NULL;
	ev_uint16_t port = 0;
	if (ec != NULL)
		evhttp_connection_get_peer(ec, (char **)&peer, &port);
	if (peer == NULL)
		return;
	snprintf(out, len, "%s", peer);
	if (strcmp(peer, "127.0.0.1") != 0 && strcmp(peer, "::1") != 0)
		return;
	const char *xff = evhttp_find_header(in, "X-Forwarded-For");
	if (xff == NULL)
		return;
	const char *last = strrchr(xff, ',');
	last = last != NULL ? last + 1 : xff;
	while (*last == ' ')
		last++;
	size_t n = strcspn(last, " ");
	if (n > 0 && n < len && n < 64) {
		memcpy(out, last, n);
		out[n] = '\0';
	}
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
	send_response(s, j->req, j->request_id, &j->aresp, j->close);
	log_request(j);
	job_free(j);
}

/*
 * Answers a GET or HEAD of the web application from memory, on the loop
 * thread (web.h): the file, 304 when the client holds it already, or a
 * 404 problem. The file's bytes are referenced, not copied: they live as
 * long as the server.
 */
static void serve_web(struct server *s, struct job *j)
{
	const struct web_file *f = web_lookup(&s->web, j->path);
	if (f == NULL) {
		reply_now(s, j, 404, "not-found", "Not found", "no such page or file");
		return;
	}
	bool not_modified = web_not_modified(f, j->if_none_match);
	struct evkeyvalq *h = evhttp_request_get_output_headers(j->req);
	evhttp_add_header(h, "Content-Type", f->content_type);
	evhttp_add_header(h, "X-Request-Id", j->request_id);
	evhttp_add_header(h, "Cache-Control", f->cache_control);
	evhttp_add_header(h, "ETag", f->etag);
	add_security_headers(h, f->content_type);
	struct evbuffer *buf = evbuffer_new();
	if (buf != NULL && !not_modified)
		evbuffer_add_reference(buf, f->body, f->len, NULL, NULL);
	j->aresp.status = not_modified ? 304 : 200;
	send_reply(s, j->req, j->aresp.status, buf);
	if (buf != NULL)
		evbuffer_free(buf);
	log_request(j);
	job_free(j);
}

static bool is_tchar(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       (ch != '\0' && strchr("!#$%&'*+-.^_`|~", ch) != NULL);
}

/*
 * What libevent 2.1 accepts but a proxy in front may read differently
 * (request smuggling): libevent has already framed the request its own way,
 * so the request is refused and the connection closed. Returns the detail
 * of the refusal, NULL when the framing is sound.
 */
static const char *framing_problem(struct evkeyvalq *in)
{
	int content_length = 0, transfer_encoding = 0;
	const char *te = NULL;
	for (struct evkeyval *h = in->tqh_first; h != NULL; h = h->next.tqe_next) {
		const char *k = h->key;
		if (*k == '\0')
			return "a header has an empty name";
		for (const char *p = k; *p; p++)
			if (!is_tchar((unsigned char)*p))
				return "a header name contains a space or a character not allowed "
				       "(RFC 9112: no whitespace between the name and the colon)";
		if (evutil_ascii_strcasecmp(k, "Content-Length") == 0) {
			/* libevent reads it with strtoll: "+5" would pass */
			if (h->value[0] == '\0' || strspn(h->value, "0123456789") != strlen(h->value))
				return "Content-Length must be digits only";
			content_length++;
		}
		else if (evutil_ascii_strcasecmp(k, "Transfer-Encoding") == 0) {
			transfer_encoding++;
			te = h->value;
		}
	}
	if (content_length > 1)
		return "Content-Length is sent more than once";
	if (transfer_encoding > 0 && content_length > 0)
		return "Transfer-Encoding and Content-Length are both sent";
	if (transfer_encoding > 1 || (te != NULL && evutil_ascii_strcasecmp(te, "chunked") != 0))
		return "the only transfer coding accepted is a single \"chunked\"";
	return NULL;
}

static void on_request(struct evhttp_request *req, void *arg)
{
	struct server *s = arg;
	struct conn *c = conn_find(s, evhttp_request_get_connection(req));
	if (c != NULL) {
		/* Complete: the deadline is met; eviction spares it. */
		c->busy = true;
		waiting_remove(s, c);
		if (c->deadline)
			event_del(c->deadline);
	}
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
	j->if_none_match = header_dup(in, "If-None-Match");
	j->cookie = header_dup(in, "Cookie");
	j->origin = header_dup(in, "Origin");
	j->host = header_dup(in, "Host");
	j->requested_with = header_dup(in, "X-Requested-With");
	j->forwarded_proto = header_dup(in, "X-Forwarded-Proto");
	j->accept_language = header_dup(in, "Accept-Language");

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
	const char *bad = framing_problem(in);
	if (bad != NULL) {
		j->close = true;
		reply_now(s, j, 400, "malformed-http", "Malformed HTTP request", bad);
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
		.cookie = j->cookie,
		.origin = j->origin,
		.host = j->host,
		.requested_with = j->requested_with,
		.forwarded_proto = j->forwarded_proto,
		.accept_language = j->accept_language,
		.session_idle_seconds = s->cfg.session_idle_minutes * 60,
		.session_max_seconds = s->cfg.session_max_hours * 3600,
	};
	client_address(req, in, j->areq.client_addr, sizeof j->areq.client_addr);

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
	if ((m == API_GET || m == API_HEAD) && s->web.index != NULL && web_owns_path(j->path)) {
		serve_web(s, j);
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
	/* No EVHTTP_SERVER_LINGERING_CLOSE: see start_linger(). */
	evhttp_set_gencb(s->http, on_request, s);
	s->max_conns = connection_cap(cfg);
	for (s->nbuckets = 64; s->nbuckets < (size_t)s->max_conns * 2; s->nbuckets *= 2)
		;
	s->by_evcon = calloc(s->nbuckets, sizeof *s->by_evcon);
	s->conn_ev = event_new(s->base, -1, 0, on_conns, s);
	s->accept_retry_ev = evtimer_new(s->base, on_accept_retry, s);
	s->tick_ev = event_new(s->base, -1, EV_PERSIST, on_tick, s);
	struct timeval second = {.tv_sec = 1};
	if (s->by_evcon == NULL || !s->conn_ev || !s->accept_retry_ev || !s->tick_ev ||
	    event_add(s->tick_ev, &second) != 0)
		goto out;
	evhttp_set_bevcb(s->http, on_new_bev, s);
	log_server = s;
	loop_thread = pthread_self();
	event_set_log_callback(on_libevent_log);

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
	evconnlistener_set_error_cb(evhttp_bound_socket_get_listener(s->sock), on_accept_error);
	/*
	 * libevent listens with a backlog of 128. While the cap churns through
	 * slow connections, a fuller queue dropped the SYN of a normal client,
	 * which then waited for its retransmission (1 s). The kernel bounds
	 * this by net.core.somaxconn.
	 */
	if (listen(evhttp_bound_socket_get_fd(s->sock), 4096) != 0)
		log_event(LOG_WARN, "listen_backlog_failed", "address=%s", cfg->listen_address);
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
	char werr[600];
	if (cfg->web_root[0] != '\0' && access(cfg->web_root, F_OK) != 0 && errno == ENOENT)
		/* not built or not installed: the API alone is served */
		log_event(LOG_INFO, "web_absent", "root=%s", cfg->web_root);
	else if (web_load(cfg->web_root, &s->web, werr, sizeof werr) != 0)
		log_event(LOG_WARN, "web_unavailable", "error=\"%s\"", werr);
	else if (cfg->web_root[0] != '\0' && s->web.index == NULL)
		log_event(LOG_WARN, "web_unavailable", "error=\"no index.html in %s\"",
			  cfg->web_root);
	else if (s->web.index != NULL)
		log_event(LOG_INFO, "web", "root=%s files=%zu", cfg->web_root, s->web.n);
	s->scheduler = scheduler_start(&s->cfg);
	log_event(LOG_INFO, "listening", "address=%s port=%d workers=%d max_connections=%d",
		  cfg->listen_address, cfg->port, cfg->workers, s->max_conns);
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
	/* Frees every connection: on_conn_close runs for the adopted ones. */
	s->closing_all = true;
	if (s->http)
		evhttp_free(s->http);
	event_set_log_callback(NULL);
	log_server = NULL;
	while (s->pending != NULL) {
		struct conn *c = s->pending;
		s->pending = c->next;
		free(c);
	}
	while (s->lingering != NULL)
		linger_end(s->lingering);
	free(s->by_evcon);
	web_free(&s->web);
	if (s->conn_ev)
		event_free(s->conn_ev);
	if (s->accept_retry_ev)
		event_free(s->accept_retry_ev);
	if (s->tick_ev)
		event_free(s->tick_ev);
	if (s->base)
		event_base_free(s->base);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	free(s);
	if (rc == 0)
		log_event(LOG_INFO, "stopped", "status=0");
	return rc;
}

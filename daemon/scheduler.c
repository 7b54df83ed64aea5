#include "scheduler.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "clock.h"
#include "db.h"
#include "log.h"

struct scheduler {
	const struct config *cfg;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop, kicked;
	PGconn *conn;
};

static void run_once(struct scheduler *s)
{
	if (s->conn == NULL && (s->conn = db_connect(s->cfg)) == NULL)
		return;
	if (db_schema_version(s->conn) != api_schema_version) {
		log_event(LOG_WARN, "scheduler_skipped", "reason=schema_mismatch");
		return;
	}
	char cmd[sizeof s->cfg->sendmail_command];
	pthread_mutex_lock(&s->mu);
	memcpy(cmd, s->cfg->sendmail_command, sizeof cmd);
	pthread_mutex_unlock(&s->mu);
	char summary[256];
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	bool lost = false;
	int rc = api_scheduler_run(s->conn, clock_today(), cmd, s->cfg->idempotency_retention_days,
				   summary, sizeof summary, &lost);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	log_event(rc == 0 ? LOG_INFO : LOG_WARN, "scheduler_pass", "%s duration_ms=%.1f", summary,
		  ms);
	if (lost || PQstatus(s->conn) != CONNECTION_OK) {
		PQfinish(s->conn);
		s->conn = NULL;
	}
}

static void *scheduler_main(void *arg)
{
	struct scheduler *s = arg;
	pthread_mutex_lock(&s->mu);
	while (!s->stop) {
		s->kicked = false;
		pthread_mutex_unlock(&s->mu);
		run_once(s);
		pthread_mutex_lock(&s->mu);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += s->cfg->scheduler_interval_seconds;
		while (!s->stop && !s->kicked)
			if (pthread_cond_timedwait(&s->cv, &s->mu, &until) == ETIMEDOUT)
				break;
	}
	pthread_mutex_unlock(&s->mu);
	PQfinish(s->conn);
	return NULL;
}

struct scheduler *scheduler_start(const struct config *cfg)
{
	if (cfg->scheduler_interval_seconds == 0)
		return NULL;
	struct scheduler *s = calloc(1, sizeof *s);
	if (s == NULL)
		return NULL;
	s->cfg = cfg;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	if (pthread_create(&s->thread, NULL, scheduler_main, s) != 0) {
		pthread_cond_destroy(&s->cv);
		pthread_mutex_destroy(&s->mu);
		free(s);
		return NULL;
	}
	return s;
}

void scheduler_kick(struct scheduler *s)
{
	if (s == NULL)
		return;
	pthread_mutex_lock(&s->mu);
	s->kicked = true;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

void scheduler_stop(struct scheduler *s)
{
	if (s == NULL)
		return;
	pthread_mutex_lock(&s->mu);
	s->stop = true;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->thread, NULL);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

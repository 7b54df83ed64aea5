/*
 * scheduler: a thread of the daemon with its own PostgreSQL connection that
 * runs the day's work (alerts, digest: api_scheduler_run) at start-up, every
 * scheduler_interval_seconds, and when kicked (SIGHUP). It never runs on the
 * event-loop thread.
 */
#ifndef TRANSITD_SCHEDULER_H
#define TRANSITD_SCHEDULER_H

#include "config.h"

struct scheduler;

/* cfg must outlive the scheduler; NULL when disabled (interval 0) or on error. */
struct scheduler *scheduler_start(const struct config *cfg);
void scheduler_kick(struct scheduler *s);
void scheduler_stop(struct scheduler *s);

#endif

#include "log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static _Atomic int current_level = LOG_INFO;

static const char *const level_names[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level level)
{
	atomic_store(&current_level, (int)level);
}

int log_level_parse(const char *s, enum log_level *out)
{
	for (int i = 0; i < 4; i++) {
		if (strcmp(s, level_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	}
	return -1;
}

static void emit(enum log_level level, const char *event, const char *fmt, va_list ap)
{
	char line[2048];
	int n = snprintf(line, sizeof line, "level=%s event=%s", level_names[level], event);
	if (n < 0)
		return;
	if (fmt != NULL && fmt[0] != '\0' && (size_t)n < sizeof line - 2) {
		line[n++] = ' ';
		int m = vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
		if (m > 0)
			n += m;
	}
	if ((size_t)n >= sizeof line - 1)
		n = (int)sizeof line - 2;
	line[n++] = '\n';
	/* One write per line so concurrent workers never interleave. */
	ssize_t w = write(STDERR_FILENO, line, (size_t)n);
	(void)w;
}

static void emit_line(enum log_level level, const char *event, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void emit_line(enum log_level level, const char *event, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(level, event, fmt, ap);
	va_end(ap);
}

/*
 * Repeated warnings and errors. An error that repeats in a loop (accept()
 * failing with EMFILE, a database that is down) once wrote 6 million lines
 * in 30 s: a warn or error line of an event already written during the same
 * second is counted instead of written, and the count is written as
 * event=log_suppressed when that second is over (next line of the event, or
 * log_flush_suppressed(), which the server calls every second). The access
 * log ("request") and "fatal" are never limited: one line per request
 * answered is the record of what was done. The table is small: an event
 * that finds it full is written unlimited rather than lost.
 */
#define LIMIT_SLOTS 32

struct limit_slot {
	const char *event; /* string literal of the caller, compared by content */
	enum log_level level;
	time_t second;
	unsigned long suppressed;
};

static pthread_mutex_t limit_mu = PTHREAD_MUTEX_INITIALIZER;
static struct limit_slot limit_slots[LIMIT_SLOTS];

static time_t monotonic_second(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void report_suppressed(struct limit_slot *sl)
{
	emit_line(sl->level, "log_suppressed", "suppressed_event=%s count=%lu", sl->event,
		  sl->suppressed);
	sl->suppressed = 0;
}

/* true: write the line now; false: it was counted. */
static bool limit_allows(enum log_level level, const char *event)
{
	if (level < LOG_WARN || strcmp(event, "request") == 0 || strcmp(event, "fatal") == 0)
		return true;
	time_t now = monotonic_second();
	bool allow = true;
	pthread_mutex_lock(&limit_mu);
	struct limit_slot *sl = NULL;
	for (int i = 0; i < LIMIT_SLOTS; i++) {
		if (limit_slots[i].event == NULL) {
			if (sl == NULL)
				sl = &limit_slots[i];
			break;
		}
		if (strcmp(limit_slots[i].event, event) == 0) {
			sl = &limit_slots[i];
			break;
		}
	}
	if (sl != NULL && sl->event == NULL) {
		*sl = (struct limit_slot){.event = event, .level = level, .second = now};
	} else if (sl != NULL) {
		if (sl->second == now) {
			sl->suppressed++;
			allow = false;
		} else {
			if (sl->suppressed > 0)
				report_suppressed(sl);
			sl->second = now;
			sl->level = level;
		}
	}
	pthread_mutex_unlock(&limit_mu);
	return allow;
}

void log_flush_suppressed(void)
{
	time_t now = monotonic_second();
	pthread_mutex_lock(&limit_mu);
	for (int i = 0; i < LIMIT_SLOTS && limit_slots[i].event != NULL; i++)
		if (limit_slots[i].suppressed > 0 && limit_slots[i].second != now)
			report_suppressed(&limit_slots[i]);
	pthread_mutex_unlock(&limit_mu);
}

void log_event(enum log_level level, const char *event, const char *fmt, ...)
{
	if ((int)level < atomic_load(&current_level))
		return;
	if (!limit_allows(level, event))
		return;
	va_list ap;
	va_start(ap, fmt);
	emit(level, event, fmt, ap);
	va_end(ap);
}

void fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char msg[1024];
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	log_event(LOG_ERROR, "fatal", "msg=\"%s\"", msg);
	exit(1);
}

/*
 * log: one line per event, key=value, to stderr (journald adds the time).
 * Thread-safe: each line is formatted in a local buffer and written with one
 * write(2). Values containing spaces, quotes or '=' are quoted by log_kv.
 * Never log personal data (names, national register numbers, incomes): log
 * ids, paths and status codes only.
 */
#ifndef TRANSITD_LOG_H
#define TRANSITD_LOG_H

#include <stdarg.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level level);
int log_level_parse(const char *s, enum log_level *out);

/* fmt produces the key=value pairs after "level=... event=NAME". */
void log_event(enum log_level level, const char *event, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Warn and error lines are limited to one per event name and second; the
 * others are counted and reported as event=log_suppressed (see log.c). The
 * event name must be a string that lives as long as the process (a literal).
 * log_flush_suppressed() reports the counts of seconds that are over.
 */
void log_flush_suppressed(void);

/* Prints "fatal: ..." as a log line and exits with status 1. */
_Noreturn void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

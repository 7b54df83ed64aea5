#include "log.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

void log_event(enum log_level level, const char *event, const char *fmt, ...)
{
	if ((int)level < atomic_load(&current_level))
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

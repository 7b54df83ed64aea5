#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bdate.h"
#include "log.h"

enum cfg_type { CFG_STRING, CFG_INT, CFG_BOOL };

struct cfg_key {
	const char *name;
	enum cfg_type type;
	size_t offset;
	size_t size; /* CFG_STRING: buffer size */
	const char *def;
	long min, max; /* CFG_INT bounds */
	bool reloadable;
};

#define STR(f, def, rel) {#f, CFG_STRING, offsetof(struct config, f), sizeof(((struct config *)0)->f), def, 0, 0, rel}
#define INT(f, def, lo, hi, rel) {#f, CFG_INT, offsetof(struct config, f), sizeof(int), def, lo, hi, rel}
#define BOOL(f, def, rel) {#f, CFG_BOOL, offsetof(struct config, f), sizeof(bool), def, 0, 0, rel}

static const struct cfg_key config_keys[] = {
	STR(listen_address, "127.0.0.1", false),
	INT(port, "8080", 1, 65535, false),
	STR(database_url, "", false),
	STR(migration_database_url, "", false),
	INT(workers, "4", 1, 256, false),
	INT(max_queue, "1024", 1, 1000000, false),
	INT(max_body_bytes, "1048576", 1024, 64 * 1024 * 1024, false),
	INT(max_header_bytes, "8192", 1024, 1024 * 1024, false),
	INT(http_timeout_seconds, "30", 1, 3600, false),
	INT(request_deadline_seconds, "10", 1, 3600, false),
	INT(max_connections, "1000", 1, 1000000, false),
	INT(db_connect_timeout_seconds, "3", 1, 60, false),
	INT(statement_timeout_ms, "15000", 0, 3600000, false),
	STR(log_level, "info", true),
	BOOL(testing, "false", false),
	STR(testing_today, "", true),
	INT(scheduler_interval_seconds, "3600", 0, 86400, false),
	STR(sendmail_command, "", true),
	INT(idempotency_retention_days, "30", 1, 3650, false),
	STR(web_root, TRANSITD_WEB_DIR, false),
	INT(session_idle_minutes, "30", 1, 24 * 60, true),
	INT(session_max_hours, "12", 1, 24 * 30, true),
};

#define NKEYS (sizeof config_keys / sizeof config_keys[0])

static int set_value(struct config *cfg, const struct cfg_key *k, const char *v, char *why,
		     size_t whylen)
{
	char *dst = (char *)cfg + k->offset;
	switch (k->type) {
	case CFG_STRING:
		if (strlen(v) >= k->size) {
			snprintf(why, whylen, "value of '%s' is longer than %zu bytes", k->name,
				 k->size - 1);
			return -1;
		}
		memcpy(dst, v, strlen(v) + 1);
		return 0;
	case CFG_INT: {
		char *end;
		errno = 0;
		long n = strtol(v, &end, 10);
		if (errno != 0 || end == v || *end != '\0' || n < k->min || n > k->max) {
			snprintf(why, whylen, "'%s' must be an integer between %ld and %ld", k->name,
				 k->min, k->max);
			return -1;
		}
		int iv = (int)n;
		memcpy(dst, &iv, sizeof iv);
		return 0;
	}
	case CFG_BOOL: {
		bool b;
		if (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "on") == 0)
			b = true;
		else if (strcmp(v, "false") == 0 || strcmp(v, "no") == 0 || strcmp(v, "off") == 0)
			b = false;
		else {
			snprintf(why, whylen, "'%s' must be true or false", k->name);
			return -1;
		}
		memcpy(dst, &b, sizeof b);
		return 0;
	}
	}
	return -1;
}

void config_defaults(struct config *cfg)
{
	char why[256];
	memset(cfg, 0, sizeof *cfg);
	for (size_t i = 0; i < NKEYS; i++)
		if (set_value(cfg, &config_keys[i], config_keys[i].def, why, sizeof why) != 0)
			fatal("bad default for %s: %s", config_keys[i].name, why);
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int key_index(const char *name)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(config_keys[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Checks of values and of keys that depend on each other; returns the index
 * of the offending key, or -1 when the configuration is valid. */
static int validate(const struct config *cfg, char *why, size_t whylen)
{
	enum log_level lvl;
	if (log_level_parse(cfg->log_level, &lvl) != 0) {
		snprintf(why, whylen, "log_level must be debug, info, warn or error");
		return key_index("log_level");
	}
	if (cfg->testing_today[0] != '\0') {
		bdate_t d;
		if (!cfg->testing) {
			snprintf(why, whylen, "testing_today is refused unless testing = true");
			return key_index("testing_today");
		}
		if (!bdate_parse_iso(cfg->testing_today, strlen(cfg->testing_today), &d)) {
			snprintf(why, whylen, "testing_today must be a date YYYY-MM-DD");
			return key_index("testing_today");
		}
	}
	return -1;
}

/* A longer line is refused rather than read in pieces. */
#define CONFIG_LINE_MAX 2047

int config_load(const char *path, struct config *cfg, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		snprintf(err, errlen, "%s:0: cannot open: %s", path, strerror(errno));
		return -1;
	}
	char *buf = NULL, why[512];
	size_t cap = 0;
	ssize_t len;
	int lineno = 0, rc = 0;
	int key_line[NKEYS] = {0};
	while ((len = getline(&buf, &cap, f)) >= 0) {
		lineno++;
		if (len > CONFIG_LINE_MAX) {
			snprintf(err, errlen, "%s:%d: line too long (more than %d bytes)", path,
				 lineno, CONFIG_LINE_MAX);
			rc = -1;
			break;
		}
		/* The string functions below would stop at a NUL and take the
		 * rest of the line for absent: refuse it instead. */
		if (memchr(buf, '\0', (size_t)len) != NULL) {
			snprintf(err, errlen, "%s:%d: contains a NUL byte", path, lineno);
			rc = -1;
			break;
		}
		char *hash = strchr(buf, '#');
		char *eq = strchr(buf, '=');
		/* A '#' inside a quoted value is data, not a comment. */
		if (hash != NULL && (eq == NULL || hash < eq || strchr(eq, '"') == NULL))
			*hash = '\0';
		char *line = trim(buf);
		if (*line == '\0')
			continue;
		eq = strchr(line, '=');
		if (eq == NULL) {
			snprintf(err, errlen, "%s:%d: expected 'key = value'", path, lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		char *key = trim(line), *val = trim(eq + 1);
		size_t vl = strlen(val);
		if (vl >= 2 && val[0] == '"' && val[vl - 1] == '"') {
			val[vl - 1] = '\0';
			val++;
		}
		int ki = key_index(key);
		if (ki < 0) {
			snprintf(err, errlen, "%s:%d: unknown key '%s'", path, lineno, key);
			rc = -1;
			break;
		}
		const struct cfg_key *k = &config_keys[ki];
		key_line[ki] = lineno;
		if (set_value(cfg, k, val, why, sizeof why) != 0) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, why);
			rc = -1;
			break;
		}
	}
	free(buf);
	fclose(f);
	int bad;
	if (rc == 0 && (bad = validate(cfg, why, sizeof why)) >= 0) {
		snprintf(err, errlen, "%s:%d: %s", path, key_line[bad], why);
		rc = -1;
	}
	return rc;
}

int config_apply_reloadable(struct config *dst, const struct config *src)
{
	int changed = 0;
	for (size_t i = 0; i < NKEYS; i++) {
		const struct cfg_key *k = &config_keys[i];
		if (!k->reloadable)
			continue;
		if (memcmp((char *)dst + k->offset, (const char *)src + k->offset, k->size) != 0) {
			memcpy((char *)dst + k->offset, (const char *)src + k->offset, k->size);
			changed++;
		}
	}
	return changed;
}

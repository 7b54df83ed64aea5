/*
 * config: the daemon's configuration file, "key = value" lines, '#' starts a
 * comment. Every key is one row of config_keys (config.c) with its type,
 * default and whether SIGHUP reloads it; conf/transitd.conf.example documents
 * them all. A struct config is a plain value: copy it freely.
 */
#ifndef TRANSITD_CONFIG_H
#define TRANSITD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct config {
	char listen_address[64];
	int port;
	char database_url[1024];	   /* the daemon's role (README, Production) */
	char migration_database_url[1024]; /* the tables' owner, for `migrate` only */
	int workers;
	int max_queue;
	int max_body_bytes;
	int max_header_bytes;
	int http_timeout_seconds;
	int request_deadline_seconds;
	int max_connections;
	int db_connect_timeout_seconds;
	int statement_timeout_ms;
	char log_level[16];
	bool testing;
	char testing_today[16];
	int scheduler_interval_seconds;
	char sendmail_command[512];
	int idempotency_retention_days;
	char web_root[512]; /* the built web application, served at / (web.h) */
	int session_idle_minutes; /* a browser session unused this long ends */
	int session_max_hours;	  /* and ends this long after sign-in anyway */
};

/* Fills *cfg with every key's default. */
void config_defaults(struct config *cfg);

/*
 * Reads path over the defaults. On error returns -1 and writes
 * "FILE:LINE: message" into err.
 */
__attribute__((warn_unused_result)) int config_load(const char *path, struct config *cfg,
						     char *err, size_t errlen);

/*
 * Copies the reloadable keys of src into dst (SIGHUP). Returns the number of
 * keys whose value changed.
 */
int config_apply_reloadable(struct config *dst, const struct config *src);

#endif

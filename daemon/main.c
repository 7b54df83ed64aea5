/*
 * transitd: the transit-housing daemon and its administration commands.
 *
 *   transitd [-f FILE]              serve HTTP
 *   transitd [-f FILE] -n           check the configuration and exit
 *   transitd [-f FILE] migrate      apply the database migrations (as the
 *                                   owner: migration_database_url)
 *   transitd [-f FILE] operator add NAME
 *   transitd [-f FILE] user add NAME --role ROLE [--operator NAME] [--email ADDRESS]
 *   transitd [-f FILE] user rotate NAME [--operator NAME]
 *   transitd [-f FILE] parameter add KEY VALID_FROM VALUE --unit UNIT --confirmed STATE
 *                      [--source TEXT] [--correction]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "pdfgen.h"
#include "server.h"

#define DEFAULT_CONFIG "/etc/transitd/transitd.conf"

static void usage(void)
{
	fprintf(stderr,
		"usage: transitd [-f FILE] [-n]\n"
		"       transitd [-f FILE] migrate\n"
		"       transitd [-f FILE] operator add NAME\n"
		"       transitd [-f FILE] user add NAME --role ROLE [--operator NAME] [--email "
		"ADDRESS]\n"
		"       transitd [-f FILE] user rotate NAME [--operator NAME]\n"
		"       transitd [-f FILE] parameter add KEY VALID_FROM VALUE --unit UNIT "
		"--confirmed yes|no|'product decision' [--source TEXT] [--correction]\n"
		"roles: admin, operator, accountant, social_worker, auditor\n");
	exit(2);
}

static void log_db_error(const char *request_id, const char *sqlstate, const char *constraint,
			 const char *message)
{
	char msg[200];
	snprintf(msg, sizeof msg, "%s", message);
	for (char *p = msg; *p; p++)
		if (*p == '"' || *p == '\n')
			*p = ' ';
	log_event(LOG_WARN, "db_error", "request_id=%s sqlstate=%s constraint=%s error=\"%s\"",
		  request_id, sqlstate[0] ? sqlstate : "-", constraint[0] ? constraint : "-", msg);
}

static PGconn *connect_or_die(const struct config *cfg)
{
	if (cfg->database_url[0] == '\0')
		fatal("database_url is not set in the configuration");
	PGconn *conn = db_connect(cfg);
	if (conn == NULL)
		fatal("cannot connect to the database");
	return conn;
}

/*
 * Migrations run as the role that owns the tables (migration_database_url);
 * the daemon and the other commands log in as the role of database_url,
 * which gets from here only the privileges it needs (db.c, grant_app_sql).
 * The owner's connection string is read by this command only.
 */
static int cmd_migrate(const struct config *cfg)
{
	if (cfg->migration_database_url[0] == '\0')
		fatal("migration_database_url is not set: migrations run as the role that owns "
		      "the tables (README, Production)");
	char app[256];
	if (db_url_user(cfg->database_url, app, sizeof app) != 0)
		fatal("database_url must name the daemon's role (user=...): migrate grants it "
		      "its privileges");
	struct config owner = *cfg;
	_Static_assert(sizeof owner.database_url == sizeof cfg->migration_database_url,
		       "same size");
	memcpy(owner.database_url, cfg->migration_database_url, sizeof owner.database_url);
	PGconn *conn = connect_or_die(&owner);
	int n = db_migrate(conn, app);
	int v = n >= 0 ? db_schema_version(conn) : -1;
	PQfinish(conn);
	if (n < 0)
		return 1;
	printf("migrations applied: %d, schema version: %d\n", n, v);
	return 0;
}

static int cmd_operator_add(const struct config *cfg, const char *name)
{
	PGconn *conn = connect_or_die(cfg);
	char *out = NULL;
	int rc = api_operator_add(conn, name, &out);
	if (rc != 0)
		fprintf(stderr, "transitd: cannot add operator: %s\n", out ? out : "");
	else
		printf("operator id: %s\n", out ? out : "");
	free(out);
	PQfinish(conn);
	return rc == 0 ? 0 : 1;
}

static int cmd_user(const struct config *cfg, int argc, char **argv, bool rotate)
{
	const char *name, *role = NULL, *operator_name = NULL, *email = NULL;
	unsigned role_bit = 0; /* 0: rotate the token of an existing user */
	if (argc < 1)
		usage();
	name = argv[0];
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--role") == 0 && i + 1 < argc)
			role = argv[++i];
		else if (strcmp(argv[i], "--operator") == 0 && i + 1 < argc)
			operator_name = argv[++i];
		else if (strcmp(argv[i], "--email") == 0 && i + 1 < argc && !rotate)
			email = argv[++i];
		else
			usage();
	}
	if (!rotate) {
		if (role == NULL || (role_bit = api_role_parse(role)) == 0) {
			fprintf(stderr, "transitd: --role must be one of admin, operator, accountant, "
					"social_worker, auditor\n");
			return 2;
		}
	} else if (role != NULL) {
		usage();
	}
	PGconn *conn = connect_or_die(cfg);
	char *out = NULL;
	int rc = api_user_token(conn, name, operator_name, role_bit, email, &out);
	if (rc != 0)
		fprintf(stderr, "transitd: %s\n", out ? out : "failed");
	else
		printf("token: %s\n", out ? out : ""); /* shown once, stored hashed */
	free(out);
	PQfinish(conn);
	return rc == 0 ? 0 : 1;
}

/*
 * The platform administrator's command: a shared row of the legal
 * parameters (the regional law, or a local choice's default), validated,
 * checked against the stored decisions and audited exactly as POST
 * /api/v1/parameters does. Running it takes the server's configuration and
 * database credentials, which no operator's admin has: that is what makes
 * it platform-level (api_parameter_command, api/admin.c).
 */
static int cmd_parameter_add(const struct config *cfg, int argc, char **argv)
{
	const char *unit = NULL, *confirmed = NULL, *source = NULL;
	bool correction = false;
	if (argc < 3)
		usage();
	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--unit") == 0 && i + 1 < argc)
			unit = argv[++i];
		else if (strcmp(argv[i], "--confirmed") == 0 && i + 1 < argc)
			confirmed = argv[++i];
		else if (strcmp(argv[i], "--source") == 0 && i + 1 < argc)
			source = argv[++i];
		else if (strcmp(argv[i], "--correction") == 0)
			correction = true;
		else
			usage();
	}
	if (unit == NULL || confirmed == NULL)
		usage();
	PGconn *conn = connect_or_die(cfg);
	const struct api_parameter_args a = {.key = argv[0],
					     .valid_from = argv[1],
					     .value = argv[2],
					     .unit = unit,
					     .confirmed = confirmed,
					     .source = source,
					     .correction = correction};
	char *out = NULL;
	/* today: "before today" and the staleness warning */
	int rc = api_parameter_command(conn, clock_today(), &a, &out);
	if (out != NULL)
		fprintf(rc == 0 ? stdout : stderr, "%s\n", out);
	free(out);
	PQfinish(conn);
	return rc == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *path = DEFAULT_CONFIG;
	bool check_only = false;
	int opt;
	while ((opt = getopt(argc, argv, "+f:nh")) != -1) {
		switch (opt) {
		case 'f': path = optarg; break;
		case 'n': check_only = true; break;
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;

	struct config cfg;
	char err[600];
	config_defaults(&cfg);
	if (config_load(path, &cfg, err, sizeof err) != 0) {
		fprintf(stderr, "transitd: %s\n", err);
		return 1;
	}
	if (check_only) {
		printf("configuration OK\n");
		return 0;
	}
	enum log_level lvl;
	if (log_level_parse(cfg.log_level, &lvl) == 0)
		log_set_level(lvl);
	clock_configure(&cfg);
	api_log_db_error = log_db_error;

	if (argc == 0) {
		if (cfg.database_url[0] == '\0') {
			fprintf(stderr, "transitd: %s: database_url is not set\n", path);
			return 1;
		}
		/* Refuse to start on a database migrated by a newer build, or as a
		 * role that could undo what the database refuses (disable the
		 * append-only triggers, alter the tables). */
		PGconn *conn = db_connect(&cfg);
		if (conn != NULL) {
			int v = db_schema_version(conn);
			char why[512];
			int role_ok = db_check_app_role(conn, why, sizeof why);
			PQfinish(conn);
			if (v > api_schema_version)
				fatal("database schema version %d is newer than this build (%d)", v,
				      api_schema_version);
			if (role_ok != 0)
				fatal("%s", why[0] ? why : "cannot check the database role");
		}
		/* Documents with names outside CP1252 need it: say so now, not on a '?'. */
		const char *font = pdfgen_missing_font();
		if (font != NULL)
			log_event(LOG_WARN, "font_missing",
				  "path=%s effect=\"letters outside CP1252 print as ?\"", font);
		return server_run(&cfg, path) == 0 ? 0 : 1;
	}
	if (strcmp(argv[0], "migrate") == 0 && argc == 1)
		return cmd_migrate(&cfg);
	if (strcmp(argv[0], "operator") == 0 && argc == 3 && strcmp(argv[1], "add") == 0)
		return cmd_operator_add(&cfg, argv[2]);
	if (strcmp(argv[0], "user") == 0 && argc >= 3 && strcmp(argv[1], "add") == 0)
		return cmd_user(&cfg, argc - 2, argv + 2, false);
	if (strcmp(argv[0], "user") == 0 && argc >= 3 && strcmp(argv[1], "rotate") == 0)
		return cmd_user(&cfg, argc - 2, argv + 2, true);
	if (strcmp(argv[0], "parameter") == 0 && argc >= 2 && strcmp(argv[1], "add") == 0)
		return cmd_parameter_add(&cfg, argc - 2, argv + 2);
	usage();
}

/*
 * db: opening PostgreSQL connections for the workers and the command-line
 * tools, and the migrations runner. The caller owns every PGconn returned
 * and frees it with PQfinish().
 */
#ifndef TRANSITD_DB_H
#define TRANSITD_DB_H

#include <libpq-fe.h>

#include "config.h"

/* Connects with the configured timeouts; NULL when it fails (logged). */
PGconn *db_connect(const struct config *cfg);

/* Highest applied migration, 0 when none, -1 on error. */
int db_schema_version(PGconn *conn);

/*
 * Applies the embedded migrations not yet applied, each in its own
 * transaction, serialised by an advisory lock. Refuses a database whose
 * schema is newer than this build. conn logs in as the role that owns the
 * tables; afterwards app_role (the daemon's role) gets the privileges derived
 * from the catalog (db.c, grant_app_sql), also when nothing was applied.
 * Returns the number applied, or -1.
 */
int db_migrate(PGconn *conn, const char *app_role);

/*
 * The role a connection string names (its "user"), copied into out; -1 when
 * it names none, is malformed or does not fit.
 */
int db_url_user(const char *url, char *out, size_t outlen);

/*
 * 0 when the connection's role is an unprivileged application role: not a
 * superuser, cannot create roles, neither owns nor inherits the ownership of
 * a relation of schema public, cannot create in schema public nor in the
 * database. Otherwise -1 with the reasons in why; -1 with an empty why when
 * the check itself failed.
 */
int db_check_app_role(PGconn *conn, char *why, size_t whylen);

#endif

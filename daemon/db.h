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
 * schema is newer than this build. Returns the number applied, or -1.
 */
int db_migrate(PGconn *conn);

#endif

/*
 * server: runs the HTTP front end and the worker pool until SIGTERM/SIGINT
 * (graceful: stop accepting, finish in-flight requests). SIGHUP reloads the
 * reloadable keys from config_path. Returns 0 on a clean stop, -1 when it
 * could not start.
 */
#ifndef TRANSITD_SERVER_H
#define TRANSITD_SERVER_H

#include "config.h"

int server_run(const struct config *cfg, const char *config_path);

#endif

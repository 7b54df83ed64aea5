/*
 * clock: the daemon's one notion of "today". Every rule that depends on the
 * date asks clock_today(); the testing_today key (allowed only with
 * testing = true) pins it so integration tests can walk through time.
 */
#ifndef TRANSITD_CLOCK_H
#define TRANSITD_CLOCK_H

#include "bdate.h"
#include "config.h"

/* Takes testing_today from cfg (empty: the real local date). Thread-safe. */
void clock_configure(const struct config *cfg);
bdate_t clock_today(void);

#endif

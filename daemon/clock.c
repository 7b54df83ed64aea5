#include "clock.h"

#include <stdatomic.h>
#include <string.h>
#include <time.h>

/* Pinned date + 1, or 0 for "use the real date"; atomic because SIGHUP
 * changes it while workers read it. */
static _Atomic int64_t pinned;

void clock_configure(const struct config *cfg)
{
	bdate_t d;
	if (cfg->testing && cfg->testing_today[0] != '\0' &&
	    bdate_parse_iso(cfg->testing_today, strlen(cfg->testing_today), &d))
		atomic_store(&pinned, (int64_t)d + 1);
	else
		atomic_store(&pinned, 0);
}

bdate_t clock_today(void)
{
	int64_t p = atomic_load(&pinned);
	if (p != 0)
		return (bdate_t)(p - 1);
	/* The local civil date: the daemon runs in the operator's time zone
	 * (Europe/Brussels; set TZ in the service if the host differs). */
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	bdate_t d;
	if (!bdate_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &d))
		return 0;
	return d;
}

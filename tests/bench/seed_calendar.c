/*
 * The calendar core/conv.c gives a convention, for the benchmark's seed:
 * reads start dates (YYYY-MM-DD, one a line) on stdin and writes, for
 * each, one CSV line per period:
 *   start,number,start_on,end_on,latest_notification,posting_deadline
 * so that the seeded convention_periods rows (and the final ends and
 * renewal deadlines the seed derives from them) are the ones the API
 * would have stored, public holidays included.
 *
 * Usage: seed_calendar PERIOD_MONTHS MAX_PERIODS NOTICE_MONTHS LEAD_WORKING_DAYS
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conv.h"

int main(int argc, char **argv)
{
	struct params p = {{0}, {0}};
	char line[64];
	long lineno = 0;

	if (argc != 5) {
		fprintf(stderr, "usage: %s PERIOD_MONTHS MAX_PERIODS NOTICE_MONTHS LEAD_DAYS\n",
			argv[0]);
		return 2;
	}
	p.value[PARAM_PERIOD_MONTHS] = atoi(argv[1]);
	p.value[PARAM_MAX_PERIODS] = atoi(argv[2]);
	p.value[PARAM_NOTICE_MONTHS] = atoi(argv[3]);
	p.value[PARAM_REGISTERED_MAIL_LEAD_DAYS] = atoi(argv[4]);
	while (fgets(line, sizeof line, stdin) != NULL) {
		struct conv_calendar cal;
		bdate_t start;
		size_t n = strcspn(line, "\r\n");

		lineno++;
		if (!bdate_parse_iso(line, n, &start) || !conv_calendar(start, &p, &cal)) {
			fprintf(stderr, "seed_calendar: line %ld: no calendar for '%.*s'\n", lineno,
				(int)n, line);
			return 1;
		}
		for (int k = 0; k < cal.n_periods; k++) {
			const struct conv_period *pe = &cal.period[k];
			char s[BDATE_ISO_LEN], a[BDATE_ISO_LEN], b[BDATE_ISO_LEN],
			    ln[BDATE_ISO_LEN], pd[BDATE_ISO_LEN];

			bdate_format_iso(start, s);
			bdate_format_iso(pe->start, a);
			bdate_format_iso(pe->end, b);
			bdate_format_iso(pe->latest_notification, ln);
			bdate_format_iso(pe->posting_deadline, pd);
			printf("%s,%d,%s,%s,%s,%s\n", s, k + 1, a, b, ln, pd);
		}
	}
	return ferror(stdin) || fflush(stdout) != 0 ? 1 : 0;
}

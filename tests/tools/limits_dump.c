/*
 * Prints api_limits[] (api/field_limits.c), one row a line, for
 * scripts/check-limits.py (ctest `field_limits`): the script reads the
 * table the compiler built rather than parsing C.
 *
 * Line: name TAB min TAB max TAB sql TAB openapi, an empty field for NULL.
 */
#include <inttypes.h>
#include <stdio.h>

#include "field_limits.h"

int main(void)
{
	for (int i = 0; i < api_limits_count; i++) {
		const struct api_limit *l = &api_limits[i];
		printf("%s\t%" PRId64 "\t%" PRId64 "\t%s\t%s\n", l->name, l->min, l->max,
		       l->sql != NULL ? l->sql : "", l->openapi != NULL ? l->openapi : "");
	}
	return fflush(stdout) == 0 ? 0 : 1;
}

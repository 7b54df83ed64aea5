/*
 * daemon/config: config_load over arbitrary files. It must never crash;
 * an error names the file and a line of it ("FILE:LINE: message"); a file it
 * accepts holds no NUL byte and yields values within every key's bounds,
 * and writing that configuration back out as "key = \"value\"" lines reads
 * back identically.
 *
 * config.c is compiled into this harness (#include) for its key table, so
 * the product code stays as it is.
 */
#include "../../daemon/config.c"

#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>

#include "fuzz_support.h"

static char input_path[64], echo_path[64];

static void remove_files(void)
{
	unlink(input_path);
	unlink(echo_path);
}

static void make_file(char *path, size_t size)
{
	const char *dir = getenv("TMPDIR");
	snprintf(path, size, "%s/transitd-fuzz-config.XXXXXX", dir != NULL ? dir : "/tmp");
	int fd = mkstemp(path);
	FUZZ_CHECK(fd >= 0);
	close(fd);
}

static void write_file(const char *path, const void *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	FUZZ_CHECK(fd >= 0);
	FUZZ_CHECK(write(fd, data, size) == (ssize_t)size);
	close(fd);
}

/* Lines as fgets numbers them: the last one may lack its newline. */
static long count_lines(const uint8_t *data, size_t size)
{
	long n = 0;
	for (size_t i = 0; i < size; i++)
		n += data[i] == '\n';
	return n + (size > 0 && data[size - 1] != '\n');
}

/* "PATH:LINE: message" with 1 <= LINE <= lines. */
static void check_error(const char *err, const char *path, long lines)
{
	size_t pl = strlen(path);
	FUZZ_CHECK(strncmp(err, path, pl) == 0 && err[pl] == ':');
	char *end;
	long line = strtol(err + pl + 1, &end, 10);
	FUZZ_CHECK(end != err + pl + 1 && line >= 1 && line <= lines);
	FUZZ_CHECK(end[0] == ':' && end[1] == ' ' && end[2] != '\0');
}

static void check_values(const struct config *cfg)
{
	for (size_t i = 0; i < NKEYS; i++) {
		const struct cfg_key *k = &config_keys[i];
		const char *p = (const char *)cfg + k->offset;
		int iv;
		bool b;
		switch (k->type) {
		case CFG_STRING:
			FUZZ_CHECK(memchr(p, '\0', k->size) != NULL);
			break;
		case CFG_INT:
			memcpy(&iv, p, sizeof iv);
			FUZZ_CHECK(iv >= k->min && iv <= k->max);
			break;
		case CFG_BOOL:
			memcpy(&b, p, sizeof b);
			FUZZ_CHECK(b == true || b == false);
			break;
		}
	}
	enum log_level lvl;
	FUZZ_CHECK(log_level_parse(cfg->log_level, &lvl) == 0);
	bdate_t d;
	FUZZ_CHECK(
	    cfg->testing_today[0] == '\0' ||
	    (cfg->testing && bdate_parse_iso(cfg->testing_today, strlen(cfg->testing_today), &d)));
}

/* Every key, quoted so that spaces, '#' and quotes inside values survive. */
static size_t write_back(const struct config *cfg, char *out, size_t size)
{
	size_t n = 0;
	for (size_t i = 0; i < NKEYS; i++) {
		const struct cfg_key *k = &config_keys[i];
		const char *p = (const char *)cfg + k->offset;
		int iv;
		bool b;
		switch (k->type) {
		case CFG_STRING:
			n += (size_t)snprintf(out + n, size - n, "%s = \"%s\"\n", k->name, p);
			break;
		case CFG_INT:
			memcpy(&iv, p, sizeof iv);
			n += (size_t)snprintf(out + n, size - n, "%s = %d\n", k->name, iv);
			break;
		case CFG_BOOL:
			memcpy(&b, p, sizeof b);
			n += (size_t)snprintf(out + n, size - n, "%s = %s\n", k->name,
					      b ? "true" : "false");
			break;
		}
		FUZZ_CHECK(n < size);
	}
	return n;
}

/* Key by key: a shorter string leaves the bytes after its NUL as they were. */
static void check_same(const struct config *a, const struct config *b)
{
	for (size_t i = 0; i < NKEYS; i++) {
		const struct cfg_key *k = &config_keys[i];
		const char *pa = (const char *)a + k->offset, *pb = (const char *)b + k->offset;
		if (k->type == CFG_STRING)
			FUZZ_CHECK(strcmp(pa, pb) == 0);
		else
			FUZZ_CHECK(memcmp(pa, pb, k->size) == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (input_path[0] == '\0') {
		make_file(input_path, sizeof input_path);
		make_file(echo_path, sizeof echo_path);
		atexit(remove_files);
	}
	write_file(input_path, data, size);

	struct config cfg, again;
	char err[600] = "";
	config_defaults(&cfg);
	if (config_load(input_path, &cfg, err, sizeof err) != 0) {
		check_error(err, input_path, count_lines(data, size));
		return 0;
	}
	/* A NUL byte would hide the rest of its line: such a file is refused. */
	FUZZ_CHECK(memchr(data, '\0', size) == NULL);
	FUZZ_CHECK(err[0] == '\0');
	check_values(&cfg);

	static char text[8192];
	size_t n = write_back(&cfg, text, sizeof text);
	write_file(echo_path, text, n);
	config_defaults(&again);
	if (config_load(echo_path, &again, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		FUZZ_CHECK(!"an accepted configuration, written back, is refused");
	}
	check_same(&cfg, &again);
	return 0;
}
